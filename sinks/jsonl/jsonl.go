// Package jsonl is the JSON Lines event sink: one event a line, appended
// and fsynced before the message is acknowledged. It implements
// pipeline.EventSink.
//
// Delivery is at least once, so the sink keeps the id of every event in the
// file and skips one it already holds. At start it reads the file to build
// that index; a last line torn by a crash (no newline, or not JSON) is cut
// off, and its event, never acknowledged, is delivered again.
package jsonl

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sync"

	"github.com/herald-news/herald/extractors/schema"
)

// Sink appends events to one file.
type Sink struct {
	path string
	log  *slog.Logger

	mu   sync.Mutex // guards f, ids, size
	f    *os.File
	ids  map[string]struct{}
	size int64
}

// Open opens (creating it if needed) the JSON Lines file at path and
// indexes the events it holds.
func Open(path string, log *slog.Logger) (*Sink, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	s := &Sink{path: path, log: log, f: f, ids: map[string]struct{}{}}
	if err := s.load(); err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return s, nil
}

// load indexes the file's ids and truncates a torn last line.
func (s *Sink) load() error {
	if _, err := s.f.Seek(0, io.SeekStart); err != nil {
		return err
	}
	br := bufio.NewReaderSize(s.f, 1<<20)
	var good int64 // end of the last complete, readable line
	for lineNo := 1; ; lineNo++ {
		line, err := br.ReadBytes('\n')
		if len(line) > 0 {
			complete := line[len(line)-1] == '\n'
			var ev struct {
				ID string `json:"id"`
			}
			jerr := json.Unmarshal(bytes.TrimSpace(line), &ev)
			switch {
			case complete && jerr == nil:
				s.ids[ev.ID] = struct{}{}
				good += int64(len(line))
			case errors.Is(err, io.EOF):
				// The last line, torn: cut below.
			default:
				// A bad line in the middle is not ours to repair: keep it.
				s.log.Warn("jsonl sink: unreadable line kept", "path", s.path, "line", lineNo, "err", jerr)
				good += int64(len(line))
			}
		}
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
	}
	end, err := s.f.Seek(0, io.SeekEnd)
	if err != nil {
		return err
	}
	if end > good {
		s.log.Warn("jsonl sink: torn last line truncated", "path", s.path, "bytes", end-good)
		if err := s.f.Truncate(good); err != nil {
			return err
		}
		if err := s.f.Sync(); err != nil {
			return err
		}
	}
	if _, err := s.f.Seek(good, io.SeekStart); err != nil {
		return err
	}
	s.size = good
	return nil
}

// Len is the number of events the file holds.
func (s *Sink) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.ids)
}

// Path is the file's path.
func (s *Sink) Path() string { return s.path }

// WriteEvent appends ev unless the file holds its id already, and returns
// once the line is on disk.
func (s *Sink) WriteEvent(_ context.Context, ev schema.Event) error {
	if ev.ID == "" {
		return errors.New("jsonl sink: event without id")
	}
	line, err := json.Marshal(ev)
	if err != nil {
		return fmt.Errorf("jsonl sink: encode event %s: %w", ev.ID, err)
	}
	line = append(line, '\n')
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.f == nil {
		return errors.New("jsonl sink: closed")
	}
	if _, ok := s.ids[ev.ID]; ok {
		return nil
	}
	n, err := s.f.Write(line)
	if err != nil {
		// Cut a partial line so that the file stays readable.
		_ = s.f.Truncate(s.size)
		_, _ = s.f.Seek(s.size, io.SeekStart)
		return fmt.Errorf("jsonl sink: write %s: %w", s.path, err)
	}
	if err := s.f.Sync(); err != nil {
		// Not known to be durable: take the line back, the message will
		// be delivered again.
		_ = s.f.Truncate(s.size)
		_, _ = s.f.Seek(s.size, io.SeekStart)
		return fmt.Errorf("jsonl sink: fsync %s: %w", s.path, err)
	}
	s.size += int64(n)
	s.ids[ev.ID] = struct{}{}
	return nil
}

// Close closes the file.
func (s *Sink) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.f == nil {
		return nil
	}
	err := s.f.Close()
	s.f = nil
	return err
}

// ReadFile reads every event of a JSON Lines file, skipping a torn last
// line.
func ReadFile(path string) ([]schema.Event, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var out []schema.Event
	for i, line := range bytes.Split(b, []byte("\n")) {
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		var ev schema.Event
		if err := json.Unmarshal(line, &ev); err != nil {
			if i == bytes.Count(b, []byte("\n")) { // torn last line
				break
			}
			return out, fmt.Errorf("%s:%d: %w", path, i+1, err)
		}
		out = append(out, ev)
	}
	return out, nil
}
