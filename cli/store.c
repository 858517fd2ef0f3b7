/*
 * store.c - `pwpol store copy FROM TO [--merge]` and `pwpol store check`:
 * moving accounts between a SQLite file and a PostgreSQL database, and
 * checking a store. Parsing and printing only; the work is
 * pwpol_store_copy and pwpol_store_check.
 */
#include "pwpol.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

/* The command's context, laid out as pwpol.c declares it (to be shared
 * through one header when the commands are split into files). */
struct ctx {
	const char *db;
	const char *config;
	int json;
	time_t now;
	pwpol_policy *policy;
	pwpol_report *report;
	pwpol_store *store;
};

int cmd_store(struct ctx *c, int argc, char **argv);

static const char store_usage[] = "usage: pwpol store copy FROM TO [--merge]\n"
                                  "       pwpol store check   (the store of --db)\n";

static int usage(void)
{
	fputs(store_usage, stderr);
	return 2;
}

static int opened(pwpol_store **s, const char *name, int create)
{
	char msg[512] = "";
	enum pwpol_status st = pwpol_store_open(s, name, create, msg, sizeof msg);
	if (st != PWPOL_OK)
		fprintf(stderr, "pwpol: %s\n", msg[0] ? msg : pwpol_status_name(st));
	return st == PWPOL_OK;
}

static int store_copy(struct ctx *c, int argc, char **argv)
{
	const char *names[2] = {NULL, NULL};
	int merge = 0, n = 0;
	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--merge") == 0)
			merge = 1;
		else if (argv[i][0] == '-' && strcmp(argv[i], "-") != 0)
			return usage();
		else if (n < 2)
			names[n++] = argv[i];
		else
			return usage();
	}
	if (n != 2)
		return usage();
	pwpol_store *from = NULL, *to = NULL;
	if (!opened(&from, names[0], 0))
		return 5;
	if (!opened(&to, names[1], 1)) {
		pwpol_store_close(from);
		return 5;
	}
	size_t copied = 0;
	enum pwpol_status st = pwpol_store_copy(from, to, merge, &copied);
	if (st != PWPOL_OK) {
		const char *e = pwpol_store_error(to);
		if (!strcmp(e, "no error"))
			e = pwpol_store_error(from);
		fprintf(stderr, "pwpol: store copy: %s\n", e);
	} else if (c->json) {
		printf("{\"ok\":true,\"copied\":%zu}\n", copied);
	} else {
		printf("copied %zu account%s\n", copied, copied == 1 ? "" : "s");
	}
	pwpol_store_close(from);
	pwpol_store_close(to);
	return pwpol_exit_status(st);
}

static int store_check(struct ctx *c, int argc)
{
	if (argc != 2)
		return usage();
	pwpol_store *s = NULL;
	if (!opened(&s, c->db, 0))
		return 5;
	int version = 0;
	size_t accounts = 0;
	enum pwpol_status st = pwpol_store_check(s, &version, &accounts);
	if (st != PWPOL_OK)
		fprintf(stderr, "pwpol: store check: %s\n", pwpol_store_error(s));
	else if (c->json)
		printf("{\"ok\":true,\"kind\":\"%s\",\"version\":%d,\"accounts\":%zu}\n",
		       pwpol_store_kind(s), version, accounts);
	else
		printf("ok: %s store, layout version %d, %zu account%s\n", pwpol_store_kind(s),
		       version, accounts, accounts == 1 ? "" : "s");
	pwpol_store_close(s);
	return pwpol_exit_status(st);
}

int cmd_store(struct ctx *c, int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "copy") == 0)
		return store_copy(c, argc, argv);
	if (argc >= 2 && strcmp(argv[1], "check") == 0)
		return store_check(c, argc);
	if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		fputs(store_usage, stdout);
		return 0;
	}
	return usage();
}
