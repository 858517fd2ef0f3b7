/*
 * store-pg.c - the fleet store: the accounts in a PostgreSQL database, so
 * that every machine sees one set of accounts, one history and one lockout
 * (a failure on one node counts on all).
 *
 * Why it is written this way:
 * - The store is named by a libpq connection URI. Run by its own user,
 *   the URI is handed to libpq as it is (PQconnectStartParams with
 *   expand_dbname): PGHOST, PGSERVICEFILE, `service=`, ~/.pgpass, sslmode
 *   and client certificates work as libpq documents them, so no password
 *   needs to sit in a PAM file or an argument list. pwpol adds only
 *   connect_timeout (5 s) when neither the URI, a service nor
 *   PGCONNECT_TIMEOUT says otherwise, and holds the whole connection to it.
 * - In a host (a PAM module inside su or sshd: pwpol_set_hosted, or any
 *   setuid program) the environment is the caller's, and nothing of it may
 *   choose the server, its options or its certificates. There the library
 *   gives libpq every keyword itself (hosted_settings): the URI's, the
 *   system service file's (read here, on trust), no home file, and runs
 *   libpq's connect with an empty environment (connect_quietly).
 * - One connection per open store (per command, per PAM call); nothing is
 *   retried or reconnected behind account.c's back. A connection lost in a
 *   transaction ends it on the server: nothing half-written, and every
 *   call answers ESYSTEM with a sentence.
 * - A write transaction runs at the server's isolation (READ COMMITTED by
 *   default) and get() inside it reads with SELECT ... FOR UPDATE: the row
 *   stays as read until commit, which is what SQLite's BEGIN IMMEDIATE
 *   gives the SQLite store. A failure is counted by one UPDATE ... SET
 *   failures = failures + 1 ... RETURNING. Where the engine runs
 *   SERIALIZABLE (CockroachDB, or a server so configured) a conflict
 *   (SQLSTATE 40001, 40P01) sets s->conflict so that account.c runs the
 *   decision again.
 * - Standard SQL that PostgreSQL-compatible engines take: no advisory
 *   locks, no server-side functions, no SERIAL; the tables live in the
 *   role's current schema.
 * - Every statement is sent with PQexecParams (one round trip, values never
 *   spliced into SQL text); preparing them at open would cost a round trip
 *   each for a one-shot command.
 */
#include "store-pg.h"

#include <errno.h>
#include <fcntl.h>
#include <libpq-fe.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define CONNECT_TIMEOUT "5"
/* The system's service file, the one a host reads (libpq's SYSCONFDIR,
 * from pg_config --sysconfdir at build time). */
#ifndef PWPOL_PG_SERVICE_FILE
#define PWPOL_PG_SERVICE_FILE "/etc/postgresql-common/pg_service.conf"
#endif
#define SERVICE_FILE_MAX (64 * 1024)
/* How long a statement waits for a row another transaction holds (a
 * psql session left open, a stuck node) before the call answers that the
 * store is busy, and how long any statement may run. Without them a held
 * row hangs every failed login of that account. */
#define LOCK_TIMEOUT_MS      5000
#define STATEMENT_TIMEOUT_MS 30000
#define STR(x)               #x
#define XSTR(x)              STR(x)
static const char session_limits[] = "SET lock_timeout = " XSTR(
    LOCK_TIMEOUT_MS) "; "
                     "SET statement_timeout = " XSTR(STATEMENT_TIMEOUT_MS);
/* A name no file can have (/dev/null is no directory): in a host it stands
 * where libpq would look for a file in a home directory. */
#define NO_FILE "/dev/null/none"
/* Attempts at making a new store when another node makes it at the same time. */
#define CREATE_ATTEMPTS 3

/* The layout's version: one row, the number of step[] applied. */
static const char meta_table[] =
    "CREATE TABLE pwpol_meta (id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL)";

/* The schema, version 1: the same tables and columns as the SQLite store
 * (store-sqlite.c), the one place this backend declares them. */
static const char schema_v1[] =
    "CREATE TABLE accounts (\n"
    "  name TEXT PRIMARY KEY,               -- login name (pwpol_username_check)\n"
    "  hash TEXT NOT NULL,                  -- crypt(3) hash of the current password\n"
    "  changed BIGINT NOT NULL,             -- epoch seconds when the password was set\n"
    "  flags INTEGER NOT NULL DEFAULT 0,    -- 1 temporary, 2 factory default: change at login\n"
    "  failures INTEGER NOT NULL DEFAULT 0, -- consecutive failed logins since the last success\n"
    "  locked_until BIGINT NOT NULL DEFAULT 0 -- epoch seconds the lock ends; 0 = not locked\n"
    ");\n"
    "CREATE TABLE history (\n"
    "  account TEXT NOT NULL,               -- accounts.name\n"
    "  seq BIGINT NOT NULL,                 -- generation: larger is newer\n"
    "  hash TEXT NOT NULL,                  -- crypt(3) hash of an earlier password\n"
    "  PRIMARY KEY (account, seq)\n"
    ")";

/* Version 2: refusals that count against no account (store.h,
 * note_refusal), as in store-sqlite.c. */
static const char schema_v2[] =
    "CREATE TABLE refusals (\n"
    "  kind TEXT PRIMARY KEY,               -- unknown: no such account; locked: already locked\n"
    "  n BIGINT NOT NULL DEFAULT 0          -- how many since the store was made\n"
    ")";

/* Version 3: the committed configurations (config-store.c), as in
 * store-sqlite.c. */
static const char schema_v3[] =
    "CREATE TABLE config_commits (\n"
    "  seq BIGINT PRIMARY KEY,              -- 1, 2, ...: larger is newer; the newest is active\n"
    "  time BIGINT NOT NULL,                -- epoch seconds of the commit\n"
    "  author TEXT NOT NULL,                -- who committed it\n"
    "  comment TEXT NOT NULL DEFAULT '',    -- its -m COMMENT\n"
    "  text TEXT NOT NULL,                  -- the configuration as committed\n"
    "  confirm_by BIGINT NOT NULL DEFAULT 0, -- commit confirmed: deadline; 0 = none/confirmed\n"
    "  reuse_since BIGINT NOT NULL DEFAULT 0 -- when minimum-reuse came into force; 0 = not\n"
    ")";

/* Version 4: class and enabled, as in store-sqlite.c (which says why
 * t128 is a super-user). */
static const char schema_v4[] =
    "ALTER TABLE accounts ADD COLUMN class TEXT NOT NULL DEFAULT 'unauthorized';\n"
    "ALTER TABLE accounts ADD COLUMN enabled INTEGER NOT NULL DEFAULT 1;\n"
    "UPDATE accounts SET class = 'super-user' WHERE name IN ('admin', 'root', 't128')";

/* Version 5: the time of the last counted failure, as in store-sqlite.c. */
static const char schema_v5[] =
    "ALTER TABLE accounts ADD COLUMN last_failure BIGINT NOT NULL DEFAULT 0";

/* Version 6: per-account aging and adopted, as in store-sqlite.c. */
static const char schema_v6[] = "ALTER TABLE accounts ADD COLUMN min_days BIGINT;\n"
                                "ALTER TABLE accounts ADD COLUMN max_days BIGINT;\n"
                                "ALTER TABLE accounts ADD COLUMN warn_days BIGINT;\n"
                                "ALTER TABLE accounts ADD COLUMN inactive_days BIGINT;\n"
                                "ALTER TABLE accounts ADD COLUMN expire_date BIGINT;\n"
                                "ALTER TABLE accounts ADD COLUMN adopted BIGINT NOT NULL DEFAULT 0";

/* The upgrade steps: step[v] takes a store from version v to v+1. A new
 * layout adds a step and never edits an old one. */
static const char *const step[] = {
    schema_v1, /* 0 -> 1: an empty database becomes a store */
    schema_v2, /* 1 -> 2: refusals */
    schema_v3, /* 2 -> 3: configuration commits */
    schema_v4, /* 3 -> 4: class and enabled */
    schema_v5, /* 4 -> 5: accounts.last_failure */
    schema_v6, /* 5 -> 6: per-account aging, adopted */
};
#define SCHEMA_VERSION ((int)(sizeof step / sizeof step[0]))

#define COLUMNS                                                                                    \
	"name, hash, changed, flags, failures, locked_until, class, enabled, last_failure, "       \
	"min_days, max_days, warn_days, inactive_days, expire_date, adopted"
#define AGING_FIRST 9 /* the column (0-based) of min_days */
#define PUT_PARAMS  15

static const char sql_get[] = "SELECT " COLUMNS " FROM accounts WHERE name = $1";
static const char sql_get_locked[] = "SELECT " COLUMNS " FROM accounts WHERE name = $1 FOR UPDATE";
static const char sql_insert[] =
    "INSERT INTO accounts (" COLUMNS ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, "
    "$12, $13, $14, $15)";
static const char sql_put[] =
    "INSERT INTO accounts (" COLUMNS ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, "
    "$12, $13, $14, $15) "
    "ON CONFLICT (name) DO UPDATE SET hash = EXCLUDED.hash, changed = EXCLUDED.changed, "
    "flags = EXCLUDED.flags, failures = EXCLUDED.failures, locked_until = EXCLUDED.locked_until, "
    "class = EXCLUDED.class, enabled = EXCLUDED.enabled, last_failure = EXCLUDED.last_failure, "
    "min_days = EXCLUDED.min_days, max_days = EXCLUDED.max_days, "
    "warn_days = EXCLUDED.warn_days, inactive_days = EXCLUDED.inactive_days, "
    "expire_date = EXCLUDED.expire_date, adopted = EXCLUDED.adopted";
/* What a login or a user's own change writes: never the class or the
 * enabled flag, so that the machines' role can be granted UPDATE on these
 * columns alone (README, "A fleet") and cannot promote an account. */
static const char sql_put_login[] =
    "UPDATE accounts SET hash = $2, changed = $3, flags = $4, failures = $5, "
    "locked_until = $6, last_failure = $9 WHERE name = $1 AND class = $7 AND enabled = $8 "
    "AND min_days IS NOT DISTINCT FROM $10::bigint AND max_days IS NOT DISTINCT FROM $11::bigint "
    "AND warn_days IS NOT DISTINCT FROM $12::bigint "
    "AND inactive_days IS NOT DISTINCT FROM $13::bigint "
    "AND expire_date IS NOT DISTINCT FROM $14::bigint AND adopted = $15::bigint";
static const char sql_list[] = "SELECT " COLUMNS " FROM accounts ORDER BY name";
static const char sql_add_failure[] =
    "UPDATE accounts SET failures = failures + 1 WHERE name = $1 RETURNING failures";
static const char sql_hist_push[] = "INSERT INTO history (account, seq, hash) "
                                    "SELECT $1, coalesce(max(seq), 0) + 1, $2 FROM history "
                                    "WHERE account = $1";
static const char sql_hist_get[] =
    "SELECT hash FROM history WHERE account = $1 ORDER BY seq DESC LIMIT $2";
static const char sql_hist_trim[] =
    "DELETE FROM history WHERE account = $1 AND seq NOT IN "
    "(SELECT seq FROM history WHERE account = $1 ORDER BY seq DESC LIMIT $2)";
static const char sql_hist_count[] = "SELECT count(*) FROM history WHERE account = $1";

struct pg *pwpol__pg(pwpol_store *s)
{
	return s->impl;
}

/* libpq's message on one line: its messages end in a newline and may hold
 * a tab-indented hint. */
static void one_line(char *out, size_t n, const char *msg)
{
	snprintf(out, n, "%s", msg && msg[0] ? msg : "unknown error");
	for (char *p = out; *p; p++)
		if (*p == '\n' || *p == '\t' || *p == '\r')
			*p = ' ';
	size_t len = strlen(out);
	while (len && out[len - 1] == ' ')
		out[--len] = 0;
}

static void make_label(struct pg *g)
{
	const char *host = PQhost(g->c), *port = PQport(g->c), *db = PQdb(g->c),
	           *user = PQuser(g->c);
	snprintf(g->label, sizeof g->label, "postgresql://%s%s%s:%s/%s", user ? user : "",
	         user && user[0] ? "@" : "", host ? host : "", port ? port : "", db ? db : "");
}

/* The sentence for a failed statement (r may be NULL). */
static enum pwpol_status pg_fail(pwpol_store *s, const PGresult *r, const char *what)
{
	struct pg *g = pwpol__pg(s);
	char msg[384];
	const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
	/* A failure with no SQLSTATE comes from libpq itself, not from the
	 * server: the connection broke, though libpq may not say CONNECTION_BAD
	 * yet ("server closed the connection unexpectedly"). Class 08 is a
	 * connection exception, 57P0x an administrator or crash shutdown. */
	int lost = PQstatus(g->c) == CONNECTION_BAD || !state || !strncmp(state, "08", 2) ||
	           !strncmp(state, "57P", 3);
	if (lost) {
		one_line(msg, sizeof msg, PQerrorMessage(g->c));
		return pwpol__store_fail(s, PWPOL_ESYSTEM,
		                         "%s: %s: the connection to the server was lost (%s)",
		                         g->label, what, msg);
	}
	/* The server's sentence alone, without its statement excerpt. */
	const char *primary = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	one_line(msg, sizeof msg, primary ? primary : PQerrorMessage(g->c));
	if (state && (!strcmp(state, "40001") || !strcmp(state, "40P01"))) {
		enum pwpol_status st = pwpol__store_fail(
		    s, PWPOL_ESYSTEM,
		    "%s: %s: a concurrent change on another node won; try again (%s)", g->label,
		    what, msg);
		s->conflict = 1;
		return st;
	}
	if (state && !strcmp(state, "55P03")) /* lock_not_available: lock_timeout */
		return pwpol__store_fail(s, PWPOL_ESYSTEM,
		                         "%s: %s: the store is busy: another transaction has held "
		                         "the row for %d s (lock_timeout); try again",
		                         g->label, what, LOCK_TIMEOUT_MS / 1000);
	if (state && !strcmp(state, "57014")) /* query_canceled: statement_timeout */
		return pwpol__store_fail(s, PWPOL_ESYSTEM,
		                         "%s: %s: the store is busy: no answer within %d s "
		                         "(statement_timeout); try again",
		                         g->label, what, STATEMENT_TIMEOUT_MS / 1000);
	if (state && !strcmp(state, "42501"))
		return pwpol__store_fail(s, PWPOL_ESYSTEM,
		                         "%s: %s: the database role lacks a right pwpol needs (%s)",
		                         g->label, what, msg);
	return pwpol__store_fail(s, PWPOL_ESYSTEM, "%s: %s: %s", g->label, what, msg);
}

/* Runs a statement with text parameters. Returns the result when its status
 * is `want`, else NULL with *st set (the sentence in s->err). */
PGresult *pwpol__pg_exec(pwpol_store *s, const char *sql, int n, const char *const *params,
                         ExecStatusType want, const char *what, enum pwpol_status *st)
{
	struct pg *g = pwpol__pg(s);
	PGresult *r = n || want == PGRES_TUPLES_OK
	                  ? PQexecParams(g->c, sql, n, NULL, params, NULL, NULL, 0)
	                  : PQexec(g->c, sql);
	if (r && PQresultStatus(r) == want) {
		*st = PWPOL_OK;
		return r;
	}
	if (!r && PQstatus(g->c) != CONNECTION_BAD)
		*st = pwpol__store_fail(s, PWPOL_ENOMEM, "%s: out of memory", g->label);
	else
		*st = pg_fail(s, r, what);
	PQclear(r);
	return NULL;
}

/* A statement that returns no row. */
enum pwpol_status pwpol__pg_run(pwpol_store *s, const char *sql, int n, const char *const *params,
                                const char *what)
{
	enum pwpol_status st;
	PQclear(pwpol__pg_exec(s, sql, n, params, PGRES_COMMAND_OK, what, &st));
	return st;
}

/* The SQLSTATE of a failed statement, for the few the code decides on. */
static int failed_with(pwpol_store *s, const char *sql, int n, const char *const *params,
                       const char *state, enum pwpol_status *st)
{
	struct pg *g = pwpol__pg(s);
	PGresult *r = PQexecParams(g->c, sql, n, NULL, params, NULL, NULL, 0);
	int hit = 0;
	*st = PWPOL_OK;
	if (!r || PQresultStatus(r) != PGRES_COMMAND_OK) {
		const char *got = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
		hit = got && !strcmp(got, state);
		*st = pg_fail(s, r, "cannot save the account");
	}
	PQclear(r);
	return hit;
}

long long pwpol__pg_int_at(const PGresult *r, int row, int col)
{
	return strtoll(PQgetvalue(r, row, col), NULL, 10);
}

static void read_row(const PGresult *r, int row, struct pwpol__account *a)
{
	memset(a, 0, sizeof *a);
	snprintf(a->name, sizeof a->name, "%s", PQgetvalue(r, row, 0));
	snprintf(a->hash, sizeof a->hash, "%s", PQgetvalue(r, row, 1));
	a->changed = (time_t)pwpol__pg_int_at(r, row, 2);
	a->flags = (unsigned)pwpol__pg_int_at(r, row, 3);
	a->failures = (unsigned)pwpol__pg_int_at(r, row, 4);
	a->locked_until = (time_t)pwpol__pg_int_at(r, row, 5);
	snprintf(a->class_name, sizeof a->class_name, "%s", PQgetvalue(r, row, 6));
	a->disabled = pwpol__pg_int_at(r, row, 7) == 0;
	a->last_failure = (time_t)pwpol__pg_int_at(r, row, 8);
	for (int i = 0; i < PWPOL_AGING_COUNT; i++)
		if (!PQgetisnull(r, row, AGING_FIRST + i)) {
			a->aging[i] = (long)pwpol__pg_int_at(r, row, AGING_FIRST + i);
			a->aging_set |= 1u << i;
		}
	a->adopted = (time_t)pwpol__pg_int_at(r, row, AGING_FIRST + PWPOL_AGING_COUNT);
}

/* ---- opening ---------------------------------------------------------- */

/* 1 if the connection options name `key` (URI, service or environment). */
static int uri_sets(const char *uri, const char *key, int *bad, char *why, size_t n)
{
	char *msg = NULL;
	PQconninfoOption *o = PQconninfoParse(uri, &msg);
	if (!o) {
		/* libpq may quote the whole URI, password and all: never repeat it. */
		char *at = msg && uri[0] ? strstr(msg, uri) : NULL;
		char scrubbed[512];
		if (at)
			snprintf(scrubbed, sizeof scrubbed, "%.*s(the URI)%s", (int)(at - msg), msg,
			         at + strlen(uri));
		one_line(why, n, at ? scrubbed : msg ? msg : "out of memory");
		PQfreemem(msg);
		*bad = 1;
		return 0;
	}
	int set = 0;
	for (PQconninfoOption *p = o; p->keyword; p++)
		if (!strcmp(p->keyword, key) && p->val && p->val[0])
			set = 1;
	PQconninfoFree(o);
	return set;
}

/* A one-value query as an integer, or -1. */
long long pwpol__pg_query_int(pwpol_store *s, const char *sql, const char *what,
                              enum pwpol_status *st)
{
	PGresult *r = pwpol__pg_exec(s, sql, 0, NULL, PGRES_TUPLES_OK, what, st);
	long long v = -1;
	if (r && PQntuples(r) == 1)
		v = pwpol__pg_int_at(r, 0, 0);
	PQclear(r);
	return v;
}

static long long table_exists(pwpol_store *s, const char *name, enum pwpol_status *st)
{
	const char *p[] = {name};
	PGresult *r = pwpol__pg_exec(s,
	                             "SELECT count(*) FROM information_schema.tables "
	                             "WHERE table_schema = current_schema() AND table_name = $1",
	                             1, p, PGRES_TUPLES_OK, "cannot read the store", st);
	long long v = r && PQntuples(r) == 1 ? pwpol__pg_int_at(r, 0, 0) : -1;
	PQclear(r);
	return v;
}

/* The stored layout version; 0 when the database holds no store at all.
 * The version row is read first: at every open of a store that is there
 * it is the only query (a new backend's catalog is cold, and the
 * information_schema views cost milliseconds). */
static int stored_version(pwpol_store *s, enum pwpol_status *st)
{
	PGresult *r = PQexec(pwpol__pg(s)->c, "SELECT version FROM pwpol_meta WHERE id = 1");
	const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
	long long v = -1;
	*st = PWPOL_OK;
	if (r && PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1)
		v = pwpol__pg_int_at(r, 0, 0);
	else if (!state || strcmp(state, "42P01") != 0) /* 42P01: no such table */
		*st = pg_fail(s, r, "cannot read the store's layout version");
	PQclear(r);
	if (*st != PWPOL_OK)
		return -1;
	if (v >= 1)
		return (int)v;
	long long meta = table_exists(s, "pwpol_meta", st);
	if (*st != PWPOL_OK)
		return -1;
	if (meta == 0) {
		long long a = table_exists(s, "accounts", st);
		long long h = *st == PWPOL_OK ? table_exists(s, "history", st) : 0;
		if (*st != PWPOL_OK)
			return -1;
		if (a || h) {
			*st = pwpol__store_fail(s, PWPOL_ESYSTEM,
			                        "%s: not a pwpol store (tables accounts or history "
			                        "without pwpol_meta)",
			                        pwpol__pg(s)->label);
			return -1;
		}
		return 0;
	}
	*st = pwpol__store_fail(s, PWPOL_ESYSTEM,
	                        "%s: not a pwpol store (pwpol_meta holds no version)",
	                        pwpol__pg(s)->label);
	return -1;
}

/* Walks the steps from `from` to SCHEMA_VERSION in one transaction. The
 * version row (or, for a new store, the meta table) is taken first, so two
 * nodes upgrading at once do it once: the second waits, then finds the
 * work done or fails on the table the first made and looks again. */
static enum pwpol_status migrate(pwpol_store *s, int from)
{
	enum pwpol_status st = pwpol__pg_run(s, "BEGIN", 0, NULL, "cannot upgrade the store");
	if (st != PWPOL_OK)
		return st;
	int ver = from;
	if (from == 0) {
		st = pwpol__pg_run(s, meta_table, 0, NULL, "cannot make the store");
		if (st == PWPOL_OK)
			st = pwpol__pg_run(s, "INSERT INTO pwpol_meta (id, version) VALUES (1, 0)",
			                   0, NULL, "cannot make the store");
	} else {
		ver = (int)pwpol__pg_query_int(
		    s, "SELECT version FROM pwpol_meta WHERE id = 1 FOR UPDATE",
		    "cannot lock the store to upgrade it", &st);
	}
	for (int v = ver; st == PWPOL_OK && v < SCHEMA_VERSION; v++)
		st = pwpol__pg_run(s, step[v], 0, NULL, "cannot upgrade the store");
	char set[96];
	snprintf(set, sizeof set, "UPDATE pwpol_meta SET version = %d WHERE id = 1",
	         SCHEMA_VERSION);
	if (st == PWPOL_OK)
		st = pwpol__pg_run(s, set, 0, NULL, "cannot upgrade the store");
	if (st == PWPOL_OK) {
		PGresult *r = pwpol__pg_exec(s, "COMMIT", 0, NULL, PGRES_COMMAND_OK,
		                             "cannot upgrade the store", &st);
		if (r && strcmp(PQcmdStatus(r), "COMMIT") != 0)
			st = pwpol__store_fail(s, PWPOL_ESYSTEM, "%s: cannot upgrade the store",
			                       pwpol__pg(s)->label);
		PQclear(r);
		return st;
	}
	char keep[sizeof s->err];
	memcpy(keep, s->err, sizeof keep);
	PQclear(PQexec(pwpol__pg(s)->c, "ROLLBACK"));
	memcpy(s->err, keep, sizeof keep);
	return st;
}

static enum pwpol_status recognise(pwpol_store *s, int create)
{
	enum pwpol_status st = PWPOL_OK;
	for (int attempt = 0; attempt < CREATE_ATTEMPTS; attempt++) {
		int ver = stored_version(s, &st);
		if (st != PWPOL_OK || ver == SCHEMA_VERSION)
			return st;
		if (ver > SCHEMA_VERSION)
			return pwpol__store_fail(s, PWPOL_ESYSTEM,
			                         "%s: the store has layout version %d, newer than "
			                         "this pwpol knows (%d)",
			                         pwpol__pg(s)->label, ver, SCHEMA_VERSION);
		if (ver == 0 && !create)
			return pwpol__store_fail(
			    s, PWPOL_ESYSTEM,
			    "%s: no pwpol store in this database (`pwpol init` "
			    "makes one)",
			    pwpol__pg(s)->label);
		st = migrate(s, ver);
		if (st == PWPOL_OK || PQstatus(pwpol__pg(s)->c) == CONNECTION_BAD)
			return st;
		/* Another node may have made it meanwhile: look again. */
	}
	return st;
}

static void ignore_notice(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

/* The connect timeout libpq settled on (from the URI, a service, the
 * environment or ours), in seconds; 0 is none. libpq reads 1 as 2. */
static int timeout_of(PGconn *c)
{
	int t = 0;
	PQconninfoOption *o = PQconninfo(c);
	for (PQconninfoOption *p = o; p && p->keyword; p++)
		if (!strcmp(p->keyword, "connect_timeout") && p->val && p->val[0])
			t = atoi(p->val);
	PQconninfoFree(o);
	return t == 1 ? 2 : t < 0 ? 0 : t;
}

static long long ms_since(const struct timespec *a)
{
	struct timespec b;
	clock_gettime(CLOCK_MONOTONIC, &b);
	return (long long)(b.tv_sec - a->tv_sec) * 1000 + (b.tv_nsec - a->tv_nsec) / 1000000;
}

/* PQconnectdbParams's loop, run here so that the notice processor is in
 * place before the server can say anything (a server shutting down sends
 * a WARNING during the handshake, which libpq would print). *late is set
 * when the timeout ran out first. */
static PGconn *connect_loop(const char *const *keys, const char *const *vals, int expand, int *late)
{
	*late = 0;
	PGconn *c = PQconnectStartParams(keys, vals, expand);
	if (!c || PQstatus(c) == CONNECTION_BAD)
		return c;
	PQsetNoticeProcessor(c, ignore_notice, NULL);
	int timeout = timeout_of(c);
	struct timespec start;
	clock_gettime(CLOCK_MONOTONIC, &start);
	PostgresPollingStatusType ps = PGRES_POLLING_WRITING;
	while (ps != PGRES_POLLING_OK && ps != PGRES_POLLING_FAILED) {
		struct pollfd pfd = {PQsocket(c), ps == PGRES_POLLING_READING ? POLLIN : POLLOUT,
		                     0};
		long long left = timeout ? timeout * 1000LL - ms_since(&start) : -1;
		if (timeout && left <= 0) {
			*late = 1;
			return c;
		}
		int r = poll(&pfd, 1, (int)left);
		if (r < 0 && errno == EINTR)
			continue;
		if (r == 0) {
			*late = 1;
			return c;
		}
		ps = PQconnectPoll(c);
	}
	return c;
}

extern char **environ;

/*
 * In a host the connection is made with an empty environment. Giving every
 * keyword is not enough: libpq reads PGSERVICE, PGSERVICEFILE and
 * PGSYSCONFDIR whatever the keywords say (a service named there fills the
 * keywords left out, or fails the connection), sends PGTZ, PGDATESTYLE and
 * PGGEQO to the server, and binds its messages to PGLOCALEDIR at its first
 * message (a catalogue of the caller's whose strings are printf formats).
 * No call of libpq turns these off, so none of them is there to read: the
 * process's environment is put back before returning, and libpq's message
 * catalogue is bound inside (PQconninfoParse of a string without "=" makes
 * a message), once for the process. Another thread of the host that reads
 * its environment meanwhile sees none; a PAM conversation is one thread.
 */
static PGconn *connect_quietly(const char *const *keys, const char *const *vals, int hosted,
                               int *late)
{
	if (!hosted)
		return connect_loop(keys, vals, 1, late);
	static char *none[] = {NULL};
	char **caller = environ;
	environ = none;
	char *msg = NULL;
	PQconninfoFree(PQconninfoParse("pwpol", &msg));
	PQfreemem(msg);
	PGconn *c = connect_loop(keys, vals, 0, late);
	environ = caller;
	return c;
}

/* ---- a host's connection settings --------------------------------------- */

/* Keywords whose default is a file in a home directory (~/.pgpass,
 * ~/.postgresql/...): in a host, only a file the URI or the service names. */
static const char *const home_files[] = {"passfile",    "sslcert", "sslkey",
                                         "sslrootcert", "sslcrl",  "sslcrldir"};

/* What a host's connection is made of. o: every keyword libpq knows, with
 * the URI's values; svc[i]: the service's value of o[i] (pointing into
 * text), or NULL; key/val: what libpq is given. */
struct hosted {
	PQconninfoOption *o;
	char *text;
	size_t len;
	const char **svc;
	const char **key, **val;
};

static void hosted_free(struct hosted *h)
{
	PQconninfoFree(h->o);
	if (h->text)
		pwpol_wipe(h->text, h->len); /* a service may hold a password */
	free(h->text);
	free(h->svc);
	free(h->key);
	free(h->val);
}

static int keyword_at(const PQconninfoOption *o, const char *key)
{
	for (int i = 0; o[i].keyword; i++)
		if (!strcmp(o[i].keyword, key))
			return i;
	return -1;
}

/* The value the URI or the service gives key, or NULL. */
static const char *given(const struct hosted *h, const char *key)
{
	int i = keyword_at(h->o, key);
	if (i < 0)
		return NULL;
	return h->o[i].val && h->o[i].val[0] ? h->o[i].val : h->svc[i];
}

/* Reads the whole system service file, opened on trust. */
static enum pwpol_status read_service_file(pwpol_store *s, struct hosted *h)
{
	char why[PATH_MAX + 160];
	int fd = pwpol__open_trusted(PWPOL_PG_SERVICE_FILE, O_RDONLY, why, sizeof why);
	if (fd < 0)
		return pwpol__store_fail(s, PWPOL_ESYSTEM, "cannot read the service file: %s", why);
	h->text = malloc(SERVICE_FILE_MAX + 1);
	if (!h->text) {
		close(fd);
		return pwpol__store_fail(s, PWPOL_ENOMEM, "out of memory");
	}
	for (;;) {
		ssize_t r = read(fd, h->text + h->len, SERVICE_FILE_MAX + 1 - h->len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			close(fd);
			return pwpol__store_fail(s, PWPOL_ESYSTEM, "%s: %s", PWPOL_PG_SERVICE_FILE,
			                         strerror(errno));
		}
		if (r == 0)
			break;
		h->len += (size_t)r;
		if (h->len > SERVICE_FILE_MAX) {
			close(fd);
			return pwpol__store_fail(s, PWPOL_ESYSTEM, "%s: larger than %d bytes",
			                         PWPOL_PG_SERVICE_FILE, SERVICE_FILE_MAX);
		}
	}
	close(fd);
	h->text[h->len] = 0;
	return PWPOL_OK;
}

/* The [name] section of the system's service file, read as libpq reads a
 * service file (key=value lines, '#' comments, the first value of a key
 * kept), into h->svc. */
static enum pwpol_status read_service(pwpol_store *s, struct hosted *h, const char *name)
{
	enum pwpol_status st = read_service_file(s, h);
	if (st != PWPOL_OK)
		return st;
	int in = 0, found = 0, lineno = 0;
	size_t nlen = strlen(name);
	for (char *line = h->text, *next; line; line = next) {
		lineno++;
		next = strchr(line, '\n');
		if (next)
			*next++ = 0;
		size_t len = strlen(line);
		while (len &&
		       (line[len - 1] == ' ' || line[len - 1] == '\t' || line[len - 1] == '\r'))
			line[--len] = 0;
		while (*line == ' ' || *line == '\t')
			line++;
		if (!*line || *line == '#')
			continue;
		if (*line == '[') {
			if (found)
				break;
			in = found = !strncmp(line + 1, name, nlen) && line[nlen + 1] == ']';
			continue;
		}
		if (!in)
			continue;
		char *eq = strchr(line, '=');
		int i = -1;
		if (eq) {
			*eq = 0;
			i = keyword_at(h->o, line);
		}
		if (i < 0 || !strcmp(line, "service"))
			return pwpol__store_fail(s, PWPOL_EINVAL,
			                         "%s, line %d: not a connection keyword a host "
			                         "reads (\"%s\")",
			                         PWPOL_PG_SERVICE_FILE, lineno, line);
		if (!h->svc[i])
			h->svc[i] = eq + 1;
	}
	if (!found)
		return pwpol__store_fail(s, PWPOL_EINVAL, "service \"%s\" is not defined in %s",
		                         name, PWPOL_PG_SERVICE_FILE);
	return PWPOL_OK;
}

/*
 * A host's keywords: the URI's, then the system service file's, and for
 * the rest the library's own: no home file (NO_FILE), our connect
 * timeout, no GSSAPI encryption (the caller's Kerberos credential cache
 * would be used), and libpq's compiled defaults for everything else. The
 * environment is not read (connect_quietly).
 */
static enum pwpol_status hosted_settings(pwpol_store *s, const char *uri, struct hosted *h)
{
	char *msg = NULL;
	h->o = PQconninfoParse(uri, &msg);
	PQfreemem(msg); /* uri_sets told why already */
	if (!h->o)
		return pwpol__store_fail(s, PWPOL_EINVAL, "not a valid PostgreSQL connection URI");
	int n = 0;
	while (h->o[n].keyword)
		n++;
	h->svc = calloc((size_t)n, sizeof *h->svc);
	h->key = calloc((size_t)n + 1, sizeof *h->key);
	h->val = calloc((size_t)n + 1, sizeof *h->val);
	if (!h->svc || !h->key || !h->val)
		return pwpol__store_fail(s, PWPOL_ENOMEM, "out of memory");
	int at = keyword_at(h->o, "service");
	if (at >= 0 && h->o[at].val && h->o[at].val[0]) {
		enum pwpol_status st = read_service(s, h, h->o[at].val);
		if (st != PWPOL_OK)
			return st;
	}
	const char *mode = given(h, "sslmode");
	if (mode && !strncmp(mode, "verify", 6) && !given(h, "sslrootcert"))
		return pwpol__store_fail(s, PWPOL_EINVAL,
		                         "sslmode=%s needs sslrootcert= in the URI or the service: "
		                         "in a host (PAM) no home directory is read",
		                         mode);
	int k = 0;
	for (int i = 0; i < n; i++) {
		const char *key = h->o[i].keyword, *v = given(h, key);
		if (!strcmp(key, "service"))
			continue;
		for (size_t j = 0; !v && j < sizeof home_files / sizeof home_files[0]; j++)
			if (!strcmp(key, home_files[j]))
				v = NO_FILE;
		if (!v && !strcmp(key, "connect_timeout"))
			v = CONNECT_TIMEOUT;
		if (!v && !strcmp(key, "fallback_application_name"))
			v = "pwpol";
		if (!v && !strcmp(key, "gssencmode"))
			v = "disable";
		if (v)
			h->key[k] = key, h->val[k++] = v;
	}
	return PWPOL_OK;
}

static void pg_close(pwpol_store *s)
{
	struct pg *g = pwpol__pg(s);
	if (!g)
		return;
	PQfinish(g->c);
	free(g);
	s->impl = NULL;
}

static enum pwpol_status pg_open(pwpol_store *s, const char *uri, int create)
{
	struct pg *g = calloc(1, sizeof *g);
	if (!g)
		return pwpol__store_fail(s, PWPOL_ENOMEM, "out of memory");
	s->impl = g;
	snprintf(g->label, sizeof g->label, "the PostgreSQL store");
	char why[256];
	int bad = 0;
	int own_timeout =
	    uri_sets(uri, "connect_timeout", &bad, why, sizeof why) ||
	    uri_sets(uri, "service", &bad, why, sizeof why) ||
	    (pwpol__env_trusted() && (getenv("PGCONNECT_TIMEOUT") || getenv("PGSERVICE")));
	if (bad) {
		pg_close(s);
		return pwpol__store_fail(s, PWPOL_EINVAL,
		                         "not a valid PostgreSQL connection URI: %s", why);
	}
	/* Later entries win: the URI (dbname, expanded) overrides our defaults. */
	const char *keys[4], *vals[4];
	int n = 0;
	keys[n] = "fallback_application_name", vals[n++] = "pwpol";
	if (!own_timeout)
		keys[n] = "connect_timeout", vals[n++] = CONNECT_TIMEOUT;
	keys[n] = "dbname", vals[n++] = uri;
	keys[n] = NULL, vals[n] = NULL;
	struct hosted h = {0};
	int hosted = !pwpol__env_trusted();
	if (hosted) {
		enum pwpol_status st = hosted_settings(s, uri, &h);
		if (st != PWPOL_OK) {
			hosted_free(&h);
			pg_close(s);
			return st;
		}
	}
	int late;
	g->c = hosted ? connect_quietly(h.key, h.val, 1, &late)
	              : connect_quietly(keys, vals, 0, &late);
	hosted_free(&h);
	if (!g->c) {
		pg_close(s);
		return pwpol__store_fail(s, PWPOL_ENOMEM, "out of memory");
	}
	make_label(g);
	if (late || PQstatus(g->c) != CONNECTION_OK) {
		if (late)
			snprintf(why, sizeof why, "no answer within %d s (connect_timeout)",
			         timeout_of(g->c));
		else
			one_line(why, sizeof why, PQerrorMessage(g->c));
		pwpol__store_fail(s, PWPOL_ESYSTEM, "%s: cannot connect to the store: %s", g->label,
		                  why);
		pg_close(s);
		return PWPOL_ESYSTEM;
	}
	/* The library's own limits, set after the connection so that neither
	 * the URI's options nor the environment's undo them. */
	enum pwpol_status st =
	    pwpol__pg_run(s, session_limits, 0, NULL, "cannot set up the connection");
	if (st == PWPOL_OK)
		st = recognise(s, create);
	if (st != PWPOL_OK)
		pg_close(s);
	return st;
}

/* ---- transactions ------------------------------------------------------ */

static enum pwpol_status pg_begin(pwpol_store *s, int write)
{
	struct pg *g = pwpol__pg(s);
	s->conflict = 0;
	/* A read transaction sees one snapshot (every account from one moment). */
	enum pwpol_status st =
	    pwpol__pg_run(s, write ? "BEGIN" : "BEGIN ISOLATION LEVEL REPEATABLE READ", 0, NULL,
	                  "cannot begin a transaction");
	if (st == PWPOL_OK) {
		g->in_tx = 1;
		g->write = write;
		g->absent[0] = 0;
	}
	return st;
}

static void end_tx(struct pg *g)
{
	g->in_tx = 0;
	g->write = 0;
	g->absent[0] = 0;
}

static enum pwpol_status pg_commit(pwpol_store *s)
{
	struct pg *g = pwpol__pg(s);
	enum pwpol_status st;
	PGresult *r =
	    pwpol__pg_exec(s, "COMMIT", 0, NULL, PGRES_COMMAND_OK, "cannot save the change", &st);
	if (!r && PQstatus(g->c) == CONNECTION_BAD)
		st = pwpol__store_fail(s, PWPOL_ESYSTEM,
		                       "%s: the connection was lost at commit: the change may or "
		                       "may not have been saved",
		                       g->label);
	/* COMMIT of a transaction an error ended answers "ROLLBACK". */
	if (r && strcmp(PQcmdStatus(r), "COMMIT") != 0)
		st = pwpol__store_fail(s, PWPOL_ESYSTEM, "%s: the change was not saved", g->label);
	PQclear(r);
	if (st != PWPOL_OK && PQstatus(g->c) == CONNECTION_OK &&
	    PQtransactionStatus(g->c) != PQTRANS_IDLE) {
		char keep[sizeof s->err];
		memcpy(keep, s->err, sizeof keep);
		PQclear(PQexec(g->c, "ROLLBACK"));
		memcpy(s->err, keep, sizeof keep);
	}
	end_tx(g);
	return st;
}

static void pg_rollback(pwpol_store *s)
{
	struct pg *g = pwpol__pg(s);
	if (g->in_tx && PQstatus(g->c) == CONNECTION_OK &&
	    PQtransactionStatus(g->c) != PQTRANS_IDLE)
		PQclear(PQexec(g->c, "ROLLBACK"));
	end_tx(g);
}

/* ---- accounts ---------------------------------------------------------- */

static enum pwpol_status pg_get(pwpol_store *s, const char *name, struct pwpol__account *out)
{
	struct pg *g = pwpol__pg(s);
	const char *p[] = {name};
	enum pwpol_status st;
	/* In a write transaction the row stays as read until commit. */
	PGresult *r = pwpol__pg_exec(s, g->write ? sql_get_locked : sql_get, 1, p, PGRES_TUPLES_OK,
	                             "cannot read the account", &st);
	if (!r)
		return st;
	if (PQntuples(r) == 1) {
		read_row(r, 0, out);
	} else {
		st = PWPOL_ENOENT;
		if (g->write)
			snprintf(g->absent, sizeof g->absent, "%s", name);
	}
	PQclear(r);
	return st;
}

static enum pwpol_status pg_put(pwpol_store *s, const struct pwpol__account *a)
{
	struct pg *g = pwpol__pg(s);
	char changed[24], flags[24], failures[24], locked[24], last[24];
	snprintf(changed, sizeof changed, "%lld", (long long)a->changed);
	snprintf(flags, sizeof flags, "%u", a->flags);
	snprintf(failures, sizeof failures, "%u", a->failures);
	snprintf(locked, sizeof locked, "%lld", (long long)a->locked_until);
	snprintf(last, sizeof last, "%lld", (long long)a->last_failure);
	char aging[PWPOL_AGING_COUNT][24], adopted[24];
	for (int i = 0; i < PWPOL_AGING_COUNT; i++)
		snprintf(aging[i], sizeof aging[i], "%ld", a->aging[i]);
	snprintf(adopted, sizeof adopted, "%lld", (long long)a->adopted);
#define AGING_PARAM(i) (a->aging_set & 1u << (i) ? aging[i] : NULL)
	const char *p[] = {a->name,
	                   a->hash,
	                   changed,
	                   flags,
	                   failures,
	                   locked,
	                   a->class_name[0] ? a->class_name : PWPOL_CLASS_DEFAULT,
	                   a->disabled ? "0" : "1",
	                   last,
	                   AGING_PARAM(0),
	                   AGING_PARAM(1),
	                   AGING_PARAM(2),
	                   AGING_PARAM(3),
	                   AGING_PARAM(4),
	                   adopted};
#undef AGING_PARAM
	if (!g->write || strcmp(g->absent, a->name) != 0) {
		/* The class and the flag unchanged (every login, every change of
		 * a password): the narrow UPDATE; else the whole row. */
		enum pwpol_status st;
		PGresult *r = pwpol__pg_exec(s, sql_put_login, PUT_PARAMS, p, PGRES_COMMAND_OK,
		                             "cannot save the account", &st);
		if (!r)
			return st;
		int done = strcmp(PQcmdTuples(r), "1") == 0;
		PQclear(r);
		if (done)
			return PWPOL_OK;
		return pwpol__pg_run(s, sql_put, PUT_PARAMS, p, "cannot save the account");
	}
	/* Found missing under this transaction: no row lock held it, so a plain
	 * INSERT makes sure no other node made it meanwhile. */
	enum pwpol_status st;
	if (failed_with(s, sql_insert, PUT_PARAMS, p, "23505", &st))
		return pwpol__store_fail(s, PWPOL_EEXIST,
		                         "%s: account %s was made by another node at the same time",
		                         g->label, a->name);
	if (st == PWPOL_OK)
		g->absent[0] = 0;
	return st;
}

static enum pwpol_status pg_del(pwpol_store *s, const char *name)
{
	const char *p[] = {name};
	enum pwpol_status st;
	/* The account row first: every writer locks it before its history. */
	PGresult *r = pwpol__pg_exec(s, "DELETE FROM accounts WHERE name = $1", 1, p,
	                             PGRES_COMMAND_OK, "cannot delete the account", &st);
	if (!r)
		return st;
	int gone = strcmp(PQcmdTuples(r), "0") != 0;
	PQclear(r);
	st = pwpol__pg_run(s, "DELETE FROM history WHERE account = $1", 1, p,
	                   "cannot delete the account");
	if (st != PWPOL_OK)
		return st;
	return gone ? PWPOL_OK : PWPOL_ENOENT;
}

static enum pwpol_status pg_list(pwpol_store *s, int (*fn)(const struct pwpol__account *, void *),
                                 void *ctx)
{
	enum pwpol_status st;
	PGresult *r =
	    pwpol__pg_exec(s, sql_list, 0, NULL, PGRES_TUPLES_OK, "cannot list the accounts", &st);
	if (!r)
		return st;
	struct pwpol__account a;
	for (int i = 0; i < PQntuples(r); i++) {
		read_row(r, i, &a);
		int stop = fn(&a, ctx);
		pwpol_wipe(&a, sizeof a);
		if (stop)
			break;
	}
	PQclear(r);
	return PWPOL_OK;
}

static enum pwpol_status pg_note_refusal(pwpol_store *s, const char *kind)
{
	enum pwpol_status st = pg_begin(s, 1);
	if (st != PWPOL_OK)
		return st;
	const char *p[] = {kind};
	st = pwpol__pg_run(s,
	                   "INSERT INTO refusals (kind, n) VALUES ($1, 1) "
	                   "ON CONFLICT (kind) DO UPDATE SET n = refusals.n + 1",
	                   1, p, "cannot count the refusal");
	if (st != PWPOL_OK) {
		pg_rollback(s);
		return st;
	}
	return pg_commit(s);
}

/* The one number a one-name query answers (ENOENT: no row). */
static enum pwpol_status one_number(pwpol_store *s, const char *sql, const char *name,
                                    const char *what, unsigned *out)
{
	const char *p[] = {name};
	enum pwpol_status st;
	PGresult *r = pwpol__pg_exec(s, sql, 1, p, PGRES_TUPLES_OK, what, &st);
	if (!r)
		return st;
	if (PQntuples(r) == 1)
		*out = (unsigned)pwpol__pg_int_at(r, 0, 0);
	else
		st = PWPOL_ENOENT;
	PQclear(r);
	return st;
}

static enum pwpol_status pg_add_failure(pwpol_store *s, const char *name, unsigned *failures)
{
	return one_number(s, sql_add_failure, name, "cannot count the failed login", failures);
}

/* ---- history ----------------------------------------------------------- */

static enum pwpol_status pg_history_push(pwpol_store *s, const char *name, const char *hash)
{
	const char *p[] = {name, hash};
	return pwpol__pg_run(s, sql_hist_push, 2, p, "cannot save the password history");
}

static enum pwpol_status pg_history_get(pwpol_store *s, const char *name,
                                        char (*out)[PWPOL_HASH_MAX], size_t max, size_t *n)
{
	char lim[24];
	snprintf(lim, sizeof lim, "%zu", max);
	const char *p[] = {name, lim};
	enum pwpol_status st;
	*n = 0;
	PGresult *r = pwpol__pg_exec(s, sql_hist_get, 2, p, PGRES_TUPLES_OK,
	                             "cannot read the password history", &st);
	if (!r)
		return st;
	for (int i = 0; i < PQntuples(r) && *n < max; i++)
		snprintf(out[(*n)++], PWPOL_HASH_MAX, "%s", PQgetvalue(r, i, 0));
	PQclear(r);
	return PWPOL_OK;
}

static enum pwpol_status pg_history_trim(pwpol_store *s, const char *name, size_t keep)
{
	char lim[24];
	snprintf(lim, sizeof lim, "%zu", keep);
	const char *p[] = {name, lim};
	return pwpol__pg_run(s, sql_hist_trim, 2, p, "cannot trim the password history");
}

static enum pwpol_status pg_history_count(pwpol_store *s, const char *name, unsigned *n)
{
	return one_number(s, sql_hist_count, name, "cannot read the password history", n);
}

/* ---- check ------------------------------------------------------------- */

/* The server keeps its own pages consistent (there is no integrity_check
 * to run from a client): what is checked is pwpol's part. */
static enum pwpol_status pg_check(pwpol_store *s, int *version)
{
	enum pwpol_status st;
	*version = stored_version(s, &st);
	if (st != PWPOL_OK)
		return st;
	long long orphans = pwpol__pg_query_int(s,
	                                        "SELECT count(*) FROM history WHERE account NOT IN "
	                                        "(SELECT name FROM accounts)",
	                                        "cannot read the password history", &st);
	if (st == PWPOL_OK && orphans > 0)
		st = pwpol__store_fail(s, PWPOL_ESYSTEM,
		                       "%s: %lld history rows belong to no account",
		                       pwpol__pg(s)->label, orphans);
	return st;
}

const struct pwpol__store_ops pwpol__store_pg = {
    .name = "postgresql",
    .open = pg_open,
    .close = pg_close,
    .begin = pg_begin,
    .commit = pg_commit,
    .rollback = pg_rollback,
    .get = pg_get,
    .put = pg_put,
    .del = pg_del,
    .list = pg_list,
    .add_failure = pg_add_failure,
    .note_refusal = pg_note_refusal,
    .history_push = pg_history_push,
    .history_get = pg_history_get,
    .history_trim = pg_history_trim,
    .history_count = pg_history_count,
    .config_lock = pwpol__pg_config_lock,
    .config_add = pwpol__pg_config_add,
    .config_get = pwpol__pg_config_get,
    .config_list = pwpol__pg_config_list,
    .config_set_deadline = pwpol__pg_config_set_deadline,
    .check = pg_check,
};
