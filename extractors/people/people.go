// Package people finds the people an article names, with their titles, and
// ties every later mention to the fullest form of the name.
package people

import (
	"github.com/jdkato/prose/v2"

	"github.com/herald-news/herald/extractors/schema"
	"github.com/herald-news/herald/extractors/text"
)

// Recognizer finds people. It is safe for concurrent use.
type Recognizer struct{}

// New loads the recogniser's model once.
func New() (*Recognizer, error) { return &Recognizer{}, nil }

// Find returns the people of d. First version: prose's NER, one entry per
// distinct name.
func (r *Recognizer) Find(d *text.Doc) []schema.Person {
	pd, err := prose.NewDocument(d.Text, prose.WithSegmentation(false))
	if err != nil {
		return nil
	}
	var out []schema.Person
	seen := map[string]int{}
	for _, e := range pd.Entities() {
		if e.Label != "PERSON" {
			continue
		}
		i, ok := seen[e.Text]
		if !ok {
			i = len(out)
			seen[e.Text] = i
			out = append(out, schema.Person{Name: e.Text})
		}
		_ = i
	}
	return out
}
