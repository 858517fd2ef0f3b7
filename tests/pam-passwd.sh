# SPDX-License-Identifier: BSD-3-Clause
# pam-passwd.sh - pam_pwpol.so in the password group, through the real
# Linux-PAM library (tests/pam_driver, service files written here): the
# forced change of an expired and of a temporary password at login, a weak
# new password refused with every rule's message and retry=N, a wrong
# current password, a mistyped confirmation, the administrator's reset and
# root's own change, use_authtok, the factory-default password,
# minimum-lifetime at its bound, and conversations that fail.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-pam.sh"

service login "db=$DB"
# init again at another time, to age the password: init never overwrites
# accounts, so the test first removes the three from its own store.
reinit() {
	[ ! -e "$DB" ] || sqlite3 "$DB" "DELETE FROM history WHERE account IN ('admin','root','t128');
		DELETE FROM accounts WHERE name IN ('admin','root','t128');"
	run "$PWPOL" init "$@"
}
service login3 "db=$DB retry=3"

# An expired password: set 60 days ago (maximum-lifetime 60) it has expired
# to the second; a minute younger it has not.
IN="$PW\n" reinit --now $((NOW - 60 * DAY + 60))
expect 0 "init 60 days less a minute ago"
IN="$PW\n" pam --service login --user admin login
expect 0 "not expired a minute before"
has 'acct_mgmt: PAM_SUCCESS' "account in order"
IN="$PW\n" reinit --now $((NOW - 60 * DAY))
expect 0 "init 60 days ago"
IN="$PW\n" pam --service login --user admin authenticate acct_mgmt
expect 12 "expired: PAM_NEW_AUTHTOK_REQD"
has 'authenticate: PAM_SUCCESS' "an expired password still authenticates"
has 'ERROR: Your password has expired; you must change it now.' "told why"
logged 'user admin must change the password (expired)' "logged"
NEW='Mq4$wErT7!zX'
IN="$PW\n$PW\n$NEW\n$NEW\n" pam --service login --user admin login
expect 0 "forced change of the expired password at login"
has 'acct_mgmt: PAM_NEW_AUTHTOK_REQD' "asked for"
has 'PROMPT: Current password: ' "current password asked"
has 'PROMPT: New password: ' "new asked"
has 'PROMPT: Retype new password: ' "confirmation asked"
has 'chauthtok-expired: PAM_SUCCESS' "changed"
logged 'password of admin changed' "change logged"
IN="$NEW\n" pam --service login --user admin login
expect 0 "login with the new password"
hasnt 'NEW_AUTHTOK' "no change asked any more"
IN="$PW\n" pam --service login --user admin authenticate
expect 7 "the old password no longer works"

# A password that need not change: chauthtok-expired does nothing, asks nothing.
pam --service login --user admin chauthtok-expired
expect 0 "nothing expired: nothing to change"
hasnt 'PROMPT' "nothing asked"

# A temporary password (set by useradd) must change at the first login.
TMP='Temp#Pass123'
IN="$TMP\n" run "$PWPOL" useradd alice
expect 0 "useradd alice"
IN="$TMP\n" pam --service login --user alice authenticate acct_mgmt
expect 12 "temporary: PAM_NEW_AUTHTOK_REQD"
has 'ERROR: You must change your temporary password now.' "told why"

# A weak new password: every rule broken is told, then PAM_AUTHTOK_ERR (20)
# after retry=1; the account still has its temporary password.
IN="$TMP\n$TMP\nabc\nabc\n" pam --service login --user alice login
expect 20 "weak new password refused"
has 'ERROR: BAD PASSWORD: must be at least 9 characters long (it has 3)' "length told"
has 'ERROR: BAD PASSWORD: must contain at least 1 upper-case letter (it has 0)' "upper told"
has 'ERROR: BAD PASSWORD: must contain at least 1 digit (it has 0)' "digit told"
has 'ERROR: BAD PASSWORD: must contain at least 1 punctuation character (it has 0)' "punct told"
hasnt 'lower-case' "a rule kept is not told"
[ "$(count 'PROMPT: New password: ')" = 1 ] || fail "retry=1 asks once: $OUT"
has 'chauthtok-expired: PAM_AUTHTOK_ERR' "refused"
IN="$TMP\n" pam --service login --user alice authenticate acct_mgmt
expect 12 "still temporary after the refusal"

# retry=3: a weak one, a mistyped confirmation, then a good one.
ANEW='Zq7#vBn-Rt2m'
IN="$TMP\n$TMP\nabc\nabc\n$ANEW\n${ANEW}x\n$ANEW\n$ANEW\n" pam --service login3 --user alice login
expect 0 "third try taken"
[ "$(count 'PROMPT: New password: ')" = 3 ] || fail "three tries: $OUT"
has 'ERROR: Sorry, passwords do not match.' "mismatch told"
has 'chauthtok-expired: PAM_SUCCESS' "changed"
IN="$ANEW\n" pam --service login --user alice login
expect 0 "alice logs in with her own password"

# retry=2 ends after exactly two refusals.
service login2 "db=$DB retry=2"
IN="$TMP\n" run "$PWPOL" useradd bob
IN="$TMP\n$TMP\nabc\nabc\nxyz\nxyz\nNever#Asked9\nNever#Asked9\n" pam --service login2 --user bob login
expect 20 "retry=2: two refusals"
[ "$(count 'PROMPT: New password: ')" = 2 ] || fail "retry=2 asks twice: $OUT"

# The policy's history and character-change rules reach the user too: a
# change back to the current password.
IN="$ANEW\n$ANEW\n$ANEW\n" pam --service login --user alice chauthtok-expired
expect 0 "chauthtok-expired on a fresh password changes nothing"
if [ "$(id -u)" = 0 ]; then
	# As root, changing alice is an administrator's reset (no current
	# password asked), so the user's own change runs as root's own account.
	# (root still has the password init gave it, expired: no minimum-lifetime.)
	IN="$PW\n$PW\n$PW\n" pam --service login --user root chauthtok
else
	IN="$ANEW\n$ANEW\n$ANEW\n" pam --service login --user alice chauthtok
fi
expect 20 "the current password again"
has 'ERROR: BAD PASSWORD: must not be any of the last 5 passwords' "reuse told"
has 'ERROR: BAD PASSWORD: must differ from the old password by at least 8 changes (characters put in, taken out or replaced; it differs by 0)' "character changes told"

# A wrong current password: PAM_AUTH_ERR (7), told, logged.
IN="$TMP\n" run "$PWPOL" useradd carol
IN="$TMP\nWrong#Old99\nCar0l#Good77\nCar0l#Good77\n" pam --service login --user carol login
expect 7 "wrong current password"
has 'ERROR: Current password not accepted; password unchanged.' "told"
hasnt 'New password' "told before a new password is asked for"
logged_once 'password change of carol refused: wrong old password' "a wrong old password logged once"
[ "$(printf '%s\n' "$LOG" | grep -c 'carol')" = 2 ] || fail "no other event about carol: $LOG"

# The administrator's reset: root changing another user's password asks
# no current password and leaves a temporary one.
if [ "$(id -u)" = 0 ]; then
	RST='Reset#Pw4567'
	IN="$RST\n$RST\n" pam --service login --user alice chauthtok
	expect 0 "root resets alice"
	hasnt 'Current password' "no current password asked"
	has 'INFO: The password of alice is temporary: it must be changed at the next login.' "told"
	logged_once 'password of alice reset by an administrator (temporary)' "reset logged once"
	IN="$RST\n" pam --service login --user alice authenticate acct_mgmt
	expect 12 "alice must change the reset password"
	has 'ERROR: You must change your temporary password now.' "temporary"
	IN="weak\nweak\n" pam --service login --user alice chauthtok
	expect 20 "a reset too is held to the policy"
	has 'ERROR: BAD PASSWORD: must be at least 9 characters long (it has 4)' "told"
	# root's own account is root's own change: the current password first.
	R2='Vk9#Better55x'
	IN="$PW\n$R2\n$R2\n" pam --service login --user root chauthtok
	expect 0 "root changes its own pwpol password"
	has 'PROMPT: Current password: ' "current asked"
	IN="$R2\n" pam --service login --user root login
	expect 0 "root logs in with it, no change asked"
	hasnt 'NEW_AUTHTOK' "not temporary"
else
	echo "not root: administrator's reset not tested"
fi

# use_authtok: the new password comes from the module above; a refusal is final.
cat >"$T/pam.d/stacked" <<EOF
password required $PAM_PWPOL db=$DB retry=3
password required $PAM_PWPOL db=$DB use_authtok
EOF
IN="$TMP\n" run "$PWPOL" useradd dan
DNEW='Qw4#Stacked88'
IN="$TMP\n$DNEW\n$DNEW\n" pam --service stacked --user dan chauthtok-expired
expect 0 "two modules, one prompt"
[ "$(count 'PROMPT: New password: ')" = 1 ] || fail "asked once: $OUT"
cat >"$T/pam.d/authtok" <<EOF
password required $PAM_PWPOL db=$DB use_authtok
EOF
IN="$TMP\n" run "$PWPOL" useradd eve
IN="$TMP\n" pam --service authtok --user eve chauthtok-expired
expect 20 "use_authtok with no module above"
hasnt 'New password' "nothing asked"
logged 'use_authtok: no new password from an earlier module' "logged"

# Unknown users and a silent conversation.
IN="x\nAbcdef#12345\nAbcdef#12345\n" pam --service login --user nobody-here chauthtok
expect 10 "password group: unknown user"
IN="$TMP\n" run "$PWPOL" useradd fay
IN="$TMP\n" pam --service login --user fay chauthtok-expired
expect 19 "the conversation runs dry at the new password"

# The factory-default password: a change is asked for, and the same
# password again is refused by name.
IN="$PW\n" reinit --factory-default
expect 0 "init --factory-default"
IN="$PW\n" pam --service login --user admin authenticate acct_mgmt
expect 12 "factory default: PAM_NEW_AUTHTOK_REQD"
has 'ERROR: You must change the factory-default password now.' "told why"
logged 'user admin must change the password (factory-default)' "logged"
IN="$PW\n$PW\n$PW\n$PW\n" pam --service login --user admin login
expect 20 "the factory default kept"
has 'ERROR: BAD PASSWORD: must not be the factory default password' "told by name"
FNEW='Fd8#nOt-Dflt2'
IN="$PW\n$PW\n$FNEW\n$FNEW\n" pam --service login --user admin login
expect 0 "the factory default changed"
IN="$FNEW\n" pam --service login --user admin login
expect 0 "and no change asked any more"
hasnt 'NEW_AUTHTOK' "not factory default now"
# ... and root and t128, which held the same factory default, were set with
# it (one transaction, said to the person): the published password opens
# no system account.
IN="$PW\n" reinit --factory-default
IN="$PW\n$PW\n$FNEW\n$FNEW\n" pam --service login --user admin login
expect 0 "admin's forced change"
has 'INFO: root, t128 still held the factory default: set to the same new password.' \
	"the change says root and t128 were set too"
for u in root t128; do
	IN="$PW\n" pam --service login --user $u authenticate acct_mgmt
	expect 7 "$u: the factory default no longer authenticates"
	IN="$FNEW\n" pam --service login --user $u authenticate acct_mgmt
	expect 0 "$u: the new password, no change asked"
done

# minimum-lifetime (ssr: 1 day) on the user's own change (root's own
# account is that, as root or not): a password a minute short of a day old
# is refused once, whatever the new one, even with retry=3, and said before
# a new password is asked for; past a day old, taken.
LF='Lf5#tiMe-Ok1'
IN="$PW\n" reinit --now $((NOW - DAY + 60))
expect 0 "init a day less a minute ago"
IN="$PW\n$LF\n$LF\n$LF\n$LF\n" pam --service login3 --user root chauthtok
expect 20 "too young to change"
has 'ERROR: Password unchanged: the current one cannot be changed before it is 1 day old (it is 0 days old)' "told"
hasnt 'BAD PASSWORD' "not a fault of the new password"
[ "$(count 'PROMPT: New password: ')" = 0 ] || fail "told before a new password is asked: $OUT"
# Junos refuses a password whose age is less than or equal to the figure:
# a day and a minute old is the first age PAM (on the real clock) takes.
IN="$PW\n" reinit --now $((NOW - DAY - 60))
expect 0 "init a day and a minute ago"
IN="$PW\n$LF\n$LF\n" pam --service login3 --user root chauthtok
expect 0 "a day and a minute old: changed"
IN="$LF\n" pam --service login --user root login
expect 0 "root logs in with it"

# A conversation that fails, answers nothing or NULL, in the password group:
# PAM_CONV_ERR (19), a log line, the password unchanged.
for conv in --failconv --nullconv --nullresp; do
	IN="$LF\n$NEW\n$NEW\n" pam --service login --user root $conv chauthtok
	expect 19 "password group, $conv"
	case $conv in
	--failconv) logged 'conversation failed' "$conv logged" ;;
	*) logged 'conversation gave no answer' "$conv logged" ;;
	esac
done
IN="$LF\n" pam --service login --user root authenticate
expect 0 "the password unchanged by the failed conversations"

grep -qF -e "$PW" -e "$NEW" -e "$TMP" -e "$ANEW" -e 'abc' -e "$FNEW" -e "$LF" "$T/syslog.all" &&
	fail "a password reached the log"

done_testing
