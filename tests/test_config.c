/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_config.c - the configuration reader and writer: every statement in
 * both syntaxes with its source line, profiles, what is passed over, the
 * round trip show -> read, every error with its exact text, and thousands
 * of mangled inputs that must each end in a policy or a clean error.
 */
#include <fcntl.h>
#include <pwd.h>
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
	/* Only the note of what was passed over (test_the_rest_is_passed_over). */
	for (size_t i = 0; i < pwpol_config_errors_count(e); i++)
		if (!pwpol_config_errors_is_warning(e, i) ||
		    !strstr(pwpol_config_errors_get(e, i), ": passed over, not read by pwpol: "))
			fail_msg("unexpected: %s\n--\n%s", pwpol_config_errors_get(e, i), text);
	pwpol_config_errors_free(e);
	assert_non_null(p);
	return p;
}

/* The entries of e must be exactly want[] (NULL-ended), in order, each a
 * warning where its text starts with "w:" and an error otherwise. */
static void same_entries(const char *text, const pwpol_config_errors *e, const char *const *want)
{
	size_t n = 0;
	while (want[n])
		n++;
	for (size_t i = 0; i < pwpol_config_errors_count(e) || i < n; i++) {
		const char *got = pwpol_config_errors_get(e, i);
		int warn = i < n && strncmp(want[i], "w:", 2) == 0;
		const char *w = i < n ? want[i] + (warn ? 2 : 0) : NULL;
		if (!got || !w || strcmp(got, w) != 0 ||
		    pwpol_config_errors_is_warning(e, i) != warn)
			fail_msg("entry %zu of:\n%s\n got: %s%s\nwant: %s", i, text,
			         pwpol_config_errors_is_warning(e, i) ? "w:" : "",
			         got ? got : "(none)", i < n ? want[i] : "(none)");
	}
}

/* The text must be accepted, with exactly these warnings. */
static pwpol_policy *parse_warns(const char *text, const char *const *want)
{
	pwpol_policy *p = NULL;
	pwpol_config_errors *e = NULL;
	enum pwpol_status st = pwpol_config_parse(text, strlen(text), "t.conf", &p, &e);
	if (st != PWPOL_OK)
		fail_msg("refused (%d): %s\n--\n%s", st,
		         pwpol_config_errors_count(e) ? pwpol_config_errors_get(e, 0)
		                                      : "(no error)",
		         text);
	assert_non_null(p);
	same_entries(text, e, want);
	pwpol_config_errors_free(e);
	return p;
}

/* The text must be refused with exactly these errors, in order. */
static void parse_fails(const char *text, const char *const *want)
{
	pwpol_policy *p = (pwpol_policy *)1;
	pwpol_config_errors *e = NULL;
	assert_int_equal(pwpol_config_parse(text, strlen(text), "t.conf", &p, &e), PWPOL_EINVAL);
	assert_null(p);
	same_entries(text, e, want);
	pwpol_config_errors_free(e);
}

/* A value other than the ssr default for every statement, as written. */
static const struct {
	enum pwpol_opt opt;
	const char *text; /* statement without ';' */
	long value;
} every[] = {
    {PWPOL_OPT_MINIMUM_LENGTH, "minimum-length 12", 12},
    {PWPOL_OPT_MAXIMUM_LENGTH, "maximum-length 64", 64},
    {PWPOL_OPT_MINIMUM_UPPER_CASES, "minimum-upper-cases 2", 2},
    {PWPOL_OPT_MINIMUM_LOWER_CASES, "minimum-lower-cases 3", 3},
    {PWPOL_OPT_MINIMUM_NUMERICS, "minimum-numerics 2", 2},
    {PWPOL_OPT_MINIMUM_PUNCTUATIONS, "no-minimum-punctuations", 0},
    {PWPOL_OPT_CHANGE_TYPE, "change-type set-transitions", PWPOL_CHANGE_TYPE_SET_TRANSITIONS},
    {PWPOL_OPT_MINIMUM_CHANGES, "minimum-changes 4", 4},
    {PWPOL_OPT_MAXIMUM_REPEATS, "maximum-repeats 2", 2},
    {PWPOL_OPT_MAXIMUM_CLASS_REPEATS, "maximum-class-repeats 4", 4},
    {PWPOL_OPT_USERNAME_CHECK, "no-username-check", 0},
    {PWPOL_OPT_MINIMUM_CHARACTER_CHANGES, "minimum-character-changes 4", 4},
    {PWPOL_OPT_MINIMUM_REUSE, "minimum-reuse 20", 20},
    {PWPOL_OPT_MINIMUM_LIFETIME, "minimum-lifetime 29", 29},
    {PWPOL_OPT_MAXIMUM_LIFETIME, "maximum-lifetime 30", 30},
    {PWPOL_OPT_WARNING_DAYS, "warning-days 3", 3},
    {PWPOL_OPT_MAXIMUM_FAILED_ATTEMPTS, "maximum-failed-attempts 100", 100},
    {PWPOL_OPT_LOCK_TIME, "lock-time 86400", 86400},
    {PWPOL_OPT_FORMAT, "format yescrypt", PWPOL_FORMAT_YESCRYPT},
    {PWPOL_OPT_BLOCKLIST, "no-blocklist", 0},
    {PWPOL_OPT_TRIES_BEFORE_DISCONNECT, "tries-before-disconnect 10", 10},
    {PWPOL_OPT_BACKOFF_THRESHOLD, "backoff-threshold 3", 3},
    {PWPOL_OPT_BACKOFF_FACTOR, "backoff-factor 10", 10},
    {PWPOL_OPT_MINIMUM_TIME, "minimum-time 60", 60},
    {PWPOL_OPT_MAXIMUM_TIME, "maximum-time 300", 300},
    {PWPOL_OPT_FAILURE_INTERVAL, "failure-interval 900", 900},
    {PWPOL_OPT_ROOT_LOCKOUT, "root-lockout", 1},
    {PWPOL_OPT_ROOT_LOCK_TIME, "root-lock-time 900", 900},
    {PWPOL_OPT_MINIMUM_SCORE, "minimum-score 3", 3},
};

/* The Junos retry-options statements: a block that brings its defaults. */
static int in_retry(enum pwpol_opt o)
{
	return o >= PWPOL_OPT_TRIES_BEFORE_DISCONNECT && o <= PWPOL_OPT_MAXIMUM_TIME;
}

static int in_lockout(enum pwpol_opt o)
{
	return o == PWPOL_OPT_MAXIMUM_FAILED_ATTEMPTS || o == PWPOL_OPT_LOCK_TIME ||
	       o == PWPOL_OPT_FAILURE_INTERVAL || o == PWPOL_OPT_ROOT_LOCKOUT ||
	       o == PWPOL_OPT_ROOT_LOCK_TIME;
}

static void test_every_statement_both_syntaxes(void **state)
{
	(void)state;
	assert_int_equal(sizeof every / sizeof every[0], PWPOL_OPT_COUNT);
	for (size_t i = 0; i < PWPOL_OPT_COUNT; i++) {
		const char *block = in_retry(every[i].opt)     ? "retry-options"
		                    : in_lockout(every[i].opt) ? "lockout"
		                                               : "password";
		char text[512];
		/* Hierarchy: the statement on line 4. */
		snprintf(text, sizeof text,
		         "system {\n  login {\n    %s {\n      %s;\n    }\n  }\n}\n", block,
		         every[i].text);
		pwpol_policy *p = parse_ok(text);
		assert_int_equal(pwpol_policy_get(p, every[i].opt), every[i].value);
		assert_string_equal(pwpol_policy_source(p, every[i].opt), "t.conf:4");
		for (int o = 0; o < PWPOL_OPT_COUNT; o++)
			if ((size_t)o != i &&
			    !(in_retry(every[i].opt) && in_retry((enum pwpol_opt)o)))
				assert_null(pwpol_policy_source(p, (enum pwpol_opt)o));
		pwpol_policy_free(p);
		/* set line: on line 2, after a comment. */
		snprintf(text, sizeof text, "# set form\nset system login %s %s\n", block,
		         every[i].text);
		p = parse_ok(text);
		assert_int_equal(pwpol_policy_get(p, every[i].opt), every[i].value);
		assert_string_equal(pwpol_policy_source(p, every[i].opt), "t.conf:2");
		pwpol_policy_free(p);
	}
}

/* Junos's `format sha2` is read in both syntaxes and written back. */
static void test_format_sha2(void **state)
{
	(void)state;
	pwpol_policy *p = parse_ok("system { login { password { format sha2; } } }");
	assert_int_equal(pwpol_policy_get(p, PWPOL_OPT_FORMAT), PWPOL_FORMAT_SHA2);
	char *text = NULL;
	assert_int_equal(pwpol_config_write(p, &text), PWPOL_OK);
	assert_non_null(strstr(text, "format sha2;"));
	free(text);
	pwpol_policy_free(p);
	p = parse_ok("set system login password format sha2\n");
	assert_int_equal(pwpol_policy_get(p, PWPOL_OPT_FORMAT), PWPOL_FORMAT_SHA2);
	pwpol_policy_free(p);
}

static void test_statements_together_and_flags(void **state)
{
	(void)state;
	pwpol_policy *p = parse_ok("system { login { password { minimum-length 10; username-check; "
	                           "maximum-repeats 0; no-maximum-lifetime; } } }");
	assert_int_equal(pwpol_policy_get(p, PWPOL_OPT_MINIMUM_LENGTH), 10);
	assert_int_equal(pwpol_policy_get(p, PWPOL_OPT_USERNAME_CHECK), 1);
	assert_int_equal(pwpol_policy_get(p, PWPOL_OPT_MAXIMUM_REPEATS), 0);
	assert_int_equal(pwpol_policy_get(p, PWPOL_OPT_MAXIMUM_LIFETIME), 0);
	pwpol_policy_free(p);
}

static void test_profile_is_the_base(void **state)
{
	(void)state;
	/* The profile applies first wherever it is written. */
	pwpol_policy *p = parse_ok("set system login password minimum-length 8\n"
	                           "set system login password profile junos-fips\n");
	assert_string_equal(pwpol_policy_profile(p), "junos-fips");
	assert_int_equal(pwpol_policy_get(p, PWPOL_OPT_MINIMUM_LENGTH), 8);
	assert_int_equal(pwpol_policy_get(p, PWPOL_OPT_MAXIMUM_LENGTH), 20);
	assert_int_equal(pwpol_policy_get(p, PWPOL_OPT_MINIMUM_CHANGES), 3);
	assert_null(pwpol_policy_source(p, PWPOL_OPT_MAXIMUM_LENGTH));
	pwpol_policy_free(p);
	/* An empty password block: ssr. */
	p = parse_ok("system { login { password { } } }");
	assert_string_equal(pwpol_policy_profile(p), "ssr");
	assert_int_equal(pwpol_policy_get(p, PWPOL_OPT_MINIMUM_LENGTH), 9);
	pwpol_policy_free(p);
}

/* A whole router configuration: only our two blocks count. */
static void test_the_rest_is_passed_over(void **state)
{
	(void)state;
	const char *text =
	    "## Last commit: 2026-11-22 by admin\n"
	    "version 23.4R1;\n"
	    "system {\n"
	    "    host-name r1;\n"
	    "    /* annotation\n"
	    "       over two lines { ; } */\n"
	    "    login {\n"
	    "        message \"Authorised use only; { } # not a comment\";\n"
	    "        class ops { permissions [ view view-configuration ]; }\n"
	    "        user alice { uid 2001; class ops; authentication {\n"
	    "            encrypted-password \"$6$abc$def\"; } }\n"
	    "        password {\n"
	    "            inactive: minimum-length 20;\n"
	    "            minimum-length \"11\"; # the one in force\n"
	    "        }\n"
	    "        retry-options { tries-before-disconnect 3; }\n"
	    "    }\n"
	    "    services { ssh; }\n"
	    "}\n"
	    "interfaces { ge-0/0/0 { unit 0 { family inet { address 10.0.0.1/24; } } } }\n"
	    "set interfaces ge-0/0/1 description \"x\"\n"
	    "set system login user bob class ops\n"
	    "inactive: system { login { password { minimum-length 6; } } }\n"
	    "system { login { password { minimum-length 11; } } }\n";
	static const char *const passed[] = {
	    "w:t.conf: passed over, not read by pwpol: version, system host-name, system login "
	    "message, system login user, system services, interfaces",
	    NULL};
	pwpol_policy *p = parse_warns(text, passed);
	assert_int_equal(pwpol_policy_get(p, PWPOL_OPT_MINIMUM_LENGTH), 11);
	assert_string_equal(pwpol_policy_source(p, PWPOL_OPT_MINIMUM_LENGTH), "t.conf:14");
	pwpol_policy_free(p);
}

static void same_policy(const pwpol_policy *a, const pwpol_policy *b)
{
	assert_string_equal(pwpol_policy_profile(a), pwpol_policy_profile(b));
	for (int o = 0; o < PWPOL_OPT_COUNT; o++)
		assert_int_equal(pwpol_policy_get(a, (enum pwpol_opt)o),
		                 pwpol_policy_get(b, (enum pwpol_opt)o));
}

/* write -> read gives the same policy, and writing again the same text. */
static void round_trip(const pwpol_policy *p)
{
	char *text = NULL, *again = NULL;
	assert_int_equal(pwpol_config_write(p, &text), PWPOL_OK);
	pwpol_policy *q = parse_ok(text);
	same_policy(p, q);
	/* Every statement is spelled out, so every one has a source line
	 * (retry-options and minimum-score, ours, only when configured). */
	for (int o = 0; o < PWPOL_OPT_COUNT; o++)
		if ((!in_retry((enum pwpol_opt)o) && o != PWPOL_OPT_MINIMUM_SCORE) ||
		    pwpol_policy_get(q, (enum pwpol_opt)o))
			assert_non_null(pwpol_policy_source(q, (enum pwpol_opt)o));
	assert_int_equal(pwpol_config_write(q, &again), PWPOL_OK);
	assert_string_equal(text, again);
	free(text);
	free(again);
	pwpol_policy_free(q);
}

static void test_round_trip(void **state)
{
	(void)state;
	/* nist-800-63b needs a blocklist file to pass its commit check. */
	const char *profiles[] = {"ssr", "junos", "junos-fips", "stig-rhel9", "stig-srx-ndm"};
	for (int k = 0; k < 5; k++) {
		pwpol_policy *p = NULL;
		assert_int_equal(pwpol_policy_new(&p, profiles[k]), PWPOL_OK);
		round_trip(p);
		pwpol_policy_free(p);
	}
	/* Every statement changed at once. */
	char text[2048] = "set system login password profile junos\n";
	for (size_t i = 0; i < PWPOL_OPT_COUNT; i++) {
		size_t n = strlen(text);
		snprintf(text + n, sizeof text - n, "set system login %s %s\n",
		         in_retry(every[i].opt)     ? "retry-options"
		         : in_lockout(every[i].opt) ? "lockout"
		                                    : "password",
		         every[i].text);
	}
	pwpol_policy *p = parse_ok(text);
	for (size_t i = 0; i < PWPOL_OPT_COUNT; i++)
		assert_int_equal(pwpol_policy_get(p, every[i].opt), every[i].value);
	round_trip(p);
	pwpol_policy_free(p);
}

static void test_written_form(void **state)
{
	(void)state;
	pwpol_policy *p = NULL;
	char *text = NULL;
	assert_int_equal(pwpol_policy_new(&p, "junos"), PWPOL_OK);
	assert_int_equal(pwpol_config_write(p, &text), PWPOL_OK);
	const char *want = "/* pwpol policy: profile junos, effective minimum length 6 */\n"
	                   "system {\n"
	                   "    login {\n"
	                   "        password {\n"
	                   "            profile junos;\n"
	                   "            minimum-length 6;\n"
	                   "            no-maximum-length;\n"
	                   "            no-minimum-upper-cases;\n"
	                   "            no-minimum-lower-cases;\n"
	                   "            no-minimum-numerics;\n"
	                   "            no-minimum-punctuations;\n"
	                   "            change-type character-sets;\n"
	                   "            minimum-changes 1;\n"
	                   "            no-maximum-repeats;\n"
	                   "            no-maximum-class-repeats;\n"
	                   "            no-username-check;\n"
	                   "            no-minimum-character-changes;\n"
	                   "            no-minimum-reuse;\n"
	                   "            no-minimum-lifetime;\n"
	                   "            no-maximum-lifetime;\n"
	                   "            warning-days 7;\n"
	                   "            format sha512;\n"
	                   "            no-blocklist;\n"
	                   "        }\n"
	                   "        lockout {\n"
	                   "            no-maximum-failed-attempts;\n"
	                   "            lock-time 1800;\n"
	                   "            no-failure-interval;\n"
	                   "            no-root-lockout;\n"
	                   "            no-root-lock-time;\n"
	                   "        }\n"
	                   "    }\n"
	                   "}\n";
	assert_string_equal(text, want);
	free(text);
	pwpol_policy_free(p);
}

#define FAILS(text, ...)                                                                           \
	do {                                                                                       \
		static const char *const want_[] = {__VA_ARGS__, NULL};                            \
		parse_fails(text, want_);                                                          \
	} while (0)

static void test_statement_errors(void **state)
{
	(void)state;
	FAILS("set system login password minimum-length 5\n",
	      "t.conf:1: minimum-length: value 5 is out of range (6..20)");
	FAILS("set system login password minimum-length 21\n",
	      "t.conf:1: minimum-length: value 21 is out of range (6..20)");
	FAILS("set system login password maximum-length 19\n",
	      "t.conf:1: maximum-length: value 19 is out of range (20..128, or 0 or "
	      "no-maximum-length for none)");
	FAILS("set system login lockout lock-time -1\n",
	      "t.conf:1: lock-time: value -1 is out of range (0..2592000; 0: until an "
	      "administrator unlocks)");
	FAILS("set system login lockout lock-time 2592001\n",
	      "t.conf:1: lock-time: value 2592001 is out of range (0..2592000; 0: until an "
	      "administrator unlocks)");
	FAILS("set system login lockout failure-interval 0\n"
	      "set system login lockout failure-interval 86401\n",
	      "t.conf:2: failure-interval: value 86401 is out of range (1..86400, or 0 or "
	      "no-failure-interval for none)");
	FAILS("set system login password minimum-reuse 99999999999999999999\n",
	      "t.conf:1: minimum-reuse: value 99999999999999999999 is out of range (1..20, or 0 "
	      "or no-minimum-reuse for none)");
	FAILS("set system login password minimum-reuse -1\n",
	      "t.conf:1: minimum-reuse: value -1 is out of range (1..20, or 0 or no-minimum-reuse "
	      "for none)");
	FAILS("set system login password minimum-length twelve\n",
	      "t.conf:1: minimum-length: 'twelve' is not a number (6..20)");
	FAILS("set system login password minimum-length 12x\n",
	      "t.conf:1: minimum-length: '12x' is not a number (6..20)");
	FAILS("system { login { password { minimum-length; } } }",
	      "t.conf:1: minimum-length: missing value (6..20)");
	FAILS("system { login { password { minimum-length 9 10; } } }",
	      "t.conf:1: minimum-length: takes one value, found 2");
	FAILS("system { login { password { change-type sets; } } }",
	      "t.conf:1: change-type: unknown value 'sets' (character-sets or set-transitions)");
	FAILS("system { login { password { format md5; } } }",
	      "t.conf:1: format: unknown value 'md5' (sha512, sha256, sha1, sha2, yescrypt or "
	      "bcrypt)");
	FAILS("system { login { password { username-check yes; } } }",
	      "t.conf:1: username-check: takes no value (username-check; or no-username-check;)");
	FAILS("system { login { password { no-minimum-reuse 3; } } }",
	      "t.conf:1: no-minimum-reuse: takes no value");
	FAILS("system { login { password { no-minimum-length; } } }",
	      "t.conf:1: unknown statement 'no-minimum-length' under password (minimum-length "
	      "cannot be turned off)");
	FAILS("system { login { password { frobnicate 1; } } }",
	      "t.conf:1: unknown statement 'frobnicate' under password (see pwpol.conf(5))");
	FAILS("system { login { password { lock-time 60; } } }",
	      "t.conf:1: unknown statement 'lock-time' under password (see pwpol.conf(5))");
	FAILS("system { login { lockout { minimum-length 9; } } }",
	      "t.conf:1: unknown statement 'minimum-length' under lockout (see pwpol.conf(5))");
	FAILS("system { login { password { rules { x; } } } }",
	      "t.conf:1: unknown block 'rules' under password");
	FAILS("set system login password profile default\n",
	      "t.conf:1: profile: unknown profile 'default' (ssr, junos, junos-fips, nist-800-63b, "
	      "stig-rhel9 or stig-srx-ndm)");
	FAILS("set system login password profile\n",
	      "t.conf:1: profile: takes one value (ssr, junos, junos-fips, nist-800-63b, "
	      "stig-rhel9 or stig-srx-ndm)");
	/* A word too long to be ours is shown cut, never copied whole. */
	char big[400] = "set system login password minimum-length ";
	memset(big + strlen(big), '7', 300);
	big[sizeof big - 2] = '\0';
	char want[400] = "t.conf:1: minimum-length: '";
	memset(want + strlen(want), '7', 255); /* the word as kept: 255 bytes */
	strcat(want, "...' is not a number (6..20)");
	const char *const wants[] = {want, NULL};
	parse_fails(big, wants);
}

#define WARNS(p, text, ...)                                                                        \
	do {                                                                                       \
		static const char *const want_[] = {__VA_ARGS__, NULL};                            \
		p = parse_warns(text, want_);                                                      \
	} while (0)

static void test_duplicates(void **state)
{
	(void)state;
	/* The same value twice is harmless, as in Junos, and keeps its first line. */
	pwpol_policy *p = parse_ok("set system login password minimum-length 12\n"
	                           "system { login { password { minimum-length 12; } } }\n");
	assert_string_equal(pwpol_policy_source(p, PWPOL_OPT_MINIMUM_LENGTH), "t.conf:1");
	pwpol_policy_free(p);
	/* A different one: the last wins, as in Junos, with a warning. */
	WARNS(p,
	      "set system login password minimum-length 12\n"
	      "set system login password minimum-length 13\n"
	      "system { login { password { minimum-length 14; } } }\n",
	      "w:t.conf:2: minimum-length: set again; this value replaces the one from line 1",
	      "w:t.conf:3: minimum-length: set again; this value replaces the one from line 2");
	assert_int_equal(pwpol_policy_get(p, PWPOL_OPT_MINIMUM_LENGTH), 14);
	assert_string_equal(pwpol_policy_source(p, PWPOL_OPT_MINIMUM_LENGTH), "t.conf:3");
	pwpol_policy_free(p);
	WARNS(p,
	      "set system login password profile junos\n"
	      "set system login password profile ssr\n",
	      "w:t.conf:2: profile: set again; this value replaces the one from line 1");
	assert_string_equal(pwpol_policy_profile(p), "ssr");
	pwpol_policy_free(p);
	WARNS(p,
	      "set system login password username-check\n"
	      "set system login password no-username-check\n",
	      "w:t.conf:2: username-check: set again; this value replaces the one from line 1");
	assert_int_equal(pwpol_policy_get(p, PWPOL_OPT_USERNAME_CHECK), 0);
	pwpol_policy_free(p);
	/* A warning and an error: refused, both told, each marked. */
	FAILS("set system login lockout lock-time 60\n"
	      "set system login lockout lock-time 90\n"
	      "set system login lockout lock-time x\n",
	      "w:t.conf:2: lock-time: set again; this value replaces the one from line 1",
	      "t.conf:3: lock-time: 'x' is not a number (0..2592000; 0: until an administrator "
	      "unlocks)");
}

/* ssr's minimum-length is 9..20 wherever the profile is written. */
static void test_profile_range(void **state)
{
	(void)state;
	FAILS("set system login password minimum-length 6\n",
	      "t.conf:1: minimum-length: value 6 is out of range (9..20 in profile ssr)");
	FAILS(
	    "system {\n login {\n  password {\n   profile ssr;\n   minimum-length 8;\n  }\n }\n}\n",
	    "t.conf:5: minimum-length: value 8 is out of range (9..20 in profile ssr)");
	FAILS("set system login password minimum-length 21\n",
	      "t.conf:1: minimum-length: value 21 is out of range (6..20)");
	pwpol_policy *p = parse_ok("set system login password minimum-length 9\n");
	assert_int_equal(pwpol_policy_get(p, PWPOL_OPT_MINIMUM_LENGTH), 9);
	pwpol_policy_free(p);
	p = parse_ok("set system login password minimum-length 20\n");
	assert_int_equal(pwpol_policy_get(p, PWPOL_OPT_MINIMUM_LENGTH), 20);
	pwpol_policy_free(p);
	/* junos keeps 6..20, the profile written before or after. */
	p = parse_ok("set system login password minimum-length 6\n"
	             "set system login password profile junos\n");
	assert_int_equal(pwpol_policy_get(p, PWPOL_OPT_MINIMUM_LENGTH), 6);
	pwpol_policy_free(p);
	/* Deleting the profile brings ssr and its range back. */
	FAILS("set system login password profile junos\n"
	      "set system login password minimum-length 8\n"
	      "delete system login password profile\n",
	      "t.conf:2: minimum-length: value 8 is out of range (9..20 in profile ssr)");
}

#define LOGIN_READS                                                                                \
	"pwpol reads password, lockout, retry-options and the permissions of a "                   \
	"class; announcement, deny-sources, idle-timeout, message, user and the rest of a class "  \
	"are passed over)"
#define LOGIN_ALLOWED " under login (" LOGIN_READS
/* A slip of a word pwpol knows names the word. */
#define LOGIN_MEANT(w) " under login (did you mean '" w "'? " LOGIN_READS

/* Under `system login` only known words: ours, or Junos statements that
 * pwpol passes over. What is outside `system login` is not looked at. */
static void test_login_words(void **state)
{
	(void)state;
	FAILS("system { login { passwrd { minimum-length 6; } } }",
	      "t.conf:1: unknown block 'passwrd'" LOGIN_MEANT("password"));
	FAILS("system {\n login {\n  lockout { lock-time 60; }\n  idle-timout 10;\n }\n}\n",
	      "t.conf:4: unknown statement 'idle-timout'" LOGIN_MEANT("idle-timeout"));
	FAILS("set system login passwrd minimum-length 9\n",
	      "t.conf:1: unknown statement 'passwrd'" LOGIN_MEANT("password"));
	FAILS("delete system login lockuot\n",
	      "t.conf:1: unknown statement 'lockuot'" LOGIN_MEANT("lockout"));
	FAILS("system { login { password x { minimum-length 9; } } }",
	      "t.conf:1: password: a block of statements, without a name or value");
	/* Before the fix a misspelt block was passed over and the check succeeded. */
	pwpol_policy *p =
	    parse_ok("system {\n"
	             "  login {\n"
	             "    announcement \"Maintenance on Sunday\";\n"
	             "    message \"Authorised use only\";\n"
	             "    idle-timeout 15;\n"
	             "    deny-sources { address [ 10.0.0.0/8 192.0.2.1 ]; }\n"
	             "    retry-options { tries-before-disconnect 3; backoff-threshold 2; "
	             "lockout-period 5; }\n"
	             "    class ops { idle-timeout 10; login-alarms; permissions [ view ]; }\n"
	             "    user alice { uid 2001; class ops; authentication { encrypted-password "
	             "\"$6$x\"; } }\n"
	             "    password { minimum-length 12; }\n"
	             "  }\n"
	             "  services { ssh; frobnicate; }\n"
	             "  frobnicate { x; }\n"
	             "}\n"
	             "frobnicate;\n"
	             "set system login user bob class ops\n"
	             "set system login retry-options tries-before-disconnect 3\n"
	             "set system login message hello\n"
	             "set system frobnicate 3\n"
	             "set frobnicate\n"
	             "delete system login user bob\n"
	             "deactivate system login announcement\n"
	             "system { login { inactive: passwrd { x; } } }\n");
	assert_int_equal(pwpol_policy_get(p, PWPOL_OPT_MINIMUM_LENGTH), 12);
	/* retry-options is read now: 3 tries, then 5 minutes locked. */
	assert_int_equal(pwpol_policy_get(p, PWPOL_OPT_MAXIMUM_FAILED_ATTEMPTS), 3);
	assert_int_equal(pwpol_policy_get(p, PWPOL_OPT_LOCK_TIME), 300);
	pwpol_policy_free(p);
}

/* delete, deactivate and activate lines, read as Junos reads them: one
 * after the other, onto what the lines before them left. */
/* The text reads to this profile, minimum-length and lock-time. */
static void read_as(const char *text, const char *profile, long length, long lock_time)
{
	pwpol_policy *p = parse_ok(text);
	assert_string_equal(pwpol_policy_profile(p), profile);
	assert_int_equal(pwpol_policy_get(p, PWPOL_OPT_MINIMUM_LENGTH), length);
	assert_int_equal(pwpol_policy_get(p, PWPOL_OPT_LOCK_TIME), lock_time);
	pwpol_policy_free(p);
}

static void test_delete_deactivate_activate(void **state)
{
	(void)state;
	/* delete: the profile default applies again. */
	pwpol_policy *p = parse_ok("set system login password minimum-length 12\n"
	                           "set system login password no-minimum-reuse\n"
	                           "set system login password no-minimum-lifetime\n"
	                           "delete system login password minimum-length\n"
	                           "delete system login password no-minimum-reuse 3\n");
	assert_int_equal(pwpol_policy_get(p, PWPOL_OPT_MINIMUM_LENGTH), 9);
	assert_null(pwpol_policy_source(p, PWPOL_OPT_MINIMUM_LENGTH));
	assert_int_equal(pwpol_policy_get(p, PWPOL_OPT_MINIMUM_REUSE), 5);
	assert_int_equal(pwpol_policy_get(p, PWPOL_OPT_MINIMUM_LIFETIME), 0);
	pwpol_policy_free(p);
	/* A later set after a delete counts again, without a warning. */
	p = parse_ok("set system login password minimum-length 12\n"
	             "delete system login password minimum-length\n"
	             "set system login password minimum-length 14\n");
	assert_int_equal(pwpol_policy_get(p, PWPOL_OPT_MINIMUM_LENGTH), 14);
	assert_string_equal(pwpol_policy_source(p, PWPOL_OPT_MINIMUM_LENGTH), "t.conf:3");
	pwpol_policy_free(p);
	/* deactivate is inactive: like `inactive:`; a later set keeps it inactive,
	 * activate brings it back. */
	WARNS(p,
	      "system { login { password { minimum-length 12; maximum-repeats 2; } } }\n"
	      "deactivate system login password minimum-length\n"
	      "set system login password minimum-length 13\n",
	      "w:t.conf:3: minimum-length: set again; this value replaces the one from line 1");
	assert_int_equal(pwpol_policy_get(p, PWPOL_OPT_MINIMUM_LENGTH), 9);
	assert_int_equal(pwpol_policy_get(p, PWPOL_OPT_MAXIMUM_REPEATS), 2);
	pwpol_policy_free(p);
	WARNS(p,
	      "set system login password minimum-length 12\n"
	      "deactivate system login password minimum-length\n"
	      "set system login password minimum-length 13\n"
	      "activate system login password minimum-length\n",
	      "w:t.conf:3: minimum-length: set again; this value replaces the one from line 1");
	assert_int_equal(pwpol_policy_get(p, PWPOL_OPT_MINIMUM_LENGTH), 13);
	assert_string_equal(pwpol_policy_source(p, PWPOL_OPT_MINIMUM_LENGTH), "t.conf:3");
	pwpol_policy_free(p);
	/* Blocks: a deactivated block holds nothing in force; deleting one
	 * takes everything under it. */
	read_as("set system login password profile junos\n"
	        "set system login password minimum-length 8\n"
	        "set system login lockout lock-time 60\n"
	        "deactivate system login password\n",
	        "ssr", 9, 60);
	read_as("set system login password minimum-length 12\n"
	        "set system login lockout lock-time 60\n"
	        "deactivate system\nactivate system\ndeactivate system login lockout\n",
	        "ssr", 12, 1800);
	read_as("set system login password minimum-length 12\n"
	        "set system login lockout lock-time 60\n"
	        "delete system login lockout\n",
	        "ssr", 12, 1800);
	read_as("system { host-name r1; login { password { profile junos; } lockout { "
	        "lock-time 60; } } }\n"
	        "delete system login\n"
	        "set system login password minimum-length 10\n",
	        "ssr", 10, 1800);
	p = parse_ok("set system login password minimum-length 12\ndelete\n");
	assert_int_equal(pwpol_policy_get(p, PWPOL_OPT_MINIMUM_LENGTH), 9);
	pwpol_policy_free(p);
	/* What is not there: a warning, as Junos says "statement not found". */
	WARNS(p,
	      "delete system login password minimum-length\n"
	      "deactivate system login lockout lock-time\n"
	      "activate system login password profile\n"
	      "delete system login password\n"
	      "deactivate system\n",
	      "w:t.conf:1: minimum-length: not in the configuration; nothing to delete",
	      "w:t.conf:2: lock-time: not in the configuration; nothing to deactivate",
	      "w:t.conf:3: profile: not in the configuration; nothing to activate",
	      "w:t.conf:4: password: not in the configuration; nothing to delete",
	      "w:t.conf:5: system: not in the configuration; nothing to deactivate");
	assert_int_equal(pwpol_policy_get(p, PWPOL_OPT_MINIMUM_LENGTH), 9);
	pwpol_policy_free(p);
	/* Errors in these lines are told like those of set lines. */
	FAILS("delete system login password minimum-lenght\n"
	      "deactivate system login password minimum-length 9 10\n"
	      "activate system login password minimum-length {\n",
	      "t.conf:1: unknown statement 'minimum-lenght' under password (did you mean "
	      "'minimum-length'?)",
	      "t.conf:2: minimum-length: deactivate takes the statement and at most its value",
	      "t.conf:3: unexpected '{' in an activate line",
	      "w:t.conf:3: minimum-length: not in the configuration; nothing to activate");
	/* Only at the start of a line, outside any block: elsewhere these are
	 * words like any other (and `delete` under login is not a statement). */
	FAILS("system { login {\n delete password; } }\n",
	      "t.conf:2: unknown statement 'delete'" LOGIN_ALLOWED);
}

static void test_syntax_errors(void **state)
{
	(void)state;
	FAILS("system {\n login {\n password {\n minimum-length 12;\n }\n }\n",
	      "t.conf:1: missing '}' for the block opened here");
	FAILS("system { login { password { minimum-length 12; } } } }\n",
	      "t.conf:1: unexpected '}'");
	FAILS("system { login { password {\n minimum-length 12\n } } }\n",
	      "t.conf:2: missing ';' after '12'");
	FAILS("system { login { password { minimum-length 12; } } }\n/* open",
	      "t.conf:2: unterminated comment '/*'");
	FAILS("system { login { message \"hello; } }\n", "t.conf:1: unterminated string '\"'");
	FAILS("system { login { password { minimum-length 1\0012; } } }",
	      "t.conf:1: control character 0x01 in the text");
	FAILS("system { login { password { { } } } }", "t.conf:1: a statement needs a name");
	FAILS("set system login password minimum-length 12 {\n",
	      "t.conf:1: unexpected '{' in a set line");
	/* Nothing of a configuration with an error is applied, not even the
	 * good statements: the caller gets no policy at all (parse_fails). */
	FAILS(
	    "set system login password minimum-length 12\nset system login password minimum-length "
	    "x\n",
	    "t.conf:2: minimum-length: 'x' is not a number (6..20)");
}

/* Issue 22: a slip, a BOM, a pasted header or a file of nothing pwpol
 * reads never leaves the built-in profile in force (each passed the check
 * with minimum-length 9 before). */
#define NOTHING_READ                                                                               \
	"t.conf: no statement pwpol reads (system login password, lockout, retry-options or "      \
	"class "                                                                                   \
	"permissions; authority password-policy): refused, so that a slip never leaves the "       \
	"built-in profile in force; for a profile's defaults, write `system { login { password { " \
	"profile ssr; } } }`"
static void test_never_the_defaults(void **state)
{
	(void)state;
	FAILS("sytem { login { password { minimum-length 12; } } }",
	      "t.conf:1: unknown statement 'sytem': did you mean 'system'? (a slip of a word pwpol "
	      "reads is refused, never passed over)");
	FAILS("set system logn password minimum-length 12\n",
	      "t.conf:1: unknown statement 'logn' under system: did you mean 'login'? (a slip of a "
	      "word pwpol reads is refused, never passed over)");
	FAILS("set authority pasword-policy deny 3\n",
	      "t.conf:1: unknown statement 'pasword-policy' under authority: did you mean "
	      "'password-policy'? (a slip of a word pwpol reads is refused, never passed over)");
	FAILS("system { login { password { minimun-length 12; } } }",
	      "t.conf:1: unknown statement 'minimun-length' under password (did you mean "
	      "'minimum-length'?)");
	FAILS("system { login { retry-options { tries-before-disconect 3; } } }",
	      "t.conf:1: unknown statement 'tries-before-disconect' under retry-options (did you "
	      "mean 'tries-before-disconnect'?)");
	pwpol_policy *p =
	    parse_ok("\xef\xbb\xbfsystem { login { password { minimum-length 12; } } }");
	assert_int_equal(pwpol_policy_get(p, PWPOL_OPT_MINIMUM_LENGTH), 12);
	pwpol_policy_free(p);
	/* [edit ...] headers, as Junos reads the statements after them. */
	p = parse_ok("[edit system login password]\nminimum-length 12;\n"
	             "set maximum-repeats 2\n[edit system login lockout]\nlock-time 60;\n"
	             "[edit system login class ops]\nset permissions admin\n"
	             "[edit]\nsystem { login { password { minimum-numerics 2; } } }\n");
	assert_int_equal(pwpol_policy_get(p, PWPOL_OPT_MINIMUM_LENGTH), 12);
	assert_string_equal(pwpol_policy_source(p, PWPOL_OPT_MINIMUM_LENGTH), "t.conf:2");
	assert_int_equal(pwpol_policy_get(p, PWPOL_OPT_MAXIMUM_REPEATS), 2);
	assert_int_equal(pwpol_policy_get(p, PWPOL_OPT_LOCK_TIME), 60);
	assert_int_equal(pwpol_policy_get(p, PWPOL_OPT_MINIMUM_NUMERICS), 2);
	pwpol_policy_free(p);
	FAILS("[edit system login password minimum-length]\n12;\n",
	      "t.conf:1: [edit ...]: 'minimum-length' is not a level under password");
	FAILS("[edit system login passwrd]\nminimum-length 12;\n",
	      "t.conf:1: unknown block 'passwrd' under login (did you mean 'password'? pwpol reads "
	      "password, lockout, retry-options and the permissions of a class; announcement, "
	      "deny-sources, idle-timeout, message, user and the rest of a class are passed over)");
	FAILS("[edit system login password\nminimum-length 12;\n",
	      "t.conf:1: a line opening with '[' is read as a Junos level header, [edit system "
	      "login password]; this one is not");
	/* Nothing pwpol reads: an error, not the defaults. */
	FAILS("", NOTHING_READ);
	FAILS("# only a comment\n", NOTHING_READ);
	FAILS("interfaces { ge-0/0/0 { unit 0; } }\nset system host-name r1\n", NOTHING_READ);
	/* What a router's configuration holds besides is named. */
	static const char *const passed[] = {
	    "w:t.conf: passed over, not read by pwpol: interfaces, system host-name, protocols",
	    NULL};
	p = parse_warns("interfaces { ge-0/0/0 { unit 0; } }\nset system host-name r1\n"
	                "protocols { ospf; }\nsystem { login { password { minimum-length 12; } } "
	                "}\n",
	                passed);
	pwpol_policy_free(p);
}

/* Issue 22: a policy no password can meet, and maximum-lifetime without
 * minimum-reuse, are refused by the check as by the commit. */
static void test_unsatisfiable(void **state)
{
	(void)state;
	FAILS("set system login password change-type character-sets\n"
	      "set system login password minimum-changes 6\n",
	      "t.conf:2: minimum-changes: 6 character sets asked, but there are 5 (upper-case, "
	      "lower-case, numeric, punctuation, other): no password can meet it");
	FAILS("set system login password change-type set-transitions\n"
	      "set system login password maximum-length 20\n"
	      "set system login password minimum-changes 20\n",
	      "t.conf:3: minimum-changes: 20 set transitions need 21 characters, above "
	      "maximum-length 20: no password can meet it");
	FAILS("set system login password profile junos\n"
	      "set system login password maximum-lifetime 90\n",
	      "t.conf:2: maximum-lifetime: requires minimum-reuse to be configured");
}

static void test_commit_errors(void **state)
{
	(void)state;
	FAILS("set system login password no-minimum-reuse\n"
	      "set system login password minimum-lifetime 3\n",
	      "t.conf:2: minimum-lifetime: requires minimum-reuse to be configured",
	      "t.conf:1: maximum-lifetime: requires minimum-reuse to be configured");
	FAILS("set system login password minimum-lifetime 30\n"
	      "set system login password maximum-lifetime 30\n",
	      "t.conf:1: minimum-lifetime: 30 days must be below maximum-lifetime (30 days)");
	FAILS("set system login password maximum-length 20\n"
	      "set system login password minimum-upper-cases 10\n"
	      "set system login password minimum-numerics 11\n",
	      "t.conf:1: maximum-length: 20 is below the effective minimum length 23 "
	      "(minimum-length or the sum of the class minimums)");
	/* A statement error and a commit error are both told, at once. */
	FAILS("system {\n login {\n  password {\n   minimum-length 5;\n   minimum-lifetime 3;\n"
	      "   no-minimum-reuse;\n   frobnicate 1;\n  }\n }\n}\n",
	      "t.conf:4: minimum-length: value 5 is out of range (6..20)",
	      "t.conf:7: unknown statement 'frobnicate' under password (see pwpol.conf(5))",
	      "t.conf:5: minimum-lifetime: requires minimum-reuse to be configured",
	      "t.conf:6: maximum-lifetime: requires minimum-reuse to be configured");
}

static void test_bounds(void **state)
{
	(void)state;
	/* Deep nesting is refused, not recursed into. */
	size_t n = 100000;
	char *deep = malloc(n * 4 + 1);
	assert_non_null(deep);
	for (size_t i = 0; i < n; i++)
		memcpy(deep + i * 4, "a { ", 4);
	deep[n * 4] = '\0';
	FAILS(deep, "t.conf:1: nested deeper than 32 levels");
	free(deep);
	/* A garbage file says so a bounded number of times. */
	char *junk = malloc(100001);
	assert_non_null(junk);
	memset(junk, '}', 100000);
	junk[100000] = '\0';
	pwpol_policy *p = NULL;
	pwpol_config_errors *e = NULL;
	assert_int_equal(pwpol_config_parse(junk, 100000, "t.conf", &p, &e), PWPOL_EINVAL);
	assert_int_equal(pwpol_config_errors_count(e), 50);
	assert_string_equal(pwpol_config_errors_get(e, 49),
	                    "t.conf:1: unexpected '}' (too many errors; the rest not shown)");
	pwpol_config_errors_free(e);
	free(junk);
	/* Warnings never crowd out the error that refuses the text. */
	char many[4096] = "";
	for (int i = 0; i < 40; i++)
		strcat(many, "set system login password minimum-length 12\n"
		             "set system login password minimum-length 13\n");
	strcat(many, "set system login password minimum-length x\n");
	assert_int_equal(pwpol_config_parse(many, strlen(many), "t.conf", &p, &e), PWPOL_EINVAL);
	assert_int_equal(pwpol_config_errors_count(e), 50);
	assert_true(pwpol_config_errors_is_warning(e, 48));
	assert_false(pwpol_config_errors_is_warning(e, 49));
	assert_string_equal(pwpol_config_errors_get(e, 49),
	                    "t.conf:81: minimum-length: 'x' is not a number (6..20) (too many "
	                    "errors; the rest not shown)");
	pwpol_config_errors_free(e);
	/* errs may be NULL; the answer is the same. */
	assert_int_equal(pwpol_config_parse("x {", 3, "t.conf", &p, NULL), PWPOL_EINVAL);
	assert_null(p);
	assert_int_equal(pwpol_config_parse(NULL, 1, "t.conf", &p, NULL), PWPOL_EINVAL);
}

static void test_load(void **state)
{
	(void)state;
	char dir[] = "/tmp/pwpol-config-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char path[64];
	snprintf(path, sizeof path, "%s/p.conf", dir);
	pwpol_policy *p = NULL;
	pwpol_config_errors *e = NULL;
	assert_int_equal(pwpol_config_load(path, &p, &e), PWPOL_ESYSTEM);
	assert_null(p);
	char want[256];
	snprintf(want, sizeof want, "%s: cannot read: No such file or directory", path);
	assert_string_equal(pwpol_config_errors_get(e, 0), want);
	pwpol_config_errors_free(e);

	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs("system {\n login {\n  lockout {\n   lock-time 60;\n  }\n }\n}\n", f);
	fclose(f);
	assert_int_equal(chmod(path, 0644), 0); /* whatever the umask */
	assert_int_equal(pwpol_config_load(path, &p, &e), PWPOL_OK);
	assert_int_equal(pwpol_policy_get(p, PWPOL_OPT_LOCK_TIME), 60);
	snprintf(want, sizeof want, "%s:4", path);
	assert_string_equal(pwpol_policy_source(p, PWPOL_OPT_LOCK_TIME), want);
	pwpol_policy_free(p);
	/* The text in force, as a face shows it: read as the load read it. */
	char *text = NULL;
	size_t len = 0;
	assert_int_equal(pwpol_config_text(path, &text, &len, NULL), PWPOL_OK);
	assert_string_equal(text,
	                    "system {\n login {\n  lockout {\n   lock-time 60;\n  }\n }\n}\n");
	assert_int_equal(len, strlen(text));
	pwpol_wipe(text, len);
	free(text);

	assert_int_equal(chmod(path, 0666), 0);
	/* Nor is the text of a file the load refuses shown. */
	text = (char *)1;
	assert_int_equal(pwpol_config_text(path, &text, &len, &e), PWPOL_EINVAL);
	assert_null(text);
	pwpol_config_errors_free(e);
	e = NULL;
	assert_int_equal(pwpol_config_load(path, &p, &e), PWPOL_EINVAL);
	assert_null(p);
	snprintf(want, sizeof want, "%s: writable by its group and others; refused (chmod go-w %s)",
	         path, path);
	assert_string_equal(pwpol_config_errors_get(e, 0), want);
	pwpol_config_errors_free(e);

	assert_int_equal(pwpol_config_load(dir, &p, &e), PWPOL_EINVAL);
	snprintf(want, sizeof want, "%s: a directory, not a regular file; refused", dir);
	assert_string_equal(pwpol_config_errors_get(e, 0), want);
	pwpol_config_errors_free(e);
	unlink(path);
	rmdir(dir);
}

/* Loads path and expects EINVAL with exactly this first sentence. */
static void load_refused(const char *path, const char *want)
{
	pwpol_policy *p = (pwpol_policy *)1;
	pwpol_config_errors *e = NULL;
	assert_int_equal(pwpol_config_load(path, &p, &e), PWPOL_EINVAL);
	assert_null(p);
	assert_int_equal(pwpol_config_errors_count(e), 1);
	assert_string_equal(pwpol_config_errors_get(e, 0), want);
	pwpol_config_errors_free(e);
}

static void write_file(const char *path, mode_t mode, uid_t uid)
{
	unlink(path);
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
	assert_true(fd >= 0);
	const char *text = "set system login password minimum-length 12\n";
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	assert_int_equal(fchown(fd, uid, 0), 0);
	assert_int_equal(fchmod(fd, mode), 0); /* after chown, which may clear bits */
	close(fd);
}

/* The policy file is trusted only when it is ours (the tests run as root). */
static void test_load_trust(void **state)
{
	(void)state;
	if (geteuid() != 0)
		skip();
	char dir[] = "/tmp/pwpol-trust-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char path[64], want[256];
	snprintf(path, sizeof path, "%s/p.conf", dir);

	/* Root-owned 0644: read. */
	write_file(path, 0644, 0);
	pwpol_policy *p = NULL;
	pwpol_config_errors *e = NULL;
	assert_int_equal(pwpol_config_load(path, &p, &e), PWPOL_OK);
	assert_null(e);
	assert_int_equal(pwpol_policy_get(p, PWPOL_OPT_MINIMUM_LENGTH), 12);
	pwpol_policy_free(p);

	/* Group- or other-writable: refused. */
	write_file(path, 0664, 0);
	snprintf(want, sizeof want, "%s: writable by its group; refused (chmod go-w %s)", path,
	         path);
	load_refused(path, want);
	write_file(path, 0646, 0);
	snprintf(want, sizeof want, "%s: writable by others; refused (chmod go-w %s)", path, path);
	load_refused(path, want);

	/* Owned by another user that is not root: refused, even 0600. */
	struct passwd *nobody = getpwnam("nobody");
	assert_non_null(nobody);
	write_file(path, 0600, nobody->pw_uid);
	snprintf(want, sizeof want,
	         "%s: owned by uid %lu, neither root nor this user; refused (chown root %s)", path,
	         (unsigned long)nobody->pw_uid, path);
	load_refused(path, want);
	unlink(path);

	/* A FIFO answers at once (a blocking open would wait for a writer for
	 * ever: the ctest timeout and tests/cli-config.sh's `timeout` catch
	 * that), and so does a device. */
	assert_int_equal(mkfifo(path, 0600), 0);
	snprintf(want, sizeof want, "%s: a FIFO, not a regular file; refused", path);
	load_refused(path, want);
	unlink(path);
	load_refused("/dev/null", "/dev/null: a character device, not a regular file; refused");
	rmdir(dir);
}

/* Thousands of mangled configurations: each one ends in a policy that
 * survives the round trip or in a refusal that says why. */
static const char *const seeds[] = {
    "/* c */\nsystem {\n login {\n  password {\n   profile junos;\n   minimum-length 12;\n"
    "   change-type set-transitions;\n   minimum-changes 4;\n   username-check;\n  }\n"
    "  lockout { maximum-failed-attempts 3; lock-time 60; }\n  user a { class x; }\n }\n}\n",
    "set system login password minimum-length 12\nset system login password minimum-reuse 3\n"
    "set system login lockout lock-time 60 # c\nset interfaces x y\n",
    "system { login { password { inactive: format md5; format bcrypt; message \"a;b\"; } } }",
};
static const char *const pieces[] = {
    "{",  "}",      ";",     "\"",         "/*",      "*/",       "#",
    "\n", "set ",   "no-",   "inactive: ", "0",       "99999",    "-",
    " ",  "system", "login", "password",   "lockout", "\xc3\xa9", "\x01"};

static uint64_t rng = 0x9e3779b97f4a7c15u;
static uint64_t next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static void test_mangled_inputs(void **state)
{
	(void)state;
	size_t ok = 0, refused = 0;
	for (int round = 0; round < 20000; round++) {
		const char *seed = seeds[round % 3];
		char buf[1024];
		size_t len = strlen(seed);
		memcpy(buf, seed, len);
		int edits = 1 + (int)(next_rand() % 4);
		for (int k = 0; k < edits && len > 0; k++) {
			size_t at = next_rand() % len;
			switch (next_rand() % 4) {
			case 0: /* flip a byte */ buf[at] = (char)(next_rand() & 0xff); break;
			case 1: /* drop a run */
			{
				size_t n = 1 + next_rand() % 8;
				if (at + n > len)
					n = len - at;
				memmove(buf + at, buf + at + n, len - at - n);
				len -= n;
				break;
			}
			case 2: /* insert a piece */
			{
				const char *pc =
				    pieces[next_rand() % (sizeof pieces / sizeof pieces[0])];
				size_t n = strlen(pc);
				if (len + n >= sizeof buf)
					break;
				memmove(buf + at + n, buf + at, len - at);
				memcpy(buf + at, pc, n);
				len += n;
				break;
			}
			default: /* cut the end */ len = at;
			}
		}
		pwpol_policy *p = NULL;
		pwpol_config_errors *e = NULL;
		enum pwpol_status st = pwpol_config_parse(buf, len, "m.conf", &p, &e);
		if (st == PWPOL_OK) {
			assert_non_null(p);
			for (size_t i = 0; i < pwpol_config_errors_count(e); i++)
				assert_true(pwpol_config_errors_is_warning(e, i));
			round_trip(p);
			ok++;
		} else {
			assert_int_equal(st, PWPOL_EINVAL);
			assert_null(p);
			assert_true(pwpol_config_errors_count(e) > 0);
			for (size_t i = 0; i < pwpol_config_errors_count(e); i++)
				assert_int_equal(
				    strncmp(pwpol_config_errors_get(e, i), "m.conf:", 7), 0);
			refused++;
		}
		pwpol_policy_free(p);
		pwpol_config_errors_free(e);
	}
	/* Both outcomes must have happened, or the mangling tested nothing. */
	/* A slip of a word pwpol reads is refused now, not passed over, so
	 * fewer mangles pass than before (939 of 20000). */
	assert_true(ok > 500);
	assert_true(refused > 1000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_every_statement_both_syntaxes),
	    cmocka_unit_test(test_statements_together_and_flags),
	    cmocka_unit_test(test_profile_is_the_base),
	    cmocka_unit_test(test_the_rest_is_passed_over),
	    cmocka_unit_test(test_round_trip),
	    cmocka_unit_test(test_written_form),
	    cmocka_unit_test(test_statement_errors),
	    cmocka_unit_test(test_duplicates),
	    cmocka_unit_test(test_profile_range),
	    cmocka_unit_test(test_login_words),
	    cmocka_unit_test(test_delete_deactivate_activate),
	    cmocka_unit_test(test_syntax_errors),
	    cmocka_unit_test(test_commit_errors),
	    cmocka_unit_test(test_never_the_defaults),
	    cmocka_unit_test(test_unsatisfiable),
	    cmocka_unit_test(test_format_sha2),
	    cmocka_unit_test(test_bounds),
	    cmocka_unit_test(test_load),
	    cmocka_unit_test(test_load_trust),
	    cmocka_unit_test(test_mangled_inputs),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
