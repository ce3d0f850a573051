package events

import (
	"strings"
	"testing"
	"time"

	"github.com/herald-news/herald/extractors/dates"
	"github.com/herald-news/herald/extractors/schema"
	"github.com/herald-news/herald/extractors/text"
)

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

func TestSanctionLabelNamesTheTarget(t *testing.T) {
	doc := &schema.Document{Article: schema.Article{ID: "s", Published: time.Date(2025, 12, 9, 0, 0, 0, 0, time.UTC),
		Text: "BRUSSELS, Dec 9 (Reuters) - European Union foreign ministers on Tuesday imposed sanctions on 25 Belarusian officials and eight companies."}}
	d := text.Parse(doc.Article.Text)
	doc.Dates = dates.Find(d, doc.Article.Published)
	var labels []string
	for _, ev := range Find(d, doc, "test") {
		if ev.Type == Sanction {
			labels = append(labels, ev.Label)
		}
	}
	if len(labels) != 1 || !strings.Contains(labels[0], "sanctions on Belarus") {
		t.Fatalf("sanction labels %q, want one naming Belarus (not Belgium, the dateline's country)", labels)
	}
}
