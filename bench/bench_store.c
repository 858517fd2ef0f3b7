/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * bench_store.c - the account store under load: building a store of N
 * accounts, bytes per account, the time to look one account up, and the
 * cost of a login against the bare hash.
 *
 * Usage:
 *   bench_store build DB N PASSWORD   a store of N accounts (user0000000...),
 *                                     all sharing one precomputed $6$ hash
 *   bench_store api DB N PASSWORD     the same through pwpol_account_add, one
 *                                     transaction per account (for its rate)
 *   bench_store lookup DB N BATCHES   pwpol_account_info on seeded random names
 *   bench_store login DB USER PASSWORD REPS
 *                                     pwpol_account_authenticate vs crypt_rn of
 *                                     the same hash, interleaved, medians
 *
 * How `build` is fast and still honest: the library makes the store
 * (pwpol_store_open creates the schema, pwpol_account_init stores `admin`,
 * `root` and `t128` with the given hash), then the `admin` row is cloned N
 * times under new names with the sqlite3 C API in ONE transaction. The
 * statement is made from the schema at run time (PRAGMA table_info: every
 * column but an INTEGER PRIMARY KEY, the name column replaced), so the rows
 * are exactly what the library writes, whatever store-sqlite.c's schema is.
 * Each line of output that starts with RESULT is for bench/run.
 */
#include <crypt.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "pwpol.h"
#include "timing.h"

/* The clock the accounts live on: set at T0, used an hour later. */
#define T0 1700000000
/* The same salt as bench_pam.c, so /etc/shadow gets the very same hash. */
#define SALT "$6$pwpolbench0001$"

static long long file_size(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 ? (long long)st.st_size : 0;
}

static void die(const char *what, const char *why)
{
	fprintf(stderr, "bench_store: %s: %s\n", what, why ? why : "failed");
	exit(1);
}

static void make_hash(const char *pw, char *out, size_t len)
{
	struct crypt_data cd;
	memset(&cd, 0, sizeof cd);
	if (!crypt_rn(pw, SALT, &cd, sizeof cd) || cd.output[0] == '*')
		die("crypt_rn", "cannot make the $6$ hash");
	snprintf(out, len, "%s", cd.output);
}

static pwpol_store *open_store(const char *db, int create)
{
	pwpol_store *s;
	char err[256] = "";
	if (pwpol_store_open(&s, db, create, err, sizeof err) != PWPOL_OK)
		die(db, err);
	return s;
}

static void name_of(char *buf, size_t len, unsigned long i)
{
	snprintf(buf, len, "user%07lu", i);
}

/* ---- build -------------------------------------------------------------- */

/* Finds the table and column that hold the account name `admin`. */
static int find_name_column(sqlite3 *db, char *table, size_t tlen, char *col, size_t clen)
{
	sqlite3_stmt *t, *c;
	if (sqlite3_prepare_v2(db, "SELECT name FROM sqlite_master WHERE type='table'", -1, &t,
	                       NULL) != SQLITE_OK)
		return -1;
	int found = 0;
	while (!found && sqlite3_step(t) == SQLITE_ROW) {
		const char *tn = (const char *)sqlite3_column_text(t, 0);
		char *q = sqlite3_mprintf("SELECT name FROM pragma_table_info(%Q)", tn);
		sqlite3_prepare_v2(db, q, -1, &c, NULL);
		sqlite3_free(q);
		while (!found && sqlite3_step(c) == SQLITE_ROW) {
			const char *cn = (const char *)sqlite3_column_text(c, 0);
			char *probe = sqlite3_mprintf(
			    "SELECT count(*) FROM \"%w\" WHERE \"%w\"='admin'", tn, cn);
			sqlite3_stmt *p;
			if (sqlite3_prepare_v2(db, probe, -1, &p, NULL) == SQLITE_OK &&
			    sqlite3_step(p) == SQLITE_ROW && sqlite3_column_int(p, 0) == 1) {
				snprintf(table, tlen, "%s", tn);
				snprintf(col, clen, "%s", cn);
				found = 1;
			}
			sqlite3_finalize(p);
			sqlite3_free(probe);
		}
		sqlite3_finalize(c);
	}
	sqlite3_finalize(t);
	return found ? 0 : -1;
}

/* INSERT INTO t(cols) SELECT cols-with-name-as-?1 FROM t WHERE name='admin' */
static char *clone_sql(sqlite3 *db, const char *table, const char *col)
{
	char *q = sqlite3_mprintf("SELECT name, type, pk FROM pragma_table_info(%Q)", table);
	sqlite3_stmt *c;
	sqlite3_prepare_v2(db, q, -1, &c, NULL);
	sqlite3_free(q);
	char *cols = sqlite3_mprintf("%s", ""), *vals = sqlite3_mprintf("%s", "");
	while (sqlite3_step(c) == SQLITE_ROW) {
		const char *cn = (const char *)sqlite3_column_text(c, 0);
		const char *ty = (const char *)sqlite3_column_text(c, 1);
		/* The rowid alias is left to SQLite to number. */
		if (sqlite3_column_int(c, 2) == 1 && sqlite3_stricmp(ty, "INTEGER") == 0)
			continue;
		const char *sep = cols[0] ? "," : "";
		char *nc = sqlite3_mprintf("%s%s\"%w\"", cols, sep, cn);
		char *nv = strcmp(cn, col) == 0 ? sqlite3_mprintf("%s%s?1", vals, sep)
		                                : sqlite3_mprintf("%s%s\"%w\"", vals, sep, cn);
		sqlite3_free(cols);
		sqlite3_free(vals);
		cols = nc;
		vals = nv;
	}
	sqlite3_finalize(c);
	char *sql =
	    sqlite3_mprintf("INSERT INTO \"%w\"(%s) SELECT %s FROM \"%w\" WHERE \"%w\"='admin'",
	                    table, cols, vals, table, col);
	sqlite3_free(cols);
	sqlite3_free(vals);
	return sql;
}

static int exec(sqlite3 *db, const char *sql)
{
	char *e = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &e) != SQLITE_OK) {
		fprintf(stderr, "bench_store: %s: %s\n", sql, e ? e : "?");
		sqlite3_free(e);
		return -1;
	}
	return 0;
}

static long long store_bytes(const char *db)
{
	char wal[4096];
	snprintf(wal, sizeof wal, "%s-wal", db);
	return file_size(db) + file_size(wal);
}

/* The library makes the store and the template row. */
static long long init_store(const char *db, const char *hash)
{
	remove(db);
	pwpol_store *s = open_store(db, 1);
	pwpol_policy *p;
	pwpol_report *r;
	if (pwpol_policy_new(&p, "ssr") != PWPOL_OK || pwpol_report_new(&r) != PWPOL_OK)
		die("policy", NULL);
	struct pwpol_secret sec = PWPOL_SECRET_INIT(.hash = hash);
	if (pwpol_account_init(s, p, &sec, 0, T0, r) != PWPOL_OK)
		die("pwpol_account_init", pwpol_store_error(s));
	pwpol_report_free(r);
	pwpol_policy_free(p);
	pwpol_store_close(s);
	return store_bytes(db);
}

static int cmd_build(const char *dbpath, unsigned long n, const char *pw)
{
	char hash[PWPOL_HASH_MAX];
	make_hash(pw, hash, sizeof hash);
	long long base = init_store(dbpath, hash);

	double t0 = now_s();
	sqlite3 *db;
	if (sqlite3_open(dbpath, &db) != SQLITE_OK)
		die(dbpath, sqlite3_errmsg(db));
	char table[128], col[128];
	if (find_name_column(db, table, sizeof table, col, sizeof col) != 0)
		die(dbpath, "no table holds the account 'admin'");
	char *sql = clone_sql(db, table, col);
	sqlite3_stmt *ins;
	if (sqlite3_prepare_v2(db, sql, -1, &ins, NULL) != SQLITE_OK)
		die(sql, sqlite3_errmsg(db));
	exec(db, "PRAGMA synchronous=OFF");
	exec(db, "BEGIN");
	char name[32];
	for (unsigned long i = 0; i < n; i++) {
		name_of(name, sizeof name, i);
		sqlite3_bind_text(ins, 1, name, -1, SQLITE_STATIC);
		if (sqlite3_step(ins) != SQLITE_DONE)
			die("insert", sqlite3_errmsg(db));
		sqlite3_reset(ins);
	}
	if (exec(db, "COMMIT") != 0)
		return 1;
	sqlite3_finalize(ins);
	exec(db, "PRAGMA wal_checkpoint(TRUNCATE)");
	sqlite3_close(db);
	double dt = now_s() - t0;
	long long bytes = store_bytes(dbpath);
	fprintf(stderr, "  cloned with: %s\n", sql);
	sqlite3_free(sql);
	printf(
	    "RESULT build accounts=%lu seconds=%.2f bytes=%lld base=%lld bytes_per_account=%.1f\n",
	    n, dt, bytes, base, (double)(bytes - base) / (double)n);
	return 0;
}

/* The library way: one pwpol_account_add (one transaction) per account. */
static int cmd_api(const char *dbpath, unsigned long n, const char *pw)
{
	char hash[PWPOL_HASH_MAX];
	make_hash(pw, hash, sizeof hash);
	init_store(dbpath, hash);
	pwpol_store *s = open_store(dbpath, 0);
	pwpol_policy *p;
	pwpol_report *r;
	if (pwpol_policy_new(&p, "ssr") != PWPOL_OK || pwpol_report_new(&r) != PWPOL_OK)
		die("policy", NULL);
	struct pwpol_secret sec = PWPOL_SECRET_INIT(.hash = hash);
	char name[32];
	double t0 = now_s();
	for (unsigned long i = 0; i < n; i++) {
		name_of(name, sizeof name, i);
		if (pwpol_account_add(s, p, name, &sec, T0, r) != PWPOL_OK)
			die("pwpol_account_add", pwpol_store_error(s));
	}
	double dt = now_s() - t0;
	printf("RESULT api accounts=%lu seconds=%.2f rate=%.0f\n", n, dt, (double)n / dt);
	pwpol_report_free(r);
	pwpol_policy_free(p);
	pwpol_store_close(s);
	return 0;
}

/* ---- lookup ------------------------------------------------------------- */

static uint64_t rng = 42;

static uint64_t next_rand(void)
{
	uint64_t z = (rng += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static int cmd_lookup(const char *dbpath, unsigned long n, int batches)
{
	pwpol_store *s = open_store(dbpath, 0);
	pwpol_policy *p;
	if (pwpol_policy_new(&p, "ssr") != PWPOL_OK)
		die("policy", NULL);
	enum { PER_BATCH = 20000 };
	double *t = calloc((size_t)batches, sizeof *t);
	char name[32];
	struct pwpol_account_info info = PWPOL_ACCOUNT_INFO_INIT();
	/* One untimed batch first, so every batch runs on a warm page cache. */
	for (int b = -1; b < batches; b++) {
		double t0 = now_s();
		for (int i = 0; i < PER_BATCH; i++) {
			name_of(name, sizeof name, next_rand() % n);
			if (pwpol_account_info(s, p, name, T0 + 3600, &info) != PWPOL_OK)
				die("pwpol_account_info", name);
		}
		if (b >= 0)
			t[b] = (now_s() - t0) / PER_BATCH;
	}
	double med = median(t, (size_t)batches);
	printf("RESULT lookup accounts=%lu batches=%d per_batch=%d median_us=%.2f\n", n, batches,
	       PER_BATCH, med * 1e6);
	free(t);
	pwpol_policy_free(p);
	pwpol_store_close(s);
	return 0;
}

/* ---- login -------------------------------------------------------------- */

static int cmd_login(const char *dbpath, const char *user, const char *pw, int reps)
{
	pwpol_store *s = open_store(dbpath, 0);
	pwpol_policy *p;
	if (pwpol_policy_new(&p, "ssr") != PWPOL_OK)
		die("policy", NULL);
	char hash[PWPOL_HASH_MAX];
	make_hash(pw, hash, sizeof hash);
	double *ta = calloc((size_t)reps, sizeof *ta), *tc = calloc((size_t)reps, sizeof *tc);
	double *tu = calloc((size_t)reps, sizeof *tu);
	struct crypt_data *cd = calloc(1, sizeof *cd);
	size_t len = strlen(pw);
	enum pwpol_change_reason why;
	/* Interleaved, so a slow spell of the machine hits all three alike. */
	for (int i = 0; i < reps; i++) {
		double t0 = now_s();
		if (!crypt_rn(pw, hash, cd, sizeof *cd) || strcmp(cd->output, hash) != 0)
			die("crypt_rn", "the hash does not verify");
		double t1 = now_s();
		enum pwpol_status st =
		    pwpol_account_authenticate(s, p, user, pw, len, T0 + 3600, &why);
		double t2 = now_s();
		if (st != PWPOL_OK)
			die("pwpol_account_authenticate", pwpol_status_name(st));
		st = pwpol_account_authenticate(s, p, "nosuchuser", pw, len, T0 + 3600, &why);
		double t3 = now_s();
		if (st != PWPOL_REJECTED)
			die("unknown user", pwpol_status_name(st));
		tc[i] = t1 - t0;
		ta[i] = t2 - t1;
		tu[i] = t3 - t2;
	}
	double mc = median(tc, (size_t)reps), ma = median(ta, (size_t)reps);
	double mu = median(tu, (size_t)reps);
	printf(
	    "RESULT login reps=%d crypt_ms=%.4f auth_ms=%.4f unknown_ms=%.4f overhead_pct=%.2f\n",
	    reps, mc * 1e3, ma * 1e3, mu * 1e3, (ma / mc - 1) * 100);
	free(cd);
	free(ta);
	free(tc);
	free(tu);
	pwpol_policy_free(p);
	pwpol_store_close(s);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 5 && strcmp(argv[1], "build") == 0)
		return cmd_build(argv[2], strtoul(argv[3], NULL, 10), argv[4]);
	if (argc >= 5 && strcmp(argv[1], "api") == 0)
		return cmd_api(argv[2], strtoul(argv[3], NULL, 10), argv[4]);
	if (argc >= 5 && strcmp(argv[1], "lookup") == 0)
		return cmd_lookup(argv[2], strtoul(argv[3], NULL, 10), atoi(argv[4]));
	if (argc >= 6 && strcmp(argv[1], "login") == 0)
		return cmd_login(argv[2], argv[3], argv[4], atoi(argv[5]));
	fprintf(stderr, "usage: bench_store build|api|lookup|login ... (see bench_store.c)\n");
	return 2;
}
