#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# fleet-failover.sh - two conductors over one PostgreSQL serve one fleet
# (issue 25): the fleet's CA, tokens and nodes are in the store, the CA's
# key sealed there under the fleet key that only conductors hold (a second
# conductor without it does not start, and the store holds no private key
# in the clear); a token made on one conductor enrolls through the other;
# agents given both conductors go on logging in, counting failures and
# changing passwords through the second when the first is stopped (not
# from their cache); a node revoked is refused by both; a node enrolls
# while the first conductor is away; a conductor's nodes share its store
# connections (--store-connections 1: one session); a conductor that
# cannot reach its store sends its nodes to the next. Exits 77 (skipped) without root or
# unshare -m.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-pam.sh"
: "${PWPOL_PG_STATE:?run by ctest with the pg fixture}"
# shellcheck disable=SC1090
. "$PWPOL_PG_STATE" # BIN of the throwaway server
. "$(dirname "$0")/lib-fleet.sh"

DB=$(store fleet)
sql() { PGOPTIONS='-c client_min_messages=warning' "$BIN/psql" -X -q -At "$DB" -c "$1"; }
printf 'system { login { password { profile ssr; } lockout { maximum-failed-attempts 3; lock-time 3600; } } }\n' >"$T/pwpol.conf"
export PWPOL_CONFIG=$T/pwpol.conf
TMP_PW='Temp#Pass123' TMP2='Reset#Pass-456' OWN='Fl33t#Acc0unt-42' NEW_PW='Tw0#Conduct0rs-7' BAD='Wrong#Guess-42'
IN="$PW\n" run "$PWPOL" --db "$DB" init
expect 0 "init on PostgreSQL"
for u in alice bob; do
	IN="$TMP_PW\n" run "$PWPOL" --db "$DB" useradd "$u"
	IN="$TMP_PW\n$OWN\n" run "$PWPOL" --db "$DB" passwd "$u"
	expect 0 "$u's own password"
done

A=127.0.0.1:$CPORT
CPORT2=$((CPORT + 2))
B=127.0.0.1:$CPORT2
STATE2=$T/state2
# conductor2_start: the second conductor, on its own port and state
# directory, over the same store.
conductor2_start() {
	: >>"$T/conductor2.log"
	"$PWPOL" --db "${DB2:-$DB}" conductor --listen "$B" --state "$STATE2" \
		>>"$T/conductor2.log" 2>&1 &
	CONDUCTOR2_PID=$!
	AGENT_PIDS+=("$CONDUCTOR2_PID") # stopped with the agents at the end
	wait_for "$T/conductor2.log" "listening on $B"
}

conductor_start "$DB"
[ "$(stat -c %a "$STATE/fleet.key")" = 600 ] || fail "the fleet key is the conductor's alone"
# The CA is in the store, its key sealed: no private key in the clear.
[ "$(sql "SELECT count(*) FROM fleet_state WHERE key = 'ca'")" = 1 ] || fail "the CA in the store"
sql "SELECT value FROM fleet_state" | grep -q "PRIVATE KEY" && fail "a private key in the clear in the store"
grep -q "CERTIFICATE" <<<"$(sql "SELECT value FROM fleet_state WHERE key = 'ca'")" ||
	fail "the CA's certificate is there for every conductor"

# A second conductor without the fleet key cannot stand in for the first.
run timeout 20 "$PWPOL" --db "$DB" conductor --listen "$B" --state "$STATE2"
expect 5 "a conductor without the fleet key"
has "fleet.key: missing: copy the fleet key of the conductor that made the fleet CA here" "says what to do"
# Nor with another fleet's key.
mkdir -p -m 700 "$STATE2"
head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$STATE2/fleet.key"
chmod 600 "$STATE2/fleet.key"
run timeout 20 "$PWPOL" --db "$DB" conductor --listen "$B" --state "$STATE2"
expect 5 "a conductor with another fleet's key"
has "does not open the fleet CA's key in the store" "says so"
cp "$STATE/fleet.key" "$STATE2/fleet.key"
conductor2_start
grep -q "fleet CA sha256 $(grep -o 'fleet CA sha256 [0-9a-f]*' "$T/conductor.log" | head -1 | awk '{print $4}')" \
	"$T/conductor2.log" || fail "both conductors of one CA"
[ ! -e "$STATE2/ca.key" ] && [ ! -e "$STATE2/tokens" ] && [ ! -e "$STATE2/nodes" ] ||
	fail "no fleet state of the conductor's own"

# A token made on the first enrolls through the second, and once only.
run "$PWPOL" --db "$DB" node token --state "$STATE"
expect 0 "a token on the first conductor"
TOK=$(printf '%s\n' "$OUT" | awk '$1 == "token" {print $2}')
FP=$(printf '%s\n' "$OUT" | awk '$1 == "ca-fingerprint" {print $2}')
run "$PWPOL" node enroll --conductor "$B" --token "$TOK" --ca-fingerprint "$FP" \
	--name node1 --dir "$T/node1"
expect 0 "node1 enrolls through the second conductor"
run "$PWPOL" node enroll --conductor "$A" --token "$TOK" --ca-fingerprint "$FP" \
	--name again --dir "$T/again"
expect 5 "the token is spent for the first conductor too"
enroll node2
expect 0 "node2 enrolls through the first"
run "$PWPOL" --db "$DB" node list
[ "$(printf '%s\n' "$OUT" | grep -c ' active ')" = 2 ] || fail "two nodes listed: $OUT"

# Both agents are given both conductors; they start on the first.
agent_start node1 --conductor "$B" --timeout 2
agent_start node2 --conductor "$B" --timeout 2
grep -q "connected to the conductor $A" "$T/node1.log" || fail "node1 on the first conductor"
IN="$OWN\n" pam --service node1 --user alice login
expect 0 "alice logs in on node1 through the first conductor"
grep -q "node=node1 auth alice: ok" "$T/conductor.log" || fail "the first conductor answered"

# ---- the first conductor stopped ----
conductor_stop
IN="$OWN\n" pam --service node1 --user alice login
expect 0 "alice logs in on node1 with the first conductor stopped"
grep -q "node=node1 auth alice: ok" "$T/conductor2.log" || fail "answered by the second conductor"
grep -q "offline login of alice" "$T/node1.log" && fail "not from the cache"
wait_connected node1 "$B"
wait_connected node2 "$B"
IN="$OWN\n" pam --service node2 --user bob login
expect 0 "bob, never logged in on node2, logs in there (no cache could)"
IN="$BAD\n" pam --service node2 --user alice login
expect 7 "a wrong password on node2"
run "$PWPOL" --db "$DB" --json show alice
has '"failures":1' "counted in the fleet's store at once, not offline"
# A forced change through the second conductor, seen by the other node.
IN="$TMP2\n" run "$PWPOL" --db "$DB" passwd --reset alice
expect 0 "the administrator resets alice"
IN="$TMP2\n$TMP2\n$NEW_PW\n$NEW_PW\n" pam --service node1 --user alice login
expect 0 "node1: alice logs in and changes her password"
has "chauthtok-expired: PAM_SUCCESS" "the change made through the second conductor"
grep -q "node=node1 change alice: ok" "$T/conductor2.log" || fail "the second conductor made it"
IN="$NEW_PW\n" pam --service node2 --user alice login
expect 0 "node2: the new password"

# A node enrolls while the first conductor is away: the second signs
# with the CA's key it unseals.
run "$PWPOL" --db "$DB" node token --state "$STATE2"
expect 0 "a token on the second conductor"
TOK=$(printf '%s\n' "$OUT" | awk '$1 == "token" {print $2}')
run "$PWPOL" node enroll --conductor "$B" --token "$TOK" --ca-fingerprint "$FP" \
	--name node3 --dir "$T/node3"
expect 0 "node3 enrolls through the second conductor alone"
agent_start node3 --conductor "$B"
IN="$NEW_PW\n" pam --service node3 --user alice login
expect 0 "alice logs in on node3"

# ---- the first back, the second stopped: node2 revoked for both ----
# (the first with one store connection for all its nodes: see below)
conductor_start "$DB" --store-connections 1
run "$PWPOL" --db "$DB" node revoke node2
expect 0 "revoke node2 (in the store)"
IN="$NEW_PW\n" pam --service node2 --user alice login
expect 9 "node2 revoked: refused by the second conductor"
grep -q "node=node2 auth: refused: revoked" "$T/conductor2.log" || fail "the second refuses it"
kill "$CONDUCTOR2_PID"
wait "$CONDUCTOR2_PID" 2>/dev/null || true
IN="$NEW_PW\n" pam --service node1 --user alice login
expect 0 "node1 back on the first conductor"
wait_connected node1 "$A"
IN="$NEW_PW\n" pam --service node3 --user alice login
expect 0 "node3, enrolled through the second, served by the first"
# Its nodes share the conductor's store connections: two nodes served,
# one database session (each node connection had its own before).
[ "$(sql "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")" = 1 ] ||
	fail "one database session for two nodes: $(sql "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()")"

# ---- a conductor whose store does not answer: the node asks the next ----
# The second, back as a role of its own that is then shut out of the
# database (NOLOGIN, its sessions ended): node1, moved onto it, gets its
# logins answered by the first again, not from its cache.
sql "CREATE ROLE fleet_b LOGIN; GRANT ALL ON ALL TABLES IN SCHEMA public TO fleet_b" >/dev/null
DB2=${DB/postgres@/fleet_b@}
[ "$DB2" != "$DB" ] || fail "the store's URI names its role: $DB"
conductor_stop
conductor2_start
wait_connected node1 "$B"
IN="$NEW_PW\n" pam --service node1 --user alice login
expect 0 "node1 on the second conductor (the first stopped)"
conductor_start "$DB"
sql "ALTER ROLE fleet_b NOLOGIN; SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE usename = 'fleet_b'" >/dev/null
mark=$(wc -l <"$T/node1.log")
IN="$NEW_PW\n" pam --service node1 --user alice login
expect 0 "the second's store shut: alice logs in on node1 through the first"
tail -n +$((mark + 1)) "$T/node1.log" | grep -q "conductor $B: its store does not answer: trying the next" ||
	fail "node1 says why it moved"
tail -n +$((mark + 1)) "$T/node1.log" | grep -q "offline login of alice" && fail "not from the cache"
[ "$(grep -c "node=node1 auth alice: ok" "$T/conductor.log")" -ge 2 ] || fail "the first answered"
wait_connected node1 "$A"

fleet_finish
done_testing
