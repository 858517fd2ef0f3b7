#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# bench/fleet-nodes.sh - many nodes on one conductor and one PostgreSQL,
# beside the same nodes each opening the store themselves (pam_pwpol db=,
# the issue's alternative): logins per second, median and p99 latency, and
# whether every failure sent was counted in the store.
#
#   bench/fleet-nodes.sh BUILD_DIR [NODES] [LOGINS]   (default 1000 nodes, 5 logins each)
#
# One throwaway PostgreSQL (tests/pg-server.sh, fsync on, max_connections
# 100 as Debian ships it), one conductor (--store-connections 16, or
# $STORE_CONNECTIONS: 1000 is what the conductor did before its pool), the
# nodes simulated in one process by bench_nodes (bench_nodes.c), one
# thread a node with a TLS connection of its own (one enrolled identity
# shared). One login in five is a wrong password on one of 50 failure
# accounts (lockout at 100, never reached). Nothing outside a temporary
# directory is touched.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
B=$(cd "${1:?usage: fleet-nodes.sh BUILD_DIR [NODES] [LOGINS]}" && pwd)
NODES=${2:-1000}
LOGINS=${3:-5}
ACCOUNTS=50
T=$(mktemp -d /tmp/pwpol-bench-nodes.XXXXXX)
PGS="bash $ROOT/tests/pg-server.sh"
CPID=
trap '[ -n "$CPID" ] && kill $CPID 2>/dev/null; wait 2>/dev/null; $PGS stop "$T/pg.state" >/dev/null 2>&1; rm -rf "$T"' EXIT
cc -O2 -pthread -I"$ROOT/agent" -I"$ROOT/include" "$ROOT/bench/bench_nodes.c" "$ROOT/agent/proto.c" \
	"$ROOT/agent/net.c" \
	-o "$T/bench_nodes" -L"$B" -lpwpol -Wl,-rpath,"$B" -lgnutls
PWPOL_PG_FSYNC=on $PGS start "$T/pg.state" >/dev/null
DB=$($PGS fresh "$T/pg.state" bench_nodes)
# shellcheck disable=SC1091
. "$T/pg.state"
sql() { "$BIN/psql" -X -q -At "$DB" -c "$1"; }
printf 'system { login { password { profile ssr; } lockout { maximum-failed-attempts 100; lock-time 60; } } }\n' >"$T/pwpol.conf"
export PWPOL_CONFIG=$T/pwpol.conf
PW='Kx7#mWq2vL' OWN='Fl33t#Acc0unt-42'
printf '%s\n' "$PW" | "$B/pwpol" --db "$DB" init >/dev/null
printf 'Temp#Pass123\n' | "$B/pwpol" --db "$DB" useradd s0 >/dev/null
printf 'Temp#Pass123\n%s\n' "$OWN" | "$B/pwpol" --db "$DB" passwd s0 >/dev/null
H=$(sql "SELECT hash FROM accounts WHERE name = 's0'")
for i in $(seq 0 $((ACCOUNTS - 1))); do
	[ "$i" = 0 ] || printf '%s\n' "$H" | "$B/pwpol" --db "$DB" useradd "s$i" --import-hash - >/dev/null
	printf '%s\n' "$H" | "$B/pwpol" --db "$DB" useradd "f$i" --import-hash - >/dev/null
done
PORT=$(((RANDOM % 10000) + 20000))
"$B/pwpol" --db "$DB" conductor --listen "127.0.0.1:$PORT" --state "$T/state" \
	--store-connections "${STORE_CONNECTIONS:-16}" 2>"$T/c.log" &
CPID=$!
for _ in $(seq 100); do grep -q listening "$T/c.log" 2>/dev/null && break; sleep 0.1; done
out=$("$B/pwpol" --db "$DB" node token --state "$T/state")
"$B/pwpol" node enroll --conductor "127.0.0.1:$PORT" --token "$(awk '$1 == "token" {print $2}' <<<"$out")" \
	--ca-fingerprint "$(awk '$1 == "ca-fingerprint" {print $2}' <<<"$out")" --name sim --dir "$T/node" >/dev/null
ulimit -n 65536 2>/dev/null || true

echo "machine: $(uname -m), $(nproc) cores, $(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -1), load $(cut -d' ' -f1 /proc/loadavg)"
echo "$("$BIN/postgres" --version), max_connections $(sql 'SHOW max_connections'); $NODES nodes x $LOGINS logins, 1 in 5 wrong"
# run MODE NODES: one run, then the failures the store counted.
run() {
	sql "UPDATE accounts SET failures = 0, locked_until = 0" >/dev/null
	if [ "$1" = agent ]; then
		"$T/bench_nodes" agent "127.0.0.1:$PORT" "$T/node/node.pem" "$T/node/node.key" "$T/node/ca.pem" \
			"$2" "$LOGINS" 5 "$ACCOUNTS" "$OWN" | sed 's/^RESULT //'
	else
		"$T/bench_nodes" direct "$DB" "$2" "$LOGINS" 5 "$ACCOUNTS" "$OWN" 2>/dev/null | sed 's/^RESULT //'
	fi
	echo "  failures counted in the store: $(sql "SELECT coalesce(sum(failures), 0) FROM accounts WHERE name LIKE 'f%'")"
}
run agent "$NODES"
[ -n "${AGENT_ONLY:-}" ] && exit 0
run direct "$NODES"
run agent 50
run direct 50
