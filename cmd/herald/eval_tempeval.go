package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/herald-news/herald/extractors/dates"
	"github.com/herald-news/herald/extractors/dates/timeml"
	"github.com/herald-news/herald/extractors/text"
)

// The tempeval evaluation scores the dates extractor on TempEval-3's
// training data, TBAQ-cleaned (TimeBank and AQUAINT), read from the TimeML
// files themselves: the text between the tags is the article, the
// CREATION_TIME of <DCT> its publication date, each <TIMEX3> in <TEXT> a
// gold expression. It prints TempEval-3's measures per sub-corpus and
// overall (see docs/dates.md).

func init() {
	registerEval(&evaluation{
		Name:    "tempeval",
		Summary: "time expressions on TempEval-3 TBAQ-cleaned (TimeBank, AQUAINT): span F1, value F1, type accuracy",
		Run:     runTempEval,
	})
}

func runTempEval(ctx context.Context, e *env, dataDir string, args []string) error {
	fs := newFlagSet(e, "eval tempeval", "")
	nErr := fs.Int("errors", 0, "print up to `N` misses, spurious finds, wrong values and inexact spans per sub-corpus")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	root := filepath.Join(dataDir, "tempeval3", "TBAQ-cleaned")
	if _, err := os.Stat(root); err != nil {
		fmt.Fprintf(e.Stderr, "herald eval tempeval: %s not found (set --data or HERALD_EVAL_DATA); skipping\n", root)
		return nil
	}
	var (
		total   timeml.Score
		bytes   int
		elapsed time.Duration
	)
	fmt.Fprintf(e.Stdout, "%-9s %5s %5s %5s | %-17s | %-17s | %6s %6s %6s\n",
		"corpus", "docs", "gold", "found", "strict P/R/F1", "relaxed P/R/F1", "val.acc", "val.F1", "type.acc")
	for _, sub := range timeml.Corpora {
		files, err := timeml.Files(root, sub)
		if err != nil {
			return err
		}
		var s timeml.Score
		errs := 0
		for _, f := range files {
			if err := ctx.Err(); err != nil {
				return err
			}
			doc, err := timeml.Read(f)
			if err != nil {
				return err
			}
			t0 := time.Now()
			found := dates.Find(text.Parse(doc.Text), doc.DCT)
			elapsed += time.Since(t0)
			bytes += len(doc.Text)
			sys := make([]timeml.Timex, len(found))
			for i, d := range found {
				sys[i] = timeml.Timex{Start: d.Start, End: d.End, Type: d.Type, Value: d.Value}
			}
			for _, m := range s.Add(doc.Gold, sys) {
				if errs < *nErr {
					errs++
					fmt.Fprintf(e.Stderr, "%s %s: %s\n", sub, doc.Name, m.Describe(doc.Text))
				}
			}
		}
		printTempEval(e.Stdout, sub, s)
		total.Merge(s)
	}
	printTempEval(e.Stdout, "overall", total)
	fmt.Fprintf(e.Stdout, "\nvalue F1 = relaxed F1 x value accuracy (TempEval-3); %d docs, %.1f MB/s through text.Parse + dates.Find\n",
		total.Docs, float64(bytes)/elapsed.Seconds()/1e6)
	return nil
}

func printTempEval(w io.Writer, name string, s timeml.Score) {
	st, rl := s.StrictSpan(), s.RelaxedSpan()
	fmt.Fprintf(w, "%-9s %5d %5d %5d | %.3f %.3f %.3f | %.3f %.3f %.3f | %6.3f %6.3f %6.3f\n",
		name, s.Docs, s.Gold, s.Found, st.P, st.R, st.F1, rl.P, rl.R, rl.F1,
		s.ValueAccuracy(), s.ValueF1(), s.TypeAccuracy())
}
