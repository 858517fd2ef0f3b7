/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * bench_blocklist.c - the `blocklist` lookup (pwpol_check with a passwdqc
 * filter) beside libpwquality's cracklib check (pwquality_check with its
 * default dictionary), for bench/blocklist.sh.
 *
 * Usage:
 *   bench_blocklist gen N          N random passwords, one a line (the
 *                                  filter's entries, from a fixed seed)
 *   bench_blocklist run FILTER ENTRIES N ROUNDS
 *                                  lookups/s of each engine, alternated
 *                                  round by round: N candidates a round, one
 *                                  in 16 taken from the filter's entries (so
 *                                  listed), the others new; prints one
 *                                  RESULT line with medians (min-max).
 * pwquality runs with minlen 6 and its other defaults (dictcheck 1), so
 * every candidate (12 to 16 random printable characters) reaches cracklib.
 */
#include <pwquality.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pwpol.h"

/* splitmix64: the same stream for gen and for the listed candidates. */
static unsigned long long next(unsigned long long *s)
{
	unsigned long long z = (*s += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* A password of 12 to 16 characters from the printable ASCII letters,
 * digits and a few symbols (no space, so a line is the whole password). */
static size_t password(unsigned long long *s, char *out)
{
	static const char set[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#%&*+-=?@";
	size_t n = 12 + next(s) % 5;
	for (size_t i = 0; i < n; i++)
		out[i] = set[next(s) % (sizeof set - 1)];
	out[n] = 0;
	return n;
}

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

#define SEED_LISTED 0x5eed0001ULL
#define SEED_NEW    0x5eed0002ULL

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "gen") == 0) {
		unsigned long long s = SEED_LISTED;
		long n = atol(argv[2]);
		char pw[32];
		for (long i = 0; i < n; i++) {
			password(&s, pw);
			puts(pw);
		}
		return 0;
	}
	if (argc != 6 || strcmp(argv[1], "run") != 0) {
		fprintf(stderr, "usage: bench_blocklist gen N | run FILTER ENTRIES N ROUNDS\n");
		return 2;
	}
	const char *filter = argv[2];
	long entries = atol(argv[3]), n = atol(argv[4]), rounds = atol(argv[5]);
	if (n < 1 || rounds < 1 || rounds > 99)
		return 2;
	char(*c)[32] = calloc((size_t)n, sizeof *c);
	size_t *len = calloc((size_t)n, sizeof *len);
	if (!c || !len)
		return 1;
	unsigned long long sl = SEED_LISTED, sn = SEED_NEW;
	long listed = 0;
	for (long i = 0; i < n; i++) {
		/* The listed ones are the filter's first entries, in order. */
		if (i % 16 == 0 && listed < entries) {
			len[i] = password(&sl, c[i]);
			listed++;
		} else {
			len[i] = password(&sn, c[i]);
		}
	}

	pwpol_policy *p;
	pwpol_report *r;
	if (pwpol_policy_new(&p, "ssr") != PWPOL_OK || pwpol_report_new(&r) != PWPOL_OK ||
	    pwpol_policy_set_string(p, PWPOL_OPT_BLOCKLIST, filter) != PWPOL_OK)
		return 1;
	pwquality_settings_t *q = pwquality_default_settings();
	if (!q || pwquality_set_int_value(q, PWQ_SETTING_MIN_LENGTH, 6) != 0)
		return 1;

	double tp[99], tq[99];
	long hits_p = 0, hits_q = 0, errors = 0;
	for (long k = 0; k < rounds; k++) {
		for (int e = 0; e < 2; e++) {
			int which = (int)((k + e) % 2); /* each round starts with the next engine */
			long hits = 0;
			double t0 = now();
			for (long i = 0; i < n; i++) {
				if (which == 0) {
					enum pwpol_status st =
					    pwpol_check(p, c[i], len[i], NULL, NULL, 0, r);
					if (st != PWPOL_OK && st != PWPOL_REJECTED)
						errors++;
					for (size_t f = 0; f < pwpol_report_count(r); f++)
						hits += pwpol_report_get(r, f)->rule ==
						        PWPOL_RULE_BLOCKLIST;
				} else {
					int rc = pwquality_check(q, c[i], NULL, NULL, NULL);
					hits += rc == PWQ_ERROR_CRACKLIB_CHECK;
				}
			}
			double t = now() - t0;
			if (which == 0) {
				tp[k] = n / t;
				hits_p = hits;
			} else {
				tq[k] = n / t;
				hits_q = hits;
			}
		}
	}
	qsort(tp, (size_t)rounds, sizeof *tp, cmp);
	qsort(tq, (size_t)rounds, sizeof *tq, cmp);
	double mp = tp[rounds / 2], mq = tq[rounds / 2];
	printf("RESULT blocklist entries=%ld candidates=%ld rounds=%ld pwpol_lookups_per_s=%.0f "
	       "(%.0f-%.0f) cracklib_checks_per_s=%.0f (%.0f-%.0f) ratio=%.1f "
	       "pwpol_listed=%ld of %ld cracklib_refused=%ld errors=%ld\n",
	       entries, n, rounds, mp, tp[0], tp[rounds - 1], mq, tq[0], tq[rounds - 1], mp / mq,
	       hits_p, listed, hits_q, errors);
	pwquality_free_settings(q);
	pwpol_report_free(r);
	pwpol_policy_free(p);
	free(c);
	free(len);
	return errors ? 1 : 0;
}
