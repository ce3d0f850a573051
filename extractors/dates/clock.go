package dates

// Clock times ("3 p.m.", "10:30 a.m. EST", "noon Thursday").

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/herald-news/herald/extractors/schema"
)

var ampm = map[string]int{"a.m.": 0, "am": 0, "a.m": 0, "p.m.": 12, "pm": 12, "p.m": 12}

var zones = map[string]bool{
	"gmt": true, "utc": true, "est": true, "edt": true, "cst": true, "cdt": true, "mst": true,
	"mdt": true, "pst": true, "pdt": true, "cet": true, "cest": true, "bst": true, "msk": true,
	"z": true, "zulu": true,
}

// clockTime reads "3 p.m.", "10:30 a.m. EST", "15:00 GMT", "4 in the
// morning", "noon Thursday".
func (p *parser) clockTime(i int) (match, bool) {
	w := p.w(i)
	if len(w) == 4 && isDigits(w) && zones[p.w(i+1)] {
		// "1400 GMT": the military clock
		h, m := atoi(w[:2]), atoi(w[2:])
		if h > 24 || m > 59 {
			return match{}, false
		}
		return p.clockOn(i, i+2, fmt.Sprintf("T%02d:%02d", h, m)), true
	}
	if !isDigits(w) || len(w) > 2 {
		return match{}, false
	}
	h, _ := strconv.Atoi(w)
	minute := 0
	j := i + 1
	hasMin := false
	if p.is(j, ":", ".") && isDigits(p.w(j+1)) && len(p.w(j+1)) == 2 && p.d.Tokens[j].Start == p.d.Tokens[i].End {
		minute, _ = strconv.Atoi(p.w(j + 1))
		j += 2
		hasMin = true
	}
	if off, ok := ampm[p.w(j)]; ok {
		if h < 1 || h > 12 {
			return match{}, false
		}
		h = h%12 + off
		j++
	} else if p.is(j, "o'clock", "o’clock") {
		j++
	} else if p.is(j, "in") && p.is(j+1, "the") && p.is(j+2, "morning", "afternoon", "evening") {
		if p.w(j+2) != "morning" && h < 12 {
			h += 12
		}
		j += 3
	} else if !hasMin || !zones[p.w(j)] && !p.is(i-1, "at", "by", "until", "before", "after", "from") {
		return match{}, false
	}
	if h > 24 || minute > 59 {
		return match{}, false
	}
	if zones[p.w(j)] {
		j++
	}
	return p.clockOn(i, j, fmt.Sprintf("T%02d:%02d", h, minute)), true
}

// clockOn makes a time reading [i, j) of clock ("T15:00"), on the day
// that follows when one does ("10 p.m. Wednesday", "noon Thursday",
// "5 p.m. EST Nov. 9"), else on the reference day.
func (p *parser) clockOn(i, j int, clock string) match {
	if p.is(j, "local") && p.is(j+1, "time") {
		j += 2
	}
	mt := match{first: i, last: j, typ: schema.TypeTime, rel: true}
	k := j
	if p.is(k, "(") {
		// "9 a.m. local time (0600 GMT) on Friday": the day follows the
		// aside
		for m := k + 1; m < len(p.low) && m <= k+5; m++ {
			if p.is(m, ")") {
				k = m + 1
				break
			}
		}
	}
	if p.is(k, "on") || p.is(k, ",") && !p.is(k+1, "on") {
		k++
	}
	if k < len(p.low) && p.adjacent(k) {
		var day match
		ok := false
		if d, ok1 := p.weekdayExpr(k); ok1 && d.typ == schema.TypeDate {
			day, ok = d, true
		} else if d, ok1 := p.calendarDate(k); ok1 {
			day, ok = d, true
		} else if d, ok1 := p.deictic(k); ok1 && d.typ == schema.TypeDate && d.rel {
			day, ok = d, true
		}
		if ok {
			if v := day.val(ref{}, nil); len(v) >= 10 && v[7] == '-' || strings.Contains(v, "-W") {
				mt.last, mt.rel = day.last, day.rel
				mt.val = func(r ref, c *discourse) string {
					v := day.val(r, c)
					if len(v) != 10 {
						return v
					}
					return v + clock
				}
				return mt
			}
		}
	}
	sent := p.d.SentenceAt(p.d.Tokens[i].Start)
	mt.val = func(r ref, c *discourse) string {
		if day, ok := c.dayIn(sent); ok {
			return day + clock
		}
		if !r.ok {
			return "XXXX-XX-XX" + clock
		}
		return fmtDay(r.t) + clock
	}
	return mt
}
