package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/herald-news/herald/extractors/schema"
)

// EventQuery selects events. Empty fields select everything.
type EventQuery struct {
	// Person matches a person taking part whose name contains it ("Lavrov").
	Person string
	// Treaty matches a treaty's short form or one of its aliases exactly
	// ("INF", "Non-Proliferation Treaty") or a part of its full name
	// ("Open Skies").
	Treaty string
	// Type is an event type of the contract's vocabulary ("meeting").
	Type string
	// Place matches a part of the location's name ("Geneva").
	Place string
	// Participant matches a participant exactly ("Russia").
	Participant string
	// From and To (YYYY-MM-DD, both inclusive) keep the events whose date
	// overlaps the range; an event without a calendar date counts as
	// happening on its article's publication day.
	From, To string
	// Limit caps the number of rows; 0 is no cap.
	Limit int
}

// EventRow is an event as stored, with where it came from.
type EventRow struct {
	Event schema.Event `json:"event"`
	// DateStart and DateEnd are the days the event covers (YYYY-MM-DD).
	DateStart string `json:"date_start,omitempty"`
	DateEnd   string `json:"date_end,omitempty"`
	URL       string `json:"url,omitempty"`
	Title     string `json:"title,omitempty"`
}

// Events answers an event query, oldest first.
func (s *Store) Events(ctx context.Context, q EventQuery) ([]EventRow, error) {
	var w where
	if q.Person != "" {
		w.add(`EXISTS (SELECT 1 FROM event_people p WHERE p.event_id = e.id AND p.name_key LIKE $? ESCAPE '\')`, contains(q.Person))
	}
	if q.Treaty != "" {
		k := Key(q.Treaty)
		w.add(`EXISTS (SELECT 1 FROM event_treaties t WHERE t.event_id = e.id AND (t.short_key = $? OR t.name_key LIKE $? ESCAPE '\' OR t.alias_keys LIKE $? ESCAPE '\'))`,
			k, contains(q.Treaty), "%|"+escapeLike(k)+"|%")
	}
	if q.Type != "" {
		w.add(`e.type = $?`, strings.ToLower(strings.TrimSpace(q.Type)))
	}
	if q.Place != "" {
		w.add(`e.place_key LIKE $? ESCAPE '\'`, contains(q.Place))
	}
	if q.Participant != "" {
		w.add(`EXISTS (SELECT 1 FROM event_participants p WHERE p.event_id = e.id AND p.name_key = $?)`, Key(q.Participant))
	}
	if q.From != "" {
		if _, err := time.Parse(time.DateOnly, q.From); err != nil {
			return nil, fmt.Errorf("from: want YYYY-MM-DD: %w", err)
		}
		w.add(`e.date_end >= `+s.dateParam(), q.From)
	}
	if q.To != "" {
		if _, err := time.Parse(time.DateOnly, q.To); err != nil {
			return nil, fmt.Errorf("to: want YYYY-MM-DD: %w", err)
		}
		w.add(`e.date_start <= `+s.dateParam(), q.To)
	}
	query := `SELECT e.event, ` + s.dayText("e.date_start") + `, ` + s.dayText("e.date_end") + `, COALESCE(a.url, ''), COALESCE(a.title, '')
FROM events e LEFT JOIN articles a ON a.id = e.article_id` + w.sql() + `
ORDER BY e.date_start IS NULL, e.date_start, e.published, e.id` + limit(q.Limit)
	rows, err := s.db.QueryContext(ctx, query, w.args...)
	if err != nil {
		return nil, fmt.Errorf("query events: %w", err)
	}
	defer rows.Close()
	var out []EventRow
	for rows.Next() {
		var r EventRow
		var evJSON []byte
		var start, end sql.NullString
		if err := rows.Scan(&evJSON, &start, &end, &r.URL, &r.Title); err != nil {
			return nil, fmt.Errorf("read event: %w", err)
		}
		if err := json.Unmarshal(evJSON, &r.Event); err != nil {
			return nil, fmt.Errorf("decode event: %w", err)
		}
		r.DateStart, r.DateEnd = start.String, end.String
		out = append(out, r)
	}
	return out, rows.Err()
}

// QuoteQuery selects quotes. Empty fields select everything.
type QuoteQuery struct {
	// Person matches a speaker whose name contains it ("Lavrov").
	Person string
	// From and To (YYYY-MM-DD, inclusive) bound the article's publication day.
	From, To string
	Limit    int
}

// QuoteRow is a quote with its article.
type QuoteRow struct {
	Text      string      `json:"text"`
	Speaker   string      `json:"speaker"`
	Kind      string      `json:"kind"`
	Said      string      `json:"said,omitempty"`
	ArticleID string      `json:"article_id"`
	Published time.Time   `json:"published,omitzero"`
	URL       string      `json:"url,omitempty"`
	Title     string      `json:"title,omitempty"`
	Span      schema.Span `json:"span"`
	Index     int         `json:"index"`
	Events    []string    `json:"events,omitempty"`
}

// Quotes answers a quote query, oldest article first, in article order.
func (s *Store) Quotes(ctx context.Context, q QuoteQuery) ([]QuoteRow, error) {
	var w where
	if q.Person != "" {
		w.add(`q.speaker_key LIKE $? ESCAPE '\'`, contains(q.Person))
	}
	if q.From != "" {
		t, err := time.Parse(time.DateOnly, q.From)
		if err != nil {
			return nil, fmt.Errorf("from: want YYYY-MM-DD: %w", err)
		}
		w.add(`q.published >= $?`, s.timeArg(t))
	}
	if q.To != "" {
		t, err := time.Parse(time.DateOnly, q.To)
		if err != nil {
			return nil, fmt.Errorf("to: want YYYY-MM-DD: %w", err)
		}
		w.add(`q.published < $?`, s.timeArg(t.AddDate(0, 0, 1)))
	}
	query := `SELECT q.article_id, q.idx, q.text, q.speaker, q.kind, q.said_value, q.start_offset, q.end_offset,
  q.published, COALESCE(a.url, ''), COALESCE(a.title, '')
FROM quotes q LEFT JOIN articles a ON a.id = q.article_id` + w.sql() + `
ORDER BY q.published, q.article_id, q.idx` + limit(q.Limit)
	rows, err := s.db.QueryContext(ctx, query, w.args...)
	if err != nil {
		return nil, fmt.Errorf("query quotes: %w", err)
	}
	defer rows.Close()
	var out []QuoteRow
	for rows.Next() {
		var r QuoteRow
		var pub timeValue
		if err := rows.Scan(&r.ArticleID, &r.Index, &r.Text, &r.Speaker, &r.Kind, &r.Said,
			&r.Span.Start, &r.Span.End, &pub, &r.URL, &r.Title); err != nil {
			return nil, fmt.Errorf("read quote: %w", err)
		}
		r.Published = pub.t
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	links := map[string]map[int][]string{} // article id -> quote index -> event ids
	for i := range out {
		id := out[i].ArticleID
		if _, done := links[id]; !done {
			l, err := s.quoteEvents(ctx, id)
			if err != nil {
				return nil, err
			}
			links[id] = l
		}
		out[i].Events = links[id][out[i].Index]
	}
	return out, nil
}

// quoteEvents maps each quote of an article to the events it is linked to.
func (s *Store) quoteEvents(ctx context.Context, articleID string) (map[int][]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT quote_idx, event_id FROM event_quotes WHERE article_id = $1 ORDER BY quote_idx, event_id`, articleID)
	if err != nil {
		return nil, fmt.Errorf("query quote events: %w", err)
	}
	defer rows.Close()
	out := map[int][]string{}
	for rows.Next() {
		var idx int
		var id string
		if err := rows.Scan(&idx, &id); err != nil {
			return nil, err
		}
		out[idx] = append(out[idx], id)
	}
	return out, rows.Err()
}

// Counts gives the number of rows of each table, for tests, docs and
// operators.
func (s *Store) Counts(ctx context.Context) (map[string]int, error) {
	out := map[string]int{}
	for _, t := range Tables {
		var n int
		if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM `+t).Scan(&n); err != nil {
			return nil, fmt.Errorf("count %s: %w", t, err)
		}
		out[t] = n
	}
	return out, nil
}

// Tables lists the tables of the schema, parents first.
var Tables = []string{"articles", "people", "treaties", "dates", "quotes", "events",
	"event_people", "event_treaties", "event_participants", "event_quotes"}

// dateParam is a placeholder compared with a day column.
func (s *Store) dateParam() string {
	if s.d.TimeText {
		return `$?`
	}
	return `CAST($? AS DATE)`
}

// dayText reads a day column as YYYY-MM-DD text.
func (s *Store) dayText(col string) string {
	if s.d.TimeText {
		return col
	}
	return `to_char(` + col + `, 'YYYY-MM-DD')`
}

// where builds a WHERE clause; $? in a condition becomes the next $N.
type where struct {
	conds []string
	args  []any
}

func (w *where) add(cond string, args ...any) {
	for _, a := range args {
		w.args = append(w.args, a)
		cond = strings.Replace(cond, "$?", "$"+strconv.Itoa(len(w.args)), 1)
	}
	w.conds = append(w.conds, cond)
}

func (w *where) sql() string {
	if len(w.conds) == 0 {
		return ""
	}
	return "\nWHERE " + strings.Join(w.conds, "\n  AND ")
}

func limit(n int) string {
	if n <= 0 {
		return ""
	}
	return " LIMIT " + strconv.Itoa(n)
}

// contains is a LIKE pattern matching keys that contain s.
func contains(s string) string {
	return "%" + escapeLike(Key(s)) + "%"
}

// escapeLike makes s match itself in a LIKE pattern with ESCAPE '\'.
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// timeValue scans a time stored either as a timestamp or as RFC 3339 text.
type timeValue struct{ t time.Time }

func (v *timeValue) Scan(src any) error {
	switch x := src.(type) {
	case nil:
		v.t = time.Time{}
	case time.Time:
		v.t = x.UTC()
	case string:
		return v.parse(x)
	case []byte:
		return v.parse(string(x))
	default:
		return fmt.Errorf("time: cannot scan %T", src)
	}
	return nil
}

func (v *timeValue) parse(s string) error {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return fmt.Errorf("time: %w", err)
	}
	v.t = t.UTC()
	return nil
}
