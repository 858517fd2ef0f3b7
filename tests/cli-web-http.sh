# cli-web-http.sh - `pwpol web` at the HTTP level, as curl sees it: where it
# may listen, the security headers and cookie, the CSRF refusal, the size
# limit, association (weak refused with nothing set, then good), the one
# answer for unknown, wrong and locked, the forced change with its live list
# (reuse only once the current password is proved), association over
# factory-default accounts, the idle timeout,
# TLS with a Secure cookie, and no password in any output of the server.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-web.sh"
command -v curl >/dev/null || { echo "skipped: curl is not installed"; exit 0; }

# Where it may listen: loopback, or anywhere with TLS.
run "$PWPOL" web --listen 0.0.0.0:8443
expect 2 "a non-loopback address without TLS"
has "without TLS" "says why"
run "$PWPOL" web --listen '[::]:8443'
expect 2 "the IPv6 any address without TLS"
run "$PWPOL" web --listen localhost:8443
expect 2 "a name, not an address"
run "$PWPOL" web --tls-cert /dev/null
expect 2 "a certificate without its key"
run "$PWPOL" web --idle-timeout 0
expect 2 "an idle timeout of 0"

web_start
GOOD='Kx7#mWq2vL'

# The first page: association, with every header.
req a GET /
status 200 "association page"
has "Conductor Association" "title"
has "> PASSWORD</label>" "PASSWORD choice"
has "> PASSWORD HASH</label>" "PASSWORD HASH choice"
has ">ASSOCIATE</button>" "ASSOCIATE button"
has "Content-Security-Policy: default-src 'none'; script-src 'self';" "CSP"
hasnt "unsafe-inline" "no inline script allowed"
hasnt "<script>" "no inline script in the page"
has "X-Frame-Options: DENY" "frames refused"
has "Referrer-Policy: no-referrer" "no referrer"
has "Cache-Control: no-store" "not cached"
has "HttpOnly; SameSite=Strict" "cookie flags"
hasnt "Secure" "no Secure flag over plain HTTP"
printf '%s\n' "$OUT" | grep -q 'pwpol_session=[0-9a-f]\{64\};' || fail "a 256-bit session id"
TOKEN=$(csrf)
[ ${#TOKEN} -eq 64 ] || fail "a 256-bit CSRF token: '$TOKEN'"

# The live list: every rule broken, for each of the three names.
req a POST /api/check -H "X-CSRF-Token: $TOKEN" --data-urlencode mode=associate \
	--data-urlencode 'password=Admin1!'
status 200 "check call"
has "Content-Type: application/json" "JSON"
has '{"name":"admin","violations":[{"rule":"minimum-length","message":"must be at least 9 characters long (it has 7)"},{"rule":"username-check"' "admin: length and username"
has '{"name":"root","violations":[{"rule":"minimum-length"' "root: length"
hasnt '"name":"root","violations":[{"rule":"minimum-length","message":"must be at least 9 characters long (it has 7)"},{"rule":"username-check"' "root's name is not in it"
has '"ok":false' "refused"
req a POST /api/check -H "X-CSRF-Token: $TOKEN" --data-urlencode mode=associate \
	--data-urlencode "password=$GOOD"
has '"ok":true' "a good password passes"

# CSRF: a form without the token, or with another, changes nothing.
req a POST /associate --data-urlencode mode=password --data-urlencode "password=$GOOD" \
	--data-urlencode "confirm=$GOOD"
status 403 "associate without a CSRF token"
OTHER=$(printf '%s' "$TOKEN" | tr 0-9a-f 1-9a-f0)
req a POST /associate --data-urlencode "csrf=$OTHER" --data-urlencode mode=password \
	--data-urlencode "password=$GOOD" --data-urlencode "confirm=$GOOD"
status 403 "associate with a wrong CSRF token"
req fresh POST /api/check -H "X-CSRF-Token: $TOKEN" --data-urlencode mode=associate \
	--data-urlencode "password=$GOOD"
status 403 "a token without its session"
IN="$GOOD\n" run "$PWPOL" login admin
expect 1 "nothing was set by a refused request"

# The size limit.
req a POST /api/check -H "X-CSRF-Token: $TOKEN" --data "mode=associate&password=$(head -c 9000 /dev/zero | tr '\0' a)"
status 413 "a body over the limit"

# A weak password is refused with its reasons, and nothing is set.
req a POST /associate --data-urlencode "csrf=$TOKEN" --data-urlencode mode=password \
	--data-urlencode 'password=Admin1!' --data-urlencode 'confirm=Admin1!'
status 422 "weak password refused"
has "nothing was set" "says nothing was set"
has '<span class="rule">minimum-length</span> must be at least 9 characters long' "reason"
IN='Admin1!\n' run "$PWPOL" login admin
expect 1 "admin not set"
req a POST /associate --data-urlencode "csrf=$TOKEN" --data-urlencode mode=password \
	--data-urlencode "password=$GOOD" --data-urlencode "confirm=${GOOD}x"
status 422 "confirmation differs"
has "differ" "says so"

# PASSWORD HASH: the three set to one sha512 hash, shown.
req a POST /associate --data-urlencode "csrf=$TOKEN" --data-urlencode mode=hash \
	--data-urlencode "password=$GOOD" --data-urlencode "confirm=$GOOD"
status 200 "associated"
printf '%s\n' "$OUT" | grep -q '<pre id="hash">\$6\$[^<]*</pre>' || fail "the sha512 hash shown"
for u in admin root t128; do
	IN="$GOOD\n" run "$PWPOL" login $u
	expect 0 "$u signs in with the associated password"
done
req a POST /associate --data-urlencode "csrf=$TOKEN" --data-urlencode mode=password \
	--data-urlencode "password=$GOOD" --data-urlencode "confirm=$GOOD"
status 409 "association only once"
req a GET /
status 303 "/ goes to sign-in once associated"
has "Location: /login" "to /login"

# Sign-in: unknown, wrong and locked get the same page.
IN='Temp#Pass123\n' run "$PWPOL" useradd bob
expect 0 "bob added (temporary)"
IN='Temp#Pass123\n' run "$PWPOL" useradd carol
req a GET /login
TOKEN=$(csrf)
page() { printf '%s\n' "$OUT" | sed -e '/^Date:/d' -e '/^Set-Cookie:/d' -e 's/value="[0-9a-f]*"/value=""/'; }
req a POST /login --data-urlencode "csrf=$TOKEN" --data-urlencode name=nobody \
	--data-urlencode 'password=Temp#Pass123'
status 401 "unknown account"
has "Sign-in failed" "refused"
UNKNOWN=$(page)
req a POST /login --data-urlencode "csrf=$TOKEN" --data-urlencode name=carol \
	--data-urlencode 'password=Wrong#Pass123'
WRONG=$(page)
[ "$UNKNOWN" = "$WRONG" ] || fail "unknown and wrong answer alike"
for _ in 1 2 3 4 5; do
	req a POST /login --data-urlencode "csrf=$TOKEN" --data-urlencode name=carol \
		--data-urlencode 'password=Wrong#Pass123'
done
run "$PWPOL" show carol
has "locked" "six failures lock carol"
req a POST /login --data-urlencode "csrf=$TOKEN" --data-urlencode name=carol \
	--data-urlencode 'password=Temp#Pass123'
LOCKED=$(page)
[ "$UNKNOWN" = "$LOCKED" ] || fail "locked answers like unknown, the right password too"

# A temporary password leads straight to the change page, with a new session.
OLD_SID=$(sed -n 's/.*pwpol_session\t//p' "$T/a")
req a POST /login --data-urlencode "csrf=$TOKEN" --data-urlencode name=bob \
	--data-urlencode 'password=Temp#Pass123'
status 303 "bob signed in"
has "Location: /change" "to the change page"
NEW_SID=$(sed -n 's/.*pwpol_session\t//p' "$T/a")
[ -n "$NEW_SID" ] && [ "$NEW_SID" != "$OLD_SID" ] || fail "a new session id at sign-in"
req a GET /
has "Location: /change" "nothing else before the change"
req a GET /change
status 200 "change page"
has "Cache-Control: no-store" "not cached"
has "temporary" "says why"
TOKEN=$(csrf)
req a POST /api/check -H "X-CSRF-Token: $TOKEN" --data-urlencode mode=change \
	--data-urlencode 'old=Temp#Pass123' --data-urlencode 'password=Temp#Pass124'
has '"rule":"minimum-character-changes"' "character changes against the old password"
# Reuse appears in the live list only once the current password is proved:
# else the list would tell anyone holding the session the password.
req a POST /api/check -H "X-CSRF-Token: $TOKEN" --data-urlencode mode=change \
	--data-urlencode 'password=Temp#Pass123'
hasnt '"rule":"minimum-reuse"' "no reuse answer before the proof"
req a POST /api/verify -H "X-CSRF-Token: $TOKEN" --data-urlencode 'old=Wrong#Pass1'
has '{"ok":false,"message":"The current password is wrong."' "a wrong current password"
run "$PWPOL" show bob
printf '%s\n' "$OUT" | grep -q '^bob  *temporary .* 1  *-  *unauthorized$' || fail "the wrong proof counted: $OUT"
req a POST /api/check -H "X-CSRF-Token: $TOKEN" --data-urlencode mode=change \
	--data-urlencode 'password=Temp#Pass123'
hasnt '"rule":"minimum-reuse"' "still none after a wrong proof"
req a POST /api/verify -H "X-CSRF-Token: $TOKEN" --data-urlencode 'old=Temp#Pass123'
has '{"ok":true,"message":"The current password is right."' "the current password proved"
req a POST /api/check -H "X-CSRF-Token: $TOKEN" --data-urlencode mode=change \
	--data-urlencode 'password=Temp#Pass123'
has '"rule":"minimum-reuse"' "reuse in the live list once proved"
req a POST /api/verify --data-urlencode 'old=Temp#Pass123'
status 403 "the proof needs the CSRF token too"
req a POST /change --data-urlencode "csrf=$TOKEN" --data-urlencode 'old=Wrong#Pass1' \
	--data-urlencode 'password=Nw8$kLp2Qz' --data-urlencode 'confirm=Nw8$kLp2Qz'
status 422 "wrong current password"
has "current password is wrong" "says so"
req a POST /change --data-urlencode "csrf=$TOKEN" --data-urlencode 'old=Temp#Pass123' \
	--data-urlencode 'password=Nw8$kLp2Qz' --data-urlencode 'confirm=Nw8$kLp2Qz'
status 200 "changed"
IN='Nw8$kLp2Qz\n' run "$PWPOL" login bob
expect 0 "bob signs in with the new password"
req a GET /
status 200 "home after the change"
has '<b id="account">bob</b>' "signed in as bob"
req a POST /logout --data-urlencode "csrf=$TOKEN"
status 303 "signed out"
req a GET /change
has "Location: /login" "the old session is gone"

# No password in any output of the server or its log; every action logged
# with the browser's address.
web_stop
for pw in "$GOOD" 'Temp#Pass123' 'Wrong#Pass123' 'Nw8$kLp2Qz' 'Admin1!'; do
	! grep -qF -- "$pw" "$T/web.out" "$T/web.err" || fail "a password in the server's output"
	[ ! -e "$T/syslog" ] || ! grep -qF -- "$pw" "$T/syslog" || fail "a password in the log"
done
if [ -n "${SYSLOG_SHIM:-}" ]; then
	OUT=$(cat "$T/syslog") ERR=
	has "accounts admin, root and t128 initialised; service=pwpol-web rhost=127.0.0.1" \
		"association logged with its origin"
	has "login failure: unknown user; service=pwpol-web rhost=127.0.0.1" "unknown account"
	has "account carol locked for 1800 seconds after 6 failed logins; service=pwpol-web rhost=127.0.0.1" "lockout"
	has "login refused for carol: account locked; service=pwpol-web" "locked sign-in"
	has "password of bob changed; service=pwpol-web rhost=127.0.0.1" "the change"
fi

# A machine as shipped (factory-default accounts): association again, and
# the factory default itself refused.
export PWPOL_DB=$T/factory.db
IN='Factory#Pass1\n' run "$PWPOL" init --factory-default
expect 0 "factory-default accounts"
web_start
req f GET /
status 200 "association over the factory default"
has "Conductor Association" "title"
TOKEN=$(csrf)
req g GET /login
req g POST /login --data-urlencode "csrf=$(csrf)" --data-urlencode name=admin \
	--data-urlencode 'password=Factory#Pass1'
has "Location: /change" "the factory default signs in only into a change"
req g GET /change
has "factory-default password" "the change page says why"
req f POST /associate --data-urlencode "csrf=$TOKEN" --data-urlencode mode=password \
	--data-urlencode 'password=Factory#Pass1' --data-urlencode 'confirm=Factory#Pass1'
status 422 "the factory default is no new password"
has '<span class="rule">factory-default</span>' "says so"
req f POST /associate --data-urlencode "csrf=$TOKEN" --data-urlencode mode=password \
	--data-urlencode "password=$GOOD" --data-urlencode "confirm=$GOOD"
status 200 "associated over the factory default"
IN="$GOOD\n" run "$PWPOL" login root
expect 0 "root has its owner's password, no change required"
req f GET /
has "Location: /login" "association is over"

# An expired password (past maximum-lifetime, 60 days) leads to the change.
web_stop
PWPOL_NOW=$(($(date +%s) + 61 * 86400))
: >"$T/web.out"
LD_PRELOAD=${SYSLOG_SHIM:-} "$PWPOL" --now "$PWPOL_NOW" web --listen 127.0.0.1:0 \
	>"$T/web.out" 2>"$T/web.err" &
WEB_PID=$!
web_wait
req h GET /login
req h POST /login --data-urlencode "csrf=$(csrf)" --data-urlencode name=root \
	--data-urlencode "password=$GOOD"
has "Location: /change" "an expired password signs in only into a change"
req h GET /change
has "expired" "the change page says why"
web_stop

# The idle timeout: a session unused for longer is gone.
web_start --idle-timeout 1
req b GET /login
TOKEN=$(csrf)
sleep 2.2
req b POST /login --data-urlencode "csrf=$TOKEN" --data-urlencode name=bob \
	--data-urlencode 'password=Nw8$kLp2Qz'
status 403 "a form from an idle-expired session"
web_stop

# TLS: the cookie is Secure; then any address may be listened on.
if command -v openssl >/dev/null; then
	openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=localhost -days 2 \
		-keyout "$T/key.pem" -out "$T/cert.pem" 2>/dev/null
	chmod 600 "$T/key.pem"
	web_start --tls-cert "$T/cert.pem" --tls-key "$T/key.pem"
	case "$WEB_URL" in https://*) ;; *) fail "TLS URL: $WEB_URL" ;; esac
	req c GET /login
	status 200 "sign-in page over TLS"
	has "Set-Cookie: __Host-pwpol_session=" "a __Host- cookie under TLS"
	has "HttpOnly; SameSite=Strict; Secure" "Secure cookie under TLS"
	TOKEN=$(csrf)
	req c POST /login --data-urlencode "csrf=$TOKEN" --data-urlencode name=root \
		--data-urlencode "password=$GOOD"
	status 303 "sign-in over TLS, the session found by its cookie"
	has "Strict-Transport-Security" "HSTS under TLS"
	web_stop
else
	echo "skipped: TLS part (no openssl)"
fi

done_testing
