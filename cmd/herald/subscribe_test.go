package main

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/herald-news/herald/extractors/schema"
	"github.com/herald-news/herald/pipeline"
)

func TestSubscribe(t *testing.T) {
	if _, err := os.Stat(sampleArchive); err != nil {
		t.Skipf("sample archive missing: %v", err)
	}
	dir := t.TempDir()
	if _, stderr, code := herald(t, "", "replay", "--data-dir", dir, sampleArchive); code != 0 {
		t.Fatalf("replay: %s", stderr)
	}
	want := expectedEventIDs(t, sampleArchive)
	if len(want) == 0 {
		t.Skip("the extractors find no events in the sample yet")
	}
	sub := func(args ...string) []schema.Event {
		t.Helper()
		args = append([]string{"subscribe", "--data-dir", dir, "--idle", "300ms", "--json"}, args...)
		stdout, stderr, code := herald(t, "", args...)
		if code != 0 {
			t.Fatalf("%v: exit %d\n%s", args, code, stderr)
		}
		var evs []schema.Event
		for _, l := range strings.Split(strings.TrimSpace(stdout), "\n") {
			if l == "" {
				continue
			}
			var ev schema.Event
			if err := json.Unmarshal([]byte(l), &ev); err != nil {
				t.Fatalf("not an event: %q", l)
			}
			evs = append(evs, ev)
		}
		return evs
	}
	if got := sub("--from", "all"); len(got) != len(want) {
		t.Fatalf("--from all: %d events, want %d", len(got), len(want))
	}
	if got := sub(); len(got) != 0 {
		t.Fatalf("--from new printed %d stored events", len(got))
	}
	if got := sub("--since", time.Now().Add(time.Hour).Format(time.RFC3339)); len(got) != 0 {
		t.Fatalf("--since the future printed %d events", len(got))
	}
	if got := sub("--since", "24h"); len(got) != len(want) {
		t.Fatalf("--since 24h: %d events, want %d", len(got), len(want))
	}

	all := sub("--from", "all")
	typ := all[0].Type
	typed := sub("--from", "all", "--type", typ)
	if len(typed) == 0 {
		t.Errorf("--type %s printed nothing", typ)
	}
	for _, ev := range typed {
		if ev.Type != typ {
			t.Errorf("--type %s printed a %s", typ, ev.Type)
		}
	}
	var person string
	for _, ev := range all {
		if len(ev.People) > 0 {
			person = ev.People[0]
			break
		}
	}
	if person != "" {
		surname := strings.ToLower(person[strings.LastIndex(person, " ")+1:])
		got := sub("--from", "all", "--person", surname)
		if len(got) == 0 {
			t.Errorf("--person %s printed nothing", surname)
		}
		for _, ev := range got {
			if !strings.Contains(strings.ToLower(strings.Join(ev.People, "|")), surname) {
				t.Errorf("--person %s printed %v", surname, ev.People)
			}
		}
	}

	// A durable subscription resumes where it left off.
	if got := sub("--from", "all", "--durable", "t"); len(got) != len(want) {
		t.Fatalf("first durable read: %d events, want %d", len(got), len(want))
	}
	if got := sub("--from", "all", "--durable", "t"); len(got) != 0 {
		t.Fatalf("durable subscription did not resume: %d events again", len(got))
	}

	// The readable form: one line per event, type and article on it.
	stdout, _, _ := herald(t, "", "subscribe", "--data-dir", dir, "--idle", "300ms", "--from", "all")
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	if len(lines) != len(want) || !strings.Contains(lines[0], all[0].Type) || !strings.Contains(lines[0], "(article "+all[0].ArticleID+")") {
		t.Fatalf("readable lines:\n%s", stdout)
	}
}

func TestSubscribeDeadLetters(t *testing.T) {
	dir := t.TempDir()
	// Something that is not an article, on the articles stream.
	bus, err := pipeline.Open(t.Context(), pipeline.Config{DataDir: dir}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := bus.Setup(t.Context()); err != nil {
		t.Fatal(err)
	}
	if _, err := bus.JetStream().Publish(t.Context(), pipeline.SubjectArticles+".junk", []byte("this is not JSON")); err != nil {
		t.Fatal(err)
	}
	bus.Close()

	stdout, stderr, code := herald(t, "", "replay", "--data-dir", dir, "../../testdata/pipeline/folder/geneva.txt")
	if code != 1 || !strings.Contains(stdout, "1 dead-lettered") {
		t.Fatalf("replay: exit %d, want 1 with the junk dead-lettered\n%s\n%s", code, stdout, stderr)
	}
	stdout, _, _ = herald(t, "", "subscribe", "--data-dir", dir, "--dlq", "--from", "all", "--idle", "300ms")
	if want := "extract  herald.articles.junk #1  1 deliveries  article -  decode article: "; !strings.HasPrefix(stdout, want) {
		t.Fatalf("dead letter line %q, want it to start %q", stdout, want)
	}
	stdout, _, _ = herald(t, "", "subscribe", "--data-dir", dir, "--dlq", "--from", "all", "--idle", "300ms", "--json")
	var dl struct{ Stage, Subject, Reason, Message string }
	if err := json.Unmarshal([]byte(stdout), &dl); err != nil || dl.Message != "this is not JSON" || dl.Subject != "herald.articles.junk" {
		t.Fatalf("--json dead letter %q: %v", stdout, err)
	}
}
