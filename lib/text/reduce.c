/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * reduce.c - the reduced forms the username search compares (text.h,
 * pwpol__text_reduce): a code point case folded, its marks and
 * default-ignorables dropped, compatibility forms folded (utf8proc), then
 * reduced to its UTS #39 confusable skeleton (ICU's spoof checker), so
 * that a Cyrillic a is an a. ICU's answers are kept per block of code
 * points.
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
	spoof = pwpol__icu_spoof_open(&spoof_error);
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
	    !pwpol__text_invisible(c, p) && p->category != UTF8PROC_CATEGORY_MN &&
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
	int32_t sl = pwpol__icu_skeleton(spoof, 0, in, il, sk, PWPOL__REDUCE_MAX, &e);
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
	pwpol__wipe_array(in);
	pwpol__wipe_array(sk);
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
#define MEMO_SLOW  PWPOL__REDUCED_SLOW
#define MEMO_NONE  PWPOL__REDUCED_NONE /* nothing collected yet */

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
enum pwpol_status pwpol__reduced_get(int32_t c, int32_t two[2])
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
		st = pwpol__reduced_get(c, two);
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

__attribute__((destructor)) static void reduce_close(void)
{
	for (size_t b = 0; b < sizeof memo / sizeof *memo; b++) {
		free(atomic_exchange(&memo[b], NULL));
		free(atomic_exchange(&reduced[b], NULL));
	}
	if (spoof)
		pwpol__icu_spoof_close(spoof);
	spoof = NULL;
}
