package page

import (
	"encoding/json"
	"strings"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/herald-news/herald/extractors/dates"
)

// meta is what a page declares about itself, strongest source first:
// JSON-LD, then Open Graph and article: tags, then plain meta tags and the
// visible date element.
type meta struct {
	Title       string
	Published   time.Time
	Modified    time.Time
	Authors     []string
	Description string
	SiteName    string
	URL         string
	Language    string
	ArticleBody string
}

func (m meta) apply(p *Page) {
	p.Title = m.Title
	p.Published = m.Published
	p.Modified = m.Modified
	p.Authors = m.Authors
	p.Description = m.Description
	p.SiteName = m.SiteName
	p.Language = m.Language
	if p.URL == "" {
		p.URL = m.URL
	}
}

// articleTypes are the schema.org types whose JSON-LD describes the page's
// article.
var articleTypes = map[string]bool{
	"NewsArticle": true, "Article": true, "ReportageNewsArticle": true,
	"AnalysisNewsArticle": true, "OpinionNewsArticle": true, "BackgroundNewsArticle": true,
	"BlogPosting": true, "Report": true, "ScholarlyArticle": true, "TechArticle": true,
	"LiveBlogPosting": true, "SocialMediaPosting": true,
}

func readMeta(doc *goquery.Document) meta {
	var m meta
	doc.Find(`script[type="application/ld+json"]`).Each(func(_ int, s *goquery.Selection) {
		var v any
		if json.Unmarshal([]byte(strings.TrimSpace(s.Text())), &v) != nil {
			return
		}
		for _, obj := range ldObjects(v) {
			if !isArticle(obj["@type"]) {
				continue
			}
			setStr(&m.Title, ldString(obj["headline"]))
			setStr(&m.Title, ldString(obj["name"]))
			setTime(&m.Published, ldString(obj["datePublished"]))
			setTime(&m.Modified, ldString(obj["dateModified"]))
			if len(m.Authors) == 0 {
				m.Authors = ldNames(obj["author"])
			}
			setStr(&m.Description, ldString(obj["description"]))
			setStr(&m.ArticleBody, ldString(obj["articleBody"]))
			setStr(&m.Language, ldString(obj["inLanguage"]))
			setStr(&m.URL, ldString(obj["url"]))
			if pub, ok := obj["publisher"].(map[string]any); ok {
				setStr(&m.SiteName, ldString(pub["name"]))
			}
		}
	})
	metaContent := func(sel string) string {
		return normSpace(doc.Find(sel).First().AttrOr("content", ""))
	}
	setStr(&m.Title, metaContent(`meta[property="og:title"]`))
	setStr(&m.Title, metaContent(`meta[name="twitter:title"]`))
	setStr(&m.SiteName, metaContent(`meta[property="og:site_name"]`))
	setStr(&m.URL, metaContent(`meta[property="og:url"]`))
	setStr(&m.URL, doc.Find(`link[rel="canonical"]`).First().AttrOr("href", ""))
	setStr(&m.Description, metaContent(`meta[property="og:description"]`))
	setStr(&m.Description, metaContent(`meta[name="description"]`))
	for _, sel := range []string{
		`meta[property="article:published_time"]`, `meta[name="article:published_time"]`,
		`meta[itemprop="datePublished"]`, `meta[name="pubdate"]`, `meta[name="publishdate"]`,
		`meta[name="date"]`, `meta[name="dc.date"]`, `meta[name="DC.date.issued"]`,
	} {
		setTime(&m.Published, metaContent(sel))
	}
	setTime(&m.Published, doc.Find(".published time[datetime], time.published[datetime], time[pubdate][datetime], time[itemprop=datePublished][datetime]").First().AttrOr("datetime", ""))
	setTime(&m.Modified, metaContent(`meta[property="article:modified_time"]`))
	if len(m.Authors) == 0 {
		if a := metaContent(`meta[name="author"]`); a != "" {
			m.Authors = []string{a}
		}
	}
	if m.Language == "" {
		m.Language = normSpace(doc.Find("html").First().AttrOr("lang", ""))
	}
	m.Title = normSpace(m.Title)
	return m
}

// ldObjects flattens a JSON-LD value: arrays, @graph lists and nested
// mainEntity objects.
func ldObjects(v any) []map[string]any {
	var out []map[string]any
	var walk func(v any, depth int)
	walk = func(v any, depth int) {
		if depth > 4 {
			return
		}
		switch t := v.(type) {
		case []any:
			for _, x := range t {
				walk(x, depth+1)
			}
		case map[string]any:
			out = append(out, t)
			if g, ok := t["@graph"]; ok {
				walk(g, depth+1)
			}
			if me, ok := t["mainEntity"]; ok {
				walk(me, depth+1)
			}
		}
	}
	walk(v, 0)
	return out
}

func isArticle(t any) bool {
	switch v := t.(type) {
	case string:
		return articleTypes[v]
	case []any:
		for _, x := range v {
			if s, ok := x.(string); ok && articleTypes[s] {
				return true
			}
		}
	}
	return false
}

func ldString(v any) string {
	switch t := v.(type) {
	case string:
		return strings.TrimSpace(t)
	case []any:
		if len(t) > 0 {
			return ldString(t[0])
		}
	case map[string]any:
		if s, ok := t["@value"].(string); ok {
			return s
		}
	}
	return ""
}

func ldNames(v any) []string {
	var out []string
	switch t := v.(type) {
	case string:
		if s := normSpace(t); s != "" {
			out = append(out, s)
		}
	case map[string]any:
		if s := normSpace(ldString(t["name"])); s != "" {
			out = append(out, s)
		}
	case []any:
		for _, x := range t {
			out = append(out, ldNames(x)...)
		}
	}
	return out
}

func setStr(dst *string, v string) {
	if *dst == "" {
		*dst = v
	}
}

func setTime(dst *time.Time, v string) {
	if !dst.IsZero() || v == "" {
		return
	}
	if t, ok := ParseTime(v); ok {
		*dst = t
	}
}

// ParseTime reads the date formats pages declare in their metadata: those
// dates.ParsePublished reads, keeping the zone they were written with.
func ParseTime(s string) (time.Time, bool) {
	t, err := dates.ParsePublished(s)
	return t, err == nil
}
