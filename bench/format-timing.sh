#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# format-timing.sh [ROUNDS] - does a wrong password for an account whose
# hash is of another format than the rest (yescrypt and bcrypt taken over
# with `import shadow`, beside init's sha512) answer in the time a name
# that is no account does? Timed through the command (`pwpol login`) and
# through Linux-PAM (tests/pam_driver, pam_pwpol nodelay) and through the
# web sign-in (`pwpol web`, curl), round by round, alternated, so a slow
# spell of the machine hits all alike; a locked and a disabled account
# beside them. Prints the median of each, wall time and CPU time (the CPU
# time holds on a loaded machine), and each over the unknown name's.
# Goal (issue 23): every ratio within 1.1.
#   BUILD=build (pwpol, pam_pwpol.so, tests/pam_driver)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
ROUNDS=${1:-40}
BUILD=${BUILD:-$ROOT/build}
PW=$BUILD/pwpol
TMP=$(mktemp -d /tmp/pwpol-format.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
umask 077
DB=$TMP/accounts.db
printf 'system { login { password { profile ssr; } lockout { no-maximum-failed-attempts; } } }\n' >"$TMP/p.conf"
chmod 644 "$TMP/p.conf"
P=("$PW" --db "$DB" --config "$TMP/p.conf")
printf 'Kx7#mWq2vL\n' | "${P[@]}" init >/dev/null
printf 'Temp#Pass123\n' | "${P[@]}" useradd alice >/dev/null
y=$(printf 'Yes#Crypt9x7q\n' | "$PW" --config "$TMP/p.conf" hash --format yescrypt)
b=$(printf 'Bc#Rypt9x7qzz\n' | "$PW" --config "$TMP/p.conf" hash --format bcrypt)
printf 'yuki:%s:19000:0:99999:7:::\nbert:%s:19000:0:99999:7:::\n' "$y" "$b" >"$TMP/shadow"
"${P[@]}" import shadow --file "$TMP/shadow" >/dev/null
printf 'Temp#Pass123\n' | "${P[@]}" useradd lock >/dev/null
printf 'Temp#Pass123\n' | "${P[@]}" useradd dis >/dev/null
"${P[@]}" disable dis >/dev/null
printf 'system { login { password { profile ssr; } lockout { maximum-failed-attempts 1; lock-time 86400; } } }\n' >"$TMP/lock.conf"
printf 'Wrong#Guess-42\n' | "$PW" --db "$DB" --config "$TMP/lock.conf" login lock >/dev/null 2>&1 || true
names=(alice yuki bert lock dis mallory)
echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(nproc) cores"
echo "store: admin root t128 alice lock dis sha512 (init, useradd), yuki yescrypt, bert bcrypt (import shadow); lock locked, dis disabled, mallory unknown"

mkdir "$TMP/pam.d"
printf 'auth required %s db=%s config=%s nodelay\n' "$BUILD/pam_pwpol.so" "$DB" "$TMP/p.conf" \
	>"$TMP/pam.d/fmt"

# The web face: `pwpol web` on the same store, a sign-in form's token.
"${P[@]}" web --listen 127.0.0.1:0 >"$TMP/web.out" 2>"$TMP/web.err" &
WEB_PID=$!
trap 'kill $WEB_PID 2>/dev/null; rm -rf "$TMP"' EXIT
for _ in $(seq 100); do
	URL=$(sed -n 's|^pwpol web: listening on \(.*\)/$|\1|p' "$TMP/web.out")
	[ -n "$URL" ] && break
	sleep 0.05
done
[ -n "$URL" ] || { echo "pwpol web did not start: $(cat "$TMP/web.err")" >&2; exit 1; }
JAR=$TMP/jar
TOKEN=$(curl -sS -b "$JAR" -c "$JAR" "$URL/login" | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' | head -1)

# one FACE NAME: one wrong login's wall time and CPU time (user + system,
# of the command, of pam_driver with the module, of the web server), in
# microseconds. The CPU time holds under load, when the wall time wanders
# with the other processes of the machine.
cpu_of() { awk '{print $14 + $15}' "/proc/$1/stat"; }
one() {
	local t0 t1 c0 c1 tps
	if [ "$1" = web ]; then
		tps=$(getconf CLK_TCK)
		c0=$(cpu_of "$WEB_PID")
		w=$(curl -sS -o /dev/null -b "$JAR" -c "$JAR" -w '%{time_total}\n' --data-urlencode "csrf=$TOKEN" \
			--data-urlencode "name=$2" --data-urlencode 'password=Wrong#Guess-42' "$URL/login" |
			awk '{printf "%d\n", $1 * 1000000}')
		c1=$(cpu_of "$WEB_PID")
		echo "$w $(((c1 - c0) * 1000000 / tps))"
		return
	fi
	local TIMEFORMAT='%3U %3S' cpu
	t0=$(date +%s%N)
	if [ "$1" = cli ]; then
		cpu=$( { time (printf 'Wrong#Guess-42\n' | "${P[@]}" login "$2" >/dev/null 2>&1 || true); } 2>&1)
	else
		cpu=$( { time (printf 'Wrong#Guess-42\n' | "$BUILD/tests/pam_driver" --confdir "$TMP/pam.d" \
			--service fmt --user "$2" authenticate >/dev/null 2>&1 || true); } 2>&1)
	fi
	t1=$(date +%s%N)
	echo "$(((t1 - t0) / 1000)) $(echo "$cpu" | awk '{printf "%d", ($1 + $2) * 1000000}')"
}
for face in cli pam web; do
	for ((r = 0; r < ROUNDS; r++)); do
		for n in "${names[@]}"; do
			one "$face" "$n" >>"$TMP/$face.$n"
		done
	done
	# median NAME COLUMN (1 wall, 2 CPU)
	median() { awk -v c="$2" '{print $c}' "$TMP/$face.$1" | sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
	uw=$(median mallory 1) uc=$(median mallory 2)
	for n in "${names[@]}"; do
		mw=$(median "$n" 1) mc=$(median "$n" 2)
		printf 'RESULT %s %-8s wall_ms=%.2f ratio=%.3f cpu_ms=%.2f cpu_ratio=%.3f\n' "$face" "$n" \
			"$(echo "$mw / 1000" | bc -l)" "$(echo "$mw / $uw" | bc -l)" \
			"$(echo "$mc / 1000" | bc -l)" "$(echo "$mc / $uc" | bc -l)"
	done
done
