package page

import "testing"

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
