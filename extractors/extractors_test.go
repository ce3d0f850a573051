package extractors

import (
	"encoding/json"
	"testing"

	"github.com/herald-news/herald/extractors/schema"
)

// Offsets stay right through JSON when the input holds invalid UTF-8.
func TestOffsetsSurviveInvalidUTF8(t *testing.T) {
	x, err := New()
	if err != nil {
		t.Fatal(err)
	}
	doc, err := x.Extract(schema.Article{ID: "a", Text: "Caf\xe9 talk. Russian Foreign Minister Sergei Lavrov said the talks failed."})
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	var back schema.Document
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if len(back.People) == 0 {
		t.Fatal("no person found")
	}
	for _, m := range back.People[0].Mentions {
		if got := back.Article.Text[m.Start:m.End]; got != m.Text {
			t.Errorf("mention %q at [%d,%d) reads %q after JSON", m.Text, m.Start, m.End, got)
		}
	}
}
