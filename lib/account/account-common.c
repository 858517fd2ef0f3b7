/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * account-common.c - the helpers every account decision uses (account.h):
 * policy figures, a new password's quality and hash, the reuse history,
 * and the write half of a change under the read-verify-recheck rule.
 */
#include "account.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

const char *const pwpol__system_accounts[SYSTEM_ACCOUNTS] = {"admin", "root", "t128"};

int pwpol__system_index(const char *name)
{
	for (int i = 0; i < SYSTEM_ACCOUNTS; i++)
		if (strcmp(name, pwpol__system_accounts[i]) == 0)
			return i;
	return -1;
}

const char *pwpol__system_names(unsigned mask)
{
	static const char *const names[1u << SYSTEM_ACCOUNTS] = {
	    NULL,   "admin",       "root",       "admin, root",
	    "t128", "admin, t128", "root, t128", "admin, root, t128"};
	return names[mask & ((1u << SYSTEM_ACCOUNTS) - 1)];
}

void pwpol__report_merge_system(pwpol_report *to, const pwpol_report *each, unsigned judged)
{
	for (size_t i = 0; i < SYSTEM_ACCOUNTS; i++) {
		if (!(judged & 1u << i))
			continue;
		for (size_t k = 0; k < each[i].n; k++) {
			const struct pwpol_finding *f = &each[i].f[k];
			size_t j = 0;
			while (j < to->n && to->f[j].rule != f->rule)
				j++;
			if (j < to->n)
				continue; /* named by the first account that breaks it */
			unsigned who = 0;
			for (size_t o = 0; o < SYSTEM_ACCOUNTS; o++)
				for (size_t q = 0; (judged & 1u << o) && q < each[o].n; q++)
					if (each[o].f[q].rule == f->rule)
						who |= 1u << o;
			if (pwpol__report_add(to, f->rule, f->severity, f->need, f->have) ==
			        PWPOL_OK &&
			    who != judged)
				to->account[to->n - 1] = pwpol__system_names(who);
		}
	}
}

int pwpol__locked(const struct pwpol__account *a, time_t now)
{
	/* A lock that ends at the end of time (lock-time 0, or one that
	 * saturated there) holds at the end of time too: `now` never passes
	 * PWPOL_TIME_MAX, so "until > now" alone would lift it then. */
	return a->locked_until > now || (long long)a->locked_until >= PWPOL_TIME_MAX;
}

enum pwpol_status pwpol__get(pwpol_store *s, const char *name, struct pwpol__account *out)
{
	enum pwpol_status st = s->ops->get(s, name, out);
	for (int i = 0; st == PWPOL_OK && i < PWPOL_AGING_COUNT; i++)
		if ((out->aging_set & 1u << i) &&
		    (out->aging[i] < 0 || out->aging[i] > PWPOL_AGING_DAYS_MAX))
			return pwpol__store_fail(s, PWPOL_ESYSTEM,
			                         "the record of %s holds an aging figure out of "
			                         "range: the store is damaged",
			                         out->name);
	if (st == PWPOL_OK &&
	    (!pwpol__time_ok(out->changed) || !pwpol__time_ok(out->locked_until) ||
	     !pwpol__time_ok(out->last_failure) || !pwpol__time_ok(out->adopted)))
		return pwpol__store_fail(s, PWPOL_ESYSTEM,
		                         "the record of %s holds a time out of range: the store is "
		                         "damaged",
		                         out->name);
	return st;
}

enum pwpol_format pwpol__policy_format(const pwpol_policy *p)
{
	long f = pwpol_policy_get(p, PWPOL_OPT_FORMAT);
	return f >= 0 && f <= PWPOL_FORMAT_BCRYPT ? (enum pwpol_format)f : PWPOL_FORMAT_SHA512;
}

enum pwpol_status pwpol__attempt_unrecorded(pwpol_store *s)
{
	/* The store's own words (its errno, a lock) go to the log; the face
	 * gets one sentence, whatever the account, so that a store under load
	 * tells no name from another. */
	pwpol__audit(LOG_ERR, "a login attempt could not be recorded: %s", s->err);
	return pwpol__store_fail(s, PWPOL_ESYSTEM,
	                         "the attempt could not be recorded (the store is busy or "
	                         "failing): it was not judged; try again");
}

/* The hash classes of a store's accounts: one timing dummy per format and
 * cost found (pwpol__format_dummy_like), at most REFUSAL_CLASSES. */
#define REFUSAL_CLASSES 8
struct classes {
	char like[REFUSAL_CLASSES][PWPOL_HASH_MAX];
	size_t n;
};

static int collect_class(const struct pwpol__account *a, void *ctx)
{
	struct classes *c = ctx;
	char like[PWPOL_HASH_MAX];
	if (pwpol__format_dummy_like(a->hash, like, sizeof like) != PWPOL_OK)
		return 0;
	for (size_t i = 0; i < c->n; i++)
		if (strcmp(c->like[i], like) == 0)
			return 0;
	memcpy(c->like[c->n++], like, sizeof like);
	return c->n == REFUSAL_CLASSES;
}

/* The classes of s into *c; in an empty store (or one that cannot list)
 * the policy's dummy alone. */
static void store_classes(pwpol_store *s, const pwpol_policy *p, struct classes *c)
{
	c->n = 0;
	if (s->ops->list(s, collect_class, c) != PWPOL_OK)
		c->n = 0;
	if (c->n == 0) {
		snprintf(c->like[0], sizeof c->like[0], "%s",
		         pwpol__format_dummy(pwpol__policy_format(p)));
		c->n = 1;
	}
}

/* One dummy verify for every class of c but `skip`'s ("": none). */
static void hash_classes(const struct classes *c, const char *skip, const char *pw, size_t len)
{
	for (size_t i = 0; i < c->n; i++)
		if (strcmp(c->like[i], skip) != 0)
			pwpol__verify_password(pw, len, c->like[i]);
}

void pwpol__refusal_pad(pwpol_store *s, const pwpol_policy *p, const char *own, const char *pw,
                        size_t len)
{
	struct classes c = {.n = 0};
	char mine[PWPOL_HASH_MAX] = "";
	if (own && pwpol__format_dummy_like(own, mine, sizeof mine) != PWPOL_OK)
		mine[0] = 0;
	/* A store that cannot list still answers: the policy's dummy alone
	 * (known accounts then pay their own hash alone, as before). */
	if (s->ops->list(s, collect_class, &c) != PWPOL_OK)
		c.n = 0;
	if (!own && c.n == 0) {
		pwpol__verify_password(pw, len, pwpol__format_dummy(pwpol__policy_format(p)));
		return;
	}
	hash_classes(&c, mine, pw, len);
	/* An own hash of a class the list did not reach (over the cap, or
	 * written meanwhile) is paid by the unknown's side as any other. */
}

enum pwpol_status pwpol__refusal(pwpol_store *s, const pwpol_policy *p, const char *kind,
                                 const char *pw, size_t len, const char *own)
{
	/* Recorded before the verdict, as a counted failure is: a refusal the
	 * store cannot write is not judged either. One hash like each class
	 * of the store's hashes (format and cost): a known account's refusal
	 * runs its own and the others' dummies, so an unknown name costs what
	 * every known one does, whatever formats the accounts were imported
	 * with; the first of them beside the write, as a known account's own
	 * hash runs beside its count. */
	int unknown = strcmp(kind, "unknown") == 0 || strcmp(kind, "service") == 0;
	struct classes c = {.n = 0};
	const char *first = own;
	if (pw && unknown && !own) {
		store_classes(s, p, &c);
		first = c.like[0];
	}
	struct pwpol__beside h;
	pwpol__beside_start(&h, pw, len, first);
	enum pwpol_status st = s->ops->note_refusal(s, kind);
	pwpol__beside_end(&h);
	if (st != PWPOL_OK)
		return pwpol__attempt_unrecorded(s);
	if (pw && first == own && own)
		pwpol__refusal_pad(s, p, own, pw, len);
	else if (pw && first)
		hash_classes(&c, first, pw, len);
	return PWPOL_OK;
}

int pwpol__name_ok(const char *name)
{
	return name && name[0] && strlen(name) < sizeof((struct pwpol__account *)0)->name;
}

void pwpol__wipe_account(struct pwpol__account *a)
{
	pwpol_wipe(a, sizeof *a);
}

time_t pwpol__age_start(const pwpol_policy *p, const struct pwpol__account *a)
{
	if (!p->reuse_from || a->changed >= p->reuse_from)
		return a->changed;
	return p->reuse_since; /* PWPOL__NO_TIMESTAMP: none yet, it never ages */
}

int pwpol__expired(const pwpol_policy *p, const struct pwpol__account *a, time_t now)
{
	time_t when = pwpol__expires(p, a);
	return when != PWPOL__NO_TIMESTAMP && now >= when;
}

/* ---- each account's own aging (account-aging.c sets it) --------------- */

long pwpol__aging(const struct pwpol__account *a, enum pwpol_aging_field f)
{
	return (a->aging_set & 1u << f) ? a->aging[f] : PWPOL_AGING_UNSET;
}

void pwpol__aging_out(const struct pwpol__account *a, struct pwpol_aging *out)
{
	for (int i = 0; i < PWPOL_AGING_COUNT; i++)
		out->v[i] = pwpol__aging(a, (enum pwpol_aging_field)i);
}

static time_t cap(long long t)
{
	return (time_t)(t > PWPOL_TIME_MAX ? PWPOL_TIME_MAX : t);
}

time_t pwpol__expires(const pwpol_policy *p, const struct pwpol__account *a)
{
	time_t when = PWPOL__NO_TIMESTAMP;
	long days = pwpol_policy_get(p, PWPOL_OPT_MAXIMUM_LIFETIME);
	time_t start = pwpol__age_start(p, a);
	if (start != PWPOL__NO_TIMESTAMP && a->adopted > start)
		start = a->adopted;
	if (days > 0 && start != PWPOL__NO_TIMESTAMP)
		when = cap((long long)start + days * DAY);
	long own = pwpol__aging(a, PWPOL_AGING_MAX_DAYS);
	if (own >= 0 && own < PWPOL_AGING_NEVER) {
		time_t t = cap((long long)a->changed + own * DAY);
		if (t < when)
			when = t;
	}
	return when;
}

long pwpol__min_days(const pwpol_policy *p, const struct pwpol__account *a)
{
	long days = pwpol_policy_get(p, PWPOL_OPT_MINIMUM_LIFETIME);
	long own = pwpol__aging(a, PWPOL_AGING_MIN_DAYS);
	return own > days ? own : days;
}

int pwpol__own_min_refused(const struct pwpol__account *a, time_t now, long *days, long *age)
{
	long own = pwpol__aging(a, PWPOL_AGING_MIN_DAYS);
	/* shadow: a change is refused while today < last change + min. */
	if (own <= 0 || (long long)now >= (long long)a->changed + own * DAY)
		return 0;
	*days = own;
	*age = now > a->changed ? (long)((now - a->changed) / DAY) : 0;
	return 1;
}

time_t pwpol__inactive_from(const pwpol_policy *p, const struct pwpol__account *a)
{
	long inactive = pwpol__aging(a, PWPOL_AGING_INACTIVE_DAYS);
	time_t exp = pwpol__expires(p, a);
	if (inactive < 0 || exp == PWPOL__NO_TIMESTAMP)
		return 0;
	return cap((long long)exp + inactive * DAY);
}

int pwpol__account_expired(const pwpol_policy *p, const struct pwpol__account *a, time_t now)
{
	long day = pwpol__aging(a, PWPOL_AGING_EXPIRE_DATE);
	if (day >= 0 && (long long)now >= (long long)day * DAY)
		return 1;
	time_t from = pwpol__inactive_from(p, a);
	return from && now >= from;
}

/* ---- the state shown to a person ---------------------------------------- */

const char *pwpol_account_state(const struct pwpol_account_info *info)
{
	struct pwpol_account_info a; /* the caller's, as this library's layout */
	if (PWPOL__IN(&a, info) != PWPOL_OK)
		return "unknown";
	if (a.disabled)
		return "disabled";
	if (a.account_expired)
		return "account-expired";
	if (a.locked_until)
		return "locked";
	if (a.reason != PWPOL_REASON_NONE)
		return pwpol_change_reason_name(a.reason);
	return "ok";
}

int pwpol_account_expiry_warning(const struct pwpol_account_info *info, time_t now, long *days)
{
	struct pwpol_account_info b, *a = &b; /* the caller's, as this library's layout */
	if (PWPOL__IN(a, info) != PWPOL_OK || !a->expires || a->warn_days <= 0 ||
	    a->expires < now || a->expires - now > a->warn_days * DAY)
		return 0;
	if (days)
		*days = (long)((a->expires - now + DAY - 1) / DAY);
	return 1;
}

enum pwpol_change_reason pwpol__change_reason(const pwpol_policy *p, const struct pwpol__account *a,
                                              time_t now)
{
	if (a->flags & PWPOL_ACCOUNT_TEMPORARY)
		return PWPOL_REASON_TEMPORARY;
	if (a->flags & PWPOL_ACCOUNT_FACTORY_DEFAULT)
		return PWPOL_REASON_FACTORY_DEFAULT;
	if ((a->flags & PWPOL_ACCOUNT_MUST_CHANGE) || pwpol__expired(p, a, now))
		return PWPOL_REASON_EXPIRED;
	return PWPOL_REASON_NONE;
}

size_t pwpol__history_keep(const pwpol_policy *p)
{
	long n = pwpol_policy_get(p, PWPOL_OPT_MINIMUM_REUSE);
	if (n <= 1)
		return 0;
	return n - 1 > PWPOL__HISTORY_MAX ? PWPOL__HISTORY_MAX : (size_t)(n - 1);
}

/* Rules never collide: one report holds username findings, the other
 * password ones. */
void pwpol__report_merge(pwpol_report *to, const pwpol_report *from)
{
	for (size_t i = 0; i < from->n; i++)
		pwpol__report_add(to, from->f[i].rule, from->f[i].severity, from->f[i].need,
		                  from->f[i].have);
}

int pwpol__report_has_error(const pwpol_report *r)
{
	for (size_t i = 0; i < r->n; i++)
		if (r->f[i].severity == PWPOL_SEVERITY_ERROR)
			return 1;
	return 0;
}

enum pwpol_status pwpol__check_quality(const pwpol_policy *p, const char *pw, size_t len,
                                       const char *name, const char *old, size_t oldlen,
                                       pwpol_report *r)
{
	enum pwpol_status st = pwpol_check(p, pw, len, name, old, oldlen, r);
	if (st == PWPOL_EINVAL || st == PWPOL_ENOMEM)
		return st;
	if (len > PHRASE_MAX) {
		pwpol_report_clear(r);
		pwpol__report_add(r, PWPOL_RULE_TOO_LONG, PWPOL_SEVERITY_ERROR, PHRASE_MAX,
		                  (long)len);
		return PWPOL_EINVAL;
	}
	return st;
}

enum pwpol_status pwpol__hash_password(enum pwpol_format f, const char *pw, size_t len, char *out)
{
	char form[PHRASE_MAX];
	size_t n;
	int normal = pwpol__password_form(pw, len, form, &n);
	enum pwpol_status st = normal ? pwpol_hash(f, 0, form, n, out, PWPOL_HASH_MAX)
	                              : pwpol_hash(f, 0, pw, len, out, PWPOL_HASH_MAX);
	pwpol_wipe(form, sizeof form);
	return st;
}

int pwpol__login_input_ok(const char *pw, size_t len)
{
	return pw && len > 0 && len <= PHRASE_MAX && !memchr(pw, 0, len);
}

enum pwpol_status pwpol__make_hash(const pwpol_policy *p, const struct pwpol_secret *sec, char *out)
{
	if (sec->pw)
		return pwpol__hash_password(pwpol__policy_format(p), sec->pw, sec->len, out);
	if (pwpol_hash_import_check(sec->hash, NULL, 0) != PWPOL_OK)
		return PWPOL_EINVAL; /* unknown, malformed, or too costly to verify */
	strcpy(out, sec->hash);
	return PWPOL_OK;
}

/* Whether pw is the current password or one of the n-1 before it (the
 * history), into *hit (and *current: it was the current one); OK or the
 * store's error. */
static enum pwpol_status reused(pwpol_store *s, const pwpol_policy *p,
                                const struct pwpol__account *a, const char *pw, size_t len,
                                int *hit, int *current)
{
	*hit = *current = 0;
	if (pwpol__verify_password(pw, len, a->hash) == PWPOL_OK) {
		*hit = *current = 1;
		return PWPOL_OK;
	}
	size_t max = pwpol__history_keep(p);
	if (max == 0)
		return PWPOL_OK;
	char old[PWPOL__HISTORY_MAX][PWPOL_HASH_MAX];
	size_t got = 0;
	enum pwpol_status st = s->ops->history_get(s, a->name, old, max, &got);
	for (size_t i = 0; st == PWPOL_OK && !*hit && i < got; i++)
		*hit = pwpol__verify_password(pw, len, old[i]) == PWPOL_OK;
	pwpol_wipe(old, sizeof old);
	return st;
}

enum pwpol_status pwpol__check_reuse(pwpol_store *s, const pwpol_policy *p,
                                     const struct pwpol__account *a, const char *pw, size_t len,
                                     pwpol_report *r)
{
	int hit, current;
	if (reused(s, p, a, pw, len, &hit, &current) != PWPOL_OK)
		return PWPOL_ESYSTEM;
	if (!hit)
		return PWPOL_OK;
	long n = pwpol_policy_get(p, PWPOL_OPT_MINIMUM_REUSE);
	if (current && (a->flags & PWPOL_ACCOUNT_FACTORY_DEFAULT))
		pwpol__report_add(r, PWPOL_RULE_FACTORY_DEFAULT, PWPOL_SEVERITY_ERROR, -1, -1);
	else
		pwpol__report_add(r, PWPOL_RULE_MINIMUM_REUSE, PWPOL_SEVERITY_ERROR, n > 1 ? n : 1,
		                  -1);
	return PWPOL_REJECTED;
}

enum pwpol_status pwpol__store_new_hash(pwpol_store *s, const pwpol_policy *p,
                                        struct pwpol__account *a, const char *hash, unsigned flags,
                                        time_t now, int keep_old)
{
	size_t keep = pwpol__history_keep(p);
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

/* A transaction the engine refused because it met a concurrent one (a
 * PostgreSQL serialization failure or deadlock, store.h): run again. */
static enum pwpol_status conflict_is_retry(pwpol_store *s, enum pwpol_status st)
{
	return st == PWPOL_ESYSTEM && s->conflict ? PWPOL__RETRY : st;
}

enum pwpol_status pwpol__finish_retry(pwpol_store *s, enum pwpol_status st)
{
	return conflict_is_retry(s, pwpol__finish(s, st));
}

enum pwpol_status pwpol__busy(pwpol_store *s)
{
	return pwpol__store_fail(s, PWPOL_ESYSTEM,
	                         "the account kept changing while it was being updated; try again");
}

/* The same record, as far as a decision made on `was` goes: a failure
 * counted meanwhile changes neither. */
static int unchanged(const struct pwpol__account *was, const struct pwpol__account *cur)
{
	return strcmp(was->hash, cur->hash) == 0 && was->changed == cur->changed &&
	       was->flags == cur->flags;
}

/* A conflict may be met again at once by nodes that met in step; a random
 * pause that doubles with each attempt (1, 2, 4 ... 64 ms at most) parts
 * them. Not a secret: rand_r seeded from the clock and the pid. */
static void conflict_pause(int attempt)
{
	static _Thread_local unsigned seed;
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	if (!seed)
		seed = (unsigned)t.tv_nsec ^ (unsigned)getpid() << 16;
	long cap_ms =
	    1L << (attempt < CONFLICT_PAUSE_DOUBLINGS ? attempt : CONFLICT_PAUSE_DOUBLINGS);
	long ns = (long)(rand_r(&seed) % (unsigned)(cap_ms * 1000)) * 1000 + 1000;
	struct timespec d = {ns / 1000000000L, ns % 1000000000L};
	while (nanosleep(&d, &d) == -1 && errno == EINTR) {
	}
}

/* The write lock and `was->name` read again into *cur: OK (the
 * transaction open) when it is still the record decided on. */
static enum pwpol_status recheck(pwpol_store *s, const struct pwpol__account *was,
                                 struct pwpol__account *cur)
{
	enum pwpol_status st = s->ops->begin(s, 1);
	if (st != PWPOL_OK)
		return st;
	st = pwpol__get(s, was->name, cur);
	if (st == PWPOL_OK && !unchanged(was, cur))
		st = PWPOL__RETRY;
	if (st != PWPOL_OK) {
		s->ops->rollback(s);
		pwpol__wipe_account(cur);
	}
	return st;
}

enum pwpol_status pwpol__on_record(pwpol_store *s, const struct pwpol__account *was,
                                   pwpol__decide_fn decide, void *arg)
{
	struct pwpol__account b;
	enum pwpol_status st;
	for (int attempt = 0;; attempt++) {
		st = recheck(s, was, &b);
		if (st == PWPOL_OK) {
			st = pwpol__finish(s, decide(s, &b, arg));
			pwpol__wipe_account(&b);
		}
		if (!(st == PWPOL_ESYSTEM && s->conflict) || attempt + 1 >= CONFLICT_RETRIES)
			break;
		conflict_pause(attempt);
	}
	return conflict_is_retry(s, st);
}

struct change_arg {
	const pwpol_policy *p;
	const char *hash;
	unsigned flags;
	time_t now;
	int check_lock;
};

static enum pwpol_status decide_change(pwpol_store *s, struct pwpol__account *b, void *arg)
{
	const struct change_arg *c = arg;
	if (c->check_lock && pwpol__locked(b, c->now))
		return PWPOL_LOCKED;
	return pwpol__store_new_hash(s, c->p, b, c->hash, c->flags, c->now, 1);
}

enum pwpol_status pwpol__commit_change(pwpol_store *s, const pwpol_policy *p,
                                       const struct pwpol__account *was, const char *hash,
                                       unsigned flags, time_t now, int check_lock)
{
	struct change_arg c = {p, hash, flags, now, check_lock};
	return pwpol__on_record(s, was, decide_change, &c);
}

/* Whether failed logins lock `name`, and for how long (seconds, 0: until
 * an administrator unlocks): root only under root-lockout, for
 * root-lock-time when set (pam_faillock's even_deny_root and
 * root_unlock_time); root means the store's account of that name. */
static int locks(const pwpol_policy *p, const char *name, long *lock)
{
	*lock = pwpol_policy_get(p, PWPOL_OPT_LOCK_TIME);
	if (strcmp(name, "root") != 0)
		return 1;
	if (!pwpol_policy_get(p, PWPOL_OPT_ROOT_LOCKOUT))
		return 0;
	if (pwpol_policy_get(p, PWPOL_OPT_ROOT_LOCK_TIME))
		*lock = pwpol_policy_get(p, PWPOL_OPT_ROOT_LOCK_TIME);
	return 1;
}

int pwpol__failures_stale(const pwpol_policy *p, const struct pwpol__account *a, time_t now)
{
	long interval = pwpol_policy_get(p, PWPOL_OPT_FAILURE_INTERVAL);
	return interval > 0 && a->failures > 0 &&
	       (long long)now - (long long)a->last_failure >= interval;
}

/* Under the lock, on the rechecked record b.
 *
 * failure-interval keeps one time per account, the last counted failure,
 * not every failure's time as pam_faillock's tally does: a failure more
 * than the interval after the one before it starts the count again. So N
 * failures within any one interval always lock (never laxer than
 * pam_faillock); failures each less than the interval apart keep counting
 * even when the first of them is older (stricter). Keeping the first
 * failure's time instead would let N-1 failures late in one window and
 * one early in the next go uncounted. */
static enum pwpol_status count_on(pwpol_store *s, const pwpol_policy *p, struct pwpol__account *b,
                                  time_t now, int *locked_now)
{
	enum pwpol_status st = PWPOL_OK;
	if (pwpol__locked(b, now))
		return PWPOL_LOCKED; /* locked by another login meanwhile: not counted */
	if (b->locked_until || pwpol__failures_stale(p, b, now)) {
		/* The lock has run out, or the failures have aged: counting
		 * starts again. */
		b->failures = 0;
		b->locked_until = 0;
		st = s->ops->put(s, b);
	}
	if (st == PWPOL_OK)
		st = s->ops->add_failure(s, b->name, &b->failures);
	b->last_failure = now;
	long max = pwpol_policy_get(p, PWPOL_OPT_MAXIMUM_FAILED_ATTEMPTS);
	long lock;
	/* Root's failures are counted (and logged) even where they never
	 * lock it. */
	if (st == PWPOL_OK && max > 0 && b->failures >= (unsigned long)max &&
	    locks(p, b->name, &lock)) {
		long long until = (long long)now + lock;
		/* A lock taken at the end of 9999 ends there; lock-time 0 is
		 * a lock until `unlock`. */
		b->locked_until =
		    (time_t)(lock == 0 || until > PWPOL_TIME_MAX ? PWPOL_TIME_MAX : until);
		/* The count that set the lock, for the audit event. */
		*locked_now = b->failures > INT_MAX ? INT_MAX : (int)b->failures;
	}
	if (st == PWPOL_OK)
		st = s->ops->put(s, b);
	return st;
}

void pwpol__audit_lock(const pwpol_policy *p, const char *name, int count, const char *after)
{
	long lock;
	if (!count || !locks(p, name, &lock))
		return;
	if (lock == 0)
		pwpol__audit(LOG_WARNING,
		             "account %s locked until unlocked by an administrator after %d %s",
		             name, count, after);
	else
		pwpol__audit(LOG_WARNING, "account %s locked for %ld seconds after %d %s", name,
		             lock, count, after);
	/* As pam_faillock sends them: the limit reached, and the lock. */
	pwpol__audit_acct(PWPOL__AUDIT_ANOM_LOGIN_FAILURES, "login-failures", name, 1);
	pwpol__audit_acct(PWPOL__AUDIT_RESP_ACCT_LOCK, "lock-user", name, 1);
}

struct count_arg {
	const pwpol_policy *p;
	time_t now;
	int *locked_now;
	unsigned *after; /* the count this failure made (may be NULL) */
};

static enum pwpol_status decide_count(pwpol_store *s, struct pwpol__account *b, void *arg)
{
	const struct count_arg *c = arg;
	*c->locked_now = 0;
	enum pwpol_status st = count_on(s, c->p, b, c->now, c->locked_now);
	if (c->after)
		*c->after = b->failures;
	return st;
}

enum pwpol_status pwpol__count_failure(pwpol_store *s, const pwpol_policy *p,
                                       const struct pwpol__account *a, time_t now, int *locked_now)
{
	return pwpol__count_failure_as(s, p, a, now, locked_now, NULL);
}

enum pwpol_status pwpol__count_failure_as(pwpol_store *s, const pwpol_policy *p,
                                          const struct pwpol__account *a, time_t now,
                                          int *locked_now, unsigned *after)
{
	struct count_arg c = {p, now, locked_now, after};
	enum pwpol_status st = pwpol__on_record(s, a, decide_count, &c);
	if (st != PWPOL_OK) {
		*locked_now = 0;
		if (after)
			*after = 0; /* nothing of this attempt stands */
	}
	return st;
}
