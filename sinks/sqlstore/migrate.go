package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
)

// Migration is one numbered schema change.
type Migration struct {
	Version int
	Name    string
	SQL     string
}

// Migrations reads the files NNNN_name.sql at the top of fsys, in version
// order. Other files are ignored; two files with one number are an error.
func Migrations(fsys fs.FS) ([]Migration, error) {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, fmt.Errorf("read migrations: %w", err)
	}
	var out []Migration
	seen := map[int]string{}
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".sql") {
			continue
		}
		num, rest, ok := strings.Cut(strings.TrimSuffix(name, ".sql"), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("migration %s: name is not NNNN_name.sql", name)
		}
		if prev, dup := seen[v]; dup {
			return nil, fmt.Errorf("migrations %s and %s share version %d", prev, name, v)
		}
		seen[v] = name
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("read migration %s: %w", name, err)
		}
		out = append(out, Migration{Version: v, Name: rest, SQL: string(b)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Version < out[j].Version })
	return out, nil
}

// migrate applies, each in a transaction of its own together with its row
// in schema_migrations, every migration not applied yet. Opening a store
// that is up to date changes nothing.
func (s *Store) migrate(ctx context.Context, fsys fs.FS) error {
	ms, err := Migrations(fsys)
	if err != nil {
		return err
	}
	if s.upToDate(ctx, ms) {
		return nil // no write transaction: a reader of a busy store need not wait
	}
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		if err := s.lockMigrations(ctx, tx); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    applied_at TEXT NOT NULL
)`)
		return err
	})
	if err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}
	for _, m := range ms {
		if err := s.apply(ctx, m); err != nil {
			return fmt.Errorf("migration %04d_%s: %w", m.Version, m.Name, err)
		}
	}
	return nil
}

// upToDate reports whether every migration is recorded as applied.
func (s *Store) upToDate(ctx context.Context, ms []Migration) bool {
	applied, err := s.Versions(ctx)
	if err != nil {
		return false // no schema_migrations yet
	}
	have := map[int]bool{}
	for _, v := range applied {
		have[v] = true
	}
	for _, m := range ms {
		if !have[m.Version] {
			return false
		}
	}
	return true
}

func (s *Store) apply(ctx context.Context, m Migration) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if err := s.lockMigrations(ctx, tx); err != nil {
			return err
		}
		var one int
		err := tx.QueryRowContext(ctx, `SELECT 1 FROM schema_migrations WHERE version = $1`, m.Version).Scan(&one)
		if err == nil {
			return nil // applied already
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, `+s.now()+`)`,
			m.Version, m.Name)
		return err
	})
}

func (s *Store) lockMigrations(ctx context.Context, tx *sql.Tx) error {
	if s.d.LockMigrations == "" {
		return nil
	}
	if _, err := tx.ExecContext(ctx, s.d.LockMigrations); err != nil {
		return fmt.Errorf("lock migrations: %w", err)
	}
	return nil
}

// now is the SQL for the current time as RFC 3339 text.
func (s *Store) now() string {
	if s.d.Name == "sqlite" {
		return `strftime('%Y-%m-%dT%H:%M:%SZ', 'now')`
	}
	return `to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`
}

// Versions lists the migration versions applied to the store.
func (s *Store) Versions(ctx context.Context) ([]int, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT version FROM schema_migrations ORDER BY version`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
