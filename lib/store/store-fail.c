/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * store-fail.c - the handle's last error sentence, which every backend
 * sets. Apart from store.c, which picks the backend, so that a backend
 * calls down into this file and never back up into the one that chose it.
 */
#include "store.h"

#include <stdarg.h>
#include <stdio.h>

enum pwpol_status pwpol__store_fail(pwpol_store *s, enum pwpol_status st, const char *fmt, ...)
{
	va_list ap;
	s->conflict = 0; /* a new failure: the backend says again if it is one */
	va_start(ap, fmt);
	vsnprintf(s->err, sizeof s->err, fmt, ap);
	va_end(ap);
	return st;
}
