package dates

import (
	"os"
	"testing"

	"github.com/herald-news/herald/extractors/text"
)

func TestZZDebugTense(t *testing.T) {
	s := os.Getenv("ZZ")
	if s == "" {
		t.Skip()
	}
	d := text.Parse(s)
	p := newParser(d)
	for _, m := range p.scan() {
		t.Logf("%q dir=%d val=%s", d.Text[d.Tokens[m.first].Start:d.Tokens[m.last-1].End], p.tenseAt(m.first, m.last), m.val(newRef(wed), nil))
	}
}
