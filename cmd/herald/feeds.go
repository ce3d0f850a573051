package main

import (
	"context"
	"fmt"
	"os"
	"text/tabwriter"
	"time"

	"github.com/herald-news/herald/pipeline"
	"github.com/herald-news/herald/pipeline/crawl"
)

func init() {
	registerCommand(&command{
		Name:    "feeds",
		Summary: "manage the crawler's feeds: import OPML, list, status",
		Run:     runFeeds,
	})
}

func runFeeds(ctx context.Context, e *env, args []string) error {
	usage := func() error {
		fmt.Fprintln(e.Stderr, "usage: herald feeds import [--feeds FILE] [--full-pages] [--interval D] LIST.opml")
		fmt.Fprintln(e.Stderr, "       herald feeds list [--feeds FILE]")
		fmt.Fprintln(e.Stderr, "       herald feeds status [--feeds FILE] [NATS flags]")
		return errUsage
	}
	if len(args) == 0 {
		return usage()
	}
	switch args[0] {
	case "import":
		return feedsImport(e, args[1:])
	case "list":
		return feedsList(e, args[1:])
	case "status":
		return feedsStatus(ctx, e, args[1:])
	case "-h", "--help", "help":
		_ = usage()
		return nil
	}
	return usage()
}

// feedsImport adds an OPML file's feeds to the config file, keeping the
// ones it already lists as they are.
func feedsImport(e *env, args []string) error {
	fs := newFlagSet(e, "feeds import", "LIST.opml")
	path := feedsConfigFlag(fs)
	full := fs.Bool("full-pages", false, "fetch and extract each item's page for the imported feeds")
	interval := fs.Duration("interval", 0, "check interval for the imported feeds (default: the config's default_interval)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return errUsage
	}
	f, err := os.Open(fs.Arg(0))
	if err != nil {
		return err
	}
	defer f.Close()
	feeds, err := crawl.ParseOPML(f)
	if err != nil {
		return err
	}
	for i := range feeds {
		feeds[i].FullPages = *full
		feeds[i].Interval = *interval
	}
	cfg, err := crawl.LoadConfig(*path)
	if err != nil {
		return err
	}
	n := cfg.AddFeeds(feeds)
	if err := crawl.SaveConfig(*path, cfg); err != nil {
		return err
	}
	fmt.Fprintf(e.Stdout, "imported %d new feeds of %d from %s into %s (%d feeds in all)\n", n, len(feeds), fs.Arg(0), *path, len(cfg.Feeds))
	return nil
}

func feedsList(e *env, args []string) error {
	fs := newFlagSet(e, "feeds list", "")
	path := feedsConfigFlag(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	cfg, err := crawl.LoadConfig(*path)
	if err != nil {
		return err
	}
	def := cfg.WithDefaults()
	tw := tabwriter.NewWriter(e.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "URL\tSOURCE\tINTERVAL\tLANG\tFULL PAGES")
	for _, f := range cfg.Feeds {
		iv := f.Interval
		if iv == 0 {
			iv = def.DefaultInterval
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%v\n", f.URL, dash(f.Source), iv, dash(f.Language), f.FullPages)
	}
	return tw.Flush()
}

// feedsStatus prints each feed's stored state from the herald_feeds
// bucket: last check, status, validators, errors, next check.
func feedsStatus(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "feeds status", "")
	ncfg := natsFlags(fs)
	path := feedsConfigFlag(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	bus, err := pipeline.Open(ctx, *ncfg, e.Log)
	if err != nil {
		return err
	}
	defer bus.Close()
	st, err := crawl.OpenState(ctx, bus.JetStream(), crawl.Config{}.WithDefaults().SeenTTL)
	if err != nil {
		return err
	}
	states, err := st.Feeds(ctx)
	if err != nil {
		return err
	}
	known := map[string]bool{}
	for _, s := range states {
		known[s.URL] = true
	}
	// Configured feeds never checked yet are listed too.
	if cfg, err := crawl.LoadConfig(*path); err == nil {
		for _, f := range cfg.Feeds {
			if !known[f.URL] {
				states = append(states, crawl.FeedState{URL: f.URL})
			}
		}
	}
	now := time.Now()
	tw := tabwriter.NewWriter(e.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "URL\tLAST CHECK\tSTATUS\tCHECKS\t304s\tITEMS\tPUBLISHED\tERRORS\tNEXT CHECK\tLAST ERROR")
	for _, s := range states {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%d\t%d\t%d\t%s\t%s\n", s.URL, ago(now, s.LastCheck), statusText(s.LastStatus),
			s.Checks, s.NotModified, s.Items, s.Published, s.Errors, until(now, s.NextCheck), dash(s.LastError))
	}
	return tw.Flush()
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func statusText(code int) string {
	if code == 0 {
		return "-"
	}
	return fmt.Sprint(code)
}

func ago(now, t time.Time) string {
	if t.IsZero() {
		return "never"
	}
	return now.Sub(t).Round(time.Second).String() + " ago"
}

func until(now, t time.Time) string {
	if t.IsZero() || !t.After(now) {
		return "due"
	}
	return "in " + t.Sub(now).Round(time.Second).String()
}
