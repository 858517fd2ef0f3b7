#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# pam-fail2ban.sh - the log lines pam_pwpol writes inside a PAM host read by
# fail2ban's own filters (Debian's fail2ban, through fail2ban-regex): every
# refused login (a wrong password, an unknown user, a locked account) is a
# `pam_pwpol(SERVICE:auth): authentication failure; logname= uid= euid= tty=
# ruser= rhost=HOST [user=NAME]` line, field for field pam_unix's, which
# pam-generic (with __pam_auth=pam_pwpol, as for any module but pam_unix)
# bans by HOST and the sshd filter takes as it takes pam_unix's.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-pam.sh"
if ! command -v fail2ban-regex >/dev/null; then
	echo "SKIP: fail2ban-regex not installed (Debian: fail2ban)"
	exit 0
fi

service sshd "db=$DB"
service login "db=$DB"
IN="$PW\n" run "$PWPOL" init
expect 0 "init"


# Wrong passwords from two hosts, an unknown user, and the tries on a
# locked account: each one a failure fail2ban must count.
for i in 1 2 3; do
	IN='wrong#Pass1\n' pam --service sshd --user admin --rhost 192.0.2.7 authenticate
	expect 7 "wrong password $i"
	logged 'pam_pwpol(sshd:auth): authentication failure; logname=' "pam_unix's form"
	logged 'tty= ruser= rhost=192.0.2.7  user=admin' "the host and the user"
done
IN='wrong#Pass1\n' pam --service login --user admin --rhost 192.0.2.8 authenticate
expect 7 "wrong password over login"
IN="$PW\n" pam --service sshd --user mallory --rhost 192.0.2.9 authenticate
expect 7 "unknown user"
logged 'rhost=192.0.2.9' "unknown user: the host"
case "$LOG" in *user=mallory*) fail "a name that is no account was logged: $LOG" ;; esac
for i in 1 2 3 4; do
	IN='wrong#Pass1\n' pam --service sshd --user admin --rhost 192.0.2.7 authenticate
done
logged 'locked' "the account is locked by now"
IN="$PW\n" pam --service sshd --user admin --rhost 192.0.2.7 authenticate
expect 7 "the right password on a locked account"
logged 'rhost=192.0.2.7  user=admin' "a try on a locked account is a failure too"
nfail=$((3 + 1 + 1 + 4 + 1))

# The lines as rsyslog writes them (date, host, program[pid]).
# pam_unix's own line first, the control: the filters are read as they are.
echo 'Dec  7 03:30:00 host sshd[4242]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=192.0.2.10  user=root' >"$T/auth.log"
sed -n 's/^<[0-9]*> \(pam_pwpol(\([a-z]*\):[a-z]*): .*\)$/Dec  7 03:30:00 host \2[4242]: \1/p' \
	"$T/syslog.all" >>"$T/auth.log"
n=$(grep -c 'authentication failure;' "$T/auth.log")
[ "$n" = $((nfail + 1)) ] || fail "one failure line a refused login: $n lines for $nfail + 1"
f2b() { # FILTER: "matched ignored" of fail2ban-regex
	fail2ban-regex "$T/auth.log" "$1" 2>&1 |
		sed -n 's/^Lines: [0-9]* lines, \([0-9]*\) ignored, \([0-9]*\) matched.*/\2 \1/p'
}
got=$(f2b 'pam-generic[__pam_auth="pam_(?:unix|pwpol)"]')
[ "$got" = "$((nfail + 1)) 0" ] || fail "pam-generic: matched/ignored '$got', want $((nfail + 1))"
got=$(f2b 'pam-generic[__pam_auth=pam_pwpol]')
[ "$got" = "$nfail 0" ] || fail "pam-generic for pam_pwpol: '$got', want $nfail"
got=$(fail2ban-regex "$T/auth.log" 'pam-generic[__pam_auth=pam_pwpol]' --out ip 2>/dev/null | sort | uniq -c | awk '{print $2"x"$1}' | tr '\n' ' ')
[ "$got" = "192.0.2.7x8 192.0.2.8x1 192.0.2.9x1 " ] || fail "pam-generic: the hosts banned: $got"
# sshd's filter takes a PAM module's failure line as a helper (<F-NOFAIL>;
# sshd's own "Failed password" line is the one counted): ours must be taken
# exactly as the same lines would be from pam_unix.
sed 's/pam_pwpol(/pam_unix(/' "$T/auth.log" >"$T/unix.log"
nsshd=$(grep -c 'pam_[a-z]*(sshd:auth): authentication failure;' "$T/auth.log")
got=$(f2b sshd)
want=$(fail2ban-regex "$T/unix.log" sshd 2>&1 |
	sed -n 's/^Lines: [0-9]* lines, \([0-9]*\) ignored, \([0-9]*\) matched.*/\2 \1/p')
[ "$got" = "$want" ] || fail "sshd filter: ours '$got', as pam_unix's '$want'"
set -- $got
[ $(($1 + $2)) = "$nsshd" ] || fail "sshd filter: $got of $nsshd sshd failure lines taken"
grep -F -e "$PW" -e 'wrong#Pass1' "$T/syslog.all" && fail "a password reached the log"
done_testing
