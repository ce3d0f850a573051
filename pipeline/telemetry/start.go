package telemetry

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"time"

	"github.com/herald-news/herald/pipeline"
)

// ConsumerInterval is how often Start reads the consumers' lag.
const ConsumerInterval = 5 * time.Second

// Started is what Start runs: the metrics, where they are served, and the
// server's end.
type Started struct {
	*Metrics
	// Addr is the address the endpoints listen on (the port chosen when
	// the flag said :0).
	Addr string
	// Done receives the server's error (nil after a clean stop) once ctx
	// has ended.
	Done <-chan error
}

// Start is what a command with --metrics-addr runs: new metrics, /metrics,
// /healthz and /readyz on addr (ready while the bus's NATS connection is up
// and JetStream answers), and the lag gauges of herald's consumers, until
// ctx ends. A taken address is an error before anything is served. Feed a
// worker's counters with WatchWorker.
func Start(ctx context.Context, addr string, bus *pipeline.Bus, log *slog.Logger) (*Started, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("metrics listener on %s: %w", addr, err)
	}
	m := New()
	h := m.Handler(Check{Name: "nats", Func: func(ctx context.Context) error {
		nc := bus.Conn()
		if nc == nil || !nc.IsConnected() {
			return errors.New("not connected")
		}
		if _, err := bus.JetStream().AccountInfo(ctx); err != nil {
			return fmt.Errorf("jetstream: %w", err)
		}
		return nil
	}})
	done := make(chan error, 1)
	go func() { done <- serveOn(ctx, ln, h, log) }()
	go m.WatchConsumers(ctx, bus.JetStream(), ConsumerInterval, log,
		pipeline.StreamArticles, pipeline.StreamDocuments, pipeline.StreamEvents)
	return &Started{Metrics: m, Addr: ln.Addr().String(), Done: done}, nil
}
