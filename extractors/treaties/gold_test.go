package treaties

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/herald-news/herald/extractors/events/goldmatch"
	"github.com/herald-news/herald/extractors/text"
)

// goldCorpora are the gold sets this test scores, relative to the package:
// the shared seed (outside the repository) and the project's own
// hand-written articles.
var goldCorpora = []string{"../../../shared/gold/seed", "../../testdata/articles"}

// score is the treaty tally of the gold files (P, R and F1 as `herald eval
// gold` computes them) and how many of the matched treaties' years are right.
type score struct {
	goldmatch.Count
	years, yearsRight int
}

func (s *score) add(o score) {
	s.Count.Add(o.Count)
	s.years += o.years
	s.yearsRight += o.yearsRight
}

// scoreGold scores one gold file as the contract says (goldmatch's rule): a
// prediction matches a gold treaty when its name or short form, after case
// and punctuation folding, is the gold name or one of its aliases; optional
// treaties count neither way.
func scoreGold(t *testing.T, f *Finder, dir string, g *goldmatch.Gold) score {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, g.File))
	if err != nil {
		t.Fatal(err)
	}
	var pub time.Time
	if g.Published != "" {
		if pub, err = time.Parse("2006-01-02", g.Published[:min(10, len(g.Published))]); err != nil {
			t.Fatalf("%s: published: %v", g.File, err)
		}
	}
	got := f.FindPublished(text.Parse(string(b)), pub)
	var s score
	used := make([]bool, len(got))
	s.Gold = len(g.Treaties)
	for _, gt := range g.Treaties {
		hit := -1
		for i, p := range got {
			if !used[i] && goldmatch.TreatyMatches(p, gt) {
				hit = i
				break
			}
		}
		if hit < 0 {
			t.Logf("%s: missed %q", g.File, gt.Name)
			continue
		}
		used[hit] = true
		s.TP++
		s.Pred++
		s.Hit++
		if gt.Year != 0 {
			s.years++
			if got[hit].Year == gt.Year {
				s.yearsRight++
			} else {
				t.Logf("%s: %q year %d, gold %d", g.File, gt.Name, got[hit].Year, gt.Year)
			}
		}
	}
	for i, p := range got {
		if used[i] {
			continue
		}
		optional := false
		for _, o := range g.OptionalTreaties {
			optional = optional || goldmatch.TreatyMatches(p, o)
		}
		if !optional {
			s.Pred++
			t.Logf("%s: invented %q", g.File, p.Name)
		}
	}
	return s
}

// TestGold scores the finder on the gold corpora and requires the seed
// article to come out exactly: every treaty, none invented, the right
// years. Figures: go test -run TestGold -v ./extractors/treaties/
func TestGold(t *testing.T) {
	f := newFinder(t)
	ran := 0
	for _, dir := range goldCorpora {
		paths, _ := filepath.Glob(filepath.Join(dir, "*.gold.json"))
		if len(paths) == 0 {
			t.Logf("%s: no gold files here, skipped", dir)
			continue
		}
		ran++
		var total score
		for _, p := range paths {
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			g, err := goldmatch.Parse(b)
			if err != nil {
				t.Fatalf("%s: %v", p, err)
			}
			s := scoreGold(t, f, dir, g)
			total.add(s)
			if strings.HasSuffix(dir, "seed") && (s.TP != s.Pred || s.Hit != s.Gold || s.yearsRight != s.years) {
				t.Errorf("%s: seed gold not met: %d found, %d invented, %d missed, %d/%d years right", g.File, s.TP, s.Pred-s.TP, s.Gold-s.Hit, s.yearsRight, s.years)
			}
		}
		t.Logf("%s: %d articles, treaties P %.3f R %.3f F1 %.3f (tp %d, fp %d, fn %d), years %d/%d",
			filepath.Base(dir), len(paths), total.P(), total.R(), total.F1(), total.TP, total.Pred-total.TP, total.Gold-total.Hit, total.yearsRight, total.years)
	}
	if ran == 0 {
		t.Skip("no gold corpus found (../shared/gold beside the project, testdata/articles)")
	}
}
