/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * quality-lean.c - the lean pass of pwpol_check() for non-ASCII text: the
 * passwords of ordinary text in any script (accents, Greek, Cyrillic, CJK,
 * Hangul syllables, full-width forms and ligatures that NFKC folds, a lone
 * emoji) in one pass over the bytes, one cache lookup a non-ASCII code
 * point (text.h) and a table lookup an ASCII byte, instead of the general
 * path's decoding, normalisation, grapheme clusters, classes and
 * reduction one library call at a time.
 *
 * It is exact or it declines: every code point's entry says whether the
 * general path's work on it is plain (its NFKC that of the code point
 * alone, each code point of that a user-perceived character of its own,
 * and for the username its reduction kept); the first that is not (a
 * combining mark, a joiner, a control, invalid UTF-8) hands the whole
 * password to the general path, as does an old password. The figures are
 * then those gather() would make, judged by the same judge(), and the
 * username is looked for by the ASCII path's search over the same reduced
 * code points, so the verdict is the general path's
 * (test_lean_path_equals_general holds the two to it).
 */
#include "quality.h"

#include <string.h>

/* Longer passwords (rare) take the general path: the reduced copy for the
 * username search stays a small buffer on the stack. */
#define LEAN_MAX 256

/* The code point at s[*i] (well-formed UTF-8 only: no overlong form,
 * surrogate or code point above 0x10ffff, as utf8proc_iterate accepts),
 * *i moved past it; -1 for anything else (the general path says what). */
static inline __attribute__((always_inline)) int32_t decode(const unsigned char *s, size_t len,
                                                            size_t *i)
{
	size_t at = *i;
	unsigned b0 = s[at];
	if (b0 < 0x80) {
		*i = at + 1;
		return (int32_t)b0;
	}
	if (b0 < 0xc2 || b0 > 0xf4)
		return -1;
	if (b0 < 0xe0) {
		if (at + 1 >= len)
			return -1;
		unsigned b1 = s[at + 1] ^ 0x80u;
		if (b1 > 0x3f)
			return -1;
		*i = at + 2;
		return (int32_t)((b0 & 0x1fu) << 6 | b1);
	}
	if (b0 < 0xf0) {
		if (at + 2 >= len)
			return -1;
		unsigned b1 = s[at + 1] ^ 0x80u, b2 = s[at + 2] ^ 0x80u;
		if ((b1 | b2) > 0x3f)
			return -1;
		int32_t c = (int32_t)((b0 & 0x0fu) << 12 | b1 << 6 | b2);
		if (c < 0x800 || (c >= 0xd800 && c <= 0xdfff))
			return -1;
		*i = at + 3;
		return c;
	}
	if (at + 3 >= len)
		return -1;
	unsigned b1 = s[at + 1] ^ 0x80u, b2 = s[at + 2] ^ 0x80u, b3 = s[at + 3] ^ 0x80u;
	if ((b1 | b2 | b3) > 0x3f)
		return -1;
	int32_t c = (int32_t)((b0 & 0x07u) << 18 | b1 << 12 | b2 << 6 | b3);
	if (c < 0x10000 || c > 0x10ffff)
		return -1;
	*i = at + 4;
	return c;
}

/* Printable ASCII inside a mixed password, through tables made at load
 * time from pwpol__char_class(), as the ASCII path makes its own: its
 * tally in the lean entry's fields (0 for a control or any other byte,
 * which the general path takes) and its class. NFKC leaves printable
 * ASCII as it is, one character each, its own reduction. */
static uint64_t ascii_tally[128];
static uint8_t ascii_cls[128];

/* A control byte adds 1 to a field above the class tallies instead, read
 * once after the pass: no test a byte. It holds LEAN_MAX. */
#define CONTROL_SHIFT (PWPOL__LEAN_FIELD * PWPOL__CLASS_COUNT)
_Static_assert(LEAN_MAX < (uint64_t)1 << (64 - CONTROL_SHIFT), "controls counted in one field");

__attribute__((constructor)) static void make_ascii_tables(void)
{
	for (int b = 0; b < 0x80; b++)
		ascii_tally[b] = (uint64_t)1 << CONTROL_SHIFT;
	for (int b = 0x20; b < 0x7f; b++) {
		enum pwpol__class c = pwpol__char_class(b);
		ascii_cls[b] = (uint8_t)c;
		ascii_tally[b] = (uint64_t)1 << (PWPOL__LEAN_FIELD * c);
	}
}

/* The reduced code points of s (every one known good by the pass before),
 * as bytes into red; their count. */
static size_t reduced_bytes(const unsigned char *s, size_t len, unsigned char *red)
{
	size_t nred = 0;
	for (size_t i = 0; i < len;) {
		int32_t c = decode(s, len, &i);
		if (c < 0x80) {
			red[nred++] = (unsigned char)c;
			continue;
		}
		const struct pwpol__lean *e = pwpol__lean_named_of(c);
		memcpy(red + nred, e->rb, 4);
		nred += e->rn;
	}
	return nred;
}

/*
 * The pass, with the figures only of rules the policy has on (with_*, a
 * constant at each call, as in the ASCII path): the class tallies always
 * (one add a character), transitions and class runs for change-type
 * set-transitions or maximum-class-repeats, runs of one character for
 * maximum-repeats, and for the username which of its characters the
 * reduced text holds; only when it holds every one (few passwords do) are
 * the reduced bytes made, searched and wiped. An ASCII byte (most of a
 * mixed password) takes the tables above, not the cache.
 */
static inline __attribute__((always_inline)) enum pwpol_status
lean(const pwpol_policy *p, const unsigned char *s, size_t len, const struct pwpol__name_masks *k,
     int with_name, int with_classes, int with_runs, pwpol_report *r)
{
	uint64_t tally = 0, present = 0;
	long transitions = 0, crun = 0, clongest = 0, run = 0, longest = 0;
	/* No code point is -1 and no class 0xff: the first character starts
	 * its runs and makes one transition too many, taken off below. */
	int32_t last = -1;
	unsigned prev = 0xff;
	int wide = 0;
	size_t i = 0;
	for (;;) {
		/* The ASCII bytes up to the next that is not, in a loop of
		 * their own. */
		for (unsigned b; (b = s[i]) < 0x80;) {
			tally += ascii_tally[b];
			if (with_classes) {
				unsigned cls = ascii_cls[b];
				transitions += cls != prev;
				crun = cls == prev ? crun + 1 : 1;
				clongest = crun > clongest ? crun : clongest;
				prev = cls;
			}
			if (with_runs) {
				run = (int32_t)b == last ? run + 1 : 1;
				longest = run > longest ? run : longest;
				last = (int32_t)b;
			}
			if (with_name)
				present |= k->bit[b];
			if (++i == len)
				goto done;
		}
		int32_t c = decode(s, len, &i);
		if (c < 0)
			return PWPOL__NOT_LEAN;
		const struct pwpol__lean *e =
		    with_name ? pwpol__lean_named_of(c) : pwpol__lean_of(c);
		unsigned cnt = e->n;
		if (cnt == 0)
			return PWPOL__NOT_LEAN;
		wide = 1;
		tally += e->tally;
		if (with_classes || with_runs) {
			for (unsigned j = 0; j < cnt; j++) {
				if (with_classes) {
					unsigned cls = e->cls[j];
					transitions += cls != prev;
					crun = cls == prev ? crun + 1 : 1;
					clongest = crun > clongest ? crun : clongest;
					prev = cls;
				}
				if (with_runs) {
					int32_t x = e->x[j];
					run = x == last ? run + 1 : 1;
					longest = run > longest ? run : longest;
					last = x;
				}
			}
		}
		if (with_name) {
			/* The bytes past rn are 0, which no name character
			 * matches; most code points reduce to one or two. */
			present |= k->bit[e->rb[0]] | k->bit[e->rb[1]];
			if (__builtin_expect(e->rn > 2, 0)) {
				if (e->rn == PWPOL__LEAN_SLOW)
					return PWPOL__NOT_LEAN;
				present |= k->bit[e->rb[2]] | k->bit[e->rb[3]];
			}
		}
		if (i == len)
			break;
	}
done:
	/* Printable ASCII (here only with a username the ASCII path left,
	 * too long for its cache) is the ASCII path's, held to the general
	 * path's own search. */
	if (!wide || tally >> CONTROL_SHIFT)
		return PWPOL__NOT_LEAN;
	struct stats st;
	/* Each character adds 1 to the field of its class: their sum is the
	 * length. */
	const uint64_t field = ((uint64_t)1 << PWPOL__LEAN_FIELD) - 1;
	_Static_assert(PWPOL__CLASS_COUNT == 5, "every class counted below");
	st.count[0] = (long)(tally & field);
	st.count[1] = (long)(tally >> PWPOL__LEAN_FIELD & field);
	st.count[2] = (long)(tally >> (2 * PWPOL__LEAN_FIELD) & field);
	st.count[3] = (long)(tally >> (3 * PWPOL__LEAN_FIELD) & field);
	st.count[4] = (long)(tally >> (4 * PWPOL__LEAN_FIELD));
	long n = st.count[0] + st.count[1] + st.count[2] + st.count[3] + st.count[4];
	st.transitions = transitions - with_classes; /* n > 0: see prev */
	st.longest_class_run = clongest;
	st.same_class_pairs = 0;
	st.longest_run = with_runs ? longest : 1;
	st.length = n;
	int found = 0;
	if (with_name && pwpol__name_present(k, present)) {
		/* The password's reduced code points, as bytes (text.h): a
		 * copy of it, wiped. An entry adds at most 4, from at least
		 * 2 bytes. */
		unsigned char red[2 * LEAN_MAX + 8];
		size_t nred = reduced_bytes(s, len, red);
		found = pwpol__name_search_bytes(k, red, nred);
		pwpol_wipe(red, nred + 4 < sizeof red ? nred + 4 : sizeof red);
	}
	return judge(p, &st, found, 0, 0, r);
}

enum pwpol_status pwpol__check_lean_masks(const pwpol_policy *p, const char *pw, size_t len,
                                          const struct pwpol__name_masks *k, size_t m,
                                          pwpol_report *r)
{
	if (!pw || len == 0 || len > LEAN_MAX)
		return PWPOL__NOT_LEAN;
	const unsigned char *s = (const unsigned char *)pw;
	int name = k != NULL && m > 0; /* a name that compares nothing is never found */
	int classes = (p->v[PWPOL_OPT_MINIMUM_CHANGES] > 0 &&
	               p->v[PWPOL_OPT_CHANGE_TYPE] == PWPOL_CHANGE_TYPE_SET_TRANSITIONS) ||
	              p->v[PWPOL_OPT_MAXIMUM_CLASS_REPEATS] > 0;
	int runs = p->v[PWPOL_OPT_MAXIMUM_REPEATS] > 0;
	switch (name << 2 | classes << 1 | runs) {
	case 0: return lean(p, s, len, k, 0, 0, 0, r);
	case 1: return lean(p, s, len, k, 0, 0, 1, r);
	case 2: return lean(p, s, len, k, 0, 1, 0, r);
	case 3: return lean(p, s, len, k, 0, 1, 1, r);
	case 4: return lean(p, s, len, k, 1, 0, 0, r);
	case 5: return lean(p, s, len, k, 1, 0, 1, r);
	case 6: return lean(p, s, len, k, 1, 1, 0, r);
	default: return lean(p, s, len, k, 1, 1, 1, r);
	}
}

enum pwpol_status pwpol__check_lean(const pwpol_policy *p, const char *pw, size_t len,
                                    const char *username, pwpol_report *r)
{
	const struct pwpol__name_masks *k = NULL;
	size_t m = 0;
	if (username && *username && p->v[PWPOL_OPT_USERNAME_CHECK] &&
	    !(k = pwpol__name_masks_kept(username, &m)))
		return PWPOL__NOT_LEAN;
	return pwpol__check_lean_masks(p, pw, len, k, m, r);
}
