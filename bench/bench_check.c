/*
 * bench_check.c - password checks per second on one core, through each C
 * library in one process, over one corpus held in memory.
 *
 * Usage: bench_check CORPUS ENGINE [RUNS [STEP]]
 *   ENGINE  pwpol          ssr profile, every rule on, user alice
 *           pwpol-old      the same, plus an old password (minimum-character-changes)
 *           pwquality      pwquality_check, dictcheck=0, rules set like ssr
 *           pwquality-dict the same with dictcheck=1 (cracklib)
 *           passwdqc       passwdqc_check with its defaults (built-in word list)
 *   RUNS    timed passes over the corpus (median quoted), default 5
 *   STEP    use every STEP-th line only (for the slow dictionary engines)
 *
 * Prints one line `RESULT engine=... lines=... runs=... median_s=... rate=...
 * accepted=...`; each pass's rate goes to stderr. The corpus is read and split
 * before the clock starts, so only the checks are timed.
 */
#include <passwdqc.h>
#include <pwd.h>
#include <pwquality.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pwpol.h"
#include "timing.h"

struct line {
	const char *s;
	size_t len;
};

static const char *user = "alice";
static const char *old_pw = "Tr0ub4dor&3xyz";

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *b = malloc((size_t)n + 1);
	if (b && fread(b, 1, (size_t)n, f) != (size_t)n) {
		free(b);
		b = NULL;
	}
	fclose(f);
	if (b)
		b[n] = 0;
	*len = (size_t)n;
	return b;
}

/* Splits the buffer into NUL-terminated lines, keeping every step-th. */
static struct line *split(char *b, size_t len, size_t step, size_t *count)
{
	size_t cap = 1024, n = 0, idx = 0;
	struct line *v = malloc(cap * sizeof *v);
	char *p = b, *end = b + len;
	while (v && p < end) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			nl = end;
		*nl = 0;
		if (idx++ % step == 0) {
			if (n == cap) {
				cap *= 2;
				v = realloc(v, cap * sizeof *v);
				if (!v)
					break;
			}
			v[n++] = (struct line){p, (size_t)(nl - p)};
		}
		p = nl + 1;
	}
	*count = n;
	return v;
}

/* ---- engines: each returns how many lines were accepted ---------------- */

static pwpol_policy *pol;
static pwpol_report *rep;
static pwquality_settings_t *pwq;
static passwdqc_params_t qc;
static struct passwd qc_pw;

static size_t run_pwpol(const struct line *v, size_t n, int with_old)
{
	size_t ok = 0;
	const char *o = with_old ? old_pw : NULL;
	size_t ol = with_old ? strlen(old_pw) : 0;
	for (size_t i = 0; i < n; i++)
		ok += pwpol_check(pol, v[i].s, v[i].len, user, o, ol, rep) == PWPOL_OK;
	return ok;
}

static size_t run_pwquality(const struct line *v, size_t n)
{
	size_t ok = 0;
	/* auxerror NULL: no message is formatted, as pwpol_check formats none. */
	for (size_t i = 0; i < n; i++)
		ok += pwquality_check(pwq, v[i].s, NULL, user, NULL) >= 0;
	return ok;
}

static size_t run_passwdqc(const struct line *v, size_t n)
{
	size_t ok = 0;
	for (size_t i = 0; i < n; i++)
		ok += passwdqc_check(&qc.qc, v[i].s, NULL, &qc_pw) == NULL;
	return ok;
}

static int setup(const char *engine)
{
	if (strncmp(engine, "pwpol", 5) == 0) {
		/* ssr with every rule on: it leaves maximum-length and
		 * minimum-changes unset, so set them here. */
		if (pwpol_policy_new(&pol, "ssr") != PWPOL_OK || pwpol_report_new(&rep) != PWPOL_OK)
			return -1;
		pwpol_policy_set(pol, PWPOL_OPT_MAXIMUM_LENGTH, 128);
		pwpol_policy_set(pol, PWPOL_OPT_MINIMUM_CHANGES, 3);
		return 0;
	}
	if (strncmp(engine, "pwquality", 9) == 0) {
		pwq = pwquality_default_settings();
		if (!pwq)
			return -1;
		/* The nearest reading of the ssr rules in pwquality's terms. */
		pwquality_set_int_value(pwq, PWQ_SETTING_MIN_LENGTH, 9);
		pwquality_set_int_value(pwq, PWQ_SETTING_DIG_CREDIT, -1);
		pwquality_set_int_value(pwq, PWQ_SETTING_UP_CREDIT, -1);
		pwquality_set_int_value(pwq, PWQ_SETTING_LOW_CREDIT, -1);
		pwquality_set_int_value(pwq, PWQ_SETTING_OTH_CREDIT, -1);
		pwquality_set_int_value(pwq, PWQ_SETTING_MAX_REPEAT, 3);
		pwquality_set_int_value(pwq, PWQ_SETTING_USER_CHECK, 1);
		pwquality_set_int_value(pwq, PWQ_SETTING_DICT_CHECK,
		                        strcmp(engine, "pwquality-dict") == 0);
		return 0;
	}
	if (strcmp(engine, "passwdqc") == 0) {
		passwdqc_params_reset(&qc);
		qc_pw.pw_name = (char *)user;
		qc_pw.pw_gecos = (char *)"Alice Liddell";
		qc_pw.pw_dir = (char *)"/home/alice";
		qc_pw.pw_shell = (char *)"/bin/sh";
		qc_pw.pw_passwd = (char *)"x";
		return 0;
	}
	return -1;
}

static size_t run(const char *engine, const struct line *v, size_t n)
{
	if (strcmp(engine, "pwpol") == 0)
		return run_pwpol(v, n, 0);
	if (strcmp(engine, "pwpol-old") == 0)
		return run_pwpol(v, n, 1);
	if (strncmp(engine, "pwquality", 9) == 0)
		return run_pwquality(v, n);
	return run_passwdqc(v, n);
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: bench_check CORPUS ENGINE [RUNS [STEP]]\n");
		return 2;
	}
	const char *engine = argv[2];
	int runs = argc > 3 ? atoi(argv[3]) : 5;
	size_t step = argc > 4 ? strtoul(argv[4], NULL, 10) : 1;
	if (runs < 1 || runs > 100 || step < 1) {
		fprintf(stderr, "bench_check: bad RUNS or STEP\n");
		return 2;
	}
	size_t len, n;
	char *buf = slurp(argv[1], &len);
	if (!buf) {
		perror(argv[1]);
		return 1;
	}
	struct line *v = split(buf, len, step, &n);
	if (!v || setup(engine) != 0) {
		fprintf(stderr, "bench_check: cannot set up %s\n", engine);
		return 1;
	}
	double *t = calloc((size_t)runs, sizeof *t);
	size_t ok = 0;
	for (int i = 0; i < runs; i++) {
		double t0 = now_s();
		ok = run(engine, v, n);
		t[i] = now_s() - t0;
		fprintf(stderr, "  %s pass %d: %.0f checks/s\n", engine, i + 1, (double)n / t[i]);
	}
	double med = median(t, (size_t)runs);
	printf("RESULT engine=%s lines=%zu runs=%d median_s=%.6f rate=%.0f accepted=%zu\n", engine,
	       n, runs, med, (double)n / med, ok);
	pwpol_report_free(rep);
	pwpol_policy_free(pol);
	if (pwq)
		pwquality_free_settings(pwq);
	if (strcmp(engine, "passwdqc") == 0)
		passwdqc_params_free(&qc);
	free(t);
	free(v);
	free(buf);
	return 0;
}
