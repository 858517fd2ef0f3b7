#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# pg-server.sh - a throwaway PostgreSQL server for the tests, from Debian's
# `postgresql` package: initdb + pg_ctl in a temporary directory, as an
# unprivileged user (the package's `postgres` when run as root), listening
# only on a Unix socket in that directory (no TCP port, so it never meets
# the machine's own cluster or its port 5432).
#
#   pg-server.sh start STATE        start; STATE (a file) remembers where
#   pg-server.sh stop STATE         stop and remove everything
#   pg-server.sh halt|resume STATE  stop / start the same server (outage tests)
#   pg-server.sh run STATE DB CMD...  make database DB afresh, run CMD with
#                                   PWPOL_TEST_PG set to its URI
#   pg-server.sh standby STATE PRIMARY  a streaming standby of the server of
#                                   PRIMARY (pg_basebackup -R), its socket in
#                                   a directory of its own; stopped by `stop`
#   pg-server.sh promote STATE      promote the standby (pg_ctl promote)
#   pg-server.sh fresh STATE DB [serializable]
#                                   make database DB afresh (its transactions
#                                   SERIALIZABLE if asked), print its URI
#
# Settings are for speed (fsync off: a test server holds nothing to keep
# past a machine crash); commits still reach the kernel before they are
# answered, so `halt` (an immediate stop, as a crash) loses none.
# PWPOL_PG_FSYNC=on makes a durable server (bench/fleet, to compare fairly
# with SQLite's synchronous=FULL).
set -euo pipefail

cmd=${1:?usage: pg-server.sh start|stop|halt|resume|run|fresh STATE ...}
state=${2:?usage: pg-server.sh $cmd STATE}
PORT=5439 # names the socket file only: the server listens on no TCP port

bindir() {
	local d
	d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
	[ -x "$d/initdb" ] || {
		echo "pg-server.sh: no PostgreSQL server binaries (apt-get install postgresql)" >&2
		exit 1
	}
	echo "$d"
}

# as_owner CMD...: runs CMD as the server's owner.
as_owner() {
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

load() {
	[ -f "$state" ] || {
		echo "pg-server.sh: no server recorded in $state" >&2
		exit 1
	}
	# shellcheck disable=SC1090
	. "$state"
}

psql_admin() {
	PGOPTIONS='-c client_min_messages=warning' "$BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$DIR/sock" -p "$PORT" -U postgres -d postgres "$@"
}

uri() {
	echo "postgresql://postgres@/$1?host=$DIR/sock&port=$PORT"
}

case $cmd in
start)
	BIN=$(bindir)
	DIR=$(mktemp -d /tmp/pwpol-pg.XXXXXX)
	chmod 755 "$DIR"
	mkdir -m 700 "$DIR/data"
	mkdir -m 755 "$DIR/sock"
	[ "$(id -u)" -eq 0 ] && chown postgres: "$DIR/data" "$DIR/sock"
	printf 'BIN=%q\nDIR=%q\n' "$BIN" "$DIR" >"$state"
	as_owner "$BIN/initdb" -D "$DIR/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 \
		>"$DIR/initdb.log" 2>&1 || {
		cat "$DIR/initdb.log" >&2
		exit 1
	}
	cat >>"$DIR/data/postgresql.conf" <<EOF
listen_addresses = ''
port = $PORT
unix_socket_directories = '$DIR/sock'
fsync = ${PWPOL_PG_FSYNC:-off}
full_page_writes = ${PWPOL_PG_FSYNC:-off}
max_connections = ${PWPOL_PG_MAXCONN:-100}
EOF
	as_owner "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/data/server.log" -w -t 30 start >/dev/null
	echo "$(uri postgres)"
	;;
stop)
	[ -f "$state" ] || exit 0
	load
	as_owner "$BIN/pg_ctl" -D "$DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
	rm -rf "$DIR" "$state"
	;;
standby)
	primary=${3:?usage: pg-server.sh standby STATE PRIMARY_STATE}
	PDIR=$(. "$primary" && echo "$DIR")
	BIN=$(bindir)
	DIR=$(mktemp -d /tmp/pwpol-pg.XXXXXX)
	chmod 755 "$DIR"
	mkdir -m 700 "$DIR/data"
	mkdir -m 755 "$DIR/sock"
	[ "$(id -u)" -eq 0 ] && chown postgres: "$DIR/data" "$DIR/sock"
	printf 'BIN=%q\nDIR=%q\n' "$BIN" "$DIR" >"$state"
	as_owner "$BIN/pg_basebackup" -D "$DIR/data" -R -X stream -c fast -h "$PDIR/sock" -p "$PORT" \
		-U postgres >"$DIR/basebackup.log" 2>&1 || {
		cat "$DIR/basebackup.log" >&2
		exit 1
	}
	# The primary's settings came with the copy; the socket is its own.
	echo "unix_socket_directories = '$DIR/sock'" >>"$DIR/data/postgresql.conf"
	as_owner "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/data/server.log" -w -t 30 start >/dev/null
	;;
promote)
	load
	as_owner "$BIN/pg_ctl" -D "$DIR/data" -w -t 30 promote >/dev/null
	;;
halt)
	load
	as_owner "$BIN/pg_ctl" -D "$DIR/data" -m immediate -w stop >/dev/null
	;;
resume)
	load
	as_owner "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/data/server.log" -w -t 30 start >/dev/null
	;;
fresh)
	load
	db=${3:?database name}
	psql_admin -c "DROP DATABASE IF EXISTS \"$db\"" -c "CREATE DATABASE \"$db\""
	if [ "${4:-}" = serializable ]; then
		psql_admin -c "ALTER DATABASE \"$db\" SET default_transaction_isolation = 'serializable'"
	fi
	uri "$db"
	;;
run)
	load
	db=${3:?database name}
	shift 3
	psql_admin -c "DROP DATABASE IF EXISTS \"$db\"" -c "CREATE DATABASE \"$db\""
	PWPOL_TEST_PG=$(uri "$db") exec "$@"
	;;
*)
	echo "pg-server.sh: unknown command $cmd" >&2
	exit 2
	;;
esac
