package dates

// Durations ("six months", "the past two years") and sets ("weekly",
// "every Thursday").

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/herald-news/herald/extractors/schema"
)

// durationExpr reads "six months", "the past two years", "five-year",
// "several weeks", "years", "half an hour", "5 1/2 hours", "the first nine
// months".
func (p *parser) durationExpr(i int) (match, bool) {
	j := i
	if p.is(j, "the") {
		j++
	}
	if p.is(j, "past", "last", "next", "coming", "previous", "following", "first", "final", "remaining", "latest", "initial", "same", "entire", "full", "whole", "other") {
		j++
	}
	j = p.approx(j)
	// "two-year", "16-hour"; not "the Six-Day War", a name
	if a, b, ok := strings.Cut(p.w(j), "-"); ok && !p.inName(j) {
		u, _ := unitWord(b)
		if u == uQuarter {
			return match{}, false
		}
		n := -2.0
		if isDigits(a) {
			v, _ := strconv.Atoi(a)
			n = float64(v)
		} else if v, ok := wordNumber(a); ok {
			n = float64(v)
		} else if a == "half" {
			n = 0.5
		}
		if u != uNone && n > -2 {
			// "the two-week visit": the article belongs to the noun
			first := i
			if j == i+1 && p.is(i, "the") {
				first = j
			}
			return match{first: first, last: j + 1, typ: schema.TypeDuration, val: constant(duration(n, u))}, true
		}
		if b2, c2, ok := strings.Cut(b, "-"); ok && c2 == "long" {
			// "decades-long", "two-week-long"; not "6-year-old", an age
			u2, pl := unitWord(b2)
			if u2 != uNone && (n > -2 || pl) {
				if n <= -2 {
					n = -1
				}
				first := i
				if j == i+1 && p.is(i, "the") {
					first = j
				}
				return match{first: first, last: j + 1, typ: schema.TypeDuration, val: constant(duration(n, u2))}, true
			}
		}
		if a == "several" || a == "multi" {
			if u != uNone {
				return match{first: i, last: j + 1, typ: schema.TypeDuration, val: constant(duration(-1, u))}, true
			}
		}
		if u3, pl := unitWord(a); u3 != uNone && pl && b == "long" {
			return match{first: i, last: j + 1, typ: schema.TypeDuration, val: constant(duration(-1, u3))}, true // "decades-long"
		}
		if u3, pl := unitWord(a); u3 != uNone && !pl && b == "long" {
			first := i
			if j == i+1 && p.is(i, "the") {
				first = j
			}
			return match{first: first, last: j + 1, typ: schema.TypeDuration, val: constant(duration(1, u3))}, true // "day-long"
		}
		if a2, b2, ok := strings.Cut(b, "-"); ok { // "twenty-four-hour"
			if v, ok := wordNumber(a + "-" + a2); ok {
				if u, _ := unitWord(b2); u != uNone {
					return match{first: i, last: j + 1, typ: schema.TypeDuration, val: constant(duration(float64(v), u))}, true
				}
			}
		}
	}
	n, k, ok := p.number(j)
	if ok && p.is(k, "to", "or", "-") {
		// "12 to 18 months": a range is an unknown count
		if _, k2, ok2 := p.number(k + 1); ok2 {
			if u, _ := unitWord(p.w(k2)); u != uNone {
				n, k = -1, k2
			}
		}
	}
	if !ok {
		// bare plural: "years", "the years", "weeks"
		u, plural := unitWord(p.w(j))
		if !plural || (u != uYear && u != uMonth && u != uWeek && u != uDecade && u != uCentury) {
			return match{}, false
		}
		if j > i && !p.is(i, "the") {
			return match{}, false
		}
		if p.is(j+1, "of") && p.is(j-1, "the") {
			return match{}, false // "the years of war" reads fine, but "the months of" is often a list
		}
		if p.is(j-1, "recent", "coming") || p.is(j+1, "old") {
			return match{}, false
		}
		if _, _, isNum := p.number(j - 1); isNum && j == i {
			return match{}, false // the count before was refused ("52 years old")
		}
		return match{first: i, last: j + 1, typ: schema.TypeDuration, val: constant(duration(-1, u))}, true
	}
	if n >= 1000 && n < 2200 && len(p.w(j)) == 4 {
		return match{}, false // "the 1988 quarter" names a year
	}
	if p.is(k, "more", "additional", "full", "straight", "consecutive", "long", "trading", "business", "working") {
		k++ // "two more weeks", "eight trading days"
	}
	u, plural := unitWord(p.w(k))
	if u == uNone || p.capitalInProse(k) {
		return match{}, false // "CBS's 60 Minutes": a unit with a capital is a name
	}
	if strings.HasPrefix(p.w(k), "fortnight") && n > 0 {
		n *= 2 // a fortnight is two weeks
	}
	if p.is(k+1, "old") {
		return match{}, false // "52 years old": an age, which TimeBank leaves out
	}
	if u == uSecond && !plural && n == 1 && p.ordinalSecond(k) {
		return match{}, false // "a second batch", "a second round": an ordinal
	}
	if n == 1 && plural {
		return match{}, false // "one years" is no English; a list of items
	}
	if u == uQuarter && p.is(k+1, "of") && n >= 0 {
		return match{}, false // "a quarter of the cost": a fraction; not "several quarters of losses"
	}
	if u == uQuarter && n == 1 && p.is(k+1, "century") {
		return match{first: i, last: k + 2, typ: schema.TypeDuration, val: constant("P25Y")}, true
	}
	if u == uQuarter && n > 0 {
		return match{first: i, last: k + 1, typ: schema.TypeDuration, val: constant(fmt.Sprintf("P%dQ", int(n)))}, true
	}
	// "a year" after an amount is a rate: "$5 billion a year" (setExpr).
	if p.is(j, "a", "an", "per") && p.rateBefore(j) {
		return match{}, false
	}
	if j == i && p.is(j, "a", "an") && p.is(i-1, "once", "twice") {
		return match{}, false
	}
	end := k + 1
	if n >= 1 && n == float64(int(n)) && !plural && p.is(end, "and") && p.is(end+1, "a") && p.is(end+2, "half") {
		n, end = n+0.5, end+3 // "a minute and a half", "a year and a half"
	}
	return match{first: i, last: end, typ: schema.TypeDuration, val: constant(duration(n, u))}, true
}

// rateBefore reports an amount or frequency just before i: "$5 billion a
// year", "twice a week", "10 percent a year".
func (p *parser) rateBefore(i int) bool {
	w := p.w(i - 1)
	return isDigits(strings.ReplaceAll(strings.ReplaceAll(w, ",", ""), ".", "")) || p.is(i-1, "million", "billion", "trillion", "percent", "%", "once", "twice", "times", "thousand", "dollars", "cents", "euros", "barrels", "tons", "people")
}

// setExpr reads "daily", "weekly", "every day", "each year", "every two
// weeks", "every Monday", "twice a year", "$5 a year".
func (p *parser) setExpr(i int) (match, bool) {
	w := p.w(i)
	if p.inName(i) {
		return match{}, false // "The Daily Beast", "NBC Nightly News"
	}
	if v, ok := setWords[w]; ok && v != "" {
		if p.capitalInProse(i+1) && !p.up[i] {
			return match{}, false // "the Communist Party daily Granma": a newspaper
		}
		// "its quarterly dividend": a kind of payment, no expression of
		// time of its own ("his weekly radio address" is one).
		if w == "quarterly" && p.is(i-1, "its", "their", "a", "an", "initial", "first", "regular", "usual", "latest", "and", "the") || p.is(i-1, "average") {
			return match{}, false
		}
		return match{first: i, last: i + 1, typ: schema.TypeSet, val: constant(v)}, true
	}
	if p.is(i, "every", "each", "per") {
		j := i + 1
		if wd, ok := weekdays[p.w(j)]; ok {
			iso := int(wd)
			if iso == 0 {
				iso = 7
			}
			return match{first: i, last: j + 1, typ: schema.TypeSet, val: constant(fmt.Sprintf("XXXX-WXX-%d", iso))}, true
		}
		if code, ok := dayParts[p.w(j)]; ok {
			return match{first: i, last: j + 1, typ: schema.TypeSet, val: constant("XXXX-XX-XXT" + code)}, true
		}
		if m, ok := months[p.w(j)]; ok && p.up[j] && !monthNeedsDay[p.w(j)] {
			return match{first: i, last: j + 1, typ: schema.TypeSet, val: constant(fmt.Sprintf("XXXX-%02d", int(m)))}, true // "each July"
		}
		if sn, ok := seasons[p.w(j)]; ok {
			return match{first: i, last: j + 1, typ: schema.TypeSet, val: constant("XXXX-" + sn.code)}, true // "every summer"
		}
		n := 1.0
		if m, k, ok := p.number(j); ok && m > 0 && !p.is(j, "a", "an") {
			n, j = m, k
		} else if p.is(j, "other") {
			n, j = 2, j+1
		}
		u, _ := unitWord(p.w(j))
		if u == uNone {
			return match{}, false
		}
		if u == uQuarter {
			return match{first: i, last: j + 1, typ: schema.TypeSet, val: constant(fmt.Sprintf("P%dM", 3*int(n)))}, true
		}
		return match{first: i, last: j + 1, typ: schema.TypeSet, val: constant(duration(n, u))}, true
	}
	if p.is(i, "a", "an") && p.rateBefore(i) {
		if u, pl := unitWord(p.w(i + 1)); u != uNone && !pl {
			return match{first: i, last: i + 2, typ: schema.TypeSet, val: constant(duration(1, u))}, true
		}
	}
	return match{}, false
}

// ordinalSecond reports "second" at k as the ordinal before a noun ("a
// second round"), not the unit ("a second later", "for a second.").
func (p *parser) ordinalSecond(k int) bool {
	w := p.w(k + 1)
	if w == "" || w[0] < 'a' || w[0] > 'z' {
		return p.up[k+1] // "a second Patriot battery"
	}
	switch w {
	case "later", "ago", "earlier", "before", "after", "of", "or", "and", "to", "in", "at",
		"longer", "more", "too", "per", "each", "every", "apart", "late", "that", "when", "while":
		return false
	}
	return true
}
