/*
 * config-read.c - the statements of the configuration text: the Junos
 * curly-brace hierarchy and `set`, `delete`, `deactivate` and `activate`
 * lines, read one after the other as Junos reads them, into a policy, then
 * the commit check.
 *
 * `system login password` and `system login lockout` belong to pwpol, and
 * so do the other vendors' spellings of the same figures: Junos `system
 * login retry-options` and SSR `authority password-policy` (one figure set
 * in two of them is an error naming both lines), and the permissions of
 * `system login class`. Under `system login`, the Junos statements pwpol
 * does not act on (user, the rest of a class, ...) are passed over by name
 * and any other word is an error; everything else outside these blocks is
 * passed over, so a whole Junos or SSR configuration can be given. Every
 * error is collected, then the
 * commit check runs over what was valid; a text with any error gives no
 * policy at all. A later value replacing an earlier one is a warning.
 */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH PWPOL__CFG_MAX_DEPTH
#define MAX_WORDS PWPOL__CFG_MAX_WORDS
#define WORD_MAX  PWPOL__CFG_WORD_MAX
#define STR(x)    #x
#define TOSTR(x)  STR(x)

/* Where statements land: ours are checked, the rest passed over. */
enum ctx_kind {
	C_TOP,
	C_SYSTEM,
	C_LOGIN,
	C_PASSWORD,
	C_LOCKOUT,
	C_OTHER,
	C_RETRY,     /* system login retry-options (Junos) */
	C_AUTHORITY, /* authority (SSR): only password-policy is ours */
	C_PWPOLICY,  /* authority password-policy (SSR) */
	C_CLASS      /* system login class NAME */
};

struct stmt {
	char w[MAX_WORDS][WORD_MAX + 1];
	int long_word[MAX_WORDS];
	size_t n; /* words seen, may exceed MAX_WORDS */
	unsigned line;
};

static void stmt_add(struct stmt *s, const struct pwpol__tok *t)
{
	if (s->n < MAX_WORDS) {
		memcpy(s->w[s->n], t->w, sizeof t->w);
		s->long_word[s->n] = t->long_word;
	}
	s->n++;
}

/* The word as shown in a message: cut words say so. */
static const char *shown(const struct stmt *s, size_t i, char *buf, size_t n)
{
	snprintf(buf, n, "%s%s", s->w[i], s->long_word[i] ? "..." : "");
	return buf;
}

static int is_lockout_opt(enum pwpol_opt o)
{
	return o == PWPOL_OPT_MAXIMUM_FAILED_ATTEMPTS || o == PWPOL_OPT_LOCK_TIME ||
	       o == PWPOL_OPT_FAILURE_INTERVAL;
}

/* The statements a router's `system login` holds that pwpol does not act
 * on (the Junos `login` statement's children, pwpol.conf(5)): passed over
 * by name, whatever they hold. Any other word there is an error. */
static const char *const junos_login[] = {"announcement", "class",   "deny-sources",
                                          "idle-timeout", "message", "user"};
#define LOGIN_ALLOWED                                                                              \
	"pwpol reads password, lockout, retry-options and the permissions of a class; "            \
	"announcement, deny-sources, idle-timeout, message, user and the rest of a class are "     \
	"passed over"

static int is_junos_login(const char *w)
{
	for (size_t i = 0; i < sizeof junos_login / sizeof junos_login[0]; i++)
		if (strcmp(w, junos_login[i]) == 0)
			return 1;
	return 0;
}

static const char *const block_name[B_COUNT] = {
    "system", "login", "password", "lockout", "retry-options", "authority", "password-policy"};

static int is_retry_opt(enum pwpol_opt o)
{
	return o >= PWPOL_OPT_TRIES_BEFORE_DISCONNECT && o <= PWPOL_OPT_MAXIMUM_TIME;
}

/* The other vendors' statements: the policy statement each one sets, its
 * default when its block is there and nothing sets the figure, and its
 * unit (lockout-period is in minutes; lock-time in seconds). The ranges
 * are the policy statement's (policy.c), in the SSR profile for SSR; the
 * Junos and SSR figures are in pwpol.conf(5). */
struct dialect_stmt {
	const char *name;
	enum pwpol_opt opt;
	long def; /* 0: none */
	long unit;
};

static const struct dialect_stmt retry_stmts[PWPOL__RETRY_COUNT] = {
    {"tries-before-disconnect", PWPOL_OPT_TRIES_BEFORE_DISCONNECT, 10, 1},
    {"backoff-threshold", PWPOL_OPT_BACKOFF_THRESHOLD, 2, 1},
    {"backoff-factor", PWPOL_OPT_BACKOFF_FACTOR, 5, 1},
    {"lockout-period", PWPOL_OPT_LOCK_TIME, 0, 60},
    {"minimum-time", PWPOL_OPT_MINIMUM_TIME, 20, 1},
    {"maximum-time", PWPOL_OPT_MAXIMUM_TIME, 120, 1},
};
enum { R_TRIES = 0, R_PERIOD = 3 };

static const struct dialect_stmt ssr_stmts[PWPOL__SSR_COUNT] = {
    {"deny", PWPOL_OPT_MAXIMUM_FAILED_ATTEMPTS, 6, 1},
    {"unlock-time", PWPOL_OPT_LOCK_TIME, 1800, 1},
    {"lifetime", PWPOL_OPT_MAXIMUM_LIFETIME, 60, 1},
    {"minimum-length", PWPOL_OPT_MINIMUM_LENGTH, 9, 1},
};

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
static void touch(struct pwpol__parser *ps, enum pwpol__block b)
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
static const char *near(const char *w, const char *const *known, size_t n)
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
static void pass_over(struct pwpol__parser *ps, const char *prefix, const char *w, int long_word,
                      unsigned line)
{
	const char *k = NULL;
	if (long_word)
		k = NULL;
	else if (*prefix == 0)
		k = near(w, top_words, 2);
	else if (strcmp(prefix, "system") == 0)
		k = near(w, system_words, 1);
	else if (strcmp(prefix, "authority") == 0)
		k = near(w, authority_words, 1);
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
	touch(ps, is_lockout_opt(o) ? B_LOCKOUT : B_PASSWORD);
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
		                    shown(s, 1, b, sizeof b),
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

static void range_text(enum pwpol_opt o, const char *profile, char *buf, size_t n)
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
	if (o == PWPOL_OPT_USERNAME_CHECK) {
		if (s->n != 1)
			pwpol__cfg_complain(
			    ps, s->line,
			    "%s: takes no value (username-check; or no-username-check;)", name);
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
			range_text(o, NULL, r, sizeof r);
		pwpol__cfg_complain(ps, s->line, "%s: missing value (%s)", name, r);
		return;
	}
	if (s->n > 2) {
		pwpol__cfg_complain(ps, s->line, "%s: takes one value, found %zu", name, s->n - 1);
		return;
	}
	shown(s, 1, b, sizeof b);
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
	range_text(o, NULL, r, sizeof r);
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
		                    shown(s, 1, b, sizeof b));
		return;
	}
	struct pwpol__slot *sl = &ps->profile;
	touch(ps, B_PASSWORD);
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
static int statement(struct pwpol__parser *ps, enum ctx_kind kind, const struct stmt *s,
                     enum pwpol_opt *o, int *negated)
{
	char b[WORD_MAX + 4];
	const char *where = kind == C_PASSWORD ? "password" : "lockout";
	const char *w = s->w[0];
	if (s->long_word[0]) {
		pwpol__cfg_complain(ps, s->line, "unknown statement '%s' under %s",
		                    shown(s, 0, b, sizeof b), where);
		return 0;
	}
	*negated = 0;
	if (kind == C_PASSWORD && strcmp(w, "profile") == 0) {
		*o = PWPOL_OPT_COUNT;
		return 1;
	}
	*negated = strncmp(w, "no-", 3) == 0;
	if (pwpol_opt_by_name(*negated ? w + 3 : w, o) != PWPOL_OK || is_retry_opt(*o) ||
	    is_lockout_opt(*o) != (kind == C_LOCKOUT)) {
		const char *known[PWPOL_OPT_COUNT + 1];
		size_t n = 0;
		if (kind == C_PASSWORD)
			known[n++] = "profile";
		for (int i = 0; i < PWPOL_OPT_COUNT; i++)
			if (!is_retry_opt((enum pwpol_opt)i) &&
			    is_lockout_opt((enum pwpol_opt)i) == (kind == C_LOCKOUT))
				known[n++] = pwpol_opt_name((enum pwpol_opt)i);
		const char *k = near(*negated ? w + 3 : w, known, n);
		pwpol__cfg_complain(ps, s->line, "unknown statement '%s' under %s (%s%s%s)", w,
		                    where, k ? "did you mean '" : "see pwpol.conf(5)", k ? k : "",
		                    k ? "'?" : "");
		return 0;
	}
	if (*negated && !pwpol_opt_optional(*o) && *o != PWPOL_OPT_USERNAME_CHECK) {
		pwpol__cfg_complain(ps, s->line,
		                    "unknown statement '%s' under %s (%s cannot be turned off)", w,
		                    where, w + 3);
		return 0;
	}
	return 1;
}

/* The statement a word names under retry-options or password-policy, with
 * its slot; NULL, with the error told, if there is none. */
static const struct dialect_stmt *dialect_statement(struct pwpol__parser *ps, enum ctx_kind kind,
                                                    const struct stmt *s, struct pwpol__slot **slot)
{
	int ssr = kind == C_PWPOLICY;
	const struct dialect_stmt *t = ssr ? ssr_stmts : retry_stmts;
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
	const char *k = s->long_word[0] ? NULL : near(s->w[0], known, n);
	pwpol__cfg_complain(ps, s->line, "unknown statement '%s' under %s (%s%s%s)",
	                    shown(s, 0, b, sizeof b), ssr ? "password-policy" : "retry-options",
	                    k ? "did you mean '" : "see pwpol.conf(5)", k ? k : "", k ? "'?" : "");
	return NULL;
}

/* `tries-before-disconnect 5;`, `deny 4;`, ...: a number in the
 * statement's own range (and unit), recorded as record() does. */
static void dialect_leaf(struct pwpol__parser *ps, enum ctx_kind kind, const struct stmt *s)
{
	struct pwpol__slot *sl;
	const struct dialect_stmt *d = dialect_statement(ps, kind, s, &sl);
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
	shown(s, 1, b, sizeof b);
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
	touch(ps, kind == C_PWPOLICY ? B_PWPOLICY : B_RETRY);
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
static void leaf(struct pwpol__parser *ps, enum ctx_kind kind, const struct stmt *s)
{
	enum pwpol_opt o;
	int negated;
	if (kind == C_RETRY || kind == C_PWPOLICY) {
		dialect_leaf(ps, kind, s);
		return;
	}
	if (!statement(ps, kind, s, &o, &negated))
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

/* ---- login classes ------------------------------------------------------ */

/* Opens (or finds again) class `name` for its statements: the index, or
 * -1 with the error told (a predefined name, too long, too many). */
static int open_class(struct pwpol__parser *ps, const char *name, int long_word, unsigned line)
{
	if (long_word || strlen(name) >= PWPOL_CLASS_NAME_MAX) {
		pwpol__cfg_complain(ps, line, "class %.40s...: a class name has at most %d bytes",
		                    name, PWPOL_CLASS_NAME_MAX - 1);
		return -1;
	}
	if (pwpol_class_is_predefined(name)) {
		pwpol__cfg_complain(
		    ps, line,
		    "class %s: a predefined class (super-user, operator, read-only, "
		    "unauthorized; SSR admin, user) cannot be defined again",
		    name);
		return -1;
	}
	touch(ps, B_LOGIN);
	ps->read_any = 1;
	for (size_t i = 0; i < ps->ncls; i++)
		if (strcmp(ps->cls[i].name, name) == 0)
			return (int)i;
	if (ps->ncls == PWPOL__CLASSES_MAX) {
		pwpol__cfg_complain(ps, line, "class %s: more than %d classes", name,
		                    PWPOL__CLASSES_MAX);
		return -1;
	}
	struct pwpol__class_def *c = &ps->cls[ps->ncls];
	memset(c, 0, sizeof *c);
	snprintf(c->name, sizeof c->name, "%s", name);
	return (int)ps->ncls++;
}

/* `permissions WORD;` or `permissions [ WORD ... ];` in class k (words
 * from s->w[from]); the words add to what the class holds, as in Junos. */
static void class_permissions(struct pwpol__parser *ps, int k, const struct stmt *s, size_t from,
                              size_t kept)
{
	struct pwpol__class_def *c = &ps->cls[k];
	if (s->n > kept) {
		pwpol__cfg_complain(ps, s->line,
		                    "permissions: more words than pwpol reads in one statement; "
		                    "give the others in another permissions statement");
		return;
	}
	for (size_t i = from; i < s->n; i++) {
		char w[PWPOL__CFG_WORD_MAX + 1];
		snprintf(w, sizeof w, "%s", s->w[i]);
		if (strcmp(w, "[") == 0 || strcmp(w, "]") == 0)
			continue;
		unsigned bits;
		if (s->long_word[i] || !pwpol__permission_word(w, &bits)) {
			pwpol__cfg_complain(ps, s->line,
			                    "permissions: unknown permission '%.40s' (a Junos "
			                    "permission flag: admin, admin-control, all, clear, "
			                    "configure, view, ...; see pwpol.conf(5))",
			                    w);
			continue;
		}
		c->perms |= bits;
		size_t have = strlen(c->words);
		if (have + strlen(w) + 2 < sizeof c->words)
			snprintf(c->words + have, sizeof c->words - have, "%s%s", have ? " " : "",
			         w);
	}
}

/* One statement inside `class NAME { ... }`: permissions are ours, the
 * other Junos class statements (idle-timeout, allow-commands, ...) are
 * passed over. */
static void class_leaf(struct pwpol__parser *ps, const struct stmt *s)
{
	if (ps->cur_class < 0 || s->long_word[0] || strcmp(s->w[0], "permissions") != 0)
		return;
	if (s->n < 2) {
		pwpol__cfg_complain(ps, s->line,
		                    "permissions: missing value (admin, "
		                    "admin-control, all, ...)");
		return;
	}
	class_permissions(ps, ps->cur_class, s, 1, PWPOL__CFG_MAX_WORDS);
}

static enum ctx_kind child(enum ctx_kind kind, const struct stmt *s)
{
	if (kind == C_LOGIN && s->n == 2 && !s->long_word[0] && strcmp(s->w[0], "class") == 0)
		return C_CLASS;
	if (s->n != 1 || s->long_word[0])
		return C_OTHER;
	const char *w = s->w[0];
	if (kind == C_LOGIN && strcmp(w, "retry-options") == 0)
		return C_RETRY;
	if (kind == C_TOP && strcmp(w, "authority") == 0)
		return C_AUTHORITY;
	if (kind == C_AUTHORITY && strcmp(w, "password-policy") == 0)
		return C_PWPOLICY;
	if (kind == C_TOP && strcmp(w, "system") == 0)
		return C_SYSTEM;
	if (kind == C_SYSTEM && strcmp(w, "login") == 0)
		return C_LOGIN;
	if (kind == C_LOGIN && strcmp(w, "password") == 0)
		return C_PASSWORD;
	if (kind == C_LOGIN && strcmp(w, "lockout") == 0)
		return C_LOCKOUT;
	return C_OTHER;
}

/* A statement directly under `system login` other than ours: a Junos one
 * is passed over, anything else is a misspelling, told. */
static void login_other(struct pwpol__parser *ps, const struct stmt *s, int is_block)
{
	char b[WORD_MAX + 4];
	if (!s->long_word[0] && is_junos_login(s->w[0])) {
		if (strcmp(s->w[0], "class") != 0)
			pass_over(ps, "system login", s->w[0], 0, s->line);
		return;
	}
	if (!s->long_word[0] &&
	    (strcmp(s->w[0], "password") == 0 || strcmp(s->w[0], "lockout") == 0 ||
	     strcmp(s->w[0], "retry-options") == 0)) {
		pwpol__cfg_complain(ps, s->line,
		                    "%s: a block of statements, without a name or value", s->w[0]);
		return;
	}
	static const char *const login_words[] = {"password", "lockout",      "retry-options",
	                                          "class",    "announcement", "user",
	                                          "message",  "deny-sources", "idle-timeout"};
	const char *k = s->long_word[0]
	                    ? NULL
	                    : near(s->w[0], login_words, sizeof login_words / sizeof *login_words);
	char mean[64] = "";
	if (k)
		snprintf(mean, sizeof mean, "did you mean '%s'? ", k);
	pwpol__cfg_complain(ps, s->line, "unknown %s '%s' under login (%s" LOGIN_ALLOWED ")",
	                    is_block ? "block" : "statement", shown(s, 0, b, sizeof b), mean);
}

enum verb { V_SET, V_DELETE, V_DEACTIVATE, V_ACTIVATE };
static const char *const verb_name[] = {"set", "delete", "deactivate", "activate"};

/* `set|delete system login class NAME [permissions WORD...]`; the words
 * from `class` on are in s (s->w[0] is "class"). */
static void class_line(struct pwpol__parser *ps, enum verb v, const struct stmt *s)
{
	if (s->n < 2) {
		if (v == V_SET)
			pwpol__cfg_complain(ps, s->line, "class: needs a name");
		return;
	}
	if (v == V_DEACTIVATE || v == V_ACTIVATE)
		return; /* a router's way to keep a class aside: pwpol keeps it as it is */
	int k = open_class(ps, s->w[1], s->long_word[1], s->line);
	if (k < 0)
		return;
	if (v == V_DELETE) {
		/* The whole class, or all its permissions: the last one listed. */
		if (s->n == 2) {
			memmove(&ps->cls[k], &ps->cls[k + 1],
			        (ps->ncls - (size_t)k - 1) * sizeof ps->cls[0]);
			ps->ncls--;
		} else if (strcmp(s->w[2], "permissions") == 0) {
			ps->cls[k].perms = 0;
			ps->cls[k].words[0] = 0;
		}
		return;
	}
	if (s->n >= 3 && strcmp(s->w[2], "permissions") == 0) {
		if (s->n == 3)
			pwpol__cfg_complain(ps, s->line,
			                    "permissions: missing value (admin, "
			                    "admin-control, all, ...)");
		else
			class_permissions(ps, k, s, 3, PWPOL__CFG_MAX_WORDS - 2);
	}
}

static void clear_opts(struct pwpol__parser *ps, int lockout_too, int password_too)
{
	for (int o = 0; o < PWPOL_OPT_COUNT; o++)
		if (is_lockout_opt((enum pwpol_opt)o) ? lockout_too : password_too)
			memset(&ps->val[o], 0, sizeof ps->val[o]);
	if (password_too)
		memset(&ps->profile, 0, sizeof ps->profile);
}

/* `delete`, `deactivate` or `activate` of a whole block (B_COUNT: the
 * whole configuration, `delete` alone). A deleted block takes everything
 * under it, its inactive mark included. */
static void block_verb(struct pwpol__parser *ps, enum verb v, int b, unsigned line)
{
	ps->read_any = 1;
	if (b != B_COUNT && !ps->block[b].exists) {
		pwpol__cfg_warn(ps, line, "%s: not in the configuration; nothing to %s",
		                block_name[b], verb_name[v]);
		return;
	}
	if (v != V_DELETE) {
		ps->block[b].inactive = v == V_DEACTIVATE;
		return;
	}
	if (b != B_AUTHORITY && b != B_PWPOLICY && b != B_PASSWORD && b != B_LOCKOUT)
		memset(ps->retry, 0, sizeof ps->retry); /* under system login */
	if (b == B_COUNT || b == B_AUTHORITY || b == B_PWPOLICY)
		memset(ps->ssr, 0, sizeof ps->ssr);
	if (b >= B_RETRY && b < B_COUNT) {
		for (int i = b; i < B_COUNT && (i == b || b == B_AUTHORITY); i++)
			ps->block[i].exists = ps->block[i].inactive = 0;
		return;
	}
	if (b == B_PASSWORD || b == B_LOCKOUT) {
		clear_opts(ps, b == B_LOCKOUT, b == B_PASSWORD);
		ps->block[b].exists = ps->block[b].inactive = 0;
		return;
	}
	clear_opts(ps, 1, 1);
	ps->ncls = 0; /* the classes go with system login */
	for (int i = b == B_COUNT ? 0 : b; i < (b == B_COUNT ? B_COUNT : B_AUTHORITY); i++)
		ps->block[i].exists = ps->block[i].inactive = 0;
}

/* `delete`, `deactivate` or `activate` of one statement's slot: a value
 * after the statement (s->w[0]) is allowed and changes nothing. */
static void slot_verb(struct pwpol__parser *ps, enum verb v, const struct stmt *s, const char *name,
                      struct pwpol__slot *sl)
{
	ps->read_any = 1;
	if (s->n > 2) {
		pwpol__cfg_complain(ps, s->line, "%s: %s takes the statement and at most its value",
		                    s->w[0], verb_name[v]);
		return;
	}
	if (!sl->set) {
		pwpol__cfg_warn(ps, s->line, "%s: not in the configuration; nothing to %s", name,
		                verb_name[v]);
		return;
	}
	if (v == V_DELETE)
		memset(sl, 0, sizeof *sl);
	else
		sl->inactive = v == V_DEACTIVATE;
}

/* slot_verb() for a statement under retry-options or password-policy. */
static void dialect_leaf_verb(struct pwpol__parser *ps, enum verb v, enum ctx_kind kind,
                              const struct stmt *s)
{
	struct pwpol__slot *sl;
	const struct dialect_stmt *d = dialect_statement(ps, kind, s, &sl);
	if (d)
		slot_verb(ps, v, s, d->name, sl);
}

/* `delete`, `deactivate` or `activate` of one statement under password or
 * lockout; a value after the name is allowed and changes nothing. */
static void leaf_verb(struct pwpol__parser *ps, enum verb v, enum ctx_kind kind,
                      const struct stmt *s)
{
	enum pwpol_opt o;
	int negated;
	if (kind == C_RETRY || kind == C_PWPOLICY) {
		dialect_leaf_verb(ps, v, kind, s);
		return;
	}
	if (!statement(ps, kind, s, &o, &negated))
		return;
	slot_verb(ps, v, s, o == PWPOL_OPT_COUNT ? "profile" : pwpol_opt_name(o),
	          o == PWPOL_OPT_COUNT ? &ps->profile : &ps->val[o]);
}

/* `set authority password-policy deny 4` and the other verbs: only
 * password-policy is ours; the rest of an SSR authority is passed over. */
static void authority_line(struct pwpol__parser *ps, enum verb v, const struct stmt *s)
{
	if (s->n == 1) {
		if (v != V_SET)
			block_verb(ps, v, B_AUTHORITY, s->line);
		return;
	}
	if (s->long_word[1] || strcmp(s->w[1], "password-policy") != 0) {
		if (v == V_SET)
			pass_over(ps, "authority", s->w[1], s->long_word[1], s->line);
		return;
	}
	if (s->n == 2) {
		if (v == V_SET)
			touch(ps, B_PWPOLICY);
		else
			block_verb(ps, v, B_PWPOLICY, s->line);
		return;
	}
	struct stmt leafs = {.line = s->line, .n = s->n - 2};
	for (size_t i = 2; i < s->n && i < MAX_WORDS; i++) {
		memcpy(leafs.w[i - 2], s->w[i], sizeof s->w[i]);
		leafs.long_word[i - 2] = s->long_word[i];
	}
	if (v == V_SET)
		dialect_leaf(ps, C_PWPOLICY, &leafs);
	else
		dialect_leaf_verb(ps, v, C_PWPOLICY, &leafs);
}

/* `set system login password minimum-length 9`, `delete ...`,
 * `deactivate ...`, `activate ...`: the line is the statement, read as
 * Junos reads them, one after the other. */
static void verb_line(struct pwpol__parser *ps, enum verb v)
{
	struct stmt s = {.line = ps->t.line};
	unsigned line = ps->t.line;
	pwpol__cfg_next(ps);
	while (ps->t.kind == T_WORD && ps->t.line == line && !ps->t.first) {
		stmt_add(&s, &ps->t);
		pwpol__cfg_next(ps);
	}
	if (ps->t.kind == T_SEMI && ps->t.line == line)
		pwpol__cfg_next(ps); /* a stray ';' after a set line is forgiven */
	else if (ps->t.kind != T_EOF && ps->t.kind != T_BAD && ps->t.line == line) {
		pwpol__cfg_complain(ps, line, "unexpected '%c' in %s %s line",
		                    ps->t.kind == T_OPEN ? '{' : '}', v == V_ACTIVATE ? "an" : "a",
		                    verb_name[v]);
		pwpol__cfg_next(ps);
	}
	if (ps->edit_other)
		return; /* under an [edit ...] level that is not ours */
	if (ps->nedit) {
		/* Relative to the [edit ...] level, as Junos reads a set there. */
		struct stmt rel = {.line = line, .n = ps->nedit + s.n};
		for (size_t i = 0; i < ps->nedit; i++)
			memcpy(rel.w[i], ps->edit[i], sizeof rel.w[i]);
		for (size_t i = 0; i < s.n && ps->nedit + i < MAX_WORDS; i++) {
			memcpy(rel.w[ps->nedit + i], s.w[i], sizeof s.w[i]);
			rel.long_word[ps->nedit + i] = s.long_word[i];
		}
		s = rel;
	}
	if (s.n == 0) {
		if (v == V_DELETE)
			block_verb(ps, v, B_COUNT, line);
		return;
	}
	if (!s.long_word[0] && strcmp(s.w[0], "authority") == 0) {
		authority_line(ps, v, &s);
		return;
	}
	if (s.long_word[0] || strcmp(s.w[0], "system") != 0) {
		if (v == V_SET)
			pass_over(ps, "", s.w[0], s.long_word[0], line);
		return; /* not ours */
	}
	if (v == V_SET)
		touch(ps, B_SYSTEM);
	if (s.n == 1) {
		if (v != V_SET)
			block_verb(ps, v, B_SYSTEM, line);
		return;
	}
	if (s.long_word[1] || strcmp(s.w[1], "login") != 0) {
		if (v == V_SET)
			pass_over(ps, "system", s.w[1], s.long_word[1], line);
		return;
	}
	if (v == V_SET)
		touch(ps, B_LOGIN);
	if (s.n == 2) {
		if (v != V_SET)
			block_verb(ps, v, B_LOGIN, line);
		return;
	}
	enum ctx_kind kind = s.long_word[2]                         ? C_OTHER
	                     : strcmp(s.w[2], "password") == 0      ? C_PASSWORD
	                     : strcmp(s.w[2], "lockout") == 0       ? C_LOCKOUT
	                     : strcmp(s.w[2], "retry-options") == 0 ? C_RETRY
	                                                            : C_OTHER;
	struct stmt leafs = {.line = line, .n = s.n - 2};
	for (size_t i = 2; i < s.n && i < MAX_WORDS; i++) {
		memcpy(leafs.w[i - 2], s.w[i], sizeof s.w[i]);
		leafs.long_word[i - 2] = s.long_word[i];
	}
	if (kind == C_OTHER && !leafs.long_word[0] && strcmp(leafs.w[0], "class") == 0) {
		class_line(ps, v, &leafs);
		return;
	}
	if (kind == C_OTHER) {
		login_other(ps, &leafs, 0);
		return;
	}
	enum pwpol__block b = kind == C_PASSWORD ? B_PASSWORD
	                      : kind == C_RETRY  ? B_RETRY
	                                         : B_LOCKOUT;
	if (s.n == 3) {
		if (v == V_SET)
			touch(ps, b); /* `set system login password` alone makes an empty block */
		else
			block_verb(ps, v, b, line);
		return;
	}
	leafs.n = s.n - 3;
	for (size_t i = 3; i < s.n && i < MAX_WORDS; i++) {
		memcpy(leafs.w[i - 3], s.w[i], sizeof s.w[i]);
		leafs.long_word[i - 3] = s.long_word[i];
	}
	if (v == V_SET)
		leaf(ps, kind, &leafs);
	else
		leaf_verb(ps, v, kind, &leafs);
}

static int line_verb(const struct pwpol__tok *t, enum verb *v)
{
	for (int i = 0; i < 4; i++) {
		if (strcmp(t->w, verb_name[i]) == 0) {
			*v = (enum verb)i;
			return 1;
		}
	}
	return 0;
}

/* The block a level of ours opens (B_COUNT: none). */
static void enter(struct pwpol__parser *ps, enum ctx_kind sub)
{
	if (sub == C_OTHER || sub == C_TOP || sub == C_CLASS)
		return;
	touch(ps, sub == C_SYSTEM      ? B_SYSTEM
	          : sub == C_LOGIN     ? B_LOGIN
	          : sub == C_PASSWORD  ? B_PASSWORD
	          : sub == C_RETRY     ? B_RETRY
	          : sub == C_AUTHORITY ? B_AUTHORITY
	          : sub == C_PWPOLICY  ? B_PWPOLICY
	                               : B_LOCKOUT);
}

/* The level whose other words are passed over by name, for pass_over(). */
static const char *pass_level(enum ctx_kind kind)
{
	return kind == C_TOP         ? ""
	       : kind == C_SYSTEM    ? "system"
	       : kind == C_AUTHORITY ? "authority"
	                             : NULL;
}

/* `[edit system login password]`, as `show | compare` and a Junos prompt
 * print it: the statements after it, braces and set lines alike, are read
 * at that level, as Junos reads them after `edit system login password`;
 * `[edit]` goes back to the top. *kind gets the level. */
static void edit_header(struct pwpol__parser *ps, enum ctx_kind *kind)
{
	unsigned line = ps->t.line;
	struct stmt s = {.line = line};
	do {
		stmt_add(&s, &ps->t);
		pwpol__cfg_next(ps);
	} while (ps->t.kind == T_WORD && ps->t.line == line && !ps->t.first);
	size_t n = s.n < MAX_WORDS ? s.n : MAX_WORDS, first = 0;
	char *last = s.w[n - 1];
	size_t ll = strlen(last);
	int closed = ll && last[ll - 1] == ']' && !s.long_word[n - 1];
	if (closed)
		last[ll - 1] = 0;
	memmove(s.w[0], s.w[0] + 1, strlen(s.w[0])); /* the '[' */
	if (!s.w[0][0])
		first = 1;
	if (n && !s.w[n - 1][0])
		n--;
	*kind = C_TOP;
	ps->nedit = 0;
	ps->edit_other = 0;
	ps->cur_class = -1;
	if (!closed || s.n > MAX_WORDS || first >= n || strcmp(s.w[first], "edit") != 0) {
		pwpol__cfg_complain(ps, line,
		                    "a line opening with '[' is read as a Junos level header, "
		                    "[edit system login password]; this one is not");
		*kind = C_OTHER;
		ps->edit_other = 1;
		return;
	}
	for (size_t i = first + 1; i < n; i++) {
		enum ctx_kind k = *kind;
		if (k == C_OTHER) {
			ps->edit_other = 1;
			continue;
		}
		if (k == C_PASSWORD || k == C_LOCKOUT || k == C_RETRY || k == C_PWPOLICY ||
		    k == C_CLASS) {
			pwpol__cfg_complain(ps, line, "[edit ...]: '%s' is not a level under %s",
			                    s.w[i],
			                    k == C_CLASS      ? "a class"
			                    : k == C_PASSWORD ? "password"
			                    : k == C_LOCKOUT  ? "lockout"
			                    : k == C_RETRY    ? "retry-options"
			                                      : "password-policy");
			*kind = C_OTHER;
			ps->edit_other = 1;
			return;
		}
		struct stmt one = {.line = line, .n = 1};
		memcpy(one.w[0], s.w[i], sizeof one.w[0]);
		one.long_word[0] = s.long_word[i];
		if (k == C_LOGIN && strcmp(s.w[i], "class") == 0 && i + 1 < n) {
			memcpy(one.w[1], s.w[i + 1], sizeof one.w[1]);
			one.long_word[1] = s.long_word[i + 1];
			one.n = 2;
		}
		enum ctx_kind sub = child(k, &one);
		if (sub == C_CLASS) {
			ps->cur_class = open_class(ps, one.w[1], one.long_word[1], line);
			if (ps->cur_class < 0)
				sub = C_OTHER;
		} else if (sub != C_OTHER) {
			enter(ps, sub);
		} else if (pass_level(k)) {
			pass_over(ps, pass_level(k), one.w[0], one.long_word[0], line);
		} else if (k == C_LOGIN) {
			login_other(ps, &one, 1);
		}
		for (size_t j = 0; j < one.n; j++) {
			if (ps->nedit < PWPOL__CFG_EDIT_MAX)
				memcpy(ps->edit[ps->nedit++], one.w[j], sizeof ps->edit[0]);
			else
				ps->edit_other = 1;
		}
		i += one.n - 1;
		*kind = sub;
	}
	if (*kind == C_OTHER)
		ps->edit_other = 1;
}

/* Reads statements until the closing '}' of this block (or the end of the
 * text at the top). The current token is the first of the block. */
static void block(struct pwpol__parser *ps, enum ctx_kind kind, unsigned depth, unsigned open_line)
{
	for (;;) {
		struct pwpol__tok *t = &ps->t;
		if (t->kind == T_BAD)
			return;
		if (t->kind == T_EOF) {
			if (depth)
				pwpol__cfg_complain(ps, open_line,
				                    "missing '}' for the block opened here");
			return;
		}
		if (t->kind == T_CLOSE) {
			if (depth)
				return;
			pwpol__cfg_complain(ps, t->line, "unexpected '}'");
			pwpol__cfg_next(ps);
			continue;
		}
		if (t->kind == T_SEMI) {
			pwpol__cfg_next(ps); /* an empty statement */
			continue;
		}
		enum verb v;
		if (depth == 0 && t->first && t->kind == T_WORD && t->w[0] == '[') {
			edit_header(ps, &kind);
			continue;
		}
		if (depth == 0 && t->first && line_verb(t, &v)) {
			verb_line(ps, v);
			continue;
		}
		struct stmt s = {.line = t->line};
		int inactive = 0;
		if (strcmp(t->w, "inactive:") == 0 || strcmp(t->w, "protect:") == 0) {
			inactive = t->w[0] == 'i';
			pwpol__cfg_next(ps);
		}
		while (ps->t.kind == T_WORD) {
			stmt_add(&s, &ps->t);
			pwpol__cfg_next(ps);
		}
		if (ps->t.kind == T_BAD)
			return;
		if (s.n == 0) {
			pwpol__cfg_complain(ps, s.line, "a statement needs a name");
			if (ps->t.kind != T_OPEN) {
				if (ps->t.kind == T_SEMI)
					pwpol__cfg_next(ps);
				continue;
			}
			inactive = 1; /* read the nameless block only to keep braces balanced */
		}
		if (ps->t.kind == T_OPEN) {
			enum ctx_kind sub = inactive ? C_OTHER : child(kind, &s);
			if (sub == C_CLASS) {
				ps->cur_class = open_class(ps, s.w[1], s.long_word[1], s.line);
				if (ps->cur_class < 0)
					sub = C_OTHER;
			} else if (sub != C_OTHER) {
				enter(ps, sub);
			} else if (!inactive && pass_level(kind)) {
				pass_over(ps, pass_level(kind), s.w[0], s.long_word[0], s.line);
			}
			if (!inactive && kind == C_LOGIN && sub == C_OTHER &&
			    child(kind, &s) != C_CLASS)
				login_other(ps, &s, 1);
			if (!inactive && (kind == C_PASSWORD || kind == C_LOCKOUT ||
			                  kind == C_RETRY || kind == C_PWPOLICY)) {
				char b[WORD_MAX + 4];
				pwpol__cfg_complain(ps, s.line, "unknown block '%s' under %s",
				                    shown(&s, 0, b, sizeof b),
				                    kind == C_PASSWORD  ? "password"
				                    : kind == C_LOCKOUT ? "lockout"
				                    : kind == C_RETRY   ? "retry-options"
				                                        : "password-policy");
			}
			if (depth + 1 >= MAX_DEPTH) {
				pwpol__cfg_complain(ps, s.line, "nested deeper than %d levels",
				                    MAX_DEPTH);
				ps->t.kind = T_BAD;
				return;
			}
			pwpol__cfg_next(ps);
			block(ps, sub, depth + 1, s.line);
			if (ps->t.kind != T_CLOSE)
				return;
			pwpol__cfg_next(ps);
			continue;
		}
		if (ps->t.kind != T_SEMI) {
			pwpol__cfg_complain(ps, s.line, "missing ';' after '%s'",
			                    s.w[s.n < MAX_WORDS ? s.n - 1 : 0]);
			if (ps->t.kind == T_EOF && depth)
				pwpol__cfg_complain(ps, open_line,
				                    "missing '}' for the block opened here");
			if (ps->t.kind == T_EOF)
				return;
			continue; /* a '}' closes the block as usual */
		}
		pwpol__cfg_next(ps);
		if (!inactive && (kind == C_PASSWORD || kind == C_LOCKOUT || kind == C_RETRY ||
		                  kind == C_PWPOLICY))
			leaf(ps, kind, &s);
		else if (!inactive && kind == C_LOGIN && child(kind, &s) == C_OTHER)
			login_other(ps, &s, 0);
		else if (!inactive && kind == C_CLASS)
			class_leaf(ps, &s);
		else if (!inactive && pass_level(kind))
			pass_over(ps, pass_level(kind), s.w[0], s.long_word[0], s.line);
	}
}

/* ---- public ----------------------------------------------------------- */

/* Who sets a figure: a dialect, its statement and the line. */
struct claim {
	enum pwpol__dialect d;
	const char *block, *name;
	unsigned line;
	long v;
};

static int in_force(const struct pwpol__slot *sl, int active)
{
	return active && sl->set && !sl->inactive;
}

/* The claims on figure o: ours, SSR's, Junos's. Junos locks only with a
 * lockout-period, after tries-before-disconnect failures (its default
 * when not written: the claim is then lockout-period's line). */
static size_t claims(const struct pwpol__parser *ps, enum pwpol_opt o, const int *active,
                     struct claim *c)
{
	size_t n = 0;
	const struct pwpol__slot *sl = &ps->val[o];
	if (in_force(sl, active[is_lockout_opt(o)]))
		c[n++] = (struct claim){PWPOL__DIALECT_OURS,
		                        is_lockout_opt(o) ? "system login lockout"
		                                          : "system login password",
		                        pwpol_opt_name(o), sl->line, sl->v};
	for (size_t i = 0; i < PWPOL__SSR_COUNT; i++)
		if (ssr_stmts[i].opt == o && in_force(&ps->ssr[i], active[3]))
			c[n++] = (struct claim){PWPOL__DIALECT_SSR, "authority password-policy",
			                        ssr_stmts[i].name, ps->ssr[i].line, ps->ssr[i].v};
	const struct pwpol__slot *period = &ps->retry[R_PERIOD], *tries = &ps->retry[R_TRIES];
	if (!in_force(period, active[2]))
		return n;
	if (o == PWPOL_OPT_LOCK_TIME)
		c[n++] = (struct claim){PWPOL__DIALECT_JUNOS, "system login retry-options",
		                        "lockout-period", period->line, period->v * 60};
	if (o == PWPOL_OPT_MAXIMUM_FAILED_ATTEMPTS) {
		int t = in_force(tries, active[2]);
		c[n++] = (struct claim){PWPOL__DIALECT_JUNOS, "system login retry-options",
		                        t ? "tries-before-disconnect" : "lockout-period",
		                        t ? tries->line : period->line,
		                        t ? tries->v : retry_stmts[R_TRIES].def};
	}
	return n;
}

/* Sets o from a dialect's statement (line 0: its default), or tells why
 * the profile refuses the value. */
static enum pwpol_status put_figure(struct pwpol__parser *ps, pwpol_policy *p, enum pwpol_opt o,
                                    long v, enum pwpol__dialect d, unsigned line, const char *block)
{
	char src[PATH_MAX + 64];
	if (pwpol_policy_set(p, o, v) != PWPOL_OK) {
		char r[128];
		range_text(o, pwpol_policy_profile(p), r, sizeof r);
		pwpol__cfg_complain(ps, line, "%s: value %ld is out of range (%s)",
		                    pwpol_opt_name(o), v, r);
		return PWPOL_OK;
	}
	p->dialect[o] = (unsigned char)d;
	if (line)
		snprintf(src, sizeof src, "%s:%u", ps->name, line);
	else
		snprintf(src, sizeof src, "%s: %s default", ps->name, block);
	pwpol_policy_set_source(p, o, src);
	return pwpol_policy_source(p, o) ? PWPOL_OK : PWPOL_ENOMEM;
}

/* The other vendors' statements, after ours: a figure set in two dialects
 * is an error naming both lines; a dialect's block brings its defaults
 * for what no statement sets. */
static enum pwpol_status dialects_apply(struct pwpol__parser *ps, pwpol_policy *p, int common)
{
	int retry = common && ps->block[B_RETRY].exists && !ps->block[B_RETRY].inactive;
	int ssr = ps->block[B_PWPOLICY].exists && !ps->block[B_AUTHORITY].inactive &&
	          !ps->block[B_PWPOLICY].inactive;
	int active[4] = {common && !ps->block[B_PASSWORD].inactive,
	                 common && !ps->block[B_LOCKOUT].inactive, retry, ssr};
	static const enum pwpol_opt figures[] = {
	    PWPOL_OPT_MINIMUM_LENGTH, PWPOL_OPT_MAXIMUM_LIFETIME, PWPOL_OPT_MAXIMUM_FAILED_ATTEMPTS,
	    PWPOL_OPT_LOCK_TIME};
	enum pwpol_status st = PWPOL_OK;
	for (size_t i = 0; i < sizeof figures / sizeof figures[0] && st == PWPOL_OK; i++) {
		enum pwpol_opt o = figures[i];
		struct claim c[3];
		size_t n = claims(ps, o, active, c);
		if (n > 1) {
			const struct claim *a = c[0].line <= c[1].line ? &c[0] : &c[1];
			const struct claim *b = a == &c[0] ? &c[1] : &c[0];
			pwpol__cfg_complain(ps, b->line,
			                    "%s: set in two dialects, by %s %s (line %u) and by %s "
			                    "%s (line %u); keep one",
			                    pwpol_opt_name(o), a->block, a->name, a->line, b->block,
			                    b->name, b->line);
			continue;
		}
		if (n == 1 && c[0].d != PWPOL__DIALECT_OURS)
			st = put_figure(ps, p, o, c[0].v, c[0].d, c[0].line, c[0].block);
		for (size_t k = 0; n == 0 && ssr && k < PWPOL__SSR_COUNT && st == PWPOL_OK; k++)
			if (ssr_stmts[k].opt == o)
				st = put_figure(ps, p, o, ssr_stmts[k].def, PWPOL__DIALECT_SSR, 0,
				                "password-policy");
	}
	for (size_t i = 0; retry && i < PWPOL__RETRY_COUNT && st == PWPOL_OK; i++) {
		const struct dialect_stmt *d = &retry_stmts[i];
		if (d->opt == PWPOL_OPT_LOCK_TIME)
			continue; /* a figure, above */
		const struct pwpol__slot *sl = &ps->retry[i];
		int set = in_force(sl, 1);
		st = put_figure(ps, p, d->opt, set ? sl->v : d->def, PWPOL__DIALECT_JUNOS,
		                set ? sl->line : 0, "retry-options");
	}
	return st;
}

/* What the text leaves in force, onto its profile's defaults: statements
 * set, not deleted, and neither they nor a block above them inactive. The
 * profile's narrower ranges are held here, where the profile is known. */
static enum pwpol_status apply(struct pwpol__parser *ps, pwpol_policy **out)
{
	int common = !ps->block[B_SYSTEM].inactive && !ps->block[B_LOGIN].inactive;
	int active[2] = {common && !ps->block[B_PASSWORD].inactive,
	                 common && !ps->block[B_LOCKOUT].inactive};
	const char *profile =
	    ps->profile.set && !ps->profile.inactive && active[0] ? ps->profile_name : NULL;
	enum pwpol_status st = pwpol_policy_new(out, profile);
	if (st != PWPOL_OK)
		return st;
	pwpol_policy *p = *out;
	/* The classes, unless `system login` itself is inactive. */
	for (size_t i = 0; common && i < ps->ncls; i++)
		p->classes[p->nclasses++] = ps->cls[i];
	char src[PATH_MAX + 16];
	for (int i = 0; i < PWPOL_OPT_COUNT; i++) {
		enum pwpol_opt o = (enum pwpol_opt)i;
		const struct pwpol__slot *sl = &ps->val[o];
		if (!sl->set || sl->inactive || !active[is_lockout_opt(o)])
			continue;
		if (o == PWPOL_OPT_BLOCKLIST) {
			if (pwpol_policy_set_string(p, o, sl->v ? ps->blocklist : NULL) != PWPOL_OK)
				return PWPOL_ENOMEM;
		} else if (pwpol_policy_set(p, o, sl->v) != PWPOL_OK) {
			char r[128];
			range_text(o, pwpol_policy_profile(p), r, sizeof r);
			pwpol__cfg_complain(ps, sl->line, "%s: value %ld is out of range (%s)",
			                    pwpol_opt_name(o), sl->v, r);
			continue;
		}
		snprintf(src, sizeof src, "%s:%u", ps->name, sl->line);
		pwpol_policy_set_source(p, o, src);
		if (!pwpol_policy_source(p, o))
			return PWPOL_ENOMEM;
	}
	return dialects_apply(ps, p, common);
}

/* The parser's last words may be from an `encrypted-password` we passed
 * over: wiped like any secret. */
static void release(struct pwpol__parser *ps)
{
	pwpol_wipe(ps, sizeof *ps);
	free(ps);
}

enum pwpol_status pwpol_config_parse(const char *text, size_t len, const char *name,
                                     pwpol_policy **out, pwpol_config_errors **errs)
{
	if (out)
		*out = NULL;
	if (errs)
		*errs = NULL;
	if (!out || (!text && len))
		return PWPOL_EINVAL;
	struct pwpol__parser *ps = calloc(1, sizeof *ps);
	if (!ps)
		return PWPOL_ENOMEM;
	ps->p = text;
	ps->end = text + len;
	/* A UTF-8 byte-order mark, as some editors write one: not a word. */
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		ps->p += 3;
	ps->name = name ? name : "(config)";
	ps->line = 1;
	ps->first = 1;
	ps->errs = errs;
	ps->cur_class = -1;

	pwpol__cfg_next(ps);
	block(ps, C_TOP, 0, 1);
	if (!ps->read_any && !ps->nerr) {
		ps->nerr++;
		pwpol__errors_add(errs,
		                  "%s: no statement pwpol reads (system login password, lockout, "
		                  "retry-options or class permissions; authority password-policy): "
		                  "refused, so that a slip never leaves the built-in profile in "
		                  "force; for a profile's defaults, write `system { login { "
		                  "password { profile ssr; } } }`",
		                  ps->name);
	}
	if (ps->npassed && !ps->nerr) {
		char list[PWPOL__CFG_PASSED_MAX * 66 + 40] = "";
		size_t k = 0;
		for (size_t i = 0; i < ps->npassed; i++)
			k += (size_t)snprintf(list + k, sizeof list - k, "%s%s", i ? ", " : "",
			                      ps->passed[i]);
		if (ps->passed_more)
			snprintf(list + k, sizeof list - k, " and %zu more", ps->passed_more);
		if (pwpol__notes_add(errs, "%s: passed over, not read by pwpol: %s", ps->name,
		                     list) != PWPOL_OK)
			ps->nomem = 1;
	}

	pwpol_policy *p = NULL;
	enum pwpol_status st = apply(ps, &p);
	if (st != PWPOL_OK)
		goto fail;
	if (pwpol_policy_commit_check(p, errs) != PWPOL_OK || ps->nerr) {
		st = PWPOL_EINVAL;
		goto fail;
	}
	if (ps->nomem) {
		st = PWPOL_ENOMEM;
		goto fail;
	}
	release(ps);
	*out = p;
	return PWPOL_OK;
fail:
	if (ps->nomem)
		st = PWPOL_ENOMEM;
	pwpol_policy_free(p);
	release(ps);
	return st;
}
