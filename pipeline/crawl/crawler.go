package crawl

import (
	"bytes"
	"container/heap"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mmcdole/gofeed"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/herald-news/herald/extractors/page"
	"github.com/herald-news/herald/extractors/schema"
)

// Publisher takes the articles the crawler finds. *pipeline.Bus is one: it
// publishes onto the articles stream, de-duplicated by content.
type Publisher interface {
	PublishArticle(ctx context.Context, a schema.Article) (dup bool, err error)
}

// Crawler checks feeds and publishes their new items.
type Crawler struct {
	cfg    Config
	pub    Publisher
	js     jetstream.JetStream
	log    *slog.Logger
	fetch  *fetcher
	robots *robots
	hosts  *hostLimiter
	parser sync.Pool // of *gofeed.Parser, which is not safe for concurrent use

	stateOnce sync.Once
	state     *State
	stateErr  error

	reload chan []Feed // SetFeeds to Run

	stats counters

	// onCheck, when set, is told of every scheduled check's result.
	onCheck func(Feed, CheckResult, error)
}

// OnCheck has f called after each check Run or CheckAll makes, from the
// checking goroutine (f must be safe for concurrent use): the feed, what the
// check did, and its error. Metrics use it for per-feed counts. Call it
// before Run.
func (c *Crawler) OnCheck(f func(Feed, CheckResult, error)) { c.onCheck = f }

// Stats are running totals since the crawler was made. GivenUp counts the
// items published from the feed's own text because their page failed
// Config.MaxPageAttempts times, as CheckResult.GivenUp does per check.
type Stats struct {
	Checks, NotModified, Errors, Items, Published, Duplicates, PageErrors, GivenUp int64
}

type counters struct {
	checks, notModified, errors, items, published, duplicates, pageErrors, givenUp atomic.Int64
}

// New makes a crawler for cfg's feeds that publishes to pub and keeps its
// state in the herald_feeds bucket of js. It does no I/O.
func New(cfg Config, pub Publisher, js jetstream.JetStream, log *slog.Logger) (*Crawler, error) {
	cfg = cfg.WithDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	f := newFetcher(cfg)
	c := &Crawler{cfg: cfg, pub: pub, js: js, log: log, fetch: f,
		robots: newRobots(f, cfg.UserAgent), hosts: newHostLimiter(cfg.PerHost, cfg.HostDelay),
		reload: make(chan []Feed, 1)}
	c.parser.New = func() any { return gofeed.NewParser() }
	return c, nil
}

// Stats returns the running totals.
func (c *Crawler) Stats() Stats {
	return Stats{Checks: c.stats.checks.Load(), NotModified: c.stats.notModified.Load(),
		Errors: c.stats.errors.Load(), Items: c.stats.items.Load(), Published: c.stats.published.Load(),
		Duplicates: c.stats.duplicates.Load(), PageErrors: c.stats.pageErrors.Load(),
		GivenUp: c.stats.givenUp.Load()}
}

func (c *Crawler) openState(ctx context.Context) (*State, error) {
	c.stateOnce.Do(func() { c.state, c.stateErr = OpenState(ctx, c.js, c.cfg.SeenTTL) })
	return c.state, c.stateErr
}

// Run checks every feed when it is due until ctx is done, then waits for
// the checks in flight and returns nil. Feeds never checked are due at
// once; the others when their stored state says. SetFeeds changes the
// list while it runs.
func (c *Crawler) Run(ctx context.Context) error {
	st, err := c.openState(ctx)
	if err != nil {
		return err
	}
	s := &schedule{feeds: map[string]Feed{}, queued: map[string]bool{}}
	if err := s.set(ctx, st, c.cfg.Feeds); err != nil {
		return err
	}
	c.log.Info("crawler started", "feeds", len(s.feeds), "workers", c.cfg.Workers)

	work := make(chan Feed)
	done := make(chan dueFeed, c.cfg.Workers)
	var wg sync.WaitGroup
	for range c.cfg.Workers {
		wg.Go(func() {
			for f := range work {
				next := c.checkLogged(ctx, f)
				done <- dueFeed{url: f.URL, due: next}
			}
		})
	}
	defer func() {
		close(work)
		// Drain results so that no worker blocks on done while we wait.
		go func() {
			for range done {
			}
		}()
		wg.Wait()
		close(done)
		c.log.Info("crawler stopped")
	}()

	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	inFlight := 0
	for {
		var sendCh chan Feed
		var head Feed
		if f, due, ok := s.head(); ok && inFlight < c.cfg.Workers {
			if wait := time.Until(due); wait <= 0 {
				sendCh, head = work, f
			} else {
				timer.Reset(wait)
			}
		}
		select {
		case <-ctx.Done():
			return nil
		case sendCh <- head:
			heap.Pop(&s.q)
			inFlight++
		case r := <-done:
			inFlight--
			s.requeue(r)
		case feeds := <-c.reload:
			if err := s.set(ctx, st, feeds); err != nil {
				c.log.Error("feed list not changed", "err", err)
				continue
			}
			c.log.Info("feed list changed", "feeds", len(s.feeds))
		case <-timer.C:
		}
	}
}

// SetFeeds replaces the feeds a running Run checks: new feeds are
// scheduled from their stored state, removed ones are no longer checked
// (a check in flight finishes), changed ones take their new settings at
// their next check. It does not block; the latest list wins.
func (c *Crawler) SetFeeds(feeds []Feed) error {
	cfg := c.cfg
	cfg.Feeds = feeds
	if err := cfg.Validate(); err != nil {
		return err
	}
	feeds = append([]Feed(nil), feeds...)
	for {
		select {
		case c.reload <- feeds:
			return nil
		default:
		}
		select {
		case <-c.reload: // drop the older pending list
		default:
		}
	}
}

// schedule is Run's view of the feeds: owned by Run's goroutine.
type schedule struct {
	feeds  map[string]Feed // the current list, by URL
	q      dueQueue        // feeds waiting for their check
	queued map[string]bool // in q or in flight, so never twice
}

// set makes feeds the current list, queueing the new ones.
func (s *schedule) set(ctx context.Context, st *State, feeds []Feed) error {
	next := make(map[string]Feed, len(feeds))
	for _, f := range feeds {
		next[f.URL] = f
	}
	for _, f := range feeds {
		if s.queued[f.URL] {
			continue
		}
		fs, err := st.Feed(ctx, f.URL)
		if err != nil {
			return err
		}
		heap.Push(&s.q, dueFeed{url: f.URL, due: fs.NextCheck})
		s.queued[f.URL] = true
	}
	s.feeds = next
	return nil
}

// head is the first feed still listed, with its due time; feeds removed
// from the list are dropped from the queue on the way.
func (s *schedule) head() (Feed, time.Time, bool) {
	for len(s.q) > 0 {
		d := s.q[0]
		if f, ok := s.feeds[d.url]; ok {
			return f, d.due, true
		}
		heap.Pop(&s.q)
		delete(s.queued, d.url)
	}
	return Feed{}, time.Time{}, false
}

// requeue puts a checked feed back, unless it was removed meanwhile.
func (s *schedule) requeue(d dueFeed) {
	if _, ok := s.feeds[d.url]; !ok {
		delete(s.queued, d.url)
		return
	}
	heap.Push(&s.q, d)
}

// CheckAll checks every feed once, Workers at a time, whatever their
// schedule, and returns when all are done (`herald crawl --once`, the
// benchmark).
func (c *Crawler) CheckAll(ctx context.Context) error {
	if _, err := c.openState(ctx); err != nil {
		return err
	}
	sem := make(chan struct{}, c.cfg.Workers)
	var wg sync.WaitGroup
	for _, f := range c.cfg.Feeds {
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
			wg.Wait()
			return ctx.Err()
		}
		wg.Go(func() {
			defer func() { <-sem }()
			c.checkLogged(ctx, f)
		})
	}
	wg.Wait()
	return ctx.Err()
}

func (c *Crawler) checkLogged(ctx context.Context, f Feed) time.Time {
	r, err := c.Check(ctx, f)
	if c.onCheck != nil && ctx.Err() == nil {
		c.onCheck(f, r, err)
	}
	if err != nil && ctx.Err() == nil {
		c.log.Warn("feed check failed", "feed", f.URL, "errors", r.State.Errors, "next_check", r.State.NextCheck.Format(time.RFC3339), "err", err)
	} else if err == nil {
		c.log.Debug("feed checked", "feed", f.URL, "status", r.State.LastStatus, "new_items", r.New, "published", r.Published)
	}
	if r.State.NextCheck.IsZero() {
		// The check failed before it could schedule itself (state store
		// unreachable): try again after the first backoff, not at once.
		return time.Now().Add(c.cfg.RetryBase)
	}
	// A check slower than the feed's interval makes it due at once; that
	// is no failure to back off from.
	return r.State.NextCheck
}

// CheckResult is what one feed check did.
type CheckResult struct {
	State     FeedState
	New       int // items not seen before
	Published int // articles the publisher took (not duplicates)
	Retry     int // new items left for the next check: their page could not be had for now
	// GivenUp counts the items published from the feed's own text because
	// their page failed Config.MaxPageAttempts times (part of Published
	// unless duplicates).
	GivenUp int
}

// Check checks one feed now: a conditional GET, then every new item is
// published (its page fetched and extracted first when the feed asks).
// The feed's state, with its next check time, is stored whatever happens
// but a cancelled ctx (the feed is then due again at the next start); the
// error says what went wrong.
func (c *Crawler) Check(ctx context.Context, f Feed) (CheckResult, error) {
	st, err := c.openState(ctx)
	if err != nil {
		return CheckResult{}, err
	}
	fs, err := st.Feed(ctx, f.URL)
	if err != nil {
		return CheckResult{}, err
	}
	res := CheckResult{}
	now := time.Now()
	fs.LastCheck = now
	fs.Checks++
	defer c.stats.checks.Add(1) // counted when done

	resp, err := c.get(ctx, request{URL: f.URL, ETag: fs.ETag, LastModified: fs.LastModified,
		Accept: "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.5"})
	if resp != nil {
		fs.LastStatus = resp.Status
	}
	if err == nil && resp.NotModified() {
		fs.NotModified++
		c.stats.notModified.Add(1)
		c.succeeded(&fs, f, resp, now)
		res.State = fs
		return res, c.saveState(ctx, st, fs)
	}
	if err == nil {
		err = c.items(ctx, st, f, &fs, resp, &res)
	}
	if err != nil {
		if ctx.Err() != nil {
			return res, ctx.Err()
		}
		c.stats.errors.Add(1)
		fs.Errors++
		fs.LastError = err.Error()
		var se *statusError
		var retry time.Duration
		if errors.As(err, &se) {
			retry = se.RetryAfter
		}
		fs.NextCheck = now.Add(c.cfg.nextAfterError(fs.Errors, retry))
		res.State = fs
		if serr := c.saveState(ctx, st, fs); serr != nil {
			return res, errors.Join(err, serr)
		}
		return res, err
	}
	fs.TTLMinutes = int(rssTTL(resp.Body) / time.Minute)
	c.succeeded(&fs, f, resp, now)
	fs.ETag = resp.Header.Get("ETag")
	fs.LastModified = resp.Header.Get("Last-Modified")
	if res.Retry > 0 {
		// Items wait for their pages: the next check must get the whole
		// feed, not a 304.
		fs.ETag, fs.LastModified = "", ""
	}
	res.State = fs
	return res, c.saveState(ctx, st, fs)
}

func (c *Crawler) succeeded(fs *FeedState, f Feed, resp *response, now time.Time) {
	fs.Errors = 0
	fs.LastError = ""
	fs.LastSuccess = now
	ttl := time.Duration(fs.TTLMinutes) * time.Minute
	fs.NextCheck = now.Add(c.cfg.nextAfterSuccess(f, resp.Header, ttl, now))
}

func (c *Crawler) saveState(ctx context.Context, st *State, fs FeedState) error {
	// The state is saved even when the check was cancelled, so that a
	// shutdown does not forget the backoff.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	return st.PutFeed(ctx, fs)
}

// get fetches within the per-host limits.
func (c *Crawler) get(ctx context.Context, r request) (*response, error) {
	u, err := url.Parse(r.URL)
	if err != nil {
		return nil, fmt.Errorf("feed url: %w", err)
	}
	release, err := c.hosts.acquire(ctx, u.Host)
	if err != nil {
		return nil, err
	}
	defer release()
	return c.fetch.get(ctx, r)
}

// items parses a feed body and publishes its new items, counting them in
// res. A publish error stops the check before the feed's validators are
// stored, so the next check fetches the feed again and retries what was
// not published.
//
// An item whose page fails for a passing reason stays unseen and is
// tried again at the next check, up to Config.MaxPageAttempts fetches
// counted in fs.PageAttempts; the last failure publishes it from the
// feed's own text.
func (c *Crawler) items(ctx context.Context, st *State, f Feed, fs *FeedState, resp *response, res *CheckResult) error {
	p := c.parser.Get().(*gofeed.Parser)
	feed, err := p.Parse(bytes.NewReader(feedBody(resp.Body, resp.ContentType)))
	c.parser.Put(p)
	if err != nil {
		return fmt.Errorf("parse feed: %w", err)
	}
	if feed.Title != "" {
		fs.Title = feed.Title
	}
	resolveLinks(feed, resp.URL)
	items := feed.Items
	if len(items) > c.cfg.MaxItems {
		items = items[:c.cfg.MaxItems]
	}
	waiting := map[string]bool{} // attempt keys of the items left for the next check
	for _, it := range items {
		if it == nil {
			continue
		}
		keys := itemKeys(f.URL, it)
		if len(keys) == 0 {
			continue // neither GUID nor link: nothing to recognise it by
		}
		seen, err := st.Seen(ctx, keys...)
		if err != nil {
			return err
		}
		if seen {
			continue
		}
		res.New++
		ak := attemptKey(keys)
		n := fs.PageAttempts[ak]
		if n == 0 { // an item waiting for its page is counted once
			fs.Items++
			c.stats.items.Add(1)
		}
		a, err := c.article(ctx, f, feed, it)
		givenUp := false
		if err != nil {
			c.stats.pageErrors.Add(1)
			if ctx.Err() == nil {
				n++ // a fetch cut short by shutdown is no attempt
			}
			if n < c.cfg.MaxPageAttempts || ctx.Err() != nil {
				// A page that could not be had for a passing reason: the
				// item stays unseen and is tried again at the next check.
				if fs.PageAttempts == nil {
					fs.PageAttempts = map[string]int{}
				}
				fs.PageAttempts[ak] = n
				waiting[ak] = true
				res.Retry++
				c.log.Warn("page fetch failed; item retried at next check", "feed", f.URL, "url", a.URL, "attempts", n, "err", err)
				continue
			}
			givenUp = true
			c.log.Warn("page given up; publishing the feed's text", "feed", f.URL, "url", a.URL, "attempts", n, "err", err)
		}
		dup, err := c.pub.PublishArticle(ctx, a)
		if err != nil {
			return fmt.Errorf("publish %s: %w", a.URL, err)
		}
		if givenUp {
			// Counted once published: a failed publish leaves the item to
			// the next check, which gives its page up again.
			res.GivenUp++
			c.stats.givenUp.Add(1)
		}
		if dup {
			c.stats.duplicates.Add(1)
		} else {
			res.Published++
			fs.Published++
			c.stats.published.Add(1)
		}
		// Once published, the item is marked seen even when the crawler
		// is shutting down, so that a restart does not publish it again.
		mctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		err = st.MarkSeen(mctx, keys...)
		cancel()
		if err != nil {
			return err
		}
		delete(fs.PageAttempts, ak)
	}
	// Only the items still waiting keep a count: published, given up,
	// seen through another feed, or gone from the feed, theirs goes.
	for k := range fs.PageAttempts {
		if !waiting[k] {
			delete(fs.PageAttempts, k)
		}
	}
	if len(fs.PageAttempts) == 0 {
		fs.PageAttempts = nil
	}
	return nil
}

// attemptKey is the key of an item in FeedState.PageAttempts: the hash
// of its first seen-set key (its GUID's, else its URL's).
func attemptKey(keys []string) string { return strings.TrimPrefix(keys[0], "item.") }

// article builds the article of one item: from its page when the feed
// asks for full pages and the page can be had, else from the item's own
// content. When the page failed for a passing reason (5xx, timeout,
// reset) it returns the article from the item's own content together
// with that error, for the caller to publish or to try again later.
func (c *Crawler) article(ctx context.Context, f Feed, feed *gofeed.Feed, it *gofeed.Item) (schema.Article, error) {
	a := schema.Article{
		URL:      itemLink(it),
		Title:    strings.TrimSpace(it.Title),
		Source:   f.Source,
		Language: f.Language,
		Fetched:  time.Now().UTC(),
	}
	if a.Source == "" {
		a.Source = feed.Title
	}
	if a.Language == "" {
		a.Language = feed.Language
	}
	if it.PublishedParsed != nil {
		a.Published = *it.PublishedParsed
	} else if it.UpdatedParsed != nil {
		a.Published = *it.UpdatedParsed
	}
	var pageErr error
	if f.FullPages && a.URL != "" {
		p, err := c.page(ctx, a.URL)
		switch {
		case err == nil && strings.TrimSpace(p.Text) != "":
			return p.Fill(a), nil
		case err == nil, permanentPageError(err):
			c.log.Info("page not usable; using the feed's text", "url", a.URL, "err", err)
		default:
			pageErr = err
		}
	}
	a.Text = itemText(it)
	if strings.TrimSpace(a.Text) == "" {
		a.Text = a.Title
	}
	a.OriginalSource = page.OriginalSource(a.Text)
	return a, pageErr
}

// page fetches an article page (robots.txt permitting) and extracts it.
func (c *Crawler) page(ctx context.Context, raw string) (page.Page, error) {
	if !c.cfg.IgnoreRobots {
		ok, delay, err := c.robots.Allowed(ctx, raw)
		if err != nil {
			return page.Page{}, err
		}
		if !ok {
			return page.Page{}, ErrRobots
		}
		if u, err := url.Parse(raw); err == nil && delay > 0 {
			c.hosts.atLeast(u.Host, delay)
		}
	}
	resp, err := c.get(ctx, request{URL: raw, Accept: "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"})
	if err != nil {
		return page.Page{}, err
	}
	html, err := page.Decode(resp.Body, resp.ContentType)
	if err != nil {
		return page.Page{}, err
	}
	return page.Extract([]byte(html), resp.URL)
}

// permanentPageError: errors that will not go away by trying again, for
// which the feed's own text is the best there will be.
func permanentPageError(err error) bool {
	var se *statusError
	if errors.As(err, &se) {
		return se.Status >= 400 && se.Status < 500 && se.Status != 408 && se.Status != 429
	}
	return errors.Is(err, ErrRobots) || errors.Is(err, ErrTooLarge) || errors.Is(err, ErrAddressRefused) ||
		errors.Is(err, ErrTooManyRedirects)
}

// dueQueue orders feeds by their next check.
type dueFeed struct {
	url string
	due time.Time
}

type dueQueue []dueFeed

func (q dueQueue) Len() int           { return len(q) }
func (q dueQueue) Less(i, j int) bool { return q[i].due.Before(q[j].due) }
func (q dueQueue) Swap(i, j int)      { q[i], q[j] = q[j], q[i] }
func (q *dueQueue) Push(x any)        { *q = append(*q, x.(dueFeed)) }
func (q *dueQueue) Pop() any {
	old := *q
	x := old[len(old)-1]
	*q = old[:len(old)-1]
	return x
}

// hostLimiter bounds the requests to one host: at most perHost at once,
// and starts at least delay (or the host's Crawl-delay) apart.
type hostLimiter struct {
	perHost int
	delay   time.Duration

	mu    sync.Mutex // guards hosts and each slot's next and delay
	hosts map[string]*hostSlot
}

type hostSlot struct {
	sem   chan struct{}
	next  time.Time     // earliest start of the next request
	delay time.Duration // the host's own Crawl-delay, when longer than hostLimiter.delay
}

func newHostLimiter(perHost int, delay time.Duration) *hostLimiter {
	return &hostLimiter{perHost: perHost, delay: delay, hosts: map[string]*hostSlot{}}
}

func (l *hostLimiter) slot(host string) *hostSlot {
	l.mu.Lock()
	defer l.mu.Unlock()
	s, ok := l.hosts[host]
	if !ok {
		s = &hostSlot{sem: make(chan struct{}, l.perHost)}
		l.hosts[host] = s
	}
	return s
}

// atLeast makes requests to host start at least d apart (robots.txt
// Crawl-delay).
func (l *hostLimiter) atLeast(host string, d time.Duration) {
	s := l.slot(host)
	l.mu.Lock()
	s.delay = d
	l.mu.Unlock()
}

func (l *hostLimiter) acquire(ctx context.Context, host string) (release func(), err error) {
	s := l.slot(host)
	select {
	case s.sem <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	release = func() { <-s.sem }
	l.mu.Lock()
	delay := max(l.delay, s.delay)
	if delay <= 0 {
		l.mu.Unlock()
		return release, nil
	}
	now := time.Now()
	start := s.next
	if start.Before(now) {
		start = now
	}
	s.next = start.Add(delay)
	l.mu.Unlock()
	if wait := start.Sub(now); wait > 0 {
		t := time.NewTimer(wait)
		defer t.Stop()
		select {
		case <-t.C:
		case <-ctx.Done():
			release()
			return nil, ctx.Err()
		}
	}
	return release, nil
}
