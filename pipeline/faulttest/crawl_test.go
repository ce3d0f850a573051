package faulttest

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/herald-news/herald/extractors/schema"
	"github.com/herald-news/herald/pipeline"
	"github.com/herald-news/herald/pipeline/clustertest"
	"github.com/herald-news/herald/pipeline/crawl"
)

// TestCrawlerThroughNodeKill crawls a feed of the sample articles (each on
// a page of its own) into a three-node R3 cluster and kills the node
// leading ARTICLES while the crawler fetches the pages. Checks are
// repeated until every item is published: no item is published twice,
// none is missed, and the workers turn each published article into its
// events exactly once.
func TestCrawlerThroughNodeKill(t *testing.T) {
	c := clustertest.Start(t, 3)
	cfg := pipeline.Config{NATSURL: c.URL(), AckWait: 3 * time.Second, Replicas: 3}
	admin := openSetUp(t, cfg, "admin")
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	corp := loadCorpus(t, 1)
	n := len(corp.articles)

	// The feed and its pages; the page of the n/3-th item stops the
	// ARTICLES leader before it answers.
	var once sync.Once
	killAt := n / 3
	killed := make(chan int, 1)
	mux := http.NewServeMux()
	srv := httptest.NewServer(mux)
	defer srv.Close()
	mux.HandleFunc("/feed", func(w http.ResponseWriter, r *http.Request) {
		var b strings.Builder
		b.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>Sample</title>`)
		for i, a := range corp.articles {
			fmt.Fprintf(&b, "<item><guid>%s</guid><link>%s/page/%d</link><title>%s</title><description>%s</description></item>",
				html.EscapeString(a.ID), srv.URL, i, html.EscapeString(a.Title), html.EscapeString(a.Title))
		}
		b.WriteString(`</channel></rss>`)
		io.WriteString(w, b.String())
	})
	mux.HandleFunc("/page/{i}", func(w http.ResponseWriter, r *http.Request) {
		var i int
		fmt.Sscan(r.PathValue("i"), &i)
		if i < 0 || i >= n {
			http.NotFound(w, r)
			return
		}
		if i == killAt {
			once.Do(func() {
				leader := streamLeader(t, admin, pipeline.StreamArticles)
				c.Stop(leader)
				killed <- leader
			})
		}
		a := corp.articles[i]
		var b strings.Builder
		fmt.Fprintf(&b, "<html><head><title>%s</title></head><body><article><h1>%s</h1>", html.EscapeString(a.Title), html.EscapeString(a.Title))
		for _, p := range strings.Split(a.Text, "\n\n") {
			fmt.Fprintf(&b, "<p>%s</p>", html.EscapeString(p))
		}
		b.WriteString("</article></body></html>")
		io.WriteString(w, b.String())
	})

	crawlBus := open(t, cfg, testLog(t, "crawler"))
	t.Cleanup(func() { crawlBus.Close() })
	ccfg := crawl.Config{AllowLoopback: true, IgnoreRobots: true, RequestTimeout: 10 * time.Second, MaxItems: 1000,
		Feeds: []crawl.Feed{{URL: srv.URL + "/feed", Source: "Sample", FullPages: true}}}
	var published, checks int64
	restarted := false
	for published < int64(n) && ctx.Err() == nil {
		checks++
		cr, err := crawl.New(ccfg, crawlBus, crawlBus.JetStream(), testLog(t, "crawler"))
		if err != nil {
			t.Fatal(err)
		}
		cerr := cr.CheckAll(ctx)
		published += cr.Stats().Published
		t.Logf("check %d: %+v (err %v)", checks, cr.Stats(), cerr)
		select {
		case i := <-killed:
			t.Logf("node %d stopped during the check; %d of %d items published so far", i+1, published, n)
			time.Sleep(time.Second)
			c.Restart(i)
			restarted = true
		default:
		}
		if published < int64(n) {
			time.Sleep(500 * time.Millisecond)
		}
	}
	if !restarted {
		t.Fatal("the node was never stopped: the crawler did not fetch the pages")
	}
	if published != int64(n) {
		t.Fatalf("published %d of %d items in %d checks", published, n, checks)
	}

	// What the stream holds: each item once.
	msgs := articleMessages(t, admin)
	if len(msgs) != n {
		t.Errorf("ARTICLES holds %d articles, want %d (one per item)", len(msgs), n)
	}
	// The events those articles must give, then the pipeline.
	x := newCounting(t)
	want := &corpus{want: map[string]map[string]bool{}}
	for _, a := range msgs {
		want.add(t, x.x, a)
	}
	sinkPath := filepath.Join(t.TempDir(), "events.jsonl")
	startSink(t, "sink", cfg, sinkPath)
	w := startWorker(t, "worker", cfg, x)
	waitDrained(t, admin, drainTimeout)
	w.stop()
	r := count(t, admin, want, sinkPath, int(published), w.processed())
	checkExactlyOnce(t, r, n)
}

// articleMessages reads every article on the ARTICLES stream.
func articleMessages(t *testing.T, b *pipeline.Bus) []schema.Article {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	last, err := b.LastSeq(ctx, pipeline.StreamArticles)
	if err != nil {
		t.Fatal(err)
	}
	s, err := b.JetStream().Stream(ctx, pipeline.StreamArticles)
	if err != nil {
		t.Fatal(err)
	}
	var out []schema.Article
	for seq := uint64(1); seq <= last; seq++ {
		m, err := s.GetMsg(ctx, seq)
		if err != nil {
			t.Fatalf("article %d: %v", seq, err)
		}
		var a schema.Article
		if err := json.Unmarshal(m.Data, &a); err != nil {
			t.Fatal(err)
		}
		out = append(out, a)
	}
	return out
}
