/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_username.c - pwpol_username_check(): the legal characters, the
 * length at its boundaries, `-` and `$`, and the two warnings.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "pwpol.h"

static pwpol_report *rep;

static int setup(void **state)
{
	(void)state;
	return pwpol_report_new(&rep) == PWPOL_OK ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	pwpol_report_free(rep);
	return 0;
}

static void assert_valid(const char *name)
{
	assert_int_equal(pwpol_username_check(name, rep), PWPOL_OK);
	assert_int_equal(pwpol_report_count(rep), 0);
}

static void assert_finding(size_t i, enum pwpol_rule rule, enum pwpol_severity sev, long need,
                           long have)
{
	const struct pwpol_finding *f = pwpol_report_get(rep, i);
	assert_non_null(f);
	assert_string_equal(pwpol_rule_name(f->rule), pwpol_rule_name(rule));
	assert_int_equal(f->severity, sev);
	assert_int_equal(f->need, need);
	assert_int_equal(f->have, have);
}

/* Rejected with exactly this one error. */
static void assert_error(const char *name, enum pwpol_rule rule, long need, long have)
{
	assert_int_equal(pwpol_username_check(name, rep), PWPOL_REJECTED);
	assert_int_equal(pwpol_report_count(rep), 1);
	assert_finding(0, rule, PWPOL_SEVERITY_ERROR, need, have);
}

/* Accepted with exactly this one warning. */
static void assert_warning(const char *name, enum pwpol_rule rule)
{
	assert_int_equal(pwpol_username_check(name, rep), PWPOL_OK);
	assert_int_equal(pwpol_report_count(rep), 1);
	assert_finding(0, rule, PWPOL_SEVERITY_WARNING, -1, -1);
}

static void test_valid(void **state)
{
	(void)state;
	assert_valid("admin");
	assert_valid("t128");
	assert_valid("a");
	assert_valid("Jean-Luc.Picard_2");
	assert_valid("_svc");
	assert_valid("machine$");
	assert_valid("a.");
	assert_valid("a1");
}

static void test_length(void **state)
{
	(void)state;
	char name[40];
	memset(name, 'u', sizeof name);
	name[31] = '\0';
	assert_valid(name);
	name[31] = 'u';
	name[32] = '\0';
	assert_valid(name);
	name[32] = 'u';
	name[33] = '\0';
	assert_error(name, PWPOL_RULE_USERNAME_LENGTH, 32, 33);
	/* The ending `$` counts. */
	name[32] = '$';
	assert_error(name, PWPOL_RULE_USERNAME_LENGTH, 32, 33);
	name[31] = '$';
	name[32] = '\0';
	assert_valid(name);
	assert_error("", PWPOL_RULE_USERNAME_LENGTH, 32, 0);
	assert_error(NULL, PWPOL_RULE_USERNAME_LENGTH, 32, 0);
}

static void test_characters(void **state)
{
	(void)state;
	assert_error("ad min", PWPOL_RULE_USERNAME_CHARACTERS, -1, 3);
	assert_error("ad/min", PWPOL_RULE_USERNAME_CHARACTERS, -1, 3);
	assert_error("admin:", PWPOL_RULE_USERNAME_CHARACTERS, -1, 6);
	assert_error("@dmin", PWPOL_RULE_USERNAME_CHARACTERS, -1, 1);
	assert_error("ad\tmin", PWPOL_RULE_USERNAME_CHARACTERS, -1, 3);
	/* Positions count characters, not bytes; only the first is named. */
	assert_error("j\xc3\xa9r\xc3\xb4me", PWPOL_RULE_USERNAME_CHARACTERS, -1, 2);
	assert_error("abc\xc3\xa9", PWPOL_RULE_USERNAME_CHARACTERS, -1, 4);
	/* 32 characters of which some take two bytes: the length is right. */
	char name[64] = "\xc3\xa9";
	for (int i = 1; i < 32; i++)
		strcat(name, "a");
	assert_error(name, PWPOL_RULE_USERNAME_CHARACTERS, -1, 1);
}

static void test_dash_and_dollar(void **state)
{
	(void)state;
	assert_error("-admin", PWPOL_RULE_USERNAME_LEADING_DASH, -1, -1);
	assert_valid("ad-min-");
	assert_error("ad$min", PWPOL_RULE_USERNAME_DOLLAR, -1, -1);
	assert_error("$admin", PWPOL_RULE_USERNAME_DOLLAR, -1, -1);
	assert_error("admin$$", PWPOL_RULE_USERNAME_DOLLAR, -1, -1);
	/* A `$` alone is no name. */
	assert_error("$", PWPOL_RULE_USERNAME_CHARACTERS, -1, 1);
}

static void test_warnings(void **state)
{
	(void)state;
	assert_warning("1000", PWPOL_RULE_USERNAME_ALL_DIGITS);
	assert_warning("0", PWPOL_RULE_USERNAME_ALL_DIGITS);
	assert_warning("1000$", PWPOL_RULE_USERNAME_ALL_DIGITS);
	assert_valid("1000a");
	assert_warning(".hidden", PWPOL_RULE_USERNAME_LEADING_DOT);
	/* "." and ".." are the directory and its parent: refused outright. */
	assert_error(".", PWPOL_RULE_USERNAME_DOTS, -1, -1);
	assert_error("..", PWPOL_RULE_USERNAME_DOTS, -1, -1);
	assert_warning("...", PWPOL_RULE_USERNAME_LEADING_DOT);
	assert_valid("not.hidden");
}

static void test_every_error(void **state)
{
	(void)state;
	assert_int_equal(pwpol_username_check("-a b$c", rep), PWPOL_REJECTED);
	assert_int_equal(pwpol_report_count(rep), 3);
	assert_finding(0, PWPOL_RULE_USERNAME_CHARACTERS, PWPOL_SEVERITY_ERROR, -1, 3);
	assert_finding(1, PWPOL_RULE_USERNAME_LEADING_DASH, PWPOL_SEVERITY_ERROR, -1, -1);
	assert_finding(2, PWPOL_RULE_USERNAME_DOLLAR, PWPOL_SEVERITY_ERROR, -1, -1);

	/* Errors and warnings together: rejected, the warning kept. */
	assert_int_equal(pwpol_username_check(".a$b", rep), PWPOL_REJECTED);
	assert_int_equal(pwpol_report_count(rep), 2);
	assert_finding(0, PWPOL_RULE_USERNAME_DOLLAR, PWPOL_SEVERITY_ERROR, -1, -1);
	assert_finding(1, PWPOL_RULE_USERNAME_LEADING_DOT, PWPOL_SEVERITY_WARNING, -1, -1);

	/* Each check starts from a clean report. */
	assert_valid("admin");
}

static void test_messages(void **state)
{
	(void)state;
	char buf[200];
	assert_int_equal(pwpol_username_check("abcdefghijklmnopqrstuvwxyz0123456", rep),
	                 PWPOL_REJECTED);
	pwpol_finding_message(pwpol_report_get(rep, 0), buf, sizeof buf);
	assert_string_equal(buf, "must be 1 to 32 characters long (it has 33)");
	assert_int_equal(pwpol_username_check("ad min", rep), PWPOL_REJECTED);
	pwpol_finding_message(pwpol_report_get(rep, 0), buf, sizeof buf);
	assert_string_equal(buf,
	                    "may contain only letters, digits, '_', '-' and '.' (bad character "
	                    "at position 3)");
	assert_int_equal(pwpol_username_check("-x", rep), PWPOL_REJECTED);
	pwpol_finding_message(pwpol_report_get(rep, 0), buf, sizeof buf);
	assert_string_equal(buf, "must not begin with '-'");
	assert_int_equal(pwpol_username_check("42", rep), PWPOL_OK);
	pwpol_finding_message(pwpol_report_get(rep, 0), buf, sizeof buf);
	assert_string_equal(buf, "is all digits, which is not recommended");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_valid),      cmocka_unit_test(test_length),
	    cmocka_unit_test(test_characters), cmocka_unit_test(test_dash_and_dollar),
	    cmocka_unit_test(test_warnings),   cmocka_unit_test(test_every_error),
	    cmocka_unit_test(test_messages),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
