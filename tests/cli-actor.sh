#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# cli-actor.sh - who acted, as the logs say it: an administrative command
# names the real user who ran it (login name and uid, from the kernel,
# never from LOGNAME or SUDO_USER), not "root" for a command that nobody
# ran on a store of its own; and each change of an account goes to the
# Linux audit log as shadow's useradd sends it (audit_log_acct_message:
# add-user, delete-user, unlock-user, disable-user, enable-user,
# change-class, reset-password, changing-password; a lock after failed
# logins as pam_faillock sends it), caught here by a
# preloaded stand-in (tests/audit_shim.c). Without the stand-in, nobody's
# process has no CAP_AUDIT_WRITE: the kernel refuses the record and the
# command still succeeds.
. "$(dirname "$0")/lib.sh"
: "${SYSLOG_SHIM:?set SYSLOG_SHIM to the syslog_shim.so built with the tests}"
: "${AUDIT_SHIM:?set AUDIT_SHIM to the audit_shim.so built with the tests}"
export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0
PW='Kx7#mWq2vL'
TMP='Temp#Pass123'
NEW='N3w!Secret99'
NOBODY=65534
chmod 755 "$T"
LOG=$T/syslog
AUD=$T/audit
pw() { # ARGS...: pwpol with both stand-ins, stdin from $IN
	run env LD_PRELOAD="$SYSLOG_SHIM $AUDIT_SHIM" PWPOL_SYSLOG_FILE="$LOG" \
		AUDIT_SHIM_LOG="$AUD" "$PWPOL" "$@"
}
audited() { # RECORD DESCRIPTION
	grep -qxF "$1" "$AUD" 2>/dev/null || fail "$2: the audit log lacks '$1': $(cat "$AUD" 2>/dev/null)"
}

IN="$PW\n" pw init
expect 0 "init"
IN="$TMP\n" pw useradd bob
expect 0 "useradd"
audited "type=1114 op=add-user acct=bob res=1" "useradd's record"
pw disable bob
audited "type=1135 op=disable-user acct=bob res=1" "disable"
pw enable bob
audited "type=1136 op=enable-user acct=bob res=1" "enable"
pw unlock bob
audited "type=1136 op=unlock-user acct=bob res=1" "unlock"
pw usermod --class operator bob
audited "type=2301 op=change-class acct=bob res=1" "class"
IN="Temp#Reset456\n" pw passwd --reset bob
expect 0 "a reset"
audited "type=1108 op=reset-password acct=bob res=1" "reset"
IN="Temp#Reset456\n$NEW\n" pw passwd bob
expect 0 "bob's own change"
audited "type=1108 op=changing-password acct=bob res=1" "a change"
# Failed logins up to the lock: the limit reached and the lock, as
# pam_faillock records them.
printf 'system { login { lockout { maximum-failed-attempts 2; lock-time 600; } } }\n' >"$T/lock.conf"
chmod 600 "$T/lock.conf"
for i in 1 2; do
	IN="wrong#Guess42\n" pw --config "$T/lock.conf" login bob
	expect 1 "wrong password $i"
done
audited "type=2100 op=login-failures acct=bob res=1" "the failed-login limit reached"
audited "type=2207 op=lock-user acct=bob res=1" "the lock"
pw userdel bob
audited "type=1115 op=delete-user acct=bob res=1" "userdel"
grep -q 'acct=.*[#!]' "$AUD" && fail "a password in the audit log"

# nobody on a store of its own: the log names nobody, by name and uid,
# whatever its environment says.
mkdir -m 700 "$T/nb"
chown $NOBODY:$NOBODY "$T/nb"
nb() { # ARGS...: pwpol as nobody, with the syslog stand-in only
	run setpriv --reuid=$NOBODY --regid=$NOBODY --clear-groups env LOGNAME=root \
		SUDO_USER=root USER=root LD_PRELOAD="$SYSLOG_SHIM" PWPOL_SYSLOG_FILE="$T/nb/syslog" \
		"$PWPOL" --db "$T/nb/accounts.db" "$@"
}
NAME=$(getent passwd $NOBODY | cut -d: -f1)
IN="$PW\n" nb init
expect 0 "nobody makes a store of its own"
IN="$TMP\n" nb useradd carol
expect 0 "nobody adds carol (the kernel refuses its audit record; the add stands)"
nb disable carol
expect 0 "nobody disables carol"
nb userdel carol
expect 0 "nobody deletes carol"
for what in "added with a temporary password" disabled deleted; do
	grep -qF "account carol $what by $NAME (uid $NOBODY)" "$T/nb/syslog" ||
		fail "nobody's '$what' names nobody: $(cat "$T/nb/syslog")"
done
grep -q 'by root' "$T/nb/syslog" && fail "nobody's commands logged as root's: $(cat "$T/nb/syslog")"

done_testing
