/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * pam_pwpol.c - the PAM face of libpwpol: auth verifies a password against
 * the pwpol store (with lockout), account asks for a change of an expired,
 * temporary or factory-default password, password changes it under every
 * rule of the policy. The decisions are the library's; this file maps PAM
 * calls, options and conversations onto them.
 *
 * The module lives inside someone else's process (login, sshd, su, passwd):
 * every failure ends in a PAM code and a log line, never a crash or an exit,
 * and every copy of a password it makes is wiped before it is freed. The
 * clock is read here, once per call (the library takes `now` as an argument).
 * What the calls share (arguments, the call's store and policy, the
 * conversation) is support.c's.
 */
#include "agent.h"
#include "support.h"

#include <pthread.h>
#include <security/pam_modutil.h>

/* ---- logging ----------------------------------------------------------- */

/* The library's events of one call, routed to pam_syslog so that each line
 * reads `pam_pwpol(SERVICE:GROUP): ...` as every PAM module's does. The
 * library's sink is the process's; which call an event belongs to is this
 * thread's `current` (a host may run transactions in several threads), set
 * for the length of an entry point and taken back before it returns:
 * nothing of a call stays in the host. */
struct hosted {
	pam_handle_t *pamh;
	int unknown; /* the library said: no such account */
};

static _Thread_local struct hosted *current;

static void hosted_sink(int prio, const char *msg, void *ctx)
{
	(void)ctx;
	struct hosted *h = current;
	if (!h) { /* not within a call of ours: as the library would */
		syslog(LOG_AUTHPRIV | (prio & LOG_PRIMASK), "pwpol: %s", msg);
		return;
	}
	if (!strncmp(msg, "login failure: unknown user", 27))
		h->unknown = 1;
	pam_syslog(h->pamh, prio & LOG_PRIMASK, "%s", msg);
}

/* The calls in progress in this process: the sink is set while there is
 * one and taken back with the last, so that the library (libpwpol.so,
 * which the host may keep loaded after Linux-PAM unloads this module)
 * never keeps a pointer into a module that is gone. */
static pthread_mutex_t calls_lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned calls;

static void hosted_begin(pam_handle_t *pamh, struct hosted *h)
{
	*h = (struct hosted){.pamh = pamh};
	current = h;
	pthread_mutex_lock(&calls_lock);
	if (calls++ == 0)
		pwpol_audit_set_sink(hosted_sink, NULL);
	pthread_mutex_unlock(&calls_lock);
}

static void hosted_end(void)
{
	pthread_mutex_lock(&calls_lock);
	if (--calls == 0)
		pwpol_audit_set_sink(NULL, NULL);
	pthread_mutex_unlock(&calls_lock);
	current = NULL;
	pwpol_audit_set_origin(NULL);
}

/* The line pam_unix writes for a refused password, field for field, which
 * fail2ban's pam-generic and sshd filters read: `user=` only for an
 * account the store holds (a name that is none may be a password typed
 * one field early, as pam_unix leaves it out for a user it does not know). */
static void log_auth_failure(pam_handle_t *pamh, const struct hosted *h, const char *user)
{
	const char *logname = pam_modutil_getlogin(pamh);
	pam_syslog(pamh, LOG_NOTICE,
	           "authentication failure; logname=%s uid=%d euid=%d tty=%s ruser=%s rhost=%s%s%s",
	           logname ? logname : "", (int)getuid(), (int)geteuid(),
	           pp_item_text(pamh, PAM_TTY), pp_item_text(pamh, PAM_RUSER),
	           pp_item_text(pamh, PAM_RHOST),
	           h->unknown ? "" : "  user=", h->unknown ? "" : user);
}

/* ---- auth -------------------------------------------------------------- */

/* The password to verify: the one an earlier module got (PAM_AUTHTOK), else
 * asked for and kept as PAM_AUTHTOK for the modules after this one. */
static int get_password(pam_handle_t *pamh, const struct opts *o, const char **pw)
{
	const void *item = NULL;
	if (pam_get_item(pamh, PAM_AUTHTOK, &item) == PAM_SUCCESS && item) {
		*pw = item;
		return PAM_SUCCESS;
	}
	if (o->use_first_pass) {
		pam_syslog(pamh, LOG_ERR, "use_first_pass: no password from an earlier module");
		return PAM_AUTH_ERR;
	}
	char *answer = NULL;
	int rc = pp_prompt(pamh, pp_tr("Password: "), &answer);
	if (rc != PAM_SUCCESS)
		return rc;
	rc = pam_set_item(pamh, PAM_AUTHTOK, answer);
	pp_free_secret(answer);
	if (rc != PAM_SUCCESS)
		return rc;
	if (pam_get_item(pamh, PAM_AUTHTOK, &item) != PAM_SUCCESS || !item)
		return PAM_AUTH_ERR;
	*pw = item;
	return PAM_SUCCESS;
}

static void cleanup_reason(pam_handle_t *pamh, void *data, int status)
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
		return; /* the account phase reads the store itself */
	*data = (int)why;
	if (pam_set_data(pamh, REASON_KEY, data, cleanup_reason) != PAM_SUCCESS)
		free(data);
}

static enum pwpol_change_reason recalled_reason(pam_handle_t *pamh)
{
	const void *data = NULL;
	if (pam_get_data(pamh, REASON_KEY, &data) != PAM_SUCCESS || !data)
		return PWPOL_REASON_NONE;
	return (enum pwpol_change_reason) * (const int *)data;
}

static int authenticate(pam_handle_t *pamh, const struct opts *o, struct ctx *c, const char *user,
                        const char *pw)
{
	enum pwpol_change_reason why = PWPOL_REASON_NONE;
	enum pwpol_status st =
	    pwpol_account_authenticate(c->store, c->policy, user, pw, strlen(pw), time(NULL), &why);
	switch (st) {
	case PWPOL_OK:
	case PWPOL_CHANGE_REQUIRED:
		remember_reason(pamh, why);
		if (o->debug)
			pam_syslog(pamh, LOG_DEBUG, "user %s authenticated%s", user,
			           why != PWPOL_REASON_NONE ? " (password change required)" : "");
		return PAM_SUCCESS;
	case PWPOL_REJECTED:
	case PWPOL_LOCKED:
		/* The library's event says it, with the origin start() set (one
		 * event a happening); it names known users only: an unknown
		 * "user" is often a password typed one field early. */
		return PAM_AUTH_ERR;
	case PWPOL_EINVAL:
		pam_syslog(pamh, LOG_NOTICE, "authentication failure: unusable password input");
		return PAM_AUTH_ERR;
	case PWPOL_ENOMEM: pam_syslog(pamh, LOG_CRIT, "out of memory"); return PAM_BUF_ERR;
	default:
		pam_syslog(pamh, LOG_ERR, "account store error: %s",
		           pwpol_store_error(c->store) ? pwpol_store_error(c->store)
		                                       : pwpol_status_name(st));
		return PAM_AUTHINFO_UNAVAIL;
	}
}

/* The Junos backoff (retry-options): this transaction's failures counted,
 * and the library's delay for them asked of Linux-PAM, which applies the
 * largest delay any module asked for. Counted per transaction, not per
 * account, so that it takes as long for an unknown or locked account. */
static void backoff(pam_handle_t *pamh, const struct opts *o, const pwpol_policy *p, int rc)
{
	const void *data = NULL;
	unsigned *n = NULL;
	if (pam_get_data(pamh, FAILURES_KEY, &data) == PAM_SUCCESS && data)
		n = (unsigned *)(uintptr_t)data;
	if (rc == PAM_SUCCESS) {
		if (n)
			*n = 0;
		return;
	}
	if (rc != PAM_AUTH_ERR)
		return;
	if (!n) {
		n = calloc(1, sizeof *n);
		if (!n || pam_set_data(pamh, FAILURES_KEY, n, cleanup_reason) != PAM_SUCCESS) {
			free(n);
			return;
		}
	}
	unsigned delay = 0;
	if (*n < UINT_MAX)
		++*n;
	if (pwpol_fail_delay(p, *n, &delay) != PWPOL_OK || !delay)
		return;
	if (o->debug)
		pam_syslog(pamh, LOG_DEBUG, "retry-options backoff: %u s after failure %u", delay,
		           *n);
	pam_fail_delay(pamh, delay * 1000000u);
}

/* What every entry point does first: its options, then the user. */
static int start(pam_handle_t *pamh, int argc, const char **argv, struct opts *o, const char **user)
{
	char origin[256];
	snprintf(origin, sizeof origin, "service=%s rhost=%s tty=%s",
	         pp_item_text(pamh, PAM_SERVICE), pp_item_text(pamh, PAM_RHOST),
	         pp_item_text(pamh, PAM_TTY));
	pwpol_audit_set_origin(origin);
	int rc = pp_parse_opts(pamh, argc, argv, o);
	return rc == PAM_SUCCESS ? pp_get_user(pamh, user) : rc;
}

static int do_authenticate(pam_handle_t *pamh, struct hosted *h, int argc, const char **argv)
{
	struct opts o;
	const char *user = NULL, *pw = NULL;
	int rc = start(pamh, argc, argv, &o, &user);
	if (rc == PAM_SUCCESS && !o.nodelay)
		pam_fail_delay(pamh, FAIL_DELAY_USEC);
	if (rc == PAM_SUCCESS)
		rc = get_password(pamh, &o, &pw);
	if (rc != PAM_SUCCESS)
		return rc;
	if (o.agent) {
		enum pwpol_change_reason why;
		rc = pa_authenticate(pamh, &o, user, pw, &why);
		if (rc == PAM_SUCCESS)
			remember_reason(pamh, why);
		return rc;
	}
	struct ctx c;
	rc = pp_open_ctx(pamh, &o, &c, PAM_AUTHINFO_UNAVAIL);
	if (rc != PAM_SUCCESS)
		return rc;
	/* ignore_unknown: a user the store does not hold is pam_unix's, after
	 * us; the password asked for stays in PAM_AUTHTOK for it, and nothing
	 * is counted against any account of ours. */
	struct pwpol_account_info info;
	if (o.ignore_unknown &&
	    pwpol_account_info(c.store, c.policy, user, time(NULL), &info) == PWPOL_ENOENT) {
		pp_close_ctx(&c);
		return PAM_USER_UNKNOWN;
	}
	rc = authenticate(pamh, &o, &c, user, pw);
	if (rc == PAM_AUTH_ERR)
		log_auth_failure(pamh, h, user);
	backoff(pamh, &o, c.policy, rc);
	pp_close_ctx(&c);
	return rc;
}

PAM_EXTERN int pam_sm_authenticate(pam_handle_t *pamh, int flags, int argc, const char **argv)
{
	(void)flags;
	struct hosted h;
	hosted_begin(pamh, &h);
	int rc = do_authenticate(pamh, &h, argc, argv);
	hosted_end();
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

/* The account's state, or a PAM code: unknown is PAM_USER_UNKNOWN, a store
 * failure `unavail`. */
static int read_info(pam_handle_t *pamh, struct ctx *c, const char *user, time_t now,
                     struct pwpol_account_info *info, int unavail)
{
	enum pwpol_status st = pwpol_account_info(c->store, c->policy, user, now, info);
	if (st == PWPOL_OK)
		return PAM_SUCCESS;
	if (st == PWPOL_ENOENT) {
		/* Not named: a name that is no account may be a password. */
		pam_syslog(pamh, LOG_NOTICE, "user not in the account store");
		return PAM_USER_UNKNOWN;
	}
	pam_syslog(pamh, LOG_ERR, "account store error: %s",
	           pwpol_store_error(c->store) ? pwpol_store_error(c->store)
	                                       : pwpol_status_name(st));
	return unavail;
}

/*
 * The account phase runs whoever proved the user's identity (our auth, a
 * public key, another module), so it refuses what the library's admission
 * refuses. A disabled account answers PAM_ACCT_EXPIRED, as pam_unix
 * answers an account switched off with `usermod -e`/`chage -E 0` (the
 * Linux way to disable one): services log and tell it as an account that
 * may no longer be used, not as a passing fault. A locked account answers
 * PAM_PERM_DENIED: the lock ends by itself, the account stays.
 */
static int account(pam_handle_t *pamh, int flags, const struct opts *o, struct ctx *c,
                   const char *user)
{
	time_t now = time(NULL);
	struct pwpol_account_info info;
	enum pwpol_admission verdict;
	enum pwpol_status st =
	    pwpol_account_admission(c->store, c->policy, user, now, &info, &verdict);
	if (st == PWPOL_ENOENT) {
		/* Not named: a name that is no account may be a password. */
		pam_syslog(pamh, LOG_NOTICE, "user not in the account store");
		return PAM_USER_UNKNOWN;
	}
	if (st != PWPOL_OK) {
		pam_syslog(pamh, LOG_ERR, "account store error: %s",
		           pwpol_store_error(c->store) ? pwpol_store_error(c->store)
		                                       : pwpol_status_name(st));
		return PAM_AUTHINFO_UNAVAIL;
	}
	if (verdict == PWPOL_REFUSE_DISABLED) {
		pam_syslog(pamh, LOG_NOTICE, "account %s disabled: access refused", user);
		pp_say(pamh, flags, PAM_ERROR_MSG,
		       "Your account is disabled; please contact your system administrator.");
		return PAM_ACCT_EXPIRED;
	}
	if (verdict == PWPOL_REFUSE_EXPIRED) {
		/* Its expiry date or inactive period has passed (chage -E, -I). */
		pam_syslog(pamh, LOG_NOTICE, "account %s expired: access refused", user);
		pp_say(pamh, flags, PAM_ERROR_MSG, "%s",
		       pp_tr("Your account has expired; please contact your system "
		             "administrator."));
		return PAM_ACCT_EXPIRED;
	}
	if (verdict == PWPOL_REFUSE_LOCKED) {
		pam_syslog(pamh, LOG_NOTICE, "account %s locked: access refused", user);
		pp_say(pamh, flags, PAM_ERROR_MSG, "%s",
		       pp_tr("Your account is locked after failed logins; try again later or ask "
		             "an administrator."));
		return PAM_PERM_DENIED;
	}
	enum pwpol_change_reason why = (enum pwpol_change_reason)info.reason;
	if (why == PWPOL_REASON_NONE)
		why = recalled_reason(pamh);
	if (why != PWPOL_REASON_NONE) {
		pam_syslog(pamh, LOG_NOTICE, "user %s must change the password (%s)", user,
		           pwpol_change_reason_name(why));
		pp_say(pamh, flags, PAM_ERROR_MSG, "%s", pp_tr(pwpol_change_reason_message(why)));
		return PAM_NEW_AUTHTOK_REQD;
	}
	/* The account's own warning days (chage -W), else the policy's. */
	long days;
	if (pwpol_account_expiry_warning(&info, now, &days)) {
		pp_say(pamh, flags, PAM_TEXT_INFO,
		       pp_ntr("Warning: your password will expire in %ld day.",
		              "Warning: your password will expire in %ld days.",
		              (unsigned long)days),
		       days);
	}
	if (o->debug)
		pam_syslog(pamh, LOG_DEBUG, "account %s in order", user);
	return PAM_SUCCESS;
}

static int do_acct_mgmt(pam_handle_t *pamh, int flags, int argc, const char **argv)
{
	struct opts o;
	const char *user = NULL;
	int rc = start(pamh, argc, argv, &o, &user);
	if (rc != PAM_SUCCESS)
		return rc;
	if (o.agent)
		return pa_account(pamh, flags, &o, user, recalled_reason(pamh));
	struct ctx c;
	rc = pp_open_ctx(pamh, &o, &c, PAM_AUTHINFO_UNAVAIL);
	if (rc != PAM_SUCCESS)
		return rc;
	rc = account(pamh, flags, &o, &c, user);
	pp_close_ctx(&c);
	return rc;
}

PAM_EXTERN int pam_sm_acct_mgmt(pam_handle_t *pamh, int flags, int argc, const char **argv)
{
	struct hosted h;
	hosted_begin(pamh, &h);
	int rc = do_acct_mgmt(pamh, flags, argc, argv);
	hosted_end();
	return rc;
}

/* ---- password ---------------------------------------------------------- */

/* The new password, in a copy of our own: from an earlier module
 * (use_authtok) or asked for twice. PAM_TRY_AGAIN when the two differ. */
static int get_new_password(pam_handle_t *pamh, int flags, const struct opts *o, char **out)
{
	*out = NULL;
	if (o->use_authtok) {
		const void *item = NULL;
		if (pam_get_item(pamh, PAM_AUTHTOK, &item) != PAM_SUCCESS || !item) {
			pam_syslog(pamh, LOG_ERR,
			           "use_authtok: no new password from an earlier "
			           "module");
			return PAM_AUTHTOK_ERR;
		}
		*out = pp_dup_secret(item);
		return *out ? PAM_SUCCESS : PAM_BUF_ERR;
	}
	char *a = NULL, *b = NULL;
	int rc = pp_prompt(pamh, pp_tr("New password: "), &a);
	if (rc == PAM_SUCCESS)
		rc = pp_prompt(pamh, pp_tr("Retype new password: "), &b);
	if (rc == PAM_SUCCESS && strcmp(a, b) != 0) {
		pp_say(pamh, flags, PAM_ERROR_MSG, "%s", pp_tr("Sorry, passwords do not match."));
		rc = PAM_TRY_AGAIN;
	}
	pp_free_secret(b);
	if (rc != PAM_SUCCESS) {
		pp_free_secret(a);
		return rc;
	}
	*out = a;
	return PAM_SUCCESS;
}

/* The current password, in a copy of our own: from an earlier module
 * (PAM_OLDAUTHTOK) or asked for, and then kept for the modules after us. */
static int get_old_password(pam_handle_t *pamh, char **out)
{
	const void *item = NULL;
	*out = NULL;
	if (pam_get_item(pamh, PAM_OLDAUTHTOK, &item) == PAM_SUCCESS && item) {
		*out = pp_dup_secret(item);
		return *out ? PAM_SUCCESS : PAM_BUF_ERR;
	}
	int rc = pp_prompt(pamh, pp_tr("Current password: "), out);
	if (rc == PAM_SUCCESS)
		pam_set_item(pamh, PAM_OLDAUTHTOK, *out);
	return rc;
}

/* 1 if `user` is the account the calling process runs as: root changing
 * its own password is a user's change, not an administrator's reset. */
static int is_caller(const char *user)
{
	struct passwd pwbuf, *pw = NULL;
	char buf[4096];
	if (getpwuid_r(getuid(), &pwbuf, buf, sizeof buf, &pw) != 0 || !pw)
		return 0;
	return strcmp(pw->pw_name, user) == 0;
}

/* The PAM answer to a refused change or reset, after telling the user;
 * -1 when the user may try another password. */
static int refused(pam_handle_t *pamh, int flags, struct ctx *c, enum pwpol_status st,
                   const pwpol_report *r)
{
	switch (st) {
	case PWPOL_REJECTED:
	case PWPOL_EINVAL:
		if (pwpol_report_count(r)) {
			pp_say_report(pamh, flags, r);
			return -1;
		}
		/* REJECTED with no finding: the current password was wrong
		 * (the library's event says so). */
		pp_say(pamh, flags, PAM_ERROR_MSG, "%s",
		       pp_tr("Current password not accepted; password unchanged."));
		return PAM_AUTH_ERR;
	case PWPOL_LOCKED:
		/* Told as a wrong current password: a caller does not learn
		 * the lock before proving the password. */
		pp_say(pamh, flags, PAM_ERROR_MSG, "%s",
		       pp_tr("Current password not accepted; password unchanged."));
		return PAM_AUTH_ERR;
	case PWPOL_ENOENT:
		pam_syslog(pamh, LOG_NOTICE, "user not in the account store");
		return PAM_USER_UNKNOWN;
	case PWPOL_ENOMEM: pam_syslog(pamh, LOG_CRIT, "out of memory"); return PAM_BUF_ERR;
	default:
		pam_syslog(pamh, LOG_ERR, "account store error: %s",
		           pwpol_store_error(c->store) ? pwpol_store_error(c->store)
		                                       : pwpol_status_name(st));
		return PAM_AUTHTOK_ERR;
	}
}

/* Asks for a new password up to retry= times until the policy takes it:
 * an administrator's reset (old == NULL) or the user's own change. */
static int change(pam_handle_t *pamh, int flags, const struct opts *o, struct ctx *c,
                  const char *user, const char *old)
{
	pwpol_report *r = NULL;
	if (pwpol_report_new(&r) != PWPOL_OK)
		return PAM_BUF_ERR;
	int rc = PAM_AUTHTOK_ERR;
	for (int attempt = 0; attempt < o->retry; attempt++) {
		char *pw = NULL;
		rc = get_new_password(pamh, flags, o, &pw);
		if (rc == PAM_TRY_AGAIN) {
			rc = PAM_AUTHTOK_ERR;
			continue;
		}
		if (rc != PAM_SUCCESS)
			break;
		enum pwpol_status st;
		time_t now = time(NULL);
		if (old)
			st = pwpol_account_change(c->store, c->policy, user, old, strlen(old), pw,
			                          strlen(pw), now, r);
		else
			st = pwpol_account_reset(c->store, c->policy, user,
			                         &(struct pwpol_secret){pw, strlen(pw), NULL}, now,
			                         r);
		if (st == PWPOL_OK) {
			/* Modules after this one (pam_unix use_authtok) set the same. */
			pam_set_item(pamh, PAM_AUTHTOK, pw);
			pp_free_secret(pw);
			if (*pwpol_store_notice(c->store))
				pp_say(pamh, flags, PAM_TEXT_INFO, "%s.",
				       pwpol_store_notice(c->store));
			rc = PAM_SUCCESS;
			break;
		}
		pp_free_secret(pw);
		rc = refused(pamh, flags, c, st, r);
		if (rc != -1)
			break;
		rc = PAM_AUTHTOK_ERR;
		if (o->use_authtok)
			break; /* the same password would come back */
		if (pp_report_has(r, PWPOL_RULE_MINIMUM_LIFETIME))
			break; /* no other new password would be taken today */
	}
	pwpol_report_free(r);
	return rc;
}

/* The current password, proved before a new one is asked for, so that a
 * user who mistyped it, or whose password is too young to change, learns
 * so at once. A wrong one counts toward the lockout (the library's call). */
static int check_old(pam_handle_t *pamh, int flags, struct ctx *c, const char *user,
                     const char *old)
{
	pwpol_report *r = NULL;
	if (pwpol_report_new(&r) != PWPOL_OK)
		return PAM_BUF_ERR;
	enum pwpol_status st = pwpol_account_verify_current(c->store, c->policy, user, old,
	                                                    strlen(old), time(NULL), r);
	int rc = PAM_SUCCESS;
	if (st == PWPOL_REJECTED && pwpol_report_count(r)) {
		pp_say_report(pamh, flags, r); /* minimum-lifetime: too young to change */
		rc = PAM_AUTHTOK_ERR;
	} else if (st != PWPOL_OK) {
		rc = refused(pamh, flags, c, st, r);
	}
	pwpol_report_free(r);
	return rc;
}

/* ignore_unknown, a user the store does not hold: pam_unix changes the
 * password after us, with use_authtok (pam-auth-update gives it that when
 * it is not first), so the new password is asked for here as pam_unix
 * would ask, left in PAM_AUTHTOK, and no rule of ours is applied to it. */
static int unknown_update(pam_handle_t *pamh, int flags, const struct opts *o)
{
	if (o->use_authtok)
		return PAM_USER_UNKNOWN;
	char *pw = NULL;
	int rc = get_new_password(pamh, flags, o, &pw);
	if (rc == PAM_SUCCESS)
		rc = pam_set_item(pamh, PAM_AUTHTOK, pw);
	pp_free_secret(pw);
	return rc == PAM_SUCCESS ? PAM_USER_UNKNOWN : rc;
}

static int update(pam_handle_t *pamh, int flags, const struct opts *o, struct ctx *c,
                  const char *user)
{
	struct pwpol_account_info info;
	int rc = read_info(pamh, c, user, time(NULL), &info, PAM_AUTHTOK_ERR);
	if (rc == PAM_USER_UNKNOWN && o->ignore_unknown)
		return unknown_update(pamh, flags, o);
	if (rc != PAM_SUCCESS)
		return rc;
	if ((flags & PAM_CHANGE_EXPIRED_AUTHTOK) &&
	    (enum pwpol_change_reason)info.reason == PWPOL_REASON_NONE &&
	    recalled_reason(pamh) == PWPOL_REASON_NONE) {
		if (o->debug)
			pam_syslog(pamh, LOG_DEBUG, "password of %s has not expired: unchanged",
			           user);
		return PAM_SUCCESS;
	}
	int admin = getuid() == 0 && !(flags & PAM_CHANGE_EXPIRED_AUTHTOK) && !is_caller(user);
	if (admin) {
		rc = change(pamh, flags, o, c, user, NULL);
		if (rc == PAM_SUCCESS) {
			pp_say(pamh, flags, PAM_TEXT_INFO,
			       pp_tr("The password of %s is temporary: it must be changed at the "
			             "next login."),
			       user);
		}
		return rc;
	}
	char *old = NULL;
	rc = get_old_password(pamh, &old);
	if (rc != PAM_SUCCESS)
		return rc == PAM_CONV_ERR ? rc : PAM_AUTHTOK_RECOVERY_ERR;
	rc = check_old(pamh, flags, c, user, old);
	if (rc == PAM_SUCCESS)
		rc = change(pamh, flags, o, c, user, old);
	pp_free_secret(old);
	return rc;
}

/* A user's own change through the node agent: the current password
 * proved first, then new ones up to retry= times. An administrator's reset
 * is the conductor's (`pwpol passwd --reset` there): a node never sets a
 * password without the current one. */
static int agent_update(pam_handle_t *pamh, int flags, const struct opts *o, const char *user)
{
	enum pwpol_change_reason why;
	int rc = pa_state(pamh, o, user, &why);
	if (rc != PAM_SUCCESS)
		return rc;
	if ((flags & PAM_CHANGE_EXPIRED_AUTHTOK) && why == PWPOL_REASON_NONE &&
	    recalled_reason(pamh) == PWPOL_REASON_NONE)
		return PAM_SUCCESS;
	char *old = NULL;
	rc = get_old_password(pamh, &old);
	if (rc != PAM_SUCCESS)
		return rc == PAM_CONV_ERR ? rc : PAM_AUTHTOK_RECOVERY_ERR;
	rc = pa_verify_old(pamh, flags, o, user, old);
	for (int attempt = 0, proved = rc == PAM_SUCCESS; proved && attempt < o->retry; attempt++) {
		char *pw = NULL;
		rc = PAM_AUTHTOK_ERR;
		int r = get_new_password(pamh, flags, o, &pw);
		if (r == PAM_TRY_AGAIN)
			continue;
		if (r != PAM_SUCCESS) {
			rc = r;
			break;
		}
		r = pa_change(pamh, flags, o, user, old, pw);
		if (r == PAM_SUCCESS)
			pam_set_item(pamh, PAM_AUTHTOK, pw);
		pp_free_secret(pw);
		if (r == -1 && !o->use_authtok)
			continue; /* refused by the policy, told why: another may do */
		if (r != -1)
			rc = r;
		break;
	}
	pp_free_secret(old);
	return rc;
}

static int do_chauthtok(pam_handle_t *pamh, int flags, int argc, const char **argv)
{
	struct opts o;
	const char *user = NULL;
	int rc = start(pamh, argc, argv, &o, &user);
	if (rc != PAM_SUCCESS)
		return rc;
	struct ctx c;
	int prelim = flags & PAM_PRELIM_CHECK;
	if (!prelim && !(flags & PAM_UPDATE_AUTHTOK)) {
		pam_syslog(pamh, LOG_ERR, "chauthtok called with neither PRELIM nor UPDATE");
		return PAM_SERVICE_ERR;
	}
	if (o.agent)
		return prelim ? PAM_SUCCESS : agent_update(pamh, flags, &o, user);
	rc = pp_open_ctx(pamh, &o, &c, prelim ? PAM_TRY_AGAIN : PAM_AUTHTOK_ERR);
	if (rc == PAM_USER_UNKNOWN && !prelim)
		return unknown_update(pamh, flags, &o);
	if (rc != PAM_SUCCESS)
		return rc;
	if (prelim) {
		/* The store answers and knows the user: the update can go on. */
		struct pwpol_account_info info;
		rc = read_info(pamh, &c, user, time(NULL), &info, PAM_TRY_AGAIN);
	} else {
		rc = update(pamh, flags, &o, &c, user);
	}
	pp_close_ctx(&c);
	return rc;
}

PAM_EXTERN int pam_sm_chauthtok(pam_handle_t *pamh, int flags, int argc, const char **argv)
{
	struct hosted h;
	hosted_begin(pamh, &h);
	int rc = do_chauthtok(pamh, flags, argc, argv);
	hosted_end();
	return rc;
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
