/*
 * text.c - UTF-8 validation, NFKC normalisation and character classes, over
 * utf8proc. Every count the rules make is in code points after NFKC.
 *
 * Classes (DESIGN.md, "Classes"), applied to a code point after NFKC:
 *   upper        A-Z, and any non-ASCII letter of category Lu or Lt (É, Ω)
 *   lower        a-z, and any non-ASCII letter of category Ll (é, ß, ω)
 *   numeric      0-9, and any non-ASCII decimal digit, category Nd (٣)
 *   punctuation  every other printable ASCII character, space (0x20)
 *                included: Junos counts the space in the punctuation class,
 *                and a space is a symbol a person types like any other
 *   other        every other non-ASCII character (CJK, emoji, symbols...)
 * Letters with case count as upper or lower whatever their script, so a
 * password in French or Greek meets the case rules the way a person
 * expects; NFKC first folds compatibility forms (fullwidth Ａ is A, the
 * ligature ﬁ is f and i).
 *
 * Input errors: empty input, input above PWPOL_INPUT_MAX bytes, invalid
 * UTF-8 (overlong forms, surrogates, truncated sequences) and control
 * characters (category Cc: C0, DEL and C1, NUL included) are refused with
 * the byte offset of the first offending sequence.
 *
 * Speed: printable ASCII is its own NFKC, so it is widened byte by byte and
 * never reaches utf8proc nor the heap.
 */
#include "internal.h"

#include <stdlib.h>
#include <utf8proc.h>

#define NFKC_OPTIONS (UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE)

static enum pwpol_status input_error(pwpol_report *r, enum pwpol_rule rule, long need, long have)
{
	pwpol_report_add(r, rule, PWPOL_SEVERITY_ERROR, need, have);
	return PWPOL_EINVAL;
}

/* One pass over the bytes: the first invalid or control sequence, and
 * whether everything was printable ASCII. */
static enum pwpol_status validate(const unsigned char *s, size_t len, int *ascii, pwpol_report *r)
{
	*ascii = 1;
	for (size_t i = 0; i < len;) {
		unsigned char b = s[i];
		if (b < 0x80) {
			if (b < 0x20 || b == 0x7f)
				return input_error(r, PWPOL_RULE_CONTROL_CHARACTER, -1, (long)i);
			i++;
			continue;
		}
		*ascii = 0;
		utf8proc_int32_t c;
		utf8proc_ssize_t k = utf8proc_iterate(s + i, (utf8proc_ssize_t)(len - i), &c);
		if (k <= 0)
			return input_error(r, PWPOL_RULE_INVALID_UTF8, -1, (long)i);
		if (utf8proc_category(c) == UTF8PROC_CATEGORY_CC)
			return input_error(r, PWPOL_RULE_CONTROL_CHARACTER, -1, (long)i);
		i += (size_t)k;
	}
	return PWPOL_OK;
}

/* NFKC into t->buf, or into the heap when a rare expansion (one code point
 * can become 18) does not fit. */
static enum pwpol_status normalise(struct pwpol__text *t, const unsigned char *s, size_t len)
{
	utf8proc_ssize_t n =
	    utf8proc_decompose(s, (utf8proc_ssize_t)len, t->buf, PWPOL_INPUT_MAX, NFKC_OPTIONS);
	if (n < 0 || (size_t)n > PWPOL_INPUT_MAX)
		pwpol_wipe(t->buf, sizeof t->buf); /* a partial decomposition */
	if (n < 0)
		return n == UTF8PROC_ERROR_NOMEM ? PWPOL_ENOMEM : PWPOL_EINVAL;
	if ((size_t)n > PWPOL_INPUT_MAX) {
		int32_t *heap = malloc((size_t)n * sizeof *heap);
		if (!heap)
			return PWPOL_ENOMEM;
		t->cp = heap;
		t->n = (size_t)n;
		if (utf8proc_decompose(s, (utf8proc_ssize_t)len, heap, n, NFKC_OPTIONS) != n)
			return PWPOL_EINVAL;
	}
	t->n = (size_t)n; /* until composed, so that a wipe covers every code point */
	n = utf8proc_normalize_utf32(t->cp, n, NFKC_OPTIONS);
	if (n < 0)
		return PWPOL_EINVAL;
	/* Composition shortens the text: wipe the tail it leaves behind. */
	pwpol_wipe(t->cp + n, (t->n - (size_t)n) * sizeof *t->cp);
	t->n = (size_t)n;
	return PWPOL_OK;
}

enum pwpol_status pwpol__text_decode(struct pwpol__text *t, const char *s, size_t len,
                                     pwpol_report *r)
{
	t->cp = t->buf;
	t->n = 0;
	t->ascii = 0;
	if (!s || len == 0)
		return input_error(r, PWPOL_RULE_EMPTY, -1, -1);
	if (len > PWPOL_INPUT_MAX)
		return input_error(r, PWPOL_RULE_TOO_LONG, PWPOL_INPUT_MAX, (long)len);
	const unsigned char *u = (const unsigned char *)s;
	enum pwpol_status st = validate(u, len, &t->ascii, r);
	if (st != PWPOL_OK)
		return st;
	if (!t->ascii)
		return normalise(t, u, len);
	for (size_t i = 0; i < len; i++)
		t->buf[i] = u[i];
	t->n = len;
	return PWPOL_OK;
}

void pwpol__text_wipe(struct pwpol__text *t)
{
	if (!t || !t->cp)
		return;
	pwpol_wipe(t->cp, t->n * sizeof *t->cp);
	if (t->cp != t->buf)
		free(t->cp);
	t->cp = t->buf;
	t->n = 0;
}

enum pwpol__class pwpol__char_class(int32_t cp)
{
	if (cp < 0x80) {
		if (cp >= 'A' && cp <= 'Z')
			return PWPOL__CLASS_UPPER;
		if (cp >= 'a' && cp <= 'z')
			return PWPOL__CLASS_LOWER;
		if (cp >= '0' && cp <= '9')
			return PWPOL__CLASS_NUMERIC;
		return PWPOL__CLASS_PUNCTUATION;
	}
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_LU:
	case UTF8PROC_CATEGORY_LT: return PWPOL__CLASS_UPPER;
	case UTF8PROC_CATEGORY_LL: return PWPOL__CLASS_LOWER;
	case UTF8PROC_CATEGORY_ND: return PWPOL__CLASS_NUMERIC;
	default: return PWPOL__CLASS_OTHER;
	}
}

int32_t pwpol__char_fold(int32_t cp)
{
	if (cp < 0x80)
		return cp >= 'A' && cp <= 'Z' ? cp + ('a' - 'A') : cp;
	return utf8proc_tolower(cp);
}
