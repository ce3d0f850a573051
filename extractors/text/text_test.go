package text

import (
	"reflect"
	"testing"
)

func tokenTexts(ts []Token) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.Text
	}
	return out
}

func TestTokenize(t *testing.T) {
	cases := map[string][]string{
		"The U.S. said “no.”":                  {"The", "U.S.", "said", "“", "no", ".", "”"},
		"range of 500 to 5,500 kilometers":     {"range", "of", "500", "to", "5,500", "kilometers"},
		"the Intermediate-Range Forces, 1987":  {"the", "Intermediate-Range", "Forces", ",", "1987"},
		"We weren’t able; Russia’s view":       {"We", "weren’t", "able", ";", "Russia’s", "view"},
		"George W. Bush met AT&T in St. Louis": {"George", "W.", "Bush", "met", "AT&T", "in", "St.", "Louis"},
		"Moscow...":                            {"Moscow", "..."},
		"Growth was 3.5.":                      {"Growth", "was", "3.5", "."},
		"Опубликовано 15.01.2019.":             {"Опубликовано", "15.01.2019", "."},
	}
	for in, want := range cases {
		if got := tokenTexts(Tokenize(in)); !reflect.DeepEqual(got, want) {
			t.Errorf("Tokenize(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestOffsetsPointIntoText(t *testing.T) {
	s := "Lavrov said: “Unilateral actions…”\n\nThe U.S. envoy — Thompson — spoke."
	for _, tok := range Tokenize(s) {
		if s[tok.Start:tok.End] != tok.Text {
			t.Fatalf("token %q at [%d,%d) reads %q", tok.Text, tok.Start, tok.End, s[tok.Start:tok.End])
		}
	}
}

func TestSentences(t *testing.T) {
	s := "Mr. Lavrov met Gen. Smith on Jan. 5 in the U.S. capital. “We talked,” he said. Was it useful? Yes!\nNew paragraph without a stop"
	d := Parse(s)
	var got []string
	for _, sp := range d.Sentences {
		got = append(got, d.SpanText(sp))
	}
	want := []string{
		"Mr. Lavrov met Gen. Smith on Jan. 5 in the U.S. capital.",
		"“We talked,” he said.",
		"Was it useful?",
		"Yes!",
		"New paragraph without a stop",
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("sentences:\n got %q\nwant %q", got, want)
	}
	if len(d.Paragraphs) != 2 {
		t.Fatalf("paragraphs = %d, want 2", len(d.Paragraphs))
	}
	if i := d.SentenceAt(d.Sentences[2].Start + 1); i != 2 {
		t.Fatalf("SentenceAt = %d, want 2", i)
	}
}

func TestClosingQuoteEndsSentence(t *testing.T) {
	d := Parse("He said “it is over.” Then he left.")
	if len(d.Sentences) != 2 || d.SpanText(d.Sentences[0]) != "He said “it is over.”" {
		t.Fatalf("got %d sentences: %q", len(d.Sentences), d.SpanText(d.Sentences[0]))
	}
}

func TestAcronymBeforeTitleKeepsSentence(t *testing.T) {
	d := Parse("The comments, made by U.S. Undersecretary Andrea Thompson, set the stage. Talks moved to the U.S. The envoy left.")
	var got []string
	for _, sp := range d.Sentences {
		got = append(got, d.SpanText(sp))
	}
	want := []string{
		"The comments, made by U.S. Undersecretary Andrea Thompson, set the stage.",
		"Talks moved to the U.S.",
		"The envoy left.",
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("sentences:\n got %q\nwant %q", got, want)
	}
}

func TestIsCapitalized(t *testing.T) {
	cases := map[string]bool{
		"Trump": true, "U.S.": true, "Non-Proliferation": true, "Élysée": true, "NATO": true,
		"said": false, "'s": false, "’s": false, "1987": false, "": false, "“Trump": false, "élysée": false,
	}
	for in, want := range cases {
		if got := IsCapitalized(in); got != want {
			t.Errorf("IsCapitalized(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestNameParticles(t *testing.T) {
	for _, w := range []string{"al-Otaibi", "el-Sisi", "bin-Laden"} {
		if !IsJoinedParticle(w) {
			t.Errorf("IsJoinedParticle(%q) = false", w)
		}
	}
	for _, w := range []string{"al-", "al-qaeda", "Al-Otaibi", "well-known", "Otaibi"} {
		if IsJoinedParticle(w) {
			t.Errorf("IsJoinedParticle(%q) = true", w)
		}
	}
	if !IsNameParticle("von") || !IsNameParticle("della") || IsNameParticle("Von") || IsNameParticle("the") {
		t.Error("IsNameParticle: want von, della and not Von, the")
	}
}
