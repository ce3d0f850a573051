// Package deploy holds the configuration files of a three-node herald
// deployment; this test keeps them valid for the nats-server herald builds
// with.
package deploy

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nkeys"
)

func TestClusterConfigsParse(t *testing.T) {
	accounts, err := os.ReadFile(filepath.Join("nats", "accounts.conf"))
	if err != nil {
		t.Fatal(err)
	}
	// The shipped public keys are placeholders for the operator's own;
	// put real ones in their place, as an operator would.
	text := string(accounts)
	for _, ph := range []string{"UCRAWLERPUBLICKEYPLACEHOLDER", "UWORKERPUBLICKEYPLACEHOLDER", "USINKPUBLICKEYPLACEHOLDER"} {
		i := strings.Index(text, ph)
		if i < 0 {
			t.Fatalf("accounts.conf lacks placeholder %s", ph)
		}
		j := i + strings.IndexAny(text[i:], " \n}")
		kp, err := nkeys.CreateUser()
		if err != nil {
			t.Fatal(err)
		}
		pub, _ := kp.PublicKey()
		text = text[:i] + pub + text[j:]
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "accounts.conf"), []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, n := range []string{"n1", "n2", "n3"} {
		b, err := os.ReadFile(filepath.Join("nats", n+".conf"))
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, n+".conf")
		if err := os.WriteFile(path, b, 0o600); err != nil {
			t.Fatal(err)
		}
		opts, err := server.ProcessConfigFile(path)
		if err != nil {
			t.Fatalf("%s: %v", n, err)
		}
		if opts.ServerName != n || !opts.JetStream || opts.Cluster.Name != "herald" || len(opts.Routes) != 3 {
			t.Errorf("%s: server %q jetstream %v cluster %q routes %d; want %s, true, herald, 3",
				n, opts.ServerName, opts.JetStream, opts.Cluster.Name, len(opts.Routes), n)
		}
		if len(opts.Nkeys) != 3 {
			t.Errorf("%s: %d nkey users, want 3 (crawler, worker, sink)", n, len(opts.Nkeys))
		}
	}
}
