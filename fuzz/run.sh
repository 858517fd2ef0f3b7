#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# run.sh - builds the libFuzzer targets with clang and runs each for N
# seconds (default 60) from its seed corpus, then prints the executions per
# target. Exits non-zero if any target crashes, leaks, times out or fails
# an assertion; the input that did it is left in $BUILD/artifacts/.
#
#   fuzz/run.sh [SECONDS] [TARGET...]      e.g. fuzz/run.sh 60
#   PWPOL_FUZZ_BUILD=dir  build directory (default build-fuzz)
#   PWPOL_FUZZ_JOBS=N     parallel jobs per target (default 1)
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(fuzz_check fuzz_username fuzz_hash fuzz_config fuzz_proto)
build=${PWPOL_FUZZ_BUILD:-build-fuzz}
jobs=${PWPOL_FUZZ_JOBS:-1}

cc=${CC:-}
if [ -z "$cc" ]; then
	for c in clang clang-14 clang-15 clang-16; do
		command -v "$c" >/dev/null && cc=$c && break
	done
fi
[ -n "$cc" ] || { echo "fuzz/run.sh: clang is needed for libFuzzer" >&2; exit 2; }

flags="-g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined"
flags+=" -fno-sanitize-recover=all"
CC=$cc cmake -S . -B "$build" -DPWPOL_FUZZ=ON -DPWPOL_PAM=OFF -DBUILD_TESTING=OFF \
	-DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_FLAGS="$flags" >/dev/null
cmake --build "$build" -j"$(nproc)" --target "${targets[@]}" >/dev/null

status=0
summary=()
for t in "${targets[@]}"; do
	work=$build/corpus/$t
	mkdir -p "$work" "$build/artifacts"
	log=$build/$t.log
	echo "== $t: ${secs}s"
	par=
	# libFuzzer logs parallel workers to fuzz-N.log in the current directory.
	[ "$jobs" -gt 1 ] && par="-jobs=$jobs -workers=$jobs"
	set +e
	# The working corpus (first directory) grows; the seeds in fuzz/corpus stay as committed.
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ASAN_OPTIONS=detect_leaks=1 \
		"$build/fuzz/$t" -max_total_time="$secs" -timeout=25 -rss_limit_mb=2048 \
		$par -print_final_stats=1 \
		-artifact_prefix="$build/artifacts/$t-" "$work" "fuzz/corpus/$t" >"$log" 2>&1
	rc=$?
	set -e
	if [ "$jobs" -gt 1 ]; then
		cat fuzz-*.log >>"$log" 2>/dev/null || true
		rm -f fuzz-*.log
	fi
	runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" |
		awk '{s += $2} END {print s + 0}')
	if [ "$rc" -ne 0 ]; then
		status=1
		echo "FAIL: $t exited $rc; log $log" >&2
		grep -E 'ERROR|SUMMARY|runtime error|Test unit written' "$log" | head -20 >&2
	fi
	summary+=("$(printf '%-14s %12s executions in %ss%s' "$t" "$runs" "$secs" \
		"$([ $rc -ne 0 ] && echo '  CRASH')")")
done
echo "== fuzz summary"
printf '%s\n' "${summary[@]}"
exit $status
