// Package treaties finds treaties, conventions, accords and agreements
// between states by name, acronym or nickname.
//
// It works in four passes over the segmented text:
//
//  1. the gazetteer (data/treaties.tsv, embedded): every name, acronym and
//     nickname of a known treaty, matched word by word through a trie, with
//     the case rules of the data file ("INF" and "START" only in capitals,
//     "Open Skies" capitalised, "treaty" in any case);
//  2. patterns for treaties the gazetteer does not list: "the X Treaty",
//     "the X Agreement/Accord/Convention/Pact/Protocol/Memorandum" and
//     "Treaty on/of X" with capitalised X;
//  3. acronyms the text defines right after a name ("(NPT)", ", known as the
//     INF"), then every use of them;
//  4. generic references ("the treaty", "the pact", "the bilateral treaty",
//     "the 1987 treaty"), tied as mentions to the treaty they point at when
//     that is unambiguous: the one named earlier in the sentence, else the
//     only one named in the sentence before, else the treaty the article is
//     mostly about.
//
// The year is the one the text puts before a name ("the 1987
// Intermediate-Range Nuclear Forces Treaty"), else the gazetteer's year of
// signature.
package treaties

import (
	"bufio"
	_ "embed"
	"fmt"
	"maps"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/herald-news/herald/extractors/geo"
	"github.com/herald-news/herald/extractors/schema"
	"github.com/herald-news/herald/extractors/text"
)

// The gazetteer: treaties.tsv is curated by hand; huggo.tsv is derived
// from the HUGGO dataset by gen_huggo.go and gives way to it on a clash.
var (
	//go:embed data/treaties.tsv
	curated string
	//go:embed data/huggo.tsv
	derived string
)

// Finder finds treaties. It is safe for concurrent use: after New it is
// only read.
type Finder struct {
	entries []entry
	root    *node
	short   map[string]int // acronym, exact case -> entry
}

// entry is one treaty of the gazetteer.
type entry struct {
	name, short string
	year        int
	heads       map[string]bool // head words of its names: treaty, agreement ...
}

// node is one word of the trie of names.
type node struct {
	next map[string]*node
	// rule is the loosest case rule of the words that lead here.
	rule caseRule
	// entry is the treaty a name ending here names, or -1; cond, when set,
	// is a word the article must name for the match to count.
	entry int
	cond  string
}

// caseRule says how a word of a name must be written in the text.
type caseRule int

const (
	exactCase   caseRule = iota // an acronym: as written ("INF", "II")
	capitalised                 // first letter a capital ("Open", "Skies")
	anyCase                     // a head word or a lower-case word
)

// heads are the words that make a phrase a treaty's name, with their
// plurals.
var heads = map[string]bool{
	"treaty": true, "treaties": true, "agreement": true, "agreements": true,
	"accord": true, "accords": true, "convention": true, "conventions": true,
	"pact": true, "deal": true, "protocol": true, "memorandum": true,
}

// New loads the gazetteer.
func New() (*Finder, error) {
	f := &Finder{root: newNode(), short: map[string]int{}}
	if err := f.load("treaties.tsv", curated, false); err != nil {
		return nil, err
	}
	if err := f.load("huggo.tsv", derived, true); err != nil {
		return nil, err
	}
	if err := geo.Load(); err != nil {
		return nil, fmt.Errorf("load geo gazetteer: %w", err)
	}
	return f, nil
}

// load reads one gazetteer file. In a secondary file, a row that shares a
// name with a treaty already loaded adds its other names to that treaty
// rather than becoming a treaty of its own.
func (f *Finder) load(file, src string, secondary bool) error {
	sc := bufio.NewScanner(strings.NewReader(src))
	line := 0
	for sc.Scan() {
		line++
		s := sc.Text()
		if strings.TrimSpace(s) == "" || strings.HasPrefix(s, "#") {
			continue
		}
		fields := strings.Split(s, "\t")
		if len(fields) != 4 {
			return fmt.Errorf("%s:%d: %d fields, want 4", file, line, len(fields))
		}
		e := entry{name: fields[0], short: fields[1], heads: map[string]bool{}}
		if fields[2] != "" {
			y, err := strconv.Atoi(fields[2])
			if err != nil {
				return fmt.Errorf("%s:%d: year: %w", file, line, err)
			}
			e.year = y
		}
		names := []string{e.name}
		if e.short != "" {
			names = append(names, e.short)
		}
		if fields[3] != "" {
			names = append(names, strings.Split(fields[3], "|")...)
		}
		id := len(f.entries)
		if secondary {
			for _, n := range names {
				if old := (&reader{f: f}).lookupName(n); old >= 0 {
					id = old
					break
				}
			}
		}
		for _, n := range names {
			cond := ""
			if i := strings.LastIndexByte(n, '@'); i > 0 {
				n, cond = n[:i], n[i+1:]
			}
			words := nameWords(n)
			if len(words) == 0 {
				return fmt.Errorf("%s:%d: empty name", file, line)
			}
			for _, w := range words {
				if heads[w.key] {
					e.heads[singular(w.key)] = true
				}
			}
			if secondary && (&reader{f: f}).lookupName(n) >= 0 {
				continue
			}
			if err := f.add(words, id, cond); err != nil {
				return fmt.Errorf("%s:%d: %w", file, line, err)
			}
			if len(words) == 1 && words[0].rule == exactCase && cond == "" {
				k := strings.ReplaceAll(words[0].raw, ".", "")
				if _, dup := f.short[k]; !dup {
					f.short[k] = id
				}
			}
		}
		if id == len(f.entries) {
			f.entries = append(f.entries, e)
		}
	}
	return sc.Err()
}

func newNode() *node { return &node{next: map[string]*node{}, entry: -1} }

// add puts a name's words into the trie.
func (f *Finder) add(words []word, id int, cond string) error {
	n := f.root
	for _, w := range words {
		c, ok := n.next[w.key]
		if !ok {
			c = newNode()
			c.rule = w.rule
			n.next[w.key] = c
		} else if w.rule > c.rule {
			c.rule = w.rule
		}
		n = c
	}
	if n.entry >= 0 && n.entry != id {
		return fmt.Errorf("name %q already names %q", joinRaw(words), f.entries[n.entry].name)
	}
	if n.entry < 0 || cond == "" {
		n.entry, n.cond = id, cond
	}
	return nil
}

func joinRaw(ws []word) string {
	var b strings.Builder
	for i, w := range ws {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(w.raw)
	}
	return b.String()
}

// word is one word of a name or of the text: a token split at hyphens and
// slashes, without full stops or a possessive.
type word struct {
	key        string // lower case, no full stops
	raw        string // as written, possessive dropped
	rule       caseRule
	start, end int  // byte offsets in the text
	tok        int  // index of the token it comes from
	first      bool // the first word of its token
	last       bool // the last word of its token
}

// nameWords splits a gazetteer name into words with their case rules.
func nameWords(s string) []word {
	toks := text.Tokenize(s)
	return splitWords(toks, true)
}

// splitWords splits tokens at inner hyphens and slashes. With rules set it
// assigns each word its case rule, as for a gazetteer name.
func splitWords(toks []text.Token, rules bool) []word {
	return appendWords(make([]word, 0, len(toks)+len(toks)/4), toks, rules)
}

// appendWords is splitWords appending to out.
func appendWords(out []word, toks []text.Token, rules bool) []word {
	for ti, t := range toks {
		// A possessive is no part of the name: "NATO's" is "NATO".
		s := trimPossessive(t.Text)
		base := t.Start
		startIdx := len(out)
		i := 0
		for i <= len(s) {
			j := i
			for j < len(s) && s[j] != '-' && s[j] != '/' {
				j++
			}
			if j > i {
				raw := s[i:j]
				w := word{raw: raw, key: key(raw), start: base + i, end: base + j, tok: ti}
				if rules {
					w.rule = ruleOf(raw)
				}
				out = append(out, w)
			}
			i = j + 1
		}
		if len(out) > startIdx {
			out[startIdx].first = true
			out[len(out)-1].last = true
		}
	}
	return out
}

// key folds a word: lower case, full stops dropped ("U.S." and "US" alike),
// curly apostrophes straightened.
func key(s string) string {
	plain := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= utf8.RuneSelf || c == '.' || ('A' <= c && c <= 'Z') {
			plain = false
			break
		}
	}
	if plain {
		return s
	}
	s = strings.ReplaceAll(s, "’", "'")
	if strings.IndexByte(s, '.') >= 0 && len(s) > 1 {
		s = strings.ReplaceAll(s, ".", "")
	}
	return strings.ToLower(s)
}

// ruleOf is the case rule a gazetteer word sets for the text.
func ruleOf(s string) caseRule {
	k := key(s)
	if heads[k] {
		return anyCase
	}
	letters, upper := 0, 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			letters++
			if unicode.IsUpper(r) {
				upper++
			}
		}
	}
	switch {
	case letters == 0:
		return anyCase // digits and punctuation match themselves
	case upper == letters:
		return exactCase
	case upper > 0:
		return capitalised
	}
	return anyCase
}

// fits reports whether the text word w may stand for a name word of rule r.
func fits(w word, r caseRule) bool {
	switch r {
	case exactCase:
		return strings.ReplaceAll(w.raw, ".", "") == strings.ReplaceAll(strings.ToUpper(w.raw), ".", "") && hasLetterOrDigit(w.raw)
	case capitalised:
		c, _ := utf8.DecodeRuneInString(w.raw)
		return unicode.IsUpper(c) || unicode.IsDigit(c)
	}
	return true
}

func hasLetterOrDigit(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

func singular(h string) string {
	switch h {
	case "treaties":
		return "treaty"
	case "agreements", "accords", "conventions":
		return h[:len(h)-1]
	}
	return h
}

// found is a treaty while the article is read.
type found struct {
	id       int // gazetteer entry, or -1
	name     string
	short    string
	year     int
	yearText bool // the year comes from the text
	heads    map[string]bool
	forms    []string // names as written, in order of first use
	folded   []string // forms, folded
	mentions []schema.Mention
	named    int // mentions by name, not generic
}

// Find returns the treaties of d, in order of first mention.
func (f *Finder) Find(d *text.Doc) []schema.Treaty { return f.FindPublished(d, time.Time{}) }

// FindPublished is Find for an article published at the given time: a
// treaty the gazetteer has no year for, signed in a sentence that gives no
// other year ("Finland and Sweden signed the Nordic Air Defence Agreement
// at a ceremony in Helsinki"), takes the year of publication.
func (f *Finder) FindPublished(d *text.Doc, published time.Time) []schema.Treaty {
	if d == nil || len(d.Tokens) == 0 {
		return nil
	}
	sc := scratchPool.Get().(*scratch)
	defer scratchPool.Put(sc)
	sc.words = appendWords(sc.words[:0], d.Tokens, false)
	if cap(sc.taken) < len(d.Tokens) {
		sc.taken = make([]bool, len(d.Tokens))
	}
	sc.taken = sc.taken[:len(d.Tokens)]
	clear(sc.taken)
	r := reader{f: f, d: d, words: sc.words, taken: sc.taken, byID: map[int]int{}, byName: map[string]int{}}
	r.gazetteer()
	r.patterns()
	r.namedLower()
	r.acronyms()
	r.generics()
	if !published.IsZero() {
		r.signedYears(published.Year())
	}
	return r.result()
}

// scratch holds the per-article buffers Find reuses across calls.
type scratch struct {
	words []word
	taken []bool
}

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

// signedYears gives a treaty with no year the year of publication when the
// article reports its signing without naming another year.
func (r *reader) signedYears(y int) {
	for _, t := range r.found {
		if t.year != 0 {
			continue
		}
		for _, m := range t.mentions {
			si := r.d.SentenceAt(m.Start)
			if si < 0 {
				continue
			}
			s := r.d.Sentences[si]
			signed, other := false, false
			for k := s.First; k < s.Last; k++ {
				w := r.d.Tokens[k].Text
				if isYear(w) {
					other = true
				}
				if r.d.Tokens[k].End <= m.Start {
					switch strings.ToLower(w) {
					case "signed", "sign", "signs", "signing", "inked", "concluded":
						signed = true
					}
				}
			}
			if signed && !other {
				t.year = y
				break
			}
		}
	}
}

// reader holds the state of one Find.
type reader struct {
	f      *Finder
	d      *text.Doc
	words  []word
	taken  []bool // tokens inside a mention already
	found  []*found
	byID   map[int]int    // gazetteer entry -> index in found
	byName map[string]int // folded name -> index in found, for treaties the gazetteer lacks
	// countries named in the article, built on first need.
	countries map[string]bool
}

// gazetteer matches the names of the trie, longest first.
func (r *reader) gazetteer() {
	ws := r.words
	for i := 0; i < len(ws); {
		if !ws[i].first {
			i++
			continue
		}
		best, bestEnd, bestCond := -1, -1, ""
		n := r.f.root
		for j := i; j < len(ws); j++ {
			if j > i && ws[j].tok != ws[j-1].tok && !adjacentTokens(r.d, ws[j-1].tok, ws[j].tok) {
				break
			}
			// An acronym in brackets inside a name is read past:
			// "Intermediate-Range Nuclear Forces (INF) Treaty".
			if j > i && j+3 < len(ws) && ws[j].raw == "(" && ws[j+2].raw == ")" && isAcronym(ws[j+1].raw) {
				if _, ok := n.next["("]; !ok {
					if c, ok := n.next[ws[j+3].key]; ok && fits(ws[j+3], c.rule) {
						j += 2
						continue
					}
				}
			}
			c, ok := n.next[ws[j].key]
			if !ok || !fits(ws[j], c.rule) {
				break
			}
			n = c
			if n.entry >= 0 && ws[j].last && r.condHolds(n.cond) {
				best, bestEnd, bestCond = n.entry, j, n.cond
			}
		}
		if best < 0 || bestCond != "" && !r.knownBefore(ws[i].tok, bestCond) {
			i++
			continue
		}
		start, end := ws[i].start, ws[bestEnd].end
		firstTok, lastTok := ws[i].tok, ws[bestEnd].tok
		// "INF treaty", "New START Treaty": the head word belongs to it.
		if !heads[ws[bestEnd].key] && lastTok+1 < len(r.d.Tokens) && ws[bestEnd].last {
			if nt := r.d.Tokens[lastTok+1]; heads[strings.ToLower(nt.Text)] {
				end, lastTok = nt.End, lastTok+1
			}
		}
		if laterNames[r.nextWord(lastTok)] || (!hasLower(r.d.Text[start:end]) && r.shouting(start)) {
			// "North Atlantic Treaty Organization"; "SPORTING START NEW
			// SEASON", where capitals say nothing.
			i++
			continue
		}
		if r.alliance(firstTok, lastTok) {
			// "NATO and the Warsaw Pact could deploy", "Warsaw Pact
			// countries": the alliance, not the treaty.
			for k := firstTok; k <= lastTok; k++ {
				r.taken[k] = true
			}
			i = bestEnd + 1
			continue
		}
		r.add(best, "", firstTok, lastTok, start, end)
		// Continue after the match.
		for i = bestEnd + 1; i < len(ws) && ws[i].tok <= lastTok; i++ {
		}
	}
}

// allianceNouns follow a pact's name when the text means the alliance the
// pact founded: "Warsaw Pact countries", "Warsaw Pact forces".
var allianceNouns = map[string]bool{
	"countries": true, "country": true, "members": true, "member": true, "forces": true,
	"states": true, "state": true, "troops": true, "armies": true, "army": true, "allies": true,
	"nations": true, "military": true, "militaries": true, "bloc": true, "partners": true,
	"capitals": true, "governments": true, "tanks": true, "divisions": true,
}

// alliance reports a pact's name at tokens [first, last] used for the
// alliance it founded: followed by a word for its members or forces, or
// coordinated with an organisation ("NATO and the Warsaw Pact").
func (r *reader) alliance(first, last int) bool {
	toks := r.d.Tokens
	if !strings.EqualFold(toks[last].Text, "Pact") {
		return false
	}
	if allianceNouns[strings.ToLower(r.nextWord(last))] {
		return true
	}
	isOrg := func(k int) bool {
		if k < 0 || k >= len(toks) {
			return false
		}
		_, ok := geo.LookupOrg(toks[k].Text)
		return ok && isAcronym(toks[k].Text)
	}
	k := first - 1
	if k >= 0 && strings.EqualFold(toks[k].Text, "the") {
		k--
	}
	if k >= 1 && (toks[k].Text == "and" || toks[k].Text == "or") && isOrg(k-1) {
		return true
	}
	if last+2 < len(toks) && (toks[last+1].Text == "and" || toks[last+1].Text == "or") && isOrg(last+2) {
		return true
	}
	return false
}

// nextWord returns the token after token k when it follows with only
// spaces between, else "".
func (r *reader) nextWord(k int) string {
	if k+1 < len(r.d.Tokens) && adjacentTokens(r.d, k, k+1) {
		return r.d.Tokens[k+1].Text
	}
	return ""
}

func hasLower(s string) bool {
	for _, c := range s {
		if unicode.IsLower(c) {
			return true
		}
	}
	return false
}

// shouting reports whether the sentence at offset off is set in capitals,
// as wire headlines are.
func (r *reader) shouting(off int) bool {
	si := r.d.SentenceAt(off)
	if si < 0 {
		return false
	}
	s := r.d.Sentences[si]
	words, upper := 0, 0
	for k := s.First; k < s.Last; k++ {
		w := r.d.Tokens[k].Text
		if utf8.RuneCountInString(w) < 3 {
			continue
		}
		c, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsLetter(c) {
			continue
		}
		words++
		if !hasLower(w) {
			upper++
		}
	}
	return words >= 3 && upper*10 >= words*6
}

// adjacentTokens reports whether tokens a and b are next to each other,
// with only spaces between: names do not run across punctuation other
// than the commas and brackets that are words of their own.
func adjacentTokens(d *text.Doc, a, b int) bool {
	if b != a+1 {
		return false
	}
	gap := d.Text[d.Tokens[a].End:d.Tokens[b].Start]
	return !strings.Contains(gap, "\n")
}

// knownBefore reports whether the words before token k let a conditional
// name ("nuclear deal" where Iran is named) be the treaty: "the nuclear
// deal", "the 2015 nuclear deal", "Iran's nuclear deal", or the start of a
// sentence; not "a nuclear deal" (a new one), "a civil nuclear deal", "the
// Saudi nuclear deal" (another one).
func (r *reader) knownBefore(k int, cond string) bool {
	if k == 0 {
		return true
	}
	prev := r.d.Tokens[k-1].Text
	if (prev == "'s" || prev == "’s") && k >= 2 {
		prev = r.d.Tokens[k-2].Text + prev
	}
	owner := trimPossessive(prev)
	if c, ok := geo.CountryOf(owner); ok {
		// "Iran's nuclear deal", "the Iran nuclear deal" are the one;
		// "Saudi Arabia's", "the Saudi nuclear deal" another
		want, _ := geo.CountryOf(cond)
		return c == want
	}
	first, _ := utf8.DecodeRuneInString(prev)
	switch low := strings.ToLower(prev); {
	case low == "the" || low == "this" || low == "that" || isYear(prev) || owner != prev:
		return true // "the 2015 nuclear deal", "Tehran's nuclear deal"
	case !unicode.IsLetter(first) && !unicode.IsDigit(first):
		return true // after punctuation: a heading, a list
	}
	return false
}

// condHolds reports whether the article names what a conditional name
// needs: a country ("Iran") or a word ("nuclear").
func (r *reader) condHolds(cond string) bool {
	if cond == "" {
		return true
	}
	if c, ok := geo.CountryOf(cond); ok {
		if r.countries == nil {
			r.countries = map[string]bool{}
			for _, t := range r.d.Tokens {
				if c, ok := geo.CountryOf(t.Text); ok {
					r.countries[c] = true
				}
			}
		}
		return r.countries[c]
	}
	for _, t := range r.d.Tokens {
		if strings.EqualFold(t.Text, cond) {
			return true
		}
	}
	return false
}

// add records a named mention of gazetteer entry id (or, with id -1, of the
// treaty called name) over tokens [first, last].
func (r *reader) add(id int, name string, first, last, start, end int) *found {
	var t *found
	if id >= 0 {
		if k, ok := r.byID[id]; ok {
			t = r.found[k]
		} else {
			e := r.f.entries[id]
			t = &found{id: id, name: e.name, short: e.short, year: e.year, heads: maps.Clone(e.heads)}
			r.byID[id] = len(r.found)
			r.found = append(r.found, t)
		}
	} else {
		k := foldName(name)
		if i, ok := r.byName[k]; ok {
			t = r.found[i]
		} else {
			t = &found{id: -1, name: name, heads: map[string]bool{}}
			r.byName[k] = len(r.found)
			r.found = append(r.found, t)
		}
	}
	form := r.d.Text[start:end]
	t.mentions = append(t.mentions, schema.Mention{Text: form, Start: start, End: end})
	t.named++
	for _, w := range strings.Fields(strings.ToLower(form)) {
		if heads[w] {
			t.heads[singular(w)] = true
		}
	}
	t.addForm(form)
	for k := first; k <= last; k++ {
		r.taken[k] = true
	}
	if y, ok := r.yearBefore(first, last); ok && !t.yearText {
		t.year, t.yearText = y, true
	}
	return t
}

func (t *found) addForm(form string) {
	form = strings.Join(strings.Fields(form), " ")
	// "Intermediate-Range Nuclear Forces (INF) Treaty" is the full name
	// with its acronym: keep the name.
	if i := strings.Index(form, " ("); i > 0 {
		if j := strings.Index(form[i:], ") "); j > 0 && isAcronym(form[i+2:i+j]) {
			form = form[:i] + form[i+j+1:]
		}
	}
	k := foldName(form)
	for _, f := range t.folded {
		if f == k {
			return
		}
	}
	t.forms = append(t.forms, form)
	t.folded = append(t.folded, k)
}

// foldName folds a name for comparison: lower case, letters and digits only.
func foldName(s string) string {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= utf8.RuneSelf:
			return foldNameUnicode(s)
		case 'a' <= c && c <= 'z' || '0' <= c && c <= '9':
			b = append(b, c)
		case 'A' <= c && c <= 'Z':
			b = append(b, c+'a'-'A')
		}
	}
	return string(b)
}

func foldNameUnicode(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// modifierNouns follow a treaty's name when the name modifies them rather
// than the year: "the 2010 NPT review conference", "the 2019 INF
// withdrawal".
var modifierNouns = map[string]bool{
	"conference": true, "talks": true, "summit": true, "review": true, "meeting": true,
	"negotiations": true, "extension": true, "expiry": true, "withdrawal": true,
	"violation": true, "violations": true, "crisis": true, "dispute": true, "deadline": true,
	"anniversary": true, "limits": true, "limit": true, "ceiling": true, "ceilings": true,
	"inspections": true, "inspection": true, "process": true, "regime": true, "commitments": true,
	"obligations": true, "collapse": true, "suspension": true, "exit": true, "ratification": true,
	"signing": true, "debate": true, "row": true, "compliance": true, "framework": true,
	"parties": true, "signatories": true, "members": true, "states": true, "era": true,
}

// yearBefore finds the year the text gives a name over tokens [first,
// last]: a four-digit year right before it ("the 1987 ... Treaty"), unless
// the name modifies a noun that follows.
func (r *reader) yearBefore(first, last int) (int, bool) {
	if first == 0 {
		return 0, false
	}
	y, ok := year(r.d.Tokens[first-1].Text)
	if !ok {
		return 0, false
	}
	if last+1 < len(r.d.Tokens) {
		next := r.d.Tokens[last+1].Text
		c, _ := utf8.DecodeRuneInString(next)
		if unicode.IsUpper(c) || modifierNouns[strings.ToLower(next)] {
			return 0, false
		}
	}
	return y, true
}

func year(s string) (int, bool) {
	if len(s) != 4 {
		return 0, false
	}
	y, err := strconv.Atoi(s)
	if err != nil || y < 1600 || y > 2100 {
		return 0, false
	}
	return y, true
}

// result turns what was found into the contract's records, in order of
// first mention.
func (r *reader) result() []schema.Treaty {
	if len(r.found) == 0 {
		return nil
	}
	out := make([]schema.Treaty, 0, len(r.found))
	for _, t := range r.found {
		sort.Slice(t.mentions, func(i, j int) bool { return t.mentions[i].Start < t.mentions[j].Start })
		tr := schema.Treaty{Name: t.name, Year: t.year, Mentions: t.mentions}
		if t.short != "" && foldName(t.short) != foldName(t.name) {
			tr.Short = t.short
		}
		name, short := foldName(t.name), foldName(tr.Short)
		for i, f := range t.forms {
			if fn := t.folded[i]; fn != name && fn != short {
				tr.Aliases = append(tr.Aliases, f)
			}
		}
		out = append(out, tr)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Mentions[0].Start < out[j].Mentions[0].Start })
	return out
}
