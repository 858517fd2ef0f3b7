/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * config-write.c - a policy written back as the configuration hierarchy,
 * every statement spelled out, so that reading the text gives the same
 * policy (`pwpol config show`).
 */
#include "config.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
	} else if (o == PWPOL_OPT_USERNAME_CHECK || o == PWPOL_OPT_ROOT_LOCKOUT)
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

static const enum pwpol_opt lockout_opts[] = {PWPOL_OPT_MAXIMUM_FAILED_ATTEMPTS,
                                              PWPOL_OPT_LOCK_TIME, PWPOL_OPT_FAILURE_INTERVAL,
                                              PWPOL_OPT_ROOT_LOCKOUT, PWPOL_OPT_ROOT_LOCK_TIME};

const char *pwpol__config_header(enum pwpol__where w)
{
	static const char *const h[] = {
	    "[edit system login password]", "[edit system login lockout]",
	    "[edit system login retry-options]", "[edit authority password-policy]"};
	return w < PWPOL__W_NONE ? h[w] : "";
}

size_t pwpol__config_block_opts(enum pwpol__where w, enum pwpol_opt list[PWPOL_OPT_COUNT])
{
	const enum pwpol_opt *fixed = NULL;
	size_t n = 0;
	switch (w) {
	case PWPOL__W_PASSWORD:
		for (int o = 0; o < PWPOL_OPT_COUNT; o++)
			if (!pwpol__cfg_is_lockout_opt((enum pwpol_opt)o) &&
			    !pwpol__cfg_is_retry_opt((enum pwpol_opt)o))
				list[n++] = (enum pwpol_opt)o;
		return n;
	case PWPOL__W_LOCKOUT:
		fixed = lockout_opts, n = sizeof lockout_opts / sizeof lockout_opts[0];
		break;
	case PWPOL__W_RETRY:
		/* The other vendors' blocks, in the order of the one table. */
		for (n = 0; n < PWPOL__RETRY_COUNT; n++)
			list[n] = pwpol__cfg_retry_stmts[n].opt;
		return n;
	case PWPOL__W_AUTHORITY:
		for (n = 0; n < PWPOL__SSR_COUNT; n++)
			list[n] = pwpol__cfg_ssr_stmts[n].opt;
		return n;
	default: return 0;
	}
	memcpy(list, fixed, n * sizeof *fixed);
	return n;
}

enum pwpol__where pwpol__config_where(const pwpol_policy *p, enum pwpol_opt o, char *buf, size_t n)
{
	long v = pwpol_policy_get(p, o);
	buf[0] = 0;
	/* minimum-score is ours, off in every profile: written only when set,
	 * so that a Junos text stays Junos. */
	if (pwpol__cfg_is_retry_opt(o) || o == PWPOL_OPT_MINIMUM_SCORE) {
		if (!v)
			return PWPOL__W_NONE;
		if (o == PWPOL_OPT_MINIMUM_SCORE) {
			pwpol__config_statement(p, o, buf, n);
			return PWPOL__W_PASSWORD;
		}
		pwpol__config_statement(p, o, buf, n);
		return PWPOL__W_RETRY;
	}
	switch (p->dialect[o]) {
	case PWPOL__DIALECT_JUNOS:
	case PWPOL__DIALECT_SSR: {
		/* In the vendor's word and unit (Junos locks after
		 * tries-before-disconnect: lock-time is written there). */
		const struct dialect_stmt *w = pwpol__cfg_spelling(p->dialect[o], o);
		if (!w)
			return PWPOL__W_NONE;
		snprintf(buf, n, "%s %ld;", w->name, v / w->unit);
		return p->dialect[o] == PWPOL__DIALECT_JUNOS ? PWPOL__W_RETRY : PWPOL__W_AUTHORITY;
	}
	default:
		pwpol__config_statement(p, o, buf, n);
		return pwpol__cfg_is_lockout_opt(o) ? PWPOL__W_LOCKOUT : PWPOL__W_PASSWORD;
	}
}

/* The statements of block w that p writes there; 0 if none. */
static size_t put_block(struct sbuf *b, const pwpol_policy *p, enum pwpol__where w,
                        const char *indent)
{
	enum pwpol_opt list[PWPOL_OPT_COUNT];
	size_t n = pwpol__config_block_opts(w, list), k = 0;
	char stmt[2 * PATH_MAX + 64];
	for (size_t i = 0; i < n; i++) {
		if (pwpol__config_where(p, list[i], stmt, sizeof stmt) != w)
			continue;
		put(b, "%s%s\n", indent, stmt);
		k++;
	}
	return k;
}

static int has_block(const pwpol_policy *p, enum pwpol__where w)
{
	struct sbuf scratch = {0};
	size_t k = put_block(&scratch, p, w, "");
	free(scratch.s);
	/* failure-interval and the root statements have no other spelling:
	 * those unset alone (the other lockout figures written in Junos or
	 * SSR words) are no block. */
	if (w == PWPOL__W_LOCKOUT &&
	    k == (size_t)(!pwpol_policy_get(p, PWPOL_OPT_FAILURE_INTERVAL) +
	                  !pwpol_policy_get(p, PWPOL_OPT_ROOT_LOCKOUT) +
	                  !pwpol_policy_get(p, PWPOL_OPT_ROOT_LOCK_TIME)))
		return 0;
	return k > 0;
}

/* The classes the configuration defines, with their permission words. */
static void put_classes(struct sbuf *b, const pwpol_policy *p)
{
	for (size_t i = 0; i < p->nclasses; i++) {
		const struct pwpol__class_def *c = &p->classes[i];
		put(b, "        class %s {\n", c->name);
		if (c->words[0])
			put(b, "            permissions [ %s ];\n", c->words);
		put(b, "        }\n");
	}
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
	put_block(&b, p, PWPOL__W_PASSWORD, "            ");
	put(&b, "        }\n");
	/* Each figure in the block and spelling it was read in. */
	if (has_block(p, PWPOL__W_LOCKOUT)) {
		put(&b, "        lockout {\n");
		put_block(&b, p, PWPOL__W_LOCKOUT, "            ");
		put(&b, "        }\n");
	}
	if (has_block(p, PWPOL__W_RETRY)) {
		put(&b, "        retry-options {\n");
		put_block(&b, p, PWPOL__W_RETRY, "            ");
		put(&b, "        }\n");
	}
	put_classes(&b, p);
	put(&b, "    }\n}\n");
	if (has_block(p, PWPOL__W_AUTHORITY)) {
		put(&b, "authority {\n    password-policy {\n");
		put_block(&b, p, PWPOL__W_AUTHORITY, "        ");
		put(&b, "    }\n}\n");
	}
	if (b.nomem) {
		free(b.s);
		return PWPOL_ENOMEM;
	}
	*out = b.s;
	return PWPOL_OK;
}

/* `show | display set`: the hierarchy above as set lines, one statement a
 * line under its full path. Our writer's text is one statement or one
 * brace a line, so each line is either `NAME {`, `}` or `STATEMENT;`. */
enum pwpol_status pwpol_config_write_set(const pwpol_policy *p, char **out)
{
	if (!out)
		return PWPOL_EINVAL;
	*out = NULL;
	char *tree = NULL;
	enum pwpol_status st = pwpol_config_write(p, &tree);
	if (st != PWPOL_OK)
		return st;
	struct sbuf b = {0};
	char path[256] = "";
	size_t depth_at[8] = {0}, depth = 0;
	for (char *line = tree, *next; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = 0;
		while (*line == ' ')
			line++;
		size_t n = strlen(line);
		if (!n || strncmp(line, "/*", 2) == 0)
			continue;
		if (strcmp(line, "}") == 0) {
			if (depth)
				path[depth_at[--depth]] = 0;
		} else if (n > 2 && strcmp(line + n - 2, " {") == 0) {
			size_t have = strlen(path);
			if (depth < sizeof depth_at / sizeof depth_at[0])
				depth_at[depth++] = have;
			snprintf(path + have, sizeof path - have, "%s%.*s", have ? " " : "",
			         (int)(n - 2), line);
		} else if (line[n - 1] == ';') {
			put(&b, "set %s %.*s\n", path, (int)(n - 1), line);
		}
	}
	free(tree);
	if (b.nomem) {
		free(b.s);
		return PWPOL_ENOMEM;
	}
	*out = b.s;
	return PWPOL_OK;
}
