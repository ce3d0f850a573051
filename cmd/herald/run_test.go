package main

import (
	"bytes"
	"context"
	"io"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/herald-news/herald/sinks/jsonl"
)

// syncBuffer is a bytes.Buffer safe for a command writing while the test
// reads.
type syncBuffer struct {
	mu sync.Mutex // guards b
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

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
	var stderr syncBuffer
	e := &env{Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: &stderr, Log: newLogger(&stderr)}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- runRun(ctx, e, []string{"--data-dir", dir, "--listen", "127.0.0.1:0"}) }()

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
