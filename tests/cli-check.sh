# SPDX-License-Identifier: BSD-3-Clause
# cli-check.sh - `pwpol check`, `hash`, `username-check`, --help and
# --version: verdicts, exit statuses and JSON exactly as the contract says.
. "$(dirname "$0")/lib.sh"

IN='Admin1234!\nS3cure#Pass\n' run "$PWPOL" check --user admin --json
expect 1 "one of two rejected"
first=$(echo "$OUT" | sed -n 1p)
second=$(echo "$OUT" | sed -n 2p)
[ "$first" = '{"ok":false,"status":"rejected","violations":[{"rule":"username-check","need":null,"have":null,"message":"must not contain the username in any form"}],"warnings":[]}' ] ||
	fail "first line: $first"
[ "$second" = '{"ok":true,"status":"ok","violations":[],"warnings":[]}' ] || fail "second line: $second"
hasnt 'Admin1234' "no password echoed"

IN='S3cure#Pass\n' run "$PWPOL" check --user admin
expect 0 "accepted"
[ "$OUT" = ok ] || fail "text verdict: $OUT"

IN='short\n' run "$PWPOL" check
expect 1 "short rejected"
has 'minimum-length: must be at least 9 characters long (it has 5)' "length message"
has 'minimum-upper-cases' "every rule at once"
has 'minimum-numerics' "every rule at once"

# Counting is in characters: nine é are nine characters, not eighteen bytes.
IN='ééééééééé\n' run "$PWPOL" check --json
has '"rule":"maximum-repeats","need":3,"have":9' "é run counted in characters"
hasnt '"rule":"minimum-length"' "nine é meet minimum-length 9"

# Bad input: a clear error (exit 2) and the following lines still checked.
IN='ab\xffcd\nS3cure#Pass\n' run "$PWPOL" check
expect 2 "invalid UTF-8"
has 'invalid: invalid-utf8' "utf8 error named"
[ "$(echo "$OUT" | sed -n 2p)" = ok ] || fail "line after bad input still checked"
IN='Abc\x01defgh1!\n' run "$PWPOL" check
expect 2 "control character"
has 'control-character' "control named"

# An oversized line is refused without holding it.
head -c 200000 /dev/zero | tr '\0' 'a' >"$T/big"
printf '\nS3cure#Pass\n' >>"$T/big"
set +e; OUT=$("$PWPOL" check <"$T/big"); RC=$?; set -e; ERR=
expect 2 "oversized line"
has 'too-long' "oversized named"
[ "$(echo "$OUT" | sed -n 2p)" = ok ] || fail "line after oversized still checked"

# Streaming: many candidates, one verdict each, in order.
# Digits are kept apart ("1.1.1.1.") so no candidate trips maximum-repeats.
awk 'BEGIN { for (i = 1; i <= 20000; i++) { s = i ""; gsub(/./, "&.", s); print "Cand" s "#xyZ" } }' >"$T/many"
n=$("$PWPOL" check --user alice <"$T/many" | grep -c '^ok$')
[ "$n" -eq 20000 ] || fail "streaming: $n of 20000 ok"

# Profiles through configuration: junos accepts what ssr refuses.
printf 'system { login { password { profile junos; } } }\n' >"$T/junos.conf"
IN='abcdef\n' run "$PWPOL" --config "$T/junos.conf" check
expect 0 "junos minimum 6"
IN='abcde\n' run "$PWPOL" --config "$T/junos.conf" check
expect 1 "junos 5 chars"

# hash: every format round trips through login-free verification by format prefix.
for f in sha512:'$6$' sha256:'$5$' sha1:'$sha1$' sha2:'$sha2$' yescrypt:'$y$' bcrypt:'$2b$'; do
	IN='S3cure#Pass\n' run "$PWPOL" hash --format "${f%%:*}"
	expect 0 "hash ${f%%:*}"
	case "$OUT" in "${f#*:}"*) ;; *) fail "hash ${f%%:*} prefix: $OUT" ;; esac
done
IN='pw\n' run "$PWPOL" hash --format md5
expect 2 "md5 is never made"
IN='a\nb\n' run "$PWPOL" hash --format sha256 --no-check
expect 0 "--no-check hashes what the policy would refuse"
[ "$(echo "$OUT" | grep -c '^\$5\$')" -eq 2 ] || fail "hash: one line each"
# The policy applies before a hash is printed: a refused line is said, the
# others hashed, the status the worst.
IN='short\nS3cure#Pass\n' run "$PWPOL" hash
expect 1 "a weak password is not hashed"
has "rejected: minimum-length" "told why"
[ "$(echo "$OUT" | grep -c '^\$6\$')" -eq 1 ] || fail "the good one is hashed: $OUT"
IN='Adm1n#Secret9\n' run "$PWPOL" hash --user admin
expect 1 "--user: the username rule"
has "username-check" "told"
IN='Adm1n#Secret9\n' run "$PWPOL" hash
expect 0 "without --user, no username rule"

# username-check
run "$PWPOL" username-check alice first.last 'svc$'
expect 0 "good names"
run "$PWPOL" username-check -- -bad
expect 1 "leading dash"
has 'username-leading-dash' "dash named"
run "$PWPOL" username-check 12345
expect 0 "all digits is a warning"
has 'warning: username-all-digits' "digit warning"
run "$PWPOL" username-check 'a$b' "$(printf 'x%.0s' $(seq 33))"
expect 1 "dollar inside, too long"
has 'username-dollar' "dollar named"
has 'username-length' "length named"
run "$PWPOL" --json username-check .hidden
has '"rule":"username-leading-dot"' "dot warning in JSON"

# --help, --version, usage errors.
run "$PWPOL" --help
expect 0 "--help"
has 'Exit status' "help lists exit statuses"
run "$PWPOL" --version
expect 0 "--version"
has 'pwpol 0.' "version"
run "$PWPOL" frobnicate
expect 2 "unknown command"
run "$PWPOL" check --bogus
expect 2 "unknown option"

done_testing
