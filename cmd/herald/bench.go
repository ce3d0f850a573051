package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/herald-news/herald/extractors"
	"github.com/herald-news/herald/extractors/schema"
	"github.com/herald-news/herald/pipeline"
	"github.com/herald-news/herald/pipeline/archive"
	"github.com/herald-news/herald/sinks/jsonl"
)

func init() {
	registerCommand(&command{
		Name:    "bench",
		Summary: "measure the whole pipeline's throughput (articles/s) with one and two workers against herald extract --jsonl; --flood measures a worker's memory under a backlog",
		Run:     runBench,
	})
}

// benchSample is the archive bench varies when no FILE is given.
const benchSample = "testdata/archive/sample.jsonl"

// benchCaps bound a bench run: it is a measurement, not a load test.
const (
	maxBenchArticles = 20000
	maxFloodArticles = 100000
)

func runBench(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "bench", "[FILE]")
	n := fs.Int("articles", 300, "articles per run, made from FILE's (an archive as herald replay reads: JSON Lines, WARC, a folder of .txt/.html; default "+benchSample+") with distinct ids")
	workersList := fs.String("workers", "1,2", "worker counts to measure, comma-separated; each worker has a NATS connection of its own")
	conc := fs.Int("concurrency", runtime.GOMAXPROCS(0), "articles each worker extracts at once (herald work --concurrency)")
	embedded := fs.Bool("embedded", true, "measure on the embedded server (listening on a loopback port; workers connect over TCP)")
	publishers := fs.Int("publishers", 4, "goroutines publishing the articles, as a crawler's feed workers do")
	replicas := fs.Int("replicas", 1, "on an external cluster: replicate herald's streams and seen-set this many times (3 on a three-node cluster)")
	fresh := fs.Bool("fresh", false, "on the external server (--nats-url): DELETE herald's streams and seen-set bucket before each run, and after")
	flood := fs.Int("flood", 0, "instead: publish this many articles, then run one worker on the backlog for --flood-for and report its peak memory")
	floodFor := fs.Duration("flood-for", 30*time.Second, "how long the worker runs on the flood")
	runs := fs.Int("runs", 3, "runs of each measurement; the median is shown (the machine may be busy)")
	timeout := fs.Duration("timeout", 10*time.Minute, "give up a run after this long")
	cfg := natsFlags(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	var workers []int
	for _, s := range strings.Split(*workersList, ",") {
		w, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || w < 1 || w > 16 {
			fmt.Fprintf(e.Stderr, "herald bench: --workers: %q is not a count from 1 to 16\n", s)
			return errUsage
		}
		workers = append(workers, w)
	}
	if *n < 1 || *n > maxBenchArticles || *flood < 0 || *flood > maxFloodArticles {
		fmt.Fprintf(e.Stderr, "herald bench: --articles from 1 to %d, --flood up to %d\n", maxBenchArticles, maxFloodArticles)
		return errUsage
	}
	if *runs < 1 || *runs > 9 {
		fmt.Fprintln(e.Stderr, "herald bench: --runs from 1 to 9")
		return errUsage
	}
	if cfg.NATSURL != "" && !*fresh {
		fmt.Fprintln(e.Stderr, "herald bench: on an external server the streams must start empty for the figures to mean anything; add --fresh, which deletes herald's streams there (never on a server in use)")
		return errUsage
	}
	src := benchSample
	if fs.NArg() > 0 {
		src = fs.Arg(0)
	}
	base, err := readArticles(ctx, src)
	if err != nil {
		return err
	}
	x, err := extractors.New()
	if err != nil {
		return err
	}
	b := &bench{e: e, cfg: *cfg, x: x, conc: *conc, timeout: *timeout, fresh: *fresh, replicas: *replicas, publishers: *publishers}
	if *flood > 0 {
		return b.flood(ctx, vary(base, *flood), *floodFor)
	}

	arts := vary(base, *n)
	fmt.Fprintf(e.Stdout, "%d articles (%d distinct texts from %s), GOMAXPROCS %d, %d publishers, worker concurrency %d, median of %d runs\n\n", len(arts), len(base), src, runtime.GOMAXPROCS(0), *publishers, *conc, *runs)
	fmt.Fprintf(e.Stdout, "%-52s %8s %8s %10s %9s  %s\n", "run", "articles", "events", "seconds", "art/s", "load average")
	var modes []string
	if *embedded {
		modes = append(modes, "")
	}
	if cfg.NATSURL != "" {
		modes = append(modes, cfg.NATSURL)
	}
	// Every measurement once per round, rounds repeated: a busy spell of
	// the machine then falls on all of them rather than on one.
	type config struct {
		url     string
		workers int
	}
	var configs []config
	for _, url := range modes {
		for _, w := range workers {
			configs = append(configs, config{url, w})
		}
	}
	refs := make([]benchResult, 0, *runs)
	results := make([][]benchResult, len(configs))
	for range *runs {
		r, err := b.extractOnly(ctx, arts)
		if err != nil {
			return err
		}
		refs = append(refs, r)
		for i, c := range configs {
			r, err := b.pipeline(ctx, c.url, c.workers, vary(base, *n))
			if err != nil {
				return err
			}
			results[i] = append(results[i], r)
		}
	}
	ref := median(refs)
	b.print(ref, 0)
	for _, rs := range results {
		b.print(median(rs), ref.elapsed)
	}
	return nil
}

type bench struct {
	e          *env
	cfg        pipeline.Config
	x          *extractors.Extractor
	conc       int
	timeout    time.Duration
	fresh      bool
	replicas   int
	publishers int
}

// median is the run of median duration.
func median(rs []benchResult) benchResult {
	rs = append([]benchResult(nil), rs...)
	sort.Slice(rs, func(i, j int) bool { return rs[i].elapsed < rs[j].elapsed })
	return rs[len(rs)/2]
}

type benchResult struct {
	name     string
	articles int
	events   int
	elapsed  time.Duration
	// published is when the last article was published (pipeline runs).
	published time.Duration
	// extracted is when the extraction stage had acknowledged every article.
	extracted time.Duration
	load      string
}

func (r benchResult) rate() float64 { return float64(r.articles) / r.elapsed.Seconds() }

func (b *bench) print(r benchResult, ref time.Duration) {
	over := ""
	if ref > 0 {
		// Overhead: how much longer the pipeline takes than extraction
		// alone, through the sink and up to the extraction stage's last ack.
		over = fmt.Sprintf("  overhead %+.0f%% (extraction stage %+.0f%%: all published by %.2fs, extracted by %.2fs)",
			(r.elapsed.Seconds()/ref.Seconds()-1)*100, (r.extracted.Seconds()/ref.Seconds()-1)*100, r.published.Seconds(), r.extracted.Seconds())
	}
	fmt.Fprintf(b.e.Stdout, "%-52s %8d %8d %10.2f %9.1f  %s%s\n", r.name, r.articles, r.events, r.elapsed.Seconds(), r.rate(), r.load, over)
}

// readArticles reads the articles of an archive: JSON Lines, WARC, or a
// folder of .txt and .html files (as herald replay reads them). Articles
// that cannot be read are skipped.
func readArticles(ctx context.Context, path string) ([]schema.Article, error) {
	var out []schema.Article
	err := archive.Read(ctx, path, func(it archive.Item) error {
		if it.Err == nil && (it.Article.Text != "" || it.Article.HTML != "") {
			a := it.Article
			a.ID = pipeline.ArticleID(a)
			out = append(out, a)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("%w (run from the project root, or name an archive)", err)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no articles", path)
	}
	return out, nil
}

// vary makes n articles from base, cycling through it; each copy has an id
// and URL of its own (with a per-run nonce, so that a second run is not
// taken for a re-publish), hence events of its own.
func vary(base []schema.Article, n int) []schema.Article {
	nonce := time.Now().UnixNano() % 1e9
	out := make([]schema.Article, n)
	for i := range out {
		a := base[i%len(base)]
		k := i / len(base)
		a.ID = fmt.Sprintf("%s-b%d-%d", a.ID, nonce, k)
		if a.URL != "" {
			a.URL = fmt.Sprintf("%s#b%d-%d", a.URL, nonce, k)
			if strings.Contains(a.URL, "?") {
				a.URL = strings.Replace(a.URL, "#", "&bench=", 1)
			} else {
				a.URL = strings.Replace(a.URL, "#", "?bench=", 1)
			}
		}
		out[i] = a
	}
	return out
}

func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}

// extractOnly runs herald extract --jsonl's own batch code on the articles,
// output discarded: the reference the pipeline's overhead is measured
// against.
func (b *bench) extractOnly(ctx context.Context, arts []schema.Article) (benchResult, error) {
	var in bytes.Buffer
	enc := json.NewEncoder(&in)
	for _, a := range arts {
		if err := enc.Encode(a); err != nil {
			return benchResult{}, err
		}
	}
	var events countingWriter
	out := bufio.NewWriterSize(&events, 64<<10)
	oenc := json.NewEncoder(out)
	oenc.SetEscapeHTML(false)
	start := time.Now()
	failed, err := extractBatch(ctx, b.x, &in, "bench", time.Time{}, runtime.GOMAXPROCS(0), oenc, out)
	if err != nil {
		return benchResult{}, err
	}
	if err := out.Flush(); err != nil {
		return benchResult{}, err
	}
	elapsed := time.Since(start)
	if failed > 0 {
		return benchResult{}, fmt.Errorf("extract: %d articles failed", failed)
	}
	return benchResult{name: fmt.Sprintf("extract --jsonl (%d workers)", runtime.GOMAXPROCS(0)), articles: len(arts), events: events.events, elapsed: elapsed, load: loadAverage()}, nil
}

// countingWriter counts the events in the documents written to it.
type countingWriter struct {
	buf    []byte
	events int
}

func (w *countingWriter) Write(p []byte) (int, error) {
	w.buf = append(w.buf, p...)
	for {
		i := bytes.IndexByte(w.buf, '\n')
		if i < 0 {
			break
		}
		var doc struct {
			Events []json.RawMessage `json:"events"`
		}
		if json.Unmarshal(w.buf[:i], &doc) == nil {
			w.events += len(doc.Events)
		}
		w.buf = w.buf[i+1:]
	}
	return len(p), nil
}

// open starts a run's bus: the embedded server in a fresh directory,
// listening on a loopback port, or the external server with herald's
// streams deleted.
func (b *bench) open(ctx context.Context, url string) (bus *pipeline.Bus, dir string, cleanup func(), err error) {
	dir, err = os.MkdirTemp("", "herald-bench-")
	if err != nil {
		return nil, "", nil, err
	}
	cfg := b.cfg
	cfg.NATSURL, cfg.DataDir, cfg.Listen = url, dir, ""
	if url == "" {
		cfg.Listen = "127.0.0.1:0"
	}
	defer func() {
		if err != nil {
			os.RemoveAll(dir)
		}
	}()
	bus, err = pipeline.Open(ctx, cfg, b.e.Log)
	if err != nil {
		return nil, "", nil, err
	}
	defer func() {
		if err != nil {
			bus.Close()
		}
	}()
	if url != "" {
		if err := deleteHeraldState(ctx, bus.JetStream()); err != nil {
			return nil, "", nil, err
		}
	}
	if err := bus.Setup(ctx); err != nil {
		return nil, "", nil, err
	}
	if url != "" && b.replicas > 1 {
		if err := replicate(ctx, bus.JetStream(), b.replicas); err != nil {
			return nil, "", nil, err
		}
	}
	cleanup = func() {
		if url != "" {
			dctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			if err := deleteHeraldState(dctx, bus.JetStream()); err != nil {
				b.e.Log.Warn("bench: cleaning the external server", "err", err)
			}
			cancel()
		}
		bus.Close()
		os.RemoveAll(dir)
	}
	return bus, dir, cleanup, nil
}

// deleteHeraldState deletes herald's streams and seen-set bucket.
func deleteHeraldState(ctx context.Context, js jetstream.JetStream) error {
	for _, s := range []string{pipeline.StreamArticles, pipeline.StreamDocuments, pipeline.StreamEvents, pipeline.StreamDLQ} {
		if err := js.DeleteStream(ctx, s); err != nil && !errors.Is(err, jetstream.ErrStreamNotFound) {
			return fmt.Errorf("delete stream %s: %w", s, err)
		}
	}
	if err := js.DeleteKeyValue(ctx, pipeline.BucketSeen); err != nil && !errors.Is(err, jetstream.ErrBucketNotFound) && !errors.Is(err, jetstream.ErrStreamNotFound) {
		return fmt.Errorf("delete bucket %s: %w", pipeline.BucketSeen, err)
	}
	return nil
}

// replicate sets the replicas of herald's streams and of the seen-set
// bucket's stream (Setup creates them with one).
func replicate(ctx context.Context, js jetstream.JetStream, n int) error {
	for _, name := range []string{pipeline.StreamArticles, pipeline.StreamDocuments, pipeline.StreamEvents, pipeline.StreamDLQ, pipeline.KVStream(pipeline.BucketSeen)} {
		s, err := js.Stream(ctx, name)
		if err != nil {
			return fmt.Errorf("stream %s: %w", name, err)
		}
		info, err := s.Info(ctx)
		if err != nil {
			return fmt.Errorf("stream %s: %w", name, err)
		}
		sc := info.Config
		sc.Replicas = n
		if _, err := js.UpdateStream(ctx, sc); err != nil {
			return fmt.Errorf("stream %s: %d replicas: %w", name, n, err)
		}
	}
	return nil
}

// workerURL is where a run's workers connect: the external server, or the
// embedded one's loopback listener, so that every worker has a connection
// of its own as a `herald work` process would.
func workerURL(bus *pipeline.Bus, url string) string {
	if url != "" {
		return url
	}
	return bus.ClientURL()
}

// startWorkers starts n workers, each on its own connection.
func (b *bench) startWorkers(ctx context.Context, url string, n int) (stop func() pipeline.Stats, err error) {
	var buses []*pipeline.Bus
	var ws []*pipeline.Worker
	var wg sync.WaitGroup
	wctx, cancel := context.WithCancel(ctx)
	stop = func() pipeline.Stats {
		cancel()
		wg.Wait()
		var s pipeline.Stats
		for i, w := range ws {
			ws := w.Stats()
			s.Processed += ws.Processed
			s.Events += ws.Events
			s.Retried += ws.Retried
			s.DeadLettered += ws.DeadLettered
			buses[i].Close()
		}
		return s
	}
	for range n {
		cfg := b.cfg
		cfg.NATSURL = url
		wb, err := pipeline.Open(ctx, cfg, b.e.Log)
		if err != nil {
			stop()
			return nil, err
		}
		w := &pipeline.Worker{Bus: wb, Extractor: b.x, Version: extractors.Version, Log: b.e.Log, Concurrency: b.conc}
		buses, ws = append(buses, wb), append(ws, w)
		wg.Go(func() {
			if err := w.Run(wctx); err != nil {
				b.e.Log.Error("bench worker", "err", err)
			}
		})
	}
	return stop, nil
}

// pipeline measures the whole pipeline on the articles: published one by
// one (PublishArticle, with its seen-set check), extracted by the workers,
// events published and written by the JSON Lines sink (fsync per event).
// The clock runs from the first publish to the sink's last ack.
func (b *bench) pipeline(ctx context.Context, url string, nWorkers int, arts []schema.Article) (benchResult, error) {
	ctx, cancel := context.WithTimeout(ctx, b.timeout)
	defer cancel()
	bus, dir, cleanup, err := b.open(ctx, url)
	if err != nil {
		return benchResult{}, err
	}
	defer cleanup()
	if err := bus.SetupSink(ctx, pipeline.StreamEvents, jsonlSinkName); err != nil {
		return benchResult{}, err
	}
	sink, err := jsonl.Open(filepath.Join(dir, "events.jsonl"), b.e.Log)
	if err != nil {
		return benchResult{}, err
	}
	defer sink.Close()
	sctx, stopSink := context.WithCancel(ctx)
	var sinkDone sync.WaitGroup
	sinkDone.Go(func() {
		if err := pipeline.RunEventSink(sctx, bus, jsonlSinkName, sink); err != nil {
			b.e.Log.Error("bench sink", "err", err)
		}
	})
	defer func() { stopSink(); sinkDone.Wait() }()
	stopWorkers, err := b.startWorkers(ctx, workerURL(bus, url), nWorkers)
	if err != nil {
		return benchResult{}, err
	}

	start := time.Now()
	if err := publishConcurrently(ctx, bus, arts, b.publishers); err != nil {
		stopWorkers()
		return benchResult{}, err
	}
	published := time.Since(start)
	var extracted time.Duration
	err = waitDrained(ctx, bus, func() { extracted = time.Since(start) })
	elapsed := time.Since(start)
	load := loadAverage()
	st := stopWorkers()
	if err != nil {
		return benchResult{}, err
	}
	where := "embedded"
	if url != "" {
		where = fmt.Sprintf("external %s R%d", displayHost(url), max(b.replicas, 1))
	}
	if st.Processed != int64(len(arts)) || st.DeadLettered != 0 || sink.Len() != int(st.Events) {
		return benchResult{}, fmt.Errorf("%s: processed %d of %d articles, %d dead-lettered, sink holds %d of %d events", where, st.Processed, len(arts), st.DeadLettered, sink.Len(), st.Events)
	}
	return benchResult{name: fmt.Sprintf("pipeline, %s, %d worker(s)", where, nWorkers), articles: len(arts), events: sink.Len(), elapsed: elapsed, published: published, extracted: extracted, load: load}, nil
}

// publishConcurrently publishes arts from n goroutines, as a crawler's
// feed workers do.
func publishConcurrently(ctx context.Context, bus *pipeline.Bus, arts []schema.Article, n int) error {
	n = max(n, 1)
	errs := make(chan error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			for j := i; j < len(arts); j += n {
				if _, err := bus.PublishArticle(ctx, arts[j]); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	return <-errs
}

// displayHost is url's host, without any user or password.
func displayHost(url string) string {
	if i := strings.Index(url, "://"); i >= 0 {
		url = url[i+3:]
	}
	if i := strings.LastIndex(url, "@"); i >= 0 {
		url = url[i+1:]
	}
	return strings.SplitN(url, ",", 2)[0]
}

// waitDrained waits until the extraction stage and the sink have
// acknowledged everything; extracted is called in between.
func waitDrained(ctx context.Context, bus *pipeline.Bus, extracted func()) error {
	last, err := bus.LastSeq(ctx, pipeline.StreamArticles)
	if err != nil {
		return err
	}
	if err := bus.WaitAcked(ctx, pipeline.StreamArticles, pipeline.ConsumerExtract, last, nil); err != nil {
		return err
	}
	extracted()
	last, err = bus.LastSeq(ctx, pipeline.StreamEvents)
	if err != nil {
		return err
	}
	return bus.WaitAcked(ctx, pipeline.StreamEvents, pipeline.SinkConsumer(jsonlSinkName), last, nil)
}

// flood publishes every article before any worker runs, then runs one
// worker on the backlog for d and reports the process's peak resident
// memory before and after, and the consumer's bound on messages in flight.
func (b *bench) flood(ctx context.Context, arts []schema.Article, d time.Duration) error {
	url := b.cfg.NATSURL
	bus, _, cleanup, err := b.open(ctx, url)
	if err != nil {
		return err
	}
	defer cleanup()
	start := time.Now()
	for _, a := range arts {
		if _, err := bus.PublishArticle(ctx, a); err != nil {
			return err
		}
	}
	where := "embedded (the server's memory is in this process)"
	if url != "" {
		where = "external " + displayHost(url) + " (this process is the worker only)"
	}
	runtime.GC()
	before := procStatus()
	fmt.Fprintf(b.e.Stdout, "flood: %d articles published in %.1fs on %s\n", len(arts), time.Since(start).Seconds(), where)
	fmt.Fprintf(b.e.Stdout, "before the worker: VmRSS %s, VmHWM %s\n", before["VmRSS"], before["VmHWM"])

	stop, err := b.startWorkers(ctx, workerURL(bus, url), 1)
	if err != nil {
		return err
	}
	var peakHeap uint64
	var maxAckPending int
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	cons, err := bus.JetStream().Consumer(ctx, pipeline.StreamArticles, pipeline.ConsumerExtract)
	if err != nil {
		stop()
		return err
	}
	end := time.After(d)
	var inflight int
loop:
	for {
		select {
		case <-ctx.Done():
			break loop
		case <-end:
			break loop
		case <-tick.C:
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			peakHeap = max(peakHeap, ms.HeapInuse)
			if ci, err := cons.Info(ctx); err == nil {
				inflight = max(inflight, ci.NumAckPending)
				maxAckPending = ci.Config.MaxAckPending
			}
		}
	}
	st := stop()
	after := procStatus()
	fmt.Fprintf(b.e.Stdout, "worker (concurrency %d) ran %s: processed %d articles (%.1f/s), %d still in the backlog\n",
		b.conc, d, st.Processed, float64(st.Processed)/d.Seconds(), len(arts)-int(st.Processed))
	fmt.Fprintf(b.e.Stdout, "messages in flight: at most %d seen (MaxAckPending %d)\n", inflight, maxAckPending)
	fmt.Fprintf(b.e.Stdout, "after: VmRSS %s, peak resident (VmHWM) %s, peak Go heap in use %.1f MB, load average %s\n",
		after["VmRSS"], after["VmHWM"], float64(peakHeap)/(1<<20), loadAverage())
	return nil
}

// procStatus reads the memory lines of /proc/self/status ("?" elsewhere).
func procStatus() map[string]string {
	out := map[string]string{"VmRSS": "?", "VmHWM": "?"}
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return out
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if ok && (k == "VmRSS" || k == "VmHWM") {
			out[k] = strings.Join(strings.Fields(v), " ")
		}
	}
	return out
}
