# SPDX-License-Identifier: BSD-3-Clause
# cli-blocklist.sh - `blocklist FILE;` as a user meets it: a listed password
# refused by `pwpol check` with the reason told, an unlisted one accepted, a
# missing file or a filter of SHA-1 hashes refused at `config check`, and
# `config show --sources` naming the file and its line (pwpol.conf(5)).
. "$(dirname "$0")/lib.sh"

printf 'password\nletmein\nSummer2024!\n' | pwqfilter --create=100 -o "$T/list.pwq" 2>/dev/null
printf '5BAA61E4C9B93F3F0682250B6CF8331B7EE68FD8\n' |
	pwqfilter --pre-hashed --create=100 -o "$T/sha1.pwq" 2>/dev/null
conf() { # conf NAME FILE: a junos policy whose blocklist is FILE
	printf 'system {\n    login {\n        password {\n            profile junos;\n            blocklist %s;\n        }\n    }\n}\n' "$2" >"$T/$1"
}
conf good.conf "$T/list.pwq"
conf missing.conf "$T/nothing.pwq"
conf sha1.conf "$T/sha1.pwq"

IN='password\nPassWord\nNot-in-any-list-7\n' run "$PWPOL" --config "$T/good.conf" check
expect 1 "listed passwords rejected"
[ "$(echo "$OUT" | sed -n 1p)" = 'rejected: blocklist: is known from password breaches or lists of common passwords, so attackers try it first' ] ||
	fail "first verdict"
[ "$(echo "$OUT" | sed -n 2p | cut -c1-19)" = 'rejected: blocklist' ] || fail "case folded"
[ "$(echo "$OUT" | sed -n 3p)" = ok ] || fail "unlisted accepted"

IN='adminletmein\n' run "$PWPOL" --config "$T/good.conf" check --user admin --json
expect 1 "username taken out"
has '"rule":"blocklist"' "JSON names the rule"

run "$PWPOL" config check "$T/missing.conf"
expect 2 "missing file refused at commit"
has "missing.conf:5: blocklist: $T/nothing.pwq: cannot be read (No such file or directory)" "missing said"

run "$PWPOL" config check "$T/sha1.conf"
expect 2 "SHA-1 filter refused at commit"
has "a filter of SHA-1 hashes cannot be searched" "SHA-1 said"

run "$PWPOL" --config "$T/good.conf" config show --sources
expect 0 "sources"
has "blocklist                  $T/list.pwq" "the file shown"
has "good.conf:5" "its line"
"$PWPOL" --config "$T/good.conf" config show >"$T/shown.conf"
run "$PWPOL" config check "$T/shown.conf"
expect 0 "the written form reads back"

done_testing
