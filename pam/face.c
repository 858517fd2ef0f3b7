/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * face.c - what every PAM call of the module stands on, in both of its
 * halves (pam_pwpol.so and pam-direct.so each compile it): its arguments
 * parsed, the user and the items asked of Linux-PAM, the conversation,
 * the passwords asked for, and the line a refused password is logged
 * with. libc and libpam alone: no call of libpwpol's.
 */
#include "face.h"

#include <errno.h>
#include <libintl.h>
#include <pthread.h>
#include <security/pam_modutil.h>
#include <sys/stat.h>

/* ---- small helpers ----------------------------------------------------- */

void pp_free_secret(char *s)
{
	if (!s)
		return;
	explicit_bzero(s, strlen(s));
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

/* ---- passwords --------------------------------------------------------- */

int pp_get_password(pam_handle_t *pamh, const struct opts *o, const char **pw)
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

int pp_get_new_password(pam_handle_t *pamh, int flags, const struct opts *o, char **out)
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

int pp_get_old_password(pam_handle_t *pamh, char **out)
{
	const void *item = NULL;
	*out = NULL;
	if (pam_get_item(pamh, PAM_OLDAUTHTOK, &item) == PAM_SUCCESS && item) {
		*out = pp_dup_secret(item);
		return *out ? PAM_SUCCESS : PAM_AUTHTOK_RECOVERY_ERR;
	}
	int rc = pp_prompt(pamh, pp_tr("Current password: "), out);
	if (rc == PAM_SUCCESS)
		pam_set_item(pamh, PAM_OLDAUTHTOK, *out);
	return rc == PAM_SUCCESS || rc == PAM_CONV_ERR ? rc : PAM_AUTHTOK_RECOVERY_ERR;
}

/* ignore_unknown, a user the store does not hold: pam_unix changes the
 * password after us, with use_authtok (pam-auth-update gives it that when
 * it is not first), so the new password is asked for here as pam_unix
 * would ask, left in PAM_AUTHTOK, and no rule of ours is applied to it. */
int pp_unknown_update(pam_handle_t *pamh, int flags, const struct opts *o)
{
	if (o->use_authtok)
		return PAM_USER_UNKNOWN;
	char *pw = NULL;
	int rc = pp_get_new_password(pamh, flags, o, &pw);
	if (rc == PAM_SUCCESS)
		rc = pam_set_item(pamh, PAM_AUTHTOK, pw);
	pp_free_secret(pw);
	return rc == PAM_SUCCESS ? PAM_USER_UNKNOWN : rc;
}

int pp_no_store(const struct opts *o)
{
	struct stat sb;
	return o->ignore_unknown && !o->agent && !strstr(o->db, "://") && lstat(o->db, &sb) != 0 &&
	       errno == ENOENT;
}

/* ---- the log ----------------------------------------------------------- */

/* Field for field pam_unix's line, which fail2ban's pam-generic and sshd
 * filters read: `user=` only for an account the store holds (a name that
 * is none may be a password typed one field early, as pam_unix leaves it
 * out for a user it does not know). */
void pp_log_auth_failure(pam_handle_t *pamh, int unknown, const char *user)
{
	const char *logname = pam_modutil_getlogin(pamh);
	pam_syslog(pamh, LOG_NOTICE,
	           "authentication failure; logname=%s uid=%d euid=%d tty=%s ruser=%s rhost=%s%s%s",
	           logname ? logname : "", (int)getuid(), (int)geteuid(),
	           pp_item_text(pamh, PAM_TTY), pp_item_text(pamh, PAM_RUSER),
	           pp_item_text(pamh, PAM_RHOST), unknown ? "" : "  user=", unknown ? "" : user);
}
