/*
 * text.c - UTF-8 validation, NFKC normalisation and character classes, over
 * utf8proc, and the reduced forms the username search compares, over ICU.
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
#include "internal.h"

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

#define NFKC_OPTIONS (UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE)

static enum pwpol_status input_error(pwpol_report *r, enum pwpol_rule rule, long need, long have)
{
	pwpol_report_add(r, rule, PWPOL_SEVERITY_ERROR, need, have);
	return PWPOL_EINVAL;
}

/* Default-ignorable, or blank although not default-ignorable: U+2800
 * BRAILLE PATTERN BLANK, U+FFFC OBJECT REPLACEMENT CHARACTER, U+1D159
 * MUSICAL SYMBOL NULL NOTEHEAD, and the line and paragraph separators
 * U+2028 and U+2029 (NFKC keeps all five). A person sees nothing there
 * and cannot type it again, and it would split a username unnoticed
 * (ad<U+2800>min), so it is an invisible character too. */
static int invisible(int32_t c, const utf8proc_property_t *p)
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
				    u_getIntPropertyValue((UChar32)(b * QC_BLOCK) + i,
				                          UCHAR_NFKC_QUICK_CHECK) == UNORM_YES;
			atomic_store_explicit(&qc_memo[b], m, memory_order_release);
		}
		pthread_mutex_unlock(&qc_lock);
		if (!m) /* no memory for the memo: ask ICU */
			return u_getIntPropertyValue(c, UCHAR_NFKC_QUICK_CHECK) == UNORM_YES;
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
		if (invisible(c, p) && !(flags & PWPOL__TEXT_DROP_INVISIBLE) &&
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

/* Removes every default-ignorable code point (NFKC never makes one from
 * another code point, so removing them after it is the same as before). */
static void drop_invisible(struct pwpol__text *t)
{
	size_t k = 0;
	for (size_t i = 0; i < t->n; i++)
		if (!invisible(t->cp[i], utf8proc_get_property(t->cp[i])))
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
		pwpol_wipe(u, sizeof u);
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

/* ---- reduced forms for the username search ---------------------------- */

/* Case folded, decomposed with the marks removed (the accents of ádmin),
 * default-ignorables dropped, compatibility forms folded. */
#define REDUCE_OPTIONS                                                                             \
	(UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_DECOMPOSE | UTF8PROC_CASEFOLD |              \
	 UTF8PROC_STRIPMARK | UTF8PROC_IGNORE)

/* Confusable prototypes (UTS #39) come from ICU's spoof checker: opened
 * once, on the first non-ASCII letter that needs it, and kept; ICU allows
 * uspoof_getSkeleton on one checker from several threads. */
static USpoofChecker *spoof;
static UErrorCode spoof_error;
static pthread_once_t spoof_once = PTHREAD_ONCE_INIT;

static void spoof_open(void)
{
	spoof_error = U_ZERO_ERROR;
	spoof = uspoof_open(&spoof_error);
}

/* c folded and stripped (REDUCE_OPTIONS), appended to out[*n..cap): c as
 * it is if its form would not fit (no code point after NFKC comes near
 * PWPOL__REDUCE_MAX). Callers wipe out. */
static void fold_strip(int32_t c, int32_t *out, size_t cap, size_t *n)
{
	/* What utf8proc_decompose_char would find first, for the most common
	 * case (a letter that neither folds nor decomposes: most Greek,
	 * Cyrillic, CJK), without its call. Hangul syllables decompose by
	 * arithmetic (UAX #15), not from the table. */
	const utf8proc_property_t *p = utf8proc_get_property(c);
	if (p->decomp_seqindex == UINT16_MAX && p->casefold_seqindex == UINT16_MAX &&
	    !invisible(c, p) && p->category != UTF8PROC_CATEGORY_MN &&
	    p->category != UTF8PROC_CATEGORY_MC && p->category != UTF8PROC_CATEGORY_ME &&
	    !(c >= 0xac00 && c <= 0xd7a3)) {
		if (*n < cap)
			out[(*n)++] = c;
		return;
	}
	int last = 0;
	utf8proc_ssize_t k = utf8proc_decompose_char(c, out + *n, (utf8proc_ssize_t)(cap - *n),
	                                             REDUCE_OPTIONS, &last);
	if (k >= 0 && (size_t)k <= cap - *n) {
		*n += (size_t)k;
	} else {
		pwpol_wipe(out + *n, (cap - *n) * sizeof *out);
		if (*n < cap)
			out[(*n)++] = c;
	}
}

/* The slow way: the skeleton of c from ICU, each of its code points folded
 * and stripped, to emit. */
static enum pwpol_status skeleton(int32_t c, pwpol__emit_fn *emit, void *ctx)
{
	UChar in[2], sk[PWPOL__REDUCE_MAX];
	int32_t il = 0;
	U16_APPEND_UNSAFE(in, il, c);
	UErrorCode e = U_ZERO_ERROR;
	int32_t sl = uspoof_getSkeleton(spoof, 0, in, il, sk, PWPOL__REDUCE_MAX, &e);
	const UChar *from = sk;
	if (U_FAILURE(e)) { /* a prototype longer than any there is: c */
		from = in;
		sl = il;
	}
	enum pwpol_status st = PWPOL_OK;
	int32_t d[PWPOL__REDUCE_MAX];
	for (int32_t j = 0; j < sl && st == PWPOL_OK;) {
		UChar32 x;
		U16_NEXT(from, j, sl, x);
		size_t k = 0;
		fold_strip(x, d, PWPOL__REDUCE_MAX, &k);
		for (size_t i = 0; i < k && st == PWPOL_OK; i++)
			st = emit(ctx, d[i]);
		pwpol_wipe(d, k * sizeof *d);
	}
	pwpol_wipe(in, sizeof in);
	pwpol_wipe(sk, sizeof sk);
	return st;
}

/*
 * ICU's answers, kept: a skeleton costs about 1,700 instructions a call, a
 * lookup here a few. The first time a code point of a block of MEMO_BLOCK
 * is reduced, every code point of its block is asked of ICU at once (about
 * 0.2 million instructions), so what the memo holds tells no more than
 * which blocks of Unicode some password touched, never which character.
 * An entry is the reduced code point when the skeleton, folded and
 * stripped, is exactly one code point, else MEMO_SLOW (ask ICU each time).
 * Blocks are published once, complete, and never change.
 */
#define MEMO_BLOCK 128
#define MEMO_SLOW  INT32_MIN
#define MEMO_NONE  (INT32_MIN + 1) /* nothing collected yet */

struct memo_block {
	int32_t one[MEMO_BLOCK];
};

static struct memo_block *_Atomic memo[0x110000 / MEMO_BLOCK];
static pthread_mutex_t memo_lock = PTHREAD_MUTEX_INITIALIZER;

static enum pwpol_status collect_one(void *ctx, int32_t c)
{
	int32_t *one = ctx;
	*one = *one == MEMO_NONE ? c : MEMO_SLOW; /* a second code point */
	return PWPOL_OK;
}

static int32_t reduce_one(int32_t c)
{
	if (c >= 0xd800 && c <= 0xdfff)
		return MEMO_SLOW; /* no text holds a surrogate */
	int32_t one = MEMO_NONE;
	skeleton(c, collect_one, &one);
	return one == MEMO_NONE ? MEMO_SLOW : one;
}

static enum pwpol_status memo_get(int32_t c, int32_t *one)
{
	size_t b = (size_t)c / MEMO_BLOCK;
	struct memo_block *m = atomic_load_explicit(&memo[b], memory_order_acquire);
	if (!m) {
		pthread_mutex_lock(&memo_lock);
		m = atomic_load_explicit(&memo[b], memory_order_relaxed);
		if (!m && (m = malloc(sizeof *m)) != NULL) {
			for (int i = 0; i < MEMO_BLOCK; i++)
				m->one[i] = reduce_one((int32_t)(b * MEMO_BLOCK) + i);
			atomic_store_explicit(&memo[b], m, memory_order_release);
		}
		pthread_mutex_unlock(&memo_lock);
		if (!m)
			return PWPOL_ENOMEM;
	}
	*one = m->one[(size_t)c % MEMO_BLOCK];
	return PWPOL_OK;
}

/* The whole reduction of one non-ASCII code point c, to emit: folded and
 * stripped, then each non-ASCII code point of that through its skeleton. */
static enum pwpol_status reduce_cp(int32_t c, pwpol__emit_fn *emit, void *ctx)
{
	int32_t d[PWPOL__REDUCE_MAX];
	enum pwpol_status st = PWPOL_OK;
	size_t k = 0;
	fold_strip(c, d, PWPOL__REDUCE_MAX, &k);
	for (size_t j = 0; j < k && st == PWPOL_OK; j++) {
		if (d[j] < 0x80) {
			st = emit(ctx, d[j]);
			continue;
		}
		pthread_once(&spoof_once, spoof_open);
		if (!spoof)
			st =
			    spoof_error == U_MEMORY_ALLOCATION_ERROR ? PWPOL_ENOMEM : PWPOL_ESYSTEM;
		int32_t one = MEMO_SLOW;
		if (st == PWPOL_OK)
			st = memo_get(d[j], &one);
		if (st == PWPOL_OK)
			st = one != MEMO_SLOW ? emit(ctx, one) : skeleton(d[j], emit, ctx);
		one = 0;
	}
	pwpol_wipe(d, k * sizeof *d);
	return st;
}

/*
 * reduce_cp's answers, kept as the skeletons are above (the same blocks,
 * filled the same way, telling no more than which blocks some password
 * touched): the reduction of an accented letter (é to e) is then one
 * lookup instead of a decomposition. An entry is the one or two code
 * points the reduction gives (ß gives ss), or MEMO_SLOW when it gives more
 * or none, or failed (reduce_cp is then asked each time, and says so
 * again).
 */
struct reduced_block {
	int32_t two[MEMO_BLOCK][2]; /* the second MEMO_NONE when there is one */
};

static struct reduced_block *_Atomic reduced[0x110000 / MEMO_BLOCK];
static pthread_mutex_t reduced_lock = PTHREAD_MUTEX_INITIALIZER;

struct collect_two {
	int32_t two[2];
	int n; /* 3: more than two */
};

static enum pwpol_status collect_two(void *ctx, int32_t c)
{
	struct collect_two *to = ctx;
	if (to->n < 2)
		to->two[to->n] = c;
	to->n += to->n < 3;
	return PWPOL_OK;
}

static void reduce_whole(int32_t c, int32_t two[2])
{
	struct collect_two to = {{MEMO_NONE, MEMO_NONE}, 0};
	two[0] = MEMO_SLOW;
	two[1] = MEMO_NONE;
	if (c >= 0xd800 && c <= 0xdfff)
		return;
	if (reduce_cp(c, collect_two, &to) != PWPOL_OK || to.n == 0 || to.n > 2)
		return;
	two[0] = to.two[0];
	two[1] = to.two[1];
}

/* The reduction of c from the memo: two[0] MEMO_SLOW to ask reduce_cp. */
static enum pwpol_status reduced_get(int32_t c, int32_t two[2])
{
	size_t b = (size_t)c / MEMO_BLOCK;
	struct reduced_block *m = atomic_load_explicit(&reduced[b], memory_order_acquire);
	if (!m) {
		/* reduce_cp takes memo_lock: always after this one. */
		pthread_mutex_lock(&reduced_lock);
		m = atomic_load_explicit(&reduced[b], memory_order_relaxed);
		if (!m && (m = malloc(sizeof *m)) != NULL) {
			for (int i = 0; i < MEMO_BLOCK; i++)
				reduce_whole((int32_t)(b * MEMO_BLOCK) + i, m->two[i]);
			atomic_store_explicit(&reduced[b], m, memory_order_release);
		}
		pthread_mutex_unlock(&reduced_lock);
		if (!m)
			return PWPOL_ENOMEM;
	}
	two[0] = m->two[(size_t)c % MEMO_BLOCK][0];
	two[1] = m->two[(size_t)c % MEMO_BLOCK][1];
	return PWPOL_OK;
}

enum pwpol_status pwpol__text_reduce(const struct pwpol__text *t, pwpol__emit_fn *emit, void *ctx)
{
	enum pwpol_status st = PWPOL_OK;
	for (size_t i = 0; i < t->n && st == PWPOL_OK; i++) {
		int32_t c = t->cp[i];
		if (c < 0x80) {
			st = emit(ctx, c);
			continue;
		}
		int32_t two[2];
		st = reduced_get(c, two);
		if (st == PWPOL_OK && two[0] == MEMO_SLOW)
			st = reduce_cp(c, emit, ctx);
		else if (st == PWPOL_OK)
			st = emit(ctx, two[0]);
		if (st == PWPOL_OK && two[1] != MEMO_NONE && two[0] != MEMO_SLOW)
			st = emit(ctx, two[1]);
		two[0] = two[1] = 0;
	}
	return st;
}

/* ---- the lean pass's caches (text.h) ---------------------------------- */

struct pwpol__lean_block *_Atomic pwpol__lean_memo[0x110000 / PWPOL__LEAN_BLOCK];
struct pwpol__lean_block *_Atomic pwpol__lean_named_memo[0x110000 / PWPOL__LEAN_BLOCK];
static pthread_mutex_t lean_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t lean_named_lock = PTHREAD_MUTEX_INITIALIZER;

/* Is a break certain between any two code points of boundclass b (UAX #29,
 * utf8proc's property)? Every rule that joins two characters names a
 * first or second class other than these (GB6-8 need a jamo L, V or T,
 * GB9-9b Extend, ZWJ, SpacingMark or Prepend, GB11 a ZWJ, GB12-13
 * regional indicators). */
static int lone_cluster(int b)
{
	return b == UTF8PROC_BOUNDCLASS_OTHER || b == UTF8PROC_BOUNDCLASS_EXTENDED_PICTOGRAPHIC ||
	       b == UTF8PROC_BOUNDCLASS_LV || b == UTF8PROC_BOUNDCLASS_LVT;
}

/* The lean entry of c, from utf8proc and ICU (text.h says what it holds). */
static void lean_entry(const UNormalizer2 *nfkc, int32_t c, struct pwpol__lean *e)
{
	e->n = 0;
	e->tally = 0;
	if ((c >= 0xd800 && c <= 0xdfff) || !nfkc)
		return;
	const utf8proc_property_t *p = utf8proc_get_property(c);
	if (p->category == UTF8PROC_CATEGORY_CC || invisible(c, p) ||
	    !unorm2_hasBoundaryBefore(nfkc, c))
		return;
	/* NFKC of c alone, as normalise() makes it of a whole text. */
	utf8proc_uint8_t u[4];
	utf8proc_int32_t d[8];
	utf8proc_ssize_t k = utf8proc_decompose(u, utf8proc_encode_char(c, u), d, 8, NFKC_OPTIONS);
	if (k < 1 || k > 8)
		return;
	k = utf8proc_normalize_utf32(d, k, NFKC_OPTIONS);
	if (k < 1 || k > 2)
		return;
	for (utf8proc_ssize_t j = 0; j < k; j++) {
		if (!lone_cluster(utf8proc_get_property(d[j])->boundclass))
			return;
		e->x[j] = d[j];
		e->cls[j] = (uint8_t)pwpol__char_class(d[j]);
		e->tally += (uint64_t)1 << (PWPOL__LEAN_FIELD * e->cls[j]);
	}
	e->n = (uint8_t)k;
}

struct pwpol__lean_block *pwpol__lean_fill(size_t b)
{
	pthread_mutex_lock(&lean_lock);
	struct pwpol__lean_block *m =
	    atomic_load_explicit(&pwpol__lean_memo[b], memory_order_relaxed);
	if (!m && (m = calloc(1, sizeof *m)) != NULL) {
		UErrorCode e = U_ZERO_ERROR;
		const UNormalizer2 *nfkc = unorm2_getNFKCInstance(&e);
		if (U_FAILURE(e))
			nfkc = NULL; /* every entry n 0: the general path */
		for (int i = 0; i < PWPOL__LEAN_BLOCK; i++)
			lean_entry(nfkc, (int32_t)(b * PWPOL__LEAN_BLOCK) + i, &m->e[i]);
		atomic_store_explicit(&pwpol__lean_memo[b], m, memory_order_release);
	}
	pthread_mutex_unlock(&lean_lock);
	if (!m) { /* every entry n 0: the general path */
		static struct pwpol__lean_block none;
		m = &none;
	}
	return m;
}

/* What pwpol__text_reduce emits for the code point x of a text, as the
 * ASCII name search reads it (text.h), appended to e's reduction; 0 if not
 * kept. */
static int lean_reduce(int32_t x, struct pwpol__lean *e)
{
	if (x < 0x80) {
		e->rb[e->rn++] = (uint8_t)x;
		return 1;
	}
	int32_t two[2];
	if (reduced_get(x, two) != PWPOL_OK || two[0] == MEMO_SLOW)
		return 0;
	for (int j = 0; j < 2 && two[j] != MEMO_NONE; j++)
		e->rb[e->rn++] = two[j] >= 0 && two[j] < 0x80 ? (uint8_t)two[j] : 0;
	return 1;
}

struct pwpol__lean_block *pwpol__lean_named_fill(size_t b)
{
	/* The entries need the lean ones, and reduced_get takes its own
	 * locks: always after this one. */
	struct pwpol__lean_block *m = pwpol__lean_fill(b);
	if (atomic_load_explicit(&pwpol__lean_memo[b], memory_order_acquire) != m)
		return m; /* no memory: every entry n 0, no reduction read */
	pthread_mutex_lock(&lean_named_lock);
	if (!atomic_load_explicit(&pwpol__lean_named_memo[b], memory_order_relaxed)) {
		for (int i = 0; i < PWPOL__LEAN_BLOCK; i++) {
			struct pwpol__lean *e = &m->e[i];
			int ok = e->n > 0;
			for (int j = 0; j < e->n && ok; j++)
				ok = lean_reduce(e->x[j], e);
			if (!ok)
				e->rn = PWPOL__LEAN_SLOW;
		}
		atomic_store_explicit(&pwpol__lean_named_memo[b], m, memory_order_release);
	}
	pthread_mutex_unlock(&lean_named_lock);
	return m;
}

__attribute__((destructor)) static void unicode_close(void)
{
	for (size_t b = 0; b < sizeof qc_memo / sizeof *qc_memo; b++)
		free(atomic_exchange(&qc_memo[b], NULL));
	for (size_t b = 0; b < sizeof memo / sizeof *memo; b++) {
		free(atomic_exchange(&memo[b], NULL));
		free(atomic_exchange(&reduced[b], NULL));
		atomic_store(&pwpol__lean_named_memo[b], NULL); /* the same blocks */
		free(atomic_exchange(&pwpol__lean_memo[b], NULL));
	}
	if (spoof)
		uspoof_close(spoof);
	spoof = NULL;
}
