// Package faulttest holds herald's fault tests: a three-node JetStream
// cluster (pipeline/clustertest) with extraction workers and the JSON Lines
// sink on it, a node killed mid-run, a worker killed between its publishes
// and its ack, the embedded server restarted, a poison article. Each test
// counts what was published, processed and stored, and asserts that nothing
// was lost and nothing doubled.
//
// The package's one non-test export is Proxy, a NATS-aware TCP proxy that
// cuts a client's connection at a chosen protocol message, the way a
// process killed at that instant would drop it.
package faulttest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"strconv"
	"sync"
)

// Proxy forwards NATS client connections to a server. Cut is asked about
// every message the client publishes (PUB and HPUB); when it returns true
// the message is not forwarded and the connection is closed both ways, as
// if the client process died just before the message left it. Later
// connections (the client reconnecting) are forwarded as before.
type Proxy struct {
	// Cut decides, from a published message's subject, whether the
	// connection dies instead of forwarding it. It may be called from
	// several goroutines at once.
	Cut func(subject string) bool

	target string
	ln     net.Listener

	mu    sync.Mutex // guards conns, cuts
	conns map[net.Conn]struct{}
	cuts  int
	wg    sync.WaitGroup
}

// NewProxy listens on a loopback port and forwards to target (host:port).
func NewProxy(target string) (*Proxy, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	p := &Proxy{target: target, ln: ln, conns: map[net.Conn]struct{}{}}
	p.wg.Go(p.accept)
	return p, nil
}

// URL is the proxy's client URL.
func (p *Proxy) URL() string { return "nats://" + p.ln.Addr().String() }

// Cuts is how many connections the proxy has cut.
func (p *Proxy) Cuts() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.cuts
}

// Close stops accepting and closes every connection.
func (p *Proxy) Close() error {
	err := p.ln.Close()
	p.mu.Lock()
	for c := range p.conns {
		c.Close()
	}
	p.mu.Unlock()
	p.wg.Wait()
	return err
}

func (p *Proxy) accept() {
	for {
		client, err := p.ln.Accept()
		if err != nil {
			return
		}
		server, err := net.Dial("tcp", p.target)
		if err != nil {
			client.Close()
			continue
		}
		p.track(client, server)
		p.wg.Go(func() {
			p.backward(server, client)
			p.drop(client, server)
		})
		p.wg.Go(func() {
			if p.forward(client, server) {
				p.mu.Lock()
				p.cuts++
				p.mu.Unlock()
			}
			p.drop(client, server)
		})
	}
}

func (p *Proxy) track(cs ...net.Conn) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range cs {
		p.conns[c] = struct{}{}
	}
}

func (p *Proxy) drop(cs ...net.Conn) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range cs {
		c.Close()
		delete(p.conns, c)
	}
}

// forward copies the client's protocol to the server message by message
// and reports whether it stopped because Cut said so.
func (p *Proxy) forward(client, server net.Conn) (cut bool) {
	r := bufio.NewReaderSize(client, 64<<10)
	for {
		line, err := r.ReadBytes('\n')
		if err != nil {
			return false
		}
		frame := line
		if subject, size, ok := pubHeader(line); ok {
			body := make([]byte, size+2) // payload and its CRLF
			if _, err := io.ReadFull(r, body); err != nil {
				return false
			}
			if p.Cut != nil && p.Cut(subject) {
				return true
			}
			frame = append(append([]byte{}, line...), body...)
		}
		if _, err := server.Write(frame); err != nil {
			return false
		}
	}
}

// backward copies the server's protocol to the client, with the cluster's
// other client URLs taken out of INFO messages: a client that knew them
// would reconnect around the proxy.
func (p *Proxy) backward(server, client net.Conn) {
	r := bufio.NewReaderSize(server, 64<<10)
	for {
		line, err := r.ReadBytes('\n')
		if err != nil {
			return
		}
		frame := line
		if size, ok := msgHeader(line); ok {
			body := make([]byte, size+2)
			if _, err := io.ReadFull(r, body); err != nil {
				return
			}
			frame = append(append([]byte{}, line...), body...)
		} else if bytes.HasPrefix(line, []byte("INFO ")) {
			frame = stripConnectURLs(line)
		}
		if _, err := client.Write(frame); err != nil {
			return
		}
	}
}

// stripConnectURLs rewrites an INFO line without connect_urls.
func stripConnectURLs(line []byte) []byte {
	var info map[string]json.RawMessage
	if err := json.Unmarshal(bytes.TrimSpace(line[len("INFO "):]), &info); err != nil {
		return line
	}
	delete(info, "connect_urls")
	delete(info, "ws_connect_urls")
	b, err := json.Marshal(info)
	if err != nil {
		return line
	}
	return append(append([]byte("INFO "), b...), '\r', '\n')
}

// msgHeader parses "MSG subject sid [reply] size" and "HMSG subject sid
// [reply] hdrsize totalsize" control lines: the payload's size.
func msgHeader(line []byte) (size int, ok bool) {
	f := bytes.Fields(line)
	if len(f) < 4 {
		return 0, false
	}
	switch string(bytes.ToUpper(f[0])) {
	case "MSG", "HMSG":
	default:
		return 0, false
	}
	n, err := strconv.Atoi(string(f[len(f)-1]))
	if err != nil || n < 0 {
		return 0, false
	}
	return n, true
}

// pubHeader parses "PUB subject [reply] size" and "HPUB subject [reply]
// hdrsize totalsize" control lines: the subject and the payload's size.
func pubHeader(line []byte) (subject string, size int, ok bool) {
	f := bytes.Fields(line)
	if len(f) < 3 {
		return "", 0, false
	}
	switch string(bytes.ToUpper(f[0])) {
	case "PUB", "HPUB":
	default:
		return "", 0, false
	}
	n, err := strconv.Atoi(string(f[len(f)-1]))
	if err != nil || n < 0 {
		return "", 0, false
	}
	return string(f[1]), n, true
}

// String describes the proxy for test logs.
func (p *Proxy) String() string { return fmt.Sprintf("proxy %s -> %s", p.ln.Addr(), p.target) }
