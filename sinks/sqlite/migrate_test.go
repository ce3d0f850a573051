package sqlite

import (
	"context"
	"io/fs"
	"path/filepath"
	"testing"

	"github.com/herald-news/herald/sinks/sqlstore"
	"github.com/herald-news/herald/sinks/sqlstore/storetest"
)

func TestUpgrade(t *testing.T) {
	storetest.Upgrade(t,
		func(t *testing.T) string { return filepath.Join(t.TempDir(), "herald.db") },
		func(ctx context.Context, loc string, m fs.FS) (*sqlstore.Store, error) {
			s, err := open(ctx, loc, m)
			if err != nil {
				return nil, err
			}
			return s.Store, nil
		}, Migrations())
}
