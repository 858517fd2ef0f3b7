#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# pg-role.sh - the machines' role of a fleet store, granted exactly the
# README's grants ("Direct PostgreSQL from trusted nodes"), read from README.md itself: logins, the
# lockout, a user's own password change, and logins after an unconfirmed
# commit confirmed past its deadline all work as that role; committing,
# adding, disabling and promoting accounts do not. Needs PWPOL_PG_STATE
# (the ctest fixture, pg-server.sh).
. "$(dirname "$0")/lib.sh"
: "${PWPOL_PG_STATE:?run by ctest with the pg fixture}"
# shellcheck disable=SC1090
. "$PWPOL_PG_STATE" # BIN and DIR of the throwaway server
T0=1700000000
DAY=86400
PW='Kx7#mWq2vL'
NEW='N3w!Secret99'
P="$PWPOL --now"

OWNER=$(store role)
ROLE=pwpol_node_$$
NODE=${OWNER/postgres@/$ROLE@}
sql() {
	PGOPTIONS='-c client_min_messages=warning' "$BIN/psql" -X -q -v ON_ERROR_STOP=1 "$OWNER" "$@"
}

# The owner makes the store, its accounts and its configuration.
printf 'set system login lockout maximum-failed-attempts 3\nset system login lockout lock-time 600\n' \
	>"$T/lock.set"
IN="$PW\n" run $P $T0 --db "$OWNER" init
expect 0 "init as the owner"
run $P $T0 --db "$OWNER" config commit "$T/lock.set"
expect 0 "commit as the owner"
IN='Temp#Pass123\n' run $P $T0 --db "$OWNER" useradd --class operator alice
expect 0 "useradd as the owner"

# The README's grants, word for word, to a role of this test's own.
grants=$(sed -n '/^## Direct PostgreSQL from trusted nodes/,/^## The web face/p' "$TESTS_DIR/../README.md" |
	sed -n "/<<'SQL'/,/^SQL\$/p" | grep '^GRANT' | sed "s/ TO pwpol;\$/ TO $ROLE;/")
[ -n "$grants" ] || fail "no GRANT found in README.md's fleet section"
sql -c "DROP ROLE IF EXISTS $ROLE" -c "CREATE ROLE $ROLE LOGIN"
printf '%s\n' "$grants" | sql
trap 'sql -c "DROP OWNED BY $ROLE" -c "DROP ROLE IF EXISTS $ROLE" >/dev/null 2>&1 || true; rm -rf "$T"' EXIT

# The fleet's state (the CA, its sealed key, tokens, nodes) is the
# conductors': the README grants the machines' role nothing of it.
run $P $T0 --db "$OWNER" node token --state "$T/fleet"
expect 0 "a conductor's token: the fleet CA made in the store"
[ "$(sql -t -A -c "SELECT count(*) FROM fleet_state WHERE key = 'ca'")" = 1 ] || fail "the CA is in the store"
run "$BIN/psql" -X -q -t -A "$NODE" -c "SELECT value FROM fleet_state"
[ "$RC" -ne 0 ] || fail "the machines' role read the fleet's state: $OUT"
has "permission denied" "refused by PostgreSQL"
run $P $T0 --db "$NODE" node list
expect 5 "node list as the machines' role: a store error"

# Logins and the lockout, as the machines' role.
IN="$PW\n" run $P $((T0 + 60)) --db "$NODE" login admin
expect 0 "a login as the machines' role"
for i in 1 2 3; do
	IN='wrong#Pass99\n' run $P $((T0 + 120)) --db "$NODE" login admin
	expect 1 "wrong password $i, counted"
done
IN="$PW\n" run $P $((T0 + 121)) --db "$NODE" login admin
expect 3 "locked after three failures"
IN="$PW\n" run $P $((T0 + 121 + 600)) --db "$NODE" login admin
expect 0 "the lock over"
IN='nobody#Pass99\n' run $P $((T0 + 800)) --db "$NODE" login nosuch
expect 1 "an unknown name: the same answer, its refusal counted"

# A user's own change: the history, the account's row.
IN="$PW\n$NEW\n" run $P $((T0 + 2 * DAY)) --db "$NODE" passwd admin
expect 0 "a user's own change as the machines' role"
IN="$NEW\n" run $P $((T0 + 2 * DAY)) --db "$NODE" login admin
expect 0 "the new password"

# A commit confirmed never confirmed: past its deadline the machines read
# the configuration before it, and write nothing to do so.
printf 'set system login password minimum-length 16\n' >"$T/sixteen.set"
C=$((T0 + 3 * DAY))
run $P $C --db "$OWNER" config commit "$T/sixteen.set" --merge --confirmed 1
expect 0 "commit confirmed as the owner"
IN='Abcdefgh1!xyzw\n' run $P $((C + 30)) --db "$NODE" check
expect 1 "within the deadline: minimum-length 16"
IN="$NEW\n" run $P $((C + 120)) --db "$NODE" login admin
expect 0 "past the deadline: logins still work as the machines' role"
IN='Abcdefgh1!xyzw\n' run $P $((C + 120)) --db "$NODE" check
expect 0 "past the deadline: the configuration before it"
[ "$(sql -t -A -c 'SELECT count(*) FROM config_commits')" = 2 ] || fail "a reader wrote a commit"

# What the role may not do.
run $P $((C + 200)) --db "$NODE" config commit "$T/lock.set"
[ "$RC" -ne 0 ] || fail "the machines' role committed a configuration"
run $P $((C + 200)) --db "$NODE" config rollback 1
[ "$RC" -ne 0 ] || fail "the machines' role rolled back"
run $P $((C + 200)) --db "$NODE" usermod --class super-user alice
[ "$RC" -ne 0 ] || fail "the machines' role promoted an account"
run $P $((C + 200)) --db "$NODE" disable admin
[ "$RC" -ne 0 ] || fail "the machines' role disabled an account"
IN='Temp#Pass123\n' run $P $((C + 200)) --db "$NODE" useradd mallory
[ "$RC" -ne 0 ] || fail "the machines' role added an account"
run $P $((C + 200)) --db "$NODE" userdel alice
[ "$RC" -ne 0 ] || fail "the machines' role deleted an account"
[ "$(sql -t -A -c "SELECT class FROM accounts WHERE name = 'alice'")" = operator ] ||
	fail "alice's class changed"
# store check says when the role cannot log anyone in, naming what it
# lacks; before, it said ok while every login failed.
run $P $((C + 250)) --db "$NODE" store check
expect 0 "store check as the machines' role with the README's grants"
sql -c "REVOKE UPDATE (last_failure) ON accounts FROM $ROLE" -c "REVOKE INSERT ON refusals FROM $ROLE"
run $P $((C + 250)) --db "$NODE" store check
expect 5 "store check: a role that cannot log anyone in"
has "the role $ROLE lacks what logins need: UPDATE (last_failure) ON accounts, INSERT ON refusals" "names what is missing"
IN="$NEW\n" run $P $((C + 250)) --db "$NODE" login admin
expect 5 "and indeed: a login is a store error"
sql -c "GRANT UPDATE (last_failure) ON accounts TO $ROLE" -c "GRANT INSERT ON refusals TO $ROLE"
run $P $((C + 250)) --db "$NODE" store check
expect 0 "the grants back: ok"
# The owner's next write records the restore, stamped at the deadline.
run $P $((C + 300)) --db "$OWNER" config confirm
expect 2 "nothing awaits confirmation"
run $P $((C + 300)) --db "$OWNER" config history
has "commit 2 not confirmed: rollback to commit 1" "recorded by the owner"
done_testing
