#!/usr/bin/env bash
# A three-node JetStream cluster on this machine's loopback, for trying
# herald's deployment out (docs/scale.md): client ports 14222-14224, route
# ports 16222-16224, stores and logs under DIR. No authentication: for a
# real deployment use deploy/nats/n1.conf .. n3.conf.
#
#   deploy/local/cluster.sh start DIR   # prints the --nats-url to use
#   deploy/local/cluster.sh stop DIR
set -euo pipefail

cmd="${1:-}"
dir="${2:-}"
if [ -z "$cmd" ] || [ -z "$dir" ]; then
	echo "usage: $0 start|stop DIR" >&2
	exit 2
fi
server="${NATS_SERVER:-$(command -v nats-server || echo /usr/sbin/nats-server)}"

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

case "$cmd" in
start)
	[ -x "$server" ] || { echo "no nats-server (set NATS_SERVER)" >&2; exit 1; }
	mkdir -p "$dir"
	dir="$(cd "$dir" && pwd)"
	for i in 1 2 3; do
		if port_open $((14221 + i)); then
			echo "port $((14221 + i)) is taken: is a cluster already running?" >&2
			exit 1
		fi
		cat >"$dir/n$i.conf" <<CONF
server_name: n$i
listen: 127.0.0.1:$((14221 + i))
max_payload: 8MB
jetstream { store_dir: "$dir/n$i" }
cluster {
  name: herald-local
  listen: 127.0.0.1:$((16221 + i))
  routes: [
    nats-route://127.0.0.1:16222
    nats-route://127.0.0.1:16223
    nats-route://127.0.0.1:16224
  ]
}
CONF
		"$server" -c "$dir/n$i.conf" -l "$dir/n$i.log" -P "$dir/n$i.pid" >/dev/null 2>&1 </dev/null &
	done
	for i in 1 2 3; do
		for _ in $(seq 1 50); do
			port_open $((14221 + i)) && break
			sleep 0.2
		done
		port_open $((14221 + i)) || { echo "n$i did not start: see $dir/n$i.log" >&2; exit 1; }
	done
	echo "nats://127.0.0.1:14222,nats://127.0.0.1:14223,nats://127.0.0.1:14224"
	;;
stop)
	for i in 1 2 3; do
		if [ -f "$dir/n$i.pid" ]; then
			kill "$(cat "$dir/n$i.pid")" 2>/dev/null || true
			rm -f "$dir/n$i.pid"
		fi
	done
	;;
*)
	echo "usage: $0 start|stop DIR" >&2
	exit 2
	;;
esac
