// Package score holds the scoring rules of the main-text extraction
// benchmarks herald is measured on, so that `herald eval` and the page
// package's tests compute the same figures.
package score

import (
	"strings"
	"unicode"
)

// Shingle is one page's true positives, false positives and false
// negatives over token n-gram shingles, normalised to sum to 1 so that
// long pages weigh no more than short ones: the rule of the
// article-extraction benchmark (github.com/scrapinghub/article-extraction-benchmark,
// evaluate.py).
type Shingle struct{ TP, FP, FN float64 }

// Precision is the benchmark's precision_score.
func (s Shingle) Precision() float64 {
	switch {
	case s.FP == 0 && s.FN == 0:
		return 1
	case s.TP == 0 && s.FP == 0:
		return 0
	}
	return s.TP / (s.TP + s.FP)
}

// Recall is the benchmark's recall_score.
func (s Shingle) Recall() float64 {
	switch {
	case s.FP == 0 && s.FN == 0:
		return 1
	case s.TP == 0 && s.FN == 0:
		return 0
	}
	return s.TP / (s.TP + s.FN)
}

// Match scores a predicted text against the gold one with n-gram
// shingles (n is 4 in the benchmark).
func Match(gold, pred string, n int) Shingle {
	g, p := shingles(gold, n), shingles(pred, n)
	var s Shingle
	for k, gc := range g {
		pc := p[k]
		s.TP += float64(min(gc, pc))
		s.FN += float64(max(0, gc-pc))
	}
	for k, pc := range p {
		s.FP += float64(max(0, pc-g[k]))
	}
	if sum := s.TP + s.FP + s.FN; sum > 0 {
		s.TP, s.FP, s.FN = s.TP/sum, s.FP/sum, s.FN/sum
	}
	return s
}

// Metrics averages precision over the pages with a prediction (TP+FP >
// 0) and recall over the pages with gold text (TP+FN > 0), as the
// benchmark does, and gives F1 of the two means.
func Metrics(scores []Shingle) (p, r, f float64) {
	var np, nr int
	for _, s := range scores {
		if s.TP+s.FP > 0 {
			p += s.Precision()
			np++
		}
		if s.TP+s.FN > 0 {
			r += s.Recall()
			nr++
		}
	}
	if np > 0 {
		p /= float64(np)
	}
	if nr > 0 {
		r /= float64(nr)
	}
	if p+r > 0 {
		f = 2 * p * r / (p + r)
	}
	return p, r, f
}

// shingles counts the n-grams of word tokens; like the benchmark, a text
// shorter than n tokens gives one shorter shingle, and an empty one none.
func shingles(text string, n int) map[string]int {
	toks := Tokens(text)
	out := map[string]int{}
	for i := 0; i < max(1, len(toks)-n+1); i++ {
		end := min(i+n, len(toks))
		if end <= i {
			break
		}
		out[strings.Join(toks[i:end], "\x00")]++
	}
	return out
}

// Tokens is Python's re.findall(r'\w+') on str, the benchmark's
// tokenizer: runs of letters, numbers and underscores, case kept.
func Tokens(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsNumber(r) || r == '_')
	})
}

// Snippets counts trafilatura's evaluation outcome for one page: each
// "with" snippet found in the text is a true positive, missed a false
// negative; each "without" snippet found is a false positive, absent a
// true negative. White space is collapsed on both sides.
func Snippets(text string, with, without []string) (tp, fn, fp, tn int) {
	text = collapse(text)
	for _, w := range with {
		if strings.Contains(text, collapse(w)) {
			tp++
		} else {
			fn++
		}
	}
	for _, w := range without {
		if strings.Contains(text, collapse(w)) {
			fp++
		} else {
			tn++
		}
	}
	return tp, fn, fp, tn
}

func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }
