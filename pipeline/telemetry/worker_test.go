package telemetry

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/herald-news/herald/extractors/schema"
	"github.com/herald-news/herald/pipeline"
	"github.com/herald-news/herald/pipeline/crawl"
)

func TestWatchWorkerAddsDeltas(t *testing.T) {
	m := New()
	var mu sync.Mutex
	s := pipeline.Stats{Processed: 3, Events: 7, Retried: 1}
	read := make(chan struct{}, 1) // told of each read the test has not seen yet
	stats := func() pipeline.Stats {
		mu.Lock()
		defer mu.Unlock()
		select {
		case read <- struct{}{}:
		default:
		}
		return s
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	// An interval no test lasts: the first round, then the final one.
	go func() { m.WatchWorker(ctx, stats, time.Hour); close(done) }()
	<-read // the first round has the first stats
	mu.Lock()
	s = pipeline.Stats{Processed: 5, Events: 9, Retried: 1, DeadLettered: 1}
	mu.Unlock()
	cancel()
	<-done // the final round sees the last stats
	_, body := get(t, m.Handler(), "/metrics")
	for _, want := range []string{
		"herald_articles_extracted_total 5",
		`herald_errors_total{kind="transient",stage="extract"} 1`,
		`herald_errors_total{kind="permanent",stage="extract"} 1`,
		`herald_dead_letters_total{stage="extract"} 1`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
}

func TestObserveDocumentCountsEventsByType(t *testing.T) {
	m := New()
	m.ObserveDocument(schema.Document{Events: []schema.Event{{Type: "meeting"}, {Type: "statement"}, {Type: "meeting"}}}, 30*time.Millisecond)
	m.ObserveDocument(schema.Document{}, 2*time.Millisecond)
	_, body := get(t, m.Handler(), "/metrics")
	for _, want := range []string{
		`herald_events_total{type="meeting"} 2`,
		`herald_events_total{type="statement"} 1`,
		`herald_extract_seconds_count 2`,
		`herald_extract_seconds_bucket{le="0.004"} 1`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
}

func TestObserveCheckCountsByFeed(t *testing.T) {
	m := New()
	rferl := crawl.Feed{URL: "https://www.rferl.org/api/x", Source: "RFE/RL"}
	voa := crawl.Feed{URL: "https://www.voanews.com/api/y"}
	m.ObserveCheck(rferl, crawl.CheckResult{State: crawl.FeedState{LastStatus: 200}, New: 5, Published: 3, Retry: 1, GivenUp: 2}, nil)
	m.ObserveCheck(rferl, crawl.CheckResult{State: crawl.FeedState{LastStatus: 304}}, nil)
	m.ObserveCheck(voa, crawl.CheckResult{State: crawl.FeedState{LastStatus: 429}}, errors.New("429"))
	m.ObserveCheck(voa, crawl.CheckResult{State: crawl.FeedState{LastStatus: 500}}, errors.New("500"))
	_, body := get(t, m.Handler(), "/metrics")
	for _, want := range []string{
		`herald_fetches_total{feed="RFE/RL",outcome="ok"} 1`,
		`herald_fetches_total{feed="RFE/RL",outcome="not_modified"} 1`,
		`herald_fetches_total{feed="www.voanews.com",outcome="rate_limited"} 1`,
		`herald_fetches_total{feed="www.voanews.com",outcome="error"} 1`,
		`herald_articles_published_total{result="new",source="RFE/RL"} 3`,
		`herald_articles_published_total{result="duplicate",source="RFE/RL"} 1`,
		`herald_pages_given_up_total{feed="RFE/RL"} 2`,
		`herald_errors_total{kind="transient",stage="crawl"} 2`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
	if strings.Contains(body, `herald_pages_given_up_total{feed="www.voanews.com"}`) {
		t.Errorf("/metrics counts pages given up for a feed that gave none up")
	}
}
