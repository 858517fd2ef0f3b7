# SPDX-License-Identifier: BSD-3-Clause
# pg-lock.sh - a row held by another transaction (a psql session left
# open in BEGIN ... FOR UPDATE) does not hang the logins of that account:
# after the library's lock_timeout (5 s) the call answers that the store is
# busy (exit 5; PAM_AUTHINFO_UNAVAIL through the module), and once the row
# is let go the next failure is counted. Needs PWPOL_PG_STATE (the ctest
# fixture, pg-server.sh).
. "$(dirname "$0")/lib.sh"
: "${PWPOL_PG_STATE:?run by ctest with the pg fixture}"
# shellcheck disable=SC1090
. "$PWPOL_PG_STATE" # BIN, DIR: the test server
PW='Kx7#mWq2vL'
db=$(store lock)
name=$(printf '%s\n' "$db" | sed 's|^postgresql://[^/]*/||; s|?.*||')
IN="$PW\n" run "$PWPOL" --db "$db" init
expect 0 "init"
IN="$PW\n" run "$PWPOL" --db "$db" useradd alice
expect 0 "useradd alice"

# hold: alice's row held FOR UPDATE in a transaction psql keeps open
# until release (its input, fd 7, closed: psql ends, the server rolls back).
hold() {
	mkfifo "$T/psql.in"
	PGOPTIONS= "$BIN/psql" -X -q -h "$DIR/sock" -p 5439 -U postgres -d "$name" \
		<"$T/psql.in" >/dev/null 2>"$T/psql.err" &
	HOLDER=$!
	exec 7>"$T/psql.in"
	printf "BEGIN;\nSELECT name FROM accounts WHERE name = 'alice' FOR UPDATE;\n" >&7
	# Held once the server says a session of this database sits in its
	# transaction.
	local i n
	for i in $(seq 1 100); do
		n=$(PGOPTIONS= "$BIN/psql" -X -qtA -h "$DIR/sock" -p 5439 -U postgres -d "$name" -c \
			"SELECT count(*) FROM pg_stat_activity WHERE datname = '$name' AND state = 'idle in transaction'")
		[ "$n" = 0 ] || return 0
		sleep 0.1
	done
	fail "psql never held the row: $(cat "$T/psql.err")"
}

hold
start=$(date +%s)
IN='wrong#Pass99\n' run timeout 25 "$PWPOL" --db "$db" login alice
took=$(($(date +%s) - start))
[ "$RC" -ne 124 ] || fail "a held row hangs the login"
expect 5 "a held row: the store is busy"
# The face gets one sentence whatever the account (the attempt is not
# judged); the store's own reason goes to the log (PAM's check below).
has "the attempt could not be recorded (the store is busy or failing): it was not judged" "says why"
[ "$took" -le 12 ] || fail "answered after ${took}s"

if [ -n "${PAM_PWPOL:-}" ] && [ -n "${PAM_DRIVER:-}" ]; then
	. "$(dirname "$0")/lib-pam.sh"
	service lock "db=$db nodelay"
	PAM_WRAP=(timeout 25)
	IN='wrong#Pass99\n' pam --service lock --user alice authenticate
	expect 9 "PAM, a held row: PAM_AUTHINFO_UNAVAIL"
	logged "lock_timeout" "PAM: the reason is logged"
fi
exec 7>&-
wait "$HOLDER" || fail "psql: $(cat "$T/psql.err")"

# Let go: the next failure is counted.
IN='wrong#Pass99\n' run "$PWPOL" --db "$db" login alice
expect 1 "the row free: a wrong password"
IN= run "$PWPOL" --db "$db" --json show alice
has '"failures":1' "the failure counted once the row is free"
done_testing
