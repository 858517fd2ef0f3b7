# SPDX-License-Identifier: BSD-3-Clause
# pg-outage.sh - the PostgreSQL server stops (an immediate stop, as a
# crash) in the middle of a storm of failed logins from 4 nodes, and comes
# back. While it is down every login answers 5 with a sentence, the right
# password included (never a success); after the restart the stored count
# is exactly the number of failures that were answered 1, plus at most the
# commits whose answer the crash cut off (said as such). A server that
# never answers is given up at the URI's connect_timeout.
# Starts its own server (pg-server.sh), since it stops it.
. "$(dirname "$0")/lib.sh"
PGS="bash $(dirname "$0")/pg-server.sh"
state=$T/pg.state
trap '$PGS stop "$state"; rm -rf "$T"' EXIT
$PGS start "$state" >/dev/null
db=$($PGS fresh "$state" outage)
T0=1700000000
PW='Kx7#mWq2vL'
printf 'set system login lockout maximum-failed-attempts 0\n' >"$T/c.conf"
IN="$PW\n" run "$PWPOL" --db "$db" --config "$T/c.conf" --now $T0 init
expect 0 "init"

nodes=4
for ((i = 0; i < nodes; i++)); do
	(
		while [ ! -e "$T/stop" ]; do
			wrong_login "$i" "$db" "$T/c.conf" admin
		done
	) &
done
sleep 1
$PGS halt "$state"
sleep 0.5
IN="$PW\n" run "$PWPOL" --db "$db" --config "$T/c.conf" --now $T0 login admin
expect 5 "server down: the right password is a store error, not a success"
has "cannot connect to the store" "server down: says so"
sleep 0.5
$PGS resume "$state"
sleep 1
touch "$T/stop"
wait
cat "$T"/rc.* >"$T/rc"
cat "$T"/err.* >"$T/errs"
ones=$(grep -cx 1 "$T/rc" || true)
fives=$(grep -cx 5 "$T/rc" || true)
others=$(grep -vcx '[15]' "$T/rc" || true)
cut=$(grep -c 'lost at commit' "$T/errs" || true)
[ "$others" -eq 0 ] || fail "answers other than 1 and 5: $(sort "$T/rc" | uniq -c | tr '\n' ' ')"
[ "$fives" -gt 0 ] || fail "no login met the outage"
[ "$ones" -gt 0 ] || fail "no login counted"
grep -v -e 'cannot connect to the store' -e 'connection to the server was lost' \
	-e 'lost at commit' -e 'the attempt could not be recorded (the store is busy or failing)' \
	"$T/errs" >"$T/unclear" || true
[ -s "$T/unclear" ] && fail "unclear errors: $(sort -u "$T/unclear" | head -3)"
got=$("$PWPOL" --db "$db" --config "$T/c.conf" --now $T0 --json show admin |
	sed -n 's/.*"failures":\([0-9]*\).*/\1/p')
[ "$got" -ge "$ones" ] && [ "$got" -le $((ones + cut)) ] ||
	fail "after the restart: $got failures stored, $ones answered 1, $cut cut off at commit"
IN="$PW\n" run "$PWPOL" --db "$db" --config "$T/c.conf" --now $T0 login admin
expect 0 "after the restart the right password logs in"
# A server that accepts but never answers (its postmaster stopped): the
# connect timeout of the URI ends the wait with a sentence.
. "$state"
pm=$(head -n 1 "$DIR/data/postmaster.pid")
kill -STOP "$pm"
start=$(date +%s)
IN="$PW\n" run "$PWPOL" --db "$db&connect_timeout=2" --config "$T/c.conf" --now $T0 login admin
kill -CONT "$pm"
expect 5 "a silent server: a store error"
has "no answer within 2 s" "a silent server: the timeout said"
[ $(($(date +%s) - start)) -le 4 ] || fail "the 2-second connect timeout took $(($(date +%s) - start)) s"

echo "figures: $ones failures answered and counted, $fives store errors while down," \
	"$cut cut off at commit, $got stored"
done_testing
