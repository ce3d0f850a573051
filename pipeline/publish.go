package pipeline

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/herald-news/herald/extractors/schema"
)

// ArticleID is a's id: its own when it has one, else one derived from its
// URL ("u-" and a hash), else from its content ("h-" and a hash). The same
// article always gets the same id.
func ArticleID(a schema.Article) string {
	if a.ID != "" {
		return a.ID
	}
	if u := canonicalURL(a.URL); u != "" {
		return "u-" + shortHash(u)
	}
	return "h-" + shortHash(a.Title, a.Text, a.HTML)
}

// ContentKey identifies what was published: the URL with the text (or the
// page when there is no text). A corrected article gets a new key and is
// extracted again; the same article re-published does not.
func ContentKey(a schema.Article) string {
	body := a.Text
	if body == "" {
		body = a.HTML
	}
	return shortHash(ArticleID(a), canonicalURL(a.URL), body)
}

func shortHash(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))[:32]
}

// canonicalURL drops the fragment and lower-cases scheme and host, so that
// trivially different spellings of a URL give the same id.
func canonicalURL(raw string) string {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return ""
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return raw
	}
	u.Fragment = ""
	u.Scheme = strings.ToLower(u.Scheme)
	u.Host = strings.ToLower(u.Host)
	return u.String()
}

// Token turns s into one NATS subject token: lower case, letters, digits,
// '-' and '_' only; "unknown" when nothing is left.
func Token(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '-', r == '_':
			b.WriteRune(r)
		case r == '.' || r == ' ' || r == '/' || r == ':':
			b.WriteByte('_')
		}
	}
	t := strings.Trim(b.String(), "_")
	if t == "" {
		return "unknown"
	}
	return t
}

// sourceToken names an article's source on subjects: its Source, else its
// URL's host, else "unknown".
func sourceToken(a schema.Article) string {
	if a.Source != "" {
		return Token(a.Source)
	}
	if u, err := url.Parse(a.URL); err == nil && u.Host != "" {
		return Token(strings.TrimPrefix(u.Hostname(), "www."))
	}
	return "unknown"
}

// ArticleSubject is the subject an article is published on.
func ArticleSubject(a schema.Article) string { return SubjectArticles + "." + sourceToken(a) }

// DocumentSubject is the subject an annotated article is published on.
func DocumentSubject(a schema.Article) string { return SubjectDocuments + "." + sourceToken(a) }

// EventSubject is the subject an event is published on.
func EventSubject(ev schema.Event) string { return SubjectEvents + "." + Token(ev.Type) }

// PublishArticle publishes a onto the ARTICLES stream unless it was published
// before, which it reports as dup. The article gets its id (ArticleID) if it
// has none.
//
// Two guards: the content-derived Nats-Msg-Id catches a re-publish within
// the stream's duplicate window (and two publishers racing), the herald_seen
// bucket catches it beyond. The key is marked seen after the publish is
// acknowledged, so a crash between the two loses nothing: the article is
// at worst extracted again, which gives the same event ids, and sinks
// upsert by id.
func (b *Bus) PublishArticle(ctx context.Context, a schema.Article) (dup bool, err error) {
	a.ID = ArticleID(a)
	key := ContentKey(a)
	kv, err := b.seen(ctx)
	if err != nil {
		return false, err
	}
	if _, err := kv.Get(ctx, key); err == nil {
		return true, nil
	} else if !errors.Is(err, jetstream.ErrKeyNotFound) {
		return false, fmt.Errorf("seen-set lookup: %w", err)
	}
	data, err := json.Marshal(a)
	if err != nil {
		return false, fmt.Errorf("encode article %s: %w", a.ID, err)
	}
	msg := &nats.Msg{Subject: ArticleSubject(a), Data: data, Header: nats.Header{}}
	msg.Header.Set(HeaderArticleID, a.ID)
	ack, err := b.js.PublishMsg(ctx, msg, jetstream.WithMsgID(key), jetstream.WithExpectStream(StreamArticles))
	if err != nil {
		return false, fmt.Errorf("publish article %s: %w", a.ID, err)
	}
	if _, err := kv.Put(ctx, key, []byte(a.ID)); err != nil {
		return ack.Duplicate, fmt.Errorf("mark article %s seen: %w", a.ID, err)
	}
	return ack.Duplicate, nil
}

// HeaderArticleID carries the article id on article and document messages.
const HeaderArticleID = "Herald-Article-Id"

// seen is the seen-set bucket, looked up once.
func (b *Bus) seen(ctx context.Context) (jetstream.KeyValue, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.seenKV != nil {
		return b.seenKV, nil
	}
	kv, err := b.js.KeyValue(ctx, BucketSeen)
	if err != nil {
		return nil, fmt.Errorf("bucket %s (run Setup first): %w", BucketSeen, err)
	}
	b.seenKV = kv
	return kv, nil
}
