#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# fleet-local.sh - one machine on its own SQLite store, the light way
# (issue 26): `pwpol conductor --socket PATH` keeps the store open and
# serves this machine's modules over a Unix socket, pam_pwpol agent=PATH
# asks it. A login, a refusal counted in the store and logged as pam_unix
# logs it, the account phase and a forced change through the socket; a
# non-root peer refused; getent through libnss_pwpol; no fleet CA made
# without --listen; and what the PAM host maps: pam_pwpol.so alone.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-pam.sh"
. "$(dirname "$0")/lib-fleet.sh"

DB=$T/accounts.db
TMP_PW='Temp#Pass123' TMP2='Reset#Pass-456' OWN='L0cal#Acc0unt-42' NEW_PW='L0cal#Chang3d-7' BAD='Wrong#Guess-42'
IN="$PW\n" run "$PWPOL" --db "$DB" init
expect 0 "init"
IN="$TMP_PW\n" run "$PWPOL" --db "$DB" useradd alice
expect 0 "useradd alice"
IN="$TMP_PW\n$OWN\n" run "$PWPOL" --db "$DB" passwd alice
expect 0 "alice sets a password of her own"

run "$PWPOL" --db "$DB" conductor
expect 2 "a conductor with neither --listen nor --socket"
has "--listen ADDR:PORT or --socket PATH is needed" "said so"
run "$PWPOL" --db "$DB" conductor --socket relative.sock
expect 2 "a relative socket path"

mkdir -m 755 "$T/local"
: >"$T/conductor.log"
"$PWPOL" --db "$DB" conductor --socket "$T/local/socket" --state "$T/state" \
	>>"$T/conductor.log" 2>&1 &
CONDUCTOR_PID=$!
wait_for "$T/conductor.log" "listening on $T/local/socket (this machine's modules)" ||
	fail "the conductor listens on its socket"
[ ! -e "$T/state" ] || fail "no fleet state made without --listen"
[ "$(stat -c %a "$T/local/socket")" = 666 ] || fail "anyone may connect (the uid decides)"
service local "agent=$T/local/socket nodelay"
run "$PWPOL" node status --socket "$T/local/socket"
expect 0 "node status on the local socket"
has "conductor (this machine's socket): the store answers" "says the store answers"

IN="$OWN\n" pam --service local --user alice login
expect 0 "alice logs in through the socket"
IN="$BAD\n" pam --service local --user alice --rhost 192.0.2.7 login
expect 7 "a wrong password refused"
logged "authentication failure; logname=" "the refusal logged as pam_unix logs it"
logged " user=alice" "naming the account"
IN="$BAD\n" pam --service local --user nosuch --rhost 192.0.2.8 authenticate
expect 7 "an unknown name refused"
case "$LOG" in *"user=nosuch"*) fail "an unknown name is not logged as a user" ;; esac
# fail2ban's stock pam-generic filter reads both lines, as rsyslog writes
# them, and bans their hosts (pam-fail2ban.sh does the same for db=).
if command -v fail2ban-regex >/dev/null; then
	sed -n 's/^<[0-9]*> \(pam_pwpol(\([a-z]*\):auth): authentication failure;.*\)$/Dec  7 03:30:00 host \2[4242]: \1/p' \
		"$T/syslog.all" >"$T/auth.log"
	got=$(fail2ban-regex "$T/auth.log" 'pam-generic[__pam_auth=pam_pwpol]' --out ip 2>/dev/null |
		sort | tr '\n' ' ')
	echo "fail2ban: $got"
	[ "$got" = "192.0.2.7 192.0.2.8 " ] || fail "fail2ban's pam-generic: the hosts '$got'"
fi
run "$PWPOL" --db "$DB" --json show alice
has '"failures":1' "the failure counted in the store"
grep -q "local auth alice: rejected" "$T/conductor.log" || fail "the conductor logs the request"

if command -v setpriv >/dev/null; then
	IN="$OWN\n" run setpriv --reuid=65534 --regid=65534 --clear-groups env \
		LD_PRELOAD="$SYSLOG_SHIM" "$PAM_DRIVER" --confdir "$T/pam.d" --service local \
		--user alice authenticate
	expect 9 "a login asked by a non-root process: refused"
	grep -q "local auth from uid 65534 .*: refused: root only" "$T/conductor.log" ||
		fail "the conductor says so"
	on local setpriv --reuid=65534 --regid=65534 --clear-groups getent passwd alice
	expect 0 "a lookup by anyone"
	case "$OUT" in "alice:x:"*":/home/alice:/bin/bash") ;; *) fail "getent passwd alice: '$OUT'" ;; esac
fi

# ignore_unknown, stacked as the pam-auth-update profile stacks it before
# pam_unix (pam_permit stands in for it): a name the store does not hold
# goes to the next module with nothing asked of the store but its state;
# an account of the store is judged by pwpol alone.
cat >"$T/pam.d/stacked" <<EOF2
auth [success=done user_unknown=ignore default=die] $PAM_PWPOL agent=$T/local/socket ignore_unknown nodelay
auth required pam_permit.so
account [success=done user_unknown=ignore default=die] $PAM_PWPOL agent=$T/local/socket ignore_unknown
account required pam_permit.so
EOF2
n0=$(grep -c 'local auth' "$T/conductor.log")
IN="anything\n" pam --service stacked --user bob authenticate acct_mgmt
expect 0 "ignore_unknown: bob, no account of the store, is the next module's"
[ "$(grep -c 'local auth' "$T/conductor.log")" = "$n0" ] || fail "no password of bob's was tried"
run "$PWPOL" --db "$DB" --json show alice
f0=$(printf '%s\n' "$OUT" | sed -n 's/.*"failures":\([0-9]*\).*/\1/p')
IN="$BAD\n" pam --service stacked --user alice authenticate
expect 7 "ignore_unknown: alice's wrong password is refused by pwpol, not passed on"
run "$PWPOL" --db "$DB" --json show alice
has "\"failures\":$((f0 + 1))" "and counted"

IN="$TMP2\n" run "$PWPOL" --db "$DB" passwd --reset alice
expect 0 "the administrator resets alice (temporary)"
IN="$TMP2\n$TMP2\n$NEW_PW\n$NEW_PW\n" pam --service local --user alice login
expect 0 "alice logs in and must change it"
has "acct_mgmt: PAM_NEW_AUTHTOK_REQD" "the change is asked"
has "chauthtok-expired: PAM_SUCCESS" "and made through the socket"
IN="$NEW_PW\n" pam --service local --user alice login
expect 0 "the new password"
hasnt "NEW_AUTHTOK" "no change asked again"

# What the module adds to the PAM host: itself, nothing of libpwpol,
# SQLite or a store library, after a whole login (auth, account,
# password); nothing left after pam_end.
if [ "${PWPOL_SANITIZE:-0}" != 1 ] && [ "${PWPOL_SANITIZE:-}" != ON ]; then
	run "$PAM_WEIGHT" --list "$T/pam.d" local alice "$NEW_PW" 20
	expect 0 "the weight host"
	echo "$OUT"
	r=$(printf '%s\n' "$OUT" | grep '^RESULT')
	case "$r" in *" rc=0/0/0"*) ;; *) fail "a whole login through the socket: $r" ;; esac
	case "$r" in *" objects=1 "*) ;; *) fail "pam_pwpol agent= maps one object, itself: $r" ;; esac
	case "$r" in *" after_end_objects=0 "*) ;; *) fail "pam_end leaves nothing mapped: $r" ;; esac
	for lib in libpwpol libsqlite3 libcrypt libutf8proc libpq pam-direct; do
		printf '%s\n' "$OUT" | grep -q "+ .*/$lib[.-]" && fail "a login through the socket mapped $lib"
	done
fi
# The thin module under valgrind memcheck, through the socket: no invalid
# access, no uninitialised value, no leak, for a login, a refusal, an
# unknown name passed on, and (after the conductor stops) no one to ask.
VG=0
if command -v valgrind >/dev/null && [ "${PWPOL_SANITIZE:-0}" != 1 ] &&
	[ "${PWPOL_SANITIZE:-}" != ON ]; then
	VG=1
	PAM_WRAP=(valgrind -q --error-exitcode=99 --leak-check=full
		--show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect)
	vg() { # STATUS DESC DRIVER-ARGS...
		local want=$1 desc=$2
		shift 2
		pam "$@"
		[ "$RC" -ne 99 ] || fail "$desc under valgrind: $ERR"
		expect "$want" "$desc (valgrind)"
	}
	IN="$NEW_PW\n" vg 0 "a login" --service local --user alice login
	IN="$BAD\n" vg 7 "a refusal" --service local --user alice authenticate
	IN="x\n" vg 0 "an unknown name passed on" --service stacked --user bob authenticate
fi
fleet_finish
[ ! -e "$T/local/socket" ] || fail "the socket removed when the conductor stops"
if [ "$VG" = 1 ]; then
	IN="$NEW_PW\n" vg 9 "no one answers the socket" --service local --user alice authenticate
	logged "does not answer" "the module says so"
	PAM_WRAP=()
fi
done_testing
