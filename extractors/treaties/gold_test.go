package treaties

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/herald-news/herald/extractors/text"
)

// goldFile is the treaty part of a gold file of the extraction contract.
type goldFile struct {
	ID        string `json:"id"`
	File      string `json:"file"`
	Published string `json:"published"`
	Treaties  []struct {
		Name    string   `json:"name"`
		Aliases []string `json:"aliases"`
		Year    int      `json:"year"`
	} `json:"treaties"`
	Optional []struct {
		Name    string   `json:"name"`
		Aliases []string `json:"aliases"`
	} `json:"optional_treaties"`
}

// goldCorpora are the gold sets this test scores, relative to the package:
// the shared seed (outside the repository) and the project's own
// hand-written articles.
var goldCorpora = []string{"../../../shared/gold/seed", "../../testdata/articles"}

// contractFold folds a name as the contract's matching does: case and
// punctuation.
func contractFold(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

type score struct{ tp, fp, fn, years, yearsRight int }

func (s *score) add(o score) {
	s.tp += o.tp
	s.fp += o.fp
	s.fn += o.fn
	s.years += o.years
	s.yearsRight += o.yearsRight
}

func (s score) precision() float64 { return ratio(s.tp, s.tp+s.fp) }
func (s score) recall() float64    { return ratio(s.tp, s.tp+s.fn) }
func (s score) f1() float64 {
	p, r := s.precision(), s.recall()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

// scoreGold scores one gold file as the contract says: a prediction
// matches a gold treaty when its name, after case and punctuation folding,
// is the gold name or one of its aliases; optional treaties count neither
// way.
func scoreGold(t *testing.T, f *Finder, dir string, g goldFile) score {
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
	for _, gt := range g.Treaties {
		names := map[string]bool{contractFold(gt.Name): true}
		for _, a := range gt.Aliases {
			names[contractFold(a)] = true
		}
		hit := -1
		for i, p := range got {
			if !used[i] && names[contractFold(p.Name)] {
				hit = i
				break
			}
		}
		if hit < 0 {
			s.fn++
			t.Logf("%s: missed %q", g.File, gt.Name)
			continue
		}
		used[hit] = true
		s.tp++
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
		for _, o := range g.Optional {
			if n := contractFold(p.Name); n == contractFold(o.Name) {
				optional = true
			}
			for _, a := range o.Aliases {
				if contractFold(p.Name) == contractFold(a) {
					optional = true
				}
			}
		}
		if !optional {
			s.fp++
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
			var g goldFile
			if err := json.Unmarshal(b, &g); err != nil {
				t.Fatalf("%s: %v", p, err)
			}
			s := scoreGold(t, f, dir, g)
			total.add(s)
			if strings.HasSuffix(dir, "seed") && (s.fp != 0 || s.fn != 0 || s.yearsRight != s.years) {
				t.Errorf("%s: seed gold not met: %d found, %d invented, %d missed, %d/%d years right", g.File, s.tp, s.fp, s.fn, s.yearsRight, s.years)
			}
		}
		t.Logf("%s: %d articles, treaties P %.3f R %.3f F1 %.3f (tp %d, fp %d, fn %d), years %d/%d",
			filepath.Base(dir), len(paths), total.precision(), total.recall(), total.f1(), total.tp, total.fp, total.fn, total.yearsRight, total.years)
	}
	if ran == 0 {
		t.Skip("no gold corpus found (../shared/gold beside the project, testdata/articles)")
	}
}
