package main

import (
	"bytes"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nkeys"
)

// TestNoSeedInCommandOutput runs herald replay against a nats-server that
// wants an NKey, at debug level, with the right seed and with a wrong one:
// the seeds never appear in what the command prints.
func TestNoSeedInCommandOutput(t *testing.T) {
	user, _ := nkeys.CreateUser()
	pub, _ := user.PublicKey()
	seed, _ := user.Seed()
	other, _ := nkeys.CreateUser()
	otherSeed, _ := other.Seed()
	dir := t.TempDir()
	good, bad := filepath.Join(dir, "good.nk"), filepath.Join(dir, "bad.nk")
	if err := os.WriteFile(good, seed, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bad, otherSeed, 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := server.NewServer(&server.Options{Host: "127.0.0.1", Port: -1, JetStream: true, StoreDir: t.TempDir(),
		NoSigs: true, NoLog: true, Nkeys: []*server.NkeyUser{{Nkey: pub}}})
	if err != nil {
		t.Fatal(err)
	}
	go s.Start()
	if !s.ReadyForConnections(10 * time.Second) {
		t.Fatal("server not ready")
	}
	defer func() { s.Shutdown(); s.WaitForShutdown() }()
	url := fmt.Sprintf("nats://127.0.0.1:%d", s.Addr().(*net.TCPAddr).Port)
	sample := filepath.Join("..", "..", "testdata", "archive", "sample.jsonl")
	t.Setenv("HERALD_LOG", "debug")

	var out, errb bytes.Buffer
	if code := run([]string{"replay", "--nats-url", url, "--nats-nkey", good, "--data-dir", t.TempDir(), sample}, nil, &out, &errb); code != 0 {
		t.Fatalf("replay with the right seed exited %d: %s", code, errb.String())
	}
	all := out.String() + errb.String()
	if !strings.Contains(all, "level=DEBUG") && !strings.Contains(all, "level=INFO") {
		t.Fatalf("nothing logged, the test checks nothing: %q", all)
	}
	out.Reset()
	errb.Reset()
	if code := run([]string{"replay", "--nats-url", url, "--nats-nkey", bad, "--data-dir", t.TempDir(), sample}, nil, &out, &errb); code == 0 {
		t.Fatal("replay with an unknown seed succeeded")
	}
	t.Logf("refused: %s", strings.TrimSpace(errb.String()))
	all += out.String() + errb.String()
	for name, secret := range map[string][]byte{"seed": seed, "unknown seed": otherSeed} {
		if strings.Contains(all, string(secret)) {
			t.Errorf("the %s appears in the command's output", name)
		}
	}
}
