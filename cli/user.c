/*
 * user.c - the account commands: init (admin, root and t128 together),
 * useradd, userdel, passwd (the user's change and an administrator's
 * reset), login, unlock. Each reads what it needs, calls one library
 * decision and prints its answer; every secret is wiped before return.
 */
#include "cli.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

/* Options shared by init, useradd and passwd --reset. */
struct set_opts {
	const char *hash;
	int factory_default;
	int reset;
};

/* The index of the first argument after the options, or -1 after a usage
 * error was said. */
static int parse_set_opts(struct cli *c, int argc, char **argv, struct set_opts *so)
{
	static const struct option lo[] = {{"password-hash", required_argument, 0, 'H'},
	                                   {"factory-default", no_argument, 0, 'F'},
	                                   {"reset", no_argument, 0, 'R'},
	                                   {0, 0, 0, 0}};
	int o;
	while ((o = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		if (o == 'H')
			so->hash = optarg;
		else if (o == 'F')
			so->factory_default = 1;
		else if (o == 'R')
			so->reset = 1;
		else {
			cli_usage_error(c, "%s: bad option", argv[0]);
			return -1;
		}
	}
	return optind;
}

/* Fills a pwpol_secret from --password-hash or a password read; 0 or an
 * exit status. */
static int get_new_secret(struct cli *c, const struct set_opts *so, struct secret *s,
                          struct pwpol_secret *ps)
{
	memset(ps, 0, sizeof *ps);
	if (so->hash) {
		ps->hash = so->hash;
		return 0;
	}
	int rc = read_secret(c, "New password: ", 1, s);
	ps->pw = s->s;
	ps->len = s->len;
	return rc;
}

int cmd_init(struct cli *c, int argc, char **argv)
{
	struct set_opts so = {0};
	int i = parse_set_opts(c, argc, argv, &so);
	if (i < 0)
		return EXIT_USAGE;
	if (so.reset || i != argc)
		return cli_usage_error(c, "init takes no argument");
	struct secret s;
	struct pwpol_secret ps;
	int rc = get_new_secret(c, &so, &s, &ps);
	if (rc) {
		pwpol_wipe(&s, sizeof s);
		return rc;
	}
	enum pwpol_status st =
	    pwpol_account_init(c->store, c->policy, &ps, so.factory_default, c->now, c->report);
	pwpol_wipe(&s, sizeof s);
	if (st != PWPOL_OK && st != PWPOL_REJECTED && st != PWPOL_EINVAL)
		return store_failed(c, st, "init");
	if (st == PWPOL_EINVAL && !pwpol_report_count(c->report))
		return cli_fail(c, EXIT_USAGE, "not a usable password hash");
	return report_result(c, st, "initialized: admin, root, t128");
}

int cmd_useradd(struct cli *c, int argc, char **argv)
{
	struct set_opts so = {0};
	int i = parse_set_opts(c, argc, argv, &so);
	if (i < 0)
		return EXIT_USAGE;
	if (so.reset || so.factory_default || i != argc - 1)
		return cli_usage_error(c, "useradd needs one NAME");
	const char *name = argv[i];
	struct secret s;
	struct pwpol_secret ps;
	int rc = get_new_secret(c, &so, &s, &ps);
	if (rc) {
		pwpol_wipe(&s, sizeof s);
		return rc;
	}
	enum pwpol_status st = pwpol_account_add(c->store, c->policy, name, &ps, c->now, c->report);
	pwpol_wipe(&s, sizeof s);
	if (st == PWPOL_ESYSTEM || st == PWPOL_ENOMEM || st == PWPOL_EEXIST)
		return store_failed(c, st, name);
	if (st == PWPOL_EINVAL && !pwpol_report_count(c->report))
		return cli_fail(c, EXIT_USAGE, "not a usable password hash");
	char what[128];
	snprintf(what, sizeof what, "added %s (temporary password: change at first login)", name);
	return report_result(c, st, what);
}

int cmd_passwd(struct cli *c, int argc, char **argv)
{
	struct set_opts so = {0};
	int i = parse_set_opts(c, argc, argv, &so);
	if (i < 0)
		return EXIT_USAGE;
	if (so.factory_default || i != argc - 1 || (so.hash && !so.reset))
		return cli_usage_error(c, "usage: pwpol passwd [--reset [--password-hash H]] NAME");
	const char *name = argv[i];
	enum pwpol_status st;
	struct secret old, s;
	memset(&old, 0, sizeof old);
	memset(&s, 0, sizeof s);
	int rc = 0;
	if (so.reset) {
		struct pwpol_secret ps;
		rc = get_new_secret(c, &so, &s, &ps);
		if (rc == 0)
			st = pwpol_account_reset(c->store, c->policy, name, &ps, c->now, c->report);
	} else {
		rc = read_secret(c, "Current password: ", 0, &old);
		if (rc == 0)
			rc = read_secret(c, "New password: ", 1, &s);
		if (rc == 0)
			st = pwpol_account_change(c->store, c->policy, name, old.s, old.len, s.s,
			                          s.len, c->now, c->report);
	}
	pwpol_wipe(&old, sizeof old);
	pwpol_wipe(&s, sizeof s);
	if (rc)
		return rc;
	if (st == PWPOL_ESYSTEM || st == PWPOL_ENOMEM || st == PWPOL_ENOENT)
		return store_failed(c, st, name);
	if (st == PWPOL_LOCKED && !c->json)
		printf("locked: %s cannot change its password while locked\n", name);
	else if (st == PWPOL_REJECTED && !pwpol_report_count(c->report) && !c->json)
		puts("rejected: wrong username or password");
	else if (st == PWPOL_EINVAL && !pwpol_report_count(c->report))
		return cli_fail(c, EXIT_USAGE, "not a usable password hash");
	return report_result(c, st,
	                     so.reset ? "password reset (temporary: change at next login)"
	                              : "password changed");
}

int cmd_login(struct cli *c, int argc, char **argv)
{
	if (argc != 2 || argv[1][0] == '-')
		return cli_usage_error(c, "usage: pwpol login NAME");
	const char *name = argv[1];
	struct secret s;
	int rc = read_secret(c, "Password: ", 0, &s);
	if (rc) {
		pwpol_wipe(&s, sizeof s);
		return rc;
	}
	enum pwpol_change_reason why = PWPOL_REASON_NONE;
	enum pwpol_status st =
	    pwpol_account_authenticate(c->store, c->policy, name, s.s, s.len, c->now, &why);
	pwpol_wipe(&s, sizeof s);
	const char *reason = pwpol_change_reason_name(why);
	if (st == PWPOL_ESYSTEM || st == PWPOL_ENOMEM)
		return store_failed(c, st, name);
	if (c->json) {
		printf("{\"ok\":%s,\"status\":\"%s\"",
		       st == PWPOL_OK || st == PWPOL_CHANGE_REQUIRED ? "true" : "false",
		       pwpol_status_name(st));
		if (st == PWPOL_CHANGE_REQUIRED)
			printf(",\"reason\":\"%s\"", reason);
		puts("}");
	} else {
		switch (st) {
		case PWPOL_OK: puts("ok"); break;
		case PWPOL_CHANGE_REQUIRED:
			printf("ok: password change required (%s)\n", reason);
			break;
		case PWPOL_LOCKED: puts("locked: too many failed logins; try again later"); break;
		case PWPOL_EINVAL: puts("invalid: unusable password input"); break;
		default: puts("rejected: wrong username or password"); break;
		}
	}
	return pwpol_exit_status(st);
}

/* userdel and unlock: one name, one call, one line. */
static int one_name(struct cli *c, int argc, char **argv,
                    enum pwpol_status (*fn)(pwpol_store *, const char *, time_t), const char *done)
{
	if (argc != 2 || argv[1][0] == '-')
		return cli_usage_error(c, "usage: pwpol %s NAME", argv[0]);
	const char *name = argv[1];
	enum pwpol_status st = fn(c->store, name, c->now);
	if (st != PWPOL_OK)
		return store_failed(c, st, name);
	if (c->json)
		puts("{\"ok\":true}");
	else
		printf("%s %s\n", done, name);
	return 0;
}

int cmd_userdel(struct cli *c, int argc, char **argv)
{
	return one_name(c, argc, argv, pwpol_account_delete, "deleted");
}

int cmd_unlock(struct cli *c, int argc, char **argv)
{
	return one_name(c, argc, argv, pwpol_account_unlock, "unlocked");
}
