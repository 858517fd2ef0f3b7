/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * score.c - zxcvbn's estimate of a password (`check --score`, the
 * `minimum-score` statement): the score 0..4, the guesses as bits, and the
 * patterns that made it guessable (a dictionary word, a keyboard walk, a
 * date), from Debian's libzxcvbn (zxcvbn-c, with its dictionary built in).
 *
 * libzxcvbn is opened with dlopen at the first score asked for, not linked:
 * it is 1.4 MB of dictionary, and the PAM module (issue 26: light) links
 * this library into every process that authenticates. A policy without
 * minimum-score never loads it; one with it loads it in the process that
 * checks a new password, and a machine without libzxcvbn0 gets no verdict
 * (ESYSTEM) rather than a rule silently skipped; the commit check says so
 * first (pwpol__score_available).
 */
#include "rules.h"

#include <dlfcn.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* zxcvbn.h's match list, as libzxcvbn.so.0 lays it out (the header is not
 * needed to build: the library is opened at run time). */
enum zxc_type {
	ZXC_BRUTE = 1,
	ZXC_DICTIONARY,
	ZXC_DICT_LEET,
	ZXC_USER,
	ZXC_USER_LEET,
	ZXC_REPEATS,
	ZXC_SEQUENCE,
	ZXC_SPATIAL,
	ZXC_DATE,
	ZXC_YEAR,
	ZXC_LONG_PWD,
	ZXC_MULTIPLE = 32
};

struct zxc_match {
	int begin, length;
	double entropy, multi_entropy;
	int type;
	struct zxc_match *next;
};

#define ZXCVBN_SONAME "libzxcvbn.so.0"

static struct {
	double (*match)(const char *pw, const char *user_dict[], struct zxc_match **info);
	void (*free_info)(struct zxc_match *info);
	int tried, ok;
} zx;
static pthread_once_t zx_once = PTHREAD_ONCE_INIT;

static void zx_open(void)
{
	void *h = dlopen(ZXCVBN_SONAME, RTLD_NOW | RTLD_LOCAL);
	zx.tried = 1;
	if (!h)
		return;
	*(void **)&zx.match = dlsym(h, "ZxcvbnMatch");
	*(void **)&zx.free_info = dlsym(h, "ZxcvbnFreeInfo");
	zx.ok = zx.match && zx.free_info;
}

int pwpol__score_available(void)
{
	pthread_once(&zx_once, zx_open);
	return zx.ok;
}

static const char *const pattern_names[PWPOL_PATTERN_COUNT] = {
    [PWPOL_PATTERN_DICTIONARY] = "dictionary word",
    [PWPOL_PATTERN_DICTIONARY_LEET] = "dictionary word with substitutions",
    [PWPOL_PATTERN_USERNAME] = "username",
    [PWPOL_PATTERN_REPEAT] = "repetition",
    [PWPOL_PATTERN_SEQUENCE] = "sequence",
    [PWPOL_PATTERN_KEYBOARD] = "keyboard walk",
    [PWPOL_PATTERN_DATE] = "date",
    [PWPOL_PATTERN_YEAR] = "year",
};

const char *pwpol_pattern_name(enum pwpol_pattern k)
{
	return (unsigned)k < PWPOL_PATTERN_COUNT ? pattern_names[k] : NULL;
}

static int pattern_of(int type, enum pwpol_pattern *k)
{
	switch (type & ~ZXC_MULTIPLE) {
	case ZXC_DICTIONARY: *k = PWPOL_PATTERN_DICTIONARY; return 1;
	case ZXC_DICT_LEET: *k = PWPOL_PATTERN_DICTIONARY_LEET; return 1;
	case ZXC_USER:
	case ZXC_USER_LEET: *k = PWPOL_PATTERN_USERNAME; return 1;
	case ZXC_REPEATS: *k = PWPOL_PATTERN_REPEAT; return 1;
	case ZXC_SEQUENCE: *k = PWPOL_PATTERN_SEQUENCE; return 1;
	case ZXC_SPATIAL: *k = PWPOL_PATTERN_KEYBOARD; return 1;
	case ZXC_DATE: *k = PWPOL_PATTERN_DATE; return 1;
	case ZXC_YEAR: *k = PWPOL_PATTERN_YEAR; return 1;
	default: return 0; /* random characters: no pattern */
	}
}

/* zxcvbn's score from its guesses (zxcvbn's guesses_to_score): under 10^3
 * guesses 0, 10^6 1, 10^8 2, 10^10 3, else 4. */
static int score_of(double bits)
{
	double log10_guesses = bits * log10(2.0);
	return log10_guesses < 3    ? 0
	       : log10_guesses < 6  ? 1
	       : log10_guesses < 8  ? 2
	       : log10_guesses < 10 ? 3
	                            : 4;
}

enum pwpol_status pwpol_score(const char *pw, size_t len, const char *username,
                              struct pwpol_score *caller)
{
	if (!pw || !pwpol__struct_ok(caller) || len > PWPOL_INPUT_MAX || memchr(pw, '\0', len))
		return PWPOL_EINVAL;
	/* Filled in the library's layout, handed over as far as the caller's
	 * size says (abi.c). */
	struct pwpol_score sc = PWPOL_SCORE_INIT(), *out = &sc;
	PWPOL__OUT(caller, out);
	if (!pwpol__score_available())
		return PWPOL_ESYSTEM;
	char *copy = malloc(len + 1);
	if (!copy)
		return PWPOL_ENOMEM;
	memcpy(copy, pw, len);
	copy[len] = '\0';
	const char *dict[] = {username && *username ? username : NULL, NULL};
	struct zxc_match *info = NULL;
	double bits = zx.match(copy, dict, &info);
	pwpol_wipe(copy, len);
	free(copy);
	out->bits = bits;
	out->score = score_of(bits);
	for (struct zxc_match *m = info; m && out->npatterns < PWPOL_SCORE_PATTERNS; m = m->next) {
		enum pwpol_pattern k;
		if (!pattern_of(m->type, &k))
			continue;
		out->pattern[out->npatterns].kind = k;
		out->pattern[out->npatterns].begin = m->begin;
		out->pattern[out->npatterns].length = m->length;
		out->npatterns++;
	}
	zx.free_info(info);
	return PWPOL__OUT(caller, out);
}

/* ---- the estimate in words ------------------------------------------------ */

/* How long zxcvbn's guesses take an attacker who holds the password's
 * hash: zxcvbn's own figure for a slow hash (its
 * offline_slow_hashing_1e4_per_second), sha512-crypt's kind. The units and
 * their rounding are zxcvbn's display_time. */
#define GUESSES_PER_SECOND 1e4

enum span {
	SPAN_INSTANT,
	SPAN_SECOND,
	SPAN_MINUTE,
	SPAN_HOUR,
	SPAN_DAY,
	SPAN_MONTH,
	SPAN_YEAR,
	SPAN_CENTURIES,
	SPAN_COUNT
};

static const struct {
	double seconds; /* the unit */
	const char *message;
} spans[SPAN_COUNT] = {
    [SPAN_INSTANT] = {1, N_("score {score} of 4 ({bits} bits): guessed in less than a second "
                            "at 10,000 guesses a second")},
    [SPAN_SECOND] = {1, N_("score {score} of 4 ({bits} bits): guessed in about {count} "
                           "{second|seconds} at 10,000 guesses a second")},
    [SPAN_MINUTE] = {60, N_("score {score} of 4 ({bits} bits): guessed in about {count} "
                            "{minute|minutes} at 10,000 guesses a second")},
    [SPAN_HOUR] = {3600, N_("score {score} of 4 ({bits} bits): guessed in about {count} "
                            "{hour|hours} at 10,000 guesses a second")},
    [SPAN_DAY] = {86400, N_("score {score} of 4 ({bits} bits): guessed in about {count} "
                            "{day|days} at 10,000 guesses a second")},
    [SPAN_MONTH] = {86400.0 * 31, N_("score {score} of 4 ({bits} bits): guessed in about "
                                     "{count} {month|months} at 10,000 guesses a second")},
    [SPAN_YEAR] = {86400.0 * 31 * 12, N_("score {score} of 4 ({bits} bits): guessed in about "
                                         "{count} {year|years} at 10,000 guesses a second")},
    [SPAN_CENTURIES] = {86400.0 * 31 * 12 * 100,
                        N_("score {score} of 4 ({bits} bits): resists centuries of guessing "
                           "at 10,000 guesses a second")},
};

static enum span span_of(const struct pwpol_score *sc, long *count)
{
	/* bits is log2 of the guesses; past 2^1000 the figure means nothing */
	double seconds = exp2(sc->bits < 1000 ? sc->bits : 1000) / GUESSES_PER_SECOND;
	enum span s = SPAN_INSTANT;
	if (seconds >= spans[SPAN_CENTURIES].seconds)
		s = SPAN_CENTURIES;
	else if (seconds >= 1)
		for (s = SPAN_YEAR; s > SPAN_SECOND && seconds < spans[s].seconds; s--)
			;
	*count = s == SPAN_INSTANT || s == SPAN_CENTURIES ? 0 : lround(seconds / spans[s].seconds);
	return s;
}

const char *pwpol_score_template(const struct pwpol_score *sc)
{
	struct pwpol_score in;
	long count;
	/* Read within the caller's size, as every growing struct is (abi.c). */
	if (!sc || PWPOL__IN(&in, sc) != PWPOL_OK)
		return NULL;
	return spans[span_of(&in, &count)].message;
}

int pwpol_score_message_from(const struct pwpol_score *sc, const char *template, char *buf,
                             size_t len)
{
	struct pwpol_score in;
	if (!sc || !template || PWPOL__IN(&in, sc) != PWPOL_OK)
		return snprintf(buf, len, "no score");
	static const char *const names[] = {"score", "bits", "count"};
	long values[3] = {in.score, lround(in.bits), 0};
	span_of(&in, &values[2]);
	return pwpol__fill(template, names, values, 3, buf, len);
}

int pwpol_score_message(const struct pwpol_score *sc, char *buf, size_t len)
{
	return pwpol_score_message_from(sc, pwpol_score_template(sc), buf, len);
}
