package pipeline

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/herald-news/herald/extractors/schema"
)

// EventSink stores events. A write is durable and idempotent when it returns
// nil: writing the same event id again must not store it twice.
type EventSink interface {
	WriteEvent(ctx context.Context, ev schema.Event) error
}

// DocumentSink stores annotated articles. A write is durable when it returns
// nil, and replaces everything the sink holds for doc.Article.ID, so that
// re-extraction replaces events rather than doubling them.
type DocumentSink interface {
	WriteDocument(ctx context.Context, doc schema.Document) error
}

// SinkConsumer is the durable consumer name of the sink called name.
func SinkConsumer(name string) string { return "sink-" + name }

// sinkRetryDelay is how long a message whose write failed waits before it
// is delivered again.
const sinkRetryDelay = 2 * time.Second

// EventBatchSink is an EventSink that can also write several events at
// once, durably and idempotently, which RunEventSink then prefers: one
// fsync or transaction for all the events that arrived together.
type EventBatchSink interface {
	EventSink
	WriteEvents(ctx context.Context, evs []schema.Event) error
}

// RunEventSink feeds the EVENTS stream to s through the durable consumer
// "sink-"+name, acknowledging each message after s wrote it, until ctx is
// done. A message that is not an event is terminated; a failed write is
// retried after a delay. An EventBatchSink gets the events that arrived
// together in one write.
func RunEventSink(ctx context.Context, bus *Bus, name string, s EventSink) error {
	decode := func(data []byte) (schema.Event, error) {
		var ev schema.Event
		if err := json.Unmarshal(data, &ev); err != nil {
			return ev, permanent(fmt.Errorf("decode event: %w", err))
		}
		if ev.ID == "" {
			return ev, permanent(errors.New("event has no id"))
		}
		return ev, nil
	}
	bs, batched := s.(EventBatchSink)
	if !batched {
		return runSink(ctx, bus, StreamEvents, name, func(ctx context.Context, data []byte) error {
			ev, err := decode(data)
			if err != nil {
				return err
			}
			return s.WriteEvent(ctx, ev)
		})
	}
	return runSinkBatch(ctx, bus, StreamEvents, name, func(ctx context.Context, msgs []jetstream.Msg) []error {
		errs := make([]error, len(msgs))
		var evs []schema.Event
		var at []int
		for i, m := range msgs {
			ev, err := decode(m.Data())
			if err != nil {
				errs[i] = err
				continue
			}
			evs, at = append(evs, ev), append(at, i)
		}
		if len(evs) > 0 {
			if err := bs.WriteEvents(ctx, evs); err != nil {
				for _, i := range at {
					errs[i] = err
				}
			}
		}
		return errs
	})
}

// RunDocumentSink feeds the DOCUMENTS stream to s through the durable
// consumer "sink-"+name, as RunEventSink does events.
func RunDocumentSink(ctx context.Context, bus *Bus, name string, s DocumentSink) error {
	return runSink(ctx, bus, StreamDocuments, name, func(ctx context.Context, data []byte) error {
		var doc schema.Document
		if err := json.Unmarshal(data, &doc); err != nil {
			return permanent(fmt.Errorf("decode document: %w", err))
		}
		if doc.Article.ID == "" {
			return permanent(errors.New("document has no article id"))
		}
		return s.WriteDocument(ctx, doc)
	})
}

// SinkConsumerConfig is the configuration of the durable consumer of the
// sink called name.
func SinkConsumerConfig(name string) jetstream.ConsumerConfig {
	return jetstream.ConsumerConfig{
		Durable:       SinkConsumer(name),
		Description:   "sink " + name,
		DeliverPolicy: jetstream.DeliverAllPolicy,
		AckPolicy:     jetstream.AckExplicitPolicy,
		AckWait:       time.Minute,
		MaxAckPending: 256,
	}
}

func runSink(ctx context.Context, bus *Bus, stream, name string, write func(context.Context, []byte) error) error {
	return runSinkBatch(ctx, bus, stream, name, func(ctx context.Context, msgs []jetstream.Msg) []error {
		errs := make([]error, len(msgs))
		for i, m := range msgs {
			errs[i] = write(ctx, m.Data())
		}
		return errs
	})
}

// runSinkBatch runs a sink's consumer: write gets the messages that arrived
// together and returns one error (or nil) for each; each message is then
// acked, terminated (permanent error) or naked with a delay.
func runSinkBatch(ctx context.Context, bus *Bus, stream, name string, write func(context.Context, []jetstream.Msg) []error) error {
	log := bus.log.With("sink", name, "stream", stream)
	cons, err := bus.js.CreateOrUpdateConsumer(ctx, stream, SinkConsumerConfig(name))
	if err != nil {
		if ctx.Err() != nil {
			return nil
		}
		return fmt.Errorf("sink %s: consumer: %w", name, err)
	}
	log.Info("sink started", "consumer", SinkConsumer(name))
	fetchLoop(ctx, cons, 64, log, func(msgs []jetstream.Msg) {
		// The write runs to its end even when ctx is cancelled meanwhile:
		// nothing half-written.
		wctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
		defer cancel()
		errs := write(wctx, msgs)
		for i, msg := range msgs {
			switch err := errs[i]; {
			case err == nil:
				if aerr := msg.Ack(); aerr != nil {
					log.Warn("sink ack", "err", aerr)
				}
			case isPermanent(err):
				// Kept in the dead-letter stream with the reason, then
				// terminated: nothing is dropped silently.
				meta, merr := msg.Metadata()
				if merr == nil {
					merr = deadLetter(wctx, bus.js, SinkConsumer(name), msg, meta, err.Error())
				}
				if merr != nil {
					log.Error("sink: dead-letter failed, retrying", "subject", msg.Subject(), "err", merr, "reason", err)
					_ = msg.NakWithDelay(sinkRetryDelay)
					continue
				}
				log.Error("sink: message dead-lettered", "subject", msg.Subject(), "reason", err)
				_ = msg.TermWithReason(err.Error())
			default:
				log.Warn("sink write failed; will retry", "subject", msg.Subject(), "err", err)
				_ = msg.NakWithDelay(sinkRetryDelay)
			}
		}
	})
	return nil
}

// SetupSink creates or updates the durable consumer of the sink called name
// on stream (StreamEvents or StreamDocuments), so that it exists, and keeps
// what arrives from now on, before the sink first runs.
func (b *Bus) SetupSink(ctx context.Context, stream, name string) error {
	if _, err := b.js.CreateOrUpdateConsumer(ctx, stream, SinkConsumerConfig(name)); err != nil {
		return fmt.Errorf("sink %s: consumer: %w", name, err)
	}
	return nil
}
