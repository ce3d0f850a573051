package faulttest

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/herald-news/herald/extractors"
	"github.com/herald-news/herald/extractors/schema"
	"github.com/herald-news/herald/pipeline"
	"github.com/herald-news/herald/sinks/sqlite"
)

// samplePath is the project's sample archive, relative to this package.
var samplePath = filepath.Join("..", "..", "testdata", "archive", "sample.jsonl")

// newExtractor loads the real extractors once for the whole package.
var newExtractor = sync.OnceValues(extractors.New)

// corpus is the articles a test publishes and, for each, the ids of the
// events the extractor gives it when called directly.
type corpus struct {
	articles []schema.Article
	want     map[string]map[string]bool // article id -> event ids
	events   int
}

// loadCorpus makes copies variants of every sample article, each with an
// id and URL of its own, and extracts them once directly to know which
// events the pipeline must deliver.
func loadCorpus(t *testing.T, copies int) *corpus {
	t.Helper()
	f, err := os.Open(samplePath)
	if err != nil {
		t.Fatalf("sample archive: %v", err)
	}
	defer f.Close()
	var base []schema.Article
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		var a schema.Article
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			t.Fatalf("sample archive: %v", err)
		}
		base = append(base, a)
	}
	if err := sc.Err(); err != nil || len(base) == 0 {
		t.Fatalf("sample archive: %d articles, %v", len(base), err)
	}
	x, err := newExtractor()
	if err != nil {
		t.Fatal(err)
	}
	c := &corpus{want: map[string]map[string]bool{}}
	for k := range copies {
		for _, a := range base {
			a.ID = fmt.Sprintf("%s-v%d", a.ID, k)
			a.URL = fmt.Sprintf("%s?v=%d", a.URL, k)
			c.add(t, x, a)
		}
	}
	return c
}

// add extracts a with x and records it with the ids of its events.
func (c *corpus) add(t *testing.T, x pipeline.Extractor, a schema.Article) {
	t.Helper()
	doc, err := x.Extract(a)
	if err != nil {
		t.Fatalf("extract %s: %v", a.ID, err)
	}
	ids := map[string]bool{}
	for _, ev := range doc.Events {
		ids[ev.ID] = true
	}
	c.articles = append(c.articles, a)
	c.want[a.ID] = ids
	c.events += len(ids)
}

// poisonPrefix marks the articles poisoned fails on.
const poisonPrefix = "poison-"

var errPoison = errors.New("extractor backend rejects this article")

// counting wraps the real extractor: it counts extractions per article and
// fails, as a transient error, on every article whose id starts with
// poisonPrefix.
type counting struct {
	x pipeline.Extractor

	// onCall, when set, is called with the number of extractions so far,
	// before each extraction: a test's trigger for a fault mid-run.
	onCall func(n int)

	mu    sync.Mutex // guards calls, total
	calls map[string]int
	total int
}

func newCounting(t *testing.T) *counting {
	t.Helper()
	x, err := newExtractor()
	if err != nil {
		t.Fatal(err)
	}
	return &counting{x: x, calls: map[string]int{}}
}

func (c *counting) Extract(a schema.Article) (schema.Document, error) {
	c.mu.Lock()
	c.calls[a.ID]++
	c.total++
	n := c.total
	c.mu.Unlock()
	if c.onCall != nil {
		c.onCall(n)
	}
	if strings.HasPrefix(a.ID, poisonPrefix) {
		return schema.Document{}, errPoison
	}
	return c.x.Extract(a)
}

// extraExtractions counts extractions beyond the first of each article.
func (c *counting) extraExtractions() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for id, k := range c.calls {
		if k > 1 && !strings.HasPrefix(id, poisonPrefix) {
			n += k - 1
		}
	}
	return n
}

func (c *counting) callsFor(id string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.calls[id]
}

// testLog writes the pipeline's warnings to the test log, the first
// maxLogLines of them: a stage retrying through an election can log a line
// a millisecond.
func testLog(t *testing.T, name string) *slog.Logger {
	return slog.New(slog.NewTextHandler(&tWriter{t: t}, &slog.HandlerOptions{Level: slog.LevelWarn})).With("proc", name)
}

const maxLogLines = 20

type tWriter struct {
	t *testing.T
	n atomic.Int64
}

func (w *tWriter) Write(p []byte) (int, error) {
	switch n := w.n.Add(1); {
	case n <= maxLogLines:
		w.t.Log(strings.TrimRight(string(p), "\n"))
	case n == maxLogLines+1:
		w.t.Log("(further lines of this process not shown)")
	}
	return len(p), nil
}

func open(t *testing.T, cfg pipeline.Config, log *slog.Logger) *pipeline.Bus {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	b, err := pipeline.Open(ctx, cfg, log)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// openSetUp opens a bus of its own on cfg, named name in the log, sets up
// the streams and closes it when the test ends: the bus a test publishes
// and counts through.
func openSetUp(t *testing.T, cfg pipeline.Config, name string) *pipeline.Bus {
	t.Helper()
	b := open(t, cfg, testLog(t, name))
	t.Cleanup(func() { b.Close() })
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := b.Setup(ctx); err != nil {
		t.Fatal(err)
	}
	return b
}

// proc is one stage running as its own "process": its own connection to
// NATS, stopped gracefully or killed.
type proc struct {
	name   string
	bus    *pipeline.Bus
	worker *pipeline.Worker // nil for a sink
	cancel context.CancelFunc
	done   chan struct{}
}

func startWorker(t *testing.T, name string, cfg pipeline.Config, x pipeline.Extractor) *proc {
	t.Helper()
	log := testLog(t, name)
	b := open(t, cfg, log)
	w := &pipeline.Worker{Bus: b, Extractor: x, Version: extractors.Version, Log: log, Concurrency: 1, RetryDelay: 50 * time.Millisecond}
	return start(t, name, b, w, w.Run)
}

func startSink(t *testing.T, name string, cfg pipeline.Config, path string) *proc {
	t.Helper()
	return startSinkOn(t, name, open(t, cfg, testLog(t, name)), path)
}

func start(t *testing.T, name string, b *pipeline.Bus, w *pipeline.Worker, run func(context.Context) error) *proc {
	ctx, cancel := context.WithCancel(context.Background())
	p := &proc{name: name, bus: b, worker: w, cancel: cancel, done: make(chan struct{})}
	go func() {
		defer close(p.done)
		if err := run(ctx); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}()
	t.Cleanup(p.stop)
	return p
}

// stop stops the stage gracefully (its current article finished) and
// closes its connection.
func (p *proc) stop() {
	p.cancel()
	<-p.done
	_ = p.bus.Close()
}

// kill drops the stage's connection at once, as a killed process would,
// then lets its goroutines end.
func (p *proc) kill() {
	p.bus.Conn().Close()
	p.cancel()
	<-p.done
	_ = p.bus.Close()
}

func (p *proc) processed() int64 {
	if p.worker == nil {
		return 0
	}
	return p.worker.Stats().Processed
}

// publishAll publishes every article, retrying through elections and
// outages, and returns how many were new.
func publishAll(t *testing.T, b *pipeline.Bus, as []schema.Article) int {
	t.Helper()
	n := 0
	for _, a := range as {
		deadline := time.Now().Add(60 * time.Second)
		var failed bool // an attempt failed: a retry's dup may be our own
		for {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			dup, err := b.PublishArticle(ctx, a)
			cancel()
			if err == nil {
				if !dup || failed {
					n++
				}
				break
			}
			failed = true
			if time.Now().After(deadline) {
				t.Fatalf("publish %s: %v", a.ID, err)
			}
			time.Sleep(200 * time.Millisecond)
		}
	}
	return n
}

// waitFor polls cond until it holds, tolerating errors (an election) until
// the deadline.
func waitFor(t *testing.T, what string, timeout time.Duration, cond func(ctx context.Context) (bool, error)) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	var last error
	for time.Now().Before(deadline) {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		ok, err := cond(ctx)
		cancel()
		if ok {
			return
		}
		last = err
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("%s: not within %v (last error: %v)", what, timeout, last)
}

// ackedUpTo is a waitFor condition: the consumer has acknowledged (or
// terminated) every message its stream holds.
func ackedUpTo(b *pipeline.Bus, stream, consumer string) func(ctx context.Context) (bool, error) {
	return func(ctx context.Context) (bool, error) {
		last, err := b.LastSeq(ctx, stream)
		if err != nil {
			return false, err
		}
		c, err := b.JetStream().Consumer(ctx, stream, consumer)
		if err != nil {
			return false, err
		}
		info, err := c.Info(ctx)
		if err != nil {
			return false, err
		}
		if info.AckFloor.Stream >= last && info.NumPending == 0 && info.NumAckPending == 0 {
			return true, nil
		}
		return false, fmt.Errorf("%s on %s: ack floor %d of %d, pending %d, ack pending %d, redelivered %d, waiting pulls %d",
			consumer, stream, info.AckFloor.Stream, last, info.NumPending, info.NumAckPending, info.NumRedelivered, info.NumWaiting)
	}
}

// waitDrained waits until the extraction stage and the sink have acknowledged
// everything.
func waitDrained(t *testing.T, b *pipeline.Bus, timeout time.Duration) {
	t.Helper()
	waitFor(t, "extraction stage drained", timeout, ackedUpTo(b, pipeline.StreamArticles, pipeline.ConsumerExtract))
	waitFor(t, "sink drained", timeout, ackedUpTo(b, pipeline.StreamEvents, pipeline.SinkConsumer("jsonl")))
}

// counts is what a fault test reports.
type counts struct {
	Published    int // articles published (new)
	Processed    int64
	Expected     int // events the extractor gives the published articles
	StreamEvents int // messages on the EVENTS stream
	Stored       int // distinct events in the sink
	Lines        int // lines in the sink's file
	Lost         int // expected events missing from the sink
	Doubled      int // events stored or streamed more than once
	Unexpected   int // stored events the extractor does not give
	DeadLettered int
	// AllAcked: the server holds every article acknowledged by the
	// extraction stage. Workers count an article only when the ack's reply
	// reaches them; one cut right after the server took the ack is counted
	// by no worker, yet processed.
	AllAcked bool
}

func (c counts) String() string {
	return fmt.Sprintf("published=%d processed=%d events=%d (stream %d, sink %d distinct in %d lines) lost=%d doubled=%d unexpected=%d dead-lettered=%d",
		c.Published, c.Processed, c.Expected, c.StreamEvents, c.Stored, c.Lines, c.Lost, c.Doubled, c.Unexpected, c.DeadLettered)
}

// count reads the sink's file and the streams and compares them with what
// the corpus should give.
func count(t *testing.T, b *pipeline.Bus, c *corpus, sinkPath string, published int, processed int64) counts {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	r := counts{Published: published, Processed: processed, Expected: c.events}
	f, err := os.Open(sinkPath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got := map[string]map[string]bool{}
	seen := map[string]bool{}
	br := bufio.NewReader(f)
	for {
		line, err := br.ReadBytes('\n')
		if len(line) > 0 {
			var ev schema.Event
			if jerr := json.Unmarshal(line, &ev); jerr != nil {
				t.Fatalf("sink line %d: %v", r.Lines+1, jerr)
			}
			r.Lines++
			if seen[ev.ID] {
				r.Doubled++
			}
			seen[ev.ID] = true
			if got[ev.ArticleID] == nil {
				got[ev.ArticleID] = map[string]bool{}
			}
			got[ev.ArticleID][ev.ID] = true
		}
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	r.Stored = len(seen)
	var lostIDs []string
	for id, want := range c.want {
		for ev := range want {
			if !got[id][ev] {
				r.Lost++
				lostIDs = append(lostIDs, id)
			}
		}
		for ev := range got[id] {
			if !want[ev] {
				r.Unexpected++
			}
		}
	}
	for id := range got {
		if c.want[id] == nil {
			r.Unexpected += len(got[id])
		}
	}
	sort.Strings(lostIDs)
	if len(lostIDs) > 0 {
		t.Logf("articles with lost events: %v", lostIDs)
	}
	last, err := b.LastSeq(ctx, pipeline.StreamEvents)
	if err != nil {
		t.Fatal(err)
	}
	r.StreamEvents = int(last)
	if r.StreamEvents > r.Expected {
		r.Doubled += r.StreamEvents - r.Expected
	}
	if ci, err := b.JetStream().Consumer(ctx, pipeline.StreamArticles, pipeline.ConsumerExtract); err == nil {
		if info, err := ci.Info(ctx); err == nil {
			r.AllAcked = info.NumPending == 0 && info.NumAckPending == 0
		}
	}
	dl, err := b.LastSeq(ctx, pipeline.StreamDLQ)
	if err != nil {
		t.Fatal(err)
	}
	r.DeadLettered = int(dl)
	return r
}

// checkExactlyOnce fails the test unless every published article became
// exactly its set of events in the sink.
func checkExactlyOnce(t *testing.T, r counts, publishedWant int) {
	t.Helper()
	t.Logf("counts: %s", r)
	if r.Published != publishedWant {
		t.Errorf("published %d articles, want %d", r.Published, publishedWant)
	}
	if r.Processed < int64(publishedWant) && !r.AllAcked {
		t.Errorf("processed %d articles, fewer than the %d published", r.Processed, publishedWant)
	}
	if r.Lost != 0 || r.Doubled != 0 || r.Unexpected != 0 {
		t.Errorf("lost %d, doubled %d, unexpected %d events; want 0, 0, 0", r.Lost, r.Doubled, r.Unexpected)
	}
	if r.Stored != r.Expected || r.Lines != r.Expected || r.StreamEvents != r.Expected {
		t.Errorf("sink %d distinct / %d lines, stream %d; want %d each", r.Stored, r.Lines, r.StreamEvents, r.Expected)
	}
}

// dlq reads the dead-letter stream.
func dlq(t *testing.T, b *pipeline.Bus, n int) []jetstream.Msg {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	c, err := b.JetStream().OrderedConsumer(ctx, pipeline.StreamDLQ, jetstream.OrderedConsumerConfig{})
	if err != nil {
		t.Fatal(err)
	}
	var out []jetstream.Msg
	for len(out) < n {
		m, err := c.Next(jetstream.FetchContext(ctx))
		if err != nil {
			t.Fatalf("dead letters: got %d, want %d: %v", len(out), n, err)
		}
		out = append(out, m)
	}
	return out
}

// sum adds the processed counters of workers.
func sum(ps ...*proc) int64 {
	var n int64
	for _, p := range ps {
		n += p.processed()
	}
	return n
}

// startSQLiteSink runs the SQLite document sink, a process of its own.
func startSQLiteSink(t *testing.T, cfg pipeline.Config, path string) (*proc, *sqlite.Store) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	st, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	b := open(t, cfg, testLog(t, "sqlite-sink"))
	if err := b.SetupSink(ctx, pipeline.StreamDocuments, "sqlite"); err != nil {
		t.Fatal(err)
	}
	return start(t, "sqlite-sink", b, nil, func(ctx context.Context) error {
		return pipeline.RunDocumentSink(ctx, b, "sqlite", st)
	}), st
}

// sqliteCounts compares the events the SQLite store holds with the corpus:
// the articles stored, the events, lost and unexpected ones.
func sqliteCounts(t *testing.T, st *sqlite.Store, c *corpus) (articles, events, lost, unexpected int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := st.DB().QueryRowContext(ctx, `SELECT count(*) FROM articles`).Scan(&articles); err != nil {
		t.Fatal(err)
	}
	rows, err := st.DB().QueryContext(ctx, `SELECT article_id, id FROM events`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	got := map[string]map[string]bool{}
	for rows.Next() {
		var aid, id string
		if err := rows.Scan(&aid, &id); err != nil {
			t.Fatal(err)
		}
		events++
		if got[aid] == nil {
			got[aid] = map[string]bool{}
		}
		got[aid][id] = true
		if !c.want[aid][id] {
			unexpected++
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	for aid, want := range c.want {
		for id := range want {
			if !got[aid][id] {
				lost++
			}
		}
	}
	return articles, events, lost, unexpected
}

// checkSQLite waits until the SQLite sink has acknowledged every document
// on b, then fails the test unless its store holds every article once and
// exactly its events.
func checkSQLite(t *testing.T, b *pipeline.Bus, st *sqlite.Store, c *corpus) {
	t.Helper()
	waitFor(t, "sqlite sink drained", drainTimeout, ackedUpTo(b, pipeline.StreamDocuments, pipeline.SinkConsumer("sqlite")))
	articles, events, lost, unexpected := sqliteCounts(t, st, c)
	t.Logf("sqlite store: articles=%d events=%d lost=%d unexpected=%d", articles, events, lost, unexpected)
	if articles != len(c.articles) || events != c.events || lost != 0 || unexpected != 0 {
		t.Errorf("sqlite store holds %d articles and %d events (lost %d, unexpected %d); want %d and %d",
			articles, events, lost, unexpected, len(c.articles), c.events)
	}
}
