/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_account.c - the account lifecycle through the library, with `now`
 * moved by hand: lockout at exactly its count and its end at exactly
 * lock-time, reuse refused for N generations and allowed at N+1, both
 * lifetimes at their boundaries, temporary and factory-default passwords,
 * re-hashing of a weaker hash, unknown users, bad input leaving the store
 * unchanged, and the store's file: mode, WAL, layout version.
 *
 * With PWPOL_TEST_PG set to a PostgreSQL URI (tests/pg-server.sh run), the
 * same tests run against that database, emptied before each test; the tests
 * about the SQLite file itself are skipped there.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <libpq-fe.h>
#include <sqlite3.h>

#include "pwpol.h"

#define T0  1700000000L
#define DAY 86400L

struct fixture {
	char dir[64], path[512];
	pwpol_store *s;
	pwpol_policy *p;
	pwpol_report *r;
};

static int on_pg(void)
{
	const char *pg = getenv("PWPOL_TEST_PG");
	return pg && pg[0];
}

/* One statement on the PostgreSQL store, past the library; the result
 * (the caller PQclears it) when it returned rows. */
static PGresult *pg_query(const char *uri, const char *sql, const char *param)
{
	PGconn *c = PQconnectdb(uri);
	assert_int_equal(PQstatus(c), CONNECTION_OK);
	const char *p[] = {param};
	PGresult *r = PQexecParams(c, sql, param ? 1 : 0, NULL, p, NULL, NULL, 0);
	if (PQresultStatus(r) != PGRES_TUPLES_OK && PQresultStatus(r) != PGRES_COMMAND_OK)
		fail_msg("%s: %s", sql, PQerrorMessage(c));
	PQfinish(c);
	return r;
}

static void pg_exec(const char *uri, const char *sql)
{
	PQclear(pg_query(uri, sql, NULL));
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	assert_non_null(f);
	snprintf(f->dir, sizeof f->dir, "/tmp/pwpol-acct-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->path, sizeof f->path, "%s/a.db", f->dir);
	const char *pg = getenv("PWPOL_TEST_PG");
	if (pg && pg[0]) {
		snprintf(f->path, sizeof f->path, "%s", pg);
		pg_exec(pg, "DROP TABLE IF EXISTS accounts, history, refusals, config_commits, "
		            "api_tokens, fleet_ids, fleet_state, pwpol_meta");
	}
	char err[256];
	assert_int_equal(pwpol_store_open(&f->s, f->path, 1, err, sizeof err), PWPOL_OK);
	assert_int_equal(pwpol_policy_new(&f->p, "ssr"), PWPOL_OK);
	/* Cheap hashes: the rules are under test here, not the hash. */
	assert_int_equal(pwpol_report_new(&f->r), PWPOL_OK);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	pwpol_store_close(f->s);
	pwpol_policy_free(f->p);
	pwpol_report_free(f->r);
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
	assert_int_equal(system(cmd), 0);
	free(f);
	return 0;
}

static struct pwpol_secret pw(const char *s)
{
	return (struct pwpol_secret){.pw = s, .len = strlen(s)};
}

static enum pwpol_status login(struct fixture *f, const char *name, const char *p, long now,
                               enum pwpol_change_reason *why)
{
	enum pwpol_change_reason w;
	return pwpol_account_authenticate(f->s, f->p, name, p, strlen(p), now, why ? why : &w);
}

static enum pwpol_status change(struct fixture *f, const char *name, const char *old,
                                const char *new, long now)
{
	return pwpol_account_change(f->s, f->p, name, old, strlen(old), new, strlen(new), now,
	                            f->r);
}

static int has_rule(const pwpol_report *r, enum pwpol_rule rule)
{
	for (size_t i = 0; i < pwpol_report_count(r); i++)
		if (pwpol_report_get(r, i)->rule == rule)
			return 1;
	return 0;
}

static struct pwpol_account_info info(struct fixture *f, const char *name, long now)
{
	struct pwpol_account_info i;
	assert_int_equal(pwpol_account_info(f->s, f->p, name, now, &i), PWPOL_OK);
	return i;
}

/* The stored hash of an account, read past the library (sqlite3). */
static void stored_hash(const char *path, const char *name, char *out, size_t len)
{
	if (pwpol_store_is_uri(path)) {
		PGresult *r = pg_query(path, "SELECT hash FROM accounts WHERE name = $1", name);
		assert_int_equal(PQntuples(r), 1);
		snprintf(out, len, "%s", PQgetvalue(r, 0, 0));
		PQclear(r);
		return;
	}
	sqlite3 *db;
	sqlite3_stmt *q;
	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(
	    sqlite3_prepare_v2(db, "SELECT hash FROM accounts WHERE name = ?1", -1, &q, NULL),
	    SQLITE_OK);
	sqlite3_bind_text(q, 1, name, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	snprintf(out, len, "%s", (const char *)sqlite3_column_text(q, 0));
	sqlite3_finalize(q);
	sqlite3_close(db);
}

/* A whole file, for "the file is unchanged"; *len gets its size. */
static char *slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	assert_non_null(fp);
	size_t cap = 1 << 20;
	char *buf = malloc(cap);
	assert_non_null(buf);
	*len = fread(buf, 1, cap, fp);
	assert_true(*len < cap);
	fclose(fp);
	return buf;
}

static void assert_file_is(const char *path, const char *want, size_t wantlen)
{
	size_t len;
	char *got = slurp(path, &len);
	assert_int_equal(len, wantlen);
	assert_memory_equal(got, want, len);
	free(got);
}

/* The system accounts as the library names them for every face (the web's
 * association live list asks it, it keeps no list of its own). */
static void test_system_account_names(void **state)
{
	(void)state;
	assert_string_equal(pwpol_system_account(0), "admin");
	assert_string_equal(pwpol_system_account(1), "root");
	assert_string_equal(pwpol_system_account(2), "t128");
	assert_null(pwpol_system_account(3));
	assert_null(pwpol_system_account((size_t)-1));
}

static void test_init_three_accounts(void **state)
{
	struct fixture *f = *state;
	struct pwpol_secret s = pw("Kx7#mWq2vL");
	assert_int_equal(pwpol_account_init(f->s, f->p, &s, 0, T0, f->r), PWPOL_OK);
	const char *names[] = {"admin", "root", "t128"};
	for (int i = 0; i < 3; i++) {
		enum pwpol_change_reason why = 99;
		assert_int_equal(login(f, names[i], "Kx7#mWq2vL", T0, &why), PWPOL_OK);
		assert_int_equal(why, PWPOL_REASON_NONE);
		assert_int_equal(info(f, names[i], T0).flags, 0);
	}
	/* A password holding one of the three names is refused for all. */
	struct pwpol_secret bad = pw("Xr00t#Pass9");
	struct pwpol_init_opts force = {
	    .flags = PWPOL_INIT_FORCE, .old = "Kx7#mWq2vL", .oldlen = 10};
	assert_int_equal(pwpol_account_init_with(f->s, f->p, &bad, &force, T0, f->r),
	                 PWPOL_REJECTED);
	assert_true(has_rule(f->r, PWPOL_RULE_USERNAME_CHECK));
	assert_int_equal(login(f, "admin", "Kx7#mWq2vL", T0, NULL), PWPOL_OK);
}

static void test_factory_default_must_change(void **state)
{
	struct fixture *f = *state;
	struct pwpol_secret s = pw("Fact0ry#Dflt");
	assert_int_equal(pwpol_account_init(f->s, f->p, &s, 1, T0, f->r), PWPOL_OK);
	enum pwpol_change_reason why;
	assert_int_equal(login(f, "admin", "Fact0ry#Dflt", T0, &why), PWPOL_CHANGE_REQUIRED);
	assert_int_equal(why, PWPOL_REASON_FACTORY_DEFAULT);
	/* It cannot be kept, and the refusal says why. */
	assert_int_equal(change(f, "admin", "Fact0ry#Dflt", "Fact0ry#Dflt", T0), PWPOL_REJECTED);
	assert_true(has_rule(f->r, PWPOL_RULE_FACTORY_DEFAULT));
	/* Not even with reuse off. */
	assert_int_equal(pwpol_policy_set(f->p, PWPOL_OPT_MINIMUM_REUSE, 0), PWPOL_OK);
	assert_int_equal(pwpol_policy_set(f->p, PWPOL_OPT_MINIMUM_LIFETIME, 0), PWPOL_OK);
	assert_int_equal(pwpol_policy_set(f->p, PWPOL_OPT_MINIMUM_CHARACTER_CHANGES, 0), PWPOL_OK);
	assert_int_equal(change(f, "admin", "Fact0ry#Dflt", "Fact0ry#Dflt", T0), PWPOL_REJECTED);
	assert_true(has_rule(f->r, PWPOL_RULE_FACTORY_DEFAULT));
	/* And minimum-lifetime does not hold back a forced change. */
	assert_int_equal(change(f, "admin", "Fact0ry#Dflt", "Nw9!kePqzR2x", T0), PWPOL_OK);
	assert_int_equal(login(f, "admin", "Nw9!kePqzR2x", T0, &why), PWPOL_OK);
	assert_int_equal(why, PWPOL_REASON_NONE);
	assert_int_equal(info(f, "admin", T0).flags, 0);
}

static void test_lockout_exact(void **state)
{
	struct fixture *f = *state;
	/* root is locked here as the others (root-lockout; root-exempt: pam-root.sh). */
	assert_int_equal(pwpol_policy_set(f->p, PWPOL_OPT_ROOT_LOCKOUT, 1), PWPOL_OK);
	assert_int_equal(pwpol_policy_set(f->p, PWPOL_OPT_MAXIMUM_FAILED_ATTEMPTS, 3), PWPOL_OK);
	assert_int_equal(pwpol_policy_set(f->p, PWPOL_OPT_LOCK_TIME, 60), PWPOL_OK);
	struct pwpol_secret s = pw("Kx7#mWq2vL");
	assert_int_equal(pwpol_account_init(f->s, f->p, &s, 0, T0, f->r), PWPOL_OK);
	/* A success resets the count. */
	assert_int_equal(login(f, "admin", "wrong", T0, NULL), PWPOL_REJECTED);
	assert_int_equal(login(f, "admin", "wrong", T0, NULL), PWPOL_REJECTED);
	assert_int_equal(info(f, "admin", T0).failures, 2);
	assert_int_equal(login(f, "admin", "Kx7#mWq2vL", T0, NULL), PWPOL_OK);
	assert_int_equal(info(f, "admin", T0).failures, 0);
	/* The 3rd consecutive failure locks, until that failure + 60 s. */
	assert_int_equal(login(f, "admin", "wrong", T0 + 10, NULL), PWPOL_REJECTED);
	assert_int_equal(login(f, "admin", "wrong", T0 + 10, NULL), PWPOL_REJECTED);
	assert_int_equal(info(f, "admin", T0 + 10).locked_until, 0);
	assert_int_equal(login(f, "admin", "wrong", T0 + 20, NULL), PWPOL_REJECTED);
	assert_int_equal(info(f, "admin", T0 + 20).locked_until, T0 + 80);
	/* Locked: the right password is refused and failures are not counted. */
	assert_int_equal(login(f, "admin", "Kx7#mWq2vL", T0 + 20, NULL), PWPOL_LOCKED);
	assert_int_equal(login(f, "admin", "wrong", T0 + 79, NULL), PWPOL_LOCKED);
	assert_int_equal(login(f, "admin", "Kx7#mWq2vL", T0 + 79, NULL), PWPOL_LOCKED);
	assert_int_equal(info(f, "admin", T0 + 79).failures, 3);
	assert_int_equal(login(f, "admin", "Kx7#mWq2vL", T0 + 80, NULL), PWPOL_OK);
	assert_int_equal(info(f, "admin", T0 + 80).failures, 0);
	/* An administrator's unlock ends it at once; other accounts never locked. */
	for (int i = 0; i < 3; i++)
		assert_int_equal(login(f, "root", "wrong", T0 + 100, NULL), PWPOL_REJECTED);
	assert_int_equal(login(f, "root", "Kx7#mWq2vL", T0 + 101, NULL), PWPOL_LOCKED);
	assert_int_equal(login(f, "t128", "Kx7#mWq2vL", T0 + 101, NULL), PWPOL_OK);
	assert_int_equal(pwpol_account_unlock(f->s, "root", T0 + 101), PWPOL_OK);
	assert_int_equal(login(f, "root", "Kx7#mWq2vL", T0 + 101, NULL), PWPOL_OK);
	/* A locked user cannot change the password either. */
	for (int i = 0; i < 3; i++)
		assert_int_equal(login(f, "t128", "wrong", T0 + 200, NULL), PWPOL_REJECTED);
	assert_int_equal(change(f, "t128", "Kx7#mWq2vL", "Nw9!kePqzR2x", T0 + 2 * DAY + 300),
	                 PWPOL_OK); /* 2 days later the lock (60 s) is long over */
}

static void test_unknown_user_same_answer(void **state)
{
	struct fixture *f = *state;
	struct pwpol_secret s = pw("Kx7#mWq2vL");
	assert_int_equal(pwpol_account_init(f->s, f->p, &s, 0, T0, f->r), PWPOL_OK);
	assert_int_equal(login(f, "nobody", "Kx7#mWq2vL", T0, NULL), PWPOL_REJECTED);
	assert_int_equal(login(f, "admin", "nope", T0, NULL), PWPOL_REJECTED);
	assert_int_equal(login(f, "-bad name", "Kx7#mWq2vL", T0, NULL), PWPOL_REJECTED);
	/* Administrative calls may say which: no such account. */
	struct pwpol_account_info i;
	assert_int_equal(pwpol_account_info(f->s, f->p, "nobody", T0, &i), PWPOL_ENOENT);
	assert_int_equal(pwpol_account_unlock(f->s, "nobody", T0), PWPOL_ENOENT);
}

static void test_reuse_generations(void **state)
{
	struct fixture *f = *state;
	/* minimum-reuse 3: the current password and the 2 before it. */
	assert_int_equal(pwpol_policy_set(f->p, PWPOL_OPT_MINIMUM_REUSE, 3), PWPOL_OK);
	assert_int_equal(pwpol_policy_set(f->p, PWPOL_OPT_MINIMUM_LIFETIME, 0), PWPOL_OK);
	assert_int_equal(pwpol_policy_set(f->p, PWPOL_OPT_MINIMUM_CHARACTER_CHANGES, 0), PWPOL_OK);
	const char *g[] = {"Gen0#Pass-aa", "Gen1#Pass-bb", "Gen2#Pass-cc", "Gen3#Pass-dd"};
	struct pwpol_secret s = pw(g[0]);
	assert_int_equal(pwpol_account_init(f->s, f->p, &s, 0, T0, f->r), PWPOL_OK);
	assert_int_equal(change(f, "admin", g[0], g[1], T0 + 1), PWPOL_OK);
	assert_int_equal(change(f, "admin", g[1], g[2], T0 + 2), PWPOL_OK);
	/* Current g2, before it g1 and g0: all three refused. */
	for (int i = 0; i <= 2; i++) {
		assert_int_equal(change(f, "admin", g[2], g[i], T0 + 3), PWPOL_REJECTED);
		assert_true(has_rule(f->r, PWPOL_RULE_MINIMUM_REUSE));
	}
	assert_int_equal(change(f, "admin", g[2], g[3], T0 + 3), PWPOL_OK);
	/* g0 is now 4 generations back (N+1): allowed. g1 still refused. */
	assert_int_equal(change(f, "admin", g[3], g[1], T0 + 4), PWPOL_REJECTED);
	assert_int_equal(change(f, "admin", g[3], g[0], T0 + 4), PWPOL_OK);
	assert_int_equal(login(f, "admin", g[0], T0 + 4, NULL), PWPOL_OK);
	/* The history kept is what minimum-reuse asks, no more. */
	assert_true(info(f, "admin", T0 + 4).history <= 2);
}

static void test_lifetimes(void **state)
{
	struct fixture *f = *state;
	/* ssr: minimum-lifetime 1 day, maximum-lifetime 60 days. */
	struct pwpol_secret s = pw("Kx7#mWq2vL");
	assert_int_equal(pwpol_account_init(f->s, f->p, &s, 0, T0, f->r), PWPOL_OK);
	assert_int_equal(change(f, "admin", "Kx7#mWq2vL", "Nw9!kePqzR2x", T0 + DAY - 1),
	                 PWPOL_REJECTED);
	assert_true(has_rule(f->r, PWPOL_RULE_MINIMUM_LIFETIME));
	/* Junos: "less than or equal to": exactly one day old is refused. */
	assert_int_equal(change(f, "admin", "Kx7#mWq2vL", "Nw9!kePqzR2x", T0 + DAY),
	                 PWPOL_REJECTED);
	assert_true(has_rule(f->r, PWPOL_RULE_MINIMUM_LIFETIME));
	assert_int_equal(change(f, "admin", "Kx7#mWq2vL", "Nw9!kePqzR2x", T0 + DAY + 1), PWPOL_OK);
	long set = T0 + DAY + 1;
	/* An administrator's reset is not held back, and is temporary. */
	struct pwpol_secret t = pw("Temp#Pass123");
	assert_int_equal(pwpol_account_reset(f->s, f->p, "root", &t, T0 + 1, f->r), PWPOL_OK);
	enum pwpol_change_reason why;
	assert_int_equal(login(f, "root", "Temp#Pass123", T0 + 1, &why), PWPOL_CHANGE_REQUIRED);
	assert_int_equal(why, PWPOL_REASON_TEMPORARY);
	/* Expiry: one second before 60 days, fine; at 60 days, a forced change. */
	assert_int_equal(login(f, "admin", "Nw9!kePqzR2x", set + 60 * DAY - 1, &why), PWPOL_OK);
	assert_int_equal(info(f, "admin", set).expires, set + 60 * DAY);
	assert_int_equal(login(f, "admin", "Nw9!kePqzR2x", set + 60 * DAY, &why),
	                 PWPOL_CHANGE_REQUIRED);
	assert_int_equal(why, PWPOL_REASON_EXPIRED);
	assert_true(info(f, "admin", set + 60 * DAY).expired);
	/* A wrong password on an expired account is still just wrong. */
	assert_int_equal(login(f, "admin", "nope", set + 61 * DAY, NULL), PWPOL_REJECTED);
}

static void test_temporary_from_useradd(void **state)
{
	struct fixture *f = *state;
	struct pwpol_secret t = pw("Temp#Pass123");
	assert_int_equal(pwpol_account_add(f->s, f->p, "alice", &t, T0, f->r), PWPOL_OK);
	assert_int_equal(pwpol_account_add(f->s, f->p, "alice", &t, T0, f->r), PWPOL_EEXIST);
	assert_int_equal(info(f, "alice", T0).flags, PWPOL_ACCOUNT_TEMPORARY);
	enum pwpol_change_reason why;
	assert_int_equal(login(f, "alice", "Temp#Pass123", T0, &why), PWPOL_CHANGE_REQUIRED);
	assert_int_equal(why, PWPOL_REASON_TEMPORARY);
	/* The forced change happens at once (not held by minimum-lifetime) and
	 * is judged against the old password: 8 positions must change. */
	assert_int_equal(change(f, "alice", "Temp#Pass123", "Temp#Pass124", T0), PWPOL_REJECTED);
	assert_true(has_rule(f->r, PWPOL_RULE_MINIMUM_CHARACTER_CHANGES));
	assert_int_equal(change(f, "alice", "Temp#Pass123", "Qz8$wRtyUi0p", T0), PWPOL_OK);
	assert_int_equal(info(f, "alice", T0).flags, 0);
	assert_int_equal(login(f, "alice", "Qz8$wRtyUi0p", T0, &why), PWPOL_OK);
	/* An account can be deleted; its name then answers like any unknown. */
	assert_int_equal(pwpol_account_delete(f->s, f->p, "alice", T0), PWPOL_OK);
	assert_int_equal(login(f, "alice", "Qz8$wRtyUi0p", T0, NULL), PWPOL_REJECTED);
	assert_int_equal(pwpol_account_delete(f->s, f->p, "alice", T0), PWPOL_ENOENT);
}

static void test_rehash_weaker(void **state)
{
	struct fixture *f = *state;
	char h[PWPOL_HASH_MAX];
	assert_int_equal(pwpol_hash(PWPOL_FORMAT_SHA256, 0, "Kx7#mWq2vL", 10, h, sizeof h),
	                 PWPOL_OK);
	struct pwpol_secret s = {.hash = h};
	assert_int_equal(pwpol_account_init(f->s, f->p, &s, 0, T0, f->r), PWPOL_OK);
	assert_int_equal(info(f, "admin", T0).format, PWPOL_FORMAT_SHA256);
	/* A failed login does not re-hash (it has no password to hash). */
	assert_int_equal(login(f, "admin", "wrong", T0, NULL), PWPOL_REJECTED);
	assert_int_equal(info(f, "admin", T0).format, PWPOL_FORMAT_SHA256);
	assert_int_equal(login(f, "admin", "Kx7#mWq2vL", T0, NULL), PWPOL_OK);
	assert_int_equal(info(f, "admin", T0).format, PWPOL_FORMAT_SHA512);
	assert_int_equal(login(f, "admin", "Kx7#mWq2vL", T0, NULL), PWPOL_OK);
	assert_int_equal(info(f, "root", T0).format, PWPOL_FORMAT_SHA256);
	/* A malformed hash is refused, not stored. */
	struct pwpol_secret bad = {.hash = "$6$nodollar"};
	assert_int_equal(pwpol_account_add(f->s, f->p, "bob", &bad, T0, f->r), PWPOL_EINVAL);
}

/* Every account's row, for "the store is unchanged". */
static char *dump(const char *path)
{
	if (pwpol_store_is_uri(path)) {
		PGresult *r = pg_query(path, "SELECT * FROM accounts ORDER BY 1", NULL);
		size_t cap = 1 << 16, n = 0;
		char *out = calloc(1, cap);
		assert_non_null(out);
		for (int i = 0; i < PQntuples(r); i++)
			for (int c = 0; c < PQnfields(r); c++) {
				n += (size_t)snprintf(out + n, cap - n, "%s|", PQgetvalue(r, i, c));
				assert_true(n < cap);
			}
		PQclear(r);
		return out;
	}
	sqlite3 *db;
	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	sqlite3_stmt *q;
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT * FROM accounts ORDER BY 1", -1, &q, NULL),
	                 SQLITE_OK);
	size_t cap = 1 << 16, n = 0;
	char *out = calloc(1, cap);
	assert_non_null(out);
	while (sqlite3_step(q) == SQLITE_ROW)
		for (int c = 0; c < sqlite3_column_count(q); c++) {
			const unsigned char *v = sqlite3_column_text(q, c);
			n +=
			    (size_t)snprintf(out + n, cap - n, "%s|", v ? (const char *)v : "NULL");
			assert_true(n < cap);
		}
	sqlite3_finalize(q);
	sqlite3_close(db);
	return out;
}

static void test_bad_input_leaves_store(void **state)
{
	struct fixture *f = *state;
	struct pwpol_secret s = pw("Kx7#mWq2vL");
	assert_int_equal(pwpol_account_init(f->s, f->p, &s, 0, T0, f->r), PWPOL_OK);
	char *before = dump(f->path);
	size_t big = 1 << 20;
	char *huge = malloc(big);
	assert_non_null(huge);
	memset(huge, 'A', big);
	assert_int_equal(pwpol_account_authenticate(f->s, f->p, "admin", huge, big, T0, NULL),
	                 PWPOL_EINVAL);
	assert_int_equal(pwpol_account_authenticate(f->s, f->p, "admin", "", 0, T0, NULL),
	                 PWPOL_EINVAL);
	assert_int_equal(pwpol_account_change(f->s, f->p, "admin", "Kx7#mWq2vL", 10, huge, big,
	                                      T0 + 2 * DAY, f->r),
	                 PWPOL_EINVAL);
	assert_int_equal(
	    pwpol_account_change(f->s, f->p, "admin", "Kx7#mWq2vL", 10, "", 0, T0 + 2 * DAY, f->r),
	    PWPOL_EINVAL);
	struct pwpol_secret bad = {.pw = huge, .len = big};
	assert_int_equal(pwpol_account_add(f->s, f->p, "bob", &bad, T0, f->r), PWPOL_EINVAL);
	assert_int_equal(pwpol_account_add(f->s, f->p, "-bob", &s, T0, f->r), PWPOL_REJECTED);
	assert_int_equal(pwpol_account_reset(f->s, f->p, "nobody", &s, T0, f->r), PWPOL_ENOENT);
	free(huge);
	char *after = dump(f->path);
	assert_string_equal(before, after);
	free(before);
	free(after);
}

static void test_store_file(void **state)
{
	if (on_pg())
		skip(); /* about the SQLite file */
	struct fixture *f = *state;
	struct pwpol_secret s = pw("Kx7#mWq2vL");
	assert_int_equal(pwpol_account_init(f->s, f->p, &s, 0, T0, f->r), PWPOL_OK);
	struct stat sb;
	assert_int_equal(stat(f->path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	/* WAL, and a layout version to migrate from. */
	sqlite3 *db;
	assert_int_equal(sqlite3_open_v2(f->path, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
	sqlite3_stmt *q;
	assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &q, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(q, 0), "wal");
	sqlite3_finalize(q);
	assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &q, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(q, 0), 9);
	sqlite3_finalize(q);
	/* A layout from a newer pwpol is refused, not rewritten. */
	assert_int_equal(sqlite3_exec(db, "PRAGMA user_version = 99", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	pwpol_store *s2 = NULL;
	char err[256] = "";
	assert_int_equal(pwpol_store_open(&s2, f->path, 0, err, sizeof err), PWPOL_ESYSTEM);
	assert_non_null(strstr(err, "layout version 99, newer than this pwpol knows (10)"));
	/* A store others may read is refused with a clear error. */
	assert_int_equal(chmod(f->path, 0644), 0);
	assert_int_equal(pwpol_store_open(&s2, f->path, 0, err, sizeof err), PWPOL_EINVAL);
	assert_non_null(strstr(err, f->path));
	/* A missing store is not made unless asked. */
	char missing[128];
	snprintf(missing, sizeof missing, "%s/none.db", f->dir);
	assert_int_equal(pwpol_store_open(&s2, missing, 0, err, sizeof err), PWPOL_ESYSTEM);
	assert_int_equal(access(missing, F_OK), -1);
}

/* A wrong current password in a change counts like a failed login. */
static void test_change_counts_failures(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(pwpol_policy_set(f->p, PWPOL_OPT_MAXIMUM_FAILED_ATTEMPTS, 3), PWPOL_OK);
	assert_int_equal(pwpol_policy_set(f->p, PWPOL_OPT_LOCK_TIME, 60), PWPOL_OK);
	struct pwpol_secret s = pw("Kx7#mWq2vL");
	assert_int_equal(pwpol_account_init(f->s, f->p, &s, 0, T0, f->r), PWPOL_OK);
	long t = T0 + 2 * DAY;
	assert_int_equal(change(f, "admin", "guess-1", "Nw9!kePqzR2x", t), PWPOL_REJECTED);
	assert_int_equal(pwpol_report_count(f->r), 0);
	assert_int_equal(info(f, "admin", t).failures, 1);
	assert_int_equal(login(f, "admin", "guess-2", t, NULL), PWPOL_REJECTED);
	assert_int_equal(change(f, "admin", "guess-3", "Nw9!kePqzR2x", t), PWPOL_REJECTED);
	assert_int_equal(info(f, "admin", t).locked_until, t + 60);
	/* Locked: the right current password changes nothing, nor is counted. */
	assert_int_equal(change(f, "admin", "Kx7#mWq2vL", "Nw9!kePqzR2x", t + 59), PWPOL_LOCKED);
	assert_int_equal(info(f, "admin", t + 59).failures, 3);
	assert_int_equal(change(f, "admin", "Kx7#mWq2vL", "Nw9!kePqzR2x", t + 60), PWPOL_OK);
	/* A policy refusal is no failed proof: not counted. */
	assert_int_equal(change(f, "admin", "Nw9!kePqzR2x", "weak", t + 3 * DAY), PWPOL_REJECTED);
	assert_int_equal(info(f, "admin", t + 3 * DAY).failures, 0);
}

/* init from a ready hash (`init --password-hash`): the very hash stored for
 * all three, not temporary; as the factory default, flagged instead. */
static void test_init_from_hash(void **state)
{
	struct fixture *f = *state;
	char h[PWPOL_HASH_MAX], got[PWPOL_HASH_MAX];
	assert_int_equal(pwpol_hash(PWPOL_FORMAT_SHA512, 0, "Hx8#kLm2Qw", 10, h, sizeof h),
	                 PWPOL_OK);
	struct pwpol_secret s = {.hash = h};
	assert_int_equal(pwpol_account_init(f->s, f->p, &s, 0, T0, f->r), PWPOL_OK);
	const char *names[] = {"admin", "root", "t128"};
	for (int i = 0; i < 3; i++) {
		enum pwpol_change_reason why = 99;
		stored_hash(f->path, names[i], got, sizeof got);
		assert_string_equal(got, h);
		assert_int_equal(info(f, names[i], T0).flags, 0);
		assert_int_equal(login(f, names[i], "Hx8#kLm2Qw", T0, &why), PWPOL_OK);
		assert_int_equal(why, PWPOL_REASON_NONE);
	}
	/* Neither a password nor a hash, or a malformed hash: nothing written. */
	char *before = dump(f->path);
	struct pwpol_secret none = {0}, bad = {.hash = "not-a-hash"};
	struct pwpol_init_opts force = {
	    .flags = PWPOL_INIT_FORCE, .old = "Hx8#kLm2Qw", .oldlen = 10};
	assert_int_equal(pwpol_account_init_with(f->s, f->p, &none, &force, T0, f->r),
	                 PWPOL_EINVAL);
	assert_int_equal(pwpol_account_init_with(f->s, f->p, &bad, &force, T0, f->r), PWPOL_EINVAL);
	char *after = dump(f->path);
	assert_string_equal(before, after);
	free(before);
	free(after);
	/* The same hash as the factory default (forced, over the accounts that
	 * exist): all three must change it. */
	force.flags |= PWPOL_INIT_FACTORY_DEFAULT;
	assert_int_equal(pwpol_account_init_with(f->s, f->p, &s, &force, T0, f->r), PWPOL_OK);
	for (int i = 0; i < 3; i++) {
		enum pwpol_change_reason why = 99;
		assert_int_equal(info(f, names[i], T0).flags, PWPOL_ACCOUNT_FACTORY_DEFAULT);
		assert_int_equal(login(f, names[i], "Hx8#kLm2Qw", T0, &why), PWPOL_CHANGE_REQUIRED);
		assert_int_equal(why, PWPOL_REASON_FACTORY_DEFAULT);
	}
}

/* failure-interval 900 (RHEL 9 STIG fail_interval): a failure 900 s or
 * more after the one before it starts the count again; failures each
 * less than 900 s apart count on. */
static void test_failure_interval(void **state)
{
	struct fixture *f = *state;
	/* root is locked here as the others (root-lockout; root-exempt: pam-root.sh). */
	assert_int_equal(pwpol_policy_set(f->p, PWPOL_OPT_ROOT_LOCKOUT, 1), PWPOL_OK);
	assert_int_equal(pwpol_policy_set(f->p, PWPOL_OPT_MAXIMUM_FAILED_ATTEMPTS, 3), PWPOL_OK);
	assert_int_equal(pwpol_policy_set(f->p, PWPOL_OPT_FAILURE_INTERVAL, 900), PWPOL_OK);
	struct pwpol_secret s = pw("Kx7#mWq2vL");
	assert_int_equal(pwpol_account_init(f->s, f->p, &s, 0, T0, f->r), PWPOL_OK);
	/* Two failures, then a third exactly 900 s after the second: the two
	 * no longer count, so no lock and a count of 1. */
	assert_int_equal(login(f, "admin", "wrong", T0, NULL), PWPOL_REJECTED);
	assert_int_equal(login(f, "admin", "wrong", T0 + 100, NULL), PWPOL_REJECTED);
	assert_int_equal(info(f, "admin", T0 + 999).failures, 2);
	assert_int_equal(info(f, "admin", T0 + 1000).failures, 0); /* aged: shown as none */
	assert_int_equal(login(f, "admin", "wrong", T0 + 1000, NULL), PWPOL_REJECTED);
	assert_int_equal(info(f, "admin", T0 + 1000).failures, 1);
	assert_int_equal(info(f, "admin", T0 + 1000).locked_until, 0);
	/* One second less (899 s after the one before) and they count: the
	 * third locks. */
	assert_int_equal(login(f, "admin", "wrong", T0 + 1899, NULL), PWPOL_REJECTED);
	assert_int_equal(info(f, "admin", T0 + 1899).failures, 2);
	assert_int_equal(login(f, "admin", "wrong", T0 + 2798, NULL), PWPOL_REJECTED);
	assert_int_equal(info(f, "admin", T0 + 2798).locked_until, T0 + 2798 + 1800);
	assert_int_equal(login(f, "admin", "Kx7#mWq2vL", T0 + 2798, NULL), PWPOL_LOCKED);
	/* Without failure-interval, failures never age. */
	assert_int_equal(pwpol_policy_set(f->p, PWPOL_OPT_FAILURE_INTERVAL, 0), PWPOL_OK);
	assert_int_equal(login(f, "root", "wrong", T0, NULL), PWPOL_REJECTED);
	assert_int_equal(login(f, "root", "wrong", T0 + 100 * DAY, NULL), PWPOL_REJECTED);
	assert_int_equal(info(f, "root", T0 + 100 * DAY).failures, 2);
	assert_int_equal(login(f, "root", "wrong", T0 + 200 * DAY, NULL), PWPOL_REJECTED);
	assert_int_equal(login(f, "root", "Kx7#mWq2vL", T0 + 200 * DAY, NULL), PWPOL_LOCKED);
}

/* lock-time 0 (RHEL 9 STIG unlock_time=0): locked until an administrator
 * unlocks, however far the clock moves. */
static void test_lock_until_unlocked(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(pwpol_policy_set(f->p, PWPOL_OPT_MAXIMUM_FAILED_ATTEMPTS, 3), PWPOL_OK);
	assert_int_equal(pwpol_policy_set(f->p, PWPOL_OPT_LOCK_TIME, 0), PWPOL_OK);
	assert_int_equal(pwpol_policy_set(f->p, PWPOL_OPT_MAXIMUM_LIFETIME, 0), PWPOL_OK);
	struct pwpol_secret s = pw("Kx7#mWq2vL");
	assert_int_equal(pwpol_account_init(f->s, f->p, &s, 0, T0, f->r), PWPOL_OK);
	for (int i = 0; i < 3; i++)
		assert_int_equal(login(f, "admin", "wrong", T0, NULL), PWPOL_REJECTED);
	struct pwpol_account_info a = info(f, "admin", T0 + 3650 * DAY);
	assert_int_equal(a.locked_until, PWPOL_LOCKED_UNTIL_UNLOCKED);
	assert_string_equal(pwpol_account_state(&a), "locked");
	assert_int_equal(login(f, "admin", "Kx7#mWq2vL", T0 + 3650 * DAY, NULL), PWPOL_LOCKED);
	assert_int_equal(pwpol_account_unlock(f->s, "admin", T0 + 3650 * DAY), PWPOL_OK);
	assert_int_equal(info(f, "admin", T0 + 3650 * DAY).locked_until, 0);
	assert_int_equal(login(f, "admin", "Kx7#mWq2vL", T0 + 3650 * DAY, NULL), PWPOL_OK);
}

/* maximum-failed-attempts 1: the first failure locks; once a lock has run
 * out, counting starts again from nothing. */
static void test_lockout_count_restarts(void **state)
{
	struct fixture *f = *state;
	/* root is locked here as the others (root-lockout; root-exempt: pam-root.sh). */
	assert_int_equal(pwpol_policy_set(f->p, PWPOL_OPT_ROOT_LOCKOUT, 1), PWPOL_OK);
	assert_int_equal(pwpol_policy_set(f->p, PWPOL_OPT_MAXIMUM_FAILED_ATTEMPTS, 2), PWPOL_OK);
	assert_int_equal(pwpol_policy_set(f->p, PWPOL_OPT_LOCK_TIME, 1), PWPOL_OK);
	struct pwpol_secret s = pw("Kx7#mWq2vL");
	assert_int_equal(pwpol_account_init(f->s, f->p, &s, 0, T0, f->r), PWPOL_OK);
	/* N-1 = 1 failure: still open to the right password. */
	assert_int_equal(login(f, "admin", "wrong", T0, NULL), PWPOL_REJECTED);
	assert_int_equal(info(f, "admin", T0).locked_until, 0);
	assert_int_equal(login(f, "admin", "wrong", T0, NULL), PWPOL_REJECTED);
	assert_int_equal(info(f, "admin", T0).locked_until, T0 + 1);
	assert_int_equal(login(f, "admin", "Kx7#mWq2vL", T0, NULL), PWPOL_LOCKED);
	/* lock-time 1 s: open at T0 + 1, and one failure does not lock again. */
	assert_int_equal(info(f, "admin", T0 + 1).failures, 0);
	assert_int_equal(login(f, "admin", "wrong", T0 + 1, NULL), PWPOL_REJECTED);
	assert_int_equal(info(f, "admin", T0 + 1).failures, 1);
	assert_int_equal(info(f, "admin", T0 + 1).locked_until, 0);
	assert_int_equal(login(f, "admin", "Kx7#mWq2vL", T0 + 1, NULL), PWPOL_OK);
	/* maximum-failed-attempts 1: the first failure locks. */
	assert_int_equal(pwpol_policy_set(f->p, PWPOL_OPT_MAXIMUM_FAILED_ATTEMPTS, 1), PWPOL_OK);
	assert_int_equal(login(f, "root", "wrong", T0 + 5, NULL), PWPOL_REJECTED);
	assert_int_equal(login(f, "root", "Kx7#mWq2vL", T0 + 5, NULL), PWPOL_LOCKED);
	/* An administrator's reset is a fresh start: lock and count cleared. */
	struct pwpol_secret t = pw("Temp#Pass123");
	assert_int_equal(pwpol_account_reset(f->s, f->p, "root", &t, T0 + 5, f->r), PWPOL_OK);
	assert_int_equal(info(f, "root", T0 + 5).failures, 0);
	assert_int_equal(login(f, "root", "Temp#Pass123", T0 + 5, NULL), PWPOL_CHANGE_REQUIRED);
}

/* minimum-character-changes 8 (ssr) against the old password: 7 changed
 * positions refused with the figures, 8 allowed; positions past the
 * shorter password count as changed. */
static void test_character_changes_boundary(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(pwpol_policy_get(f->p, PWPOL_OPT_MINIMUM_CHARACTER_CHANGES), 8);
	struct pwpol_secret t = pw("Temp#Pass123");
	assert_int_equal(pwpol_account_add(f->s, f->p, "alice", &t, T0, f->r), PWPOL_OK);
	assert_int_equal(change(f, "alice", "Temp#Pass123", "Xyzw!Qbss123", T0), PWPOL_REJECTED);
	assert_int_equal(pwpol_report_count(f->r), 1);
	const struct pwpol_finding *fd = pwpol_report_get(f->r, 0);
	assert_int_equal(fd->rule, PWPOL_RULE_MINIMUM_CHARACTER_CHANGES);
	assert_int_equal(fd->need, 8);
	assert_int_equal(fd->have, 7);
	assert_int_equal(change(f, "alice", "Temp#Pass123", "Xyzw!Qbts123", T0), PWPOL_OK);
	assert_int_equal(login(f, "alice", "Xyzw!Qbts123", T0, NULL), PWPOL_OK);
	assert_int_equal(pwpol_account_add(f->s, f->p, "bob", &t, T0, f->r), PWPOL_OK);
	assert_int_equal(change(f, "bob", "Temp#Pass123", "Temp#Pass123abcdefg", T0),
	                 PWPOL_REJECTED);
	assert_true(has_rule(f->r, PWPOL_RULE_MINIMUM_CHARACTER_CHANGES));
	assert_int_equal(change(f, "bob", "Temp#Pass123", "Temp#Pass123abcdefgh", T0), PWPOL_OK);
}

/* minimum-lifetime 3 days and maximum-lifetime 30 days, to the second. */
static void test_lifetime_days_boundaries(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(pwpol_policy_set(f->p, PWPOL_OPT_MINIMUM_LIFETIME, 3), PWPOL_OK);
	assert_int_equal(pwpol_policy_set(f->p, PWPOL_OPT_MAXIMUM_LIFETIME, 30), PWPOL_OK);
	struct pwpol_secret s = pw("Kx7#mWq2vL");
	assert_int_equal(pwpol_account_init(f->s, f->p, &s, 0, T0, f->r), PWPOL_OK);
	assert_int_equal(change(f, "admin", "Kx7#mWq2vL", "Nw9!kePqzR2x", T0 + 3 * DAY - 1),
	                 PWPOL_REJECTED);
	assert_int_equal(pwpol_report_count(f->r), 1);
	assert_int_equal(pwpol_report_get(f->r, 0)->rule, PWPOL_RULE_MINIMUM_LIFETIME);
	assert_int_equal(pwpol_report_get(f->r, 0)->need, 3);
	assert_int_equal(pwpol_report_get(f->r, 0)->have, 2);
	/* A policy refusal proved the old password: nothing counted. */
	assert_int_equal(info(f, "admin", T0 + 3 * DAY - 1).failures, 0);
	/* Exactly three days old: "less than or equal to" (Junos) refuses it. */
	assert_int_equal(change(f, "admin", "Kx7#mWq2vL", "Nw9!kePqzR2x", T0 + 3 * DAY),
	                 PWPOL_REJECTED);
	assert_int_equal(pwpol_report_get(f->r, 0)->have, 3);
	assert_int_equal(change(f, "admin", "Kx7#mWq2vL", "Nw9!kePqzR2x", T0 + 3 * DAY + 1),
	                 PWPOL_OK);
	/* An administrator's reset right after is not held back. */
	struct pwpol_secret t = pw("Temp#Pass123");
	assert_int_equal(pwpol_account_reset(f->s, f->p, "admin", &t, T0 + 3 * DAY + 1, f->r),
	                 PWPOL_OK);
	/* maximum-lifetime 30 days from the init at T0. */
	enum pwpol_change_reason why = 99;
	assert_int_equal(login(f, "root", "Kx7#mWq2vL", T0 + 30 * DAY - 1, &why), PWPOL_OK);
	assert_int_equal(why, PWPOL_REASON_NONE);
	assert_false(info(f, "root", T0 + 30 * DAY - 1).expired);
	assert_int_equal(login(f, "root", "Kx7#mWq2vL", T0 + 30 * DAY, &why),
	                 PWPOL_CHANGE_REQUIRED);
	assert_int_equal(why, PWPOL_REASON_EXPIRED);
	assert_int_equal(info(f, "root", T0).expires, T0 + 30 * DAY);
	/* The change an expiry forces is allowed, and starts the clock again. */
	assert_int_equal(change(f, "root", "Kx7#mWq2vL", "Nw9!kePqzR2x", T0 + 30 * DAY), PWPOL_OK);
	assert_int_equal(login(f, "root", "Nw9!kePqzR2x", T0 + 30 * DAY, &why), PWPOL_OK);
	assert_int_equal(info(f, "root", T0 + 30 * DAY).expires, T0 + 60 * DAY);
}

/* minimum-reuse 1 refuses only the current password; an administrator's
 * reset obeys the history too. */
static void test_reuse_one_and_reset(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(pwpol_policy_set(f->p, PWPOL_OPT_MINIMUM_REUSE, 1), PWPOL_OK);
	assert_int_equal(pwpol_policy_set(f->p, PWPOL_OPT_MINIMUM_LIFETIME, 0), PWPOL_OK);
	assert_int_equal(pwpol_policy_set(f->p, PWPOL_OPT_MINIMUM_CHARACTER_CHANGES, 0), PWPOL_OK);
	struct pwpol_secret a = pw("Gen0#Pass-aa"), b = pw("Gen1#Pass-bb");
	assert_int_equal(pwpol_account_init(f->s, f->p, &a, 0, T0, f->r), PWPOL_OK);
	assert_int_equal(change(f, "admin", "Gen0#Pass-aa", "Gen0#Pass-aa", T0), PWPOL_REJECTED);
	assert_true(has_rule(f->r, PWPOL_RULE_MINIMUM_REUSE));
	assert_int_equal(change(f, "admin", "Gen0#Pass-aa", "Gen1#Pass-bb", T0), PWPOL_OK);
	assert_int_equal(change(f, "admin", "Gen1#Pass-bb", "Gen0#Pass-aa", T0), PWPOL_OK);
	assert_int_equal(info(f, "admin", T0).history, 0);
	/* minimum-reuse 2: a reset to the one before is refused, as a change is. */
	assert_int_equal(pwpol_policy_set(f->p, PWPOL_OPT_MINIMUM_REUSE, 2), PWPOL_OK);
	assert_int_equal(pwpol_account_reset(f->s, f->p, "admin", &b, T0, f->r), PWPOL_OK);
	assert_int_equal(pwpol_account_reset(f->s, f->p, "admin", &a, T0, f->r), PWPOL_REJECTED);
	assert_true(has_rule(f->r, PWPOL_RULE_MINIMUM_REUSE));
	assert_int_equal(pwpol_account_reset(f->s, f->p, "admin", &b, T0, f->r), PWPOL_REJECTED);
	assert_int_equal(login(f, "admin", "Gen1#Pass-bb", T0, NULL), PWPOL_CHANGE_REQUIRED);
}

static double seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The fastest of a few logins of a known and an unknown user, taken in
 * turn so that a load spike on a busy machine hits both alike. */
static void login_times(struct fixture *f, const char *name, const char *p, double *known,
                        double *unknown)
{
	*known = *unknown = 1e9;
	for (int i = 0; i < 9; i++) {
		double t = seconds();
		assert_int_equal(login(f, name, p, T0, NULL), PWPOL_CHANGE_REQUIRED);
		t = seconds() - t;
		*known = t < *known ? t : *known;
		t = seconds();
		assert_int_equal(login(f, "nobody", p, T0, NULL), PWPOL_REJECTED);
		t = seconds() - t;
		*unknown = t < *unknown ? t : *unknown;
	}
}

/* An unknown user costs a hash in the policy's format, as a known one
 * does: in every format the unknown user is not answered faster (by 5x at
 * most, for a loaded machine; a malformed dummy hash answers 500 times
 * faster, one of a cheaper format 10 to 50 times). Slower is no oracle a
 * load spike could not also make, so only the lower bound is held. */
static void test_unknown_user_costs_a_hash(void **state)
{
	struct fixture *f = *state;
	const enum pwpol_format fmts[] = {PWPOL_FORMAT_SHA512, PWPOL_FORMAT_SHA256,
	                                  PWPOL_FORMAT_SHA1, PWPOL_FORMAT_YESCRYPT,
	                                  PWPOL_FORMAT_BCRYPT};
	for (size_t i = 0; i < sizeof fmts / sizeof fmts[0]; i++) {
		char name[16];
		snprintf(name, sizeof name, "user%zu", i);
		assert_int_equal(pwpol_policy_set(f->p, PWPOL_OPT_FORMAT, fmts[i]), PWPOL_OK);
		struct pwpol_secret t = pw("Temp#Pass123");
		assert_int_equal(pwpol_account_add(f->s, f->p, name, &t, T0, f->r), PWPOL_OK);
		assert_int_equal(info(f, name, T0).format, fmts[i]);
		double known, unknown;
		login_times(f, name, "Temp#Pass123", &known, &unknown);
		if (unknown * 5 < known)
			fail_msg("%s: known user %.6f s, unknown %.6f s",
			         pwpol_format_name(fmts[i]), known, unknown);
		/* A change for an unknown user reads as a wrong old password. */
		assert_int_equal(change(f, "nobody", "Temp#Pass123", "Nw9!kePqzR2x", T0),
		                 PWPOL_REJECTED);
		assert_int_equal(pwpol_report_count(f->r), 0);
	}
}

/* Accounts take what crypt takes: 511 bytes, and the refusal of 512 says
 * 511 (CRYPT_MAX_PASSPHRASE_SIZE counts the NUL). */
static void test_password_size_limit(void **state)
{
	struct fixture *f = *state;
	static const char unit[] = "Kx7#mWq2vL";
	char big[513];
	for (size_t i = 0; i < sizeof big - 1; i++)
		big[i] = unit[i % (sizeof unit - 1)];
	big[512] = 0;
	struct pwpol_secret s512 = {.pw = big, .len = 512}, s511 = {.pw = big, .len = 511};
	assert_int_equal(pwpol_account_add(f->s, f->p, "alice", &s512, T0, f->r), PWPOL_EINVAL);
	assert_int_equal(pwpol_report_count(f->r), 1);
	const struct pwpol_finding *fd = pwpol_report_get(f->r, 0);
	assert_int_equal(fd->rule, PWPOL_RULE_TOO_LONG);
	char msg[128];
	pwpol_finding_message(fd, msg, sizeof msg);
	assert_string_equal(msg, "is longer than 511 bytes (it has 512)");
	assert_int_equal(pwpol_account_add(f->s, f->p, "alice", &s511, T0, f->r), PWPOL_OK);
	assert_int_equal(pwpol_account_authenticate(f->s, f->p, "alice", big, 512, T0, NULL),
	                 PWPOL_EINVAL);
	assert_int_equal(pwpol_account_authenticate(f->s, f->p, "alice", big, 511, T0, NULL),
	                 PWPOL_CHANGE_REQUIRED);
	assert_int_equal(info(f, "alice", T0).failures, 0);
}

/* Files that are not a usable store: each refused with a sentence naming
 * it, and left exactly as it was. */
static void test_store_refusals_leave_files(void **state)
{
	if (on_pg())
		skip(); /* about the SQLite file */
	struct fixture *f = *state;
	struct pwpol_secret s = pw("Kx7#mWq2vL");
	assert_int_equal(pwpol_account_init(f->s, f->p, &s, 0, T0, f->r), PWPOL_OK);
	pwpol_store_close(f->s);
	f->s = NULL;
	pwpol_store *s2 = NULL;
	char err[512];
	size_t len;
	/* The store, readable by group or others. */
	char *bytes = slurp(f->path, &len);
	assert_int_equal(chmod(f->path, 0644), 0);
	assert_int_equal(pwpol_store_open(&s2, f->path, 1, err, sizeof err), PWPOL_EINVAL);
	assert_null(s2);
	assert_non_null(strstr(err, f->path));
	assert_non_null(strstr(err, "group or others may access the store (mode 0644)"));
	assert_file_is(f->path, bytes, len);
	struct stat sb;
	assert_int_equal(stat(f->path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0644);
	free(bytes);
	assert_int_equal(chmod(f->path, 0600), 0);
	/* Not SQLite at all. */
	char junk[128];
	snprintf(junk, sizeof junk, "%s/junk.db", f->dir);
	FILE *fp = fopen(junk, "wb");
	assert_non_null(fp);
	for (int i = 0; i < 4096; i++)
		fputc((i * 37 + 11) & 0xff, fp);
	fclose(fp);
	assert_int_equal(chmod(junk, 0600), 0);
	bytes = slurp(junk, &len);
	assert_int_equal(pwpol_store_open(&s2, junk, 1, err, sizeof err), PWPOL_ESYSTEM);
	assert_non_null(strstr(err, "not a pwpol store"));
	assert_file_is(junk, bytes, len);
	free(bytes);
	/* An empty file is made a store only when asked to create one. */
	char empty[128];
	snprintf(empty, sizeof empty, "%s/empty.db", f->dir);
	fp = fopen(empty, "wb");
	assert_non_null(fp);
	fclose(fp);
	assert_int_equal(chmod(empty, 0600), 0);
	assert_int_equal(pwpol_store_open(&s2, empty, 0, err, sizeof err), PWPOL_ESYSTEM);
	assert_non_null(strstr(err, "an empty file"));
	assert_int_equal(stat(empty, &sb), 0);
	assert_int_equal(sb.st_size, 0);
	/* A directory where the file should be. */
	assert_int_equal(pwpol_store_open(&s2, f->dir, 1, err, sizeof err), PWPOL_ESYSTEM);
	assert_non_null(strstr(err, "not a regular file"));
	/* Unreadable (the mode bits bind everyone but root). */
	if (geteuid() != 0) {
		bytes = slurp(f->path, &len);
		assert_int_equal(chmod(f->path, 0200), 0);
		assert_int_equal(pwpol_store_open(&s2, f->path, 0, err, sizeof err), PWPOL_ESYSTEM);
		assert_non_null(strstr(err, f->path));
		assert_int_equal(chmod(f->path, 0600), 0);
		assert_file_is(f->path, bytes, len);
		free(bytes);
	}
	/* And the store itself still opens and holds its accounts. */
	assert_int_equal(pwpol_store_open(&f->s, f->path, 0, err, sizeof err), PWPOL_OK);
	assert_int_equal(login(f, "admin", "Kx7#mWq2vL", T0, NULL), PWPOL_OK);
}

/* A store of an older layout (version 0: ours, but before any step) is
 * brought up to date by the upgrade steps when it is opened. */
static void test_store_upgrade(void **state)
{
	if (on_pg())
		skip(); /* about the SQLite file */
	struct fixture *f = *state;
	char old[128], err[512];
	snprintf(old, sizeof old, "%s/old.db", f->dir);
	sqlite3 *db;
	assert_int_equal(sqlite3_open(old, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "PRAGMA application_id = 1886875756", NULL, NULL, NULL),
	                 SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(chmod(old, 0600), 0);
	pwpol_store *s2 = NULL;
	if (pwpol_store_open(&s2, old, 0, err, sizeof err) != PWPOL_OK)
		fail_msg("%s", err);
	struct pwpol_secret t = pw("Temp#Pass123");
	assert_int_equal(pwpol_account_add(s2, f->p, "alice", &t, T0, f->r), PWPOL_OK);
	pwpol_store_close(s2);
	assert_int_equal(sqlite3_open(old, &db), SQLITE_OK);
	sqlite3_stmt *q;
	assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &q, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(q, 0), 9);
	sqlite3_finalize(q);
	sqlite3_close(db);
	/* A file of another application is not touched. */
	char other[128];
	snprintf(other, sizeof other, "%s/other.db", f->dir);
	assert_int_equal(sqlite3_open(other, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "CREATE TABLE t (x)", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(chmod(other, 0600), 0);
	size_t len;
	char *bytes = slurp(other, &len);
	assert_int_equal(pwpol_store_open(&s2, other, 1, err, sizeof err), PWPOL_ESYSTEM);
	assert_non_null(strstr(err, "not a pwpol store"));
	assert_file_is(other, bytes, len);
	free(bytes);
}

/* ---- syslog: the library's events, caught before they reach the system */

#define LOG_AUTHPRIV_ (10 << 3)
#define MAX_EVENTS    64
static struct {
	int n;
	int pri[MAX_EVENTS];
	char msg[MAX_EVENTS][256];
} events;

static void record(int pri, const char *fmt, va_list ap)
{
	if (events.n >= MAX_EVENTS)
		return;
	events.pri[events.n] = pri;
	vsnprintf(events.msg[events.n], sizeof events.msg[0], fmt, ap);
	events.n++;
}

/* This executable's syslog(3) (and glibc's fortified entry) stand in for
 * the C library's: the events land in `events`, never in the system log.
 * <syslog.h> is not included so that its inline wrapper does not clash. */
void syslog(int pri, const char *fmt, ...);
void __syslog_chk(int pri, int flag, const char *fmt, ...);
void syslog(int pri, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	record(pri, fmt, ap);
	va_end(ap);
}

void __syslog_chk(int pri, int flag, const char *fmt, ...)
{
	(void)flag;
	va_list ap;
	va_start(ap, fmt);
	record(pri, fmt, ap);
	va_end(ap);
}

static int logged(const char *text)
{
	for (int i = 0; i < events.n; i++)
		if (strstr(events.msg[i], text))
			return 1;
	return 0;
}

/* Every security event goes to syslog, facility authpriv, naming the
 * account and never a password or a hash. */
static void test_events_to_authpriv(void **state)
{
	struct fixture *f = *state;
	const char *secrets[] = {"Kx7#mWq2vL", "Temp#Pass123", "Nw9!kePqzR2x", "wrong#Guess42",
	                         "Rst#Pass2024"};
	memset(&events, 0, sizeof events);
	pwpol_audit_set_sink(NULL, NULL);
	assert_int_equal(pwpol_policy_set(f->p, PWPOL_OPT_MAXIMUM_FAILED_ATTEMPTS, 2), PWPOL_OK);
	struct pwpol_secret s = pw(secrets[0]), t = pw(secrets[1]), r = pw(secrets[4]);
	assert_int_equal(pwpol_account_init(f->s, f->p, &s, 0, T0, f->r), PWPOL_OK);
	assert_int_equal(pwpol_account_add(f->s, f->p, "alice", &t, T0, f->r), PWPOL_OK);
	assert_int_equal(change(f, "alice", secrets[1], secrets[2], T0), PWPOL_OK);
	assert_int_equal(login(f, "alice", secrets[3], T0, NULL), PWPOL_REJECTED);
	assert_int_equal(login(f, "alice", secrets[3], T0, NULL), PWPOL_REJECTED);
	assert_int_equal(login(f, "alice", secrets[2], T0, NULL), PWPOL_LOCKED);
	assert_int_equal(pwpol_account_unlock(f->s, "alice", T0), PWPOL_OK);
	assert_int_equal(login(f, secrets[1], secrets[3], T0, NULL), PWPOL_REJECTED);
	assert_int_equal(pwpol_account_reset(f->s, f->p, "alice", &r, T0, f->r), PWPOL_OK);
	assert_int_equal(pwpol_account_delete(f->s, f->p, "alice", T0), PWPOL_OK);
	assert_true(logged("accounts admin, root and t128 initialised"));
	assert_true(logged("account alice added with a temporary password"));
	assert_true(logged("password of alice changed"));
	assert_true(logged("login failure for alice"));
	assert_true(logged("account alice locked for"));
	assert_true(logged("login refused for alice: account locked"));
	assert_true(logged("account alice unlocked"));
	assert_true(logged("login failure: unknown user"));
	assert_true(logged("password of alice reset by an administrator"));
	assert_true(logged("account alice deleted"));
	for (int i = 0; i < events.n; i++) {
		assert_int_equal(events.pri[i] & ~7, LOG_AUTHPRIV_);
		assert_null(strchr(events.msg[i], '$'));
		for (size_t k = 0; k < sizeof secrets / sizeof secrets[0]; k++)
			if (strstr(events.msg[i], secrets[k]))
				fail_msg("event %d holds a password: %s", i, events.msg[i]);
	}
}

/* Time is bounded: a `now` before 1970 or after 9999 is an input error; a
 * lock taken at the last second of 9999 with the longest lock-time ends
 * there (no overflow: the sanitizer build runs this); a stored time out of
 * range is a damaged store, not arithmetic. */
static void test_time_bounds(void **state)
{
	struct fixture *f = *state;
	/* root is locked here as the others (root-lockout; root-exempt: pam-root.sh). */
	assert_int_equal(pwpol_policy_set(f->p, PWPOL_OPT_ROOT_LOCKOUT, 1), PWPOL_OK);
	struct pwpol_secret s = pw("Kx7#mWq2vL");
	const long long MAX = PWPOL_TIME_MAX;
	assert_int_equal(pwpol_account_init(f->s, f->p, &s, 0, -1, f->r), PWPOL_EINVAL);
	assert_int_equal(pwpol_account_init(f->s, f->p, &s, 0, (time_t)(MAX + 1), f->r),
	                 PWPOL_EINVAL);
	assert_int_equal(login(f, "root", "Kx7#mWq2vL", (long)(MAX + 1), NULL), PWPOL_EINVAL);
	assert_int_equal(pwpol_account_init(f->s, f->p, &s, 0, (time_t)(MAX - DAY), f->r),
	                 PWPOL_OK);
	assert_int_equal(pwpol_policy_set(f->p, PWPOL_OPT_LOCK_TIME, 86400), PWPOL_OK);
	assert_int_equal(pwpol_policy_set(f->p, PWPOL_OPT_MAXIMUM_FAILED_ATTEMPTS, 1), PWPOL_OK);
	assert_int_equal(login(f, "root", "wrong-one", (long)MAX - 10, NULL), PWPOL_REJECTED);
	assert_int_equal(info(f, "root", (long)MAX - 9).locked_until, (time_t)MAX);
	assert_int_equal(login(f, "root", "Kx7#mWq2vL", (long)MAX - 5, NULL), PWPOL_LOCKED);
	/* The maximum lifetime from a password set at the end of time. */
	assert_int_equal(login(f, "admin", "Kx7#mWq2vL", (long)MAX, NULL), PWPOL_OK);
	/* A record written with a time past 9999 by something else. */
	const char *damage =
	    "UPDATE accounts SET changed = 9223372036854775807 WHERE name = 't128'";
	if (on_pg()) {
		pg_exec(f->path, damage);
	} else {
		sqlite3 *db;
		assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
		assert_int_equal(sqlite3_exec(db, damage, NULL, NULL, NULL), SQLITE_OK);
		sqlite3_close(db);
	}
	assert_int_equal(login(f, "t128", "Kx7#mWq2vL", T0, NULL), PWPOL_ESYSTEM);
	assert_non_null(strstr(pwpol_store_error(f->s), "t128 holds a time out of range"));
}

/* init never overwrites silently: existing system accounts are EEXIST
 * unless forced, and a forced init is a change of each: the current
 * password proved (a wrong one counted on admin), no lock, the reuse
 * history and minimum-character-changes applied. PASSWORD HASH mode sets
 * one sha512 hash for the three and gives it back. */
static void test_init_force(void **state)
{
	struct fixture *f = *state;
	struct pwpol_secret s = pw("Kx7#mWq2vL"), n = pw("Qz4%pLw8Nr!t");
	assert_int_equal(pwpol_account_init(f->s, f->p, &s, 0, T0, f->r), PWPOL_OK);
	char *before = dump(f->path);
	assert_int_equal(pwpol_account_init(f->s, f->p, &n, 0, T0 + DAY, f->r), PWPOL_EEXIST);
	struct pwpol_init_opts o = {.flags = PWPOL_INIT_FORCE, .old = "Wrong#Old-99", .oldlen = 12};
	assert_int_equal(pwpol_account_init_with(f->s, f->p, &n, &o, T0 + DAY, f->r),
	                 PWPOL_REJECTED);
	assert_int_equal(pwpol_report_count(f->r), 0);
	assert_int_equal(info(f, "admin", T0 + DAY).failures, 1);
	/* The same password again: minimum-reuse, and it differs in 0 places. */
	o.old = "Kx7#mWq2vL";
	o.oldlen = 10;
	assert_int_equal(pwpol_account_init_with(f->s, f->p, &s, &o, T0 + DAY, f->r),
	                 PWPOL_REJECTED);
	assert_true(has_rule(f->r, PWPOL_RULE_MINIMUM_REUSE));
	assert_true(has_rule(f->r, PWPOL_RULE_MINIMUM_CHARACTER_CHANGES));
	char *mid = dump(f->path);
	/* Only admin's failure count moved so far. */
	assert_int_equal(info(f, "root", T0 + DAY).failures, 0);
	free(mid);
	free(before);
	/* Locked: refused before anything else, the right password too. */
	assert_int_equal(pwpol_policy_set(f->p, PWPOL_OPT_MAXIMUM_FAILED_ATTEMPTS, 1), PWPOL_OK);
	assert_int_equal(login(f, "t128", "Wrong#Old-99", T0 + DAY, NULL), PWPOL_REJECTED);
	assert_int_equal(pwpol_account_init_with(f->s, f->p, &n, &o, T0 + DAY, f->r), PWPOL_LOCKED);
	assert_int_equal(pwpol_account_unlock(f->s, "t128", T0 + DAY), PWPOL_OK);
	/* Forced, right: the three take the new password, SHA512 mode. */
	char made[PWPOL_HASH_MAX] = "", got[PWPOL_HASH_MAX];
	o.flags |= PWPOL_INIT_SHA512;
	o.hash_out = made;
	o.hash_outlen = sizeof made;
	assert_int_equal(pwpol_account_init_with(f->s, f->p, &n, &o, T0 + DAY, f->r), PWPOL_OK);
	assert_memory_equal(made, "$6$", 3);
	const char *names[] = {"admin", "root", "t128"};
	for (int i = 0; i < 3; i++) {
		stored_hash(f->path, names[i], got, sizeof got);
		assert_string_equal(got, made);
		assert_int_equal(login(f, names[i], "Qz4%pLw8Nr!t", T0 + DAY, NULL), PWPOL_OK);
		assert_int_equal(info(f, names[i], T0 + DAY).history, 1);
	}
}

/* PostgreSQL: the layout version in pwpol_meta; a newer one is refused
 * with a sentence, as are tables of the same names that are not ours. */
static void test_pg_layout(void **state)
{
	struct fixture *f = *state;
	if (!on_pg())
		skip(); /* about the PostgreSQL store */
	PGresult *r = pg_query(f->path, "SELECT version FROM pwpol_meta", NULL);
	assert_int_equal(PQntuples(r), 1);
	assert_string_equal(PQgetvalue(r, 0, 0), "9");
	PQclear(r);
	pwpol_store *s2;
	char err[512];
	int version = 0;
	size_t n = 9;
	assert_int_equal(pwpol_store_check(f->s, &version, &n), PWPOL_OK);
	assert_int_equal(version, 10); /* layout 10, additive over 9: compatible 9 */
	assert_int_equal(n, 0);
	pg_exec(f->path, "UPDATE pwpol_meta SET version = 99");
	assert_int_equal(pwpol_store_open(&s2, f->path, 1, err, sizeof err), PWPOL_ESYSTEM);
	assert_non_null(strstr(err, "layout version 99, newer than this pwpol knows (10)"));
	assert_null(strstr(err, "host="));
	pg_exec(f->path, "DROP TABLE pwpol_meta");
	assert_int_equal(pwpol_store_open(&s2, f->path, 1, err, sizeof err), PWPOL_ESYSTEM);
	assert_non_null(strstr(err, "not a pwpol store"));
	pg_exec(f->path,
	        "DROP TABLE accounts, history, refusals, config_commits, api_tokens, fleet_ids, "
	        "fleet_state");
	assert_int_equal(pwpol_store_open(&s2, f->path, 0, err, sizeof err), PWPOL_ESYSTEM);
	assert_non_null(strstr(err, "no pwpol store in this database"));
	assert_int_equal(pwpol_store_open(&s2, f->path, 1, err, sizeof err), PWPOL_OK);
	pwpol_store_close(s2);
	/* Unreachable: a store error with a sentence, within the timeout. */
	time_t t = time(NULL);
	assert_int_equal(pwpol_store_open(&s2, "postgresql://u@/db?host=/nonexistent&port=1", 0,
	                                  err, sizeof err),
	                 PWPOL_ESYSTEM);
	assert_non_null(strstr(err, "cannot connect to the store"));
	assert_true(time(NULL) - t < 5);
	assert_int_equal(pwpol_store_open(&s2, "postgresql://u:secret@[bad", 0, err, sizeof err),
	                 PWPOL_EINVAL);
	assert_non_null(strstr(err, "not a valid PostgreSQL connection URI"));
	assert_null(strstr(err, "secret")); /* libpq quotes the URI: not repeated */
}

/* Passwords are compared and hashed after NFKC (NIST SP 800-63B): a
 * full-width digit is the same password to every rule, the reuse history
 * too; the new hash is of the NFKC form; a hash made of the raw bytes
 * before keeps working at login. */
#define FW_ONE "\xef\xbc\x91" /* U+FF11 FULLWIDTH DIGIT ONE */
static void test_nfkc_passwords(void **state)
{
	struct fixture *f = *state;
	struct pwpol_secret a = pw("Tmp#Pass123x");
	assert_int_equal(pwpol_account_add(f->s, f->p, "alice", &a, T0, f->r), PWPOL_OK);
	assert_int_equal(change(f, "alice", "Tmp#Pass123x", "Kx7#mWq2vL1", T0), PWPOL_OK);
	/* The same password with a full-width 1 is no new password. */
	assert_int_equal(change(f, "alice", "Kx7#mWq2vL1", "Kx7#mWq2vL" FW_ONE, T0 + 2 * DAY),
	                 PWPOL_REJECTED);
	assert_true(has_rule(f->r, PWPOL_RULE_MINIMUM_REUSE));
	/* Nor one of the history. */
	assert_int_equal(change(f, "alice", "Kx7#mWq2vL1", "Zq9#pWn4tR2", T0 + 2 * DAY), PWPOL_OK);
	assert_int_equal(change(f, "alice", "Zq9#pWn4tR2", "Kx7#mWq2vL" FW_ONE, T0 + 4 * DAY),
	                 PWPOL_REJECTED);
	assert_true(has_rule(f->r, PWPOL_RULE_MINIMUM_REUSE));
	/* A password set in full-width form is hashed as NFKC: both forms
	 * sign in, and the stored hash is the ASCII one's. */
	assert_int_equal(change(f, "alice", "Zq9#pWn4tR2", "Hv5#cLm8pQ" FW_ONE, T0 + 6 * DAY),
	                 PWPOL_OK);
	assert_int_equal(login(f, "alice", "Hv5#cLm8pQ1", T0 + 6 * DAY, NULL), PWPOL_OK);
	assert_int_equal(login(f, "alice", "Hv5#cLm8pQ" FW_ONE, T0 + 6 * DAY, NULL), PWPOL_OK);
	char h[PWPOL_HASH_MAX];
	stored_hash(f->path, "alice", h, sizeof h);
	assert_int_equal(pwpol_verify("Hv5#cLm8pQ1", 11, h), PWPOL_OK);
	/* A hash made of the raw bytes before (imported here) still signs
	 * in with those bytes. */
	char raw[PWPOL_HASH_MAX];
	const char *fw = "Rw3#kTn7vB" FW_ONE;
	assert_int_equal(pwpol_hash(PWPOL_FORMAT_SHA512, 0, fw, strlen(fw), raw, sizeof raw),
	                 PWPOL_OK);
	assert_int_equal(pwpol_account_import(f->s, f->p, "bob", raw, T0, T0, f->r), PWPOL_OK);
	assert_int_equal(login(f, "bob", fw, T0, NULL), PWPOL_OK);
	assert_int_equal(login(f, "bob", "Rw3#kTn7vB2", T0, NULL), PWPOL_REJECTED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_system_account_names),
	    cmocka_unit_test_setup_teardown(test_init_three_accounts, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_factory_default_must_change, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_lockout_exact, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_unknown_user_same_answer, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_change_counts_failures, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_failure_interval, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_lock_until_unlocked, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_reuse_generations, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_lifetimes, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_temporary_from_useradd, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_rehash_weaker, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_bad_input_leaves_store, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_store_file, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_init_from_hash, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_lockout_count_restarts, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_character_changes_boundary, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_lifetime_days_boundaries, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_reuse_one_and_reset, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_unknown_user_costs_a_hash, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_password_size_limit, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_store_refusals_leave_files, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_store_upgrade, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_events_to_authpriv, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_time_bounds, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_init_force, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_nfkc_passwords, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_pg_layout, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
