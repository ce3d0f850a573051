package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestEvalGold runs `herald eval gold` on the blind gold articles and on
// a folder with none.
func TestEvalGold(t *testing.T) {
	dir := filepath.Join("..", "..", "testdata", "articles", "blind")
	var out, errb bytes.Buffer
	if code := run([]string{"eval", "gold", "--gold", dir, "-v"}, strings.NewReader(""), &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	s := out.String()
	for _, want := range []string{"5 files", "\nevents ", "\npeople ", "\nspeakers ", "\nparticipants ", "ncg-washington-meeting"} {
		if !strings.Contains(s, want) {
			t.Errorf("output lacks %q:\n%s", want, s)
		}
	}

	empty := t.TempDir()
	if err := os.WriteFile(filepath.Join(empty, "x.txt"), []byte("no gold here"), 0o644); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	if code := run([]string{"eval", "gold", "--gold", empty}, strings.NewReader(""), &out, &errb); code != 0 {
		t.Fatalf("empty folder: exit %d: %s", code, errb.String())
	}
	if !strings.Contains(out.String(), "skipped") || !strings.Contains(out.String(), "nothing to score") {
		t.Errorf("empty folder: %q", out.String())
	}
}
