/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * bench_fleet.c - a login and a counted failure on one store, as a PAM call
 * makes them (open the store, authenticate, close), on SQLite and on
 * PostgreSQL; then P processes failing logins on one account at once, the
 * failures per second and whether every one was counted.
 *
 * Usage:
 *   bench_fleet STORE REPS PROCS EACH [ACCOUNTS]
 *     STORE     a SQLite path or a postgresql:// URI, made afresh by the caller
 *     REPS      calls timed one by one (medians)
 *     PROCS     processes failing at once, EACH failures each
 *     ACCOUNTS  the failures spread over this many accounts, in turn
 *               (default 1: all on admin); the counts of all are summed
 *
 * The account holds a $6$ hash of the default cost; the hash alone is timed
 * too (crypt_rn), so the store's share of a login is the difference. Lockout
 * is off (maximum-failed-attempts 0), so every failure is counted and none
 * is refused. Each line of output that starts with RESULT is for bench/fleet.
 */
#include <crypt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "pwpol.h"
#include "timing.h"

#define T0       1700000000
#define PASSWORD "Bench#Pass2024"
#define WRONG    "Wrong#Pass2024"

static void die(const char *what, const char *why)
{
	fprintf(stderr, "bench_fleet: %s: %s\n", what, why ? why : "failed");
	exit(1);
}

static pwpol_policy *policy(void)
{
	pwpol_policy *p;
	if (pwpol_policy_new(&p, "ssr") != PWPOL_OK ||
	    pwpol_policy_set(p, PWPOL_OPT_MAXIMUM_FAILED_ATTEMPTS, 0) != PWPOL_OK)
		die("policy", NULL);
	return p;
}

/* One PAM-shaped call: open, authenticate, close. */
static enum pwpol_status login_as(const char *store, const pwpol_policy *p, const char *name,
                                  const char *pw)
{
	pwpol_store *s;
	char err[512];
	if (pwpol_store_open(&s, store, 0, err, sizeof err) != PWPOL_OK)
		die("open", err);
	enum pwpol_change_reason why;
	enum pwpol_status st = pwpol_account_authenticate(s, p, name, pw, strlen(pw), T0, &why);
	pwpol_store_close(s);
	return st;
}

static enum pwpol_status one_login(const char *store, const pwpol_policy *p, const char *pw)
{
	return login_as(store, p, "admin", pw);
}

/* The name of account i of the spread: admin, then u001, u002, ... */
static const char *account_name(int i, char *buf, size_t len)
{
	if (i == 0)
		return "admin";
	snprintf(buf, len, "u%03d", i);
	return buf;
}

static int add_failures(const struct pwpol_account_info *a, void *ctx)
{
	*(unsigned long *)ctx += a->failures;
	return 0;
}

static double median_of(const char *store, const pwpol_policy *p, const char *pw,
                        enum pwpol_status want, int reps)
{
	double *t = calloc((size_t)reps, sizeof *t);
	if (!t)
		die("calloc", NULL);
	for (int i = 0; i < reps; i++) {
		double a = now_s();
		if (one_login(store, p, pw) != want)
			die("login", "unexpected answer");
		t[i] = now_s() - a;
	}
	double m = median(t, (size_t)reps);
	free(t);
	return m;
}

static double hash_alone(const char *hash, int reps)
{
	double *t = calloc((size_t)reps, sizeof *t);
	struct crypt_data cd;
	if (!t)
		die("calloc", NULL);
	for (int i = 0; i < reps; i++) {
		memset(&cd, 0, sizeof cd);
		double a = now_s();
		crypt_rn(PASSWORD, hash, &cd, sizeof cd);
		t[i] = now_s() - a;
	}
	double m = median(t, (size_t)reps);
	free(t);
	return m;
}

int main(int argc, char **argv)
{
	if (argc != 5 && argc != 6)
		die("usage", "bench_fleet STORE REPS PROCS EACH [ACCOUNTS]");
	const char *store = argv[1];
	int reps = atoi(argv[2]), procs = atoi(argv[3]), each = atoi(argv[4]);
	int accounts = argc == 6 ? atoi(argv[5]) : 1;
	if (accounts < 1 || accounts > 999)
		die("usage", "ACCOUNTS is 1 to 999");
	pwpol_policy *p = policy();
	pwpol_store *s;
	char err[512];
	if (pwpol_store_open(&s, store, 1, err, sizeof err) != PWPOL_OK)
		die("create", err);
	struct pwpol_secret sec = PWPOL_SECRET_INIT(.pw = PASSWORD, .len = strlen(PASSWORD));
	if (pwpol_account_init(s, p, &sec, 0, T0, NULL) != PWPOL_OK)
		die("init", pwpol_store_error(s));
	char nb[16];
	for (int i = 1; i < accounts; i++)
		if (pwpol_account_add(s, p, account_name(i, nb, sizeof nb), &sec, T0, NULL) !=
		    PWPOL_OK)
			die("add", pwpol_store_error(s));
	pwpol_store_close(s);

	const char *kind = pwpol_store_is_uri(store) ? "postgresql" : "sqlite";
	double ok = median_of(store, p, PASSWORD, PWPOL_OK, reps);
	double bad = median_of(store, p, WRONG, PWPOL_REJECTED, reps);
	/* The failures above are counted; a success resets them. */
	if (one_login(store, p, PASSWORD) != PWPOL_OK)
		die("login", "reset");
	char hash[PWPOL_HASH_MAX];
	if (pwpol_hash(PWPOL_FORMAT_SHA512, 0, PASSWORD, strlen(PASSWORD), hash, sizeof hash) !=
	    PWPOL_OK)
		die("hash", NULL);
	double h = hash_alone(hash, reps);
	printf("RESULT %s login_ms %.3f failure_ms %.3f hash_ms %.3f\n", kind, ok * 1e3, bad * 1e3,
	       h * 1e3);

	double a = now_s();
	for (int i = 0; i < procs; i++) {
		pid_t pid = fork();
		if (pid < 0)
			die("fork", NULL);
		if (pid == 0) {
			char b[16];
			for (int k = 0; k < each; k++)
				if (login_as(store, p,
				             account_name((k + i) % accounts, b, sizeof b),
				             WRONG) != PWPOL_REJECTED)
					_exit(1);
			_exit(0);
		}
	}
	int bad_children = 0, status;
	while (wait(&status) > 0)
		bad_children += !WIFEXITED(status) || WEXITSTATUS(status) != 0;
	double wall = now_s() - a;
	unsigned long counted = 0;
	if (pwpol_store_open(&s, store, 0, err, sizeof err) != PWPOL_OK ||
	    pwpol_account_each(s, p, T0, add_failures, &counted) != PWPOL_OK)
		die("count", err);
	pwpol_store_close(s);
	printf("RESULT %s procs %d accounts %d failures %d counted %lu per_s %.0f errors %d\n",
	       kind, procs, accounts, procs * each, counted, procs * each / wall, bad_children);
	pwpol_policy_free(p);
	return counted == (unsigned long)(procs * each) && !bad_children ? 0 : 1;
}
