package telemetry

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/herald-news/herald/extractors/schema"
	"github.com/herald-news/herald/pipeline"
	"github.com/herald-news/herald/pipeline/pipelinetest"
)

func fetch(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestStartOnABus serves the endpoints for a real (embedded) bus: ready,
// the extraction consumer's lag once an article waits, not ready once the
// connection is gone, and a clean stop.
func TestStartOnABus(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	bus := pipelinetest.OpenBus(t, pipeline.Config{}, nil)
	if _, err := bus.PublishArticle(ctx, schema.Article{ID: "m1", Text: "Waiting."}); err != nil {
		t.Fatal(err)
	}
	sctx, stop := context.WithCancel(ctx)
	st, err := Start(sctx, "127.0.0.1:0", bus, nil)
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + st.Addr
	if code, body := fetch(t, base+"/readyz"); code != 200 {
		t.Fatalf("/readyz = %d %q, want 200", code, body)
	}
	want := `herald_consumer_pending{consumer="extract",stream="ARTICLES"} 1`
	var body string
	for ctx.Err() == nil {
		if _, body = fetch(t, base+"/metrics"); strings.Contains(body, want) {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if !strings.Contains(body, want) {
		t.Fatalf("/metrics never showed %q", want)
	}
	if _, err := Start(ctx, st.Addr, bus, nil); err == nil || !strings.Contains(err.Error(), st.Addr) {
		t.Errorf("a second Start on %s = %v, want an error naming the address", st.Addr, err)
	}
	bus.Conn().Close()
	if code, body := fetch(t, base+"/readyz"); code != 503 || !strings.Contains(body, "nats: not connected") {
		t.Errorf("/readyz after the connection closed = %d %q, want 503 naming nats", code, body)
	}
	stop()
	if err := <-st.Done; err != nil {
		t.Errorf("stop: %v", err)
	}
}
