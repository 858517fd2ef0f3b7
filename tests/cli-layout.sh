# SPDX-License-Identifier: BSD-3-Clause
# cli-layout.sh - upgrades without an outage. A store keeps two numbers:
# its layout version, and the oldest layout a pwpol must know to use it
# (the "compatible" version; an additive step, expand then contract, leaves
# it where it was). So a node still on the older package uses a store one
# additive step newer, and a node already on the newer package uses the
# store before `pwpol store upgrade`: on PostgreSQL (a fleet) opening never
# upgrades; `pwpol store upgrade` is the explicit step. SQLite (one
# machine, one package) is still brought up to date when opened.
# Before, the first upgraded node migrated the schema and the others
# refused every login ("layout version 5, newer than this pwpol knows (3)").
# Runs on both backends (cli-layout-pg).
. "$(dirname "$0")/lib.sh"
DB=$(store layout)
export PWPOL_DB=$DB
sql() { # SQL...: run on the store, one value a line
	if [ -n "${PWPOL_PG_STATE:-}" ]; then
		psql -X -q -A -t -v ON_ERROR_STOP=1 -d "$DB" -c "$*"
	else
		sqlite3 "$DB" "$*"
	fi
}
PG=0
[ -n "${PWPOL_PG_STATE:-}" ] && PG=1
printf 'system { login { lockout { maximum-failed-attempts 5; } } }\n' >"$T/p.conf"
chmod 600 "$T/p.conf"
export PWPOL_CONFIG=$T/p.conf

IN='Kx7#mWq2vL\n' run "$PWPOL" init
expect 0 "init"
run "$PWPOL" store check
expect 0 "store check"
has "layout version 10," "a new store is at this pwpol's layout"
# What an older pwpol reads: the number it compares with its own layout
# (pwpol_meta.version, PRAGMA user_version) says 9: layout 9 (the
# accounts' own aging) is not additive, layouts 7, 8 and 10 (the fleet's
# shared state) are.
if [ "$PG" = 1 ]; then
	[ "$(sql 'SELECT version, layout FROM pwpol_meta')" = "9|10" ] || fail "pwpol_meta: compatible 9, layout 10 (got $(sql 'SELECT version, layout FROM pwpol_meta'))"
else
	[ "$(sql 'PRAGMA user_version')" = 9 ] || fail "user_version: compatible 9"
	[ "$(sql 'SELECT layout FROM pwpol_meta')" = 10 ] || fail "pwpol_meta.layout 10"
fi
IN='Lay#0ut-Pass-42x\n' run "$PWPOL" useradd lou
IN='Lay#0ut-Pass-42x\nQz9!vRt#Lm27pX\n' run "$PWPOL" passwd lou
expect 0 "lou's own password"

# The next release's additive step, as it would write it: a table of its
# own, the layout 11, the compatible version left at 9. This pwpol uses it.
sql "CREATE TABLE next_release (id INTEGER); UPDATE pwpol_meta SET layout = 11" >/dev/null
IN='Qz9!vRt#Lm27pX\n' run "$PWPOL" login lou
expect 0 "a login on a store one additive step newer"
IN='Wrong#Guess-42\n' run "$PWPOL" login lou
expect 1 "a wrong password on it: refused and counted"
run "$PWPOL" --json show lou
has '"failures":1' "counted"
run "$PWPOL" store check
expect 0 "store check on the newer store"
has "layout version 11," "says its layout"
run "$PWPOL" store upgrade
expect 0 "store upgrade: nothing to do on a newer store"
has "layout version 11, newer than this pwpol knows (10): nothing to upgrade" "says so"

# The next release's step that is not additive: it raises the compatible
# version to 11. This pwpol refuses the store with a clear sentence.
if [ "$PG" = 1 ]; then
	sql "UPDATE pwpol_meta SET version = 11" >/dev/null
else
	sql "PRAGMA user_version = 11" >/dev/null
fi
IN='Qz9!vRt#Lm27pX\n' run "$PWPOL" login lou
expect 5 "a store this pwpol cannot use"
has "the store has layout version 11, newer than this pwpol knows (10), and needs a pwpol that knows layout 11 at least: install the newer pwpol here" "the sentence"
run "$PWPOL" store upgrade
expect 5 "store upgrade cannot go back"
has "needs a pwpol that knows layout 11" "the same sentence"

AGING_COLUMNS="min_days, max_days, warn_days, inactive_days, expire_date, adopted"
drop_aging() { # the ALTER TABLE that takes layout 9's columns away
	if [ "$PG" = 1 ]; then
		printf 'ALTER TABLE accounts'
		sep=' '
		for c in $(echo "$AGING_COLUMNS" | tr -d ,); do
			printf '%sDROP COLUMN %s' "$sep" "$c"
			sep=', '
		done
	else
		for c in $(echo "$AGING_COLUMNS" | tr -d ,); do
			printf 'ALTER TABLE accounts DROP COLUMN %s; ' "$c"
		done
	fi
}
# The store the previous release made (layout 8: fleet uids, no aging
# columns, compatible 6). This pwpol reads and writes the accounts' own
# aging, so on PostgreSQL (never upgraded when opened) it refuses that
# store until `store upgrade` adds them.
if [ "$PG" = 1 ]; then
	sql "DROP TABLE next_release; DROP TABLE fleet_state; $(drop_aging); UPDATE pwpol_meta SET version = 6, layout = 8" >/dev/null
	IN='Qz9!vRt#Lm27pX\n' run "$PWPOL" login lou
	expect 5 "a layout 8 store is not used by a pwpol of layout 10"
	has "the store has layout version 8, older than this pwpol can use (9): \`pwpol store upgrade\` brings it up" "the sentence"
	[ "$(sql "SELECT count(*) FROM information_schema.columns WHERE table_name = 'accounts' AND column_name = 'adopted'")" = 0 ] ||
		fail "opening never upgrades a PostgreSQL store"
	run "$PWPOL" store upgrade
	expect 0 "store upgrade"
	has "upgraded: postgresql store, layout version 8 to 10" "says what it did"
	[ "$(sql 'SELECT version, layout FROM pwpol_meta')" = "9|10" ] || fail "upgraded: compatible 9, layout 10"
	run "$PWPOL" store upgrade
	expect 0 "store upgrade again"
	has "layout version 10: nothing to upgrade" "nothing left to do"
	IN='Qz9!vRt#Lm27pX\n' run "$PWPOL" login lou
	expect 0 "lou logs in after the upgrade"
	# An older store still (layout 5: before the API tokens) is refused
	# with the same step, and `store upgrade` walks every step from it.
	sql "DROP TABLE api_tokens; DROP TABLE fleet_ids; DROP TABLE fleet_state; $(drop_aging); ALTER TABLE pwpol_meta DROP COLUMN layout; UPDATE pwpol_meta SET version = 5" >/dev/null
	IN='Qz9!vRt#Lm27pX\n' run "$PWPOL" login lou
	expect 5 "a layout 5 store is not used"
	has "the store has layout version 5, older than this pwpol can use (9): \`pwpol store upgrade\` brings it up" "the sentence"
	run "$PWPOL" store upgrade
	expect 0 "store upgrade from 5"
	has "layout version 5 to 10" "5 to 10"
	IN='Qz9!vRt#Lm27pX\n' run "$PWPOL" login lou
	expect 0 "lou logs in after the upgrade"
else
	# The store of layout 6 (no pwpol_meta, no fleet uids, no aging).
	sql "DROP TABLE next_release; DROP TABLE fleet_ids; DROP TABLE fleet_state; DROP TABLE pwpol_meta; $(drop_aging) PRAGMA user_version = 6" >/dev/null
	IN='Qz9!vRt#Lm27pX\n' run "$PWPOL" login lou
	expect 0 "a login on the store of the previous release"
	# One machine, one package: the store is brought up to date at open.
	[ "$(sql 'PRAGMA user_version')|$(sql 'SELECT layout FROM pwpol_meta')" = "9|10" ] ||
		fail "SQLite: upgraded when opened"
	run "$PWPOL" store upgrade
	expect 0 "store upgrade on SQLite"
	has "layout version 10: nothing to upgrade" "already done at open"
fi
run "$PWPOL" --json show lou
has '"failures":0' "the account came through every step"
done_testing
