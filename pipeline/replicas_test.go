package pipeline

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/herald-news/herald/pipeline/clustertest"
	"github.com/herald-news/herald/pipeline/crawl"
)

// replicaCounts is each herald stream's (and the seen-set bucket's) replica
// count.
func replicaCounts(t *testing.T, b *Bus) map[string]int {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	got := map[string]int{}
	for _, name := range []string{StreamArticles, StreamDocuments, StreamEvents, StreamDLQ, KVStream(BucketSeen)} {
		s, err := b.JetStream().Stream(ctx, name)
		if err != nil {
			t.Fatalf("stream %s: %v", name, err)
		}
		got[name] = s.CachedInfo().Config.Replicas
	}
	return got
}

// TestSetupReplicas runs Setup on a three-node cluster: --replicas 3 gives
// every stream and the seen-set three copies; a later Setup without a
// count (a worker started without the flag) keeps them; a count given
// again is applied to the existing streams.
func TestSetupReplicas(t *testing.T) {
	c := clustertest.Start(t, 3)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	open := func(r int) *Bus {
		b, err := Open(ctx, Config{NATSURL: c.URL(), Replicas: r}, nil)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { b.Close() })
		if err := b.Setup(ctx); err != nil {
			t.Fatalf("Setup with %d replicas: %v", r, err)
		}
		return b
	}
	check := func(b *Bus, want int, when string) {
		t.Helper()
		for name, n := range replicaCounts(t, b) {
			if n != want {
				t.Errorf("%s: stream %s has %d replicas, want %d", when, name, n, want)
			}
		}
	}
	check(open(0), 1, "created without a count")
	check(open(3), 3, "--replicas 3 over R1 streams")
	b := open(0)
	check(b, 3, "Setup again without a count")
	check(open(3), 3, "Setup again with --replicas 3")

	// The crawler's bucket, created after Setup, gets as many copies.
	if _, err := crawl.OpenState(ctx, b.JetStream(), time.Hour); err != nil {
		t.Fatal(err)
	}
	s, err := b.JetStream().Stream(ctx, KVStream(BucketFeeds))
	if err != nil {
		t.Fatal(err)
	}
	if n := s.CachedInfo().Config.Replicas; n != 3 {
		t.Errorf("bucket %s has %d replicas, want 3", BucketFeeds, n)
	}
}

// TestReplicasOnASingleServerIsAClearError asks an embedded (single,
// unclustered) server for three replicas: Setup says how to fix it.
func TestReplicasOnASingleServerIsAClearError(t *testing.T) {
	ctx := context.Background()
	b, err := Open(ctx, Config{DataDir: t.TempDir(), Replicas: 3}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	err = b.Setup(ctx)
	if err == nil {
		t.Fatal("Setup with 3 replicas on a single server succeeded")
	}
	if !strings.Contains(err.Error(), "--replicas 1") {
		t.Errorf("error does not say how to fix it: %v", err)
	}
	t.Logf("error: %v", err)
}

func TestRedactURL(t *testing.T) {
	for in, want := range map[string]string{
		"":                          "",
		"nats://host:4222":          "nats://host:4222",
		"nats://u:s3cret@host:4222": "nats://u:xxxxx@host:4222",
		"nats://s3cret@host:4222":   "nats://xxxxx@host:4222",
		"u:s3cret@host:4222":        "nats://u:xxxxx@host:4222",
		"tls://a:s3cret@h1:4222,nats://b:s3cret@h2:4222, nats://h3:4222": "tls://a:xxxxx@h1:4222,nats://b:xxxxx@h2:4222,nats://h3:4222",
		"nats://u:s3cret@h1:4222/%zz":                                    "(unparsable URL)",
	} {
		got := RedactURL(in)
		if got != want {
			t.Errorf("RedactURL(%q) = %q, want %q", in, got, want)
		}
		if strings.Contains(got, "s3cret") {
			t.Errorf("RedactURL(%q) keeps the password: %q", in, got)
		}
	}
}

// TestOpenErrorHasNoPassword connects to a server that is not there with a
// password in the URL: the error names the server but not the password.
func TestOpenErrorHasNoPassword(t *testing.T) {
	_, err := Open(context.Background(), Config{NATSURL: "nats://herald:s3cret@127.0.0.1:1,nats://other:s3cret@127.0.0.1:2"}, nil)
	if err == nil {
		t.Fatal("connected to a closed port")
	}
	if strings.Contains(err.Error(), "s3cret") {
		t.Fatalf("password in the error: %v", err)
	}
	if !strings.Contains(err.Error(), "herald:xxxxx@127.0.0.1:1") {
		t.Errorf("error does not name the server: %v", err)
	}
}
