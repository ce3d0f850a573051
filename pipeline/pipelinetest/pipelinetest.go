// Package pipelinetest holds what herald's tests need around the pipeline:
// a bus on an embedded JetStream server of the test's own, and a log buffer
// the bus's goroutines may write to while the test reads it. It is for
// tests and benchmarks only, in the manner of net/http/httptest.
package pipelinetest

import (
	"context"
	"log/slog"
	"testing"

	"github.com/herald-news/herald/pipeline"
)

// OpenBus opens a bus on cfg, logging to log (nil discards), sets up
// herald's streams and closes the bus when the test ends; it fails the test
// on error. When cfg names neither a server (NATSURL) nor a DataDir, the
// bus runs an embedded server whose store is in a temporary directory.
func OpenBus(tb testing.TB, cfg pipeline.Config, log *slog.Logger) *pipeline.Bus {
	tb.Helper()
	if cfg.NATSURL == "" && cfg.DataDir == "" {
		cfg.DataDir = tb.TempDir()
	}
	ctx := context.Background()
	b, err := pipeline.Open(ctx, cfg, log)
	if err != nil {
		tb.Fatal(err)
	}
	// Registered after TempDir's own cleanup, so it runs first: the server
	// stops before its store is removed.
	tb.Cleanup(func() { b.Close() })
	if err := b.Setup(ctx); err != nil {
		tb.Fatal(err)
	}
	return b
}
