package main

import (
	"bytes"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestBenchRuns runs a small bench on the embedded server: the reference
// and a one-worker pipeline line, the same article and event counts on
// both (every event reached the sink).
func TestBenchRuns(t *testing.T) {
	var out, errb bytes.Buffer
	sample := filepath.Join("..", "..", "testdata", "archive", "sample.jsonl")
	t.Setenv("HERALD_LOG", "warn")
	code := run([]string{"bench", "--articles", "12", "--runs", "1", "--workers", "1", sample}, nil, &out, &errb)
	if code != 0 {
		t.Fatalf("herald bench exited %d: %s", code, errb.String())
	}
	t.Log("\n" + out.String())
	row := regexp.MustCompile(`(?m)^(extract --jsonl|pipeline, embedded, 1 worker)\S*\s.*?\s+(\d+)\s+(\d+)\s+[\d.]+\s+[\d.]+\s`)
	m := row.FindAllStringSubmatch(out.String(), -1)
	if len(m) != 2 {
		t.Fatalf("want the reference and one pipeline row, got %d in:\n%s", len(m), out.String())
	}
	if m[0][2] != "12" || m[1][2] != "12" || m[0][3] != m[1][3] || m[0][3] == "0" {
		t.Errorf("articles/events: reference %s/%s, pipeline %s/%s; want 12 each and the same events", m[0][2], m[0][3], m[1][2], m[1][3])
	}
	if !strings.Contains(out.String(), "overhead") {
		t.Error("no overhead figure")
	}
}

func TestBenchRefusesExternalWithoutFresh(t *testing.T) {
	var out, errb bytes.Buffer
	code := run([]string{"bench", "--nats-url", "nats://127.0.0.1:1"}, nil, &out, &errb)
	if code != 2 || !strings.Contains(errb.String(), "--fresh") {
		t.Fatalf("exit %d, stderr %q; want usage error naming --fresh", code, errb.String())
	}
}
