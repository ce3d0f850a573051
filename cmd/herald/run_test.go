package main

import (
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/herald-news/herald/pipeline"
	"github.com/herald-news/herald/pipeline/pipelinetest"
	"github.com/herald-news/herald/sinks/jsonl"
)

// checkFor polls cond until it holds or the wait is over.
func checkFor(t *testing.T, wait time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(wait)
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		<-tick.C
	}
}

// TestRunServesOtherProcessesAndStopsCleanly starts `herald run` on a free
// loopback port, replays the sample archive into it from another
// "process" (--nats-url: publish only), waits for the events in the sink,
// then interrupts it.
func TestRunServesOtherProcessesAndStopsCleanly(t *testing.T) {
	if _, err := os.Stat(sampleArchive); err != nil {
		t.Skipf("sample archive missing: %v", err)
	}
	dir := t.TempDir()
	var stderr pipelinetest.SyncBuffer
	e := &env{Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: &stderr, Log: newLogger(&stderr)}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() {
		done <- runRun(ctx, e, []string{"--data-dir", dir, "--listen", "127.0.0.1:0", "--metrics-addr", "127.0.0.1:0"})
	}()

	urlRe := regexp.MustCompile(`nats_url=(nats://[0-9.:]+)`)
	var url string
	checkFor(t, 30*time.Second, "herald run to listen", func() bool {
		m := urlRe.FindStringSubmatch(stderr.String())
		if m != nil {
			url = m[1]
		}
		return url != ""
	})

	stdout, errOut, code := herald(t, "", "replay", "--nats-url", url, sampleArchive)
	if code != 0 {
		t.Fatalf("replay against herald run: exit %d\n%s", code, errOut)
	}
	if !strings.Contains(stdout, "left to the workers") {
		t.Errorf("replay against an external server should only publish:\n%s", stdout)
	}
	want := expectedEventIDs(t, sampleArchive)
	sink := filepath.Join(dir, "events.jsonl")
	checkFor(t, 60*time.Second, "the events in the sink", func() bool {
		evs, _ := jsonl.ReadFile(sink)
		return len(evs) == len(want)
	})

	// Its metrics count what it extracted; it is ready while NATS is up.
	m := regexp.MustCompile(`msg="metrics and health endpoints" addr=([0-9.:]+)`).FindStringSubmatch(stderr.String())
	if m == nil {
		t.Fatalf("no metrics address logged:\n%s", stderr.String())
	}
	if code, body := httpGet(t, "http://"+m[1]+"/readyz"); code != 200 {
		t.Errorf("/readyz = %d %q", code, body)
	}
	checkFor(t, 30*time.Second, "the extracted articles in /metrics", func() bool {
		_, body := httpGet(t, "http://"+m[1]+"/metrics")
		return strings.Contains(body, "herald_articles_extracted_total "+strconv.Itoa(archiveLines(t, sampleArchive)))
	})
	if _, body := httpGet(t, "http://"+m[1]+"/metrics"); !strings.Contains(body, `herald_events_total{type="meeting"}`) ||
		!strings.Contains(body, "herald_extract_seconds_count "+strconv.Itoa(archiveLines(t, sampleArchive))) {
		t.Errorf("/metrics lacks events by type or extraction times")
	}

	// A second herald on the same port is refused with a clear error.
	_, errOut, code = herald(t, "", "run", "--data-dir", t.TempDir(), "--listen", strings.TrimPrefix(url, "nats://"))
	if code != 1 || !strings.Contains(errOut, "cannot listen on") {
		t.Errorf("second run on a taken port: exit %d, %s", code, errOut)
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("herald run: %v", err)
		}
	case <-time.After(60 * time.Second):
		t.Fatal("herald run did not stop")
	}
	if got := sinkIDs(t, sink); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("sink after shutdown: %d events, want %d", len(got), len(want))
	}
	for _, msg := range []string{"shutting down", "stages stopped", "embedded nats-server stopped"} {
		if !strings.Contains(stderr.String(), msg) {
			t.Errorf("log lacks %q", msg)
		}
	}
}

func TestRunRefusesATakenPort(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	_, stderr, code := herald(t, "", "run", "--data-dir", t.TempDir(), "--listen", l.Addr().String())
	if code != 1 || !strings.Contains(stderr, "cannot listen on "+l.Addr().String()) {
		t.Fatalf("exit %d: %s", code, stderr)
	}
}

func TestWorkNeedsAnExternalServer(t *testing.T) {
	_, stderr, code := herald(t, "", "work", "--nats-url", "")
	if code != 2 || !strings.Contains(stderr, "needs --nats-url") {
		t.Fatalf("exit %d: %s", code, stderr)
	}
}

func TestRunWithAMissingFeedsFileIsAnError(t *testing.T) {
	_, stderr, code := herald(t, "", "run", "--data-dir", t.TempDir(), "--listen", "none", "--feeds", filepath.Join(t.TempDir(), "none.yaml"))
	if code != 1 || !strings.Contains(stderr, "feeds file:") {
		t.Fatalf("exit %d: %s", code, stderr)
	}
}

// TestWorkersShareTheStageOfAnExternalServer runs two `herald work`
// processes (in-process here) against a NATS server of their own, publishes
// the sample with `herald replay --nats-url`, and checks that the events
// reach the sink once and that between them the two workers processed each
// article once (how the server splits the articles between two consumers
// of one stage is its own affair, so no share is asserted).
func TestWorkersShareTheStageOfAnExternalServer(t *testing.T) {
	if _, err := os.Stat(sampleArchive); err != nil {
		t.Skipf("sample archive missing: %v", err)
	}
	srv, err := pipeline.Open(t.Context(), pipeline.Config{DataDir: t.TempDir(), Listen: "127.0.0.1:0"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	url := srv.ClientURL()
	sink := filepath.Join(t.TempDir(), "events.jsonl")

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	type worker struct {
		stderr pipelinetest.SyncBuffer
		done   chan error
	}
	start := func(args ...string) *worker {
		w := &worker{done: make(chan error, 1)}
		e := &env{Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: &w.stderr, Log: newLogger(&w.stderr)}
		go func() { w.done <- runWork(ctx, e, append([]string{"--nats-url", url, "--concurrency", "1"}, args...)) }()
		return w
	}
	a := start("--events", sink)
	b := start()

	if _, stderr, code := herald(t, "", "replay", "--nats-url", url, sampleArchive); code != 0 {
		t.Fatalf("replay: %s", stderr)
	}
	want := expectedEventIDs(t, sampleArchive)
	checkFor(t, 60*time.Second, "the events in the sink", func() bool {
		evs, _ := jsonl.ReadFile(sink)
		return len(evs) >= len(want)
	})
	cancel()
	processed := 0
	for _, w := range []*worker{a, b} {
		if err := <-w.done; err != nil {
			t.Fatalf("herald work: %v", err)
		}
		m := regexp.MustCompile(`stages stopped" processed=(\d+)`).FindStringSubmatch(w.stderr.String())
		if m == nil {
			t.Fatalf("no stop line:\n%s", w.stderr.String())
		}
		n, _ := strconv.Atoi(m[1])
		processed += n
	}
	n := strings.Count(strings.TrimSpace(mustRead(t, sampleArchive)), "\n") + 1
	if processed != n {
		t.Errorf("the workers processed %d articles between them, want %d", processed, n)
	}
	if got := sinkIDs(t, sink); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("sink: %d events, want %d", len(got), len(want))
	}
}

func httpGet(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// archiveLines counts the articles of a JSON Lines archive.
func archiveLines(t *testing.T, path string) int {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Count(strings.TrimSpace(string(b)), "\n") + 1
}
