package main

import (
	"bytes"
	"flag"
	"regexp"
	"strings"
	"testing"
)

// roleFlags are, for each command that runs a part of the pipeline, flags
// its -h must list and flags it refuses, which its -h must not list.
var roleFlags = []struct {
	cmd             string
	listed, refused []string
}{
	{"run", []string{"data-dir", "listen", "replicas", "concurrency", "no-sink", "events", "db", "feeds", "metrics-addr"},
		[]string{"nats-url", "nats-creds", "nats-nkey", "tls-cert", "tls-key", "tls-ca"}},
	{"work", []string{"nats-url", "nats-creds", "tls-cert", "data-dir", "replicas", "concurrency", "events", "db", "postgres", "metrics-addr"},
		[]string{"listen"}},
	{"sink", []string{"nats-url", "nats-nkey", "tls-ca", "data-dir", "replicas", "events", "events-max-mb", "events-daily", "db", "postgres", "metrics-addr"},
		[]string{"concurrency", "no-sink", "listen"}},
	{"crawl", []string{"nats-url", "nats-creds", "data-dir", "listen", "replicas", "feeds", "once", "metrics-addr"}, nil},
	{"replay", []string{"nats-url", "data-dir", "listen", "concurrency", "no-sink", "events", "db", "reextract"}, nil},
}

// listsFlag says whether a command's -h output lists flag name.
func listsFlag(help, name string) bool {
	return regexp.MustCompile(`(?m)^  -` + regexp.QuoteMeta(name) + `\b`).MatchString(help)
}

// TestRoleHelpListsOnlyTakenFlags runs each role command with -h: the flags
// it takes are listed, those it refuses are not.
func TestRoleHelpListsOnlyTakenFlags(t *testing.T) {
	for _, r := range roleFlags {
		_, help, code := herald(t, "", r.cmd, "-h")
		if code != 0 {
			t.Errorf("herald %s -h: exit %d\n%s", r.cmd, code, help)
			continue
		}
		for _, f := range r.listed {
			if !listsFlag(help, f) {
				t.Errorf("herald %s -h does not list --%s:\n%s", r.cmd, f, help)
			}
		}
		for _, f := range r.refused {
			if listsFlag(help, f) {
				t.Errorf("herald %s -h lists --%s, which it refuses:\n%s", r.cmd, f, help)
			}
		}
	}
}

// givenFlag is flag name on a command line, with a value of its type.
func givenFlag(name string) string {
	switch name {
	case "no-sink":
		return "--no-sink"
	case "concurrency":
		return "--concurrency=4"
	}
	return "--" + name + "=x"
}

// TestRoleCommandsRefuseTheFlagsTheyDoNotList gives each role command each
// flag it refuses: a usage error naming the flag, before any connection
// (the URL given goes nowhere).
func TestRoleCommandsRefuseTheFlagsTheyDoNotList(t *testing.T) {
	for _, r := range roleFlags {
		for _, f := range r.refused {
			args := []string{r.cmd, givenFlag(f)}
			if r.cmd != "run" {
				args = append(args, "--nats-url", "nats://127.0.0.1:1")
			}
			_, stderr, code := herald(t, "", args...)
			if code != 2 {
				t.Errorf("herald %q: exit %d, want 2\n%s", args, code, stderr)
			}
			if !strings.Contains(stderr, "--"+f+" does not apply") {
				t.Errorf("herald %q: does not say that --%s does not apply:\n%s", args, f, stderr)
			}
		}
	}
}

// TestRefusedFlagsAreLeftOutOfTheDefaults checks that printDefaults prints
// the flags a command takes exactly as flag.PrintDefaults does, with the
// defaults they were registered with even after a parse, and leaves out
// the refused ones, boolean or not, which still parse.
func TestRefusedFlagsAreLeftOutOfTheDefaults(t *testing.T) {
	register := func(fs *flag.FlagSet, all bool) {
		fs.String("db", "", "SQLite store (default DATA_DIR/herald.db)")
		fs.Int("replicas", 3, "copies")
		if all {
			fs.Int("concurrency", 2, "articles at once")
			fs.Bool("no-sink", false, "run no sink")
		}
		fs.Bool("once", false, "once")
	}
	var got, want bytes.Buffer
	fs := flag.NewFlagSet("herald x", flag.ContinueOnError)
	fs.SetOutput(&got)
	register(fs, true)
	refuseFlags(fs, "herald x runs no extraction stage", "concurrency", "no-sink")
	if err := fs.Parse([]string{"--db", "x.db", "--replicas", "1", "--no-sink", "--concurrency", "4", "rest"}); err != nil {
		t.Fatal(err)
	}
	if fs.Arg(0) != "rest" {
		t.Errorf("a refused boolean flag took the next argument: args %q", fs.Args())
	}
	printDefaults(fs)
	taken := flag.NewFlagSet("herald x", flag.ContinueOnError)
	taken.SetOutput(&want)
	register(taken, false)
	taken.PrintDefaults()
	if got.String() != want.String() {
		t.Errorf("printDefaults:\n%s\nwant:\n%s", got.String(), want.String())
	}
	got.Reset()
	if err := refuseGiven(fs); err != errUsage {
		t.Errorf("refuseGiven: %v, want errUsage", err)
	}
	if msg := "herald x runs no extraction stage: --concurrency, --no-sink do not apply\n"; got.String() != msg {
		t.Errorf("refusal %q, want %q", got.String(), msg)
	}
}
