/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * bench_instr.c - the candidates that bench/instructions.sh counts the
 * instructions of, under callgrind: N calls of pwpol_check (ssr profile,
 * every rule on, as in bench_check.c) on candidates made from a fixed seed.
 *
 * Usage: bench_instr KIND N
 *   KIND  ascii      12 printable-ASCII bytes (upper, lower, digits, a symbol), user alice
 *         ascii-nouser  the same without a username
 *         nonascii   12 characters, 3 of them Latin-1 letters (2 bytes each), user alice
 * Prints the number of candidates accepted, so the calls cannot be dropped.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pwpol.h"

static unsigned long long seed = 0x9e3779b97f4a7c15ULL;

static unsigned next(unsigned n)
{
	seed ^= seed << 13;
	seed ^= seed >> 7;
	seed ^= seed << 17;
	return (unsigned)(seed % n);
}

static void ascii12(char *out)
{
	static const char *const sets[] = {"ABCDEFGHIJKLMNOPQRSTUVWXYZ",
	                                   "abcdefghijklmnopqrstuvwxyz", "0123456789",
	                                   "!#$%&*+-.:;=?@^_~"};
	for (int i = 0; i < 12; i++) {
		/* Mostly letters, as typed passwords are. */
		unsigned r = next(10);
		const char *set = sets[r < 2 ? 0 : r < 7 ? 1 : r < 9 ? 2 : 3];
		out[i] = set[next((unsigned)strlen(set))];
	}
	out[12] = 0;
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: bench_instr ascii|ascii-nouser|nonascii N\n");
		return 2;
	}
	const char *kind = argv[1];
	long n = atol(argv[2]);
	pwpol_policy *p;
	pwpol_report *r;
	if (pwpol_policy_new(&p, "ssr") != PWPOL_OK || pwpol_report_new(&r) != PWPOL_OK)
		return 1;
	pwpol_policy_set(p, PWPOL_OPT_MAXIMUM_LENGTH, 128);
	pwpol_policy_set(p, PWPOL_OPT_MINIMUM_CHANGES, 3);
	const char *user = strcmp(kind, "ascii-nouser") == 0 ? NULL : "alice";
	int nonascii = strcmp(kind, "nonascii") == 0;
	/* The candidates are made first, so only the checks are counted. */
	char(*c)[32] = calloc((size_t)n + 1, sizeof *c);
	size_t *len = calloc((size_t)n + 1, sizeof *len);
	if (!c || !len)
		return 1;
	static const char *const latin[] = {"\xc3\xa9", "\xc3\xbc", "\xc3\x9f", "\xc3\xb1",
	                                    "\xc3\x85"};
	for (long i = 0; i < n; i++) {
		char a[13];
		ascii12(a);
		if (!nonascii) {
			memcpy(c[i], a, 13);
			len[i] = 12;
			continue;
		}
		size_t o = 0;
		for (int j = 0; j < 12; j++) {
			if (j % 4 == 1) {
				memcpy(c[i] + o, latin[next(5)], 2);
				o += 2;
			} else {
				c[i][o++] = a[j];
			}
		}
		len[i] = o;
	}
	long ok = 0;
	for (long i = 0; i < n; i++)
		ok += pwpol_check(p, c[i], len[i], user, NULL, 0, r) == PWPOL_OK;
	printf("%ld of %ld accepted\n", ok, n);
	pwpol_report_free(r);
	pwpol_policy_free(p);
	free(c);
	free(len);
	return 0;
}
