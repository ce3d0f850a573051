package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/herald-news/herald/extractors/schema"
	"github.com/herald-news/herald/pipeline/archive"
)

const seedDir = "../../../shared/gold/seed"

// herald runs the command line in-process, as main does.
func herald(t *testing.T, stdin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(args, strings.NewReader(stdin), &out, &errb)
	return out.String(), errb.String(), code
}

// checkDocument checks the contract's shape: every list present, every
// offset pointing at its text.
func checkDocument(t *testing.T, line string) schema.Document {
	t.Helper()
	var raw map[string]json.RawMessage
	if err := json.Unmarshal([]byte(line), &raw); err != nil {
		t.Fatalf("not a JSON object: %v\n%s", err, line)
	}
	for _, k := range []string{"article", "people", "treaties", "dates", "quotes", "events"} {
		v, ok := raw[k]
		if !ok || string(v) == "null" {
			t.Errorf("%q missing or null", k)
		}
	}
	var doc schema.Document
	if err := json.Unmarshal([]byte(line), &doc); err != nil {
		t.Fatal(err)
	}
	text := doc.Article.Text
	span := func(what string, s, e int, want string) {
		if s < 0 || e > len(text) || s > e {
			t.Errorf("%s: span %d-%d outside the text (%d bytes)", what, s, e, len(text))
			return
		}
		if want != "" && text[s:e] != want {
			t.Errorf("%s: text[%d:%d] = %q, want %q", what, s, e, text[s:e], want)
		}
	}
	for _, p := range doc.People {
		for _, m := range p.Mentions {
			span("person "+p.Name, m.Start, m.End, m.Text)
		}
	}
	for _, tr := range doc.Treaties {
		for _, m := range tr.Mentions {
			span("treaty "+tr.Name, m.Start, m.End, m.Text)
		}
	}
	for _, d := range doc.Dates {
		span("date "+d.Text, d.Start, d.End, d.Text)
	}
	for _, q := range doc.Quotes {
		span("quote", q.Start, q.End, "")
	}
	for _, ev := range doc.Events {
		if ev.ID == "" || ev.Type == "" || ev.ArticleID != doc.Article.ID {
			t.Errorf("event %+v: id, type or article id wrong", ev)
		}
	}
	return doc
}

func TestExtractSeedArticle(t *testing.T) {
	seed := filepath.Join(seedDir, "amn-inf-impasse.txt")
	if _, err := os.Stat(seed); err != nil {
		t.Skipf("seed article not found at %s (the shared folder beside the project): %v", seed, err)
	}
	stdout, stderr, code := herald(t, "", "extract", "--published", "2019-01-16", seed)
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	lines := strings.Split(strings.TrimSuffix(stdout, "\n"), "\n")
	if len(lines) != 1 {
		t.Fatalf("%d output lines, want 1", len(lines))
	}
	doc := checkDocument(t, lines[0])
	if doc.Article.ID != "amn-inf-impasse" || !doc.Article.Published.Equal(mustTime(t, "2019-01-16")) {
		t.Errorf("article id %q published %v", doc.Article.ID, doc.Article.Published)
	}
	if strings.Contains(doc.Article.Text, "Telegram channel") {
		t.Error("boilerplate line kept in the text")
	}
	names := map[string]bool{}
	for _, p := range doc.People {
		names[p.Name] = true
	}
	for _, want := range []string{"Andrea Thompson", "Sergei Lavrov"} {
		if !names[want] {
			t.Errorf("people lack %s: %v", want, names)
		}
	}
	// Logs go to standard error only: standard output is JSON.
	if strings.Contains(stdout, "level=") {
		t.Error("log line on standard output")
	}
}

func TestExtractStdinAndHTML(t *testing.T) {
	html := `<html><head><title>Talks</title></head><body><article><p>Russian Foreign Minister Sergei Lavrov met Secretary of State Mike Pompeo in Geneva on Tuesday.</p></article></body></html>`
	stdout, stderr, code := herald(t, html, "extract", "--url", "https://example.org/talks", "--published", "2019-01-16")
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	doc := checkDocument(t, strings.TrimSpace(stdout))
	if !strings.Contains(doc.Article.Text, "Lavrov") || strings.Contains(doc.Article.Text, "<p>") {
		t.Errorf("HTML not reduced to its text: %q", doc.Article.Text)
	}
	if doc.Article.URL != "https://example.org/talks" || !strings.HasPrefix(doc.Article.ID, "u-") {
		t.Errorf("url %q id %q", doc.Article.URL, doc.Article.ID)
	}
	if _, _, code := herald(t, "", "extract", "--format", "pdf"); code != 2 {
		t.Errorf("bad --format: exit %d, want 2", code)
	}
}

func TestExtractJSONLKeepsOrderAndReportsBadLines(t *testing.T) {
	in, err := os.ReadFile("../../testdata/pipeline/bad.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	// Several copies, so that the workers finish out of order.
	var b strings.Builder
	for range 5 {
		b.Write(in)
	}
	stdout, stderr, code := herald(t, b.String(), "extract", "--jsonl", "--workers", "4")
	if code == 0 {
		t.Fatal("exit 0 with bad lines")
	}
	sc := bufio.NewScanner(strings.NewReader(stdout))
	sc.Buffer(nil, 1<<24)
	var got []string
	for sc.Scan() {
		var line struct {
			ID    string          `json:"id"`
			Error string          `json:"error"`
			Art   json.RawMessage `json:"article"`
		}
		if err := json.Unmarshal(sc.Bytes(), &line); err != nil {
			t.Fatalf("output line is not JSON: %v", err)
		}
		switch {
		case line.Error != "":
			got = append(got, "error:"+line.ID)
		default:
			doc := checkDocument(t, sc.Text())
			got = append(got, doc.Article.ID)
		}
	}
	want := strings.Repeat("good-1 error:broken error:no-text good-2 ", 5)
	if g := strings.Join(got, " ") + " "; g != want {
		t.Fatalf("output order:\n got %s\nwant %s", g, want)
	}
	if !strings.Contains(stderr, "failed=") {
		t.Errorf("no failure count on stderr: %s", stderr)
	}
	if !strings.Contains(stdout, `"error":"stdin:2: unexpected end of JSON input"`) {
		t.Errorf("error line does not say what is wrong:\n%s", stdout)
	}
}

func mustTime(t *testing.T, s string) time.Time {
	t.Helper()
	tm, err := archive.ParseTime(s)
	if err != nil {
		t.Fatal(err)
	}
	return tm
}
