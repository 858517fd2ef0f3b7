/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * quality-ascii.c - pwpol_check() and its path for printable-ASCII input,
 * the one nearly every password and username takes, over the bytes
 * (quality.h has what it shares with the general path in quality.c). The
 * entry point is here so that the ASCII path is inlined into it: a call
 * and its frame are a tenth of a check.
 *
 * Printable ASCII is its own NFKC. For it the check works on the bytes, in
 * one pass with no data-dependent branch for a random password to
 * mispredict: class counts through a table, and the username looked for by
 * shift-and over the canonical bytes, so no canonical copy of the password
 * is ever made. The username is canonicalised from its bytes, never
 * decoded nor normalised. The tables are made at load time from canon(),
 * separator(), name_drops() and pwpol__char_class(), the functions the
 * general path uses, and printable ASCII reduces to itself there (the
 * confusable skeleton is for other characters only), so both paths give the
 * same verdict by construction (and test_ascii_path_equals_general and
 * test_ascii_username_lengths hold them to it). ICU is never called here.
 * The username's masks, their cache and the search every path shares are
 * name-search.c's.
 */
#include "quality.h"

#include <stdlib.h>
#include <string.h>

#define CLASS_BAD PWPOL__CLASS_COUNT /* control or non-ASCII: not for this path */

/* tally_of[b]: 1 in the 16-bit field of b's class (upper, lower, numeric)
 * and, for a separator, 1 in the fourth field; punctuation is what is left
 * of the length. A password holds at most PWPOL_INPUT_MAX (4096) bytes, so
 * no field overflows into the next, and the tallies fit one register. */
#define SEPARATOR_FIELD 3
_Static_assert(PWPOL_INPUT_MAX < 1 << 16, "class tallies are 16 bits");
_Static_assert(PWPOL__CLASS_PUNCTUATION == 3 && PWPOL__CLASS_OTHER == 4,
               "printable ASCII classes are 0-3, punctuation last");

static unsigned char class_of[256];
static uint64_t tally_of[256];

/* For passwords of at most SHORT_MAX bytes (nearly all), tally8_of[b] is 1
 * in the byte of b's class (upper, lower, numeric: bytes 0-2), of a
 * separator (byte 3) and of a byte that is not printable ASCII (byte 4):
 * no field of 8 bits overflows in 32 bytes. */
#define SHORT_MAX 32
/* Without a class word (no rule reads one) the same pass serves passwords
 * up to LONG_MAX_BYTES: the 8-bit tallies hold 255. */
#define LONG_MAX_BYTES 255
#define BAD_FIELD      4
static uint64_t tally8_of[256];
static unsigned char class2_of[256]; /* class_of in 2 bits (upper to punctuation) */

__attribute__((constructor)) static void make_tables(void)
{
	for (int b = 0; b < 256; b++) {
		class_of[b] = CLASS_BAD;
		tally8_of[b] = (uint64_t)1 << (8 * BAD_FIELD);
	}
	for (int b = 0x20; b < 0x7f; b++) {
		enum pwpol__class c = pwpol__char_class(b);
		class_of[b] = (unsigned char)c;
		if (c != PWPOL__CLASS_PUNCTUATION)
			tally_of[b] = (uint64_t)1 << (16 * c);
		if (separator(b))
			tally_of[b] = (uint64_t)1 << (16 * SEPARATOR_FIELD);
		tally8_of[b] = 0;
		class2_of[b] = (unsigned char)(c & 3);
		if (c != PWPOL__CLASS_PUNCTUATION)
			tally8_of[b] = (uint64_t)1 << (8 * c);
		if (separator(b))
			tally8_of[b] = (uint64_t)1 << (8 * SEPARATOR_FIELD);
	}
}

static int printable_ascii(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (class_of[(unsigned char)s[i]] == CLASS_BAD)
			return 0;
	return 1;
}

/* gather() over bytes, and whether the username can be there (k not
 * NULL: its search then); 0 if a byte is not printable ASCII. */
static int gather_ascii(const unsigned char *s, size_t len, const struct pwpol__name_masks *k,
                        struct stats *st, int *found)
{
	uint64_t tally = 0, present = 0;
	unsigned prev = class_of[s[0]];
	unsigned char last = 0; /* no password byte is NUL */
	long run = 0, longest = 0, transitions = 0, crun = 0, clongest = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char b = s[i];
		unsigned c = class_of[b];
		if (c == CLASS_BAD)
			return 0;
		tally += tally_of[b];
		transitions += c != prev;
		crun = c == prev ? crun + 1 : 1;
		clongest = crun > clongest ? crun : clongest;
		prev = c;
		run = b == last ? run + 1 : 1;
		last = b;
		longest = run > longest ? run : longest;
		if (k)
			present |= k->bit[b];
	}
	long letters = 0;
	for (int c = 0; c < PWPOL__CLASS_PUNCTUATION; c++) {
		st->count[c] = (long)(tally >> (16 * c) & 0xffff);
		letters += st->count[c];
	}
	st->count[PWPOL__CLASS_PUNCTUATION] = (long)len - letters;
	st->count[PWPOL__CLASS_OTHER] = 0;
	st->transitions = transitions;
	st->longest_run = longest;
	st->longest_class_run = clongest;
	st->same_class_pairs = 0; /* longest_class_run is known */
	st->length = (long)len;
	*found = k && pwpol__name_present(k, present) && pwpol__name_search_bytes(k, s, len);
	return 1;
}

/* Set bits of a word, without the libgcc call __builtin_popcountll makes
 * when the target has no popcnt instruction. */
static inline long bits_set(uint64_t x)
{
	x -= (x >> 1) & 0x5555555555555555ULL;
	x = (x & 0x3333333333333333ULL) + ((x >> 2) & 0x3333333333333333ULL);
	x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0fULL;
	return (long)((x * 0x0101010101010101ULL) >> 56);
}

static inline uint64_t load8(const unsigned char *s)
{
	uint64_t w;
	memcpy(&w, s, sizeof w);
	return w;
}

/* Does any byte of s (len bytes) equal the next one? Eight pairs a step,
 * with word loads that never pass the end: a zero byte in a ^ b is an equal
 * pair (the usual test: it may misplace the zero, never miss it). */
static inline int any_pair(const unsigned char *s, size_t len)
{
	if (len < 9) {
		int eq = 0;
		for (size_t i = 1; i < len; i++)
			eq |= s[i] == s[i - 1];
		return eq;
	}
	uint64_t x = load8(s) ^ load8(s + 1);
	uint64_t z = (x - 0x0101010101010101ULL) & ~x;
	for (size_t i = 8; i + 9 <= len; i += 8) {
		x = load8(s + i) ^ load8(s + i + 1);
		z |= (x - 0x0101010101010101ULL) & ~x;
	}
	x = load8(s + len - 9) ^ load8(s + len - 8);
	z |= (x - 0x0101010101010101ULL) & ~x;
	return (z & 0x8080808080808080ULL) != 0;
}

/* Might some three bytes in a row be the same? Never 0 when they are (the
 * zero test above misses no zero; it may find one where there is none, so
 * a 1 is only a hint). */
static inline int any_triple(const unsigned char *s, size_t len)
{
	if (len < 10) {
		int eq = 0;
		for (size_t i = 2; i < len; i++)
			eq |= (s[i] == s[i - 1]) & (s[i - 1] == s[i - 2]);
		return eq;
	}
	uint64_t acc = 0;
	for (size_t i = 0;; i += 8) {
		if (i + 10 > len)
			i = len - 10; /* the last step overlaps the one before */
		uint64_t a = load8(s + i), b = load8(s + i + 1), c = load8(s + i + 2);
		uint64_t x = a ^ b, y = b ^ c;
		acc |= ((x - 0x0101010101010101ULL) & ~x) & ((y - 0x0101010101010101ULL) & ~y);
		if (i + 10 == len)
			break;
	}
	return (acc & 0x8080808080808080ULL) != 0;
}

/*
 * gather_ascii() for 1 to SHORT_MAX bytes (to LONG_MAX_BYTES without a class
 * word), in the fewest instructions: the pass only adds each byte's tally,
 * appends its class (2 bits) to a word and marks which of the username's
 * characters the byte matches; the transitions are then the neighbouring
 * class pairs that differ (one popcount), runs are looked for only when
 * some byte equals the next, and the username only when every one of its
 * characters is there. with_name and with_classes are constants at each
 * call, so the pass has nothing of the name in it without a username, and
 * keeps no class sequence when no rule of the policy reads one (the
 * transitions, the class runs: most policies count character sets).
 * Figures of rules the policy leaves off are not made (judge() does not
 * read them). 0 if a byte is not printable ASCII.
 */
static inline __attribute__((always_inline)) int gather_short(const pwpol_policy *p,
                                                              const unsigned char *s, size_t len,
                                                              const struct pwpol__name_masks *k,
                                                              int with_name, int with_classes,
                                                              struct stats *st, int *found)
{
	uint64_t tally = 0, classes = 0, present = 0;
	/* Which of the name's characters some byte matches: the name can be
	 * in the password (in any order, with or without separators) only if
	 * every one is, which few passwords have; only those are searched.
	 * The bytes are taken last to first, fully unrolled with one jump in
	 * (the loop's own compare and jumps were a fifth of it): the tallies
	 * do not depend on the order, and the transitions and class runs read
	 * the same backwards. */
#define STEP(i)                                                                                    \
	do {                                                                                       \
		unsigned char b = s[i];                                                            \
		tally += tally8_of[b];                                                             \
		if (with_classes)                                                                  \
			classes = classes << 2 | class2_of[b];                                     \
		if (with_name)                                                                     \
			present |= k->bit[b];                                                      \
	} while (0)
#define CASE(n)                                                                                    \
	case n: STEP(n - 1); __attribute__((fallthrough))
	_Static_assert(SHORT_MAX == 32, "one case a length");
	_Static_assert(LONG_MAX_BYTES < 256, "tallies are 8 bits");
	if (len > SHORT_MAX) { /* no class word (the caller sees to it): a loop */
		for (size_t i = 0; i < len; i++)
			STEP(i);
	}
	switch (len) {
		CASE(32);
		CASE(31);
		CASE(30);
		CASE(29);
		CASE(28);
		CASE(27);
		CASE(26);
		CASE(25);
		CASE(24);
		CASE(23);
		CASE(22);
		CASE(21);
		CASE(20);
		CASE(19);
		CASE(18);
		CASE(17);
		CASE(16);
		CASE(15);
		CASE(14);
		CASE(13);
		CASE(12);
		CASE(11);
		CASE(10);
		CASE(9);
		CASE(8);
		CASE(7);
		CASE(6);
		CASE(5);
		CASE(4);
		CASE(3);
		CASE(2);
	case 1: STEP(0);
	}
#undef CASE
#undef STEP
	if (tally >> (8 * BAD_FIELD) & 0xff)
		return 0;
	long upper = (long)(tally & 0xff), lower = (long)(tally >> 8 & 0xff);
	long numeric = (long)(tally >> 16 & 0xff);
	st->count[PWPOL__CLASS_UPPER] = upper;
	st->count[PWPOL__CLASS_LOWER] = lower;
	st->count[PWPOL__CLASS_NUMERIC] = numeric;
	st->count[PWPOL__CLASS_PUNCTUATION] = (long)len - upper - lower - numeric;
	st->count[PWPOL__CLASS_OTHER] = 0;
	/* Pair j (bits 2j, 2j+1 of diff) compares the classes of two
	 * neighbours; len - 1 pairs. */
	st->transitions = 0;
	st->same_class_pairs = 0;
	st->longest_class_run = -1;
	if (with_classes) {
		uint64_t diff = classes ^ (classes >> 2);
		uint64_t pairs = len > 1 ? ~(uint64_t)0 >> (64 - 2 * (len - 1)) : 0;
		st->transitions = bits_set((diff | diff >> 1) & 0x5555555555555555ULL & pairs);
		st->same_class_pairs = ~(diff | diff >> 1) & 0x5555555555555555ULL & pairs;
	}
	/* Exact without the loop below when no byte equals the next (1) or
	 * none of those pairs touch (2). */
	long longest = 1;
	if (p->v[PWPOL_OPT_MAXIMUM_REPEATS] > 0 && any_pair(s, len)) {
		longest = 2;
		if (any_triple(s, len)) {
			long run = 1;
			for (size_t i = 1; i < len; i++) {
				run = s[i] == s[i - 1] ? run + 1 : 1;
				longest = run > longest ? run : longest;
			}
		}
	}
	st->longest_run = longest;
	st->length = (long)len;
	*found = 0;
	if (with_name && pwpol__name_present(k, present))
		*found = pwpol__name_search_bytes(k, s, len);
	return 1;
}

static int same_byte_at(size_t i, size_t j, const void *ctx)
{
	const unsigned char *const *two = ctx;
	return two[0][i] == two[1][j];
}

/* minimum-character-changes over bytes (each its own character): out of
 * line, since only a change has an old password. */
static __attribute__((noinline)) long ascii_changes(const char *pw, size_t len, const char *old,
                                                    size_t oldlen, long cap)
{
	const unsigned char *two[2] = {(const unsigned char *)pw, (const unsigned char *)old};
	return pwpol__edit_distance(len, oldlen, cap, same_byte_at, two);
}

/* Text that is not printable ASCII, without an old password, after the
 * ASCII path has looked up the username (k and m as there: k NULL when the
 * name is not checked, or compares nothing, or is too long for one
 * shift-and word): the lean pass, else the general path. Out of line, so
 * that the ASCII path keeps its registers. */
static __attribute__((noinline)) enum pwpol_status
lean_or_general(const pwpol_policy *p, const char *pw, size_t len, const char *username,
                const struct pwpol__name_masks *k, size_t m, pwpol_report *r)
{
	enum pwpol_status st =
	    m > SHIFT_AND_MAX ? PWPOL__NOT_LEAN : pwpol__check_lean_masks(p, pw, len, k, m, r);
	if (st == PWPOL__NOT_LEAN)
		st = pwpol__check_general(p, pw, len, username, NULL, 0, r);
	return st;
}

/* The whole check of printable-ASCII input, or PWPOL__GENERAL. */
static inline __attribute__((always_inline)) enum pwpol_status
check_ascii(const pwpol_policy *p, const char *pw, size_t len, const char *username,
            const char *old, size_t oldlen, pwpol_report *r)
{
	const unsigned char *s = (const unsigned char *)pw;
	/* The general path reports every input error. */
	if (!pw || len == 0 || len > PWPOL_INPUT_MAX)
		return PWPOL__GENERAL;
	long changes = 0;
	if (old) {
		if (oldlen == 0 || oldlen > PWPOL_INPUT_MAX || !printable_ascii(old, oldlen))
			return PWPOL__GENERAL;
		changes =
		    ascii_changes(pw, len, old, oldlen, p->v[PWPOL_OPT_MINIMUM_CHARACTER_CHANGES]);
	}
	struct pwpol__name_masks masks;
	const struct pwpol__name_masks *k = NULL;
	size_t ulen = 0, m = 0;
	if (username && *username && p->v[PWPOL_OPT_USERNAME_CHECK]) {
		if (pwpol__same_as_last_name(username, &ulen)) {
			m = pwpol__last_name.m;
			k = pwpol__last_name.kp;
		} else {
			ulen = strnlen(username, PWPOL_INPUT_MAX + 1);
			if (ulen > PWPOL_INPUT_MAX ||
			    !pwpol__name_masks(username, ulen, &m, &masks, &k))
				return PWPOL__GENERAL;
		}
	}
	struct stats st;
	int found = 0;
	int classes = (p->v[PWPOL_OPT_MINIMUM_CHANGES] > 0 &&
	               p->v[PWPOL_OPT_CHANGE_TYPE] == PWPOL_CHANGE_TYPE_SET_TRANSITIONS) ||
	              p->v[PWPOL_OPT_MAXIMUM_CLASS_REPEATS] > 0;
	if ((len <= SHORT_MAX || (!classes && len <= LONG_MAX_BYTES)) && m <= SHIFT_AND_MAX) {
		/* Its own figures, whose address never leaves the inlined
		 * calls, so that they stay in registers. */
		struct stats sh;
		int ok = k         ? classes ? gather_short(p, s, len, k, 1, 1, &sh, &found)
		                             : gather_short(p, s, len, k, 1, 0, &sh, &found)
		                 : classes ? gather_short(p, s, len, NULL, 0, 1, &sh, &found)
		                   : gather_short(p, s, len, NULL, 0, 0, &sh, &found);
		if (!ok) /* not printable ASCII: the username is looked up already */
			return old ? PWPOL__GENERAL
			           : lean_or_general(p, pw, len, username, k, m, r);
		return judge(p, &sh, found, old != NULL, changes, r);
	}
	if (m > SHIFT_AND_MAX)
		return PWPOL__GENERAL; /* a name that long: the general path's search */
	if (!(len > SHORT_MAX ? gather_ascii(s, len, k, &st, &found)
	                      : gather_short(p, s, len, k, k != NULL, 1, &st, &found)))
		return PWPOL__GENERAL;
	return judge(p, &st, found, old != NULL, changes, r);
}

/* The lean pass, else the general path: out of line, so that the ASCII
 * path pays one test for them. */
static __attribute__((noinline)) enum pwpol_status not_ascii(const pwpol_policy *p, const char *pw,
                                                             size_t len, const char *username,
                                                             const char *old, size_t oldlen,
                                                             pwpol_report *r)
{
	enum pwpol_status st = old ? PWPOL__NOT_LEAN : pwpol__check_lean(p, pw, len, username, r);
	if (st == PWPOL__NOT_LEAN)
		st = pwpol__check_general(p, pw, len, username, old, oldlen, r);
	return st;
}

enum pwpol_status pwpol_check(const pwpol_policy *p, const char *pw, size_t len,
                              const char *username, const char *old, size_t oldlen, pwpol_report *r)
{
	if (r) /* pwpol_report_clear, without its call */
		r->n = 0;
	if (!p)
		return PWPOL_EINVAL;
	enum pwpol_status st = check_ascii(p, pw, len, username, old, oldlen, r);
	if (st == PWPOL__GENERAL)
		st = not_ascii(p, pw, len, username, old, oldlen, r);
	if (p->str[PWPOL_OPT_BLOCKLIST] || p->v[PWPOL_OPT_MINIMUM_SCORE])
		st = pwpol__later_rules(p, pw, len, username, st, r);
	return st;
}
