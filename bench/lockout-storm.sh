#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# lockout-storm.sh - N `pwpol login` processes let loose on one store at
# once, most with a wrong password for one account and every Kth with the
# right password of another: prints how many wrong ones were judged (exit
# 1), how many the store counted, how many could not be recorded (exit 5,
# never judged), and what the right ones answered. The invariant: the store
# counts every wrong password it answered 1 to (uncounted = 0), and no wrong
# password is ever answered 0.
#
#   bench/lockout-storm.sh [N] [sqlite|pg]     (default 5000 sqlite)
#   PWPOL=build/pwpol RIGHT_EVERY=10
# pg starts a throwaway server with tests/pg-server.sh (PWPOL_PG_MAXCONN
# connections, default 300: past them a login is a store error, exit 5).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
N=${1:-5000}
backend=${2:-sqlite}
PWPOL=${PWPOL:-$here/../build/pwpol}
RIGHT_EVERY=${RIGHT_EVERY:-10}
T=$(mktemp -d /tmp/pwpol-storm.XXXXXX)
# A copy: a rebuild during the storm must not change the binary under it.
cp "$PWPOL" "$T/pwpol"
PWPOL=$T/pwpol
chmod 755 "$T"
state=$T/pg.state
cleanup() {
	[ -f "$state" ] && bash "$here/../tests/pg-server.sh" stop "$state" >/dev/null 2>&1
	rm -rf "$T"
}
trap cleanup EXIT
T0=1700000000
PW='Kx7#mWq2vL'
BOB='Bob#Secret9x'
# No lock: every failure is counted, so the count can be compared with the
# answers. (A lock would refuse the rest uncounted, by design.)
printf 'set system login password profile junos\n' >"$T/p.conf"

if [ "$backend" = pg ]; then
	PWPOL_PG_MAXCONN=${PWPOL_PG_MAXCONN:-300} bash "$here/../tests/pg-server.sh" start "$state" >/dev/null
	db=$(bash "$here/../tests/pg-server.sh" fresh "$state" pwpol_storm)
else
	db=$T/s.db
fi
P=("$PWPOL" --db "$db" --config "$T/p.conf" --now "$T0")
printf '%s\n' "$PW" | "${P[@]}" init >/dev/null
printf '%s\n' 'Tmp#Bob1234x' | "${P[@]}" useradd bob >/dev/null
# bob's password his own (not temporary), so that the right one answers 0.
printf '%s\n%s\n' 'Tmp#Bob1234x' "$BOB" | "${P[@]}" passwd bob >/dev/null
printf '%s\n' "$BOB" | "${P[@]}" login bob >/dev/null

gate=$T/gate
mkfifo "$gate"

for ((i = 0; i < N; i++)); do
	if ((RIGHT_EVERY > 0 && i % RIGHT_EVERY == RIGHT_EVERY - 1)); then
		user=bob pw=$BOB kind=right
	else
		user=admin pw='wrong#Pass99' kind=wrong
	fi
	(
		read -r _ <"$gate"
		rc=0
		printf '%s\n' "$pw" | "${P[@]}" login "$user" >/dev/null 2>"$T/err.$i" || rc=$?
		echo "$rc" >"$T/$kind.$i"
	) &
done
start=$(date +%s.%N)
exec 3>"$gate"
head -c "$N" /dev/zero | tr '\0' '\n' >&3
wait
exec 3>&-
secs=$(echo "$(date +%s.%N) - $start" | bc)
tally() { cat "$T"/"$1".* 2>/dev/null | sort | uniq -c | awk '{printf "%s exit %s; ", $1, $2}'; }
judged=$(cat "$T"/wrong.* | grep -cx 1 || true)
wrong_ok=$(cat "$T"/wrong.* | grep -cx 0 || true)
counted=$("${P[@]}" --json show admin | sed -n 's/.*"failures":\([0-9]*\).*/\1/p')
wrongs=$(cat "$T"/wrong.* | wc -l)
echo "backend=$backend attempts=$N wrong=$wrongs right=$((N - wrongs)) seconds=$secs"
echo "wrong answers: $(tally wrong)"
echo "right answers: $(tally right)"
echo "counted=$counted judged-wrong=$judged uncounted=$((judged - counted)) wrong-answered-0=$wrong_ok"
echo "store errors (exit 5), by message:"
cat "$T"/err.* 2>/dev/null | sed -e 's/^pwpol: //' -e 's/[0-9]\{3,\}/N/g' | sort | uniq -c | sort -rn | head -5
