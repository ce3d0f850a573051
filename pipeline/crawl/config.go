// Package crawl is herald's feed crawler: the pipeline stage that produces
// articles. It checks each configured feed when it is due (honouring TTL,
// Cache-Control, Expires, Retry-After, and backing off on errors),
// fetches with conditional GET, parses RSS, Atom and JSON Feed with gofeed,
// passes on only items it has not seen (by GUID, else by canonical URL,
// across restarts and feeds), fetches the article pages when the feed asks
// for it (robots.txt, address guard, capped bodies and redirects), extracts
// them with extractors/page and publishes the articles.
//
// Feed state and the item seen-set live in the JetStream key-value bucket
// herald_feeds, so a restart resumes where the last run stopped.
package crawl

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// DefaultUserAgent identifies herald to the sites it fetches.
const DefaultUserAgent = "herald/0.1 (+https://github.com/herald-news/herald; news event extraction)"

// Feed is one feed to check.
type Feed struct {
	// URL is the feed's address (RSS, Atom or JSON Feed).
	URL string `yaml:"url"`
	// Source names the publisher on every article ("RFE/RL").
	Source string `yaml:"source,omitempty"`
	// Interval is how often to check the feed; Config.DefaultInterval when
	// zero. Server hints (TTL, max-age, Expires) can only lengthen it.
	Interval time.Duration `yaml:"interval,omitempty"`
	// Language is the articles' language (BCP 47), when known.
	Language string `yaml:"language,omitempty"`
	// FullPages fetches each item's page and extracts its main text;
	// otherwise the item's own content or summary is the text.
	FullPages bool `yaml:"full_pages,omitempty"`
}

// Config is the crawler's configuration, read from a YAML file (see
// docs/crawling.md for a documented example).
type Config struct {
	UserAgent       string        `yaml:"user_agent,omitempty"`
	DefaultInterval time.Duration `yaml:"default_interval,omitempty"`
	// MinInterval and MaxInterval bound every feed's interval and every
	// server hint.
	MinInterval time.Duration `yaml:"min_interval,omitempty"`
	MaxInterval time.Duration `yaml:"max_interval,omitempty"`
	// RetryBase is the first delay after an error; each further
	// consecutive error doubles it, up to MaxBackoff.
	RetryBase  time.Duration `yaml:"retry_base,omitempty"`
	MaxBackoff time.Duration `yaml:"max_backoff,omitempty"`
	// ConnectTimeout bounds dialing and the TLS handshake; ReadTimeout the
	// wait for response headers; RequestTimeout the whole request,
	// body included.
	ConnectTimeout time.Duration `yaml:"connect_timeout,omitempty"`
	ReadTimeout    time.Duration `yaml:"read_timeout,omitempty"`
	RequestTimeout time.Duration `yaml:"request_timeout,omitempty"`
	// MaxBodyBytes caps a feed or page body (after decompression).
	MaxBodyBytes int64 `yaml:"max_body_bytes,omitempty"`
	MaxRedirects int   `yaml:"max_redirects,omitempty"`
	// Workers is how many feeds are checked at once; PerHost how many
	// requests go to one host at once, HostDelay the least time between
	// the start of two requests to one host.
	Workers   int           `yaml:"workers,omitempty"`
	PerHost   int           `yaml:"per_host,omitempty"`
	HostDelay time.Duration `yaml:"host_delay,omitempty"`
	// MaxItems caps the new items taken from one feed check.
	MaxItems int `yaml:"max_items,omitempty"`
	// AllowLoopback and AllowPrivate let feeds and pages resolve to
	// loopback, or private and link-local, addresses. Both are refused by
	// default: a feed must not make herald fetch from inside its network.
	AllowLoopback bool `yaml:"allow_loopback,omitempty"`
	AllowPrivate  bool `yaml:"allow_private,omitempty"`
	// MaxPageAttempts is how many times an item's page is fetched when it
	// keeps failing for a passing reason (5xx, timeout, reset), one fetch
	// a check, before the item is published from the feed's own text.
	MaxPageAttempts int `yaml:"max_page_attempts,omitempty"`
	// IgnoreRobots skips robots.txt for article pages (never the default).
	IgnoreRobots bool `yaml:"ignore_robots,omitempty"`
	// SeenTTL is how long an item's GUID and URL are remembered.
	SeenTTL time.Duration `yaml:"seen_ttl,omitempty"`

	Feeds []Feed `yaml:"feeds"`
}

// WithDefaults returns c with every zero setting given its default.
func (c Config) WithDefaults() Config {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	if c.UserAgent == "" {
		c.UserAgent = DefaultUserAgent
	}
	def(&c.DefaultInterval, 15*time.Minute)
	def(&c.MinInterval, time.Minute)
	def(&c.MaxInterval, 24*time.Hour)
	def(&c.RetryBase, time.Minute)
	def(&c.MaxBackoff, 12*time.Hour)
	def(&c.ConnectTimeout, 10*time.Second)
	def(&c.ReadTimeout, 20*time.Second)
	def(&c.RequestTimeout, 60*time.Second)
	def(&c.SeenTTL, 90*24*time.Hour)
	if c.MaxBodyBytes <= 0 {
		c.MaxBodyBytes = 10 << 20
	}
	if c.MaxRedirects <= 0 {
		c.MaxRedirects = 5
	}
	if c.Workers <= 0 {
		c.Workers = 16
	}
	if c.PerHost <= 0 {
		c.PerHost = 2
	}
	if c.MaxItems <= 0 {
		c.MaxItems = 200
	}
	if c.MaxPageAttempts <= 0 {
		c.MaxPageAttempts = 5
	}
	return c
}

// Validate reports the first feed without a usable URL, or a repeated one.
func (c Config) Validate() error {
	seen := map[string]bool{}
	for i, f := range c.Feeds {
		u := strings.TrimSpace(f.URL)
		if !isHTTP(u) {
			return fmt.Errorf("feed %d: url %q is not http(s)", i+1, f.URL)
		}
		if seen[u] {
			return fmt.Errorf("feed %d: %s listed twice", i+1, u)
		}
		seen[u] = true
	}
	return nil
}

// interval is f's check interval within the configured bounds.
func (c Config) interval(f Feed) time.Duration {
	d := f.Interval
	if d <= 0 {
		d = c.DefaultInterval
	}
	return clamp(d, c.MinInterval, c.MaxInterval)
}

func clamp(d, lo, hi time.Duration) time.Duration {
	if d < lo {
		return lo
	}
	if d > hi {
		return hi
	}
	return d
}

// LoadConfig reads a YAML config file. A missing file is an empty config.
func LoadConfig(path string) (Config, error) {
	var c Config
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return c, nil
	}
	if err != nil {
		return c, err
	}
	if err := yaml.Unmarshal(b, &c); err != nil {
		return c, fmt.Errorf("%s: %w", path, err)
	}
	if err := c.Validate(); err != nil {
		return c, fmt.Errorf("%s: %w", path, err)
	}
	return c, nil
}

// SaveConfig writes c to path as YAML, through a temporary file so that a
// failed write leaves the old file whole.
func SaveConfig(path string, c Config) error {
	b, err := yaml.Marshal(c)
	if err != nil {
		return err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, b, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// AddFeeds appends the feeds whose URL c does not hold yet, and returns
// how many it added.
func (c *Config) AddFeeds(fs []Feed) int {
	have := map[string]bool{}
	for _, f := range c.Feeds {
		have[f.URL] = true
	}
	n := 0
	for _, f := range fs {
		if have[f.URL] {
			continue
		}
		have[f.URL] = true
		c.Feeds = append(c.Feeds, f)
		n++
	}
	return n
}
