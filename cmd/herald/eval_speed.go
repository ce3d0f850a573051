package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"time"

	"github.com/jdkato/prose/v2"

	"github.com/herald-news/herald/extractors"
	"github.com/herald-news/herald/extractors/schema"
)

func init() {
	registerEval(&evaluation{
		Name:    "speed",
		Summary: "articles per second on one core: herald's full extraction beside prose's default pipeline",
		Run:     runEvalSpeed,
	})
}

// runEvalSpeed times herald's full extraction (extractors.New, then Extract
// with every extractor on) and prose's default pipeline (NewDocument with
// default options: segmentation, tokenisation, tagging, entities) over the
// same news articles, on one core (GOMAXPROCS 1), each model loaded once
// before the clock starts. Each system runs --rounds passes over the
// corpus; the best pass is reported, the usual way to take scheduling noise
// out of a shared machine.
func runEvalSpeed(ctx context.Context, e *env, dataDir string, args []string) error {
	flags := newFlagSet(e, "eval speed", "")
	corpus := flags.String("corpus", "polnear", "articles to time: polnear (PolNeAR dev, 84 US political news articles) or conll (eng.testa documents rebuilt as text)")
	rounds := flags.Int("rounds", 3, "passes over the corpus for each system; the best is reported")
	noProse := flags.Bool("no-prose", false, "time herald alone")
	if err := parseFlags(flags, args); err != nil {
		return err
	}
	texts, err := speedCorpus(dataDir, *corpus)
	if errors.Is(err, fs.ErrNotExist) {
		fmt.Fprintf(e.Stdout, "speed: skipped: %v (the corpora are read from --data, default ../shared/data)\n", err)
		return nil
	}
	if err != nil {
		return err
	}
	if len(texts) == 0 {
		return fmt.Errorf("speed: corpus %q holds no articles", *corpus)
	}
	bytes := 0
	for _, t := range texts {
		bytes += len(t)
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	fmt.Fprintf(e.Stdout, "corpus %s: %d articles, %.1f KB on average; one core (GOMAXPROCS 1), best of %d passes\n",
		*corpus, len(texts), float64(bytes)/float64(len(texts))/1000, *rounds)

	t0 := time.Now()
	x, err := extractors.New()
	if err != nil {
		return err
	}
	load := time.Since(t0)
	published := time.Date(2016, 10, 1, 0, 0, 0, 0, time.UTC)
	herald, err := bestOf(ctx, *rounds, func() error {
		for i, t := range texts {
			if _, err := x.Extract(schema.Article{ID: fmt.Sprint(i), Text: t, Published: published}); err != nil && !errors.Is(err, extractors.ErrEmpty) {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(e.Stdout, "%-7s %8.1f articles/s  %7.0f KB/s  (models loaded in %s)\n", "herald",
		float64(len(texts))/herald.Seconds(), float64(bytes)/1000/herald.Seconds(), load.Round(time.Millisecond))
	if *noProse {
		return nil
	}
	t0 = time.Now()
	warm, err := prose.NewDocument("Prose loads its model once.")
	if err != nil {
		return fmt.Errorf("prose: %w", err)
	}
	model := warm.Model
	load = time.Since(t0)
	pr, err := bestOf(ctx, *rounds, func() error {
		for _, t := range texts {
			if _, err := prose.NewDocument(t, prose.UsingModel(model)); err != nil {
				return fmt.Errorf("prose: %w", err)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(e.Stdout, "%-7s %8.1f articles/s  %7.0f KB/s  (model loaded in %s)\n", "prose",
		float64(len(texts))/pr.Seconds(), float64(bytes)/1000/pr.Seconds(), load.Round(time.Millisecond))
	fmt.Fprintf(e.Stdout, "herald is %.1f times as fast as prose\n", pr.Seconds()/herald.Seconds())
	return nil
}

// bestOf runs f n times and returns the shortest run.
func bestOf(ctx context.Context, n int, f func() error) (time.Duration, error) {
	best := time.Duration(0)
	for i := 0; i < max(n, 1); i++ {
		if err := ctx.Err(); err != nil {
			return 0, err
		}
		t0 := time.Now()
		if err := f(); err != nil {
			return 0, err
		}
		if d := time.Since(t0); best == 0 || d < best {
			best = d
		}
	}
	return best, nil
}

// speedCorpus reads the articles to time.
func speedCorpus(dataDir, name string) ([]string, error) {
	switch name {
	case "polnear":
		dir := filepath.Join(dataDir, "polnear", "dev", "text")
		files, err := filepath.Glob(filepath.Join(dir, "*.txt"))
		if err != nil {
			return nil, err
		}
		if len(files) == 0 {
			return nil, fmt.Errorf("%s: %w", dir, fs.ErrNotExist)
		}
		sort.Strings(files)
		var out []string
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				return nil, err
			}
			out = append(out, string(b))
		}
		return out, nil
	case "conll":
		docs, err := readCoNLL(filepath.Join(dataDir, "conll2003", "eng.testa"))
		if err != nil {
			return nil, err
		}
		var out []string
		for _, d := range docs {
			var b strings.Builder
			for _, s := range d.sents {
				b.WriteString(strings.Join(s, " "))
				b.WriteByte('\n')
			}
			out = append(out, b.String())
		}
		return out, nil
	}
	return nil, fmt.Errorf("speed: unknown corpus %q (polnear or conll)", name)
}
