package dates

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/herald-news/herald/extractors/schema"
	"github.com/herald-news/herald/extractors/text"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// wed is a Wednesday: 2019-01-16.
var wed = time.Date(2019, 1, 16, 9, 0, 0, 0, time.UTC)

type want struct{ text, value, typ string }

func find(s string, published time.Time) []schema.Date {
	return Find(text.Parse(s), published)
}

// check asserts that every wanted expression is found with exactly that
// text, value and type.
func check(t *testing.T, s string, published time.Time, wants ...want) {
	t.Helper()
	got := find(s, published)
	for _, w := range wants {
		ok := false
		for _, d := range got {
			if d.Text == w.text {
				ok = true
				if d.Value != w.value || (w.typ != "" && d.Type != w.typ) {
					t.Errorf("%q in %q: got %s %s, want %s %s", w.text, s, d.Value, d.Type, w.value, w.typ)
				}
			}
		}
		if !ok {
			t.Errorf("%q not found in %q; found %v", w.text, s, got)
		}
	}
}

// checkNone asserts that no expression is found in any of ss.
func checkNone(t *testing.T, published time.Time, ss ...string) {
	t.Helper()
	for _, s := range ss {
		if got := find(s, published); len(got) != 0 {
			t.Errorf("%q: found %v, want no expression", s, got)
		}
	}
}

func TestAbsoluteDates(t *testing.T) {
	check(t, "The treaty was signed on December 8, 1987, in Washington.", wed, want{"December 8, 1987", "1987-12-08", "DATE"})
	check(t, "It entered into force on 1 June 1988.", wed, want{"1 June 1988", "1988-06-01", "DATE"})
	check(t, "By July 1997 the talks had collapsed.", wed, want{"July 1997", "1997-07", "DATE"})
	check(t, "The 1987 treaty expires in 2021.", wed, want{"1987", "1987", "DATE"}, want{"2021", "2021", "DATE"})
	check(t, "Leaked pages of Trump's 1995 tax return.", wed, want{"1995", "1995", "DATE"})
	check(t, "Deployments, as in the 1980s, worried Europe.", wed, want{"the 1980s", "198X", "DATE"})
	check(t, "The file is dated 2019-01-14.", wed, want{"2019-01-14", "2019-01-14", "DATE"})
	check(t, "Growth slowed in mid-2017 and again in the first quarter of 2018.", wed,
		want{"mid-2017", "2017", "DATE"}, want{"the first quarter of 2018", "2018-Q1", "DATE"})
	check(t, "In fiscal 2018 revenue fell; Q3 2018 was the worst.", wed,
		want{"fiscal 2018", "2018", "DATE"}, want{"Q3 2018", "2018-Q3", "DATE"})
	check(t, "It was the bloodiest war of the 20th century.", wed, want{"the 20th century", "19", "DATE"})
}

func TestNotDates(t *testing.T) {
	checkNone(t, wed,
		"Nearly 2,700 missiles were eliminated under the treaty.",
		"The range is 500 to 5,500 kilometers.",
		"He may march on the capital.",
		"Prices fall when supply rises.",
		"The force has 1987 soldiers and $2000 in cash.",
		"She met the 6-year-old boy.",
		"Figueroa told USA Today that the host of Breitbart News Daily agreed.",
		"Parents pay a quarter of the cost.",
		"They joined the March on Washington after the Six-Day War.",
		"Police found the Orion 1980 prototype.",
	)
}

func TestRelativeDates(t *testing.T) {
	check(t, "Officials met yesterday and will meet again tomorrow; today nothing happened.", wed,
		want{"yesterday", "2019-01-15", "DATE"}, want{"tomorrow", "2019-01-17", "DATE"}, want{"today", "2019-01-16", "DATE"})
	check(t, "Washington will withdraw next month.", wed, want{"next month", "2019-02", "DATE"})
	check(t, "Sales rose last year and this year.", wed, want{"last year", "2018", "DATE"}, want{"this year", "2019", "DATE"})
	check(t, "The vote is set for early next week.", wed, want{"early next week", "2019-W04", "DATE"})
	check(t, "Inflation rose last week.", wed, want{"last week", "2019-W02", "DATE"})
	check(t, "A decision is expected this summer.", wed, want{"this summer", "2019-SU", "DATE"})
	check(t, "The strike began last fall.", wed, want{"last fall", "2018-FA", "DATE"})
	check(t, "Inspections resumed two weeks ago; the plant closed three years ago.", wed,
		want{"two weeks ago", "2019-W01", "DATE"}, want{"three years ago", "2016", "DATE"})
	check(t, "The law changed in January.", wed, want{"January", "2019-01", "DATE"})
	check(t, "He met them on January 15 and will return on February 2.", wed,
		want{"January 15", "2019-01-15", "DATE"}, want{"February 2", "2019-02-02", "DATE"})
	check(t, "The report, published in December, was ignored.", wed, want{"December", "2018-12", "DATE"})
	check(t, "Profit fell in the third quarter.", wed, want{"the third quarter", "2018-Q3", "DATE"})
	check(t, "The mood has changed recently; now both sides talk.", wed,
		want{"recently", "PAST_REF", "DATE"}, want{"now", "PRESENT_REF", "DATE"})
	check(t, "Nobody knows what the future holds.", wed, want{"the future", "FUTURE_REF", "DATE"})
	check(t, "Talks will open at 10:30 a.m. on Monday.", wed, want{"10:30 a.m. on Monday", "2019-01-21T10:30", "TIME"})
	check(t, "The attack began at 3 p.m.", wed, want{"3 p.m.", "2019-01-16T15:00", "TIME"})
	check(t, "She spoke this morning and left last night.", wed,
		want{"this morning", "2019-01-16TMO", "TIME"}, want{"last night", "2019-01-15TNI", "TIME"})
	check(t, "Troops will stay over Christmas.", wed, want{"Christmas", "2019-12-25", "DATE"})
}

func TestTenseDecidesDirection(t *testing.T) {
	// 2019-01-16 is a Wednesday.
	check(t, "On Monday he said the talks had failed.", wed, want{"Monday", "2019-01-14", "DATE"})
	check(t, "The two will meet on Monday in Geneva.", wed, want{"Monday", "2019-01-21", "DATE"})
	check(t, "The minister said Friday that talks were over.", wed, want{"Friday", "2019-01-11", "DATE"})
	check(t, "The minister will travel to Moscow on Friday.", wed, want{"Friday", "2019-01-18", "DATE"})
	check(t, "Last Wednesday the deal was signed.", wed, want{"Last Wednesday", "2019-01-09", "DATE"})
	check(t, "The summit was held in November.", wed, want{"November", "2018-11", "DATE"})
	check(t, "The summit will be held in November.", wed, want{"November", "2019-11", "DATE"})
	// The quoted clause has its own tense: the reporting verb outside
	// the quotation marks does not count.
	check(t, "“We will meet again on Monday,” the negotiator said.", wed, want{"Monday", "2019-01-21", "DATE"})
}

func TestDurationsAndSets(t *testing.T) {
	check(t, "A U.S. withdrawal over six months will start on February 2.", wed, want{"six months", "P6M", "DURATION"})
	check(t, "It can be extended for five years.", wed, want{"five years", "P5Y", "DURATION"})
	check(t, "Prices doubled over the past two years.", wed, want{"the past two years", "P2Y", "DURATION"})
	check(t, "A five-year plan and a 24-hour truce.", wed, want{"five-year", "P5Y", "DURATION"}, want{"24-hour", "PT24H", "DURATION"})
	check(t, "The siege lasted several weeks and 2 1/2 years of talks followed.", wed,
		want{"several weeks", "PXW", "DURATION"}, want{"2 1/2 years", "P2Y6M", "DURATION"})
	check(t, "It took half an hour.", wed, want{"half an hour", "PT30M", "DURATION"})
	check(t, "The two sides exchange data weekly and meet every Thursday.", wed,
		want{"weekly", "P1W", "SET"}, want{"every Thursday", "XXXX-WXX-4", "SET"})
	check(t, "The fund pays out $5 billion a year.", wed, want{"a year", "P1Y", "SET"})
}

func TestUnknownPublication(t *testing.T) {
	// Never the wall clock: without a publication date the year stays X.
	check(t, "He spoke on January 16 and again yesterday, in 2019, next month and on Monday.", time.Time{},
		want{"January 16", "XXXX-01-16", "DATE"}, want{"yesterday", "XXXX-XX-XX", "DATE"},
		want{"2019", "2019", "DATE"}, want{"next month", "XXXX-XX", "DATE"}, want{"Monday", "XXXX-WXX-1", "DATE"})
	// the story's quarter is unknown too: no quarter 0
	check(t, "Net fell in the latest quarter from the year-ago quarter. Sales were flat in the same quarter last year.", time.Time{},
		want{"the latest quarter", "XXXX-QX", "DATE"}, want{"the year-ago quarter", "XXXX-QX", "DATE"},
		want{"the same quarter last year", "XXXX-QX", "DATE"})
}

func TestPublisherLocalDay(t *testing.T) {
	// 23:30 in New York is already the next day in UTC: "today" is the
	// publisher's day.
	ny, err := ParsePublished("2019-01-16T23:30:00-05:00")
	if err != nil {
		t.Fatal(err)
	}
	check(t, "The vote took place today.", ny, want{"today", "2019-01-16", "DATE"})
	check(t, "The vote took place today.", ny.UTC(), want{"today", "2019-01-17", "DATE"})
	check(t, "The vote took place yesterday.", ny, want{"yesterday", "2019-01-15", "DATE"})
}

func TestParsePublished(t *testing.T) {
	for in, wantDay := range map[string]string{
		"2019-01-16":                      "2019-01-16",
		"2019-01-16T23:30:00-05:00":       "2019-01-16",
		"Wed, 16 Jan 2019 23:30:00 -0500": "2019-01-16",
		"2019-01-17T01:00:00+03:00":       "2019-01-17",
		"2019-01-16T23:30":                "2019-01-16",
		"2019-01-16 23:30":                "2019-01-16",
		"2019/01/16":                      "2019-01-16",
		"January 16, 2019":                "2019-01-16",
	} {
		p, err := ParsePublished(in)
		if err != nil {
			t.Errorf("%q: %v", in, err)
			continue
		}
		if got := p.Format("2006-01-02"); got != wantDay {
			t.Errorf("%q: local day %s, want %s", in, got, wantDay)
		}
	}
	if _, err := ParsePublished("last Tuesday"); err == nil {
		t.Error("ParsePublished accepted a relative date")
	}
}

func TestReanchor(t *testing.T) {
	s := `“We broke no new ground yesterday,” Thompson said of talks she held on January 16. Yesterday Lavrov replied.`
	d := text.Parse(s)
	published := time.Date(2019, 1, 20, 0, 0, 0, 0, time.UTC)
	ds := Find(d, published)
	qs := strings.Index(s, "We")
	qe := strings.Index(s, ",”")
	Reanchor(d, ds, []Anchor{{Start: qs, End: qe, Value: "2019-01-16"}})
	var got []string
	for _, x := range ds {
		got = append(got, x.Text+"="+x.Value+"@"+x.Anchor)
	}
	wantS := []string{"yesterday=2019-01-15@2019-01-16", "January 16=2019-01-16@", "Yesterday=2019-01-19@"}
	if strings.Join(got, " ") != strings.Join(wantS, " ") {
		t.Errorf("got %v, want %v", got, wantS)
	}
	// An anchor that is no calendar day changes nothing.
	ds2 := Find(d, published)
	Reanchor(d, ds2, []Anchor{{Start: qs, End: qe, Value: "2019-01"}})
	if ds2[0].Value != "2019-01-19" || ds2[0].Anchor != "" {
		t.Errorf("month anchor applied: %+v", ds2[0])
	}
}

func TestSpansPointIntoText(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "briefing.txt"))
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	for _, d := range find(s, wed) {
		if s[d.Start:d.End] != d.Text {
			t.Errorf("%+v: text at offsets is %q", d, s[d.Start:d.End])
		}
		if strings.HasSuffix(d.Text, "’s") || strings.HasSuffix(d.Text, "'s") {
			t.Errorf("%q keeps its possessive", d.Text)
		}
	}
}

// TestGolden compares the whole output on testdata/briefing.txt with
// testdata/briefing.golden.json (go test -update rewrites it).
func TestGolden(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "briefing.txt"))
	if err != nil {
		t.Fatal(err)
	}
	got, err := json.MarshalIndent(find(string(b), wed), "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	golden := filepath.Join("testdata", "briefing.golden.json")
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from %s (run go test -update and review the diff):\n%s", golden, got)
	}
}

// TestSeedGold finds every date of the seed article's hand-annotated gold,
// span overlapping and value equal, as the contract matches them.
func TestSeedGold(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "shared", "gold", "seed")
	txt, err := os.ReadFile(filepath.Join(dir, "amn-inf-impasse.txt"))
	if err != nil {
		t.Skipf("seed gold not available (%v)", err)
	}
	raw, err := os.ReadFile(filepath.Join(dir, "amn-inf-impasse.gold.json"))
	if err != nil {
		t.Skipf("seed gold not available (%v)", err)
	}
	var gold struct {
		Published string `json:"published"`
		Dates     []struct {
			Text, Value string
		} `json:"dates"`
	}
	if err := json.Unmarshal(raw, &gold); err != nil {
		t.Fatal(err)
	}
	pub, err := ParsePublished(gold.Published)
	if err != nil {
		t.Fatal(err)
	}
	found := find(string(txt), pub)
	used := make([]bool, len(found))
	for _, g := range gold.Dates {
		ok := false
		for i, d := range found {
			if !used[i] && strings.Contains(d.Text, g.Text) && d.Value == g.Value {
				used[i], ok = true, true
				break
			}
		}
		if !ok {
			t.Errorf("gold date %q = %s not found", g.Text, g.Value)
		}
	}
}

func FuzzFind(f *testing.F) {
	for _, s := range []string{
		"On Monday, Oct. 26, 1998, at 10:30 a.m. EST",
		"the past two years and a half", "mid-", "the 1980's", "' 90s", "Q5 2019", "31 February",
		"every 0 days", "9999 years ago", "a year and a half ago", "1/2/3",
		"the latest quarter", "the same quarter last year", "Holy Week",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d := text.Parse(s)
		for _, pub := range []time.Time{{}, wed} {
			for _, x := range Find(d, pub) {
				if x.Start < 0 || x.End > len(s) || x.Start >= x.End || s[x.Start:x.End] != x.Text {
					t.Fatalf("bad span %+v in %q", x, s)
				}
				if !validValue(x.Type, x.Value) {
					t.Fatalf("value no TIMEX3 value %+v in %q", x, s)
				}
			}
		}
	})
}

// timexDate is the form of a DATE or TIME value: a reference word, or a
// year (negative before year 1; a decade "198X", a century "19"), then a
// month and day, an ISO week and weekday or weekend, a quarter, half or
// season, then a time of day or a part of it; X for what is unknown.
var timexDate = regexp.MustCompile(`^(PRESENT_REF|PAST_REF|FUTURE_REF|` +
	`(-?\d{4}|XXXX|\d{3}X|\d{2}XX|\d{2}|XX)` +
	`(-(\d{2}|XX)(-(\d{2}|XX))?|-W(\d{2}|XX)(-(\d|X|WE))?|-(Q[1-4X]|H[12X]|SP|SU|FA|WI))?` +
	`(T(\d{2}(:\d{2})?|MO|AF|EV|NI|DT))?)$`)

// timexDuration is the form of a DURATION value: P, counts (X when
// unknown) of years, months, weeks, days, quarters, decades or centuries,
// then T and hours, minutes, seconds; PXX, a stretch of unknown length,
// as TimeBank writes it.
var timexDuration = regexp.MustCompile(`^P(XX|(([\dX]+(\.\d+)?)[YMWDQ]|[\dX]+(DE|CE))*(T([\dX]+(\.\d+)?[HMS])*)?)$`)

// validValue reports whether v has the form of a TIMEX3 value of type typ;
// a SET is a duration ("P1W") or a date with X's ("XXXX-WXX-4").
func validValue(typ, v string) bool {
	switch typ {
	case schema.TypeDuration:
		return v != "P" && timexDuration.MatchString(v)
	case schema.TypeSet:
		return v != "P" && timexDuration.MatchString(v) || timexDate.MatchString(v)
	}
	return timexDate.MatchString(v)
}

func BenchmarkFind(b *testing.B) {
	raw, err := os.ReadFile(filepath.Join("testdata", "briefing.txt"))
	if err != nil {
		b.Fatal(err)
	}
	d := text.Parse(string(raw))
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	for b.Loop() {
		Find(d, wed)
	}
}

func TestSecondDay(t *testing.T) {
	check(t, "The summit will be held on April 24 and 25.", wed,
		want{"April 24", "2019-04-24", "DATE"}, want{"25", "2019-04-25", "DATE"})
	if got := find("He was born on April 24 and 25 people came.", wed); len(got) != 1 {
		t.Errorf("a count after 'and' read as a day: %v", got)
	}
}

func TestHalves(t *testing.T) {
	check(t, "Growth slowed in the first half of 2018 and will recover in the second half of next year.", wed,
		want{"the first half of 2018", "2018-H1", "DATE"}, want{"the second half of next year", "2020-H2", "DATE"})
}

func TestReportingFrame(t *testing.T) {
	check(t, "The leaders will meet in Vladivostok on March 18, the Kremlin said on Tuesday.", time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC),
		want{"March 18", "2026-03-18", "DATE"}, want{"Tuesday", "2026-03-10", "DATE"})
}

func TestNarrativeDates(t *testing.T) {
	check(t, "Talks opened on March 5, 2018. The next day they collapsed, and the following week both sides left. That year ended badly.", wed,
		want{"The next day", "2018-03-06", "DATE"}, want{"the following week", "2018-W11", "DATE"}, want{"That year", "2018", "DATE"})
	check(t, "The next day they collapsed.", wed, want{"The next day", "XXXX-XX-XX", "DATE"})
}

func TestNarrativeWithoutAnchor(t *testing.T) {
	if got := find("Market makers lose on trades made that day.", wed); len(got) != 0 {
		t.Errorf("'that day' without a date before it: %v", got)
	}
	check(t, "He appeared in court on Feb. 22, 2000, and again the next morning.", wed, want{"the next morning", "2000-02-23", "DATE"})
}

func TestMoreForms(t *testing.T) {
	check(t, "The deadline is 5 Jan, or 5 Feb 2026.", wed, want{"5 Jan", "2019-01-05", "DATE"}, want{"5 Feb 2026", "2026-02-05", "DATE"})
	check(t, "The launch was detected at 1400 GMT.", wed, want{"1400 GMT", "2019-01-16T14:00", "TIME"})
	check(t, "The file was updated at 2026-02-05T10:00Z.", wed, want{"2026-02-05T10:00Z", "2026-02-05T10:00", "TIME"})
}

func TestReanchorSameDay(t *testing.T) {
	s := `“We broke no new ground yesterday,” Thompson said on January 16.`
	d := text.Parse(s)
	ds := Find(d, wed)
	Reanchor(d, ds, []Anchor{{Start: 0, End: strings.Index(s, ",”"), Value: "2019-01-16"}})
	if ds[0].Value != "2019-01-15" || ds[0].Anchor != "" {
		t.Errorf("said on the day of publication: %+v", ds[0])
	}
}

func TestSetsOfMonthsAndSeasons(t *testing.T) {
	check(t, "Orangemen march each July and every summer, a fortnight ago too.", wed,
		want{"each July", "XXXX-07", "SET"}, want{"every summer", "XXXX-SU", "SET"}, want{"a fortnight ago", "2019-W01", "DATE"})
}

func TestFallIsNotAlwaysASeason(t *testing.T) {
	got := find("Since the fall of the Berlin Wall, the fall in prices continued. Talks resume in the fall.", wed)
	if len(got) != 1 || got[0].Text != "the fall" || got[0].Value != "2019-FA" {
		t.Errorf("got %v, want only the last 'the fall' = 2019-FA", got)
	}
}

func TestNumericDatesDayFirst(t *testing.T) {
	// RFE/RL's and most European pages write the day first; a first
	// number over 12 can only be a day. Both under 13 stay month first.
	check(t, "The statement was issued on 15/01/2019 in Prague.", wed, want{"15/01/2019", "2019-01-15", "DATE"})
	check(t, "The statement was issued on 01/15/2019 in Washington.", wed, want{"01/15/2019", "2019-01-15", "DATE"})
	check(t, "The statement was issued on 02/01/2019.", wed, want{"02/01/2019", "2019-02-01", "DATE"})
	check(t, "Filed 2019/01/15 with the court.", wed, want{"2019/01/15", "2019-01-15", "DATE"})
	check(t, "Опубликовано 15.01.2019.", wed, want{"15.01.2019", "2019-01-15", "DATE"})
}
