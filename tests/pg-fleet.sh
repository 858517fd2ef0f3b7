# SPDX-License-Identifier: BSD-3-Clause
# pg-fleet.sh - the fleet store as a fleet uses it: several "nodes"
# (processes, each its own connection) on one PostgreSQL store. Failed
# logins from 2 and 4 nodes at once are all counted and the lock falls at
# exactly maximum-failed-attempts; two nodes changing one password at once
# leave one consistent account; `store copy` takes a SQLite store to
# PostgreSQL and back with every row the same; `store check` on both.
# Needs PWPOL_PG_STATE (the ctest fixture, pg-server.sh).
. "$(dirname "$0")/lib.sh"
: "${PWPOL_PG_STATE:?run by ctest with the pg fixture}"
T0=1700000000
DAY=86400
PW='Kx7#mWq2vL'

conf() { printf 'set system login lockout maximum-failed-attempts %s\n' "$2" >"$1"; }

# nodes DB CONFIG N EACH: N processes each making EACH failed logins of
# admin at the same instant; the exit statuses land in $T/rc.
nodes() {
	rm -f "$T"/rc.*
	local i
	for ((i = 0; i < $3; i++)); do
		(
			for ((k = 0; k < $4; k++)); do
				wrong_login "$i" "$1" "$2" admin
			done
		) &
	done
	wait
	cat "$T"/rc.* >"$T/rc"
}

count() { grep -cx "$1" "$T/rc" || true; }

failures() {
	"$PWPOL" --db "$1" --config "$2" --now $T0 --json show admin |
		sed -n 's/.*"failures":\([0-9]*\).*/\1/p'
}

# 1. 2 and 4 nodes: every failure counted (limit above the total), then the
# lock at exactly M: M answers "wrong password" (1), the rest "locked" (3).
conf "$T/c100.conf" 100
M=7
conf "$T/cm.conf" $M
for n in 2 4; do
	each=10
	db=$(store "count$n")
	IN="$PW\n" run "$PWPOL" --db "$db" --config "$T/c100.conf" --now $T0 init
	expect 0 "init on PostgreSQL"
	nodes "$db" "$T/c100.conf" $n $each
	got=$(failures "$db" "$T/c100.conf")
	[ "$got" = $((n * each)) ] || fail "$n nodes x $each failures: $got counted"
	[ "$(count 1)" = $((n * each)) ] || fail "$n nodes: answers $(sort "$T/rc" | uniq -c | tr '\n' ' ')"

	db=$(store "lock$n")
	IN="$PW\n" run "$PWPOL" --db "$db" --config "$T/cm.conf" --now $T0 init
	expect 0 "init"
	nodes "$db" "$T/cm.conf" $n $each
	got=$(failures "$db" "$T/cm.conf")
	[ "$got" = $M ] || fail "$n nodes, lock at $M: $got failures stored"
	[ "$(count 1)" = $M ] || fail "$n nodes: $(count 1) answers of 1, not $M"
	[ "$(count 3)" = $((n * each - M)) ] ||
		fail "$n nodes: $(sort "$T/rc" | uniq -c | tr '\n' ' ') (expected $M x 1, rest 3)"
	IN="$PW\n" run "$PWPOL" --db "$db" --config "$T/cm.conf" --now $T0 login admin
	expect 3 "$n nodes: locked, the right password refused"
	IN="$PW\n" run "$PWPOL" --db "$db" --config "$T/cm.conf" --now $((T0 + 1801)) login admin
	expect 0 "$n nodes: the lock ends after lock-time"
done

# 1b. A database whose transactions are SERIALIZABLE, as CockroachDB's
# always are: concurrent failures meet serialization failures (SQLSTATE
# 40001), which the library runs again: all counted, none answered 5.
# 8 nodes meet conflicts up to 3 deep in a row on a quiet machine: the
# transaction alone runs again after a random pause, up to 12 times
# (account.h); 5 attempts that rehashed each time ran out once under
# load in CI.
db=$(bash "$(dirname "$0")/pg-server.sh" fresh "$PWPOL_PG_STATE" pg_fleet_serializable serializable)
IN="$PW\n" run "$PWPOL" --db "$db" --config "$T/c100.conf" --now $T0 init
expect 0 "init on a SERIALIZABLE database"
nodes "$db" "$T/c100.conf" 8 10
got=$(failures "$db" "$T/c100.conf")
[ "$got" = 80 ] && [ "$(count 1)" = 80 ] ||
	fail "SERIALIZABLE, 8 nodes x 10: $got counted; $(sort "$T/rc" | uniq -c | tr '\n' ' ')" \
		"$(cat "$T"/err.* | sort -u | head -2)"

# 2. Two nodes change one password at once from the same old password:
# one wins, the other finds its old password wrong; the account ends with
# the winner's password and one history entry, whatever the order.
db=$(store change)
IN="$PW\n" run "$PWPOL" --db "$db" --now $T0 init
expect 0 "init"
NEW_A='Qz4!vBn8Lp2w' NEW_B='Wm6@tRc3Hx9k' OLD='Ol5#dOld1Pw'
for round in 1 2 3 4 5; do
	u=alice$round
	IN="$OLD\n" run "$PWPOL" --db "$db" --now $T0 useradd $u
	expect 0 "useradd $u"
	rc_a=0 rc_b=0
	printf '%s\n%s\n' "$OLD" "$NEW_A" | "$PWPOL" --db "$db" --now $T0 passwd $u >/dev/null 2>&1 &
	pa=$!
	printf '%s\n%s\n' "$OLD" "$NEW_B" | "$PWPOL" --db "$db" --now $T0 passwd $u >/dev/null 2>&1 &
	pb=$!
	wait $pa || rc_a=$?
	wait $pb || rc_b=$?
	case "$rc_a$rc_b" in
	01) win=$NEW_A lose=$NEW_B ;;
	10) win=$NEW_B lose=$NEW_A ;;
	*)
		fail "round $round: two changes at once gave $rc_a and $rc_b, not one 0 and one 1"
		continue
		;;
	esac
	IN="$win\n" run "$PWPOL" --db "$db" --now $((T0 + 1)) login $u
	expect 0 "round $round: the winner's password logs in"
	IN="$lose\n" run "$PWPOL" --db "$db" --now $((T0 + 1)) login $u
	expect 1 "round $round: the loser's password does not"
	run "$PWPOL" --db "$db" --now $((T0 + 1)) --json show $u
	has '"history":1' "round $round: one change made, one old hash kept"
done

# 3. store copy: SQLite -> PostgreSQL -> SQLite, every row the same.
src=$T/src.db
IN="$PW\n" run "$PWPOL" --db "$src" --now $T0 init
expect 0 "init the appliance store"
IN='Tmp#Kw4Pass7\n' run "$PWPOL" --db "$src" --now $T0 useradd bob
expect 0 "useradd bob"
old='Tmp#Kw4Pass7'
for new in 'Qz4!vBn8Lp2w' 'Wm6@tRc3Hx9k' 'Ep7%yUs5Gj1d'; do
	k=$((${k:-0} + 1))
	IN="$old\n$new\n" run "$PWPOL" --db "$src" --now $((T0 + k * 2 * DAY)) passwd bob
	expect 0 "bob change $k"
	old=$new
done
for i in 1 2; do
	IN='wrong#Pass99\n' run "$PWPOL" --db "$src" --now $T0 login root
done
IN='Tmp#Jr5Pass8\n' run "$PWPOL" --db "$src" --now $T0 useradd eve
expect 0 "useradd eve"
for i in 1 2 3 4 5 6; do
	IN='wrong#Pass99\n' run "$PWPOL" --db "$src" --now $T0 login eve
done
IN='Tmp#Jr5Pass8\n' run "$PWPOL" --db "$src" --now $T0 login eve
expect 3 "eve locked in the source"
rows() {
	sqlite3 "$1" 'SELECT * FROM accounts ORDER BY name' \
		'SELECT account, hash FROM history ORDER BY account, seq'
}
pg=$(store copy)
run "$PWPOL" store copy "$src" "$pg"
expect 0 "store copy SQLite -> PostgreSQL"
has "copied 5 accounts" "copy reports the accounts"
back=$T/back.db
run "$PWPOL" store copy "$pg" "$back"
expect 0 "store copy PostgreSQL -> SQLite"
[ "$(rows "$src")" = "$(rows "$back")" ] || fail "rows differ after the round trip:
$(diff <(rows "$src") <(rows "$back"))"
[ "$(rows "$src" | wc -l)" -eq 8 ] || fail "5 accounts and 3 history rows expected: $(rows "$src")"
IN='Tmp#Jr5Pass8\n' run "$PWPOL" --db "$pg" --now $T0 login eve
expect 3 "eve still locked on PostgreSQL"
IN="$old\n" run "$PWPOL" --db "$pg" --now $((T0 + 7 * DAY)) login bob
expect 0 "bob's last password on PostgreSQL"
for s in "$src" "$pg" "$back"; do
	run "$PWPOL" --db "$s" store check
	expect 0 "store check"
	has "layout version 10, 5 accounts" "check reports"
done

# A target with accounts is refused, and left as it was; --merge merges.
before=$(rows "$back")
run "$PWPOL" store copy "$pg" "$back"
expect 2 "copy into a store with accounts"
has "already holds accounts" "says why"
[ "$(rows "$back")" = "$before" ] || fail "a refused copy changed the target"
IN='Tmp#Hq6Pass9\n' run "$PWPOL" --db "$back" --now $T0 useradd zed
run "$PWPOL" --db "$back" --now $T0 unlock eve
run "$PWPOL" store copy --merge "$pg" "$back"
expect 0 "copy --merge"
run "$PWPOL" --db "$back" --now $T0 show
has "zed" "merge keeps the target's own accounts"
IN='Tmp#Jr5Pass8\n' run "$PWPOL" --db "$back" --now $T0 login eve
expect 3 "merge: the source's account replaces the target's (eve locked again)"

# One transaction on the target: a copy that fails at its last account
# (more history than pwpol keeps, put there past pwpol) leaves none copied.
odd=$T/odd.db
IN="$PW\n" run "$PWPOL" --db "$odd" --now $T0 init
sqlite3 "$odd" "INSERT INTO accounts (name, hash, changed, flags, failures, locked_until, class, enabled, last_failure)
	SELECT 'zz', hash, changed, flags, failures, locked_until, class, enabled, last_failure
	FROM accounts WHERE name = 'admin';
	WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 21)
	INSERT INTO history SELECT 'zz', i, (SELECT hash FROM accounts WHERE name = 'admin') FROM n"
pg2=$(store atomic)
run "$PWPOL" store copy "$odd" "$pg2"
expect 5 "a copy that fails half-way"
has "more than pwpol keeps" "says why"
run "$PWPOL" --db "$pg2" store check
has "0 accounts" "nothing of the failed copy is in the target"

# A damaged SQLite store fails its check. pwpol keeps the write-ahead log
# between commands, so a plain sqlite3 close first folds it back: the
# damage is then in pages the store reads.
sqlite3 "$back" 'PRAGMA user_version' >/dev/null
head -c 64 /dev/zero | tr '\0' '\377' | dd of="$back" bs=1 seek=4096 conv=notrunc 2>/dev/null
run "$PWPOL" --db "$back" store check
[ "$RC" -eq 5 ] || fail "store check of a damaged file: exit $RC"
case "$ERR" in *damaged* | *malformed*) ;; *) fail "store check names no damage" ;; esac
done_testing
