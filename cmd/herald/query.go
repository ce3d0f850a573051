package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/herald-news/herald/extractors/schema"
	"github.com/herald-news/herald/sinks/postgres"
	"github.com/herald-news/herald/sinks/sqlite"
	"github.com/herald-news/herald/sinks/sqlstore"
)

func init() {
	registerCommand(&command{
		Name:    "query",
		Summary: "ask the SQLite or PostgreSQL store: events by treaty, person, type, place, dates; quotes by speaker",
		Run:     runQuery,
	})
}

const queryUsage = `usage: herald query events [--treaty T] [--person P] [--type TYPE] [--place PLACE]
                           [--participant C] [--from DAY] [--to DAY] [flags]
       herald query quotes [--person P] [--from DAY] [--to DAY] [flags]
       herald query counts [flags]
       herald query import [flags] [FILE ...]

events   the events matching every filter given, oldest first
quotes   what a person was quoted saying, oldest first
counts   the number of rows in each table of the store
import   store annotated articles (herald extract's JSON lines) from FILEs
         or standard input, replacing what the store held for them

The store is the SQLite file --db (default HERALD_DATA_DIR/herald.db, or
./herald-data/herald.db), or the PostgreSQL database --postgres (env
HERALD_POSTGRES) when given. Days are YYYY-MM-DD, both ends included.
`

// queryStore is what `herald query` needs of a store.
type queryStore interface {
	Events(ctx context.Context, q sqlstore.EventQuery) ([]sqlstore.EventRow, error)
	Quotes(ctx context.Context, q sqlstore.QuoteQuery) ([]sqlstore.QuoteRow, error)
	Counts(ctx context.Context) (map[string]int, error)
	WriteDocument(ctx context.Context, doc schema.Document) error
	Close() error
}

func runQuery(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "-help") {
			fmt.Fprint(e.Stderr, queryUsage)
			return flag.ErrHelp
		}
		fmt.Fprint(e.Stderr, queryUsage)
		return errUsage
	}
	what, args := args[0], args[1:]
	fs := newFlagSet(e, "query "+what, "")
	fs.Usage = func() {
		fmt.Fprint(e.Stderr, queryUsage)
		fmt.Fprintln(e.Stderr, "\nflags:")
		fs.PrintDefaults()
	}
	db := fs.String("db", filepath.Join(envOr("HERALD_DATA_DIR", "./herald-data"), "herald.db"), "SQLite store file")
	pg := fs.String("postgres", os.Getenv("HERALD_POSTGRES"), "PostgreSQL store DSN, e.g. postgres://user@host/db (env HERALD_POSTGRES); overrides --db")
	asJSON := fs.Bool("json", false, "print one JSON object a line instead of readable lines")
	limit := fs.Int("limit", 200, "at most this many rows (0: all)")
	var eq sqlstore.EventQuery
	var qq sqlstore.QuoteQuery
	switch what {
	case "events":
		fs.StringVar(&eq.Treaty, "treaty", "", "treaty: its short form (INF) or part of its name (Open Skies)")
		fs.StringVar(&eq.Person, "person", "", "a person taking part: part of the name, any case (Lavrov)")
		fs.StringVar(&eq.Type, "type", "", "event type (meeting, talks, withdrawal, ...)")
		fs.StringVar(&eq.Place, "place", "", "where: part of the place name (Geneva)")
		fs.StringVar(&eq.Participant, "participant", "", "a participating country or organisation, whole name (Russia)")
		fs.StringVar(&eq.From, "from", "", "first day (YYYY-MM-DD); undated events count on their article's publication day")
		fs.StringVar(&eq.To, "to", "", "last day (YYYY-MM-DD)")
	case "quotes":
		fs.StringVar(&qq.Person, "person", "", "the speaker: part of the name, any case (Lavrov)")
		fs.StringVar(&qq.From, "from", "", "first publication day (YYYY-MM-DD)")
		fs.StringVar(&qq.To, "to", "", "last publication day (YYYY-MM-DD)")
	case "counts", "import":
	default:
		fmt.Fprintf(e.Stderr, "herald query: unknown question %q\n\n", what)
		fmt.Fprint(e.Stderr, queryUsage)
		return errUsage
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if what != "import" && fs.NArg() > 0 {
		fmt.Fprintf(e.Stderr, "herald query %s: unexpected argument %q\n", what, fs.Arg(0))
		return errUsage
	}
	s, err := openQueryStore(ctx, *db, *pg, what == "import")
	if err != nil {
		return err
	}
	defer s.Close()
	out := bufio.NewWriter(e.Stdout)
	defer out.Flush()
	switch what {
	case "events":
		eq.Limit = *limit
		rows, err := s.Events(ctx, eq)
		if err != nil {
			return err
		}
		writeRows(out, rows, *asJSON, eventLine)
		e.Log.Debug("query done", "rows", len(rows))
		if len(rows) == 0 {
			fmt.Fprintln(e.Stderr, "no events match")
		}
	case "quotes":
		qq.Limit = *limit
		rows, err := s.Quotes(ctx, qq)
		if err != nil {
			return err
		}
		writeRows(out, rows, *asJSON, quoteLine)
		if len(rows) == 0 {
			fmt.Fprintln(e.Stderr, "no quotes match")
		}
	case "counts":
		c, err := s.Counts(ctx)
		if err != nil {
			return err
		}
		if *asJSON {
			writeJSONLine(out, c)
			break
		}
		for _, t := range sqlstore.Tables {
			fmt.Fprintf(out, "%-18s %d\n", t, c[t])
		}
	case "import":
		return importDocuments(ctx, e, s, fs.Args())
	}
	return nil
}

// openQueryStore opens the PostgreSQL store when dsn is set, else the
// SQLite file, which must exist unless create is set.
func openQueryStore(ctx context.Context, path, dsn string, create bool) (queryStore, error) {
	if dsn != "" {
		s, err := postgres.Open(ctx, dsn)
		if err != nil {
			return nil, err
		}
		return s, nil
	}
	open := sqlite.OpenExisting
	if create {
		open = sqlite.Open
	}
	s, err := open(ctx, path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("no store at %s (give --db, --postgres, or fill it with herald query import or a sqlite sink)", path)
	}
	if err != nil {
		return nil, err
	}
	return s, nil
}

// importDocuments writes every annotated article read from files (or
// standard input) to the store. A line that is not a document is
// reported with its place and skipped; the exit status is then 1.
func importDocuments(ctx context.Context, e *env, s queryStore, files []string) error {
	if len(files) == 0 {
		files = []string{"-"}
	}
	var stored, bad int
	for _, name := range files {
		n, b, err := importFile(ctx, e, s, name)
		stored, bad = stored+n, bad+b
		if err != nil {
			return err
		}
	}
	e.Log.Info("import done", "documents", stored, "skipped", bad)
	if bad > 0 {
		return exitError{1}
	}
	return nil
}

// importFile writes the documents of one file ("-" is standard input) to
// the store, and says how many it stored and how many lines it skipped.
func importFile(ctx context.Context, e *env, s queryStore, name string) (stored, bad int, err error) {
	var r io.Reader = e.Stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return 0, 0, err
		}
		defer f.Close()
		r = f
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 1<<20), 64<<20)
	for line := 1; sc.Scan(); line++ {
		if err := ctx.Err(); err != nil {
			return stored, bad, err
		}
		b := sc.Bytes()
		if len(bytes.TrimSpace(b)) == 0 {
			continue
		}
		var doc schema.Document
		if err := json.Unmarshal(b, &doc); err != nil || doc.Article.ID == "" {
			if err == nil {
				err = errors.New("no article id (is this an annotated article?)")
			}
			e.Log.Error("skipped line", "file", name, "line", line, "err", err)
			bad++
			continue
		}
		if err := s.WriteDocument(ctx, doc); err != nil {
			return stored, bad, fmt.Errorf("%s:%d: %w", name, line, err)
		}
		stored++
	}
	if err := sc.Err(); err != nil {
		return stored, bad, fmt.Errorf("%s: %w", name, err)
	}
	return stored, bad, nil
}

// writeRows prints rows one a line: as JSON objects, or as line gives them.
func writeRows[R any](w io.Writer, rows []R, asJSON bool, line func(R) string) {
	for _, r := range rows {
		if asJSON {
			writeJSONLine(w, r)
		} else {
			fmt.Fprintln(w, line(r))
		}
	}
}

func writeJSONLine(w io.Writer, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		b = []byte(fmt.Sprintf(`{"error":%q}`, err.Error()))
	}
	w.Write(append(b, '\n'))
}

// eventLine is one event as a person would read it: day, type, label,
// who, which treaties, and the article.
func eventLine(r sqlstore.EventRow) string {
	ev := r.Event
	var value string
	if ev.Date != nil {
		value = ev.Date.Value
	}
	day := "undated"
	switch start, end, ok := sqlstore.DayRange(value); {
	case ok && start == end:
		day = start
	case ok:
		day = value // a month, a week, a season
	case r.DateStart != "":
		day = r.DateStart + "~" // the article's publication day, not the event's
	}
	parts := []string{fmt.Sprintf("%-11s %-16s %s", day, ev.Type, ev.Label)}
	if ev.Planned {
		parts[0] += " (planned)"
	}
	if len(ev.Participants) > 0 {
		parts = append(parts, "with: "+strings.Join(ev.Participants, ", "))
	}
	if len(ev.People) > 0 {
		parts = append(parts, "people: "+strings.Join(ev.People, ", "))
	}
	if len(ev.Treaties) > 0 {
		parts = append(parts, "treaties: "+strings.Join(ev.Treaties, ", "))
	}
	if r.URL != "" {
		parts = append(parts, r.URL)
	} else {
		parts = append(parts, "article "+ev.ArticleID)
	}
	return strings.Join(parts, " | ")
}

// quoteLine is one quote: day, speaker, kind, the words, the article.
func quoteLine(r sqlstore.QuoteRow) string {
	day := "undated"
	if !r.Published.IsZero() {
		day = r.Published.Format("2006-01-02")
	}
	speaker := r.Speaker
	if speaker == "" {
		speaker = "(unattributed)"
	}
	where := r.URL
	if where == "" {
		where = "article " + r.ArticleID
	}
	return fmt.Sprintf("%s  %s (%s): “%s” | %s", day, speaker, r.Kind, r.Text, where)
}
