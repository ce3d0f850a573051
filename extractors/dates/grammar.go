package dates

import (
	"fmt"
	"strconv"
	"strings"
	"time"
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
	qYear, q int // last quarter named, q 0 when none
	qSent    int // the sentence it was named in
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
		"thanksgiving", "christmas", "'", "’",
	} {
		startWords[w] = true
	}
	for _, ph := range append(append([][]string{}, modPhrases...), approxPhrases...) {
		startWords[ph[0]] = true
	}
	for _, m := range []map[string]int{numberWords, vagueWords(), ordinals, decadeWords} {
		for w := range m {
			startWords[w] = true
		}
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
}

func vagueWords() map[string]int {
	m := map[string]int{}
	for w := range vagueNumbers {
		m[w] = 1
	}
	return m
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

// secondDay reads the day after "and" or "to" that shares the month of
// the date m before it: "April 24 and 25", "March 3 to 5".
func (p *parser) secondDay(m match) (match, bool) {
	k := m.last
	if !p.is(k, "and", "to", "through", "-", "–") || m.typ != schema.TypeDate {
		return match{}, false
	}
	d, ok := p.day(k + 1)
	if !ok || !isDigits(p.w(k+1)) || unitFollows(p, k+2) || p.is(k+2, ":", "%", "percent") {
		return match{}, false
	}
	// "April 24 and 25 people": a count takes a noun after it
	if n := p.w(k + 2); n != "" && n[0] >= 'a' && n[0] <= 'z' && !p.is(k+2, "in", "at", "on", "of", "for", "when", "with", "and", "to", "at", "as", "after", "before", "during", "respectively") {
		return match{}, false
	}
	first := m.val(ref{}, nil)
	if len(first) != 10 {
		return match{}, false
	}
	inner := m.val
	mt := match{first: k + 1, last: k + 2, typ: schema.TypeDate, rel: m.rel}
	mt.val = func(r ref, c *discourse) string {
		v := inner(r, c)
		if len(v) != 10 {
			return v
		}
		return fmt.Sprintf("%s-%02d", v[:7], d)
	}
	return mt, true
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

// ---- numbers ----

// number reads a count at i: digits ("24", "1,000"), words ("twenty-four",
// "twenty four", "a", "an"), vague counts ("several", "a few": n < 0), a
// fraction ("5 1/2", "two and a half", "half an").
func (p *parser) number(i int) (n float64, j int, ok bool) {
	w := p.w(i)
	switch {
	case w == "":
		return 0, i, false
	case w == "a" || w == "an":
		if p.is(i+1, "few", "couple") {
			if p.w(i+1) == "couple" {
				j = i + 2
				if p.is(j, "of") {
					j++
				}
				return 2, j, true
			}
			return -1, i + 2, true
		}
		if p.is(i+1, "half") {
			return 0.5, i + 2, true
		}
		n, j = 1, i+1
	case w == "half" && p.is(i+1, "a", "an"):
		return 0.5, i + 2, true
	case w == "couple" && p.is(i+1, "of"):
		return 2, i + 2, true
	case w == "some" && isDigits(p.w(i+1)):
		return 0, i, false
	case vagueNumbers[w]:
		j = i + 1
		if p.is(j, "of") && (w == "dozens" || w == "hundreds" || w == "thousands" || w == "couple") {
			j++
		}
		return -1, j, true
	case isDigits(strings.ReplaceAll(w, ",", "")):
		v, err := strconv.Atoi(strings.ReplaceAll(w, ",", ""))
		if err != nil {
			return 0, i, false
		}
		n, j = float64(v), i+1
		// "5 1/2"
		if p.w(j) == "1" && p.w(j+1) == "/" && p.w(j+2) == "2" {
			n += 0.5
			j += 3
		}
	default:
		v, ok := wordNumber(w)
		if !ok {
			return 0, i, false
		}
		n, j = float64(v), i+1
		if t, ok := tens[w]; ok {
			if u, ok := numberWords[p.w(j)]; ok && u < 10 && p.w(j) != "a" && p.w(j) != "an" {
				n, j = float64(t+u), j+1
			}
		}
		if p.w(j) == "hundred" || p.w(j) == "thousand" {
			mul := 100.0
			if p.w(j) == "thousand" {
				mul = 1000
			}
			n, j = n*mul, j+1
		}
	}
	if p.w(j) == "and" && p.is(j+1, "a") && p.is(j+2, "half") {
		n += 0.5
		j += 3
	}
	return n, j, true
}

// wordNumber reads "six", "twenty-four".
func wordNumber(w string) (int, bool) {
	if w == "a" || w == "an" || w == "single" {
		return 0, false
	}
	if n, ok := numberWords[w]; ok {
		return n, true
	}
	if a, b, ok := strings.Cut(w, "-"); ok {
		t, ok1 := tens[a]
		u, ok2 := numberWords[b]
		if ok1 && ok2 && u < 10 {
			return t + u, true
		}
	}
	return 0, false
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// approx words before a count widen the span ("more than four decades
// ago"); "about", "only" and "just" stay out of it, as TimeBank has them.
var approxPhrases = [][]string{
	{"more", "than"}, {"less", "than"}, {"fewer", "than"}, {"at", "least"}, {"at", "most"},
	{"nearly"}, {"almost"}, {"roughly"}, {"approximately"}, {"around"},
	{"some"}, {"up", "to"}, {"just", "over"}, {"just", "under"},
}

func (p *parser) approx(i int) int {
	for _, ph := range approxPhrases {
		ok := true
		for k, w := range ph {
			if p.w(i+k) != w {
				ok = false
				break
			}
		}
		if ok {
			// only when a count follows
			if _, _, isNum := p.number(i + len(ph)); isNum {
				return i + len(ph)
			}
		}
	}
	return i
}

// ---- calendar dates ----

// day reads a day of the month: "16", "16th", "sixteenth".
func (p *parser) day(i int) (int, bool) {
	w := p.w(i)
	if isDigits(w) && len(w) <= 2 {
		n, _ := strconv.Atoi(w)
		return n, n >= 1 && n <= 31
	}
	if n, ok := ordinalWord(w); ok && n <= 31 {
		return n, true
	}
	return 0, false
}

// year reads a four-digit year at i ("2019"), or a spoken one ("nineteen
// ninety-six").
func (p *parser) year(i int) (int, int, bool) {
	w := p.w(i)
	if len(w) == 4 && isDigits(w) {
		y, _ := strconv.Atoi(w)
		if y >= 1000 && y <= 2199 {
			return y, i + 1, true
		}
	}
	if w == "nineteen" || w == "twenty" {
		century := 19
		if w == "twenty" {
			century = 20
		}
		if n, ok := wordNumber(p.w(i + 1)); ok && n >= 10 && n < 100 {
			return century*100 + n, i + 2, true
		}
		if t, ok := tens[p.w(i+1)]; ok {
			if u, ok := numberWords[p.w(i+2)]; ok && u < 10 && p.w(i+2) != "a" && p.w(i+2) != "an" {
				return century*100 + t + u, i + 3, true
			}
		}
	}
	if w == "two" && p.is(i+1, "thousand") {
		j := i + 2
		y := 2000
		if p.is(j, "and") {
			if n, ok := wordNumber(p.w(j + 1)); ok && n < 100 {
				return y + n, j + 2, true
			}
		}
		if n, ok := wordNumber(p.w(j)); ok && n < 100 {
			return y + n, j + 1, true
		}
		return y, j, true
	}
	return 0, i, false
}

// monthAt reads a month name at i: capitalised, and the short forms only
// before a day.
func (p *parser) monthAt(i int) (time.Month, bool) {
	m, ok := months[p.w(i)]
	if !ok || !p.up[i] {
		return 0, false
	}
	if monthNeedsDay[p.w(i)] {
		if _, ok := p.day(i + 1); !ok {
			return 0, false
		}
	}
	if p.w(i) == "may" || p.w(i) == "march" {
		// "May" the modal and "March" the verb open sentences; as months
		// they are followed by a day or year, or follow a preposition.
		_, dayNext := p.day(i + 1)
		_, _, yearNext := p.year(i + 1)
		if !dayNext && !yearNext && !p.is(i-1, "in", "of", "since", "until", "by", "from", "early", "late", "mid", "last", "next", "this", "through", "before", "after", "during", "to", "on", "the") {
			return 0, false
		}
	}
	return m, true
}

// calendarDate reads "January 16", "Jan. 16, 2019", "16 January 2019",
// "the 16th of January", "January 2019", "January", with an optional
// weekday before ("Monday, Oct. 26").
func (p *parser) calendarDate(i int) (match, bool) {
	j := i
	if _, ok := weekdays[p.w(j)]; ok {
		j++
		if p.is(j, ",") {
			j++
		}
		if _, ok := p.monthAt(j); !ok {
			if _, ok := p.day(j); !ok {
				return match{}, false
			}
		}
	}
	var (
		m       time.Month
		d, y    int
		hasYear bool
	)
	if a, b, ok := strings.Cut(p.w(j), "-"); ok && (a == "mid" || a == "early" || a == "late") && j == i {
		// "mid-November"
		if mm, ok := months[b]; ok && !monthNeedsDay[b] {
			return p.monthOnly(i, j+1, mm), true
		}
	}
	if mm, ok := p.monthAt(j); ok {
		m = mm
		j++
		if dd, ok := p.day(j); ok && !(p.is(j+1, ":") && isDigits(p.w(j+2))) && !unitFollows(p, j+1) {
			d = dd
			j++
			k := j
			if p.is(k, ",") {
				k++
			}
			if yy, k2, ok := p.year(k); ok {
				y, hasYear, j = yy, true, k2
			}
		} else {
			k := j
			if p.is(k, ",", "of") {
				k++
			}
			if yy, k2, ok := p.year(k); ok {
				y, hasYear, j = yy, true, k2
			} else if p.is(j, "this", "last", "next") && p.is(j+1, "year") {
				// "February this year", "July last year"
				off := map[string]int{"this": 0, "last": -1, "next": 1}[p.w(j)]
				mt := match{first: i, last: j + 2, typ: schema.TypeDate, rel: true}
				mt.val = func(r ref, _ *discourse) string {
					if !r.ok {
						return fmt.Sprintf("XXXX-%02d", int(m))
					}
					return fmtMonth(r.year()+off, m)
				}
				return mt, true
			}
		}
	} else {
		k := j
		if p.is(k, "the") {
			k++
		}
		dd, ok := p.day(k)
		if !ok {
			return match{}, false
		}
		k++
		if p.is(k, "of") {
			k++
		}
		mm, ok := p.monthAt(k)
		if !ok || monthNeedsDay[p.w(k)] {
			return match{}, false
		}
		d, m, j = dd, mm, k+1
		if yy, k2, ok := p.year(j); ok {
			y, hasYear, j = yy, true, k2
		} else if p.is(j, ",") {
			if yy, k2, ok := p.year(j + 1); ok {
				y, hasYear, j = yy, true, k2
			}
		}
	}
	mt := match{first: i, last: j, typ: schema.TypeDate}
	switch {
	case hasYear && d > 0:
		mt.val = constant(fmtDay(time.Date(y, m, d, 0, 0, 0, 0, time.UTC)))
	case hasYear:
		mt.val = constant(fmtMonth(y, m))
	case d > 0:
		dir := p.tenseAt(i, j)
		mt.rel = true
		mt.val = func(r ref, _ *discourse) string {
			if !r.ok {
				return fmt.Sprintf("XXXX-%02d-%02d", int(m), d)
			}
			return fmtDay(nearestDay(r, m, d, dir))
		}
	default:
		return p.monthOnly(i, j, m), true
	}
	return mt, true
}

// monthOnly resolves a month without a year, "in January", by tense.
func (p *parser) monthOnly(i, j int, m time.Month) match {
	dir := p.tenseAt(i, j)
	mt := match{first: i, last: j, typ: schema.TypeDate, rel: true}
	mt.val = func(r ref, _ *discourse) string {
		if !r.ok {
			return fmt.Sprintf("XXXX-%02d", int(m))
		}
		return fmtMonth(nearestMonth(r, m, dir), m)
	}
	return mt
}

// unitFollows reports a unit noun at i ("January 5 years" is no date).
func unitFollows(p *parser, i int) bool {
	u, _ := unitWord(p.w(i))
	return u != uNone
}

// tenseReach is how far the tense may send a date without a year from the
// reference: "payable Dec. 7" after a verb in the past is still next
// month's Dec. 7, not one eleven months ago.
const tenseReach = 240 * 24 * time.Hour

// nearestDay places month m day d in the year the tense points to: the
// last such day on or before the reference in the past, the next on or after
// it in the future, when that is within reach; else the closest.
func nearestDay(r ref, m time.Month, d int, dir int) time.Time {
	y := r.year()
	at := func(y int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	past, future := at(y), at(y)
	if past.After(r.t) {
		past = at(y - 1)
	}
	if future.Before(r.t) {
		future = at(y + 1)
	}
	switch {
	case dir == dirStrongPast || dir == dirPast && r.t.Sub(past) <= tenseReach:
		return past
	case dir == dirStrongFuture || dir == dirFuture && future.Sub(r.t) <= tenseReach:
		return future
	case r.t.Sub(past) <= future.Sub(r.t):
		return past
	}
	return future
}

// nearestMonth gives the year of month m as nearestDay does for days.
func nearestMonth(r ref, m time.Month, dir int) int {
	y := r.year()
	back := (int(r.month()) - int(m) + 12) % 12 // months back to the last m
	ahead := (int(m) - int(r.month()) + 12) % 12
	pastY, futY := y, y
	if m > r.month() {
		pastY = y - 1
	}
	if m < r.month() {
		futY = y + 1
	}
	switch {
	case dir == dirStrongPast || dir == dirPast && back <= 8:
		return pastY
	case dir == dirStrongFuture || dir == dirFuture && ahead <= 8:
		return futY
	case back <= ahead:
		return pastY
	}
	return futY
}

func absDur(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}

// numericDate reads "2019-01-16", "1/16/2019", "16.01.2019".
func (p *parser) numericDate(i int) (match, bool) {
	w := p.w(i)
	mk := func(y, m, d, last int) (match, bool) {
		if m < 1 || m > 12 || d < 1 || d > 31 || y < 1000 {
			return match{}, false
		}
		return match{first: i, last: last, typ: schema.TypeDate, val: constant(fmtDay(time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)))}, true
	}
	if parts := strings.Split(w, "-"); len(parts) == 3 && len(parts[0]) == 4 && allDigits(parts) {
		y, _ := strconv.Atoi(parts[0])
		m, _ := strconv.Atoi(parts[1])
		d, _ := strconv.Atoi(parts[2])
		return mk(y, m, d, i+1)
	}
	if parts := strings.Split(w, "."); len(parts) == 3 && len(parts[2]) == 4 && allDigits(parts) {
		d, _ := strconv.Atoi(parts[0])
		m, _ := strconv.Atoi(parts[1])
		y, _ := strconv.Atoi(parts[2])
		return mk(y, m, d, i+1)
	}
	if isDigits(w) && len(w) <= 2 && p.w(i+1) == "/" && isDigits(p.w(i+2)) && p.w(i+3) == "/" && len(p.w(i+4)) == 4 && isDigits(p.w(i+4)) {
		m, _ := strconv.Atoi(w)
		d, _ := strconv.Atoi(p.w(i + 2))
		y, _ := strconv.Atoi(p.w(i + 4))
		return mk(y, m, d, i+5)
	}
	return match{}, false
}

func allDigits(parts []string) bool {
	for _, s := range parts {
		if !isDigits(s) {
			return false
		}
	}
	return true
}

// ---- years and decades ----

// yearExpr reads "1987", "the 1980s", "the '90s", "the eighties", "mid-2019",
// "fiscal 1989", "the year 2000", "nineteen ninety-six".
func (p *parser) yearExpr(i int) (match, bool) {
	j := i
	if p.is(j, "the") {
		j++
	}
	w := p.w(j)
	// Decades.
	if dec, ok := decadeOf(w); ok {
		return match{first: i, last: j + 1, typ: schema.TypeDate, val: constant(dec)}, true
	}
	if (w == "'" || w == "’") && strings.HasSuffix(p.w(j+1), "0s") && len(p.w(j+1)) == 3 && p.d.Tokens[j+1].Start == p.d.Tokens[j].End {
		n, _ := strconv.Atoi(p.w(j + 1)[:1])
		century := "19"
		if n <= 2 {
			century = "20"
		}
		return match{first: i, last: j + 2, typ: schema.TypeDate, val: constant(century + strconv.Itoa(n) + "X")}, true
	}
	if d := decadeWords[w]; d > 0 && j > i {
		return match{first: i, last: j + 1, typ: schema.TypeDate, val: constant("19" + strconv.Itoa(d) + "X")}, true
	}
	// "the 20th century": 19
	if n, ok := ordinalWord(w); ok && n >= 1 && n <= 22 && p.is(j+1, "century") {
		return match{first: i, last: j + 2, typ: schema.TypeDate, val: constant(fmt.Sprintf("%02d", n-1))}, true
	}
	// Compounds: "mid-2019", "mid-1990s", "post-1959", "pre-war" is none.
	if a, b, ok := strings.Cut(w, "-"); ok && (a == "mid" || a == "post" || a == "pre" || a == "early" || a == "late") {
		if len(b) == 4 && isDigits(b) {
			return match{first: i, last: j + 1, typ: schema.TypeDate, val: constant(b)}, true
		}
		if dec, ok := decadeOf(b); ok {
			return match{first: i, last: j + 1, typ: schema.TypeDate, val: constant(dec)}, true
		}
	}
	// "fiscal 1989", "fiscal year 1989", "FY2019", "the year 2000".
	if w == "fiscal" || w == "year" {
		k := j + 1
		if w == "fiscal" && p.is(k, "year") {
			k++
		}
		if y, k2, ok := p.year(k); ok {
			return match{first: i, last: k2, typ: schema.TypeDate, val: constant(fmtYear(y))}, true
		}
		return match{}, false
	}
	if strings.HasPrefix(w, "fy") && len(w) == 6 && isDigits(w[2:]) {
		return match{first: i, last: j + 1, typ: schema.TypeDate, val: constant(w[2:])}, true
	}
	if j > i {
		return match{}, false // "the 1987 treaty": the year alone, below
	}
	y, k, ok := p.year(j)
	if !ok || !p.plausibleYear(j, k, y) {
		return match{}, false
	}
	return match{first: i, last: k, typ: schema.TypeDate, val: constant(fmtYear(y))}, true
}

// decadeOf reads "1980s", "1980's", "1900s" (a century: 19XX).
func decadeOf(w string) (string, bool) {
	w = strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "’s")
	if len(w) == 5 && w[4] == 's' && isDigits(w[:4]) && w[3] == '0' {
		if w[2] == '0' && w[1] != '0' {
			return w[:2] + "XX", true
		}
		return w[:3] + "X", true
	}
	return "", false
}

// plausibleYear tells a year from a count: "in 1987", "the 1987 treaty",
// not "1987 missiles", "$2000", "about 1999 people".
func (p *parser) plausibleYear(i, k, y int) bool {
	if len(p.w(i)) != 4 {
		return k-i >= 2 || p.is(i-1, "in", "of", "since", "until", "by", "from", "year") // "nineteen ninety-six"
	}
	if notYearBefore[p.w(i-1)] || notYearAfter[p.w(k)] {
		return false
	}
	if i > 0 && p.d.Tokens[i-1].End == p.d.Tokens[i].Start && !p.is(i-1, "(", "“", "\"", "‘", "'") {
		return false // glued to what precedes: "$2000", "#1987"
	}
	if p.is(k, ":", ".") && isDigits(p.w(k+1)) || p.is(k, "-", "–", "to") && isDigits(p.w(k+1)) && len(p.w(k+1)) != 4 && len(p.w(k+1)) != 2 {
		return false
	}
	if y < 1800 || y > 2100 {
		return p.is(i-1, "in", "since", "of", "until", "from", "year", "before", "after", "by")
	}
	return true
}

// ---- weekdays ----

// weekdayExpr reads "Monday", "last Friday", "next Tuesday", "Friday
// morning", "Sunday night", "Fridays" (a set).
func (p *parser) weekdayExpr(i int) (match, bool) {
	j := i
	mod := ""
	if p.is(j, "last", "next", "this", "coming", "past", "previous") {
		mod = p.w(j)
		j++
	}
	w := p.w(j)
	plural := false
	wd, ok := weekdays[w]
	if !ok && strings.HasSuffix(w, "s") {
		wd, ok = weekdays[w[:len(w)-1]]
		plural = ok
	}
	if !ok || !p.up[j] {
		return match{}, false
	}
	j++
	iso := int(wd)
	if iso == 0 {
		iso = 7
	}
	if plural {
		if mod != "" {
			return match{}, false
		}
		return match{first: i, last: j, typ: schema.TypeSet, val: constant(fmt.Sprintf("XXXX-WXX-%d", iso))}, true
	}
	part := ""
	if code, ok := dayParts[p.w(j)]; ok && p.w(j) != "overnight" {
		part, j = code, j+1
	}
	dir := dirPast
	switch mod {
	case "next", "coming":
		dir = dirFuture
	case "this":
		dir = sign(p.tenseAt(i, j))
		if dir == dirNone {
			dir = dirFuture
		}
	case "":
		dir = sign(p.tenseAt(i, j))
		if dir == dirNone {
			dir = dirPast
		}
	}
	strict := mod == "last" || mod == "next" || mod == "past" || mod == "previous"
	mt := match{first: i, last: j, typ: schema.TypeDate, rel: true}
	if part != "" {
		mt.typ = schema.TypeTime
	}
	mt.val = func(r ref, _ *discourse) string {
		if !r.ok {
			v := fmt.Sprintf("XXXX-WXX-%d", iso)
			if part != "" {
				v += "T" + part
			}
			return v
		}
		t := weekdayFrom(r, wd, dir, strict)
		if part != "" {
			return fmtDay(t) + "T" + part
		}
		return fmtDay(t)
	}
	return mt, true
}

// weekdayFrom finds weekday wd from the reference in direction dir: the
// reference day itself counts unless strict.
func weekdayFrom(r ref, wd time.Weekday, dir int, strict bool) time.Time {
	diff := int(wd) - int(r.weekday())
	if dir == dirFuture {
		if diff < 0 || (diff == 0 && strict) {
			diff += 7
		}
	} else {
		if diff > 0 || (diff == 0 && strict) {
			diff -= 7
		}
	}
	return r.t.AddDate(0, 0, diff)
}

// ---- deictic words ----

// deictic reads "today", "yesterday", "tomorrow", "tonight", "last night",
// "this morning", "the day before yesterday", and the references "now",
// "recently", "the past", "the future".
func (p *parser) deictic(i int) (match, bool) {
	w := p.w(i)
	if p.inName(i) {
		return match{}, false // "USA Today", "Russia Today"
	}
	dayAt := func(first, last, off int, part string) (match, bool) {
		mt := match{first: first, last: last, typ: schema.TypeDate, rel: true}
		if part != "" {
			mt.typ = schema.TypeTime
		}
		mt.val = func(r ref, _ *discourse) string {
			v := "XXXX-XX-XX"
			if r.ok {
				v = fmtDay(r.t.AddDate(0, 0, off))
			}
			if part != "" {
				v += "T" + part
			}
			return v
		}
		return mt, true
	}
	partAfter := func(j int) (string, int) {
		if code, ok := dayParts[p.w(j)]; ok && p.w(j) != "overnight" {
			return code, j + 1
		}
		return "", j
	}
	switch w {
	case "today", "tomorrow", "yesterday":
		off := map[string]int{"today": 0, "tomorrow": 1, "yesterday": -1}[w]
		part, j := partAfter(i + 1)
		if p.poss[i] {
			part, j = "", i+1
		}
		return dayAt(i, j, off, part)
	case "tonight":
		return dayAt(i, i+1, 0, "NI")
	case "the":
		if m, ok := p.theYear(i); ok {
			return m, true
		}
		if p.is(i+1, "week") && p.is(i+2, "of") {
			// "the week of March 6"
			if d, ok := p.calendarDate(i + 3); ok {
				mt := match{first: i, last: d.last, typ: schema.TypeDate, rel: d.rel}
				mt.val = func(r ref, c *discourse) string {
					v := d.val(r, c)
					if t, ok := ParseValue(v); ok && len(v) == 10 {
						return fmtWeek(t)
					}
					return v
				}
				return mt, true
			}
		}
		if p.is(i+1, "day") && p.is(i+2, "before") && p.is(i+3, "yesterday") {
			return dayAt(i, i+4, -2, "")
		}
		if p.is(i+1, "day") && p.is(i+2, "after") && p.is(i+3, "tomorrow") {
			return dayAt(i, i+4, 2, "")
		}
		if p.is(i+1, "past") && !p.startsCount(i+2) {
			if u, _ := unitWord(p.w(i + 2)); u == uNone {
				return match{first: i, last: i + 2, typ: schema.TypeDate, val: constant("PAST_REF")}, true
			}
		}
		if p.is(i+1, "future") {
			return match{first: i, last: i + 2, typ: schema.TypeDate, val: constant("FUTURE_REF")}, true
		}
		if p.is(i+1, "near", "distant", "foreseeable") && p.is(i+2, "future") {
			return match{first: i, last: i + 3, typ: schema.TypeDate, val: constant("FUTURE_REF")}, true
		}
		if p.is(i+1, "present") && !p.is(i+2, "time") {
			return match{first: i, last: i + 2, typ: schema.TypeDate, val: constant("PRESENT_REF")}, true
		}
	case "this":
		if part, j := partAfter(i + 1); part != "" {
			return dayAt(i, j, 0, part)
		}
	case "last":
		if p.is(i+1, "night") {
			return dayAt(i, i+2, -1, "NI")
		}
	case "now", "currently", "presently", "nowadays":
		return match{first: i, last: i + 1, typ: schema.TypeDate, val: constant("PRESENT_REF")}, true
	case "current":
		// "current" as an adjective of time ("the current talks"), not
		// "current account" or an electric current.
		if p.is(i+1, "account", "accounts", "affairs", "assets", "liabilities", "events", "flow", "flows", "prices", "dollars", "terms") || p.is(i-1, "the", "a", "an", "electric", "alternating", "direct") && p.is(i+1, ".", ",", "") {
			return match{}, false
		}
		if u, _ := unitWord(p.w(i + 1)); u != uNone {
			return match{}, false // "the current year": relativeUnit
		}
		return match{first: i, last: i + 1, typ: schema.TypeDate, val: constant("PRESENT_REF")}, true
	case "recently", "lately":
		return match{first: i, last: i + 1, typ: schema.TypeDate, val: constant("PAST_REF")}, true
	case "recent":
		// "recent years"; "recent" before any other noun is no
		// expression of its own ("the recent attacks").
		if u, pl := unitWord(p.w(i + 1)); u != uNone && pl {
			if u == uYear || u == uDecade {
				return match{first: i, last: i + 2, typ: schema.TypeDate, val: constant("PAST_REF")}, true
			}
			return match{first: i, last: i + 2, typ: schema.TypeDuration, val: constant(duration(-1, u))}, true
		}
	case "these":
		if p.is(i+1, "days") {
			return match{first: i, last: i + 2, typ: schema.TypeDate, val: constant("PRESENT_REF")}, true
		}
	case "coming":
		// "in the coming months": a stretch of the future
		if u, pl := unitWord(p.w(i + 1)); u != uNone && pl {
			return match{first: i, last: i + 2, typ: schema.TypeDuration, val: constant(duration(-1, u))}, true
		}
	case "earlier", "later":
		// "earlier in the year", "later in the month"
		if p.is(i+1, "in") && p.is(i+2, "the") {
			if u, pl := unitWord(p.w(i + 3)); !pl && u >= uWeek && u <= uYear {
				return match{first: i, last: i + 4, typ: schema.TypeDate, rel: true, val: func(r ref, _ *discourse) string { return shift(r, 0, u) }}, true
			}
		}
	case "year-end", "yearend":
		return p.yearEnd(i, i+1), true
	case "year":
		if p.is(i+1, "end") || p.poss[i] && p.is(i+1, "end") {
			return p.yearEnd(i, i+2), true
		}
	case "year-earlier", "year-ago":
		// "compared with year-earlier net income": the same period a
		// year before the one the story is about.
		sent := p.d.SentenceAt(p.d.Tokens[i].Start)
		mt := match{first: i, last: i + 1, typ: schema.TypeDate, rel: true}
		mt.val = func(r ref, c *discourse) string {
			if y, q, ok := c.quarterNear(sent); ok {
				return fmtQuarter(y-1, q)
			}
			return shift(r, -1, uYear)
		}
		return mt, true
	case "soon":
		if p.is(i-1, "as") || p.is(i+1, "as", "after") {
			return match{}, false
		}
		// "he was soon released": soon after a moment of the story, not
		// the reference's future
		if sign(p.tenseAt(i, i+1)) == dirPast {
			return match{}, false
		}
		return match{first: i, last: i + 1, typ: schema.TypeDate, val: constant("FUTURE_REF")}, true
	case "future":
		// "in future"; "future talks" is an adjective, not an expression.
		if p.is(i-1, "in") {
			return match{first: i, last: i + 1, typ: schema.TypeDate, val: constant("FUTURE_REF")}, true
		}
	case "noon", "midday", "midnight":
		v := "T12:00"
		if w == "midnight" {
			v = "T24:00"
		}
		return p.clockOn(i, i+1, v), true
	}
	return match{}, false
}

// theYear reads "the year ended Sept. 30" (a stretch of a year) and "for
// the full year" (the reference year).
func (p *parser) theYear(i int) (match, bool) {
	j := i + 1
	for p.is(j, "full", "fiscal", "latest", "current", "calendar") {
		j++
	}
	if p.is(j, "year") {
		if p.is(j+1, "ended", "ending", "through", "to") {
			return match{first: i, last: j + 1, typ: schema.TypeDuration, val: constant("P1Y")}, true
		}
		if p.is(i+1, "full", "current") || p.is(i-1, "for") && p.is(j+1, ",", ".") {
			off := 0
			if p.is(i+1, "latest") {
				off = -1
			}
			return match{first: i, last: j + 1, typ: schema.TypeDate, rel: true, val: func(r ref, _ *discourse) string { return shift(r, off, uYear) }}, true
		}
	}
	return match{}, false
}

// yearEnd reads "year-end", "year end", "year's end": the end of the
// reference year.
func (p *parser) yearEnd(i, j int) match {
	return match{first: i, last: j, typ: schema.TypeDate, rel: true, val: func(r ref, _ *discourse) string { return shift(r, 0, uYear) }}
}

// startsCount reports a count at i ("the past two years").
func (p *parser) startsCount(i int) bool {
	_, j, ok := p.number(i)
	if !ok {
		return false
	}
	u, _ := unitWord(p.w(j))
	return u != uNone
}

// ---- unit-relative phrases ----

// relativeUnit reads "last year", "this month", "next week", "the past
// year", "the current quarter", "last November", "this summer", "the
// weekend", "the coming year".
func (p *parser) relativeUnit(i int) (match, bool) {
	j := i
	the := false
	if p.is(j, "the") {
		the = true
		j++
	}
	mod := p.w(j)
	off := 0
	switch mod {
	case "last", "past", "previous", "preceding":
		off = -1
	case "this", "current", "present", "same":
		off = 0
		if mod == "same" && !the {
			return match{}, false
		}
	case "next", "coming", "following", "upcoming":
		off = 1
	case "weekend":
		// "the weekend", "over the weekend"
		if !the {
			return match{}, false
		}
		return p.weekend(i, j+1, 0, sign(p.tenseAt(i, j+1))), true
	default:
		return match{}, false
	}
	if mod == "this" && the {
		return match{}, false
	}
	j++
	if p.is(j, "fiscal") {
		j++
	}
	w := p.w(j)
	if w == "weekend" {
		return p.weekend(i, j+1, off, dirNone), true
	}
	if s, ok := seasons[w]; ok {
		return p.relSeason(i, j+1, s, off), true
	}
	if m, ok := months[w]; ok && p.up[j] && !monthNeedsDay[w] {
		mt := match{first: i, last: j + 1, typ: schema.TypeDate, rel: true}
		mt.val = func(r ref, _ *discourse) string {
			if !r.ok {
				return fmt.Sprintf("XXXX-%02d", int(m))
			}
			y := r.year()
			switch {
			case off < 0 && m >= r.month():
				y--
			case off > 0 && m <= r.month():
				y++
			}
			return fmtMonth(y, m)
		}
		return mt, true
	}
	u, plural := unitWord(w)
	if u == uNone || plural || u < uDay {
		return match{}, false
	}
	if p.poss[j] && p.quarterAfter(j+1) {
		return match{}, false // "this year's third quarter": quarterExpr
	}
	if u == uDay {
		if off == 0 && mod != "same" {
			return match{}, false // "this day"
		}
		if the && off != 0 || mod == "same" {
			// "the next day", "the previous day": relative to the story,
			// not to the publication.
			return match{first: i, last: j + 1, typ: schema.TypeDate, val: constant("XXXX-XX-XX")}, true
		}
	}
	if (u == uDecade || u == uCentury) && off != 0 {
		// "the past decade" is a stretch of time.
		return match{first: i, last: j + 1, typ: schema.TypeDuration, val: constant(duration(1, u))}, true
	}
	if mod == "same" {
		return match{}, false
	}
	mt := match{first: i, last: j + 1, typ: schema.TypeDate, rel: true}
	if u == uQuarter {
		mt.quarter = true
	}
	mt.val = func(r ref, _ *discourse) string { return shift(r, off, u) }
	return mt, true
}

// quarterAfter reports a quarter phrase at i ("third quarter").
func (p *parser) quarterAfter(i int) bool {
	if p.is(i, "fiscal") {
		i++
	}
	if _, ok := ordinalWord(p.w(i)); ok && p.is(i+1, "quarter", "half") {
		return true
	}
	w := p.w(i)
	return strings.HasSuffix(w, "-quarter") || strings.HasSuffix(w, "-half")
}

// weekend resolves "the weekend", "last weekend", "this weekend".
func (p *parser) weekend(i, j, off, dir int) match {
	mt := match{first: i, last: j, typ: schema.TypeDate, rel: true}
	mt.val = func(r ref, _ *discourse) string {
		if !r.ok {
			return "XXXX-WXX-WE"
		}
		t := r.t
		switch {
		case off < 0 || (off == 0 && dir == dirPast && t.Weekday() != time.Saturday && t.Weekday() != time.Sunday):
			// the weekend before the reference
			t = weekdayFrom(r, time.Saturday, dirPast, true)
		case off > 0:
			t = weekdayFrom(r, time.Saturday, dirFuture, true)
			if r.weekday() == time.Sunday || r.weekday() == time.Saturday {
				t = t.AddDate(0, 0, 7)
			}
		default:
			if t.Weekday() != time.Sunday {
				t = weekdayFrom(r, time.Saturday, dirFuture, false)
			}
		}
		return fmtWeek(t) + "-WE"
	}
	return mt
}

// ---- "two years ago" ----

// ago reads "two years ago", "a year earlier", "three days later",
// "six months from now", "years ago".
func (p *parser) ago(i int) (match, bool) {
	j := p.approx(i)
	n, k, ok := p.number(j)
	if !ok {
		n, k = -1, j // "years ago"
	}
	u, plural := unitWord(p.w(k))
	if u == uNone || (!ok && !plural) {
		return match{}, false
	}
	k++
	sign := 0
	switch {
	case p.is(k, "earlier", "before") && u != uYear && u != uDecade && u != uCentury && (n > 0 || ok):
		// "a day earlier": from an event of the story, as "later" above
		if p.is(k, "before") && !p.is(k+1, ".", ",", "") {
			return match{}, false
		}
		return match{first: i, last: k, typ: schema.TypeDuration, val: constant(duration(n, u))}, true
	case p.is(k, "ago", "earlier", "before", "back"):
		sign = -1
		if p.is(k, "before") && !p.is(k+1, ".", ",", "") {
			return match{}, false // "a week before the vote"
		}
	case p.is(k, "later", "after"):
		// "three days later" counts from an event of the story, not from
		// the reference: the expression is the stretch, "three days".
		if !ok || p.is(k, "after") && !p.is(k+1, ".", ",", "") {
			return match{}, false
		}
		return match{first: i, last: k, typ: schema.TypeDuration, val: constant(duration(n, u))}, true
	case p.is(k, "hence"):
		sign = 1
	case p.is(k, "from") && p.is(k+1, "now", "today"):
		sign = 1
		k++
	default:
		return match{}, false
	}
	k++
	mt := match{first: i, last: k, typ: schema.TypeDate, rel: true}
	if n < 0 {
		v := "PAST_REF"
		if sign > 0 {
			v = "FUTURE_REF"
		}
		mt.val = constant(v)
		mt.rel = false
		return mt, true
	}
	steps := int(n) * sign
	uu := u
	if n != float64(int(n)) {
		uu, steps = uMonth, int(n*12)*sign
		if u != uYear {
			uu, steps = uDay, 0
		}
	}
	if uu == uDecade {
		uu, steps = uYear, steps*10
	}
	sent := p.d.SentenceAt(p.d.Tokens[i].Start)
	mt.val = func(r ref, c *discourse) string {
		// In a report of quarterly results, "a year ago" is the same quarter
		// a year before the one the story is about.
		if y, q, ok := c.quarterNear(sent); ok && uu == uYear && steps == -1 && p.is(i, "a") {
			return fmtQuarter(y-1, q)
		}
		return shift(r, steps, uu)
	}
	return mt, true
}

// ---- durations ----

// durationExpr reads "six months", "the past two years", "five-year",
// "several weeks", "years", "half an hour", "5 1/2 hours", "the first nine
// months".
func (p *parser) durationExpr(i int) (match, bool) {
	j := i
	if p.is(j, "the") {
		j++
	}
	if p.is(j, "past", "last", "next", "coming", "previous", "following", "first", "final", "remaining", "latest", "initial", "same", "entire", "full", "whole", "other") {
		j++
	}
	j = p.approx(j)
	// "two-year", "16-hour"
	if a, b, ok := strings.Cut(p.w(j), "-"); ok {
		u, _ := unitWord(b)
		if u == uQuarter {
			return match{}, false
		}
		n := -2.0
		if isDigits(a) {
			v, _ := strconv.Atoi(a)
			n = float64(v)
		} else if v, ok := wordNumber(a); ok {
			n = float64(v)
		} else if a == "half" {
			n = 0.5
		}
		if u != uNone && n > -2 {
			// "the two-week visit": the article belongs to the noun
			first := i
			if j == i+1 && p.is(i, "the") {
				first = j
			}
			return match{first: first, last: j + 1, typ: schema.TypeDuration, val: constant(duration(n, u))}, true
		}
		if b2, c2, ok := strings.Cut(b, "-"); ok && c2 == "long" {
			// "decades-long", "two-week-long"; not "6-year-old", an age
			u2, pl := unitWord(b2)
			if u2 != uNone && (n > -2 || pl) {
				if n <= -2 {
					n = -1
				}
				first := i
				if j == i+1 && p.is(i, "the") {
					first = j
				}
				return match{first: first, last: j + 1, typ: schema.TypeDuration, val: constant(duration(n, u2))}, true
			}
		}
		if a == "several" || a == "multi" {
			if u != uNone {
				return match{first: i, last: j + 1, typ: schema.TypeDuration, val: constant(duration(-1, u))}, true
			}
		}
		if u3, pl := unitWord(a); u3 != uNone && pl && b == "long" {
			return match{first: i, last: j + 1, typ: schema.TypeDuration, val: constant(duration(-1, u3))}, true // "decades-long"
		}
		if u3, pl := unitWord(a); u3 != uNone && !pl && b == "long" {
			first := i
			if j == i+1 && p.is(i, "the") {
				first = j
			}
			return match{first: first, last: j + 1, typ: schema.TypeDuration, val: constant(duration(1, u3))}, true // "day-long"
		}
		if a2, b2, ok := strings.Cut(b, "-"); ok { // "twenty-four-hour"
			if v, ok := wordNumber(a + "-" + a2); ok {
				if u, _ := unitWord(b2); u != uNone {
					return match{first: i, last: j + 1, typ: schema.TypeDuration, val: constant(duration(float64(v), u))}, true
				}
			}
		}
	}
	n, k, ok := p.number(j)
	if ok && p.is(k, "to", "or", "-") {
		// "12 to 18 months": a range is an unknown count
		if _, k2, ok2 := p.number(k + 1); ok2 {
			if u, _ := unitWord(p.w(k2)); u != uNone {
				n, k = -1, k2
			}
		}
	}
	if !ok {
		// bare plural: "years", "the years", "weeks"
		u, plural := unitWord(p.w(j))
		if !plural || (u != uYear && u != uMonth && u != uWeek && u != uDecade && u != uCentury) {
			return match{}, false
		}
		if j > i && !p.is(i, "the") {
			return match{}, false
		}
		if p.is(j+1, "of") && p.is(j-1, "the") {
			return match{}, false // "the years of war" reads fine, but "the months of" is often a list
		}
		if p.is(j-1, "recent", "coming") {
			return match{}, false
		}
		return match{first: i, last: j + 1, typ: schema.TypeDuration, val: constant(duration(-1, u))}, true
	}
	if n >= 1000 && n < 2200 && len(p.w(j)) == 4 {
		return match{}, false // "the 1988 quarter" names a year
	}
	if p.is(k, "more", "additional", "full", "straight", "consecutive", "long") {
		k++
	}
	u, plural := unitWord(p.w(k))
	if u == uNone {
		return match{}, false
	}
	if n == 1 && plural {
		return match{}, false // "one years" is no English; a list of items
	}
	if u == uQuarter && p.is(k+1, "of") {
		return match{}, false // "a quarter of the cost": a fraction
	}
	if u == uQuarter && n == 1 && p.is(k+1, "century") {
		return match{first: i, last: k + 2, typ: schema.TypeDuration, val: constant("P25Y")}, true
	}
	if u == uQuarter && n > 0 {
		return match{first: i, last: k + 1, typ: schema.TypeDuration, val: constant(fmt.Sprintf("P%dQ", int(n)))}, true
	}
	// "a year" after an amount is a rate: "$5 billion a year" (setExpr).
	if p.is(j, "a", "an", "per") && p.rateBefore(j) {
		return match{}, false
	}
	if j == i && p.is(j, "a", "an") && p.is(i-1, "once", "twice") {
		return match{}, false
	}
	return match{first: i, last: k + 1, typ: schema.TypeDuration, val: constant(duration(n, u))}, true
}

// rateBefore reports an amount or frequency just before i: "$5 billion a
// year", "twice a week", "10 percent a year".
func (p *parser) rateBefore(i int) bool {
	w := p.w(i - 1)
	return isDigits(strings.ReplaceAll(strings.ReplaceAll(w, ",", ""), ".", "")) || p.is(i-1, "million", "billion", "trillion", "percent", "%", "once", "twice", "times", "thousand", "dollars", "cents", "euros", "barrels", "tons", "people")
}

// ---- sets ----

// setExpr reads "daily", "weekly", "every day", "each year", "every two
// weeks", "every Monday", "twice a year", "$5 a year".
func (p *parser) setExpr(i int) (match, bool) {
	w := p.w(i)
	if p.inName(i) {
		return match{}, false // "The Daily Beast", "NBC Nightly News"
	}
	if v, ok := setWords[w]; ok && v != "" {
		// "its quarterly dividend": a kind of payment, no expression of
		// time of its own ("his weekly radio address" is one).
		if w == "quarterly" && p.is(i-1, "its", "their", "a", "an", "initial", "first", "regular", "usual", "latest", "and", "the") || p.is(i-1, "average") {
			return match{}, false
		}
		return match{first: i, last: i + 1, typ: schema.TypeSet, val: constant(v)}, true
	}
	if p.is(i, "every", "each", "per") {
		j := i + 1
		if wd, ok := weekdays[p.w(j)]; ok {
			iso := int(wd)
			if iso == 0 {
				iso = 7
			}
			return match{first: i, last: j + 1, typ: schema.TypeSet, val: constant(fmt.Sprintf("XXXX-WXX-%d", iso))}, true
		}
		if code, ok := dayParts[p.w(j)]; ok {
			return match{first: i, last: j + 1, typ: schema.TypeSet, val: constant("XXXX-XX-XXT" + code)}, true
		}
		n := 1.0
		if m, k, ok := p.number(j); ok && m > 0 && !p.is(j, "a", "an") {
			n, j = m, k
		} else if p.is(j, "other") {
			n, j = 2, j+1
		}
		u, _ := unitWord(p.w(j))
		if u == uNone {
			return match{}, false
		}
		if u == uQuarter {
			return match{first: i, last: j + 1, typ: schema.TypeSet, val: constant(fmt.Sprintf("P%dM", 3*int(n)))}, true
		}
		return match{first: i, last: j + 1, typ: schema.TypeSet, val: constant(duration(n, u))}, true
	}
	if p.is(i, "a", "an") && p.rateBefore(i) {
		if u, pl := unitWord(p.w(i + 1)); u != uNone && !pl {
			return match{first: i, last: i + 2, typ: schema.TypeSet, val: constant(duration(1, u))}, true
		}
	}
	return match{}, false
}

// ---- quarters and halves ----

// quarterExpr reads "the third quarter", "third-quarter", "the fiscal first
// quarter", "the third quarter of 1990", "Q1", "Q1 2019", "the latest
// quarter", "this year's third quarter", "the year-ago quarter", "the
// first half".
func (p *parser) quarterExpr(i int) (match, bool) {
	j := i
	if p.is(j, "the") {
		j++
	}
	yearOff, hasYearOff := 0, false
	absYear := 0
	if p.is(j, "this", "last", "next") && p.is(j+1, "year") && p.poss[j+1] {
		yearOff, hasYearOff = map[string]int{"this": 0, "last": -1, "next": 1}[p.w(j)], true
		j += 2
	} else if y, k, ok := p.year(j); ok && p.is(k, "fiscal", "first", "second", "third", "fourth", "period", "quarter") || ok && strings.HasSuffix(p.w(k), "-quarter") {
		absYear, j = y, k // "the 1988 third quarter", "the 1989 period"
	}
	for p.is(j, "fiscal", "comparable", "corresponding", "same") {
		j++
	}
	w := p.w(j)
	q, half := 0, false
	latest, yearAgo := false, false
	switch {
	case len(w) == 2 && (w[0] == 'q' || w[0] == 'h') && w[1] >= '1' && w[1] <= '4' && p.up[j]:
		q, half = int(w[1]-'0'), w[0] == 'h'
		if half && q > 2 {
			return match{}, false
		}
		j++
	case strings.HasSuffix(w, "-quarter") || strings.HasSuffix(w, "-half"):
		if j == i+1 && p.is(i, "the") {
			i = j // "the third-quarter loss": the article belongs to the noun
		}
		a, b, _ := strings.Cut(w, "-")
		a = strings.TrimPrefix(a, "fiscal")
		n, ok := ordinalWord(a)
		if !ok || n > 4 {
			return match{}, false
		}
		q, half = n, b == "half"
		j++
	case w == "year-ago" || w == "year-earlier":
		yearAgo = true
		j++
		for p.is(j, "fiscal", "comparable") {
			j++
		}
		if !p.is(j, "quarter", "period") {
			return match{}, false
		}
		j++
	default:
		if n, ok := ordinalWord(w); ok && n <= 4 && p.is(j+1, "fiscal") && p.is(j+2, "quarter", "half") {
			j++
		}
		if n, ok := ordinalWord(w); ok && n <= 4 && p.is(j+1, "quarter", "half") {
			q, half = n, p.w(j+1) == "half"
			if half && n > 2 {
				return match{}, false
			}
			j += 2
		} else if p.is(j, "latest", "last", "past", "previous", "recent", "most") && p.is(j+1, "quarter", "period") ||
			p.is(j, "quarter") && p.is(i, "the") && (j == i+1 || absYear > 0) ||
			p.is(j, "period") && absYear > 0 {
			latest = true
			for !p.is(j, "quarter", "period") {
				j++
			}
			if p.w(j) == "period" && absYear == 0 && !p.is(j-1, "latest") {
				return match{}, false
			}
			j++
		} else {
			return match{}, false
		}
	}
	if q == 0 && half {
		return match{}, false
	}
	// "of 1990", "of fiscal 1990", "1990" after Q1
	if p.is(j, "of") {
		k := j + 1
		if p.is(k, "fiscal") {
			k++
		}
		if p.is(k, "year") {
			k++
		}
		if y, k2, ok := p.year(k); ok {
			absYear, j = y, k2
		}
	} else if y, k2, ok := p.year(j); ok && absYear == 0 && len(p.w(j)) == 4 {
		absYear, j = y, k2
	}
	if p.is(j, "a") && p.is(j+1, "year") && p.is(j+2, "ago", "earlier") {
		yearAgo, j = true, j+3 // "the quarter a year ago"
	}
	dir := sign(p.tenseAt(i, j))
	sent := p.d.SentenceAt(p.d.Tokens[i].Start)
	mt := match{first: i, last: j, typ: schema.TypeDate, rel: absYear == 0, quarter: !yearAgo}
	if half {
		mt.quarter = false
	}
	mt.val = func(r ref, c *discourse) string {
		var y, qq int
		switch {
		case yearAgo:
			y, qq = prevQuarter(r, c, sent)
			y--
		case latest && q == 0:
			if absYear > 0 {
				// "the 1988 period": the story's quarter of 1988, or 1988
				if _, q, ok := c.quarterNear(sent); ok {
					return fmtQuarter(absYear, q)
				}
				return fmtYear(absYear)
			}
			y, qq = prevQuarter(r, c, sent)
		default:
			qq = q
			switch {
			case absYear > 0:
				y = absYear
			case !r.ok:
				y = -1
			default:
				y = r.year()
				if hasYearOff {
					y += yearOff
				} else if !half && dir == dirPast && q > r.quarter() {
					y--
				}
			}
		}
		if y < 0 || !r.ok && absYear == 0 {
			if half {
				return fmt.Sprintf("XXXX-H%d", qq)
			}
			return fmt.Sprintf("XXXX-Q%d", qq)
		}
		if half {
			return fmt.Sprintf("%04d-H%d", y, qq)
		}
		return fmtQuarter(y, qq)
	}
	return mt, true
}

// prevQuarter is the quarter the story is about: the last one named, else
// the last whole quarter before the reference.
func prevQuarter(r ref, c *discourse, sent int) (int, int) {
	if y, q, ok := c.quarterNear(sent); ok {
		return y, q
	}
	if !r.ok {
		return -1, 0
	}
	return quarterAdd(r.year(), r.quarter(), -1)
}

// ---- seasons ----

// seasonExpr reads "this summer", "the summer of 2019", "summer 2019",
// "in the spring", "last fall".
func (p *parser) seasonExpr(i int) (match, bool) {
	j := i
	if p.is(j, "the") {
		j++
	}
	s, ok := seasons[p.w(j)]
	if !ok {
		return match{}, false
	}
	k := j + 1
	if p.is(k, "of") {
		k++
	}
	if y, k2, ok := p.year(k); ok {
		return match{first: i, last: k2, typ: schema.TypeDate, val: constant(fmtYear(y) + "-" + s.code)}, true
	}
	// A bare season needs a frame: "in the spring", "this summer"
	// (relativeUnit), never "prices fall".
	if j == i && !p.is(i-1, "in", "during", "by", "until", "since", "early", "late", "mid", "through") {
		return match{}, false
	}
	if p.is(j+1, "olympics", "games", "session", "offensive", "collection", "camp", "school", "wheat", "storm", "storms", "weather", "break") {
		return match{}, false
	}
	dir := sign(p.tenseAt(i, j+1))
	off := 0
	mt := p.relSeason(i, j+1, s, off)
	inner := mt.val
	mt.val = func(r ref, c *discourse) string {
		if !r.ok || dir == dirNone {
			return inner(r, c)
		}
		cur := seasonOf(r.month())
		y := r.year()
		switch {
		case dir == dirPast && s.index > cur:
			y--
		case dir == dirFuture && s.index < cur:
			y++
		}
		return fmtYear(y) + "-" + s.code
	}
	return mt, true
}

// relSeason resolves "last/this/next SEASON".
func (p *parser) relSeason(i, j int, s season, off int) match {
	mt := match{first: i, last: j, typ: schema.TypeDate, rel: true}
	mt.val = func(r ref, _ *discourse) string {
		if !r.ok {
			return "XXXX-" + s.code
		}
		cur := seasonOf(r.month())
		y := r.year()
		switch {
		case off < 0 && s.index >= cur:
			y--
		case off > 0 && s.index <= cur:
			y++
		}
		return fmtYear(y) + "-" + s.code
	}
	return mt
}

// ---- clock times ----

var ampm = map[string]int{"a.m.": 0, "am": 0, "a.m": 0, "p.m.": 12, "pm": 12, "p.m": 12}

var zones = map[string]bool{
	"gmt": true, "utc": true, "est": true, "edt": true, "cst": true, "cdt": true, "mst": true,
	"mdt": true, "pst": true, "pdt": true, "cet": true, "cest": true, "bst": true, "msk": true,
}

// clockTime reads "3 p.m.", "10:30 a.m. EST", "15:00 GMT", "4 in the
// morning", "noon Thursday".
func (p *parser) clockTime(i int) (match, bool) {
	w := p.w(i)
	if !isDigits(w) || len(w) > 2 {
		return match{}, false
	}
	h, _ := strconv.Atoi(w)
	minute := 0
	j := i + 1
	hasMin := false
	if p.is(j, ":", ".") && isDigits(p.w(j+1)) && len(p.w(j+1)) == 2 && p.d.Tokens[j].Start == p.d.Tokens[i].End {
		minute, _ = strconv.Atoi(p.w(j + 1))
		j += 2
		hasMin = true
	}
	if off, ok := ampm[p.w(j)]; ok {
		if h < 1 || h > 12 {
			return match{}, false
		}
		h = h%12 + off
		j++
	} else if p.is(j, "o'clock", "o’clock") {
		j++
	} else if p.is(j, "in") && p.is(j+1, "the") && p.is(j+2, "morning", "afternoon", "evening") {
		if p.w(j+2) != "morning" && h < 12 {
			h += 12
		}
		j += 3
	} else if !hasMin || !zones[p.w(j)] && !p.is(i-1, "at", "by", "until", "before", "after", "from") {
		return match{}, false
	}
	if h > 24 || minute > 59 {
		return match{}, false
	}
	if zones[p.w(j)] {
		j++
	}
	return p.clockOn(i, j, fmt.Sprintf("T%02d:%02d", h, minute)), true
}

// clockOn makes a time reading [i, j) of clock ("T15:00"), on the day
// that follows when one does ("10 p.m. Wednesday", "noon Thursday",
// "5 p.m. EST Nov. 9"), else on the reference day.
func (p *parser) clockOn(i, j int, clock string) match {
	mt := match{first: i, last: j, typ: schema.TypeTime, rel: true}
	k := j
	if p.is(k, "on") || p.is(k, ",") && !p.is(k+1, "on") {
		k++
	}
	if k < len(p.low) && p.adjacent(k) {
		var day match
		ok := false
		if d, ok1 := p.weekdayExpr(k); ok1 && d.typ == schema.TypeDate {
			day, ok = d, true
		} else if d, ok1 := p.calendarDate(k); ok1 {
			day, ok = d, true
		} else if d, ok1 := p.deictic(k); ok1 && d.typ == schema.TypeDate && d.rel {
			day, ok = d, true
		}
		if ok {
			if v := day.val(ref{}, nil); len(v) >= 10 && v[7] == '-' || strings.Contains(v, "-W") {
				mt.last, mt.rel = day.last, day.rel
				mt.val = func(r ref, c *discourse) string {
					v := day.val(r, c)
					if len(v) != 10 {
						return v
					}
					return v + clock
				}
				return mt
			}
		}
	}
	mt.val = func(r ref, _ *discourse) string {
		if !r.ok {
			return "XXXX-XX-XX" + clock
		}
		return fmtDay(r.t) + clock
	}
	return mt
}

// ---- holidays ----

// holiday reads "Christmas", "Christmas Eve", "New Year's Day",
// "Thanksgiving".
func (p *parser) holiday(i int) (match, bool) {
	if !p.up[i] {
		return match{}, false
	}
	var best match
	found := false
	key := ""
	for k := i; k < i+3 && k < len(p.low); k++ {
		if k > i {
			key += " "
		}
		key += strings.ToLower(p.d.Tokens[k].Text)
		key = strings.ReplaceAll(key, "’", "'")
		md, ok := holidays[key]
		thanks := key == "thanksgiving" || key == "thanksgiving day"
		if !ok && !thanks {
			continue
		}
		last := k + 1
		dir := p.tenseAt(i, last)
		mt := match{first: i, last: last, typ: schema.TypeDate, rel: true}
		mt.val = func(r ref, _ *discourse) string {
			if thanks {
				if !r.ok {
					return "XXXX-11-XX"
				}
				y := r.year()
				if sign(dir) == dirPast && r.month() < 11 {
					y--
				}
				t := time.Date(y, 11, 1, 0, 0, 0, 0, time.UTC)
				for t.Weekday() != time.Thursday {
					t = t.AddDate(0, 0, 1)
				}
				return fmtDay(t.AddDate(0, 0, 21))
			}
			if !r.ok {
				return fmt.Sprintf("XXXX-%02d-%02d", int(md.m), md.d)
			}
			return fmtDay(nearestDay(r, md.m, md.d, dir))
		}
		best, found = mt, true
	}
	return best, found
}
