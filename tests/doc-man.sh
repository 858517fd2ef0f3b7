#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# doc-man.sh - the manual pages render clean: no message from mandoc -Tlint
# (STYLE included), groff -ww, or man --warnings at 80 columns as lintian
# runs it; no line of the rendered pages wider than 80 columns outside
# examples, and each command of pwpol(1) has its tag on a line of its own.
set -uo pipefail
doc=$(cd "$(dirname "$0")/../doc" && pwd)
fails=0
fail() {
	echo "FAIL: $*" >&2
	fails=$((fails + 1))
}
for t in mandoc groff man; do
	command -v $t >/dev/null || {
		echo "skipped: no $t"
		exit 77
	}
done
pages=("$doc"/pwpol.1 "$doc"/pwpol.3 "$doc"/pwpol.conf.5 "$doc"/pam_pwpol.8)
for p in "${pages[@]}"; do
	n=$(basename "$p")
	out=$(mandoc -Tlint "$p" 2>&1) || true
	[ -z "$out" ] || fail "mandoc -Tlint $n: $out"
	out=$(groff -ww -t -man -Tutf8 "$p" 2>&1 >/dev/null)
	[ -z "$out" ] || fail "groff -ww $n: $out"
	out=$(LC_ALL=C.UTF-8 MANROFFSEQ='' MANWIDTH=80 man --warnings -E UTF-8 -l -Tutf8 -Z "$p" 2>&1 >/dev/null)
	[ -z "$out" ] || fail "man --warnings $n: $out"
done
# pwpol(1): every command's tag alone on its line, no stray quote.
r=$(MANWIDTH=80 man -l "$doc"/pwpol.1 2>/dev/null)
for tag in 'check [--user NAME] [--score]' 'generate [--user NAME] [--count N] [--passphrase]' \
	'help [COMMAND [SUBCOMMAND]]' 'hash [--format FORMAT] [--rounds N] [--user NAME] [--no-check]' \
	'init [--force] [--password-hash | --import-hash FILE|-]' \
	'passwd --reset NAME [--import-hash FILE|-]' 'import shadow [--file PATH] [--dry-run] [NAME...]'; do
	grep -qxF "       $tag" <<<"$r" || fail "pwpol(1): no tag line '$tag'"
done
grep -n '\]"$' <<<"$r" && fail "pwpol(1): a stray quote after a tag"
for ref in 'passwd(1)' 'chage(1)' 'faillock(8)' 'pam_pwquality(8)'; do
	sed -n '/^SEE ALSO/,$p' <<<"$r" | grep -qF "$ref" || fail "pwpol(1): SEE ALSO lacks $ref"
done
echo "$fails failed"
[ "$fails" -eq 0 ]
