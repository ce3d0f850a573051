// Command herald crawls news feeds, extracts people, treaties, dates, quotes
// and events from articles, and delivers the events to sinks and
// subscribers. See the README for every command.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"sort"
	"strings"
	"sync"
	"syscall"
)

// env is what a command may touch of the process.
type env struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	Log    *slog.Logger
}

// command is one `herald NAME` subcommand. Each lives in its own file and
// registers itself from init.
type command struct {
	Name    string
	Summary string
	Run     func(ctx context.Context, e *env, args []string) error
}

var commands = map[string]*command{}

func registerCommand(c *command) {
	if _, dup := commands[c.Name]; dup {
		panic("herald: command registered twice: " + c.Name)
	}
	commands[c.Name] = c
}

// errUsage marks a command line that could not be understood; the command
// has already said why.
var errUsage = errors.New("usage")

// exitError carries a specific exit status without further message.
type exitError struct{ code int }

func (e exitError) Error() string { return fmt.Sprintf("exit status %d", e.code) }

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stderr)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	c, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "herald: unknown command %q\n\n", args[0])
		usage(stderr)
		return 2
	}
	// Logs and progress bars write to standard error from several
	// goroutines; one lock keeps their lines whole.
	stderr = &lockedWriter{w: stderr}
	e := &env{Stdin: stdin, Stdout: stdout, Stderr: stderr, Log: newLogger(stderr)}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := c.Run(ctx, e, args[1:])
	var ee exitError
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		return 2
	case errors.As(err, &ee):
		return ee.code
	default:
		fmt.Fprintf(stderr, "herald %s: %v\n", c.Name, err)
		return 1
	}
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: herald COMMAND [flags] [args]")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "commands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-10s %s\n", n, commands[n].Summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Run 'herald COMMAND -h' for a command's flags.")
}

// newLogger logs structured text to standard error; HERALD_LOG=debug|info|
// warn|error sets the level, HERALD_LOG_FORMAT=json switches to JSON.
func newLogger(w io.Writer) *slog.Logger {
	level := slog.LevelInfo
	if v := os.Getenv("HERALD_LOG"); v != "" {
		_ = level.UnmarshalText([]byte(v))
	}
	opts := &slog.HandlerOptions{Level: level}
	if os.Getenv("HERALD_LOG_FORMAT") == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// newFlagSet returns a flag set for a command that reports errors on the
// command's standard error.
func newFlagSet(e *env, name, argsUsage string) *flag.FlagSet {
	fs := flag.NewFlagSet("herald "+name, flag.ContinueOnError)
	fs.SetOutput(e.Stderr)
	fs.Usage = func() {
		fmt.Fprintf(e.Stderr, "usage: herald %s [flags] %s\n", name, argsUsage)
		if c, ok := commands[name]; ok {
			fmt.Fprintf(e.Stderr, "\n%s\n", c.Summary)
		}
		fmt.Fprintln(e.Stderr, "\nflags:")
		printDefaults(fs)
	}
	return fs
}

// parseFlags parses args, turning a parse error, or a flag the command
// refuses (refuseFlags), into errUsage.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	return refuseGiven(fs)
}

// refusedValue is the value of a flag that a command registers through
// flag code it shares with other commands (natsFlags, addStageFlags) but
// does not take; why is a sentence saying so.
type refusedValue struct {
	flag.Value
	why string
}

// IsBoolFlag keeps a refused boolean flag parsing as one: --no-sink
// without a value.
func (v refusedValue) IsBoolFlag() bool {
	b, ok := v.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

// refuseFlags marks the named flags of fs as ones its command does not
// take, for the reason why (a sentence naming the command): the command's
// -h leaves them out, and parseFlags refuses a command line that gives
// one. Their values still parse, so that the refusal names them all.
func refuseFlags(fs *flag.FlagSet, why string, names ...string) {
	for _, name := range names {
		f := fs.Lookup(name)
		if f == nil {
			panic("herald: refusing a flag not registered: " + name)
		}
		f.Value = refusedValue{Value: f.Value, why: why}
	}
}

// refuseGiven says on fs's output which refused flags the command line
// gave, one line per reason, and returns errUsage if it gave any.
func refuseGiven(fs *flag.FlagSet) error {
	var whys []string
	given := map[string][]string{}
	fs.Visit(func(f *flag.Flag) {
		r, ok := f.Value.(refusedValue)
		if !ok {
			return
		}
		if given[r.why] == nil {
			whys = append(whys, r.why)
		}
		given[r.why] = append(given[r.why], "--"+f.Name)
	})
	for _, why := range whys {
		verb := "does not apply"
		if len(given[why]) > 1 {
			verb = "do not apply"
		}
		fmt.Fprintf(fs.Output(), "%s: %s %s\n", why, strings.Join(given[why], ", "), verb)
	}
	if len(whys) > 0 {
		return errUsage
	}
	return nil
}

// printDefaults is fs.PrintDefaults without the flags its command refuses:
// the others are printed alike, with the defaults they were registered
// with.
func printDefaults(fs *flag.FlagSet) {
	shown := flag.NewFlagSet(fs.Name(), flag.ContinueOnError)
	shown.SetOutput(fs.Output())
	fs.VisitAll(func(f *flag.Flag) {
		if _, refused := f.Value.(refusedValue); refused {
			return
		}
		shown.Var(f.Value, f.Name, f.Usage)
		// Var takes the current value as the default; -h may follow
		// other flags on the command line.
		shown.Lookup(f.Name).DefValue = f.DefValue
	})
	shown.PrintDefaults()
}

// lockedWriter serialises writes to w.
type lockedWriter struct {
	mu sync.Mutex // guards w
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
