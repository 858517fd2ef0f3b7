#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# test.sh - the whole test suite: the habits a machine can check
# (scripts/check-style: clang-format, SPDX lines), then a warnings-as-errors
# build and an AddressSanitizer+UndefinedBehaviorSanitizer build, each
# running every test through ctest (scripts/check-house among them).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
scripts/check-style
jobs=$(nproc)
for variant in build build-asan; do
	opts=(-DPWPOL_WERROR=ON)
	[ "$variant" = build-asan ] && opts+=(-DPWPOL_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug)
	cmake -S . -B "$variant" "${opts[@]}" >/dev/null
	cmake --build "$variant" -j"$jobs"
	echo "== ctest ($variant)"
	(cd "$variant" && ASAN_OPTIONS=detect_leaks=1 ctest --output-on-failure -j"$jobs")
done
