package treaties

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/herald-news/herald/extractors/geo"
	"github.com/herald-news/herald/extractors/schema"
	"github.com/herald-news/herald/extractors/text"
)

// patternHeads are the capitalised words that end or open the name of a
// treaty the gazetteer does not know. "Deal" is left out: "Green Deal" and
// "New Deal" are policies.
var patternHeads = map[string]bool{
	"Treaty": true, "Treaties": true, "Agreement": true, "Agreements": true,
	"Accord": true, "Accords": true, "Convention": true, "Pact": true,
	"Protocol": true, "Memorandum": true,
	// A declaration is a treaty's name only where the sentence says it
	// was signed ("The Northwood Declaration was signed by ...").
	"Declaration": true, "Declarations": true,
}

// signingWords say that a declaration is an agreement between states.
var signingWords = wordSet("signed sign signs signing signatory signatories")

// openers are capitalised only because they open a sentence or a clause;
// they are no part of a name.
var openers = wordSet("The A An This That These Those Its Their His Her Our In On Under With Without After Before During At By From To For And But Or If When While As Since Although Both Neither Either Such Any Every No Each")

// generic words name a kind of agreement, not one agreement: "a Peace
// Treaty", "the Trade Agreement". A name needs at least one other word.
var generic = wordSet("Peace Trade Defence Defense Security Cooperation Co-operation Partnership Friendship Framework Bilateral Multilateral Trilateral Interim Final Draft Nuclear Arms Historic Landmark Key Major Grain Climate Free New Military Strategic Economic Border Energy Gas Oil Association Comprehensive International Global Joint Mutual Ceasefire Cease-fire Armistice Investment Transit Cooperative Partial General Basic Big Second First Third Fourth Mutual Assistance Legal Political Non-Aggression Nonaggression Trade-and-Cooperation Union Treaty Agreement Accord Convention Pact Protocol Memorandum Water Fisheries Fishing Extradition Visa Customs Tax Aviation Air Space Maritime Naval Ban Test Missile Missiles Weapons Forces Control Reduction Limitation Understanding Supplementary Additional Optional Amended Revised Updated Original US U.S. UN U.N. EU")

// connectors may stand inside a name between capitalised words: "Treaty
// on the Non-Proliferation of Nuclear Weapons".
var connectors = wordSet("of the and on in for to with by at against between")

// openingPreps may follow a head word to open the rest of a name.
var openingPreps = wordSet("on of for concerning banning establishing between regarding relating against")

// calendarWords end a name's run of capitals: "Convention on Monday".
var calendarWords = wordSet("Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July August September October November December")

// laterNames follow a name that is part of a longer one: "North Atlantic
// Treaty Organization", "Peace Treaty Museum", "Penn Treaty American".
var laterNames = wordSet("Organization Organisation Organizations Organisations Secretariat Museum Centre Center Hall Commission Act Council Authority Committee Fund Bank Office American Corp Corporation Inc Ltd Group Company Park Street Square Road Bridge Hotel Building")

// speechVerbs follow an organisation, not a treaty: "Penn Treaty said".
var speechVerbs = wordSet("said says told announced reported added stated declared claimed warned")

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// patterns finds the treaties the gazetteer does not list.
func (r *reader) patterns() {
	toks := r.d.Tokens
	for h, t := range toks {
		if !patternHeads[t.Text] || r.taken[h] {
			continue
		}
		si := r.d.SentenceAt(t.Start)
		if si < 0 {
			continue
		}
		sent := r.d.Sentences[si]
		if r.titleCase(sent) {
			continue
		}
		// Capitalised words before the head: "Nordic Air Defence".
		b := h
		for k := h - 1; k >= sent.First; k-- {
			if r.taken[k] || !adjacentTokens(r.d, k, k+1) {
				break
			}
			w := toks[k].Text
			if text.IsCapitalized(w) {
				b = k
				continue
			}
			if w == "and" || w == "of" {
				if k-1 >= sent.First && text.IsCapitalized(toks[k-1].Text) && !r.taken[k-1] {
					continue
				}
			}
			break
		}
		for b < h && (openers[toks[b].Text] || connectors[toks[b].Text] || isPossessiveCountry(toks[b].Text)) {
			b++
		}
		// "... Treaty on the Non-Proliferation of Nuclear Weapons".
		e := h
		namedAfter := false
		if h+1 < sent.Last && r.opensRest(h+1) && !(toks[h+1].Text == "between" && h == sent.First) {
			last := -1
			for k := h + 2; k < sent.Last; k++ {
				if r.taken[k] || !adjacentTokens(r.d, k-1, k) {
					break
				}
				w := toks[k].Text
				if text.IsCapitalized(w) && !calendarWords[w] {
					last = k
					if !generic[w] {
						namedAfter = true
					}
					continue
				}
				if connectors[w] && w != "with" && w != "at" && w != "by" {
					continue
				}
				break
			}
			if last > 0 && namedAfter {
				e = last
			}
		}
		named := namedAfter
		// A convention with no "on ..." is a gathering: "Democratic
		// National Convention", "Tampa Convention".
		if toks[h].Text != "Convention" {
			for k := b; k < h; k++ {
				if !generic[toks[k].Text] && !isYear(toks[k].Text) {
					named = true
				}
			}
			// Three generic words or more in capitals inside a sentence
			// are one treaty's name: "a Comprehensive Strategic
			// Partnership Treaty", not "a peace treaty".
			if !named && h-b >= 3 && b > sent.First {
				named = true
			}
		}
		if strings.HasPrefix(toks[h].Text, "Declaration") && (namedAfter || b == h || !r.signedIn(sent)) {
			continue
		}
		if !named || r.partOfLonger(e) {
			continue
		}
		if b == sent.First && e == h && b+1 == h {
			// One capitalised word and the head at the opening of a
			// sentence: "Nuclear Treaty talks ..." cannot be told from a name.
			if _, ok := geo.LookupPlace(toks[b].Text); !ok {
				continue
			}
		}
		start, end := toks[b].Start, toks[e].End
		name := strings.Join(strings.Fields(r.d.Text[start:end]), " ")
		// A name the gazetteer knows in another form ("Open Skies Treaty"
		// when only "Treaty on Open Skies" were listed) is that treaty.
		id := -1
		if n := r.lookupName(name); n >= 0 {
			id = n
		}
		r.add(id, name, b, e, start, end)
	}
}

// signedIn reports a sentence that speaks of signing.
func (r *reader) signedIn(sent text.Span) bool {
	for k := sent.First; k < sent.Last; k++ {
		if signingWords[strings.ToLower(r.d.Tokens[k].Text)] {
			return true
		}
	}
	return false
}

// lowerHeads are head words written in lower case after a treaty's own
// name: "the Teutates treaties", "the Abraham accords".
var lowerHeads = wordSet("treaty treaties accord accords")

// namedLower finds "the X treaty" and "the X treaties" where X is a single
// capitalised word mid-sentence that names no country, nationality,
// organisation, month or day, and is no generic word: a treaty called
// after a place or a code name. The name is written as the text has it.
func (r *reader) namedLower() {
	toks := r.d.Tokens
	for h := 2; h < len(toks); h++ {
		if !lowerHeads[toks[h].Text] || r.taken[h] || r.taken[h-1] {
			continue
		}
		x := toks[h-1].Text
		if !text.IsCapitalized(x) || generic[x] || calendarWords[x] || openers[x] || isAcronym(x) ||
			!strings.EqualFold(toks[h-2].Text, "the") || !adjacentTokens(r.d, h-1, h) {
			continue
		}
		si := r.d.SentenceAt(toks[h-1].Start)
		if si < 0 || r.titleCase(r.d.Sentences[si]) {
			continue
		}
		if _, ok := geo.CountryOf(x); ok {
			continue // "the Iranian treaty", "the Russia treaty"
		}
		if _, ok := geo.LookupOrg(x); ok {
			continue
		}
		if strings.ContainsAny(x, "-’'") {
			continue // "U.S.-Russian", "Russia's"
		}
		start, end := toks[h-1].Start, toks[h].End
		r.add(-1, r.d.Text[start:end], h-1, h, start, end)
	}
}

// opensRest reports whether token k opens the rest of a name after its
// head: "on", "of", and, as documents capitalise them, "Relating",
// "Concerning" ("Convention Relating to the Status of Refugees").
func (r *reader) opensRest(k int) bool {
	w := r.d.Tokens[k].Text
	if openingPreps[w] {
		return true
	}
	switch w {
	case "Relating", "Concerning", "Regarding", "Respecting", "Banning", "Establishing":
		return true
	}
	return false
}

// partOfLonger reports whether the name ending at token e runs on into a
// longer name or is the subject of a speech verb: "North Atlantic Treaty
// Organization", "Penn Treaty said".
func (r *reader) partOfLonger(e int) bool {
	next := r.nextWord(e)
	return laterNames[next] || speechVerbs[next]
}

// lookupName finds a name in the gazetteer trie as a whole.
func (r *reader) lookupName(name string) int {
	ws := nameWords(name)
	n := r.f.root
	for _, w := range ws {
		c, ok := n.next[w.key]
		if !ok {
			return -1
		}
		n = c
	}
	if n.cond != "" {
		return -1
	}
	return n.entry
}

func isYear(s string) bool { _, ok := year(s); return ok }

func isPossessiveCountry(s string) bool {
	if !strings.HasSuffix(s, "'s") && !strings.HasSuffix(s, "’s") {
		return false
	}
	_, ok := geo.CountryOf(s)
	return ok
}

// titleCase reports a headline set in title case ("US Says 'No New Ground
// Broken' With Russia On Missile Treaty Impasse"), where capitals say
// nothing about names.
func (r *reader) titleCase(s text.Span) bool {
	words, caps, minorCaps := 0, 0, 0
	for k := s.First; k < s.Last; k++ {
		w := r.d.Tokens[k].Text
		c, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsLetter(c) {
			continue
		}
		words++
		if unicode.IsUpper(c) {
			caps++
			if words > 1 && (connectors[strings.ToLower(w)] || strings.ToLower(w) == "with") {
				minorCaps++
			}
		}
	}
	return words >= 4 && (minorCaps > 0 && caps*10 >= words*6 || caps == words)
}

// acronyms links the acronyms the text defines right after a name,
// "Treaty on the Non-Proliferation of Nuclear Weapons (NPT)" or "the
// Intermediate-Range Nuclear Forces Treaty, known as the INF", to that
// treaty, and takes every other use of them.
func (r *reader) acronyms() {
	toks := r.d.Tokens
	for _, t := range r.found {
		defined := ""
		for _, m := range t.mentions {
			k := r.d.TokenAt(m.End)
			if a, ok := definedAcronym(toks, k); ok {
				defined = a
				break
			}
		}
		if defined == "" {
			continue
		}
		if id, ok := r.f.short[defined]; ok && id != t.id {
			continue // another treaty's acronym: the text is not defining it
		}
		if t.short == "" {
			t.short = defined
		} else if defined != strings.ReplaceAll(t.short, ".", "") {
			t.addForm(defined)
		}
		for k, tk := range toks {
			if r.taken[k] || trimPossessive(tk.Text) != defined {
				continue
			}
			first, last, end := k, k, tk.Start+len(defined)
			if k+1 < len(toks) && heads[strings.ToLower(toks[k+1].Text)] && !r.taken[k+1] {
				last, end = k+1, toks[k+1].End
			}
			t.mentions = append(t.mentions, schema.Mention{Text: r.d.Text[tk.Start:end], Start: tk.Start, End: end})
			t.named++
			t.addForm(r.d.Text[tk.Start:end])
			for j := first; j <= last; j++ {
				r.taken[j] = true
			}
		}
	}
}

// definedAcronym reads an acronym defined at token k: "(NPT)", ", known
// as the INF", ", or CTBT".
func definedAcronym(toks []text.Token, k int) (string, bool) {
	at := func(i int) string {
		if i < len(toks) {
			return toks[i].Text
		}
		return ""
	}
	if at(k) == "(" && at(k+2) == ")" && isAcronym(at(k+1)) {
		return at(k + 1), true
	}
	i := k
	if at(i) == "," {
		i++
	}
	if at(i) == "also" {
		i++
	}
	switch at(i) {
	case "known", "called", "dubbed", "abbreviated":
		i++
		if at(i) == "as" {
			i++
		}
	case "or":
		if i == k { // "or" needs the comma: "the treaty or the pact"
			return "", false
		}
		i++
	default:
		return "", false
	}
	if strings.EqualFold(at(i), "the") {
		i++
	}
	if a := at(i); isAcronym(a) {
		return a, true
	}
	return "", false
}

// isAcronym reports a word in capitals of two to ten letters or digits,
// with at least two capitals: "NPT", "JCPOA", "START".
func isAcronym(s string) bool {
	n, upper := 0, 0
	for _, r := range s {
		switch {
		case unicode.IsUpper(r):
			upper++
		case unicode.IsDigit(r) || r == '-':
		default:
			return false
		}
		n++
	}
	return n >= 2 && n <= 10 && upper >= 2
}

func trimPossessive(s string) string {
	for _, suf := range []string{"'s", "’s"} {
		if len(s) > len(suf) && strings.HasSuffix(s, suf) {
			return s[:len(s)-len(suf)]
		}
	}
	return s
}

// genericHeads are the nouns of a generic reference, with the group of
// treaty names each may stand for.
var genericHeads = map[string]string{
	"treaty": "treaty", "pact": "any", "convention": "convention",
	"accord": "agreement", "agreement": "agreement", "deal": "agreement",
}

// headGroups gives the groups a treaty's own head words belong to; a pact
// may be called a treaty, an accord, an agreement or a deal.
var headGroups = map[string][]string{
	"treaty": {"treaty"}, "convention": {"treaty"}, "pact": {"treaty", "agreement"},
	"accord": {"agreement"}, "agreement": {"agreement"}, "deal": {"agreement"},
	"protocol": {"treaty", "agreement"}, "memorandum": {"agreement"},
}

// otherTreaty are modifiers that point away from the treaties named so
// far: "the new treaty", "the successor agreement".
var otherTreaty = wordSet("new another future successor possible potential proposed draft separate similar replacement follow-on next other alternative interim")

// generics ties "the treaty", "the pact", "the bilateral treaty", "the
// 1987 treaty" to the treaty they stand for, when that is unambiguous.
func (r *reader) generics() {
	if len(r.found) == 0 {
		return
	}
	toks := r.d.Tokens
	for i := 0; i < len(toks); i++ {
		det := strings.ToLower(toks[i].Text)
		if (det != "the" && det != "this") || r.taken[i] {
			continue
		}
		h, yr, ok := r.genericAt(i)
		if !ok {
			continue
		}
		group := genericHeads[strings.ToLower(toks[h].Text)]
		t := r.referent(toks[i].Start, group, yr)
		if t == nil {
			i = h
			continue
		}
		start, end := toks[i+1].Start, toks[h].End
		t.mentions = append(t.mentions, schema.Mention{Text: r.d.Text[start:end], Start: start, End: end})
		for k := i; k <= h; k++ {
			r.taken[k] = true
		}
		i = h
	}
}

// genericAt reads a generic reference opening at the determiner at i and
// returns the index of its head noun, and a year it gives.
func (r *reader) genericAt(i int) (head, yr int, ok bool) {
	toks := r.d.Tokens
	for k := i + 1; k < len(toks) && k <= i+5; k++ {
		if r.taken[k] || !adjacentTokens(r.d, k-1, k) {
			return 0, 0, false
		}
		w := toks[k].Text
		lw := strings.ToLower(w)
		if _, isHead := genericHeads[lw]; isHead {
			if k+1 < len(toks) {
				switch next := toks[k+1].Text; {
				case next == "between" || next == "to":
					return 0, 0, false // another agreement, described: "the deal between the ministries", "an agreement to ..."
				case w != lw && (openingPreps[next] || text.IsCapitalized(next)):
					return 0, 0, false // a name: "the Treaty of Baden"
				}
			}
			return k, yr, true
		}
		switch {
		case functionWords[lw]:
			return 0, 0, false // "that we have to deal", "the week at their convention"
		case otherTreaty[lw]:
			return 0, 0, false
		case isYear(w):
			yr, _ = year(w)
		case isLowerWord(w):
		case text.IsCapitalized(w):
			if _, isCountry := geo.CountryOf(w); !isCountry && !coldWar[w] {
				return 0, 0, false
			}
		default:
			return 0, 0, false
		}
	}
	return 0, 0, false
}

// functionWords cannot stand between a determiner and the noun of a
// generic reference.
var functionWords = wordSet("a an the this that these those we you they he she it i us them his her its their our my your to of in on at by for with from as and or but not no is was are were be been being have has had do does did will would can could should may might must shall which who whom whose what when where why how than then there here so if")

// coldWar are capitalised modifiers of a generic reference that name no
// treaty: "the Cold War-era pact".
var coldWar = wordSet("Cold War War-era Soviet-era Cold-War")

func isLowerWord(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !unicode.IsLower(r) && r != '-' {
			return false
		}
	}
	return true
}

// referent picks the treaty a generic reference at offset off stands for:
// one of the year it gives; else the last one named earlier in its
// sentence; else the only one named in the sentence before; else the one
// the article mentions most, when it is named within a few sentences or
// mentioned often; else the only one named within a few sentences, or the
// only one of those named before it. Nil when that is not clear.
func (r *reader) referent(off int, group string, yr int) *found {
	var cands []*found
	for _, t := range r.found {
		if t.fits(group) && (yr == 0 || t.year == yr) {
			cands = append(cands, t)
		}
	}
	if len(cands) == 0 {
		return nil
	}
	if yr != 0 {
		if len(cands) == 1 {
			return cands[0]
		}
		return nil
	}
	si := r.d.SentenceAt(off)
	if si >= 0 {
		s := r.d.Sentences[si]
		var best *found
		bestAt := -1
		for _, t := range cands {
			for _, m := range t.mentions {
				if m.Start >= s.Start && m.Start < off && m.Start > bestAt {
					best, bestAt = t, m.Start
				}
			}
		}
		if best != nil {
			return best
		}
		if si > 0 {
			p := r.d.Sentences[si-1]
			var only *found
			n := 0
			for _, t := range cands {
				for _, m := range t.mentions {
					if m.Start >= p.Start && m.Start < p.End {
						only = t
						n++
						break
					}
				}
			}
			if n == 1 {
				return only
			}
		}
	}
	// The treaty the article is about: the one it mentions most, if it
	// is mentioned close by or often.
	if main := mostMentioned(cands); main != nil && (len(main.mentions) >= mainMentions || len(r.near([]*found{main}, si)) == 1) {
		return main
	}
	// Else a treaty named close by, if only one is.
	cands = r.near(cands, si)
	if len(cands) <= 1 {
		if len(cands) == 1 {
			return cands[0]
		}
		return nil
	}
	// Else the only one named before it, if there is only one.
	var before *found
	for _, t := range cands {
		if t.mentions[0].Start < off {
			if before != nil {
				return nil
			}
			before = t
		}
	}
	return before
}

// mostMentioned returns the treaty with the most mentions, nil on a tie.
func mostMentioned(cands []*found) *found {
	var main *found
	most, tie := 0, false
	for _, t := range cands {
		switch n := len(t.mentions); {
		case n > most:
			main, most, tie = t, n, false
		case n == most:
			tie = true
		}
	}
	if tie {
		return nil
	}
	return main
}

// mainMentions is how many mentions make a treaty what the article is
// about, wherever a generic reference to it stands.
const mainMentions = 3

// nearSentences is how far, in sentences, a generic reference may be from
// a name of the treaty it stands for.
const nearSentences = 3

// near keeps the treaties named within nearSentences of sentence si.
func (r *reader) near(cands []*found, si int) []*found {
	if si < 0 {
		return cands
	}
	var out []*found
	for _, t := range cands {
		for _, m := range t.mentions {
			if d := r.d.SentenceAt(m.Start) - si; d >= -nearSentences && d <= nearSentences {
				out = append(out, t)
				break
			}
		}
	}
	return out
}

// fits reports whether a generic reference of group may stand for t; a
// pact may be a treaty or an agreement, and a convention is only a
// convention.
func (t *found) fits(group string) bool {
	switch group {
	case "any":
		return len(t.heads) > 0
	case "convention":
		return t.heads["convention"]
	}
	for h := range t.heads {
		for _, g := range headGroups[h] {
			if g == group {
				return true
			}
		}
	}
	return false
}
