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
	info, err := stream.Info(ctx)
	if err != nil {
		return 0, fmt.Errorf("reextract: %w", err)
	}
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
	read := 0
	var ferr error
	for {
		// A time start may begin past the end: the stream's last message
		// is then older than Since, and there is nothing to read.
		fctx, cancel := context.WithTimeout(ctx, fetchPoll)
		msg, err := cons.Next(jetstream.FetchContext(fctx))
		cancel()
		if err != nil {
			if ctx.Err() != nil {
				ferr = ctx.Err()
			} else if !errors.Is(err, context.DeadlineExceeded) && !errors.Is(err, jetstream.ErrNoMessages) {
				ferr = fmt.Errorf("reextract: %w", err)
			}
			break
		}
		meta, err := msg.Metadata()
		if err != nil || meta.Sequence.Stream > last {
			break
		}
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
