/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * show.c - `show [NAME]`: the state of accounts for a person (a table) or
 * a script (one JSON object a line); for one NAME also what `chage -l`
 * prints. Never a hash.
 */
#include "cli.h"

#include <stdio.h>
#include <time.h>

/* "3d 4h" style for a person. */
static void fmt_span(long secs, char *buf, size_t n)
{
	if (secs <= 0)
		snprintf(buf, n, "now");
	else if (secs >= 86400)
		snprintf(buf, n, "%ldd %ldh", secs / 86400, secs % 86400 / 3600);
	else if (secs >= 3600)
		snprintf(buf, n, "%ldh %ldm", secs / 3600, secs % 3600 / 60);
	else
		snprintf(buf, n, "%ldm %lds", secs / 60, secs % 60);
}

/* A lock under lock-time 0 has no end to show, only who ends it. */
#define UNTIL_UNLOCKED "locked until unlocked by an administrator"

struct show_ctx {
	struct cli *c;
	int n;
};

/* The JSON names of the account's own figures (enum pwpol_aging_field). */
static const char *const aging_json[PWPOL_AGING_COUNT] = {"min_days", "max_days", "warn_days",
                                                          "inactive_days", "expire_date"};

/* chage -l's date: "Dec 07, 2026" (UTC, C locale as chage in POSIX). */
static void chage_date(time_t t, char *buf, size_t n)
{
	static const char *const mon[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
	                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	struct tm tm;
	if (!gmtime_r(&t, &tm))
		snprintf(buf, n, "?");
	else
		snprintf(buf, n, "%s %02d, %d", mon[tm.tm_mon], tm.tm_mday, tm.tm_year + 1900);
}

/* What `chage -l NAME` prints, with pwpol's figures in force: an account's
 * own figure and the policy's meet as account-aging.c decides. */
static void show_chage(const struct pwpol_account_info *a, const pwpol_policy *p)
{
	char d[32];
	if (a->flags &
	    (PWPOL_ACCOUNT_MUST_CHANGE | PWPOL_ACCOUNT_TEMPORARY | PWPOL_ACCOUNT_FACTORY_DEFAULT))
		snprintf(d, sizeof d, "password must be changed");
	else
		chage_date(a->changed, d, sizeof d);
	printf("%-56s: %s\n", "Last password change", d);
	if (a->expires)
		chage_date(a->expires, d, sizeof d);
	else
		snprintf(d, sizeof d, "never");
	printf("%-56s: %s\n", "Password expires", d);
	if (a->inactive_from)
		chage_date(a->inactive_from, d, sizeof d);
	else
		snprintf(d, sizeof d, "never");
	printf("%-56s: %s\n", "Password inactive", d);
	if (a->aging.v[PWPOL_AGING_EXPIRE_DATE] >= 0)
		chage_date((time_t)a->aging.v[PWPOL_AGING_EXPIRE_DATE] * 86400, d, sizeof d);
	else
		snprintf(d, sizeof d, "never");
	printf("%-56s: %s\n", "Account expires", d);
	long own = a->aging.v[PWPOL_AGING_MIN_DAYS];
	printf("%-56s: %ld%s\n", "Minimum number of days between password change", a->min_days,
	       own >= 0 && own >= a->min_days ? "" : " (policy minimum-lifetime)");
	own = a->aging.v[PWPOL_AGING_MAX_DAYS];
	long pol = pwpol_policy_get(p, PWPOL_OPT_MAXIMUM_LIFETIME);
	if (own >= 0 && (pol <= 0 || own <= pol))
		printf("%-56s: %ld\n", "Maximum number of days between password change", own);
	else if (pol > 0)
		printf("%-56s: %ld (policy maximum-lifetime)\n",
		       "Maximum number of days between password change", pol);
	else
		printf("%-56s: %ld\n", "Maximum number of days between password change", own);
	printf("%-56s: %ld\n", "Number of days of warning before password expires", a->warn_days);
}

static int show_one(const struct pwpol_account_info *a, void *arg)
{
	struct show_ctx *sc = arg;
	time_t now = sc->c->now;
	char changed[32], locked[64], expires[64], cls[64];
	unsigned perms;
	/* A class the configuration in force lacks holds no permission. */
	int known = pwpol_class_permissions(sc->c->policy, a->account_class, &perms) == PWPOL_OK;
	snprintf(cls, sizeof cls, "%s%s", a->account_class, known ? "" : " (unknown: none)");
	fmt_time(a->changed, changed, sizeof changed);
	fmt_time(a->locked_until, locked, sizeof locked);
	int by_admin = a->locked_until == PWPOL_LOCKED_UNTIL_UNLOCKED;
	if (by_admin)
		snprintf(locked, sizeof locked, "%s", UNTIL_UNLOCKED);
	if (!a->expires)
		snprintf(expires, sizeof expires, "never");
	else if (a->expired)
		snprintf(expires, sizeof expires, "expired");
	else
		fmt_span((long)(a->expires - now), expires, sizeof expires);
	if (sc->c->json) {
		fputs("{\"name\":", stdout);
		json_str(stdout, a->name);
		printf(
		    ",\"state\":\"%s\",\"changed\":%lld,\"expires\":%lld,\"expired\":%s,"
		    "\"failures\":%u,\"locked_until\":%lld,\"until_unlocked\":%s,\"temporary\":%s,"
		    "\"factory_default\":%s,\"format\":\"%s\",\"history\":%u,",
		    pwpol_account_state(a), (long long)a->changed, (long long)a->expires,
		    a->expired ? "true" : "false", a->failures, (long long)a->locked_until,
		    by_admin ? "true" : "false",
		    a->flags & PWPOL_ACCOUNT_TEMPORARY ? "true" : "false",
		    a->flags & PWPOL_ACCOUNT_FACTORY_DEFAULT ? "true" : "false",
		    pwpol_format_name(a->format), a->history);
		fputs("\"class\":", stdout);
		json_str(stdout, a->account_class);
		printf(",\"class_known\":%s,\"disabled\":%s", known ? "true" : "false",
		       a->disabled ? "true" : "false");
		for (int f = 0; f < PWPOL_AGING_COUNT; f++)
			printf(",\"%s\":%ld", aging_json[f], a->aging.v[f]);
		printf(",\"min_days_in_force\":%ld,\"warn_days_in_force\":%ld,"
		       "\"inactive_from\":%lld,\"account_expired\":%s,\"must_change\":%s,"
		       "\"adopted\":%lld}\n",
		       a->min_days, a->warn_days, (long long)a->inactive_from,
		       a->account_expired ? "true" : "false",
		       a->flags & PWPOL_ACCOUNT_MUST_CHANGE ? "true" : "false",
		       (long long)a->adopted);
	} else {
		if (sc->n == 0)
			printf("%-32s %-15s %-20s %-10s %-8s %-20s %s\n", "NAME", "STATE",
			       "CHANGED", "EXPIRES IN", "FAILURES", "LOCKED UNTIL", "CLASS");
		/* 32: the longest name pwpol_username_check takes. */
		printf("%-32s %-15s %-20s %-10s %-8u %-20s %s\n", a->name, pwpol_account_state(a),
		       changed, expires, a->failures, locked, cls);
	}
	sc->n++;
	return 0;
}

int cmd_show(struct cli *c, int argc, char **argv)
{
	if (argc > 2 || (argc == 2 && argv[1][0] == '-'))
		return cli_usage(c);
	struct show_ctx sc = {c, 0};
	enum pwpol_status st;
	if (argc == 2) {
		struct pwpol_account_info a;
		st = pwpol_account_info(c->store, c->policy, argv[1], c->now, &a);
		if (st == PWPOL_OK) {
			show_one(&a, &sc);
			if (!c->json)
				show_chage(&a, c->policy);
		}
	} else {
		st = pwpol_account_each(c->store, c->policy, c->now, show_one, &sc);
	}
	if (st != PWPOL_OK)
		return store_failed(c, st, argc == 2 ? argv[1] : "show");
	return 0;
}
