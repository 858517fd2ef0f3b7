# SPDX-License-Identifier: BSD-3-Clause
# cli-dialects.sh - the lockout and password figures in the other vendors'
# spellings, as an operator who pastes a Junos or an SSR configuration
# meets them: range ends and one figure set twice told by `config check`,
# the Junos lock after tries-before-disconnect for lockout-period minutes
# (the clock moved with --now), the SSR deny and unlock-time, `config show`
# writing each figure back in the block it came from, and `config compare`
# under each dialect's own header. Committed into the store; run a second
# time on PostgreSQL (PWPOL_PG_STATE).
. "$(dirname "$0")/lib.sh"
umask 022
PWPOL_DB=$(store dia)
T0=1800000000
DAY=86400
P="$PWPOL --now"
PW='Kx7#mWq2vL'
APW='Qp4$zRt8nW'

# same DESCRIPTION EXPECTED: the last stdout is EXPECTED, whole.
same() {
	[ "$OUT" = "$2" ] || fail "$1: expected
$2"
}

# check TEXT: `config check` of a file holding TEXT.
check() {
	printf '%b' "$1" >"$T/c.conf"
	run $P $T0 --db "$T/none.db" --config "$T/c.conf" config check
}

# Range ends, both vendors, with the exact error.
check 'set system login retry-options lockout-period 43200\n'
expect 0 "lockout-period 43200 minutes (30 days)"
check 'set system login retry-options lockout-period 43201\n'
expect 2 "lockout-period 43201"
has "c.conf:1: lockout-period: value 43201 is out of range (1..43200)" "the Junos range"
check 'system { login { retry-options { tries-before-disconnect 0; } } }\n'
expect 2 "tries-before-disconnect 0"
has "c.conf:1: tries-before-disconnect: value 0 is out of range (1..10)" "said"
check 'set authority password-policy minimum-length 8\n'
expect 2 "SSR minimum-length below 9"
has "c.conf:1: minimum-length: value 8 is out of range (9..20)" "the SSR range"
check 'authority {\n    password-policy {\n        unlock-time 2592000;\n    }\n}\n'
expect 0 "unlock-time 30 days"

# One figure in two dialects: refused, both lines named.
check 'system {\n    login {\n        lockout { maximum-failed-attempts 5; }\n    }\n}\nauthority { password-policy { deny 3; } }\n'
expect 2 "maximum-failed-attempts twice"
has "c.conf:6: maximum-failed-attempts: set in two dialects, by system login lockout maximum-failed-attempts (line 3) and by authority password-policy deny (line 6); keep one" \
	"both lines named"

# A Junos configuration committed: 4 tries, then 2 minutes locked.
cat >"$T/junos.conf" <<'CONF'
system {
    login {
        retry-options {
            tries-before-disconnect 4;
            backoff-factor 7;
            lockout-period 2;
        }
    }
}
CONF
run $P $T0 config commit "$T/junos.conf" -m "junos retry-options"
expect 0 "commit the Junos dialect"
same "commit answer" "commit 1 complete"
run $P $T0 config show
expect 0 "show"
same "written back as Junos wrote it" "# from commit 1 of the store $PWPOL_DB
/* pwpol policy: profile ssr, effective minimum length 9 */
system {
    login {
        password {
            profile ssr;
            minimum-length 9;
            no-maximum-length;
            minimum-upper-cases 1;
            minimum-lower-cases 1;
            minimum-numerics 1;
            minimum-punctuations 1;
            change-type character-sets;
            no-minimum-changes;
            maximum-repeats 3;
            no-maximum-class-repeats;
            username-check;
            minimum-character-changes 8;
            minimum-reuse 5;
            minimum-lifetime 1;
            maximum-lifetime 60;
            warning-days 7;
            format sha512;
            no-blocklist;
        }
        retry-options {
            tries-before-disconnect 4;
            backoff-threshold 2;
            backoff-factor 7;
            lockout-period 2;
            minimum-time 20;
            maximum-time 120;
        }
    }
}"
run $P $T0 config show --sources
has "maximum-failed-attempts    4                commit 1:4" "the lock's tries from line 4"
has "lock-time                  120              commit 1:6" "lockout-period's line, in seconds"
has "backoff-threshold          2                commit 1: retry-options default" \
	"a Junos default, said"

IN="$APW\n" run $P $T0 init
expect 0 "init"
IN="$PW\n" run $P $T0 useradd alice
IN="$PW\nN3w!Secret99\n" run $P $T0 passwd alice
expect 0 "alice's own password"
for i in 1 2 3; do
	IN='wrong\n' run $P $T0 login alice
	expect 1 "failure $i of 4"
done
IN='N3w!Secret99\n' run $P $T0 login alice
expect 0 "three failures do not lock"
for i in 1 2 3 4; do
	IN='wrong\n' run $P $((T0 + 10)) login alice
	expect 1 "failure $i of 4 again"
done
IN='N3w!Secret99\n' run $P $((T0 + 10)) login alice
expect 3 "the fourth failure locks"
IN='N3w!Secret99\n' run $P $((T0 + 10 + 119)) login alice
expect 3 "still locked a second before lockout-period's 2 minutes"
IN='N3w!Secret99\n' run $P $((T0 + 10 + 120)) login alice
expect 0 "unlocked at 2 minutes"

# The same figures in SSR's spelling, over the Junos ones.
cat >"$T/ssr.conf" <<'CONF'
authority {
    router r1 { name r1; }
    password-policy {
        deny 2;
        unlock-time 60;
    }
}
CONF
run $P $((T0 + DAY)) config compare "$T/ssr.conf"
expect 0 "compare with the SSR file"
same "each figure under its dialect's header" "[edit system login password]
-    minimum-length 9;
-    maximum-lifetime 60;
[edit system login retry-options]
-    tries-before-disconnect 4;
-    backoff-threshold 2;
-    backoff-factor 7;
-    lockout-period 2;
-    minimum-time 20;
-    maximum-time 120;
[edit authority password-policy]
+    deny 2;
+    unlock-time 60;
+    lifetime 60;
+    minimum-length 9;"
run $P $((T0 + 200)) config commit "$T/ssr.conf" -m "ssr password-policy"
same "second commit" "commit 2 complete"
run $P $((T0 + 200)) config show
has "authority {
    password-policy {
        deny 2;
        unlock-time 60;
        lifetime 60;
        minimum-length 9;
    }
}" "written back as SSR wrote it"
hasnt "lockout {" "no lockout block: its figures are SSR's"
hasnt "retry-options" "nor Junos'"
for i in 1 2; do
	IN='wrong\n' run $P $((T0 + 300)) login alice
	expect 1 "SSR failure $i of 2"
done
IN='N3w!Secret99\n' run $P $((T0 + 359)) login alice
expect 3 "deny 2: locked for unlock-time 60"
IN='N3w!Secret99\n' run $P $((T0 + 360)) login alice
expect 0 "unlocked after 60 seconds"

# Back to Junos: the store gives the difference in Junos' own words.
run $P $((T0 + 400)) config rollback 1
expect 0 "rollback to the Junos commit"
run $P $((T0 + 400)) config compare 1
same "rollback 1 is the SSR commit" "[edit system login password]
+    minimum-length 9;
+    maximum-lifetime 60;
[edit system login retry-options]
+    tries-before-disconnect 4;
+    backoff-threshold 2;
+    backoff-factor 7;
+    lockout-period 2;
+    minimum-time 20;
+    maximum-time 120;
[edit authority password-policy]
-    deny 2;
-    unlock-time 60;
-    lifetime 60;
-    minimum-length 9;"

done_testing
