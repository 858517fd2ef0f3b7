/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * agent.c - pam_pwpol on a node of a fleet (agent=PATH): every question
 * goes to the node agent (pwpold(8)) over its Unix socket, which asks the
 * conductor, where the library decides. No store is opened, no policy read
 * and no library of pwpol's loaded here (pam-direct.so is not): what the
 * agent answers is mapped onto PAM codes and messages.
 */
#include "agent.h"

#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>

/* Waits at most this long for the agent, which bounds its own wait for the
 * conductor (--timeout) well below. */
#define AGENT_TIMEOUT_SEC 30

void pa_free(struct agent_answer *ans)
{
	pp_free(&ans->msg);
}

int pa_ask(pam_handle_t *pamh, const struct opts *o, enum pp_type type, const char *user,
           const char *a, const char *b, struct agent_answer *ans)
{
	memset(ans, 0, sizeof *ans);
	struct pp_msg req;
	pp_start(&req, type);
	pp_put_str(&req, PP_T_NAME, user);
	if (a)
		pp_put_str(&req, type == PP_CHANGE ? PP_T_OLD : PP_T_PASSWORD, a);
	if (b)
		pp_put_str(&req, PP_T_NEW, b);
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	int rc = -1;
	if (fd >= 0 && strlen(o->agent) < sizeof sa.sun_path) {
		strcpy(sa.sun_path, o->agent);
		struct timeval tv = {.tv_sec = AGENT_TIMEOUT_SEC};
		setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
		setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
		if (connect(fd, (struct sockaddr *)&sa, sizeof sa) == 0 &&
		    pp_send(pp_fd_write, &fd, &req) == 0 &&
		    pp_recv(pp_fd_read, &fd, &ans->msg) == 0 && pp_type(&ans->msg) == PP_REPLY)
			rc = 0;
	}
	if (fd >= 0)
		close(fd);
	pp_free(&req);
	if (rc != 0) {
		pp_free(&ans->msg);
		pam_syslog(pamh, LOG_ERR, "the node agent at %s does not answer", o->agent);
		return -1;
	}
	ans->status = (unsigned)pp_get_num(&ans->msg, PP_T_STATUS, PP_R_ERROR);
	ans->reason = (unsigned)pp_get_num(&ans->msg, PP_T_REASON, 0);
	ans->verdict = (unsigned)pp_get_num(&ans->msg, PP_T_VERDICT, PP_V_DISABLED);
	ans->expires = (long long)pp_get_num(&ans->msg, PP_T_EXPIRES, 0);
	ans->offline = pp_get_num(&ans->msg, PP_T_OFFLINE, 0) != 0;
	return 0;
}

int pa_say_texts(pam_handle_t *pamh, int flags, const struct agent_answer *ans)
{
	char line[512];
	int n = 0;
	for (unsigned i = 0; pp_get_str(&ans->msg, PP_T_TEXT, i, line, sizeof line) == 0;
	     i++, n++) {
		if (!strncmp(line, "W:", 2))
			pp_say(pamh, flags, PAM_TEXT_INFO, "%s", line + 2);
		else
			pp_say(pamh, flags, PAM_ERROR_MSG, "%s", line);
	}
	return n;
}

enum pwpol_change_reason pa_reason(unsigned r)
{
	return r <= PWPOL_REASON_FACTORY_DEFAULT ? (enum pwpol_change_reason)r : PWPOL_REASON_NONE;
}

int pa_authenticate(pam_handle_t *pamh, const struct opts *o, const char *user, const char *pw,
                    enum pwpol_change_reason *why)
{
	struct agent_answer ans;
	*why = PWPOL_REASON_NONE;
	if (pa_ask(pamh, o, PP_AUTH, user, pw, NULL, &ans) != 0)
		return PAM_AUTHINFO_UNAVAIL;
	int rc;
	switch (ans.status) {
	case PP_R_OK:
	case PP_R_CHANGE:
		*why = pa_reason(ans.reason);
		if (o->debug)
			pam_syslog(pamh, LOG_DEBUG, "user %s authenticated by the agent%s", user,
			           ans.offline ? " (offline, from its cache)" : "");
		rc = PAM_SUCCESS;
		break;
	case PP_R_REJECTED:
	case PP_R_LOCKED:
	case PP_R_NOTFOUND:
		pp_log_auth_failure(pamh, ans.status == PP_R_NOTFOUND, user);
		rc = PAM_AUTH_ERR;
		break;
	case PP_R_DENIED:
		pam_syslog(pamh, LOG_ERR,
		           "the node agent refuses (this process is not root, or the "
		           "node was revoked)");
		rc = PAM_AUTHINFO_UNAVAIL;
		break;
	default:
		pam_syslog(pamh, LOG_ERR, "the node agent cannot authenticate %s now (status %u)",
		           user, ans.status);
		rc = PAM_AUTHINFO_UNAVAIL;
	}
	pa_free(&ans);
	return rc;
}

int pa_account(pam_handle_t *pamh, int flags, const struct opts *o, const char *user,
               enum pwpol_change_reason recalled)
{
	struct agent_answer ans;
	if (pa_ask(pamh, o, PP_ACCOUNT, user, NULL, NULL, &ans) != 0)
		return PAM_AUTHINFO_UNAVAIL;
	int rc = PAM_SUCCESS;
	enum pwpol_change_reason why = pa_reason(ans.reason);
	if (ans.status == PP_R_NOTFOUND) {
		pam_syslog(pamh, LOG_NOTICE, "user not in the fleet");
		rc = PAM_USER_UNKNOWN;
	} else if (ans.status != PP_R_OK) {
		pam_syslog(pamh, LOG_ERR,
		           "the node agent cannot say the account's state (status %u)", ans.status);
		rc = PAM_AUTHINFO_UNAVAIL;
	} else if (ans.verdict == PP_V_DISABLED) {
		pam_syslog(pamh, LOG_NOTICE, "account %s disabled: access refused", user);
		pp_say(pamh, flags, PAM_ERROR_MSG,
		       "Your account is disabled; please contact your system administrator.");
		rc = PAM_ACCT_EXPIRED;
	} else if (ans.verdict == PP_V_LOCKED) {
		pam_syslog(pamh, LOG_NOTICE, "account %s locked: access refused", user);
		pp_say(pamh, flags, PAM_ERROR_MSG,
		       "Your account is locked after failed logins; try again later or ask an "
		       "administrator.");
		rc = PAM_PERM_DENIED;
	} else {
		if (why == PWPOL_REASON_NONE)
			why = recalled;
		if (why != PWPOL_REASON_NONE) {
			pam_syslog(pamh, LOG_NOTICE, "user %s must change the password (%s)", user,
			           pwpol_change_reason_name(why));
			pp_say(pamh, flags, PAM_ERROR_MSG, "%s",
			       pp_tr(pwpol_change_reason_message(why)));
			rc = PAM_NEW_AUTHTOK_REQD;
		}
	}
	pa_free(&ans);
	return rc;
}

int pa_known(pam_handle_t *pamh, const struct opts *o, const char *user)
{
	struct agent_answer ans;
	if (pa_ask(pamh, o, PP_ACCOUNT, user, NULL, NULL, &ans) != 0)
		return -1;
	int known = ans.status == PP_R_NOTFOUND ? 0 : ans.status == PP_R_OK ? 1 : -1;
	if (known < 0)
		pam_syslog(pamh, LOG_ERR,
		           "the node agent cannot say whether %s is known (status %u)", user,
		           ans.status);
	pa_free(&ans);
	return known;
}

int pa_state(pam_handle_t *pamh, const struct opts *o, const char *user,
             enum pwpol_change_reason *why)
{
	struct agent_answer ans;
	*why = PWPOL_REASON_NONE;
	if (pa_ask(pamh, o, PP_ACCOUNT, user, NULL, NULL, &ans) != 0)
		return PAM_AUTHTOK_ERR;
	int rc = ans.status == PP_R_OK         ? PAM_SUCCESS
	         : ans.status == PP_R_NOTFOUND ? PAM_USER_UNKNOWN
	                                       : PAM_AUTHTOK_ERR;
	*why = pa_reason(ans.reason);
	pa_free(&ans);
	return rc;
}

int pa_verify_old(pam_handle_t *pamh, int flags, const struct opts *o, const char *user,
                  const char *old)
{
	struct agent_answer ans;
	if (pa_ask(pamh, o, PP_VERIFY, user, old, NULL, &ans) != 0)
		return PAM_AUTHTOK_ERR;
	int rc = PAM_SUCCESS;
	if (ans.status != PP_R_OK) {
		/* Findings (minimum-lifetime): right, but too young to change. */
		int said = pa_say_texts(pamh, flags, &ans);
		if (!said)
			pp_say(pamh, flags, PAM_ERROR_MSG, "%s",
			       ans.status == PP_R_UNAVAILABLE
			           ? pp_tr("The password cannot be changed while the fleet is "
			                   "unreachable.")
			           : pp_tr("Current password not accepted; password unchanged."));
		rc = said ? PAM_AUTHTOK_ERR : PAM_AUTH_ERR;
	}
	pa_free(&ans);
	return rc;
}

int pa_change(pam_handle_t *pamh, int flags, const struct opts *o, const char *user,
              const char *old, const char *pw)
{
	struct agent_answer ans;
	if (pa_ask(pamh, o, PP_CHANGE, user, old, pw, &ans) != 0)
		return PAM_AUTHTOK_ERR;
	int rc;
	if (ans.status == PP_R_OK) {
		pa_say_texts(pamh, flags, &ans);
		rc = PAM_SUCCESS;
	} else if (pa_say_texts(pamh, flags, &ans)) {
		rc = -1; /* the policy's findings: another password may do */
	} else {
		pp_say(pamh, flags, PAM_ERROR_MSG, "%s",
		       ans.status == PP_R_UNAVAILABLE
		           ? pp_tr("The password cannot be changed while the fleet is unreachable.")
		           : pp_tr("Current password not accepted; password unchanged."));
		rc = PAM_AUTHTOK_ERR;
	}
	pa_free(&ans);
	return rc;
}

/* A user's own change through the node agent: the current password
 * proved first, then new ones up to retry= times. An administrator's reset
 * is the conductor's (`pwpol passwd --reset` there): a node never sets a
 * password without the current one. */
int pa_update(pam_handle_t *pamh, int flags, const struct opts *o, const char *user,
              enum pwpol_change_reason recalled)
{
	enum pwpol_change_reason why;
	int rc = pa_state(pamh, o, user, &why);
	if (rc != PAM_SUCCESS)
		return rc;
	if ((flags & PAM_CHANGE_EXPIRED_AUTHTOK) && why == PWPOL_REASON_NONE &&
	    recalled == PWPOL_REASON_NONE)
		return PAM_SUCCESS;
	char *old = NULL;
	rc = pp_get_old_password(pamh, &old);
	if (rc != PAM_SUCCESS)
		return rc;
	rc = pa_verify_old(pamh, flags, o, user, old);
	for (int attempt = 0, proved = rc == PAM_SUCCESS; proved && attempt < o->retry; attempt++) {
		char *pw = NULL;
		rc = PAM_AUTHTOK_ERR;
		int r = pp_get_new_password(pamh, flags, o, &pw);
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
