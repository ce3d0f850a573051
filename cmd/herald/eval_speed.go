//go:build unix

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
	"syscall"
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
// corpus, the two taking turns; the best pass is reported, by the CPU time
// the process spent (which other work on a shared machine hardly changes)
// and by the wall clock.
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
	heraldLoad := time.Since(t0)
	published := time.Date(2016, 10, 1, 0, 0, 0, 0, time.UTC)
	heraldPass := func() error {
		for i, t := range texts {
			if _, err := x.Extract(schema.Article{ID: fmt.Sprint(i), Text: t, Published: published}); err != nil && !errors.Is(err, extractors.ErrEmpty) {
				return err
			}
		}
		return nil
	}
	var proseModel *prose.Model
	var proseLoad time.Duration
	prosePass := func() error {
		for _, t := range texts {
			if _, err := prose.NewDocument(t, prose.UsingModel(proseModel)); err != nil {
				return fmt.Errorf("prose: %w", err)
			}
		}
		return nil
	}
	if !*noProse {
		t0 = time.Now()
		warm, err := prose.NewDocument("Prose loads its model once.")
		if err != nil {
			return fmt.Errorf("prose: %w", err)
		}
		proseModel = warm.Model
		proseLoad = time.Since(t0)
	}
	// The passes alternate, so that both systems meet the same load from
	// the rest of the machine; CPU time is what the process itself spent.
	var herald, pr timing
	for i := 0; i < max(*rounds, 1); i++ {
		if err := herald.run(ctx, heraldPass); err != nil {
			return err
		}
		if *noProse {
			continue
		}
		if err := pr.run(ctx, prosePass); err != nil {
			return err
		}
	}
	n := float64(len(texts))
	fmt.Fprintf(e.Stdout, "%-7s %13s %13s %9s\n", "system", "articles/s", "articles/s", "KB/s")
	fmt.Fprintf(e.Stdout, "%-7s %13s %13s %9s\n", "", "(CPU time)", "(wall clock)", "(CPU)")
	fmt.Fprintf(e.Stdout, "%-7s %13.1f %13.1f %9.0f models loaded in %s\n", "herald",
		n/herald.cpu.Seconds(), n/herald.wall.Seconds(), float64(bytes)/1000/herald.cpu.Seconds(), heraldLoad.Round(time.Millisecond))
	if *noProse {
		return nil
	}
	fmt.Fprintf(e.Stdout, "%-7s %13.1f %13.1f %9.0f model loaded in %s\n", "prose",
		n/pr.cpu.Seconds(), n/pr.wall.Seconds(), float64(bytes)/1000/pr.cpu.Seconds(), proseLoad.Round(time.Millisecond))
	fmt.Fprintf(e.Stdout, "herald is %.1f times as fast as prose (CPU time; %.1f by the wall clock)\n",
		pr.cpu.Seconds()/herald.cpu.Seconds(), pr.wall.Seconds()/herald.wall.Seconds())
	return nil
}

// timing keeps the best pass of a system, by CPU time and by the wall
// clock.
type timing struct{ cpu, wall time.Duration }

func (t *timing) run(ctx context.Context, f func() error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c0, w0 := cpuTime(), time.Now()
	if err := f(); err != nil {
		return err
	}
	c, w := cpuTime()-c0, time.Since(w0)
	if t.cpu == 0 || c < t.cpu {
		t.cpu = c
	}
	if t.wall == 0 || w < t.wall {
		t.wall = w
	}
	return nil
}

// cpuTime is the user and system CPU time the process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
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
