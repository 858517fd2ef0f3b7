/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * batch.c - `useradd --batch` and `passwd --batch`: NAME:PASSWORD lines on
 * standard input, as chpasswd(8) reads them, each line one library call
 * (its own transaction: pwpol_account_add or pwpol_account_reset), each
 * answered on a line of its own with its line number. A line that fails
 * does not stop the next. No password is printed, not even part of a
 * malformed line, and each is wiped as soon as its call returns.
 */
#include "cli.h"

#include <string.h>

/* One line's answer: "line N: NAME: what", or its JSON object. name may be
 * NULL (a line that holds none). */
static void answer(struct cli *c, unsigned long n, const char *name, enum pwpol_status st,
                   const char *what, const char *error)
{
	if (c->json) {
		printf("{\"line\":%lu,\"name\":", n);
		if (name)
			json_str(stdout, name);
		else
			fputs("null", stdout);
		printf(",\"ok\":%s,\"status\":\"%s\",", st == PWPOL_OK ? "true" : "false",
		       error && st == PWPOL_EINVAL ? "usage" : pwpol_status_name(st));
		if (error) {
			fputs("\"error\":", stdout);
			json_str(stdout, error);
			fputc(',', stdout);
		}
		print_findings_json(stdout, c->report);
		puts("}");
		return;
	}
	printf("line %lu: ", n);
	if (name) {
		json_str(stdout, name); /* a name may hold anything: escaped */
		fputs(": ", stdout);
	}
	if (error)
		printf("%s\n", error);
	else if (st == PWPOL_OK)
		printf("%s\n", what);
	else {
		fputs(st == PWPOL_EINVAL ? "invalid: " : "rejected: ", stdout);
		print_findings_text(stdout, c->report, PWPOL_SEVERITY_ERROR);
		fputc('\n', stdout);
	}
}

/* The sentence for a status the report does not explain. */
static const char *why(struct cli *c, enum pwpol_status st)
{
	if (st == PWPOL_EEXIST)
		return "account already exists";
	if (st == PWPOL_ENOENT)
		return "no such account";
	if (pwpol_report_count(c->report) && (st == PWPOL_REJECTED || st == PWPOL_EINVAL))
		return NULL;
	return *pwpol_store_error(c->store) ? pwpol_store_error(c->store) : pwpol_status_name(st);
}

/* One NAME:PASSWORD line (line[0..len), a buffer of the reader's, wiped
 * here); the line's exit status. */
static int one_line(struct cli *c, int add, const char *cls, unsigned long n, char *line,
                    size_t len)
{
	char *colon = memchr(line, ':', len);
	pwpol_report_clear(c->report);
	if (!colon || colon == line) {
		pwpol_wipe(line, len);
		answer(c, n, NULL, PWPOL_EINVAL, NULL, "not NAME:PASSWORD (the line is not shown)");
		return EXIT_USAGE;
	}
	char name[PWPOL_INPUT_MAX + 1];
	size_t nlen = (size_t)(colon - line);
	memcpy(name, line, nlen);
	name[nlen] = '\0';
	struct secret s;
	s.len = len - nlen - 1;
	memcpy(s.s, colon + 1, s.len);
	s.s[s.len] = '\0';
	pwpol_wipe(line, len);
	if (memchr(name, '\0', nlen)) {
		pwpol_wipe(&s, sizeof s);
		answer(c, n, NULL, PWPOL_EINVAL, NULL, "a NUL byte in the name");
		return EXIT_USAGE;
	}
	struct pwpol_secret ps = PWPOL_SECRET_INIT(.pw = s.s, .len = s.len);
	enum pwpol_status st =
	    add ? pwpol_account_add(c->store, c->policy, name, &ps, c->now, c->report)
	        : pwpol_account_reset(c->store, c->policy, name, &ps, c->now, c->report);
	pwpol_wipe(&s, sizeof s);
	if (st == PWPOL_OK && add && cls)
		st = pwpol_account_set_class(c->store, c->policy, name, cls, c->now);
	answer(c, n, name, st,
	       add ? "added (temporary password: change at first login)"
	           : "password reset (temporary: change at next login)",
	       st == PWPOL_OK ? NULL : why(c, st));
	fflush(stdout);
	return pwpol_exit_status(st);
}

int batch_accounts(struct cli *c, int add, const char *cls)
{
	unsigned perms;
	if (cls && pwpol_class_permissions(c->policy, cls, &perms) != PWPOL_OK)
		return cli_usage_error(c,
		                       "--class %.40s: no such class (super-user, operator, "
		                       "read-only, unauthorized, or one the configuration defines)",
		                       cls);
	struct reader *r = stdin_lines();
	if (!r)
		return cli_fail(c, EXIT_SYSTEM, "out of memory");
	int worst = 0;
	char *line;
	size_t len;
	enum line_status ls;
	for (unsigned long n = 1; (ls = reader_line(r, &line, &len)) != LINE_EOF; n++) {
		int rc;
		if (ls == LINE_ERROR)
			return cli_fail(c, EXIT_SYSTEM, "line %lu: cannot read standard input", n);
		if (ls == LINE_TOO_LONG) {
			pwpol_report_clear(c->report);
			answer(c, n, NULL, PWPOL_EINVAL, NULL,
			       "longer than the longest line taken");
			rc = EXIT_USAGE;
		} else if (len == 0) {
			continue; /* an empty line, as at the end of a file */
		} else {
			rc = one_line(c, add, cls, n, line, len);
		}
		/* The worst status; a store that failed outranks a refused line. */
		if (rc > worst)
			worst = rc;
	}
	return worst;
}
