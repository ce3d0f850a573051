package page

import (
	"regexp"
	"strings"
)

// boilerplate matches whole lines that are about the site, not the story:
// calls to join, follow, subscribe or share, and advertising markers. A
// line is dropped only when the whole of it matches, so a sentence that
// mentions Telegram in passing stays.
var boilerplate = []*regexp.Regexp{
	regexp.MustCompile(`(?i)^(please\s+)?(join|follow|subscribe to|sign up (for|to)|like)\s+(us|our)\b.{0,80}\b(telegram|twitter|x|facebook|instagram|youtube|whatsapp|vk|tiktok|channel|newsletter|page|feed|account)\b.{0,60}$`),
	regexp.MustCompile(`(?i)^(subscribe|sign up)\b.{0,60}\b(newsletter|updates|channel|daily|weekly)\b.{0,40}$`),
	regexp.MustCompile(`(?i)^(share|share this|share this (article|story|post)|tweet|email|print|comments?|advertisement|advertising|sponsored( content)?|read more|related( (articles|stories|content))?|see also)\s*:?$`),
	regexp.MustCompile(`(?i)^(click|tap) here to\b.{0,80}$`),
	// Cross-links set between paragraphs: "Read more: Looted colonial art".
	regexp.MustCompile(`(?i)^(read more|read also|also read|see also|related|more on this|watch)\s*:\s*.{1,120}$`),
	// App promotions: "... download the Nationnews apps for iOS and Android."
	regexp.MustCompile(`(?i)^.{0,80}\b(download|get)\b.{0,40}\bapps?\b.{0,20}\b(for|on|in) (the )?(ios|android|iphone|app store|google play)\b.{0,40}$`),
	regexp.MustCompile(`(?i)^(get|download) (our|the) (app|free app)\b.{0,60}$`),
	// Sign-up forms' messages.
	regexp.MustCompile(`(?i)^thanks?( you)? for (signing up|subscribing|registering)\b.{0,40}$`),
	regexp.MustCompile(`(?i)^there was (an|a problem|an error) (processing|with) your (subscription|sign-?up|request)\b.{0,20}$`),
	regexp.MustCompile(`(?i)^keep an eye on your inbox\b.{0,60}$`),
	// A line that is nothing but a URL.
	regexp.MustCompile(`^(https?://|www\.)\S+$`),
}

// CleanText drops boilerplate lines ("Join our brand new verified AMN
// Telegram channel ...", "Share this article", "Advertisement") from plain
// text, and runs of blank lines they leave behind.
func CleanText(text string) string {
	lines := strings.Split(text, "\n")
	out := lines[:0]
	blank := 0
	for _, l := range lines {
		t := strings.TrimSpace(l)
		if t != "" && isBoilerplate(t) {
			continue
		}
		if t == "" {
			blank++
			if blank > 1 || len(out) == 0 {
				continue
			}
		} else {
			blank = 0
		}
		out = append(out, l)
	}
	for len(out) > 0 && strings.TrimSpace(out[len(out)-1]) == "" {
		out = out[:len(out)-1]
	}
	return strings.Join(out, "\n")
}

func isBoilerplate(line string) bool {
	if len(line) > 200 {
		return false
	}
	for _, re := range boilerplate {
		if re.MatchString(line) {
			return true
		}
	}
	return false
}

// syndication matches notices naming where a reprinted article first
// appeared; the group is the source.
var syndication = []*regexp.Regexp{
	regexp.MustCompile(`(?i)\b(?:was|is|were|has been)?\s*(?:originally|first)\s+(?:published|appeared|posted|ran)\s+(?:by|on|in|at)\s+([^.\n;(]+?)(?:\s+(?:and|on|at|under|with|website|site|\(|,|–|—)|[.\n;]|$)`),
	regexp.MustCompile(`(?i)\b(?:republished|reprinted|reposted)\s+(?:with permission\s+)?(?:from|by courtesy of|courtesy of)\s+([^.\n;(]+?)(?:\s+(?:and|under|with|\()|[.\n;,]|$)`),
	regexp.MustCompile(`(?i)\bcopyright\s+(?:\(c\)|©)?\s*(?:\d{4}\s+)?(?:by\s+)?([A-Z][^.\n;]+?)\.?\s+(?:used|reprinted|republished)\s+with\s+(?:the\s+)?permission\b`),
}

// OriginalSource returns X from a syndication notice such as "This article
// was originally published by X and is reprinted with permission", "first
// appeared on X", "Republished with permission from X", or "".
func OriginalSource(text string) string {
	text = strings.Map(func(r rune) rune {
		if isSpace(r) && r != '\n' {
			return ' '
		}
		return r
	}, text)
	for _, re := range syndication {
		m := re.FindStringSubmatch(text)
		if m == nil {
			continue
		}
		src := strings.TrimSpace(strings.Trim(m[1], ` "'“”‘’`))
		if src == "" || len(src) > 80 {
			continue
		}
		return src
	}
	return ""
}
