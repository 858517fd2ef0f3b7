# SPDX-License-Identifier: BSD-3-Clause
# pam-auth.sh - pam_pwpol.so in the auth and account groups, through the
# real Linux-PAM library (tests/pam_driver over pam_start_confdir, with a
# service file written here: the machine's /etc/pam.d is never read):
# a good login, a wrong password, an unknown user, lockout and unlock (by
# `pwpol unlock` and by lock-time, on the module's own clock), the fail
# delay, stacking, the expiry warning, and every failure of the setup
# (missing or unusable store, bad option, bad configuration, a conversation
# that is missing, fails or answers nothing) ending in a PAM code and a log
# line.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-pam.sh"

service login "db=$DB"
IN="$PW\n" run "$PWPOL" init
expect 0 "init"

# A good login: authenticate then account, as login(1) does.
IN="$PW\n" pam --service login --user admin login
expect 0 "good login"
has 'PROMPT: Password: ' "password asked"
has 'authenticate: PAM_SUCCESS' "authenticated"
has 'acct_mgmt: PAM_SUCCESS' "account in order"
hasnt 'ERROR:' "nothing wrong said"
hasnt 'Warning' "no expiry warning for a new password"

# A wrong password: PAM_AUTH_ERR (7), logged, nothing said to the user.
IN='Kx7#mWq2vl\n' pam --service login --user admin --rhost 192.0.2.7 login
expect 7 "wrong password (one letter's case)"
has 'authenticate: PAM_AUTH_ERR' "auth error"
hasnt 'acct_mgmt' "account not reached"
hasnt 'ERROR:' "no reason told"
has 'FAIL_DELAY: 1-3 s' "a failure asks Linux-PAM for its 2 s delay (randomised)"
logged_once 'login failure for admin; service=login rhost=192.0.2.7' "failure logged once, with the host"
wrong_out=$OUT
IN="$PW\n" pam --service login --user admin authenticate
hasnt 'FAIL_DELAY' "no delay after a success"
service nodelay "db=$DB nodelay"
IN='nope\n' pam --service nodelay --user admin authenticate
expect 7 "nodelay: still refused"
hasnt 'FAIL_DELAY' "nodelay: no delay asked for"

# An unknown user gets the wrong password's answer, not PAM_USER_UNKNOWN.
IN="$PW\n" pam --service login --user mallory login
expect 7 "unknown user"
[ "$OUT" = "$wrong_out" ] || fail "unknown user answered unlike a wrong password"
IN='\n' pam --service login --user mallory acct_mgmt
expect 10 "account group: unknown user is PAM_USER_UNKNOWN"
has 'acct_mgmt: PAM_USER_UNKNOWN' "named"

# A disabled account, when something else proved who it is (a public key
# in sshd: auth never reaches pam_pwpol), is refused by the account group
# alone: PAM_ACCT_EXPIRED (13), as pam_unix refuses an account switched
# off with `chage -E 0`. Before, only auth refused it; a key let it in.
IN='Dis#Abled9x\n' run "$PWPOL" useradd dora
expect 0 "useradd dora"
IN='Dis#Abled9x\nKq8#vTn2Lxz9\n' run "$PWPOL" passwd dora
expect 0 "dora's own password"
pam --service login --user dora acct_mgmt
expect 0 "enabled: the account group lets dora in"
run "$PWPOL" disable dora
expect 0 "disable dora"
pam --service login --user dora acct_mgmt
expect 13 "disabled: the account group alone refuses dora"
has 'acct_mgmt: PAM_ACCT_EXPIRED' "disabled is PAM_ACCT_EXPIRED"
has 'ERROR: Your account is disabled' "told in the account group"
logged 'account dora disabled: access refused' "the refusal logged"
run "$PWPOL" enable dora
pam --service login --user dora acct_mgmt
expect 0 "enabled again: in"
# A name that is no account is never logged: it is often a password typed
# into the user field.
IN="$PW\n" pam --service login --user 'Mistyped#Pw9' login
case "$LOG" in *Mistyped*) fail "a name that is no account was logged: $LOG" ;; esac
logged_once 'login failure: unknown user' "the unknown name's failure logged once, unnamed"

# Lockout with the configured figure: maximum-failed-attempts 3.
cat >"$T/lock.conf" <<'CONF'
set system login lockout maximum-failed-attempts 3
set system login lockout lock-time 600
CONF
service lock "db=$DB config=$T/lock.conf"
IN="$PW\n" run "$PWPOL" --config "$T/lock.conf" useradd carol
expect 0 "useradd carol"
IN="$PW\n$PW\nCz8!pQr4#Tn2\nCz8!pQr4#Tn2\n" pam --service lock --user carol login
expect 0 "carol's first login, with the forced change"
CPW='Cz8!pQr4#Tn2'
for i in 1 2; do
	IN='nope\n' pam --service lock --user carol authenticate
	expect 7 "failure $i"
done
IN="$CPW\n" pam --service lock --user carol login
expect 0 "two failures (one below 3): the right password still works and resets the count"
for i in 1 2 3; do
	IN='nope\n' pam --service lock --user carol authenticate
	expect 7 "failure $i of 3"
done
logged 'account carol locked for 600 seconds after 3 failed logins' "lock logged by the library, with the count"
IN="$CPW\n" pam --service lock --user carol authenticate
expect 7 "locked at the 3rd failure: the right password is refused"
[ "$OUT" = "$wrong_out" ] || fail "locked answered unlike a wrong password: $OUT"
logged_once 'login refused for carol: account locked' "refusal while locked logged once"
pam --service lock --user carol acct_mgmt
expect 6 "account group: locked is PAM_PERM_DENIED"
has 'ERROR: Your account is locked' "told in the account group"
run "$PWPOL" --config "$T/lock.conf" unlock carol
expect 0 "unlock with the CLI"
IN="$CPW\n" pam --service lock --user carol login
expect 0 "login after unlock"

# Unlock by time: the lock ends at the 3rd failure's time + lock-time (600).
# The failures are made by the CLI in the past (--now); the module judges
# them on its own clock.
lock_at() {
	for i in 1 2 3; do
		IN='nope\n' run "$PWPOL" --config "$T/lock.conf" --now "$1" login carol
	done
	IN="$CPW\n" run "$PWPOL" --config "$T/lock.conf" --now "$1" login carol
	expect 3 "3rd failure at $1 locks"
}
lock_at $((NOW - 660))
IN="$CPW\n" pam --service lock --user carol login
expect 0 "locked 11 minutes ago: the lock ran out a minute ago"
has 'acct_mgmt: PAM_SUCCESS' "the account group agrees"
# A lock that ran out does not count on: one new failure does not lock.
lock_at $((NOW - 660))
IN='nope\n' pam --service lock --user carol authenticate
expect 7 "a failure after the lock ran out"
IN="$CPW\n" pam --service lock --user carol login
expect 0 "1 failure after an expired lock: not locked again"
lock_at $((NOW - 540))
IN="$CPW\n" pam --service lock --user carol login
expect 7 "locked 9 minutes ago: one minute of the lock left"
pam --service lock --user carol acct_mgmt
expect 6 "the account group agrees"
run "$PWPOL" --config "$T/lock.conf" unlock carol

# The same on the real clock, through the module alone: lock-time 4, so
# that the try after the lock lands within it on a loaded machine too.
cat >"$T/short.conf" <<'CONF'
set system login lockout maximum-failed-attempts 3
set system login lockout lock-time 4
CONF
service short "db=$DB config=$T/short.conf"
for i in 1 2 3; do
	IN='nope\n' pam --service short --user carol authenticate
done
IN="$CPW\n" pam --service short --user carol authenticate
expect 7 "lock-time 4: locked at once"
sleep 4.2
IN="$CPW\n" pam --service short --user carol login
expect 0 "lock-time 4: open again 4.2 seconds later"

# Without a configuration: the ssr lockout of 6.
IN="$PW\n" run "$PWPOL" useradd dave
IN="$PW\n$PW\nDv5%kLm9@Wq3\nDv5%kLm9@Wq3\n" pam --service login --user dave login
expect 0 "dave's first login"
for i in 1 2 3 4 5; do
	IN='nope\n' pam --service login --user dave authenticate
done
IN='Dv5%kLm9@Wq3\n' pam --service login --user dave login
expect 0 "5 failures do not lock under ssr"
for i in 1 2 3 4 5 6; do
	IN='nope\n' pam --service login --user dave authenticate
done
IN='Dv5%kLm9@Wq3\n' pam --service login --user dave login
expect 7 "6 failures lock under ssr"

# Expiry warning, 7 days ahead (maximum-lifetime 60).
IN="$PW\n" run "$PWPOL" --now $((NOW - 53 * DAY)) useradd erin
IN="$PW\nEr6^tYu8*Pz1\n" run "$PWPOL" --now $((NOW - 53 * DAY)) passwd erin
expect 0 "erin's password set 53 days ago"
IN='Er6^tYu8*Pz1\n' pam --service login --user erin login
expect 0 "login 7 days before expiry"
has 'INFO: Warning: your password will expire in 7 days.' "warned"
IN='Er6^tYu8*Pz1\n' pam --service login --user erin --silent login
expect 0 "silent login"
hasnt 'Warning' "PAM_SILENT: no information message"
IN="$PW\n" run "$PWPOL" --now $((NOW - 52 * DAY)) useradd fred
IN="$PW\nFr7&uIo9(Qx2\n" run "$PWPOL" --now $((NOW - 52 * DAY)) passwd fred
IN='Fr7&uIo9(Qx2\n' pam --service login --user fred login
expect 0 "login 8 days before expiry"
hasnt 'Warning' "no warning 8 days ahead"
# warning-days: the policy's figure, not the module's (7, shadow's
# PASS_WARN_AGE, when the configuration says nothing).
cat >"$T/warn.conf" <<'CONF'
system { login { password { profile ssr; warning-days 10; } } }
CONF
chmod 600 "$T/warn.conf"
service warn "db=$DB config=$T/warn.conf"
IN='Fr7&uIo9(Qx2\n' pam --service warn --user fred login
expect 0 "login 8 days before expiry, warning-days 10"
has 'INFO: Warning: your password will expire in 8 days.' "warned 8 days ahead"
printf 'system { login { password { profile ssr; warning-days 3; } } }\n' >"$T/warn.conf"
IN='Er6^tYu8*Pz1\n' pam --service warn --user erin login
expect 0 "login 7 days before expiry, warning-days 3"
hasnt 'Warning' "no warning 7 days ahead under warning-days 3"
printf 'system { login { password { profile ssr; no-warning-days; } } }\n' >"$T/warn.conf"
IN='Er6^tYu8*Pz1\n' pam --service warn --user erin login
expect 0 "login 7 days before expiry, no-warning-days"
hasnt 'Warning' "no warning at all under no-warning-days"

# Stacking: a second pam_pwpol with use_first_pass takes the first one's
# password (PAM_AUTHTOK) and asks nothing; alone, it has none to take.
cat >"$T/pam.d/stack" <<EOF
auth required $PAM_PWPOL db=$DB
auth required $PAM_PWPOL db=$DB use_first_pass
EOF
IN="$PW\n" pam --service stack --user admin authenticate
expect 0 "two modules, one password"
[ "$(count 'PROMPT: Password: ')" = 1 ] || fail "asked once: $OUT"
cat >"$T/pam.d/firstpass" <<EOF
auth required $PAM_PWPOL db=$DB use_first_pass
EOF
IN="$PW\n" pam --service firstpass --user admin authenticate
expect 7 "use_first_pass with no module above"
hasnt 'PROMPT' "use_first_pass: nothing asked"
logged 'use_first_pass: no password from an earlier module' "logged"

# The store missing: PAM_AUTHINFO_UNAVAIL (9) and a log line, no crash.
service nodb "db=$T/missing/accounts.db"
IN="$PW\n" pam --service nodb --user admin authenticate
expect 9 "auth without a store"
logged "cannot open the account store: $T/missing/accounts.db" "store named in the log"
pam --service nodb --user admin acct_mgmt
expect 9 "account without a store"
pam --service nodb --user admin chauthtok
expect 24 "password: the preliminary check fails with PAM_TRY_AGAIN"
[ ! -e "$T/missing" ] || fail "the module created a store"

# A store that cannot be used: readable by others, not SQLite, a directory.
cp "$DB" "$T/open.db"
chmod 644 "$T/open.db"
echo 'not a database' >"$T/junk.db"
chmod 600 "$T/junk.db"
mkdir "$T/dir.db"
for store in open.db junk.db dir.db; do
	service unusable "db=$T/$store"
	IN="$PW\n" pam --service unusable --user admin authenticate
	expect 9 "auth with store $store"
	logged "cannot open the account store: $T/$store" "$store named in the log"
	pam --service unusable --user admin acct_mgmt
	expect 9 "account with store $store"
done
service unusable "db=$T/open.db"
IN="$PW\n" pam --service unusable --user admin authenticate
logged 'group or others may access the store (mode 0644)' "why a readable store is refused"
service unusable "db=$T/junk.db"
IN="$PW\n" pam --service unusable --user admin authenticate
logged 'not a pwpol store' "why a junk store is refused"
# A store that opens but lacks a table a call reads (its statement cannot
# be prepared): the store's failure, PAM_AUTHINFO_UNAVAIL with the reason,
# never a crash of the host (a statement that failed to prepare reached
# sqlite3_clear_bindings, which is not NULL-safe) nor PAM_SERVICE_ERR,
# which the console stack's authinfo_unavail=ignore would not let past.
cp "$DB" "$T/lacking.db"
sqlite3 "$T/lacking.db" "DROP TABLE config_commits"
service lacking "db=$T/lacking.db"
IN="$PW\n" pam --service lacking --user admin authenticate
expect 9 "auth on a store that lacks its configuration table"
logged 'cannot load the configuration' "said"
logged 'no such table: config_commits' "with SQLite's reason"
pam --service lacking --user admin acct_mgmt
expect 9 "account on it"
IN="$PW\n" run "$PWPOL" --db "$T/lacking.db" login admin
expect 5 "the command on it: a store error, no crash"

# A bad option: PAM_SERVICE_ERR (3), logged; a typo never falls back.
for opt in colour=blue bd=$DB retry=0 retry=11 retry=x db= config=; do
	service bad "db=$DB $opt"
	IN="$PW\n" pam --service bad --user admin authenticate
	expect 3 "option $opt"
	logged "bad option \"$opt\"" "option $opt logged"
	hasnt 'PROMPT' "option $opt: nothing asked"
done
service ok "db=$DB retry=10 debug try_first_pass"
IN="$PW\n" pam --service ok --user admin authenticate
expect 0 "retry=10 debug try_first_pass accepted"
logged 'user admin authenticated' "debug line"

# A configuration that fails its check, or is missing: PAM_SERVICE_ERR.
echo 'set system login lockout maximum-failed-attempts 1000' >"$T/bad.conf"
service badconf "db=$DB config=$T/bad.conf"
IN="$PW\n" pam --service badconf --user admin authenticate
expect 3 "configuration out of range"
logged "$T/bad.conf" "configuration named in the log"
logged 'maximum-failed-attempts' "statement named in the log"
service noconf "db=$DB config=$T/none.conf"
IN="$PW\n" pam --service noconf --user admin acct_mgmt
expect 3 "configuration missing"
logged "$T/none.conf: cannot load the configuration" "missing configuration logged"

# No conversation, a failing one, one that runs dry: PAM_CONV_ERR (19).
pam --service login --user admin --noconv authenticate
expect 19 "no conversation function"
logged 'no conversation function' "logged"
IN="$PW\n" pam --service login --user admin --failconv authenticate
expect 19 "conversation fails"
pam --service login --user admin authenticate
expect 19 "no answer to the prompt"
logged 'conversation failed' "logged"
pam --service login --user admin --nullconv authenticate
expect 19 "a conversation that succeeds with no responses"
logged 'conversation gave no answer' "logged"
pam --service login --user admin --nullresp authenticate
expect 19 "a conversation that answers NULL"
logged 'conversation gave no answer' "logged"
pam --service login --nullresp authenticate
expect 19 "no user name: NULL answer to the login prompt"
logged 'cannot get the user name' "logged"
IN="$PW\n" pam --service login --user admin --noconv acct_mgmt
expect 0 "account needs no conversation when there is nothing to say"

# The log never holds a password.
grep -rqF -e "$PW" -e "$CPW" -e 'nope' "$T/syslog.all" && fail "a password reached the log"

done_testing
