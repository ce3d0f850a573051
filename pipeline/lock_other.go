//go:build !unix

package pipeline

import (
	"os"
	"path/filepath"
)

// lockDataDir opens the lock file; other systems get no exclusive lock.
func lockDataDir(dir string) (*os.File, error) {
	return os.OpenFile(filepath.Join(dir, "herald.lock"), os.O_RDWR|os.O_CREATE, 0o644)
}
