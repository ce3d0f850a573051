package crawl

import (
	"bytes"
	"compress/gzip"
	"compress/zlib"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func compress(enc, s string) ([]byte, error) {
	var b bytes.Buffer
	var w interface {
		Write([]byte) (int, error)
		Close() error
	}
	if enc == "gzip" {
		w = gzip.NewWriter(&b)
	} else {
		w = zlib.NewWriter(&b)
	}
	if _, err := w.Write([]byte(s)); err != nil {
		return nil, err
	}
	err := w.Close()
	return b.Bytes(), err
}

func TestCanonicalURL(t *testing.T) {
	for in, want := range map[string]string{
		"http://WWW.Example.com/a?utm_source=x&b=2&a=1#frag": "https://example.com/a?a=1&b=2",
		"https://example.com:443/a?fbclid=1":                 "https://example.com/a",
		"https://example.com":                                "https://example.com/",
		"https://example.com/a?id=5&utm_campaign=rss":        "https://example.com/a?id=5",
	} {
		if got := CanonicalURL(in); got != want {
			t.Errorf("CanonicalURL(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestGuard(t *testing.T) {
	strict := guard{}
	for _, a := range []string{"127.0.0.1", "::1", "10.1.2.3", "192.168.0.1", "172.16.5.4", "169.254.169.254", "fe80::1", "0.0.0.0", "100.64.1.1", "::ffff:127.0.0.1"} {
		if strict.check(netip.MustParseAddr(a)) == nil {
			t.Errorf("%s allowed", a)
		}
	}
	for _, a := range []string{"8.8.8.8", "2a00:1450::1", "151.101.1.1"} {
		if err := strict.check(netip.MustParseAddr(a)); err != nil {
			t.Errorf("%s refused: %v", a, err)
		}
	}
	if (guard{loopback: true}).check(netip.MustParseAddr("127.0.0.1")) != nil {
		t.Error("loopback refused though allowed")
	}
	if (guard{loopback: true}).check(netip.MustParseAddr("10.0.0.1")) == nil {
		t.Error("allowing loopback allowed private")
	}
}

func TestSchedule(t *testing.T) {
	c := Config{DefaultInterval: 10 * time.Minute}.WithDefaults()
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	h := http.Header{}
	if d := c.nextAfterSuccess(Feed{}, h, 0, now); d != 10*time.Minute {
		t.Errorf("plain: %s", d)
	}
	h.Set("Cache-Control", "public, max-age=3600")
	if d := c.nextAfterSuccess(Feed{}, h, 0, now); d != time.Hour {
		t.Errorf("max-age: %s", d)
	}
	h = http.Header{}
	h.Set("Date", now.Format(http.TimeFormat))
	h.Set("Expires", now.Add(2*time.Hour).Format(http.TimeFormat))
	if d := c.nextAfterSuccess(Feed{}, h, 0, now); d != 2*time.Hour {
		t.Errorf("expires: %s", d)
	}
	if d := c.nextAfterSuccess(Feed{}, http.Header{}, rssTTL([]byte("<rss><channel><ttl>90</ttl>")), now); d != 90*time.Minute {
		t.Errorf("ttl: %s", d)
	}
	// A hint cannot shorten the feed's interval, nor pass MaxInterval.
	h = http.Header{}
	h.Set("Cache-Control", "max-age=60")
	if d := c.nextAfterSuccess(Feed{Interval: time.Hour}, h, 0, now); d != time.Hour {
		t.Errorf("short hint: %s", d)
	}
	h.Set("Cache-Control", "max-age=9999999")
	if d := c.nextAfterSuccess(Feed{}, h, 0, now); d != c.MaxInterval {
		t.Errorf("long hint: %s", d)
	}
	if d := parseRetryAfter(now.Add(30*time.Second).Format(http.TimeFormat), now); d != 30*time.Second {
		t.Errorf("Retry-After date: %s", d)
	}
}

func TestOPMLImportIntoConfig(t *testing.T) {
	f, err := os.Open(filepath.Join("..", "..", "testdata", "crawl", "feeds.opml"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	feeds, err := ParseOPML(f)
	if err != nil {
		t.Fatal(err)
	}
	if len(feeds) != 3 || feeds[0].Source != "RFE/RL" || !strings.HasPrefix(feeds[2].URL, "https://www.voanews.com/") {
		t.Fatalf("feeds %+v", feeds)
	}
	path := filepath.Join(t.TempDir(), "feeds.yaml")
	cfg, err := LoadConfig(path)
	if err != nil {
		t.Fatal(err)
	}
	if n := cfg.AddFeeds(feeds); n != 3 {
		t.Fatalf("added %d", n)
	}
	if n := cfg.AddFeeds(feeds); n != 0 {
		t.Fatalf("re-import added %d", n)
	}
	cfg.Feeds[0].Interval = 30 * time.Minute
	cfg.Feeds[0].FullPages = true
	if err := SaveConfig(path, cfg); err != nil {
		t.Fatal(err)
	}
	back, err := LoadConfig(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(back.Feeds) != 3 || back.Feeds[0].Interval != 30*time.Minute || !back.Feeds[0].FullPages {
		t.Fatalf("round trip %+v", back.Feeds)
	}
}

func TestExampleConfigLoads(t *testing.T) {
	cfg, err := LoadConfig(filepath.Join("..", "..", "testdata", "crawl", "feeds.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.Feeds) == 0 || cfg.Feeds[0].Interval == 0 || cfg.DefaultInterval != 15*time.Minute {
		t.Fatalf("%+v", cfg)
	}
}

func TestRobotsCacheConcurrent(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			hits.Add(1)
			io.WriteString(w, "User-agent: *\nDisallow: /private/\n")
		}
	}))
	defer srv.Close()
	cfg := Config{AllowLoopback: true}.WithDefaults()
	r := newRobots(newFetcher(cfg), cfg.UserAgent)
	now := time.Now()
	r.now = func() time.Time { return now }
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Go(func() {
			path := "/public/x"
			if i%2 == 1 {
				path = "/private/x"
			}
			ok, _, err := r.Allowed(context.Background(), srv.URL+path)
			if err != nil || ok == (i%2 == 1) {
				t.Errorf("%s: allowed=%v err=%v", path, ok, err)
			}
		})
	}
	wg.Wait()
	if hits.Load() != 1 {
		t.Fatalf("robots.txt fetched %d times, want once", hits.Load())
	}
	// After a day it is fetched again.
	now = now.Add(robotsTTL + time.Minute)
	if _, _, err := r.Allowed(context.Background(), srv.URL+"/a"); err != nil || hits.Load() != 2 {
		t.Fatalf("after expiry: hits=%d err=%v", hits.Load(), err)
	}
}
