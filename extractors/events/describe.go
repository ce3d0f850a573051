package events

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/herald-news/herald/extractors/geo"
	"github.com/herald-news/herald/extractors/text"
)

// placePreps introduce a place: "in Geneva", "at ... Iwakuni", "near
// Pyongyang", "to Tokyo", "from Minsk".
var placePreps = set("in", "at", "near", "to", "outside", "on", "over", "from")

// describe fills a mention's places, people, treaties and participants
// from its clause (and, for treaties, the sentences before).
func (a *analysis) describe(m *mention) {
	m.sents = []int{m.sent}
	m.nounTyped = m.noun
	m.future = a.future(m)
	m.past = !m.noun && (strings.HasSuffix(a.lower[m.tok], "ed") || text.IsIrregularPast(a.lower[m.tok]))
	f, l := a.clauseRange(m.tok)
	sp := a.sents[m.sent]

	// Places: a preposition phrase after the trigger in its clause, then
	// before it; a sentence-opening "In X,"; the dateline comes last, in
	// event().
	// A place belongs to the nearest event word before it, or failing
	// one, to the nearest after it: "signed in Helsinki in 1992 and
	// entered into force in 2002".
	from := m.end
	if placePreps[a.lower[m.end-1]] {
		from = m.end - 1 // "due in Seoul"
	}
	for i := from; i < l && (i == from || !a.trig[i]); i++ {
		if a.lower[i] == "to" && m.typ != Visit && m.typ != Deployment {
			continue // "export equipment to Jakarta": a destination, not where the signing was
		}
		if pl, ok := a.placeAt(i); ok {
			m.places = append(m.places, pl)
		}
	}
	// "Speaking after a meeting in Geneva, Thompson said": the speaker was
	// where the meeting was.
	speakingAfter := m.typ == Statement && a.lower[f] == "speaking"
	for i := m.tok - 1; i >= f && (speakingAfter || !a.trig[i]); i-- {
		if a.lower[i] == "to" && m.typ != Visit && m.typ != Deployment {
			continue
		}
		if pl, ok := a.placeAt(i); ok && (speakingAfter || !a.placeHasOwner(f, i)) {
			m.places = append(m.places, pl)
		}
	}
	if pl, ok := a.scene[m.sent]; ok && len(m.places) == 0 {
		m.places = append(m.places, pl)
	}
	m.own = m.places

	// People: the speaker of a statement is the person nearest the verb in
	// its clause (or the sentence, for "X said on Monday"); other events
	// take every person of the clause.
	best, bestDist := -1, 1<<30
	for i := f; i < l; i++ {
		p := a.person[i]
		if p < 0 || a.quoted[i] {
			continue
		}
		if !containsInt(m.people, p) {
			m.people = append(m.people, p)
		}
		dist := abs(i - m.tok)
		if dist < bestDist {
			best, bestDist = p, dist
		}
	}
	// A visit is the visitor's: the people before the word ("Ellison met
	// Sakamoto in Tokyo and is due in Seoul" is Ellison's visit), unless
	// none is.
	// "Hartono, who is on a state visit to Japan": the person before ", who"
	// is the clause's subject.
	if f+1 < len(a.lower) && a.lower[f] == "," && a.lower[f+1] == "who" && f > 0 {
		if p := a.person[f-1]; p >= 0 {
			m.people = append([]int{p}, remove(m.people, p)...)
			if m.typ == Visit {
				m.people = m.people[:1]
			}
		}
	}
	if m.typ == Visit && !(f+1 < len(a.lower) && a.lower[f] == "," && a.lower[f+1] == "who") {
		var subj []int
		for i := f; i < m.tok; i++ {
			if p := a.person[i]; p >= 0 && !containsInt(subj, p) && !a.quoted[i] {
				subj = append(subj, p)
			}
		}
		if len(subj) == 0 && (a.lower[f] == "he" || a.lower[f] == "she") {
			// "He is due to travel to Washington": the person last named.
			for i := f - 1; i >= 0 && a.sentOf[i] >= m.sent-2; i-- {
				if p := a.person[i]; p >= 0 && !a.quoted[i] {
					subj = append(subj, p)
					break
				}
			}
		}
		if len(subj) > 0 {
			m.people = subj[:1]
		}
	}
	// "Kim first visited Vladivostok": the place a visit verb takes.
	if m.typ == Visit && !m.noun && m.end < l && text.IsCapitalized(a.d.Tokens[m.end].Text) {
		if pl, ok := lookupPlace(a.d.Tokens[m.end].Text); ok {
			pl.tok = m.end
			m.places = append([]place{pl}, m.places...)
		}
	}
	if m.reporting && !m.noun {
		// A verb of saying takes the person next to it as its speaker:
		// "Zhdanovich said", "Minister Mikhail Ryabtsev told", "Ellison,
		// who said", "said Lavrov". "The Kremlin said" has none.
		best = a.adjacentPerson(m)
	} else if m.reporting && m.noun {
		// "The comments, made ... by Andrea Thompson".
		if p := a.byPerson(m, l); p >= 0 {
			best = p
		}
	}
	if m.typ == Statement || m.typ == Speech || m.typ == PressConf {
		if best < 0 && !(m.reporting && !m.noun) {
			// "..., Lavrov said." with the name outside the clause.
			for i := sp.First; i < sp.Last; i++ {
				if p := a.person[i]; p >= 0 && !a.quoted[i] {
					if d := abs(i - m.tok); d < bestDist {
						best, bestDist = p, d
					}
				}
			}
		}
		m.speaker = best
		if best >= 0 {
			m.people = []int{best}
		}
	}

	// Treaties: in the clause, else the sentence, else the nearest treaty
	// mentioned in the two sentences before (the treaty, the pact, it).
	for i := f; i < l; i++ {
		if t := a.treaty[i]; t >= 0 && !containsInt(m.treaties, t) {
			m.treaties = append(m.treaties, t)
		}
	}
	if len(m.treaties) == 0 && treatyType(m.typ) {
		for i := sp.First; i < sp.Last; i++ {
			if t := a.treaty[i]; t >= 0 && !containsInt(m.treaties, t) {
				m.treaties = append(m.treaties, t)
			}
		}
		if len(m.treaties) == 0 && a.anaphor(f, l) {
			for i := sp.First - 1; i >= 0 && a.sentOf[i] >= m.sent-2; i-- {
				if t := a.treaty[i]; t >= 0 {
					m.treaties = append(m.treaties, t)
					break
				}
			}
		}
	}

	// Countries and organisations named in the clause as actors, the
	// longest name first ("North Korea", "U.S. Army", "European Union");
	// those before the event word, its subject, come first.
	var before, after []string
	lo, hi := a.actorRange(m, f, l)
	// "NATO leaders on Wednesday agreed to raise the target, bowing to
	// pressure at a summit": a participle's subject is the clause's.
	subj := a.participleSubject(m, f, lo)
	for _, ac := range a.clauseActors(f, l) {
		if (ac.tok < lo || ac.tok >= hi) && ac.tok >= subj {
			continue
		}
		if m.typ != Test && m.typ != Deployment && a.armsAfter(ac.end, l) {
			continue // "over Ankara's purchase of Russian S-400 systems": whose arms, not who acts
		}
		if ac.tok < m.tok {
			before = appendNew(before, ac.name)
		} else {
			after = appendNew(after, ac.name)
		}
	}
	// "the council is expected to vote": the council the article named.
	for i := lo; i < hi; i++ {
		if i > 0 && a.lower[i-1] == "the" && bodyWords[a.lower[i]] && !text.IsCapitalized(a.d.Tokens[i].Text) {
			if o := a.namedBefore(i); o != "" {
				if i < m.tok {
					before = appendNew(before, o)
				} else {
					after = appendNew(after, o)
				}
			}
		}
	}
	// "Iran has restricted cooperation with the IAEA since July 2025, when
	// it suspended most inspections": a ", when" clause that names no one
	// tells of the actors of the clause whose date it refers to; "they
	// would withdraw" of those who announced it.
	if len(before)+len(after) == 0 && m.actorsOf >= 0 {
		wf, wl := a.clauseRange(m.actorsOf)
		for _, ac := range a.clauseActors(wf, wl) {
			before = appendNew(before, ac.name)
		}
	}
	for _, n := range append(before, after...) {
		if _, isCountry := geo.LookupPlace(n); isCountry {
			m.countries = appendNew(m.countries, n)
		} else {
			m.orgs = appendNew(m.orgs, n)
		}
	}
	if m.reporting && !m.noun && m.speaker < 0 && !m.announces && a.saysAfter(m) {
		m.voices = a.subjectActors(m, f, l)
	}
	m.actor = ""
	if len(before) > 0 {
		m.actor = before[len(before)-1]
	} else if len(after) > 0 && !speaking(m.typ) {
		m.actor = after[0]
	}
	// "Russia vetoed the renewal of a U.N. panel": the veto was cast in
	// the Security Council.
	if m.typ == Vote && strings.HasPrefix(a.lower[m.tok], "veto") {
		m.orgs = appendNew(remove(m.orgs, "United Nations"), securityCouncil)
	}
	for _, p := range m.people {
		if c := a.doc.People[p].Country; c != "" {
			m.countries = appendNew(m.countries, c)
		} else if o := a.affiliation(p); o != "" {
			m.orgs = appendNew(m.orgs, o)
		}
	}
	for i := f; i < l; i++ {
		if weaponWords[a.lower[i]] || missileWords[a.lower[i]] {
			m.weapon = true
		}
	}
	for i := lo; i < hi; i++ {
		if legislatureWords[strings.TrimSuffix(strings.TrimSuffix(a.lower[i], "’s"), "'s")] {
			m.legislature = true
		}
	}
	// A verb of saying's clause is what was said ("He said teams from both
	// sides would meet"): its phrases name the parties of that, not of
	// the saying.
	if !m.reporting || m.noun {
		m.jointTok = a.jointPhrase(f, l)
	}

	// "told a joint news conference afterward": after the event told just
	// before.
	for i := f; i < l; i++ {
		if a.lower[i] == "afterward" || a.lower[i] == "afterwards" {
			m.afterTyp = anyEvent
		}
	}
	m.follows = a.phraseHead(m, f)
	// "after the meeting", "after landing": the type of the event this one
	// followed.
	for i := f; i+1 < l; i++ {
		if a.lower[i] != "after" {
			continue
		}
		for j := i + 1; j < min(l, i+4); j++ {
			if tr, _ := a.triggerAt(j); tr != nil {
				m.afterTyp = tr.typ
				break
			}
		}
	}

	// "arrived", "landing": a person's is a visit, a weapon's a deployment
	// (what arrives is named before the word).
	if m.typ == Visit && !m.noun && m.weapon {
		subject := false
		for i := f; i < m.tok; i++ {
			subject = subject || a.person[i] >= 0
		}
		if !subject {
			m.typ = Deployment
		}
	}
}

// phraseHead gives the mention of the clause starting at f that an
// "after", "before" or "following" phrase holding m follows: the nearest
// event word before the phrase ("met ... , after a working dinner hosted
// by the Russian side"), or nil.
func (a *analysis) phraseHead(m *mention, f int) *mention {
	p := -1
	for i := m.tok - 1; i >= f; i-- {
		if phrasePreps[a.lower[i]] {
			p = i
			break
		}
	}
	if p < 0 {
		return nil
	}
	for i := p - 1; i >= f; i-- {
		if a.trig[i] {
			return a.mentionOf[i]
		}
	}
	return nil
}

// partyNouns name the parties of an event together after "the two" or
// "both": "the two leaders", "both sides", "the two Nordic neighbours".
var partyNouns = set("leaders", "men", "women", "ministers", "sides", "countries", "nations",
	"presidents", "governments", "delegations", "neighbours", "neighbors", "allies", "parties",
	"premiers", "envoys", "teams", "heads", "chiefs", "negotiators", "counterparts")

// jointPhrase gives the token of the first phrase in [f, l), outside
// quotes, that refers to the parties of an event told before: "joint" in
// lower case ("a joint news conference", not "Joint Chiefs"), "the pair",
// "the two" or "both" before a word of partyNouns (one word may come
// between: "the two foreign ministers"), or "the two" before a verb ("The
// two discussed"). It gives -1 when there is none.
func (a *analysis) jointPhrase(f, l int) int {
	for i := f; i < l; i++ {
		if a.quoted[i] {
			continue
		}
		w := a.lower[i]
		switch {
		case w == "joint" && !text.IsCapitalized(a.d.Tokens[i].Text):
			return i
		case w == "the" && i+1 < l && a.lower[i+1] == "pair":
			return i
		case w == "the" && i+1 < l && a.lower[i+1] == "two" || w == "both":
			n := i + 1
			if w == "the" {
				n = i + 2
			}
			if n < l && (partyNouns[a.lower[n]] || n+1 < l && partyNouns[a.lower[n+1]]) {
				return i
			}
			if w == "the" && n < l && strings.HasSuffix(a.lower[n], "ed") {
				return i
			}
		}
	}
	return -1
}

// maxTitleWords bounds the words of a title between an organisation and
// the name it precedes ("IAEA Director General Henrik Solvang").
const maxTitleWords = 4

// affiliation gives the international body a person of no country serves,
// as the text names it before the person's title: "IAEA Director General
// Henrik Solvang", "NATO Secretary General Jens Halvard". It gives "" when
// no mention of the person has one.
func (a *analysis) affiliation(p int) string {
	if o, ok := a.affil[p]; ok {
		return o
	}
	o := ""
	for i := range a.person {
		if a.person[i] != p || i > 0 && a.person[i-1] == p {
			continue
		}
		for j := i - 1; j >= 0 && i-j <= maxTitleWords+maxActorWords && o == ""; j-- {
			if !text.IsCapitalized(a.d.Tokens[j].Text) {
				break
			}
			name, n := a.actorAt(j, i)
			if n == 0 || j+n == i {
				continue // no name, or no title between the name and the person
			}
			if org, ok := geo.LookupOrg(name); ok && org.Country == "" && j+n+maxTitleWords >= i {
				o = name
			}
		}
		if o != "" {
			break
		}
	}
	a.affil[p] = o
	return o
}

// subordinators open a subordinate clause inside a clause: "suspended
// the treaty hours after Russia completed its withdrawal".
var subordinators = set("after", "following", "before", "since", "until", "because", "although", "though", "whereas", "once")

// subjectPronouns can open a subordinate clause's subject.
var subjectPronouns = set("they", "it", "he", "she", "we", "i", "you")

// subordinateAt reports a subordinate clause opening at token i of a clause
// ending at l: a subordinator followed by a subject, a pronoun or a name
// ("after Russia completed", "since they joined"), not by a noun phrase
// or a gerund ("after the meeting", "after landing") or a date ("since
// 2016"); or a comma before a participle ("..., making the country the
// first new member"), whose phrase comments on the clause with actors of
// its own.
func (a *analysis) subordinateAt(i, l int) bool {
	if a.lower[i] == "," && i+1 < l && a.participleAt(i+1) {
		return true // ", making the country wedged between Russia and China ..."
	}
	if !subordinators[a.lower[i]] || i+1 >= l {
		return false
	}
	n := i + 1
	if subjectPronouns[a.lower[n]] {
		return true
	}
	if a.lower[n] == "the" && n+1 < l {
		n++
	}
	return text.IsCapitalized(a.d.Tokens[n].Text) && a.dateAt[n] < 0 && !a.trig[n]
}

// maxSubjectGap bounds the words between a subject's actor and its verb:
// "the OPCW's Technical Secretariat said", "Ukraine's Foreign Ministry on
// March 12 called on".
const maxSubjectGap = 5

// subjectActors gives the countries and organisations that are the subject
// of the verb m in the clause [f, l): the actor named right before it, or
// before a body's name or a date ("the OPCW's Technical Secretariat said",
// "Ukraine's Foreign Ministry on March 12 called on"), and those listed
// with it ("France, Germany, and Britain said"). It gives nil when no actor
// is the subject ("The Kremlin's spokesman said" has a person for it).
func (a *analysis) subjectActors(m *mention, f, l int) []string {
	var acs []actorName
	for _, ac := range a.clauseActors(f, l) {
		if ac.end <= m.tok {
			acs = append(acs, ac)
		}
	}
	if len(acs) == 0 {
		return nil
	}
	last := acs[len(acs)-1]
	if m.tok-last.end > maxSubjectGap {
		return nil
	}
	for i := last.end; i < m.tok; i++ {
		w := a.d.Tokens[i].Text
		if !(text.IsCapitalized(w) || a.dateAt[i] >= 0 || (a.lower[i] == "on" || a.lower[i] == "in") && a.dateAt[i+1] >= 0) {
			return nil
		}
	}
	names := []string{last.name}
	for k := len(acs) - 2; k >= 0; k-- {
		if !a.listBetween(acs[k].end, acs[k+1].tok) {
			break
		}
		names = append([]string{acs[k].name}, names...)
	}
	return names
}

// statementNouns name the document a statement is made in: "said in a
// joint statement", "said in a report".
var statementNouns = set("statement", "statements", "report", "communique", "communiqué", "declaration", "interview", "letter")

// saysAfter reports what was said after a verb of saying, in its own words
// before any comma: "said in a joint statement on the evening of November
// 22 that leaving the NPT ...", "called on the OPCW to take". A verb
// followed by nothing but its date or document ("..., the Kremlin said on
// Tuesday.", "..., the State Department said in a statement on Wednesday
// evening.") attributes the sentence's news to its source: the news is the
// event, not the saying.
func (a *analysis) saysAfter(m *mention) bool {
	last := a.sents[m.sent].Last
	for i := m.end; i < last; i++ {
		w := a.lower[i]
		switch {
		case a.dateAt[i] >= 0 || determiners[w] || w == "on" || w == "in" || w == "joint" || w == "written" || statementNouns[w]:
			continue
		}
		r, _ := utf8.DecodeRuneInString(w)
		return a.quoted[i] || unicode.IsLetter(r)
	}
	return false
}

// listBetween reports only commas and "and" among the tokens [i, j), at
// least one: the joints of a list of names.
func (a *analysis) listBetween(i, j int) bool {
	if i >= j {
		return false
	}
	for k := i; k < j; k++ {
		if a.lower[k] != "," && a.lower[k] != "and" {
			return false
		}
	}
	return true
}

// participleSubject gives, for a mention in a participle phrase opening
// at token lo of the clause starting at f, the end of the clause's subject,
// whose actors are the phrase's too: the clause's first event word or date
// ("NATO leaders on Wednesday agreed"), else the end of its first actor
// ("Only North Korea has ever done so, announcing its withdrawal"). It
// gives f otherwise.
func (a *analysis) participleSubject(m *mention, f, lo int) int {
	if m.tok < lo || lo == f || a.lower[lo] != "," || !a.participleAt(lo+1) {
		return f
	}
	for i := f; i < lo; i++ {
		if a.trig[i] || a.dateAt[i] >= 0 {
			return i
		}
	}
	if acs := a.clauseActors(f, lo); len(acs) > 0 {
		return acs[0].end
	}
	return f
}

// actorRange gives the tokens [lo, hi) of the clause [f, l) whose actors
// are m's. A subordinate clause ("..., hours after Russia completed its
// withdrawal") has its own: a mention before it reads none of its actors,
// and a mention inside it reads only its actors when it names any ("after
// it withdrew" keeps the subject before).
func (a *analysis) actorRange(m *mention, f, l int) (int, int) {
	for s := f + 1; s < l; s++ {
		if !a.subordinateAt(s, l) {
			continue
		}
		if m.tok < s {
			return f, s
		}
		if len(a.clauseActors(s, l)) > 0 {
			return s, l
		}
		return f, l
	}
	return f, l
}

// placeHasOwner reports an event word between the clause start f and the
// place at token i, which the place then belongs to.
func (a *analysis) placeHasOwner(f, i int) bool {
	for j := i - 1; j >= f; j-- {
		if a.trig[j] {
			return true
		}
	}
	return false
}

// namedBefore gives the last organisation named before token i whose name
// ends in the word at i ("UN Security Council" for "the council").
func (a *analysis) namedBefore(i int) string {
	w := a.lower[i]
	for j := i - 1; j >= 0; j-- {
		if a.lower[j] != w || !text.IsCapitalized(a.d.Tokens[j].Text) {
			continue
		}
		for k := 3; k >= 1; k-- {
			if j-k < 0 {
				continue
			}
			if name, n := a.actorAt(j-k, j+1); n == k+1 {
				if _, isPlace := geo.LookupPlace(name); !isPlace {
					return name
				}
			}
		}
	}
	return ""
}

// adjacentPerson gives the person named right before a verb of saying
// (allowing a comma and "who" between) or right after it, or -1.
func (a *analysis) adjacentPerson(m *mention) int {
	// "he said": the person last named before.
	if m.tok > 0 && (a.lower[m.tok-1] == "he" || a.lower[m.tok-1] == "she") {
		for i := m.tok - 2; i >= 0 && a.sentOf[i] >= m.sent-2; i-- {
			if p := a.person[i]; p >= 0 && !a.quoted[i] {
				return p
			}
		}
	}
	// "Lavrov accused the United States ... and said": the subject of the
	// first verb.
	if m.tok > 0 && a.lower[m.tok-1] == "and" {
		f, _ := a.clauseRange(m.tok)
		for i := f; i < m.tok; i++ {
			if p := a.person[i]; p >= 0 {
				return p
			}
		}
	}
	for i := m.tok - 1; i >= 0 && m.tok-i <= 3; i-- {
		if p := a.person[i]; p >= 0 {
			return p
		}
		if w := a.lower[i]; w != "," && w != "who" && w != "also" && w != "then" && w != "later" {
			break
		}
	}
	for i := m.end; i < len(a.lower) && i-m.end < 2; i++ {
		if p := a.person[i]; p >= 0 {
			return p
		}
	}
	return -1
}

// byPerson finds "by <person>" after a noun of saying in its clause.
func (a *analysis) byPerson(m *mention, l int) int {
	for i := m.end; i+1 < l && i-m.end < 16; i++ {
		if a.lower[i] != "by" {
			continue
		}
		for j := i + 1; j < l && j-i < 12; j++ {
			if p := a.person[j]; p >= 0 {
				return p
			}
		}
	}
	return -1
}

// actorName is a country or organisation named as an actor, with the
// token its name starts at.
type actorName struct {
	name     string
	tok, end int // the tokens [tok, end) of the name
}

// maxArmsModifiers bounds the words between a country and the arms it
// qualifies ("Russian nuclear-capable Oreshnik missiles").
const maxArmsModifiers = 3

// armsWords name weapons, for armsAfter.
var armsWords = set("missile", "missiles", "launcher", "launchers", "systems", "weapons", "warheads",
	"bomb", "bombs", "bombers", "jets", "warships", "rockets", "icbm", "icbms")

// armsAfter reports a weapon word within maxArmsModifiers words after
// token i, with only modifiers between (no comma, conjunction or
// preposition): the country before it qualifies the arms ("a U.S. atomic
// bomb", "Russian S-400 air defense systems").
func (a *analysis) armsAfter(i, l int) bool {
	for j := i; j < l && j-i <= maxArmsModifiers; j++ {
		w := a.lower[j]
		if armsWords[w] {
			return true
		}
		if prepositions[w] || w == "," || w == "and" || w == "or" || a.trig[j] || a.person[j] >= 0 {
			return false
		}
	}
	return false
}

// clauseActors gives the countries and organisations named as actors in the
// tokens [f, l), in text order. Every mention of a clause reads the same
// names, so they are read once per range and kept in a.actors.
func (a *analysis) clauseActors(f, l int) []actorName {
	key := [2]int{f, l}
	if names, ok := a.actors[key]; ok {
		return names
	}
	var names []actorName
	for i := f; i < l; i++ {
		if a.quoted[i] || a.person[i] >= 0 || a.treaty[i] >= 0 || a.dateAt[i] >= 0 || a.trig[i] || a.inDateline(i) {
			continue
		}
		if !text.IsCapitalized(a.d.Tokens[i].Text) {
			continue
		}
		name, k := a.actorAt(i, l)
		if k == 0 {
			// "Russian-Ukrainian talks": one word naming two countries.
			for _, c := range hyphenCountries(a.d.Tokens[i].Text) {
				names = append(names, actorName{name: c, tok: i, end: i + 1})
			}
			continue
		}
		names = append(names, actorName{name: name, tok: i, end: i + k})
		i += k - 1
	}
	a.actors[key] = names
	return names
}

// hyphenCountries gives the countries of a word that joins two or more
// country names or adjectives with hyphens ("Russian-Ukrainian",
// "Japan-China"), or nil.
func hyphenCountries(w string) []string {
	parts := strings.Split(w, "-")
	if len(parts) < 2 {
		return nil
	}
	var cs []string
	for _, p := range parts {
		c, ok := geo.CountryOf(p)
		if !ok {
			return nil
		}
		cs = appendNew(cs, c)
	}
	return cs
}

// maxActorWords is the most words a country or organisation's name is read
// over ("International Atomic Energy Agency").
const maxActorWords = 4

// actorAt reads a country or organisation of up to four words starting at
// token i (before l) and gives its name, a country's when it belongs to one
// ("U.S. Army" is the United States'), and the number of tokens read.
func (a *analysis) actorAt(i, l int) (string, int) {
	for k := min(maxActorWords, l-i); k >= 1; k-- {
		last := i + k - 1
		if !text.IsCapitalized(a.d.Tokens[last].Text) || a.person[last] >= 0 || a.trig[last] {
			continue
		}
		s := a.d.Text[a.d.Tokens[i].Start:a.d.Tokens[last].End]
		if k == 1 {
			if c, ok := geo.CountryOf(s); ok {
				pl, isPlace := geo.LookupPlace(s)
				if isPlace && pl.Kind == geo.KindCity && a.isPlaceObject(i) {
					return "", 0 // "in Moscow" is where, not who
				}
				if isPlace && a.inCountry(i, pl) {
					return "", 0
				}
				return c, 1
			}
		}
		if o, ok := geo.LookupOrg(s); ok {
			if o.Country != "" && k > 1 && strings.Contains(strings.ToLower(s), "army") {
				return o.Country, k
			}
			return o.Name, k
		}
		if k > 1 {
			if c, ok := geo.CountryOf(s); ok {
				pl, isPlace := geo.LookupPlace(s)
				if isPlace && pl.Kind == geo.KindCity && a.isPlaceObject(i) {
					return "", 0
				}
				if isPlace && a.inCountry(i, pl) {
					return "", 0
				}
				return c, k
			}
		}
	}
	return "", 0
}

// anaphor reports a word in [f, l) that refers back to a treaty.
func (a *analysis) anaphor(f, l int) bool {
	for i := f; i < l; i++ {
		switch a.lower[i] {
		case "treaty", "pact", "accord", "agreement", "it", "deal", "convention":
			return true
		}
	}
	return false
}

// inCountry reports the place pl, named at token i, as a country after
// "in" or another of wherePreps ("a summit in France", "in the United
// States", "outside Japan's exclusive economic zone"): where the event is,
// not who takes part. A visit or deployment takes it back as its host
// (see event).
func (a *analysis) inCountry(i int, pl geo.Place) bool {
	if pl.Kind != geo.KindCountry {
		return false
	}
	j := i - 1
	if j >= 0 && a.lower[j] == "the" {
		j--
	}
	return j >= 0 && wherePreps[a.lower[j]]
}

// wherePreps before a country make it where an event is, not who takes
// part: "a summit in France", "landing outside Japan's exclusive economic
// zone", "off South Korea's east coast".
var wherePreps = set("in", "inside", "outside", "off", "near", "into")

// isPlaceObject reports a token preceded by a place preposition.
func (a *analysis) isPlaceObject(i int) bool {
	return i > 0 && placePreps[a.lower[i-1]]
}

// placeAt reads a place after a preposition at token i: "in Geneva", "to
// the Philippines", "at the Marine Corps Air Station Iwakuni" (the last
// capitalised word when the whole is unknown), "in Iwakuni" (a capitalised
// word that is no month, person, organisation or country adjective is taken
// for a place, at a lower rank).
func (a *analysis) placeAt(i int) (place, bool) {
	prep := a.lower[i]
	if !placePreps[prep] || i+1 >= len(a.lower) {
		return place{}, false
	}
	j := i + 1
	switch a.lower[j] {
	case "the", "a", "an", "its", "their", "his", "her":
		j++
	}
	if j >= len(a.lower) {
		return place{}, false
	}
	// "in the central province of Semnan", "in the far eastern city of
	// Vladivostok": a lower-case description, a kind of place, "of".
	for k := j; k < min(j+5, len(a.lower)-2); k++ {
		if !text.IsLowercase(a.d.Tokens[k].Text) {
			break
		}
		if placeKinds[a.lower[k]] && a.lower[k+1] == "of" && text.IsCapitalized(a.d.Tokens[k+2].Text) {
			j = k + 2
			break
		}
	}
	// "in western Ukraine": a direction before the name.
	if j < len(a.lower) && directions[a.lower[j]] {
		j++
	}
	// A named site, even where a name finder took it for a person ("Dr APJ
	// Abdul Kalam Island").
	site := j
	for site < len(a.lower) && text.IsCapitalized(a.d.Tokens[site].Text) && a.dateAt[site] < 0 && !a.quoted[site] {
		site++
	}
	if site-j >= 2 && featureWords[a.lower[site-1]] {
		return place{name: a.d.Text[a.d.Tokens[j].Start:a.d.Tokens[site-1].End], kind: geo.KindCity, rank: 4, tok: j}, true
	}
	// "Joint Base Lewis-McChord", "Marine Corps Air Station Iwakuni": a
	// kind of site inside the name.
	if site-j >= 3 {
		for k := j + 1; k < site-1; k++ {
			if a.lower[k] == "base" || a.lower[k] == "station" || a.lower[k] == "airfield" {
				return place{name: a.d.Text[a.d.Tokens[j].Start:a.d.Tokens[site-1].End], kind: geo.KindCity, rank: 4, tok: j}, true
			}
		}
	}
	k := j
	for k < len(a.lower) && text.IsCapitalized(a.d.Tokens[k].Text) && a.person[k] < 0 && a.dateAt[k] < 0 && a.treaty[k] < 0 && !a.quoted[k] {
		k++
	}
	if k == j {
		return place{}, false
	}
	// "from its Sohae launch site": a name before a kind of site.
	for n := k; n < min(k+2, len(a.lower)); n++ {
		if !text.IsLowercase(a.d.Tokens[n].Text) {
			break
		}
		if siteWords[a.lower[n]] {
			return place{name: a.d.Text[a.d.Tokens[j].Start:a.d.Tokens[k-1].End], kind: geo.KindCity, rank: 4, tok: j}, true
		}
	}
	if p, ok := govSeats[strings.ToLower(a.d.Text[a.d.Tokens[j].Start:a.d.Tokens[k-1].End])]; ok {
		p.tok = j
		return p, true // "signed at the White House"
	}
	name := a.d.Text[a.d.Tokens[j].Start:a.d.Tokens[k-1].End]
	if strings.HasSuffix(name, "’s") || strings.HasSuffix(name, "'s") {
		return place{}, false // "over Ankara's purchase": whose, not where
	}
	// A named site: "Ramstein Air Base", "Russky Island", "the Black Sea".
	if k-j >= 2 && featureWords[a.lower[k-1]] {
		return place{name: name, kind: geo.KindCity, rank: 4, tok: j}, true
	}
	if prep == "on" || prep == "over" || prep == "from" {
		return place{}, false // only named sites after these
	}
	if pl, ok := lookupPlace(name); ok {
		if pl.kind == geo.KindCountry && prep == "at" {
			return place{}, false // "lashed out at the United States": a target
		}
		pl.tok = j
		return pl, true
	}
	if _, ok := geo.LookupOrg(name); ok {
		return place{}, false
	}
	// The last word of an unknown name ("Marine Corps Air Station Iwakuni").
	last := a.d.Tokens[k-1].Text
	if pl, ok := lookupPlace(last); ok {
		pl.tok = k - 1
		return pl, true
	}
	if k-j == 1 && (prep == "in" || placeKinds[a.lower[j-2]]) && !isMonthOrDay(a.lower[j]) && !isCommonCap(a.lower[j]) {
		if _, isCountry := geo.CountryOf(last); !isCountry {
			return place{name: last, kind: geo.KindCity, rank: 3, tok: j}, true
		}
	}
	return place{}, false
}

// govSeats are seats of government named for where they are: "at the
// White House" is in Washington.
var govSeats = map[string]place{
	"white house":    {name: "Washington", country: "United States", kind: geo.KindCity, rank: 3},
	"pentagon":       {name: "Washington", country: "United States", kind: geo.KindCity, rank: 3},
	"kremlin":        {name: "Moscow", country: "Russia", kind: geo.KindCity, rank: 3},
	"downing street": {name: "London", country: "United Kingdom", kind: geo.KindCity, rank: 3},
	"elysee palace":  {name: "Paris", country: "France", kind: geo.KindCity, rank: 3},
	"élysée palace":  {name: "Paris", country: "France", kind: geo.KindCity, rank: 3},
	"zhongnanhai":    {name: "Beijing", country: "China", kind: geo.KindCity, rank: 3},
	"blue house":     {name: "Seoul", country: "South Korea", kind: geo.KindCity, rank: 3},
	"yongsan":        {name: "Seoul", country: "South Korea", kind: geo.KindCity, rank: 3},
	"chancellery":    {name: "Berlin", country: "Germany", kind: geo.KindCity, rank: 3},
}

// siteWords follow a name to make a site: "Sohae launch site", "Plesetsk
// cosmodrome", "Yongbyon nuclear complex".
var siteWords = set("site", "base", "complex", "facility", "cosmodrome", "range", "airbase", "shipyard", "plant")

// placeKinds name kinds of place: "the province of Semnan".
var placeKinds = set("province", "region", "city", "town", "district", "state", "village", "port", "capital", "island", "republic", "oblast")

// directions come before a place name: "western Ukraine".
var directions = set("western", "eastern", "northern", "southern", "central", "northwestern", "northeastern",
	"southwestern", "southeastern", "north", "south", "east", "west")

// featureWords end the name of a site: "Ramstein Air Base", "Russky
// Island", "Black Sea".
var featureWords = set("base", "island", "islands", "sea", "ocean", "strait", "gulf", "peninsula", "station",
	"palace", "airport", "airfield", "range", "cosmodrome", "port", "harbor", "harbour", "lake", "bay")

func isMonthOrDay(w string) bool {
	switch w {
	case "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
		"november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday":
		return true
	}
	return false
}

// isCommonCap lists capitalised words that follow "in" and are no place.
func isCommonCap(w string) bool {
	switch w {
	case "congress", "parliament", "i", "it", "his", "her", "their", "its", "our", "this", "that", "english",
		"russian", "french", "chinese", "german", "spring", "autumn", "summer", "winter", "fall":
		return true
	}
	return false
}

func treatyType(t string) bool {
	switch t {
	case Signing, Ratification, EntryIntoForce, Withdrawal, Suspension, Extension, Expiry, Vote:
		return true
	}
	return false
}

// remove gives s without v, in a new slice: s itself is left as it was.
func remove[T comparable](s []T, v T) []T {
	var out []T
	for _, x := range s {
		if x != v {
			out = append(out, x)
		}
	}
	return out
}

// securityCouncil is the UN Security Council as geo.LookupOrg names it.
const securityCouncil = "UN Security Council"

func containsInt(s []int, v int) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

func appendNew(s []string, v string) []string {
	for _, x := range s {
		if x == v {
			return s
		}
	}
	return append(s, v)
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
