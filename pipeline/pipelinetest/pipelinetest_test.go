package pipelinetest_test

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"

	"github.com/herald-news/herald/extractors/schema"
	"github.com/herald-news/herald/pipeline"
	"github.com/herald-news/herald/pipeline/pipelinetest"
)

// TestOpenBus: a bus opened with an empty Config has herald's streams and
// publishes an article once, logging to the logger given; one opened on a
// DataDir keeps its store there, and is closed when its test ends, which
// releases the directory's lock.
func TestOpenBus(t *testing.T) {
	ctx := context.Background()
	var logs pipelinetest.SyncBuffer
	b := pipelinetest.OpenBus(t, pipeline.Config{}, slog.New(slog.NewTextHandler(&logs, nil)))
	if !b.Embedded() {
		t.Fatal("an empty Config gave a bus without an embedded server")
	}
	a := schema.Article{ID: "a1", URL: "https://example.org/a1", Text: "One. Two."}
	for i, want := range []bool{false, true} {
		if dup, err := b.PublishArticle(ctx, a); err != nil || dup != want {
			t.Fatalf("publish %d: dup=%v err=%v, want dup=%v", i+1, dup, err, want)
		}
	}
	if seq, err := b.LastSeq(ctx, pipeline.StreamArticles); err != nil || seq != 1 {
		t.Fatalf("articles stream: last sequence %d (%v), want 1", seq, err)
	}
	if !strings.Contains(logs.String(), "embedded nats-server started") {
		t.Errorf("the bus did not log to the logger given:\n%s", logs.String())
	}

	dir := t.TempDir()
	var first *pipeline.Bus
	t.Run("first", func(t *testing.T) {
		first = pipelinetest.OpenBus(t, pipeline.Config{DataDir: dir}, nil)
		if _, err := first.PublishArticle(ctx, a); err != nil {
			t.Fatal(err)
		}
	})
	if !first.Conn().IsClosed() {
		t.Error("the bus is still connected after its test ended")
	}
	// The lock on dir is free again, and the store is dir's.
	again := pipelinetest.OpenBus(t, pipeline.Config{DataDir: dir}, nil)
	if dup, err := again.PublishArticle(ctx, a); err != nil || !dup {
		t.Errorf("article published on dir before: dup=%v err=%v, want a duplicate", dup, err)
	}
}

// TestSyncBufferKeepsConcurrentWritesWhole: lines written by many
// goroutines at once all end up in the buffer, each in one piece.
func TestSyncBufferKeepsConcurrentWritesWhole(t *testing.T) {
	const writers, lines = 8, 200
	var buf pipelinetest.SyncBuffer
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			for i := range lines {
				fmt.Fprintf(&buf, "writer %d line %03d %s\n", w, i, strings.Repeat("x", 64))
			}
		})
	}
	wg.Wait()
	got := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	if len(got) != writers*lines {
		t.Fatalf("%d lines, want %d", len(got), writers*lines)
	}
	seen := map[string]bool{}
	for _, l := range got {
		var w, i int
		var xs string
		if n, err := fmt.Sscanf(l, "writer %d line %d %s", &w, &i, &xs); n != 3 || err != nil || xs != strings.Repeat("x", 64) || seen[l] {
			t.Fatalf("torn or repeated line %q", l)
		}
		seen[l] = true
	}
}
