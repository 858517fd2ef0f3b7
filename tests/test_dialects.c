/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_dialects.c - the other vendors' spellings of the lockout and
 * password figures: Junos `system login retry-options` and SSR `authority
 * password-policy`. Every statement at its range ends in both syntaxes
 * with the exact error, the defaults a block brings, what each sets, the
 * backoff figures (pwpol_fail_delay), one figure set in two dialects, and
 * the dialect kept through write and compare.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "pwpol.h"

static pwpol_policy *parse_ok(const char *text)
{
	pwpol_policy *p = NULL;
	pwpol_config_errors *e = NULL;
	enum pwpol_status st = pwpol_config_parse(text, strlen(text), "t.conf", &p, &e);
	if (st != PWPOL_OK)
		fail_msg("refused (%d): %s\n--\n%s", st,
		         pwpol_config_errors_count(e) ? pwpol_config_errors_get(e, 0)
		                                      : "(no error)",
		         text);
	/* Only the note of what was passed over. */
	for (size_t i = 0; i < pwpol_config_errors_count(e); i++)
		if (!pwpol_config_errors_is_warning(e, i) ||
		    !strstr(pwpol_config_errors_get(e, i), ": passed over, not read by pwpol: "))
			fail_msg("unexpected: %s\n--\n%s", pwpol_config_errors_get(e, i), text);
	pwpol_config_errors_free(e);
	return p;
}

/* Refused with exactly one error, this one. */
static void parse_fails(const char *text, const char *want)
{
	pwpol_policy *p = NULL;
	pwpol_config_errors *e = NULL;
	assert_int_equal(pwpol_config_parse(text, strlen(text), "t.conf", &p, &e), PWPOL_EINVAL);
	assert_null(p);
	if (pwpol_config_errors_count(e) != 1 || strcmp(pwpol_config_errors_get(e, 0), want) != 0)
		fail_msg("%s\n got: %s (%zu entries)\nwant: %s", text,
		         pwpol_config_errors_count(e) ? pwpol_config_errors_get(e, 0) : "(none)",
		         pwpol_config_errors_count(e), want);
	pwpol_config_errors_free(e);
}

/* A statement of a dialect, its range ends and the policy value of v. */
static const struct {
	const char *block; /* for `set BLOCK NAME V` and `BLOCK { NAME V; }` */
	const char *name;
	enum pwpol_opt opt;
	long min, max, scale;
} stmts[] = {
    {"system login retry-options", "tries-before-disconnect", PWPOL_OPT_TRIES_BEFORE_DISCONNECT, 1,
     10, 1},
    {"system login retry-options", "backoff-threshold", PWPOL_OPT_BACKOFF_THRESHOLD, 1, 3, 1},
    {"system login retry-options", "backoff-factor", PWPOL_OPT_BACKOFF_FACTOR, 5, 10, 1},
    {"system login retry-options", "lockout-period", PWPOL_OPT_LOCK_TIME, 1, 43200, 60},
    {"system login retry-options", "minimum-time", PWPOL_OPT_MINIMUM_TIME, 20, 60, 1},
    {"system login retry-options", "maximum-time", PWPOL_OPT_MAXIMUM_TIME, 20, 300, 1},
    {"authority password-policy", "deny", PWPOL_OPT_MAXIMUM_FAILED_ATTEMPTS, 1, 100, 1},
    {"authority password-policy", "unlock-time", PWPOL_OPT_LOCK_TIME, 1, 2592000, 1},
    {"authority password-policy", "lifetime", PWPOL_OPT_MAXIMUM_LIFETIME, 30, 365, 1},
    {"authority password-policy", "minimum-length", PWPOL_OPT_MINIMUM_LENGTH, 9, 20, 1},
};
#define NSTMTS (sizeof stmts / sizeof stmts[0])

/* "system login retry-options" as nested blocks around one statement. */
static void hierarchy(char *buf, size_t n, const char *block, const char *stmt)
{
	char words[3][32] = {{0}};
	int k = sscanf(block, "%31s %31s %31s", words[0], words[1], words[2]);
	size_t len = 0;
	for (int i = 0; i < k; i++)
		len += (size_t)snprintf(buf + len, n - len, "%s {\n", words[i]);
	len += (size_t)snprintf(buf + len, n - len, "%s;\n", stmt);
	for (int i = 0; i < k; i++)
		len += (size_t)snprintf(buf + len, n - len, "}\n");
}

static void accepted(size_t i, long v)
{
	char text[512], stmt[128];
	snprintf(stmt, sizeof stmt, "%s %ld", stmts[i].name, v);
	/* The set form on line 1; the hierarchy form with the statement on
	 * the line after its blocks. */
	snprintf(text, sizeof text, "set %s %s\n", stmts[i].block, stmt);
	pwpol_policy *p = parse_ok(text);
	assert_int_equal(pwpol_policy_get(p, stmts[i].opt), v * stmts[i].scale);
	assert_string_equal(pwpol_policy_source(p, stmts[i].opt), "t.conf:1");
	pwpol_policy_free(p);
	hierarchy(text, sizeof text, stmts[i].block, stmt);
	p = parse_ok(text);
	assert_int_equal(pwpol_policy_get(p, stmts[i].opt), v * stmts[i].scale);
	pwpol_policy_free(p);
}

static void refused(size_t i, long v)
{
	char text[512], stmt[128], want[256];
	snprintf(stmt, sizeof stmt, "%s %ld", stmts[i].name, v);
	snprintf(want, sizeof want, "t.conf:1: %s: value %ld is out of range (%ld..%ld)",
	         stmts[i].name, v, stmts[i].min, stmts[i].max);
	snprintf(text, sizeof text, "set %s %s\n", stmts[i].block, stmt);
	parse_fails(text, want);
	/* The same statement in the hierarchy, all on line 1. */
	hierarchy(text, sizeof text, stmts[i].block, stmt);
	for (char *c = text; *c; c++)
		if (*c == '\n')
			*c = ' ';
	parse_fails(text, want);
}

static void test_range_ends(void **state)
{
	(void)state;
	for (size_t i = 0; i < NSTMTS; i++) {
		accepted(i, stmts[i].min);
		accepted(i, stmts[i].max);
		refused(i, stmts[i].min - 1);
		refused(i, stmts[i].max + 1);
	}
}

static void test_value_errors(void **state)
{
	(void)state;
	parse_fails("set system login retry-options backoff-factor\n",
	            "t.conf:1: backoff-factor: missing value (5..10)");
	parse_fails("set system login retry-options lockout-period ten\n",
	            "t.conf:1: lockout-period: 'ten' is not a number (1..43200)");
	parse_fails("authority { password-policy { deny 3 4; } }\n",
	            "t.conf:1: deny: takes one value, found 2");
	parse_fails("set system login retry-options lock-time 60\n",
	            "t.conf:1: unknown statement 'lock-time' under retry-options (see "
	            "pwpol.conf(5))");
	parse_fails("set authority password-policy maximum-failed-attempts 3\n",
	            "t.conf:1: unknown statement 'maximum-failed-attempts' under password-policy "
	            "(see pwpol.conf(5))");
	/* The Junos names are retry-options', not password's. */
	parse_fails("set system login password backoff-factor 5\n",
	            "t.conf:1: unknown statement 'backoff-factor' under password (see "
	            "pwpol.conf(5))");
}

/* `retry-options` alone brings the Junos defaults and no lock: Junos locks
 * only with a lockout-period. The profile's lockout stays. */
static void test_retry_defaults(void **state)
{
	(void)state;
	pwpol_policy *p = parse_ok("set system login password profile junos\n"
	                           "set system login retry-options\n");
	assert_int_equal(pwpol_policy_get(p, PWPOL_OPT_TRIES_BEFORE_DISCONNECT), 10);
	assert_int_equal(pwpol_policy_get(p, PWPOL_OPT_BACKOFF_THRESHOLD), 2);
	assert_int_equal(pwpol_policy_get(p, PWPOL_OPT_BACKOFF_FACTOR), 5);
	assert_int_equal(pwpol_policy_get(p, PWPOL_OPT_MINIMUM_TIME), 20);
	assert_int_equal(pwpol_policy_get(p, PWPOL_OPT_MAXIMUM_TIME), 120);
	assert_int_equal(pwpol_policy_get(p, PWPOL_OPT_MAXIMUM_FAILED_ATTEMPTS), 0);
	assert_int_equal(pwpol_policy_get(p, PWPOL_OPT_LOCK_TIME), 1800);
	assert_string_equal(pwpol_policy_source(p, PWPOL_OPT_BACKOFF_FACTOR),
	                    "t.conf: retry-options default");
	pwpol_policy_free(p);
	/* ssr: its own 6 failures and 1800 s stay; tries alone does not lock. */
	p = parse_ok("system { login { retry-options { tries-before-disconnect 5; } } }\n");
	assert_int_equal(pwpol_policy_get(p, PWPOL_OPT_MAXIMUM_FAILED_ATTEMPTS), 6);
	assert_int_equal(pwpol_policy_get(p, PWPOL_OPT_LOCK_TIME), 1800);
	pwpol_policy_free(p);
	/* No retry-options: no backoff at all. */
	p = parse_ok("set system login password profile junos\n");
	assert_int_equal(pwpol_policy_get(p, PWPOL_OPT_BACKOFF_THRESHOLD), 0);
	pwpol_policy_free(p);
}

/* A lockout-period locks after tries-before-disconnect (10 unless written)
 * for that many minutes. */
static void test_retry_lock(void **state)
{
	(void)state;
	pwpol_policy *p = parse_ok("system {\n login {\n  retry-options {\n"
	                           "   lockout-period 30;\n  }\n }\n}\n");
	assert_int_equal(pwpol_policy_get(p, PWPOL_OPT_MAXIMUM_FAILED_ATTEMPTS), 10);
	assert_int_equal(pwpol_policy_get(p, PWPOL_OPT_LOCK_TIME), 1800);
	assert_string_equal(pwpol_policy_source(p, PWPOL_OPT_LOCK_TIME), "t.conf:4");
	assert_string_equal(pwpol_policy_source(p, PWPOL_OPT_MAXIMUM_FAILED_ATTEMPTS), "t.conf:4");
	pwpol_policy_free(p);
	p = parse_ok("set system login retry-options tries-before-disconnect 10\n"
	             "set system login retry-options lockout-period 43200\n");
	assert_int_equal(pwpol_policy_get(p, PWPOL_OPT_MAXIMUM_FAILED_ATTEMPTS), 10);
	assert_int_equal(pwpol_policy_get(p, PWPOL_OPT_LOCK_TIME), 43200L * 60);
	assert_string_equal(pwpol_policy_source(p, PWPOL_OPT_MAXIMUM_FAILED_ATTEMPTS), "t.conf:1");
	pwpol_policy_free(p);
	/* Deactivated, deleted: the lock goes with it. */
	p = parse_ok("set system login password profile junos\n"
	             "set system login retry-options lockout-period 30\n"
	             "deactivate system login retry-options\n");
	assert_int_equal(pwpol_policy_get(p, PWPOL_OPT_MAXIMUM_FAILED_ATTEMPTS), 0);
	assert_int_equal(pwpol_policy_get(p, PWPOL_OPT_BACKOFF_FACTOR), 0);
	pwpol_policy_free(p);
	p = parse_ok("set system login password profile junos\n"
	             "set system login retry-options lockout-period 30\n"
	             "delete system login retry-options lockout-period\n");
	assert_int_equal(pwpol_policy_get(p, PWPOL_OPT_MAXIMUM_FAILED_ATTEMPTS), 0);
	assert_int_equal(pwpol_policy_get(p, PWPOL_OPT_BACKOFF_FACTOR), 5);
	pwpol_policy_free(p);
}

/* The SSR block: what it sets and the SSR defaults for what nothing sets. */
static void test_ssr(void **state)
{
	(void)state;
	pwpol_policy *p = parse_ok("set system login password profile junos\n"
	                           "authority {\n  router r1 { name r1; }\n"
	                           "  password-policy {\n    deny 4;\n  }\n}\n"
	                           /* the SSR block's lifetime 60 needs it */
	                           "set system login password minimum-reuse 5\n");
	assert_int_equal(pwpol_policy_get(p, PWPOL_OPT_MAXIMUM_FAILED_ATTEMPTS), 4);
	assert_string_equal(pwpol_policy_source(p, PWPOL_OPT_MAXIMUM_FAILED_ATTEMPTS), "t.conf:5");
	assert_int_equal(pwpol_policy_get(p, PWPOL_OPT_LOCK_TIME), 1800);
	assert_int_equal(pwpol_policy_get(p, PWPOL_OPT_MAXIMUM_LIFETIME), 60);
	assert_int_equal(pwpol_policy_get(p, PWPOL_OPT_MINIMUM_LENGTH), 9);
	assert_string_equal(pwpol_policy_source(p, PWPOL_OPT_MINIMUM_LENGTH),
	                    "t.conf: password-policy default");
	pwpol_policy_free(p);
	/* A figure our own statement sets keeps it; SSR's default does not win. */
	p = parse_ok("set system login password profile junos\n"
	             "set system login password minimum-length 15\n"
	             "set authority password-policy unlock-time 60\n"
	             "set system login password minimum-reuse 5\n");
	assert_int_equal(pwpol_policy_get(p, PWPOL_OPT_MINIMUM_LENGTH), 15);
	assert_int_equal(pwpol_policy_get(p, PWPOL_OPT_LOCK_TIME), 60);
	assert_int_equal(pwpol_policy_get(p, PWPOL_OPT_MAXIMUM_FAILED_ATTEMPTS), 6);
	pwpol_policy_free(p);
	/* Deactivated authority: nothing of it. */
	p = parse_ok("set system login password profile junos\n"
	             "set authority password-policy deny 4\n"
	             "deactivate authority\n");
	assert_int_equal(pwpol_policy_get(p, PWPOL_OPT_MAXIMUM_FAILED_ATTEMPTS), 0);
	pwpol_policy_free(p);
	p = parse_ok("set authority password-policy deny 4\n"
	             "delete authority password-policy deny\n");
	assert_int_equal(pwpol_policy_get(p, PWPOL_OPT_MAXIMUM_FAILED_ATTEMPTS), 6);
	pwpol_policy_free(p);
}

/* One figure set in two dialects: an error naming both lines. */
static void test_two_dialects(void **state)
{
	(void)state;
	parse_fails("set system login lockout maximum-failed-attempts 5\n"
	            "set authority password-policy deny 4\n",
	            "t.conf:2: maximum-failed-attempts: set in two dialects, by system login "
	            "lockout maximum-failed-attempts (line 1) and by authority password-policy "
	            "deny (line 2); keep one");
	parse_fails("system {\n login {\n  retry-options { lockout-period 10; }\n"
	            "  lockout { lock-time 60; }\n }\n}\n",
	            "t.conf:4: lock-time: set in two dialects, by system login retry-options "
	            "lockout-period (line 3) and by system login lockout lock-time (line 4); keep "
	            "one");
	parse_fails("set authority password-policy deny 4\n"
	            "set system login retry-options tries-before-disconnect 5\n"
	            "set system login retry-options lockout-period 10\n",
	            "t.conf:2: maximum-failed-attempts: set in two dialects, by authority "
	            "password-policy deny (line 1) and by system login retry-options "
	            "tries-before-disconnect (line 2); keep one");
	parse_fails("set authority password-policy minimum-length 12\n"
	            "set system login password minimum-length 12\n",
	            "t.conf:2: minimum-length: set in two dialects, by authority password-policy "
	            "minimum-length (line 1) and by system login password minimum-length (line "
	            "2); keep one");
	/* tries-before-disconnect without a lockout-period locks nothing:
	 * no second setting of the figure. */
	pwpol_policy *p = parse_ok("set authority password-policy deny 4\n"
	                           "set system login retry-options tries-before-disconnect 5\n");
	assert_int_equal(pwpol_policy_get(p, PWPOL_OPT_MAXIMUM_FAILED_ATTEMPTS), 4);
	pwpol_policy_free(p);
}

static unsigned delay_of(const pwpol_policy *p, unsigned failures)
{
	unsigned s = 99;
	assert_int_equal(pwpol_fail_delay(p, failures, &s), PWPOL_OK);
	return s;
}

/* The backoff: nothing up to backoff-threshold failures, then
 * backoff-factor seconds more with each, up to tries-before-disconnect. */
static void test_fail_delay(void **state)
{
	(void)state;
	pwpol_policy *p = parse_ok("set system login retry-options\n");
	unsigned want[] = {0, 0, 0, 5, 10, 15, 20, 25, 30, 35, 40, 40, 40};
	for (unsigned f = 0; f < 13; f++)
		assert_int_equal(delay_of(p, f), want[f]);
	pwpol_policy_free(p);
	p = parse_ok("set system login retry-options tries-before-disconnect 10\n"
	             "set system login retry-options backoff-threshold 1\n"
	             "set system login retry-options backoff-factor 10\n");
	unsigned want2[] = {0, 0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 90, 90};
	for (unsigned f = 0; f < 13; f++)
		assert_int_equal(delay_of(p, f), want2[f]);
	assert_int_equal(delay_of(p, 4000000000u), 90);
	pwpol_policy_free(p);
	p = parse_ok("set system login retry-options tries-before-disconnect 6\n"
	             "set system login retry-options backoff-threshold 3\n"
	             "set system login retry-options backoff-factor 7\n");
	unsigned want3[] = {0, 0, 0, 0, 7, 14, 21, 21};
	for (unsigned f = 0; f < 8; f++)
		assert_int_equal(delay_of(p, f), want3[f]);
	pwpol_policy_free(p);
	/* No retry-options, no delay. */
	p = parse_ok("set system login password profile junos\n");
	assert_int_equal(delay_of(p, 10), 0);
	unsigned s;
	assert_int_equal(pwpol_fail_delay(NULL, 1, &s), PWPOL_EINVAL);
	assert_int_equal(pwpol_fail_delay(p, 1, NULL), PWPOL_EINVAL);
	pwpol_policy_free(p);
}

/* Written back in the dialect read; reading that gives the same text. */
static void test_written_in_dialect(void **state)
{
	(void)state;
	const char *text = "set system login password profile junos\n"
	                   "set system login retry-options backoff-factor 7\n"
	                   "set system login retry-options lockout-period 15\n"
	                   "set authority password-policy lifetime 90\n"
	                   "set authority password-policy minimum-length 12\n"
	                   /* lifetime is maximum-lifetime: committed only with it */
	                   "set system login password minimum-reuse 5\n";
	pwpol_policy *p = parse_ok(text);
	char *out = NULL, *again = NULL;
	assert_int_equal(pwpol_config_write(p, &out), PWPOL_OK);
	const char *tail = strstr(out, "            format sha512;\n");
	assert_non_null(tail);
	assert_string_equal(tail, "            format sha512;\n"
	                          "            no-blocklist;\n"
	                          "        }\n"
	                          "        retry-options {\n"
	                          "            tries-before-disconnect 10;\n"
	                          "            backoff-threshold 2;\n"
	                          "            backoff-factor 7;\n"
	                          "            lockout-period 15;\n"
	                          "            minimum-time 20;\n"
	                          "            maximum-time 120;\n"
	                          "        }\n"
	                          "    }\n"
	                          "}\n"
	                          "authority {\n"
	                          "    password-policy {\n"
	                          "        lifetime 90;\n"
	                          "        minimum-length 12;\n"
	                          "    }\n"
	                          "}\n");
	/* Neither figure under password any more, nor a lockout block. */
	assert_null(strstr(out, "            minimum-length"));
	assert_null(strstr(out, "lockout {"));
	assert_null(strstr(out, "maximum-lifetime"));
	pwpol_policy *q = parse_ok(out);
	for (int o = 0; o < PWPOL_OPT_COUNT; o++)
		assert_int_equal(pwpol_policy_get(p, (enum pwpol_opt)o),
		                 pwpol_policy_get(q, (enum pwpol_opt)o));
	assert_int_equal(pwpol_config_write(q, &again), PWPOL_OK);
	assert_string_equal(out, again);
	free(out);
	free(again);
	pwpol_policy_free(q);
	/* A value set through the API is ours: lock-time 90 cannot be minutes. */
	assert_int_equal(pwpol_policy_set(p, PWPOL_OPT_LOCK_TIME, 90), PWPOL_OK);
	assert_int_equal(pwpol_config_write(p, &out), PWPOL_OK);
	assert_non_null(strstr(out,
	                       "        lockout {\n            lock-time 90;\n            "
	                       "no-failure-interval;\n            no-root-lockout;\n            "
	                       "no-root-lock-time;\n        }\n"));
	assert_null(strstr(out, "lockout-period"));
	free(out);
	pwpol_policy_free(p);
}

static char *compare(const char *a, const char *z)
{
	char *out = NULL;
	pwpol_config_errors *e = NULL;
	assert_int_equal(pwpol_config_compare(a, strlen(a), "a", z, strlen(z), "z", &out, &e),
	                 PWPOL_OK);
	assert_null(e);
	return out;
}

/* compare: each difference under its own dialect's header. */
static void test_compare_headers(void **state)
{
	(void)state;
	char *out = compare("set system login retry-options lockout-period 10\n"
	                    "set authority password-policy lifetime 90\n",
	                    "set system login retry-options lockout-period 20\n"
	                    "set system login retry-options backoff-threshold 3\n"
	                    "set authority password-policy lifetime 120\n");
	assert_string_equal(out, "[edit system login retry-options]\n"
	                         "-    backoff-threshold 2;\n"
	                         "+    backoff-threshold 3;\n"
	                         "-    lockout-period 10;\n"
	                         "+    lockout-period 20;\n"
	                         "[edit authority password-policy]\n"
	                         "-    lifetime 90;\n"
	                         "+    lifetime 120;\n");
	free(out);
	/* A figure moved from our lockout to SSR's deny. */
	out = compare("set system login lockout maximum-failed-attempts 4\n",
	              "set authority password-policy deny 4\n");
	assert_string_equal(out, "[edit system login password]\n"
	                         "-    minimum-length 9;\n"
	                         "-    maximum-lifetime 60;\n"
	                         "[edit system login lockout]\n"
	                         "-    maximum-failed-attempts 4;\n"
	                         "-    lock-time 1800;\n"
	                         "[edit authority password-policy]\n"
	                         "+    deny 4;\n"
	                         "+    unlock-time 1800;\n"
	                         "+    lifetime 60;\n"
	                         "+    minimum-length 9;\n");
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_range_ends),
	    cmocka_unit_test(test_value_errors),
	    cmocka_unit_test(test_retry_defaults),
	    cmocka_unit_test(test_retry_lock),
	    cmocka_unit_test(test_ssr),
	    cmocka_unit_test(test_two_dialects),
	    cmocka_unit_test(test_fail_delay),
	    cmocka_unit_test(test_written_in_dialect),
	    cmocka_unit_test(test_compare_headers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
