/*
 * test_account.c - the account lifecycle through the library, with `now`
 * moved by hand: lockout at exactly its count and its end at exactly
 * lock-time, reuse refused for N generations and allowed at N+1, both
 * lifetimes at their boundaries, temporary and factory-default passwords,
 * re-hashing of a weaker hash, unknown users, bad input leaving the store
 * unchanged, and the store's file: mode, WAL, layout version.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "pwpol.h"

#define T0  1700000000L
#define DAY 86400L

struct fixture {
	char dir[64], path[96];
	pwpol_store *s;
	pwpol_policy *p;
	pwpol_report *r;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	assert_non_null(f);
	snprintf(f->dir, sizeof f->dir, "/tmp/pwpol-acct-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->path, sizeof f->path, "%s/a.db", f->dir);
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
	assert_int_equal(pwpol_account_init(f->s, f->p, &bad, 0, T0, f->r), PWPOL_REJECTED);
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
	assert_int_equal(change(f, "t128", "Kx7#mWq2vL", "Nw9!kePqzR2x", T0 + 2 * DAY - 300),
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
	assert_int_equal(change(f, "admin", "Kx7#mWq2vL", "Nw9!kePqzR2x", T0 + DAY), PWPOL_OK);
	long set = T0 + DAY;
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
	assert_int_equal(pwpol_account_delete(f->s, "alice", T0), PWPOL_OK);
	assert_int_equal(login(f, "alice", "Qz8$wRtyUi0p", T0, NULL), PWPOL_REJECTED);
	assert_int_equal(pwpol_account_delete(f->s, "alice", T0), PWPOL_ENOENT);
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
	assert_int_equal(sqlite3_column_int(q, 0), 1);
	sqlite3_finalize(q);
	/* A layout from a newer pwpol is refused, not rewritten. */
	assert_int_equal(sqlite3_exec(db, "PRAGMA user_version = 99", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	pwpol_store *s2 = NULL;
	char err[256] = "";
	assert_int_equal(pwpol_store_open(&s2, f->path, 0, err, sizeof err), PWPOL_ESYSTEM);
	assert_non_null(strstr(err, "layout version 99, newer than this pwpol knows (1)"));
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

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_init_three_accounts, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_factory_default_must_change, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_lockout_exact, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_unknown_user_same_answer, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_change_counts_failures, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_reuse_generations, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_lifetimes, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_temporary_from_useradd, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_rehash_weaker, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_bad_input_leaves_store, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_store_file, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
