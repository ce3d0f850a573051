// Package quotes finds quoted remarks and who said them.
//
// A quotation is found from its marks (scanParagraph), then attributed from
// the words around it: a cue verb ("said", "told", "added", "wrote",
// "according to") with a speaker after it or before it, a speaker before a
// colon, or, failing those, the quotation next to it in the paragraph or
// the paragraph before. Pronouns and descriptions ("he", "the minister")
// are resolved to the person last named, and every name to the fullest
// form the people list (or, failing it, the article) gives.
package quotes

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/herald-news/herald/extractors/geo"
	"github.com/herald-news/herald/extractors/schema"
	"github.com/herald-news/herald/extractors/text"
)

// refKind says how a speaker is referred to.
type refKind int

const (
	refNone refKind = iota
	refName
	refPronoun
	refDesc
)

// ref is a reference to a speaker: a span of the text and what it is.
type ref struct {
	kind       refKind
	start, end int
}

// quote is a quotation on its way to a schema.Quote.
type quote struct {
	seg
	kind    string
	ref     ref
	win     [2]int // the attribution window the speaker was read from
	speaker string
	person  int // index into people, -1 when none
	mention *schema.Mention
	said    *schema.DateRef
}

// finder holds what Find needs about one document.
type finder struct {
	d      *text.Doc
	s      string
	people []schema.Person
	dates  []schema.Date
	pm     []pmention // person mentions, by start
	// pronounOf maps a pronoun's offset to the person the people
	// extractor resolved it to.
	pronounOf map[int]int
	quotes    []quote

	// Indexes built once per document, so that what is looked up per
	// quotation costs a binary search or a map lookup rather than a pass
	// over the whole text (long articles and transcripts hold hundreds of
	// quotations).
	mentionsOf [][]int          // per person, indexes into pm, by start
	names      [][]string       // per person, the folded words of the name
	bySurname  map[string][]int // folded surname -> people, in list order
	nameWords  map[string]bool  // every lower-case word of every person's name
	// titleHolders lists, per lower-case word, the people (in list order)
	// one of whose titles holds it.
	titleHolders map[string][]int
	after        map[string][]int        // see mentionsAfter
	fuller       map[string][]fullerForm // fullerName's forms, by name
	midUses      map[string][]int        // commonWord's mid-sentence uses, by word
}

// pmention is a mention of people[person] at [start, end).
type pmention struct{ start, end, person int }

// Find returns the quotes of d, with speakers resolved to people's full
// names where the speaker is a person.
func Find(d *text.Doc, people []schema.Person, ds []schema.Date) []schema.Quote {
	f := &finder{d: d, s: d.Text, people: people, dates: ds, pronounOf: map[int]int{}}
	f.indexPeople()
	f.scan()
	if len(f.quotes) == 0 {
		return nil
	}
	for i := range f.quotes {
		f.attribute(i)
	}
	f.propagate()
	for i := range f.quotes {
		f.resolve(i)
	}
	f.dateQuotes()
	out := make([]schema.Quote, 0, len(f.quotes))
	for _, q := range f.quotes {
		if q.kind == schema.KindPartial && q.speaker == "" {
			continue // scare quotes, titles: no one is quoted
		}
		out = append(out, schema.Quote{
			Text:           f.s[q.start:q.end],
			Speaker:        q.speaker,
			Kind:           q.kind,
			Start:          q.start,
			End:            q.end,
			SpeakerMention: q.mention,
			Said:           q.said,
		})
	}
	return out
}

// scan finds the quotations of every paragraph, marking those that carry
// on an unclosed quotation of the paragraph before.
func (f *finder) scan() {
	lastOpen := -2 // paragraph whose last quotation was left open
	for pi, p := range f.d.Paragraphs {
		segs := scanParagraph(f.s, p.Start, p.End, pi)
		for k, g := range segs {
			if k == 0 && g.open == p.Start && lastOpen == pi-1 {
				g.cont = true
			}
			f.quotes = append(f.quotes, quote{seg: g, person: -1})
		}
		if n := len(segs); n > 0 && !segs[n-1].closed {
			lastOpen = pi
		}
	}
}

// attribute reads the quotation's speaker and kind from the words of its
// own sentence: after the closing mark ("…,” said X", "…,” X said"), then
// before the opening mark ("X said: “…", "According to X, “…").
func (f *finder) attribute(i int) {
	q := &f.quotes[i]
	q.kind = schema.KindDirect
	if r := f.label(q.start); r.kind != refNone {
		q.ref = r
		return
	}
	before := f.beforeWindow(i)
	// Speaker before a colon ("Caddell continued:", "Pat Caddell: …") or a
	// cue right before the mark.
	bk, bref := f.readBefore(before)
	if bk == beforePartial || f.runsOn(i) {
		q.kind = schema.KindPartial
	}
	if q.closed {
		after := f.afterWindow(i)
		if r := f.readAfter(after); r.kind != refNone {
			q.ref, q.win = r, [2]int{f.d.Tokens[after[0]].Start, f.d.Tokens[after[1]-1].End}
			if bk == beforePartial && bref.kind != refNone {
				// "He called it “a disgrace,” adding …": the cue before
				// introduced the fragment.
				q.ref = bref
			}
			return
		}
	}
	if bref.kind != refNone {
		q.ref = bref
		if len(before) == 2 && before[0] < before[1] {
			q.win = [2]int{f.d.Tokens[before[0]].Start, f.d.Tokens[before[1]-1].End}
		}
	}
}

// label reads the speaker's label that opens a quoted transcript
// paragraph ("PENCE: Well, look, …").
func (f *finder) label(off int) ref {
	k := f.d.TokenAt(off)
	toks := f.d.Tokens
	if k+1 >= len(toks) || toks[k].Start != off || toks[k+1].Text != ":" {
		return ref{}
	}
	t := toks[k].Text
	if utf8.RuneCountInString(t) < 2 || strings.ToUpper(t) != t || !text.IsCapitalized(t) {
		return ref{}
	}
	return ref{kind: refName, start: toks[k].Start, end: toks[k].End}
}

// runsOn reports a quotation that the sentence runs on after, with no
// punctuation of its own at the end: a fragment ("says ‘No new ground
// broken’ with Russia").
func (f *finder) runsOn(i int) bool {
	q := &f.quotes[i]
	if !q.closed {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(f.s[q.start:q.end])
	if unicode.IsPunct(last) {
		return false
	}
	k := f.d.TokenAt(q.closeEnd)
	if k >= len(f.d.Tokens) || f.paraOfToken(k) != q.para {
		return false
	}
	t := f.d.Tokens[k].Text
	w := strings.ToLower(t)
	return text.IsLowercase(t) && !pronouns[w] && !f.isCue(k) && !skippable[w] && w != "according"
}

// beforeWindow returns the tokens [a, b) of the quotation's sentence
// before its opening mark, after any earlier quotation.
func (f *finder) beforeWindow(i int) [2]int {
	q := &f.quotes[i]
	b := f.d.TokenAt(q.open)
	p := f.d.Paragraphs[q.para]
	lo := p.First
	if i > 0 && f.quotes[i-1].para == q.para {
		lo = max(lo, f.d.TokenAt(f.quotes[i-1].closeEnd))
	}
	a := b
	for a > lo && !f.isEnd(a-1) {
		a--
	}
	return [2]int{a, b}
}

// afterWindow returns the tokens [a, b) after the quotation's closing mark
// up to the end of its sentence or the next quotation.
func (f *finder) afterWindow(i int) [2]int {
	q := &f.quotes[i]
	a := f.d.TokenAt(q.closeEnd)
	p := f.d.Paragraphs[q.para]
	hi := p.Last
	if i+1 < len(f.quotes) && f.quotes[i+1].para == q.para {
		hi = min(hi, f.d.TokenAt(f.quotes[i+1].open))
	}
	b := a
	for b < hi {
		b++
		if f.isEnd(b - 1) {
			break
		}
	}
	return [2]int{a, b}
}

// isLead reports a capitalised function word that opens a sentence
// ("But", "The"); an acronym ("US") is none.
func (f *finder) isLead(i int) bool {
	t := f.d.Tokens[i].Text
	if len(t) > 1 && strings.ToUpper(t) == t {
		return false
	}
	return leadWords[strings.ToLower(t)]
}

// isEnd reports a full stop, question or exclamation mark at token k
// that ends a sentence: not the stop of a title or an initial before a
// name ("Del. Stacey Plaskett"), nor one inside brackets ("(D-Wis.)").
func (f *finder) isEnd(k int) bool {
	toks := f.d.Tokens
	t := toks[k].Text
	if t != "." && t != "!" && t != "?" {
		return false
	}
	if k+1 < len(toks) {
		next := toks[k+1].Text
		if next == ")" || next == "]" || next == "," || next == ";" || text.IsLowercase(next) && toks[k+1].Start == toks[k].End {
			return false
		}
		if t == "." && k > 0 && toks[k-1].End == toks[k].Start && text.IsCapitalized(next) {
			w := strings.ToLower(toks[k-1].Text)
			if personTitles[w] || utf8.RuneCountInString(w) == 1 {
				return false
			}
		}
	}
	return true
}

// low is the lower-cased text of token i.
func (f *finder) low(i int) string { return strings.ToLower(f.d.Tokens[i].Text) }

func (f *finder) isCue(i int) bool {
	w := f.low(i)
	if w == "put" || w == "puts" {
		// "as X put it"
		return i+1 < len(f.d.Tokens) && f.low(i+1) == "it"
	}
	if next, ok := phrasalCues[w]; ok {
		// "shot back", "pointed out"
		return i+1 < len(f.d.Tokens) && f.low(i+1) == next
	}
	if !cues[w] {
		return false
	}
	// A capitalised word after another, in a sentence not written in Title
	// Case, is part of a name: "the United States would", "The Washington
	// Post reports" are no cues.
	if i > 0 && text.IsCapitalized(f.d.Tokens[i].Text) && text.IsCapitalized(f.d.Tokens[i-1].Text) && !f.breakBefore(i-1, i) && !f.titleCase(i) {
		return false
	}
	return true
}

// titleCase reports whether the sentence holding token i is written in
// Title Case or capitals (a headline): no lower-case word of four letters
// or more.
func (f *finder) titleCase(i int) bool {
	si := f.d.SentenceAt(f.d.Tokens[i].Start)
	if si < 0 {
		return false
	}
	s := f.d.Sentences[si]
	for k := s.First; k < s.Last; k++ {
		if t := f.d.Tokens[k].Text; text.IsLowercase(t) && utf8.RuneCountInString(t) >= 4 {
			return false
		}
	}
	return true
}

// isAccordingTo reports "according to" at token i.
func (f *finder) isAccordingTo(i, end int) bool {
	return i+1 < end && f.low(i) == "according" && f.low(i+1) == "to"
}

// readAfter reads a speaker from the tokens after a closing mark: "said
// X", "X said", "X, a spokesman, said", "according to X".
func (f *finder) readAfter(w [2]int) ref {
	a, b := w[0], w[1]
	dash := false
	for a < b && isPunct(f.d.Tokens[a].Text) {
		if isDash(f.d.Tokens[a].Text) {
			dash = true
		}
		a++
	}
	if a >= b {
		return ref{}
	}
	if dash {
		// A byline under the quotation: "” ― Stephanie Egan".
		if r := f.npAfter(a, b); r.kind == refName {
			e := f.d.TokenAt(r.end)
			for e < b && isPunct(f.d.Tokens[e].Text) {
				e++
			}
			if e >= b {
				return r
			}
		}
	}
	if f.isAccordingTo(a, b) {
		return f.npAfter(a+2, b)
	}
	k := a
	for k < b && skippable[f.low(k)] && k-a < 2 {
		k++
	}
	if k < b && f.isCue(k) {
		if r := f.npAfter(k+1, b); r.kind != refNone {
			return r
		}
	}
	// Speaker first: the first cue within reach, with a compact noun phrase
	// before it.
	for k := a; k < b && k-a <= 30; k++ {
		if f.isAccordingTo(k, b) && k == a {
			return f.npAfter(k+2, b)
		}
		if !f.isCue(k) {
			continue
		}
		if k == a {
			return ref{}
		}
		r := f.npBefore(a, k)
		if r.kind == refNone {
			return ref{}
		}
		if !f.compactSubject(a, k, b, r) {
			return ref{}
		}
		return r
	}
	return ref{}
}

// compactSubject reports whether the speaker r of the cue at k, found
// after a closing mark, belongs to the quotation: it starts the window at
// a, give or take a few modifiers ("IMF chief economist Maury Obstfeld
// said"), or ends a sentence that the quotation began ("“…” of the
// Clinton proposals, Mr. Holtz-Eakin said."); not a clause of its own
// ("“….” Trump then turned to trade, saying").
func (f *finder) compactSubject(a, k, b int, r ref) bool {
	first := f.d.TokenAt(r.start)
	n, punct := 0, false
	for j := a; j < first; j++ {
		if isPunct(f.d.Tokens[j].Text) {
			punct = true
		} else {
			n++
		}
	}
	if n <= 2 || n <= 4 && !punct {
		return true
	}
	if first > a && f.d.Tokens[first-1].Text == "," && n <= 8 {
		// "the EU's foreign policy chief, Anna Lindqvist, told": the name
		// set off after the description the window opens with.
		switch w := f.low(a); {
		case w == "the" || w == "a" || w == "an" || text.IsCapitalized(f.d.Tokens[a].Text) && !f.isLead(a):
			return true
		}
	}
	return first > a && f.d.Tokens[first-1].Text == "," && b-k <= 4
}

// before-window readings.
const (
	beforeNone    = iota
	beforeDirect  // the quotation opens the sentence, or follows a colon or cue
	beforePartial // a fragment inside a sentence
)

// readBefore reads the words of the quotation's sentence before its
// opening mark: how the quotation stands in the sentence, and a speaker
// if they give one.
func (f *finder) readBefore(w [2]int) (int, ref) {
	a, b := w[0], w[1]
	// Leading dashes and the like say nothing.
	for a < b && isPunct(f.d.Tokens[a].Text) && f.d.Tokens[a].Text != ":" {
		a++
	}
	if a >= b {
		return beforeDirect, ref{}
	}
	last := f.d.Tokens[b-1].Text
	switch {
	case last == ":":
		// "Caddell continued:", "Thompson told reporters:", "Pat Caddell:".
		if k := f.lastCue(a, b-1); k >= 0 {
			return beforeDirect, f.subjectOf(a, k)
		}
		if r := f.npBefore(a, b-1); r.kind == refName {
			return beforeDirect, r
		}
		// "… is rolling out a new campaign message:", "Here’s Clinton in
		// December 1992:", "Cruz called them on it:"
		// A person named in the sentence is its subject before any other
		// capitalised word ("With Democratic leaders worried, President
		// Obama is rolling out a message:").
		if r := f.firstPerson(a, b-1); r.kind != refNone {
			return beforeDirect, r
		}
		return beforeDirect, f.npFirst(a, b-1)
	case last == "," || last == "—" || last == "–":
		if f.isAccordingTo(a, b) {
			return beforeDirect, f.npAfter(a+2, b-1)
		}
		if k := f.lastCue(a, b-1); k >= 0 && b-1-k <= 6 {
			return beforeDirect, f.subjectOf(a, k)
		}
	case f.isCue(b - 1):
		return beforeDirect, f.subjectOf(a, b-1)
	}
	// A fragment inside the sentence: the speaker is the subject of the
	// last cue before it ("He claimed that this aim was “confirmed”").
	for k := b - 1; k >= a; k-- {
		if f.isCue(k) || partialCues[f.low(k)] {
			return beforePartial, f.subjectOf(a, k)
		}
		if f.isAccordingTo(k, b) {
			return beforePartial, f.npAfter(k+2, b)
		}
	}
	// A name opening the sentence, then a colon ("Pat Caddell: … It’s
	// ‘in Their Heads’").
	for k := a; k < b && k-a <= 6; k++ {
		if f.d.Tokens[k].Text == ":" {
			if r := f.npBefore(a, k); r.kind == refName {
				return beforePartial, r
			}
			break
		}
	}
	return beforePartial, ref{}
}

// lastCue returns the last cue among tokens [a, b), or -1.
func (f *finder) lastCue(a, b int) int {
	for k := b - 1; k >= a; k-- {
		if f.isCue(k) {
			return k
		}
	}
	return -1
}

// subjectOf returns the speaker of the cue at token k, the window starting
// at a: the noun phrase right before it, or, when a conjunction stands
// there ("arrived and said"), the sentence's first.
func (f *finder) subjectOf(a, k int) ref {
	if r := f.npBefore(a, k); r.kind != refNone {
		return r
	}
	if strings.HasSuffix(f.low(k), "ing") {
		// "Clinton posted a comment of her own, saying, “…"
		if r := f.npFirst(a, k); r.kind != refNone {
			return r
		}
	}
	j := k - 1
	for j >= a && skippable[f.low(j)] {
		j--
	}
	if j > a && f.low(j) == "who" {
		// "Mark Ellison, who said on Monday that …": the name the
		// relative clause hangs on.
		c := j
		if toks := f.d.Tokens; toks[c-1].Text == "," {
			c--
		}
		if r := f.npBefore(a, c); r.kind == refName {
			return r
		}
	}
	if j >= a && (f.low(j) == "and" || f.low(j) == "but" || f.low(j) == "to" || f.low(j) == "before" || f.low(j) == "after") {
		// "arrived and said", "interjected to say", "before saying"
		return f.npFirst(a, j)
	}
	if !f.isCue(k) {
		// "called the text “a propaganda exercise”": what follows is the
		// object, not the speaker.
		return ref{}
	}
	// "said" with its subject after it: "said Caddell".
	return f.npAfter(k+1, min(k+8, f.d.Paragraphs[f.paraOfToken(k)].Last))
}

func (f *finder) paraOfToken(k int) int {
	off := f.d.Tokens[k].Start
	ps := f.d.Paragraphs
	i := sort.Search(len(ps), func(i int) bool { return ps[i].End > off })
	if i == len(ps) {
		return len(ps) - 1
	}
	return i
}

// npBefore reads the noun phrase that ends right before token k, within
// tokens [a, k): a name, a pronoun or a description, skipping adverbs and
// auxiliaries ("also", "has"), a parenthesis ("(D-Wis.)") and an
// appositive between commas ("Flynn, a top Trump surrogate,").
func (f *finder) npBefore(a, k int) ref { return f.check(f.npBefore0(a, k)) }

func (f *finder) npBefore0(a, k int) ref {
	toks := f.d.Tokens
	j := k - 1
	for j >= a && (skippable[f.low(j)] || isAdverb(toks[j].Text) && j > a && (text.IsCapitalized(toks[j-1].Text) || pronouns[f.low(j-1)])) {
		j--
	}
	if j >= a && toks[j].Text == ")" {
		for j >= a && toks[j].Text != "(" {
			j--
		}
		j--
	}
	if j >= a && toks[j].Text == "," {
		c := j - 1
		for c >= a && toks[c].Text != "," {
			c--
		}
		if c < a || !f.appositive(c+1, j) {
			return ref{}
		}
		// "Russia's ambassador, Oleg Sedov, called": a name set off after
		// a description or title is the speaker.
		if c > a && text.IsLowercase(toks[c-1].Text) && text.IsCapitalized(toks[c+1].Text) && !f.isLead(c+1) && f.runEnd(c+1, j) == j-1 {
			return ref{kind: refName, start: toks[c+1].Start, end: toks[j-1].End}
		}
		j = c - 1
		if j >= a && toks[j].Text == ")" {
			for j >= a && toks[j].Text != "(" {
				j--
			}
			j--
		}
	}
	if j < a {
		return ref{}
	}
	w := f.low(j)
	switch {
	case pronouns[w]:
		return ref{kind: refPronoun, start: toks[j].Start, end: toks[j].End}
	case isNameWord(toks[j].Text):
		s0 := f.runStart(a, j)
		s := f.orgStart(a, s0, j)
		// "Mr. Morgan of the Sierra Club": the head comes first.
		o := s - 1
		if o > a && f.low(o) == "the" {
			o--
		}
		// After an organisation's name read in full, only a person's
		// name or title is such a head ("Archbishop Aris Shirvanian of the
		// Armenian Patriarchate of Jerusalem"; not "the Science and
		// Technology Directorate of the Department of Homeland Security").
		if o > a && f.low(o) == "of" && text.IsCapitalized(toks[o-1].Text) && (s == s0 || !f.noPerson(f.runStart(a, o-1), o)) {
			head := strings.TrimSuffix(f.low(o-1), ".")
			switch {
			case personTitles[head] || f.personTitleWord(o-1):
				// "Secretary of State Antony Hale": a title, then the name.
			case orgWords[head] || orgHeads[head]:
				// "International Committee of the Red Cross": one name.
				s = f.runStart(a, o-1)
			default:
				j = o - 1
				s = f.runStart(a, j)
			}
		}
		for s < j && f.isLead(s) {
			s++
		}
		if f.isLead(s) {
			return ref{}
		}
		// "France, Germany and Britain said": the first of coordinated
		// names speaks for them.
		if c := s - 1; c-1 >= a && f.low(c) == "and" {
			for c-1 >= a && text.IsCapitalized(toks[c-1].Text) && !f.isLead(c-1) && !calendarWords[f.low(c-1)] {
				p := f.runStart(a, c-1)
				if f.isLead(p) || c-1-p > 3 {
					break
				}
				s, j = p, c-1
				c = p - 1
				if c < a || toks[c].Text != "," {
					break
				}
			}
		}
		return ref{kind: refName, start: toks[s].Start, end: toks[j].End}
	case text.IsLowercase(toks[j].Text):
		if stopAfterDesc[w] || w == "but" || w == "or" {
			// A clause's end, not a noun: "at his briefing on Friday but".
			return ref{}
		}
		// A description: back to its determiner, a few words at most.
		for s := j; s >= a && s >= j-5; s-- {
			if s < j && stopAfterDesc[f.low(s)] {
				break
			}
			switch f.low(s) {
			case "the", "a", "an", "this", "that", "his", "her", "their", "its", "our", "one", "another":
				return ref{kind: refDesc, start: toks[s].Start, end: toks[j].End}
			}
			if isPunct(toks[s].Text) {
				break
			}
		}
		// A bare plural ("officials said", "protesters said").
		if strings.HasSuffix(w, "s") && (j == a || isPunct(toks[j-1].Text) || text.IsCapitalized(toks[j-1].Text)) {
			s := j
			if j > a && text.IsCapitalized(toks[j-1].Text) {
				s = j - 1
			}
			return ref{kind: refDesc, start: toks[s].Start, end: toks[j].End}
		}
	}
	return ref{}
}

// personTitleWord reports a title word written with a hyphen
// ("Secretary-General", "Attorney-General").
func (f *finder) personTitleWord(k int) bool {
	for _, w := range strings.Split(f.low(k), "-") {
		if personTitles[w] {
			return true
		}
	}
	return false
}

// runStart returns the first token of the run of capitalised words that
// ends at token j, within tokens [a, j]; particles ("de") and lower-case
// titles between capitals ("MSNBC host Chris Matthews") belong to it.
func (f *finder) runStart(a, j int) int {
	toks := f.d.Tokens
	s := j
	for s-1 >= a {
		t := toks[s-1].Text
		if isNameWord(t) || t == "." && s-2 >= a && toks[s-2].End == toks[s-1].Start && personTitles[f.low(s-2)] {
			s--
			continue
		}
		if (text.IsNameParticle(t) || personTitles[f.low(s-1)]) && s-2 >= a && text.IsCapitalized(toks[s-2].Text) {
			s--
			continue
		}
		break
	}
	return s
}

// orgStart returns the first token of an organisation's name whose last
// capitalised words are tokens [s, j], within tokens [a, j]: back over
// connectors ("the International Campaign to Ban Landmines") as long as
// the words before each connector name an organisation (namesOrg). "and"
// joins only words that name no organisation by themselves to the
// organisation's word after it ("the Arms Control and Disarmament
// Agency"): "the Pentagon and the State Department", "France and Germany"
// are two. Else it returns s.
func (f *finder) orgStart(a, s, j int) int {
	toks := f.d.Tokens
	for {
		o, the := s-1, false
		if o > a && f.low(o) == "the" && text.IsLowercase(toks[o].Text) {
			o, the = o-1, true
		}
		if o <= a || !connectors[f.low(o)] || !text.IsLowercase(toks[o].Text) || !isNameWord(toks[o-1].Text) || calendarWords[f.low(s)] {
			return s // "the Defense Ministry on Monday said"
		}
		p := f.runStart(a, o-1)
		if f.low(o) == "and" {
			if the || !f.holdsOrgWord(s, j+1) || f.holdsOrgWord(p, o) || geo.Known(f.s[toks[p].Start:toks[o-1].End]) {
				return s
			}
		}
		if !f.namesOrg(p, o) && f.low(o) != "and" || !f.noPerson(p, j+1) {
			return s
		}
		s = p
	}
}

// orgEnd returns the last token of an organisation's name that starts at
// token s and whose capitalised words run to token e, before token b:
// on over connectors and the capitalised words after them ("said the
// Organization for the Prohibition of Chemical Weapons"), as long as the
// words so far name an organisation (namesOrg). "and" goes on only inside
// what another connector began ("the Center for Strategic and
// International Studies"). Else it returns e.
func (f *finder) orgEnd(s, e, b int) int {
	toks := f.d.Tokens
	inner := false
	for {
		o := e + 1
		if o+1 >= b || !connectors[f.low(o)] || !text.IsLowercase(toks[o].Text) {
			return e
		}
		n := o + 1
		if f.low(n) == "the" && n+1 < b {
			if f.low(o) == "and" {
				return e
			}
			n++
		}
		if f.low(o) == "and" && !inner || !isNameWord(toks[n].Text) || calendarWords[f.low(n)] || !f.namesOrg(s, o) {
			return e
		}
		ne := f.runEnd(n, b)
		if !f.noPerson(n, ne+1) {
			return e
		}
		e, inner = ne, true
	}
}

// holdsOrgWord reports tokens [p, q) one of which is an organisation's
// word ("Agency", "Campaign").
func (f *finder) holdsOrgWord(p, q int) bool {
	for k := p; k < q; k++ {
		if w := strings.ToLower(trimPossessive(f.d.Tokens[k].Text)); orgWords[w] || orgHeads[w] {
			return true
		}
	}
	return false
}

// namesOrg reports whether tokens [p, q) can open an organisation's name
// that a connector goes on with: they hold no person's name or title, and
// either hold an organisation's word ("Campaign", "Organization",
// "Committee") or follow "the" ("The Bulletin of the Atomic Scientists";
// a person is not "the Morgan of the Sierra Club").
func (f *finder) namesOrg(p, q int) bool {
	if !f.noPerson(p, q) {
		return false
	}
	the := p > 0 && f.low(p-1) == "the" ||
		p < q && strings.ToLower(trimPossessive(f.d.Tokens[p].Text)) == "the"
	return the || f.holdsOrgWord(p, q)
}

// noPerson reports tokens [p, q) that hold no person's title and no word of
// the name of a person of the article.
func (f *finder) noPerson(p, q int) bool {
	for k := p; k < q; k++ {
		w := strings.ToLower(trimPossessive(f.d.Tokens[k].Text))
		if personTitles[strings.TrimSuffix(w, ".")] || f.personTitleWord(k) || f.nameWords[w] {
			return false
		}
	}
	return true
}

// inOrgName reports a lower-case connector or "the" at token k, inside
// tokens [i0, i1), that joins capitalised words of one name: "to" in
// "International Campaign to Ban Landmines".
func (f *finder) inOrgName(k, i0, i1 int) bool {
	toks := f.d.Tokens
	if !text.IsLowercase(toks[k].Text) || k == i0 || k+1 >= i1 {
		return false
	}
	if w := f.low(k); !connectors[w] && w != "the" {
		return false
	}
	return isNameWord(toks[k+1].Text) || f.low(k+1) == "the"
}

// runEnd returns the last token of the run of capitalised words that
// starts at token s, before token b.
func (f *finder) runEnd(s, b int) int {
	toks := f.d.Tokens
	e := s
	for e+1 < b {
		t := toks[e+1].Text
		if isNameWord(t) || t == "." && toks[e].End == toks[e+1].Start && personTitles[f.low(e)] && e+2 < b && text.IsCapitalized(toks[e+2].Text) {
			e++
			continue
		}
		if (text.IsNameParticle(t) || personTitles[f.low(e+1)]) && e+2 < b && text.IsCapitalized(toks[e+2].Text) {
			e++
			continue
		}
		break
	}
	return e
}

// check drops a reference that cannot be a speaker: a run of capitals
// that is a shouted heading ("RED STATES OUTNUMBER BLUE"), a day or month
// ("Thursday"), or a description of something said ("the following
// statement").
func (f *finder) check(r ref) ref {
	switch r.kind {
	case refName:
		i0, i1 := f.d.TokenAt(r.start), f.d.TokenAt(r.end)
		caps, words, named := 0, 0, false
		for k := i0; k < i1; k++ {
			t := f.d.Tokens[k].Text
			if isPunct(t) {
				continue
			}
			words++
			if utf8.RuneCountInString(t) > 3 && strings.ToUpper(t) == t {
				caps++
			}
			if !calendarWords[strings.ToLower(t)] {
				named = true
			}
		}
		if caps >= 2 && caps*2 >= words || !named {
			return ref{}
		}

	case refDesc:
		w := strings.Fields(strings.ToLower(f.s[r.start:r.end]))
		if speechNouns[strings.Trim(w[len(w)-1], ".,")] {
			return ref{}
		}
	}
	return r
}

// commonWord reports a single capitalised word that opens a sentence and
// is no name: the people list does not hold it and the article never
// capitalises it mid-sentence ("Wait", "Back", "Ever").
func (f *finder) commonWord(k int) bool {
	toks := f.d.Tokens
	if k > 0 && !f.isEnd(k-1) && !isOpenMark(toks[k-1].Text) && !f.breakBefore(k-1, k) {
		return false // mid-sentence
	}
	w := trimPossessive(toks[k].Text)
	if f.nameWords[strings.ToLower(w)] {
		return false
	}
	if _, ok := inFull(w); ok {
		return false
	}
	uses, ok := f.midUses[w]
	if !ok {
		uses = f.midSentenceUses(w)
		if f.midUses == nil {
			f.midUses = map[string][]int{}
		}
		f.midUses[w] = uses
	}
	for _, i := range uses {
		if i != toks[k].Start {
			return false
		}
	}
	return true
}

// midSentenceUses lists the offsets where the article writes w as a word
// after a lower-case word or a comma: as a name mid-sentence.
func (f *finder) midSentenceUses(w string) []int {
	var out []int
	for off := 0; ; {
		i := strings.Index(f.s[off:], w)
		if i < 0 {
			return out
		}
		i += off
		off = i + len(w)
		if !wordBoundary(f.s, i, off) {
			continue
		}
		before := strings.TrimRight(f.s[max(0, i-20):i], " ")
		if r, _ := utf8.DecodeLastRuneInString(before); unicode.IsLower(r) || r == ',' {
			out = append(out, i)
		}
	}
}

func isOpenMark(t string) bool {
	switch t {
	case "“", "‘", "\"", "'", "(", "—", "―", "-":
		return true
	}
	return false
}

// appositive reports whether tokens [a, b) read as an appositive or a
// relative clause: "a top Trump surrogate", "82", "who spoke at the rally".
func (f *finder) appositive(a, b int) bool {
	if a >= b || b-a > 30 {
		return false
	}
	w := f.low(a)
	switch w {
	case "a", "an", "the", "who", "whose", "which", "his", "her", "their", "its", "now", "then", "also", "one", "another", "himself", "herself", "speaking",
		"after", "before", "in", "during", "at", "on", "with", "like", "for", "as", "however", "though", "too", "meanwhile":
		return true
	}
	r, _ := utf8.DecodeRuneInString(w)
	if e := f.runEnd(a, b); text.IsCapitalized(f.d.Tokens[a].Text) && b-a > 4 && e < b-1 && trimPossessive(f.d.Tokens[e].Text) == f.d.Tokens[e].Text {
		// (A possessive ends the run in "Mr. Obama's deputy national
		// security adviser": an appositive.)
		// A clause, not an appositive: "During a speech earlier in the
		// day, Trump attacked Clinton for her support of …, saying".
		return false
	}
	return unicode.IsDigit(r) || text.IsCapitalized(f.d.Tokens[a].Text) || personTitles[strings.TrimSuffix(w, ".")]
}

// npFirst reads the first noun phrase of tokens [a, b): the subject of a
// sentence whose verbs are coordinated.
func (f *finder) npFirst(a, b int) ref {
	toks := f.d.Tokens
	for k := a; k < b; k++ {
		w := f.low(k)
		if pronouns[w] {
			return ref{kind: refPronoun, start: toks[k].Start, end: toks[k].End}
		}
		if text.IsCapitalized(toks[k].Text) && !f.isLead(k) {
			e := f.orgEnd(k, f.runEnd(k, b), b)
			if r, ok := f.appositiveName(e, b); ok {
				// "Pakistan’s Foreign Office spokesman, Tahir Mahmood,"
				return r
			}
			r := f.check(ref{kind: refName, start: toks[k].Start, end: toks[e].End})
			if r.kind != refNone && (e > k || !f.commonWord(k)) {
				return r
			}
			k = e // "On Tuesday, Mr. McConnell …"
		}
	}
	return ref{}
}

// firstPerson returns the first mention of a person among tokens [a, b),
// outside quotations, as a name reference.
func (f *finder) firstPerson(a, b int) ref {
	if a >= b {
		return ref{}
	}
	lo, hi := f.d.Tokens[a].Start, f.d.Tokens[b-1].End
	for _, m := range f.pm[f.pmFrom(lo):] {
		if m.start >= hi {
			break
		}
		if !f.insideQuote(m.start) {
			return ref{kind: refName, start: m.start, end: m.end}
		}
	}
	return ref{}
}

// appositiveName reads a name set off by commas after a title that
// follows the name ending at token e: "Pakistan’s Foreign Office spokesman,
// Tahir Mahmood," gives Tahir Mahmood. The title is one to four lower-case
// words; the name must be a person's mention.
func (f *finder) appositiveName(e, b int) (ref, bool) {
	toks := f.d.Tokens
	k := e + 1
	for k < b && k-e <= 4 && text.IsLowercase(toks[k].Text) && !stopAfterDesc[f.low(k)] && !f.isCue(k) {
		k++
	}
	if k == e+1 || k+1 >= b || toks[k].Text != "," || !text.IsCapitalized(toks[k+1].Text) {
		return ref{}, false
	}
	n := f.runEnd(k+1, b)
	if n+1 >= b || toks[n+1].Text != "," {
		return ref{}, false
	}
	r := ref{kind: refName, start: toks[k+1].Start, end: toks[n].End}
	if _, ok := f.mentionEnding(r.start, r.end); !ok {
		return ref{}, false
	}
	return r, true
}

// npAfter reads the noun phrase that starts at token a: "Caddell", "Sen.
// John Doe", "the minister", "he".
func (f *finder) npAfter(a, b int) ref { return f.check(f.npAfter0(a, b)) }

func (f *finder) npAfter0(a, b int) ref {
	toks := f.d.Tokens
	if a >= b {
		return ref{}
	}
	w := f.low(a)
	switch {
	case pronouns[w]:
		return ref{kind: refPronoun, start: toks[a].Start, end: toks[a].End}
	case isNameWord(toks[a].Text):
		e := f.orgEnd(a, f.runEnd(a, b), b)
		s := a
		for s < e && f.isLead(s) {
			s++
		}
		return ref{kind: refName, start: toks[s].Start, end: toks[e].End}
	case w == "the" || w == "a" || w == "an" || w == "his" || w == "her" || w == "their" || w == "its" || w == "one" || w == "another":
		e := a
		for e+1 < b && e-a < 6 {
			t := toks[e+1].Text
			if isPunct(t) || stopAfterDesc[strings.ToLower(t)] {
				break
			}
			if text.IsCapitalized(t) && e > a && text.IsLowercase(toks[e].Text) && !strings.EqualFold(toks[e].Text, "the") {
				break
			}
			e++
		}
		if e == a {
			return ref{}
		}
		// "the State Department": a name after all.
		if text.IsCapitalized(toks[e].Text) && !f.isLead(e) {
			e = f.orgEnd(a, e, b) // "the Organization for the Prohibition of …"
			return ref{kind: refName, start: toks[a+1].Start, end: toks[e].End}
		}
		return ref{kind: refDesc, start: toks[a].Start, end: toks[e].End}
	}
	// A few modifiers before the name: "said 9/11 widow Terry Strada".
	for k := a + 1; k < b && k <= a+5; k++ {
		t := toks[k].Text
		if t == "/" || t == "-" {
			continue // "9/11 widow Terry Strada"
		}
		if isPunct(t) || stopAfterDesc[strings.ToLower(t)] || pronouns[strings.ToLower(t)] {
			break
		}
		if text.IsCapitalized(t) {
			e := f.orgEnd(k, f.runEnd(k, b), b)
			return ref{kind: refName, start: toks[k].Start, end: toks[e].End}
		}
	}
	return ref{}
}

var stopAfterDesc = setOf(`of for in on at who which that during when after before to from with and said says told`)

// isCapWord reports a capitalised word, an initial or a capitalised
// abbreviation ("Trump", "W.", "Sen.", "U.S.", "O’Neill").
func isDash(t string) bool {
	switch t {
	case "―", "—", "–", "-", "--":
		return true
	}
	return false
}

// isAdverb reports a lower-case word in -ly ("jokingly said"), not a
// noun ("the daily").
func isAdverb(t string) bool {
	return len(t) > 4 && strings.HasSuffix(t, "ly") && text.IsLowercase(t) && !orgHeads[t]
}

// isNameWord reports a word a name can hold: a capitalised one, or a
// surname joined to its lower-case particle ("al-Otaibi", "el-Sisi"), which
// is a name wherever it stands ("…,” al-Otaibi said").
func isNameWord(t string) bool {
	return text.IsCapitalized(t) || text.IsJoinedParticle(t)
}

func isPunct(t string) bool {
	r, _ := utf8.DecodeRuneInString(t)
	return !unicode.IsLetter(r) && !unicode.IsDigit(r)
}

// propagate gives a speaker to quotations that have none of their own:
// from an attributed quotation in the same paragraph (the nearest before,
// else after), from the quotation a paragraph continues, or from the
// paragraph before when this one is nothing but a quotation ("Caddell
// continued:" then the quoted paragraph).
func (f *finder) propagate() {
	qs := f.quotes
	for i := range qs {
		if qs[i].ref.kind != refNone {
			continue
		}
		// Same paragraph, before.
		for j := i - 1; j >= 0 && qs[j].para == qs[i].para; j-- {
			if qs[j].ref.kind != refNone {
				qs[i].ref, qs[i].win = qs[j].ref, qs[j].win
				break
			}
		}
		if qs[i].ref.kind != refNone {
			continue
		}
		// Continued from the paragraph before.
		if qs[i].cont && i > 0 && qs[i-1].ref.kind != refNone {
			qs[i].ref, qs[i].win = qs[i-1].ref, qs[i-1].win
			continue
		}
		// The sentence before, in the same paragraph, ending in a cue
		// ("…, Schiff said. “…”").
		if r := f.sentenceBefore(qs[i].open, false); r.kind != refNone {
			qs[i].ref = r
			continue
		}
		// Same paragraph, after.
		for j := i + 1; j < len(qs) && qs[j].para == qs[i].para; j++ {
			if qs[j].ref.kind != refNone && !qs[j].cont {
				qs[i].ref, qs[i].win = qs[j].ref, qs[j].win
				break
			}
		}
		if qs[i].ref.kind != refNone || qs[i].kind == schema.KindPartial {
			continue
		}
		// A paragraph that opens with the quotation: the paragraph before
		// introduced it, or was the same speaker's.
		p := f.d.Paragraphs[qs[i].para]
		if qs[i].open != p.Start || qs[i].para == 0 {
			continue
		}
		prev := f.d.Paragraphs[qs[i].para-1]
		if strings.HasSuffix(f.s[prev.Start:prev.End], ":") {
			// The last sentence of the paragraph before introduces it.
			k := prev.Last - 1
			a := k
			for a > prev.First && f.d.Tokens[a-1].Text != "." {
				a--
			}
			if c := f.lastCue(a, k); c >= 0 {
				qs[i].ref = f.subjectOf(a, c)
			} else {
				qs[i].ref = f.npBefore(a, k)
			}
			if qs[i].ref.kind == refNone {
				// "Brook was blunt when asked about the next round:"
				qs[i].ref = f.npFirst(a, k)
			}
			continue
		}
		for j := i - 1; j >= 0 && qs[j].para >= qs[i].para-1; j-- {
			if qs[j].para == qs[i].para-1 && qs[j].ref.kind != refNone {
				qs[i].ref, qs[i].win = qs[j].ref, qs[j].win
				break
			}
		}
		// The last sentence of the paragraph before speaks of what was
		// said ("Clinton restricted comments about …").
		if qs[i].ref.kind == refNone && (i == 0 || qs[i-1].para < qs[i].para-1) {
			qs[i].ref = f.sentenceBefore(qs[i].open, true)
		}
		// A byline in the paragraph after ("- Bernie Sanders.").
		if qs[i].ref.kind == refNone && qs[i].para+1 < len(f.d.Paragraphs) {
			np := f.d.Paragraphs[qs[i].para+1]
			if np.First < np.Last {
				if r := f.readAfter([2]int{np.First, np.Last}); r.kind == refName && isDash(f.d.Tokens[np.First].Text) {
					qs[i].ref = r
				}
			}
		}
		// The next paragraph's attribution of a quotation that continues
		// this one.
		if qs[i].ref.kind == refNone && !qs[i].closed {
			for j := i + 1; j < len(qs) && qs[j].cont; j++ {
				if qs[j].ref.kind != refNone {
					qs[i].ref, qs[i].win = qs[j].ref, qs[j].win
					break
				}
			}
		}
	}
	// A run of paragraphs continuing one quotation shares its speaker.
	for i := len(qs) - 2; i >= 0; i-- {
		if qs[i].ref.kind == refNone && qs[i+1].cont && qs[i+1].ref.kind != refNone && !qs[i].closed {
			qs[i].ref, qs[i].win = qs[i+1].ref, qs[i+1].win
		}
	}
}

// sentenceBefore reads a speaker from the sentence that ends before the
// quotation opening at off: the subject of a cue near its end ("…, Schiff
// said."); with prevPara, the sentence may close the paragraph before, and
// may instead speak of comments, remarks or a statement, whose subject is
// then the speaker.
func (f *finder) sentenceBefore(off int, prevPara bool) ref {
	toks := f.d.Tokens
	b := f.d.TokenAt(off)
	p := f.d.Paragraphs[f.paraOfToken(min(b, len(toks)-1))]
	lo := p.First
	if prevPara {
		if b != p.First || f.paraOfToken(b) == 0 {
			return ref{}
		}
		pp := f.d.Paragraphs[f.paraOfToken(b)-1]
		lo, b = pp.First, pp.Last
	}
	if b <= lo || !f.isEnd(b-1) || f.insideQuote(toks[b-1].Start) {
		return ref{}
	}
	e := b - 1
	a := e
	for a > lo && !f.isEnd(a-1) {
		a--
	}
	for k := e - 1; k >= a && (k >= e-6 || prevPara); k-- {
		if f.isCue(k) {
			if f.insideQuote(toks[k].Start) {
				return ref{}
			}
			return f.subjectOf(a, k)
		}
	}
	if prevPara && f.speechNoun(a, e) {
		return f.npFirst(a, e)
	}
	return ref{}
}

// speechNoun reports a word for something said among tokens [a, b), outside
// quotations.
func (f *finder) speechNoun(a, b int) bool {
	for k := a; k < b; k++ {
		if speechNouns[f.low(k)] && !f.insideQuote(f.d.Tokens[k].Start) {
			return true
		}
	}
	return false
}

// resolve turns the quotation's speaker reference into a name.
func (f *finder) resolve(i int) {
	q := &f.quotes[i]
	r := q.ref
	switch r.kind {
	case refName:
		q.speaker, q.person, q.mention = f.nameOf(r.start, r.end, q.start)
	case refPronoun:
		w := strings.ToLower(f.s[r.start:r.end])
		ant := f.antecedent(i, r.start, w)
		if p, ok := f.pronounOf[r.start]; ok && (ant == nil || ant.person >= 0 && f.genderClash(ant.person, w)) {
			// "Trump attacked Clinton. “…,” she said": the earlier speaker
			// or subject is of the other gender; the people extractor's
			// reading, which knows genders, wins.
			m := f.lastMentionOf(p, r.start)
			ant = &antecedent{f.people[p].Name, p, m}
		}
		if ant != nil {
			q.speaker, q.person = ant.speaker, ant.person
			q.mention = ant.mention
		}
	case refDesc:
		q.speaker, q.person, q.mention = f.describe(r.start, r.end, q.start)
	}
}

// nameOf resolves the name written at [a, b), read for a quotation at pos,
// to a person's full name, a country or an organisation, else the name as
// written less its titles.
func (f *finder) nameOf(a, b, pos int) (string, int, *schema.Mention) {
	a, b = f.stripTitles(a, b)
	if a >= b {
		return "", -1, nil
	}
	m := &schema.Mention{Text: f.s[a:b], Start: a, End: b}
	if p := f.personAt(a, b, pos); p >= 0 {
		return f.people[p].Name, p, m
	}
	// A person's mention that ends the name: what stands before it is a
	// title the people list cut off ("Arms Control Laura Brennan",
	// "Secretary-General Rafael Ortega").
	if pm, ok := f.mentionEnding(a, b); ok {
		return f.people[pm.person].Name, pm.person, &schema.Mention{Text: f.s[pm.start:pm.end], Start: pm.start, End: pm.end}
	}
	name := trimPossessive(f.s[a:b])
	if full, ok := inFull(name); ok {
		return full, -1, m
	}
	if full := f.fullerName(name, pos); full != "" {
		return full, -1, m
	}
	if strings.ToUpper(name) == name && !strings.ContainsAny(name, " .") && utf8.RuneCountInString(name) > 3 {
		// A transcript's label: "WALLACE" -> "Chris Wallace".
		r, n := utf8.DecodeRuneInString(name)
		title := string(r) + strings.ToLower(name[n:])
		if full := f.fullerName(title, pos); full != "" {
			return full, -1, m
		}
		return title, -1, m
	}
	return name, -1, m
}

// inFull gives the full name of a country or organisation the gazetteer
// knows ("US" -> "United States", "IMF" -> "International Monetary Fund").
func inFull(name string) (string, bool) {
	if p, ok := geo.LookupPlace(name); ok && p.Kind == geo.KindCountry {
		return p.Name, true
	}
	if o, ok := geo.LookupOrg(name); ok {
		return o.Name, true
	}
	return "", false
}

// stripTitles drops the titles, roles and leading function words that
// stand before a name ("Russian Foreign Minister Sergei Lavrov" -> "Sergei
// Lavrov", "The New York Post" -> "New York Post").
func (f *finder) stripTitles(a, b int) (int, int) {
	i0, i1 := f.d.TokenAt(a), f.d.TokenAt(b)
	toks := f.d.Tokens
	// Keep what follows the last title word, if anything does; a
	// connector inside an organisation's name ("Campaign to Ban
	// Landmines") cuts nothing, and none opens the name.
	cut := i0
	for k := i0; k < i1; k++ {
		w := strings.TrimSuffix(strings.ToLower(toks[k].Text), ".")
		if personTitles[w] || f.isLead(k) && !f.inOrgName(k, i0, i1) {
			cut = k + 1
		}
	}
	for cut < i1 && text.IsLowercase(toks[cut].Text) && !isNameWord(toks[cut].Text) {
		cut++
	}
	if cut < i1 {
		i0 = cut
	}
	for i1 > i0 && isPunct(toks[i1-1].Text) {
		i1--
	}
	if i0 >= i1 {
		return a, a
	}
	return toks[i0].Start, toks[i1-1].End
}

// personAt returns the person the name at [a, b) refers to, or -1: one
// whose name is the name, or holds all its words and ends with the same
// surname ("Andrea Thompson" for "Thompson", "Loretta E. Lynch" for
// "Loretta Lynch"); the longest such name wins. A person whose name does
// not cover the mention ("G.K." for "G.K. Butterfield") is none: the
// mention as written is then the better name.
func (f *finder) personAt(a, b, pos int) int {
	words := strings.Fields(fold(trimPossessive(f.s[a:b])))
	if len(words) == 0 {
		return -1
	}
	best, bestLen := -1, 0
	for _, p := range f.bySurname[words[len(words)-1]] {
		if !holdsAll(f.names[p], words) {
			continue
		}
		if n := len(f.people[p].Name); n > bestLen {
			best, bestLen = p, n
		}
	}
	return best
}

// mentionEnding returns the mention of a person that lies inside [a, b)
// and ends where the name ends (before a possessive), when the words before
// it are a title: title words, or the end of one of the person's titles
// ("Arms Control" of "Under Secretary of State for Arms Control").
func (f *finder) mentionEnding(a, b int) (pmention, bool) {
	end := a + len(trimPossessive(f.s[a:b]))
	for _, m := range f.pm[f.pmFrom(a):] {
		if m.start >= end {
			break
		}
		if m.end == end && f.titleBefore(a, m) {
			return m, true
		}
	}
	return pmention{}, false
}

// titleBefore reports whether the words from a up to the mention m are
// a title of m's person, or title words.
func (f *finder) titleBefore(a int, m pmention) bool {
	pre := fold(f.s[a:m.start])
	if pre == "" {
		return true
	}
	for _, t := range f.people[m.person].Titles {
		ft := fold(t)
		if ft == pre || strings.HasSuffix(ft, " "+pre) {
			return true
		}
		// "U.N. Secretary-General": a country or body before the title.
		words := strings.Fields(f.s[a:m.start])
		for n := 1; n < len(words) && n <= 3; n++ {
			head, rest := strings.Join(words[:n], " "), fold(strings.Join(words[n:], " "))
			if rest != ft && !strings.HasSuffix(ft, " "+rest) {
				continue
			}
			if _, c := geo.CountryOf(head); c {
				return true
			}
			if _, o := geo.LookupOrg(head); o {
				return true
			}
		}
	}
	for _, w := range strings.Fields(pre) {
		if !personTitles[w] {
			return false
		}
	}
	return true
}

// holdsAll reports whether every word of sub is among words.
func holdsAll(words, sub []string) bool {
	for _, w := range sub {
		found := false
		for _, x := range words {
			if x == w {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// fullerForm is a use of a name with capitalised words before it: the
// name at pos, written in full as full.
type fullerForm struct {
	pos  int
	full string
}

// fullerName finds the fullest form of name the article writes: "Clinton"
// -> "Hillary Clinton". That is the last such form before pos, else the
// first after it. The forms of each name are found once per document.
func (f *finder) fullerName(name string, pos int) string {
	words := strings.Fields(name)
	if len(words) != 1 || utf8.RuneCountInString(name) < 3 {
		return ""
	}
	forms, ok := f.fuller[name]
	if !ok {
		forms = f.fullerForms(name)
		if f.fuller == nil {
			f.fuller = map[string][]fullerForm{}
		}
		f.fuller[name] = forms
	}
	if len(forms) == 0 {
		return ""
	}
	k := sort.Search(len(forms), func(i int) bool { return forms[i].pos >= pos })
	if k > 0 {
		return forms[k-1].full
	}
	return forms[0].full
}

// fullerForms lists, in order, the uses of name at a word boundary that
// capitalised words stand right before, with no title among them ("Hillary
// Clinton", not "Secretary Clinton").
func (f *finder) fullerForms(name string) []fullerForm {
	var out []fullerForm
	s := f.s
	for off := 0; ; {
		k := strings.Index(s[off:], name)
		if k < 0 {
			break
		}
		k += off
		off = k + len(name)
		if !wordBoundary(s, k, off) {
			continue
		}
		// Capitalised words right before it, with no title among them.
		i := f.d.TokenAt(k)
		j := i
		for j-1 >= 0 && j > i-3 && text.IsCapitalized(f.d.Tokens[j-1].Text) && !f.breakBefore(j-1, j) {
			w := strings.TrimSuffix(strings.ToLower(f.d.Tokens[j-1].Text), ".")
			if personTitles[w] || f.isLead(j-1) {
				break
			}
			j--
		}
		if j == i {
			continue
		}
		out = append(out, fullerForm{pos: k, full: s[f.d.Tokens[j].Start:off]})
	}
	return out
}

// breakBefore reports a line break or sentence end between tokens i and j.
func (f *finder) breakBefore(i, j int) bool {
	gap := f.s[f.d.Tokens[i].End:f.d.Tokens[j].Start]
	return strings.ContainsAny(gap, "\n")
}

func wordBoundary(s string, a, b int) bool {
	if a > 0 {
		r, _ := utf8.DecodeLastRuneInString(s[:a])
		if isWordRune(r) {
			return false
		}
	}
	if b < len(s) {
		r, _ := utf8.DecodeRuneInString(s[b:])
		if isWordRune(r) {
			return false
		}
	}
	return true
}

// antecedent is what a pronoun resolves to.
type antecedent struct {
	speaker string
	person  int
	mention *schema.Mention
}

// antecedent resolves the pronoun w at pos, the speaker reference of
// quotation i: he or she is the speaker of the nearest earlier quotation
// in this paragraph or the one before unless a person is named since, else
// the first person named in the nearest sentence before that names one;
// they, we and it are the earlier speaker's only.
func (f *finder) antecedent(i, pos int, w string) *antecedent {
	var prev *quote
	for j := i - 1; j >= 0; j-- {
		if f.quotes[j].speaker != "" {
			prev = &f.quotes[j]
			break
		}
	}
	if w != "he" && w != "she" {
		if prev != nil && f.quotes[i].para-prev.para <= 2 {
			return &antecedent{prev.speaker, prev.person, prev.mention}
		}
		return nil
	}
	// The nearest sentence before pos that names a person.
	si := f.d.SentenceAt(pos)
	if si < 0 {
		return nil
	}
	for k := si; k >= 0 && k >= si-6; k-- {
		s := f.d.Sentences[k]
		hi := min(s.End, pos)
		if prev != nil && prev.mention != nil && prev.mention.Start >= s.Start && prev.mention.Start < hi {
			return &antecedent{prev.speaker, prev.person, prev.mention}
		}
		for _, m := range f.pm[f.pmFrom(s.Start):] {
			if m.start >= hi {
				break
			}
			if !f.insideQuote(m.start) {
				return &antecedent{f.people[m.person].Name, m.person, &schema.Mention{Text: f.s[m.start:m.end], Start: m.start, End: m.end}}
			}
		}
		if k < si && prev != nil && prev.mention != nil && prev.mention.Start >= s.Start && prev.mention.Start < s.End {
			return &antecedent{prev.speaker, prev.person, prev.mention}
		}
	}
	if prev != nil && f.quotes[i].para-prev.para <= 2 {
		return &antecedent{prev.speaker, prev.person, prev.mention}
	}
	return nil
}

// genderClash reports a person whose known gender is not the pronoun's.
func (f *finder) genderClash(p int, w string) bool {
	switch f.people[p].Gender {
	case "male":
		return w == "she"
	case "female":
		return w == "he"
	}
	return false
}

// lastMentionOf returns the last named mention of person p before pos, or
// nil.
func (f *finder) lastMentionOf(p, pos int) *schema.Mention {
	k := f.lastMentionIndex(p, pos)
	if k < 0 {
		return nil
	}
	m := f.pm[k]
	return &schema.Mention{Text: f.s[m.start:m.end], Start: m.start, End: m.end}
}

// insideQuote reports whether off lies within a quotation's words.
func (f *finder) insideQuote(off int) bool {
	qs := f.quotes
	k := sort.Search(len(qs), func(k int) bool { return qs[k].end > off })
	return k < len(qs) && qs[k].start <= off
}

// describe resolves a description ("the minister", "the president") to the
// person last named with that title before pos, else keeps it as written.
func (f *finder) describe(a, b, pos int) (string, int, *schema.Mention) {
	m := &schema.Mention{Text: f.s[a:b], Start: a, End: b}
	words := strings.Fields(strings.ToLower(f.s[a:b]))
	head := strings.Trim(words[len(words)-1], ".,")
	// People whose titles carry the head word.
	best, bestPos := -1, -1
	for _, p := range f.titleHolders[head] {
		if at := f.lastMentionBefore(p, pos); at > bestPos || best < 0 {
			best, bestPos = p, at
		}
	}
	if best >= 0 {
		return f.people[best].Name, best, m
	}
	// A mention of a person preceded by that title ("President Obama"):
	// the last before pos.
	if personTitles[head] {
		ks := f.mentionsAfter(head)
		if n := sort.SearchInts(ks, f.pmFrom(pos)); n > 0 {
			pmk := f.pm[ks[n-1]]
			return f.people[pmk.person].Name, pmk.person, m
		}
	}
	// "a State Department spokesperson": an organisation's unnamed
	// voice speaks for it.
	if voiceHeads[head] {
		if name := f.orgInside(a, b); name != "" {
			return name, -1, m
		}
	}
	// An organisation described ("the influential US daily"): the one
	// last named before.
	if orgHeads[head] {
		if name := f.lastOrg(a); name != "" {
			return name, -1, m
		}
	}
	return strings.TrimSpace(f.s[a:b]), -1, m
}

// orgInside returns the organisation named by the capitalised words inside
// the description at [a, b), as written: one the gazetteer knows, or a run
// ending in a word such as "Ministry" or "Department".
func (f *finder) orgInside(a, b int) string {
	i0, i1 := f.d.TokenAt(a), f.d.TokenAt(b)
	toks := f.d.Tokens
	for k := i0; k < i1; k++ {
		if !text.IsCapitalized(toks[k].Text) || f.isLead(k) {
			continue
		}
		e := f.orgEnd(k, f.runEnd(k, i1), i1)
		name := trimPossessive(f.s[toks[k].Start:toks[e].End])
		if _, ok := geo.LookupOrg(name); ok || orgWords[strings.ToLower(trimPossessive(toks[e].Text))] && e > k {
			if full, ok := inFull(name); ok && strings.ToUpper(name) == name {
				return full // an acronym in full: "IMF"
			}
			return name
		}
		k = e
	}
	return ""
}

// lastOrg returns the organisation last named before off, within a few
// sentences and outside quotations: one the gazetteer knows, or a run of
// capitalised words ending in a word such as "Post", "Ministry" or
// "Agency".
func (f *finder) lastOrg(off int) string {
	toks := f.d.Tokens
	e := f.d.TokenAt(off) - 1
	for k := e; k >= 0 && k > e-150; k-- {
		if !text.IsCapitalized(toks[k].Text) || f.insideQuote(toks[k].Start) {
			continue
		}
		s := f.orgStart(max(0, k-8), f.runStart(max(0, k-8), k), k)
		for s < k && f.isLead(s) {
			s++
		}
		name := trimPossessive(f.s[toks[s].Start:toks[k].End])
		if o, ok := geo.LookupOrg(name); ok {
			return o.Name
		}
		if orgWords[strings.ToLower(trimPossessive(toks[k].Text))] && s < k {
			return name
		}
		k = s
	}
	return ""
}

// mentionsAfter returns the mentions (indexes into pm, in order) that have
// the lower-case word w among the six words before them on their line
// ("President Obama" for "president"). The words before every mention
// are indexed on the first call.
func (f *finder) mentionsAfter(w string) []int {
	if f.after == nil {
		f.after = map[string][]int{}
		for k, m := range f.pm {
			lo := max(0, m.start-80)
			before := strings.ToLower(f.s[lo:m.start])
			if nl := strings.LastIndexByte(before, '\n'); nl >= 0 {
				before = before[nl+1:]
			}
			for _, x := range strings.FieldsFunc(lastWords(before, 6), func(r rune) bool { return !isWordRune(r) }) {
				if ks := f.after[x]; len(ks) == 0 || ks[len(ks)-1] != k {
					f.after[x] = append(ks, k)
				}
			}
		}
	}
	return f.after[w]
}

func lastWords(s string, n int) string {
	w := strings.Fields(s)
	if len(w) > n {
		w = w[len(w)-n:]
	}
	return strings.Join(w, " ")
}

func (f *finder) lastMentionBefore(p, pos int) int {
	if k := f.lastMentionIndex(p, pos); k >= 0 {
		return f.pm[k].start
	}
	return -1
}

// indexPeople lists every mention of every person: those the people list
// gives, and every occurrence of a full name or surname it does not; then
// indexes the mentions by person and the people by surname.
func (f *finder) indexPeople() {
	if len(f.people) == 0 {
		return
	}
	seen := map[[2]int]bool{}
	// inMention marks the bytes of the text that a mention covers, so
	// that telling whether an occurrence overlaps a mention costs its own
	// length, not a pass over every mention.
	inMention := make([]bool, len(f.s))
	add := func(a, b, p int) {
		if seen[[2]int{a, b}] {
			return
		}
		seen[[2]int{a, b}] = true
		f.pm = append(f.pm, pmention{a, b, p})
		for x := a; x < b; x++ {
			inMention[x] = true
		}
	}
	for p, pe := range f.people {
		for _, m := range pe.Mentions {
			if pronouns[strings.ToLower(m.Text)] || possessives[strings.ToLower(m.Text)] {
				f.pronounOf[m.Start] = p // resolved by the people extractor
				continue
			}
			if m.Start >= 0 && m.End <= len(f.s) && m.Start < m.End {
				add(m.Start, m.End, p)
			}
		}
	}
	// Longer names first, so that a surname inside a full name is not a
	// mention of its own.
	order := make([]int, len(f.people))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(i, j int) bool { return len(f.people[order[i]].Name) > len(f.people[order[j]].Name) })
	covered := func(a, b int) bool {
		for x := a; x < b; x++ {
			if inMention[x] {
				return true
			}
		}
		return false
	}
	for _, p := range order {
		name := f.people[p].Name
		forms := []string{name}
		if w := strings.Fields(name); len(w) > 1 {
			forms = append(forms, w[len(w)-1])
		}
		for _, form := range forms {
			if utf8.RuneCountInString(form) < 3 {
				continue
			}
			for off := 0; ; {
				k := strings.Index(f.s[off:], form)
				if k < 0 {
					break
				}
				k += off
				off = k + len(form)
				if wordBoundary(f.s, k, off) && !covered(k, off) {
					add(k, off, p)
				}
			}
		}
	}
	sort.Slice(f.pm, func(i, j int) bool { return f.pm[i].start < f.pm[j].start })

	f.mentionsOf = make([][]int, len(f.people))
	for k, m := range f.pm {
		f.mentionsOf[m.person] = append(f.mentionsOf[m.person], k)
	}
	f.names = make([][]string, len(f.people))
	f.bySurname = map[string][]int{}
	f.nameWords = map[string]bool{}
	f.titleHolders = map[string][]int{}
	for p, pe := range f.people {
		nw := strings.Fields(fold(pe.Name))
		f.names[p] = nw
		if len(nw) > 0 {
			sur := nw[len(nw)-1]
			f.bySurname[sur] = append(f.bySurname[sur], p)
		}
		for _, w := range strings.FieldsFunc(strings.ToLower(pe.Name), func(r rune) bool { return !isWordRune(r) }) {
			f.nameWords[w] = true
		}
		for _, t := range pe.Titles {
			for _, w := range strings.FieldsFunc(strings.ToLower(t), func(r rune) bool { return !isWordRune(r) }) {
				if ps := f.titleHolders[w]; len(ps) == 0 || ps[len(ps)-1] != p {
					f.titleHolders[w] = append(ps, p)
				}
			}
		}
	}
}

// pmFrom returns the index of the first mention in pm that starts at or
// after off.
func (f *finder) pmFrom(off int) int {
	return sort.Search(len(f.pm), func(k int) bool { return f.pm[k].start >= off })
}

// lastMentionIndex returns the index into pm of the last mention of
// person p that starts before pos, or -1.
func (f *finder) lastMentionIndex(p, pos int) int {
	ks := f.mentionsOf[p]
	n := sort.Search(len(ks), func(i int) bool { return f.pm[ks[i]].start >= pos })
	if n == 0 {
		return -1
	}
	return ks[n-1]
}

// dateQuotes sets when each quotation was said, where the article says
// so: a date in its attribution ("told reporters on Monday"), else the
// date given for the speaker's remarks earlier ("The comments, made on
// January 16 by … Thompson").
func (f *finder) dateQuotes() {
	if len(f.dates) == 0 {
		return
	}
	ix := f.indexDates()
	bySpeaker := map[string]*schema.DateRef{}
	byFrom := map[string]int{}
	for _, s := range f.sentences() {
		// The first date of the sentence (in the order given) that says
		// when something was said dates every person it names; a later
		// one would find them all dated.
		k := ix.first(s.Start, s.End, func(dt schema.Date) bool { return !f.insideQuote(dt.Start) && f.whenSaid(dt) })
		if k < 0 || !speechWords(strings.ToLower(f.s[s.Start:s.End])) {
			continue
		}
		dt := f.dates[k]
		for _, m := range f.pm[f.pmFrom(s.Start):] {
			if m.start >= s.End {
				break
			}
			if m.end <= s.End && !f.insideQuote(m.start) {
				name := f.people[m.person].Name
				if _, ok := bySpeaker[name]; !ok {
					bySpeaker[name] = &schema.DateRef{Text: dt.Text, Value: dt.Value}
					byFrom[name] = s.Start
				}
			}
		}
	}
	lead := f.leadDay(ix)
	for i := range f.quotes {
		q := &f.quotes[i]
		if q.win[1] > q.win[0] {
			if k := ix.first(q.win[0], q.win[1], f.whenSaid); k >= 0 {
				dt := f.dates[k]
				q.said = &schema.DateRef{Text: dt.Text, Value: dt.Value}
			}
		}
		if q.said == nil && q.speaker != "" {
			if d, ok := bySpeaker[q.speaker]; ok && byFrom[q.speaker] <= q.start {
				q.said = d
			}
		}
		if q.said == nil && lead != nil && q.win[1] > q.win[0] && atOccasion(f.s[q.win[0]:q.win[1]]) {
			// "…," Mammadov said at a ceremony: the occasion the lead
			// reports, on the lead's day
			q.said = lead
		}
	}
}

// leadDay is the day the story's lead gives its news, a calendar day
// that says when ("initialed a peace agreement … on Friday"), read from
// the first two paragraphs (a title, then the lead): nil when they name
// none.
func (f *finder) leadDay(ix dateIndex) *schema.DateRef {
	ps := f.d.Paragraphs
	if len(ps) == 0 {
		return nil
	}
	end := ps[min(1, len(ps)-1)].End
	k := ix.first(0, end, func(dt schema.Date) bool {
		return len(dt.Value) == len("2006-01-02") && !f.insideQuote(dt.Start) && f.whenSaid(dt)
	})
	if k < 0 {
		return nil
	}
	dt := f.dates[k]
	if s := f.d.SentenceAt(dt.Start); s >= 0 && plannedBefore(f.s[f.d.Sentences[s].Start:dt.Start]) {
		return nil // "will sign the treaty on Friday": no occasion held yet
	}
	return &schema.DateRef{Text: dt.Text, Value: dt.Value}
}

// plannedBefore reports a plan told in the words before a date of the
// lead: "will", "is to", "plans to", "is expected to", "is scheduled".
func plannedBefore(s string) bool {
	ws := strings.Fields(strings.ToLower(s))
	for i, w := range ws {
		w = strings.Trim(w, ",;:\"“”")
		next := ""
		if i+1 < len(ws) {
			next = ws[i+1]
		}
		switch {
		case w == "will" || w == "shall" || strings.HasSuffix(w, "'ll") || strings.HasSuffix(w, "’ll"):
			return true
		case (w == "is" || w == "are" || w == "plans" || w == "plan" || w == "expected" || w == "set" || w == "due") && next == "to":
			return true
		case w == "scheduled":
			return true
		}
	}
	return false
}

// occasions are the gatherings remarks are made at.
var occasions = []string{"ceremony", "news conference", "press conference", "summit", "signing",
	"rally", "briefing", "meeting", "reception", "gathering", "event", "session"}

// atOccasion reports an attribution that places the words at an occasion
// without a date of its own: "said at a ceremony attended by …", "told a
// news conference".
func atOccasion(attribution string) bool {
	s := strings.ToLower(attribution)
	for _, lead := range []string{" at a ", " at the ", " told a ", " told the "} {
		for rest := s; ; {
			k := strings.Index(rest, lead)
			if k < 0 {
				break
			}
			rest = rest[k+len(lead):]
			for _, o := range occasions {
				// at most one word between: "at a signing ceremony"
				if strings.HasPrefix(rest, o) || oneWordThen(rest, o) {
					return true
				}
			}
		}
	}
	return false
}

// oneWordThen reports s starting with one word and then o.
func oneWordThen(s, o string) bool {
	sp := strings.IndexByte(s, ' ')
	return sp > 0 && strings.HasPrefix(s[sp+1:], o)
}

// dateIndex finds the dates inside a span without a pass over them all.
type dateIndex struct {
	dates   []schema.Date
	byStart []int // indexes into dates, by start
	odd     []int // dates that end before they start, checked every time
}

func (f *finder) indexDates() dateIndex {
	ix := dateIndex{dates: f.dates}
	for k, dt := range f.dates {
		if dt.End < dt.Start {
			ix.odd = append(ix.odd, k)
			continue
		}
		ix.byStart = append(ix.byStart, k)
	}
	sort.SliceStable(ix.byStart, func(i, j int) bool { return f.dates[ix.byStart[i]].Start < f.dates[ix.byStart[j]].Start })
	return ix
}

// first returns the index of the first date, in the order given, that
// lies inside [a, b) and that ok accepts, or -1.
func (ix dateIndex) first(a, b int, ok func(schema.Date) bool) int {
	best := -1
	try := func(k int) {
		if dt := ix.dates[k]; (best < 0 || k < best) && dt.Start >= a && dt.End <= b && ok(dt) {
			best = k
		}
	}
	n := sort.Search(len(ix.byStart), func(i int) bool { return ix.dates[ix.byStart[i]].Start >= a })
	for _, k := range ix.byStart[n:] {
		if ix.dates[k].Start > b {
			break
		}
		try(k)
	}
	for _, k := range ix.odd {
		try(k)
	}
	return best
}

// sentences splits the paragraphs at the tokens isEnd accepts: unlike
// the segmenter's sentences, these run on over an abbreviation before a
// capitalised title ("by U.S. Undersecretary … Andrea Thompson").
func (f *finder) sentences() []text.Span {
	var out []text.Span
	toks := f.d.Tokens
	for _, p := range f.d.Paragraphs {
		first := p.First
		for k := p.First; k < p.Last; k++ {
			if f.isEnd(k) || k == p.Last-1 {
				out = append(out, text.Span{Start: toks[first].Start, End: toks[k].End, First: first, Last: k + 1})
				first = k + 1
			}
		}
	}
	return out
}

// whenSaid reports a date that can say when something was said: a day,
// "yesterday" or "on Monday", not a duration or "the January 15 meeting".
func (f *finder) whenSaid(dt schema.Date) bool {
	if dt.Type != schema.TypeDate && dt.Type != schema.TypeTime {
		return false
	}
	before := strings.ToLower(lastWords(f.s[max(0, dt.Start-20):dt.Start], 1))
	switch before {
	case "the", "a", "of", "since", "until", "by", "before", "after", "from", "through":
		return false
	}
	after := f.s[dt.End:min(len(f.s), dt.End+12)]
	if r, _ := utf8.DecodeRuneInString(strings.TrimLeft(after, " ")); unicode.IsLower(r) && !strings.HasPrefix(strings.TrimLeft(after, " "), "at") {
		// "January 15 meeting": the date modifies a noun.
		w := strings.Fields(after)
		if len(w) > 0 && !cues[strings.Trim(w[0], ",.")] && !skippable[w[0]] {
			return before == "on" || before == "in" || before == "at"
		}
	}
	return true
}

func speechWords(s string) bool {
	for _, w := range []string{"said", "say", "told", "comment", "remark", "statement", "press conference", "interview", "speech", "briefing", "speaking", "spoke", "wrote", "tweet", "testimony", "news conference", "address"} {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

func trimPossessive(s string) string {
	s = strings.TrimSpace(s)
	for _, suf := range []string{"'s", "’s", "'", "’"} {
		if strings.HasSuffix(s, suf) {
			return strings.TrimSuffix(s, suf)
		}
	}
	return s
}

// fold lower-cases s and keeps letters, digits and single spaces.
func fold(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		switch {
		case isWordRune(r):
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(unicode.ToLower(r))
		case unicode.IsSpace(r) || r == '-':
			space = true
		}
	}
	return b.String()
}
