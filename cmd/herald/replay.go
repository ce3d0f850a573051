package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
	"golang.org/x/time/rate"

	"github.com/herald-news/herald/pipeline"
	"github.com/herald-news/herald/pipeline/archive"
)

func init() {
	registerCommand(&command{
		Name:    "replay",
		Summary: "publish archived articles (JSON Lines, WARC, folders of .html/.txt); on the embedded default also extract them and wait",
		Run:     runReplay,
	})
}

// replaySummary is what a replay did.
type replaySummary struct {
	Read, New, Duplicates, Unreadable int
	Stats                             pipeline.Stats
	SinkEvents                        int // events the JSON Lines sink holds
	SinkPath                          string
	DocSinks                          []string // document sinks run
	Elapsed                           time.Duration
	Processed                         bool // the stages ran in-process
	Reextracted                       bool // articles came from the stream
}

func runReplay(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "replay", "PATH ...")
	cfg := natsFlags(fs)
	sf := addStageFlags(fs, true)
	timeout := fs.Duration("timeout", 0, "give up waiting for the extraction after this long (0: no limit)")
	progress := fs.Bool("progress", isTerminal(e.Stderr), "show progress bars with rate and ETA on standard error (default: when it is a terminal)")
	rateLimit := fs.Float64("rate", 0, "publish at most this many articles a second (0: no limit)")
	var rx replayOptions
	fs.BoolVar(&rx.on, "reextract", false, "instead of reading PATHs, run the articles already on the stream through the extractors again (a newer version replaces their events in the stores)")
	fs.Uint64Var(&rx.r.FromSeq, "from-seq", 0, "--reextract: first stream sequence")
	fs.Uint64Var(&rx.r.ToSeq, "to-seq", 0, "--reextract: last stream sequence")
	fs.StringVar(&rx.since, "since", "", "--reextract: articles stored since TIME (RFC 3339, YYYY-MM-DD, or a duration ago such as 24h)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if rx.since != "" {
		t, err := parseSince(rx.since, time.Now())
		if err != nil {
			fmt.Fprintf(e.Stderr, "herald replay: --since: %v\n", err)
			return errUsage
		}
		rx.r.Since = t
	}
	if rx.on != (fs.NArg() == 0) {
		if rx.on {
			fmt.Fprintln(e.Stderr, "herald replay: --reextract reads the stream, not PATHs")
		}
		fs.Usage()
		return errUsage
	}
	if !rx.on && (rx.r != pipeline.Range{}) {
		fmt.Fprintln(e.Stderr, "herald replay: --from-seq, --to-seq and --since go with --reextract")
		return errUsage
	}
	if cfg.Listen == "none" {
		cfg.Listen = ""
	}
	rx.progress, rx.rate = *progress, *rateLimit
	sum, err := replay(ctx, e, cfg, sf, *timeout, fs.Args(), rx)
	printReplaySummary(e, sum)
	if err != nil {
		return err
	}
	if sum.Unreadable > 0 || sum.Stats.DeadLettered > 0 {
		return exitError{1}
	}
	return nil
}

// replayOptions are replay's flags beyond the stages': re-extraction of a
// range of the articles stream instead of PATHs, and how to publish.
type replayOptions struct {
	on    bool // re-extract
	r     pipeline.Range
	since string

	progress bool    // draw progress bars
	rate     float64 // articles a second, 0 for no limit
}

func replay(ctx context.Context, e *env, cfg *pipeline.Config, sf stageFlags, timeout time.Duration, paths []string, rx replayOptions) (sum replaySummary, err error) {
	start := time.Now()
	defer func() { sum.Elapsed = time.Since(start) }()
	bus, err := openBus(ctx, *cfg, e.Log)
	if err != nil {
		return sum, err
	}
	defer bus.Close()

	var st *stages
	stageCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	if bus.Embedded() || rx.on {
		st, err = startStages(stageCtx, bus, e.Log, sf.options(cfg))
		if err != nil {
			return sum, err
		}
		sum.Processed = true
		if st.sink != nil {
			sum.SinkPath = st.sink.Path()
		}
		sum.DocSinks = st.docDesc
	}
	// stopStages stops the stages and fills in their figures; it runs
	// before the bus closes.
	stopStages := func() error {
		if st == nil {
			return nil
		}
		cancel()
		err := st.wait()
		sum.Stats = st.worker.Stats()
		if st.sink != nil {
			sum.SinkEvents = st.sink.Len()
		}
		st = nil
		return err
	}
	defer func() { err = errors.Join(err, stopStages()) }()

	if rx.on {
		n, err := st.worker.Reextract(ctx, rx.r)
		sum.Read, sum.Reextracted = n, true
		if err != nil {
			return sum, err
		}
		e.Log.Info("articles re-extracted", "read", n)
		if !bus.Embedded() {
			return sum, nil
		}
	}
	var limiter *rate.Limiter
	if rx.rate > 0 {
		limiter = rate.NewLimiter(rate.Limit(rx.rate), 1)
	}
	bar := newBar(e.Stderr, rx.progress, -1, "publishing", "articles")
	for _, p := range paths {
		err := archive.Read(ctx, p, func(it archive.Item) error {
			sum.Read++
			bar.Add(1)
			if limiter != nil {
				if err := limiter.Wait(ctx); err != nil {
					return err
				}
			}
			if it.Err != nil {
				sum.Unreadable++
				e.Log.Error("unreadable article", "origin", it.Origin, "err", it.Err)
				return nil
			}
			dup, err := bus.PublishArticle(ctx, it.Article)
			if err != nil {
				return fmt.Errorf("%s: %w", it.Origin, err)
			}
			if dup {
				sum.Duplicates++
			} else {
				sum.New++
			}
			return nil
		})
		if err != nil {
			bar.Exit()
			return sum, err
		}
	}
	bar.Finish()
	e.Log.Info("articles published", "read", sum.Read, "new", sum.New, "duplicates", sum.Duplicates, "unreadable", sum.Unreadable)
	if st == nil {
		return sum, nil
	}

	wctx := ctx
	if timeout > 0 {
		var c context.CancelFunc
		wctx, c = context.WithTimeout(ctx, timeout)
		defer c()
	}
	return sum, waitProcessed(wctx, e, bus, st, rx.progress)
}

// waitProcessed waits until the extraction consumer has acknowledged every
// article on the stream, then until each sink has every event or document
// published by then.
func waitProcessed(ctx context.Context, e *env, bus *pipeline.Bus, st *stages, progress bool) error {
	lastLog := time.Now()
	wait := func(stream, consumer, unit string) error {
		last, err := bus.LastSeq(ctx, stream)
		if err != nil {
			return err
		}
		var bar *progressbar.ProgressBar
		var floor0 uint64
		defer func() {
			if bar != nil {
				bar.Finish()
			}
		}()
		return bus.WaitAcked(ctx, stream, consumer, last, func(floor uint64) {
			if progress {
				if bar == nil {
					floor0 = floor
					bar = newBar(e.Stderr, true, int64(last-floor0), consumer, unit)
				}
				bar.Set64(int64(floor - floor0))
				return
			}
			if time.Since(lastLog) > 5*time.Second {
				lastLog = time.Now()
				e.Log.Info("waiting", "consumer", consumer, "acked_up_to", floor, "of", last)
			}
		})
	}
	if err := wait(pipeline.StreamArticles, pipeline.ConsumerExtract, "articles"); err != nil {
		return err
	}
	if st.sink != nil {
		if err := wait(pipeline.StreamEvents, pipeline.SinkConsumer(jsonlSinkName), "events"); err != nil {
			return err
		}
	}
	for _, name := range st.docSinks {
		if err := wait(pipeline.StreamDocuments, pipeline.SinkConsumer(name), "documents"); err != nil {
			return err
		}
	}
	return nil
}

// newBar is a progress bar on w (an invisible one when !show): with a
// count, a rate and, when max is known, an ETA. A bar of unknown length
// draws on updates only: no goroutine of its own.
func newBar(w io.Writer, show bool, max int64, what, unit string) *progressbar.ProgressBar {
	return progressbar.NewOptions64(max,
		progressbar.OptionSetWriter(w),
		progressbar.OptionSetVisibility(show),
		progressbar.OptionSetDescription(what),
		progressbar.OptionShowCount(),
		progressbar.OptionShowIts(),
		progressbar.OptionSetItsString(unit),
		progressbar.OptionSetPredictTime(max > 0),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionSetSpinnerChangeInterval(0),
		progressbar.OptionOnCompletion(func() { fmt.Fprintln(w) }),
	)
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

func printReplaySummary(e *env, s replaySummary) {
	if s.Reextracted {
		fmt.Fprintf(e.Stdout, "articles:      %d read from the stream and extracted again\n", s.Read)
	} else {
		fmt.Fprintf(e.Stdout, "articles:      %d read, %d new, %d already seen, %d unreadable\n", s.Read, s.New, s.Duplicates, s.Unreadable)
	}
	if s.Processed {
		fmt.Fprintf(e.Stdout, "extraction:    %d processed, %d events published, %d retried, %d dead-lettered\n",
			s.Stats.Processed, s.Stats.Events, s.Stats.Retried, s.Stats.DeadLettered)
		if s.SinkPath != "" {
			fmt.Fprintf(e.Stdout, "sink:          %d events in %s\n", s.SinkEvents, s.SinkPath)
		}
		if len(s.DocSinks) > 0 {
			fmt.Fprintf(e.Stdout, "stores:        %s\n", strings.Join(s.DocSinks, ", "))
		}
	} else {
		fmt.Fprintln(e.Stdout, "extraction:    left to the workers of the external NATS (herald work)")
	}
	fmt.Fprintf(e.Stdout, "elapsed:       %s\n", s.Elapsed.Round(time.Millisecond))
}
