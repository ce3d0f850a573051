package telemetry

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/herald-news/herald/pipeline"
)

func TestWatchWorkerAddsDeltas(t *testing.T) {
	m := New()
	var mu sync.Mutex
	s := pipeline.Stats{Processed: 3, Events: 7, Retried: 1}
	stats := func() pipeline.Stats { mu.Lock(); defer mu.Unlock(); return s }
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { m.WatchWorker(ctx, stats, time.Millisecond); close(done) }()
	time.Sleep(20 * time.Millisecond)
	mu.Lock()
	s = pipeline.Stats{Processed: 5, Events: 9, Retried: 1, DeadLettered: 1}
	mu.Unlock()
	cancel()
	<-done // the final round sees the last stats
	_, body := get(t, m.Handler(), "/metrics")
	for _, want := range []string{
		"herald_articles_extracted_total 5",
		`herald_events_total{type="all"} 9`,
		`herald_errors_total{kind="transient",stage="extract"} 1`,
		`herald_errors_total{kind="permanent",stage="extract"} 1`,
		`herald_dead_letters_total{stage="extract"} 1`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
}
