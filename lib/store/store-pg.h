/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * store-pg.h - what the two files of the PostgreSQL store share: the
 * connection, the statement helpers of store-pg.c, and the configuration
 * commit operations of store-pg-config.c for the ops table.
 */
#ifndef PWPOL_STORE_PG_H
#define PWPOL_STORE_PG_H

#include "store.h"

#include <libpq-fe.h>

/* How long a statement waits for a row another transaction holds (a
 * psql session left open, a stuck node) before the call answers that the
 * store is busy, and how long any statement may run. Without them a held
 * row hangs every failed login of that account. */
#define LOCK_TIMEOUT_MS      5000
#define STATEMENT_TIMEOUT_MS 30000

struct pg {
	PGconn *c;
	int in_tx;
	int write;       /* the transaction is a write transaction */
	char absent[64]; /* the name get() found missing in this write transaction */
	char label[256]; /* the store for a sentence: user@host:port/db, no password */
};

struct pg *pwpol__pg(pwpol_store *s);
/* A statement with its parameters, its result when it has the status
 * wanted, else NULL with *st and the sentence set (`what` says what
 * failed). */
PGresult *pwpol__pg_exec(pwpol_store *s, const char *sql, int n, const char *const *params,
                         ExecStatusType want, const char *what, enum pwpol_status *st);
/* A statement that returns no row. */
enum pwpol_status pwpol__pg_run(pwpol_store *s, const char *sql, int n, const char *const *params,
                                const char *what);
long long pwpol__pg_int_at(const PGresult *r, int row, int col);
long long pwpol__pg_query_int(pwpol_store *s, const char *sql, const char *what,
                              enum pwpol_status *st);

enum pwpol_status pwpol__pg_config_lock(pwpol_store *s);
enum pwpol_status pwpol__pg_config_add(pwpol_store *s, struct pwpol__commit *c);
enum pwpol_status pwpol__pg_config_get(pwpol_store *s, unsigned back, struct pwpol__commit *out);
enum pwpol_status pwpol__pg_config_list(pwpol_store *s,
                                        int (*fn)(const struct pwpol__commit *, void *), void *ctx);
enum pwpol_status pwpol__pg_config_set_deadline(pwpol_store *s, unsigned long seq, time_t by);

/* Shared by the files of the PostgreSQL store (store-pg-sql.c,
 * store-pg-open.c, store-pg.c). */
void pwpol__pg_one_line(char *out, size_t n, const char *msg);
void pwpol__pg_make_label(struct pg *g);
enum pwpol_status pwpol__pg_fail(pwpol_store *s, const PGresult *r, const char *what);
int pwpol__pg_failed_with(pwpol_store *s, const char *sql, int n, const char *const *params,
                          const char *state, enum pwpol_status *st);
void pwpol__pg_read_row(const PGresult *r, int row, struct pwpol__account *a);
/* The column of min_days in the rows pwpol__pg_read_row reads (store-pg.c's
 * COLUMNS): the five aging figures, then adopted, follow it. */
#define PWPOL__PG_AGING_FIRST 9
void pwpol__pg_close(pwpol_store *s);
enum pwpol_status pwpol__pg_open(pwpol_store *s, const char *uri, int create);
enum pwpol_status pwpol__pg_check(pwpol_store *s, int *version);

#endif
