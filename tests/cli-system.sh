#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# cli-system.sh - the system accounts (admin, root, t128) as an SSR operator
# meets them: the factory default left on none of them after the first
# change of it (said in the output and the audit log), the last enabled
# account that holds admin-control kept (disable, userdel, usermod
# refused), init's refusal naming the system account whose rule failed,
# and the SSR note on root. Run a second time on PostgreSQL (PWPOL_PG_STATE).
. "$(dirname "$0")/lib.sh"
: "${SYSLOG_SHIM:?set SYSLOG_SHIM to the syslog_shim.so built with the tests}"
export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0
export PWPOL_SYSLOG_FILE=$T/syslog
T0=1700000000
FD='Fact0ry#Default1'
NEW='N3w!Secret99x'

pw() {
	run env LD_PRELOAD="$SYSLOG_SHIM" "$PWPOL" --now "$T0" "$@"
}
logged() {
	local lines
	lines=$(tail -n +"$MARK" "$T/syslog" 2>/dev/null | sed 's/^<[0-9]*> //')
	printf '%s\n' "$lines" | grep -qxF "pwpol: $1" ||
		fail "$2: the log lacks 'pwpol: $1'; since the mark it holds: $lines"
}
mark() {
	MARK=$(($(wc -l <"$T/syslog" 2>/dev/null || echo 0) + 1))
}
fresh() { # a store with the three on the factory default
	export PWPOL_DB=$(store "$1")
	IN="$FD\n" pw init --factory-default
	expect 0 "init --factory-default ($1)"
}

# ---- the factory default survives on no system account -------------------
fresh admin-first
mark
IN="$FD\n$NEW\n" pw passwd admin
expect 0 "admin's forced change"
has "password changed; root, t128 still held the factory default: set to the same new password" \
	"the output says root and t128 were set with it"
logged "password of admin changed; root, t128 set with it in the same transaction: they still held the factory default" \
	"one audit event names them"
for u in root t128; do
	IN="$FD\n" pw login $u
	expect 1 "$u: the published factory default no longer logs in"
	IN="$NEW\n" pw login $u
	expect 0 "$u: the new password, and no change asked"
done
pw show
has "root                             ok" "root no longer on the factory default"

# The change is refused as a whole when the password breaks root's rule,
# named; nothing is set.
fresh refused
IN="$FD\nMy#Root2024pw\n" pw --json passwd admin
expect 1 "a password holding root's name"
has '{"rule":"username-check","account":"root"' "the JSON names root"
IN="$FD\nMy#Root2024pw\n" pw passwd admin
has "rejected: username-check (root): must not contain the username in any form" \
	"the text names root"
IN="$FD\n" pw login admin
expect 4 "admin unchanged: still the factory default"
IN="$FD\n" pw login root
expect 4 "root unchanged"

# Root first (whoever knows the default may try): admin and t128 with it.
fresh root-first
IN="$FD\n$NEW\n" pw --json passwd root
expect 0 "root's change"
has '"notice":"admin, t128 still held the factory default: set to the same new password"' \
	"the JSON says so"
IN="$NEW\n" pw login admin
expect 0 "admin set with root"

# Only those still on it: an administrator's reset of admin (temporary)
# leaves root and t128 on the factory default; root's change then sets
# t128, not admin.
fresh reset
IN="Temp#Pass123\n" pw passwd --reset admin
expect 0 "admin reset while on the factory default"
IN="$FD\n$NEW\n" pw passwd root
expect 0 "root's change"
has "t128 still held the factory default" "t128 named"
hasnt "admin, t128" "admin not named"
IN="Temp#Pass123\n" pw login admin
expect 4 "admin keeps its temporary password"
IN="$NEW\n" pw login t128
expect 0 "t128 set with root"

# ---- the last enabled account that holds admin-control -------------------
export PWPOL_DB=$(store keeper)
IN="$NEW\n" pw init
expect 0 "init"
pw disable root
expect 0 "root disabled: admin and t128 hold admin-control"
pw disable t128
expect 0 "t128 disabled: admin still does"
pw disable admin
expect 1 "the last one cannot be disabled"
has "admin is the last enabled account that holds admin-control: disabling it would leave no account that can administer the accounts" \
	"said why"
pw usermod --class operator admin
expect 1 "nor demoted"
has "taking admin-control from it would leave no account" "said why"
pw --json usermod --class unauthorized admin
expect 1 "nor demoted (JSON)"
has '"status":"rejected"' "rejected"
IN="Temp#Pass123\n" pw useradd --class super-user alice
expect 0 "alice, a super-user"
pw usermod --class operator admin
expect 0 "admin may be demoted now: alice holds admin-control"
pw userdel alice
expect 1 "the last one cannot be deleted"
has "alice is the last enabled account that holds admin-control: deleting it would leave" \
	"said why"
pw disable alice
expect 1 "nor disabled"
pw show alice
has "super-user" "alice kept"
pw enable root
expect 0 "root enabled again"
pw userdel alice
expect 0 "alice deleted: root holds admin-control"

# ---- init's refusal names the system account -----------------------------
export PWPOL_DB=$(store named)
IN="T128#Password1\n" pw init
expect 1 "a password holding t128's name"
has "rejected: username-check (t128): must not contain the username in any form" "text"
IN="T128#Password1\n" pw --json init
has '{"rule":"username-check","account":"t128"' "JSON"
IN="short\n" pw init
hasnt "(admin" "a rule every account breaks names none"


# ---- the SSR note on root ------------------------------------------------
export PWPOL_DB=$(store note)
IN="$NEW\n" pw init
expect 0 "init"
has "note: Do not use root for daily work: write its password down and keep it safe, away from this machine; it is how the admin account is recovered." \
	"init says what root is for"
export PWPOL_DB=$(store note-json)
IN="$NEW\n" pw --json init
has '"note":"Do not use root for daily work' "in JSON too"

# ---- the username in any form; changes as edits; NFKC ----------------------
export PWPOL_DB=$(store forms)
for c in 'Xa/d/m/i/n9:admin' 'Xa+d+m+i+n9:admin' 'Xa*d*m*i*n9:admin' 'Xadmln9#:admin' \
	'Xdoe.john1!:john.doe' 'DoeJohn#12:john.doe' 'Xy#Doe12345:john.doe' 'Al#123456789:al'; do
	IN="${c%%:*}\n" pw --db "$T/none.db" check --user "${c#*:}"
	expect 1 "${c%%:*} holds ${c#*:}"
	has "username-check" "${c%%:*}: username-check"
done
IN="Alx#12345678\n" pw --db "$T/none.db" check --user al
expect 0 "a two-letter name inside other letters is no finding"
D=86400
IN="$NEW\n" pw init
IN="Tmp#Pass123x\n" pw useradd alice
IN="Tmp#Pass123x\nKx7#mWq2vL1\n" pw passwd alice
expect 0 "alice's own password"
IN="Kx7#mWq2vL1\nQKx7#mWq2vL1\n" run "$PWPOL" --now $((T0 + 2 * D)) passwd alice
expect 1 "one character put in front is one change"
has "minimum-character-changes: must differ from the old password by at least 8 changes" "said"
has "it differs by 1)" "counted as one edit"
IN="Kx7#mWq2vL1\nZq9#pWn4tR2\n" run "$PWPOL" --now $((T0 + 2 * D)) passwd alice
expect 0 "a new password"
IN="Zq9#pWn4tR2\nKx7#mWq2vL\xef\xbc\x91\n" run "$PWPOL" --now $((T0 + 4 * D)) passwd alice
expect 1 "the old password with a full-width 1 is no new password"
has "minimum-reuse" "the reuse history sees it"
IN="Zq9#pWn4tR\xef\xbc\x92\n" run "$PWPOL" --now $((T0 + 4 * D)) login alice
expect 0 "the full-width form of the password signs in (NFKC)"

done_testing
