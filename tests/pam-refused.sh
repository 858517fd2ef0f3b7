# SPDX-License-Identifier: BSD-3-Clause
# pam-refused.sh - a try that sshd refused itself is no try of the account.
# sshd still runs PAM for a name with no Unix account on its machine and
# for root under PermitRootLogin no, but hands the modules a password it
# replaced: "\b\n\r\177INCORRECT" repeated to the typed length (OpenSSH,
# auth-pam.c fake_password). Before, pam_pwpol counted such a try as a
# failure of the account: anyone who reached one sshd of a fleet locked
# root, admin and t128 on every node. Now: PAM_AUTH_ERR, no failure
# counted, nothing recorded against the account, the answer and time of
# any refusal. The driver replays sshd's replacement (--sshd-refused);
# tests/pam-sshd.sh does it with the real sshd. Runs on both backends.
. "$(dirname "$0")/lib.sh"
PWPOL_DB=$(store refused)
export PWPOL_DB
. "$(dirname "$0")/lib-pam.sh"

printf 'system { login { lockout { maximum-failed-attempts 3; lock-time 3600; } } }\n' >"$T/p.conf"
chmod 600 "$T/p.conf"
export PWPOL_CONFIG=$T/p.conf
service sshd "db=$DB config=$PWPOL_CONFIG"
IN="$PW\n" run "$PWPOL" init
expect 0 "init"

failures() { # NAME: the failures column of `pwpol show NAME`
	run "$PWPOL" show --json "$1"
	printf '%s' "$OUT" | sed -n 's/.*"failures":\([0-9]*\).*/\1/p'
}

# Root's right password and a wrong one, five times each, as sshd hands
# them over under PermitRootLogin no: refused, never counted, never locked.
for pw in "$PW" 'Wrong#Guess-42' "$PW" 'Wrong#Guess-42' "$PW"; do
	IN="$pw\n" pam --sshd-refused --service sshd --user root --rhost 192.0.2.9 authenticate
	expect 7 "root, refused by sshd: PAM_AUTH_ERR"
	has 'FAIL_DELAY: 1-3 s' "the delay of any failure"
	logged 'login refused before pwpol' "said in the log"
	case "$LOG" in *"for root"* | *"user root"*) fail "the log names no account for a try sshd refused (log: $LOG)" ;; esac
	case "$LOG" in *'login failure for root'*) fail "not a failure of root" ;; esac
done
refused_out=$OUT
[ "$(failures root)" = 0 ] || fail "root: no failure counted (got $(failures root))"
run "$PWPOL" show root
hasnt 'locked' "root is not locked"
# The same try, not replaced, counts: the account's lockout still works.
IN='Wrong#Guess-42\n' pam --service sshd --user root --rhost 192.0.2.9 authenticate
expect 7 "a wrong password of root's own"
[ "$OUT" = "$refused_out" ] || fail "a refused try answers as a wrong password does"
[ "$(failures root)" = 1 ] || fail "root: the real failure counted (got $(failures root))"
IN="$PW\n" pam --service sshd --user root authenticate
expect 0 "root's right password still logs in"

# A name sshd knows no Unix account for: admin, t128 and an account of the
# fleet alone. None of them is counted, whatever the password.
for u in admin t128 mallory; do
	for _ in 1 2 3 4; do
		IN='Wrong#Guess-42\n' pam --sshd-refused --service sshd --user "$u" authenticate
		expect 7 "$u, invalid user for sshd: PAM_AUTH_ERR"
	done
done
[ "$(failures admin)" = 0 ] || fail "admin: no failure counted"
[ "$(failures t128)" = 0 ] || fail "t128: no failure counted"
IN="$PW\n" pam --service sshd --user admin authenticate
expect 0 "admin logs in: never locked by tries sshd refused"

# An account unknown to the fleet is never a failure of another: names
# that differ from root by case, a space or an invisible character.
for u in Root 'root ' "$(printf 'ro\342\200\213ot')" ROOT; do
	IN='Wrong#Guess-42\n' pam --service sshd --user "$u" authenticate
	expect 7 "'$u' is no account: refused"
done
[ "$(failures root)" = 0 ] || fail "root: no failure from names that are not root"

# Where the refusals are recorded: the store's count of refusals against
# no account (kind "service"), one a try; the accounts hold nothing.
if [ -n "${PWPOL_PG_STATE:-}" ]; then
	n=$(psql -X -A -t -d "$DB" -c "SELECT n FROM refusals WHERE kind = 'service'")
else
	n=$(sqlite3 "$DB" "SELECT n FROM refusals WHERE kind = 'service'")
fi
[ "$n" = 17 ] || fail "17 tries refused by sshd recorded as kind service (got '$n')"

# The time of a refused try is the time of any refusal: with a bcrypt
# account beside init's sha512 ones, a refused try of admin pays what a
# wrong password of bert (bcrypt) does (medians of 5, bound 1.5 as in
# cli-format-timing.sh).
IN='Bc#Rypt9x7qzz\n' run "$PWPOL" hash --format bcrypt
b=$OUT
day=$(($(date +%s) / 86400))
printf 'bert:%s:%s:0:99999:7:::\n' "$b" "$day" >"$T/shadow"
run "$PWPOL" import shadow --file "$T/shadow"
expect 0 "import bert"
service fast "db=$DB config=$PWPOL_CONFIG nodelay"
ms() { # NAME [--sshd-refused]
	local t0 t1
	t0=$(date +%s%N)
	echo 'Wrong#Guess-42' | env LD_PRELOAD="$SYSLOG_SHIM" "$PAM_DRIVER" --confdir "$T/pam.d" \
		--service fast --user "$1" ${2:-} authenticate >/dev/null 2>&1 || true
	t1=$(date +%s%N)
	echo $(((t1 - t0) / 1000000))
}
for _ in 1 2 3 4 5; do
	ms admin --sshd-refused >>"$T/t.refused"
	ms bert >>"$T/t.wrong"
done
run "$PWPOL" unlock bert
median() { sort -n "$T/t.$1" | sed -n 3p; }
r=$(median refused) w=$(median wrong)
lo=$((r < w ? r : w)) hi=$((r < w ? w : r))
[ $((hi * 10)) -le $((lo * 15)) ] || fail "refused by sshd ${r} ms, wrong password ${w} ms: told apart by time"
echo "figures: refused by sshd ${r} ms, wrong password of bert ${w} ms"
done_testing
