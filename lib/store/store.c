/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * store.c - pwpol_store: the public handle over a backend's operations
 * (store.h). It picks the backend, keeps the last error sentence, and is
 * the one place that knows there is more than one backend: a libpq URI
 * (postgresql:// or postgres://) names PostgreSQL, anything else a SQLite
 * file.
 */
#include "store.h"

#include <libpq-fe.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <unistd.h>

int pwpol_store_is_uri(const char *name)
{
	return name &&
	       (strncmp(name, "postgresql://", 13) == 0 || strncmp(name, "postgres://", 11) == 0);
}

enum pwpol_status pwpol_store_open(pwpol_store **out, const char *path, int create, char *err,
                                   size_t errlen)
{
	if (err && errlen)
		err[0] = 0;
	if (!out)
		return PWPOL_EINVAL;
	*out = NULL;
	if (!path || !path[0]) {
		if (err && errlen)
			snprintf(err, errlen, "no store path given");
		return PWPOL_EINVAL;
	}
	pwpol_store *s = calloc(1, sizeof *s);
	if (!s) {
		if (err && errlen)
			snprintf(err, errlen, "%s: out of memory", path);
		return PWPOL_ENOMEM;
	}
	s->ops = pwpol_store_is_uri(path) ? &pwpol__store_pg : &pwpol__store_sqlite;
	enum pwpol_status st = s->ops->open(s, path, create);
	if (st != PWPOL_OK) {
		if (err && errlen)
			snprintf(err, errlen, "%s", s->err);
		free(s);
		return st;
	}
	*out = s;
	return PWPOL_OK;
}

void pwpol_store_close(pwpol_store *s)
{
	if (!s)
		return;
	s->ops->close(s);
	free(s);
}

const char *pwpol_store_notice(const pwpol_store *s)
{
	return s ? s->notice : "";
}

const char *pwpol_store_error(const pwpol_store *s)
{
	if (!s)
		return "no store";
	return s->err[0] ? s->err : "no error";
}

const char *pwpol_store_kind(const pwpol_store *s)
{
	return s ? s->ops->name : "none";
}

int pwpol_store_uri_has_password(const char *uri)
{
	if (!pwpol_store_is_uri(uri))
		return 0;
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

int pwpol_store_created(const pwpol_store *s)
{
	return s && s->created;
}

enum pwpol_status pwpol_store_discard(pwpol_store *s)
{
	if (!s)
		return PWPOL_EINVAL;
	if (!s->created || !s->ops->discard) {
		pwpol_store_close(s);
		return PWPOL_EEXIST;
	}
	enum pwpol_status st = s->ops->discard(s);
	free(s);
	return st;
}
