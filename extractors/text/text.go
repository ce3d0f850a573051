// Package text splits an article's plain text into paragraphs, sentences and
// tokens, keeping UTF-8 byte offsets into the original string. Every
// extractor works from one Doc, so the text is segmented once per article.
//
// The segmenter is written by hand rather than taken from prose: herald needs
// byte offsets on every token and sentence, news abbreviations ("U.S.",
// "Gen.", "Jan.") handled, and curly quotes kept as tokens of their own, and it
// runs on every article in the hot path.
package text

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Token is one word, number or punctuation mark.
type Token struct {
	Text  string
	Start int // byte offset of the first byte
	End   int // byte offset after the last byte
}

// Span is a stretch of the text, [Start, End) in bytes, with the indexes of
// the tokens it holds, [First, Last).
type Span struct {
	Start, End  int
	First, Last int
}

// Doc is a segmented text.
type Doc struct {
	Text       string
	Tokens     []Token
	Sentences  []Span
	Paragraphs []Span
}

// Parse segments s.
func Parse(s string) *Doc {
	d := &Doc{Text: s}
	d.Tokens = Tokenize(s)
	d.Paragraphs = d.paragraphs()
	for _, p := range d.Paragraphs {
		d.Sentences = append(d.Sentences, d.sentences(p)...)
	}
	return d
}

// SentenceAt returns the index of the sentence holding byte offset off, or -1.
func (d *Doc) SentenceAt(off int) int {
	lo, hi := 0, len(d.Sentences)
	for lo < hi {
		m := (lo + hi) / 2
		switch s := d.Sentences[m]; {
		case off < s.Start:
			hi = m
		case off >= s.End:
			lo = m + 1
		default:
			return m
		}
	}
	return -1
}

// TokenAt returns the index of the first token that ends after byte offset
// off, or len(d.Tokens).
func (d *Doc) TokenAt(off int) int {
	lo, hi := 0, len(d.Tokens)
	for lo < hi {
		m := (lo + hi) / 2
		if d.Tokens[m].End <= off {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// SpanText returns the text of s.
func (d *Doc) SpanText(s Span) string { return d.Text[s.Start:s.End] }

// paragraphs splits at line breaks: feeds, pages and archives give one
// paragraph a line, and a blank line is no different from one break.
func (d *Doc) paragraphs() []Span {
	var out []Span
	start := 0
	for start < len(d.Text) {
		end := strings.IndexByte(d.Text[start:], '\n')
		if end < 0 {
			end = len(d.Text)
		} else {
			end += start
		}
		a, b := trimSpan(d.Text, start, end)
		if a < b {
			out = append(out, Span{Start: a, End: b, First: d.TokenAt(a), Last: d.TokenAt(b)})
		}
		start = end + 1
	}
	return out
}

func trimSpan(s string, a, b int) (int, int) {
	for a < b {
		r, n := utf8.DecodeRuneInString(s[a:])
		if !unicode.IsSpace(r) {
			break
		}
		a += n
	}
	for b > a {
		r, n := utf8.DecodeLastRuneInString(s[:b])
		if !unicode.IsSpace(r) {
			break
		}
		b -= n
	}
	return a, b
}

// sentences splits one paragraph at sentence-final punctuation.
func (d *Doc) sentences(p Span) []Span {
	var out []Span
	first := p.First
	for i := p.First; i < p.Last; i++ {
		if !d.endsSentence(i, p.Last) {
			continue
		}
		// Closing quotes and brackets belong to the sentence they close.
		j := i + 1
		for j < p.Last && isCloser(d.Tokens[j].Text) && d.Tokens[j].Start == d.Tokens[j-1].End {
			j++
		}
		out = append(out, Span{Start: d.Tokens[first].Start, End: d.Tokens[j-1].End, First: first, Last: j})
		first = j
		i = j - 1
	}
	if first < p.Last {
		out = append(out, Span{Start: d.Tokens[first].Start, End: d.Tokens[p.Last-1].End, First: first, Last: p.Last})
	}
	return out
}

func (d *Doc) endsSentence(i, last int) bool {
	t := d.Tokens[i].Text
	switch {
	case t == "!" || t == "?":
	case t == "." || t == "…":
	case strings.HasSuffix(t, ".") && len(t) > 1:
		// An abbreviation that swallowed the full stop ("U.S.") ends a
		// sentence only when a capitalised word that is no name follows;
		// that cannot be told apart, so keep the common title cases open.
		if IsTitleAbbrev(t) || isInitial(t) {
			return false
		}
		// A dotted acronym ("U.S.", "U.N.") is far more often a modifier
		// ("U.S. Undersecretary Andrea Thompson") than the last word of a
		// sentence: end only before a word that typically opens one.
		if strings.Count(t, ".") > 1 {
			j := i + 1
			for j < last && isCloser(d.Tokens[j].Text) {
				j++
			}
			return j >= last || sentenceOpeners[d.Tokens[j].Text]
		}
	default:
		return false
	}
	j := i + 1
	for j < last && isCloser(d.Tokens[j].Text) {
		j++
	}
	if j >= last {
		return true
	}
	next := d.Tokens[j].Text
	r, _ := utf8.DecodeRuneInString(next)
	return unicode.IsUpper(r) || unicode.IsDigit(r) || isOpener(next)
}

// isInitial reports a single capital with a full stop, as in "George W. Bush".
func isInitial(t string) bool {
	r, n := utf8.DecodeRuneInString(t)
	return unicode.IsUpper(r) && t[n:] == "."
}

// sentenceOpeners are words that begin sentences and seldom follow a
// country acronym inside one.
var sentenceOpeners = map[string]bool{
	"The": true, "A": true, "An": true, "He": true, "She": true, "It": true, "They": true,
	"We": true, "I": true, "This": true, "That": true, "These": true, "Those": true,
	"But": true, "And": true, "In": true, "On": true, "At": true, "As": true, "If": true,
	"Its": true, "His": true, "Her": true, "Their": true, "There": true, "Meanwhile": true,
	"However": true, "After": true, "Before": true, "When": true, "While": true, "Since": true,
	"“": true, "\"": true,
}

var titleAbbrevs = map[string]bool{
	"Mr.": true, "Mrs.": true, "Ms.": true, "Dr.": true, "Prof.": true, "Gen.": true,
	"Lt.": true, "Col.": true, "Maj.": true, "Capt.": true, "Sgt.": true, "Adm.": true,
	"Gov.": true, "Sen.": true, "Rep.": true, "Rev.": true, "St.": true, "Sr.": true,
	"Jr.": true, "Amb.": true, "Pres.": true, "No.": true, "Nos.": true, "Mt.": true,
	"Jan.": true, "Feb.": true, "Mar.": true, "Apr.": true, "Jun.": true, "Jul.": true,
	"Aug.": true, "Sep.": true, "Sept.": true, "Oct.": true, "Nov.": true, "Dec.": true,
	"vs.": true, "v.": true, "e.g.": true, "i.e.": true, "approx.": true, "Lt.-Gen.": true,
}

// IsTitleAbbrev reports an abbreviation that is followed by a name or a
// number rather than ending a sentence ("Mr.", "Gen.", "Jan.").
func IsTitleAbbrev(t string) bool { return titleAbbrevs[t] }

// IsCapitalized reports a word that starts with a capital letter: "Trump",
// "U.S.", "Non-Proliferation", "Élysée"; not "said", "'s", "1987" or "".
func IsCapitalized(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r)
}

// IsLowercase reports whether w begins with a lower-case letter: a word of
// prose, not a name, a number or punctuation.
func IsLowercase(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsLower(r)
}

// IsNameParticle reports a lower-case word that joins a given name to a
// surname: "van", "von der", "de", "al", "bin" ("Ursula von der Leyen",
// "Faisal al-Otaibi" once the hyphen is cut).
func IsNameParticle(w string) bool {
	switch w {
	case "van", "von", "de", "der", "den", "da", "di", "del", "della", "la", "le", "bin", "ibn", "al", "el", "dos", "du":
		return true
	}
	return false
}

// IsJoinedParticle reports a surname joined to its particle by a hyphen:
// "al-Otaibi", "el-Sisi"; not "al-" alone nor "al-qaeda".
func IsJoinedParticle(w string) bool {
	p, rest, ok := strings.Cut(w, "-")
	return ok && IsNameParticle(p) && IsCapitalized(rest)
}

func isCloser(t string) bool {
	switch t {
	case "”", "’", "\"", "'", ")", "]", "»", "›":
		return true
	}
	return false
}

func isOpener(t string) bool {
	switch t {
	case "“", "‘", "\"", "'", "(", "[", "«", "‹", "—", "-":
		return true
	}
	return false
}

// Tokenize splits s into words, numbers and punctuation. A word keeps inner
// apostrophes, hyphens and full stops ("don’t", "Intermediate-Range",
// "U.S."), and a trailing full stop when it is an abbreviation or an
// initial; numbers keep their separators ("5,500", "3.5").
func Tokenize(s string) []Token {
	toks := make([]Token, 0, len(s)/5)
	i := 0
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case unicode.IsSpace(r):
			i += n
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			j := wordEnd(s, i)
			toks = append(toks, Token{Text: s[i:j], Start: i, End: j})
			i = j
		default:
			j := i + n
			if r == '.' && strings.HasPrefix(s[j:], "..") {
				j += 2
			}
			toks = append(toks, Token{Text: s[i:j], Start: i, End: j})
			i = j
		}
	}
	return toks
}

// wordEnd returns the end of the word or number starting at i.
func wordEnd(s string, i int) int {
	j := i
	for j < len(s) {
		r, n := utf8.DecodeRuneInString(s[j:])
		if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) {
			j += n
			continue
		}
		// Inner joiners: a letter or digit must follow.
		if r == '\'' || r == '’' || r == '-' || r == '‐' || r == '.' || r == ',' || r == '&' {
			if r == ',' && !(isDigitBefore(s, j) && isDigitsAfter(s, j+n, 3)) {
				break
			}
			if r == '&' && !(isUpperBefore(s, j) && isUpperAfter(s, j+n)) {
				break
			}
			nr, _ := utf8.DecodeRuneInString(s[j+n:])
			if unicode.IsLetter(nr) || unicode.IsDigit(nr) {
				// Possessive 's stays on the word; callers strip it.
				j += n
				continue
			}
			if r == '.' && abbrevDot(s, i, j) {
				return j + n
			}
		}
		break
	}
	return j
}

// abbrevDot reports whether the full stop at j ends an abbreviation that
// began at i: a single letter ("W."), a dotted acronym ("U.S."), or a
// known title or month.
func abbrevDot(s string, i, j int) bool {
	w := s[i:j]
	if isDigitBefore(s, j) {
		return false // "rose 3.5.", "on 15.01.2019.": a number ends no abbreviation
	}
	if strings.Contains(w, ".") {
		return true // U.S, U.N -> U.S.
	}
	if utf8.RuneCountInString(w) == 1 {
		r, _ := utf8.DecodeRuneInString(w)
		return unicode.IsUpper(r)
	}
	return titleAbbrevs[w+"."]
}

func isDigitBefore(s string, j int) bool {
	r, _ := utf8.DecodeLastRuneInString(s[:j])
	return unicode.IsDigit(r)
}

func isDigitsAfter(s string, j, n int) bool {
	if len(s) < j+n {
		return false
	}
	for k := j; k < j+n; k++ {
		if s[k] < '0' || s[k] > '9' {
			return false
		}
	}
	return len(s) == j+n || s[j+n] < '0' || s[j+n] > '9'
}

func isUpperBefore(s string, j int) bool {
	r, _ := utf8.DecodeLastRuneInString(s[:j])
	return unicode.IsUpper(r)
}

func isUpperAfter(s string, j int) bool { return IsCapitalized(s[j:]) }

// IsIrregularPast reports the simple past of an irregular verb ("met",
// "tore", "withdrew"): a verb in the past that no -ed shows.
func IsIrregularPast(w string) bool { return irregularPast[w] }

var irregularPast = map[string]bool{
	"arose": true, "ate": true, "awoke": true, "became": true, "befell": true, "began": true,
	"bent": true, "bit": true, "bled": true, "blew": true, "bore": true, "bought": true,
	"bred": true, "broke": true, "brought": true, "built": true, "came": true, "caught": true,
	"chose": true, "clung": true, "crept": true, "dealt": true, "drank": true, "drew": true,
	"drove": true, "dug": true, "fed": true, "fell": true, "felt": true, "fled": true,
	"flew": true, "flung": true, "forbade": true, "foresaw": true, "forgave": true,
	"forgot": true, "forsook": true, "fought": true, "found": true, "froze": true, "gave": true,
	"got": true, "grew": true, "heard": true, "held": true, "hid": true, "hung": true,
	"kept": true, "knelt": true, "knew": true, "laid": true, "leapt": true, "led": true,
	"left": true, "lent": true, "lit": true, "lost": true, "made": true, "meant": true,
	"met": true, "misled": true, "mistook": true, "overcame": true, "oversaw": true,
	"overthrew": true, "overtook": true, "paid": true, "quit": true, "ran": true, "rang": true,
	"rebuilt": true, "retook": true, "rode": true, "rose": true, "said": true, "sang": true,
	"sank": true, "sat": true, "saw": true, "sent": true, "shone": true, "shook": true,
	"shot": true, "shrank": true, "slept": true, "slid": true, "sold": true, "sought": true,
	"sped": true, "spent": true, "spoke": true, "sprang": true, "spun": true, "stole": true,
	"stood": true, "strode": true, "strove": true, "struck": true, "stuck": true, "stung": true,
	"swam": true, "swept": true, "swore": true, "swung": true, "taught": true, "thought": true,
	"threw": true, "told": true, "took": true, "tore": true, "understood": true,
	"undertook": true, "underwent": true, "upheld": true, "went": true, "wept": true,
	"withdrew": true, "withheld": true, "woke": true, "won": true, "wore": true, "wrote": true,
}
