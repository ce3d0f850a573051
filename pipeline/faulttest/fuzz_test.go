package faulttest

// Fuzz targets for parsers of outside input that have none in their own
// package: page charset decoding (bytes and headers from any web server),
// page metadata dates, OPML feed lists, crawled URLs, archive dates, and
// the JSON Lines sink's reading of a file a crash may have torn. The
// owners may move them beside their code; .ci/fuzz runs every Fuzz target
// of the module wherever it lives.

import (
	"bytes"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/herald-news/herald/extractors/page"
	"github.com/herald-news/herald/pipeline/archive"
	"github.com/herald-news/herald/pipeline/crawl"
	"github.com/herald-news/herald/sinks/jsonl"
)

func FuzzDecode(f *testing.F) {
	f.Add([]byte("<meta charset=\"koi8-r\"><p>\xf0\xd2\xc9\xd7\xc5\xd4"), "text/html")
	f.Add([]byte("\xef\xbb\xbfplain"), "text/html; charset=iso-8859-1")
	f.Add([]byte("\xff\xfe<\x00h\x00"), "")
	f.Add([]byte("caf\xe9"), "text/html; charset=\"unknown-x\"")
	f.Fuzz(func(t *testing.T, body []byte, contentType string) {
		s, err := page.Decode(body, contentType)
		if err == nil && !utf8.ValidString(s) {
			t.Fatalf("Decode gave invalid UTF-8 for %q", body)
		}
	})
}

func FuzzParseTimes(f *testing.F) {
	for _, s := range []string{"2025-04-29T10:00:00Z", "Tue, 29 Apr 2025 10:00:00 +0000", "2025/04/29", "", "2025-13-45", " 2025-04-29 10:00 "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		// What a parser reads, it reads again from its own RFC 3339
		// rendering: the same instant.
		if tm, ok := page.ParseTime(s); ok {
			if again, ok := page.ParseTime(tm.Format(time.RFC3339Nano)); !ok || !again.Equal(tm) {
				t.Fatalf("page.ParseTime(%q) = %v, which reads back as %v %v", s, tm, again, ok)
			}
		}
		if tm, err := archive.ParseTime(s); err == nil {
			if again, err := archive.ParseTime(tm.Format(time.RFC3339Nano)); err != nil || !again.Equal(tm) {
				t.Fatalf("archive.ParseTime(%q) = %v, which reads back as %v %v", s, tm, again, err)
			}
		}
	})
}

func FuzzParseOPML(f *testing.F) {
	f.Add(`<opml version="2.0"><body><outline text="News"><outline type="rss" text="TASS" xmlUrl="https://tass.com/rss/v2.xml"/></outline></body></opml>`)
	f.Add(`<opml><body><outline xmlUrl="javascript:alert(1)"/><outline xmlUrl="file:///etc/passwd"/></body></opml>`)
	f.Add(`<opml><body><outline xmlUrl="https://a.test/f" title="A"/><outline xmlUrl="https://a.test/f"/></body>`)
	f.Fuzz(func(t *testing.T, doc string) {
		feeds, err := crawl.ParseOPML(strings.NewReader(doc))
		if err != nil {
			return
		}
		for _, fd := range feeds {
			u, err := url.Parse(fd.URL)
			if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
				t.Fatalf("ParseOPML kept feed URL %q", fd.URL)
			}
		}
	})
}

func FuzzCanonicalURL(f *testing.F) {
	for _, s := range []string{"https://Example.COM/a/../b?utm_source=x&id=3#frag", "http://[::1]:80/", "//no-scheme", "%zz", "",
		"http://www.www.example.com/a", "https://[2001:db8::1]:8443/x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		// A stored canonical URL read again must be recognised as the same
		// article: the form is a fixed point.
		once := crawl.CanonicalURL(raw)
		if twice := crawl.CanonicalURL(once); twice != once {
			t.Errorf("CanonicalURL(%q) = %q, but CanonicalURL(%q) = %q", raw, once, once, twice)
		}
	})
}

// FuzzJSONLSinkOpen writes arbitrary bytes as the sink's file and opens it:
// opening must not panic, and what remains is the input cut back, at
// most, to its last complete line.
func FuzzJSONLSinkOpen(f *testing.F) {
	f.Add([]byte("{\"id\":\"a\"}\n{\"id\":\"b\"}\n{\"id\":\"c\""))
	f.Add([]byte("not json\n{\"id\":\"a\"}\n"))
	f.Add([]byte("{\"id\":\"a\"}"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, content []byte) {
		path := filepath.Join(t.TempDir(), "events.jsonl")
		if err := os.WriteFile(path, content, 0o644); err != nil {
			t.Fatal(err)
		}
		s, err := jsonl.Open(path, nil)
		if err != nil {
			return
		}
		s.Close()
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(content, got) {
			t.Fatalf("the sink changed its file beyond cutting a torn end: %q -> %q", content, got)
		}
		if len(got) > 0 && got[len(got)-1] != '\n' {
			t.Fatalf("the file still ends in a torn line: %q", got)
		}
	})
}
