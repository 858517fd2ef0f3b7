#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# cli-score.sh - zxcvbn's estimate: `check --score` with the score, the bits
# and the pattern that made a password guessable (a keyboard walk, a date,
# a dictionary word), in text and JSON; the `minimum-score` statement read,
# written, range-checked and held by `check` (its own rule and sentence);
# and libzxcvbn never linked into the PAM module (opened when needed).
. "$(dirname "$0")/lib.sh"
cd "$T"

IN='zxcvbnm,./\n12/04/1987\npassword\nTemp#Pass123\n' run "$PWPOL" check --score
expect 1 "two refused by ssr"
[ "$(echo "$OUT" | sed -n 1p | sed 's/.*; score/score/')" = 'score 1 of 4 (12 bits; guessable: keyboard walk at 1-10)' ] ||
	fail "a keyboard walk"
[ "$(echo "$OUT" | sed -n 2p | sed 's/.*; score/score/')" = 'score 1 of 4 (18 bits; guessable: date at 1-10)' ] ||
	fail "a date"
[ "$(echo "$OUT" | sed -n 3p | sed 's/.*; score/score/')" = 'score 0 of 4 (0 bits; guessable: dictionary word at 1-8)' ] ||
	fail "a dictionary word"
[ "$(echo "$OUT" | sed -n 4p)" = 'ok; score 3 of 4 (32 bits; guessable: dictionary word at 1-4, dictionary word at 6-9, sequence at 10-12)' ] ||
	fail "the verdict with its score"

IN='zxcvbnm,./\n' run "$PWPOL" check --score --json
echo "$OUT" | python3 -c '
import json, sys
o = json.loads(sys.stdin.read())
assert o["score"] == {"score": 1, "bits": 11.9, "patterns": [{"pattern": "keyboard walk", "begin": 0, "length": 10}]}, o["score"]
assert o["status"] == "rejected"
' || fail "JSON: $OUT"

# minimum-score: off in every profile; set, it is a rule of its own.
run "$PWPOL" config show
hasnt "minimum-score" "not written while off"
printf 'system {\n    login {\n        password {\n            minimum-score 3;\n        }\n    }\n}\n' >score.conf
IN='Password1!\nTemp#Pass123\n' run "$PWPOL" --config score.conf check
expect 1 "a guessable password refused by minimum-score"
[ "$(echo "$OUT" | sed -n 1p)" = 'rejected: minimum-score: is too easy to guess: zxcvbn scores it 0 of 4, at least 3 is asked' ] ||
	fail "the rule's sentence"
[ "$(echo "$OUT" | sed -n 2p)" = ok ] || fail "score 3 taken"
run "$PWPOL" --config score.conf config show
has "minimum-score 3;" "written back"
run "$PWPOL" --config score.conf config show --sources
has "minimum-score              3                score.conf:4" "its source"
sed 's/minimum-score 3/minimum-score 5/' score.conf >five.conf
run "$PWPOL" config check five.conf
expect 2 "out of range"
has "five.conf:4: minimum-score: value 5 is out of range (1..4" "said"

# The PAM module does not carry libzxcvbn: opened by the library when a
# policy or --score asks for it.
if [ -n "${PAM_PWPOL:-}" ]; then
	readelf -d "$PAM_PWPOL" | grep -q 'NEEDED.*zxcvbn' && fail "pam_pwpol.so links libzxcvbn"
fi
readelf -d "$PWPOL" | grep -q 'NEEDED.*zxcvbn' && fail "pwpol links libzxcvbn"
done_testing
