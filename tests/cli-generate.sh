#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# cli-generate.sh - `pwpol generate`: 10,000 passwords that the policy in
# force takes (checked again by `pwpol check`, username rule included),
# no two alike, under the default profile and under the strictest one
# (stig-rhel9); passphrases of libpasswdqc's words under nist-800-63b with
# its blocklist and under junos-fips's 20-character maximum; the entropy
# stated; a policy the generator cannot meet said, not looped on.
. "$(dirname "$0")/lib.sh"
cd "$T"
pol() { # pol NAME STATEMENTS...: a policy file
	local f=$1
	shift
	printf 'system {\n    login {\n        password {\n' >"$f"
	for s in "$@"; do printf '            %s;\n' "$s" >>"$f"; done
	printf '        }\n    }\n}\n' >>"$f"
}
pol rhel.conf "profile stig-rhel9"
pol fips.conf "profile junos-fips"
pol five.conf "profile junos" "change-type character-sets" "minimum-changes 5"
printf 'password\nletmein\n' | pwqfilter --create=100 -o "$T/list.pwq" 2>/dev/null
pol nist.conf "profile nist-800-63b" "blocklist $T/list.pwq"

for conf in "" rhel.conf; do
	"$PWPOL" ${conf:+--config "$conf"} generate --count 10000 --user alice >gen.txt 2>gen.err ||
		fail "generate ${conf:-ssr}"
	[ "$(wc -l <gen.txt)" = 10000 ] || fail "${conf:-ssr}: 10000 lines"
	[ "$(sort -u gen.txt | wc -l)" = 10000 ] || fail "${conf:-ssr}: no two alike"
	RC=0
	OUT=$("$PWPOL" ${conf:+--config "$conf"} check --user alice <gen.txt) || RC=$?
	expect 0 "${conf:-ssr}: every one taken by check"
	[ "$(echo "$OUT" | grep -cx ok)" = 10000 ] || fail "${conf:-ssr}: 10000 verdicts ok"
	grep -q '^pwpol: [0-9]* bits of entropy each' gen.err || fail "${conf:-ssr}: entropy stated"
done
# 16 characters of 76, the four class minimums of ssr drawn from their class.
grep -qx 'pwpol: 91 bits of entropy each (characters, from the kernel'"'"'s random source)' gen.err ||
	fail "bits: $(cat gen.err)"

run "$PWPOL" --config nist.conf generate --passphrase --count 1000 --json
expect 0 "passphrases under nist-800-63b"
echo "$OUT" | python3 -c '
import json, sys
seen = set()
for line in sys.stdin:
    o = json.loads(line)
    assert o["ok"] and o["kind"] == "passphrase" and o["bits"] == 64, o
    assert len(o["password"]) >= 15, o
    seen.add(o["password"])
assert len(seen) == 1000, len(seen)
' || fail "1000 distinct passphrases of 64 bits, 15 characters or more"
echo "$OUT" | python3 -c 'import json,sys; [print(json.loads(l)["password"]) for l in sys.stdin]' >pp.txt
RC=0
OUT=$("$PWPOL" --config nist.conf check <pp.txt) || RC=$?
expect 0 "every passphrase taken"

run "$PWPOL" --config fips.conf generate --passphrase --count 50
expect 0 "passphrases within junos-fips's maximum-length 20"
[ "$(echo "$OUT" | awk 'length > 20' | wc -l)" = 0 ] || fail "none above 20"

run "$PWPOL" --config five.conf generate
expect 2 "five character sets: not drawable"
has "generate: the policy refuses every password the generator can draw (minimum-changes:" "said"
[ -z "$OUT" ] || fail "nothing printed"

run "$PWPOL" generate --user 'bad name'
expect 2 "--user validated"
has "generate: --user: not a valid username" "said"
run "$PWPOL" generate --count 0
expect 2 "--count 0"
has "generate: --count needs a number" "said"
done_testing
