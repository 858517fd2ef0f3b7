# SPDX-License-Identifier: BSD-3-Clause
# cli-concurrency.sh - many `pwpol` processes at once against one store:
# failed logins against one account are counted exactly (none lost, none
# doubled), the lock falls at exactly maximum-failed-attempts, and
# concurrent password changes of different accounts lose no update; an
# attempt is recorded before its verdict (a storm of wrong passwords with
# right ones mixed in: every wrong one counted; a store that cannot record:
# nothing judged, the right password included). Run a second time on
# PostgreSQL (PWPOL_PG_STATE): each process its own connection.
#
#   PWPOL_CONC_PROCS=12   processes at once (default 12)
#   PWPOL_CONC_EACH=8     failed logins per process (default 8)
. "$(dirname "$0")/lib.sh"
procs=${PWPOL_CONC_PROCS:-12}
each=${PWPOL_CONC_EACH:-8}
total=$((procs * each))
T0=1700000000
DAY=86400
PW='Kx7#mWq2vL'

# conf FILE MAX: a policy with lockout at MAX failures.
conf() {
	printf 'set system login lockout maximum-failed-attempts %s\n' "$2" >"$1"
}

# hammer DB CONFIG USER: $procs processes each making $each failed logins
# at the same instant; every exit status lands in $T/rc.
hammer() {
	rm -f "$T"/rc.*
	local i
	for ((i = 0; i < procs; i++)); do
		(
			for ((k = 0; k < each; k++)); do
				wrong_login "$i" "$1" "$2" "$3"
			done
		) &
	done
	wait
	cat "$T"/rc.* >"$T/rc"
	cat "$T"/err.* >"$T/errs" 2>/dev/null || true
}

count() { grep -cx "$1" "$T/rc" || true; }

failures() {
	"$PWPOL" --db "$1" --config "$2" --now $T0 --json show "$3" |
		sed -n 's/.*"failures":\([0-9]*\).*/\1/p'
}

# 1. Every failure counted: limit above the total, so nothing locks.
db1=$(store count)
conf "$T/c100.conf" 100
[ "$total" -lt 100 ] || { echo "procs x each must stay under 100"; exit 2; }
IN="$PW\n" run "$PWPOL" --db "$db1" --config "$T/c100.conf" --now $T0 init
expect 0 "init"
hammer "$db1" "$T/c100.conf" admin
n=$(failures "$db1" "$T/c100.conf" admin)
[ "$n" = "$total" ] || fail "$procs processes x $each failures: store counts $n, not $total"
[ "$(count 1)" = "$total" ] ||
	fail "every failed login answers 1: $(sort "$T/rc" | uniq -c | tr '\n' ' ') $(head -3 "$T/errs")"
echo "figures: $procs processes x $each failed logins at once: $n counted of $total"

# 2. The lock falls at exactly the Mth failure. First, one process alone
# says what the Mth answer is (1 or 3); then the crowd must give the same.
M=40
conf "$T/cm.conf" $M
seq_db=$(store seq)
IN="$PW\n" run "$PWPOL" --db "$seq_db" --config "$T/cm.conf" --now $T0 init
expect 0 "init"
ones=0
for ((i = 1; i <= M + 2; i++)); do
	rc=0
	echo 'wrong#Pass99' | "$PWPOL" --db "$seq_db" --config "$T/cm.conf" --now $T0 login admin \
		>/dev/null 2>&1 || rc=$?
	[ "$rc" -eq 1 ] && ones=$((ones + 1))
done
[ "$ones" -eq $M ] || [ "$ones" -eq $((M - 1)) ] ||
	fail "alone: $ones answers of 1 before the lock at $M"
n=$(failures "$seq_db" "$T/cm.conf" admin)
[ "$n" = "$M" ] || fail "alone: $n failures stored after the lock, not $M"

db2=$(store lock)
IN="$PW\n" run "$PWPOL" --db "$db2" --config "$T/cm.conf" --now $T0 init
expect 0 "init"
hammer "$db2" "$T/cm.conf" admin
n=$(failures "$db2" "$T/cm.conf" admin)
[ "$n" = "$M" ] || fail "crowd: $n failures stored, not $M (locked ones are not counted)"
[ "$(count 1)" = "$ones" ] ||
	fail "crowd: $(count 1) answers of 1, alone $ones: the lock fell at the wrong failure"
[ "$(count 3)" = $((total - ones)) ] ||
	fail "crowd: $(count 3) answers of 3 (locked), expected $((total - ones));" \
		"$(sort "$T/rc" | uniq -c | tr '\n' ' ')"
IN="$PW\n" run "$PWPOL" --db "$db2" --config "$T/cm.conf" --now $T0 login admin
expect 3 "locked: the right password refused"
echo "figures: lock at $M under $total concurrent failures: $(count 1) refused, $(count 3) locked"

# 3. Concurrent changes of different accounts: every process changes its own
# account's password $each times; all the last passwords work.
db3=$(store change)
IN="$PW\n" run "$PWPOL" --db "$db3" --now $T0 init
expect 0 "init"
users=()
for ((i = 0; i < procs; i++)); do
	users+=("user$i")
	IN="Tmp#${i}Pass77\n" run "$PWPOL" --db "$db3" --now $T0 useradd "user$i"
	expect 0 "useradd user$i"
done
# The kth password: every character of a base rotated k places within its
# class, so each differs from the one before in every position.
U=ABCDEFGHIJKLMNOPQRSTUVWXYZ L=abcdefghijklmnopqrstuvwxyz D=0123456789 S='#%&*+=?@!^'
pw_of() {
	local k=$1 d=$(($1 % 10))
	echo 'Ab3#Cd5%Ef7&' | tr "$U$L$D$S" "${U:k}${U:0:k}${L:k}${L:0:k}${D:d}${D:0:d}${S:d}${S:0:d}"
}
for ((i = 0; i < procs; i++)); do
	(
		old="Tmp#${i}Pass77"
		for ((k = 1; k <= each; k++)); do
			new=$(pw_of $k)
			rc=0
			printf '%s\n%s\n' "$old" "$new" |
				"$PWPOL" --db "$db3" --now $((T0 + k * 2 * DAY)) passwd "user$i" \
					>"$T/chg.$i.$k" 2>&1 || rc=$?
			[ "$rc" -eq 0 ] || { echo "user$i change $k: exit $rc $(cat "$T/chg.$i.$k")"; break; }
			old=$new
		done
		echo "$old" >"$T/last.$i"
	) >"$T/chgerr.$i" &
done
wait
now=$((T0 + (each + 1) * 2 * DAY))
changed=0
for ((i = 0; i < procs; i++)); do
	[ -s "$T/chgerr.$i" ] && fail "$(cat "$T/chgerr.$i")"
	IN="$(cat "$T/last.$i")\n" run "$PWPOL" --db "$db3" --now $now login "user$i"
	expect 0 "user$i logs in with its last password"
	[ "$RC" -eq 0 ] && changed=$((changed + each))
done
if [ -z "${PWPOL_PG_STATE:-}" ]; then
	run sqlite3 "$db3" 'PRAGMA integrity_check'
	[ "$OUT" = ok ] || fail "integrity_check: $OUT"
fi
run "$PWPOL" --db "$db3" store check
expect 0 "store check after the changes"
echo "figures: $procs processes changing their own accounts $each times at once:" \
	"$changed changes kept"
# 4. A storm of wrong passwords for admin with right ones for bob mixed
# in (every sixth): every attempt counted (count == attempts), every right
# one let in, no wrong one answered 0. No lock (the junos profile), so the
# count can be compared with the attempts.
db4=$(store storm)
printf 'set system login password profile junos\n' >"$T/junos.conf"
S=("$PWPOL" --db "$db4" --config "$T/junos.conf" --now $T0)
IN="$PW\n" run "${S[@]}" init
expect 0 "init"
IN='Tmp#Bob1234x\n' run "${S[@]}" useradd bob
IN='Tmp#Bob1234x\nBob#Secret9x\n' run "${S[@]}" passwd bob
expect 0 "bob's own password"
storm_procs=${PWPOL_STORM_PROCS:-60}
storm_each=${PWPOL_STORM_EACH:-5}
rm -f "$T"/rc.* "$T"/ok.*
for ((i = 0; i < storm_procs; i++)); do
	(
		for ((k = 0; k < storm_each; k++)); do
			if (((i * storm_each + k) % 6 == 5)); then
				rc=0
				echo 'Bob#Secret9x' | "${S[@]}" login bob >/dev/null 2>>"$T/err.$i" || rc=$?
				echo "$rc" >>"$T/ok.$i"
			else
				wrong_login "$i" "$db4" "$T/junos.conf" admin
			fi
		done
	) &
done
wait
cat "$T"/rc.* >"$T/rc"
cat "$T"/ok.* >"$T/ok"
wrongs=$(wc -l <"$T/rc")
rights=$(wc -l <"$T/ok")
n=$(failures "$db4" "$T/junos.conf" admin)
[ "$n" = "$wrongs" ] ||
	fail "storm: $n of $wrongs wrong passwords counted: $(sort "$T/rc" | uniq -c | tr '\n' ' ')" \
		"$(cat "$T"/err.* 2>/dev/null | head -3)"
[ "$(count 1)" = "$wrongs" ] || fail "storm: every wrong password answers 1: $(sort "$T/rc" | uniq -c | tr '\n' ' ')"
# A right password costs two writes (the count, then taking it back): on a
# machine loaded past SQLite's busy timeout one may answer 5, unjudged, as
# the design allows; never 1 (a wrong verdict), and 9 of 10 must get in.
oks=$(grep -cx 0 "$T/ok" || true)
[ "$(grep -cvx -e 0 -e 5 "$T/ok" || true)" = 0 ] ||
	fail "storm: a right password answers other than 0 or 5: $(sort "$T/ok" | uniq -c | tr '\n' ' ')"
[ $((oks * 10)) -ge $((rights * 9)) ] ||
	fail "storm: $oks of $rights right passwords let in: $(sort "$T/ok" | uniq -c | tr '\n' ' ')"
echo "figures: $((wrongs + rights)) concurrent logins ($wrongs wrong, $rights right):" \
	"$n of $wrongs counted"

# 5. A store that cannot record an attempt (every write to the accounts
# and refusals fails, as a store kept busy past its timeout would): no
# attempt is judged. Before, the password was checked first: a wrong one
# answered 5 and went uncounted, a right one answered 0, so an attacker
# who kept the store busy learnt every guess's verdict for free.
db5=$(store norecord)
S=("$PWPOL" --db "$db5" --config "$T/junos.conf" --now $T0)
IN="$PW\n" run "${S[@]}" init
expect 0 "init"
if [ -n "${PWPOL_PG_STATE:-}" ]; then
	psql=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)/psql
	"$psql" -X -q -v ON_ERROR_STOP=1 "$db5" >/dev/null <<'SQL'
CREATE FUNCTION no_write() RETURNS trigger LANGUAGE plpgsql AS
  $$BEGIN RAISE EXCEPTION 'disk full'; END$$;
CREATE TRIGGER no_account_write BEFORE UPDATE OR INSERT ON accounts
  FOR EACH ROW EXECUTE FUNCTION no_write();
CREATE TRIGGER no_refusal_write BEFORE UPDATE OR INSERT ON refusals
  FOR EACH ROW EXECUTE FUNCTION no_write();
SQL
else
	sqlite3 "$db5" >/dev/null <<'SQL'
CREATE TRIGGER no_account_write BEFORE UPDATE ON accounts BEGIN SELECT RAISE(ABORT, 'disk full'); END;
CREATE TRIGGER no_refusal_write BEFORE INSERT ON refusals BEGIN SELECT RAISE(ABORT, 'disk full'); END;
CREATE TRIGGER no_refusal_update BEFORE UPDATE ON refusals BEGIN SELECT RAISE(ABORT, 'disk full'); END;
SQL
fi
IN="$PW\n" run "${S[@]}" login admin
expect 5 "unrecordable: the right password is not judged"
hasnt 'ok' "unrecordable: no success printed"
right_err=$ERR
IN='wrong#Pass99\n' run "${S[@]}" login admin
expect 5 "unrecordable: a wrong password is not judged"
[ "$ERR" = "$right_err" ] || fail "unrecordable: right and wrong say the same: '$right_err' / '$ERR'"
IN='wrong#Pass99\n' run "${S[@]}" login nosuchuser
expect 5 "unrecordable: an unknown name answers as a known one"
[ "$ERR" = "$right_err" ] || fail "unrecordable: unknown and known say the same: '$right_err' / '$ERR'"
# The proof of a password change too: a right current password with a new
# one the policy refuses needed no write and answered 1 with the reasons,
# a wrong one 5: the same oracle.
IN="$PW\nshort\n" run "${S[@]}" passwd admin
expect 5 "unrecordable: a change's right current password is not judged"
[ "$ERR" = "$right_err" ] || fail "unrecordable: the change says the same: '$right_err' / '$ERR'"
IN='wrong#Pass99\nshort\n' run "${S[@]}" passwd admin
expect 5 "unrecordable: a change's wrong current password is not judged"
done_testing
