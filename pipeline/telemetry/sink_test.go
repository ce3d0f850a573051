package telemetry

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/herald-news/herald/extractors/schema"
	"github.com/herald-news/herald/pipeline"
	"github.com/herald-news/herald/pipeline/pipelinetest"
)

// flakyStore is a document sink whose first write fails, as one during a
// database restart does.
type flakyStore struct {
	mu     sync.Mutex // guards writes
	writes int
}

func (s *flakyStore) WriteDocument(context.Context, schema.Document) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.writes++; s.writes == 1 {
		return errors.New("connection refused")
	}
	return nil
}

// TestObserveSinkCountsWrites runs a document sink on an embedded bus with
// the metrics observing it: a document written after one failed write, and
// one the sink cannot read, show as one write, one transient error, one
// permanent error and one dead letter of the sink.
func TestObserveSinkCountsWrites(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	bus := pipelinetest.OpenBus(t, pipeline.Config{}, nil)
	good, _ := json.Marshal(schema.Document{Article: schema.Article{ID: "d1"}})
	for _, data := range [][]byte{good, []byte("not a document")} {
		if _, err := bus.JetStream().Publish(ctx, pipeline.SubjectDocuments+".x", data); err != nil {
			t.Fatal(err)
		}
	}
	if err := bus.SetupSink(ctx, pipeline.StreamDocuments, "db"); err != nil {
		t.Fatal(err)
	}
	m := New()
	sctx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() {
		done <- pipeline.RunDocumentSink(sctx, bus, "db", &flakyStore{},
			pipeline.WithSinkRetry(time.Millisecond, time.Millisecond), pipeline.WithSinkObserver(m.ObserveSink))
	}()
	if err := bus.WaitAcked(ctx, pipeline.StreamDocuments, pipeline.SinkConsumer("db"), 2, nil); err != nil {
		t.Fatal(err)
	}
	stop()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	_, body := get(t, m.Handler(), "/metrics")
	for _, want := range []string{
		`herald_sink_writes_total{sink="db"} 1`,
		`herald_errors_total{kind="transient",stage="sink-db"} 1`,
		`herald_errors_total{kind="permanent",stage="sink-db"} 1`,
		`herald_dead_letters_total{stage="sink-db"} 1`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
}
