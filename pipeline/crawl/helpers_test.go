package crawl

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/herald-news/herald/extractors/schema"
)

// startJS starts an embedded JetStream server for one test.
func startJS(t testing.TB) jetstream.JetStream {
	t.Helper()
	s, err := server.NewServer(&server.Options{JetStream: true, StoreDir: t.TempDir(), DontListen: true, NoSigs: true, NoLog: true})
	if err != nil {
		t.Fatal(err)
	}
	s.Start()
	if !s.ReadyForConnections(10 * time.Second) {
		t.Fatal("nats-server not ready")
	}
	nc, err := nats.Connect("", nats.InProcessServer(s))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		nc.Close()
		s.Shutdown()
		s.WaitForShutdown()
	})
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	return js
}

// streamPublisher publishes articles onto a real JetStream stream, with
// the article's URL as message id, as the spine's Bus does, and keeps what
// it published for the test to read.
type streamPublisher struct {
	js jetstream.JetStream

	mu       sync.Mutex // guards articles
	articles []schema.Article
}

func newStreamPublisher(t testing.TB, js jetstream.JetStream) *streamPublisher {
	t.Helper()
	_, err := js.CreateOrUpdateStream(context.Background(), jetstream.StreamConfig{
		Name: "TEST_ARTICLES", Subjects: []string{"test.articles"}, Storage: jetstream.MemoryStorage,
		Duplicates: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	return &streamPublisher{js: js}
}

func (p *streamPublisher) PublishArticle(ctx context.Context, a schema.Article) (bool, error) {
	ack, err := p.js.Publish(ctx, "test.articles", []byte(a.Title+"\n"+a.Text), jetstream.WithMsgID(a.URL))
	if err != nil {
		return false, err
	}
	if !ack.Duplicate {
		p.mu.Lock()
		p.articles = append(p.articles, a)
		p.mu.Unlock()
	}
	return ack.Duplicate, nil
}

func (p *streamPublisher) got() []schema.Article {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]schema.Article(nil), p.articles...)
}

// checkOnce checks feed once, with a crawler on testConfig(feed) over an
// embedded JetStream of its own, and returns the articles it published.
func checkOnce(t *testing.T, feed Feed) []schema.Article {
	t.Helper()
	js := startJS(t)
	pub := newStreamPublisher(t, js)
	c, err := New(testConfig(feed), pub, js, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Check(context.Background(), feed); err != nil {
		t.Fatal(err)
	}
	return pub.got()
}

// storyServer serves a feed of one item, with the ETag "f1" (a 304 when a
// request sends it back), and the item's page, which answers status to
// the first fails requests and then gives the full story. It returns the
// feed, with full pages, and the count of page requests.
func storyServer(t *testing.T, fails int32, status int) (Feed, *atomic.Int32) {
	t.Helper()
	var pageCalls atomic.Int32
	mux := http.NewServeMux()
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	mux.HandleFunc("/feed", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") == `"f1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", `"f1"`)
		io.WriteString(w, rss([4]string{"1", srv.URL + "/story", "Story", "summary"}))
	})
	mux.HandleFunc("/story", func(w http.ResponseWriter, r *http.Request) {
		if pageCalls.Add(1) <= fails {
			http.Error(w, "busy", status)
			return
		}
		io.WriteString(w, "<html><body><article><p>"+strings.Repeat("The full story. ", 20)+"</p></article></body></html>")
	})
	return Feed{URL: srv.URL + "/feed", FullPages: true}, &pageCalls
}

// testConfig allows loopback (httptest) and short timeouts.
func testConfig(feeds ...Feed) Config {
	return Config{
		AllowLoopback:  true,
		ConnectTimeout: 2 * time.Second,
		ReadTimeout:    2 * time.Second,
		RequestTimeout: 5 * time.Second,
		MinInterval:    time.Second,
		RetryBase:      time.Minute,
		MaxBackoff:     time.Hour,
		MaxBodyBytes:   1 << 20,
		Feeds:          feeds,
	}
}

// rss renders an RSS 2.0 feed of items (guid, link, title, description).
func rss(items ...[4]string) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Test feed</title><link>http://example.test/</link><description>d</description>`)
	for _, it := range items {
		fmt.Fprintf(&b, "<item><guid isPermaLink=\"false\">%s</guid><link>%s</link><title>%s</title><description><![CDATA[%s]]></description><pubDate>Wed, 16 Jan 2019 10:00:00 GMT</pubDate></item>", it[0], it[1], it[2], it[3])
	}
	b.WriteString(`</channel></rss>`)
	return b.String()
}
