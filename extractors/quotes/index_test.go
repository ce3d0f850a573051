package quotes

import (
	"sort"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/herald-news/herald/extractors/dates"
	"github.com/herald-news/herald/extractors/people"
	"github.com/herald-news/herald/extractors/text"
)

// TestIndexesAgreeWithScans checks each lookup Find answers from an index
// (built once per document) against the pass over the text or the
// mentions it replaced, on a long text with the people and dates the
// pipeline would pass.
func TestIndexesAgreeWithScans(t *testing.T) {
	rec, err := people.New()
	if err != nil {
		t.Fatal(err)
	}
	d := text.Parse(longText(t, 20<<10))
	f := &finder{d: d, s: d.Text, people: rec.Find(d), pronounOf: map[int]int{}}
	f.dates = dates.Find(d, time.Date(2025, 7, 15, 0, 0, 0, 0, time.UTC))
	f.indexPeople()
	f.scan()
	if len(f.people) < 10 || len(f.pm) < 50 || len(f.dates) < 10 || len(f.quotes) < 20 {
		t.Fatalf("too little to check: %d people, %d mentions, %d dates, %d quotations", len(f.people), len(f.pm), len(f.dates), len(f.quotes))
	}
	var offs []int // where lookups are made from: every sentence's start, and the end
	for _, s := range d.Sentences {
		offs = append(offs, s.Start)
	}
	offs = append(offs, len(f.s))

	fuller, names := 0, map[string]bool{}
	for k, tok := range d.Tokens {
		if !text.IsCapitalized(tok.Text) {
			continue
		}
		if got, want := f.commonWord(k), scanCommonWord(f, k); got != want {
			t.Errorf("commonWord(%q at %d) = %v, the scan says %v", tok.Text, tok.Start, got, want)
		}
		if got, want := f.personAt(tok.Start, tok.End, 0), scanPersonAt(f, tok.Start, tok.End); got != want {
			t.Errorf("personAt(%q) = %d, the scan says %d", tok.Text, got, want)
		}
		name := trimPossessive(tok.Text)
		if names[name] {
			continue
		}
		names[name] = true
		for _, pos := range []int{0, tok.Start, len(f.s) / 2, len(f.s)} {
			got, want := f.fullerName(name, pos), scanFullerName(f, name, pos)
			if got != want {
				t.Errorf("fullerName(%q, %d) = %q, the scan says %q", name, pos, got, want)
			}
			if got != "" {
				fuller++
			}
		}
	}
	if fuller == 0 {
		t.Error("fullerName found no fuller form at all")
	}
	for _, m := range f.pm {
		if got, want := f.personAt(m.start, m.end, 0), scanPersonAt(f, m.start, m.end); got != want {
			t.Errorf("personAt(%q) = %d, the scan says %d", f.s[m.start:m.end], got, want)
		}
	}

	for _, pos := range offs {
		for p := range f.people {
			if got, want := f.lastMentionBefore(p, pos), scanLastMentionBefore(f, p, pos); got != want {
				t.Errorf("lastMentionBefore(%d, %d) = %d, the scan says %d", p, pos, got, want)
			}
		}
	}
	titled := 0
	for head := range personTitles {
		ks, all := f.mentionsAfter(head), scanTitled(f, head)
		titled += len(all)
		for _, pos := range offs {
			got, want := -1, -1
			if n := sort.SearchInts(ks, f.pmFrom(pos)); n > 0 {
				got = ks[n-1]
			}
			for _, k := range all {
				if f.pm[k].start < pos {
					want = k
				}
			}
			if got != want {
				t.Errorf("mention after %q before %d: %d, the scan says %d", head, pos, got, want)
			}
		}
	}
	if titled == 0 {
		t.Error("no mention follows a title word")
	}

	ix, dated := f.indexDates(), 0
	for _, s := range f.sentences() {
		got, want := ix.first(s.Start, s.End, f.whenSaid), scanFirstDate(f, s.Start, s.End)
		if got != want {
			t.Errorf("first date in [%d, %d) = %d, the scan says %d", s.Start, s.End, got, want)
		}
		if got >= 0 {
			dated++
		}
	}
	if dated == 0 {
		t.Error("no sentence holds a date")
	}
}

// The passes the indexes replaced, as they were. Where a pass and its
// index share a step (finding a name's fuller forms, a word's mid-sentence
// uses), the reference calls that step rather than keep a copy of it: what
// is checked is the lookup the index replaced.

// scanFullerName picks among the forms as the scan did: the last before
// pos, else the first after it.
func scanFullerName(f *finder, name string, pos int) string {
	if len(strings.Fields(name)) != 1 || utf8.RuneCountInString(name) < 3 {
		return ""
	}
	best, bestPos := "", -1
	for _, ff := range f.fullerForms(name) {
		k := ff.pos
		if bestPos < 0 || k < pos && k > bestPos || bestPos > pos && k < bestPos {
			best, bestPos = ff.full, k
		}
	}
	return best
}

func scanContainsWord(s, w string) bool {
	for _, x := range strings.FieldsFunc(s, func(r rune) bool { return !isWordRune(r) }) {
		if x == w {
			return true
		}
	}
	return false
}

func scanCommonWord(f *finder, k int) bool {
	toks := f.d.Tokens
	if k > 0 && !f.isEnd(k-1) && !isOpenMark(toks[k-1].Text) && !f.breakBefore(k-1, k) {
		return false
	}
	w := trimPossessive(toks[k].Text)
	lw := strings.ToLower(w)
	for _, p := range f.people {
		if scanContainsWord(strings.ToLower(p.Name), lw) {
			return false
		}
	}
	if _, ok := inFull(w); ok {
		return false
	}
	for _, i := range f.midSentenceUses(w) {
		if i != toks[k].Start {
			return false
		}
	}
	return true
}

func scanPersonAt(f *finder, a, b int) int {
	words := strings.Fields(fold(trimPossessive(f.s[a:b])))
	if len(words) == 0 {
		return -1
	}
	surname := words[len(words)-1]
	best, bestLen := -1, 0
	for p, pe := range f.people {
		nw := strings.Fields(fold(pe.Name))
		if len(nw) == 0 || nw[len(nw)-1] != surname || !holdsAll(nw, words) {
			continue
		}
		if n := len(pe.Name); n > bestLen {
			best, bestLen = p, n
		}
	}
	return best
}

func scanLastMentionBefore(f *finder, p, pos int) int {
	at := -1
	for _, m := range f.pm {
		if m.start >= pos {
			break
		}
		if m.person == p {
			at = m.start
		}
	}
	return at
}

// scanTitled returns the mentions with head among the six words before
// them on their line, as describe checked each.
func scanTitled(f *finder, head string) []int {
	var out []int
	for k, m := range f.pm {
		before := strings.ToLower(f.s[max(0, m.start-80):m.start])
		if nl := strings.LastIndexByte(before, '\n'); nl >= 0 {
			before = before[nl+1:]
		}
		if scanContainsWord(lastWords(before, 6), head) {
			out = append(out, k)
		}
	}
	return out
}

func scanFirstDate(f *finder, a, b int) int {
	for k, dt := range f.dates {
		if dt.Start >= a && dt.End <= b && f.whenSaid(dt) {
			return k
		}
	}
	return -1
}

// A word of a person's name is no common word, even where the text writes
// it only at the start of sentences (the long text of
// TestIndexesAgreeWithScans always has a use mid-sentence too).
func TestNameWordIsNoCommonWord(t *testing.T) {
	rec, err := people.New()
	if err != nil {
		t.Fatal(err)
	}
	d := text.Parse("Sergei Lavrov, Russia's foreign minister, arrived in Geneva. Lavrov said the talks had failed.")
	f := &finder{d: d, s: d.Text, people: rec.Find(d), pronounOf: map[int]int{}}
	f.indexPeople()
	if len(f.people) == 0 {
		t.Fatal("no person found")
	}
	for k, tok := range d.Tokens {
		if tok.Text == "Sergei" || tok.Text == "Lavrov" {
			if f.commonWord(k) || scanCommonWord(f, k) {
				t.Errorf("%q at %d read as a common word", tok.Text, tok.Start)
			}
		}
	}
}
