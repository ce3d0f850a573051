// Package timeml reads TimeML files (TempEval-3's TimeBank and AQUAINT) as
// plain text with gold time expressions, and scores found expressions with
// TempEval-3's measures. `herald eval tempeval` and the dates package's
// regression test share it.
package timeml

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/herald-news/herald/extractors/dates"
)

// Doc is one TimeML file reduced to plain text and gold expressions.
type Doc struct {
	Name string
	Text string    // the text between the tags of <TEXT>
	DCT  time.Time // the CREATION_TIME of <DCT>
	Gold []Timex   // the <TIMEX3> of <TEXT>, in text order
}

// Timex is a time expression, gold or found, in byte offsets of Doc.Text.
type Timex struct {
	Start, End  int
	Type, Value string
}

// Read reads one TimeML file.
func Read(path string) (Doc, error) {
	f, err := os.Open(path)
	if err != nil {
		return Doc{}, fmt.Errorf("read TimeML: %w", err)
	}
	defer f.Close()
	doc := Doc{Name: filepath.Base(path)}
	dec := xml.NewDecoder(f)
	var b strings.Builder
	inText := false
	type open struct {
		start      int
		typ, value string
	}
	var stack []open
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return Doc{}, fmt.Errorf("parse %s: %w", path, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "TEXT":
				inText = true
			case "TIMEX3":
				a := attrs(t.Attr)
				if a["functionInDocument"] == "CREATION_TIME" && !inText {
					if v, ok := dates.ParseValue(a["value"]); ok {
						doc.DCT = v
					}
				}
				if inText {
					stack = append(stack, open{start: b.Len(), typ: a["type"], value: a["value"]})
				}
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "TEXT":
				inText = false
			case "TIMEX3":
				if inText && len(stack) > 0 {
					o := stack[len(stack)-1]
					stack = stack[:len(stack)-1]
					doc.Gold = append(doc.Gold, Timex{Start: o.start, End: b.Len(), Type: o.typ, Value: o.value})
				}
			}
		case xml.CharData:
			if inText {
				b.Write(t)
			}
		}
	}
	doc.Text = b.String()
	if doc.DCT.IsZero() {
		return Doc{}, fmt.Errorf("%s: no CREATION_TIME in <DCT>", path)
	}
	sort.Slice(doc.Gold, func(i, j int) bool { return doc.Gold[i].Start < doc.Gold[j].Start })
	return doc, nil
}

func attrs(as []xml.Attr) map[string]string {
	m := make(map[string]string, len(as))
	for _, a := range as {
		m[a.Name.Local] = a.Value
	}
	return m
}

// Score accumulates TempEval-3's timex measures.
type Score struct {
	Docs, Gold, Found int
	Strict, Relaxed   int // pairs with the same span, pairs whose spans overlap
	Value, Type       int // overlapping pairs with equal value, equal type
}

// Miss is one disagreement: Kind is "missed", "spurious", "value" (the
// values differ) or "span" (equal values, different spans).
type Miss struct {
	Kind      string
	Gold, Sys *Timex
}

// Describe shows the miss with its context in txt.
func (m Miss) Describe(txt string) string {
	show := func(s *Timex) string {
		return fmt.Sprintf("%q %s %s", txt[s.Start:s.End], s.Type, s.Value)
	}
	var out string
	at := m.Gold
	switch {
	case m.Gold == nil:
		out, at = m.Kind+"  "+show(m.Sys), m.Sys
	case m.Sys == nil:
		out = m.Kind + "  " + show(m.Gold)
	default:
		out = m.Kind + "  gold " + show(m.Gold) + "  found " + show(m.Sys)
	}
	a, b := max(0, at.Start-70), min(len(txt), at.End+70)
	return out + "\t… " + strings.Join(strings.Fields(txt[a:b]), " ")
}

// Add scores one document. Gold and found expressions are paired one to
// one, in text order, when their spans overlap.
func (s *Score) Add(gold, found []Timex) []Miss {
	s.Docs++
	s.Gold += len(gold)
	s.Found += len(found)
	var misses []Miss
	used := make([]bool, len(gold))
	for i := range found {
		y := &found[i]
		matched := false
		for j := range gold {
			g := &gold[j]
			if used[j] || g.End <= y.Start || y.End <= g.Start {
				continue
			}
			used[j], matched = true, true
			s.Relaxed++
			exact := g.Start == y.Start && g.End == y.End
			if exact {
				s.Strict++
			}
			switch {
			case !SameValue(g.Value, y.Value):
				misses = append(misses, Miss{Kind: "value", Gold: g, Sys: y})
			case !exact:
				s.Value++
				misses = append(misses, Miss{Kind: "span", Gold: g, Sys: y})
			default:
				s.Value++
			}
			if g.Type == y.Type {
				s.Type++
			}
			break
		}
		if !matched {
			misses = append(misses, Miss{Kind: "spurious", Sys: y})
		}
	}
	for j := range gold {
		if !used[j] {
			misses = append(misses, Miss{Kind: "missed", Gold: &gold[j]})
		}
	}
	return misses
}

// SameValue compares TIMEX3 values. TimeML 1.2 writes a decade with three
// digits ("198"), the contract with an X ("198X"): the one equivalence
// allowed.
func SameValue(gold, found string) bool {
	if len(gold) == 3 && strings.Trim(gold, "0123456789") == "" {
		gold += "X"
	}
	return gold == found
}

// Merge adds o's counts to s.
func (s *Score) Merge(o Score) {
	s.Docs += o.Docs
	s.Gold += o.Gold
	s.Found += o.Found
	s.Strict += o.Strict
	s.Relaxed += o.Relaxed
	s.Value += o.Value
	s.Type += o.Type
}

// PRF is precision, recall and F1.
type PRF struct{ P, R, F1 float64 }

func prf(match, found, gold int) PRF {
	var m PRF
	if found > 0 {
		m.P = float64(match) / float64(found)
	}
	if gold > 0 {
		m.R = float64(match) / float64(gold)
	}
	if m.P+m.R > 0 {
		m.F1 = 2 * m.P * m.R / (m.P + m.R)
	}
	return m
}

// StrictSpan is P/R/F1 of exactly equal spans.
func (s Score) StrictSpan() PRF { return prf(s.Strict, s.Found, s.Gold) }

// RelaxedSpan is P/R/F1 of overlapping spans.
func (s Score) RelaxedSpan() PRF { return prf(s.Relaxed, s.Found, s.Gold) }

// ValueAccuracy is the share of overlapping pairs with equal values.
func (s Score) ValueAccuracy() float64 { return ratio(s.Value, s.Relaxed) }

// TypeAccuracy is the share of overlapping pairs with equal types.
func (s Score) TypeAccuracy() float64 { return ratio(s.Type, s.Relaxed) }

// ValueF1 is relaxed F1 times value accuracy, as TempEval-3's scorer
// computes its attribute F1.
func (s Score) ValueF1() float64 { return s.RelaxedSpan().F1 * s.ValueAccuracy() }

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// Corpora are the sub-corpora of TBAQ-cleaned, in the order they are
// reported.
var Corpora = []string{"TimeBank", "AQUAINT"}

// Files lists the TimeML files of sub-corpus sub under root
// (…/tempeval3/TBAQ-cleaned), sorted.
func Files(root, sub string) ([]string, error) {
	files, err := filepath.Glob(filepath.Join(root, sub, "*.tml"))
	if err != nil {
		return nil, fmt.Errorf("list %s: %w", sub, err)
	}
	sort.Strings(files)
	return files, nil
}
