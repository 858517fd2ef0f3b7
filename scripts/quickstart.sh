#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# quickstart.sh - from nothing to a working pwpol: installs the build
# dependencies, builds, then runs pwpol's main job on a demo SQLite store:
# a policy check, the system accounts initialised, a login.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)"
pw=build/pwpol
demo=$(mktemp -d /tmp/pwpol-demo.XXXXXX)
export PWPOL_DB=$demo/accounts.db
echo "== pwpol check --user admin (ssr profile)"
printf 'Admin1234!\nS3cure#Pass\n' | $pw check --user admin || true
echo "== pwpol init (admin, root, t128) on $PWPOL_DB"
printf 'Kx7#mWq2vL\n' | $pw init
echo "== pwpol login admin"
printf 'Kx7#mWq2vL\n' | $pw login admin
$pw show
echo "Built: $pw (demo store left in $demo)"
