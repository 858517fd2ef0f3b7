#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# cli-help.sh - every command answers --help with its usage and exit 0,
# wherever --help stands; output lost to a full disk is an error.
. "$TESTS_DIR/lib.sh"

run "$PWPOL" --help
expect 0 "pwpol --help"
cmds=$(printf '%s\n' "$OUT" | sed -n '/^Commands/,/^$/p' | awk 'NR > 1 && NF {print $1}' | sort -u)
[ "$(echo "$cmds" | wc -w)" -ge 11 ] || fail "pwpol --help lists the commands: $cmds"
for cmd in $cmds; do
	run "$PWPOL" "$cmd" --help
	expect 0 "$cmd --help"
	has "Usage: pwpol $cmd" "$cmd --help prints its usage"
	[ -z "$ERR" ] || fail "$cmd --help writes nothing to stderr"
done
# After an argument, and for each config subcommand.
run "$PWPOL" passwd alice --help
expect 0 "passwd NAME --help"
has "Usage: pwpol passwd" "passwd usage"
for sub in check import show; do
	run "$PWPOL" config $sub --help
	expect 0 "config $sub --help"
	has "Usage: pwpol config $sub" "config $sub usage"
done
for w in "import shadow" "import opasswd" "import junos" "export shadow" "export opasswd"; do
	run "$PWPOL" $w --help
	expect 0 "$w --help"
	has "Usage: pwpol $w" "$w usage"
done
[ ! -e "$PWPOL_DB" ] || fail "--help touched no store"

# A full disk: the output cannot be written, the command says so (5).
if [ -w /dev/full ]; then
	set +e
	"$PWPOL" --help >/dev/full 2>"$T/err"
	RC=$?
	printf 'Xq7#mWp2vL\n' | "$PWPOL" check >/dev/full 2>>"$T/err"
	RC2=$?
	set -e
	ERR=$(cat "$T/err")
	expect 5 "--help to a full disk"
	RC=$RC2 expect 5 "check to a full disk"
	has "cannot write the output" "said"
fi
done_testing
