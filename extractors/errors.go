package extractors

import "errors"

// ErrEmpty is returned for an article with no text to extract from. It is
// permanent: retrying the same article cannot succeed.
var ErrEmpty = errors.New("article has no text")
