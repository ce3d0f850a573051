package pipeline

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"math"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/herald-news/herald/extractors/schema"
)

func TestRedeliveryDelayGrowsToItsCap(t *testing.T) {
	for _, c := range []struct {
		delivered uint64
		want      time.Duration
	}{
		{0, 2 * time.Second},
		{1, 2 * time.Second},
		{2, 4 * time.Second},
		{3, 8 * time.Second},
		{8, 256 * time.Second},
		{9, 5 * time.Minute},
		{10, 5 * time.Minute},
		{math.MaxUint64, 5 * time.Minute},
	} {
		if got := redeliveryDelay(retryFirst, retryMax, c.delivered); got != c.want {
			t.Errorf("delivery %d: retry in %v, want %v", c.delivered, got, c.want)
		}
	}
	// No overflow on the way to a cap near the largest duration.
	if got := redeliveryDelay(time.Second, math.MaxInt64, 200); got != math.MaxInt64 {
		t.Errorf("cap math.MaxInt64, delivery 200: %v", got)
	}
}

// syncBuffer is a bytes.Buffer that the bus's logger may write to while the
// test reads it.
type syncBuffer struct {
	mu  sync.Mutex // guards buf
	buf bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.Write(p)
}

func (s *syncBuffer) Bytes() []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	return bytes.Clone(s.buf.Bytes())
}

// openLoggedBus is openBus with the bus logging JSON into the returned
// buffer.
func openLoggedBus(t *testing.T) (*Bus, *syncBuffer) {
	t.Helper()
	logs := &syncBuffer{}
	return openBusLog(t, Config{}, slog.New(slog.NewJSONHandler(logs, nil))), logs
}

// outage is a document and event sink whose first failures writes fail as
// a database that is down does, with an error no retry is refused for.
type outage struct {
	mu       sync.Mutex // guards the fields below
	failures int
	attempts int
	written  map[string]int // times each id was written
}

var errDown = errors.New("database is down")

func (s *outage) write(ids ...string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.attempts++
	if s.attempts <= s.failures {
		return errDown
	}
	if s.written == nil {
		s.written = map[string]int{}
	}
	for _, id := range ids {
		s.written[id]++
	}
	return nil
}

func (s *outage) WriteDocument(_ context.Context, doc schema.Document) error {
	return s.write(doc.Article.ID)
}

func (s *outage) WriteEvent(_ context.Context, ev schema.Event) error { return s.write(ev.ID) }

func (s *outage) WriteEvents(_ context.Context, evs []schema.Event) error {
	ids := make([]string, len(evs))
	for i, ev := range evs {
		ids[i] = ev.ID
	}
	return s.write(ids...)
}

func (s *outage) counts() (attempts int, written map[string]int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.attempts, maps.Clone(s.written)
}

// results records what a sink observer is told.
type results struct {
	mu  sync.Mutex // guards got
	got []string
}

func (r *results) observe(sink string, res SinkResult) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.got = append(r.got, sink+":"+string(res))
}

func (r *results) list() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.got)
}

func dlqCount(t *testing.T, b *Bus) uint64 {
	t.Helper()
	s, err := b.JetStream().Stream(context.Background(), StreamDLQ)
	if err != nil {
		t.Fatal(err)
	}
	info, err := s.Info(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return info.State.Msgs
}

// retryLog is one "will retry" line of a sink's log.
type retryLog struct {
	Level    string        `json:"level"`
	Msg      string        `json:"msg"`
	Delivery uint64        `json:"delivery"`
	RetryIn  time.Duration `json:"retry_in"`
}

func retryLogs(t *testing.T, logs []byte) []retryLog {
	t.Helper()
	var out []retryLog
	sc := bufio.NewScanner(bytes.NewReader(logs))
	for sc.Scan() {
		var l retryLog
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			t.Fatalf("log line %q: %v", sc.Bytes(), err)
		}
		if l.Msg == "sink write failed; will retry" || l.Msg == "sink write keeps failing; will retry" {
			out = append(out, l)
		}
	}
	return out
}

// A document sink whose database is down for sinkStuckDeliveries+1 writes
// gets the document again after each failure, with a delay that doubles up
// to its cap, logged at Error level from the sinkStuckDeliveries-th
// delivery; the document is then written once, acked, and nothing goes to
// the DLQ.
func TestSinkRetriesAFailedWriteWithGrowingDelays(t *testing.T) {
	ctx := context.Background()
	b, logs := openLoggedBus(t)
	failures := sinkStuckDeliveries + 1
	s := &outage{failures: failures}
	var res results
	first, limit := time.Millisecond, 4*time.Millisecond
	if err := b.SetupSink(ctx, StreamDocuments, "db"); err != nil {
		t.Fatal(err)
	}
	run(t, func(ctx context.Context) error {
		return RunDocumentSink(ctx, b, "db", s, WithSinkRetry(first, limit), WithSinkObserver(res.observe))
	})
	data, _ := json.Marshal(schema.Document{Article: schema.Article{ID: "a1"}})
	if _, err := b.JetStream().Publish(ctx, SubjectDocuments+".x", data); err != nil {
		t.Fatal(err)
	}
	waitAcked(t, b, StreamDocuments, SinkConsumer("db"))

	attempts, written := s.counts()
	if attempts != failures+1 || len(written) != 1 || written["a1"] != 1 {
		t.Errorf("%d attempts, written %v; want %d attempts and a1 written once", attempts, written, failures+1)
	}
	want := slices.Repeat([]string{"db:retry"}, failures)
	want = append(want, "db:ok")
	if got := res.list(); !slices.Equal(got, want) {
		t.Errorf("observed %v, want %v", got, want)
	}
	if n := dlqCount(t, b); n != 0 {
		t.Errorf("%d messages in the DLQ, want none", n)
	}
	lines := retryLogs(t, logs.Bytes())
	if len(lines) != failures {
		t.Fatalf("%d retry log lines, want %d:\n%s", len(lines), failures, logs.Bytes())
	}
	var delays []time.Duration
	for i, l := range lines {
		delivery := uint64(i + 1)
		wantLevel := "WARN"
		if delivery >= sinkStuckDeliveries {
			wantLevel = "ERROR"
		}
		if l.Delivery != delivery || l.Level != wantLevel {
			t.Errorf("retry %d logged as delivery %d at %s, want delivery %d at %s", i+1, l.Delivery, l.Level, delivery, wantLevel)
		}
		delays = append(delays, l.RetryIn)
	}
	// 1, 2, 4, then the 4 ms cap.
	wantDelays := []time.Duration{first, 2 * first, 4 * first}
	for len(wantDelays) < failures {
		wantDelays = append(wantDelays, limit)
	}
	if !slices.Equal(delays, wantDelays) {
		t.Errorf("retry delays %v, want %v", delays, wantDelays)
	}
}

// A batch event sink that fails twice writes each event of the batch once
// in the end, and the observer counts each event.
func TestBatchSinkRetriesEveryEventOfAFailedBatch(t *testing.T) {
	ctx := context.Background()
	b := openBus(t, Config{})
	s := &outage{failures: 2}
	var res results
	// The events are on the stream before the sink starts, so that they
	// come in one batch.
	const n = 3
	for i := range n {
		data, _ := json.Marshal(schema.Event{ID: fmt.Sprintf("e%d", i), Type: "statement"})
		if _, err := b.JetStream().Publish(ctx, SubjectEvents+".statement", data); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.SetupSink(ctx, StreamEvents, "jl"); err != nil {
		t.Fatal(err)
	}
	run(t, func(ctx context.Context) error {
		return RunEventSink(ctx, b, "jl", s, WithSinkRetry(time.Millisecond, time.Millisecond), WithSinkObserver(res.observe))
	})
	waitAcked(t, b, StreamEvents, SinkConsumer("jl"))
	_, written := s.counts()
	for i := range n {
		if id := fmt.Sprintf("e%d", i); written[id] != 1 {
			t.Errorf("%s written %d times, want once", id, written[id])
		}
	}
	count := map[string]int{}
	for _, r := range res.list() {
		count[r]++
	}
	if count["jl:ok"] != n || count["jl:retry"] < 2 {
		t.Errorf("observed %v; want %d ok and a retry per event of each failed write", count, n)
	}
}

// The extraction stage's retries keep to the same cap, however high
// MaxDeliver is set.
func TestWorkerRetryDelayKeepsItsCap(t *testing.T) {
	w := &Worker{RetryDelay: time.Second}
	for delivered, want := range map[uint64]time.Duration{
		1: time.Second, 2: 2 * time.Second, 9: 256 * time.Second, 10: 5 * time.Minute, 50: 5 * time.Minute,
	} {
		if got := w.retryDelay(delivered); got != want {
			t.Errorf("delivery %d: retry in %v, want %v", delivered, got, want)
		}
	}
}
