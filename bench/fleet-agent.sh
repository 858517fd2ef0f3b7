#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# bench/fleet-agent.sh - what a PAM login costs through the node agent and
# the conductor, beside the same login with the store in the process
# (pam_pwpol db=, SQLite).
#
#   bench/fleet-agent.sh BUILD_DIR [N]     (as root; N logins each, default 200)
#
# One conductor over a SQLite store of its own and one pwpold, on loopback,
# in a temporary directory; pam_driver (tests/) runs each login as its own
# process, authenticate only, nodelay. Prints ms a login for each way and
# the ratio; and once more with an agent that keeps no offline cache
# (--offline-days 0), whose yescrypt after each login here competes for
# the same cores as the conductor's hash (on a fleet it runs on the node,
# after the answer); then the hash alone (python's crypt of alice's stored
# hash, in one process) and a pam_driver process with pam_permit alone,
# what every login above pays before pam_pwpol. Nothing outside the
# temporary directory is touched.
set -euo pipefail
B=$(cd "${1:?usage: fleet-agent.sh BUILD_DIR [N]}" && pwd)
N=${2:-200}
T=$(mktemp -d /tmp/pwpol-bench-fleet.XXXXXX)
PIDS=()
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null; rm -rf "$T"' EXIT
PW='Kx7#mWq2vL' OWN='Fl33t#Acc0unt-42'
export PWPOL_CONFIG=
printf '%s\n' "$PW" | "$B/pwpol" --db "$T/s.db" init >/dev/null
printf 'Temp#Pass123\n' | "$B/pwpol" --db "$T/s.db" useradd alice >/dev/null
printf 'Temp#Pass123\n%s\n' "$OWN" | "$B/pwpol" --db "$T/s.db" passwd alice >/dev/null
PORT=$(((RANDOM % 20000) + 30000))
"$B/pwpol" --db "$T/s.db" conductor --listen "127.0.0.1:$PORT" --state "$T/state" 2>"$T/c.log" &
PIDS+=($!)
for _ in $(seq 100); do grep -q listening "$T/c.log" 2>/dev/null && break; sleep 0.1; done
out=$("$B/pwpol" --db "$T/s.db" node token --state "$T/state")
tok=$(awk '$1 == "token" {print $2}' <<<"$out")
fp=$(awk '$1 == "ca-fingerprint" {print $2}' <<<"$out")
"$B/pwpol" node enroll --conductor "127.0.0.1:$PORT" --token "$tok" --ca-fingerprint "$fp" \
	--name bench --dir "$T/node" >/dev/null
# agent NAME OPTIONS: a pwpold on socket $T/NAME.sock.
agent() {
	local n=$1
	shift
	"$B/pwpold" --conductor "127.0.0.1:$PORT" --cert "$T/node/node.pem" --key "$T/node/node.key" \
		--ca "$T/node/ca.pem" --socket "$T/$n.sock" --cache "$T/$n.cache" "$@" 2>"$T/$n.log" &
	PIDS+=($!)
	for _ in $(seq 100); do grep -q connected "$T/$n.log" 2>/dev/null && break; sleep 0.1; done
}
agent cached
agent nocache --offline-days 0
mkdir "$T/pam.d"
echo "auth required $B/pam_pwpol.so agent=$T/cached.sock nodelay" >"$T/pam.d/agent"
echo "auth required $B/pam_pwpol.so agent=$T/nocache.sock nodelay" >"$T/pam.d/nocache"
echo "auth required $B/pam_pwpol.so db=$T/s.db nodelay" >"$T/pam.d/direct"
echo "auth required pam_permit.so" >"$T/pam.d/permit"

# ms a login: N logins of alice, each its own pam_driver process.
per_login() {
	local t0 t1
	t0=$(date +%s%N)
	for _ in $(seq "$N"); do
		"$B/tests/pam_driver" --confdir "$T/pam.d" --service "$1" \
			--user alice authenticate <<<"$OWN" >/dev/null || { echo "login failed ($1)" >&2; exit 1; }
	done
	t1=$(date +%s%N)
	echo "scale=2; ($t1 - $t0) / 1000000 / $N" | bc
}
per_login agent >/dev/null # warm: the cache's first write
sleep 1
direct=$(per_login direct)
agent=$(per_login agent)
nocache=$(per_login nocache)
floor=$(per_login permit)
echo "logins: $N each, authenticate only, one pam_driver process a login"
echo "direct (pam_pwpol db=, SQLite in the process):  $direct ms a login"
echo "agent (pam_pwpol agent= -> pwpold -> conductor): $agent ms a login"
echo "agent, no offline cache (--offline-days 0):    $nocache ms a login"
echo "ratio agent/direct: $(echo "scale=2; $agent / $direct" | bc); without the cache: $(echo "scale=2; $nocache / $direct" | bc)"
# The hash alone: alice's stored hash verified N times by crypt(3) in one
# process (what the conductor's login costs at the least).
H=$(sqlite3 "$T/s.db" "SELECT hash FROM accounts WHERE name = 'alice'")
hash=$(python3 -W ignore -c '
import crypt, sys, time
h, pw, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
t = time.perf_counter()
for _ in range(n):
    crypt.crypt(pw, h)
print("%.2f" % ((time.perf_counter() - t) / n * 1000))' "$H" "$OWN" "$N")
echo "the hash alone (crypt of ${H:0:3}, in one process): $hash ms"
echo "a pam_driver process with pam_permit alone: $floor ms (every login above pays it)"
echo "agent login beyond that process, over the hash: $(echo "scale=2; ($agent - $floor) / $hash" | bc)"
