# SPDX-License-Identifier: BSD-3-Clause
# lib.sh - helpers for the command-level tests: each test reads like the
# session of a user it protects. Sourced by tests/cli-*.sh and pam-*.sh.
set -euo pipefail
: "${PWPOL:?set PWPOL to the pwpol binary}"
T=$(mktemp -d /tmp/pwpol-test.XXXXXX)
trap 'rm -rf "$T"' EXIT
export PWPOL_DB=$T/accounts.db
export PWPOL_CONFIG=
fails=0
OUT=
ERR=
RC=0

# run CMD...: runs with stdin from $IN (if set), keeps stdout in $OUT, status in $RC.
run() {
	set +e
	if [ -n "${IN+x}" ]; then
		# A command may end before it reads all of $IN: printf's SIGPIPE is
		# then no failure of the command (pipefail would say so).
		OUT=$({ printf '%b' "$IN" || true; } | "$@" 2>"$T/stderr")
	else
		OUT=$("$@" 2>"$T/stderr" </dev/null)
	fi
	RC=$?
	set -e
	ERR=$(cat "$T/stderr")
	unset IN
}

# store NAME: the name of a new, empty store: a file in $T or, when the test
# runs on PostgreSQL (PWPOL_PG_STATE, see pg-server.sh), a fresh database.
store() {
	if [ -n "${PWPOL_PG_STATE:-}" ]; then
		bash "$(dirname "${BASH_SOURCE[0]}")/pg-server.sh" fresh "$PWPOL_PG_STATE" \
			"$(basename "$0" .sh | tr -c 'a-z0-9\n' _)_$1"
	else
		echo "$T/$1.db"
	fi
}

# wrong_login N DB CONFIG USER: one login with a wrong password at $T0,
# its exit status appended to $T/rc.N (the storms of the concurrency tests).
wrong_login() {
	local rc=0
	echo 'wrong#Pass99' | "$PWPOL" --db "$2" --config "$3" --now "$T0" login "$4" \
		>/dev/null 2>>"$T/err.$1" || rc=$?
	echo "$rc" >>"$T/rc.$1"
}

fail() {
	echo "FAIL: $*" >&2
	echo "  stdout: $OUT" >&2
	echo "  stderr: $ERR" >&2
	fails=$((fails + 1))
}

# expect STATUS DESCRIPTION: the last run ended with STATUS.
expect() {
	[ "$RC" -eq "$1" ] || fail "$2: exit $RC, expected $1"
}

# has TEXT DESCRIPTION: the last stdout (or stderr) contains TEXT.
has() {
	case "$OUT$ERR" in *"$1"*) ;; *) fail "$2: output lacks '$1'" ;; esac
}

hasnt() {
	case "$OUT$ERR" in *"$1"*) fail "$2: output has '$1'" ;; *) ;; esac
}

done_testing() {
	if [ "$fails" -ne 0 ]; then
		echo "$fails failure(s)" >&2
		exit 1
	fi
	echo "all passed"
}
