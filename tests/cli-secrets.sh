# SPDX-License-Identifier: BSD-3-Clause
# cli-secrets.sh - no password leaves `pwpol` in plain text: not in what it
# sends to syslog (caught by a preloaded syslog(3) stand-in, tests/syslog_shim.c,
# so the machine's own log is untouched), not on its stdout or stderr, not
# in the store's file. Every account command runs, with right and wrong
# passwords, a lockout and an unlock.
. "$(dirname "$0")/lib.sh"
: "${SYSLOG_SHIM:?set SYSLOG_SHIM to the syslog_shim.so built with the tests}"
T0=1700000000
DAY=86400
LOG=$T/syslog
export PWPOL_SYSLOG_FILE=$LOG
# The shim is preloaded ahead of the sanitizer runtime in the ASan build.
export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0
PW1='Kx7#mWq2vL' PW2='Temp#Pass123' PW3='N3w!Secret99' PW4='Zq9$Lm2#Vx7k' BAD='wrong#Guess42'
all=$T/all-output
: >"$all"

pw() {
	local input=$1 rc=0
	shift
	printf '%b' "$input" | LD_PRELOAD=$SYSLOG_SHIM "$PWPOL" "$@" >>"$all" 2>&1 || rc=$?
	echo "$rc"
}

[ "$(pw "$PW1\n" --now $T0 init)" = 0 ] || fail "init"
[ "$(pw "$PW2\n" --now $T0 useradd alice)" = 0 ] || fail "useradd"
[ "$(pw "$PW2\n" --now $T0 login alice)" = 4 ] || fail "temporary login"
[ "$(pw "$PW2\n$PW3\n" --now $T0 passwd alice)" = 0 ] || fail "passwd"
[ "$(pw "$BAD\n$PW4\n" --now $((T0 + 2 * DAY)) passwd alice)" = 1 ] || fail "passwd, wrong old"
[ "$(pw "$PW3\n$PW3\n" --now $((T0 + 2 * DAY)) passwd alice)" = 1 ] || fail "passwd, reuse"
for i in 1 2 3 4 5 6; do
	pw "$BAD\n" --now $T0 login alice >/dev/null
done
[ "$(pw "$PW3\n" --now $T0 login alice)" = 3 ] || fail "lockout"
[ "$(pw '' --now $T0 unlock alice)" = 0 ] || fail "unlock"
[ "$(pw "$PW3\n" --now $T0 login alice)" = 0 ] || fail "login"
[ "$(pw "$BAD\n" --now $T0 login nobody)" = 1 ] || fail "unknown user"
[ "$(pw "$PW4\n" --now $T0 passwd --reset alice)" = 0 ] || fail "reset"
[ "$(pw "$PW1\n$PW2\n" --now $T0 check --user alice)" = 0 ] || fail "check"
[ "$(pw '' --now $T0 show)" = 0 ] || fail "show"
[ "$(pw '' --now $T0 --json show alice)" = 0 ] || fail "show --json"
[ "$(pw '' --now $T0 userdel alice)" = 0 ] || fail "userdel"

[ -s "$LOG" ] || fail "nothing reached syslog: the shim saw no event, so this test saw nothing"
grep -q alice "$LOG" || fail "syslog names no account: $(head -3 "$LOG")"
for p in "$PW1" "$PW2" "$PW3" "$PW4" "$BAD"; do
	grep -F -q -- "$p" "$LOG" && fail "syslog holds the password $p: $(grep -F -- "$p" "$LOG")"
	grep -F -q -- "$p" "$all" && fail "the command printed the password $p"
	for f in "$PWPOL_DB" "$PWPOL_DB-wal"; do
		[ -f "$f" ] && grep -a -F -q -- "$p" "$f" && fail "$f holds the password $p"
	done
done
grep -q -e '\$6\$' -e '\$5\$' "$LOG" && fail "syslog holds a hash"
grep -q -e '\$6\$' "$all" && fail "the command printed a hash"
echo "figures: $(wc -l <"$LOG") syslog events, $(wc -c <"$all") bytes of output checked;" \
	"no password"
done_testing
