package dates

import (
	"strconv"
	"strings"
	"time"
)

// The word tables of the grammar. Every key is lower case; the grammar looks
// words up after lower-casing them and dropping a possessive "'s".

var months = map[string]time.Month{
	"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6,
	"july": 7, "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
	"jan.": 1, "feb.": 2, "mar.": 3, "apr.": 4, "jun.": 6, "jul.": 7, "aug.": 8,
	"sep.": 9, "sept.": 9, "oct.": 10, "nov.": 11, "dec.": 12,
	"jan": 1, "feb": 2, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
	"oct": 10, "nov": 11, "dec": 12,
}

// monthNeedsDay lists month forms that are months only before a day number
// ("Jan 5"), never alone.
var monthNeedsDay = map[string]bool{
	"jan": true, "feb": true, "apr": true, "jun": true, "jul": true, "aug": true,
	"sep": true, "sept": true, "oct": true, "nov": true, "dec": true,
}

var weekdays = map[string]time.Weekday{
	"monday": time.Monday, "tuesday": time.Tuesday, "wednesday": time.Wednesday,
	"thursday": time.Thursday, "friday": time.Friday, "saturday": time.Saturday,
	"sunday": time.Sunday,
	"mon.":   time.Monday, "tue.": time.Tuesday, "tues.": time.Tuesday, "wed.": time.Wednesday,
	"thu.": time.Thursday, "thur.": time.Thursday, "thurs.": time.Thursday, "fri.": time.Friday,
	"sat.": time.Saturday, "sun.": time.Sunday,
}

// Seasons, with the TIMEX3 code and the month each starts in (northern).
type season struct {
	code  string
	index int // 0 winter .. 3 fall, in the order a year meets them
}

var seasons = map[string]season{
	"winter": {"WI", 0}, "spring": {"SP", 1}, "summer": {"SU", 2}, "fall": {"FA", 3}, "autumn": {"FA", 3},
}

// seasonOf gives the season a month falls in.
func seasonOf(m time.Month) int {
	switch {
	case m <= 2 || m == 12:
		return 0
	case m <= 5:
		return 1
	case m <= 8:
		return 2
	}
	return 3
}

// dayOffsets are the days "today", "tomorrow" and "yesterday" name, from
// the reference day.
var dayOffsets = map[string]int{"today": 0, "tomorrow": 1, "yesterday": -1}

// yearOffsets are the years "this year", "last year" and "next year" name,
// from the reference year.
var yearOffsets = map[string]int{"this": 0, "last": -1, "next": 1}

// Parts of the day, as TIMEX3 time suffixes.
var dayParts = map[string]string{
	"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI",
	"overnight": "NI",
}

// unit is a calendar or clock unit.
type unit int

const (
	uNone unit = iota
	uSecond
	uMinute
	uHour
	uDay
	uWeek
	uMonth
	uQuarter
	uYear
	uDecade
	uCentury
)

var units = map[string]unit{
	"second": uSecond, "minute": uMinute, "hour": uHour, "day": uDay, "week": uWeek,
	"fortnight": uWeek, "month": uMonth, "quarter": uQuarter, "year": uYear,
	"decade": uDecade, "century": uCentury, "yr": uYear, "min": uMinute, "sec": uSecond,
	"hr": uHour, "mo": uMonth,
}

// unitWord reads a unit noun, singular or plural ("years", "centuries").
func unitWord(w string) (u unit, plural bool) {
	if u, ok := units[w]; ok {
		return u, false
	}
	switch {
	case w == "centuries":
		return uCentury, true
	case w == "fortnights":
		return uWeek, true
	case strings.HasSuffix(w, "s"):
		if u, ok := units[w[:len(w)-1]]; ok && u != uQuarter {
			return u, true
		}
		if w == "quarters" {
			return uQuarter, true
		}
	}
	return uNone, false
}

// Small numbers written as words.
var numberWords = map[string]int{
	"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
	"eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
	"fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
	"nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
	"seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "a": 1, "an": 1,
	"dozen": 12, "single": 1,
}

var tens = map[string]int{
	"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
	"eighty": 80, "ninety": 90,
}

// vague quantities give an X in a duration ("several years": PXY).
var vagueNumbers = map[string]bool{
	"several": true, "few": true, "many": true, "some": true, "numerous": true,
	"couple": true, "dozens": true, "hundreds": true, "thousands": true,
}

var ordinals = map[string]int{
	"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
	"seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
	"thirteenth": 13, "fourteenth": 14, "fifteenth": 15, "sixteenth": 16,
	"seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20,
	"twenty-first": 21, "thirtieth": 30, "thirty-first": 31,
	"1st": 1, "2nd": 2, "3rd": 3, "4th": 4,
}

// ordinalWord reads "third", "3rd", "21st", "16th".
func ordinalWord(w string) (int, bool) {
	if n, ok := ordinals[w]; ok {
		return n, true
	}
	for _, suf := range []string{"st", "nd", "rd", "th"} {
		if strings.HasSuffix(w, suf) {
			if n, err := strconv.Atoi(w[:len(w)-len(suf)]); err == nil && n > 0 {
				return n, true
			}
		}
	}
	return 0, false
}

// decadeWords are decades written out ("the eighties").
var decadeWords = map[string]int{
	"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6,
	"seventies": 7, "eighties": 8, "nineties": 9,
}

// Sets: "daily", "weekly".
var setWords = map[string]string{
	"daily": "P1D", "nightly": "P1D", "weekly": "P1W", "monthly": "P1M", "yearly": "P1Y",
	"annually": "P1Y", "annual": "", "quarterly": "P3M", "hourly": "PT1H",
	"biweekly": "P2W", "semiannually": "P6M", "semiannual": "",
}

// Fixed-date holidays.
type monthDay struct {
	m time.Month
	d int
}

var holidays = map[string]monthDay{
	"christmas": {12, 25}, "christmas day": {12, 25}, "christmas eve": {12, 24},
	"new year's day": {1, 1}, "new year's eve": {12, 31}, "new year": {1, 1},
	"independence day": {7, 4}, "valentine's day": {2, 14}, "halloween": {10, 31},
	"bastille day": {7, 14}, "victory day": {5, 9}, "veterans day": {11, 11},
}

// Words that follow a year-like number and show it is a count instead
// ("1987 missiles", "2000 people").
var notYearAfter = map[string]bool{
	"%": true, "percent": true, "people": true, "troops": true, "soldiers": true,
	"missiles": true, "kilometers": true, "kilometres": true, "miles": true,
	"meters": true, "metres": true, "tons": true, "tonnes": true, "dollars": true,
	"euros": true, "shares": true, "barrels": true, "units": true, "workers": true,
	"employees": true, "feet": true, "pounds": true, "cars": true, "jobs": true,
	"km": true, "kg": true, "points": true, "votes": true, "members": true,
	"times": true, "rubles": true, "yen": true, "acres": true, "hours": true,
	"days": true, "years": true, "deaths": true, "cases": true, "warheads": true,
}

// Words before a year-like number that show it is no year.
var notYearBefore = map[string]bool{
	"$": true, "€": true, "£": true, "no.": true, "number": true, "about": true,
	"nearly": true, "some": true, "than": true, "approximately": true, "roughly": true,
	"almost": true, "page": true, "flight": true, "route": true,
	"resolution": true, "#": true,
}
