// Package clustertest starts a JetStream cluster of nats-servers inside the
// test process, over loopback routes, so that herald's fault tests can kill
// and restart nodes the way an operator's outage would. It is for tests and
// benchmarks only, in the manner of net/http/httptest.
package clustertest

import (
	"fmt"
	"net"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
)

// Cluster is a running set of JetStream nodes routed to one another.
type Cluster struct {
	Name  string
	Nodes []*Node
	tb    testing.TB
}

// Node is one member of a Cluster. Its ports and store stay the same across
// Restart, as a real server's would.
type Node struct {
	opts *server.Options
	srv  *server.Server // guarded by the test goroutine; nil while stopped
}

// Start starts n nodes and waits until JetStream has a meta leader. The
// cluster is shut down when the test ends.
func Start(tb testing.TB, n int) *Cluster {
	tb.Helper()
	c := &Cluster{Name: "herald-test", tb: tb}
	clientPorts := freePorts(tb, n)
	routePorts := freePorts(tb, n)
	var routes []*url.URL
	for _, p := range routePorts {
		routes = append(routes, &url.URL{Scheme: "nats-route", Host: fmt.Sprintf("127.0.0.1:%d", p)})
	}
	base := tb.TempDir()
	for i := 0; i < n; i++ {
		opts := &server.Options{
			ServerName: fmt.Sprintf("n%d", i+1),
			Host:       "127.0.0.1",
			Port:       clientPorts[i],
			JetStream:  true,
			StoreDir:   filepath.Join(base, fmt.Sprintf("n%d", i+1)),
			NoSigs:     true,
			NoLog:      true,
			Cluster: server.ClusterOpts{
				Name: c.Name,
				Host: "127.0.0.1",
				Port: routePorts[i],
			},
			Routes: routes,
		}
		c.Nodes = append(c.Nodes, &Node{opts: opts})
	}
	for _, nd := range c.Nodes {
		nd.start(tb)
	}
	tb.Cleanup(c.Shutdown)
	c.WaitForLeader()
	return c
}

// URL returns the client URLs of every node, comma-separated, as nats.Connect
// takes them.
func (c *Cluster) URL() string {
	var urls []string
	for _, nd := range c.Nodes {
		urls = append(urls, fmt.Sprintf("nats://127.0.0.1:%d", nd.opts.Port))
	}
	return strings.Join(urls, ",")
}

// Stop shuts node i down, as a crash of its host would.
func (c *Cluster) Stop(i int) {
	nd := c.Nodes[i]
	if nd.srv == nil {
		return
	}
	nd.srv.Shutdown()
	nd.srv.WaitForShutdown()
	nd.srv = nil
}

// Restart starts node i again on the same ports and store.
func (c *Cluster) Restart(i int) {
	c.tb.Helper()
	c.Nodes[i].start(c.tb)
	c.WaitForLeader()
}

// Shutdown stops every node.
func (c *Cluster) Shutdown() {
	for i := range c.Nodes {
		c.Stop(i)
	}
}

// WaitForLeader waits until a running node reports itself JetStream meta
// leader and every running node sees the routes to the others.
func (c *Cluster) WaitForLeader() {
	c.tb.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		running, leader, routed := 0, false, true
		for _, nd := range c.Nodes {
			if nd.srv == nil {
				continue
			}
			running++
			if nd.srv.JetStreamIsLeader() {
				leader = true
			}
		}
		for _, nd := range c.Nodes {
			if nd.srv != nil && nd.srv.NumRoutes() < running-1 {
				routed = false
			}
		}
		if leader && routed {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	c.tb.Fatalf("clustertest: no JetStream meta leader within 30s")
}

func (nd *Node) start(tb testing.TB) {
	tb.Helper()
	// Options are consumed by the server; give each start its own copy.
	o := nd.opts.Clone()
	s, err := server.NewServer(o)
	if err != nil {
		tb.Fatalf("clustertest: new server %s: %v", o.ServerName, err)
	}
	go s.Start()
	if !s.ReadyForConnections(10 * time.Second) {
		tb.Fatalf("clustertest: server %s not ready", o.ServerName)
	}
	nd.srv = s
}

// Server returns the running server of the node, or nil while it is
// stopped.
func (nd *Node) Server() *server.Server { return nd.srv }

// freePorts reserves n loopback ports by listening and closing. Another
// process could take one in between; on a test machine that is rare enough.
func freePorts(tb testing.TB, n int) []int {
	tb.Helper()
	var ls []net.Listener
	var ports []int
	for i := 0; i < n; i++ {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			tb.Fatalf("clustertest: reserve port: %v", err)
		}
		ls = append(ls, l)
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	for _, l := range ls {
		l.Close()
	}
	return ports
}
