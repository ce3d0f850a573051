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

// durationCodes are the TIMEX3 designators of each unit: the prefix ("P",
// or "PT" for clock units), the designator of an unknown count ("several
// decades": PXDE) and that of a known one with its multiplier (two
// decades: P20Y).
var durationCodes = [...]struct {
	prefix, vague, code string
	per                 int
}{
	uSecond:  {"PT", "S", "S", 1},
	uMinute:  {"PT", "M", "M", 1},
	uHour:    {"PT", "H", "H", 1},
	uDay:     {"P", "D", "D", 1},
	uWeek:    {"P", "W", "W", 1},
	uMonth:   {"P", "M", "M", 1},
	uQuarter: {"P", "Q", "M", 3},
	uYear:    {"P", "Y", "Y", 1},
	uDecade:  {"P", "DE", "Y", 10},
	uCentury: {"P", "CE", "Y", 100},
}

// duration formats a TIMEX3 duration of n units; n < 0 is an unknown
// count ("several years": PXY). Fractions fall to the next smaller unit.
func duration(n float64, u unit) string {
	if u <= uNone || int(u) >= len(durationCodes) {
		return "PX"
	}
	c := durationCodes[u]
	if n < 0 {
		return c.prefix + "X" + c.vague
	}
	if n != float64(int(n)) {
		// The whole units and whole parts of the next smaller unit, as
		// TimeBank writes them: 2 1/2 years is P2Y6M, half a year P6M.
		switch u {
		case uYear:
			return mixed("P", n, "Y", 12, "M")
		case uMonth:
			return duration(n*30, uDay)
		case uWeek:
			return duration(n*7, uDay)
		case uDay:
			return duration(n*24, uHour)
		case uHour:
			return mixed("PT", n, "H", 60, "M")
		case uMinute:
			return mixed("PT", n, "M", 60, "S")
		case uDecade:
			return duration(n*10, uYear)
		case uCentury:
			return duration(n*100, uYear)
		case uSecond:
			return "PT" + strconv.FormatFloat(n, 'f', -1, 64) + "S" // TIMEX3 allows a decimal
		}
	}
	return c.prefix + strconv.Itoa(int(n)*c.per) + c.code
}

// mixed writes n big units as its whole units and the rest in whole small
// units, per to a big one: mixed("P", 2.5, "Y", 12, "M") is P2Y6M, and
// without a whole unit, P6M.
func mixed(prefix string, n float64, big string, per int, small string) string {
	whole := int(n)
	part := int((n-float64(whole))*float64(per) + 0.5)
	if whole == 0 {
		return prefix + strconv.Itoa(part) + small
	}
	return prefix + strconv.Itoa(whole) + big + strconv.Itoa(part) + small
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

// publishedLayouts are the forms of a publication time that feeds, page
// metadata and the command line write, most common first.
var publishedLayouts = []string{
	time.RFC3339Nano, time.RFC3339, "2006-01-02T15:04:05Z0700", "2006-01-02T15:04:05",
	"2006-01-02T15:04Z07:00", "2006-01-02T15:04", "2006-01-02 15:04:05Z07:00", "2006-01-02 15:04:05 -0700",
	"2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02", "2006/01/02", "20060102",
	time.RFC1123Z, time.RFC1123, "Mon, 2 Jan 2006 15:04:05 -0700", "Mon, 2 Jan 2006 15:04:05 MST",
	"2 Jan 2006 15:04:05 -0700", "Mon, 2 Jan 2006 15:04 -0700", time.RFC850, time.ANSIC,
	"January 2, 2006", "Jan 2, 2006", "2 January 2006",
}

// ParsePublished reads a publication time as feeds, pages and the command
// line give it: RFC 3339 (with or without seconds or zone), RFC 1123 (RSS),
// or a bare date. The time keeps the zone it was written with, so that
// relative dates resolve in the publisher's local day; a time or date
// without a zone is taken as UTC, a bare date as that calendar day.
func ParsePublished(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, l := range publishedLayouts {
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
