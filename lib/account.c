/*
 * account.c - the lifecycle decisions: init, add, delete, reset, change,
 * authenticate, lockout, unlock, aging; store.h keeps, this file decides.
 *
 * Decisions taken here (DESIGN.md leaves them open):
 * - init re-sets admin, root and t128 if they exist, pushing their old
 *   hashes into the history; the reuse rule is not applied to init.
 * - A wrong old password in a change is answered REJECTED with an empty
 *   report and counts toward the lockout like a failed login: else the
 *   change would be a way to guess the password without limit. A change
 *   refused by the policy proved the old password and counts nothing.
 * - An administrator's reset checks quality and the reuse history (a reset
 *   to a recent password is refused), is not held by minimum-lifetime, and
 *   clears a lock and the failure count: the new password is a fresh start.
 * - A login while locked still runs the hash (same time as any answer),
 *   then refuses without counting.
 * - The failure that reaches maximum-failed-attempts is answered REJECTED
 *   (the password was wrong); it sets the lock for the next attempts.
 * - An unknown user at login or change is verified against a fixed hash of
 *   the policy's format and answered REJECTED, as a wrong password is. The
 *   name is not logged: it is often a password typed one field too early.
 * - A password crypt cannot take (empty, over 511 bytes, with NUL) is an
 *   input error (EINVAL) at login, answered before the store is touched.
 *
 * Concurrency: expensive hashing runs outside write transactions. A writer
 * reads the record, hashes, then takes the write lock (BEGIN IMMEDIATE),
 * reads the record again and goes on only if the hash it worked from is
 * still the stored one (else it starts over). Failure counts are
 * incremented in the store itself, under that lock, so none is lost.
 */
#include "store.h"

#include <crypt.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>

#define DAY     86400L
#define RETRIES 5
/* The longest password crypt takes: its limit counts the NUL. */
#define PHRASE_MAX (CRYPT_MAX_PASSPHRASE_SIZE - 1)

static const char *const system_accounts[] = {"admin", "root", "t128"};

/* Hashes of a throwaway password, verified when the user is unknown so that
 * the answer costs what a known user's costs (the formats' default cost). */
static const char *const dummy_hash[] = {
    [PWPOL_FORMAT_SHA512] = "$6$gWT0vpn9awfFyptI$nWvH397kAY6y5swRttV.oi9GMzUgybwrEB6SA6dIifK1mhRpd"
                            "G2NPx.HVOINaL4AkD7loe8QNPNZyFSz/.bzb.",
    [PWPOL_FORMAT_SHA256] = "$5$o2n6/adUJpuS4tkP$3LaMmrWi7wcDTHIMbWHntaavPtxQjUdyuVa1hspTFr4",
    [PWPOL_FORMAT_SHA1] = "$sha1$222206$Fkqfi8.yQL2SarUQQSO9$QzL4bl7tN6pBMGgya2bRMXnqNUkA",
    [PWPOL_FORMAT_YESCRYPT] = "$y$j9T$iGNywf9RMJaAUfefLk5NN/"
                              "$pNqktxgBr7c4BgTloYIaHyZ.zrdyXOlTF32d3uA1VnA",
    [PWPOL_FORMAT_BCRYPT] = "$2b$05$6rRzozss5T6cqmgTJDwcYODtOWNS8L1b/jDSLuCOikajrM485ytoq",
};

/* ---- small helpers ----------------------------------------------------- */

static enum pwpol_format policy_format(const pwpol_policy *p)
{
	long f = pwpol_policy_get(p, PWPOL_OPT_FORMAT);
	return f >= 0 && f <= PWPOL_FORMAT_BCRYPT ? (enum pwpol_format)f : PWPOL_FORMAT_SHA512;
}

/* A name the store can hold; longer ones cannot exist. */
static int name_ok(const char *name)
{
	return name && name[0] && strlen(name) < sizeof((struct pwpol__account *)0)->name;
}

static void wipe_account(struct pwpol__account *a)
{
	pwpol_wipe(a, sizeof *a);
}

/* The same record, as far as a decision made on `was` goes. */
static int unchanged(const struct pwpol__account *was, const struct pwpol__account *cur)
{
	return strcmp(was->hash, cur->hash) == 0 && was->changed == cur->changed &&
	       was->flags == cur->flags;
}

static int expired(const pwpol_policy *p, const struct pwpol__account *a, time_t now)
{
	long days = pwpol_policy_get(p, PWPOL_OPT_MAXIMUM_LIFETIME);
	return days > 0 && now >= a->changed + days * DAY;
}

/* Older hashes kept after a change: what minimum-reuse needs. */
static size_t history_keep(const pwpol_policy *p)
{
	long n = pwpol_policy_get(p, PWPOL_OPT_MINIMUM_REUSE);
	if (n <= 1)
		return 0;
	return n - 1 > PWPOL__HISTORY_MAX ? PWPOL__HISTORY_MAX : (size_t)(n - 1);
}

/* Copies every finding of `from` into `to` (rules never collide: one
 * report holds username findings, the other password ones). */
static void merge(pwpol_report *to, const pwpol_report *from)
{
	for (size_t i = 0; i < from->n; i++)
		pwpol_report_add(to, from->f[i].rule, from->f[i].severity, from->f[i].need,
		                 from->f[i].have);
}

static int has_error(const pwpol_report *r)
{
	for (size_t i = 0; i < r->n; i++)
		if (r->f[i].severity == PWPOL_SEVERITY_ERROR)
			return 1;
	return 0;
}

/* Quality of a new password for `name`, into r (cleared). Adds too-long
 * when crypt could not take it although the policy would. */
static enum pwpol_status check_quality(const pwpol_policy *p, const char *pw, size_t len,
                                       const char *name, const char *old, size_t oldlen,
                                       pwpol_report *r)
{
	enum pwpol_status st = pwpol_check(p, pw, len, name, old, oldlen, r);
	if (st == PWPOL_EINVAL || st == PWPOL_ENOMEM)
		return st;
	if (len > PHRASE_MAX) {
		pwpol_report_clear(r);
		pwpol_report_add(r, PWPOL_RULE_TOO_LONG, PWPOL_SEVERITY_ERROR, PHRASE_MAX,
		                 (long)len);
		return PWPOL_EINVAL;
	}
	return st;
}

/* A password given to login: what crypt can take, else an input error. */
static int login_input_ok(const char *pw, size_t len)
{
	return pw && len > 0 && len <= PHRASE_MAX && !memchr(pw, 0, len);
}

/* The new hash for a secret: made in the policy's format, or a given hash
 * checked to be one we know. */
static enum pwpol_status make_hash(const pwpol_policy *p, const struct pwpol_secret *sec, char *out)
{
	if (sec->pw)
		return pwpol_hash(policy_format(p), 0, sec->pw, sec->len, out, PWPOL_HASH_MAX);
	if (!sec->hash || strlen(sec->hash) >= PWPOL_HASH_MAX ||
	    pwpol_hash_identify(sec->hash, NULL) != PWPOL_OK)
		return PWPOL_EINVAL;
	strcpy(out, sec->hash);
	return PWPOL_OK;
}

/* 1 if pw is the current password or one of the n-1 before it (history),
 * 0 if not, -1 on a store error. *current says it was the current one. */
static int reused(pwpol_store *s, const pwpol_policy *p, const struct pwpol__account *a,
                  const char *pw, size_t len, int *current)
{
	*current = 0;
	if (pwpol_verify(pw, len, a->hash) == PWPOL_OK) {
		*current = 1;
		return 1;
	}
	long n = pwpol_policy_get(p, PWPOL_OPT_MINIMUM_REUSE);
	if (n <= 1)
		return 0;
	char old[PWPOL__HISTORY_MAX][PWPOL_HASH_MAX];
	size_t got = 0,
	       max = (size_t)(n - 1) > PWPOL__HISTORY_MAX ? PWPOL__HISTORY_MAX : (size_t)(n - 1);
	int hit = 0;
	if (s->ops->history_get(s, a->name, old, max, &got) != PWPOL_OK)
		hit = -1;
	for (size_t i = 0; hit == 0 && i < got; i++)
		hit = pwpol_verify(pw, len, old[i]) == PWPOL_OK;
	pwpol_wipe(old, sizeof old);
	return hit;
}

/* Adds the reuse finding (or factory-default for a factory password). */
static int check_reuse(pwpol_store *s, const pwpol_policy *p, const struct pwpol__account *a,
                       const char *pw, size_t len, pwpol_report *r)
{
	int current;
	int hit = reused(s, p, a, pw, len, &current);
	if (hit <= 0)
		return hit;
	long n = pwpol_policy_get(p, PWPOL_OPT_MINIMUM_REUSE);
	if (current && (a->flags & PWPOL_ACCOUNT_FACTORY_DEFAULT))
		pwpol_report_add(r, PWPOL_RULE_FACTORY_DEFAULT, PWPOL_SEVERITY_ERROR, -1, -1);
	else
		pwpol_report_add(r, PWPOL_RULE_MINIMUM_REUSE, PWPOL_SEVERITY_ERROR, n > 1 ? n : 1,
		                 -1);
	return 1;
}

/* Writes the new password into the record inside a write transaction: the
 * old hash to the history (trimmed to what the policy needs). */
static enum pwpol_status store_new_hash(pwpol_store *s, const pwpol_policy *p,
                                        struct pwpol__account *a, const char *hash, unsigned flags,
                                        time_t now, int keep_old)
{
	size_t keep = history_keep(p);
	enum pwpol_status st = PWPOL_OK;
	if (keep_old && keep > 0)
		st = s->ops->history_push(s, a->name, a->hash);
	if (st == PWPOL_OK && keep_old)
		st = s->ops->history_trim(s, a->name, keep);
	if (st != PWPOL_OK)
		return st;
	snprintf(a->hash, sizeof a->hash, "%s", hash);
	a->flags = flags;
	a->changed = now;
	a->failures = 0;
	a->locked_until = 0;
	return s->ops->put(s, a);
}

static enum pwpol_status finish(pwpol_store *s, enum pwpol_status st)
{
	if (st == PWPOL_OK)
		return s->ops->commit(s);
	s->ops->rollback(s);
	return st;
}

static enum pwpol_status busy(pwpol_store *s)
{
	return pwpol__store_fail(s, PWPOL_ESYSTEM,
	                         "the account kept changing while it was being updated; try again");
}

/* ---- init, add, delete, unlock ----------------------------------------- */

enum pwpol_status pwpol_account_init(pwpol_store *s, const pwpol_policy *p,
                                     const struct pwpol_secret *sec, int factory_default,
                                     time_t now, pwpol_report *r)
{
	pwpol_report local = {0};
	if (!r)
		r = &local;
	pwpol_report_clear(r);
	if (!s || !p || !sec || (!sec->pw && !sec->hash))
		return PWPOL_EINVAL;
	enum pwpol_status st = PWPOL_OK;
	/* The password must pass for each name (username-check). */
	for (size_t i = 0; sec->pw && i < 3 && st == PWPOL_OK; i++)
		st = check_quality(p, sec->pw, sec->len, system_accounts[i], NULL, 0, r);
	if (st != PWPOL_OK)
		return st;
	char hash[3][PWPOL_HASH_MAX];
	for (size_t i = 0; i < 3 && st == PWPOL_OK; i++)
		st = make_hash(p, sec, hash[i]);
	if (st != PWPOL_OK) {
		pwpol_wipe(hash, sizeof hash);
		return st;
	}
	unsigned flags = factory_default ? PWPOL_ACCOUNT_FACTORY_DEFAULT : 0;
	struct pwpol__account a = {0};
	if ((st = s->ops->begin(s, 1)) == PWPOL_OK) {
		for (size_t i = 0; i < 3 && st == PWPOL_OK; i++) {
			st = s->ops->get(s, system_accounts[i], &a);
			int existed = st == PWPOL_OK;
			if (st == PWPOL_ENOENT) {
				memset(&a, 0, sizeof a);
				snprintf(a.name, sizeof a.name, "%s", system_accounts[i]);
				st = PWPOL_OK;
			}
			if (st == PWPOL_OK)
				st = store_new_hash(s, p, &a, hash[i], flags, now, existed);
		}
		st = finish(s, st);
	}
	wipe_account(&a);
	pwpol_wipe(hash, sizeof hash);
	if (st == PWPOL_OK)
		pwpol__audit(LOG_NOTICE, "accounts admin, root and t128 initialised%s",
		             factory_default ? " with the factory default password" : "");
	return st;
}

enum pwpol_status pwpol_account_add(pwpol_store *s, const pwpol_policy *p, const char *name,
                                    const struct pwpol_secret *sec, time_t now, pwpol_report *r)
{
	pwpol_report local = {0}, pr = {0};
	if (!r)
		r = &local;
	pwpol_report_clear(r);
	if (!s || !p || !sec || (!sec->pw && !sec->hash) || !name)
		return PWPOL_EINVAL;
	enum pwpol_status st = pwpol_username_check(name, r);
	if (st != PWPOL_OK)
		return st;
	if (!name_ok(name))
		return PWPOL_EINVAL;
	struct pwpol__account a;
	st = s->ops->get(s, name, &a);
	wipe_account(&a);
	if (st == PWPOL_OK)
		return PWPOL_EEXIST;
	if (st != PWPOL_ENOENT)
		return st;
	if (sec->pw) {
		st = check_quality(p, sec->pw, sec->len, name, NULL, 0, &pr);
		merge(r, &pr);
		if (st != PWPOL_OK)
			return st;
	}
	char hash[PWPOL_HASH_MAX];
	if ((st = make_hash(p, sec, hash)) != PWPOL_OK)
		return st;
	memset(&a, 0, sizeof a);
	snprintf(a.name, sizeof a.name, "%s", name);
	if ((st = s->ops->begin(s, 1)) == PWPOL_OK) {
		struct pwpol__account b;
		st = s->ops->get(s, name, &b);
		wipe_account(&b);
		if (st == PWPOL_OK)
			st = PWPOL_EEXIST;
		else if (st == PWPOL_ENOENT)
			st = store_new_hash(s, p, &a, hash, PWPOL_ACCOUNT_TEMPORARY, now, 0);
		st = finish(s, st);
	}
	wipe_account(&a);
	pwpol_wipe(hash, sizeof hash);
	if (st == PWPOL_OK)
		pwpol__audit(LOG_NOTICE, "account %s added with a temporary password", name);
	return st;
}

enum pwpol_status pwpol_account_delete(pwpol_store *s, const char *name, time_t now)
{
	(void)now;
	if (!s || !name)
		return PWPOL_EINVAL;
	if (!name_ok(name))
		return PWPOL_ENOENT;
	enum pwpol_status st = s->ops->begin(s, 1);
	if (st != PWPOL_OK)
		return st;
	st = finish(s, s->ops->del(s, name));
	if (st == PWPOL_OK)
		pwpol__audit(LOG_NOTICE, "account %s deleted", name);
	return st;
}

enum pwpol_status pwpol_account_unlock(pwpol_store *s, const char *name, time_t now)
{
	(void)now;
	if (!s || !name)
		return PWPOL_EINVAL;
	if (!name_ok(name))
		return PWPOL_ENOENT;
	struct pwpol__account a;
	enum pwpol_status st = s->ops->begin(s, 1);
	if (st != PWPOL_OK)
		return st;
	st = s->ops->get(s, name, &a);
	if (st == PWPOL_OK) {
		a.failures = 0;
		a.locked_until = 0;
		st = s->ops->put(s, &a);
	}
	st = finish(s, st);
	wipe_account(&a);
	if (st == PWPOL_OK)
		pwpol__audit(LOG_NOTICE, "account %s unlocked", name);
	return st;
}

/* ---- reset and change -------------------------------------------------- */

/* The write half of reset and change: under the lock, the record must be
 * the one the checks were made on. Returns ENOENT/LOCKED/... or RETRY. */
#define RETRY (-1)
static int commit_change(pwpol_store *s, const pwpol_policy *p, const struct pwpol__account *was,
                         const char *hash, unsigned flags, time_t now, int check_lock)
{
	struct pwpol__account b;
	int st = s->ops->begin(s, 1);
	if (st != PWPOL_OK)
		return st;
	st = s->ops->get(s, was->name, &b);
	if (st == PWPOL_OK && !unchanged(was, &b))
		st = RETRY;
	else if (st == PWPOL_OK && check_lock && b.locked_until > now)
		st = PWPOL_LOCKED;
	else if (st == PWPOL_OK)
		st = store_new_hash(s, p, &b, hash, flags, now, 1);
	if (st == PWPOL_OK)
		st = s->ops->commit(s);
	else
		s->ops->rollback(s);
	wipe_account(&b);
	return st == PWPOL_ESYSTEM && s->conflict ? RETRY : st;
}

enum pwpol_status pwpol_account_reset(pwpol_store *s, const pwpol_policy *p, const char *name,
                                      const struct pwpol_secret *sec, time_t now, pwpol_report *r)
{
	pwpol_report local = {0};
	if (!r)
		r = &local;
	pwpol_report_clear(r);
	if (!s || !p || !sec || (!sec->pw && !sec->hash) || !name)
		return PWPOL_EINVAL;
	if (!name_ok(name))
		return PWPOL_ENOENT;
	struct pwpol__account a;
	char hash[PWPOL_HASH_MAX];
	int st = PWPOL_OK;
	for (int attempt = 0; attempt < RETRIES; attempt++) {
		st = s->ops->get(s, name, &a);
		if (st != PWPOL_OK)
			break;
		if (sec->pw) {
			st = check_quality(p, sec->pw, sec->len, name, NULL, 0, r);
			if (st == PWPOL_EINVAL || st == PWPOL_ENOMEM)
				break;
			int hit = check_reuse(s, p, &a, sec->pw, sec->len, r);
			if (hit < 0) {
				st = PWPOL_ESYSTEM;
				break;
			}
			if (hit || has_error(r)) {
				st = PWPOL_REJECTED;
				break;
			}
		}
		if ((st = make_hash(p, sec, hash)) != PWPOL_OK)
			break;
		st = commit_change(s, p, &a, hash, PWPOL_ACCOUNT_TEMPORARY, now, 0);
		if (st != RETRY)
			break;
	}
	wipe_account(&a);
	pwpol_wipe(hash, sizeof hash);
	if (st == RETRY)
		return busy(s);
	if (st == PWPOL_OK)
		pwpol__audit(LOG_NOTICE, "password of %s reset by an administrator (temporary)",
		             name);
	else if (st == PWPOL_REJECTED)
		pwpol__audit(LOG_NOTICE, "password reset of %s refused by the policy", name);
	return (enum pwpol_status)st;
}

/* minimum-lifetime: a user may not change a young password, unless the
 * change is forced (temporary, factory default, expired). */
static void check_lifetime(const pwpol_policy *p, const struct pwpol__account *a, time_t now,
                           pwpol_report *r)
{
	long days = pwpol_policy_get(p, PWPOL_OPT_MINIMUM_LIFETIME);
	int forced = (a->flags & (PWPOL_ACCOUNT_TEMPORARY | PWPOL_ACCOUNT_FACTORY_DEFAULT)) ||
	             expired(p, a, now);
	if (days <= 0 || forced || now - a->changed >= days * DAY)
		return;
	long age = now > a->changed ? (long)((now - a->changed) / DAY) : 0;
	pwpol_report_add(r, PWPOL_RULE_MINIMUM_LIFETIME, PWPOL_SEVERITY_ERROR, days, age);
}

/* The checks of a user's change, on the record `a`: the old password
 * first, then every rule (all findings into r). */
static enum pwpol_status judge_change(pwpol_store *s, const pwpol_policy *p,
                                      const struct pwpol__account *a, const char *old,
                                      size_t oldlen, const char *pw, size_t len, time_t now,
                                      pwpol_report *r)
{
	if (a->locked_until > now)
		return PWPOL_LOCKED;
	if (pwpol_verify(old, oldlen, a->hash) != PWPOL_OK)
		return PWPOL_REJECTED; /* empty report: the old password was wrong */
	enum pwpol_status st = check_quality(p, pw, len, a->name, old, oldlen, r);
	if (st == PWPOL_EINVAL || st == PWPOL_ENOMEM)
		return st;
	check_lifetime(p, a, now, r);
	int hit = check_reuse(s, p, a, pw, len, r);
	if (hit < 0)
		return PWPOL_ESYSTEM;
	return has_error(r) ? PWPOL_REJECTED : PWPOL_OK;
}

static int settle_login(pwpol_store *s, const pwpol_policy *p, const struct pwpol__account *a,
                        int match, const char *rehash, time_t now, int *locked_now);

enum pwpol_status pwpol_account_change(pwpol_store *s, const pwpol_policy *p, const char *name,
                                       const char *old, size_t oldlen, const char *pw, size_t len,
                                       time_t now, pwpol_report *r)
{
	pwpol_report local = {0};
	if (!r)
		r = &local;
	pwpol_report_clear(r);
	if (!s || !p || !name || !old || !pw)
		return PWPOL_EINVAL;
	struct pwpol__account a;
	char hash[PWPOL_HASH_MAX] = "";
	int locked_now = 0;
	int st = name_ok(name) ? PWPOL_OK : PWPOL_ENOENT;
	for (int attempt = 0; st == PWPOL_OK && attempt < RETRIES; attempt++) {
		st = s->ops->get(s, name, &a);
		if (st == PWPOL_OK)
			st = judge_change(s, p, &a, old, oldlen, pw, len, now, r);
		/* A wrong current password is a failed proof of the password like a
		 * failed login, and counts toward the lockout the same way: else
		 * `passwd` would be a way to guess without limit. */
		if (st == PWPOL_REJECTED && !r->n && login_input_ok(old, oldlen)) {
			st = settle_login(s, p, &a, 0, "", now, &locked_now);
			if (st == PWPOL_OK)
				st = PWPOL_REJECTED;
		}
		if (st == PWPOL_OK)
			st = make_hash(p, &(struct pwpol_secret){pw, len, NULL}, hash);
		if (st == PWPOL_OK)
			st = commit_change(s, p, &a, hash, 0, now, 1);
		if (st != RETRY)
			break;
		pwpol_report_clear(r);
		st = PWPOL_OK;
	}
	wipe_account(&a);
	pwpol_wipe(hash, sizeof hash);
	if (st == PWPOL_ENOENT) {
		/* As at login: an unknown user costs a hash and reads as a wrong
		 * password. */
		pwpol_verify(old, oldlen, dummy_hash[policy_format(p)]);
		pwpol__audit(LOG_WARNING, "password change refused: unknown user");
		return PWPOL_REJECTED;
	}
	if (st == RETRY)
		return busy(s);
	if (st == PWPOL_OK)
		pwpol__audit(LOG_NOTICE, "password of %s changed", name);
	else if (st == PWPOL_REJECTED && !r->n)
		pwpol__audit(LOG_WARNING, "password change of %s refused: wrong old password",
		             name);
	if (locked_now)
		pwpol__audit(LOG_WARNING, "account %s locked for %ld seconds", name,
		             pwpol_policy_get(p, PWPOL_OPT_LOCK_TIME));
	else if (st == PWPOL_REJECTED)
		pwpol__audit(LOG_NOTICE, "password change of %s refused by the policy", name);
	else if (st == PWPOL_LOCKED)
		pwpol__audit(LOG_WARNING, "password change of %s refused: account locked", name);
	return (enum pwpol_status)st;
}

/* ---- authenticate ------------------------------------------------------ */

/* Why a right password still needs a change, or NONE. */
static enum pwpol_change_reason change_reason(const pwpol_policy *p, const struct pwpol__account *a,
                                              time_t now)
{
	if (a->flags & PWPOL_ACCOUNT_TEMPORARY)
		return PWPOL_REASON_TEMPORARY;
	if (a->flags & PWPOL_ACCOUNT_FACTORY_DEFAULT)
		return PWPOL_REASON_FACTORY_DEFAULT;
	if (expired(p, a, now))
		return PWPOL_REASON_EXPIRED;
	return PWPOL_REASON_NONE;
}

/* A wrong password, under the write lock: counted, and the lock set when
 * the count reaches maximum-failed-attempts. */
static int count_failure(pwpol_store *s, const pwpol_policy *p, struct pwpol__account *b,
                         time_t now, int *locked_now)
{
	int st = PWPOL_OK;
	*locked_now = 0;
	if (b->locked_until) {
		/* The lock has run out: counting starts again. */
		b->failures = 0;
		b->locked_until = 0;
		st = s->ops->put(s, b);
	}
	if (st == PWPOL_OK)
		st = s->ops->add_failure(s, b->name, &b->failures);
	long max = pwpol_policy_get(p, PWPOL_OPT_MAXIMUM_FAILED_ATTEMPTS);
	if (st == PWPOL_OK && max > 0 && b->failures >= (unsigned long)max) {
		b->locked_until = now + pwpol_policy_get(p, PWPOL_OPT_LOCK_TIME);
		*locked_now = 1;
		st = s->ops->put(s, b);
	}
	return st;
}

/* The write half of a login, after the hash was checked on `a`. */
static int settle_login(pwpol_store *s, const pwpol_policy *p, const struct pwpol__account *a,
                        int match, const char *rehash, time_t now, int *locked_now)
{
	struct pwpol__account b;
	int st = s->ops->begin(s, 1);
	if (st != PWPOL_OK)
		return st;
	st = s->ops->get(s, a->name, &b);
	if (st == PWPOL_OK && strcmp(a->hash, b.hash) != 0)
		st = RETRY;
	else if (st == PWPOL_OK && b.locked_until > now)
		st = PWPOL_LOCKED; /* locked by another login meanwhile: not counted */
	else if (st == PWPOL_OK && !match)
		st = count_failure(s, p, &b, now, locked_now);
	else if (st == PWPOL_OK) {
		b.failures = 0;
		b.locked_until = 0;
		if (rehash[0])
			snprintf(b.hash, sizeof b.hash, "%s", rehash);
		st = s->ops->put(s, &b);
	}
	if (st == PWPOL_OK)
		st = s->ops->commit(s);
	else
		s->ops->rollback(s);
	wipe_account(&b);
	return st == PWPOL_ESYSTEM && s->conflict ? RETRY : st;
}

static enum pwpol_status unknown_user(const pwpol_policy *p, const char *pw, size_t len)
{
	pwpol_verify(pw, len, dummy_hash[policy_format(p)]);
	pwpol__audit(LOG_WARNING, "login failure: unknown user");
	return PWPOL_REJECTED;
}

enum pwpol_status pwpol_account_authenticate(pwpol_store *s, const pwpol_policy *p,
                                             const char *name, const char *pw, size_t len,
                                             time_t now, enum pwpol_change_reason *reason)
{
	if (reason)
		*reason = PWPOL_REASON_NONE;
	if (!s || !p || !name || !login_input_ok(pw, len))
		return PWPOL_EINVAL;
	if (!name_ok(name))
		return unknown_user(p, pw, len);
	struct pwpol__account a;
	char rehash[PWPOL_HASH_MAX];
	int st = PWPOL_OK, match = 0, locked_now = 0, rehash_done = 0;
	for (int attempt = 0; attempt < RETRIES; attempt++) {
		rehash[0] = 0;
		st = s->ops->get(s, name, &a);
		if (st != PWPOL_OK)
			break;
		/* The hash runs even when locked, so every answer costs the same. */
		enum pwpol_status v = pwpol_verify(pw, len, a.hash);
		if (v == PWPOL_ENOMEM) {
			st = v;
			break;
		}
		match = v == PWPOL_OK;
		if (a.locked_until > now) {
			st = PWPOL_LOCKED;
			break;
		}
		if (match && pwpol_hash_needs_rehash(p, a.hash) &&
		    pwpol_hash(policy_format(p), 0, pw, len, rehash, sizeof rehash) != PWPOL_OK)
			rehash[0] = 0; /* keep the old hash; the login stands */
		/* A clean success changes nothing: no write, no lock taken. */
		if (match && !rehash[0] && a.failures == 0 && a.locked_until == 0)
			break;
		st = settle_login(s, p, &a, match, rehash, now, &locked_now);
		rehash_done = st == PWPOL_OK && rehash[0];
		if (st != RETRY)
			break;
	}
	pwpol_wipe(rehash, sizeof rehash);
	if (st == PWPOL_ENOENT) {
		wipe_account(&a);
		return unknown_user(p, pw, len);
	}
	if (st == RETRY)
		st = busy(s);
	if (st == PWPOL_LOCKED)
		pwpol__audit(LOG_WARNING, "login refused for %s: account locked", name);
	if (st != PWPOL_OK) {
		wipe_account(&a);
		return (enum pwpol_status)st;
	}
	if (!match) {
		pwpol__audit(LOG_WARNING, "login failure for %s", name);
		if (locked_now)
			pwpol__audit(LOG_WARNING, "account %s locked for %ld seconds", name,
			             pwpol_policy_get(p, PWPOL_OPT_LOCK_TIME));
		wipe_account(&a);
		return PWPOL_REJECTED;
	}
	if (rehash_done)
		pwpol__audit(LOG_NOTICE, "password hash of %s upgraded to %s", name,
		             pwpol_format_name(policy_format(p)));
	enum pwpol_change_reason why = change_reason(p, &a, now);
	wipe_account(&a);
	if (reason)
		*reason = why;
	return why == PWPOL_REASON_NONE ? PWPOL_OK : PWPOL_CHANGE_REQUIRED;
}

/* ---- info and each ----------------------------------------------------- */

static enum pwpol_status fill_info(pwpol_store *s, const pwpol_policy *p,
                                   const struct pwpol__account *a, time_t now,
                                   struct pwpol_account_info *out)
{
	memset(out, 0, sizeof *out);
	snprintf(out->name, sizeof out->name, "%s", a->name);
	out->flags = a->flags;
	out->changed = a->changed;
	long days = pwpol_policy_get(p, PWPOL_OPT_MAXIMUM_LIFETIME);
	out->expires = days > 0 ? a->changed + days * DAY : 0;
	out->expired = expired(p, a, now);
	/* A lock that has run out is no lock, and its count restarts. */
	int locked = a->locked_until > now;
	out->failures = a->locked_until && !locked ? 0 : a->failures;
	out->locked_until = locked ? a->locked_until : 0;
	pwpol_hash_identify(a->hash, &out->format);
	return s->ops->history_count(s, a->name, &out->history);
}

enum pwpol_status pwpol_account_info(pwpol_store *s, const pwpol_policy *p, const char *name,
                                     time_t now, struct pwpol_account_info *out)
{
	if (!s || !p || !name || !out)
		return PWPOL_EINVAL;
	if (!name_ok(name))
		return PWPOL_ENOENT;
	struct pwpol__account a;
	enum pwpol_status st = s->ops->get(s, name, &a);
	if (st == PWPOL_OK)
		st = fill_info(s, p, &a, now, out);
	wipe_account(&a);
	return st;
}

struct each_ctx {
	pwpol_store *s;
	const pwpol_policy *p;
	time_t now;
	int (*fn)(const struct pwpol_account_info *, void *);
	void *ctx;
	enum pwpol_status st;
};

static int each_one(const struct pwpol__account *a, void *arg)
{
	struct each_ctx *c = arg;
	struct pwpol_account_info info;
	c->st = fill_info(c->s, c->p, a, c->now, &info);
	if (c->st != PWPOL_OK)
		return 1;
	return c->fn(&info, c->ctx);
}

enum pwpol_status pwpol_account_each(pwpol_store *s, const pwpol_policy *p, time_t now,
                                     int (*fn)(const struct pwpol_account_info *, void *),
                                     void *ctx)
{
	if (!s || !p || !fn)
		return PWPOL_EINVAL;
	struct each_ctx c = {s, p, now, fn, ctx, PWPOL_OK};
	/* One read transaction: every account from the same moment. */
	enum pwpol_status st = s->ops->begin(s, 0);
	if (st != PWPOL_OK)
		return st;
	st = s->ops->list(s, each_one, &c);
	if (st == PWPOL_OK)
		st = c.st;
	if (st == PWPOL_OK)
		return s->ops->commit(s);
	s->ops->rollback(s);
	return st;
}
