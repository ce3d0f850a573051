package crawl_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/herald-news/herald/extractors/schema"
	"github.com/herald-news/herald/pipeline"
	"github.com/herald-news/herald/pipeline/crawl"
	"github.com/herald-news/herald/pipeline/pipelinetest"
)

// TestPublishesOntoArticlesStream runs the crawler against the spine's
// Bus (embedded server): each new item becomes one message on the
// ARTICLES stream, with its page's main text, and a second crawler run
// adds nothing.
func TestPublishesOntoArticlesStream(t *testing.T) {
	ctx := context.Background()
	bus := pipelinetest.OpenBus(t, pipeline.Config{}, nil)
	mux := http.NewServeMux()
	srv := httptest.NewServer(mux)
	defer srv.Close()
	mux.HandleFunc("/feed", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>
<item><guid>1</guid><link>`+srv.URL+`/story</link><title>Story</title><description>short</description></item></channel></rss>`)
	})
	mux.HandleFunc("/story", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `<html><head><meta property="og:site_name" content="Example Radio"></head><body>
<div id="article-content"><div class="wsw"><p>GENEVA -- The talks ended without progress.</p><p>This article was originally published by Example Radio.</p></div></div></body></html>`)
	})
	cfg := crawl.Config{AllowLoopback: true, RequestTimeout: 5 * time.Second,
		Feeds: []crawl.Feed{{URL: srv.URL + "/feed", Source: "Example", FullPages: true}}}
	for range 2 {
		c, err := crawl.New(cfg, bus, bus.JetStream(), nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := c.CheckAll(ctx); err != nil {
			t.Fatal(err)
		}
	}
	s, err := bus.JetStream().Stream(ctx, pipeline.StreamArticles)
	if err != nil {
		t.Fatal(err)
	}
	info, err := s.Info(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if info.State.Msgs != 1 {
		t.Fatalf("%d messages on %s, want 1", info.State.Msgs, pipeline.StreamArticles)
	}
	msg, err := s.GetMsg(ctx, info.State.FirstSeq)
	if err != nil {
		t.Fatal(err)
	}
	var a schema.Article
	if err := json.Unmarshal(msg.Data, &a); err != nil {
		t.Fatal(err)
	}
	if a.Text != "GENEVA -- The talks ended without progress.\n\nThis article was originally published by Example Radio." ||
		a.OriginalSource != "Example Radio" || a.Source != "Example" || a.Title != "Story" || a.ID == "" {
		t.Fatalf("article %+v", a)
	}
}
