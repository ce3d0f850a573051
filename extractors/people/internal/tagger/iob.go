package tagger

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// ReadCoNLL reads a CoNLL-2003 file (token POS chunk NER, IOB1, blank
// lines between sentences, -DOCSTART- between documents) into examples with
// BIO tags.
func ReadCoNLL(r io.Reader) ([]Example, error) {
	var docs []Example
	var cur Example
	var words []string
	var tags []int
	flushSent := func() {
		if len(words) > 0 {
			cur.Sents = append(cur.Sents, Sentence{Words: words})
			cur.Tags = append(cur.Tags, tags)
		}
		words, tags = nil, nil
	}
	flushDoc := func() {
		flushSent()
		if len(cur.Sents) > 0 {
			docs = append(docs, cur)
		}
		cur = Example{}
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<16), 1<<20)
	line := 0
	prev := "O"
	for sc.Scan() {
		line++
		f := strings.Fields(sc.Text())
		switch {
		case len(f) == 0:
			flushSent()
			prev = "O"
			continue
		case f[0] == "-DOCSTART-":
			flushDoc()
			prev = "O"
			continue
		case len(f) < 2:
			return nil, fmt.Errorf("line %d: want token and tag", line)
		}
		ner := f[len(f)-1]
		words = append(words, f[0])
		tags = append(tags, TagOf(BIO(prev, ner)))
		prev = ner
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	flushDoc()
	return docs, nil
}

// BIO converts an IOB1 tag to BIO given the IOB1 tag before it: an I- tag
// starts an entity unless it continues one of its own type.
func BIO(prev, tag string) string {
	if !strings.HasPrefix(tag, "I-") {
		return tag
	}
	if prev == tag || prev == "B-"+tag[2:] {
		return tag
	}
	return "B-" + tag[2:]
}

// Spans returns the entities of a tag sequence as [start, end, type]
// triples, token indexes end exclusive.
func Spans(tags []int) [][3]int {
	var out [][3]int
	for i := 0; i < len(tags); i++ {
		if tags[i] == O {
			continue
		}
		ty := (tags[i] - 1) / 2
		j := i + 1
		for j < len(tags) && tags[j] != O && tags[j]%2 == 0 && (tags[j]-1)/2 == ty {
			j++
		}
		out = append(out, [3]int{i, j, ty})
		i = j - 1
	}
	return out
}
