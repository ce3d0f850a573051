//go:build unix

package pipeline

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

// lockDataDir takes an exclusive lock on dir, so that two processes never
// run embedded servers over the same JetStream store (nats-server does not
// guard against it). The lock goes with the process.
func lockDataDir(dir string) (*os.File, error) {
	path := filepath.Join(dir, "herald.lock")
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("%w: %s (another herald is using it; reach a running `herald run` with --nats-url nats://%s)", ErrDataDirLocked, dir, DefaultListen)
		}
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	return f, nil
}
