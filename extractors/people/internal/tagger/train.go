package tagger

import (
	_ "embed"
	"fmt"
	"maps"
	"math/rand/v2"
	"strings"
)

// Example is one training document: its sentences and their gold tags.
type Example struct {
	Sents []Sentence
	Tags  [][]int
	// Stage1, when set, holds first-pass tags made by a model that did not
	// see this document: training a second-pass model.
	Stage1 [][]int
}

// Train fits an averaged structured perceptron on docs over epochs passes,
// in an order fixed by seed, so that the same data give the same model.
// progress, when not nil, is called after each pass with the pass number
// and the share of sentences tagged wrong in it.
func Train(docs []Example, given map[string]bool, epochs int, seed uint64, progress func(epoch int, errRate float64)) *Model {
	m := &Model{index: map[uint64]int32{}}
	var u []float64 // sum of c*delta, for averaging
	c := 1.0
	row := func(f uint64) int {
		r, ok := m.index[f]
		if !ok {
			r = int32(len(m.index))
			m.index[f] = r
			m.w = append(m.w, make([]float32, NTags)...)
			u = append(u, make([]float64, NTags)...)
		}
		return int(r) * NTags
	}
	update := func(fs []uint64, y int, delta float32) {
		for _, f := range fs {
			k := row(f) + y
			m.w[k] += delta
			u[k] += c * float64(delta)
		}
	}
	type sent struct {
		s    Sentence
		tags []int
		toks []token
		caps bool
		d    *Doc
		si   int
	}
	var all []sent
	for _, ex := range docs {
		d := NewDoc(ex.Sents)
		d.given = given
		if ex.Stage1 != nil {
			d.stack = newStack(ex.Sents, ex.Stage1)
		}
		for i, s := range ex.Sents {
			all = append(all, sent{s: s, tags: ex.Tags[i], toks: prepare(s.Words), caps: allCaps(s.Words), d: d, si: i})
		}
	}
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	var fs []uint64
	for ep := 1; ep <= epochs; ep++ {
		rng.Shuffle(len(all), func(i, j int) { all[i], all[j] = all[j], all[i] })
		wrong := 0
		for _, x := range all {
			pred := m.viterbi(x.s.Words, x.toks, x.caps, x.d, x.si)
			bad := false
			for i := range pred {
				gp, pp := O, O
				if i > 0 {
					gp, pp = x.tags[i-1], pred[i-1]
				}
				g, p := x.tags[i], pred[i]
				if g != p {
					bad = true
					fs = features(fs[:0], x.toks, x.s.Words, i, x.caps, x.d, x.si)
					update(fs, g, 1)
					update(fs, p, -1)
				}
				if g != p || gp != pp {
					fs = transFeats(fs[:0], x.toks, i, gp)
					update(fs, g, 1)
					fs = transFeats(fs[:0], x.toks, i, pp)
					update(fs, p, -1)
				}
			}
			if bad {
				wrong++
			}
			c++
		}
		if progress != nil {
			progress(ep, float64(wrong)/float64(len(all)))
		}
	}
	// Average, and drop the features whose weights all round to zero.
	out := &Model{index: map[uint64]int32{}}
	for f, r := range m.index {
		var v [NTags]float32
		keep := false
		for y := 0; y < NTags; y++ {
			k := int(r)*NTags + y
			v[y] = m.w[k] - float32(u[k]/c)
			if v[y]*scale >= 0.5 || v[y]*scale <= -0.5 {
				keep = true
			}
		}
		if keep {
			out.index[f] = int32(len(out.index))
			out.w = append(out.w, v[:]...)
		}
	}
	return out
}

// TrainStacked trains the two-pass tagger: folds first-pass models each
// trained without one fold tag that fold, so that the second pass learns
// from first-pass tags as they will be on unseen text.
func TrainStacked(docs []Example, folds, epochs int, seed uint64, progress func(stage string, epoch int, errRate float64)) *Tagger {
	given := LearnGiven(docs)
	stacked := make([]Example, len(docs))
	for k := 0; k < folds; k++ {
		var in []Example
		for i, ex := range docs {
			if i%folds != k {
				in = append(in, ex)
			}
		}
		m := Train(in, given, epochs, seed+uint64(k), func(ep int, e float64) {
			if progress != nil {
				progress(fmt.Sprintf("fold %d", k+1), ep, e)
			}
		})
		t := &Tagger{Base: m, Given: given}
		for i, ex := range docs {
			if i%folds == k {
				ex.Stage1 = t.TagDoc(ex.Sents)
				stacked[i] = ex
			}
		}
	}
	base := Train(docs, given, epochs, seed, func(ep int, e float64) {
		if progress != nil {
			progress("first pass", ep, e)
		}
	})
	stack := Train(stacked, given, epochs, seed, func(ep int, e float64) {
		if progress != nil {
			progress("second pass", ep, e)
		}
	})
	return &Tagger{Base: base, Stack: stack, Given: given}
}

// LearnGiven returns the hand-written given names and the words that start
// a name of two words or more in two documents of docs or more.
func LearnGiven(docs []Example) map[string]bool {
	given := maps.Clone(handGiven)
	seen := map[string]int{}
	for _, ex := range docs {
		inDoc := map[string]bool{}
		for i, s := range ex.Sents {
			for _, sp := range Spans(ex.Tags[i]) {
				if sp[2] == 0 && sp[1]-sp[0] > 1 {
					w := strings.ToLower(s.Words[sp[0]])
					if len(w) > 2 && !strings.Contains(w, ".") {
						inDoc[w] = true
					}
				}
			}
		}
		for w := range inDoc {
			seen[w]++
		}
	}
	for w, n := range seen {
		if n >= 2 {
			given[w] = true
		}
	}
	return given
}

//go:embed given.txt
var givenText string

// handGiven is given.txt as a set.
var handGiven = func() map[string]bool {
	m := map[string]bool{}
	for _, line := range strings.Split(givenText, "\n") {
		if strings.HasPrefix(line, "#") {
			continue
		}
		for _, w := range strings.Fields(line) {
			m[strings.ToLower(w)] = true
		}
	}
	return m
}()
