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
	"unicode"

	"codeberg.org/readeck/go-readability/v2"
	trafilatura "github.com/markusmobius/go-trafilatura"

	"github.com/herald-news/herald/extractors/page"
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
// benchmark's own rule: token 4-gram shingles per page, tp/fp/fn
// normalised per page, precision and recall averaged over pages, F1 from
// the averages.
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
		var scores []shingleScore
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
			s := shingleMatch(gold[id].ArticleBody, text, 4)
			scores = append(scores, s)
			if verbose {
				fmt.Fprintf(e.Stdout, "  %s %s P=%.3f R=%.3f %s\n", name, id, s.precision(), s.recall(), gold[id].URL)
			}
		}
		p, r, f := shingleMetrics(scores)
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

// shingleScore is one page's tp, fp, fn over 4-gram shingles, normalised
// to sum to 1 so that long pages weigh no more than short ones.
type shingleScore struct{ tp, fp, fn float64 }

func (s shingleScore) precision() float64 {
	switch {
	case s.fp == 0 && s.fn == 0:
		return 1
	case s.tp == 0 && s.fp == 0:
		return 0
	}
	return s.tp / (s.tp + s.fp)
}

func (s shingleScore) recall() float64 {
	switch {
	case s.fp == 0 && s.fn == 0:
		return 1
	case s.tp == 0 && s.fn == 0:
		return 0
	}
	return s.tp / (s.tp + s.fn)
}

// shingleMetrics averages precision over the pages with a prediction
// (tp+fp > 0) and recall over the pages with gold text (tp+fn > 0), as
// the benchmark's evaluate.py does, then takes F1 of the two means.
func shingleMetrics(scores []shingleScore) (p, r, f float64) {
	var np, nr int
	for _, s := range scores {
		if s.tp+s.fp > 0 {
			p += s.precision()
			np++
		}
		if s.tp+s.fn > 0 {
			r += s.recall()
			nr++
		}
	}
	if np > 0 {
		p /= float64(np)
	}
	if nr > 0 {
		r /= float64(nr)
	}
	if p+r > 0 {
		f = 2 * p * r / (p + r)
	}
	return p, r, f
}

func shingleMatch(gold, pred string, n int) shingleScore {
	g, p := shingles(gold, n), shingles(pred, n)
	var s shingleScore
	for k, gc := range g {
		pc := p[k]
		s.tp += float64(min(gc, pc))
		s.fn += float64(max(0, gc-pc))
	}
	for k, pc := range p {
		s.fp += float64(max(0, pc-g[k]))
	}
	if sum := s.tp + s.fp + s.fn; sum > 0 {
		s.tp, s.fp, s.fn = s.tp/sum, s.fp/sum, s.fn/sum
	}
	return s
}

// shingles counts the n-grams of word tokens; like the benchmark, a text
// shorter than n tokens gives one shorter shingle, and an empty one none.
func shingles(text string, n int) map[string]int {
	toks := wordTokens(text)
	out := map[string]int{}
	for i := 0; i < max(1, len(toks)-n+1); i++ {
		end := min(i+n, len(toks))
		if end <= i {
			break
		}
		out[strings.Join(toks[i:end], "\x00")]++
	}
	return out
}

// wordTokens is Python's re.findall(r'\w+') on str: runs of letters,
// numbers and underscores, case kept.
func wordTokens(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsNumber(r) || r == '_')
	})
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
			text = normSnippet(text)
			for _, w := range g.With {
				if strings.Contains(text, normSnippet(w)) {
					tp++
				} else {
					fn++
					if verbose {
						fmt.Fprintf(e.Stdout, "  %s missed %q in %s\n", name, w, g.File)
					}
				}
			}
			for _, w := range g.Without {
				if strings.Contains(text, normSnippet(w)) {
					fp++
					if verbose {
						fmt.Fprintf(e.Stdout, "  %s kept %q in %s\n", name, w, g.File)
					}
				} else {
					tn++
				}
			}
		}
		p := float64(tp) / float64(max(1, tp+fp))
		r := float64(tp) / float64(max(1, tp+fn))
		f := 0.0
		if p+r > 0 {
			f = 2 * p * r / (p + r)
		}
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

// normSnippet collapses white space so that a snippet matches across line
// breaks, as trafilatura's own evaluation does.
func normSnippet(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
