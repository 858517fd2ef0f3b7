#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# cli-import.sh - taking over the accounts of a Unix machine: pwpol import
# shadow reads a shadow(5) file (here one of the test's own), takes each
# hash as it is and its last change as the password's time, takes a
# `!`-locked one in disabled, reports and skips empty passwords, and never
# writes the file.
. "$TESTS_DIR/lib.sh"
T0=1700000000
IN='Kx7#mWq2vL\n' run "$PWPOL" --now $T0 init
expect 0 "init"
h6=$(printf 'Sh4dow#Pass1\n' | "$PWPOL" hash --format sha512)
h5=$(printf 'Sh4dow#Pass2\n' | "$PWPOL" hash --format sha256)
day=$((T0 / 86400 - 10))
cat >"$T/shadow" <<SHADOW
daemon:*:$day:0:99999:7:::
alice:$h6:$day:0:99999:7:::
bob:$h5:$day:0:99999:7:::
carol:!$h6:$day:0:99999:7:::
dave::$day:0:99999:7:::
root:$h6:$day:0:99999:7:::
SHADOW
before=$(md5sum <"$T/shadow")
run "$PWPOL" --now $T0 import shadow --file "$T/shadow"
expect 1 "some were skipped"
has "imported carol (disabled: locked there, its hash kept)" "a locked password comes in disabled"
has "imported alice" "alice"
has "imported bob" "bob"
has "skipped dave: no password" "an empty password is reported"
has "skipped daemon: locked" "no password login"
has "skipped root: already an account" "an existing account is not overwritten"
has "3 imported, 3 skipped" "the count"
[ "$(md5sum <"$T/shadow")" = "$before" ] || fail "the shadow file was changed"
IN='Sh4dow#Pass1\n' run "$PWPOL" --now $T0 login alice
expect 0 "alice logs in with her Unix password"
run "$PWPOL" --now $T0 --json show alice
has "\"changed\":$((day * 86400))," "the last change is the password's time"
has '"temporary":false' "not temporary"
# bob's sha256 hash is upgraded to the policy's sha512 at his next login.
IN='Sh4dow#Pass2\n' run "$PWPOL" --now $T0 login bob
expect 0 "bob logs in"
run "$PWPOL" --now $T0 --json show bob
has '"format":"sha512"' "upgraded at the login"
# Only the names asked for.
printf 'erin:%s:%s:0:99999:7:::\nfrank:%s:%s:0:99999:7:::\n' "$h6" "$day" "$h6" "$day" >"$T/shadow2"
run "$PWPOL" --now $T0 import shadow --file "$T/shadow2" frank
expect 0 "one name"
has "1 imported, 0 skipped" "only frank"
run "$PWPOL" --now $T0 show erin
expect 2 "erin was not asked for"
# A file with a line that is not shadow(5) (no `:`), or a last-change day
# past 9999 (it overflowed the seconds), imports nothing and names the
# line. Before, the first crashed (a NULL hash) and the second overflowed.
printf 'gina:%s:%s:0:99999:7:::\nnocolonhere\n' "$h6" "$day" >"$T/bad1"
run "$PWPOL" --now $T0 import shadow --file "$T/bad1"
expect 2 "a line without ':'"
has "bad1:2: not a shadow(5) line" "the line named"
has "nothing imported" "says so"
run "$PWPOL" --now $T0 show gina
expect 2 "gina, before the bad line, was not imported"
printf 'gina:%s:99999999999999999999999:0:99999:7:::\n' "$h6" >"$T/bad2"
run "$PWPOL" --now $T0 import shadow --file "$T/bad2"
expect 2 "a huge day"
has "bad2:1: the last-change day is past the year 9999" "the day refused"
printf 'gina:%s:2932897:0:99999:7:::\n' "$h6" >"$T/bad3"
run "$PWPOL" --now $T0 import shadow --file "$T/bad3"
expect 2 "the first day past 9999"
printf 'gina:%s:12x:0:99999:7:::\n' "$h6" >"$T/bad4"
run "$PWPOL" --now $T0 import shadow --file "$T/bad4"
expect 2 "a day that is no number"
has "bad4:1: the last-change day is not a number" "said"
printf ':%s:%s:0:99999:7:::\n' "$h6" "$day" >"$T/bad5"
run "$PWPOL" --now $T0 import shadow --file "$T/bad5"
expect 2 "no name"
run "$PWPOL" --now $T0 show gina
expect 2 "gina never imported"
printf 'gina:%s:2932896:0:99999:7:::\n' "$h6" >"$T/ok9999"
run "$PWPOL" --now $T0 import shadow --file "$T/ok9999"
expect 0 "the last day of 9999 is a day"
done_testing
