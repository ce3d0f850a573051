package faulttest

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/jwt/v2"
	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nkeys"

	"github.com/herald-news/herald/extractors/schema"
	"github.com/herald-news/herald/pipeline"
	"github.com/herald-news/herald/pipeline/pipelinetest"
)

// operatorServer starts a JetStream nats-server in operator (decentralised
// JWT) mode with one account, and writes a credentials file for a user of
// that account; it returns the server's URL, the file and the user's seed.
func operatorServer(t *testing.T) (url, credsFile string, seed []byte) {
	t.Helper()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	okp, err := nkeys.CreateOperator()
	must(err)
	opub, _ := okp.PublicKey()
	oc := jwt.NewOperatorClaims(opub)
	oc.Name = "herald-test"
	ojwt, err := oc.Encode(okp)
	must(err)
	oc, err = jwt.DecodeOperatorClaims(ojwt)
	must(err)

	akp, err := nkeys.CreateAccount()
	must(err)
	apub, _ := akp.PublicKey()
	ac := jwt.NewAccountClaims(apub)
	ac.Name = "HERALD"
	ac.Limits.JetStreamLimits = jwt.JetStreamLimits{MemoryStorage: -1, DiskStorage: -1, Streams: -1, Consumer: -1}
	ajwt, err := ac.Encode(okp)
	must(err)

	ukp, err := nkeys.CreateUser()
	must(err)
	upub, _ := ukp.PublicKey()
	uc := jwt.NewUserClaims(upub)
	uc.Name = "worker"
	ujwt, err := uc.Encode(akp)
	must(err)
	seed, err = ukp.Seed()
	must(err)
	creds, err := jwt.FormatUserConfig(ujwt, seed)
	must(err)
	credsFile = filepath.Join(t.TempDir(), "worker.creds")
	must(os.WriteFile(credsFile, creds, 0o600))

	// Operator mode wants a system account.
	skp, err := nkeys.CreateAccount()
	must(err)
	spub, _ := skp.PublicKey()
	sc := jwt.NewAccountClaims(spub)
	sc.Name = "SYS"
	sjwt, err := sc.Encode(okp)
	must(err)

	res := &server.MemAccResolver{}
	must(res.Store(apub, ajwt))
	must(res.Store(spub, sjwt))
	s, err := server.NewServer(&server.Options{
		Host: "127.0.0.1", Port: -1, JetStream: true, StoreDir: t.TempDir(), NoSigs: true, NoLog: true,
		TrustedOperators: []*jwt.OperatorClaims{oc}, AccountResolver: res, SystemAccount: spub,
	})
	must(err)
	go s.Start()
	if !s.ReadyForConnections(10 * time.Second) {
		t.Fatal("operator-mode server not ready")
	}
	t.Cleanup(func() { s.Shutdown(); s.WaitForShutdown() })
	return fmt.Sprintf("nats://127.0.0.1:%d", s.Addr().(*net.TCPAddr).Port), credsFile, seed
}

// TestCredentialsFile connects through pipeline.Open with a credentials
// file (user JWT and seed) to an operator-mode server, sets up the streams
// and publishes; without the file the server refuses.
func TestCredentialsFile(t *testing.T) {
	url, creds, seed := operatorServer(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var logs pipelinetest.SyncBuffer
	b, err := pipeline.Open(ctx, pipeline.Config{NATSURL: url, CredsFile: creds}, testLogTo(&logs))
	if err != nil {
		t.Fatalf("open with a credentials file: %v", err)
	}
	defer b.Close()
	if err := b.Setup(ctx); err != nil {
		t.Fatal(err)
	}
	if dup, err := b.PublishArticle(ctx, schema.Article{ID: "creds-1", Text: "With a credentials file."}); err != nil || dup {
		t.Fatalf("publish: dup=%v err=%v", dup, err)
	}
	if _, err := pipeline.Open(ctx, pipeline.Config{NATSURL: url}, nil); err == nil {
		t.Error("connected without credentials, want refused")
	} else {
		t.Logf("without credentials: %v", err)
	}
	// A credentials file whose JWT the server refuses, with the seed in
	// it: opening logs nothing when all goes well, so what the seed could
	// leak into is this refusal's error and its log.
	raw, err := os.ReadFile(creds)
	if err != nil {
		t.Fatal(err)
	}
	start := bytes.Index(raw, []byte("eyJ"))
	if start < 0 {
		t.Fatal("no JWT in the credentials file")
	}
	bad := append(append([]byte{}, raw[:start]...), append([]byte("eyJbroken"), raw[start+len("eyJbroken"):]...)...)
	badFile := filepath.Join(t.TempDir(), "bad.creds")
	if err := os.WriteFile(badFile, bad, 0o600); err != nil {
		t.Fatal(err)
	}
	_, err = pipeline.Open(ctx, pipeline.Config{NATSURL: url, CredsFile: badFile}, testLogTo(&logs))
	if err == nil {
		t.Fatal("connected with a broken JWT, want refused")
	}
	t.Logf("with a broken JWT: %v", err)
	if all := logs.String() + err.Error(); strings.Contains(all, string(seed)) {
		t.Error("the seed appears in the log or the error")
	}
}
