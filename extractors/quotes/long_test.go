package quotes

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/herald-news/herald/extractors/dates"
	"github.com/herald-news/herald/extractors/people"
	"github.com/herald-news/herald/extractors/text"
)

// longText concatenates the project's articles (testdata/articles, in name
// order, over and over) into one text of at least size bytes, cut at a
// paragraph's end: a stand-in for a long transcript.
func longText(tb testing.TB, size int) string {
	tb.Helper()
	root := filepath.Join("..", "..", "testdata", "articles")
	top, _ := filepath.Glob(filepath.Join(root, "*.txt"))
	sub, _ := filepath.Glob(filepath.Join(root, "*", "*.txt"))
	files := append(top, sub...)
	if len(files) == 0 {
		tb.Skipf("no articles under %s", root)
	}
	var b strings.Builder
	for b.Len() < size {
		for _, f := range files {
			raw, err := os.ReadFile(f)
			if err != nil {
				tb.Fatal(err)
			}
			if b.Len() > 0 {
				b.WriteString("\n\n")
			}
			b.WriteString(strings.TrimSpace(string(raw)))
			if b.Len() >= size {
				break
			}
		}
	}
	return b.String()
}

// BenchmarkFindLong runs Find on long texts, with the people and dates the
// pipeline would pass, to show how its cost grows with the text's length;
// "nopeople" passes no people, so that every name is looked up in the
// text (fullerName), as for a transcript's labels or names the people
// extractor missed.
func BenchmarkFindLong(b *testing.B) {
	rec, err := people.New()
	if err != nil {
		b.Fatal(err)
	}
	for _, kb := range []int{10, 50, 100, 200} {
		s := longText(b, kb<<10)
		d := text.Parse(s)
		ps := rec.Find(d)
		ds := dates.Find(d, time.Date(2025, 7, 15, 0, 0, 0, 0, time.UTC))
		b.Run(fmt.Sprintf("%dKB", kb), func(b *testing.B) {
			b.SetBytes(int64(len(s)))
			b.ReportAllocs()
			for b.Loop() {
				Find(d, ps, ds)
			}
		})
		b.Run(fmt.Sprintf("%dKB-nopeople", kb), func(b *testing.B) {
			b.SetBytes(int64(len(s)))
			b.ReportAllocs()
			for b.Loop() {
				Find(d, nil, ds)
			}
		})
	}
}
