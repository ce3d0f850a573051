package crawl

import (
	"encoding/xml"
	"fmt"
	"io"
	"net/url"
	"strings"

	"golang.org/x/net/html/charset"
)

type opmlOutline struct {
	Text     string        `xml:"text,attr"`
	Title    string        `xml:"title,attr"`
	Type     string        `xml:"type,attr"`
	XMLURL   string        `xml:"xmlUrl,attr"`
	Language string        `xml:"language,attr"`
	Outlines []opmlOutline `xml:"outline"`
}

// ParseOPML reads the feed list every feed reader exports: each outline
// with an http(s) xmlUrl is a feed, its title (or text) the source, nested
// outlines (folders) included. Feeds listed twice are kept once; other
// schemes (file:, javascript:) are left out.
func ParseOPML(r io.Reader) ([]Feed, error) {
	var doc struct {
		XMLName xml.Name      `xml:"opml"`
		Body    []opmlOutline `xml:"body>outline"`
	}
	dec := xml.NewDecoder(r)
	dec.CharsetReader = charset.NewReaderLabel
	dec.Strict = false
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("read opml: %w", err)
	}
	var out []Feed
	seen := map[string]bool{}
	var walk func([]opmlOutline)
	walk = func(os []opmlOutline) {
		for _, o := range os {
			u := strings.TrimSpace(o.XMLURL)
			if isHTTP(u) && !seen[u] {
				seen[u] = true
				src := strings.TrimSpace(o.Title)
				if src == "" {
					src = strings.TrimSpace(o.Text)
				}
				out = append(out, Feed{URL: u, Source: src, Language: o.Language})
			}
			walk(o.Outlines)
		}
	}
	walk(doc.Body)
	return out, nil
}

// isHTTP reports a well-formed http(s) URL with a host: what the crawler
// can fetch.
func isHTTP(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}
