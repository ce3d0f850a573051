package pipeline

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// pausedStream replaces reextractNext for the test: fetches go to the real
// consumer, except that pause says, from the number of messages read so
// far, whether a fetch times out (as one does while the stream's leader is
// elected) before asking the server. It counts fetches and timeouts.
type pausedStream struct {
	pause func(read int) bool

	mu       sync.Mutex // guards the counts
	read     int
	fetches  int
	timeouts int
}

func (p *pausedStream) install(t *testing.T) {
	old := reextractNext
	t.Cleanup(func() { reextractNext = old })
	reextractNext = func(ctx context.Context, cons jetstream.Consumer) (jetstream.Msg, error) {
		p.mu.Lock()
		p.fetches++
		paused := p.pause(p.read)
		if paused {
			p.timeouts++
		}
		p.mu.Unlock()
		if paused {
			return nil, nats.ErrTimeout
		}
		msg, err := old(ctx, cons)
		if err != nil {
			p.mu.Lock()
			p.timeouts++
			p.mu.Unlock()
			return nil, err
		}
		p.mu.Lock()
		p.read++
		p.mu.Unlock()
		return msg, nil
	}
}

func (p *pausedStream) counts() (fetches, timeouts int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.fetches, p.timeouts
}

// publishArticles publishes n articles named prefix0, prefix1, ...
func publishArticles(t *testing.T, b *Bus, prefix string, n int) {
	t.Helper()
	for i := range n {
		if _, err := b.PublishArticle(context.Background(), article(fmt.Sprintf("%s%d", prefix, i), "One. Two.")); err != nil {
			t.Fatal(err)
		}
	}
}

// A pause of the stream shorter than reextractTries fetches, before the
// first article and in the middle of the range, does not end the run: every
// article of the range is re-extracted, for a range by sequence and one by
// time.
func TestReextractRidesOutPauses(t *testing.T) {
	b := openBus(t, Config{})
	publishArticles(t, b, "old", 2)
	since := time.Now()
	publishArticles(t, b, "new", 3)
	for _, c := range []struct {
		name string
		r    Range
	}{
		{"from sequence 3", Range{FromSeq: 3}},
		{"since a time", Range{Since: since}},
	} {
		t.Run(c.name, func(t *testing.T) {
			// Four fetches time out before the first article and four
			// after the second: one short of giving up, each time.
			before, after := reextractTries-1, reextractTries-1
			p := &pausedStream{pause: func(read int) bool {
				switch {
				case read == 0 && before > 0:
					before--
					return true
				case read == 2 && after > 0:
					after--
					return true
				}
				return false
			}}
			p.install(t)
			w := &Worker{Bus: b, Extractor: &versioned{version: "v2"}, Version: "v2"}
			n, err := w.Reextract(context.Background(), c.r)
			if err != nil || n != 3 {
				t.Fatalf("reextract: %d articles, %v; want 3", n, err)
			}
			if s := w.Stats(); s.Processed != 3 {
				t.Errorf("processed %d, want 3", s.Processed)
			}
			if _, timeouts := p.counts(); timeouts != 2*(reextractTries-1) {
				t.Errorf("%d fetches timed out, want the %d of the pauses", timeouts, 2*(reextractTries-1))
			}
		})
	}
}

// A stream silent for reextractTries fetches with articles of the range
// left ends the run with an error that says so, not as if the range were
// done.
func TestReextractGivesUpOnALongSilence(t *testing.T) {
	b := openBus(t, Config{})
	publishArticles(t, b, "a", 3)
	p := &pausedStream{pause: func(read int) bool { return read == 1 }}
	p.install(t)
	w := &Worker{Bus: b, Extractor: &versioned{version: "v2"}, Version: "v2"}
	n, err := w.Reextract(context.Background(), Range{})
	if n != 1 || err == nil || !strings.Contains(err.Error(), "sequence 3 not reached") {
		t.Fatalf("reextract: %d articles, %v; want 1 and an error naming sequence 3", n, err)
	}
	if fetches, _ := p.counts(); fetches != 1+reextractTries {
		t.Errorf("%d fetches, want %d", fetches, 1+reextractTries)
	}
}

// A range whose last article was deleted ends after one fetch that brings
// nothing: the stream holds no article of the range past the last one read,
// so the run is done, without waiting out more fetches nor an error.
func TestReextractEndsWhenNothingIsLeftInTheRange(t *testing.T) {
	ctx := context.Background()
	b := openBus(t, Config{})
	publishArticles(t, b, "a", 3)
	s, err := b.JetStream().Stream(ctx, StreamArticles)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteMsg(ctx, 3); err != nil {
		t.Fatal(err)
	}
	if last, _ := b.LastSeq(ctx, StreamArticles); last != 3 {
		t.Fatalf("last sequence %d after deleting the last message, want 3: the test checks nothing", last)
	}
	p := &pausedStream{pause: func(int) bool { return false }}
	p.install(t)
	w := &Worker{Bus: b, Extractor: &versioned{version: "v2"}, Version: "v2"}
	n, err := w.Reextract(ctx, Range{})
	if err != nil || n != 2 {
		t.Fatalf("reextract: %d articles, %v; want 2", n, err)
	}
	if fetches, timeouts := p.counts(); fetches != 3 || timeouts != 1 {
		t.Errorf("%d fetches, %d timed out; want 3 and 1", fetches, timeouts)
	}
}
