// Package events builds event records from an article's people, treaties,
// dates, places and quotes.
package events

import (
	"github.com/herald-news/herald/extractors/schema"
	"github.com/herald-news/herald/extractors/text"
)

// Find returns the events of the annotated document doc, whose text d is.
func Find(d *text.Doc, doc *schema.Document, version string) []schema.Event { return nil }
