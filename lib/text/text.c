/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * text.c - UTF-8 validation, NFKC normalisation and character classes, over
 * utf8proc (the reduced forms the username search compares are reduce.c's,
 * over ICU; the lean pass's caches lean-cache.c's).
 * Every count the rules make is in user-perceived characters: extended
 * grapheme clusters (UAX #29) after NFKC, so a combining mark is part of
 * the letter it sits on, not a character of its own.
 *
 * Classes (pwpol.conf(5)), applied to the first code point of a cluster
 * after NFKC:
 *   upper        A-Z, and any non-ASCII letter of category Lu or Lt (É, Ω)
 *   lower        a-z, and any non-ASCII letter of category Ll (é, ß, ω)
 *   numeric      0-9, and any non-ASCII decimal digit, category Nd (٣)
 *   punctuation  every other printable character that is neither a letter
 *                nor a digit: every other printable ASCII character, and
 *                any character of category P*, S* or Zs (EUR, the section
 *                sign, inverted question mark, emoji). The ASCII space
 *                counts: Junos counts it in the punctuation class, a space
 *                is a symbol a person types like any other, and NFKC turns
 *                nearly every other space (no-break, em, ideographic) into it
 *   other        every other character: letters without case (CJK, Arabic),
 *                marks, letter-like numbers
 * Letters with case count as upper or lower whatever their script, so a
 * password in French or Greek meets the case rules the way a person
 * expects; NFKC first folds compatibility forms (fullwidth Ａ is A, the
 * ligature ﬁ is f and i).
 *
 * Input errors: empty input, input above PWPOL_INPUT_MAX bytes, invalid
 * UTF-8 (overlong forms, surrogates, truncated sequences) and control
 * characters (category Cc: C0, DEL and C1, NUL included) are refused with
 * the byte offset of the first offending sequence. So are default-ignorable
 * code points (Default_Ignorable_Code_Point, from utf8proc: U+200B, U+00AD,
 * U+2060, U+FEFF, ...), which a person cannot see and so cannot type again,
 * and which would hide a username (ali<U+200B>ce). The one exception is what
 * makes an emoji (UTS #51) inside its own cluster: a zero-width joiner that
 * joins two pictographs, the emoji or text presentation selector (U+FE0F,
 * U+FE0E) after a pictograph or in a keycap, and tag characters after a
 * pictograph (a subdivision flag).
 *
 * Speed: printable ASCII is its own NFKC, so it is widened byte by byte and
 * never reaches utf8proc nor the heap.
 */
#include "text.h"

#include "icu.h"
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/uspoof.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>
#include <utf8proc.h>

static enum pwpol_status input_error(pwpol_report *r, enum pwpol_rule rule, long need, long have)
{
	pwpol__report_add(r, rule, PWPOL_SEVERITY_ERROR, need, have);
	return PWPOL_EINVAL;
}

/* Default-ignorable, or blank although not default-ignorable: U+2800
 * BRAILLE PATTERN BLANK, U+FFFC OBJECT REPLACEMENT CHARACTER, U+1D159
 * MUSICAL SYMBOL NULL NOTEHEAD, and the line and paragraph separators
 * U+2028 and U+2029 (NFKC keeps all five). A person sees nothing there
 * and cannot type it again, and it would split a username unnoticed
 * (ad<U+2800>min), so it is an invisible character too. */
int pwpol__text_invisible(int32_t c, const utf8proc_property_t *p)
{
	return p->ignorable || c == 0x2028 || c == 0x2029 || c == 0x2800 || c == 0xfffc ||
	       c == 0x1d159;
}

/* Is the default-ignorable code point c part of an emoji? in_emoji: the
 * cluster so far is a pictograph and its extenders; prev and next: the code
 * points around c (-1 at either end). */
static int emoji_part(int32_t c, int in_emoji, int32_t prev, int32_t next)
{
	if (c == 0x200d) /* ZWJ: joins only pictograph to pictograph (UAX #29 GB11) */
		return in_emoji && next >= 0 &&
		       utf8proc_get_property(next)->boundclass ==
		           UTF8PROC_BOUNDCLASS_EXTENDED_PICTOGRAPHIC;
	if (c == 0xfe0f || c == 0xfe0e) /* presentation selectors */
		return in_emoji || (((prev >= '0' && prev <= '9') || prev == '#' || prev == '*') &&
		                    next == 0x20e3); /* keycap: 1 U+FE0F U+20E3 */
	if (c >= 0xe0020 && c <= 0xe007f)            /* tags: a subdivision flag */
		return in_emoji;
	return 0;
}

static int32_t peek(const unsigned char *s, size_t len)
{
	utf8proc_int32_t c = -1;
	if (len > 0 && utf8proc_iterate(s, (utf8proc_ssize_t)len, &c) <= 0)
		c = -1;
	return c;
}

/* Is NFKC the identity around code point c, as far as c goes? No
 * decomposition, combining class 0, and no part in a composition
 * (utf8proc's comb_index: none). Hangul jamo compose by an algorithm, not
 * through that index, so they never count as inert. */
static int inert(int32_t c, const utf8proc_property_t *p)
{
	return p->decomp_seqindex == UINT16_MAX && p->combining_class == 0 &&
	       p->comb_index == UINT16_MAX && !(c >= 0x1100 && c <= 0x11ff);
}

/*
 * ICU's NFKC_Quick_Check of a code point is ~90 instructions a call; its
 * answers are kept, a block of QC_BLOCK code points at a time, asked all
 * at once the first time one of the block is (so the memo tells no more
 * than which blocks of Unicode some password touched). Blocks are
 * published once, complete, and never change.
 */
#define QC_BLOCK 128

struct qc_block {
	unsigned char yes[QC_BLOCK];
};

static struct qc_block *_Atomic qc_memo[0x110000 / QC_BLOCK];
static pthread_mutex_t qc_lock = PTHREAD_MUTEX_INITIALIZER;

static int nfkc_qc_yes(int32_t c)
{
	size_t b = (size_t)c / QC_BLOCK;
	struct qc_block *m = atomic_load_explicit(&qc_memo[b], memory_order_acquire);
	if (!m) {
		pthread_mutex_lock(&qc_lock);
		m = atomic_load_explicit(&qc_memo[b], memory_order_relaxed);
		if (!m && (m = malloc(sizeof *m)) != NULL) {
			for (int i = 0; i < QC_BLOCK; i++)
				m->yes[i] =
				    pwpol__icu_int_property((UChar32)(b * QC_BLOCK) + i,
				                            UCHAR_NFKC_QUICK_CHECK) == UNORM_YES;
			atomic_store_explicit(&qc_memo[b], m, memory_order_release);
		}
		pthread_mutex_unlock(&qc_lock);
		if (!m) /* no memory for the memo: ask ICU */
			return pwpol__icu_int_property(c, UCHAR_NFKC_QUICK_CHECK) == UNORM_YES;
	}
	return m->yes[(size_t)c % QC_BLOCK];
}

/* What validate() learns about the NFKC of the text on the way. */
enum nfkc_hint {
	NFKC_CHANGES,   /* normalise */
	NFKC_IDENTICAL, /* the text is NFKC already */
};

/* One pass over the bytes: the first invalid, control or invisible
 * sequence, whether everything was printable ASCII, and the NFKC hint:
 * IDENTICAL when every other code point is inert (printable ASCII has no
 * decomposition and composes only with a following mark, which is not
 * inert), CHANGES when one has a compatibility decomposition (NFKC maps it
 * to something else). Otherwise UAX #15's quick check decides, over ICU's
 * NFKC_Quick_Check property of each code point (utf8proc has none) and the
 * canonical order of combining classes: YES is IDENTICAL; NO and MAYBE
 * normalise. (ICU's span check over the whole text came to the same, at
 * the cost of converting the text to UTF-16 for it.) The code points go to
 * out (*n of them), which the caller wipes, so text that is NFKC already is
 * decoded once. */
static enum pwpol_status validate(const unsigned char *s, size_t len, int flags, int *ascii,
                                  enum nfkc_hint *hint, int32_t *out, size_t *n, pwpol_report *r)
{
	*ascii = 1;
	*n = 0;
	int all_inert = 1, compat = 0, qc_yes = 1;
	int in_emoji = 0;
	uint8_t last_ccc = 0;
	int32_t prev = -1;
	for (size_t i = 0; i < len;) {
		unsigned char b = s[i];
		if (b < 0x80) {
			if (b < 0x20 || b == 0x7f)
				return input_error(r, PWPOL_RULE_CONTROL_CHARACTER, -1, (long)i);
			in_emoji = 0;
			prev = b;
			last_ccc = 0;
			out[(*n)++] = b;
			i++;
			continue;
		}
		*ascii = 0;
		utf8proc_int32_t c;
		utf8proc_ssize_t k = utf8proc_iterate(s + i, (utf8proc_ssize_t)(len - i), &c);
		if (k <= 0)
			return input_error(r, PWPOL_RULE_INVALID_UTF8, -1, (long)i);
		const utf8proc_property_t *p = utf8proc_get_property(c);
		uint8_t ccc = 0;
		if (!inert(c, p)) {
			all_inert = 0;
			compat |= p->decomp_seqindex != UINT16_MAX && p->decomp_type != 0;
			ccc = p->combining_class;
			if ((ccc != 0 && last_ccc > ccc) || !nfkc_qc_yes(c))
				qc_yes = 0;
		}
		last_ccc = ccc;
		if (p->category == UTF8PROC_CATEGORY_CC)
			return input_error(r, PWPOL_RULE_CONTROL_CHARACTER, -1, (long)i);
		if (pwpol__text_invisible(c, p) && !(flags & PWPOL__TEXT_DROP_INVISIBLE) &&
		    !emoji_part(c, in_emoji, prev, peek(s + i + k, len - i - (size_t)k)))
			return input_error(r, PWPOL_RULE_INVISIBLE_CHARACTER, -1, (long)i);
		if (p->boundclass == UTF8PROC_BOUNDCLASS_EXTENDED_PICTOGRAPHIC)
			in_emoji = 1;
		else if (p->boundclass != UTF8PROC_BOUNDCLASS_EXTEND)
			in_emoji = 0;
		prev = c;
		out[(*n)++] = c;
		i += (size_t)k;
	}
	*hint = all_inert || (!compat && qc_yes) ? NFKC_IDENTICAL : NFKC_CHANGES;
	return PWPOL_OK;
}

/* NFKC into t->buf, or into the heap when a rare expansion (one code point
 * can become 18) does not fit. Text that is NFKC already (validate()'s
 * hint) is left as validate() decoded it. */
static enum pwpol_status normalise(struct pwpol__text *t, const unsigned char *s, size_t len,
                                   enum nfkc_hint hint)
{
	if (hint == NFKC_IDENTICAL)
		return PWPOL_OK; /* decoded by validate() */
	pwpol_wipe(t->buf, t->n * sizeof *t->buf);
	t->n = 0;
	utf8proc_ssize_t n = utf8proc_decompose(s, (utf8proc_ssize_t)len, t->buf, PWPOL_INPUT_MAX,
	                                        PWPOL__NFKC_OPTIONS);
	if (n < 0 || (size_t)n > PWPOL_INPUT_MAX)
		pwpol__wipe_array(t->buf); /* a partial decomposition */
	if (n < 0)
		return n == UTF8PROC_ERROR_NOMEM ? PWPOL_ENOMEM : PWPOL_EINVAL;
	if ((size_t)n > PWPOL_INPUT_MAX) {
		int32_t *heap = malloc((size_t)n * sizeof *heap);
		if (!heap)
			return PWPOL_ENOMEM;
		t->cp = heap;
		t->n = (size_t)n;
		if (utf8proc_decompose(s, (utf8proc_ssize_t)len, heap, n, PWPOL__NFKC_OPTIONS) != n)
			return PWPOL_EINVAL;
	}
	t->n = (size_t)n; /* until composed, so that a wipe covers every code point */
	n = utf8proc_normalize_utf32(t->cp, n, PWPOL__NFKC_OPTIONS);
	if (n < 0)
		return PWPOL_EINVAL;
	/* Composition shortens the text: wipe the tail it leaves behind. */
	pwpol_wipe(t->cp + n, (t->n - (size_t)n) * sizeof *t->cp);
	t->n = (size_t)n;
	return PWPOL_OK;
}

/* Removes every default-ignorable code point (NFKC never makes one from
 * another code point, so removing them after it is the same as before). */
static void drop_invisible(struct pwpol__text *t)
{
	size_t k = 0;
	for (size_t i = 0; i < t->n; i++)
		if (!pwpol__text_invisible(t->cp[i], utf8proc_get_property(t->cp[i])))
			t->cp[k++] = t->cp[i];
	pwpol_wipe(t->cp + k, (t->n - k) * sizeof *t->cp);
	t->n = k;
}

enum pwpol_status pwpol__text_decode(struct pwpol__text *t, const char *s, size_t len, int flags,
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
	enum nfkc_hint hint;
	enum pwpol_status st = validate(u, len, flags, &t->ascii, &hint, t->buf, &t->n, r);
	if (st != PWPOL_OK) {
		pwpol__text_wipe(t);
		return st;
	}
	if (!t->ascii) {
		st = normalise(t, u, len, hint);
		if (st == PWPOL_OK && (flags & PWPOL__TEXT_DROP_INVISIBLE))
			drop_invisible(t);
	}
	return st;
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

enum pwpol_status pwpol__text_nfkc(const char *s, size_t len, char *out, size_t cap, size_t *outlen)
{
	struct pwpol__text t;
	enum pwpol_status st = pwpol__text_decode(&t, s, len, 0, NULL);
	size_t n = 0;
	if (st == PWPOL_OK && t.ascii)
		st = PWPOL_EEXIST; /* printable ASCII is its own NFKC */
	for (size_t i = 0; st == PWPOL_OK && i < t.n; i++) {
		utf8proc_uint8_t u[4];
		utf8proc_ssize_t k = utf8proc_encode_char(t.cp[i], u);
		if (n + (size_t)k > cap)
			st = PWPOL_EINVAL;
		else
			memcpy(out + n, u, (size_t)k);
		n += (size_t)k;
		pwpol__wipe_array(u);
	}
	if (st == PWPOL_OK && n == len && memcmp(out, s, len) == 0)
		st = PWPOL_EEXIST;
	if (st != PWPOL_OK)
		pwpol_wipe(out, n < cap ? n : cap);
	*outlen = st == PWPOL_OK ? n : 0;
	pwpol__text_wipe(&t);
	return st;
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
	case UTF8PROC_CATEGORY_PC:
	case UTF8PROC_CATEGORY_PD:
	case UTF8PROC_CATEGORY_PS:
	case UTF8PROC_CATEGORY_PE:
	case UTF8PROC_CATEGORY_PI:
	case UTF8PROC_CATEGORY_PF:
	case UTF8PROC_CATEGORY_PO:
	case UTF8PROC_CATEGORY_SM:
	case UTF8PROC_CATEGORY_SC:
	case UTF8PROC_CATEGORY_SK:
	case UTF8PROC_CATEGORY_SO:
	case UTF8PROC_CATEGORY_ZS: return PWPOL__CLASS_PUNCTUATION;
	default: return PWPOL__CLASS_OTHER;
	}
}

size_t pwpol__text_cluster_end(const struct pwpol__text *t, size_t i)
{
	if (t->ascii)
		return i + 1;
	/* A fresh state at a cluster's start is exact: the state carries only
	 * what the current cluster began with (a pictograph, regional
	 * indicators). */
	utf8proc_int32_t state = 0;
	size_t j = i + 1;
	for (; j < t->n; j++) {
		/* Before a character of boundclass Other (every printable ASCII
		 * one: CR LF is refused) UAX #29 withholds a break only after a
		 * Prepend character (GB9b; every other rule that joins two
		 * characters names the second's class): that much without the
		 * pair's full rules. */
		int32_t a = t->cp[j - 1], b = t->cp[j];
		if ((b < 0x80 ||
		     utf8proc_get_property(b)->boundclass == UTF8PROC_BOUNDCLASS_OTHER) &&
		    (a < 0x80 ||
		     utf8proc_get_property(a)->boundclass != UTF8PROC_BOUNDCLASS_PREPEND))
			break;
		if (utf8proc_grapheme_break_stateful(t->cp[j - 1], t->cp[j], &state))
			break;
	}
	return j;
}

__attribute__((destructor)) static void text_close(void)
{
	for (size_t b = 0; b < sizeof qc_memo / sizeof *qc_memo; b++)
		free(atomic_exchange(&qc_memo[b], NULL));
}
