/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * config-lex.c - the configuration text as tokens: words, quoted strings,
 * '{', '}' and ';', with '#' and C-style comments skipped, and the error
 * sink every part of the reader reports through.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>

static void tell(struct pwpol__parser *ps, int warning, unsigned line, const char *fmt, va_list ap)
    __attribute__((format(printf, 4, 0)));

static void tell(struct pwpol__parser *ps, int warning, unsigned line, const char *fmt, va_list ap)
{
	char msg[320];
	/* Warnings leave the last place to an error, so that a refused text
	 * always shows at least one reason. */
	if (ps->nmsg >= PWPOL__CFG_MAX_ERRORS - (warning ? 1 : 0))
		return;
	ps->nmsg++;
	vsnprintf(msg, sizeof msg, fmt, ap);
	const char *tail =
	    ps->nmsg == PWPOL__CFG_MAX_ERRORS ? " (too many errors; the rest not shown)" : "";
	enum pwpol_status st =
	    warning ? pwpol__warnings_add(ps->errs, "%s:%u: %s%s", ps->name, line, msg, tail)
	            : pwpol__errors_add(ps->errs, "%s:%u: %s%s", ps->name, line, msg, tail);
	if (st != PWPOL_OK)
		ps->nomem = 1;
}

void pwpol__cfg_complain(struct pwpol__parser *ps, unsigned line, const char *fmt, ...)
{
	va_list ap;
	ps->nerr++;
	va_start(ap, fmt);
	tell(ps, 0, line, fmt, ap);
	va_end(ap);
}

void pwpol__cfg_warn(struct pwpol__parser *ps, unsigned line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	tell(ps, 1, line, fmt, ap);
	va_end(ap);
}

static int is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

static int is_control(unsigned char c)
{
	return (c < 0x20 && !is_space(c)) || c == 0x7f;
}

/* Skips blanks and comments; 0 if the text is bad (an error is recorded). */
static int skip(struct pwpol__parser *ps)
{
	while (ps->p < ps->end) {
		unsigned char c = (unsigned char)*ps->p;
		if (c == '\n') {
			ps->line++;
			ps->first = 1;
			ps->p++;
		} else if (is_space(c)) {
			ps->p++;
		} else if (c == '#') {
			while (ps->p < ps->end && *ps->p != '\n')
				ps->p++;
		} else if (c == '/' && ps->p + 1 < ps->end && ps->p[1] == '*') {
			unsigned open = ps->line;
			ps->p += 2;
			for (;;) {
				if (ps->p + 1 >= ps->end) {
					pwpol__cfg_complain(ps, open, "unterminated comment '/*'");
					ps->p = ps->end;
					return 0;
				}
				if (ps->p[0] == '*' && ps->p[1] == '/')
					break;
				if (*ps->p == '\n')
					ps->line++;
				ps->p++;
			}
			ps->p += 2;
		} else {
			return 1;
		}
	}
	return 1;
}

static void push(struct pwpol__tok *t, size_t *n, char c)
{
	if (*n < PWPOL__CFG_WORD_MAX)
		t->w[(*n)++] = c;
	else
		t->long_word = 1;
}

void pwpol__cfg_next(struct pwpol__parser *ps)
{
	struct pwpol__tok *t = &ps->t;
	t->long_word = 0;
	t->w[0] = '\0';
	if (!skip(ps)) {
		t->kind = T_BAD;
		return;
	}
	t->line = ps->line;
	t->first = ps->first;
	ps->first = 0;
	if (ps->p >= ps->end) {
		t->kind = T_EOF;
		return;
	}
	unsigned char c = (unsigned char)*ps->p;
	if (is_control(c)) {
		pwpol__cfg_complain(ps, ps->line, "control character 0x%02x in the text", c);
		t->kind = T_BAD;
		return;
	}
	if (c == '{' || c == '}' || c == ';') {
		ps->p++;
		t->kind = c == '{' ? T_OPEN : c == '}' ? T_CLOSE : T_SEMI;
		return;
	}
	size_t n = 0;
	t->kind = T_WORD;
	if (c == '"') {
		unsigned open = ps->line;
		ps->p++;
		for (;;) {
			if (ps->p >= ps->end) {
				pwpol__cfg_complain(ps, open, "unterminated string '\"'");
				t->kind = T_BAD;
				return;
			}
			c = (unsigned char)*ps->p++;
			if (c == '"')
				break;
			if (c == '\\' && ps->p < ps->end)
				c = (unsigned char)*ps->p++;
			if (c == '\n')
				ps->line++;
			if (is_control(c)) {
				pwpol__cfg_complain(ps, ps->line,
				                    "control character 0x%02x in the text", c);
				t->kind = T_BAD;
				return;
			}
			push(t, &n, (char)c);
		}
	} else {
		while (ps->p < ps->end) {
			c = (unsigned char)*ps->p;
			if (is_space(c) || is_control(c) || c == '{' || c == '}' || c == ';' ||
			    c == '"')
				break;
			push(t, &n, (char)c);
			ps->p++;
		}
	}
	t->w[n] = '\0';
}
