/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * bench_pam.c - one login through a whole Linux-PAM stack, in one process:
 * pam_start_confdir, pam_authenticate, pam_end, repeated, median quoted.
 *
 * Usage: bench_pam [--refused] [--stored HASH] CONFDIR PASSWORD REPS SERVICE:USER...
 *        (--refused: each login must fail with PAM_AUTH_ERR, not succeed;
 *        the service `crypt`, e.g. crypt:-, is no PAM stack but the bare
 *        crypt_rn of the benchmark's hash, or of HASH given by --stored
 *        (the hash a store holds for the user the stacks log in, so the
 *        floor and the logins verify the very same one), timed in the
 *        same rounds)
 *        bench_pam --hash PASSWORD   the benchmark's $6$ hash (as bench_store
 *                                    stores it), for /etc/shadow
 *
 * The service files live in CONFDIR (pam_start_confdir), not /etc/pam.d, so
 * nothing of the machine's PAM setup is read or changed. Stacks given
 * together are run interleaved, so a slow spell of the machine hits all
 * alike. Prints `RESULT pam service=... user=... reps=... median_ms=...
 * cpu_ms=...`: the wall time, and the CPU time of the process (every
 * thread of it) in the same logins, whose difference is the time spent
 * waiting (for the disk, or for a core of a loaded machine), and the mean
 * of the kernel's share of that CPU time (getrusage: mapping the modules,
 * page faults, syscalls).
 */
#include <crypt.h>
#include <security/pam_appl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "timing.h"

static const char *password;
static int expect = PAM_SUCCESS;

/* The same salt as bench_store.c: both stacks verify the very same hash. */
#define SALT "$6$pwpolbench0001$"

static int print_hash(const char *pw)
{
	struct crypt_data cd;
	memset(&cd, 0, sizeof cd);
	if (!crypt_rn(pw, SALT, &cd, sizeof cd) || cd.output[0] == '*')
		return 1;
	puts(cd.output);
	return 0;
}

/* Answers every prompt without echo with the password; others with "". */
static int conv(int n, const struct pam_message **msg, struct pam_response **resp, void *data)
{
	(void)data;
	struct pam_response *r = calloc((size_t)n, sizeof *r);
	if (!r)
		return PAM_BUF_ERR;
	for (int i = 0; i < n; i++) {
		if (msg[i]->msg_style == PAM_PROMPT_ECHO_OFF)
			r[i].resp = strdup(password);
		else if (msg[i]->msg_style == PAM_PROMPT_ECHO_ON)
			r[i].resp = strdup("");
	}
	*resp = r;
	return PAM_SUCCESS;
}

/* The floor of any login: the hash of the password, verified. */
static char hash[CRYPT_OUTPUT_SIZE];

static int bare_crypt(void)
{
	struct crypt_data cd;
	if (!hash[0]) {
		memset(&cd, 0, sizeof cd);
		if (!crypt_rn(password, SALT, &cd, sizeof cd))
			return PAM_SYSTEM_ERR;
		strcpy(hash, cd.output);
	}
	memset(&cd, 0, sizeof cd);
	if (!crypt_rn(password, hash, &cd, sizeof cd))
		return PAM_SYSTEM_ERR;
	int ok = strcmp(cd.output, hash) == 0;
	return ok == (expect == PAM_SUCCESS) ? expect : PAM_SYSTEM_ERR;
}

static double cpu_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The kernel's share of the process's CPU time (mapping, page faults,
 * syscalls), as getrusage counts it. */
static double sys_s(void)
{
	struct rusage u;
	getrusage(RUSAGE_SELF, &u);
	return (double)u.ru_stime.tv_sec + (double)u.ru_stime.tv_usec / 1e6;
}

static int login(const char *confdir, const char *service, const char *user)
{
	if (strcmp(service, "crypt") == 0)
		return bare_crypt();
	struct pam_conv c = {conv, NULL};
	pam_handle_t *h = NULL;
	int rc = pam_start_confdir(service, user, &c, confdir, &h);
	if (rc != PAM_SUCCESS)
		return rc;
	rc = pam_authenticate(h, 0);
	pam_end(h, rc);
	return rc;
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "--hash") == 0)
		return print_hash(argv[2]);
	if (argc > 1 && strcmp(argv[1], "--refused") == 0) {
		expect = PAM_AUTH_ERR;
		argv++;
		argc--;
	}
	if (argc > 2 && strcmp(argv[1], "--stored") == 0) {
		if (strlen(argv[2]) >= sizeof hash)
			return 2;
		strcpy(hash, argv[2]);
		argv += 2;
		argc -= 2;
	}
	if (argc < 5) {
		fprintf(stderr,
		        "usage: bench_pam [--refused] [--stored HASH] CONFDIR PASSWORD REPS "
		        "SERVICE:USER...\n");
		return 2;
	}
	const char *confdir = argv[1];
	password = argv[2];
	int reps = atoi(argv[3]);
	int k = argc - 4;
	if (reps < 1)
		return 2;
	char **svc = calloc((size_t)k, sizeof *svc), **usr = calloc((size_t)k, sizeof *usr);
	double *t = calloc((size_t)k * (size_t)reps, sizeof *t);
	double *cpu = calloc((size_t)k * (size_t)reps, sizeof *cpu);
	double *sys = calloc((size_t)k, sizeof *sys);
	for (int j = 0; j < k; j++) {
		svc[j] = argv[4 + j];
		char *colon = strchr(svc[j], ':');
		if (!colon)
			return 2;
		*colon = 0;
		usr[j] = colon + 1;
		/* One untimed login: loads the modules, warms the caches. */
		int rc = login(confdir, svc[j], usr[j]);
		if (rc != expect) {
			fprintf(stderr, "bench_pam: %s as %s: %s\n", svc[j], usr[j],
			        pam_strerror(NULL, rc));
			return 1;
		}
	}
	for (int i = 0; i < reps; i++) {
		for (int j = 0; j < k; j++) {
			double t0 = now_s(), c0 = cpu_s(), s0 = sys_s();
			int rc = login(confdir, svc[j], usr[j]);
			t[(size_t)j * (size_t)reps + (size_t)i] = now_s() - t0;
			cpu[(size_t)j * (size_t)reps + (size_t)i] = cpu_s() - c0;
			sys[j] += sys_s() - s0;
			if (rc != expect) {
				fprintf(stderr, "bench_pam: %s as %s: %s\n", svc[j], usr[j],
				        pam_strerror(NULL, rc));
				return 1;
			}
		}
	}
	for (int j = 0; j < k; j++) {
		double *v = t + (size_t)j * (size_t)reps;
		double med = median(v, (size_t)reps);
		double cmed = median(cpu + (size_t)j * (size_t)reps, (size_t)reps);
		printf("RESULT pam service=%s user=%s reps=%d median_ms=%.4f cpu_ms=%.4f "
		       "sys_ms=%.4f\n",
		       svc[j], usr[j], reps, med * 1e3, cmed * 1e3, sys[j] / reps * 1e3);
	}
	free(sys);
	free(cpu);
	free(t);
	free(svc);
	free(usr);
	return 0;
}
