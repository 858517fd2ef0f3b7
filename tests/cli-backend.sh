#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# cli-backend.sh - the PostgreSQL backend module (store-postgresql.so) is
# trusted as a store is: one that another user could have written, or a
# link, is refused before it is loaded, and a missing one is said so; the
# attacker plants a module where the library looks. Run in a private mount
# namespace (unshare -m) in which a directory of the test's is mounted over
# the build's backends/ (the machine's files are never changed).
. "$(dirname "$0")/lib.sh"
skip() {
	echo "skipped: $1"
	exit 0
}
[ "$(id -u)" -eq 0 ] || skip "not root: a mount namespace needs it"
command -v unshare >/dev/null || skip "no unshare"
unshare -m true 2>/dev/null || skip "no mount namespace here"
BACKENDS=$(dirname "$PWPOL")/backends
[ -f "$BACKENDS/store-postgresql.so" ] || skip "no backend module in the build tree"
down='postgresql://postgres@/pwpol?host=/nonexistent&port=1'

# in_ns DIR: pwpol show on the down URI with DIR mounted over backends/.
in_ns() {
	OUT=$(unshare -m sh -c "mount --bind '$1' '$BACKENDS' && exec '$PWPOL' --db '$down' show admin" 2>&1) && RC=0 || RC=$?
	ERR=$OUT
}

# The module as built: loaded, and the connection is what fails.
mkdir "$T/good" && cp "$BACKENDS/store-postgresql.so" "$T/good/"
in_ns "$T/good"
[ "$RC" -ne 0 ] || fail "a down server: refused"
case "$OUT" in *"cannot be loaded"*) fail "the built module was not loaded: $OUT" ;; esac

# Writable by others: refused, never loaded.
mkdir "$T/planted" && cp "$BACKENDS/store-postgresql.so" "$T/planted/"
chmod o+w "$T/planted/store-postgresql.so"
in_ns "$T/planted"
[ "$RC" -ne 0 ] || fail "a planted module: refused"
case "$OUT" in *"the postgresql store backend cannot be loaded"*) ;;
*) fail "a module others may write was not refused: $OUT" ;; esac

# A symbolic link: refused.
mkdir "$T/link" && ln -s "$T/good/store-postgresql.so" "$T/link/store-postgresql.so"
in_ns "$T/link"
case "$OUT" in *"the postgresql store backend cannot be loaded"*) ;;
*) fail "a linked module was not refused: $OUT" ;; esac

# Missing (its package not installed): said so.
mkdir "$T/none"
in_ns "$T/none"
[ "$RC" -ne 0 ] || fail "no module: refused"
case "$OUT" in *"cannot be loaded"*"no such file (is its package installed?)"*) ;;
*) fail "a missing module not told: $OUT" ;; esac

# A SQLite store never looks for it.
IN="Kx7#mWq2vL\n" run "$PWPOL" init
expect 0 "SQLite: no backend needed"
done_testing
