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

// A message whose write failed is delivered again after a delay that
// starts at retryFirst and doubles with each delivery up to retryMax: a
// sink's consumer has no MaxDeliver, so a database outage loses nothing
// and sends nothing to the DLQ, and the sink asks again at most every
// retryMax. From its sinkStuckDeliveries-th delivery on (about four minutes
// of failures with the defaults) a failed write is logged at Error level
// with its delivery count, so that a stuck message shows. The extraction
// stage's transient failures are retried with the same defaults
// (Worker.RetryDelay sets its first delay).
const (
	retryFirst          = 2 * time.Second
	retryMax            = 5 * time.Minute
	sinkStuckDeliveries = 8
)

// redeliveryDelay is the delay before the next delivery of a message whose
// handling (a sink's write, an extraction) failed at its delivered-th
// delivery: first, doubled at each delivery after the first, at most limit.
func redeliveryDelay(first, limit time.Duration, delivered uint64) time.Duration {
	d := first
	for i := uint64(1); i < delivered && d < limit; i++ {
		if d > limit/2 {
			return limit
		}
		d *= 2
	}
	return min(d, limit)
}

// SinkResult is what became of one message given to a sink.
type SinkResult string

// The results a sink observer is told (see WithSinkObserver).
const (
	// SinkWritten: the sink wrote the message (it is then acked).
	SinkWritten SinkResult = "ok"
	// SinkRetried: the write failed; the message is delivered again later.
	SinkRetried SinkResult = "retry"
	// SinkDeadLettered: the message is not one the sink can read; it went
	// to the sink's dead-letter subject and was terminated.
	SinkDeadLettered SinkResult = "dead"
)

// SinkOption changes how RunEventSink and RunDocumentSink run a sink.
type SinkOption func(*sinkOptions)

type sinkOptions struct {
	retryFirst, retryMax time.Duration
	observe              func(sink string, r SinkResult)
}

// WithSinkRetry sets the delay before a message whose write failed is
// delivered again: first after its first delivery, doubled at each delivery
// after, at most limit (defaults 2 s and 5 min).
func WithSinkRetry(first, limit time.Duration) SinkOption {
	return func(o *sinkOptions) {
		if first > 0 {
			o.retryFirst = first
		}
		if limit > 0 {
			o.retryMax = limit
		}
	}
}

// WithSinkObserver has observe called with the sink's name and what became
// of each message it was given; metrics use it. It is called from the
// sink's one goroutine, once per message (an EventBatchSink's batch counts
// each of its events).
func WithSinkObserver(observe func(sink string, r SinkResult)) SinkOption {
	return func(o *sinkOptions) { o.observe = observe }
}

func newSinkOptions(opts []SinkOption) sinkOptions {
	o := sinkOptions{retryFirst: retryFirst, retryMax: retryMax}
	for _, f := range opts {
		f(&o)
	}
	if o.observe == nil {
		o.observe = func(string, SinkResult) {}
	}
	return o
}

// EventBatchSink is an EventSink that can also write several events at
// once, durably and idempotently, which RunEventSink then prefers: one
// fsync or transaction for all the events that arrived together.
type EventBatchSink interface {
	EventSink
	WriteEvents(ctx context.Context, evs []schema.Event) error
}

// RunEventSink feeds the EVENTS stream to s through the durable consumer
// "sink-"+name, acknowledging each message after s wrote it, until ctx is
// done. A message that is not an event is dead-lettered and terminated; a
// failed write is retried after a delay that grows with the message's
// deliveries (WithSinkRetry). An EventBatchSink gets the events that
// arrived together in one write.
func RunEventSink(ctx context.Context, bus *Bus, name string, s EventSink, opts ...SinkOption) error {
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
		return runSink(ctx, bus, StreamEvents, name, opts, func(ctx context.Context, data []byte) error {
			ev, err := decode(data)
			if err != nil {
				return err
			}
			return s.WriteEvent(ctx, ev)
		})
	}
	return runSinkBatch(ctx, bus, StreamEvents, name, opts, func(ctx context.Context, msgs []jetstream.Msg) []error {
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
func RunDocumentSink(ctx context.Context, bus *Bus, name string, s DocumentSink, opts ...SinkOption) error {
	return runSink(ctx, bus, StreamDocuments, name, opts, func(ctx context.Context, data []byte) error {
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

func runSink(ctx context.Context, bus *Bus, stream, name string, opts []SinkOption, write func(context.Context, []byte) error) error {
	return runSinkBatch(ctx, bus, stream, name, opts, func(ctx context.Context, msgs []jetstream.Msg) []error {
		errs := make([]error, len(msgs))
		for i, m := range msgs {
			errs[i] = write(ctx, m.Data())
		}
		return errs
	})
}

// runSinkBatch runs a sink's consumer: write gets the messages that arrived
// together and returns one error (or nil) for each; each message is then
// acked, terminated (permanent error) or naked with a delay that grows with
// its deliveries.
func runSinkBatch(ctx context.Context, bus *Bus, stream, name string, opts []SinkOption, write func(context.Context, []jetstream.Msg) []error) error {
	o := newSinkOptions(opts)
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
			err := errs[i]
			if err == nil {
				// Written, whatever becomes of the ack: a lost ack only
				// means one more (idempotent) write.
				o.observe(name, SinkWritten)
				if aerr := msg.Ack(); aerr != nil {
					log.Warn("sink ack", "err", aerr)
				}
				continue
			}
			meta, merr := msg.Metadata()
			var seq, delivered uint64 = 0, 1
			if merr == nil {
				seq, delivered = meta.Sequence.Stream, meta.NumDelivered
			}
			retry := redeliveryDelay(o.retryFirst, o.retryMax, delivered)
			attrs := []any{"subject", msg.Subject(), "stream_seq", seq, "delivery", delivered}
			if isPermanent(err) {
				// Kept in the dead-letter stream with the reason, then
				// terminated: nothing is dropped silently.
				if merr == nil {
					merr = deadLetter(wctx, bus.js, SinkConsumer(name), msg, meta, err.Error())
				}
				if merr != nil {
					log.Error("sink: dead-letter failed, retrying", append(attrs, "err", merr, "reason", err, "retry_in", retry)...)
					o.observe(name, SinkRetried)
					_ = msg.NakWithDelay(retry)
					continue
				}
				log.Error("sink: message dead-lettered", append(attrs, "reason", err)...)
				o.observe(name, SinkDeadLettered)
				_ = msg.TermWithReason(err.Error())
				continue
			}
			attrs = append(attrs, "err", err, "retry_in", retry)
			if delivered >= sinkStuckDeliveries {
				log.Error("sink write keeps failing; will retry", attrs...)
			} else {
				log.Warn("sink write failed; will retry", attrs...)
			}
			o.observe(name, SinkRetried)
			_ = msg.NakWithDelay(retry)
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
