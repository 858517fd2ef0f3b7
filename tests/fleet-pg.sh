#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# fleet-pg.sh - the conductor over the PostgreSQL store (the pg fixture of
# pg-server.sh): a node enrolled, an account resolved with its fleet uid
# kept in the database (layout 8), a login and a lockout through the
# agent, and the uid the same after the conductor restarts. Exits 77
# (skipped) without root or unshare -m.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-pam.sh"
: "${PWPOL_PG_STATE:?run by ctest with the pg fixture}"
. "$(dirname "$0")/lib-fleet.sh"

DB=$(store fleet)
printf 'system { login { password { profile ssr; } lockout { maximum-failed-attempts 2; lock-time 3600; } } }\n' >"$T/pwpol.conf"
export PWPOL_CONFIG=$T/pwpol.conf
TMP_PW='Temp#Pass123' OWN='Fl33t#Acc0unt-42' BAD='Wrong#Guess-42'
IN="$PW\n" run "$PWPOL" --db "$DB" init
expect 0 "init on PostgreSQL"
IN="$TMP_PW\n" run "$PWPOL" --db "$DB" useradd dave
IN="$TMP_PW\n$OWN\n" run "$PWPOL" --db "$DB" passwd dave
expect 0 "dave's own password"

conductor_start "$DB" --uid-range 81000-81009 --shell /bin/sh --home /srv/home
enroll pgnode
expect 0 "enrolled"
agent_start pgnode
on pgnode getent passwd dave
[ "$OUT" = "dave:x:81000:81000::/srv/home/dave:/bin/sh" ] ||
	fail "dave from the configured range, home and shell: '$OUT'"
run "$PWPOL" --db "$DB" store check
has "layout version 10" "the PostgreSQL store at layout 10 (the fleet's state)"
IN="$OWN\n" pam --service pgnode --user dave login
expect 0 "dave logs in through the agent"
for i in 1 2; do
	IN="$BAD\n" pam --service pgnode --user dave login
	expect 7 "wrong password $i"
done
IN="$OWN\n" pam --service pgnode --user dave login
expect 7 "locked after 2 (the conductor's lockout on PostgreSQL)"
# A commit confirmed that ran out while the conductor was away: restored
# by the conductor when it starts, not by the next login.
conductor_stop
run "$PWPOL" --db "$DB" config commit "$PWPOL_CONFIG"
expect 0 "a commit"
run "$PWPOL" --db "$DB" --now $(($(date +%s) - 3600)) config commit "$PWPOL_CONFIG" --confirmed 1
expect 0 "a commit confirmed an hour ago, for a minute"
conductor_start "$DB" --uid-range 81000-81009 --shell /bin/sh --home /srv/home
wait_for "$T/conductor.log" "a commit confirmed ran out unconfirmed" || fail "the conductor settles it"
# A reader already reads it as restored; the conductor's write says so once.
[ "$(grep -c "a commit confirmed ran out unconfirmed" "$T/conductor.log")" = 1 ] ||
	fail "settled once, not at every pass"
on pgnode getent passwd 81000
[ "$OUT" = "dave:x:81000:81000::/srv/home/dave:/bin/sh" ] || fail "the uid kept: '$OUT'"
on pgnode getent passwd admin
has "admin:x:81001:" "the next account the next uid"

# A node whose clock is off the conductor's says so (here the conductor's
# runs an hour ahead: --now), and the conductor logs it with the node.
run "$PWPOL" node status --socket "$T/pgnode/socket"
# (+1 when a second ends between the conductor's reading and the node's.)
printf '%s\n' "$OUT" | grep -qE "^clock: [+-][01] s off the conductor's$" ||
	fail "clocks agree: $OUT"
conductor_stop
conductor_start "$DB" --uid-range 81000-81009 --now $(($(date +%s) + 3600))
wait_for "$T/pgnode.log" "this node's clock is -3600 s off the conductor's" ||
	wait_for "$T/pgnode.log" "this node's clock is -3599 s off the conductor's" ||
	fail "the agent says its clock is off"
grep -q "node=pgnode status clock -36[0-9][0-9] s off the conductor's: skewed" "$T/conductor.log" ||
	fail "the conductor logs the skewed node"
run "$PWPOL" node status --socket "$T/pgnode/socket"
has "(skewed)" "node status shows it"

# The fleet moves with its store: `store copy` to a SQLite file carries the
# fleet's CA (its key sealed) and nodes; a conductor over the copy, with
# the same state directory, serves the node enrolled on PostgreSQL; the
# fleet uids go along as they were given.
conductor_stop
run "$PWPOL" store copy "$DB" "$T/copy.db"
expect 0 "store copy PostgreSQL -> SQLite"
[ "$(sqlite3 "$T/copy.db" "SELECT count(*) FROM fleet_state WHERE key = 'ca' OR key LIKE 'node:pgnode:%'")" = 2 ] ||
	fail "the fleet's CA and its node copied"
[ "$(sqlite3 "$T/copy.db" "SELECT id FROM fleet_ids WHERE name = 'admin'")" = 81001 ] ||
	fail "the fleet uids copied as they were given"
conductor_start "$T/copy.db"
mark=$(wc -l <"$T/conductor.log")
for _ in $(seq 50); do
	on pgnode getent passwd dave
	tail -n +$((mark + 1)) "$T/conductor.log" | grep -q "node=pgnode pwnam dave: ok" && break
	sleep 0.2
done
has "dave:x:81000:" "dave resolves on the node with his uid"
on pgnode getent passwd 81001
has "admin:x:81001:" "and admin with his"
tail -n +$((mark + 1)) "$T/conductor.log" | grep -q "node=pgnode pwnam dave: ok" ||
	fail "the node is served by a conductor over the copy (not from its cache)"

fleet_finish
done_testing
