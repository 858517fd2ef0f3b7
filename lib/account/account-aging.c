/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * account-aging.c - each account's own aging, as shadow(5) fields 4-8 and
 * chage(1) keep it, and how it meets the policy's; and moving accounts in
 * from another system (import) and out again (export) without losing any
 * of it.
 *
 * How an account's own figure meets the policy's: the stricter wins. The
 * minimum lifetime in force is the larger of the two; the password
 * expires at the earlier of the account's own maximum (counted from its
 * last change, as shadow counts it) and the policy's maximum-lifetime
 * (counted from pwpol__age_start, and never before the account was
 * imported: taking accounts over expires none at once, as committing
 * maximum-lifetime does not). So an account's figure can only tighten the
 * policy; under a standard's profile a looser maximum is refused outright,
 * so that no figure reads as allowed that the standard forbids.
 *
 * Inactive days and the expiry date are the account's alone (the policy
 * has none): past either, a login is refused as a disabled account's is,
 * and PAM's account phase answers PAM_ACCT_EXPIRED.
 */
#include "account.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#define BY(s) (s)->acting ? " by " : "", (s)->acting ? (s)->actor : ""

const char *pwpol_aging_field_name(enum pwpol_aging_field f)
{
	static const char *const names[PWPOL_AGING_COUNT] = {"min-days", "max-days", "warn-days",
	                                                     "inactive", "expire-date"};
	return (unsigned)f < PWPOL_AGING_COUNT ? names[f] : "unknown";
}

static int aging_value_ok(long v)
{
	return v >= PWPOL_AGING_UNSET && v <= PWPOL_AGING_DAYS_MAX;
}

static void aging_in(struct pwpol__account *a, const struct pwpol_aging *in)
{
	a->aging_set = 0;
	for (int i = 0; i < PWPOL_AGING_COUNT; i++) {
		a->aging[i] = in->v[i] < 0 ? 0 : in->v[i];
		if (in->v[i] >= 0)
			a->aging_set |= 1u << i;
	}
}

/* ---- setting ---------------------------------------------------------- */

/* A standard's profile holds maximum-lifetime at commit; an account's own
 * maximum above it would read as allowed what the standard forbids. */
static enum pwpol_status standard_allows(pwpol_store *s, const pwpol_policy *p,
                                         enum pwpol_aging_field f, long value)
{
	const char *profile = pwpol_policy_profile(p);
	long max = pwpol_policy_get(p, PWPOL_OPT_MAXIMUM_LIFETIME);
	if (f != PWPOL_AGING_MAX_DAYS || value < 0 || !profile ||
	    !pwpol__profile_is_standard(profile) || max <= 0 ||
	    (value <= max && value < PWPOL_AGING_NEVER))
		return PWPOL_OK;
	return pwpol__store_fail(s, PWPOL_REJECTED,
	                         "max-days %ld: the %s profile holds a password's maximum "
	                         "lifetime at %ld days; an account's own may only be shorter",
	                         value, profile, max);
}

struct aging_arg {
	enum pwpol_aging_field f;
	long value;
	int expire; /* passwd -e instead */
};

static enum pwpol_status decide_aging(pwpol_store *s, struct pwpol__account *b, void *arg)
{
	const struct aging_arg *c = arg;
	if (c->expire) {
		b->flags |= PWPOL_ACCOUNT_MUST_CHANGE;
	} else if (c->value < 0) {
		b->aging_set &= ~(1u << c->f);
		b->aging[c->f] = 0;
	} else {
		b->aging_set |= 1u << c->f;
		b->aging[c->f] = c->value;
	}
	return s->ops->put(s, b);
}

static enum pwpol_status on_account(pwpol_store *s, const char *name, struct aging_arg *c)
{
	if (!pwpol__name_ok(name))
		return PWPOL_ENOENT;
	enum pwpol_status st = PWPOL__RETRY;
	for (int attempt = 0; attempt < ACCOUNT_RETRIES && st == PWPOL__RETRY; attempt++) {
		struct pwpol__account a;
		st = pwpol__get(s, name, &a);
		if (st == PWPOL_OK)
			st = pwpol__on_record(s, &a, decide_aging, c);
		pwpol__wipe_account(&a);
	}
	return st == PWPOL__RETRY ? pwpol__busy(s) : st;
}

enum pwpol_status pwpol_account_set_aging(pwpol_store *s, const pwpol_policy *p, const char *name,
                                          enum pwpol_aging_field f, long value, time_t now)
{
	if (!s || !p || !name || (unsigned)f >= PWPOL_AGING_COUNT || !aging_value_ok(value) ||
	    !pwpol__time_ok(now))
		return PWPOL_EINVAL;
	if (pwpol__permit(s, PWPOL_PERMISSION_ADMIN_CONTROL, NULL) != PWPOL_OK)
		return PWPOL_NOT_PERMITTED;
	enum pwpol_status st = standard_allows(s, p, f, value);
	if (st != PWPOL_OK)
		return st;
	struct aging_arg c = {f, value, 0};
	st = on_account(s, name, &c);
	if (st == PWPOL_OK)
		pwpol__audit(LOG_NOTICE, "%s of %s set to %ld%s%s", pwpol_aging_field_name(f), name,
		             value, BY(s));
	return st;
}

enum pwpol_status pwpol_account_expire(pwpol_store *s, const pwpol_policy *p, const char *name,
                                       time_t now)
{
	if (!s || !p || !name || !pwpol__time_ok(now))
		return PWPOL_EINVAL;
	if (pwpol__permit(s, PWPOL_PERMISSION_ADMIN_CONTROL, NULL) != PWPOL_OK)
		return PWPOL_NOT_PERMITTED;
	struct aging_arg c = {0, 0, 1};
	enum pwpol_status st = on_account(s, name, &c);
	if (st == PWPOL_OK)
		pwpol__audit(LOG_NOTICE, "password of %s expired: change at next login%s%s", name,
		             BY(s));
	return st;
}

/* ---- moving in ------------------------------------------------------- */

static enum pwpol_status import_one(pwpol_store *s, const pwpol_policy *p,
                                    const struct pwpol_import *in, time_t now,
                                    struct pwpol_import_result *res, pwpol_report *r)
{
	memset(res, 0, sizeof *res);
	pwpol_report_clear(r);
	if (!in->name || !in->hash || !pwpol__time_ok(in->changed))
		return res->st = PWPOL_EINVAL;
	for (int i = 0; i < PWPOL_AGING_COUNT; i++)
		if (!aging_value_ok(in->aging.v[i]))
			return res->st = PWPOL_EINVAL;
	enum pwpol_status st = pwpol_username_check(in->name, r);
	if (st != PWPOL_OK)
		return res->st = st == PWPOL_EINVAL ? PWPOL_REJECTED : st;
	if (!pwpol__name_ok(in->name) || pwpol_hash_import_check(in->hash, NULL, 0) != PWPOL_OK)
		return res->st = PWPOL_EINVAL;
	struct pwpol__account a;
	st = pwpol__get(s, in->name, &a);
	pwpol__wipe_account(&a);
	if (st == PWPOL_OK)
		return res->st = PWPOL_EEXIST;
	if (st != PWPOL_ENOENT)
		return st; /* the store's own failure: the whole import stops */
	memset(&a, 0, sizeof a);
	snprintf(a.name, sizeof a.name, "%s", in->name);
	snprintf(a.hash, sizeof a.hash, "%s", in->hash);
	snprintf(a.class_name, sizeof a.class_name, "%s",
	         in->account_class && in->account_class[0] ? in->account_class
	                                                   : pwpol__initial_class(in->name));
	a.changed = in->changed;
	a.flags = in->flags & (PWPOL_ACCOUNT_TEMPORARY | PWPOL_ACCOUNT_MUST_CHANGE);
	a.disabled = in->disabled != 0;
	a.adopted = now;
	aging_in(&a, &in->aging);
	st = s->ops->put(s, &a);
	if (st == PWPOL_OK) {
		res->expired = pwpol__change_reason(p, &a, now) != PWPOL_REASON_NONE;
		res->account_expired = pwpol__account_expired(p, &a, now);
		res->rehash = pwpol_hash_needs_rehash(p, a.hash);
	}
	pwpol__wipe_account(&a);
	res->st = st;
	return st;
}

enum pwpol_status pwpol_account_import_many(pwpol_store *s, const pwpol_policy *p,
                                            const struct pwpol_import *in, size_t n, int dry_run,
                                            time_t now, struct pwpol_import_result *res,
                                            pwpol_report *r)
{
	pwpol_report local = {0};
	if (!r)
		r = &local;
	if (!s || !p || (n && (!in || !res)) || !pwpol__time_ok(now))
		return PWPOL_EINVAL;
	if (pwpol__permit(s, PWPOL_PERMISSION_ADMIN_CONTROL, NULL) != PWPOL_OK)
		return PWPOL_NOT_PERMITTED;
	enum pwpol_status st = s->ops->begin(s, 1);
	if (st != PWPOL_OK)
		return st;
	size_t done = 0;
	for (size_t i = 0; i < n; i++) {
		enum pwpol_status one = import_one(s, p, &in[i], now, &res[i], r);
		if (one == PWPOL_ESYSTEM || one == PWPOL_ENOMEM) {
			st = one;
			break;
		}
		done += one == PWPOL_OK;
	}
	if (dry_run || st != PWPOL_OK) {
		s->ops->rollback(s);
		return st;
	}
	st = s->ops->commit(s);
	if (st == PWPOL_OK && done)
		pwpol__audit(LOG_NOTICE, "%zu account%s imported%s%s", done, done == 1 ? "" : "s",
		             BY(s));
	return st;
}

enum pwpol_status pwpol_account_history_import(pwpol_store *s, const pwpol_policy *p,
                                               const char *name, const char *const *hashes,
                                               size_t n, time_t now)
{
	if (!s || !p || !name || (n && !hashes) || !pwpol__time_ok(now))
		return PWPOL_EINVAL;
	if (pwpol__permit(s, PWPOL_PERMISSION_ADMIN_CONTROL, NULL) != PWPOL_OK)
		return PWPOL_NOT_PERMITTED;
	if (!pwpol__name_ok(name))
		return PWPOL_ENOENT;
	for (size_t i = 0; i < n; i++)
		if (!hashes[i] || pwpol_hash_import_check(hashes[i], NULL, 0) != PWPOL_OK)
			return PWPOL_EINVAL;
	size_t keep = pwpol__history_keep(p);
	enum pwpol_status st = s->ops->begin(s, 1);
	if (st != PWPOL_OK)
		return st;
	struct pwpol__account a;
	char(*held)[PWPOL_HASH_MAX] = calloc(PWPOL__HISTORY_MAX, PWPOL_HASH_MAX);
	size_t got = 0;
	if (!held)
		st = PWPOL_ENOMEM;
	if (st == PWPOL_OK)
		st = pwpol__get(s, name, &a);
	/* The history keeps newest first and is only pushed onto: what it
	 * holds is older than nothing imported, so it goes back on top. */
	if (st == PWPOL_OK)
		st = s->ops->history_get(s, name, held, PWPOL__HISTORY_MAX, &got);
	if (st == PWPOL_OK)
		st = s->ops->history_trim(s, name, 0);
	size_t from = keep && n > keep ? n - keep : 0;
	for (size_t i = from; st == PWPOL_OK && keep && i < n; i++)
		st = s->ops->history_push(s, name, hashes[i]);
	for (size_t i = got; st == PWPOL_OK && keep && i > 0; i--)
		st = s->ops->history_push(s, name, held[i - 1]);
	if (st == PWPOL_OK)
		st = s->ops->history_trim(s, name, keep);
	if (held)
		pwpol_wipe(held, (size_t)PWPOL__HISTORY_MAX * PWPOL_HASH_MAX);
	free(held);
	pwpol__wipe_account(&a);
	st = pwpol__finish(s, st);
	if (st == PWPOL_OK)
		pwpol__audit(LOG_NOTICE, "password history of %s imported%s%s", name, BY(s));
	return st;
}

/* ---- moving out ------------------------------------------------------ */

struct export_ctx {
	pwpol_store *s;
	int (*fn)(const struct pwpol_export *, void *);
	void *ctx;
	enum pwpol_status st;
	char (*old)[PWPOL_HASH_MAX];
};

static int export_one(const struct pwpol__account *a, void *arg)
{
	struct export_ctx *c = arg;
	size_t got = 0;
	c->st = c->s->ops->history_get(c->s, a->name, c->old, PWPOL__HISTORY_MAX, &got);
	if (c->st != PWPOL_OK)
		return 1;
	const char *hist[PWPOL__HISTORY_MAX];
	for (size_t i = 0; i < got; i++)
		hist[i] = c->old[got - 1 - i]; /* oldest first */
	struct pwpol_export e = {a->name,       a->hash, a->changed, a->flags, a->disabled != 0,
	                         a->class_name, {{0}},   hist,       got};
	pwpol__aging_out(a, &e.aging);
	int stop = c->fn(&e, c->ctx);
	pwpol_wipe(c->old, (size_t)PWPOL__HISTORY_MAX * PWPOL_HASH_MAX);
	return stop;
}

enum pwpol_status pwpol_account_export(pwpol_store *s,
                                       int (*fn)(const struct pwpol_export *, void *), void *ctx)
{
	if (!s || !fn)
		return PWPOL_EINVAL;
	if (pwpol__permit(s, PWPOL_PERMISSION_ADMIN_CONTROL, NULL) != PWPOL_OK)
		return PWPOL_NOT_PERMITTED;
	struct export_ctx c = {s, fn, ctx, PWPOL_OK, calloc(PWPOL__HISTORY_MAX, PWPOL_HASH_MAX)};
	if (!c.old)
		return PWPOL_ENOMEM;
	enum pwpol_status st = s->ops->begin(s, 0);
	if (st == PWPOL_OK) {
		st = s->ops->list(s, export_one, &c);
		if (st == PWPOL_OK)
			st = c.st;
		st = pwpol__finish(s, st);
	}
	pwpol_wipe(c.old, (size_t)PWPOL__HISTORY_MAX * PWPOL_HASH_MAX);
	free(c.old);
	return st;
}

/* ---- an account's figure against a standard ---------------------------- */

struct looser_ctx {
	long max;
	int (*fn)(const char *, long, long, void *);
	void *ctx;
};

static int looser_one(const struct pwpol__account *a, void *arg)
{
	struct looser_ctx *c = arg;
	long own = pwpol__aging(a, PWPOL_AGING_MAX_DAYS);
	/* 10000 and above is shadow's "never" (99999 by default): none of
	 * its own, the policy's applies. */
	if (own > c->max && own < PWPOL_AGING_NEVER)
		return c->fn(a->name, own, c->max, c->ctx);
	return 0;
}

enum pwpol_status pwpol_aging_against(pwpol_store *s, const char *standard,
                                      int (*fn)(const char *name, long max_days, long standard_max,
                                                void *ctx),
                                      void *ctx)
{
	if (!s || !standard || !fn || !pwpol__profile_is_standard(standard))
		return PWPOL_EINVAL;
	if (pwpol__permit(s, PWPOL_PERMISSION_ADMIN, NULL) != PWPOL_OK)
		return PWPOL_NOT_PERMITTED;
	pwpol_policy *q = NULL;
	if (pwpol_policy_new(&q, standard) != PWPOL_OK)
		return PWPOL_ENOMEM;
	struct looser_ctx c = {pwpol_policy_get(q, PWPOL_OPT_MAXIMUM_LIFETIME), fn, ctx};
	pwpol_policy_free(q);
	if (c.max <= 0)
		return PWPOL_OK; /* the standard asks for no periodic change */
	enum pwpol_status st = s->ops->begin(s, 0);
	if (st == PWPOL_OK)
		st = pwpol__finish(s, s->ops->list(s, looser_one, &c));
	return st;
}

/* The commit check names this many accounts, then counts the rest. */
#define LOOSER_NAMED 20

struct warn_ctx {
	pwpol_config_errors **errs;
	const char *profile;
	size_t n;
};

static int warn_looser(const char *name, long own, long max, void *arg)
{
	struct warn_ctx *w = arg;
	if (w->n++ < LOOSER_NAMED)
		pwpol__warnings_add(w->errs,
		                    "account %s keeps max-days %ld of its own, above %s's "
		                    "maximum-lifetime %ld: the %ld days apply (the stricter wins); "
		                    "pwpol usermod --max-days %ld %s says so",
		                    name, own, w->profile, max, max, max, name);
	return 0;
}

void pwpol__aging_commit_check(pwpol_store *s, const pwpol_policy *p, pwpol_config_errors **errs)
{
	const char *profile = pwpol_policy_profile(p);
	if (!errs || !profile || !pwpol__profile_is_standard(profile))
		return;
	long max = pwpol_policy_get(p, PWPOL_OPT_MAXIMUM_LIFETIME);
	if (max <= 0)
		return;
	struct warn_ctx w = {errs, profile, 0};
	/* Inside the commit's own transaction: list, not begin. */
	struct looser_ctx c = {max, warn_looser, &w};
	s->ops->list(s, looser_one, &c);
	if (w.n > LOOSER_NAMED)
		pwpol__warnings_add(errs, "and %zu more accounts with max-days above %ld",
		                    w.n - LOOSER_NAMED, max);
}
