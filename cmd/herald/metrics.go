package main

import (
	"context"
	"flag"
	"log/slog"
	"os"
	"sync"
	"time"

	"github.com/herald-news/herald/extractors/schema"
	"github.com/herald-news/herald/pipeline"
	"github.com/herald-news/herald/pipeline/crawl"
	"github.com/herald-news/herald/pipeline/telemetry"
)

// metricsFlag registers --metrics-addr on the long-running commands.
func metricsFlag(fs *flag.FlagSet) *string {
	return fs.String("metrics-addr", os.Getenv("HERALD_METRICS_ADDR"),
		"serve /metrics, /healthz and /readyz on this address, e.g. 127.0.0.1:9464 (env HERALD_METRICS_ADDR; empty: none)")
}

// metricsServer is a command's telemetry: the endpoints and the goroutines
// that feed them. A nil *metricsServer (no --metrics-addr) does nothing.
type metricsServer struct {
	m  *telemetry.Started
	wg sync.WaitGroup
}

// serveMetrics serves the telemetry endpoints on addr until ctx ends; an
// empty addr serves nothing and returns nil. Start it before the stages, so
// that they are observed from their first article.
func serveMetrics(ctx context.Context, addr string, bus *pipeline.Bus, log *slog.Logger) (*metricsServer, error) {
	if addr == "" {
		return nil, nil
	}
	m, err := telemetry.Start(ctx, addr, bus, log)
	if err != nil {
		return nil, err
	}
	return &metricsServer{m: m}, nil
}

// documentObserver is what pipeline.Worker.Observe takes: events by type and
// extraction time. Nil when no metrics are served.
func (s *metricsServer) documentObserver() func(schema.Document, time.Duration) {
	if s == nil {
		return nil
	}
	return s.m.ObserveDocument
}

// watchWorker feeds a worker's counters into the metrics until ctx ends.
func (s *metricsServer) watchWorker(ctx context.Context, w *pipeline.Worker) {
	if s == nil {
		return
	}
	s.wg.Go(func() { s.m.WatchWorker(ctx, w.Stats, telemetry.ConsumerInterval) })
}

// observeCrawler counts every check of c by feed. Call it before c runs.
func (s *metricsServer) observeCrawler(c *crawl.Crawler) {
	if s == nil {
		return
	}
	c.OnCheck(s.m.ObserveCheck)
}

// wait blocks until the context given to serveMetrics has ended and every
// goroutine has stopped, and gives the server's error.
func (s *metricsServer) wait() error {
	if s == nil {
		return nil
	}
	s.wg.Wait()
	return <-s.m.Done
}
