/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * import.c - `pwpol import shadow [--file PATH] [NAME...]`: takes over the
 * accounts of a Unix machine from shadow(5) (default /etc/shadow), each
 * with its hash as it is and its last-change day as the time the password
 * was set. A locked (`!`, `*`) or empty password is reported and skipped;
 * the file is only read.
 */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SHADOW_DAY 86400L

/* 1 if name is one of the names asked for (all when none were). */
static int wanted(const char *name, int argc, char **argv, int first)
{
	if (first >= argc)
		return 1;
	for (int i = first; i < argc; i++)
		if (strcmp(argv[i], name) == 0)
			return 1;
	return 0;
}

/* One line of shadow(5), name:hash:lastchange[:...], split in place: 0,
 * or the sentence for a line that is not one (at least the three fields,
 * a name, a last-change day of digits that pwpol can reason about). */
static const char *split_shadow(char *line, char **name, char **hash, long long *day)
{
	char *c1 = strchr(line, ':');
	char *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
	if (!c2)
		return "not a shadow(5) line (name:password:lastchange:...)";
	*c1 = *c2 = 0;
	*name = line;
	*hash = c1 + 1;
	char *last = c2 + 1;
	char *end = strchr(last, ':');
	if (end)
		*end = 0;
	if (!**name)
		return "no user name";
	*day = 0;
	for (const char *d = last; *d; d++) {
		if (*d < '0' || *d > '9')
			return "the last-change day is not a number of days";
		/* Days up to the end of 9999 (PWPOL_TIME_MAX): no sum overflows. */
		*day = *day * 10 + (*d - '0');
		if (*day > PWPOL_TIME_MAX / SHADOW_DAY)
			return "the last-change day is past the year 9999";
	}
	return NULL;
}

/* Pass one: every line checked before any is imported, so that a file
 * with a line pwpol cannot read imports nothing. 0 or the exit status. */
static int check_file(struct cli *c, FILE *f, const char *path)
{
	char *line = NULL;
	size_t cap = 0;
	int rc = 0;
	for (long n = 1; !rc && getline(&line, &cap, f) > 0; n++) {
		line[strcspn(line, "\n")] = 0;
		char *name, *hash;
		long long day;
		const char *bad = line[0] ? split_shadow(line, &name, &hash, &day) : NULL;
		if (bad)
			rc = cli_fail(c, EXIT_USAGE, "%s:%ld: %s; nothing imported", path, n, bad);
	}
	if (line)
		pwpol_wipe(line, cap);
	free(line);
	return rc;
}

static int import_shadow(struct cli *c, int argc, char **argv)
{
	static const struct option lo[] = {{"file", required_argument, 0, 'f'}, {0, 0, 0, 0}};
	const char *path = "/etc/shadow";
	int o;
	while ((o = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		if (o == 'f')
			path = optarg;
		else
			return cli_option_error(c, "import shadow", argv, lo);
	}
	char refused[512];
	int fd = pwpol_input_open(path, refused, sizeof refused);
	FILE *f = fd >= 0 ? fdopen(fd, "r") : NULL;
	if (!f) {
		if (fd >= 0)
			close(fd);
		return cli_fail(c, EXIT_USAGE, "%s", fd >= 0 ? strerror(errno) : refused);
	}
	int bad = check_file(c, f, path);
	if (bad || fseek(f, 0, SEEK_SET) != 0) {
		fclose(f);
		return bad ? bad : cli_fail(c, EXIT_USAGE, "%s: cannot read it twice", path);
	}
	char *line = NULL;
	size_t cap = 0;
	int worst = 0;
	size_t imported = 0, skipped = 0;
	while (getline(&line, &cap, f) > 0) {
		line[strcspn(line, "\n")] = 0;
		char *name, *hash;
		long long day;
		if (!line[0])
			continue;
		if (split_shadow(line, &name, &hash, &day)) {
			/* Changed since pass one: stop there. */
			worst = cli_fail(c, EXIT_USAGE, "%s: changed while it was read", path);
			break;
		}
		if (!wanted(name, argc, argv, optind))
			continue;
		const char *why = NULL;
		if (!hash[0])
			why = "no password (empty field)";
		else if (hash[0] == '!' || hash[0] == '*')
			why = "locked or no password login";
		enum pwpol_status st = PWPOL_OK;
		if (!why) {
			time_t changed = day > 0 ? (time_t)(day * SHADOW_DAY) : c->now;
			st = pwpol_account_import(c->store, c->policy, name, hash, changed, c->now,
			                          c->report);
			if (st == PWPOL_EEXIST)
				why = "already an account";
			else if (st == PWPOL_REJECTED)
				why = "not a username pwpol takes";
			else if (st == PWPOL_EINVAL)
				why = "a hash pwpol does not know, or too costly to verify";
			else if (st != PWPOL_OK) {
				worst = store_failed(c, st, name);
				break;
			}
		}
		if (why) {
			skipped++;
			worst = worst > EXIT_REJECTED ? worst : EXIT_REJECTED;
		} else {
			imported++;
		}
		if (c->json) {
			fputs("{\"name\":", stdout);
			json_str(stdout, name);
			printf(",\"imported\":%s", why ? "false" : "true");
			if (why)
				printf(",\"reason\":\"%s\"", why);
			puts("}");
		} else if (why) {
			printf("skipped %s: %s\n", name, why);
		} else {
			printf("imported %s\n", name);
		}
		pwpol_wipe(line, cap); /* the fields split with NULs, the hash too */
	}
	if (line)
		pwpol_wipe(line, cap);
	free(line);
	fclose(f);
	if (!c->json)
		printf("%zu imported, %zu skipped\n", imported, skipped);
	return worst;
}

static const struct cli_command subcommands[] = {
    {"shadow", import_shadow,
     "import shadow [--file PATH] [NAME...]\nTakes over Unix accounts from shadow(5) (default "
     "/etc/shadow): each hash as it is, the last change as the password's time; locked or "
     "empty passwords are reported and skipped. The file is only read.",
     NEEDS_POLICY | NEEDS_STORE},
};

int cmd_import(struct cli *c, int argc, char **argv)
{
	return cli_run_sub(c, "import", subcommands, sizeof subcommands / sizeof *subcommands, argc,
	                   argv);
}
