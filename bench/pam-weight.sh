#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# pam-weight.sh - the resident memory and shared objects a PAM module adds
# to its host after a whole login (auth, account, password), pam_pwpol.so
# on a SQLite store (db=, the store in the host; and agent= asking
# `pwpol conductor --socket` over a store of its own: `local`) beside pam_unix, pam_faillock and pam_pwquality loaded
# the same way (bench/pam_weight.c, one process per module).
#
# Usage: bench/pam-weight.sh [BUILD [REPS]]   (BUILD: default build/, REPS: 1000)
# Service files are written to a temporary directory (pam_start_confdir);
# /etc/pam.d is not read. pam_unix and pam_faillock are run for root with a
# wrong password (a whole failed login: nothing of the machine's accounts
# is changed; pam_faillock's tallies go to a temporary directory).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$(cd "${1:-$ROOT/build}" && pwd)
REPS=${2:-1000}
T=$(mktemp -d)
CPID=
trap '[ -z "$CPID" ] || { kill "$CPID"; wait "$CPID"; } 2>/dev/null; rm -rf "$T"' EXIT
cc -O2 -Wall -Wextra -Werror -o "$T/pam_weight" "$ROOT/bench/pam_weight.c" -lpam
MODDIR=$(dirname "$(find /lib /usr/lib -name pam_unix.so -path '*security*' 2>/dev/null | head -1)")
PW='Kx7#mWq2vL'
mkdir "$T/pam.d" "$T/faillock"
export PWPOL_DB=$T/pwpol.db
printf '%s\n' "$PW" | "$BUILD/pwpol" init >/dev/null
for g in auth account password; do echo "$g required $BUILD/pam_pwpol.so db=$PWPOL_DB nodelay"; done >"$T/pam.d/pwpol"
printf '%s\n' "$PW" | PWPOL_DB=$T/local.db "$BUILD/pwpol" init >/dev/null
PWPOL_DB=$T/local.db "$BUILD/pwpol" conductor --socket "$T/local.sock" 2>"$T/conductor.log" &
CPID=$!
for _ in $(seq 100); do grep -q listening "$T/conductor.log" && break; sleep 0.1; done
for g in auth account password; do echo "$g required $BUILD/pam_pwpol.so agent=$T/local.sock nodelay"; done >"$T/pam.d/local"
for g in auth account password; do echo "$g required $MODDIR/pam_unix.so nodelay"; done >"$T/pam.d/unix"
printf 'auth required %s/pam_faillock.so preauth dir=%s\naccount required %s/pam_faillock.so dir=%s\n' \
	"$MODDIR" "$T/faillock" "$MODDIR" "$T/faillock" >"$T/pam.d/faillock"
echo "password required $MODDIR/pam_pwquality.so" >"$T/pam.d/pwquality"
echo "auth required $MODDIR/pam_permit.so" >"$T/pam.d/permit"
run() { # SERVICE USER PASSWORD
	"$T/pam_weight" ${LIST:+--list} "$T/pam.d" "$1" "$2" "$3" "$REPS"
}
run permit root x
run pwpol admin "$PW"
run local admin "$PW"
run unix root 'not-the-password'
run faillock root 'not-the-password'
[ -e "$MODDIR/pam_pwquality.so" ] && run pwquality root 'not-the-password'
true
