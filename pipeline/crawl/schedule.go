package crawl

import (
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// nextAfterSuccess is the wait before the next check of a feed that
// answered: its interval, lengthened (never shortened) by what the server
// says about freshness (Cache-Control max-age, Expires, RSS <ttl>), within
// [MinInterval, MaxInterval].
func (c Config) nextAfterSuccess(f Feed, h http.Header, ttl time.Duration, now time.Time) time.Duration {
	d := c.interval(f)
	for _, hint := range []time.Duration{maxAge(h), expires(h, now), ttl} {
		if hint > d {
			d = hint
		}
	}
	return clamp(d, c.MinInterval, c.MaxInterval)
}

// nextAfterError backs off exponentially with the number of consecutive
// errors, from RetryBase up to MaxBackoff; a Retry-After (429, 503) longer
// than that wins, within MaxBackoff too.
func (c Config) nextAfterError(errors int, retryAfter time.Duration) time.Duration {
	d := c.RetryBase
	for i := 1; i < errors && d < c.MaxBackoff; i++ {
		d *= 2
	}
	if retryAfter > d {
		d = retryAfter
	}
	if d > c.MaxBackoff {
		d = c.MaxBackoff
	}
	return d
}

func maxAge(h http.Header) time.Duration {
	for _, part := range strings.Split(h.Get("Cache-Control"), ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok {
			continue
		}
		k = strings.ToLower(k)
		if k == "max-age" || k == "s-maxage" {
			if s, err := strconv.Atoi(strings.Trim(v, `"`)); err == nil && s > 0 {
				return time.Duration(s) * time.Second
			}
		}
	}
	return 0
}

func expires(h http.Header, now time.Time) time.Duration {
	v := h.Get("Expires")
	if v == "" {
		return 0
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0
	}
	// Measure against the server's clock when it gives one.
	if d, err := http.ParseTime(h.Get("Date")); err == nil {
		now = d
	}
	if t.After(now) {
		return t.Sub(now)
	}
	return 0
}

var ttlElem = regexp.MustCompile(`<ttl>\s*(\d+)\s*</ttl>`)

// rssTTL is an RSS channel's <ttl>, in minutes.
func rssTTL(body []byte) time.Duration {
	head := body
	if len(head) > 16<<10 {
		head = head[:16<<10]
	}
	m := ttlElem.FindSubmatch(head)
	if m == nil {
		return 0
	}
	n, err := strconv.Atoi(string(m[1]))
	if err != nil || n <= 0 {
		return 0
	}
	return time.Duration(n) * time.Minute
}
