package telemetry

import (
	"net/http"
	"net/url"

	"github.com/herald-news/herald/pipeline/crawl"
)

// ObserveCheck counts one feed check, for crawl.Crawler.OnCheck: the fetch
// by feed (its source name, else its host) and outcome ("ok",
// "not_modified", "rate_limited", "error"), the articles it published
// ("new") or found already published ("duplicate") by source, the pages
// it gave up by feed, and a failed check as a transient error of the crawl
// stage.
//
//	c.OnCheck(m.ObserveCheck)
func (m *Metrics) ObserveCheck(f crawl.Feed, r crawl.CheckResult, err error) {
	feed := f.Source
	if feed == "" {
		if u, perr := url.Parse(f.URL); perr == nil {
			feed = u.Host
		}
	}
	outcome := "ok"
	switch {
	case err != nil && (r.State.LastStatus == http.StatusTooManyRequests || r.State.LastStatus == http.StatusServiceUnavailable):
		outcome = "rate_limited"
	case err != nil:
		outcome = "error"
	case r.State.LastStatus == http.StatusNotModified:
		outcome = "not_modified"
	}
	m.Fetched.WithLabelValues(feed, outcome).Inc()
	if err != nil {
		m.Errors.WithLabelValues("crawl", "transient").Inc()
	}
	if r.Published > 0 {
		m.Published.WithLabelValues(feed, "new").Add(float64(r.Published))
	}
	if r.GivenUp > 0 {
		m.PagesGivenUp.WithLabelValues(feed).Add(float64(r.GivenUp))
	}
	if dup := r.New - r.Published - r.Retry; dup > 0 {
		m.Published.WithLabelValues(feed, "duplicate").Add(float64(dup))
	}
}
