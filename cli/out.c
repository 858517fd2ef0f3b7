/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * out.c - everything `pwpol` prints: error sentences, findings as text or
 * JSON, the answer of an account command, times. Messages come from the
 * library (pwpol_finding_message); this file only lays them out.
 */
#include "cli.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void verr(struct cli *c, int status, const char *hint, const char *fmt, va_list ap)
{
	char msg[1024];
	vsnprintf(msg, sizeof msg, fmt, ap);
	fprintf(stderr, "pwpol: %s%s\n", msg, hint);
	if (c && c->json) {
		printf("{\"ok\":false,\"status\":\"%s\",\"error\":",
		       status == EXIT_USAGE ? "usage"
		       : status == EXIT_NOT_PERMITTED
		           ? pwpol_status_name(PWPOL_NOT_PERMITTED)
		           : pwpol_status_name((enum pwpol_status)status));
		json_str(stdout, msg);
		fputs("}\n", stdout);
	}
}

int cli_fail(struct cli *c, int status, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	verr(c, status, "", fmt, ap);
	va_end(ap);
	return status;
}

/* The usage lines of a row (all but its last line, which says what the
 * command does), joined with "; " into buf. */
static void usage_of(const struct cli_command *cmd, char *buf, size_t n)
{
	const char *u = cmd->usage, *end = strrchr(u, '\n');
	if (!end)
		end = u + strlen(u);
	size_t k = 0;
	buf[0] = '\0';
	for (const char *p = u; p < end && k + 1 < n;) {
		size_t len = strcspn(p, "\n");
		const char *line = p;
		line += strspn(line, " ");
		if (strncmp(line, "pwpol ", 6) == 0)
			line += 6;
		k += (size_t)snprintf(buf + k, n - k, "%spwpol %.*s", k ? "; " : "",
		                      (int)(len - (size_t)(line - p)), line);
		p += len + 1;
	}
}

int cli_usage(struct cli *c)
{
	char u[600] = "";
	if (c && c->cmd)
		usage_of(c->cmd, u, sizeof u);
	return cli_fail(c, EXIT_USAGE, "usage: %s", u[0] ? u : "pwpol --help");
}

int cli_usage_error(struct cli *c, const char *fmt, ...)
{
	char hint[640] = " (see 'pwpol --help')";
	if (c && c->cmd) {
		char u[600];
		usage_of(c->cmd, u, sizeof u);
		snprintf(hint, sizeof hint, " (usage: %s)", u);
	}
	va_list ap;
	va_start(ap, fmt);
	/* One line: a script that keeps the last line of stderr keeps why. */
	verr(c, EXIT_USAGE, hint, fmt, ap);
	va_end(ap);
	return EXIT_USAGE;
}

int cli_option_error(struct cli *c, const char *cmd, char **argv, const struct option *lo)
{
	/* getopt stays quiet (opterr 0, main): the word it stopped at is
	 * named here, once, with the command. */
	const char *word = optind > 0 ? argv[optind - 1] : "";
	const char *sep = cmd ? ": " : "";
	cmd = cmd ? cmd : "";
	if (strncmp(word, "--", 2) == 0) {
		size_t n = strcspn(word + 2, "=");
		for (const struct option *o = lo; o && o->name; o++)
			if (strlen(o->name) == n && strncmp(o->name, word + 2, n) == 0 &&
			    o->has_arg == required_argument)
				return cli_usage_error(c, "%s%soption '--%s' needs a value", cmd,
				                       sep, o->name);
		return cli_usage_error(c, "%s%sunknown option '%.*s'", cmd, sep, (int)(n + 2),
		                       word);
	}
	for (const struct option *o = lo; optopt && o && o->name; o++)
		if (o->val == optopt && o->has_arg == required_argument)
			return cli_usage_error(c, "%s%soption '-%c' needs a value", cmd, sep,
			                       optopt);
	if (optopt)
		return cli_usage_error(c, "%s%sunknown option '-%c'", cmd, sep, optopt);
	return cli_usage_error(c, "%s%sunknown option '%.60s'", cmd, sep, word);
}

FILE *cli_text_open(struct cli *c, char **buf, size_t *len)
{
	*buf = NULL;
	*len = 0;
	return c->json ? open_memstream(buf, len) : stdout;
}

int cli_text_close(struct cli *c, FILE *f, char **buf, int rc, const char *key)
{
	if (!c->json)
		return rc;
	/* *buf is the text once the stream is closed. */
	if (fclose(f) != 0 || !*buf)
		rc = rc ? rc : cli_fail(c, EXIT_SYSTEM, "out of memory");
	if (!rc) {
		printf("{\"ok\":true,\"%s\":", key);
		json_str(stdout, *buf);
		puts("}");
	}
	free(*buf);
	*buf = NULL;
	return rc;
}

/* The length of the well-formed UTF-8 sequence at p (RFC 3629: no
 * overlong form, no surrogate, nothing above U+10FFFF), or 0. */
static size_t utf8_len(const unsigned char *p)
{
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		return (p[1] & 0xc0) == 0x80 ? 2 : 0;
	if (p[0] >= 0xe0 && p[0] <= 0xef) {
		unsigned lo = p[0] == 0xe0 ? 0xa0 : 0x80, hi = p[0] == 0xed ? 0x9f : 0xbf;
		return p[1] >= lo && p[1] <= hi && (p[2] & 0xc0) == 0x80 ? 3 : 0;
	}
	if (p[0] >= 0xf0 && p[0] <= 0xf4) {
		unsigned lo = p[0] == 0xf0 ? 0x90 : 0x80, hi = p[0] == 0xf4 ? 0x8f : 0xbf;
		return p[1] >= lo && p[1] <= hi && (p[2] & 0xc0) == 0x80 && (p[3] & 0xc0) == 0x80
		           ? 4
		           : 0;
	}
	return 0;
}

/* A JSON string: the runs that need no escape are written whole (a stream of
 * `check --json` prints a message a candidate). Bytes that are not UTF-8
 * (a name typed in Latin-1, a file's junk) become U+FFFD, each: JSON is
 * UTF-8, and a parser refuses the rest. */
void json_str(FILE *f, const char *s)
{
	fputc('"', f);
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		const unsigned char *run = p;
		for (;;) {
			if (*p >= 0x80) {
				size_t n = utf8_len(p);
				if (!n)
					break;
				p += n;
			} else if (*p && *p != '"' && *p != '\\' && *p >= 0x20 && *p != 0x7f) {
				p++;
			} else {
				break;
			}
		}
		fwrite(run, 1, (size_t)(p - run), f);
		if (!*p)
			break;
		if (*p == '"' || *p == '\\')
			fprintf(f, "\\%c", *p);
		else if (*p >= 0x80)
			fputs("\\ufffd", f);
		else
			fprintf(f, "\\u%04x", *p);
		p++;
	}
	fputc('"', f);
}

/* -1 means no figure applies (the username rule): null, not a number. The
 * digits by hand: printf's parsing costs more than the whole check. */
static void json_figure(FILE *f, long v)
{
	if (v < 0) {
		fputs("null", f);
		return;
	}
	char d[24], *e = d + sizeof d, *q = e;
	unsigned long u = (unsigned long)v;
	do
		*--q = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	fwrite(q, 1, (size_t)(e - q), f);
}

/*
 * The message of a finding, from a small cache: a stream of `check`
 * meets the same few findings (a rule, its figure required and the figure
 * found) again and again, and making the sentence costs more than the
 * check. The message depends on those three only (pwpol_finding_message)
 * and holds no part of a password.
 */
#define MESSAGE_CACHE 64

struct cached_message {
	int used;
	enum pwpol_rule rule;
	long need, have;
	char msg[256];
	char text[320]; /* "rule: message", as the text output shows it */
	size_t text_len;
};

static const struct cached_message *cached(const struct pwpol_finding *x)
{
	static struct cached_message cache[MESSAGE_CACHE];
	unsigned long h =
	    (unsigned long)x->rule * 131u + (unsigned long)x->need * 31u + (unsigned long)x->have;
	struct cached_message *e = &cache[h % MESSAGE_CACHE];
	if (!e->used || e->rule != x->rule || e->need != x->need || e->have != x->have) {
		pwpol_finding_message(x, e->msg, sizeof e->msg);
		/* "rule: message", cut to the buffer (a message is far shorter). */
		const char *part[] = {pwpol_rule_name(x->rule), ": ", e->msg};
		size_t n = 0;
		for (int q = 0; q < 3; q++)
			for (const char *c = part[q] ? part[q] : ""; *c && n + 1 < sizeof e->text;
			     c++)
				e->text[n++] = *c;
		e->text[n] = '\0';
		e->text_len = n;
		e->used = 1;
		e->rule = x->rule;
		e->need = x->need;
		e->have = x->have;
	}
	return e;
}

static const char *message_of(const struct pwpol_finding *x)
{
	return cached(x)->msg;
}

void print_findings_json(FILE *f, const pwpol_report *r)
{
	fputs("\"violations\":[", f);
	for (size_t i = 0, k = 0; i < pwpol_report_count(r); i++) {
		const struct pwpol_finding *x = pwpol_report_get(r, i);
		if (x->severity != PWPOL_SEVERITY_ERROR)
			continue;
		fputs(k++ ? ",{\"rule\":\"" : "{\"rule\":\"", f);
		fputs(pwpol_rule_name(x->rule), f);
		if (pwpol_report_account(r, i)) {
			fputs("\",\"account\":\"", f);
			fputs(pwpol_report_account(r, i), f); /* system account names */
		}
		fputs("\",\"need\":", f);
		json_figure(f, x->need);
		fputs(",\"have\":", f);
		json_figure(f, x->have);
		fputs(",\"message\":", f);
		json_str(f, message_of(x));
		fputc('}', f);
	}
	fputs("],\"warnings\":[", f);
	for (size_t i = 0, k = 0; i < pwpol_report_count(r); i++) {
		const struct pwpol_finding *x = pwpol_report_get(r, i);
		if (x->severity != PWPOL_SEVERITY_WARNING)
			continue;
		fputs(k++ ? ",{\"rule\":\"" : "{\"rule\":\"", f);
		fputs(pwpol_rule_name(x->rule), f);
		fputs("\",\"message\":", f);
		json_str(f, message_of(x));
		fputc('}', f);
	}
	fputc(']', f);
}

int has_severity(const pwpol_report *r, enum pwpol_severity sev)
{
	for (size_t i = 0; i < pwpol_report_count(r); i++)
		if (pwpol_report_get(r, i)->severity == sev)
			return 1;
	return 0;
}

void print_findings_text(FILE *f, const pwpol_report *r, enum pwpol_severity sev)
{
	for (size_t i = 0, k = 0; i < pwpol_report_count(r); i++) {
		const struct pwpol_finding *x = pwpol_report_get(r, i);
		if (x->severity != sev)
			continue;
		const struct cached_message *e = cached(x);
		if (k++)
			fwrite("; ", 1, 2, f);
		if (pwpol_report_account(r, i))
			fprintf(f, "%s (%s): %s", pwpol_rule_name(x->rule),
			        pwpol_report_account(r, i), e->msg);
		else
			fwrite(e->text, 1, e->text_len, f);
	}
}

void fprint_verdict(FILE *f, struct cli *c, enum pwpol_status st)
{
	if (c->json) {
		fputs(st == PWPOL_OK ? "{\"ok\":true," : "{\"ok\":false,", f);
		fputs("\"status\":\"", f);
		fputs(pwpol_status_name(st), f);
		fputs("\",", f);
		print_findings_json(f, c->report);
		fputs("}\n", f);
	} else if (st == PWPOL_OK) {
		fputs("ok\n", f);
	} else {
		fputs(st == PWPOL_EINVAL ? "invalid: " : "rejected: ", f);
		print_findings_text(f, c->report, PWPOL_SEVERITY_ERROR);
		fputc('\n', f);
	}
}

void print_verdict(struct cli *c, enum pwpol_status st)
{
	fprint_verdict(stdout, c, st);
}

/* Findings of a refusal go with the answer, so a person sees every rule at
 * once. */
int report_result(struct cli *c, enum pwpol_status st, const char *what)
{
	if (st == PWPOL_NOT_PERMITTED)
		return store_failed(c, st, NULL);
	if (c->json) {
		printf("{\"ok\":%s,\"status\":\"%s\",", st == PWPOL_OK ? "true" : "false",
		       pwpol_status_name(st));
		print_findings_json(stdout, c->report);
		if (st == PWPOL_OK && c->store && *pwpol_store_notice(c->store)) {
			fputs(",\"notice\":", stdout);
			json_str(stdout, pwpol_store_notice(c->store));
		}
		fputs("}\n", stdout);
	} else if (st == PWPOL_OK) {
		printf("%s\n", what);
		/* Warnings are for a person too (a name that is legal but
		 * confusing), not only for scripts. */
		if (has_severity(c->report, PWPOL_SEVERITY_WARNING)) {
			fputs("warning: ", stdout);
			print_findings_text(stdout, c->report, PWPOL_SEVERITY_WARNING);
			fputc('\n', stdout);
		}
	} else if (pwpol_report_count(c->report)) {
		fputs("rejected: ", stdout);
		print_findings_text(stdout, c->report, PWPOL_SEVERITY_ERROR);
		fputc('\n', stdout);
	}
	return pwpol_exit_status(st);
}

int store_failed(struct cli *c, enum pwpol_status st, const char *name)
{
	int code = pwpol_exit_status(st);
	if (st == PWPOL_ESYSTEM || st == PWPOL_ENOMEM)
		return cli_fail(c, code, "%s",
		                c->store ? pwpol_store_error(c->store) : pwpol_status_name(st));
	if (st == PWPOL_NOT_PERMITTED)
		return cli_fail(c, code, "%s", pwpol_store_error(c->store));
	if (st == PWPOL_ENOENT)
		return cli_fail(c, code, "%s: no such account", name);
	if ((st == PWPOL_EINVAL || st == PWPOL_REJECTED) && c->store)
		return cli_fail(c, code, "%s", pwpol_store_error(c->store));
	if (st == PWPOL_EEXIST)
		return cli_fail(c, code, "%s: account already exists", name);
	return code;
}

void print_config_errors(const pwpol_config_errors *e)
{
	for (size_t i = 0; i < pwpol_config_errors_count(e); i++)
		fprintf(stderr, "pwpol: %s%s\n",
		        pwpol_config_errors_is_warning(e, i) ? "warning: " : "",
		        pwpol_config_errors_get(e, i));
}

int config_failed(struct cli *c, const pwpol_config_errors *e)
{
	print_config_errors(e);
	if (c->json) {
		/* "error" as every error object has it (the first), then all. */
		fputs("{\"ok\":false,\"status\":\"invalid\",\"error\":", stdout);
		size_t first = 0;
		while (first < pwpol_config_errors_count(e) &&
		       pwpol_config_errors_is_warning(e, first))
			first++;
		json_str(stdout, first < pwpol_config_errors_count(e)
		                     ? pwpol_config_errors_get(e, first)
		                     : "invalid configuration");
		fputs(",\"errors\":[", stdout);
		for (size_t i = 0, k = 0; i < pwpol_config_errors_count(e); i++)
			if (!pwpol_config_errors_is_warning(e, i)) {
				fputs(k++ ? "," : "", stdout);
				json_str(stdout, pwpol_config_errors_get(e, i));
			}
		fputs("]}\n", stdout);
	}
	return EXIT_USAGE;
}

void fmt_time(time_t t, char *buf, size_t n)
{
	struct tm tm;
	if (!t || !gmtime_r(&t, &tm) || !strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm))
		snprintf(buf, n, "-");
}
