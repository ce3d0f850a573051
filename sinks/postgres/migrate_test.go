package postgres

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"io/fs"
	"net/url"
	"os"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/herald-news/herald/sinks/sqlstore"
	"github.com/herald-news/herald/sinks/sqlstore/storetest"
)

func TestUpgrade(t *testing.T) {
	dsn := os.Getenv("HERALD_TEST_POSTGRES")
	if dsn == "" {
		t.Skip("PostgreSQL tests skipped: set HERALD_TEST_POSTGRES, e.g. postgres://postgres@127.0.0.1:5432/test?sslmode=disable")
	}
	fresh := func(t *testing.T) string { return FreshSchema(t, dsn) }
	storetest.Upgrade(t, fresh,
		func(ctx context.Context, loc string, m fs.FS) (*sqlstore.Store, error) {
			s, err := open(ctx, loc, m)
			if err != nil {
				return nil, err
			}
			return s.Store, nil
		}, Migrations())
}

// FreshSchema creates an empty schema on the server at dsn and returns a
// DSN whose search_path selects it; the schema is dropped when the test
// ends. (Exported for the package's external tests.)
func FreshSchema(t testing.TB, dsn string) string {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatalf("connect to HERALD_TEST_POSTGRES: %v", err)
	}
	defer conn.Close(ctx)
	b := make([]byte, 6)
	rand.Read(b)
	schema := "herald_test_" + hex.EncodeToString(b)
	if _, err := conn.Exec(ctx, `CREATE SCHEMA `+schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		conn, err := pgx.Connect(context.Background(), dsn)
		if err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
			return
		}
		defer conn.Close(context.Background())
		if _, err := conn.Exec(context.Background(), `DROP SCHEMA `+schema+` CASCADE`); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
	})
	u, err := url.Parse(dsn)
	if err != nil || u.Scheme == "" {
		return dsn + " search_path=" + schema
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}
