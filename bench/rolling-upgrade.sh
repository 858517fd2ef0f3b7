#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# rolling-upgrade.sh OLD_BUILD [NEW_BUILD] - a rolling upgrade with real
# binaries: OLD_BUILD is a build of the release before (e.g. `git archive`
# of it into /tmp, cmake, `--target pwpol_cli`), NEW_BUILD this one
# (default build). On a throwaway PostgreSQL server (tests/pg-server.sh)
# and on a SQLite file: the old pwpol makes the store, the new one logs in
# on it (PostgreSQL: not upgraded by that), `store upgrade`, then the old
# one logs in and counts a failure on the upgraded store. Every line but
# the upgrade's should say ok / rejected as shown in doc/reliability.md.
set -u
OLD=${1:?usage: rolling-upgrade.sh OLD_BUILD [NEW_BUILD]}/pwpol
NEW=${2:-build}/pwpol
HERE=$(cd "$(dirname "$0")" && pwd)
T=$(mktemp -d /tmp/pwpol-ru.XXXXXX)
chmod 755 "$T"
trap 'bash "$HERE/../tests/pg-server.sh" stop "$T/pg.state"; rm -rf "$T"' EXIT
bash "$HERE/../tests/pg-server.sh" start "$T/pg.state" >/dev/null
URI=$(bash "$HERE/../tests/pg-server.sh" fresh "$T/pg.state" rolling)
export PWPOL_CONFIG=
for DB in "$URI" "$T/accounts.db"; do
	echo "== ${DB%%\?*}"
	echo 'Kx7#mWq2vL' | "$OLD" --db "$DB" init >/dev/null
	echo "old init: $?"
	echo 'Kx7#mWq2vL' | "$NEW" --db "$DB" login admin
	echo "new login on the old store: $?"
	"$NEW" --db "$DB" store check
	"$NEW" --db "$DB" store upgrade
	echo 'Kx7#mWq2vL' | "$OLD" --db "$DB" login admin
	echo "old login on the upgraded store: $?"
	echo 'wrong#Pass99' | "$OLD" --db "$DB" login admin
	echo "old wrong password: $?"
	"$NEW" --db "$DB" --json show admin | grep -o '"failures":[0-9]*'
	"$OLD" --db "$DB" store check
done
