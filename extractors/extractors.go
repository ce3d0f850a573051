// Package extractors turns an article's text into the annotations of the
// extraction contract: people, treaties, dates, quotes and events. It is
// pure: text and a publication time in, annotations out, no I/O. The same
// Extractor serves `herald extract`, the pipeline's workers and `herald eval`.
package extractors

import (
	"fmt"
	"strings"

	"github.com/herald-news/herald/extractors/dates"
	"github.com/herald-news/herald/extractors/events"
	"github.com/herald-news/herald/extractors/page"
	"github.com/herald-news/herald/extractors/people"
	"github.com/herald-news/herald/extractors/quotes"
	"github.com/herald-news/herald/extractors/schema"
	"github.com/herald-news/herald/extractors/text"
	"github.com/herald-news/herald/extractors/treaties"
)

// Version is the extractor version stamped on every event. Bump it when a
// change to any extractor changes its output: re-extraction replaces the
// events of older versions.
const Version = "0.1.0"

// Extractor runs every extractor over an article. It loads its models once;
// it is safe for concurrent use.
type Extractor struct {
	people   *people.Recognizer
	treaties *treaties.Finder
}

// New loads the models and gazetteers.
func New() (*Extractor, error) {
	p, err := people.New()
	if err != nil {
		return nil, fmt.Errorf("load people model: %w", err)
	}
	t, err := treaties.New()
	if err != nil {
		return nil, fmt.Errorf("load treaty gazetteer: %w", err)
	}
	return &Extractor{people: p, treaties: t}, nil
}

// Extract annotates one article. An article that carries HTML and no text
// has its main text and metadata extracted from the page first.
func (x *Extractor) Extract(a schema.Article) (schema.Document, error) {
	if a.Text == "" && a.HTML != "" {
		p, err := page.Extract([]byte(a.HTML), a.URL)
		if err != nil {
			return schema.Document{}, fmt.Errorf("extract page: %w", err)
		}
		a = p.Fill(a)
	}
	a.HTML = ""
	// Offsets are into the text as JSON will carry it: invalid UTF-8 would
	// come out as U+FFFD (three bytes) and shift every offset after it.
	a.Text = strings.ToValidUTF8(a.Text, "\uFFFD")
	if strings.TrimSpace(a.Text) == "" {
		return schema.Document{}, ErrEmpty
	}
	if a.OriginalSource == "" {
		a.OriginalSource = page.OriginalSource(a.Text)
	}

	d := text.Parse(a.Text)
	doc := schema.Document{Article: a, ExtractorVersion: Version}
	doc.People = x.people.Find(d)
	doc.Treaties = x.treaties.FindPublished(d, a.Published)
	doc.Dates = dates.Find(d, a.Published)
	doc.Quotes = quotes.Find(d, doc.People, doc.Dates)
	dates.Reanchor(d, doc.Dates, quoteAnchors(doc.Quotes))
	doc.Events = events.Find(d, &doc, Version)
	nonNil(&doc)
	return doc, nil
}

// quoteAnchors gives the stretches of text spoken at a known earlier date,
// so that "yesterday" inside them resolves against that date.
func quoteAnchors(qs []schema.Quote) []dates.Anchor {
	var out []dates.Anchor
	for _, q := range qs {
		if q.Said != nil && q.Said.Value != "" {
			out = append(out, dates.Anchor{Start: q.Start, End: q.End, Value: q.Said.Value})
		}
	}
	return out
}

// nonNil makes empty lists print as [] rather than null, as the contract
// shows them.
func nonNil(doc *schema.Document) {
	if doc.People == nil {
		doc.People = []schema.Person{}
	}
	if doc.Treaties == nil {
		doc.Treaties = []schema.Treaty{}
	}
	if doc.Dates == nil {
		doc.Dates = []schema.Date{}
	}
	if doc.Quotes == nil {
		doc.Quotes = []schema.Quote{}
	}
	if doc.Events == nil {
		doc.Events = []schema.Event{}
	}
}
