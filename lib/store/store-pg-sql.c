/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * store-pg-sql.c - the PostgreSQL store's statement helpers: the handle's
 * connection, a statement sent with its parameters (PQexecParams, values
 * never spliced into SQL), its result or the sentence for its failure
 * (libpq's message on one line, the store named without a password), and
 * a row read into an account. store-pg.c, store-pg-open.c and
 * store-pg-config.c all speak to the server through these.
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

struct pg *pwpol__pg(pwpol_store *s)
{
	return s->impl;
}

/* libpq's message on one line: its messages end in a newline and may hold
 * a tab-indented hint. */
void pwpol__pg_one_line(char *out, size_t n, const char *msg)
{
	snprintf(out, n, "%s", msg && msg[0] ? msg : "unknown error");
	for (char *p = out; *p; p++)
		if (*p == '\n' || *p == '\t' || *p == '\r')
			*p = ' ';
	size_t len = strlen(out);
	while (len && out[len - 1] == ' ')
		out[--len] = 0;
}

void pwpol__pg_make_label(struct pg *g)
{
	const char *host = PQhost(g->c), *port = PQport(g->c), *db = PQdb(g->c),
	           *user = PQuser(g->c);
	snprintf(g->label, sizeof g->label, "postgresql://%s%s%s:%s/%s", user ? user : "",
	         user && user[0] ? "@" : "", host ? host : "", port ? port : "", db ? db : "");
}

/* The sentence for a failed statement (r may be NULL). */
enum pwpol_status pwpol__pg_fail(pwpol_store *s, const PGresult *r, const char *what)
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
		pwpol__pg_one_line(msg, sizeof msg, PQerrorMessage(g->c));
		return pwpol__store_fail(s, PWPOL_ESYSTEM,
		                         "%s: %s: the connection to the server was lost (%s)",
		                         g->label, what, msg);
	}
	/* The server's sentence alone, without its statement excerpt. */
	const char *primary = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	pwpol__pg_one_line(msg, sizeof msg, primary ? primary : PQerrorMessage(g->c));
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
		*st = pwpol__pg_fail(s, r, what);
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
int pwpol__pg_failed_with(pwpol_store *s, const char *sql, int n, const char *const *params,
                          const char *state, enum pwpol_status *st)
{
	struct pg *g = pwpol__pg(s);
	PGresult *r = PQexecParams(g->c, sql, n, NULL, params, NULL, NULL, 0);
	int hit = 0;
	*st = PWPOL_OK;
	if (!r || PQresultStatus(r) != PGRES_COMMAND_OK) {
		const char *got = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
		hit = got && !strcmp(got, state);
		*st = pwpol__pg_fail(s, r, "cannot save the account");
	}
	PQclear(r);
	return hit;
}

long long pwpol__pg_int_at(const PGresult *r, int row, int col)
{
	return strtoll(PQgetvalue(r, row, col), NULL, 10);
}

void pwpol__pg_read_row(const PGresult *r, int row, struct pwpol__account *a)
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
	/* Layout 9: the account's own aging (NULL: none), then adopted. */
	for (int i = 0; i < PWPOL_AGING_COUNT; i++)
		if (!PQgetisnull(r, row, PWPOL__PG_AGING_FIRST + i)) {
			a->aging[i] = (long)pwpol__pg_int_at(r, row, PWPOL__PG_AGING_FIRST + i);
			a->aging_set |= 1u << i;
		}
	a->adopted = (time_t)pwpol__pg_int_at(r, row, PWPOL__PG_AGING_FIRST + PWPOL_AGING_COUNT);
}
