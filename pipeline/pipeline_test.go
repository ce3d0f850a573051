package pipeline

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/herald-news/herald/extractors"
	"github.com/herald-news/herald/extractors/schema"
)

// openBus starts an embedded JetStream server in a temporary directory.
func openBus(t testing.TB, cfg Config) *Bus {
	t.Helper()
	return openBusLog(t, cfg, nil)
}

// openBusLog is openBus with the bus logging to log.
func openBusLog(t testing.TB, cfg Config, log *slog.Logger) *Bus {
	t.Helper()
	if cfg.DataDir == "" {
		cfg.DataDir = t.TempDir()
	}
	ctx := context.Background()
	b, err := Open(ctx, cfg, log)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	if err := b.Setup(ctx); err != nil {
		t.Fatal(err)
	}
	return b
}

// sentenceEvents is an extractor for the pipeline's tests: one "statement"
// event per sentence, with ids stable for the article, as the events
// extractor makes them. It counts its calls per article.
type sentenceEvents struct {
	mu    sync.Mutex // guards calls
	calls map[string]int
}

func (x *sentenceEvents) Extract(a schema.Article) (schema.Document, error) {
	x.mu.Lock()
	if x.calls == nil {
		x.calls = map[string]int{}
	}
	x.calls[a.ID]++
	x.mu.Unlock()
	if strings.TrimSpace(a.Text) == "" {
		return schema.Document{}, extractors.ErrEmpty
	}
	doc := schema.Document{Article: a}
	for i, s := range strings.Split(a.Text, ".") {
		if strings.TrimSpace(s) == "" {
			continue
		}
		doc.Events = append(doc.Events, schema.Event{
			ID: fmt.Sprintf("%s:%d", a.ID, i), Type: "statement", Label: strings.TrimSpace(s),
			ArticleID: a.ID, ExtractorVersion: "test",
		})
	}
	return doc, nil
}

func (x *sentenceEvents) callsFor(id string) int {
	x.mu.Lock()
	defer x.mu.Unlock()
	return x.calls[id]
}

// memSink is an EventSink that keeps events by id in memory and counts
// writes, to check what reached a sink.
type memSink struct {
	mu     sync.Mutex // guards events, writes
	events map[string]schema.Event
	writes int
}

func (s *memSink) WriteEvent(_ context.Context, ev schema.Event) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.events == nil {
		s.events = map[string]schema.Event{}
	}
	s.events[ev.ID] = ev
	s.writes++
	return nil
}

func (s *memSink) writeCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.writes
}

func (s *memSink) len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.events)
}

// run starts f in a goroutine stopped at the end of the test.
func run(t *testing.T, f func(ctx context.Context) error) (stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- f(ctx) }()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			if err := <-done; err != nil {
				t.Error(err)
			}
		})
	}
	t.Cleanup(stop)
	return stop
}

// waitAll waits until the extraction stage acknowledged every article and,
// with a sink name, that sink every event.
func waitAll(t testing.TB, b *Bus, sinkName string) {
	t.Helper()
	waitAcked(t, b, StreamArticles, ConsumerExtract)
	if sinkName != "" {
		waitAcked(t, b, StreamEvents, SinkConsumer(sinkName))
	}
}

// waitAcked waits until the durable consumer acknowledged everything on
// stream as it stands now.
func waitAcked(t testing.TB, b *Bus, stream, consumer string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	last, err := b.LastSeq(ctx, stream)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.WaitAcked(ctx, stream, consumer, last, nil); err != nil {
		t.Fatal(err)
	}
}

func article(id, text string) schema.Article {
	return schema.Article{ID: id, URL: "https://example.org/" + id, Source: "example.org", Text: text,
		Published: time.Date(2019, 1, 16, 0, 0, 0, 0, time.UTC)}
}

func TestSetupIsIdempotent(t *testing.T) {
	b := openBus(t, Config{})
	if err := b.Setup(context.Background()); err != nil {
		t.Fatalf("second Setup: %v", err)
	}
	for _, s := range []string{StreamArticles, StreamDocuments, StreamEvents, StreamDLQ} {
		if _, err := b.JetStream().Stream(context.Background(), s); err != nil {
			t.Errorf("stream %s: %v", s, err)
		}
	}
}

func TestDataDirIsLocked(t *testing.T) {
	dir := t.TempDir()
	openBus(t, Config{DataDir: dir})
	_, err := Open(context.Background(), Config{DataDir: dir}, nil)
	if !errors.Is(err, ErrDataDirLocked) {
		t.Fatalf("second Open on the same data dir: got %v, want ErrDataDirLocked", err)
	}
}

func TestListenOnTakenPortIsAClearError(t *testing.T) {
	first := openBus(t, Config{Listen: "127.0.0.1:0"})
	addr := strings.TrimPrefix(first.ClientURL(), "nats://")
	_, err := Open(context.Background(), Config{DataDir: t.TempDir(), Listen: addr}, nil)
	if err == nil || !strings.Contains(err.Error(), "cannot listen on "+addr) {
		t.Fatalf("got %v, want a 'cannot listen on %s' error", err, addr)
	}
	// The listener answers NATS clients.
	nc, err := nats.Connect(first.ClientURL())
	if err != nil {
		t.Fatal(err)
	}
	nc.Close()
}

func TestArticleIDs(t *testing.T) {
	a := schema.Article{URL: "HTTPS://Example.org/x#comments", Text: "t"}
	b := schema.Article{URL: "https://example.org/x", Text: "other"}
	if ArticleID(a) != ArticleID(b) || !strings.HasPrefix(ArticleID(a), "u-") {
		t.Errorf("URL ids differ or lack u-: %q %q", ArticleID(a), ArticleID(b))
	}
	if got := ArticleID(schema.Article{ID: "given", URL: "https://x"}); got != "given" {
		t.Errorf("given id replaced by %q", got)
	}
	h := ArticleID(schema.Article{Text: "only text"})
	if !strings.HasPrefix(h, "h-") || h != ArticleID(schema.Article{Text: "only text"}) {
		t.Errorf("content id %q unstable or without h-", h)
	}
	if ContentKey(a) == ContentKey(b) {
		t.Error("a changed text must give a new content key")
	}
}

func TestPublishArticleDeduplicates(t *testing.T) {
	ctx := context.Background()
	b := openBus(t, Config{})
	a := article("a1", "One. Two.")
	if dup, err := b.PublishArticle(ctx, a); err != nil || dup {
		t.Fatalf("first publish: dup=%v err=%v", dup, err)
	}
	if dup, err := b.PublishArticle(ctx, a); err != nil || !dup {
		t.Fatalf("second publish: dup=%v err=%v, want dup", dup, err)
	}
	changed := a
	changed.Text = "One. Two. Three."
	if dup, err := b.PublishArticle(ctx, changed); err != nil || dup {
		t.Fatalf("corrected article: dup=%v err=%v, want new", dup, err)
	}
	if n, _ := b.LastSeq(ctx, StreamArticles); n != 2 {
		t.Fatalf("ARTICLES holds %d messages, want 2", n)
	}

	// The seen-set alone (as beyond the duplicate window): a key marked
	// long ago stops the publish.
	kv, err := b.JetStream().KeyValue(ctx, BucketSeen)
	if err != nil {
		t.Fatal(err)
	}
	old := article("old", "Published last year.")
	if _, err := kv.Put(ctx, ContentKey(old), []byte(old.ID)); err != nil {
		t.Fatal(err)
	}
	if dup, err := b.PublishArticle(ctx, old); err != nil || !dup {
		t.Fatalf("article in the seen-set: dup=%v err=%v, want dup", dup, err)
	}
	// The Nats-Msg-Id alone (a crash before the key was marked): the
	// stream's duplicate window stops it.
	if err := kv.Delete(ctx, ContentKey(a)); err != nil {
		t.Fatal(err)
	}
	if dup, err := b.PublishArticle(ctx, a); err != nil || !dup {
		t.Fatalf("article only in the duplicate window: dup=%v err=%v, want dup", dup, err)
	}
	if n, _ := b.LastSeq(ctx, StreamArticles); n != 2 {
		t.Fatalf("ARTICLES holds %d messages, want still 2", n)
	}
}

func TestEndToEndEventsReachTheSinkOnce(t *testing.T) {
	ctx := context.Background()
	b := openBus(t, Config{})
	x := &sentenceEvents{}
	sink := &memSink{}
	w := &Worker{Bus: b, Extractor: x, Version: "test", Concurrency: 3}
	run(t, w.Run)
	if err := b.SetupSink(ctx, StreamEvents, "mem"); err != nil {
		t.Fatal(err)
	}
	run(t, func(ctx context.Context) error { return RunEventSink(ctx, b, "mem", sink) })

	want := 0
	publish := func() {
		for i := range 8 {
			text := strings.Repeat("A sentence. ", i+1)
			if _, err := b.PublishArticle(ctx, article(fmt.Sprintf("e%d", i), text)); err != nil {
				t.Fatal(err)
			}
		}
	}
	publish()
	for i := range 8 {
		want += i + 1
	}
	waitAll(t, b, "mem")
	if got := sink.len(); got != want {
		t.Fatalf("sink holds %d events, want %d", got, want)
	}
	if s := w.Stats(); s.Processed != 8 || s.Events != int64(want) {
		t.Fatalf("stats %+v, want 8 processed, %d events", s, want)
	}
	// The documents are on their stream, one per article.
	if n, _ := b.LastSeq(ctx, StreamDocuments); n != 8 {
		t.Fatalf("DOCUMENTS holds %d, want 8", n)
	}
	// Publishing the same articles again adds nothing.
	publish()
	waitAll(t, b, "mem")
	if n, _ := b.LastSeq(ctx, StreamArticles); n != 8 {
		t.Fatalf("ARTICLES holds %d after re-publishing, want 8", n)
	}
	if sink.writeCount() != want {
		t.Fatalf("sink got %d writes, want %d", sink.writeCount(), want)
	}
}

func TestRedeliveryAfterAWorkerDiesBeforeAck(t *testing.T) {
	ctx := context.Background()
	b := openBus(t, Config{AckWait: time.Second})
	x := &sentenceEvents{}
	sink := &memSink{}
	if err := b.SetupSink(ctx, StreamEvents, "mem"); err != nil {
		t.Fatal(err)
	}
	run(t, func(ctx context.Context) error { return RunEventSink(ctx, b, "mem", sink) })

	// The first worker publishes the document and events, then "dies"
	// before its ack.
	died := make(chan struct{})
	var once sync.Once
	w1 := &Worker{Bus: b, Extractor: x, Version: "test", Concurrency: 1}
	w1.afterPublish = func(ctx context.Context, msg jetstream.Msg) error {
		once.Do(func() { close(died) })
		return errors.New("worker killed")
	}
	stop1 := run(t, w1.Run)
	if _, err := b.PublishArticle(ctx, article("r1", "First. Second. Third.")); err != nil {
		t.Fatal(err)
	}
	select {
	case <-died:
	case <-time.After(30 * time.Second):
		t.Fatal("the first worker never got the article")
	}
	stop1()
	if w1.Stats().Processed != 0 {
		t.Fatal("the dying worker acknowledged")
	}

	w2 := &Worker{Bus: b, Extractor: x, Version: "test", Concurrency: 1}
	run(t, w2.Run)
	waitAll(t, b, "mem")
	if n := x.callsFor("r1"); n < 2 {
		t.Fatalf("article extracted %d times, want it processed again", n)
	}
	if w2.Stats().Processed != 1 {
		t.Fatalf("second worker stats %+v, want 1 processed", w2.Stats())
	}
	if got := sink.len(); got != 3 {
		t.Fatalf("sink holds %d events, want 3", got)
	}
	// The events stream itself holds each event once: the second run's
	// publishes were recognised by their Nats-Msg-Id.
	if n, _ := b.LastSeq(ctx, StreamEvents); n != 3 {
		t.Fatalf("EVENTS holds %d messages, want 3", n)
	}
	if sink.writeCount() != 3 {
		t.Fatalf("sink got %d writes, want 3", sink.writeCount())
	}
}

// flaky fails every extraction with an error the stage takes as transient.
type flaky struct{ calls atomic.Int64 }

var errFlaky = errors.New("model server unavailable")

func (f *flaky) Extract(schema.Article) (schema.Document, error) {
	f.calls.Add(1)
	return schema.Document{}, errFlaky
}

func dlqMessages(t *testing.T, b *Bus, n int) []jetstream.Msg {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	c, err := b.JetStream().OrderedConsumer(ctx, StreamDLQ, jetstream.OrderedConsumerConfig{})
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

func TestPoisonMessageIsDeadLetteredAfterMaxDeliver(t *testing.T) {
	ctx := context.Background()
	b := openBus(t, Config{MaxDeliver: 3})
	x := &flaky{}
	w := &Worker{Bus: b, Extractor: x, Version: "test", RetryDelay: 10 * time.Millisecond}
	run(t, w.Run)
	if _, err := b.PublishArticle(ctx, article("p1", "Fine text.")); err != nil {
		t.Fatal(err)
	}
	waitAll(t, b, "")
	if n := x.calls.Load(); n != 3 {
		t.Fatalf("extracted %d times, want MaxDeliver=3", n)
	}
	m := dlqMessages(t, b, 1)[0]
	h := m.Headers()
	if m.Subject() != SubjectDLQ+"."+StageExtract {
		t.Errorf("dead letter on %q", m.Subject())
	}
	if r := h.Get(HeaderDLQReason); !strings.Contains(r, "failed 3 deliveries") || !strings.Contains(r, errFlaky.Error()) {
		t.Errorf("reason %q", r)
	}
	if h.Get(HeaderDLQSubject) != "herald.articles.example_org" || h.Get(HeaderDLQSequence) != "1" || h.Get(HeaderDLQDeliveries) != "3" {
		t.Errorf("headers %v", h)
	}
	var a schema.Article
	if err := json.Unmarshal(m.Data(), &a); err != nil || a.ID != "p1" {
		t.Errorf("dead letter body: %v %q", err, a.ID)
	}
	if s := w.Stats(); s.DeadLettered != 1 || s.Retried != 2 {
		t.Errorf("stats %+v", s)
	}
}

func TestArticleWhoseDeliveriesAllTimeOutIsDeadLettered(t *testing.T) {
	ctx := context.Background()
	b := openBus(t, Config{MaxDeliver: 2, AckWait: 500 * time.Millisecond})
	x := &sentenceEvents{}
	w := &Worker{Bus: b, Extractor: x, Version: "test"}
	// A worker that hangs after its publishes, every time.
	w.afterPublish = func(context.Context, jetstream.Msg) error { return errors.New("hung") }
	run(t, w.Run)
	if _, err := b.PublishArticle(ctx, article("hang", "One. Two.")); err != nil {
		t.Fatal(err)
	}
	m := dlqMessages(t, b, 1)[0]
	h := m.Headers()
	if r := h.Get(HeaderDLQReason); !strings.Contains(r, "no acknowledgement after 2 deliveries") {
		t.Errorf("reason %q", r)
	}
	if h.Get(HeaderDLQSequence) != "1" || h.Get(HeaderArticleID) != "hang" {
		t.Errorf("headers %v", h)
	}
	if n := x.callsFor("hang"); n != 2 {
		t.Errorf("extracted %d times, want 2", n)
	}
}

func TestPermanentFailuresAreDeadLetteredAtOnce(t *testing.T) {
	ctx := context.Background()
	b := openBus(t, Config{})
	x := &sentenceEvents{}
	w := &Worker{Bus: b, Extractor: x, Version: "test"}
	run(t, w.Run)
	// Not JSON at all, and an article with no text.
	if _, err := b.JetStream().Publish(ctx, SubjectArticles+".junk", []byte("\x00\x01 not json")); err != nil {
		t.Fatal(err)
	}
	if _, err := b.PublishArticle(ctx, schema.Article{ID: "blank", Text: "   "}); err != nil {
		t.Fatal(err)
	}
	waitAll(t, b, "")
	ms := dlqMessages(t, b, 2)
	reasons := map[string]string{}
	for _, m := range ms {
		if d := m.Headers().Get(HeaderDLQDeliveries); d != "1" {
			t.Errorf("permanent failure retried: %s deliveries", d)
		}
		reasons[m.Headers().Get(HeaderDLQSubject)] = m.Headers().Get(HeaderDLQReason)
	}
	if r := reasons[SubjectArticles+".junk"]; !strings.Contains(r, "decode article") {
		t.Errorf("junk reason %q", r)
	}
	if r := reasons[SubjectArticles+".unknown"]; !strings.Contains(r, extractors.ErrEmpty.Error()) {
		t.Errorf("blank reason %q (reasons %v)", r, reasons)
	}
}

func TestIsPermanent(t *testing.T) {
	jsonErr := json.Unmarshal([]byte("{\"a\": tru"), &struct{}{})
	for _, c := range []struct {
		err  error
		want bool
	}{
		{fmt.Errorf("decode: %w", jsonErr), true},
		{fmt.Errorf("extract: %w", extractors.ErrEmpty), true},
		{permanent(errors.New("panic")), true},
		{fmt.Errorf("publish: %w", nats.ErrMaxPayload), true},
		{fmt.Errorf("publish: %w", nats.ErrTimeout), false},
		{fmt.Errorf("publish: %w", context.DeadlineExceeded), false},
		{errFlaky, false},
	} {
		if got := isPermanent(c.err); got != c.want {
			t.Errorf("isPermanent(%v) = %v, want %v", c.err, got, c.want)
		}
	}
}

// TestExternalServer runs a publish and an extraction against the machine's
// nats-server. Enable it with HERALD_TEST_NATS_URL=nats://127.0.0.1:4222
// (.ci/run does).
func TestExternalServer(t *testing.T) {
	url := os.Getenv("HERALD_TEST_NATS_URL")
	if url == "" {
		t.Skip("set HERALD_TEST_NATS_URL=nats://127.0.0.1:4222 to run against an external nats-server")
	}
	ctx := context.Background()
	b, err := Open(ctx, Config{NATSURL: url}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if b.Embedded() {
		t.Fatal("external URL gave an embedded server")
	}
	if err := b.Setup(ctx); err != nil {
		t.Fatal(err)
	}
	id := fmt.Sprintf("ext-%d", time.Now().UnixNano())
	a := article(id, "External one. External two.")
	if dup, err := b.PublishArticle(ctx, a); err != nil || dup {
		t.Fatalf("publish: dup=%v err=%v", dup, err)
	}
	if dup, err := b.PublishArticle(ctx, a); err != nil || !dup {
		t.Fatalf("re-publish: dup=%v err=%v", dup, err)
	}
}

// slowExtractor takes longer than the ack wait for every article, as a huge
// page can.
type slowExtractor struct {
	sentenceEvents
	delay time.Duration
}

func (x *slowExtractor) Extract(a schema.Article) (schema.Document, error) {
	time.Sleep(x.delay) // the work itself, not synchronisation
	return x.sentenceEvents.Extract(a)
}

// An extraction longer than AckWait keeps its message in progress and then
// publishes and acks within AckWait of its end: processed once, never
// redelivered, never dead-lettered.
func TestExtractionLongerThanAckWait(t *testing.T) {
	ctx := context.Background()
	b := openBus(t, Config{MaxDeliver: 2, AckWait: 500 * time.Millisecond})
	x := &slowExtractor{delay: 1500 * time.Millisecond}
	w := &Worker{Bus: b, Extractor: x, Version: "test"}
	run(t, w.Run)
	if _, err := b.PublishArticle(ctx, article("slow", "One. Two.")); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for w.Stats().Processed < 1 {
		if time.Now().After(deadline) {
			t.Fatalf("not processed: %+v", w.Stats())
		}
		time.Sleep(20 * time.Millisecond)
	}
	if s := w.Stats(); s.Processed != 1 || s.DeadLettered != 0 || s.Retried != 0 {
		t.Errorf("stats %+v, want one article processed, nothing retried or dead-lettered", s)
	}
	if n := x.callsFor("slow"); n != 1 {
		t.Errorf("extracted %d times, want once", n)
	}
}

// docCounter is a document sink that counts what it stores.
type docCounter struct {
	mu  sync.Mutex // guards ids
	ids []string
}

func (s *docCounter) WriteDocument(_ context.Context, doc schema.Document) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.ids = append(s.ids, doc.Article.ID)
	return nil
}

// A document a sink cannot read goes to the sink's dead-letter subject
// with the reason, and the sink goes on with the next one.
func TestSinkDeadLettersWhatItCannotRead(t *testing.T) {
	ctx := context.Background()
	b := openBus(t, Config{})
	if _, err := b.JetStream().Publish(ctx, SubjectDocuments+".junk", []byte("not a document")); err != nil {
		t.Fatal(err)
	}
	good, _ := json.Marshal(schema.Document{Article: schema.Article{ID: "ok"}})
	if _, err := b.JetStream().Publish(ctx, SubjectDocuments+".x", good); err != nil {
		t.Fatal(err)
	}
	s := &docCounter{}
	run(t, func(ctx context.Context) error { return RunDocumentSink(ctx, b, "t", s) })
	m := dlqMessages(t, b, 1)[0]
	if m.Subject() != SubjectDLQ+".sink-t" || !strings.Contains(m.Headers().Get(HeaderDLQReason), "decode document") ||
		string(m.Data()) != "not a document" {
		t.Errorf("dead letter %s %v %q", m.Subject(), m.Headers(), m.Data())
	}
	deadline := time.Now().Add(20 * time.Second)
	for {
		s.mu.Lock()
		n := len(s.ids)
		s.mu.Unlock()
		if n == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("sink stored %d documents, want 1", n)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// dlqAway fails like flaky, and at its last call takes the DLQ stream away
// for a moment, as a node restart would.
type dlqAway struct {
	b    *Bus
	last int64
	flaky
}

func (d *dlqAway) Extract(a schema.Article) (schema.Document, error) {
	if d.calls.Load()+1 == d.last {
		ctx := context.Background()
		if err := d.b.JetStream().DeleteStream(ctx, StreamDLQ); err != nil {
			panic(err)
		}
		go func() {
			time.Sleep(1200 * time.Millisecond) // longer than the client's own retries of a publish (2 x 250 ms)
			if err := d.b.Setup(ctx); err != nil {
				panic(err)
			}
		}()
	}
	return d.flaky.Extract(a)
}

// A dead letter that cannot be published at the last delivery is tried
// again in place: a nak would bring no new delivery, and the server's
// advisory would dead-letter the article without its reason.
func TestDeadLetterAtLastDeliveryIsTriedAgain(t *testing.T) {
	ctx := context.Background()
	b := openBus(t, Config{MaxDeliver: 2})
	x := &dlqAway{b: b, last: 2}
	w := &Worker{Bus: b, Extractor: x, Version: "test", RetryDelay: 10 * time.Millisecond}
	run(t, w.Run)
	if _, err := b.PublishArticle(ctx, article("p1", "Fine text.")); err != nil {
		t.Fatal(err)
	}
	waitAll(t, b, "")
	m := dlqMessages(t, b, 1)[0]
	if r := m.Headers().Get(HeaderDLQReason); !strings.Contains(r, "failed 2 deliveries") || !strings.Contains(r, errFlaky.Error()) {
		t.Errorf("reason %q, want the extractor's", r)
	}
}
