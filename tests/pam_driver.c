/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * pam_driver.c - drives a PAM service through the real Linux-PAM library,
 * for tests/pam-*.sh. The service file is read from a directory the test
 * owns (pam_start_confdir), so the machine's own /etc/pam.d is never used.
 *
 *   pam_driver [--confdir DIR] [--service NAME] [--user NAME] [--rhost HOST] [--tty TTY]
 *              [--silent] [--noconv | --failconv | --nullconv | --nullresp] OP...
 *
 * --sshd-refused: every answer is replaced, as OpenSSH's sshd replaces the
 * password of a try it refused itself (an invalid user, root under
 * PermitRootLogin no): by "\b\n\r\177INCORRECT" repeated to its length
 * (auth-pam.c, fake_password).
 * --noconv: no conversation function; --failconv: it fails (PAM_CONV_ERR);
 * --nullconv: it succeeds with no responses at all; --nullresp: it succeeds
 * with a NULL answer to every prompt. A module must survive each of them.
 *
 * OP: authenticate, acct_mgmt, chauthtok, chauthtok-expired (with
 * PAM_CHANGE_EXPIRED_AUTHTOK), setcred, open_session, close_session, or
 * login: authenticate, acct_mgmt and, when that asks for a new password,
 * chauthtok-expired, as login(1) does.
 *
 * The locale is the environment's (setlocale), as login's is: a module's
 * messages come in the language LANGUAGE / LC_MESSAGES ask for.
 *
 * Every prompt is answered with the next line of standard input (no line
 * left: the conversation fails). Output, one a line: "PROMPT: text",
 * "ERROR: text", "INFO: text", "FAIL_DELAY: ..." when a failure would be
 * delayed (the delay is reported, never slept), and "OP: PAM_CODE" after
 * each operation. The
 * operations stop at the first failure; the exit status is its PAM code
 * (0 when every operation succeeded), 100 for a usage error.
 */
#include <security/pam_appl.h>

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* How the conversation misbehaves, if it does. */
static enum { CONV_OK, CONV_FAIL, CONV_NULL, CONV_NULL_RESP } conv_mode;
/* --sshd-refused */
static int sshd_refused;

/* OpenSSH's fake_password(): the answer's length kept, its bytes not. */
static void sshd_fake(char *s)
{
	static const char junk[] = "\b\n\r\177INCORRECT";
	for (size_t i = 0; s[i]; i++)
		s[i] = junk[i % (sizeof junk - 1)];
}

static const char *code_name(int rc)
{
	static const char *const names[] = {
	    [PAM_SUCCESS] = "PAM_SUCCESS",
	    [PAM_OPEN_ERR] = "PAM_OPEN_ERR",
	    [PAM_SYMBOL_ERR] = "PAM_SYMBOL_ERR",
	    [PAM_SERVICE_ERR] = "PAM_SERVICE_ERR",
	    [PAM_SYSTEM_ERR] = "PAM_SYSTEM_ERR",
	    [PAM_BUF_ERR] = "PAM_BUF_ERR",
	    [PAM_PERM_DENIED] = "PAM_PERM_DENIED",
	    [PAM_AUTH_ERR] = "PAM_AUTH_ERR",
	    [PAM_CRED_INSUFFICIENT] = "PAM_CRED_INSUFFICIENT",
	    [PAM_AUTHINFO_UNAVAIL] = "PAM_AUTHINFO_UNAVAIL",
	    [PAM_USER_UNKNOWN] = "PAM_USER_UNKNOWN",
	    [PAM_MAXTRIES] = "PAM_MAXTRIES",
	    [PAM_NEW_AUTHTOK_REQD] = "PAM_NEW_AUTHTOK_REQD",
	    [PAM_ACCT_EXPIRED] = "PAM_ACCT_EXPIRED",
	    [PAM_SESSION_ERR] = "PAM_SESSION_ERR",
	    [PAM_CRED_UNAVAIL] = "PAM_CRED_UNAVAIL",
	    [PAM_CRED_EXPIRED] = "PAM_CRED_EXPIRED",
	    [PAM_CRED_ERR] = "PAM_CRED_ERR",
	    [PAM_NO_MODULE_DATA] = "PAM_NO_MODULE_DATA",
	    [PAM_CONV_ERR] = "PAM_CONV_ERR",
	    [PAM_AUTHTOK_ERR] = "PAM_AUTHTOK_ERR",
	    [PAM_AUTHTOK_RECOVERY_ERR] = "PAM_AUTHTOK_RECOVERY_ERR",
	    [PAM_AUTHTOK_LOCK_BUSY] = "PAM_AUTHTOK_LOCK_BUSY",
	    [PAM_AUTHTOK_DISABLE_AGING] = "PAM_AUTHTOK_DISABLE_AGING",
	    [PAM_TRY_AGAIN] = "PAM_TRY_AGAIN",
	    [PAM_IGNORE] = "PAM_IGNORE",
	    [PAM_ABORT] = "PAM_ABORT",
	    [PAM_AUTHTOK_EXPIRED] = "PAM_AUTHTOK_EXPIRED",
	    [PAM_MODULE_UNKNOWN] = "PAM_MODULE_UNKNOWN",
	    [PAM_BAD_ITEM] = "PAM_BAD_ITEM",
	    [PAM_CONV_AGAIN] = "PAM_CONV_AGAIN",
	    [PAM_INCOMPLETE] = "PAM_INCOMPLETE",
	};
	if (rc >= 0 && (size_t)rc < sizeof names / sizeof names[0] && names[rc])
		return names[rc];
	return "PAM_UNKNOWN_CODE";
}

static void free_replies(struct pam_response *r, int n)
{
	for (int i = 0; i < n; i++) {
		if (r[i].resp) {
			memset(r[i].resp, 0, strlen(r[i].resp));
			free(r[i].resp);
		}
	}
	free(r);
}

/* The next line of standard input, without its newline; NULL at the end. */
static char *next_line(void)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n = getline(&line, &cap, stdin);
	if (n < 0) {
		free(line);
		return NULL;
	}
	if (n > 0 && line[n - 1] == '\n')
		line[n - 1] = 0;
	return line;
}

static int conv(int n, const struct pam_message **msg, struct pam_response **resp, void *data)
{
	(void)data;
	*resp = NULL;
	if (conv_mode == CONV_FAIL || n <= 0)
		return PAM_CONV_ERR;
	if (conv_mode == CONV_NULL)
		return PAM_SUCCESS;
	struct pam_response *r = calloc((size_t)n, sizeof *r);
	if (!r)
		return PAM_BUF_ERR;
	for (int i = 0; i < n; i++) {
		switch (msg[i]->msg_style) {
		case PAM_PROMPT_ECHO_OFF:
		case PAM_PROMPT_ECHO_ON:
			printf("PROMPT: %s\n", msg[i]->msg);
			if (conv_mode == CONV_NULL_RESP)
				break;
			r[i].resp = next_line();
			if (!r[i].resp) {
				free_replies(r, n);
				return PAM_CONV_ERR;
			}
			if (sshd_refused)
				sshd_fake(r[i].resp);
			break;
		case PAM_ERROR_MSG: printf("ERROR: %s\n", msg[i]->msg); break;
		case PAM_TEXT_INFO: printf("INFO: %s\n", msg[i]->msg); break;
		default: free_replies(r, n); return PAM_CONV_ERR;
		}
	}
	fflush(stdout);
	*resp = r;
	return PAM_SUCCESS;
}

/* The application's fail-delay hook (PAM_FAIL_DELAY): Linux-PAM hands it
 * the delay the modules asked for, randomised, instead of sleeping. The
 * figure is bucketed so that two failures print the same line. */
static void fail_delay(int status, unsigned usec, void *data)
{
	(void)data;
	if (status == PAM_SUCCESS || usec == 0)
		return;
	if (usec >= 1000000 && usec <= 3000000)
		printf("FAIL_DELAY: 1-3 s\n");
	else
		printf("FAIL_DELAY: %u us\n", usec);
	fflush(stdout);
}

static int run_op(pam_handle_t *pamh, const char *op, int flags)
{
	int rc;
	if (!strcmp(op, "authenticate"))
		rc = pam_authenticate(pamh, flags);
	else if (!strcmp(op, "acct_mgmt"))
		rc = pam_acct_mgmt(pamh, flags);
	else if (!strcmp(op, "chauthtok"))
		rc = pam_chauthtok(pamh, flags);
	else if (!strcmp(op, "chauthtok-expired"))
		rc = pam_chauthtok(pamh, flags | PAM_CHANGE_EXPIRED_AUTHTOK);
	else if (!strcmp(op, "setcred"))
		rc = pam_setcred(pamh, flags | PAM_ESTABLISH_CRED);
	else if (!strcmp(op, "open_session"))
		rc = pam_open_session(pamh, flags);
	else if (!strcmp(op, "close_session"))
		rc = pam_close_session(pamh, flags);
	else {
		fprintf(stderr, "pam_driver: unknown operation %s\n", op);
		return -1;
	}
	printf("%s: %s\n", op, code_name(rc));
	fflush(stdout);
	return rc;
}

/* login(1): a password that authenticates but must change is changed at once. */
static int run_login(pam_handle_t *pamh, int flags)
{
	int rc = run_op(pamh, "authenticate", flags);
	if (rc != PAM_SUCCESS)
		return rc;
	rc = run_op(pamh, "acct_mgmt", flags);
	if (rc == PAM_NEW_AUTHTOK_REQD)
		rc = run_op(pamh, "chauthtok-expired", flags);
	return rc;
}

static int usage(void)
{
	fprintf(stderr, "usage: pam_driver [--confdir DIR] [--service NAME] [--user NAME] "
	                "[--rhost HOST] [--tty TTY] [--silent] [--keep-going] [--sshd-refused] "
	                "[--noconv|--failconv|--nullconv|--nullresp] "
	                "OP...\n");
	return 100;
}

int main(int argc, char **argv)
{
	/* As login(1) and passwd(1) do: the messages of the modules in the
	 * language of the environment (tests set LANGUAGE for one run). */
	setlocale(LC_ALL, "");
	const char *confdir = NULL, *service = "pwpol-test", *user = NULL, *rhost = NULL,
	           *tty = NULL;
	struct pam_conv pc = {conv, NULL};
	int flags = 0, i = 1, keep_going = 0;
	for (; i < argc && !strncmp(argv[i], "--", 2); i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--keep-going"))
			keep_going = 1; /* sshd: several tries on one handle */
		else if (!strcmp(a, "--sshd-refused"))
			sshd_refused = 1;
		else if (!strcmp(a, "--noconv"))
			pc.conv = NULL;
		else if (!strcmp(a, "--failconv"))
			conv_mode = CONV_FAIL;
		else if (!strcmp(a, "--nullconv"))
			conv_mode = CONV_NULL;
		else if (!strcmp(a, "--nullresp"))
			conv_mode = CONV_NULL_RESP;
		else if (!strcmp(a, "--silent"))
			flags |= PAM_SILENT;
		else if (i + 1 >= argc)
			return usage();
		else if (!strcmp(a, "--confdir"))
			confdir = argv[++i];
		else if (!strcmp(a, "--service"))
			service = argv[++i];
		else if (!strcmp(a, "--user"))
			user = argv[++i];
		else if (!strcmp(a, "--rhost"))
			rhost = argv[++i];
		else if (!strcmp(a, "--tty"))
			tty = argv[++i];
		else
			return usage();
	}
	if (i >= argc)
		return usage();

	pam_handle_t *pamh = NULL;
	int rc = pam_start_confdir(service, user, &pc, confdir, &pamh);
	if (rc != PAM_SUCCESS) {
		printf("pam_start: %s\n", code_name(rc));
		return rc;
	}
	if (rhost)
		pam_set_item(pamh, PAM_RHOST, rhost);
	if (tty)
		pam_set_item(pamh, PAM_TTY, tty);
	union {
		void (*fn)(int, unsigned, void *);
		const void *item;
	} hook = {.fn = fail_delay};
	pam_set_item(pamh, PAM_FAIL_DELAY, hook.item);
	for (rc = PAM_SUCCESS; i < argc && (rc == PAM_SUCCESS || (keep_going && rc > 0)); i++)
		rc = !strcmp(argv[i], "login") ? run_login(pamh, flags)
		                               : run_op(pamh, argv[i], flags);
	pam_end(pamh, rc < 0 ? PAM_ABORT : rc);
	return rc < 0 ? 100 : rc;
}
