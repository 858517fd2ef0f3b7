/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * pg-backend.c - the entry of the PostgreSQL backend module
 * (store-postgresql.so, made of store-pg*.c and this file): what the
 * backend needs of the library comes from the library that loaded it
 * (backend.c), so that the caller's trust (pwpol_set_hosted, the trusted
 * opener) is the one in force, never a second copy's.
 */
#include "internal.h"
#include "store.h"

#include <libpq-fe.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const struct pwpol__backend_host *host;

const struct pwpol__store_ops *pwpol__backend_entry(const struct pwpol__backend_host *h);
int pwpol__backend_uri_has_password(const char *uri);

const struct pwpol__store_ops *pwpol__backend_entry(const struct pwpol__backend_host *h)
{
	if (!h || strcmp(h->version, PWPOL__BACKEND_VERSION) != 0 ||
	    h->store_size != sizeof(struct pwpol_store) ||
	    h->ops_size != sizeof(struct pwpol__store_ops))
		return NULL;
	host = h;
	return &pwpol__store_pg;
}

int pwpol__env_trusted(void)
{
	return host->env_trusted();
}

int pwpol__open_trusted(const char *path, int flags, char *why, size_t n)
{
	return host->open_trusted(path, flags, why, n);
}

enum pwpol_status pwpol__store_fail(pwpol_store *s, enum pwpol_status st, const char *fmt, ...)
{
	va_list ap;
	s->conflict = 0;
	va_start(ap, fmt);
	vsnprintf(s->err, sizeof s->err, fmt, ap);
	va_end(ap);
	return st;
}

void pwpol_wipe(void *buf, size_t len)
{
	if (buf && len)
		explicit_bzero(buf, len);
}

/* pwpol_store_uri_has_password: libpq's own parser says. */
int pwpol__backend_uri_has_password(const char *uri)
{
	char *msg = NULL;
	PQconninfoOption *o = PQconninfoParse(uri, &msg);
	PQfreemem(msg);
	int has = 0;
	for (PQconninfoOption *p = o; p && p->keyword; p++)
		if (!strcmp(p->keyword, "password") && p->val && p->val[0])
			has = 1;
	if (o) {
		/* The parsed copy of the password is wiped before it is freed. */
		for (PQconninfoOption *p = o; p->keyword; p++)
			if (p->val && !strcmp(p->keyword, "password"))
				pwpol_wipe(p->val, strlen(p->val));
		PQconninfoFree(o);
	}
	return has;
}
