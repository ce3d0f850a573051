// Package page extracts an article's main text and metadata from its HTML.
package page

import (
	"bytes"
	"strings"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/herald-news/herald/extractors/schema"
)

// Page is what a page yields.
type Page struct {
	Title          string
	Text           string
	Published      time.Time
	SiteName       string
	OriginalSource string
	URL            string
}

// Fill sets the article's empty fields from the page.
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
	if a.URL == "" {
		a.URL = p.URL
	}
	return a
}

// Extract reads a page (UTF-8). First version: the text of its paragraphs.
func Extract(html []byte, url string) (Page, error) {
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(html))
	if err != nil {
		return Page{}, err
	}
	var paras []string
	doc.Find("p").Each(func(_ int, s *goquery.Selection) {
		if t := strings.TrimSpace(s.Text()); t != "" {
			paras = append(paras, t)
		}
	})
	text := strings.Join(paras, "\n\n")
	return Page{Title: strings.TrimSpace(doc.Find("title").First().Text()), Text: text, URL: url,
		OriginalSource: OriginalSource(text)}, nil
}

// OriginalSource returns X from a syndication notice such as "This article
// was originally published by X", or "".
func OriginalSource(text string) string {
	const marker = "originally published by "
	i := strings.Index(text, marker)
	if i < 0 {
		return ""
	}
	rest := text[i+len(marker):]
	end := strings.IndexAny(rest, ".\n")
	if end < 0 {
		return ""
	}
	src := rest[:end]
	if j := strings.Index(src, " and "); j >= 0 {
		src = src[:j]
	}
	return strings.TrimSpace(src)
}
