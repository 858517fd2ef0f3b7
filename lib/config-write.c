/*
 * config-write.c - a policy written back as the configuration hierarchy,
 * every statement spelled out, so that reading the text gives the same
 * policy (`pwpol config show`).
 */
#include "internal.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int is_lockout_opt(enum pwpol_opt o)
{
	return o == PWPOL_OPT_MAXIMUM_FAILED_ATTEMPTS || o == PWPOL_OPT_LOCK_TIME ||
	       o == PWPOL_OPT_FAILURE_INTERVAL;
}

struct sbuf {
	char *s;
	size_t n, cap;
	int nomem;
};

static void put(struct sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void put(struct sbuf *b, const char *fmt, ...)
{
	char line[2 * PATH_MAX + 64];
	va_list ap;
	va_start(ap, fmt);
	int k = vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	if (b->nomem || k < 0)
		return;
	if (b->n + (size_t)k + 1 > b->cap) {
		size_t cap = (b->cap + (size_t)k + 1) * 2;
		char *s = realloc(b->s, cap);
		if (!s) {
			b->nomem = 1;
			return;
		}
		b->s = s;
		b->cap = cap;
	}
	memcpy(b->s + b->n, line, (size_t)k + 1);
	b->n += (size_t)k;
}

/* A path as one word: quoted, with the lexer's escapes, unless it is
 * plain. The lexer takes `\\` and `\"` inside quotes. */
static void quote_word(const char *v, char *q, size_t qlen)
{
	if (v[strcspn(v, " \t\"\\{};#")] == '\0') {
		snprintf(q, qlen, "%s", v);
		return;
	}
	size_t n = 0;
	q[n++] = '"';
	for (const char *c = v; *c && n + 3 < qlen; c++) {
		if (*c == '"' || *c == '\\')
			q[n++] = '\\';
		q[n++] = *c;
	}
	q[n++] = '"';
	q[n] = '\0';
}

void pwpol__config_statement(const pwpol_policy *p, enum pwpol_opt o, char *buf, size_t n)
{
	const char *name = pwpol_opt_name(o);
	long v = pwpol_policy_get(p, o);
	if (pwpol_opt_is_string(o) && pwpol_policy_get_string(p, o)) {
		char q[2 * PATH_MAX + 3];
		quote_word(pwpol_policy_get_string(p, o), q, sizeof q);
		snprintf(buf, n, "%s %s;", name, q);
	} else if (o == PWPOL_OPT_USERNAME_CHECK)
		snprintf(buf, n, "%s%s;", v ? "" : "no-", name);
	else if (o == PWPOL_OPT_CHANGE_TYPE)
		snprintf(buf, n, "%s %s;", name, pwpol_change_type_name((enum pwpol_change_type)v));
	else if (o == PWPOL_OPT_FORMAT)
		snprintf(buf, n, "%s %s;", name, pwpol_format_name((enum pwpol_format)v));
	else if (v == 0 && pwpol_opt_optional(o))
		snprintf(buf, n, "no-%s;", name);
	else
		snprintf(buf, n, "%s %ld;", name, v);
}

static void put_opt(struct sbuf *b, const pwpol_policy *p, enum pwpol_opt o)
{
	char stmt[2 * PATH_MAX + 64];
	pwpol__config_statement(p, o, stmt, sizeof stmt);
	put(b, "            %s\n", stmt);
}

enum pwpol_status pwpol_config_write(const pwpol_policy *p, char **out)
{
	if (!p || !out)
		return PWPOL_EINVAL;
	*out = NULL;
	struct sbuf b = {0};
	put(&b, "/* pwpol policy: profile %s, effective minimum length %ld */\n",
	    pwpol_policy_profile(p), pwpol_policy_effective_minimum_length(p));
	put(&b, "system {\n    login {\n        password {\n");
	put(&b, "            profile %s;\n", pwpol_policy_profile(p));
	for (int o = 0; o < PWPOL_OPT_COUNT; o++)
		if (!is_lockout_opt((enum pwpol_opt)o))
			put_opt(&b, p, (enum pwpol_opt)o);
	put(&b, "        }\n        lockout {\n");
	put_opt(&b, p, PWPOL_OPT_MAXIMUM_FAILED_ATTEMPTS);
	put_opt(&b, p, PWPOL_OPT_LOCK_TIME);
	put_opt(&b, p, PWPOL_OPT_FAILURE_INTERVAL);
	put(&b, "        }\n    }\n}\n");
	if (b.nomem) {
		free(b.s);
		return PWPOL_ENOMEM;
	}
	*out = b.s;
	return PWPOL_OK;
}
