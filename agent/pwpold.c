/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * pwpold.c - the node agent (pwpold(8)). pam_pwpol (agent=) and
 * libnss_pwpol ask it over a Unix socket; it asks the conductor over one
 * mutually authenticated TLS connection that it keeps open, so that a
 * login costs its hash on the conductor and one round trip.
 *
 * It keeps, for an account that logged in on this node within
 * --offline-days, its passwd entry and a yescrypt hash of the password it
 * saw the conductor accept (never the password). When the conductor does
 * not answer within --timeout, it answers from that cache at once until
 * the conductor is back: a login is verified there and its failures
 * counted with a lockout of its own, a change of password is refused, and
 * the failures counted offline are reported to the conductor once it is
 * back, where the fleet's lockout then applies.
 *
 * Who may ask what (SO_PEERCRED): lookups anyone; a login, the account
 * phase, a change and the status only root (sshd, login, su, passwd).
 */
#include "net.h"
#include "proto.h"

#include <crypt.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <netdb.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/un.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#define DEFAULT_SOCKET "/run/pwpold/socket"
#define DEFAULT_CACHE  "/var/lib/pwpold"
#define KEEPALIVE_SEC  60
/* A module sends its question at once: a silent connection is closed. */
#define CLIENT_TIMEOUT 5
/* Modules' connections served at once; more are closed at once. */
#define CLIENTS_MAX 128
#define NAME_MAX_   64
#define ENTRY_MAX   512

/* Conductors a node may be given: any of them serves the fleet (they
 * share its state in the store), the first that answers is used. */
#define CONDUCTORS_MAX 8

struct opts {
	const char *conductors[CONDUCTORS_MAX];
	unsigned nconductors;
	const char *cert, *key, *ca, *socket, *cache_dir;
	unsigned offline_days;
	unsigned timeout;      /* seconds the conductor has to answer */
	unsigned attempts;     /* offline failures before the local lock */
	unsigned lock_seconds; /* the local lock's length */
};
static struct opts O = {.socket = DEFAULT_SOCKET,
                        .cache_dir = DEFAULT_CACHE,
                        .offline_days = 7,
                        .timeout = 3,
                        .attempts = 5,
                        .lock_seconds = 900};

static volatile sig_atomic_t stopping;

static void logf_(int prio, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void logf_(int prio, const char *fmt, ...)
{
	char buf[768];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	syslog(LOG_AUTHPRIV | prio, "%s", buf);
	fprintf(stderr, "pwpold: %s\n", buf);
}

/* ---- the link to the conductor ------------------------------------------- */

static gnutls_certificate_credentials_t cred;
static pthread_mutex_t link_lock = PTHREAD_MUTEX_INITIALIZER;
static gnutls_session_t link_tls;
static int link_fd = -1;
static int link_up;
static time_t link_since;   /* when it went up or down */
static int link_revoked;    /* the conductor refused this node */
static int link_fresh;      /* connected since the keeper last looked */
static long long link_skew; /* this clock minus the conductor's, at the last keepalive */
static unsigned link_cur;   /* the conductor used (or tried first next time) */
/* A clock further off the conductor's than this is logged. */
#define CLOCK_SKEW_MAX 30

static void link_drop_locked(const char *why)
{
	if (link_up)
		logf_(LOG_WARNING, "conductor %s unreachable (%s): answering from the cache",
		      O.conductors[link_cur], why);
	if (link_tls) {
		gnutls_deinit(link_tls);
		link_tls = NULL;
	}
	if (link_fd >= 0)
		close(link_fd);
	link_fd = -1;
	if (link_up)
		link_since = time(NULL);
	link_up = 0;
}

static int link_connect_to(unsigned i);

/* Connects to the conductor used last, else to the next that answers,
 * each within the timeout (outside the lock, so that answers from the
 * cache go on). */
static int link_connect(void)
{
	pthread_mutex_lock(&link_lock);
	unsigned first = link_cur;
	pthread_mutex_unlock(&link_lock);
	for (unsigned k = 0; k < O.nconductors; k++)
		if (link_connect_to((first + k) % O.nconductors) == 0)
			return 0;
	return -1;
}

static int link_connect_to(unsigned i)
{
	int fd = net_dial(O.conductors[i], O.timeout);
	if (fd < 0)
		return -1;
	gnutls_session_t s;
	if (gnutls_init(&s, GNUTLS_CLIENT) < 0) {
		close(fd);
		return -1;
	}
	gnutls_set_default_priority(s);
	gnutls_credentials_set(s, GNUTLS_CRD_CERTIFICATE, cred);
	/* The conductor: a TLS server certificate of the fleet CA (a node's
	 * own certificate, of the same CA, is for a client and fails). */
	static gnutls_typed_vdata_st purpose = {GNUTLS_DT_KEY_PURPOSE_OID,
	                                        (unsigned char *)GNUTLS_KP_TLS_WWW_SERVER, 0};
	gnutls_session_set_verify_cert2(s, &purpose, 1, 0);
	gnutls_transport_set_int(s, fd);
	gnutls_handshake_set_timeout(s, O.timeout * 1000);
	int r;
	do
		r = gnutls_handshake(s);
	while (r < 0 && !gnutls_error_is_fatal(r));
	if (r < 0) {
		static int said;
		if (!said++)
			logf_(LOG_ERR, "TLS with the conductor failed: %s", gnutls_strerror(r));
		gnutls_deinit(s);
		close(fd);
		return -1;
	}
	pthread_mutex_lock(&link_lock);
	link_drop_locked("replaced");
	link_tls = s;
	link_fd = fd;
	link_up = 1;
	link_fresh = 1;
	link_since = time(NULL);
	link_cur = i;
	pthread_mutex_unlock(&link_lock);
	logf_(LOG_INFO, "connected to the conductor %s", O.conductors[i]);
	return 0;
}

/* One round trip; -1 when the conductor is away (then at once, until the
 * keeper has it back). A connection the conductor closed (it restarted)
 * fails at once, not by the timeout: it is made again here, once. */
static int conductor_ask(const struct pp_msg *req, struct pp_msg *rep)
{
	int rc = -1;
	for (int attempt = 0; attempt < 2 && rc != 0; attempt++) {
		struct timespec t0, t1;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		pthread_mutex_lock(&link_lock);
		int was_up = link_up;
		if (link_up) {
			if (pp_send(net_tls_write, link_tls, req) == 0 &&
			    pp_recv(net_tls_read, link_tls, rep) == 0 && pp_type(rep) == PP_REPLY)
				rc = 0;
			else
				link_drop_locked("no answer");
		}
		if (rc == 0 && pp_get_num(rep, PP_T_STATUS, PP_R_ERROR) == PP_R_DENIED) {
			/* The conductor refuses this node (revoked): it will not
			 * answer again on this identity. */
			if (!link_revoked)
				logf_(LOG_ERR, "the conductor refuses this node (revoked?)");
			link_revoked = 1;
			link_drop_locked("refused");
		}
		if (rc == 0 && attempt == 0 && O.nconductors > 1 &&
		    pp_get_num(rep, PP_T_STATUS, PP_R_ERROR) == PP_R_ERROR) {
			/* That conductor cannot reach its store: another may. */
			logf_(LOG_WARNING,
			      "conductor %s: its store does not answer: trying the next",
			      O.conductors[link_cur]);
			pp_free(rep);
			rc = -1;
			link_drop_locked("its store does not answer");
			link_cur = (link_cur + 1) % O.nconductors;
		}
		int revoked_now = link_revoked;
		pthread_mutex_unlock(&link_lock);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		if (rc == 0 || !was_up || revoked_now || attempt > 0 ||
		    (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000 >= 1000 ||
		    link_connect() != 0)
			break;
	}
	return rc;
}

static int revoked(void)
{
	pthread_mutex_lock(&link_lock);
	int r = link_revoked;
	pthread_mutex_unlock(&link_lock);
	return r;
}

/* ---- the cache ------------------------------------------------------------- */

struct cached {
	char name[NAME_MAX_];
	char entry[ENTRY_MAX]; /* its passwd line */
	char vhash[CRYPT_OUTPUT_SIZE];
	long long last_login;
	unsigned failures; /* offline, consecutive */
	long long locked_until;
	unsigned pending; /* offline failures not yet reported */
	long long pending_at;
	/* When the password vhash was made of was set, and when the conductor
	 * accepted it (its clock; 0: unknown). */
	long long changed, proved_at;
};
static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static struct cached *cache;
static size_t cache_n, cache_cap;

static int fresh(const struct cached *c, time_t now)
{
	return c->last_login + (long long)O.offline_days * 86400 > now;
}

static struct cached *cache_find(const char *name)
{
	for (size_t i = 0; i < cache_n; i++)
		if (!strcmp(cache[i].name, name))
			return &cache[i];
	return NULL;
}

static void cache_save_locked(void)
{
	char path[4096], tmp[4200];
	snprintf(path, sizeof path, "%s/cache", O.cache_dir);
	snprintf(tmp, sizeof tmp, "%s.new", path);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!f) {
		if (fd >= 0)
			close(fd);
		logf_(LOG_ERR, "%s: cannot write the cache: %s", tmp, strerror(errno));
		return;
	}
	time_t now = time(NULL);
	for (size_t i = 0; i < cache_n; i++) {
		const struct cached *c = &cache[i];
		if (fresh(c, now) || c->pending)
			fprintf(f, "%s\t%s\t%s\t%lld\t%u\t%lld\t%u\t%lld\t%lld\t%lld\n", c->name,
			        c->entry, c->vhash, c->last_login, c->failures, c->locked_until,
			        c->pending, c->pending_at, c->changed, c->proved_at);
	}
	int ok = fflush(f) == 0 && fsync(fileno(f)) == 0;
	if (fclose(f) != 0 || !ok || rename(tmp, path) != 0)
		logf_(LOG_ERR, "%s: cannot write the cache", path);
}

static void cache_load(void)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/cache", O.cache_dir);
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	FILE *f = fd >= 0 ? fdopen(fd, "r") : NULL;
	if (!f)
		return;
	char line[2048];
	while (fgets(line, sizeof line, f)) {
		struct cached c = {0};
		char *fld[10];
		int n = 0;
		char *save = NULL;
		for (char *t = strtok_r(line, "\t\n", &save); t && n < 10;
		     t = strtok_r(NULL, "\t\n", &save))
			fld[n++] = t;
		/* 8 fields: a cache of the pwpold before `changed` was kept. */
		if (n != 8 && n != 10)
			continue;
		if (n == 10) {
			c.changed = atoll(fld[8]);
			c.proved_at = atoll(fld[9]);
		}
		snprintf(c.name, sizeof c.name, "%s", fld[0]);
		snprintf(c.entry, sizeof c.entry, "%s", fld[1]);
		snprintf(c.vhash, sizeof c.vhash, "%s", fld[2]);
		c.last_login = atoll(fld[3]);
		c.failures = (unsigned)atoi(fld[4]);
		c.locked_until = atoll(fld[5]);
		c.pending = (unsigned)atoi(fld[6]);
		c.pending_at = atoll(fld[7]);
		if (cache_n == cache_cap) {
			size_t cap = cache_cap ? 2 * cache_cap : 32;
			void *nc = realloc(cache, cap * sizeof *cache);
			if (!nc)
				break;
			cache = nc;
			cache_cap = cap;
		}
		cache[cache_n++] = c;
	}
	fclose(f);
	explicit_bzero(line, sizeof line);
}

/* After the conductor accepted pw, set at `changed` (0: unknown), at
 * proved_at: 1 if the cache holds a hash of that same password already,
 * then only the login's time and entry are kept (and written at most once
 * a minute). The same when it was made after that password was set and
 * the conductor says it is still the one set then: a later change would
 * be of a later time. */
static int cache_same(const char *name, const char *entry, long long changed)
{
	time_t now = time(NULL);
	int same = 0;
	pthread_mutex_lock(&cache_lock);
	struct cached *c = cache_find(name);
	if (c && changed > 0 && c->vhash[0] && c->changed == changed && c->proved_at > c->changed &&
	    fresh(c, now)) {
		same = 1;
		int was = c->failures || c->locked_until;
		snprintf(c->entry, sizeof c->entry, "%s", entry);
		c->failures = 0;
		c->locked_until = 0;
		if (was || now - c->last_login >= 60) {
			c->last_login = now;
			cache_save_locked();
		}
	}
	pthread_mutex_unlock(&cache_lock);
	return same;
}

/* After the conductor accepted pw: the entry and a slow salted hash. */
static void cache_login(const char *name, const char *entry, const char *pw, long long changed,
                        long long proved_at)
{
	char salt[CRYPT_GENSALT_OUTPUT_SIZE];
	struct crypt_data *cd = calloc(1, sizeof *cd);
	if (!cd || !crypt_gensalt_rn("$y$", 0, NULL, 0, salt, sizeof salt)) {
		free(cd);
		return;
	}
	const char *h = crypt_rn(pw, salt, cd, sizeof *cd);
	pthread_mutex_lock(&cache_lock);
	struct cached *c = cache_find(name);
	if (!c && cache_n == cache_cap) {
		size_t cap = cache_cap ? 2 * cache_cap : 32;
		void *nc = realloc(cache, cap * sizeof *cache);
		if (nc) {
			cache = nc;
			cache_cap = cap;
		}
	}
	if (!c && cache_n < cache_cap) {
		c = &cache[cache_n++];
		memset(c, 0, sizeof *c);
		snprintf(c->name, sizeof c->name, "%s", name);
	}
	if (c && h && h[0] == '$') {
		snprintf(c->entry, sizeof c->entry, "%s", entry);
		snprintf(c->vhash, sizeof c->vhash, "%s", h);
		c->changed = changed;
		c->proved_at = proved_at;
		c->last_login = time(NULL);
		c->failures = 0;
		c->locked_until = 0;
		cache_save_locked();
	}
	pthread_mutex_unlock(&cache_lock);
	explicit_bzero(cd, sizeof *cd);
	free(cd);
}

/* A login while the conductor is away. */
static unsigned offline_auth(const char *name, const char *pw, struct pp_msg *rep)
{
	time_t now = time(NULL);
	pthread_mutex_lock(&cache_lock);
	struct cached *c = cache_find(name);
	if (!c || !fresh(c, now) || !c->vhash[0]) {
		pthread_mutex_unlock(&cache_lock);
		/* Never counted: nothing here can tell a wrong password. */
		return PP_R_UNAVAILABLE;
	}
	if (c->locked_until > now) {
		pthread_mutex_unlock(&cache_lock);
		return PP_R_LOCKED;
	}
	char vhash[CRYPT_OUTPUT_SIZE];
	snprintf(vhash, sizeof vhash, "%s", c->vhash);
	pthread_mutex_unlock(&cache_lock);
	/* The hash outside the lock: other logins go on meanwhile. */
	struct crypt_data *cd = calloc(1, sizeof *cd);
	const char *h = cd ? crypt_rn(pw, vhash, cd, sizeof *cd) : NULL;
	size_t hl = h ? strlen(h) : 0;
	int ok = h && hl == strlen(vhash) && h[0] == '$';
	unsigned char diff = 0;
	for (size_t i = 0; ok && i < hl; i++)
		diff |= (unsigned char)(h[i] ^ vhash[i]);
	ok = ok && diff == 0;
	if (cd) {
		explicit_bzero(cd, sizeof *cd);
		free(cd);
	}
	unsigned st;
	pthread_mutex_lock(&cache_lock);
	c = cache_find(name);
	if (!c) {
		st = PP_R_UNAVAILABLE;
	} else if (ok) {
		c->failures = 0;
		st = PP_R_OK;
		pp_put_str(rep, PP_T_ENTRY, c->entry);
	} else {
		c->failures++;
		c->pending++;
		c->pending_at = now;
		if (c->failures >= O.attempts) {
			c->locked_until = now + O.lock_seconds;
			logf_(LOG_NOTICE, "user %s locked on this node after %u offline failures",
			      name, c->failures);
		}
		st = PP_R_REJECTED;
	}
	if (c)
		cache_save_locked();
	pthread_mutex_unlock(&cache_lock);
	logf_(LOG_NOTICE, "offline login of %s: %s", name,
	      st == PP_R_OK ? "accepted from the cache" : "refused");
	return st;
}

/* The failures counted offline, reported once the conductor is back. */
static void report_pending(void)
{
	pthread_mutex_lock(&cache_lock);
	size_t n = cache_n;
	struct {
		char name[NAME_MAX_];
		unsigned count;
		long long at;
	} *todo = calloc(n ? n : 1, sizeof *todo);
	size_t k = 0;
	for (size_t i = 0; todo && i < n; i++)
		if (cache[i].pending) {
			snprintf(todo[k].name, sizeof todo[k].name, "%s", cache[i].name);
			todo[k].count = cache[i].pending;
			todo[k++].at = cache[i].pending_at;
		}
	pthread_mutex_unlock(&cache_lock);
	for (size_t i = 0; i < k; i++) {
		struct pp_msg req, rep;
		pp_start(&req, PP_FAILURES);
		pp_put_str(&req, PP_T_NAME, todo[i].name);
		pp_put_num(&req, PP_T_COUNT, todo[i].count);
		pp_put_num(&req, PP_T_TIME, (uint64_t)todo[i].at);
		int rc = conductor_ask(&req, &rep);
		pp_free(&req);
		if (rc == 0 && pp_get_num(&rep, PP_T_STATUS, PP_R_ERROR) == PP_R_OK) {
			pthread_mutex_lock(&cache_lock);
			struct cached *c = cache_find(todo[i].name);
			if (c) {
				c->pending =
				    c->pending > todo[i].count ? c->pending - todo[i].count : 0;
				/* The fleet counts them now: the local run starts again. */
				if (!c->pending)
					c->failures = 0;
				cache_save_locked();
			}
			pthread_mutex_unlock(&cache_lock);
			logf_(LOG_INFO, "reported %u offline failures of %s to the conductor",
			      todo[i].count, todo[i].name);
		}
		if (rc == 0)
			pp_free(&rep);
	}
	free(todo);
}

/* Keeps the connection alive, and compares the clocks: the conductor
 * decides on its own, but a node off it by more than CLOCK_SKEW_MAX says
 * so (its offline lockout runs on its own clock). */
static void keepalive(void)
{
	struct pp_msg req, rep;
	pp_start(&req, PP_STATUS);
	pp_put_num(&req, PP_T_TIME, (uint64_t)time(NULL));
	if (conductor_ask(&req, &rep) == 0) {
		long long theirs = (long long)pp_get_num(&rep, PP_T_TIME, 0);
		if (theirs) {
			long long skew = (long long)time(NULL) - theirs;
			pthread_mutex_lock(&link_lock);
			link_skew = skew;
			pthread_mutex_unlock(&link_lock);
			if (skew > CLOCK_SKEW_MAX || skew < -CLOCK_SKEW_MAX)
				logf_(
				    LOG_WARNING,
				    "this node's clock is %+lld s off the conductor's (its "
				    "decisions "
				    "are taken on the conductor's clock; offline ones on this one)",
				    skew);
		}
		pp_free(&rep);
	}
	pp_free(&req);
}

static void *keeper(void *arg)
{
	(void)arg;
	time_t last = 0;
	while (!stopping) {
		pthread_mutex_lock(&link_lock);
		/* Between requests the conductor says nothing: a connection
		 * that reads is one it closed (it stopped or restarted). */
		if (link_up) {
			struct pollfd p = {.fd = link_fd, .events = POLLIN};
			if (poll(&p, 1, 0) == 1)
				link_drop_locked("closed by the conductor");
		}
		int up = link_up, revoked = link_revoked, fresh = link_fresh;
		link_fresh = 0;
		pthread_mutex_unlock(&link_lock);
		if (!up && !revoked && link_connect() == 0) {
			pthread_mutex_lock(&link_lock);
			link_fresh = 0;
			pthread_mutex_unlock(&link_lock);
			up = fresh = 1;
		}
		/* After every new connection (this thread's or a request's):
		 * the clocks compared, the offline failures reported. */
		if (up && fresh) {
			keepalive();
			report_pending();
			last = time(NULL);
		} else if (up && time(NULL) - last >= KEEPALIVE_SEC) {
			keepalive();
			last = time(NULL);
		}
		sleep(1);
	}
	return NULL;
}

/* ---- answering the modules ------------------------------------------------ */

/* A lookup from the cache (the conductor away): the accounts that logged in
 * here within the window. */
static void offline_lookup(int type, const struct pp_msg *req, struct pp_msg *rep)
{
	char name[NAME_MAX_] = "";
	pp_get_str(req, PP_T_NAME, 0, name, sizeof name);
	uint64_t id = pp_get_num(req, PP_T_ID, (uint64_t)-1);
	time_t now = time(NULL);
	int found = 0;
	pthread_mutex_lock(&cache_lock);
	for (size_t i = 0; i < cache_n; i++) {
		const struct cached *c = &cache[i];
		if (!fresh(c, now))
			continue;
		unsigned long uid = 0, gid = 0;
		const char *p = strchr(c->entry, ':');
		if (!p || !(p = strchr(p + 1, ':')))
			continue;
		uid = strtoul(p + 1, (char **)&p, 10);
		gid = *p == ':' ? strtoul(p + 1, NULL, 10) : 0;
		char gline[NAME_MAX_ + 32];
		snprintf(gline, sizeof gline, "%s:x:%lu:", c->name, gid);
		int grp = type == PP_GRNAM || type == PP_GRGID || type == PP_GRLIST;
		int match = type == PP_PWLIST || type == PP_GRLIST ||
		            ((type == PP_PWNAM || type == PP_GRNAM) && !strcmp(c->name, name)) ||
		            (type == PP_PWUID && uid == id) || (type == PP_GRGID && gid == id);
		if (match) {
			pp_put_str(rep, PP_T_ENTRY, grp ? gline : c->entry);
			found = 1;
		}
	}
	pthread_mutex_unlock(&cache_lock);
	int list = type == PP_PWLIST || type == PP_GRLIST;
	pp_put_num(rep, PP_T_STATUS, found || list ? PP_R_OK : PP_R_NOTFOUND);
	pp_put_num(rep, PP_T_OFFLINE, 1);
}

static void status_texts(struct pp_msg *rep)
{
	char line[256];
	pthread_mutex_lock(&link_lock);
	snprintf(line, sizeof line, "conductor %s: %s since %lld", O.conductors[link_cur],
	         link_up        ? "connected"
	         : link_revoked ? "refuses this node"
	                        : "unreachable",
	         (long long)link_since);
	long long skew = link_skew;
	pthread_mutex_unlock(&link_lock);
	pp_put_str(rep, PP_T_TEXT, line);
	snprintf(line, sizeof line, "clock: %+lld s off the conductor's%s", skew,
	         skew > CLOCK_SKEW_MAX || skew < -CLOCK_SKEW_MAX ? " (skewed)" : "");
	pp_put_str(rep, PP_T_TEXT, line);
	unsigned pending = 0;
	size_t fresh_n = 0;
	time_t now = time(NULL);
	pthread_mutex_lock(&cache_lock);
	for (size_t i = 0; i < cache_n; i++) {
		pending += cache[i].pending;
		fresh_n += fresh(&cache[i], now) && cache[i].vhash[0];
	}
	pthread_mutex_unlock(&cache_lock);
	snprintf(line, sizeof line, "cached accounts: %zu (within %u days)", fresh_n,
	         O.offline_days);
	pp_put_str(rep, PP_T_TEXT, line);
	snprintf(line, sizeof line, "offline failures to report: %u", pending);
	pp_put_str(rep, PP_T_TEXT, line);
	pp_put_num(rep, PP_T_STATUS, PP_R_OK);
}

static atomic_int clients; /* client threads running */

static void *serve_one(int fd);

static void *serve_client(void *arg)
{
	serve_one((int)(intptr_t)arg);
	atomic_fetch_sub(&clients, 1);
	return NULL;
}

static void *serve_one(int fd)
{
	struct ucred cr;
	socklen_t cl = sizeof cr;
	struct pp_msg req = {0}, rep;
	struct timeval tv = {.tv_sec = CLIENT_TIMEOUT};
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cr, &cl) != 0 ||
	    pp_recv(pp_fd_read, &fd, &req) != 0) {
		close(fd);
		return NULL;
	}
	int type = pp_type(&req);
	enum pp_asker asker = pp_local_asker(type);
	int lookup = asker == PP_ASK_ANYONE, known = asker != PP_ASK_NONE;
	char name[NAME_MAX_] = "";
	pp_get_str(&req, PP_T_NAME, 0, name, sizeof name);
	struct pp_msg cond = {0};
	pp_start(&rep, PP_REPLY);
	if (!known) {
		pp_put_num(&rep, PP_T_STATUS, PP_R_BADREQ);
	} else if (!lookup && cr.uid != 0) {
		/* A login's proof and a change are root's (sshd, login, su,
		 * passwd): a user may not try passwords through the agent. */
		pp_put_num(&rep, PP_T_STATUS, PP_R_DENIED);
		logf_(LOG_NOTICE, "refused a %s request from uid %u (pid %d): root only",
		      type == PP_AUTH ? "login" : "root", (unsigned)cr.uid, (int)cr.pid);
	} else if (type == PP_STATUS) {
		status_texts(&rep);
	} else if (revoked()) {
		/* Refused by the fleet: not even its cache answers. */
		pp_put_num(&rep, PP_T_STATUS, PP_R_DENIED);
	} else if (conductor_ask(&req, &cond) == 0) {
		/* The conductor's answer, as it is, for the module. */
		pp_free(&rep);
		rep = cond;
		cond = (struct pp_msg){0};
	} else if (lookup) {
		offline_lookup(type, &req, &rep);
	} else if (type == PP_AUTH) {
		char *pw = pp_dup_str(&req, PP_T_PASSWORD);
		pp_put_num(&rep, PP_T_STATUS, pw ? offline_auth(name, pw, &rep) : PP_R_BADREQ);
		pp_put_num(&rep, PP_T_OFFLINE, 1);
		if (pw) {
			explicit_bzero(pw, strlen(pw));
			free(pw);
		}
	} else if (type == PP_ACCOUNT) {
		time_t now = time(NULL);
		pthread_mutex_lock(&cache_lock);
		struct cached *c = cache_find(name);
		if (!c || !fresh(c, now) || !c->vhash[0]) {
			pp_put_num(&rep, PP_T_STATUS, PP_R_UNAVAILABLE);
		} else {
			pp_put_num(&rep, PP_T_STATUS, PP_R_OK);
			pp_put_num(&rep, PP_T_VERDICT,
			           c->locked_until > now ? PP_V_LOCKED : PP_V_ADMIT);
		}
		pthread_mutex_unlock(&cache_lock);
		pp_put_num(&rep, PP_T_OFFLINE, 1);
	} else {
		/* A change needs the fleet: no password is set offline. */
		pp_put_num(&rep, PP_T_STATUS, PP_R_UNAVAILABLE);
		pp_put_str(&rep, PP_T_TEXT,
		           "The password cannot be changed while the fleet is unreachable; "
		           "try again later.");
		pp_put_num(&rep, PP_T_OFFLINE, 1);
	}
	pp_send(pp_fd_write, &fd, &rep);
	close(fd);
	/* The cache is written after the answer: its slow hash is not the
	 * login's to wait for. */
	if (type == PP_AUTH && O.offline_days > 0 && pp_get_num(&rep, PP_T_OFFLINE, 0) == 0 &&
	    pp_get_num(&rep, PP_T_STATUS, PP_R_ERROR) == PP_R_OK) {
		char entry[ENTRY_MAX];
		char *pw = pp_dup_str(&req, PP_T_PASSWORD);
		long long changed = (long long)pp_get_num(&rep, PP_T_CHANGED, 0),
		          at = (long long)pp_get_num(&rep, PP_T_TIME, 0);
		if (pw && pp_get_str(&rep, PP_T_ENTRY, 0, entry, sizeof entry) == 0 &&
		    !cache_same(name, entry, changed))
			cache_login(name, entry, pw, changed, at);
		if (pw) {
			explicit_bzero(pw, strlen(pw));
			free(pw);
		}
	}
	/* A change made through this node: the old password no longer logs
	 * in from the cache, the new one does (the entry kept). */
	if (type == PP_CHANGE && O.offline_days > 0 && pp_get_num(&rep, PP_T_OFFLINE, 0) == 0 &&
	    pp_get_num(&rep, PP_T_STATUS, PP_R_ERROR) == PP_R_OK) {
		char entry[ENTRY_MAX] = "";
		pthread_mutex_lock(&cache_lock);
		struct cached *c = cache_find(name);
		if (c)
			snprintf(entry, sizeof entry, "%s", c->entry);
		pthread_mutex_unlock(&cache_lock);
		char *pw = pp_dup_str(&req, PP_T_NEW);
		if (pw && entry[0])
			cache_login(name, entry, pw, 0, 0);
		if (pw) {
			explicit_bzero(pw, strlen(pw));
			free(pw);
		}
	}
	pp_free(&req);
	pp_free(&rep);
	return NULL;
}

static void on_signal(int sig)
{
	(void)sig;
	stopping = 1;
}

static int parse_u(const char *s, unsigned lo, unsigned hi, unsigned *out)
{
	char *end;
	errno = 0;
	unsigned long v = strtoul(s, &end, 10);
	if (!*s || *end || errno || *s == '-' || v < lo || v > hi)
		return -1;
	*out = (unsigned)v;
	return 0;
}

static void usage(FILE *f)
{
	fputs(
	    "Usage: pwpold --conductor HOST:PORT[,HOST:PORT...] --cert FILE --key FILE --ca FILE\n"
	    "              [--socket PATH] [--cache DIR] [--offline-days N] [--timeout SECONDS]\n"
	    "              [--offline-attempts N] [--offline-lock SECONDS]\n"
	    "The node agent of a pwpol fleet (pwpold(8)).\n",
	    f);
}

int main(int argc, char **argv)
{
	static const struct option lo[] = {{"conductor", required_argument, 0, 'c'},
	                                   {"cert", required_argument, 0, 'C'},
	                                   {"key", required_argument, 0, 'K'},
	                                   {"ca", required_argument, 0, 'A'},
	                                   {"socket", required_argument, 0, 's'},
	                                   {"cache", required_argument, 0, 'd'},
	                                   {"offline-days", required_argument, 0, 'o'},
	                                   {"timeout", required_argument, 0, 't'},
	                                   {"offline-attempts", required_argument, 0, 'a'},
	                                   {"offline-lock", required_argument, 0, 'l'},
	                                   {"help", no_argument, 0, 'h'},
	                                   {0, 0, 0, 0}};
	int opt;
	while ((opt = getopt_long(argc, argv, "h", lo, NULL)) != -1) {
		int bad = 0;
		switch (opt) {
		case 'c':
			/* Repeated, or a comma-separated list: the fleet's conductors. */
			for (char *save = NULL, *t = strtok_r(optarg, ",", &save); t && !bad;
			     t = strtok_r(NULL, ",", &save)) {
				if (O.nconductors == CONDUCTORS_MAX)
					bad = 1;
				else
					O.conductors[O.nconductors++] = t;
			}
			break;
		case 'C': O.cert = optarg; break;
		case 'K': O.key = optarg; break;
		case 'A': O.ca = optarg; break;
		case 's': O.socket = optarg; break;
		case 'd': O.cache_dir = optarg; break;
		case 'o': bad = parse_u(optarg, 0, 3650, &O.offline_days); break;
		case 't': bad = parse_u(optarg, 1, 120, &O.timeout); break;
		case 'a': bad = parse_u(optarg, 1, 1000, &O.attempts); break;
		case 'l': bad = parse_u(optarg, 1, 86400 * 365, &O.lock_seconds); break;
		case 'h': usage(stdout); return 0;
		default: bad = 1;
		}
		if (bad) {
			usage(stderr);
			return 2;
		}
	}
	if (optind < argc || !O.nconductors || !O.cert || !O.key || !O.ca) {
		usage(stderr);
		return 2;
	}
	openlog("pwpold", LOG_PID, LOG_AUTHPRIV);
	umask(077);
	if (mkdir(O.cache_dir, 0700) != 0 && errno != EEXIST) {
		logf_(LOG_ERR, "%s: %s", O.cache_dir, strerror(errno));
		return 5;
	}
	int r = gnutls_certificate_allocate_credentials(&cred);
	if (r >= 0)
		r = gnutls_certificate_set_x509_key_file(cred, O.cert, O.key, GNUTLS_X509_FMT_PEM);
	if (r >= 0)
		r = gnutls_certificate_set_x509_trust_file(cred, O.ca, GNUTLS_X509_FMT_PEM);
	if (r < 0) {
		logf_(LOG_ERR, "cannot load the node's TLS files: %s", gnutls_strerror(r));
		return 5;
	}
	cache_load();
	int lfd = net_listen_unix(O.socket);
	if (lfd < 0) {
		logf_(LOG_ERR, "%s: cannot listen: %s", O.socket, strerror(errno));
		return 5;
	}
	struct sigaction sa = {.sa_handler = on_signal};
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	link_since = time(NULL);
	link_connect();
	pthread_t kt;
	pthread_create(&kt, NULL, keeper, NULL);
	logf_(LOG_INFO, "listening on %s", O.socket);
	/* systemd's Type=notify, when it runs us so. */
	const char *ns = getenv("NOTIFY_SOCKET");
	if (ns && (ns[0] == '/' || ns[0] == '@') && strlen(ns) < sizeof(struct sockaddr_un)) {
		int nfd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
		struct sockaddr_un na = {.sun_family = AF_UNIX};
		strcpy(na.sun_path, ns);
		if (na.sun_path[0] == '@')
			na.sun_path[0] = 0;
		if (nfd >= 0)
			sendto(nfd, "READY=1", 7, 0, (struct sockaddr *)&na,
			       (socklen_t)(offsetof(struct sockaddr_un, sun_path) + strlen(ns)));
		if (nfd >= 0)
			close(nfd);
	}
	while (!stopping) {
		struct pollfd p = {.fd = lfd, .events = POLLIN};
		if (poll(&p, 1, 500) <= 0)
			continue;
		int fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
		if (fd < 0)
			continue;
		/* Every local user may connect: their number is bounded, so
		 * that no one holds the agent's threads (nor root's logins). */
		if (atomic_fetch_add(&clients, 1) >= CLIENTS_MAX) {
			atomic_fetch_sub(&clients, 1);
			close(fd);
			continue;
		}
		pthread_t th;
		pthread_attr_t at;
		pthread_attr_init(&at);
		pthread_attr_setdetachstate(&at, PTHREAD_CREATE_DETACHED);
		if (pthread_create(&th, &at, serve_client, (void *)(intptr_t)fd) != 0 &&
		    (atomic_fetch_sub(&clients, 1), 1))
			close(fd);
		pthread_attr_destroy(&at);
	}
	logf_(LOG_INFO, "stopping");
	unlink(O.socket);
	close(lfd);
	return 0;
}
