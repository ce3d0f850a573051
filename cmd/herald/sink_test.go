package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/herald-news/herald/extractors"
	"github.com/herald-news/herald/pipeline"
	"github.com/herald-news/herald/pipeline/archive"
	"github.com/herald-news/herald/pipeline/pipelinetest"
	"github.com/herald-news/herald/sinks/jsonl"
	"github.com/herald-news/herald/sinks/sqlite"
)

// TestSinkCommandWritesWhatAWorkerPublished runs `herald sink` as a
// process of its own against a server (embedded here, listening on
// loopback) whose articles a worker in this process extracts: the events
// reach the JSON Lines file, once each, and the documents and events the
// SQLite store. The URL carries a password, which the logs do not show.
func TestSinkCommandWritesWhatAWorkerPublished(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	bus := pipelinetest.OpenBus(t, pipeline.Config{Listen: "127.0.0.1:0"}, nil)
	var n int
	err := archive.Read(ctx, sampleArchive, func(it archive.Item) error {
		if it.Err != nil || n == 4 {
			return it.Err
		}
		if _, err := bus.PublishArticle(ctx, it.Article); err != nil {
			return err
		}
		n++
		return nil
	})
	if err != nil {
		t.Skipf("sample archive: %v", err)
	}
	x, err := extractors.New()
	if err != nil {
		t.Fatal(err)
	}
	w := &pipeline.Worker{Bus: bus, Extractor: x, Version: extractors.Version}
	wctx, wstop := context.WithCancel(ctx)
	wdone := make(chan error, 1)
	go func() { wdone <- w.Run(wctx) }()
	defer func() { wstop(); <-wdone }()

	dir := t.TempDir()
	events, db := filepath.Join(dir, "events.jsonl"), filepath.Join(dir, "herald.db")
	// No auth on the test server: the credentials are sent and ignored.
	url := strings.Replace(bus.ClientURL(), "nats://", "nats://herald:s3cret@", 1)
	var stderr pipelinetest.SyncBuffer
	e := &env{Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: &stderr, Log: newLogger(&stderr)}
	sctx, sstop := context.WithCancel(ctx)
	sdone := make(chan error, 1)
	go func() {
		sdone <- runSinkCmd(sctx, e, []string{"--nats-url", url, "--data-dir", dir, "--events", events, "--db", db, "--metrics-addr", "127.0.0.1:0"})
	}()

	drained := func(stream, consumer string) bool {
		c, err := bus.JetStream().Consumer(ctx, stream, consumer)
		if err != nil {
			return false
		}
		info, err := c.Info(ctx)
		return err == nil && info.NumPending == 0 && info.NumAckPending == 0
	}
	checkFor(t, time.Minute, "the worker and both sinks to finish", func() bool {
		return w.Stats().Processed == int64(n) &&
			drained(pipeline.StreamEvents, pipeline.SinkConsumer(jsonlSinkName)) &&
			drained(pipeline.StreamDocuments, pipeline.SinkConsumer(sqliteSinkName))
	})
	// Its metrics count each sink's writes: every event, every document.
	s := w.Stats()
	if s.Events == 0 {
		t.Fatal("the worker published no events: the test checks nothing")
	}
	m := regexp.MustCompile(`msg="metrics and health endpoints" addr=([0-9.:]+)`).FindStringSubmatch(stderr.String())
	if m == nil {
		t.Fatalf("no metrics address logged:\n%s", stderr.String())
	}
	_, body := httpGet(t, "http://"+m[1]+"/metrics")
	for _, want := range []string{
		fmt.Sprintf(`herald_sink_writes_total{sink="jsonl"} %d`, s.Events),
		fmt.Sprintf(`herald_sink_writes_total{sink="sqlite"} %d`, n),
	} {
		if !strings.Contains(body, want+"\n") {
			t.Errorf("/metrics lacks %q", want)
		}
	}
	sstop()
	if err := <-sdone; err != nil {
		t.Fatalf("herald sink: %v\n%s", err, stderr.String())
	}

	evs, err := jsonl.ReadFile(events)
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, ev := range evs {
		if ids[ev.ID] {
			t.Errorf("event %s twice in the JSON Lines file", ev.ID)
		}
		ids[ev.ID] = true
	}
	if int64(len(ids)) != s.Events {
		t.Errorf("JSON Lines file: %d events, the worker published %d", len(ids), s.Events)
	}
	st, err := sqlite.OpenExisting(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	counts, err := st.Counts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if counts["articles"] != n || int64(counts["events"]) != s.Events {
		t.Errorf("SQLite: %d articles, %d events; want %d and %d", counts["articles"], counts["events"], n, s.Events)
	}
	logs := stderr.String()
	if strings.Contains(logs, "s3cret") {
		t.Errorf("the password is in the logs:\n%s", logs)
	}
	if !strings.Contains(logs, "herald:xxxxx@127.0.0.1") {
		t.Errorf("the logs do not name the server, redacted:\n%s", logs)
	}
	t.Logf("%d articles, %d events; log:\n%s", n, s.Events, logs)
}

// TestSinkCommandNeedsAServer checks the command lines herald sink
// refuses.
func TestSinkCommandNeedsAServer(t *testing.T) {
	for _, args := range [][]string{
		{"--data-dir", t.TempDir()},
		{"--nats-url", "nats://127.0.0.1:1", "--concurrency", "4"},
		{"--nats-url", "nats://127.0.0.1:1", "--no-sink"},
		{"--nats-url", "nats://127.0.0.1:1", "--listen", "127.0.0.1:4223"},
	} {
		var stderr pipelinetest.SyncBuffer
		e := &env{Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: &stderr, Log: newLogger(&stderr)}
		if err := runSinkCmd(context.Background(), e, args); err != errUsage {
			t.Errorf("herald sink %q: %v, want a usage error", args, err)
		}
		if stderr.String() == "" {
			t.Errorf("herald sink %q: says nothing", args)
		}
	}
}
