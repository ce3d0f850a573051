package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/herald-news/herald/extractors"
	"github.com/herald-news/herald/extractors/schema"
	"github.com/herald-news/herald/pipeline"
	"github.com/herald-news/herald/pipeline/crawl"
	"github.com/herald-news/herald/sinks/jsonl"
)

func init() {
	registerCommand(&command{
		Name:    "run",
		Summary: "run everything: embedded NATS (listening on loopback), the crawler, extraction workers and sinks, until interrupted",
		Run:     runRun,
	})
}

// stageFlags are the flags of the commands that run stages.
type stageFlags struct {
	concurrency *int
	events      *string
	noSink      *bool
	db          *string
	postgres    *string
	rotateMB    *int
	daily       *bool
}

// extractionFlags are addStageFlags' flags for a process that runs the
// extraction stage: herald sink, which runs only sinks, refuses them.
var extractionFlags = []string{"concurrency", "no-sink"}

func addStageFlags(fs *flag.FlagSet, withSink bool) stageFlags {
	f := stageFlags{
		concurrency: fs.Int("concurrency", runtime.GOMAXPROCS(0), "articles extracted at once"),
	}
	if withSink {
		f.events = fs.String("events", "", "JSON Lines event sink file (default DATA_DIR/events.jsonl)")
		f.rotateMB = fs.Int("events-max-mb", 0, "rotate the JSON Lines sink file before it passes this many megabytes (0: never)")
		f.daily = fs.Bool("events-daily", false, "rotate the JSON Lines sink file at the first event of each UTC day")
		f.db = fs.String("db", "", "SQLite store the documents and events go to, for herald query (default DATA_DIR/herald.db; 'none' for no SQLite store)")
		f.postgres = fs.String("postgres", os.Getenv("HERALD_POSTGRES"), "also store documents and events in this PostgreSQL database (env HERALD_POSTGRES)")
		f.noSink = fs.Bool("no-sink", false, "run no sink: only the extraction stage")
	}
	return f
}

// stageOptions say which stages a process runs besides extraction.
type stageOptions struct {
	Concurrency int
	EventsPath  string // JSON Lines event sink; "" for none
	EventsOpts  jsonl.Options
	SQLitePath  string // SQLite document sink; "" for none
	PostgresDSN string // PostgreSQL document sink; "" for none
	// Observe is the worker's observer (metrics); nil for none.
	Observe func(schema.Document, time.Duration)
	// ObserveSink is the sinks' observer (metrics); nil for none.
	ObserveSink func(sink string, r pipeline.SinkResult)
}

func (f stageFlags) options(cfg *pipeline.Config) stageOptions {
	o := stageOptions{Concurrency: *f.concurrency}
	if f.noSink == nil || *f.noSink {
		return o
	}
	o.EventsPath = *f.events
	o.EventsOpts = jsonl.Options{MaxBytes: int64(*f.rotateMB) << 20, Daily: *f.daily}
	if o.EventsPath == "" {
		o.EventsPath = filepath.Join(cfg.DataDir, "events.jsonl")
	}
	switch o.SQLitePath = *f.db; o.SQLitePath {
	case "":
		o.SQLitePath = filepath.Join(cfg.DataDir, "herald.db")
	case "none":
		o.SQLitePath = ""
	}
	o.PostgresDSN = *f.postgres
	return o
}

// Sink names: their consumers are sink-<name>.
const (
	jsonlSinkName    = "jsonl"
	sqliteSinkName   = "sqlite"
	postgresSinkName = "postgres"
)

// stages are the extraction workers and sinks of one process.
type stages struct {
	worker *pipeline.Worker
	sink   *jsonl.Sink // nil when not run
	// docSinks are the sinks on DOCUMENTS this process runs; docDesc says
	// where each writes.
	docSinks, docDesc []string
	closers           []io.Closer

	wg   sync.WaitGroup
	mu   sync.Mutex // guards errs
	errs []error
	// failed is closed when the first stage ends with an error, so that
	// the command stops rather than run on without it.
	failed   chan struct{}
	failOnce sync.Once
}

// logAttrs say where the sinks write, for the start-up log line.
func (s *stages) logAttrs() []any {
	var attrs []any
	if s.sink != nil {
		attrs = append(attrs, "events", s.sink.Path())
	}
	if len(s.docSinks) > 0 {
		attrs = append(attrs, "stores", strings.Join(s.docDesc, ", "))
	}
	return attrs
}

// stopped waits until ctx ends or a stage fails, and says which.
func (s *stages) stopped(ctx context.Context, log *slog.Logger) {
	select {
	case <-ctx.Done():
	case <-s.failed:
		log.Error("a stage stopped with an error; shutting down")
	}
}

// serve is how run, work and sink end: it waits until ctx ends or a stage
// fails, stops the stages (cancel ends their context), waits for them,
// logs what the extraction worker did, and closes the bus.
func (s *stages) serve(ctx context.Context, cancel context.CancelFunc, bus *pipeline.Bus, log *slog.Logger) error {
	s.stopped(ctx, log)
	what := "stages"
	if s.worker == nil {
		what = "sinks"
	}
	log.Info("shutting down: stopping " + what)
	cancel()
	err := s.wait()
	var attrs []any
	if s.worker != nil {
		st := s.worker.Stats()
		attrs = []any{"processed", st.Processed, "events", st.Events, "retried", st.Retried, "dead_lettered", st.DeadLettered}
	}
	log.Info(what+" stopped", attrs...)
	return errors.Join(err, bus.Close())
}

// startStages starts the extraction worker and the sinks o names, each in
// a goroutine that stops with ctx. Wait for them with wait.
func startStages(ctx context.Context, bus *pipeline.Bus, log *slog.Logger, o stageOptions) (*stages, error) {
	x, err := extractors.New()
	if err != nil {
		return nil, err
	}
	s, err := startSinks(ctx, bus, log, o)
	if err != nil {
		return nil, err
	}
	s.worker = &pipeline.Worker{Bus: bus, Extractor: x, Version: extractors.Version, Log: log, Concurrency: o.Concurrency, Observe: o.Observe}
	s.goRun(func() error { return s.worker.Run(ctx) })
	return s, nil
}

func (s *stages) goRun(f func() error) {
	s.wg.Go(func() {
		if err := f(); err != nil {
			s.mu.Lock()
			s.errs = append(s.errs, err)
			s.mu.Unlock()
			s.failOnce.Do(func() { close(s.failed) })
		}
	})
}

// wait waits for every stage to stop (their context cancelled) and closes
// the sinks.
func (s *stages) wait() error {
	s.wg.Wait()
	for _, c := range s.closers {
		if err := c.Close(); err != nil {
			s.errs = append(s.errs, err)
		}
	}
	s.closers = nil
	return errors.Join(s.errs...)
}

func runRun(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "run", "")
	cfg := natsFlags(fs)
	sf := addStageFlags(fs, true)
	feeds := feedsConfigFlag(fs)
	metricsAddr := metricsFlag(fs)
	refuseFlags(fs, "herald run starts its own NATS server (against an external one run `herald work` and `herald sink`)", natsClientFlags...)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	feedsGiven := false
	fs.Visit(func(f *flag.Flag) { feedsGiven = feedsGiven || f.Name == "feeds" })
	// --nats-url itself is refused; its default comes from the environment.
	if cfg.NATSURL != "" {
		fmt.Fprintln(e.Stderr, "herald run starts its own NATS server: unset HERALD_NATS_URL, or against an external one run `herald work` and the sinks")
		return errUsage
	}
	switch cfg.Listen {
	case "":
		cfg.Listen = pipeline.DefaultListen
	case "none":
		cfg.Listen = ""
	}
	bus, err := openBus(ctx, *cfg, e.Log)
	if err != nil {
		return err
	}
	defer bus.Close()
	stageCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	ms, err := serveMetrics(stageCtx, *metricsAddr, bus, e.Log)
	if err != nil {
		return err
	}
	o := sf.options(cfg)
	o.Observe = ms.documentObserver()
	o.ObserveSink = ms.sinkObserver()
	st, err := startStages(stageCtx, bus, e.Log, o)
	if err != nil {
		cancel()
		return errors.Join(err, ms.wait())
	}
	ms.watchWorker(stageCtx, st.worker)
	st.goRun(ms.wait)
	// The crawler, when there is a feeds file (docs/crawling.md).
	_, statErr := os.Stat(*feeds)
	if statErr != nil && (feedsGiven || os.Getenv("HERALD_FEEDS") != "") {
		cancel()
		return errors.Join(fmt.Errorf("feeds file: %w", statErr), st.wait())
	}
	var c *crawl.Crawler
	if statErr == nil {
		var fc crawl.Config
		c, fc, err = newCrawler(bus, *feeds, e.Log, nil)
		if err != nil {
			cancel()
			return errors.Join(err, st.wait())
		}
		if len(fc.Feeds) == 0 {
			e.Log.Info("no crawler: no feeds in the feeds file", "feeds_file", *feeds)
			c = nil
		}
	} else {
		e.Log.Info("no crawler: no feeds file", "feeds_file", *feeds)
	}
	if c != nil {
		ms.observeCrawler(c)
		st.goRun(func() error {
			if err := c.Run(stageCtx); err != nil && stageCtx.Err() == nil {
				return fmt.Errorf("crawl: %w", err)
			}
			return nil
		})
		// `herald feeds import` while herald runs takes effect.
		st.goRun(func() error {
			watchFeeds(stageCtx, c, *feeds, e.Log, feedsReloadEvery)
			return nil
		})
	}
	attrs := []any{"data_dir", cfg.DataDir}
	if u := bus.ClientURL(); u != "" {
		attrs = append(attrs, "nats_url", u)
	}
	attrs = append(attrs, st.logAttrs()...)
	e.Log.Info("herald running; interrupt to stop", attrs...)
	return st.serve(ctx, cancel, bus, e.Log)
}
