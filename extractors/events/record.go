package events

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/herald-news/herald/extractors/geo"
	"github.com/herald-news/herald/extractors/schema"
	"github.com/herald-news/herald/extractors/text"
)

// event builds the record of a merged mention.
func (a *analysis) event(m *mention, version string) schema.Event {
	ev := schema.Event{
		Type:             m.typ,
		CAMEO:            CAMEO[m.typ],
		Date:             &schema.DateRef{Text: m.date.Text, Value: dayPart(m.date.Value)},
		ArticleID:        a.doc.Article.ID,
		ExtractorVersion: version,
		Published:        a.doc.Article.Published,
		Participants:     []string{},
		People:           []string{},
		Treaties:         []string{},
		Quotes:           []int{},
	}
	if pl, ok := a.location(m); ok {
		ev.Location = &schema.Place{Name: pl.name, Country: pl.country}
	}
	for _, p := range m.people {
		ev.People = append(ev.People, a.doc.People[p].Name)
	}
	for _, t := range m.treaties {
		ev.Treaties = append(ev.Treaties, a.doc.Treaties[t].Name)
	}
	// A remark, speech or press conference is the speaker's country's;
	// other events take the countries and organisations of their clauses.
	switch {
	case speaking(m.typ) && m.speaker >= 0 && a.doc.People[m.speaker].Country != "":
		ev.Participants = append(ev.Participants, a.doc.People[m.speaker].Country)
	case speaking(m.typ) && m.speaker < 0 && len(m.voices) > 0:
		// "France, Germany, and Britain said": the governments that spoke.
		for _, v := range m.voices {
			ev.Participants = appendNew(ev.Participants, participantName(v))
		}
	default:
		for _, c := range m.countries {
			ev.Participants = appendNew(ev.Participants, c)
		}
		for _, o := range m.orgs {
			ev.Participants = appendNew(ev.Participants, participantName(o))
		}
	}
	// A visit or a deployment has a host: the country its place lies in
	// ("arrived in Kyiv" is Ukraine's too).
	if (m.typ == Visit || m.typ == Deployment) && ev.Location != nil && ev.Location.Country != "" {
		ev.Participants = appendNew(ev.Participants, ev.Location.Country)
	}
	sort.Ints(m.sents)
	for _, s := range m.sents {
		sp := a.sents[s]
		ev.Evidence = append(ev.Evidence, schema.Span{Start: sp.Start, End: sp.End})
	}
	ev.Quotes = a.quotesOf(m)
	ev.Planned = planned(m.date.Value, a.doc.Article.Published)
	ev.Label = a.label(m, ev)
	ev.Confidence = confidence(m, ev)
	ev.Key = key(ev)
	return ev
}

// partiesActs are the events that are acts of a treaty's parties together
// rather than of one of them: a withdrawal, suspension or ratification is
// one state's.
var partiesActs = map[string]bool{Signing: true, Extension: true, Expiry: true, EntryIntoForce: true}

// minParties is how many countries an event must name to be taken as
// naming a treaty's parties: a treaty binds two at least.
const minParties = 2

// maxJointReach is how many sentences back a phrase such as "the two
// leaders" looks for the event whose parties it names.
const maxJointReach = 2

// jointParties gives an event the parties of another where the text says
// they are the same:
//
//   - an event told during another, in a ", during which" or ", when"
//     clause, that names no participant takes that event's;
//   - an event whose clause refers to the parties of an event told before
//     ("Tanabe told a joint news conference after the meeting", "The two
//     leaders will meet in Oslo", "when the pair met") adds those of the
//     nearest event before the phrase, within maxJointReach sentences,
//     that names two participants or more.
//
// The participants lent are those of the events' own clauses, read before
// this pass, so that nothing is lent twice over. Keys are computed again.
func (a *analysis) jointParties(ms []*mention, evs []schema.Event) {
	own := make([][]string, len(evs))
	for i := range evs {
		own[i] = evs[i].Participants
	}
	for i, m := range ms {
		// "Putin paid a state visit to Pyongyang, during which they
		// signed a treaty": the parties of the visit.
		if m.during != nil && len(own[i]) == 0 {
			if k := slices.Index(ms, m.during); k >= 0 {
				evs[i].Participants = slices.Clone(own[k])
				evs[i].Key = key(evs[i])
				continue
			}
		}
		if m.jointTok < 0 || len(m.voices) > 0 {
			continue // "France, Germany, and Britain said in a joint statement": they are named
		}
		js := a.sentOf[m.jointTok]
		best, bestSent := -1, -1
		for j, o := range ms {
			if j == i || len(own[j]) < minParties {
				continue
			}
			for _, s := range o.sents {
				before := s < js || s == js && o.tok < m.jointTok
				if before && s >= js-maxJointReach && s >= bestSent {
					best, bestSent = j, s
				}
			}
		}
		if best < 0 {
			continue
		}
		for _, p := range own[best] {
			evs[i].Participants = appendNew(evs[i].Participants, p)
		}
		evs[i].Key = key(evs[i])
	}
}

// treatyParties gives a signing, extension, expiry or entry into force
// whose clauses name no participant ("New START, signed in Prague in
// 2010, ...") the parties the article names for its treaty: the countries
// of the first other event of the same treaty that names two or more
// ("Russia and the United States have extended New START"). Its key does
// not change, as a treaty event's key names the treaty, not who.
func treatyParties(evs []schema.Event) {
	for i := range evs {
		e := &evs[i]
		if !partiesActs[e.Type] || len(e.Participants) > 0 || len(e.Treaties) == 0 {
			continue
		}
		for j, o := range evs {
			if j == i || !slices.Contains(o.Treaties, e.Treaties[0]) {
				continue
			}
			if cs := countriesOf(o.Participants); len(cs) >= minParties {
				e.Participants = cs
				break
			}
		}
	}
}

// countriesOf gives the countries among participants, in order.
func countriesOf(participants []string) []string {
	var cs []string
	for _, p := range participants {
		if pl, ok := geo.LookupPlace(p); ok && pl.Kind == geo.KindCountry {
			cs = append(cs, p)
		}
	}
	return cs
}

// participantName gives the participant an organisation stands for: a
// body of one state ("Russian Foreign Ministry", "State Duma", "U.S.
// Navy") takes part for its state, as "U.S. Army" already counts as the
// United States; an international body is itself. Labels keep the body's
// own name ("Duma vote").
func participantName(org string) string {
	if o, ok := geo.LookupOrg(org); ok && o.Country != "" {
		return o.Country
	}
	return org
}

// location picks the most specific place of the event's own mentions;
// failing that, one told in the sentence after its date; then, for an event
// of the article's day, the dateline; then a body's seat; then any place
// of the event's mentions.
func (a *analysis) location(m *mention) (place, bool) {
	var best place
	found := false
	own, places := m.own, m.places
	if m.typ == Statement && len(m.voices) > 0 {
		// "called on the OPCW ..., two days after the watchdog confirmed
		// ... in southern Ukraine": not where the government spoke.
		own, places = m.nearPlaces(own), m.nearPlaces(places)
	}
	for _, p := range own {
		if !found || p.rank > best.rank {
			best, found = p, true
		}
	}
	if found {
		return best, true
	}
	// Next, a place told in the sentence after the one that dated the event
	// ("signed a declaration on Thursday ... was signed at the headquarters
	// in Northwood").
	if ds := a.sentOf[min(m.dateTok, len(a.sentOf)-1)]; ds >= 0 {
		for _, p := range places {
			if s := a.sentOf[min(p.tok, len(a.sentOf)-1)]; s >= ds && s <= ds+1 && (!found || p.rank > best.rank) {
				best, found = p, true
			}
		}
		if found {
			return best, true
		}
	}
	if a.dateline != nil && a.newsDate != "" && m.date.Value == a.newsDate && localType(m.typ) {
		return *a.dateline, true
	}
	// A body that meets only at its seat: a General Assembly vote is in
	// New York.
	if m.typ == Vote || m.typ == Meeting {
		for _, o := range append([]string{m.actor}, m.orgs...) {
			if p, ok := seats[o]; ok {
				return p, true
			}
		}
	}
	// A government speaks from its capital, a body from its seat: "the
	// Kremlin said" is in Moscow, "the OPCW said" in The Hague.
	if m.typ == Statement && m.speaker < 0 && len(m.voices) == 1 {
		if p, ok := voiceSeats[participantName(m.voices[0])]; ok {
			return p, true
		}
		if p, ok := capitalOf(m.voices[0]); ok {
			return p, true
		}
	}
	// A state's legislature votes in its capital: "Iran's parliament has
	// voted" is in Tehran; the state is the event's actor, else its first
	// country or state body.
	if m.typ == Vote && m.legislature {
		if p, ok := capitalOf(append(append([]string{m.actor}, m.countries...), m.orgs...)...); ok {
			return p, true
		}
	}
	for _, p := range places {
		if !found || p.rank > best.rank {
			best, found = p, true
		}
	}
	if found {
		return best, true
	}
	// "They met for about six hours at the U.S. mission, after a working
	// dinner hosted by the Russian side on Tuesday evening": a meeting
	// told in a phrase of another event was held where that one was. That
	// event begins earlier in the text, so the search ends.
	if consults(m.typ) || speaking(m.typ) {
		if e := m.follows.event(); e != nil && e.tok < m.tok {
			return a.location(e)
		}
	}
	return place{}, false
}

// event gives the event a mention was merged into, itself if none, or nil
// for no mention.
func (m *mention) event() *mention {
	for m != nil && m.into != nil {
		m = m.into
	}
	return m
}

// capitalOf gives the capital of the first of names that is a country or
// belongs to one: a government speaks, and its legislature votes, there.
func capitalOf(names ...string) (place, bool) {
	for _, n := range names {
		c, ok := geo.CountryOf(n)
		if !ok {
			continue
		}
		if p, ok := geo.Capital(c); ok {
			return fromGeo(p), true
		}
	}
	return place{}, false
}

// seats are where bodies that sit in one place meet, by the name
// geo.LookupOrg gives them.
var seats = map[string]place{
	"UN General Assembly": {name: "New York", country: "United States", kind: geo.KindCity, rank: 3},
	"UN Security Council": {name: "New York", country: "United States", kind: geo.KindCity, rank: 3},
}

// nearPlaces keeps the places of ps that lie before the mention's word or
// at most maxVoicePlaceGap words after it.
func (m *mention) nearPlaces(ps []place) []place {
	var out []place
	for _, p := range ps {
		if p.tok <= m.end+maxVoicePlaceGap {
			out = append(out, p)
		}
	}
	return out
}

// maxVoicePlaceGap bounds the words between a government's verb of saying
// and the place it spoke in: "said in Vienna", "said on Monday in Vienna".
const maxVoicePlaceGap = 4

// voiceSeats are where international bodies speak from, by the name
// geo.LookupOrg gives them.
var voiceSeats = map[string]place{
	"International Atomic Energy Agency":                   {name: "Vienna", country: "Austria", kind: geo.KindCity, rank: 3},
	"Comprehensive Nuclear-Test-Ban Treaty Organization":   {name: "Vienna", country: "Austria", kind: geo.KindCity, rank: 3},
	"Organisation for the Prohibition of Chemical Weapons": {name: "The Hague", country: "Netherlands", kind: geo.KindCity, rank: 3},
	"North Atlantic Treaty Organization":                   {name: "Brussels", country: "Belgium", kind: geo.KindCity, rank: 3},
	"United Nations":                                       {name: "New York", country: "United States", kind: geo.KindCity, rank: 3},
	"UN Security Council":                                  {name: "New York", country: "United States", kind: geo.KindCity, rank: 3},
}

// localType is a type that happens somewhere the reporter files from, or
// a decision announced there; a treaty's expiry or entry into force, a test
// or a deployment does not take the dateline.
func localType(t string) bool {
	switch t {
	case Meeting, Talks, PressConf, Statement, Speech, Visit, Signing, Sanction, Vote,
		Withdrawal, Suspension, Extension, Ratification:
		return true
	}
	return false
}

// nearPublished reports a day value within two days of the publication.
func nearPublished(v string, pub time.Time) bool {
	if pub.IsZero() || !dayValue(v) {
		return false
	}
	t, err := time.Parse(time.DateOnly, v[:10])
	if err != nil {
		return false
	}
	d := pub.Sub(t)
	return d > -48*time.Hour && d < 72*time.Hour
}

// planned reports a date after the publication, compared at the value's
// own granularity ("2019-02" in an article of 2019-01-16 is later).
func planned(v string, pub time.Time) bool {
	if pub.IsZero() || len(v) < 4 || v[0] < '0' || v[0] > '9' {
		return false
	}
	p := pub.Format(time.DateOnly)
	n := len(v)
	if n > 10 {
		n = 10
	}
	if strings.Contains(v, "W") || strings.Contains(v, "Q") || strings.Contains(v, "SP") || strings.Contains(v, "SU") || strings.Contains(v, "FA") || strings.Contains(v, "WI") {
		return v[:4] > p[:4] || (v[:4] == p[:4] && v > p[:4]+"-"+weekOf(pub))
	}
	if n > len(p) {
		n = len(p)
	}
	return v[:n] > p[:n]
}

func weekOf(t time.Time) string {
	_, w := t.ISOWeek()
	return fmt.Sprintf("W%02d", w)
}

// quotesOf gives the quotes said at or about the event: those in its
// sentences, and those of its people in the sentence after.
func (a *analysis) quotesOf(m *mention) []int {
	out := []int{}
	names := map[string]bool{}
	for _, p := range m.people {
		names[a.doc.People[p].Name] = true
	}
	for qi, q := range a.doc.Quotes {
		s := a.sentenceAt(q.Start)
		in := containsInt(m.sents, s)
		if !in && names[q.Speaker] && speaking(m.typ) {
			in = containsInt(m.sents, s-1) || containsInt(m.sents, s+1)
		}
		if in && (q.Speaker == "" || len(names) == 0 || names[q.Speaker] || !speaking(m.typ)) {
			out = append(out, qi)
		}
	}
	return out
}

func confidence(m *mention, ev schema.Event) float64 {
	c := 0.45
	if !m.inherited {
		c += 0.2
	}
	if ev.Location != nil {
		c += 0.1
	}
	if len(ev.People) > 0 || len(ev.Treaties) > 0 {
		c += 0.1
	}
	if len(m.sents) > 1 {
		c += 0.1
	}
	return float64(int(c*100+0.5)) / 100
}

// assignIDs gives each event an id from the article, the version, the
// type, date and place, and a discriminator for events that share those.
func assignIDs(evs []schema.Event, articleID, version string) {
	seen := map[string]int{}
	for i := range evs {
		e := &evs[i]
		loc := ""
		if e.Location != nil {
			loc = e.Location.Name
		}
		base := strings.Join([]string{articleID, version, e.Type, e.Date.Value, loc}, "\x1f")
		n := seen[base]
		seen[base]++
		sum := sha256.Sum256([]byte(fmt.Sprintf("%s\x1f%d", base, n)))
		e.ID = hex.EncodeToString(sum[:12])
	}
}

// key is the same for reports of one real-world event in several
// articles: type, date, place or treaty, and who, normalised. Meetings and
// talks share a type here, as reports name one round either way. Who is
// the speaker for remarks, speeches and press conferences, and the
// participating countries only when neither place nor treaty says which
// event it is: participants are read from each article's own wording, and
// one report's "Russian and U.S. officials" is another's "Washington and
// Moscow", so they would split keys that place and date already join.
func key(e schema.Event) string {
	typ := e.Type
	if consults(typ) {
		typ = Meeting
	}
	where := ""
	if e.Location != nil {
		where = e.Location.Name
	}
	if len(e.Treaties) > 0 && (where == "" || treatyType(e.Type)) {
		where = e.Treaties[0]
	}
	who := ""
	switch {
	case speaking(e.Type) && len(e.People) > 0:
		who = norm(e.People[0])
	case where == "":
		var ps []string
		for _, p := range e.Participants {
			if pl, ok := geo.LookupPlace(p); ok && pl.Kind == geo.KindCountry {
				ps = append(ps, norm(p))
			}
		}
		sort.Strings(ps)
		who = strings.Join(ps, "+")
	}
	return strings.Join([]string{typ, e.Date.Value, norm(where), who}, "|")
}

func norm(s string) string {
	return strings.Join(strings.Fields(strings.ToLower(normDrop.Replace(s))), "-")
}

// normDrop removes the punctuation norm ignores.
var normDrop = strings.NewReplacer(".", "", ",", "", "’", "", "'", "")

// label writes the event as a person would: place, type, date.
func (a *analysis) label(m *mention, ev schema.Event) string {
	when := a.dateLabel(m.date, a.doc.Article.Published)
	where := ""
	if ev.Location != nil {
		where = ev.Location.Name
	}
	who := a.surname(m.speaker)
	if who == "" && len(m.people) > 0 {
		who = a.surname(m.people[0])
	}
	actor := m.actor
	if actor == "" && len(m.countries) > 0 {
		actor = m.countries[0]
	}
	actor = adjective(actor)
	if where != "" && ev.Location != nil && a.isCountry(where) {
		where = theCountry(where)
	}
	treaty := ""
	if len(m.treaties) > 0 {
		treaty = a.treatyLabel(m.treaties[0])
	}
	var s string
	switch m.typ {
	case Meeting, Talks, PressConf, Vote:
		name := strings.ReplaceAll(m.typ, "_", " ")
		if m.word != "" && m.typ != Talks {
			name = m.word // "summit", "news conference", "press briefing"
		}
		switch {
		case where != "":
			s = where + " " + name
		case len(m.people) >= 2 && m.typ == Meeting:
			s = a.surname(m.people[0]) + "–" + a.surname(m.people[1]) + " meeting"
		case who != "" && m.typ == PressConf:
			s = who + " press conference"
		case actor != "":
			s = actor + " " + name
		default:
			s = upperFirst(name)
		}
		if m.typ == Vote && treaty != "" {
			s += " on " + treaty
		}
	case Statement:
		switch {
		case who != "":
			s = who + " remarks"
		case len(m.voices) > 0:
			s = voicesLabel(m.voices) + " statement" // "French, German and British statement"
		default:
			s = strings.TrimSpace(actor + " statement")
		}
	case Speech:
		if who == "" {
			who = actor
		}
		s = strings.TrimSpace(who + " speech")
		if where != "" {
			s += " in " + where
		}
	case Visit:
		s = strings.TrimSpace(who + " visit")
		if where != "" {
			s += " to " + where
		}
	case Signing, EntryIntoForce, Extension, Expiry:
		name := strings.ReplaceAll(m.typ, "_", " ")
		if treaty != "" {
			s = strings.TrimPrefix(treaty, "the ") + " " + name
		} else {
			s = strings.TrimSpace(actor + " " + name)
		}
		if where != "" && m.typ == Signing {
			s += " in " + where
		}
	case Withdrawal, Suspension, Ratification:
		s = strings.TrimSpace(actor + " " + m.typ)
		if treaty != "" {
			prep := " of "
			if m.typ == Withdrawal {
				prep = " from "
			}
			s += prep + treaty
		}
	case Deployment:
		s = strings.TrimSpace(actor + " deployment")
		if where != "" {
			s += " in " + where
		}
	case Test:
		s = actor
		if m.weapon {
			s += " missile"
		}
		s = strings.TrimSpace(s + " test")
	case Sanction:
		s = strings.TrimSpace(actor + " sanctions")
		// The target is a country other than the actor, and other than the
		// host of the city the sanctions were decided in (a BRUSSELS
		// dateline names no target).
		host := ""
		if ev.Location != nil && !a.isCountry(ev.Location.Name) {
			host = ev.Location.Country
		}
		if t := a.sanctionTarget(m); t != "" {
			s += " on " + theCountry(t)
			break
		}
		for _, c := range m.countries {
			if adjective(c) != actor && c != host {
				s += " on " + theCountry(c)
				break
			}
		}
	default:
		s = m.typ
	}
	s = upperFirst(strings.TrimSpace(s))
	if when != "" {
		s += ", " + when
	}
	return s
}

// voicesLabel names the governments and bodies of a statement as a person
// writes them: "French, German and British", "OPCW".
func voicesLabel(voices []string) string {
	var ws []string
	for _, v := range voices {
		ws = append(ws, adjective(v))
	}
	if len(ws) == 1 {
		return ws[0]
	}
	return strings.Join(ws[:len(ws)-1], ", ") + " and " + ws[len(ws)-1]
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func adjective(country string) string {
	if a := geo.Adjective(country); a != "" {
		return a
	}
	return country
}

// surname is how the article names person p on its own: its most frequent
// one-word mention, else the last word of the name.
func (a *analysis) surname(p int) string {
	if p < 0 || p >= len(a.doc.People) {
		return ""
	}
	person := a.doc.People[p]
	count := map[string]int{}
	best := ""
	for _, mt := range person.Mentions {
		w := strings.TrimSuffix(strings.TrimSuffix(mt.Text, "’s"), "'s")
		if strings.Contains(w, " ") || w == "" || !text.IsCapitalized(w) {
			continue
		}
		count[w]++
		if best == "" || count[w] > count[best] {
			best = w
		}
	}
	if best != "" {
		return best
	}
	// The article never names them by one word: keep the whole name
	// rather than guess which word is the family name.
	return person.Name
}

func (a *analysis) isCountry(name string) bool {
	p, ok := geo.LookupPlace(name)
	return ok && p.Kind == geo.KindCountry
}

// theCountry writes "the Philippines", "the United States".
func theCountry(name string) string {
	if strings.HasPrefix(name, "United ") || strings.HasSuffix(name, "Republic") ||
		strings.HasSuffix(name, "Islands") || pluralCountries[name] {
		return "the " + name
	}
	return name
}

// pluralCountries are the plural country names English writes with "the";
// Belarus, Cyprus or Laos, which end in s too, take none.
var pluralCountries = map[string]bool{
	"Netherlands": true, "Philippines": true, "Bahamas": true, "Maldives": true,
	"Comoros": true, "Seychelles": true, "Gambia": true,
}

// treatyLabel is the short form, as the seed's analysts write it: "the
// INF", "New START".
func (a *analysis) treatyLabel(t int) string {
	tr := a.doc.Treaties[t]
	s := tr.Short
	if s == "" {
		s = tr.Name
	}
	if strings.ToUpper(s) == s && !strings.Contains(s, " ") {
		return "the " + s
	}
	if strings.HasPrefix(s, "Treaty") || strings.HasPrefix(s, "Convention") {
		return "the " + s
	}
	return s
}

var months = []string{"January", "February", "March", "April", "May", "June", "July", "August",
	"September", "October", "November", "December"}

// dateLabel writes a TIMEX3 value as a person would: "January 15",
// "February 2026", "2010"; the year is left out when it is the article's.
func (a *analysis) dateLabel(d *schema.Date, pub time.Time) string {
	v := d.Value
	year := ""
	if !pub.IsZero() {
		year = pub.Format("2006")
	}
	if len(v) >= 7 && v[4] == '-' && v[5] >= '0' && v[5] <= '1' {
		mo := int(v[5]-'0')*10 + int(v[6]-'0')
		if mo < 1 || mo > 12 {
			return d.Text
		}
		s := months[mo-1]
		if len(v) >= 10 && v[7] == '-' {
			day := strings.TrimLeft(v[8:10], "0")
			s += " " + day
			if v[:4] != year && v[:4] != "XXXX" {
				s += ", " + v[:4]
			}
			return s
		}
		if v[:4] != year && v[:4] != "XXXX" {
			s += " " + v[:4]
		}
		return s
	}
	if len(v) == 4 {
		return v
	}
	if len(v) == 7 && v[4] == '-' {
		if season := seasons[v[5:]]; season != "" {
			if v[:4] != year {
				season += " " + v[:4]
			}
			return season
		}
	}
	if len(v) == 8 && v[5] == 'W' {
		var y, w int
		if _, err := fmt.Sscanf(v, "%04d-W%02d", &y, &w); err == nil {
			// The Monday of ISO week w: January 4 is always in week 1.
			jan4 := time.Date(y, 1, 4, 0, 0, 0, 0, time.UTC)
			monday := jan4.AddDate(0, 0, -int((jan4.Weekday()+6)%7)+7*(w-1))
			return "week of " + a.dateLabel(&schema.Date{Value: monday.Format(time.DateOnly)}, pub)
		}
	}
	return d.Text
}

// seasons names the TIMEX3 season codes.
var seasons = map[string]string{"SP": "spring", "SU": "summer", "FA": "autumn", "WI": "winter"}

// sentenceAt gives the sentence holding byte offset off, or -1.
func (a *analysis) sentenceAt(off int) int {
	i := a.d.TokenAt(off)
	if i >= len(a.sentOf) {
		return -1
	}
	return a.sentOf[i]
}

// dayPart keeps the calendar part of a TIMEX3 value: an event is dated to
// the day ("2023-11-07T24:00" is 2023-11-07).
func dayPart(v string) string {
	if i := strings.IndexByte(v, 'T'); i >= 10 {
		return v[:i]
	}
	return v
}

// sanctionTarget is the country the sanctions of m are "on" or "against"
// in its own sentence ("imposed sanctions on Belarus", "sanctions on 25
// Belarusian officials", "sanctions against Iran's oil sector"), or "".
func (a *analysis) sanctionTarget(m *mention) string {
	sent := a.sents[m.sent]
	for i := m.tok; i < sent.Last-1; i++ {
		if w := a.lower[i]; w != "on" && w != "against" {
			continue
		}
		// "on the", "on 25 Belarusian officials", "on 10 U.S. companies".
		j := i + 1
		for j < sent.Last-1 && (a.lower[j] == "the" || isNumber(a.lower[j])) {
			j++
		}
		// The longest run of up to four tokens from j that names a country.
		for k := min(j+4, sent.Last); k > j; k-- {
			name := a.d.Text[a.d.Tokens[j].Start:a.d.Tokens[k-1].End]
			if c, ok := geo.CountryOf(name); ok {
				return c
			}
		}
		return ""
	}
	return ""
}
