/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * account-login.c - a login: the password verified against the account's
 * hash, failed logins counted and the lock set at maximum-failed-attempts,
 * a weak hash upgraded after a success, and why a right password must
 * still be changed (temporary, factory default, expired).
 *
 * Decisions:
 * - An attempt is recorded before its verdict: the failure is counted
 *   (or, for an unknown, locked or disabled account, the refusal noted)
 *   before the password is looked at, and a right password takes its
 *   failure back. An attempt the store cannot record (busy, failing) is
 *   answered ESYSTEM unjudged: flooding the store never turns a guess into
 *   an uncounted verdict. A right password therefore costs two writes.
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
 * - A try the service refused before asking us is no try of the account.
 *   OpenSSH's sshd still runs PAM for a name with no Unix account on its
 *   machine and for root under PermitRootLogin no, so that the answer
 *   takes as long as any; it hands over, instead of what was typed,
 *   "\b\n\r\177INCORRECT" repeated to the typed length (auth-pam.c,
 *   fake_password). Counted, it let anyone who reaches one sshd lock root,
 *   admin and t128 on the whole fleet. It is refused as an unknown name is
 *   (the refusal noted against no account, kind "service", the dummies of
 *   every hash class run): the same answer in the same time, no failure
 *   and no refusal against the account. No password of an account can be
 *   that text (control characters are refused in a new password).
 */
#include "account.h"

#include <stdio.h>
#include <string.h>
#include <syslog.h>

static enum pwpol_status unknown_user(pwpol_store *s, const pwpol_policy *p, const char *pw,
                                      size_t len)
{
	if (pwpol__refusal(s, p, "unknown", pw, len) != PWPOL_OK)
		return PWPOL_ESYSTEM;
	pwpol__audit(LOG_WARNING, "login failure: unknown user");
	return PWPOL_REJECTED;
}

/* 1 if pw is sshd's stand-in for the password of a try it refused. */
static int refused_by_service(const char *pw, size_t len)
{
	static const char junk[] = "\b\n\r\177INCORRECT";
	for (size_t i = 0; i < len; i++)
		if (pw[i] != junk[i % (sizeof junk - 1)])
			return 0;
	return len > 0;
}

static enum pwpol_status service_refused(pwpol_store *s, const pwpol_policy *p, const char *pw,
                                         size_t len)
{
	if (pwpol__refusal(s, p, "service", pw, len) != PWPOL_OK)
		return PWPOL_ESYSTEM;
	/* Not named: the name may be a password typed one field early, and
	 * the account was never tried. */
	pwpol__audit(LOG_NOTICE, "login refused before pwpol: the service refused the try itself "
	                         "(sshd: no such user here, or root not permitted); not counted");
	return PWPOL_REJECTED;
}

/* The write half of a right password, on the rechecked record: the
 * failure this attempt recorded before its verdict taken back with the
 * rest of the count (a success resets it), the lock this attempt set
 * lifted, and the hash upgraded (when rehash is not empty). */
struct success_arg {
	const char *rehash;
	time_t now;
	unsigned after;  /* the count this attempt's own failure made */
	int locked_self; /* that failure set the lock */
	time_t last;     /* last_failure before it: put back, so that a right
	                  * password leaves the record as it found it */
};

static enum pwpol_status decide_success(pwpol_store *s, struct pwpol__account *b, void *arg)
{
	const struct success_arg *c = arg;
	/* A lock is this attempt's own while no failure was counted after it
	 * (a locked account counts none); any other lock stands. */
	if (pwpol__locked(b, c->now) && !(c->locked_self && b->failures == c->after))
		return PWPOL_LOCKED;
	b->failures = 0;
	b->locked_until = 0;
	if (c->after)
		b->last_failure = c->last;
	if (c->rehash[0])
		snprintf(b->hash, sizeof b->hash, "%s", c->rehash);
	return s->ops->put(s, b);
}

enum pwpol_status pwpol__take_back(pwpol_store *s, const struct pwpol__account *a, time_t now,
                                   unsigned after, int locked_self)
{
	struct success_arg c = {"", now, after, locked_self, a->last_failure};
	return pwpol__on_record(s, a, decide_success, &c);
}

/* The refusal of a disabled or locked account: recorded (the write a
 * counted failure makes), then the hash run as for any answer. */
static enum pwpol_status refuse(pwpol_store *s, const pwpol_policy *p, const char *kind,
                                const char *pw, size_t len, const char *hash,
                                enum pwpol_status answer)
{
	if (pwpol__refusal(s, p, kind, pw, len) != PWPOL_OK)
		return PWPOL_ESYSTEM;
	pwpol__verify_password(pw, len, hash);
	pwpol__refusal_pad(s, p, hash, pw, len);
	return answer;
}

/*
 * One attempt on the record `a`. The attempt is counted as a failure
 * before the password is looked at: an attempt the store cannot record is
 * never judged (ESYSTEM), so a store kept busy on purpose tells nothing
 * and lets no guess go uncounted. A right password then takes its failure
 * back (settle). *counted: the count this attempt's failure made, when it
 * is in the store already (a settle that met a changed record sends the
 * caller round again, and the attempt must not count twice); 0: none.
 */
static enum pwpol_status attempt(pwpol_store *s, const pwpol_policy *p,
                                 const struct pwpol__account *a, const char *pw, size_t len,
                                 time_t now, unsigned *counted, int *match, int *locked_now,
                                 int *rehash_done)
{
	if (a->disabled)
		return refuse(s, p, "disabled", pw, len, a->hash, PWPOL__DISABLED);
	/* Past its expiry date or inactive period (account-aging.c): refused
	 * as a disabled account is. */
	if (pwpol__account_expired(p, a, now))
		return refuse(s, p, "expired", pw, len, a->hash, PWPOL__DISABLED);
	if (pwpol__locked(a, now))
		return refuse(s, p, "locked", pw, len, a->hash, PWPOL_LOCKED);
	struct success_arg c = {"", now, *counted, *locked_now != 0, a->last_failure};
	enum pwpol_status st;
	if (!*counted) {
		st = pwpol__count_failure_as(s, p, a, now, locked_now, counted);
		if (st == PWPOL_LOCKED) {
			/* Locked by another attempt meanwhile: refused uncounted,
			 * in the time an answer takes. */
			pwpol__verify_password(pw, len, a->hash);
			pwpol__refusal_pad(s, p, a->hash, pw, len);
			return st;
		}
		if (st != PWPOL_OK) {
			*counted = 0;
			return st == PWPOL__RETRY ? st : pwpol__attempt_unrecorded(s);
		}
		c.after = *counted;
		c.locked_self = *locked_now != 0;
	}
	enum pwpol_status v = pwpol__verify_password(pw, len, a->hash);
	if (v == PWPOL_ENOMEM)
		return v;
	*match = v == PWPOL_OK;
	if (!*match) {
		pwpol__refusal_pad(s, p, a->hash, pw, len);
		return PWPOL_OK;
	}
	char rehash[PWPOL_HASH_MAX];
	rehash[0] = 0;
	if (pwpol_hash_needs_rehash(p, a->hash) &&
	    pwpol_hash(pwpol__policy_format(p), 0, pw, len, rehash, sizeof rehash) != PWPOL_OK)
		rehash[0] = 0; /* keep the old hash; the login stands */
	c.rehash = rehash;
	st = pwpol__on_record(s, a, decide_success, &c);
	*rehash_done = st == PWPOL_OK && rehash[0];
	pwpol_wipe(rehash, sizeof rehash);
	if (st == PWPOL_OK)
		*locked_now = 0; /* the lock this failure set was taken back */
	return st;
}

enum pwpol_status pwpol_account_authenticate(pwpol_store *s, const pwpol_policy *p,
                                             const char *name, const char *pw, size_t len,
                                             time_t now, enum pwpol_change_reason *reason)
{
	if (reason)
		*reason = PWPOL_REASON_NONE;
	if (!s || !p || !name || !pwpol__login_input_ok(pw, len) || !pwpol__time_ok(now))
		return PWPOL_EINVAL;
	if (refused_by_service(pw, len))
		return service_refused(s, p, pw, len);
	if (!pwpol__name_ok(name))
		return unknown_user(s, p, pw, len);
	struct pwpol__account a;
	enum pwpol_status st = PWPOL_OK;
	int match = 0, locked_now = 0, rehash_done = 0, lock_ran_out = 0;
	unsigned counted = 0;
	for (int round = 0; round < ACCOUNT_RETRIES; round++) {
		match = 0;
		st = pwpol__get(s, name, &a);
		if (st != PWPOL_OK)
			break;
		lock_ran_out = a.locked_until && !pwpol__locked(&a, now);
		st = attempt(s, p, &a, pw, len, now, &counted, &match, &locked_now, &rehash_done);
		if (st != PWPOL__RETRY)
			break;
		pwpol__wipe_account(&a);
	}
	if (st == PWPOL_ENOENT && !counted) {
		pwpol__wipe_account(&a);
		return unknown_user(s, p, pw, len);
	}
	if (st == PWPOL__RETRY || st == PWPOL_ENOENT)
		st = pwpol__busy(s); /* ENOENT: deleted under the attempt */
	if (st == PWPOL_LOCKED)
		pwpol__audit(LOG_WARNING, "login refused for %s: account locked", name);
	if (st == PWPOL__DISABLED) {
		pwpol__audit(LOG_WARNING, "login refused for %s: account %s", name,
		             a.disabled ? "disabled" : "expired");
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
