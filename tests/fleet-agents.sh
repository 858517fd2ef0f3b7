#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# fleet-agents.sh - the fleet as an operator runs one (issue 25): a
# conductor over a SQLite store, three nodes enrolled with one-time tokens,
# an agent on each (three processes, three sockets), logins through
# pam_pwpol agent= and lookups through libnss_pwpol. An account added once
# resolves with one uid on every node; a forced change on node 1 holds on
# nodes 2 and 3; failures spread over the nodes lock the account; with the
# conductor stopped a cached account logs in on its node, an uncached one
# is refused, failures are counted locally and reported after; a revoked
# node is refused. Exits 77 (skipped) without root or unshare -m.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-pam.sh"
. "$(dirname "$0")/lib-fleet.sh"

DB=$T/fleet.db
printf 'system { login { password { profile ssr; } lockout { maximum-failed-attempts 3; lock-time 3600; } } }\n' >"$T/pwpol.conf"
export PWPOL_CONFIG=$T/pwpol.conf
TMP_PW='Temp#Pass123' TMP2='Reset#Pass-456' ALICE_PW='Fl33t#Acc0unt-42' NEW_PW='Node1#Chang3d-7' BAD='Wrong#Guess-42'
IN="$PW\n" run "$PWPOL" --db "$DB" init
expect 0 "init"
for u in alice bob carol; do
	IN="$TMP_PW\n" run "$PWPOL" --db "$DB" useradd "$u"
	expect 0 "useradd $u"
	IN="$TMP_PW\n$ALICE_PW\n" run "$PWPOL" --db "$DB" passwd "$u"
	expect 0 "$u sets a password of its own"
done

MPORT=$((CPORT + 1))
conductor_start "$DB" --metrics "127.0.0.1:$MPORT"

# ---- enrollment ----
run "$PWPOL" --db "$DB" node token --state "$STATE"
expect 0 "node token"
TOK=$(printf '%s\n' "$OUT" | awk '$1 == "token" {print $2}')
FP=$(printf '%s\n' "$OUT" | awk '$1 == "ca-fingerprint" {print $2}')
[ "${#TOK}" = 40 ] && [ "${#FP}" = 64 ] || fail "node token prints a token and the CA fingerprint"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM fleet_state WHERE key LIKE 'token:%'")" = 1 ] ||
	fail "the token kept in the store"
grep -rq "$TOK" "$STATE" "$DB" && fail "the token is kept only as its hash"
BADFP=$(printf '%s' "$FP" | tr '0-9a-f' '1-9a-f0')
run "$PWPOL" node enroll --conductor "127.0.0.1:$CPORT" --token "$TOK" --ca-fingerprint "$BADFP" \
	--name node1 --dir "$T/node1"
expect 5 "a conductor of another fingerprint: refused"
has "not the conductor of that CA fingerprint: nothing sent" "said why"
[ ! -e "$T/node1/node.pem" ] || fail "no certificate from a wrong conductor"
run "$PWPOL" node enroll --conductor "127.0.0.1:$CPORT" --token "$TOK" --ca-fingerprint "$FP" \
	--name node1 --dir "$T/node1"
expect 0 "node1 enrolls (the token was not spent on the wrong fingerprint)"
has "enrolled as node1" "said so"
[ "$(stat -c %a "$T/node1/node.key")" = 600 ] || fail "the node's key is private"
run "$PWPOL" node enroll --conductor "127.0.0.1:$CPORT" --token "$TOK" --ca-fingerprint "$FP" \
	--name intruder --dir "$T/intruder"
expect 5 "a token is used once"
has "the token is wrong, used or expired" "said why"
enroll node2
expect 0 "node2 enrolls"
enroll node3
expect 0 "node3 enrolls"
run "$PWPOL" --db "$DB" node list
expect 0 "node list"
[ "$(printf '%s\n' "$OUT" | grep -c ' active ')" = 3 ] || fail "three nodes active: $OUT"

agent_start node1 --timeout 2
agent_start node2
agent_start node3

run "$PWPOL" node status --socket "$T/node1/socket"
expect 0 "node status"
has "conductor 127.0.0.1:$CPORT: connected" "the agent is connected"
has "cached accounts: 0 (within 7 days)" "nothing cached yet"

# ---- accounts exist everywhere ----
for n in node1 node2 node3; do
	on "$n" getent passwd alice
	expect 0 "$n: getent passwd alice"
	[ "$OUT" = "alice:x:70000:70000::/home/alice:/bin/bash" ] ||
		fail "$n: alice has one uid everywhere (got '$OUT')"
done
on node3 getent passwd 70000
[ "$OUT" = "alice:x:70000:70000::/home/alice:/bin/bash" ] || fail "uid 70000 is alice: '$OUT'"
on node2 getent group alice
[ "$OUT" = "alice:x:70000:" ] || fail "alice's own group: '$OUT'"
on node2 getent group 70000
[ "$OUT" = "alice:x:70000:" ] || fail "gid 70000 is alice's group: '$OUT'"
on node1 getent passwd bob
[ "$OUT" = "bob:x:70001:70001::/home/bob:/bin/bash" ] || fail "bob next: '$OUT'"
on node1 getent passwd
# Given in name order to those not asked for yet: admin, carol, t128.
has "admin:x:70002:70002::/home/admin:/bin/bash" "enumeration lists the fleet's accounts"
has "carol:x:70003:70003::/home/carol:/bin/bash" "carol too"
has "root:x:0:0:" "and the machine's own"
[ "$(printf '%s\n' "$OUT" | grep -c '^root:')" = 1 ] || fail "root is never a fleet account"
on node2 getent passwd nosuchuser
expect 2 "an unknown name is not found"
# The same account asked again keeps its uid; nothing reuses it.
on node3 getent passwd carol
[ "$OUT" = "carol:x:70003:70003::/home/carol:/bin/bash" ] || fail "carol keeps 70003: '$OUT'"

# ---- logins through the agent ----
IN="$ALICE_PW\n" pam --service node1 --user alice login
expect 0 "alice logs in on node1"
IN="$BAD\n" pam --service node1 --user alice login
expect 7 "a wrong password on node1"
# What the module adds to a PAM host on a node (issue 26): after a whole
# login through the agent (auth, account, password) one object, itself,
# and nothing of libpwpol, SQLite or any store library; none left after
# pam_end.
if [ "${PWPOL_SANITIZE:-0}" != 1 ] && [ "${PWPOL_SANITIZE:-}" != ON ]; then
	run "$PAM_WEIGHT" --list "$T/pam.d" node1 alice "$ALICE_PW" 20
	expect 0 "the weight host on node1"
	r=$(printf '%s\n' "$OUT" | grep '^RESULT')
	echo "$OUT"
	case "$r" in *" rc=0/0/0"*) ;; *) fail "a whole login through the agent: $r" ;; esac
	case "$r" in *" after_end_objects=0 "*) ;; *) fail "pam_end leaves nothing mapped: $r" ;; esac
	case "$r" in *" objects=1 "*) ;; *) fail "pam_pwpol agent= maps one object, itself: $r" ;; esac
	for lib in libpwpol libsqlite3 libcrypt libutf8proc libpq libgnutls pam-direct; do
		printf '%s\n' "$OUT" | grep -q "+ .*/$lib[.-]" && fail "a login through the agent mapped $lib"
	done
fi
grep -q "node=node1 auth alice: rejected" "$T/conductor.log" || fail "the request audited with the node's name"
grep -q "audit: login failure for alice; node=node1" "$T/conductor.log" ||
	fail "the library's event carries the node"
# Nobody but root may try passwords through the agent; anyone may look up.
if command -v setpriv >/dev/null; then
	IN="$ALICE_PW\n" run setpriv --reuid=65534 --regid=65534 --clear-groups env \
		LD_PRELOAD="$SYSLOG_SHIM" "$PAM_DRIVER" --confdir "$T/pam.d" --service node1 --user alice authenticate
	expect 9 "a login asked by a non-root process: refused by the agent"
	grep -q "refused a login request from uid 65534" "$T/node1.log" || fail "the agent says so"
	on node1 setpriv --reuid=65534 --regid=65534 --clear-groups getent passwd alice
	expect 0 "a lookup by anyone"
fi

# ---- a forced change on node 1 holds on nodes 2 and 3 ----
IN="$TMP2\n" run "$PWPOL" --db "$DB" passwd --reset alice
expect 0 "the administrator resets alice (temporary)"
IN="$TMP2\n$TMP2\n$NEW_PW\n$NEW_PW\n" pam --service node1 --user alice login
expect 0 "node1: alice logs in and must change it"
has "acct_mgmt: PAM_NEW_AUTHTOK_REQD" "the change is asked"
has "chauthtok-expired: PAM_SUCCESS" "and made through the agent"
IN="$NEW_PW\n" pam --service node2 --user alice login
expect 0 "node2: the new password"
hasnt "NEW_AUTHTOK" "node2: no change asked again"
IN="$TMP2\n" pam --service node3 --user alice login
expect 7 "node3: the temporary one is gone"
IN="$NEW_PW\n" pam --service node3 --user alice login
expect 0 "node3: the new password"

# ---- lockout from failures spread over the nodes ----
for n in node1 node2 node3; do
	IN="$BAD\n" pam --service "$n" --user bob login
	expect 7 "$n: a wrong password for bob"
done
IN="$ALICE_PW\n" pam --service node1 --user bob login
expect 7 "bob locked fleet-wide after 3 failures on 3 nodes: the right password refused"
run "$PWPOL" --db "$DB" --json show bob
has '"failures":3' "three failures counted in the store"
run "$PWPOL" --db "$DB" unlock bob
expect 0 "unlock bob"

# ---- the conductor's metrics (Prometheus text) ----
metrics() {
	exec 3<>"/dev/tcp/127.0.0.1/$MPORT"
	printf 'GET /metrics HTTP/1.0\r\n\r\n' >&3
	OUT=$(cat <&3 || true)
	exec 3<&-
	ERR=
}
metrics
has "200 OK" "the metrics page"
has 'pwpol_conductor_requests_total{type="auth",answer="ok"}' "logins counted by answer"
has 'pwpol_conductor_requests_total{type="auth",answer="rejected"}' "refusals too"
has 'pwpol_conductor_requests_total{type="enroll",answer="ok"} 3' "three enrollments"
has 'pwpol_conductor_requests_total{type="enroll",answer="denied"} 1' "the used token"
has "pwpol_conductor_nodes_connected 3" "three nodes connected"
has 'pwpol_conductor_login_seconds_bucket{le="+Inf"}' "a latency histogram"
hasnt "alice" "no account named"

# ---- the conductor away ----
on node2 getent passwd alice # node2 cached alice at its login
conductor_stop
IN="$NEW_PW\n" pam --service node2 --user alice login
expect 0 "conductor stopped: alice, cached on node2, logs in there"
grep -q "offline login of alice: accepted from the cache" "$T/node2.log" || fail "the agent says offline"
IN="$ALICE_PW\n" pam --service node2 --user carol login
expect 9 "carol, never logged in on node2: refused (PAM_AUTHINFO_UNAVAIL)"
on node2 getent passwd alice
[ "$OUT" = "alice:x:70000:70000::/home/alice:/bin/bash" ] || fail "alice resolves from the cache: '$OUT'"
on node2 getent passwd carol
expect 2 "carol does not resolve offline"
IN="$NEW_PW\nOff#line-Chang3\nOff#line-Chang3\n" pam --service node2 --user alice chauthtok
[ "$RC" -ne 0 ] || fail "no change of password while offline"
has "cannot be changed while the fleet is unreachable" "said why"
for i in 1 2; do
	IN="$BAD\n" pam --service node2 --user alice login
	expect 7 "offline wrong password $i"
done
grep -q "conductor.*unreachable" "$T/node2.log" || fail "the agent logged the outage"
run "$PWPOL" node status --socket "$T/node2/socket"
has "conductor 127.0.0.1:$CPORT: unreachable" "node status: the conductor away"
has "offline failures to report: 2" "node status: what it will report"
run "$PWPOL" --db "$DB" --json show alice
has '"failures":0' "nothing counted in the store while away"
conductor_start "$DB"
wait_for "$T/node2.log" "reported 2 offline failures of alice" || fail "failures reported when back"
run "$PWPOL" --db "$DB" --json show alice
has '"failures":2' "the offline failures now count in the fleet"
# node3's agent learns that the conductor is back on its own clock: until
# it has, its failure would be counted offline, not in the fleet.
for _ in $(seq 100); do
	run "$PWPOL" node status --socket "$T/node3/socket"
	case "$OUT" in *"conductor 127.0.0.1:$CPORT: connected"*) break ;; esac
	sleep 0.1
done
has "conductor 127.0.0.1:$CPORT: connected" "node3 connected again"
IN="$BAD\n" pam --service node3 --user alice login
expect 7 "one more on node3"
# node1 too, or it would answer from its cache.
wait_connected node1
IN="$NEW_PW\n" pam --service node1 --user alice login
expect 7 "alice locked: 2 offline on node2 + 1 on node3"
run "$PWPOL" --db "$DB" unlock alice

# ---- offline lockout of the agent's own ----
conductor_stop
for i in 1 2 3 4 5; do
	IN="$BAD\n" pam --service node2 --user alice authenticate
done
IN="$NEW_PW\n" pam --service node2 --user alice authenticate
expect 7 "offline: locked on the node after 5 failures, the right password refused"
grep -q "user alice locked on this node after 5 offline failures" "$T/node2.log" || fail "logged"
conductor_start "$DB"
wait_for "$T/node2.log" "reported 5 offline failures of alice" || fail "reported"
run "$PWPOL" --db "$DB" unlock alice

# ---- a black-holed conductor costs at most the timeout (node1: --timeout 2) ----
# node1 cached alice at her first login, and again with the password she
# changed there (the forced change above): no login on node1 since.
# A lookup first: node1's connection from before the last restart is
# made again now, and its keeper's first exchange is over before the stop.
on node1 getent passwd alice
expect 0 "node1 online"
sleep 2
ups=$(grep -c "connected to the conductor" "$T/node1.log")
kill -STOP "$CONDUCTOR_PID"
t0=$(date +%s%N)
IN="$NEW_PW\n" pam --service node1 --user alice authenticate
t1=$(date +%s%N)
expect 0 "conductor frozen: alice logs in from the cache after the timeout"
IN="$NEW_PW\n" pam --service node1 --user alice authenticate
t2=$(date +%s%N)
expect 0 "and then at once"
first=$(((t1 - t0) / 1000000)) second=$(((t2 - t1) / 1000000))
echo "black-holed conductor: first login ${first} ms (timeout 2 s), next ${second} ms"
# At most one of the two pays the timeout (the one that finds the
# connection silent), and none more than it; the other answers at once.
[ "$first" -lt 6000 ] && [ "$second" -lt 6000 ] || fail "no login waits past the timeout: ${first} ms, ${second} ms"
[ "$first" -lt 1500 ] || [ "$second" -lt 1500 ] || fail "the timeout paid once: ${first} ms, ${second} ms"
[ "$(grep -c "offline login of alice: accepted from the cache" "$T/node1.log")" -ge 2 ] ||
	fail "both answered from node1's cache"
on node1 getent passwd alice
expect 0 "lookups from the cache meanwhile"
IN="$ALICE_PW\n" pam --service node1 --user alice authenticate
expect 7 "the password before the change no longer logs in from node1's cache"
kill -CONT "$CONDUCTOR_PID"
for _ in $(seq 100); do
	[ "$(grep -c "connected to the conductor" "$T/node1.log")" -gt "$ups" ] && break
	sleep 0.1
done
[ "$(grep -c "connected to the conductor" "$T/node1.log")" -gt "$ups" ] || fail "node1 back online"

# ---- a revoked node ----
run "$PWPOL" --db "$DB" node revoke node3
expect 0 "revoke node3"
IN="$NEW_PW\n" pam --service node3 --user alice login
expect 9 "node3 revoked: refused"
grep -q "node=node3 auth: refused: revoked" "$T/conductor.log" || fail "the conductor says so"
IN="$NEW_PW\n" pam --service node3 --user alice login
expect 9 "and not from its cache either"
IN="$NEW_PW\n" pam --service node1 --user alice login
expect 0 "node1 still serves"
run "$PWPOL" --db "$DB" node list
has "node3                revoked" "listed as revoked"
run "$PWPOL" --db "$DB" node revoke nosuch
expect 2 "revoking an unknown node"

fleet_finish
done_testing
