/*
 * account-change.c - the user's own change: the current password proved
 * first, then every rule on the new one (quality against the name and the
 * old password, minimum-lifetime, the reuse history), written in one
 * transaction.
 *
 * Decisions:
 * - A wrong current password is answered REJECTED with an empty report and
 *   counts toward the lockout like a failed login: else the change would be
 *   a way to guess the password without limit. A change refused by the
 *   policy proved the current password and counts nothing.
 * - A locked account cannot change its password (LOCKED), as it cannot
 *   log in.
 * - minimum-lifetime does not hold back a forced change (temporary,
 *   factory default, expired).
 * - An unknown user costs a hash and reads as a wrong password.
 */
#include "account.h"

#include <string.h>
#include <syslog.h>

/* minimum-lifetime: a user may not change a young password, unless the
 * change is forced. */
static void check_lifetime(const pwpol_policy *p, const struct pwpol__account *a, time_t now,
                           pwpol_report *r)
{
	long days = pwpol_policy_get(p, PWPOL_OPT_MINIMUM_LIFETIME);
	int forced = pwpol__change_reason(p, a, now) != PWPOL_REASON_NONE;
	time_t start = pwpol__age_start(p, a);
	if (days <= 0 || forced || now - start >= days * DAY)
		return;
	long age = now > start ? (long)((now - start) / DAY) : 0;
	pwpol_report_add(r, PWPOL_RULE_MINIMUM_LIFETIME, PWPOL_SEVERITY_ERROR, days, age);
}

/* The proof of the current password on the record `a`, recorded before
 * its verdict as a login is (account-login.c): the failure counted first
 * (*counted: the count it made, 0 while none of this attempt's stands),
 * then the hash; a right password takes its failure back. LOCKED, DISABLED, REJECTED with an
 * empty report (wrong, counted), OK, or ESYSTEM unjudged when the store
 * cannot record the attempt. */
static enum pwpol_status prove(pwpol_store *s, const pwpol_policy *p,
                               const struct pwpol__account *a, const char *old, size_t oldlen,
                               time_t now, unsigned *counted, int *locked_now)
{
	const char *kind = a->disabled ? "disabled" : pwpol__locked(a, now) ? "locked" : NULL;
	enum pwpol_status st = PWPOL_OK;
	if (kind) {
		/* The hash runs even when locked, and the refusal is written as a
		 * failure would be: a locked account answers in the same time. */
		if (pwpol__refusal(s, p, kind, old, oldlen) != PWPOL_OK)
			return PWPOL_ESYSTEM;
		st = a->disabled ? PWPOL__DISABLED : PWPOL_LOCKED;
	} else if (!*counted && pwpol__login_input_ok(old, oldlen)) {
		st = pwpol__count_failure_as(s, p, a, now, locked_now, counted);
		if (st == PWPOL__RETRY)
			return st;
		if (st != PWPOL_OK && st != PWPOL_LOCKED) /* LOCKED: by another meanwhile */
			return pwpol__attempt_unrecorded(s);
		if (st != PWPOL_OK)
			*counted = 0;
	}
	enum pwpol_status v = pwpol_verify(old, oldlen, a->hash);
	if (v != PWPOL_OK || st != PWPOL_OK)
		pwpol__refusal_pad(s, p, a->hash, old, oldlen); /* as an unknown name's */
	if (st != PWPOL_OK)
		return st;
	if (v == PWPOL_ENOMEM)
		return v;
	if (v != PWPOL_OK)
		return PWPOL_REJECTED;
	if (!*counted) /* an input crypt refuses was not counted */
		return PWPOL_OK;
	st = pwpol__take_back(s, a, now, *counted, *locked_now != 0);
	if (st == PWPOL_OK) {
		/* Settled: a later round (the change met a moved record)
		 * proves and counts afresh. */
		*counted = 0;
		*locked_now = 0;
	}
	return st;
}

/* The checks of a change on the record `a`: the old password first, then
 * every rule (all findings into r). */
static enum pwpol_status judge_change(pwpol_store *s, const pwpol_policy *p,
                                      const struct pwpol__account *a, const char *old,
                                      size_t oldlen, const char *pw, size_t len, time_t now,
                                      unsigned *counted, int *locked_now, pwpol_report *r)
{
	enum pwpol_status st = prove(s, p, a, old, oldlen, now, counted, locked_now);
	if (st != PWPOL_OK)
		return st;
	st = pwpol__check_quality(p, pw, len, a->name, old, oldlen, r);
	if (st == PWPOL_EINVAL || st == PWPOL_ENOMEM)
		return st;
	check_lifetime(p, a, now, r);
	if (pwpol__check_reuse(s, p, a, pw, len, r) == PWPOL_ESYSTEM)
		return PWPOL_ESYSTEM;
	return pwpol__report_has_error(r) ? PWPOL_REJECTED : PWPOL_OK;
}

static void audit_refusal(const char *name, enum pwpol_status st, const pwpol_report *r,
                          int locked_now, const pwpol_policy *p)
{
	if (st == PWPOL_REJECTED && !r->n)
		pwpol__audit(LOG_WARNING, "password change of %s refused: wrong old password",
		             name);
	else if (st == PWPOL_REJECTED)
		pwpol__audit(LOG_NOTICE, "password change of %s refused by the policy", name);
	else if (st == PWPOL_LOCKED)
		pwpol__audit(LOG_WARNING, "password change of %s refused: account locked", name);
	pwpol__audit_lock(p, name, locked_now, "failures, the last a wrong current password");
}

/* The answer of a change or a proof, and its one event: an unknown name
 * reads as a wrong password and costs what one does. */
static enum pwpol_status answer(pwpol_store *s, const pwpol_policy *p, const char *name,
                                const char *old, size_t oldlen, enum pwpol_status st,
                                const pwpol_report *r, int locked_now)
{
	if (st == PWPOL_ENOENT) {
		pwpol__refusal(s, p, "unknown", old, oldlen);
		pwpol__audit(LOG_WARNING, "password change refused: unknown user");
		return PWPOL_REJECTED;
	}
	if (st == PWPOL__DISABLED) {
		pwpol__audit(LOG_WARNING, "password change of %s refused: account disabled", name);
		return PWPOL_REJECTED;
	}
	if (st == PWPOL__RETRY)
		return pwpol__busy(s);
	if (st != PWPOL_OK)
		audit_refusal(name, st, r, locked_now, p);
	return st;
}

enum pwpol_status pwpol_account_change(pwpol_store *s, const pwpol_policy *p, const char *name,
                                       const char *old, size_t oldlen, const char *pw, size_t len,
                                       time_t now, pwpol_report *r)
{
	pwpol_report local = {0};
	if (!r)
		r = &local;
	pwpol_report_clear(r);
	if (!s || !p || !name || !old || !pw || !pwpol__time_ok(now))
		return PWPOL_EINVAL;
	struct pwpol__account a;
	memset(&a, 0, sizeof a);
	char hash[PWPOL_HASH_MAX] = "";
	int locked_now = 0;
	unsigned counted = 0;
	/* A new password that is no input (too long, invalid UTF-8) is an
	 * input error before the store is touched: it tells nothing of the
	 * account, and bad input leaves the store as it was. */
	enum pwpol_status st = pwpol__check_quality(p, pw, len, name, old, oldlen, r);
	if (st == PWPOL_EINVAL || st == PWPOL_ENOMEM)
		return st;
	pwpol_report_clear(r);
	st = pwpol__name_ok(name) ? PWPOL_OK : PWPOL_ENOENT;
	for (int attempt = 0; st == PWPOL_OK && attempt < ACCOUNT_RETRIES; attempt++) {
		st = pwpol__get(s, name, &a);
		if (st == PWPOL_OK)
			st = judge_change(s, p, &a, old, oldlen, pw, len, now, &counted,
			                  &locked_now, r);
		if (st == PWPOL_OK)
			st = pwpol__make_hash(p, &(struct pwpol_secret){pw, len, NULL}, hash);
		if (st == PWPOL_OK)
			st = pwpol__commit_change(s, p, &a, hash, 0, now, 1);
		if (st != PWPOL__RETRY)
			break;
		pwpol_report_clear(r);
		st = PWPOL_OK;
	}
	pwpol__wipe_account(&a);
	pwpol_wipe(hash, sizeof hash);
	st = answer(s, p, name, old, oldlen, st, r, locked_now);
	if (st == PWPOL_OK)
		pwpol__audit(LOG_NOTICE, "password of %s changed", name);
	return st;
}

enum pwpol_status pwpol_account_verify_current(pwpol_store *s, const pwpol_policy *p,
                                               const char *name, const char *old, size_t oldlen,
                                               time_t now, pwpol_report *r)
{
	pwpol_report local = {0};
	if (!r)
		r = &local;
	pwpol_report_clear(r);
	if (!s || !p || !name || !old || !pwpol__time_ok(now))
		return PWPOL_EINVAL;
	struct pwpol__account a;
	memset(&a, 0, sizeof a);
	int locked_now = 0;
	unsigned counted = 0;
	enum pwpol_status st = pwpol__name_ok(name) ? PWPOL_OK : PWPOL_ENOENT;
	for (int attempt = 0; st == PWPOL_OK && attempt < ACCOUNT_RETRIES; attempt++) {
		st = pwpol__get(s, name, &a);
		if (st == PWPOL_OK)
			st = prove(s, p, &a, old, oldlen, now, &counted, &locked_now);
		if (st != PWPOL__RETRY)
			break;
		st = PWPOL_OK;
	}
	if (st == PWPOL_OK) {
		check_lifetime(p, &a, now, r);
		if (r->n)
			st = PWPOL_REJECTED;
	}
	pwpol__wipe_account(&a);
	return answer(s, p, name, old, oldlen, st, r, locked_now);
}

enum pwpol_status pwpol_account_check_new(pwpol_store *s, const pwpol_policy *p, const char *name,
                                          const char *old, size_t oldlen, const char *pw,
                                          size_t len, time_t now, pwpol_report *r)
{
	pwpol_report local = {0};
	if (!r)
		r = &local;
	pwpol_report_clear(r);
	if (!s || !p || !name || !pw || !pwpol__time_ok(now))
		return PWPOL_EINVAL;
	if (!pwpol__name_ok(name))
		return PWPOL_ENOENT;
	struct pwpol__account a;
	memset(&a, 0, sizeof a);
	enum pwpol_status st = pwpol__get(s, name, &a);
	if (st == PWPOL_OK)
		st = pwpol__check_quality(p, pw, len, a.name, old, old ? oldlen : 0, r);
	if (st == PWPOL_OK || st == PWPOL_REJECTED) {
		check_lifetime(p, &a, now, r);
		if (pwpol__check_reuse(s, p, &a, pw, len, r) == PWPOL_ESYSTEM)
			st = PWPOL_ESYSTEM;
		else
			st = pwpol__report_has_error(r) ? PWPOL_REJECTED : PWPOL_OK;
	}
	pwpol__wipe_account(&a);
	return st;
}
