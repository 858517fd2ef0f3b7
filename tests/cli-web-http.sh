# SPDX-License-Identifier: BSD-3-Clause
# cli-web-http.sh - `pwpol web` at the HTTP level, as curl sees it: where it
# may listen, the security headers and cookie, the CSRF refusal, the size
# limit, association (weak refused with nothing set, then good), the one
# answer for unknown, wrong and locked, the forced change with its live list
# (reuse only once the current password is proved), association over
# factory-default accounts, the idle timeout,
# TLS with a Secure cookie, its versions and suites, the key file's trust,
# and no password in any output of the server. Who may associate: only
# with the token printed at start; a foreign Host (DNS rebinding) gets 421.
# Then the accounts and policy pages: their headers, the CSRF refusal of each
# form, operator and read-only accounts refused by the library (a forged
# request: 403 and nothing changed), a class holding `admin` alone that views
# but cannot change, every account action, and check, compare, commit and
# rollback of a configuration, with its size limit; commit confirmed and
# its Confirm, and the restore at the first request after the deadline; a
# password reset during a session, which sends every page to the change.
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

run "$PWPOL" web --listen 0.0.0.0:8443 --tls-cert /dev/null --tls-key /dev/null
expect 2 "the any address without a --server-name"
has "takes --server-name NAME" "says why"
run "$PWPOL" web --server-name 'host:8443'
expect 2 "a --server-name with a port"

web_start
GOOD='Kx7#mWq2vL'
[ ${#WEB_TOKEN} -eq 64 ] || fail "a 256-bit association token printed at start: '$WEB_TOKEN'"

# Who may associate: not anyone who reaches the page (any local user can),
# only whoever started the server and read the token it printed.
req x GET /
status 200 "association page without the token"
has 'id="token-needed"' "asks for the token"
hasnt 'id="associate-form"' "no association form without the token"
req x GET /login
XT=$(csrf)
req x POST /associate --data-urlencode "csrf=$XT" --data-urlencode mode=password \
	--data-urlencode "password=$GOOD" --data-urlencode "confirm=$GOOD"
status 403 "a local user's association without the token"
has "has not shown the association token" "says why"
req x GET "/?token=$(printf '%s' "$WEB_TOKEN" | tr 0-9a-f 1-9a-f0)"
status 403 "a wrong token"
req x GET "/?token=${WEB_TOKEN%?}"
status 403 "a token one digit short"
req x POST /associate --data-urlencode "csrf=$XT" --data-urlencode mode=password \
	--data-urlencode "password=$GOOD" --data-urlencode "confirm=$GOOD"
status 403 "still refused after wrong tokens"
IN="$GOOD\n" run "$PWPOL" login root
expect 1 "root's password not set by the local user"
# DNS rebinding: a page of another site, its name now pointing here, sends
# its own Host: nothing for it, not even a session; the names served are.
for h in attacker.example attacker.example:${WEB_URL##*:} 127.0.0.1.attacker.example 0.0.0.0 \
	'localhost:80x' '[::2]' ''; do
	req r GET "/?token=$WEB_TOKEN" -H "Host: $h"
	status 421 "Host '$h'"
	hasnt "Set-Cookie" "Host '$h': no session"
	hasnt "Association" "Host '$h': no page"
done
req r POST /associate -H "Host: attacker.example" --data-urlencode "csrf=$XT" \
	--data-urlencode mode=password --data-urlencode "password=$GOOD" \
	--data-urlencode "confirm=$GOOD"
status 421 "a rebinding POST"
for h in localhost "localhost:${WEB_URL##*:}" 127.0.0.1 '[::1]:1' LOCALHOST; do
	req r GET /login -H "Host: $h"
	status 200 "Host '$h' served on loopback"
done
OUT=$(curl -sS -i -0 -H 'Host:' "$WEB_URL/login")
printf '%s\n' "$OUT" | head -1 | grep -q ' 421 ' || fail "HTTP/1.0 without a Host refused"

# The first page, with the token: association, with every header.
req a GET "/?token=$WEB_TOKEN"
status 303 "the token is taken"
has "Location: /" "and the address bar loses it"
has "HttpOnly; SameSite=Strict" "cookie flags"
hasnt "Secure" "no Secure flag over plain HTTP"
printf '%s\n' "$OUT" | grep -q 'pwpol_session=[0-9a-f]\{64\};' || fail "a 256-bit session id"
req a GET /
status 200 "association page"
has "Conductor Association" "title"
has 'id="associate-form"' "the form, once the token was shown"
has "> PASSWORD</label>" "PASSWORD choice"
has "> PASSWORD HASH</label>" "PASSWORD HASH choice"
has ">ASSOCIATE</button>" "ASSOCIATE button"
has "Content-Security-Policy: default-src 'none'; script-src 'self';" "CSP"
hasnt "unsafe-inline" "no inline script allowed"
hasnt "<script>" "no inline script in the page"
has "X-Frame-Options: DENY" "frames refused"
has "Referrer-Policy: no-referrer" "no referrer"
has "Cache-Control: no-store" "not cached"
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
req x GET "/?token=$WEB_TOKEN"
status 403 "the token is spent once association is done"
req a GET /
status 303 "/ goes to sign-in once associated"
has "Location: /login" "to /login"

# Sign-in: unknown, wrong and locked get the same page.
IN='Temp#Pass123\n' run "$PWPOL" useradd bob
expect 0 "bob added (temporary)"
IN='Temp#Pass123\n' run "$PWPOL" useradd carol
req a GET /login
TOKEN=$(csrf)
# The page with what differs by request alone left out: the date, the
# cookie, the CSRF token, and the account name typed (kept in its field,
# so the length differs by as much as the names do).
page() {
	printf '%s\n' "$OUT" | sed -e '/^Date:/d' -e '/^Set-Cookie:/d' -e '/^Content-Length:/d' \
		-e 's/value="[0-9a-f]*"/value=""/' \
		-e 's/\(id="name" name="name" autocomplete="username" required value="\)[^"]*"/\1"/'
}
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
has 'id="token-needed"' "the factory default: association asks for the token too"
req f GET "/?token=$WEB_TOKEN"
req f GET /
status 200 "association over the factory default"
has "Conductor Association" "title"
has '<p class="root-note" id="root-note">Do not use root for daily work: write its password down and keep it safe, away from this machine; it is how the admin account is recovered.</p>' \
	"the association screen says what root is for"
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

# --token-file: the token written for its owner alone (a service's output
# may go to a journal others read), not printed.
web_stop
FACTORY_DB=$PWPOL_DB
export PWPOL_DB=$T/tokenfile.db
printf 'old\n' >"$T/token"
chmod 644 "$T/token"
web_start --token-file "$T/token"
has_file() { OUT=$(cat "$1") ERR=; }
has_file "$T/web.out"
has "association (while it is offered): http://127.0.0.1:${WEB_URL##*:}/ with the token in $T/token" \
	"says where the token is"
hasnt "$WEB_TOKEN" "the token not printed"
[ "$(stat -c %a "$T/token")" = 600 ] || fail "the token file made 0600: $(stat -c %a "$T/token")"
[ ${#WEB_TOKEN} -eq 64 ] || fail "the token in the file: '$WEB_TOKEN'"
req t GET "/?token=$WEB_TOKEN"
status 303 "the token from the file taken"
req t GET /
has 'id="associate-form"' "association with the token from the file"
web_stop
ln -s "$T/elsewhere" "$T/token-link"
run "$PWPOL" web --listen 127.0.0.1:0 --token-file "$T/token-link"
expect 2 "a symbolic link as --token-file"
[ ! -e "$T/elsewhere" ] || fail "the link not followed"
if [ "$(id -u)" = 0 ]; then
	chown nobody "$T/token"
	run "$PWPOL" web --listen 127.0.0.1:0 --token-file "$T/token"
	expect 2 "a token file of another user"
	has "owned by uid" "says why"
fi
export PWPOL_DB=$FACTORY_DB
web_start
# The factory default is left on no system account: admin's change on the
# web sets root and t128 too, and the page says so.
web_stop
export PWPOL_DB=$T/factory2.db
IN='Factory#Pass1\n' run "$PWPOL" init --factory-default
web_start
req fa GET /login
req fa POST /login --data-urlencode "csrf=$(csrf)" --data-urlencode name=admin \
	--data-urlencode 'password=Factory#Pass1'
req fa GET /change
req fa POST /change --data-urlencode "csrf=$(csrf)" --data-urlencode 'old=Factory#Pass1' \
	--data-urlencode "password=$GOOD" --data-urlencode "confirm=$GOOD"
status 200 "admin's change over the factory default"
has "root, t128 still held the factory default: set to the same new password" \
	"the page says root and t128 were set with it"
IN='Factory#Pass1\n' run "$PWPOL" login root
expect 1 "root: the factory default no longer signs in"
IN="$GOOD\n" run "$PWPOL" login t128
expect 0 "t128 has the new password"
req fb GET /
has "Location: /login" "no system account on the factory default: association is over"

# Association stays offered while one is left on the factory default (an
# administrator's reset of admin left root and t128 on it), and sets only
# those.
web_stop
export PWPOL_DB=$T/factory3.db
IN='Factory#Pass1\n' run "$PWPOL" init --factory-default
IN='Temp#Pass123\n' run "$PWPOL" passwd --reset admin
expect 0 "admin reset while on the factory default"
web_start
req fc GET "/?token=$WEB_TOKEN"
req fc GET /
status 200 "association offered: root and t128 still hold the factory default"
has "Conductor Association" "the association page"
req fc POST /associate --data-urlencode "csrf=$(csrf)" --data-urlencode mode=password \
	--data-urlencode "password=$GOOD" --data-urlencode "confirm=$GOOD"
status 200 "associated"
has "admin kept its own password: only the system accounts still on the factory default were set (root, t128)" \
	"says which were set"
IN='Temp#Pass123\n' run "$PWPOL" login admin
expect 4 "admin keeps its temporary password"
IN="$GOOD\n" run "$PWPOL" login root
expect 0 "root set by the association"
req fd GET /
has "Location: /login" "association is over"
export PWPOL_DB=$T/factory.db

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
	# TLS 1.2 and 1.3 with forward-secret AEAD suites only: an old or weak
	# client gets no session (the client's own floor lowered to offer them).
	PORT=${WEB_URL##*:}
	tls() { openssl s_client -connect "127.0.0.1:$PORT" "$@" </dev/null 2>&1 | grep '^New, ' || true; }
	OUT=$(tls -tls1_1 -cipher 'DEFAULT:@SECLEVEL=0') ERR=
	has "New, (NONE), Cipher is (NONE)" "TLS 1.1 refused"
	OUT=$(tls -tls1 -cipher 'DEFAULT:@SECLEVEL=0') ERR=
	has "New, (NONE), Cipher is (NONE)" "TLS 1.0 refused"
	OUT=$(tls -tls1_2) ERR=
	has "New, TLSv1.2, Cipher is ECDHE-" "TLS 1.2 with ECDHE accepted"
	OUT=$(tls -tls1_3) ERR=
	has "New, TLSv1.3, Cipher is TLS_" "TLS 1.3 accepted"
	for c in AES128-GCM-SHA256 AES256-SHA256 ECDHE-RSA-AES128-SHA 'ECDHE-RSA-AES128-SHA256' \
		DHE-RSA-AES128-SHA; do
		OUT=$(tls -tls1_2 -cipher "$c:@SECLEVEL=0") ERR=
		has "New, (NONE), Cipher is (NONE)" "$c (no forward secrecy or no AEAD) refused"
	done
	web_stop
	# The key file is trusted as sshd trusts a host key: a mode that lets
	# group or others read it, or another owner, is refused at start.
	chmod 640 "$T/key.pem"
	run "$PWPOL" web --listen 127.0.0.1:0 --tls-cert "$T/cert.pem" --tls-key "$T/key.pem"
	expect 2 "a key file readable by its group"
	has "pwpol: web: --tls-key $T/key.pem: its mode 0640 lets group or others at the private key (chmod 600 it)" "says why"
	chmod 604 "$T/key.pem"
	run "$PWPOL" web --listen 127.0.0.1:0 --tls-cert "$T/cert.pem" --tls-key "$T/key.pem"
	expect 2 "a key file readable by others"
	chmod 600 "$T/key.pem"
	if [ "$(id -u)" = 0 ]; then
		chown nobody "$T/key.pem"
		run "$PWPOL" web --listen 127.0.0.1:0 --tls-cert "$T/cert.pem" --tls-key "$T/key.pem"
		expect 2 "a key file of another user"
		has "neither this user nor root" "says why"
		chown 0 "$T/key.pem"
	fi
	# A FIFO named as either file: refused at once, not waited on.
	mkfifo -m 600 "$T/fifo"
	for opt in "--tls-cert $T/fifo --tls-key $T/key.pem" "--tls-cert $T/cert.pem --tls-key $T/fifo"; do
		# shellcheck disable=SC2086
		run timeout 10 "$PWPOL" web --listen 127.0.0.1:0 $opt
		expect 2 "a FIFO ($opt)"
		has ": not a regular file" "says why"
	done
else
	echo "skipped: TLS part (no openssl)"
fi

# ---- The accounts and policy pages: who may do what is the library's ----
# A configuration that defines a class holding `admin` alone.
export PWPOL_DB=$T/admin.db
cat >"$T/admin.conf" <<'CONF'
system { login { class auditor { permissions admin; } } }
CONF
chmod 600 "$T/admin.conf"
export PWPOL_CONFIG=$T/admin.conf
IN="$GOOD\n" run "$PWPOL" init
expect 0 "init for the administration pages"
NEW='N3w!Secret99'
for u in op:operator aud:auditor ro:read-only; do
	IN='Temp#Pass123\n' run "$PWPOL" useradd --class "${u#*:}" "${u%:*}"
	expect 0 "${u%:*} added"
	IN="Temp#Pass123\n$NEW\n" run "$PWPOL" passwd "${u%:*}"
	expect 0 "${u%:*} changes its temporary password"
done
IN='Temp#Pass123\n' run "$PWPOL" useradd victim
IN='Temp#Pass123\n' run "$PWPOL" useradd stale
web_start

# signin JAR NAME PASSWORD: a session signed in as NAME; $TOKEN its CSRF token.
signin() {
	req "$1" GET /login
	req "$1" POST /login --data-urlencode "csrf=$(csrf)" --data-urlencode "name=$2" \
		--data-urlencode "password=$3"
	status 303 "$2 signs in"
	req "$1" GET /
	TOKEN=$(csrf)
}
# shows NAME PATTERN DESCRIPTION: `pwpol show NAME`'s row matches PATTERN.
shows() {
	run "$PWPOL" show "$1"
	printf '%s\n' "$OUT" | grep -q "$2" || fail "$3: $(printf '%s\n' "$OUT" | tail -1)"
}
HISTORY0=$("$PWPOL" config history 2>&1)

# The super-user: both pages, with their headers and a link to each.
signin su admin "$GOOD"
has '<a href="accounts" id="nav-accounts">Accounts</a>' "a link to the accounts page"
has '<a href="policy" id="nav-policy">Policy</a>' "a link to the policy page"
SU=$TOKEN
for page in /accounts /policy; do
	req su GET $page
	status 200 "$page for a super-user"
	has "Cache-Control: no-store" "$page: account data not cached"
	has "Content-Security-Policy: default-src 'none'; script-src 'self';" "$page: CSP"
	has "X-Frame-Options: DENY" "$page: no frames"
	hasnt "<script>" "$page: no inline script"
done
req su GET /accounts
has '<tr id="row-aud"><td class="name">aud</td><td class="class" data-label="Class">auditor</td><td class="state" data-label="State">ok</td>' "aud's row"
has '<td class="temporary" data-label="Temporary">yes</td>' "victim's temporary password"
has 'id="add-form"' "the add form"
has 'id="delete-victim" data-confirm="Delete the account victim? It cannot be undone."' \
	"a delete button that asks first (app.js)"
has 'id="disable-victim" data-confirm="Disable the account victim? Its sign-in is refused until it is enabled again."' \
	"a disable button that asks first, as Delete does"
has '<datalist id="classes"><option value="super-user">' "the predefined classes offered"
has '<option value="auditor"></datalist>' "and the configuration's own"

# CSRF: every new form refuses a request without the session's token.
for form in "/accounts action=delete&name=victim" "/accounts action=add&name=x&password=$GOOD&confirm=$GOOD" \
	"/policy action=commit&text=x" "/policy action=rollback&n=1"; do
	req su POST "${form%% *}" --data "${form#* }"
	status 403 "${form%% *} ${form#* } without a CSRF token"
	has "the form is stale" "says why"
	req su POST "${form%% *}" --data "${form#* }&csrf=$OTHER"
	status 403 "${form%% *} with another token"
done
shows victim '^victim ' "victim is still there after the refused requests"

# An operator and a read-only account: no link, a 403 with the library's
# sentence, and a forged request refused by the library, nothing changed.
for who in op:operator ro:read-only; do
	u=${who%:*} cls=${who#*:}
	signin $u $u "$NEW"
	hasnt 'nav-accounts' "$u: no link to the accounts page"
	req $u GET /accounts
	status 403 "$u: the accounts page"
	has "not permitted: $u is of class $cls, which lacks the admin permission" "$u: the library's sentence"
	hasnt '<table id="accounts"' "$u: no account shown"
	req $u GET /policy
	status 403 "$u: the policy page"
	req $u POST /accounts --data-urlencode "csrf=$TOKEN" --data-urlencode action=delete \
		--data-urlencode name=victim
	status 403 "$u: a forged delete"
	has "not permitted: $u is of class $cls" "$u: refused by the library"
	req $u POST /accounts --data-urlencode "csrf=$TOKEN" --data-urlencode action=reset \
		--data-urlencode name=admin --data-urlencode "password=Pq4%zRt8Ym" \
		--data-urlencode "confirm=Pq4%zRt8Ym"
	status 403 "$u: a forged reset of admin"
	req $u POST /policy --data-urlencode "csrf=$TOKEN" --data-urlencode action=commit \
		--data-urlencode 'text=system { login { password { minimum-length 10; } } }'
	status 403 "$u: a forged commit"
done
shows victim '^victim  *temporary' "victim not deleted by the forged requests"
IN="$GOOD\n" run "$PWPOL" login admin
expect 0 "admin's password not reset by a forged request"
[ "$("$PWPOL" config history 2>&1)" = "$HISTORY0" ] || fail "no commit by a forged request"

# A class holding `admin` alone (defined in the configuration): it views,
# and the library refuses its changes.
signin aud aud "$NEW"
has 'nav-accounts' "aud: a link to the accounts page"
req aud GET /accounts
status 200 "aud views the accounts"
has '<td class="name">victim</td>' "aud sees victim"
hasnt 'id="add-form"' "aud: no add form"
hasnt 'id="delete-victim"' "aud: no action buttons"
has 'id="view-only"' "aud: says the page is for viewing"
req aud POST /accounts --data-urlencode "csrf=$TOKEN" --data-urlencode action=disable \
	--data-urlencode name=victim
status 403 "aud: a forged disable"
has "not permitted: aud is of class auditor, which lacks the admin-control permission" "aud: the library's sentence"
shows victim '^victim  *temporary' "victim not disabled"
req aud GET /policy
status 200 "aud views the policy"
has "the file $T/admin.conf is in force" "says which configuration is in force"
has 'class auditor' "the active text"
hasnt '<textarea' "aud: no editor"
req aud POST /policy --data-urlencode "csrf=$TOKEN" --data-urlencode action=commit \
	--data-urlencode 'text=system { login { class auditor { permissions admin; } } }'
status 403 "aud: a forged commit"
has "lacks the admin-control permission" "aud: why"
req aud POST /policy --data-urlencode "csrf=$TOKEN" --data-urlencode action=rollback \
	--data-urlencode n=0
status 403 "aud: a forged rollback"
[ "$("$PWPOL" config history 2>&1)" = "$HISTORY0" ] || fail "no commit by the auditor"

# The super-user's account actions, each a POST answered on the page.
act() { req su POST /accounts --data-urlencode "csrf=$SU" "$@"; }
# Generate, beside every temporary password: one the policy takes for the
# name, which the add then takes.
req su GET /accounts
has 'id="add-generate">Generate</button>' "a Generate button in the add form"
has 'id="reset-generate">Generate</button>' "and in the reset form"
req su POST /api/generate -H "X-CSRF-Token: $SU" --data-urlencode name=erin
GEN=$(printf '%s\n' "$OUT" | sed -n 's/^{"ok":true,"password":"\([^"]*\)","bits":91}$/\1/p')
[ -n "$GEN" ] || fail "a generated password of 91 bits"
IN="$GEN\n" run "$PWPOL" check --user erin
expect 0 "the generated password meets the policy"
req su POST /api/generate --data-urlencode name=erin
status 403 "generate needs the CSRF token"
act --data-urlencode action=add --data-urlencode name=erin \
	--data-urlencode "password=$GEN" --data-urlencode "confirm=$GEN"
status 200 "erin added with the generated password"
act --data-urlencode action=add --data-urlencode name=dave --data-urlencode class=operator \
	--data-urlencode 'password=Admin1!' --data-urlencode 'confirm=Admin1!'
status 422 "a weak temporary password"
has '<span class="rule">minimum-length</span>' "with the rule it breaks"
run "$PWPOL" show dave
expect 2 "dave not added"
act --data-urlencode action=add --data-urlencode name=dave --data-urlencode class=nonesuch \
	--data-urlencode 'password=Temp#Pass123' --data-urlencode 'confirm=Temp#Pass123'
status 422 "an unknown class"
has "class nonesuch: no such class" "the library's sentence"
run "$PWPOL" show dave
expect 2 "dave not added with a class that does not exist"
act --data-urlencode action=add --data-urlencode name=dave --data-urlencode class=operator \
	--data-urlencode 'password=Temp#Pass123' --data-urlencode 'confirm=Temp#Pass123'
status 200 "dave added"
has '<p class="ok" id="ok">Account dave added with a temporary password' "says so"
shows dave '^dave  *temporary .* operator$' "dave: temporary, operator"
act --data-urlencode action=add --data-urlencode name=dave \
	--data-urlencode 'password=Temp#Pass123' --data-urlencode 'confirm=Temp#Pass123'
status 409 "dave exists"
for _ in 1 2 3 4 5 6; do
	IN='Wrong#Pass123\n' run "$PWPOL" login dave
done
shows dave '^dave  *locked' "dave locked"
act --data-urlencode action=unlock --data-urlencode name=dave
status 200 "unlock"
has "Account dave unlocked." "says so"
shows dave '^dave  *temporary .* 0  *-  *operator$' "dave unlocked"
act --data-urlencode action=reset --data-urlencode name=op \
	--data-urlencode 'password=Tmp#Reset456' --data-urlencode 'confirm=Tmp#Reset456'
status 200 "reset"
has "The password of op is reset to a temporary one" "says so"
shows op '^op  *temporary' "op's password temporary"
act --data-urlencode action=disable --data-urlencode name=dave
status 200 "disable"
has 'id="enable-dave"' "an Enable button now"
shows dave 'disabled' "dave disabled"
act --data-urlencode action=enable --data-urlencode name=dave
status 200 "enable"
run "$PWPOL" show dave
hasnt "disabled" "dave enabled"
act --data-urlencode action=class --data-urlencode name=dave --data-urlencode class=auditor
status 200 "class change"
shows dave 'auditor$' "dave is an auditor"
act --data-urlencode action=class --data-urlencode name=dave --data-urlencode class=nonesuch
status 422 "a class that does not exist"
has "class nonesuch: no such class" "the library's sentence"
act --data-urlencode action=delete --data-urlencode name=admin
status 422 "a system account"
has "admin is a system account (admin, root, t128): it cannot be deleted" "the library refuses"
shows admin '^admin ' "admin is still there"
act --data-urlencode action=delete --data-urlencode name=dave
status 200 "delete"
has "Account dave deleted." "says so"
run "$PWPOL" show dave
expect 2 "dave deleted"
act --data-urlencode action=delete --data-urlencode name=nobody
status 404 "an unknown account"
# The last enabled account that holds admin-control is kept: root and t128
# disabled, admin (signed in) can disable no more.
act --data-urlencode action=disable --data-urlencode name=root
status 200 "root disabled"
act --data-urlencode action=disable --data-urlencode name=t128
status 200 "t128 disabled"
act --data-urlencode action=disable --data-urlencode name=admin
status 422 "the last one is kept"
has "admin is the last enabled account that holds admin-control: disabling it would leave no account" \
	"the library's sentence"
act --data-urlencode action=class --data-urlencode name=admin --data-urlencode class=operator
status 422 "nor demoted"
shows admin 'super-user$' "admin still a super-user"
for u in root t128; do
	act --data-urlencode action=enable --data-urlencode name=$u
	status 200 "$u enabled again"
done
# The temporary password's live list, for the name typed.
req su POST /api/check -H "X-CSRF-Token: $SU" --data-urlencode mode=account \
	--data-urlencode name=erin --data-urlencode 'password=erin#Pass12'
has '{"accounts":[{"name":"erin","violations":[{"rule":"username-check"' "the name typed is checked"

# A session whose password must be changed sees neither page.
signin st stale 'Temp#Pass123'
req st GET /accounts
status 303 "a temporary password: the accounts page waits"
has "Location: /change" "to the change page"
# ... nor does one whose password was reset since it signed in: the
# library holds its permissions back until the change, and says so.
req aud GET /accounts
status 200 "aud still views the accounts"
act --data-urlencode action=reset --data-urlencode name=aud \
	--data-urlencode 'password=Tmp#Reset789' --data-urlencode 'confirm=Tmp#Reset789'
status 200 "aud's password reset"
req aud GET /policy
status 303 "a password reset during the session: the policy page waits"
has "Location: /change" "to the change page"
for page in / /accounts /nonesuch; do
	req aud GET $page
	has "Location: /change" "$page waits for the change too"
done
req aud GET /change
status 200 "the change page"
has '<p class="reason" id="reason">You must change your temporary password now.</p>' \
	"with the library's reason"
AUD=$(csrf)
req aud POST /accounts --data-urlencode "csrf=$AUD" --data-urlencode action=delete \
	--data-urlencode name=victim
has "Location: /change" "a form too"
req aud POST /api/check -H "X-CSRF-Token: $AUD" --data-urlencode mode=change \
	--data-urlencode 'password=Vq#Chg2468xk'
has '"ok":true' "the live list answers meanwhile"
req aud POST /change --data-urlencode "csrf=$AUD" --data-urlencode 'old=Tmp#Reset789' \
	--data-urlencode 'password=Vq#Chg2468xk' --data-urlencode 'confirm=Vq#Chg2468xk'
status 200 "aud changes the reset password"
req aud GET /policy
status 200 "after the change the page asked for is served"
has 'class auditor' "the policy shown"

# The policy: check (an error by its line), compare, commit, history, rollback.
req su GET /policy
status 200 "the policy page"
has '<textarea id="text" name="text"' "an editor"
has "the file $T/admin.conf is in force" "the file in force"
BAD='system { login {
    class auditor { permissions admin; }
    password { minimum-length 3; }
} }'
GOODCONF='system { login {
    class auditor { permissions admin; }
    password { minimum-length 12; }
} }'
pol() { req su POST /policy --data-urlencode "csrf=$SU" "$@"; }
pol --data-urlencode action=check --data-urlencode "text=$BAD"
status 200 "check"
has "fails the commit check" "says so"
printf '%s\n' "$OUT" | grep -q '<ul class="errors" id="config-errors" aria-label="Errors of the check"><li data-line="3">edit:3: [^<]*minimum-length' || fail "the error with its line"
pol --data-urlencode action=commit --data-urlencode "text=$BAD"
status 422 "a commit that fails its check"
[ "$("$PWPOL" config history 2>&1)" = "$HISTORY0" ] || fail "nothing committed"
pol --data-urlencode action=check --data-urlencode "text=$GOODCONF"
has "passes the commit check" "a good text passes"
# Issue 22: a slip is an error naming the word; a router's other blocks
# are named as passed over.
pol --data-urlencode action=check --data-urlencode 'text=sytem { login { password { minimum-length 12; } } }'
has "fails the commit check" "a slip fails"
has "unknown statement &#39;sytem&#39;: did you mean &#39;system&#39;?" "the word it knows"
pol --data-urlencode action=check --data-urlencode "text=interfaces { ge-0/0/0; }
$GOODCONF"
has "passes the commit check" "a router configuration passes"
has '<li class="warning">edit: passed over, not read by pwpol: interfaces</li>' "the block not read named"
pol --data-urlencode action=compare --data-urlencode "text=$GOODCONF"
status 200 "compare"
has '[edit system login password]' "the compare header"
has '+    minimum-length 12;' "the new value"
pol --data-urlencode action=commit --data-urlencode "text=$GOODCONF" \
	--data-urlencode 'comment=longer passwords'
status 200 "commit"
has "Committed as commit 1." "says so"
has "The store&#39;s active configuration: commit 1, by admin" "the store's configuration now in force"
has '<td class="author">admin</td><td class="comment">longer passwords</td>' "the history"
run "$PWPOL" config history
has "admin" "the commit's author is the signed-in account"
# Issue 22: the file the store's commit overrides is named on the page.
req su GET /policy
has "The file $PWPOL_CONFIG is overridden: not read." "the overridden file named"
# The new policy is in force at the next request.
req su POST /api/check -H "X-CSRF-Token: $SU" --data-urlencode mode=account \
	--data-urlencode name=erin --data-urlencode "password=$GOOD"
has '"rule":"minimum-length","message":"must be at least 12 characters' "the committed policy in force"
pol --data-urlencode action=rollback --data-urlencode n=2
status 422 "rollback 2 of one commit"
pol --data-urlencode action=commit --data-urlencode \
	'text=system { login { class auditor { permissions admin; } password { minimum-length 14; } } }'
status 200 "a second commit"
pol --data-urlencode action=rollback --data-urlencode n=1 --data-urlencode 'comment=back'
status 200 "rollback"
has "Rolled back to rollback 1: it is in force as commit 3." "says so"
has "minimum-length 12;" "the active text is the first commit's"
# Commit confirmed (Junos `commit confirmed N`): the page says until when
# and offers Confirm; the library decides who may.
CONF15='system { login { class auditor { permissions admin; } password { minimum-length 15; } } }'
pol --data-urlencode action=commit --data-urlencode "text=$CONF15" --data-urlencode minutes=70000
status 422 "commit confirmed beyond its range"
has "confirmed: 70000 minutes is out of range (1..65535)" "the library's sentence"
pol --data-urlencode action=commit --data-urlencode "text=$CONF15" --data-urlencode minutes=abc
status 422 "minutes that are no number"
pol --data-urlencode action=commit --data-urlencode "text=$CONF15" --data-urlencode minutes=10
status 200 "commit confirmed 10"
printf '%s\n' "$OUT" | grep -q '<p class="ok" id="ok">Committed as commit 4, to be confirmed by [0-9-]* [0-9:]* UTC.</p>' ||
	fail "says until when"
has '<p class="reason" id="awaiting">Commit 4 awaits confirmation: unless it is confirmed by ' "the page says it awaits"
has 'id="confirm-commit">Confirm</button>' "a Confirm button"
has 'id="minutes" name="minutes"' "the minutes field beside Commit"
run "$PWPOL" config history
has "confirm by" "the store holds its deadline"
req aud GET /policy
status 200 "aud views the policy"
has 'id="awaiting"' "aud is told it awaits confirmation"
hasnt 'id="confirm-commit"' "aud: no Confirm button"
req aud POST /policy --data-urlencode "csrf=$AUD" --data-urlencode action=confirm
status 403 "aud: a forged confirm"
has "lacks the admin-control permission" "refused by the library"
pol --data-urlencode action=confirm
status 200 "confirm"
has '<p class="ok" id="ok">Commit 4 confirmed: it stays in force.</p>' "says so"
hasnt 'id="awaiting"' "nothing awaits any more"
pol --data-urlencode action=confirm
status 409 "nothing to confirm"
has "no commit awaits confirmation" "says so"
# A commit confirmed not confirmed: restored at the first request after
# its deadline (the server started again two minutes on).
CONF16='system { login { class auditor { permissions admin; } password { minimum-length 16; } } }'
pol --data-urlencode action=commit --data-urlencode "text=$CONF16" --data-urlencode minutes=1
status 200 "commit confirmed 1"
has "Commit 5 awaits confirmation" "commit 5 awaits"
# The size limit: a configuration text over 64 KiB.
head -c 70000 /dev/zero | tr '\0' '#' >"$T/big.form"
pol --data action=check --data-urlencode "text@$T/big.form"
status 413 "a configuration over 64 KiB"
{ printf 'action=check&text='; head -c 300000 /dev/zero | tr '\0' a; } >"$T/huge.form"
req su POST /policy -H "X-CSRF-Token: $SU" --data "@$T/huge.form"
status 413 "a body over the policy page's limit"
web_stop
run "$PWPOL" config history
hasnt "not confirmed" "commit 5 still in force before its deadline"
: >"$T/web.out"
LD_PRELOAD=${SYSLOG_SHIM:-} "$PWPOL" --now $(($(date +%s) + 120)) web --listen 127.0.0.1:0 \
	>"$T/web.out" 2>"$T/web.err" &
WEB_PID=$!
web_wait
signin su admin "$GOOD"
SU=$TOKEN
req su GET /policy
status 200 "the policy page after the deadline"
has "commit 6, by pwpol, " "a new commit is in force, made by the library"
has "commit 5 not confirmed: rollback to commit 4." "saying why"
has "minimum-length 15;" "the configuration before commit 5 is restored"
hasnt 'id="awaiting"' "nothing awaits"
# Issue 22: the page read the restore as in force and wrote nothing.
run "$PWPOL" config history
hasnt "not confirmed" "the web face's read wrote nothing"
# A rollback on the web carries the comment the CLI writes; rollback 6,
# one past the first commit, is what was in force before it (the file).
pol --data-urlencode action=rollback --data-urlencode n=6
status 200 "rollback to before the first commit"
has "Rolled back to rollback 6: it is in force as commit 7." "says so"
req su GET /policy
has "the file $PWPOL_CONFIG is in force" "the file in force again"
run "$PWPOL" --now $(($(date +%s) + 120)) config history
has "by pwpol (commit 6):
    commit 5 not confirmed: rollback to commit 4" "the restore recorded by the next writer"
has "by admin (commit 7):
    rollback 6" "the web's rollback carries the CLI's comment"
web_stop
if [ -n "${SYSLOG_SHIM:-}" ]; then
	OUT=$(cat "$T/syslog") ERR=
	has "account dave added" "the add logged"
	has "account dave deleted by admin" "the delete logged with its actor"
	has "account dave disabled by admin" "disable logged with its actor"
	has "configuration: commit 1 by admin" "the commit logged with its author"
	has "configuration: commit 4 confirmed" "the confirm logged"
	has "configuration: commit 5 was not confirmed in time" "the restore logged"
fi
unset PWPOL_CONFIG

done_testing
