package events_test

import (
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/herald-news/herald/extractors/events"
	"github.com/herald-news/herald/extractors/schema"
	"github.com/herald-news/herald/extractors/text"
)

// doc annotates txt by hand: dates maps a date's text to its value (every
// occurrence), people maps a full name to its one-word alias.
func doc(txt, published string, dates map[string]string, people map[string]string) *schema.Document {
	pub, _ := time.Parse(time.DateOnly, published)
	d := &schema.Document{Article: schema.Article{ID: "a1", Text: txt, Published: pub}}
	for form, v := range dates {
		for i := 0; ; {
			j := strings.Index(txt[i:], form)
			if j < 0 {
				break
			}
			d.Dates = append(d.Dates, schema.Date{Text: form, Value: v, Type: schema.TypeDate, Start: i + j, End: i + j + len(form)})
			i += j + len(form)
		}
	}
	// The dates extractor gives dates in text order; the map does not.
	sort.Slice(d.Dates, func(i, j int) bool { return d.Dates[i].Start < d.Dates[j].Start })
	for name, alias := range people {
		p := schema.Person{Name: name}
		for _, form := range []string{name, alias} {
			for i := 0; ; {
				j := strings.Index(txt[i:], form)
				if j < 0 {
					break
				}
				s := i + j
				overlaps := false
				for _, m := range p.Mentions {
					overlaps = overlaps || s < m.End && m.Start < s+len(form)
				}
				if !overlaps {
					p.Mentions = append(p.Mentions, schema.Mention{Text: form, Start: s, End: s + len(form)})
				}
				i = s + len(form)
			}
		}
		d.People = append(d.People, p)
	}
	return d
}

func find(d *schema.Document) []schema.Event {
	return events.Find(text.Parse(d.Article.Text), d, "test")
}

func only(t *testing.T, evs []schema.Event, typ string) schema.Event {
	t.Helper()
	var got []schema.Event
	for _, e := range evs {
		if e.Type == typ {
			got = append(got, e)
		}
	}
	if len(got) != 1 {
		t.Fatalf("want one %s event, got %d: %+v", typ, len(got), evs)
	}
	return got[0]
}

func TestGoverningDate(t *testing.T) {
	// The nearest date to "meeting" is January 16; the one that governs it
	// is the premodifier January 15.
	d := doc("Thompson spoke on January 16. “No progress,” Thompson said of the January 15 meeting in Geneva.",
		"2019-01-16", map[string]string{"January 16": "2019-01-16", "January 15": "2019-01-15"},
		map[string]string{"Andrea Thompson": "Thompson"})
	m := only(t, find(d), events.Meeting)
	if m.Date.Value != "2019-01-15" || m.Location == nil || m.Location.Name != "Geneva" {
		t.Errorf("meeting: date %v, location %v; want 2019-01-15 in Geneva", m.Date, m.Location)
	}
	if m.Label != "Geneva meeting, January 15" {
		t.Errorf("label %q", m.Label)
	}
}

func TestPressConferenceTakesRemarksAndScene(t *testing.T) {
	d := doc("In Moscow, meanwhile, Foreign Minister Sergei Lavrov said that Moscow would try to preserve the treaty.\n\n"+
		"Holding his annual press conference on January 16, Lavrov lashed out at the United States.",
		"2019-01-16", map[string]string{"January 16": "2019-01-16"}, map[string]string{"Sergei Lavrov": "Lavrov"})
	evs := find(d)
	p := only(t, evs, events.PressConf)
	if p.Location == nil || p.Location.Name != "Moscow" || p.Date.Value != "2019-01-16" {
		t.Errorf("press conference at %v on %v, want Moscow, 2019-01-16", p.Location, p.Date)
	}
	if len(p.People) != 1 || p.People[0] != "Sergei Lavrov" {
		t.Errorf("people %v", p.People)
	}
	for _, e := range evs {
		if e.Type == events.Statement {
			t.Errorf("the undated remark should fold into the press conference, got %+v", e)
		}
	}
}

func TestHypotheticalAndUndated(t *testing.T) {
	d := doc("Russia has warned that if the United States abandons the pact, Moscow will respond. "+
		"Officials held talks in Geneva on the treaty. The United States will withdraw on February 2.",
		"2019-01-16", map[string]string{"February 2": "2019-02-02"}, nil)
	evs := find(d)
	w := only(t, evs, events.Withdrawal)
	if w.Date.Value != "2019-02-02" || !w.Planned {
		t.Errorf("withdrawal %v planned %v, want 2019-02-02, planned", w.Date, w.Planned)
	}
	for _, e := range evs {
		if e.Type == events.Talks {
			t.Errorf("undated talks are background, not an event: %+v", e)
		}
	}
}

func TestDatelineAndNewsDay(t *testing.T) {
	d := doc("BRUSSELS (Reuters) - European Union ministers on Tuesday imposed sanctions on Belarus.\n\n"+
		"The measures were agreed at a meeting of the Foreign Affairs Council.",
		"2025-12-09", map[string]string{"Tuesday": "2025-12-09"}, nil)
	evs := find(d)
	s := only(t, evs, events.Sanction)
	m := only(t, evs, events.Meeting)
	for _, e := range []schema.Event{s, m} {
		if e.Date.Value != "2025-12-09" || e.Location == nil || e.Location.Name != "Brussels" {
			t.Errorf("%s: %v at %v, want 2025-12-09 in Brussels", e.Type, e.Date, e.Location)
		}
	}
	if s.CAMEO != "163" || m.CAMEO != "04" {
		t.Errorf("CAMEO codes %q, %q; want 163, 04", s.CAMEO, m.CAMEO)
	}
}

func TestStableIDsAndKeys(t *testing.T) {
	txt := "GENEVA — U.S. and Russian officials met in Geneva on Tuesday. The United States will withdraw from the treaty on February 2."
	dates := map[string]string{"Tuesday": "2019-01-15", "February 2": "2019-02-02"}
	a := find(doc(txt, "2019-01-15", dates, nil))
	b := find(doc(txt, "2019-01-15", dates, nil))
	if len(a) != 2 || len(b) != 2 {
		t.Fatalf("want 2 events twice, got %d and %d", len(a), len(b))
	}
	for i := range a {
		if a[i].ID != b[i].ID || a[i].ID == "" {
			t.Errorf("event %d: ids %q and %q differ", i, a[i].ID, b[i].ID)
		}
	}
	if a[0].ID == a[1].ID {
		t.Error("two events share an id")
	}
	// A syndicated copy: another article id, the same text, a new
	// paragraph of its own.
	c := doc("Reprinted from Reuters.\n\n"+txt, "2019-01-15", dates, nil)
	c.Article.ID = "copy"
	evs := find(c)
	if len(evs) != 2 {
		t.Fatalf("copy: want 2 events, got %+v", evs)
	}
	for i := range evs {
		if evs[i].Key != a[i].Key {
			t.Errorf("event %d: keys %q and %q differ across copies", i, evs[i].Key, a[i].Key)
		}
		if evs[i].ID == a[i].ID {
			t.Errorf("event %d: the copy should have an id of its own", i)
		}
	}
	if find(doc(txt, "2019-01-15", dates, nil))[0].ID == events.Find(text.Parse(txt), doc(txt, "2019-01-15", dates, nil), "other")[0].ID {
		t.Error("another extractor version should give other ids")
	}
}

func TestEmpty(t *testing.T) {
	if evs := events.Find(text.Parse(""), &schema.Document{}, "v"); len(evs) != 0 {
		t.Errorf("no text, events %v", evs)
	}
	if evs := find(doc("Nothing happened here at all.", "2019-01-15", nil, nil)); len(evs) != 0 {
		t.Errorf("no events expected, got %v", evs)
	}
}

// TestKeyAcrossReports: two differently written reports of one meeting,
// a day apart, share its key.
func TestKeyAcrossReports(t *testing.T) {
	a := find(doc("GENEVA — U.S. and Russian officials met in Geneva on Tuesday to discuss the missile treaty.",
		"2019-01-15", map[string]string{"Tuesday": "2019-01-15"}, nil))
	b := find(doc("MOSCOW (Reuters) - The Kremlin said on Wednesday that talks held in Geneva on Tuesday between "+
		"Washington and Moscow had been useful. Deputy Foreign Minister Sergei Ryabkov said on Wednesday that Russia would not give in.",
		"2019-01-16", map[string]string{"Tuesday": "2019-01-15", "Wednesday": "2019-01-16"},
		map[string]string{"Sergei Ryabkov": "Ryabkov"}))
	ma := only(t, a, events.Meeting)
	var mb schema.Event
	for _, e := range b {
		if e.Type == events.Talks || e.Type == events.Meeting {
			mb = e
		}
	}
	if mb.Key == "" || ma.Key != mb.Key {
		t.Errorf("keys differ: %q and %q (events %+v)", ma.Key, mb.Key, b)
	}
	// Two statements: Ryabkov's remark, and the Kremlin's, a government
	// speaking with a date and words of its own; their keys differ.
	var keys []string
	for _, e := range b {
		if e.Type == events.Statement {
			keys = append(keys, e.Key)
		}
	}
	want := []string{"statement|2019-01-16|moscow|", "statement|2019-01-16|moscow|sergei-ryabkov"}
	if strings.Join(keys, " ") != strings.Join(want, " ") {
		t.Errorf("statement keys %q, want %q", keys, want)
	}
	for _, k := range keys {
		if k == ma.Key {
			t.Errorf("a statement shares the meeting's key %q", k)
		}
	}
}
