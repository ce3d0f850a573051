// Package telemetry gives herald's long-running commands (run, work, crawl)
// their Prometheus metrics and health endpoints:
//
//	/metrics  Prometheus text exposition
//	/healthz  200 while the process is alive
//	/readyz   200 when every readiness check passes (NATS connected,
//	          JetStream answering), 503 with the failures otherwise
package telemetry

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics are the counters and gauges every stage reports into. Create them
// with New; stages take a *Metrics and skip reporting when it is nil.
type Metrics struct {
	Registry *prometheus.Registry

	// Fetched counts feed and page fetches by feed and outcome
	// ("ok", "not_modified", "error", "rate_limited", "robots").
	Fetched *prometheus.CounterVec
	// Published counts articles offered to the articles stream, by source
	// and result ("new", "duplicate").
	Published *prometheus.CounterVec
	// PagesGivenUp counts, by feed, the article pages the crawler gave up
	// after Config.MaxPageAttempts failed fetches, their items published
	// from the feed's own text.
	PagesGivenUp *prometheus.CounterVec
	// Extracted counts articles the extraction stage finished.
	Extracted prometheus.Counter
	// Events counts events published, by type.
	Events *prometheus.CounterVec
	// Errors counts failures by stage and kind ("transient", "permanent").
	Errors *prometheus.CounterVec
	// DeadLettered counts messages sent to the dead-letter subject, by stage.
	DeadLettered *prometheus.CounterVec
	// SinkWrites counts durable sink writes, by sink: one per message
	// written (an event or a document), a redelivered one counted again.
	SinkWrites *prometheus.CounterVec
	// ExtractSeconds is the time to extract one article.
	ExtractSeconds prometheus.Histogram
	// ConsumerPending is the consumer lag: messages not yet delivered, by
	// stream and consumer; ConsumerAckPending those delivered, not acked.
	ConsumerPending    *prometheus.GaugeVec
	ConsumerAckPending *prometheus.GaugeVec
}

// New registers herald's metrics, with the Go runtime and process
// collectors, on a registry of their own.
func New() *Metrics {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	f := factory{reg}
	return &Metrics{
		Registry:           reg,
		Fetched:            f.counterVec("herald_fetches_total", "Feed and page fetches, by feed and outcome.", "feed", "outcome"),
		Published:          f.counterVec("herald_articles_published_total", "Articles offered to the articles stream, by source and result.", "source", "result"),
		PagesGivenUp:       f.counterVec("herald_pages_given_up_total", "Article pages given up after max_page_attempts failed fetches (the feed's text published instead), by feed.", "feed"),
		Extracted:          f.counter("herald_articles_extracted_total", "Articles the extraction stage finished."),
		Events:             f.counterVec("herald_events_total", "Events published, by type.", "type"),
		Errors:             f.counterVec("herald_errors_total", "Failures, by stage and kind.", "stage", "kind"),
		DeadLettered:       f.counterVec("herald_dead_letters_total", "Messages sent to the dead-letter subject, by stage.", "stage"),
		SinkWrites:         f.counterVec("herald_sink_writes_total", "Durable sink writes, by sink.", "sink"),
		ExtractSeconds:     f.histogram("herald_extract_seconds", "Time to extract one article.", prometheus.ExponentialBuckets(0.001, 2, 14)),
		ConsumerPending:    f.gaugeVec("herald_consumer_pending", "Messages not yet delivered to a consumer (lag).", "stream", "consumer"),
		ConsumerAckPending: f.gaugeVec("herald_consumer_ack_pending", "Messages delivered to a consumer and not yet acknowledged.", "stream", "consumer"),
	}
}

type factory struct{ reg prometheus.Registerer }

func (f factory) counter(name, help string) prometheus.Counter {
	c := prometheus.NewCounter(prometheus.CounterOpts{Name: name, Help: help})
	f.reg.MustRegister(c)
	return c
}

func (f factory) counterVec(name, help string, labels ...string) *prometheus.CounterVec {
	c := prometheus.NewCounterVec(prometheus.CounterOpts{Name: name, Help: help}, labels)
	f.reg.MustRegister(c)
	return c
}

func (f factory) gaugeVec(name, help string, labels ...string) *prometheus.GaugeVec {
	g := prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: name, Help: help}, labels)
	f.reg.MustRegister(g)
	return g
}

func (f factory) histogram(name, help string, buckets []float64) prometheus.Histogram {
	h := prometheus.NewHistogram(prometheus.HistogramOpts{Name: name, Help: help, Buckets: buckets})
	f.reg.MustRegister(h)
	return h
}

// Check is one readiness check: nil when ready.
type Check struct {
	Name string
	Func func(ctx context.Context) error
}

// Handler serves /metrics, /healthz and /readyz.
func (m *Metrics) Handler(checks ...Check) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", promhttp.HandlerFor(m.Registry, promhttp.HandlerOpts{}))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, "ok")
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		var failed []string
		for _, c := range checks {
			if err := c.Func(ctx); err != nil {
				failed = append(failed, c.Name+": "+err.Error())
			}
		}
		if len(failed) > 0 {
			w.WriteHeader(http.StatusServiceUnavailable)
			fmt.Fprintln(w, strings.Join(failed, "\n"))
			return
		}
		fmt.Fprintln(w, "ready")
	})
	return mux
}

// serveOn serves h on ln until ctx ends (Start listens first, so that a
// taken address is an error before anything is served).
func serveOn(ctx context.Context, ln net.Listener, h http.Handler, log *slog.Logger) error {
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second}
	log.Info("metrics and health endpoints", "addr", ln.Addr().String())
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case <-ctx.Done():
		shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := srv.Shutdown(shut); err != nil {
			return fmt.Errorf("metrics server shutdown: %w", err)
		}
		<-errc
		return nil
	case err := <-errc:
		if errors.Is(err, http.ErrServerClosed) {
			return nil
		}
		return fmt.Errorf("metrics server: %w", err)
	}
}

// WatchConsumers sets the consumer gauges from the consumers of streams every
// interval until ctx ends. Errors (a stream not yet created, a cluster
// election) are logged at debug level and retried next round.
func (m *Metrics) WatchConsumers(ctx context.Context, js jetstream.JetStream, interval time.Duration, log *slog.Logger, streams ...string) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		for _, name := range streams {
			if err := m.observe(ctx, js, name); err != nil && ctx.Err() == nil {
				log.Debug("consumer metrics", "stream", name, "err", err)
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func (m *Metrics) observe(ctx context.Context, js jetstream.JetStream, stream string) error {
	st, err := js.Stream(ctx, stream)
	if err != nil {
		return err
	}
	l := st.ListConsumers(ctx)
	for ci := range l.Info() {
		m.ConsumerPending.WithLabelValues(stream, ci.Name).Set(float64(ci.NumPending))
		m.ConsumerAckPending.WithLabelValues(stream, ci.Name).Set(float64(ci.NumAckPending))
	}
	return l.Err()
}
