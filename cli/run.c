/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * run.c - running one command: its --help, the store opened (and removed
 * again when this run made it and the command failed), the policy in
 * force loaded, --as proved, then the command. Apart from pwpol.c's
 * table of commands, so that a command group with subcommands (config,
 * import, store) calls down into the dispatcher and never back up into
 * the file that names it.
 */
#include "cli.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void cli_print_usage(FILE *f, const struct cli_command *cmd)
{
	fprintf(f, "Usage: pwpol %s\n", cmd->usage);
	/* Every command on a store may act --as an account: whose password
	 * comes first on standard input, which a script must know. */
	if (cmd->flags & (NEEDS_STORE | MAY_STORE))
		fputs("With --as NAME, NAME's password is the first line of standard input (or "
		      "prompted),\nbefore the lines the command itself reads.\n",
		      f);
}

/* A row's usage as JSON: its first line, then what it does. */
void cli_usage_json(const struct cli_command *cmd, int whole)
{
	const char *u = cmd->usage;
	int n = (int)strcspn(u, "\n");
	char line[512];
	snprintf(line, sizeof line, "%.*s", n, u);
	fputs("{\"command\":", stdout);
	json_str(stdout, cmd->name);
	fputs(",\"usage\":", stdout);
	json_str(stdout, line);
	fputs(",\"text\":", stdout);
	json_str(stdout, u[n] ? u + n + 1 : "");
	fputs(whole ? ",\"ok\":true}\n" : "}", stdout);
}

const struct cli_command *cli_find(const struct cli_command *t, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(t[i].name, name) == 0)
			return &t[i];
	return NULL;
}

/* 1 if the arguments ask for help (before any "--"). */
static int wants_help(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			return 0;
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
			return 1;
	}
	return 0;
}

/* The policy in force: the store's committed configuration when a store
 * is open and has one, else the file, else the built-in profile. */
static int load_policy(struct cli *c)
{
	if (c->policy)
		return 0;
	pwpol_config_errors *e = NULL;
	enum pwpol_status st = pwpol_policy_load_from(c->store, c->config, c->now, &c->policy, &e,
	                                              c->policy_from, sizeof c->policy_from);
	if (st == PWPOL_OK) {
		print_config_errors(e); /* its warnings */
		pwpol_config_errors_free(e);
		return 0;
	}
	int had_errors = pwpol_config_errors_count(e) > 0;
	if (had_errors)
		config_failed(c, e);
	pwpol_config_errors_free(e);
	if (st == PWPOL_ENOMEM)
		return cli_fail(c, EXIT_SYSTEM, "out of memory");
	if (st == PWPOL_ESYSTEM && strcmp(c->policy_from, "the store") == 0)
		return cli_fail(c, EXIT_SYSTEM, "%s", pwpol_store_error(c->store));
	/* Unreadable or wrong: a configuration error. */
	if (had_errors)
		return EXIT_USAGE;
	return cli_fail(c, EXIT_USAGE, "%s: cannot load the configuration",
	                c->policy_from[0] ? c->policy_from : "built-in profile");
}

static int open_store(struct cli *c, int create)
{
	if (c->store)
		return 0;
	if (create && !pwpol_store_is_uri(c->db)) {
		/* The store's directory is made private if we make it. */
		char dir[PATH_MAX];
		snprintf(dir, sizeof dir, "%s", c->db);
		char *slash = strrchr(dir, '/');
		if (slash && slash != dir) {
			*slash = 0;
			if (mkdir(dir, 0700) != 0 && errno != EEXIST)
				return cli_fail(c, EXIT_SYSTEM,
				                "%s: cannot create the directory: %s", dir,
				                strerror(errno));
		}
	}
	char msg[512] = "";
	enum pwpol_status st = pwpol_store_open(&c->store, c->db, create, msg, sizeof msg);
	if (st != PWPOL_OK) /* whatever the cause, the store is not usable */
		return cli_fail(c, EXIT_SYSTEM, "%s", msg[0] ? msg : pwpol_status_name(st));
	c->store_created = pwpol_store_created(c->store);
	return 0;
}

/* A store this run made for a command that then failed is removed again,
 * with its journal files: a failed `init` leaves nothing behind. The
 * library keeps it when another pwpol made something of it meanwhile. */
static void drop_created_store(struct cli *c)
{
	pwpol_store_discard(c->store);
	c->store = NULL;
}

static int prove_failed(struct cli *c, pwpol_store *s, enum pwpol_status st)
{
	if (s == c->store)
		return store_failed(c, st, c->as);
	if (st == PWPOL_ENOENT)
		return cli_fail(c, pwpol_exit_status(st), "%s: no such account", c->as);
	return cli_fail(c, pwpol_exit_status(st), "%s", pwpol_store_error(s));
}

/* NAME's password (sec) proved on store s exactly as `pwpol login` proves
 * it (failures counted, the same answers) under pol, then s acts with
 * NAME's class. The library decides every permission from there. */
static int prove_on(struct cli *c, pwpol_store *s, const pwpol_policy *pol,
                    const struct secret *sec)
{
	enum pwpol_change_reason why = PWPOL_REASON_NONE;
	enum pwpol_status st =
	    pwpol_account_authenticate(s, pol, c->as, sec->s, sec->len, c->now, &why);
	if (st == PWPOL_ESYSTEM || st == PWPOL_ENOMEM)
		return prove_failed(c, s, st);
	if (st == PWPOL_LOCKED)
		return cli_fail(c, EXIT_LOCKED,
		                "--as %s: locked: too many failed logins; try again "
		                "later",
		                c->as);
	if (st == PWPOL_EINVAL)
		return cli_fail(c, EXIT_USAGE, "--as %s: unusable password input", c->as);
	if (st != PWPOL_OK && st != PWPOL_CHANGE_REQUIRED)
		return cli_fail(c, EXIT_REJECTED, "--as %s: wrong username or password", c->as);
	/* A password that must change leaves the actor nothing but that
	 * change: the library says so at the first call it refuses. */
	st = pwpol_store_act_as(s, pol, c->as, c->now);
	if (st != PWPOL_OK)
		return prove_failed(c, s, st);
	return 0;
}

static int read_as_secret(struct cli *c, struct secret *sec)
{
	char prompt[96];
	snprintf(prompt, sizeof prompt, "Password for %.63s: ", c->as);
	return read_secret(c, prompt, 0, sec);
}

/* --as NAME on the store of --db, opened by the dispatcher. */
static int act_as(struct cli *c)
{
	struct secret sec;
	int rc = read_as_secret(c, &sec);
	if (!rc)
		rc = prove_on(c, c->store, c->policy, &sec);
	pwpol_wipe(&sec, sizeof sec);
	if (!rc)
		c->acting = 1;
	return rc;
}

int cli_act_as_on(struct cli *c, pwpol_store *const *stores, size_t n)
{
	if (!c->as)
		return 0;
	struct secret sec;
	int rc = read_as_secret(c, &sec);
	for (size_t i = 0; !rc && i < n; i++) {
		if (!stores[i])
			continue;
		/* Each store's own policy: its committed configuration, else
		 * the file's. */
		pwpol_policy *pol = NULL;
		pwpol_config_errors *e = NULL;
		char from[320];
		enum pwpol_status st = pwpol_policy_load_from(stores[i], c->config, c->now, &pol,
		                                              &e, from, sizeof from);
		if (st != PWPOL_OK) {
			if (pwpol_config_errors_count(e))
				config_failed(c, e);
			rc = cli_fail(c, st == PWPOL_ESYSTEM ? EXIT_SYSTEM : EXIT_USAGE,
			              "--as %s: cannot load the policy of a store", c->as);
		} else {
			rc = prove_on(c, stores[i], pol, &sec);
		}
		pwpol_config_errors_free(e);
		pwpol_policy_free(pol);
	}
	pwpol_wipe(&sec, sizeof sec);
	return rc;
}

int cli_run(struct cli *c, const struct cli_command *cmd, int argc, char **argv)
{
	if (!(cmd->flags & SUBCOMMANDS) || argc == 2) {
		if (wants_help(argc, argv)) {
			if (c->json)
				cli_usage_json(cmd, 1);
			else
				cli_print_usage(stdout, cmd);
			return 0;
		}
	}
	/* The store first: its committed configuration is the policy of its
	 * accounts. No read writes: an overdue commit confirmed is read as
	 * rolled back, and recorded by the next config commit, confirm or
	 * rollback (pwpol_config_settle). */
	int rc = 0;
	int store =
	    (cmd->flags & NEEDS_STORE) ||
	    ((cmd->flags & MAY_STORE) && (pwpol_store_is_uri(c->db) || access(c->db, F_OK) == 0));
	if (store)
		rc = open_store(c, (cmd->flags & CREATES_STORE) != 0);
	if (rc == 0 && ((cmd->flags & NEEDS_POLICY) || (c->as && c->store)))
		rc = load_policy(c);
	if (rc == 0 && c->as && c->store && !c->acting)
		rc = act_as(c);
	if (rc) {
		if (c->store_created)
			drop_created_store(c);
		return rc;
	}
	optind = 0; /* glibc: start the command's getopt afresh */
	c->cmd = cmd;
	rc = cmd->fn(c, argc, argv);
	if (((rc != 0 && rc != EXIT_CHANGE) || c->dry_run) && c->store_created)
		drop_created_store(c);
	return rc;
}

int cli_run_sub(struct cli *c, const char *cmd, const struct cli_command *t, size_t n, int argc,
                char **argv)
{
	const struct cli_command *sub = argc >= 2 ? cli_find(t, n, argv[1]) : NULL;
	if (!sub) {
		char names[128] = "";
		for (size_t i = 0; i < n; i++)
			snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s",
			         i ? ", " : "", t[i].name);
		return cli_usage_error(c, "%s: %s (%s)", cmd,
		                       argc >= 2 ? "unknown subcommand" : "give a subcommand",
		                       names);
	}
	return cli_run(c, sub, argc - 1, argv + 1);
}
