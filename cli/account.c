/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * account.c - what an administrator sets on an account besides its
 * password: enabled or disabled (SSR), its login class (Junos), with
 * shadow's spelling `usermod --class`, and its own aging as chage(1) names
 * it (`usermod --max-days`, `passwd --expire`). The library decides who
 * may, and how an account's figure meets the policy's (account-aging.c).
 */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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

/* A day count as chage takes it: -1 (none) .. 99999. */
static int parse_days(const char *arg, long *out)
{
	char *end;
	errno = 0;
	long v = strtol(arg, &end, 10);
	if (errno || end == arg || *end || v < PWPOL_AGING_UNSET || v > PWPOL_AGING_DAYS_MAX)
		return 0;
	*out = v;
	return 1;
}

/* chage -E: YYYY-MM-DD (UTC), a day count since 1970-01-01, or -1. */
static int parse_date(const char *arg, long *out)
{
	if (parse_days(arg, out))
		return 1;
	struct tm tm;
	memset(&tm, 0, sizeof tm);
	const char *end = strptime(arg, "%Y-%m-%d", &tm);
	if (!end || *end)
		return 0;
	time_t t = timegm(&tm);
	if (t < 0 || t / 86400 > PWPOL_AGING_DAYS_MAX)
		return 0;
	*out = (long)(t / 86400);
	return 1;
}

int cmd_usermod(struct cli *c, int argc, char **argv)
{
	static const struct option lo[] = {{"class", required_argument, 0, 'C'},
	                                   {"min-days", required_argument, 0, 'm'},
	                                   {"max-days", required_argument, 0, 'M'},
	                                   {"warn-days", required_argument, 0, 'W'},
	                                   {"inactive", required_argument, 0, 'I'},
	                                   {"expire-date", required_argument, 0, 'E'},
	                                   {0, 0, 0, 0}};
	const char *cls = NULL;
	long v[PWPOL_AGING_COUNT];
	int given[PWPOL_AGING_COUNT] = {0}, any = 0;
	int o;
	while ((o = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		int f = o == 'm'   ? PWPOL_AGING_MIN_DAYS
		        : o == 'M' ? PWPOL_AGING_MAX_DAYS
		        : o == 'W' ? PWPOL_AGING_WARN_DAYS
		        : o == 'I' ? PWPOL_AGING_INACTIVE_DAYS
		        : o == 'E' ? PWPOL_AGING_EXPIRE_DATE
		                   : -1;
		if (o == 'C') {
			cls = optarg;
			continue;
		}
		if (f < 0)
			return cli_option_error(c, "usermod", argv, lo);
		if (!(f == PWPOL_AGING_EXPIRE_DATE ? parse_date(optarg, &v[f])
		                                   : parse_days(optarg, &v[f])))
			return cli_usage_error(
			    c, "usermod: --%s %.40s: not %s", pwpol_aging_field_name(f), optarg,
			    f == PWPOL_AGING_EXPIRE_DATE ? "a date (YYYY-MM-DD), a day count or -1"
			                                 : "a day count from -1 (none) to 99999");
		given[f] = any = 1;
	}
	if ((!cls && !any) || optind != argc - 1 || argv[optind][0] == '-')
		return cli_usage(c);
	const char *name = argv[optind];
	enum pwpol_status st = PWPOL_OK;
	if (cls)
		st = pwpol_account_set_class(c->store, c->policy, name, cls, c->now);
	for (int f = 0; st == PWPOL_OK && f < PWPOL_AGING_COUNT; f++)
		if (given[f])
			st = pwpol_account_set_aging(c->store, c->policy, name, f, v[f], c->now);
	if (st != PWPOL_OK)
		return store_failed(c, st, name);
	if (c->json) {
		puts("{\"ok\":true}");
		return 0;
	}
	if (cls)
		printf("%s: class %s\n", name, cls);
	for (int f = 0; f < PWPOL_AGING_COUNT; f++)
		if (given[f])
			printf("%s: %s %ld\n", name, pwpol_aging_field_name(f), v[f]);
	return 0;
}

int cmd_passwd_expire(struct cli *c, const char *name)
{
	enum pwpol_status st = pwpol_account_expire(c->store, c->policy, name, c->now);
	if (st != PWPOL_OK)
		return store_failed(c, st, name);
	if (c->json)
		puts("{\"ok\":true}");
	else
		printf("%s: password expired: it must be changed at the next login\n", name);
	return 0;
}
