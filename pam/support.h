/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * support.h - what the PAM calls of pam_pwpol.c share with support.c: the
 * module's arguments, one call's policy and store, and the conversation.
 * Private to the module (its map exports the pam_sm_* calls alone).
 */
#ifndef PWPOL_PAM_SUPPORT_H
#define PWPOL_PAM_SUPPORT_H

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

struct opts {
	const char *db;
	const char *config; /* NULL: the library's default (pwpol_policy_load) */
	int retry;
	int debug;
	int use_authtok;    /* the new password comes from an earlier module */
	int use_first_pass; /* the password comes from an earlier module, no prompt */
	int nodelay;        /* no fail delay asked for */
	int ignore_unknown; /* a user the store does not hold is another module's */
	const char *agent;  /* a fleet node: the agent's socket (pwpold(8), agent.c) */
};

/* One call's policy and store, released by close_ctx. */
struct ctx {
	pwpol_policy *policy;
	pwpol_store *store;
};

void pp_free_secret(char *s);
char *pp_dup_secret(const char *s);
int pp_parse_opts(pam_handle_t *pamh, int argc, const char **argv, struct opts *o);
void pp_close_ctx(struct ctx *c);
int pp_open_ctx(pam_handle_t *pamh, const struct opts *o, struct ctx *c, int unavail);
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
int pp_report_has(const pwpol_report *r, enum pwpol_rule rule);
void pp_say_report(pam_handle_t *pamh, int flags, const pwpol_report *r);

#endif
