/*
 * account-login.c - a login: the password verified against the account's
 * hash, failed logins counted and the lock set at maximum-failed-attempts,
 * a weak hash upgraded after a success, and why a right password must
 * still be changed (temporary, factory default, expired).
 *
 * Decisions:
 * - A login while locked still runs the hash (same time as any answer),
 *   then refuses without counting.
 * - The failure that reaches maximum-failed-attempts is answered REJECTED
 *   (the password was wrong); it sets the lock for the next attempts.
 * - An unknown user is verified against a fixed hash of the policy's
 *   format and answered REJECTED, as a wrong password is. The name is not
 *   logged: it is often a password typed one field too early.
 * - An account past its expiry date or inactive period (account-aging.c)
 *   is refused as a disabled one: as a wrong password, nothing counted.
 * - A password crypt cannot take (empty, over 511 bytes, with NUL) is an
 *   input error (EINVAL), answered before the store is touched.
 */
#include "account.h"

#include <stdio.h>
#include <string.h>
#include <syslog.h>

static enum pwpol_status unknown_user(pwpol_store *s, const pwpol_policy *p, const char *pw,
                                      size_t len)
{
	pwpol__refusal(s, p, "unknown", pw, len);
	pwpol__audit(LOG_WARNING, "login failure: unknown user");
	return PWPOL_REJECTED;
}

/* The write half of a right password: the count cleared and the hash
 * upgraded (when rehash is not empty), on the rechecked record. */
struct success_arg {
	const char *rehash;
	time_t now;
};

static enum pwpol_status decide_success(pwpol_store *s, struct pwpol__account *b, void *arg)
{
	const struct success_arg *c = arg;
	if (b->locked_until > c->now)
		return PWPOL_LOCKED; /* locked by another login meanwhile */
	b->failures = 0;
	b->locked_until = 0;
	if (c->rehash[0])
		snprintf(b->hash, sizeof b->hash, "%s", c->rehash);
	return s->ops->put(s, b);
}

static enum pwpol_status settle_success(pwpol_store *s, const struct pwpol__account *a,
                                        const char *rehash, time_t now)
{
	struct success_arg c = {rehash, now};
	return pwpol__on_record(s, a, decide_success, &c);
}

enum pwpol_status pwpol_account_authenticate(pwpol_store *s, const pwpol_policy *p,
                                             const char *name, const char *pw, size_t len,
                                             time_t now, enum pwpol_change_reason *reason)
{
	if (reason)
		*reason = PWPOL_REASON_NONE;
	if (!s || !p || !name || !pwpol__login_input_ok(pw, len) || !pwpol__time_ok(now))
		return PWPOL_EINVAL;
	if (!pwpol__name_ok(name))
		return unknown_user(s, p, pw, len);
	struct pwpol__account a;
	char rehash[PWPOL_HASH_MAX];
	enum pwpol_status st = PWPOL_OK;
	int match = 0, locked_now = 0, rehash_done = 0, lock_ran_out = 0, account_expired = 0;
	for (int attempt = 0; attempt < ACCOUNT_RETRIES; attempt++) {
		rehash[0] = 0;
		st = pwpol__get(s, name, &a);
		if (st != PWPOL_OK)
			break;
		/* The hash runs even when locked, so every answer costs the same. */
		enum pwpol_status v = pwpol__verify_password(pw, len, a.hash);
		if (v == PWPOL_ENOMEM) {
			st = v;
			break;
		}
		match = v == PWPOL_OK;
		lock_ran_out = a.locked_until && a.locked_until <= now;
		if (a.disabled) {
			/* As a wrong password: the hash ran, the write a failure
			 * costs is made, and nothing is counted. */
			pwpol__refusal(s, p, "disabled", pw, len);
			st = PWPOL__DISABLED;
			break;
		}
		if (pwpol__account_expired(p, &a, now)) {
			/* Past its expiry date or inactive period (account-aging.c):
			 * refused as a disabled account is. */
			pwpol__refusal(s, p, "expired", pw, len);
			st = PWPOL__DISABLED;
			account_expired = 1;
			break;
		}
		if (a.locked_until > now) {
			pwpol__refusal(s, p, "locked", pw, len);
			st = PWPOL_LOCKED;
			break;
		}
		if (!match) {
			st = pwpol__count_failure(s, p, &a, now, &locked_now);
		} else {
			if (pwpol_hash_needs_rehash(p, a.hash) &&
			    pwpol__hash_password(pwpol__policy_format(p), pw, len, rehash) !=
			        PWPOL_OK)
				rehash[0] = 0; /* keep the old hash; the login stands */
			/* A clean success changes nothing: no write, no lock taken. */
			if (!rehash[0] && a.failures == 0 && a.locked_until == 0)
				break;
			st = settle_success(s, &a, rehash, now);
			rehash_done = st == PWPOL_OK && rehash[0];
		}
		if (st != PWPOL__RETRY)
			break;
	}
	pwpol_wipe(rehash, sizeof rehash);
	if (st == PWPOL_ENOENT) {
		pwpol__wipe_account(&a);
		return unknown_user(s, p, pw, len);
	}
	if (st == PWPOL__RETRY)
		st = pwpol__busy(s);
	if (st == PWPOL_LOCKED)
		pwpol__audit(LOG_WARNING, "login refused for %s: account locked", name);
	if (st == PWPOL__DISABLED) {
		pwpol__audit(LOG_WARNING, "login refused for %s: account %s", name,
		             account_expired ? "expired" : "disabled");
		st = PWPOL_REJECTED;
	}
	if (lock_ran_out && (st == PWPOL_OK || st == PWPOL_REJECTED))
		pwpol__audit(LOG_NOTICE,
		             "account %s unlocked automatically: its lock ended at %lld", name,
		             (long long)a.locked_until);
	if (st != PWPOL_OK) {
		pwpol__wipe_account(&a);
		return st;
	}
	if (!match) {
		pwpol__audit(LOG_WARNING, "login failure for %s", name);
		pwpol__audit_lock(p, name, locked_now, "failed logins");
		pwpol__wipe_account(&a);
		return PWPOL_REJECTED;
	}
	if (rehash_done)
		pwpol__audit(LOG_NOTICE, "password hash of %s upgraded to %s", name,
		             pwpol_format_name(pwpol__policy_format(p)));
	enum pwpol_change_reason why = pwpol__change_reason(p, &a, now);
	pwpol__wipe_account(&a);
	if (reason)
		*reason = why;
	return why == PWPOL_REASON_NONE ? PWPOL_OK : PWPOL_CHANGE_REQUIRED;
}
