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
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/herald-news/herald/extractors/schema"
)

// Sink appends events to one file, and rotates it when asked to.
type Sink struct {
	path string
	log  *slog.Logger
	opts Options

	mu   sync.Mutex // guards f, ids, size, day
	f    *os.File
	ids  map[string]struct{}
	size int64
	day  string // UTC day the current file was started, for daily rotation
}

// Options set rotation. The current file is always at the sink's path;
// rotated ones sit beside it as NAME-<stamp>.jsonl (see Files).
type Options struct {
	// MaxBytes rotates the file before a write would take it past this
	// size; 0 never.
	MaxBytes int64
	// Daily rotates the file at the first write of a new UTC day.
	Daily bool
	// Now is the clock (time.Now when nil).
	Now func() time.Time
}

// Open opens (creating it if needed) the JSON Lines file at path and
// indexes the events it holds. It never rotates.
func Open(path string, log *slog.Logger) (*Sink, error) {
	return OpenWith(path, log, Options{})
}

// OpenWith opens the sink at path with rotation options. The id index
// covers the rotated files too, so an event is never written twice across
// a rotation.
func OpenWith(path string, log *slog.Logger, opts Options) (*Sink, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	s := &Sink{path: path, log: log, opts: opts, ids: map[string]struct{}{}}
	rotated, err := Files(path)
	if err != nil {
		return nil, err
	}
	for _, r := range rotated[:len(rotated)-1] {
		if err := indexFile(r, s.ids); err != nil {
			return nil, err
		}
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	s.f = f
	if err := s.load(); err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	s.day = s.opts.Now().UTC().Format(time.DateOnly)
	if st, err := f.Stat(); err == nil && s.size > 0 {
		s.day = st.ModTime().UTC().Format(time.DateOnly)
	}
	return s, nil
}

// Files lists the files of the sink at path: the rotated ones, oldest
// first, then path itself (which may not exist yet).
func Files(path string) ([]string, error) {
	ext := filepath.Ext(path)
	base := strings.TrimSuffix(path, ext)
	matches, err := filepath.Glob(base + "-*" + ext)
	if err != nil {
		return nil, err
	}
	type rotated struct {
		path, stamp string
		n           int
	}
	var rs []rotated
	for _, m := range matches {
		sm := rotatedName.FindStringSubmatch(strings.TrimPrefix(strings.TrimSuffix(m, ext), base+"-"))
		if sm == nil {
			continue
		}
		n, _ := strconv.Atoi(strings.TrimPrefix(sm[2], "-"))
		rs = append(rs, rotated{m, sm[1], n})
	}
	// Stamps sort by time; -N counts rotations within one second.
	sort.Slice(rs, func(i, j int) bool {
		if rs[i].stamp != rs[j].stamp {
			return rs[i].stamp < rs[j].stamp
		}
		return rs[i].n < rs[j].n
	})
	out := make([]string, 0, len(rs)+1)
	for _, r := range rs {
		out = append(out, r.path)
	}
	return append(out, path), nil
}

// rotatedName matches the stamp of a rotated file: 20261127T152301Z, with
// a -N suffix when two rotations fell in the same second.
var rotatedName = regexp.MustCompile(`^(\d{8}T\d{6}Z)(-\d+)?$`)

// indexFile adds the ids of a rotated file to ids.
func indexFile(path string, ids map[string]struct{}) error {
	evs, err := ReadFile(path)
	if err != nil {
		return err
	}
	for _, ev := range evs {
		ids[ev.ID] = struct{}{}
	}
	return nil
}

// reopenLocked goes on appending to s.path after a rotation that failed
// half-way, so that one failed rotation does not close the sink; it returns
// cause, joined with the reopen's own error if that fails too. s.mu is held.
func (s *Sink) reopenLocked(cause error) error {
	f, err := os.OpenFile(s.path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return errors.Join(cause, err)
	}
	end, err := f.Seek(0, io.SeekEnd)
	if err != nil {
		f.Close()
		return errors.Join(cause, err)
	}
	s.f, s.size = f, end
	return cause
}

// rotateLocked closes the current file, renames it with a time stamp and
// starts a new one. s.mu is held.
func (s *Sink) rotateLocked(now time.Time) error {
	if err := s.f.Sync(); err != nil {
		return err
	}
	if err := s.f.Close(); err != nil {
		return err
	}
	s.f = nil
	ext := filepath.Ext(s.path)
	stamp := strings.TrimSuffix(s.path, ext) + "-" + now.UTC().Format("20060102T150405Z")
	dst := stamp + ext
	for i := 1; ; i++ {
		if _, err := os.Stat(dst); errors.Is(err, os.ErrNotExist) {
			break
		}
		dst = fmt.Sprintf("%s-%d%s", stamp, i, ext)
	}
	if err := os.Rename(s.path, dst); err != nil {
		return s.reopenLocked(fmt.Errorf("rotate %s: %w", s.path, err))
	}
	f, err := os.OpenFile(s.path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return s.reopenLocked(fmt.Errorf("rotate %s: %w", s.path, err))
	}
	if d, err := os.Open(filepath.Dir(s.path)); err == nil {
		_ = d.Sync() // the rename and the new file, on disk
		d.Close()
	}
	s.f, s.size, s.day = f, 0, now.UTC().Format(time.DateOnly)
	s.log.Info("jsonl sink rotated", "path", s.path, "rotated_to", dst)
	return nil
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
func (s *Sink) WriteEvent(ctx context.Context, ev schema.Event) error {
	return s.WriteEvents(ctx, []schema.Event{ev})
}

// WriteEvents appends the events whose ids the file does not hold yet (each
// once), with one fsync, and returns once they are on disk.
func (s *Sink) WriteEvents(_ context.Context, evs []schema.Event) error {
	lines := make([][]byte, len(evs))
	for i, ev := range evs {
		if ev.ID == "" {
			return errors.New("jsonl sink: event without id")
		}
		line, err := json.Marshal(ev)
		if err != nil {
			return fmt.Errorf("jsonl sink: encode event %s: %w", ev.ID, err)
		}
		lines[i] = append(line, '\n')
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.f == nil {
		return errors.New("jsonl sink: closed")
	}
	var buf []byte
	var added []string
	inBatch := map[string]bool{}
	flush := func() error {
		if len(buf) == 0 {
			return nil
		}
		if err := s.appendLocked(buf); err != nil {
			return err
		}
		for _, id := range added {
			s.ids[id] = struct{}{}
		}
		buf, added = buf[:0], added[:0]
		return nil
	}
	for i, ev := range evs {
		if _, ok := s.ids[ev.ID]; ok || inBatch[ev.ID] {
			continue
		}
		inBatch[ev.ID] = true
		if s.size+int64(len(buf)) > 0 {
			now := s.opts.Now()
			if (s.opts.MaxBytes > 0 && s.size+int64(len(buf)+len(lines[i])) > s.opts.MaxBytes) ||
				(s.opts.Daily && now.UTC().Format(time.DateOnly) != s.day) {
				if err := flush(); err != nil {
					return err
				}
				if s.size > 0 {
					if err := s.rotateLocked(now); err != nil {
						return fmt.Errorf("jsonl sink: rotate %s: %w", s.path, err)
					}
				}
			}
		}
		buf = append(buf, lines[i]...)
		added = append(added, ev.ID)
	}
	return flush()
}

// appendLocked writes b at the end of the file and fsyncs it; on failure
// the file is cut back to where it was. s.mu is held.
func (s *Sink) appendLocked(b []byte) error {
	n, err := s.f.Write(b)
	if err == nil {
		err = s.f.Sync()
	}
	if err != nil {
		// Not known to be durable: take the lines back, the messages will
		// be delivered again.
		_ = s.f.Truncate(s.size)
		_, _ = s.f.Seek(s.size, io.SeekStart)
		return fmt.Errorf("jsonl sink: write %s: %w", s.path, err)
	}
	s.size += int64(n)
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
