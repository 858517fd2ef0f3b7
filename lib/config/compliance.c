/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * compliance.c - the requirements of the standards pwpol has a profile for
 * (NIST SP 800-63B rev 4, the RHEL 9 STIG, the Juniper SRX NDM STIG), one
 * table, each row with the standard's own identifier, and where a policy
 * stands against each: `config check --against` shows it, and a policy of
 * that profile must meet every row at commit. pwpol.conf(5) traces each row
 * to its source.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

/* How a statement's value meets a row. */
enum kind {
	K_AT_LEAST,         /* v >= a */
	K_RANGE,            /* a <= v <= b (0, "none", fails unless a is 0) */
	K_OFF,              /* v == 0: the rule is not imposed */
	K_EQUALS,           /* v == a */
	K_SET,              /* a string statement is given */
	K_NONE_OR_AT_LEAST, /* v == 0 (no limit) or v >= a */
	K_FORMAT_IN,        /* v is one of the formats in the bit mask a */
	K_NO_MIX,           /* minimum-changes asks no mixture: 0, or 1 character set
	                     * (which every password has: the Junos default) */
};

struct row {
	const char *standard; /* the profile's name */
	const char *id;
	const char *text;
	enum pwpol_opt opt;
	enum kind kind;
	long a, b;
};

#define NIST   "nist-800-63b"
#define RHEL   "stig-rhel9"
#define SRX    "stig-srx-ndm"
#define FMT(f) (1L << (f))

/* Composition rules, as SP 800-63B-4 3.1.1.2 forbids them: any demand on
 * which characters a password holds beyond its length. */
#define NO_COMPOSITION(o, what)                                                                    \
	{                                                                                          \
		NIST, "SP 800-63B-4 3.1.1.2", "no composition rule: " what, o, K_OFF, 0, 0         \
	}

static const struct row rows[] = {
    {NIST, "SP 800-63B-4 3.1.1.2", "passwords used alone: at least 15 characters",
     PWPOL_OPT_MINIMUM_LENGTH, K_AT_LEAST, 15, 0},
    {NIST, "SP 800-63B-4 3.1.1.2", "a maximum length of at least 64 characters permitted",
     PWPOL_OPT_MAXIMUM_LENGTH, K_NONE_OR_AT_LEAST, 64, 0},
    NO_COMPOSITION(PWPOL_OPT_MINIMUM_UPPER_CASES, "no minimum of upper case letters"),
    NO_COMPOSITION(PWPOL_OPT_MINIMUM_LOWER_CASES, "no minimum of lower case letters"),
    NO_COMPOSITION(PWPOL_OPT_MINIMUM_NUMERICS, "no minimum of digits"),
    NO_COMPOSITION(PWPOL_OPT_MINIMUM_PUNCTUATIONS, "no minimum of punctuation"),
    {NIST, "SP 800-63B-4 3.1.1.2", "no composition rule: no mixture of character sets",
     PWPOL_OPT_MINIMUM_CHANGES, K_NO_MIX, 0, 0},
    NO_COMPOSITION(PWPOL_OPT_MAXIMUM_REPEATS, "no limit on repeated characters"),
    NO_COMPOSITION(PWPOL_OPT_MAXIMUM_CLASS_REPEATS, "no limit on characters of one class in a row"),
    {NIST, "SP 800-63B-4 3.1.1.2", "no periodic change of passwords", PWPOL_OPT_MAXIMUM_LIFETIME,
     K_OFF, 0, 0},
    {NIST, "SP 800-63B-4 3.1.1.2",
     "new passwords compared against a blocklist of common, expected or compromised values",
     PWPOL_OPT_BLOCKLIST, K_SET, 0, 0},
    {NIST, "SP 800-63B-4 3.2.2", "consecutive failed attempts on one account limited to 100",
     PWPOL_OPT_MAXIMUM_FAILED_ATTEMPTS, K_RANGE, 1, 100},

    {RHEL, "RHEL-09-611090", "at least 15 characters (pwquality minlen 15)",
     PWPOL_OPT_MINIMUM_LENGTH, K_AT_LEAST, 15, 0},
    {RHEL, "RHEL-09-611110", "at least one upper case letter (ucredit -1)",
     PWPOL_OPT_MINIMUM_UPPER_CASES, K_AT_LEAST, 1, 0},
    {RHEL, "RHEL-09-611065", "at least one lower case letter (lcredit -1)",
     PWPOL_OPT_MINIMUM_LOWER_CASES, K_AT_LEAST, 1, 0},
    {RHEL, "RHEL-09-611070", "at least one digit (dcredit -1)", PWPOL_OPT_MINIMUM_NUMERICS,
     K_AT_LEAST, 1, 0},
    {RHEL, "RHEL-09-611100", "at least one special character (ocredit -1)",
     PWPOL_OPT_MINIMUM_PUNCTUATIONS, K_AT_LEAST, 1, 0},
    {RHEL, "RHEL-09-611130", "four character classes (minclass 4): counted as character sets",
     PWPOL_OPT_CHANGE_TYPE, K_EQUALS, PWPOL_CHANGE_TYPE_CHARACTER_SETS, 0},
    {RHEL, "RHEL-09-611130", "four character classes (minclass 4)", PWPOL_OPT_MINIMUM_CHANGES,
     K_AT_LEAST, 4, 0},
    {RHEL, "RHEL-09-611115", "at least eight characters changed (difok 8)",
     PWPOL_OPT_MINIMUM_CHARACTER_CHANGES, K_AT_LEAST, 8, 0},
    {RHEL, "RHEL-09-611125", "at most three identical characters in a row (maxrepeat 3)",
     PWPOL_OPT_MAXIMUM_REPEATS, K_RANGE, 1, 3},
    {RHEL, "RHEL-09-611120", "at most four characters of one class in a row (maxclassrepeat 4)",
     PWPOL_OPT_MAXIMUM_CLASS_REPEATS, K_RANGE, 1, 4},
    {RHEL, "RHEL-09-611015, RHEL-09-611020", "no reuse for five generations (remember 5)",
     PWPOL_OPT_MINIMUM_REUSE, K_AT_LEAST, 5, 0},
    {RHEL, "RHEL-09-611075", "a minimum lifetime of one day (PASS_MIN_DAYS 1)",
     PWPOL_OPT_MINIMUM_LIFETIME, K_AT_LEAST, 1, 0},
    {RHEL, "RHEL-09-411010", "a maximum lifetime of 60 days (PASS_MAX_DAYS 60)",
     PWPOL_OPT_MAXIMUM_LIFETIME, K_RANGE, 1, 60},
    {RHEL, "RHEL-09-411075", "locked after three failed logons (faillock deny 3)",
     PWPOL_OPT_MAXIMUM_FAILED_ATTEMPTS, K_RANGE, 1, 3},
    {RHEL, "RHEL-09-411085", "failures counted over 15 minutes (fail_interval 900)",
     PWPOL_OPT_FAILURE_INTERVAL, K_EQUALS, 900, 0},
    {RHEL, "RHEL-09-411090", "locked until an administrator unlocks (unlock_time 0)",
     PWPOL_OPT_LOCK_TIME, K_EQUALS, 0, 0},
    {RHEL, "RHEL-09-411080", "root locked too, until an administrator unlocks (even_deny_root)",
     PWPOL_OPT_ROOT_LOCKOUT, K_EQUALS, 1, 0},
    {RHEL, "RHEL-09-411080", "root's lock as long as the others' (no root_unlock_time)",
     PWPOL_OPT_ROOT_LOCK_TIME, K_OFF, 0, 0},

    {SRX, "JUSX-DM-000128", "at least 15 characters", PWPOL_OPT_MINIMUM_LENGTH, K_AT_LEAST, 15, 0},
    {SRX, "JUSX-DM-000129", "change-type character-sets", PWPOL_OPT_CHANGE_TYPE, K_EQUALS,
     PWPOL_CHANGE_TYPE_CHARACTER_SETS, 0},
    {SRX, "JUSX-DM-000130", "at least one upper case letter", PWPOL_OPT_MINIMUM_UPPER_CASES,
     K_AT_LEAST, 1, 0},
    {SRX, "JUSX-DM-000131", "at least one lower case letter", PWPOL_OPT_MINIMUM_LOWER_CASES,
     K_AT_LEAST, 1, 0},
    {SRX, "JUSX-DM-000132", "at least one digit", PWPOL_OPT_MINIMUM_NUMERICS, K_AT_LEAST, 1, 0},
    {SRX, "JUSX-DM-000133", "at least one special character", PWPOL_OPT_MINIMUM_PUNCTUATIONS,
     K_AT_LEAST, 1, 0},
    {SRX, "JUSX-DM-000136", "passwords hashed with sha256 or sha512", PWPOL_OPT_FORMAT, K_FORMAT_IN,
     FMT(PWPOL_FORMAT_SHA256) | FMT(PWPOL_FORMAT_SHA512), 0},
};

static int meets(const pwpol_policy *p, const struct row *r)
{
	long v = pwpol_policy_get(p, r->opt);
	switch (r->kind) {
	case K_AT_LEAST: return v >= r->a;
	case K_RANGE: return v >= r->a && v <= r->b;
	case K_OFF: return v == 0;
	case K_EQUALS: return v == r->a;
	case K_SET: return pwpol_policy_get_string(p, r->opt) != NULL;
	case K_NONE_OR_AT_LEAST: return v == 0 || v >= r->a;
	case K_FORMAT_IN: return v >= 0 && v < 63 && (r->a & FMT(v)) != 0;
	case K_NO_MIX:
		return v == 0 || (v == 1 && pwpol_policy_get(p, PWPOL_OPT_CHANGE_TYPE) ==
		                                PWPOL_CHANGE_TYPE_CHARACTER_SETS);
	}
	return 0;
}

int pwpol__is_standard(const char *name)
{
	for (size_t i = 0; name && i < sizeof rows / sizeof rows[0]; i++)
		if (strcmp(rows[i].standard, name) == 0)
			return 1;
	return 0;
}

static void fill(const pwpol_policy *p, const struct row *r, struct pwpol_requirement *out)
{
	memset(out, 0, sizeof *out);
	out->id = r->id;
	out->text = r->text;
	out->opt = r->opt;
	pwpol__config_statement(p, r->opt, out->statement, sizeof out->statement);
	size_t n = strlen(out->statement);
	if (n && out->statement[n - 1] == ';')
		out->statement[n - 1] = '\0';
	out->source = pwpol_policy_source(p, r->opt);
	out->met = meets(p, r);
}

enum pwpol_status pwpol_compliance_check(const pwpol_policy *p, const char *standard,
                                         int (*fn)(const struct pwpol_requirement *, void *),
                                         void *ctx, unsigned *unmet)
{
	if (unmet)
		*unmet = 0;
	if (!p || !pwpol__is_standard(standard))
		return PWPOL_EINVAL;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		if (strcmp(rows[i].standard, standard) != 0)
			continue;
		struct pwpol_requirement req;
		fill(p, &rows[i], &req);
		if (!req.met && unmet)
			(*unmet)++;
		if (fn && fn(&req, ctx))
			break;
	}
	return PWPOL_OK;
}

enum pwpol_status pwpol__compliance_commit_check(const pwpol_policy *p, pwpol_config_errors **errs)
{
	const char *profile = pwpol_policy_profile(p);
	if (!pwpol__is_standard(profile))
		return PWPOL_OK;
	int bad = 0;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		if (strcmp(rows[i].standard, profile) != 0)
			continue;
		struct pwpol_requirement req;
		fill(p, &rows[i], &req);
		if (req.met)
			continue;
		bad = 1;
		char w[300] = "";
		if (req.source)
			snprintf(w, sizeof w, "%s: ", req.source);
		pwpol__errors_add(errs, "%s%s: profile %s requires %s (%s); the policy has %s", w,
		                  pwpol_opt_name(req.opt), profile, req.text, req.id,
		                  req.statement);
	}
	return bad ? PWPOL_EINVAL : PWPOL_OK;
}
