#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# bench/instructions.sh - instructions per check, counted by callgrind (the
# same whatever else the machine does): pwpol_check alone on 12-byte
# printable-ASCII candidates (with and without a username) and on 12-character
# candidates holding Latin-1 letters, then the `pwpol check` command per
# candidate over a corpus (reading, checking, printing).
#
#   bench/instructions.sh [N]     N candidates a kind (default 20000)
#
# Uses the Release build of bench/run (build-bench), building it if missing.
set -euo pipefail
N=${1:-20000}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${PWPOL_BENCH_BUILD:-$ROOT/build-bench}
OUT=$BUILD/bench
command -v valgrind >/dev/null || {
	echo "instructions.sh: needs valgrind (apt-get install -y valgrind)" >&2
	exit 1
}
cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DCMAKE_C_FLAGS_RELEASE="-O2 -g -DNDEBUG" \
	-DBUILD_TESTING=OFF >/dev/null
make -C "$BUILD" -j2 pwpol_static pwpol_cli >/dev/null
make -s -C "$ROOT/bench" BUILD="$BUILD" "$OUT/bench_instr" "$OUT/gen_corpus" "$OUT/bench_check" >/dev/null
TMP=$(mktemp -d /tmp/pwpol-instr.XXXXXX)
trap 'rm -rf "$TMP"' EXIT

# The instructions callgrind collected with collection on only inside FN.
count() { # FN OUTFILE CMD...
	local fn=$1 out=$2
	shift 2
	valgrind --tool=callgrind --toggle-collect="$fn" --callgrind-out-file="$out" "$@" \
		2>&1 >/dev/null | sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
for kind in ascii ascii-nouser nonascii; do
	ir=$(count pwpol_check "$TMP/cg.$kind" "$OUT/bench_instr" "$kind" "$N")
	printf 'INSTR kind=%s checks=%s instructions=%s per_check=%s\n' "$kind" "$N" "$ir" \
		"$(awk -v a="$ir" -v n="$N" 'BEGIN{printf "%.0f", a / n}')"
done
# Each engine of bench_check on the same corpus (gen_corpus N): the
# instructions of one pass, per line. Ratios of these do not move with the
# machine's load, as timings do.
"$OUT/gen_corpus" "$N" >"$TMP/corpus"
for engine in pwpol pwpol-nouser pwquality pwquality-nouser passwdqc-m0 passwdqc-m0-nouser; do
	ir=$(count pass "$TMP/cg.e" "$OUT/bench_check" "$TMP/corpus" 1 1 "$engine")
	printf 'INSTR engine=%s lines=%s instructions=%s per_line=%s\n' "$engine" "$N" "$ir" \
		"$(awk -v a="$ir" -v n="$N" 'BEGIN{printf "%.0f", a / n}')"
done
# The command: everything from main, per candidate of the corpus.
for json in "" --json; do
	# pwpol check exits 1 when a candidate is refused: not an error here.
	valgrind --tool=callgrind --callgrind-out-file="$TMP/cg.cli" "$BUILD/pwpol" $json check \
		--user alice <"$TMP/corpus" >/dev/null 2>"$TMP/vg" || true
	ir=$(sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$TMP/vg")
	printf 'INSTR kind=cli%s lines=%s instructions=%s per_line=%s\n' "${json:+-json}" "$N" "$ir" \
		"$(awk -v a="$ir" -v n="$N" 'BEGIN{printf "%.0f", a / n}')"
done
