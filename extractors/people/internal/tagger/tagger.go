// Package tagger is herald's named-entity sequence tagger: a structured
// (Viterbi-decoded, averaged) perceptron over hand-made features of each
// token and its neighbours, trained on CoNLL-2003's PER, ORG, LOC and MISC
// so that the other types compete with PER for each capitalised word.
//
// Features are hashed to 64 bits without allocating, and the model is a map
// from feature hash to one weight per tag, so tagging a 1,000-token article
// costs a few tens of thousands of map lookups.
package tagger

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Tags, in BIO encoding.
const (
	O = iota
	BPer
	IPer
	BOrg
	IOrg
	BLoc
	ILoc
	BMisc
	IMisc
	NTags
)

// TagNames are the tags' names, index by tag.
var TagNames = [NTags]string{"O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC"}

// TagOf returns the tag named s ("B-PER"), or O.
func TagOf(s string) int {
	for i, n := range TagNames {
		if n == s {
			return i
		}
	}
	return O
}

// Type returns the entity type of a tag ("PER"), or "" for O.
func Type(tag int) string {
	if tag == O {
		return ""
	}
	return TagNames[tag][2:]
}

// allowed reports whether tag y may follow tag p: an I- tag continues an
// entity of its own type.
func allowed(p, y int) bool {
	if y == O || y%2 == 1 {
		return true
	}
	return p == y || p == y-1
}

// Sentence is one sentence to tag. Words are the tokens as written, with a
// possessive "'s" as a token of its own, as CoNLL writes it.
type Sentence struct {
	Words []string
}

// Doc is the document a sentence belongs to: features look at how a word is
// written elsewhere in it.
type Doc struct {
	// lower: every lower-case form seen written in lower case.
	lower map[string]bool
	// title: every lower-cased form seen capitalised inside a sentence
	// (not first, not in an all-capitals line).
	title map[string]bool
	// stack: what the first pass found, when tagging the second.
	stack *stack
	// given: lower-cased given names.
	given map[string]bool
}

// stack is the first pass's tags over the document, for the second pass's
// features: a word tagged PER once is likely PER throughout.
type stack struct {
	tags   [][]int            // first-pass tags, by sentence
	counts map[string]*[5]int // lower-cased word -> times tagged O, PER, ORG, LOC, MISC
	multi  map[string]bool    // lower-cased word seen inside a PER of two words or more
}

func newStack(sents []Sentence, tags [][]int) *stack {
	st := &stack{tags: tags, counts: map[string]*[5]int{}, multi: map[string]bool{}}
	for i, s := range sents {
		for k, w := range s.Words {
			r, _ := utf8.DecodeRuneInString(w)
			if !unicode.IsUpper(r) {
				continue
			}
			l := strings.ToLower(w)
			c := st.counts[l]
			if c == nil {
				c = new([5]int)
				st.counts[l] = c
			}
			c[typeIndex(tags[i][k])]++
		}
		for _, sp := range Spans(tags[i]) {
			if sp[2] == 0 && sp[1]-sp[0] > 1 {
				for k := sp[0]; k < sp[1]; k++ {
					st.multi[strings.ToLower(s.Words[k])] = true
				}
			}
		}
	}
	return st
}

// typeIndex is 0 for O, then 1 PER, 2 ORG, 3 LOC, 4 MISC.
func typeIndex(tag int) int {
	if tag == O {
		return 0
	}
	return (tag-1)/2 + 1
}

var typeNames = [5]string{"O", "PER", "ORG", "LOC", "MISC"}

// NewDoc gathers the document-level facts of sents.
func NewDoc(sents []Sentence) *Doc {
	d := &Doc{lower: map[string]bool{}, title: map[string]bool{}}
	for _, s := range sents {
		caps := allCaps(s.Words)
		for i, w := range s.Words {
			r, _ := utf8.DecodeRuneInString(w)
			switch {
			case unicode.IsLower(r):
				d.lower[w] = true
			case unicode.IsUpper(r) && i > 0 && !caps && !isUpperWord(w):
				d.title[strings.ToLower(w)] = true
			}
		}
	}
	return d
}

// allCaps reports a headline or dateline written in capitals: most of its
// letters are upper case.
func allCaps(ws []string) bool {
	up, low := 0, 0
	for _, w := range ws {
		for _, r := range w {
			if unicode.IsUpper(r) {
				up++
			} else if unicode.IsLower(r) {
				low++
			}
		}
	}
	return up > 3 && up > 2*low
}

func isUpperWord(w string) bool {
	has := false
	for _, r := range w {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsUpper(r) {
			has = true
		}
	}
	return has
}

// shape maps upper case to X, lower case to x, digits to d, and, short,
// collapses runs ("Xx", "X.X.", "d-d").
func shape(w string, short bool) string {
	var b [32]byte
	n := 0
	var last byte
	for _, r := range w {
		var c byte
		switch {
		case unicode.IsUpper(r):
			c = 'X'
		case unicode.IsLower(r):
			c = 'x'
		case unicode.IsDigit(r):
			c = 'd'
		case r < utf8.RuneSelf:
			c = byte(r)
		default:
			c = '*'
		}
		if short && c == last {
			continue
		}
		last = c
		if n == len(b) {
			break
		}
		b[n] = c
		n++
	}
	return string(b[:n])
}

// Hashing: FNV-1a over a template number and the feature's strings.
const (
	offset64 = 14695981039346656037
	prime64  = 1099511628211
)

func hashStr(h uint64, s string) uint64 {
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= prime64
	}
	h ^= 0xff // separator
	h *= prime64
	return h
}

func feat(t byte, ss ...string) uint64 {
	h := uint64(offset64)
	h ^= uint64(t)
	h *= prime64
	for _, s := range ss {
		h = hashStr(h, s)
	}
	return h
}

// token holds what the features need of one word.
type token struct {
	lower, shape, short string
}

const (
	pad   = "<s>"
	padE  = "</s>"
	tPrev = 200 // template of the transition feature
)

// features appends the emission features of word i of s to fs.
func features(fs []uint64, toks []token, words []string, i int, caps bool, d *Doc, si int) []uint64 {
	at := func(j int) token {
		if j < 0 {
			return token{lower: pad, shape: pad, short: pad}
		}
		if j >= len(toks) {
			return token{lower: padE, shape: padE, short: padE}
		}
		return toks[j]
	}
	t := toks[i]
	w := words[i]
	p1, p2, n1, n2 := at(i-1), at(i-2), at(i+1), at(i+2)
	c := "m"
	if caps {
		c = "C"
	}
	first := "n"
	if i == 0 {
		first = "f"
	}
	fs = append(fs,
		feat(0),
		feat(1, t.lower),
		feat(2, t.shape),
		feat(3, t.short, c),
		feat(4, p1.lower),
		feat(5, n1.lower),
		feat(6, p2.lower),
		feat(7, n2.lower),
		feat(8, p1.short, t.short, n1.short),
		feat(9, p1.lower, t.lower),
		feat(10, t.lower, n1.lower),
		feat(11, t.short, first, c),
		feat(12, p1.short),
		feat(13, n1.short),
		feat(14, p1.lower, t.short),
		feat(15, t.short, n1.lower),
		feat(16, w),
	)
	l := t.lower
	rs := []rune(l)
	for k := 1; k <= 4 && k <= len(rs); k++ {
		fs = append(fs, feat(byte(20+k), string(rs[:k])), feat(byte(30+k), string(rs[len(rs)-k:])))
	}
	// How the word is written elsewhere in the document: a word written
	// capitalised mid-sentence is a name, one written in lower case is not.
	r, _ := utf8.DecodeRuneInString(w)
	if unicode.IsUpper(r) && d != nil {
		dl, dt := d.lower[l], d.title[l]
		fs = append(fs, feat(40, b2s(dl), b2s(dt), c, first))
	}
	if d != nil && d.given != nil {
		if d.given[l] {
			fs = append(fs, feat(60), feat(61, n1.short))
		}
		if d.given[p1.lower] {
			fs = append(fs, feat(62, t.short))
		}
	}
	return fs
}

// stackFeatures appends the second pass's features of word i: what the
// first pass made of it and of the same word elsewhere in the document.
func stackFeatures(fs []uint64, toks []token, words []string, i int, d *Doc, si int) []uint64 {
	l := toks[i].lower
	if d != nil && d.stack != nil {
		st := d.stack
		own := st.tags[si][i]
		fs = append(fs, feat(50, TagNames[own]))
		if c := st.counts[l]; c != nil {
			// The type the word gets most often elsewhere in the document.
			best, bn := 0, 0
			for ty, n := range c {
				if ty == typeIndex(own) {
					n--
				}
				if n > bn {
					best, bn = ty, n
				}
			}
			fs = append(fs, feat(51, typeNames[best]), feat(52, typeNames[best], TagNames[own]))
		}
		if st.multi[l] {
			fs = append(fs, feat(53, TagNames[own]))
		}
	}
	return fs
}

func b2s(b bool) string {
	if b {
		return "1"
	}
	return "0"
}

// prepare computes the per-token strings of s.
func prepare(words []string) []token {
	toks := make([]token, len(words))
	for i, w := range words {
		toks[i] = token{lower: strings.ToLower(w), shape: shape(w, false), short: shape(w, true)}
	}
	return toks
}

// transFeats appends the transition features of word i, each weighing
// every pair of previous tag and tag.
func transFeats(fs []uint64, toks []token, i int) []uint64 {
	return append(fs, feat(tPrev), feat(tPrev+1, toks[i].lower), feat(tPrev+2, toks[i].short))
}
