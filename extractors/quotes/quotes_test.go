package quotes

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/herald-news/herald/extractors/schema"
	"github.com/herald-news/herald/extractors/text"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// want is one expected quote: its words, speaker and kind.
type want struct {
	text, speaker, kind string
}

func person(name string, titles ...string) schema.Person {
	return schema.Person{Name: name, Titles: titles}
}

func TestFind(t *testing.T) {
	tests := []struct {
		name   string
		text   string
		people []schema.Person
		want   []want
	}{
		{
			name:   "curly double, speaker after, apostrophe inside",
			text:   "“We weren’t able to reach Russia’s negotiators,” Smith said.",
			people: []schema.Person{person("Anna Smith")},
			want:   []want{{"We weren’t able to reach Russia’s negotiators,", "Anna Smith", "direct"}},
		},
		{
			name:   "straight double, said X",
			text:   `"The pact is dead," said Peter Olsen, a former diplomat.`,
			people: []schema.Person{person("Peter Olsen")},
			want:   []want{{"The pact is dead,", "Peter Olsen", "direct"}},
		},
		{
			name: "curly single and straight single with apostrophes",
			text: "Olsen said: ‘It’s the inspectors’ call.’\n\nMarsh added: 'We won't sign, and that's final.'",
			people: []schema.Person{
				person("Peter Olsen"), person("Lena Marsh"),
			},
			want: []want{
				{"It’s the inspectors’ call.", "Peter Olsen", "direct"},
				{"We won't sign, and that's final.", "Lena Marsh", "direct"},
			},
		},
		{
			name:   "two apostrophes as double marks",
			text:   "''There is no deal yet,'' Mr. Olsen told reporters on the plane.",
			people: []schema.Person{person("Peter Olsen")},
			want:   []want{{"There is no deal yet,", "Peter Olsen", "direct"}},
		},
		{
			name:   "according to",
			text:   "The talks were “a waste of everyone’s time,” according to Lena Marsh.",
			people: []schema.Person{person("Lena Marsh")},
			want:   []want{{"a waste of everyone’s time,", "Lena Marsh", "partial"}},
		},
		{
			name:   "a country name is no cue: United States",
			text:   "In Paris, Foreign Minister Jean Morel said the United States would use the pause “to rebuild trust with its allies.”",
			people: []schema.Person{person("Jean Morel", "Foreign Minister")},
			want:   []want{{"to rebuild trust with its allies.", "Jean Morel", "partial"}},
		},
		{
			name:   "title of, then name",
			text:   "“The sanctions stay,” Minister of Finance Ruth Adler said on Monday.",
			people: []schema.Person{person("Ruth Adler", "Minister of Finance")},
			want:   []want{{"The sanctions stay,", "Ruth Adler", "direct"}},
		},
		{
			name:   "the end of a person's title kept in the name run",
			text:   "Deputy Minister for Nuclear Safety Ruth Adler said the plant was “safe for now.”",
			people: []schema.Person{person("Ruth Adler", "Deputy Minister for Nuclear Safety")},
			want:   []want{{"safe for now.", "Ruth Adler", "partial"}},
		},
		{
			name:   "a name set off after a description, and an object after called",
			text:   "Norway's envoy, Lars Berg, called the draft “a step backwards” and said Oslo would abstain.",
			people: []schema.Person{person("Lars Berg", "envoy")},
			want:   []want{{"a step backwards", "Lars Berg", "partial"}},
		},
		{
			name:   "a clause before but is no speaker",
			text:   "Chile's ministry spokesman, Pablo Ruiz, declined to comment at his weekly briefing on Tuesday but said Santiago “has always backed talks.”",
			people: []schema.Person{person("Pablo Ruiz", "spokesman")},
			want:   []want{{"has always backed talks.", "Pablo Ruiz", "partial"}},
		},
		{
			name:   "the name a relative clause hangs on",
			text:   "He answered remarks by Foreign Minister Ruth Adler, who said on Monday in Oslo that any deal “must include Beijing.”",
			people: []schema.Person{person("Ruth Adler", "Foreign Minister")},
			want:   []want{{"must include Beijing.", "Ruth Adler", "partial"}},
		},
		{
			name:   "a colon: the person named is the subject, not an adjective before",
			text:   "With Labour leaders worried about turnout, Prime Minister Ruth Adler is trying a new message: “Vote for me.”",
			people: []schema.Person{person("Ruth Adler", "Prime Minister")},
			want:   []want{{"Vote for me.", "Ruth Adler", "direct"}},
		},
		{
			name:   "a clause between commas is no appositive",
			text:   "During a speech earlier in the day, Adler attacked Berg for his record on trade, saying, “He cannot be trusted.”",
			people: []schema.Person{person("Ruth Adler"), person("Tomas Berg")},
			want:   []want{{"He cannot be trusted.", "Ruth Adler", "direct"}},
		},
		{
			name:   "modifiers with a slash before the name",
			text:   "“We want answers,” said 9/11 widow Mary Stone.",
			people: []schema.Person{person("Mary Stone")},
			want:   []want{{"We want answers,", "Mary Stone", "direct"}},
		},
		{
			name: "an organisation's report speaks for it",
			text: "“Growth will slow,” the IMF report said.",
			want: []want{{"Growth will slow,", "International Monetary Fund", "direct"}},
		},
		{
			name: "coordinated countries: the first speaks",
			text: "Chile, Peru and Norway said in a joint statement that the vote was “premature.”",
			want: []want{{"premature.", "Chile", "partial"}},
		},
		{
			name: "an organisation of the",
			text: "The International Committee of the Red Cross said it was “alarmed” by the decision.",
			want: []want{{"alarmed", "International Committee of the Red Cross", "partial"}},
		},
		{
			name: "an organisation's spokesperson speaks for it",
			text: "\"We regret the decision,\" a State Department spokesperson said.",
			want: []want{{"We regret the decision,", "State Department", "direct"}},
		},
		{
			name: "denounced as",
			text: "Iran denounced the vote on Friday as \"a political stunt,\" the IRNA news agency reported.",
			want: []want{{"a political stunt,", "Iran", "partial"}},
		},
		{
			name: "X wrote, X warned, pronoun",
			text: "Marsh wrote on her blog that the treaty was over.\n\n“Nobody in Geneva believes otherwise,” she wrote.\n\nOlsen disagreed. “It can be saved,” he warned.",
			people: []schema.Person{
				person("Lena Marsh"), person("Peter Olsen"),
			},
			want: []want{
				{"Nobody in Geneva believes otherwise,", "Lena Marsh", "direct"},
				{"It can be saved,", "Peter Olsen", "direct"},
			},
		},
		{
			name: "quotation over several paragraphs",
			text: "Olsen continued:\n\n“The first problem is verification. Nobody can check anything.\n\n“The second problem is trust, and there is none left.”\n\nThe talks ended on Tuesday.",
			people: []schema.Person{
				person("Peter Olsen"),
			},
			want: []want{
				{"The first problem is verification. Nobody can check anything.", "Peter Olsen", "direct"},
				{"The second problem is trust, and there is none left.", "Peter Olsen", "direct"},
			},
		},
		{
			name: "partial quote inside reported speech, through a pronoun",
			text: "“Washington wants the treaty gone,” Lavrov said.\n\nHe claimed that this aim was “confirmed very clearly” at talks in Geneva.",
			people: []schema.Person{
				person("Sergei Lavrov", "Foreign Minister"),
			},
			want: []want{
				{"Washington wants the treaty gone,", "Sergei Lavrov", "direct"},
				{"confirmed very clearly", "Sergei Lavrov", "partial"},
			},
		},
		{
			name:   "headline with single curly quotes and a country as speaker",
			text:   "US says ‘No new ground broken’ with Russia on missile treaty\n\nThe talks failed.",
			people: nil,
			want:   []want{{"No new ground broken", "United States", "partial"}},
		},
		{
			name:   "speaker before a colon in a headline",
			text:   "Olsen: ‘The Treaty Is Finished’\n\nPeter Olsen spoke on Monday.",
			people: []schema.Person{person("Peter Olsen")},
			want:   []want{{"The Treaty Is Finished", "Peter Olsen", "direct"}},
		},
		{
			name: "description resolved to the person with that title",
			text: "Foreign Minister Sergei Lavrov met his counterpart.\n\n“We are ready,” the minister said.",
			people: []schema.Person{
				person("Sergei Lavrov", "Foreign Minister"),
			},
			want: []want{{"We are ready,", "Sergei Lavrov", "direct"}},
		},
		{
			name:   "description resolved to an organisation",
			text:   "The Washington Post reported the plan on Sunday. “The administration has made up its mind,” the influential US daily wrote.",
			people: nil,
			want:   []want{{"The administration has made up its mind,", "The Washington Post", "direct"}},
		},
		{
			name: "speaker in the sentence before",
			text: "The deadline cannot move, Marsh said. “February is February.”",
			people: []schema.Person{
				person("Lena Marsh"),
			},
			want: []want{{"February is February.", "Lena Marsh", "direct"}},
		},
		{
			name: "second quotation of a sentence shares the speaker",
			text: "“We tried,” Olsen said. “We failed.”",
			people: []schema.Person{
				person("Peter Olsen"),
			},
			want: []want{
				{"We tried,", "Peter Olsen", "direct"},
				{"We failed.", "Peter Olsen", "direct"},
			},
		},
		{
			name: "he resolves to the person last named, not the last speaker",
			text: "“It is over,” Olsen said.\n\nMarsh arrived late in Geneva.\n\n“It is not,” he said later, pointing at Olsen’s chair.",
			people: []schema.Person{
				person("Peter Olsen"), person("Lena Marsh"),
			},
			want: []want{
				{"It is over,", "Peter Olsen", "direct"},
				{"It is not,", "Lena Marsh", "direct"},
			},
		},
		{
			name:   "scare quotes name no one and are dropped",
			text:   "The so-called “reset” never happened, and the “Geneva format” is gone.",
			people: nil,
			want:   nil,
		},
		{
			name:   "transcript labels",
			text:   "Mike Pence spoke to Chris Wallace. A transcript follows:\n\n\"WALLACE: Will she be there?\n\n\"PENCE: I do not know.\"",
			people: []schema.Person{person("Mike Pence"), person("Chris Wallace")},
			want: []want{
				{"WALLACE: Will she be there?", "Chris Wallace", "direct"},
				{"PENCE: I do not know.", "Mike Pence", "direct"},
			},
		},
		{
			name: "a surname joined to its particle speaks: al-Otaibi said, said el-Sisi",
			text: "Energy Minister Faisal al-Otaibi and Energy Secretary Daniel Hollis signed the deal. Hollis said it was strong.\n\n" +
				"“We are building a program,” al-Otaibi said.\n\n“The region is ready,” said el-Sisi.",
			people: []schema.Person{person("Faisal al-Otaibi"), person("Daniel Hollis"), person("Abdel Fattah el-Sisi")},
			want: []want{
				{"We are building a program,", "Faisal al-Otaibi", "direct"},
				{"The region is ready,", "Abdel Fattah el-Sisi", "direct"},
			},
		},
		{
			name: "an organisation's name with connectors, in full",
			text: "The International Campaign to Ban Landmines, which shared the 1997 Nobel Peace Prize, called the decision “proof that the norm is still holding” at a difficult moment.\n\n" +
				"“This is a step back,” the Campaign for Nuclear Disarmament said.\n\n" +
				"The Bulletin of the Atomic Scientists said: “The clock is ticking.”\n\n" +
				"“The risk is rising,” said the Center for Strategic and International Studies.\n\n" +
				"“The test was a mistake,” the Arms Control and Disarmament Agency said.",
			want: []want{
				{"proof that the norm is still holding", "International Campaign to Ban Landmines", "partial"},
				{"This is a step back,", "Campaign for Nuclear Disarmament", "direct"},
				{"The clock is ticking.", "Bulletin of the Atomic Scientists", "direct"},
				{"The risk is rising,", "Center for Strategic and International Studies", "direct"},
				{"The test was a mistake,", "Arms Control and Disarmament Agency", "direct"},
			},
		},
		{
			name: "connectors join no person, day or coordinated names to an organisation",
			text: "“It is a loss,” Mr. Morgan of the Sierra Club said.\n\n" +
				"“We are united,” France and Germany said.\n\n" +
				"“We will respond,” said the Defense Ministry on Monday.",
			people: []schema.Person{person("Tom Morgan")},
			want: []want{
				{"It is a loss,", "Tom Morgan", "direct"},
				{"We are united,", "France", "direct"},
				{"We will respond,", "Defense Ministry", "direct"},
			},
		},
		{
			name: "surname mention gives the full name without a people list",
			text: "Senator Maria Delgado opened the hearing.\n\n“This is a scandal,” Delgado said.",
			want: []want{{"This is a scandal,", "Maria Delgado", "direct"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := text.Parse(tt.text)
			got := Find(d, tt.people, nil)
			checkOffsets(t, tt.text, got)
			if len(got) != len(tt.want) {
				t.Fatalf("got %d quotes, want %d: %s", len(got), len(tt.want), show(got))
			}
			for i, w := range tt.want {
				g := got[i]
				if g.Text != w.text || g.Speaker != w.speaker || g.Kind != w.kind {
					t.Errorf("quote %d = %q by %q (%s), want %q by %q (%s)", i, g.Text, g.Speaker, g.Kind, w.text, w.speaker, w.kind)
				}
			}
		})
	}
}

// checkOffsets checks the contract's offsets: Text and the speaker
// mention are the bytes they point at.
func checkOffsets(t *testing.T, s string, qs []schema.Quote) {
	t.Helper()
	for _, q := range qs {
		if q.Start < 0 || q.End > len(s) || q.Start >= q.End || s[q.Start:q.End] != q.Text {
			t.Errorf("quote %q at [%d,%d) does not match the text", q.Text, q.Start, q.End)
		}
		if m := q.SpeakerMention; m != nil && (m.Start < 0 || m.End > len(s) || s[m.Start:m.End] != m.Text) {
			t.Errorf("speaker mention %q at [%d,%d) does not match the text", m.Text, m.Start, m.End)
		}
		if strings.ContainsAny(q.Text[:1], "“\"‘'") {
			t.Errorf("quote %q keeps its opening mark", q.Text)
		}
	}
}

func show(qs []schema.Quote) string {
	b, _ := json.Marshal(qs)
	return string(b)
}

func TestSaid(t *testing.T) {
	s := "The comments, made on January 16 by Under Secretary Andrea Thompson, set the stage.\n\n" +
		"“We weren’t able to break any new ground yesterday,” Thompson said of the January 15 meeting.\n\n" +
		"“There is no more time,” Olsen told reporters on Monday."
	d := text.Parse(s)
	date := func(txt, value string) schema.Date {
		i := strings.Index(s, txt)
		return schema.Date{Text: txt, Value: value, Type: schema.TypeDate, Start: i, End: i + len(txt)}
	}
	jan15 := strings.LastIndex(s, "January 15")
	ds := []schema.Date{
		date("January 16", "2019-01-16"),
		date("yesterday", "2019-01-15"),
		{Text: "January 15", Value: "2019-01-15", Type: schema.TypeDate, Start: jan15, End: jan15 + len("January 15")},
		date("Monday", "2019-01-14"),
	}
	people := []schema.Person{person("Andrea Thompson"), person("Peter Olsen")}
	got := Find(d, people, ds)
	if len(got) != 2 {
		t.Fatalf("got %d quotes, want 2: %s", len(got), show(got))
	}
	if got[0].Said == nil || got[0].Said.Value != "2019-01-16" {
		t.Errorf("Thompson's words said %+v, want 2019-01-16 (the comments, made on January 16)", got[0].Said)
	}
	if got[1].Said == nil || got[1].Said.Value != "2019-01-14" {
		t.Errorf("Olsen's words said %+v, want 2019-01-14 (told reporters on Monday)", got[1].Said)
	}
}

// TestSaidAtTheLeadsOccasion: words "said at a ceremony" or "told a
// news conference" without a date of their own were said on the day the
// lead gives its news; words with no occasion, or in a story whose lead
// names no day, stay undated.
func TestSaidAtTheLeadsOccasion(t *testing.T) {
	cases := []struct {
		name, lead, attribution string
		want                    string // "" for no date
	}{
		{"ceremony", "The leaders initialed a peace agreement on Friday.", "Mammadov said at a ceremony attended by the president.", "2025-08-08"},
		{"news conference", "The two countries signed an agreement on Friday.", "Tanabe told a joint news conference after the meeting.", "2025-08-08"},
		{"no occasion", "The leaders initialed a peace agreement on Friday.", "Mammadov said.", ""},
		{"an undated lead", "The leaders initialed a peace agreement.", "Mammadov said at a ceremony attended by the president.", ""},
		{"a lead that tells a plan", "The leaders will initial a peace agreement on Friday.", "Mammadov told a news conference.", ""},
		{"the lead's day in the attribution", "The leaders initialed a peace agreement on Friday.", "Mammadov told a news conference on Thursday.", "2025-08-07"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := "Caucasus deal\n\n" + c.lead + "\n\n“Today we are turning the page,” " + c.attribution
			var ds []schema.Date
			for _, d := range []struct{ txt, value string }{{"Friday", "2025-08-08"}, {"Thursday", "2025-08-07"}} {
				if i := strings.Index(s, d.txt); i >= 0 {
					ds = append(ds, schema.Date{Text: d.txt, Value: d.value, Type: schema.TypeDate, Start: i, End: i + len(d.txt)})
				}
			}
			got := Find(text.Parse(s), []schema.Person{person("Elchin Mammadov"), person("Kenji Tanabe")}, ds)
			if len(got) != 1 {
				t.Fatalf("got %d quotes, want 1: %s", len(got), show(got))
			}
			switch said := got[0].Said; {
			case c.want == "" && said != nil:
				t.Errorf("said %+v, want no date", said)
			case c.want != "" && (said == nil || said.Value != c.want):
				t.Errorf("said %+v, want %s", said, c.want)
			}
		})
	}
}

// TestSeed runs the seed article against its gold: every quote found, with
// the right speaker and kind. The gold lives outside the project.
func TestSeed(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "shared", "gold", "seed")
	raw, err := os.ReadFile(filepath.Join(dir, "amn-inf-impasse.txt"))
	if err != nil {
		t.Skipf("seed gold not found at %s: %v", dir, err)
	}
	gb, err := os.ReadFile(filepath.Join(dir, "amn-inf-impasse.gold.json"))
	if err != nil {
		t.Skipf("seed gold not found: %v", err)
	}
	var gold struct {
		People []struct {
			Name   string   `json:"name"`
			Titles []string `json:"titles"`
		} `json:"people"`
		Quotes []struct {
			Text    string `json:"text"`
			Speaker string `json:"speaker"`
			Kind    string `json:"kind"`
		} `json:"quotes"`
	}
	if err := json.Unmarshal(gb, &gold); err != nil {
		t.Fatal(err)
	}
	var people []schema.Person
	for _, p := range gold.People {
		people = append(people, person(p.Name, p.Titles...))
	}
	got := Find(text.Parse(string(raw)), people, nil)
	checkOffsets(t, string(raw), got)
	for _, g := range gold.Quotes {
		found := false
		for _, q := range got {
			if q.Text == g.Text {
				found = true
				if q.Speaker != g.Speaker {
					t.Errorf("%q: speaker %q, want %q", g.Text, q.Speaker, g.Speaker)
				}
				if g.Kind != "" && q.Kind != g.Kind {
					t.Errorf("%q: kind %q, want %q", g.Text, q.Kind, g.Kind)
				}
			}
		}
		if !found {
			t.Errorf("missed %q (%s)", g.Text, g.Speaker)
		}
	}
}

// TestGolden compares Find on each testdata/*.txt (people from the
// .people.json beside it) with its .golden.json; -update rewrites them.
func TestGolden(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures under testdata: %v", err)
	}
	for _, f := range files {
		base := strings.TrimSuffix(f, ".txt")
		t.Run(filepath.Base(base), func(t *testing.T) {
			raw, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			var people []schema.Person
			if b, err := os.ReadFile(base + ".people.json"); err == nil {
				if err := json.Unmarshal(b, &people); err != nil {
					t.Fatal(err)
				}
			}
			got := Find(text.Parse(string(raw)), people, nil)
			checkOffsets(t, string(raw), got)
			out, err := json.MarshalIndent(got, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, '\n')
			golden := base + ".golden.json"
			if *update {
				if err := os.WriteFile(golden, out, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to write it)", err)
			}
			if string(want) != string(out) {
				t.Errorf("Find differs from %s:\n%s", golden, out)
			}
		})
	}
}

func FuzzFind(f *testing.F) {
	for _, s := range []string{
		"“We weren’t able,” Thompson said.",
		`"A," he said, "B."`,
		"''A'' said Mr. X. ‘B’ — 'C' \"D",
		"“open\n\n“still open\n\nclosed.”",
		"X: ‘a’ ’ ‘ \" '' `` ”",
	} {
		f.Add(s)
	}
	people := []schema.Person{person("Andrea Thompson")}
	f.Fuzz(func(t *testing.T, s string) {
		qs := Find(text.Parse(s), people, nil)
		for _, q := range qs {
			if q.Start < 0 || q.End > len(s) || q.Start >= q.End || s[q.Start:q.End] != q.Text {
				t.Fatalf("quote %q at [%d,%d) outside or unlike the text", q.Text, q.Start, q.End)
			}
			if m := q.SpeakerMention; m != nil && (m.Start < 0 || m.End > len(s) || m.Start > m.End || s[m.Start:m.End] != m.Text) {
				t.Fatalf("mention %q at [%d,%d) outside or unlike the text", m.Text, m.Start, m.End)
			}
		}
	})
}

func BenchmarkFind(b *testing.B) {
	raw, err := os.ReadFile(filepath.Join("testdata", "talks.txt"))
	if err != nil {
		b.Fatal(err)
	}
	var people []schema.Person
	if pb, err := os.ReadFile(filepath.Join("testdata", "talks.people.json")); err == nil {
		_ = json.Unmarshal(pb, &people)
	}
	d := text.Parse(string(raw))
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	for b.Loop() {
		Find(d, people, nil)
	}
}

func TestPronounGender(t *testing.T) {
	src := "Tomas Berg met Ana Ruiz on Tuesday. “We will not sign,” he said. “The door stays open,” she said."
	she := strings.Index(src, "she said")
	people := []schema.Person{
		{Name: "Tomas Berg", Gender: "male"},
		{Name: "Ana Ruiz", Gender: "female", Mentions: []schema.Mention{{Text: "she", Start: she, End: she + 3}}},
	}
	qs := Find(text.Parse(src), people, nil)
	if len(qs) != 2 || qs[0].Speaker != "Tomas Berg" || qs[1].Speaker != "Ana Ruiz" {
		t.Errorf("want Tomas Berg then Ana Ruiz, got %+v", qs)
	}
}
