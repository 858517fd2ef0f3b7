/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * lean-cache.c - the lean pass's caches (text.h): per code point, what
 * utf8proc and ICU say of it, asked once a process for a whole block and
 * kept, and for a username search the code point's reduced form
 * (reduce.c's) as bytes.
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
	if (p->category == UTF8PROC_CATEGORY_CC || pwpol__text_invisible(c, p) ||
	    !pwpol__icu_boundary_before(nfkc, c))
		return;
	/* NFKC of c alone, as normalise() makes it of a whole text. */
	utf8proc_uint8_t u[4];
	utf8proc_int32_t d[8];
	utf8proc_ssize_t k =
	    utf8proc_decompose(u, utf8proc_encode_char(c, u), d, 8, PWPOL__NFKC_OPTIONS);
	if (k < 1 || k > 8)
		return;
	k = utf8proc_normalize_utf32(d, k, PWPOL__NFKC_OPTIONS);
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
		const UNormalizer2 *nfkc = pwpol__icu_nfkc(&e);
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
	if (pwpol__reduced_get(x, two) != PWPOL_OK || two[0] == PWPOL__REDUCED_SLOW)
		return 0;
	for (int j = 0; j < 2 && two[j] != PWPOL__REDUCED_NONE; j++)
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

__attribute__((destructor)) static void lean_close(void)
{
	for (size_t b = 0; b < sizeof pwpol__lean_memo / sizeof *pwpol__lean_memo; b++) {
		atomic_store(&pwpol__lean_named_memo[b], NULL); /* the same blocks */
		free(atomic_exchange(&pwpol__lean_memo[b], NULL));
	}
}
