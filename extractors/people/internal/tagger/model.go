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
	"strings"
)

// weights maps a feature hash to a row of width weights. Training fills
// the Go map; build then lays the rows out in an open-addressing table,
// which tagging reads.
type weights struct {
	width int
	index map[uint64]int32 // feature hash -> row in w
	w     []float32

	keys  []uint64 // open addressing, 0 for an empty slot
	rows  []int32
	shift uint
}

func newWeights(width int) *weights {
	return &weights{width: width, index: map[uint64]int32{}}
}

// build makes the lookup table from index.
func (ws *weights) build() {
	size, shift := 16, uint(60)
	for size < 2*len(ws.index) {
		size *= 2
		shift--
	}
	ws.keys, ws.rows, ws.shift = make([]uint64, size), make([]int32, size), shift
	mask := uint64(size - 1)
	for k, r := range ws.index {
		if k == 0 {
			continue
		}
		i := (k * 0x9e3779b97f4a7c15) >> ws.shift
		for ws.keys[i] != 0 {
			i = (i + 1) & mask
		}
		ws.keys[i], ws.rows[i] = k, r
	}
}

// row returns the weights of feature f, or nil.
func (ws *weights) row(f uint64) []float32 {
	if ws.keys == nil {
		r, ok := ws.index[f]
		if !ok {
			return nil
		}
		return ws.w[int(r)*ws.width : int(r+1)*ws.width]
	}
	mask := uint64(len(ws.keys) - 1)
	for i := (f * 0x9e3779b97f4a7c15) >> ws.shift; ; i = (i + 1) & mask {
		switch ws.keys[i] {
		case f:
			r := int(ws.rows[i])
			return ws.w[r*ws.width : (r+1)*ws.width]
		case 0:
			return nil
		}
	}
}

// Model weighs emission features (one weight per tag) and transition
// features (one weight per pair of previous tag and tag). It is read-only
// once built and safe for concurrent use.
type Model struct {
	emit, trans *weights
}

func newModel() *Model {
	return &Model{emit: newWeights(NTags), trans: newWeights(NTags * NTags)}
}

// Features is the number of features the model weighs.
func (m *Model) Features() int { return len(m.emit.index) + len(m.trans.index) }

// Tagger is the two-pass tagger: the first pass tags each sentence on its
// own, the second sees what the first found elsewhere in the document.
type Tagger struct {
	Base, Stack *Model
	// Given holds lower-cased given names: the hand-written list and those
	// learned from the training data.
	Given map[string]bool
}

// IsGiven reports a given name, in any case.
func (t *Tagger) IsGiven(w string) bool { return t.Given[strings.ToLower(w)] }

// sentFeats holds the features of each word of a sentence.
type sentFeats struct {
	emit  [][]uint64
	trans [][]uint64
}

// extract computes the features of every word of a sentence.
func extract(words []string, toks []token, caps bool, d *Doc, si int) sentFeats {
	n := len(words)
	sf := sentFeats{emit: make([][]uint64, n), trans: make([][]uint64, n)}
	buf := make([]uint64, 0, n*40)
	for i := range n {
		k := len(buf)
		buf = features(buf, toks, words, i, caps, d, si)
		sf.emit[i] = buf[k:len(buf):len(buf)]
		k = len(buf)
		buf = transFeats(buf, toks, i)
		sf.trans[i] = buf[k:len(buf):len(buf)]
	}
	return sf
}

// withStack returns sf with the second pass's features added.
func withStack(sf sentFeats, toks []token, words []string, d *Doc, si int) sentFeats {
	out := sentFeats{emit: make([][]uint64, len(sf.emit)), trans: sf.trans}
	buf := make([]uint64, 0, len(sf.emit)*4)
	for i := range sf.emit {
		k := len(buf)
		buf = stackFeatures(buf, toks, words, i, d, si)
		extra := buf[k:len(buf):len(buf)]
		out.emit[i] = append(sf.emit[i][:len(sf.emit[i]):len(sf.emit[i])], extra...)
	}
	return out
}

// TagDoc tags every sentence of a document.
func (t *Tagger) TagDoc(sents []Sentence) [][]int {
	d := NewDoc(sents)
	d.given = t.Given
	out := make([][]int, len(sents))
	toks := make([][]token, len(sents))
	feats := make([]sentFeats, len(sents))
	for i, s := range sents {
		toks[i] = prepare(s.Words)
		feats[i] = extract(s.Words, toks[i], allCaps(s.Words), d, i)
		out[i] = t.Base.viterbi(feats[i])
	}
	if t.Stack == nil {
		return out
	}
	d.stack = newStack(sents, out)
	second := make([][]int, len(sents))
	for i, s := range sents {
		second[i] = t.Stack.viterbi(withStack(feats[i], toks[i], s.Words, d, i))
	}
	return second
}

var negInf = float32(math.Inf(-1))

func (m *Model) viterbi(sf sentFeats) []int {
	n := len(sf.emit)
	if n == 0 {
		return nil
	}
	score := make([][NTags]float32, n)
	back := make([][NTags]int8, n)
	for i := 0; i < n; i++ {
		var emit [NTags]float32
		for _, f := range sf.emit[i] {
			if row := m.emit.row(f); row != nil {
				for y := range emit {
					emit[y] += row[y]
				}
			}
		}
		var tr [NTags * NTags]float32
		for _, f := range sf.trans[i] {
			if row := m.trans.row(f); row != nil {
				for k := range tr {
					tr[k] += row[k]
				}
			}
		}
		if i == 0 {
			for y := 0; y < NTags; y++ {
				score[0][y] = emit[y] + tr[O*NTags+y]
				if !allowed(O, y) {
					score[0][y] = negInf
				}
			}
			continue
		}
		for y := range score[i] {
			score[i][y] = negInf
		}
		for p := 0; p < NTags; p++ {
			if score[i-1][p] == negInf {
				continue
			}
			for y := 0; y < NTags; y++ {
				if !allowed(p, y) {
					continue
				}
				if s := score[i-1][p] + tr[p*NTags+y] + emit[y]; s > score[i][y] {
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

// Model file: gzip of "HNER3"; the first-pass and the second-pass models,
// each as its emission then its transition weights: the number of features
// (uvarint), then for each feature in increasing hash order the hash's
// delta from the previous (uvarint) and its row of weights as int16 in
// units of 1/scale; then the learned given names, a count and each name
// with its length.
const magic = "HNER3"

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
	m.emit.encode(bw)
	m.trans.encode(bw)
}

func (ws *weights) encode(bw *bufio.Writer) {
	keys := make([]uint64, 0, len(ws.index))
	for k := range ws.index {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var buf [binary.MaxVarintLen64]byte
	bw.Write(buf[:binary.PutUvarint(buf[:], uint64(len(keys)))])
	var prev uint64
	for _, k := range keys {
		bw.Write(buf[:binary.PutUvarint(buf[:], k-prev)])
		prev = k
		r := int(ws.index[k])
		for _, x := range ws.w[r*ws.width : (r+1)*ws.width] {
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
	m := newModel()
	var err error
	if m.emit, err = decodeWeights(br, NTags); err != nil {
		return nil, err
	}
	if m.trans, err = decodeWeights(br, NTags*NTags); err != nil {
		return nil, err
	}
	return m, nil
}

func decodeWeights(br *bufio.Reader, width int) (*weights, error) {
	n, err := binary.ReadUvarint(br)
	if err != nil || n > 1<<26 {
		return nil, errors.New("bad feature count")
	}
	m := &weights{width: width, index: make(map[uint64]int32, n), w: make([]float32, int(n)*width)}
	var k uint64
	var b [2]byte
	for i := 0; i < int(n); i++ {
		d, err := binary.ReadUvarint(br)
		if err != nil {
			return nil, fmt.Errorf("feature %d: %w", i, err)
		}
		k += d
		m.index[k] = int32(i)
		for t := 0; t < width; t++ {
			if _, err := io.ReadFull(br, b[:]); err != nil {
				return nil, fmt.Errorf("feature %d: %w", i, err)
			}
			m.w[i*width+t] = float32(int16(binary.LittleEndian.Uint16(b[:]))) / scale
		}
	}
	m.build()
	return m, nil
}
