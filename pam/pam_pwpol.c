/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * pam_pwpol.c - the PAM face of pwpol: auth verifies a password (with
 * lockout), account asks for a change of an expired, temporary or
 * factory-default password, password changes it under every rule of the
 * policy. The decisions are the library's, reached one of two ways:
 *
 *   agent=PATH  through pwpold(8) over its socket (agent.c): this object,
 *               libc and libpam, is all the host maps;
 *   otherwise   through pam-direct.so (direct.c, direct.h), which opens the
 *               store with libpwpol; loaded at the handle's first call that
 *               needs it, kept for the handle's life, closed by pam_end.
 *
 * The module lives inside someone else's process (login, sshd, su, passwd):
 * every failure ends in a PAM code and a log line, never a crash or an exit,
 * and every copy of a password it makes is wiped before it is freed. What a
 * transaction keeps (pam_set_data) is this object's, whichever half ran.
 */
#include "agent.h"
#include "direct.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>

/* pam_set_data keys: why auth let a password in that must be changed; the
 * failed auths of this transaction (the session the Junos backoff counts;
 * pam_pwpol.8); pam-direct.so, once loaded. */
#define REASON_KEY   "pam_pwpol_change_reason"
#define FAILURES_KEY "pam_pwpol_session_failures"
#define DIRECT_KEY   "pam_pwpol_direct"

/* From lib/trust.c, compiled in: pam-direct.so is trusted as the store's
 * backends are (root's, no directory above it writable by another user,
 * no link), and loaded from the descriptor that was checked. */
int pwpol__open_trusted(const char *path, int flags, char *why, size_t n);

static void cleanup_free(pam_handle_t *pamh, void *data, int status)
{
	(void)pamh;
	(void)status;
	free(data);
}

/* Remembers why a password that authenticated must be changed, for the
 * account phase of the same transaction. */
static void remember_reason(pam_handle_t *pamh, enum pwpol_change_reason why)
{
	int *data = malloc(sizeof *data);
	if (!data)
		return; /* the account phase asks the store itself */
	*data = (int)why;
	if (pam_set_data(pamh, REASON_KEY, data, cleanup_free) != PAM_SUCCESS)
		free(data);
}

static enum pwpol_change_reason recalled_reason(pam_handle_t *pamh)
{
	const void *data = NULL;
	if (pam_get_data(pamh, REASON_KEY, &data) != PAM_SUCCESS || !data)
		return PWPOL_REASON_NONE;
	return (enum pwpol_change_reason) * (const int *)data;
}

/* The transaction's count of failed auths, made at the first; NULL when
 * it cannot be kept (then no backoff is asked for). */
static unsigned *failures(pam_handle_t *pamh)
{
	const void *data = NULL;
	if (pam_get_data(pamh, FAILURES_KEY, &data) == PAM_SUCCESS && data)
		return (unsigned *)(uintptr_t)data;
	unsigned *n = calloc(1, sizeof *n);
	if (n && pam_set_data(pamh, FAILURES_KEY, n, cleanup_free) != PAM_SUCCESS) {
		free(n);
		n = NULL;
	}
	return n;
}

/* ---- pam-direct.so ----------------------------------------------------- */

/* The loaded object and the descriptor it was loaded from, which stays
 * open as long as it is loaded: the dynamic loader knows an object by the
 * name it was opened by (/proc/self/fd/N) and would hand it back to any
 * later dlopen of that name, the library's own backend modules' among
 * them, were N free for reuse. */
struct loaded {
	void *h;
	int fd;
};

static void cleanup_direct(pam_handle_t *pamh, void *data, int status)
{
	(void)pamh;
	(void)status;
	struct loaded *l = data;
	dlclose(l->h);
	close(l->fd);
	free(l);
}

/* Where it is looked for: the build tree first when this build was made to
 * run from it (tests), then the installed directory. */
static const char *const direct_dirs[] = {
#ifdef PWPOL_BACKEND_BUILD_DIR
    PWPOL_BACKEND_BUILD_DIR,
#endif
    PWPOL_BACKEND_DIR,
};

static int direct_open(pam_handle_t *pamh, struct loaded *l)
{
	char path[PATH_MAX], why[PATH_MAX + 256] = "";
	int fd = -1, err = ENOENT;
	for (size_t i = 0; i < sizeof direct_dirs / sizeof direct_dirs[0]; i++) {
		snprintf(path, sizeof path, "%s/pam-direct.so", direct_dirs[i]);
		fd = pwpol__open_trusted(path, O_RDONLY | O_CLOEXEC, why, sizeof why);
		err = errno;
		if (fd >= 0 || err != ENOENT)
			break;
	}
	if (fd < 0) {
		pam_syslog(pamh, LOG_ERR, "cannot load %s: %s", path,
		           err == ENOENT ? "no such file (is libpam-pwpol whole?)"
		           : why[0]      ? why
		                         : strerror(err));
		return -1;
	}
	char proc[64];
	snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
	l->h = dlopen(proc, RTLD_NOW | RTLD_LOCAL);
	l->fd = fd;
	if (l->h)
		return 0;
	pam_syslog(pamh, LOG_ERR, "cannot load %s: %s", path, dlerror());
	close(fd);
	return -1;
}

/* The direct half for this handle, loaded at its first call; NULL (logged)
 * when it cannot be. */
static const struct pp_direct *direct(pam_handle_t *pamh)
{
	const void *data = NULL;
	struct loaded *l = NULL;
	if (pam_get_data(pamh, DIRECT_KEY, &data) == PAM_SUCCESS && data) {
		l = (struct loaded *)(uintptr_t)data;
	} else {
		l = malloc(sizeof *l);
		if (!l || direct_open(pamh, l) != 0) {
			free(l);
			return NULL;
		}
		if (pam_set_data(pamh, DIRECT_KEY, l, cleanup_direct) != PAM_SUCCESS) {
			cleanup_direct(pamh, l, 0);
			return NULL;
		}
	}
	const struct pp_direct *(*entry)(const char *);
	void *e = dlsym(l->h, "pwpol__pam_direct_entry");
	memcpy(&entry, &e, sizeof entry);
	const struct pp_direct *d = e ? entry(PP_DIRECT_ABI) : NULL;
	if (!d)
		pam_syslog(pamh, LOG_ERR, "pam-direct.so is not this pam_pwpol's (%s)",
		           PP_DIRECT_ABI);
	return d;
}

/* What every entry point does first: its options, then the user. */
static int start(pam_handle_t *pamh, int argc, const char **argv, struct opts *o, const char **user)
{
	int rc = pp_parse_opts(pamh, argc, argv, o);
	return rc == PAM_SUCCESS ? pp_get_user(pamh, user) : rc;
}

/* ---- auth -------------------------------------------------------------- */

PAM_EXTERN int pam_sm_authenticate(pam_handle_t *pamh, int flags, int argc, const char **argv)
{
	(void)flags;
	struct opts o;
	const char *user = NULL, *pw = NULL;
	int rc = start(pamh, argc, argv, &o, &user);
	if (rc == PAM_SUCCESS && !o.nodelay)
		pam_fail_delay(pamh, FAIL_DELAY_USEC);
	if (rc == PAM_SUCCESS)
		rc = pp_get_password(pamh, &o, &pw);
	if (rc != PAM_SUCCESS)
		return rc;
	enum pwpol_change_reason why = PWPOL_REASON_NONE;
	if (o.agent) {
		/* ignore_unknown: a name the store does not hold is the next
		 * module's; asked first, so that nothing is tried or counted. */
		int known = o.ignore_unknown ? pa_known(pamh, &o, user) : 1;
		if (known <= 0)
			return known == 0 ? PAM_USER_UNKNOWN : PAM_AUTHINFO_UNAVAIL;
		rc = pa_authenticate(pamh, &o, user, pw, &why);
	} else if (pp_no_store(&o)) {
		return PAM_USER_UNKNOWN; /* the password stays in PAM_AUTHTOK for the next */
	} else {
		const struct pp_direct *d = direct(pamh);
		if (!d)
			return PAM_AUTHINFO_UNAVAIL;
		rc = d->authenticate(pamh, &o, user, pw, &why, failures(pamh));
	}
	if (rc == PAM_SUCCESS)
		remember_reason(pamh, why);
	return rc;
}

PAM_EXTERN int pam_sm_setcred(pam_handle_t *pamh, int flags, int argc, const char **argv)
{
	(void)pamh;
	(void)flags;
	(void)argc;
	(void)argv;
	return PAM_SUCCESS;
}

/* ---- account ----------------------------------------------------------- */

PAM_EXTERN int pam_sm_acct_mgmt(pam_handle_t *pamh, int flags, int argc, const char **argv)
{
	struct opts o;
	const char *user = NULL;
	int rc = start(pamh, argc, argv, &o, &user);
	if (rc != PAM_SUCCESS)
		return rc;
	if (o.agent)
		return pa_account(pamh, flags, &o, user, recalled_reason(pamh));
	if (pp_no_store(&o))
		return PAM_USER_UNKNOWN;
	const struct pp_direct *d = direct(pamh);
	return d ? d->acct_mgmt(pamh, flags, &o, user, recalled_reason(pamh))
	         : PAM_AUTHINFO_UNAVAIL;
}

/* ---- password ---------------------------------------------------------- */

PAM_EXTERN int pam_sm_chauthtok(pam_handle_t *pamh, int flags, int argc, const char **argv)
{
	struct opts o;
	const char *user = NULL;
	int rc = start(pamh, argc, argv, &o, &user);
	if (rc != PAM_SUCCESS)
		return rc;
	int prelim = flags & PAM_PRELIM_CHECK;
	if (!prelim && !(flags & PAM_UPDATE_AUTHTOK)) {
		pam_syslog(pamh, LOG_ERR, "chauthtok called with neither PRELIM nor UPDATE");
		return PAM_SERVICE_ERR;
	}
	if (o.agent && prelim) {
		int known = o.ignore_unknown ? pa_known(pamh, &o, user) : 1;
		return known > 0 ? PAM_SUCCESS : known == 0 ? PAM_USER_UNKNOWN : PAM_TRY_AGAIN;
	}
	if (o.agent) {
		rc = pa_update(pamh, flags, &o, user, recalled_reason(pamh));
		return rc == PAM_USER_UNKNOWN && o.ignore_unknown
		           ? pp_unknown_update(pamh, flags, &o)
		           : rc;
	}
	if (pp_no_store(&o))
		return prelim ? PAM_USER_UNKNOWN : pp_unknown_update(pamh, flags, &o);
	const struct pp_direct *d = direct(pamh);
	if (!d)
		return prelim ? PAM_TRY_AGAIN : PAM_AUTHTOK_ERR;
	return d->chauthtok(pamh, flags, &o, user, recalled_reason(pamh));
}

/* ---- session: nothing to do -------------------------------------------- */

PAM_EXTERN int pam_sm_open_session(pam_handle_t *pamh, int flags, int argc, const char **argv)
{
	(void)pamh;
	(void)flags;
	(void)argc;
	(void)argv;
	return PAM_SUCCESS;
}

PAM_EXTERN int pam_sm_close_session(pam_handle_t *pamh, int flags, int argc, const char **argv)
{
	(void)pamh;
	(void)flags;
	(void)argc;
	(void)argv;
	return PAM_SUCCESS;
}
