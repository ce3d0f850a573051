package dates

// Expressions relative to the reference moment: deictic words, "last
// month", "two years ago", quarters, halves, seasons and weekends.

import (
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/herald-news/herald/extractors/schema"
)

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
		off := dayOffsets[w]
		part, j := partAfter(i + 1)
		if p.poss[i] {
			part, j = "", i+1
		}
		return dayAt(i, j, off, part)
	case "tonight":
		return dayAt(i, i+1, 0, "NI")
	case "mid-morning", "midmorning", "mid-afternoon", "midafternoon", "morning", "afternoon", "evening":
		// "mid-afternoon yesterday": the part of the day before the day
		part := dayParts[strings.TrimPrefix(strings.TrimPrefix(w, "mid-"), "mid")]
		if p.is(i+1, "today", "tomorrow", "yesterday") && !p.poss[i+1] {
			return dayAt(i, i+2, dayOffsets[p.w(i+1)], part)
		}
		if w != "morning" && w != "afternoon" && w != "evening" && p.partAlone(i+1) {
			return p.storyPart(i, i+1, 0, part) // "by mid-afternoon, the operation was over"
		}
	case "mid":
		// "by mid afternoon"
		if part, ok := dayParts[p.w(i+1)]; ok && p.w(i+1) != "overnight" && p.w(i+1) != "night" && p.partAlone(i+2) {
			return p.storyPart(i, i+2, 0, part)
		}
	case "overnight":
		// "Russia attacked Kyiv overnight", "overnight losses in New
		// York": the night before the day the story is at; not "an
		// overnight stay", "an overnight success"
		if p.is(i-1, "a", "an") || !p.partAlone(i+1) && !nightEvents[p.w(i+1)] {
			return match{}, false
		}
		return p.storyPart(i, i+1, -1, "NI")
	case "the":
		if m, ok := p.theYear(i); ok {
			return m, true
		}
		if m, ok := p.weekOfMonth(i); ok {
			return m, true
		}
		if m, ok := p.partOfDay(i); ok {
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
		if part, ok := dayParts[p.w(i+1)]; ok && p.w(i+1) != "overnight" && p.w(i+1) != "night" &&
			p.is(i-1, "in", "during", "by", "until", "through", "throughout") && p.partAlone(i+2) {
			// "placed heavy buy orders in the morning": the story's day
			return p.storyPart(i, i+2, 0, part)
		}
		if m, ok := p.dayAround(i); ok {
			return m, true
		}
		if p.is(i+1, "day") && p.is(i+2, "after") && p.is(i+3, "tomorrow") {
			return dayAt(i, i+4, 2, "")
		}
		if p.is(i+1, "past") && !p.startsCount(i+2) {
			if u, _ := unitWord(p.w(i + 2)); u == uNone {
				return match{first: i, last: i + 2, typ: schema.TypeDate, val: constant("PAST_REF")}, true
			}
		}
		if p.is(i+1, "future") && !p.is(i+2, "of") && !p.poss[i+1] {
			// not "talks on the future of the treaty": its fate, no time
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
	case "a", "some":
		// "for a while", "for some time": a stretch of unknown length
		if p.is(i-1, "for", "after", "in") && (w == "a" && p.is(i+1, "while") || w == "some" && p.is(i+1, "time")) && !p.is(i+2, "ago", "later", "before", "after", "now") {
			return match{first: i, last: i + 2, typ: schema.TypeDuration, val: constant("PXX")}, true
		}
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
	case "that":
		return p.thatUnit(i)
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
		// "the year-earlier nine months": the stretch, a year before
		if d, ok := p.durationExpr(i + 1); ok && d.first == i+1 && d.typ == schema.TypeDuration {
			first := i
			if p.is(i-1, "the") {
				first = i - 1
			}
			return match{first: first, last: d.last, typ: schema.TypeDuration, val: d.val}, true
		}
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

// storyPart reads tokens [first, last) as a part of the day the story is
// at: the last day named in the sentence or the two before it, else the
// reference day; off moves it ("overnight" is the night before, and news
// of a night comes within nightNews: a day named further back is some
// other moment of the story, "the embassy attacks of Aug. 7").
func (p *parser) storyPart(first, last, off int, part string) (match, bool) {
	sent := p.d.SentenceAt(p.d.Tokens[first].Start)
	mt := match{first: first, last: last, typ: schema.TypeTime, rel: true, narrative: off != 0}
	mt.val = func(r ref, c *discourse) string {
		if day, ok := c.dayIn(sent); ok {
			if t, ok := ParseValue(day); ok && (off == 0 || !r.ok || !t.After(r.t) && r.t.Sub(t) <= nightNews) {
				return fmtDay(t.AddDate(0, 0, off)) + "T" + part
			}
		}
		if !r.ok {
			return "XXXX-XX-XXT" + part
		}
		return fmtDay(r.t.AddDate(0, 0, off)) + "T" + part
	}
	return mt, true
}

// nightNews is how long before the reference the day of an "overnight"
// may be: a week.
const nightNews = 7 * 24 * time.Hour

// theYear reads "the year ended Sept. 30" (a stretch of a year), "for
// the full year" and "the first nine months of the year" (the reference
// year).
func (p *parser) theYear(i int) (match, bool) {
	j := i + 1
	if p.is(j, "year") && !p.poss[j] && p.is(i-1, "of") && p.is(i-2, "months", "weeks", "half", "quarter", "quarters", "rest", "remainder", "balance") {
		return match{first: i, last: j + 1, typ: schema.TypeDate, rel: true, val: func(r ref, _ *discourse) string { return shift(r, 0, uYear) }}, true
	}
	for p.is(j, "full", "fiscal", "latest", "current", "calendar") {
		j++
	}
	if p.is(j, "year") {
		if p.is(j+1, "ended", "ending", "through", "to") {
			return match{first: i, last: j + 1, typ: schema.TypeDuration, val: constant("P1Y")}, true
		}
		if p.is(i+1, "full", "current", "latest") || p.is(i-1, "for") && p.is(j+1, ",", ".") {
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
// reference year, or of the year before when it is told as past before
// December ("the change since year-end", "debt stood at $5 billion at
// year-end" in an October story): this year's end has not come yet.
func (p *parser) yearEnd(i, j int) match {
	past := p.is(i-1, "since") || sign(p.tenseAt(i, j)) == dirPast
	return match{first: i, last: j, typ: schema.TypeDate, rel: true, val: func(r ref, _ *discourse) string {
		if past && r.ok && r.month() < time.December {
			return shift(r, -1, uYear)
		}
		return shift(r, 0, uYear)
	}}
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
	if m, ok := months[w]; ok && p.up[j] && off != 0 {
		// "last Oct. 23", "next March 4": the day before or after the
		// reference, whatever the tense
		if d, ok := p.dayOfMonth(j + 1); ok && !p.is(j+2, "percent", "%", "per", "points", "cents") {
			dir := dirStrongPast
			if off > 0 {
				dir = dirStrongFuture
			}
			mt := match{first: i, last: j + 2, typ: schema.TypeDate, rel: true}
			mt.val = func(r ref, _ *discourse) string {
				if !r.ok {
					return fmt.Sprintf("XXXX-%02d-%02d", int(m), d)
				}
				return fmtDay(nearestDay(r, m, d, dir))
			}
			return mt, true
		}
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
	if _, part := dayParts[w]; part && the && (mod == "next" || mod == "following" || mod == "previous") {
		return p.narrative(i, j+1, off, uDay), true // "the next morning"
	}
	u, plural := unitWord(w)
	if u == uNone || plural || u < uDay || p.capitalInProse(j) {
		return match{}, false // ABC's "This Week": a name
	}
	if p.poss[j] && p.quarterAfter(j+1) {
		return match{}, false // "this year's third quarter": quarterExpr
	}
	if u == uDay && off == 0 && mod != "same" {
		return match{}, false // "this day"
	}
	// "the next day", "the following week", "the previous year", "the same
	// day": counted from the last date the story named, not from the
	// publication.
	if mod == "following" || mod == "preceding" || mod == "same" || the && mod == "previous" || the && u == uDay {
		return p.narrative(i, j+1, off, u), true
	}
	if (u == uDecade || u == uCentury) && off != 0 {
		// "the past decade" is a stretch of time.
		return match{first: i, last: j + 1, typ: schema.TypeDuration, val: constant(duration(1, u))}, true
	}
	mt := match{first: i, last: j + 1, typ: schema.TypeDate, rel: true}
	if u == uQuarter {
		mt.quarter = true
	}
	mt.val = func(r ref, _ *discourse) string { return shift(r, off, u) }
	return mt, true
}

// narrative resolves [i, j) at n units u from the last date the story
// named; without one, a day stays unknown and a longer unit counts from
// the reference.
func (p *parser) narrative(i, j, n int, u unit) match {
	mt := match{first: i, last: j, typ: schema.TypeDate, rel: true, narrative: true}
	mt.val = func(r ref, c *discourse) string {
		if v, ok := c.from(n, u); ok {
			return v
		}
		if u <= uWeek {
			return unknownAt(u)
		}
		return shift(r, n, u)
	}
	return mt
}

// thatUnit reads "that day", "that same week", "that year": the unit of
// the last date the story named.
func (p *parser) thatUnit(i int) (match, bool) {
	j := i + 1
	if p.is(j, "same") {
		j++
	}
	u, plural := unitWord(p.w(j))
	if plural || u < uDay || u > uYear || u == uQuarter {
		return match{}, false
	}
	// Without a date before it, "that day" is a day of a story we do not
	// know ("trades made that day"): no expression to report.
	m := p.narrative(i, j+1, 0, u)
	m.val = func(r ref, c *discourse) string {
		v, _ := c.from(0, u)
		return v
	}
	return m, true
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
	if strings.HasPrefix(p.w(k), "fortnight") && n > 0 {
		n *= 2 // a fortnight is two weeks
	}
	k++
	if p.is(k, "or") && p.is(k+1, "so") && p.is(k+2, "ago", "earlier", "later") {
		k += 2 // "a week or so ago"
	}
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
		yearOff, hasYearOff = yearOffsets[p.w(j)], true
		j += 2
	} else if y, k, ok := p.year(j); ok && p.is(k, "fiscal", "first", "second", "third", "fourth", "period", "quarter") || ok && strings.HasSuffix(p.w(k), "-quarter") {
		absYear, j = y, k // "the 1988 third quarter", "the 1989 period"
	}
	same := false // "the same quarter", "the corresponding period"
	for p.is(j, "fiscal", "comparable", "corresponding", "same") {
		same = same || !p.is(j, "fiscal")
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
		if n, ok := ordinalWord(p.w(j)); ok && n <= 4 && p.is(j+1, "quarter") {
			// "the year-ago third quarter": that quarter, a year before
			q, j = n, j+2
			break
		}
		if !p.is(j, "quarter", "period") {
			return match{}, false
		}
		j++
	case strings.HasPrefix(w, "fiscal-") && p.is(j+1, "quarter", "half"):
		// "the fiscal-first quarter"
		n, ok := ordinalWord(strings.TrimPrefix(w, "fiscal-"))
		if !ok || n > 4 || p.w(j+1) == "half" && n > 2 {
			return match{}, false
		}
		q, half = n, p.w(j+1) == "half"
		j += 2
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
			p.is(j, "period") && absYear > 0 ||
			p.is(j, "quarter") && hasYearOff && yearOff < 0 || // "last year's quarter"
			same && p.is(j, "quarter", "period") && p.yearAgoAt(j+1) > 0 {
			latest = true
			for !p.is(j, "quarter", "period") {
				j++
			}
			if p.w(j) == "period" && absYear == 0 && !p.is(j-1, "latest") && !same {
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
	unitAt := j - 1 // "quarter", "period", "Q3"
	if n := p.yearAgoAt(j); n > 0 && absYear == 0 && !hasYearOff {
		yearAgo, j = true, j+n // "the quarter a year ago", "the third quarter last year"
	}
	sent := p.d.SentenceAt(p.d.Tokens[i].Start)
	if same && latest && !yearAgo {
		return match{}, false // "the same quarter" alone: read as the unit
	}
	if same && latest && p.w(unitAt) == "period" && !p.quarterStory(sent) {
		// "the same period last year" after "the first nine months": no
		// quarter; "last year" is read alone
		return match{}, false
	}
	dir := sign(p.tenseAt(i, j))
	// a quarter named in a future clause ("will result in a fourth-quarter
	// charge") is not the one whose results the story reports
	mt := match{first: i, last: j, typ: schema.TypeDate, rel: absYear == 0, quarter: !yearAgo && dir != dirFuture}
	if half || hasYearOff && yearOff < 0 {
		// a half, or "last year's third quarter": the comparison, not the
		// quarter whose results the story reports
		mt.quarter = false
	}
	mt.val = func(r ref, c *discourse) string {
		var y, qq int
		switch {
		case yearAgo && q > 0:
			if !r.ok {
				return fmt.Sprintf("XXXX-Q%d", q)
			}
			y, qq = r.year()-1, q
			if q > r.quarter() {
				y--
			}
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
			if hasYearOff && y >= 0 {
				y += yearOff // "last year's quarter": the story's, a year before
			}
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
			if qq == 0 {
				return "XXXX-QX" // "the latest quarter" with no reference: which one is unknown
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

// yearAgoAt reads "a year ago", "a year earlier", "last year" (not "last
// year's") at i, giving the number of its tokens, 0 when there is none.
func (p *parser) yearAgoAt(i int) int {
	switch {
	case p.is(i, "a") && p.is(i+1, "year") && p.is(i+2, "ago", "earlier"):
		return 3
	case p.is(i, "last") && p.is(i+1, "year") && !p.poss[i+1]:
		return 2
	}
	return 0
}

// quarterStory reports a quarter named in sentence s or the one before
// it, which makes "the same period" a quarter. The discourse is not at
// hand while reading, so the text is looked at: a quarter word in those
// sentences.
func (p *parser) quarterStory(s int) bool {
	for _, k := range []int{s - 1, s} {
		if k < 0 || k >= len(p.d.Sentences) {
			continue
		}
		sen := p.d.Sentences[k]
		for t := sen.First; t < sen.Last; t++ {
			if w := p.low[t]; w == "quarter" || strings.HasSuffix(w, "-quarter") {
				return true
			}
		}
	}
	return false
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
	// "the fall of the Berlin Wall", "the fall in prices": a collapse, a
	// decline, no season
	if p.is(j+1, "of", "in", "from", "to", "by", "on") {
		return match{}, false
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
		// "in the spring" told in the past: the last one, the current
		// one included; told of the future, the next
		step := 1
		if dir == dirPast {
			step = -1
		}
		y := seasonYear(seasonNow(r.t), s, step, true)
		return fmtYear(y) + "-" + s.code
	}
	return mt, true
}

// relSeason resolves "last/this/next SEASON". A winter is written with
// the year it begins in: 2018-WI runs from December 2018 to February
// 2019, so "this winter" told in January 2019 is 2018-WI and "last
// winter" 2017-WI; "this" spring, summer or fall is the one of the
// reference's year.
func (p *parser) relSeason(i, j int, s season, off int) match {
	mt := match{first: i, last: j, typ: schema.TypeDate, rel: true}
	mt.val = func(r ref, _ *discourse) string {
		if !r.ok {
			return "XXXX-" + s.code
		}
		now := seasonNow(r.t)
		y := r.year()
		switch {
		case off != 0:
			y = seasonYear(now, s, off, false)
		case s.code == "WI" && r.month() <= time.February:
			y--
		}
		return fmtYear(y) + "-" + s.code
	}
	return mt
}

// seasonNow numbers the season of t in the order time meets them: four
// a year, spring first, so that the winter that begins in December of
// year y is 4y+3, and January and February belong to the winter of the
// year before.
func seasonNow(t time.Time) int {
	y, m := t.Year(), t.Month()
	if m <= time.February {
		return 4*(y-1) + 3
	}
	return 4*y + chrono(seasonOf(m))
}

// chrono turns a season index (0 winter .. 3 fall) into its place in
// seasonNow's order (0 spring .. 3 winter).
func chrono(index int) int { return (index + 3) % 4 }

// seasonYear is the year of the season s before (dir < 0) or after
// (dir > 0) the season numbered now, or at it when current counts.
func seasonYear(now int, s season, dir int, current bool) int {
	c := chrono(s.index)
	if dir < 0 {
		if !current {
			now--
		}
		return floorDiv(now-c, 4)
	}
	if !current {
		now++
	}
	return -floorDiv(c-now, 4)
}

// floorDiv divides rounding down, negative quotients included.
func floorDiv(a, b int) int {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// dayAround reads "the day before last Tuesday('s hearing)", "the day
// after Jan. 3": a day counted from a named day.
func (p *parser) dayAround(i int) (match, bool) {
	if !p.is(i+1, "day") || !p.is(i+2, "before", "after") {
		return match{}, false
	}
	var m match
	ok := false
	for _, read := range []func(*parser, int) (match, bool){(*parser).calendarDate, (*parser).weekdayExpr, (*parser).holiday} {
		if m2, ok2 := read(p, i+3); ok2 && m2.typ == schema.TypeDate && (!ok || m2.last > m.last) {
			m, ok = m2, true
		}
	}
	if !ok {
		return match{}, false
	}
	off := 1
	if p.is(i+2, "before") {
		off = -1
	}
	inner := m.val
	mt := match{first: i, last: m.last, typ: schema.TypeDate, rel: m.rel}
	mt.val = func(r ref, c *discourse) string {
		v := inner(r, c)
		if t, ok := ParseValue(v); ok && len(v) == 10 {
			return fmtDay(t.AddDate(0, 0, off))
		}
		return "XXXX-XX-XX"
	}
	return mt, true
}

// partAlone reports that a part of the day ends before token i: no noun
// follows it ("the morning session", "the evening news") and no "of"
// ("the morning of Oct. 23", read as that day).
func (p *parser) partAlone(i int) bool {
	if i > 0 && p.poss[i-1] {
		return false // "the morning's trading"
	}
	if i >= len(p.low) || !p.adjacent(i) {
		return true
	}
	w := p.low[i]
	if w == "of" {
		return false
	}
	if r, size := utf8.DecodeRuneInString(w); size > 0 && !unicode.IsLetter(r) {
		return true // punctuation, a number
	}
	return partFollowers[w]
}

// partFollowers may follow a part of the day that stands alone: a
// preposition, a conjunction, a verb of the clause ("the morning
// to start trading", "overnight in Kyiv", "fell overnight and").
var partFollowers = map[string]bool{
	"in": true, "on": true, "at": true, "to": true, "and": true, "but": true, "or": true,
	"as": true, "after": true, "before": true, "when": true, "while": true, "with": true,
	"from": true, "near": true, "across": true, "against": true, "into": true, "for": true,
	"that": true, "than": true, "because": true, "amid": true, "until": true, "by": true,
}

// nightEvents may follow "overnight" as the night's happenings:
// "overnight losses", "an overnight attack" is no "an overnight stay".
var nightEvents = map[string]bool{
	"losses": true, "gains": true, "trading": true, "session": true, "attack": true,
	"attacks": true, "strike": true, "strikes": true, "shelling": true, "raid": true,
	"raids": true, "bombardment": true, "fighting": true, "talks": true, "negotiations": true,
	"clashes": true, "explosions": true, "barrage": true, "assault": true,
}

// weekOfMonth reads "the first week of March", "the last week of
// February 2019": the ISO week holding the middle of those seven days
// (March 4, the 25th of February), the week most of them fall in.
func (p *parser) weekOfMonth(i int) (match, bool) {
	n, ok := ordinalWord(p.w(i + 1))
	if p.is(i+1, "last", "final") {
		n, ok = -1, true
	}
	if !ok || n > 4 || !p.is(i+2, "week") || !p.is(i+3, "of") {
		return match{}, false
	}
	mon, ok := p.calendarDate(i + 4)
	if !ok || mon.first != i+4 {
		return match{}, false
	}
	mt := match{first: i, last: mon.last, typ: schema.TypeDate, rel: mon.rel}
	mt.val = func(r ref, c *discourse) string {
		v := mon.val(r, c)
		t, ok := ParseValue(v)
		if !ok || len(v) != len("2006-01") {
			return v
		}
		mid := 7*n - 3
		if n < 0 {
			mid = t.AddDate(0, 1, -1).Day() - 3
		}
		return fmtWeek(t.AddDate(0, 0, mid-1))
	}
	return mt, true
}

// partOfDay reads "the evening of November 22", "the night of Oct. 23",
// "the morning of Friday": that part of that day.
func (p *parser) partOfDay(i int) (match, bool) {
	part, ok := dayParts[p.w(i+1)]
	if !ok || p.w(i+1) == "overnight" || !p.is(i+2, "of") {
		return match{}, false
	}
	var day match
	found := false
	for _, read := range []func(*parser, int) (match, bool){(*parser).calendarDate, (*parser).weekdayExpr} {
		if m, ok := read(p, i+3); ok && m.first == i+3 && m.typ == schema.TypeDate && (!found || m.last > day.last) {
			day, found = m, true
		}
	}
	if !found {
		return match{}, false
	}
	mt := match{first: i, last: day.last, typ: schema.TypeTime, rel: day.rel}
	mt.val = func(r ref, c *discourse) string {
		v := day.val(r, c)
		if len(v) != len("2006-01-02") {
			return v // a month or a year: no part of a day to give
		}
		return v + "T" + part
	}
	return mt, true
}
