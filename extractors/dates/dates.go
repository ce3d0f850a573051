// Package dates finds temporal expressions and normalises them to TimeML
// TIMEX3 values against the article's publication time.
package dates

import (
	"time"

	"github.com/herald-news/herald/extractors/schema"
	"github.com/herald-news/herald/extractors/text"
)

// Anchor is a stretch of text, [Start, End) in bytes, whose relative dates
// resolve against Value (a TIMEX3 date) rather than the publication date.
type Anchor struct {
	Start, End int
	Value      string
}

// Find returns the temporal expressions of d, resolved against published
// (the zero time when unknown: years then stay XXXX).
func Find(d *text.Doc, published time.Time) []schema.Date { return nil }

// Reanchor resolves again, in place, the dates of ds that fall inside an
// anchor, against the anchor's value.
func Reanchor(d *text.Doc, ds []schema.Date, anchors []Anchor) {}
