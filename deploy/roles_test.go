package deploy

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/nats-io/nkeys"

	"github.com/herald-news/herald/extractors/schema"
	"github.com/herald-news/herald/pipeline"
	"github.com/herald-news/herald/pipeline/crawl"
	"github.com/herald-news/herald/sinks/jsonl"
)

// roleServer starts n1.conf as a single node (no routes, a free port, a
// temporary store) with accounts.conf's placeholders replaced by fresh
// NKeys, and returns its URL and each role's seed file.
func roleServer(t *testing.T) (url string, seeds map[string]string) {
	t.Helper()
	text, err := os.ReadFile(filepath.Join("nats", "accounts.conf"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	seeds = map[string]string{}
	conf := string(text)
	for _, role := range []string{"CRAWLER", "WORKER", "SINK"} {
		ph := "U" + role + "PUBLICKEYPLACEHOLDER"
		i := strings.Index(conf, ph)
		if i < 0 {
			t.Fatalf("accounts.conf lacks %s", ph)
		}
		j := i + strings.IndexAny(conf[i:], " \n}")
		kp, err := nkeys.CreateUser()
		if err != nil {
			t.Fatal(err)
		}
		pub, _ := kp.PublicKey()
		seed, _ := kp.Seed()
		conf = conf[:i] + pub + conf[j:]
		path := filepath.Join(dir, strings.ToLower(role)+".nk")
		if err := os.WriteFile(path, seed, 0o600); err != nil {
			t.Fatal(err)
		}
		seeds[strings.ToLower(role)] = path
	}
	if err := os.WriteFile(filepath.Join(dir, "accounts.conf"), []byte(conf), 0o600); err != nil {
		t.Fatal(err)
	}
	n1, err := os.ReadFile(filepath.Join("nats", "n1.conf"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "n1.conf"), n1, 0o600); err != nil {
		t.Fatal(err)
	}
	opts, err := server.ProcessConfigFile(filepath.Join(dir, "n1.conf"))
	if err != nil {
		t.Fatal(err)
	}
	opts.Host, opts.Port, opts.HTTPPort = "127.0.0.1", -1, 0
	opts.Cluster, opts.Routes = server.ClusterOpts{}, nil
	opts.StoreDir = t.TempDir()
	opts.NoSigs, opts.NoLog = true, true
	s, err := server.NewServer(opts)
	if err != nil {
		t.Fatal(err)
	}
	go s.Start()
	if !s.ReadyForConnections(10 * time.Second) {
		t.Fatal("server not ready")
	}
	t.Cleanup(func() { s.Shutdown(); s.WaitForShutdown() })
	return s.ClientURL(), seeds
}

// oneEvent extracts one event from any article: the roles' test is about
// who may publish where, not about extraction.
type oneEvent struct{}

func (oneEvent) Extract(a schema.Article) (schema.Document, error) {
	return schema.Document{Article: a, Events: []schema.Event{{ID: "ev-" + a.ID, Type: "statement", Label: a.Text}}}, nil
}

// TestRolePermissions runs a crawler, a worker and a sink, each
// with its role's NKey from accounts.conf, and checks that each may do its
// part and may not publish onto another role's subjects.
func TestRolePermissions(t *testing.T) {
	url, seeds := roleServer(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	open := func(role string) *pipeline.Bus {
		t.Helper()
		b, err := pipeline.Open(ctx, pipeline.Config{NATSURL: url, NKeyFile: seeds[role], AckWait: 5 * time.Second}, nil)
		if err != nil {
			t.Fatalf("%s: %v", role, err)
		}
		t.Cleanup(func() { b.Close() })
		if err := b.Setup(ctx); err != nil {
			t.Fatalf("%s: setup: %v", role, err)
		}
		return b
	}
	crawler, worker, sinkBus := open("crawler"), open("worker"), open("sink")

	// The sink, then the worker, then an article from the crawler.
	path := filepath.Join(t.TempDir(), "events.jsonl")
	sink, err := jsonl.Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer sink.Close()
	if err := sinkBus.SetupSink(ctx, pipeline.StreamEvents, "jsonl"); err != nil {
		t.Fatalf("sink: %v", err)
	}
	sctx, stop := context.WithCancel(ctx)
	defer stop()
	done := make(chan struct{}, 2)
	go func() { _ = pipeline.RunEventSink(sctx, sinkBus, "jsonl", sink); done <- struct{}{} }()
	w := &pipeline.Worker{Bus: worker, Extractor: oneEvent{}, Version: "test", Concurrency: 1}
	go func() { _ = w.Run(sctx); done <- struct{}{} }()
	if dup, err := crawler.PublishArticle(ctx, schema.Article{ID: "r1", Text: "Talks resume."}); err != nil || dup {
		t.Fatalf("crawler publish: dup=%v err=%v", dup, err)
	}
	// The crawler proper, with its feed state in herald_feeds.
	feed := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>
<item><guid>f1</guid><link>https://example.test/f1</link><title>Talks</title><description>The talks resumed on Monday.</description></item></channel></rss>`)
	}))
	defer feed.Close()
	cr, err := crawl.New(crawl.Config{AllowLoopback: true, Feeds: []crawl.Feed{{URL: feed.URL, Source: "Example"}}}, crawler, crawler.JetStream(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := cr.CheckAll(ctx); err != nil || cr.Stats().Published != 1 || cr.Stats().Errors != 0 {
		t.Fatalf("crawler with the crawler's key: %+v, %v; want one article published", cr.Stats(), err)
	}
	for sink.Len() < 2 && ctx.Err() == nil {
		time.Sleep(20 * time.Millisecond)
	}
	if sink.Len() != 2 || w.Stats().Processed != 2 {
		t.Fatalf("sink holds %d events, worker processed %d; want 2 and 2", sink.Len(), w.Stats().Processed)
	}

	// Each role publishing where it must not: refused, nothing stored.
	for _, c := range []struct {
		role    string
		b       *pipeline.Bus
		subject string
		stream  string
	}{
		{"crawler", crawler, "herald.events.statement", pipeline.StreamEvents},
		{"crawler", crawler, "herald.documents.x", pipeline.StreamDocuments},
		{"sink", sinkBus, "herald.articles.x", pipeline.StreamArticles},
		{"sink", sinkBus, "herald.events.statement", pipeline.StreamEvents},
		{"worker", worker, "herald.articles.x", pipeline.StreamArticles},
	} {
		before, err := c.b.LastSeq(ctx, c.stream)
		if err != nil {
			t.Fatal(err)
		}
		pctx, pcancel := context.WithTimeout(ctx, time.Second)
		_, perr := c.b.JetStream().Publish(pctx, c.subject, []byte(`{"id":"forged"}`), jetstream.WithMsgID("forged-"+c.role+c.subject))
		pcancel()
		after, err := c.b.LastSeq(ctx, c.stream)
		if err != nil {
			t.Fatal(err)
		}
		if perr == nil || after != before {
			t.Errorf("%s published on %s: err=%v, %s went from %d to %d messages", c.role, c.subject, perr, c.stream, before, after)
		}
	}
	stop()
	<-done
	<-done
}
