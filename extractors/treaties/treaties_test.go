package treaties

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/herald-news/herald/extractors/schema"
	"github.com/herald-news/herald/extractors/text"
)

var update = flag.Bool("update", false, "rewrite testdata/*.want from the current output (review the diff!)")

// fixturePublished is the publication date the fixtures are read against.
var fixturePublished = time.Date(2025, 6, 6, 0, 0, 0, 0, time.UTC)

func newFinder(t testing.TB) *Finder {
	t.Helper()
	f, err := New()
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// summary prints treaties one a line: name | short | year | aliases |
// mentions.
func summary(ts []schema.Treaty) string {
	var b strings.Builder
	for _, t := range ts {
		var ms []string
		for _, m := range t.Mentions {
			ms = append(ms, fmt.Sprintf("%s@%d", m.Text, m.Start))
		}
		fmt.Fprintf(&b, "%s | %s | %d | %s | %s\n", t.Name, t.Short, t.Year, strings.Join(t.Aliases, "; "), strings.Join(ms, "; "))
	}
	return b.String()
}

// TestFixtures runs the hand-written articles of testdata against their
// hand-checked results in testdata/*.want.
func TestFixtures(t *testing.T) {
	f := newFinder(t)
	files, err := filepath.Glob("testdata/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	for _, p := range files {
		t.Run(filepath.Base(p), func(t *testing.T) {
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			d := text.Parse(string(b))
			got := f.FindPublished(d, fixturePublished)
			checkMentions(t, d, got)
			want := strings.TrimSuffix(p, ".txt") + ".want"
			if *update {
				if err := os.WriteFile(want, []byte(summary(got)), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			w, err := os.ReadFile(want)
			if err != nil {
				t.Fatal(err)
			}
			if g := summary(got); g != string(w) {
				t.Errorf("got:\n%s\nwant:\n%s", g, w)
			}
		})
	}
}

// checkMentions asserts that every mention's offsets point at its text,
// and that no two mentions overlap.
func checkMentions(t *testing.T, d *text.Doc, ts []schema.Treaty) {
	t.Helper()
	type span struct{ a, b int }
	var all []span
	for _, tr := range ts {
		if len(tr.Mentions) == 0 {
			t.Errorf("%s: no mentions", tr.Name)
		}
		for _, m := range tr.Mentions {
			if m.Start < 0 || m.End > len(d.Text) || m.Start >= m.End || d.Text[m.Start:m.End] != m.Text {
				t.Errorf("%s: mention %+v does not match the text", tr.Name, m)
				continue
			}
			for _, s := range all {
				if m.Start < s.b && s.a < m.End {
					t.Errorf("%s: mention %+v overlaps another at [%d,%d)", tr.Name, m, s.a, s.b)
				}
			}
			all = append(all, span{m.Start, m.End})
		}
	}
}

func TestFind(t *testing.T) {
	f := newFinder(t)
	type want struct {
		name, short string
		year        int
	}
	tests := []struct {
		in   string
		want []want
	}{
		{"The 1987 Intermediate-Range Nuclear Forces Treaty, known as the INF, banned the missiles.",
			[]want{{"Intermediate-Range Nuclear Forces Treaty", "INF", 1987}}},
		{"Moscow wants to keep the 2010 New START treaty.", []want{{"New START", "", 2010}}},
		// Three capitalised generic words mid-sentence name one treaty.
		{"In 2021 the two leaders signed a Comprehensive Economic Partnership Agreement.", []want{{"Comprehensive Economic Partnership Agreement", "", 0}}},
		{"Talks on a Peace Treaty stalled.", nil},
		// A declaration is a treaty where the sentence says it was signed.
		{"The Lisbon Declaration was signed by the two prime ministers.", []want{{"Lisbon Declaration", "", 0}}},
		{"The Lisbon Declaration called for calm.", nil},
		{"The Declaration of Independence was signed in 1776.", nil},
		// A treaty named in capitals before a lower-case head.
		{"They first agreed to share data under the Argos treaties, signed in 2012.", []want{{"Argos treaties", "", 0}}},
		{"Washington values the Russian treaty.", nil},
		// A pact's name used for its alliance.
		{"Tanks that NATO and the Warsaw Pact could deploy were limited.", nil},
		{"Former Warsaw Pact countries joined NATO.", nil},
		{"The Warsaw Pact was signed in 1955.", []want{{"Warsaw Pact", "", 1955}}},
		{"Russia wants to keep New Start.", []want{{"New START", "", 2010}}},
		{"The Treaty on the Non-Proliferation of Nuclear Weapons (NPT) entered into force in 1970.",
			[]want{{"Treaty on the Non-Proliferation of Nuclear Weapons", "NPT", 1968}}},
		{"The Nuclear Non-Proliferation Treaty is the cornerstone.", []want{{"Treaty on the Non-Proliferation of Nuclear Weapons", "NPT", 1968}}},
		{"The NPT review conference opened in 2015.", []want{{"Treaty on the Non-Proliferation of Nuclear Weapons", "NPT", 1968}}},
		{"Delegates at the 2015 NPT Review Conference disagreed.", []want{{"Treaty on the Non-Proliferation of Nuclear Weapons", "NPT", 1968}}},
		{"He defended the Iran nuclear deal.", []want{{"Joint Comprehensive Plan of Action", "JCPOA", 2015}}},
		{"Tehran wants to revive the nuclear deal.", []want{{"Joint Comprehensive Plan of Action", "JCPOA", 2015}}},
		{"Pyongyang rejected any nuclear deal.", nil}, // "nuclear deal" means the JCPOA only where Iran is named
		// where Iran is named, a nuclear deal of another kind or country is none
		{"The U.S. and Saudi Arabia signed a civil nuclear deal; Riyadh has said it would build a bomb if Iran did.", nil},
		{"Riyadh's rival Iran watched as the Saudi nuclear deal was signed.", nil},
		{"Iran's nuclear deal with world powers collapsed.", []want{{"Joint Comprehensive Plan of Action", "JCPOA", 2015}}},
		{"Iran and Europe discussed the 2015 nuclear deal.", []want{{"Joint Comprehensive Plan of Action", "JCPOA", 2015}}},
		{"The JCPOA was signed in Vienna.", []want{{"Joint Comprehensive Plan of Action", "JCPOA", 2015}}},
		{"The Paris agreement set a goal of 1.5 degrees.", []want{{"Paris Agreement", "", 2015}}},
		{"Kyiv invoked the Budapest Memorandum and the Minsk agreements.",
			[]want{{"Budapest Memorandum", "", 1994}, {"Minsk agreements", "", 2015}}},
		{"Russia ratified the CTBT in 2000 and the CFE Treaty in 1992.",
			[]want{{"Comprehensive Nuclear-Test-Ban Treaty", "CTBT", 1996}, {"Treaty on Conventional Armed Forces in Europe", "CFE", 1990}}},
		{"The SALT II treaty was never ratified; the ABM Treaty lasted 30 years.",
			[]want{{"SALT II", "", 1979}, {"Anti-Ballistic Missile Treaty", "ABM", 1972}}},
		{"Austria backs the TPNW.", []want{{"Treaty on the Prohibition of Nuclear Weapons", "TPNW", 2017}}},
		{"The two countries signed the 2019 Arctic Fisheries Accord.", []want{{"Arctic Fisheries Accord", "", 2019}}},
		{"They agreed on the Treaty of Good Neighbourliness between Russia and China.",
			[]want{{"Treaty of Good Neighbourliness between Russia and China", "", 0}}},
		{"The Caspian Sea Convention (CSC) was signed in 2018. The CSC sets borders.",
			[]want{{"Convention on the Legal Status of the Caspian Sea", "CSC", 2018}}},
		{"The Arctic Shipping Accord (ASA) was signed on Monday. The ASA sets routes.",
			[]want{{"Arctic Shipping Accord", "ASA", 0}}},
		{"1714 - The Treaty of Baden was signed between the Holy Roman Emperor Charles VI and France.",
			[]want{{"Treaty of Baden", "", 0}}},
		{"Delegates met at the Convention on Cluster Munitions review.", []want{{"Convention on Cluster Munitions", "CCM", 2008}}},
		{"He spoke at the Democratic National Convention on Monday.", nil},
		{"The Republican Convention opens in Cleveland.", nil},
		{"The North Atlantic Treaty Organisation declined comment.", nil},
		{"Penn Treaty said it would expand.", nil},
		{"SOCCER - SPORTING START NEW SEASON WITH A WIN .", nil},
		{"The Memorandum of Understanding with the Obama administration lapsed.", nil},
		{"China backs a global test ban treaty.", []want{{"Comprehensive Nuclear-Test-Ban Treaty", "CTBT", 1996}}},
		{"It was enshrined in the 1951 Convention Relating to the Status of Refugees.",
			[]want{{"Convention Relating to the Status of Refugees", "", 1951}}},
		// From the names derived from HUGGO.
		{"Japan ratified the Minamata Convention in 2016.", []want{{"Minamata Convention on Mercury", "", 2013}}},
		{"The Convention on the Conservation of Migratory Species of Wild Animals protects bats.",
			[]want{{"Convention on the Conservation of Migratory Species of Wild Animals", "", 1979}}},
		{"The Kyoto Protocol to the United Nations Framework Convention on Climate Change expired.", []want{{"Kyoto Protocol", "", 1997}}},
		// Not treaties.
		{"Without agreement between Moscow and Washington, talks will fail.", nil},
		{"It can be extended by mutual agreement.", nil},
		{"The treaty bans such missiles.", nil}, // nothing to refer to
		{"We start the talks on Monday.", nil},  // "start" is no START
		{"Salt and pepper.", nil},
		{"A Peace Treaty was signed.", nil},
		{"The Trade Agreement lapsed.", nil},
		{"US Pulls Out Of Landmark Missile Treaty With Russia", nil}, // a title-case headline names no treaty
		{"Open skies policy for airlines.", nil},
		{"", nil},
	}
	for _, tt := range tests {
		got := f.Find(text.Parse(tt.in))
		var g []want
		for _, tr := range got {
			g = append(g, want{tr.Name, tr.Short, tr.Year})
		}
		if fmt.Sprint(g) != fmt.Sprint(tt.want) {
			t.Errorf("Find(%q)\n got %v\nwant %v", tt.in, g, tt.want)
		}
	}
}

// TestGenerics checks that generic references become mentions of the
// treaty they stand for, and only of that one.
func TestGenerics(t *testing.T) {
	f := newFinder(t)
	tests := []struct {
		in   string
		want map[string][]string // treaty -> mention texts
	}{
		{"Washington will leave the INF treaty. Russia says the pact is vital.",
			map[string][]string{"Intermediate-Range Nuclear Forces Treaty": {"INF treaty", "pact"}}},
		{"New START and the NPT are at risk. Russia says the treaty must be saved.",
			map[string][]string{"New START": {"New START"}, "Treaty on the Non-Proliferation of Nuclear Weapons": {"NPT"}}},
		{"New START expires in 2026. Russia says the treaty must be saved.",
			map[string][]string{"New START": {"New START", "treaty"}}},
		{"Iran breached the JCPOA. The deal had capped enrichment. A new deal is not in sight.",
			map[string][]string{"Joint Comprehensive Plan of Action": {"JCPOA", "deal"}}},
		{"The INF Treaty of 1987 and New START of 2010 differ. The 1987 treaty banned a class of missiles.",
			map[string][]string{"Intermediate-Range Nuclear Forces Treaty": {"INF Treaty", "1987 treaty"}, "New START": {"New START"}}},
		{"Iran breached the JCPOA. The treaty ban is old.",
			map[string][]string{"Joint Comprehensive Plan of Action": {"JCPOA"}}},
	}
	for _, tt := range tests {
		got := map[string][]string{}
		for _, tr := range f.Find(text.Parse(tt.in)) {
			for _, m := range tr.Mentions {
				got[tr.Name] = append(got[tr.Name], m.Text)
			}
		}
		if fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("Find(%q)\n got %v\nwant %v", tt.in, got, tt.want)
		}
	}
}

func TestGazetteerLoads(t *testing.T) {
	f := newFinder(t)
	if len(f.entries) < 80 {
		t.Errorf("%d treaties in the gazetteer, want at least 80", len(f.entries))
	}
	for _, e := range f.entries {
		if e.year != 0 && (e.year < 1600 || e.year > 2100) {
			t.Errorf("%s: year %d", e.name, e.year)
		}
		if id := (&reader{f: f}).lookupName(e.name); id < 0 || f.entries[id].name != e.name {
			t.Errorf("%s: its own name does not lead back to it", e.name)
		}
	}
}

func BenchmarkFind(b *testing.B) {
	f := newFinder(b)
	files, _ := filepath.Glob("testdata/*.txt")
	docs := parseFiles(b, files)
	b.ReportAllocs()
	for b.Loop() {
		for _, d := range docs {
			f.Find(d)
		}
	}
}

// parseFiles reads and segments the texts at paths, and sets b's bytes per
// operation to their total size.
func parseFiles(b *testing.B, paths []string) []*text.Doc {
	b.Helper()
	var docs []*text.Doc
	size := 0
	for _, p := range paths {
		s, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		docs = append(docs, text.Parse(string(s)))
		size += len(s)
	}
	b.SetBytes(int64(size))
	return docs
}

func FuzzFind(f *testing.F) {
	for _, s := range []string{
		"The 1987 Intermediate-Range Nuclear Forces Treaty, known as the INF, banned them.",
		"the Treaty on the Non-Proliferation of Nuclear Weapons (NPT)",
		"Intermediate-Range Nuclear Forces (INF) Treaty ( INF ) (",
		"the pact the treaty the 2010 treaty", "New START’s Treaty of", "US-Russia Treaty’s",
		"(ABC) Convention on X (", ", known as the", "Treaty on", "2015 nuclear deal Iran",
	} {
		f.Add(s)
	}
	fd := newFinder(f)
	f.Fuzz(func(t *testing.T, s string) {
		d := text.Parse(s)
		ts := fd.FindPublished(d, fixturePublished)
		checkMentions(t, d, ts)
		for _, tr := range ts {
			if tr.Name == "" {
				t.Errorf("treaty with no name in %q", s)
			}
		}
	})
}

func BenchmarkNew(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := New(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFindNews runs Find over real news: the PolNeAR training
// articles of the shared evaluation data (skipped when they are absent),
// texts segmented beforehand, and reports articles per second.
func BenchmarkFindNews(b *testing.B) {
	paths, _ := filepath.Glob("../../../shared/data/polnear/train/text/*.txt")
	if len(paths) == 0 {
		b.Skip("../shared/data/polnear beside the project is missing")
	}
	f := newFinder(b)
	docs := parseFiles(b, paths)
	b.ReportAllocs()
	for b.Loop() {
		for _, d := range docs {
			f.Find(d)
		}
	}
	b.ReportMetric(float64(b.N*len(docs))/b.Elapsed().Seconds(), "articles/s")
}

// TestConcurrent runs one Finder from several goroutines (with -race in
// CI) and checks that each gets what a lone call gets.
func TestConcurrent(t *testing.T) {
	f := newFinder(t)
	files, _ := filepath.Glob("testdata/*.txt")
	var docs []*text.Doc
	var want []string
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		d := text.Parse(string(b))
		docs = append(docs, d)
		want = append(want, summary(f.Find(d)))
	}
	errs := make(chan string, 8*len(docs))
	done := make(chan struct{})
	for g := 0; g < 8; g++ {
		go func() {
			defer func() { done <- struct{}{} }()
			for i, d := range docs {
				if got := summary(f.Find(d)); got != want[i] {
					errs <- files[i]
				}
			}
		}()
	}
	for g := 0; g < 8; g++ {
		<-done
	}
	close(errs)
	for p := range errs {
		t.Errorf("%s: a concurrent Find differs from a lone one", p)
	}
}
