package main

import (
	"context"
	"errors"
	"flag"
	"log/slog"
	"os"
	"strconv"

	"github.com/herald-news/herald/pipeline"
)

// natsClientFlags are natsFlags' flags for an external server: herald
// run, which starts its own, refuses them (refuseFlags).
var natsClientFlags = []string{"nats-url", "nats-creds", "nats-nkey", "tls-cert", "tls-key", "tls-ca"}

// embeddedServerFlags are natsFlags' flags for the embedded server alone:
// herald work and herald sink, which need an external one, refuse them.
var embeddedServerFlags = []string{"listen"}

// natsFlags registers the flags that say which NATS to use. Without
// --nats-url, herald starts an embedded server whose store is under
// --data-dir. A command that takes only one kind of server refuses the
// other kind's flags (natsClientFlags, embeddedServerFlags).
func natsFlags(fs *flag.FlagSet) *pipeline.Config {
	c := &pipeline.Config{}
	fs.StringVar(&c.NATSURL, "nats-url", os.Getenv("HERALD_NATS_URL"), "external NATS server URL (env HERALD_NATS_URL); empty starts an embedded server")
	fs.StringVar(&c.CredsFile, "nats-creds", "", "NATS credentials file")
	fs.StringVar(&c.NKeyFile, "nats-nkey", "", "NATS nkey seed file")
	fs.StringVar(&c.TLSCert, "tls-cert", "", "client TLS certificate (with --tls-key)")
	fs.StringVar(&c.TLSKey, "tls-key", "", "client TLS key")
	fs.StringVar(&c.TLSCA, "tls-ca", "", "root CA for the server's certificate")
	fs.StringVar(&c.DataDir, "data-dir", envOr("HERALD_DATA_DIR", "./herald-data"), "data directory: embedded JetStream store and file sinks (env HERALD_DATA_DIR)")
	fs.StringVar(&c.Listen, "listen", "", "address where the embedded server accepts NATS clients (herald run defaults to "+pipeline.DefaultListen+"; 'none' for in-process only)")
	// herald bench registers its own --replicas first (it replicates
	// after Setup); Config.Replicas then stays 0, which keeps what exists.
	if fs.Lookup("replicas") == nil {
		fs.IntVar(&c.Replicas, "replicas", envInt("HERALD_REPLICAS", 0), "copies of each stream and bucket herald creates (env HERALD_REPLICAS; 3 on a three-node cluster); 0 keeps existing ones as they are and creates new ones with 1")
	}
	return c
}

// envInt is the integer in the environment variable name, or def when it
// is unset or not an integer.
func envInt(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil {
		return n
	}
	return def
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

// openBus connects (or starts the embedded server) and sets up herald's
// streams, consumers and buckets, as every command on the bus needs.
func openBus(ctx context.Context, cfg pipeline.Config, log *slog.Logger) (*pipeline.Bus, error) {
	bus, err := pipeline.Open(ctx, cfg, log)
	if err != nil {
		return nil, err
	}
	if err := bus.Setup(ctx); err != nil {
		return nil, errors.Join(err, bus.Close())
	}
	return bus, nil
}
