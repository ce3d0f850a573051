package quotes

import (
	"unicode"
	"unicode/utf8"
)

// seg is one top-level quotation inside one paragraph.
type seg struct {
	open       int  // byte offset of the opening mark
	close      int  // byte offset of the closing mark; the paragraph's end when it has none
	closeEnd   int  // byte offset after the closing mark
	start, end int  // the quoted words, marks and outer spaces trimmed
	para       int  // index of the paragraph
	closed     bool // whether a closing mark was found
	cont       bool // continues an unclosed quotation of the previous paragraph
}

// mark is an opening quotation mark waiting for its closer.
type mark struct {
	pos, size int
	single    bool
}

// scanParagraph finds the top-level quotations of s[ps:pe].
//
// Curly marks say which way they face; straight ones are told apart by
// what surrounds them: an opening mark follows a space, a bracket or
// another opening mark and precedes a word, a closing mark does the
// reverse. Two apostrophes or two backticks in a row are a double mark,
// as some archives write it. A single closing mark (’ or ') closes only a
// single quotation that is open and only when no letter follows, so that
// "weren’t" and "Russia’s" stay words. A double quotation still open at
// the paragraph's end runs to it (quotations over several paragraphs omit
// the closing mark); a single one is then taken to have been an
// apostrophe and dropped.
func scanParagraph(s string, ps, pe, para int) []seg {
	var out []seg
	var stack []mark
	emit := func(m mark, close, closeEnd int, closed bool) {
		g := seg{open: m.pos, close: close, closeEnd: closeEnd, para: para, closed: closed}
		g.start, g.end = trimSpace(s, m.pos+m.size, close)
		if g.start < g.end {
			out = append(out, g)
		}
	}
	// popTo closes the innermost open mark of the given kind and everything
	// opened after it.
	popTo := func(single bool, i, n int) bool {
		for k := len(stack) - 1; k >= 0; k-- {
			if stack[k].single != single {
				continue
			}
			m := stack[k]
			stack = stack[:k]
			if k == 0 {
				emit(m, i, i+n, true)
			}
			return true
		}
		return false
	}
	hasOpen := func(single bool) bool {
		for _, m := range stack {
			if m.single == single {
				return true
			}
		}
		return false
	}
	for i := ps; i < pe; {
		r, n := utf8.DecodeRuneInString(s[i:pe])
		prev := ' '
		if i > ps {
			prev, _ = utf8.DecodeLastRuneInString(s[ps:i])
		}
		next := ' '
		if i+n < pe {
			next, _ = utf8.DecodeRuneInString(s[i+n : pe])
		}
		switch {
		case r == '“' || r == '„' || r == '«':
			stack = append(stack, mark{pos: i, size: n})
		case r == '”' || r == '»':
			popTo(false, i, n)
		case r == '`' && next == '`':
			n = 2
			stack = append(stack, mark{pos: i, size: n})
		case r == '"' || (r == '\'' && next == '\''):
			if r == '\'' {
				n = 2
				if i+n < pe {
					next, _ = utf8.DecodeRuneInString(s[i+n : pe])
				} else {
					next = ' '
				}
			}
			opening := opensBefore(prev) && !unicode.IsSpace(next)
			closing := !unicode.IsSpace(prev) || closesBefore(next)
			switch {
			case hasOpen(false) && (closing || !opening):
				popTo(false, i, n)
			case opening || !hasOpen(false) && !closing:
				stack = append(stack, mark{pos: i, size: n})
			}
		case r == '‘':
			if !unicode.IsDigit(next) && !unicode.IsSpace(next) {
				stack = append(stack, mark{pos: i, size: n, single: true})
			}
		case r == '’' || r == '\'':
			switch {
			case hasOpen(true) && !isWordRune(next) && !unicode.IsSpace(prev) && !pluralPossessive(s, i, n, pe, r):
				popTo(true, i, n)
			case r == '\'' && opensBefore(prev) && unicode.IsLetter(next) && !elision(s[i+n:pe]):
				stack = append(stack, mark{pos: i, size: n, single: true})
			}
		}
		i += n
	}
	// What is still open at the paragraph's end: the outermost double
	// quotation runs to the end; single marks were apostrophes.
	for k, m := range stack {
		if !m.single {
			if k == 0 {
				emit(m, pe, pe, false)
			}
			break
		}
	}
	return out
}

// pluralPossessive reports an apostrophe after a plural ("the inspectors’
// call") inside a single quotation: an s before it, a lower-case word after
// it, and the same mark closing later in the paragraph.
func pluralPossessive(s string, i, n, pe int, r rune) bool {
	if i == 0 || s[i-1] != 's' || i+n+1 >= pe || s[i+n] != ' ' {
		return false
	}
	w, _ := utf8.DecodeRuneInString(s[i+n+1 : pe])
	if !unicode.IsLower(w) {
		return false
	}
	rest := s[i+n : pe]
	for k := 0; k < len(rest); {
		c, m := utf8.DecodeRuneInString(rest[k:])
		if c == r {
			after := ' '
			if k+m < len(rest) {
				after, _ = utf8.DecodeRuneInString(rest[k+m:])
			}
			if !isWordRune(after) {
				return true
			}
		}
		k += m
	}
	return false
}

// opensBefore reports whether an opening mark may follow r.
func opensBefore(r rune) bool {
	switch r {
	case '(', '[', '{', '“', '‘', '"', '\'', '—', '–', '-', ':', '/':
		return true
	}
	return unicode.IsSpace(r)
}

// closesBefore reports whether a closing mark may precede r.
func closesBefore(r rune) bool {
	if unicode.IsSpace(r) {
		return true
	}
	switch r {
	case '.', ',', ';', ':', '?', '!', ')', ']', '”', '’', '"', '\'', '—', '–', '-', '…':
		return true
	}
	return false
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// elision reports the clipped words that begin with an apostrophe.
func elision(s string) bool {
	for _, w := range []string{"em", "til", "cause", "n", "tis", "twas", "bout"} {
		if len(s) >= len(w) && equalFoldASCII(s[:len(w)], w) {
			if len(s) == len(w) {
				return true
			}
			r, _ := utf8.DecodeRuneInString(s[len(w):])
			if !unicode.IsLetter(r) {
				return true
			}
		}
	}
	return false
}

func equalFoldASCII(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}

// trimSpace trims spaces from both ends of s[a:b].
func trimSpace(s string, a, b int) (int, int) {
	for a < b {
		r, n := utf8.DecodeRuneInString(s[a:b])
		if !unicode.IsSpace(r) {
			break
		}
		a += n
	}
	for b > a {
		r, n := utf8.DecodeLastRuneInString(s[a:b])
		if !unicode.IsSpace(r) {
			break
		}
		b -= n
	}
	return a, b
}
