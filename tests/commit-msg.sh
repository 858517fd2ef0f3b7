#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# commit-msg.sh - the commit message rule (HACKING.md) as scripts/check-commit-msg
# judges it: the orders it lets through and the descriptions it stops.
set -euo pipefail
check=${1:?usage: commit-msg.sh SCRIPT}
T=$(mktemp -d /tmp/pwpol-msg.XXXXXX)
trap 'rm -rf "$T"' EXIT
fails=0
verdict() { # verdict ok|fault SUBJECT [BODY]
	printf '%s\n\n%s\n' "$2" "${3-Say why in a line.}" >"$T/m"
	local got=ok
	bash "$check" "$T/m" 2>"$T/err" || got=fault
	if [ "$got" != "$1" ]; then
		echo "FAIL: \"$2\": expected $1, got $got: $(cat "$T/err")"
		fails=$((fails + 1))
	fi
}
verdict ok "Refuse a planted WAL"
verdict ok "Bring in the migration branch"
verdict ok "fleet: string the nodes together"
verdict ok "Embed the seed in the test"
verdict ok "Shed the old layout step"
verdict fault "Refusing a planted WAL"
verdict fault "Refused a planted WAL"
verdict fault "store: moved the check"
verdict fault "Adds a test"
verdict fault "Refuse a planted WAL."
verdict fault "Refuse a planted WAL" ""
verdict fault "$(printf 'Refuse %.0s' {1..12})"
[ "$fails" -eq 0 ] && echo "ok: 12 messages judged as the rule says"
exit $((fails > 0))
