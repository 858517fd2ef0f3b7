/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * direct.c - pam-direct.so, the half of pam_pwpol that opens the store
 * itself (no agent= given): auth verifies a password against the pwpol
 * store (with lockout), account asks for a change of an expired,
 * temporary or factory-default password, password changes it under every
 * rule of the policy. The decisions are the library's; this file maps PAM
 * calls onto them. pam_pwpol.so loads it (direct.h) and has already read
 * the options, the user and, for auth, the password.
 *
 * It lives inside someone else's process (login, sshd, su, passwd): every
 * failure ends in a PAM code and a log line, never a crash or an exit, and
 * every copy of a password it makes is wiped before it is freed. The clock
 * is read here, once per call (the library takes `now` as an argument).
 */
#include "direct.h"

#include <errno.h>
#include <pthread.h>
#include <sys/stat.h>

/* One call's policy and store, released by close_ctx. */
struct ctx {
	pwpol_policy *policy;
	pwpol_store *store;
};

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

/* The origin of the library's events: where the call came from. */
static void set_origin(pam_handle_t *pamh)
{
	char origin[256];
	snprintf(origin, sizeof origin, "service=%s rhost=%s tty=%s",
	         pp_item_text(pamh, PAM_SERVICE), pp_item_text(pamh, PAM_RHOST),
	         pp_item_text(pamh, PAM_TTY));
	pwpol_audit_set_origin(origin);
}

static void hosted_begin(pam_handle_t *pamh, struct hosted *h)
{
	*h = (struct hosted){.pamh = pamh};
	current = h;
	set_origin(pamh);
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

/* ---- the call's store and policy --------------------------------------- */

static void close_ctx(struct ctx *c)
{
	pwpol_store_close(c->store);
	pwpol_policy_free(c->policy);
	c->store = NULL;
	c->policy = NULL;
}

/* The policy in force, or a PAM code: a store that stops answering after
 * it was opened is `unavail`, as one that cannot be opened (so that the
 * console stack's authinfo_unavail=ignore still lets root in); a
 * configuration that cannot be read is the service's error. */
static int load_policy(pam_handle_t *pamh, const struct opts *o, struct ctx *c, int unavail)
{
	pwpol_config_errors *e = NULL;
	char used[256];
	enum pwpol_status st = pwpol_policy_load_from(c->store, o->config, time(NULL), &c->policy,
	                                              &e, used, sizeof used);
	for (size_t i = 0; i < pwpol_config_errors_count(e); i++)
		pam_syslog(pamh, pwpol_config_errors_is_warning(e, i) ? LOG_WARNING : LOG_ERR, "%s",
		           pwpol_config_errors_get(e, i));
	if (st == PWPOL_OK) {
		pwpol_config_errors_free(e);
		return PAM_SUCCESS;
	}
	int from_store = st == PWPOL_ESYSTEM && strcmp(used, "the store") == 0;
	if (from_store)
		pam_syslog(pamh, LOG_ERR, "cannot load the configuration: %s",
		           pwpol_store_error(c->store));
	else
		pam_syslog(pamh, LOG_ERR, "%s: cannot load the configuration (%s)",
		           used[0] ? used : "built-in profile", pwpol_status_name(st));
	pwpol_config_errors_free(e);
	return st == PWPOL_ENOMEM ? PAM_BUF_ERR : from_store ? unavail : PAM_SERVICE_ERR;
}

/* The policy and the store, or a PAM code (`unavail` when the store cannot
 * be opened: each management group has its own word for it). */
static int open_ctx(pam_handle_t *pamh, const struct opts *o, struct ctx *c, int unavail)
{
	*c = (struct ctx){0};
	/* The environment is the caller's (su, sudo, passwd, sshd): nothing of
	 * it may choose the store's server, options or files. */
	pwpol_set_hosted();
	/* Stacked before pam_unix (pam-auth-update), no store file at all
	 * means that no account is pwpol's: every user is pam_unix's, as
	 * before pwpol was set up. A store that exists but fails is still an
	 * error, never a reason to let pam_unix decide for its accounts. */
	struct stat sb;
	if (o->ignore_unknown && !pwpol_store_is_uri(o->db) && lstat(o->db, &sb) != 0 &&
	    errno == ENOENT)
		return PAM_USER_UNKNOWN;
	/* The store first: its committed configuration is the policy. */
	char err[512] = "";
	enum pwpol_status st = pwpol_store_open(&c->store, o->db, 0, err, sizeof err);
	if (st == PWPOL_OK) {
		int rc = load_policy(pamh, o, c, unavail);
		if (rc != PAM_SUCCESS)
			close_ctx(c);
		return rc;
	}
	/* The library's sentence names the store already. */
	if (err[0])
		pam_syslog(pamh, LOG_ERR, "cannot open the account store: %s", err);
	else
		pam_syslog(pamh, LOG_ERR, "cannot open the account store %s: %s", o->db,
		           pwpol_status_name(st));
	close_ctx(c);
	return unavail;
}

/* A store that failed a call: the store's own sentence, else the status. */
static void log_store_error(pam_handle_t *pamh, const struct ctx *c, enum pwpol_status st)
{
	const char *why = pwpol_store_error(c->store);
	pam_syslog(pamh, LOG_ERR, "account store error: %s", why ? why : pwpol_status_name(st));
}

/* ---- what a person is told of a report --------------------------------- */

/* 1 if the report holds a finding of `rule`. */
static int report_has(const pwpol_report *r, enum pwpol_rule rule)
{
	for (size_t i = 0; i < pwpol_report_count(r); i++)
		if (pwpol_report_get(r, i)->rule == rule)
			return 1;
	return 0;
}

/* Every finding of a report, one message each. minimum-lifetime is about
 * the current password's age, not the new one: it is not a BAD PASSWORD. */
static void say_report(pam_handle_t *pamh, int flags, const pwpol_report *r)
{
	for (size_t i = 0; i < pwpol_report_count(r); i++) {
		const struct pwpol_finding *f = pwpol_report_get(r, i);
		char msg[256];
		pwpol_finding_message_from(f, pp_tr(pwpol_rule_template(f->rule)), msg, sizeof msg);
		if (f->rule == PWPOL_RULE_MINIMUM_LIFETIME)
			pp_say(pamh, flags, PAM_ERROR_MSG,
			       pp_tr("Password unchanged: the current one %s"), msg);
		else if (f->severity == PWPOL_SEVERITY_ERROR && pwpol_report_account(r, i))
			pp_say(pamh, flags, PAM_ERROR_MSG, pp_tr("BAD PASSWORD for %s: %s"),
			       pwpol_report_account(r, i), msg);
		else if (f->severity == PWPOL_SEVERITY_ERROR)
			pp_say(pamh, flags, PAM_ERROR_MSG, pp_tr("BAD PASSWORD: %s"), msg);
		else
			pp_say(pamh, flags, PAM_TEXT_INFO, pp_tr("Warning: %s"), msg);
	}
}

/* ---- auth -------------------------------------------------------------- */

static int authenticate(pam_handle_t *pamh, const struct opts *o, struct ctx *c, const char *user,
                        const char *pw, enum pwpol_change_reason *why)
{
	*why = PWPOL_REASON_NONE;
	enum pwpol_status st =
	    pwpol_account_authenticate(c->store, c->policy, user, pw, strlen(pw), time(NULL), why);
	switch (st) {
	case PWPOL_OK:
	case PWPOL_CHANGE_REQUIRED:
		if (o->debug)
			pam_syslog(pamh, LOG_DEBUG, "user %s authenticated%s", user,
			           *why != PWPOL_REASON_NONE ? " (password change required)" : "");
		return PAM_SUCCESS;
	case PWPOL_REJECTED:
	case PWPOL_LOCKED:
		/* The library's event says it, with the origin hosted_begin set
		 * (one event a happening); it names known users only: an unknown
		 * "user" is often a password typed one field early. */
		return PAM_AUTH_ERR;
	case PWPOL_EINVAL:
		pam_syslog(pamh, LOG_NOTICE, "authentication failure: unusable password input");
		return PAM_AUTH_ERR;
	case PWPOL_ENOMEM: pam_syslog(pamh, LOG_CRIT, "out of memory"); return PAM_BUF_ERR;
	default: log_store_error(pamh, c, st); return PAM_AUTHINFO_UNAVAIL;
	}
}

/* The Junos backoff (retry-options): this transaction's failures counted
 * (*n, kept in the handle by pam_pwpol.so), and the library's delay for
 * them asked of Linux-PAM, which applies the largest delay any module
 * asked for. Counted per transaction, not per account, so that it takes
 * as long for an unknown or locked account. */
static void backoff(pam_handle_t *pamh, const struct opts *o, const pwpol_policy *p, int rc,
                    unsigned *n)
{
	if (!n || (rc != PAM_SUCCESS && rc != PAM_AUTH_ERR))
		return;
	if (rc == PAM_SUCCESS) {
		*n = 0;
		return;
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

static int do_authenticate(pam_handle_t *pamh, struct hosted *h, const struct opts *o,
                           const char *user, const char *pw, enum pwpol_change_reason *why,
                           unsigned *failures)
{
	struct ctx c;
	int rc = open_ctx(pamh, o, &c, PAM_AUTHINFO_UNAVAIL);
	if (rc != PAM_SUCCESS)
		return rc;
	/* ignore_unknown: a user the store does not hold is pam_unix's, after
	 * us; the password asked for stays in PAM_AUTHTOK for it, and nothing
	 * is counted against any account of ours. */
	struct pwpol_account_info info = PWPOL_ACCOUNT_INFO_INIT();
	if (o->ignore_unknown &&
	    pwpol_account_info(c.store, c.policy, user, time(NULL), &info) == PWPOL_ENOENT) {
		close_ctx(&c);
		return PAM_USER_UNKNOWN;
	}
	rc = authenticate(pamh, o, &c, user, pw, why);
	if (rc == PAM_AUTH_ERR)
		pp_log_auth_failure(pamh, h->unknown, user);
	backoff(pamh, o, c.policy, rc, failures);
	close_ctx(&c);
	return rc;
}

static int direct_authenticate(pam_handle_t *pamh, const struct opts *o, const char *user,
                               const char *pw, enum pwpol_change_reason *why, unsigned *failures)
{
	struct hosted h;
	hosted_begin(pamh, &h);
	int rc = do_authenticate(pamh, &h, o, user, pw, why, failures);
	hosted_end();
	return rc;
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
	log_store_error(pamh, c, st);
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
                   const char *user, enum pwpol_change_reason recalled)
{
	time_t now = time(NULL);
	struct pwpol_account_info info = PWPOL_ACCOUNT_INFO_INIT();
	enum pwpol_admission verdict;
	enum pwpol_status st =
	    pwpol_account_admission(c->store, c->policy, user, now, &info, &verdict);
	if (st == PWPOL_ENOENT) {
		/* Not named: a name that is no account may be a password. */
		pam_syslog(pamh, LOG_NOTICE, "user not in the account store");
		return PAM_USER_UNKNOWN;
	}
	if (st != PWPOL_OK) {
		log_store_error(pamh, c, st);
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
		why = recalled;
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

static int direct_acct_mgmt(pam_handle_t *pamh, int flags, const struct opts *o, const char *user,
                            enum pwpol_change_reason recalled)
{
	struct hosted h;
	hosted_begin(pamh, &h);
	struct ctx c;
	int rc = open_ctx(pamh, o, &c, PAM_AUTHINFO_UNAVAIL);
	if (rc == PAM_SUCCESS) {
		rc = account(pamh, flags, o, &c, user, recalled);
		close_ctx(&c);
	}
	hosted_end();
	return rc;
}

/* ---- password ---------------------------------------------------------- */

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
			say_report(pamh, flags, r);
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
	default: log_store_error(pamh, c, st); return PAM_AUTHTOK_ERR;
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
		rc = pp_get_new_password(pamh, flags, o, &pw);
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
			st = pwpol_account_reset(
			    c->store, c->policy, user,
			    &(struct pwpol_secret)PWPOL_SECRET_INIT(.pw = pw, .len = strlen(pw)),
			    now, r);
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
		if (report_has(r, PWPOL_RULE_MINIMUM_LIFETIME))
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
		say_report(pamh, flags, r); /* minimum-lifetime: too young to change */
		rc = PAM_AUTHTOK_ERR;
	} else if (st != PWPOL_OK) {
		rc = refused(pamh, flags, c, st, r);
	}
	pwpol_report_free(r);
	return rc;
}

static int update(pam_handle_t *pamh, int flags, const struct opts *o, struct ctx *c,
                  const char *user, enum pwpol_change_reason recalled)
{
	struct pwpol_account_info info = PWPOL_ACCOUNT_INFO_INIT();
	int rc = read_info(pamh, c, user, time(NULL), &info, PAM_AUTHTOK_ERR);
	if (rc == PAM_USER_UNKNOWN && o->ignore_unknown)
		return pp_unknown_update(pamh, flags, o);
	if (rc != PAM_SUCCESS)
		return rc;
	if ((flags & PAM_CHANGE_EXPIRED_AUTHTOK) &&
	    (enum pwpol_change_reason)info.reason == PWPOL_REASON_NONE &&
	    recalled == PWPOL_REASON_NONE) {
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
	rc = pp_get_old_password(pamh, &old);
	if (rc != PAM_SUCCESS)
		return rc;
	rc = check_old(pamh, flags, c, user, old);
	if (rc == PAM_SUCCESS)
		rc = change(pamh, flags, o, c, user, old);
	pp_free_secret(old);
	return rc;
}

static int do_chauthtok(pam_handle_t *pamh, int flags, const struct opts *o, const char *user,
                        enum pwpol_change_reason recalled)
{
	struct ctx c;
	int prelim = flags & PAM_PRELIM_CHECK;
	int rc = open_ctx(pamh, o, &c, prelim ? PAM_TRY_AGAIN : PAM_AUTHTOK_ERR);
	if (rc == PAM_USER_UNKNOWN && !prelim)
		return pp_unknown_update(pamh, flags, o);
	if (rc != PAM_SUCCESS)
		return rc;
	if (prelim) {
		/* The store answers and knows the user: the update can go on. */
		struct pwpol_account_info info = PWPOL_ACCOUNT_INFO_INIT();
		rc = read_info(pamh, &c, user, time(NULL), &info, PAM_TRY_AGAIN);
	} else {
		rc = update(pamh, flags, o, &c, user, recalled);
	}
	close_ctx(&c);
	return rc;
}

static int direct_chauthtok(pam_handle_t *pamh, int flags, const struct opts *o, const char *user,
                            enum pwpol_change_reason recalled)
{
	struct hosted h;
	hosted_begin(pamh, &h);
	int rc = do_chauthtok(pamh, flags, o, user, recalled);
	hosted_end();
	return rc;
}

/* ---- the door ----------------------------------------------------------- */

static const struct pp_direct door = {
    .abi = PP_DIRECT_ABI,
    .authenticate = direct_authenticate,
    .acct_mgmt = direct_acct_mgmt,
    .chauthtok = direct_chauthtok,
};

const struct pp_direct *pwpol__pam_direct_entry(const char *abi)
{
	return abi && strcmp(abi, PP_DIRECT_ABI) == 0 ? &door : NULL;
}
