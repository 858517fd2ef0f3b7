# SPDX-License-Identifier: BSD-3-Clause
# cli-crash.sh - crash safety: `pwpol passwd`, `login` (right and wrong) and `unlock` killed with
# SIGKILL at random points, over and over, against one store of a few
# accounts. After every kill the account must log in with its old or its
# new password (never neither); at the end the store must pass
# `PRAGMA integrity_check`, hold every account, and hold no password in
# plain text.
#
#   PWPOL_CRASH_SECONDS=30   time budget (default 25; e.g. 600 for a long run)
#   PWPOL_CRASH_SEED=N       seed for $RANDOM (default: the time; printed)
. "$(dirname "$0")/lib.sh"
command -v sqlite3 >/dev/null || { echo "SKIP: sqlite3 command not found"; exit 0; }
command -v timeout >/dev/null || { echo "SKIP: timeout command not found"; exit 0; }

budget=${PWPOL_CRASH_SECONDS:-25}
seed=${PWPOL_CRASH_SEED:-$(date +%s)}
RANDOM=$seed
echo "seed $seed, budget ${budget}s"
T0=1700000000
DAY=86400
now=$T0
users=(carol dave erin frank)
OUT='' ERR=''
declare -A cur
# Letters and digits that spell none of the users' names in any form (no
# c a r o l d v e i n f k, and no look-alike 0 1 3 4 5 7 @ $).
SAFE=BGHJMPQSTUWXYZbghjmpqstuwxyz2689
seen=$T/passwords

# newpw [OLD]: a fresh password the ssr profile always accepts: every class,
# 10 random characters none of which is among OLD's 10 (so no alignment of
# the two shares one, and it takes 10 edits to go from one to the other; a
# character merely moved along would count as fewer), no character twice in
# a row, no user's name.
newpw() {
	local old=${1:-} s=Q prev=Q c i
	for ((i = 1; i <= 10; i++)); do
		while :; do
			c=${SAFE:RANDOM % ${#SAFE}:1}
			[ "$c" != "$prev" ] && [[ "${old:1:10}" != *"$c"* ]] && break
		done
		s+=$c prev=$c
	done
	echo "${s}a7#"
}

# pw_login USER PASSWORD: the status of an uninterrupted login.
pw_login() {
	printf '%s\n' "$2" | "$PWPOL" --now "$now" login "$1" >/dev/null 2>"$T/err"
}

ok_login() {
	local rc=0
	pw_login "$1" "$2" || rc=$?
	[ "$rc" -eq 0 ] || [ "$rc" -eq 4 ]
}

p=$(newpw)
echo "$p" >>"$seen"
printf '%s\n' "$p" | "$PWPOL" --now $now init >/dev/null || { echo "FAIL: init"; exit 1; }
for u in "${users[@]}"; do
	cur[$u]=$(newpw)
	echo "${cur[$u]}" >>"$seen"
	printf '%s\n' "${cur[$u]}" | "$PWPOL" --now $now useradd "$u" >/dev/null ||
		{ echo "FAIL: useradd $u"; exit 1; }
done

# How long one uninterrupted change takes: kills fall in [0, 1.5 x that].
now=$((now + 2 * DAY))
u=${users[0]}
n=$(newpw "${cur[$u]}")
t1=$(date +%s%N)
printf '%s\n%s\n' "${cur[$u]}" "$n" | "$PWPOL" --now $now passwd "$u" >/dev/null ||
	{ echo "FAIL: calibration passwd: $(cat "$T/err" 2>/dev/null)"; exit 1; }
t2=$(date +%s%N)
cur[$u]=$n
echo "$n" >>"$seen"
span=$(((t2 - t1) / 1000 * 3 / 2))
[ "$span" -lt 1000 ] && span=1000
echo "one passwd takes $(((t2 - t1) / 1000)) us; kills fall within ${span} us"

ops=0 late=0 kill_unlock=0 kills=0 kill_passwd=0 kill_login=0 landed_new=0 landed_old=0
end=$(($(date +%s) + budget))
while [ "$(date +%s)" -lt "$end" ] && [ "$fails" -eq 0 ]; do
	u=${users[RANDOM % ${#users[@]}]}
	now=$((now + 2 * DAY))
	us=$(((RANDOM * 32768 + RANDOM) % span))
	delay=$(printf '0.%06d' "$us")
	ops=$((ops + 1))
	rc=0
	if ((RANDOM % 10 < 6)); then
		n=$(newpw "${cur[$u]}")
		echo "$n" >>"$seen"
		printf '%s\n%s\n' "${cur[$u]}" "$n" 2>/dev/null |
			timeout --foreground -s KILL "$delay" "$PWPOL" --now $now passwd "$u" >"$T/out" 2>"$T/err" ||
			rc=$?
		case $rc in
		0) cur[$u]=$n ;;
		137 | 124)
			# 124: the timer fired as the command was ending on its own.
			[ $rc = 137 ] && kills=$((kills + 1)) kill_passwd=$((kill_passwd + 1))
			[ $rc = 124 ] && late=$((late + 1))
			if ok_login "$u" "$n"; then
				cur[$u]=$n landed_new=$((landed_new + 1))
			elif ok_login "$u" "${cur[$u]}"; then
				landed_old=$((landed_old + 1))
			else
				fail "$u: after a killed passwd neither the old nor the new password works"
			fi
			;;
		*) fail "$u: passwd exited $rc: $(cat "$T/out" "$T/err")" ;;
		esac
	elif ((RANDOM % 2)); then
		printf '%s\n' "${cur[$u]}" 2>/dev/null |
			timeout --foreground -s KILL "$delay" "$PWPOL" --now $now login "$u" >/dev/null 2>"$T/err" ||
			rc=$?
		case $rc in
		0 | 4) ;;
		137) kills=$((kills + 1)) kill_login=$((kill_login + 1)) ;;
		124) late=$((late + 1)) ;;
		*) fail "$u: login with its password exited $rc: $(cat "$T/err")" ;;
		esac
	else
		# A wrong password writes the failure count; unlock writes it back to
		# zero. Both are killed at random; an unlock that did not finish is
		# run again, so the account never reaches the lockout.
		printf 'Wrong#%s\n' "$RANDOM" 2>/dev/null |
			timeout --foreground -s KILL "$delay" "$PWPOL" --now $now login "$u" >/dev/null 2>"$T/err" ||
			rc=$?
		case $rc in
		1) ;;
		137) kills=$((kills + 1)) kill_login=$((kill_login + 1)) ;;
		124) late=$((late + 1)) ;;
		*) fail "$u: login with a wrong password exited $rc: $(cat "$T/err")" ;;
		esac
		rc=0
		timeout --foreground -s KILL "0.00$((RANDOM % 10))" "$PWPOL" --now $now unlock "$u" \
			>/dev/null 2>"$T/err" </dev/null || rc=$?
		case $rc in
		0) ;;
		137 | 124)
			[ $rc = 137 ] && kills=$((kills + 1)) kill_unlock=$((kill_unlock + 1))
			"$PWPOL" --now $now unlock "$u" >/dev/null 2>"$T/err" </dev/null ||
				fail "$u: unlock after a killed unlock: $(cat "$T/err")"
			;;
		*) fail "$u: unlock exited $rc: $(cat "$T/err")" ;;
		esac
	fi
done

# The store after it all.
OUT=$(sqlite3 "$PWPOL_DB" 'PRAGMA integrity_check' 2>&1) ERR=
[ "$OUT" = ok ] || fail "integrity_check: $OUT"
now=$((now + 2 * DAY))
for u in admin root t128 "${users[@]}"; do
	run "$PWPOL" --now $now --json show "$u"
	expect 0 "$u is still in the store"
done
for u in "${users[@]}"; do
	ok_login "$u" "${cur[$u]}" || fail "$u: its last password does not work"
done
for f in "$PWPOL_DB" "$PWPOL_DB-wal" "$PWPOL_DB-journal"; do
	[ -f "$f" ] || continue
	if grep -a -F -q -f "$seen" "$f"; then
		fail "$f holds a password in plain text"
	fi
done
echo "figures: $ops operations, $kills killed with SIGKILL ($kill_passwd passwd," \
	"$kill_login login, $kill_unlock unlock);" \
	"killed changes found committed $landed_new, rolled back $landed_old;" \
	"$(wc -l <"$seen") distinct passwords; $late ended as the timer fired"
[ "$kills" -ge 10 ] || fail "only $kills kills: the test did not exercise crashes"
done_testing
