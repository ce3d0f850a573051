package dates

import (
	"strings"

	"github.com/herald-news/herald/extractors/text"
)

// Direction of a bare weekday, month or season from the reference moment,
// as the tense of its clause tells it.
// A strong direction comes from a modal or an auxiliary ("will", "was")
// or a marker next to the expression; only a strong one may send a date
// without a year far from the reference (see tenseReach).
const (
	dirNone         = 0
	dirPast         = -1
	dirFuture       = 1
	dirStrongPast   = -2
	dirStrongFuture = 2
	// dirOpen is a marker that leaves the direction open and hides the
	// markers further away: the nearest day decides (sign gives dirNone).
	dirOpen = 5
)

// scheduled verbs in the present tell of a plan: "the trial begins
// Tuesday", "the leaders meet Monday". They count near the expression only,
// and not after a determiner ("the end").
var scheduled = map[string]bool{
	"meet": true, "meets": true, "begin": true, "begins": true, "start": true, "starts": true,
	"open": true, "opens": true, "resume": true, "resumes": true, "end": true, "ends": true,
	"expire": true, "expires": true, "arrive": true, "arrives": true, "leave": true,
	"leaves": true, "return": true, "returns": true, "vote": true, "votes": true,
	"travel": true, "travels": true, "visit": true, "visits": true, "host": true, "hosts": true,
	"face": true, "faces": true, "head": true, "heads": true, "sign": true, "signs": true,
	"attend": true, "attends": true, "testify": true, "testifies": true, "convene": true,
	"convenes": true, "kick": true, "kicks": true, "wrap": true, "wraps": true, "close": true,
	"closes": true, "launch": true, "launches": true, "debut": true, "debuts": true,
	"run": true, "runs": true, "lasts": true, "continue": true, "continues": true,
	"remain": true, "remains": true, "fly": true, "flies": true, "go": true, "goes": true,
	"holds": true, "addresses": true, "chairs": true, "receive": true, "receives": true,
	"welcomes": true, "hear": true, "hears": true, "decide": true, "decides": true,
	"reconvene": true, "reconvenes": true, "gather": true, "gathers": true, "depart": true,
	"departs": true, "unveil": true, "unveils": true, "deliver": true, "delivers": true,
	// not "hold", "address", "chair", "welcome": nouns as often ("in a
	// televised address Friday")
}

// strongMarkers are the modals and auxiliaries.
var strongMarkers = map[string]bool{
	"will": true, "won't": true, "shall": true, "was": true, "were": true, "had": true,
	"did": true, "didn't": true, "didn’t": true, "wasn't": true, "weren't": true, "hadn't": true,
	"wasn’t": true, "weren’t": true, "hadn’t": true, "ago": true, "yesterday": true, "tomorrow": true,
}

// sign is the plain direction of a strong or weak one.
func sign(dir int) int {
	switch {
	case dir == dirOpen:
		return dirNone
	case dir < 0:
		return dirPast
	case dir > 0:
		return dirFuture
	}
	return dirNone
}

var futureMarkers = map[string]bool{
	"will": true, "won't": true, "shall": true, "'ll": true, "’ll": true,
	"wo": true, "scheduled": true, "upcoming": true, "plans": true, "plan": true,
	"planned": true, "expected": true, "expects": true, "due": true, "intends": true,
	"tomorrow": true, "aims": true, "hopes": true,
	"going": true, "payable": true, "effective": true, "soon": true, "planning": true,
	"preparing": true, "hoping": true, "expecting": true, "intending": true, "could": true, "might": true, "should": true, "would": true,
}

var pastMarkers = map[string]bool{
	"was": true, "were": true, "had": true, "did": true, "didn't": true, "didn’t": true,
	"ago": true, "last": true, "yesterday": true, "since": true, "earlier": true,
	"wasn't": true, "weren't": true, "hadn't": true,
	"wasn’t": true, "weren’t": true, "hadn’t": true,
}

// notPastEd are words ending in -ed that are no verbs in the past.
var notPastEd = map[string]bool{
	"need": true, "seed": true, "speed": true, "indeed": true,
	"hundred": true, "united": true, "red": true, "bed": true, "feed": true, "breed": true,
	"shed": true, "wed": true, "bred": true, "proceed": true, "exceed": true, "succeed": true,
	"scheduled": true, "expected": true, "planned": true, "based": true, "embed": true,
	"limited": true, "related": true, "advanced": true, "armed": true, "so-called": true,
	"detailed": true, "unprecedented": true, "alleged": true, "allegedly": true,
	"supposed": true, "concerned": true, "interested": true, "experienced": true,
	"skilled": true, "talented": true, "unidentified": true, "unnamed": true,
	"preferred": true, "unsecured": true, "diluted": true, "undisclosed": true, "unspecified": true,
	"undated": true, "unexpected": true, "sophisticated": true,
}

// tenseAt tells the direction of the clause holding tokens [i, j): the
// nearest tense marker of the clause wins, a future one on a tie. The
// direction is strong (dirStrongPast, dirStrongFuture) when the marker is
// a modal or an auxiliary or stands within three words of the expression;
// an infinitive before it ("agreed to buy … in February") counts only when
// nothing else does. A marker after the expression decides only next to it
// and against a weak one before (afterWins); a relative clause set off by
// commas before the expression is skipped; a verb that moves a term points
// forward ("extended to Nov. 20"); a plan in the past perfect ("had been
// due to expire Friday") leaves it to the nearest day; "plan", "hopes" count as verbs only
// before "to" ("announced the plan Aug. 21").
func (p *parser) tenseAt(i, j int) int {
	// "took effect in late December": the modifier is part of the
	// expression, not a word between it and the verb
	i = p.modifierStart(i)
	s := p.d.SentenceAt(p.d.Tokens[i].Start)
	if s < 0 {
		return dirNone
	}
	sen := p.d.Sentences[s]
	best, bestDist := dirNone, 1<<30
	after, afterDist := dirNone, 1<<30
	infinitive := false
	relative := p.inRelative(i, sen.First)
	consider := func(k int) {
		if k >= i && k < j {
			return
		}
		w := p.low[k]
		d := k - j
		if k < i {
			d = i - k
		}
		var dir int
		strong := d <= 3 || strongMarkers[w] || strings.HasSuffix(w, "'ll") || strings.HasSuffix(w, "’ll")
		switch {
		case (w == "could" || w == "can") && k+1 < sen.Last && p.low[k+1] == "not", w == "couldn't", w == "couldn’t",
			w == "could" && p.negatedBefore(k, sen.First):
			// "could not be reached Tuesday", "neither he nor his aides
			// could be located Sunday": the news idiom of a past try
			dir = dirPast
		case futureMarkers[w] || strings.HasSuffix(w, "'ll") || strings.HasSuffix(w, "’ll"):
			dir = dirFuture
			if (w == "plan" || w == "plans" || w == "hopes" || w == "aims" || w == "intends") && !(k+1 < sen.Last && p.low[k+1] == "to") {
				return // "the plan", "hopes of": nouns
			}
			if w == "going" && !(k+1 < sen.Last && p.low[k+1] == "to") {
				return
			}
			if (w == "could" || w == "would") && k+1 < sen.Last && (p.low[k+1] == "not" || p.low[k+1] == "have") {
				return // "could not stop", "would have been": no future
			}
			if k-1 >= sen.First && (p.low[k-1] == "had" || p.low[k-1] == "been" && k-2 >= sen.First && p.low[k-2] == "had" ||
				overtaken[p.low[k-1]] && strings.HasSuffix(w, "ed")) {
				// "had been due to expire Friday", "as previously planned
				// Saturday night": a plan overtaken, before or after the
				// telling; the nearest day decides
				dir, strong = dirOpen, false
			}
		case w == "set" && k+1 < sen.Last && p.low[k+1] == "to":
			dir = dirFuture
		case deadlineVerbs[w] && k < i && p.deadlineAt(i):
			dir, strong = dirFuture, true // "extended to Nov. 20", "postponed until Tuesday"
		case scheduled[w] && d <= 3 && k < i && !(k > sen.First && (determiners[p.low[k-1]] || p.low[k-1] == "to")) && !p.nounCompound(k, sen.First):
			dir = dirFuture
		case reportingVerbs[w] && k >= j && sen.Last-k <= 6 && p.commaBetween(k, i, j):
			return // "…, the ministry said (on Tuesday)."
		case w == "to" && k < i && k+1 < sen.Last && p.infinitive(k+1):
			infinitive = true // "agreed to buy … in February", when nothing else tells
			return
		case (w == "likely" || w == "supposed" || w == "unlikely" || w == "poised" || w == "slated") && k+1 < sen.Last && p.low[k+1] == "to":
			dir = dirFuture // "talks that are supposed to conclude by May"
		case pastMarkers[w] || text.IsIrregularPast(w) || isPastEd(w):
			dir = dirPast
			if !strongMarkers[w] && !reportingVerbs[w] && p.adjectival(k, sen.First) {
				return
			}
			if p.futureBefore(k, sen.First) {
				dir, strong = dirFuture, true
			}
		case w == "is" || w == "are" || w == "am":
			if k+1 < sen.Last && p.low[k+1] == "to" {
				dir = dirFuture
			} else {
				return
			}
		default:
			return
		}
		if strong {
			dir *= 2
		}
		if k >= j {
			if relative && p.commaBetween(k, i, j) {
				// "…, which cosponsor the talks that are to end by May,
				// invited Sinn Fein": the main clause's verb, not the
				// relative clause's
				return
			}
			if d < afterDist {
				after, afterDist = dir, d
			}
			return
		}
		if d < bestDist || (d == bestDist && dir > 0) {
			best, bestDist = dir, d
		}
	}
	// The clause ends at a quotation mark, a semicolon or a conjunction:
	// in “We will meet Monday,” he said, the tense of Monday is the
	// quote's; in "they met on Monday and will return", the meeting's.
	lo, hi := i, j
	for lo > sen.First && !quoteEdge(p.low[lo-1]) {
		lo--
	}
	for hi < sen.Last && !quoteEdge(p.low[hi]) && !(conjunction(p.low[hi]) && !p.inNameAnd(hi)) {
		hi++
	}
	for k := lo; k < hi; k++ {
		if k < i && p.low[k] == "," && k+1 < i && (p.low[k+1] == "which" || p.low[k+1] == "who") {
			// ", which had been expected, is part of …": a relative
			// clause set off by commas tells nothing of the main one.
			if e := p.closingComma(k+1, i); e > 0 {
				k = e
				continue
			}
		}
		consider(k)
	}
	if after != dirNone && (best == dirNone || afterWins(after, afterDist, best, bestDist)) {
		best = after
	}
	if best == dirNone && infinitive {
		return dirFuture
	}
	return best
}

// inRelative reports an expression at i inside a relative clause opened
// by a comma: ", which …", ", who …".
func (p *parser) inRelative(i, first int) bool {
	for m := i - 1; m > first; m-- {
		switch p.low[m] {
		case ",":
			return false
		case "which", "who", "whose":
			return p.low[m-1] == ","
		}
	}
	return false
}

// commaBetween reports a comma between token k and the expression [i, j).
func (p *parser) commaBetween(k, i, j int) bool {
	a, b := k+1, i
	if k >= j {
		a, b = j, k
	}
	for m := a; m < b; m++ {
		if p.low[m] == "," {
			return true
		}
	}
	return false
}

func quoteEdge(w string) bool {
	switch w {
	case "“", "”", "\"", "`", "'", "‘", "’", ";", "«", "»":
		return true
	}
	return false
}

// conjunction ends a clause after the expression: "met on Monday and will
// return". Before it, "and" joins nouns as often ("between Australia and
// India by August"), so the clause is not cut there.
func conjunction(w string) bool {
	switch w {
	case "and", "but", "while", "whereas", "although", "though", "because", "when", "where", "which", "that", "who":
		return true
	}
	return false
}

// inNameAnd reports an "and" inside a name ("the National Abortion and
// Reproductive Rights Action League"), which ends no clause.
func (p *parser) inNameAnd(k int) bool {
	return p.low[k] == "and" && k > 0 && k+1 < len(p.low) && p.up[k-1] && p.up[k+1]
}

// infinitive reports a verb after "to" ("to buy"), not a noun phrase ("to
// the U.S.", "to 1990").
func (p *parser) infinitive(k int) bool {
	w := p.low[k]
	if p.up[k] || w == "" || w[0] < 'a' || w[0] > 'z' || notInfinitive[w] {
		return false
	}
	if strings.HasSuffix(w, "ing") || strings.HasSuffix(w, "ed") || strings.HasSuffix(w, "ly") {
		return false
	}
	if _, ok := months[w]; ok {
		return false
	}
	if u, _ := unitWord(w); u != uNone {
		return false
	}
	_, isNum := wordNumber(w)
	return !isNum
}

var notInfinitive = map[string]bool{
	"the": true, "a": true, "an": true, "his": true, "her": true, "its": true, "their": true,
	"our": true, "my": true, "your": true, "this": true, "that": true, "these": true,
	"those": true, "date": true, "some": true, "all": true, "each": true, "every": true,
	"him": true, "them": true, "us": true, "me": true, "it": true, "whom": true, "what": true,
	"which": true, "about": true, "around": true, "nearly": true, "more": true, "less": true,
	"one": true, "two": true, "other": true, "another": true, "such": true, "both": true,
	"any": true, "no": true, "and": true, "or": true, "where": true, "how": true,
	"power": true, "court": true, "market": true, "war": true, "office": true, "death": true,
	"sale": true, "prison": true, "school": true, "bed": true,
}

// determiners before a participle make it an adjective ("a still
// unspecified date", "the planned merger").
var determiners = map[string]bool{
	"a": true, "an": true, "the": true, "this": true, "that": true, "its": true, "their": true,
	"his": true, "her": true, "our": true, "some": true, "any": true, "no": true, "these": true,
	"those": true, "is": true, "are": true, "am": true, "be": true, "being": true,
}

// adjectival reports a participle at k used as an adjective or a present
// passive ("the case is heard in May"): no past tense.
func (p *parser) adjectival(k, first int) bool {
	if k-1 < first {
		return false
	}
	if determiners[p.low[k-1]] {
		return true
	}
	prev := p.low[k-1]
	return k-2 >= first && determiners[p.low[k-2]] && (strings.HasSuffix(prev, "ly") && !lyNouns[prev] || prev == "still" || prev == "very" || prev == "most" || prev == "newly" || prev == "not")
}

// futureBefore reports a participle at k that belongs to a future: "will
// be held", "is to be signed", "will have ended".
func (p *parser) futureBefore(k, first int) bool {
	modal := func(m int) bool {
		if m < first {
			return false
		}
		w := p.low[m]
		return w == "will" || w == "would" || w == "shall" || w == "to" || w == "won't" ||
			w == "can" || w == "could" || w == "must" || w == "should" || w == "may" || w == "might" ||
			strings.HasSuffix(w, "'ll") || strings.HasSuffix(w, "’ll")
	}
	switch {
	case k-2 >= first && p.low[k-1] == "be":
		return modal(k - 2)
	case k-3 >= first && p.low[k-1] == "been" && p.low[k-2] == "have":
		return modal(k - 3)
	case k-2 >= first && p.low[k-1] == "have":
		return modal(k-2) && p.low[k-2] != "to" && p.low[k-2] != "could" && p.low[k-2] != "would" && p.low[k-2] != "should" && p.low[k-2] != "might" && p.low[k-2] != "may" && p.low[k-2] != "must"
	}
	return false
}

// reportingVerbs frame what is reported: "…on September 25, the ministry
// said" tells nothing of the tense of September 25.
var reportingVerbs = map[string]bool{
	"said": true, "told": true, "added": true, "announced": true, "reported": true,
	"stated": true, "noted": true, "declared": true, "explained": true, "wrote": true,
	"says": true, "adds": true,
}

func isPastEd(w string) bool {
	if len(w) < 5 || !strings.HasSuffix(w, "ed") {
		return false
	}
	if notPastEd[w] {
		return false
	}
	for _, r := range w {
		if r < 'a' || r > 'z' {
			return false
		}
	}
	return true
}

// afterWins reports whether the nearest marker after the expression, at
// distance ad, decides over the nearest one before it, at bd: a verb
// governs what follows it, so a marker after counts only next to the
// expression and against a weak one before ("will double its flights …
// by August in search of markets untouched by the crisis").
func afterWins(after, ad, before, bd int) bool {
	return ad <= 3 && ad < bd && (before == dirPast || before == dirFuture)
}

// deadlineVerbs move a deadline or a date: "extended to Nov. 20",
// "postponed until Tuesday morning" name a day after the telling.
var deadlineVerbs = map[string]bool{
	"extend": true, "extends": true, "extended": true, "extending": true,
	"postpone": true, "postpones": true, "postponed": true, "postponing": true,
	"delay": true, "delays": true, "delayed": true, "delaying": true,
	"defer": true, "defers": true, "deferred": true, "deferring": true,
	"adjourn": true, "adjourns": true, "adjourned": true, "adjourning": true,
	"recessed": true, "moved": true, "pushed": true, "rescheduled": true,
	"given": true, "gave": true, "give": true, "gives": true,
}

// deadlineAt reports an expression at i introduced as a term: "to Nov.
// 20", "until 9 a.m. Tuesday", "until Tuesday morning".
func (p *parser) deadlineAt(i int) bool {
	k := i - 1
	for k >= 0 && (p.low[k] == "at" || p.low[k] == "on" || p.low[k] == "the" || p.clockWord(k)) {
		k-- // "until 9 a.m. EST Tuesday"
	}
	return k >= 0 && (p.low[k] == "to" || p.low[k] == "until" || p.low[k] == "till" || p.low[k] == "through")
}

// closingComma gives the comma that closes a clause opened at k, before i;
// 0 when there is none.
func (p *parser) closingComma(k, i int) int {
	for m := k + 1; m < i; m++ {
		if p.low[m] != "," {
			continue
		}
		// the main clause's verb follows ("…, is part of"); a comma
		// inside a list ("chairman, president") closes nothing
		if m+1 < i && (finite[p.low[m+1]] || strongMarkers[p.low[m+1]] || futureMarkers[p.low[m+1]]) {
			return m
		}
		return 0
	}
	return 0
}

// finite are verbs that begin a main clause's predicate.
var finite = map[string]bool{
	"is": true, "are": true, "was": true, "were": true, "has": true, "have": true, "had": true,
	"will": true, "would": true, "can": true, "could": true, "may": true, "might": true,
	"must": true, "should": true, "said": true, "says": true,
}

// nounCompound reports a word at k inside a noun phrase after a name: "its
// Sohae launch site", "the Geneva meeting".
func (p *parser) nounCompound(k, first int) bool {
	return k-2 >= first && p.up[k-1] && determiners[p.low[k-2]]
}

// lyNouns end in -ly but are no adverbs: "the family gathered".
var lyNouns = map[string]bool{
	"family": true, "assembly": true, "ally": true, "supply": true, "rally": true,
	"july": true, "italy": true, "monopoly": true, "reply": true, "anomaly": true,
	"bully": true, "belly": true, "lily": true, "fly": true, "jelly": true, "tally": true,
}

// clockWord reports a word of a clock time before a day: "9", "a.m.",
// "EST", "noon", "10:30".
func (p *parser) clockWord(k int) bool {
	w := p.low[k]
	switch w {
	case "a.m.", "p.m.", "am", "pm", "a.m", "p.m", "noon", "midnight", "o'clock":
		return true
	}
	return zones[p.w(k)] || isDigits(strings.ReplaceAll(w, ":", ""))
}

// overtaken are adverbs that set a plan in the past: "as previously
// planned", "originally scheduled".
var overtaken = map[string]bool{"previously": true, "originally": true, "initially": true, "earlier": true, "once": true}

// negatedBefore reports a negation that governs the modal at k from before
// it in its clause, as its subject: "neither … nor … could", "no one
// could". A negation that is the subject of another verb governs nothing
// here: "no one expects that the deal could be signed Friday", "nobody
// thinks it could"; "nobody" and "no one" are a whole subject, so the
// modal must follow them ("no one else could").
func (p *parser) negatedBefore(k, first int) bool {
	for m := k - 1; m >= first && m >= k-maxNegatedSubject; m-- {
		w := p.low[m]
		switch w {
		case "neither", "nor":
			return true
		case "nobody", "noone":
			return p.subjectBefore(m+1, k)
		case "one":
			if m > first && p.low[m-1] == "no" {
				return p.subjectBefore(m+1, k)
			}
		case ",", ";", "and", "but", "that", "whether", "if":
			return false
		}
		if finite[w] || reportingVerbs[w] || text.IsIrregularPast(w) || isPastEd(w) {
			return false // the verb of another clause: "neither side said talks could"
		}
	}
	return false
}

// maxNegatedSubject is how far before a modal its negated subject may
// begin: "neither he nor his aides could" is seven words.
const maxNegatedSubject = 8

// subjectBefore reports that the modal at k follows a pronoun subject
// ending before token m directly, or after "else".
func (p *parser) subjectBefore(m, k int) bool {
	return m == k || m+1 == k && p.low[m] == "else"
}

// modifierStart gives the start of a modifier phrase that ends at token i
// ("late", "the end of", "the first half of"), or i when there is none.
// "earlier" and "later" are left out: they tell a tense themselves.
func (p *parser) modifierStart(i int) int {
	start := i
	for _, ph := range modPhrases {
		n := len(ph)
		if n > i || i-n >= start || ph[0] == "earlier" || ph[0] == "later" {
			continue
		}
		ok := true
		for m, w := range ph {
			if p.low[i-n+m] != w {
				ok = false
				break
			}
		}
		if ok {
			start = i - n
		}
	}
	return start
}
