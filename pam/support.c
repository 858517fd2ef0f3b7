/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * support.c - what every PAM call of the module stands on: its arguments
 * parsed, one call's policy and store opened and released, the user and
 * the items asked of Linux-PAM, and the conversation (prompts, messages,
 * a report's findings said). pam_pwpol.c holds the calls themselves.
 */
#include "support.h"

#include <errno.h>
#include <libintl.h>
#include <pthread.h>
#include <sys/stat.h>

/* ---- small helpers ----------------------------------------------------- */

void pp_free_secret(char *s)
{
	if (!s)
		return;
	pwpol_wipe(s, strlen(s));
	free(s);
}

char *pp_dup_secret(const char *s)
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
int pp_parse_opts(pam_handle_t *pamh, int argc, const char **argv, struct opts *o)
{
	*o = (struct opts){.db = PWPOL_DEFAULT_DB, .retry = 1};
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		if (!strncmp(a, "db=", 3) && a[3])
			o->db = a + 3;
		else if (!strncmp(a, "agent=", 6) && a[6] == '/')
			o->agent = a + 6;
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
		else if (!strcmp(a, "ignore_unknown"))
			o->ignore_unknown = 1;
		else {
			pam_syslog(pamh, LOG_ERR,
			           "bad option \"%s\" (known: db=PATH agent=PATH config=PATH "
			           "retry=1..%d debug use_authtok use_first_pass "
			           "try_first_pass nodelay ignore_unknown)",
			           a, RETRY_MAX);
			return PAM_SERVICE_ERR;
		}
	}
	return PAM_SUCCESS;
}

void pp_close_ctx(struct ctx *c)
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
int pp_open_ctx(pam_handle_t *pamh, const struct opts *o, struct ctx *c, int unavail)
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
		int rc = load_policy(pamh, o, c);
		if (rc != PAM_SUCCESS)
			pp_close_ctx(c);
		return rc;
	}
	/* The library's sentence names the store already. */
	if (err[0])
		pam_syslog(pamh, LOG_ERR, "cannot open the account store: %s", err);
	else
		pam_syslog(pamh, LOG_ERR, "cannot open the account store %s: %s", o->db,
		           pwpol_status_name(st));
	pp_close_ctx(c);
	return unavail;
}

int pp_get_user(pam_handle_t *pamh, const char **user)
{
	int rc = pam_get_user(pamh, user, NULL);
	if (rc == PAM_SUCCESS && *user && **user)
		return PAM_SUCCESS;
	pam_syslog(pamh, LOG_ERR, "cannot get the user name: %s", pam_strerror(pamh, rc));
	if (rc == PAM_CONV_AGAIN)
		return PAM_INCOMPLETE;
	return rc == PAM_SUCCESS ? PAM_USER_UNKNOWN : rc;
}

const char *pp_item_text(pam_handle_t *pamh, int item)
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
	pp_free_secret(r->resp);
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

#define TEXT_DOMAIN "pwpol"
static pthread_once_t text_once = PTHREAD_ONCE_INIT;

static void text_bind(void)
{
	bindtextdomain(TEXT_DOMAIN, PWPOL_LOCALEDIR);
}

const char *pp_tr(const char *s)
{
	pthread_once(&text_once, text_bind);
	return dgettext(TEXT_DOMAIN, s);
}

const char *pp_ntr(const char *one, const char *more, unsigned long n)
{
	pthread_once(&text_once, text_bind);
	return dngettext(TEXT_DOMAIN, one, more, n);
}

int pp_prompt(pam_handle_t *pamh, const char *text, char **resp)
{
	return converse(pamh, PAM_PROMPT_ECHO_OFF, text, resp);
}

/* Tells the user something; a failure to tell is logged, not fatal: the
 * answer of the call stands on its own. */
void pp_say(pam_handle_t *pamh, int flags, int style, const char *fmt, ...)
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
int pp_report_has(const pwpol_report *r, enum pwpol_rule rule)
{
	for (size_t i = 0; i < pwpol_report_count(r); i++)
		if (pwpol_report_get(r, i)->rule == rule)
			return 1;
	return 0;
}

/* Every finding of a report, one message each. minimum-lifetime is about
 * the current password's age, not the new one: it is not a BAD PASSWORD. */
void pp_say_report(pam_handle_t *pamh, int flags, const pwpol_report *r)
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
