package main

import (
	"context"
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
	"github.com/herald-news/herald/extractors/text"
)

// The tempeval evaluation scores the dates extractor on TempEval-3's
// training data, TBAQ-cleaned (TimeBank and AQUAINT), read from the TimeML
// files themselves: the text between the tags is the article, the
// CREATION_TIME of <DCT> its publication date, each <TIMEX3> in <TEXT> a
// gold expression. It prints TempEval-3's measures per sub-corpus and
// overall.

func init() {
	registerEval(&evaluation{
		Name:    "tempeval",
		Summary: "time expressions on TempEval-3 TBAQ-cleaned (TimeBank, AQUAINT): span F1, value F1, type accuracy",
		Run:     runTempEval,
	})
}

// timemlDoc is one TimeML file reduced to plain text and gold expressions.
type timemlDoc struct {
	Name string
	Text string
	DCT  time.Time
	Gold []timexSpan
}

// timexSpan is a time expression, gold or found, in byte offsets of Text.
type timexSpan struct {
	Start, End  int
	Type, Value string
}

func runTempEval(ctx context.Context, e *env, dataDir string, args []string) error {
	fs := newFlagSet(e, "eval tempeval", "")
	nErr := fs.Int("errors", 0, "print up to `N` misses, spurious finds, wrong values and inexact spans per sub-corpus")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	root := filepath.Join(dataDir, "tempeval3", "TBAQ-cleaned")
	if _, err := os.Stat(root); err != nil {
		fmt.Fprintf(e.Stderr, "herald eval tempeval: %s not found (set --data or HERALD_EVAL_DATA); skipping\n", root)
		return nil
	}
	var total teScore
	fmt.Fprintf(e.Stdout, "%-9s %5s %5s %5s | %-17s | %-17s | %6s %6s %6s\n",
		"corpus", "docs", "gold", "found", "strict P/R/F1", "relaxed P/R/F1", "val.acc", "val.F1", "type.acc")
	for _, sub := range []string{"TimeBank", "AQUAINT"} {
		if err := ctx.Err(); err != nil {
			return err
		}
		files, err := filepath.Glob(filepath.Join(root, sub, "*.tml"))
		if err != nil {
			return fmt.Errorf("list %s: %w", sub, err)
		}
		sort.Strings(files)
		var s teScore
		errs := 0
		for _, f := range files {
			doc, err := readTimeML(f)
			if err != nil {
				return err
			}
			t0 := time.Now()
			found := dates.Find(text.Parse(doc.Text), doc.DCT)
			s.elapsed += time.Since(t0)
			s.bytes += len(doc.Text)
			sys := make([]timexSpan, len(found))
			for i, d := range found {
				sys[i] = timexSpan{Start: d.Start, End: d.End, Type: d.Type, Value: d.Value}
			}
			s.docs++
			for _, m := range s.add(doc.Gold, sys) {
				if errs < *nErr {
					errs++
					fmt.Fprintf(e.Stderr, "%s %s: %s\n", sub, doc.Name, m.describe(doc.Text))
				}
			}
		}
		s.print(e.Stdout, sub)
		total.merge(s)
	}
	total.print(e.Stdout, "overall")
	fmt.Fprintf(e.Stdout, "\nvalue F1 = relaxed F1 x value accuracy (TempEval-3); %d docs, %.1f MB/s through text.Parse + dates.Find\n",
		total.docs, float64(total.bytes)/total.elapsed.Seconds()/1e6)
	return nil
}

// readTimeML reads one TimeML file: the text of <TEXT> with its <TIMEX3>
// spans, and the DCT.
func readTimeML(path string) (timemlDoc, error) {
	f, err := os.Open(path)
	if err != nil {
		return timemlDoc{}, fmt.Errorf("read TimeML: %w", err)
	}
	defer f.Close()
	doc := timemlDoc{Name: filepath.Base(path)}
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
			return timemlDoc{}, fmt.Errorf("parse %s: %w", path, err)
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
					doc.Gold = append(doc.Gold, timexSpan{Start: o.start, End: b.Len(), Type: o.typ, Value: o.value})
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
		return timemlDoc{}, fmt.Errorf("%s: no CREATION_TIME in <DCT>", path)
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

// teScore accumulates TempEval-3's timex measures.
type teScore struct {
	docs, gold, sys int
	strict, relaxed int // matched pairs: exact spans, overlapping spans
	value, typ      int // relaxed pairs with equal value, equal type
	bytes           int
	elapsed         time.Duration
}

// teMiss is one disagreement, for --errors.
type teMiss struct {
	kind      string
	gold, sys *timexSpan
}

func (m teMiss) describe(txt string) string {
	show := func(s *timexSpan) string {
		return fmt.Sprintf("%q %s %s", txt[s.Start:s.End], s.Type, s.Value)
	}
	var out string
	at := m.gold
	switch {
	case m.gold == nil:
		out, at = m.kind+"  "+show(m.sys), m.sys
	case m.sys == nil:
		out = m.kind + "  " + show(m.gold)
	default:
		out = m.kind + "  gold " + show(m.gold) + "  found " + show(m.sys)
	}
	a, b := max(0, at.Start-70), min(len(txt), at.End+70)
	return out + "\t… " + strings.Join(strings.Fields(txt[a:b]), " ")
}

// add scores one document. Gold and found expressions are paired one to
// one, in text order, when their spans overlap.
func (s *teScore) add(gold, sys []timexSpan) []teMiss {
	s.gold += len(gold)
	s.sys += len(sys)
	var misses []teMiss
	used := make([]bool, len(gold))
	for i := range sys {
		y := &sys[i]
		matched := false
		for j := range gold {
			g := &gold[j]
			if used[j] || g.End <= y.Start || y.End <= g.Start {
				continue
			}
			used[j], matched = true, true
			s.relaxed++
			exact := g.Start == y.Start && g.End == y.End
			if exact {
				s.strict++
			}
			switch {
			case !sameValue(g.Value, y.Value):
				misses = append(misses, teMiss{kind: "value", gold: g, sys: y})
			case !exact:
				s.value++
				misses = append(misses, teMiss{kind: "span", gold: g, sys: y})
			default:
				s.value++
			}
			if g.Type == y.Type {
				s.typ++
			}
			break
		}
		if !matched {
			misses = append(misses, teMiss{kind: "spurious", sys: y})
		}
	}
	for j := range gold {
		if !used[j] {
			misses = append(misses, teMiss{kind: "missed", gold: &gold[j]})
		}
	}
	return misses
}

// sameValue compares TIMEX3 values. TimeML 1.2 writes a decade with three
// digits ("198"), the contract with an X ("198X"): the one equivalence
// allowed.
func sameValue(gold, found string) bool {
	if len(gold) == 3 && strings.Trim(gold, "0123456789") == "" {
		gold += "X"
	}
	return gold == found
}

func (s *teScore) merge(o teScore) {
	s.docs += o.docs
	s.gold += o.gold
	s.sys += o.sys
	s.strict += o.strict
	s.relaxed += o.relaxed
	s.value += o.value
	s.typ += o.typ
	s.bytes += o.bytes
	s.elapsed += o.elapsed
}

func prf(match, sys, gold int) (p, r, f float64) {
	if sys > 0 {
		p = float64(match) / float64(sys)
	}
	if gold > 0 {
		r = float64(match) / float64(gold)
	}
	if p+r > 0 {
		f = 2 * p * r / (p + r)
	}
	return p, r, f
}

func (s *teScore) print(w io.Writer, name string) {
	sp, sr, sf := prf(s.strict, s.sys, s.gold)
	rp, rr, rf := prf(s.relaxed, s.sys, s.gold)
	va, ta := 0.0, 0.0
	if s.relaxed > 0 {
		va = float64(s.value) / float64(s.relaxed)
		ta = float64(s.typ) / float64(s.relaxed)
	}
	fmt.Fprintf(w, "%-9s %5d %5d %5d | %.3f %.3f %.3f | %.3f %.3f %.3f | %6.3f %6.3f %6.3f\n",
		name, s.docs, s.gold, s.sys, sp, sr, sf, rp, rr, rf, va, rf*va, ta)
}
