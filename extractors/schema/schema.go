// Package schema holds the annotated-article and event records of herald's
// extraction contract (see README, "The extraction contract"). Every stage,
// sink and subscriber exchanges these shapes as JSON; fields may be added,
// never renamed or dropped.
package schema

import "time"

// Article is one news article as it enters the pipeline.
type Article struct {
	ID             string    `json:"id"`
	URL            string    `json:"url,omitempty"`
	Title          string    `json:"title,omitempty"`
	Published      time.Time `json:"published,omitzero"`
	Source         string    `json:"source,omitempty"`
	OriginalSource string    `json:"original_source,omitempty"`
	Language       string    `json:"language,omitempty"`
	// Text is the plain main text; every offset in a Document points into it.
	Text string `json:"text"`
	// HTML is the raw page when the article arrives unextracted. It is
	// replaced by Text before extraction and never stored on the document.
	HTML string `json:"html,omitempty"`
	// Fetched is when herald fetched the article, when it did.
	Fetched time.Time `json:"fetched,omitzero"`
}

// Mention is a span of Article.Text. Start and End are UTF-8 byte offsets,
// End exclusive.
type Mention struct {
	Text  string `json:"text"`
	Start int    `json:"start"`
	End   int    `json:"end"`
}

// Person is one person named in the article, with every mention of them.
type Person struct {
	Name     string    `json:"name"`
	Titles   []string  `json:"titles,omitempty"`
	Country  string    `json:"country,omitempty"`
	Gender   string    `json:"gender,omitempty"` // "female" or "male", from honorifics, titles and resolved he/she
	Mentions []Mention `json:"mentions"`
}

// Treaty is one treaty, convention, accord or agreement between states,
// with every form it takes in the article.
type Treaty struct {
	Name     string    `json:"name"`
	Short    string    `json:"short,omitempty"`
	Aliases  []string  `json:"aliases,omitempty"`
	Year     int       `json:"year,omitempty"`
	Mentions []Mention `json:"mentions"`
}

// Date types, as in TimeML's TIMEX3.
const (
	TypeDate     = "DATE"
	TypeTime     = "TIME"
	TypeDuration = "DURATION"
	TypeSet      = "SET"
)

// Date is one temporal expression normalised to a TIMEX3 value.
type Date struct {
	Text  string `json:"text"`
	Value string `json:"value"`
	Type  string `json:"type"`
	Start int    `json:"start"`
	End   int    `json:"end"`
	// Anchor is the TIMEX3 value of the moment Value was resolved against
	// when that is not the publication date (words quoted from earlier).
	Anchor string `json:"anchor,omitempty"`
}

// Quote kinds.
const (
	KindDirect  = "direct"
	KindPartial = "partial"
)

// Quote is one quoted remark and who said it.
type Quote struct {
	Text           string   `json:"text"`
	Speaker        string   `json:"speaker,omitempty"`
	Kind           string   `json:"kind"`
	Start          int      `json:"start"`
	End            int      `json:"end"`
	SpeakerMention *Mention `json:"speaker_mention,omitempty"`
	// Said is when the words were said, where the article says so.
	Said *DateRef `json:"said,omitempty"`
}

// DateRef names a date by its text and TIMEX3 value.
type DateRef struct {
	Text  string `json:"text"`
	Value string `json:"value"`
}

// Place is where an event happened.
type Place struct {
	Name    string `json:"name"`
	Country string `json:"country,omitempty"`
}

// Span is a stretch of Article.Text, in UTF-8 byte offsets.
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Event is one record of something that happened, or is planned: a
// meeting, a statement, a withdrawal.
type Event struct {
	ID               string   `json:"id"`
	Key              string   `json:"key,omitempty"`
	Type             string   `json:"type"`
	CAMEO            string   `json:"cameo,omitempty"`
	Label            string   `json:"label"`
	Date             *DateRef `json:"date,omitempty"`
	Location         *Place   `json:"location,omitempty"`
	Participants     []string `json:"participants"`
	People           []string `json:"people"`
	Treaties         []string `json:"treaties"`
	Quotes           []int    `json:"quotes"`
	Evidence         []Span   `json:"evidence"`
	Confidence       float64  `json:"confidence"`
	Planned          bool     `json:"planned,omitempty"`
	ArticleID        string   `json:"article_id"`
	ExtractorVersion string   `json:"extractor_version"`
	// Published is the publication time of the article the event was
	// extracted from; subscribers filter on it.
	Published time.Time `json:"published,omitzero"`
}

// Document is the annotated article: what `herald extract` prints, one JSON
// line per article, and what the extraction stage publishes.
type Document struct {
	Article  Article  `json:"article"`
	People   []Person `json:"people"`
	Treaties []Treaty `json:"treaties"`
	Dates    []Date   `json:"dates"`
	Quotes   []Quote  `json:"quotes"`
	Events   []Event  `json:"events"`
	// ExtractorVersion is the version of the extractors that made the
	// document, whether or not it holds events.
	ExtractorVersion string `json:"extractor_version,omitempty"`
}
