package timeml

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/herald-news/herald/extractors/dates"
	"github.com/herald-news/herald/extractors/text"
)

func TestReadAndScore(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "x.tml")
	doc := `<?xml version="1.0" ?>
<TimeML>
<DCT><TIMEX3 tid="t0" type="DATE" value="1998-01-08" functionInDocument="CREATION_TIME">19980108</TIMEX3></DCT>
<TEXT>
Prices fell &amp; rose <TIMEX3 tid="t1" type="DATE" value="1998-01-07">yesterday</TIMEX3> after <TIMEX3 tid="t2" type="DURATION" value="P5Y">five years</TIMEX3> in <TIMEX3 tid="t3" type="DATE" value="198">the 1980s</TIMEX3>.
</TEXT>
</TimeML>`
	if err := os.WriteFile(path, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	d, err := Read(path)
	if err != nil {
		t.Fatal(err)
	}
	if d.DCT.Format("2006-01-02") != "1998-01-08" || len(d.Gold) != 3 {
		t.Fatalf("read %+v", d)
	}
	for _, g := range d.Gold {
		t.Logf("%q %s", d.Text[g.Start:g.End], g.Value)
	}
	if got := d.Text[d.Gold[0].Start:d.Gold[0].End]; got != "yesterday" {
		t.Errorf("gold span %q, want yesterday (entities unescaped before offsets are taken)", got)
	}
	var s Score
	found := []Timex{
		{Start: d.Gold[0].Start, End: d.Gold[0].End, Type: "DATE", Value: "1998-01-07"},  // exact, right
		{Start: d.Gold[1].Start + 5, End: d.Gold[1].End, Type: "DURATION", Value: "P6Y"}, // overlap, wrong value
		{Start: d.Gold[2].Start, End: d.Gold[2].End, Type: "DATE", Value: "198X"},        // decade notation
		{Start: 0, End: 3, Type: "DATE", Value: "PRESENT_REF"},                           // spurious
	}
	misses := s.Add(d.Gold, found)
	if s.Strict != 2 || s.Relaxed != 3 || s.Value != 2 || s.Type != 3 || len(misses) != 2 {
		t.Errorf("score %+v, misses %+v", s, misses)
	}
	if f := s.RelaxedSpan().F1; f < 0.857 || f > 0.858 {
		t.Errorf("relaxed F1 %.4f, want 6/7", f)
	}
	if v := s.ValueF1(); v < 0.571 || v > 0.572 {
		t.Errorf("value F1 %.4f, want 6/7 x 2/3", v)
	}
}

// TestTBAQFloor keeps the dates extractor from sliding back on TempEval-3's
// training data, when it is present (../shared/data beside the project).
func TestTBAQFloor(t *testing.T) {
	root := filepath.Join("..", "..", "..", "..", "shared", "data", "tempeval3", "TBAQ-cleaned")
	if _, err := os.Stat(root); err != nil {
		t.Skipf("TBAQ-cleaned not available (%v)", err)
	}
	var total Score
	for _, sub := range Corpora {
		files, err := Files(root, sub)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			doc, err := Read(f)
			if err != nil {
				t.Fatal(err)
			}
			var found []Timex
			for _, x := range dates.Find(text.Parse(doc.Text), doc.DCT) {
				found = append(found, Timex{Start: x.Start, End: x.End, Type: x.Type, Value: x.Value})
			}
			total.Add(doc.Gold, found)
		}
	}
	if total.Docs != 256 || total.Gold != 1822 {
		t.Errorf("read %d docs, %d expressions; want 256, 1822", total.Docs, total.Gold)
	}
	if rf, vf := total.RelaxedSpan().F1, total.ValueF1(); rf < 0.94 || vf < 0.815 {
		t.Errorf("relaxed F1 %.3f (floor 0.94), value F1 %.3f (floor 0.815)", rf, vf)
	}
}
