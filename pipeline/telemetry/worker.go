package telemetry

import (
	"context"
	"time"

	"github.com/herald-news/herald/extractors/schema"
	"github.com/herald-news/herald/pipeline"
)

// WatchWorker feeds a worker's counters (pipeline.Worker.Stats) into the
// metrics every interval until ctx ends, and once more then: articles
// extracted, events published, transient failures and dead letters of the
// extraction stage. It needs nothing of the worker but its Stats, so a
// command wires it with one line:
//
//	go m.WatchWorker(ctx, w.Stats, 5*time.Second)
//
// Events go to herald_events_total with type "all": Stats does not say
// the types (a hook in the worker would).
func (m *Metrics) WatchWorker(ctx context.Context, stats func() pipeline.Stats, interval time.Duration) {
	var last pipeline.Stats
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		last = m.addStats(last, stats())
		select {
		case <-ctx.Done():
			m.addStats(last, stats())
			return
		case <-t.C:
		}
	}
}

// addStats adds what changed between last and now, and returns now.
func (m *Metrics) addStats(last, now pipeline.Stats) pipeline.Stats {
	add := func(d int64, inc func(float64)) {
		if d > 0 {
			inc(float64(d))
		}
	}
	add(now.Processed-last.Processed, m.Extracted.Add)
	add(now.Retried-last.Retried, m.Errors.WithLabelValues(pipeline.StageExtract, "transient").Add)
	add(now.DeadLettered-last.DeadLettered, m.Errors.WithLabelValues(pipeline.StageExtract, "permanent").Add)
	add(now.DeadLettered-last.DeadLettered, m.DeadLettered.WithLabelValues(pipeline.StageExtract).Add)
	return now
}

// ObserveDocument counts one extracted article's events by type and the
// time its extraction took, for pipeline.Worker.Observe:
//
//	w.Observe = m.ObserveDocument
func (m *Metrics) ObserveDocument(doc schema.Document, took time.Duration) {
	for _, ev := range doc.Events {
		m.Events.WithLabelValues(ev.Type).Inc()
	}
	m.ExtractSeconds.Observe(took.Seconds())
}
