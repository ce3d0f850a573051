package storetest

import (
	"strings"
	"time"

	"github.com/herald-news/herald/extractors/schema"
)

const inf = "Intermediate-Range Nuclear Forces Treaty"

// Documents are three annotated articles written for these tests (made-up
// text, no corpus material), as extractor version 0.1.0 would give them:
// 3 articles, 5 people, 3 treaties, 4 dates, 4 quotes, 5 events.
func Documents() []schema.Document {
	t1 := "Talks in Geneva on January 15 ended without progress, Andrea Thompson said. " +
		"“We weren’t able to break any new ground yesterday with Russia,” Thompson told reporters. " +
		"Sergei Ryabkov led the Russian side. Washington will suspend the INF treaty in February, " +
		"calling Moscow's missile a material breach."
	t2 := "Sergei Lavrov arrived in Beijing on Saturday. “The treaty can still be saved,” Lavrov said. " +
		"The United States is to leave the INF treaty on August 2."
	t3 := "Maroš Šefčovič and Yukiya Amano met in Vienna. “The NPT remains the cornerstone,” Šefčovič said recently. " +
		"Iran's compliance was reviewed last week."
	d1 := schema.Document{
		Article: schema.Article{ID: "art-inf", URL: "https://example.org/inf-talks", Title: "No progress at INF talks",
			Published: time.Date(2019, 1, 16, 8, 30, 0, 0, time.UTC), Source: "example.org", Text: t1},
		People: []schema.Person{
			{Name: "Andrea Thompson", Titles: []string{"Under Secretary"}, Country: "United States", Mentions: mentions(t1, "Andrea Thompson", "Thompson")},
			{Name: "Sergei Ryabkov", Country: "Russia", Mentions: mentions(t1, "Sergei Ryabkov")},
		},
		Treaties: []schema.Treaty{{Name: inf, Short: "INF", Year: 1987, Mentions: mentions(t1, "INF")}},
		Dates: []schema.Date{
			date(t1, "January 15", "2019-01-15"),
			date(t1, "February", "2019-02"),
		},
		Quotes: []schema.Quote{
			quote(t1, "We weren’t able to break any new ground yesterday with Russia,", "Andrea Thompson", schema.KindDirect),
			quote(t1, "material breach", "Andrea Thompson", schema.KindPartial),
		},
		Events: []schema.Event{
			{ID: "ev-geneva", Type: "meeting", CAMEO: "043", Label: "Geneva meeting, January 15",
				Date: &schema.DateRef{Text: "January 15", Value: "2019-01-15"}, Location: &schema.Place{Name: "Geneva", Country: "Switzerland"},
				Participants: []string{"United States", "Russia"}, People: []string{"Andrea Thompson", "Sergei Ryabkov"},
				Treaties: []string{inf}, Quotes: []int{0}, Evidence: []schema.Span{{Start: 0, End: 76}}, Confidence: 0.8},
			{ID: "ev-suspend", Type: "suspension", Label: "INF suspension, February",
				Date:         &schema.DateRef{Text: "February", Value: "2019-02"},
				Participants: []string{"United States"}, People: []string{"Andrea Thompson"},
				Treaties: []string{inf}, Quotes: []int{1}, Confidence: 0.6, Planned: true},
		},
	}
	d2 := schema.Document{
		Article: schema.Article{ID: "art-lavrov", URL: "https://example.org/lavrov-beijing", Title: "Lavrov in Beijing",
			Published: time.Date(2019, 2, 2, 12, 0, 0, 0, time.UTC), Text: t2},
		People:   []schema.Person{{Name: "Sergei Lavrov", Country: "Russia", Mentions: mentions(t2, "Sergei Lavrov", "Lavrov")}},
		Treaties: []schema.Treaty{{Name: inf, Short: "INF", Year: 1987, Mentions: mentions(t2, "INF")}},
		Dates:    []schema.Date{date(t2, "August 2", "2019-08-02")},
		Quotes:   []schema.Quote{quote(t2, "The treaty can still be saved,", "Sergei Lavrov", schema.KindDirect)},
		Events: []schema.Event{
			{ID: "ev-lavrov-visit", Type: "visit", Label: "Beijing visit", Location: &schema.Place{Name: "Beijing", Country: "China"},
				Participants: []string{"Russia", "China"}, People: []string{"Sergei Lavrov"}, Quotes: []int{0}, Confidence: 0.7},
			{ID: "ev-withdraw", Type: "withdrawal", Label: "INF withdrawal, August 2",
				Date:         &schema.DateRef{Text: "August 2", Value: "2019-08-02"},
				Participants: []string{"United States"}, Treaties: []string{inf}, Confidence: 0.9, Planned: true},
		},
	}
	d3 := schema.Document{
		Article: schema.Article{ID: "art-vienna", URL: "https://example.org/vienna", Title: "NPT review in Vienna",
			Published: time.Date(2019, 5, 20, 0, 0, 0, 0, time.UTC), Text: t3},
		People: []schema.Person{
			{Name: "Maroš Šefčovič", Mentions: mentions(t3, "Maroš Šefčovič", "Šefčovič")},
			{Name: "Yukiya Amano", Mentions: mentions(t3, "Yukiya Amano")},
		},
		Treaties: []schema.Treaty{{Name: "Treaty on the Non-Proliferation of Nuclear Weapons", Short: "NPT",
			Aliases: []string{"Non-Proliferation Treaty"}, Year: 1968, Mentions: mentions(t3, "NPT")}},
		Dates:  []schema.Date{date(t3, "last week", "2019-W20")},
		Quotes: []schema.Quote{quote(t3, "The NPT remains the cornerstone,", "Maroš Šefčovič", schema.KindDirect)},
		Events: []schema.Event{
			{ID: "ev-vienna", Type: "statement", Label: "Vienna statement",
				Date: &schema.DateRef{Text: "recently", Value: "PAST_REF"}, Location: &schema.Place{Name: "Vienna"},
				Participants: []string{"European Union", "Iran"}, People: []string{"Maroš Šefčovič"},
				Treaties: []string{"Treaty on the Non-Proliferation of Nuclear Weapons"}, Confidence: 0.5},
		},
	}
	docs := []schema.Document{d1, d2, d3}
	for i := range docs {
		for j := range docs[i].Events {
			ev := &docs[i].Events[j]
			ev.ArticleID = docs[i].Article.ID
			ev.ExtractorVersion = "0.1.0"
		}
	}
	return docs
}

// Reextracted is d as extractor version 0.2.0 sees it: one event where
// 0.1.0 found several, and one quote fewer.
func Reextracted(d schema.Document) schema.Document {
	n := d
	n.Quotes = d.Quotes[:1:1]
	ev := d.Events[0]
	ev.ID = ev.ID + "-v2"
	ev.Label = "Geneva talks, January 15"
	ev.Type = "talks"
	ev.ExtractorVersion = "0.2.0"
	n.Events = []schema.Event{ev}
	return n
}

func mentions(text string, forms ...string) []schema.Mention {
	var out []schema.Mention
	for _, f := range forms {
		from := 0
		for {
			i := strings.Index(text[from:], f)
			if i < 0 {
				break
			}
			start := from + i
			out = append(out, schema.Mention{Text: f, Start: start, End: start + len(f)})
			from = start + len(f)
		}
	}
	return out
}

func date(text, s, value string) schema.Date {
	i := strings.Index(text, s)
	return schema.Date{Text: s, Value: value, Type: schema.TypeDate, Start: i, End: i + len(s)}
}

func quote(text, s, speaker, kind string) schema.Quote {
	i := strings.Index(text, s)
	return schema.Quote{Text: s, Speaker: speaker, Kind: kind, Start: i, End: i + len(s)}
}
