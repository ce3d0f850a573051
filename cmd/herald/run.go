package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"path/filepath"
	"runtime"
	"sync"

	"github.com/herald-news/herald/extractors"
	"github.com/herald-news/herald/pipeline"
	"github.com/herald-news/herald/sinks/jsonl"
)

func init() {
	registerCommand(&command{
		Name:    "run",
		Summary: "run everything: embedded NATS (listening on loopback), extraction workers and sinks, until interrupted",
		Run:     runRun,
	})
}

// jsonlSinkName is the JSON Lines sink's name: its consumer is sink-jsonl.
const jsonlSinkName = "jsonl"

// stageFlags are the flags of the commands that run stages.
type stageFlags struct {
	concurrency *int
	events      *string
	noSink      *bool
}

func addStageFlags(fs *flag.FlagSet, withSink bool) stageFlags {
	f := stageFlags{
		concurrency: fs.Int("concurrency", runtime.GOMAXPROCS(0), "articles extracted at once"),
	}
	if withSink {
		f.events = fs.String("events", "", "JSON Lines event sink file (default DATA_DIR/events.jsonl)")
		f.noSink = fs.Bool("no-sink", false, "do not run the JSON Lines sink")
	}
	return f
}

// stages are the extraction workers and sinks of one process.
type stages struct {
	worker *pipeline.Worker
	sink   *jsonl.Sink // nil when not run

	wg   sync.WaitGroup
	mu   sync.Mutex // guards errs
	errs []error
}

// startStages starts the extraction worker and, when sinkPath is not empty,
// the JSON Lines sink, each in a goroutine that stops with ctx. Wait for
// them with wait.
func startStages(ctx context.Context, bus *pipeline.Bus, log *slog.Logger, concurrency int, sinkPath string) (*stages, error) {
	x, err := extractors.New()
	if err != nil {
		return nil, err
	}
	s := &stages{worker: &pipeline.Worker{
		Bus: bus, Extractor: x, Version: extractors.Version, Log: log, Concurrency: concurrency,
	}}
	if sinkPath != "" {
		if err := bus.SetupSink(ctx, pipeline.StreamEvents, jsonlSinkName); err != nil {
			return nil, err
		}
		sink, err := jsonl.Open(sinkPath, log)
		if err != nil {
			return nil, fmt.Errorf("jsonl sink: %w", err)
		}
		s.sink = sink
		s.goRun(func() error { return pipeline.RunEventSink(ctx, bus, jsonlSinkName, sink) })
	}
	s.goRun(func() error { return s.worker.Run(ctx) })
	return s, nil
}

func (s *stages) goRun(f func() error) {
	s.wg.Go(func() {
		if err := f(); err != nil {
			s.mu.Lock()
			s.errs = append(s.errs, err)
			s.mu.Unlock()
		}
	})
}

// wait waits for every stage to stop (their context cancelled) and closes
// the sink.
func (s *stages) wait() error {
	s.wg.Wait()
	if s.sink != nil {
		if err := s.sink.Close(); err != nil {
			s.errs = append(s.errs, err)
		}
	}
	return errors.Join(s.errs...)
}

func sinkPath(cfg *pipeline.Config, f stageFlags) string {
	if f.noSink != nil && *f.noSink {
		return ""
	}
	if f.events != nil && *f.events != "" {
		return *f.events
	}
	return filepath.Join(cfg.DataDir, "events.jsonl")
}

func runRun(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "run", "")
	cfg := natsFlags(fs)
	sf := addStageFlags(fs, true)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if cfg.NATSURL != "" {
		fmt.Fprintln(e.Stderr, "herald run starts its own NATS server; against an external one run `herald work` and the sinks")
		return errUsage
	}
	switch cfg.Listen {
	case "":
		cfg.Listen = defaultListen
	case "none":
		cfg.Listen = ""
	}
	bus, err := pipeline.Open(ctx, *cfg, e.Log)
	if err != nil {
		return err
	}
	defer bus.Close()
	if err := bus.Setup(ctx); err != nil {
		return err
	}
	stageCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	st, err := startStages(stageCtx, bus, e.Log, *sf.concurrency, sinkPath(cfg, sf))
	if err != nil {
		return err
	}
	attrs := []any{"data_dir", cfg.DataDir}
	if u := bus.ClientURL(); u != "" {
		attrs = append(attrs, "nats_url", u)
	}
	if st.sink != nil {
		attrs = append(attrs, "events", st.sink.Path())
	}
	e.Log.Info("herald running; interrupt to stop", attrs...)
	<-ctx.Done()
	e.Log.Info("shutting down: stopping stages")
	cancel()
	err = st.wait()
	s := st.worker.Stats()
	e.Log.Info("stages stopped", "processed", s.Processed, "events", s.Events, "retried", s.Retried, "dead_lettered", s.DeadLettered)
	if cerr := bus.Close(); cerr != nil {
		err = errors.Join(err, cerr)
	}
	return err
}
