package main

import (
	"context"
	"flag"
	"log/slog"
	"os"
	"sync"

	"github.com/herald-news/herald/pipeline"
	"github.com/herald-news/herald/pipeline/crawl"
	"github.com/herald-news/herald/pipeline/telemetry"
)

// metricsFlag registers --metrics-addr on the long-running commands.
func metricsFlag(fs *flag.FlagSet) *string {
	return fs.String("metrics-addr", os.Getenv("HERALD_METRICS_ADDR"),
		"serve /metrics, /healthz and /readyz on this address, e.g. 127.0.0.1:9464 (env HERALD_METRICS_ADDR; empty: none)")
}

// observed are the stages a process runs whose counters the metrics
// report; either may be nil.
type observed struct {
	worker  func() pipeline.Stats
	crawler *crawl.Crawler
}

// serveMetrics serves the telemetry endpoints on addr until ctx ends, and
// feeds them the stages' counters. Call it before the crawler runs. The returned wait blocks until every
// goroutine it started has stopped, and gives the server's error. An empty
// addr serves nothing.
func serveMetrics(ctx context.Context, addr string, bus *pipeline.Bus, log *slog.Logger, o observed) (wait func() error, err error) {
	if addr == "" {
		return func() error { return nil }, nil
	}
	m, err := telemetry.Start(ctx, addr, bus, log)
	if err != nil {
		return nil, err
	}
	var wg sync.WaitGroup
	if o.worker != nil {
		wg.Go(func() { m.WatchWorker(ctx, o.worker, telemetry.ConsumerInterval) })
	}
	if o.crawler != nil {
		o.crawler.OnCheck(m.ObserveCheck)
	}
	return func() error {
		wg.Wait()
		return <-m.Done
	}, nil
}
