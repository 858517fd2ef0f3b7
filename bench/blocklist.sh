#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# bench/blocklist.sh - the `blocklist` lookup beside libpwquality's cracklib
# check: a passwdqc filter of ENTRIES random passwords is made with
# pwqfilter in a temporary directory (removed at the end), then
# bench_blocklist alternates pwpol_check with the filter and pwquality_check
# with its default cracklib dictionary, round by round, on the same
# candidates (one in 16 listed).
#
#   bench/blocklist.sh [ENTRIES [CANDIDATES [ROUNDS]]]   defaults 100000000 20000 5
#
# A filter of 10^8 entries takes about 0.5 GB and a few minutes to make;
# the script says so and stops if the temporary directory has less than
# 2 GB free (give a smaller ENTRIES, e.g. 10000000).
# Uses the Release build of bench/run (build-bench), building it if missing.
set -euo pipefail
ENTRIES=${1:-100000000}
N=${2:-20000}
ROUNDS=${3:-5}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${PWPOL_BENCH_BUILD:-$ROOT/build-bench}
OUT=$BUILD/bench
for c in pwqfilter; do
	command -v "$c" >/dev/null || {
		echo "blocklist.sh: needs $c (apt-get install -y passwdqc)" >&2
		exit 1
	}
done
[ -e /var/cache/cracklib/cracklib_dict.pwd ] || {
	echo "blocklist.sh: needs cracklib's dictionary (apt-get install -y cracklib-runtime)" >&2
	exit 1
}
cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DCMAKE_C_FLAGS_RELEASE="-O2 -g -DNDEBUG" \
	-DBUILD_TESTING=OFF >/dev/null
make -C "$BUILD" -j2 pwpol_static >/dev/null
make -s -C "$ROOT/bench" BUILD="$BUILD" "$OUT/bench_blocklist" >/dev/null
TMP=$(mktemp -d "${TMPDIR:-/tmp}/pwpol-blocklist.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
free_kb=$(df -Pk "$TMP" | awk 'NR==2 {print $4}')
if [ "$free_kb" -lt 2000000 ]; then
	echo "blocklist.sh: less than 2 GB free in $TMP: give a smaller ENTRIES" >&2
	exit 1
fi
# pwqfilter fills a filter to ~98% of its capacity.
cap=$((ENTRIES + ENTRIES / 20 + 1000))
t0=$(date +%s)
"$OUT/bench_blocklist" gen "$ENTRIES" | pwqfilter --create="$cap" -o "$TMP/filter.pwq" 2>"$TMP/log" || {
	cat "$TMP/log" >&2
	exit 1
}
t1=$(date +%s)
chmod 644 "$TMP/filter.pwq"
echo "NOTE blocklist filter entries=$ENTRIES bytes=$(stat -c %s "$TMP/filter.pwq") made_in_s=$((t1 - t0))"
taskset -c "$(($(nproc) - 1))" "$OUT/bench_blocklist" run "$TMP/filter.pwq" "$ENTRIES" "$N" "$ROUNDS"
