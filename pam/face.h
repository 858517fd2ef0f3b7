/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * face.h - what both halves of the PAM module stand on (face.c, compiled
 * into each): the module's arguments, the user and the items asked of
 * Linux-PAM, the conversation, the passwords asked for, and the log line
 * of a refused password. pam_pwpol.so (pam_pwpol.c, agent.c) links no
 * library of pwpol's; pam-direct.so (direct.c) is the half that opens a
 * store through libpwpol. Only pwpol.h's enums are used here, no call.
 * Private to the module (each map exports its entry points alone).
 */
#ifndef PWPOL_PAM_FACE_H
#define PWPOL_PAM_FACE_H

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

struct opts {
	const char *db;
	const char *config; /* NULL: the library's default (pwpol_policy_load) */
	int retry;
	int debug;
	int use_authtok;    /* the new password comes from an earlier module */
	int use_first_pass; /* the password comes from an earlier module, no prompt */
	int nodelay;        /* no fail delay asked for */
	int ignore_unknown; /* a user the store does not hold is another module's */
	const char *agent;  /* the agent's socket (pwpold(8), agent.c): no store here */
};

void pp_free_secret(char *s);
char *pp_dup_secret(const char *s);
int pp_parse_opts(pam_handle_t *pamh, int argc, const char **argv, struct opts *o);
int pp_get_user(pam_handle_t *pamh, const char **user);
const char *pp_item_text(pam_handle_t *pamh, int item);
int pp_prompt(pam_handle_t *pamh, const char *text, char **resp);
/* What a person reads, in the language of the application's locale:
 * gettext's "pwpol" domain (po/), as pam_pwquality's and Linux-PAM's
 * messages are, bound to the install's locale directory at the first
 * message. pp_ntr: the form for n (one, or more). The library's rule
 * sentences come through pwpol_rule_template. */
const char *pp_tr(const char *s) __attribute__((format_arg(1)));
const char *pp_ntr(const char *one, const char *more, unsigned long n)
    __attribute__((format_arg(1))) __attribute__((format_arg(2)));
void pp_say(pam_handle_t *pamh, int flags, int style, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* The password to verify: PAM_AUTHTOK from an earlier module, else asked
 * for and kept there for the modules after this one. */
int pp_get_password(pam_handle_t *pamh, const struct opts *o, const char **pw);
/* The new password, in a copy of our own: from an earlier module
 * (use_authtok) or asked for twice; PAM_TRY_AGAIN when the two differ. */
int pp_get_new_password(pam_handle_t *pamh, int flags, const struct opts *o, char **out);
/* The current password, in a copy of our own: PAM_OLDAUTHTOK, else asked
 * for and kept there. Fails as chauthtok answers it: PAM_CONV_ERR when the
 * conversation did, else PAM_AUTHTOK_RECOVERY_ERR. */
int pp_get_old_password(pam_handle_t *pamh, char **out);
/* ignore_unknown, a user that is none of pwpol's, chauthtok's UPDATE: the
 * new password asked for as pam_unix (after us, use_authtok) would ask,
 * left in PAM_AUTHTOK; PAM_USER_UNKNOWN, or the conversation's code. */
int pp_unknown_update(pam_handle_t *pamh, int flags, const struct opts *o);
/* 1 when ignore_unknown is given and the store is a file that does not
 * exist: no account is pwpol's, every user is the next module's (as
 * before pwpol was set up). A store that exists but fails is still an
 * error, never a reason to let another module decide for its accounts. */
int pp_no_store(const struct opts *o);
/* The line pam_unix writes for a refused password (fail2ban reads it);
 * `unknown`: the name is no account, so it is left out. */
void pp_log_auth_failure(pam_handle_t *pamh, int unknown, const char *user);
#endif
