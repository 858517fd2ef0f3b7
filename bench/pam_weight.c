/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * pam_weight.c - what a PAM module adds to its host: resident memory and
 * shared objects, read from /proc/self before the first transaction, while
 * a whole login's handle is open (auth, account, password), after pam_end,
 * and after REPS more logins (a module that keeps state grows there).
 *
 * Usage: pam_weight [--list] CONFDIR SERVICE USER PASSWORD [REPS]
 * Prints one line:
 *   RESULT weight service=S objects=N rss_kb=K after_end_objects=N
 *          after_end_rss_kb=K reps=R after_reps_rss_kb=K rc=auth/acct/chauthtok
 * (objects and rss_kb: added over the host before its first pam_start).
 * --list also prints the objects the login added, one a line.
 * The service file is read from CONFDIR (pam_start_confdir): the machine's
 * /etc/pam.d is never read.
 */
#include <security/pam_appl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_OBJS 512

static const char *password;

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

static long rss_kb(void)
{
	FILE *f = fopen("/proc/self/smaps_rollup", "r");
	char line[256];
	long kb = -1;
	if (!f)
		return -1;
	while (fgets(line, sizeof line, f))
		if (sscanf(line, "Rss: %ld kB", &kb) == 1)
			break;
	fclose(f);
	return kb;
}

/* The distinct shared objects mapped (a path holding ".so"). */
static int objects(char names[][256], int max)
{
	FILE *f = fopen("/proc/self/maps", "r");
	char line[512];
	int n = 0;
	if (!f)
		return -1;
	while (fgets(line, sizeof line, f)) {
		char *path = strchr(line, '/');
		if (!path || !strstr(path, ".so"))
			continue;
		path[strcspn(path, "\n")] = 0;
		int seen = 0;
		for (int i = 0; i < n && !seen; i++)
			seen = strcmp(names[i], path) == 0;
		if (!seen && n < max)
			snprintf(names[n++], 256, "%s", path);
	}
	fclose(f);
	return n;
}

/* --list: the resident kB of each mapped file and of the rest (heap,
 * anonymous), from /proc/self/smaps, and of those the kB the kernel saw
 * accessed (Referenced): a file page mapped by fault-around (the kernel
 * maps up to 64 kB of cached pages around each one faulted) is resident
 * without the process ever reading it. */
static void rss_by_file(void)
{
	FILE *f = fopen("/proc/self/smaps", "r");
	char line[512], cur[256] = "[anon]";
	static char names[MAX_OBJS][256];
	static long kb[MAX_OBJS], ref[MAX_OBJS];
	int n = 0;
	if (!f)
		return;
	while (fgets(line, sizeof line, f)) {
		long v;
		if (sscanf(line, "Referenced: %ld kB", &v) == 1) {
			for (int i = 0; i < n; i++)
				if (strcmp(names[i], cur) == 0)
					ref[i] += v;
		} else if (sscanf(line, "Rss: %ld kB", &v) == 1) {
			int i = 0;
			while (i < n && strcmp(names[i], cur) != 0)
				i++;
			if (i == n && n < MAX_OBJS)
				snprintf(names[n++], 256, "%s", cur);
			if (i < n)
				kb[i] += v;
		} else if (strchr(line, '-') && strchr(line, ':') && line[0] != ' ' &&
		           !strchr(line, '\t') && strlen(line) > 40 && strchr(line, ' ')) {
			char *path = strchr(line, '/');
			char *br = strchr(line, '[');
			snprintf(cur, sizeof cur, "%s", path ? path : br ? br : "[anon]");
			cur[strcspn(cur, "\n")] = 0;
		}
	}
	fclose(f);
	for (int i = 0; i < n; i++)
		if (kb[i] >= 16)
			printf("  rss %6ld kB referenced %6ld kB %s\n", kb[i], ref[i], names[i]);
}

static char before[MAX_OBJS][256], during[MAX_OBJS][256], after[MAX_OBJS][256];

/* One whole login: auth, account, and the password group as login(1)
 * asks it (only an expired password is changed); `open` keeps the handle. */
static int login(const char *confdir, const char *service, const char *user, int rc[3],
                 pam_handle_t **open)
{
	struct pam_conv c = {conv, NULL};
	pam_handle_t *h = NULL;
	int st = pam_start_confdir(service, user, &c, confdir, &h);
	if (st != PAM_SUCCESS)
		return st;
	pam_set_item(h, PAM_RHOST, "192.0.2.7");
	pam_set_item(h, PAM_TTY, "ssh");
	rc[0] = pam_authenticate(h, 0);
	rc[1] = pam_acct_mgmt(h, 0);
	rc[2] = pam_chauthtok(h, PAM_CHANGE_EXPIRED_AUTHTOK);
	if (open) {
		*open = h;
		return PAM_SUCCESS;
	}
	pam_end(h, rc[0]);
	return PAM_SUCCESS;
}

int main(int argc, char **argv)
{
	int list = 0;
	if (argc > 1 && strcmp(argv[1], "--list") == 0) {
		list = 1;
		argv++;
		argc--;
	}
	if (argc < 5) {
		fprintf(stderr,
		        "usage: pam_weight [--list] CONFDIR SERVICE USER PASSWORD [REPS]\n");
		return 2;
	}
	const char *confdir = argv[1], *service = argv[2], *user = argv[3];
	password = argv[4];
	long reps = argc > 5 ? atol(argv[5]) : 0;

	int n0 = objects(before, MAX_OBJS);
	long r0 = rss_kb();
	int rc[3] = {-1, -1, -1};
	pam_handle_t *h = NULL;
	if (login(confdir, service, user, rc, &h) != PAM_SUCCESS) {
		fprintf(stderr, "pam_start_confdir failed\n");
		return 1;
	}
	int n1 = objects(during, MAX_OBJS);
	long r1 = rss_kb();
	if (getenv("PAM_WEIGHT_SMAPS"))
		rss_by_file();
	pam_end(h, rc[0]);
	int n2 = objects(after, MAX_OBJS);
	long r2 = rss_kb();
	int tmp[3];
	for (long i = 0; i < reps; i++)
		login(confdir, service, user, tmp, NULL);
	long r3 = rss_kb();
	if (list) {
		for (int i = 0; i < n1; i++) {
			int seen = 0;
			for (int j = 0; j < n0 && !seen; j++)
				seen = strcmp(before[j], during[i]) == 0;
			if (!seen)
				printf("  + %s\n", during[i]);
		}
	}
	printf("RESULT weight service=%s objects=%d rss_kb=%ld after_end_objects=%d "
	       "after_end_rss_kb=%ld reps=%ld after_reps_rss_kb=%ld rc=%d/%d/%d\n",
	       service, n1 - n0, r1 - r0, n2 - n0, r2 - r0, reps, r3 - r0, rc[0], rc[1], rc[2]);
	return 0;
}
