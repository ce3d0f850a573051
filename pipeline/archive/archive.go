// Package archive reads stored articles for `herald replay`: JSON Lines
// dumps (.jsonl, .jsonl.gz), folders of .html/.htm/.txt files, and WARC
// files (.warc, .warc.gz; see warc.go).
package archive

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/herald-news/herald/extractors/page"
	"github.com/herald-news/herald/extractors/schema"
)

// Item is one article read from an archive, or the error that stopped one
// from being read. Read goes on after an item with Err set.
type Item struct {
	Article schema.Article
	// Origin says where the item came from: file:line for JSON Lines,
	// the file for a folder.
	Origin string
	Err    error
}

// ErrBadRecord is wrapped by every Item.Err about one record (a line, a
// file) that could not be read; Read carries on after it.
var ErrBadRecord = errors.New("bad record")

// fail is it with err as a bad record's error, naming its origin.
func fail(it Item, err error) Item {
	it.Err = fmt.Errorf("%s: %w: %w", it.Origin, ErrBadRecord, err)
	return it
}

// MaxLine is the longest JSON line read (an article with its HTML).
const MaxLine = 16 << 20

// Reader reads one archive file, calling fn for every item.
type Reader func(ctx context.Context, path string, fn func(Item) error) error

// readers maps a file name suffix to its reader.
var readers = map[string]Reader{
	".jsonl":    readJSONL,
	".jsonl.gz": readJSONL,
	".ndjson":   readJSONL,
	".warc":     ReadWARC,
	".warc.gz":  ReadWARC,
}

// readerFor finds the reader for a file name, longest suffix first.
func readerFor(name string) (Reader, bool) {
	name = strings.ToLower(name)
	best := ""
	for s := range readers {
		if strings.HasSuffix(name, s) && len(s) > len(best) {
			best = s
		}
	}
	if best == "" {
		return nil, false
	}
	return readers[best], true
}

// Read reads the archive at path, a file or a folder, calling fn for each
// item in order. An error from fn, ctx, or a file that cannot be opened
// stops it; a bad record is an item with Err set.
func Read(ctx context.Context, path string, fn func(Item) error) error {
	st, err := os.Stat(path)
	if err != nil {
		return err
	}
	if st.IsDir() {
		return readDir(ctx, path, fn)
	}
	r, ok := readerFor(path)
	if !ok {
		// A single page or text file is an article, as in a folder.
		if isHTML, ok := articleFile(path); ok {
			return fn(readFile(path, filepath.Base(path), isHTML))
		}
		return fmt.Errorf("%s: unknown archive type (want .jsonl, .jsonl.gz, .warc, .warc.gz, .html, .txt or a folder)", path)
	}
	return r(ctx, path, fn)
}

func readJSONL(ctx context.Context, path string, fn func(Item) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(strings.ToLower(path), ".gz") {
		gz, err := gzip.NewReader(f)
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		defer gz.Close()
		r = gz
	}
	return ReadJSONL(ctx, r, path, fn)
}

// ReadJSONL reads articles, one JSON object a line, from r; name is used in
// origins. Blank lines are skipped.
func ReadJSONL(ctx context.Context, r io.Reader, name string, fn func(Item) error) error {
	br := bufio.NewReaderSize(r, 64<<10)
	for line := 1; ; line++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		b, err := readLine(br)
		if len(b) > 0 || (err == nil) {
			if it, ok := decodeLine(b, fmt.Sprintf("%s:%d", name, line)); ok {
				if ferr := fn(it); ferr != nil {
					return ferr
				}
			}
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s:%d: %w", name, line, err)
		}
	}
}

// errLineTooLong is reported for a line over MaxLine; the rest of it is
// skipped.
var errLineTooLong = fmt.Errorf("line longer than %d bytes", MaxLine)

// readLine reads one line without its newline. A line over MaxLine is
// consumed and returned as a marker the decoder reports.
func readLine(br *bufio.Reader) ([]byte, error) {
	var buf []byte
	long := false
	for {
		chunk, err := br.ReadSlice('\n')
		if !long {
			buf = append(buf, chunk...)
			if len(buf) > MaxLine {
				long, buf = true, nil
			}
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		if long {
			return tooLongMarker, err
		}
		return bytes.TrimRight(buf, "\r\n"), err
	}
}

var tooLongMarker = []byte{0}

// decodeLine reads one line into an item; ok is false for a blank line.
func decodeLine(b []byte, origin string) (Item, bool) {
	if bytes.Equal(b, tooLongMarker) {
		return fail(Item{Origin: origin}, errLineTooLong), true
	}
	b = bytes.TrimSpace(b)
	if len(b) == 0 {
		return Item{}, false
	}
	a, err := DecodeArticle(b)
	if err != nil {
		it := fail(Item{Origin: origin}, err)
		// Keep the id when the line is an object with one, so that the
		// error can be reported against it.
		var probe struct {
			ID string `json:"id"`
		}
		if json.Unmarshal(b, &probe) == nil {
			it.Article.ID = probe.ID
		} else if m := idPattern.FindSubmatch(b); m != nil {
			it.Article.ID = string(m[1])
		}
		return it, true
	}
	if strings.TrimSpace(a.Text) == "" && strings.TrimSpace(a.HTML) == "" {
		return fail(Item{Article: a, Origin: origin}, errNoText), true
	}
	return Item{Article: a, Origin: origin}, true
}

// DecodeArticle reads one article object. Its "published" may be in any
// form ParseTime reads.
func DecodeArticle(b []byte) (schema.Article, error) {
	var w struct {
		schema.Article
		Published string `json:"published"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return schema.Article{}, err
	}
	a := w.Article
	if p := strings.TrimSpace(w.Published); p != "" {
		t, err := ParseTime(p)
		if err != nil {
			return a, err
		}
		a.Published = t
	}
	return a, nil
}

// ParseTime reads the forms page metadata uses (page.ParseTime): RFC 3339,
// a date and time without zone (UTC), YYYY-MM-DD, RFC 1123.
func ParseTime(s string) (time.Time, error) {
	if t, ok := page.ParseTime(s); ok {
		return t, nil
	}
	return time.Time{}, fmt.Errorf("%q is neither RFC 3339 nor YYYY-MM-DD", s)
}

// errNoText is reported for an article with neither text nor HTML.
var errNoText = errors.New("article has neither text nor html")

// idPattern finds the id at the start of a line too broken to decode.
var idPattern = regexp.MustCompile(`^\s*\{\s*"id"\s*:\s*"([^"\\]{1,200})"`)

// maxFile is the largest .html/.txt file read from a folder.
const maxFile = 32 << 20

// readDir reads every .html, .htm and .txt file under dir (sorted by path)
// as one article, and every archive file by its reader.
func readDir(ctx context.Context, dir string, fn func(Item) error) error {
	var paths []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p != dir && strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir
			}
			return nil
		}
		paths = append(paths, p)
		return nil
	})
	if err != nil {
		return err
	}
	sort.Strings(paths)
	for _, p := range paths {
		if err := ctx.Err(); err != nil {
			return err
		}
		if r, ok := readerFor(p); ok {
			if err := r(ctx, p, fn); err != nil {
				return err
			}
			continue
		}
		isHTML, ok := articleFile(p)
		if !ok {
			continue
		}
		rel, _ := filepath.Rel(dir, p)
		if err := fn(readFile(p, filepath.ToSlash(rel), isHTML)); err != nil {
			return err
		}
	}
	return nil
}

// articleFile reports whether path names a file read as one article (ok)
// and whether it is a page rather than plain text (isHTML).
func articleFile(path string) (isHTML, ok bool) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".html", ".htm":
		return true, true
	case ".txt":
		return false, true
	}
	return false, false
}

// readFile reads one article file. Its id is derived from its path
// relative to the folder, so that replaying the folder again gives the
// same ids.
func readFile(path, rel string, isHTML bool) Item {
	it := Item{Origin: path}
	it.Article.ID = "file-" + fileID(rel)
	st, err := os.Stat(path)
	if err != nil {
		it.Err = fmt.Errorf("%s: %w", path, err)
		return it
	}
	if st.Size() > maxFile {
		return fail(it, fmt.Errorf("file larger than %d bytes", maxFile))
	}
	b, err := os.ReadFile(path)
	if err != nil {
		it.Err = fmt.Errorf("%s: %w", path, err)
		return it
	}
	switch {
	case len(bytes.TrimSpace(b)) == 0:
		return fail(it, errors.New("empty file"))
	case looksBinary(b):
		return fail(it, errors.New("binary content, not text or HTML"))
	case isHTML:
		// HTML is carried unextracted; the stage decodes and extracts it.
		it.Article.HTML = string(b)
	default:
		it.Article.Text = string(b)
	}
	return it
}

// fileID turns a relative path into an id: the path without its extension,
// with separators and odd characters as '-'.
func fileID(rel string) string {
	rel = strings.TrimSuffix(rel, filepath.Ext(rel))
	var b strings.Builder
	for _, r := range rel {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_', r == '.':
			b.WriteRune(r)
		default:
			b.WriteByte('-')
		}
	}
	return b.String()
}

// looksBinary reports content that is not text: a NUL byte in the first
// 8 KB, or mostly invalid UTF-8 there (a legacy 8-bit charset passes).
func looksBinary(b []byte) bool {
	head := b[:min(len(b), 8192)]
	if bytes.IndexByte(head, 0) >= 0 {
		return true
	}
	if utf8.Valid(head) {
		return false
	}
	ctrl := 0
	for _, c := range head {
		if c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' {
			ctrl++
		}
	}
	return ctrl*20 > len(head)
}
