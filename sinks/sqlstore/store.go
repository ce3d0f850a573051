// Package sqlstore is the SQL half of herald's stores: one logical schema,
// written and queried the same way over SQLite (sinks/sqlite) and
// PostgreSQL (sinks/postgres). The driver packages open the database, say
// which Dialect it speaks and hand over their numbered migrations; this
// package applies the migrations, writes documents and events, and answers
// the queries of `herald query`.
//
// Statements use $1-style placeholders, which both drivers accept.
package sqlstore

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"strconv"
	"strings"
	"time"

	"github.com/herald-news/herald/extractors/schema"
)

// Dialect is what differs between the databases.
type Dialect struct {
	// Name is "sqlite" or "postgres".
	Name string
	// TimeText stores times as RFC 3339 UTC text rather than as the
	// database's timestamp type (SQLite has none).
	TimeText bool
	// LockMigrations, when set, is run first in each migration transaction
	// so that processes opening the store together apply it once.
	LockMigrations string
	// NoNUL replaces NUL characters, which PostgreSQL text and jsonb refuse,
	// with spaces before writing (byte offsets stay valid).
	NoNUL bool
}

// Store writes annotated articles and events into a database and answers
// queries about them. It is safe for concurrent use.
type Store struct {
	db *sql.DB
	d  Dialect
}

// New wraps an open database, applying the migrations in migrations (files
// named NNNN_name.sql, applied in order, each once).
func New(ctx context.Context, db *sql.DB, d Dialect, migrations fs.FS) (*Store, error) {
	s := &Store{db: db, d: d}
	if err := s.migrate(ctx, migrations); err != nil {
		return nil, err
	}
	return s, nil
}

// DB is the underlying database, for callers with questions of their own.
func (s *Store) DB() *sql.DB { return s.db }

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// ErrNoID is returned for a document or event without an id.
var ErrNoID = errors.New("sqlstore: record has no id")

// WriteDocument stores an annotated article. In one transaction it upserts
// the article and replaces everything stored before for that article id:
// people, treaties, dates, quotes and events, so a re-extracted article has
// its events replaced rather than doubled and a redelivered document changes
// nothing. A document whose events carry an older extractor version than
// the one stored is a stale redelivery and is ignored. It implements
// pipeline.DocumentSink.
func (s *Store) WriteDocument(ctx context.Context, doc schema.Document) error {
	if doc.Article.ID == "" {
		return ErrNoID
	}
	if s.d.NoNUL {
		var err error
		if doc, err = withoutNUL(doc); err != nil {
			return err
		}
	}
	version := docVersion(doc)
	docJSON, err := json.Marshal(doc)
	if err != nil {
		return fmt.Errorf("encode document %s: %w", doc.Article.ID, err)
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		// Lock the article's row first, creating it if need be, so that
		// writers of one article take turns (PostgreSQL; SQLite's
		// transactions are serial) and the version read below is the one
		// the last of them committed.
		if _, err := tx.ExecContext(ctx, `
INSERT INTO articles (id, document) VALUES ($1, '{}') ON CONFLICT (id) DO UPDATE SET id = excluded.id`, doc.Article.ID); err != nil {
			return fmt.Errorf("lock article: %w", err)
		}
		var stored string
		if err := tx.QueryRowContext(ctx, `SELECT extractor_version FROM articles WHERE id = $1`, doc.Article.ID).Scan(&stored); err != nil {
			return fmt.Errorf("read article version: %w", err)
		}
		if olderVersion(version, stored) {
			return nil
		}
		a := doc.Article
		if _, err := tx.ExecContext(ctx, `
INSERT INTO articles (id, url, title, published, fetched, source, original_source, language, text, extractor_version, document)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
ON CONFLICT (id) DO UPDATE SET url = excluded.url, title = excluded.title, published = excluded.published,
  fetched = excluded.fetched, source = excluded.source, original_source = excluded.original_source,
  language = excluded.language, text = excluded.text, extractor_version = excluded.extractor_version,
  document = excluded.document`,
			a.ID, a.URL, a.Title, s.timeArg(a.Published), s.timeArg(a.Fetched), a.Source, a.OriginalSource,
			a.Language, a.Text, version, string(docJSON)); err != nil {
			return fmt.Errorf("upsert article: %w", err)
		}
		for _, t := range []string{"people", "treaties", "dates", "quotes", "events",
			"event_people", "event_treaties", "event_participants", "event_quotes"} {
			if _, err := tx.ExecContext(ctx, `DELETE FROM `+t+` WHERE article_id = $1`, a.ID); err != nil {
				return fmt.Errorf("clear %s: %w", t, err)
			}
		}
		if err := s.insertAnnotations(ctx, tx, doc); err != nil {
			return err
		}
		forms := map[string]treatyForms{}
		for _, t := range doc.Treaties {
			forms[t.Name] = treatyForms{short: Key(t.Short), aliases: aliasKeys(t.Aliases)}
		}
		for _, ev := range doc.Events {
			if ev.ArticleID == "" {
				ev.ArticleID = a.ID
			}
			if ev.Published.IsZero() {
				ev.Published = a.Published
			}
			if err := s.upsertEvent(ctx, tx, ev, forms); err != nil {
				return err
			}
		}
		return nil
	})
}

// WriteEvent upserts one event by its id, with its people, treaties,
// participants and quote links. It implements pipeline.EventSink. A later
// WriteDocument for the event's article replaces it with the document's
// events.
func (s *Store) WriteEvent(ctx context.Context, ev schema.Event) error {
	if ev.ID == "" {
		return ErrNoID
	}
	if s.d.NoNUL {
		b, err := json.Marshal(ev)
		if err != nil {
			return err
		}
		if b2 := bytes.ReplaceAll(b, []byte(`\u0000`), []byte(`\u0020`)); !bytes.Equal(b, b2) {
			ev = schema.Event{}
			if err := json.Unmarshal(b2, &ev); err != nil {
				return err
			}
		}
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		return s.upsertEvent(ctx, tx, ev, nil)
	})
}

func (s *Store) insertAnnotations(ctx context.Context, tx *sql.Tx, doc schema.Document) error {
	id := doc.Article.ID
	for i, p := range doc.People {
		titles, _ := json.Marshal(nonNilStrings(p.Titles))
		if _, err := tx.ExecContext(ctx, `
INSERT INTO people (article_id, idx, name, name_key, country, titles, mentions) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
			id, i, p.Name, Key(p.Name), p.Country, string(titles), len(p.Mentions)); err != nil {
			return fmt.Errorf("insert person: %w", err)
		}
	}
	for i, t := range doc.Treaties {
		aliases, _ := json.Marshal(nonNilStrings(t.Aliases))
		var year any
		if t.Year != 0 {
			year = t.Year
		}
		if _, err := tx.ExecContext(ctx, `
INSERT INTO treaties (article_id, idx, name, name_key, short, short_key, year, aliases, mentions, alias_keys)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
			id, i, t.Name, Key(t.Name), t.Short, Key(t.Short), year, string(aliases), len(t.Mentions), aliasKeys(t.Aliases)); err != nil {
			return fmt.Errorf("insert treaty: %w", err)
		}
	}
	for i, d := range doc.Dates {
		if _, err := tx.ExecContext(ctx, `
INSERT INTO dates (article_id, idx, text, value, type, start_offset, end_offset, anchor)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
			id, i, d.Text, d.Value, d.Type, d.Start, d.End, d.Anchor); err != nil {
			return fmt.Errorf("insert date: %w", err)
		}
	}
	for i, q := range doc.Quotes {
		var saidText, saidValue string
		if q.Said != nil {
			saidText, saidValue = q.Said.Text, q.Said.Value
		}
		if _, err := tx.ExecContext(ctx, `
INSERT INTO quotes (article_id, idx, text, speaker, speaker_key, kind, start_offset, end_offset, said_text, said_value, published)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
			id, i, q.Text, q.Speaker, Key(q.Speaker), q.Kind, q.Start, q.End, saidText, saidValue,
			s.timeArg(doc.Article.Published)); err != nil {
			return fmt.Errorf("insert quote: %w", err)
		}
	}
	return nil
}

// treatyForms are the other names of a treaty, as keys: its short form,
// and its aliases as |one|two|.
type treatyForms struct{ short, aliases string }

// aliasKeys is the alias_keys column: |one|two|, or "".
func aliasKeys(aliases []string) string {
	var keys []string
	for _, a := range aliases {
		if k := Key(a); k != "" {
			keys = append(keys, k)
		}
	}
	if len(keys) == 0 {
		return ""
	}
	return "|" + strings.Join(keys, "|") + "|"
}

// upsertEvent writes one event and replaces its link rows. forms maps a
// treaty's full name to its other names; when forms is nil they are looked
// up among the treaties stored for the event's article.
func (s *Store) upsertEvent(ctx context.Context, tx *sql.Tx, ev schema.Event, forms map[string]treatyForms) error {
	evJSON, err := json.Marshal(ev)
	if err != nil {
		return fmt.Errorf("encode event %s: %w", ev.ID, err)
	}
	var dateText, dateValue string
	if ev.Date != nil {
		dateText, dateValue = ev.Date.Text, ev.Date.Value
	}
	start, end, ok := DayRange(dateValue)
	if !ok && !ev.Published.IsZero() {
		day := ev.Published.UTC().Format(time.DateOnly)
		start, end, ok = day, day, true
	}
	var startArg, endArg any
	if ok {
		startArg, endArg = start, end
	}
	var place, placeCountry string
	if ev.Location != nil {
		place, placeCountry = ev.Location.Name, ev.Location.Country
	}
	if _, err := tx.ExecContext(ctx, `
INSERT INTO events (id, article_id, key, type, cameo, label, date_text, date_value, date_start, date_end,
  place, place_key, place_country, confidence, planned, extractor_version, published, event)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
ON CONFLICT (id) DO UPDATE SET article_id = excluded.article_id, key = excluded.key, type = excluded.type,
  cameo = excluded.cameo, label = excluded.label, date_text = excluded.date_text, date_value = excluded.date_value,
  date_start = excluded.date_start, date_end = excluded.date_end, place = excluded.place,
  place_key = excluded.place_key, place_country = excluded.place_country, confidence = excluded.confidence,
  planned = excluded.planned, extractor_version = excluded.extractor_version, published = excluded.published,
  event = excluded.event`,
		ev.ID, ev.ArticleID, ev.Key, ev.Type, ev.CAMEO, ev.Label, dateText, dateValue, startArg, endArg,
		place, Key(place), placeCountry, ev.Confidence, ev.Planned, ev.ExtractorVersion,
		s.timeArg(ev.Published), string(evJSON)); err != nil {
		return fmt.Errorf("upsert event %s: %w", ev.ID, err)
	}
	for _, t := range []string{"event_people", "event_treaties", "event_participants", "event_quotes"} {
		if _, err := tx.ExecContext(ctx, `DELETE FROM `+t+` WHERE event_id = $1`, ev.ID); err != nil {
			return fmt.Errorf("clear %s of event %s: %w", t, ev.ID, err)
		}
	}
	for _, name := range unique(ev.People) {
		if _, err := tx.ExecContext(ctx, `
INSERT INTO event_people (event_id, name, name_key, article_id) VALUES ($1, $2, $3, $4)`,
			ev.ID, name, Key(name), ev.ArticleID); err != nil {
			return fmt.Errorf("link event person: %w", err)
		}
	}
	for _, name := range unique(ev.Participants) {
		if _, err := tx.ExecContext(ctx, `
INSERT INTO event_participants (event_id, name, name_key, article_id) VALUES ($1, $2, $3, $4)`,
			ev.ID, name, Key(name), ev.ArticleID); err != nil {
			return fmt.Errorf("link event participant: %w", err)
		}
	}
	for _, name := range unique(ev.Treaties) {
		f, ok := forms[name]
		if !ok && forms == nil {
			err := tx.QueryRowContext(ctx, `SELECT short_key, alias_keys FROM treaties WHERE article_id = $1 AND name = $2 ORDER BY idx LIMIT 1`,
				ev.ArticleID, name).Scan(&f.short, &f.aliases)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return fmt.Errorf("look up treaty %q: %w", name, err)
			}
		}
		if _, err := tx.ExecContext(ctx, `
INSERT INTO event_treaties (event_id, name, name_key, short_key, alias_keys, article_id) VALUES ($1, $2, $3, $4, $5, $6)`,
			ev.ID, name, Key(name), f.short, f.aliases, ev.ArticleID); err != nil {
			return fmt.Errorf("link event treaty: %w", err)
		}
	}
	seen := map[int]bool{}
	for _, q := range ev.Quotes {
		if seen[q] {
			continue
		}
		seen[q] = true
		if _, err := tx.ExecContext(ctx, `
INSERT INTO event_quotes (event_id, quote_idx, article_id) VALUES ($1, $2, $3)`,
			ev.ID, q, ev.ArticleID); err != nil {
			return fmt.Errorf("link event quote: %w", err)
		}
	}
	return nil
}

// inTx runs fn in a transaction and commits it; on PostgreSQL a
// serialization failure or deadlock is retried a few times.
func (s *Store) inTx(ctx context.Context, fn func(*sql.Tx) error) error {
	var err error
	for attempt := 0; attempt < 5; attempt++ {
		err = s.tryTx(ctx, fn)
		if err == nil || !retryable(err) || ctx.Err() != nil {
			return err
		}
	}
	return err
}

func (s *Store) tryTx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// retryable reports a PostgreSQL deadlock (40P01) or serialization failure
// (40001). The code is read through an interface so that this package need
// not import a driver.
func retryable(err error) bool {
	var coded interface{ SQLState() string }
	if errors.As(err, &coded) {
		switch coded.SQLState() {
		case "40001", "40P01":
			return true
		}
	}
	return false
}

// timeArg is a time as the dialect stores it; the zero time is NULL.
func (s *Store) timeArg(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	if s.d.TimeText {
		return t.UTC().Format(timeText)
	}
	return t.UTC()
}

// timeText is how times are stored as text: RFC 3339 in UTC with a fixed
// width, so that comparing the text compares the times.
const timeText = "2006-01-02T15:04:05.000000000Z"

// Key is the form names are matched on: lower case, spaces collapsed.
func Key(s string) string {
	return strings.Join(strings.Fields(strings.ToLower(s)), " ")
}

// docVersion is the extractor version of a document: its own, or that of
// its events for documents made before it carried one.
func docVersion(doc schema.Document) string {
	if doc.ExtractorVersion != "" {
		return doc.ExtractorVersion
	}
	for _, ev := range doc.Events {
		if ev.ExtractorVersion != "" {
			return ev.ExtractorVersion
		}
	}
	return ""
}

// olderVersion reports whether dotted version a is known to be older than
// b. Versions that are not both dotted numbers are never older.
func olderVersion(a, b string) bool {
	if a == "" || b == "" || a == b {
		return false
	}
	pa, oka := parseVersion(a)
	pb, okb := parseVersion(b)
	if !oka || !okb {
		return false
	}
	for i := 0; i < len(pa) || i < len(pb); i++ {
		var x, y int
		if i < len(pa) {
			x = pa[i]
		}
		if i < len(pb) {
			y = pb[i]
		}
		if x != y {
			return x < y
		}
	}
	return false
}

func parseVersion(v string) ([]int, bool) {
	v = strings.TrimPrefix(v, "v")
	var out []int
	for _, p := range strings.Split(v, ".") {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 {
			return nil, false
		}
		out = append(out, n)
	}
	return out, true
}

// withoutNUL replaces every NUL character in the document with a space.
func withoutNUL(doc schema.Document) (schema.Document, error) {
	b, err := json.Marshal(doc)
	if err != nil {
		return doc, fmt.Errorf("encode document %s: %w", doc.Article.ID, err)
	}
	if !bytes.Contains(b, []byte(`\u0000`)) {
		return doc, nil
	}
	var out schema.Document
	err = json.Unmarshal(bytes.ReplaceAll(b, []byte(`\u0000`), []byte(`\u0020`)), &out)
	return out, err
}

func unique(ss []string) []string {
	seen := make(map[string]bool, len(ss))
	out := ss[:0:0]
	for _, s := range ss {
		if s == "" || seen[s] {
			continue
		}
		seen[s] = true
		out = append(out, s)
	}
	return out
}

func nonNilStrings(ss []string) []string {
	if ss == nil {
		return []string{}
	}
	return ss
}
