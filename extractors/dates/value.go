package dates

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// ref is the moment relative expressions resolve against: one calendar day,
// the day of the publication time in the publisher's own zone. A zero ref
// (ok false) is an unknown moment: years, months and days then stay X.
type ref struct {
	ok bool
	t  time.Time // midnight UTC of that calendar day, for calendar arithmetic
}

func newRef(t time.Time) ref {
	if t.IsZero() {
		return ref{}
	}
	y, m, d := t.Date() // in t's own location: the publisher's day
	return ref{ok: true, t: time.Date(y, m, d, 0, 0, 0, 0, time.UTC)}
}

func (r ref) year() int             { return r.t.Year() }
func (r ref) month() time.Month     { return r.t.Month() }
func (r ref) day() int              { return r.t.Day() }
func (r ref) quarter() int          { return (int(r.t.Month())-1)/3 + 1 }
func (r ref) weekday() time.Weekday { return r.t.Weekday() }

// Formatting of TIMEX3 values.

func fmtDay(t time.Time) string { return t.Format("2006-01-02") }

func fmtYear(y int) string { return fmt.Sprintf("%04d", y) }

func fmtMonth(y int, m time.Month) string { return fmt.Sprintf("%04d-%02d", y, int(m)) }

func fmtWeek(t time.Time) string {
	y, w := t.ISOWeek()
	return fmt.Sprintf("%04d-W%02d", y, w)
}

func fmtQuarter(y, q int) string { return fmt.Sprintf("%04d-Q%d", y, q) }

// monthAdd moves y-m by n months.
func monthAdd(y int, m time.Month, n int) (int, time.Month) {
	k := y*12 + int(m) - 1 + n
	return k / 12, time.Month(k%12 + 1)
}

// quarterAdd moves y-Qq by n quarters.
func quarterAdd(y, q, n int) (int, int) {
	k := y*4 + q - 1 + n
	return k / 4, k%4 + 1
}

// duration formats a TIMEX3 duration of n units; n < 0 is an unknown
// count ("several years": PXY). Fractions fall to the next smaller unit.
func duration(n float64, u unit) string {
	if n < 0 {
		switch u {
		case uSecond:
			return "PTXS"
		case uMinute:
			return "PTXM"
		case uHour:
			return "PTXH"
		case uDay:
			return "PXD"
		case uWeek:
			return "PXW"
		case uMonth:
			return "PXM"
		case uQuarter:
			return "PXQ"
		case uYear:
			return "PXY"
		case uDecade:
			return "PXDE"
		case uCentury:
			return "PXCE"
		}
		return "PX"
	}
	if n != float64(int(n)) {
		// The whole units and whole parts of the next smaller unit, as
		// TimeBank writes them: 2 1/2 years is P2Y6M, half a year P6M.
		switch u {
		case uYear:
			y, m := int(n), int((n-float64(int(n)))*12+0.5)
			if y == 0 {
				return fmt.Sprintf("P%dM", m)
			}
			return fmt.Sprintf("P%dY%dM", y, m)
		case uMonth:
			return duration(n*30, uDay)
		case uWeek:
			return duration(n*7, uDay)
		case uDay:
			return duration(n*24, uHour)
		case uHour:
			h, m := int(n), int((n-float64(int(n)))*60+0.5)
			if h == 0 {
				return fmt.Sprintf("PT%dM", m)
			}
			return fmt.Sprintf("PT%dH%dM", h, m)
		case uMinute:
			m, sec := int(n), int((n-float64(int(n)))*60+0.5)
			if m == 0 {
				return fmt.Sprintf("PT%dS", sec)
			}
			return fmt.Sprintf("PT%dM%dS", m, sec)
		case uDecade:
			return duration(n*10, uYear)
		case uCentury:
			return duration(n*100, uYear)
		case uSecond:
			return "PT" + strconv.FormatFloat(n, 'f', -1, 64) + "S" // TIMEX3 allows a decimal
		}
	}
	k := int(n)
	switch u {
	case uSecond:
		return fmt.Sprintf("PT%dS", k)
	case uMinute:
		return fmt.Sprintf("PT%dM", k)
	case uHour:
		return fmt.Sprintf("PT%dH", k)
	case uDay:
		return fmt.Sprintf("P%dD", k)
	case uWeek:
		return fmt.Sprintf("P%dW", k)
	case uMonth:
		return fmt.Sprintf("P%dM", k)
	case uQuarter:
		return fmt.Sprintf("P%dM", 3*k)
	case uYear:
		return fmt.Sprintf("P%dY", k)
	case uDecade:
		return fmt.Sprintf("P%dY", 10*k)
	case uCentury:
		return fmt.Sprintf("P%dY", 100*k)
	}
	return "PX"
}

// shift resolves "n units from the reference" (n < 0 in the past) at the
// granularity of the unit: "two years ago" is a year, "three days ago" a day.
func shift(r ref, n int, u unit) string {
	if !r.ok {
		return unknownAt(u)
	}
	switch u {
	case uSecond, uMinute, uHour, uDay:
		if u != uDay {
			return fmtDay(r.t)
		}
		return fmtDay(r.t.AddDate(0, 0, n))
	case uWeek:
		return fmtWeek(r.t.AddDate(0, 0, 7*n))
	case uMonth:
		y, m := monthAdd(r.year(), r.month(), n)
		return fmtMonth(y, m)
	case uQuarter:
		y, q := quarterAdd(r.year(), r.quarter(), n)
		return fmtQuarter(y, q)
	case uYear:
		return fmtYear(r.year() + n)
	case uDecade:
		return fmt.Sprintf("%03dX", (r.year()+10*n)/10)
	case uCentury:
		return fmt.Sprintf("%02d", (r.year()+100*n)/100)
	}
	return ""
}

// unknownAt is the value of a relative date at unit u when the reference
// moment is unknown.
func unknownAt(u unit) string {
	switch u {
	case uSecond, uMinute, uHour, uDay:
		return "XXXX-XX-XX"
	case uWeek:
		return "XXXX-WXX"
	case uMonth:
		return "XXXX-XX"
	case uQuarter:
		return "XXXX-QX"
	case uDecade:
		return "XXXX"
	case uCentury:
		return "XX"
	}
	return "XXXX"
}

// ParsePublished reads a publication time as feeds, pages and the command
// line give it: RFC 3339, RFC 1123 (RSS), or a bare date. The time keeps
// the zone it was written with, so that relative dates resolve in the
// publisher's local day; a bare date is taken as that calendar day.
func ParsePublished(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	layouts := []string{
		time.RFC3339Nano, time.RFC3339, "2006-01-02T15:04:05Z0700", "2006-01-02T15:04:05",
		"2006-01-02T15:04Z07:00", "2006-01-02 15:04:05Z07:00", "2006-01-02 15:04:05 -0700",
		"2006-01-02 15:04:05", "2006-01-02", "20060102",
		time.RFC1123Z, time.RFC1123, "Mon, 2 Jan 2006 15:04:05 -0700", "Mon, 2 Jan 2006 15:04:05 MST",
		"2 Jan 2006 15:04:05 -0700", "Mon, 2 Jan 2006 15:04 -0700", time.RFC850, time.ANSIC,
		"January 2, 2006", "Jan 2, 2006", "2 January 2006",
	}
	for _, l := range layouts {
		if t, err := time.Parse(l, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("dates: cannot read publication time %q", s)
}

// ParseValue reads a TIMEX3 calendar value down to the day ("2019-01-16",
// "2019-01", "2019", with an optional time after T) as the first moment it
// names. It reports false for values with X, durations and references,
// which cannot anchor other dates.
func ParseValue(v string) (time.Time, bool) {
	if i := strings.IndexByte(v, 'T'); i > 0 {
		v = v[:i]
	}
	parts := strings.Split(v, "-")
	if len(parts) == 0 || len(parts) > 3 || len(parts[0]) != 4 {
		return time.Time{}, false
	}
	nums := []int{0, 1, 1}
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 {
			return time.Time{}, false
		}
		nums[i] = n
	}
	if nums[1] < 1 || nums[1] > 12 || nums[2] < 1 || nums[2] > 31 {
		return time.Time{}, false
	}
	return time.Date(nums[0], time.Month(nums[1]), nums[2], 0, 0, 0, 0, time.UTC), true
}
