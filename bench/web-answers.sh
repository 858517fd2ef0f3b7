#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# web-answers.sh [ROUNDS] - does the web face's sign-in tell by its time
# whether a name is an account? A wrong password for alice (sha512, like
# admin's), for yann (a yescrypt hash taken over by `import shadow`) and a
# name that is no account (mallory), each POST /login timed by curl
# (%{time_total}, loopback), alternated round by round; medians and their
# ratios to the unknown name's. The policy never locks, so the wrong
# passwords stay wrong ones however long the run. Everything lives in a
# temporary directory; the server listens on 127.0.0.1 only.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
ROUNDS=${1:-200}
PW=${PWPOL:-$ROOT/build/pwpol}
TMP=$(mktemp -d /tmp/pwpol-web-answers.XXXXXX)
WEB=
trap '[ -z "$WEB" ] || kill "$WEB"; rm -rf "$TMP"' EXIT
umask 077
export PWPOL_DB=$TMP/accounts.db PWPOL_CONFIG=$TMP/bench.conf
printf 'system { login { lockout { no-maximum-failed-attempts; } } }\n' >"$PWPOL_CONFIG"
printf 'Kx7#mWq2vL\n' | "$PW" init >/dev/null
printf 'Temp#Pass123\n' | "$PW" useradd alice >/dev/null
YES=$(python3 -c 'import crypt; print(crypt.crypt("Temp#Pass123", "$y$j9T$abcdefghijklmnop"))' 2>/dev/null || true)
case "$YES" in
'$y$'*) printf 'yann:%s:19000:0:99999:7:::\n' "$YES" >"$TMP/shadow"
	"$PW" import shadow --file "$TMP/shadow" yann >/dev/null
	NAMES="alice yann mallory" ;;
*) echo "no yescrypt from python3's crypt: yann left out" >&2
	NAMES="alice mallory" ;;
esac

: >"$TMP/web.out"
"$PW" web --listen 127.0.0.1:0 >"$TMP/web.out" 2>"$TMP/web.err" &
WEB=$!
for _ in $(seq 100); do
	URL=$(sed -n 's|^pwpol web: listening on \(.*\)/$|\1|p' "$TMP/web.out")
	[ -n "$URL" ] && break
	sleep 0.05
done
CSRF=$(curl -s -c "$TMP/jar" "$URL/login" | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' | head -1)
try() {
	curl -s -o /dev/null -b "$TMP/jar" -w '%{http_code} %{time_total}\n' "$URL/login" \
		--data-urlencode "csrf=$CSRF" --data-urlencode "name=$1" \
		--data-urlencode 'password=Wrong#Guess-42'
}
for n in $NAMES; do try "$n" >/dev/null; done # warm up
for _ in $(seq "$ROUNDS"); do
	for n in $NAMES; do
		read -r code t < <(try "$n")
		[ "$code" = 401 ] || { echo "$n: HTTP $code, not 401" >&2; exit 1; }
		echo "$n $t"
	done
done >"$TMP/times"
echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(nproc) cores"
python3 - "$TMP/times" $NAMES <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1])]
med = {n: statistics.median(float(t) for m, t in rows if m == n) * 1000 for n in sys.argv[2:]}
base = med["mallory"]
for n in sys.argv[2:]:
    print("RESULT web %-8s median_ms=%.3f ratio_to_unknown=%.3f" % (n, med[n], med[n] / base))
PY
