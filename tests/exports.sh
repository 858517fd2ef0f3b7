#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# exports.sh LIB HEADER [MAP SYMBOLS] - libpwpol.so exports exactly the
# functions that pwpol.h declares: no internal helper (pwpol__*), nothing
# of the libraries it links, and no declared function missing. With MAP
# (lib/libpwpol.map) and SYMBOLS (debian/libpwpol0.symbols): every export
# carries the version node of a release (PWPOL_X.Y, each named in the map,
# no glob among the globals, each later node inheriting the one before,
# none after the release PWPOL_VERSION names), and the symbols file lists
# each export with that node, as first in that release, and nothing else.
set -euo pipefail
lib=$1 header=$2 map=${3:-} symbols=${4:-}
fails=0
fail() {
	echo "FAIL: $*" >&2
	fails=$((fails + 1))
}
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
if [ -n "$map" ]; then
	# name@@NODE of every function exported, and the nodes of the map.
	versioned=$(nm -D --defined-only "$lib" | awk '$2 ~ /^[TDBRW]$/ {print $3}' | sort -u)
	unversioned=$(echo "$versioned" | grep -v '@@PWPOL_[0-9][0-9]*\.[0-9][0-9]*$' || true)
	[ -z "$unversioned" ] || fail "exported without a release's version node:" $unversioned
	nodes=$(grep -oE '^PWPOL_[0-9]+\.[0-9]+' "$map")
	for node in $(echo "$versioned" | sed 's/.*@@//' | sort -u); do
		echo "$nodes" | grep -qx "$node" || fail "$node is no node of $map"
	done
	# A glob may only make the rest local.
	globs=$(sed 's/#.*//; /^ *\/\*/,/\*\//d' "$map" | awk '/local:/ {l=1} /global:/ {l=0} /}/ {l=0} !l && /\*/' || true)
	[ -z "$globs" ] || fail "a glob among the exported names of $map:" $globs
	# Each node after the first inherits the one before it.
	prev=
	for node in $nodes; do
		if [ -n "$prev" ] && ! grep -qE "^} *$prev *;" <(sed -n "/^$node /,/^}/p" "$map"); then
			fail "$node does not inherit $prev (\"} $prev;\")"
		fi
		prev=$node
	done
	# No node of a release after the one the header names.
	release=$(sed -n 's/^#define PWPOL_VERSION "\([0-9]*\.[0-9]*\)\..*/\1/p' "$header")
	last=$(echo "$nodes" | tail -1)
	newest=$(printf '%s\n%s\n' "${last#PWPOL_}" "$release" | sort -V | tail -1)
	[ "$newest" = "$release" ] || fail "$last is newer than release $release (PWPOL_VERSION)"
	if [ -n "$symbols" ]; then
		# A function's node is the release that first had it.
		off=$(awk '/^ pwpol_/ {split($1, a, "@PWPOL_"); split($2, v, ".");
			if (a[2] != v[1] "." v[2]) print $1 " " $2}' "$symbols")
		[ -z "$off" ] || fail "node and first release disagree in $symbols:" $off
		listed=$(awk '/^ pwpol_/ {print $1}' "$symbols" | sed 's/@/@@/' | sort -u)
		only_lib=$(comm -23 <(echo "$versioned") <(echo "$listed"))
		only_sym=$(comm -13 <(echo "$versioned") <(echo "$listed"))
		[ -z "$only_lib" ] || fail "exported, not in $symbols as exported:" $only_lib
		[ -z "$only_sym" ] || fail "in $symbols, not exported so:" $only_sym
		for node in $nodes; do
			grep -q "^ $node@$node " "$symbols" || fail "$symbols lacks the node $node@$node"
		done
	fi
fi
n=$(echo "$got" | wc -l)
[ "$n" -gt 20 ] || { echo "FAIL: only $n symbols: is this the library?" >&2; fails=$((fails + 1)); }
[ "$fails" -eq 0 ] || exit 1
echo "1 passed, 0 failed: $n symbols exported, all declared in pwpol.h"
