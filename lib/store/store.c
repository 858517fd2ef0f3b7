/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * store.c - pwpol_store: the public handle over a backend's operations
 * (store.h). It picks the backend, keeps the last error sentence, and is
 * the one place that knows there is more than one backend: a libpq URI
 * (postgresql:// or postgres://) names PostgreSQL, anything else a SQLite
 * file.
 */
#include "store.h"

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

static enum pwpol_status store_open(pwpol_store **out, const char *path, int create, char *err,
                                    size_t errlen);

enum pwpol_status pwpol_store_open(pwpol_store **out, const char *path, int create, char *err,
                                   size_t errlen)
{
	return store_open(out, path, create ? 1 : 0, err, errlen);
}

enum pwpol_status pwpol_store_upgrade(const char *path, int *from, int *to, int *known, char *err,
                                      size_t errlen)
{
	pwpol_store *s = NULL;
	/* A SQLite file is brought up to date by any open (store-sqlite.c). */
	int mode = pwpol_store_is_uri(path) ? PWPOL__OPEN_UPGRADE : 0;
	enum pwpol_status st = store_open(&s, path, mode, err, errlen);
	if (st != PWPOL_OK)
		return st;
	if (from)
		*from = s->layout_was;
	if (to)
		*to = s->layout_now;
	if (known)
		*known = s->layout_known;
	pwpol_store_close(s);
	return PWPOL_OK;
}

/* create: 0, 1, or PWPOL__OPEN_UPGRADE. */
static enum pwpol_status store_open(pwpol_store **out, const char *path, int create, char *err,
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
	s->ops = &pwpol__store_sqlite;
	enum pwpol_status st = PWPOL_OK;
	if (pwpol_store_is_uri(path))
		st = pwpol__backend_load(s, "postgresql");
	if (st == PWPOL_OK)
		st = s->ops->open(s, path, create);
	if (st != PWPOL_OK) {
		if (err && errlen)
			snprintf(err, errlen, "%s", s->err);
		pwpol__backend_unload(s);
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
	pwpol__backend_unload(s);
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
	int has = pwpol__backend_uri_has_password(uri);
	if (has >= 0)
		return has;
	/* No backend to parse it: a user-info with a colon, or any password
	 * parameter, is taken for a password (the safe answer). */
	const char *rest = strchr(uri, ':') + 3, *at = strchr(rest, '@'),
	           *slash = strchr(rest, '/');
	if (at && (!slash || at < slash) && memchr(rest, ':', (size_t)(at - rest)))
		return 1;
	return strstr(uri, "password=") != NULL;
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
	pwpol__backend_unload(s);
	free(s);
	return st;
}
