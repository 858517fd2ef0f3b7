/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_account_web.c - the two library calls the web face needs: init over
 * accounts that still hold the factory default (the association screen of
 * a machine as shipped), and a change judged without being made (the live
 * list of the change page), reuse and minimum-lifetime included.
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

#include "pwpol.h"

#define T0  1700000000L
#define DAY 86400L

struct fixture {
	char dir[64], path[128];
	pwpol_store *s;
	pwpol_policy *p;
	pwpol_report *r;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	snprintf(f->dir, sizeof f->dir, "/tmp/pwpol-web-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->path, sizeof f->path, "%s/a.db", f->dir);
	assert_int_equal(pwpol_store_open(&f->s, f->path, 1, NULL, 0), PWPOL_OK);
	assert_int_equal(pwpol_policy_new(&f->p, "ssr"), PWPOL_OK);
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
	char cmd[160];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
	assert_int_equal(system(cmd), 0);
	free(f);
	return 0;
}

static struct pwpol_secret pw(const char *s)
{
	return (struct pwpol_secret)PWPOL_SECRET_INIT(.pw = s, .len = strlen(s));
}

static int has_rule(const pwpol_report *r, enum pwpol_rule rule)
{
	for (size_t i = 0; i < pwpol_report_count(r); i++)
		if (pwpol_report_get(r, i)->rule == rule)
			return 1;
	return 0;
}

static void test_init_over_factory_default(void **state)
{
	struct fixture *f = *state;
	struct pwpol_secret fd = pw("Factory#Pass1"), good = pw("Kx7#mWq2vL");
	struct pwpol_init_opts over =
	    PWPOL_INIT_OPTS_INIT(.flags = PWPOL_INIT_OVER_FACTORY_DEFAULT);
	assert_int_equal(pwpol_account_init(f->s, f->p, &fd, 1, T0, f->r), PWPOL_OK);

	/* The factory default itself is refused, and nothing changes. */
	assert_int_equal(pwpol_account_init_with(f->s, f->p, &fd, &over, T0, f->r), PWPOL_REJECTED);
	assert_true(has_rule(f->r, PWPOL_RULE_FACTORY_DEFAULT));
	enum pwpol_change_reason why;
	assert_int_equal(pwpol_account_authenticate(f->s, f->p, "t128", fd.pw, fd.len, T0, &why),
	                 PWPOL_CHANGE_REQUIRED);

	/* Without the flag, the accounts that exist are refused as always. */
	struct pwpol_init_opts plain = PWPOL_INIT_OPTS_INIT();
	assert_int_equal(pwpol_account_init_with(f->s, f->p, &good, &plain, T0, f->r),
	                 PWPOL_EEXIST);

	/* With it: set, no longer a factory default, for all three. */
	assert_int_equal(pwpol_account_init_with(f->s, f->p, &good, &over, T0, f->r), PWPOL_OK);
	const char *names[] = {"admin", "root", "t128"};
	for (size_t i = 0; i < 3; i++)
		assert_int_equal(
		    pwpol_account_authenticate(f->s, f->p, names[i], good.pw, good.len, T0, &why),
		    PWPOL_OK);

	/* Once the owner's own password is set, the flag opens nothing. */
	struct pwpol_secret other = pw("Zr5!nTq8Wb");
	assert_int_equal(pwpol_account_init_with(f->s, f->p, &other, &over, T0, f->r),
	                 PWPOL_EEXIST);
}

static void test_check_new(void **state)
{
	struct fixture *f = *state;
	struct pwpol_secret good = pw("Kx7#mWq2vL");
	assert_int_equal(pwpol_account_init(f->s, f->p, &good, 0, T0, f->r), PWPOL_OK);
	const char *next = "Pq4%zRt8Ym";

	/* Too young to change, whatever the new password. */
	assert_int_equal(pwpol_account_check_new(f->s, f->p, "admin", good.pw, good.len, next,
	                                         strlen(next), T0 + 60, f->r),
	                 PWPOL_REJECTED);
	assert_true(has_rule(f->r, PWPOL_RULE_MINIMUM_LIFETIME));

	/* Two days on: the current password is reuse; a good one passes. */
	time_t later = T0 + 2 * DAY;
	assert_int_equal(
	    pwpol_account_check_new(f->s, f->p, "admin", NULL, 0, good.pw, good.len, later, f->r),
	    PWPOL_REJECTED);
	assert_true(has_rule(f->r, PWPOL_RULE_MINIMUM_REUSE));
	assert_false(has_rule(f->r, PWPOL_RULE_MINIMUM_LIFETIME));
	assert_int_equal(pwpol_account_check_new(f->s, f->p, "admin", good.pw, good.len, next,
	                                         strlen(next), later, f->r),
	                 PWPOL_OK);
	assert_int_equal(pwpol_report_count(f->r), 0);

	/* Nothing was written or counted: the password is the same, no failures. */
	struct pwpol_account_info a = PWPOL_ACCOUNT_INFO_INIT();
	assert_int_equal(pwpol_account_info(f->s, f->p, "admin", later, &a), PWPOL_OK);
	assert_int_equal(a.failures, 0);
	enum pwpol_change_reason why;
	assert_int_equal(
	    pwpol_account_authenticate(f->s, f->p, "admin", good.pw, good.len, later, &why),
	    PWPOL_OK);

	/* An older password stays refused once changed. */
	assert_int_equal(pwpol_account_change(f->s, f->p, "admin", good.pw, good.len, next,
	                                      strlen(next), later, f->r),
	                 PWPOL_OK);
	assert_int_equal(pwpol_account_check_new(f->s, f->p, "admin", NULL, 0, good.pw, good.len,
	                                         later + 2 * DAY, f->r),
	                 PWPOL_REJECTED);
	assert_true(has_rule(f->r, PWPOL_RULE_MINIMUM_REUSE));
	assert_int_equal(
	    pwpol_account_check_new(f->s, f->p, "nobody", NULL, 0, next, strlen(next), later, f->r),
	    PWPOL_ENOENT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_init_over_factory_default, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_check_new, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
