/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * name-search.c - the username search every path of pwpol_check() shares:
 * a printable-ASCII name as shift-and masks over the password's bytes
 * (kept per thread for the last name asked), searched for in bytes or in
 * the general path's reduced code points. Below all three paths
 * (quality-ascii.c, quality-lean.c, quality.c), which each call down to it.
 */
#include "quality.h"

#include <stdlib.h>
#include <string.h>

static unsigned char canon_of[256], separator_of[256], name_drops_of[256];
/* skip_of[b]: all ones for a byte a password may hold between the name's
 * letters (skippable()), 0 for every other byte. */
static uint64_t skip_of[256];

__attribute__((constructor)) static void make_tables(void)
{
	for (int b = 0x20; b < 0x7f; b++) {
		separator_of[b] = (unsigned char)separator(b);
		name_drops_of[b] = (unsigned char)name_drops(b);
		canon_of[b] = (unsigned char)canon(b);
		skip_of[b] = skippable(b) ? ~(uint64_t)0 : 0;
	}
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
/* SHIFT_AND_MAX: quality.h. */

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
/* NAME_CACHE_MAX and the cache: quality.h, for the ASCII path's look. */

_Thread_local struct pwpol__last_name pwpol__last_name;
#define last_name pwpol__last_name

int pwpol__name_masks(const char *username, size_t len, size_t *m, struct pwpol__name_masks *own,
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
		if (b < 0x20 || b > 0x7e)
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

/* The masks of a username for the two searches below: 0 when the name is
 * not for them (not printable ASCII, too long for one shift-and word). */
static int reduced_masks(const char *username, size_t *m, struct pwpol__name_masks *own,
                         const struct pwpol__name_masks **k)
{
	size_t ulen;
	if (pwpol__same_as_last_name(username, &ulen)) {
		*m = last_name.m;
		*k = last_name.kp;
	} else {
		ulen = strnlen(username, PWPOL_INPUT_MAX + 1);
		if (ulen > PWPOL_INPUT_MAX || !pwpol__name_masks(username, ulen, m, own, k))
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
