/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * store-sqlite-ops.c - the SQLite store's operations, each one prepared
 * statement (store-sqlite.c prepares them at open): transactions,
 * accounts, the history of hashes, the configuration commits, and the
 * table of operations the handle calls.
 */
#include "store-sqlite.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- transactions ------------------------------------------------------ */

/* SQLite reads the level at each commit; it cannot change inside a
 * transaction. A lazy level that could not be set is no harm (the commits
 * stay synced); a synced one that could not be set back is set again
 * before the next transaction, which fails if it still cannot: no other
 * write is ever left unsynced. */
static void lite_lazy(pwpol_store *s, int on)
{
	struct lite *l = pwpol__lite(s);
	int rc =
	    sqlite3_exec(l->db, on ? "PRAGMA synchronous = NORMAL" : "PRAGMA synchronous = FULL",
	                 NULL, NULL, NULL);
	if (!on)
		l->sync_lost = rc != SQLITE_OK;
}

static enum pwpol_status lite_begin(pwpol_store *s, int write)
{
	if (pwpol__lite(s)->sync_lost) {
		lite_lazy(s, 0);
		if (pwpol__lite(s)->sync_lost)
			return pwpol__lite_db_fail(s, "cannot set up the store");
	}
	return pwpol__lite_run(s, write ? S_BEGIN_WRITE : S_BEGIN_READ, "cannot lock the store");
}

static enum pwpol_status lite_commit(pwpol_store *s)
{
	enum pwpol_status st = pwpol__lite_run(s, S_COMMIT, "cannot save the change");
	if (st != PWPOL_OK && !sqlite3_get_autocommit(pwpol__lite(s)->db))
		pwpol__lite_run(s, S_ROLLBACK, "rollback");
	return st;
}

static void lite_rollback(pwpol_store *s)
{
	/* An error may already have ended the transaction. */
	if (!sqlite3_get_autocommit(pwpol__lite(s)->db)) {
		char keep[sizeof s->err];
		memcpy(keep, s->err, sizeof keep);
		pwpol__lite_run(s, S_ROLLBACK, "rollback");
		memcpy(s->err, keep, sizeof keep);
	}
}

/* ---- accounts ---------------------------------------------------------- */

static enum pwpol_status lite_get(pwpol_store *s, const char *name, struct pwpol__account *out)
{
	sqlite3_stmt *q = pwpol__lite_st(s, S_GET);
	pwpol__lite_bind_text(q, 1, name);
	int rc = sqlite3_step(q);
	enum pwpol_status st = PWPOL_OK;
	if (rc == SQLITE_ROW)
		pwpol__lite_read_row(q, out);
	else if (rc == SQLITE_DONE)
		st = PWPOL_ENOENT;
	else
		st = pwpol__lite_db_fail(s, "cannot read the account");
	sqlite3_reset(q);
	pwpol__lite_unbind(q);
	return st;
}

static enum pwpol_status lite_put(pwpol_store *s, const struct pwpol__account *a)
{
	sqlite3_stmt *q = pwpol__lite_st(s, S_PUT);
	pwpol__lite_bind_text(q, 1, a->name);
	pwpol__lite_bind_text(q, 2, a->hash);
	sqlite3_bind_int64(q, 3, (sqlite3_int64)a->changed);
	sqlite3_bind_int64(q, 4, a->flags);
	sqlite3_bind_int64(q, 5, a->failures);
	sqlite3_bind_int64(q, 6, (sqlite3_int64)a->locked_until);
	pwpol__lite_bind_text(q, 7, a->class_name[0] ? a->class_name : PWPOL_CLASS_DEFAULT);
	sqlite3_bind_int64(q, 8, !a->disabled);
	sqlite3_bind_int64(q, 9, (sqlite3_int64)a->last_failure);
	for (int i = 0; i < PWPOL_AGING_COUNT; i++)
		if (a->aging_set & 1u << i)
			sqlite3_bind_int64(q, PWPOL__LITE_AGING_FIRST + 1 + i, a->aging[i]);
		else
			sqlite3_bind_null(q, PWPOL__LITE_AGING_FIRST + 1 + i);
	sqlite3_bind_int64(q, PWPOL__LITE_AGING_FIRST + 1 + PWPOL_AGING_COUNT,
	                   (sqlite3_int64)a->adopted);
	return pwpol__lite_run(s, S_PUT, "cannot save the account");
}

static enum pwpol_status lite_del(pwpol_store *s, const char *name)
{
	pwpol__lite_bind_text(pwpol__lite_st(s, S_DEL_HISTORY), 1, name);
	enum pwpol_status st = pwpol__lite_run(s, S_DEL_HISTORY, "cannot delete the account");
	if (st != PWPOL_OK)
		return st;
	pwpol__lite_bind_text(pwpol__lite_st(s, S_TOKEN_DEL), 1, name);
	if ((st = pwpol__lite_run(s, S_TOKEN_DEL, "cannot delete the account")) != PWPOL_OK)
		return st;
	pwpol__lite_bind_text(pwpol__lite_st(s, S_DEL), 1, name);
	if ((st = pwpol__lite_run(s, S_DEL, "cannot delete the account")) != PWPOL_OK)
		return st;
	return sqlite3_changes(pwpol__lite(s)->db) ? PWPOL_OK : PWPOL_ENOENT;
}

static enum pwpol_status lite_list(pwpol_store *s, int (*fn)(const struct pwpol__account *, void *),
                                   void *ctx)
{
	sqlite3_stmt *q = pwpol__lite_st(s, S_LIST);
	struct pwpol__account a;
	enum pwpol_status st = PWPOL_OK;
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		pwpol__lite_read_row(q, &a);
		int stop = fn(&a, ctx);
		if (stop)
			break;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		st = pwpol__lite_db_fail(s, "cannot list the accounts");
	pwpol_wipe(&a, sizeof a);
	sqlite3_reset(q);
	return st;
}

static enum pwpol_status lite_note_refusal(pwpol_store *s, const char *kind)
{
	enum pwpol_status st = lite_begin(s, 1);
	if (st != PWPOL_OK)
		return st;
	pwpol__lite_bind_text(pwpol__lite_st(s, S_NOTE_REFUSAL), 1, kind);
	st = pwpol__lite_run(s, S_NOTE_REFUSAL, "cannot count the refusal");
	if (st != PWPOL_OK) {
		lite_rollback(s);
		return st;
	}
	return lite_commit(s);
}

static enum pwpol_status lite_add_failure(pwpol_store *s, const char *name, unsigned *failures)
{
	sqlite3_stmt *q = pwpol__lite_st(s, S_ADD_FAILURE);
	pwpol__lite_bind_text(q, 1, name);
	int rc = sqlite3_step(q);
	enum pwpol_status st = PWPOL_OK;
	if (rc == SQLITE_ROW) {
		*failures = (unsigned)sqlite3_column_int64(q, 0);
		rc = sqlite3_step(q); /* RETURNING: the update completes at DONE */
	} else if (rc == SQLITE_DONE) {
		st = PWPOL_ENOENT;
	}
	if (rc != SQLITE_DONE)
		st = pwpol__lite_db_fail(s, "cannot count the failed login");
	sqlite3_reset(q);
	pwpol__lite_unbind(q);
	return st;
}

/* ---- history ----------------------------------------------------------- */

static enum pwpol_status lite_history_push(pwpol_store *s, const char *name, const char *hash)
{
	sqlite3_stmt *q = pwpol__lite_st(s, S_HIST_PUSH);
	pwpol__lite_bind_text(q, 1, name);
	pwpol__lite_bind_text(q, 2, hash);
	return pwpol__lite_run(s, S_HIST_PUSH, "cannot save the password history");
}

static enum pwpol_status lite_history_get(pwpol_store *s, const char *name,
                                          char (*out)[PWPOL_HASH_MAX], size_t max, size_t *n)
{
	sqlite3_stmt *q = pwpol__lite_st(s, S_HIST_GET);
	pwpol__lite_bind_text(q, 1, name);
	sqlite3_bind_int64(q, 2, (sqlite3_int64)max);
	int rc;
	*n = 0;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW && *n < max) {
		const unsigned char *h = sqlite3_column_text(q, 0);
		snprintf(out[*n], PWPOL_HASH_MAX, "%s", h ? (const char *)h : "");
		(*n)++;
	}
	enum pwpol_status st = PWPOL_OK;
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		st = pwpol__lite_db_fail(s, "cannot read the password history");
	sqlite3_reset(q);
	pwpol__lite_unbind(q);
	return st;
}

static enum pwpol_status lite_history_trim(pwpol_store *s, const char *name, size_t keep)
{
	sqlite3_stmt *q = pwpol__lite_st(s, S_HIST_TRIM);
	pwpol__lite_bind_text(q, 1, name);
	sqlite3_bind_int64(q, 2, (sqlite3_int64)keep);
	return pwpol__lite_run(s, S_HIST_TRIM, "cannot trim the password history");
}

static enum pwpol_status lite_history_count(pwpol_store *s, const char *name, unsigned *n)
{
	sqlite3_stmt *q = pwpol__lite_st(s, S_HIST_COUNT);
	pwpol__lite_bind_text(q, 1, name);
	enum pwpol_status st = PWPOL_OK;
	if (sqlite3_step(q) == SQLITE_ROW)
		*n = (unsigned)sqlite3_column_int64(q, 0);
	else
		st = pwpol__lite_db_fail(s, "cannot read the password history");
	sqlite3_reset(q);
	pwpol__lite_unbind(q);
	return st;
}

/* ---- configuration commits --------------------------------------------- */

/* Reads the first six columns of S_CFG_GET or S_CFG_LIST into c. */
static void read_commit(sqlite3_stmt *q, struct pwpol__commit *c)
{
	const unsigned char *author = sqlite3_column_text(q, 2);
	const unsigned char *comment = sqlite3_column_text(q, 3);
	memset(c, 0, sizeof *c);
	c->seq = (unsigned long)sqlite3_column_int64(q, 0);
	c->time = (time_t)sqlite3_column_int64(q, 1);
	snprintf(c->author, sizeof c->author, "%s", author ? (const char *)author : "");
	snprintf(c->comment, sizeof c->comment, "%s", comment ? (const char *)comment : "");
	c->confirm_by = (time_t)sqlite3_column_int64(q, 4);
	c->reuse_since = (time_t)sqlite3_column_int64(q, 5);
}

static enum pwpol_status lite_config_lock(pwpol_store *s)
{
	(void)s; /* BEGIN IMMEDIATE holds every other writer off already */
	return PWPOL_OK;
}

static enum pwpol_status lite_config_add(pwpol_store *s, struct pwpol__commit *c)
{
	sqlite3_stmt *q = pwpol__lite_st(s, S_CFG_ADD);
	sqlite3_bind_int64(q, 1, (sqlite3_int64)c->time);
	pwpol__lite_bind_text(q, 2, c->author);
	pwpol__lite_bind_text(q, 3, c->comment);
	pwpol__lite_bind_text(q, 4, c->text);
	sqlite3_bind_int64(q, 5, (sqlite3_int64)c->confirm_by);
	sqlite3_bind_int64(q, 6, (sqlite3_int64)c->reuse_since);
	int rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		c->seq = (unsigned long)sqlite3_column_int64(q, 0);
		rc = sqlite3_step(q);
	}
	enum pwpol_status st =
	    rc == SQLITE_DONE ? PWPOL_OK : pwpol__lite_db_fail(s, "cannot save the commit");
	sqlite3_reset(q);
	pwpol__lite_unbind(q);
	if (st != PWPOL_OK)
		return st;
	sqlite3_bind_int64(pwpol__lite_st(s, S_CFG_TRIM), 1, PWPOL__COMMITS_KEEP);
	return pwpol__lite_run(s, S_CFG_TRIM, "cannot drop the oldest commits");
}

static enum pwpol_status lite_config_get(pwpol_store *s, unsigned back, struct pwpol__commit *out)
{
	sqlite3_stmt *q = pwpol__lite_st(s, S_CFG_GET);
	sqlite3_bind_int64(q, 1, back);
	int rc = sqlite3_step(q);
	enum pwpol_status st = PWPOL_OK;
	if (rc == SQLITE_ROW) {
		read_commit(q, out);
		const unsigned char *t = sqlite3_column_text(q, 6);
		out->text = strdup(t ? (const char *)t : "");
		if (!out->text)
			st = pwpol__store_fail(s, PWPOL_ENOMEM, "%s: out of memory",
			                       pwpol__lite(s)->path);
	} else if (rc == SQLITE_DONE) {
		st = PWPOL_ENOENT;
	} else {
		st = pwpol__lite_db_fail(s, "cannot read the configuration");
	}
	sqlite3_reset(q);
	pwpol__lite_unbind(q);
	return st;
}

static enum pwpol_status
lite_config_list(pwpol_store *s, int (*fn)(const struct pwpol__commit *, void *), void *ctx)
{
	sqlite3_stmt *q = pwpol__lite_st(s, S_CFG_LIST);
	struct pwpol__commit c;
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		read_commit(q, &c);
		if (fn(&c, ctx))
			break;
	}
	enum pwpol_status st = PWPOL_OK;
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		st = pwpol__lite_db_fail(s, "cannot list the commits");
	sqlite3_reset(q);
	return st;
}

static enum pwpol_status lite_config_set_deadline(pwpol_store *s, unsigned long seq, time_t by)
{
	sqlite3_stmt *q = pwpol__lite_st(s, S_CFG_DEADLINE);
	sqlite3_bind_int64(q, 1, (sqlite3_int64)seq);
	sqlite3_bind_int64(q, 2, (sqlite3_int64)by);
	return pwpol__lite_run(s, S_CFG_DEADLINE, "cannot confirm the commit");
}

/* ---- API tokens ---------------------------------------------------------- */

static enum pwpol_status lite_token_add(pwpol_store *s, const char *account, const char *hash,
                                        time_t created)
{
	sqlite3_stmt *q = pwpol__lite_st(s, S_TOKEN_ADD);
	pwpol__lite_bind_text(q, 1, account);
	pwpol__lite_bind_text(q, 2, hash);
	sqlite3_bind_int64(q, 3, (sqlite3_int64)created);
	enum pwpol_status st = pwpol__lite_run(s, S_TOKEN_ADD, "cannot save the token");
	if (st == PWPOL_OK && !sqlite3_changes(pwpol__lite(s)->db))
		st = PWPOL_EEXIST;
	return st;
}

static enum pwpol_status lite_token_del(pwpol_store *s, const char *account)
{
	pwpol__lite_bind_text(pwpol__lite_st(s, S_TOKEN_DEL), 1, account);
	enum pwpol_status st = pwpol__lite_run(s, S_TOKEN_DEL, "cannot revoke the token");
	if (st == PWPOL_OK && !sqlite3_changes(pwpol__lite(s)->db))
		st = PWPOL_ENOENT;
	return st;
}

static enum pwpol_status
lite_token_list(pwpol_store *s, int (*fn)(const char *, const char *, time_t, void *), void *ctx)
{
	sqlite3_stmt *q = pwpol__lite_st(s, S_TOKEN_LIST);
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		const unsigned char *a = sqlite3_column_text(q, 0);
		const unsigned char *h = sqlite3_column_text(q, 1);
		if (fn(a ? (const char *)a : "", h ? (const char *)h : "",
		       (time_t)sqlite3_column_int64(q, 2), ctx))
			break;
	}
	enum pwpol_status st = PWPOL_OK;
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		st = pwpol__lite_db_fail(s, "cannot read the tokens");
	sqlite3_reset(q);
	return st;
}

/* ---- discard ----------------------------------------------------------- */

static int any(const struct pwpol__account *a, void *ctx)
{
	(void)a;
	return ++*(int *)ctx;
}

static int any_commit(const struct pwpol__commit *c, void *ctx)
{
	(void)c;
	return ++*(int *)ctx;
}

/* A store this handle made, removed when no one else holds it to make it
 * (flock: the makers hold it shared, setup) and it holds nothing: neither
 * an account nor a commit. The files go while the hold is ours alone, so
 * that an opener that comes later finds no file or a new one. */
static enum pwpol_status lite_discard(pwpol_store *s)
{
	struct lite *l = pwpol__lite(s);
	int used = 0;
	enum pwpol_status st = PWPOL_EEXIST;
	if (flock(l->fd, LOCK_EX | LOCK_NB) == 0 && pwpol__store_same_file(l->fd, l->path) &&
	    lite_list(s, any, &used) == PWPOL_OK && !used &&
	    lite_config_list(s, any_commit, &used) == PWPOL_OK && !used) {
		for (int i = 0; i < S_COUNT; i++) {
			sqlite3_finalize(l->st[i]);
			l->st[i] = NULL;
		}
		sqlite3_close(l->db);
		l->db = NULL;
		pwpol__lite_remove_files(l);
		st = PWPOL_OK;
	}
	pwpol__lite_close(s);
	return st;
}

/* ---- fleet uids --------------------------------------------------------- */

/* Rare calls (a uid's first ask, a lookup by uid): prepared each time. */
static enum pwpol_status fleet_query(pwpol_store *s, const char *query, const char *text,
                                     long long a, long long b, long long c, sqlite3_stmt **q)
{
	if (sqlite3_prepare_v2(pwpol__lite(s)->db, query, -1, q, NULL) != SQLITE_OK)
		return pwpol__lite_db_fail(s, "cannot read the fleet's uids");
	if (text)
		pwpol__lite_bind_text(*q, 1, text);
	else
		sqlite3_bind_int64(*q, 1, a);
	sqlite3_bind_int64(*q, 2, b);
	sqlite3_bind_int64(*q, 3, c);
	return PWPOL_OK;
}

static enum pwpol_status lite_fleet_id_get(pwpol_store *s, const char *name, unsigned *id)
{
	sqlite3_stmt *q;
	enum pwpol_status st =
	    fleet_query(s, "SELECT id FROM fleet_ids WHERE name = ?1", name, 0, 0, 0, &q);
	if (st != PWPOL_OK)
		return st;
	int rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		*id = (unsigned)sqlite3_column_int64(q, 0);
	st = rc == SQLITE_ROW    ? PWPOL_OK
	     : rc == SQLITE_DONE ? PWPOL_ENOENT
	                         : pwpol__lite_db_fail(s, "cannot read the fleet's uids");
	sqlite3_finalize(q);
	return st;
}

static enum pwpol_status lite_fleet_id_new(pwpol_store *s, const char *name, unsigned lo,
                                           unsigned hi, time_t now, unsigned *id)
{
	sqlite3_stmt *q;
	enum pwpol_status st = fleet_query(
	    s, "SELECT coalesce(max(id) + 1, ?1) FROM fleet_ids WHERE id BETWEEN ?1 AND ?2", NULL,
	    lo, hi, 0, &q);
	if (st != PWPOL_OK)
		return st;
	long long next = sqlite3_step(q) == SQLITE_ROW ? sqlite3_column_int64(q, 0) : -1;
	sqlite3_finalize(q);
	if (next < 0)
		return pwpol__lite_db_fail(s, "cannot read the fleet's uids");
	if (next > hi)
		return pwpol__store_fail(s, PWPOL_ESYSTEM, "the fleet's uid range %u-%u is used up",
		                         lo, hi);
	if ((st = fleet_query(s, "INSERT INTO fleet_ids (name, id, given) VALUES (?1, ?2, ?3)",
	                      name, 0, next, (long long)now, &q)) != PWPOL_OK)
		return st;
	int rc = sqlite3_step(q);
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE)
		return pwpol__lite_db_fail(s, "cannot give the account a fleet uid");
	*id = (unsigned)next;
	return PWPOL_OK;
}

static enum pwpol_status lite_fleet_id_name(pwpol_store *s, unsigned id, char *name, size_t len)
{
	sqlite3_stmt *q;
	enum pwpol_status st =
	    fleet_query(s, "SELECT name FROM fleet_ids WHERE id = ?1", NULL, id, 0, 0, &q);
	if (st != PWPOL_OK)
		return st;
	int rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		const unsigned char *t = sqlite3_column_text(q, 0);
		snprintf(name, len, "%s", t ? (const char *)t : "");
	}
	st = rc == SQLITE_ROW    ? PWPOL_OK
	     : rc == SQLITE_DONE ? PWPOL_ENOENT
	                         : pwpol__lite_db_fail(s, "cannot read the fleet's uids");
	sqlite3_finalize(q);
	return st;
}

static enum pwpol_status
lite_fleet_id_each(pwpol_store *s, int (*fn)(const char *, unsigned, time_t, void *), void *ctx)
{
	sqlite3_stmt *q;
	enum pwpol_status st =
	    fleet_query(s, "SELECT name, id, given FROM fleet_ids ORDER BY id", NULL, 0, 0, 0, &q);
	if (st != PWPOL_OK)
		return st;
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		const unsigned char *n = sqlite3_column_text(q, 0);
		if (fn(n ? (const char *)n : "", (unsigned)sqlite3_column_int64(q, 1),
		       (time_t)sqlite3_column_int64(q, 2), ctx))
			break;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		st = pwpol__lite_db_fail(s, "cannot read the fleet's uids");
	sqlite3_finalize(q);
	return st;
}

static enum pwpol_status lite_fleet_id_put(pwpol_store *s, const char *name, unsigned id,
                                           time_t given)
{
	sqlite3_stmt *q;
	enum pwpol_status st =
	    fleet_query(s, "INSERT OR IGNORE INTO fleet_ids (name, id, given) VALUES (?1, ?2, ?3)",
	                name, 0, id, (long long)given, &q);
	if (st != PWPOL_OK)
		return st;
	int rc = sqlite3_step(q);
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE)
		return pwpol__lite_db_fail(s, "cannot give the account a fleet uid");
	return sqlite3_changes(pwpol__lite(s)->db) ? PWPOL_OK : PWPOL_EEXIST;
}

/* ---- the fleet's shared state --------------------------------------------- */

/* A statement of the fleet's state, prepared each time (a conductor's
 * rare calls, and one a request: its node looked up). */
static enum pwpol_status state_query(pwpol_store *s, const char *query, const char *a,
                                     const char *b, long long n, sqlite3_stmt **q)
{
	if (sqlite3_prepare_v2(pwpol__lite(s)->db, query, -1, q, NULL) != SQLITE_OK)
		return pwpol__lite_db_fail(s, "cannot read the fleet's state");
	pwpol__lite_bind_text(*q, 1, a);
	if (b)
		pwpol__lite_bind_text(*q, 2, b);
	sqlite3_bind_int64(*q, 3, n);
	return PWPOL_OK;
}

static enum pwpol_status lite_fleet_get(pwpol_store *s, const char *key, time_t now, char **value)
{
	sqlite3_stmt *q;
	enum pwpol_status st = state_query(s,
	                                   "SELECT value FROM fleet_state WHERE key = ?1 "
	                                   "AND (expires = 0 OR expires > ?3)",
	                                   key, NULL, (long long)now, &q);
	if (st != PWPOL_OK)
		return st;
	*value = NULL;
	int rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		const unsigned char *t = sqlite3_column_text(q, 0);
		st = (*value = strdup(t ? (const char *)t : "")) ? PWPOL_OK : PWPOL_ENOMEM;
	} else {
		st = rc == SQLITE_DONE ? PWPOL_ENOENT
		                       : pwpol__lite_db_fail(s, "cannot read the fleet's state");
	}
	sqlite3_finalize(q);
	return st;
}

static enum pwpol_status lite_fleet_put(pwpol_store *s, const char *key, const char *value,
                                        time_t expires, int replace)
{
	sqlite3_stmt *q;
	enum pwpol_status st =
	    state_query(s,
	                replace ? "INSERT OR REPLACE INTO fleet_state (key, value, expires) "
	                          "VALUES (?1, ?2, ?3)"
	                        : "INSERT OR IGNORE INTO fleet_state (key, value, expires) "
	                          "VALUES (?1, ?2, ?3)",
	                key, value, (long long)expires, &q);
	if (st != PWPOL_OK)
		return st;
	int rc = sqlite3_step(q);
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE)
		return pwpol__lite_db_fail(s, "cannot write the fleet's state");
	return sqlite3_changes(pwpol__lite(s)->db) ? PWPOL_OK : PWPOL_EEXIST;
}

static enum pwpol_status lite_fleet_take(pwpol_store *s, const char *key, time_t now)
{
	sqlite3_stmt *q;
	enum pwpol_status st = state_query(s,
	                                   "DELETE FROM fleet_state WHERE key = ?1 "
	                                   "AND (expires = 0 OR expires > ?3)",
	                                   key, NULL, (long long)now, &q);
	if (st != PWPOL_OK)
		return st;
	int rc = sqlite3_step(q);
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE)
		return pwpol__lite_db_fail(s, "cannot write the fleet's state");
	int gone = sqlite3_changes(pwpol__lite(s)->db) > 0;
	if (state_query(s,
	                "DELETE FROM fleet_state WHERE ?1 IS NOT NULL AND expires > 0 "
	                "AND expires <= ?3",
	                key, NULL, (long long)now, &q) == PWPOL_OK) {
		sqlite3_step(q);
		sqlite3_finalize(q);
	}
	return gone ? PWPOL_OK : PWPOL_ENOENT;
}

static enum pwpol_status lite_fleet_each(pwpol_store *s, const char *prefix,
                                         int (*fn)(const char *, const char *, time_t, void *),
                                         void *ctx)
{
	sqlite3_stmt *q;
	enum pwpol_status st = state_query(s,
	                                   "SELECT key, value, expires FROM fleet_state "
	                                   "WHERE substr(key, 1, length(?1)) = ?1 ORDER BY key",
	                                   prefix, NULL, 0, &q);
	if (st != PWPOL_OK)
		return st;
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		const unsigned char *k = sqlite3_column_text(q, 0), *v = sqlite3_column_text(q, 1);
		if (fn(k ? (const char *)k : "", v ? (const char *)v : "",
		       (time_t)sqlite3_column_int64(q, 2), ctx))
			break;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		st = pwpol__lite_db_fail(s, "cannot read the fleet's state");
	sqlite3_finalize(q);
	return st;
}

const struct pwpol__store_ops pwpol__store_sqlite = {
    .name = "sqlite",
    .open = pwpol__lite_open,
    .close = pwpol__lite_close,
    .begin = lite_begin,
    .commit = lite_commit,
    .rollback = lite_rollback,
    .lazy = lite_lazy,
    .get = lite_get,
    .put = lite_put,
    .del = lite_del,
    .list = lite_list,
    .add_failure = lite_add_failure,
    .note_refusal = lite_note_refusal,
    .history_push = lite_history_push,
    .history_get = lite_history_get,
    .history_trim = lite_history_trim,
    .history_count = lite_history_count,
    .config_lock = lite_config_lock,
    .config_add = lite_config_add,
    .config_get = lite_config_get,
    .config_list = lite_config_list,
    .discard = lite_discard,
    .config_set_deadline = lite_config_set_deadline,
    .check = pwpol__lite_check,
    .token_add = lite_token_add,
    .token_del = lite_token_del,
    .token_list = lite_token_list,
    .fleet_id_get = lite_fleet_id_get,
    .fleet_id_new = lite_fleet_id_new,
    .fleet_id_name = lite_fleet_id_name,
    .fleet_id_each = lite_fleet_id_each,
    .fleet_id_put = lite_fleet_id_put,
    .fleet_get = lite_fleet_get,
    .fleet_put = lite_fleet_put,
    .fleet_take = lite_fleet_take,
    .fleet_each = lite_fleet_each,
};
