/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * audit.c - security events (logins, lockouts, changes, account edits) to
 * syslog with facility authpriv, or to the sink a program set instead.
 *
 * The library never calls openlog(): inside a PAM host the program owns
 * its syslog identity, so the facility goes in each priority and the
 * message names pwpol itself. Callers pass names and figures only: an
 * event never holds a password or a hash.
 */
#include "internal.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <syslog.h>

/* Per thread: a PAM host may run transactions in several threads. */
static _Thread_local char origin[256];

void pwpol_audit_set_origin(const char *o)
{
	snprintf(origin, sizeof origin, "%s", o ? o : "");
}

static pthread_mutex_t sink_lock = PTHREAD_MUTEX_INITIALIZER;
static pwpol_audit_sink sink_fn;
static void *sink_ctx;

void pwpol_audit_set_sink(pwpol_audit_sink fn, void *ctx)
{
	pthread_mutex_lock(&sink_lock);
	sink_fn = fn;
	sink_ctx = ctx;
	pthread_mutex_unlock(&sink_lock);
}

void pwpol__audit(int prio, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (origin[0] && n >= 0 && (size_t)n < sizeof msg)
		snprintf(msg + n, sizeof msg - (size_t)n, "; %s", origin);

	pthread_mutex_lock(&sink_lock);
	pwpol_audit_sink fn = sink_fn;
	void *ctx = sink_ctx;
	pthread_mutex_unlock(&sink_lock);
	if (fn)
		fn(prio, msg, ctx);
	else
		syslog(LOG_AUTHPRIV | (prio & LOG_PRIMASK), "pwpol: %s", msg);
}
