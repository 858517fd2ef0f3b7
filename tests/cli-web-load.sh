# SPDX-License-Identifier: BSD-3-Clause
# cli-web-load.sh - `pwpol web` under the cheap attacks on its availability
# (tests/web_flood.py, loopback only, bounded): 1,000 idle connections and
# slow partial requests leave sign-in answering within seconds (slowloris),
# over HTTP and over TLS,
# and 1,000 anonymous requests, each making a session, leave a signed-in
# administrator signed in; an account's ninth sign-in ends only its own
# oldest session.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-web.sh"
FLOOD=$(dirname "$0")/web_flood.py
GOOD='Kx7#mWq2vL'
IN="$GOOD\n" run "$PWPOL" init
expect 0 "a store with its system accounts"
web_start

# Sessions: anonymous requests push out only anonymous sessions (the
# server is fresh: admin's is the first session made).
run /usr/bin/python3 "$FLOOD" sessions "$WEB_URL" admin "$GOOD"
echo "$OUT"
expect 0 "admin's session outlives 1,000 anonymous sessions"
has "admin's session after them: 200 signed in" "still signed in"

# An account keeps 8 sessions: its 9th sign-in ends its own oldest, not
# another account's.
signin() {
	req "$1" GET /login
	req "$1" POST /login --data-urlencode "csrf=$(csrf)" --data-urlencode "name=$2" \
		--data-urlencode "password=$GOOD"
	status 303 "$2 signs in ($1)"
}
signin r root
for i in 1 2 3 4 5 6 7 8 9; do signin a$i admin; done
req a1 GET /
status 303 "admin's first of nine sessions ended"
for j in a2 a9 r; do
	req $j GET /
	status 200 "session $j still signed in"
done

# Slowloris: the sign-in still answers; the idle connections are held,
# not refused, up to the per-address limit.
run /usr/bin/python3 "$FLOOD" idle "$WEB_URL" admin "$GOOD"
echo "$OUT"
expect 0 "sign-in under 1,000 idle connections"
has "sign-in under the flood: 303 /" "admin signed in"
web_stop

# The same over TLS: connections that never finish (or start) their
# handshake hold nothing up either.
if command -v openssl >/dev/null; then
	openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=localhost -days 2 \
		-keyout "$T/key.pem" -out "$T/cert.pem" 2>/dev/null
	chmod 600 "$T/key.pem"
	web_start --tls-cert "$T/cert.pem" --tls-key "$T/key.pem"
	run /usr/bin/python3 "$FLOOD" idle "$WEB_URL" admin "$GOOD"
	echo "$OUT"
	expect 0 "sign-in over TLS under 1,000 idle connections"
	has "sign-in under the flood: 303 /" "admin signed in over TLS"
	web_stop
else
	echo "skipped: the TLS part (no openssl)"
fi
done_testing
