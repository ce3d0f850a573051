package tagger

import (
	"bytes"
	"os"
	"slices"
	"testing"
)

func readTiny(t *testing.T) []Example {
	t.Helper()
	f, err := os.Open("testdata/tiny.conll")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	docs, err := ReadCoNLL(f)
	if err != nil {
		t.Fatal(err)
	}
	return docs
}

func TestReadCoNLL(t *testing.T) {
	docs := readTiny(t)
	if len(docs) != 2 || len(docs[0].Sents) != 2 || len(docs[1].Sents) != 1 {
		t.Fatalf("got %d documents: %+v", len(docs), docs)
	}
	// IOB1 "I-PER I-PER B-PER I-PER" is two names, in BIO "B I B I".
	got := docs[1].Tags[0][:4]
	want := []int{BPer, IPer, BPer, IPer}
	if !slices.Equal(got, want) {
		t.Errorf("tags %v, want %v", got, want)
	}
	if sp := Spans(docs[1].Tags[0]); len(sp) != 3 || sp[1] != [3]int{2, 4, 0} || sp[2] != [3]int{5, 6, 2} {
		t.Errorf("spans %v", sp)
	}
}

func TestBIO(t *testing.T) {
	for _, c := range [][3]string{
		{"O", "I-PER", "B-PER"}, {"I-PER", "I-PER", "I-PER"}, {"I-LOC", "I-PER", "B-PER"},
		{"B-PER", "I-PER", "I-PER"}, {"I-PER", "B-PER", "B-PER"}, {"I-PER", "O", "O"},
	} {
		if got := BIO(c[0], c[1]); got != c[2] {
			t.Errorf("BIO(%s, %s) = %s, want %s", c[0], c[1], got, c[2])
		}
	}
}

func TestTrainWriteRead(t *testing.T) {
	docs := readTiny(t)
	tg := TrainStacked(docs, 2, 5, 1, nil)
	var buf bytes.Buffer
	if err := tg.Write(&buf); err != nil {
		t.Fatal(err)
	}
	back, err := Read(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if back.Base.Features() != tg.Base.Features() || back.Stack.Features() != tg.Stack.Features() {
		t.Errorf("features %d+%d after reading, %d+%d before", back.Base.Features(), back.Stack.Features(), tg.Base.Features(), tg.Stack.Features())
	}
	// A model trained on three sentences tags them back.
	for _, ex := range docs {
		got := back.TagDoc(ex.Sents)
		for i := range ex.Sents {
			if !slices.Equal(got[i], ex.Tags[i]) {
				t.Errorf("%v: tagged %v, want %v", ex.Sents[i].Words, got[i], ex.Tags[i])
			}
		}
	}
	tg.Given["zyxwa"] = true // a learned name, not in given.txt
	buf.Reset()
	if err := tg.Write(&buf); err != nil {
		t.Fatal(err)
	}
	if back, err = Read(bytes.NewReader(buf.Bytes())); err != nil || !back.Given["zyxwa"] || !back.Given["oscar"] {
		t.Errorf("given names lost in the model file (%v)", err)
	}
	if _, err := Read(bytes.NewReader([]byte("not a model"))); err == nil {
		t.Error("Read accepted a file that is no model")
	}
}

func TestShape(t *testing.T) {
	for _, c := range [][3]string{{"Lavrov", "Xxxxxx", "Xx"}, {"U.S.", "X.X.", "X.X."}, {"1996-08-30", "dddd-dd-dd", "d-d-d"}} {
		if got := shape(c[0], false); got != c[1] {
			t.Errorf("shape(%q) = %q, want %q", c[0], got, c[1])
		}
		if got := shape(c[0], true); got != c[2] {
			t.Errorf("short shape(%q) = %q, want %q", c[0], got, c[2])
		}
	}
}
