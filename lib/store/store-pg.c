/* SPDX-License-Identifier: BSD-3-Clause */
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
 *   retried or reconnected behind the account wing's back. A connection lost in a
 *   transaction ends it on the server: nothing half-written, and every
 *   call answers ESYSTEM with a sentence.
 * - A write transaction runs at the server's isolation (READ COMMITTED by
 *   default) and get() inside it reads with SELECT ... FOR UPDATE: the row
 *   stays as read until commit, which is what SQLite's BEGIN IMMEDIATE
 *   gives the SQLite store. A failure is counted by one UPDATE ... SET
 *   failures = failures + 1 ... RETURNING. Where the engine runs
 *   SERIALIZABLE (CockroachDB, or a server so configured) a conflict
 *   (SQLSTATE 40001, 40P01) sets s->conflict so that the account wing runs the
 *   decision again.
 * - Standard SQL that PostgreSQL-compatible engines take: no advisory
 *   locks, no server-side functions, no SERIAL; the tables live in the
 *   role's current schema.
 * - Every statement is sent with PQexecParams (one round trip, values never
 *   spliced into SQL text); preparing them at open would cost a round trip
 *   each for a one-shot command.
 *
 * This file holds the operations and their statements; opening and the
 * schema are store-pg-open.c's, the statement helpers store-pg-sql.c's,
 * the configuration commits store-pg-config.c's.
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

#define COLUMNS                                                                                    \
	"name, hash, changed, flags, failures, locked_until, class, enabled, last_failure, "       \
	"min_days, max_days, warn_days, inactive_days, expire_date, adopted"
#define PUT_PARAMS 15

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
 * columns alone (README, "Direct PostgreSQL from trusted nodes") and cannot promote an account. */
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
		pwpol__pg_read_row(r, 0, out);
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
	if (pwpol__pg_failed_with(s, sql_insert, PUT_PARAMS, p, "23505", &st))
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
	if (st == PWPOL_OK)
		st = pwpol__pg_run(s, "DELETE FROM api_tokens WHERE account = $1", 1, p,
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
		pwpol__pg_read_row(r, i, &a);
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

/* ---- API tokens ---------------------------------------------------------- */

static enum pwpol_status pg_token_add(pwpol_store *s, const char *account, const char *hash,
                                      time_t created)
{
	char when[24];
	snprintf(when, sizeof when, "%lld", (long long)created);
	const char *p[] = {account, hash, when};
	enum pwpol_status st;
	PGresult *r = pwpol__pg_exec(s,
	                             "INSERT INTO api_tokens (account, hash, created) "
	                             "VALUES ($1, $2, $3) ON CONFLICT (account) DO NOTHING",
	                             3, p, PGRES_COMMAND_OK, "cannot save the token", &st);
	if (!r)
		return st;
	int made = strcmp(PQcmdTuples(r), "0") != 0;
	PQclear(r);
	return made ? PWPOL_OK : PWPOL_EEXIST;
}

static enum pwpol_status pg_token_del(pwpol_store *s, const char *account)
{
	const char *p[] = {account};
	enum pwpol_status st;
	PGresult *r = pwpol__pg_exec(s, "DELETE FROM api_tokens WHERE account = $1", 1, p,
	                             PGRES_COMMAND_OK, "cannot revoke the token", &st);
	if (!r)
		return st;
	int gone = strcmp(PQcmdTuples(r), "0") != 0;
	PQclear(r);
	return gone ? PWPOL_OK : PWPOL_ENOENT;
}

static enum pwpol_status
pg_token_list(pwpol_store *s, int (*fn)(const char *, const char *, time_t, void *), void *ctx)
{
	enum pwpol_status st;
	PGresult *r = pwpol__pg_exec(s,
	                             "SELECT account, hash, created FROM api_tokens "
	                             "ORDER BY account",
	                             0, NULL, PGRES_TUPLES_OK, "cannot read the tokens", &st);
	if (!r)
		return st;
	for (int i = 0; i < PQntuples(r); i++)
		if (fn(PQgetvalue(r, i, 0), PQgetvalue(r, i, 1), (time_t)pwpol__pg_int_at(r, i, 2),
		       ctx))
			break;
	PQclear(r);
	return PWPOL_OK;
}

/* ---- fleet uids --------------------------------------------------------- */

static enum pwpol_status pg_fleet_id_get(pwpol_store *s, const char *name, unsigned *id)
{
	return one_number(s, "SELECT id FROM fleet_ids WHERE name = $1", name,
	                  "cannot read the fleet's uids", id);
}

static enum pwpol_status pg_fleet_id_new(pwpol_store *s, const char *name, unsigned lo, unsigned hi,
                                         time_t now, unsigned *id)
{
	char los[16], his[16], nows[24];
	snprintf(los, sizeof los, "%u", lo);
	snprintf(his, sizeof his, "%u", hi);
	snprintf(nows, sizeof nows, "%lld", (long long)now);
	const char *p[] = {los, his};
	enum pwpol_status st;
	long long next = -1;
	PGresult *r = pwpol__pg_exec(s,
	                             "SELECT coalesce(max(id) + 1, $1::bigint) FROM fleet_ids "
	                             "WHERE id BETWEEN $1::bigint AND $2::bigint",
	                             2, p, PGRES_TUPLES_OK, "cannot read the fleet's uids", &st);
	if (!r)
		return st;
	if (PQntuples(r) == 1)
		next = pwpol__pg_int_at(r, 0, 0);
	PQclear(r);
	if (next < 0)
		return pwpol__store_fail(s, PWPOL_ESYSTEM, "cannot read the fleet's uids");
	if (next > hi)
		return pwpol__store_fail(s, PWPOL_ESYSTEM, "the fleet's uid range %u-%u is used up",
		                         lo, hi);
	char nexts[24];
	snprintf(nexts, sizeof nexts, "%lld", next);
	const char *q[] = {name, nexts, nows};
	st = pwpol__pg_run(s, "INSERT INTO fleet_ids (name, id, given) VALUES ($1, $2, $3)", 3, q,
	                   "cannot give the account a fleet uid");
	if (st == PWPOL_OK)
		*id = (unsigned)next;
	return st;
}

static enum pwpol_status pg_fleet_id_name(pwpol_store *s, unsigned id, char *name, size_t len)
{
	char ids[16];
	snprintf(ids, sizeof ids, "%u", id);
	const char *p[] = {ids};
	enum pwpol_status st;
	PGresult *r = pwpol__pg_exec(s, "SELECT name FROM fleet_ids WHERE id = $1", 1, p,
	                             PGRES_TUPLES_OK, "cannot read the fleet's uids", &st);
	if (!r)
		return st;
	if (PQntuples(r) == 1)
		snprintf(name, len, "%s", PQgetvalue(r, 0, 0));
	else
		st = PWPOL_ENOENT;
	PQclear(r);
	return st;
}

static enum pwpol_status
pg_fleet_id_each(pwpol_store *s, int (*fn)(const char *, unsigned, time_t, void *), void *ctx)
{
	enum pwpol_status st;
	PGresult *r = pwpol__pg_exec(s, "SELECT name, id, given FROM fleet_ids ORDER BY id", 0,
	                             NULL, PGRES_TUPLES_OK, "cannot read the fleet's uids", &st);
	if (!r)
		return st;
	for (int i = 0; i < PQntuples(r); i++)
		if (fn(PQgetvalue(r, i, 0), (unsigned)pwpol__pg_int_at(r, i, 1),
		       (time_t)pwpol__pg_int_at(r, i, 2), ctx))
			break;
	PQclear(r);
	return PWPOL_OK;
}

static enum pwpol_status pg_fleet_id_put(pwpol_store *s, const char *name, unsigned id,
                                         time_t given)
{
	char ids[16], gs[24];
	snprintf(ids, sizeof ids, "%u", id);
	snprintf(gs, sizeof gs, "%lld", (long long)given);
	const char *p[] = {name, ids, gs};
	enum pwpol_status st;
	PGresult *r =
	    pwpol__pg_exec(s,
	                   "INSERT INTO fleet_ids (name, id, given) VALUES ($1, $2, $3) "
	                   "ON CONFLICT DO NOTHING",
	                   3, p, PGRES_COMMAND_OK, "cannot give the account a fleet uid", &st);
	if (!r)
		return st;
	int made = strcmp(PQcmdTuples(r), "0") != 0;
	PQclear(r);
	return made ? PWPOL_OK : PWPOL_EEXIST;
}

/* ---- the fleet's shared state --------------------------------------------- */

static enum pwpol_status pg_fleet_get(pwpol_store *s, const char *key, time_t now, char **value)
{
	char nows[24];
	snprintf(nows, sizeof nows, "%lld", (long long)now);
	const char *p[] = {key, nows};
	enum pwpol_status st;
	PGresult *r = pwpol__pg_exec(s,
	                             "SELECT value FROM fleet_state WHERE key = $1 "
	                             "AND (expires = 0 OR expires > $2::bigint)",
	                             2, p, PGRES_TUPLES_OK, "cannot read the fleet's state", &st);
	if (!r)
		return st;
	*value = NULL;
	if (PQntuples(r) == 1)
		st = (*value = strdup(PQgetvalue(r, 0, 0))) ? PWPOL_OK : PWPOL_ENOMEM;
	else
		st = PWPOL_ENOENT;
	PQclear(r);
	return st;
}

static enum pwpol_status pg_fleet_put(pwpol_store *s, const char *key, const char *value,
                                      time_t expires, int replace)
{
	char exps[24];
	snprintf(exps, sizeof exps, "%lld", (long long)expires);
	const char *p[] = {key, value, exps};
	enum pwpol_status st;
	PGresult *r = pwpol__pg_exec(
	    s,
	    replace ? "INSERT INTO fleet_state (key, value, expires) VALUES ($1, $2, $3) "
	              "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, "
	              "expires = EXCLUDED.expires"
	            : "INSERT INTO fleet_state (key, value, expires) VALUES ($1, $2, $3) "
	              "ON CONFLICT (key) DO NOTHING",
	    3, p, PGRES_COMMAND_OK, "cannot write the fleet's state", &st);
	if (!r)
		return st;
	int made = strcmp(PQcmdTuples(r), "0") != 0;
	PQclear(r);
	return made ? PWPOL_OK : PWPOL_EEXIST;
}

static enum pwpol_status pg_fleet_take(pwpol_store *s, const char *key, time_t now)
{
	char nows[24];
	snprintf(nows, sizeof nows, "%lld", (long long)now);
	const char *p[] = {key, nows};
	enum pwpol_status st;
	/* One statement: of two conductors taking one token, one deletes it. */
	PGresult *r = pwpol__pg_exec(s,
	                             "DELETE FROM fleet_state WHERE key = $1 "
	                             "AND (expires = 0 OR expires > $2::bigint)",
	                             2, p, PGRES_COMMAND_OK, "cannot write the fleet's state", &st);
	if (!r)
		return st;
	int gone = strcmp(PQcmdTuples(r), "0") != 0;
	PQclear(r);
	pwpol__pg_run(s, "DELETE FROM fleet_state WHERE expires > 0 AND expires <= $2::bigint", 2,
	              p, "cannot write the fleet's state");
	return gone ? PWPOL_OK : PWPOL_ENOENT;
}

static enum pwpol_status pg_fleet_each(pwpol_store *s, const char *prefix,
                                       int (*fn)(const char *, const char *, time_t, void *),
                                       void *ctx)
{
	const char *p[] = {prefix};
	enum pwpol_status st;
	PGresult *r = pwpol__pg_exec(s,
	                             "SELECT key, value, expires FROM fleet_state "
	                             "WHERE left(key, length($1)) = $1 ORDER BY key",
	                             1, p, PGRES_TUPLES_OK, "cannot read the fleet's state", &st);
	if (!r)
		return st;
	for (int i = 0; i < PQntuples(r); i++)
		if (fn(PQgetvalue(r, i, 0), PQgetvalue(r, i, 1), (time_t)pwpol__pg_int_at(r, i, 2),
		       ctx))
			break;
	PQclear(r);
	return PWPOL_OK;
}

const struct pwpol__store_ops pwpol__store_pg = {
    .name = "postgresql",
    .open = pwpol__pg_open,
    .close = pwpol__pg_close,
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
    .check = pwpol__pg_check,
    .token_add = pg_token_add,
    .token_del = pg_token_del,
    .token_list = pg_token_list,
    .fleet_id_get = pg_fleet_id_get,
    .fleet_id_new = pg_fleet_id_new,
    .fleet_id_name = pg_fleet_id_name,
    .fleet_id_each = pg_fleet_id_each,
    .fleet_id_put = pg_fleet_id_put,
    .fleet_get = pg_fleet_get,
    .fleet_put = pg_fleet_put,
    .fleet_take = pg_fleet_take,
    .fleet_each = pg_fleet_each,
};
