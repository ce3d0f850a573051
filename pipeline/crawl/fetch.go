package crawl

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Errors a fetch can end with; test them with errors.Is.
var (
	// ErrAddressRefused: the host resolved to a loopback, private,
	// link-local or otherwise internal address the config does not allow.
	ErrAddressRefused = errors.New("address refused")
	// ErrTooLarge: the body exceeded Config.MaxBodyBytes.
	ErrTooLarge = errors.New("body too large")
	// ErrTooManyRedirects: more than Config.MaxRedirects redirects, or a
	// redirect loop.
	ErrTooManyRedirects = errors.New("too many redirects")
	// ErrRobots: robots.txt disallows the page for herald's User-Agent.
	ErrRobots = errors.New("disallowed by robots.txt")
)

// fetcher does every HTTP request of the crawler.
type fetcher struct {
	client *http.Client
	cfg    Config
}

func newFetcher(cfg Config) *fetcher {
	g := guard{loopback: cfg.AllowLoopback, private: cfg.AllowPrivate}
	dialer := &net.Dialer{Timeout: cfg.ConnectTimeout, KeepAlive: 30 * time.Second, Control: g.control}
	tr := &http.Transport{
		Proxy:                 nil,
		DialContext:           dialer.DialContext,
		TLSHandshakeTimeout:   cfg.ConnectTimeout,
		ResponseHeaderTimeout: cfg.ReadTimeout,
		MaxIdleConns:          256,
		MaxIdleConnsPerHost:   max(2, cfg.PerHost),
		IdleConnTimeout:       90 * time.Second,
		// Compression is negotiated by hand so that deflate is accepted
		// too and the decompressed size is capped.
		DisableCompression: true,
	}
	client := &http.Client{
		Transport: tr,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) > cfg.MaxRedirects {
				return fmt.Errorf("%w (%d)", ErrTooManyRedirects, len(via))
			}
			for _, v := range via {
				if v.URL.String() == req.URL.String() {
					return fmt.Errorf("%w: loop at %s", ErrTooManyRedirects, req.URL)
				}
			}
			return nil
		},
	}
	return &fetcher{client: client, cfg: cfg}
}

// request is one GET, with the validators of the last response.
type request struct {
	URL          string
	ETag         string
	LastModified string
	Accept       string
}

// response is what a GET returned. Body is decompressed and capped.
type response struct {
	Status      int
	URL         string // after redirects
	Header      http.Header
	Body        []byte
	ContentType string
}

// NotModified reports a 304 to a conditional request.
func (r *response) NotModified() bool { return r.Status == http.StatusNotModified }

// statusError is a non-2xx, non-304 response.
type statusError struct {
	Status     int
	RetryAfter time.Duration
}

func (e *statusError) Error() string {
	s := fmt.Sprintf("http status %d", e.Status)
	if e.RetryAfter > 0 {
		s += fmt.Sprintf(" (retry after %s)", e.RetryAfter)
	}
	return s
}

func (f *fetcher) get(ctx context.Context, r request) (*response, error) {
	ctx, cancel := context.WithTimeout(ctx, f.cfg.RequestTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, r.URL, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("User-Agent", f.cfg.UserAgent)
	req.Header.Set("Accept-Encoding", "gzip, deflate")
	if r.Accept != "" {
		req.Header.Set("Accept", r.Accept)
	}
	if r.ETag != "" {
		req.Header.Set("If-None-Match", r.ETag)
	}
	if r.LastModified != "" {
		req.Header.Set("If-Modified-Since", r.LastModified)
	}
	resp, err := f.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	out := &response{Status: resp.StatusCode, URL: resp.Request.URL.String(), Header: resp.Header,
		ContentType: resp.Header.Get("Content-Type")}
	switch {
	case resp.StatusCode == http.StatusNotModified:
		return out, nil
	case resp.StatusCode < 200 || resp.StatusCode > 299:
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		return out, &statusError{Status: resp.StatusCode, RetryAfter: parseRetryAfter(resp.Header.Get("Retry-After"), time.Now())}
	}
	if resp.ContentLength > f.cfg.MaxBodyBytes {
		return out, fmt.Errorf("%w: %d bytes announced, limit %d", ErrTooLarge, resp.ContentLength, f.cfg.MaxBodyBytes)
	}
	body, err := readCapped(resp.Body, resp.Header.Get("Content-Encoding"), f.cfg.MaxBodyBytes)
	if err != nil {
		return out, err
	}
	out.Body = body
	return out, nil
}

// readCapped reads a body, decompressing gzip or deflate, and fails with
// ErrTooLarge past max bytes on the wire or after decompression.
func readCapped(body io.Reader, encoding string, max int64) ([]byte, error) {
	raw, err := io.ReadAll(io.LimitReader(body, max+1))
	if err != nil {
		return nil, fmt.Errorf("read body: %w", err)
	}
	if int64(len(raw)) > max {
		return nil, fmt.Errorf("%w: more than %d bytes", ErrTooLarge, max)
	}
	var r io.Reader
	switch strings.ToLower(strings.TrimSpace(encoding)) {
	case "", "identity":
		return raw, nil
	case "gzip", "x-gzip":
		zr, err := gzip.NewReader(bytes.NewReader(raw))
		if err != nil {
			return nil, fmt.Errorf("gzip body: %w", err)
		}
		r = zr
	case "deflate":
		// "deflate" is meant to be zlib-wrapped; some servers send raw
		// deflate.
		if zr, err := zlib.NewReader(bytes.NewReader(raw)); err == nil {
			r = zr
		} else {
			r = flate.NewReader(bytes.NewReader(raw))
		}
	default:
		return nil, fmt.Errorf("unsupported content encoding %q", encoding)
	}
	out, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, fmt.Errorf("decompress body: %w", err)
	}
	if int64(len(out)) > max {
		return nil, fmt.Errorf("%w: more than %d bytes decompressed", ErrTooLarge, max)
	}
	return out, nil
}

// parseRetryAfter reads Retry-After as seconds or an HTTP date.
func parseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if s, err := strconv.Atoi(v); err == nil && s >= 0 {
		return time.Duration(s) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}

// guard refuses connections to internal addresses. It checks the address
// actually dialled, after DNS resolution and on every redirect, so a host
// name that resolves to 127.0.0.1 is caught as surely as the literal.
type guard struct{ loopback, private bool }

func (g guard) control(network, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("%w: %s", ErrAddressRefused, address)
	}
	return g.check(ap.Addr())
}

func (g guard) check(a netip.Addr) error {
	a = a.Unmap()
	switch {
	case a.IsLoopback():
		if g.loopback {
			return nil
		}
	case a.IsPrivate() || a.IsLinkLocalUnicast() || a.IsLinkLocalMulticast() || isSharedOrReserved(a):
		if g.private {
			return nil
		}
	case a.IsUnspecified() || a.IsMulticast() || a.IsInterfaceLocalMulticast():
	default:
		return nil
	}
	return fmt.Errorf("%w: %s", ErrAddressRefused, a)
}

// sharedOrReserved are ranges neither private nor public: carrier-grade
// NAT, "this network", benchmarking, and the cloud metadata address's
// neighbours are covered by link-local above.
var sharedOrReserved = []netip.Prefix{
	netip.MustParsePrefix("100.64.0.0/10"),
	netip.MustParsePrefix("0.0.0.0/8"),
	netip.MustParsePrefix("198.18.0.0/15"),
	netip.MustParsePrefix("240.0.0.0/4"),
}

func isSharedOrReserved(a netip.Addr) bool {
	for _, p := range sharedOrReserved {
		if p.Contains(a) {
			return true
		}
	}
	return false
}
