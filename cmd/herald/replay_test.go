package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/herald-news/herald/extractors"
	"github.com/herald-news/herald/pipeline/archive"
	"github.com/herald-news/herald/sinks/jsonl"
	"github.com/herald-news/herald/sinks/sqlite"
)

const sampleArchive = "../../testdata/archive/sample.jsonl"

// expectedEventIDs extracts the archive directly: the events the pipeline
// must deliver, whatever the extractors' quality.
func expectedEventIDs(t *testing.T, path string) []string {
	t.Helper()
	x, err := extractors.New()
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	err = archive.Read(t.Context(), path, func(it archive.Item) error {
		if it.Err != nil {
			return nil
		}
		doc, err := x.Extract(it.Article)
		if err != nil {
			return nil
		}
		for _, ev := range doc.Events {
			ids = append(ids, ev.ID)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(ids)
	return ids
}

func sinkIDs(t *testing.T, path string) []string {
	t.Helper()
	evs, err := jsonl.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, ev := range evs {
		ids = append(ids, ev.ID)
	}
	sort.Strings(ids)
	return ids
}

func summaryLine(t *testing.T, out, prefix string) string {
	t.Helper()
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, prefix) {
			return strings.Join(strings.Fields(l), " ")
		}
	}
	t.Fatalf("no %q line in summary:\n%s", prefix, out)
	return ""
}

func TestReplayDeliversEveryEventOnceAndTwiceAddsNothing(t *testing.T) {
	if _, err := os.Stat(sampleArchive); err != nil {
		t.Skipf("sample archive missing: %v", err)
	}
	dir := t.TempDir()
	stdout, stderr, code := herald(t, "", "replay", "--data-dir", dir, sampleArchive)
	if code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
	}
	want := expectedEventIDs(t, sampleArchive)
	sink := filepath.Join(dir, "events.jsonl")
	got := sinkIDs(t, sink)
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("sink holds %d events, direct extraction gives %d:\n got %v\nwant %v", len(got), len(want), got, want)
	}
	if lines := len(regexp.MustCompile(`(?m)^\{"id"`).FindAllString(mustRead(t, sink), -1)); lines != len(want) {
		t.Fatalf("%d lines in the sink, want %d", lines, len(want))
	}
	n := strings.Count(strings.TrimSpace(mustRead(t, sampleArchive)), "\n") + 1
	if l := summaryLine(t, stdout, "articles:"); l != fmt.Sprintf("articles: %d read, %d new, 0 already seen, 0 unreadable", n, n) {
		t.Errorf("summary: %s", l)
	}
	// The documents reached the SQLite store too: every article, every event.
	counts := storeCounts(t, filepath.Join(dir, "herald.db"))
	if counts["articles"] != n || counts["events"] != len(want) {
		t.Errorf("SQLite store: %d articles, %d events; want %d, %d", counts["articles"], counts["events"], n, len(want))
	}

	before := mustRead(t, sink)
	stdout, stderr, code = herald(t, "", "replay", "--data-dir", dir, sampleArchive)
	if code != 0 {
		t.Fatalf("second replay: exit %d\n%s", code, stderr)
	}
	if l := summaryLine(t, stdout, "articles:"); l != fmt.Sprintf("articles: %d read, 0 new, %d already seen, 0 unreadable", n, n) {
		t.Errorf("second summary: %s", l)
	}
	if l := summaryLine(t, stdout, "extraction:"); !strings.HasPrefix(l, "extraction: 0 processed, 0 events") {
		t.Errorf("second summary: %s", l)
	}
	if after := mustRead(t, sink); after != before {
		t.Fatal("the second replay changed the sink")
	}
	if again := storeCounts(t, filepath.Join(dir, "herald.db")); fmt.Sprint(again) != fmt.Sprint(counts) {
		t.Fatalf("the second replay changed the store: %v, was %v", again, counts)
	}

	// Re-extraction from the stream with the same extractor version
	// re-reads every article and changes nothing either.
	stdout, stderr, code = herald(t, "", "replay", "--data-dir", dir, "--reextract")
	if code != 0 {
		t.Fatalf("--reextract: exit %d\n%s", code, stderr)
	}
	if l := summaryLine(t, stdout, "articles:"); l != fmt.Sprintf("articles: %d read from the stream and extracted again", n) {
		t.Errorf("--reextract summary: %s", l)
	}
	if after := mustRead(t, sink); after != before {
		t.Fatal("re-extraction with the same version changed the sink")
	}
	if again := storeCounts(t, filepath.Join(dir, "herald.db")); fmt.Sprint(again) != fmt.Sprint(counts) {
		t.Fatalf("re-extraction changed the store's counts: %v, was %v", again, counts)
	}
}

func TestReplayBadInputReportsAndProcessesTheRest(t *testing.T) {
	dir := t.TempDir()
	stdout, stderr, code := herald(t, "", "replay", "--data-dir", dir,
		"../../testdata/pipeline/bad.jsonl", "../../testdata/pipeline/folder")
	if code != 1 {
		t.Fatalf("exit %d, want 1 for unreadable input\n%s\n%s", code, stdout, stderr)
	}
	// bad.jsonl: 2 good, a broken line, a line without text; the folder:
	// a text file, an HTML file, an empty file, a binary file.
	if l := summaryLine(t, stdout, "articles:"); l != "articles: 8 read, 4 new, 0 already seen, 4 unreadable" {
		t.Errorf("summary: %s", l)
	}
	if l := summaryLine(t, stdout, "extraction:"); !strings.HasPrefix(l, "extraction: 4 processed") {
		t.Errorf("summary: %s", l)
	}
	for _, want := range []string{"bad.jsonl:2", "bad.jsonl:3: bad record: article has neither text nor html", "empty.txt: bad record: empty file", "binary.txt: bad record: binary content"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr does not mention %q:\n%s", want, stderr)
		}
	}
}

func TestReplayNeedsAPath(t *testing.T) {
	if _, _, code := herald(t, "", "replay", "--data-dir", t.TempDir()); code != 2 {
		t.Fatalf("exit %d, want 2", code)
	}
}

func storeCounts(t *testing.T, path string) map[string]int {
	t.Helper()
	st, err := sqlite.OpenExisting(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	c, err := st.Counts(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func mustRead(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(bytes.TrimSpace(b))
}

func TestReplayProgressAndRate(t *testing.T) {
	stdout, stderr, code := herald(t, "", "replay", "--data-dir", t.TempDir(), "--progress", "--rate", "1000",
		"../../testdata/pipeline/folder/geneva.txt", "../../testdata/pipeline/folder/sub")
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if l := summaryLine(t, stdout, "articles:"); l != "articles: 2 read, 2 new, 0 already seen, 0 unreadable" {
		t.Errorf("summary: %s", l)
	}
	if !strings.Contains(stderr, "publishing (2/-") {
		t.Errorf("no publishing progress:\n%q", stderr)
	}
	// Not a terminal, no --progress: no bars.
	_, stderr, _ = herald(t, "", "replay", "--data-dir", t.TempDir(), "../../testdata/pipeline/folder/geneva.txt")
	if strings.Contains(stderr, "publishing (") {
		t.Errorf("progress drawn on a non-terminal:\n%q", stderr)
	}
}
