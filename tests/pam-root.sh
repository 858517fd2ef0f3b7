#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# pam-root.sh - root and failed logins: exempt from the lock by default (as
# pam_faillock without even_deny_root), locked with `root-lockout`, for
# root-lock-time when written; and the console stack of pam_pwpol(8) that
# lets root in on a terminal whatever the store holds (pam_permit and
# pam_deny stand in for pam_unix's right and wrong root password, so
# /etc/shadow is never involved).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-pam.sh"
IN="$PW\n" run "$PWPOL" init
expect 0 "init"

cat >"$T/exempt.conf" <<'CONF'
set system login lockout maximum-failed-attempts 3
set system login lockout lock-time 600
CONF
service exempt "db=$DB config=$T/exempt.conf nodelay"
for i in 1 2 3 4 5 6; do
	IN='wrong#Pass99\n' pam --service exempt --user root authenticate
	expect 7 "root: failure $i"
done
case "$LOG" in *"account root locked"*) fail "root locked without root-lockout: $LOG" ;; esac
IN="$PW\n" pam --service exempt --user root login
expect 0 "root after six failures: not locked (no root-lockout)"
# admin, a system account too but not root, is locked as any account.
for i in 1 2 3; do
	IN='wrong#Pass99\n' pam --service exempt --user admin authenticate
done
logged 'account admin locked for 600 seconds after 3 failed logins' "admin is locked"

cat >"$T/root.conf" <<'CONF'
set system login lockout maximum-failed-attempts 3
set system login lockout lock-time 600
set system login lockout root-lockout
set system login lockout root-lock-time 120
CONF
run "$PWPOL" --config "$T/root.conf" config check
expect 0 "root-lockout and root-lock-time: a valid policy"
run "$PWPOL" unlock admin
service root "db=$DB config=$T/root.conf nodelay"
for i in 1 2 3; do
	IN='wrong#Pass99\n' pam --service root --user root authenticate
	expect 7 "root-lockout: failure $i"
done
logged 'account root locked for 120 seconds after 3 failed logins' "root locked for root-lock-time"
IN="$PW\n" pam --service root --user root authenticate
expect 7 "root locked: the right password is refused"
pam --service root --user root acct_mgmt
expect 6 "root locked: the account group says PAM_PERM_DENIED"

# The console: root on a terminal falls back to the machine's password when
# pam_pwpol refuses; nobody else, and not over the network.
console console pam_permit.so db=$DB config=$T/root.conf
console console-wrong pam_deny.so db=$DB config=$T/root.conf
IN="$PW\n" pam --service console --user root --tty /dev/tty1 login
expect 0 "console: locked root gets in with the machine's password"
IN="$PW\n" pam --service console-wrong --user root --tty /dev/tty1 login
expect 7 "console: a wrong machine password is refused"
IN="$PW\n" pam --service console --user root --tty ssh --rhost 192.0.2.7 login
expect 7 "console stack over ssh: root stays locked"
IN="$PW\n" run "$PWPOL" useradd alice
IN='wrong#Pass99\n' pam --service console --user alice --tty /dev/tty1 login
expect 7 "console: alice gets pam_pwpol's answer alone"
done_testing
