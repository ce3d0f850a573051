// Package sqlite is herald's embedded default store: one SQLite file
// (pure Go, modernc.org/sqlite) holding articles, their people, treaties,
// dates and quotes, and the events extracted from them. The schema and the
// writes are shared with sinks/postgres through sinks/sqlstore.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"

	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver

	"github.com/herald-news/herald/sinks/sqlstore"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Migrations are the numbered schema files applied at Open.
func Migrations() fs.FS {
	sub, err := fs.Sub(migrationFiles, "migrations")
	if err != nil {
		panic(err) // the embedded folder is part of the build
	}
	return sub
}

// Dialect is how sqlstore talks to SQLite.
var Dialect = sqlstore.Dialect{Name: "sqlite", TimeText: true}

// Store is a herald store in an SQLite file. Its methods (WriteDocument,
// WriteEvent, Events, Quotes, Close) are sqlstore.Store's; it implements
// pipeline.DocumentSink and pipeline.EventSink.
type Store struct {
	*sqlstore.Store
}

// Open opens, creating it and its folder when missing, the SQLite file at
// path and brings its schema up to date. The file is in WAL mode with full
// synchronous commits (a write that returned is on disk), waits up to
// BusyTimeout for a lock held by another connection or process, and starts
// every transaction as a writer (BEGIN IMMEDIATE) so that concurrent
// writers queue rather than fail.
func Open(ctx context.Context, path string) (*Store, error) {
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("sqlite store: %w", err)
		}
	}
	return open(ctx, path, Migrations())
}

// OpenExisting opens the store at path for reading and writing but fails,
// rather than creating an empty store, when there is no file there.
func OpenExisting(ctx context.Context, path string) (*Store, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("sqlite store: %w", err)
	}
	return open(ctx, path, Migrations())
}

// BusyTimeout is how long a connection waits for another's lock.
const BusyTimeout = 30000 // milliseconds

func open(ctx context.Context, path string, migrations fs.FS) (*Store, error) {
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", BusyTimeout))
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(FULL)")
	q.Set("_txlock", "immediate")
	db, err := sql.Open("sqlite", path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("sqlite store %s: %w", path, err)
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("sqlite store %s: %w", path, err)
	}
	s, err := sqlstore.New(ctx, db, Dialect, migrations)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("sqlite store %s: %w", path, err)
	}
	return &Store{s}, nil
}
