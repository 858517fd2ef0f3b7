/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * bench_check.c - password checks per second on one core, every engine in
 * one process over one corpus held in memory, the engines alternated round
 * by round so that whatever else the machine does falls on all of them alike.
 *
 * Usage: bench_check CORPUS [ROUNDS [STEP [ENGINES]]]
 *   ROUNDS  rounds; in each, every engine makes one timed pass (default 7)
 *   STEP    the engines doing word-list or dictionary work (passwdqc with its
 *           defaults, pwquality with cracklib) pass over every STEP-th line
 *           only (default 100): at ~1,000 checks/s a whole pass would take
 *           minutes
 *   ENGINES these engines only, by name, comma-separated (bench/instructions.sh
 *           counts the instructions of one engine's pass, function pass)
 *
 * The engines, with a username (alice) and without:
 *   pwpol            ssr profile, every rule on (maximum-length 128,
 *                    minimum-changes 3)
 *   pwpol-old        the same with an old password (minimum-character-changes)
 *   pwquality        pwquality_check with the ssr rules in its terms,
 *                    dictcheck 0; with a user, usercheck 1
 *   pwquality-dict   the same with dictcheck 1 (every STEP-th line)
 *   passwdqc         passwdqc_check with passwdqc_params_reset defaults
 *                    (built-in word list; every STEP-th line)
 *   passwdqc-m0      the same with match=0 (no substring search)
 *
 * Prints, on stdout:
 *   CPU model=...
 *   RESULT engine=E lines=N rounds=R median_s=... rate=... min=... max=... accepted=A
 *   AGREE a=E1 b=E2 lines=N same=S pct=P   (verdicts of pwpol beside each other engine)
 * and each round's rates on stderr. The corpus is read and split before the
 * clock starts, so only the checks are timed.
 */
#include <passwdqc.h>
#include <pwd.h>
#include <pwquality.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pwpol.h"
#include "timing.h"

struct line {
	const char *s;
	size_t len;
};

static const char *const user = "alice";
static const char *const old_pw = "Tr0ub4dor&3xyz";

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *b = n >= 0 ? malloc((size_t)n + 1) : NULL;
	if (b && fread(b, 1, (size_t)n, f) != (size_t)n) {
		free(b);
		b = NULL;
	}
	fclose(f);
	if (b)
		b[n] = 0;
	*len = b ? (size_t)n : 0;
	return b;
}

/* Splits the buffer into NUL-terminated lines. */
static struct line *split(char *b, size_t len, size_t *count)
{
	size_t cap = 1024, n = 0;
	struct line *v = malloc(cap * sizeof *v);
	char *p = b, *end = b + len;
	while (v && p < end) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			nl = end;
		*nl = 0;
		if (n == cap) {
			cap *= 2;
			struct line *w = realloc(v, cap * sizeof *v);
			if (!w) {
				free(v);
				return NULL;
			}
			v = w;
		}
		v[n++] = (struct line){p, (size_t)(nl - p)};
		p = nl + 1;
	}
	*count = n;
	return v;
}

/* ---- the engines --------------------------------------------------------- */

enum kind { PWPOL, PWQ, QC };

struct engine {
	const char *name;
	enum kind kind;
	int with_user;
	int with_old;
	int sampled; /* every STEP-th line only */
	pwquality_settings_t *pwq;
	passwdqc_params_t qc;
	double *t;
	size_t accepted;
	unsigned char *ok; /* the verdict of each line it checks */
};

static pwpol_policy *pol;
static pwpol_report *rep;
static struct passwd qc_pw;

static int accept_one(struct engine *e, const struct line *l)
{
	switch (e->kind) {
	case PWPOL:
		return pwpol_check(pol, l->s, l->len, e->with_user ? user : NULL,
		                   e->with_old ? old_pw : NULL, e->with_old ? strlen(old_pw) : 0,
		                   rep) == PWPOL_OK;
	case PWQ:
		/* auxerror NULL: no message is formatted, as pwpol_check formats none. */
		return pwquality_check(e->pwq, l->s, NULL, e->with_user ? user : NULL, NULL) >= 0;
	case QC: return passwdqc_check(&e->qc.qc, l->s, NULL, e->with_user ? &qc_pw : NULL) == NULL;
	}
	return 0;
}

/* noinline: callgrind counts this function (bench/instructions.sh). */
static __attribute__((noinline)) size_t pass(struct engine *e, const struct line *v, size_t n,
                                             size_t step)
{
	size_t ok = 0, s = e->sampled ? step : 1;
	for (size_t i = 0; i < n; i += s)
		ok += (size_t)accept_one(e, &v[i]);
	return ok;
}

static pwquality_settings_t *pwq_new(int with_user, int dict)
{
	pwquality_settings_t *q = pwquality_default_settings();
	if (!q)
		return NULL;
	/* The nearest reading of the ssr rules in pwquality's terms. */
	pwquality_set_int_value(q, PWQ_SETTING_MIN_LENGTH, 9);
	pwquality_set_int_value(q, PWQ_SETTING_DIG_CREDIT, -1);
	pwquality_set_int_value(q, PWQ_SETTING_UP_CREDIT, -1);
	pwquality_set_int_value(q, PWQ_SETTING_LOW_CREDIT, -1);
	pwquality_set_int_value(q, PWQ_SETTING_OTH_CREDIT, -1);
	pwquality_set_int_value(q, PWQ_SETTING_MAX_REPEAT, 3);
	pwquality_set_int_value(q, PWQ_SETTING_USER_CHECK, with_user);
	pwquality_set_int_value(q, PWQ_SETTING_DICT_CHECK, dict);
	return q;
}

static int qc_new(passwdqc_params_t *qc, int match0)
{
	passwdqc_params_reset(qc);
	if (!match0)
		return 0;
	const char *const argv[] = {"match=0"};
	char *reason = NULL;
	if (passwdqc_params_parse(qc, &reason, 1, argv) != 0) {
		fprintf(stderr, "passwdqc: %s\n", reason ? reason : "match=0 refused");
		free(reason);
		return -1;
	}
	return 0;
}

/* The CPU, as /proc/cpuinfo names it (model name, family, model), so that
 * the figures say where they were made. */
static void cpu_model(void)
{
	char buf[256], model[128] = "unknown", family[16] = "?", num[16] = "?";
	FILE *f = fopen("/proc/cpuinfo", "r");
	while (f && fgets(buf, sizeof buf, f)) {
		char *val = strchr(buf, ':');
		if (!val)
			continue;
		val += 1 + strspn(val + 1, " \t");
		val[strcspn(val, "\n")] = 0;
		if (strncmp(buf, "model name", 10) == 0)
			snprintf(model, sizeof model, "%s", val);
		else if (strncmp(buf, "cpu family", 10) == 0)
			snprintf(family, sizeof family, "%s", val);
		else if (strncmp(buf, "model\t", 6) == 0)
			snprintf(num, sizeof num, "%s", val);
		else if (buf[0] == '\n')
			break; /* the first processor is enough */
	}
	if (f)
		fclose(f);
	printf("CPU model=%s (family %s, model %s)\n", model, family, num);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: bench_check CORPUS [ROUNDS [STEP]]\n");
		return 2;
	}
	int rounds = argc > 2 ? atoi(argv[2]) : 7;
	size_t step = argc > 3 ? strtoul(argv[3], NULL, 10) : 100;
	const char *only = argc > 4 ? argv[4] : NULL;
	if (rounds < 1 || rounds > 100 || step < 1) {
		fprintf(stderr, "bench_check: bad ROUNDS or STEP\n");
		return 2;
	}
	size_t len, n;
	char *buf = slurp(argv[1], &len);
	if (!buf) {
		perror(argv[1]);
		return 1;
	}
	struct line *v = split(buf, len, &n);
	if (!v || n == 0)
		return 1;

	/* ssr with every rule on: it leaves maximum-length and minimum-changes
	 * unset, so set them here. */
	if (pwpol_policy_new(&pol, "ssr") != PWPOL_OK || pwpol_report_new(&rep) != PWPOL_OK)
		return 1;
	pwpol_policy_set(pol, PWPOL_OPT_MAXIMUM_LENGTH, 128);
	pwpol_policy_set(pol, PWPOL_OPT_MINIMUM_CHANGES, 3);
	qc_pw.pw_name = (char *)user;
	qc_pw.pw_gecos = (char *)"Alice Liddell";
	qc_pw.pw_dir = (char *)"/home/alice";
	qc_pw.pw_shell = (char *)"/bin/sh";
	qc_pw.pw_passwd = (char *)"x";

	struct engine e[] = {
	    {.name = "pwpol", .kind = PWPOL, .with_user = 1},
	    {.name = "pwpol-nouser", .kind = PWPOL},
	    {.name = "pwpol-old", .kind = PWPOL, .with_user = 1, .with_old = 1},
	    {.name = "pwquality", .kind = PWQ, .with_user = 1},
	    {.name = "pwquality-nouser", .kind = PWQ},
	    {.name = "passwdqc-m0", .kind = QC, .with_user = 1},
	    {.name = "passwdqc-m0-nouser", .kind = QC},
	    {.name = "pwquality-dict", .kind = PWQ, .with_user = 1, .sampled = 1},
	    {.name = "passwdqc", .kind = QC, .with_user = 1, .sampled = 1},
	};
	size_t ne = sizeof e / sizeof e[0];
	if (only) {
		/* Keep the named engines, in their order. */
		size_t kept = 0;
		for (size_t i = 0; i < ne; i++) {
			char list[256];
			snprintf(list, sizeof list, ",%s,", only);
			char name[64];
			snprintf(name, sizeof name, ",%s,", e[i].name);
			if (strstr(list, name))
				e[kept++] = e[i];
		}
		if (kept == 0) {
			fprintf(stderr, "bench_check: no engine named in %s\n", only);
			return 2;
		}
		ne = kept;
	}
	for (size_t i = 0; i < ne; i++) {
		if (e[i].kind == PWQ &&
		    !(e[i].pwq = pwq_new(e[i].with_user, strcmp(e[i].name, "pwquality-dict") == 0)))
			return 1;
		if (e[i].kind == QC && qc_new(&e[i].qc, strstr(e[i].name, "-m0") != NULL) != 0)
			return 1;
		e[i].t = calloc((size_t)rounds, sizeof *e[i].t);
		e[i].ok = calloc(n, 1);
		if (!e[i].t || !e[i].ok)
			return 1;
	}

	/* The verdicts, once, untimed: what each engine accepts. */
	for (size_t i = 0; i < ne; i++) {
		size_t s = e[i].sampled ? step : 1;
		for (size_t j = 0; j < n; j += s)
			e[i].ok[j] = (unsigned char)accept_one(&e[i], &v[j]);
	}

	for (int r = 0; r < rounds; r++) {
		/* Each round starts with a different engine, so none always follows
		 * the same one. */
		for (size_t k = 0; k < ne; k++) {
			struct engine *x = &e[(k + (size_t)r) % ne];
			double t0 = now_s();
			x->accepted = pass(x, v, n, step);
			x->t[r] = now_s() - t0;
		}
		fprintf(stderr, "  round %d:", r + 1);
		for (size_t i = 0; i < ne; i++)
			fprintf(stderr, " %s %.0f", e[i].name,
			        (double)(e[i].sampled ? (n + step - 1) / step : n) / e[i].t[r]);
		fprintf(stderr, "\n");
	}

	cpu_model();
	for (size_t i = 0; i < ne; i++) {
		size_t lines = e[i].sampled ? (n + step - 1) / step : n;
		double med = median(e[i].t, (size_t)rounds); /* sorts: t[0] is the fastest */
		printf("RESULT engine=%s lines=%zu rounds=%d median_s=%.6f rate=%.0f min=%.0f "
		       "max=%.0f "
		       "accepted=%zu\n",
		       e[i].name, lines, rounds, med, (double)lines / med,
		       (double)lines / e[i].t[rounds - 1], (double)lines / e[i].t[0],
		       e[i].accepted);
	}
	/* Agreement of pwpol's verdicts with each other engine's, on the lines
	 * both checked, the username given to both or to neither. */
	for (size_t i = 1; i < ne && !only; i++) {
		if (e[i].kind == PWPOL)
			continue;
		const struct engine *a = e[i].with_user ? &e[0] : &e[1];
		size_t s = e[i].sampled ? step : 1, lines = 0, same = 0;
		for (size_t j = 0; j < n; j += s, lines++)
			same += a->ok[j] == e[i].ok[j];
		printf("AGREE a=%s b=%s lines=%zu same=%zu pct=%.1f\n", a->name, e[i].name, lines,
		       same, 100.0 * (double)same / (double)lines);
	}

	for (size_t i = 0; i < ne; i++) {
		if (e[i].pwq)
			pwquality_free_settings(e[i].pwq);
		if (e[i].kind == QC)
			passwdqc_params_free(&e[i].qc);
		free(e[i].t);
		free(e[i].ok);
	}
	pwpol_report_free(rep);
	pwpol_policy_free(pol);
	free(v);
	free(buf);
	return 0;
}
