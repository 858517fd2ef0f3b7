/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * generate.c - passwords and passphrases made to meet a policy (`pwpol
 * generate`, the web's temporary passwords): drawn from the kernel's random
 * source, kept only if pwpol_check takes them (username rule and blocklist
 * included), with the entropy of the draw stated.
 *
 * A password is drawn from 76 characters (letters, digits and 14
 * punctuation marks that need no quoting in a shell and are not the ':' of
 * chpasswd's lines), at least 16 of them (or the effective minimum length),
 * with each class minimum drawn first from its class and the whole shuffled.
 * A passphrase is libpasswdqc's passwdqc_random: words of the word list
 * libpasswdqc ships (4096 words), with separators and capitals, 64 bits.
 * The policy decides, never this file: a draw it refuses is thrown away
 * (wiped) and another is drawn, a bounded number of times.
 */
#include "rules.h"

#include <errno.h>
#include <math.h>
#include <passwdqc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

static const char upper[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
static const char lower[] = "abcdefghijklmnopqrstuvwxyz";
static const char digits[] = "0123456789";
static const char punct[] = "!#%+,-./=?@^_~";

/* The length of a password when the policy asks for less: 16 of 76
 * characters are 99 bits. */
#define GENERATE_LENGTH 16
/* A passphrase's bits (passwdqc_random's `random=`; pwqgen's default is 47). */
#define PASSPHRASE_BITS 64
/* Draws the policy may refuse before we give up: a policy no draw can meet
 * (a minimum-changes of 5 character sets asks for a character outside
 * ASCII; a maximum-length below a passphrase) is said, not looped on. */
#define GENERATE_TRIES 1000

/* Random bytes from getrandom(2), taken a buffer at a time and wiped at the
 * end: they are the password. */
struct rng {
	unsigned char b[256];
	size_t pos;
};

static enum pwpol_status rng_byte(struct rng *g, unsigned char *out)
{
	if (g->pos == 0 || g->pos >= sizeof g->b) {
		size_t got = 0;
		while (got < sizeof g->b) {
			ssize_t k = getrandom(g->b + got, sizeof g->b - got, 0);
			if (k < 0 && errno == EINTR)
				continue;
			if (k <= 0)
				return PWPOL_ESYSTEM;
			got += (size_t)k;
		}
		g->pos = 0;
	}
	*out = g->b[g->pos++];
	return PWPOL_OK;
}

/* Uniform in 0..n-1 (n <= 256): bytes above the last whole multiple of n
 * are drawn again, so that no character is likelier than another. */
static enum pwpol_status rng_below(struct rng *g, size_t n, size_t *out)
{
	size_t limit = 256 - 256 % n;
	unsigned char c;
	do {
		enum pwpol_status st = rng_byte(g, &c);
		if (st != PWPOL_OK)
			return st;
	} while (c >= limit);
	*out = c % n;
	return PWPOL_OK;
}

static enum pwpol_status pick(struct rng *g, const char *set, char *out)
{
	size_t i = 0;
	enum pwpol_status st = rng_below(g, strlen(set), &i);
	*out = set[i];
	return st;
}

/* The classes a draw holds at least its minimum of, in the order of the
 * four minimum statements. */
static const struct {
	enum pwpol_opt opt;
	const char *set;
} classes[] = {{PWPOL_OPT_MINIMUM_UPPER_CASES, upper},
               {PWPOL_OPT_MINIMUM_LOWER_CASES, lower},
               {PWPOL_OPT_MINIMUM_NUMERICS, digits},
               {PWPOL_OPT_MINIMUM_PUNCTUATIONS, punct}};
#define NCLASSES (sizeof classes / sizeof classes[0])

/* One draw of len characters into out; *bits: its entropy, counted low
 * (the shuffle of the class minimums adds some, not counted). */
static enum pwpol_status draw_password(const pwpol_policy *p, struct rng *g, char *out, size_t len,
                                       double *bits)
{
	char all[sizeof upper + sizeof lower + sizeof digits + sizeof punct];
	snprintf(all, sizeof all, "%s%s%s%s", upper, lower, digits, punct);
	size_t n = 0;
	double b = 0;
	enum pwpol_status st = PWPOL_OK;
	for (size_t c = 0; c < NCLASSES && st == PWPOL_OK; c++) {
		long need = pwpol_policy_get(p, classes[c].opt);
		for (long k = 0; k < need && n < len && st == PWPOL_OK; k++) {
			st = pick(g, classes[c].set, &out[n++]);
			b += log2((double)strlen(classes[c].set));
		}
	}
	while (n < len && st == PWPOL_OK) {
		st = pick(g, all, &out[n++]);
		b += log2((double)strlen(all));
	}
	/* Fisher-Yates: the class minimums anywhere. */
	for (size_t i = len; i > 1 && st == PWPOL_OK; i--) {
		size_t j = 0;
		st = rng_below(g, i, &j);
		char t = out[i - 1];
		out[i - 1] = out[j];
		out[j] = t;
	}
	out[len] = '\0';
	*bits = b;
	return st;
}

/* A passphrase of passwdqc_random into out (outlen bytes). */
static enum pwpol_status draw_passphrase(const passwdqc_params_t *qc, char *out, size_t outlen,
                                         size_t *len)
{
	char *s = pwpol__qc()->random(&qc->qc); /* qc was made: it was loaded */
	if (!s)
		return PWPOL_ESYSTEM;
	size_t n = strlen(s);
	enum pwpol_status st = n < outlen ? PWPOL_OK : PWPOL_EINVAL;
	if (st == PWPOL_OK) {
		memcpy(out, s, n + 1);
		*len = n;
	}
	pwpol_wipe(s, n);
	free(s);
	return st;
}

static enum pwpol_status passphrase_params(passwdqc_params_t *qc)
{
	char bits[32];
	snprintf(bits, sizeof bits, "random=%d", PASSPHRASE_BITS);
	const char *argv[] = {bits, "max=10000"};
	char *reason = NULL;
	const struct pwpol__qc *q = pwpol__qc();
	if (!q)
		return PWPOL_ESYSTEM;
	q->reset(qc);
	if (q->parse(qc, &reason, 2, argv)) {
		free(reason);
		return PWPOL_ESYSTEM;
	}
	return PWPOL_OK;
}

enum pwpol_status pwpol_generate(const pwpol_policy *p, const char *username, int passphrase,
                                 char *out, size_t outlen, int *bits, pwpol_report *r)
{
	if (!p || !out || !bits || !r)
		return PWPOL_EINVAL;
	long len = pwpol_policy_effective_minimum_length(p);
	long maxlen = pwpol_policy_get(p, PWPOL_OPT_MAXIMUM_LENGTH);
	if (len < GENERATE_LENGTH)
		len = GENERATE_LENGTH;
	if (maxlen && len > maxlen)
		len = maxlen;
	if (!passphrase && (size_t)len >= outlen)
		return PWPOL_EINVAL;
	passwdqc_params_t qc;
	if (passphrase && passphrase_params(&qc) != PWPOL_OK)
		return PWPOL_ESYSTEM;
	struct rng g = {.pos = 0};
	enum pwpol_status st = PWPOL_REJECTED;
	for (int t = 0; t < GENERATE_TRIES; t++) {
		size_t n = (size_t)len;
		double b = PASSPHRASE_BITS;
		enum pwpol_status d = passphrase ? draw_passphrase(&qc, out, outlen, &n)
		                                 : draw_password(p, &g, out, n, &b);
		if (d != PWPOL_OK) {
			st = d;
			break;
		}
		st = pwpol_check(p, out, n, username, NULL, 0, r);
		if (st == PWPOL_OK) {
			*bits = (int)floor(b);
			break;
		}
		pwpol_wipe(out, n);
		if (st != PWPOL_REJECTED && st != PWPOL_EINVAL)
			break; /* no verdict (the blocklist unreadable): no password */
	}
	if (st != PWPOL_OK)
		pwpol_wipe(out, outlen);
	pwpol_wipe(&g, sizeof g);
	if (passphrase)
		pwpol__qc()->free(&qc);
	return st == PWPOL_EINVAL ? PWPOL_REJECTED : st;
}
