/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * token.c - API tokens: the secret a script sends (HTTP Authorization:
 * Bearer) to act as one account, with that account's class, without a
 * browser or a password. A token is 256 random bits, shown once when made;
 * the store keeps only its SHA-256 (a token is as strong as a key, so a
 * slow hash would add nothing but the time of every request), one per
 * account, gone with the account. Whoever may reset an account's password
 * (admin-control) may give it a token: it could act as the account
 * already. An account without admin-control makes none, not even its own:
 * acting on oneself needs no permission only to view (permit.c).
 */
#include "account.h"

#include <nettle/sha2.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <syslog.h>

#define TOKEN_PREFIX "pwpol_"

/* The digest as hex; 0 when nettle cannot be loaded. */
static int digest_hex(const char *token, size_t len, char out[PWPOL_TOKEN_HASH_HEX + 1])
{
	const struct pwpol__nettle *n = pwpol__nettle();
	out[0] = 0;
	if (!n)
		return 0;
	struct sha256_ctx ctx;
	uint8_t d[SHA256_DIGEST_SIZE];
	n->sha_init(&ctx);
	n->sha_update(&ctx, len, (const uint8_t *)token);
	n->sha_digest(&ctx, sizeof d, d);
	for (size_t i = 0; i < sizeof d; i++)
		snprintf(out + 2 * i, 3, "%02x", d[i]);
	pwpol_wipe(&ctx, sizeof ctx);
	pwpol_wipe(d, sizeof d);
	return 1;
}

enum pwpol_status pwpol_token_add(pwpol_store *s, const char *account, time_t now, char *token,
                                  size_t cap)
{
	if (!s || !account || !token || cap < PWPOL_TOKEN_LEN + 1)
		return PWPOL_EINVAL;
	if (!pwpol__name_ok(account))
		return PWPOL_ENOENT;
	if (pwpol__permit(s, PWPOL_PERMISSION_ADMIN_CONTROL, NULL) != PWPOL_OK)
		return PWPOL_NOT_PERMITTED;
	uint8_t r[32];
	if (getrandom(r, sizeof r, 0) != (ssize_t)sizeof r)
		return pwpol__store_fail(s, PWPOL_ESYSTEM, "no random bytes for a token");
	memcpy(token, TOKEN_PREFIX, sizeof TOKEN_PREFIX - 1);
	for (size_t i = 0; i < sizeof r; i++)
		snprintf(token + sizeof TOKEN_PREFIX - 1 + 2 * i, 3, "%02x", r[i]);
	pwpol_wipe(r, sizeof r);
	char hash[PWPOL_TOKEN_HASH_HEX + 1];
	if (!digest_hex(token, PWPOL_TOKEN_LEN, hash)) {
		pwpol_wipe(token, cap);
		return pwpol__store_fail(s, PWPOL_ESYSTEM, "cannot load nettle (SHA-256)");
	}
	struct pwpol__account a;
	enum pwpol_status st = s->ops->begin(s, 1);
	if (st == PWPOL_OK) {
		st = pwpol__get(s, account, &a);
		pwpol__wipe_account(&a);
		if (st == PWPOL_OK)
			st = s->ops->token_add(s, account, hash, now);
		st = pwpol__finish(s, st);
	}
	if (st != PWPOL_OK) {
		pwpol_wipe(token, cap);
		if (st == PWPOL_EEXIST)
			pwpol__store_fail(s, st,
			                  "%s has a token already: revoke it first (pwpol token "
			                  "revoke %s)",
			                  account, account);
		return st;
	}
	pwpol__audit(LOG_NOTICE, "API token made for %s by %s", account, pwpol__actor_logged(s));
	return PWPOL_OK;
}

enum pwpol_status pwpol_token_revoke(pwpol_store *s, const char *account, time_t now)
{
	(void)now;
	if (!s || !account)
		return PWPOL_EINVAL;
	if (!pwpol__name_ok(account))
		return PWPOL_ENOENT;
	if (pwpol__permit(s, PWPOL_PERMISSION_ADMIN_CONTROL, NULL) != PWPOL_OK)
		return PWPOL_NOT_PERMITTED;
	enum pwpol_status st = s->ops->begin(s, 1);
	if (st != PWPOL_OK)
		return st;
	st = pwpol__finish(s, s->ops->token_del(s, account));
	if (st == PWPOL_OK)
		pwpol__audit(LOG_NOTICE, "API token of %s revoked by %s", account,
		             pwpol__actor_logged(s));
	return st;
}

struct each {
	int (*fn)(const struct pwpol_token_info *, void *);
	void *ctx;
};

static int each_one(const char *account, const char *hash, time_t created, void *ctx)
{
	(void)hash;
	struct each *e = ctx;
	struct pwpol_token_info t;
	memset(&t, 0, sizeof t);
	snprintf(t.account, sizeof t.account, "%s", account);
	t.created = created;
	return e->fn(&t, e->ctx);
}

enum pwpol_status pwpol_token_each(pwpol_store *s,
                                   int (*fn)(const struct pwpol_token_info *, void *), void *ctx)
{
	if (!s || !fn)
		return PWPOL_EINVAL;
	if (pwpol__permit(s, PWPOL_PERMISSION_ADMIN, NULL) != PWPOL_OK)
		return PWPOL_NOT_PERMITTED;
	struct each e = {fn, ctx};
	enum pwpol_status st = s->ops->begin(s, 0);
	if (st != PWPOL_OK)
		return st;
	return pwpol__finish(s, s->ops->token_list(s, each_one, &e));
}

struct find {
	char want[PWPOL_TOKEN_HASH_HEX + 1];
	char account[64];
	int found;
};

/* Every stored hash is compared, each in full: the time of an answer
 * says nothing of how close a guess came, nor which account it matched. */
static int find_one(const char *account, const char *hash, time_t created, void *ctx)
{
	(void)created;
	struct find *f = ctx;
	unsigned char diff = strlen(hash) != PWPOL_TOKEN_HASH_HEX;
	for (size_t i = 0; i < PWPOL_TOKEN_HASH_HEX && hash[i]; i++)
		diff |= (unsigned char)(hash[i] ^ f->want[i]);
	if (!diff && !f->found) {
		f->found = 1;
		snprintf(f->account, sizeof f->account, "%s", account);
	}
	return 0;
}

enum pwpol_status pwpol_token_account(pwpol_store *s, const char *token, size_t len, char *account,
                                      size_t cap)
{
	if (!s || !token || !account || cap < 64)
		return PWPOL_EINVAL;
	account[0] = 0;
	if (len != PWPOL_TOKEN_LEN || memcmp(token, TOKEN_PREFIX, sizeof TOKEN_PREFIX - 1) != 0) {
		pwpol__audit(LOG_WARNING, "API call refused: not an API token");
		return PWPOL_ENOENT;
	}
	struct find f;
	memset(&f, 0, sizeof f);
	if (!digest_hex(token, len, f.want))
		return pwpol__store_fail(s, PWPOL_ESYSTEM, "cannot load nettle (SHA-256)");
	enum pwpol_status st = s->ops->begin(s, 0);
	if (st == PWPOL_OK)
		st = pwpol__finish(s, s->ops->token_list(s, find_one, &f));
	if (st == PWPOL_OK && !f.found) {
		pwpol__audit(LOG_WARNING,
		             "API call refused: not a token of this store, or revoked");
		st = PWPOL_ENOENT;
	}
	if (st == PWPOL_OK)
		snprintf(account, cap, "%s", f.account);
	pwpol_wipe(&f, sizeof f);
	return st;
}
