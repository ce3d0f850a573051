package treaties

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/herald-news/herald/extractors/text"
)

// TestSurvey lists every treaty found in a folder of plain-text articles,
// with the sentence of its first mention, for reading by eye: precision on
// real news without gold. What can be checked without gold is: every
// mention is the text at its offsets, and no treaty is found twice in one
// article. HERALD_TREATY_SURVEY names the folder, e.g.
// ../shared/data/polnear/train/text from the project root.
func TestSurvey(t *testing.T) {
	dir := os.Getenv("HERALD_TREATY_SURVEY")
	if dir == "" {
		t.Skip("set HERALD_TREATY_SURVEY to a folder of .txt articles")
	}
	paths, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil || len(paths) == 0 {
		t.Skipf("no .txt articles in %s", dir)
	}
	f := newFinder(t)
	count := map[string]int{}
	articles := 0
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		d := text.Parse(string(b))
		ts := f.Find(d)
		if len(ts) > 0 {
			articles++
		}
		seen := map[string]bool{}
		for _, tr := range ts {
			if seen[tr.Name] {
				t.Errorf("%s: %s found twice", filepath.Base(p), tr.Name)
			}
			seen[tr.Name] = true
			for _, m := range tr.Mentions {
				if m.Start < 0 || m.End > len(d.Text) || m.Start >= m.End || d.Text[m.Start:m.End] != m.Text {
					t.Errorf("%s: %s mention %q at [%d,%d) is not the text there", filepath.Base(p), tr.Name, m.Text, m.Start, m.End)
				}
			}
			count[tr.Name]++
			m := tr.Mentions[0]
			s := d.Sentences[max(d.SentenceAt(m.Start), 0)]
			ctx := strings.Join(strings.Fields(d.SpanText(s)), " ")
			if len(ctx) > 220 {
				ctx = ctx[:220]
			}
			t.Logf("%s\t%s\t%q\t%s", filepath.Base(p), tr.Name, m.Text, ctx)
		}
	}
	var names []string
	for n := range count {
		names = append(names, n)
	}
	sort.Slice(names, func(i, j int) bool { return count[names[i]] > count[names[j]] })
	for _, n := range names {
		t.Logf("%4d %s", count[n], n)
	}
	t.Logf("%d of %d articles name a treaty; %d distinct treaties", articles, len(paths), len(names))
}
