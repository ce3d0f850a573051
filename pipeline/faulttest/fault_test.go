package faulttest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/herald-news/herald/extractors"
	"github.com/herald-news/herald/extractors/schema"
	"github.com/herald-news/herald/pipeline"
	"github.com/herald-news/herald/pipeline/clustertest"
	"github.com/herald-news/herald/sinks/jsonl"
)

// copies is how many variants of each sample article a test publishes.
func copies() int {
	if testing.Short() {
		return 1
	}
	return 2
}

const drainTimeout = 2 * time.Minute

// TestNodeKilledMidRun runs two workers and the JSON Lines sink, each on a
// connection of its own, on a three-node cluster with every stream
// replicated three times; kills the node leading the ARTICLES stream while
// articles are being extracted and published, brings it back, and checks
// that every article gave its events exactly once. A poison article among
// them ends in the dead-letter stream after MaxDeliver deliveries.
func TestNodeKilledMidRun(t *testing.T) {
	c := clustertest.Start(t, 3)
	cfg := pipeline.Config{NATSURL: c.URL(), AckWait: 3 * time.Second, MaxDeliver: 3, Replicas: 3}
	admin := openSetUp(t, cfg, "admin")
	corp := loadCorpus(t, copies())
	x := newCounting(t)
	sinkPath := filepath.Join(t.TempDir(), "events.jsonl")
	startSink(t, "sink", cfg, sinkPath)
	_, store := startSQLiteSink(t, cfg, filepath.Join(t.TempDir(), "herald.db"))
	w1 := startWorker(t, "worker-1", cfg, x)
	w2 := startWorker(t, "worker-2", cfg, x)

	// The ARTICLES leader is stopped from inside the tenth extraction, so
	// that articles are in flight at that instant.
	killed := make(chan int, 1)
	var once sync.Once
	x.onCall = func(n int) {
		if n == 10 {
			once.Do(func() {
				leader := streamLeader(t, admin, pipeline.StreamArticles)
				c.Stop(leader)
				killed <- leader
			})
		}
	}
	half := len(corp.articles) / 2
	poison := schema.Article{ID: poisonPrefix + "1", URL: "https://herald.test/poison", Title: "Poison", Text: "Nothing wrong with this text."}
	published := publishAll(t, admin, append([]schema.Article{poison}, corp.articles[:half]...)) - 1
	var leader int
	select {
	case leader = <-killed:
	case <-time.After(drainTimeout):
		t.Fatal("the workers never reached the tenth article")
	}
	atKill := sum(w1, w2)
	t.Logf("stopped node n%d (ARTICLES leader) during the tenth extraction, %d articles processed", leader+1, atKill)
	published += publishAll(t, admin, corp.articles[half:])
	waitFor(t, "progress with a node down", drainTimeout, func(ctx context.Context) (bool, error) {
		if sum(w1, w2) >= atKill+5 {
			return true, nil
		}
		_, err := ackedUpTo(admin, pipeline.StreamArticles, pipeline.ConsumerExtract)(ctx)
		return false, err
	})
	atDown := atKill
	t.Logf("restarting the node after %d processed (%d with it down)", sum(w1, w2), sum(w1, w2)-atDown)
	c.Restart(leader)

	waitDrained(t, admin, drainTimeout)
	w1.stop()
	w2.stop()
	r := count(t, admin, corp, sinkPath, published, sum(w1, w2))
	checkExactlyOnce(t, r, len(corp.articles))
	checkSQLite(t, admin, store, corp)
	if sum(w1, w2) > 0 && (w1.processed() == 0 || w2.processed() == 0) {
		t.Errorf("one worker did all the work: %d and %d", w1.processed(), w2.processed())
	}

	// The poison article: delivered MaxDeliver times, then dead-lettered
	// with its reason.
	if n := x.callsFor(poison.ID); n != cfg.MaxDeliver {
		t.Errorf("poison article extracted %d times, want MaxDeliver=%d", n, cfg.MaxDeliver)
	}
	if r.DeadLettered != 1 {
		t.Fatalf("dead-letter stream holds %d messages, want 1", r.DeadLettered)
	}
	m := dlq(t, admin, 1)[0]
	h := m.Headers()
	reason := h.Get(pipeline.HeaderDLQReason)
	t.Logf("dead letter on %s: deliveries=%s reason=%q", m.Subject(), h.Get(pipeline.HeaderDLQDeliveries), reason)
	if m.Subject() != pipeline.SubjectDLQ+"."+pipeline.StageExtract ||
		h.Get(pipeline.HeaderDLQDeliveries) != fmt.Sprint(cfg.MaxDeliver) ||
		!strings.Contains(reason, errPoison.Error()) ||
		!strings.Contains(reason, fmt.Sprintf("failed %d deliveries", cfg.MaxDeliver)) {
		t.Errorf("dead letter %s headers %v", m.Subject(), h)
	}
	var a schema.Article
	if err := json.Unmarshal(m.Data(), &a); err != nil || a.ID != poison.ID {
		t.Errorf("dead letter body is not the poison article: %v %q", err, a.ID)
	}
}

// streamLeader is the index of the node leading stream.
func streamLeader(t *testing.T, b *pipeline.Bus, stream string) int {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	s, err := b.JetStream().Stream(ctx, stream)
	if err != nil {
		t.Fatal(err)
	}
	info, err := s.Info(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if info.Cluster == nil || info.Cluster.Leader == "" || len(info.Cluster.Replicas) != 2 {
		t.Fatalf("stream %s is not replicated on three nodes: %+v", stream, info.Cluster)
	}
	var i int
	if _, err := fmt.Sscanf(info.Cluster.Leader, "n%d", &i); err != nil {
		t.Fatalf("leader %q: %v", info.Cluster.Leader, err)
	}
	return i - 1
}

// TestWorkerKilledMidArticle kills workers mid-article two ways on a
// three-node cluster: one worker's connection is cut (through a proxy) at
// the instant it sends its ack, three times, after its document and events
// were published and confirmed; another worker's connection is dropped
// abruptly while it works. Every article still gives its events once.
func TestWorkerKilledMidArticle(t *testing.T) {
	c := clustertest.Start(t, 3)
	cfg := pipeline.Config{NATSURL: c.URL(), AckWait: 2 * time.Second, MaxDeliver: 5, Replicas: 3}
	admin := openSetUp(t, cfg, "admin")
	corp := loadCorpus(t, copies())
	x := newCounting(t)
	sinkPath := filepath.Join(t.TempDir(), "events.jsonl")
	startSink(t, "sink", cfg, sinkPath)
	_, store := startSQLiteSink(t, cfg, filepath.Join(t.TempDir(), "herald.db"))

	// Worker A's acks for the extraction stage go through the proxy, which
	// dies with the first three.
	first := strings.SplitN(c.URL(), ",", 2)[0]
	px, err := NewProxy(strings.TrimPrefix(first, "nats://"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { px.Close() })
	var acksCut atomic.Int64
	px.Cut = func(subject string) bool {
		if strings.HasPrefix(subject, "$JS.ACK.") && strings.Contains(subject, "."+pipeline.StreamArticles+"."+pipeline.ConsumerExtract+".") {
			return acksCut.Add(1) <= 3
		}
		return false
	}
	acfg := cfg
	acfg.NATSURL = px.URL()
	published := publishAll(t, admin, corp.articles)
	// Worker A alone first, until its connection was cut three times.
	wa := startWorker(t, "worker-a", acfg, x)
	waitFor(t, "three acks cut", drainTimeout, func(context.Context) (bool, error) { return px.Cuts() >= 3, nil })
	wb := startWorker(t, "worker-b", cfg, x)
	wc := startWorker(t, "worker-c", cfg, x)
	waitFor(t, "worker-c at work", drainTimeout, func(context.Context) (bool, error) { return wc.processed() >= 2, nil })
	wc.kill()
	t.Logf("worker-c killed after %d articles", wc.processed())

	waitDrained(t, admin, drainTimeout)
	wa.stop()
	wb.stop()
	if px.Cuts() != 3 {
		t.Errorf("proxy cut worker-a %d times, want 3", px.Cuts())
	}
	again := x.extraExtractions()
	t.Logf("acks cut: %d; extractions beyond one per article: %d; processed a=%d b=%d c=%d",
		px.Cuts(), again, wa.processed(), wb.processed(), wc.processed())
	if again < 3 {
		t.Errorf("%d extractions beyond one per article, want at least one for each of the 3 cut acks", again)
	}
	r := count(t, admin, corp, sinkPath, published, sum(wa, wb, wc))
	checkExactlyOnce(t, r, len(corp.articles))
	checkSQLite(t, admin, store, corp)
}

// TestEmbeddedServerRestart stops herald's embedded server mid-run and opens
// it again on the same data directory: the stored articles, the seen-set and
// the consumers' positions survive, re-publishing adds nothing, and every
// article gives its events once.
func TestEmbeddedServerRestart(t *testing.T) {
	dir := t.TempDir()
	cfg := pipeline.Config{DataDir: dir, AckWait: 3 * time.Second}
	corp := loadCorpus(t, copies())
	x := newCounting(t)
	sinkPath := filepath.Join(dir, "events.jsonl")

	runOnce := func(name string, as []schema.Article, until func(ctx context.Context, w *proc) (bool, error)) (published int, processed int64) {
		log := testLog(t, name)
		b := open(t, cfg, log)
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := b.Setup(ctx); err != nil {
			t.Fatal(err)
		}
		// The worker and the sink share the embedded server's process.
		w := &pipeline.Worker{Bus: b, Extractor: x, Version: extractors.Version, Log: log, Concurrency: 2, RetryDelay: 50 * time.Millisecond}
		wp := start(t, name+"-worker", b, w, w.Run)
		sp := startSinkOn(t, name+"-sink", b, sinkPath)
		published = publishAll(t, b, as)
		// A run that takes long says where it stands, every 10 s.
		slowCtx, slowStop := context.WithCancel(context.Background())
		slowDone := make(chan struct{})
		defer func() { slowStop(); <-slowDone }()
		go func() {
			defer close(slowDone)
			for {
				select {
				case <-slowCtx.Done():
					return
				case <-time.After(10 * time.Second):
				}
				_, e1 := ackedUpTo(b, pipeline.StreamArticles, pipeline.ConsumerExtract)(slowCtx)
				_, e2 := ackedUpTo(b, pipeline.StreamEvents, pipeline.SinkConsumer("jsonl"))(slowCtx)
				t.Logf("%s run still waiting: processed=%d; %v; %v", name, wp.processed(), e1, e2)
			}
		}()
		waitFor(t, name, drainTimeout, func(ctx context.Context) (bool, error) { return until(ctx, wp) })
		wp.cancel()
		sp.cancel()
		<-wp.done
		<-sp.done
		processed = wp.processed()
		if err := b.Close(); err != nil {
			t.Errorf("close: %v", err)
		}
		return published, processed
	}

	half := len(corp.articles) / 2
	pub1, proc1 := runOnce("first", corp.articles[:half], func(_ context.Context, w *proc) (bool, error) { return w.processed() >= 3, nil })
	t.Logf("first run: published %d, processed %d before the server stopped", pub1, proc1)

	// Second run: re-publish everything; the first half is already known.
	b := open(t, cfg, testLog(t, "check"))
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := b.Setup(ctx); err != nil {
		t.Fatal(err)
	}
	dups := 0
	for _, a := range corp.articles[:half] {
		dup, err := b.PublishArticle(ctx, a)
		if err != nil {
			t.Fatal(err)
		}
		if dup {
			dups++
		}
	}
	if dups != half {
		t.Errorf("after the restart %d of %d re-published articles were known, want all", dups, half)
	}
	b.Close()
	pub2, proc2 := runOnce("second", corp.articles, func(ctx context.Context, w *proc) (bool, error) {
		if ok, err := ackedUpTo(w.bus, pipeline.StreamArticles, pipeline.ConsumerExtract)(ctx); !ok {
			return false, err
		}
		return ackedUpTo(w.bus, pipeline.StreamEvents, pipeline.SinkConsumer("jsonl"))(ctx)
	})
	t.Logf("second run: published %d new, processed %d", pub2, proc2)

	b = open(t, cfg, testLog(t, "count"))
	defer b.Close()
	r := count(t, b, corp, sinkPath, pub1+pub2, proc1+proc2)
	checkExactlyOnce(t, r, len(corp.articles))
}

// startSinkOn runs the JSON Lines sink on an existing bus.
func startSinkOn(t *testing.T, name string, b *pipeline.Bus, path string) *proc {
	t.Helper()
	s, err := jsonl.Open(path, testLog(t, name))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := b.SetupSink(ctx, pipeline.StreamEvents, "jsonl"); err != nil {
		t.Fatal(err)
	}
	p := start(t, name, b, nil, func(ctx context.Context) error {
		defer s.Close()
		return pipeline.RunEventSink(ctx, b, "jsonl", s)
	})
	return p
}

// TestSinkKilledMidRun kills the JSON Lines sink's process while events
// stream in, leaves a torn line at the end of its file as a crash in the
// middle of a write would, and starts a new sink on the same file: the
// torn line is cut, events written but not acknowledged are not written
// twice, and the file ends with every event once.
func TestSinkKilledMidRun(t *testing.T) {
	dir := t.TempDir()
	cfg := pipeline.Config{DataDir: dir, Listen: "127.0.0.1:0", AckWait: 2 * time.Second}
	server := openSetUp(t, cfg, "server")
	client := pipeline.Config{NATSURL: server.ClientURL(), AckWait: cfg.AckWait}
	corp := loadCorpus(t, copies())
	sinkPath := filepath.Join(dir, "events.jsonl")
	s1 := startSink(t, "sink-1", client, sinkPath)
	w := startWorker(t, "worker", client, newCounting(t))
	published := publishAll(t, server, corp.articles)

	waitFor(t, "sink-1 at work", drainTimeout, func(context.Context) (bool, error) {
		b, err := os.ReadFile(sinkPath)
		return bytes.Count(b, []byte("\n")) >= 20, err
	})
	s1.kill()
	f, err := os.OpenFile(sinkPath, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString(`{"id":"torn-by-the-crash","article_id":"`); err != nil {
		t.Fatal(err)
	}
	f.Close()
	b, _ := os.ReadFile(sinkPath)
	t.Logf("sink-1 killed with %d lines in its file, a torn line appended", bytes.Count(b, []byte("\n")))

	startSink(t, "sink-2", client, sinkPath)
	waitDrained(t, server, drainTimeout)
	w.stop()
	r := count(t, server, corp, sinkPath, published, w.processed())
	checkExactlyOnce(t, r, len(corp.articles))
}
