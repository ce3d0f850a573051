package sqlite_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/herald-news/herald/extractors"
	"github.com/herald-news/herald/extractors/schema"
	"github.com/herald-news/herald/pipeline"
	"github.com/herald-news/herald/pipeline/archive"
	"github.com/herald-news/herald/pipeline/pipelinetest"
	"github.com/herald-news/herald/sinks/sqlite"
	"github.com/herald-news/herald/sinks/sqlstore/storetest"
)

// crashing is a sink that dies on its next write: after the write when
// afterWrite is set (the ack is lost, the message comes again), before it
// otherwise (the write is lost, the message comes again).
type crashing struct {
	inner      pipeline.DocumentSink
	afterWrite bool
	crash      context.CancelFunc
	once       sync.Once
	crashed    chan struct{}
}

var errCrash = errors.New("worker killed")

func (c *crashing) WriteDocument(ctx context.Context, doc schema.Document) error {
	err := errCrash
	c.once.Do(func() {
		if c.afterWrite {
			if werr := c.inner.WriteDocument(ctx, doc); werr != nil {
				err = werr
			}
		}
		c.crash()
		close(c.crashed)
	})
	return err
}

// checkFor polls cond until it holds or d has passed.
func checkFor(t *testing.T, d time.Duration, cond func() error) {
	t.Helper()
	deadline := time.Now().Add(d)
	for {
		err := cond()
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal(err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestReplayWARCThroughPipeline replays the test WARC through the real
// pipeline (embedded JetStream, extraction stage, DOCUMENTS stream) into
// an SQLite store, killing the replay and the sink on the way; then
// replays the archive again and redelivers every document: the store holds
// each article once, as a store written directly does.
func TestReplayWARCThroughPipeline(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	bus := pipelinetest.OpenBus(t, pipeline.Config{}, nil)
	if err := bus.SetupSink(ctx, pipeline.StreamDocuments, "sqlite"); err != nil {
		t.Fatal(err)
	}
	store, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "herald.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	x, err := extractors.New()
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	defer func() { cancel(); wg.Wait() }()
	wg.Go(func() {
		w := &pipeline.Worker{Bus: bus, Extractor: x, Version: extractors.Version}
		if err := w.Run(ctx); err != nil {
			t.Error(err)
		}
	})

	warc := filepath.Join("..", "..", "testdata", "warc", "pages.warc.gz")
	// replay publishes the archive's articles, at most max of them.
	replay := func(max int) (published, dups int) {
		t.Helper()
		err := archive.Read(ctx, warc, func(it archive.Item) error {
			if it.Err != nil || published+dups >= max {
				return nil // the broken record, or enough
			}
			dup, err := bus.PublishArticle(ctx, it.Article)
			if dup {
				dups++
			} else {
				published++
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return published, dups
	}
	// The replay is interrupted after its first article, and the sink is
	// killed twice on that article's document: once after writing it (the
	// ack is lost), once before (the write is lost). Only one document is
	// on the stream then, so none sits undelivered in a dead sink's buffer
	// until the consumer's minute-long ack wait runs out.
	if p, d := replay(1); p != 1 || d != 0 {
		t.Fatalf("first replay published %d, %d duplicates; want 1, 0", p, d)
	}
	documents(t, ctx, bus, 1)
	for _, after := range []bool{true, false} {
		sctx, stop := context.WithCancel(ctx)
		c := &crashing{inner: store, afterWrite: after, crash: stop, crashed: make(chan struct{})}
		done := make(chan error, 1)
		go func() { done <- pipeline.RunDocumentSink(sctx, bus, "sqlite", c) }()
		select {
		case <-c.crashed:
		case <-time.After(time.Minute):
			t.Fatal("no document reached the sink")
		}
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		stop()
	}
	runSink := func() (stop func()) {
		sctx, stopSink := context.WithCancel(ctx)
		done := make(chan error, 1)
		go func() { done <- pipeline.RunDocumentSink(sctx, bus, "sqlite", store) }()
		return func() {
			stopSink()
			if err := <-done; err != nil {
				t.Error(err)
			}
		}
	}
	// The replay resumes from the start: the first article is a duplicate.
	if p, d := replay(3); p != 2 || d != 1 {
		t.Fatalf("resumed replay published %d, %d duplicates; want 2, 1", p, d)
	}
	stop := runSink()
	docs := documents(t, ctx, bus, 3)
	waitStored(t, store, docs)
	want := storetest.Dump(t, store.Store)

	// The same archive again: every article is a duplicate.
	if p, d := replay(3); p != 0 || d != 3 {
		t.Fatalf("second replay published %d, %d duplicates; want 0, 3", p, d)
	}
	// Every document delivered to the sink once more.
	js := bus.JetStream()
	for _, d := range docs {
		if _, err := js.Publish(ctx, d.subject, d.data); err != nil {
			t.Fatal(err)
		}
	}
	checkFor(t, time.Minute, func() error {
		c, err := bus.JetStream().Consumer(ctx, pipeline.StreamDocuments, pipeline.SinkConsumer("sqlite"))
		if err != nil {
			return err
		}
		info, err := c.Info(ctx)
		if err != nil {
			return err
		}
		if info.NumPending > 0 || info.NumAckPending > 0 || info.Delivered.Stream < uint64(2*len(docs)) {
			return fmt.Errorf("sink has not caught up: %+v", info)
		}
		return nil
	})
	stop()
	if got := storetest.Dump(t, store.Store); !reflect.DeepEqual(got, want) {
		t.Fatalf("redelivered documents changed the store")
	}
	// And it equals the documents written straight into a fresh store.
	ref, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "ref.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer ref.Close()
	for _, d := range docs {
		if err := ref.WriteDocument(ctx, d.doc); err != nil {
			t.Fatal(err)
		}
	}
	if got := storetest.Dump(t, ref.Store); !reflect.DeepEqual(got, want) {
		t.Fatalf("the store fed through the pipeline differs from the documents written directly")
	}
}

type docMsg struct {
	subject string
	data    []byte
	doc     schema.Document
}

// documents waits for n documents on the DOCUMENTS stream.
func documents(t *testing.T, ctx context.Context, bus *pipeline.Bus, n int) []docMsg {
	t.Helper()
	var out []docMsg
	checkFor(t, time.Minute, func() error {
		out = out[:0]
		s, err := bus.JetStream().Stream(ctx, pipeline.StreamDocuments)
		if err != nil {
			return err
		}
		for seq := uint64(1); ; seq++ {
			m, err := s.GetMsg(ctx, seq)
			if errors.Is(err, jetstream.ErrMsgNotFound) {
				break
			}
			if err != nil {
				return err
			}
			var d schema.Document
			if err := json.Unmarshal(m.Data, &d); err != nil {
				return err
			}
			out = append(out, docMsg{subject: m.Subject, data: m.Data, doc: d})
		}
		if len(out) != n {
			return fmt.Errorf("%d documents on the stream, want %d", len(out), n)
		}
		return nil
	})
	return out
}

func waitStored(t *testing.T, s *sqlite.Store, docs []docMsg) {
	t.Helper()
	checkFor(t, time.Minute, func() error {
		c, err := s.Counts(context.Background())
		if err != nil {
			return err
		}
		events := 0
		for _, d := range docs {
			events += len(d.doc.Events)
		}
		if c["articles"] != len(docs) || c["events"] != events {
			return fmt.Errorf("store holds %d articles and %d events, want %d and %d", c["articles"], c["events"], len(docs), events)
		}
		return nil
	})
}
