package crawl

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/herald-news/herald/pipeline/pipelinetest"
)

// TestPageDownForGoodIsGivenUp: a page that answers 503 at every check is
// fetched MaxPageAttempts times (the count surviving a restart), then the
// item is published once from the feed's own text, counted once in the
// crawler's GivenUp total, the feed's validators are kept again, and the
// page is never asked for again.
func TestPageDownForGoodIsGivenUp(t *testing.T) {
	js := startJS(t)
	var pageCalls, feedCalls atomic.Int32
	mux := http.NewServeMux()
	srv := httptest.NewServer(mux)
	defer srv.Close()
	mux.HandleFunc("/feed", func(w http.ResponseWriter, r *http.Request) {
		// Always the whole feed: the seen-set, not a 304, must stop the
		// page requests after the item was given up.
		feedCalls.Add(1)
		w.Header().Set("ETag", `"f1"`)
		io.WriteString(w, rss([4]string{"1", srv.URL + "/story", "Story", "<p>The summary the feed gives.</p>"}))
	})
	mux.HandleFunc("/story", func(w http.ResponseWriter, r *http.Request) {
		pageCalls.Add(1)
		http.Error(w, "down", http.StatusServiceUnavailable)
	})
	feed := Feed{URL: srv.URL + "/feed", FullPages: true}
	cfg := testConfig(feed) // MaxPageAttempts left at its default
	if cfg.WithDefaults().MaxPageAttempts != 5 {
		t.Fatalf("default MaxPageAttempts = %d, want 5", cfg.WithDefaults().MaxPageAttempts)
	}
	pub := newStreamPublisher(t, js)
	var logs pipelinetest.SyncBuffer
	log := slog.New(slog.NewTextHandler(&logs, nil))
	c, _ := New(cfg, pub, js, log)
	ctx := context.Background()
	for i := 1; i <= 4; i++ {
		if i == 3 {
			c, _ = New(cfg, pub, js, log) // a restart keeps the count
		}
		r, err := c.Check(ctx, feed)
		if err != nil || r.Retry != 1 || r.Published != 0 || r.GivenUp != 0 || r.State.ETag != "" {
			t.Fatalf("check %d: %+v, %v", i, r, err)
		}
		if len(r.State.PageAttempts) != 1 {
			t.Fatalf("check %d: page attempts %v", i, r.State.PageAttempts)
		}
		for _, n := range r.State.PageAttempts {
			if n != i {
				t.Fatalf("check %d: %d attempts counted", i, n)
			}
		}
		if s := c.Stats(); s.GivenUp != 0 || s.PageErrors == 0 {
			t.Fatalf("check %d: stats %+v, want page errors and nothing given up", i, s)
		}
	}
	if n := len(pub.got()); n != 0 {
		t.Fatalf("%d articles published before the cap", n)
	}
	r, err := c.Check(ctx, feed)
	if err != nil || r.Retry != 0 || r.Published != 1 || r.GivenUp != 1 || r.State.ETag != `"f1"` || r.State.PageAttempts != nil ||
		r.State.Items != 1 {
		t.Fatalf("fifth check: %+v, %v", r, err)
	}
	if s := c.Stats(); s.GivenUp != 1 || s.Published != 1 {
		t.Fatalf("stats after the fifth check: %+v, want 1 given up and 1 published", s)
	}
	if got := pub.got(); len(got) != 1 || got[0].Text != "The summary the feed gives." || got[0].URL != srv.URL+"/story" {
		t.Fatalf("published %+v", got)
	}
	if !strings.Contains(logs.String(), `level=WARN msg="page given up; publishing the feed's text"`) {
		t.Fatalf("no warning that the page was given up in:\n%s", logs.String())
	}
	for i := range 2 {
		r, err := c.Check(ctx, feed)
		if err != nil || r.New != 0 || r.Published != 0 || r.Retry != 0 {
			t.Fatalf("check %d after giving up: %+v, %v", 6+i, r, err)
		}
	}
	if s := c.Stats(); s.GivenUp != 1 {
		t.Fatalf("stats after two more checks: %+v, want the page given up once", s)
	}
	if pageCalls.Load() != 5 || feedCalls.Load() != 7 || len(pub.got()) != 1 {
		t.Fatalf("%d page requests for %d feed requests, %d articles; want 5, 7, 1", pageCalls.Load(), feedCalls.Load(), len(pub.got()))
	}
	st, _ := c.openState(ctx)
	if fs, err := st.Feed(ctx, feed.URL); err != nil || fs.PageAttempts != nil {
		t.Fatalf("stored state keeps attempts: %+v, %v", fs.PageAttempts, err)
	}
}

// TestGivenUpCountedOncePublished: a give-up whose publish fails (the
// articles stream is gone) counts nothing; the next check gives the page
// up again, publishes the item and counts it once, in the check's result
// and in the crawler's total.
func TestGivenUpCountedOncePublished(t *testing.T) {
	js := startJS(t)
	feed, pageCalls := storyServer(t, 1000, http.StatusServiceUnavailable) // never up
	cfg := testConfig(feed)
	cfg.MaxPageAttempts = 1 // the first failed fetch gives the page up
	pub := newStreamPublisher(t, js)
	c, _ := New(cfg, pub, js, nil)
	ctx := context.Background()
	if err := js.DeleteStream(ctx, "TEST_ARTICLES"); err != nil {
		t.Fatal(err)
	}
	r, err := c.Check(ctx, feed)
	if err == nil || r.GivenUp != 0 || r.Published != 0 || c.Stats().GivenUp != 0 {
		t.Fatalf("check with no stream: %+v, stats %+v, %v; want a publish error and nothing given up", r, c.Stats(), err)
	}
	newStreamPublisher(t, js) // the stream again; the crawler keeps pub
	r, err = c.Check(ctx, feed)
	if err != nil || r.GivenUp != 1 || r.Published != 1 {
		t.Fatalf("check with the stream back: %+v, %v", r, err)
	}
	if s := c.Stats(); s.GivenUp != 1 || s.Published != 1 || s.Errors != 1 {
		t.Fatalf("stats %+v, want 1 given up, 1 published, 1 error", s)
	}
	if len(pub.got()) != 1 || pageCalls.Load() != 2 {
		t.Fatalf("%d articles, %d page requests; want 1 and 2", len(pub.got()), pageCalls.Load())
	}
}

// TestPageBackAfterTwoFailures: a page that fails twice then works is
// published once, with the page's text; its count goes and the feed's
// validators are kept, so the next check is a 304.
func TestPageBackAfterTwoFailures(t *testing.T) {
	js := startJS(t)
	feed, pageCalls := storyServer(t, 2, http.StatusBadGateway)
	cfg := testConfig(feed)
	cfg.MaxPageAttempts = 3 // the third fetch is the last one allowed: it must give the page
	pub := newStreamPublisher(t, js)
	c, _ := New(cfg, pub, js, nil)
	ctx := context.Background()
	for i := 1; i <= 2; i++ {
		r, err := c.Check(ctx, feed)
		if err != nil || r.Retry != 1 || r.Published != 0 || r.State.ETag != "" {
			t.Fatalf("check %d: %+v, %v", i, r, err)
		}
	}
	r, err := c.Check(ctx, feed)
	if err != nil || r.Published != 1 || r.GivenUp != 0 || r.State.ETag != `"f1"` || r.State.PageAttempts != nil {
		t.Fatalf("third check: %+v, %v", r, err)
	}
	if r, err := c.Check(ctx, feed); err != nil || r.State.LastStatus != http.StatusNotModified {
		t.Fatalf("fourth check: %+v, %v", r, err)
	}
	if got := pub.got(); len(got) != 1 || !strings.HasPrefix(got[0].Text, "The full story.") {
		t.Fatalf("published %+v", got)
	}
	if pageCalls.Load() != 3 {
		t.Fatalf("%d page requests, want 3", pageCalls.Load())
	}
}

// TestPageAttemptsForgetItemsLeavingTheFeed: the counts are bounded by
// the feed: an item that leaves it while waiting loses its count.
func TestPageAttemptsForgetItemsLeavingTheFeed(t *testing.T) {
	js := startJS(t)
	var both atomic.Bool
	both.Store(true)
	mux := http.NewServeMux()
	srv := httptest.NewServer(mux)
	defer srv.Close()
	mux.HandleFunc("/feed", func(w http.ResponseWriter, r *http.Request) {
		items := [][4]string{{"1", srv.URL + "/story/1", "One", "one"}}
		if both.Load() {
			items = append(items, [4]string{"2", srv.URL + "/story/2", "Two", "two"})
		}
		io.WriteString(w, rss(items...))
	})
	mux.HandleFunc("/story/", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "down", http.StatusServiceUnavailable)
	})
	feed := Feed{URL: srv.URL + "/feed", FullPages: true}
	c, _ := New(testConfig(feed), newStreamPublisher(t, js), js, nil)
	ctx := context.Background()
	r, err := c.Check(ctx, feed)
	if err != nil || r.Retry != 2 || len(r.State.PageAttempts) != 2 {
		t.Fatalf("first check: %+v, %v", r, err)
	}
	both.Store(false)
	r, err = c.Check(ctx, feed)
	if err != nil || r.Retry != 1 || len(r.State.PageAttempts) != 1 {
		t.Fatalf("second check: %+v, %v", r, err)
	}
	for _, n := range r.State.PageAttempts {
		if n != 2 {
			t.Fatalf("the remaining item has %d attempts, want 2", n)
		}
	}
}
