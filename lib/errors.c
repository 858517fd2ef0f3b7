/*
 * errors.c - pwpol_config_errors: the list of sentences a configuration
 * reader or the commit check hands back, so that every error is reported
 * at once rather than the first.
 */
#include "internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

struct pwpol_config_errors {
	size_t n, cap;
	char **msg;
};

enum pwpol_status pwpol__errors_add(pwpol_config_errors **e, const char *fmt, ...)
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
		l->cap = cap;
	}
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return PWPOL_ENOMEM;
	char *s = malloc((size_t)n + 1);
	if (!s)
		return PWPOL_ENOMEM;
	va_start(ap, fmt);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	l->msg[l->n++] = s;
	return PWPOL_OK;
}

size_t pwpol_config_errors_count(const pwpol_config_errors *e)
{
	return e ? e->n : 0;
}

const char *pwpol_config_errors_get(const pwpol_config_errors *e, size_t i)
{
	return e && i < e->n ? e->msg[i] : NULL;
}

void pwpol_config_errors_free(pwpol_config_errors *e)
{
	if (!e)
		return;
	for (size_t i = 0; i < e->n; i++)
		free(e->msg[i]);
	free(e->msg);
	free(e);
}
