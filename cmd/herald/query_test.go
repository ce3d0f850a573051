package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/herald-news/herald/sinks/sqlstore"
	"github.com/herald-news/herald/sinks/sqlstore/storetest"
)

// TestQuery imports annotated articles into a fresh SQLite store and asks
// it the analysts' questions through the command line.
func TestQuery(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "store", "herald.db")
	var in strings.Builder
	for _, d := range storetest.Documents() {
		b, err := json.Marshal(d)
		if err != nil {
			t.Fatal(err)
		}
		in.Write(b)
		in.WriteByte('\n')
	}
	_, stderr, code := herald(t, "", "query", "events", "--db", db)
	if code == 0 || !strings.Contains(stderr, "no store at") {
		t.Fatalf("querying a missing store: exit %d, stderr %q; want an error naming it", code, stderr)
	}
	if _, err := os.Stat(db); err == nil {
		t.Fatal("querying a missing store created it")
	}
	for range 2 { // importing twice changes nothing
		if _, stderr, code := herald(t, in.String(), "query", "import", "--db", db); code != 0 {
			t.Fatalf("import: exit %d: %s", code, stderr)
		}
	}
	out, _, code := herald(t, "", "query", "counts", "--db", db, "--json")
	var counts map[string]int
	if code != 0 || json.Unmarshal([]byte(out), &counts) != nil || counts["events"] != 5 || counts["articles"] != 3 {
		t.Fatalf("counts after importing twice: exit %d, %s", code, out)
	}

	out, _, code = herald(t, "", "query", "events", "--db", db, "--treaty", "INF", "--from", "2019-01-01", "--to", "2019-03-01")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != 0 || len(lines) != 2 ||
		!strings.HasPrefix(lines[0], "2019-01-15  meeting") || !strings.Contains(lines[0], "people: Andrea Thompson, Sergei Ryabkov") ||
		!strings.HasSuffix(lines[0], "https://example.org/inf-talks") ||
		!strings.HasPrefix(lines[1], "2019-02     suspension") || !strings.Contains(lines[1], "(planned)") {
		t.Errorf("events about INF in Jan-Feb 2019: exit %d\n%s", code, out)
	}

	out, _, code = herald(t, "", "query", "events", "--db", db, "--type", "meeting", "--place", "Geneva", "--json")
	var row sqlstore.EventRow
	if code != 0 || json.Unmarshal([]byte(out), &row) != nil || row.Event.ID != "ev-geneva" || row.Event.Location.Name != "Geneva" {
		t.Errorf("meetings in Geneva as JSON: exit %d\n%s", code, out)
	}

	out, _, code = herald(t, "", "query", "events", "--db", db, "--from", "2019-05-20", "--to", "2019-05-20")
	if code != 0 || !strings.HasPrefix(out, "2019-05-20~ statement") {
		t.Errorf("an undated event is shown on its publication day, marked: exit %d\n%s", code, out)
	}

	out, _, code = herald(t, "", "query", "quotes", "--db", db, "--person", "Lavrov")
	if code != 0 || strings.TrimSpace(out) != "2019-02-02  Sergei Lavrov (direct): “The treaty can still be saved,” | https://example.org/lavrov-beijing" {
		t.Errorf("quotes by Lavrov: exit %d\n%s", code, out)
	}

	_, stderr, code = herald(t, "", "query", "quotes", "--db", db, "--person", "Nobody")
	if code != 0 || !strings.Contains(stderr, "no quotes match") {
		t.Errorf("no match: exit %d, stderr %q", code, stderr)
	}
	if _, _, code := herald(t, "", "query", "events", "--db", db, "--from", "January"); code != 1 {
		t.Errorf("a malformed --from: exit %d, want 1", code)
	}
	if _, _, code := herald(t, "", "query", "people", "--db", db); code != 2 {
		t.Errorf("an unknown question: exit %d, want 2", code)
	}
	if _, stderr, code := herald(t, "{\"article\":{}}\nnot json\n", "query", "import", "--db", db); code != 1 || !strings.Contains(stderr, "line=2") {
		t.Errorf("importing bad lines: exit %d, stderr %q; want 1 and the lines reported", code, stderr)
	}
}
