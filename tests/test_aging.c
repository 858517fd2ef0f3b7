/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_aging.c - the library's side of issue 28: per-account aging and
 * how it meets the policy (the stricter wins), the batch import in one
 * transaction (a dry run and a duplicate name), the history import's
 * order and trim, and the export, on SQLite and (test_aging-pg) on
 * PostgreSQL.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <libpq-fe.h>

#include "pwpol.h"

#define T0  1700000000L
#define DAY 86400L

struct fixture {
	char dir[64], path[512];
	pwpol_store *s;
	pwpol_policy *p;
	pwpol_report *r;
	char h[3][PWPOL_HASH_MAX];
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	assert_non_null(f);
	snprintf(f->dir, sizeof f->dir, "/tmp/pwpol-aging-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->path, sizeof f->path, "%s/a.db", f->dir);
	const char *pg = getenv("PWPOL_TEST_PG");
	if (pg && pg[0]) {
		snprintf(f->path, sizeof f->path, "%s", pg);
		PGconn *c = PQconnectdb(pg);
		assert_int_equal(PQstatus(c), CONNECTION_OK);
		PQclear(PQexec(c,
		               "DROP TABLE IF EXISTS accounts, history, refusals, "
		               "config_commits, api_tokens, fleet_ids, fleet_state, pwpol_meta"));
		PQfinish(c);
	}
	char err[256];
	assert_int_equal(pwpol_store_open(&f->s, f->path, 1, err, sizeof err), PWPOL_OK);
	assert_int_equal(pwpol_policy_new(&f->p, "ssr"), PWPOL_OK);
	assert_int_equal(pwpol_report_new(&f->r), PWPOL_OK);
	static const char *const pws[3] = {"Al1ce#Secret", "Old#Pass1x", "Old#Pass2x"};
	for (int i = 0; i < 3; i++)
		assert_int_equal(pwpol_hash(PWPOL_FORMAT_SHA512, 0, pws[i], strlen(pws[i]), f->h[i],
		                            sizeof f->h[i]),
		                 PWPOL_OK);
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

static struct pwpol_import one(const char *name, const char *hash, time_t changed)
{
	struct pwpol_import in = {.name = name, .hash = hash, .changed = changed};
	for (int i = 0; i < PWPOL_AGING_COUNT; i++)
		in.aging.v[i] = PWPOL_AGING_UNSET;
	return in;
}

static enum pwpol_status login(struct fixture *f, const char *name, long now)
{
	enum pwpol_change_reason why;
	return pwpol_account_authenticate(f->s, f->p, name, "Al1ce#Secret", 12, now, &why);
}

/* A dry run writes nothing; a name twice in one batch is there once. */
static void test_import_batch(void **state)
{
	struct fixture *f = *state;
	struct pwpol_import in[3] = {one("alice", f->h[0], T0), one("bob", f->h[0], T0),
	                             one("alice", f->h[0], T0)};
	struct pwpol_import_result res[3];
	assert_int_equal(pwpol_account_import_many(f->s, f->p, in, 3, 1, T0, res, f->r), PWPOL_OK);
	assert_int_equal(res[0].st, PWPOL_OK);
	assert_int_equal(res[2].st, PWPOL_EEXIST);
	struct pwpol_account_info info;
	assert_int_equal(pwpol_account_info(f->s, f->p, "alice", T0, &info), PWPOL_ENOENT);
	assert_int_equal(pwpol_account_import_many(f->s, f->p, in, 3, 0, T0, res, f->r), PWPOL_OK);
	assert_int_equal(pwpol_account_info(f->s, f->p, "alice", T0, &info), PWPOL_OK);
	assert_int_equal(info.adopted, T0);
	assert_int_equal(res[2].st, PWPOL_EEXIST);
	assert_int_equal(login(f, "bob", T0), PWPOL_OK);
	/* A bad aging figure is refused, not stored. */
	struct pwpol_import bad = one("carol", f->h[0], T0);
	bad.aging.v[PWPOL_AGING_MAX_DAYS] = 100000;
	assert_int_equal(pwpol_account_import_many(f->s, f->p, &bad, 1, 0, T0, res, f->r),
	                 PWPOL_OK);
	assert_int_equal(res[0].st, PWPOL_EINVAL);
}

/* The policy's maximum counts from the import; the account's own from
 * its last change; the earlier wins. */
static void test_stricter_wins(void **state)
{
	struct fixture *f = *state;
	struct pwpol_import in[2] = {one("alice", f->h[0], T0 - 100 * DAY),
	                             one("bob", f->h[0], T0 - 100 * DAY)};
	in[1].aging.v[PWPOL_AGING_MAX_DAYS] = 90;
	struct pwpol_import_result res[2];
	assert_int_equal(pwpol_account_import_many(f->s, f->p, in, 2, 0, T0, res, f->r), PWPOL_OK);
	assert_false(res[0].expired);
	assert_true(res[1].expired);
	assert_int_equal(login(f, "alice", T0 + 60 * DAY - 1), PWPOL_OK);
	assert_int_equal(login(f, "alice", T0 + 60 * DAY), PWPOL_CHANGE_REQUIRED);
	/* An own maximum shorter than the policy's. */
	assert_int_equal(
	    pwpol_account_set_aging(f->s, f->p, "alice", PWPOL_AGING_MAX_DAYS, 130, T0), PWPOL_OK);
	assert_int_equal(login(f, "alice", T0 + 30 * DAY - 1), PWPOL_OK);
	assert_int_equal(login(f, "alice", T0 + 30 * DAY), PWPOL_CHANGE_REQUIRED);
	/* Inactive: refused as a wrong password, not counted. */
	assert_int_equal(
	    pwpol_account_set_aging(f->s, f->p, "alice", PWPOL_AGING_INACTIVE_DAYS, 2, T0),
	    PWPOL_OK);
	assert_int_equal(login(f, "alice", T0 + 32 * DAY), PWPOL_REJECTED);
	struct pwpol_account_info info;
	assert_int_equal(pwpol_account_info(f->s, f->p, "alice", T0 + 32 * DAY, &info), PWPOL_OK);
	assert_true(info.account_expired);
	assert_int_equal(info.failures, 0);
	assert_string_equal(pwpol_account_state(&info), "account-expired");
	assert_int_equal(pwpol_account_set_aging(f->s, f->p, "alice", PWPOL_AGING_MIN_DAYS, -2, T0),
	                 PWPOL_EINVAL);
	assert_int_equal(pwpol_account_set_aging(f->s, f->p, "nobody", PWPOL_AGING_MIN_DAYS, 1, T0),
	                 PWPOL_ENOENT);
}

static int collect(const struct pwpol_export *e, void *arg)
{
	char *buf = arg;
	size_t n = strlen(buf);
	snprintf(buf + n, 4096 - n, "%s:%zu:%ld;", e->name, e->history_n,
	         e->aging.v[PWPOL_AGING_WARN_DAYS]);
	return 0;
}

/* opasswd's hashes go under what the history holds, oldest first, kept
 * to minimum-reuse (5: four); the export gives them back in that order. */
static void test_history_import(void **state)
{
	struct fixture *f = *state;
	struct pwpol_import in = one("alice", f->h[0], T0);
	in.aging.v[PWPOL_AGING_WARN_DAYS] = 9;
	struct pwpol_import_result res;
	assert_int_equal(pwpol_account_import_many(f->s, f->p, &in, 1, 0, T0, &res, f->r),
	                 PWPOL_OK);
	const char *const olds[] = {f->h[1], f->h[2], f->h[1], f->h[2], f->h[1]};
	assert_int_equal(pwpol_account_history_import(f->s, f->p, "alice", olds, 5, T0), PWPOL_OK);
	struct pwpol_account_info info;
	assert_int_equal(pwpol_account_info(f->s, f->p, "alice", T0, &info), PWPOL_OK);
	assert_int_equal(info.history, 4);
	const char *const bad[] = {"not a hash"};
	assert_int_equal(pwpol_account_history_import(f->s, f->p, "alice", bad, 1, T0),
	                 PWPOL_EINVAL);
	assert_int_equal(pwpol_account_history_import(f->s, f->p, "nobody", olds, 1, T0),
	                 PWPOL_ENOENT);
	char buf[4096] = "";
	assert_int_equal(pwpol_account_export(f->s, collect, buf), PWPOL_OK);
	assert_string_equal(buf, "alice:4:9;");
	/* Old#Pass1x is in the history: a change to it is refused. */
	assert_int_equal(pwpol_account_change(f->s, f->p, "alice", "Al1ce#Secret", 12, "Old#Pass1x",
	                                      10, T0 + 2 * DAY, f->r),
	                 PWPOL_REJECTED);
	int reuse = 0;
	for (size_t i = 0; i < pwpol_report_count(f->r); i++)
		reuse |= pwpol_report_get(f->r, i)->rule == PWPOL_RULE_MINIMUM_REUSE;
	assert_true(reuse);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_import_batch, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_stricter_wins, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_history_import, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
