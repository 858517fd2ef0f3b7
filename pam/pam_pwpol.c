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
 */
#include "pwpol.h"

#include <limits.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include <security/pam_ext.h>
#include <security/pam_modules.h>

#define RETRY_MAX 10
/* The delay asked of Linux-PAM after a failed auth (as pam_unix does): it
 * slows online guessing, and the library randomises it, which blurs what
 * the time of an answer could tell (a store write on a counted failure). */
#define FAIL_DELAY_USEC 2000000u
/* pam_set_data key: why auth let a password in that must be changed. */
#define REASON_KEY "pam_pwpol_change_reason"
/* pam_set_data key: failed auths in this PAM transaction (the session the
 * Junos backoff counts; pam_pwpol.8). */
#define FAILURES_KEY "pam_pwpol_session_failures"

#define MSG_MISMATCH "Sorry, passwords do not match."
#define MSG_OLD_BAD  "Current password not accepted; password unchanged."

struct opts {
	const char *db;
	const char *config; /* NULL: the library's default (pwpol_policy_load) */
	int retry;
	int debug;
	int use_authtok;    /* the new password comes from an earlier module */
	int use_first_pass; /* the password comes from an earlier module, no prompt */
	int nodelay;        /* no fail delay asked for */
};

/* One call's policy and store, released by close_ctx. */
struct ctx {
	pwpol_policy *policy;
	pwpol_store *store;
};

/* ---- small helpers ----------------------------------------------------- */

static void free_secret(char *s)
{
	if (!s)
		return;
	pwpol_wipe(s, strlen(s));
	free(s);
}

static char *dup_secret(const char *s)
{
	return s ? strdup(s) : NULL;
}

static int parse_retry(const char *v, int *out)
{
	char *end;
	long n = strtol(v, &end, 10);
	if (!*v || *end || n < 1 || n > RETRY_MAX)
		return -1;
	*out = (int)n;
	return 0;
}

/* Options in the usual name=value style. An option the module does not
 * know is a configuration error: a typo in a security module's line must
 * not pass silently (e.g. `db=` spelled `bd=` would fall back to the
 * default store). The *_pass flags are those pam_get_authtok(3) knows. */
static int parse_opts(pam_handle_t *pamh, int argc, const char **argv, struct opts *o)
{
	*o = (struct opts){.db = PWPOL_DEFAULT_DB, .retry = 1};
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		if (!strncmp(a, "db=", 3) && a[3])
			o->db = a + 3;
		else if (!strncmp(a, "config=", 7) && a[7])
			o->config = a + 7;
		else if (!strncmp(a, "retry=", 6) && parse_retry(a + 6, &o->retry) == 0)
			;
		else if (!strcmp(a, "debug"))
			o->debug = 1;
		else if (!strcmp(a, "use_authtok"))
			o->use_authtok = 1;
		else if (!strcmp(a, "use_first_pass"))
			o->use_first_pass = 1;
		else if (!strcmp(a, "try_first_pass"))
			;
		else if (!strcmp(a, "nodelay"))
			o->nodelay = 1;
		else {
			pam_syslog(pamh, LOG_ERR,
			           "bad option \"%s\" (known: db=PATH config=PATH "
			           "retry=1..%d debug use_authtok use_first_pass "
			           "try_first_pass nodelay)",
			           a, RETRY_MAX);
			return PAM_SERVICE_ERR;
		}
	}
	return PAM_SUCCESS;
}

static void close_ctx(struct ctx *c)
{
	pwpol_store_close(c->store);
	pwpol_policy_free(c->policy);
	c->store = NULL;
	c->policy = NULL;
}

static int load_policy(pam_handle_t *pamh, const struct opts *o, struct ctx *c)
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
	if (st == PWPOL_ESYSTEM && strcmp(used, "the store") == 0)
		pam_syslog(pamh, LOG_ERR, "cannot load the configuration: %s",
		           pwpol_store_error(c->store));
	else
		pam_syslog(pamh, LOG_ERR, "%s: cannot load the configuration (%s)",
		           used[0] ? used : "built-in profile", pwpol_status_name(st));
	pwpol_config_errors_free(e);
	return st == PWPOL_ENOMEM ? PAM_BUF_ERR : PAM_SERVICE_ERR;
}

/* The policy and the store, or a PAM code (`unavail` when the store cannot
 * be opened: each management group has its own word for it). */
static int open_ctx(pam_handle_t *pamh, const struct opts *o, struct ctx *c, int unavail)
{
	*c = (struct ctx){0};
	/* The environment is the caller's (su, sudo, passwd, sshd): nothing of
	 * it may choose the store's server, options or files. */
	pwpol_set_hosted();
	/* The store first: its committed configuration is the policy. */
	char err[512] = "";
	enum pwpol_status st = pwpol_store_open(&c->store, o->db, 0, err, sizeof err);
	if (st == PWPOL_OK) {
		int rc = load_policy(pamh, o, c);
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

static int get_user(pam_handle_t *pamh, const char **user)
{
	int rc = pam_get_user(pamh, user, NULL);
	if (rc == PAM_SUCCESS && *user && **user)
		return PAM_SUCCESS;
	pam_syslog(pamh, LOG_ERR, "cannot get the user name: %s", pam_strerror(pamh, rc));
	if (rc == PAM_CONV_AGAIN)
		return PAM_INCOMPLETE;
	return rc == PAM_SUCCESS ? PAM_USER_UNKNOWN : rc;
}

static const char *item_text(pam_handle_t *pamh, int item)
{
	const void *v = NULL;
	if (pam_get_item(pamh, item, &v) != PAM_SUCCESS || !v)
		return "";
	return v;
}

/* ---- conversation ------------------------------------------------------ */

static void drop_responses(struct pam_response *r)
{
	if (!r)
		return;
	free_secret(r->resp);
	free(r);
}

/* One message through the application's conversation. For a prompt,
 * *resp gets the answer (the caller wipes and frees it). A missing or
 * failing conversation is PAM_CONV_ERR, whatever the application did. */
static int converse(pam_handle_t *pamh, int style, const char *text, char **resp)
{
	const void *item = NULL;
	if (resp)
		*resp = NULL;
	if (pam_get_item(pamh, PAM_CONV, &item) != PAM_SUCCESS || !item ||
	    !((const struct pam_conv *)item)->conv) {
		pam_syslog(pamh, LOG_ERR, "no conversation function");
		return PAM_CONV_ERR;
	}
	const struct pam_conv *conv = item;
	struct pam_message msg = {.msg_style = style, .msg = text};
	const struct pam_message *msgp = &msg;
	struct pam_response *r = NULL;
	int rc = conv->conv(1, &msgp, &r, conv->appdata_ptr);
	if (rc != PAM_SUCCESS) {
		drop_responses(r);
		pam_syslog(pamh, LOG_ERR, "conversation failed: %s", pam_strerror(pamh, rc));
		return PAM_CONV_ERR;
	}
	if (!resp) {
		drop_responses(r);
		return PAM_SUCCESS;
	}
	if (!r || !r->resp) {
		drop_responses(r);
		pam_syslog(pamh, LOG_ERR, "conversation gave no answer");
		return PAM_CONV_ERR;
	}
	*resp = r->resp;
	free(r);
	return PAM_SUCCESS;
}

static int prompt(pam_handle_t *pamh, const char *text, char **resp)
{
	return converse(pamh, PAM_PROMPT_ECHO_OFF, text, resp);
}

/* Tells the user something; a failure to tell is logged, not fatal: the
 * answer of the call stands on its own. */
static void say(pam_handle_t *pamh, int flags, int style, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void say(pam_handle_t *pamh, int flags, int style, const char *fmt, ...)
{
	if ((flags & PAM_SILENT) && style == PAM_TEXT_INFO)
		return;
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	converse(pamh, style, buf, NULL);
}

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
		pwpol_finding_message(f, msg, sizeof msg);
		if (f->rule == PWPOL_RULE_MINIMUM_LIFETIME)
			say(pamh, flags, PAM_ERROR_MSG, "Password unchanged: the current one %s",
			    msg);
		else if (f->severity == PWPOL_SEVERITY_ERROR && pwpol_report_account(r, i))
			say(pamh, flags, PAM_ERROR_MSG, "BAD PASSWORD for %s: %s",
			    pwpol_report_account(r, i), msg);
		else if (f->severity == PWPOL_SEVERITY_ERROR)
			say(pamh, flags, PAM_ERROR_MSG, "BAD PASSWORD: %s", msg);
		else
			say(pamh, flags, PAM_TEXT_INFO, "Warning: %s", msg);
	}
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
	int rc = prompt(pamh, "Password: ", &answer);
	if (rc != PAM_SUCCESS)
		return rc;
	rc = pam_set_item(pamh, PAM_AUTHTOK, answer);
	free_secret(answer);
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
	snprintf(origin, sizeof origin, "service=%s rhost=%s tty=%s", item_text(pamh, PAM_SERVICE),
	         item_text(pamh, PAM_RHOST), item_text(pamh, PAM_TTY));
	pwpol_audit_set_origin(origin);
	int rc = parse_opts(pamh, argc, argv, o);
	return rc == PAM_SUCCESS ? get_user(pamh, user) : rc;
}

PAM_EXTERN int pam_sm_authenticate(pam_handle_t *pamh, int flags, int argc, const char **argv)
{
	(void)flags;
	struct opts o;
	const char *user = NULL, *pw = NULL;
	int rc = start(pamh, argc, argv, &o, &user);
	if (rc == PAM_SUCCESS && !o.nodelay)
		pam_fail_delay(pamh, FAIL_DELAY_USEC);
	if (rc == PAM_SUCCESS)
		rc = get_password(pamh, &o, &pw);
	if (rc != PAM_SUCCESS)
		return rc;
	struct ctx c;
	rc = open_ctx(pamh, &o, &c, PAM_AUTHINFO_UNAVAIL);
	if (rc != PAM_SUCCESS)
		return rc;
	rc = authenticate(pamh, &o, &c, user, pw);
	backoff(pamh, &o, c.policy, rc);
	close_ctx(&c);
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
		say(pamh, flags, PAM_ERROR_MSG,
		    "Your account is disabled; please contact your system administrator.");
		return PAM_ACCT_EXPIRED;
	}
	if (verdict == PWPOL_REFUSE_EXPIRED) {
		/* Its expiry date or inactive period has passed (chage -E, -I). */
		pam_syslog(pamh, LOG_NOTICE, "account %s expired: access refused", user);
		say(pamh, flags, PAM_ERROR_MSG,
		    "Your account has expired; please contact your system administrator.");
		return PAM_ACCT_EXPIRED;
	}
	if (verdict == PWPOL_REFUSE_LOCKED) {
		pam_syslog(pamh, LOG_NOTICE, "account %s locked: access refused", user);
		say(pamh, flags, PAM_ERROR_MSG,
		    "Your account is locked after failed logins; try again later or ask an "
		    "administrator.");
		return PAM_PERM_DENIED;
	}
	enum pwpol_change_reason why = (enum pwpol_change_reason)info.reason;
	if (why == PWPOL_REASON_NONE)
		why = recalled_reason(pamh);
	if (why != PWPOL_REASON_NONE) {
		pam_syslog(pamh, LOG_NOTICE, "user %s must change the password (%s)", user,
		           pwpol_change_reason_name(why));
		say(pamh, flags, PAM_ERROR_MSG, "%s", pwpol_change_reason_message(why));
		return PAM_NEW_AUTHTOK_REQD;
	}
	/* The account's own warning days (chage -W), else the default. */
	long days;
	if (pwpol_account_expiry_warning(&info, now, &days)) {
		say(pamh, flags, PAM_TEXT_INFO, "Warning: your password will expire in %ld day%s.",
		    days, days == 1 ? "" : "s");
	}
	if (o->debug)
		pam_syslog(pamh, LOG_DEBUG, "account %s in order", user);
	return PAM_SUCCESS;
}

PAM_EXTERN int pam_sm_acct_mgmt(pam_handle_t *pamh, int flags, int argc, const char **argv)
{
	struct opts o;
	const char *user = NULL;
	int rc = start(pamh, argc, argv, &o, &user);
	if (rc != PAM_SUCCESS)
		return rc;
	struct ctx c;
	rc = open_ctx(pamh, &o, &c, PAM_AUTHINFO_UNAVAIL);
	if (rc != PAM_SUCCESS)
		return rc;
	rc = account(pamh, flags, &o, &c, user);
	close_ctx(&c);
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
		*out = dup_secret(item);
		return *out ? PAM_SUCCESS : PAM_BUF_ERR;
	}
	char *a = NULL, *b = NULL;
	int rc = prompt(pamh, "New password: ", &a);
	if (rc == PAM_SUCCESS)
		rc = prompt(pamh, "Retype new password: ", &b);
	if (rc == PAM_SUCCESS && strcmp(a, b) != 0) {
		say(pamh, flags, PAM_ERROR_MSG, MSG_MISMATCH);
		rc = PAM_TRY_AGAIN;
	}
	free_secret(b);
	if (rc != PAM_SUCCESS) {
		free_secret(a);
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
		*out = dup_secret(item);
		return *out ? PAM_SUCCESS : PAM_BUF_ERR;
	}
	int rc = prompt(pamh, "Current password: ", out);
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
			say_report(pamh, flags, r);
			return -1;
		}
		/* REJECTED with no finding: the current password was wrong
		 * (the library's event says so). */
		say(pamh, flags, PAM_ERROR_MSG, MSG_OLD_BAD);
		return PAM_AUTH_ERR;
	case PWPOL_LOCKED:
		/* Told as a wrong current password: a caller does not learn
		 * the lock before proving the password. */
		say(pamh, flags, PAM_ERROR_MSG, MSG_OLD_BAD);
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
			free_secret(pw);
			if (*pwpol_store_notice(c->store))
				say(pamh, flags, PAM_TEXT_INFO, "%s.",
				    pwpol_store_notice(c->store));
			rc = PAM_SUCCESS;
			break;
		}
		free_secret(pw);
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
                  const char *user)
{
	struct pwpol_account_info info;
	int rc = read_info(pamh, c, user, time(NULL), &info, PAM_AUTHTOK_ERR);
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
			say(pamh, flags, PAM_TEXT_INFO,
			    "The password of %s is temporary: it must be changed at the next "
			    "login.",
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
	free_secret(old);
	return rc;
}

PAM_EXTERN int pam_sm_chauthtok(pam_handle_t *pamh, int flags, int argc, const char **argv)
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
	rc = open_ctx(pamh, &o, &c, prelim ? PAM_TRY_AGAIN : PAM_AUTHTOK_ERR);
	if (rc != PAM_SUCCESS)
		return rc;
	if (prelim) {
		/* The store answers and knows the user: the update can go on. */
		struct pwpol_account_info info;
		rc = read_info(pamh, &c, user, time(NULL), &info, PAM_TRY_AGAIN);
	} else {
		rc = update(pamh, flags, &o, &c, user);
	}
	close_ctx(&c);
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
