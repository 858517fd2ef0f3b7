# SPDX-License-Identifier: BSD-3-Clause
# cli-cfgstore.sh - the configuration committed into the store, as an
# operator lives with it: commit (whole or --merge), the store's commit
# winning over a file, history, rollback, compare as Junos prints it,
# commit confirmed undone by itself at the first use after its deadline
# (the clock moved with --now), the 50 commits kept, and the Junos rules
# that need commit times at their boundaries. Run a second time on
# PostgreSQL (PWPOL_PG_STATE): every line holds on both backends.
. "$(dirname "$0")/lib.sh"
umask 022
on_pg() { [ -n "${PWPOL_PG_STATE:-}" ]; }
PWPOL_DB=$(store cfg)
T0=1800000000 # 2027-01-15T08:00:00Z
DAY=86400
P="$PWPOL --now"
me=$(id -un)

# same DESCRIPTION EXPECTED: the last stdout is EXPECTED, whole.
same() {
	[ "$OUT" = "$2" ] || fail "$1: expected
$2"
}

cat >"$T/twelve.conf" <<'CONF'
system {
    login {
        password {
            minimum-length 12;
        }
        lockout {
            lock-time 60;
        }
    }
}
CONF
printf 'set system login password minimum-length 10\n' >"$T/ten.conf"

# No store: the file is the policy, and config show says so.
run $P $T0 --db "$T/none.db" --config "$T/ten.conf" config show
expect 0 "show before any commit"
has "# from file $T/ten.conf" "the file shown"
run $P $T0 config history
on_pg || expect 5 "history of a store not made yet"
run $P $T0 config commit "$T/twelve.conf" -m "first policy"
expect 0 "first commit (makes the store)"
same "commit answer" "commit 1 complete"

# The store wins over a named file, and a warning says the file was not used.
IN='Abcdefgh1!x\n' run $P $T0 --config "$T/ten.conf" check
expect 1 "11 characters under the store's minimum-length 12"
has 'minimum-length: must be at least 12' "the store's figure"
has "warning: $T/ten.conf: not used: the store's committed configuration (commit 1) applies" \
	"the file not used, said"
run $P $T0 --config "$T/ten.conf" config show --sources
expect 0 "show --sources"
has "# from commit 1 of the store $PWPOL_DB; the file $T/ten.conf is overridden, not read" \
	"config show says which, and names the file overridden"
has "commit 1:4" "a value's source is the commit's line"
# Issue 22: config check names the file as overridden, not only a warning.
run $P $T0 config check "$T/ten.conf"
expect 0 "the file passes its check"
has "$T/ten.conf: overridden: not in force, the store's committed configuration (commit 1 of $PWPOL_DB) applies" \
	"config check says it is overridden"
run $P $T0 --json config check "$T/ten.conf"
has '"overridden_by":"commit 1"' "in JSON too"
# A store-less command with no store there still reads the file.
IN='Abcdefgh1!x\n' run $P $T0 --db "$T/none.db" --config "$T/ten.conf" check
expect 0 "no store: the file applies"

# --merge: set lines over the active configuration, the result stored whole.
printf 'set system login password minimum-length 14\ndelete system login lockout lock-time\n' \
	>"$T/merge.set"
run $P $((T0 + 60)) config commit "$T/merge.set" --merge -m "longer"
expect 0 "merge"
run $P $((T0 + 60)) config compare
expect 0 "compare with rollback 1"
same "what the merge changed" "[edit system login password]
-    minimum-length 12;
+    minimum-length 14;
[edit system login lockout]
-    lock-time 60;
+    lock-time 1800;"
# Without --merge the file replaces the whole: lock-time back to the default.
run $P $((T0 + 60)) config compare "$T/twelve.conf"
same "what committing a file would change" "[edit system login password]
-    minimum-length 14;
+    minimum-length 12;
[edit system login lockout]
-    lock-time 1800;
+    lock-time 60;"
run $P $((T0 + 60)) config compare 0
expect 0 "compare with itself"
same "no difference" ""
run $P $((T0 + 60)) config compare 9
expect 2 "compare with a commit not kept"
has "rollback 9: the store keeps no such commit" "said"

# A refused commit changes nothing: errors with the file's line, exit 2.
printf 'set system login password minimum-length 99\n' >"$T/bad.conf"
run $P $((T0 + 120)) config commit "$T/bad.conf"
expect 2 "out of range"
has "$T/bad.conf:1: minimum-length: value 99 is out of range" "file and line"
printf 'set system login password minimum-length 99\n' >"$T/bad.set"
run $P $((T0 + 120)) config commit "$T/bad.set" --merge
expect 2 "a merge out of range"
has "$T/bad.set:1: minimum-length" "the merge text's own line"
printf 'set system login password minimum-length 13\nset system login password minimum-length 99' \
	>"$T/bad2.set"
run $P $((T0 + 120)) config commit "$T/bad2.set" --merge
expect 2 "a merge without a last newline"
has "$T/bad2.set:2: minimum-length: value 99" "its own line 2"

# rollback N is a new commit; history shows them all, the active one first.
run $P $((T0 + 180)) config rollback 1
expect 0 "rollback 1"
same "rollback answer" "commit 3 complete"
run $P $((T0 + 180)) config history
expect 0 "history"
same "history" "0   2027-01-15T08:03:00Z by $me (commit 3):
    rollback 1
1   2027-01-15T08:01:00Z by $me (commit 2):
    longer
2   2027-01-15T08:00:00Z by $me (commit 1):
    first policy"
run $P $((T0 + 180)) --json config history
has '{"rollback":0,"commit":3,"time":"2027-01-15T08:03:00Z","author":"'"$me"'","comment":"rollback 1","confirm_by":null}' "history as JSON"
IN='Abcdefgh1!xy\n' run $P $T0 check
expect 0 "12 characters: rollback 1 brought minimum-length 12 back"

# commit confirmed: active until its deadline; the first use after it
# restores the configuration before, as a new commit, and logs it.
T1=$((T0 + DAY))
run $P $T1 config commit "$T/merge.set" --merge --confirmed 10
expect 0 "commit confirmed"
same "confirmed answer" "commit confirmed will be rolled back at 2027-01-16T08:10:00Z unless confirmed
commit 4 complete"
IN='Abcdefgh1!xyz\n' run $P $((T1 + 599)) check
expect 1 "within the deadline: minimum-length 14 applies"
IN='Abcdefgh1!xyz\n' run $P $((T1 + 600)) check
expect 0 "at the deadline: minimum-length 12 is back"
# Issue 22: a read under --now never writes. A history read far in the
# future left the rollback stored, stamped then; the store still holds
# commit 4 pending, as a read at an earlier time shows.
run $P $((T1 + 100 * DAY)) config history
expect 0 "history in the future"
run $P $((T1 + 599)) config history
has "(commit 4), confirm by 2027-01-16T08:10:00Z" "nothing written by the future read"
hasnt "commit 5" "no rollback stored"
run $P $((T1 + 600)) config history
same "the rollback in the history" "0   2027-01-16T08:10:00Z by pwpol (commit 5):
    commit 4 not confirmed: rollback to commit 3
1   2027-01-16T08:00:00Z by $me (commit 4)
2   2027-01-15T08:03:00Z by $me (commit 3):
    rollback 1
3   2027-01-15T08:01:00Z by $me (commit 2):
    longer
4   2027-01-15T08:00:00Z by $me (commit 1):
    first policy"
# The next writer records the rollback, stamped at the deadline, and the
# log says so (caught by tests/syslog_shim.c where the build has it).
if [ -n "${SYSLOG_SHIM:-}" ]; then
	export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0
	PWPOL_SYSLOG_FILE=$T/syslog LD_PRELOAD=$SYSLOG_SHIM run $P $((T1 + 700)) config confirm
	grep -q 'configuration: commit 4 was not confirmed in time: commit 5 (the configuration of commit 3) is active again' \
		"$T/syslog" || fail "the rollback logged: $(cat "$T/syslog" 2>/dev/null)"
else
	run $P $((T1 + 700)) config confirm
fi
expect 2 "nothing to confirm"
has "no commit confirmed awaits confirmation" "said"
run $P $((T1 + 599)) config history
has "0   2027-01-16T08:10:00Z by pwpol (commit 5):" "the rollback stored, stamped at the deadline"
# Confirmed in time: it stays.
run $P $((T1 + 800)) config commit "$T/merge.set" --merge --confirmed 1
expect 0 "commit confirmed again"
run $P $((T1 + 859)) config confirm
expect 0 "confirm"
same "confirm answer" "commit 6 confirmed"
run $P $((T1 + 5000)) config history
has "0   2027-01-16T08:13:20Z by $me (commit 6)" "still active after the deadline"
# A commit confirmed needs a configuration to come back to.
PWPOL_DB=$(store first) run $P $T0 config commit "$T/twelve.conf" --confirmed 5
expect 2 "confirmed as the first commit"
has "no configuration to come back to" "said"
run $P $T0 config commit "$T/twelve.conf" --confirmed 0
expect 2 "--confirmed 0"
# commit --confirmed without minutes: 10, as Junos.
run $P $((T0 + 60)) config commit "$T/twelve.conf" --confirmed
expect 0 "--confirmed alone"
has "commit confirmed will be rolled back at 2027-01-15T08:11:00Z unless confirmed" "10 minutes"

# Issue 22: rollback 1 and compare 1 after the very first commit go back
# to what was in force before it (the built-in profile here), as Junos's
# rollback 1 returns the factory configuration.
PWPOL_DB=$(store firstonly)
run $P $T0 config commit "$T/twelve.conf"
expect 0 "the first commit"
run $P $((T0 + 60)) config compare 1
expect 0 "compare 1 after the first commit"
same "against the built-in profile" "[edit system login password]
-    minimum-length 9;
+    minimum-length 12;
[edit system login lockout]
-    lock-time 1800;
+    lock-time 60;"
run $P $((T0 + 120)) config rollback 1
expect 0 "rollback 1 after the first commit"
same "a new commit" "commit 2 complete"
run $P $((T0 + 180)) config show
has "# from built-in profile ssr" "the built-in profile in force again"
has "minimum-length 9;" "its figures"
run $P $((T0 + 180)) config history
has "rollback 1" "the CLI's comment"
run $P $((T0 + 240)) config rollback 1
expect 0 "and forward again"
run $P $((T0 + 240)) config show
has "minimum-length 12;" "twelve again"

# The Junos rules that need commit times. maximum-lifetime needs minimum-reuse.
printf 'set system login password profile junos\nset system login password maximum-lifetime 30\n' \
	>"$T/maxlife.conf"
run $P $T0 config commit "$T/maxlife.conf"
expect 2 "maximum-lifetime without minimum-reuse"
has "maximum-lifetime: requires minimum-reuse to be configured" "the rule named"

# A password set before the commit that brought minimum-reuse into force
# takes the time of the first commit FOLLOWING it (Junos), for minimum-
# and maximum-lifetime; until then it has no time and never expires.
PWPOL_DB=$(store life)
C=$((T0 + 10 * DAY))
C2=$((C + 2 * DAY))
printf 'set system login password profile junos\n' >"$T/junos.conf"
cat >"$T/reuse.conf" <<'CONF'
set system login password profile junos
set system login password minimum-reuse 1
set system login password minimum-lifetime 1
set system login password maximum-lifetime 30
CONF
run $P $T0 config commit "$T/junos.conf"
expect 0 "junos, no minimum-reuse"
IN='Kx7#mWq2vL\n' run $P $((C - 1)) init
expect 0 "init one second before the commit"
run $P $C config commit "$T/reuse.conf"
expect 0 "minimum-reuse comes into force at C"
IN='Kx7#mWq2vL\n' run $P $((C + 40 * DAY)) login admin
expect 0 "admin (set before C): no time yet, no expiry"
# The next commit is the time of the passwords set before C.
printf 'set system login password minimum-length 8\n' >"$T/eight.set"
run $P $C2 config commit "$T/eight.set" --merge
expect 0 "the commit following"
IN='Kx7#mWq2vL\nQz4!vBn8Lp2w\n' run $P $((C2 + DAY)) passwd root
expect 1 "minimum-lifetime: exactly a day after C2 is 'less than or equal to'"
has "minimum-lifetime" "rule named"
IN='Kx7#mWq2vL\nQz4!vBn8Lp2w\n' run $P $((C2 + DAY + 1)) passwd root
expect 0 "a day and a second after C2"
# A later commit keeping minimum-reuse does not move the time.
printf 'set system login password minimum-length 9\n' >"$T/nine.set"
run $P $((C2 + 2 * DAY)) config commit "$T/nine.set" --merge
expect 0 "a later commit"
IN='Kx7#mWq2vL\n' run $P $((C2 + 30 * DAY - 1)) login admin
expect 0 "admin (set before C): not expired a second before C2 + 30 days"
IN='Kx7#mWq2vL\n' run $P $((C2 + 30 * DAY)) login admin
expect 4 "admin: expired at C2 + 30 days"
has "expired" "reason"
IN='Qz4!vBn8Lp2w\n' run $P $((C2 + DAY + 1 + 30 * DAY - 1)) login root
expect 0 "root (set after C): its own time"
IN='Qz4!vBn8Lp2w\n' run $P $((C2 + DAY + 1 + 30 * DAY)) login root
expect 4 "root: expired 30 days after its change"

# store copy takes the configuration along to a store that has none, and
# leaves a store's own configuration alone.
copy=$(store copy)
run $P $((T0 + DAY)) config history
before=$OUT
run $P $((T0 + DAY)) store copy "$PWPOL_DB" "$copy"
expect 0 "store copy"
run $P $((T0 + DAY)) --db "$copy" config history
same "the copied history" "$before"
run $P $((T0 + DAY)) --db "$copy" --config "$T/ten.conf" config show
has "# from commit 4 of the store $copy" "the copy's policy is the copied commit"
run $P $((T0 + DAY)) --db "$copy" config compare 0
same "the copy's text is the source's" ""
empty=$(store empty)
IN='Kx7#mWq2vL\n' run $P $T0 --db "$empty" init
expect 0 "a store with accounts and no configuration"
run $P $((T0 + DAY)) store copy "$empty" "$copy" --merge
expect 0 "copy from a store without commits, merged"
run $P $((T0 + DAY)) --db "$copy" config history
same "the target keeps its own configuration" "$before"

# At least the last 50 commits are kept.
PWPOL_DB=$(store many)
for i in $(seq 1 53); do
	"$PWPOL" --now $((T0 + i)) config commit "$T/twelve.conf" -m "n$i" >/dev/null ||
		fail "commit $i"
done
run $P $((T0 + 99)) config history
[ "$(printf '%s\n' "$OUT" | grep -c ' by ')" = 50 ] || fail "50 commits kept"
has "49  2027-01-15T08:00:04Z by $me (commit 4):" "the oldest kept is commit 4"
run $P $((T0 + 99)) config rollback 50
expect 2 "rollback beyond what is kept"

# Issue 22: a commit names the blocks of a router configuration it passed
# over; a use of that commit does not repeat it.
PWPOL_DB=$(store router)
printf 'interfaces { ge-0/0/0 { unit 0; } }\nsystem { host-name r1; login { password { minimum-length 12; } } }\n' \
	>"$T/router.conf"
run $P $T0 config commit "$T/router.conf"
expect 0 "a router configuration commits"
has "passed over, not read by pwpol: interfaces, system host-name" "the commit names what it passed over"
run $P $T0 config show
expect 0 "show"
hasnt "passed over" "a use does not repeat it"
printf 'sytem { login { password { minimum-length 12; } } }\n' >"$T/slip.conf"
run $P $T0 config commit "$T/slip.conf"
expect 2 "a slip does not commit"
has "did you mean 'system'?" "the word it knows"
done_testing
