package clustertest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// A replicated stream keeps every acknowledged message when the node that
// leads it is killed, and the restarted node catches up.
func TestReplicatedStreamSurvivesNodeLoss(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a three-node cluster")
	}
	c := Start(t, 3)
	nc, err := nats.Connect(c.URL(), nats.MaxReconnects(-1), nats.ReconnectWait(50*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	st, err := js.CreateStream(ctx, jetstream.StreamConfig{Name: "T", Subjects: []string{"t.>"}, Replicas: 3})
	if err != nil {
		t.Fatal(err)
	}
	publish := func(from, to int) {
		for i := from; i < to; i++ {
			for {
				_, err := js.Publish(ctx, "t.x", []byte(fmt.Sprint(i)), jetstream.WithMsgID(fmt.Sprint(i)))
				if err == nil {
					break
				}
				if ctx.Err() != nil {
					t.Fatalf("publish %d: %v", i, err)
				}
				time.Sleep(20 * time.Millisecond)
			}
		}
	}
	publish(0, 100)
	info, err := st.Info(ctx)
	if err != nil {
		t.Fatal(err)
	}
	leader := -1
	for i, nd := range c.Nodes {
		if nd.Server().Name() == info.Cluster.Leader {
			leader = i
		}
	}
	if leader < 0 {
		t.Fatalf("stream leader %q is no node of the cluster", info.Cluster.Leader)
	}
	c.Stop(leader)
	publish(100, 200)
	c.Restart(leader)
	publish(200, 250)

	deadline := time.Now().Add(30 * time.Second)
	for {
		var msgs uint64
		if info, err = st.Info(ctx); err == nil {
			msgs = info.State.Msgs
		}
		if msgs == 250 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("stream holds %d messages, want 250 (err %v)", msgs, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
