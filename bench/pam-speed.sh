#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# pam-speed.sh - a whole in-process login (pam_start, pam_authenticate,
# pam_end) through pam_pwpol on a SQLite store, beside the pam_unix +
# pam_faillock stack and the bare crypt_rn of the same kind of hash ($6$,
# 5,000 rounds), alternated round by round in one process (bench_pam).
#
# Usage: bench/pam-speed.sh [BUILD [REPS]]   (BUILD: default build/, REPS: 300)
# PAM_SPEED_TMP=/dev/shm puts the store in memory: the login without the
# wait for the disk to sync its write.
# PAM_SPEED_BASE=DIR adds the service `base`: the pam_pwpol.so of another
# build (e.g. main's), on a store of its own, alternated with the others.
# The service `local` is pam_pwpol agent=SOCKET asking `pwpol conductor
# --socket SOCKET` (a process of its own, over a SQLite store of its own):
# the light way of one machine (pam_pwpol(8), pwpol(1) conductor). The
# conductor's CPU time for those logins (utime + stime of /proc/PID/stat:
# every thread, those ended too, in clock ticks) is printed after, a login.
# PAM_SPEED_ROUNDS=N: every account (admin in the stores, bench_pw in the
# shadow copy) and the bare crypt_rn use a $6$ hash of N rounds instead
# (python3's crypt): with a cheap hash, what a login costs beyond its hash
# shows (the stores keep a hash they are given: no upgrade at login).
# PAM_SPEED_SERVICES='crypt:- pwpol:admin' runs only those (default: all).
# PAM_SPEED_WRAP='strace -f -c' (or 'valgrind --tool=callgrind ...') runs
# bench_pam under that command, inside the same namespace.
# Runs as root in a private mount namespace (unshare -m) in which a copy
# of /etc/passwd and /etc/shadow with the user bench_pw is mounted over the
# machine's: the machine's accounts are never changed.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$(cd "${1:-$ROOT/build}" && pwd)
REPS=${2:-300}
PW='Kx7#mWq2vL'
T=$(mktemp -d "${PAM_SPEED_TMP:-/tmp}/pam-speed.XXXXXX")
CPID=
trap '[ -z "$CPID" ] || { kill "$CPID"; wait "$CPID"; } 2>/dev/null; rm -rf "$T"' EXIT
cc -O2 -std=gnu11 -Wall -Wextra -Werror -o "$T/bench_pam" "$ROOT/bench/bench_pam.c" -lpam -lcrypt
MODDIR=$(dirname "$(find /lib /usr/lib -name pam_unix.so -path '*security*' 2>/dev/null | head -1)")
mkdir "$T/pam.d" "$T/faillock"
export PWPOL_DB=$T/pwpol.db
printf '%s\n' "$PW" | "$BUILD/pwpol" init >/dev/null
STORED=()
if [ -n "${PAM_SPEED_ROUNDS:-}" ]; then
	HASH=$(python3 -W ignore -c 'import crypt, sys
print(crypt.crypt(sys.argv[1], crypt.mksalt(crypt.METHOD_SHA512, rounds=int(sys.argv[2]))))' \
		"$PW" "$PAM_SPEED_ROUNDS")
	STORED=(--stored "$HASH")
	sqlite3 "$PWPOL_DB" "UPDATE accounts SET hash = '$HASH' WHERE name = 'admin'"
else
	HASH=$("$T/bench_pam" --hash "$PW")
fi
cp /etc/passwd "$T/passwd"
cp /etc/shadow "$T/shadow"
echo "bench_pw:x:64999:65534:pwpol bench:/nonexistent:/usr/sbin/nologin" >>"$T/passwd"
echo "bench_pw:$HASH:20000:0:99999:7:::" >>"$T/shadow"
F="dir=$T/faillock deny=6 unlock_time=1800"
cat >"$T/pam.d/unix" <<EOF
auth required $MODDIR/pam_faillock.so preauth $F
auth [success=1 default=bad] $MODDIR/pam_unix.so
auth [default=die] $MODDIR/pam_faillock.so authfail $F
auth sufficient $MODDIR/pam_faillock.so authsucc $F
auth required $MODDIR/pam_deny.so
EOF
echo "auth required $BUILD/pam_pwpol.so db=$PWPOL_DB" >"$T/pam.d/pwpol"
# The floor of any module: a transaction of pam_permit alone (the service
# `permit`, e.g. PAM_SPEED_SERVICES='crypt:- permit:admin pwpol:admin').
echo "auth required $MODDIR/pam_permit.so" >"$T/pam.d/permit"
# The conductor runs on the core bench_pam is pinned to: the login's hash
# is then timed on the same core as the bare crypt_rn it is set beside
# (the two cores of a VM need not run at one speed).
PIN=()
command -v taskset >/dev/null && PIN=(taskset -c "$(($(nproc) - 1))")
printf '%s\n' "$PW" | PWPOL_DB=$T/local.db "$BUILD/pwpol" init >/dev/null
[ -z "${PAM_SPEED_ROUNDS:-}" ] ||
	sqlite3 "$T/local.db" "UPDATE accounts SET hash = '$HASH' WHERE name = 'admin'"
PWPOL_DB=$T/local.db ${PIN[@]+"${PIN[@]}"} "$BUILD/pwpol" conductor --socket "$T/local.sock" \
	2>"$T/conductor.log" &
CPID=$!
for _ in $(seq 100); do grep -q listening "$T/conductor.log" && break; sleep 0.1; done
echo "auth required $BUILD/pam_pwpol.so agent=$T/local.sock" >"$T/pam.d/local"
# Clock ticks of CPU the conductor has used so far, every thread.
ccpu() { awk '{print $14 + $15}' /proc/"$CPID"/stat; }
C0=$(ccpu)
BASE_SVC=
if [ -n "${PAM_SPEED_BASE:-}" ]; then
	printf '%s\n' "$PW" | PWPOL_DB=$T/base.db "$BUILD/pwpol" init >/dev/null
	echo "auth required $PAM_SPEED_BASE/pam_pwpol.so db=$T/base.db" >"$T/pam.d/base"
	BASE_SVC=base:admin
fi
unshare -m sh -c "mount --bind '$T/passwd' /etc/passwd && mount --bind '$T/shadow' /etc/shadow &&
	exec ${PIN[*]} ${PAM_SPEED_WRAP:-} '$T/bench_pam' ${STORED[*]:+--stored '$HASH'} '$T/pam.d' '$PW' '$REPS' ${PAM_SPEED_SERVICES:-crypt:- pwpol:admin local:admin $BASE_SVC unix:bench_pw}" |
	awk '{print} /service=crypt/{split($6,a,"=");c=a[2]} /service=pwpol/{split($6,a,"=");p=a[2]} /service=base/{split($6,a,"=");b=a[2]}
	     /service=unix/{split($6,a,"=");u=a[2]} /service=local/{split($6,a,"=");l=a[2]}
	     END{printf "RATIO pwpol/crypt=%.2f pwpol/unix+faillock=%.2f", p/c, p/u;
	         if (b) printf " base/crypt=%.2f", b/c;
	         if (l) printf " local/crypt=%.2f local/unix+faillock=%.2f", l/c, l/u; print ""}'
# The conductor's CPU for the `local` logins (REPS and the untimed first).
case " ${PAM_SPEED_SERVICES:-local:} " in *" local:"*)
	echo "CONDUCTOR cpu_ms_a_login=$(echo "scale=4; ($(ccpu) - $C0) * 1000 / $(getconf CLK_TCK) / ($REPS + 1)" | bc)" ;;
esac
