package sqlstore

import (
	"testing"
	"testing/fstest"
)

func TestDayRange(t *testing.T) {
	cases := []struct{ value, start, end string }{
		{"2019-01-15", "2019-01-15", "2019-01-15"},
		{"2019-01-15T10:30", "2019-01-15", "2019-01-15"},
		{"2019-02", "2019-02-01", "2019-02-28"},
		{"2020-02", "2020-02-01", "2020-02-29"},
		{"2019", "2019-01-01", "2019-12-31"},
		{"198X", "1980-01-01", "1989-12-31"},
		{"2019-W01", "2018-12-31", "2019-01-06"},
		{"2020-W53", "2020-12-28", "2021-01-03"},
		{"2019-Q1", "2019-01-01", "2019-03-31"},
		{"2019-Q4", "2019-10-01", "2019-12-31"},
		{"2019-H2", "2019-07-01", "2019-12-31"},
		{"2019-SU", "2019-06-01", "2019-08-31"},
		{"2019-WI", "2019-12-01", "2020-02-29"},
		{"XXXX-01-16", "", ""},
		{"PAST_REF", "", ""},
		{"P6M", "", ""},
		{"2019-13", "", ""},
		{"2019-02-30", "", ""},
		{"2019-W54", "", ""},
		{"", "", ""},
	}
	for _, c := range cases {
		start, end, ok := DayRange(c.value)
		if start != c.start || end != c.end || ok != (c.start != "") {
			t.Errorf("DayRange(%q) = %q, %q, %v; want %q, %q", c.value, start, end, ok, c.start, c.end)
		}
	}
}

func TestOlderVersion(t *testing.T) {
	cases := []struct {
		a, b string
		want bool
	}{
		{"0.1.0", "0.2.0", true},
		{"0.2.0", "0.1.0", false},
		{"0.1.0", "0.1.0", false},
		{"0.9", "0.10", true},
		{"1.0", "1.0.1", true},
		{"v1.2.0", "v1.10.0", true},
		{"", "0.1.0", false},
		{"0.1.0", "", false},
		{"dev", "0.1.0", false},
	}
	for _, c := range cases {
		if got := olderVersion(c.a, c.b); got != c.want {
			t.Errorf("olderVersion(%q, %q) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
}

func TestContainsEscapesWildcards(t *testing.T) {
	if got := contains(` New  START_100%\ `); got != `%new start\_100\%\\%` {
		t.Errorf("contains = %q", got)
	}
}

func TestMigrations(t *testing.T) {
	ms, err := Migrations(fstest.MapFS{
		"0002_more.sql": {Data: []byte("B")},
		"0001_init.sql": {Data: []byte("A")},
		"README.md":     {Data: []byte("ignored")},
	})
	if err != nil || len(ms) != 2 || ms[0].Version != 1 || ms[0].Name != "init" || ms[1].SQL != "B" {
		t.Fatalf("Migrations = %+v, %v", ms, err)
	}
	for name, fsys := range map[string]fstest.MapFS{
		"duplicate":  {"0001_a.sql": {}, "1_b.sql": {}},
		"unnumbered": {"init.sql": {}},
		"zero":       {"0000_x.sql": {}},
	} {
		if _, err := Migrations(fsys); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}
