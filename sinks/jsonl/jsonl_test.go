package jsonl

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/herald-news/herald/extractors/schema"
)

func ev(id string) schema.Event {
	return schema.Event{ID: id, Type: "meeting", Label: "Geneva meeting", ArticleID: "a", ExtractorVersion: "v"}
}

func TestWriteSkipsIDsAlreadyInTheFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "events.jsonl")
	s, err := Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, id := range []string{"e1", "e2", "e1"} {
		if err := s.WriteEvent(ctx, ev(id)); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	// Reopened, the sink knows what the file holds.
	s, err = Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.WriteEvent(ctx, ev("e2")); err != nil {
		t.Fatal(err)
	}
	if err := s.WriteEvent(ctx, ev("e3")); err != nil {
		t.Fatal(err)
	}
	evs, err := ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, e := range evs {
		ids = append(ids, e.ID)
	}
	if got := strings.Join(ids, ","); got != "e1,e2,e3" {
		t.Fatalf("file holds %s, want e1,e2,e3", got)
	}
	if s.Len() != 3 {
		t.Fatalf("Len %d", s.Len())
	}
}

func TestTornLastLineIsTruncated(t *testing.T) {
	path := filepath.Join(t.TempDir(), "events.jsonl")
	good := `{"id":"e1","type":"meeting","label":"x","participants":null,"people":null,"treaties":null,"quotes":null,"evidence":null,"confidence":0,"article_id":"a","extractor_version":"v"}` + "\n"
	if err := os.WriteFile(path, []byte(good+`{"id":"e2","type":"mee`), 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if s.Len() != 1 {
		t.Fatalf("indexed %d events, want 1", s.Len())
	}
	// e2 was never acknowledged: it comes again and is written whole.
	if err := s.WriteEvent(context.Background(), ev("e2")); err != nil {
		t.Fatal(err)
	}
	s.Close()
	b, _ := os.ReadFile(path)
	lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
	if len(lines) != 2 || lines[0]+"\n" != good || !strings.HasPrefix(lines[1], `{"id":"e2"`) {
		t.Fatalf("file after recovery:\n%s", b)
	}
}

func TestConcurrentWritesKeepLinesWhole(t *testing.T) {
	path := filepath.Join(t.TempDir(), "events.jsonl")
	s, err := Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := range 25 {
				// Every goroutine writes the same ids: each must appear once.
				if err := s.WriteEvent(context.Background(), ev(fmt.Sprintf("e%d", i))); err != nil {
					t.Error(g, err)
				}
			}
		})
	}
	wg.Wait()
	s.Close()
	evs, err := ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != 25 {
		t.Fatalf("%d lines, want 25", len(evs))
	}
}

func TestEventWithoutIDIsRefused(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "e.jsonl"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.WriteEvent(context.Background(), schema.Event{Type: "meeting"}); err == nil {
		t.Fatal("event without id written")
	}
}

func TestRotationBySizeKeepsEventsOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "events.jsonl")
	line, _ := json.Marshal(ev("e00"))
	opts := Options{MaxBytes: int64(3*(len(line)+1)) + 1} // three lines a file
	s, err := OpenWith(path, nil, opts)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for i := range 8 {
		if err := s.WriteEvent(ctx, ev(fmt.Sprintf("e%02d", i))); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	files, err := Files(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 3 {
		t.Fatalf("files %v, want two rotated and the current", files)
	}
	// Reopened, the sink knows the rotated files' ids too.
	s, err = OpenWith(path, nil, opts)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 9 {
		if err := s.WriteEvent(ctx, ev(fmt.Sprintf("e%02d", i))); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	files, _ = Files(path)
	var ids []string
	for _, f := range files {
		evs, err := ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if len(evs) > 3 {
			t.Errorf("%s holds %d lines, over the size limit", f, len(evs))
		}
		for _, e := range evs {
			ids = append(ids, e.ID)
		}
	}
	if got := strings.Join(ids, ","); got != "e00,e01,e02,e03,e04,e05,e06,e07,e08" {
		t.Fatalf("events across files: %s", got)
	}
}

func TestDailyRotation(t *testing.T) {
	path := filepath.Join(t.TempDir(), "events.jsonl")
	now := time.Date(2026, 11, 27, 23, 59, 0, 0, time.UTC)
	s, err := OpenWith(path, nil, Options{Daily: true, Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	s.WriteEvent(ctx, ev("a"))
	s.WriteEvent(ctx, ev("b"))
	now = now.Add(2 * time.Minute) // the next day
	s.WriteEvent(ctx, ev("c"))
	files, _ := Files(path)
	if len(files) != 2 || !strings.HasSuffix(files[0], "events-20261128T000100Z.jsonl") {
		t.Fatalf("files %v", files)
	}
	old, _ := ReadFile(files[0])
	cur, _ := ReadFile(files[1])
	if len(old) != 2 || len(cur) != 1 || cur[0].ID != "c" {
		t.Fatalf("old %d events, current %d", len(old), len(cur))
	}
}

// BenchmarkWriteEvent measures one appended, fsynced event.
func BenchmarkWriteEvent(b *testing.B) {
	s, err := Open(filepath.Join(b.TempDir(), "events.jsonl"), nil)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	for i := range b.N {
		if err := s.WriteEvent(ctx, ev(fmt.Sprintf("e%d", i))); err != nil {
			b.Fatal(err)
		}
	}
}

func TestWriteEventsBatch(t *testing.T) {
	path := filepath.Join(t.TempDir(), "events.jsonl")
	s, err := Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := s.WriteEvent(ctx, ev("a")); err != nil {
		t.Fatal(err)
	}
	// A batch repeating an id of the file and one of its own.
	if err := s.WriteEvents(ctx, []schema.Event{ev("b"), ev("a"), ev("c"), ev("b")}); err != nil {
		t.Fatal(err)
	}
	if err := s.WriteEvents(ctx, []schema.Event{ev("d"), {Type: "meeting"}}); err == nil {
		t.Fatal("a batch with an event without id was written")
	}
	s.Close()
	evs, _ := ReadFile(path)
	var ids []string
	for _, e := range evs {
		ids = append(ids, e.ID)
	}
	if got := strings.Join(ids, ","); got != "a,b,c" {
		t.Fatalf("file holds %s, want a,b,c", got)
	}
}
