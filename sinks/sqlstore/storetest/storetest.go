// Package storetest is the conformance suite every sqlstore-backed store
// passes: the SQLite and PostgreSQL tests run it against a real database.
package storetest

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/herald-news/herald/extractors/schema"
	"github.com/herald-news/herald/sinks/sqlstore"
)

// Backend gives the suite fresh, empty databases.
type Backend struct {
	// Fresh makes an empty database for one test and returns where it is
	// (a file path, a DSN); it is removed when the test ends.
	Fresh func(t *testing.T) string
	// Open opens the store at loc, applying migrations. The suite closes it.
	Open func(ctx context.Context, loc string) (*sqlstore.Store, error)
}

// Upgrade checks that the migrations after the first bring a store filled
// under the first up to date, backfilling what the later ones add: open
// opens loc with the given migrations.
func Upgrade(t *testing.T, fresh func(t *testing.T) string, open func(ctx context.Context, loc string, migrations fs.FS) (*sqlstore.Store, error), migrations fs.FS) {
	loc := fresh(t)
	first := fstest.MapFS{}
	ms, err := sqlstore.Migrations(migrations)
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) < 2 {
		t.Skip("a single migration: nothing to upgrade")
	}
	first[fmt.Sprintf("%04d_%s.sql", ms[0].Version, ms[0].Name)] = &fstest.MapFile{Data: []byte(ms[0].SQL)}
	old, err := open(t.Context(), loc, first)
	if err != nil {
		t.Fatal(err)
	}
	// Write as the first schema's code did: the columns it had.
	for _, d := range Documents() {
		for i, tr := range d.Treaties {
			aliases, _ := json.Marshal(tr.Aliases)
			if tr.Aliases == nil {
				aliases = []byte("[]")
			}
			if _, err := old.DB().ExecContext(t.Context(), `INSERT INTO treaties (article_id, idx, name, name_key, short, short_key, year, aliases, mentions)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, d.Article.ID, i, tr.Name, sqlstore.Key(tr.Name), tr.Short, sqlstore.Key(tr.Short), tr.Year, string(aliases), len(tr.Mentions)); err != nil {
				t.Fatal(err)
			}
		}
		for _, ev := range d.Events {
			for _, name := range ev.Treaties {
				if _, err := old.DB().ExecContext(t.Context(), `INSERT INTO event_treaties (event_id, name, name_key, short_key, article_id)
VALUES ($1, $2, $3, $4, $5)`, ev.ID, name, sqlstore.Key(name), "", d.Article.ID); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := old.DB().ExecContext(t.Context(), `INSERT INTO events (id, article_id, type, event) VALUES ($1, $2, $3, $4)`,
				ev.ID, ev.ArticleID, ev.Type, mustJSON(ev)); err != nil {
				t.Fatal(err)
			}
		}
	}
	old.Close()
	s, err := open(t.Context(), loc, migrations)
	if err != nil {
		t.Fatalf("upgrade: %v", err)
	}
	defer s.Close()
	v, err := s.Versions(t.Context())
	if err != nil || len(v) != len(ms) {
		t.Fatalf("after upgrade, applied %v, %v; want %d migrations", v, err, len(ms))
	}
	rows, err := s.Events(t.Context(), sqlstore.EventQuery{Treaty: "non-proliferation treaty"})
	if err != nil || len(rows) != 1 || rows[0].Event.ID != "ev-vienna" {
		t.Fatalf("treaty alias after upgrade: %+v, %v; want ev-vienna (backfilled)", rows, err)
	}
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// Run runs the suite.
func Run(t *testing.T, b Backend) {
	open := func(t *testing.T, loc string) *sqlstore.Store {
		t.Helper()
		s, err := b.Open(t.Context(), loc)
		if err != nil {
			t.Fatalf("open %s: %v", loc, err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}
	t.Run("MigrateTwice", func(t *testing.T) {
		loc := b.Fresh(t)
		s1 := open(t, loc)
		s2 := open(t, loc)
		for _, s := range []*sqlstore.Store{s1, s2} {
			v, err := s.Versions(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			if len(v) == 0 || v[0] != 1 {
				t.Fatalf("applied migrations = %v, want [1 ...]", v)
			}
			for i := 1; i < len(v); i++ {
				if v[i] == v[i-1] {
					t.Fatalf("migration %d applied twice: %v", v[i], v)
				}
			}
		}
	})
	t.Run("SameDocumentTwiceChangesNothing", func(t *testing.T) {
		s := open(t, b.Fresh(t))
		ctx := t.Context()
		for _, d := range Documents() {
			mustWrite(t, s, d)
		}
		before := Dump(t, s)
		for _, d := range Documents() {
			mustWrite(t, s, d)
		}
		if after := Dump(t, s); !reflect.DeepEqual(before, after) {
			t.Fatalf("writing the same documents again changed the store:\n%s", diff(before, after))
		}
		c, err := s.Counts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]int{"articles": 3, "people": 5, "treaties": 3, "dates": 4, "quotes": 4, "events": 5,
			"event_people": 5, "event_treaties": 4, "event_participants": 8, "event_quotes": 3}
		if !reflect.DeepEqual(c, want) {
			t.Fatalf("counts = %v, want %v", c, want)
		}
	})
	t.Run("ReextractionReplaces", func(t *testing.T) {
		s := open(t, b.Fresh(t))
		ctx := t.Context()
		docs := Documents()
		for _, d := range docs {
			mustWrite(t, s, d)
		}
		newer := Reextracted(docs[0])
		mustWrite(t, s, newer)
		rows, err := s.Events(ctx, sqlstore.EventQuery{})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, r := range rows {
			if r.Event.ArticleID == docs[0].Article.ID {
				got = append(got, r.Event.ID+"@"+r.Event.ExtractorVersion)
			}
		}
		want := []string{newer.Events[0].ID + "@0.2.0"}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("events of the re-extracted article = %v, want %v", got, want)
		}
		c, _ := s.Counts(ctx)
		if c["events"] != 4 || c["articles"] != 3 || c["quotes"] != 3 {
			t.Fatalf("counts after re-extraction = %v, want 4 events, 3 articles, 3 quotes", c)
		}
		// The older version arriving late (a redelivery) must not undo it.
		before := Dump(t, s)
		mustWrite(t, s, docs[0])
		if after := Dump(t, s); !reflect.DeepEqual(before, after) {
			t.Fatalf("a stale older document changed the store:\n%s", diff(before, after))
		}
		// Nor may the newer one written again.
		mustWrite(t, s, newer)
		if after := Dump(t, s); !reflect.DeepEqual(before, after) {
			t.Fatalf("re-writing the newer document changed the store:\n%s", diff(before, after))
		}
	})
	t.Run("WriteEventUpserts", func(t *testing.T) {
		s := open(t, b.Fresh(t))
		ctx := t.Context()
		ev := Documents()[0].Events[0]
		ev.Published = time.Date(2019, 1, 16, 9, 0, 0, 0, time.UTC)
		for range 2 {
			if err := s.WriteEvent(ctx, ev); err != nil {
				t.Fatal(err)
			}
		}
		ev.Label = "Geneva talks, January 15"
		ev.People = []string{"Andrea Thompson"}
		if err := s.WriteEvent(ctx, ev); err != nil {
			t.Fatal(err)
		}
		rows, err := s.Events(ctx, sqlstore.EventQuery{})
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 1 || rows[0].Event.Label != ev.Label {
			t.Fatalf("events after three upserts = %+v, want the one event relabelled", rows)
		}
		c, _ := s.Counts(ctx)
		if c["event_people"] != 1 {
			t.Fatalf("event_people = %d, want 1 (links replaced, not added)", c["event_people"])
		}
		// An event of an article whose treaties are stored is found by the
		// treaty's short form too.
		mustWrite(t, s, Documents()[1])
		withdraw := Documents()[1].Events[1]
		withdraw.ID = "ev-withdraw-again"
		if err := s.WriteEvent(ctx, withdraw); err != nil {
			t.Fatal(err)
		}
		rows, err = s.Events(ctx, sqlstore.EventQuery{Treaty: "INF"})
		if err != nil || len(rows) != 2 {
			t.Fatalf("events about INF after WriteEvent = %d rows, %v; want 2", len(rows), err)
		}
		if err := s.WriteEvent(ctx, schema.Event{}); err == nil {
			t.Fatal("an event without an id was accepted")
		}
	})
	t.Run("ConcurrentWriters", func(t *testing.T) {
		loc := b.Fresh(t)
		s1 := open(t, loc)
		s2 := open(t, loc) // a second handle, as a second process would hold
		ctx := t.Context()
		docs := Documents()
		var wg sync.WaitGroup
		errs := make(chan error, 64)
		for w := range 6 {
			s := s1
			if w%2 == 1 {
				s = s2
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range 4 {
					d := docs[(w+i)%len(docs)]
					if (w+i)%4 == 3 {
						d = Reextracted(docs[0])
					}
					if err := s.WriteDocument(ctx, d); err != nil {
						errs <- fmt.Errorf("writer %d: %w", w, err)
						return
					}
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		// Whatever the interleaving, the store ends as if each article had
		// been written once, docs[0] in its newest version.
		want := func() map[string][]string {
			ref := open(t, b.Fresh(t))
			for _, d := range docs {
				mustWrite(t, ref, d)
			}
			mustWrite(t, ref, Reextracted(docs[0]))
			return Dump(t, ref)
		}()
		if got := Dump(t, s1); !reflect.DeepEqual(got, want) {
			t.Fatalf("after concurrent writes:\n%s", diff(want, got))
		}
	})
	t.Run("Queries", func(t *testing.T) {
		s := open(t, b.Fresh(t))
		ctx := t.Context()
		for _, d := range Documents() {
			mustWrite(t, s, d)
		}
		cases := []struct {
			name string
			q    sqlstore.EventQuery
			want []string
		}{
			{"treaty in range", sqlstore.EventQuery{Treaty: "INF", From: "2019-01-01", To: "2019-03-01"}, []string{"ev-geneva", "ev-suspend"}},
			{"treaty by alias", sqlstore.EventQuery{Treaty: "Non-Proliferation Treaty"}, []string{"ev-vienna"}},
			{"treaty by full name, lower case", sqlstore.EventQuery{Treaty: "intermediate-range"}, []string{"ev-geneva", "ev-suspend", "ev-withdraw"}},
			{"treaty after range", sqlstore.EventQuery{Treaty: "INF", From: "2019-03-02"}, []string{"ev-withdraw"}},
			{"meetings in Geneva", sqlstore.EventQuery{Type: "meeting", Place: "geneva"}, []string{"ev-geneva"}},
			{"person", sqlstore.EventQuery{Person: "Lavrov"}, []string{"ev-lavrov-visit"}},
			{"person with accent", sqlstore.EventQuery{Person: "ŠEFČOVIČ"}, []string{"ev-vienna"}},
			{"participant", sqlstore.EventQuery{Participant: "russia", To: "2019-01-31"}, []string{"ev-geneva"}},
			{"month-long date overlaps", sqlstore.EventQuery{From: "2019-02-10", To: "2019-02-10"}, []string{"ev-suspend"}},
			{"undated event on publication day", sqlstore.EventQuery{From: "2019-05-20", To: "2019-05-20"}, []string{"ev-vienna"}},
			{"wildcards are literal", sqlstore.EventQuery{Place: "%"}, nil},
			{"nothing", sqlstore.EventQuery{Type: "signing"}, nil},
		}
		for _, c := range cases {
			rows, err := s.Events(ctx, c.q)
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			var got []string
			for _, r := range rows {
				got = append(got, r.Event.ID)
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("%s: events = %v, want %v", c.name, got, c.want)
			}
		}
		rows, err := s.Events(ctx, sqlstore.EventQuery{Treaty: "INF", Limit: 1})
		if err != nil || len(rows) != 1 || rows[0].URL != "https://example.org/inf-talks" || rows[0].DateStart != "2019-01-15" {
			t.Errorf("first INF event = %+v, %v; want ev-geneva with its article URL and day", rows, err)
		}
		if _, err := s.Events(ctx, sqlstore.EventQuery{From: "15/01/2019"}); err == nil {
			t.Error("a malformed --from was accepted")
		}
		quotes, err := s.Quotes(ctx, sqlstore.QuoteQuery{Person: "thompson"})
		if err != nil {
			t.Fatal(err)
		}
		if len(quotes) != 2 || quotes[0].Speaker != "Andrea Thompson" || !strings.HasPrefix(quotes[0].Text, "We weren") ||
			quotes[0].Published.IsZero() || !reflect.DeepEqual(quotes[0].Events, []string{"ev-geneva"}) || quotes[1].Kind != schema.KindPartial {
			t.Errorf("quotes by Thompson = %+v", quotes)
		}
		quotes, err = s.Quotes(ctx, sqlstore.QuoteQuery{Person: "Lavrov", From: "2019-02-02", To: "2019-02-02"})
		if err != nil || len(quotes) != 1 || quotes[0].ArticleID != "art-lavrov" {
			t.Errorf("Lavrov's quotes on 2019-02-02 = %+v, %v", quotes, err)
		}
		quotes, err = s.Quotes(ctx, sqlstore.QuoteQuery{Person: "Lavrov", From: "2019-02-03"})
		if err != nil || len(quotes) != 0 {
			t.Errorf("Lavrov's quotes from 2019-02-03 = %+v, %v; want none", quotes, err)
		}
	})
	t.Run("NULInText", func(t *testing.T) {
		s := open(t, b.Fresh(t))
		d := Documents()[2]
		d.Article.Text = strings.Replace(d.Article.Text, " ", "\x00", 1)
		mustWrite(t, s, d)
		c, _ := s.Counts(t.Context())
		if c["articles"] != 1 {
			t.Fatalf("articles = %d, want 1", c["articles"])
		}
	})
	t.Run("RejectsMissingID", func(t *testing.T) {
		s := open(t, b.Fresh(t))
		if err := s.WriteDocument(t.Context(), schema.Document{}); err == nil {
			t.Fatal("a document without an article id was accepted")
		}
	})
}

func mustWrite(t *testing.T, s *sqlstore.Store, d schema.Document) {
	t.Helper()
	if err := s.WriteDocument(t.Context(), d); err != nil {
		t.Fatalf("write %s: %v", d.Article.ID, err)
	}
}

// Dump reads every table of the schema as sorted lines of text.
func Dump(t *testing.T, s *sqlstore.Store) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	for _, table := range sqlstore.Tables {
		rows, err := s.DB().QueryContext(t.Context(), `SELECT * FROM `+table)
		if err != nil {
			t.Fatalf("dump %s: %v", table, err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatalf("dump %s: %v", table, err)
			}
			var line []string
			for i, v := range vals {
				if b, ok := v.([]byte); ok {
					v = string(b)
				}
				line = append(line, fmt.Sprintf("%s=%v", cols[i], v))
			}
			out[table] = append(out[table], strings.Join(line, " | "))
		}
		if err := rows.Err(); err != nil {
			t.Fatalf("dump %s: %v", table, err)
		}
		rows.Close()
		sort.Strings(out[table])
	}
	return out
}

func diff(a, b map[string][]string) string {
	var sb strings.Builder
	for _, table := range sqlstore.Tables {
		if !reflect.DeepEqual(a[table], b[table]) {
			fmt.Fprintf(&sb, "table %s:\n  before/want: %q\n  after/got:   %q\n", table, a[table], b[table])
		}
	}
	return sb.String()
}

// Bench writes the test documents again and again under fresh article ids,
// b.N documents in all, and reports documents per second.
func Bench(b *testing.B, s *sqlstore.Store) {
	docs := Documents()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		d := docs[i%len(docs)]
		d.Article.ID = fmt.Sprintf("%s-%d", d.Article.ID, i)
		d.Events = append([]schema.Event(nil), d.Events...)
		for j := range d.Events {
			d.Events[j].ID = fmt.Sprintf("%s-%d", d.Events[j].ID, i)
			d.Events[j].ArticleID = d.Article.ID
		}
		if err := s.WriteDocument(b.Context(), d); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "docs/s")
}
