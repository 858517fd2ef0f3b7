/*
 * quality-lean.c - the lean pass of pwpol_check() for non-ASCII text: the
 * passwords of ordinary text in any script (accents, Greek, Cyrillic, CJK,
 * Hangul syllables, full-width forms and ligatures that NFKC folds, a lone
 * emoji) in one pass over the bytes, one cache lookup a code point (text.h)
 * instead of the general path's decoding, normalisation, grapheme
 * clusters, classes and reduction one library call at a time.
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
#include "text.h"

#include <string.h>

/* Longer passwords (rare) take the general path: the reduced copy for the
 * username search stays a small buffer on the stack. */
#define LEAN_MAX 256

/* The code point at s[*i] (well-formed UTF-8 only: no overlong form,
 * surrogate or code point above 0x10ffff, as utf8proc_iterate accepts),
 * *i moved past it; -1 for anything else (the general path says what). */
static inline int32_t decode(const unsigned char *s, size_t len, size_t *i)
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

enum pwpol_status pwpol__check_lean(const pwpol_policy *p, const char *pw, size_t len,
                                    const char *username, pwpol_report *r)
{
	if (!pw || len == 0 || len > LEAN_MAX)
		return PWPOL__NOT_LEAN;
	const unsigned char *s = (const unsigned char *)pw;
	int with_name = username && *username && p->v[PWPOL_OPT_USERNAME_CHECK];
	/* The password's reduced code points, as bytes (text.h): a copy of
	 * it, wiped below. An entry adds at most 4, from at least 2 bytes. */
	unsigned char red[2 * LEAN_MAX + 8];
	size_t nred = 0;
	struct stats st;
	memset(&st, 0, sizeof st);
	enum pwpol_status verdict = PWPOL__NOT_LEAN;
	/* No code point is -1 and no class 0xff: the first character starts
	 * its runs and makes one transition too many, taken off below. */
	int32_t last = -1;
	unsigned prev = 0xff;
	long run = 0, crun = 0;
	int nonascii = 0;
	for (size_t i = 0; i < len;) {
		int32_t c = decode(s, len, &i);
		if (c < 0)
			goto out;
		nonascii |= c >= 0x80;
		const struct pwpol__lean *e = pwpol__lean_of(c);
		if (!e || e->n == 0)
			goto out;
		for (unsigned j = 0; j < e->n; j++) {
			int32_t x = e->x[j];
			unsigned cls = e->cls[j];
			st.count[cls]++;
			st.transitions += cls != prev;
			crun = cls == prev ? crun + 1 : 1;
			st.longest_class_run =
			    crun > st.longest_class_run ? crun : st.longest_class_run;
			prev = cls;
			run = x == last ? run + 1 : 1;
			st.longest_run = run > st.longest_run ? run : st.longest_run;
			last = x;
		}
		st.length += e->n;
		if (!with_name)
			continue;
		if (c < 0x80) {
			red[nred++] = (unsigned char)c;
			continue;
		}
		const struct pwpol__lean_red *q = pwpol__lean_red_of(c);
		if (!q || q->n == PWPOL__LEAN_SLOW)
			goto out;
		memcpy(red + nred, q->b, 4);
		nred += q->n;
	}
	/* Printable ASCII (here only with a username the ASCII path left,
	 * too long for its cache) is the ASCII path's, held to the general
	 * path's own search. */
	if (!nonascii)
		goto out;
	st.transitions--;
	int found = 0;
	if (with_name && !pwpol__name_in_bytes(username, red, nred, &found))
		goto out;
	verdict = judge(p, &st, found, 0, 0, r);
out:
	pwpol_wipe(red, nred + 4 < sizeof red ? nred + 4 : sizeof red);
	return verdict;
}
