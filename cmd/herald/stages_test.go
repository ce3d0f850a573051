package main

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"testing"
	"time"
)

// A stage that fails while the command runs stops the command rather than
// leaving it up without that stage; its error comes back from wait.
func TestStageFailureStopsTheCommand(t *testing.T) {
	s := &stages{failed: make(chan struct{})}
	boom := errors.New("consumer deleted")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s.goRun(func() error { <-ctx.Done(); return nil })
	s.goRun(func() error { return boom })
	stopped := make(chan struct{})
	go func() {
		s.stopped(context.Background(), slog.New(slog.NewTextHandler(io.Discard, nil)))
		close(stopped)
	}()
	select {
	case <-stopped:
	case <-time.After(10 * time.Second):
		t.Fatal("a failed stage did not stop the command")
	}
	cancel()
	if err := s.wait(); !errors.Is(err, boom) {
		t.Fatalf("wait = %v, want the stage's error", err)
	}
}
