package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"

	"github.com/herald-news/herald/pipeline"
	"github.com/herald-news/herald/sinks/jsonl"
	"github.com/herald-news/herald/sinks/postgres"
	"github.com/herald-news/herald/sinks/sqlite"
)

func init() {
	registerCommand(&command{
		Name:    "sink",
		Summary: "run only the sinks (JSON Lines, SQLite, PostgreSQL) against an external NATS server (--nats-url), apart from crawlers and workers",
		Run:     runSinkCmd,
	})
}

func runSinkCmd(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "sink", "")
	cfg := natsFlags(fs)
	sf := addStageFlags(fs, true)
	metricsAddr := metricsFlag(fs)
	// addStageFlags and natsFlags also register the extraction stage's and
	// the embedded server's flags, which mean nothing here.
	refuseFlags(fs, "herald sink runs no extraction stage and no server", slices.Concat(extractionFlags, embeddedServerFlags)...)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if cfg.NATSURL == "" {
		fmt.Fprintln(e.Stderr, "herald sink: needs --nats-url (or HERALD_NATS_URL); `herald run` runs the sinks on its embedded server")
		return errUsage
	}
	// The JSON Lines sink always runs (--events defaults to
	// DATA_DIR/events.jsonl); --db none leaves out SQLite.
	o := sf.options(cfg)
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
	o.ObserveSink = ms.sinkObserver()
	st, err := startSinks(stageCtx, bus, e.Log, o)
	if err != nil {
		cancel()
		return errors.Join(err, ms.wait())
	}
	st.goRun(ms.wait)
	attrs := []any{"nats_url", pipeline.RedactURL(cfg.NATSURL)}
	attrs = append(attrs, st.logAttrs()...)
	e.Log.Info("herald sinks running; interrupt to stop", attrs...)
	return st.serve(ctx, cancel, bus, e.Log)
}

// startSinks starts the sinks o names (not the extraction stage: the
// stages' worker is nil), each in a goroutine that stops with ctx, on the
// durable consumers sink-jsonl, sink-sqlite and sink-postgres that
// `herald run` and `herald work` use too. Wait for them with wait.
func startSinks(ctx context.Context, bus *pipeline.Bus, log *slog.Logger, o stageOptions) (st *stages, err error) {
	s := &stages{failed: make(chan struct{})}
	defer func() {
		if err != nil {
			for _, c := range s.closers {
				c.Close()
			}
		}
	}()
	if o.EventsPath != "" {
		if err := bus.SetupSink(ctx, pipeline.StreamEvents, jsonlSinkName); err != nil {
			return nil, err
		}
		sink, err := jsonl.OpenWith(o.EventsPath, log, o.EventsOpts)
		if err != nil {
			return nil, fmt.Errorf("jsonl sink: %w", err)
		}
		s.sink = sink
		s.closers = append(s.closers, sink)
	}
	type docSink struct {
		name string
		sink pipeline.DocumentSink
	}
	var docs []docSink
	if o.SQLitePath != "" {
		db, err := sqlite.Open(ctx, o.SQLitePath)
		if err != nil {
			return nil, fmt.Errorf("sqlite sink: %w", err)
		}
		s.closers = append(s.closers, db)
		docs = append(docs, docSink{sqliteSinkName, db})
		s.docDesc = append(s.docDesc, "SQLite "+o.SQLitePath)
	}
	if o.PostgresDSN != "" {
		pg, err := postgres.Open(ctx, o.PostgresDSN)
		if err != nil {
			return nil, fmt.Errorf("postgres sink: %w", err)
		}
		s.closers = append(s.closers, pg)
		docs = append(docs, docSink{postgresSinkName, pg})
		s.docDesc = append(s.docDesc, "PostgreSQL")
	}
	for _, d := range docs {
		if err := bus.SetupSink(ctx, pipeline.StreamDocuments, d.name); err != nil {
			return nil, err
		}
		s.docSinks = append(s.docSinks, d.name)
	}
	// Everything opened: start.
	var opts []pipeline.SinkOption
	if o.ObserveSink != nil {
		opts = append(opts, pipeline.WithSinkObserver(o.ObserveSink))
	}
	if s.sink != nil {
		s.goRun(func() error { return pipeline.RunEventSink(ctx, bus, jsonlSinkName, s.sink, opts...) })
	}
	for _, d := range docs {
		s.goRun(func() error { return pipeline.RunDocumentSink(ctx, bus, d.name, d.sink, opts...) })
	}
	return s, nil
}

// sinkObserver is what pipeline.WithSinkObserver takes: writes, retries and
// dead letters by sink. Nil when no metrics are served.
func (s *metricsServer) sinkObserver() func(string, pipeline.SinkResult) {
	if s == nil {
		return nil
	}
	return s.m.ObserveSink
}
