package telemetry

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/herald-news/herald/pipeline"
	"github.com/herald-news/herald/pipeline/crawl"
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

func TestWatchCrawlerAddsDeltas(t *testing.T) {
	m := New()
	var mu sync.Mutex
	s := crawl.Stats{Checks: 4, NotModified: 1, Errors: 1, Published: 5, Duplicates: 2, PageErrors: 1}
	stats := func() crawl.Stats { mu.Lock(); defer mu.Unlock(); return s }
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { m.WatchCrawler(ctx, stats, time.Millisecond); close(done) }()
	time.Sleep(20 * time.Millisecond)
	mu.Lock()
	s.Checks, s.Published = 6, 8
	mu.Unlock()
	cancel()
	<-done
	_, body := get(t, m.Handler(), "/metrics")
	for _, want := range []string{
		`herald_fetches_total{feed="all",outcome="ok"} 4`,
		`herald_fetches_total{feed="all",outcome="not_modified"} 1`,
		`herald_fetches_total{feed="all",outcome="error"} 1`,
		`herald_articles_published_total{result="new",source="all"} 8`,
		`herald_articles_published_total{result="duplicate",source="all"} 2`,
		`herald_errors_total{kind="transient",stage="crawl"} 2`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
}
