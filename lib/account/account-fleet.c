/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * account-fleet.c - what the conductor (`pwpol conductor`) asks of a store beyond
 * a login: each account's fleet-wide uid, given once from a range and
 * never given again, and the failed logins a node counted while it could
 * not reach the conductor, counted now as the library counts any; and the
 * fleet's shared state (its CA, tokens and nodes), which every conductor
 * over the store reads, so that one may stand in for another.
 */
#include "account.h"

#include <stdio.h>
#include <string.h>
#include <syslog.h>

#define ID_ATTEMPTS 3

enum pwpol_status pwpol_fleet_id(pwpol_store *s, const char *name, unsigned lo, unsigned hi,
                                 time_t now, unsigned *id)
{
	if (!s || !name || !id || lo == 0 || hi < lo || !pwpol__time_ok(now))
		return PWPOL_EINVAL;
	if (!pwpol__name_ok(name))
		return PWPOL_ENOENT;
	enum pwpol_status st = s->ops->fleet_id_get(s, name, id);
	if (st != PWPOL_ENOENT)
		return st;
	struct pwpol__account a;
	st = pwpol__get(s, name, &a);
	pwpol__wipe_account(&a);
	if (st != PWPOL_OK)
		return st;
	/* Two conductors may give one at once: the store's uniqueness
	 * refuses the second, which then reads the first's. */
	for (int i = 0; i < ID_ATTEMPTS; i++) {
		if ((st = s->ops->begin(s, 1)) != PWPOL_OK)
			return st;
		st = s->ops->fleet_id_get(s, name, id);
		int given = 0;
		if (st == PWPOL_ENOENT) {
			st = s->ops->fleet_id_new(s, name, lo, hi, now, id);
			given = st == PWPOL_OK;
		}
		st = pwpol__finish(s, st);
		if (st == PWPOL_OK) {
			if (given)
				pwpol__audit(LOG_NOTICE, "fleet uid %u given to %s", *id, name);
			return st;
		}
		if (s->ops->fleet_id_get(s, name, id) == PWPOL_OK)
			return PWPOL_OK;
	}
	return st;
}

enum pwpol_status pwpol_fleet_id_name(pwpol_store *s, unsigned id, char *name, size_t len)
{
	if (!s || !name || len == 0)
		return PWPOL_EINVAL;
	return s->ops->fleet_id_name(s, id, name, len);
}

enum pwpol_status pwpol_account_note_failures(pwpol_store *s, const pwpol_policy *p,
                                              const char *name, unsigned n, time_t now)
{
	if (!s || !p || !name || !pwpol__time_ok(now))
		return PWPOL_EINVAL;
	if (!pwpol__name_ok(name))
		return PWPOL_ENOENT;
	for (unsigned k = 0; k < n; k++) {
		struct pwpol__account a;
		enum pwpol_status st = PWPOL__RETRY;
		int locked_now = 0;
		for (int round = 0; round < ACCOUNT_RETRIES && st == PWPOL__RETRY; round++) {
			st = pwpol__get(s, name, &a);
			if (st != PWPOL_OK)
				break;
			/* As a login would be: a disabled or locked account's
			 * refusal counts nothing. */
			if (a.disabled || pwpol__locked(&a, now)) {
				pwpol__wipe_account(&a);
				return PWPOL_OK;
			}
			st = pwpol__count_failure(s, p, &a, now, &locked_now);
			pwpol__wipe_account(&a);
		}
		if (st == PWPOL__RETRY)
			st = pwpol__busy(s);
		if (st != PWPOL_OK)
			return st;
		pwpol__audit(LOG_WARNING, "login failure for %s (counted offline by the node)",
		             name);
		pwpol__audit_lock(p, name, locked_now, "failed logins");
	}
	return PWPOL_OK;
}

/* A key of the fleet's state: printable, no space, not too long. */
static int state_key_ok(const char *key)
{
	size_t n = key ? strlen(key) : 0;
	if (n == 0 || n > 200)
		return 0;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)key[i] <= ' ' || (unsigned char)key[i] >= 0x7f)
			return 0;
	return 1;
}

enum pwpol_status pwpol_fleet_state_get(pwpol_store *s, const char *key, time_t now, char **value)
{
	if (!s || !value || !state_key_ok(key))
		return PWPOL_EINVAL;
	*value = NULL;
	return s->ops->fleet_get(s, key, now, value);
}

enum pwpol_status pwpol_fleet_state_put(pwpol_store *s, const char *key, const char *value,
                                        time_t expires, int replace)
{
	if (!s || !value || !state_key_ok(key) || expires < 0)
		return PWPOL_EINVAL;
	return s->ops->fleet_put(s, key, value, expires, replace);
}

enum pwpol_status pwpol_fleet_state_take(pwpol_store *s, const char *key, time_t now)
{
	if (!s || !state_key_ok(key))
		return PWPOL_EINVAL;
	return s->ops->fleet_take(s, key, now);
}

enum pwpol_status pwpol_fleet_state_each(pwpol_store *s, const char *prefix,
                                         int (*fn)(const char *key, const char *value,
                                                   time_t expires, void *ctx),
                                         void *ctx)
{
	if (!s || !prefix || !fn)
		return PWPOL_EINVAL;
	return s->ops->fleet_each(s, prefix, fn, ctx);
}
