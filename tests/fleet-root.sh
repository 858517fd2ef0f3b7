#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# fleet-root.sh - root on nodes that log in through the agent (pam_pwpol
# agent=, issue 25 with issue 26's root statement): root's failures on
# two nodes never lock it without `root-lockout` (as pam_faillock without
# even_deny_root), lock it fleet-wide for root-lock-time with it; root is
# never a fleet account nor kept in a node's cache, so with the conductor
# away root is answered "unavailable" (no offline failure counted) and
# the console stack of pam_pwpol(8) lets root in on a terminal with the
# machine's own password, not over ssh. Exits 77 (skipped) without root
# or unshare -m.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-pam.sh"
. "$(dirname "$0")/lib-fleet.sh"

DB=$T/fleet.db
printf 'system { login { password { profile ssr; } lockout { maximum-failed-attempts 3; lock-time 3600; } } }\n' >"$T/exempt.conf"
printf 'system { login { password { profile ssr; } lockout { maximum-failed-attempts 3; lock-time 3600; root-lockout; root-lock-time 120; } } }\n' >"$T/lock.conf"
export PWPOL_CONFIG=$T/exempt.conf
BAD='Wrong#Guess-42'
IN="$PW\n" run "$PWPOL" --db "$DB" init
expect 0 "init (root's password is \$PW)"

conductor_start "$DB"
enroll node1
enroll node2
agent_start node1
agent_start node2

# ---- without root-lockout: counted, never locked ----
for n in node1 node2 node1 node2 node1 node2; do
	IN="$BAD\n" pam --service $n --user root login
	expect 7 "root: a wrong password on $n"
done
IN="$PW\n" pam --service node1 --user root login
expect 0 "root after six failures over two nodes: not locked (no root-lockout)"
grep -q "account root locked" "$T/conductor.log" && fail "root locked without root-lockout"
on node1 getent passwd root
[ "$(printf '%s\n' "$OUT" | grep -c '^root:x:0:0:')" = 1 ] || fail "root is the node's own: $OUT"

# ---- with root-lockout: locked fleet-wide, for root-lock-time ----
conductor_stop
PWPOL_CONFIG=$T/lock.conf conductor_start "$DB"
wait_connected node1
wait_connected node2
for n in node1 node2 node1; do
	IN="$BAD\n" pam --service $n --user root login
	expect 7 "root-lockout: a wrong password on $n"
done
grep -q "account root locked for 120 seconds after 3 failed logins" "$T/conductor.log" ||
	fail "root locked for root-lock-time, on the conductor"
IN="$PW\n" pam --service node2 --user root login
expect 7 "root locked fleet-wide: refused on node2 with the right password"

# The console stack of pam_pwpol(8) with agent=: root on a terminal falls
# back to the machine's password (pam_permit / pam_deny stand in for
# pam_unix); over ssh it stays locked; another user gets pam_pwpol's answer.
console console pam_permit.so agent=$T/node1/socket
console console-wrong pam_deny.so agent=$T/node1/socket
IN="$PW\n" pam --service console --user root --tty /dev/tty1 login
expect 0 "console: locked root gets in with the machine's password"
IN="$PW\n" pam --service console-wrong --user root --tty /dev/tty1 login
expect 7 "console: a wrong machine password is refused"
IN="$PW\n" pam --service console --user root --tty ssh --rhost 192.0.2.7 login
expect 7 "console stack over ssh: root stays locked"

# ---- the agent's cache follows a change made on another node ----
# node1 hashes carol's password for its cache once, and again only when the
# conductor says it was set anew (a change on node2): the old one never
# logs in offline after it.
C1='Gr33n#Field-Pass' C2='Bl4ck#River-Walk'
IN="Temp#Pass123\n" run "$PWPOL" --db "$DB" useradd carol
IN="Temp#Pass123\n$C1\n" run "$PWPOL" --db "$DB" passwd carol
sleep 1 # a login in a later second than the password's setting
for i in 1 2 3; do
	IN="$C1\n" pam --service node1 --user carol login
	expect 0 "carol on node1 ($i)"
done
IN="Reset#Pass-456\n" run "$PWPOL" --db "$DB" passwd --reset carol
IN="Reset#Pass-456\nReset#Pass-456\n$C2\n$C2\n" pam --service node2 --user carol login
expect 0 "carol changes her password on node2"
# The agent hashes it for its cache after it has answered, and saves the
# cache by renaming a new file over it: waited for, not slept on (a
# loaded machine takes more than a second for the slow hash).
ino() { stat -c %i "$T/node1/cache/cache" 2>/dev/null || echo none; }
before=$(ino)
IN="$C2\n" pam --service node1 --user carol login
expect 0 "node1: the new password, through the conductor"
for _ in $(seq 150); do [ "$(ino)" != "$before" ] && break; sleep 0.1; done
[ "$(ino)" != "$before" ] || fail "node1 cached carol's new password"

# ---- the conductor away: root was never cached ----
conductor_stop
IN="$C1\n" pam --service node1 --user carol login
expect 7 "offline on node1: carol's old password is refused"
IN="$C2\n" pam --service node1 --user carol login
expect 0 "offline on node1: her new one logs in from the cache"
IN="$PW\n" pam --service node1 --user root login
expect 9 "root with the conductor away: unavailable, not from a cache"
IN="$BAD\n" pam --service node1 --user root login
expect 9 "a wrong one neither: nothing here can tell it"
run "$PWPOL" node status --socket "$T/node1/socket"
has "offline failures to report: 1" "root's tries are no offline failures (the one is carol's)"
IN="$PW\n" pam --service console --user root --tty /dev/tty1 login
expect 0 "console: root gets in with the machine's password while the fleet is away"
IN="$PW\n" pam --service console --user root --tty ssh --rhost 192.0.2.7 login
expect 7 "not over ssh (pam_succeed_if refuses it)"

fleet_finish
done_testing
