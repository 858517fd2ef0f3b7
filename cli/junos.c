/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * junos.c - moving a Junos router's users in: `pwpol import junos FILE`
 * takes each `system login user` (and root-authentication) with its class
 * and hash; `pwpol config import junos FILE` prints its login policy as
 * set lines, to be committed (`config commit`) once read. The library
 * reads the configuration (lib/config-junos.c) and imports.
 */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The most configuration text read (as `config` reads a file). */
#define JUNOS_TEXT_MAX (8 * 1024 * 1024)

static int read_text(struct cli *c, const char *path, char **text, size_t *len)
{
	char refused[512];
	int fd = pwpol_input_open(path, refused, sizeof refused);
	FILE *f = fd >= 0 ? fdopen(fd, "r") : NULL;
	if (!f) {
		if (fd >= 0)
			close(fd);
		return cli_fail(c, EXIT_USAGE, "%s", fd >= 0 ? strerror(errno) : refused);
	}
	char *buf = malloc(JUNOS_TEXT_MAX + 1);
	size_t n = buf ? fread(buf, 1, JUNOS_TEXT_MAX + 1, f) : 0;
	int bad = ferror(f);
	fclose(f);
	if (!buf)
		return cli_fail(c, EXIT_SYSTEM, "out of memory");
	if (bad || n > JUNOS_TEXT_MAX) {
		free(buf);
		return cli_fail(c, EXIT_USAGE, "%s: %s", path,
		                bad ? "cannot be read" : "larger than 8 MiB: not a configuration");
	}
	buf[n] = 0;
	*text = buf;
	*len = n;
	return 0;
}

struct users {
	struct pwpol_import *in;
	const char **skip;
	char **owned; /* the strings in[] points to */
	size_t n, cap, nowned;
	int argc, first;
	char **argv;
	int nomem;
};

static char *keep(struct users *u, const char *s)
{
	char *d = strdup(s);
	char **o = d ? realloc(u->owned, (u->nowned + 1) * sizeof *o) : NULL;
	if (!o) {
		free(d);
		u->nomem = 1;
		return NULL;
	}
	u->owned = o;
	u->owned[u->nowned++] = d;
	return d;
}

static int one_user(const struct pwpol_junos_user *j, void *arg)
{
	struct users *u = arg;
	int wanted = u->first >= u->argc;
	for (int i = u->first; !wanted && i < u->argc; i++)
		wanted = strcmp(u->argv[i], j->name) == 0;
	if (!wanted)
		return 0;
	if (u->n == u->cap) {
		size_t cap = u->cap ? u->cap * 2 : 16;
		struct pwpol_import *in = realloc(u->in, cap * sizeof *in);
		if (in)
			u->in = in;
		const char **skip = in ? realloc(u->skip, cap * sizeof *skip) : NULL;
		if (skip)
			u->skip = skip;
		if (!in || !skip) {
			u->nomem = 1;
			return 1;
		}
		u->cap = cap;
	}
	struct pwpol_import *in = &u->in[u->n];
	memset(in, 0, sizeof *in);
	for (int i = 0; i < PWPOL_AGING_COUNT; i++)
		in->aging.v[i] = PWPOL_AGING_UNSET;
	in->name = keep(u, j->name);
	in->hash = keep(u, j->hash);
	in->account_class = keep(u, j->account_class);
	u->skip[u->n] = j->hash[0] ? NULL
	                           : "no encrypted-password: it logs in by key alone, and pwpol "
	                             "holds passwords";
	u->n++;
	return u->nomem;
}

int import_junos(struct cli *c, int argc, char **argv)
{
	static const struct option lo[] = {{"dry-run", no_argument, 0, 'n'}, {0, 0, 0, 0}};
	int o, dry = 0;
	while ((o = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		if (o != 'n')
			return cli_option_error(c, "import junos", argv, lo);
		dry = 1;
	}
	if (optind >= argc)
		return cli_usage(c);
	const char *path = argv[optind];
	char *text = NULL;
	size_t len = 0;
	int rc = read_text(c, path, &text, &len);
	if (rc)
		return rc;
	struct users u = {0};
	u.argc = argc;
	u.argv = argv;
	u.first = optind + 1;
	pwpol_config_errors *e = NULL;
	enum pwpol_status st = pwpol_junos_read(text, len, path, one_user, &u, NULL, &e);
	if (st == PWPOL_EINVAL)
		rc = config_failed(c, e);
	else if (st != PWPOL_OK || u.nomem)
		rc = cli_fail(c, EXIT_SYSTEM, "out of memory");
	pwpol_config_errors_free(e);
	/* Every user of the file at one time: when it was taken over. */
	struct pwpol_import *go = rc ? NULL : calloc(u.n + 1, sizeof *go);
	struct pwpol_import_result *res = go ? calloc(u.n + 1, sizeof *res) : NULL;
	size_t ngo = 0;
	if (!rc && !res)
		rc = cli_fail(c, EXIT_SYSTEM, "out of memory");
	for (size_t i = 0; !rc && i < u.n; i++) {
		u.in[i].changed = c->now;
		if (!u.skip[i])
			go[ngo++] = u.in[i];
	}
	if (!rc) {
		st = pwpol_account_import_many(c->store, c->policy, go, ngo, dry, c->now, res,
		                               c->report);
		if (st != PWPOL_OK)
			rc = store_failed(c, st, "import");
	}
	struct import_tally t = {0};
	for (size_t i = 0, k = 0; !rc && i < u.n; i++) {
		struct pwpol_import_result none = {0};
		import_print(c, dry, u.in[i].name, u.skip[i], 0, u.skip[i] ? &none : &res[k], &t);
		if (!u.skip[i] && !c->json && res[k].st == PWPOL_OK && u.in[i].account_class[0])
			printf("  class %s\n", u.in[i].account_class);
		if (!u.skip[i])
			k++;
	}
	if (!rc) {
		import_print_tally(c, dry, &t);
		rc = t.exists + t.skipped ? EXIT_REJECTED : 0;
		if (t.imported && !dry)
			c->store_created = 0;
		c->dry_run = dry;
	}
	free(res);
	free(go);
	for (size_t i = 0; i < u.nowned; i++)
		free(u.owned[i]);
	free(u.owned);
	free(u.in);
	free(u.skip);
	pwpol_wipe(text, len);
	free(text);
	return rc;
}

static int no_user(const struct pwpol_junos_user *j, void *arg)
{
	(void)j;
	(void)arg;
	return 0;
}

int config_import_junos(struct cli *c, const char *path)
{
	char *text = NULL, *policy = NULL;
	size_t len = 0;
	int rc = read_text(c, path, &text, &len);
	if (rc)
		return rc;
	pwpol_config_errors *e = NULL;
	enum pwpol_status st = pwpol_junos_read(text, len, path, no_user, NULL, &policy, &e);
	if (st == PWPOL_EINVAL)
		rc = config_failed(c, e);
	else if (st != PWPOL_OK)
		rc = cli_fail(c, EXIT_SYSTEM, "out of memory");
	pwpol_config_errors_free(e);
	char *buf;
	size_t blen;
	FILE *out = rc ? NULL : cli_text_open(c, &buf, &blen);
	if (!rc && !out)
		rc = cli_fail(c, EXIT_SYSTEM, "out of memory");
	if (out) {
		fprintf(out,
		        "/* from junos %s: system login password, retry-options and the classes' "
		        "permissions; its users: pwpol import junos */\n",
		        path);
		/* The junos profile first: a router's policy, not the SSR's. */
		fputs("set system login password profile junos\n", out);
		fputs(policy, out);
		rc = cli_text_close(c, out, &buf, rc, "config");
	}
	free(policy);
	free(text);
	return rc;
}
