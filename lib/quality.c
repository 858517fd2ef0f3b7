/*
 * quality.c - pwpol_check(): a candidate password against every quality
 * rule of the policy, with every violation reported at once, each with the
 * figure required and the figure found (DESIGN.md, "Rules").
 *
 * The password is decoded once into code points after NFKC (text.c); one
 * pass then gathers every figure the rules need. Nothing is allocated for
 * ASCII input, and every copy of a password is wiped before returning.
 */
#include "internal.h"

#include <string.h>

/* What one pass over the password finds. */
struct stats {
	long count[PWPOL__CLASS_COUNT];
	unsigned present; /* bit per class */
	long transitions; /* neighbours of different classes */
	long longest_run; /* identical consecutive code points */
};

static void gather(const struct pwpol__text *t, struct stats *s)
{
	memset(s, 0, sizeof *s);
	enum pwpol__class prev = PWPOL__CLASS_COUNT;
	long run = 0;
	for (size_t i = 0; i < t->n; i++) {
		enum pwpol__class c = pwpol__char_class(t->cp[i]);
		s->count[c]++;
		s->present |= 1u << c;
		if (i > 0 && c != prev)
			s->transitions++;
		prev = c;
		run = i > 0 && t->cp[i] == t->cp[i - 1] ? run + 1 : 1;
		if (run > s->longest_run)
			s->longest_run = run;
	}
}

/* ---- username-check ---------------------------------------------------- */

/* `1` stands for both i and l: a canonical form of its own that matches
 * either letter. */
#define CANON_I_OR_L (-1)

/* A code point case-folded, with its look-alike substitution undone. */
static inline int32_t canon(int32_t c)
{
	if (c >= 'a' && c <= 'z')
		return c;
	if (c >= 'A' && c <= 'Z')
		return c + ('a' - 'A');
	switch (c) {
	case '0': return 'o';
	case '1': return CANON_I_OR_L;
	case '3': return 'e';
	case '4': return 'a';
	case '5': return 's';
	case '7': return 't';
	case '@': return 'a';
	case '$': return 's';
	}
	return pwpol__char_fold(c);
}

static int same(int32_t a, int32_t b)
{
	if (a == b)
		return 1;
	if (a == CANON_I_OR_L)
		return b == 'i' || b == 'l';
	if (b == CANON_I_OR_L)
		return a == 'i' || a == 'l';
	return 0;
}

/* Does the password hold the (canonical) username at position i, read
 * forwards or backwards? */
static int match_at(const struct pwpol__text *pw, size_t i, const int32_t *u, size_t m,
                    int reversed)
{
	for (size_t j = 0; j < m; j++) {
		int32_t want = reversed ? u[m - 1 - j] : u[j];
		if (!same(canon(pw->cp[i + j]), want))
			return 0;
	}
	return 1;
}

static int holds_username(const struct pwpol__text *pw, const int32_t *u, size_t m)
{
	if (m == 0 || m > pw->n)
		return 0;
	/* A name of one or two characters would be found in far too many
	 * passwords: it counts only as the whole password. */
	if (m < 3 && pw->n != m)
		return 0;
	for (size_t i = 0; i + m <= pw->n; i++) {
		/* Most positions fail at the first character: test it once. */
		int32_t c = canon(pw->cp[i]);
		if (same(c, u[0]) && match_at(pw, i, u, m, 0))
			return 1;
		if (same(c, u[m - 1]) && match_at(pw, i, u, m, 1))
			return 1;
	}
	return 0;
}

/* Its own frame (never inlined), so the username's buffer is on the stack
 * only here. */
static __attribute__((noinline)) enum pwpol_status
check_username(const struct pwpol__text *pw, const char *username, pwpol_report *r, int *found)
{
	struct pwpol__text u;
	enum pwpol_status st =
	    pwpol__text_decode(&u, username, strnlen(username, PWPOL_INPUT_MAX + 1), r);
	if (st == PWPOL_OK) {
		for (size_t j = 0; j < u.n; j++)
			u.cp[j] = canon(u.cp[j]);
		*found = holds_username(pw, u.cp, u.n);
	}
	pwpol__text_wipe(&u);
	return st;
}

/* ---- minimum-character-changes ----------------------------------------- */

/* Positions where old and new differ, by code point after NFKC; in a frame
 * of its own like check_username. */
static __attribute__((noinline)) enum pwpol_status count_changes(const struct pwpol__text *pw,
                                                                 const char *old, size_t oldlen,
                                                                 pwpol_report *r, long *changes)
{
	struct pwpol__text o;
	enum pwpol_status st = pwpol__text_decode(&o, old, oldlen, r);
	if (st == PWPOL_OK) {
		size_t shorter = pw->n < o.n ? pw->n : o.n;
		size_t longer = pw->n < o.n ? o.n : pw->n;
		long diff = (long)(longer - shorter);
		for (size_t i = 0; i < shorter; i++)
			diff += pw->cp[i] != o.cp[i];
		*changes = diff;
	}
	pwpol__text_wipe(&o);
	return st;
}

/* ---- the check --------------------------------------------------------- */

struct verdict {
	pwpol_report *r;
	size_t violations;
};

static void violation(struct verdict *v, enum pwpol_rule rule, long need, long have)
{
	pwpol_report_add(v->r, rule, PWPOL_SEVERITY_ERROR, need, have);
	v->violations++;
}

static void check_minimum(struct verdict *v, enum pwpol_rule rule, long need, long have)
{
	if (need > 0 && have < need)
		violation(v, rule, need, have);
}

static void judge(const pwpol_policy *p, const struct stats *sp, long n, int has_username,
                  int has_old, long changes, struct verdict *v)
{
	const struct stats s = *sp;

	check_minimum(v, PWPOL_RULE_MINIMUM_LENGTH, pwpol_policy_effective_minimum_length(p), n);
	long maxlen = p->v[PWPOL_OPT_MAXIMUM_LENGTH];
	if (maxlen > 0 && n > maxlen)
		violation(v, PWPOL_RULE_MAXIMUM_LENGTH, maxlen, n);
	check_minimum(v, PWPOL_RULE_MINIMUM_UPPER_CASES, p->v[PWPOL_OPT_MINIMUM_UPPER_CASES],
	              s.count[PWPOL__CLASS_UPPER]);
	check_minimum(v, PWPOL_RULE_MINIMUM_LOWER_CASES, p->v[PWPOL_OPT_MINIMUM_LOWER_CASES],
	              s.count[PWPOL__CLASS_LOWER]);
	check_minimum(v, PWPOL_RULE_MINIMUM_NUMERICS, p->v[PWPOL_OPT_MINIMUM_NUMERICS],
	              s.count[PWPOL__CLASS_NUMERIC]);
	check_minimum(v, PWPOL_RULE_MINIMUM_PUNCTUATIONS, p->v[PWPOL_OPT_MINIMUM_PUNCTUATIONS],
	              s.count[PWPOL__CLASS_PUNCTUATION]);
	long sets = __builtin_popcount(s.present);
	check_minimum(v, PWPOL_RULE_MINIMUM_CHANGES, p->v[PWPOL_OPT_MINIMUM_CHANGES],
	              p->v[PWPOL_OPT_CHANGE_TYPE] == PWPOL_CHANGE_TYPE_SET_TRANSITIONS
	                  ? s.transitions
	                  : sets);
	long repeats = p->v[PWPOL_OPT_MAXIMUM_REPEATS];
	if (repeats > 0 && s.longest_run > repeats)
		violation(v, PWPOL_RULE_MAXIMUM_REPEATS, repeats, s.longest_run);
	if (has_username)
		violation(v, PWPOL_RULE_USERNAME_CHECK, -1, -1);
	if (has_old)
		check_minimum(v, PWPOL_RULE_MINIMUM_CHARACTER_CHANGES,
		              p->v[PWPOL_OPT_MINIMUM_CHARACTER_CHANGES], changes);
}

/*
 * The old password and the username are validated like the password: an
 * invalid one is an input error (EINVAL with its finding), since a check
 * against text that cannot be read would prove nothing. A NULL or empty
 * username leaves username-check out; a NULL old password leaves
 * minimum-character-changes out.
 */
static enum pwpol_status decide(const pwpol_policy *p, const struct stats *s, long n, int found,
                                int has_old, long changes, pwpol_report *r)
{
	struct verdict v = {r, 0};
	judge(p, s, n, found, has_old, changes, &v);
	return v.violations ? PWPOL_REJECTED : PWPOL_OK;
}

/* ---- the printable-ASCII path ------------------------------------------ */

/*
 * Most passwords (and nearly every username) are printable ASCII, which is
 * its own NFKC. For them the check works on the bytes: one pass gathers
 * every figure through a class table (no data-dependent branch for a
 * random password to mispredict), and the username is canonicalised from
 * its bytes, never decoded nor normalised. The tables are made at load
 * time from canon() and pwpol__char_class(), the functions the general
 * path uses, so both paths give the same verdict by construction.
 */
#define CLASS_BAD  PWPOL__CLASS_COUNT /* control character: not for this path */
#define CANON_MARK 1                  /* CANON_I_OR_L as a byte: never printable */

static unsigned char class_of[128], canon_of[128];

__attribute__((constructor)) static void make_tables(void)
{
	for (int b = 0; b < 128; b++) {
		int printable = b >= 0x20 && b != 0x7f;
		class_of[b] = printable ? (unsigned char)pwpol__char_class(b) : CLASS_BAD;
		int32_t c = canon(b);
		canon_of[b] = c == CANON_I_OR_L ? CANON_MARK : (unsigned char)c;
	}
}

static int printable_ascii(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char b = (unsigned char)s[i];
		if (b >= 0x80 || class_of[b] == CLASS_BAD)
			return 0;
	}
	return 1;
}

/* gather() over bytes; 0 if a byte is not printable ASCII. */
static int gather_ascii(const unsigned char *s, size_t len, struct stats *st)
{
	memset(st, 0, sizeof *st);
	unsigned prev = class_of[s[0] & 0x7f];
	unsigned char last = 0;
	long run = 0, longest = 0, transitions = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char b = s[i];
		if (b >= 0x80)
			return 0;
		unsigned c = class_of[b];
		if (c == CLASS_BAD)
			return 0;
		st->count[c]++;
		st->present |= 1u << c;
		transitions += c != prev;
		prev = c;
		run = b == last ? run + 1 : 1;
		last = b;
		longest = run > longest ? run : longest;
	}
	st->transitions = transitions;
	st->longest_run = longest;
	return 1;
}

static inline int same_byte(unsigned char a, unsigned char b)
{
	return a == b || (a == CANON_MARK && (b == 'i' || b == 'l')) ||
	       (b == CANON_MARK && (a == 'i' || a == 'l'));
}

/* holds_username() over canonical bytes. */
static int holds_username_ascii(const unsigned char *pw, size_t n, const unsigned char *u, size_t m)
{
	if (m == 0 || m > n || (m < 3 && n != m))
		return 0;
	for (size_t i = 0; i + m <= n; i++) {
		size_t j = 0;
		if (same_byte(pw[i], u[0]))
			for (j = 1; j < m && same_byte(pw[i + j], u[j]); j++)
				;
		if (j == m)
			return 1;
		j = 0;
		if (same_byte(pw[i], u[m - 1]))
			for (j = 1; j < m && same_byte(pw[i + j], u[m - 1 - j]); j++)
				;
		if (j == m)
			return 1;
	}
	return 0;
}

/* The username in canonical bytes; 0 (general path) unless it is printable
 * ASCII. It is no secret, so it is not wiped. */
static int username_ascii(const char *username, unsigned char *u, size_t *m)
{
	size_t n = strnlen(username, PWPOL_INPUT_MAX + 1);
	if (n > PWPOL_INPUT_MAX || !printable_ascii(username, n))
		return 0;
	for (size_t i = 0; i < n; i++)
		u[i] = canon_of[(unsigned char)username[i]];
	*m = n;
	return 1;
}

/* The whole check for printable-ASCII input; 0 to take the general path
 * (which also reports every input error). */
static int check_ascii(const pwpol_policy *p, const char *pw, size_t len, const char *username,
                       const char *old, size_t oldlen, pwpol_report *r, enum pwpol_status *out)
{
	const unsigned char *s = (const unsigned char *)pw;
	struct stats st;
	if (len == 0 || len > PWPOL_INPUT_MAX || !gather_ascii(s, len, &st))
		return 0;
	long changes = 0;
	if (old) {
		if (oldlen == 0 || oldlen > PWPOL_INPUT_MAX || !printable_ascii(old, oldlen))
			return 0;
		size_t shorter = len < oldlen ? len : oldlen;
		changes = (long)((len < oldlen ? oldlen : len) - shorter);
		for (size_t i = 0; i < shorter; i++)
			changes += pw[i] != old[i];
	}
	int found = 0;
	if (username && *username && p->v[PWPOL_OPT_USERNAME_CHECK]) {
		unsigned char u[PWPOL_INPUT_MAX], c[PWPOL_INPUT_MAX];
		size_t m;
		if (!username_ascii(username, u, &m))
			return 0;
		for (size_t i = 0; i < len; i++)
			c[i] = canon_of[s[i]];
		found = holds_username_ascii(c, len, u, m);
		pwpol_wipe(c, len);
	}
	*out = decide(p, &st, (long)len, found, old != NULL, changes, r);
	return 1;
}

enum pwpol_status pwpol_check(const pwpol_policy *p, const char *pw, size_t len,
                              const char *username, const char *old, size_t oldlen, pwpol_report *r)
{
	pwpol_report_clear(r);
	if (!p)
		return PWPOL_EINVAL;
	enum pwpol_status fast;
	if (pw && check_ascii(p, pw, len, username, old, oldlen, r, &fast))
		return fast;
	return pwpol__check_general(p, pw, len, username, old, oldlen, r);
}

enum pwpol_status pwpol__check_general(const pwpol_policy *p, const char *pw, size_t len,
                                       const char *username, const char *old, size_t oldlen,
                                       pwpol_report *r)
{
	struct pwpol__text t;
	enum pwpol_status st = pwpol__text_decode(&t, pw, len, r);
	int found = 0;
	long changes = 0;
	if (st == PWPOL_OK && old)
		st = count_changes(&t, old, oldlen, r, &changes);
	if (st == PWPOL_OK && username && *username && p->v[PWPOL_OPT_USERNAME_CHECK])
		st = check_username(&t, username, r, &found);
	if (st == PWPOL_OK) {
		struct stats s;
		gather(&t, &s);
		st = decide(p, &s, (long)t.n, found, old != NULL, changes, r);
	}
	pwpol__text_wipe(&t);
	return st;
}
