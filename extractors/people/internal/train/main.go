// Command train fits herald's people tagger on CoNLL-2003's eng.train and
// writes the model that extractors/people embeds. Run from the project root:
//
//	go run ./extractors/people/internal/train
//
// It reads ../shared/data/conll2003 (or -data), prints the tagger's PER F1
// on eng.testa with the gold tokens, and writes extractors/people/model.gz.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/herald-news/herald/extractors/people/internal/tagger"
)

func main() {
	data := flag.String("data", filepath.Join("..", "shared", "data"), "folder of the evaluation corpora")
	out := flag.String("o", filepath.Join("extractors", "people", "model.gz"), "model file to write")
	epochs := flag.Int("epochs", 12, "training passes")
	seed := flag.Uint64("seed", 1, "shuffling seed")
	folds := flag.Int("folds", 5, "folds for the first-pass tags the second pass learns from")
	errs := flag.Bool("errors", false, "print the PER errors on eng.testa")
	flag.Parse()
	log.SetFlags(0)

	train := read(filepath.Join(*data, "conll2003", "eng.train"))
	dev := read(filepath.Join(*data, "conll2003", "eng.testa"))
	m := tagger.TrainStacked(train, *folds, *epochs, *seed, func(stage string, ep int, e float64) {
		log.Printf("%s, epoch %d: %.3f of sentences wrong", stage, ep, e)
	})
	var buf bytes.Buffer
	if err := m.Write(&buf); err != nil {
		log.Fatal(err)
	}
	m, err := tagger.Read(bytes.NewReader(buf.Bytes()))
	if err != nil {
		log.Fatal(err)
	}
	for ty, name := range []string{"PER", "ORG", "LOC", "MISC"} {
		p, r, f := score(m, dev, ty)
		fmt.Printf("eng.testa %-4s P %.4f R %.4f F1 %.4f\n", name, p, r, f)
	}
	if *errs {
		printErrors(m, dev)
	}
	if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("wrote %s: %d+%d features, %d bytes\n", *out, m.Base.Features(), m.Stack.Features(), buf.Len())
}

func read(path string) []tagger.Example {
	f, err := os.Open(path)
	if err != nil {
		log.Fatalf("%v (the CoNLL-2003 data is read from ../shared/data; see docs/people.md)", err)
	}
	defer f.Close()
	docs, err := tagger.ReadCoNLL(f)
	if err != nil {
		log.Fatalf("%s: %v", path, err)
	}
	return docs
}

// score is exact-span precision, recall and F1 for entity type ty.
func score(m *tagger.Tagger, docs []tagger.Example, ty int) (p, r, f float64) {
	var tp, fp, fn int
	for _, ex := range docs {
		tags := m.TagDoc(ex.Sents)
		for i := range ex.Sents {
			gold := map[[3]int]bool{}
			for _, sp := range tagger.Spans(ex.Tags[i]) {
				if sp[2] == ty {
					gold[sp] = true
				}
			}
			for _, sp := range tagger.Spans(tags[i]) {
				if sp[2] != ty {
					continue
				}
				if gold[sp] {
					tp++
					delete(gold, sp)
				} else {
					fp++
				}
			}
			fn += len(gold)
		}
	}
	p = float64(tp) / float64(max(tp+fp, 1))
	r = float64(tp) / float64(max(tp+fn, 1))
	if p+r > 0 {
		f = 2 * p * r / (p + r)
	}
	return p, r, f
}

// printErrors prints each sentence with a PER error, gold and predicted.
func printErrors(m *tagger.Tagger, docs []tagger.Example) {
	for _, ex := range docs {
		tags := m.TagDoc(ex.Sents)
		for i, s := range ex.Sents {
			pred := tags[i]
			same := true
			for k := range pred {
				g, p := ex.Tags[i][k], pred[k]
				if (tagger.Type(g) == "PER") != (tagger.Type(p) == "PER") || (g != p && (tagger.Type(g) == "PER" || tagger.Type(p) == "PER")) {
					same = false
				}
			}
			if same {
				continue
			}
			var b bytes.Buffer
			for k, w := range s.Words {
				g, p := tagger.TagNames[ex.Tags[i][k]], tagger.TagNames[pred[k]]
				if g == p {
					if g != "O" {
						fmt.Fprintf(&b, "%s/%s ", w, g)
					} else {
						fmt.Fprintf(&b, "%s ", w)
					}
				} else {
					fmt.Fprintf(&b, "[%s gold=%s got=%s] ", w, g, p)
				}
			}
			fmt.Println(b.String())
		}
	}
}
