package tagger

import (
	"bufio"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"slices"
)

// Model holds one weight per tag for each feature. It is read-only once
// loaded and safe for concurrent use.
type Model struct {
	index map[uint64]int32 // feature hash -> row in w
	w     []float32        // NTags weights per row
}

// Tag returns the best tag sequence for sentence s of document d.
func (m *Model) Tag(s Sentence, d *Doc) []int {
	return m.viterbi(s.Words, prepare(s.Words), allCaps(s.Words), d, 0)
}

// Tagger is the two-pass tagger: the first pass tags each sentence on its
// own, the second sees what the first found elsewhere in the document.
type Tagger struct {
	Base, Stack *Model
	// Given holds lower-cased given names: the hand-written list and those
	// learned from the training data.
	Given map[string]bool
}

// TagDoc tags every sentence of a document.
func (t *Tagger) TagDoc(sents []Sentence) [][]int {
	d := NewDoc(sents)
	d.given = t.Given
	out := make([][]int, len(sents))
	toks := make([][]token, len(sents))
	caps := make([]bool, len(sents))
	for i, s := range sents {
		toks[i], caps[i] = prepare(s.Words), allCaps(s.Words)
		out[i] = t.Base.viterbi(s.Words, toks[i], caps[i], d, i)
	}
	if t.Stack == nil {
		return out
	}
	d.stack = newStack(sents, out)
	second := make([][]int, len(sents))
	for i, s := range sents {
		second[i] = t.Stack.viterbi(s.Words, toks[i], caps[i], d, i)
	}
	return second
}

func (m *Model) add(v *[NTags]float32, f uint64) {
	r, ok := m.index[f]
	if !ok {
		return
	}
	row := m.w[int(r)*NTags : int(r)*NTags+NTags]
	for k := range v {
		v[k] += row[k]
	}
}

func (m *Model) viterbi(words []string, toks []token, caps bool, d *Doc, si int) []int {
	n := len(words)
	if n == 0 {
		return nil
	}
	score := make([][NTags]float32, n)
	back := make([][NTags]int8, n)
	var fs []uint64
	for i := 0; i < n; i++ {
		var emit [NTags]float32
		fs = features(fs[:0], toks, words, i, caps, d, si)
		for _, f := range fs {
			m.add(&emit, f)
		}
		if i == 0 {
			var tr [NTags]float32
			fs = transFeats(fs[:0], toks, i, O)
			for _, f := range fs {
				m.add(&tr, f)
			}
			for y := 0; y < NTags; y++ {
				score[0][y] = emit[y] + tr[y]
				if !allowed(O, y) {
					score[0][y] = float32(math.Inf(-1))
				}
			}
			continue
		}
		for y := range score[i] {
			score[i][y] = float32(math.Inf(-1))
		}
		for p := 0; p < NTags; p++ {
			if math.IsInf(float64(score[i-1][p]), -1) {
				continue
			}
			var tr [NTags]float32
			fs = transFeats(fs[:0], toks, i, p)
			for _, f := range fs {
				m.add(&tr, f)
			}
			for y := 0; y < NTags; y++ {
				if !allowed(p, y) {
					continue
				}
				if s := score[i-1][p] + tr[y] + emit[y]; s > score[i][y] {
					score[i][y] = s
					back[i][y] = int8(p)
				}
			}
		}
	}
	out := make([]int, n)
	best := 0
	for y := 1; y < NTags; y++ {
		if score[n-1][y] > score[n-1][best] {
			best = y
		}
	}
	for i := n - 1; i >= 0; i-- {
		out[i] = best
		best = int(back[i][best])
	}
	return out
}

// Model file: gzip of "HNER2", then the first-pass and the second-pass
// models, each as the number of features (uvarint), then for each feature
// in increasing hash order the hash's delta from the previous (uvarint) and
// NTags weights as int16 in units of 1/scale.
const magic = "HNER2"

const scale = 64

// Write saves t.
func (t *Tagger) Write(w io.Writer) error {
	zw, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(zw)
	bw.WriteString(magic)
	t.Base.encode(bw)
	t.Stack.encode(bw)
	var learned []string
	for g := range t.Given {
		if !handGiven[g] {
			learned = append(learned, g)
		}
	}
	slices.Sort(learned)
	var buf [binary.MaxVarintLen64]byte
	bw.Write(buf[:binary.PutUvarint(buf[:], uint64(len(learned)))])
	for _, g := range learned {
		bw.Write(buf[:binary.PutUvarint(buf[:], uint64(len(g)))])
		bw.WriteString(g)
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	return zw.Close()
}

func (m *Model) encode(bw *bufio.Writer) {
	keys := make([]uint64, 0, len(m.index))
	for k := range m.index {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var buf [binary.MaxVarintLen64]byte
	bw.Write(buf[:binary.PutUvarint(buf[:], uint64(len(keys)))])
	var prev uint64
	for _, k := range keys {
		bw.Write(buf[:binary.PutUvarint(buf[:], k-prev)])
		prev = k
		r := m.index[k]
		for _, x := range m.w[int(r)*NTags : int(r)*NTags+NTags] {
			q := math.Round(float64(x) * scale)
			q = max(min(q, math.MaxInt16), math.MinInt16)
			binary.LittleEndian.PutUint16(buf[:2], uint16(int16(q)))
			bw.Write(buf[:2])
		}
	}
}

// Read loads a tagger saved by Write.
func Read(r io.Reader) (*Tagger, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("model: %w", err)
	}
	br := bufio.NewReader(zr)
	head := make([]byte, len(magic))
	if _, err := io.ReadFull(br, head); err != nil || string(head) != magic {
		return nil, errors.New("model: not a herald NER model")
	}
	base, err := decode(br)
	if err != nil {
		return nil, fmt.Errorf("model: first pass: %w", err)
	}
	stack, err := decode(br)
	if err != nil {
		return nil, fmt.Errorf("model: second pass: %w", err)
	}
	given := maps.Clone(handGiven)
	n, err := binary.ReadUvarint(br)
	if err != nil || n > 1<<20 {
		return nil, errors.New("model: bad given-name count")
	}
	for range n {
		l, err := binary.ReadUvarint(br)
		if err != nil || l > 256 {
			return nil, errors.New("model: bad given name")
		}
		b := make([]byte, l)
		if _, err := io.ReadFull(br, b); err != nil {
			return nil, fmt.Errorf("model: given names: %w", err)
		}
		given[string(b)] = true
	}
	return &Tagger{Base: base, Stack: stack, Given: given}, nil
}

func decode(br *bufio.Reader) (*Model, error) {
	n, err := binary.ReadUvarint(br)
	if err != nil || n > 1<<26 {
		return nil, errors.New("bad feature count")
	}
	m := &Model{index: make(map[uint64]int32, n), w: make([]float32, int(n)*NTags)}
	var k uint64
	var b [2]byte
	for i := 0; i < int(n); i++ {
		d, err := binary.ReadUvarint(br)
		if err != nil {
			return nil, fmt.Errorf("feature %d: %w", i, err)
		}
		k += d
		m.index[k] = int32(i)
		for t := 0; t < NTags; t++ {
			if _, err := io.ReadFull(br, b[:]); err != nil {
				return nil, fmt.Errorf("feature %d: %w", i, err)
			}
			m.w[i*NTags+t] = float32(int16(binary.LittleEndian.Uint16(b[:]))) / scale
		}
	}
	return m, nil
}

// Features is the number of features the model weighs.
func (m *Model) Features() int { return len(m.index) }
