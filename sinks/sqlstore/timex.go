package sqlstore

import (
	"strconv"
	"strings"
	"time"
)

// DayRange gives the first and last day (YYYY-MM-DD) a TIMEX3 date value
// covers: a day, a month, a year, a decade (198X), an ISO week, a quarter,
// a half or a season; a value with a time of day covers its day. ok is
// false for anything else (XXXX-01-16, durations, PAST_REF, ...): such an
// event is placed on its article's publication day instead.
func DayRange(value string) (start, end string, ok bool) {
	v := value
	if i := strings.IndexByte(v, 'T'); i == 10 {
		v = v[:10] // 2019-01-15T10:00 is a time on that day
	}
	if len(v) < 4 {
		return "", "", false
	}
	if strings.HasSuffix(v, "X") && len(v) == 4 { // decade 198X, century 19XX
		lo := strings.ReplaceAll(v, "X", "0")
		hi := strings.ReplaceAll(v, "X", "9")
		y0, err0 := strconv.Atoi(lo)
		y1, err1 := strconv.Atoi(hi)
		if err0 != nil || err1 != nil {
			return "", "", false
		}
		return days(date(y0, 1, 1), date(y1, 12, 31))
	}
	year, err := strconv.Atoi(v[:4])
	if err != nil || strings.HasPrefix(v, "-") {
		return "", "", false
	}
	rest := v[4:]
	switch {
	case rest == "":
		return days(date(year, 1, 1), date(year, 12, 31))
	case len(rest) == 3 && rest[0] == '-' && isDigits(rest[1:]): // 2019-01
		m, _ := strconv.Atoi(rest[1:])
		if m < 1 || m > 12 {
			return "", "", false
		}
		first := date(year, time.Month(m), 1)
		return days(first, first.AddDate(0, 1, -1))
	case len(rest) == 6 && rest[0] == '-' && rest[3] == '-' && isDigits(rest[1:3]) && isDigits(rest[4:]): // 2019-01-15
		t, err := time.Parse(time.DateOnly, v)
		if err != nil {
			return "", "", false
		}
		return days(t, t)
	case len(rest) == 4 && strings.HasPrefix(rest, "-W") && isDigits(rest[2:]): // 2019-W03
		w, _ := strconv.Atoi(rest[2:])
		if w < 1 || w > 53 {
			return "", "", false
		}
		// ISO week 1 holds January 4th; weeks start on Monday.
		jan4 := date(year, 1, 4)
		monday := jan4.AddDate(0, 0, -((int(jan4.Weekday())+6)%7)+7*(w-1))
		return days(monday, monday.AddDate(0, 0, 6))
	case len(rest) == 3 && strings.HasPrefix(rest, "-Q") && rest[2] >= '1' && rest[2] <= '4': // 2019-Q1
		q := int(rest[2] - '0')
		first := date(year, time.Month(3*q-2), 1)
		return days(first, first.AddDate(0, 3, -1))
	case len(rest) == 3 && strings.HasPrefix(rest, "-H") && (rest[2] == '1' || rest[2] == '2'): // 2019-H1
		first := date(year, time.Month(6*int(rest[2]-'0')-5), 1)
		return days(first, first.AddDate(0, 6, -1))
	case len(rest) == 3 && rest[0] == '-': // seasons, northern hemisphere
		var m0 time.Month
		switch rest[1:] {
		case "SP":
			m0 = time.March
		case "SU":
			m0 = time.June
		case "FA":
			m0 = time.September
		case "WI":
			m0 = time.December
		default:
			return "", "", false
		}
		first := date(year, m0, 1)
		return days(first, first.AddDate(0, 3, -1))
	}
	return "", "", false
}

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func days(a, b time.Time) (string, string, bool) {
	return a.Format(time.DateOnly), b.Format(time.DateOnly), true
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
