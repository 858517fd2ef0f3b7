#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# cli-batch.sh - `useradd --batch` and `passwd --batch`: NAME:PASSWORD lines
# as chpasswd reads them, each line its own transaction with its own answer
# and line number; a bad line (no colon, a weak password, an existing or
# unknown account) does not stop the others; no password appears in the
# output, the errors or the log (syslog_shim), not even from a malformed
# line.
. "$(dirname "$0")/lib.sh"
: "${SYSLOG_SHIM:?set SYSLOG_SHIM to the syslog_shim.so built with the tests}"
export PWPOL_SYSLOG_FILE=$T/syslog
export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0
pw() { LD_PRELOAD=$SYSLOG_SHIM "$PWPOL" "$@"; }
echo 'Zq7#mLp2xWv9!k' | "$PWPOL" init >/dev/null

IN='bob:Pq#Secret1x\nnocolonSecretZ9\n:Empty#Name1\ncarol:weakQ\n\nbob:Pq#Secret2x\ndave:Wr#Secret3x\n' \
	run pw useradd --batch --class operator
expect 2 "the worst line's status"
want='line 1: "bob": added (temporary password: change at first login)
line 2: not NAME:PASSWORD (the line is not shown)
line 3: not NAME:PASSWORD (the line is not shown)
line 4: "carol": rejected: minimum-length: must be at least 9 characters long (it has 5); minimum-numerics: must contain at least 1 digit (it has 0); minimum-punctuations: must contain at least 1 punctuation character (it has 0)
line 6: "bob": account already exists
line 7: "dave": added (temporary password: change at first login)'
[ "$OUT" = "$want" ] || fail "one answer a line, numbered: $OUT"
run "$PWPOL" show
echo "$OUT" | grep -q '^bob  *temporary .* operator$' || fail "bob added, class operator"
echo "$OUT" | grep -q '^dave  *temporary .* operator$' || fail "dave added after the bad lines"
echo "$OUT" | grep -q '^carol ' && fail "carol not added"
IN='Pq#Secret1x\n' run "$PWPOL" login bob
expect 4 "bob's password is line 1's, not line 6's"

IN='bob:Pq#Secret4x\nzed:Yt#Secret5x\ndave:weakR\n' run pw --json passwd --batch
expect 2 "resets: the worst line's status"
echo "$OUT" | python3 -c '
import json, sys
rows = [json.loads(l) for l in sys.stdin]
assert [(r["line"], r["name"], r["ok"], r["status"]) for r in rows] == [
    (1, "bob", True, "ok"), (2, "zed", False, "no-such-account"), (3, "dave", False, "rejected")], rows
assert rows[2]["violations"][0]["rule"] == "minimum-length", rows[2]
' || fail "one JSON object a line: $OUT"
IN='Pq#Secret4x\n' run "$PWPOL" login bob
expect 4 "bob reset (temporary)"
IN='Wr#Secret3x\n' run "$PWPOL" login dave
expect 4 "dave untouched by its refused line"

# Not even a malformed line's text, nor any password, anywhere.
for secret in Secret1x SecretZ9 Empty#Name1 weakQ Secret2x Secret3x Secret4x Secret5x weakR; do
	grep -rq -- "$secret" "$T/syslog" "$T/stderr" && fail "$secret in the log or stderr"
done
grep -q 'account bob' "$T/syslog" || fail "the resets are logged (without passwords)"

# A name that is not UTF-8 is escaped, in text and JSON.
printf 'caf\351:Mn#Secret6x\n' >"$T/latin1"
RC=0
OUT=$("$PWPOL" --json useradd --batch <"$T/latin1") || RC=$?
echo "$OUT" | python3 -c 'import json,sys; [json.loads(l) for l in sys.stdin]' || fail "JSON: $OUT"

run "$PWPOL" useradd --batch bob
expect 2 "--batch takes no NAME"
has "usage: pwpol useradd NAME" "usage"
done_testing
