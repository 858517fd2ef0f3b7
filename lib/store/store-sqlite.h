/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * store-sqlite.h - what the two files of the SQLite store share: its
 * statements by name, the handle's state, and the helpers of
 * store-sqlite.c that the operations (store-sqlite-ops.c) call.
 */
#ifndef PWPOL_STORE_SQLITE_H
#define PWPOL_STORE_SQLITE_H

#include "store.h"

#include <sqlite3.h>

enum stmt {
	S_BEGIN_READ,
	S_BEGIN_WRITE,
	S_COMMIT,
	S_ROLLBACK,
	S_GET,
	S_PUT,
	S_DEL,
	S_DEL_HISTORY,
	S_LIST,
	S_ADD_FAILURE,
	S_HIST_PUSH,
	S_HIST_GET,
	S_HIST_TRIM,
	S_HIST_COUNT,
	S_NOTE_REFUSAL,
	S_CFG_ADD,
	S_CFG_TRIM,
	S_CFG_GET,
	S_CFG_LIST,
	S_CFG_DEADLINE,
	S_TOKEN_ADD,
	S_TOKEN_DEL,
	S_TOKEN_LIST,
	S_COUNT
};

struct lite {
	int fd;      /* the file as checked (check_file), open while the store is */
	int removed; /* a failed maker removed it while it was opened: open again */
	sqlite3 *db;
	sqlite3_stmt *st[S_COUNT]; /* prepared on first use (pwpol__lite_st) */
	int sync_lost;             /* synchronous=FULL could not be set back (lite_lazy) */
	char path[4096];
};

struct lite *pwpol__lite(pwpol_store *s);
enum pwpol_status pwpol__lite_db_fail(pwpol_store *s, const char *what);
enum pwpol_status pwpol__lite_run(pwpol_store *s, enum stmt k, const char *what);
/* Statement k, prepared on first use; NULL (and s->err) if it cannot be. */
sqlite3_stmt *pwpol__lite_st(pwpol_store *s, enum stmt k);
/* A statement's bindings let go of after a run. NULL-safe, as SQLite's
 * other calls are: a statement that could not be prepared (a table the
 * file lacks) is NULL, its failure already said by pwpol__lite_st, and
 * sqlite3_clear_bindings alone would crash the host on it. */
void pwpol__lite_unbind(sqlite3_stmt *q);
void pwpol__lite_bind_text(sqlite3_stmt *q, int i, const char *t);
void pwpol__lite_read_row(sqlite3_stmt *q, struct pwpol__account *a);
/* The column (0-based) of min_days in S_GET and S_LIST rows, and its
 * parameter less one in S_PUT: the five aging figures, then adopted. */
#define PWPOL__LITE_AGING_FIRST 9
void pwpol__lite_close(pwpol_store *s);
void pwpol__lite_remove_files(struct lite *l);
enum pwpol_status pwpol__lite_open(pwpol_store *s, const char *path, int create);
enum pwpol_status pwpol__lite_check(pwpol_store *s, int *version);

#endif
