#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# build-deb.sh [OUTDIR] - builds the Debian packages (libpwpol0,
# libpwpol-dev, libpwpol0-store-postgresql, pwpol, libpam-pwpol, pwpol-web,
# pwpol-conductor, pwpold, libnss-pwpol) with `dpkg-buildpackage -b -us -uc`
# from a copy of this tree, so that the tree stays clean and nothing is
# written beside it, then runs lintian on them. The .deb files end in
# OUTDIR (default build-deb/). Needs: scripts/deps.sh.
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
out=$(realpath -m "${1:-$src/build-deb}")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/pwpol" "$out"
tar -C "$src" --exclude-vcs --exclude='./build*' --exclude='./obj-*' \
	--exclude='./debian/tmp' -cf - . | tar -C "$work/pwpol" -xf -
export DEB_BUILD_OPTIONS=${DEB_BUILD_OPTIONS:-parallel=$(nproc)}
(cd "$work/pwpol" && dpkg-buildpackage -b -us -uc)
rm -f "$out"/*.deb "$out"/*.changes "$out"/*.buildinfo
mv "$work"/*.deb "$work"/*.changes "$work"/*.buildinfo "$out"/
if command -v lintian >/dev/null; then
	lintian --fail-on error,warning --info "$out"/pwpol_*.changes
fi
ls "$out"/*.deb
