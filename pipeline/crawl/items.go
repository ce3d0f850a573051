package crawl

import (
	"net/url"
	"regexp"
	"sort"
	"strings"

	"github.com/PuerkitoBio/goquery"
	"github.com/mmcdole/gofeed"

	"github.com/herald-news/herald/extractors/page"
)

// trackingParams are query parameters that say how a reader came to a
// page, not which page it is.
var trackingParams = map[string]bool{
	"fbclid": true, "gclid": true, "dclid": true, "msclkid": true, "yclid": true, "mc_cid": true,
	"mc_eid": true, "igshid": true, "_ga": true, "_gl": true, "ref": true, "ref_src": true,
	"cmpid": true, "ocid": true, "sr_share": true, "spm": true, "at_medium": true, "at_campaign": true,
	"ito": true, "icid": true, "ncid": true, "rss": true, "feed": true, "from": true, "xtor": true,
}

// CanonicalURL is the form of an article URL used to recognise it across
// feeds: scheme and host lower-cased, "www." and the fragment dropped,
// default ports dropped, tracking parameters (utm_*, fbclid, ...) removed
// and the remaining ones sorted.
func CanonicalURL(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Host == "" {
		return strings.TrimSpace(raw)
	}
	u.Scheme = strings.ToLower(u.Scheme)
	if u.Scheme == "http" {
		u.Scheme = "https"
	}
	host := strings.ToLower(u.Hostname())
	for strings.HasPrefix(host, "www.") {
		host = host[len("www."):] // all of them, so that the form is a fixed point
	}
	if host == "" {
		return strings.TrimSpace(raw) // "//:80": a port and no host
	}
	if strings.Contains(host, ":") {
		host = "[" + host + "]" // an IPv6 literal keeps its brackets
	}
	if p := u.Port(); p != "" && p != "80" && p != "443" {
		host += ":" + p
	}
	u.Host = host
	u.Fragment = ""
	u.RawFragment = ""
	q := u.Query()
	for k := range q {
		lk := strings.ToLower(k)
		if strings.HasPrefix(lk, "utm_") || trackingParams[lk] {
			q.Del(k)
		}
	}
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		for _, v := range q[k] {
			if b.Len() > 0 {
				b.WriteByte('&')
			}
			b.WriteString(url.QueryEscape(k) + "=" + url.QueryEscape(v))
		}
	}
	u.RawQuery = b.String()
	u.ForceQuery = false
	if u.Path == "" {
		u.Path = "/"
	}
	return u.String()
}

// itemKeys are the seen-set keys of an item: its GUID within its feed
// (GUIDs are only promised unique per feed), and its canonical URL
// across all feeds. An item is new when none of them is seen.
func itemKeys(feedURL string, it *gofeed.Item) []string {
	var keys []string
	if g := strings.TrimSpace(it.GUID); g != "" {
		keys = append(keys, hashKey("item.", "guid", feedURL, g))
	}
	if l := itemLink(it); l != "" {
		keys = append(keys, hashKey("item.", "url", CanonicalURL(l)))
	}
	return keys
}

func itemLink(it *gofeed.Item) string {
	if l := strings.TrimSpace(it.Link); l != "" {
		return l
	}
	for _, l := range it.Links {
		if l = strings.TrimSpace(l); l != "" {
			return l
		}
	}
	// Some RSS feeds put the permalink only in a GUID.
	if g := strings.TrimSpace(it.GUID); strings.HasPrefix(g, "http://") || strings.HasPrefix(g, "https://") {
		return g
	}
	return ""
}

var xmlEncodingDecl = regexp.MustCompile(`^\s*(?:\xEF\xBB\xBF)?<\?xml[^>]*\bencoding\s*=`)

// feedBody is the feed as gofeed should read it. A feed whose XML
// declaration names its encoding is left alone (gofeed decodes it);
// otherwise the charset of the Content-Type header, or one sniffed from
// bytes that are not UTF-8, turns it into UTF-8 first, as feed readers do.
func feedBody(body []byte, contentType string) []byte {
	head := body
	if len(head) > 512 {
		head = head[:512]
	}
	if xmlEncodingDecl.Match(head) {
		return body
	}
	_, name := page.Charset(body, contentType)
	if name == "utf-8" {
		return body
	}
	s, err := page.Decode(body, contentType)
	if err != nil {
		return body
	}
	return []byte(s)
}

// resolveLinks makes the items' relative links ("/news/1.html", which
// some feeds give) absolute against the feed's own address.
func resolveLinks(feed *gofeed.Feed, feedURL string) {
	base, err := url.Parse(feedURL)
	if err != nil {
		return
	}
	abs := func(l string) string {
		l = strings.TrimSpace(l)
		if l == "" {
			return l
		}
		u, err := url.Parse(l)
		if err != nil || u.IsAbs() {
			return l
		}
		return base.ResolveReference(u).String()
	}
	for _, it := range feed.Items {
		if it == nil {
			continue
		}
		it.Link = abs(it.Link)
		for i := range it.Links {
			it.Links[i] = abs(it.Links[i])
		}
	}
}

// itemText turns an item's HTML content (or summary) into plain text,
// one block a paragraph.
func itemText(it *gofeed.Item) string {
	h := it.Content
	if strings.TrimSpace(h) == "" {
		h = it.Description
	}
	return htmlToText(h)
}

func htmlToText(h string) string {
	if !strings.Contains(h, "<") {
		return page.CleanText(strings.TrimSpace(h))
	}
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(h))
	if err != nil {
		return ""
	}
	doc.Find("script, style, figure, figcaption, img, iframe").Remove()
	doc.Find("p, div, br, li, h1, h2, h3, h4, h5, h6, blockquote, tr").Each(func(_ int, s *goquery.Selection) {
		s.AppendHtml("\n")
	})
	var out []string
	for _, l := range strings.Split(doc.Text(), "\n") {
		if l = strings.Join(strings.Fields(l), " "); l != "" {
			out = append(out, l)
		}
	}
	return page.CleanText(strings.Join(out, "\n\n"))
}
