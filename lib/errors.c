/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * errors.c - pwpol_config_errors: the list of sentences a configuration
 * reader or the commit check hands back, so that every error is reported
 * at once rather than the first. An entry may be a warning (a later
 * statement replacing an earlier one, a delete of what is not there): a
 * load with warnings alone succeeds, and the face prints them.
 */
#include "internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

struct pwpol_config_errors {
	size_t n, cap;
	char **msg;
	unsigned char *warning; /* 1 where msg[i] is a warning, 2 a note (a warning too) */
};

static enum pwpol_status add(pwpol_config_errors **e, int warning, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));

static enum pwpol_status add(pwpol_config_errors **e, int warning, const char *fmt, va_list ap)
{
	if (!e)
		return PWPOL_OK;
	if (!*e) {
		*e = calloc(1, sizeof **e);
		if (!*e)
			return PWPOL_ENOMEM;
	}
	pwpol_config_errors *l = *e;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 8;
		char **m = realloc(l->msg, cap * sizeof *m);
		if (!m)
			return PWPOL_ENOMEM;
		l->msg = m;
		unsigned char *w = realloc(l->warning, cap);
		if (!w)
			return PWPOL_ENOMEM;
		l->warning = w;
		l->cap = cap;
	}
	va_list again;
	va_copy(again, ap);
	int n = vsnprintf(NULL, 0, fmt, ap);
	char *s = n < 0 ? NULL : malloc((size_t)n + 1);
	if (s)
		vsnprintf(s, (size_t)n + 1, fmt, again);
	va_end(again);
	if (!s)
		return PWPOL_ENOMEM;
	l->warning[l->n] = (unsigned char)warning;
	l->msg[l->n++] = s;
	return PWPOL_OK;
}

enum pwpol_status pwpol__config_msg(pwpol_config_errors **e, int warning, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	enum pwpol_status st = add(e, warning, fmt, ap);
	va_end(ap);
	return st;
}

size_t pwpol_config_errors_count(const pwpol_config_errors *e)
{
	return e ? e->n : 0;
}

const char *pwpol_config_errors_get(const pwpol_config_errors *e, size_t i)
{
	return e && i < e->n ? e->msg[i] : NULL;
}

int pwpol_config_errors_is_warning(const pwpol_config_errors *e, size_t i)
{
	return e && i < e->n && e->warning[i];
}

void pwpol__config_drop_notes(pwpol_config_errors *e)
{
	size_t k = 0;
	for (size_t i = 0; e && i < e->n; i++) {
		if (e->warning[i] == 2) {
			free(e->msg[i]);
			continue;
		}
		e->msg[k] = e->msg[i];
		e->warning[k++] = e->warning[i];
	}
	if (e)
		e->n = k;
}

void pwpol_config_errors_free(pwpol_config_errors *e)
{
	if (!e)
		return;
	for (size_t i = 0; i < e->n; i++)
		free(e->msg[i]);
	free(e->msg);
	free(e->warning);
	free(e);
}
