/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * bench_answers.c - the time of the three refusals a guesser can provoke,
 * at the library level: a wrong password for a known account, a name that
 * is no account, and an account that is locked. They must not tell each
 * other apart (doc/reliability.md). The three are timed round by round,
 * alternated, so a slow spell of the machine hits all alike.
 *
 * Usage: bench_answers [--change] DB CONFIG REPS KNOWN UNKNOWN LOCKED
 * (--change: a password change with a wrong current password, as `passwd`
 * makes it, instead of a login)
 * Prints `RESULT answers kind=... median_ms=... min_ms=... max_ms=...` and
 * `RESULT answers spread=...` (largest median over smallest, less one).
 */
#include "pwpol.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "timing.h"

int main(int argc, char **argv)
{
	int change = argc > 1 && strcmp(argv[1], "--change") == 0;
	if (change) {
		argv++;
		argc--;
	}
	if (argc != 7) {
		fprintf(stderr, "usage: bench_answers DB CONFIG REPS KNOWN UNKNOWN LOCKED\n");
		return 2;
	}
	int reps = atoi(argv[3]);
	const char *kinds[3] = {"wrong-password", "unknown-account", "locked-account"};
	const char *users[3] = {argv[4], argv[5], argv[6]};
	enum pwpol_status want[3] = {PWPOL_REJECTED, PWPOL_REJECTED, PWPOL_LOCKED};
	char err[512];
	pwpol_store *s = NULL;
	pwpol_policy *p = NULL;
	if (reps < 1 || pwpol_store_open(&s, argv[1], 0, err, sizeof err) != PWPOL_OK ||
	    pwpol_config_load(argv[2], &p, NULL) != PWPOL_OK) {
		fprintf(stderr, "bench_answers: cannot open %s or %s: %s\n", argv[1], argv[2], err);
		return 1;
	}
	double *t = calloc(3 * (size_t)reps, sizeof *t);
	const char *pw = "Wrong#Guess-42";
	for (int i = -1; i < reps; i++) { /* round -1 warms the caches, untimed */
		for (int j = 0; j < 3; j++) {
			double t0 = now_s();
			enum pwpol_status st =
			    change ? pwpol_account_change(s, p, users[j], pw, strlen(pw),
			                                  "N3w#Pass-word42", 15, time(NULL), NULL)
			           : pwpol_account_authenticate(s, p, users[j], pw, strlen(pw),
			                                        time(NULL), NULL);
			double dt = now_s() - t0;
			if (st != want[j]) {
				fprintf(stderr, "bench_answers: %s as %s: %s\n", kinds[j], users[j],
				        pwpol_status_name(st));
				return 1;
			}
			if (i >= 0)
				t[(size_t)j * (size_t)reps + (size_t)i] = dt;
		}
	}
	double med[3];
	for (int j = 0; j < 3; j++) {
		double *v = t + (size_t)j * (size_t)reps;
		med[j] = median(v, (size_t)reps);
		printf("RESULT answers%s kind=%s reps=%d median_ms=%.3f min_ms=%.3f max_ms=%.3f\n",
		       change ? "-change" : "", kinds[j], reps, med[j] * 1e3, v[0] * 1e3,
		       v[reps - 1] * 1e3);
	}
	double lo = med[0], hi = med[0];
	for (int j = 1; j < 3; j++) {
		lo = med[j] < lo ? med[j] : lo;
		hi = med[j] > hi ? med[j] : hi;
	}
	printf("RESULT answers%s spread=%.1f%%\n", change ? "-change" : "", (hi / lo - 1) * 100);
	free(t);
	pwpol_policy_free(p);
	pwpol_store_close(s);
	return 0;
}
