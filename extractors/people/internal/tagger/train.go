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
	m := newModel()
	// u sums c*delta for each weight, for averaging.
	u := map[*weights][]float64{m.emit: nil, m.trans: nil}
	c := 1.0
	update := func(ws *weights, f uint64, k int, delta float32) {
		r, ok := ws.index[f]
		if !ok {
			r = int32(len(ws.index))
			ws.index[f] = r
			ws.w = append(ws.w, make([]float32, ws.width)...)
			u[ws] = append(u[ws], make([]float64, ws.width)...)
		}
		i := int(r)*ws.width + k
		ws.w[i] += delta
		u[ws][i] += c * float64(delta)
	}
	type sent struct {
		tags []int
		sf   sentFeats
	}
	var all []sent
	for _, ex := range docs {
		d := NewDoc(ex.Sents)
		d.given = given
		if ex.Stage1 != nil {
			d.stack = newStack(ex.Sents, ex.Stage1)
		}
		for i, s := range ex.Sents {
			toks := prepare(s.Words)
			sf := extract(s.Words, toks, allCaps(s.Words), d, i)
			if d.stack != nil {
				sf = withStack(sf, toks, s.Words, d, i)
			}
			all = append(all, sent{tags: ex.Tags[i], sf: sf})
		}
	}
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	for ep := 1; ep <= epochs; ep++ {
		rng.Shuffle(len(all), func(i, j int) { all[i], all[j] = all[j], all[i] })
		wrong := 0
		for _, x := range all {
			pred := m.viterbi(x.sf)
			bad := false
			for i := range pred {
				gp, pp := O, O
				if i > 0 {
					gp, pp = x.tags[i-1], pred[i-1]
				}
				g, p := x.tags[i], pred[i]
				if g != p {
					bad = true
					for _, f := range x.sf.emit[i] {
						update(m.emit, f, g, 1)
						update(m.emit, f, p, -1)
					}
				}
				if g != p || gp != pp {
					for _, f := range x.sf.trans[i] {
						update(m.trans, f, gp*NTags+g, 1)
						update(m.trans, f, pp*NTags+p, -1)
					}
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
	out := newModel()
	for _, pair := range [][2]*weights{{m.emit, out.emit}, {m.trans, out.trans}} {
		in, o := pair[0], pair[1]
		v := make([]float32, in.width)
		for f, r := range in.index {
			keep := false
			for y := range v {
				k := int(r)*in.width + y
				v[y] = in.w[k] - float32(u[in][k]/c)
				if v[y]*scale >= 0.5 || v[y]*scale <= -0.5 {
					keep = true
				}
			}
			if keep {
				o.index[f] = int32(len(o.index))
				o.w = append(o.w, v...)
			}
		}
		o.build()
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
