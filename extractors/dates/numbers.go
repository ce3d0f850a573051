package dates

// Counts: "six", "twenty-four", "a few", "5 1/2", and the words of
// approximation before them.

import (
	"strconv"
	"strings"
)

// number reads a count at i: digits ("24", "1,000"), words ("twenty-four",
// "twenty four", "a", "an"), vague counts ("several", "a few": n < 0), a
// fraction ("5 1/2", "two and a half", "half an").
func (p *parser) number(i int) (n float64, j int, ok bool) {
	w := p.w(i)
	switch {
	case w == "":
		return 0, i, false
	case w == "a" || w == "an":
		if p.is(i+1, "few", "couple") {
			if p.w(i+1) == "couple" {
				j = i + 2
				if p.is(j, "of") {
					j++
				}
				return 2, j, true
			}
			return -1, i + 2, true
		}
		if p.is(i+1, "half") {
			return 0.5, i + 2, true
		}
		n, j = 1, i+1
	case w == "half" && p.is(i+1, "a", "an"):
		return 0.5, i + 2, true
	case w == "couple" && p.is(i+1, "of"):
		return 2, i + 2, true
	case w == "some" && isDigits(p.w(i+1)):
		return 0, i, false
	case vagueNumbers[w]:
		j = i + 1
		if p.is(j, "of") && (w == "dozens" || w == "hundreds" || w == "thousands" || w == "couple") {
			j++
		}
		return -1, j, true
	case isDigits(strings.ReplaceAll(w, ",", "")):
		v, err := strconv.Atoi(strings.ReplaceAll(w, ",", ""))
		if err != nil {
			return 0, i, false
		}
		n, j = float64(v), i+1
		// "5 1/2"
		if p.w(j) == "1" && p.w(j+1) == "/" && p.w(j+2) == "2" {
			n += 0.5
			j += 3
		}
	default:
		v, ok := wordNumber(w)
		if !ok {
			return 0, i, false
		}
		n, j = float64(v), i+1
		if t, ok := tens[w]; ok {
			if u, ok := numberWords[p.w(j)]; ok && u < 10 && p.w(j) != "a" && p.w(j) != "an" {
				n, j = float64(t+u), j+1
			}
		}
		if p.w(j) == "hundred" || p.w(j) == "thousand" {
			mul := 100.0
			if p.w(j) == "thousand" {
				mul = 1000
			}
			n, j = n*mul, j+1
		}
	}
	if p.w(j) == "and" && p.is(j+1, "a") && p.is(j+2, "half") {
		n += 0.5
		j += 3
	}
	return n, j, true
}

// wordNumber reads "six", "twenty-four".
func wordNumber(w string) (int, bool) {
	if w == "a" || w == "an" || w == "single" {
		return 0, false
	}
	if n, ok := numberWords[w]; ok {
		return n, true
	}
	if a, b, ok := strings.Cut(w, "-"); ok {
		t, ok1 := tens[a]
		u, ok2 := numberWords[b]
		if ok1 && ok2 && u < 10 {
			return t + u, true
		}
	}
	return 0, false
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// approx words before a count widen the span ("more than four decades
// ago"); "about", "only" and "just" stay out of it, as TimeBank has them.
var approxPhrases = [][]string{
	{"more", "than"}, {"less", "than"}, {"fewer", "than"}, {"at", "least"}, {"at", "most"},
	{"nearly"}, {"almost"}, {"roughly"}, {"approximately"}, {"around"},
	{"some"}, {"up", "to"}, {"just", "over"}, {"just", "under"},
}

func (p *parser) approx(i int) int {
	for _, ph := range approxPhrases {
		ok := true
		for k, w := range ph {
			if p.w(i+k) != w {
				ok = false
				break
			}
		}
		if ok {
			// only when a count follows
			if _, _, isNum := p.number(i + len(ph)); isNum {
				return i + len(ph)
			}
		}
	}
	return i
}

// atoi reads digits the caller has checked.
func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

func allDigits(parts []string) bool {
	for _, s := range parts {
		if !isDigits(s) {
			return false
		}
	}
	return true
}
