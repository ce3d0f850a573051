// Package dates finds temporal expressions and normalises them to TimeML
// TIMEX3 values against the article's publication time.
//
// The grammar is written by hand (grammar.go): one function per kind of
// expression, reading the segmenter's tokens, with its word tables in
// lexicon.go. Nothing is compiled per article and nothing reads the wall
// clock: the same text and publication time always give the same values.
// Relative expressions resolve in the publisher's local day (the calendar
// day of published in its own location); the tense of the clause decides
// which way a bare weekday, month or season points (tense.go).
package dates

import (
	"strings"
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
func Find(d *text.Doc, published time.Time) []schema.Date {
	p := newParser(d)
	r := newRef(published)
	var c discourse
	var out []schema.Date
	for _, m := range p.scan() {
		v := m.val(r, &c)
		if v == "" {
			continue
		}
		if m.quarter {
			c.note(v, d.SentenceAt(d.Tokens[m.first].Start))
		}
		if !m.narrative && (m.typ == schema.TypeDate || m.typ == schema.TypeTime) {
			c.noteDate(v, d.SentenceAt(d.Tokens[m.first].Start))
		}
		start, end := p.span(m)
		out = append(out, schema.Date{Text: d.Text[start:end], Value: v, Type: m.typ, Start: start, End: end})
	}
	return out
}

// note records a quarter value ("1989-Q3") named in sentence s.
func (c *discourse) note(v string, s int) {
	if len(v) != 7 || v[4:6] != "-Q" || v[0] == 'X' {
		return
	}
	c.qYear, c.q, c.qSent = atoi(v[:4]), int(v[6]-'0'), s
}

// noteDate records v, named in sentence s, as the last calendar date
// named, when it is one ("2019-01-16", "2019-01", "2019"; a time counts by
// its day).
func (c *discourse) noteDate(v string, s int) {
	if i := strings.IndexByte(v, 'T'); i > 0 {
		v = v[:i]
	}
	if _, ok := ParseValue(v); ok {
		c.last = v
		if len(v) == len("2006-01-02") {
			c.lastDay, c.daySent = v, s
		}
	}
}

// span gives the byte span of m, without a possessive "'s" at its end.
func (p *parser) span(m match) (int, int) {
	start := p.d.Tokens[m.first].Start
	last := p.d.Tokens[m.last-1]
	end := last.End
	if p.poss[m.last-1] {
		for _, s := range []string{"'s", "’s"} {
			if strings.HasSuffix(last.Text, s) {
				end -= len(s)
				break
			}
		}
	}
	return start, end
}

// Reanchor resolves again, in place, the dates of ds that fall inside an
// anchor, against the anchor's value: "yesterday" in words quoted from
// January 16 is January 15 whenever the article was published. Only dates
// whose value depends on the reference change; those whose value changes
// record the anchor in Date.Anchor. Anchors whose value is no calendar day
// are ignored.
func Reanchor(d *text.Doc, ds []schema.Date, anchors []Anchor) {
	var p *parser
	for i := range ds {
		dt := &ds[i]
		for _, a := range anchors {
			if dt.Start < a.Start || dt.End > a.End {
				continue
			}
			t, ok := ParseValue(a.Value)
			if !ok || len(a.Value) < len("2006-01-02") {
				continue
			}
			if p == nil {
				p = newParser(d)
			}
			tok := d.TokenAt(dt.Start)
			m, ok := p.best(tok)
			if !ok || !m.rel {
				break
			}
			if s, e := p.span(m); s != dt.Start || e != dt.End {
				break
			}
			// Date.Anchor marks a value resolved against another moment than
			// the publication: when the words were said on the day of
			// publication, nothing changes and nothing is marked.
			if v := m.val(newRef(t), nil); v != dt.Value {
				dt.Value = v
				dt.Anchor = a.Value[:len("2006-01-02")]
			}
			break
		}
	}
}
