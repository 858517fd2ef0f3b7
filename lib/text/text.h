/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * text.h - the door of the text wing (text/): a password or username as
 * code points after NFKC, read by grapheme clusters, with their classes
 * (text.c); the reduced forms the username search compares (reduce.c);
 * and the answers lean-cache.c keeps for the lean pass of pwpol_check()
 * (quality-lean.c): per code point, what utf8proc and ICU say of it, asked
 * once a process and kept, so that a password of ordinary non-ASCII text
 * (accents, Greek, Cyrillic, CJK, Hangul syllables, full-width forms, a
 * lone emoji) costs one lookup a code point instead of a dozen library
 * calls. These are a cache of the libraries' answers, not a Unicode table
 * of our own: every entry is made from utf8proc and ICU calls (text.c,
 * lean_fill), the first time a code point of its block is met.
 */
#ifndef PWPOL_TEXT_H
#define PWPOL_TEXT_H

#include "hash.h"

#include <stdatomic.h>
#include <utf8proc.h>

/* text.c: a password (or username) as code points after NFKC, read by
 * extended grapheme clusters (pwpol__text_cluster_end). The buffer
 * lives inside the struct (on the caller's stack), so ASCII input and most
 * other input never allocate; rare NFKC expansions beyond it use the heap.
 * Always release with pwpol__text_wipe, which wipes the code points. */
struct pwpol__text {
	int32_t *cp; /* buf, or a heap block when NFKC outgrows buf */
	size_t n;    /* code points in cp */
	int ascii;   /* 1 if the input was printable ASCII (NFKC was the identity) */
	int32_t buf[PWPOL_INPUT_MAX];
};

/* pwpol__text_decode flags. DROP_INVISIBLE: default-ignorable code points
 * are removed instead of refused (for an old password, which was set before
 * they were refused and is only compared). */
#define PWPOL__TEXT_DROP_INVISIBLE 1

/* Validates and normalises s (len bytes): EINVAL with one input finding
 * (empty, too-long, invalid-utf8, control-character, invisible-character)
 * added to r, ENOMEM, or OK with t filled. t needs no setup; wipe it in
 * every case. */
enum pwpol_status pwpol__text_decode(struct pwpol__text *t, const char *s, size_t len, int flags,
                                     pwpol_report *r);
/* The end (one past) of the extended grapheme cluster (UAX #29) that
 * begins at code point i: one user-perceived character. */
size_t pwpol__text_cluster_end(const struct pwpol__text *t, size_t i);
void pwpol__text_wipe(struct pwpol__text *t);
/* The NFKC form of s as UTF-8 into out (cap bytes), *outlen its length:
 * OK; EEXIST when s is its own NFKC form (nothing written); EINVAL when s
 * is no text pwpol_check takes (invalid, control or invisible characters)
 * or its form is longer than cap; ENOMEM. out is wiped but on OK. */
enum pwpol_status pwpol__text_nfkc(const char *s, size_t len, char *out, size_t cap,
                                   size_t *outlen);
/* The class of one code point after NFKC (see text.c for the reading). */
enum pwpol__class pwpol__char_class(int32_t cp);
/* The text as the username search compares it, one code point at a time
 * to emit (which may stop the walk with a status other than OK): printable
 * ASCII as it is; any other case folded, diacritics and default-ignorables
 * removed, and what is left reduced to its UTS #39 skeleton (ICU: Cyrillic
 * a is a). ENOMEM or ESYSTEM if ICU's checker cannot be opened. */
#define PWPOL__REDUCE_MAX 32
typedef enum pwpol_status pwpol__emit_fn(void *ctx, int32_t cp);
enum pwpol_status pwpol__text_reduce(const struct pwpol__text *t, pwpol__emit_fn *emit, void *ctx);

/* text.c: 1 if c (p its utf8proc properties) is invisible: default-ignorable,
 * or blank although not (U+2800, U+FFFC, U+1D159, U+2028, U+2029). */
int pwpol__text_invisible(int32_t c, const utf8proc_property_t *p);

/* NFKC as utf8proc makes it (text.c for a text, lean-cache.c for one
 * code point alone). */
#define PWPOL__NFKC_OPTIONS (UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE)

/* reduce.c: what pwpol__text_reduce emits for code point c, kept: two[0]
 * and two[1] (PWPOL__REDUCED_NONE when one or none), or two[0]
 * PWPOL__REDUCED_SLOW when it emits more than two (ask each time). OK,
 * ENOMEM or ESYSTEM. */
#define PWPOL__REDUCED_SLOW INT32_MIN
#define PWPOL__REDUCED_NONE (INT32_MIN + 1)
enum pwpol_status pwpol__reduced_get(int32_t c, int32_t two[2]);

/* A block of code points is asked all at once, so what the cache holds
 * tells no more than which blocks of Unicode some password touched. */
#define PWPOL__LEAN_BLOCK 128

/*
 * What the lean pass needs of code point c. n is 0 when c is not for it
 * (the general path decides): a control or default-ignorable code point
 * (an input error, or part of an emoji sequence), one that is not always
 * a normalisation boundary (ICU's NFKC hasBoundaryBefore: a combining
 * mark, a conjoining jamo, a voiced sound mark that composes), one whose
 * NFKC is more than two code points, or one whose NFKC holds a code point
 * that may join its neighbour in a grapheme cluster. Otherwise NFKC of a
 * text of such code points is the NFKC of each alone, x[0..n), and each
 * code point of that is a user-perceived character of its own (boundclass
 * Other, Extended_Pictographic, or a Hangul syllable LV/LVT: UAX #29 holds
 * a break between any two of them), of class cls[j].
 */
struct pwpol__lean {
	uint64_t tally; /* 1 in the PWPOL__LEAN_FIELD-bit field of each x's class */
	int32_t x[2];
	uint8_t n;
	uint8_t cls[2];
	/* For a username search, in the same entry (one lookup): the
	 * reduction of x[0..n), rb[0..rn), made only once the block is asked
	 * through pwpol__lean_named_of (below). */
	uint8_t rn;
	uint8_t rb[4];
};
_Static_assert(sizeof(struct pwpol__lean) == 24, "the reduction fills the entry's padding");

/* 10 bits a class: no field overflows in the lean pass's characters (at
 * most 2 a code point of 2 bytes or more, so at most its 256 bytes); the
 * bits above the classes are the lean pass's own. */
#define PWPOL__LEAN_FIELD 10
_Static_assert(PWPOL__CLASS_COUNT *PWPOL__LEAN_FIELD <= 50, "class tallies in one word");

struct pwpol__lean_block {
	struct pwpol__lean e[PWPOL__LEAN_BLOCK];
};

extern struct pwpol__lean_block *_Atomic pwpol__lean_memo[0x110000 / PWPOL__LEAN_BLOCK];
/* Asks the libraries for the block b and publishes it; without memory, a
 * block of entries n 0 (the general path then says ENOMEM or does it). */
struct pwpol__lean_block *pwpol__lean_fill(size_t b);

/* The entry of a code point (0 to 0x10ffff). */
static inline const struct pwpol__lean *pwpol__lean_of(int32_t c)
{
	size_t b = (size_t)c / PWPOL__LEAN_BLOCK;
	struct pwpol__lean_block *m =
	    atomic_load_explicit(&pwpol__lean_memo[b], memory_order_acquire);
	if (__builtin_expect(!m, 0))
		m = pwpol__lean_fill(b);
	return &m->e[(size_t)c % PWPOL__LEAN_BLOCK];
}

/*
 * The username search's form (pwpol__text_reduce) of the NFKC of a
 * non-ASCII code point whose lean entry has n > 0, for an ASCII name:
 * each reduced code point as its byte rb[j] if it is ASCII, else 0 (which
 * no character of an ASCII name matches, as in pwpol__name_in_reduced),
 * the bytes past rn 0. rn is PWPOL__LEAN_SLOW when the reduction is not
 * kept (ICU is asked each time: the general path does it). The same
 * blocks as pwpol__lean_memo, published here once their reductions are
 * made: asked only when a username is checked, so that a check without
 * one never opens ICU's spoof checker. The reductions are written into
 * entries that others may be reading, but only into rn and rb, which
 * nothing reads before this publication.
 */
#define PWPOL__LEAN_SLOW 0xff

extern struct pwpol__lean_block *_Atomic pwpol__lean_named_memo[0x110000 / PWPOL__LEAN_BLOCK];
struct pwpol__lean_block *pwpol__lean_named_fill(size_t b);

static inline const struct pwpol__lean *pwpol__lean_named_of(int32_t c)
{
	size_t b = (size_t)c / PWPOL__LEAN_BLOCK;
	struct pwpol__lean_block *m =
	    atomic_load_explicit(&pwpol__lean_named_memo[b], memory_order_acquire);
	if (__builtin_expect(!m, 0))
		m = pwpol__lean_named_fill(b);
	return &m->e[(size_t)c % PWPOL__LEAN_BLOCK];
}

#endif
