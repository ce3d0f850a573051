package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/herald-news/herald/extractors"
	"github.com/herald-news/herald/extractors/page"
	"github.com/herald-news/herald/extractors/schema"
	"github.com/herald-news/herald/pipeline"
	"github.com/herald-news/herald/pipeline/archive"
)

func init() {
	registerCommand(&command{
		Name:    "extract",
		Summary: "annotate articles (text or HTML) and print them as JSON lines",
		Run:     runExtract,
	})
}

// maxInput is the largest article read in single mode.
const maxInput = 64 << 20

func runExtract(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "extract", "[FILE ...] | --jsonl [FILE]")
	published := fs.String("published", "", "publication time, RFC 3339 or YYYY-MM-DD: relative dates resolve against it")
	url := fs.String("url", "", "the article's URL")
	title := fs.String("title", "", "the article's title")
	format := fs.String("format", "auto", "input format: auto, text or html")
	batch := fs.Bool("jsonl", false, "batch mode: one article object a line in, one annotated article a line out")
	workers := fs.Int("workers", runtime.GOMAXPROCS(0), "articles extracted at once in --jsonl mode (output keeps input order)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	var pub time.Time
	if *published != "" {
		t, err := archive.ParseTime(*published)
		if err != nil {
			fmt.Fprintf(e.Stderr, "herald extract: --published: %v\n", err)
			return errUsage
		}
		pub = t
	}
	switch *format {
	case "auto", "text", "html":
	default:
		fmt.Fprintf(e.Stderr, "herald extract: --format must be auto, text or html, not %q\n", *format)
		return errUsage
	}
	if *batch && fs.NArg() > 1 {
		fmt.Fprintln(e.Stderr, "herald extract: --jsonl reads one FILE (or standard input)")
		return errUsage
	}

	start := time.Now()
	x, err := extractors.New()
	if err != nil {
		return err
	}
	e.Log.Debug("extractors loaded", "elapsed", time.Since(start).Round(time.Millisecond))

	out := bufio.NewWriterSize(e.Stdout, 64<<10)
	defer out.Flush()
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)

	if *batch {
		in := e.Stdin
		name := "stdin"
		if fs.NArg() == 1 && fs.Arg(0) != "-" {
			f, err := os.Open(fs.Arg(0))
			if err != nil {
				return err
			}
			defer f.Close()
			in, name = f, fs.Arg(0)
		}
		failed, err := extractBatch(ctx, x, in, name, pub, *workers, enc, out)
		if err != nil {
			return err
		}
		if failed > 0 {
			e.Log.Warn("some articles could not be extracted", "failed", failed)
			return exitError{1}
		}
		return nil
	}

	files := fs.Args()
	if len(files) == 0 {
		files = []string{"-"}
	}
	var failed int
	for _, name := range files {
		a, err := readSingle(e, name, *format)
		if err == nil {
			a.URL, a.Title, a.Published = *url, *title, pub
			if name != "-" {
				a.ID = strings.TrimSuffix(filepath.Base(name), filepath.Ext(name))
			}
			a.ID = pipeline.ArticleID(a)
			var doc schema.Document
			doc, err = x.Extract(a)
			if err == nil {
				if err := enc.Encode(doc); err != nil {
					return err
				}
				continue
			}
		}
		failed++
		e.Log.Error("cannot extract", "input", name, "err", err)
	}
	if failed > 0 {
		return exitError{1}
	}
	return nil
}

// readSingle reads one article from a file ("-" is standard input).
func readSingle(e *env, name, format string) (schema.Article, error) {
	r := e.Stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return schema.Article{}, err
		}
		defer f.Close()
		r = f
	}
	body, err := io.ReadAll(io.LimitReader(r, maxInput+1))
	if err != nil {
		return schema.Article{}, err
	}
	if len(body) > maxInput {
		return schema.Article{}, fmt.Errorf("input larger than %d bytes", maxInput)
	}
	return articleFromBody(body, format, strings.HasSuffix(strings.ToLower(name), ".html") || strings.HasSuffix(strings.ToLower(name), ".htm"))
}

// articleFromBody makes an article of raw input: HTML is decoded to UTF-8
// and left for the extractor to take the main text from; plain text loses
// its boilerplate lines.
func articleFromBody(body []byte, format string, htmlName bool) (schema.Article, error) {
	if format == "auto" {
		format = "text"
		if htmlName || looksHTML(body) {
			format = "html"
		}
	}
	if format == "html" {
		s, err := page.Decode(body, "")
		if err != nil {
			return schema.Article{}, err
		}
		return schema.Article{HTML: s}, nil
	}
	s, err := page.Decode(body, "text/plain")
	if err != nil {
		return schema.Article{}, err
	}
	return schema.Article{Text: page.CleanText(s)}, nil
}

// looksHTML sniffs markup at the start of the input.
func looksHTML(b []byte) bool {
	b = bytes.TrimLeft(bytes.TrimPrefix(b, []byte("\xef\xbb\xbf")), " \t\r\n")
	head := strings.ToLower(string(b[:min(len(b), 512)]))
	for _, p := range []string{"<!doctype html", "<html", "<head", "<body", "<article", "<p>", "<div", "<meta", "<!--"} {
		if strings.HasPrefix(head, p) {
			return true
		}
	}
	return false
}

// batchResult is one output line of --jsonl, filled by a worker.
type batchResult struct {
	doc  *schema.Document
	id   string
	err  error
	done chan struct{}
}

// errorLine is the output line for an input line that failed.
type errorLine struct {
	ID    string `json:"id"`
	Error string `json:"error"`
}

// extractBatch extracts the articles of a JSON Lines stream with n workers
// and writes one line per input line, in input order. It returns how many
// lines failed; err is for output or input failures that stop it.
func extractBatch(ctx context.Context, x *extractors.Extractor, in io.Reader, name string, pub time.Time, n int, enc *json.Encoder, out *bufio.Writer) (failed int, err error) {
	n = max(n, 1)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	jobs := make(chan func(), n)
	order := make(chan *batchResult, 4*n)
	done := make(chan struct{})
	for range n {
		go func() {
			defer func() { done <- struct{}{} }()
			for job := range jobs {
				job()
			}
		}()
	}
	// The reader queues jobs and their result slots in input order.
	var readErr error
	go func() {
		defer close(order)
		defer close(jobs)
		readErr = archive.ReadJSONL(ctx, in, name, func(it archive.Item) error {
			r := &batchResult{id: it.Article.ID, done: make(chan struct{})}
			select {
			case order <- r:
			case <-ctx.Done():
				return ctx.Err()
			}
			// From here r is in the output order: r.done must close.
			if it.Err != nil {
				r.err = it.Err
				close(r.done)
				return nil
			}
			a := it.Article
			if a.Published.IsZero() {
				a.Published = pub
			}
			if a.HTML == "" {
				a.Text = page.CleanText(a.Text)
			}
			a.ID = pipeline.ArticleID(a)
			r.id = a.ID
			job := func() {
				defer close(r.done)
				doc, err := x.Extract(a)
				if err != nil {
					r.err = err
					return
				}
				r.doc = &doc
			}
			select {
			case jobs <- job:
			case <-ctx.Done():
				r.err = ctx.Err()
				close(r.done)
				return ctx.Err()
			}
			return nil
		})
	}()
	var werr error
	for r := range order {
		<-r.done
		if werr != nil {
			continue
		}
		if r.err != nil {
			failed++
			werr = enc.Encode(errorLine{ID: r.id, Error: errorText(r.err)})
		} else {
			werr = enc.Encode(r.doc)
		}
		if werr == nil {
			werr = out.Flush()
		}
		if werr != nil {
			cancel()
		}
	}
	for range n {
		<-done
	}
	if werr != nil {
		return failed, werr
	}
	if readErr != nil && !errors.Is(readErr, context.Canceled) {
		return failed, readErr
	}
	return failed, ctx.Err()
}

// errorText is the message of an error line: what is wrong, without the
// sentinel's own words.
func errorText(err error) string {
	return strings.Replace(err.Error(), archive.ErrBadRecord.Error()+": ", "", 1)
}
