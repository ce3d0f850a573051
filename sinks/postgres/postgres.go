// Package postgres is herald's PostgreSQL store (pgx): the same schema,
// migrations and queries as the SQLite store, shared through
// sinks/sqlstore, for a database that several machines write to and
// analysts query.
package postgres

import (
	"context"
	"embed"
	"fmt"
	"io/fs"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

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

// Dialect is how sqlstore talks to PostgreSQL. Migrations take a
// transaction-scoped advisory lock so that processes starting together
// apply each one once.
var Dialect = sqlstore.Dialect{
	Name:           "postgres",
	LockMigrations: `SELECT pg_advisory_xact_lock(7243159032117001)`,
	NoNUL:          true,
}

// Store is a herald store in a PostgreSQL database. Its methods
// (WriteDocument, WriteEvent, Events, Quotes, Close) are sqlstore.Store's;
// it implements pipeline.DocumentSink and pipeline.EventSink.
type Store struct {
	*sqlstore.Store
}

// Open connects to the database at dsn (a postgres:// URL or key=value
// string; a search_path parameter selects the schema) and brings the
// schema up to date.
func Open(ctx context.Context, dsn string) (*Store, error) {
	return open(ctx, dsn, Migrations())
}

func open(ctx context.Context, dsn string, migrations fs.FS) (*Store, error) {
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("postgres store: %w", err)
	}
	db := stdlib.OpenDB(*cfg)
	db.SetMaxOpenConns(8)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("postgres store %s@%s/%s: %w", cfg.User, cfg.Host, cfg.Database, err)
	}
	s, err := sqlstore.New(ctx, db, Dialect, migrations)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("postgres store: %w", err)
	}
	return &Store{s}, nil
}
