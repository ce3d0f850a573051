package faulttest

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestProtocolLines(t *testing.T) {
	for _, c := range []struct {
		line    string
		subject string
		size    int
		ok      bool
	}{
		{"PUB herald.events.x 12\r\n", "herald.events.x", 12, true},
		{"PUB $JS.ACK.ARTICLES.extract.1.2.3.4.0 _INBOX.abc 4\r\n", "$JS.ACK.ARTICLES.extract.1.2.3.4.0", 4, true},
		{"HPUB herald.articles.x _INBOX.a 22 96\r\n", "herald.articles.x", 96, true},
		{"SUB _INBOX.> 1\r\n", "", 0, false},
		{"PING\r\n", "", 0, false},
		{"PUB x\r\n", "", 0, false},
		{"PUB x y -1\r\n", "", 0, false},
	} {
		subject, size, ok := pubHeader([]byte(c.line))
		if subject != c.subject || size != c.size || ok != c.ok {
			t.Errorf("pubHeader(%q) = %q %d %v, want %q %d %v", c.line, subject, size, ok, c.subject, c.size, c.ok)
		}
	}
	for _, c := range []struct {
		line string
		size int
		ok   bool
	}{
		{"MSG herald.events.x 3 12\r\n", 12, true},
		{"MSG herald.articles.x 1 $JS.ACK.ARTICLES.extract.1.1.1.1.0 40\r\n", 40, true},
		{"HMSG herald.articles.x 1 $JS.ACK.a 30 70\r\n", 70, true},
		{"INFO {}\r\n", 0, false},
		{"+OK\r\n", 0, false},
	} {
		size, ok := msgHeader([]byte(c.line))
		if size != c.size || ok != c.ok {
			t.Errorf("msgHeader(%q) = %d %v, want %d %v", c.line, size, ok, c.size, c.ok)
		}
	}
}

func TestStripConnectURLs(t *testing.T) {
	in := `INFO {"server_id":"N1","port":4222,"connect_urls":["127.0.0.1:4223","127.0.0.1:4224"],"ws_connect_urls":["x"]}` + "\r\n"
	out := string(stripConnectURLs([]byte(in)))
	if !strings.HasPrefix(out, "INFO ") || !strings.HasSuffix(out, "\r\n") {
		t.Fatalf("not an INFO line: %q", out)
	}
	var info map[string]any
	if err := json.Unmarshal([]byte(strings.TrimSpace(out[len("INFO "):])), &info); err != nil {
		t.Fatal(err)
	}
	if _, ok := info["connect_urls"]; ok || info["ws_connect_urls"] != nil || info["server_id"] != "N1" {
		t.Errorf("stripped INFO %v", info)
	}
	if bad := "INFO {not json\r\n"; string(stripConnectURLs([]byte(bad))) != bad {
		t.Error("an unreadable INFO line was changed")
	}
}
