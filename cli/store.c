/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * store.c - `pwpol store copy FROM TO [--merge]`, `pwpol store check` and
 * `pwpol store upgrade`: moving accounts between a SQLite file and a
 * PostgreSQL database, checking a store, and its explicit upgrade. Parsing and printing only; the
 * work is pwpol_store_copy and pwpol_store_check. A subcommand table in the shape of the main one.
 */
#include "cli.h"

#include <string.h>
#include <unistd.h>

static int opened(struct cli *c, pwpol_store **s, const char *name, int create)
{
	char msg[512] = "";
	enum pwpol_status st = pwpol_store_open(s, name, create, msg, sizeof msg);
	if (st != PWPOL_OK)
		cli_fail(c, EXIT_SYSTEM, "%s", msg[0] ? msg : pwpol_status_name(st));
	return st == PWPOL_OK;
}

/* A target file this run made, removed again with its journal files when
 * the copy fails (a refused copy leaves nothing behind). */
static void drop_made(const char *path)
{
	static const char *const suffix[] = {"", "-wal", "-shm", "-journal"};
	for (size_t i = 0; i < sizeof suffix / sizeof *suffix; i++) {
		char p[4096];
		if (snprintf(p, sizeof p, "%s%s", path, suffix[i]) < (int)sizeof p)
			unlink(p);
	}
}

static int store_copy(struct cli *c, int argc, char **argv)
{
	const char *names[2] = {NULL, NULL};
	int merge = 0, n = 0;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--merge") == 0)
			merge = 1;
		else if (argv[i][0] == '-' && strcmp(argv[i], "-") != 0)
			return cli_usage_error(c, "store copy: unknown option '%s'", argv[i]);
		else if (n < 2)
			names[n++] = argv[i];
		else
			return cli_usage_error(c, "store copy: one FROM and one TO");
	}
	if (n != 2)
		return cli_usage(c);
	if (cli_uri_password(c, "store copy FROM", names[0]) ||
	    cli_uri_password(c, "store copy TO", names[1]))
		return EXIT_USAGE;
	pwpol_store *from = NULL, *to = NULL;
	if (!opened(c, &from, names[0], 0))
		return EXIT_SYSTEM;
	int made = !pwpol_store_is_uri(names[1]) && access(names[1], F_OK) != 0;
	if (!opened(c, &to, names[1], 1)) {
		pwpol_store_close(from);
		return EXIT_SYSTEM;
	}
	/* --as: proved where the copy reads and, for a merge, where it
	 * writes; the library asks each for its permission. */
	pwpol_store *acted[2] = {from, merge ? to : NULL};
	int rc = cli_act_as_on(c, acted, 2);
	if (rc) {
		pwpol_store_close(from);
		pwpol_store_close(to);
		if (made)
			drop_made(names[1]);
		return rc;
	}
	size_t copied = 0;
	enum pwpol_status st = pwpol_store_copy(from, to, merge, &copied);
	rc = pwpol_exit_status(st);
	if (st != PWPOL_OK) {
		const char *e = pwpol_store_error(to);
		if (!strcmp(e, "no error"))
			e = pwpol_store_error(from);
		cli_fail(c, rc, "store copy: %s", e);
	} else if (c->json) {
		printf("{\"ok\":true,\"copied\":%zu}\n", copied);
	} else {
		printf("copied %zu account%s\n", copied, copied == 1 ? "" : "s");
	}
	pwpol_store_close(from);
	pwpol_store_close(to);
	if (rc && made)
		drop_made(names[1]);
	return rc;
}

static int store_check(struct cli *c, int argc, char **argv)
{
	(void)argv;
	if (argc != 1)
		return cli_usage(c);
	pwpol_store *s = NULL;
	if (!opened(c, &s, c->db, 0))
		return EXIT_SYSTEM;
	int rc = cli_act_as_on(c, &s, 1);
	if (rc) {
		pwpol_store_close(s);
		return rc;
	}
	int version = 0;
	size_t accounts = 0;
	enum pwpol_status st = pwpol_store_check(s, &version, &accounts);
	rc = pwpol_exit_status(st);
	if (st != PWPOL_OK)
		cli_fail(c, rc, "store check: %s", pwpol_store_error(s));
	else if (c->json)
		printf("{\"ok\":true,\"kind\":\"%s\",\"version\":%d,\"accounts\":%zu}\n",
		       pwpol_store_kind(s), version, accounts);
	else
		printf("ok: %s store, layout version %d, %zu account%s\n", pwpol_store_kind(s),
		       version, accounts, accounts == 1 ? "" : "s");
	pwpol_store_close(s);
	return rc;
}

/* The schema is the database owner's (or the file owner's): an account's
 * class does not reach it, so --as has nothing to act as here. */
static int store_upgrade(struct cli *c, int argc, char **argv)
{
	(void)argv;
	if (argc != 1)
		return cli_usage_error(c, "usage: pwpol store upgrade   (the store of --db)");
	if (c->as)
		return cli_usage_error(c, "store upgrade: --as does not apply (the database's or "
		                          "the file's owner upgrades the store)");
	char msg[512] = "";
	int from = 0, to = 0, known = 0;
	enum pwpol_status st = pwpol_store_upgrade(c->db, &from, &to, &known, msg, sizeof msg);
	if (st != PWPOL_OK)
		return cli_fail(c, pwpol_exit_status(st), "store upgrade: %s",
		                msg[0] ? msg : pwpol_status_name(st));
	const char *kind = pwpol_store_is_uri(c->db) ? "postgresql" : "sqlite";
	if (c->json)
		printf("{\"ok\":true,\"kind\":\"%s\",\"from\":%d,\"to\":%d,\"known\":%d}\n", kind,
		       from, to, known);
	else if (to > from)
		printf("upgraded: %s store, layout version %d to %d\n", kind, from, to);
	else if (to > known)
		printf(
		    "ok: %s store at layout version %d, newer than this pwpol knows (%d): nothing "
		    "to upgrade\n",
		    kind, to, known);
	else
		printf("ok: %s store at layout version %d: nothing to upgrade\n", kind, to);
	return EXIT_OK_;
}

static const struct cli_command subcommands[] = {
    {"copy", store_copy,
     "store copy FROM TO [--merge]\nCopies every account with its history and state from one "
     "store to another (a SQLite path or a postgresql:// URI), in one transaction; a target "
     "that holds accounts is refused unless --merge.",
     0},
    {"upgrade", store_upgrade,
     "store upgrade\nBrings the store of --db up to this pwpol's layout. A PostgreSQL store is "
     "never upgraded when opened: nodes on the older package use it before and after this "
     "step (README, \"Upgrades without an outage\").",
     0},
    {"check", store_check,
     "store check\nChecks the store of --db: the engine's own check, the layout version, no "
     "history without its account.",
     0},
};

int cmd_store(struct cli *c, int argc, char **argv)
{
	return cli_run_sub(c, "store", subcommands, sizeof subcommands / sizeof *subcommands, argc,
	                   argv);
}
