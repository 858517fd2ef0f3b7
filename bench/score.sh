#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# bench/score.sh - zxcvbn's score (pwpol_score, `pwpol check --score`)
# beside libpwquality's (pwscore), on the same N candidates of gen_corpus
# (or a list given as FILE): speed and agreement, in process (bench_score),
# then pwscore itself on the first 200 lines to show it scores as the
# library call does.
#
#   bench/score.sh [N [ROUNDS [FILE]]]   defaults 20000 5 (the corpus)
#
# Uses the Release build of bench/run (build-bench), building it if missing.
set -euo pipefail
N=${1:-20000}
ROUNDS=${2:-5}
FILE=${3:-}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${PWPOL_BENCH_BUILD:-$ROOT/build-bench}
OUT=$BUILD/bench
command -v pwscore >/dev/null || {
	echo "score.sh: needs pwscore (apt-get install -y libpwquality-tools)" >&2
	exit 1
}
cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DCMAKE_C_FLAGS_RELEASE="-O2 -g -DNDEBUG" \
	-DBUILD_TESTING=OFF >/dev/null
make -C "$BUILD" -j2 pwpol_static >/dev/null
make -s -C "$ROOT/bench" BUILD="$BUILD" "$OUT/gen_corpus" "$OUT/bench_score" >/dev/null
TMP=$(mktemp -d "${TMPDIR:-/tmp}/pwpol-score.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
if [ -n "$FILE" ]; then
	grep -v '^#!comment:' "$FILE" | head -n "$N" >"$TMP/corpus"
else
	"$OUT/gen_corpus" "$N" >"$TMP/corpus"
fi
"$OUT/bench_score" "$ROUNDS" <"$TMP/corpus"
# pwscore, one process a password, as an administrator runs it.
head -n 200 "$TMP/corpus" >"$TMP/head"
start=$(date +%s.%N)
total=0
while IFS= read -r pw; do
	s=$(printf '%s\n' "$pw" | pwscore alice 2>/dev/null) || s=-1
	total=$((total + 1))
	echo "$s" >>"$TMP/pwscore"
done <"$TMP/head"
end=$(date +%s.%N)
echo "pwscore (the tool, a process each): $total in $(echo "$end - $start" | bc) s"
