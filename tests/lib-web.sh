# SPDX-License-Identifier: BSD-3-Clause
# lib-web.sh - starting and stopping `pwpol web` for the web tests, on
# 127.0.0.1 and a port the kernel picks (the server prints it), and
# curl with a cookie jar, as a browser keeps one. Sourced after lib.sh.
# With SYSLOG_SHIM (tests/syslog_shim.c) the server's audit events go to
# $PWPOL_SYSLOG_FILE instead of the system log.
export PWPOL_SYSLOG_FILE=$T/syslog
export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0
WEB_PID=
WEB_URL=

# web_start [ARGS...]: starts `pwpol web --listen 127.0.0.1:0 ARGS` on
# $PWPOL_DB; sets WEB_URL, or fails the whole test.
web_start() {
	: >"$T/web.out" # there before the server opens it, so the wait can read it
	LD_PRELOAD=${SYSLOG_SHIM:-} "$PWPOL" web --listen 127.0.0.1:0 "$@" >"$T/web.out" 2>"$T/web.err" &
	WEB_PID=$!
	web_wait
}

# web_wait: waits for the server started as $WEB_PID to say where it
# listens ($WEB_URL) and the association token it printed, or the file it
# wrote it to (--token-file), ($WEB_TOKEN).
web_wait() {
	for _ in $(seq 100); do
		WEB_URL=$(sed -n 's|^pwpol web: listening on \(.*\)/$|\1|p' "$T/web.out")
		WEB_TOKEN=$(sed -n 's|^pwpol web: association (while it is offered): .*/?token=\([0-9a-f]*\)$|\1|p' "$T/web.out")
		local file
		file=$(sed -n 's|^pwpol web: association (while it is offered): .*/ with the token in \(.*\)$|\1|p' "$T/web.out")
		[ -z "$file" ] || WEB_TOKEN=$(cat "$file")
		[ -n "$WEB_URL" ] && [ -n "$WEB_TOKEN" ] && return 0
		kill -0 "$WEB_PID" 2>/dev/null || break
		sleep 0.05
	done
	echo "FAIL: pwpol web did not start: $(cat "$T/web.err")" >&2
	exit 1
}

web_stop() {
	[ -n "$WEB_PID" ] || return 0
	kill -TERM "$WEB_PID"
	local rc=0
	wait "$WEB_PID" || rc=$?
	WEB_PID=
	[ "$rc" -eq 0 ] || fail "pwpol web ended with $rc on SIGTERM"
}
trap 'web_stop_quiet; rm -rf "$T"' EXIT
web_stop_quiet() { [ -z "$WEB_PID" ] || kill -TERM "$WEB_PID" 2>/dev/null || true; }

# req JAR METHOD PATH [curl args...]: headers and body in $OUT, the HTTP
# status in $CODE.
req() {
	local jar=$1 method=$2 path=$3
	shift 3
	OUT=$(curl -sS -k -i -b "$T/$jar" -c "$T/$jar" -X "$method" "$@" "$WEB_URL$path")
	CODE=$(printf '%s\n' "$OUT" | sed -n '1s/^HTTP\/[0-9.]* \([0-9]*\).*/\1/p')
	ERR=
}

# csrf: the token of the last page.
csrf() {
	printf '%s\n' "$OUT" | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' | head -1
}

# status N DESCRIPTION: the last request answered N.
status() {
	[ "$CODE" = "$1" ] || fail "$2: HTTP $CODE, expected $1"
}
