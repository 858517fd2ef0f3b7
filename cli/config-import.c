/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * config-import.c - `pwpol config import KIND FILE [KIND FILE]...`: the
 * pwpol configuration that enforces what today's stack says
 * (pwquality.conf, faillock.conf, pwhistory.conf, login.defs), every
 * setting named with what became of it; and the text `config check
 * --against STANDARD --from KIND=FILE,...` judges. The library maps
 * (lib/config/config-import.c); this file writes the text.
 */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STATEMENTS_MAX 64

/* The statements made so far, the last of each name winning, as the tools
 * themselves let a later setting win. */
struct made {
	struct cli *c;
	FILE *notes; /* the comments, or NULL */
	struct {
		char section[16];
		char text[96];
		char where[300]; /* FILE:LINE or "default" */
	} st[STATEMENTS_MAX];
	size_t n;
};

/* The name a statement sets: its first word, without "no-". */
static size_t name_len(const char *s)
{
	if (strncmp(s, "no-", 3) == 0)
		s += 3;
	return strcspn(s, " ;");
}

static const char *bare(const char *s)
{
	return strncmp(s, "no-", 3) == 0 ? s + 3 : s;
}

static void add_statement(struct made *m, const char *section, const char *text, const char *where)
{
	size_t k = 0;
	for (; k < m->n; k++)
		if (name_len(m->st[k].text) == name_len(text) &&
		    strncmp(bare(m->st[k].text), bare(text), name_len(text)) == 0)
			break;
	if (k == m->n) {
		if (m->n == STATEMENTS_MAX)
			return;
		m->n++;
	}
	snprintf(m->st[k].section, sizeof m->st[k].section, "%s", section);
	snprintf(m->st[k].text, sizeof m->st[k].text, "%s", text);
	snprintf(m->st[k].where, sizeof m->st[k].where, "%s", where);
}

static int one_setting(const struct pwpol_foreign_setting *s, void *arg)
{
	struct made *m = arg;
	if (m->notes) {
		fprintf(m->notes, "/* %s: %s%s%s: ", s->where, s->key, s->value[0] ? " = " : "",
		        s->value);
		if (s->statement[0] && s->reason)
			fprintf(m->notes, "%s (%s) */\n", s->statement, s->reason);
		else if (s->statement[0])
			fprintf(m->notes, "%s */\n", s->statement);
		else
			fprintf(m->notes, "no pwpol equivalent: %s */\n",
			        s->reason ? s->reason : "none");
	}
	if (!s->statement[0])
		return 0;
	/* "change-type character-sets; minimum-changes 4": two statements. */
	char copy[96];
	snprintf(copy, sizeof copy, "%s", s->statement);
	char *save = NULL;
	for (char *t = strtok_r(copy, ";", &save); t; t = strtok_r(NULL, ";", &save)) {
		while (*t == ' ')
			t++;
		add_statement(m, s->section, t, s->where);
	}
	return 0;
}

/* Reads each (kind, file) into m; 0 or an exit status. */
static int read_all(struct cli *c, struct made *m, char **kinds, char **files, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		enum pwpol_foreign_kind k;
		if (pwpol_foreign_kind_by_name(kinds[i], &k) != PWPOL_OK)
			return cli_usage_error(c,
			                       "config import: '%.40s' is not pwquality, faillock, "
			                       "pwhistory or login.defs",
			                       kinds[i]);
		char err[512];
		if (m->notes)
			fprintf(m->notes, "/* from %s %s */\n", kinds[i], files[i]);
		if (pwpol_foreign_read(k, files[i], one_setting, m, err, sizeof err) != PWPOL_OK)
			return cli_fail(c, EXIT_USAGE, "%s", err);
	}
	return 0;
}

/* The hierarchy text of m's statements into f. */
static void write_text(FILE *f, const struct made *m)
{
	static const char *const sections[] = {"password", "lockout"};
	fputs("system {\n    login {\n", f);
	for (size_t s = 0; s < 2; s++) {
		int any = s == 0;
		for (size_t i = 0; !any && i < m->n; i++)
			any = strcmp(m->st[i].section, sections[s]) == 0;
		if (!any)
			continue;
		fprintf(f, "        %s {\n", sections[s]);
		if (s == 0)
			fputs("            profile junos;\n", f);
		for (size_t i = 0; i < m->n; i++)
			if (strcmp(m->st[i].section, sections[s]) == 0)
				fprintf(f, "            %s;\n", m->st[i].text);
		fputs("        }\n", f);
	}
	fputs("    }\n}\n", f);
}

int config_import(struct cli *c, int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "junos") == 0)
		return config_import_junos(c, argv[2]);
	if (argc < 3 || (argc - 1) % 2)
		return cli_usage(c);
	size_t n = (size_t)(argc - 1) / 2;
	char *kinds[16], *files[16];
	if (n > 16)
		return cli_usage_error(c, "config import: at most 16 files");
	for (size_t i = 0; i < n; i++) {
		kinds[i] = argv[1 + 2 * i];
		files[i] = argv[2 + 2 * i];
	}
	char *buf;
	size_t len;
	struct made *m = calloc(1, sizeof *m);
	FILE *out = m ? cli_text_open(c, &buf, &len) : NULL;
	if (!out) {
		free(m);
		return cli_fail(c, EXIT_SYSTEM, "out of memory");
	}
	m->c = c;
	m->notes = out;
	int rc = read_all(c, m, kinds, files, n);
	if (!rc)
		write_text(out, m);
	free(m);
	return cli_text_close(c, out, &buf, rc, "config");
}

int config_from_stack(struct cli *c, const char *spec, pwpol_policy **out)
{
	*out = NULL;
	char *copy = strdup(spec);
	struct made *m = copy ? calloc(1, sizeof *m) : NULL;
	char *kinds[16], *files[16];
	size_t n = 0;
	int rc = m ? 0 : cli_fail(c, EXIT_SYSTEM, "out of memory");
	char *save = NULL;
	for (char *t = rc ? NULL : strtok_r(copy, ",", &save); t && !rc;
	     t = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(t, '=');
		if (!eq || n == 16)
			rc = cli_usage_error(c,
			                     "--from %.60s: KIND=FILE,... (pwquality, faillock, "
			                     "pwhistory, login.defs)",
			                     t);
		else {
			*eq = 0;
			kinds[n] = t;
			files[n++] = eq + 1;
		}
	}
	if (!rc)
		rc = read_all(c, m, kinds, files, n);
	char *text = NULL;
	size_t len = 0;
	FILE *f = rc ? NULL : open_memstream(&text, &len);
	if (!rc && !f)
		rc = cli_fail(c, EXIT_SYSTEM, "out of memory");
	if (f) {
		write_text(f, m);
		fclose(f);
	}
	pwpol_config_errors *e = NULL;
	if (!rc && pwpol_config_parse(text, len, "--from", out, &e) != PWPOL_OK)
		rc = config_failed(c, e);
	pwpol_config_errors_free(e);
	/* Each figure traced to the line of today's file that set it. */
	for (size_t i = 0; !rc && i < m->n; i++) {
		char name[64];
		snprintf(name, sizeof name, "%.*s", (int)name_len(m->st[i].text),
		         bare(m->st[i].text));
		enum pwpol_opt opt;
		if (pwpol_opt_by_name(name, &opt) == PWPOL_OK)
			pwpol_policy_set_source(*out, opt, m->st[i].where);
	}
	free(text);
	free(m);
	free(copy);
	return rc;
}
