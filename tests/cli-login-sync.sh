#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# cli-login-sync.sh - what a login asks of the disk (sync_shim): a right
# password waits for one synced write (its attempt, counted before the
# verdict), not two (the settle that takes it back is not synced); the
# hash runs beside that synced write, not after it; and a disk that fails
# the write leaves every attempt unjudged (exit 5, same words, right or
# wrong password), never an uncounted verdict; without a thread the
# login works as before.
. "$(dirname "$0")/lib.sh"
: "${SYNC_SHIM:?set SYNC_SHIM to the sync_shim.so built with the tests}"
export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0
PW='Kx7#mWq2vL'
LOG=$T/sync
echo "$PW" | "$PWPOL" init >/dev/null
watched() { # STDIN CMD...: one command under the shim, its syncs in $LOG
	local in=$1
	shift
	: >"$LOG"
	IN="$in\n" run env SYNC_SHIM_LOG="$LOG" LD_PRELOAD="$SYNC_SHIM" "$@"
}
failures() {
	sqlite3 -readonly "$PWPOL_DB" "SELECT failures FROM accounts WHERE name = 'admin'"
}
syncs() { grep -c '^sync' "$LOG" || true; }

watched "$PW" "$PWPOL" login admin
expect 0 "a right password"
[ "$(syncs)" = 1 ] || fail "a right password waits for one synced write of the log, not $(syncs): $(tr '\n' ' ' <"$LOG")"
[ "$(head -1 "$LOG")" = "sync 1" ] ||
	fail "the hash runs beside the synced write of the attempt: $(tr '\n' ' ' <"$LOG")"
[ "$(failures)" = 0 ] || fail "a right password leaves no failure counted"

watched 'wrong#Pass99' "$PWPOL" login admin
expect 1 "a wrong password"
[ "$(syncs)" = 1 ] || fail "a wrong password: one synced write, not $(syncs)"
[ "$(head -1 "$LOG")" = "sync 1" ] || fail "a wrong password: the hash beside the write"
[ "$(failures)" = 1 ] || fail "the wrong password is counted: $(failures)"

# The settle's write is not synced, yet it stands once the process ends
# (killed or not, the log holds it): the count is cleared by the next
# right password.
watched "$PW" "$PWPOL" login admin
expect 0 "a right password after a wrong one"
[ "$(failures)" = 0 ] || fail "the right password took the count back: $(failures)"

# An unknown name costs what a known one does: its refusal is written with
# a hash beside it.
watched "$PW" "$PWPOL" login nosuchuser
expect 1 "an unknown user"
[ "$(head -1 "$LOG")" = "sync 1" ] || fail "an unknown name: a dummy hash beside the write: $(tr "\n" " " <"$LOG")"

# A disk that fails the synced write: nothing is judged. (The log may hold
# the attempt all the same, written but not known synced: counted and not
# judged is the strict side.)
for pw in "$PW" 'wrong#Pass99'; do
	watched "$pw" env SYNC_SHIM_FAIL=1 "$PWPOL" login admin
	expect 5 "the attempt cannot be recorded: not judged"
	has "the attempt could not be recorded" "the one sentence, whatever the password"
done
watched "$PW" "$PWPOL" login admin
expect 0 "the store still works once the disk does"

# No thread to be had (a limit on processes): the hash runs after the
# write, as it did before, and nothing else changes.
watched 'wrong#Pass99' env SYNC_SHIM_NO_THREAD=1 "$PWPOL" login admin
expect 1 "no thread: a wrong password"
[ "$(head -1 "$LOG")" = "sync 0" ] || fail "no thread: the hash after the write: $(tr '\n' ' ' <"$LOG")"
[ "$(failures)" = 1 ] || fail "no thread: the wrong password is counted: $(failures)"
watched "$PW" env SYNC_SHIM_NO_THREAD=1 "$PWPOL" login admin
expect 0 "no thread: a right password"
[ "$(failures)" = 0 ] || fail "no thread: the right password took it back: $(failures)"

done_testing
