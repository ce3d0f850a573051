// Package events builds event records from an article's people, treaties,
// dates, places and quotes: "Geneva meeting, January 15".
//
// It works in four steps, all on the segmented text:
//
//  1. Event mentions: words and phrases of a lexicon (vocab.go) name an
//     event of a type: "meeting", "met", "press conference", "withdraw".
//     Words inside quotation marks, hypothetical ("if the United States
//     abandons the pact") and negated mentions are left out.
//  2. Each date expression attaches to the one mention that governs it:
//     the noun it premodifies ("the January 15 meeting"), else the nearest
//     mention before it in its clause ("holding his annual press conference
//     on January 16", "withdraw next month"), else the nearest after it
//     ("on Tuesday imposed sanctions"). A date does not cross a clause
//     boundary (a semicolon, a dash, ", which", ", as", "said ... that").
//  3. Mentions of the same event merge: same type, compatible date (equal,
//     or one refining the other, or one missing), place, people and
//     treaties, close together or sharing a treaty or person. An undated
//     remark merges into a press conference or speech of the same person.
//  4. What still has no date inherits one only where the text says so
//     ("a press conference after the signing"); events without a date are
//     dropped, so background history appears only where it is dated.
//
// Places come from "in", "at", "near" and "to" phrases, a sentence-opening
// "In Moscow," and the dateline; participants are the countries and
// organisations of the people and of the clause; treaties come from the
// clause, else from the nearest treaty mentioned before.
package events

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/herald-news/herald/extractors/geo"
	"github.com/herald-news/herald/extractors/schema"
	"github.com/herald-news/herald/extractors/text"
)

// Find returns the events of the annotated document doc, whose text d is.
// The same document and version always give the same events, in the same
// order, with the same ids.
func Find(d *text.Doc, doc *schema.Document, version string) []schema.Event {
	if d == nil || doc == nil || len(d.Tokens) == 0 {
		return nil
	}
	a := newAnalysis(d, doc)
	ms := a.mentions()
	a.attachDates(ms)
	a.clauseDates(ms)
	ms = a.votingSessions(ms)
	a.decisionDates(ms)
	for _, m := range ms {
		a.describe(m)
	}
	a.audiencePlaces(ms)
	a.anaphoricPlaces(ms)
	speakersApart(ms, a)
	for _, m := range ms {
		if m.during == nil {
			continue
		}
		if len(m.own) == 0 {
			m.places = append(m.places, m.during.own...)
			m.own = m.places
		}
		if m.speaker >= 0 && !containsInt(m.during.people, m.speaker) {
			m.during.people = append(m.during.people, m.speaker)
		}
	}
	ms = a.merge(ms)
	a.refine(ms)
	a.inherit(ms)
	a.newsDay(ms)
	ms = a.merge(ms)
	a.continueVotes(ms)
	a.dropRemarks(ms)
	var out []schema.Event
	var kept []*mention // the mention of each event of out
	for _, m := range ms {
		if m.date == nil || m.dropped {
			continue
		}
		out = append(out, a.event(m, version))
		kept = append(kept, m)
	}
	a.jointParties(kept, out)
	treatyParties(out)
	assignIDs(out, doc.Article.ID, version)
	return out
}

// mention is one event mention, and after merging, one event.
type mention struct {
	typ       string
	tok       int // first token of the trigger
	end       int // token after the trigger
	sent      int
	noun      bool
	reporting bool

	date      *schema.Date
	dateTok   int      // first token of the date, for evidence
	inherited bool     // date taken from another event
	newsDay   bool     // date taken from the lead: the day of the news
	future    bool     // told in the future ("will meet")
	during    *mention // the event this one happened during
	past      bool     // a verb in the past tense ("met")
	places    []place
	own       []place // the places of the mention that gave the date
	people    []int   // indexes into doc.People
	speaker   int     // index into doc.People of the speaker of a statement, or -1
	// voices are the governments and organisations a remark with no
	// person as speaker is made by, as its subject names them ("France,
	// Germany, and Britain said in a joint statement", "the OPCW's
	// Technical Secretariat said").
	voices []string
	// announces marks a verb of saying whose object or "that" clause is a
	// state's act it dates ("announced last year that they would
	// withdraw"): the announcement is told as that act, not as a remark.
	announces bool
	treaties  []int // indexes into doc.Treaties
	countries []string
	orgs      []string
	actor     string // the country or organisation that acts, as named
	word      string // the event noun as written, lower case ("summit"), for the label
	nounTyped bool   // the type was set by a noun mention ("talks"), not a verb
	weapon    bool   // a missile or weapon word in the clause
	// legislature marks a state's legislature named in the clause
	// ("Iran's parliament", "the State Duma", "lawmakers"): its votes
	// sit in the state's capital.
	legislature bool
	// jointTok is the token of a phrase in the clause that refers back to
	// the parties of an event told before ("a joint news conference",
	// "the two leaders", "the pair"), or -1.
	jointTok int

	// afterTyp is the type named in an "after the X" phrase of the clause.
	afterTyp string
	// follows is the mention of the clause an "after", "before" or
	// "following" phrase holding this one is attached to ("They met ... at
	// the U.S. mission, after a working dinner hosted by the Russian side
	// on Tuesday evening": the dinner's is "met"), or nil.
	follows *mention
	// into is the event this mention was merged into, or nil.
	into *mention
	// actorsOf is a token of a clause whose actors the mention takes when
	// its own clause names none: the clause a ", when" refers back to by
	// its date ("since July 2025, when it suspended"), or the announcement
	// of the act ("Finland ... announced last year that they would
	// withdraw"); -1 otherwise.
	actorsOf int
	sents    []int // sentences of every merged mention, for evidence
	dropped  bool
}

type place struct {
	name, country, kind string
	rank                int // higher is more specific: city over country over region
	tok                 int
}

// analysis holds what every step needs of one document.
type analysis struct {
	d      *text.Doc
	doc    *schema.Document
	lower  []string // lower-cased tokens
	sents  []text.Span
	sentOf []int  // sentence of each token
	clause []int  // clause number of each token, unique across the text
	quoted []bool // token inside quotation marks
	person []int  // person index covering a token, or -1
	treaty []int  // treaty index covering a token, or -1
	dateAt []int  // date index covering a token, or -1
	// dateline is the place of the article's dateline, if any.
	dateline *place
	// datelineToks are the tokens [first, last) of the dateline, the agency
	// and date in it included ("MOSCOW, Feb 3 (Reuters) -"): they say where
	// the reporter files from and for whom, so they name no participant.
	datelineToks [2]int
	// scene gives, per sentence, the place of a sentence-opening "In X,".
	scene map[int]place
	// newsDate is the value of the lead's date, the day of the news, when
	// it is near the publication (see newsDay).
	newsDate string
	// apposComma marks the commas around a place in apposition ("in Busan,
	// South Korea, in October"), which do not end a phrase.
	apposComma []bool
	// trig marks the tokens of event mentions.
	trig []bool
	// mentionOf gives the mention each token of a trigger belongs to.
	mentionOf map[int]*mention
	// headline marks sentences that are headlines: a paragraph of one
	// short sentence with no full stop. Their events are the body's.
	headline map[int]bool
	// actors holds clauseActors' names by token range [first, last); it
	// is filled once trig is set, which the names depend on.
	actors map[[2]int][]actorName
	// affil holds affiliation's answer by person index.
	affil map[int]string
}

func newAnalysis(d *text.Doc, doc *schema.Document) *analysis {
	n := len(d.Tokens)
	a := &analysis{d: d, doc: doc, lower: make([]string, n), sentOf: make([]int, n), clause: make([]int, n),
		quoted: make([]bool, n), person: fill(n), treaty: fill(n), dateAt: fill(n), scene: map[int]place{},
		actors: map[[2]int][]actorName{}, affil: map[int]string{}}
	for i, tk := range d.Tokens {
		a.lower[i] = strings.ToLower(tk.Text)
		a.sentOf[i] = -1
	}
	a.sents = joinSentences(d)
	for s, sp := range a.sents {
		for i := sp.First; i < sp.Last; i++ {
			a.sentOf[i] = s
		}
	}
	a.markQuotes()
	for pi, p := range doc.People {
		for _, m := range p.Mentions {
			a.cover(a.person, m.Start, m.End, pi)
		}
	}
	for ti, tr := range doc.Treaties {
		for _, m := range tr.Mentions {
			a.cover(a.treaty, m.Start, m.End, ti)
		}
	}
	for di, dt := range doc.Dates {
		a.cover(a.dateAt, dt.Start, dt.End, di)
	}
	a.markClauses()
	a.markAppositions()
	a.findHeadlines()
	a.findDateline()
	a.findScenes()
	return a
}

func (a *analysis) markAppositions() {
	a.apposComma = make([]bool, len(a.lower))
	for i := 0; i+2 < len(a.lower); i++ {
		if a.lower[i] != "," || !text.IsCapitalized(a.d.Tokens[i+1].Text) {
			continue
		}
		j := i + 1
		for j < len(a.lower) && text.IsCapitalized(a.d.Tokens[j].Text) {
			j++
		}
		if j < len(a.lower) && a.lower[j] == "," {
			if p, ok := lookupPlace(a.d.Text[a.d.Tokens[i+1].Start:a.d.Tokens[j-1].End]); ok && p.kind == geo.KindCountry {
				a.apposComma[i], a.apposComma[j] = true, true
			}
		}
	}
}

func (a *analysis) findHeadlines() {
	a.headline = map[int]bool{}
	for _, p := range a.d.Paragraphs {
		n := p.Last - p.First
		if n == 0 || n > 25 {
			continue
		}
		switch a.d.Tokens[p.Last-1].Text {
		case ".", "!", "?", "”", "\"", ")", "…":
			if !a.titleCase(p) {
				continue
			}
		}
		for i := p.First; i < p.Last; i++ {
			if s := a.sentOf[i]; s >= 0 {
				a.headline[s] = true
			}
		}
	}
}

// titleCase reports a paragraph whose words are nearly all capitalised,
// as headlines are written ("Power Plant Rules Face Key Test In U.S.
// Court.").
func (a *analysis) titleCase(p text.Span) bool {
	words, caps := 0, 0
	for i := p.First; i < p.Last; i++ {
		w := a.d.Tokens[i].Text
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsLetter(r) {
			continue
		}
		words++
		if unicode.IsUpper(r) {
			caps++
		}
	}
	return words >= 4 && caps*10 >= words*8
}

// inSentences reports a word of words in sentences from..to.
func (a *analysis) inSentences(from, to int, words map[string]bool) bool {
	for s := max(from, 0); s <= to && s < len(a.sents); s++ {
		sp := a.sents[s]
		for i := sp.First; i < sp.Last; i++ {
			if words[a.lower[i]] {
				return true
			}
		}
	}
	return false
}

// joinSentences gives the text's sentences, joining one that ends in an
// abbreviation to the next when both are in one paragraph ("made by U.S.
// Undersecretary ... Andrea Thompson" is one sentence).
func joinSentences(d *text.Doc) []text.Span {
	var out []text.Span
	for _, sp := range d.Sentences {
		if n := len(out); n > 0 {
			prev := out[n-1]
			last := d.Tokens[prev.Last-1].Text
			if len(last) > 2 && strings.HasSuffix(last, ".") && strings.Count(last, ".") >= 2 && samePara(d, prev, sp) {
				out[n-1].End, out[n-1].Last = sp.End, sp.Last
				continue
			}
		}
		out = append(out, sp)
	}
	return out
}

func samePara(d *text.Doc, x, y text.Span) bool {
	for _, p := range d.Paragraphs {
		if x.Start >= p.Start && x.End <= p.End {
			return y.Start >= p.Start && y.End <= p.End
		}
	}
	return false
}

var determiners = set("the", "a", "an", "its", "their", "his", "her", "each", "all", "our", "these", "those", "newly")

var prepositions = set("in", "on", "at", "to", "from", "by", "with", "for", "of", "into", "near", "over", "under", "after", "before", "since", "during", "as", "and", "or", "but", "that", "last", "this", "next")

func isNumber(w string) bool {
	digits := 0
	for _, r := range w {
		switch {
		case unicode.IsDigit(r):
			digits++
		case r != ',' && r != '.':
			return false
		}
	}
	return digits > 0
}

func fill(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = -1
	}
	return s
}

// cover marks the tokens of [start, end) with v where none is marked yet.
func (a *analysis) cover(marks []int, start, end, v int) {
	for i := a.d.TokenAt(start); i < len(a.d.Tokens) && a.d.Tokens[i].Start < end; i++ {
		if marks[i] < 0 {
			marks[i] = v
		}
	}
}

// markQuotes marks the tokens between quotation marks, paragraph by
// paragraph: curly pairs, and straight double quotes taken in turn.
func (a *analysis) markQuotes() {
	for _, p := range a.d.Paragraphs {
		in := false
		for i := p.First; i < p.Last; i++ {
			switch a.d.Tokens[i].Text {
			case "“", "«":
				in = true
			case "”", "»":
				in = false
			case "\"":
				in = !in
			default:
				a.quoted[i] = in
			}
		}
	}
	for _, q := range a.doc.Quotes {
		for i := a.d.TokenAt(q.Start); i < len(a.d.Tokens) && a.d.Tokens[i].Start < q.End; i++ {
			a.quoted[i] = true
		}
	}
}

// clauseOpeners after a comma start a clause of their own.
var clauseOpeners = set("which", "who", "whom", "whose", "when", "while", "where", "as", "although",
	"though", "but", "whereas", "amid", "despite")

// markClauses numbers the clauses: a new one at each sentence, semicolon,
// colon, dash, ", which"-like opener, and at "that" after a verb of saying.
func (a *analysis) markClauses() {
	c := 0
	for _, sp := range a.sents {
		c++
		saying := false
		verb := false // an event word seen in the clause
		for i := sp.First; i < sp.Last; i++ {
			w := a.lower[i]
			switch {
			case w == "," && verb && i+2 < sp.Last && a.lower[i+1] == "and" && a.subjectAt(i+2):
				// "Russia vetoed the renewal of a U.N. panel ..., and Russia
				// and China have since blocked U.S.-led efforts": a second
				// clause with its own subject ("France, Germany, and Britain
				// said", a list before any verb, is none).
				c++
				saying = false
				verb = false
			case w == ":" && i > sp.First && i+1 < sp.Last && isNumber(a.lower[i-1]) && isNumber(a.lower[i+1]):
				// "at 11:40 p.m.": a time, not a clause's end.
			case w == ";" || w == ":" || w == "—" || w == "–":
				c++
				saying = false
			case w == "," && i+1 < sp.Last && (clauseOpeners[a.lower[i+1]] ||
				i+2 < sp.Last && a.lower[i+1] == "during" && a.lower[i+2] == "which"):
				c++
				saying = false
			case w == "that" && saying:
				c++
				saying = false
			}
			a.clause[i] = c
			if isReportingVerb(w) {
				saying = true
			}
			if tr, _ := a.triggerAt(i); tr != nil && !tr.noun {
				verb = true
			}
		}
	}
}

// participleAt reports a present participle opening a phrase after a
// comma, which comments on the clause before: "voted to join the treaty,
// making the country wedged between Russia and China the first new
// member". "Including" lists members of what was named.
func (a *analysis) participleAt(i int) bool {
	w := a.lower[i]
	return strings.HasSuffix(w, "ing") && len(w) > 5 && w != "including" && text.IsLowercase(a.d.Tokens[i].Text)
}

// subjectAt reports a clause's subject starting at token i: a pronoun or
// a capitalised name.
func (a *analysis) subjectAt(i int) bool {
	return subjectPronouns[a.lower[i]] || text.IsCapitalized(a.d.Tokens[i].Text) && a.dateAt[i] < 0
}

func isReportingVerb(w string) bool {
	switch w {
	case "said", "says", "told", "announced", "warned", "stated", "added", "claimed", "asserted", "insisted":
		return true
	}
	return false
}

// findDateline reads "GENEVA —", "MOSCOW (Reuters) -", "BRUSSELS, Dec 9
// (Reuters) -" at the start of a paragraph among the first few.
func (a *analysis) findDateline() {
	for pi, p := range a.d.Paragraphs {
		if pi > 6 {
			break
		}
		j := p.First
		for j < p.Last && isCapsWord(a.d.Tokens[j].Text) {
			j++
		}
		if j == p.First || j >= p.Last {
			continue
		}
		rest := a.d.Text[a.d.Tokens[j].Start:min(len(a.d.Text), a.d.Tokens[j].Start+40)]
		if !strings.HasPrefix(rest, ",") && !strings.HasPrefix(rest, "(") && !startsWithDash(rest) {
			continue
		}
		name := a.d.Text[a.d.Tokens[p.First].Start:a.d.Tokens[j-1].End]
		if pl, ok := lookupPlace(name); ok {
			a.dateline = &pl
			a.datelineToks = [2]int{p.First, a.datelineEnd(j, p.Last)}
			return
		}
	}
}

// maxDatelineTail bounds the tokens read after a dateline's place for the
// dash that ends it: ", Netherlands, Feb 3 (Reuters) -" is eleven.
const maxDatelineTail = 12

// datelineEnd gives the token after the dash that ends a dateline whose
// place ends before token j, or j when no dash follows within
// maxDatelineTail tokens of the paragraph (ending at last).
func (a *analysis) datelineEnd(j, last int) int {
	for i := j; i < last && i-j < maxDatelineTail; i++ {
		if startsWithDash(a.d.Tokens[i].Text) {
			return i + 1
		}
	}
	return j
}

// inDateline reports whether token i belongs to the dateline.
func (a *analysis) inDateline(i int) bool {
	return i >= a.datelineToks[0] && i < a.datelineToks[1]
}

func startsWithDash(s string) bool {
	return strings.HasPrefix(s, "—") || strings.HasPrefix(s, "–") || strings.HasPrefix(s, "-")
}

func isCapsWord(s string) bool {
	letters := 0
	for _, r := range s {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsLetter(r) {
			letters++
		}
	}
	return letters >= 2 || s == "."
}

// datelineSeats are datelines that name an institution rather than a city.
var datelineSeats = map[string]place{
	"united nations": {name: "New York", country: "United States", kind: geo.KindCity, rank: 3},
}

func lookupPlace(s string) (place, bool) {
	if p, ok := datelineSeats[strings.ToLower(strings.TrimSpace(s))]; ok {
		return p, true
	}
	title := titleCase(s)
	p, ok := geo.LookupPlace(title)
	if !ok {
		return place{}, false
	}
	return fromGeo(p), true
}

func fromGeo(p geo.Place) place {
	r := 1
	switch p.Kind {
	case geo.KindCity:
		r = 3
	case geo.KindCountry:
		r = 2
	}
	return place{name: p.Name, country: p.Country, kind: p.Kind, rank: r}
}

// titleCase turns "UNITED NATIONS" into "United Nations"; other text is
// returned as it is.
func titleCase(s string) string {
	if strings.ToUpper(s) != s {
		return s
	}
	words := strings.Fields(strings.ToLower(s))
	for i, w := range words {
		r, n := utf8.DecodeRuneInString(w)
		words[i] = string(unicode.ToUpper(r)) + w[n:]
	}
	return strings.Join(words, " ")
}

// findScenes records a sentence-opening "In Moscow," as the place of that
// sentence.
func (a *analysis) findScenes() {
	for s, sp := range a.sents {
		i := sp.First
		if i+2 >= sp.Last || a.lower[i] != "in" {
			continue
		}
		j := i + 1
		for j < sp.Last && text.IsCapitalized(a.d.Tokens[j].Text) {
			j++
		}
		if j == i+1 || j >= sp.Last || a.d.Tokens[j].Text != "," {
			continue
		}
		if pl, ok := lookupPlace(a.d.Text[a.d.Tokens[i+1].Start:a.d.Tokens[j-1].End]); ok {
			pl.tok = i + 1
			a.scene[s] = pl
		}
	}
}

// mentions finds the event mentions.
func (a *analysis) mentions() []*mention {
	var out []*mention
	n := len(a.d.Tokens)
	for i := 0; i < n; i++ {
		if a.quoted[i] || a.sentOf[i] < 0 {
			continue
		}
		if a.headline[a.sentOf[i]] {
			continue
		}
		tr, k := a.triggerAt(i)
		if tr == nil {
			continue
		}
		typ := tr.typ
		if tr.reporting && !tr.noun && a.lower[i] == "told" && a.audienceAfter(&mention{end: i + k}) &&
			!bodyWords[a.lower[min(i+k+1, len(a.lower)-1)]] && !bodyWords[a.lower[min(i+k, len(a.lower)-1)]] {
			typ = Speech // "told delegates on Monday"
		}
		m := &mention{typ: typ, tok: i, end: i + k, sent: a.sentOf[i], noun: tr.noun, reporting: tr.reporting, speaker: -1, jointTok: -1, actorsOf: -1}
		if m.noun && i > 0 && verbMarkers[a.lower[i-1]] {
			m.noun = false // "will visit Perth", "to vote on": the word is a verb here
		}
		if tr.noun {
			m.word = strings.Join(a.lower[i:i+k], " ")
		}
		if a.blocked(m, tr) {
			i += k - 1
			continue
		}
		out = append(out, m)
		i += k - 1
	}
	// "Russia's withdrawal took effect at midnight", "the withdrawals of
	// the three Baltic states took effect in late December": the taking
	// effect of an event is that event, dated by when it took effect.
	for mi, m := range out {
		if m.typ != EntryIntoForce || m.noun || !strings.HasSuffix(a.d.Text[a.d.Tokens[m.tok].Start:a.d.Tokens[m.end-1].End], "effect") {
			continue
		}
		for pj := mi - 1; pj >= 0; pj-- {
			p := out[pj]
			if p.sent != m.sent || a.clause[p.tok] != a.clause[m.tok] {
				break
			}
			if p.noun && p.typ != EntryIntoForce && (m.tok-p.end <= 2 || a.ofPhrase(p.end, m.tok)) {
				m.typ = p.typ
				break
			}
		}
	}
	a.trig = make([]bool, n)
	a.mentionOf = map[int]*mention{}
	for _, m := range out {
		for i := m.tok; i < m.end; i++ {
			a.trig[i] = true
			a.mentionOf[i] = m
		}
	}
	return out
}

// maxOfPhrase bounds an "of" phrase after a noun: "of the three Baltic
// states", "of the two Nordic neighbours".
const maxOfPhrase = 6

// ofPhrase reports an "of" phrase filling the tokens [i, j): "of", then
// words with no punctuation.
func (a *analysis) ofPhrase(i, j int) bool {
	if i >= j || a.lower[i] != "of" || j-i > maxOfPhrase {
		return false
	}
	for k := i + 1; k < j; k++ {
		r, _ := utf8.DecodeRuneInString(a.lower[k])
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

// triggerAt returns the longest trigger starting at token i and its length.
func (a *analysis) triggerAt(i int) (*trigger, int) {
	var best *trigger
	bestLen := 0
	for _, ti := range triggersByFirst[a.lower[i]] {
		tr := &triggers[ti]
		k := len(tr.words)
		if k <= bestLen || i+k > len(a.lower) {
			continue
		}
		ok := true
		for j, w := range tr.words {
			if a.lower[i+j] != w {
				ok = false
				break
			}
		}
		if ok {
			best, bestLen = tr, k
		}
	}
	return best, bestLen
}

// clauseRange returns the tokens [first, last) of the clause of token i.
func (a *analysis) clauseRange(i int) (int, int) {
	c := a.clause[i]
	f, l := i, i+1
	// A window of maxClause tokens each way: real clauses are far shorter,
	// and text without punctuation (a scraped table, a list) would
	// otherwise make every event word scan all of it.
	for f > 0 && a.clause[f-1] == c && i-f < maxClause {
		f--
	}
	for l < len(a.clause) && a.clause[l] == c && l-i < maxClause {
		l++
	}
	return f, l
}

// maxClause bounds clauseRange on each side of its token.
const maxClause = 80

// blocked reports a mention that names no event: a condition of its
// trigger unmet, or a hypothetical or negated clause, or a word that is
// something else here ("address" of a web page, "test" as an adjective).
func (a *analysis) blocked(m *mention, tr *trigger) bool {
	f, l := a.clauseRange(m.tok)
	has := func(words map[string]bool) bool {
		for i := f; i < l; i++ {
			if words[strings.TrimSuffix(a.lower[i], "’s")] {
				return true
			}
		}
		return false
	}
	switch tr.needs {
	case needTreaty:
		found := false
		for i := m.end; i < min(l, m.end+8); i++ {
			found = found || a.treaty[i] >= 0 || a.lower[i] == "pact" || a.lower[i] == "treaty" || a.lower[i] == "accord" || a.lower[i] == "agreement"
		}
		if !found {
			return true
		}
	case needWeapon:
		if !has(weaponWords) && !a.inSentences(m.sent-1, m.sent, weaponWords) {
			return true
		}
	case needLower:
		if text.IsCapitalized(a.d.Tokens[m.tok].Text) {
			return true
		}
	case needMissile:
		if !has(missileWords) && !a.inSentences(m.sent, m.sent, missileWords) {
			return true
		}
	case needBody:
		if !has(bodyWords) {
			return true
		}
		if m.noun && !a.bodyNear(m) {
			return true // "over Minsk's decision": a body must take it
		}
	case needAudience:
		if !a.audienceAfter(m) {
			return true
		}
	case needList:
		if !a.sanctionsListAfter(m.end, l) {
			return true
		}
	case needCouncil:
		if !a.inSentences(m.sent-1, m.sent, councilWords) {
			return true
		}
	case needBriefee:
		found := false
		for k := m.end; k < min(m.end+4, len(a.lower)); k++ {
			found = found || bodyWords[a.lower[k]] || a.lower[k] == "states" || a.lower[k] == "members" || a.lower[k] == "allies" || a.lower[k] == "ambassadors"
		}
		if !found {
			return true
		}
	case needRound:
		prev := ""
		if m.tok > 0 {
			prev = a.lower[m.tok-1]
		}
		if !roundOpeners[prev] || m.end < len(a.lower) && a.lower[m.end] == "of" {
			return true
		}
	}
	for i := f; i < m.tok; i++ {
		if a.quoted[i] {
			continue
		}
		w := a.lower[i]
		if hypotheticalWords[w] && !(w == "should" && i > f) && !a.commaBetween(i, m.tok) {
			return true
		}
		if (w == "not" || w == "never" || w == "n't" || strings.HasSuffix(w, "n’t") || strings.HasSuffix(w, "n't")) ||
			(negationWords[w] && m.tok-i <= 3) {
			return true
		}
		// "revoke the country's ratification": the undoing of an event is
		// not that event.
		if revokeWords[w] && m.tok-i <= 4 && m.noun {
			return true
		}
	}
	// A participle used as an adjective: "1,550 deployed strategic
	// warheads", "the signed agreement".
	if !m.noun && m.tok > 0 && m.end < len(a.lower) && strings.HasSuffix(a.lower[m.tok], "ed") {
		prev, next := a.lower[m.tok-1], a.d.Tokens[m.end].Text
		// A number of a date is no quantity: "on March 12 called on".
		if (isNumber(prev) && a.dateAt[m.tok-1] < 0 || determiners[prev]) && text.IsLowercase(next) && !prepositions[strings.ToLower(next)] {
			return true
		}
	}
	// "wanted Washington to address the issues": "address" is a speech
	// only as a noun.
	if m.noun && a.lower[m.tok] == "address" && (m.tok == 0 || !determiners[a.lower[m.tok-1]]) {
		if !a.audienceAfter(m) {
			return true
		}
		m.noun = false // "due to address the conference"
	}
	// "told the conference": a definite "conference" names one already
	// named ("the Conference on Disarmament").
	if tr.needs == needLower && m.tok > 0 && a.lower[m.tok-1] == "the" {
		return true
	}
	// "arrived in Tehran on Thursday for talks": the purpose of a visit is
	// part of the visit.
	if (m.typ == Talks || m.typ == Meeting) && m.noun && m.tok > 0 && a.lower[m.tok-1] == "for" {
		for i := f; i < m.tok; i++ {
			if tr2, _ := a.triggerAt(i); tr2 != nil && tr2.typ == Visit {
				return true
			}
		}
	}
	// "flew about 800 kilometers before landing outside Japan's exclusive
	// economic zone": a missile's landing ends its flight, the test told
	// already; it is no visit or deployment of its own. What lands is the
	// clause's first weapon ("an aircraft carrying the missiles landed"
	// is a deployment).
	if m.typ == Visit && (a.lower[m.tok] == "landing" || a.lower[m.tok] == "landed") && a.missileLands(f, m.tok) {
		return true
	}
	// "signed a decree", "sign it into law": a signing of no agreement.
	if m.typ == Signing {
		for k := m.end; k < min(m.end+4, len(a.lower)); k++ {
			switch a.lower[k] {
			case "decree", "law", "bill", "order", "legislation", "executive", "petition", "letter", "statute":
				return true
			}
		}
	}
	// A noun trigger used as a modifier: "test ban", "launch site".
	if m.noun && m.end < len(a.lower) {
		switch a.lower[m.end] {
		case "ban", "site", "sites", "range", "vehicle", "pad":
			return true
		}
	}
	// "sign it into law", "signatory", "signed off" are no treaty signing
	// only when no treaty or agreement is near; keep them otherwise.
	return false
}

// sanctionsListAfter reports "to its sanctions list", "to the blacklist"
// among the tokens [i, l): what was added to it was sanctioned.
func (a *analysis) sanctionsListAfter(i, l int) bool {
	for j := i; j+1 < l; j++ {
		if a.lower[j] != "to" {
			continue
		}
		k := j + 1
		if determiners[a.lower[k]] && k+1 < l {
			k++
		}
		switch {
		case a.lower[k] == "blacklist":
			return true
		case (a.lower[k] == "sanctions" || a.lower[k] == "sanction") && k+1 < l && (a.lower[k+1] == "list" || a.lower[k+1] == "lists"):
			return true
		}
	}
	return false
}

// missileLands reports a missile as the first weapon named in the tokens
// [f, verb), with no person among them: what lands or arrives there.
func (a *analysis) missileLands(f, verb int) bool {
	for i := f; i < verb; i++ {
		if a.person[i] >= 0 {
			return false
		}
		if missileWords[a.lower[i]] {
			return true
		}
		if weaponWords[a.lower[i]] {
			return false
		}
	}
	return false
}

// verbMarkers before a word that is noun or verb make it a verb.
var verbMarkers = set("will", "would", "to", "could", "can", "may", "might", "must", "shall", "did", "should")

// roundOpeners come before "round" when it names a round of talks.
var roundOpeners = set("that", "this", "the", "latest", "last", "next", "another", "new", "first", "second", "third", "fourth", "fifth", "previous", "final")

// bodyNear reports a legislature or assembly in the four words before a
// noun mention: "parliament took a similar decision".
func (a *analysis) bodyNear(m *mention) bool {
	for i := m.tok - 1; i >= 0 && m.tok-i <= 4; i-- {
		if bodyWords[strings.TrimSuffix(strings.TrimSuffix(a.lower[i], "’s"), "'s")] {
			return true
		}
	}
	return false
}

// commaBetween reports a comma between tokens i and j: "which obliges
// each side to help the other if attacked, was ratified" keeps the "if" to
// its own phrase.
func (a *analysis) commaBetween(i, j int) bool {
	for k := i + 1; k < j; k++ {
		if a.lower[k] == "," {
			return true
		}
	}
	return false
}

// audienceAfter reports an assembly named right after a mention: "told
// delegates", "address the conference".
func (a *analysis) audienceAfter(m *mention) bool {
	for k := m.end; k < min(m.end+3, len(a.lower)); k++ {
		if audienceWords[a.lower[k]] {
			return true
		}
		if a.lower[k] != "the" && a.lower[k] != "a" && a.lower[k] != "an" && a.lower[k] != "general" && a.lower[k] != "both" {
			break
		}
	}
	return false
}

// attachDates gives each date the mention that governs it.
func (a *analysis) attachDates(ms []*mention) {
	byTok := map[int]*mention{}
	for _, m := range ms {
		for i := m.tok; i < m.end; i++ {
			byTok[i] = m
		}
	}
	after := map[*mention]bool{} // the mention's date follows it
	for di := range a.doc.Dates {
		dt := &a.doc.Dates[di]
		if dt.Type == schema.TypeDuration || dt.Type == schema.TypeSet || !numericValue(dt.Value) {
			continue
		}
		first := a.d.TokenAt(dt.Start)
		last := first
		for last < len(a.d.Tokens) && a.d.Tokens[last].Start < dt.End {
			last++
		}
		if first >= len(a.d.Tokens) || a.quoted[first] || a.sentOf[first] < 0 || a.headline[a.sentOf[first]] {
			continue
		}
		// "has signed similar agreements since 2016": the start of a
		// period dates no one event in it.
		if first > 0 && (a.lower[first-1] == "since" || a.lower[first-1] == "until" && !a.trig[first-1]) {
			continue
		}
		m := a.governor(first, last, byTok)
		if m == nil {
			m = a.setting(first, byTok)
		}
		if m == nil {
			continue
		}
		right := m.tok < first
		switch {
		case m.date == nil,
			better(dt, m.date),
			right && !after[m] && first-m.end <= 10 && !strings.HasPrefix(dt.Value, m.date.Value) && !strings.HasPrefix(m.date.Value, dt.Value):
			m.date, m.dateTok = dt, first
			after[m] = right
		}
		// "said on Monday during a visit to Tokyo": the visit is that day
		// too, and the remark was made where the visit was.
		if j := last; j+2 < len(a.lower) && a.lower[j] == "during" {
			for k := j + 1; k < min(j+4, len(a.lower)); k++ {
				if v := byTok[k]; v != nil && v != m && v.date == nil {
					v.date, v.dateTok = dt, first
					m.during = v
					break
				}
			}
		}
	}
}

// clauseDates gives an undated mention in a ", when" or ", during which"
// clause the date of the event of the clause before it: "Kim first
// visited Vladivostok in April 2019, when the pair met on Russky Island".
// A ", when" right after a date refers to that date, even one that starts
// a period: "restricted cooperation with the IAEA since July 2025, when it
// suspended most inspections", "its first launch since May, when it
// tested".
func (a *analysis) clauseDates(ms []*mention) {
	for _, m := range ms {
		if m.date != nil {
			continue
		}
		f, _ := a.clauseRange(m.tok)
		if f < 2 || a.lower[f] != "," || f+1 >= len(a.lower) {
			continue
		}
		f++ // the clause begins with its comma
		w := a.lower[f]
		if !(w == "when" || w == "during" && f+1 < len(a.lower) && a.lower[f+1] == "which") {
			continue
		}
		if di := a.dateAt[f-2]; w == "when" && di >= 0 && a.eventDate(&a.doc.Dates[di]) {
			m.date, m.dateTok = &a.doc.Dates[di], a.d.TokenAt(a.doc.Dates[di].Start)
			m.actorsOf = f - 2
			continue
		}
		var prev *mention
		for _, o := range ms {
			if o.tok < f && o.date != nil && o.sent == m.sent && a.clause[o.tok] == a.clause[f-2] && o != m {
				prev = o
			}
		}
		if prev != nil {
			m.date, m.dateTok = prev.date, prev.dateTok
			m.during = prev // and, failing its own, its place
		}
	}
}

// maxSettingWords bounds the words between "at" and the session it sets
// a vote in: "at the open session", "at a closed plenary session".
const maxSettingWords = 3

// votingSessions gives the date of a session at which a body voted to the
// vote, and drops the session: "Of the 247 lawmakers present at the open
// session on November 22, 189 voted in favor" tells of one event, the
// vote, and its day.
func (a *analysis) votingSessions(ms []*mention) []*mention {
	out := ms[:0]
	for _, m := range ms {
		if v := a.sessionVote(m, ms); v != nil {
			if v.date == nil {
				v.date, v.dateTok = m.date, m.dateTok
			}
			continue
		}
		out = append(out, m)
	}
	return out
}

// sessionVote gives the vote of the sentence of m when m is a session
// named after "at", or nil.
func (a *analysis) sessionVote(m *mention, ms []*mention) *mention {
	if m.typ != Meeting || !m.noun || (m.word != "session" && m.word != "sitting") {
		return nil
	}
	at := false
	for i := m.tok - 1; i >= 0 && m.tok-i <= maxSettingWords; i-- {
		if a.lower[i] == "at" {
			at = true
			break
		}
	}
	if !at {
		return nil
	}
	for _, v := range ms {
		if v.typ == Vote && !v.noun && v.sent == m.sent {
			return v
		}
	}
	return nil
}

// decisionDates gives an undated event that a vote decided the vote's
// date: "Mongolia's parliament voted on Thursday to join the treaty", "the
// Duma approved the extension on Friday". The decision is the act; the
// deposit or entry into force that follows is an event of its own. So is
// a treaty act a state announced, dated by its announcement: "Finland,
// Poland ... announced last year that they would withdraw from the
// convention", "Ukraine announced its own withdrawal last June".
func (a *analysis) decisionDates(ms []*mention) {
	byTok := map[int]*mention{}
	for _, m := range ms {
		byTok[m.tok] = m
	}
	for _, m := range ms {
		if m.date != nil || !treatyType(m.typ) || m.typ == Vote {
			continue
		}
		v := a.decider(m, byTok)
		if v == nil && treatyActs[m.typ] {
			if v = a.announcer(m, byTok); v != nil {
				v.announces = true
			}
		}
		if v != nil && v.date != nil {
			m.date, m.dateTok, m.inherited = v.date, v.dateTok, true
			m.actorsOf = v.tok
		}
	}
}

// treatyActs are what one state does to a treaty and may announce.
var treatyActs = map[string]bool{Withdrawal: true, Suspension: true, Ratification: true}

// announceWords are the verbs that announce a state's act.
var announceWords = set("announced", "announces", "announce")

// announcer gives the announcement whose object m is ("announced its own
// withdrawal") or whose "that" clause m is told in ("announced last year
// that they would withdraw"), or nil.
func (a *analysis) announcer(m *mention, byTok map[int]*mention) *mention {
	i := m.tok - 1
	if !m.noun {
		f, _ := a.clauseRange(m.tok)
		if a.lower[f] != "that" {
			return nil
		}
		i = f - 1
	}
	for ; i >= 0 && m.tok-i <= maxDeciderGap+2; i-- {
		if v := byTok[i]; v != nil {
			if announceWords[a.lower[v.tok]] {
				return v
			}
			return nil
		}
		if !a.betweenWord(i) {
			return nil
		}
	}
	return nil
}

// betweenWord reports a word that may stand between an act and what
// decided or announced it: a date, a determiner, an adverb ("on Thursday",
// "its own", "unanimously").
func (a *analysis) betweenWord(i int) bool {
	w := a.lower[i]
	return a.dateAt[i] >= 0 || determiners[w] || strings.HasSuffix(w, "ly") || w == "on" || w == "in" || w == "own"
}

// maxDeciderGap bounds the words between a vote and what it decided: "voted
// on Thursday to join", "approved the extension".
const maxDeciderGap = 4

// decider gives the vote whose object m is: the verb before "to join", or
// the verb whose object the noun m is ("approved accession to"), with only
// a date, an adverb or a determiner between; or nil.
func (a *analysis) decider(m *mention, byTok map[int]*mention) *mention {
	i := m.tok - 1
	if !m.noun {
		if i < 0 || a.lower[i] != "to" {
			return nil
		}
		i--
	}
	for ; i >= 0 && m.tok-i <= maxDeciderGap+2; i-- {
		if v := byTok[i]; v != nil {
			if v.typ == Vote && !v.noun {
				return v
			}
			return nil
		}
		if !a.betweenWord(i) {
			return nil
		}
	}
	return nil
}

// eventDate reports a date that can date an event: a point or period of
// time the text names, not a duration, a set or a reference such as
// PRESENT_REF.
func (a *analysis) eventDate(dt *schema.Date) bool {
	return dt.Type != schema.TypeDuration && dt.Type != schema.TypeSet && numericValue(dt.Value)
}

// speakersApart keeps the speaker of a remark out of the other events of
// its clause: in "the comments, made by Andrea Thompson, set the stage for
// Washington to withdraw", Thompson spoke; she is not party to the
// withdrawal.
func speakersApart(ms []*mention, a *analysis) {
	for _, r := range ms {
		if !r.reporting || r.speaker < 0 {
			continue
		}
		for _, m := range ms {
			if m == r || speaking(m.typ) || a.clause[m.tok] != a.clause[r.tok] {
				continue
			}
			kept := m.people[:0]
			for _, p := range m.people {
				if p != r.speaker {
					kept = append(kept, p)
				}
			}
			m.people = kept
		}
	}
}

// anyEvent as an afterTyp means the event told just before.
const anyEvent = "*"

// anaphoricPlaces gives "the summit" the place of the summit named before
// it: "at a summit in The Hague ... The summit opened on Tuesday evening".
func (a *analysis) anaphoricPlaces(ms []*mention) {
	for _, m := range ms {
		if !m.noun || len(m.own) > 0 || m.tok == 0 || a.lower[m.tok-1] != "the" {
			continue
		}
		for i := len(ms) - 1; i >= 0; i-- {
			o := ms[i]
			if o.tok < m.tok && o.word == m.word && len(o.own) > 0 {
				m.places = append(m.places, o.own...)
				m.own = m.places
				break
			}
		}
	}
}

// audiencePlaces gives a speech to "the conference" the place of the
// conference the article named before.
func (a *analysis) audiencePlaces(ms []*mention) {
	for _, m := range ms {
		if m.typ != Speech || len(m.own) > 0 {
			continue
		}
		for k := m.end; k < min(m.end+3, len(a.lower)); k++ {
			if !audienceWords[a.lower[k]] {
				continue
			}
			for _, o := range ms {
				if o.tok < m.tok && o.typ == Meeting && o.word == a.lower[k] && len(o.own) > 0 {
					m.places = append(m.places, o.own...)
					m.own = m.places
					break
				}
			}
			break
		}
	}
}

// frontedBefore reports a fronted phrase ending in a comma between the
// date and the verb, with the verb's subject after it: "Speaking in Moscow
// on Saturday, he said" (but not "could start this week, said Baker").
func (a *analysis) frontedBefore(last, verb int) bool {
	for k := last; k < verb; k++ {
		if a.lower[k] == "," {
			return k+1 < verb
		}
	}
	return false
}

// reportedClause reports a subject between a verb of saying and a date
// after it: "said she had toured the museum last week" reports a clause of
// its own, which the date belongs to.
func (a *analysis) reportedClause(from, to int) bool {
	for k := from; k < to; k++ {
		switch a.lower[k] {
		case "he", "she", "it", "they", "we", "i", "you", "that":
			return true
		}
	}
	return false
}

// setting finds, for a date that governs no event word, the event its
// clause happened at: "NATO leaders on Wednesday agreed to raise the target
// ..., bowing to pressure at a summit in The Hague".
func (a *analysis) setting(first int, byTok map[int]*mention) *mention {
	s := a.sentOf[first]
	if s < 0 {
		return nil
	}
	sp := a.sents[s]
	for j := sp.First; j+1 < sp.Last; j++ {
		if a.lower[j] != "at" {
			continue
		}
		for k := j + 1; k < min(j+3, sp.Last); k++ {
			if m := byTok[k]; m != nil && m.noun && m.date == nil {
				return m
			}
		}
	}
	return nil
}

// numericValue reports a TIMEX3 value that names a time ("2019-01-15",
// "2019-W03"), not a reference such as PRESENT_REF.
func numericValue(v string) bool {
	return len(v) >= 4 && (v[0] >= '0' && v[0] <= '9' || v[0] == 'X')
}

// better reports whether date x should replace y on a mention: a more
// specific value.
func better(x, y *schema.Date) bool {
	return len(x.Value) > len(y.Value) && strings.HasPrefix(x.Value, y.Value)
}

// governor finds the mention that the date at tokens [first, last) belongs
// to, or nil.
func (a *analysis) governor(first, last int, byTok map[int]*mention) *mention {
	// A treaty's year: "the 1987 Intermediate-Range Nuclear Forces Treaty".
	if last < len(a.d.Tokens) && a.treaty[last] >= 0 {
		return nil
	}
	// A premodifier: "the January 15 meeting", "Monday's talks".
	for j := last; j < min(last+3, len(a.lower)); j++ {
		if m := byTok[j]; m != nil && m.noun {
			return m
		}
		if a.clause[j] != a.clause[first] || !isModifier(a.lower[j]) {
			break
		}
	}
	f, l := a.clauseRange(first)
	// The nearest mention before the date in its clause.
	var left *mention
	comma := false
	for j := first - 1; j >= f && first-j <= 25; j-- {
		if a.lower[j] == "," && a.apposComma[j] {
			continue
		}
		// "suspended most inspections following Israeli and U.S. strikes
		// on its nuclear facilities the previous month": the date is the
		// strikes', which name no event; it dates nothing before them.
		if phrasePreps[a.lower[j]] && j < first-1 {
			return nil
		}
		if m := byTok[j]; m != nil {
			// "a summit in Hiroshima, the city destroyed by a U.S. atomic
			// bomb in August 1945": across a comma, only a near event.
			if !comma || first-j <= 6 {
				left = m
			}
			break
		}
		if a.lower[j] == "," {
			comma = true
		}
	}
	if left != nil {
		// "announced the deployment last month", "will discuss the launch
		// on Friday": a noun event that is the object of a verb event
		// leaves the date to the verb.
		if left.noun {
			for j := left.tok - 1; j >= f && left.tok-j <= 3; j-- {
				if v := byTok[j]; v != nil && !v.noun {
					left = v
					break
				}
			}
		}
		// A verb of saying governs only a date close after it ("said on
		// Monday", "told the Interfax news agency on Wednesday"), not one
		// of the words it reports ("said the ministers would act by
		// February").
		if !(left.reporting && (first-left.end > 6 || a.reportedClause(left.end, first))) {
			return left
		}
		return nil
	}
	// "by 2035" is a deadline: it dates what comes before it, not after.
	if first > 0 && a.lower[first-1] == "by" {
		return nil
	}
	for j := last; j < l && j-last <= 10; j++ {
		if a.lower[j] == "," && !a.apposComma[j] && j-last > 0 {
			break // "..., bowing to pressure ... at a summit": another phrase
		}
		if m := byTok[j]; m != nil {
			// "could start this week, said Baker": a date before a verb of
			// saying belongs to what was said, unless it opens the clause
			// ("On Monday, Lavrov said").
			// "Ukraine's Foreign Ministry on March 12 called on": a date
			// right before the verb, after its subject, is the verb's.
			if m.reporting && !m.noun && first-f > 1 && !a.frontedBefore(last, m.tok) && m.tok != last {
				return nil
			}
			return m
		}
	}
	return nil
}

// phrasePreps open a phrase naming what an event came after or before
// ("following Israeli strikes", "after a working dinner"): a date in the
// phrase is its own.
var phrasePreps = set("after", "following", "before")

func isModifier(w string) bool {
	switch w {
	case "’s", "'s", "annual", "planned", "scheduled", "first", "second", "last", "final", "emergency",
		"informal", "formal", "regular", "weekly", "previous", "next", "expected", "bilateral", "trilateral":
		return true
	}
	return false
}
