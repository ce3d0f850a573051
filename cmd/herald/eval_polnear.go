package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/herald-news/herald/extractors"
	"github.com/herald-news/herald/extractors/geo"
	"github.com/herald-news/herald/extractors/schema"
)

func init() {
	registerEval(&evaluation{
		Name:    "polnear",
		Summary: "direct quotes and their speakers on PolNeAR (quote P/R/F1, speaker accuracy)",
		Run:     runEvalPolNeAR,
	})
}

// PolNeAR is brat standoff: text/NAME.txt beside attributions/NAME_ANNOTATORS.ann,
// with Source, Cue and Content spans (character offsets, discontinuous
// spans joined by ";") tied together by Attribution events.
//
// Gold: every fragment of an attribution's Content that starts with a
// quotation mark is one direct quote, its speaker the attribution's Source.
// A fragment is one contiguous piece of a Content ("“A,” he said. “B.”" is
// one Content of two fragments, and two quotes here, as herald gives them).

type pnQuote struct {
	start, end int    // bytes, quotation marks trimmed
	source     string // Source span text, "" when none
	named      bool   // whether source names someone (see pnHead)
	head       string // folded name of the source
}

type pnDoc struct {
	name      string
	text      string
	published time.Time
	direct    []pnQuote
	indirect  [][2]int // Content fragments that do not start with a quotation mark
}

func runEvalPolNeAR(ctx context.Context, e *env, dataDir string, args []string) error {
	fs := newFlagSet(e, "eval polnear", "")
	split := fs.String("split", "dev,train", "comma-separated splits to score: dev, train")
	verbose := fs.Bool("v", false, "list every missed, spurious and wrongly attributed quote on standard error")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	root := filepath.Join(dataDir, "polnear")
	if _, err := os.Stat(root); err != nil {
		fmt.Fprintf(e.Stdout, "polnear: no corpus at %s (set --data or HERALD_EVAL_DATA); skipped\n", root)
		return nil
	}
	meta, err := pnMetadata(filepath.Join(root, "metadata.tsv"))
	if err != nil {
		return err
	}
	x, err := extractors.New()
	if err != nil {
		return err
	}
	for _, sp := range strings.Split(*split, ",") {
		sp = strings.TrimSpace(sp)
		docs, err := pnLoad(filepath.Join(root, sp), meta)
		if err != nil {
			return err
		}
		var s pnScore
		began := time.Now()
		for _, d := range docs {
			if err := ctx.Err(); err != nil {
				return err
			}
			doc, err := x.Extract(schema.Article{ID: d.name, Text: d.text, Published: d.published})
			if err != nil && !errors.Is(err, extractors.ErrEmpty) {
				return fmt.Errorf("%s: %w", d.name, err)
			}
			s.add(e, d, doc.Quotes, *verbose)
		}
		s.print(e, sp, len(docs), time.Since(began))
	}
	return nil
}

func pnMetadata(path string) (map[string]time.Time, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	out := map[string]time.Time{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	col := map[string]int{}
	for sc.Scan() {
		f := strings.Split(sc.Text(), "\t")
		if len(col) == 0 {
			for i, h := range f {
				col[h] = i
			}
			continue
		}
		fi, di := col["filename"], col["publication_date"]
		if fi >= len(f) || di >= len(f) {
			continue
		}
		if t, err := time.Parse("2006-01-02", f[di]); err == nil {
			out[f[fi]] = t
		}
	}
	return out, sc.Err()
}

func pnLoad(dir string, meta map[string]time.Time) ([]pnDoc, error) {
	anns, err := filepath.Glob(filepath.Join(dir, "attributions", "*.ann"))
	if err != nil {
		return nil, err
	}
	if len(anns) == 0 {
		return nil, fmt.Errorf("no .ann files under %s: %w", dir, fs.ErrNotExist)
	}
	sort.Strings(anns)
	var docs []pnDoc
	seen := map[string]bool{}
	for _, ann := range anns {
		base := strings.TrimSuffix(filepath.Base(ann), ".ann")
		if i := strings.LastIndexByte(base, '_'); i > 0 {
			base = base[:i]
		}
		// An article annotated twice is scored once, on the first
		// annotation in name order.
		if seen[base] {
			continue
		}
		seen[base] = true
		raw, err := os.ReadFile(filepath.Join(dir, "text", base+".txt"))
		if err != nil {
			return nil, err
		}
		a, err := os.ReadFile(ann)
		if err != nil {
			return nil, err
		}
		d := pnDoc{name: base, text: string(raw), published: meta[base]}
		pnParse(&d, string(a))
		docs = append(docs, d)
	}
	return docs, nil
}

// pnParse reads the brat annotations of d.
func pnParse(d *pnDoc, ann string) {
	type tspan struct {
		kind  string
		spans [][2]int // bytes
	}
	// brat offsets count characters; map them to bytes once.
	byteAt := make([]int, 0, len(d.text)+1)
	for i := range d.text {
		byteAt = append(byteAt, i)
	}
	byteAt = append(byteAt, len(d.text))
	toByte := func(c int) int {
		if c < 0 {
			return 0
		}
		if c >= len(byteAt) {
			return len(d.text)
		}
		return byteAt[c]
	}
	ts := map[string]tspan{}
	var events []map[string]string
	for _, line := range strings.Split(ann, "\n") {
		f := strings.Split(line, "\t")
		if len(f) < 2 {
			continue
		}
		switch {
		case strings.HasPrefix(f[0], "T"):
			kind, rest, ok := strings.Cut(f[1], " ")
			if !ok {
				continue
			}
			var t tspan
			t.kind = kind
			for _, p := range strings.Split(rest, ";") {
				a, b, ok := strings.Cut(p, " ")
				if !ok {
					continue
				}
				s, err1 := strconv.Atoi(a)
				en, err2 := strconv.Atoi(b)
				if err1 != nil || err2 != nil {
					continue
				}
				t.spans = append(t.spans, [2]int{toByte(s), toByte(en)})
			}
			ts[f[0]] = t
		case strings.HasPrefix(f[0], "E"):
			ev := map[string]string{}
			for _, arg := range strings.Fields(f[1]) {
				if k, v, ok := strings.Cut(arg, ":"); ok {
					ev[k] = v
				}
			}
			events = append(events, ev)
		}
	}
	for _, ev := range events {
		c, ok := ts[ev["Content"]]
		if !ok {
			continue
		}
		var source string
		if s, ok := ts[ev["Source"]]; ok {
			var parts []string
			for _, sp := range s.spans {
				parts = append(parts, d.text[sp[0]:sp[1]])
			}
			source = strings.Join(parts, " ")
		}
		head, named := pnHead(source)
		for _, sp := range c.spans {
			a, b := sp[0], sp[1]
			if pnIsQuoteStart(d.text[a:b]) {
				a, b = pnTrimMarks(d.text, a, b)
				if a < b {
					d.direct = append(d.direct, pnQuote{start: a, end: b, source: source, named: named, head: head})
				}
				continue
			}
			d.indirect = append(d.indirect, [2]int{a, b})
		}
	}
	sort.Slice(d.direct, func(i, j int) bool { return d.direct[i].start < d.direct[j].start })
}

func pnIsQuoteStart(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	switch r {
	case '"', '“', '‘', '\'', '«', '„', '`':
		return true
	}
	return false
}

func pnIsMark(r rune) bool {
	switch r {
	case '"', '“', '”', '‘', '’', '\'', '«', '»', '„', '`':
		return true
	}
	return false
}

// pnTrimMarks drops quotation marks, spaces and the punctuation that
// follows a closing mark from both ends of [a, b).
func pnTrimMarks(s string, a, b int) (int, int) {
	for a < b {
		r, n := utf8.DecodeRuneInString(s[a:b])
		if !pnIsMark(r) && !unicode.IsSpace(r) {
			break
		}
		a += n
	}
	for b > a {
		r, n := utf8.DecodeLastRuneInString(s[a:b])
		if !pnIsMark(r) && !unicode.IsSpace(r) && !strings.ContainsRune(".,;:", r) {
			break
		}
		b -= n
	}
	return a, b
}

// notName holds capitalised words that do not name anyone: pronouns,
// determiners and titles.
var notName = map[string]bool{
	"he": true, "she": true, "they": true, "it": true, "we": true, "i": true, "you": true,
	"his": true, "her": true, "their": true, "its": true, "our": true, "my": true,
	"who": true, "which": true, "that": true, "this": true, "these": true, "those": true,
	"the": true, "a": true, "an": true, "another": true, "one": true, "some": true,
	"mr": true, "mrs": true, "ms": true, "dr": true, "rep": true, "sen": true, "gov": true,
	"del": true, "rev": true, "gen": true, "president": true, "chairman": true,
	"representative": true, "senator": true, "governor": true, "retired": true, "general": true,
	"said": true,
}

// pnTitles are titles and roles that stand before a name in a Source span
// ("German Chancellor Angela Merkel", "IMF chief economist Maury
// Obstfeld"); the name is what follows the last of them.
var pnTitles = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`mr mrs ms miss dr prof sen senator rep representative gov
		governor gen general lt col maj capt sgt adm rev president vice minister secretary
		undersecretary deputy assistant chancellor premier chairman chairwoman chair chief
		spokesman spokeswoman spokesperson ambassador envoy director commissioner leader speaker
		judge justice attorney mayor king queen prince del delegate former acting executive
		ceo host anchor editor economist strategist manager adviser advisor widow candidate
		nominee congressman congresswoman professor coach commander press admiral rear
		columnist constituent member boss aide official`) {
		pnTitles[w] = true
	}
}

// pnHead returns the folded name a Source span gives, and whether it names
// anyone. The span is cut at its first comma, parenthesis or relative or
// "of" clause ("Kenneth Baer, a former official who ..." -> "Kenneth
// Baer"); a span that then ends in a lower-case word is a description and
// names no one ("the president", "a friend", "the New York businessman");
// otherwise the name is the last run of capitalised words, less
// pronouns, determiners and everything up to its last title word ("Trump
// campaign spokesman Jason Miller" -> "jason miller", "German Chancellor
// Angela Merkel" -> "angela merkel", "Mr. Obama" -> "obama", "The New
// York Times" -> "new york times").
func pnHead(source string) (string, bool) {
	s := source
	for _, cut := range []string{",", "(", " who ", " whose ", " of ", " -- ", " — "} {
		if i := strings.Index(s, cut); i > 0 {
			s = s[:i]
		}
	}
	words := strings.Fields(s)
	if len(words) == 0 {
		return "", false
	}
	// A span that ends in a common noun is a description ("the New York
	// businessman", "one Democratic source"), whatever capitals it holds.
	if r, _ := utf8.DecodeRuneInString(words[len(words)-1]); unicode.IsLower(r) {
		return "", false
	}
	var run []string
	var last []string
	for _, w := range words {
		f := pnFold(w)
		r, _ := utf8.DecodeRuneInString(w)
		// A possessor is no part of the name ("RealClearPolitics’ David
		// Byler").
		possessor := strings.HasSuffix(w, "'") || strings.HasSuffix(w, "’") || strings.HasSuffix(w, "'s") || strings.HasSuffix(w, "’s")
		if f != "" && unicode.IsUpper(r) && !notName[f] && !possessor {
			run = append(run, f)
			continue
		}
		if len(run) > 0 {
			last, run = run, nil
		}
	}
	if len(run) > 0 {
		last = run
	}
	for i := len(last) - 1; i >= 0; i-- {
		if pnTitles[last[i]] {
			last = last[i+1:]
			break
		}
	}
	if len(last) == 0 {
		return "", false
	}
	return strings.Join(last, " "), true
}

// pnFold lower-cases w and drops its punctuation and a possessive 's.
func pnFold(w string) string {
	w = strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "’s")
	var b strings.Builder
	for _, r := range w {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
		case unicode.IsSpace(r):
			b.WriteByte(' ')
		}
	}
	return b.String()
}

// pnFoldName folds a predicted speaker name the same way, less titles.
func pnFoldName(name string) string {
	var out []string
	for _, w := range strings.Fields(name) {
		f := pnFold(w)
		if f == "" || (notName[f] && len(out) == 0) {
			continue
		}
		out = append(out, f)
	}
	return strings.Join(out, " ")
}

// pnSpeakerRight applies the speaker rule: after folding, the predicted
// name equals the gold source's name, or ends with it word for word (a
// full name given for a surname-only source: "Pat Caddell" for
// "Caddell"), or is the full name the gazetteer (extractors/geo) gives a
// country or organisation the gold names short ("IMF").
func pnSpeakerRight(pred, head string) bool {
	p := pnFoldName(pred)
	if p == "" {
		return false
	}
	if p == head || strings.HasSuffix(p, " "+head) {
		return true
	}
	// A country or organisation named in full for the gold's short form
	// ("International Monetary Fund" for "the IMF"), by the gazetteer.
	for _, w := range []string{head, strings.ToUpper(head)} {
		if o, ok := geo.LookupOrg(w); ok && pnFoldName(o.Name) == p {
			return true
		}
		if pl, ok := geo.LookupPlace(w); ok && pl.Kind == geo.KindCountry && pnFoldName(pl.Name) == p {
			return true
		}
	}
	return false
}

// pnWords counts the words (letter and digit runs) of s[a:b].
func pnWords(s string, a, b int) int {
	n := 0
	in := false
	for _, r := range s[a:b] {
		w := unicode.IsLetter(r) || unicode.IsDigit(r)
		if w && !in {
			n++
		}
		in = w
	}
	return n
}

// pnOverlap is the number of words shared by two spans of s.
func pnOverlap(s string, a1, b1, a2, b2 int) int {
	a, b := max(a1, a2), min(b1, b2)
	if a >= b {
		return 0
	}
	return pnWords(s, a, b)
}

type pnScore struct {
	gold, pred, tp   int
	named, right     int
	predAll, tpAll   int
	goldAll, ignored int
}

// add scores one document. A prediction matches a gold quote when the
// words they share are at least half the words of each (the contract's
// "quoted words overlap by at least half", read both ways), one to one,
// best overlaps first.
func (s *pnScore) add(e *env, d pnDoc, qs []schema.Quote, verbose bool) {
	var direct []schema.Quote
	for _, q := range qs {
		if q.Kind != schema.KindPartial {
			direct = append(direct, q)
		}
	}
	s.gold += len(d.direct)
	s.pred += len(direct)
	m := pnMatch(d, direct)
	for gi, pi := range m {
		g := d.direct[gi]
		s.tp++
		if !g.named {
			continue
		}
		s.named++
		if pnSpeakerRight(direct[pi].Speaker, g.head) {
			s.right++
		} else if verbose {
			fmt.Fprintf(e.Stderr, "SPEAKER %s: %q gold %q (%s) got %q via %v\n", d.name, pnClip(d.text[g.start:g.end]), g.source, g.head, direct[pi].Speaker, direct[pi].SpeakerMention)
		}
	}
	if verbose {
		matched := map[int]bool{}
		for _, pi := range m {
			matched[pi] = true
		}
		for gi, g := range d.direct {
			if _, ok := m[gi]; !ok {
				fmt.Fprintf(e.Stderr, "MISSED %s: %q (%s)\n", d.name, pnClip(d.text[g.start:g.end]), g.source)
			}
		}
		for pi, q := range direct {
			if !matched[pi] {
				fmt.Fprintf(e.Stderr, "SPURIOUS %s: %q (%s)\n", d.name, pnClip(q.Text), q.Speaker)
			}
		}
	}
	// All kinds: a direct or partial prediction lying within a Content
	// that does not start with a quotation mark (a quote inside reported
	// speech) counts neither for nor against.
	s.goldAll += len(d.direct)
	mAll := pnMatch(d, qs)
	used := map[int]bool{}
	for _, pi := range mAll {
		used[pi] = true
	}
	s.tpAll += len(mAll)
	for pi, q := range qs {
		if used[pi] {
			continue
		}
		inside := false
		for _, c := range d.indirect {
			if 2*pnOverlap(d.text, q.Start, q.End, c[0], c[1]) >= pnWords(d.text, q.Start, q.End) {
				inside = true
				break
			}
		}
		if inside {
			s.ignored++
			continue
		}
		s.predAll++
	}
	s.predAll += len(mAll)
}

// pnMatch pairs gold quotes with predictions: gold index -> prediction index.
func pnMatch(d pnDoc, qs []schema.Quote) map[int]int {
	type pair struct{ g, p, ov int }
	var pairs []pair
	for gi, g := range d.direct {
		ng := pnWords(d.text, g.start, g.end)
		for pi, q := range qs {
			ov := pnOverlap(d.text, g.start, g.end, q.Start, q.End)
			np := pnWords(d.text, q.Start, q.End)
			if ov > 0 && 2*ov >= ng && 2*ov >= np {
				pairs = append(pairs, pair{gi, pi, ov})
			}
		}
	}
	sort.SliceStable(pairs, func(i, j int) bool { return pairs[i].ov > pairs[j].ov })
	m := map[int]int{}
	usedP := map[int]bool{}
	for _, p := range pairs {
		if _, ok := m[p.g]; ok || usedP[p.p] {
			continue
		}
		m[p.g] = p.p
		usedP[p.p] = true
	}
	return m
}

func pnClip(s string) string {
	if len(s) > 70 {
		i := 70
		for i > 0 && !utf8.RuneStart(s[i]) {
			i--
		}
		return s[:i] + "…"
	}
	return s
}

func (s *pnScore) print(e *env, split string, docs int, took time.Duration) {
	p, r, f := prf(s.tp, s.pred, s.gold)
	fmt.Fprintf(e.Stdout, "polnear %s: %d articles, %d gold direct quotes, %d predicted direct, %d matched\n", split, docs, s.gold, s.pred, s.tp)
	fmt.Fprintf(e.Stdout, "  direct quotes   P %.3f  R %.3f  F1 %.3f\n", p, r, f)
	acc := 0.0
	if s.named > 0 {
		acc = float64(s.right) / float64(s.named)
	}
	fmt.Fprintf(e.Stdout, "  speaker         accuracy %.3f (%d of %d matched quotes with a named gold source)\n", acc, s.right, s.named)
	p, r, f = prf(s.tpAll, s.predAll, s.goldAll)
	fmt.Fprintf(e.Stdout, "  all kinds       P %.3f  R %.3f  F1 %.3f (%d predictions inside reported speech not counted)\n", p, r, f, s.ignored)
	fmt.Fprintf(e.Stdout, "  time            %s (%.1f ms an article, full extraction)\n", took.Round(time.Millisecond), float64(took.Milliseconds())/float64(max(docs, 1)))
}
