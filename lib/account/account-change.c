/* SPDX-License-Identifier: BSD-3-Clause */
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
 * - The change of a system account on the factory default sets every other
 *   system account still on it, in the same transaction, each under its
 *   own rules: the seed sets them together so that none is overlooked, and
 *   a published password left on root would let anyone in.
 */
#include "account.h"

#include <stdio.h>
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
	/* Junos: refused while "the age of the password is less than or equal
	 * to the configured value": a password exactly N days old is refused,
	 * one a second older is not. No timestamp yet (config-store.c): no
	 * age to hold it to. */
	long own, own_age;
	if (!forced && pwpol__own_min_refused(a, now, &own, &own_age) && own > days) {
		/* The account's own minimum (chage -m) is the stricter. */
		pwpol__report_add(r, PWPOL_RULE_MINIMUM_LIFETIME, PWPOL_SEVERITY_ERROR, own,
		                  own_age);
		return;
	}
	if (days <= 0 || forced || start == PWPOL__NO_TIMESTAMP || now - start > days * DAY)
		return;
	long age = now > start ? (long)((now - start) / DAY) : 0;
	pwpol__report_add(r, PWPOL_RULE_MINIMUM_LIFETIME, PWPOL_SEVERITY_ERROR, days, age);
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
	/* An account past its expiry date or inactive period changes nothing
	 * either (shadow's inactive period): as a disabled one. */
	int expired = !a->disabled && pwpol__account_expired(p, a, now);
	const char *kind = a->disabled             ? "disabled"
	                   : expired               ? "expired"
	                   : pwpol__locked(a, now) ? "locked"
	                                           : NULL;
	enum pwpol_status st = PWPOL_OK;
	if (kind) {
		/* The hash runs even when locked, and the refusal is written as a
		 * failure would be: a locked account answers in the same time. */
		if (pwpol__refusal(s, p, kind, old, oldlen) != PWPOL_OK)
			return PWPOL_ESYSTEM;
		st = a->disabled || expired ? PWPOL__DISABLED : PWPOL_LOCKED;
	} else if (!*counted && pwpol__login_input_ok(old, oldlen)) {
		st = pwpol__count_failure_as(s, p, a, now, locked_now, counted);
		if (st == PWPOL__RETRY)
			return st;
		if (st != PWPOL_OK && st != PWPOL_LOCKED) /* LOCKED: by another meanwhile */
			return pwpol__attempt_unrecorded(s);
		if (st != PWPOL_OK)
			*counted = 0;
	}
	enum pwpol_status v = pwpol__verify_password(old, oldlen, a->hash);
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

/* The other system accounts a change sets with it (bit i of `set` for
 * pwpol__system_accounts[i]), the records judged and their new hashes. */
struct factory_others {
	unsigned set;
	struct pwpol__account was[SYSTEM_ACCOUNTS];
	char hash[SYSTEM_ACCOUNTS][PWPOL_HASH_MAX];
};

static void wipe_others(struct factory_others *fo)
{
	pwpol__wipe_object(fo);
}

/* When `a` is a system account on the factory default: reads the other
 * system accounts still on it into fo and judges the new password for each
 * (quality for its name, against old; its reuse history), merged into r
 * with a's own findings, each rule naming the accounts that break it. */
static enum pwpol_status judge_others(pwpol_store *s, const pwpol_policy *p,
                                      const struct pwpol__account *a, const char *old,
                                      size_t oldlen, const char *pw, size_t len,
                                      struct factory_others *fo, pwpol_report *r)
{
	fo->set = 0;
	int self = pwpol__system_index(a->name);
	if (self < 0 || !(a->flags & PWPOL_ACCOUNT_FACTORY_DEFAULT))
		return PWPOL_OK;
	pwpol_report each[SYSTEM_ACCOUNTS];
	memset(each, 0, sizeof each);
	enum pwpol_status st = PWPOL_OK;
	for (int i = 0; i < SYSTEM_ACCOUNTS && st == PWPOL_OK; i++) {
		if (i == self)
			continue;
		st = pwpol__get(s, pwpol__system_accounts[i], &fo->was[i]);
		if (st == PWPOL_ENOENT) {
			st = PWPOL_OK;
			continue;
		}
		if (st != PWPOL_OK || !(fo->was[i].flags & PWPOL_ACCOUNT_FACTORY_DEFAULT))
			continue;
		fo->set |= 1u << i;
		st = pwpol__check_quality(p, pw, len, pwpol__system_accounts[i], old, oldlen,
		                          &each[i]);
		if (st == PWPOL_REJECTED)
			st = PWPOL_OK;
		if (st == PWPOL_OK &&
		    pwpol__check_reuse(s, p, &fo->was[i], pw, len, &each[i]) == PWPOL_ESYSTEM)
			st = PWPOL_ESYSTEM;
	}
	if (st != PWPOL_OK || !fo->set)
		return st;
	pwpol__report_merge(&each[self], r);
	pwpol_report_clear(r);
	pwpol__report_merge_system(r, each, fo->set | 1u << self);
	return PWPOL_OK;
}

/* The checks of a change on the record `a`: the old password first, then
 * every rule (all findings into r), for the others in fo too. */
static enum pwpol_status judge_change(pwpol_store *s, const pwpol_policy *p,
                                      const struct pwpol__account *a, const char *old,
                                      size_t oldlen, const char *pw, size_t len, time_t now,
                                      unsigned *counted, int *locked_now, struct factory_others *fo,
                                      pwpol_report *r)
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
	st = judge_others(s, p, a, old, oldlen, pw, len, fo, r);
	if (st != PWPOL_OK)
		return st;
	return pwpol__report_has_error(r) ? PWPOL_REJECTED : PWPOL_OK;
}

struct with_others {
	const pwpol_policy *p;
	const char *hash;
	time_t now;
	const struct factory_others *fo;
};

/* Under the write lock, on the rechecked record b: b's new hash, then each
 * other's, when it is still the record judged (else RETRY: judge again). */
static enum pwpol_status decide_with_others(pwpol_store *s, struct pwpol__account *b, void *arg)
{
	const struct with_others *c = arg;
	if (pwpol__locked(b, c->now))
		return PWPOL_LOCKED;
	enum pwpol_status st = pwpol__store_new_hash(s, c->p, b, c->hash, 0, c->now, 1);
	for (size_t i = 0; st == PWPOL_OK && i < SYSTEM_ACCOUNTS; i++) {
		if (!(c->fo->set & 1u << i))
			continue;
		const struct pwpol__account *was = &c->fo->was[i];
		struct pwpol__account o;
		st = pwpol__get(s, pwpol__system_accounts[i], &o);
		if (st == PWPOL_ENOENT ||
		    (st == PWPOL_OK && (strcmp(o.hash, was->hash) != 0 ||
		                        o.changed != was->changed || o.flags != was->flags)))
			st = PWPOL__RETRY;
		if (st == PWPOL_OK)
			st = pwpol__store_new_hash(s, c->p, &o, c->fo->hash[i], 0, c->now, 1);
		pwpol__wipe_account(&o);
	}
	return st;
}

/* The new hash of each other in fo, then the one transaction. */
static enum pwpol_status commit_with_others(pwpol_store *s, const pwpol_policy *p,
                                            const struct pwpol__account *a, const char *pw,
                                            size_t len, const char *hash, time_t now,
                                            struct factory_others *fo)
{
	enum pwpol_status st = PWPOL_OK;
	for (size_t i = 0; st == PWPOL_OK && i < SYSTEM_ACCOUNTS; i++)
		if (fo->set & 1u << i)
			st =
			    pwpol__make_hash(p, &(struct pwpol_secret){pw, len, NULL}, fo->hash[i]);
	if (st != PWPOL_OK)
		return st;
	struct with_others c = {p, hash, now, fo};
	return pwpol__on_record(s, a, decide_with_others, &c);
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
	struct factory_others fo;
	memset(&fo, 0, sizeof fo);
	int locked_now = 0;
	unsigned counted = 0;
	s->notice[0] = '\0';
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
			                  &locked_now, &fo, r);
		if (st == PWPOL_OK)
			st = pwpol__make_hash(p, &(struct pwpol_secret){pw, len, NULL}, hash);
		if (st == PWPOL_OK && fo.set)
			st = commit_with_others(s, p, &a, pw, len, hash, now, &fo);
		else if (st == PWPOL_OK)
			st = pwpol__commit_change(s, p, &a, hash, 0, now, 1);
		if (st != PWPOL__RETRY)
			break;
		pwpol_report_clear(r);
		st = PWPOL_OK;
	}
	unsigned others = st == PWPOL_OK ? fo.set : 0;
	pwpol__wipe_account(&a);
	pwpol__wipe_array(hash);
	wipe_others(&fo);
	st = answer(s, p, name, old, oldlen, st, r, locked_now);
	if (st == PWPOL_OK && others) {
		const char *names = pwpol__system_names(others);
		snprintf(s->notice, sizeof s->notice,
		         "%s still held the factory default: set to the same new password", names);
		pwpol__audit(LOG_NOTICE,
		             "password of %s changed; %s set with it in the same transaction: "
		             "%s still held the factory default",
		             name, names, others & (others - 1) ? "they" : "it");
	} else if (st == PWPOL_OK) {
		pwpol__audit(LOG_NOTICE, "password of %s changed", name);
	}
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
	struct factory_others fo;
	memset(&fo, 0, sizeof fo);
	enum pwpol_status st = pwpol__get(s, name, &a);
	if (st == PWPOL_OK)
		st = pwpol__check_quality(p, pw, len, a.name, old, old ? oldlen : 0, r);
	if (st == PWPOL_OK || st == PWPOL_REJECTED) {
		check_lifetime(p, &a, now, r);
		if (pwpol__check_reuse(s, p, &a, pw, len, r) == PWPOL_ESYSTEM ||
		    judge_others(s, p, &a, old, old ? oldlen : 0, pw, len, &fo, r) != PWPOL_OK)
			st = PWPOL_ESYSTEM;
		else
			st = pwpol__report_has_error(r) ? PWPOL_REJECTED : PWPOL_OK;
	}
	pwpol__wipe_account(&a);
	wipe_others(&fo);
	return st;
}
