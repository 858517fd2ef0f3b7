#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# cli-machine.sh - the done-when test of issue 28: a machine's worth of
# /etc/shadow, /etc/security/opasswd, pwquality.conf (with a drop-in),
# faillock.conf, pwhistory.conf and login.defs, built in a temporary
# directory, moved into pwpol (config import + commit, import shadow,
# import opasswd); every account logs in as before and every rule of the
# old stack holds; then export gives shadow and opasswd back unchanged.
# Run again on PostgreSQL (PWPOL_PG_STATE).
. "$(dirname "$0")/lib.sh"
E=$T/etc
mkdir -p "$E/security/pwquality.conf.d"
NOW=1800000000
DAY=86400
d=$((NOW / DAY))
P="$PWPOL --now"
h() { printf '%s\n' "$1" | "$PWPOL" hash --no-check --format sha512; }
declare -A pw=([alice]='Al1ce#Secret#2024' [bob]='B0b#Secret#2024x' [carol]='C4rol#Secret#2024'
	[dave]='D4ve#Secret#2024x' [root]='R00t#Secret#2024x')
declare -A hs
for u in "${!pw[@]}"; do hs[$u]=$(h "${pw[$u]}"); done
old1=$(h 'Old#Alice#Pass1'); old2=$(h 'Old#Alice#Pass2'); old3=$(h 'Old#Bob#Passw0rd')

# The machine as it is today (the RHEL 9 STIG's figures).
cat >"$E/shadow" <<SHADOW
alice:${hs[alice]}:$((d - 10)):1:60:7:::
bob:${hs[bob]}:$((d - 3)):1:30:14:5::
carol:!${hs[carol]}:$((d - 40)):1:60:7:::
dave:${hs[dave]}:$((d - 1)):1:60:7::$((d + 30)):
root:${hs[root]}:$((d - 20)):1:60:7:::
SHADOW
cat >"$E/security/opasswd" <<OPASSWD
alice:1001:2:$old1,$old2
bob:1002:1:$old3
OPASSWD
printf 'root:x:0:0::/root:/bin/sh\nalice:x:1001:1001::/home/alice:/bin/sh\nbob:x:1002:1002::/home/bob:/bin/sh\n' >"$E/passwd"
cat >"$E/security/pwquality.conf" <<'CONF'
minlen = 15
dcredit = -1
ucredit = -1
lcredit = -1
minclass = 4
difok = 8
maxrepeat = 3
maxclassrepeat = 4
dictcheck = 1
CONF
echo 'ocredit = -1' >"$E/security/pwquality.conf.d/50-stig.conf"
printf 'deny = 3\nfail_interval = 900\nunlock_time = 0\neven_deny_root\n' >"$E/security/faillock.conf"
printf 'remember = 5\nenforce_for_root\n' >"$E/security/pwhistory.conf"
printf 'MAIL_DIR /var/mail\nPASS_MAX_DAYS 60\nPASS_MIN_DAYS 1\nPASS_WARN_AGE 7\nENCRYPT_METHOD SHA512\n' >"$E/login.defs"
STACK=(pwquality "$E/security/pwquality.conf" faillock "$E/security/faillock.conf"
	pwhistory "$E/security/pwhistory.conf" login.defs "$E/login.defs")

[ -z "${PWPOL_PG_STATE:-}" ] || PWPOL_DB=$(store machine)

# Where it stands, then the move.
run $P $NOW --db "$T/no-store-yet.db" config check --against stig-rhel9 --from "pwquality=$E/security/pwquality.conf,faillock=$E/security/faillock.conf,pwhistory=$E/security/pwhistory.conf,login.defs=$E/login.defs"
expect 0 "today's stack meets the STIG"
run $P $NOW config import "${STACK[@]}"
expect 0 "config import"
printf '%s\n' "$OUT" >"$T/pwpol.conf"
run $P $NOW config commit "$T/pwpol.conf" -m 'moved in from the stack'
expect 0 "commit"
run $P $NOW import shadow --file "$E/shadow"
expect 0 "import shadow"
has '5 imported, 0 skipped (0 already there), 0 expired on arrival' "all of them"
has 'imported carol (disabled: locked there, its hash kept)' "carol stays locked"
run $P $NOW import opasswd --file "$E/security/opasswd"
expect 0 "import opasswd"

# Every account logs in as before (carol, locked there, is refused).
for u in alice bob dave root; do
	IN="${pw[$u]}\n" run $P $NOW login $u
	expect 0 "$u logs in with the same password"
done
IN="${pw[carol]}\n" run $P $NOW login carol
expect 1 "carol is locked, as usermod -L left her"

# Every rule as before. pwquality: minlen 15, every class, maxrepeat 3.
IN="${pw[alice]}\nShort#Pass1\n" run $P $NOW passwd alice
expect 1 "minlen 15"
has 'minimum-length' "named"
IN="${pw[alice]}\nnouppercase#pass1x\n" run $P $NOW passwd alice
expect 1 "ucredit -1"
has 'minimum-upper-cases' "named"
IN="${pw[alice]}\nNoPunctuation12345x\n" run $P $NOW passwd alice
expect 1 "ocredit -1 from the drop-in"
has 'minimum-punctuations' "named"
IN="${pw[alice]}\nQ#aaaa1Se#cr9Et2X\n" run $P $NOW passwd alice
expect 1 "maxrepeat 3"
has 'maximum-repeats' "named"
# pwhistory remember 5: an opasswd password comes back refused.
IN="${pw[alice]}\nOld#Alice#Pass1\n" run $P $NOW passwd alice
expect 1 "remember: opasswd's passwords"
has 'minimum-reuse' "named"
# login.defs PASS_MIN_DAYS 1 and the account's own figures: dave changed
# his yesterday and may change again; bob's 30 days from shadow.
IN="${pw[bob]}\n" run $P $((NOW + 26 * DAY)) login bob
expect 0 "bob a day before his own 30"
IN="${pw[bob]}\n" run $P $((NOW + 27 * DAY)) login bob
expect 4 "bob's own 30 days (shadow field 5) hold"
IN="${pw[dave]}\n" run $P $((NOW + 30 * DAY)) login dave
expect 1 "dave's account expires on its date (shadow field 8)"
# root's own 60 days (shadow field 5) count from its last change, as
# shadow counted them.
IN="${pw[root]}\n" run $P $((NOW + 39 * DAY)) login root
expect 0 "root within its own 60 days"
IN="${pw[root]}\n" run $P $((NOW + 40 * DAY)) login root
expect 4 "root's password expires when shadow said"
# faillock deny 3, unlock_time 0: locked until an administrator unlocks.
for i in 1 2 3; do IN='wrong\n' run $P $NOW login alice; done
IN="${pw[alice]}\n" run $P $((NOW + 30 * DAY)) login alice
expect 3 "locked after 3, still locked a month on"
run $P $NOW unlock alice
IN="${pw[alice]}\n" run $P $NOW login alice
expect 0 "in again after unlock"

# And out again, unchanged.
run $P $NOW export shadow
expect 0 "export shadow"
printf '%s\n' "$OUT" >"$T/shadow.out"
cmp "$E/shadow" "$T/shadow.out" || fail "shadow differs: $(diff "$E/shadow" "$T/shadow.out")"
run $P $NOW export opasswd --passwd "$E/passwd"
expect 0 "export opasswd"
printf '%s\n' "$OUT" >"$T/opasswd.out"
cmp "$E/security/opasswd" "$T/opasswd.out" ||
	fail "opasswd differs: $(diff "$E/security/opasswd" "$T/opasswd.out")"
done_testing
