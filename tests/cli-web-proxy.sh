#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# cli-web-proxy.sh - `pwpol web` behind a real reverse proxy: Debian's nginx,
# started here in $T on loopback ports (never the system's service), ending
# TLS and serving the pages under /pwpol/. With --trusted-proxy the audit
# names the real client (and the proxy as via=), the session cookie is
# Secure and HSTS is sent because the proxy ended TLS, the Host the client
# asked for is the one checked; the same headers from anyone else (a client
# reaching pwpol around the proxy, or a client writing them into its request
# to the proxy) change nothing. With --base-path every page, asset, form and
# redirect stays under /pwpol/. The proxy connects from 127.0.0.2, the
# client from 127.0.0.3, so that each address in the log says who it is.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-web.sh"
command -v curl >/dev/null || { echo "skipped: curl is not installed"; exit 0; }
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$NGINX" ] || { echo "skipped: nginx is not installed (scripts/deps.sh)"; exit 77; }
command -v openssl >/dev/null || { echo "skipped: openssl is not installed"; exit 77; }
GOOD='Kx7#mWq2vL'
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

IN="$GOOD\n" run "$PWPOL" init
expect 0 "init"
IN='Temp#Pass123\n' run "$PWPOL" useradd --class operator oper
run "$PWPOL" token add admin
TOKEN=$OUT

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 \
	-subj /CN=localhost -keyout "$T/proxy.key" -out "$T/proxy.crt" 2>/dev/null
WEB_PORT=$(free_port)
PROXY_PORT=$(free_port)
mkdir -p "$T/nginx"
user=
[ "$(id -u)" -ne 0 ] || user="user root root;"
cat >"$T/nginx/nginx.conf" <<EOF
$user
daemon off;
worker_processes 1;
pid $T/nginx/nginx.pid;
error_log $T/nginx/error.log;
events { worker_connections 64; }
http {
	access_log $T/nginx/access.log;
	client_body_temp_path $T/nginx/body;
	proxy_temp_path $T/nginx/proxy;
	fastcgi_temp_path $T/nginx/fastcgi;
	uwsgi_temp_path $T/nginx/uwsgi;
	scgi_temp_path $T/nginx/scgi;
	server {
		listen 127.0.0.1:$PROXY_PORT ssl;
		ssl_certificate $T/proxy.crt;
		ssl_certificate_key $T/proxy.key;
		location /pwpol/ {
			proxy_pass http://127.0.0.1:$WEB_PORT;
			proxy_bind 127.0.0.2;
			proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
			proxy_set_header X-Forwarded-Proto \$scheme;
			proxy_set_header X-Forwarded-Host \$host:\$server_port;
		}
	}
}
EOF
"$NGINX" -c "$T/nginx/nginx.conf" -p "$T/nginx" -e "$T/nginx/error.log" &
NGINX_PID=$!
trap 'web_stop_quiet; kill -TERM $NGINX_PID 2>/dev/null || true; rm -rf "$T"' EXIT
for _ in $(seq 100); do
	curl -sk -o /dev/null "https://127.0.0.1:$PROXY_PORT/" && break
	sleep 0.05
done

P="https://127.0.0.1:$PROXY_PORT/pwpol"
# px JAR METHOD PATH [curl args]: through the proxy, from 127.0.0.3.
px() {
	local jar=$1 m=$2 p=$3
	shift 3
	OUT=$(curl -sS -k -i --interface 127.0.0.3 -b "$T/$jar" -c "$T/$jar" -X "$m" "$@" "$P$p")
	CODE=$(printf '%s\n' "$OUT" | sed -n '1s/^HTTP\/[0-9.]* \([0-9]*\).*/\1/p')
	ERR=
}

run "$PWPOL" web --trusted-proxy proxy.example
expect 2 "a proxy named, not an address"
run "$PWPOL" web --base-path 'pwpol'
expect 2 "a base path without its /"
run "$PWPOL" web --base-path '/a/../b'
expect 2 "a base path with .."

# Without --trusted-proxy: the proxy's headers say nothing.
web_start --listen "127.0.0.1:$WEB_PORT" --base-path /pwpol/
px u GET /login
status 200 "the sign-in page through the proxy"
hasnt "Strict-Transport-Security" "no HSTS: the proxy is not trusted to say TLS"
has "Set-Cookie: pwpol_session=" "a cookie without the TLS name"
hasnt "Secure" "no Secure cookie"
px u POST /api/v1/accounts/oper/unlock -H "Authorization: Bearer $TOKEN"
status 200 "an API call through the proxy"
LOG=$(cat "$PWPOL_SYSLOG_FILE")
[[ $LOG == *"account oper unlocked by admin; service=pwpol-web rhost=127.0.0.2"* ]] ||
	fail "untrusted, the proxy is the client: $LOG"
[[ $LOG != *"via="* ]] || fail "an untrusted proxy's client taken: $LOG"
web_stop
: >"$PWPOL_SYSLOG_FILE"

web_start --listen "127.0.0.1:$WEB_PORT" --base-path /pwpol/ --trusted-proxy 127.0.0.2
case $WEB_URL in */pwpol) ;; *) fail "the address printed is under the base path: $WEB_URL" ;; esac
grep -q "/pwpol/?token=$WEB_TOKEN\$" "$T/web.out" || fail "the association address is under /pwpol/"

# TLS ended by the trusted proxy: Secure cookie, HSTS.
px b GET /login
status 200 "the sign-in page through the trusted proxy"
has "Strict-Transport-Security: max-age=31536000" "HSTS"
has "Set-Cookie: __Host-pwpol_session=" "the TLS cookie name"
has "; Secure" "a Secure cookie"
# Every page, asset and form under /pwpol/.
has 'href="static/app.css"' "the style sheet relative to the page"
has 'action="login"' "the form relative to the page"
hasnt 'href="/' "no link outside /pwpol/"
hasnt 'action="/' "no form outside /pwpol/"
px b GET /static/app.css
status 200 "the style sheet under /pwpol/"
px b GET /static/app.js
status 200 "the script under /pwpol/"
grep -q '"/api/' "$TESTS_DIR/../web/assets/app.js" && fail "app.js calls an absolute /api/ path"
OUT=$(curl -sS -k -i "https://127.0.0.1:$PROXY_PORT/pwpol")
[[ $OUT == *"404"* || $OUT == *"301"* ]] || fail "/pwpol without its slash: $OUT"
OUT=$(curl -sS -i "http://127.0.0.1:$WEB_PORT/login")
CODE=$(printf '%s\n' "$OUT" | sed -n '1s/^HTTP\/[0-9.]* \([0-9]*\).*/\1/p')
status 404 "directly, a path outside the base path"
OUT=$(curl -sS -i "http://127.0.0.1:$WEB_PORT/pwpol")
has "Location: /pwpol/" "/pwpol is sent to /pwpol/"
# Association and sign-in: every redirect stays under /pwpol/.
px b GET "/?token=$WEB_TOKEN"
status 303 "the association token"
has "Location: /pwpol/" "back to /pwpol/, the token out of the address bar"
px b GET /login
CSRF=$(csrf)
px b POST /login --data-urlencode "csrf=$CSRF" --data-urlencode name=admin \
	--data-urlencode "password=wrong#Pass1"
px b GET /login
CSRF=$(csrf)
px b POST /login --data-urlencode "csrf=$CSRF" --data-urlencode name=admin \
	--data-urlencode "password=$GOOD"
status 303 "sign-in through the proxy"
has "Location: /pwpol/" "sign-in goes on under /pwpol/"
px b GET /accounts
status 200 "the accounts page through the proxy, signed in"
has 'action="accounts"' "its forms relative"

# The real client in the audit log; a client's own X-Forwarded-For is
# followed by the address the proxy saw, which is the one taken.
px b POST /api/v1/accounts/oper/unlock -H "Authorization: Bearer $TOKEN" \
	-H "X-Forwarded-For: 203.0.113.7" -H "Forwarded: for=203.0.113.8"
status 200 "an API call through the trusted proxy"
LOG=$(cat "$PWPOL_SYSLOG_FILE")
[[ $LOG == *"login failure for admin; service=pwpol-web rhost=127.0.0.3 via=127.0.0.2"* ]] ||
	fail "the failed sign-in names the client: $LOG"
[[ $LOG == *"account oper unlocked by admin; service=pwpol-web rhost=127.0.0.3 via=127.0.0.2"* ]] ||
	fail "the API call names the client: $LOG"
[[ $LOG != *203.0.113.* ]] || fail "an address the client wrote reached the log: $LOG"

# The Host the client asked the proxy for is the one checked (DNS
# rebinding through the proxy).
px r GET /login -H "Host: attacker.example"
status 421 "a foreign Host through the proxy"

# Around the proxy: the same headers from an untrusted peer change nothing.
: >"$PWPOL_SYSLOG_FILE"
OUT=$(curl -sS -i -H "X-Forwarded-For: 203.0.113.9" -H "X-Forwarded-Proto: https" \
	-H "Authorization: Bearer $TOKEN" -X POST "http://127.0.0.1:$WEB_PORT/pwpol/api/v1/accounts/oper/unlock")
hasnt "Strict-Transport-Security" "no HSTS for a forged X-Forwarded-Proto"
OUT=$(curl -sS -i -H "X-Forwarded-Proto: https" "http://127.0.0.1:$WEB_PORT/pwpol/login")
hasnt "Secure" "no Secure cookie for a forged X-Forwarded-Proto"
LOG=$(cat "$PWPOL_SYSLOG_FILE")
[[ $LOG == *"service=pwpol-web rhost=127.0.0.1"* && $LOG != *203.0.113.9* ]] ||
	fail "a forged X-Forwarded-For from an untrusted peer: $LOG"

web_stop
kill -TERM "$NGINX_PID"
wait "$NGINX_PID" 2>/dev/null || true
done_testing
