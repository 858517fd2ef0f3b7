/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * policy.c - the policy: every statement with its range and its default in
 * each built-in profile, effective values, and the figures' half of the
 * commit check (ranges, statements that need each other, a policy no
 * password can meet). The whole check, with the blocklist file and the
 * standards, is the config wing's (config/commit-check.c).
 */
#include "policy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct range {
	long min, max;
};

struct opt_def {
	const char *name;
	long min, max;
	int optional; /* 0 is allowed and means "not set" / off */
	long def[3];  /* ssr, junos, junos-fips */
};

/* Ranges are those of the Junos statement (pwpol.conf(5)); a profile may
 * narrow one (narrow[], below). */
static const struct opt_def opts[PWPOL_OPT_COUNT] = {
    [PWPOL_OPT_MINIMUM_LENGTH] = {"minimum-length", 6, 20, 0, {9, 6, 10}},
    [PWPOL_OPT_MAXIMUM_LENGTH] = {"maximum-length", 20, 128, 1, {0, 0, 20}},
    [PWPOL_OPT_MINIMUM_UPPER_CASES] = {"minimum-upper-cases", 1, 128, 1, {1, 0, 0}},
    [PWPOL_OPT_MINIMUM_LOWER_CASES] = {"minimum-lower-cases", 1, 128, 1, {1, 0, 0}},
    [PWPOL_OPT_MINIMUM_NUMERICS] = {"minimum-numerics", 1, 128, 1, {1, 0, 0}},
    [PWPOL_OPT_MINIMUM_PUNCTUATIONS] = {"minimum-punctuations", 1, 128, 1, {1, 0, 0}},
    [PWPOL_OPT_CHANGE_TYPE] = {"change-type", 0, 1, 0, {0, 0, 0}},
    [PWPOL_OPT_MINIMUM_CHANGES] = {"minimum-changes", 1, 128, 1, {0, 1, 3}},
    [PWPOL_OPT_MAXIMUM_REPEATS] = {"maximum-repeats", 1, 128, 1, {3, 0, 0}},
    [PWPOL_OPT_MAXIMUM_CLASS_REPEATS] = {"maximum-class-repeats", 1, 128, 1, {0, 0, 0}},
    [PWPOL_OPT_USERNAME_CHECK] = {"username-check", 0, 1, 0, {1, 0, 0}},
    [PWPOL_OPT_MINIMUM_CHARACTER_CHANGES] = {"minimum-character-changes", 4, 15, 1, {8, 0, 0}},
    [PWPOL_OPT_MINIMUM_REUSE] = {"minimum-reuse", 1, 20, 1, {5, 0, 0}},
    [PWPOL_OPT_MINIMUM_LIFETIME] = {"minimum-lifetime", 1, 30, 1, {1, 0, 0}},
    [PWPOL_OPT_MAXIMUM_LIFETIME] = {"maximum-lifetime", 30, 365, 1, {60, 0, 0}},
    /* Ours: neither Junos nor the SSR documents a warning before a
     * password expires; 7 is shadow's PASS_WARN_AGE (login.defs(5)), up to
     * 30, the shortest maximum-lifetime. */
    [PWPOL_OPT_WARNING_DAYS] = {"warning-days", 1, 30, 1, {7, 7, 7}},
    [PWPOL_OPT_MAXIMUM_FAILED_ATTEMPTS] = {"maximum-failed-attempts", 1, 100, 1, {6, 0, 0}},
    /* Up to 30 days: Junos lockout-period goes to 43200 minutes; 0: locked
     * until an administrator unlocks (pam_faillock's unlock_time=0). */
    [PWPOL_OPT_LOCK_TIME] = {"lock-time", 0, 2592000, 0, {1800, 1800, 1800}},
    [PWPOL_OPT_FORMAT] = {"format", 0, PWPOL_FORMAT_BCRYPT, 0, {0, 0, 0}},
    /* A string statement: 1 while a path is set (p->str), 0 for none. */
    [PWPOL_OPT_BLOCKLIST] = {"blocklist", 1, 1, 1, {0, 0, 0}},
    /* Junos retry-options: none in any profile; the Junos defaults (10, 2,
     * 5, 20, 120) come with a retry-options block (config-apply.c). */
    [PWPOL_OPT_TRIES_BEFORE_DISCONNECT] = {"tries-before-disconnect", 1, 10, 1, {0, 0, 0}},
    [PWPOL_OPT_BACKOFF_THRESHOLD] = {"backoff-threshold", 1, 3, 1, {0, 0, 0}},
    [PWPOL_OPT_BACKOFF_FACTOR] = {"backoff-factor", 5, 10, 1, {0, 0, 0}},
    [PWPOL_OPT_MINIMUM_TIME] = {"minimum-time", 20, 60, 1, {0, 0, 0}},
    [PWPOL_OPT_MAXIMUM_TIME] = {"maximum-time", 20, 300, 1, {0, 0, 0}},
    /* pam_faillock's fail_interval: older failures stop counting. */
    [PWPOL_OPT_FAILURE_INTERVAL] = {"failure-interval", 1, 86400, 1, {0, 0, 0}},
    /* pam_faillock's even_deny_root and root_unlock_time: root exempt by
     * default, as faillock leaves it; the standards' profiles below. */
    [PWPOL_OPT_ROOT_LOCKOUT] = {"root-lockout", 0, 1, 0, {0, 0, 0}},
    [PWPOL_OPT_ROOT_LOCK_TIME] = {"root-lock-time", 1, 2592000, 1, {0, 0, 0}},
    /* Ours (no vendor has it): zxcvbn's score, off in every profile; no
     * standard of a profile here asks for a strength estimate. */
    [PWPOL_OPT_MINIMUM_SCORE] = {"minimum-score", 1, 4, 1, {0, 0, 0}},
};

/* Where a profile narrows a statement's range ({0, 0}: the statement's
 * own): the SSR rules let minimum-length be raised from 9, never lowered
 * below it. Columns as in def: ssr, junos, junos-fips. */
static const struct range narrow[PWPOL_OPT_COUNT][3] = {
    [PWPOL_OPT_MINIMUM_LENGTH] = {[0] = {9, 20}},
};

/* The built-in profiles: the three columns of def, then the standards'
 * profiles, each a column's defaults with the figures of its standard
 * (std_sets, below). */
#define BASE_PROFILES 3
#define PROFILES      6
static const char *const profiles[PROFILES] = {"ssr",          "junos",      "junos-fips",
                                               "nist-800-63b", "stig-rhel9", "stig-srx-ndm"};

/* What a standard's profile sets over its base profile's defaults; each
 * figure is traced to its source in pwpol.conf(5), and what the standard
 * requires is held at commit (compliance.c). */
struct std_set {
	enum pwpol_opt opt;
	long v;
};

/* NIST SP 800-63B-4 3.1.1.2: 15 characters single-factor, no
 * composition rules, no periodic change (username-check: context-specific
 * words); 3.2.2: at most 100 consecutive failures. */
static const struct std_set nist_set[] = {
    {PWPOL_OPT_MINIMUM_LENGTH, 15},
    {PWPOL_OPT_MINIMUM_CHANGES, 0},
    {PWPOL_OPT_USERNAME_CHECK, 1},
    {PWPOL_OPT_MAXIMUM_FAILED_ATTEMPTS, 100},
    /* 3.2.2: the limit is on every subscriber account, root's too. */
    {PWPOL_OPT_ROOT_LOCKOUT, 1},
};

/* RHEL 9 STIG: pwquality minlen 15, [uldo]credit -1, minclass 4, difok 8,
 * maxrepeat 3, maxclassrepeat 4; pwhistory remember 5; login.defs
 * PASS_MIN_DAYS 1, PASS_MAX_DAYS 60; faillock deny 3, fail_interval 900,
 * unlock_time 0. */
static const struct std_set rhel9_set[] = {
    {PWPOL_OPT_MINIMUM_LENGTH, 15},
    {PWPOL_OPT_MINIMUM_UPPER_CASES, 1},
    {PWPOL_OPT_MINIMUM_LOWER_CASES, 1},
    {PWPOL_OPT_MINIMUM_NUMERICS, 1},
    {PWPOL_OPT_MINIMUM_PUNCTUATIONS, 1},
    {PWPOL_OPT_CHANGE_TYPE, PWPOL_CHANGE_TYPE_CHARACTER_SETS},
    {PWPOL_OPT_MINIMUM_CHANGES, 4},
    {PWPOL_OPT_MINIMUM_CHARACTER_CHANGES, 8},
    {PWPOL_OPT_MAXIMUM_REPEATS, 3},
    {PWPOL_OPT_MAXIMUM_CLASS_REPEATS, 4},
    {PWPOL_OPT_MINIMUM_REUSE, 5},
    {PWPOL_OPT_MINIMUM_LIFETIME, 1},
    {PWPOL_OPT_MAXIMUM_LIFETIME, 60},
    {PWPOL_OPT_MAXIMUM_FAILED_ATTEMPTS, 3},
    {PWPOL_OPT_FAILURE_INTERVAL, 900},
    {PWPOL_OPT_LOCK_TIME, 0},
    /* RHEL-09-411080: faillock even_deny_root, root locked until an
     * administrator releases it (root-lock-time unset: lock-time 0). */
    {PWPOL_OPT_ROOT_LOCKOUT, 1},
};

/* Juniper SRX NDM STIG: minimum-length 15, change-type character-sets, one
 * of each class; format sha512 (JUSX-DM-000136: sha256 or better). */
static const struct std_set srx_set[] = {
    {PWPOL_OPT_MINIMUM_LENGTH, 15},
    {PWPOL_OPT_CHANGE_TYPE, PWPOL_CHANGE_TYPE_CHARACTER_SETS},
    {PWPOL_OPT_MINIMUM_UPPER_CASES, 1},
    {PWPOL_OPT_MINIMUM_LOWER_CASES, 1},
    {PWPOL_OPT_MINIMUM_NUMERICS, 1},
    {PWPOL_OPT_MINIMUM_PUNCTUATIONS, 1},
    {PWPOL_OPT_FORMAT, PWPOL_FORMAT_SHA512},
};

#define N(a) (sizeof a / sizeof a[0])
static const struct {
	const struct std_set *set;
	size_t n;
} std_sets[PROFILES - BASE_PROFILES] = {
    {nist_set, N(nist_set)}, {rhel9_set, N(rhel9_set)}, {srx_set, N(srx_set)}};

/* The profile whose def column a standard's profile starts from: junos,
 * the Junos defaults (no SSR additions). */
#define STD_BASE 1

/* A statement's default in profile k. */
static long default_in(enum pwpol_opt opt, int k)
{
	if (k < BASE_PROFILES)
		return opts[opt].def[k];
	const struct std_set *set = std_sets[k - BASE_PROFILES].set;
	for (size_t i = 0; i < std_sets[k - BASE_PROFILES].n; i++)
		if (set[i].opt == opt)
			return set[i].v;
	return opts[opt].def[STD_BASE];
}

static const char *const change_type_names[] = {"character-sets", "set-transitions"};

static int profile_index(const char *name)
{
	if (!name)
		return 0;
	for (int i = 0; i < PROFILES; i++)
		if (strcmp(name, profiles[i]) == 0)
			return i;
	return -1;
}

int pwpol__profile_is_standard(const char *name)
{
	return name && profile_index(name) >= BASE_PROFILES;
}

static void clear_sources(pwpol_policy *p)
{
	for (int i = 0; i < PWPOL_OPT_COUNT; i++) {
		free(p->source[i]);
		p->source[i] = NULL;
		free(p->str[i]);
		p->str[i] = NULL;
	}
}

enum pwpol_status pwpol_policy_reset(pwpol_policy *p, const char *profile)
{
	int k = profile_index(profile);
	if (!p || k < 0)
		return PWPOL_EINVAL;
	strcpy(p->profile, profiles[k]);
	for (int i = 0; i < PWPOL_OPT_COUNT; i++)
		p->v[i] = default_in((enum pwpol_opt)i, k);
	memset(p->dialect, 0, sizeof p->dialect);
	clear_sources(p);
	/* SP 800-63B asks for a blocklist: the one the build made, if it did
	 * (CMakeLists.txt), unless the policy names another or none. */
	if (strcmp(profiles[k], "nist-800-63b") == 0 && PWPOL_COMMON_BLOCKLIST[0])
		return pwpol_policy_set_string(p, PWPOL_OPT_BLOCKLIST, PWPOL_COMMON_BLOCKLIST);
	return PWPOL_OK;
}

enum pwpol_status pwpol_policy_new(pwpol_policy **out, const char *profile)
{
	if (!out)
		return PWPOL_EINVAL;
	*out = NULL;
	if (profile_index(profile) < 0)
		return PWPOL_EINVAL;
	pwpol_policy *p = calloc(1, sizeof *p);
	if (!p)
		return PWPOL_ENOMEM;
	if (pwpol_policy_reset(p, profile) != PWPOL_OK) {
		pwpol_policy_free(p);
		return PWPOL_ENOMEM;
	}
	*out = p;
	return PWPOL_OK;
}

enum pwpol_status pwpol_policy_copy(pwpol_policy **out, const pwpol_policy *src)
{
	if (!out || !src)
		return PWPOL_EINVAL;
	*out = NULL;
	pwpol_policy *p = calloc(1, sizeof *p);
	if (!p)
		return PWPOL_ENOMEM;
	memcpy(p->profile, src->profile, sizeof p->profile);
	memcpy(p->v, src->v, sizeof p->v);
	memcpy(p->dialect, src->dialect, sizeof p->dialect);
	p->reuse_from = src->reuse_from;
	p->reuse_since = src->reuse_since;
	if (src->overridden && !(p->overridden = strdup(src->overridden))) {
		free(p);
		return PWPOL_ENOMEM;
	}
	p->nclasses = src->nclasses;
	memcpy(p->classes, src->classes, sizeof p->classes);
	for (int i = 0; i < PWPOL_OPT_COUNT; i++) {
		if ((src->source[i] && !(p->source[i] = strdup(src->source[i]))) ||
		    (src->str[i] && !(p->str[i] = strdup(src->str[i])))) {
			pwpol_policy_free(p);
			return PWPOL_ENOMEM;
		}
	}
	*out = p;
	return PWPOL_OK;
}

void pwpol_policy_free(pwpol_policy *p)
{
	if (!p)
		return;
	clear_sources(p);
	free(p->overridden);
	free(p);
}

const char *pwpol_policy_overridden(const pwpol_policy *p)
{
	return p ? p->overridden : NULL;
}

const char *pwpol_policy_profile(const pwpol_policy *p)
{
	return p ? p->profile : NULL;
}

long pwpol_policy_get(const pwpol_policy *p, enum pwpol_opt opt)
{
	if (!p || (unsigned)opt >= PWPOL_OPT_COUNT)
		return 0;
	return p->v[opt];
}

static int narrowed(enum pwpol_opt opt, int k)
{
	return k >= 0 && k < BASE_PROFILES && (narrow[opt][k].min || narrow[opt][k].max);
}

/* The range of a statement in profile k (an index into profiles[]). */
static struct range range_in(enum pwpol_opt opt, int k)
{
	const struct opt_def *d = &opts[opt];
	if (narrowed(opt, k))
		return narrow[opt][k];
	return (struct range){d->min, d->max};
}

static int in_range(const pwpol_policy *p, enum pwpol_opt opt, long value)
{
	struct range r = range_in(opt, profile_index(p->profile));
	return (value >= r.min && value <= r.max) || (opts[opt].optional && value == 0);
}

enum pwpol_status pwpol_policy_set(pwpol_policy *p, enum pwpol_opt opt, long value)
{
	if (!p || (unsigned)opt >= PWPOL_OPT_COUNT || !in_range(p, opt, value))
		return PWPOL_EINVAL;
	if (pwpol_opt_is_string(opt))
		return value == 0 ? pwpol_policy_set_string(p, opt, NULL) : PWPOL_EINVAL;
	p->v[opt] = value;
	p->dialect[opt] = PWPOL__DIALECT_OURS; /* a value set here is written in our spelling */
	return PWPOL_OK;
}

int pwpol_opt_is_string(enum pwpol_opt opt)
{
	return opt == PWPOL_OPT_BLOCKLIST;
}

const char *pwpol_policy_get_string(const pwpol_policy *p, enum pwpol_opt opt)
{
	return p && pwpol_opt_is_string(opt) ? p->str[opt] : NULL;
}

enum pwpol_status pwpol_policy_set_string(pwpol_policy *p, enum pwpol_opt opt, const char *value)
{
	if (!p || !pwpol_opt_is_string(opt) || (value && value[0] != '/'))
		return PWPOL_EINVAL;
	char *copy = NULL;
	if (value && !(copy = strdup(value)))
		return PWPOL_ENOMEM;
	free(p->str[opt]);
	p->str[opt] = copy;
	p->v[opt] = copy != NULL;
	return PWPOL_OK;
}

long pwpol_policy_effective_minimum_length(const pwpol_policy *p)
{
	long sum = p->v[PWPOL_OPT_MINIMUM_UPPER_CASES] + p->v[PWPOL_OPT_MINIMUM_LOWER_CASES] +
	           p->v[PWPOL_OPT_MINIMUM_NUMERICS] + p->v[PWPOL_OPT_MINIMUM_PUNCTUATIONS];
	long min = p->v[PWPOL_OPT_MINIMUM_LENGTH];
	return sum > min ? sum : min;
}

int pwpol_expiry_warning(const pwpol_policy *p, time_t expires, time_t now, long *days)
{
	const long day = 86400;
	long warn = p ? p->v[PWPOL_OPT_WARNING_DAYS] : 0;
	if (!p || !expires || warn <= 0 || expires < now || expires - now > warn * day)
		return 0;
	if (days)
		*days = (long)((expires - now + day - 1) / day);
	return 1;
}

const char *pwpol_opt_name(enum pwpol_opt opt)
{
	return (unsigned)opt < PWPOL_OPT_COUNT ? opts[opt].name : NULL;
}

enum pwpol_status pwpol_opt_by_name(const char *name, enum pwpol_opt *out)
{
	for (int i = 0; name && i < PWPOL_OPT_COUNT; i++) {
		if (strcmp(name, opts[i].name) == 0) {
			*out = (enum pwpol_opt)i;
			return PWPOL_OK;
		}
	}
	return PWPOL_EINVAL;
}

void pwpol_opt_range(enum pwpol_opt opt, long *min, long *max)
{
	if ((unsigned)opt >= PWPOL_OPT_COUNT)
		return;
	*min = opts[opt].min;
	*max = opts[opt].max;
}

enum pwpol_status pwpol_opt_range_in(enum pwpol_opt opt, const char *profile, long *min, long *max)
{
	int k = profile_index(profile);
	if ((unsigned)opt >= PWPOL_OPT_COUNT || k < 0 || !min || !max)
		return PWPOL_EINVAL;
	struct range r = range_in(opt, k);
	*min = r.min;
	*max = r.max;
	return PWPOL_OK;
}

int pwpol_opt_optional(enum pwpol_opt opt)
{
	return (unsigned)opt < PWPOL_OPT_COUNT && opts[opt].optional;
}

long pwpol__opt_default(enum pwpol_opt opt, const char *profile)
{
	int k = profile_index(profile);
	return k < 0 || (unsigned)opt >= PWPOL_OPT_COUNT ? 0 : default_in(opt, k);
}

const char *pwpol_change_type_name(enum pwpol_change_type t)
{
	return (unsigned)t <= 1 ? change_type_names[t] : NULL;
}

enum pwpol_status pwpol_change_type_by_name(const char *name, enum pwpol_change_type *out)
{
	for (int i = 0; name && i < 2; i++) {
		if (strcmp(name, change_type_names[i]) == 0) {
			*out = (enum pwpol_change_type)i;
			return PWPOL_OK;
		}
	}
	return PWPOL_EINVAL;
}

const char *pwpol_policy_source(const pwpol_policy *p, enum pwpol_opt opt)
{
	return p && (unsigned)opt < PWPOL_OPT_COUNT ? p->source[opt] : NULL;
}

void pwpol_policy_set_source(pwpol_policy *p, enum pwpol_opt opt, const char *source)
{
	if (!p || (unsigned)opt >= PWPOL_OPT_COUNT)
		return;
	free(p->source[opt]);
	p->source[opt] = source ? strdup(source) : NULL;
}

/* Where a statement was set, for messages: "FILE:LINE: " or "". */
static const char *where(const pwpol_policy *p, enum pwpol_opt opt, char *buf, size_t n)
{
	if (!p->source[opt])
		return "";
	snprintf(buf, n, "%s: ", p->source[opt]);
	return buf;
}

/* For a combination of statements: the first of them that has a line. */
static const char *where_any(const pwpol_policy *p, char *buf, size_t n, const enum pwpol_opt *o,
                             size_t k)
{
	for (size_t i = 0; i < k; i++)
		if (p->source[o[i]])
			return where(p, o[i], buf, n);
	return "";
}

/* A policy no password can meet is refused at commit, not found out at
 * the first change: 1 (told) if the figures contradict each other. The
 * sum of the class minimums above maximum-length is the effective
 * minimum's check, in the caller. */
static int unsatisfiable(const pwpol_policy *p, pwpol_config_errors **errs)
{
	static const enum pwpol_opt change_opts[] = {PWPOL_OPT_MINIMUM_CHANGES,
	                                             PWPOL_OPT_CHANGE_TYPE};
	long changes = p->v[PWPOL_OPT_MINIMUM_CHANGES];
	long maxlen = p->v[PWPOL_OPT_MAXIMUM_LENGTH];
	char w[300];
	if (!changes)
		return 0;
	if (p->v[PWPOL_OPT_CHANGE_TYPE] == PWPOL_CHANGE_TYPE_CHARACTER_SETS &&
	    changes > PWPOL__CLASS_COUNT) {
		pwpol__errors_add(errs,
		                  "%sminimum-changes: %ld character sets asked, but there are %d "
		                  "(upper-case, lower-case, numeric, punctuation, other): no "
		                  "password can meet it",
		                  where_any(p, w, sizeof w, change_opts, 2), changes,
		                  PWPOL__CLASS_COUNT);
		return 1;
	}
	/* N changes of class need N + 1 characters. */
	if (p->v[PWPOL_OPT_CHANGE_TYPE] == PWPOL_CHANGE_TYPE_SET_TRANSITIONS && maxlen &&
	    changes + 1 > maxlen) {
		pwpol__errors_add(errs,
		                  "%sminimum-changes: %ld set transitions need %ld characters, "
		                  "above maximum-length %ld: no password can meet it",
		                  where_any(p, w, sizeof w, change_opts, 2), changes, changes + 1,
		                  maxlen);
		return 1;
	}
	return 0;
}

int pwpol__policy_check_figures(const pwpol_policy *p, pwpol_config_errors **errs)
{
	static const enum pwpol_opt len_opts[] = {
	    PWPOL_OPT_MAXIMUM_LENGTH,      PWPOL_OPT_MINIMUM_LENGTH,
	    PWPOL_OPT_MINIMUM_UPPER_CASES, PWPOL_OPT_MINIMUM_LOWER_CASES,
	    PWPOL_OPT_MINIMUM_NUMERICS,    PWPOL_OPT_MINIMUM_PUNCTUATIONS};
	static const enum pwpol_opt reuse_opts[] = {PWPOL_OPT_MINIMUM_LIFETIME,
	                                            PWPOL_OPT_MINIMUM_REUSE};
	static const enum pwpol_opt life_opts[] = {PWPOL_OPT_MINIMUM_LIFETIME,
	                                           PWPOL_OPT_MAXIMUM_LIFETIME};
	int bad = 0;
	char w[300];
	int k = profile_index(p->profile);
	for (int i = 0; i < PWPOL_OPT_COUNT; i++) {
		if (in_range(p, (enum pwpol_opt)i, p->v[i]))
			continue;
		bad = 1;
		struct range r = range_in((enum pwpol_opt)i, k);
		pwpol__errors_add(errs, "%s%s: value %ld is out of range (%ld..%ld%s%s)",
		                  where(p, (enum pwpol_opt)i, w, sizeof w), opts[i].name, p->v[i],
		                  r.min, r.max,
		                  narrowed((enum pwpol_opt)i, k) ? " in profile " : "",
		                  narrowed((enum pwpol_opt)i, k) ? p->profile : "");
	}
	long eff = pwpol_policy_effective_minimum_length(p);
	long maxlen = p->v[PWPOL_OPT_MAXIMUM_LENGTH];
	if (maxlen && eff > maxlen) {
		bad = 1;
		pwpol__errors_add(errs,
		                  "%smaximum-length: %ld is below the effective minimum length %ld "
		                  "(minimum-length or the sum of the class minimums)",
		                  where_any(p, w, sizeof w, len_opts, 6), maxlen, eff);
	}
	long minlife = p->v[PWPOL_OPT_MINIMUM_LIFETIME], maxlife = p->v[PWPOL_OPT_MAXIMUM_LIFETIME];
	if (minlife && !p->v[PWPOL_OPT_MINIMUM_REUSE]) {
		bad = 1;
		pwpol__errors_add(errs,
		                  "%sminimum-lifetime: requires minimum-reuse to be configured",
		                  where_any(p, w, sizeof w, reuse_opts, 2));
	}
	if (minlife && maxlife && minlife >= maxlife) {
		bad = 1;
		pwpol__errors_add(
		    errs, "%sminimum-lifetime: %ld days must be below maximum-lifetime (%ld days)",
		    where_any(p, w, sizeof w, life_opts, 2), minlife, maxlife);
	}
	/* maximum-lifetime counts from a time that minimum-reuse fixes (Junos):
	 * without it a commit of maximum-lifetime would expire every old
	 * password at once. Here, so that a check, a commit and a file read
	 * through --config give one answer. */
	static const enum pwpol_opt max_life_opts[] = {PWPOL_OPT_MAXIMUM_LIFETIME,
	                                               PWPOL_OPT_MINIMUM_REUSE};
	if (maxlife > 0 && !p->v[PWPOL_OPT_MINIMUM_REUSE]) {
		bad = 1;
		pwpol__errors_add(errs,
		                  "%smaximum-lifetime: requires minimum-reuse to be configured",
		                  where_any(p, w, sizeof w, max_life_opts, 2));
	}
	if (unsatisfiable(p, errs))
		bad = 1;
	return bad;
}
