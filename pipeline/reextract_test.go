package pipeline

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/herald-news/herald/extractors/schema"
)

// versioned is sentenceEvents under an extractor version: its event ids
// carry the version, as the events extractor's do.
type versioned struct {
	sentenceEvents
	version string
}

func (x *versioned) Extract(a schema.Article) (schema.Document, error) {
	doc, err := x.sentenceEvents.Extract(a)
	for i := range doc.Events {
		doc.Events[i].ID += "@" + x.version
		doc.Events[i].ExtractorVersion = x.version
	}
	return doc, err
}

// docStore is a DocumentSink that replaces an article's document, as the
// SQL stores do.
type docStore struct {
	mu   sync.Mutex // guards docs
	docs map[string]schema.Document
}

func (s *docStore) WriteDocument(_ context.Context, doc schema.Document) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.docs == nil {
		s.docs = map[string]schema.Document{}
	}
	s.docs[doc.Article.ID] = doc
	return nil
}

func (s *docStore) versions() map[string]string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string]string{}
	for id, d := range s.docs {
		var vs []string
		for _, ev := range d.Events {
			vs = append(vs, ev.ExtractorVersion)
		}
		out[id] = strings.Join(vs, ",")
	}
	return out
}

func TestReextractReplacesDocuments(t *testing.T) {
	ctx := context.Background()
	b := openBus(t, Config{})
	store := &docStore{}
	if err := b.SetupSink(ctx, StreamDocuments, "docs"); err != nil {
		t.Fatal(err)
	}
	run(t, func(ctx context.Context) error { return RunDocumentSink(ctx, b, "docs", store) })
	w1 := &Worker{Bus: b, Extractor: &versioned{version: "v1"}, Version: "v1"}
	run(t, w1.Run)
	for i := range 3 {
		if _, err := b.PublishArticle(ctx, article(fmt.Sprintf("x%d", i), "One. Two.")); err != nil {
			t.Fatal(err)
		}
	}
	waitAll(t, b, "")
	waitAcked(t, b, StreamDocuments, SinkConsumer("docs"))
	if v := store.versions(); v["x0"] != "v1,v1" || len(v) != 3 {
		t.Fatalf("after the first extraction: %v", v)
	}

	// Articles 2 and 3 (stream sequences 2..3) through version 2.
	w2 := &Worker{Bus: b, Extractor: &versioned{version: "v2"}, Version: "v2", Concurrency: 2}
	n, err := w2.Reextract(ctx, Range{FromSeq: 2})
	if err != nil || n != 2 {
		t.Fatalf("reextract: %d articles, %v", n, err)
	}
	if s := w2.Stats(); s.Processed != 2 || s.Events != 4 {
		t.Fatalf("stats %+v", s)
	}
	waitAcked(t, b, StreamDocuments, SinkConsumer("docs"))
	v := store.versions()
	if v["x0"] != "v1,v1" || v["x1"] != "v2,v2" || v["x2"] != "v2,v2" || len(v) != 3 {
		t.Fatalf("after re-extraction: %v", v)
	}
	// The same version again publishes nothing new.
	before, _ := b.LastSeq(ctx, StreamEvents)
	if _, err := w2.Reextract(ctx, Range{FromSeq: 2}); err != nil {
		t.Fatal(err)
	}
	if after, _ := b.LastSeq(ctx, StreamEvents); after != before {
		t.Fatalf("re-extracting with the same version added %d events", after-before)
	}
}
