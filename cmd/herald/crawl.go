package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"time"

	"github.com/herald-news/herald/pipeline"
	"github.com/herald-news/herald/pipeline/crawl"
)

func init() {
	registerCommand(&command{
		Name:    "crawl",
		Summary: "check the configured feeds when due and publish their new articles (until interrupted, or --once)",
		Run:     runCrawl,
	})
}

// feedsConfigFlag registers --feeds, the crawler's YAML config file.
func feedsConfigFlag(fs *flag.FlagSet) *string {
	return fs.String("feeds", envOr("HERALD_FEEDS", "herald-feeds.yaml"), "crawler config file: feeds and fetch settings, YAML (env HERALD_FEEDS; docs/crawling.md)")
}

// newCrawler reads the crawler config and makes a crawler that publishes
// onto bus. `herald run` can start one the same way.
func newCrawler(bus *pipeline.Bus, path string, log *slog.Logger, override func(*crawl.Config)) (*crawl.Crawler, crawl.Config, error) {
	cfg, err := crawl.LoadConfig(path)
	if err != nil {
		return nil, cfg, err
	}
	if override != nil {
		override(&cfg)
	}
	c, err := crawl.New(cfg, bus, bus.JetStream(), log.With("stage", "crawl"))
	return c, cfg, err
}

func runCrawl(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "crawl", "")
	ncfg := natsFlags(fs)
	path := feedsConfigFlag(fs)
	once := fs.Bool("once", false, "check every feed once, whatever its schedule, then exit")
	loopback := fs.Bool("allow-loopback", false, "allow feeds and pages on loopback addresses (testing)")
	metricsAddr := metricsFlag(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	bus, err := openBus(ctx, *ncfg, e.Log)
	if err != nil {
		return err
	}
	defer bus.Close()
	c, cfg, err := newCrawler(bus, *path, e.Log, func(c *crawl.Config) {
		c.AllowLoopback = c.AllowLoopback || *loopback
	})
	if err != nil {
		return err
	}
	if len(cfg.Feeds) == 0 {
		fmt.Fprintf(e.Stderr, "herald crawl: no feeds in %s (add some with 'herald feeds import list.opml')\n", *path)
		return errUsage
	}
	mctx, stopMetrics := context.WithCancel(ctx)
	defer stopMetrics()
	ms, err := serveMetrics(mctx, *metricsAddr, bus, e.Log)
	if err != nil {
		return err
	}
	ms.observeCrawler(c)
	start := time.Now()
	if *once {
		err = c.CheckAll(ctx)
	} else {
		rctx, stopWatch := context.WithCancel(ctx)
		var wg sync.WaitGroup
		wg.Go(func() { watchFeeds(rctx, c, *path, e.Log, feedsReloadEvery) })
		err = c.Run(rctx)
		stopWatch()
		wg.Wait()
	}
	stopMetrics()
	err = errors.Join(err, ms.wait())
	s := c.Stats()
	e.Log.Info("crawl done", "checks", s.Checks, "not_modified", s.NotModified,
		"errors", s.Errors, "new_items", s.Items, "published", s.Published, "duplicates", s.Duplicates,
		"page_errors", s.PageErrors, "pages_given_up", s.GivenUp, "elapsed", time.Since(start).Round(time.Millisecond))
	if ctx.Err() != nil {
		return nil
	}
	return err
}

// feedsReloadEvery is how often a running crawler looks for changes to its
// config file (`herald feeds import` while it runs).
const feedsReloadEvery = 30 * time.Second

// watchFeeds gives the crawler the config file's feed list whenever the
// file changes, until ctx is done. A file that does not load is logged
// and the running list kept.
func watchFeeds(ctx context.Context, c *crawl.Crawler, path string, log *slog.Logger, every time.Duration) {
	mtime := func() time.Time {
		fi, err := os.Stat(path)
		if err != nil {
			return time.Time{}
		}
		return fi.ModTime()
	}
	last := mtime()
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		m := mtime()
		if m.Equal(last) {
			continue
		}
		last = m
		cfg, err := crawl.LoadConfig(path)
		if err == nil {
			err = c.SetFeeds(cfg.Feeds)
		}
		if err != nil {
			log.Error("feeds file changed but not loaded; keeping the running list", "file", path, "err", err)
			continue
		}
		log.Info("feeds file reloaded", "file", path, "feeds", len(cfg.Feeds))
	}
}
