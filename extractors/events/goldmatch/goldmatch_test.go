package goldmatch

import (
	"strings"
	"testing"

	"github.com/herald-news/herald/extractors/schema"
)

func TestFold(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"U.S.", "us"},
		{"Sergei  Lavrov", "sergei lavrov"},
		{"Russia’s", "russia"},
		{"Intermediate-Range Nuclear Forces Treaty", "intermediate range nuclear forces treaty"},
		{"“New START”", "new start"},
	} {
		if got := Fold(c.in); got != c.want {
			t.Errorf("Fold(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestNameMatches(t *testing.T) {
	g := Name{Name: "Sergei Lavrov", Aliases: []string{"Lavrov", "Sergey Lavrov"}}
	for _, c := range []struct {
		pred string
		want bool
	}{
		{"Sergei Lavrov", true},
		{"sergei lavrov", true},
		{"Sergey Lavrov", true},
		{"Lavrov", true},
		{"Sergei", false},
		{"", false},
		{"Andrea Thompson", false},
	} {
		if got := NameMatches(c.pred, g); got != c.want {
			t.Errorf("NameMatches(%q) = %v, want %v", c.pred, got, c.want)
		}
	}
}

func TestQuoteMatches(t *testing.T) {
	gold := "We weren’t able to break any new ground yesterday with Russia,"
	if !QuoteMatches("We weren't able to break any new ground yesterday with Russia", gold) {
		t.Error("the same words with a straight apostrophe and no comma should match")
	}
	if !QuoteMatches("able to break any new ground yesterday", gold) {
		t.Error("7 of 11 words should match (at least half of the longer)")
	}
	if QuoteMatches("new ground", gold) {
		t.Error("2 of 11 words should not match")
	}
}

func TestEventMatches(t *testing.T) {
	gold := Event{Type: "meeting", Label: "Geneva meeting, January 15", Date: "2019-01-15", Location: "Geneva"}
	ev := func(typ, value, loc, label string) schema.Event {
		e := schema.Event{Type: typ, Label: label, Date: &schema.DateRef{Value: value}}
		if loc != "" {
			e.Location = &schema.Place{Name: loc}
		}
		return e
	}
	for _, c := range []struct {
		name string
		e    schema.Event
		want bool
	}{
		{"exact", ev("meeting", "2019-01-15", "Geneva", "Geneva meeting, January 15"), true},
		{"place only in the label", ev("meeting", "2019-01-15", "", "Geneva meeting"), true},
		{"other type", ev("talks", "2019-01-15", "Geneva", "Geneva talks"), false},
		{"other day", ev("meeting", "2019-01-16", "Geneva", "Geneva meeting"), false},
		{"coarser date", ev("meeting", "2019-01", "Geneva", "Geneva meeting"), false},
		{"other place", ev("meeting", "2019-01-15", "Moscow", "Moscow meeting"), false},
		{"no place", ev("meeting", "2019-01-15", "", "Meeting, January 15"), false},
	} {
		if got := EventMatches(c.e, gold); got != c.want {
			t.Errorf("%s: EventMatches = %v, want %v", c.name, got, c.want)
		}
	}
	placeless := Event{Type: "withdrawal", Date: "2019-02-02"}
	if !EventMatches(ev("withdrawal", "2019-02-02", "Washington", "U.S. withdrawal"), placeless) {
		t.Error("a gold event with no place should accept any place")
	}
}

// TestScore scores a small hand-made document: one right and one invented
// item per category, and one of each matching only an optional entry.
func TestScore(t *testing.T) {
	text := "On Monday, Lavrov met Thompson. On Tuesday, nothing happened."
	g := &Gold{
		People:         []Name{{Name: "Sergei Lavrov", Aliases: []string{"Lavrov"}}, {Name: "Andrea Thompson"}},
		OptionalPeople: []Name{{Name: "Nobody Else"}},
		Dates:          []Date{{Text: "Monday", Value: "2019-01-14"}},
		OptionalDates:  []Date{{Text: "Tuesday", Value: "2019-01-15"}},
		Quotes:         []Quote{{Text: "We met", Speaker: "Sergei Lavrov"}},
		Events:         []Event{{Type: "meeting", Date: "2019-01-14"}},
		OptionalEvents: []Event{{Type: "statement", Date: "2019-01-14"}},
	}
	doc := &schema.Document{
		Article: schema.Article{Text: text},
		People:  []schema.Person{{Name: "Lavrov"}, {Name: "Monday"}, {Name: "nobody else"}},
		Dates: []schema.Date{
			{Text: "Monday", Value: "2019-01-14", Start: 3, End: 9},
			{Text: "Tuesday", Value: "2019-01-15", Start: 35, End: 42},
			{Text: "Monday", Value: "2019-01-13", Start: 3, End: 9},
		},
		Quotes: []schema.Quote{{Text: "We met", Speaker: "Lavrov"}},
		Events: []schema.Event{
			{Type: "meeting", Date: &schema.DateRef{Value: "2019-01-14"}},
			{Type: "meeting", Date: &schema.DateRef{Value: "2019-01-14"}},
			{Type: "statement", Date: &schema.DateRef{Value: "2019-01-14"}},
		},
	}
	r := Score(g, doc)
	want := map[string]Count{
		"people":   {TP: 1, Pred: 2, Hit: 1, Gold: 2},
		"dates":    {TP: 1, Pred: 2, Hit: 1, Gold: 1},
		"quotes":   {TP: 1, Pred: 1, Hit: 1, Gold: 1},
		"speakers": {TP: 1, Pred: 1, Hit: 1, Gold: 1},
		"events":   {TP: 1, Pred: 2, Hit: 1, Gold: 1},
		"treaties": {},
		// No gold event lists participants.
		"participants": {},
	}
	for k, w := range want {
		if got := *r.Counts[k]; got != w {
			t.Errorf("%s: %+v, want %+v", k, got, w)
		}
	}
	if c := r.Counts["events"]; c.P() != 0.5 || c.R() != 1 {
		t.Errorf("events P %.2f R %.2f, want 0.50 1.00", c.P(), c.R())
	}
	if len(r.Misses) != 1 || len(r.Inventions) != 3 {
		t.Errorf("misses %q, inventions %q: want 1 miss (Thompson) and 3 inventions", r.Misses, r.Inventions)
	}
}

func TestParticipantKey(t *testing.T) {
	for _, c := range []struct{ a, b string }{
		{"U.S.", "United States"},
		{"the United States", "United States"},
		{"Britain", "United Kingdom"},
		{"NATO", "North Atlantic Treaty Organization"},
		{"United Nations Security Council", "UN Security Council"},
		{"IAEA", "International Atomic Energy Agency"},
		{"Ukraine Defense Contact Group", "ukraine defense contact group"},
	} {
		if ka, kb := ParticipantKey(c.a), ParticipantKey(c.b); ka != kb {
			t.Errorf("ParticipantKey(%q) = %q, ParticipantKey(%q) = %q: want equal", c.a, ka, c.b, kb)
		}
	}
	for _, c := range []struct{ a, b string }{
		{"Russian Foreign Ministry", "Russia"},
		{"North Korea", "South Korea"},
		{"United Nations", "UN Security Council"},
	} {
		if ParticipantKey(c.a) == ParticipantKey(c.b) {
			t.Errorf("ParticipantKey(%q) = ParticipantKey(%q): want different", c.a, c.b)
		}
	}
}

// TestScoreParticipants scores participants as sets over the paired events
// only, and leaves out a gold event that lists none.
func TestScoreParticipants(t *testing.T) {
	g := &Gold{Events: []Event{
		{Type: "meeting", Label: "Brussels meeting", Date: "2024-03-01", Participants: []string{"United States", "NATO", "Ukraine"}},
		{Type: "signing", Label: "Paris signing, 1990", Date: "1990", Participants: []string{}},
		{Type: "visit", Label: "Tokyo visit", Date: "2024-03-02", Participants: []string{"India"}},
	}}
	ev := func(typ, value string, participants ...string) schema.Event {
		return schema.Event{Type: typ, Date: &schema.DateRef{Value: value}, Participants: participants}
	}
	doc := &schema.Document{Events: []schema.Event{
		// Paired: U.S. and NATO right (U.S. once, however written),
		// Russia invented, Ukraine missed.
		ev("meeting", "2024-03-01", "U.S.", "North Atlantic Treaty Organization", "United States", "Russia"),
		// Paired with a gold event that lists none: not scored.
		ev("signing", "1990", "France", "Germany"),
		// Paired with no gold event: its participants are not scored.
		ev("test", "2024-03-05", "North Korea"),
	}}
	r := Score(g, doc)
	want := Count{TP: 2, Pred: 3, Hit: 2, Gold: 3}
	if got := *r.Counts["participants"]; got != want {
		t.Errorf("participants %+v, want %+v", got, want)
	}
	var misses, inventions []string
	for _, m := range r.Misses {
		if strings.HasPrefix(m, "participants: ") {
			misses = append(misses, m)
		}
	}
	for _, m := range r.Inventions {
		if strings.HasPrefix(m, "participants: ") {
			inventions = append(inventions, m)
		}
	}
	if len(misses) != 1 || !strings.Contains(misses[0], "Ukraine") {
		t.Errorf("participant misses %q, want Ukraine only", misses)
	}
	if len(inventions) != 1 || !strings.Contains(inventions[0], "Russia") {
		t.Errorf("participant inventions %q, want Russia only", inventions)
	}
}
