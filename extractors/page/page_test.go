package page

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"github.com/herald-news/herald/extractors/schema"
)

var update = flag.Bool("update", false, "rewrite the testdata/*.html-result golden files")

// TestGolden extracts each testdata/*.html and compares the text with
// its .html-result file.
func TestGolden(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.html"))
	if len(files) == 0 {
		t.Fatal("no testdata pages")
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			p, err := Extract(b, "https://example.org/"+filepath.Base(f))
			if err != nil {
				t.Fatal(err)
			}
			golden := f + "-result"
			if *update {
				if err := os.WriteFile(golden, []byte(p.Text+"\n"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if p.Text+"\n" != string(want) {
				t.Errorf("text differs from %s (go test -update to accept):\n%s", golden, p.Text)
			}
		})
	}
}

func TestPangeaPage(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "pangea.html"))
	if err != nil {
		t.Fatal(err)
	}
	p, err := Extract(b, "")
	if err != nil {
		t.Fatal(err)
	}
	if p.Method != "pangea" {
		t.Errorf("method %q", p.Method)
	}
	if p.Title != "Talks On Missile Pact End Without Progress" || p.SiteName != "Example Free Radio" {
		t.Errorf("title %q site %q", p.Title, p.SiteName)
	}
	if want := time.Date(2019, 1, 16, 9, 30, 0, 0, time.UTC); !p.Published.Equal(want) {
		t.Errorf("published %s", p.Published)
	}
	if len(p.Authors) != 1 || p.Authors[0] != "Jane Reporter" || p.Language != "en" {
		t.Errorf("authors %v language %q", p.Authors, p.Language)
	}
	if p.URL != "https://news.example.org/a/talks-missile-pact/12345.html" {
		t.Errorf("url %q", p.URL)
	}
	for _, bad := range []string{"launcher on display", "Read also", "Delegates arrive", "Another story", "Home", "Copyright"} {
		if strings.Contains(p.Text, bad) {
			t.Errorf("text keeps %q", bad)
		}
	}
	if !strings.HasPrefix(p.Text, "GENEVA -- Negotiators") || !strings.Contains(p.Text, "5,500 kilometers.") {
		t.Errorf("text %q", p.Text)
	}
	a := p.Fill(schema.Article{Title: "From the feed"})
	if a.Title != "From the feed" || a.Source != "Example Free Radio" || a.Text != p.Text {
		t.Errorf("fill %+v", a)
	}
}

func TestReprintPage(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "reprint.html"))
	if err != nil {
		t.Fatal(err)
	}
	p, err := Extract(b, "https://reprint.example.com/2019/01/envoy")
	if err != nil {
		t.Fatal(err)
	}
	if p.OriginalSource != "Example Free Radio" {
		t.Errorf("original source %q", p.OriginalSource)
	}
	if strings.Contains(p.Text, "Telegram") || strings.Contains(p.Text, "Most read") || strings.Contains(p.Text, "Share on") {
		t.Errorf("boilerplate kept: %q", p.Text)
	}
	if !strings.Contains(p.Text, "had not broken any new ground") {
		t.Errorf("text %q", p.Text)
	}
	if want := time.Date(2019, 1, 17, 8, 0, 0, 0, time.UTC); !p.Published.Equal(want) {
		t.Errorf("published %s", p.Published)
	}
}

const russian = "Министр иностранных дел России заявил, что переговоры о договоре продолжатся в Женеве на следующей неделе."

func TestDecode(t *testing.T) {
	page := func(meta string) string {
		return "<html><head>" + meta + "</head><body><p>" + russian + "</p></body></html>"
	}
	enc := func(cm *charmap.Charmap, s string) []byte {
		b, err := cm.NewEncoder().Bytes([]byte(s))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	for _, tc := range []struct {
		name        string
		body        []byte
		contentType string
	}{
		{"cp1251 header", enc(charmap.Windows1251, page("")), "text/html; charset=windows-1251"},
		{"cp1251 alias", enc(charmap.Windows1251, page("")), "text/html; charset=cp1251"},
		{"cp1251 meta", enc(charmap.Windows1251, page(`<meta charset="windows-1251">`)), ""},
		{"cp1251 late meta", enc(charmap.Windows1251, "<html><head><script>"+strings.Repeat("var a=1;", 300)+"</script>"+`<meta http-equiv="content-type" content="text/html; charset=windows-1251">`+"</head><body><p>"+russian+"</p></body></html>"), ""},
		{"cp1251 sniffed", enc(charmap.Windows1251, page("")), "text/html"},
		{"koi8-r header", enc(charmap.KOI8R, page("")), "text/html; charset=KOI8-R"},
		{"koi8-r meta", enc(charmap.KOI8R, page(`<meta http-equiv="Content-Type" content="text/html; charset=koi8-r">`)), ""},
		{"koi8-r sniffed", enc(charmap.KOI8R, page("")), ""},
		{"utf-8 BOM", append([]byte{0xEF, 0xBB, 0xBF}, page("")...), "text/html; charset=windows-1251"},
		{"utf-8 with stale meta", []byte(page(`<meta charset="windows-1251">`)), ""},
		{"utf-8", []byte(page("")), ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := Decode(tc.body, tc.contentType)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(s, russian) {
				t.Fatalf("decoded %q", s)
			}
			p, err := Extract(tc.body, "")
			if tc.contentType == "" && (err != nil || !strings.Contains(p.Text, russian)) {
				t.Fatalf("Extract: %q, %v", p.Text, err)
			}
		})
	}
	// Latin text with an accent here and there is windows-1252, not
	// Cyrillic.
	latin := enc(charmap.Windows1252, "<p>Caf\u00e9 cr\u00e8me, na\u00efve r\u00e9sum\u00e9 \u00e0 la fa\u00e7on fran\u00e7aise.</p>")
	if s, _ := Decode(latin, ""); !strings.Contains(s, "Café crème, naïve résumé") {
		t.Errorf("latin sniffed as %q", s)
	}
}

func TestCleanText(t *testing.T) {
	in := "Join our brand new verified AMN Telegram channel and get important news uncensored!\n\nFirst paragraph.\n\nShare this article\n\nAdvertisement\n\nThe minister said on Telegram that talks would go on.\n\nFollow us on Twitter @example\n\nLast paragraph."
	want := "First paragraph.\n\nThe minister said on Telegram that talks would go on.\n\nLast paragraph."
	if got := CleanText(in); got != want {
		t.Errorf("CleanText:\n%q\nwant\n%q", got, want)
	}
}

func TestCleanTextCrossLinksAndPromotions(t *testing.T) {
	for line, drop := range map[string]bool{
		"Read more: Looted colonial art: Germany to set up new contact office":                             true,
		"See also: The treaty's history":                                                                   true,
		"For the latest stories and breaking news updates download the Example apps for iOS and Android.":  true,
		"Health officials urged residents to download the contact-tracing app, which 2 million have done.": false,
		"Read more about the treaty in our explainer, which sets out what each side has said.":             false,
	} {
		got := CleanText("Body.\n\n" + line)
		if dropped := got == "Body."; dropped != drop {
			t.Errorf("%q: dropped=%v, want %v", line, dropped, drop)
		}
	}
}

func TestOriginalSource(t *testing.T) {
	for in, want := range map[string]string{
		"This article was originally published by Radio Free Europe/Radio Liberty and is reprinted with permission.": "Radio Free Europe/Radio Liberty",
		"Text.\n\nThis story originally appeared on The Conversation.":                                               "The Conversation",
		"This article first appeared in Eurasianet":                                                                  "Eurasianet",
		"Republished with permission from Voice of America.":                                                         "Voice of America",
		"Copyright (c) 2019. RFE/RL, Inc. Used with the permission of Radio Free Europe/Radio Liberty":               "",
		"No notice here.": "",
	} {
		if got := OriginalSource(in); got != want {
			t.Errorf("OriginalSource(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestSeedArticle checks the boilerplate and syndication rules on the
// project's seed article (read from ../shared, never copied).
func TestSeedArticle(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "..", "shared", "gold", "seed", "amn-inf-impasse.txt"))
	if err != nil {
		t.Skip("seed article not found beside the project:", err)
	}
	text := string(b)
	if got := OriginalSource(text); got != "Radio Free Europe/Radio Liberty" {
		t.Errorf("original source %q", got)
	}
	clean := CleanText(text)
	if strings.Contains(clean, "Telegram channel") || !strings.Contains(clean, "Andrea Thompson") {
		t.Errorf("cleaned seed starts %q", clean[:min(200, len(clean))])
	}
}

func FuzzExtractPage(f *testing.F) {
	for _, name := range []string{"pangea.html", "reprint.html"} {
		if b, err := os.ReadFile(filepath.Join("testdata", name)); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte(`<html><head><meta charset="koi8-r"></head><body><p>` + "\xf0\xd2\xc9\xd7\xc5\xd4" + `</p></body></html>`))
	f.Add([]byte(`<script type="application/ld+json">[{"@graph":[{"@type":["NewsArticle"],"headline":1,"author":{"name":["x"]},"articleBody":"b"}]}]</script>`))
	f.Add([]byte("<div id=article-content><div class=wsw><p><p><li>x</div>"))
	f.Add([]byte{0xff, 0xfe, 0x3c, 0x00})
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := Extract(b, "https://example.org/x")
		if err != nil {
			return
		}
		if !utf8.ValidString(p.Text) || !utf8.ValidString(p.Title) {
			t.Fatalf("invalid UTF-8 out: %q", p.Text)
		}
		_ = CleanText(p.Text)
	})
}

// TestEmbeddedPostKept: an embedded post is a statement, not a widget.
func TestEmbeddedPostKept(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "embedded-post.html"))
	if err != nil {
		t.Fatal(err)
	}
	p, err := Extract(b, "https://daily.example.com/governor")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(p.Text, "So I think that is working.") || !strings.Contains(p.Text, "treatment programmes") {
		t.Errorf("text %q", p.Text)
	}
	if strings.Contains(p.Text, "widgets.js") {
		t.Errorf("script kept: %q", p.Text)
	}
}

func TestDropShoutedLinks(t *testing.T) {
	text := "First paragraph of the story.\n\nSENATOR ELIMINATED FROM DANCE SHOW AFTER FIVE WEEKS\n\nGENERAL SETTINGS MENU\n\nSecond paragraph of the story."
	anchors := map[string]bool{
		foldText("SENATOR ELIMINATED FROM DANCE SHOW AFTER FIVE WEEKS"): true,
		foldText("GENERAL SETTINGS MENU"):                               true,
	}
	want := "First paragraph of the story.\n\nGENERAL SETTINGS MENU\n\nSecond paragraph of the story."
	if got := dropShoutedLinks(text, anchors); got != want {
		t.Errorf("got %q", got)
	}
	// Not a link: kept.
	if got := dropShoutedLinks(text, nil); got != text {
		t.Errorf("unlinked capitals dropped: %q", got)
	}
}

func TestDropLinkTail(t *testing.T) {
	body := "A long paragraph of the story that goes on for a while and ends with a full stop, as paragraphs do."
	text := body + "\n\nMore stories\n\nFirst related headline\n\nIts teaser line\n\nSecond related headline\n\nAnother teaser"
	anchors := map[string]bool{foldText("First related headline"): true, foldText("Second related headline"): true}
	if got := dropLinkTail(text, anchors); got != body {
		t.Errorf("got %q", got)
	}
	// One link at the end is not a box.
	one := body + "\n\nRead the report"
	if got := dropLinkTail(one, map[string]bool{foldText("Read the report"): true}); got != one {
		t.Errorf("single link dropped: %q", got)
	}
}

// TestJSONLDBodyWhenPageIsEmpty: a page rendered by script carries its
// text only in JSON-LD; the extractor falls back to it.
func TestJSONLDBodyWhenPageIsEmpty(t *testing.T) {
	body := "First paragraph of a story that a script would render into the page.\n\nSecond paragraph, which says more about what happened and who said it, at some length so that it counts as the body of an article and not as a teaser."
	ld, _ := json.Marshal(map[string]any{
		"@context": "https://schema.org",
		"@graph": []any{
			map[string]any{"@type": "WebSite", "name": "Example"},
			map[string]any{"@type": []any{"NewsArticle"}, "headline": "Script-rendered story",
				"datePublished": "2019-02-01T10:00:00+01:00", "articleBody": body,
				"author": map[string]any{"@type": "Person", "name": "A. Writer"}},
		},
	})
	html := `<html><head><script type="application/ld+json">` + string(ld) + `</script></head><body><div id="app"></div><noscript>Enable JavaScript</noscript></body></html>`
	p, err := Extract([]byte(html), "https://example.org/story")
	if err != nil {
		t.Fatal(err)
	}
	if p.Method != "jsonld" || p.Text != body || p.Title != "Script-rendered story" || p.Authors[0] != "A. Writer" {
		t.Errorf("%+v", p)
	}
	if want := time.Date(2019, 2, 1, 9, 0, 0, 0, time.UTC); !p.Published.Equal(want) {
		t.Errorf("published %s", p.Published)
	}
}
