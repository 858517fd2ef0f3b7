/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * session.c - the sessions of `pwpol web`: random 256-bit ids and CSRF
 * tokens, the idle timeout, and who may push whom out when the table is
 * full. Two pools, because a request costs nothing to send and a sign-in
 * costs a password:
 *
 *   anonymous  (WEB_SESSIONS_ANON) made by any GET without a cookie; a
 *              new one takes a free or expired slot, else the anonymous
 *              slot used least recently. A flood of anonymous requests
 *              can make a visitor's sign-in form stale ("reload the
 *              page"), never sign anyone out.
 *   signed-in  (WEB_SESSIONS_SIGNED) made only by a sign-in that the
 *              library accepted. An account keeps at most
 *              WEB_SESSIONS_PER_ACCOUNT (its oldest gives way), so one
 *              account signing in again and again ends only its own
 *              sessions; only when the whole pool is full does the least
 *              recently used session of another account give way, which
 *              takes the passwords of WEB_SESSIONS_SIGNED /
 *              WEB_SESSIONS_PER_ACCOUNT accounts.
 *
 * The server calls these under its request lock (server.c).
 */
#include "internal.h"

#include <errno.h>
#include <string.h>
#include <sys/random.h>

static struct session anon[WEB_SESSIONS_ANON];
static struct session signed_in[WEB_SESSIONS_SIGNED];
static unsigned idle_limit = WEB_DEFAULT_IDLE;
/* Orders uses within one second of `last`: the least recent gives way. */
static unsigned long long use_count;

int web_random_hex(char *out)
{
	unsigned char r[WEB_ID_HEX / 2];
	size_t got = 0;
	while (got < sizeof r) {
		ssize_t n = getrandom(r + got, sizeof r - got, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		got += (size_t)n;
	}
	for (size_t i = 0; i < sizeof r; i++)
		snprintf(out + 2 * i, 3, "%02x", r[i]);
	pwpol_wipe(r, sizeof r);
	return 0;
}

int web_same_id(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	unsigned char d = la != WEB_ID_HEX || lb != WEB_ID_HEX;
	for (size_t i = 0; i < WEB_ID_HEX && i < la && i < lb; i++)
		d |= (unsigned char)(a[i] ^ b[i]);
	return d == 0;
}

void sessions_init(unsigned idle)
{
	sessions_wipe();
	idle_limit = idle;
}

void sessions_wipe(void)
{
	pwpol_wipe(anon, sizeof anon);
	pwpol_wipe(signed_in, sizeof signed_in);
	web_association_token_spend();
}

static int expired(const struct session *s, time_t now)
{
	return now - s->last > (time_t)idle_limit || now < s->last;
}

static struct session *find_in(struct session *pool, size_t n, const char *id, time_t now)
{
	for (size_t i = 0; i < n; i++) {
		struct session *s = &pool[i];
		if (!s->used || !web_same_id(s->id, id))
			continue;
		if (expired(s, now)) {
			pwpol_wipe(s, sizeof *s);
			return NULL;
		}
		return s;
	}
	return NULL;
}

struct session *session_find(const char *id, time_t now)
{
	if (!id)
		return NULL;
	struct session *s = find_in(signed_in, WEB_SESSIONS_SIGNED, id, now);
	return s ? s : find_in(anon, WEB_SESSIONS_ANON, id, now);
}

/* A free or expired slot of the pool, else its least recently used. */
static struct session *pick(struct session *pool, size_t n, time_t now)
{
	struct session *lru = NULL;
	for (size_t i = 0; i < n; i++) {
		struct session *s = &pool[i];
		if (!s->used || expired(s, now))
			return s;
		if (!lru || s->used_at < lru->used_at)
			lru = s;
	}
	return lru;
}

/* The signed-in sessions of `user`, and the least recently used of them. */
static size_t sessions_of(const char *user, struct session **lru)
{
	size_t k = 0;
	*lru = NULL;
	for (size_t i = 0; i < WEB_SESSIONS_SIGNED; i++) {
		struct session *s = &signed_in[i];
		if (!s->used || strcmp(s->user, user) != 0)
			continue;
		k++;
		if (!*lru || s->used_at < (*lru)->used_at)
			*lru = s;
	}
	return k;
}

void session_touch(struct session *s, time_t now)
{
	s->last = now;
	s->used_at = ++use_count;
}

static struct session *fill(struct session *s, time_t now, const char *user)
{
	pwpol_wipe(s, sizeof *s);
	if (web_random_hex(s->id) || web_random_hex(s->csrf)) {
		pwpol_wipe(s, sizeof *s);
		return NULL;
	}
	if (user)
		snprintf(s->user, sizeof s->user, "%s", user);
	s->used = 1;
	session_touch(s, now);
	return s;
}

struct session *session_new(time_t now)
{
	return fill(pick(anon, WEB_SESSIONS_ANON, now), now, NULL);
}

/* A signed-in account past its own limit ends its own oldest session;
 * otherwise a free slot, else the pool's least recently used. */
static struct session *session_new_signed(time_t now, const char *user)
{
	struct session *own;
	if (sessions_of(user, &own) < WEB_SESSIONS_PER_ACCOUNT)
		own = pick(signed_in, WEB_SESSIONS_SIGNED, now);
	return fill(own, now, user);
}

struct session *session_sign_in(struct request *rq, const char *user)
{
	if (rq->session)
		pwpol_wipe(rq->session, sizeof *rq->session);
	rq->session = session_new_signed(rq->now, user);
	rq->set_cookie = rq->session != NULL;
	return rq->session;
}

void session_end(struct request *rq)
{
	if (rq->session)
		pwpol_wipe(rq->session, sizeof *rq->session);
	rq->session = session_new(rq->now);
	rq->set_cookie = rq->session != NULL;
}

/* ---- the association token ------------------------------------------ */

/* Printed at start (server.c), asked for by association (pages.c); ""
 * once spent. Here with the sessions, so that neither of its two users
 * holds it for the other. */
static char association_token[WEB_ID_HEX + 1];

int web_association_token_new(void)
{
	return web_random_hex(association_token);
}

const char *web_association_token(void)
{
	return association_token;
}

int web_association_token_ok(const char *t)
{
	return association_token[0] && t && web_same_id(association_token, t);
}

int web_association_open(void)
{
	return association_token[0] != 0;
}

void web_association_token_spend(void)
{
	pwpol_wipe(association_token, sizeof association_token);
}
