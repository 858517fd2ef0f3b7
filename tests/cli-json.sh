#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# cli-json.sh - --json without holes: every command of the table and every
# subcommand, in success and in error, answers with lines that Python's
# json parses (json_walk.py), invalid UTF-8 from arguments and files
# included; and the sentences a person reads: option errors on one line.
. "$(dirname "$0")/lib.sh"
python3 "$TESTS_DIR/json_walk.py" "$T" || fail "the walk (above)"
RC=0 ERR=
run "$PWPOL" check --bogus
expect 2 "an unknown option"
[ "$ERR" = "pwpol: check: unknown option '--bogus' (usage: pwpol check [--user NAME] [--score] < candidates)" ] ||
	fail "named, on one line"
run "$PWPOL" hash --rounds
expect 2 "an option without its value"
[ "$ERR" = "pwpol: hash: option '--rounds' needs a value (usage: pwpol hash [--format sha512|sha256|sha1|sha2|yescrypt|bcrypt] [--rounds N] [--user NAME] [--no-check])" ] ||
	fail "named, on one line"
run "$PWPOL" --nope check
[ "$ERR" = "pwpol: unknown option '--nope' (see 'pwpol --help')" ] || fail "a global option"
done_testing
