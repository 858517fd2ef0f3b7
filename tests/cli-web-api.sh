#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# cli-web-api.sh - the JSON API of `pwpol web` as a script uses it: API
# tokens made, listed and revoked with `pwpol token` (kept hashed, shown
# once, one per account, gone with the account, refused to a class without
# admin-control), the Bearer header (none, a wrong one, a revoked one: 401),
# the README's curl example, the audit naming the token's account, and then
# web_api.py, which walks every call of the OpenAPI document the server
# serves and checks each answer against it.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-web.sh"
command -v curl >/dev/null || { echo "skipped: curl is not installed"; exit 0; }
GOOD='Kx7#mWq2vL'
[ -n "${PWPOL_PG_STATE:-}" ] && PWPOL_DB=$(store webapi)

IN="$GOOD\n" run "$PWPOL" init
expect 0 "init"
IN='Temp#Pass123\n' run "$PWPOL" useradd --class operator oper
expect 0 "an operator"
IN='Temp#Pass123\n' run "$PWPOL" useradd --class super-user ops2
expect 0 "a second super-user"

# Tokens: shown once, kept hashed.
run "$PWPOL" token add admin
expect 0 "token add"
ADMIN_TOKEN=$OUT
[[ $ADMIN_TOKEN =~ ^pwpol_[0-9a-f]{64}$ ]] || fail "a token of 256 bits: '$ADMIN_TOKEN'"
[[ $ERR == *"shown this once"* ]] || fail "stderr says it is shown once: $ERR"
if [ -z "${PWPOL_PG_STATE:-}" ] && command -v sqlite3 >/dev/null; then
	stored=$(sqlite3 "$PWPOL_DB" 'SELECT account, hash FROM api_tokens')
	want=$(printf '%s' "$ADMIN_TOKEN" | sha256sum | cut -d' ' -f1)
	[ "$stored" = "admin|$want" ] || fail "the store keeps the token's SHA-256 alone: '$stored'"
	grep -qa "$ADMIN_TOKEN" "$PWPOL_DB"* && fail "the token itself is in the store's files"
fi
run "$PWPOL" token add admin
expect 2 "a second token for admin"
[[ $ERR == *"revoke it first"* ]] || fail "says to revoke it first: $ERR"
run "$PWPOL" token add nobody
expect 2 "a token for no account"
run "$PWPOL" token add oper
expect 0 "a token for the operator"
OPER_TOKEN=$OUT
run "$PWPOL" token add ops2
OPS2_TOKEN=$OUT
run "$PWPOL" token list
expect 0 "token list"
has "admin" "lists admin"
has "oper" "lists oper"
hasnt "pwpol_" "never shows a token again"
run "$PWPOL" --json token list
has '"account":"admin"' "token list --json"
# A class without admin-control gives no token to another account.
IN="Temp#Pass123\n" run "$PWPOL" --as oper token add ops2
expect 6 "the operator making another's token"
IN="Temp#Pass123\n" run "$PWPOL" --as oper token revoke admin
expect 6 "the operator revoking admin's token"

web_start
api() { # api METHOD PATH TOKEN [curl args]: $CODE, $OUT (headers and body)
	local m=$1 p=$2 t=$3
	shift 3
	OUT=$(curl -sS -i -X "$m" ${t:+-H "Authorization: Bearer $t"} "$@" "$WEB_URL$p")
	CODE=$(printf '%s\n' "$OUT" | sed -n '1s/^HTTP\/[0-9.]* \([0-9]*\).*/\1/p')
	ERR=
}

api GET /api/v1/accounts ""
status 401 "no token"
has 'WWW-Authenticate: Bearer' "says how to authenticate"
has '"ok":false,"status":"not-permitted"' "the CLI's status name"
hasnt 'Set-Cookie' "no session for an API call"
last=${ADMIN_TOKEN: -1}
api GET /api/v1/accounts "${ADMIN_TOKEN%?}$([ "$last" = 0 ] && echo 1 || echo 0)"
status 401 "a token one digit changed"
api GET /api/v1/accounts "$ADMIN_TOKEN" -H "Cookie: pwpol_session=x"
status 200 "the admin token"
has '"name":"oper"' "lists the accounts"
api GET /api/v1/accounts "$OPER_TOKEN"
status 403 "the operator's token: no admin permission"
has '"status":"not-permitted"' "refused by the library"
api POST "/api/v1/accounts/oper/unlock/$(printf 'x%.0s' $(seq 300))" "$ADMIN_TOKEN"
status 404 "a path too long to read whole is no call"
head -c 9000 /dev/zero | tr '\0' x >"$T/big"
api POST /api/v1/accounts "$ADMIN_TOKEN" --data-binary @"$T/big"
status 413 "a body over the limit"
has '{"ok":false,"status":"invalid","error":"request too large"}' "said as JSON"
api GET /api/v1/accounts "$ADMIN_TOKEN" -H "Host: attacker.example"
status 421 "a foreign Host on the API (DNS rebinding)"
has '"error":"misdirected request' "said as JSON"
# No CSRF token: a browser never sends a Bearer header by itself.
api POST /api/v1/accounts/oper/unlock "$ADMIN_TOKEN"
status 200 "a POST without a CSRF token"

# Every call of the OpenAPI document against what the server answers.
if python3 -c 'import jsonschema' 2>/dev/null; then
	python3 "$(dirname "$0")/web_api.py" "$WEB_URL" "$ADMIN_TOKEN" "$OPER_TOKEN" ||
		fail "web_api.py: the server does not answer as its OpenAPI document says"
else
	echo "note: python3-jsonschema missing, the OpenAPI walk skipped"
fi

# The README's curl example: add an account, commit a policy.
api POST /api/v1/accounts "$ADMIN_TOKEN" -H 'Content-Type: application/json' \
	-d '{"name": "alice", "password": "Temp#Pass4567", "class": "operator"}'
status 201 "README: add alice"
has '"temporary":true' "alice's password is temporary"
IN='Temp#Pass4567\n' run "$PWPOL" login alice
expect 4 "alice logs in with it, a change required"
api POST /api/v1/policy/commit "$ADMIN_TOKEN" -H 'Content-Type: application/json' \
	--data-binary '{"text": "system {\n login {\n  password {\n   minimum-length 12;\n  }\n }\n}\n", "comment": "from curl"}'
status 200 "README: commit a policy"
run "$PWPOL" config history
has "from curl" "the commit's comment in the history"
has "admin" "the commit's author is the token's account"
grep -q "account alice added with a temporary password by admin; service=pwpol-web rhost=127.0.0.1" "$PWPOL_SYSLOG_FILE" ||
	fail "the audit names the token's account: $(cat "$PWPOL_SYSLOG_FILE")"

# Revoked, or its account deleted: the token is worth nothing, even when an
# account of that name is made again.
run "$PWPOL" token revoke ops2
expect 0 "token revoke"
api GET /api/v1/whoami "$OPS2_TOKEN"
status 401 "a revoked token"
run "$PWPOL" token add ops2
OPS2_TOKEN=$OUT
api GET /api/v1/whoami "$OPS2_TOKEN"
status 200 "the new token"
run "$PWPOL" userdel ops2
IN='Temp#Pass123\n' run "$PWPOL" useradd --class super-user ops2
api GET /api/v1/whoami "$OPS2_TOKEN"
status 401 "the token of a deleted account, the name made again"
run "$PWPOL" token revoke ops2
expect 2 "nothing to revoke"

grep -a "$ADMIN_TOKEN" "$T/web.out" "$T/web.err" "$PWPOL_SYSLOG_FILE" &&
	fail "a token in the server's output or log"

web_stop
done_testing
