package archive

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const fixtures = "../../testdata/pipeline"

func readAll(t *testing.T, path string) []Item {
	t.Helper()
	var items []Item
	if err := Read(context.Background(), path, func(it Item) error {
		items = append(items, it)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return items
}

func TestJSONLBadLinesAreItemsAndTheRestIsRead(t *testing.T) {
	items := readAll(t, filepath.Join(fixtures, "bad.jsonl"))
	if len(items) != 4 {
		t.Fatalf("%d items, want 4 (blank line skipped)", len(items))
	}
	want := []struct {
		id, origin string
		bad        bool
	}{
		{"good-1", "bad.jsonl:1", false},
		{"broken", "bad.jsonl:2", true},
		{"no-text", "bad.jsonl:3", true},
		{"good-2", "bad.jsonl:5", false},
	}
	for i, w := range want {
		it := items[i]
		if it.Article.ID != w.id || !strings.HasSuffix(it.Origin, w.origin) || (it.Err != nil) != w.bad {
			t.Errorf("item %d: id %q origin %q err %v; want %+v", i, it.Article.ID, it.Origin, it.Err, w)
		}
		if w.bad && !errors.Is(it.Err, ErrBadRecord) {
			t.Errorf("item %d: error %v does not wrap ErrBadRecord", i, it.Err)
		}
	}
	if items[0].Article.Published.IsZero() {
		t.Error("YYYY-MM-DD published not read")
	}
}

func TestGzipJSONL(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(fixtures, "bad.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(raw)
	zw.Close()
	path := filepath.Join(t.TempDir(), "dump.jsonl.gz")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if items := readAll(t, path); len(items) != 4 || items[3].Article.ID != "good-2" {
		t.Fatalf("gzip: %d items", len(items))
	}
}

func TestFolder(t *testing.T) {
	items := readAll(t, filepath.Join(fixtures, "folder"))
	byID := map[string]Item{}
	for _, it := range items {
		byID[it.Article.ID] = it
	}
	if len(items) != 4 {
		t.Fatalf("%d items, want 4", len(items))
	}
	if it := byID["file-geneva"]; it.Err != nil || !strings.Contains(it.Article.Text, "Geneva") {
		t.Errorf("geneva.txt: %+v", it)
	}
	if it := byID["file-sub-helsinki"]; it.Err != nil || !strings.Contains(it.Article.HTML, "<article>") || it.Article.Text != "" {
		t.Errorf("sub/helsinki.html should carry its HTML unextracted: %+v", it)
	}
	if it := byID["file-empty"]; it.Err == nil || !strings.Contains(it.Err.Error(), "empty file") {
		t.Errorf("empty.txt: %v", it.Err)
	}
	if it := byID["file-binary"]; it.Err == nil || !strings.Contains(it.Err.Error(), "binary") {
		t.Errorf("binary.txt: %v", it.Err)
	}
}

func TestUnknownFileTypeIsAnError(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.csv")
	os.WriteFile(path, []byte("a,b"), 0o644)
	if err := Read(context.Background(), path, func(Item) error { return nil }); err == nil {
		t.Fatal("a .csv file was accepted")
	}
}

func TestLongLineIsABadRecord(t *testing.T) {
	in := `{"id":"a","text":"x"}` + "\n" + `{"id":"b","text":"` + strings.Repeat("y", MaxLine) + `"}` + "\n" + `{"id":"c","text":"z"}` + "\n"
	var items []Item
	err := ReadJSONL(context.Background(), strings.NewReader(in), "long", func(it Item) error {
		items = append(items, it)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 3 || items[1].Err == nil || items[2].Article.ID != "c" {
		t.Fatalf("items: %d, second err %v", len(items), items[1].Err)
	}
}

func FuzzReadJSONL(f *testing.F) {
	f.Add([]byte(`{"id":"a","text":"t"}` + "\n" + `{"id":`))
	f.Add([]byte("\x00\xff\n\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		lines := bytes.Count(b, []byte("\n")) + 1
		n := 0
		err := ReadJSONL(context.Background(), bytes.NewReader(b), "fuzz", func(it Item) error {
			n++
			if it.Err == nil && it.Article.Text == "" && it.Article.HTML == "" {
				t.Fatalf("item without text passed: %+v", it)
			}
			return nil
		})
		if err != nil || n > lines {
			t.Fatalf("err %v, %d items from %d lines", err, n, lines)
		}
	})
}
