/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * account.c - what an administrator sets on an account besides its
 * password: enabled or disabled (SSR), and its login class (Junos), with
 * shadow's spelling `usermod --class`. The library decides who may.
 */
#include "cli.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

static int set_enabled(struct cli *c, int argc, char **argv, int enabled)
{
	if (argc != 2 || argv[1][0] == '-')
		return cli_usage(c);
	enum pwpol_status st =
	    pwpol_account_set_enabled(c->store, c->policy, argv[1], enabled, c->now);
	if (st != PWPOL_OK)
		return store_failed(c, st, argv[1]);
	if (c->json)
		puts("{\"ok\":true}");
	else
		printf("%s %s\n", enabled ? "enabled" : "disabled", argv[1]);
	return 0;
}

int cmd_enable(struct cli *c, int argc, char **argv)
{
	return set_enabled(c, argc, argv, 1);
}

int cmd_disable(struct cli *c, int argc, char **argv)
{
	return set_enabled(c, argc, argv, 0);
}

int cmd_usermod(struct cli *c, int argc, char **argv)
{
	static const struct option lo[] = {{"class", required_argument, 0, 'C'}, {0, 0, 0, 0}};
	const char *cls = NULL;
	int o;
	while ((o = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		if (o != 'C')
			return cli_option_error(c, "usermod", argv, lo);
		cls = optarg;
	}
	if (!cls || optind != argc - 1 || argv[optind][0] == '-')
		return cli_usage(c);
	const char *name = argv[optind];
	enum pwpol_status st = pwpol_account_set_class(c->store, c->policy, name, cls, c->now);
	if (st != PWPOL_OK)
		return store_failed(c, st, name);
	if (c->json)
		puts("{\"ok\":true}");
	else
		printf("%s: class %s\n", name, cls);
	return 0;
}
