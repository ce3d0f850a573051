package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	nurl "net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"codeberg.org/readeck/go-readability/v2"
	trafilatura "github.com/markusmobius/go-trafilatura"

	"github.com/herald-news/herald/extractors/page"
	pagescore "github.com/herald-news/herald/extractors/page/score"
	"github.com/herald-news/herald/extractors/schema"
)

func init() {
	registerEval(&evaluation{
		Name:    "articles",
		Summary: "main-text extraction on the article-extraction benchmark (shingle F1)",
		Run:     runEvalArticles,
	})
	registerEval(&evaluation{
		Name:    "trafilatura",
		Summary: "main-text extraction on trafilatura's English snippets (P/R/F1)",
		Run:     runEvalTrafilatura,
	})
}

// extractorFunc turns a page into main text; the evaluations compare
// herald's page.Extract with the libraries it builds on.
type extractorFunc func(html []byte, url string) (string, error)

var pageExtractors = map[string]extractorFunc{
	// herald is what `herald extract --format html` puts in article.text:
	// page.Extract, then Fill.
	"herald": func(h []byte, url string) (string, error) {
		p, err := page.Extract(h, url)
		if err != nil {
			return "", err
		}
		return p.Fill(schema.Article{URL: url}).Text, nil
	},
	"go-trafilatura": func(h []byte, url string) (string, error) {
		opts := trafilatura.Options{EnableFallback: true, ExcludeComments: true, HtmlDateMode: trafilatura.Disabled}
		if u, err := nurl.ParseRequestURI(url); err == nil {
			opts.OriginalURL = u
		}
		s, err := page.Decode(h, "")
		if err != nil {
			return "", err
		}
		r, err := trafilatura.Extract(strings.NewReader(s), opts)
		if err != nil {
			return "", err
		}
		return r.ContentText, nil
	},
	"go-readability": func(h []byte, url string) (string, error) {
		u, _ := nurl.ParseRequestURI(url)
		s, err := page.Decode(h, "")
		if err != nil {
			return "", err
		}
		p := readability.NewParser()
		a, err := p.Parse(strings.NewReader(s), u)
		if err != nil {
			return "", err
		}
		var b bytes.Buffer
		if err := a.RenderText(&b); err != nil {
			return "", err
		}
		return b.String(), nil
	},
}

func evalFlags(e *env, name string, args []string) (engines []string, verbose bool, err error) {
	fs := newFlagSet(e, "eval "+name, "")
	eng := fs.String("engines", "herald", "comma-separated extractors to score: herald, go-trafilatura, go-readability, or all")
	v := fs.Bool("v", false, "print each page's score")
	if err := parseFlags(fs, args); err != nil {
		return nil, false, err
	}
	if *eng == "all" {
		*eng = "herald,go-trafilatura,go-readability"
	}
	for _, n := range strings.Split(*eng, ",") {
		if _, ok := pageExtractors[n]; !ok {
			fmt.Fprintf(e.Stderr, "unknown extractor %q\n", n)
			return nil, false, errUsage
		}
		engines = append(engines, n)
	}
	return engines, *v, nil
}

// runEvalArticles scores main-text extraction on the article-extraction
// benchmark (github.com/scrapinghub/article-extraction-benchmark) with the
// benchmark's own rule (package score): token 4-gram shingles per page,
// tp/fp/fn normalised per page, precision and recall averaged over pages,
// F1 from the averages.
func runEvalArticles(ctx context.Context, e *env, dataDir string, args []string) error {
	engines, verbose, err := evalFlags(e, "articles", args)
	if err != nil {
		return err
	}
	dir := filepath.Join(dataDir, "article-extraction")
	raw, err := os.ReadFile(filepath.Join(dir, "ground-truth.json"))
	if errors.Is(err, fs.ErrNotExist) {
		fmt.Fprintf(e.Stderr, "herald eval articles: %s not found: skipping (set --data or HERALD_EVAL_DATA)\n", dir)
		return nil
	}
	if err != nil {
		return err
	}
	var gold map[string]struct {
		ArticleBody string `json:"articleBody"`
		URL         string `json:"url"`
	}
	if err := json.Unmarshal(raw, &gold); err != nil {
		return fmt.Errorf("read ground truth: %w", err)
	}
	ids := make([]string, 0, len(gold))
	for id := range gold {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	fmt.Fprintf(e.Stdout, "article-extraction benchmark: %d pages (%s)\n", len(ids), dir)
	fmt.Fprintf(e.Stdout, "%-16s %9s %9s %9s %10s\n", "extractor", "precision", "recall", "F1", "ms/page")
	for _, name := range engines {
		x := pageExtractors[name]
		var scores []pagescore.Shingle
		start := time.Now()
		for _, id := range ids {
			if err := ctx.Err(); err != nil {
				return err
			}
			h, err := readGz(filepath.Join(dir, "html", id+".html.gz"))
			if err != nil {
				return err
			}
			text, err := x(h, gold[id].URL)
			if err != nil {
				text = ""
			}
			s := pagescore.Match(gold[id].ArticleBody, text, 4)
			scores = append(scores, s)
			if verbose {
				fmt.Fprintf(e.Stdout, "  %s %s P=%.3f R=%.3f %s\n", name, id, s.Precision(), s.Recall(), gold[id].URL)
			}
		}
		p, r, f := pagescore.Metrics(scores)
		ms := float64(time.Since(start).Milliseconds()) / float64(len(ids))
		fmt.Fprintf(e.Stdout, "%-16s %9.3f %9.3f %9.3f %10.0f\n", name, p, r, f, ms)
	}
	return nil
}

func readGz(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return io.ReadAll(zr)
}

// runEvalTrafilatura scores extraction on trafilatura's English evaluation
// set: each page has snippets that must appear in the main text and
// snippets that must not. A "with" snippet found is a true positive, one
// missing a false negative; a "without" snippet found is a false positive,
// one absent a true negative.
func runEvalTrafilatura(ctx context.Context, e *env, dataDir string, args []string) error {
	engines, verbose, err := evalFlags(e, "trafilatura", args)
	if err != nil {
		return err
	}
	dir := filepath.Join(dataDir, "trafilatura-eval-en")
	raw, err := os.ReadFile(filepath.Join(dir, "evaldata-en.json"))
	if errors.Is(err, fs.ErrNotExist) {
		fmt.Fprintf(e.Stderr, "herald eval trafilatura: %s not found: skipping (set --data or HERALD_EVAL_DATA)\n", dir)
		return nil
	}
	if err != nil {
		return err
	}
	var gold map[string]struct {
		File    string   `json:"file"`
		With    []string `json:"with"`
		Without []string `json:"without"`
	}
	if err := json.Unmarshal(raw, &gold); err != nil {
		return fmt.Errorf("read snippets: %w", err)
	}
	urls := make([]string, 0, len(gold))
	for u := range gold {
		urls = append(urls, u)
	}
	sort.Strings(urls)
	fmt.Fprintf(e.Stdout, "trafilatura English evaluation set: %d pages (%s)\n", len(urls), dir)
	fmt.Fprintf(e.Stdout, "%-16s %9s %9s %9s %9s %10s\n", "extractor", "precision", "recall", "F1", "accuracy", "ms/page")
	for _, name := range engines {
		x := pageExtractors[name]
		var tp, fp, tn, fn int
		start := time.Now()
		n := 0
		for _, u := range urls {
			if err := ctx.Err(); err != nil {
				return err
			}
			g := gold[u]
			h, err := readPage(filepath.Join(dir, "html", g.File))
			if err != nil {
				fmt.Fprintf(e.Stderr, "skip %s: %v\n", g.File, err)
				continue
			}
			n++
			text, err := x(h, u)
			if err != nil {
				text = ""
			}
			a, b, c, d := pagescore.Snippets(text, g.With, g.Without)
			tp, fn, fp, tn = tp+a, fn+b, fp+c, tn+d
			if verbose && (b > 0 || c > 0) {
				fmt.Fprintf(e.Stdout, "  %s %s: %d of %d wanted snippets missed, %d of %d unwanted kept\n", name, g.File, b, len(g.With), c, len(g.Without))
			}
		}
		p, r, f := prf(tp, tp+fp, tp+fn)
		acc := float64(tp+tn) / float64(max(1, tp+tn+fp+fn))
		ms := float64(time.Since(start).Milliseconds()) / float64(max(1, n))
		fmt.Fprintf(e.Stdout, "%-16s %9.3f %9.3f %9.3f %9.3f %10.0f\n", name, p, r, f, acc, ms)
	}
	return nil
}

// readPage reads a page file, gzipped or not.
func readPage(path string) ([]byte, error) {
	if _, err := os.Stat(path); err != nil {
		if _, gzErr := os.Stat(path + ".gz"); gzErr == nil {
			return readGz(path + ".gz")
		}
		return nil, err
	}
	if strings.HasSuffix(path, ".gz") {
		return readGz(path)
	}
	return os.ReadFile(path)
}
