package people

import (
	"strings"

	"github.com/herald-news/herald/extractors/geo"
	"github.com/herald-news/herald/extractors/text"
)

// Titles and roles are read from the words around a name: before it
// ("Russian Foreign Minister Sergei Lavrov"), or in an apposition after a
// comma on either side ("Austria's ambassador, Elisabeth Kranzl";
// "Sergei Lavrov, Russia's foreign minister,"). A country written at the
// head of the title ("Russian", "U.S.", "Russia's") becomes the person's
// country and is dropped from the title.

// heads are the words a title must hold: the role itself.
var heads = setOf(
	"minister", "ministers", "secretary", "undersecretary", "under-secretary", "secretary-general",
	"president", "vice-president", "vice president", "chancellor", "premier", "ambassador", "envoy",
	"spokesman", "spokeswoman", "spokesperson", "general", "admiral", "director", "director-general",
	"chief", "head", "leader", "king", "queen", "prince", "princess", "emperor", "crown",
	"senator", "sen.", "governor", "gov.", "mayor", "chairman", "chairwoman", "chair", "chairperson",
	"commissioner", "adviser", "advisor", "negotiator", "official", "diplomat", "representative",
	"rep.", "judge", "justice", "prosecutor", "colonel", "col.", "commander", "lieutenant", "lt.",
	"captain", "capt.", "major", "maj.", "sergeant", "sgt.", "coach", "manager", "executive", "ceo",
	"officer", "analyst", "editor", "correspondent", "pope", "cardinal", "bishop", "archbishop",
	"rabbi", "imam", "ayatollah", "sheikh", "speaker", "lawmaker", "legislator", "deputy",
	"attorney", "counsel", "professor", "prof.", "marshal", "consul", "councillor", "councilor",
	"senator", "congressman", "congresswoman", "strategist", "economist", "spokesmen", "aide",
	"gen.", "adm.", "lt.-gen.", "sultan", "emir", "patriarch", "dictator", "warlord", "founder",
	"owner", "publisher", "delegate", "inspector", "researcher", "expert", "scientist", "mp",
	"candidate", "nominee", "ambassador-at-large", "czar", "tsar", "monarch", "lady",
)

// mods are the other words of a title, written in lower case in
// appositions ("foreign policy chief", "deputy foreign minister").
var mods = setOf(
	"foreign", "defence", "defense", "deputy", "prime", "under", "vice", "interior", "finance",
	"state", "senior", "first", "acting", "former", "special", "assistant", "national", "security",
	"cabinet", "press", "associate", "permanent", "top", "policy", "affairs", "chief", "trade",
	"economy", "energy", "justice", "health", "education", "ministry", "department", "foreign-policy",
	"nuclear", "arms", "control", "military", "army", "navy", "air", "force", "staff", "joint",
	"supreme", "high", "lead", "presidential", "white", "house", "general", "country's", "its",
	"opposition", "party", "parliamentary", "regional", "international", "atomic", "agency",
)

// honorifics are titles of address, not roles: skipped, never reported.
var honorifics = setOf("mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "sir", "dame", "lord", "madam", "mister")

// notTitle are capitalised words that end a title read backwards: "In
// January President ...", "On Monday Foreign Minister ...".
var notTitle = setOf(
	"in", "on", "at", "by", "with", "from", "after", "before", "since", "during", "while", "when",
	"as", "but", "if", "then", "also", "meanwhile", "however", "earlier", "later", "yesterday",
	"today", "tomorrow", "a", "an", "this", "that", "last", "next",
	"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
	"january", "february", "march", "april", "may", "june", "july", "august", "september",
	"october", "november", "december", "jan.", "feb.", "mar.", "apr.", "jun.", "jul.", "aug.",
	"sep.", "sept.", "oct.", "nov.", "dec.",
)

// connectors may join the words of a title ("Secretary of State for Arms
// Control and International Security").
var connectors = setOf("of", "for", "and", "on", "the", "to", "&")

func setOf(ws ...string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}

func isTitleWord(w string) bool {
	l := strings.ToLower(w)
	return heads[l] || honorifics[l] || (mods[l] && l != "the")
}

// title reads the title of the name n from its sentence. It returns the
// title as written (country dropped) and the country, either may be "".
// inName marks the words of the sentence that belong to some name.
// role is what the words around a name say of the person.
type role struct {
	title   string
	country string
	// intl: the title is in an international body ("IAEA Director
	// General"), so where the person speaks says nothing of a country.
	intl bool
	// plural: a title over several names ("Presidents Barack Obama and
	// Dmitry Medvedev"), given in the singular.
	plural bool
}

func title(n name, inName []bool) role {
	ws := n.ws
	if n.first > 0 && strings.EqualFold(ws[n.first-1].text, "counterpart") ||
		n.first > 1 && ws[n.first-1].text == "," && strings.EqualFold(ws[n.first-2].text, "counterpart") {
		return role{} // the title is the other person's: see counterpartCountry
	}
	// Before the name, with no comma between.
	// Right before the name, a title ends in a role word or one of its
	// modifiers ("Secretary of State"): "Homeland Security Secretary Jeh"
	// ends in a given name the tagger missed.
	if r := titleBefore(ws, n.first, inName); r.title != "" {
		l := strings.ToLower(ws[n.first-1].text)
		if heads[l] || mods[l] || r.plural {
			return r
		}
		return role{}
	}
	// "<title>, <name>" and "<name>, <title>,".
	if n.first >= 2 && ws[n.first-1].text == "," {
		if r := titleBefore(ws, n.first-1, inName); r.title != "" {
			return r
		}
	}
	if n.last+1 < len(ws) && ws[n.last].text == "," {
		if r := titleAfter(ws, n.last+1, inName); r.title != "" {
			return r
		}
	}
	// "Presidents Barack Obama and Dmitry Medvedev": the second name.
	if k := n.first - 1; k >= 2 && strings.EqualFold(ws[k].text, "and") && inName[k-1] {
		j := k - 1
		for j > 0 && inName[j-1] {
			j--
		}
		if r := titleBefore(ws, j, inName); r.plural {
			return role{title: r.title, plural: true}
		}
	}
	return role{}
}

// titleBefore reads a title ending just before word end.
func titleBefore(ws []word, end int, inName []bool) role {
	j := end - 1
	for j >= 0 && !inName[j] {
		w := ws[j].text
		l := strings.ToLower(w)
		switch {
		case notTitle[l]:
			goto done
		case w == "'s" && j > 0:
		case connectors[l] && l != "the":
		case text.IsCapitalized(w):
		case heads[l] || mods[l]:
		default:
			goto done
		}
		j--
	}
done:
	if j < 0 && end > 0 {
		// The sentence's first word is capitalised whatever it is.
		l := strings.ToLower(ws[0].text)
		_, ok := countryOf(ws[0].text)
		if !ok && end > 1 {
			_, ok = countryOf(ws[0].text + " " + ws[1].text)
		}
		if !ok {
			// "Kremlin spokesman": a national body opening the sentence
			// heads the title.
			_, ok = geo.LookupOrg(ws[0].text)
		}
		if !ok && !heads[l] && !mods[l] {
			j = 0
		}
	}
	return makeTitle(ws[j+1 : end])
}

// titleAfter reads a title in an apposition starting at word start and
// ending at the next comma or the end of the sentence.
func titleAfter(ws []word, start int, inName []bool) role {
	k := start
	if k < len(ws) {
		switch strings.ToLower(ws[k].text) {
		case "the", "a", "an":
			k++
		}
	}
	e := k
	for e < len(ws) && !inName[e] && e-k < 12 {
		w := ws[e].text
		l := strings.ToLower(w)
		if w == "," || w == "." || w == ";" || w == ")" || w == `"` {
			break
		}
		if !(w == "'s" || connectors[l] || text.IsCapitalized(w) || heads[l] || mods[l]) {
			return role{}
		}
		e++
	}
	if e < len(ws) && ws[e].text != "," && ws[e].text != "." && ws[e].text != ";" {
		return role{}
	}
	return makeTitle(ws[k:e])
}

// makeTitle turns the words of a candidate title into a title and a
// country: leading connectors, sentence words and countries are dropped,
// and what is left must hold a role word.
func makeTitle(ws []word) role {
	country, intl := "", false
	for len(ws) > 0 {
		w := ws[0].text
		l := strings.ToLower(w)
		if connectors[l] || honorifics[l] || l == "'s" || isPunct(w) {
			ws = ws[1:]
			continue
		}
		// A country or an international body heading the title:
		// "U.S.", "Russia 's", "South Korean", "EU 's".
		if len(ws) > 1 && !heads[l] {
			if c, ok := countryOf(w + " " + ws[1].text); ok {
				if country == "" {
					country = c
				}
				ws = ws[2:]
				continue
			}
		}
		if !heads[l] && !mods[l] {
			if c, ok := countryOf(w); ok {
				if country == "" {
					country = c
				}
				ws = ws[1:]
				continue
			}
		}
		if k := orgPrefix(ws); k > 0 {
			ws, intl = ws[k:], true
			continue
		}
		break
	}
	// "National Security Council under President": the title is what
	// follows the lower-case "under" (not "under secretary").
	for k := len(ws) - 2; k >= 0; k-- {
		if ws[k].text == "under" && !strings.HasPrefix(strings.ToLower(ws[k+1].text), "secretary") {
			ws = ws[k+1:]
			break
		}
	}
	for len(ws) > 0 {
		l := strings.ToLower(ws[len(ws)-1].text)
		if !connectors[l] && l != "'s" {
			break
		}
		ws = ws[:len(ws)-1]
	}
	hasHead, plural := false, false
	words := make([]string, len(ws))
	for i, w := range ws {
		words[i] = w.text
		l := strings.ToLower(w.text)
		if i == len(ws)-1 && !heads[l] && strings.HasSuffix(l, "s") && heads[l[:len(l)-1]] {
			// "Presidents", "Foreign Ministers": one title for each name.
			words[i], l, plural = w.text[:len(w.text)-1], l[:len(l)-1], true
		}
		if heads[l] {
			hasHead = true
		}
		if w.text == "'s" {
			return role{} // "Russia's ambassador 's ..." is no title
		}
	}
	if !hasHead || len(ws) == 0 {
		return role{country: country, intl: intl}
	}
	// "nominee Gov. Mike Pence": the abbreviated title is the title.
	if n := len(ws); n >= 2 && strings.HasSuffix(ws[n-1].text, ".") && !text.IsCapitalized(ws[n-2].text) {
		ws, words = ws[n-1:], words[n-1:]
	}
	// "King and Mr." holds another person.
	for _, w := range ws[1:] {
		if honorifics[strings.ToLower(w.text)] {
			return role{country: country, intl: intl}
		}
	}
	if country == "" {
		country = institutionCountry(ws)
	}
	return role{title: strings.Join(words, " "), country: country, intl: intl, plural: plural}
}

// orgPrefix returns how many leading words of ws name an international
// body ("International Atomic Energy Agency", "EU 's"), or 0. A
// national body stays in the title ("State Department spokesman").
func orgPrefix(ws []word) int {
	for k := min(len(ws)-1, 6); k >= 1; k-- {
		if o, ok := geo.LookupOrg(joinWords(ws[:k])); ok && o.Country == "" {
			if k < len(ws) && ws[k].text == "'s" {
				k++
			}
			return k
		}
	}
	return 0
}

// countryOf names the country of a nationality or country word that can
// head a title ("Russian", "U.S.", "Russia"), leaving out capitals and
// seats of government, which head titles only as place names.
func countryOf(w string) (string, bool) {
	if !text.IsCapitalized(w) {
		return "", false
	}
	c, ok := geo.CountryOf(w)
	if !ok {
		return "", false
	}
	if _, ok := geo.LookupOrg(w); ok {
		return "", false // an institution ("Duma") stays in the title
	}
	if p, ok := geo.LookupPlace(w); ok && p.Kind == geo.KindCity {
		return "", false
	}
	return c, true
}

func isPunct(w string) bool {
	for _, r := range w {
		if r == '.' || r == '-' {
			continue
		}
		if r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r > 127 {
			return false
		}
	}
	return true
}

// institutionCountry finds a national body at the head of a title ("State
// Department spokesman", "Duma Speaker") and returns its country.
func institutionCountry(ws []word) string {
	for k := min(len(ws)-1, 4); k >= 1; k-- {
		if o, ok := geo.LookupOrg(joinWords(ws[:k])); ok && o.Country != "" {
			return o.Country
		}
	}
	return ""
}

// counterpartCountry reads "his Swedish counterpart, Erik Lindholm" and
// "His Russian counterpart, Deputy Foreign Minister Oleg Vasnetsov": the
// person is the counterpart of the one named before, from the country
// given. ok reports a counterpart; country is "" when none is given.
func counterpartCountry(n name) (country string, ok bool) {
	k := n.first - 1
	// Over a title between "counterpart," and the name.
	for k >= 0 && n.first-k <= 10 {
		w := n.ws[k].text
		if !(connectors[strings.ToLower(w)] || text.IsCapitalized(w)) {
			break
		}
		k--
	}
	if k >= 0 && n.ws[k].text == "," {
		k--
	}
	if k < 0 || !strings.EqualFold(n.ws[k].text, "counterpart") {
		return "", false
	}
	if k > 0 {
		if c, ok := countryOf(n.ws[k-1].text); ok {
			return c, true
		}
	}
	return "", true
}

// speechVerbs introduce where a person spoke: "said in Beijing".
var speechVerbs = setOf("said", "says", "told", "tells", "announced", "added", "stated", "declared", "spoke", "speaking")

// placeCountry reads where the sentence puts the person when it speaks:
// "In Washington, Secretary of State Antony Hale said ...", "... Guo
// Wenlong said in Beijing", "... told reporters at the Pentagon". Only a
// capital or a seat of government gives a country.
func placeCountry(n name) string {
	ws := n.ws
	// "In <capital>, ..." opening the sentence, before the name.
	if len(ws) > 2 && strings.EqualFold(ws[0].text, "in") && n.first > 2 {
		for k := 2; k <= 3 && k < n.first; k++ {
			if ws[k].text == "," {
				if c := seatCountry(ws[1:k]); c != "" {
					return c
				}
				break
			}
		}
	}
	// "<name> said ... in|at [the] <capital>".
	k := n.last
	if k < len(ws) && ws[k].text == "'s" {
		return ""
	}
	if k >= len(ws) || !speechVerbs[strings.ToLower(ws[k].text)] {
		return ""
	}
	for j := k + 1; j < len(ws) && j <= k+8; j++ {
		l := strings.ToLower(ws[j].text)
		if l == "that" || l == "," || l == "." || l == `"` {
			return ""
		}
		if l != "in" && l != "at" {
			continue
		}
		a := j + 1
		if a < len(ws) && strings.EqualFold(ws[a].text, "the") {
			a++
		}
		b := a
		for b < len(ws) && b-a < 3 && text.IsCapitalized(ws[b].text) {
			b++
		}
		if b > a {
			return seatCountry(ws[a:b])
		}
	}
	return ""
}

// ofCountry reads "<name> of China's Central Military Commission", "<name>
// of the Russian Foreign Ministry": the country of the body after "of".
func ofCountry(n name) string {
	ws := n.ws
	k := n.last
	if k+1 >= len(ws) || ws[k].text != "of" {
		return ""
	}
	k++
	if strings.EqualFold(ws[k].text, "the") {
		k++
	}
	for _, m := range []int{2, 1} {
		if k+m > len(ws) {
			continue
		}
		if c, ok := countryOf(joinWords(ws[k : k+m])); ok {
			if k+m < len(ws) && (ws[k+m].text == "'s" || text.IsCapitalized(ws[k+m].text)) {
				return c
			}
		}
	}
	return ""
}

// auxiliaries follow the subject of a reported clause: "said Moscow would".
var auxiliaries = setOf("would", "will", "had", "has", "have", "was", "is", "were", "are",
	"could", "can", "should", "must", "might", "may", "remained", "remains", "intended", "intends",
	"planned", "plans", "wanted", "wants", "did", "does")

// reportedCountry reads the country an official speaks for from what the
// sentence reports them saying: "<name> said (that) Washington had ...",
// "... told reporters that Moscow would remain ...". The subject of the
// reported clause must be a capital, a seat of government or a country,
// right before an auxiliary.
func reportedCountry(n name) string {
	ws := n.ws
	k := n.last
	if k >= len(ws) || !speechVerbs[strings.ToLower(ws[k].text)] {
		return ""
	}
	for j := k + 1; j < len(ws) && j <= k+10; j++ {
		l := strings.ToLower(ws[j].text)
		if l == "," || l == "." || l == `"` || l == ";" {
			return ""
		}
		if j > k+1 && l != "that" {
			continue
		}
		a := j
		if l == "that" {
			a++
		}
		if a < len(ws) && strings.EqualFold(ws[a].text, "the") {
			a++
		}
		b := a
		for b < len(ws) && b-a < 3 && text.IsCapitalized(ws[b].text) {
			b++
		}
		if b == a || b >= len(ws) || !auxiliaries[strings.ToLower(ws[b].text)] {
			if l == "that" {
				return ""
			}
			continue
		}
		if c := seatCountry(ws[a:b]); c != "" {
			return c
		}
		s := joinWords(ws[a:b])
		if p, ok := geo.LookupPlace(s); ok && p.Kind == geo.KindCountry {
			return p.Name
		}
		return ""
	}
	return ""
}

func joinWords(ws []word) string {
	var b strings.Builder
	for i, w := range ws {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(w.text)
	}
	return b.String()
}

// seatCountry returns the country of a capital or a seat of government.
func seatCountry(ws []word) string {
	s := joinWords(ws)
	if p, ok := geo.LookupPlace(s); ok && p.Kind != geo.KindCity {
		return "" // a country or region says where, not whose
	}
	c, _ := geo.CountryOf(s)
	return c
}
