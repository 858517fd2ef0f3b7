/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * shadow.c - `pwpol import shadow|opasswd` and `pwpol export
 * shadow|opasswd`: moving the accounts of a Unix machine in and out
 * without losing a field. shadow(5): the hash, the last change, the five
 * aging fields and the expiry date; a `!`-locked hash comes in disabled
 * with its hash kept. pam_pwhistory's opasswd: each account's earlier
 * hashes into its history. The whole file is read and judged before
 * anything is written, so a bad line names its number and nothing is
 * imported; the accounts go in in one transaction (the library's).
 */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SHADOW_DAY    86400L
#define SHADOW_FIELDS 9
/* The last day a time pwpol reasons about falls on (PWPOL_TIME_MAX). */
#define SHADOW_DAY_MAX (PWPOL_TIME_MAX / SHADOW_DAY)

/* A file's lines, kept so that every account can point into them. */
struct lines {
	char **v;
	size_t n;
};

static void lines_free(struct lines *l)
{
	for (size_t i = 0; i < l->n; i++) {
		pwpol_wipe(l->v[i], strlen(l->v[i]));
		free(l->v[i]);
	}
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

static int lines_read(struct cli *c, const char *path, struct lines *l)
{
	/* A FIFO or a device is refused at once, never waited on. */
	char refused[512];
	int fd = pwpol_input_open(path, refused, sizeof refused);
	FILE *f = fd >= 0 ? fdopen(fd, "r") : NULL;
	if (!f) {
		if (fd >= 0)
			close(fd);
		return cli_fail(c, EXIT_USAGE, "%s", fd >= 0 ? strerror(errno) : refused);
	}
	char *line = NULL;
	size_t cap = 0;
	ssize_t got;
	int rc = 0;
	while ((got = getline(&line, &cap, f)) >= 0) {
		if (got > 0 && line[got - 1] == '\n')
			line[got - 1] = 0;
		char **v = realloc(l->v, (l->n + 1) * sizeof *v);
		char *dup = v ? strdup(line) : NULL;
		if (v)
			l->v = v;
		if (!dup) {
			rc = cli_fail(c, EXIT_SYSTEM, "out of memory");
			break;
		}
		l->v[l->n++] = dup;
	}
	if (!rc && ferror(f))
		rc = cli_fail(c, EXIT_USAGE, "%s: %s", path, strerror(errno));
	if (line)
		pwpol_wipe(line, cap);
	free(line);
	fclose(f);
	return rc;
}

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

/* Splits line in place at ':' into at most max fields; their number. */
static size_t split(char *line, char sep, char **field, size_t max)
{
	size_t n = 0;
	char *p = line;
	for (;;) {
		if (n == max)
			return max + 1; /* too many */
		field[n++] = p;
		char *q = strchr(p, sep);
		if (!q)
			return n;
		*q = 0;
		p = q + 1;
	}
}

/* A shadow number field: "" (none, -1) or lo..hi. */
static int number(const char *s, long lo, long hi, long *out)
{
	if (!*s || strcmp(s, "-1") == 0) {
		*out = PWPOL_AGING_UNSET;
		return 1;
	}
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || *end || s[0] == '-' || s[0] == '+' || v < lo || v > hi)
		return 0;
	*out = v;
	return 1;
}

/* One account of the file, and why it is skipped before the library
 * sees it (NULL: it goes in). */
struct entry {
	size_t line;
	struct pwpol_import in;
	const char *skip;
};

/* Reads a shadow line into e; 0 with the sentence in *bad. */
static int parse_shadow(char *line, time_t now, struct entry *e, const char **bad)
{
	char *f[SHADOW_FIELDS];
	size_t n = split(line, ':', f, SHADOW_FIELDS);
	if (n != SHADOW_FIELDS) {
		*bad = "not a shadow(5) line: it needs 9 fields separated by ':'";
		return 0;
	}
	if (!f[0][0]) {
		*bad = "no name in the first field";
		return 0;
	}
	memset(&e->in, 0, sizeof e->in);
	e->in.name = f[0];
	long day;
	if (!number(f[2], 0, SHADOW_DAY_MAX, &day)) {
		/* Days up to the end of 9999 (PWPOL_TIME_MAX): no sum overflows. */
		*bad = strspn(f[2], "0123456789") == strlen(f[2])
		           ? "the last-change day is past the year 9999"
		           : "the last-change day is not a number of days";
		return 0;
	}
	static const char *const what[PWPOL_AGING_COUNT] = {
	    "the minimum days (field 4) are not a day count from 0 to 99999",
	    "the maximum days (field 5) are not a day count from 0 to 99999",
	    "the warning days (field 6) are not a day count from 0 to 99999",
	    "the inactive days (field 7) are not a day count from 0 to 99999",
	    "the expiry date (field 8) is not a day count from 0 to 99999"};
	for (int i = 0; i < PWPOL_AGING_COUNT; i++)
		if (!number(f[3 + i], 0, PWPOL_AGING_DAYS_MAX, &e->in.aging.v[i])) {
			*bad = what[i];
			return 0;
		}
	/* Day 0 is passwd -e; an empty last change (aging off there) starts
	 * its age at the import. */
	if (day == 0)
		e->in.flags = PWPOL_ACCOUNT_MUST_CHANGE;
	e->in.changed = day > 0 ? (time_t)(day * SHADOW_DAY) : now;
	char *h = f[1];
	if (!h[0]) {
		e->skip = "no password (empty field)";
		return 1;
	}
	if (h[0] == '!' || h[0] == '*') {
		/* usermod -L / passwd -l put a `!` before the hash: the account
		 * comes in disabled with its hash, to be enabled again. */
		while (*h == '!' || *h == '*')
			h++;
		if (!*h) {
			e->skip = "locked, with no password behind the lock";
			return 1;
		}
		e->in.disabled = 1;
	}
	e->in.hash = h;
	return 1;
}

static const char *why_not(enum pwpol_status st)
{
	switch (st) {
	case PWPOL_EEXIST: return "already an account";
	case PWPOL_REJECTED: return "not a username pwpol takes";
	case PWPOL_EINVAL: return "a hash pwpol does not know, or too costly to verify";
	default: return "not imported";
	}
}

void import_print(struct cli *c, int dry, const char *name, const char *skip, int disabled,
                  const struct pwpol_import_result *r, struct import_tally *t)
{
	const char *why = skip ? skip : r->st != PWPOL_OK ? why_not(r->st) : NULL;
	int exists = !skip && r->st == PWPOL_EEXIST;
	if (!why)
		t->imported++;
	else if (exists)
		t->exists++;
	else
		t->skipped++;
	int ok = !why;
	t->expired += ok && (r->expired || r->account_expired);
	if (c->json) {
		fputs("{\"name\":", stdout);
		json_str(stdout, name);
		printf(",\"imported\":%s,\"result\":\"%s\"", ok && !dry ? "true" : "false",
		       ok       ? (dry ? "would-import" : "imported")
		       : exists ? "exists"
		                : "skipped");
		if (why)
			printf(",\"reason\":\"%s\"", why);
		if (ok)
			printf(",\"disabled\":%s,\"expired\":%s,\"account_expired\":%s,"
			       "\"rehash\":%s",
			       disabled ? "true" : "false", r->expired ? "true" : "false",
			       r->account_expired ? "true" : "false", r->rehash ? "true" : "false");
		puts("}");
		return;
	}
	if (why) {
		printf("%s %s: %s\n", dry ? "would skip" : "skipped", name, why);
		return;
	}
	printf("%s %s", dry ? "would import" : "imported", name);
	const char *sep = " (";
	if (disabled) {
		printf("%sdisabled: locked there, its hash kept", sep);
		sep = "; ";
	}
	if (r->account_expired) {
		printf("%sexpired on arrival: past its expiry date or inactive period, refused",
		       sep);
		sep = "; ";
	} else if (r->expired) {
		printf("%sexpired on arrival: the password must change at the first login", sep);
		sep = "; ";
	}
	if (r->rehash) {
		printf("%srehashed in the policy's format at its next login", sep);
		sep = "; ";
	}
	puts(sep[0] == ';' ? ")" : "");
}

void import_print_tally(struct cli *c, int dry, const struct import_tally *t)
{
	if (c->json)
		printf("{\"summary\":true,\"dry_run\":%s,\"imported\":%zu,\"exists\":%zu,"
		       "\"skipped\":%zu,\"expired\":%zu}\n",
		       dry ? "true" : "false", t->imported, t->exists, t->skipped, t->expired);
	else
		printf("%s%zu %s, %zu skipped (%zu already there), %zu expired on arrival\n",
		       dry ? "dry run, nothing written: " : "", t->imported,
		       dry ? "would be imported" : "imported", t->exists + t->skipped, t->exists,
		       t->expired);
}

int import_shadow(struct cli *c, int argc, char **argv)
{
	static const struct option lo[] = {
	    {"file", required_argument, 0, 'f'}, {"dry-run", no_argument, 0, 'n'}, {0, 0, 0, 0}};
	const char *path = "/etc/shadow";
	int o, dry = 0;
	while ((o = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		if (o == 'f')
			path = optarg;
		else if (o == 'n')
			dry = 1;
		else
			return cli_option_error(c, "import shadow", argv, lo);
	}
	struct lines l = {0};
	int rc = lines_read(c, path, &l);
	struct entry *e = rc ? NULL : calloc(l.n + 1, sizeof *e);
	struct pwpol_import *in = e ? calloc(l.n + 1, sizeof *in) : NULL;
	struct pwpol_import_result *res = in ? calloc(l.n + 1, sizeof *res) : NULL;
	size_t n = 0, go = 0;
	if (!rc && !res)
		rc = cli_fail(c, EXIT_SYSTEM, "out of memory");
	for (size_t i = 0; !rc && i < l.n; i++) {
		const char *bad = NULL;
		if (!l.v[i][0])
			continue;
		e[n].line = i + 1;
		if (l.v[i][0] == '+' || l.v[i][0] == '-') {
			/* NIS compat entries (+name, +@netgroup, -name) name accounts
			 * kept elsewhere: said, never an error. */
			l.v[i][strcspn(l.v[i], ":")] = 0;
			e[n].in.name = l.v[i];
			e[n].skip = "a NIS compat entry, not an account of this file";
			n++;
			continue;
		}
		if (!parse_shadow(l.v[i], c->now, &e[n], &bad)) {
			rc = cli_fail(c, EXIT_USAGE, "%s:%zu: %s; nothing imported", path, i + 1,
			              bad);
			break;
		}
		if (wanted(e[n].in.name, argc, argv, optind))
			n++;
	}
	for (size_t i = 0; !rc && i < n; i++)
		if (!e[i].skip)
			in[go++] = e[i].in;
	enum pwpol_status st = PWPOL_OK;
	if (!rc) {
		st = pwpol_account_import_many(c->store, c->policy, in, go, dry, c->now, res,
		                               c->report);
		if (st != PWPOL_OK)
			rc = store_failed(c, st, "import");
	}
	struct import_tally t = {0};
	for (size_t i = 0, k = 0; !rc && i < n; i++) {
		struct pwpol_import_result none = {0};
		import_print(c, dry, e[i].in.name, e[i].skip, e[i].in.disabled,
		             e[i].skip ? &none : &res[k], &t);
		if (!e[i].skip)
			k++;
	}
	if (!rc) {
		import_print_tally(c, dry, &t);
		rc = t.exists + t.skipped ? EXIT_REJECTED : 0;
		/* A store made for the accounts keeps them, skipped ones or not. */
		if (t.imported && !dry)
			c->store_created = 0;
		c->dry_run = dry;
	}
	free(res);
	free(in);
	free(e);
	lines_free(&l);
	return rc;
}

/* ---- opasswd ---------------------------------------------------------- */

int import_opasswd(struct cli *c, int argc, char **argv)
{
	static const struct option lo[] = {
	    {"file", required_argument, 0, 'f'}, {"dry-run", no_argument, 0, 'n'}, {0, 0, 0, 0}};
	const char *path = "/etc/security/opasswd";
	int o, dry = 0;
	while ((o = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		if (o == 'f')
			path = optarg;
		else if (o == 'n')
			dry = 1;
		else
			return cli_option_error(c, "import opasswd", argv, lo);
	}
	struct lines l = {0};
	int rc = lines_read(c, path, &l);
	/* Per line: name, and its hashes split in place. */
	char ***hashes = rc ? NULL : calloc(l.n + 1, sizeof *hashes);
	size_t *count = hashes ? calloc(l.n + 1, sizeof *count) : NULL;
	char **names = count ? calloc(l.n + 1, sizeof *names) : NULL;
	if (!rc && !names)
		rc = cli_fail(c, EXIT_SYSTEM, "out of memory");
	for (size_t i = 0; !rc && i < l.n; i++) {
		if (!l.v[i][0])
			continue;
		char *f[4];
		if (split(l.v[i], ':', f, 4) != 4 || !f[0][0]) {
			rc = cli_fail(c, EXIT_USAGE,
			              "%s:%zu: not an opasswd line (name:uid:count:hash,hash,...); "
			              "nothing imported",
			              path, i + 1);
			break;
		}
		names[i] = f[0];
		size_t max = strlen(f[3]) / 2 + 2;
		hashes[i] = calloc(max, sizeof **hashes);
		if (!hashes[i]) {
			rc = cli_fail(c, EXIT_SYSTEM, "out of memory");
			break;
		}
		count[i] = f[3][0] ? split(f[3], ',', hashes[i], max) : 0;
		for (size_t k = 0; k < count[i]; k++)
			if (pwpol_hash_import_check(hashes[i][k], NULL, 0) != PWPOL_OK) {
				rc = cli_fail(
				    c, EXIT_USAGE,
				    "%s:%zu: hash %zu of %s is not one pwpol knows; nothing "
				    "imported",
				    path, i + 1, k + 1, f[0]);
				break;
			}
	}
	size_t done = 0, skipped = 0;
	for (size_t i = 0; !rc && i < l.n; i++) {
		if (!names[i] || !wanted(names[i], argc, argv, optind))
			continue;
		struct pwpol_account_info info;
		enum pwpol_status st =
		    pwpol_account_info(c->store, c->policy, names[i], c->now, &info);
		if (st == PWPOL_OK && !dry)
			st = pwpol_account_history_import(c->store, c->policy, names[i],
			                                  (const char *const *)hashes[i], count[i],
			                                  c->now);
		if (st == PWPOL_ENOENT) {
			skipped++;
			if (c->json) {
				fputs("{\"name\":", stdout);
				json_str(stdout, names[i]);
				puts(",\"imported\":false,\"reason\":\"no such account\"}");
			} else {
				printf("skipped %s: no such account\n", names[i]);
			}
			continue;
		}
		if (st != PWPOL_OK) {
			rc = store_failed(c, st, names[i]);
			break;
		}
		done++;
		if (c->json) {
			fputs("{\"name\":", stdout);
			json_str(stdout, names[i]);
			printf(",\"imported\":%s,\"hashes\":%zu}\n", dry ? "false" : "true",
			       count[i]);
		} else {
			printf("%s %s: %zu earlier password%s\n", dry ? "would import" : "imported",
			       names[i], count[i], count[i] == 1 ? "" : "s");
		}
	}
	if (!rc) {
		if (c->json)
			printf(
			    "{\"summary\":true,\"dry_run\":%s,\"imported\":%zu,\"skipped\":%zu}\n",
			    dry ? "true" : "false", done, skipped);
		else
			printf("%s%zu %s, %zu skipped (history kept to minimum-reuse)\n",
			       dry ? "dry run, nothing written: " : "", done,
			       dry ? "would be imported" : "imported", skipped);
		rc = skipped ? EXIT_REJECTED : 0;
	}
	for (size_t i = 0; hashes && i < l.n; i++)
		free(hashes[i]);
	free(hashes);
	free(count);
	free(names);
	lines_free(&l);
	return rc;
}

/* ---- export ----------------------------------------------------------- */

/* A shadow number field: empty for none. */
static void put_number(FILE *f, long v)
{
	if (v >= 0)
		fprintf(f, "%ld", v);
}

/* Where an export writes: the lines themselves, or with --json one
 * {"name","line"} object an account (each line made in buf first), so that
 * a script reading --json meets JSON only. */
struct export_ctx {
	FILE *out;
	FILE *passwd; /* export opasswd --passwd FILE, or NULL: the machine's */
	int json;
	int nomem;
	char *buf;
	size_t len;
};

/* The stream an account's line goes to, or NULL (out of memory). */
static FILE *line_start(struct export_ctx *x)
{
	if (!x->json)
		return x->out;
	FILE *f = open_memstream(&x->buf, &x->len);
	x->nomem = !f;
	return f;
}

/* The line made for name, as JSON; 0, or 1 to stop (out of memory). */
static int line_end(struct export_ctx *x, FILE *f, const char *name)
{
	if (!x->json)
		return 0;
	if (fclose(f) != 0 || !x->buf) {
		x->nomem = 1;
		free(x->buf);
		x->buf = NULL;
		return 1;
	}
	x->buf[strcspn(x->buf, "\n")] = 0;
	fputs("{\"name\":", x->out);
	json_str(x->out, name);
	fputs(",\"line\":", x->out);
	json_str(x->out, x->buf);
	fputs("}\n", x->out);
	pwpol_wipe(x->buf, x->len); /* hashes: not left in freed memory */
	free(x->buf);
	x->buf = NULL;
	return 0;
}

/* The end of an export: 0 or the exit status. */
static int export_done(struct cli *c, enum pwpol_status st, const struct export_ctx *x)
{
	if (x->nomem)
		return cli_fail(c, EXIT_SYSTEM, "out of memory");
	return st == PWPOL_OK ? 0 : store_failed(c, st, "export");
}

static int shadow_line(const struct pwpol_export *e, void *arg)
{
	struct export_ctx *x = arg;
	FILE *f = line_start(x);
	if (!f)
		return 1;
	long day = (e->flags & (PWPOL_ACCOUNT_MUST_CHANGE | PWPOL_ACCOUNT_TEMPORARY |
	                        PWPOL_ACCOUNT_FACTORY_DEFAULT))
	               ? 0
	               : (long)(e->changed / SHADOW_DAY);
	fprintf(f, "%s:%s%s:%ld", e->name, e->disabled ? "!" : "", e->hash, day);
	for (int i = 0; i < PWPOL_AGING_COUNT; i++) {
		fputc(':', f);
		put_number(f, e->aging.v[i]);
	}
	fputs(":\n", f);
	return line_end(x, f, e->name);
}

int export_shadow(struct cli *c, int argc, char **argv)
{
	static const struct option lo[] = {{0, 0, 0, 0}};
	if (getopt_long(argc, argv, "", lo, NULL) != -1)
		return cli_option_error(c, "export shadow", argv, lo);
	if (optind != argc)
		return cli_usage(c);
	struct export_ctx x = {stdout, NULL, c->json, 0, NULL, 0};
	enum pwpol_status st = pwpol_account_export(c->store, shadow_line, &x);
	return export_done(c, st, &x);
}

/* The uid of name in a passwd(5) file, or -1. */
static long uid_in(FILE *f, const char *name)
{
	rewind(f);
	struct passwd *pw;
	while ((pw = fgetpwent(f)) != NULL)
		if (strcmp(pw->pw_name, name) == 0)
			return (long)pw->pw_uid;
	return -1;
}

static int opasswd_line(const struct pwpol_export *e, void *arg)
{
	struct export_ctx *c = arg;
	if (!e->history_n)
		return 0;
	/* The uid as passwd(5) gives it; none when it does not know the name
	 * (pam_pwhistory matches entries by name). */
	long uid = -1;
	if (c->passwd) {
		uid = uid_in(c->passwd, e->name);
	} else {
		struct passwd *pw = getpwnam(e->name);
		uid = pw ? (long)pw->pw_uid : -1;
	}
	FILE *f = line_start(c);
	if (!f)
		return 1;
	fprintf(f, "%s:", e->name);
	if (uid >= 0)
		fprintf(f, "%ld", uid);
	fprintf(f, ":%zu:", e->history_n);
	for (size_t i = 0; i < e->history_n; i++)
		fprintf(f, "%s%s", i ? "," : "", e->history[i]);
	fputc('\n', f);
	return line_end(c, f, e->name);
}

int export_opasswd(struct cli *c, int argc, char **argv)
{
	static const struct option lo[] = {{"passwd", required_argument, 0, 'p'}, {0, 0, 0, 0}};
	struct export_ctx x = {stdout, NULL, c->json, 0, NULL, 0};
	const char *path = NULL;
	int o;
	while ((o = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		if (o != 'p')
			return cli_option_error(c, "export opasswd", argv, lo);
		path = optarg;
	}
	if (optind != argc)
		return cli_usage(c);
	if (path) {
		char refused[512];
		int fd = pwpol_input_open(path, refused, sizeof refused);
		if (fd < 0 || !(x.passwd = fdopen(fd, "r"))) {
			if (fd >= 0)
				close(fd);
			return cli_fail(c, EXIT_USAGE, "%s", fd >= 0 ? strerror(errno) : refused);
		}
	}
	enum pwpol_status st = pwpol_account_export(c->store, opasswd_line, &x);
	if (x.passwd)
		fclose(x.passwd);
	return export_done(c, st, &x);
}

static const struct cli_command export_subcommands[] = {
    {"shadow", export_shadow,
     "export shadow\nWrites every account as a shadow(5) line: its hash (`!` before it when "
     "disabled), last change (0: must change), its own aging and expiry.",
     NEEDS_POLICY | NEEDS_STORE},
    {"opasswd", export_opasswd,
     "export opasswd [--passwd FILE]\nWrites each account's earlier hashes as pam_pwhistory's "
     "opasswd, oldest first; the uid from FILE (default: the machine's passwd).",
     NEEDS_POLICY | NEEDS_STORE},
};

int cmd_export(struct cli *c, int argc, char **argv)
{
	return cli_run_sub(c, "export", export_subcommands,
	                   sizeof export_subcommands / sizeof *export_subcommands, argc, argv);
}
