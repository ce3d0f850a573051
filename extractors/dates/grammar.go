package dates

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/herald-news/herald/extractors/schema"
	"github.com/herald-news/herald/extractors/text"
)

// The grammar is a set of rules, each a function that tries to read one kind
// of temporal expression at a token: calendar dates, deictic words
// ("yesterday"), unit-relative phrases ("last month", "two years ago"),
// durations, sets, quarters and seasons, clock times. At every token the
// longest reading wins; modifiers ("early", "the end of") wrap a reading.
// A reading carries a resolver, so that the same words resolve again
// against another moment (Reanchor) without being read twice.

// resolver gives the TIMEX3 value of a reading against moment r, with the
// discourse state c of the document read so far (c may be empty).
type resolver func(r ref, c *discourse) string

// discourse is what the readings before this one established: the last
// fiscal quarter named, which "the year-ago quarter" is counted from.
type discourse struct {
	qYear, q int    // last quarter named, q 0 when none
	qSent    int    // the sentence it was named in
	last     string // last calendar date named (YYYY, YYYY-MM or YYYY-MM-DD)
	lastDay  string // last calendar day named (YYYY-MM-DD)
	daySent  int    // the sentence it was named in
}

// dayIn gives the last day named in sentence s or the two before it: "He
// was killed on Oct. 23 at about 10 p.m." and "The blast came on Tuesday.
// It was heard at 4 in the morning." put the time on that day, not on the
// day of publication. A day named further back is too far to tell.
func (c *discourse) dayIn(s int) (string, bool) {
	if c == nil || c.lastDay == "" || c.daySent < s-2 || s < 0 {
		return "", false
	}
	return c.lastDay, true
}

// from counts n units u from the last date named, when it is precise
// enough: "the next day" needs a day, "the following year" a year.
func (c *discourse) from(n int, u unit) (string, bool) {
	if c == nil || c.last == "" {
		return "", false
	}
	t, ok := ParseValue(c.last)
	if !ok {
		return "", false
	}
	switch precision := len(c.last); {
	case u == uYear:
		return fmtYear(t.Year() + n), true
	case u == uMonth && precision >= 7:
		y, m := monthAdd(t.Year(), t.Month(), n)
		return fmtMonth(y, m), true
	case u == uWeek && precision >= 10:
		return fmtWeek(t.AddDate(0, 0, 7*n)), true
	case u == uDay && precision >= 10:
		return fmtDay(t.AddDate(0, 0, n)), true
	}
	return "", false
}

// quarterNear gives the quarter named in sentence s or the one before it:
// further back, a story has usually moved on.
func (c *discourse) quarterNear(s int) (int, int, bool) {
	if c == nil || c.q == 0 || s-c.qSent > 1 || s < c.qSent {
		return 0, 0, false
	}
	return c.qYear, c.q, true
}

// match is one reading: tokens [first, last).
type match struct {
	first, last int
	typ         string
	rel         bool // resolved against the reference moment
	val         resolver
	quarter     bool // names a fiscal quarter (sets the discourse)
	narrative   bool // counted from the last date named, not setting it
}

type parser struct {
	d    *text.Doc
	low  []string // token text, lower case, possessive "'s" dropped
	poss []bool   // the token carried a possessive
	up   []bool   // the token starts with a capital letter
}

func newParser(d *text.Doc) *parser {
	p := &parser{d: d, low: make([]string, len(d.Tokens)), poss: make([]bool, len(d.Tokens)), up: make([]bool, len(d.Tokens))}
	for i, t := range d.Tokens {
		w := strings.ToLower(t.Text)
		for _, s := range []string{"'s", "’s"} {
			if len(w) > len(s) && strings.HasSuffix(w, s) {
				w = w[:len(w)-len(s)]
				p.poss[i] = true
			}
		}
		p.low[i] = w
		r, _ := utf8.DecodeRuneInString(t.Text)
		p.up[i] = unicode.IsUpper(r)
	}
	return p
}

// inName reports a capitalised word inside a name rather than a word of
// time: "USA Today", "The Daily Beast", "Breitbart News Daily". At the
// start of a sentence a capital says nothing.
func (p *parser) inName(i int) bool {
	if !p.up[i] {
		return false
	}
	capWord := func(k int) bool {
		if k < 0 || k >= len(p.low) || !p.up[k] || !p.adjacent(max(k, i)) {
			return false
		}
		r, _ := utf8.DecodeRuneInString(p.d.Tokens[k].Text)
		return unicode.IsLetter(r)
	}
	s := p.d.SentenceAt(p.d.Tokens[i].Start)
	sentenceStart := s >= 0 && p.d.Sentences[s].First == i
	if t := p.d.Tokens[i].Text; len(t) > 1 && strings.ToUpper(t) == t {
		return true // "USA TODAY", "A QUARTER": headlines and names
	}
	return !sentenceStart && capWord(i-1) || capWord(i+1) && p.up[i+1] && !sentenceStart
}

// capitalInProse reports a capital at token k where prose writes none: not
// the first word of a sentence, not on a line written in title case (a
// headline, "Net Loss for Third Quarter"). A word of time so written is
// part of a name: "This Week", "60 Minutes".
func (p *parser) capitalInProse(k int) bool {
	if k <= 0 || k >= len(p.low) || !p.up[k] {
		return false
	}
	if s := p.d.SentenceAt(p.d.Tokens[k].Start); s < 0 || p.d.Sentences[s].First == k {
		return false
	}
	if t := p.d.Tokens[k-1].Text; t == "“" || t == "\"" || t == "‘" || t == "'" || t == "``" || t == ":" {
		return false // a quotation's first word
	}
	// the line of k: title case when most of its words are capitalized
	start, end := k, k
	for start > 0 && p.adjacent(start) {
		start--
	}
	for end+1 < len(p.low) && p.adjacent(end+1) {
		end++
	}
	words, caps := 0, 0
	for m := start; m <= end; m++ {
		r, _ := utf8.DecodeRuneInString(p.d.Tokens[m].Text)
		if !unicode.IsLetter(r) || len(p.low[m]) <= 3 && !p.up[m] {
			continue // short function words ("for", "of") are lower case in titles
		}
		words++
		if p.up[m] {
			caps++
		}
	}
	return caps*10 < words*6
}

// w returns the lower-cased token i, or "" past either end.
func (p *parser) w(i int) string {
	if i < 0 || i >= len(p.low) {
		return ""
	}
	return p.low[i]
}

// is reports whether token i is one of words.
func (p *parser) is(i int, words ...string) bool {
	w := p.w(i)
	for _, x := range words {
		if w == x {
			return true
		}
	}
	return false
}

// adjacent reports that tokens i-1 and i are in one sentence line (no line
// break between them): a reading never spans lines.
func (p *parser) adjacent(i int) bool {
	if i <= 0 || i >= len(p.low) {
		return false
	}
	return !strings.ContainsRune(p.d.Text[p.d.Tokens[i-1].End:p.d.Tokens[i].Start], '\n')
}

// rules are tried at every token; the longest reading wins.
var rules = []func(p *parser, i int) (match, bool){
	(*parser).calendarDate,
	(*parser).numericDate,
	(*parser).yearExpr,
	(*parser).weekdayExpr,
	(*parser).deictic,
	(*parser).relativeUnit,
	(*parser).ago,
	(*parser).durationExpr,
	(*parser).setExpr,
	(*parser).quarterExpr,
	(*parser).seasonExpr,
	(*parser).clockTime,
	(*parser).holiday,
}

// startWords are the words a reading can begin with, besides numbers,
// compounds and the words of the lexicon (see canStart): scan skips every
// other token without trying the rules.
var startWords = map[string]bool{}

func init() {
	for _, w := range []string{
		"the", "a", "an", "last", "next", "this", "past", "previous", "coming", "current",
		"following", "upcoming", "preceding", "present", "same", "early", "late", "mid",
		"earlier", "later", "end", "beginning", "start", "middle", "every", "each", "per",
		"today", "tomorrow", "yesterday", "tonight", "now", "currently", "presently",
		"nowadays", "recently", "lately", "recent", "soon", "future", "noon", "midday",
		"midnight", "these", "yearend", "year", "fiscal", "half", "couple", "new",
		"thanksgiving", "christmas", "that", "'", "’", "morning", "afternoon", "evening", "midmorning", "midafternoon",
		"overnight",
	} {
		startWords[w] = true
	}
	for _, ph := range append(append([][]string{}, modPhrases...), approxPhrases...) {
		startWords[ph[0]] = true
	}
	for _, m := range []map[string]int{numberWords, ordinals, decadeWords} {
		for w := range m {
			startWords[w] = true
		}
	}
	for w := range vagueNumbers {
		startWords[w] = true
	}
	for w := range months {
		startWords[w] = true
	}
	for w := range weekdays {
		startWords[w] = true
		startWords[w+"s"] = true
	}
	for w := range seasons {
		startWords[w] = true
	}
	for w := range setWords {
		startWords[w] = true
	}
	for w := range holidays {
		first, _, _ := strings.Cut(w, " ")
		startWords[first] = true
	}
	for w := range floatingHolidays {
		first, _, _ := strings.Cut(w, " ")
		startWords[first] = true
	}
	for w := range holidayWeeks {
		first, _, _ := strings.Cut(w, " ")
		startWords[first] = true
	}
}

// canStart reports whether a reading may begin at token i.
func (p *parser) canStart(i int) bool {
	w := p.low[i]
	if w == "" || startWords[w] || w[0] >= '0' && w[0] <= '9' || strings.ContainsRune(w, '-') {
		return true
	}
	if len(w) == 2 && (w[0] == 'q' || w[0] == 'h') || strings.HasPrefix(w, "fy") {
		return true
	}
	if u, _ := unitWord(w); u != uNone {
		return true
	}
	_, ok := ordinalWord(w)
	return ok
}

// scan reads the whole document left to right.
func (p *parser) scan() []match {
	var out []match
	for i := 0; i < len(p.low); {
		if !p.canStart(i) {
			i++
			continue
		}
		m, ok := p.best(i)
		if !ok {
			i++
			continue
		}
		out = append(out, m)
		i = m.last
		if m2, ok := p.secondDay(m); ok {
			out = append(out, m2)
			i = m2.last
		}
	}
	return out
}

// best is the longest reading at i, modifiers included.
func (p *parser) best(i int) (match, bool) {
	if m, ok := p.modified(i); ok {
		return m, true
	}
	return p.core(i)
}

func (p *parser) core(i int) (match, bool) {
	if i < 0 || i >= len(p.low) {
		return match{}, false
	}
	var best match
	found := false
	for _, rule := range rules {
		m, ok := rule(p, i)
		if ok && m.last > i && (!found || m.last > best.last) {
			best, found = m, true
		}
	}
	if !found {
		return match{}, false
	}
	// A reading that reaches into the next line is cut back to a whole
	// reading on this line.
	for k := best.first + 1; k < best.last; k++ {
		if !p.adjacent(k) {
			return match{}, false
		}
	}
	return best, true
}

// Modifiers keep the value of what they modify and widen its span:
// "early next year", "late November", "the end of 1990", "earlier this
// month", "mid-afternoon yesterday".
var modPhrases = [][]string{
	{"the", "end", "of"}, {"the", "beginning", "of"}, {"the", "start", "of"},
	{"the", "middle", "of"}, {"the", "turn", "of"}, {"the", "close", "of"},
	{"end", "of"}, {"beginning", "of"}, {"start", "of"}, {"middle", "of"},
	{"the", "first", "half", "of"}, {"the", "second", "half", "of"}, {"the", "last", "half", "of"},
	{"early"}, {"late"}, {"mid"}, {"earlier"}, {"later"}, {"the", "early"}, {"the", "late"},
	{"the", "mid"}, {"the"},
}

func (p *parser) modified(i int) (match, bool) {
	var best match
	found := false
	for _, ph := range modPhrases {
		j := i
		ok := true
		for _, w := range ph {
			if p.w(j) != w {
				ok = false
				break
			}
			j++
		}
		if !ok {
			continue
		}
		m, ok := p.core(j)
		if ph[len(ph)-1] == "of" {
			// "the end of the year": the unit the reference falls in
			if u, pl := unitWord(p.w(j + 1)); p.is(j, "the") && !pl && u >= uWeek && (!ok || m.last <= j+2) {
				m, ok = match{first: j, last: j + 2, typ: schema.TypeDate, rel: true, val: func(r ref, _ *discourse) string { return shift(r, 0, u) }}, true
			}
		}
		if !ok || (m.typ != schema.TypeDate && m.typ != schema.TypeTime) || m.first != j {
			continue
		}
		// "the" alone modifies nothing; it only joins a reading that
		// does not take it itself ("the 1980s" does).
		if len(ph) == 1 && ph[0] == "the" && !p.takesThe(j) {
			continue
		}
		// "earlier Friday", "later today": TimeBank leaves the adverb out
		// of a day's span (not of "earlier this month").
		if len(ph) == 1 && (ph[0] == "earlier" || ph[0] == "later") {
			if _, wd := weekdays[p.w(j)]; wd || p.is(j, "today", "yesterday", "tomorrow", "tonight") {
				continue
			}
		}
		half := len(ph) == 4 && ph[2] == "half"
		if half {
			// "the first half of 1989": 1989-H1.
			h := "H1"
			if ph[1] != "first" {
				h = "H2"
			}
			inner := m.val
			m.val = func(r ref, c *discourse) string {
				v := inner(r, c)
				if len(v) == 4 {
					return v + "-" + h
				}
				return v
			}
		}
		m.first = i
		if !found || m.last > best.last {
			best, found = m, true
		}
	}
	return best, found
}

// takesThe reports readings at j that take a leading "the" into their span.
func (p *parser) takesThe(j int) bool {
	w := p.w(j)
	if strings.HasSuffix(w, "0s") || strings.HasSuffix(w, "0's") || decadeWords[w] > 0 {
		return true
	}
	_, isSeason := seasons[w]
	return isSeason || w == "weekend" || w == "week" || w == "past" || w == "future"
}

// constant is a resolver of a value that needs no reference.
func constant(v string) resolver { return func(ref, *discourse) string { return v } }
