package pipeline

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
)

// BenchmarkPublishArticle measures de-duplicated publishing onto the
// embedded server (seen-set lookup, publish, seen-set mark).
func BenchmarkPublishArticle(b *testing.B) {
	bus := openBus(b, Config{})
	ctx := context.Background()
	text := strings.Repeat("A sentence about a treaty. ", 100)
	b.ResetTimer()
	for i := range b.N {
		if _, err := bus.PublishArticle(ctx, article(fmt.Sprintf("b%d", i), text)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkStage measures the spine alone: articles through the extraction
// stage (a trivial extractor, 10 events an article) and into a sink.
func BenchmarkStage(b *testing.B) {
	bus := openBus(b, Config{})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	w := &Worker{Bus: bus, Extractor: &sentenceEvents{}, Version: "bench", Concurrency: 4}
	sink := &memSink{}
	if err := bus.SetupSink(ctx, StreamEvents, "mem"); err != nil {
		b.Fatal(err)
	}
	done := make(chan struct{}, 2)
	go func() { w.Run(ctx); done <- struct{}{} }()
	go func() { RunEventSink(ctx, bus, "mem", sink); done <- struct{}{} }()
	text := strings.Repeat("A sentence about a treaty. ", 10)
	b.ResetTimer()
	start := time.Now()
	for i := range b.N {
		if _, err := bus.PublishArticle(ctx, article(fmt.Sprintf("s%d", i), text)); err != nil {
			b.Fatal(err)
		}
	}
	waitAll(b, bus, "mem")
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "articles/s")
	b.StopTimer()
	cancel()
	<-done
	<-done
	if sink.len() != 10*b.N {
		b.Fatalf("sink holds %d events, want %d", sink.len(), 10*b.N)
	}
}
