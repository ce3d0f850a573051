// Package page extracts an article's main text and metadata from its HTML.
//
// It is pure: bytes in, a Page out, no I/O. The generic part of main-text
// extraction is go-trafilatura's (measured best of the maintained Go
// libraries on the article-extraction benchmark, see docs/crawling.md);
// around it the package adds what herald's sources need: charset decoding
// (windows-1251, KOI8-R), JSON-LD NewsArticle, Open Graph and meta tags,
// site rules for Pangea pages (RFE/RL, VOA), line-level boilerplate
// removal and syndication notices.
package page

import (
	"bytes"
	"fmt"
	nurl "net/url"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/PuerkitoBio/goquery"
	trafilatura "github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"
	"golang.org/x/text/unicode/norm"

	"github.com/herald-news/herald/extractors/schema"
)

// Page is what a page yields.
type Page struct {
	Title          string
	Text           string
	Published      time.Time
	Modified       time.Time
	Authors        []string
	Description    string
	SiteName       string
	OriginalSource string
	Language       string
	URL            string
	// Method names how Text was found: "pangea" (site rule), "trafilatura",
	// "jsonld" (the page's own articleBody) or "paragraphs".
	Method string
}

// Fill sets the article's text, and its empty fields, from the page.
func (p Page) Fill(a schema.Article) schema.Article {
	a.Text = p.Text
	if a.Title == "" {
		a.Title = p.Title
	}
	if a.Published.IsZero() {
		a.Published = p.Published
	}
	if a.Source == "" {
		a.Source = p.SiteName
	}
	if a.OriginalSource == "" {
		a.OriginalSource = p.OriginalSource
	}
	if a.Language == "" {
		a.Language = p.Language
	}
	if a.URL == "" {
		a.URL = p.URL
	}
	return a
}

// Extract reads a page. Bytes that are not valid UTF-8 are decoded first
// with Decode (declared or sniffed charset); valid UTF-8 is taken as it is,
// whatever the page's <meta> says, since a fetcher may already have
// converted it.
func Extract(page []byte, url string) (Page, error) {
	if !utf8.Valid(page) {
		s, err := Decode(page, "")
		if err != nil {
			return Page{}, err
		}
		page = []byte(s)
	}
	root, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		return Page{}, fmt.Errorf("parse html: %w", err)
	}
	doc := goquery.NewDocumentFromNode(root)

	p := Page{URL: url}
	meta := readMeta(doc)
	meta.apply(&p)

	// Main text: the site rule where it applies, else the generic
	// extractor; the page's own articleBody when the extractor found
	// nothing or clearly too little of it.
	if text, ok := pangeaText(doc); ok {
		p.Text, p.Method = text, "pangea"
	} else {
		// The link texts are read first: go-trafilatura changes the tree.
		anchors := anchorTexts(doc)
		keepEmbeddedPosts(doc)
		p.Text, p.Method = dropBaselineEcho(genericText(root, url)), "trafilatura"
		p.Text = dropLinkTail(p.Text, anchors)
		p.Text = dropShoutedLinks(p.Text, anchors)
	}
	// go-trafilatura's own baseline may have taken the same articleBody,
	// flattened to one line; the JSON-LD text keeps its paragraphs.
	if body := cleanBlock(meta.ArticleBody); len(body) > 200 && (len(p.Text) < len(body)/3 || foldText(p.Text) == foldText(body)) {
		p.Text, p.Method = body, "jsonld"
	}
	if strings.TrimSpace(p.Text) == "" {
		p.Text, p.Method = paragraphText(doc), "paragraphs"
	}
	if p.Title == "" {
		p.Title = titleOf(doc)
	}
	// NFC, as go-trafilatura's own text output and most gold data are:
	// the same letter is then always the same bytes.
	p.Text = norm.NFC.String(p.Text)
	p.Title = norm.NFC.String(p.Title)
	p.OriginalSource = OriginalSource(p.Text)
	p.Text = CleanText(p.Text)
	return p, nil
}

// genericText runs go-trafilatura with its Readability and DOM Distiller
// fallbacks. Its metadata date search is disabled: readMeta takes dates
// only from declared metadata, never from a guess in the page's prose.
func genericText(root *html.Node, url string) string {
	opts := trafilatura.Options{
		EnableFallback:  true,
		ExcludeComments: true,
		HtmlDateMode:    trafilatura.Disabled,
		Deduplicate:     false,
	}
	if u, err := nurl.ParseRequestURI(url); err == nil && u.Host != "" {
		opts.OriginalURL = u
	}
	res, err := trafilatura.ExtractDocument(root, opts)
	if err != nil || res == nil {
		return ""
	}
	if res.ContentNode == nil {
		return joinLines(res.ContentText)
	}
	return nodeText(res.ContentNode)
}

// dropBaselineEcho removes the last paragraph when it only repeats the
// ones before it run together. On short pages go-trafilatura's baseline
// appends the whole page's text (title included, without spaces between
// blocks) as one more paragraph after the real ones.
func dropBaselineEcho(text string) string {
	const maxTitleBytes = 400
	i := strings.LastIndex(text, "\n\n")
	if i < 0 {
		return text
	}
	squash := func(s string) string {
		return strings.Join(strings.Fields(s), "")
	}
	// The echo is the title, if any, then exactly the paragraphs before.
	before, last := squash(text[:i]), squash(text[i:])
	if before != "" && strings.HasSuffix(last, before) && len(last)-len(before) <= maxTitleBytes {
		return strings.TrimSpace(text[:i])
	}
	return text
}

// blockTags are the elements that start a new paragraph in plain text.
var blockTags = map[string]bool{
	"p": true, "div": true, "h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
	"li": true, "ul": true, "ol": true, "blockquote": true, "pre": true, "table": true, "tr": true,
	"section": true, "article": true, "header": true, "footer": true, "br": true, "hr": true,
	"dd": true, "dt": true, "dl": true, "figure": true, "figcaption": true, "main": true, "body": true,
	"head": true, "quote": true, "list": true, "item": true, "code": false,
}

var spaceBeforePunct = regexp.MustCompile(` +([,.;:!?)\]])`)

// nodeText renders an element's text with one paragraph a block, blocks
// separated by blank lines.
func nodeText(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			b.WriteString(n.Data)
			return
		case html.ElementNode:
			if n.Data == "script" || n.Data == "style" {
				return
			}
		}
		block := n.Type == html.ElementNode && blockTags[n.Data]
		sep := byte(0)
		switch {
		case block:
			sep = '\n'
		case n.Type == html.ElementNode:
			// go-trafilatura trims the text around inline elements; a
			// space puts the word boundary back.
			sep = ' '
		}
		if sep != 0 {
			b.WriteByte(sep)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
		if sep != 0 {
			b.WriteByte(sep)
		}
	}
	walk(n)
	return spaceBeforePunct.ReplaceAllString(joinLines(b.String()), "$1")
}

// pangeaText applies the Pangea rule (RFE/RL, VOA and their services): the
// body is div#article-content div.wsw; embeds, captions and related boxes
// inside it are dropped.
func pangeaText(doc *goquery.Document) (string, bool) {
	body := doc.Find("div#article-content div.wsw").First()
	if body.Length() == 0 {
		return "", false
	}
	body = body.Clone()
	body.Find("div.wsw__embed, figure, figcaption, script, style, noscript, .media-block, .related, aside").Remove()
	var blocks []string
	body.Find("p, h2, h3, h4, li, blockquote").Each(func(_ int, s *goquery.Selection) {
		if s.ParentsFiltered("p, li, blockquote").Length() > 0 {
			return
		}
		if t := normSpace(s.Text()); t != "" {
			blocks = append(blocks, t)
		}
	})
	if len(blocks) == 0 {
		if t := normSpace(body.Text()); t != "" {
			blocks = append(blocks, t)
		}
	}
	if len(blocks) == 0 {
		return "", false
	}
	return strings.Join(blocks, "\n\n"), true
}

// keepEmbeddedPosts turns embedded social posts (the blockquote that
// Twitter/X, Instagram and others leave when their script has not run)
// into plain quotations: in news they are statements, which go-trafilatura
// would drop as social widgets.
func keepEmbeddedPosts(doc *goquery.Document) {
	doc.Find("blockquote.twitter-tweet, blockquote.instagram-media, blockquote.tiktok-embed").Each(func(_ int, s *goquery.Selection) {
		s.RemoveAttr("class")
		s.RemoveAttr("data-instgrm-permalink")
		// Lift it out of the wrappers ("social-media-embed") that hold
		// nothing else but its script.
		for range 3 {
			parent := s.Parent()
			if parent.Length() == 0 || goquery.NodeName(parent) != "div" || parent.Children().Not("script").Length() != 1 {
				break
			}
			parent.Find("script").Remove()
			parent.ReplaceWithSelection(s)
		}
	})
}

// anchorTexts is the set of the page's link texts, folded.
func anchorTexts(doc *goquery.Document) map[string]bool {
	set := map[string]bool{}
	doc.Find("a").Each(func(_ int, s *goquery.Selection) {
		if t := foldText(s.Text()); t != "" {
			set[t] = true
		}
	})
	return set
}

// dropLinkTail removes the run of blocks at the end of the text that
// are "related" and "more stories" boxes: link texts, and the teasers and
// labels beside them. The run must hold at least two links, and a third
// of its blocks must be links, so that an article that simply ends with
// a short line or two keeps them.
func dropLinkTail(text string, anchors map[string]bool) string {
	blocks := strings.Split(text, "\n\n")
	isLink := func(i int) bool {
		if i < 0 || i >= len(blocks) {
			return false
		}
		f := foldText(blocks[i])
		if f == "" {
			return false
		}
		if anchors[f] {
			return true
		}
		// A card whose one link holds headline and teaser together.
		if len(f) >= 20 {
			for a := range anchors {
				if len(a) > len(f) && strings.Contains(a, f) {
					return true
				}
			}
		}
		return false
	}
	cut, links := len(blocks), 0
	for i := len(blocks) - 1; i > 0; i-- {
		b := blocks[i]
		switch {
		case isLink(i):
			links++
		case len(b) < 200 && (isLink(i-1) || isLink(i+1)):
			// a teaser under a linked headline, or a box's label
		default:
			i = 0 // stop
			continue
		}
		cut = i
	}
	// Each link may come with a teaser, and the box with a label or two.
	if links < 2 || 3*links < len(blocks)-cut {
		return text
	}
	return strings.Join(blocks[:cut], "\n\n")
}

// dropShoutedLinks removes paragraphs that are a link of five words or
// more written in capitals: the related headlines and "CLICK HERE TO GET
// THE APP" calls that some sites put between the paragraphs of a story.
// Shorter capitalised links are more often section headings.
func dropShoutedLinks(text string, anchors map[string]bool) string {
	blocks := strings.Split(text, "\n\n")
	out := blocks[:0]
	for _, b := range blocks {
		if len(strings.Fields(b)) >= 5 && isShouted(b) && anchors[foldText(b)] {
			continue
		}
		out = append(out, b)
	}
	return strings.Join(out, "\n\n")
}

// isShouted: nearly every letter is a capital.
func isShouted(s string) bool {
	var upper, lower int
	for _, r := range s {
		switch {
		case unicode.IsUpper(r):
			upper++
		case unicode.IsLower(r):
			lower++
		}
	}
	return upper >= 10 && lower*10 <= upper
}

// foldText compares texts by their letters and digits only.
func foldText(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// paragraphText is the last resort: every <p> of the page.
func paragraphText(doc *goquery.Document) string {
	var paras []string
	doc.Find("p").Each(func(_ int, s *goquery.Selection) {
		if t := normSpace(s.Text()); t != "" {
			paras = append(paras, t)
		}
	})
	return strings.Join(paras, "\n\n")
}

func titleOf(doc *goquery.Document) string {
	if h := normSpace(doc.Find("h1").First().Text()); h != "" {
		return h
	}
	return normSpace(doc.Find("title").First().Text())
}

// joinLines puts one paragraph a line, separated by blank lines, with the
// spaces inside each line normalised.
func joinLines(s string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = normSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n\n")
}

// cleanBlock normalises a text block that may carry its own line breaks
// (JSON-LD articleBody).
func cleanBlock(s string) string {
	return joinLines(strings.ReplaceAll(s, "\r", ""))
}

// normSpace collapses runs of white space (including no-break spaces) to
// one space and trims the ends.
func normSpace(s string) string {
	return strings.Join(strings.FieldsFunc(s, isSpace), " ")
}

func isSpace(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\r', '\f', '\v', '\u00a0', '\u2009', '\u200a', '\u202f', '\u3000', '\u2028', '\u2029', '\u200b', '\ufeff':
		return true
	}
	return false
}
