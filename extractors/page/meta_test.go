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
