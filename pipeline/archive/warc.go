package archive

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/nlnwa/gowarc/v3"

	"github.com/herald-news/herald/extractors/page"
)

// WARC files (ISO 28500, versions 1.0 and 1.1, whole or gzipped record by
// record: Common Crawl News, Internet Archive and Heritrix crawls, wget
// --warc-file) are read with github.com/nlnwa/gowarc/v3, the National
// Library of Norway's WARC library: maintained, it parses WARC 1.0 and 1.1,
// per-record gzip members, HTTP blocks and digests, with error policies
// that let a reader warn about a damaged record and go on to the next.

// maxWARCFailures is how many records in a row may fail to parse before
// ReadWARC gives up on a file as not being WARC at all.
//
// A record whose Content-Length promises more than its gzip member holds
// is reported as truncated. In an uncompressed file such a record swallows
// the ones after it: nothing in the format says where they begin.
const maxWARCFailures = 100

// ReadWARC reads the WARC file at path, calling fn with an article for
// every response (or resource) record that carries an HTML page with a
// 2xx status: its URL is WARC-Target-URI, its Fetched time WARC-Date, and
// its HTML the payload decoded to UTF-8 by the charset of the HTTP
// Content-Type header, a byte-order mark or the page's meta tag
// (page.Decode), left unextracted. Its id is left empty: the pipeline
// derives it from the URL, as for a crawled page, so that an article
// crawled and archived is one article. Other records (warcinfo, requests,
// metadata, revisits, images, redirects) are skipped. A record that cannot
// be read is an item with Err wrapping ErrBadRecord, and reading goes on
// with the next record.
func ReadWARC(ctx context.Context, path string, fn func(Item) error) error {
	r, err := gowarc.NewWarcFileReader(path, 0,
		gowarc.WithSyntaxErrorPolicy(gowarc.ErrWarn),
		gowarc.WithSpecViolationPolicy(gowarc.ErrWarn),
		gowarc.WithUnknownRecordTypePolicy(gowarc.ErrIgnore),
		gowarc.WithBlockErrorPolicy(gowarc.ErrWarn))
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	defer r.Close()
	failures := 0
	var lastEnd int64 = -1
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		rec, err := r.Next()
		if rec.WarcRecord == nil && errors.Is(err, io.EOF) {
			return nil
		}
		origin := fmt.Sprintf("%s@%d", path, rec.Offset)
		if err == nil && rec.WarcRecord == nil {
			err = errors.New("no record")
		}
		if err == nil {
			var cl *gowarc.ContentLengthError
			for _, v := range rec.Validation {
				if errors.As(v, &cl) {
					err = fmt.Errorf("truncated record: %w", v)
				}
			}
		}
		if err != nil {
			rec.Close()
			if ferr := fn(Item{Origin: origin, Err: fmt.Errorf("%s: %w: %w", origin, ErrBadRecord, err)}); ferr != nil {
				return ferr
			}
			if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, gowarc.ErrNoRecord) {
				return nil // nothing more can be read
			}
			end := rec.Offset + rec.Size
			if failures++; failures > maxWARCFailures || end <= lastEnd {
				return fmt.Errorf("%s: giving up after %d unreadable records: %w", origin, failures, err)
			}
			lastEnd = end
			continue
		}
		failures = 0
		lastEnd = rec.Offset + rec.Size
		it, ok := warcItem(rec.WarcRecord, origin)
		rec.Close()
		if !ok {
			continue
		}
		if err := fn(it); err != nil {
			return err
		}
	}
}

// warcItem turns a record into an article; ok is false for a record that
// holds no HTML page.
func warcItem(wr gowarc.WarcRecord, origin string) (it Item, ok bool) {
	it.Origin = origin
	h := wr.WarcHeader()
	it.Article.URL = strings.Trim(h.Get(gowarc.WarcTargetURI), "<>")
	if t, err := h.GetTime(gowarc.WarcDate); err == nil {
		it.Article.Fetched = t.UTC()
	}
	var body io.Reader
	var contentType string
	switch wr.Type() {
	case gowarc.Response:
		blk, isHTTP := wr.Block().(gowarc.HttpResponseBlock)
		if !isHTTP {
			return it, false // a DNS or other non-HTTP response
		}
		if code := blk.HttpStatusCode(); code < 200 || code > 299 {
			return it, false
		}
		if hh := blk.HttpHeader(); hh != nil {
			contentType = hh.Get("Content-Type")
		}
		pr, err := blk.PayloadBytes()
		if err != nil {
			return fail(it, err), true
		}
		body = pr
	case gowarc.Resource:
		contentType = h.Get(gowarc.ContentType)
		rb, err := wr.Block().RawBytes()
		if err != nil {
			return fail(it, err), true
		}
		body = rb
	default:
		return it, false
	}
	b, err := io.ReadAll(io.LimitReader(body, maxFile+1))
	if err != nil {
		return fail(it, err), true
	}
	if !isHTML(contentType, b) {
		return it, false
	}
	if len(b) > maxFile {
		return fail(it, fmt.Errorf("page larger than %d bytes", maxFile)), true
	}
	if len(bytes.TrimSpace(b)) == 0 {
		return fail(it, errors.New("empty page")), true
	}
	html, err := page.Decode(b, contentType)
	if err != nil {
		return fail(it, err), true
	}
	it.Article.HTML = html
	return it, true
}

// isHTML reports an HTML page by its declared type, or by its content when
// no type is declared.
func isHTML(contentType string, body []byte) bool {
	if contentType == "" {
		contentType = http.DetectContentType(body)
	}
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		mt = strings.ToLower(strings.TrimSpace(strings.Split(contentType, ";")[0]))
	}
	return mt == "text/html" || mt == "application/xhtml+xml"
}
