#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# cli-web-systemd.sh - `pwpol web` as pwpol-web.socket starts it: on the
# listening socket systemd passes (systemd-socket-activate), not on an
# address of its own; READY=1 told on NOTIFY_SOCKET once it serves; SIGHUP
# reads the TLS certificate and key again (the new certificate served, the
# process, its sessions and its association token kept; an unreadable pair
# reported and the running one kept, RELOADING=1 then READY=1 each time);
# --listen beside a passed socket refused; SIGTERM tells STOPPING=1.
. "$(dirname "$0")/lib.sh"
for t in systemd-socket-activate openssl curl python3; do
	command -v $t >/dev/null || {
		echo "skipped: no $t"
		exit 77
	}
done
IN='Kx7#mWq2vL\n' run "$PWPOL" init
expect 0 "init"
cert() {
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
		-subj "/CN=$1" -keyout "$T/$1.key" -out "$T/$1.pem" 2>/dev/null
	chmod 600 "$T/$1.key"
}
cert one
cert two
cp "$T/one.pem" "$T/cert.pem"
cp "$T/one.key" "$T/key.pem"
served() {
	openssl s_client -connect "127.0.0.1:$port" </dev/null 2>/dev/null |
		openssl x509 -noout -subject 2>/dev/null | sed 's/.*CN *= *//'
}
notified() { grep -c "^$1\$" "$T/notify.out" || true; }
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
python3 - "$T/notify.sock" >"$T/notify.out" <<'PY' &
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
s.settimeout(60)
try:
    while True:
        for line in s.recv(4096).decode().splitlines():
            print(line, flush=True)
except socket.timeout:
    pass
PY
notifier=$!
for i in $(seq 50); do [ -S "$T/notify.sock" ] && break; sleep 0.1; done
# systemd-socket-activate passes on only the variables named with -E.
export NOTIFY_SOCKET=$T/notify.sock
act() { exec systemd-socket-activate -E PWPOL_DB -E PWPOL_CONFIG -E NOTIFY_SOCKET "$@"; }
act -l "127.0.0.1:$port" "$PWPOL" web --tls-cert "$T/cert.pem" --tls-key "$T/key.pem" --token-file "$T/token" \
	>"$T/web.out" 2>"$T/web.err" &
web=$!
# The first connection makes systemd-socket-activate start pwpol web.
for i in $(seq 50); do grep -q "^Listening on" "$T/web.err" && break; sleep 0.1; done
code=$(curl -sk --max-time 10 -o /dev/null -w '%{http_code}' "https://127.0.0.1:$port/")
[ "$code" = 303 ] || fail "HTTPS on the passed socket: $code, not 303 (to association)"
for i in $(seq 100); do [ "$(notified READY=1)" -ge 1 ] && break; sleep 0.1; done
OUT=$(cat "$T/web.out") ERR=$(cat "$T/web.err")
[ "$(notified READY=1)" = 1 ] || fail "READY=1 once it serves"
has "listening on https://127.0.0.1:$port/" "serves the passed socket's address"
[ "$(served)" = one ] || fail "serves the first certificate, not '$(served)'"
token=$(cat "$T/token")

# SIGHUP: the new pair from the same files.
cp "$T/two.pem" "$T/cert.pem"
cp "$T/two.key" "$T/key.pem"
kill -HUP $web
for i in $(seq 100); do [ "$(notified READY=1)" -ge 2 ] && break; sleep 0.1; done
[ "$(notified RELOADING=1)" = 1 ] && [ "$(notified READY=1)" = 2 ] ||
	fail "SIGHUP: RELOADING=1 then READY=1"
kill -0 $web 2>/dev/null || fail "SIGHUP ended pwpol web"
[ "$(served)" = two ] || fail "after SIGHUP, the new certificate, not '$(served)'"
[ "$(cat "$T/token")" = "$token" ] || fail "the association token kept"
code=$(curl -sk --max-time 10 -o /dev/null -w '%{http_code}' "https://127.0.0.1:$port/")
[ "$code" = 303 ] || fail "HTTPS after the reload: $code"

# An unreadable pair: said, and the running one kept.
echo garbage >"$T/cert.pem"
kill -HUP $web
for i in $(seq 100); do [ "$(notified READY=1)" -ge 3 ] && break; sleep 0.1; done
kill -0 $web 2>/dev/null || fail "a bad pair ended pwpol web"
[ "$(served)" = two ] || fail "a bad pair: still the second certificate, not '$(served)'"
ERR=$(cat "$T/web.err")
grep -q "still serving the previous ones" "$T/web.err" || fail "a bad pair is reported: $ERR"

kill -TERM $web
wait $web
RC=$?
expect 0 "SIGTERM ends it with status 0"
for i in $(seq 50); do [ "$(notified STOPPING=1)" = 1 ] && break; sleep 0.1; done
[ "$(notified STOPPING=1)" = 1 ] || fail "STOPPING=1"
kill $notifier 2>/dev/null
wait $notifier 2>/dev/null || true

# --listen beside a passed socket: which one would be meant?
port2=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
act -l "127.0.0.1:$port2" "$PWPOL" web --listen 127.0.0.1:0 \
	>"$T/web.out" 2>"$T/web.err" &
act=$!
sleep 0.5
curl -s --max-time 5 -o /dev/null "http://127.0.0.1:$port2/" || true
wait $act || true
ERR=$(cat "$T/web.err") OUT=
grep -q "\-\-listen and a socket passed by systemd" "$T/web.err" ||
	fail "--listen beside a passed socket refused: $ERR"
done_testing
