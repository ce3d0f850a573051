package pipeline

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/herald-news/herald/extractors"
	"github.com/herald-news/herald/extractors/schema"
)

// Extractor is what the extraction stage needs: an article in, the
// annotated article out. *extractors.Extractor is one.
type Extractor interface {
	Extract(schema.Article) (schema.Document, error)
}

// StageExtract names the extraction stage on dead-letter subjects.
const StageExtract = "extract"

// Dead-letter headers. The message body is the original message's.
const (
	HeaderDLQReason     = "Herald-Dlq-Reason"
	HeaderDLQStage      = "Herald-Dlq-Stage"
	HeaderDLQSubject    = "Herald-Dlq-Subject"
	HeaderDLQSequence   = "Herald-Dlq-Sequence"
	HeaderDLQDeliveries = "Herald-Dlq-Deliveries"
)

// Worker is the extraction stage: it takes articles from the durable
// consumer "extract", extracts them, publishes the document and each event,
// and acknowledges the article once every publish is confirmed.
type Worker struct {
	Bus       *Bus
	Extractor Extractor
	// Version is the extractor version, in the document's Nats-Msg-Id.
	Version string
	Log     *slog.Logger
	// Concurrency is how many articles are extracted at once (default 2).
	Concurrency int
	// RetryDelay is the first delay before a transient failure is retried;
	// it doubles with each delivery up to 5 minutes (default 2s).
	RetryDelay time.Duration
	// Observe, when set, is called for every article acknowledged, with its
	// document and the time its extraction took; metrics use it. It is
	// called from the worker's goroutines and must be safe for concurrent
	// use.
	Observe func(doc schema.Document, took time.Duration)

	stats workerStats

	// afterPublish, when set, is called after the publishes and before the
	// ack; a non-nil error makes the worker leave the message unacknowledged,
	// as a worker that dies there would. Tests only.
	afterPublish func(ctx context.Context, msg jetstream.Msg) error
}

type workerStats struct {
	processed, events, retried, deadLettered atomic.Int64
}

// Stats counts what a worker did since it started.
type Stats struct {
	Processed    int64 // articles acknowledged after extraction
	Events       int64 // events published
	Retried      int64 // transient failures, delivered again later
	DeadLettered int64 // messages sent to the dead-letter stream
}

// record counts one article processed to its end.
func (w *Worker) record(doc schema.Document, took time.Duration) {
	w.stats.processed.Add(1)
	w.stats.events.Add(int64(len(doc.Events)))
	if w.Observe != nil {
		w.Observe(doc, took)
	}
}

// Stats reports the worker's counters.
func (w *Worker) Stats() Stats {
	return Stats{
		Processed:    w.stats.processed.Load(),
		Events:       w.stats.events.Load(),
		Retried:      w.stats.retried.Load(),
		DeadLettered: w.stats.deadLettered.Load(),
	}
}

// Run processes articles until ctx is done. An article being processed when
// ctx is cancelled is finished (published and acknowledged) first.
func (w *Worker) Run(ctx context.Context) error {
	if w.Log == nil {
		w.Log = slog.New(slog.DiscardHandler)
	}
	n := w.Concurrency
	if n <= 0 {
		n = 2
	}
	cons, err := w.Bus.js.Consumer(ctx, StreamArticles, ConsumerExtract)
	if err != nil {
		if ctx.Err() != nil {
			return nil
		}
		return fmt.Errorf("extract stage: consumer %s (run Setup first): %w", ConsumerExtract, err)
	}
	w.Log.Info("extract stage started", "concurrency", n)
	var wg sync.WaitGroup
	// Deliveries that all timed out (a worker that crashed or hung on the
	// article each time) end without a worker seeing the last one: the
	// server's advisory says so, and the article goes to the DLQ from here.
	adv := make(chan *nats.Msg, 64)
	sub, err := w.Bus.nc.ChanSubscribe(maxDeliveriesAdvisory, adv)
	if err != nil {
		return fmt.Errorf("extract stage: subscribe to %s: %w", maxDeliveriesAdvisory, err)
	}
	defer sub.Unsubscribe()
	wg.Go(func() {
		for {
			select {
			case <-ctx.Done():
				return
			case m := <-adv:
				w.deadLetterExhausted(ctx, m.Data)
			}
		}
	})
	for range n {
		wg.Go(func() {
			fetchLoop(ctx, cons, 1, w.Log, func(msgs []jetstream.Msg) {
				for _, msg := range msgs {
					w.handle(ctx, msg)
				}
			})
		})
	}
	wg.Wait()
	return nil
}

// fetchPoll bounds one pull request: how long a fetch waits for messages
// before it asks again, and so how long a stopping stage waits for its
// pending pull request to run out (see fetchLoop).
const fetchPoll = 2 * time.Second

// Back-off after a failed fetch (not a timeout: an idle stream is no
// failure): the first delay, doubled at each failure in a row up to
// fetchBackoffMax, reset by a fetch that succeeds. During a cluster's
// leader election a fetch fails at once; without it the stage would ask
// again every millisecond.
const (
	fetchBackoffFirst = time.Second
	fetchBackoffMax   = 10 * time.Second
)

// backoffSleep waits d or until ctx is done. Tests replace it to see the
// delays without waiting them.
var backoffSleep = func(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}

// nextBackoff is the delay after one more failure in a row, prev being the
// last delay (0 after a success).
func nextBackoff(prev time.Duration) time.Duration {
	if prev <= 0 {
		return fetchBackoffFirst
	}
	return min(2*prev, fetchBackoffMax)
}

// fetchLoop pulls up to batch messages at a time from cons and hands them
// to handle, in order, until ctx is done: each message as soon as it
// arrives, together with those that arrived meanwhile (at most batch).
//
// It makes bounded pull requests (Fetch) rather than using a long-lived
// Messages iterator: each request ends and is made again, so a lost pull
// cannot leave the stage idle with messages pending.
//
// A pull request stays open on the server after the client gives up on it,
// and a message the server sends to it then would wait out AckWait before
// anyone gets it again. So a pull request is not cancelled when ctx is
// done: the loop lets it run out (at most fetchPoll) and naks what arrives
// after the stop with a delay of fetchPoll, so that it is delivered again
// (one delivery counted) as soon as this request is over rather than after
// AckWait.
func fetchLoop(ctx context.Context, cons jetstream.Consumer, batch int, log *slog.Logger, handle func([]jetstream.Msg)) {
	var backoff time.Duration
	for ctx.Err() == nil {
		err := fetchOnce(ctx, cons, batch, log, handle)
		if err == nil || isFetchTimeout(err) {
			backoff = 0
			continue
		}
		if ctx.Err() != nil {
			return
		}
		backoff = nextBackoff(backoff)
		log.Warn("fetch failed; asking again later", "err", err, "retry_in", backoff)
		backoffSleep(ctx, backoff)
	}
}

// fetchOnce makes one pull request and handles what it brings, naking what
// arrives once ctx is done. It returns the request's error.
func fetchOnce(ctx context.Context, cons jetstream.Consumer, batch int, log *slog.Logger, handle func([]jetstream.Msg)) error {
	fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), fetchPoll)
	defer cancel()
	b, err := cons.Fetch(batch, jetstream.FetchContext(fctx))
	if err != nil {
		return err
	}
	msgs := b.Messages()
	for msg := range msgs {
		ready := []jetstream.Msg{msg}
	more:
		for len(ready) < batch {
			select {
			case m, ok := <-msgs:
				if !ok {
					break more
				}
				ready = append(ready, m)
			default:
				break more
			}
		}
		if ctx.Err() != nil {
			// Delayed past this request's end: a plain nak would have the
			// server send the message straight back to this same request.
			for _, m := range ready {
				if err := m.NakWithDelay(fetchPoll); err != nil {
					log.Warn("nak after stop", "subject", m.Subject(), "err", err)
				}
			}
			continue
		}
		handle(ready)
	}
	return b.Error()
}

// isFetchTimeout reports whether a pull request ended because it ran out of
// time, the normal end of a request on an idle stream.
func isFetchTimeout(err error) bool {
	return errors.Is(err, context.DeadlineExceeded) || errors.Is(err, nats.ErrTimeout)
}

// handle processes one delivery to its end: ack, nak with delay, or
// dead-letter and term.
func (w *Worker) handle(ctx context.Context, msg jetstream.Msg) {
	meta, err := msg.Metadata()
	if err != nil {
		w.Log.Error("extract stage: message without metadata", "subject", msg.Subject(), "err", err)
		_ = msg.Term()
		return
	}
	log := w.Log.With("stream_seq", meta.Sequence.Stream, "delivery", meta.NumDelivered)
	// Finish what was started even when ctx is cancelled now. The
	// extraction has no deadline (it keeps the message in progress); the
	// publishes and the ack after it have AckWait each.
	pctx := context.WithoutCancel(ctx)
	doc, took, err := w.process(pctx, msg, log)
	pctx, cancel := context.WithTimeout(pctx, w.Bus.cfg.AckWait)
	defer cancel()
	if err == nil && w.afterPublish != nil {
		if herr := w.afterPublish(ctx, msg); herr != nil {
			log.Warn("extract stage stopped before ack", "err", herr)
			return
		}
	}
	if err == nil {
		if err := msg.DoubleAck(pctx); err != nil {
			// The publishes stand; the article will be redelivered and
			// give the same ids, which the streams and sinks de-duplicate.
			log.Warn("extract stage ack", "err", err)
			return
		}
		w.record(doc, took)
		return
	}
	perm := isPermanent(err)
	last := meta.NumDelivered >= uint64(w.Bus.cfg.MaxDeliver)
	if !perm && !last {
		delay := w.retryDelay(meta.NumDelivered)
		log.Warn("extract stage: transient failure, retrying", "err", err, "retry_in", delay)
		w.stats.retried.Add(1)
		_ = msg.NakWithDelay(delay)
		return
	}
	reason := err.Error()
	if !perm {
		reason = fmt.Sprintf("failed %d deliveries: %v", meta.NumDelivered, err)
	}
	tries := 1
	if last {
		// At the last delivery a nak brings no new one: the server gives
		// up on the message, and its advisory dead-letters it without the
		// reason. So the dead letter is tried again here first.
		tries = deadLetterTries
	}
	if derr := w.deadLetterTrying(context.WithoutCancel(ctx), msg, meta, reason, tries); derr != nil {
		log.Error("extract stage: dead-letter failed, retrying", "err", derr, "reason", reason)
		_ = msg.NakWithDelay(w.retryDelay(meta.NumDelivered))
		return
	}
	log.Error("extract stage: article dead-lettered", "reason", reason, "subject", msg.Subject())
	w.stats.deadLettered.Add(1)
	_ = msg.TermWithReason(reason)
}

// deadLetterTries is how many times the stage publishes the dead letter of
// a message at its last delivery before leaving it to the server's
// advisory.
const deadLetterTries = 5

// deadLetterTrying publishes the dead letter of msg, up to tries times,
// each with AckWait to succeed, keeping msg in progress in between.
func (w *Worker) deadLetterTrying(ctx context.Context, msg jetstream.Msg, meta *jetstream.MsgMetadata, reason string, tries int) error {
	pause := 100 * time.Millisecond
	var err error
	for i := 0; i < tries; i++ {
		if i > 0 {
			_ = msg.InProgress()
			time.Sleep(pause)
			pause *= 2
		}
		dctx, cancel := context.WithTimeout(ctx, w.Bus.cfg.AckWait)
		err = deadLetter(dctx, w.Bus.js, StageExtract, msg, meta, reason)
		cancel()
		if err == nil {
			return nil
		}
	}
	return err
}

func (w *Worker) retryDelay(delivered uint64) time.Duration {
	first := w.RetryDelay
	if first <= 0 {
		first = retryFirst
	}
	return redeliveryDelay(first, retryMax, delivered)
}

// process extracts one article and publishes the document and its events,
// waiting for every acknowledgement. It returns the document and the time
// its extraction took.
func (w *Worker) process(ctx context.Context, msg jetstream.Msg, log *slog.Logger) (schema.Document, time.Duration, error) {
	var none schema.Document
	var a schema.Article
	if err := json.Unmarshal(msg.Data(), &a); err != nil {
		return none, 0, permanent(fmt.Errorf("decode article: %w", err))
	}
	a.ID = ArticleID(a) // its own id when it has one
	start := time.Now()
	doc, err := w.extract(ctx, msg, a)
	took := time.Since(start)
	if err != nil {
		return none, 0, err
	}
	ctx, cancel := context.WithTimeout(ctx, w.Bus.cfg.AckWait)
	defer cancel()
	data, err := json.Marshal(doc)
	if err != nil {
		return none, 0, permanent(fmt.Errorf("encode document: %w", err))
	}
	dmsg := &nats.Msg{Subject: DocumentSubject(doc.Article), Data: data, Header: nats.Header{}}
	dmsg.Header.Set(HeaderArticleID, doc.Article.ID)
	futures := make([]jetstream.PubAckFuture, 0, len(doc.Events)+1)
	f, err := w.Bus.js.PublishMsgAsync(dmsg, jetstream.WithMsgID("doc:"+doc.Article.ID+":"+w.Version))
	if err != nil {
		return none, 0, fmt.Errorf("publish document: %w", err)
	}
	futures = append(futures, f)
	for _, ev := range doc.Events {
		if ev.ID == "" {
			return none, 0, permanent(fmt.Errorf("event %q of type %q has no id", ev.Label, ev.Type))
		}
		if ev.ArticleID == "" {
			ev.ArticleID = doc.Article.ID
		}
		if ev.Published.IsZero() {
			ev.Published = doc.Article.Published
		}
		data, err := json.Marshal(ev)
		if err != nil {
			return none, 0, permanent(fmt.Errorf("encode event: %w", err))
		}
		f, err := w.Bus.js.PublishMsgAsync(&nats.Msg{Subject: EventSubject(ev), Data: data}, jetstream.WithMsgID(ev.ID))
		if err != nil {
			return none, 0, fmt.Errorf("publish event: %w", err)
		}
		futures = append(futures, f)
	}
	for _, f := range futures {
		select {
		case <-f.Ok():
		case err := <-f.Err():
			return none, 0, fmt.Errorf("publish %s: %w", f.Msg().Subject, err)
		case <-ctx.Done():
			return none, 0, fmt.Errorf("waiting for publish acks: %w", ctx.Err())
		}
	}
	log.Debug("article extracted", "article_id", doc.Article.ID, "events", len(doc.Events), "people", len(doc.People))
	return doc, took, nil
}

// extract runs the extractor, telling the server the message is in progress
// while it runs so that a slow article is not redelivered meanwhile. A
// panic in an extractor is a permanent failure of that article.
func (w *Worker) extract(ctx context.Context, msg jetstream.Msg, a schema.Article) (doc schema.Document, err error) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		t := time.NewTicker(max(w.Bus.cfg.AckWait/3, 100*time.Millisecond))
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-ctx.Done():
				return
			case <-t.C:
				_ = msg.InProgress()
			}
		}
	})
	defer wg.Wait()
	defer close(done)
	defer func() {
		if r := recover(); r != nil {
			err = permanent(fmt.Errorf("extractor panicked: %v", r))
		}
	}()
	doc, err = w.Extractor.Extract(a)
	if err != nil {
		return doc, fmt.Errorf("extract article %s: %w", a.ID, err)
	}
	return doc, nil
}

// maxDeliveriesAdvisory is the subject of the server's advisory for an
// article of the extraction stage that reached MaxDeliver.
const maxDeliveriesAdvisory = "$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES." + StreamArticles + "." + ConsumerExtract

// deadLetterExhausted copies the article an advisory names to the DLQ. Every
// worker process gets the advisory; the DLQ's Nats-Msg-Id keeps one copy.
func (w *Worker) deadLetterExhausted(ctx context.Context, data []byte) {
	var adv struct {
		StreamSeq  uint64 `json:"stream_seq"`
		Deliveries uint64 `json:"deliveries"`
	}
	if err := json.Unmarshal(data, &adv); err != nil || adv.StreamSeq == 0 {
		w.Log.Warn("extract stage: unreadable max-deliveries advisory", "err", err)
		return
	}
	stream, err := w.Bus.js.Stream(ctx, StreamArticles)
	if err != nil {
		w.Log.Error("extract stage: dead-letter after max deliveries", "stream_seq", adv.StreamSeq, "err", err)
		return
	}
	raw, err := stream.GetMsg(ctx, adv.StreamSeq)
	if err != nil {
		w.Log.Error("extract stage: dead-letter after max deliveries", "stream_seq", adv.StreamSeq, "err", err)
		return
	}
	reason := fmt.Sprintf("no acknowledgement after %d deliveries (a worker crashed, hung or timed out on it each time)", adv.Deliveries)
	d := dlqMsg(StageExtract, raw.Subject, raw.Header, raw.Data, reason, adv.StreamSeq, adv.Deliveries)
	if _, err := w.Bus.js.PublishMsg(ctx, d, jetstream.WithMsgID(dlqID(StageExtract, StreamArticles, adv.StreamSeq))); err != nil {
		w.Log.Error("extract stage: dead-letter after max deliveries", "stream_seq", adv.StreamSeq, "err", err)
		return
	}
	w.Log.Error("extract stage: article dead-lettered", "reason", reason, "subject", raw.Subject, "stream_seq", adv.StreamSeq)
	w.stats.deadLettered.Add(1)
}

// deadLetter publishes msg, which stage gives up on, to the dead-letter
// subject of that stage with the reason.
func deadLetter(ctx context.Context, js jetstream.JetStream, stage string, msg jetstream.Msg, meta *jetstream.MsgMetadata, reason string) error {
	d := dlqMsg(stage, msg.Subject(), msg.Headers(), msg.Data(), reason, meta.Sequence.Stream, meta.NumDelivered)
	_, err := js.PublishMsg(ctx, d, jetstream.WithMsgID(dlqID(stage, meta.Stream, meta.Sequence.Stream)))
	return err
}

// dlqMsg is the dead letter of a message a stage gave up on.
func dlqMsg(stage, subject string, h nats.Header, data []byte, reason string, seq, deliveries uint64) *nats.Msg {
	d := &nats.Msg{Subject: SubjectDLQ + "." + stage, Data: data, Header: nats.Header{}}
	for k, v := range h {
		// Nats-* headers (message id, expected stream) were meant for the
		// original publish.
		if !strings.HasPrefix(k, "Nats-") {
			d.Header[k] = v
		}
	}
	d.Header.Set(HeaderDLQReason, reason)
	d.Header.Set(HeaderDLQStage, stage)
	d.Header.Set(HeaderDLQSubject, subject)
	d.Header.Set(HeaderDLQSequence, strconv.FormatUint(seq, 10))
	d.Header.Set(HeaderDLQDeliveries, strconv.FormatUint(deliveries, 10))
	return d
}

// dlqID de-duplicates dead letters: one per stream message.
func dlqID(stage, stream string, seq uint64) string {
	return "dlq:" + stage + ":" + stream + ":" + strconv.FormatUint(seq, 10)
}

// errPermanent marks a failure that no retry can mend.
var errPermanent = errors.New("permanent failure")

type permanentError struct{ err error }

func (e permanentError) Error() string   { return e.err.Error() }
func (e permanentError) Unwrap() []error { return []error{e.err, errPermanent} }

// permanent marks err as one that no retry can mend.
func permanent(err error) error { return permanentError{err} }

// isPermanent classifies a stage failure: true when retrying the same
// message cannot succeed (undecodable input, an article with no text, an
// extractor panic, an output too large to publish), false for failures of
// the bus (timeouts, no responders, a closed connection), which a later
// delivery may not meet.
func isPermanent(err error) bool {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.Is(err, errPermanent),
		errors.Is(err, extractors.ErrEmpty),
		errors.Is(err, nats.ErrMaxPayload),
		errors.As(err, &syntax),
		errors.As(err, &typ):
		return true
	}
	return false
}
