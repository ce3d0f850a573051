package events_test

import (
	"slices"
	"testing"
)

// TestParticipants checks the rules that decide who takes part in an event,
// one invented text for each.
func TestParticipants(t *testing.T) {
	for _, c := range []struct {
		name, text, typ string
		dates           map[string]string
		want            []string
	}{
		{
			name:  "the dateline's place and agency are not participants",
			text:  "OSLO, May 4 (Reuters) - Finnish and Estonian officials on Monday held talks on Baltic air defence.",
			typ:   "talks",
			dates: map[string]string{"Monday": "2026-05-04", "May 4": "2026-05-04"},
			want:  []string{"Finland", "Estonia"},
		},
		{
			name:  "a body of one state takes part for its state",
			text:  "Officials of the Russian Foreign Ministry held talks with Indian diplomats in New Delhi on Monday.",
			typ:   "talks",
			dates: map[string]string{"Monday": "2026-05-04"},
			want:  []string{"Russia", "India"},
		},
		{
			name:  "a visit's host is the country of its place",
			text:  "An Indonesian delegation arrived in Canberra on Monday for a three-day visit.",
			typ:   "visit",
			dates: map[string]string{"Monday": "2026-05-04"},
			want:  []string{"Indonesia", "Australia"},
		},
	} {
		d := doc(c.text, "2026-05-04", c.dates, nil)
		e := only(t, find(d), c.typ)
		got := slices.Clone(e.Participants)
		slices.Sort(got)
		want := slices.Clone(c.want)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("%s: participants %q, want %q", c.name, e.Participants, c.want)
		}
	}
}
