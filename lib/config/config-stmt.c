/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * config-stmt.c - one statement of the configuration and its value: a
 * figure in its range (in the dialect's unit), a profile, a blocklist
 * file, near misses of our words, and the blocks passed over by name.
 * The blocks and lines that hold statements are config-read.c's.
 */
#include "config-read.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void pwpol__cfg_stmt_add(struct stmt *s, const struct pwpol__tok *t)
{
	if (s->n < MAX_WORDS) {
		memcpy(s->w[s->n], t->w, sizeof t->w);
		s->long_word[s->n] = t->long_word;
	}
	s->n++;
}

/* The word as shown in a message: cut words say so. */
const char *pwpol__cfg_shown(const struct stmt *s, size_t i, char *buf, size_t n)
{
	snprintf(buf, n, "%s%s", s->w[i], s->long_word[i] ? "..." : "");
	return buf;
}

/* The statements a router's `system login` holds that pwpol does not act
 * on (the Junos `login` statement's children, pwpol.conf(5)): passed over
 * by name, whatever they hold. Any other word there is an error. */
static const char *const junos_login[] = {"announcement", "class",   "deny-sources",
                                          "idle-timeout", "message", "user"};

int pwpol__cfg_is_junos_login(const char *w)
{
	for (size_t i = 0; i < sizeof junos_login / sizeof junos_login[0]; i++)
		if (strcmp(w, junos_login[i]) == 0)
			return 1;
	return 0;
}

const char *const pwpol__cfg_block_name[B_COUNT] = {
    "system", "login", "password", "lockout", "retry-options", "authority", "password-policy"};

static void dialect_range(const struct dialect_stmt *d, int ssr, long *min, long *max)
{
	if (!ssr || pwpol_opt_range_in(d->opt, "ssr", min, max) != PWPOL_OK)
		pwpol_opt_range(d->opt, min, max);
	*min = (*min + d->unit - 1) / d->unit;
	*max /= d->unit;
	/* lock-time 0 (until an administrator unlocks) is ours alone: Junos's
	 * lockout-period and SSR's unlock-time start at 1. */
	if (*min < 1)
		*min = 1;
}

/* A statement of ours was written: its blocks exist from now on. */
void pwpol__cfg_touch(struct pwpol__parser *ps, enum pwpol__block b)
{
	for (int i = 0; i <= (int)b && i <= B_LOGIN && b < B_AUTHORITY; i++)
		ps->block[i].exists = 1;
	if (b == B_PWPOLICY)
		ps->block[B_AUTHORITY].exists = 1;
	ps->block[b].exists = 1;
	if (b >= B_PASSWORD && b != B_AUTHORITY)
		ps->read_any = 1;
}

/* ---- near misses and what is passed over -------------------------------- */

#define NEAR_WORD_MAX 64 /* longer words are no slip of ours */

/* The edit distance of a and b, an adjacent swap counting as one edit
 * (optimal string alignment), or cap + 1 once it exceeds cap. */
static size_t distance(const char *a, const char *b, size_t cap)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > NEAR_WORD_MAX || lb > NEAR_WORD_MAX || (la > lb ? la - lb : lb - la) > cap)
		return cap + 1;
	size_t d[NEAR_WORD_MAX + 1][NEAR_WORD_MAX + 1];
	for (size_t i = 0; i <= la; i++)
		d[i][0] = i;
	for (size_t j = 0; j <= lb; j++)
		d[0][j] = j;
	for (size_t i = 1; i <= la; i++) {
		for (size_t j = 1; j <= lb; j++) {
			size_t cost = a[i - 1] != b[j - 1];
			size_t v = d[i - 1][j - 1] + cost;
			if (d[i - 1][j] + 1 < v)
				v = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < v)
				v = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    d[i - 2][j - 2] + 1 < v)
				v = d[i - 2][j - 2] + 1;
			d[i][j] = v;
		}
	}
	return d[la][lb] > cap ? cap + 1 : d[la][lb];
}

/* The word pwpol knows that w is a slip of, or NULL: at most two edits
 * from it (one for a word of four letters or fewer), and not a word of
 * its own. Two edits catch `sytem`, `logn`, `passwrd`, `minimun-length`;
 * no statement of a Junos or SSR configuration at these levels is as
 * close to one of ours (pwpol.conf(5)). */
const char *pwpol__cfg_near(const char *w, const char *const *known, size_t n)
{
	const char *best = NULL;
	size_t bestd = 3;
	for (size_t i = 0; i < n; i++) {
		size_t cap = strlen(known[i]) <= 4 ? 1 : 2;
		size_t d = distance(w, known[i], cap);
		if (d == 0)
			return NULL;
		if (d <= cap && d < bestd) {
			best = known[i];
			bestd = d;
		}
	}
	return best;
}

/* The words of ours at the levels whose other words are passed over. */
static const char *const top_words[] = {"system", "authority"};
static const char *const system_words[] = {"login"};
static const char *const authority_words[] = {"password-policy"};

/* A block or statement passed over at the top, under system or under
 * authority: an error if it is a slip of one of ours, else named for the
 * check and the commit. prefix: the level ("" at the top). */
void pwpol__cfg_pass_over(struct pwpol__parser *ps, const char *prefix, const char *w,
                          int long_word, unsigned line)
{
	const char *k = NULL;
	if (long_word)
		k = NULL;
	else if (*prefix == 0)
		k = pwpol__cfg_near(w, top_words, 2);
	else if (strcmp(prefix, "system") == 0)
		k = pwpol__cfg_near(w, system_words, 1);
	else if (strcmp(prefix, "authority") == 0)
		k = pwpol__cfg_near(w, authority_words, 1);
	if (k) {
		pwpol__cfg_complain(ps, line,
		                    "unknown statement '%s'%s%s: did you mean '%s'? (a slip of a "
		                    "word pwpol reads is refused, never passed over)",
		                    w, *prefix ? " under " : "", prefix, k);
		return;
	}
	char name[64];
	snprintf(name, sizeof name, "%s%s%.40s%s", prefix, *prefix ? " " : "", w,
	         long_word ? "..." : "");
	for (size_t i = 0; i < ps->npassed; i++)
		if (strcmp(ps->passed[i], name) == 0)
			return;
	if (ps->npassed == PWPOL__CFG_PASSED_MAX) {
		ps->passed_more++;
		return;
	}
	memcpy(ps->passed[ps->npassed++], name, sizeof name);
}

/* Last wins, as in Junos: a later value replaces the earlier one, and the
 * warning says which line no longer counts. The same value again is no
 * news and keeps its first line. */
static void record(struct pwpol__parser *ps, enum pwpol_opt o, long v, unsigned line)
{
	struct pwpol__slot *sl = &ps->val[o];
	pwpol__cfg_touch(ps, pwpol__cfg_is_lockout_opt(o) ? B_LOCKOUT : B_PASSWORD);
	if (sl->set && sl->v == v)
		return;
	if (sl->set)
		pwpol__cfg_warn(ps, line, "%s: set again; this value replaces the one from line %u",
		                pwpol_opt_name(o), sl->line);
	sl->set = 1;
	sl->v = v;
	sl->line = line;
}

/* `blocklist FILE;`: an absolute path, kept beside its slot (v = 1). */
static void blocklist_value(struct pwpol__parser *ps, const struct stmt *s)
{
	char b[WORD_MAX + 4];
	if (s->n != 2) {
		pwpol__cfg_complain(ps, s->line,
		                    "blocklist: takes one value, the file (a passwdqc filter made "
		                    "by pwqfilter)");
		return;
	}
	if (s->long_word[1] || s->w[1][0] != '/') {
		pwpol__cfg_complain(ps, s->line, "blocklist: '%s' is not an absolute path%s",
		                    pwpol__cfg_shown(s, 1, b, sizeof b),
		                    s->long_word[1] ? " of at most " TOSTR(WORD_MAX) " bytes" : "");
		return;
	}
	struct pwpol__slot *sl = &ps->val[PWPOL_OPT_BLOCKLIST];
	if (sl->set && strcmp(ps->blocklist, s->w[1]) == 0)
		return;
	sl->v = 0; /* so record() tells a different file, as it tells a different number */
	snprintf(ps->blocklist, sizeof ps->blocklist, "%s", s->w[1]);
	record(ps, PWPOL_OPT_BLOCKLIST, 1, s->line);
}

void pwpol__cfg_range_text(enum pwpol_opt o, const char *profile, char *buf, size_t n)
{
	long min = 0, max = 0, gmin = 0, gmax = 0;
	pwpol_opt_range(o, &gmin, &gmax);
	min = gmin;
	max = gmax;
	if (profile)
		pwpol_opt_range_in(o, profile, &min, &max);
	char in[40] = "";
	if (profile && (min != gmin || max != gmax))
		snprintf(in, sizeof in, " in profile %s", profile);
	if (o == PWPOL_OPT_LOCK_TIME)
		snprintf(buf, n, "%ld..%ld%s; 0: until an administrator unlocks", min, max, in);
	else if (pwpol_opt_optional(o))
		snprintf(buf, n, "%ld..%ld%s, or 0 or no-%s for none", min, max, in,
		         pwpol_opt_name(o));
	else
		snprintf(buf, n, "%ld..%ld%s", min, max, in);
}

/* A decimal integer, or 0 with *ok = 0. Too many digits is out of range,
 * which the caller reports with the word itself. */
static long parse_number(const char *w, int long_word, int *ok, int *is_num)
{
	const char *d = w[0] == '-' ? w + 1 : w;
	*ok = 0;
	*is_num = *d != '\0' && !long_word;
	for (const char *q = d; *q; q++)
		if (*q < '0' || *q > '9')
			*is_num = 0;
	if (!*is_num || strlen(d) > 9)
		return 0;
	*ok = 1;
	return strtol(w, NULL, 10);
}

static void leaf_value(struct pwpol__parser *ps, const struct stmt *s, enum pwpol_opt o)
{
	const char *name = pwpol_opt_name(o);
	char r[128], b[WORD_MAX + 4];
	if (o == PWPOL_OPT_USERNAME_CHECK || o == PWPOL_OPT_ROOT_LOCKOUT) {
		if (s->n != 1)
			pwpol__cfg_complain(ps, s->line, "%s: takes no value (%s; or no-%s;)", name,
			                    name, name);
		else
			record(ps, o, 1, s->line);
		return;
	}
	if (o == PWPOL_OPT_BLOCKLIST) {
		blocklist_value(ps, s);
		return;
	}
	if (s->n == 1) {
		if (o == PWPOL_OPT_CHANGE_TYPE)
			snprintf(r, sizeof r, "character-sets or set-transitions");
		else if (o == PWPOL_OPT_FORMAT)
			snprintf(r, sizeof r, "sha512, sha256, sha1, sha2, yescrypt or bcrypt");
		else
			pwpol__cfg_range_text(o, NULL, r, sizeof r);
		pwpol__cfg_complain(ps, s->line, "%s: missing value (%s)", name, r);
		return;
	}
	if (s->n > 2) {
		pwpol__cfg_complain(ps, s->line, "%s: takes one value, found %zu", name, s->n - 1);
		return;
	}
	pwpol__cfg_shown(s, 1, b, sizeof b);
	if (o == PWPOL_OPT_CHANGE_TYPE) {
		enum pwpol_change_type ct;
		if (pwpol_change_type_by_name(s->w[1], &ct) != PWPOL_OK || s->long_word[1])
			pwpol__cfg_complain(
			    ps, s->line,
			    "%s: unknown value '%s' (character-sets or set-transitions)", name, b);
		else
			record(ps, o, ct, s->line);
		return;
	}
	if (o == PWPOL_OPT_FORMAT) {
		enum pwpol_format f;
		if (pwpol_format_by_name(s->w[1], &f) != PWPOL_OK || s->long_word[1])
			pwpol__cfg_complain(ps, s->line,
			                    "%s: unknown value '%s' (sha512, sha256, sha1, sha2, "
			                    "yescrypt or bcrypt)",
			                    name, b);
		else
			record(ps, o, f, s->line);
		return;
	}
	int ok, is_num;
	long v = parse_number(s->w[1], s->long_word[1], &ok, &is_num);
	pwpol__cfg_range_text(o, NULL, r, sizeof r);
	long min = 0, max = 0;
	pwpol_opt_range(o, &min, &max);
	/* The statement's own range here; a profile's narrower one is held
	 * when the profile is known, at the end (apply). */
	if (!is_num)
		pwpol__cfg_complain(ps, s->line, "%s: '%s' is not a number (%s)", name, b, r);
	else if (!ok || ((v < min || v > max) && !(v == 0 && pwpol_opt_optional(o))))
		pwpol__cfg_complain(ps, s->line, "%s: value %s is out of range (%s)", name, b, r);
	else
		record(ps, o, v, s->line);
}

#define PROFILE_NAMES "ssr, junos, junos-fips, nist-800-63b, stig-rhel9 or stig-srx-ndm"

static void profile_value(struct pwpol__parser *ps, const struct stmt *s)
{
	char b[WORD_MAX + 4];
	long min, max;
	if (s->n != 2) {
		pwpol__cfg_complain(ps, s->line, "profile: takes one value (" PROFILE_NAMES ")");
		return;
	}
	if (s->long_word[1] ||
	    pwpol_opt_range_in(PWPOL_OPT_MINIMUM_LENGTH, s->w[1], &min, &max) != PWPOL_OK) {
		pwpol__cfg_complain(ps, s->line,
		                    "profile: unknown profile '%s' (" PROFILE_NAMES ")",
		                    pwpol__cfg_shown(s, 1, b, sizeof b));
		return;
	}
	struct pwpol__slot *sl = &ps->profile;
	pwpol__cfg_touch(ps, B_PASSWORD);
	if (sl->set && strcmp(ps->profile_name, s->w[1]) == 0)
		return;
	if (sl->set)
		pwpol__cfg_warn(ps, s->line,
		                "profile: set again; this value replaces the one from line %u",
		                sl->line);
	snprintf(ps->profile_name, sizeof ps->profile_name, "%.15s", s->w[1]);
	sl->set = 1;
	sl->line = s->line;
}

/* The statement a word names under `password` or `lockout`: an option
 * (with *negated for a `no-` form), or the profile (*o = PWPOL_OPT_COUNT).
 * 0, with the error told, if there is no such statement. */
int pwpol__cfg_statement(struct pwpol__parser *ps, enum ctx_kind kind, const struct stmt *s,
                         enum pwpol_opt *o, int *negated)
{
	char b[WORD_MAX + 4];
	const char *where = kind == C_PASSWORD ? "password" : "lockout";
	const char *w = s->w[0];
	if (s->long_word[0]) {
		pwpol__cfg_complain(ps, s->line, "unknown statement '%s' under %s",
		                    pwpol__cfg_shown(s, 0, b, sizeof b), where);
		return 0;
	}
	*negated = 0;
	if (kind == C_PASSWORD && strcmp(w, "profile") == 0) {
		*o = PWPOL_OPT_COUNT;
		return 1;
	}
	*negated = strncmp(w, "no-", 3) == 0;
	if (pwpol_opt_by_name(*negated ? w + 3 : w, o) != PWPOL_OK || pwpol__cfg_is_retry_opt(*o) ||
	    pwpol__cfg_is_lockout_opt(*o) != (kind == C_LOCKOUT)) {
		const char *known[PWPOL_OPT_COUNT + 1];
		size_t n = 0;
		if (kind == C_PASSWORD)
			known[n++] = "profile";
		for (int i = 0; i < PWPOL_OPT_COUNT; i++)
			if (!pwpol__cfg_is_retry_opt((enum pwpol_opt)i) &&
			    pwpol__cfg_is_lockout_opt((enum pwpol_opt)i) == (kind == C_LOCKOUT))
				known[n++] = pwpol_opt_name((enum pwpol_opt)i);
		const char *k = pwpol__cfg_near(*negated ? w + 3 : w, known, n);
		pwpol__cfg_complain(ps, s->line, "unknown statement '%s' under %s (%s%s%s)", w,
		                    where, k ? "did you mean '" : "see pwpol.conf(5)", k ? k : "",
		                    k ? "'?" : "");
		return 0;
	}
	if (*negated && !pwpol_opt_optional(*o) && *o != PWPOL_OPT_USERNAME_CHECK &&
	    *o != PWPOL_OPT_ROOT_LOCKOUT) {
		pwpol__cfg_complain(ps, s->line,
		                    "unknown statement '%s' under %s (%s cannot be turned off)", w,
		                    where, w + 3);
		return 0;
	}
	return 1;
}

/* The statement a word names under retry-options or password-policy, with
 * its slot; NULL, with the error told, if there is none. */
const struct dialect_stmt *pwpol__cfg_dialect_statement(struct pwpol__parser *ps,
                                                        enum ctx_kind kind, const struct stmt *s,
                                                        struct pwpol__slot **slot)
{
	int ssr = kind == C_PWPOLICY;
	const struct dialect_stmt *t = ssr ? pwpol__cfg_ssr_stmts : pwpol__cfg_retry_stmts;
	size_t n = ssr ? PWPOL__SSR_COUNT : PWPOL__RETRY_COUNT;
	char b[WORD_MAX + 4];
	for (size_t i = 0; i < n && !s->long_word[0]; i++) {
		if (strcmp(s->w[0], t[i].name) == 0) {
			*slot = ssr ? &ps->ssr[i] : &ps->retry[i];
			return &t[i];
		}
	}
	const char
	    *known[PWPOL__RETRY_COUNT > PWPOL__SSR_COUNT ? PWPOL__RETRY_COUNT : PWPOL__SSR_COUNT];
	for (size_t i = 0; i < n; i++)
		known[i] = t[i].name;
	const char *k = s->long_word[0] ? NULL : pwpol__cfg_near(s->w[0], known, n);
	pwpol__cfg_complain(ps, s->line, "unknown statement '%s' under %s (%s%s%s)",
	                    pwpol__cfg_shown(s, 0, b, sizeof b),
	                    ssr ? "password-policy" : "retry-options",
	                    k ? "did you mean '" : "see pwpol.conf(5)", k ? k : "", k ? "'?" : "");
	return NULL;
}

/* `tries-before-disconnect 5;`, `deny 4;`, ...: a number in the
 * statement's own range (and unit), recorded as record() does. */
void pwpol__cfg_dialect_leaf(struct pwpol__parser *ps, enum ctx_kind kind, const struct stmt *s)
{
	struct pwpol__slot *sl;
	const struct dialect_stmt *d = pwpol__cfg_dialect_statement(ps, kind, s, &sl);
	if (!d)
		return;
	long min, max;
	char b[WORD_MAX + 4];
	dialect_range(d, kind == C_PWPOLICY, &min, &max);
	if (s->n == 1) {
		pwpol__cfg_complain(ps, s->line, "%s: missing value (%ld..%ld)", d->name, min, max);
		return;
	}
	if (s->n > 2) {
		pwpol__cfg_complain(ps, s->line, "%s: takes one value, found %zu", d->name,
		                    s->n - 1);
		return;
	}
	int ok, is_num;
	long v = parse_number(s->w[1], s->long_word[1], &ok, &is_num);
	pwpol__cfg_shown(s, 1, b, sizeof b);
	if (!is_num) {
		pwpol__cfg_complain(ps, s->line, "%s: '%s' is not a number (%ld..%ld)", d->name, b,
		                    min, max);
		return;
	}
	if (!ok || v < min || v > max) {
		pwpol__cfg_complain(ps, s->line, "%s: value %s is out of range (%ld..%ld)", d->name,
		                    b, min, max);
		return;
	}
	pwpol__cfg_touch(ps, kind == C_PWPOLICY ? B_PWPOLICY : B_RETRY);
	if (sl->set && sl->v == v)
		return;
	if (sl->set)
		pwpol__cfg_warn(ps, s->line,
		                "%s: set again; this value replaces the one from line %u", d->name,
		                sl->line);
	sl->set = 1;
	sl->inactive = 0;
	sl->v = v;
	sl->line = s->line;
}

/* One statement under `password` (kind C_PASSWORD) or `lockout`. */
void pwpol__cfg_leaf(struct pwpol__parser *ps, enum ctx_kind kind, const struct stmt *s)
{
	enum pwpol_opt o;
	int negated;
	if (kind == C_RETRY || kind == C_PWPOLICY) {
		pwpol__cfg_dialect_leaf(ps, kind, s);
		return;
	}
	if (!pwpol__cfg_statement(ps, kind, s, &o, &negated))
		return;
	if (o == PWPOL_OPT_COUNT)
		profile_value(ps, s);
	else if (!negated)
		leaf_value(ps, s, o);
	else if (s->n != 1)
		pwpol__cfg_complain(ps, s->line, "%s: takes no value", s->w[0]);
	else
		record(ps, o, 0, s->line);
}
