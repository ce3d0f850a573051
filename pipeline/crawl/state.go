package crawl

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// Bucket is the key-value bucket that holds the crawler's state: one
// "feed.<hash>" key per feed (FeedState as JSON) and one "item.<hash>" key
// per GUID or canonical URL already passed on.
const Bucket = "herald_feeds"

// FeedState is what the crawler remembers of a feed between checks and
// across restarts; `herald feeds status` prints it.
type FeedState struct {
	URL          string    `json:"url"`
	Title        string    `json:"title,omitempty"`
	ETag         string    `json:"etag,omitempty"`
	LastModified string    `json:"last_modified,omitempty"`
	LastCheck    time.Time `json:"last_check,omitzero"`
	LastSuccess  time.Time `json:"last_success,omitzero"`
	NextCheck    time.Time `json:"next_check,omitzero"`
	LastStatus   int       `json:"last_status,omitempty"`
	// TTLMinutes is the feed's own <ttl>, kept for the 304s that do not
	// repeat it.
	TTLMinutes int `json:"ttl_minutes,omitempty"`
	// Errors counts consecutive failed checks; LastError is the latest.
	Errors    int    `json:"errors,omitempty"`
	LastError string `json:"last_error,omitempty"`
	// PageAttempts counts the failed page fetches of each item still
	// waiting for its page (by the hash of its GUID, else of its URL). An
	// entry goes once the item is published, from its page or, after
	// Config.MaxPageAttempts, from the feed's text, or leaves the feed.
	PageAttempts map[string]int `json:"page_attempts,omitempty"`
	// Checks, NotModified, Items and Published are running totals.
	Checks      int `json:"checks"`
	NotModified int `json:"not_modified"`
	Items       int `json:"items"`
	Published   int `json:"published"`
}

// State is the crawler's view of the herald_feeds bucket.
type State struct {
	kv  jetstream.KeyValue
	ttl time.Duration
}

// OpenState creates the herald_feeds bucket if it does not exist (keeping
// its settings if it does) and returns it. seenTTL bounds how long keys
// live; each feed's key is rewritten at every check, so only item keys
// ever reach it.
func OpenState(ctx context.Context, js jetstream.JetStream, seenTTL time.Duration) (*State, error) {
	kv, err := js.KeyValue(ctx, Bucket)
	if errors.Is(err, jetstream.ErrBucketNotFound) {
		kv, err = js.CreateKeyValue(ctx, jetstream.KeyValueConfig{
			Bucket:      Bucket,
			Description: "crawler feed state and seen items",
			History:     1,
			TTL:         seenTTL,
			Storage:     jetstream.FileStorage,
			Replicas:    seenReplicas(ctx, js),
		})
		if errors.Is(err, jetstream.ErrBucketExists) {
			kv, err = js.KeyValue(ctx, Bucket)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("bucket %s: %w", Bucket, err)
	}
	return &State{kv: kv, ttl: seenTTL}, nil
}

// seenReplicas is the replica count of the pipeline's herald_seen bucket,
// which Bus.Setup gives the count asked for (--replicas): the crawler's
// bucket is created with as many copies. 1 when it cannot be read.
func seenReplicas(ctx context.Context, js jetstream.JetStream) int {
	s, err := js.Stream(ctx, "KV_herald_seen")
	if err != nil {
		return 1
	}
	return max(s.CachedInfo().Config.Replicas, 1)
}

func hashKey(prefix string, parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return prefix + hex.EncodeToString(h.Sum(nil))[:32]
}

func feedKey(url string) string { return hashKey("feed.", url) }

// Feed returns a feed's state; a feed never checked has a zero state with
// its URL.
func (s *State) Feed(ctx context.Context, url string) (FeedState, error) {
	e, err := s.kv.Get(ctx, feedKey(url))
	if errors.Is(err, jetstream.ErrKeyNotFound) {
		return FeedState{URL: url}, nil
	}
	if err != nil {
		return FeedState{}, fmt.Errorf("feed state %s: %w", url, err)
	}
	var fs FeedState
	if err := json.Unmarshal(e.Value(), &fs); err != nil {
		return FeedState{URL: url}, nil // unreadable state: start over
	}
	return fs, nil
}

// PutFeed stores a feed's state.
func (s *State) PutFeed(ctx context.Context, fs FeedState) error {
	b, err := json.Marshal(fs)
	if err != nil {
		return err
	}
	if _, err := s.kv.Put(ctx, feedKey(fs.URL), b); err != nil {
		return fmt.Errorf("store feed state %s: %w", fs.URL, err)
	}
	return nil
}

// Feeds lists every stored feed state, ordered by URL.
func (s *State) Feeds(ctx context.Context) ([]FeedState, error) {
	lister, err := s.kv.ListKeysFiltered(ctx, "feed.>")
	if err != nil {
		return nil, fmt.Errorf("list feeds: %w", err)
	}
	defer lister.Stop()
	var out []FeedState
	for k := range lister.Keys() {
		e, err := s.kv.Get(ctx, k)
		if err != nil {
			continue
		}
		var fs FeedState
		if json.Unmarshal(e.Value(), &fs) == nil {
			out = append(out, fs)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].URL < out[j].URL })
	return out, nil
}

// Seen reports whether any of the item keys has been passed on before.
func (s *State) Seen(ctx context.Context, keys ...string) (bool, error) {
	for _, k := range keys {
		_, err := s.kv.Get(ctx, k)
		if err == nil {
			return true, nil
		}
		if !errors.Is(err, jetstream.ErrKeyNotFound) {
			return false, fmt.Errorf("seen lookup: %w", err)
		}
	}
	return false, nil
}

// MarkSeen records item keys as passed on.
func (s *State) MarkSeen(ctx context.Context, keys ...string) error {
	for _, k := range keys {
		if _, err := s.kv.Put(ctx, k, []byte{1}); err != nil {
			return fmt.Errorf("mark seen: %w", err)
		}
	}
	return nil
}
