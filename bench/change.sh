#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# bench/change.sh - what a password change costs with minimum-reuse 20 and a
# full history: the synced writes of one change (strace -c), and its time
# beside the hashes it must make: the proof of the old password, the new
# password compared with the current hash and 19 old ones, the new hash.
#
#   bench/change.sh [CHANGES]   timed changes (default 9), median quoted
#
# Uses the Release build of bench/run (build-bench); a temporary store.
set -euo pipefail
N=${1:-9}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${PWPOL_BENCH_BUILD:-$ROOT/build-bench}
cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DCMAKE_C_FLAGS_RELEASE="-O2 -g -DNDEBUG" \
	-DBUILD_TESTING=OFF >/dev/null
make -C "$BUILD" -j2 pwpol_cli >/dev/null
P=$BUILD/pwpol
T=$(mktemp -d /tmp/pwpol-change.XXXXXX)
trap 'rm -rf "$T"' EXIT
cat >"$T/pol.conf" <<'CONF'
system { login { password { minimum-reuse 20; } } }
CONF
export PWPOL_DB=$T/a.db PWPOL_CONFIG=$T/pol.conf
now=1900000000
printf 'Zq9#kLm2vXw!\n' | "$P" --now $now init >/dev/null
# Passwords far apart (minimum-character-changes), none repeating a
# character 4 times.
pw() { printf 'Q#7%sz' "$(printf '%s' "$1" | md5sum | cut -c1-10)"; }
printf '%s\n' "$(pw 0)" | "$P" --now $now useradd bob >/dev/null
# 20 changes fill the history; each later one compares 20 hashes.
i=0
change() { # quiet: one change from pw i to pw i+1, 2 days later
	now=$((now + 2 * 86400))
	printf '%s\n%s\n' "$(pw $i)" "$(pw $((i + 1)))" | "$@" "$P" --now $now passwd bob >/dev/null
	i=$((i + 1))
}
for _ in $(seq 20); do change; done
syncs=$(
	now=$((now + 2 * 86400))
	printf '%s\n%s\n' "$(pw $i)" "$(pw $((i + 1)))" |
		strace -f -c -e trace=fdatasync,fsync "$P" --now $now passwd bob 2>&1 >/dev/null |
		awk '$NF == "fdatasync" || $NF == "fsync" {n += $4} END {print n + 0}'
)
i=$((i + 1))
now=$((now + 2 * 86400))
ms=()
for _ in $(seq "$N"); do
	t0=$(date +%s%N)
	change
	t1=$(date +%s%N)
	ms+=("$(((t1 - t0) / 1000))")
done
med=$(printf '%s\n' "${ms[@]}" | sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)] / 1000}')
# The hashes alone: `pwpol hash --no-check` makes one $6$ hash a line, the
# same cost as one verification; 22 of them, in one process as the change.
t0=$(date +%s%N)
for _ in $(seq 22); do printf 'x\n'; done | "$P" hash --no-check >/dev/null
t1=$(date +%s%N)
h=$(((t1 - t0) / 1000))
echo "RESULT change reuse=20 syncs=$syncs median_ms=$med hashes22_ms=$(awk -v h=$h 'BEGIN{print h / 1000}')"
