// Package pipeline is herald's spine: the NATS JetStream bus that carries
// articles to the extraction stage and events to the sinks.
//
// Streams (created idempotently by Setup):
//
//	ARTICLES   herald.articles.<source>   articles to extract, de-duplicated
//	DOCUMENTS  herald.documents.<source>  annotated articles (schema.Document)
//	EVENTS     herald.events.<type>       one schema.Event per message
//	DLQ        herald.dlq.<stage>         messages a stage gave up on, with the reason
//
// Consumers: "extract" on ARTICLES (the extraction stage, shared by every
// `herald work` process), "sink-<name>" on EVENTS or DOCUMENTS (one per sink).
// KV buckets: herald_seen (the article seen-set) and herald_feeds (crawler
// feed state, owned by pipeline/crawl).
package pipeline

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// Stream, subject, consumer and bucket names. They are part of herald's
// public interface: the README documents them.
const (
	StreamArticles  = "ARTICLES"
	StreamDocuments = "DOCUMENTS"
	StreamEvents    = "EVENTS"
	StreamDLQ       = "DLQ"

	SubjectArticles  = "herald.articles"
	SubjectDocuments = "herald.documents"
	SubjectEvents    = "herald.events"
	SubjectDLQ       = "herald.dlq"

	ConsumerExtract = "extract"

	BucketSeen  = "herald_seen"
	BucketFeeds = "herald_feeds"
)

// Defaults for the extraction consumer.
const (
	DefaultMaxDeliver    = 5
	DefaultAckWait       = time.Minute
	DefaultMaxAckPending = 64
	// DuplicateWindow is how long the ARTICLES, DOCUMENTS and EVENTS streams
	// remember a Nats-Msg-Id. The seen-set covers articles beyond it.
	DuplicateWindow = time.Hour
	// maxPayload is the embedded server's message size limit: an article
	// carrying its raw HTML can exceed NATS's 1 MB default.
	maxPayload = 8 << 20
)

// DefaultListen is where `herald run` accepts NATS clients (herald
// subscribe, the nats CLI) besides its own in-process connections. It is
// not 4222, so that it does not clash with a nats-server on the machine.
const DefaultListen = "127.0.0.1:4223"

// ErrDataDirLocked is returned by Open when another process runs an
// embedded server over the same data directory.
var ErrDataDirLocked = errors.New("data directory in use")

// Config says which NATS to use. With NATSURL empty, Open starts an embedded
// nats-server whose JetStream store lives under DataDir.
type Config struct {
	// NATSURL is an external server's URL; empty means embedded.
	NATSURL string
	// CredsFile is a NATS credentials file (JWT and seed).
	CredsFile string
	// NKeyFile is an nkey seed file.
	NKeyFile string
	// TLSCert and TLSKey are a client certificate; TLSCA the root CA.
	TLSCert, TLSKey, TLSCA string
	// DataDir holds the embedded server's store (DataDir/jetstream) and
	// the file sinks.
	DataDir string
	// Listen is host:port where the embedded server also accepts clients
	// (herald run); empty means in-process connections only.
	Listen string

	// MaxDeliver is how many times the extraction stage gets a message
	// before it is dead-lettered (default DefaultMaxDeliver).
	MaxDeliver int
	// AckWait is how long a delivery may go unacknowledged before it is
	// redelivered (default DefaultAckWait). Workers signal progress on
	// slow articles, so it bounds a crashed worker's delay, not extraction.
	AckWait time.Duration
	// Replicas is how many copies of each stream and bucket Setup keeps
	// (3 on a three-node cluster). 0 creates missing ones with one copy and
	// leaves existing ones as they are; a positive count is also applied to
	// existing ones, which the server re-replicates.
	Replicas int
}

// Bus is a connection to NATS JetStream, and the embedded server when herald
// started one.
type Bus struct {
	cfg  Config
	log  *slog.Logger
	srv  *server.Server // nil when connected to an external server
	lock *os.File       // the data directory's lock, with srv
	nc   *nats.Conn
	js   jetstream.JetStream

	mu     sync.Mutex // guards seenKV
	seenKV jetstream.KeyValue
}

// Open connects to cfg.NATSURL, or starts an embedded JetStream server under
// cfg.DataDir and connects to it in-process.
func Open(ctx context.Context, cfg Config, log *slog.Logger) (*Bus, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if cfg.MaxDeliver <= 0 {
		cfg.MaxDeliver = DefaultMaxDeliver
	}
	if cfg.AckWait <= 0 {
		cfg.AckWait = DefaultAckWait
	}
	b := &Bus{cfg: cfg, log: log}
	opts := []nats.Option{nats.Name("herald")}
	if cfg.NATSURL == "" {
		if cfg.DataDir == "" {
			return nil, errors.New("embedded nats: no data directory")
		}
		if err := os.MkdirAll(cfg.DataDir, 0o755); err != nil {
			return nil, fmt.Errorf("embedded nats: %w", err)
		}
		lock, err := lockDataDir(cfg.DataDir)
		if err != nil {
			return nil, err
		}
		srv, err := startServer(cfg)
		if err != nil {
			lock.Close()
			return nil, err
		}
		b.srv, b.lock = srv, lock
		opts = append(opts, nats.InProcessServer(srv))
		log.Info("embedded nats-server started", "store_dir", filepath.Join(cfg.DataDir, "jetstream"), "listen", cfg.Listen)
	} else {
		o, err := clientAuth(cfg)
		if err != nil {
			return nil, err
		}
		opts = append(opts, o...)
		opts = append(opts, nats.MaxReconnects(-1),
			nats.DisconnectErrHandler(func(_ *nats.Conn, err error) {
				if err != nil {
					log.Warn("nats disconnected", "err", err)
				}
			}),
			nats.ReconnectHandler(func(nc *nats.Conn) { log.Info("nats reconnected", "url", nc.ConnectedUrlRedacted()) }))
	}
	nc, err := nats.Connect(cfg.NATSURL, opts...)
	if err != nil {
		b.stopServer()
		return nil, fmt.Errorf("connect to nats %s: %w", displayURL(cfg.NATSURL), err)
	}
	b.nc = nc
	js, err := jetstream.New(nc)
	if err != nil {
		b.Close()
		return nil, fmt.Errorf("jetstream: %w", err)
	}
	b.js = js
	return b, nil
}

func displayURL(u string) string {
	if u == "" {
		return "(embedded)"
	}
	return RedactURL(u)
}

// RedactURL is a NATS server list (comma-separated URLs) fit for a log or an
// error: each URL's password is replaced by "xxxxx"; a token or user given
// alone (nats://token@host) is kept out too. An entry that does not parse
// is replaced whole, since it may hold a secret anywhere.
func RedactURL(servers string) string {
	parts := strings.Split(servers, ",")
	for i, p := range parts {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		raw := p
		if !strings.Contains(raw, "://") {
			raw = "nats://" + raw // nats.go's own default scheme
		}
		u, err := url.Parse(raw)
		switch {
		case err != nil:
			parts[i] = "(unparsable URL)"
		case u.User == nil:
			parts[i] = p
		default:
			if _, hasPass := u.User.Password(); !hasPass {
				// nats://TOKEN@host: the user part is the secret.
				u.User = url.User("xxxxx")
			}
			parts[i] = u.Redacted()
		}
	}
	return strings.Join(parts, ",")
}

// startServer starts the embedded server. A listen address already in use is
// reported as such before the server is started.
func startServer(cfg Config) (*server.Server, error) {
	store := filepath.Join(cfg.DataDir, "jetstream")
	if err := os.MkdirAll(store, 0o755); err != nil {
		return nil, fmt.Errorf("embedded nats: %w", err)
	}
	opts := &server.Options{
		ServerName: "herald",
		JetStream:  true,
		StoreDir:   store,
		NoSigs:     true,
		MaxPayload: maxPayload,
		DontListen: true,
	}
	if cfg.Listen != "" {
		host, portStr, err := net.SplitHostPort(cfg.Listen)
		if err != nil {
			return nil, fmt.Errorf("listen address %q: %w", cfg.Listen, err)
		}
		port, err := strconv.Atoi(portStr)
		if err != nil {
			return nil, fmt.Errorf("listen address %q: bad port", cfg.Listen)
		}
		// Probe first: nats-server only logs a listen failure.
		l, err := net.Listen("tcp", cfg.Listen)
		if err != nil {
			return nil, fmt.Errorf("cannot listen on %s (is another herald or nats-server running? choose another with --listen): %w", cfg.Listen, err)
		}
		if port == 0 {
			port = l.Addr().(*net.TCPAddr).Port
		}
		l.Close()
		opts.DontListen = false
		opts.Host, opts.Port = host, port
	}
	srv, err := server.NewServer(opts)
	if err != nil {
		return nil, fmt.Errorf("embedded nats: %w", err)
	}
	srv.Start()
	if !srv.ReadyForConnections(30 * time.Second) {
		srv.Shutdown()
		srv.WaitForShutdown()
		return nil, fmt.Errorf("embedded nats did not become ready (store %s; listen %q)", store, cfg.Listen)
	}
	return srv, nil
}

func clientAuth(cfg Config) ([]nats.Option, error) {
	var opts []nats.Option
	if cfg.CredsFile != "" {
		opts = append(opts, nats.UserCredentials(cfg.CredsFile))
	}
	if cfg.NKeyFile != "" {
		o, err := nats.NkeyOptionFromSeed(cfg.NKeyFile)
		if err != nil {
			return nil, fmt.Errorf("nkey %s: %w", cfg.NKeyFile, err)
		}
		opts = append(opts, o)
	}
	if cfg.TLSCert != "" || cfg.TLSKey != "" {
		if cfg.TLSCert == "" || cfg.TLSKey == "" {
			return nil, errors.New("--tls-cert and --tls-key go together")
		}
		opts = append(opts, nats.ClientCert(cfg.TLSCert, cfg.TLSKey))
	}
	if cfg.TLSCA != "" {
		opts = append(opts, nats.RootCAs(cfg.TLSCA))
	}
	return opts, nil
}

// Embedded reports whether the bus runs its own server.
func (b *Bus) Embedded() bool { return b.srv != nil }

// ClientURL is where other processes reach the embedded server when it
// listens; empty otherwise.
func (b *Bus) ClientURL() string {
	if b.srv == nil || b.cfg.Listen == "" {
		return ""
	}
	return b.srv.ClientURL()
}

// JetStream is the bus's JetStream handle (the new jetstream API).
func (b *Bus) JetStream() jetstream.JetStream { return b.js }

// Conn is the bus's NATS connection.
func (b *Bus) Conn() *nats.Conn { return b.nc }

// Config is the configuration the bus was opened with, defaults filled in.
func (b *Bus) Config() Config { return b.cfg }

// Setup creates or updates the streams, the extraction consumer and the
// seen-set bucket. It is idempotent.
func (b *Bus) Setup(ctx context.Context) error {
	streams := []jetstream.StreamConfig{
		{Name: StreamArticles, Subjects: []string{SubjectArticles + ".>"}, Description: "articles to extract",
			Storage: jetstream.FileStorage, Duplicates: DuplicateWindow, MaxMsgSize: maxPayload},
		{Name: StreamDocuments, Subjects: []string{SubjectDocuments + ".>"}, Description: "annotated articles",
			Storage: jetstream.FileStorage, Duplicates: DuplicateWindow, MaxMsgSize: maxPayload},
		{Name: StreamEvents, Subjects: []string{SubjectEvents + ".>"}, Description: "extracted events, one subject per type",
			Storage: jetstream.FileStorage, Duplicates: DuplicateWindow},
		{Name: StreamDLQ, Subjects: []string{SubjectDLQ + ".>"}, Description: "messages a stage gave up on",
			Storage: jetstream.FileStorage, Duplicates: DuplicateWindow, MaxMsgSize: maxPayload},
	}
	for _, sc := range streams {
		r, err := b.replicas(ctx, sc.Name)
		if err != nil {
			return err
		}
		sc.Replicas = r
		if _, err := b.js.CreateOrUpdateStream(ctx, sc); err != nil {
			return fmt.Errorf("stream %s: %w", sc.Name, replicasHint(err, r))
		}
	}
	if _, err := b.js.CreateOrUpdateConsumer(ctx, StreamArticles, b.extractConsumerConfig()); err != nil {
		return fmt.Errorf("consumer %s: %w", ConsumerExtract, err)
	}
	r, err := b.replicas(ctx, KVStream(BucketSeen))
	if err != nil {
		return err
	}
	if _, err := b.js.CreateOrUpdateKeyValue(ctx, jetstream.KeyValueConfig{
		Bucket: BucketSeen, Description: "content hashes of published articles", History: 1,
		Storage: jetstream.FileStorage, Replicas: r,
	}); err != nil {
		return fmt.Errorf("bucket %s: %w", BucketSeen, replicasHint(err, r))
	}
	return nil
}

// KVStream is the name of the stream that holds the KV bucket called bucket.
func KVStream(bucket string) string { return "KV_" + bucket }

// replicas is the replica count Setup gives the stream called name: the
// configured one, else the stream's own when it exists, else 1.
func (b *Bus) replicas(ctx context.Context, name string) (int, error) {
	if b.cfg.Replicas > 0 {
		return b.cfg.Replicas, nil
	}
	s, err := b.js.Stream(ctx, name)
	if errors.Is(err, jetstream.ErrStreamNotFound) {
		return 1, nil
	}
	if err != nil {
		return 0, fmt.Errorf("stream %s: %w", name, err)
	}
	return max(s.CachedInfo().Config.Replicas, 1), nil
}

// replicasHint says how to fix a replica count the server refuses.
func replicasHint(err error, r int) error {
	var apiErr *jetstream.APIError
	if r > 1 && errors.As(err, &apiErr) && strings.Contains(strings.ToLower(apiErr.Description), "replicas") {
		return fmt.Errorf("%w (asked for %d replicas: the server must be a JetStream cluster of at least %d nodes; use --replicas 1 on a single server)", err, r, r)
	}
	return err
}

func (b *Bus) extractConsumerConfig() jetstream.ConsumerConfig {
	return jetstream.ConsumerConfig{
		Durable:       ConsumerExtract,
		Description:   "extraction stage",
		FilterSubject: SubjectArticles + ".>",
		DeliverPolicy: jetstream.DeliverAllPolicy,
		AckPolicy:     jetstream.AckExplicitPolicy,
		AckWait:       b.cfg.AckWait,
		MaxDeliver:    b.cfg.MaxDeliver,
		MaxAckPending: DefaultMaxAckPending,
	}
}

// Close drains the connection, so that pending publishes and acks are
// flushed, then stops the embedded server. Stages must have been stopped.
func (b *Bus) Close() error {
	var err error
	if b.nc != nil && !b.nc.IsClosed() {
		done := make(chan struct{})
		b.nc.SetClosedHandler(func(*nats.Conn) { close(done) })
		if derr := b.nc.Drain(); derr != nil {
			b.nc.Close()
		} else {
			select {
			case <-done:
			case <-time.After(10 * time.Second):
				b.nc.Close()
				err = errors.New("nats drain timed out")
			}
		}
	}
	b.stopServer()
	return err
}

func (b *Bus) stopServer() {
	if b.srv != nil {
		b.srv.Shutdown()
		b.srv.WaitForShutdown()
		b.log.Info("embedded nats-server stopped")
		b.srv = nil
	}
	if b.lock != nil {
		b.lock.Close()
		b.lock = nil
	}
}
