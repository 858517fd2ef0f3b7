#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# cli-tty.sh - pwpol at a terminal, as a person types: init asks for the
# password of the three accounts by name, then "Confirm:", and again after
# a mismatch; nothing typed is echoed.
. "$TESTS_DIR/lib.sh"
command -v python3 >/dev/null || { echo "1 passed, 0 failed (skipped: no python3)"; exit 0; }
drive() { OUT=$(python3 "$TESTS_DIR/tty_drive.py" "$@"); RC=$?; ERR=; }
A="Enter a password for the 'admin', 't128' and 'root' users: "
set +e
TTY_SCRIPT=$(printf '%s\t%s\n%s\t%s\n%s\t%s\n%s\t%s\n' "$A" 'Kx7#mWq2vL' 'Confirm: ' 'Kx7#mWq2vX' \
	"$A" 'Kx7#mWq2vL' 'Confirm: ' 'Kx7#mWq2vL') drive "$PWPOL" --now 1700000000 init
set -e
expect 0 "init at a terminal, after one mismatch"
has "<$A>" "asks for the three accounts by name"
has "<Confirm: >" "asks to confirm"
has "do not match; try again" "a mismatch is said and asked again"
has "initialized: admin, root, t128" "done"
hasnt "Kx7#mWq2v" "nothing typed is echoed"
set +e
TTY_SCRIPT=$(printf '%s\t%s\n%s\t%s\n%s\t%s\n%s\t%s\n%s\t%s\n%s\t%s\n' "$A" 'Kx7#mWq2vA' \
	'Confirm: ' 'Kx7#mWq2vB' "$A" 'Kx7#mWq2vC' 'Confirm: ' 'Kx7#mWq2vD' "$A" 'Kx7#mWq2vE' \
	'Confirm: ' 'Kx7#mWq2vF') drive "$PWPOL" --db "$T/two.db" init
set -e
expect 2 "three mismatches"
has "did not match three times" "said"
[ ! -e "$T/two.db" ] || fail "no store left behind"
# The initializer judges the password before it asks to confirm it, says
# why a weak one is refused and asks again (three tries in all), and says
# first what root is for.
set +e
TTY_SCRIPT=$(printf '%s\t%s\n%s\t%s\n%s\t%s\n%s\t%s\n' "$A" 'weak' \
	"rejected: minimum-length" 'T128#Password1' "rejected: username-check (t128)" 'Kx7#mWq2vL' \
	'Confirm: ' 'Kx7#mWq2vL') drive "$PWPOL" --db "$T/judged.db" --now 1700000000 init
set -e
expect 0 "init after a weak password and one holding t128's name"
has "Do not use root for daily work" "the note on root, before the password"
has "Try another password." "asked again"
has "initialized: admin, root, t128" "done with the third"
[ "$(printf '%s\n' "$OUT" | grep -c 'Confirm')" = 1 ] || fail "a refused password is not confirmed"
set +e
TTY_SCRIPT=$(printf '%s\t%s\n%s\t%s\n%s\t%s\n' "$A" 'weak1' "Try another" 'weak2' \
	"Try another" 'weak3') drive "$PWPOL" --db "$T/weak.db" init
set -e
expect 1 "three weak passwords"
has "no password the policy takes in three tries" "said"
[ ! -e "$T/weak.db" ] || fail "no store left behind"
# While a password is being typed: no core dump can hold it (the core
# limit is 0), and Ctrl-C at the prompt gives the terminal its echo back.
set +e
TTY_INTERRUPT='Password: ' drive "$PWPOL" --now 1700000000 login root
set -e
has "CORE-LIMIT=0/0" "no core dump while a password is read"
has "ECHO=on" "echo restored after Ctrl-C at the prompt"
has "SIGNAL=2" "ended by the interrupt, as a shell expects"

# check typed by hand: nothing shown, each line answered at once.
set +e
TTY_SCRIPT=$(printf '%s\t%s\n%s\t%s\n' "not shown" 'short' "rejected: minimum-length" 'Xq7#mWp2vLz') \
	drive "$PWPOL" check
set -e
has "rejected: minimum-length" "the first line answered before the second is typed"
has "ok" "the second answered"
hasnt "Xq7#mWp2vLz" "nothing typed is echoed"
hasnt "short" "nothing typed is echoed"
done_testing
