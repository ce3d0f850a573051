package events

import "testing"

func TestTheCountry(t *testing.T) {
	for in, want := range map[string]string{
		"Belarus": "Belarus", "Cyprus": "Cyprus", "Netherlands": "the Netherlands",
		"United States": "the United States", "Czech Republic": "the Czech Republic",
		"Solomon Islands": "the Solomon Islands", "Russia": "Russia",
	} {
		if got := theCountry(in); got != want {
			t.Errorf("theCountry(%q) = %q, want %q", in, got, want)
		}
	}
}
