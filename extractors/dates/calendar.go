package dates

// Calendar dates, years and decades, weekdays and holidays, and how a date
// without a year is placed by the tense of its clause.

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/herald-news/herald/extractors/schema"
)

// secondDay reads the day after "and" or "to" that shares the month of
// the date m before it: "April 24 and 25", "March 3 to 5".
func (p *parser) secondDay(m match) (match, bool) {
	k := m.last
	if !p.is(k, "and", "to", "through", "-", "–") || m.typ != schema.TypeDate {
		return match{}, false
	}
	d, ok := p.day(k + 1)
	if !ok || !isDigits(p.w(k+1)) || unitFollows(p, k+2) || p.is(k+2, ":", "%", "percent") {
		return match{}, false
	}
	// "April 24 and 25 people": a count takes a noun after it
	if n := p.w(k + 2); n != "" && n[0] >= 'a' && n[0] <= 'z' && !p.is(k+2, "in", "at", "on", "of", "for", "when", "with", "and", "to", "at", "as", "after", "before", "during", "respectively") {
		return match{}, false
	}
	first := m.val(ref{}, nil)
	if len(first) != 10 {
		return match{}, false
	}
	inner := m.val
	mt := match{first: k + 1, last: k + 2, typ: schema.TypeDate, rel: m.rel}
	mt.val = func(r ref, c *discourse) string {
		v := inner(r, c)
		if len(v) != 10 {
			return v
		}
		return fmt.Sprintf("%s-%02d", v[:7], d)
	}
	return mt, true
}

// day reads a day of the month: "16", "16th", "sixteenth".
func (p *parser) day(i int) (int, bool) {
	w := p.w(i)
	if isDigits(w) && len(w) <= 2 {
		n, _ := strconv.Atoi(w)
		return n, n >= 1 && n <= 31
	}
	if n, ok := ordinalWord(w); ok && n <= 31 {
		return n, true
	}
	return 0, false
}

// year reads a four-digit year at i ("2019"), or a spoken one ("nineteen
// ninety-six").
func (p *parser) year(i int) (int, int, bool) {
	w := p.w(i)
	if len(w) == 4 && isDigits(w) {
		y, _ := strconv.Atoi(w)
		if y >= 1000 && y <= 2199 {
			return y, i + 1, true
		}
	}
	if w == "nineteen" || w == "twenty" {
		century := 19
		if w == "twenty" {
			century = 20
		}
		if n, ok := wordNumber(p.w(i + 1)); ok && n >= 10 && n < 100 {
			return century*100 + n, i + 2, true
		}
		if t, ok := tens[p.w(i+1)]; ok {
			if u, ok := numberWords[p.w(i+2)]; ok && u < 10 && p.w(i+2) != "a" && p.w(i+2) != "an" {
				return century*100 + t + u, i + 3, true
			}
		}
	}
	if w == "two" && p.is(i+1, "thousand") {
		j := i + 2
		y := 2000
		if p.is(j, "and") {
			if n, ok := wordNumber(p.w(j + 1)); ok && n < 100 {
				return y + n, j + 2, true
			}
		}
		if n, ok := wordNumber(p.w(j)); ok && n < 100 {
			return y + n, j + 1, true
		}
		return y, j, true
	}
	return 0, i, false
}

// monthAt reads a month name at i: capitalised, and the short forms only
// before a day.
func (p *parser) monthAt(i int) (time.Month, bool) {
	m, ok := months[p.w(i)]
	if !ok || !p.up[i] {
		return 0, false
	}
	if monthNeedsDay[p.w(i)] {
		if _, ok := p.day(i + 1); !ok {
			return 0, false
		}
	}
	if p.w(i) == "may" || p.w(i) == "march" {
		// "May" the modal and "March" the verb open sentences; as months
		// they are followed by a day or year, or follow a preposition.
		_, dayNext := p.day(i + 1)
		_, _, yearNext := p.year(i + 1)
		if !dayNext && !yearNext && !p.is(i-1, "in", "of", "since", "until", "by", "from", "early", "late", "mid", "last", "next", "this", "through", "before", "after", "during", "to", "on", "the") {
			return 0, false
		}
		// "the March accession", but "the March on Washington", "May Day"
		if !dayNext && !yearNext && p.is(i-1, "the") && (p.up[min(i+1, len(p.up)-1)] || p.is(i+1, "on", "of", "to", "for", "against", "through", "")) {
			return 0, false
		}
	}
	return m, true
}

// calendarDate reads "January 16", "Jan. 16, 2019", "16 January 2019",
// "the 16th of January", "January 2019", "January", with an optional
// weekday before ("Monday, Oct. 26").
func (p *parser) calendarDate(i int) (match, bool) {
	j := i
	if _, ok := weekdays[p.w(j)]; ok {
		j++
		if p.is(j, ",") {
			j++
		}
		if _, ok := p.monthAt(j); !ok {
			if _, ok := p.day(j); !ok {
				return match{}, false
			}
		}
	}
	var (
		m       time.Month
		d, y    int
		hasYear bool
	)
	if a, b, ok := strings.Cut(p.w(j), "-"); ok && (a == "mid" || a == "early" || a == "late") && j == i {
		// "mid-November"
		if mm, ok := months[b]; ok && !monthNeedsDay[b] {
			return p.monthOnly(i, j+1, mm), true
		}
	}
	if mm, ok := p.monthAt(j); ok {
		m = mm
		j++
		if dd, ok := p.dayOfMonth(j); ok {
			d = dd
			j++
			k := j
			if p.is(k, ",") {
				k++
			}
			if yy, k2, ok := p.year(k); ok {
				y, hasYear, j = yy, true, k2
			}
		} else {
			k := j
			if p.is(k, ",", "of") {
				k++
			}
			if yy, k2, ok := p.year(k); ok {
				y, hasYear, j = yy, true, k2
			} else if p.is(j, "this", "last", "next") && p.is(j+1, "year") {
				// "February this year", "July last year"
				off := yearOffsets[p.w(j)]
				mt := match{first: i, last: j + 2, typ: schema.TypeDate, rel: true}
				mt.val = func(r ref, _ *discourse) string {
					if !r.ok {
						return fmt.Sprintf("XXXX-%02d", int(m))
					}
					return fmtMonth(r.year()+off, m)
				}
				return mt, true
			}
		}
	} else {
		k := j
		if p.is(k, "the") {
			k++
		}
		dd, ok := p.day(k)
		if !ok {
			return match{}, false
		}
		k++
		if p.is(k, "of") {
			k++
		}
		// "5 January", "5 Jan 2026": a short form is a month after a day too
		mm, ok := months[p.w(k)]
		if !ok || !p.up[k] || (p.w(k) == "may" || p.w(k) == "march") && !p.is(k+1, ",", ".", "") && !isDigits(p.w(k+1)) {
			return match{}, false
		}
		d, m, j = dd, mm, k+1
		if yy, k2, ok := p.year(j); ok {
			y, hasYear, j = yy, true, k2
		} else if p.is(j, ",") {
			if yy, k2, ok := p.year(j + 1); ok {
				y, hasYear, j = yy, true, k2
			}
		}
	}
	mt := match{first: i, last: j, typ: schema.TypeDate}
	switch {
	case hasYear && d > 0:
		mt.val = constant(fmtDay(time.Date(y, m, d, 0, 0, 0, 0, time.UTC)))
	case hasYear:
		mt.val = constant(fmtMonth(y, m))
	case d > 0:
		dir := p.tenseAt(i, j)
		mt.rel = true
		mt.val = func(r ref, _ *discourse) string {
			if !r.ok {
				return fmt.Sprintf("XXXX-%02d-%02d", int(m), d)
			}
			return fmtDay(nearestDay(r, m, d, dir))
		}
	default:
		return p.monthOnly(i, j, m), true
	}
	return mt, true
}

// monthOnly resolves a month without a year, "in January", by tense.
func (p *parser) monthOnly(i, j int, m time.Month) match {
	dir := p.tenseAt(i, j)
	mt := match{first: i, last: j, typ: schema.TypeDate, rel: true}
	mt.val = func(r ref, _ *discourse) string {
		if !r.ok {
			return fmt.Sprintf("XXXX-%02d", int(m))
		}
		return fmtMonth(nearestMonth(r, m, dir), m)
	}
	return mt
}

// dayOfMonth reads the day after a month's name at i: not a clock time
// ("January 5:30") nor a count ("January 5 years").
func (p *parser) dayOfMonth(i int) (int, bool) {
	d, ok := p.day(i)
	if !ok || p.is(i+1, ":") && isDigits(p.w(i+2)) || unitFollows(p, i+1) {
		return 0, false
	}
	return d, true
}

// unitFollows reports a unit noun at i ("January 5 years" is no date).
func unitFollows(p *parser, i int) bool {
	u, _ := unitWord(p.w(i))
	return u != uNone
}

// tenseReach is how far the tense may send a date without a year from the
// reference: "payable Dec. 7" after a verb in the past is still next
// month's Dec. 7, not one eleven months ago.
const tenseReach = 240 * 24 * time.Hour

// nearestDay places month m day d in the year the tense points to: the
// last such day on or before the reference in the past, the next on or after
// it in the future, when that is within reach; else the closest.
func nearestDay(r ref, m time.Month, d int, dir int) time.Time {
	y := r.year()
	at := func(y int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	past, future := at(y), at(y)
	if past.After(r.t) {
		past = at(y - 1)
	}
	if future.Before(r.t) {
		future = at(y + 1)
	}
	switch {
	case dir == dirStrongPast || dir == dirPast && r.t.Sub(past) <= tenseReach:
		return past
	case dir == dirStrongFuture || dir == dirFuture && future.Sub(r.t) <= tenseReach:
		return future
	case r.t.Sub(past) <= future.Sub(r.t):
		return past
	}
	return future
}

// nearestMonth gives the year of month m as nearestDay does for days.
func nearestMonth(r ref, m time.Month, dir int) int {
	y := r.year()
	back := (int(r.month()) - int(m) + 12) % 12 // months back to the last m
	ahead := (int(m) - int(r.month()) + 12) % 12
	pastY, futY := y, y
	if m > r.month() {
		pastY = y - 1
	}
	if m < r.month() {
		futY = y + 1
	}
	switch {
	case dir == dirStrongPast || dir == dirPast && back <= 8:
		return pastY
	case dir == dirStrongFuture || dir == dirFuture && ahead <= 8:
		return futY
	case back <= ahead:
		return pastY
	}
	return futY
}

// numericDate reads "2019-01-16", "1/16/2019", "16/1/2019" (a first number
// over 12 is a day), "2019/01/16", "16.01.2019".
func (p *parser) numericDate(i int) (match, bool) {
	w := p.w(i)
	mk := func(y, m, d, last int) (match, bool) {
		if m < 1 || m > 12 || d < 1 || d > 31 || y < 1000 {
			return match{}, false
		}
		return match{first: i, last: last, typ: schema.TypeDate, val: constant(fmtDay(time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)))}, true
	}
	if parts := strings.Split(w, "-"); len(parts) == 3 && len(parts[0]) == 4 && allDigits(parts) {
		y, _ := strconv.Atoi(parts[0])
		m, _ := strconv.Atoi(parts[1])
		d, _ := strconv.Atoi(parts[2])
		return mk(y, m, d, i+1)
	}
	// "2026-02-05T10:00Z": the tokenizer leaves "2026-02-05t10", ":", "00z"
	if date, hour, ok := strings.Cut(w, "t"); ok && len(hour) == 2 && isDigits(hour) && p.is(i+1, ":") && len(p.w(i+2)) >= 2 && isDigits(p.w(i + 2)[:2]) {
		parts := strings.Split(date, "-")
		if len(parts) == 3 && len(parts[0]) == 4 && allDigits(parts) {
			if m, ok := mk(atoi(parts[0]), atoi(parts[1]), atoi(parts[2]), i+3); ok {
				day := m.val(ref{}, nil)
				m.typ = schema.TypeTime
				m.val = constant(day + "T" + hour + ":" + p.w(i + 2)[:2])
				return m, true
			}
		}
	}
	if parts := strings.Split(w, "."); len(parts) == 3 && len(parts[2]) == 4 && allDigits(parts) {
		d, _ := strconv.Atoi(parts[0])
		m, _ := strconv.Atoi(parts[1])
		y, _ := strconv.Atoi(parts[2])
		return mk(y, m, d, i+1)
	}
	if isDigits(w) && len(w) <= 2 && p.w(i+1) == "/" && isDigits(p.w(i+2)) && p.w(i+3) == "/" && len(p.w(i+4)) == 4 && isDigits(p.w(i+4)) {
		m, _ := strconv.Atoi(w)
		d, _ := strconv.Atoi(p.w(i + 2))
		y, _ := strconv.Atoi(p.w(i + 4))
		if m > 12 && d <= 12 {
			// "15/01/2019": only a day comes first; "01/02/2019" stays
			// American, month first
			m, d = d, m
		}
		return mk(y, m, d, i+5)
	}
	if len(w) == 4 && isDigits(w) && p.w(i+1) == "/" && isDigits(p.w(i+2)) && len(p.w(i+2)) <= 2 && p.w(i+3) == "/" && isDigits(p.w(i+4)) && len(p.w(i+4)) <= 2 {
		// "2019/01/15"
		return mk(atoi(w), atoi(p.w(i+2)), atoi(p.w(i+4)), i+5)
	}
	return match{}, false
}

// yearExpr reads "1987", "the 1980s", "the '90s", "the eighties", "mid-2019",
// "fiscal 1989", "the year 2000", "nineteen ninety-six".
func (p *parser) yearExpr(i int) (match, bool) {
	j := i
	if p.is(j, "the") {
		j++
	}
	w := p.w(j)
	// Decades.
	if dec, ok := decadeOf(w); ok {
		return match{first: i, last: j + 1, typ: schema.TypeDate, val: constant(dec)}, true
	}
	if (w == "'" || w == "’") && strings.HasSuffix(p.w(j+1), "0s") && len(p.w(j+1)) == 3 && p.d.Tokens[j+1].Start == p.d.Tokens[j].End {
		n, _ := strconv.Atoi(p.w(j + 1)[:1])
		century := "19"
		if n <= 2 {
			century = "20"
		}
		return match{first: i, last: j + 2, typ: schema.TypeDate, val: constant(century + strconv.Itoa(n) + "X")}, true
	}
	if d := decadeWords[w]; d > 0 && j > i {
		return match{first: i, last: j + 1, typ: schema.TypeDate, val: constant("19" + strconv.Itoa(d) + "X")}, true
	}
	// "the 20th century": 19
	if n, ok := ordinalWord(w); ok && n >= 1 && n <= 22 && p.is(j+1, "century") {
		return match{first: i, last: j + 2, typ: schema.TypeDate, val: constant(fmt.Sprintf("%02d", n-1))}, true
	}
	// Compounds: "mid-2019", "mid-1990s", "post-1959", "pre-war" is none.
	if a, b, ok := strings.Cut(w, "-"); ok && (a == "mid" || a == "post" || a == "pre" || a == "early" || a == "late") {
		if len(b) == 4 && isDigits(b) {
			return match{first: i, last: j + 1, typ: schema.TypeDate, val: constant(b)}, true
		}
		if dec, ok := decadeOf(b); ok {
			return match{first: i, last: j + 1, typ: schema.TypeDate, val: constant(dec)}, true
		}
	}
	// "fiscal 1989", "fiscal year 1989", "FY2019", "the year 2000".
	if w == "fiscal" || w == "year" {
		k := j + 1
		if w == "fiscal" && p.is(k, "year") {
			k++
		}
		if y, k2, ok := p.year(k); ok {
			return match{first: i, last: k2, typ: schema.TypeDate, val: constant(fmtYear(y))}, true
		}
		return match{}, false
	}
	if strings.HasPrefix(w, "fy") && len(w) == 6 && isDigits(w[2:]) {
		return match{first: i, last: j + 1, typ: schema.TypeDate, val: constant(w[2:])}, true
	}
	if j > i {
		return match{}, false // "the 1987 treaty": the year alone, below
	}
	y, k, ok := p.year(j)
	if !ok || !p.plausibleYear(j, k, y) {
		return match{}, false
	}
	return match{first: i, last: k, typ: schema.TypeDate, val: constant(fmtYear(y))}, true
}

// decadeOf reads "1980s", "1980's", "1900s" (a century: 19XX).
func decadeOf(w string) (string, bool) {
	w = strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "’s")
	if len(w) == 5 && w[4] == 's' && isDigits(w[:4]) && w[3] == '0' {
		if w[2] == '0' && w[1] != '0' {
			return w[:2] + "XX", true
		}
		return w[:3] + "X", true
	}
	return "", false
}

// nameBefore reports a capitalised word before token i that is no word of
// time and does not open the sentence: the number belongs to a name.
func (p *parser) nameBefore(i int) bool {
	k := i - 1
	if k < 0 || !p.up[k] || !p.adjacent(i) || p.poss[k] {
		return false // "Trump's 1995 tax return" is a year
	}
	if s := p.d.SentenceAt(p.d.Tokens[k].Start); s >= 0 && p.d.Sentences[s].First == k {
		return false // "Since 1949", "In 1987"
	}
	w := p.low[k]
	if _, ok := months[w]; ok {
		return false
	}
	if _, ok := seasons[w]; ok {
		return false
	}
	r, _ := utf8.DecodeRuneInString(p.d.Tokens[k].Text)
	return unicode.IsLetter(r) && !startWords[w] && !prepositions[w]
}

// prepositions before a year, capitalised after a colon or in a headline:
// "…: By 2019, the trade war…".
var prepositions = map[string]bool{
	"by": true, "in": true, "since": true, "until": true, "from": true, "of": true,
	"before": true, "after": true, "through": true, "during": true, "at": true, "on": true,
	"to": true, "for": true, "circa": true, "and": true, "or": true,
}

// plausibleYear tells a year from a count: "in 1987", "the 1987 treaty",
// not "1987 missiles", "$2000", "about 1999 people".
func (p *parser) plausibleYear(i, k, y int) bool {
	if len(p.w(i)) != 4 {
		return k-i >= 2 || p.is(i-1, "in", "of", "since", "until", "by", "from", "year") // "nineteen ninety-six"
	}
	if notYearBefore[p.w(i-1)] || notYearAfter[p.w(k)] {
		return false
	}
	if p.nameBefore(i) {
		return false // "Windows 2000", "Orion 1980": a name, a model
	}
	if i > 0 && p.d.Tokens[i-1].End == p.d.Tokens[i].Start && !p.is(i-1, "(", "“", "\"", "‘", "'") {
		return false // glued to what precedes: "$2000", "#1987"
	}
	if p.is(k, ":", ".") && isDigits(p.w(k+1)) || p.is(k, "-", "–", "to") && isDigits(p.w(k+1)) && len(p.w(k+1)) != 4 && len(p.w(k+1)) != 2 {
		return false
	}
	if y < 1800 || y > 2100 {
		return p.is(i-1, "in", "since", "of", "until", "from", "year", "before", "after", "by")
	}
	return true
}

// weekdayExpr reads "Monday", "last Friday", "next Tuesday", "Friday
// morning", "Sunday night", "Fridays" (a set).
func (p *parser) weekdayExpr(i int) (match, bool) {
	j := i
	mod := ""
	if p.is(j, "last", "next", "this", "coming", "past", "previous") {
		mod = p.w(j)
		j++
	}
	w := p.w(j)
	plural := false
	wd, ok := weekdays[w]
	if !ok && strings.HasSuffix(w, "s") {
		wd, ok = weekdays[w[:len(w)-1]]
		plural = ok
	}
	if !ok || !p.up[j] {
		return match{}, false
	}
	j++
	iso := int(wd)
	if iso == 0 {
		iso = 7
	}
	if plural {
		if mod != "" {
			return match{}, false
		}
		return match{first: i, last: j, typ: schema.TypeSet, val: constant(fmt.Sprintf("XXXX-WXX-%d", iso))}, true
	}
	part := ""
	if code, ok := dayParts[p.w(j)]; ok && p.w(j) != "overnight" {
		part, j = code, j+1
	}
	dir := dirPast
	switch mod {
	case "next", "coming":
		dir = dirFuture
	case "this":
		dir = sign(p.tenseAt(i, j))
		if dir == dirNone {
			dir = dirFuture
		}
	case "":
		raw := p.tenseAt(i, j)
		dir = sign(raw)
		switch {
		case raw == dirOpen:
			dir = dirOpen // "had been due to expire Friday": the nearest Friday
		case p.is(i-2, "ahead") && p.is(i-1, "of"):
			// "ahead of Thursday's talks": a day to come, unless the
			// clause tells of the past ("shares rose ahead of Friday's
			// report"), where it is the nearest such day
			dir = dirFuture
			if sign(raw) == dirPast {
				dir = dirOpen
			}
		case p.poss[i] && (raw == dirFuture || raw == dirPast):
			// "ways to get around Wednesday's ruling": a day named for
			// its event takes no tense from a verb further off; the
			// event is past unless a marker next to it says otherwise
			dir = dirPast
		case dir == dirNone:
			dir = dirPast
		}
	}
	strict := mod == "last" || mod == "next" || mod == "past" || mod == "previous"
	mt := match{first: i, last: j, typ: schema.TypeDate, rel: true}
	if part != "" {
		mt.typ = schema.TypeTime
	}
	// "the previous Friday", "the preceding Monday": the one before the
	// day the story is at, when it named one
	story := mod == "previous" && p.is(i-1, "the")
	mt.narrative = story
	mt.val = func(r ref, c *discourse) string {
		if !r.ok {
			v := fmt.Sprintf("XXXX-WXX-%d", iso)
			if part != "" {
				v += "T" + part
			}
			return v
		}
		if story && c != nil && len(c.last) == 10 {
			if t, ok := ParseValue(c.last); ok {
				r = newRef(t)
			}
		}
		t := weekdayFrom(r, wd, dir, strict)
		if part != "" {
			return fmtDay(t) + "T" + part
		}
		return fmtDay(t)
	}
	return mt, true
}

// weekdayFrom finds weekday wd from the reference in direction dir: the
// reference day itself counts unless strict; dirOpen gives the nearest.
func weekdayFrom(r ref, wd time.Weekday, dir int, strict bool) time.Time {
	diff := int(wd) - int(r.weekday())
	if dir == dirOpen {
		// the nearest: three days back at most, three ahead
		if diff > 3 {
			diff -= 7
		} else if diff < -3 {
			diff += 7
		}
		return r.t.AddDate(0, 0, diff)
	}
	if dir == dirFuture {
		if diff < 0 || (diff == 0 && strict) {
			diff += 7
		}
	} else {
		if diff > 0 || (diff == 0 && strict) {
			diff -= 7
		}
	}
	return r.t.AddDate(0, 0, diff)
}

// holiday reads "Christmas", "Christmas Eve", "New Year's Day",
// "Thanksgiving", "Election Day".
func (p *parser) holiday(i int) (match, bool) {
	if !p.up[i] {
		return match{}, false
	}
	var best match
	found := false
	key := ""
	for k := i; k < i+3 && k < len(p.low); k++ {
		if k > i {
			key += " "
		}
		key += strings.ToLower(p.d.Tokens[k].Text)
		key = strings.ReplaceAll(key, "’", "'")
		md, ok := holidays[key]
		float, floating := floatingHolidays[key]
		week := false
		if f, ok := holidayWeeks[key]; ok {
			float, floating, week = f, true, true
		}
		if !ok && !floating {
			continue
		}
		last := k + 1
		year := 0
		if y, k2, ok := p.year(last); ok && len(p.w(last)) == 4 {
			year, last = y, k2 // "Easter 2024", "Christmas 2019"
		}
		dir := p.tenseAt(i, last)
		mt := match{first: i, last: last, typ: schema.TypeDate, rel: year == 0}
		mt.val = func(r ref, _ *discourse) string {
			if floating {
				return floatingHoliday(float, week, year, dir, r)
			}
			if year > 0 {
				return fmt.Sprintf("%04d-%02d-%02d", year, int(md.m), md.d)
			}
			if !r.ok {
				return fmt.Sprintf("XXXX-%02d-%02d", int(md.m), md.d)
			}
			return fmtDay(nearestDay(r, md.m, md.d, dir))
		}
		best, found = mt, true
	}
	return best, found
}

// floatingHolidays fall on a weekday of a month: Thanksgiving is the fourth
// Thursday of November, Election Day the Tuesday after the first Monday of
// November.
var floatingHolidays = map[string]func(y int) time.Time{
	"thanksgiving":     func(y int) time.Time { return nthWeekday(y, time.November, time.Thursday, 4) },
	"thanksgiving day": func(y int) time.Time { return nthWeekday(y, time.November, time.Thursday, 4) },
	"election day":     func(y int) time.Time { return nthWeekday(y, time.November, time.Monday, 1).AddDate(0, 0, 1) },
	"labor day":        func(y int) time.Time { return nthWeekday(y, time.September, time.Monday, 1) },
	"memorial day":     func(y int) time.Time { return nthWeekday(y, time.June, time.Monday, 1).AddDate(0, 0, -7) },
	"easter":           easter,
	"easter sunday":    easter,
	"easter monday":    func(y int) time.Time { return easter(y).AddDate(0, 0, 1) },
	"good friday":      func(y int) time.Time { return easter(y).AddDate(0, 0, -2) },
	"palm sunday":      func(y int) time.Time { return easter(y).AddDate(0, 0, -7) },
	"orthodox easter":  orthodoxEaster,
}

// floatingHoliday is the value of a holiday that moves from year to year,
// day giving it in a year: in year when the text names one ("Easter
// 2024"), else the one dir points to from r; a week holiday (Holy Week)
// is the ISO week ending on its day, which runs the six days before it.
func floatingHoliday(day func(y int) time.Time, week bool, year, dir int, r ref) string {
	format := fmtDay
	if week {
		format = fmtWeek
	}
	switch {
	case year > 0:
		return format(day(year))
	case !r.ok:
		return unknownHoliday(day, week)
	}
	t := day(r.year())
	first, last := t, t
	if week {
		first = t.AddDate(0, 0, -6)
	}
	switch {
	case sign(dir) == dirPast && first.After(r.t):
		t = day(r.year() - 1)
	case sign(dir) == dirFuture && last.Before(r.t):
		t = day(r.year() + 1)
	}
	return format(t)
}

// unknownHoliday is a floating holiday with no year to place it in: its
// month when every year has it in the same one (Labor Day, XXXX-09-XX),
// else only that it is a day or a week (Easter falls in March or April,
// Orthodox Easter in April or May).
func unknownHoliday(day func(y int) time.Time, week bool) string {
	if week {
		return "XXXX-WXX"
	}
	if m, ok := fixedMonth(day); ok {
		return fmt.Sprintf("XXXX-%02d-XX", int(m))
	}
	return "XXXX-XX-XX"
}

// lunarCycleStart and lunarCycle are the years fixedMonth looks at: the
// 19 years of a Metonic cycle, over which the Easters take every month
// they can fall in.
const (
	lunarCycleStart = 2000
	lunarCycle      = 19
)

// fixedMonth gives the month day falls in every year, if there is one.
func fixedMonth(day func(y int) time.Time) (time.Month, bool) {
	m := day(lunarCycleStart).Month()
	for y := lunarCycleStart + 1; y < lunarCycleStart+lunarCycle; y++ {
		if day(y).Month() != m {
			return 0, false
		}
	}
	return m, true
}

// holidayWeeks are weeks named for a floating holiday, given by a day of
// them: Holy Week and Easter week end on Easter Sunday, in its ISO week.
var holidayWeeks = map[string]func(y int) time.Time{
	"easter week": easter,
	"holy week":   easter,
}

// easter is Western Easter Sunday of year y, by the Gregorian computus
// (the anonymous algorithm of Meeus, "Astronomical Algorithms", ch. 8).
func easter(y int) time.Time {
	a, b, c := y%19, y/100, y%100
	d, e := b/4, b%4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i, k := c/4, c%4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	day := (h+l-7*m+114)%31 + 1
	return time.Date(y, time.Month(month), day, 0, 0, 0, 0, time.UTC)
}

// orthodoxEaster is Easter Sunday of the Eastern churches in year y: the
// Julian computus (Meeus), moved to the Gregorian calendar, 13 days ahead
// from 1900 to 2099.
func orthodoxEaster(y int) time.Time {
	a, b, c := y%4, y%7, y%19
	d := (19*c + 15) % 30
	e := (2*a + 4*b - d + 34) % 7
	month := (d + e + 114) / 31
	day := (d+e+114)%31 + 1
	return time.Date(y, time.Month(month), day, 0, 0, 0, 0, time.UTC).AddDate(0, 0, 13)
}

// nthWeekday is the n-th weekday wd of month m of year y.
func nthWeekday(y int, m time.Month, wd time.Weekday, n int) time.Time {
	t := time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)
	for t.Weekday() != wd {
		t = t.AddDate(0, 0, 1)
	}
	return t.AddDate(0, 0, 7*(n-1))
}
