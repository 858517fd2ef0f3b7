/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * rules.h - the door of the rules wing (rules/): pwpol_check's paths
 * (their shared parts are quality.h, private to the wing), the rule table
 * (rules.c), usernames (username.c) and the blocklist (blocklist.c).
 */
#ifndef PWPOL_RULES_H
#define PWPOL_RULES_H

#include "text.h"

#include <passwdqc.h>

/* quality.c: pwpol_check without its printable-ASCII path (the tests
 * hold the two paths to the same verdicts). The report is not cleared. */
enum pwpol_status pwpol__check_general(const pwpol_policy *p, const char *pw, size_t len,
                                       const char *username, const char *old, size_t oldlen,
                                       pwpol_report *r);

/* blocklist.c: the `blocklist` statement over libpasswdqc's filter
 * lookup. check: *listed = 1 if the password (as typed, case folded, or
 * with the username taken out) is in the file; ESYSTEM if the file cannot
 * be read, ENOMEM. commit_check: OK, or EINVAL with a sentence in why. */
/* passwdqc-load.c: libpasswdqc's functions, loaded on first use; NULL
 * when it cannot be (the caller fails closed: ESYSTEM). */
struct passwd;
struct pwpol__qc {
	const char *(*check)(const passwdqc_params_qc_t *, const char *, const char *,
	                     const struct passwd *);
	char *(*random)(const passwdqc_params_qc_t *);
	int (*parse)(passwdqc_params_t *, char **, int, const char *const *);
	void (*reset)(passwdqc_params_t *);
	void (*free)(passwdqc_params_t *);
};
const struct pwpol__qc *pwpol__qc(void);
enum pwpol_status pwpol__blocklist_check(const char *path, const char *pw, size_t len,
                                         const char *username, int *listed);
enum pwpol_status pwpol__blocklist_commit_check(const char *path, char *why, size_t whylen);
/* 1 if libzxcvbn can be opened (score.c): minimum-score can be judged. */
int pwpol__score_available(void);
/* rules.c: a sentence from a template, each {name} replaced by the value
 * of the same name and each {one|more} chosen by the figure before it
 * (pwpol_finding_message_from, pwpol_score_message_from). */
int pwpol__fill(const char *template, const char *const names[], const long values[], size_t n,
                char *buf, size_t len);

#endif
