/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * quality.h - what the two paths of pwpol_check() share (quality.c, the
 * general path over decoded text; quality-ascii.c, printable ASCII over its
 * bytes): the figures one pass gathers, the judgement of them against the
 * policy, and the username's canonical form. The judgement is here, inline,
 * so that both paths give the same findings in the same order by
 * construction, and the ASCII path keeps its figures in registers.
 */
#ifndef PWPOL_QUALITY_H
#define PWPOL_QUALITY_H

#include "rules.h"

#include <string.h>

/* quality.c: the rules that read the password again after either path has
 * judged it (the blocklist), when the policy has any; st is that verdict. */
enum pwpol_status pwpol__later_rules(const pwpol_policy *p, const char *pw, size_t len,
                                     const char *username, enum pwpol_status st, pwpol_report *r);

/* minimum-character-changes: the edit distance (insert, delete,
 * substitute) between two sequences of n and m units, held to cap:
 * min(distance, cap), which is all the rule needs (a figure at or above
 * its minimum breaks nothing). eq(i, j, ctx): unit i of the first equals
 * unit j of the second. Only cells within cap of the diagonal are worked
 * (a distance is never less than how far off it they are): n * (2 cap + 1)
 * comparisons at most, in two rows of 2 cap + 3 cells. */
#define EDIT_CAP_MAX 255 /* above any minimum-character-changes */
long pwpol__edit_distance(size_t n, size_t m, long cap,
                          int (*eq)(size_t i, size_t j, const void *ctx), const void *ctx);

/* name-search.c: is the printable-ASCII username in the password's
 * reduced code points (cp, n: pwpol__text_reduce's, separators and all)?
 * 1 with *found; 0 when the name is not for it (not printable ASCII, or
 * too long): then ask holds_username. */
int pwpol__name_in_reduced(const char *username, const int32_t *cp, size_t n, int *found);

/* The username as shift-and masks over password bytes (name-search.c
 * says how they are read): in bit[b], the characters of the parts searched
 * that byte b matches, each part forwards then each backwards. */
#define NAME_PARTS_MAX 16
struct pwpol__name_masks {
	uint64_t bit[256]; /* by password byte; 0 for every byte not printable */
	uint64_t start, done;
	/* The presence test: some part's characters, forwards, all there.
	 * every is the first part's (0 for a short name: always searched). */
	uint64_t every;
	uint64_t part[NAME_PARTS_MAX];
	size_t parts;
	size_t m; /* compared characters of the whole name */
	/* A name of one or two compared characters (pwpol__name_found):
	 * them, canonical, and its letters. */
	int short_name;
	unsigned char u[2], letter[2];
	size_t letters;
};

/* Some part of the name can be in a password whose bytes match present. */
static inline int pwpol__name_present(const struct pwpol__name_masks *k, uint64_t present)
{
	if ((present & k->every) == k->every)
		return 1;
	for (size_t i = 1; i < k->parts; i++)
		if ((present & k->part[i]) == k->part[i])
			return 1;
	return 0;
}

/* The longest name (compared characters) one shift-and word holds. */
#define SHIFT_AND_MAX 32
/* The last name's masks, kept per thread (name-search.c): a stream of
 * checks for one user builds them once. Hidden, so that the ASCII path's
 * look at it costs what a variable of its own file would. */
#define NAME_CACHE_MAX 64
struct pwpol__last_name {
	char name[NAME_CACHE_MAX + 1]; /* NUL-terminated */
	size_t len, m;
	const struct pwpol__name_masks *kp; /* &k, or NULL when m is 0 or too long */
	struct pwpol__name_masks k;
};
extern _Thread_local struct pwpol__last_name pwpol__last_name __attribute__((visibility("hidden")));

/* Is the username the one whose masks are kept? strncmp over the kept
 * length and its NUL: it stops at the end of a shorter username, and the
 * username is never measured first. */
static inline int pwpol__same_as_last_name(const char *username, size_t *len)
{
	size_t n = pwpol__last_name.len;
	if (n == 0 || strncmp(username, pwpol__last_name.name, n + 1) != 0)
		return 0;
	*len = n;
	return 1;
}

/* The masks of a printable-ASCII name (len bytes) of 1 to SHIFT_AND_MAX
 * compared characters into *k (the kept ones, or own); 0 if the name is
 * not printable ASCII, with *m its compared characters in every case
 * where it is. */
int pwpol__name_masks(const char *username, size_t len, size_t *m, struct pwpol__name_masks *own,
                      const struct pwpol__name_masks **k);

/* The kept masks of a printable-ASCII username, with *m its compared
 * characters (when *m is 0 the masks are not to be read); NULL when the
 * name is not for them (not printable ASCII, too long to keep or for one
 * shift-and word). Kept per thread until another name is asked. */
const struct pwpol__name_masks *pwpol__name_masks_kept(const char *username, size_t *m);
/* Is the name of k in b (n bytes: reduced code points as bytes, ASCII or
 * 0)? For when pwpol__name_present said it can be. Every path of
 * pwpol_check asks this one search for a name of printable ASCII. */
int pwpol__name_search_bytes(const struct pwpol__name_masks *k, const unsigned char *b, size_t n);

/* quality-lean.c: the check of non-ASCII text whose every code point the
 * lean cache knows (text.h), with no old password; PWPOL__NOT_LEAN when
 * it cannot say (then the general path does, from the start). */
enum pwpol_status pwpol__check_lean(const pwpol_policy *p, const char *pw, size_t len,
                                    const char *username, pwpol_report *r);
/* The same with the username's masks looked up (pwpol__name_masks_kept, or
 * the ASCII path's): k NULL when no name is checked; m its compared
 * characters (k is not read when m is 0). */
enum pwpol_status pwpol__check_lean_masks(const pwpol_policy *p, const char *pw, size_t len,
                                          const struct pwpol__name_masks *k, size_t m,
                                          pwpol_report *r);

/* What one pass over the password finds, in user-perceived characters
 * (extended grapheme clusters, each of the class of its first code point).
 * A figure whose rule the policy leaves off may be left unset. */
struct stats {
	long count[PWPOL__CLASS_COUNT];
	long transitions; /* neighbours of different classes */
	long longest_run; /* identical consecutive characters */
	/* Consecutive characters of one class; -1 when only same_class_pairs
	 * is known (the short path), counted only if a policy asks. */
	long longest_class_run;
	uint64_t same_class_pairs; /* bit 2j: neighbours j, j+1 of one class */
	long length;               /* characters */
};

/* ---- the username's canonical form ----------------------------------- */

/* A code point case-folded, with its look-alike substitution undone: i
 * and l are one letter, which I, 1, ! and | stand for too. Any other code
 * point comes from pwpol__text_reduce, folded already. */
static inline int32_t canon(int32_t c)
{
	if (c >= 'A' && c <= 'Z')
		c += 'a' - 'A';
	if (c >= 'a' && c <= 'z')
		return c == 'l' ? 'i' : c;
	switch (c) {
	case '0': return 'o';
	case '1':
	case '!':
	case '|': return 'i';
	case '3': return 'e';
	case '4': return 'a';
	case '5': return 's';
	case '7': return 't';
	case '@': return 'a';
	case '$': return 's';
	case '(': return 'c';
	}
	return c;
}

/* A character the password may hold between the name's letters and still
 * hold the name (a/d/m/i/n, a+d+m+i+n, a d m i n): any ASCII punctuation
 * or space. One that is a look-alike too (!, |, @, $, () may stand for its
 * letter or be passed over. */
static inline int skippable(int32_t c)
{
	return c >= 0x20 && c < 0x7f && !(c >= '0' && c <= '9') &&
	       !((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

/* An ASCII letter: what a short name's "whole letters" rule reads. */
static inline int ascii_letter(int32_t c)
{
	return (c | 0x20) >= 'a' && (c | 0x20) <= 'z' && c < 0x80 && c >= 0x40;
}

/* Separators a person puts inside a name (john.doe, ad min): where the
 * username is cut into its parts. In the username a `$` is dropped too (a
 * machine account's bob$ is found as bob); in the password it is an s. */
static inline int separator(int32_t c)
{
	return c == '.' || c == '-' || c == '_' || c == ' ';
}

static inline int name_drops(int32_t c)
{
	return separator(c) || c == '$';
}

/* ---- the judgement ----------------------------------------------------- */

static inline void violation(pwpol_report *r, size_t *violations, enum pwpol_rule rule, long need,
                             long have)
{
	pwpol__report_add(r, rule, PWPOL_SEVERITY_ERROR, need, have);
	++*violations;
}

/* A figure found is never negative, so a need of 0 (the rule off) never
 * fires. */
static inline void check_minimum(pwpol_report *r, size_t *violations, enum pwpol_rule rule,
                                 long need, long have)
{
	if (have < need)
		violation(r, violations, rule, need, have);
}

/* The longest run of set bits two apart (bits 0, 2, 4, ...): each step
 * keeps only the bits whose next neighbour is set. */
static inline long longest_pair_run(uint64_t x)
{
	long n = 0;
	for (; x; n++)
		x &= x >> 2;
	return n;
}

/* The findings of the figures s, in the order of the rules, into r:
 * REJECTED if any, else OK. found: the username is in the password; has_old:
 * changes counts the edits from the old password (pwpol__edit_distance). */
static inline __attribute__((always_inline)) enum pwpol_status judge(const pwpol_policy *p,
                                                                     const struct stats *s,
                                                                     int found, int has_old,
                                                                     long changes, pwpol_report *r)
{
	size_t bad = 0;
	long n = s->length;
	/* pwpol_policy_effective_minimum_length, without its call (a tenth
	 * of an ASCII check); test_effective_minimum_length_found holds the two
	 * to the same figure. */
	long need = p->v[PWPOL_OPT_MINIMUM_UPPER_CASES] + p->v[PWPOL_OPT_MINIMUM_LOWER_CASES] +
	            p->v[PWPOL_OPT_MINIMUM_NUMERICS] + p->v[PWPOL_OPT_MINIMUM_PUNCTUATIONS];
	if (p->v[PWPOL_OPT_MINIMUM_LENGTH] > need)
		need = p->v[PWPOL_OPT_MINIMUM_LENGTH];
	check_minimum(r, &bad, PWPOL_RULE_MINIMUM_LENGTH, need, n);
	long maxlen = p->v[PWPOL_OPT_MAXIMUM_LENGTH];
	if (maxlen > 0 && n > maxlen)
		violation(r, &bad, PWPOL_RULE_MAXIMUM_LENGTH, maxlen, n);
	check_minimum(r, &bad, PWPOL_RULE_MINIMUM_UPPER_CASES, p->v[PWPOL_OPT_MINIMUM_UPPER_CASES],
	              s->count[PWPOL__CLASS_UPPER]);
	check_minimum(r, &bad, PWPOL_RULE_MINIMUM_LOWER_CASES, p->v[PWPOL_OPT_MINIMUM_LOWER_CASES],
	              s->count[PWPOL__CLASS_LOWER]);
	check_minimum(r, &bad, PWPOL_RULE_MINIMUM_NUMERICS, p->v[PWPOL_OPT_MINIMUM_NUMERICS],
	              s->count[PWPOL__CLASS_NUMERIC]);
	check_minimum(r, &bad, PWPOL_RULE_MINIMUM_PUNCTUATIONS,
	              p->v[PWPOL_OPT_MINIMUM_PUNCTUATIONS], s->count[PWPOL__CLASS_PUNCTUATION]);
	long changes_need = p->v[PWPOL_OPT_MINIMUM_CHANGES];
	if (changes_need > 0) {
		_Static_assert(PWPOL__CLASS_COUNT == 5, "every class counted below");
		long have = p->v[PWPOL_OPT_CHANGE_TYPE] == PWPOL_CHANGE_TYPE_SET_TRANSITIONS
		                ? s->transitions
		                : (s->count[0] > 0) + (s->count[1] > 0) + (s->count[2] > 0) +
		                      (s->count[3] > 0) + (s->count[4] > 0);
		check_minimum(r, &bad, PWPOL_RULE_MINIMUM_CHANGES, changes_need, have);
	}
	long repeats = p->v[PWPOL_OPT_MAXIMUM_REPEATS];
	if (repeats > 0 && s->longest_run > repeats)
		violation(r, &bad, PWPOL_RULE_MAXIMUM_REPEATS, repeats, s->longest_run);
	long class_repeats = p->v[PWPOL_OPT_MAXIMUM_CLASS_REPEATS];
	if (class_repeats > 0) {
		long have = s->longest_class_run >= 0 ? s->longest_class_run
		                                      : longest_pair_run(s->same_class_pairs) + 1;
		if (have > class_repeats)
			violation(r, &bad, PWPOL_RULE_MAXIMUM_CLASS_REPEATS, class_repeats, have);
	}
	if (found)
		violation(r, &bad, PWPOL_RULE_USERNAME_CHECK, -1, -1);
	if (has_old)
		check_minimum(r, &bad, PWPOL_RULE_MINIMUM_CHARACTER_CHANGES,
		              p->v[PWPOL_OPT_MINIMUM_CHARACTER_CHANGES], changes);
	return bad ? PWPOL_REJECTED : PWPOL_OK;
}

#endif
