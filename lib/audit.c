/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * audit.c - security events (logins, lockouts, changes, account edits) to
 * syslog with facility authpriv, or to the sink a program set instead.
 *
 * The library never calls openlog(): inside a PAM host the program owns
 * its syslog identity, so the facility goes in each priority and the
 * message names pwpol itself. Callers pass names and figures only: an
 * event never holds a password or a hash.
 *
 * Account administration also goes to the Linux audit log, as shadow's
 * tools send it (pwpol__audit_acct). libaudit is not linked: the symbols
 * are taken from the process when it has them (a PAM host: Linux-PAM is
 * linked with libaudit) and libaudit.so.1 is opened otherwise, on the
 * first record, so a host pays nothing for it until an account changes.
 * A kernel without audit, or a process without CAP_AUDIT_WRITE (the
 * netlink socket refuses it), gets no record and the action stands, as
 * with shadow's tools.
 */
#include "internal.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>
#if __has_include(<libaudit.h>)
#include <libaudit.h>
_Static_assert(PWPOL__AUDIT_USER_MGMT == AUDIT_USER_MGMT &&
                   PWPOL__AUDIT_USER_CHAUTHTOK == AUDIT_USER_CHAUTHTOK &&
                   PWPOL__AUDIT_ADD_USER == AUDIT_ADD_USER &&
                   PWPOL__AUDIT_DEL_USER == AUDIT_DEL_USER &&
                   PWPOL__AUDIT_ACCT_LOCK == AUDIT_ACCT_LOCK &&
                   PWPOL__AUDIT_ACCT_UNLOCK == AUDIT_ACCT_UNLOCK &&
                   PWPOL__AUDIT_ROLE_ASSIGN == AUDIT_ROLE_ASSIGN &&
                   PWPOL__AUDIT_ANOM_LOGIN_FAILURES == AUDIT_ANOM_LOGIN_FAILURES &&
                   PWPOL__AUDIT_RESP_ACCT_LOCK == AUDIT_RESP_ACCT_LOCK,
               "the kernel's audit record types");
#endif

/* Per thread: a PAM host may run transactions in several threads. */
static _Thread_local char origin[256];

void pwpol_audit_set_origin(const char *o)
{
	snprintf(origin, sizeof origin, "%s", o ? o : "");
}

int pwpol__audit_has_origin(void)
{
	return origin[0] != 0;
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

/* ---- the Linux audit log ------------------------------------------------ */

static struct {
	void *h; /* libaudit as this file opened it, or NULL */
	int (*open)(void);
	void (*close)(int);
	int (*acct)(int, int, const char *, const char *, const char *, unsigned, const char *,
	            const char *, const char *, int);
} la;
static pthread_once_t la_once = PTHREAD_ONCE_INIT;

/* dlsym's object pointer as a function pointer, which POSIX allows. */
#define LA_BIND(h, field, name) memcpy(&la.field, &(void *){dlsym(h, name)}, sizeof(void *))

static void la_load(void)
{
	LA_BIND(RTLD_DEFAULT, open, "audit_open");
	LA_BIND(RTLD_DEFAULT, close, "audit_close");
	LA_BIND(RTLD_DEFAULT, acct, "audit_log_acct_message");
	if (la.open && la.close && la.acct)
		return;
	void *h = dlopen("libaudit.so.1", RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		la.open = NULL;
		return;
	}
	LA_BIND(h, open, "audit_open");
	LA_BIND(h, close, "audit_close");
	LA_BIND(h, acct, "audit_log_acct_message");
	if (!la.open || !la.close || !la.acct) {
		dlclose(h);
		la.open = NULL;
		return;
	}
	la.h = h;
}

void pwpol__audit_acct(int type, const char *op, const char *name, int ok)
{
	pthread_once(&la_once, la_load);
	if (!la.open)
		return;
	int fd = la.open();
	if (fd < 0)
		return; /* no audit in this kernel */
	/* No id (-1, libaudit's AUDIT_NO_ID): the account is a store's, not
	 * the machine's; pgname NULL: libaudit names the executable. */
	la.acct(fd, type, NULL, op, name, (unsigned)-1, NULL, NULL, NULL, ok);
	la.close(fd);
}

__attribute__((destructor)) static void la_unload(void)
{
	if (la.h)
		dlclose(la.h);
	la.h = NULL;
}
