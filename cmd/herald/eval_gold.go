package main

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/herald-news/herald/extractors"
	"github.com/herald-news/herald/extractors/events/goldmatch"
	"github.com/herald-news/herald/extractors/schema"
)

func init() {
	registerEval(&evaluation{
		Name:    "gold",
		Summary: "the whole pipeline on hand-annotated *.gold.json articles (P/R/F1 per category, events included)",
		Run:     runEvalGold,
	})
}

// goldDirs is a repeatable --gold flag.
type goldDirs []string

func (g *goldDirs) String() string { return strings.Join(*g, ",") }
func (g *goldDirs) Set(v string) error {
	*g = append(*g, v)
	return nil
}

func runEvalGold(ctx context.Context, e *env, dataDir string, args []string) error {
	fs := newFlagSet(e, "eval gold", "")
	var dirs goldDirs
	fs.Var(&dirs, "gold", "folder searched for *.gold.json, repeatable (default: the gold folder beside --data, i.e. ../shared/gold, and testdata/articles)")
	verbose := fs.Bool("v", false, "list every miss and invention per file")
	perFile := fs.Bool("files", true, "print a line of F1 figures per file")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if len(dirs) == 0 {
		dirs = goldDirs{filepath.Join(filepath.Dir(filepath.Clean(dataDir)), "gold"), filepath.Join("testdata", "articles")}
	}
	var files []string
	for _, d := range dirs {
		found, err := findGold(d)
		if err != nil {
			fmt.Fprintf(e.Stdout, "gold: no gold files under %s (%v); skipped\n", d, err)
			continue
		}
		files = append(files, found...)
	}
	if len(files) == 0 {
		fmt.Fprintln(e.Stdout, "gold: nothing to score")
		return nil
	}
	x, err := extractors.New()
	if err != nil {
		return err
	}
	var total goldmatch.Result
	if *perFile {
		fmt.Fprintf(e.Stdout, "%-40s %s\n", "file (F1)", strings.Join(goldmatch.Categories, "  "))
	}
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return err
		}
		name := strings.TrimSuffix(f, ".gold.json")
		for _, d := range dirs {
			if rel, err := filepath.Rel(d, f); err == nil && !strings.HasPrefix(rel, "..") {
				name = strings.TrimSuffix(rel, ".gold.json")
				break
			}
		}
		g, doc, err := extractGold(x, f)
		if err != nil {
			return err
		}
		r := goldmatch.Score(g, doc)
		total.Add(r)
		if *perFile {
			var cells []string
			for _, c := range goldmatch.Categories {
				cells = append(cells, fmt.Sprintf("%*.2f", len(c), r.Counts[c].F1()))
			}
			fmt.Fprintf(e.Stdout, "%-40s %s\n", name, strings.Join(cells, "  "))
		}
		if *verbose {
			printDiffs(e.Stdout, name, r)
		}
	}
	fmt.Fprintf(e.Stdout, "\n%d files\n%-12s %6s %6s %6s %12s %12s\n", len(files), "category", "P", "R", "F1", "right/pred", "found/gold")
	for _, c := range goldmatch.Categories {
		n := total.Counts[c]
		fmt.Fprintf(e.Stdout, "%-12s %6.3f %6.3f %6.3f %12s %12s\n", c, n.P(), n.R(), n.F1(),
			fmt.Sprintf("%d/%d", n.TP, n.Pred), fmt.Sprintf("%d/%d", n.Hit, n.Gold))
	}
	return nil
}

func printDiffs(w io.Writer, id string, r *goldmatch.Result) {
	for _, m := range r.Misses {
		fmt.Fprintf(w, "  %s  miss       %s\n", id, m)
	}
	for _, m := range r.Inventions {
		fmt.Fprintf(w, "  %s  invention  %s\n", id, m)
	}
}

// findGold lists the *.gold.json files under dir, sorted.
func findGold(dir string) ([]string, error) {
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(p, ".gold.json") {
			out = append(out, p)
		}
		return nil
	})
	if err == nil && len(out) == 0 {
		err = fs.ErrNotExist
	}
	sort.Strings(out)
	return out, err
}

// extractGold reads a gold file and its article and runs the extractors on
// the article, as `herald extract --published` would.
func extractGold(x *extractors.Extractor, path string) (*goldmatch.Gold, *schema.Document, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, err
	}
	g, err := goldmatch.Parse(b)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	name := g.File
	if name == "" {
		name = strings.TrimSuffix(filepath.Base(path), ".gold.json") + ".txt"
	}
	txt, err := os.ReadFile(filepath.Join(filepath.Dir(path), name))
	if err != nil {
		return nil, nil, err
	}
	a := schema.Article{ID: g.ID, Text: string(txt)}
	if a.ID == "" {
		a.ID = strings.TrimSuffix(name, ".txt")
	}
	if g.Published != "" {
		t, err := time.Parse(time.DateOnly, g.Published)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: published: %w", path, err)
		}
		a.Published = t
	}
	doc, err := x.Extract(a)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	return g, &doc, nil
}
