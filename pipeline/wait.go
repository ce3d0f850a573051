package pipeline

import (
	"context"
	"fmt"
	"time"
)

// LastSeq is the sequence of the last message on stream (0 when empty).
func (b *Bus) LastSeq(ctx context.Context, stream string) (uint64, error) {
	// Looking the stream up fetches its info: no second request.
	s, err := b.js.Stream(ctx, stream)
	if err != nil {
		return 0, fmt.Errorf("stream %s: %w", stream, err)
	}
	return s.CachedInfo().State.LastSeq, nil
}

// WaitAcked polls the durable consumer until every message of stream up to
// sequence upTo is acknowledged (or terminated), that is until its ack floor
// reaches upTo, or ctx is done. progress, when not nil, is called with the
// ack floor after each poll.
func (b *Bus) WaitAcked(ctx context.Context, stream, consumer string, upTo uint64, progress func(floor uint64)) error {
	if upTo == 0 {
		return nil
	}
	c, err := b.js.Consumer(ctx, stream, consumer)
	if err != nil {
		return fmt.Errorf("consumer %s on %s: %w", consumer, stream, err)
	}
	info := c.CachedInfo() // fetched by the lookup: the first poll
	t := time.NewTicker(50 * time.Millisecond)
	defer t.Stop()
	for {
		if progress != nil {
			progress(info.AckFloor.Stream)
		}
		if info.AckFloor.Stream >= upTo {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("waiting for %s on %s to reach %d (at %d): %w", consumer, stream, upTo, info.AckFloor.Stream, ctx.Err())
		case <-t.C:
		}
		if info, err = c.Info(ctx); err != nil {
			return fmt.Errorf("consumer %s on %s: %w", consumer, stream, err)
		}
	}
}
