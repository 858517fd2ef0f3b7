/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * serve.c - `pwpol conductor`: the one process that opens the fleet's
 * store. Each node agent keeps one mutually authenticated TLS connection
 * (a thread here, with a store handle of its own) and asks what a login
 * needs (agent/proto.h); the library decides every answer on this
 * machine's clock. No request reads or sets a hash: a password is set
 * only by a change given the old one. Every request is logged with the
 * node's name, and the library's own events carry it as their origin.
 */
#include "fleet.h"
#include "metrics.h"
#include "net.h"
#include "proto.h"

#include <errno.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <netdb.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <syslog.h>
#include <unistd.h>

/* A connection idle this long is closed (agents keep theirs alive). */
#define IDLE_SEC     300
#define HANDSHAKE_MS 10000
#define TEXT_MAX     512
/* Connections served at once (nodes, and handshakes of anyone): beyond
 * it a new one is closed at once, so that no one holds every thread. */
#define CONNS_MAX 4096
static atomic_int conns;
/* The TLS credentials every node connection's thread shares. */
static gnutls_certificate_credentials_t served;
/* A node's clock further off than this from the conductor's is logged. */
#define CLOCK_SKEW_MAX 30
/* How often a commit confirmed past its deadline is looked for. */
#define SETTLE_SEC 30
/* A module of this machine sends its question at once (pwpold's bound). */
#define LOCAL_TIMEOUT_SEC 5

/* The store's connections, shared by the nodes' connection threads: a
 * request takes one and gives it back, so that a thousand nodes need no
 * thousand database sessions (PostgreSQL's max_connections is 100 by
 * default). Opened as needed up to pool_max, kept open after. */
static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t pool_cond = PTHREAD_COND_INITIALIZER;
static pwpol_store **pool_free;
static unsigned pool_nfree, pool_open, pool_max;

static pwpol_store *pool_get(const char *db, char *err, size_t errlen)
{
	pwpol_store *s = NULL;
	pthread_mutex_lock(&pool_lock);
	while (!pool_nfree && pool_open >= pool_max)
		pthread_cond_wait(&pool_cond, &pool_lock);
	if (pool_nfree) {
		s = pool_free[--pool_nfree];
		pthread_mutex_unlock(&pool_lock);
		return s;
	}
	pool_open++;
	pthread_mutex_unlock(&pool_lock);
	if (pwpol_store_open(&s, db, 0, err, errlen) == PWPOL_OK)
		return s;
	pthread_mutex_lock(&pool_lock);
	pool_open--;
	pthread_cond_signal(&pool_cond);
	pthread_mutex_unlock(&pool_lock);
	return NULL;
}

/* Gives a connection back; one that failed (broken) is closed, since a
 * failure may be a database session lost. */
static void pool_put(pwpol_store *s, int broken)
{
	if (!s)
		return;
	pthread_mutex_lock(&pool_lock);
	if (!broken && pool_nfree < pool_max)
		pool_free[pool_nfree++] = s, s = NULL;
	else
		pool_open--;
	pthread_cond_signal(&pool_cond);
	pthread_mutex_unlock(&pool_lock);
	pwpol_store_close(s);
}

static volatile sig_atomic_t stopping;
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static FILE *log_out;

static void on_signal(int sig)
{
	(void)sig;
	stopping = 1;
}

static void logf_(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void logf_(const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	syslog(LOG_AUTHPRIV | LOG_INFO, "%s", buf);
	pthread_mutex_lock(&log_lock);
	if (log_out) {
		fprintf(log_out, "pwpol conductor: %s\n", buf);
		fflush(log_out);
	}
	pthread_mutex_unlock(&log_lock);
}

/* The library's events: to syslog as always, and to the log. */
static void audit_sink(int priority, const char *message, void *ctx)
{
	(void)ctx;
	syslog(LOG_AUTHPRIV | (priority & 7), "%s", message);
	pthread_mutex_lock(&log_lock);
	if (log_out) {
		fprintf(log_out, "pwpol conductor: audit: %s\n", message);
		fflush(log_out);
	}
	pthread_mutex_unlock(&log_lock);
}

struct conn {
	const struct fleet_conductor_opts *o;
	gnutls_certificate_credentials_t cred;
	int fd;
	gnutls_session_t tls;
	char node[FLEET_NODE_NAME_MAX]; /* "" until its certificate is checked */
	int local;                      /* a module of this machine (--socket) */
	char serial[40];
	pwpol_store *store;
	pwpol_policy *policy;
};

static time_t now_of(const struct conn *c)
{
	return time(NULL) + c->o->clock_offset;
}

/* The node's certificate: verified against the CA for a TLS client, and
 * its serial enrolled and not revoked. Sets c->node; -1 without one. */
static int check_peer(struct conn *c)
{
	if (gnutls_certificate_type_get(c->tls) != GNUTLS_CRT_X509)
		return -1;
	unsigned n = 0;
	const gnutls_datum_t *chain = gnutls_certificate_get_peers(c->tls, &n);
	if (!chain || n == 0)
		return -1;
	gnutls_typed_vdata_st purpose = {GNUTLS_DT_KEY_PURPOSE_OID,
	                                 (unsigned char *)GNUTLS_KP_TLS_WWW_CLIENT, 0};
	unsigned status = 0;
	if (gnutls_certificate_verify_peers(c->tls, &purpose, 1, &status) < 0 || status != 0)
		return -1;
	gnutls_x509_crt_t crt;
	if (gnutls_x509_crt_init(&crt) < 0)
		return -1;
	int rc = -1;
	unsigned char serial[32];
	size_t sn = sizeof serial;
	char cn[FLEET_NODE_NAME_MAX];
	size_t cnn = sizeof cn;
	if (gnutls_x509_crt_import(crt, &chain[0], GNUTLS_X509_FMT_DER) >= 0 &&
	    gnutls_x509_crt_get_serial(crt, serial, &sn) >= 0 && sn <= 16 &&
	    gnutls_x509_crt_get_dn_by_oid(crt, GNUTLS_OID_X520_COMMON_NAME, 0, 0, cn, &cnn) >= 0 &&
	    fleet_name_ok(cn)) {
		for (size_t i = 0; i < sn; i++)
			sprintf(c->serial + 2 * i, "%02x", serial[i]);
		snprintf(c->node, sizeof c->node, "%s", cn);
		rc = 0;
	}
	gnutls_x509_crt_deinit(crt);
	return rc;
}

/* A store connection of the pool for this request (given back after it). */
static int open_store(struct conn *c)
{
	if (!c->store) {
		char err[512] = "";
		if (!(c->store = pool_get(c->o->db, err, sizeof err))) {
			logf_("node=%s cannot open the store: %s", c->node, err);
			return -1;
		}
	}
	return 0;
}

static void release_store(struct conn *c, int broken)
{
	pool_put(c->store, broken);
	c->store = NULL;
}

/* The store and the policy in force, for one request. */
static int ready(struct conn *c)
{
	if (open_store(c) != 0)
		return -1;
	pwpol_policy_free(c->policy);
	c->policy = NULL;
	pwpol_config_errors *e = NULL;
	char used[256];
	enum pwpol_status st = pwpol_policy_load_from(c->store, c->o->config, now_of(c), &c->policy,
	                                              &e, used, sizeof used);
	pwpol_config_errors_free(e);
	if (st != PWPOL_OK) {
		logf_("node=%s cannot load the policy (%s): %s", c->node, used,
		      pwpol_status_name(st));
		/* A store that failed may be a connection lost: open it again. */
		release_store(c, 1);
		return -1;
	}
	return 0;
}

/* An account's passwd line, its fleet uid allocated at the first ask;
 * root is never one of the fleet's (every node has its own). */
static enum pwpol_status entry_of(struct conn *c, const char *name, char *line, size_t n)
{
	if (!strcmp(name, "root"))
		return PWPOL_ENOENT;
	unsigned id = 0;
	enum pwpol_status st =
	    pwpol_fleet_id(c->store, name, c->o->uid_min, c->o->uid_max, now_of(c), &id);
	if (st != PWPOL_OK)
		return st;
	snprintf(line, n, "%s:x:%u:%u::%s/%s:%s", name, id, id, c->o->home, name, c->o->shell);
	return PWPOL_OK;
}

static void put_report(struct pp_msg *rep, const pwpol_report *r)
{
	size_t cnt = pwpol_report_count(r);
	for (size_t i = 0; i < cnt; i++) {
		const struct pwpol_finding *f = pwpol_report_get(r, i);
		char msg[256], line[TEXT_MAX];
		pwpol_finding_message(f, msg, sizeof msg);
		if (f->rule == PWPOL_RULE_MINIMUM_LIFETIME)
			snprintf(line, sizeof line, "Password unchanged: the current one %s", msg);
		else if (f->severity == PWPOL_SEVERITY_ERROR)
			snprintf(line, sizeof line, "BAD PASSWORD: %s", msg);
		else
			snprintf(line, sizeof line, "W:Warning: %s", msg);
		pp_put_str(rep, PP_T_TEXT, line);
	}
	pp_put_num(rep, PP_T_COUNT, cnt);
}

static unsigned status_of(enum pwpol_status st)
{
	switch (st) {
	case PWPOL_OK: return PP_R_OK;
	case PWPOL_REJECTED:
	case PWPOL_EINVAL: return PP_R_REJECTED;
	case PWPOL_LOCKED: return PP_R_LOCKED;
	case PWPOL_CHANGE_REQUIRED: return PP_R_CHANGE;
	case PWPOL_ENOENT: return PP_R_NOTFOUND;
	default: return PP_R_ERROR;
	}
}

struct list_ctx {
	struct conn *c;
	char (*names)[64];
	size_t n, cap;
};

static int collect(const struct pwpol_account_info *a, void *ctx)
{
	struct list_ctx *l = ctx;
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 64;
		void *nn = realloc(l->names, cap * sizeof *l->names);
		if (!nn)
			return 1;
		l->names = nn;
		l->cap = cap;
	}
	snprintf(l->names[l->n++], 64, "%s", a->name);
	return 0;
}

static const char *type_name(int t)
{
	static const char *const names[] = {"?",      "hello",  "enroll", "auth",     "account",
	                                    "verify", "change", "pwnam",  "pwuid",    "pwlist",
	                                    "grnam",  "grgid",  "grlist", "failures", "status"};
	return t > 0 && t < (int)(sizeof names / sizeof *names) ? names[t] : "?";
}

/* Answers one request of an enrolled node into rep; the verdict for the log. */
static const char *handle(struct conn *c, const struct pp_msg *req, struct pp_msg *rep,
                          char *subject, size_t sublen)
{
	int type = pp_type(req);
	char name[64] = "";
	pp_get_str(req, PP_T_NAME, 0, name, sizeof name);
	snprintf(subject, sublen, "%s", name);
	if (type != PP_PWUID && type != PP_GRGID && type != PP_PWLIST && type != PP_GRLIST &&
	    type != PP_STATUS && !name[0]) {
		pp_put_num(rep, PP_T_STATUS, PP_R_BADREQ);
		return "bad request";
	}
	if (ready(c) != 0) {
		pp_put_num(rep, PP_T_STATUS, PP_R_ERROR);
		return "store error";
	}
	time_t now = now_of(c);
	enum pwpol_status st = PWPOL_OK;
	char line[512];
	switch (type) {
	case PP_AUTH:
	case PP_VERIFY: {
		char *pw = pp_dup_str(req, PP_T_PASSWORD);
		if (!pw) {
			pp_put_num(rep, PP_T_STATUS, PP_R_BADREQ);
			return "bad request";
		}
		enum pwpol_change_reason why = PWPOL_REASON_NONE;
		pwpol_report *r = NULL;
		if (type == PP_AUTH) {
			st = pwpol_account_authenticate(c->store, c->policy, name, pw, strlen(pw),
			                                now, &why);
		} else if ((st = pwpol_report_new(&r)) == PWPOL_OK) {
			st = pwpol_account_verify_current(c->store, c->policy, name, pw, strlen(pw),
			                                  now, r);
			put_report(rep, r);
			pwpol_report_free(r);
		}
		explicit_bzero(pw, strlen(pw));
		free(pw);
		/* A name that is no account is refused as a wrong password is,
		 * and the module told so, that its log line (pam_unix's form)
		 * leave out a name that may be a password typed early. */
		struct pwpol_account_info known = PWPOL_ACCOUNT_INFO_INIT();
		if (type == PP_AUTH && st == PWPOL_REJECTED &&
		    pwpol_account_info(c->store, c->policy, name, now, &known) == PWPOL_ENOENT)
			st = PWPOL_ENOENT;
		pp_put_num(rep, PP_T_STATUS, status_of(st));
		pp_put_num(rep, PP_T_REASON, why);
		/* What a node's agent caches; a module of this machine keeps
		 * nothing (and allocates no fleet uid by logging in). */
		if (type == PP_AUTH && !c->local &&
		    (st == PWPOL_OK || st == PWPOL_CHANGE_REQUIRED) &&
		    entry_of(c, name, line, sizeof line) == PWPOL_OK) {
			pp_put_str(rep, PP_T_ENTRY, line);
			/* When the password was set, and the time now: the agent
			 * hashes it for its cache again only when it changed. */
			struct pwpol_account_info info = PWPOL_ACCOUNT_INFO_INIT();
			if (pwpol_account_info(c->store, c->policy, name, now, &info) == PWPOL_OK &&
			    info.changed > 0) {
				pp_put_num(rep, PP_T_CHANGED, (uint64_t)info.changed);
				pp_put_num(rep, PP_T_TIME, (uint64_t)now);
			}
		}
		return pwpol_status_name(st);
	}
	case PP_ACCOUNT: {
		struct pwpol_account_info info = PWPOL_ACCOUNT_INFO_INIT();
		enum pwpol_admission v;
		st = pwpol_account_admission(c->store, c->policy, name, now, &info, &v);
		pp_put_num(rep, PP_T_STATUS, status_of(st));
		if (st == PWPOL_OK) {
			pp_put_num(rep, PP_T_VERDICT, (uint64_t)v);
			pp_put_num(rep, PP_T_REASON, (uint64_t)info.reason);
			pp_put_num(rep, PP_T_EXPIRES, (uint64_t)info.expires);
			pp_put_num(rep, PP_T_LOCKED, (uint64_t)info.locked_until);
		}
		return pwpol_status_name(st);
	}
	case PP_CHANGE: {
		char *old = pp_dup_str(req, PP_T_OLD), *pw = pp_dup_str(req, PP_T_NEW);
		pwpol_report *r = NULL;
		if (old && pw && (st = pwpol_report_new(&r)) == PWPOL_OK) {
			st = pwpol_account_change(c->store, c->policy, name, old, strlen(old), pw,
			                          strlen(pw), now, r);
			put_report(rep, r);
			if (st == PWPOL_OK && *pwpol_store_notice(c->store)) {
				snprintf(line, sizeof line, "W:%s.", pwpol_store_notice(c->store));
				pp_put_str(rep, PP_T_TEXT, line);
			}
			pwpol_report_free(r);
		} else if (!old || !pw) {
			st = PWPOL_EINVAL;
		}
		if (old)
			explicit_bzero(old, strlen(old));
		if (pw)
			explicit_bzero(pw, strlen(pw));
		free(old);
		free(pw);
		pp_put_num(rep, PP_T_STATUS, status_of(st));
		return pwpol_status_name(st);
	}
	case PP_PWNAM:
	case PP_GRNAM: {
		struct pwpol_account_info info = PWPOL_ACCOUNT_INFO_INIT();
		st = pwpol_account_info(c->store, c->policy, name, now, &info);
		if (st == PWPOL_OK)
			st = entry_of(c, name, line, sizeof line);
		pp_put_num(rep, PP_T_STATUS, status_of(st));
		if (st == PWPOL_OK) {
			if (type == PP_GRNAM)
				*strchr(strchr(strchr(line, ':') + 1, ':') + 1, ':') = 0,
				                                                strcat(line, ":");
			pp_put_str(rep, PP_T_ENTRY, line);
		}
		return pwpol_status_name(st);
	}
	case PP_PWUID:
	case PP_GRGID: {
		uint64_t id = pp_get_num(req, PP_T_ID, 0);
		snprintf(subject, sublen, "%llu", (unsigned long long)id);
		struct pwpol_account_info info = PWPOL_ACCOUNT_INFO_INIT();
		st = id > 0xffffffffu
		         ? PWPOL_ENOENT
		         : pwpol_fleet_id_name(c->store, (unsigned)id, name, sizeof name);
		/* The uid of an account deleted since stays its own, unused. */
		if (st == PWPOL_OK)
			st = pwpol_account_info(c->store, c->policy, name, now, &info);
		if (st == PWPOL_OK)
			st = entry_of(c, name, line, sizeof line);
		pp_put_num(rep, PP_T_STATUS, status_of(st));
		if (st == PWPOL_OK) {
			if (type == PP_GRGID)
				*strchr(strchr(strchr(line, ':') + 1, ':') + 1, ':') = 0,
				                                                strcat(line, ":");
			pp_put_str(rep, PP_T_ENTRY, line);
		}
		return pwpol_status_name(st);
	}
	case PP_PWLIST:
	case PP_GRLIST: {
		struct list_ctx l = {.c = c};
		st = pwpol_account_each(c->store, c->policy, now, collect, &l);
		size_t sent = 0;
		for (size_t i = 0; st == PWPOL_OK && i < l.n; i++) {
			enum pwpol_status e = entry_of(c, l.names[i], line, sizeof line);
			if (e == PWPOL_ENOENT)
				continue;
			if ((st = e) != PWPOL_OK)
				break;
			if (type == PP_GRLIST)
				*strchr(strchr(strchr(line, ':') + 1, ':') + 1, ':') = 0,
				                                                strcat(line, ":");
			pp_put_str(rep, PP_T_ENTRY, line);
			sent++;
		}
		free(l.names);
		pp_put_num(rep, PP_T_STATUS, status_of(st));
		snprintf(subject, sublen, "%zu entries", sent);
		return pwpol_status_name(st);
	}
	case PP_FAILURES: {
		uint64_t n = pp_get_num(req, PP_T_COUNT, 0);
		snprintf(subject, sublen, "%s count=%llu", name, (unsigned long long)n);
		st = n > 1000
		         ? PWPOL_EINVAL
		         : pwpol_account_note_failures(c->store, c->policy, name, (unsigned)n, now);
		pp_put_num(rep, PP_T_STATUS, st == PWPOL_ENOENT ? PP_R_OK : status_of(st));
		return pwpol_status_name(st);
	}
	case PP_STATUS: {
		/* The node's clock beside this one's: every decision is taken
		 * here, but a node whose clock is off says so (and is told). */
		int64_t theirs = (int64_t)pp_get_num(req, PP_T_TIME, 0);
		pp_put_num(rep, PP_T_STATUS, PP_R_OK);
		pp_put_num(rep, PP_T_TIME, (uint64_t)now);
		if (theirs && (theirs - now > CLOCK_SKEW_MAX || now - theirs > CLOCK_SKEW_MAX)) {
			snprintf(subject, sublen, "clock %+lld s off the conductor's",
			         (long long)(theirs - now));
			return "skewed";
		}
		return "ok";
	}
	default: pp_put_num(rep, PP_T_STATUS, PP_R_BADREQ); return "bad request";
	}
}

/* HELLO and ENROLL: what a node without a certificate may ask. */
static const char *handle_enroll(struct conn *c, const struct pp_msg *req, struct pp_msg *rep,
                                 char *subject, size_t sublen)
{
	char *ca = open_store(c) == 0 ? fleet_ca_pem(c->store) : NULL;
	if (pp_type(req) == PP_HELLO) {
		pp_put_num(rep, PP_T_STATUS, ca ? PP_R_OK : PP_R_ERROR);
		pp_put_str(rep, PP_T_CACERT, ca);
		pp_put_num(rep, PP_T_VERSION, PP_VERSION);
		free(ca);
		return "ok";
	}
	char name[FLEET_NODE_NAME_MAX] = "", token[128] = "";
	char *csr = pp_dup_str(req, PP_T_CSR), *cert = NULL, err[256] = "";
	pp_get_str(req, PP_T_NAME, 0, name, sizeof name);
	pp_get_str(req, PP_T_TOKEN, 0, token, sizeof token);
	snprintf(subject, sublen, "%s", fleet_name_ok(name) ? name : "(bad name)");
	const char *verdict = "refused: bad or used token";
	if (!ca || !csr || !fleet_name_ok(name)) {
		pp_put_num(rep, PP_T_STATUS, PP_R_BADREQ);
		verdict = "bad request";
	} else if (fleet_token_take(c->store, token, now_of(c)) != 0) {
		pp_put_num(rep, PP_T_STATUS, PP_R_DENIED);
	} else if (fleet_sign_node(c->store, c->o->state, name, csr, now_of(c), &cert, err,
	                           sizeof err) != 0) {
		pp_put_num(rep, PP_T_STATUS, PP_R_ERROR);
		pp_put_str(rep, PP_T_TEXT, err);
		verdict = "error";
	} else {
		pp_put_num(rep, PP_T_STATUS, PP_R_OK);
		pp_put_str(rep, PP_T_CERT, cert);
		pp_put_str(rep, PP_T_CACERT, ca);
		verdict = "enrolled";
	}
	explicit_bzero(token, sizeof token);
	free(csr);
	free(cert);
	free(ca);
	return verdict;
}

/* handle() for a peer allowed to ask, under the library's origin for its
 * events, timed and counted in the metrics; the verdict for the log. */
static const char *handle_counted(struct conn *c, const char *origin, const struct pp_msg *req,
                                  struct pp_msg *rep, char *subject, size_t sublen)
{
	pwpol_audit_set_origin(origin);
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	const char *verdict = handle(c, req, rep, subject, sublen);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	metrics_request(pp_type(req), (unsigned)pp_get_num(rep, PP_T_STATUS, PP_R_ERROR),
	                (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	return verdict;
}

/* One question of a module of this machine (pam_pwpol agent=, the NSS
 * module) over the Unix socket: no TLS and no node, the peer's uid
 * decides (SO_PEERCRED) as pwpold's does: lookups anyone, a login's proof,
 * the account phase and a change root alone (sshd, login, su, passwd).
 * The modules ask one question a connection. */
static void serve_local(struct conn *c)
{
	struct ucred cr;
	socklen_t cl = sizeof cr;
	struct pp_msg req = {0}, rep;
	struct timeval tv = {.tv_sec = LOCAL_TIMEOUT_SEC};
	setsockopt(c->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	setsockopt(c->fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
	if (getsockopt(c->fd, SOL_SOCKET, SO_PEERCRED, &cr, &cl) != 0 ||
	    pp_recv(pp_fd_read, &c->fd, &req) != 0)
		return;
	snprintf(c->node, sizeof c->node, "local");
	int t = pp_type(&req);
	enum pp_asker asker = pp_local_asker(t);
	int lookup = asker == PP_ASK_ANYONE, root = asker == PP_ASK_ROOT;
	pp_start(&rep, PP_REPLY);
	char subject[128] = "";
	const char *verdict;
	if (!lookup && !root) {
		pp_put_num(&rep, PP_T_STATUS, PP_R_BADREQ);
		verdict = "not asked of a module";
	} else if (root && cr.uid != 0) {
		pp_put_num(&rep, PP_T_STATUS, PP_R_DENIED);
		metrics_refused();
		snprintf(subject, sizeof subject, "from uid %u (pid %d)", (unsigned)cr.uid,
		         (int)cr.pid);
		verdict = "refused: root only";
	} else if (t == PP_STATUS) {
		/* `pwpol node status --socket PATH`, as pwpold answers it. */
		int up = ready(c) == 0;
		pp_put_str(&rep, PP_T_TEXT,
		           up ? "conductor (this machine's socket): the store answers"
		              : "conductor (this machine's socket): the store does not answer");
		pp_put_num(&rep, PP_T_STATUS, up ? PP_R_OK : PP_R_ERROR);
		verdict = up ? "ok" : "store error";
	} else {
		char origin[96];
		snprintf(origin, sizeof origin, "local pid=%d", (int)cr.pid);
		verdict = handle_counted(c, origin, &req, &rep, subject, sizeof subject);
	}
	if (!lookup && (t != PP_STATUS || strcmp(verdict, "ok") != 0))
		logf_("local %s %s: %s", type_name(t), subject, verdict);
	pp_free(&req);
	release_store(c, 0);
	pp_send(pp_fd_write, &c->fd, &rep);
	pp_free(&rep);
}

static void *serve_conn(void *arg)
{
	struct conn *c = arg;
	if (c->local) {
		serve_local(c);
		goto out;
	}
	char peer[64] = "?";
	struct sockaddr_storage ss;
	socklen_t sl = sizeof ss;
	if (getpeername(c->fd, (struct sockaddr *)&ss, &sl) == 0)
		getnameinfo((struct sockaddr *)&ss, sl, peer, sizeof peer, NULL, 0, NI_NUMERICHOST);
	struct timeval tv = {.tv_sec = IDLE_SEC};
	setsockopt(c->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	if (gnutls_init(&c->tls, GNUTLS_SERVER) < 0)
		goto out;
	gnutls_set_default_priority(c->tls);
	gnutls_credentials_set(c->tls, GNUTLS_CRD_CERTIFICATE, c->cred);
	/* Asked, not required: a node comes to enroll without one. */
	gnutls_certificate_server_set_request(c->tls, GNUTLS_CERT_REQUEST);
	gnutls_transport_set_int(c->tls, c->fd);
	gnutls_handshake_set_timeout(c->tls, HANDSHAKE_MS);
	int r;
	do
		r = gnutls_handshake(c->tls);
	while (r < 0 && !gnutls_error_is_fatal(r));
	if (r < 0) {
		logf_("peer=%s TLS handshake failed: %s", peer, gnutls_strerror(r));
		goto out;
	}
	int has_cert = gnutls_certificate_get_peers(c->tls, &(unsigned){0}) != NULL;
	if (has_cert && check_peer(c) != 0) {
		metrics_refused();
		logf_("peer=%s refused: a certificate the fleet CA did not issue to a node", peer);
		goto out;
	}
	if (c->node[0])
		metrics_node(+1);
	for (;;) {
		struct pp_msg req, rep;
		if (pp_recv(net_tls_read, c->tls, &req) != 0)
			break;
		pp_start(&rep, PP_REPLY);
		char subject[128] = "";
		const char *verdict;
		int t = pp_type(&req);
		if (t == PP_HELLO || t == PP_ENROLL) {
			verdict = handle_enroll(c, &req, &rep, subject, sizeof subject);
			metrics_request(t, (unsigned)pp_get_num(&rep, PP_T_STATUS, PP_R_ERROR), 0);
			logf_("peer=%s node=%s %s %s: %s", peer, c->node[0] ? c->node : "-",
			      type_name(t), subject, verdict);
		} else if (c->node[0] && (open_store(c) != 0 ||
		                          fleet_node_active(c->store, c->node, c->serial) < 0)) {
			/* Not a revocation: the store is away. The node answers from
			 * its cache, or asks another conductor. */
			pp_put_num(&rep, PP_T_STATUS, PP_R_ERROR);
			logf_("node=%s %s: store error", c->node, type_name(t));
			release_store(c, 1);
		} else if (!c->node[0] || !fleet_node_active(c->store, c->node, c->serial)) {
			/* Checked at every request: a revocation takes effect at once. */
			pp_put_num(&rep, PP_T_STATUS, PP_R_DENIED);
			metrics_refused();
			logf_("peer=%s node=%s %s: refused: %s", peer, c->node[0] ? c->node : "-",
			      type_name(t), c->node[0] ? "revoked" : "no node certificate");
			pp_send(net_tls_write, c->tls, &rep);
			pp_free(&req);
			pp_free(&rep);
			break;
		} else {
			char origin[96];
			snprintf(origin, sizeof origin, "node=%s", c->node);
			verdict = handle_counted(c, origin, &req, &rep, subject, sizeof subject);
			if (t != PP_STATUS || strcmp(verdict, "skewed") == 0)
				logf_("node=%s %s %s: %s", c->node, type_name(t), subject, verdict);
		}
		pp_free(&req);
		/* The store's connection goes back before the answer is sent. */
		release_store(c, 0);
		int sent = pp_send(net_tls_write, c->tls, &rep);
		pp_free(&rep);
		if (sent != 0)
			break;
	}
	if (c->node[0])
		metrics_node(-1);
	gnutls_bye(c->tls, GNUTLS_SHUT_WR);
out:
	if (c->tls)
		gnutls_deinit(c->tls);
	close(c->fd);
	pwpol_policy_free(c->policy);
	release_store(c, 0);
	free(c);
	atomic_fetch_sub(&conns, 1);
	return NULL;
}

/* A `commit confirmed` past its deadline is restored by the conductor, on
 * its clock, not by whichever login comes first (which reads it as
 * restored but never writes). */
static void settle(const struct fleet_conductor_opts *o, time_t now)
{
	char err[512] = "";
	int restored = 0;
	/* A connection of the pool, not one of its own: a SQLite store closed
	 * in this process would drop the POSIX locks every other connection
	 * of the process holds on its files (fcntl locks are the process's),
	 * and a foreign client that then believes itself the last one folds
	 * the log back and removes it under them. */
	pwpol_store *s = pool_get(o->db, err, sizeof err);
	if (!s) {
		logf_("cannot open the store to settle a commit confirmed: %s", err);
		return;
	}
	pwpol_audit_set_origin("conductor");
	int broken = 0;
	if (pwpol_config_settle(s, now, &restored) != PWPOL_OK)
		broken = 1, logf_("cannot settle a commit confirmed: %s", pwpol_store_error(s));
	else if (restored)
		logf_(
		    "a commit confirmed ran out unconfirmed: the configuration before it restored");
	pool_put(s, broken);
}

int fleet_conductor_serve(const struct fleet_conductor_opts *o, FILE *log)
{
	log_out = log;
	char err[512] = "", fp[65] = "";
	/* The store is opened once here, so that a wrong --db fails at start;
	 * the fleet's CA is read from it (made there by the first conductor). */
	pwpol_store *s = NULL;
	if (pwpol_store_open(&s, o->db, 0, err, sizeof err) != PWPOL_OK) {
		fprintf(stderr, "pwpol conductor: %s\n", err);
		return 5;
	}
	/* The fleet's CA, its key and this conductor's certificate serve the
	 * nodes' TLS; a conductor for this machine's modules alone (--socket
	 * without --listen) needs none of them. */
	char *ca = NULL;
	if (o->listen &&
	    (fleet_init(s, o->state, !o->cert, err, sizeof err) != 0 || !(ca = fleet_ca_pem(s)) ||
	     fleet_ca_fingerprint(s, fp, sizeof fp, err, sizeof err) != 0)) {
		fprintf(stderr, "pwpol conductor: %s\n",
		        err[0] ? err : "cannot read the fleet CA from the store");
		free(ca);
		pwpol_store_close(s);
		return 5;
	}
	pool_max = o->store_connections ? o->store_connections : FLEET_STORE_CONNECTIONS;
	pool_free = calloc(pool_max, sizeof *pool_free);
	if (!pool_free) {
		pwpol_store_close(s);
		free(ca);
		return 5;
	}
	/* The first connection of the pool. */
	pool_free[pool_nfree++] = s;
	pool_open = 1;
	gnutls_certificate_credentials_t cred = NULL;
	int lfd = -1, ufd = -1;
	if (o->listen) {
		char certp[4096], keyp[4096];
		snprintf(certp, sizeof certp, "%s/conductor.pem", o->state);
		snprintf(keyp, sizeof keyp, "%s/conductor.key", o->state);
		int r = gnutls_certificate_allocate_credentials(&cred);
		if (r >= 0)
			r = gnutls_certificate_set_x509_key_file(cred, o->cert ? o->cert : certp,
			                                         o->key ? o->key : keyp,
			                                         GNUTLS_X509_FMT_PEM);
		gnutls_datum_t cad = {(unsigned char *)ca, (unsigned)strlen(ca)};
		if (r >= 0)
			r = gnutls_certificate_set_x509_trust_mem(cred, &cad, GNUTLS_X509_FMT_PEM);
		free(ca);
		if (r < 0) {
			fprintf(stderr, "pwpol conductor: cannot load the TLS files: %s\n",
			        gnutls_strerror(r));
			return 5;
		}
		lfd = net_listen(o->listen, 128);
		if (lfd < 0) {
			fprintf(stderr, "pwpol conductor: cannot listen on %s: %s\n", o->listen,
			        strerror(errno));
			gnutls_certificate_free_credentials(cred);
			return 5;
		}
		served = cred;
	}
	if (o->socket && (ufd = net_listen_unix(o->socket)) < 0) {
		fprintf(stderr, "pwpol conductor: cannot listen on %s: %s\n", o->socket,
		        strerror(errno));
		if (lfd >= 0)
			close(lfd);
		return 5;
	}
	if (o->metrics && metrics_start(o->metrics) != 0) {
		fprintf(stderr, "pwpol conductor: cannot serve the metrics on %s\n", o->metrics);
		if (lfd >= 0)
			close(lfd);
		if (ufd >= 0)
			close(ufd);
		return 5;
	}
	pwpol_audit_set_sink(audit_sink, NULL);
	struct sigaction sa = {.sa_handler = on_signal};
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	if (lfd >= 0)
		logf_("listening on %s (fleet CA sha256 %s)", o->listen, fp);
	if (ufd >= 0)
		logf_("listening on %s (this machine's modules)", o->socket);
	time_t settled = 0;
	while (!stopping) {
		time_t now = time(NULL) + o->clock_offset;
		if (now - settled >= SETTLE_SEC) {
			settle(o, now);
			settled = now;
		}
		struct pollfd pfd[2] = {{.fd = lfd, .events = POLLIN},
		                        {.fd = ufd, .events = POLLIN}};
		if (poll(pfd, 2, 500) <= 0)
			continue;
		for (int k = 0; k < 2; k++) {
			if (!(pfd[k].revents & POLLIN))
				continue;
			int fd = accept4(pfd[k].fd, NULL, NULL, SOCK_CLOEXEC);
			if (fd < 0)
				continue;
			if (atomic_fetch_add(&conns, 1) >= CONNS_MAX) {
				atomic_fetch_sub(&conns, 1);
				close(fd);
				continue;
			}
			struct conn *c = calloc(1, sizeof *c);
			pthread_t th;
			pthread_attr_t at;
			pthread_attr_init(&at);
			pthread_attr_setdetachstate(&at, PTHREAD_CREATE_DETACHED);
			if (c) {
				c->o = o;
				c->cred = cred;
				c->fd = fd;
				c->local = k == 1;
			}
			if (!c || pthread_create(&th, &at, serve_conn, c) != 0) {
				close(fd);
				free(c);
				atomic_fetch_sub(&conns, 1);
			}
			pthread_attr_destroy(&at);
		}
	}
	logf_("stopping");
	if (lfd >= 0)
		close(lfd);
	if (ufd >= 0) {
		close(ufd);
		unlink(o->socket);
	}
	/* Threads still serving keep the credentials (reachable from
	 * `served`, not leaked): the process ends now. With none left they
	 * are freed. */
	if (cred && atomic_load(&conns) == 0) {
		gnutls_certificate_free_credentials(cred);
		served = NULL;
	}
	return 0;
}
