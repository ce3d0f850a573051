package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
)

// evaluation scores one extractor on a gold corpus. Each lives in its own
// eval_NAME.go and registers itself from init.
type evaluation struct {
	Name    string
	Summary string
	// Run scores the corpus found under dataDir (../shared/data by default)
	// and prints the figures on e.Stdout.
	Run func(ctx context.Context, e *env, dataDir string, args []string) error
}

var evaluations = map[string]*evaluation{}

func registerEval(ev *evaluation) {
	if _, dup := evaluations[ev.Name]; dup {
		panic("herald: evaluation registered twice: " + ev.Name)
	}
	evaluations[ev.Name] = ev
}

func init() {
	registerCommand(&command{
		Name:    "eval",
		Summary: "score the extractors on gold corpora (herald eval -h lists them)",
		Run:     runEval,
	})
}

func runEval(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "eval", "NAME [args]")
	data := fs.String("data", defaultDataDir(), "folder of the evaluation corpora (env HERALD_EVAL_DATA)")
	fs.Usage = func() {
		fmt.Fprintln(e.Stderr, "usage: herald eval [--data DIR] NAME [args]")
		fmt.Fprintln(e.Stderr, "\nevaluations:")
		for _, n := range evalNames() {
			fmt.Fprintf(e.Stderr, "  %-12s %s\n", n, evaluations[n].Summary)
		}
		fmt.Fprintln(e.Stderr, "\nflags:")
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return errUsage
	}
	ev, ok := evaluations[fs.Arg(0)]
	if !ok {
		fmt.Fprintf(e.Stderr, "herald eval: unknown evaluation %q\n", fs.Arg(0))
		fs.Usage()
		return errUsage
	}
	return ev.Run(ctx, e, *data, fs.Args()[1:])
}

func evalNames() []string {
	var names []string
	for n := range evaluations {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// defaultDataDir is HERALD_EVAL_DATA, else ../shared/data beside the
// project.
func defaultDataDir() string {
	if d := os.Getenv("HERALD_EVAL_DATA"); d != "" {
		return d
	}
	return filepath.Join("..", "shared", "data")
}

// prf is precision, recall and F1 from the true positives among pred
// predictions of gold items; a ratio with nothing to divide by is 0.
func prf(tp, pred, gold int) (p, r, f float64) {
	if pred > 0 {
		p = float64(tp) / float64(pred)
	}
	if gold > 0 {
		r = float64(tp) / float64(gold)
	}
	if p+r > 0 {
		f = 2 * p * r / (p + r)
	}
	return p, r, f
}
