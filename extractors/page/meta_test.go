package page

import (
	"testing"
	"time"
)

// The publisher's offset is kept: relative dates resolve in its local day.
func TestParseTimeKeepsOffset(t *testing.T) {
	got, ok := ParseTime("2019-01-16T23:30:00-05:00")
	if !ok {
		t.Fatal("not parsed")
	}
	if _, off := got.Zone(); off != -5*3600 || got.Day() != 16 {
		t.Fatalf("ParseTime = %v, want 2019-01-16 23:30 at -05:00", got)
	}
}

// Short pages: go-trafilatura's baseline echoes the page's whole text after
// the paragraphs it found; herald keeps each paragraph once.
func TestShortPageNotEchoed(t *testing.T) {
	for html, want := range map[string]string{
		`<html><body><p>Andrea Thompson said “no.”</p></body></html>`:                                                           "Andrea Thompson said “no.”",
		`<html><head><title>T</title></head><body><p>Andrea Thompson said “no.”</p><p>Second paragraph here.</p></body></html>`: "Andrea Thompson said “no.”\n\nSecond paragraph here.",
	} {
		p, err := Extract([]byte(html), "")
		if err != nil {
			t.Fatal(err)
		}
		if p.Text != want {
			t.Errorf("Extract(%q).Text = %q, want %q", html, p.Text, want)
		}
	}
}

// Pages declare what feeds do: RSS dates with a one-digit day and a
// written-out date read as dates.ParsePublished reads them.
func TestParseTimeReadsWhatFeedsWrite(t *testing.T) {
	for in, want := range map[string]string{
		"Wed, 9 Jan 2019 10:00:00 +0100": "2019-01-09T10:00:00+01:00",
		"January 16, 2019":               "2019-01-16T00:00:00Z",
		"2019/01/16":                     "2019-01-16T00:00:00Z",
	} {
		got, ok := ParseTime(in)
		if !ok || got.Format(time.RFC3339) != want {
			t.Errorf("ParseTime(%q) = %v %v, want %s", in, got.Format(time.RFC3339), ok, want)
		}
	}
	if _, ok := ParseTime("last Tuesday"); ok {
		t.Error(`ParseTime("last Tuesday") read a date`)
	}
}
