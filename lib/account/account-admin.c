/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * account-admin.c - what an administrator does to accounts: init (admin,
 * root and t128 together), add, delete, unlock, reset, and the account
 * state shown to a person (info, each, the names of states and reasons).
 *
 * Decisions:
 * - init refuses (EEXIST) when admin, root or t128 exists; forced, it is a
 *   change of each that exists: the current password proved, no lock, the
 *   reuse history and minimum-character-changes applied, the old hashes
 *   pushed into the history.
 * - A password an administrator sets for another account (add, reset) is
 *   temporary: the next login succeeds only into a forced change.
 * - A reset checks quality and the reuse history (a reset to a recent
 *   password is refused), is not held by minimum-lifetime, and clears a
 *   lock and the failure count: the new password is a fresh start.
 */
#include "account.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <syslog.h>

/* " by WHO" after an administrative event (two printf arguments): the
 * acting account, or the process's real user (pwpol__by_actor). */
#define BY(s) "", pwpol__by_actor(s)

/* Every system account: bit i for pwpol__system_accounts[i]. */
#define ALL_SYSTEM ((1u << SYSTEM_ACCOUNTS) - 1)

/* The new password for each system account in `set`: quality for its name
 * (minimum-character-changes against old when given) and, for those that
 * exist (a and existed may be NULL: none does), not one it held. Into r,
 * each rule once, naming the accounts that break it when not all do. */
static enum pwpol_status judge_set(pwpol_store *s, const pwpol_policy *p,
                                   const struct pwpol__account *a, const int *existed, unsigned set,
                                   const struct pwpol_secret *sec, const char *old, size_t oldlen,
                                   pwpol_report *r)
{
	if (!sec->pw)
		return PWPOL_OK; /* a ready hash: its password cannot be checked */
	pwpol_report each[SYSTEM_ACCOUNTS];
	memset(each, 0, sizeof each);
	for (size_t i = 0; i < SYSTEM_ACCOUNTS; i++) {
		if (!(set & 1u << i))
			continue;
		enum pwpol_status st = pwpol__check_quality(
		    p, sec->pw, sec->len, pwpol__system_accounts[i], old, oldlen, &each[i]);
		if (st == PWPOL_EINVAL || st == PWPOL_ENOMEM) {
			pwpol_report_clear(r);
			pwpol__report_merge(r, &each[i]);
			return st;
		}
		if (existed && existed[i] &&
		    pwpol__check_reuse(s, p, &a[i], sec->pw, sec->len, &each[i]) == PWPOL_ESYSTEM)
			return PWPOL_ESYSTEM;
	}
	pwpol__report_merge_system(r, each, set);
	return pwpol__report_has_error(r) ? PWPOL_REJECTED : PWPOL_OK;
}

/* A forced init is a change of each account that exists: the current
 * password proved on admin (or the first that exists), no lock, and each
 * account's reuse history. */
static enum pwpol_status judge_force(pwpol_store *s, const pwpol_policy *p,
                                     const struct pwpol__account *a, const int *existed,
                                     const struct pwpol_secret *sec,
                                     const struct pwpol_init_opts *o, time_t now, pwpol_report *r)
{
	size_t k = 0;
	while (!existed[k])
		k++;
	enum pwpol_status v =
	    o->old ? pwpol__verify_password(o->old, o->oldlen, a[k].hash) : PWPOL_REJECTED;
	for (size_t i = 0; i < SYSTEM_ACCOUNTS; i++)
		if (existed[i] && pwpol__locked(&a[i], now)) {
			pwpol__refusal(s, p, "locked", NULL, 0, NULL);
			return PWPOL_LOCKED;
		}
	if (v == PWPOL_ENOMEM)
		return v;
	if (v != PWPOL_OK) {
		int locked_now = 0;
		enum pwpol_status st = PWPOL_REJECTED;
		if (o->old && pwpol__login_input_ok(o->old, o->oldlen))
			st = pwpol__count_failure(s, p, &a[k], now, &locked_now);
		pwpol__audit_lock(p, a[k].name, locked_now,
		                  "failures, the last a wrong current password");
		return st == PWPOL_OK ? PWPOL_REJECTED : st;
	}
	return judge_set(s, p, a, existed, ALL_SYSTEM, sec, o->old, o->oldlen, r);
}

/* Association over the factory default: the system accounts that still
 * hold it and those that do not exist; 0 when none that exists holds it. */
static unsigned factory_set(const struct pwpol__account *a, const int *existed)
{
	unsigned set = 0, factory = 0;
	for (size_t i = 0; i < SYSTEM_ACCOUNTS; i++) {
		if (!existed[i])
			set |= 1u << i;
		else if (a[i].flags & PWPOL_ACCOUNT_FACTORY_DEFAULT)
			factory |= 1u << i;
	}
	return factory ? set | factory : 0;
}

/* Under the write lock: the records are still those judged, then the new
 * hash for each (the old one to the history where it existed). */
static enum pwpol_status write_init(pwpol_store *s, const pwpol_policy *p,
                                    const struct pwpol__account *was, const int *existed,
                                    unsigned set, char (*hash)[PWPOL_HASH_MAX], unsigned flags,
                                    time_t now)
{
	enum pwpol_status st = s->ops->begin(s, 1);
	if (st != PWPOL_OK)
		return st;
	struct pwpol__account a;
	memset(&a, 0, sizeof a);
	for (size_t i = 0; i < SYSTEM_ACCOUNTS && st == PWPOL_OK; i++) {
		if (!(set & 1u << i))
			continue;
		st = pwpol__get(s, pwpol__system_accounts[i], &a);
		if (st == PWPOL_OK && (!existed[i] || strcmp(a.hash, was[i].hash) != 0))
			st = PWPOL__RETRY;
		else if (st == PWPOL_ENOENT && existed[i])
			st = PWPOL__RETRY;
		else if (st == PWPOL_ENOENT) {
			memset(&a, 0, sizeof a);
			snprintf(a.name, sizeof a.name, "%s", pwpol__system_accounts[i]);
			snprintf(a.class_name, sizeof a.class_name, "%s",
			         pwpol__initial_class(a.name));
			st = PWPOL_OK;
		}
		if (st == PWPOL_OK)
			st = pwpol__store_new_hash(s, p, &a, hash[i], flags, now, existed[i]);
	}
	pwpol__wipe_account(&a);
	return pwpol__finish_retry(s, st);
}

enum pwpol_status pwpol_account_init_with(pwpol_store *s, const pwpol_policy *p,
                                          const struct pwpol_secret *sec,
                                          const struct pwpol_init_opts *o, time_t now,
                                          pwpol_report *r)
{
	pwpol_report local = {0};
	if (!r)
		r = &local;
	pwpol_report_clear(r);
	struct pwpol_secret sb; /* the caller's, as this library's layout */
	struct pwpol_init_opts ob;
	if (!s || !p || PWPOL__IN(&sb, sec) != PWPOL_OK || PWPOL__IN(&ob, o) != PWPOL_OK ||
	    (!sb.pw && !sb.hash) || !pwpol__time_ok(now) ||
	    ((ob.flags & PWPOL_INIT_SHA512) &&
	     (!sb.pw || !ob.hash_out || ob.hash_outlen < PWPOL_HASH_MAX)))
		return PWPOL_EINVAL;
	sec = &sb;
	o = &ob;
	if (pwpol__permit(s, PWPOL_PERMISSION_ADMIN_CONTROL, NULL) != PWPOL_OK)
		return PWPOL_NOT_PERMITTED;
	struct pwpol__account a[SYSTEM_ACCOUNTS];
	char hash[SYSTEM_ACCOUNTS][PWPOL_HASH_MAX];
	memset(a, 0, sizeof a);
	memset(hash, 0, sizeof hash);
	enum pwpol_status st = PWPOL__RETRY;
	int forced = 0;
	unsigned set = ALL_SYSTEM;
	s->notice[0] = '\0';
	for (int attempt = 0; attempt < ACCOUNT_RETRIES && st == PWPOL__RETRY; attempt++) {
		pwpol_report_clear(r);
		int existed[SYSTEM_ACCOUNTS] = {0}, any = 0;
		st = PWPOL_OK;
		for (size_t i = 0; i < SYSTEM_ACCOUNTS && st == PWPOL_OK; i++) {
			st = pwpol__get(s, pwpol__system_accounts[i], &a[i]);
			existed[i] = st == PWPOL_OK;
			any |= existed[i];
			if (st == PWPOL_ENOENT)
				st = PWPOL_OK;
		}
		if (st != PWPOL_OK)
			break;
		int over_factory = any && !(o->flags & PWPOL_INIT_FORCE) &&
		                   (o->flags & PWPOL_INIT_OVER_FACTORY_DEFAULT) &&
		                   factory_set(a, existed) != 0;
		if (any && !(o->flags & PWPOL_INIT_FORCE) && !over_factory) {
			st = PWPOL_EEXIST;
			break;
		}
		forced = any;
		set = over_factory ? factory_set(a, existed) : ALL_SYSTEM;
		if (over_factory)
			st = judge_set(s, p, a, existed, set, sec, NULL, 0, r);
		else
			st = any ? judge_force(s, p, a, existed, sec, o, now, r)
			         : judge_set(s, p, NULL, NULL, ALL_SYSTEM, sec, NULL, 0, r);
		if (st != PWPOL_OK)
			continue; /* again only for PWPOL__RETRY */
		if (o->flags & PWPOL_INIT_SHA512) {
			/* One pre-salted hash for the three, to be given to others. */
			st = pwpol__hash_password(PWPOL_FORMAT_SHA512, sec->pw, sec->len, hash[0]);
			memcpy(hash[1], hash[0], PWPOL_HASH_MAX);
			memcpy(hash[2], hash[0], PWPOL_HASH_MAX);
		} else {
			for (size_t i = 0; i < SYSTEM_ACCOUNTS && st == PWPOL_OK; i++)
				st = pwpol__make_hash(p, sec, hash[i]);
		}
		if (st == PWPOL_OK)
			st = write_init(s, p, a, existed, set, hash,
			                o->flags & PWPOL_INIT_FACTORY_DEFAULT
			                    ? PWPOL_ACCOUNT_FACTORY_DEFAULT
			                    : 0,
			                now);
	}
	if (st == PWPOL_OK && (o->flags & PWPOL_INIT_SHA512))
		snprintf(o->hash_out, o->hash_outlen, "%s", hash[0]);
	for (size_t i = 0; i < SYSTEM_ACCOUNTS; i++)
		pwpol__wipe_account(&a[i]);
	pwpol__wipe_array(hash);
	if (st == PWPOL__RETRY)
		return pwpol__busy(s);
	if (st == PWPOL_OK && set != ALL_SYSTEM)
		snprintf(s->notice, sizeof s->notice,
		         "%s kept %s own password: only the system accounts still on the factory "
		         "default were set (%s)",
		         pwpol__system_names(ALL_SYSTEM & ~set),
		         (ALL_SYSTEM & ~set) & ((ALL_SYSTEM & ~set) - 1) ? "their" : "its",
		         pwpol__system_names(set));
	if (st == PWPOL_OK)
		pwpol__audit(LOG_NOTICE, "accounts %s %s%s%s%s",
		             set == ALL_SYSTEM ? "admin, root and t128" : pwpol__system_names(set),
		             !forced                       ? "initialised"
		             : o->flags & PWPOL_INIT_FORCE ? "re-set (init --force)"
		                                           : "set over the factory default",
		             o->flags & PWPOL_INIT_FACTORY_DEFAULT
		                 ? " with the factory default password"
		                 : "",
		             BY(s));
	else if (st == PWPOL_REJECTED && forced && !r->n)
		pwpol__audit(LOG_WARNING, "init --force refused: wrong current password");
	else if (st == PWPOL_LOCKED)
		pwpol__audit(LOG_WARNING, "init --force refused: a system account is locked");
	return st;
}

enum pwpol_status pwpol_system_check(const pwpol_policy *p, const char *pw, size_t len,
                                     pwpol_report *r)
{
	pwpol_report local = {0};
	if (!r)
		r = &local;
	pwpol_report_clear(r);
	if (!p || !pw)
		return PWPOL_EINVAL;
	return judge_set(NULL, p, NULL, NULL, ALL_SYSTEM,
	                 &(struct pwpol_secret)PWPOL_SECRET_INIT(.pw = pw, .len = len), NULL, 0, r);
}

const char *pwpol_root_note(void)
{
	/* The SSR's note on root, in our words (ssr-password-security.md);
	 * the web translates it. */
	return N_("Do not use root for daily work: write its password down and keep it safe, "
	          "away from this machine; it is how the admin account is recovered.");
}

const char *pwpol_system_account(size_t i)
{
	return i < SYSTEM_ACCOUNTS ? pwpol__system_accounts[i] : NULL;
}

enum pwpol_status pwpol_system_state(pwpol_store *s, enum pwpol_system_state *out)
{
	if (!s || !out)
		return PWPOL_EINVAL;
	/* One read transaction: the three from the same moment. */
	enum pwpol_status st = s->ops->begin(s, 0);
	if (st != PWPOL_OK)
		return st;
	int any = 0, factory = 0;
	for (size_t i = 0; i < SYSTEM_ACCOUNTS && st == PWPOL_OK; i++) {
		struct pwpol__account a;
		st = pwpol__get(s, pwpol__system_accounts[i], &a);
		if (st == PWPOL_OK) {
			any = 1;
			factory |= (a.flags & PWPOL_ACCOUNT_FACTORY_DEFAULT) != 0;
		} else if (st == PWPOL_ENOENT) {
			st = PWPOL_OK;
		}
		pwpol__wipe_account(&a);
	}
	st = pwpol__finish(s, st);
	if (st == PWPOL_OK)
		*out = factory ? PWPOL_SYSTEM_FACTORY : any ? PWPOL_SYSTEM_SET : PWPOL_SYSTEM_UNSET;
	return st;
}

enum pwpol_status pwpol_account_init(pwpol_store *s, const pwpol_policy *p,
                                     const struct pwpol_secret *sec, int factory_default,
                                     time_t now, pwpol_report *r)
{
	struct pwpol_init_opts o =
	    PWPOL_INIT_OPTS_INIT(.flags = factory_default ? PWPOL_INIT_FACTORY_DEFAULT : 0);
	return pwpol_account_init_with(s, p, sec, &o, now, r);
}

/* A new account with this hash, set at `changed`: EEXIST when the name was
 * taken meanwhile (checked again under the write lock). */
static enum pwpol_status create(pwpol_store *s, const pwpol_policy *p, const char *name,
                                const char *hash, unsigned flags, time_t changed)
{
	struct pwpol__account a, b;
	memset(&a, 0, sizeof a);
	snprintf(a.name, sizeof a.name, "%s", name);
	snprintf(a.class_name, sizeof a.class_name, "%s", pwpol__initial_class(name));
	enum pwpol_status st = s->ops->begin(s, 1);
	if (st != PWPOL_OK)
		return st;
	st = pwpol__get(s, name, &b);
	pwpol__wipe_account(&b);
	if (st == PWPOL_OK)
		st = PWPOL_EEXIST;
	else if (st == PWPOL_ENOENT)
		st = pwpol__store_new_hash(s, p, &a, hash, flags, changed, 0);
	st = pwpol__finish(s, st);
	pwpol__wipe_account(&a);
	return st;
}

struct case_ctx {
	const char *name;
	int found;
};

static int same_but_case(const struct pwpol__account *a, void *arg)
{
	struct case_ctx *c = arg;
	if (strcasecmp(a->name, c->name) == 0 && strcmp(a->name, c->name) != 0)
		c->found = 1;
	return c->found;
}

enum pwpol_status pwpol_account_add(pwpol_store *s, const pwpol_policy *p, const char *name,
                                    const struct pwpol_secret *sec, time_t now, pwpol_report *r)
{
	pwpol_report local = {0}, pr = {0};
	if (!r)
		r = &local;
	pwpol_report_clear(r);
	struct pwpol_secret sb; /* the caller's, as this library's layout */
	if (!s || !p || PWPOL__IN(&sb, sec) != PWPOL_OK || (!sb.pw && !sb.hash) || !name ||
	    !pwpol__time_ok(now))
		return PWPOL_EINVAL;
	sec = &sb;
	if (pwpol__permit(s, PWPOL_PERMISSION_ADMIN_CONTROL, NULL) != PWPOL_OK)
		return PWPOL_NOT_PERMITTED;
	enum pwpol_status st = pwpol_username_check(name, r);
	if (st != PWPOL_OK)
		return st;
	if (!pwpol__name_ok(name))
		return PWPOL_EINVAL;
	struct pwpol__account a;
	st = pwpol__get(s, name, &a);
	pwpol__wipe_account(&a);
	if (st == PWPOL_OK)
		return PWPOL_EEXIST;
	if (st != PWPOL_ENOENT)
		return st;
	/* `Alice` beside `alice`: one person, two accounts, two lockouts. */
	struct case_ctx cc = {name, 0};
	if ((st = s->ops->list(s, same_but_case, &cc)) != PWPOL_OK)
		return st;
	if (cc.found) {
		pwpol__report_add(r, PWPOL_RULE_USERNAME_CASE, PWPOL_SEVERITY_ERROR, -1, -1);
		return PWPOL_REJECTED;
	}
	if (sec->pw) {
		st = pwpol__check_quality(p, sec->pw, sec->len, name, NULL, 0, &pr);
		pwpol__report_merge(r, &pr);
		if (st != PWPOL_OK)
			return st;
	}
	char hash[PWPOL_HASH_MAX];
	if ((st = pwpol__make_hash(p, sec, hash)) != PWPOL_OK)
		return st;
	st = create(s, p, name, hash, PWPOL_ACCOUNT_TEMPORARY, now);
	pwpol__wipe_array(hash);
	if (st == PWPOL_OK)
		pwpol__audit(LOG_NOTICE, "account %s added with a temporary password%s%s", name,
		             BY(s));
	pwpol__audit_acct(PWPOL__AUDIT_ADD_USER, "add-user", name, st == PWPOL_OK);
	return st;
}

enum pwpol_status pwpol_account_import(pwpol_store *s, const pwpol_policy *p, const char *name,
                                       const char *hash, time_t changed, time_t now,
                                       pwpol_report *r)
{
	pwpol_report local = {0};
	if (!r)
		r = &local;
	pwpol_report_clear(r);
	if (!s || !p || !name || !hash || !pwpol__time_ok(now) || !pwpol__time_ok(changed))
		return PWPOL_EINVAL;
	if (pwpol__permit(s, PWPOL_PERMISSION_ADMIN_CONTROL, NULL) != PWPOL_OK)
		return PWPOL_NOT_PERMITTED;
	enum pwpol_status st = pwpol_username_check(name, r);
	if (st != PWPOL_OK)
		return st;
	if (!pwpol__name_ok(name) || pwpol_hash_import_check(hash, NULL, 0) != PWPOL_OK)
		return PWPOL_EINVAL;
	st = create(s, p, name, hash, 0, changed);
	if (st == PWPOL_OK)
		pwpol__audit(LOG_NOTICE, "account %s imported%s%s", name, BY(s));
	pwpol__audit_acct(PWPOL__AUDIT_ADD_USER, "add-user", name, st == PWPOL_OK);
	return st;
}

/* ---- the last account that may administer ------------------------------- */

static int holds_control(const pwpol_policy *p, const struct pwpol__account *a)
{
	unsigned perms = 0;
	return !a->disabled && pwpol_class_permissions(p, a->class_name, &perms) == PWPOL_OK &&
	       (perms & PWPOL_PERMISSION_ADMIN_CONTROL);
}

struct keeper_ctx {
	const pwpol_policy *p;
	const char *skip;
	int found;
};

static int other_keeper(const struct pwpol__account *a, void *arg)
{
	struct keeper_ctx *c = arg;
	if (strcmp(a->name, c->skip) != 0 && holds_control(c->p, a))
		c->found = 1;
	return c->found;
}

/* Inside the write transaction: REJECTED, with the sentence, when `before`
 * is the last enabled account that holds admin-control and `after` (NULL:
 * deleted) would not hold it: no one could administer the accounts again,
 * nor undo this, short of the store file. */
static enum pwpol_status keep_last_control(pwpol_store *s, const pwpol_policy *p,
                                           const struct pwpol__account *before,
                                           const struct pwpol__account *after, const char *doing)
{
	if (!holds_control(p, before) || (after && holds_control(p, after)))
		return PWPOL_OK;
	struct keeper_ctx c = {p, before->name, 0};
	enum pwpol_status st = s->ops->list(s, other_keeper, &c);
	if (st != PWPOL_OK || c.found)
		return st;
	return pwpol__store_fail(s, PWPOL_REJECTED,
	                         "%s is the last enabled account that holds admin-control: "
	                         "%s would leave no account that can administer the "
	                         "accounts; give admin-control to another enabled account first",
	                         before->name, doing);
}

enum pwpol_status pwpol_account_delete(pwpol_store *s, const pwpol_policy *p, const char *name,
                                       time_t now)
{
	(void)now;
	if (!s || !p || !name)
		return PWPOL_EINVAL;
	if (pwpol__permit(s, PWPOL_PERMISSION_ADMIN_CONTROL, NULL) != PWPOL_OK)
		return PWPOL_NOT_PERMITTED;
	if (pwpol__system_index(name) >= 0)
		return pwpol__store_fail(s, PWPOL_EINVAL,
		                         "%s is a system account (admin, root, t128): it cannot "
		                         "be deleted",
		                         name);
	if (!pwpol__name_ok(name))
		return PWPOL_ENOENT;
	enum pwpol_status st = s->ops->begin(s, 1);
	if (st != PWPOL_OK)
		return st;
	struct pwpol__account a;
	st = pwpol__get(s, name, &a);
	if (st == PWPOL_OK)
		st = keep_last_control(s, p, &a, NULL, "deleting it");
	pwpol__wipe_account(&a);
	if (st == PWPOL_OK)
		st = s->ops->del(s, name);
	st = pwpol__finish(s, st);
	if (st == PWPOL_OK)
		pwpol__audit(LOG_NOTICE, "account %s deleted%s%s", name, BY(s));
	pwpol__audit_acct(PWPOL__AUDIT_DEL_USER, "delete-user", name, st == PWPOL_OK);
	return st;
}

/* Changes one field of a record under the write lock (unlock, enable,
 * class); with p, not the last enabled account's admin-control (doing:
 * what for the sentence). */
static enum pwpol_status update(pwpol_store *s, const pwpol_policy *p, const char *name,
                                void (*edit)(struct pwpol__account *, const void *),
                                const void *arg, const char *doing)
{
	if (!pwpol__name_ok(name))
		return PWPOL_ENOENT;
	struct pwpol__account a, before;
	enum pwpol_status st = s->ops->begin(s, 1);
	if (st != PWPOL_OK)
		return st;
	st = pwpol__get(s, name, &a);
	if (st == PWPOL_OK) {
		before = a;
		edit(&a, arg);
		if (p)
			st = keep_last_control(s, p, &before, &a, doing);
		pwpol__wipe_account(&before);
	}
	if (st == PWPOL_OK)
		st = s->ops->put(s, &a);
	st = pwpol__finish(s, st);
	pwpol__wipe_account(&a);
	return st;
}

static void edit_unlocked(struct pwpol__account *a, const void *arg)
{
	(void)arg;
	a->failures = 0;
	a->locked_until = 0;
}

enum pwpol_status pwpol_account_unlock(pwpol_store *s, const char *name, time_t now)
{
	(void)now;
	if (!s || !name)
		return PWPOL_EINVAL;
	if (pwpol__permit(s, PWPOL_PERMISSION_ADMIN_CONTROL, NULL) != PWPOL_OK)
		return PWPOL_NOT_PERMITTED;
	enum pwpol_status st = update(s, NULL, name, edit_unlocked, NULL, NULL);
	if (st == PWPOL_OK)
		pwpol__audit(LOG_NOTICE, "account %s unlocked%s%s", name, BY(s));
	pwpol__audit_acct(PWPOL__AUDIT_ACCT_UNLOCK, "unlock-user", name, st == PWPOL_OK);
	return st;
}

static void edit_enabled(struct pwpol__account *a, const void *arg)
{
	a->disabled = !*(const int *)arg;
}

enum pwpol_status pwpol_account_set_enabled(pwpol_store *s, const pwpol_policy *p, const char *name,
                                            int enabled, time_t now)
{
	(void)now;
	if (!s || !p || !name)
		return PWPOL_EINVAL;
	if (pwpol__permit(s, PWPOL_PERMISSION_ADMIN_CONTROL, NULL) != PWPOL_OK)
		return PWPOL_NOT_PERMITTED;
	enum pwpol_status st = update(s, p, name, edit_enabled, &enabled, "disabling it");
	if (st == PWPOL_OK)
		pwpol__audit(LOG_NOTICE, "account %s %s%s%s", name,
		             enabled ? "enabled" : "disabled", BY(s));
	pwpol__audit_acct(enabled ? PWPOL__AUDIT_ACCT_UNLOCK : PWPOL__AUDIT_ACCT_LOCK,
	                  enabled ? "enable-user" : "disable-user", name, st == PWPOL_OK);
	return st;
}

static void edit_class(struct pwpol__account *a, const void *arg)
{
	snprintf(a->class_name, sizeof a->class_name, "%s", (const char *)arg);
}

enum pwpol_status pwpol_account_set_class(pwpol_store *s, const pwpol_policy *p, const char *name,
                                          const char *cls, time_t now)
{
	(void)now;
	unsigned perms;
	if (!s || !p || !name || !cls)
		return PWPOL_EINVAL;
	if (pwpol__permit(s, PWPOL_PERMISSION_ADMIN_CONTROL, NULL) != PWPOL_OK)
		return PWPOL_NOT_PERMITTED;
	if (strlen(cls) >= PWPOL_CLASS_NAME_MAX ||
	    pwpol_class_permissions(p, cls, &perms) != PWPOL_OK)
		return pwpol__store_fail(
		    s, PWPOL_EINVAL,
		    "class %s: no such class (super-user, operator, read-only, "
		    "unauthorized, or one the configuration defines)",
		    cls);
	enum pwpol_status st = update(s, p, name, edit_class, cls, "taking admin-control from it");
	if (st == PWPOL_OK)
		pwpol__audit(LOG_NOTICE, "account %s given class %s%s%s", name, cls, BY(s));
	pwpol__audit_acct(PWPOL__AUDIT_ROLE_ASSIGN, "change-class", name, st == PWPOL_OK);
	return st;
}

/* The checks of a reset's new password on the record `a` (into r). */
static enum pwpol_status judge_reset(pwpol_store *s, const pwpol_policy *p,
                                     const struct pwpol__account *a, const struct pwpol_secret *sec,
                                     pwpol_report *r)
{
	if (!sec->pw)
		return PWPOL_OK; /* a ready hash: its password cannot be checked */
	enum pwpol_status st = pwpol__check_quality(p, sec->pw, sec->len, a->name, NULL, 0, r);
	if (st == PWPOL_EINVAL || st == PWPOL_ENOMEM)
		return st;
	if (pwpol__check_reuse(s, p, a, sec->pw, sec->len, r) == PWPOL_ESYSTEM)
		return PWPOL_ESYSTEM;
	return pwpol__report_has_error(r) ? PWPOL_REJECTED : PWPOL_OK;
}

enum pwpol_status pwpol_account_reset(pwpol_store *s, const pwpol_policy *p, const char *name,
                                      const struct pwpol_secret *sec, time_t now, pwpol_report *r)
{
	pwpol_report local = {0};
	if (!r)
		r = &local;
	pwpol_report_clear(r);
	struct pwpol_secret sb; /* the caller's, as this library's layout */
	if (!s || !p || PWPOL__IN(&sb, sec) != PWPOL_OK || (!sb.pw && !sb.hash) || !name ||
	    !pwpol__time_ok(now))
		return PWPOL_EINVAL;
	sec = &sb;
	if (pwpol__permit(s, PWPOL_PERMISSION_ADMIN_CONTROL, NULL) != PWPOL_OK)
		return PWPOL_NOT_PERMITTED;
	if (!pwpol__name_ok(name))
		return PWPOL_ENOENT;
	struct pwpol__account a;
	memset(&a, 0, sizeof a);
	char hash[PWPOL_HASH_MAX] = "";
	enum pwpol_status st = PWPOL_OK;
	for (int attempt = 0; attempt < ACCOUNT_RETRIES; attempt++) {
		pwpol_report_clear(r);
		st = pwpol__get(s, name, &a);
		if (st == PWPOL_OK)
			st = judge_reset(s, p, &a, sec, r);
		if (st == PWPOL_OK)
			st = pwpol__make_hash(p, sec, hash);
		if (st == PWPOL_OK)
			st = pwpol__commit_change(s, p, &a, hash, PWPOL_ACCOUNT_TEMPORARY, now, 0);
		if (st != PWPOL__RETRY)
			break;
	}
	pwpol__wipe_account(&a);
	pwpol__wipe_array(hash);
	if (st == PWPOL__RETRY)
		return pwpol__busy(s);
	if (st == PWPOL_OK)
		pwpol__audit(LOG_NOTICE, "password of %s reset by an administrator (temporary)%s%s",
		             name, BY(s));
	else if (st == PWPOL_REJECTED)
		pwpol__audit(LOG_NOTICE, "password reset of %s refused by the policy%s%s", name,
		             BY(s));
	pwpol__audit_acct(PWPOL__AUDIT_USER_CHAUTHTOK, "reset-password", name, st == PWPOL_OK);
	return st;
}

static enum pwpol_status fill_info(pwpol_store *s, const pwpol_policy *p,
                                   const struct pwpol__account *a, time_t now,
                                   struct pwpol_account_info *out)
{
	memset(out, 0, sizeof *out);
	out->size = sizeof *out;
	snprintf(out->name, sizeof out->name, "%s", a->name);
	out->flags = a->flags;
	out->changed = a->changed;
	snprintf(out->account_class, sizeof out->account_class, "%s", a->class_name);
	out->disabled = a->disabled != 0;
	time_t expires = pwpol__expires(p, a);
	out->expires = expires != PWPOL__NO_TIMESTAMP ? expires : 0;
	out->expired = pwpol__expired(p, a, now);
	pwpol__aging_out(a, &out->aging);
	out->min_days = pwpol__min_days(p, a);
	long warn = pwpol__aging(a, PWPOL_AGING_WARN_DAYS);
	out->warn_days = warn >= 0 ? warn : pwpol_policy_get(p, PWPOL_OPT_WARNING_DAYS);
	out->inactive_from = pwpol__inactive_from(p, a);
	out->account_expired = pwpol__account_expired(p, a, now);
	out->adopted = a->adopted;
	out->reason = pwpol__change_reason(p, a, now);
	/* A lock that has run out is no lock, and its count restarts. */
	int locked = pwpol__locked(a, now);
	/* Failures older than failure-interval no longer count either; while
	 * locked the count that locked stands. */
	int aged = !locked && (a->locked_until || pwpol__failures_stale(p, a, now));
	out->failures = aged ? 0 : a->failures;
	out->locked_until = locked ? a->locked_until : 0;
	pwpol_hash_identify(a->hash, &out->format);
	return s->ops->history_count(s, a->name, &out->history);
}

/* pwpol_account_info into the library's own layout; the caller's `out`
 * is written once, at the end, as far as its size says. */
static enum pwpol_status get_info(pwpol_store *s, const pwpol_policy *p, const char *name,
                                  time_t now, const struct pwpol_account_info *out,
                                  struct pwpol_account_info *info)
{
	if (!s || !p || !name || !pwpol__struct_ok(out) || !pwpol__time_ok(now))
		return PWPOL_EINVAL;
	if (pwpol__permit(s, PWPOL_PERMISSION_ADMIN, name) != PWPOL_OK)
		return PWPOL_NOT_PERMITTED;
	if (!pwpol__name_ok(name))
		return PWPOL_ENOENT;
	struct pwpol__account a;
	enum pwpol_status st = pwpol__get(s, name, &a);
	if (st == PWPOL_OK)
		st = fill_info(s, p, &a, now, info);
	pwpol__wipe_account(&a);
	return st;
}

enum pwpol_status pwpol_account_info(pwpol_store *s, const pwpol_policy *p, const char *name,
                                     time_t now, struct pwpol_account_info *out)
{
	struct pwpol_account_info info;
	enum pwpol_status st = get_info(s, p, name, now, out, &info);
	return st == PWPOL_OK ? PWPOL__OUT(out, &info) : st;
}

enum pwpol_status pwpol_account_admission(pwpol_store *s, const pwpol_policy *p, const char *name,
                                          time_t now, struct pwpol_account_info *info,
                                          enum pwpol_admission *verdict)
{
	if (!verdict)
		return PWPOL_EINVAL;
	*verdict = PWPOL_REFUSE_DISABLED; /* what a caller that ignores st gets */
	struct pwpol_account_info a;
	enum pwpol_status st = get_info(s, p, name, now, info, &a);
	if (st != PWPOL_OK)
		return st;
	if (a.disabled)
		*verdict = PWPOL_REFUSE_DISABLED;
	else if (a.account_expired)
		*verdict = PWPOL_REFUSE_EXPIRED;
	else if (a.locked_until)
		*verdict = PWPOL_REFUSE_LOCKED;
	else if (a.reason != PWPOL_REASON_NONE)
		*verdict = PWPOL_ADMIT_AFTER_CHANGE;
	else
		*verdict = PWPOL_ADMIT;
	return PWPOL__OUT(info, &a);
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
	if (!s || !p || !fn || !pwpol__time_ok(now))
		return PWPOL_EINVAL;
	if (pwpol__permit(s, PWPOL_PERMISSION_ADMIN, NULL) != PWPOL_OK)
		return PWPOL_NOT_PERMITTED;
	struct each_ctx c = {s, p, now, fn, ctx, PWPOL_OK};
	/* One read transaction: every account from the same moment. */
	enum pwpol_status st = s->ops->begin(s, 0);
	if (st != PWPOL_OK)
		return st;
	st = s->ops->list(s, each_one, &c);
	if (st == PWPOL_OK)
		st = c.st;
	return pwpol__finish(s, st);
}
