# SPDX-License-Identifier: BSD-3-Clause
# lib-fleet.sh - what the fleet tests share: a conductor over a store of
# the test's own, nodes enrolled with one-time tokens, an agent (pwpold) a
# node with its own socket and cache, pam_pwpol with agent= through the
# real Linux-PAM (service files of the test's own naming), and getent
# through libnss_pwpol in a private mount namespace where /etc/nsswitch.conf
# is a bind-mounted copy that names pwpol: the machine's own is never read
# or changed. Sourced after lib.sh and lib-pam.sh.
skip() { echo "skipped: $1"; exit 77; }
: "${PWPOLD:?set PWPOLD to the pwpold binary}"
: "${NSS_PWPOL:?set NSS_PWPOL to libnss_pwpol.so.2}"
[ "$(id -u)" -eq 0 ] || skip "not root: the private mount namespace of getent needs it"
command -v unshare >/dev/null || skip "no unshare"
unshare -m true 2>/dev/null || skip "no mount namespace here (unshare -m refused)"
chmod 755 "$T"
STATE=$T/state
# Below the kernel's ephemeral range (32768-60999 by default): a port of
# that range may be held at any moment by another test's client socket,
# and the conductor's bind then fails, as it once did under the sanitizer.
CPORT=$(( (RANDOM % 10000) + 20000 ))
CONDUCTOR_PID=
AGENT_PIDS=()
printf 'passwd: files pwpol\ngroup: files pwpol\nshadow: files\nhosts: files\n' >"$T/nsswitch.conf"
chmod 644 "$T/nsswitch.conf"

fleet_cleanup() {
	for p in "${AGENT_PIDS[@]}" $CONDUCTOR_PID; do kill "$p" 2>/dev/null || true; done
	for p in "${AGENT_PIDS[@]}" $CONDUCTOR_PID; do wait "$p" 2>/dev/null || true; done
	rm -rf "$T"
}
trap fleet_cleanup EXIT

# fleet_finish: stops the agents and the conductor (SIGTERM: they exit
# through main, where a sanitizer build checks for leaks) and fails on any
# sanitizer report in their logs.
fleet_finish() {
	for p in "${AGENT_PIDS[@]}" $CONDUCTOR_PID; do kill "$p" 2>/dev/null || true; done
	for p in "${AGENT_PIDS[@]}" $CONDUCTOR_PID; do wait "$p" 2>/dev/null || true; done
	AGENT_PIDS=()
	CONDUCTOR_PID=
	if grep -l 'Sanitizer' "$T"/*.log >/dev/null 2>&1; then
		grep -h -A12 'Sanitizer' "$T"/*.log | head -60 >&2
		fail "a sanitizer report in the conductor's or an agent's log"
	fi
}

# wait_for FILE TEXT: until FILE holds TEXT (10 s at most).
wait_for() {
	for _ in $(seq 100); do
		grep -qF -- "$2" "$1" 2>/dev/null && return 0
		sleep 0.1
	done
	echo "--- $1:" >&2
	cat "$1" >&2 || true
	return 1
}

# conductor_start DB [OPTIONS]: the conductor on 127.0.0.1:$CPORT.
conductor_start() {
	local db=$1
	shift
	FLEET_DB=$db
	: >>"$T/conductor.log"
	local mark
	mark=$(wc -l <"$T/conductor.log")
	"$PWPOL" --db "$db" conductor --listen "127.0.0.1:$CPORT" --state "$STATE" "$@" \
		>>"$T/conductor.log" 2>&1 &
	CONDUCTOR_PID=$!
	for _ in $(seq 100); do
		[ "$(tail -n +$((mark + 1)) "$T/conductor.log" | grep -c 'listening on')" -ge 1 ] && return 0
		sleep 0.1
	done
	cat "$T/conductor.log" >&2
	return 1
}

# wait_connected NAME [CONDUCTOR]: until NAME's agent says it is connected
# (to CONDUCTOR, HOST:PORT, when given).
wait_connected() {
	local want=${2:-}
	for _ in $(seq 100); do
		run "$PWPOL" node status --socket "$T/$1/socket"
		case "$OUT" in *"conductor $want"*": connected"*) return 0 ;; esac
		sleep 0.1
	done
	fail "$1 connected again${want:+ to $want}: $OUT"
}

conductor_stop() {
	kill "$CONDUCTOR_PID" 2>/dev/null || true
	wait "$CONDUCTOR_PID" 2>/dev/null || true
	CONDUCTOR_PID=
}

# enroll NAME: a token on the conductor, then the node's enrollment.
enroll() {
	run "$PWPOL" --db "$FLEET_DB" node token --state "$STATE"
	local tok fp
	tok=$(printf '%s\n' "$OUT" | awk '$1 == "token" {print $2}')
	fp=$(printf '%s\n' "$OUT" | awk '$1 == "ca-fingerprint" {print $2}')
	run "$PWPOL" node enroll --conductor "127.0.0.1:$CPORT" --token "$tok" \
		--ca-fingerprint "$fp" --name "$1" --dir "$T/$1"
}

# agent_start NAME [OPTIONS]: the node's agent; waits until it is connected.
agent_start() {
	local n=$1
	shift
	: >"$T/$n.log"
	"$PWPOLD" --conductor "127.0.0.1:$CPORT" --cert "$T/$n/node.pem" --key "$T/$n/node.key" \
		--ca "$T/$n/ca.pem" --socket "$T/$n/socket" --cache "$T/$n/cache" "$@" \
		>>"$T/$n.log" 2>&1 &
	AGENT_PIDS+=($!)
	# The agent's socket is reached through the node's directory (as
	# /run/pwpold would be): open to lookups from anyone.
	chmod 755 "$T/$n"
	wait_for "$T/$n.log" "connected to the conductor"
	for group in auth account password; do
		echo "$group required $PAM_PWPOL agent=$T/$n/socket nodelay"
	done >"$T/pam.d/$n"
}

# on NAME CMD...: CMD in a mount namespace of its own where
# /etc/nsswitch.conf names pwpol and /run/pwpold/socket is NAME's agent.
on() {
	local n=$1
	shift
	run unshare -m sh -c '
		mount --make-rprivate / &&
		mount --bind "$0/nsswitch.conf" /etc/nsswitch.conf &&
		mount -t tmpfs tmpfs /run && mkdir /run/pwpold &&
		ln -s "$0/$1/socket" /run/pwpold/socket &&
		shift && exec env LD_LIBRARY_PATH="$NSS_DIR" "$@"' "$T" "$n" "$@"
}
NSS_DIR=$(dirname "$NSS_PWPOL")
export NSS_DIR
