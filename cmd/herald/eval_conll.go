package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/jdkato/prose/v2"

	"github.com/herald-news/herald/extractors/people"
	"github.com/herald-news/herald/extractors/text"
)

func init() {
	registerEval(&evaluation{
		Name:    "conll",
		Summary: "PER F1 (exact span, conlleval) on CoNLL-2003 eng.testa: herald beside prose",
		Run:     runEvalCoNLL,
	})
}

// conllDoc is one CoNLL-2003 document: its sentences' tokens and the gold
// PER spans, as token indexes into the whole document.
type conllDoc struct {
	sents [][]string
	gold  []tokSpan
}

type tokSpan struct{ start, end int } // document token indexes, end exclusive

// runEvalCoNLL rebuilds each document of the CoNLL file as plain text (one
// sentence a line, tokens separated by spaces), runs herald's people
// recogniser and prose's default pipeline on that same text, maps the
// names each finds back to CoNLL's tokens and scores PER by the conlleval
// rules: a name counts only when both its boundaries are exact.
func runEvalCoNLL(ctx context.Context, e *env, dataDir string, args []string) error {
	flags := newFlagSet(e, "eval conll", "")
	file := flags.String("file", filepath.Join("conll2003", "eng.testa"), "CoNLL-2003 file, relative to --data")
	noProse := flags.Bool("no-prose", false, "score herald alone")
	showErrors := flags.Bool("errors", false, "print herald's missed and wrong names")
	if err := parseFlags(flags, args); err != nil {
		return err
	}
	path := filepath.Join(dataDir, *file)
	docs, err := readCoNLL(path)
	if errors.Is(err, fs.ErrNotExist) {
		fmt.Fprintf(e.Stdout, "conll: skipped: %s not found (the CoNLL-2003 data is read from --data, default ../shared/data)\n", path)
		return nil
	}
	if err != nil {
		return err
	}
	r, err := people.New()
	if err != nil {
		return err
	}
	var herald, pr score
	var heraldTime, proseTime time.Duration
	var proseModel *prose.Model
	if !*noProse {
		// Load prose's model before the clock starts, as people.New loads
		// herald's: the times compare tagging, not loading.
		pd, err := prose.NewDocument("Load.")
		if err != nil {
			return fmt.Errorf("prose: %w", err)
		}
		proseModel = pd.Model
	}
	for _, doc := range docs {
		if err := ctx.Err(); err != nil {
			return err
		}
		src, starts, ends := doc.text()
		t0 := time.Now()
		var found []span
		for _, m := range r.Names(text.Parse(src)) {
			found = append(found, span{m.Start, m.End})
		}
		heraldTime += time.Since(t0)
		herald.add(doc.gold, toTokens(found, starts, ends))
		if *showErrors {
			printCoNLLErrors(e, src, doc.gold, found, starts, ends)
		}
		if *noProse {
			continue
		}
		t0 = time.Now()
		pd, err := prose.NewDocument(src, prose.UsingModel(proseModel))
		if err != nil {
			return fmt.Errorf("prose: %w", err)
		}
		found = proseNames(src, pd)
		proseTime += time.Since(t0)
		pr.add(doc.gold, toTokens(found, starts, ends))
	}
	nsent := 0
	for _, d := range docs {
		nsent += len(d.sents)
	}
	fmt.Fprintf(e.Stdout, "CoNLL-2003 %s: %d documents, %d sentences, %d gold PER\n", filepath.Base(path), len(docs), nsent, herald.gold)
	fmt.Fprintf(e.Stdout, "%-8s %9s %9s %9s %7s %7s %9s\n", "system", "PER P", "PER R", "PER F1", "found", "right", "time")
	herald.print(e, "herald", heraldTime)
	if !*noProse {
		pr.print(e, "prose", proseTime)
	}
	return nil
}

type span struct{ start, end int } // byte offsets

type score struct{ gold, found, right int }

func (s *score) add(gold, found []tokSpan) {
	g := map[tokSpan]bool{}
	for _, x := range gold {
		g[x] = true
	}
	s.gold += len(gold)
	s.found += len(found)
	for _, x := range found {
		if g[x] {
			s.right++
			delete(g, x)
		}
	}
}

func (s score) print(e *env, name string, d time.Duration) {
	p, r, f := prf(s.right, s.found, s.gold)
	fmt.Fprintf(e.Stdout, "%-8s %9.4f %9.4f %9.4f %7d %7d %9s\n", name, p, r, f, s.found, s.right, d.Round(time.Millisecond))
}

// text rebuilds the document: one sentence a line, tokens joined by
// spaces. It returns the byte offsets where each token starts and ends.
func (d conllDoc) text() (string, map[int]int, map[int]int) {
	var b strings.Builder
	starts, ends := map[int]int{}, map[int]int{}
	k := 0
	for _, s := range d.sents {
		for i, w := range s {
			if i > 0 {
				b.WriteByte(' ')
			}
			starts[b.Len()] = k
			b.WriteString(w)
			ends[b.Len()] = k
			k++
		}
		b.WriteByte('\n')
	}
	return b.String(), starts, ends
}

// toTokens maps byte spans to token spans; a span whose boundaries are not
// token boundaries maps to an impossible span, so that it counts as wrong.
func toTokens(found []span, starts, ends map[int]int) []tokSpan {
	out := make([]tokSpan, 0, len(found))
	for _, f := range found {
		a, ok1 := starts[f.start]
		b, ok2 := ends[f.end]
		if !ok1 || !ok2 {
			out = append(out, tokSpan{-1 - f.start, -1})
			continue
		}
		out = append(out, tokSpan{a, b + 1})
	}
	return out
}

// proseNames finds prose's PERSON entities in src. prose gives an entity's
// words joined by spaces and no offsets; entities come in text order, so
// each is looked for after the one before.
func proseNames(src string, pd *prose.Document) []span {
	var out []span
	at := 0
	for _, ent := range pd.Entities() {
		i := strings.Index(src[at:], ent.Text)
		if i < 0 {
			if ent.Label == "PERSON" {
				out = append(out, span{-1, -1}) // cannot be placed: wrong
			}
			continue
		}
		a := at + i
		b := a + len(ent.Text)
		at = b
		if ent.Label == "PERSON" {
			out = append(out, span{a, b})
		}
	}
	return out
}

// readCoNLL reads a CoNLL-2003 file: token POS chunk NER a line, IOB1,
// blank lines between sentences, -DOCSTART- lines between documents.
func readCoNLL(path string) ([]conllDoc, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var docs []conllDoc
	var cur conllDoc
	var sent []string
	k := 0         // token index in the document
	prev := "O"    // previous NER tag, for IOB1
	perStart := -1 // start of the PER chunk being read
	closePer := func() {
		if perStart >= 0 {
			cur.gold = append(cur.gold, tokSpan{perStart, k})
			perStart = -1
		}
	}
	endSent := func() {
		closePer()
		if len(sent) > 0 {
			cur.sents = append(cur.sents, sent)
			sent = nil
		}
		prev = "O"
	}
	endDoc := func() {
		endSent()
		if len(cur.sents) > 0 {
			docs = append(docs, cur)
		}
		cur, k = conllDoc{}, 0
	}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<16), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		fl := strings.Fields(sc.Text())
		switch {
		case len(fl) == 0:
			endSent()
			continue
		case fl[0] == "-DOCSTART-":
			endDoc()
			continue
		case len(fl) < 2:
			return nil, fmt.Errorf("%s:%d: want a token and a tag", path, line)
		}
		tag := fl[len(fl)-1]
		// conlleval: a chunk starts at B-, or at I- after another type.
		starts := strings.HasPrefix(tag, "B-") || (tag != "O" && tag[2:] != typeOf(prev))
		if tag == "O" || starts {
			closePer()
		}
		if starts && tag[2:] == "PER" {
			perStart = k
		}
		sent = append(sent, fl[0])
		prev = tag
		k++
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	endDoc()
	return docs, nil
}

func typeOf(tag string) string {
	if len(tag) < 2 {
		return ""
	}
	return tag[2:]
}

// printCoNLLErrors prints the gold names herald missed ("-") and the names
// it found that are not gold ("+"), each with its line.
func printCoNLLErrors(e *env, src string, gold []tokSpan, found []span, starts, ends map[int]int) {
	off := map[int]int{} // token index -> start offset
	endOff := map[int]int{}
	for o, k := range starts {
		off[k] = o
	}
	for o, k := range ends {
		endOff[k] = o
	}
	g := map[tokSpan]bool{}
	for _, x := range gold {
		g[x] = true
	}
	f := map[tokSpan]bool{}
	line := func(a int) string {
		i := strings.LastIndexByte(src[:max(a, 0)], '\n') + 1
		j := strings.IndexByte(src[i:], '\n')
		if j < 0 {
			j = len(src) - i
		}
		return src[i : i+j]
	}
	for k, x := range toTokens(found, starts, ends) {
		f[x] = true
		if !g[x] {
			fmt.Fprintf(e.Stdout, "+ %-30q %s\n", src[found[k].start:found[k].end], line(found[k].start))
		}
	}
	for _, x := range gold {
		if !f[x] {
			a, b := off[x.start], endOff[x.end-1]
			fmt.Fprintf(e.Stdout, "- %-30q %s\n", src[a:b], line(a))
		}
	}
}
