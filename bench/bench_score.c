/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * bench_score.c - zxcvbn's score (pwpol_score, `check --score`) beside
 * libpwquality's pwquality_check score (what pwscore(1) prints), on the
 * same candidates (bench/gen_corpus or a list, one a line, stdin): the
 * time of each and how far they agree.
 *
 * Usage: bench_score [ROUNDS] < corpus
 *
 * pwquality is read as pwscore reads it (pwquality_read_config with the
 * machine's pwquality.conf, user `alice`): a refusal (its score < 0) is
 * "weak"; a score is "weak" under 50. zxcvbn's 0..2 is "weak" (under 10^8
 * guesses), 3..4 "strong". The table crosses the two readings; the rates
 * are the median of ROUNDS passes each, alternated.
 */
#include "pwpol.h"
#include "timing.h"

#include <pwquality.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_LINES 2000000

int main(int argc, char **argv)
{
	int rounds = argc > 1 ? atoi(argv[1]) : 5;
	if (rounds < 1)
		rounds = 1;
	char **lines = malloc(MAX_LINES * sizeof *lines);
	size_t n = 0, cap = 0;
	char *buf = NULL;
	ssize_t k;
	while (n < MAX_LINES && (k = getline(&buf, &cap, stdin)) > 0) {
		buf[strcspn(buf, "\n")] = 0;
		if (*buf)
			lines[n++] = strdup(buf);
	}
	free(buf);
	pwquality_settings_t *q = pwquality_default_settings();
	void *aux = NULL;
	pwquality_read_config(q, NULL, &aux);
	int *zs = calloc(n, sizeof *zs), *ps = calloc(n, sizeof *ps);
	double *tz = calloc((size_t)rounds, sizeof *tz), *tp = calloc((size_t)rounds, sizeof *tp);
	for (int r = 0; r < rounds; r++) {
		double t0 = now_s();
		for (size_t i = 0; i < n; i++) {
			struct pwpol_score sc = PWPOL_SCORE_INIT();
			if (pwpol_score(lines[i], strlen(lines[i]), "alice", &sc) != PWPOL_OK) {
				fprintf(stderr, "bench_score: libzxcvbn cannot be loaded\n");
				return 1;
			}
			zs[i] = sc.score;
		}
		double t1 = now_s();
		for (size_t i = 0; i < n; i++)
			ps[i] = pwquality_check(q, lines[i], NULL, "alice", NULL);
		double t2 = now_s();
		tz[r] = (double)n / (t1 - t0);
		tp[r] = (double)n / (t2 - t1);
	}
	/* [zxcvbn weak][pwquality weak] */
	size_t cross[2][2] = {{0, 0}, {0, 0}}, by_score[5] = {0}, refused_by_score[5] = {0};
	double sum_by_score[5] = {0};
	for (size_t i = 0; i < n; i++) {
		int zw = zs[i] <= 2, pw = ps[i] < 50;
		cross[zw][pw]++;
		by_score[zs[i]]++;
		if (ps[i] < 0)
			refused_by_score[zs[i]]++;
		else
			sum_by_score[zs[i]] += ps[i];
	}
	printf("candidates %zu, rounds %d\n", n, rounds);
	printf("zxcvbn (pwpol_score)     %10.0f candidates/s\n", median(tz, (size_t)rounds));
	printf("pwquality_check (pwscore) %9.0f candidates/s\n", median(tp, (size_t)rounds));
	printf("agreement (weak/strong)  %.1f%%\n",
	       100.0 * (double)(cross[0][0] + cross[1][1]) / (double)(n ? n : 1));
	printf("                 pwq weak  pwq strong\n");
	printf("zxcvbn weak  %12zu %11zu\n", cross[1][1], cross[1][0]);
	printf("zxcvbn strong %11zu %11zu\n", cross[0][1], cross[0][0]);
	printf("zxcvbn score  count  pwquality refused  pwquality mean score of the rest\n");
	for (int s = 0; s < 5; s++)
		printf("%12d %6zu %18zu %10.1f\n", s, by_score[s], refused_by_score[s],
		       by_score[s] > refused_by_score[s]
		           ? sum_by_score[s] / (double)(by_score[s] - refused_by_score[s])
		           : 0.0);
	pwquality_free_settings(q);
	return 0;
}
