/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * token.c - `pwpol token add|list|revoke`: the API tokens of `pwpol web`'s
 * JSON API, one per account, acting as it with its class. Parsing and
 * printing only; who may, and what is kept (the token's hash), is the
 * library's (pwpol_token_add).
 */
#include "cli.h"

#include <string.h>

static int one(struct cli *c, int argc, char **argv)
{
	if (argc != 2 || argv[1][0] == '-')
		return cli_usage_error(c, "usage: pwpol token %s NAME", argv[0]);
	return 0;
}

/* The token goes to standard output once, alone on its line, for a
 * script to capture (`TOKEN=$(pwpol token add ansible)`); it is not kept. */
static int token_add(struct cli *c, int argc, char **argv)
{
	int rc = one(c, argc, argv);
	if (rc)
		return rc;
	char token[PWPOL_TOKEN_LEN + 1];
	enum pwpol_status st = pwpol_token_add(c->store, argv[1], c->now, token, sizeof token);
	if (st == PWPOL_EEXIST)
		return cli_fail(c, pwpol_exit_status(st), "%s", pwpol_store_error(c->store));
	if (st != PWPOL_OK)
		return store_failed(c, st, argv[1]);
	if (c->json) {
		printf("{\"ok\":true,\"account\":");
		json_str(stdout, argv[1]);
		printf(",\"token\":\"%s\"}\n", token);
	} else {
		printf("%s\n", token);
	}
	fflush(stdout);
	pwpol_wipe(token, sizeof token);
	if (!c->json)
		fprintf(stderr,
		        "pwpol: the API token of %s, shown this once: send it as "
		        "\"Authorization: Bearer TOKEN\"\n",
		        argv[1]);
	return 0;
}

static int token_revoke(struct cli *c, int argc, char **argv)
{
	int rc = one(c, argc, argv);
	if (rc)
		return rc;
	enum pwpol_status st = pwpol_token_revoke(c->store, argv[1], c->now);
	if (st == PWPOL_ENOENT)
		return cli_fail(c, pwpol_exit_status(st), "%s: no token (or no such account)",
		                argv[1]);
	if (st != PWPOL_OK)
		return store_failed(c, st, argv[1]);
	if (c->json)
		puts("{\"ok\":true}");
	else
		printf("revoked the token of %s\n", argv[1]);
	return 0;
}

struct listing {
	struct cli *c;
	size_t n;
};

static int list_one(const struct pwpol_token_info *t, void *ctx)
{
	struct listing *l = ctx;
	char when[40];
	fmt_time(t->created, when, sizeof when);
	if (l->c->json) {
		/* The header with the first row: a refusal prints its own line. */
		fputs(l->n ? "," : "{\"ok\":true,\"tokens\":[", stdout);
		fputs("{\"account\":", stdout);
		json_str(stdout, t->account);
		printf(",\"created\":\"%s\"}", when);
	} else {
		printf("%-24s %s\n", t->account, when);
	}
	l->n++;
	return 0;
}

static int token_list(struct cli *c, int argc, char **argv)
{
	(void)argv;
	if (argc != 1)
		return cli_usage_error(c, "usage: pwpol token list");
	struct listing l = {c, 0};
	if (!c->json)
		printf("%-24s %s\n", "ACCOUNT", "CREATED");
	enum pwpol_status st = pwpol_token_each(c->store, list_one, &l);
	if (c->json && l.n)
		puts("]}");
	if (st != PWPOL_OK)
		return store_failed(c, st, NULL);
	if (c->json && !l.n)
		puts("{\"ok\":true,\"tokens\":[]}");
	return 0;
}

static const struct cli_command subcommands[] = {
    {"add", token_add,
     "token add NAME\nMakes the API token of account NAME (for `pwpol web`'s JSON API, acting "
     "as NAME with its class) and prints it once; the store keeps only its hash.",
     NEEDS_STORE},
    {"list", token_list, "token list\nThe accounts that have an API token, and since when.",
     NEEDS_STORE},
    {"revoke", token_revoke, "token revoke NAME\nRevokes the API token of account NAME.",
     NEEDS_STORE},
};

int cmd_token(struct cli *c, int argc, char **argv)
{
	return cli_run_sub(c, "token", subcommands, sizeof subcommands / sizeof *subcommands, argc,
	                   argv);
}
