/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_quality.c - pwpol_check(): every quality rule at its boundaries (one
 * below, at, one above) in the profiles where it applies, the Unicode
 * reading (NFKC, grapheme clusters, classes, invisible characters), the
 * username in its forms (separators, look-alikes, accents, confusables),
 * input errors with their byte offsets, the report of every violation at
 * once, and the ASCII path held to the general path's verdicts.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <unicode/uspoof.h>
#include <unicode/utf16.h>
#include <utf8proc.h>

#include "pwpol.h"
#include "quality.h"
#include "rules.h"

/* Code points spelled out where the glyph would hide them. */
#define FULLWIDTH_A     "\xef\xbc\xa1"                     /* U+FF21, NFKC: A */
#define LIGATURE_FI     "\xef\xac\x81"                     /* U+FB01, NFKC: f i */
#define COMBINING_ACUTE "\xcc\x81"                         /* U+0301, composes with e to é */
#define SALLALLAHOU     "\xef\xb7\xba"                     /* U+FDFA, NFKC: 18 code points */
#define NEL             "\xc2\x85"                         /* U+0085, a C1 control character */
#define BYTE_FF         "\xff"                             /* never valid in UTF-8 */
#define OVERLONG_SLASH  "\xc0\xaf"                         /* '/' in two bytes: overlong */
#define SURROGATE       "\xed\xa0\x80"                     /* U+D800 encoded: invalid */
#define TILDE_OVERLAY   "\xcc\xb4"                         /* U+0334: composes with no letter */
#define ZWSP            "\xe2\x80\x8b"                     /* U+200B zero-width space */
#define ZWNJ            "\xe2\x80\x8c"                     /* U+200C zero-width non-joiner */
#define ZWJ             "\xe2\x80\x8d"                     /* U+200D zero-width joiner */
#define WORD_JOINER     "\xe2\x81\xa0"                     /* U+2060 */
#define BOM             "\xef\xbb\xbf"                     /* U+FEFF zero-width no-break space */
#define SOFT_HYPHEN     "\xc2\xad"                         /* U+00AD */
#define VS16            "\xef\xb8\x8f"                     /* U+FE0F emoji presentation selector */
#define KEYCAP          "\xe2\x83\xa3"                     /* U+20E3 combining enclosing keycap */
#define WOMAN           "\xf0\x9f\x91\xa9"                 /* U+1F469 */
#define LAPTOP          "\xf0\x9f\x92\xbb"                 /* U+1F4BB */
#define HEART           "\xe2\x9d\xa4"                     /* U+2764 */
#define BLACK_FLAG      "\xf0\x9f\x8f\xb4"                 /* U+1F3F4 */
#define FLAG_FR         "\xf0\x9f\x87\xab\xf0\x9f\x87\xb7" /* regional indicators F R */
/* England's flag: black flag, tags g b e n g, cancel tag. */
#define FLAG_ENGLAND                                                                               \
	BLACK_FLAG "\xf3\xa0\x81\xa7\xf3\xa0\x81\xa2\xf3\xa0\x81\xa5\xf3\xa0\x81\xae"              \
	           "\xf3\xa0\x81\xa7\xf3\xa0\x81\xbf"
#define CYRILLIC_A  "\xd0\xb0" /* U+0430, looks like a */
#define CYRILLIC_I  "\xd1\x96" /* U+0456, looks like i */
#define GREEK_ALPHA "\xce\x91" /* U+0391, looks like A */
#define A_ACUTE     "\xc3\xa1" /* U+00E1 */

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

static pwpol_policy *policy(const char *profile)
{
	pwpol_policy *p = NULL;
	assert_int_equal(pwpol_policy_new(&p, profile), PWPOL_OK);
	return p;
}

static void set(pwpol_policy *p, enum pwpol_opt opt, long v)
{
	assert_int_equal(pwpol_policy_set(p, opt, v), PWPOL_OK);
}

static enum pwpol_status check(const pwpol_policy *p, const char *pw, const char *user,
                               const char *old)
{
	return pwpol_check(p, pw, strlen(pw), user, old, old ? strlen(old) : 0, rep);
}

static enum pwpol_status check_len(const pwpol_policy *p, const char *pw, size_t len)
{
	return pwpol_check(p, pw, len, NULL, NULL, 0, rep);
}

static const struct pwpol_finding *finding(enum pwpol_rule rule)
{
	for (size_t i = 0; i < pwpol_report_count(rep); i++)
		if (pwpol_report_get(rep, i)->rule == rule)
			return pwpol_report_get(rep, i);
	return NULL;
}

/* The report holds exactly this one finding. */
static void assert_only(enum pwpol_rule rule, long need, long have)
{
	if (pwpol_report_count(rep) != 1) {
		char got[512] = "";
		for (size_t i = 0; i < pwpol_report_count(rep); i++) {
			strncat(got, " ", sizeof got - strlen(got) - 1);
			strncat(got, pwpol_rule_name(pwpol_report_get(rep, i)->rule),
			        sizeof got - strlen(got) - 1);
		}
		fail_msg("want only %s, got:%s", pwpol_rule_name(rule), got);
	}
	const struct pwpol_finding *f = pwpol_report_get(rep, 0);
	assert_string_equal(pwpol_rule_name(f->rule), pwpol_rule_name(rule));
	assert_int_equal(f->severity, PWPOL_SEVERITY_ERROR);
	assert_int_equal(f->need, need);
	assert_int_equal(f->have, have);
}

static void assert_ok(const pwpol_policy *p, const char *pw, const char *user, const char *old)
{
	enum pwpol_status st = check(p, pw, user, old);
	if (st != PWPOL_OK && pwpol_report_count(rep))
		fail_msg("%s: unexpected %s", pw, pwpol_rule_name(pwpol_report_get(rep, 0)->rule));
	assert_int_equal(st, PWPOL_OK);
	assert_int_equal(pwpol_report_count(rep), 0);
}

static void assert_rejected(const pwpol_policy *p, const char *pw, const char *user,
                            const char *old, enum pwpol_rule rule, long need, long have)
{
	assert_int_equal(check(p, pw, user, old), PWPOL_REJECTED);
	assert_only(rule, need, have);
}

static void assert_input_error(const char *pw, size_t len, enum pwpol_rule rule, long need,
                               long have)
{
	pwpol_policy *p = policy("junos");
	assert_int_equal(check_len(p, pw, len), PWPOL_EINVAL);
	assert_only(rule, need, have);
	pwpol_policy_free(p);
}

static void test_ssr_examples(void **state)
{
	(void)state;
	pwpol_policy *p = policy(NULL);
	assert_rejected(p, "Admin1234!", "admin", NULL, PWPOL_RULE_USERNAME_CHECK, -1, -1);
	assert_ok(p, "S3cure#Pass", "admin", NULL);
	pwpol_policy_free(p);
}

/* One weak and one strong password in each profile, with its defaults. */
static void test_profile_defaults(void **state)
{
	(void)state;
	pwpol_policy *ssr = policy("ssr"), *junos = policy("junos"), *fips = policy("junos-fips");

	assert_int_equal(check(ssr, "abcdef", NULL, NULL), PWPOL_REJECTED);
	assert_int_equal(pwpol_report_count(rep), 4);
	assert_int_equal(finding(PWPOL_RULE_MINIMUM_LENGTH)->need, 9);
	assert_non_null(finding(PWPOL_RULE_MINIMUM_UPPER_CASES));
	assert_non_null(finding(PWPOL_RULE_MINIMUM_NUMERICS));
	assert_non_null(finding(PWPOL_RULE_MINIMUM_PUNCTUATIONS));
	assert_ok(ssr, "Tr0ub4dor&3", NULL, NULL);

	/* junos: 6 characters of one set are enough. */
	assert_ok(junos, "abcdef", NULL, NULL);
	assert_rejected(junos, "abcde", NULL, NULL, PWPOL_RULE_MINIMUM_LENGTH, 6, 5);

	assert_int_equal(check(fips, "abcdef", NULL, NULL), PWPOL_REJECTED);
	assert_int_equal(pwpol_report_count(rep), 2);
	assert_int_equal(finding(PWPOL_RULE_MINIMUM_LENGTH)->need, 10);
	assert_int_equal(finding(PWPOL_RULE_MINIMUM_CHANGES)->need, 3);
	assert_int_equal(finding(PWPOL_RULE_MINIMUM_CHANGES)->have, 1);
	assert_ok(fips, "Tr0ub4dor&3", NULL, NULL);

	pwpol_policy_free(ssr);
	pwpol_policy_free(junos);
	pwpol_policy_free(fips);
}

static void test_minimum_length(void **state)
{
	(void)state;
	pwpol_policy *p = policy("ssr");
	assert_rejected(p, "Abcdef1!", NULL, NULL, PWPOL_RULE_MINIMUM_LENGTH, 9, 8);
	assert_ok(p, "Abcdef1!x", NULL, NULL);
	assert_ok(p, "Abcdef1!xy", NULL, NULL);
	pwpol_policy_free(p);

	p = policy("junos");
	assert_rejected(p, "abcde", NULL, NULL, PWPOL_RULE_MINIMUM_LENGTH, 6, 5);
	assert_ok(p, "abcdef", NULL, NULL);
	assert_ok(p, "abcdefg", NULL, NULL);
	set(p, PWPOL_OPT_MINIMUM_LENGTH, 20);
	assert_rejected(p, "abcdefghijklmnopqrs", NULL, NULL, PWPOL_RULE_MINIMUM_LENGTH, 20, 19);
	assert_ok(p, "abcdefghijklmnopqrst", NULL, NULL);
	pwpol_policy_free(p);

	p = policy("junos-fips");
	assert_rejected(p, "Abcdefgh1", NULL, NULL, PWPOL_RULE_MINIMUM_LENGTH, 10, 9);
	assert_ok(p, "Abcdefgh12", NULL, NULL);
	assert_ok(p, "Abcdefgh123", NULL, NULL);
	pwpol_policy_free(p);
}

/* The Junos "reset": the class minimums together raise minimum-length. */
static void test_effective_minimum_length(void **state)
{
	(void)state;
	pwpol_policy *p = policy("junos");
	set(p, PWPOL_OPT_MINIMUM_UPPER_CASES, 3);
	set(p, PWPOL_OPT_MINIMUM_LOWER_CASES, 3);
	set(p, PWPOL_OPT_MINIMUM_NUMERICS, 3);
	set(p, PWPOL_OPT_MINIMUM_PUNCTUATIONS, 3);
	assert_int_equal(pwpol_policy_effective_minimum_length(p), 12);
	assert_int_equal(check(p, "ABCabc12!@#", NULL, NULL), PWPOL_REJECTED);
	assert_int_equal(pwpol_report_count(rep), 2);
	assert_int_equal(finding(PWPOL_RULE_MINIMUM_LENGTH)->need, 12);
	assert_int_equal(finding(PWPOL_RULE_MINIMUM_LENGTH)->have, 11);
	assert_rejected(p, "ABCabcd123!@", NULL, NULL, PWPOL_RULE_MINIMUM_PUNCTUATIONS, 3, 2);
	assert_ok(p, "ABCabc123!@#", NULL, NULL);
	assert_ok(p, "ABCabc123!@#d", NULL, NULL);
	/* Below minimum-length, the statement itself rules. */
	set(p, PWPOL_OPT_MINIMUM_LENGTH, 13);
	assert_rejected(p, "ABCabc123!@#", NULL, NULL, PWPOL_RULE_MINIMUM_LENGTH, 13, 12);
	pwpol_policy_free(p);
}

static void test_maximum_length(void **state)
{
	(void)state;
	pwpol_policy *p = policy("junos-fips");
	assert_ok(p, "Ab1defghijklmnopqrs", NULL, NULL);
	assert_ok(p, "Ab1defghijklmnopqrst", NULL, NULL);
	assert_rejected(p, "Ab1defghijklmnopqrstu", NULL, NULL, PWPOL_RULE_MAXIMUM_LENGTH, 20, 21);
	pwpol_policy_free(p);

	/* ssr has no maximum until one is set. */
	p = policy("ssr");
	char pw[129];
	for (int i = 0; i < 128; i++)
		pw[i] = "Ab1!"[i % 4];
	pw[128] = '\0';
	assert_ok(p, pw, NULL, NULL);
	set(p, PWPOL_OPT_MAXIMUM_LENGTH, 128);
	assert_ok(p, pw, NULL, NULL);
	set(p, PWPOL_OPT_MAXIMUM_LENGTH, 127);
	assert_rejected(p, pw, NULL, NULL, PWPOL_RULE_MAXIMUM_LENGTH, 127, 128);
	pwpol_policy_free(p);
}

struct class_case {
	enum pwpol_opt opt;
	enum pwpol_rule rule;
	const char *below, *at, *above;
};

static void test_class_minimums(void **state)
{
	(void)state;
	static const struct class_case cases[] = {
	    {PWPOL_OPT_MINIMUM_UPPER_CASES, PWPOL_RULE_MINIMUM_UPPER_CASES, "Axcdef1!g",
	     "AXcdef1!g", "AXCdef1!g"},
	    {PWPOL_OPT_MINIMUM_LOWER_CASES, PWPOL_RULE_MINIMUM_LOWER_CASES, "ABCDEF1!g",
	     "ABCDEF1!gh", "ABCDEF1!ghi"},
	    {PWPOL_OPT_MINIMUM_NUMERICS, PWPOL_RULE_MINIMUM_NUMERICS, "Abcdefg1!", "Abcdefg12!",
	     "Abcdefg123!"},
	    {PWPOL_OPT_MINIMUM_PUNCTUATIONS, PWPOL_RULE_MINIMUM_PUNCTUATIONS, "Abcdefg1!",
	     "Abcdefg1!#", "Abcdefg1!#%"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		pwpol_policy *p = policy("ssr");
		/* The profile's 1: none of the class is one too few. */
		set(p, cases[i].opt, 2);
		assert_rejected(p, cases[i].below, NULL, NULL, cases[i].rule, 2, 1);
		assert_ok(p, cases[i].at, NULL, NULL);
		assert_ok(p, cases[i].above, NULL, NULL);
		pwpol_policy_free(p);
	}
	pwpol_policy *p = policy("ssr");
	assert_rejected(p, "abcdefg1!", NULL, NULL, PWPOL_RULE_MINIMUM_UPPER_CASES, 1, 0);
	assert_rejected(p, "ABCDEFG1!", NULL, NULL, PWPOL_RULE_MINIMUM_LOWER_CASES, 1, 0);
	assert_rejected(p, "Abcdefgh!", NULL, NULL, PWPOL_RULE_MINIMUM_NUMERICS, 1, 0);
	assert_rejected(p, "Abcdefgh1", NULL, NULL, PWPOL_RULE_MINIMUM_PUNCTUATIONS, 1, 0);
	/* junos asks for no class. */
	pwpol_policy_free(p);
	p = policy("junos");
	assert_ok(p, "abcdefgh", NULL, NULL);
	pwpol_policy_free(p);
}

/* Space is punctuation; non-ASCII letters with case are upper or lower;
 * non-ASCII decimal digits are numeric; the rest is "other". */
static void test_classes_unicode(void **state)
{
	(void)state;
	pwpol_policy *p = policy("ssr");
	assert_ok(p, "Abcdefg1 ", NULL, NULL);
	/* Any printable character that is neither a letter nor a digit is
	 * special (P*, S*, Zs): €, §, ¿, an emoji. */
	assert_ok(p, "Abcdefg1€", NULL, NULL);
	assert_ok(p, "Abcdefg1§", NULL, NULL);
	assert_ok(p, "Abcdefg1¿", NULL, NULL);
	assert_ok(p, "Abcdefg1\u2192", NULL, NULL); /* arrow, Sm */
	assert_ok(p, "Abcdefg1\U0001F600", NULL, NULL);
	/* A letter without case is neither: other. */
	assert_rejected(p, "Abcdefg1中", NULL, NULL, PWPOL_RULE_MINIMUM_PUNCTUATIONS, 1, 0);
	assert_ok(p, "Ébcdefg1!", NULL, NULL); /* É upper */
	assert_ok(p, "Abédefg1!", NULL, NULL); /* é lower */
	assert_rejected(p, "ABCDEFG1!", NULL, NULL, PWPOL_RULE_MINIMUM_LOWER_CASES, 1, 0);
	assert_ok(p, "ABCDEFG1!é", NULL, NULL);
	assert_ok(p, "Abcdefgh!٣", NULL, NULL); /* ٣ numeric */
	pwpol_policy_free(p);

	/* character-sets: other is a fifth set. */
	p = policy("junos-fips");
	assert_rejected(p, "abcdefgh中中", NULL, NULL, PWPOL_RULE_MINIMUM_CHANGES, 3, 2);
	assert_ok(p, "abcdefgh1中", NULL, NULL);
	set(p, PWPOL_OPT_MINIMUM_CHANGES, 5);
	assert_rejected(p, "Abcdefgh1中", NULL, NULL, PWPOL_RULE_MINIMUM_CHANGES, 5, 4);
	assert_rejected(p, "Abcdefgh1 €", NULL, NULL, PWPOL_RULE_MINIMUM_CHANGES, 5, 4);
	assert_ok(p, "Abcdefgh1 中", NULL, NULL);
	pwpol_policy_free(p);
}

static void test_nfkc(void **state)
{
	(void)state;
	pwpol_policy *p = policy("ssr");
	/* Fullwidth Ａ is A: an upper-case letter, equal to A in a run. */
	assert_ok(p, FULLWIDTH_A "bcdefg1!", NULL, NULL);
	assert_rejected(p, "A" FULLWIDTH_A "A" FULLWIDTH_A "bcdefg1!", NULL, NULL,
	                PWPOL_RULE_MAXIMUM_REPEATS, 3, 4);
	/* é counts 1, nine of them 9: long enough, but one class and a run. */
	assert_int_equal(check(p, "ééééééééé", NULL, NULL), PWPOL_REJECTED);
	assert_null(finding(PWPOL_RULE_MINIMUM_LENGTH));
	assert_null(finding(PWPOL_RULE_MINIMUM_LOWER_CASES));
	assert_int_equal(finding(PWPOL_RULE_MINIMUM_UPPER_CASES)->have, 0);
	assert_int_equal(finding(PWPOL_RULE_MAXIMUM_REPEATS)->have, 9);
	assert_int_equal(pwpol_report_count(rep), 4);
	pwpol_policy_free(p);

	p = policy("junos");
	/* The ligature ﬁ is two characters. */
	assert_rejected(p, "abc" LIGATURE_FI, NULL, NULL, PWPOL_RULE_MINIMUM_LENGTH, 6, 5);
	assert_ok(p, "abcd" LIGATURE_FI, NULL, NULL);
	/* é precomposed or as e + combining acute: one character either way. */
	assert_rejected(p, "abcdé", NULL, NULL, PWPOL_RULE_MINIMUM_LENGTH, 6, 5);
	assert_rejected(p, "abcde" COMBINING_ACUTE, NULL, NULL, PWPOL_RULE_MINIMUM_LENGTH, 6, 5);
	assert_ok(p, "abcde" COMBINING_ACUTE "x", NULL, NULL);
	/* U+FDFA becomes 18 code points: 1365 of them outgrow the stack
	 * buffer and take the heap path. */
	set(p, PWPOL_OPT_MAXIMUM_LENGTH, 128);
	char big[1365 * 3 + 1];
	for (int i = 0; i < 1365; i++)
		memcpy(big + 3 * i, SALLALLAHOU, 3);
	big[sizeof big - 1] = '\0';
	assert_rejected(p, big, NULL, NULL, PWPOL_RULE_MAXIMUM_LENGTH, 128, 1365 * 18);
	pwpol_policy_free(p);
}

static void test_input_errors(void **state)
{
	(void)state;
	assert_input_error("", 0, PWPOL_RULE_EMPTY, -1, -1);
	assert_input_error(NULL, 0, PWPOL_RULE_EMPTY, -1, -1);
	assert_input_error("abc" BYTE_FF "defgh", 9, PWPOL_RULE_INVALID_UTF8, -1, 3);
	assert_input_error("abcdefg\xc3", 8, PWPOL_RULE_INVALID_UTF8, -1, 7);
	assert_input_error(OVERLONG_SLASH "abcdefg", 9, PWPOL_RULE_INVALID_UTF8, -1, 0);
	assert_input_error("ab" SURROGATE "cdefg", 10, PWPOL_RULE_INVALID_UTF8, -1, 2);
	/* NUL inside the length is a control character, not the end. */
	assert_input_error("abc\0defgh", 9, PWPOL_RULE_CONTROL_CHARACTER, -1, 3);
	assert_input_error("\tabcdefg", 8, PWPOL_RULE_CONTROL_CHARACTER, -1, 0);
	assert_input_error("abcdefg\x7f", 8, PWPOL_RULE_CONTROL_CHARACTER, -1, 7);
	assert_input_error("éab" NEL "cdef", 10, PWPOL_RULE_CONTROL_CHARACTER, -1, 4);
	assert_input_error("abcdefgh\n", 9, PWPOL_RULE_CONTROL_CHARACTER, -1, 8);

	/* PWPOL_INPUT_MAX bytes are accepted, one more is not. */
	char *pw = malloc(PWPOL_INPUT_MAX + 1);
	assert_non_null(pw);
	memset(pw, 'a', PWPOL_INPUT_MAX + 1);
	pwpol_policy *p = policy("junos");
	assert_int_equal(check_len(p, pw, PWPOL_INPUT_MAX - 1), PWPOL_OK);
	assert_int_equal(check_len(p, pw, PWPOL_INPUT_MAX), PWPOL_OK);
	assert_int_equal(check_len(p, pw, PWPOL_INPUT_MAX + 1), PWPOL_EINVAL);
	assert_only(PWPOL_RULE_TOO_LONG, PWPOL_INPUT_MAX, PWPOL_INPUT_MAX + 1);
	pwpol_policy_free(p);
	free(pw);

	/* The old password and the username are held to the same rules. */
	p = policy("ssr");
	assert_int_equal(check(p, "S3cure#Pass", NULL, "ab" BYTE_FF), PWPOL_EINVAL);
	assert_only(PWPOL_RULE_INVALID_UTF8, -1, 2);
	assert_int_equal(pwpol_check(p, "S3cure#Pass", 11, NULL, "", 0, rep), PWPOL_EINVAL);
	assert_only(PWPOL_RULE_EMPTY, -1, -1);
	assert_int_equal(check(p, "S3cure#Pass", "ad\x01min", NULL), PWPOL_EINVAL);
	assert_only(PWPOL_RULE_CONTROL_CHARACTER, -1, 2);
	assert_int_equal(pwpol_check(NULL, "S3cure#Pass", 11, NULL, NULL, 0, rep), PWPOL_EINVAL);
	pwpol_policy_free(p);
}

static void test_change_type(void **state)
{
	(void)state;
	pwpol_policy *p = policy("junos-fips");
	assert_rejected(p, "abcdefghiJ", NULL, NULL, PWPOL_RULE_MINIMUM_CHANGES, 3, 2);
	assert_ok(p, "abcdefghJ1", NULL, NULL);
	assert_ok(p, "abcdefgJ1!", NULL, NULL);
	pwpol_policy_free(p);

	p = policy("junos");
	assert_ok(p, "abcdefgh", NULL, NULL); /* one set is the junos minimum */
	set(p, PWPOL_OPT_CHANGE_TYPE, PWPOL_CHANGE_TYPE_SET_TRANSITIONS);
	assert_rejected(p, "abcdefgh", NULL, NULL, PWPOL_RULE_MINIMUM_CHANGES, 1, 0);
	set(p, PWPOL_OPT_MINIMUM_CHANGES, 3);
	assert_rejected(p, "abcDEF1", NULL, NULL, PWPOL_RULE_MINIMUM_CHANGES, 3, 2);
	assert_ok(p, "abcDEF1x", NULL, NULL);
	assert_ok(p, "abcDEF1x!", NULL, NULL);
	/* Many sets but grouped: few transitions. */
	assert_rejected(p, "abcABC123", NULL, NULL, PWPOL_RULE_MINIMUM_CHANGES, 3, 2);
	set(p, PWPOL_OPT_MINIMUM_CHANGES, 0);
	assert_ok(p, "abcdefgh", NULL, NULL);
	pwpol_policy_free(p);
}

static void test_maximum_repeats(void **state)
{
	(void)state;
	pwpol_policy *p = policy("ssr");
	assert_ok(p, "Abcdef1!xx", NULL, NULL);
	assert_ok(p, "Abcdef1!xxx", NULL, NULL);
	assert_rejected(p, "Abcdef1!xxxx", NULL, NULL, PWPOL_RULE_MAXIMUM_REPEATS, 3, 4);
	/* Case-sensitive: xXxX is no run. */
	assert_ok(p, "Abcdef1!xXxX", NULL, NULL);
	/* Have is the longest run. */
	assert_rejected(p, "Abbbbcdef1!xxxxxx", NULL, NULL, PWPOL_RULE_MAXIMUM_REPEATS, 3, 6);
	set(p, PWPOL_OPT_MAXIMUM_REPEATS, 1);
	assert_ok(p, "Abcdefg1!", NULL, NULL);
	assert_rejected(p, "Abcdeff1!", NULL, NULL, PWPOL_RULE_MAXIMUM_REPEATS, 1, 2);
	set(p, PWPOL_OPT_MAXIMUM_REPEATS, 0);
	assert_ok(p, "Abcdef1!xxxxxxxx", NULL, NULL);
	pwpol_policy_free(p);

	p = policy("junos");
	assert_ok(p, "aaaaaaaa", NULL, NULL);
	pwpol_policy_free(p);
}

/* RHEL's maxclassrepeat: characters of one class in a row, in each path
 * (short and long ASCII, and the general one). */
static void test_maximum_class_repeats(void **state)
{
	(void)state;
	pwpol_policy *p = policy("junos");
	assert_ok(p, "abcdefgh", NULL, NULL); /* off by default */
	set(p, PWPOL_OPT_MAXIMUM_CLASS_REPEATS, 4);
	assert_ok(p, "abcd1234ABCD!@#$", NULL, NULL);
	assert_rejected(p, "abcde1234", NULL, NULL, PWPOL_RULE_MAXIMUM_CLASS_REPEATS, 4, 5);
	assert_rejected(p, "ab1CDEFGH!", NULL, NULL, PWPOL_RULE_MAXIMUM_CLASS_REPEATS, 4, 6);
	assert_rejected(p, "a1!@#$%^", NULL, NULL, PWPOL_RULE_MAXIMUM_CLASS_REPEATS, 4, 6);
	/* Over 32 bytes (the long ASCII path): the run at the end counts. */
	assert_ok(p, "ab1Cab1Cab1Cab1Cab1Cab1Cab1Cab1Cabcd", NULL, NULL);
	assert_rejected(p, "ab1Cab1Cab1Cab1Cab1Cab1Cab1Cab1Cabcde", NULL, NULL,
	                PWPOL_RULE_MAXIMUM_CLASS_REPEATS, 4, 5);
	/* Non-ASCII: characters, not bytes; é is lower-case, 日本 is other. */
	assert_ok(p,
	          "1\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
	          "1",
	          NULL, NULL);
	assert_rejected(p, "1\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", NULL, NULL,
	                PWPOL_RULE_MAXIMUM_CLASS_REPEATS, 4, 5);
	assert_rejected(p, "日本語日本1", NULL, NULL, PWPOL_RULE_MAXIMUM_CLASS_REPEATS, 4, 5);
	set(p, PWPOL_OPT_MAXIMUM_CLASS_REPEATS, 1);
	assert_ok(p, "a1B!c2D@", NULL, NULL);
	assert_rejected(p, "a1B!c2DD", NULL, NULL, PWPOL_RULE_MAXIMUM_CLASS_REPEATS, 1, 2);
	pwpol_policy_free(p);
}

static void test_username_check(void **state)
{
	(void)state;
	pwpol_policy *p = policy("ssr");
	enum pwpol_rule u = PWPOL_RULE_USERNAME_CHECK;
	assert_rejected(p, "Admin1234!", "admin", NULL, u, -1, -1);
	assert_rejected(p, "xx!9ADMINx", "admin", NULL, u, -1, -1); /* case-folded */
	assert_rejected(p, "Xx!9admin", "ADMIN", NULL, u, -1, -1);
	assert_rejected(p, "X@dm1n99!", "admin", NULL, u, -1, -1); /* @ a, 1 i */
	assert_rejected(p, "Zz9!n1md@", "admin", NULL, u, -1, -1); /* reversed */
	assert_rejected(p, "Zz9!NIMDA", "admin", NULL, u, -1, -1);
	assert_rejected(p, "Xy9!1o1@Q", "lola", NULL, u, -1, -1);    /* 1 as l */
	assert_rejected(p, "Xy9!r00T7", "root", NULL, u, -1, -1);    /* 0 o, 7 t */
	assert_rejected(p, "Xy9!$3cr3T", "secret", NULL, u, -1, -1); /* $ s, 3 e */
	assert_rejected(p, "Xy9!b45hx", "bash", NULL, u, -1, -1);    /* 4 a, 5 s */
	assert_rejected(p, "Xyz!T128a", "t128", NULL, u, -1, -1);
	assert_rejected(p, "Xyz!tl28a", "t128", NULL, u, -1, -1);
	assert_rejected(p, "Xyz!tI28a", "t128", NULL, u, -1, -1);
	assert_rejected(p, "Xbob1234!", "bob", NULL, u, -1, -1);
	/* Near misses stay legal. */
	assert_ok(p, "Adm1x234!", "admin", NULL);
	assert_ok(p, "Admi#234n", "admin", NULL);
	assert_ok(p, "Xyz!t228a", "t128", NULL);
	assert_ok(p, "Xbo#1234!", "bob", NULL);
	assert_ok(p, "Xbob1234!", NULL, NULL);
	assert_ok(p, "Xbob1234!", "", NULL);

	/* Under 3 characters: the whole password, or all of its letters. */
	assert_ok(p, "abXyz123!", "ab", NULL);
	assert_int_equal(check(p, "ab", "ab", NULL), PWPOL_REJECTED);
	assert_non_null(finding(u));
	assert_int_equal(check(p, "BA", "ab", NULL), PWPOL_REJECTED);
	assert_non_null(finding(u));
	assert_int_equal(check(p, "4b", "ab", NULL), PWPOL_REJECTED);
	assert_non_null(finding(u));
	assert_int_equal(check(p, "ab1", "ab", NULL), PWPOL_REJECTED);
	assert_non_null(finding(u));
	assert_int_equal(check(p, "x4b1", "ab", NULL), PWPOL_REJECTED);
	assert_null(finding(u));

	/* Off in junos. */
	pwpol_policy_free(p);
	p = policy("junos");
	assert_ok(p, "admin123", "admin", NULL);
	set(p, PWPOL_OPT_USERNAME_CHECK, 1);
	assert_rejected(p, "admin123", "admin", NULL, u, -1, -1);
	pwpol_policy_free(p);
}

/* Lengths and every count are in user-perceived characters: a letter with
 * its combining marks is one, an emoji sequence is one. */
static void test_grapheme_clusters(void **state)
{
	(void)state;
	/* Q, five letters each under a tilde overlay, 1, !, k: 9 characters in
	 * 14 code points (U+0334 composes with none of them). */
	static const char nine[] = "Qq" TILDE_OVERLAY "x" TILDE_OVERLAY "z" TILDE_OVERLAY
	                           "w" TILDE_OVERLAY "v" TILDE_OVERLAY "1!k";
	struct pwpol__text t;
	assert_int_equal(pwpol__text_decode(&t, nine, strlen(nine), 0, rep), PWPOL_OK);
	assert_int_equal(t.n, 14);
	pwpol__text_wipe(&t);
	pwpol_policy *p = policy("ssr");
	assert_ok(p, nine, NULL, NULL);
	set(p, PWPOL_OPT_MINIMUM_LENGTH, 10);
	assert_rejected(p, nine, NULL, NULL, PWPOL_RULE_MINIMUM_LENGTH, 10, 9);
	set(p, PWPOL_OPT_MINIMUM_LENGTH, 9);
	set(p, PWPOL_OPT_MAXIMUM_LENGTH, 20);
	/* The marks are no characters of their own: they do not make "other"
	 * characters nor break a run. */
	assert_rejected(
	    p, "Ab1!xq" TILDE_OVERLAY "q" TILDE_OVERLAY "q" TILDE_OVERLAY "q" TILDE_OVERLAY, NULL,
	    NULL, PWPOL_RULE_MAXIMUM_REPEATS, 3, 4);
	pwpol_policy_free(p);

	p = policy("junos-fips"); /* 10 characters, 3 character sets */
	/* A ZWJ sequence, a flag of regional indicators, a keycap and a
	 * subdivision flag are one character each. */
	assert_rejected(p, "Abcdefg1" WOMAN ZWJ LAPTOP, NULL, NULL, PWPOL_RULE_MINIMUM_LENGTH, 10,
	                9);
	assert_ok(p, "Abcdefg1" WOMAN ZWJ LAPTOP "x", NULL, NULL);
	assert_rejected(p, "Abcdefg1" FLAG_FR, NULL, NULL, PWPOL_RULE_MINIMUM_LENGTH, 10, 9);
	assert_rejected(p, "Abcdefgh1" VS16 KEYCAP, NULL, NULL, PWPOL_RULE_MINIMUM_LENGTH, 10, 9);
	assert_rejected(p, "Abcdefg1" FLAG_ENGLAND, NULL, NULL, PWPOL_RULE_MINIMUM_LENGTH, 10, 9);
	assert_rejected(p, "Abcdefg1" HEART VS16, NULL, NULL, PWPOL_RULE_MINIMUM_LENGTH, 10, 9);
	/* A prepended concatenation mark (U+0600) is one character with the
	 * digit after it (UAX #29 GB9b). */
	assert_rejected(p,
	                "Abcdefg!\xd8\x80"
	                "1",
	                NULL, NULL, PWPOL_RULE_MINIMUM_LENGTH, 10, 9);
	pwpol_policy_free(p);

	/* minimum-character-changes by character: a mark added to one letter
	 * changes one position, not every one after it. */
	p = policy("ssr");
	assert_rejected(p, "Kx7#mWq" TILDE_OVERLAY "2vL", NULL, "Kx7#mWq2vL",
	                PWPOL_RULE_MINIMUM_CHARACTER_CHANGES, 8, 1);
	pwpol_policy_free(p);
}

static void assert_invisible(const char *pw, const char *user, long at)
{
	pwpol_policy *p = policy("ssr");
	assert_int_equal(check(p, pw, user, NULL), PWPOL_EINVAL);
	assert_only(PWPOL_RULE_INVISIBLE_CHARACTER, -1, at);
	pwpol_policy_free(p);
}

/* Default-ignorable code points are refused with their byte offset, but
 * for the parts of an emoji; they never hide a username. */
static void test_invisible_characters(void **state)
{
	(void)state;
	assert_invisible("ali" ZWSP "ce", NULL, 3);
	assert_invisible("Xali" ZWSP "ce12!", "alice", 4);
	assert_invisible("Kx7#mW" ZWNJ "q2vL", NULL, 6);
	assert_invisible("Kx7#mW" ZWJ "q2vL", NULL, 6); /* ZWJ outside an emoji */
	assert_invisible("Kx7#mW" WORD_JOINER "q2vL", NULL, 6);
	assert_invisible(BOM "Kx7#mWq2vL", NULL, 0);
	assert_invisible("Kx7#m" SOFT_HYPHEN "Wq2vL", NULL, 5);
	assert_invisible("Kx7#mWA" VS16 "q2vL", NULL, 7); /* a selector after a letter */
	assert_invisible("Kx7#mW" WOMAN ZWJ, NULL, 10);   /* a joiner joining nothing */
	assert_invisible("Kx7#mW" WOMAN ZWJ "q2vL", NULL, 10);
	/* In the username too. */
	assert_invisible("Kx7#mWq2vL", "ali" ZWSP "ce", 3);
	/* Blank although not default-ignorable (NFKC keeps them): U+2800
	 * BRAILLE PATTERN BLANK, U+FFFC OBJECT REPLACEMENT CHARACTER, U+1D159
	 * MUSICAL SYMBOL NULL NOTEHEAD, U+2028 LINE SEPARATOR. Before, each
	 * split a username unnoticed: Xy7#ad<U+2800>min99Q passed for admin. */
	assert_invisible("Xy7#ad\xe2\xa0\x80min99Q", "admin", 6);
	assert_invisible("Xy7#ad\xef\xbf\xbcmin99Q", "admin", 6);
	assert_invisible("Xy7#ad\xf0\x9d\x85\x99min99Q", "admin", 6);
	assert_invisible("Xy7#ad\xe2\x80\xa8min99Q", "admin", 6);
	assert_invisible("Kx7#mWq2vL\xe2\xa0\x80", NULL, 10);

	pwpol_policy *p = policy("ssr");
	assert_ok(p, "Kx7#mWq2vL" WOMAN ZWJ LAPTOP, NULL, NULL);
	assert_ok(p, "Kx7#mWq2vL" HEART VS16, NULL, NULL);
	assert_ok(p, "Kx7#mWq2vL1" VS16 KEYCAP, NULL, NULL);
	assert_ok(p, "Kx7#mWq2vL" FLAG_ENGLAND, NULL, NULL);
	/* An old password from before the refusal is compared without its
	 * invisible characters: the same password again changes nothing. */
	assert_rejected(p, "Kx7#mWq2vL", NULL, "Kx7#" ZWSP "mWq2vL",
	                PWPOL_RULE_MINIMUM_CHARACTER_CHANGES, 8, 0);
	pwpol_policy_free(p);
}

/* "Cannot contain the username in any form": separators, look-alikes,
 * accents and confusables from other scripts. */
static void test_username_forms(void **state)
{
	(void)state;
	pwpol_policy *p = policy("ssr");
	enum pwpol_rule u = PWPOL_RULE_USERNAME_CHECK;
	assert_rejected(p, "Xa-d-m-i-n9!", "admin", NULL, u, -1, -1);
	assert_rejected(p, "Xa.d.m.i.n9!", "admin", NULL, u, -1, -1);
	assert_rejected(p, "Xad min9!", "admin", NULL, u, -1, -1);
	assert_rejected(p, "Xn_i_m_d_a9!", "admin", NULL, u, -1, -1); /* reversed */
	assert_rejected(p, "Xjohndoe12!", "john.doe", NULL, u, -1, -1);
	assert_rejected(p, "Xjohn-doe12!", "john.doe", NULL, u, -1, -1);
	assert_rejected(p, "Xjohn.doe12!", "john_doe", NULL, u, -1, -1);
	assert_rejected(p, "Xbob1234!", "bob$", NULL, u, -1, -1);
	assert_rejected(p, "XaDm!n99#", "admin", NULL, u, -1, -1); /* ! as i */
	assert_rejected(p, "Xadm|n99#", "admin", NULL, u, -1, -1); /* | as i */
	assert_rejected(p, "X!ola99#z", "lola", NULL, u, -1, -1);  /* ! as l */
	assert_rejected(p, "X|o|a99#z", "lola", NULL, u, -1, -1);  /* | as l */
	assert_rejected(p, "X(harlie9#", "charlie", NULL, u, -1, -1);
	assert_rejected(p, "X" A_ACUTE "dmin9!z", "admin", NULL, u, -1, -1);
	assert_rejected(p,
	                "Xa"
	                "d" COMBINING_ACUTE "min9!z",
	                "admin", NULL, u, -1, -1);
	assert_rejected(p, "X" CYRILLIC_A "dmin9!z", "admin", NULL, u, -1, -1);
	assert_rejected(p, "X" CYRILLIC_A "dm" CYRILLIC_I "n9!z", "admin", NULL, u, -1, -1);
	assert_rejected(p, "X" GREEK_ALPHA "DMIN9!a", "admin", NULL, u, -1, -1);
	assert_rejected(p, "X" FULLWIDTH_A "DMIN9!a", "admin", NULL, u, -1, -1);
	assert_rejected(p, "Xn" CYRILLIC_I "md" CYRILLIC_A "9!z", "admin", NULL, u, -1, -1);
	/* Every form at once, on a non-ASCII password. */
	assert_rejected(p,
	                "X" A_ACUTE "-d.m_!"
	                "n9é",
	                "admin", NULL, u, -1, -1);
	/* A name of one or two characters is still compared whole. */
	assert_int_equal(check(p, "a.b", "ab", NULL), PWPOL_REJECTED);
	assert_non_null(finding(u));
	assert_int_equal(check(p, "a-b", "a.b", NULL), PWPOL_REJECTED);
	assert_non_null(finding(u));
	assert_int_equal(check(p, "a-b1", "ab", NULL), PWPOL_REJECTED);
	assert_non_null(finding(u)); /* its letters are the name */
	assert_int_equal(check(p, "a-bc1", "ab", NULL), PWPOL_REJECTED);
	assert_null(finding(u));
	/* Near misses stay legal; rn is not m (the skeleton's rn for m is left
	 * to ASCII's own look-alikes, which do not hold it), on either path. */
	assert_ok(p, "Xa-d-m-x-n9!", "admin", NULL);
	assert_ok(p, "Xadrnin9!", "admin", NULL);
	assert_ok(p, "Xadrnin9!é", "admin", NULL);
	assert_ok(p, "X" CYRILLIC_A "dmxn9!z", "admin", NULL);
	pwpol_policy_free(p);
}

/* The reduction reduce.c keeps per block of code points gives, for every
 * code point up to U+3000, what ICU's skeleton and utf8proc's folding give
 * when asked directly, one code point at a time. */
static enum pwpol_status collect(void *ctx, int32_t c)
{
	struct {
		int32_t v[64];
		size_t n;
	} *out = ctx;
	if (out->n < 64)
		out->v[out->n++] = c;
	return PWPOL_OK;
}

#define REF_OPTIONS                                                                                \
	(UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_DECOMPOSE | UTF8PROC_CASEFOLD |              \
	 UTF8PROC_STRIPMARK | UTF8PROC_IGNORE)

static size_t reference(USpoofChecker *sc, int32_t c, int32_t *out)
{
	int32_t d[32], n = 0;
	int last = 0;
	utf8proc_ssize_t k = utf8proc_decompose_char(c, d, 32, REF_OPTIONS, &last);
	size_t o = 0;
	for (utf8proc_ssize_t i = 0; i < k; i++) {
		if (d[i] < 0x80) {
			out[o++] = d[i];
			continue;
		}
		UChar in[2], sk[64];
		n = 0;
		U16_APPEND_UNSAFE(in, n, d[i]);
		UErrorCode e = U_ZERO_ERROR;
		int32_t sl = uspoof_getSkeleton(sc, 0, in, n, sk, 64, &e);
		assert_false(U_FAILURE(e));
		for (int32_t j = 0; j < sl;) {
			UChar32 x;
			U16_NEXT(sk, j, sl, x);
			int32_t f[32];
			utf8proc_ssize_t fk = utf8proc_decompose_char(x, f, 32, REF_OPTIONS, &last);
			for (utf8proc_ssize_t q = 0; q < fk; q++)
				out[o++] = f[q];
		}
	}
	return o;
}

static void test_reduce_matches_icu(void **state)
{
	(void)state;
	UErrorCode e = U_ZERO_ERROR;
	USpoofChecker *sc = uspoof_open(&e);
	assert_false(U_FAILURE(e));
	size_t differ = 0, mapped = 0;
	for (int32_t c = 0x80; c < 0x3000; c++) {
		if (c >= 0xd800 && c <= 0xdfff)
			continue;
		struct pwpol__text t = {.cp = NULL, .n = 1, .ascii = 0};
		t.cp = t.buf;
		t.buf[0] = c;
		struct {
			int32_t v[64];
			size_t n;
		} got = {.n = 0};
		assert_int_equal(pwpol__text_reduce(&t, collect, &got), PWPOL_OK);
		int32_t want[256];
		size_t n = reference(sc, c, want);
		if (got.n != n || memcmp(got.v, want, n * sizeof *want) != 0)
			differ++;
		mapped += n == 1 && want[0] < 0x80;
	}
	uspoof_close(sc);
	assert_int_equal(differ, 0);
	assert_true(mapped > 1000); /* accents and confusables reach ASCII */
}

/* The username "in any form" as an SSR operator reads it: any ASCII
 * punctuation between its letters, l for i, each part of a name with
 * separators, and what a name of one or two characters forbids; on the
 * ASCII path and (with a non-ASCII character after it) the others. */
static void assert_name(const char *pw, const char *user, int found)
{
	pwpol_policy *p = policy("ssr");
	for (int wide = 0; wide < 2; wide++) {
		char buf[128];
		snprintf(buf, sizeof buf, "%s%s", pw, wide ? "\xe2\x82\xac" : ""); /* € */
		check(p, buf, user, NULL);
		if ((finding(PWPOL_RULE_USERNAME_CHECK) != NULL) != found)
			fail_msg("'%s' user %s: found %d", buf, user, !found);
	}
	pwpol_policy_free(p);
}

static void test_username_any_form(void **state)
{
	(void)state;
	assert_name("Xa/d/m/i/n9", "admin", 1);
	assert_name("Xa+d+m+i+n9", "admin", 1);
	assert_name("Xa*d*m*i*n9", "admin", 1);
	assert_name("X#a%d^m~i=n9", "admin", 1);
	assert_name("Xa!d!m!i!n9#", "admin", 1); /* ! passed over, or i */
	assert_name("Xa/d/m/x/n9", "admin", 0);
	assert_name("Xadmln9#", "admin", 1); /* l for i */
	assert_name("Xadmhn9#", "admin", 0);
	assert_name("XIoia9#z", "lola", 1); /* I and i for l */
	assert_name("Xdoe.john1!", "john.doe", 1);
	assert_name("DoeJohn#12", "john.doe", 1);
	assert_name("Xy#Doe12345", "john.doe", 1); /* a part of three */
	assert_name("Xy#John12345", "john.doe", 1);
	assert_name("Xy#Jo12345hn", "john.doe", 0);
	assert_name("Xy#jd12345", "j.d", 0);    /* no part of three: the whole, jd */
	assert_name("Xy#Ab.cd123", "ab.cd", 1); /* parts of two: the whole */
	assert_name("Xy#Ab123", "ab.cd", 0);
	/* One or two characters: the whole password, or all its letters. */
	assert_name("Al#123456789", "al", 1);
	assert_name("La#123456789", "al", 1); /* backwards */
	assert_name("A1#123456789", "al", 0); /* 1 is no letter here */
	assert_name("Alx#12345678", "al", 0);
	assert_name("A#12345678", "a", 1);
	assert_name("Ab#1234567", "a", 0);
	assert_name("T#123456789", "t1", 1); /* its letter: t */
	assert_name("X42#abcdefg", "42", 0); /* no letter: the whole only */
	pwpol_policy *p = policy("ssr");
	assert_int_equal(check(p, "4#2", "42", NULL), PWPOL_REJECTED);
	assert_non_null(finding(PWPOL_RULE_USERNAME_CHECK));
	pwpol_policy_free(p);
}

static void test_minimum_character_changes(void **state)
{
	(void)state;
	pwpol_policy *p = policy("ssr");
	enum pwpol_rule c = PWPOL_RULE_MINIMUM_CHARACTER_CHANGES;
	const char *old = "Abcdef1!xy";
	assert_rejected(p, "AbcDEF2#zw", NULL, old, c, 8, 7);
	assert_ok(p, "AbCDEF2#zw", NULL, old);
	assert_ok(p, "AXCDEF2#zw", NULL, old);
	assert_rejected(p, old, NULL, old, c, 8, 0);
	/* Positions past the shorter password count as changed. */
	assert_rejected(p, "Abcdef1!xyQRSTUVW", NULL, old, c, 8, 7);
	assert_ok(p, "Abcdef1!xyQRSTUVWZ", NULL, old);
	assert_rejected(p, "Abcdef1!x", NULL, "Abcdef1!xQRSTUVW", c, 8, 7);
	assert_ok(p, "Abcdef1!x", NULL, "Abcdef1!xQRSTUVWZ");
	/* Compared after NFKC: fullwidth Ａ is the same A. */
	assert_rejected(p, "AbcDEF2#zw", NULL, FULLWIDTH_A "bcdef1!xy", c, 8, 7);
	/* Counted as edits (insert, delete, substitute), as a person counts
	 * them: one character put in front is one change, not eleven shifted
	 * positions; one taken out is one; a swap of two neighbours is two. */
	assert_rejected(p,
	                "Q"
	                "Abcdef1!xy",
	                NULL, old, c, 8, 1);
	assert_rejected(p, "Abcdef1!y", NULL, old, c, 8, 1);
	assert_rejected(p,
	                "12"
	                "Abcdef1!xy"
	                "34",
	                NULL, old, c, 8, 4);
	assert_rejected(p, "bAcdef1!xy", NULL, old, c, 8, 2);
	/* ... in user-perceived characters after NFKC, on the general path
	 * too: a non-ASCII character in front is one change. */
	assert_rejected(p,
	                "\xc3\xa9"
	                "Abcdef1!xy",
	                NULL, old, c, 8, 1);
	assert_rejected(p,
	                "\xc3\xa9"
	                "Abcdef1!xy",
	                NULL, FULLWIDTH_A "bcdef1!xy", c, 8, 1);
	/* Eight positions changed are eight edits: SSR's rule still holds. */
	assert_ok(p, "Ab1#efghij", NULL, "Ab1#QRSTUVWX");
	assert_rejected(p, "Ab1#efghij", NULL, "Ab1#eRSTUVWX", c, 8, 7);
	/* Without an old password, or in junos, the rule is silent. */
	assert_ok(p, old, NULL, NULL);
	pwpol_policy_free(p);
	p = policy("junos");
	assert_ok(p, old, NULL, old);
	set(p, PWPOL_OPT_MINIMUM_CHARACTER_CHANGES, 4);
	assert_rejected(p, "Abcdef1!", NULL, "Abcde", c, 4, 3);
	assert_ok(p, "Abcdef1!z", NULL, "Abcde");
	pwpol_policy_free(p);
}

static int byte_eq(size_t i, size_t j, const void *ctx)
{
	const char *const *ab = ctx;
	return ab[0][i] == ab[1][j];
}

/* The banded, held edit distance against the whole table, on random
 * strings over a small alphabet (many matches), for every cap. */
static void test_edit_distance(void **state)
{
	(void)state;
	unsigned seed = 7;
	for (int round = 0; round < 20000; round++) {
		char a[24], b[24];
		size_t n = (size_t)(rand_r(&seed) % 20), m = (size_t)(rand_r(&seed) % 20);
		for (size_t i = 0; i < n; i++)
			a[i] = (char)('a' + rand_r(&seed) % 3);
		for (size_t j = 0; j < m; j++)
			b[j] = (char)('a' + rand_r(&seed) % 3);
		long d[21][21];
		for (size_t i = 0; i <= n; i++)
			for (size_t j = 0; j <= m; j++) {
				if (!i || !j) {
					d[i][j] = (long)(i + j);
					continue;
				}
				long v = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
				if (d[i - 1][j] + 1 < v)
					v = d[i - 1][j] + 1;
				if (d[i][j - 1] + 1 < v)
					v = d[i][j - 1] + 1;
				d[i][j] = v;
			}
		long cap = 1 + rand_r(&seed) % 16;
		const char *ab[2] = {a, b};
		long want = d[n][m] < cap ? d[n][m] : cap;
		long got = pwpol__edit_distance(n, m, cap, byte_eq, ab);
		if (got != want)
			fail_msg("'%.*s' '%.*s' cap %ld: %ld, not %ld", (int)n, a, (int)m, b, cap,
			         got, want);
	}
}

/* Every violated rule at once, in the order of the rule table. */
static void test_every_violation(void **state)
{
	(void)state;
	pwpol_policy *p = policy("ssr");
	set(p, PWPOL_OPT_MAXIMUM_LENGTH, 20);
	set(p, PWPOL_OPT_MAXIMUM_CLASS_REPEATS, 4);
	assert_int_equal(check(p, "aaaaa", "aaa", "aaaaa"), PWPOL_REJECTED);
	static const struct pwpol_finding want[] = {
	    {PWPOL_RULE_MINIMUM_LENGTH, PWPOL_SEVERITY_ERROR, 9, 5},
	    {PWPOL_RULE_MINIMUM_UPPER_CASES, PWPOL_SEVERITY_ERROR, 1, 0},
	    {PWPOL_RULE_MINIMUM_NUMERICS, PWPOL_SEVERITY_ERROR, 1, 0},
	    {PWPOL_RULE_MINIMUM_PUNCTUATIONS, PWPOL_SEVERITY_ERROR, 1, 0},
	    {PWPOL_RULE_MAXIMUM_REPEATS, PWPOL_SEVERITY_ERROR, 3, 5},
	    {PWPOL_RULE_MAXIMUM_CLASS_REPEATS, PWPOL_SEVERITY_ERROR, 4, 5},
	    {PWPOL_RULE_USERNAME_CHECK, PWPOL_SEVERITY_ERROR, -1, -1},
	    {PWPOL_RULE_MINIMUM_CHARACTER_CHANGES, PWPOL_SEVERITY_ERROR, 8, 0},
	};
	assert_int_equal(pwpol_report_count(rep), sizeof want / sizeof want[0]);
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		const struct pwpol_finding *f = pwpol_report_get(rep, i);
		assert_string_equal(pwpol_rule_name(f->rule), pwpol_rule_name(want[i].rule));
		assert_int_equal(f->need, want[i].need);
		assert_int_equal(f->have, want[i].have);
	}
	/* The next check starts from a clean report. */
	assert_ok(p, "S3cure#Pass", "admin", NULL);
	pwpol_policy_free(p);

	p = policy("junos-fips");
	set(p, PWPOL_OPT_MINIMUM_LOWER_CASES, 2);
	assert_int_equal(check(p, "AAAAAAAAAAAAAAAAAAAAA", NULL, NULL), PWPOL_REJECTED);
	assert_int_equal(pwpol_report_count(rep), 3);
	assert_int_equal(finding(PWPOL_RULE_MAXIMUM_LENGTH)->have, 21);
	assert_int_equal(finding(PWPOL_RULE_MINIMUM_LOWER_CASES)->need, 2);
	assert_int_equal(finding(PWPOL_RULE_MINIMUM_CHANGES)->have, 1);
	pwpol_policy_free(p);
}

static void assert_message(enum pwpol_rule rule, const char *want)
{
	const struct pwpol_finding *f = finding(rule);
	assert_non_null(f);
	char buf[256];
	int n = pwpol_finding_message(f, buf, sizeof buf);
	assert_string_equal(buf, want);
	assert_int_equal(n, (int)strlen(want));
}

static void test_messages(void **state)
{
	(void)state;
	pwpol_policy *p = policy("ssr");
	assert_int_equal(check(p, "aaaab", "bob", NULL), PWPOL_REJECTED);
	assert_message(PWPOL_RULE_MINIMUM_LENGTH, "must be at least 9 characters long (it has 5)");
	assert_message(PWPOL_RULE_MINIMUM_UPPER_CASES,
	               "must contain at least 1 upper-case letter (it has 0)");
	assert_message(
	    PWPOL_RULE_MAXIMUM_REPEATS,
	    "must not repeat a character more than 3 times in a row (it repeats one 4 times)");
	set(p, PWPOL_OPT_MAXIMUM_CLASS_REPEATS, 3);
	assert_int_equal(check(p, "Abcd1234!", NULL, NULL), PWPOL_REJECTED);
	assert_message(PWPOL_RULE_MAXIMUM_CLASS_REPEATS,
	               "must not have more than 3 characters of one class (upper-case, "
	               "lower-case, digit, punctuation, other) in a row (it has 4)");
	set(p, PWPOL_OPT_MAXIMUM_CLASS_REPEATS, 0);
	assert_int_equal(check(p, "Xbob1234!", "bob", NULL), PWPOL_REJECTED);
	assert_message(PWPOL_RULE_USERNAME_CHECK, "must not contain the username in any form");
	assert_int_equal(check_len(p, "abc" BYTE_FF, 4), PWPOL_EINVAL);
	assert_message(PWPOL_RULE_INVALID_UTF8, "is not valid UTF-8 (at byte 3)");
	assert_int_equal(check_len(p, "ab\0", 3), PWPOL_EINVAL);
	assert_message(PWPOL_RULE_CONTROL_CHARACTER,
	               "must not contain NUL or control characters (at byte 2)");
	pwpol_policy_free(p);
}

/* The printable-ASCII path and the general path (NFKC over utf8proc) must
 * give the same verdict, finding for finding: 200,000 random candidates,
 * many built from the username in look-alike forms, with and without an
 * old password, under all three profiles and both change types. */
static uint64_t eq_rng = 88172645463325252u;
static unsigned eq_next(unsigned n)
{
	eq_rng ^= eq_rng << 13;
	eq_rng ^= eq_rng >> 7;
	eq_rng ^= eq_rng << 17;
	return (unsigned)(eq_rng % n);
}

static void random_candidate(char *buf, size_t *len, const char *user)
{
	static const char alphabet[] = "aAbBcCeEiIlLoOsStT01345789@$#!|(-_. lLiI";
	static const char leet[] = "4@31!|0$57(";
	static const char separators[] = ".-_ /+*#!$";
	size_t n = 1 + eq_next(24);
	for (size_t i = 0; i < n; i++)
		buf[i] = eq_next(4) ? alphabet[eq_next(sizeof alphabet - 1)]
		                    : (char)(0x20 + eq_next(0x5f));
	if (user && eq_next(2)) { /* the username: reversed, cased, leet, spaced out */
		size_t m = strlen(user), w = eq_next((unsigned)n + 1);
		int rev = eq_next(2), spaced = eq_next(3) == 0;
		for (size_t j = 0; j < m && w < 40; j++) {
			char c = user[rev ? m - 1 - j : j];
			if (eq_next(3) == 0)
				c = (char)(c ^ 0x20);
			if (eq_next(4) == 0)
				c = leet[eq_next(sizeof leet - 1)];
			buf[w++] = c;
			if (spaced && w < 40)
				buf[w++] = separators[eq_next(sizeof separators - 1)];
		}
		if (w > n)
			n = w;
	}
	*len = n;
}

static void test_ascii_path_equals_general(void **state)
{
	(void)state;
	static const char *const users[] = {
	    "alice",    "al",     "root",  "t128", "Bob", "l1i",   "a.b_c$",   "a.b",        "x$",
	    "john.doe", "ad min", "c!i|l", "a",    "t1",  "ab.cd", "jo.q.doe", "doe.john.x", "42"};
	static const char *const profiles[] = {"ssr", "junos", "junos-fips"};
	pwpol_report *r2 = NULL;
	assert_int_equal(pwpol_report_new(&r2), PWPOL_OK);
	for (int k = 0; k < 6; k++) {
		pwpol_policy *p = NULL;
		assert_int_equal(pwpol_policy_new(&p, profiles[k % 3]), PWPOL_OK);
		assert_int_equal(pwpol_policy_set(p, PWPOL_OPT_CHANGE_TYPE, k / 3), PWPOL_OK);
		assert_int_equal(pwpol_policy_set(p, PWPOL_OPT_USERNAME_CHECK, 1), PWPOL_OK);
		assert_int_equal(pwpol_policy_set(p, PWPOL_OPT_MAXIMUM_REPEATS, 2), PWPOL_OK);
		assert_int_equal(pwpol_policy_set(p, PWPOL_OPT_MAXIMUM_CLASS_REPEATS, k % 4),
		                 PWPOL_OK);
		for (int i = 0; i < 200000 / 6; i++) {
			char pw[48], old[48];
			size_t len, oldlen;
			const char *user =
			    eq_next(5) ? users[eq_next(sizeof users / sizeof *users)] : NULL;
			random_candidate(pw, &len, user);
			random_candidate(old, &oldlen, NULL);
			const char *o = eq_next(2) ? old : NULL;
			enum pwpol_status a = pwpol_check(p, pw, len, user, o, oldlen, rep);
			pwpol_report_clear(r2);
			enum pwpol_status b = pwpol__check_general(p, pw, len, user, o, oldlen, r2);
			if (a != b || pwpol_report_count(rep) != pwpol_report_count(r2))
				fail_msg("'%.*s' user %s: %d/%zu vs %d/%zu", (int)len, pw,
				         user ? user : "-", a, pwpol_report_count(rep), b,
				         pwpol_report_count(r2));
			for (size_t f = 0; f < pwpol_report_count(rep); f++)
				assert_memory_equal(pwpol_report_get(rep, f),
				                    pwpol_report_get(r2, f),
				                    sizeof(struct pwpol_finding));
		}
		pwpol_policy_free(p);
	}
	pwpol_report_free(r2);
}

/* Pieces of non-ASCII text: what the lean pass takes (accents, Greek,
 * Cyrillic look-alikes of a name's letters, CJK, Hangul syllables,
 * full-width and mathematical forms, ligatures, a lone emoji, superscripts,
 * unassigned and private-use code points) and what it must leave to the
 * general path (combining marks, conjoining jamo, ZWJ sequences, emoji and
 * keycap selectors, flags, a voiced sound mark that composes, Indic marks,
 * Prepend, expansions of three code points or more, invisible characters,
 * invalid UTF-8, ASCII controls). */
static const char *const lean_pieces[] = {
    "\xc3\xa9", "\xc3\xbc", "\xc3\x9f", "\xc3\xb1", "\xc3\x85", "\xce\xb1", "\xce\xa9", "\xd0\x96",
    "\xd0\xb4", "\xe6\x97\xa5", "\xe6\x9c\xac", "\xef\xbc\xa1", "\xef\xbd\x82", "\xef\xbc\x93",
    "\xef\xbc\x81", "\xef\xac\x81", "\xef\xac\x80", "\xf0\x9f\x94\x91", "\xe2\x82\xac", "\xc2\xb2",
    "\xe2\x85\xab", "\xe3\x88\xb1", "\xe2\x84\xa6", "\xe2\x84\xab", "\xc5\x89", "\xc4\xb0",
    "\xc5\xbf", "\xcf\x82", "\xd0\xb0", "\xd1\x96", "\xce\xbf", "\xd0\x90", "\xd0\xb5", "\xd1\x81",
    "\xf0\x9d\x90\x80", "\xef\xac\x83", "\xcd\xb8", "\xee\x80\x80", "\xef\xbf\xbe", "\xea\xb0\x80",
    "\xea\xb0\x81", "\xd8\xa8", "\xd9\xa3", "\xe0\xb8\x81", "\xc2\xa0", "\xe3\x80\x80",
    "\xe2\x91\xa0", "\xef\xbd\xb6",
    /* for the general path */
    "\xcc\x81", "\xcc\x88", "\xcc\xa3", "\xcd\x85", "\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x92\xbb",
    "\xe2\x9d\xa4\xef\xb8\x8f", "\xf0\x9f\x87\xab\xf0\x9f\x87\xb7", "1\xef\xb8\x8f\xe2\x83\xa3",
    "\xe1\x84\x80", "\xe1\x85\xa1", "\xe1\x86\xa8", "\xef\xbe\x9e", "\xe0\xa4\x95", "\xe0\xa5\x8d",
    "\xe0\xa4\xbf", "\xd8\x80", "\xe0\xb8\xb3", "\xc2\xad", "\xe2\x80\x8b", "\xff", "\xc3",
    "\xed\xa0\x80", "\xe0\x80\xaf", "\xf4\x90\x80\x80", "\t", "\x01", "\x7f"};

/* A candidate of lean_pieces, ASCII and now and then the username (cased,
 * reversed, in look-alikes, spaced out), 1 to about 40 characters. */
static void random_nonascii(char *buf, size_t *len, const char *user)
{
	static const char alphabet[] = "aAbBcCeEiIlLoOsStT01345789@$#!|(-_. ";
	size_t n = 0, k = 1 + eq_next(14);
	size_t at = user && eq_next(2) ? eq_next((unsigned)k) : k;
	int general = eq_next(4) == 0; /* some pieces the lean pass leaves */
	size_t lean = 48;              /* lean_pieces[0..48) are for it */
	for (size_t i = 0; i < k; i++) {
		if (i == at) {
			char tmp[48];
			size_t tl;
			random_candidate(tmp, &tl, user);
			memcpy(buf + n, tmp, tl);
			n += tl;
		}
		/* Now and then the same character two to four times: runs
		 * for maximum-repeats. */
		unsigned times = eq_next(6) == 0 ? 2 + eq_next(3) : 1;
		if (eq_next(2)) {
			const char *piece =
			    lean_pieces[general ? eq_next(sizeof lean_pieces / sizeof *lean_pieces)
			                        : eq_next((unsigned)lean)];
			for (unsigned t = 0; t < times; t++) {
				memcpy(buf + n, piece, strlen(piece));
				n += strlen(piece);
			}
		} else {
			char c = alphabet[eq_next(sizeof alphabet - 1)];
			for (unsigned t = 0; t < times; t++)
				buf[n++] = c;
		}
	}
	*len = n;
}

/* The lean pass (quality-lean.c) for non-ASCII text gives the general
 * path's verdict, findings and figures, on random candidates of mixed
 * scripts, with and without a username (ASCII, or not), every profile,
 * change-type and maximum-class-repeats 0 to 3; and it takes most of
 * them (a lean pass that declined everything would pass the first half). */
static void test_lean_path_equals_general(void **state)
{
	(void)state;
	static const char *const users[] = {"alice",
	                                    "al",
	                                    "root",
	                                    "Bob",
	                                    "a.b_c$",
	                                    "ad min",
	                                    "c!i|l",
	                                    "\xc3\xa5lice",
	                                    "bob$",
	                                    "abcdefghijklmnopqrstuvwxyzabcdefghijklmn",
	                                    "a",
	                                    "t1",
	                                    "jo.q.doe",
	                                    "\xc3\xa5l",
	                                    "j\xc3\xb6hn.doe"};
	static const char *const profiles[] = {"ssr", "junos", "junos-fips"};
	pwpol_report *r2 = NULL, *r3 = NULL;
	assert_int_equal(pwpol_report_new(&r2), PWPOL_OK);
	assert_int_equal(pwpol_report_new(&r3), PWPOL_OK);
	size_t taken = 0, found = 0, total = 0;
	for (int k = 0; k < 6; k++) {
		pwpol_policy *p = NULL;
		assert_int_equal(pwpol_policy_new(&p, profiles[k % 3]), PWPOL_OK);
		assert_int_equal(pwpol_policy_set(p, PWPOL_OPT_CHANGE_TYPE, k / 3), PWPOL_OK);
		assert_int_equal(pwpol_policy_set(p, PWPOL_OPT_USERNAME_CHECK, 1), PWPOL_OK);
		assert_int_equal(pwpol_policy_set(p, PWPOL_OPT_MAXIMUM_REPEATS, 2), PWPOL_OK);
		assert_int_equal(pwpol_policy_set(p, PWPOL_OPT_MAXIMUM_CLASS_REPEATS, k % 4),
		                 PWPOL_OK);
		assert_int_equal(pwpol_policy_set(p, PWPOL_OPT_MINIMUM_CHANGES, 3), PWPOL_OK);
		for (int i = 0; i < 60000 / 6; i++, total++) {
			char pw[1024];
			size_t len;
			const char *user =
			    eq_next(3) ? users[eq_next(sizeof users / sizeof *users)] : NULL;
			random_nonascii(pw, &len, user);
			pwpol_report_clear(r2);
			enum pwpol_status b = pwpol__check_general(p, pw, len, user, NULL, 0, r2);
			enum pwpol_status a = pwpol_check(p, pw, len, user, NULL, 0, rep);
			pwpol_report_clear(r3);
			enum pwpol_status c = pwpol__check_lean(p, pw, len, user, r3);
			if (c != PWPOL__NOT_LEAN) {
				taken++;
				for (size_t f = 0; f < pwpol_report_count(r3); f++)
					found += pwpol_report_get(r3, f)->rule ==
					         PWPOL_RULE_USERNAME_CHECK;
			}
			const pwpol_report *got[2] = {rep, r3};
			enum pwpol_status st[2] = {a, c};
			for (int g = 0; g < 2; g++) {
				if (st[g] == PWPOL__NOT_LEAN)
					continue;
				if (st[g] != b ||
				    pwpol_report_count(got[g]) != pwpol_report_count(r2))
					fail_msg("%s: '%.*s' user %s: %d/%zu vs %d/%zu",
					         g ? "lean" : "check", (int)len, pw,
					         user ? user : "-", st[g],
					         pwpol_report_count(got[g]), b,
					         pwpol_report_count(r2));
				for (size_t f = 0; f < pwpol_report_count(r2); f++)
					assert_memory_equal(pwpol_report_get(got[g], f),
					                    pwpol_report_get(r2, f),
					                    sizeof(struct pwpol_finding));
			}
		}
		pwpol_policy_free(p);
	}
	print_message("lean pass: %zu of %zu candidates, %zu with the username found\n", taken,
	              total, found);
	assert_true(taken > total / 3);
	assert_true(found > total / 100);
	pwpol_report_free(r2);
	pwpol_report_free(r3);
}

static char look_alike(char c, int variant)
{
	static const char from[] = "alietc", to[2][7] = {"@1137(", "4|!37("};
	const char *k = strchr(from, c);
	if (k)
		return to[variant][k - from];
	return c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c;
}

/* The ASCII path finds the username with one 64-bit shift-and word
 * (forwards and backwards) up to 32 characters, and by a plain search
 * beyond: names of 1-3, 31, 32 and 33 characters (separators aside),
 * forwards, reversed, in look-alikes (1 ! | for i or l, ( for c), spaced
 * out by separators in the password and with dots in the name, at every
 * place in a password, and the same password with one character of the
 * name spoiled, give the general path's verdicts. */
static void test_ascii_username_lengths(void **state)
{
	(void)state;
	static const size_t lengths[] = {1, 2, 3, 31, 32, 33, 40};
	static const char separators[] = ".-_ ";
	pwpol_policy *p = policy("ssr");
	assert_int_equal(pwpol_policy_set(p, PWPOL_OPT_USERNAME_CHECK, 1), PWPOL_OK);
	pwpol_report *r2 = NULL;
	assert_int_equal(pwpol_report_new(&r2), PWPOL_OK);
	size_t found = 0, checks = 0;
	for (size_t li = 0; li < sizeof lengths / sizeof *lengths; li++) {
		size_t m = lengths[li];
		char name[48] = {0};
		for (size_t j = 0; j < m; j++)
			name[j] = "alicebobt128"[j % 12];
		for (int form = 0; form < 8; form++) {
			int spaced = form & 4;
			/* The name as given: with a dot after every fourth character
			 * when spaced (still m characters to compare). */
			char user[64] = {0};
			for (size_t j = 0, w = 0; j < m; j++) {
				user[w++] = name[j];
				if (spaced && j % 4 == 3 && j + 1 < m)
					user[w++] = '.';
			}
			for (size_t at = 0; at <= 8; at++)
				for (int spoil = 0; spoil < 2; spoil++) {
					char pw[112];
					size_t w = at, spoil_at = 0;
					memcpy(pw, "Xy9#Xy9#", 8);
					for (size_t j = 0; j < m; j++) {
						char c = name[form & 1 ? m - 1 - j : j];
						if (form & 2)
							c = look_alike(c, (int)(at & 1));
						if (j == m / 2)
							spoil_at = w;
						pw[w++] = c;
						if (spaced && j + 1 < m)
							pw[w++] = separators[(j + at) % 4];
					}
					if (spoil)
						pw[spoil_at] = '%';
					memcpy(pw + w, "Q8!", 3);
					size_t len = w + 3;
					enum pwpol_status a =
					    pwpol_check(p, pw, len, user, NULL, 0, rep);
					int has = finding(PWPOL_RULE_USERNAME_CHECK) != NULL;
					pwpol_report_clear(r2);
					enum pwpol_status b =
					    pwpol__check_general(p, pw, len, user, NULL, 0, r2);
					if (a != b ||
					    pwpol_report_count(rep) != pwpol_report_count(r2))
						fail_msg("'%.*s' user %s: %d vs %d", (int)len, pw,
						         user, a, b);
					/* Whole names of 3 or more are found, spoiled ones not,
					 * unless a part of three or more of a name with
					 * separators is left whole. */
					size_t parts = spaced ? m / 4 + (m % 4 >= 3) : 1;
					if (m >= 3 && has != (!spoil || parts >= 2))
						fail_msg("'%.*s' user %s: found %d", (int)len, pw,
						         user, has);
					found += has;
					checks++;
				}
		}
	}
	assert_true(found > 0 && found < checks);
	pwpol_report_free(r2);
	pwpol_policy_free(p);
}

/* judge() figures minimum-length's need itself (quality.h, to save the
 * call on the ASCII path): it must be the policy's effective minimum
 * length, on both paths, whatever the class minimums and minimum-length. */
static void test_effective_minimum_length_found(void **state)
{
	(void)state;
	pwpol_report *r2 = NULL;
	assert_int_equal(pwpol_report_new(&r2), PWPOL_OK);
	for (long len = 1; len <= 24; len += 3)
		for (long cls = 0; cls < 81; cls++) {
			pwpol_policy *p = policy("junos");
			/* A figure the profile does not allow is left as it is. */
			pwpol_policy_set(p, PWPOL_OPT_MINIMUM_LENGTH, len);
			pwpol_policy_set(p, PWPOL_OPT_MINIMUM_UPPER_CASES, cls % 3 * 2);
			pwpol_policy_set(p, PWPOL_OPT_MINIMUM_LOWER_CASES, cls / 3 % 3 * 3);
			pwpol_policy_set(p, PWPOL_OPT_MINIMUM_NUMERICS, cls / 9 % 3 * 4);
			pwpol_policy_set(p, PWPOL_OPT_MINIMUM_PUNCTUATIONS, cls / 27 % 3 * 5);
			long want = pwpol_policy_effective_minimum_length(p);
			static const char *const pws[] = {"a", "\xc3\xa9"}; /* ASCII, é */
			for (int k = 0; k < 2; k++) {
				pwpol_check(p, pws[k], strlen(pws[k]), NULL, NULL, 0, rep);
				pwpol_report_clear(r2);
				pwpol__check_general(p, pws[k], strlen(pws[k]), NULL, NULL, 0, r2);
				const struct pwpol_finding *f = finding(PWPOL_RULE_MINIMUM_LENGTH);
				if (want <= 1) {
					assert_null(f);
					continue;
				}
				assert_non_null(f);
				assert_int_equal(f->need, want);
				assert_int_equal(pwpol_report_get(r2, 0)->rule,
				                 PWPOL_RULE_MINIMUM_LENGTH);
				assert_int_equal(pwpol_report_get(r2, 0)->need, want);
			}
			pwpol_policy_free(p);
		}
	pwpol_report_free(r2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_ssr_examples),
	    cmocka_unit_test(test_profile_defaults),
	    cmocka_unit_test(test_minimum_length),
	    cmocka_unit_test(test_effective_minimum_length),
	    cmocka_unit_test(test_maximum_length),
	    cmocka_unit_test(test_class_minimums),
	    cmocka_unit_test(test_classes_unicode),
	    cmocka_unit_test(test_nfkc),
	    cmocka_unit_test(test_input_errors),
	    cmocka_unit_test(test_change_type),
	    cmocka_unit_test(test_maximum_repeats),
	    cmocka_unit_test(test_maximum_class_repeats),
	    cmocka_unit_test(test_username_check),
	    cmocka_unit_test(test_grapheme_clusters),
	    cmocka_unit_test(test_invisible_characters),
	    cmocka_unit_test(test_username_forms),
	    cmocka_unit_test(test_reduce_matches_icu),
	    cmocka_unit_test(test_username_any_form),
	    cmocka_unit_test(test_minimum_character_changes),
	    cmocka_unit_test(test_edit_distance),
	    cmocka_unit_test(test_every_violation),
	    cmocka_unit_test(test_messages),
	    cmocka_unit_test(test_ascii_path_equals_general),
	    cmocka_unit_test(test_ascii_username_lengths),
	    cmocka_unit_test(test_lean_path_equals_general),
	    cmocka_unit_test(test_effective_minimum_length_found),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
