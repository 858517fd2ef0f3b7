#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# exports.sh LIB HEADER - libpwpol.so exports exactly the functions that
# pwpol.h declares: no internal helper (pwpol__*), nothing of the libraries
# it links, and no declared function missing.
set -euo pipefail
lib=$1 header=$2
fails=0
got=$(nm -D --defined-only "$lib" | awk '$2 ~ /^[TDBRW]$/ {print $3}' | sed 's/@.*//' | sort -u)
want=$(grep -oE '\bpwpol_[a-z_]+\(' "$header" | tr -d '(' | sort -u)
extra=$(comm -23 <(echo "$got") <(echo "$want"))
missing=$(comm -13 <(echo "$got") <(echo "$want"))
if [ -n "$extra" ]; then
	echo "FAIL: exported but not in pwpol.h:" $extra >&2
	fails=$((fails + 1))
fi
if [ -n "$missing" ]; then
	echo "FAIL: declared in pwpol.h but not exported:" $missing >&2
	fails=$((fails + 1))
fi
n=$(echo "$got" | wc -l)
[ "$n" -gt 20 ] || { echo "FAIL: only $n symbols: is this the library?" >&2; fails=$((fails + 1)); }
[ "$fails" -eq 0 ] || exit 1
echo "1 passed, 0 failed: $n symbols exported, all declared in pwpol.h"
