package page

import (
	"compress/gzip"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/herald-news/herald/extractors/page/score"
)

// dataDir is the evaluation corpora beside the project (never copied in).
var dataDir = filepath.Join("..", "..", "..", "shared", "data")

// TestArticleExtractionBenchmark guards the main-text figure on the
// development half of the article-extraction benchmark: shingle F1 must
// stay above go-trafilatura's published 0.960.
func TestArticleExtractionBenchmark(t *testing.T) {
	skipSlow(t)
	dir := filepath.Join(dataDir, "article-extraction")
	raw, err := os.ReadFile(filepath.Join(dir, "ground-truth.json"))
	if err != nil {
		t.Skip("article-extraction benchmark not found beside the project:", err)
	}
	var gold map[string]struct {
		ArticleBody string `json:"articleBody"`
		URL         string `json:"url"`
	}
	if err := json.Unmarshal(raw, &gold); err != nil {
		t.Fatal(err)
	}
	ids := make([]string, 0, len(gold))
	for id := range gold {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	var scores []score.Shingle
	for _, id := range ids {
		h, err := readGzip(filepath.Join(dir, "html", id+".html.gz"))
		if err != nil {
			t.Fatal(err)
		}
		p, err := Extract(h, gold[id].URL)
		if err != nil {
			t.Errorf("%s: %v", id, err)
		}
		s := score.Match(gold[id].ArticleBody, p.Text, 4)
		if testing.Verbose() && (s.Precision() < 0.9 || s.Recall() < 0.9) {
			t.Logf("%s P=%.3f R=%.3f %s %s", id[:12], s.Precision(), s.Recall(), p.Method, gold[id].URL)
		}
		scores = append(scores, s)
	}
	pr, rc, f1 := score.Metrics(scores)
	t.Logf("%d pages: precision %.3f recall %.3f F1 %.3f", len(ids), pr, rc, f1)
	if f1 < 0.960 {
		t.Errorf("F1 %.3f below 0.960", f1)
	}
}

// TestTrafilaturaSnippets guards the figure on trafilatura's English
// evaluation set.
func TestTrafilaturaSnippets(t *testing.T) {
	skipSlow(t)
	dir := filepath.Join(dataDir, "trafilatura-eval-en")
	raw, err := os.ReadFile(filepath.Join(dir, "evaldata-en.json"))
	if err != nil {
		t.Skip("trafilatura evaluation set not found beside the project:", err)
	}
	var gold map[string]struct {
		File    string   `json:"file"`
		With    []string `json:"with"`
		Without []string `json:"without"`
	}
	if err := json.Unmarshal(raw, &gold); err != nil {
		t.Fatal(err)
	}
	var tp, fn, fp, tn int
	for u, g := range gold {
		path := filepath.Join(dir, "html", g.File)
		h, err := os.ReadFile(path)
		if err != nil {
			if h, err = readGzip(path + ".gz"); err != nil {
				continue
			}
		}
		p, _ := Extract(h, u)
		a, b, c, d := score.Snippets(p.Text, g.With, g.Without)
		tp, fn, fp, tn = tp+a, fn+b, fp+c, tn+d
	}
	pr := float64(tp) / float64(max(1, tp+fp))
	rc := float64(tp) / float64(max(1, tp+fn))
	f1 := 2 * pr * rc / (pr + rc)
	t.Logf("precision %.3f recall %.3f F1 %.3f (tp %d fn %d fp %d tn %d)", pr, rc, f1, tp, fn, fp, tn)
	if f1 < 0.90 {
		t.Errorf("F1 %.3f below 0.90", f1)
	}
}

func readGzip(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, err
	}
	return io.ReadAll(zr)
}

// skipSlow skips the corpus tests in -short mode and under -race.
func skipSlow(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("corpus test: run without -short and -race")
	}
}
