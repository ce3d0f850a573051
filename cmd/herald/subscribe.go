package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/herald-news/herald/extractors/schema"
	"github.com/herald-news/herald/pipeline"
	"github.com/herald-news/herald/pipeline/archive"
)

func init() {
	registerCommand(&command{
		Name:    "subscribe",
		Summary: "print events as they arrive (filters by type, person, treaty; from new, all or a time)",
		Run:     runSubscribe,
	})
}

// eventFilter keeps the events a subscriber asked for.
type eventFilter struct {
	people, treaties []string // lower case; an event matches one of each list given
}

func (f eventFilter) match(ev schema.Event) bool {
	return matchAny(f.people, ev.People) && matchAny(f.treaties, ev.Treaties)
}

// matchAny reports whether one of the wanted names is part of one of the
// event's names, ignoring case ("lavrov" matches "Sergei Lavrov"). An empty
// list matches everything.
func matchAny(want, have []string) bool {
	if len(want) == 0 {
		return true
	}
	for _, h := range have {
		h = strings.ToLower(h)
		for _, w := range want {
			if strings.Contains(h, w) {
				return true
			}
		}
	}
	return false
}

func splitList(s string, lower bool) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			if lower {
				p = strings.ToLower(p)
			}
			out = append(out, p)
		}
	}
	return out
}

func runSubscribe(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "subscribe", "")
	cfg := natsFlags(fs)
	asJSON := fs.Bool("json", false, "print each event as its raw JSON line")
	types := fs.String("type", "", "only these event types (comma-separated: meeting,talks,...)")
	person := fs.String("person", "", "only events naming one of these people (comma-separated, part of the name, any case)")
	treaty := fs.String("treaty", "", "only events naming one of these treaties (comma-separated, part of the name, any case)")
	from := fs.String("from", "new", "where to start: new (events from now on) or all")
	since := fs.String("since", "", "start with the events stored since TIME (RFC 3339, YYYY-MM-DD, or a duration ago such as 2h)")
	durable := fs.String("durable", "", "a named subscription (consumer sub-NAME) that resumes where it left off")
	idle := fs.Duration("idle", 0, "exit when no event arrived for this long (0: wait for ever)")
	dlq := fs.Bool("dlq", false, "print the dead letters (articles a stage gave up on, with the reason) instead of events")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	cc := jetstream.ConsumerConfig{AckPolicy: jetstream.AckExplicitPolicy}
	switch {
	case *since != "":
		t, err := parseSince(*since, time.Now())
		if err != nil {
			fmt.Fprintf(e.Stderr, "herald subscribe: --since: %v\n", err)
			return errUsage
		}
		cc.DeliverPolicy, cc.OptStartTime = jetstream.DeliverByStartTimePolicy, &t
	case *from == "new":
		cc.DeliverPolicy = jetstream.DeliverNewPolicy
	case *from == "all":
		cc.DeliverPolicy = jetstream.DeliverAllPolicy
	default:
		fmt.Fprintf(e.Stderr, "herald subscribe: --from must be new or all, not %q\n", *from)
		return errUsage
	}
	for _, t := range splitList(*types, true) {
		cc.FilterSubjects = append(cc.FilterSubjects, pipeline.SubjectEvents+"."+pipeline.Token(t))
	}
	filter := eventFilter{people: splitList(*person, true), treaties: splitList(*treaty, true)}

	bus, err := openBus(ctx, *cfg, e.Log)
	if err != nil {
		return err
	}
	defer bus.Close()
	js := bus.JetStream()
	stream := pipeline.StreamEvents
	if *dlq {
		stream, cc.FilterSubjects = pipeline.StreamDLQ, nil
	}
	var cons jetstream.Consumer
	if *durable != "" {
		cc.Durable = "sub-" + pipeline.Token(*durable)
		cc.Description = "herald subscribe --durable " + *durable
		// An existing subscription resumes: its start is not changed.
		cons, err = js.Consumer(ctx, stream, cc.Durable)
		if errors.Is(err, jetstream.ErrConsumerNotFound) {
			cons, err = js.CreateConsumer(ctx, stream, cc)
		}
	} else {
		cons, err = js.OrderedConsumer(ctx, stream, jetstream.OrderedConsumerConfig{
			FilterSubjects: cc.FilterSubjects, DeliverPolicy: cc.DeliverPolicy, OptStartTime: cc.OptStartTime,
		})
	}
	if err != nil {
		return fmt.Errorf("subscribe: %w", err)
	}
	it, err := cons.Messages()
	if err != nil {
		return fmt.Errorf("subscribe: %w", err)
	}
	defer it.Stop()
	out := bufio.NewWriter(e.Stdout)
	defer out.Flush()
	for {
		nctx, cancel := ctx, context.CancelFunc(func() {})
		if *idle > 0 {
			nctx, cancel = context.WithTimeout(ctx, *idle)
		}
		msg, err := it.Next(jetstream.NextContext(nctx))
		cancel()
		if err != nil {
			if ctx.Err() != nil || errors.Is(err, context.DeadlineExceeded) {
				return nil
			}
			return fmt.Errorf("subscribe: %w", err)
		}
		var ev schema.Event
		if *dlq {
			writeDeadLetter(out, msg, *asJSON)
			if err := out.Flush(); err != nil {
				return err
			}
		} else if err := json.Unmarshal(msg.Data(), &ev); err != nil {
			e.Log.Warn("not an event", "subject", msg.Subject(), "err", err)
		} else if filter.match(ev) {
			if *asJSON {
				out.Write(msg.Data())
				out.WriteByte('\n')
			} else {
				writeEventLine(out, ev)
			}
			if err := out.Flush(); err != nil {
				return err
			}
		}
		if *durable != "" {
			if err := msg.DoubleAck(ctx); err != nil {
				return fmt.Errorf("subscribe: ack: %w", err)
			}
		}
	}
}

// writeDeadLetter prints a dead letter: its stage, the original subject
// and sequence, deliveries, the article id and the reason; with asJSON, an
// object with those and the original message.
func writeDeadLetter(w io.Writer, msg jetstream.Msg, asJSON bool) {
	h := msg.Headers()
	if asJSON {
		b, _ := json.Marshal(struct {
			Stage      string          `json:"stage"`
			Subject    string          `json:"subject"`
			Sequence   string          `json:"sequence"`
			Deliveries string          `json:"deliveries"`
			ArticleID  string          `json:"article_id,omitempty"`
			Reason     string          `json:"reason"`
			Message    json.RawMessage `json:"message,omitempty"`
		}{h.Get(pipeline.HeaderDLQStage), h.Get(pipeline.HeaderDLQSubject), h.Get(pipeline.HeaderDLQSequence),
			h.Get(pipeline.HeaderDLQDeliveries), h.Get(pipeline.HeaderArticleID), h.Get(pipeline.HeaderDLQReason), validJSON(msg.Data())})
		w.Write(append(b, '\n'))
		return
	}
	id := h.Get(pipeline.HeaderArticleID)
	if id == "" {
		id = "-"
	}
	fmt.Fprintf(w, "%s  %s #%s  %s deliveries  article %s  %s\n", h.Get(pipeline.HeaderDLQStage), h.Get(pipeline.HeaderDLQSubject),
		h.Get(pipeline.HeaderDLQSequence), h.Get(pipeline.HeaderDLQDeliveries), id, h.Get(pipeline.HeaderDLQReason))
}

// validJSON is b when it is JSON, else b as a JSON string.
func validJSON(b []byte) json.RawMessage {
	if json.Valid(b) {
		return b
	}
	s, _ := json.Marshal(string(b))
	return s
}

// parseSince reads an absolute time or a duration before now.
func parseSince(s string, now time.Time) (time.Time, error) {
	if d, err := time.ParseDuration(s); err == nil {
		return now.Add(-d), nil
	}
	return archive.ParseTime(s)
}

// writeEventLine prints an event as one readable line:
//
//	2019-01-15  meeting  Geneva meeting, January 15  [United States, Russia]  people: Andrea Thompson  treaties: INF  (article x)
func writeEventLine(w io.Writer, ev schema.Event) {
	date := "----------"
	if ev.Date != nil && ev.Date.Value != "" {
		date = ev.Date.Value
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%-10s  %-16s  %s", date, ev.Type, ev.Label)
	if len(ev.Participants) > 0 {
		fmt.Fprintf(&b, "  [%s]", strings.Join(ev.Participants, ", "))
	}
	if len(ev.People) > 0 {
		fmt.Fprintf(&b, "  people: %s", strings.Join(ev.People, "; "))
	}
	if len(ev.Treaties) > 0 {
		fmt.Fprintf(&b, "  treaties: %s", strings.Join(ev.Treaties, "; "))
	}
	fmt.Fprintf(&b, "  (article %s)\n", ev.ArticleID)
	io.WriteString(w, b.String())
}
