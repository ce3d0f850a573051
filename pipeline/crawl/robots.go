package crawl

import (
	"context"
	"errors"
	"net/url"
	"sync"
	"time"

	"github.com/temoto/robotstxt"
)

// robotsTTL is how long a host's robots.txt is cached; robotsErrorTTL how
// long a failure to read one is.
const (
	robotsTTL      = 24 * time.Hour
	robotsErrorTTL = 10 * time.Minute
)

// robots answers whether herald may fetch a page, from each host's
// robots.txt fetched once and cached. As RFC 9309 says, a robots.txt that
// is missing (4xx) allows everything, one that cannot be read (5xx,
// network error) disallows everything for a while.
type robots struct {
	f     *fetcher
	agent string
	now   func() time.Time

	mu    sync.Mutex // guards hosts
	hosts map[string]*robotsEntry
}

type robotsEntry struct {
	ready   chan struct{} // closed when data is set
	group   *robotstxt.Group
	expires time.Time
}

func newRobots(f *fetcher, agent string) *robots {
	return &robots{f: f, agent: agent, now: time.Now, hosts: map[string]*robotsEntry{}}
}

// maxCrawlDelay caps a robots.txt Crawl-delay: a larger one would stall
// the feed's check.
const maxCrawlDelay = 30 * time.Second

// Allowed reports whether robots.txt lets herald fetch raw, and the
// Crawl-delay it asks for (0 when none).
func (r *robots) Allowed(ctx context.Context, raw string) (bool, time.Duration, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return false, 0, err
	}
	key := u.Scheme + "://" + u.Host
	r.mu.Lock()
	e, ok := r.hosts[key]
	if ok {
		// expires may be read only once the entry is loaded.
		select {
		case <-e.ready:
			if r.now().After(e.expires) {
				ok = false
			}
		default:
		}
	}
	if !ok {
		e = &robotsEntry{ready: make(chan struct{})}
		r.hosts[key] = e
		r.mu.Unlock()
		e.group, e.expires = r.load(ctx, key)
		close(e.ready)
	} else {
		r.mu.Unlock()
		select {
		case <-e.ready:
		case <-ctx.Done():
			return false, 0, ctx.Err()
		}
	}
	path := u.EscapedPath()
	if path == "" {
		path = "/"
	}
	if u.RawQuery != "" {
		path += "?" + u.RawQuery
	}
	return e.group.Test(path), min(e.group.CrawlDelay, maxCrawlDelay), nil
}

func (r *robots) load(ctx context.Context, base string) (*robotstxt.Group, time.Time) {
	now := r.now()
	resp, err := r.f.get(ctx, request{URL: base + "/robots.txt", Accept: "text/plain"})
	var se *statusError
	switch {
	case err == nil:
		data, perr := robotstxt.FromBytes(resp.Body)
		if perr != nil {
			return allowAll(), now.Add(robotsTTL)
		}
		return data.FindGroup(r.agent), now.Add(robotsTTL)
	case errors.As(err, &se) && se.Status >= 400 && se.Status < 500:
		return allowAll(), now.Add(robotsTTL)
	default:
		return disallowAll(), now.Add(robotsErrorTTL)
	}
}

func allowAll() *robotstxt.Group {
	d, _ := robotstxt.FromStatusAndBytes(404, nil)
	return d.FindGroup("*")
}

func disallowAll() *robotstxt.Group {
	d, _ := robotstxt.FromStatusAndBytes(503, nil)
	return d.FindGroup("*")
}
