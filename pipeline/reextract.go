package pipeline

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// Range selects articles on the ARTICLES stream by sequence or by the time
// they were stored. Zero values mean from the first, to the last (as the
// stream stands when the run starts).
type Range struct {
	FromSeq, ToSeq uint64
	Since          time.Time
}

// Reextract runs the articles of r through the extractor again, as the
// stage does, without touching the "extract" consumer: a newer extractor
// version gives new document and event ids, and document sinks replace what
// they hold for each article. Failures are logged and counted in Stats
// (DeadLettered stays for the stage); it returns how many articles it read.
func (w *Worker) Reextract(ctx context.Context, r Range) (int, error) {
	if w.Log == nil {
		w.Log = slog.New(slog.DiscardHandler)
	}
	stream, err := w.Bus.js.Stream(ctx, StreamArticles)
	if err != nil {
		return 0, fmt.Errorf("reextract: %w", err)
	}
	info := stream.CachedInfo() // fetched by the lookup
	last := info.State.LastSeq
	if r.ToSeq > 0 && r.ToSeq < last {
		last = r.ToSeq
	}
	if last == 0 || r.FromSeq > last || (!r.Since.IsZero() && info.State.LastTime.Before(r.Since)) {
		return 0, nil
	}
	cfg := jetstream.OrderedConsumerConfig{DeliverPolicy: jetstream.DeliverAllPolicy}
	switch {
	case r.FromSeq > 0:
		cfg.DeliverPolicy, cfg.OptStartSeq = jetstream.DeliverByStartSequencePolicy, r.FromSeq
	case !r.Since.IsZero():
		cfg.DeliverPolicy, cfg.OptStartTime = jetstream.DeliverByStartTimePolicy, &r.Since
	}
	cons, err := w.Bus.js.OrderedConsumer(ctx, StreamArticles, cfg)
	if err != nil {
		return 0, fmt.Errorf("reextract: %w", err)
	}
	n := max(w.Concurrency, 1)
	msgs := make(chan jetstream.Msg, n)
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			for msg := range msgs {
				meta, _ := msg.Metadata()
				log := w.Log.With("stream_seq", meta.Sequence.Stream, "reextract", true)
				doc, took, err := w.process(ctx, msg, log)
				if err != nil {
					log.Error("reextract: article failed", "err", err, "subject", msg.Subject())
					w.stats.retried.Add(1)
					continue
				}
				w.record(doc, took)
			}
		})
	}
	read, misses := 0, 0
	var next uint64 // the sequence after the last one read; 0 before the first
	var ferr error
	for {
		msg, err := reextractNext(ctx, cons)
		if err != nil {
			if ctx.Err() != nil {
				ferr = ctx.Err()
				break
			}
			// Nothing came: either the range is read to its end (its last
			// messages deleted, or a time start past them) or the stream
			// paused (a slow server, a leader election). Only the stream
			// can tell which.
			lctx, cancel := context.WithTimeout(ctx, fetchPoll)
			left, lerr := rangeLeft(lctx, stream, cons, next, last)
			cancel()
			if lerr == nil && !left {
				break
			}
			err = errors.Join(err, lerr)
			if misses++; misses >= reextractTries {
				ferr = fmt.Errorf("reextract: no article for %d fetches in a row, %d read, sequence %d not reached: %w", misses, read, last, err)
				break
			}
			w.Log.Warn("reextract: fetch brought nothing, asking again", "err", err, "read", read, "last_seq", last, "attempt", misses)
			if !isFetchTimeout(err) && !errors.Is(err, jetstream.ErrNoMessages) {
				// A failed fetch returns at once: do not ask again at once.
				backoffSleep(ctx, nextBackoff(0))
			}
			continue
		}
		misses = 0
		meta, err := msg.Metadata()
		if err != nil || meta.Sequence.Stream > last {
			break
		}
		next = meta.Sequence.Stream + 1
		read++
		msgs <- msg
		if meta.Sequence.Stream == last {
			break
		}
	}
	close(msgs)
	wg.Wait()
	return read, ferr
}

// reextractTries is how many fetches in a row may bring nothing, with
// articles of the range left on the stream, before Reextract gives up:
// about reextractTries*fetchPoll (10 s) of silence.
const reextractTries = 5

// reextractNext fetches the next article of a re-extraction, waiting at most
// fetchPoll. Tests replace it to make the stream pause.
var reextractNext = func(ctx context.Context, cons jetstream.Consumer) (jetstream.Msg, error) {
	fctx, cancel := context.WithTimeout(ctx, fetchPoll)
	defer cancel()
	return cons.Next(jetstream.FetchContext(fctx))
}

// rangeLeft reports whether the ARTICLES stream still holds an article of
// the range after what was read: one at sequence next or later (next 0:
// where the consumer starts) and at most last.
func rangeLeft(ctx context.Context, stream jetstream.Stream, cons jetstream.Consumer, next, last uint64) (bool, error) {
	if next == 0 {
		// Nothing read yet: the consumer knows where the range starts
		// (a start time resolves to a sequence on the server).
		info, err := cons.Info(ctx)
		if err != nil {
			return false, err
		}
		next = info.Delivered.Stream + 1
	}
	if next > last {
		return false, nil
	}
	m, err := stream.GetMsg(ctx, next, jetstream.WithGetMsgSubject(SubjectArticles+".>"))
	if errors.Is(err, jetstream.ErrMsgNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return m.Sequence <= last, nil
}
