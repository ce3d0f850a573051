package postgres_test

import (
	"context"
	"os"
	"testing"

	"github.com/herald-news/herald/pipeline"
	"github.com/herald-news/herald/sinks/postgres"
	"github.com/herald-news/herald/sinks/sqlstore"
	"github.com/herald-news/herald/sinks/sqlstore/storetest"
)

// The store is both kinds of pipeline sink.
var (
	_ pipeline.DocumentSink = (*postgres.Store)(nil)
	_ pipeline.EventSink    = (*postgres.Store)(nil)
)

// testDSN is the server the tests use, from HERALD_TEST_POSTGRES; each test
// gets a schema of its own there, dropped when it ends.
func testDSN(t *testing.T) string {
	dsn := os.Getenv("HERALD_TEST_POSTGRES")
	if dsn == "" {
		t.Skip("PostgreSQL tests skipped: set HERALD_TEST_POSTGRES, e.g. postgres://postgres@127.0.0.1:5432/test?sslmode=disable")
	}
	return dsn
}

func TestStore(t *testing.T) {
	dsn := testDSN(t)
	storetest.Run(t, storetest.Backend{
		Fresh: func(t *testing.T) string { return postgres.FreshSchema(t, dsn) },
		Open: func(ctx context.Context, loc string) (*sqlstore.Store, error) {
			s, err := postgres.Open(ctx, loc)
			if err != nil {
				return nil, err
			}
			return s.Store, nil
		},
	})
}

func TestTablesInOwnSchema(t *testing.T) {
	dsn := postgres.FreshSchema(t, testDSN(t))
	s, err := postgres.Open(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var schema string
	if err := s.DB().QueryRowContext(t.Context(),
		`SELECT table_schema FROM information_schema.tables WHERE table_name = 'events' AND table_schema = current_schema()`).Scan(&schema); err != nil {
		t.Fatalf("events table not in the test's schema: %v", err)
	}
}

func TestOpenBadDSN(t *testing.T) {
	if _, err := postgres.Open(t.Context(), "postgres://nobody@127.0.0.1:1/none?sslmode=disable&connect_timeout=2"); err == nil {
		t.Fatal("Open succeeded against a port with no server")
	}
}

func BenchmarkWriteDocument(b *testing.B) {
	dsn := os.Getenv("HERALD_TEST_POSTGRES")
	if dsn == "" {
		b.Skip("set HERALD_TEST_POSTGRES to benchmark against PostgreSQL")
	}
	s, err := postgres.Open(b.Context(), postgres.FreshSchema(b, dsn))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	storetest.Bench(b, s.Store)
}
