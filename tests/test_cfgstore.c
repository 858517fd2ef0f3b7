/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_cfgstore.c - the configuration committed into a store, at the
 * library's calls: compare's whole output, the store's commit as the
 * policy (and the file's warning), the commit's argument bounds, commit
 * confirmed settled exactly at its deadline (logged), the time minimum-
 * reuse came into force as the start of a password's age at its
 * boundaries, and the 50 commits kept. On a SQLite file, or on PostgreSQL
 * when PWPOL_TEST_PG names a database (ctest: test_cfgstore-pg).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pwpol.h"

#define T0  1800000000L
#define DAY 86400L

struct fixture {
	char dir[64];
	char path[512];
	pwpol_store *s;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	assert_non_null(f);
	snprintf(f->dir, sizeof f->dir, "/tmp/pwpol-cfg-XXXXXX");
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
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	pwpol_store_close(f->s);
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
	assert_int_equal(system(cmd), 0);
	free(f);
	return 0;
}

static enum pwpol_status commit(struct fixture *f, const char *text, long minutes, time_t now,
                                struct pwpol_commit_info *info)
{
	struct pwpol_commit_opts o = {
	    .name = "t.conf", .author = "ops", .confirm_minutes = minutes};
	pwpol_config_errors *e = NULL;
	enum pwpol_status st = pwpol_config_commit(f->s, text, strlen(text), &o, now, &e, info);
	pwpol_config_errors_free(e);
	return st;
}

/* The built-in profile's defaults, said: a text with nothing pwpol reads
 * is refused (config-read.c). */
#define EMPTY "system { login { password { } } }"

/* compare: the whole text, the profile first, blocks in order; "" when the
 * values in force agree, however spelt. */
static void test_compare(void **state)
{
	(void)state;
	const char *a = "set system login password minimum-length 12\n"
	                "set system login lockout lock-time 60\n";
	const char *b = "system { login { password { profile junos; minimum-length 12; } } }\n";
	char *out = NULL;
	pwpol_config_errors *e = NULL;
	assert_int_equal(pwpol_config_compare(a, strlen(a), "a", b, strlen(b), "b", &out, &e),
	                 PWPOL_OK);
	assert_string_equal(out, "[edit system login password]\n"
	                         "-    profile ssr;\n"
	                         "+    profile junos;\n"
	                         "-    minimum-upper-cases 1;\n"
	                         "+    no-minimum-upper-cases;\n"
	                         "-    minimum-lower-cases 1;\n"
	                         "+    no-minimum-lower-cases;\n"
	                         "-    minimum-numerics 1;\n"
	                         "+    no-minimum-numerics;\n"
	                         "-    minimum-punctuations 1;\n"
	                         "+    no-minimum-punctuations;\n"
	                         "-    no-minimum-changes;\n"
	                         "+    minimum-changes 1;\n"
	                         "-    maximum-repeats 3;\n"
	                         "+    no-maximum-repeats;\n"
	                         "-    username-check;\n"
	                         "+    no-username-check;\n"
	                         "-    minimum-character-changes 8;\n"
	                         "+    no-minimum-character-changes;\n"
	                         "-    minimum-reuse 5;\n"
	                         "+    no-minimum-reuse;\n"
	                         "-    minimum-lifetime 1;\n"
	                         "+    no-minimum-lifetime;\n"
	                         "-    maximum-lifetime 60;\n"
	                         "+    no-maximum-lifetime;\n"
	                         "[edit system login lockout]\n"
	                         "-    maximum-failed-attempts 6;\n"
	                         "+    no-maximum-failed-attempts;\n"
	                         "-    lock-time 60;\n"
	                         "+    lock-time 1800;\n");
	free(out);
	/* failure-interval is a lockout statement, compared under lockout. */
	const char *fi = "set system login lockout failure-interval 900";
	assert_int_equal(
	    pwpol_config_compare(fi, strlen(fi), "fi", EMPTY, strlen(EMPTY), "empty", &out, &e),
	    PWPOL_OK);
	assert_string_equal(out, "[edit system login lockout]\n"
	                         "-    failure-interval 900;\n"
	                         "+    no-failure-interval;\n");
	free(out);
	const char *c = "system { login { password { minimum-length 9; } } }";
	assert_int_equal(
	    pwpol_config_compare(c, strlen(c), "c", EMPTY, strlen(EMPTY), "empty", &out, &e),
	    PWPOL_OK);
	assert_string_equal(out, "");
	free(out);
	const char *bad = "set system login password minimum-length 5";
	assert_int_equal(pwpol_config_compare(a, strlen(a), "a", bad, strlen(bad), "bad", &out, &e),
	                 PWPOL_EINVAL);
	assert_null(out);
	assert_int_equal(pwpol_config_errors_count(e), 1);
	assert_string_equal(pwpol_config_errors_get(e, 0),
	                    "bad:1: minimum-length: value 5 is out of range (6..20)");
	pwpol_config_errors_free(e);
}

/* The store's commit is the policy; a file that would have applied is
 * not read, and a warning says so. Without a commit, the file. */
static void test_store_wins(void **state)
{
	struct fixture *f = *state;
	char conf[128], used[64];
	snprintf(conf, sizeof conf, "%s/p.conf", f->dir);
	FILE *fp = fopen(conf, "w");
	assert_non_null(fp);
	fputs("set system login password minimum-length 10\n", fp);
	fclose(fp);
	pwpol_policy *p = NULL;
	pwpol_config_errors *e = NULL;
	assert_int_equal(pwpol_policy_load_from(f->s, conf, T0, &p, &e, used, sizeof used),
	                 PWPOL_OK);
	assert_string_equal(used, conf);
	assert_int_equal(pwpol_policy_get(p, PWPOL_OPT_MINIMUM_LENGTH), 10);
	assert_null(e);
	pwpol_policy_free(p);
	struct pwpol_commit_info info;
	assert_int_equal(commit(f, "\nset system login password minimum-length 12\n", 0, T0, &info),
	                 PWPOL_OK);
	assert_int_equal(info.number, 1);
	assert_int_equal(info.rollback, 0);
	assert_string_equal(info.author, "ops");
	assert_int_equal(info.time, T0);
	assert_int_equal(pwpol_policy_load_from(f->s, conf, T0, &p, &e, used, sizeof used),
	                 PWPOL_OK);
	assert_string_equal(used, "commit 1");
	assert_int_equal(pwpol_policy_get(p, PWPOL_OPT_MINIMUM_LENGTH), 12);
	assert_string_equal(pwpol_policy_source(p, PWPOL_OPT_MINIMUM_LENGTH), "commit 1:2");
	assert_int_equal(pwpol_config_errors_count(e), 1);
	assert_true(pwpol_config_errors_is_warning(e, 0));
	char want[256];
	snprintf(want, sizeof want,
	         "%s: not used: the store's committed configuration (commit 1) applies", conf);
	assert_string_equal(pwpol_config_errors_get(e, 0), want);
	pwpol_config_errors_free(e);
	pwpol_policy_free(p);
}

/* Bad options are refused and nothing is stored. */
static void test_commit_bounds(void **state)
{
	struct fixture *f = *state;
	const char *t = "set system login password minimum-length 12\n";
	struct pwpol_commit_opts o = {.author = "ops", .comment = "two\nlines"};
	pwpol_config_errors *e = NULL;
	assert_int_equal(pwpol_config_commit(f->s, t, strlen(t), &o, T0, &e, NULL), PWPOL_EINVAL);
	assert_string_equal(pwpol_config_errors_get(e, 0),
	                    "comment: one line of at most 255 bytes");
	pwpol_config_errors_free(e);
	o.comment = NULL;
	o.author = "";
	assert_int_equal(pwpol_config_commit(f->s, t, strlen(t), &o, T0, NULL, NULL), PWPOL_EINVAL);
	o.author = "ops";
	assert_int_equal(pwpol_config_commit(f->s, t, strlen(t), NULL, T0, NULL, NULL),
	                 PWPOL_EINVAL);
	o.confirm_minutes = PWPOL_CONFIRM_MINUTES_MAX + 1;
	assert_int_equal(pwpol_config_commit(f->s, t, strlen(t), &o, T0, NULL, NULL), PWPOL_EINVAL);
	char *text = NULL;
	assert_int_equal(pwpol_config_committed(f->s, 0, T0, &text, NULL), PWPOL_ENOENT);
	/* The largest wait is taken (a commit before it to come back to). */
	o.confirm_minutes = 0;
	assert_int_equal(pwpol_config_commit(f->s, t, strlen(t), &o, T0, NULL, NULL), PWPOL_OK);
	o.confirm_minutes = PWPOL_CONFIRM_MINUTES_MAX;
	struct pwpol_commit_info info;
	assert_int_equal(pwpol_config_commit(f->s, t, strlen(t), &o, T0, NULL, &info), PWPOL_OK);
	assert_int_equal(info.confirm_by, T0 + PWPOL_CONFIRM_MINUTES_MAX * 60L);
}

static char logged[512];

static void sink(int prio, const char *msg, void *ctx)
{
	(void)prio;
	(void)ctx;
	if (strstr(msg, "not confirmed"))
		snprintf(logged, sizeof logged, "%s", msg);
}

/* A second before the deadline nothing happens; at it, the configuration
 * before comes back as a new commit, once, and the log says so. */
static void test_confirmed_deadline(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(commit(f, "set system login password minimum-length 12\n", 0, T0, NULL),
	                 PWPOL_OK);
	assert_int_equal(
	    commit(f, "set system login password minimum-length 14\n", 10, T0 + 60, NULL),
	    PWPOL_OK);
	int restored = 1;
	pwpol_audit_set_sink(sink, NULL);
	assert_int_equal(pwpol_config_settle(f->s, T0 + 659, &restored), PWPOL_OK);
	assert_int_equal(restored, 0);
	assert_string_equal(logged, "");
	assert_int_equal(pwpol_config_settle(f->s, T0 + 660, &restored), PWPOL_OK);
	assert_int_equal(restored, 1);
	assert_string_equal(logged,
	                    "configuration: commit 2 was not confirmed in time: commit 3 (the "
	                    "configuration of commit 1) is active again");
	assert_int_equal(pwpol_config_settle(f->s, T0 + 661, &restored), PWPOL_OK);
	assert_int_equal(restored, 0);
	pwpol_audit_set_sink(NULL, NULL);
	char *text = NULL;
	struct pwpol_commit_info info;
	assert_int_equal(pwpol_config_committed(f->s, 0, T0 + 700, &text, &info), PWPOL_OK);
	assert_string_equal(text, "set system login password minimum-length 12\n");
	assert_string_equal(info.author, "pwpol");
	assert_int_equal(info.confirm_by, 0);
	free(text);
	assert_int_equal(pwpol_config_confirm(f->s, T0 + 700, NULL), PWPOL_ENOENT);
}

static time_t expires(struct fixture *f, const pwpol_policy *p, const char *name)
{
	struct pwpol_account_info a;
	assert_int_equal(pwpol_account_info(f->s, p, name, T0, &a), PWPOL_OK);
	return a.expires;
}

/* Passwords set a second before, at, and a second after the commit that
 * brought minimum-reuse into force: the one before takes the time of the
 * commit that follows (Junos), later commits keeping it do not move it,
 * and one without it ends it. */
static void test_reuse_time(void **state)
{
	struct fixture *f = *state;
	const long C = T0 + 10 * DAY;
	pwpol_policy *p = NULL;
	pwpol_report *r = NULL;
	assert_int_equal(pwpol_report_new(&r), PWPOL_OK);
	assert_int_equal(pwpol_policy_new(&p, "junos"), PWPOL_OK);
	const char *names[] = {"before", "at", "after"};
	for (int i = 0; i < 3; i++) {
		struct pwpol_secret s = {.hash = "$6$saltsalt$"
		                                 "qFmFH.bQmmtXzyBY0s9v7Oicd2z4XSIecDzlB5KiA2/"
		                                 "jctKu9YterLp8wwnSq.qc.eoxqOmSuNp2xS0ktL3nh/"};
		/* An imported hash is not temporary: reset makes it so, add too; the
		 * change of the time is what counts here. */
		assert_int_equal(pwpol_account_add(f->s, p, names[i], &s, C - 1 + i, r), PWPOL_OK);
	}
	pwpol_policy_free(p);
	const char *reuse = "set system login password profile junos\n"
	                    "set system login password minimum-reuse 1\n"
	                    "set system login password maximum-lifetime 30\n";
	const char *junos = "set system login password profile junos\n";
	assert_int_equal(commit(f, junos, 0, T0, NULL), PWPOL_OK);
	assert_int_equal(commit(f, reuse, 0, C, NULL), PWPOL_OK);
	/* Junos: a password set before the minimum-reuse commit takes its
	 * time from the first commit FOLLOWING it; none yet: no expiry. One
	 * set at or after it ages from its own setting. */
	assert_int_equal(pwpol_policy_load_from(f->s, NULL, C, &p, NULL, NULL, 0), PWPOL_OK);
	assert_int_equal(expires(f, p, "before"), 0);
	assert_int_equal(expires(f, p, "at"), C + 30 * DAY);
	assert_int_equal(expires(f, p, "after"), C + 1 + 30 * DAY);
	pwpol_policy_free(p);
	/* The next commit is the time of the passwords set before C. */
	assert_int_equal(commit(f, reuse, 0, C + DAY, NULL), PWPOL_OK);
	assert_int_equal(pwpol_policy_load_from(f->s, NULL, C + DAY, &p, NULL, NULL, 0), PWPOL_OK);
	assert_int_equal(expires(f, p, "before"), C + DAY + 30 * DAY);
	assert_int_equal(expires(f, p, "at"), C + 30 * DAY);
	assert_int_equal(expires(f, p, "after"), C + 1 + 30 * DAY);
	pwpol_policy_free(p);
	/* And stays so at later commits. */
	assert_int_equal(commit(f, reuse, 0, C + 2 * DAY, NULL), PWPOL_OK);
	assert_int_equal(pwpol_policy_load_from(f->s, NULL, C, &p, NULL, NULL, 0), PWPOL_OK);
	assert_int_equal(expires(f, p, "before"), C + DAY + 30 * DAY);
	pwpol_policy_free(p);
	/* Gone and back: a new minimum-reuse commit, then one after it. */
	assert_int_equal(commit(f, junos, 0, C + 3 * DAY, NULL), PWPOL_OK);
	assert_int_equal(commit(f, reuse, 0, C + 4 * DAY, NULL), PWPOL_OK);
	assert_int_equal(pwpol_policy_load_from(f->s, NULL, C, &p, NULL, NULL, 0), PWPOL_OK);
	assert_int_equal(expires(f, p, "after"), 0);
	pwpol_policy_free(p);
	assert_int_equal(commit(f, reuse, 0, C + 5 * DAY, NULL), PWPOL_OK);
	assert_int_equal(pwpol_policy_load_from(f->s, NULL, C, &p, NULL, NULL, 0), PWPOL_OK);
	assert_int_equal(expires(f, p, "after"), C + 5 * DAY + 30 * DAY);
	pwpol_policy_free(p);
	pwpol_report_free(r);
}

/* Issue 22: minimum-reuse committed, then maximum-lifetime 30 forty days
 * later: the passwords set before the first commit take the second's
 * time, so none expires at once (each did before). */
static void test_lifetime_after_reuse(void **state)
{
	struct fixture *f = *state;
	const long C = T0 + 10 * DAY;
	pwpol_policy *p = NULL;
	pwpol_report *r = NULL;
	assert_int_equal(pwpol_report_new(&r), PWPOL_OK);
	assert_int_equal(pwpol_policy_new(&p, "junos"), PWPOL_OK);
	struct pwpol_secret s = {.hash = "$6$saltsalt$"
	                                 "qFmFH.bQmmtXzyBY0s9v7Oicd2z4XSIecDzlB5KiA2/"
	                                 "jctKu9YterLp8wwnSq.qc.eoxqOmSuNp2xS0ktL3nh/"};
	assert_int_equal(pwpol_account_add(f->s, p, "admin2", &s, T0, r), PWPOL_OK);
	pwpol_policy_free(p);
	assert_int_equal(commit(f,
	                        "set system login password profile junos\n"
	                        "set system login password minimum-reuse 3\n",
	                        0, C, NULL),
	                 PWPOL_OK);
	assert_int_equal(commit(f,
	                        "set system login password profile junos\n"
	                        "set system login password minimum-reuse 3\n"
	                        "set system login password maximum-lifetime 30\n",
	                        0, C + 40 * DAY, NULL),
	                 PWPOL_OK);
	assert_int_equal(pwpol_policy_load_from(f->s, NULL, C + 40 * DAY, &p, NULL, NULL, 0),
	                 PWPOL_OK);
	assert_int_equal(expires(f, p, "admin2"), C + 70 * DAY);
	pwpol_policy_free(p);
	pwpol_report_free(r);
}

static int count(const struct pwpol_commit_info *i, void *ctx)
{
	unsigned *n = ctx;
	assert_int_equal(i->rollback, *n);
	(*n)++;
	return 0;
}

static void test_keeps_fifty(void **state)
{
	struct fixture *f = *state;
	for (int i = 1; i <= 53; i++)
		assert_int_equal(commit(f, EMPTY, 0, T0 + i, NULL), PWPOL_OK);
	unsigned n = 0;
	assert_int_equal(pwpol_config_history(f->s, T0 + 99, count, &n), PWPOL_OK);
	assert_int_equal(n, 50);
	char *text = NULL;
	struct pwpol_commit_info info;
	assert_int_equal(pwpol_config_committed(f->s, 49, T0 + 99, &text, &info), PWPOL_OK);
	assert_int_equal(info.number, 4);
	free(text);
	assert_int_equal(pwpol_config_committed(f->s, 50, T0 + 99, &text, &info), PWPOL_ENOENT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_compare),
	    cmocka_unit_test_setup_teardown(test_store_wins, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_commit_bounds, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_confirmed_deadline, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_reuse_time, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_lifetime_after_reuse, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_keeps_fifty, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
