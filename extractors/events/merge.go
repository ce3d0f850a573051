package events

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/herald-news/herald/extractors/schema"
	"github.com/herald-news/herald/extractors/text"
)

// merge folds the mentions of one event into one, in text order: each
// mention joins the first earlier event it is compatible with.
func (a *analysis) merge(ms []*mention) []*mention {
	sort.SliceStable(ms, func(i, j int) bool { return ms[i].tok < ms[j].tok })
	// A later mention may have made two earlier events compatible ("a
	// meeting in Geneva" and "the January 15 meeting" once the second
	// gained its place); a second pass settles that.
	return a.fold(a.fold(ms))
}

// fold makes one merging pass: each mention joins the nearest compatible
// event before it, or starts one.
func (a *analysis) fold(ms []*mention) []*mention {
	var out []*mention
	for _, m := range ms {
		if e := a.nearest(out, m); e != nil {
			a.absorb(e, m)
		} else {
			out = append(out, m)
		}
	}
	return out
}

// nearest gives the event of es that m is compatible with and closest to
// in the text (the earliest of equals), or nil.
func (a *analysis) nearest(es []*mention, m *mention) *mention {
	var best *mention
	bestDist := 0
	for _, e := range es {
		if !a.compatible(e, m) {
			continue
		}
		d := abs(m.sent - e.sent)
		for _, s := range e.sents {
			d = min(d, abs(m.sent-s))
		}
		if best == nil || d < bestDist {
			best, bestDist = e, d
		}
	}
	return best
}

// consults are meetings and talks: "agreeing to meet again in July" and
// "will reconvene in Geneva on July 14" are one round of talks.
func consults(t string) bool { return t == Meeting || t == Talks }

// speaking types are said by someone: a remark folds into the press
// conference or speech where the same person made it.
func speaking(t string) bool { return t == Statement || t == PressConf || t == Speech }

func (a *analysis) compatible(e, m *mention) bool {
	typeOK := e.typ == m.typ || consults(e.typ) && consults(m.typ)
	if !typeOK && speaking(e.typ) && speaking(m.typ) && e.speaker >= 0 && e.speaker == m.speaker {
		// An undated remark joins a dated press conference or speech, and
		// a press conference absorbs an undated remark.
		typeOK = (e.typ == Statement && e.date == nil) || (m.typ == Statement && m.date == nil) ||
			// "Rezaei rejected the criticism on Monday. ... Rezaei told a
			// weekly news conference": the remark was made there.
			(e.typ == Statement) != (m.typ == Statement) && (e.date == nil) != (m.date == nil) && abs(lastSent(e)-m.sent) <= 1
	}
	if !typeOK {
		return false
	}
	if !datesCompatible(e, m) {
		return false
	}
	// "met ... after landing" and "will meet in Vienna next week" are two.
	if e.future && m.past || e.past && m.future {
		return false
	}
	if !placesCompatible(e.places, m.places) {
		return false
	}
	if speaking(e.typ) || speaking(m.typ) {
		// "Iran said at the time ... France, Germany, and Britain said in
		// a joint statement": remarks of different governments are two,
		// and a government's is one with no other's but the words of
		// its own sentence ("said in a joint statement").
		if (len(e.voices) > 0 || len(m.voices) > 0) && !slices.Equal(e.voices, m.voices) &&
			!((len(e.voices) == 0 || len(m.voices) == 0) && e.sent == m.sent) {
			return false
		}
		if e.speaker < 0 || m.speaker < 0 || e.speaker != m.speaker {
			// Two remarks of no known speaker are one only when they are
			// next to each other.
			if !(e.speaker < 0 && m.speaker < 0 && abs(e.sent-m.sent) <= 1) {
				return false
			}
		}
		return true
	}
	if len(e.treaties) > 0 && len(m.treaties) > 0 && !intersects(e.treaties, m.treaties) {
		return false
	}
	near := abs(lastSent(e)-m.sent) <= 2
	shared := intersects(e.treaties, m.treaties) || intersects(e.people, m.people)
	// "agreed to hold another round next month ... The next round will
	// take place in Vienna": there is one next round, the one planned.
	if consults(m.typ) && m.date == nil && a.nextOne(m) && e.date != nil && planned(e.date.Value, a.doc.Article.Published) {
		return true
	}
	sameDate := e.date != nil && m.date != nil
	if sameDate {
		// Two dated mentions of one type are one event when the dates agree;
		// the date already says which it is.
		return true
	}
	if near {
		return true
	}
	return shared
}

// maxNextGap bounds the words between "next" and the event noun it
// names: "the next round", "the next NCG meeting", "the next formal round".
const maxNextGap = 2

// nextOne reports an undated noun mention named as the next of its series,
// "the next round", which is the one the article said was planned.
func (a *analysis) nextOne(m *mention) bool {
	if !m.noun {
		return false
	}
	for i := m.tok - 1; i >= 0 && m.tok-i <= maxNextGap+1; i-- {
		if a.lower[i] == "next" {
			return i > 0 && a.lower[i-1] == "the"
		}
		if a.lower[i] == "," || a.trig[i] || a.dateAt[i] >= 0 {
			return false
		}
	}
	return false
}

func lastSent(e *mention) int {
	s := e.sent
	for _, x := range e.sents {
		s = max(s, x)
	}
	return s
}

// datesCompatible reports equal dates, a date and its refinement
// ("2019-02" and "2019-02-02"), or a missing date.
func datesCompatible(e, m *mention) bool {
	if e.date == nil || m.date == nil {
		return true
	}
	x, y := dayPart(e.date.Value), dayPart(m.date.Value)
	return x == y || strings.HasPrefix(x, y) || strings.HasPrefix(y, x)
}

func placesCompatible(ps, qs []place) bool {
	if len(ps) == 0 || len(qs) == 0 {
		return true
	}
	for _, p := range ps {
		for _, q := range qs {
			if placeAgrees(p, q) {
				return true
			}
		}
	}
	return false
}

func placeAgrees(p, q place) bool {
	switch {
	case p.name == q.name:
		return true
	case p.kind == "country" && q.country == p.name, q.kind == "country" && p.country == q.name:
		return true
	case p.country == "" && p.kind != "region", q.country == "" && q.kind != "region":
		return true // a place herald does not know may lie anywhere
	}
	return false
}

// absorb merges m into e.
func (a *analysis) absorb(e, m *mention) {
	m.into = e
	if m.date != nil && (e.date == nil || better(m.date, e.date)) {
		e.date, e.dateTok, e.inherited = m.date, m.dateTok, m.inherited
		if e.typ == Statement && m.typ != Statement || consults(e.typ) && consults(m.typ) {
			e.typ = m.typ
		}
		e.own = m.own
		if speaking(e.typ) && len(m.treaties) > 0 {
			e.treaties = nil // the dated remark's subject, not an undated one's
		}
		if m.noun {
			e.word = m.word
		}
	}
	if e.word == "" && m.noun {
		e.word = m.word
	}
	// Meetings and talks: a noun names the event better than a verb ("last
	// met in Istanbul ... That round" is talks), and talks also called a
	// meeting or summit are a meeting ("will hold talks ... the third
	// meeting between the two men").
	if consults(e.typ) && consults(m.typ) && m.noun {
		if !e.nounTyped || m.typ == Meeting {
			e.typ, e.nounTyped = m.typ, true
			if m.typ == Meeting {
				e.word = m.word
			}
		}
	}
	if e.actor == "" {
		e.actor = m.actor
	}
	if len(e.voices) == 0 {
		e.voices = m.voices
	}
	if speaking(m.typ) && m.typ != Statement && e.typ == Statement {
		e.typ = m.typ
	}
	e.places = append(e.places, m.places...)
	for _, p := range m.people {
		if !containsInt(e.people, p) && !speaking(e.typ) {
			e.people = append(e.people, p)
		}
	}
	if e.speaker < 0 {
		e.speaker = m.speaker
		if m.speaker >= 0 && !containsInt(e.people, m.speaker) {
			e.people = append(e.people, m.speaker)
		}
	}
	for _, t := range m.treaties {
		if speaking(e.typ) && m.date == nil && len(e.treaties) > 0 {
			break // an undated remark elsewhere says nothing of this one's subject
		}
		if !containsInt(e.treaties, t) {
			e.treaties = append(e.treaties, t)
		}
	}
	for _, c := range m.countries {
		e.countries = appendNew(e.countries, c)
	}
	for _, o := range m.orgs {
		e.orgs = appendNew(e.orgs, o)
	}
	e.weapon = e.weapon || m.weapon
	e.legislature = e.legislature || m.legislature
	if e.jointTok < 0 {
		e.jointTok = m.jointTok
	}
	e.future = e.future || m.future
	e.past = e.past || m.past
	if e.afterTyp == "" {
		e.afterTyp = m.afterTyp
	}
	for _, s := range m.sents {
		if !containsInt(e.sents, s) {
			e.sents = append(e.sents, s)
		}
	}
}

// refinedBy names the event whose day dates a coarser one: "parliament
// ratified the extension last week ... both houses voted for it on January
// 27".
var refinedBy = map[string]string{Ratification: Vote}

// refine gives an event dated by a week, month or year the day of a
// following event of the kind that accomplishes it, when that day lies in
// the coarser period and the two are at most two sentences apart.
func (a *analysis) refine(ms []*mention) {
	for _, m := range ms {
		want, ok := refinedBy[m.typ]
		if !ok || m.date == nil || dayValue(m.date.Value) {
			continue
		}
		for _, o := range ms {
			if o.typ != want || o.date == nil || !dayValue(o.date.Value) || o.sent < m.sent || o.sent-m.sent > 2 {
				continue
			}
			if within(o.date.Value, m.date.Value) {
				m.date, m.dateTok = o.date, o.dateTok
				break
			}
		}
	}
}

// within reports whether day value d lies in the period p ("2021-W04",
// "2021-01", "2021").
func within(d, p string) bool {
	if strings.HasPrefix(d, p) {
		return true
	}
	if len(p) == 8 && p[5] == 'W' {
		t, err := time.Parse(time.DateOnly, d[:10])
		if err != nil {
			return false
		}
		y, w := t.ISOWeek()
		return fmt.Sprintf("%04d-W%02d", y, w) == p
	}
	return false
}

// newsDay dates the events the lead reports without a date, as
// journalists leave the day of the news implied: the undated events of the
// first sentence that gives a date near the publication ("will withdraw
// from the Treaty on Open Skies ..., officials said Thursday") take that
// date, and so do meetings, talks, briefings, visits, signings, speeches,
// votes, sanctions and tests of the three sentences after it that are not
// told in the future ("agreed at a meeting of the Foreign Affairs Council
// in Brussels").
func (a *analysis) newsDay(ms []*mention) {
	if a.doc.Article.Published.IsZero() {
		return
	}
	lead := -1
	var day *schema.Date
	var dayTok int
	for di := range a.doc.Dates {
		dt := &a.doc.Dates[di]
		i := a.d.TokenAt(dt.Start)
		if i >= len(a.sentOf) || a.sentOf[i] < 0 || a.headline[a.sentOf[i]] || a.quoted[i] ||
			dt.Type == schema.TypeDuration || dt.Type == schema.TypeSet || !numericValue(dt.Value) {
			continue
		}
		if nearPublished(dt.Value, a.doc.Article.Published) && dayValue(dt.Value) {
			lead, day, dayTok = a.sentOf[i], dt, i
		}
		break
	}
	if day == nil {
		return
	}
	a.newsDate = day.Value
	for _, m := range ms {
		if m.date != nil || m.typ == Statement || m.sent < lead || m.sent > lead+3 {
			continue
		}
		if m.sent > lead && (!newsType(m.typ) || a.future(m)) {
			continue
		}
		// "during a three-day state visit": a frame of days, not the day;
		// "ending years of on-and-off negotiations": a span of years; "had
		// said last month that the talks were in their final stage": what
		// was said on another day.
		if a.during(m) || a.spanOf(m) || a.saidOtherDay(m, day.Value) {
			continue
		}
		// "urging all states to sign and ratify": a purpose, no event.
		if !m.noun && baseForm(a.lower[m.tok]) && !a.modalBefore(m) {
			continue
		}
		m.date, m.dateTok, m.inherited, m.newsDay = day, dayTok, true, true
	}
}

func newsType(t string) bool {
	switch t {
	case Meeting, Talks, PressConf, Visit, Signing, Speech, Vote, Sanction, Test:
		return true
	}
	return false
}

// during reports "during" in the four words before a mention: "during a
// three-day state visit".
func (a *analysis) during(m *mention) bool {
	for i := m.tok - 1; i >= 0 && m.tok-i <= 4; i-- {
		if a.lower[i] == "during" {
			return true
		}
	}
	return false
}

// spanWords measure a stretch of time an event noun may be said to fill:
// "years of negotiations".
var spanWords = set("days", "weeks", "months", "years", "decades")

// spanOf reports a noun mention told as a stretch of time, "years of
// on-and-off negotiations", with at most one word between "of" and it.
func (a *analysis) spanOf(m *mention) bool {
	for i := m.tok - 1; i >= 1 && m.tok-i <= 2; i-- {
		if a.lower[i] == "of" {
			return m.noun && spanWords[a.lower[i-1]]
		}
	}
	return false
}

// saidOtherDay reports a mention in the "that" clause of a verb of saying
// dated by a date other than day, between the verb and "that": "had said
// last month that the talks were in their final stage".
func (a *analysis) saidOtherDay(m *mention, day string) bool {
	f, _ := a.clauseRange(m.tok)
	if a.lower[f] != "that" {
		return false
	}
	for i := f - 1; i >= 0 && a.sentOf[i] == m.sent; i-- {
		if isReportingVerb(a.lower[i]) {
			return false
		}
		if di := a.dateAt[i]; di >= 0 && a.doc.Dates[di].Value != day {
			return true
		}
	}
	return false
}

// baseForm reports a verb in its base form ("sign", "ratify"), as after
// "to".
func baseForm(w string) bool {
	return !strings.HasSuffix(w, "ed") && !strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ing") && !text.IsIrregularPast(w)
}

// modalBefore reports "will", "would" or the like right before the mention
// ("will withdraw").
func (a *analysis) modalBefore(m *mention) bool {
	for i := m.tok - 1; i >= 0 && m.tok-i <= 3; i-- {
		switch a.lower[i] {
		case "will", "would", "shall", "must":
			return true
		}
	}
	return false
}

// future reports a mention told in the future or as a plan.
func (a *analysis) future(m *mention) bool {
	// "a vote expected next month", "talks scheduled for Monday".
	if m.noun && m.end < len(a.lower) {
		switch a.lower[m.end] {
		case "expected", "scheduled", "due", "planned":
			return true
		}
	}
	f, _ := a.clauseRange(m.tok)
	for i := f; i < m.tok; i++ {
		if a.quoted[i] {
			continue
		}
		switch a.lower[i] {
		case "will", "would", "shall", "expected", "due", "scheduled", "plans", "planned", "could", "may", "might",
			"wanted", "wants", "want", "proposed", "proposes", "seeks", "sought", "hopes", "hoped", "urged", "next":
			return true
		}
	}
	return false
}

// inherit dates an undated event from the event an "after the X" phrase
// names ("told a news conference after the meeting", "met ... shortly
// after landing"), as the same day.
func (a *analysis) inherit(ms []*mention) {
	for round := 0; round < 3; round++ {
		for _, m := range ms {
			if m.date != nil || m.afterTyp == "" || m.typ == Statement {
				continue
			}
			var src *mention
			for _, o := range ms {
				if o == m || o.date == nil || (o.typ != m.afterTyp && m.afterTyp != anyEvent) || o.tok > m.tok || !dayValue(o.date.Value) || o.future {
					continue
				}
				if src == nil || o.tok > src.tok {
					src = o
				}
			}
			if src != nil {
				m.date, m.dateTok, m.inherited = src.date, src.dateTok, true
				if len(m.places) == 0 {
					m.places = append(m.places, src.places...)
				}
			}
		}
	}
}

// continueVotes gives a vote whose clauses name no one ("The legislation
// must still be approved article by article -- a vote expected next
// month") the body of the dated vote told before it, two sentences back
// at most: the same body votes again on the same bill.
func (a *analysis) continueVotes(ms []*mention) {
	for _, m := range ms {
		if m.typ != Vote || m.date == nil || len(m.countries)+len(m.orgs) > 0 {
			continue
		}
		var prev *mention
		for _, e := range ms {
			if e == m || e.typ != Vote || e.date == nil || len(e.countries)+len(e.orgs) == 0 ||
				e.tok > m.tok || lastSent(e) < m.sent-maxJointReach {
				continue
			}
			if prev == nil || e.tok > prev.tok {
				prev = e
			}
		}
		if prev != nil {
			m.countries, m.orgs, m.actor = prev.countries, prev.orgs, prev.actor
			m.legislature = m.legislature || prev.legislature
		}
	}
}

// dropRemarks drops remarks whose date or speaker the text does not give.
func (a *analysis) dropRemarks(ms []*mention) {
	for _, m := range ms {
		if m.typ == Statement && (m.speaker < 0 && len(m.voices) == 0 || m.inherited) {
			m.dropped = true
		}
	}
}

// dayValue reports a TIMEX3 value that names one day.
func dayValue(v string) bool {
	return len(v) >= 10 && v[4] == '-' && v[7] == '-'
}

func intersects(x, y []int) bool {
	for _, v := range x {
		if containsInt(y, v) {
			return true
		}
	}
	return false
}
