package main

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/herald-news/herald/pipeline"
)

func init() {
	registerCommand(&command{
		Name:    "work",
		Summary: "run extraction workers (and, if asked, sinks) against an external NATS server (--nats-url); run more processes to scale",
		Run:     runWork,
	})
}

func runWork(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "work", "")
	cfg := natsFlags(fs)
	sf := addStageFlags(fs, false)
	sink := fs.String("events", "", "also run the JSON Lines event sink into this file")
	db := fs.String("db", "", "also run the SQLite store sink into this file")
	pg := fs.String("postgres", os.Getenv("HERALD_POSTGRES"), "also run the PostgreSQL store sink into this database (env HERALD_POSTGRES)")
	metricsAddr := metricsFlag(fs)
	refuseFlags(fs, "herald work uses an external NATS server and starts none", embeddedServerFlags...)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if cfg.NATSURL == "" {
		fmt.Fprintln(e.Stderr, "herald work: needs --nats-url (or HERALD_NATS_URL); `herald run` runs workers on its embedded server")
		return errUsage
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
	st, err := startStages(stageCtx, bus, e.Log, stageOptions{Concurrency: *sf.concurrency, EventsPath: *sink, SQLitePath: *db, PostgresDSN: *pg, Observe: ms.documentObserver(), ObserveSink: ms.sinkObserver()})
	if err != nil {
		cancel()
		return errors.Join(err, ms.wait())
	}
	ms.watchWorker(stageCtx, st.worker)
	st.goRun(ms.wait)
	e.Log.Info("herald worker running; interrupt to stop", "nats_url", pipeline.RedactURL(cfg.NATSURL), "concurrency", *sf.concurrency)
	return st.serve(ctx, cancel, bus, e.Log)
}
