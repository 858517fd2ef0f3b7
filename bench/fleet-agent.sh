#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# bench/fleet-agent.sh - what a PAM login costs through the node agent and
# the conductor, beside the same login with the store in the process
# (pam_pwpol db=, SQLite).
#
#   bench/fleet-agent.sh BUILD_DIR [N [MODE]]   (as root; N logins each, default 200)
#
# MODE process (the default) is described here; MODE host and callgrind
# below, before the code that runs them.
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
B=$(cd "${1:?usage: fleet-agent.sh BUILD_DIR [N [process|host|callgrind]]}" && pwd)
N=${2:-200}
MODE=${3:-process}
case $MODE in process | host | callgrind) ;; *)
	echo "fleet-agent.sh: MODE is process, host or callgrind" >&2
	exit 2
	;;
esac
# ONE_CORE=1: the conductor, the agents and bench_pam all on the last core
# (taskset), so that the conductor's hash runs on the core the bare
# crypt_rn is timed on (the two cores of a VM need not run at one speed)
# and nothing of a login runs beside another part of it.
PIN=()
[ "${ONE_CORE:-0}" = 1 ] && PIN=(taskset -c "$(($(nproc) - 1))")
T=$(mktemp -d /tmp/pwpol-bench-fleet.XXXXXX)
PIDS=()
SRC=$(cd "$(dirname "$0")" && pwd)
# Under callgrind the conductor and the agent run in valgrind too, each
# counting into its own file; callgrind_control zeroes and dumps them.
VG=()
[ "$MODE" = callgrind ] && VG=(valgrind --tool=callgrind --callgrind-out-file="$T/cg.%p")
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null; rm -rf "$T"' EXIT
PW='Kx7#mWq2vL' OWN='Fl33t#Acc0unt-42'
export PWPOL_CONFIG=
printf '%s\n' "$PW" | "$B/pwpol" --db "$T/s.db" init >/dev/null
printf 'Temp#Pass123\n' | "$B/pwpol" --db "$T/s.db" useradd alice >/dev/null
printf 'Temp#Pass123\n%s\n' "$OWN" | "$B/pwpol" --db "$T/s.db" passwd alice >/dev/null
PORT=$(((RANDOM % 20000) + 30000))
${PIN[@]+"${PIN[@]}"} ${VG[@]+"${VG[@]}"} "$B/pwpol" --db "$T/s.db" conductor --listen "127.0.0.1:$PORT" \
	--state "$T/state" 2>"$T/c.log" &
PIDS+=($!)
CPID=$!
for _ in $(seq 600); do grep -q listening "$T/c.log" 2>/dev/null && break; sleep 0.1; done
out=$("$B/pwpol" --db "$T/s.db" node token --state "$T/state")
tok=$(awk '$1 == "token" {print $2}' <<<"$out")
fp=$(awk '$1 == "ca-fingerprint" {print $2}' <<<"$out")
"$B/pwpol" node enroll --conductor "127.0.0.1:$PORT" --token "$tok" --ca-fingerprint "$fp" \
	--name bench --dir "$T/node" >/dev/null
# agent NAME OPTIONS: a pwpold on socket $T/NAME.sock.
agent() {
	local n=$1
	shift
	${PIN[@]+"${PIN[@]}"} ${VG[@]+"${VG[@]}"} "$B/pwpold" --conductor "127.0.0.1:$PORT" --cert "$T/node/node.pem" \
		--key "$T/node/node.key" --ca "$T/node/ca.pem" --socket "$T/$n.sock" \
		--cache "$T/$n.cache" "$@" 2>"$T/$n.log" &
	PIDS+=($!)
	APID=$!
	for _ in $(seq 600); do grep -q connected "$T/$n.log" 2>/dev/null && break; sleep 0.1; done
}
agent cached
CACHED=$APID
[ "$MODE" = process ] && agent nocache --offline-days 0
mkdir "$T/pam.d"
echo "auth required $B/pam_pwpol.so agent=$T/cached.sock nodelay" >"$T/pam.d/agent"
echo "auth required $B/pam_pwpol.so agent=$T/nocache.sock nodelay" >"$T/pam.d/nocache"
echo "auth required $B/pam_pwpol.so db=$T/s.db nodelay" >"$T/pam.d/direct"
echo "auth required pam_permit.so" >"$T/pam.d/permit"

H=$(sqlite3 "$T/s.db" "SELECT hash FROM accounts WHERE name = 'alice'")

# MODE host: what a login adds inside a PAM host that is already running
# (sshd's monitor, login and su pay their own process start anyway).
# bench_pam (bench/bench_pam.c, built here with cc) runs pam_start ->
# pam_authenticate -> pam_end in a loop in one process, Linux-PAM loading
# pam_pwpol.so at each pam_start and unloading it at pam_end, alternated
# with the bare crypt_rn of alice's stored hash: N rounds, medians of wall
# and CPU time of the PAM process. The CPU time of the agent and of the
# conductor (utime + stime in /proc/PID/stat, as getrusage counts it, every
# thread) is read before and after, and divided by the agent logins made
# (N and one untimed): no other login reaches them meanwhile.
#
# MODE callgrind: the same paths counted in instructions. The conductor and
# the agent run under callgrind, zeroed before and dumped after N agent
# logins made by one bench_pam; each bench_pam runs under callgrind too,
# once with 1 login and once with N + 1, so its start and first module load
# fall out of the difference.
if [ "$MODE" != process ]; then
	cc -O2 -std=gnu11 -o "$T/bench_pam" "$SRC/bench_pam.c" -lpam -lcrypt
	bp() { ${PIN[@]+"${PIN[@]}"} "$T/bench_pam" --stored "$H" "$T/pam.d" "$OWN" "$@"; }
	echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores;" \
		"load average $(cut -d' ' -f1-3 /proc/loadavg)${PIN[*]:+; all on one core (${PIN[*]})}"
fi
if [ "$MODE" = host ]; then
	bp 1 agent:alice >/dev/null # warm: the cache's first write
	tck=$(getconf CLK_TCK)
	ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
	sticks() { awk '{print $15}' "/proc/$1/stat"; }
	c0=$(ticks "$CPID") a0=$(ticks "$CACHED") cs0=$(sticks "$CPID") as0=$(sticks "$CACHED")
	out=$(bp "$N" crypt:- agent:alice direct:alice permit:alice)
	c1=$(ticks "$CPID") a1=$(ticks "$CACHED") cs1=$(sticks "$CPID") as1=$(sticks "$CACHED")
	echo "$out"
	f() { awk -v s="$1" -v k="$2" '$3 == "service=" s { for (i = 1; i <= NF; i++)
		if (split($i, kv, "=") == 2 && kv[1] == k) print kv[2] }' <<<"$out"; }
	cw=$(f crypt median_ms) cc=$(f crypt cpu_ms)
	aw=$(f agent median_ms) ac=$(f agent cpu_ms)
	dw=$(f direct median_ms) dc=$(f direct cpu_ms)
	pw=$(f permit median_ms) pc=$(f permit cpu_ms)
	cond=$(echo "scale=4; ($c1 - $c0) * 1000 / $tck / ($N + 1)" | bc)
	agt=$(echo "scale=4; ($a1 - $a0) * 1000 / $tck / ($N + 1)" | bc)
	conds=$(echo "scale=4; ($cs1 - $cs0) * 1000 / $tck / ($N + 1)" | bc)
	agts=$(echo "scale=4; ($as1 - $as0) * 1000 / $tck / ($N + 1)" | bc)
	tot=$(echo "scale=4; $ac + $cond + $agt" | bc)
	r() { echo "scale=2; $1 / $2" | bc; }
	echo "logins: $N each, alternated in one PAM host process, authenticate only"
	echo "the bare crypt_rn of alice's stored hash: wall $cw ms, CPU $cc ms"
	echo "agent login: wall $aw ms ($(r "$aw" "$cw")x the hash)"
	echo "  CPU: PAM host $ac ms + pwpold $agt ms + conductor $cond ms = $tot ms" \
		"($(r "$tot" "$cc")x the hash's CPU)"
	echo "  of which the kernel's (stime): PAM host $(f agent sys_ms) ms, pwpold $agts ms," \
		"conductor $conds ms"
	echo "  conductor beyond its hash: $(echo "scale=4; $cond - $cc" | bc) ms;" \
		"agent and PAM host: $(echo "scale=4; $ac + $agt" | bc) ms"
	echo "db= login: wall $dw ms ($(r "$dw" "$cw")x), CPU $dc ms ($(r "$dc" "$cc")x)"
	echo "pam_permit alone (Linux-PAM and a module load, the floor): wall $pw ms, CPU $pc ms"
	exit 0
fi
if [ "$MODE" = callgrind ]; then
	bp 1 agent:alice >/dev/null # warm: the cache's first write
	ir() { callgrind_annotate "$1" 2>/dev/null | awk '/PROGRAM TOTALS/ {gsub(",", "", $1); print $1}'; }
	crypt_ir() { callgrind_annotate --inclusive=yes "$1" 2>/dev/null |
		awk '$0 ~ /[:\/ ]crypt_rn( |$)/ {gsub(",", "", $1); print $1; exit}'; }
	# host SERVICE: instructions a login in the PAM host process.
	host() {
		valgrind -q --tool=callgrind --callgrind-out-file="$T/h1.$1" "$T/bench_pam" --stored "$H" \
			"$T/pam.d" "$OWN" 1 "$1:alice" >/dev/null
		callgrind_control -z "$CPID" >/dev/null 2>&1
		callgrind_control -z "$CACHED" >/dev/null 2>&1
		valgrind -q --tool=callgrind --callgrind-out-file="$T/hn.$1" "$T/bench_pam" --stored "$H" \
			"$T/pam.d" "$OWN" "$((N + 1))" "$1:alice" >/dev/null
		echo $((($(ir "$T/hn.$1") - $(ir "$T/h1.$1")) / N))
	}
	hc=$(host crypt)
	hd=$(host direct)
	hp=$(host permit)
	ha=$(host agent)
	callgrind_control -d "$CPID" >/dev/null 2>&1
	callgrind_control -d "$CACHED" >/dev/null 2>&1
	cf=$(ls "$T/cg.$CPID".* | tail -1) af=$(ls "$T/cg.$CACHED".* | tail -1)
	# The dumps hold the last bench_pam's logins: its untimed one and N + 1.
	k=$((N + 2))
	ci=$(($(ir "$cf") / k)) cc=$(($(crypt_ir "$cf") / k)) ai=$(($(ir "$af") / k))
	tot=$((ha + ai + ci))
	echo "instructions a login (callgrind), $N logins:"
	echo "the bare crypt_rn of alice's stored hash (PAM host process): $hc"
	echo "agent login: PAM host $ha + pwpold $ai + conductor $ci = $tot" \
		"($(echo "scale=3; $tot / $hc" | bc)x the hash)"
	echo "  of the conductor's, crypt_rn: $cc ($(echo "scale=1; 100 * $cc / $ci" | bc) %)"
	echo "db= login (PAM host process): $hd ($(echo "scale=3; $hd / $hc" | bc)x the hash)"
	echo "pam_permit alone (PAM host process): $hp"
	exit 0
fi

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
