// Package quotes finds quoted remarks and who said them.
package quotes

import (
	"github.com/herald-news/herald/extractors/schema"
	"github.com/herald-news/herald/extractors/text"
)

// Find returns the quotes of d, with speakers resolved to people's full
// names where the speaker is a person.
func Find(d *text.Doc, people []schema.Person, ds []schema.Date) []schema.Quote { return nil }
