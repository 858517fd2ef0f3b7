#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# answers.sh [REPS] - do the three refusals a guesser can provoke take the
# same time? A wrong password for a known account, a name that is no
# account, an account that is locked: timed alternated, round by round, at
# the library level (bench_answers) and through Linux-PAM with pam_pwpol
# `nodelay` (bench_pam --refused). Goal (issue 10): medians within 10%.
# Everything lives in a temporary directory; /etc/pam.d is never touched.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
REPS=${1:-300}
BUILD=${BUILD:-$ROOT/build-bench}
OUT=$BUILD/bench
TMP=$(mktemp -d /tmp/pwpol-answers.XXXXXX)
trap 'rm -rf "$TMP"' EXIT

cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DCMAKE_C_FLAGS_RELEASE="-O2 -g -DNDEBUG" \
	-DBUILD_TESTING=OFF >/dev/null
make -C "$BUILD" -j"$(nproc)" pwpol_static pwpol_cli pam_pwpol >/dev/null
make -s -C "$ROOT/bench" BUILD="$BUILD" "$OUT/bench_answers" "$OUT/bench_pam" >/dev/null
PW=$BUILD/pwpol

# The store: alice (known, her password is not the one guessed), bob
# (locked for a day), no mallory. The policy counts failures and never
# locks, so alice stays a known account with a wrong password however
# long the run; bob is locked first under a policy that locks at once.
umask 077
DB=$TMP/accounts.db
printf 'system { login { password { profile ssr; } lockout { maximum-failed-attempts 1; lock-time 86400; } } }\n' >"$TMP/lock.conf"
printf 'system { login { password { profile ssr; } lockout { no-maximum-failed-attempts; } } }\n' >"$TMP/bench.conf"
chmod 644 "$TMP"/*.conf
printf 'Kx7#mWq2vL\n' | "$PW" --db "$DB" --config "$TMP/bench.conf" init >/dev/null
for u in alice bob; do
	printf 'Temp#Pass123\n' | "$PW" --db "$DB" --config "$TMP/bench.conf" useradd "$u" >/dev/null
done
printf 'Wrong#Guess-42\n' | "$PW" --db "$DB" --config "$TMP/lock.conf" login bob >/dev/null || true
"$PW" --db "$DB" --config "$TMP/bench.conf" show bob | grep -q locked || { echo "bob is not locked" >&2; exit 1; }

echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(nproc) cores"
echo "== library: pwpol_account_authenticate, $REPS rounds"
"$OUT/bench_answers" "$DB" "$TMP/bench.conf" "$REPS" alice mallory bob

echo "== library: pwpol_account_change with a wrong current password (passwd), $REPS rounds"
"$OUT/bench_answers" --change "$DB" "$TMP/bench.conf" "$REPS" alice mallory bob
echo "== library: login under a policy whose format (sha256) differs from the stored hashes"
printf 'system { login { password { profile ssr; format sha256; } lockout { no-maximum-failed-attempts; } } }\n' >"$TMP/other.conf"
chmod 644 "$TMP/other.conf"
"$OUT/bench_answers" "$DB" "$TMP/other.conf" "$REPS" alice mallory bob

echo "== Linux-PAM: pam_authenticate through pam_pwpol nodelay, $REPS rounds"
mkdir "$TMP/pam.d"
printf 'auth required %s db=%s config=%s nodelay\n' "$BUILD/pam_pwpol.so" "$DB" "$TMP/bench.conf" \
	>"$TMP/pam.d/pwpol-answers"
"$OUT/bench_pam" --refused "$TMP/pam.d" 'Wrong#Guess-42' "$REPS" \
	pwpol-answers:alice pwpol-answers:mallory pwpol-answers:bob | tee "$TMP/pam.out"
awk -F'median_ms=' '/^RESULT pam/ {v = $2 + 0; if (!lo || v < lo) lo = v; if (v > hi) hi = v}
	END {printf "RESULT pam spread=%.1f%%\n", (hi / lo - 1) * 100}' "$TMP/pam.out"
