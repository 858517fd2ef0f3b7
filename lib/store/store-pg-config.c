/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * store-pg-config.c - the configuration commits of the PostgreSQL store
 * (store.h: config_*): the table config_commits, numbered, the newest
 * kept, read and written through store-pg.c's statement helpers.
 */
#include "store-pg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- configuration commits --------------------------------------------- */

#define COMMIT_COLUMNS "seq, time, author, comment, confirm_by, reuse_since"

static void read_commit(const PGresult *r, int row, struct pwpol__commit *c)
{
	memset(c, 0, sizeof *c);
	c->seq = (unsigned long)pwpol__pg_int_at(r, row, 0);
	c->time = (time_t)pwpol__pg_int_at(r, row, 1);
	snprintf(c->author, sizeof c->author, "%s", PQgetvalue(r, row, 2));
	snprintf(c->comment, sizeof c->comment, "%s", PQgetvalue(r, row, 3));
	c->confirm_by = (time_t)pwpol__pg_int_at(r, row, 4);
	c->reuse_since = (time_t)pwpol__pg_int_at(r, row, 5);
}

/* The version row is the one row every writer of commits locks first, so
 * that the next reads see what the writer before committed (there is no
 * row to lock for a commit not made yet). */
enum pwpol_status pwpol__pg_config_lock(pwpol_store *s)
{
	enum pwpol_status st;
	pwpol__pg_query_int(s, "SELECT version FROM pwpol_meta WHERE id = 1 FOR UPDATE",
	                    "cannot lock the configuration", &st);
	return st;
}

enum pwpol_status pwpol__pg_config_add(pwpol_store *s, struct pwpol__commit *c)
{
	char when[24], by[24], since[24], keep[24];
	snprintf(when, sizeof when, "%lld", (long long)c->time);
	snprintf(by, sizeof by, "%lld", (long long)c->confirm_by);
	snprintf(since, sizeof since, "%lld", (long long)c->reuse_since);
	snprintf(keep, sizeof keep, "%d", PWPOL__COMMITS_KEEP);
	const char *p[] = {when, c->author, c->comment, c->text, by, since};
	enum pwpol_status st;
	PGresult *r =
	    pwpol__pg_exec(s,
	                   "INSERT INTO config_commits (seq, time, author, comment, text, "
	                   "confirm_by, reuse_since) SELECT coalesce(max(seq), 0) + 1, $1, $2, $3, "
	                   "$4, $5, $6 FROM config_commits RETURNING seq",
	                   6, p, PGRES_TUPLES_OK, "cannot save the commit", &st);
	if (!r)
		return st;
	c->seq = (unsigned long)pwpol__pg_int_at(r, 0, 0);
	PQclear(r);
	const char *k[] = {keep};
	return pwpol__pg_run(s,
	                     "DELETE FROM config_commits WHERE seq <= "
	                     "(SELECT max(seq) FROM config_commits) - $1",
	                     1, k, "cannot drop the oldest commits");
}

enum pwpol_status pwpol__pg_config_get(pwpol_store *s, unsigned back, struct pwpol__commit *out)
{
	char off[24];
	snprintf(off, sizeof off, "%u", back);
	const char *p[] = {off};
	enum pwpol_status st;
	PGresult *r = pwpol__pg_exec(s,
	                             "SELECT " COMMIT_COLUMNS ", text FROM config_commits "
	                             "ORDER BY seq DESC LIMIT 1 OFFSET $1",
	                             1, p, PGRES_TUPLES_OK, "cannot read the configuration", &st);
	if (!r)
		return st;
	if (PQntuples(r) == 1) {
		read_commit(r, 0, out);
		out->text = strdup(PQgetvalue(r, 0, 6));
		if (!out->text)
			st = pwpol__store_fail(s, PWPOL_ENOMEM, "%s: out of memory",
			                       pwpol__pg(s)->label);
	} else {
		st = PWPOL_ENOENT;
	}
	PQclear(r);
	return st;
}

enum pwpol_status pwpol__pg_config_list(pwpol_store *s,
                                        int (*fn)(const struct pwpol__commit *, void *), void *ctx)
{
	enum pwpol_status st;
	PGresult *r =
	    pwpol__pg_exec(s, "SELECT " COMMIT_COLUMNS " FROM config_commits ORDER BY seq DESC", 0,
	                   NULL, PGRES_TUPLES_OK, "cannot list the commits", &st);
	if (!r)
		return st;
	struct pwpol__commit c;
	for (int i = 0; i < PQntuples(r); i++) {
		read_commit(r, i, &c);
		if (fn(&c, ctx))
			break;
	}
	PQclear(r);
	return PWPOL_OK;
}

enum pwpol_status pwpol__pg_config_set_deadline(pwpol_store *s, unsigned long seq, time_t by)
{
	char a[24], b[24];
	snprintf(a, sizeof a, "%lu", seq);
	snprintf(b, sizeof b, "%lld", (long long)by);
	const char *p[] = {a, b};
	return pwpol__pg_run(s, "UPDATE config_commits SET confirm_by = $2 WHERE seq = $1", 2, p,
	                     "cannot confirm the commit");
}
