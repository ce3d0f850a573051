package telemetry

import (
	"context"
	"time"

	"github.com/herald-news/herald/pipeline/crawl"
)

// WatchCrawler feeds a crawler's counters (crawl.Crawler.Stats) into the
// metrics every interval until ctx ends, and once more then: feed checks
// by outcome ("ok", "not_modified", "error") under feed "all", articles
// published ("new") and recognised ("duplicate") under source "all", and
// failed checks and page fetches as the crawl stage's transient errors.
// Per-feed labels need a hook in the crawler; this needs only its Stats:
//
//	go m.WatchCrawler(ctx, c.Stats, telemetry.ConsumerInterval)
func (m *Metrics) WatchCrawler(ctx context.Context, stats func() crawl.Stats, interval time.Duration) {
	var last crawl.Stats
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		last = m.addCrawlStats(last, stats())
		select {
		case <-ctx.Done():
			m.addCrawlStats(last, stats())
			return
		case <-t.C:
		}
	}
}

func (m *Metrics) addCrawlStats(last, now crawl.Stats) crawl.Stats {
	add := func(d int64, inc func(float64)) {
		if d > 0 {
			inc(float64(d))
		}
	}
	errs := now.Errors - last.Errors
	notMod := now.NotModified - last.NotModified
	add(now.Checks-last.Checks-errs-notMod, m.Fetched.WithLabelValues("all", "ok").Add)
	add(notMod, m.Fetched.WithLabelValues("all", "not_modified").Add)
	add(errs, m.Fetched.WithLabelValues("all", "error").Add)
	add(now.Published-last.Published, m.Published.WithLabelValues("all", "new").Add)
	add(now.Duplicates-last.Duplicates, m.Published.WithLabelValues("all", "duplicate").Add)
	add(errs+now.PageErrors-last.PageErrors, m.Errors.WithLabelValues("crawl", "transient").Add)
	return now
}
