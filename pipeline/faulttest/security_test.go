package faulttest

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"log/slog"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nkeys"

	"github.com/herald-news/herald/extractors/schema"
	"github.com/herald-news/herald/pipeline"
	"github.com/herald-news/herald/pipeline/pipelinetest"
)

// pki is a CA with a server and a client certificate, as PEM files.
type pki struct {
	dir                            string
	caFile, serverCert, serverKey  string
	clientCert, clientKey, otherCA string
	caKey                          *ecdsa.PrivateKey
	ca                             *x509.Certificate
}

func newPKI(t *testing.T) *pki {
	t.Helper()
	p := &pki{dir: t.TempDir()}
	var caDER []byte
	p.ca, p.caKey, caDER = selfSigned(t, "herald test CA")
	p.caFile = p.write(t, "ca.pem", "CERTIFICATE", caDER)
	p.serverCert, p.serverKey = p.leaf(t, "server", x509.ExtKeyUsageServerAuth)
	p.clientCert, p.clientKey = p.leaf(t, "client", x509.ExtKeyUsageClientAuth)
	_, _, otherDER := selfSigned(t, "some other CA")
	p.otherCA = p.write(t, "other-ca.pem", "CERTIFICATE", otherDER)
	return p
}

func selfSigned(t *testing.T, name string) (*x509.Certificate, *ecdsa.PrivateKey, []byte) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: name},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(24 * time.Hour),
		IsCA:                  true,
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature,
		BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return cert, key, der
}

func (p *pki) leaf(t *testing.T, name string, usage x509.ExtKeyUsage) (certFile, keyFile string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(time.Now().UnixNano()),
		Subject:      pkix.Name{CommonName: "herald " + name},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{usage},
		IPAddresses:  []net.IP{net.ParseIP("127.0.0.1")},
		DNSNames:     []string{"localhost"},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, p.ca, &key.PublicKey, p.caKey)
	if err != nil {
		t.Fatal(err)
	}
	kb, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	return p.write(t, name+".pem", "CERTIFICATE", der), p.write(t, name+"-key.pem", "EC PRIVATE KEY", kb)
}

func (p *pki) write(t *testing.T, name, typ string, der []byte) string {
	t.Helper()
	path := filepath.Join(p.dir, name)
	if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// secureServer starts a JetStream nats-server that wants TLS with a client
// certificate signed by p's CA and an NKey user; it returns its URL and the
// path of the user's seed file.
func secureServer(t *testing.T, p *pki) (url, seedFile string, seed []byte) {
	t.Helper()
	user, err := nkeys.CreateUser()
	if err != nil {
		t.Fatal(err)
	}
	pub, _ := user.PublicKey()
	seed, _ = user.Seed()
	seedFile = filepath.Join(p.dir, "worker.nk")
	if err := os.WriteFile(seedFile, seed, 0o600); err != nil {
		t.Fatal(err)
	}
	tc, err := server.GenTLSConfig(&server.TLSConfigOpts{CertFile: p.serverCert, KeyFile: p.serverKey, CaFile: p.caFile, Verify: true})
	if err != nil {
		t.Fatal(err)
	}
	s, err := server.NewServer(&server.Options{
		Host: "127.0.0.1", Port: -1, JetStream: true, StoreDir: t.TempDir(), NoSigs: true, NoLog: true,
		TLS: true, TLSVerify: true, TLSConfig: tc, TLSTimeout: 5,
		Nkeys: []*server.NkeyUser{{Nkey: pub}},
	})
	if err != nil {
		t.Fatal(err)
	}
	go s.Start()
	if !s.ReadyForConnections(10 * time.Second) {
		t.Fatal("secure server not ready")
	}
	t.Cleanup(func() { s.Shutdown(); s.WaitForShutdown() })
	return fmt.Sprintf("tls://127.0.0.1:%d", s.Addr().(*net.TCPAddr).Port), seedFile, seed
}

// TestNKeyAndTLS connects through pipeline.Open with an NKey seed file, a
// client certificate and the CA, sets up the streams and publishes; and
// checks that leaving out any one of them is refused.
func TestNKeyAndTLS(t *testing.T) {
	p := newPKI(t)
	url, seedFile, _ := secureServer(t, p)
	ok := pipeline.Config{NATSURL: url, NKeyFile: seedFile, TLSCert: p.clientCert, TLSKey: p.clientKey, TLSCA: p.caFile}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	b, err := pipeline.Open(ctx, ok, nil)
	if err != nil {
		t.Fatalf("open with nkey and TLS: %v", err)
	}
	defer b.Close()
	if err := b.Setup(ctx); err != nil {
		t.Fatal(err)
	}
	if dup, err := b.PublishArticle(ctx, schema.Article{ID: "tls-1", Text: "Over TLS."}); err != nil || dup {
		t.Fatalf("publish over TLS: dup=%v err=%v", dup, err)
	}
	if n, err := b.LastSeq(ctx, pipeline.StreamArticles); err != nil || n != 1 {
		t.Fatalf("ARTICLES holds %d (%v), want 1", n, err)
	}

	for name, cfg := range map[string]pipeline.Config{
		"no nkey":               {NATSURL: url, TLSCert: p.clientCert, TLSKey: p.clientKey, TLSCA: p.caFile},
		"no client certificate": {NATSURL: url, NKeyFile: seedFile, TLSCA: p.caFile},
		"unknown CA":            {NATSURL: url, NKeyFile: seedFile, TLSCert: p.clientCert, TLSKey: p.clientKey, TLSCA: p.otherCA},
	} {
		b, err := pipeline.Open(ctx, cfg, nil)
		if err == nil {
			b.Close()
			t.Errorf("%s: connected, want refused", name)
			continue
		}
		t.Logf("%s: %v", name, err)
	}
}

// TestNoSecretInLogs opens the bus with an NKey seed file at debug level,
// runs a worker, then fails to connect with a seed the server does not
// know: neither seed appears in the log or in the errors.
func TestNoSecretInLogs(t *testing.T) {
	p := newPKI(t)
	url, seedFile, seed := secureServer(t, p)
	var logs pipelinetest.SyncBuffer
	log := testLogTo(&logs)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cfg := pipeline.Config{NATSURL: url, NKeyFile: seedFile, TLSCert: p.clientCert, TLSKey: p.clientKey, TLSCA: p.caFile}
	b, err := pipeline.Open(ctx, cfg, log)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Setup(ctx); err != nil {
		t.Fatal(err)
	}
	x := newCounting(t)
	w := &pipeline.Worker{Bus: b, Extractor: x, Version: "test", Log: log, Concurrency: 1}
	wp := start(t, "worker", b, w, w.Run)
	if _, err := b.PublishArticle(ctx, schema.Article{ID: "s-1", Text: "The minister said on Monday that talks would resume."}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "article processed", time.Minute, func(context.Context) (bool, error) { return wp.processed() == 1, nil })
	wp.stop()

	// A seed the server does not know, and a seed file that is no seed.
	other, _ := nkeys.CreateUser()
	otherSeed, _ := other.Seed()
	otherFile := filepath.Join(t.TempDir(), "other.nk")
	if err := os.WriteFile(otherFile, otherSeed, 0o600); err != nil {
		t.Fatal(err)
	}
	var errs []string
	for _, f := range []string{otherFile, p.clientKey} {
		c := cfg
		c.NKeyFile = f
		if b, err := pipeline.Open(ctx, c, log); err == nil {
			b.Close()
			t.Errorf("connected with seed file %s, want refused", filepath.Base(f))
		} else {
			errs = append(errs, err.Error())
		}
	}
	all := logs.String() + strings.Join(errs, "\n")
	if !strings.Contains(logs.String(), "level=") {
		t.Fatal("nothing was logged: the test checks nothing")
	}
	for name, secret := range map[string][]byte{"seed": seed, "other seed": otherSeed} {
		if strings.Contains(all, string(secret)) {
			t.Errorf("the %s appears in the log or errors", name)
		}
	}
	key, _ := os.ReadFile(p.clientKey)
	if body := strings.TrimSpace(string(key)); strings.Contains(all, body[40:80]) {
		t.Error("the client key appears in the log or errors")
	}
	t.Logf("errors (no secret in them): %s", strings.Join(errs, " | "))
}

// testLogTo logs everything, debug included, as text into l.
func testLogTo(l *pipelinetest.SyncBuffer) *slog.Logger {
	return slog.New(slog.NewTextHandler(l, &slog.HandlerOptions{Level: slog.LevelDebug}))
}
