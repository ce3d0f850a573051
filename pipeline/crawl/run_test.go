package crawl

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"runtime/metrics"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/herald-news/herald/extractors/schema"
)

func TestRunChecksWhenDueAndStops(t *testing.T) {
	js := startJS(t)
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := hits.Add(1)
		io.WriteString(w, rss([4]string{fmt.Sprint(n), fmt.Sprintf("http://example.test/%d", n), "T", "text"}))
	}))
	defer srv.Close()
	feed := Feed{URL: srv.URL + "/feed", Interval: 20 * time.Millisecond}
	cfg := testConfig(feed)
	cfg.MinInterval = 10 * time.Millisecond
	pub := newStreamPublisher(t, js)
	c, err := New(cfg, pub, js, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- c.Run(ctx) }()
	// Poll until three checks have been stored, each due after the last.
	st, err := c.openState(ctx)
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		fs, err := st.Feed(ctx, feed.URL)
		if err != nil {
			t.Fatal(err)
		}
		if fs.Checks >= 3 {
			if fs.NextCheck.Before(fs.LastCheck) || fs.Published < 3 {
				t.Fatalf("state %+v", fs)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("only %d checks after 10s", fs.Checks)
		}
		time.Sleep(5 * time.Millisecond)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if n := len(pub.got()); n < 3 {
		t.Fatalf("%d articles published", n)
	}
}

func TestRunResumesScheduleAfterRestart(t *testing.T) {
	js := startJS(t)
	var hits, dueHits atomic.Int32
	mux := http.NewServeMux()
	mux.HandleFunc("/feed", func(w http.ResponseWriter, r *http.Request) { hits.Add(1); io.WriteString(w, rss()) })
	mux.HandleFunc("/due", func(w http.ResponseWriter, r *http.Request) { dueHits.Add(1); io.WriteString(w, rss()) })
	srv := httptest.NewServer(mux)
	defer srv.Close()
	feed := Feed{URL: srv.URL + "/feed", Interval: time.Hour}
	due := Feed{URL: srv.URL + "/due", Interval: time.Hour}
	c, _ := New(testConfig(feed), newStreamPublisher(t, js), js, nil)
	if _, err := c.Check(context.Background(), feed); err != nil {
		t.Fatal(err)
	}
	// A new crawler over the same bucket finds the feed not due for an
	// hour, and leaves it alone, while it checks a feed never checked
	// (which shows that its scheduler did run).
	c2, _ := New(testConfig(feed, due), newStreamPublisher(t, js), js, nil)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- c2.Run(ctx) }()
	deadline := time.Now().Add(10 * time.Second)
	for dueHits.Load() == 0 {
		if time.Now().After(deadline) {
			t.Fatal("the never-checked feed was not checked within 10s")
		}
		time.Sleep(5 * time.Millisecond)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if hits.Load() != 1 {
		t.Fatalf("feed fetched %d times, want 1", hits.Load())
	}
}

func FuzzParseFeed(f *testing.F) {
	f.Add([]byte(rss([4]string{"1", "http://example.test/a", "T", "<p>x</p>"})))
	f.Add([]byte(`<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><entry><id>urn:1</id><link href="http://example.test/1"/><title>t</title><content type="html">&lt;p&gt;c&lt;/p&gt;</content></entry></feed>`))
	f.Add([]byte(`{"version":"https://jsonfeed.org/version/1.1","title":"J","items":[{"id":"1","url":"http://example.test/j","content_html":"<p>j</p>"}]}`))
	f.Add([]byte(`<?xml version="1.0" encoding="windows-1251"?><rss version="2.0"><channel><title>` + "\xcd\xee\xe2\xee\xf1\xf2\xe8" + `</title><ttl>60</ttl></channel></rss>`))
	f.Add([]byte(`<rss><channel><item><title>unclosed`))
	f.Fuzz(func(t *testing.T, body []byte) {
		if b := feedBody(body, "text/xml; charset=koi8-r"); len(body) > 0 && len(b) == 0 {
			t.Fatal("feedBody lost the body")
		}
		feed, err := gofeed.NewParser().Parse(bytes.NewReader(feedBody(body, "")))
		_ = rssTTL(body)
		if err != nil {
			return
		}
		for _, it := range feed.Items {
			if it == nil {
				continue
			}
			keys := itemKeys("http://feed.test/", it)
			for _, k := range keys {
				if len(k) != len("item.")+32 {
					t.Fatalf("bad key %q", k)
				}
			}
			_ = itemText(it)
			_ = CanonicalURL(itemLink(it))
		}
	})
}

// BenchmarkSchedulerRun is BenchmarkScheduler's first pass through Run,
// the scheduler proper: 10,000 feeds, all due at start, dispatched from
// the due-queue to the workers; it stops when every feed has been checked
// once.
//
//	go test -run '^$' -bench SchedulerRun -benchtime 1x ./pipeline/crawl/
func BenchmarkSchedulerRun(b *testing.B) {
	const feeds = 10000
	cfg := benchFeeds(b, feeds)
	cfg.DefaultInterval = time.Hour
	var elapsed time.Duration
	var peakHeap uint64
	for range b.N {
		b.StopTimer()
		js := startJS(b)
		c, err := New(cfg, &countingPublisher{}, js, nil)
		if err != nil {
			b.Fatal(err)
		}
		peak := startPeakHeap()
		b.StartTimer()
		start := time.Now()
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- c.Run(ctx) }()
		for c.Stats().Checks < feeds {
			time.Sleep(time.Millisecond)
		}
		elapsed += time.Since(start)
		cancel()
		if err := <-done; err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		peakHeap = max(peakHeap, peak())
		if s := c.Stats(); s.Errors > 0 {
			b.Fatalf("%d errors", s.Errors)
		}
	}
	b.ReportMetric(float64(feeds*b.N)/elapsed.Seconds(), "feeds/s")
	b.ReportMetric(float64(peakHeap)/(1<<20), "peak-heap-MB")
}

// BenchmarkScheduler checks 10,000 feeds served by one loopback httptest
// server (each feed a small RSS document with two items, half of them
// answering 304 to the second pass), with the feed state and seen-set in
// an embedded JetStream. It reports feeds checked per second and the
// peak heap.
//
//	go test -run '^$' -bench Scheduler -benchtime 1x ./pipeline/crawl/
func BenchmarkScheduler(b *testing.B) {
	const feeds = 10000
	js := startJS(b)
	cfg := benchFeeds(b, feeds)
	pub := &countingPublisher{}
	c, err := New(cfg, pub, js, nil)
	if err != nil {
		b.Fatal(err)
	}
	peak := startPeakHeap()
	b.ResetTimer()
	start := time.Now()
	for range b.N {
		if err := c.CheckAll(context.Background()); err != nil {
			b.Fatal(err)
		}
	}
	elapsed := time.Since(start)
	b.StopTimer()
	s := c.Stats()
	if s.Errors > 0 {
		b.Fatalf("%d errors", s.Errors)
	}
	b.ReportMetric(float64(s.Checks)/elapsed.Seconds(), "feeds/s")
	b.ReportMetric(float64(peak())/(1<<20), "peak-heap-MB")
	b.ReportMetric(float64(s.Published)/float64(b.N), "published/op")
}

// benchFeeds serves n feeds, each a small RSS document with two items,
// from one loopback httptest server that answers 304 to the conditional
// requests of half of them, and returns a config that checks them all
// with 64 workers.
func benchFeeds(b *testing.B, n int) Config {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") != "" && len(r.URL.Path)%2 == 0 {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", `"1"`)
		p := r.URL.Path
		io.WriteString(w, rss(
			[4]string{p + "/1", "http://example.test" + p + "/1", "One", "<p>First.</p>"},
			[4]string{p + "/2", "http://example.test" + p + "/2", "Two", "<p>Second.</p>"}))
	}))
	b.Cleanup(srv.Close)
	cfg := testConfig()
	cfg.Workers = 64
	cfg.PerHost = 64
	for i := range n {
		cfg.Feeds = append(cfg.Feeds, Feed{URL: fmt.Sprintf("%s/feed/%d", srv.URL, i)})
	}
	return cfg
}

// countingPublisher counts articles; the benchmark measures the crawler,
// not the articles stream.
type countingPublisher struct{ n atomic.Int64 }

func (p *countingPublisher) PublishArticle(context.Context, schema.Article) (bool, error) {
	p.n.Add(1)
	return false, nil
}

// startPeakHeap samples the live heap every few milliseconds until the
// returned function is called, which returns the largest sample.
func startPeakHeap() func() uint64 {
	var mu sync.Mutex
	var peak uint64
	stop := make(chan struct{})
	done := make(chan struct{})
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	go func() {
		defer close(done)
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(sample)
			mu.Lock()
			peak = max(peak, sample[0].Value.Uint64())
			mu.Unlock()
			select {
			case <-stop:
				return
			case <-t.C:
			}
		}
	}()
	return func() uint64 {
		close(stop)
		<-done
		runtime.GC()
		mu.Lock()
		defer mu.Unlock()
		return peak
	}
}

func TestSetFeedsWhileRunning(t *testing.T) {
	js := startJS(t)
	var hitsA, hitsB atomic.Int32
	mux := http.NewServeMux()
	mux.HandleFunc("/a", func(w http.ResponseWriter, r *http.Request) { hitsA.Add(1); io.WriteString(w, rss()) })
	mux.HandleFunc("/b", func(w http.ResponseWriter, r *http.Request) { hitsB.Add(1); io.WriteString(w, rss()) })
	srv := httptest.NewServer(mux)
	defer srv.Close()
	a := Feed{URL: srv.URL + "/a", Interval: 20 * time.Millisecond}
	b := Feed{URL: srv.URL + "/b", Interval: 20 * time.Millisecond}
	cfg := testConfig(a)
	cfg.MinInterval = 10 * time.Millisecond
	c, err := New(cfg, newStreamPublisher(t, js), js, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- c.Run(ctx) }()
	waitFor := func(what string, cond func() bool) {
		t.Helper()
		deadline := time.Now().Add(10 * time.Second)
		for !cond() {
			if time.Now().After(deadline) {
				t.Fatalf("timed out waiting for %s (a=%d b=%d)", what, hitsA.Load(), hitsB.Load())
			}
			time.Sleep(2 * time.Millisecond)
		}
	}
	waitFor("a checked", func() bool { return hitsA.Load() >= 2 })
	if hitsB.Load() != 0 {
		t.Fatal("b checked before it was added")
	}
	if err := c.SetFeeds([]Feed{a, b}); err != nil {
		t.Fatal(err)
	}
	waitFor("b checked", func() bool { return hitsB.Load() >= 2 })
	if err := c.SetFeeds([]Feed{b}); err != nil {
		t.Fatal(err)
	}
	// Once the removal has been taken (b checked twice more), a gets at
	// most the one check that was in flight.
	nb := hitsB.Load()
	waitFor("b checked after removal of a", func() bool { return hitsB.Load() >= nb+2 })
	na := hitsA.Load()
	nb = hitsB.Load()
	waitFor("b checked again", func() bool { return hitsB.Load() >= nb+3 })
	if got := hitsA.Load(); got > na+1 {
		t.Fatalf("a checked %d more times after its removal", got-na)
	}
	if err := c.SetFeeds([]Feed{b, b}); err == nil {
		t.Fatal("a list with a feed twice was taken")
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}
