/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_policy.c - the policy object: each profile's default for every
 * statement, the range of every statement at its ends, the effective
 * minimum length, and the commit check's errors with their exact text.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "config.h"
#include "pwpol.h"

static pwpol_policy *policy(const char *profile)
{
	pwpol_policy *p = NULL;
	assert_int_equal(pwpol_policy_new(&p, profile), PWPOL_OK);
	return p;
}

/* The defaults of pwpol.conf(5), in the order of enum pwpol_opt. */
#define PROFILES 6
static const long defaults[PROFILES][PWPOL_OPT_COUNT] = {
    /*  minlen maxlen upper lower num punct type changes repeats user chars reuse minlife
        maxlife warningdays failures locktime format blocklist, retry-options (none),
        interval, root-lockout, root-lock-time;
        classrepeats after repeats */
    {9, 0, 1, 1, 1, 1, 0, 0, 3, 0, 1, 8, 5, 1, 60, 7, 6, 1800, PWPOL_FORMAT_SHA512,
     0, 0, 0, 0, 0, 0, 0, 0, 0},
    {6, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 7, 0, 1800, PWPOL_FORMAT_SHA512,
     0, 0, 0, 0, 0, 0, 0, 0, 0},
    {10, 20, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 7, 0, 1800, PWPOL_FORMAT_SHA512,
     0,  0,  0, 0, 0, 0, 0, 0, 0},
    /* nist-800-63b: 15, no composition, username-check, 100 failures, the
     * blocklist the build made (if it made one) */
    {15,
     0,
     0,
     0,
     0,
     0,
     0,
     0,
     0,
     0,
     1,
     0,
     0,
     0,
     0,
     7,
     100,
     1800,
     PWPOL_FORMAT_SHA512,
     sizeof PWPOL_COMMON_BLOCKLIST > 1,
     0,
     0,
     0,
     0,
     0,
     0,
     1,
     0},
    /* stig-rhel9 */
    {15, 0, 1, 1, 1, 1, 0,   4, 3, 4, 0, 8, 5, 1, 60, 7, 3, 0, PWPOL_FORMAT_SHA512,
     0,  0, 0, 0, 0, 0, 900, 1, 0},
    /* stig-srx-ndm */
    {15, 0, 1, 1, 1, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 7, 0, 1800, PWPOL_FORMAT_SHA512,
     0,  0, 0, 0, 0, 0, 0, 0, 0},
};
static const char *const profiles[PROFILES] = {"ssr",          "junos",      "junos-fips",
                                               "nist-800-63b", "stig-rhel9", "stig-srx-ndm"};

static void test_profile_defaults(void **state)
{
	(void)state;
	for (int k = 0; k < PROFILES; k++) {
		pwpol_policy *p = policy(profiles[k]);
		assert_string_equal(pwpol_policy_profile(p), profiles[k]);
		for (int i = 0; i < PWPOL_OPT_COUNT; i++) {
			if (pwpol_policy_get(p, (enum pwpol_opt)i) != defaults[k][i])
				fail_msg("%s %s: %ld, want %ld", profiles[k],
				         pwpol_opt_name((enum pwpol_opt)i),
				         pwpol_policy_get(p, (enum pwpol_opt)i), defaults[k][i]);
			assert_null(pwpol_policy_source(p, (enum pwpol_opt)i));
		}
		/* nist-800-63b requires a blocklist file, which no default can name. */
		assert_int_equal(pwpol_policy_commit_check(p, NULL),
		                 strcmp(profiles[k], "nist-800-63b") ? PWPOL_OK : PWPOL_EINVAL);
		pwpol_policy_free(p);
	}
	pwpol_policy *p = policy(NULL);
	assert_string_equal(pwpol_policy_profile(p), "ssr");
	assert_int_equal(pwpol_policy_get(p, PWPOL_OPT_MINIMUM_LENGTH), 9);
	/* reset brings back another profile's defaults. */
	assert_int_equal(pwpol_policy_set(p, PWPOL_OPT_MINIMUM_LENGTH, 20), PWPOL_OK);
	assert_int_equal(pwpol_policy_reset(p, "junos-fips"), PWPOL_OK);
	assert_string_equal(pwpol_policy_profile(p), "junos-fips");
	assert_int_equal(pwpol_policy_get(p, PWPOL_OPT_MINIMUM_LENGTH), 10);
	assert_int_equal(pwpol_policy_reset(p, "junos-evo"), PWPOL_EINVAL);
	assert_string_equal(pwpol_policy_profile(p), "junos-fips");
	pwpol_policy_free(p);

	pwpol_policy *bad = (pwpol_policy *)1;
	assert_int_equal(pwpol_policy_new(&bad, "fips"), PWPOL_EINVAL);
	assert_null(bad);
	pwpol_policy_free(NULL);
}

struct range {
	enum pwpol_opt opt;
	long min, max;
	int optional;
};

static const struct range ranges[] = {
    {PWPOL_OPT_MINIMUM_LENGTH, 6, 20, 0},
    {PWPOL_OPT_MAXIMUM_LENGTH, 20, 128, 1},
    {PWPOL_OPT_MINIMUM_UPPER_CASES, 1, 128, 1},
    {PWPOL_OPT_MINIMUM_LOWER_CASES, 1, 128, 1},
    {PWPOL_OPT_MINIMUM_NUMERICS, 1, 128, 1},
    {PWPOL_OPT_MINIMUM_PUNCTUATIONS, 1, 128, 1},
    {PWPOL_OPT_CHANGE_TYPE, 0, 1, 0},
    {PWPOL_OPT_MINIMUM_CHANGES, 1, 128, 1},
    {PWPOL_OPT_MAXIMUM_REPEATS, 1, 128, 1},
    {PWPOL_OPT_MAXIMUM_CLASS_REPEATS, 1, 128, 1},
    {PWPOL_OPT_USERNAME_CHECK, 0, 1, 0},
    {PWPOL_OPT_MINIMUM_CHARACTER_CHANGES, 4, 15, 1},
    {PWPOL_OPT_MINIMUM_REUSE, 1, 20, 1},
    {PWPOL_OPT_MINIMUM_LIFETIME, 1, 30, 1},
    {PWPOL_OPT_MAXIMUM_LIFETIME, 30, 365, 1},
    {PWPOL_OPT_WARNING_DAYS, 1, 30, 1},
    {PWPOL_OPT_MAXIMUM_FAILED_ATTEMPTS, 1, 100, 1},
    {PWPOL_OPT_LOCK_TIME, 0, 2592000, 0},
    {PWPOL_OPT_FORMAT, 0, PWPOL_FORMAT_BCRYPT, 0},
    {PWPOL_OPT_BLOCKLIST, 1, 1, 1},
    {PWPOL_OPT_TRIES_BEFORE_DISCONNECT, 1, 10, 1},
    {PWPOL_OPT_BACKOFF_THRESHOLD, 1, 3, 1},
    {PWPOL_OPT_BACKOFF_FACTOR, 5, 10, 1},
    {PWPOL_OPT_MINIMUM_TIME, 20, 60, 1},
    {PWPOL_OPT_MAXIMUM_TIME, 20, 300, 1},
    {PWPOL_OPT_FAILURE_INTERVAL, 1, 86400, 1},
    {PWPOL_OPT_ROOT_LOCKOUT, 0, 1, 0},
    {PWPOL_OPT_ROOT_LOCK_TIME, 1, 2592000, 1},
    {PWPOL_OPT_MINIMUM_SCORE, 1, 4, 1},
};

/* set() at one below, at and one above each end; a refused value leaves
 * the statement as it was. junos narrows nothing: the statements' own
 * ranges. */
static void test_set_ranges(void **state)
{
	(void)state;
	assert_int_equal(sizeof ranges / sizeof ranges[0], PWPOL_OPT_COUNT);
	pwpol_policy *p = policy("junos");
	for (size_t i = 0; i < sizeof ranges / sizeof ranges[0]; i++) {
		const struct range *r = &ranges[i];
		if (pwpol_opt_is_string(r->opt)) { /* a path: pwpol_policy_set takes only 0 */
			assert_int_equal(pwpol_policy_set(p, r->opt, 1), PWPOL_EINVAL);
			assert_int_equal(pwpol_policy_set(p, r->opt, 0), PWPOL_OK);
			continue;
		}
		long lo, hi;
		pwpol_opt_range(r->opt, &lo, &hi);
		assert_int_equal(lo, r->min);
		assert_int_equal(hi, r->max);
		assert_int_equal(pwpol_opt_optional(r->opt), r->optional);

		long before = pwpol_policy_get(p, r->opt);
		int below_ok = r->optional && r->min - 1 == 0;
		assert_int_equal(pwpol_policy_set(p, r->opt, r->min - 1),
		                 below_ok ? PWPOL_OK : PWPOL_EINVAL);
		if (!below_ok)
			assert_int_equal(pwpol_policy_get(p, r->opt), before);
		assert_int_equal(pwpol_policy_set(p, r->opt, r->min), PWPOL_OK);
		assert_int_equal(pwpol_policy_get(p, r->opt), r->min);
		assert_int_equal(pwpol_policy_set(p, r->opt, r->min + 1), PWPOL_OK);
		assert_int_equal(pwpol_policy_set(p, r->opt, r->max - 1), PWPOL_OK);
		assert_int_equal(pwpol_policy_set(p, r->opt, r->max), PWPOL_OK);
		assert_int_equal(pwpol_policy_set(p, r->opt, r->max + 1), PWPOL_EINVAL);
		assert_int_equal(pwpol_policy_get(p, r->opt), r->max);
		assert_int_equal(pwpol_policy_set(p, r->opt, 0),
		                 r->optional || r->min == 0 ? PWPOL_OK : PWPOL_EINVAL);
		assert_int_equal(pwpol_policy_set(p, r->opt, -1), PWPOL_EINVAL);
	}
	assert_int_equal(pwpol_policy_set(p, PWPOL_OPT_COUNT, 1), PWPOL_EINVAL);
	assert_int_equal(pwpol_policy_set(NULL, PWPOL_OPT_MINIMUM_LENGTH, 9), PWPOL_EINVAL);
	pwpol_policy_free(p);
}

/* A profile may narrow a range: ssr's minimum-length is 9..20 (it can be
 * raised, never lowered); the other profiles and statements keep theirs. */
static void test_profile_ranges(void **state)
{
	(void)state;
	long lo = 0, hi = 0;
	assert_int_equal(pwpol_opt_range_in(PWPOL_OPT_MINIMUM_LENGTH, "ssr", &lo, &hi), PWPOL_OK);
	assert_int_equal(lo, 9);
	assert_int_equal(hi, 20);
	assert_int_equal(pwpol_opt_range_in(PWPOL_OPT_MINIMUM_LENGTH, NULL, &lo, &hi), PWPOL_OK);
	assert_int_equal(lo, 9);
	for (int k = 1; k < PROFILES; k++) {
		assert_int_equal(
		    pwpol_opt_range_in(PWPOL_OPT_MINIMUM_LENGTH, profiles[k], &lo, &hi), PWPOL_OK);
		assert_int_equal(lo, 6);
		assert_int_equal(hi, 20);
	}
	for (size_t i = 0; i < sizeof ranges / sizeof ranges[0]; i++) {
		if (ranges[i].opt == PWPOL_OPT_MINIMUM_LENGTH)
			continue;
		for (int k = 0; k < PROFILES; k++) {
			assert_int_equal(pwpol_opt_range_in(ranges[i].opt, profiles[k], &lo, &hi),
			                 PWPOL_OK);
			assert_int_equal(lo, ranges[i].min);
			assert_int_equal(hi, ranges[i].max);
		}
	}
	assert_int_equal(pwpol_opt_range_in(PWPOL_OPT_MINIMUM_LENGTH, "fips", &lo, &hi),
	                 PWPOL_EINVAL);
	assert_int_equal(pwpol_opt_range_in(PWPOL_OPT_COUNT, "ssr", &lo, &hi), PWPOL_EINVAL);

	/* set() at 8, 9, 20 and 21 under ssr; 6 and 8 are fine under junos. */
	pwpol_policy *p = policy("ssr");
	assert_int_equal(pwpol_policy_set(p, PWPOL_OPT_MINIMUM_LENGTH, 12), PWPOL_OK);
	assert_int_equal(pwpol_policy_set(p, PWPOL_OPT_MINIMUM_LENGTH, 8), PWPOL_EINVAL);
	assert_int_equal(pwpol_policy_get(p, PWPOL_OPT_MINIMUM_LENGTH), 12);
	assert_int_equal(pwpol_policy_set(p, PWPOL_OPT_MINIMUM_LENGTH, 6), PWPOL_EINVAL);
	assert_int_equal(pwpol_policy_set(p, PWPOL_OPT_MINIMUM_LENGTH, 9), PWPOL_OK);
	assert_int_equal(pwpol_policy_get(p, PWPOL_OPT_MINIMUM_LENGTH), 9);
	assert_int_equal(pwpol_policy_set(p, PWPOL_OPT_MINIMUM_LENGTH, 20), PWPOL_OK);
	assert_int_equal(pwpol_policy_set(p, PWPOL_OPT_MINIMUM_LENGTH, 21), PWPOL_EINVAL);
	assert_int_equal(pwpol_policy_get(p, PWPOL_OPT_MINIMUM_LENGTH), 20);
	pwpol_policy_free(p);
	p = policy("junos");
	assert_int_equal(pwpol_policy_set(p, PWPOL_OPT_MINIMUM_LENGTH, 8), PWPOL_OK);
	assert_int_equal(pwpol_policy_set(p, PWPOL_OPT_MINIMUM_LENGTH, 6), PWPOL_OK);
	pwpol_policy_free(p);
}

static void test_names(void **state)
{
	(void)state;
	for (int i = 0; i < PWPOL_OPT_COUNT; i++) {
		enum pwpol_opt o;
		assert_int_equal(pwpol_opt_by_name(pwpol_opt_name((enum pwpol_opt)i), &o),
		                 PWPOL_OK);
		assert_int_equal(o, i);
	}
	enum pwpol_opt o;
	assert_string_equal(pwpol_opt_name(PWPOL_OPT_MINIMUM_CHARACTER_CHANGES),
	                    "minimum-character-changes");
	assert_int_equal(pwpol_opt_by_name("minimum-lenght", &o), PWPOL_EINVAL);
	assert_int_equal(pwpol_opt_by_name(NULL, &o), PWPOL_EINVAL);

	enum pwpol_change_type t;
	assert_int_equal(pwpol_change_type_by_name("set-transitions", &t), PWPOL_OK);
	assert_int_equal(t, PWPOL_CHANGE_TYPE_SET_TRANSITIONS);
	assert_int_equal(pwpol_change_type_by_name("sets", &t), PWPOL_EINVAL);
	enum pwpol_format f;
	assert_int_equal(pwpol_format_by_name("yescrypt", &f), PWPOL_OK);
	assert_int_equal(f, PWPOL_FORMAT_YESCRYPT);
	/* Recognised formats that are never made cannot be chosen. */
	assert_int_equal(pwpol_format_by_name("md5", &f), PWPOL_EINVAL);
	assert_string_equal(pwpol_format_name(PWPOL_FORMAT_MD5), "md5");
}

static void test_effective_minimum_length(void **state)
{
	(void)state;
	pwpol_policy *p = policy("junos");
	assert_int_equal(pwpol_policy_effective_minimum_length(p), 6);
	assert_int_equal(pwpol_policy_set(p, PWPOL_OPT_MINIMUM_UPPER_CASES, 5), PWPOL_OK);
	assert_int_equal(pwpol_policy_effective_minimum_length(p), 6);
	assert_int_equal(pwpol_policy_set(p, PWPOL_OPT_MINIMUM_NUMERICS, 1), PWPOL_OK);
	assert_int_equal(pwpol_policy_effective_minimum_length(p), 6);
	assert_int_equal(pwpol_policy_set(p, PWPOL_OPT_MINIMUM_PUNCTUATIONS, 1), PWPOL_OK);
	assert_int_equal(pwpol_policy_effective_minimum_length(p), 7);
	pwpol_policy_free(p);
}

/* Commit-checks p and expects exactly these sentences. */
static void assert_commit_errors(const pwpol_policy *p, const char *const *want, size_t n)
{
	pwpol_config_errors *errs = NULL;
	assert_int_equal(pwpol_policy_commit_check(p, &errs), n ? PWPOL_EINVAL : PWPOL_OK);
	assert_int_equal(pwpol_config_errors_count(errs), n);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(pwpol_config_errors_get(errs, i), want[i]);
	pwpol_config_errors_free(errs);
}

static void test_commit_effective_length(void **state)
{
	(void)state;
	pwpol_policy *p = policy("junos-fips");
	assert_int_equal(pwpol_policy_set(p, PWPOL_OPT_MINIMUM_UPPER_CASES, 10), PWPOL_OK);
	assert_int_equal(pwpol_policy_set(p, PWPOL_OPT_MINIMUM_LOWER_CASES, 10), PWPOL_OK);
	assert_commit_errors(p, NULL, 0); /* 20 = maximum-length: possible */
	assert_int_equal(pwpol_policy_set(p, PWPOL_OPT_MINIMUM_LOWER_CASES, 11), PWPOL_OK);
	static const char *const want[] = {
	    "maximum-length: 20 is below the effective minimum length 21 (minimum-length or the "
	    "sum of the class minimums)"};
	assert_commit_errors(p, want, 1);
	/* With the statement's source, the message names its line. */
	pwpol_policy_set_source(p, PWPOL_OPT_MAXIMUM_LENGTH, "pwpol.conf:7");
	static const char *const sourced[] = {
	    "pwpol.conf:7: maximum-length: 20 is below the effective minimum length 21 "
	    "(minimum-length or the sum of the class minimums)"};
	assert_commit_errors(p, sourced, 1);
	/* No maximum, no conflict. */
	assert_int_equal(pwpol_policy_set(p, PWPOL_OPT_MAXIMUM_LENGTH, 0), PWPOL_OK);
	assert_commit_errors(p, NULL, 0);
	pwpol_policy_free(p);
}

static void test_commit_lifetimes(void **state)
{
	(void)state;
	pwpol_policy *p = policy("ssr");
	assert_int_equal(pwpol_policy_set(p, PWPOL_OPT_MINIMUM_REUSE, 0), PWPOL_OK);
	/* maximum-lifetime needs minimum-reuse too: in the commit check, so
	 * that check, commit and a file read through --config agree. */
	static const char *const no_reuse[] = {
	    "minimum-lifetime: requires minimum-reuse to be configured",
	    "maximum-lifetime: requires minimum-reuse to be configured"};
	assert_commit_errors(p, no_reuse, 2);
	assert_int_equal(pwpol_policy_set(p, PWPOL_OPT_MINIMUM_LIFETIME, 0), PWPOL_OK);
	assert_int_equal(pwpol_policy_set(p, PWPOL_OPT_MAXIMUM_LIFETIME, 0), PWPOL_OK);
	assert_commit_errors(p, NULL, 0);
	pwpol_policy_free(p);

	p = policy("ssr");
	assert_int_equal(pwpol_policy_set(p, PWPOL_OPT_MAXIMUM_LIFETIME, 30), PWPOL_OK);
	assert_int_equal(pwpol_policy_set(p, PWPOL_OPT_MINIMUM_LIFETIME, 29), PWPOL_OK);
	assert_commit_errors(p, NULL, 0);
	assert_int_equal(pwpol_policy_set(p, PWPOL_OPT_MINIMUM_LIFETIME, 30), PWPOL_OK);
	static const char *const equal[] = {
	    "minimum-lifetime: 30 days must be below maximum-lifetime (30 days)"};
	assert_commit_errors(p, equal, 1);
	/* All three errors at once, each naming its line. */
	assert_int_equal(pwpol_policy_set(p, PWPOL_OPT_MINIMUM_REUSE, 0), PWPOL_OK);
	pwpol_policy_set_source(p, PWPOL_OPT_MINIMUM_LIFETIME, "/etc/pwpol.conf:3");
	pwpol_policy_set_source(p, PWPOL_OPT_MAXIMUM_LIFETIME, "/etc/pwpol.conf:4");
	static const char *const all[] = {
	    "/etc/pwpol.conf:3: minimum-lifetime: requires minimum-reuse to be configured",
	    "/etc/pwpol.conf:3: minimum-lifetime: 30 days must be below maximum-lifetime (30 "
	    "days)",
	    "/etc/pwpol.conf:4: maximum-lifetime: requires minimum-reuse to be configured"};
	assert_commit_errors(p, all, 3);
	pwpol_policy_free(p);
}

/* A value that set() would refuse (a reader writing the struct) is caught. */
static void test_commit_range(void **state)
{
	(void)state;
	pwpol_policy *p = policy("junos");
	p->v[PWPOL_OPT_MINIMUM_LENGTH] = 5;
	static const char *const want[] = {"minimum-length: value 5 is out of range (6..20)"};
	assert_commit_errors(p, want, 1);
	p->v[PWPOL_OPT_MINIMUM_LENGTH] = 6;
	assert_commit_errors(p, NULL, 0);
	pwpol_policy_free(p);
	/* The commit check holds a policy to its profile's range. */
	p = policy("ssr");
	static const char *const narrow[] = {
	    "minimum-length: value 8 is out of range (9..20 in profile ssr)"};
	p->v[PWPOL_OPT_MINIMUM_LENGTH] = 8;
	assert_commit_errors(p, narrow, 1);
	p->v[PWPOL_OPT_MINIMUM_LENGTH] = 9;
	assert_commit_errors(p, NULL, 0);
	p->v[PWPOL_OPT_MINIMUM_LENGTH] = 20;
	assert_commit_errors(p, NULL, 0);
	p->v[PWPOL_OPT_MINIMUM_LENGTH] = 21;
	static const char *const above[] = {
	    "minimum-length: value 21 is out of range (9..20 in profile ssr)"};
	assert_commit_errors(p, above, 1);
	pwpol_policy_free(p);
}

/* Each figure a standard's profile holds at commit, at its boundary: the
 * value that meets it passes, the one beyond fails with one sentence that
 * names the statement, the profile and the requirement's identifier. */
struct figure {
	const char *profile;
	enum pwpol_opt opt;
	long meets, misses;
	const char *id;
};

static const struct figure figures[] = {
    {"stig-rhel9", PWPOL_OPT_MINIMUM_LENGTH, 15, 14, "RHEL-09-611090"},
    {"stig-rhel9", PWPOL_OPT_MINIMUM_UPPER_CASES, 1, 0, "RHEL-09-611110"},
    {"stig-rhel9", PWPOL_OPT_MINIMUM_LOWER_CASES, 1, 0, "RHEL-09-611065"},
    {"stig-rhel9", PWPOL_OPT_MINIMUM_NUMERICS, 1, 0, "RHEL-09-611070"},
    {"stig-rhel9", PWPOL_OPT_MINIMUM_PUNCTUATIONS, 1, 0, "RHEL-09-611100"},
    {"stig-rhel9", PWPOL_OPT_CHANGE_TYPE, PWPOL_CHANGE_TYPE_CHARACTER_SETS,
     PWPOL_CHANGE_TYPE_SET_TRANSITIONS, "RHEL-09-611130"},
    {"stig-rhel9", PWPOL_OPT_MINIMUM_CHANGES, 4, 3, "RHEL-09-611130"},
    {"stig-rhel9", PWPOL_OPT_MINIMUM_CHARACTER_CHANGES, 8, 7, "RHEL-09-611115"},
    {"stig-rhel9", PWPOL_OPT_MAXIMUM_REPEATS, 3, 4, "RHEL-09-611125"},
    {"stig-rhel9", PWPOL_OPT_MAXIMUM_REPEATS, 1, 0, "RHEL-09-611125"},
    {"stig-rhel9", PWPOL_OPT_MAXIMUM_CLASS_REPEATS, 4, 5, "RHEL-09-611120"},
    {"stig-rhel9", PWPOL_OPT_MAXIMUM_CLASS_REPEATS, 1, 0, "RHEL-09-611120"},
    {"stig-rhel9", PWPOL_OPT_MINIMUM_REUSE, 5, 4, "RHEL-09-611015, RHEL-09-611020"},
    {"stig-rhel9", PWPOL_OPT_MAXIMUM_LIFETIME, 60, 61, "RHEL-09-411010"},
    {"stig-rhel9", PWPOL_OPT_MAXIMUM_FAILED_ATTEMPTS, 3, 4, "RHEL-09-411075"},
    {"stig-rhel9", PWPOL_OPT_MAXIMUM_FAILED_ATTEMPTS, 1, 0, "RHEL-09-411075"},
    {"stig-rhel9", PWPOL_OPT_FAILURE_INTERVAL, 900, 899, "RHEL-09-411085"},
    {"stig-rhel9", PWPOL_OPT_FAILURE_INTERVAL, 900, 901, "RHEL-09-411085"},
    {"stig-rhel9", PWPOL_OPT_LOCK_TIME, 0, 1, "RHEL-09-411090"},
    {"stig-srx-ndm", PWPOL_OPT_MINIMUM_LENGTH, 15, 14, "JUSX-DM-000128"},
    {"stig-srx-ndm", PWPOL_OPT_CHANGE_TYPE, PWPOL_CHANGE_TYPE_CHARACTER_SETS,
     PWPOL_CHANGE_TYPE_SET_TRANSITIONS, "JUSX-DM-000129"},
    {"stig-srx-ndm", PWPOL_OPT_MINIMUM_UPPER_CASES, 1, 0, "JUSX-DM-000130"},
    {"stig-srx-ndm", PWPOL_OPT_MINIMUM_LOWER_CASES, 1, 0, "JUSX-DM-000131"},
    {"stig-srx-ndm", PWPOL_OPT_MINIMUM_NUMERICS, 1, 0, "JUSX-DM-000132"},
    {"stig-srx-ndm", PWPOL_OPT_MINIMUM_PUNCTUATIONS, 1, 0, "JUSX-DM-000133"},
    {"stig-srx-ndm", PWPOL_OPT_FORMAT, PWPOL_FORMAT_SHA256, PWPOL_FORMAT_SHA1, "JUSX-DM-000136"},
    {"stig-srx-ndm", PWPOL_OPT_FORMAT, PWPOL_FORMAT_SHA512, PWPOL_FORMAT_YESCRYPT,
     "JUSX-DM-000136"},
    {"nist-800-63b", PWPOL_OPT_MINIMUM_LENGTH, 15, 14, "SP 800-63B-4 3.1.1.2"},
    {"nist-800-63b", PWPOL_OPT_MAXIMUM_LENGTH, 64, 63, "SP 800-63B-4 3.1.1.2"},
    {"nist-800-63b", PWPOL_OPT_MAXIMUM_LENGTH, 0, 20, "SP 800-63B-4 3.1.1.2"},
    {"nist-800-63b", PWPOL_OPT_MINIMUM_UPPER_CASES, 0, 1, "SP 800-63B-4 3.1.1.2"},
    {"nist-800-63b", PWPOL_OPT_MINIMUM_LOWER_CASES, 0, 1, "SP 800-63B-4 3.1.1.2"},
    {"nist-800-63b", PWPOL_OPT_MINIMUM_NUMERICS, 0, 1, "SP 800-63B-4 3.1.1.2"},
    {"nist-800-63b", PWPOL_OPT_MINIMUM_PUNCTUATIONS, 0, 1, "SP 800-63B-4 3.1.1.2"},
    {"nist-800-63b", PWPOL_OPT_MINIMUM_CHANGES, 1, 2, "SP 800-63B-4 3.1.1.2"},
    {"nist-800-63b", PWPOL_OPT_MAXIMUM_REPEATS, 0, 1, "SP 800-63B-4 3.1.1.2"},
    {"nist-800-63b", PWPOL_OPT_MAXIMUM_CLASS_REPEATS, 0, 1, "SP 800-63B-4 3.1.1.2"},
    {"nist-800-63b", PWPOL_OPT_MAXIMUM_LIFETIME, 0, 365, "SP 800-63B-4 3.1.1.2"},
    {"nist-800-63b", PWPOL_OPT_MAXIMUM_FAILED_ATTEMPTS, 100, 0, "SP 800-63B-4 3.2.2"},
    {"nist-800-63b", PWPOL_OPT_MAXIMUM_FAILED_ATTEMPTS, 1, 0, "SP 800-63B-4 3.2.2"},
};

/* The errors of p's commit check that name `opt`, into *found; the count
 * of all of them. */
static size_t commit_errors(const pwpol_policy *p, enum pwpol_opt opt, const char **found,
                            pwpol_config_errors **errs)
{
	*errs = NULL;
	*found = NULL;
	pwpol_policy_commit_check(p, errs);
	char head[64];
	snprintf(head, sizeof head, "%s: profile ", pwpol_opt_name(opt));
	for (size_t i = 0; i < pwpol_config_errors_count(*errs); i++)
		if (strncmp(pwpol_config_errors_get(*errs, i), head, strlen(head)) == 0)
			*found = pwpol_config_errors_get(*errs, i);
	return pwpol_config_errors_count(*errs);
}

static void test_standard_figures(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof figures / sizeof figures[0]; i++) {
		const struct figure *f = &figures[i];
		/* nist-800-63b's own blocklist error is always there: no file. */
		size_t base = strcmp(f->profile, "nist-800-63b") == 0;
		pwpol_policy *p = policy(f->profile);
		pwpol_config_errors *e;
		/* maximum-lifetime is committed only with minimum-reuse. */
		if (f->opt == PWPOL_OPT_MAXIMUM_LIFETIME)
			assert_int_equal(pwpol_policy_set(p, PWPOL_OPT_MINIMUM_REUSE, 5), PWPOL_OK);
		const char *msg;
		assert_int_equal(pwpol_policy_set(p, f->opt, f->meets), PWPOL_OK);
		if (commit_errors(p, f->opt, &msg, &e) != base || msg)
			fail_msg("%s %s %ld: should meet (%s)", f->profile, pwpol_opt_name(f->opt),
			         f->meets, msg ? msg : "other errors");
		pwpol_config_errors_free(e);
		assert_int_equal(pwpol_policy_set(p, f->opt, f->misses), PWPOL_OK);
		if (commit_errors(p, f->opt, &msg, &e) != base + 1 || !msg)
			fail_msg("%s %s %ld: should miss", f->profile, pwpol_opt_name(f->opt),
			         f->misses);
		char want[128];
		snprintf(want, sizeof want, "%s: profile %s requires ", pwpol_opt_name(f->opt),
		         f->profile);
		assert_memory_equal(msg, want, strlen(want));
		snprintf(want, sizeof want, "(%s); the policy has ", f->id);
		if (!strstr(msg, want))
			fail_msg("%s: lacks '%s'", msg, want);
		pwpol_config_errors_free(e);
		pwpol_policy_free(p);
	}
	/* The whole sentence, once. */
	pwpol_policy *p = policy("stig-rhel9");
	assert_int_equal(pwpol_policy_set(p, PWPOL_OPT_LOCK_TIME, 60), PWPOL_OK);
	const char *want[] = {
	    "lock-time: profile stig-rhel9 requires locked until an administrator "
	    "unlocks (unlock_time 0) (RHEL-09-411090); the policy has lock-time 60"};
	assert_commit_errors(p, want, 1);
	pwpol_policy_free(p);
	p = policy("nist-800-63b");
	assert_int_equal(pwpol_policy_set_string(p, PWPOL_OPT_BLOCKLIST, NULL), PWPOL_OK);
	const char *nist[] = {"blocklist: profile nist-800-63b requires new passwords compared "
	                      "against a blocklist of common, expected or compromised values (SP "
	                      "800-63B-4 3.1.1.2); the policy has no-blocklist"};
	assert_commit_errors(p, nist, 1);
	pwpol_policy_free(p);
	/* Every requirement of each standard has a row above. */
	const char *std[] = {"nist-800-63b", "stig-rhel9", "stig-srx-ndm"};
	unsigned want_n[] = {12, 16, 7};
	for (int k = 0; k < 3; k++) {
		unsigned unmet = 99;
		p = policy("junos");
		assert_int_equal(pwpol_compliance_check(p, std[k], NULL, NULL, &unmet), PWPOL_OK);
		assert_true(unmet > 0 && unmet <= want_n[k]);
		pwpol_policy_free(p);
	}
	p = policy("junos");
	assert_int_equal(pwpol_compliance_check(p, "junos", NULL, NULL, NULL), PWPOL_EINVAL);
	assert_int_equal(pwpol_compliance_check(NULL, "stig-rhel9", NULL, NULL, NULL),
	                 PWPOL_EINVAL);
	pwpol_policy_free(p);
}

static void test_copy(void **state)
{
	(void)state;
	pwpol_policy *p = policy("junos"), *c = NULL;
	assert_int_equal(pwpol_policy_set(p, PWPOL_OPT_MAXIMUM_REPEATS, 2), PWPOL_OK);
	pwpol_policy_set_source(p, PWPOL_OPT_MAXIMUM_REPEATS, "x.conf:1");
	assert_int_equal(pwpol_policy_copy(&c, p), PWPOL_OK);
	pwpol_policy_free(p);
	assert_string_equal(pwpol_policy_profile(c), "junos");
	assert_int_equal(pwpol_policy_get(c, PWPOL_OPT_MAXIMUM_REPEATS), 2);
	assert_string_equal(pwpol_policy_source(c, PWPOL_OPT_MAXIMUM_REPEATS), "x.conf:1");
	pwpol_policy_free(c);
}

/* warning-days decides the expiry warning every face gives (PAM at login):
 * within the figure, rounded up to whole days; never past expiry, never
 * without an expiry, never with warning-days off. */
static void test_expiry_warning(void **state)
{
	(void)state;
	pwpol_policy *p = policy("ssr");
	const time_t now = 1700000000, day = 86400;
	long days = -1;
	assert_int_equal(pwpol_policy_get(p, PWPOL_OPT_WARNING_DAYS), 7);
	assert_int_equal(pwpol_expiry_warning(p, now + 7 * day, now, &days), 1);
	assert_int_equal(days, 7);
	assert_int_equal(pwpol_expiry_warning(p, now + 6 * day + 1, now, &days), 1);
	assert_int_equal(days, 7);
	assert_int_equal(pwpol_expiry_warning(p, now + 7 * day + 1, now, &days), 0);
	assert_int_equal(pwpol_expiry_warning(p, 0, now, &days), 0);
	assert_int_equal(pwpol_expiry_warning(p, now - 1, now, &days), 0);
	assert_int_equal(pwpol_policy_set(p, PWPOL_OPT_WARNING_DAYS, 30), PWPOL_OK);
	assert_int_equal(pwpol_expiry_warning(p, now + 30 * day, now, &days), 1);
	assert_int_equal(days, 30);
	assert_int_equal(pwpol_policy_set(p, PWPOL_OPT_WARNING_DAYS, 0), PWPOL_OK);
	assert_int_equal(pwpol_expiry_warning(p, now + day, now, &days), 0);
	assert_int_equal(pwpol_expiry_warning(NULL, now + day, now, &days), 0);
	pwpol_policy_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_expiry_warning),
	    cmocka_unit_test(test_profile_defaults),
	    cmocka_unit_test(test_set_ranges),
	    cmocka_unit_test(test_profile_ranges),
	    cmocka_unit_test(test_names),
	    cmocka_unit_test(test_effective_minimum_length),
	    cmocka_unit_test(test_commit_effective_length),
	    cmocka_unit_test(test_commit_lifetimes),
	    cmocka_unit_test(test_commit_range),
	    cmocka_unit_test(test_copy),
	    cmocka_unit_test(test_standard_figures),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
