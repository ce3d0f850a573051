package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/herald-news/herald/pipeline"
	"github.com/herald-news/herald/sinks/sqlite"
	"github.com/herald-news/herald/sinks/sqlstore"
	"github.com/herald-news/herald/sinks/sqlstore/storetest"
)

// The store is both kinds of pipeline sink.
var (
	_ pipeline.DocumentSink = (*sqlite.Store)(nil)
	_ pipeline.EventSink    = (*sqlite.Store)(nil)
)

func TestStore(t *testing.T) {
	storetest.Run(t, storetest.Backend{
		Fresh: func(t *testing.T) string { return filepath.Join(t.TempDir(), "sub", "herald.db") },
		Open: func(ctx context.Context, loc string) (*sqlstore.Store, error) {
			s, err := sqlite.Open(ctx, loc)
			if err != nil {
				return nil, err
			}
			return s.Store, nil
		},
	})
}

func TestWALAndBusyTimeout(t *testing.T) {
	s, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "herald.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var mode string
	var timeout int
	if err := s.DB().QueryRowContext(t.Context(), `PRAGMA journal_mode`).Scan(&mode); err != nil {
		t.Fatal(err)
	}
	if err := s.DB().QueryRowContext(t.Context(), `PRAGMA busy_timeout`).Scan(&timeout); err != nil {
		t.Fatal(err)
	}
	if mode != "wal" || timeout != sqlite.BusyTimeout {
		t.Fatalf("journal_mode=%s busy_timeout=%d, want wal and %d", mode, timeout, sqlite.BusyTimeout)
	}
}

func TestOpenExistingRefusesMissingFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "none.db")
	if _, err := sqlite.OpenExisting(t.Context(), path); err == nil {
		t.Fatal("OpenExisting created a store where there was none")
	}
}

func BenchmarkWriteDocument(b *testing.B) {
	s, err := sqlite.Open(b.Context(), filepath.Join(b.TempDir(), "herald.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	storetest.Bench(b, s.Store)
}

// TestOpenWhileWriting opens an up-to-date store while another handle holds
// the write lock: a reader (herald query) must not need it.
func TestOpenWhileWriting(t *testing.T) {
	path := filepath.Join(t.TempDir(), "herald.db")
	w, err := sqlite.Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	tx, err := w.DB().BeginTx(t.Context(), nil) // BEGIN IMMEDIATE: the write lock
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	r, err := sqlite.OpenExisting(t.Context(), path)
	if err != nil {
		t.Fatalf("open while another handle writes: %v", err)
	}
	defer r.Close()
	if _, err := r.Events(t.Context(), sqlstore.EventQuery{}); err != nil {
		t.Fatalf("query while another handle writes: %v", err)
	}
}
