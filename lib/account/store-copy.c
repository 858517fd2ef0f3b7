/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * store-copy.c - moving accounts between stores and checking a store:
 * `pwpol store copy` takes an appliance's SQLite file to a fleet's
 * PostgreSQL database (or back), with the fleet's state, `pwpol store check` says whether a store
 * can be trusted. Both work through the store operations only, so they
 * hold for any two backends.
 */
#include "account.h"

#include <stdlib.h>
#include <string.h>

struct copy_ctx {
	pwpol_store *from, *to;
	int merge;
	size_t copied;
	enum pwpol_status st;
};

/* One account and its history, oldest first so that the target's order of
 * generations is the source's. */
static int copy_one(const struct pwpol__account *a, void *arg)
{
	struct copy_ctx *c = arg;
	char old[PWPOL__HISTORY_MAX][PWPOL_HASH_MAX];
	size_t n = 0;
	unsigned count = 0;
	c->st = c->from->ops->history_count(c->from, a->name, &count);
	if (c->st == PWPOL_OK && count > PWPOL__HISTORY_MAX)
		c->st =
		    pwpol__store_fail(c->from, PWPOL_ESYSTEM,
		                      "account %s holds %u earlier hashes, more than pwpol keeps "
		                      "(%d)",
		                      a->name, count, PWPOL__HISTORY_MAX);
	if (c->st == PWPOL_OK)
		c->st = c->from->ops->history_get(c->from, a->name, old, PWPOL__HISTORY_MAX, &n);
	if (c->st == PWPOL_OK && c->merge) {
		c->st = c->to->ops->del(c->to, a->name);
		if (c->st == PWPOL_ENOENT)
			c->st = PWPOL_OK;
	}
	if (c->st == PWPOL_OK)
		c->st = c->to->ops->put(c->to, a);
	for (size_t i = n; c->st == PWPOL_OK && i > 0; i--)
		c->st = c->to->ops->history_push(c->to, a->name, old[i - 1]);
	pwpol__wipe_array(old);
	if (c->st == PWPOL_OK)
		c->copied++;
	return c->st != PWPOL_OK;
}

static int count_commit(const struct pwpol__commit *c, void *arg)
{
	(void)c;
	(*(unsigned *)arg)++;
	return 0;
}

/* The committed configurations go along, oldest first, when the target
 * holds none (the target numbers them afresh; rollback numbers stay). A
 * target that has a configuration of its own keeps it. */
static enum pwpol_status copy_commits(pwpol_store *from, pwpol_store *to)
{
	unsigned have = 0, n = 0;
	enum pwpol_status st = to->ops->config_list(to, count_commit, &have);
	if (st != PWPOL_OK || have)
		return st;
	if ((st = to->ops->config_lock(to)) != PWPOL_OK)
		return st;
	if ((st = from->ops->config_list(from, count_commit, &n)) != PWPOL_OK)
		return st;
	for (unsigned back = n; st == PWPOL_OK && back > 0; back--) {
		struct pwpol__commit c;
		st = from->ops->config_get(from, back - 1, &c);
		if (st == PWPOL_OK) {
			st = to->ops->config_add(to, &c);
			free(c.text);
		}
	}
	return st;
}

struct state_ctx {
	pwpol_store *to;
	enum pwpol_status st;
};

static int copy_state_row(const char *key, const char *value, time_t expires, void *arg)
{
	struct state_ctx *c = arg;
	c->st = c->to->ops->fleet_put(c->to, key, value, expires, 0);
	if (c->st == PWPOL_EEXIST)
		c->st = PWPOL_OK;
	return c->st != PWPOL_OK;
}

/* The fleet's state (its CA with the sealed key, tokens, nodes) goes along
 * when the target has no fleet CA of its own, so that the nodes a
 * conductor enrolled are served by one over the copy (with the same fleet
 * key). A target that has one keeps its fleet. */
static enum pwpol_status copy_fleet_state(pwpol_store *from, pwpol_store *to)
{
	/* A source with no fleet (or of a layout before it: no table, which on
	 * PostgreSQL ends the source's read transaction, its last use here)
	 * leaves the target as it is. */
	char *ca = NULL;
	enum pwpol_status st = from->ops->fleet_get(from, "ca", 0, &ca);
	free(ca);
	if (st != PWPOL_OK) {
		from->err[0] = 0;
		return PWPOL_OK;
	}
	if ((st = to->ops->fleet_get(to, "ca", 0, &ca)) == PWPOL_OK)
		free(ca);
	if (st != PWPOL_ENOENT)
		return st;
	struct state_ctx c = {to, PWPOL_OK};
	st = from->ops->fleet_each(from, "", copy_state_row, &c);
	return st != PWPOL_OK ? st : c.st;
}

static int copy_id(const char *name, unsigned id, time_t given, void *arg)
{
	struct state_ctx *c = arg;
	c->st = c->to->ops->fleet_id_put(c->to, name, id, given);
	if (c->st == PWPOL_EEXIST)
		c->st = PWPOL_OK;
	return c->st != PWPOL_OK;
}

/* The fleet uids go along, each as it was given (a name keeps its uid on
 * every node, and files they own stay theirs); a name or uid the target
 * gave already keeps the target's. */
static enum pwpol_status copy_fleet_ids(pwpol_store *from, pwpol_store *to)
{
	struct state_ctx c = {to, PWPOL_OK};
	enum pwpol_status st = from->ops->fleet_id_each(from, copy_id, &c);
	return st != PWPOL_OK ? st : c.st;
}

static int stop_at_first(const struct pwpol__account *a, void *arg)
{
	(void)a;
	*(int *)arg = 1;
	return 1;
}

enum pwpol_status pwpol_store_copy(pwpol_store *from, pwpol_store *to, int merge, size_t *copied)
{
	if (copied)
		*copied = 0;
	if (!from || !to || from == to)
		return PWPOL_EINVAL;
	from->err[0] = to->err[0] = 0; /* the face prints the one that is set */
	/* A copy reads every hash, which not even viewing shows, and a merge
	 * rewrites accounts: admin-control where it reads and where it
	 * merges (a new, empty target holds nothing to guard). */
	if (pwpol__permit(from, PWPOL_PERMISSION_ADMIN_CONTROL, NULL) != PWPOL_OK) {
		to->err[0] = 0;
		return PWPOL_NOT_PERMITTED;
	}
	if (merge && pwpol__permit(to, PWPOL_PERMISSION_ADMIN_CONTROL, NULL) != PWPOL_OK)
		return PWPOL_NOT_PERMITTED;
	struct copy_ctx c = {from, to, merge, 0, PWPOL_OK};
	/* The source from one moment; the target in one write transaction, so
	 * that a failure half-way leaves it as it was. */
	enum pwpol_status st = from->ops->begin(from, 0);
	if (st != PWPOL_OK)
		return st;
	if ((st = to->ops->begin(to, 1)) != PWPOL_OK) {
		from->ops->rollback(from);
		return st;
	}
	int any = 0;
	st = to->ops->list(to, stop_at_first, &any);
	if (st == PWPOL_OK && any && !merge)
		st = pwpol__store_fail(
		    to, PWPOL_EEXIST, "the target store already holds accounts (--merge to merge)");
	if (st == PWPOL_OK)
		st = from->ops->list(from, copy_one, &c);
	if (st == PWPOL_OK)
		st = c.st;
	if (st == PWPOL_OK)
		st = copy_commits(from, to);
	if (st == PWPOL_OK)
		st = copy_fleet_ids(from, to);
	if (st == PWPOL_OK)
		st = copy_fleet_state(from, to);
	from->ops->rollback(from);
	if (st == PWPOL_OK)
		st = to->ops->commit(to);
	else
		to->ops->rollback(to);
	if (st == PWPOL_OK && copied)
		*copied = c.copied;
	return st;
}

struct check_ctx {
	pwpol_store *s;
	size_t accounts;
	enum pwpol_status st;
};

static int check_one(const struct pwpol__account *a, void *arg)
{
	struct check_ctx *c = arg;
	c->accounts++;
	if (pwpol_hash_identify(a->hash, NULL) != PWPOL_OK) {
		c->st =
		    pwpol__store_fail(c->s, PWPOL_ESYSTEM,
		                      "account %s holds a hash of no format pwpol knows", a->name);
		return 1;
	}
	return 0;
}

enum pwpol_status pwpol_store_check(pwpol_store *s, int *version, size_t *accounts)
{
	int ver = 0;
	if (version)
		*version = 0;
	if (accounts)
		*accounts = 0;
	if (!s)
		return PWPOL_EINVAL;
	/* It counts the accounts and reads their records: viewing. */
	if (pwpol__permit(s, PWPOL_PERMISSION_ADMIN, NULL) != PWPOL_OK)
		return PWPOL_NOT_PERMITTED;
	struct check_ctx c = {s, 0, PWPOL_OK};
	enum pwpol_status st = s->ops->begin(s, 0);
	if (st != PWPOL_OK)
		return st;
	st = s->ops->check(s, &ver);
	if (st == PWPOL_OK)
		st = s->ops->list(s, check_one, &c);
	if (st == PWPOL_OK)
		st = c.st;
	s->ops->rollback(s);
	if (version)
		*version = ver;
	if (accounts)
		*accounts = c.accounts;
	return st;
}
