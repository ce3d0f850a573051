package events_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/herald-news/herald/extractors/schema"
)

// TestParticipants checks the rules that decide who takes part in an event,
// one invented text for each.
func TestParticipants(t *testing.T) {
	for _, c := range []struct {
		name, text, typ string
		dates           map[string]string
		people          map[string]string // full name to one-word alias
		treaty          string            // a treaty named in the text, if any
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
		{
			name: "a signing that names no one takes the parties named for its treaty",
			text: "Norway and Iceland on Monday extended the Arctic Fisheries Agreement for ten years. " +
				"The Arctic Fisheries Agreement, signed in Reykjavik in 1995, had been due to lapse.",
			typ:    "signing",
			dates:  map[string]string{"Monday": "2026-05-04", "1995": "1995"},
			treaty: "Arctic Fisheries Agreement",
			want:   []string{"Norway", "Iceland"},
		},
		{
			name: "a joint news conference is held by the parties of the event before",
			text: "Chile and Peru on Monday signed a fisheries accord in Lima. " +
				"The ministers later told a joint news conference that stocks were recovering.",
			typ:   "press_conference",
			dates: map[string]string{"Monday": "2026-05-04"},
			want:  []string{"Chile", "Peru"},
		},
		{
			name:  "an event during another that names no one takes that event's parties",
			text:  "The Chilean president paid a state visit to Lima in May, during which they signed a fisheries accord.",
			typ:   "signing",
			dates: map[string]string{"May": "2026-05"},
			want:  []string{"Chile", "Peru"},
		},
		{
			name:   "a person of no country serves the body named before their title",
			text:   "NATO Secretary General Ida Berg wants more air defence. Berg arrived in Helsinki on Monday.",
			typ:    "visit",
			dates:  map[string]string{"Monday": "2026-05-04"},
			people: map[string]string{"Ida Berg": "Berg"},
			want:   []string{"North Atlantic Treaty Organization", "Finland"},
		},
		{
			name:  "a country the event is in is where, not who",
			text:  "Brazil and Argentina will hold talks in Uruguay in June.",
			typ:   "talks",
			dates: map[string]string{"June": "2026-06"},
			want:  []string{"Brazil", "Argentina"},
		},
		{
			name:  "a country that qualifies arms is whose arms, not who acts",
			text:  "Poland on Monday imposed sanctions on Hungary over its purchase of Russian air defence systems.",
			typ:   "sanction",
			dates: map[string]string{"Monday": "2026-05-04"},
			want:  []string{"Poland", "Hungary"},
		},
		{
			name:  "a subordinate clause's actors are its own event's",
			text:  "Denmark on Monday suspended the fisheries accord, hours after Norway completed its withdrawal from the pact.",
			typ:   "suspension",
			dates: map[string]string{"Monday": "2026-05-04"},
			want:  []string{"Denmark"},
		},
		{
			name:  "one word can join two countries",
			text:  "A new round of Brazilian-Argentine talks opened in Montevideo on Monday.",
			typ:   "talks",
			dates: map[string]string{"Monday": "2026-05-04"},
			want:  []string{"Brazil", "Argentina"},
		},
	} {
		d := doc(c.text, "2026-05-04", c.dates, c.people)
		if c.treaty != "" {
			tr := schema.Treaty{Name: c.treaty}
			for i := 0; strings.Contains(c.text[i:], c.treaty); {
				s := i + strings.Index(c.text[i:], c.treaty)
				tr.Mentions = append(tr.Mentions, schema.Mention{Text: c.treaty, Start: s, End: s + len(c.treaty)})
				i = s + len(c.treaty)
			}
			d.Treaties = append(d.Treaties, tr)
		}
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
