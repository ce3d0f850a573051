package archive_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nlnwa/gowarc/v3"
	"golang.org/x/text/encoding/charmap"

	"github.com/herald-news/herald/pipeline/archive"
)

var update = flag.Bool("update", false, "rewrite testdata/warc/pages.warc.gz from testdata/warc/pages")

// warcDir holds the pages (written for these tests) and the WARC made of
// them.
var warcDir = filepath.Join("..", "..", "testdata", "warc")

// page is one capture in a test WARC.
type capture struct {
	url    string
	status string
	ctype  string // HTTP Content-Type; "" sends none
	body   []byte
}

// pageCaptures are the pages under testdata/warc/pages as a crawler would
// have fetched them: the second served in windows-1252, declared only in
// the HTTP header; the third with no Content-Type at all.
func pageCaptures(t *testing.T) []capture {
	t.Helper()
	read := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join(warcDir, "pages", name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	b1252, err := charmap.Windows1252.NewEncoder().Bytes(read("b-zurich-forum.html"))
	if err != nil {
		t.Fatal(err)
	}
	return []capture{
		{url: "https://wire.example.org/2019/01/16/geneva-talks", status: "200 OK", ctype: "text/html; charset=utf-8", body: read("a-geneva-talks.html")},
		{url: "https://wire.example.org/2019/02/07/zurich-forum", status: "200 OK", ctype: "text/html; charset=windows-1252", body: b1252},
		{url: "https://wire.example.org/2019/04/29/vienna-review", status: "200 OK", body: read("c-vienna-review.html")},
	}
}

var fetched = time.Date(2019, 5, 1, 12, 0, 0, 0, time.UTC)

// buildWARC writes a gzipped WARC, one gzip member a record: a warcinfo,
// a request, the three pages, and between them a PNG image, a broken
// record (its Content-Length promises more than the member holds), a
// redirect and a metadata record.
func buildWARC(t *testing.T, w io.Writer, broken bool) {
	t.Helper()
	caps := pageCaptures(t)
	n := 0
	put := func(rt gowarc.RecordType, uri, contentType, block string) {
		t.Helper()
		n++
		b := gowarc.NewRecordBuilder(rt, gowarc.WithAddMissingDigest(true), gowarc.WithAddMissingContentLength(true),
			gowarc.WithFixContentLength(true), gowarc.WithFixDigest(true))
		if _, err := b.WriteString(block); err != nil {
			t.Fatal(err)
		}
		b.AddWarcHeader(gowarc.WarcRecordID, fmt.Sprintf("<urn:uuid:00000000-0000-4000-8000-%012d>", n))
		b.AddWarcHeaderTime(gowarc.WarcDate, fetched.Add(time.Duration(n)*time.Second))
		b.AddWarcHeader(gowarc.ContentType, contentType)
		if uri != "" {
			b.AddWarcHeader(gowarc.WarcTargetURI, uri)
		}
		rec, _, err := b.Build()
		if err != nil {
			t.Fatalf("record %d: %v", n, err)
		}
		member(t, w, func(gz io.Writer) {
			if _, _, err := gowarc.NewMarshaler().Marshal(gz, rec, 0); err != nil {
				t.Fatal(err)
			}
		})
		rec.Close()
	}
	response := func(c capture) {
		var hdr strings.Builder
		fmt.Fprintf(&hdr, "HTTP/1.1 %s\r\n", c.status)
		if c.ctype != "" {
			fmt.Fprintf(&hdr, "Content-Type: %s\r\n", c.ctype)
		}
		fmt.Fprintf(&hdr, "Content-Length: %d\r\n\r\n", len(c.body))
		put(gowarc.Response, c.url, "application/http;msgtype=response", hdr.String()+string(c.body))
	}
	put(gowarc.Warcinfo, "", "application/warc-fields", "software: herald archive tests\r\nformat: WARC File Format 1.1\r\n")
	put(gowarc.Request, caps[0].url, "application/http;msgtype=request", "GET /2019/01/16/geneva-talks HTTP/1.1\r\nHost: wire.example.org\r\n\r\n")
	response(caps[0])
	response(capture{url: "https://wire.example.org/logo.png", status: "200 OK", ctype: "image/png",
		body: []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01")})
	if broken {
		member(t, w, func(gz io.Writer) {
			io.WriteString(gz, "WARC/1.1\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-999999999999>\r\n"+
				"WARC-Date: 2019-05-01T12:00:30Z\r\nWARC-Target-URI: https://wire.example.org/broken\r\n"+
				"Content-Type: application/http;msgtype=response\r\nContent-Length: 4000\r\n\r\n"+
				"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><body><p>cut off here")
		})
	}
	response(caps[1])
	response(capture{url: "https://wire.example.org/old-url", status: "301 Moved Permanently", ctype: "text/html",
		body: []byte("<html><body>Moved</body></html>")})
	put(gowarc.Metadata, caps[1].url, "application/warc-fields", "outlinks: https://wire.example.org/\r\n")
	response(caps[2])
}

// member writes one gzip member.
func member(t *testing.T, w io.Writer, write func(io.Writer)) {
	t.Helper()
	gz := gzip.NewWriter(w)
	write(gz)
	if err := gz.Close(); err != nil {
		t.Fatal(err)
	}
}

func readAll(t *testing.T, path string) []archive.Item {
	t.Helper()
	var items []archive.Item
	if err := archive.Read(context.Background(), path, func(it archive.Item) error {
		items = append(items, it)
		return nil
	}); err != nil {
		t.Fatalf("read %s: %v", path, err)
	}
	return items
}

// TestWARCReadsLikeFolder reads the WARC made of testdata/warc/pages and
// the folder itself: the same pages, in the same order, with the same
// HTML once decoded; plus, from the WARC, URLs and fetch times, and one
// error for the broken record.
func TestWARCReadsLikeFolder(t *testing.T) {
	path := filepath.Join(warcDir, "pages.warc.gz")
	if *update {
		var buf bytes.Buffer
		buildWARC(t, &buf, true)
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	fromWARC := readAll(t, path)
	fromDir := readAll(t, filepath.Join(warcDir, "pages"))
	if len(fromDir) != 3 {
		t.Fatalf("folder gave %d items, want 3", len(fromDir))
	}
	var pages []archive.Item
	var broken []archive.Item
	for _, it := range fromWARC {
		if it.Err != nil {
			broken = append(broken, it)
			continue
		}
		pages = append(pages, it)
	}
	if len(broken) != 1 || !errors.Is(broken[0].Err, archive.ErrBadRecord) {
		t.Errorf("broken records = %v, want one error wrapping ErrBadRecord", broken)
	}
	if len(pages) != len(fromDir) {
		t.Fatalf("WARC gave %d pages, folder %d", len(pages), len(fromDir))
	}
	caps := pageCaptures(t)
	for i, it := range pages {
		if it.Article.HTML != fromDir[i].Article.HTML {
			t.Errorf("page %d (%s): HTML differs from %s", i, it.Article.URL, fromDir[i].Origin)
		}
		if it.Article.URL != caps[i].url {
			t.Errorf("page %d: URL %q, want %q", i, it.Article.URL, caps[i].url)
		}
		if it.Article.Fetched.IsZero() || it.Article.Fetched.Before(fetched) {
			t.Errorf("page %d: Fetched %v, want the WARC-Date", i, it.Article.Fetched)
		}
		if it.Article.ID != "" || it.Article.Text != "" {
			t.Errorf("page %d: id %q, text %q; want both empty (the pipeline derives the id from the URL)", i, it.Article.ID, it.Article.Text)
		}
		if !strings.Contains(it.Origin, "pages.warc.gz@") {
			t.Errorf("page %d: origin %q, want file@offset", i, it.Origin)
		}
	}
	if !strings.Contains(pages[1].Article.HTML, "Zürich forum") || !strings.Contains(pages[1].Article.HTML, "“Die Zeit drängt,”") {
		t.Error("the windows-1252 page was not decoded by its HTTP charset")
	}
}

// TestWARCFreshlyBuilt builds the WARC (without its broken record, which
// in an uncompressed file would swallow the records after it) in a
// temporary folder and reads it, so that the test does not depend on the
// committed file alone; the uncompressed form must read the same.
func TestWARCFreshlyBuilt(t *testing.T) {
	dir := t.TempDir()
	var gz bytes.Buffer
	buildWARC(t, &gz, false)
	gzPath := filepath.Join(dir, "x.warc.gz")
	if err := os.WriteFile(gzPath, gz.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(gz.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	plain, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	plainPath := filepath.Join(dir, "x.warc")
	if err := os.WriteFile(plainPath, plain, 0o644); err != nil {
		t.Fatal(err)
	}
	a, b := readAll(t, gzPath), readAll(t, plainPath)
	summary := func(items []archive.Item) string {
		var sb strings.Builder
		for _, it := range items {
			if it.Err != nil {
				sb.WriteString("error\n")
				continue
			}
			fmt.Fprintf(&sb, "%s %d\n", it.Article.URL, len(it.Article.HTML))
		}
		return sb.String()
	}
	if summary(a) != summary(b) {
		t.Errorf("gzipped and plain WARC read differently:\n%s\nvs\n%s", summary(a), summary(b))
	}
	if got := strings.Count(summary(a), "https://"); got != 3 {
		t.Errorf("gzipped WARC gave %d pages, want 3:\n%s", got, summary(a))
	}
}

func TestWARCStopsOnCallbackError(t *testing.T) {
	stop := errors.New("stop")
	calls := 0
	err := archive.ReadWARC(context.Background(), filepath.Join(warcDir, "pages.warc.gz"), func(archive.Item) error {
		calls++
		return stop
	})
	if !errors.Is(err, stop) || calls != 1 {
		t.Fatalf("err = %v after %d calls, want stop after 1", err, calls)
	}
}

func TestWARCNotAWARC(t *testing.T) {
	path := filepath.Join(t.TempDir(), "notes.warc")
	if err := os.WriteFile(path, []byte("just some notes, not an archive\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var items []archive.Item
	err := archive.ReadWARC(context.Background(), path, func(it archive.Item) error {
		items = append(items, it)
		return nil
	})
	if err == nil && (len(items) != 1 || items[0].Err == nil) {
		t.Fatalf("a file with no WARC record read as %d items, err %v", len(items), err)
	}
}

// FuzzReadWARC feeds arbitrary bytes to the reader: it must return, never
// panic, and every item it yields has a page or an error.
func FuzzReadWARC(f *testing.F) {
	if b, err := os.ReadFile(filepath.Join(warcDir, "pages.warc.gz")); err == nil {
		f.Add(b)
		if zr, err := gzip.NewReader(bytes.NewReader(b)); err == nil {
			if plain, err := io.ReadAll(zr); err == nil {
				f.Add(plain)
			}
		}
	}
	f.Add([]byte("WARC/1.1\r\nWARC-Type: response\r\nContent-Length: 3\r\n\r\nabc\r\n\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), "f.warc")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = archive.ReadWARC(ctx, path, func(it archive.Item) error {
			if it.Err == nil && it.Article.HTML == "" {
				t.Errorf("item %s has neither page nor error", it.Origin)
			}
			return nil
		})
	})
}
