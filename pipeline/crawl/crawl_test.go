package crawl

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/text/encoding/charmap"
)

func TestNotModifiedCostsNothing(t *testing.T) {
	js := startJS(t)
	var hits, conditional atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		if r.Header.Get("If-None-Match") == `"v1"` && r.Header.Get("If-Modified-Since") == "Wed, 16 Jan 2019 10:00:00 GMT" {
			conditional.Add(1)
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", `"v1"`)
		w.Header().Set("Last-Modified", "Wed, 16 Jan 2019 10:00:00 GMT")
		io.WriteString(w, strings.Replace(rss([4]string{"g1", "http://example.test/a1", "One", "<p>First item text.</p>"}),
			"<description>d</description>", "<description>d</description><ttl>90</ttl>", 1))
	}))
	defer srv.Close()
	pub := newStreamPublisher(t, js)
	feed := Feed{URL: srv.URL + "/feed.xml", Source: "Test"}
	c, err := New(testConfig(feed), pub, js, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	r1, err := c.Check(ctx, feed)
	if err != nil || r1.Published != 1 {
		t.Fatalf("first check: published %d, err %v", r1.Published, err)
	}
	r2, err := c.Check(ctx, feed)
	if err != nil {
		t.Fatal(err)
	}
	if conditional.Load() != 1 || r2.State.LastStatus != http.StatusNotModified || r2.New != 0 {
		t.Fatalf("second check: conditional=%d status=%d new=%d", conditional.Load(), r2.State.LastStatus, r2.New)
	}
	if got := pub.got(); len(got) != 1 || got[0].Text != "First item text." || got[0].Source != "Test" {
		t.Fatalf("published %+v", got)
	}
	if r2.State.NotModified != 1 || r2.State.Checks != 2 {
		t.Fatalf("state %+v", r2.State)
	}
	// The feed's <ttl> of 90 minutes still holds after a 304 without body.
	if wait := r2.State.NextCheck.Sub(r2.State.LastCheck); wait != 90*time.Minute {
		t.Fatalf("next check after 304 in %s, want the feed's 90m ttl", wait)
	}
}

func TestRetryAfter429(t *testing.T) {
	js := startJS(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "7200")
		w.WriteHeader(http.StatusTooManyRequests)
	}))
	defer srv.Close()
	feed := Feed{URL: srv.URL + "/feed"}
	cfg := testConfig(feed)
	cfg.MaxBackoff = 24 * time.Hour
	c, _ := New(cfg, newStreamPublisher(t, js), js, nil)
	before := time.Now()
	r, err := c.Check(context.Background(), feed)
	var se *statusError
	if !errors.As(err, &se) || se.Status != 429 {
		t.Fatalf("err = %v", err)
	}
	wait := r.State.NextCheck.Sub(before)
	if wait < 2*time.Hour || wait > 2*time.Hour+time.Minute {
		t.Fatalf("next check in %s, want the 2h of Retry-After", wait)
	}
	if r.State.Errors != 1 || r.State.LastStatus != 429 {
		t.Fatalf("state %+v", r.State)
	}
}

func TestServerErrorsBackOffExponentially(t *testing.T) {
	js := startJS(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "boom", http.StatusInternalServerError)
	}))
	defer srv.Close()
	feed := Feed{URL: srv.URL + "/feed"}
	cfg := testConfig(feed)
	cfg.RetryBase = time.Minute
	cfg.MaxBackoff = 5 * time.Minute
	c, _ := New(cfg, newStreamPublisher(t, js), js, nil)
	want := []time.Duration{time.Minute, 2 * time.Minute, 4 * time.Minute, 5 * time.Minute, 5 * time.Minute}
	for i, w := range want {
		before := time.Now()
		r, err := c.Check(context.Background(), feed)
		if err == nil {
			t.Fatal("no error from a 500")
		}
		got := r.State.NextCheck.Sub(before)
		if got < w || got > w+5*time.Second {
			t.Fatalf("error %d: next check in %s, want %s", i+1, got, w)
		}
		if r.State.Errors != i+1 {
			t.Fatalf("errors = %d, want %d", r.State.Errors, i+1)
		}
	}
	// The state survives a new crawler (a restart).
	c2, _ := New(cfg, newStreamPublisher(t, js), js, nil)
	st, _ := c2.openState(context.Background())
	fs, err := st.Feed(context.Background(), feed.URL)
	if err != nil || fs.Errors != 5 || !strings.Contains(fs.LastError, "500") {
		t.Fatalf("stored state %+v, %v", fs, err)
	}
}

func TestMalformedXML(t *testing.T) {
	js := startJS(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("ETag", `"broken"`)
		io.WriteString(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>x</title><item><title>unclosed`)
	}))
	defer srv.Close()
	feed := Feed{URL: srv.URL + "/feed"}
	pub := newStreamPublisher(t, js)
	c, _ := New(testConfig(feed), pub, js, nil)
	r, err := c.Check(context.Background(), feed)
	if err == nil || !strings.Contains(err.Error(), "parse feed") {
		t.Fatalf("err = %v", err)
	}
	if r.State.ETag != "" || r.State.Errors != 1 || len(pub.got()) != 0 {
		t.Fatalf("a broken feed must not store its validators: %+v", r.State)
	}
}

func TestChangedGUIDsAreNotNewItems(t *testing.T) {
	js := startJS(t)
	var version atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		v := version.Load()
		io.WriteString(w, rss(
			[4]string{fmt.Sprintf("v%d-1", v), "http://example.test/news/1?utm_source=rss", "One", "one"},
			[4]string{fmt.Sprintf("v%d-2", v), "http://www.example.test/news/2#top", "Two", "two"},
		))
	}))
	defer srv.Close()
	feed := Feed{URL: srv.URL + "/feed"}
	pub := newStreamPublisher(t, js)
	c, _ := New(testConfig(feed), pub, js, nil)
	ctx := context.Background()
	if r, err := c.Check(ctx, feed); err != nil || r.New != 2 {
		t.Fatalf("first check: %+v %v", r, err)
	}
	version.Store(1) // same articles, new GUIDs
	if r, err := c.Check(ctx, feed); err != nil || r.New != 0 {
		t.Fatalf("after GUID change: new=%d err=%v", r.New, err)
	}
	// Another feed carrying the same article under other tracking
	// parameters is not new either.
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, rss([4]string{"x", "https://example.test/news/1?utm_medium=feed&fbclid=abc", "One", "one"}))
	}))
	defer other.Close()
	f2 := Feed{URL: other.URL + "/feed"}
	if r, err := c.Check(ctx, f2); err != nil || r.New != 0 {
		t.Fatalf("cross-feed duplicate: new=%d err=%v", r.New, err)
	}
	if n := len(pub.got()); n != 2 {
		t.Fatalf("published %d articles, want 2", n)
	}
}

// russian is a line of Russian news prose.
const russian = "Министр иностранных дел России заявил, что переговоры о договоре продолжатся в Женеве на следующей неделе."

func TestCyrillicPages(t *testing.T) {
	for _, tc := range []struct {
		name   string
		cm     *charmap.Charmap
		header string // Content-Type
		meta   string
	}{
		{"windows-1251 header", charmap.Windows1251, "text/html; charset=windows-1251", ""},
		{"windows-1251 meta", charmap.Windows1251, "text/html", `<meta charset="windows-1251">`},
		{"koi8-r header", charmap.KOI8R, "text/html; charset=koi8-r", ""},
		{"koi8-r http-equiv", charmap.KOI8R, "text/html", `<meta http-equiv="Content-Type" content="text/html; charset=KOI8-R">`},
		{"koi8-r undeclared", charmap.KOI8R, "text/html", ""},
		{"windows-1251 undeclared", charmap.Windows1251, "text/html", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			body := "<html><head>" + tc.meta + "<title>Новости</title></head><body><div id=\"article-content\"><div class=\"wsw\">" +
				strings.Repeat("<p>"+russian+"</p>", 3) + "</div></div></body></html>"
			enc, err := tc.cm.NewEncoder().String(body)
			if err != nil {
				t.Fatal(err)
			}
			mux := http.NewServeMux()
			mux.HandleFunc("/article", func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", tc.header)
				io.WriteString(w, enc)
			})
			srv := httptest.NewServer(mux)
			defer srv.Close()
			mux.HandleFunc("/feed", func(w http.ResponseWriter, r *http.Request) {
				io.WriteString(w, rss([4]string{"1", srv.URL + "/article", "Заголовок", "кратко"}))
			})
			got := checkOnce(t, Feed{URL: srv.URL + "/feed", FullPages: true})
			if len(got) != 1 || !strings.Contains(got[0].Text, russian) {
				t.Fatalf("text = %q", got)
			}
		})
	}
}

func TestSlowServerTimesOut(t *testing.T) {
	js := startJS(t)
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)
	feed := Feed{URL: srv.URL + "/feed"}
	cfg := testConfig(feed)
	cfg.ReadTimeout = 50 * time.Millisecond
	c, _ := New(cfg, newStreamPublisher(t, js), js, nil)
	r, err := c.Check(context.Background(), feed)
	if err == nil || !strings.Contains(err.Error(), "timeout") {
		t.Fatalf("err = %v", err)
	}
	if r.State.Errors != 1 {
		t.Fatalf("state %+v", r.State)
	}
}

// zeros is an endless body, generated as it is read.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = ' '
	}
	return len(p), nil
}

func TestHugeBodyIsCapped(t *testing.T) {
	js := startJS(t)
	const fifty = 50 << 20
	var sent atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>`)
		n, _ := io.Copy(w, io.LimitReader(zeros{}, fifty))
		sent.Add(n)
	}))
	defer srv.Close()
	feed := Feed{URL: srv.URL + "/feed"}
	cfg := testConfig(feed)
	cfg.MaxBodyBytes = 1 << 20
	c, _ := New(cfg, newStreamPublisher(t, js), js, nil)
	_, err := c.Check(context.Background(), feed)
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("err = %v", err)
	}
	// With Content-Length announced, nothing is read at all.
	srv2 := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", fmt.Sprint(fifty))
		io.Copy(w, io.LimitReader(zeros{}, fifty))
	}))
	defer srv2.Close()
	if _, err := c.Check(context.Background(), Feed{URL: srv2.URL + "/feed"}); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("announced: err = %v", err)
	}
}

func TestRedirectLoop(t *testing.T) {
	js := startJS(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/a" {
			http.Redirect(w, r, "/b", http.StatusFound)
			return
		}
		http.Redirect(w, r, "/a", http.StatusMovedPermanently)
	}))
	defer srv.Close()
	feed := Feed{URL: srv.URL + "/a"}
	c, _ := New(testConfig(feed), newStreamPublisher(t, js), js, nil)
	if _, err := c.Check(context.Background(), feed); !errors.Is(err, ErrTooManyRedirects) {
		t.Fatalf("err = %v", err)
	}
}

func TestRobotsDisallowKeepsFeedText(t *testing.T) {
	var pageHits atomic.Int32
	mux := http.NewServeMux()
	srv := httptest.NewServer(mux)
	defer srv.Close()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "User-agent: *\nAllow: /\n\nUser-agent: herald\nDisallow: /private/\n")
	})
	mux.HandleFunc("/private/story", func(w http.ResponseWriter, r *http.Request) {
		pageHits.Add(1)
		io.WriteString(w, "<html><body><p>secret</p></body></html>")
	})
	mux.HandleFunc("/feed", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, rss([4]string{"1", srv.URL + "/private/story", "Story", "<p>The summary the feed gives.</p>"}))
	})
	got := checkOnce(t, Feed{URL: srv.URL + "/feed", FullPages: true})
	if pageHits.Load() != 0 {
		t.Fatal("fetched a page robots.txt disallows")
	}
	if len(got) != 1 || got[0].Text != "The summary the feed gives." {
		t.Fatalf("published %+v", got)
	}
}

func TestLoopbackRefusedUnlessAllowed(t *testing.T) {
	js := startJS(t)
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	defer srv.Close()
	feed := Feed{URL: srv.URL + "/feed"}
	cfg := testConfig(feed)
	cfg.AllowLoopback = false
	c, _ := New(cfg, newStreamPublisher(t, js), js, nil)
	if _, err := c.Check(context.Background(), feed); !errors.Is(err, ErrAddressRefused) {
		t.Fatalf("err = %v", err)
	}
	if hits.Load() != 0 {
		t.Fatal("the request reached the server")
	}
}

func TestGzipAndDeflate(t *testing.T) {
	for _, enc := range []string{"gzip", "deflate"} {
		t.Run(enc, func(t *testing.T) {
			body := rss([4]string{"1", "http://example.test/z", "Z", "compressed text"})
			b, err := compress(enc, body)
			if err != nil {
				t.Fatal(err)
			}
			got, err := readCapped(strings.NewReader(string(b)), enc, 1<<20)
			if err != nil || string(got) != body {
				t.Fatalf("got %d bytes, err %v", len(got), err)
			}
			// A small compressed body that expands past the cap fails.
			bomb, _ := compress(enc, strings.Repeat(" ", 4<<20))
			if _, err := readCapped(strings.NewReader(string(bomb)), enc, 1<<20); !errors.Is(err, ErrTooLarge) {
				t.Fatalf("bomb: err = %v", err)
			}
		})
	}
}

func TestRobotsCrawlDelay(t *testing.T) {
	const delay = 100 * time.Millisecond
	var mu sync.Mutex
	var starts []time.Time
	mux := http.NewServeMux()
	srv := httptest.NewServer(mux)
	defer srv.Close()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "User-agent: *\nCrawl-delay: 0.1\n")
	})
	mux.HandleFunc("/story/", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		starts = append(starts, time.Now())
		mu.Unlock()
		io.WriteString(w, "<html><body><article><p>"+strings.Repeat("A sentence of the story. ", 20)+"</p></article></body></html>")
	})
	mux.HandleFunc("/feed", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, rss(
			[4]string{"1", srv.URL + "/story/1", "One", "one"},
			[4]string{"2", srv.URL + "/story/2", "Two", "two"},
			[4]string{"3", srv.URL + "/story/3", "Three", "three"}))
	})
	checkOnce(t, Feed{URL: srv.URL + "/feed", FullPages: true})
	mu.Lock()
	defer mu.Unlock()
	if len(starts) != 3 {
		t.Fatalf("%d page requests", len(starts))
	}
	// A lower bound only: the pages cannot come faster than the delay.
	// Measured over the whole run, since the server sees each request a
	// scheduling jitter after the client sent it.
	if span, want := starts[len(starts)-1].Sub(starts[0]), time.Duration(len(starts)-1)*delay; span < want-20*time.Millisecond {
		t.Errorf("%d requests within %s, Crawl-delay %s asks at least %s", len(starts), span, delay, want)
	}
}

func TestRelativeItemLinks(t *testing.T) {
	var pageHits atomic.Int32
	mux := http.NewServeMux()
	srv := httptest.NewServer(mux)
	defer srv.Close()
	mux.HandleFunc("/news/feed.xml", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, rss([4]string{"1", "/news/story-1.html", "One", "one"}, [4]string{"2", "story-2.html", "Two", "two"}))
	})
	mux.HandleFunc("/news/", func(w http.ResponseWriter, r *http.Request) {
		pageHits.Add(1)
		io.WriteString(w, "<html><body><article><p>"+strings.Repeat("Text of the story. ", 20)+"</p></article></body></html>")
	})
	got := checkOnce(t, Feed{URL: srv.URL + "/news/feed.xml", FullPages: true})
	if len(got) != 2 || got[0].URL != srv.URL+"/news/story-1.html" || got[1].URL != srv.URL+"/news/story-2.html" || pageHits.Load() != 2 {
		t.Fatalf("articles %+v, %d page hits", got, pageHits.Load())
	}
}

// TestPageErrorRetriedDespite304: an item whose page fails for a passing
// reason is not lost when the feed then answers 304.
func TestPageErrorRetriedDespite304(t *testing.T) {
	js := startJS(t)
	feed, _ := storyServer(t, 1, http.StatusServiceUnavailable)
	pub := newStreamPublisher(t, js)
	c, _ := New(testConfig(feed), pub, js, nil)
	r1, err := c.Check(context.Background(), feed)
	if err != nil || r1.Retry != 1 || r1.Published != 0 || r1.State.ETag != "" {
		t.Fatalf("first check: %+v, %v", r1, err)
	}
	r2, err := c.Check(context.Background(), feed)
	if err != nil || r2.Published != 1 || r2.State.ETag != `"f1"` {
		t.Fatalf("second check: %+v, %v", r2, err)
	}
	if got := pub.got(); len(got) != 1 || !strings.HasPrefix(got[0].Text, "The full story.") {
		t.Fatalf("published %+v", got)
	}
}

func TestCyrillicFeeds(t *testing.T) {
	for _, tc := range []struct {
		label       string
		cm          *charmap.Charmap
		prolog      string
		contentType string
	}{
		{"windows-1251 declared", charmap.Windows1251, `<?xml version="1.0" encoding="windows-1251"?>`, "application/rss+xml"},
		{"koi8-r declared", charmap.KOI8R, `<?xml version="1.0" encoding="koi8-r"?>`, "application/rss+xml"},
		{"windows-1251 in header", charmap.Windows1251, `<?xml version="1.0"?>`, "application/rss+xml; charset=windows-1251"},
		{"koi8-r undeclared", charmap.KOI8R, ``, "text/xml"},
	} {
		t.Run(tc.label, func(t *testing.T) {
			doc := tc.prolog + `<rss version="2.0"><channel><title>Новости</title>` +
				`<item><guid>1</guid><link>http://example.test/1</link><title>Переговоры в Женеве</title><description>` + russian + `</description></item></channel></rss>`
			body, err := tc.cm.NewEncoder().String(doc)
			if err != nil {
				t.Fatal(err)
			}
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", tc.contentType)
				io.WriteString(w, body)
			}))
			defer srv.Close()
			got := checkOnce(t, Feed{URL: srv.URL + "/feed"})
			if len(got) != 1 || got[0].Title != "Переговоры в Женеве" || got[0].Text != russian || got[0].Source != "Новости" {
				t.Fatalf("published %+v", got)
			}
		})
	}
}
