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

static unsigned char class_of[256], canon_of[256];
static unsigned char separator_of[256], name_drops_of[256];
/* skip_of[b]: all ones for a byte a password may hold between the name's
 * letters (skippable()), 0 for every other byte. */
static uint64_t skip_of[256];
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
		separator_of[b] = (unsigned char)separator(b);
		name_drops_of[b] = (unsigned char)name_drops(b);
		if (c != PWPOL__CLASS_PUNCTUATION)
			tally_of[b] = (uint64_t)1 << (16 * c);
		if (separator_of[b])
			tally_of[b] = (uint64_t)1 << (16 * SEPARATOR_FIELD);
		tally8_of[b] = 0;
		class2_of[b] = (unsigned char)(c & 3);
		if (c != PWPOL__CLASS_PUNCTUATION)
			tally8_of[b] = (uint64_t)1 << (8 * c);
		if (separator_of[b])
			tally8_of[b] = (uint64_t)1 << (8 * SEPARATOR_FIELD);
		canon_of[b] = (unsigned char)canon(b);
		skip_of[b] = skippable(b) ? ~(uint64_t)0 : 0;
	}
}

static int printable_ascii(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (class_of[(unsigned char)s[i]] == CLASS_BAD)
			return 0;
	return 1;
}

/*
 * The username as shift-and masks over the password's bytes: the name is
 * cut at its separators (john.doe: john and doe) and every part of three
 * or more compared characters is searched for by itself, forwards and
 * backwards (the whole name when no part is that long). The parts
 * forwards, then each part backwards, lie end to end in one word: in the
 * mask of byte b (bit[b]), bit j is set when b's canonical form matches
 * that character. A bit that shifts from one part into the next lands on
 * a start bit, which is set anyway. Indexed by the byte itself, so the
 * search costs no lookup of b's canonical form.
 */
#define SHIFT_AND_MAX 32

/* struct pwpol__name_masks: quality.h, for the lean pass's presence test. */

/* bits into the mask of every printable byte whose canonical form is c. A
 * name is built once per thread and kept (below), so this need not be
 * quick. */
static void mask_add(struct pwpol__name_masks *k, unsigned char c, uint64_t bits)
{
	for (int b = 0x20; b < 0x7f; b++)
		if (!separator_of[b] && canon_of[b] == c)
			k->bit[b] |= bits;
}

/* The masks of a name's compared characters u[0..n) cut into parts at
 * cut[0..cuts) (a part ends before each), into k (n is 1..SHIFT_AND_MAX).
 * letter[0..letters): the name's ASCII letters, canonical. */
static void build_masks(struct pwpol__name_masks *k, const unsigned char *u, size_t n,
                        const size_t *cut, size_t cuts, const unsigned char *letter, size_t letters)
{
	memset(k, 0, sizeof *k);
	k->m = n;
	/* The parts searched: those of three or more, else the whole name. */
	size_t from[NAME_PARTS_MAX], len[NAME_PARTS_MAX], parts = 0, total = 0;
	for (size_t i = 0, at = 0; i <= cuts; i++) {
		size_t end = i < cuts ? cut[i] : n;
		if (end - at >= 3 && parts < NAME_PARTS_MAX) {
			from[parts] = at;
			len[parts++] = end - at;
			total += end - at;
		}
		at = end;
	}
	if (parts == 0) {
		from[0] = 0;
		len[0] = total = n;
		parts = 1;
	}
	size_t pos = 0;
	for (int back = 0; back < 2; back++)
		for (size_t q = 0; q < parts; q++) {
			uint64_t part = 0;
			k->start |= (uint64_t)1 << pos;
			for (size_t j = 0; j < len[q]; j++, pos++) {
				size_t at = back ? from[q] + len[q] - 1 - j : from[q] + j;
				mask_add(k, u[at], (uint64_t)1 << pos);
				part |= (uint64_t)1 << pos;
			}
			k->done |= (uint64_t)1 << (pos - 1);
			if (!back)
				k->part[q] = part;
		}
	(void)total;
	k->parts = parts;
	k->every = k->part[0];
	if (n < 3) {
		/* A short name is searched its own way (short_name_found). */
		k->short_name = 1;
		k->every = 0;
		k->parts = 1;
		memcpy(k->u, u, n);
		memcpy(k->letter, letter, letters < 2 ? letters : 2);
		k->letters = letters;
	}
}

/*
 * The masks of a printable-ASCII name of 1 to SHIFT_AND_MAX compared
 * characters; 0 if the name is not printable ASCII, with *m its compared
 * characters (separators and `$` left out) in every case where it is. The
 * last name's masks are kept per thread: a stream of checks for one user
 * (`pwpol check --user`) builds them once. A username is no secret, so
 * neither the cache nor anything here is wiped.
 */
#define NAME_CACHE_MAX 64

static _Thread_local struct {
	char name[NAME_CACHE_MAX + 1]; /* NUL-terminated */
	size_t len, m;
	const struct pwpol__name_masks *kp; /* &k, or NULL when m is 0 or too long */
	struct pwpol__name_masks k;
} last_name;

static int name_masks(const char *username, size_t len, size_t *m, struct pwpol__name_masks *own,
                      const struct pwpol__name_masks **k)
{
	*k = NULL;
	if (len == last_name.len && memcmp(username, last_name.name, len) == 0) {
		*m = last_name.m;
		*k = *m > 0 && *m <= SHIFT_AND_MAX ? &last_name.k : NULL;
		return 1;
	}
	unsigned char u[SHIFT_AND_MAX], letter[2];
	size_t n = 0, cut[SHIFT_AND_MAX], cuts = 0, letters = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char b = (unsigned char)username[i];
		if (class_of[b] == CLASS_BAD)
			return 0;
		if (name_drops_of[b]) {
			if (n > 0 && n <= SHIFT_AND_MAX && (cuts == 0 || cut[cuts - 1] != n))
				cut[cuts++] = n;
			continue;
		}
		if (n < SHIFT_AND_MAX)
			u[n] = canon_of[b];
		if (ascii_letter(b) && letters < 2)
			letter[letters] = canon_of[b];
		letters += ascii_letter(b);
		n++;
	}
	if (cuts > 0 && cut[cuts - 1] == n)
		cuts--; /* a separator at the end cuts nothing off */
	*m = n;
	struct pwpol__name_masks *to = own;
	if (len <= NAME_CACHE_MAX) {
		memcpy(last_name.name, username, len);
		last_name.name[len] = '\0';
		last_name.len = len;
		last_name.m = n;
		last_name.kp = n > 0 && n <= SHIFT_AND_MAX ? &last_name.k : NULL;
		to = &last_name.k;
	}
	if (n == 0 || n > SHIFT_AND_MAX)
		return 1;
	build_masks(to, u, n, cut, cuts, letter, letters);
	*k = to;
	return 1;
}

/* Is the username the one whose masks are cached? strncmp over the cached
 * length and its NUL: it stops at the end of a shorter username, and the
 * username is never measured first. */
static inline int same_as_last_name(const char *username, size_t *len)
{
	size_t n = last_name.len;
	if (n == 0 || strncmp(username, last_name.name, n + 1) != 0)
		return 0;
	*len = n;
	return 1;
}

/* A name of one or two characters u (forwards or backwards) is the whole
 * password once what may stand between letters is passed over (a
 * look-alike may also stand for its letter). */
static int short_whole(const unsigned char *s, size_t n, const unsigned char *u, size_t m)
{
	for (int back = 0; back < 2; back++) {
		unsigned reach = 1; /* bit j: u's first j characters matched */
		for (size_t i = 0; i < n && reach; i++) {
			unsigned next = 0;
			for (size_t j = 0; j < m; j++)
				if (reach >> j & 1 && canon_of[s[i]] == u[back ? m - 1 - j : j] &&
				    s[i] != 0)
					next |= 1u << (j + 1);
			reach = next | (skip_of[s[i]] ? reach : 0);
		}
		if (reach >> m & 1)
			return 1;
	}
	return 0;
}

/* The password's ASCII letters are the name's, forwards or backwards. */
static int short_letters(const unsigned char *s, size_t n, const unsigned char *letter,
                         size_t letters)
{
	if (letters == 0 || letters > 2)
		return 0;
	for (int back = 0; back < 2; back++) {
		size_t j = 0;
		int same = 1;
		for (size_t i = 0; i < n && same; i++) {
			if (!ascii_letter(s[i]))
				continue;
			same = j < letters && canon_of[s[i]] == letter[back ? letters - 1 - j : j];
			j++;
		}
		if (same && j == letters)
			return 1;
	}
	return 0;
}

int pwpol__name_search_bytes(const struct pwpol__name_masks *k, const unsigned char *b, size_t n)
{
	/* A name of one or two characters would be found in far too many
	 * passwords: it is found as the whole password, or as all of its
	 * letters. */
	if (k->short_name)
		return short_whole(b, n, k->u, k->m) || short_letters(b, n, k->letter, k->letters);
	uint64_t state = 0, seen = 0;
	for (size_t i = 0; i < n; i++) {
		uint64_t adv = ((state << 1) | k->start) & k->bit[b[i]];
		/* Passed over (a/d/m/i/n), or matched: both are kept. */
		state = adv | (state & skip_of[b[i]]);
		seen |= state;
	}
	return (seen & k->done) != 0;
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

/* The masks of a username for the two searches below: 0 when the name is
 * not for them (not printable ASCII, too long for one shift-and word). */
static int reduced_masks(const char *username, size_t *m, struct pwpol__name_masks *own,
                         const struct pwpol__name_masks **k)
{
	size_t ulen;
	if (same_as_last_name(username, &ulen)) {
		*m = last_name.m;
		*k = last_name.kp;
	} else {
		ulen = strnlen(username, PWPOL_INPUT_MAX + 1);
		if (ulen > PWPOL_INPUT_MAX || !name_masks(username, ulen, m, own, k))
			return 0;
	}
	return *m == 0 || *k != NULL;
}

int pwpol__name_in_reduced(const char *username, const int32_t *cp, size_t n, int *found)
{
	size_t m;
	struct pwpol__name_masks own;
	const struct pwpol__name_masks *k;
	if (!reduced_masks(username, &m, &own, &k))
		return 0;
	*found = 0;
	if (m == 0)
		return 1; /* nothing of the name is compared */
	uint64_t present = 0;
	for (size_t i = 0; i < n; i++)
		present |= k->bit[cp[i] >= 0 && cp[i] < 0x80 ? cp[i] : 0];
	if (!pwpol__name_present(k, present))
		return 1;
	/* The reduced code points as bytes (ASCII, else 0, which matches no
	 * character of an ASCII name): a copy of the password, wiped. */
	unsigned char local[PWPOL_INPUT_MAX], *b = n <= sizeof local ? local : malloc(n);
	if (!b)
		return 0; /* the general path's own search says it */
	for (size_t i = 0; i < n; i++)
		b[i] = cp[i] >= 0 && cp[i] < 0x80 ? (unsigned char)cp[i] : 0;
	*found = pwpol__name_search_bytes(k, b, n);
	pwpol_wipe(b, n);
	if (b != local)
		free(b);
	return 1;
}

const struct pwpol__name_masks *pwpol__name_masks_kept(const char *username, size_t *m)
{
	struct pwpol__name_masks own;
	const struct pwpol__name_masks *k;
	if (!reduced_masks(username, m, &own, &k) || (k && k != &last_name.k))
		return NULL; /* not printable ASCII, or not kept (too long) */
	return *m == 0 ? &last_name.k : k;
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

/* Input for the general path (not printable ASCII, an input error). */
#define GENERAL ((enum pwpol_status)0x101)

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

/* The whole check of printable-ASCII input, or GENERAL. */
static inline __attribute__((always_inline)) enum pwpol_status
check_ascii(const pwpol_policy *p, const char *pw, size_t len, const char *username,
            const char *old, size_t oldlen, pwpol_report *r)
{
	const unsigned char *s = (const unsigned char *)pw;
	/* The general path reports every input error. */
	if (!pw || len == 0 || len > PWPOL_INPUT_MAX)
		return GENERAL;
	long changes = 0;
	if (old) {
		if (oldlen == 0 || oldlen > PWPOL_INPUT_MAX || !printable_ascii(old, oldlen))
			return GENERAL;
		changes =
		    ascii_changes(pw, len, old, oldlen, p->v[PWPOL_OPT_MINIMUM_CHARACTER_CHANGES]);
	}
	struct pwpol__name_masks masks;
	const struct pwpol__name_masks *k = NULL;
	size_t ulen = 0, m = 0;
	if (username && *username && p->v[PWPOL_OPT_USERNAME_CHECK]) {
		if (same_as_last_name(username, &ulen)) {
			m = last_name.m;
			k = last_name.kp;
		} else {
			ulen = strnlen(username, PWPOL_INPUT_MAX + 1);
			if (ulen > PWPOL_INPUT_MAX || !name_masks(username, ulen, &m, &masks, &k))
				return GENERAL;
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
			return old ? GENERAL : lean_or_general(p, pw, len, username, k, m, r);
		return judge(p, &sh, found, old != NULL, changes, r);
	}
	if (m > SHIFT_AND_MAX)
		return GENERAL; /* a name that long: the general path's search */
	if (!(len > SHORT_MAX ? gather_ascii(s, len, k, &st, &found)
	                      : gather_short(p, s, len, k, k != NULL, 1, &st, &found)))
		return GENERAL;
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
	if (st == GENERAL)
		st = not_ascii(p, pw, len, username, old, oldlen, r);
	if (p->str[PWPOL_OPT_BLOCKLIST])
		st = pwpol__later_rules(p, pw, len, username, st, r);
	return st;
}
