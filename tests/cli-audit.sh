#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# cli-audit.sh - the audit events of account administration, as the system
# log receives them from the `pwpol` command (caught by a preloaded
# syslog(3) stand-in, tests/syslog_shim.c): a lock after the configured
# failed logins, the automatic unlock noticed at the next login, an unlock
# by root and by an account acting with --as, disable, enable and a class
# change, each saying who acted and on whom; a lock set by passwd's wrong
# current password, with its count.
. "$(dirname "$0")/lib.sh"
: "${SYSLOG_SHIM:?set SYSLOG_SHIM to the syslog_shim.so built with the tests}"
# The shim is preloaded ahead of the sanitizer runtime in the ASan build.
export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0
export PWPOL_SYSLOG_FILE=$T/syslog
T0=1700000000
PW='Kx7#mWq2vL'
TMP='Temp#Pass123'
NEW='N3w!Secret99'
BAD='wrong#Guess42'
printf 'system { login { lockout { maximum-failed-attempts 3; lock-time 600; } } }\n' \
	>"$T/audit.conf"
chmod 600 "$T/audit.conf"
export PWPOL_CONFIG=$T/audit.conf

# Who root of this machine is in the log: its name and uid, and who
# logged in when the audit login uid says another user did (sudo, su).
ROOT_BY="root (uid 0)"
AUID=$(cat /proc/self/loginuid 2>/dev/null || echo 4294967295)
if [ "$AUID" != 4294967295 ] && [ "$AUID" != 0 ]; then
	ROOT_BY="root (uid 0, login uid $AUID $(getent passwd "$AUID" | cut -d: -f1 | grep . || echo '?'))"
fi
# pw NOW ARGS...: pwpol at NOW with the shim, stdin from $IN.
pw() {
	local now=$1
	shift
	run env LD_PRELOAD="$SYSLOG_SHIM" "$PWPOL" --now "$now" "$@"
}
# logged TEXT DESCRIPTION: a line of the log since the last mark is
# exactly "pwpol: TEXT" (at notice or warning, facility authpriv).
logged() {
	local lines
	lines=$(tail -n +"$MARK" "$T/syslog" 2>/dev/null | sed 's/^<[0-9]*> //')
	printf '%s\n' "$lines" | grep -qxF "pwpol: $1" ||
		fail "$2: the log lacks 'pwpol: $1'; since the mark it holds: $lines"
}
mark() {
	MARK=$(($(wc -l <"$T/syslog" 2>/dev/null || echo 0) + 1))
}
lock_bob() { # NOW: three wrong logins
	for _ in 1 2 3; do
		IN="$BAD\n" pw "$1" login bob
	done
	expect 1 "the third wrong password"
}

IN="$PW\n" pw $T0 init
expect 0 "init"
IN="$TMP\n" pw $T0 useradd bob
IN="$TMP\n$NEW\n" pw $T0 passwd bob
expect 0 "bob's own password"

# The lock: after the configured count, said by the login that made it.
mark
lock_bob $T0
logged "account bob locked for 600 seconds after 3 failed logins" "the lock"
# The lock runs out; the next login notices it.
mark
IN="$NEW\n" pw $((T0 + 600)) login bob
expect 0 "a login once the lock has run out"
logged "account bob unlocked automatically: its lock ended at $((T0 + 600))" "automatic unlock"

# An unlock by root of this machine, and by an account acting with --as.
T1=$((T0 + 1000))
lock_bob $T1
mark
pw $T1 unlock bob
expect 0 "root unlocks"
logged "account bob unlocked by $ROOT_BY" "root's unlock"
lock_bob $T1
mark
IN="$PW\n" pw $T1 --as admin unlock bob
expect 0 "admin unlocks with --as"
logged "account bob unlocked by admin" "admin's unlock"

# Disable, enable, class: who and on whom.
mark
pw $T1 disable bob
IN="$PW\n" pw $T1 --as admin enable bob
pw $T1 usermod --class operator bob
IN="$PW\n" pw $T1 --as admin usermod --class read-only bob
logged "account bob disabled by $ROOT_BY" "disable by root"
logged "account bob enabled by admin" "enable by admin"
logged "account bob given class operator by $ROOT_BY" "class by root"
logged "account bob given class read-only by admin" "class by admin"
IN="$PW\n" pw $T1 --as admin disable bob
logged "account bob disabled by admin" "disable by admin"
pw $T1 enable bob
logged "account bob enabled by $ROOT_BY" "enable by root"

# A wrong current password in passwd counts as a failed login would, and
# the lock it sets is logged with the count, as a login's is.
T2=$((T1 + 2000))
IN="$TMP\n" pw $T2 useradd carol
IN="$BAD\n" pw $T2 login carol
IN="$BAD\n" pw $T2 login carol
mark
IN="$BAD\n$NEW\n" pw $T2 passwd carol
expect 1 "passwd with a wrong current password"
logged "account carol locked for 600 seconds after 3 failures, the last a wrong current password" \
	"the lock set by passwd"

# No password ever reaches the log.
for s in "$PW" "$TMP" "$NEW" "$BAD"; do
	grep -qF "$s" "$T/syslog" && fail "a password in the log"
done
done_testing
