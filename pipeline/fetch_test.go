package pipeline

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// TestFetchBacksOffOnFailure runs the fetch loop on a consumer whose stream
// was deleted, so that every fetch fails at once: the loop waits 1 s, 2 s,
// 4 s, ... up to 10 s between attempts instead of asking again at once.
func TestFetchBacksOffOnFailure(t *testing.T) {
	b := openBus(t, Config{})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	js := b.JetStream()
	if _, err := js.CreateStream(ctx, jetstream.StreamConfig{Name: "GONE", Subjects: []string{"gone.>"}}); err != nil {
		t.Fatal(err)
	}
	cons, err := js.CreateOrUpdateConsumer(ctx, "GONE", jetstream.ConsumerConfig{Durable: "c", AckPolicy: jetstream.AckExplicitPolicy})
	if err != nil {
		t.Fatal(err)
	}
	if err := js.DeleteStream(ctx, "GONE"); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var delays []time.Duration
	old := backoffSleep
	backoffSleep = func(_ context.Context, d time.Duration) {
		mu.Lock()
		defer mu.Unlock()
		if delays = append(delays, d); len(delays) == 7 {
			cancel()
		}
	}
	defer func() { backoffSleep = old }()
	fetchLoop(ctx, cons, 1, b.log, func([]jetstream.Msg) { t.Error("a message from a deleted stream") })
	want := []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second, 10 * time.Second, 10 * time.Second, 10 * time.Second}
	if len(delays) != len(want) {
		t.Fatalf("delays %v, want %v", delays, want)
	}
	for i := range want {
		if delays[i] != want[i] {
			t.Fatalf("delays %v, want %v", delays, want)
		}
	}
	if got := nextBackoff(0); got != time.Second {
		t.Errorf("after a success the first delay is %v, want 1s", got)
	}
}

// TestMessagesArrivingAfterStopAreNaked stops a sink-sized fetch loop from
// inside its first message, then publishes a second while the loop's pull
// request is still open: the second is naked, not left to wait out
// AckWait, and a new loop gets it at once.
func TestMessagesArrivingAfterStopAreNaked(t *testing.T) {
	b := openBus(t, Config{})
	bg := context.Background()
	js := b.JetStream()
	if _, err := js.CreateStream(bg, jetstream.StreamConfig{Name: "T", Subjects: []string{"t.>"}}); err != nil {
		t.Fatal(err)
	}
	cons, err := js.CreateOrUpdateConsumer(bg, "T", jetstream.ConsumerConfig{
		Durable: "c", AckPolicy: jetstream.AckExplicitPolicy, AckWait: time.Hour,
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(bg)
	var handled []string
	done := make(chan struct{})
	go func() {
		defer close(done)
		fetchLoop(ctx, cons, 64, b.log, func(msgs []jetstream.Msg) {
			for _, m := range msgs {
				handled = append(handled, string(m.Data()))
				if err := m.DoubleAck(bg); err != nil {
					t.Error(err)
				}
			}
			cancel()
			// Published while this loop's pull request is open.
			if _, err := js.Publish(bg, "t.x", []byte("second")); err != nil {
				t.Error(err)
			}
		})
	}()
	if _, err := js.Publish(bg, "t.x", []byte("first")); err != nil {
		t.Fatal(err)
	}
	<-done
	if len(handled) != 1 || handled[0] != "first" {
		t.Fatalf("handled %q, want only the first message", handled)
	}
	info, err := cons.Info(bg)
	if err != nil {
		t.Fatal(err)
	}
	// Delivered once to the stopped loop, which naked it once.
	if info.NumRedelivered > 1 || info.Delivered.Consumer > 2 {
		t.Errorf("the second message went round: %d deliveries, %d redelivered", info.Delivered.Consumer, info.NumRedelivered)
	}
	// With AckWait an hour, only a nak makes the second deliverable now.
	ctx2, cancel2 := context.WithCancel(bg)
	got := make(chan string, 1)
	done2 := make(chan struct{})
	go func() {
		defer close(done2)
		fetchLoop(ctx2, cons, 1, b.log, func(msgs []jetstream.Msg) {
			_ = msgs[0].Ack()
			got <- string(msgs[0].Data())
			cancel2()
		})
	}()
	select {
	case s := <-got:
		if s != "second" {
			t.Errorf("next start got %q, want the second message", s)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the message that arrived after the stop was not delivered again (it waits out AckWait)")
	}
	cancel2()
	<-done2
}
