/*
 * server.c - the HTTP side of `pwpol web` over libmicrohttpd: the listen
 * address (loopback unless TLS), the request body with its size limit,
 * sessions with random 256-bit ids and an idle timeout, the CSRF check on
 * every POST, the security headers of every answer, and who acts: the
 * policy in force read again and the store acting as the signed-in
 * account (pwpol_store_act_as), with the change it must make first
 * (pwpol_store_actor_reason), before each request's pages run. The
 * pages themselves are in pages.c and admin.c.
 */
#include "internal.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#define WEB_BODY_MAX 8192 /* the largest form or JSON call taken */
/* The policy page's forms carry a configuration text of up to
 * WEB_CONFIG_MAX bytes, each of which may take three once url-encoded. */
#define WEB_POLICY_BODY_MAX (3 * WEB_CONFIG_MAX + 4096)
#define WEB_SESSIONS        256 /* the oldest idle one gives way beyond this */
#define WEB_CONNECTIONS     64
#define WEB_CONN_TIMEOUT    30 /* seconds a silent connection is kept */
#define WEB_PEM_MAX         (64 * 1024)
#define COOKIE              "pwpol_session"
/* Under TLS the browser keeps a __Host- cookie only when it is Secure, for
 * this host alone and Path=/: no other site or plain-HTTP page can set it. */
#define COOKIE_TLS "__Host-pwpol_session"

static const char csp[] = "default-src 'none'; script-src 'self'; style-src 'self'; "
                          "img-src 'self'; connect-src 'self'; form-action 'self'; "
                          "frame-ancestors 'none'; base-uri 'none'";

/* One request's state across libmicrohttpd's calls. */
struct conn {
	struct buf body; /* wiped when freed: it holds passwords */
	size_t max;
	int too_large;
};

struct server {
	const struct web_opts *o;
	int tls;
	struct session sessions[WEB_SESSIONS];
};

static struct server srv;

/* ---- sessions ---------------------------------------------------------- */

static int random_hex(char *out)
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

/* Compares two ids in a time that does not depend on where they differ. */
static int same_id(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	unsigned char d = la != WEB_ID_HEX || lb != WEB_ID_HEX;
	for (size_t i = 0; i < WEB_ID_HEX && i < la && i < lb; i++)
		d |= (unsigned char)(a[i] ^ b[i]);
	return d == 0;
}

static int expired(const struct session *s, time_t now)
{
	return now - s->last > (time_t)srv.o->idle || now < s->last;
}

static struct session *session_find(const char *id, time_t now)
{
	if (!id)
		return NULL;
	for (size_t i = 0; i < WEB_SESSIONS; i++) {
		struct session *s = &srv.sessions[i];
		if (!s->used || !same_id(s->id, id))
			continue;
		if (expired(s, now)) {
			memset(s, 0, sizeof *s);
			return NULL;
		}
		return s;
	}
	return NULL;
}

static struct session *session_new(time_t now)
{
	struct session *pick = NULL;
	for (size_t i = 0; i < WEB_SESSIONS && !pick; i++)
		if (!srv.sessions[i].used || expired(&srv.sessions[i], now))
			pick = &srv.sessions[i];
	for (size_t i = 0; i < WEB_SESSIONS && !pick; i++)
		if (!pick || srv.sessions[i].last < pick->last)
			pick = &srv.sessions[i];
	if (!pick)
		pick = &srv.sessions[0];
	memset(pick, 0, sizeof *pick);
	if (random_hex(pick->id) || random_hex(pick->csrf)) {
		memset(pick, 0, sizeof *pick);
		return NULL;
	}
	pick->used = 1;
	pick->last = now;
	return pick;
}

struct session *session_renew(struct request *rq)
{
	if (rq->session)
		memset(rq->session, 0, sizeof *rq->session);
	rq->session = session_new(rq->now);
	rq->set_cookie = rq->session != NULL;
	return rq->session;
}

void session_end(struct request *rq)
{
	session_renew(rq);
}

/* ---- answers ----------------------------------------------------------- */

static void add_headers(struct MHD_Response *r, const struct request *rq, int cacheable)
{
	MHD_add_response_header(r, "Content-Security-Policy", csp);
	MHD_add_response_header(r, "X-Frame-Options", "DENY");
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(r, "Cross-Origin-Opener-Policy", "same-origin");
	MHD_add_response_header(r, "Cache-Control", cacheable ? "max-age=3600" : "no-store");
	if (rq->tls)
		MHD_add_response_header(r, "Strict-Transport-Security", "max-age=31536000");
	if (rq->location)
		MHD_add_response_header(r, "Location", rq->location);
	if (rq->set_cookie && rq->session) {
		char c[256];
		snprintf(c, sizeof c, "%s=%s; Path=/; HttpOnly; SameSite=Strict%s",
		         rq->tls ? COOKIE_TLS : COOKIE, rq->session->id, rq->tls ? "; Secure" : "");
		MHD_add_response_header(r, "Set-Cookie", c);
	}
}

static enum MHD_Result answer(struct MHD_Connection *c, struct request *rq)
{
	if (rq->out.failed) {
		buf_free(&rq->out);
		rq->status = MHD_HTTP_INTERNAL_SERVER_ERROR;
		rq->type = "text/plain; charset=utf-8";
		buf_str(&rq->out, "out of memory\n");
	}
	struct MHD_Response *r = MHD_create_response_from_buffer(
	    rq->out.n, rq->out.p ? rq->out.p : (char *)"", MHD_RESPMEM_MUST_COPY);
	buf_free(&rq->out);
	if (!r)
		return MHD_NO;
	add_headers(r, rq, 0);
	if (rq->type)
		MHD_add_response_header(r, "Content-Type", rq->type);
	enum MHD_Result ret = MHD_queue_response(c, (unsigned)rq->status, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result plain(struct MHD_Connection *c, struct request *rq, int status,
                             const char *text)
{
	rq->status = status;
	rq->type = "text/plain; charset=utf-8";
	buf_str(&rq->out, text);
	return answer(c, rq);
}

static const char *asset_type(const char *name)
{
	const char *dot = strrchr(name, '.');
	if (dot && strcmp(dot, ".css") == 0)
		return "text/css; charset=utf-8";
	if (dot && strcmp(dot, ".js") == 0)
		return "text/javascript; charset=utf-8";
	if (dot && strcmp(dot, ".svg") == 0)
		return "image/svg+xml";
	return "application/octet-stream";
}

static enum MHD_Result serve_asset(struct MHD_Connection *c, struct request *rq)
{
	const char *name = rq->url + strlen("/static/");
	for (const struct web_asset *a = web_assets; a->name; a++) {
		if (strcmp(a->name, name) != 0)
			continue;
		struct MHD_Response *r = MHD_create_response_from_buffer(
		    a->len, (void *)(uintptr_t)a->data, MHD_RESPMEM_PERSISTENT);
		if (!r)
			return MHD_NO;
		add_headers(r, rq, 1);
		MHD_add_response_header(r, "Content-Type", asset_type(a->name));
		enum MHD_Result ret = MHD_queue_response(c, MHD_HTTP_OK, r);
		MHD_destroy_response(r);
		return ret;
	}
	return plain(c, rq, MHD_HTTP_NOT_FOUND, "not found\n");
}

/* ---- one request -------------------------------------------------------- */

static time_t now_(void)
{
	return time(NULL) + srv.o->clock_offset;
}

static void set_origin(struct MHD_Connection *c)
{
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	char addr[INET6_ADDRSTRLEN] = "?";
	if (ci && ci->client_addr) {
		const struct sockaddr *sa = ci->client_addr;
		if (sa->sa_family == AF_INET)
			inet_ntop(AF_INET,
			          &((const struct sockaddr_in *)(const void *)sa)->sin_addr, addr,
			          sizeof addr);
		else if (sa->sa_family == AF_INET6)
			inet_ntop(AF_INET6,
			          &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, addr,
			          sizeof addr);
	}
	char origin[128];
	snprintf(origin, sizeof origin, "service=pwpol-web rhost=%s", addr);
	pwpol_audit_set_origin(origin);
}

/* Appends a piece of the body; beyond the URL's limit the request is
 * marked too large (answered 413 once it is all read). -1: no memory. */
static int body_add(struct conn *cn, const char *p, size_t n)
{
	if (n > cn->max - cn->body.n) {
		cn->too_large = 1;
		return 0;
	}
	buf_add(&cn->body, p, n);
	return cn->body.failed ? -1 : 0;
}

/* The policy in force at this request (a commit made on the policy page
 * applies from the next one), and the store acting as the session's
 * account: from here on the library decides what the request may do.
 * A session whose account is gone is signed out. */
static void act(struct request *rq, pwpol_policy **fresh)
{
	pwpol_store *s = srv.o->store;
	pwpol_store_act_as(s, NULL, NULL, rq->now);
	pwpol_config_errors *errs = NULL;
	if (pwpol_policy_load_from(s, srv.o->config, rq->now, fresh, &errs, rq->policy_from,
	                           sizeof rq->policy_from) == PWPOL_OK)
		rq->policy = *fresh;
	pwpol_config_errors_free(errs);
	if (!rq->session || !rq->session->user[0])
		return;
	if (pwpol_store_act_as(s, rq->policy, rq->session->user, rq->now) == PWPOL_ENOENT) {
		rq->session->user[0] = 0;
		return;
	}
	/* A change that fell due since sign-in (an administrator's reset, the
	 * password's expiry) sends the session to the change page as sign-in
	 * does, and the change lifts it: the library says which. */
	enum pwpol_change_reason why;
	if (pwpol_store_actor_reason(s, &why) == PWPOL_OK)
		rq->session->reason = (int)why;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url,
                              const char *method, const char *version, const char *upload,
                              size_t *upload_size, void **con_cls)
{
	(void)cls;
	(void)version;
	struct conn *cn = *con_cls;
	int post = strcmp(method, MHD_HTTP_METHOD_POST) == 0;
	if (!cn) {
		cn = calloc(1, sizeof *cn);
		if (!cn)
			return MHD_NO;
		cn->max = strcmp(url, "/policy") == 0 ? WEB_POLICY_BODY_MAX : WEB_BODY_MAX;
		*con_cls = cn;
		return MHD_YES;
	}
	if (*upload_size) {
		if (!cn->too_large && body_add(cn, upload, *upload_size) != 0)
			return MHD_NO;
		*upload_size = 0;
		return MHD_YES;
	}

	struct request rq = {0};
	rq.o = srv.o;
	rq.method = method;
	rq.url = url;
	rq.body = cn->body.p ? cn->body.p : "";
	rq.len = cn->body.n;
	rq.policy = srv.o->policy;
	rq.tls = srv.tls;
	rq.now = now_();
	rq.status = MHD_HTTP_OK;
	set_origin(c);

	if (!post && strcmp(method, MHD_HTTP_METHOD_GET) != 0 &&
	    strcmp(method, MHD_HTTP_METHOD_HEAD) != 0)
		return plain(c, &rq, MHD_HTTP_METHOD_NOT_ALLOWED, "method not allowed\n");
	if (cn->too_large)
		return plain(c, &rq, MHD_HTTP_CONTENT_TOO_LARGE, "request too large\n");
	if (strncmp(url, "/static/", 8) == 0 && !post)
		return serve_asset(c, &rq);

	rq.session = session_find(
	    MHD_lookup_connection_value(c, MHD_COOKIE_KIND, srv.tls ? COOKIE_TLS : COOKIE), rq.now);
	if (post) {
		/* Every call that changes anything carries the session's token,
		 * in the form or (for the script's calls) a header. */
		char token[WEB_ID_HEX + 2];
		const char *h = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-CSRF-Token");
		if (h)
			snprintf(token, sizeof token, "%s", h);
		else if (form_get(rq.body, rq.len, "csrf", token, sizeof token, NULL) != 0)
			token[0] = 0;
		if (!rq.session || !same_id(rq.session->csrf, token))
			return plain(c, &rq, MHD_HTTP_FORBIDDEN,
			             "refused: the form is stale or came from another site; "
			             "reload the page\n");
	} else if (!rq.session) {
		rq.session = session_new(rq.now);
		rq.set_cookie = 1;
		if (!rq.session)
			return plain(c, &rq, MHD_HTTP_SERVICE_UNAVAILABLE, "no random bytes\n");
	}
	rq.session->last = rq.now;
	pwpol_policy *fresh = NULL;
	act(&rq, &fresh);
	pages_handle(&rq);
	enum MHD_Result ret = answer(c, &rq);
	pwpol_policy_free(fresh);
	return ret;
}

static void completed(void *cls, struct MHD_Connection *c, void **con_cls,
                      enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	(void)c;
	(void)toe;
	struct conn *cn = *con_cls;
	if (cn) {
		buf_free(&cn->body);
		free(cn);
	}
	*con_cls = NULL;
	pwpol_audit_set_origin(NULL);
}

/* ---- the listening socket ------------------------------------------------ */

/* ADDR:PORT or [ADDR6]:PORT, numeric only; *loopback says whether only
 * this machine can reach it. 0 or -1. */
static int parse_listen(const char *s, struct sockaddr_storage *ss, int *loopback)
{
	char host[INET6_ADDRSTRLEN + 2];
	const char *colon = strrchr(s, ':');
	if (!colon || colon == s)
		return -1;
	size_t hl = (size_t)(colon - s);
	if (hl >= sizeof host)
		return -1;
	memcpy(host, s, hl);
	host[hl] = 0;
	char *end;
	errno = 0;
	long port = strtol(colon + 1, &end, 10);
	if (!colon[1] || *end || errno || port < 0 || port > 65535)
		return -1;
	memset(ss, 0, sizeof *ss);
	if (host[0] == '[' && host[hl - 1] == ']') {
		host[hl - 1] = 0;
		struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)ss;
		if (inet_pton(AF_INET6, host + 1, &a6->sin6_addr) != 1)
			return -1;
		a6->sin6_family = AF_INET6;
		a6->sin6_port = htons((uint16_t)port);
		*loopback = IN6_IS_ADDR_LOOPBACK(&a6->sin6_addr);
		return 0;
	}
	struct sockaddr_in *a4 = (struct sockaddr_in *)ss;
	if (inet_pton(AF_INET, host, &a4->sin_addr) != 1)
		return -1;
	a4->sin_family = AF_INET;
	a4->sin_port = htons((uint16_t)port);
	*loopback = (ntohl(a4->sin_addr.s_addr) >> 24) == 127;
	return 0;
}

/* A PEM file into memory (the key is wiped by the caller). */
static char *read_pem(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return NULL;
	struct stat st;
	char *p = NULL;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size < WEB_PEM_MAX &&
	    (p = calloc(1, (size_t)st.st_size + 1))) {
		size_t got = 0;
		while (got < (size_t)st.st_size) {
			ssize_t n = read(fd, p + got, (size_t)st.st_size - got);
			if (n <= 0)
				break;
			got += (size_t)n;
		}
		if (got != (size_t)st.st_size) {
			pwpol_wipe(p, (size_t)st.st_size);
			free(p);
			p = NULL;
		}
	}
	close(fd);
	return p;
}

static void free_pem(char *p)
{
	if (p) {
		pwpol_wipe(p, strlen(p));
		free(p);
	}
}

int web_serve(const struct web_opts *o, FILE *out)
{
	struct sockaddr_storage ss;
	int loopback = 0;
	if (parse_listen(o->listen, &ss, &loopback) != 0) {
		fprintf(stderr,
		        "pwpol: web: --listen %s: give a numeric ADDR:PORT, e.g. 127.0.0.1:8443 or "
		        "[::1]:8443\n",
		        o->listen);
		return 2;
	}
	if (!o->cert != !o->key) {
		fprintf(stderr, "pwpol: web: --tls-cert and --tls-key go together\n");
		return 2;
	}
	if (!loopback && !o->cert) {
		fprintf(stderr,
		        "pwpol: web: refusing to listen on %s without TLS: passwords would cross "
		        "the network in clear (give --tls-cert and --tls-key, or a loopback "
		        "address)\n",
		        o->listen);
		return 2;
	}
	char *cert = NULL, *key = NULL;
	if (o->cert) {
		cert = read_pem(o->cert);
		key = read_pem(o->key);
		if (!cert || !key) {
			fprintf(stderr, "pwpol: web: cannot read %s\n", !cert ? o->cert : o->key);
			free_pem(cert);
			free_pem(key);
			return 2;
		}
	}
	memset(&srv, 0, sizeof srv);
	srv.o = o;
	srv.tls = cert != NULL;

	/* The daemon's thread inherits this mask, so the signals come here. */
	sigset_t sigs;
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);

	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO;
	if (ss.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	if (cert)
		flags |= MHD_USE_TLS;
	struct MHD_OptionItem tls[] = {{cert ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END, 0, cert},
	                               {cert ? MHD_OPTION_HTTPS_MEM_KEY : MHD_OPTION_END, 0, key},
	                               {MHD_OPTION_END, 0, NULL}};
	struct MHD_Daemon *d = MHD_start_daemon(
	    flags, 0, NULL, NULL, handle, NULL, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned)WEB_CONNECTIONS, MHD_OPTION_CONNECTION_TIMEOUT,
	    (unsigned)WEB_CONN_TIMEOUT, MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(32 * 1024),
	    MHD_OPTION_NOTIFY_COMPLETED, completed, NULL, MHD_OPTION_ARRAY, tls, MHD_OPTION_END);
	if (!d) {
		free_pem(cert);
		free_pem(key);
		fprintf(stderr, "pwpol: web: cannot listen on %s\n", o->listen);
		pthread_sigmask(SIG_UNBLOCK, &sigs, NULL);
		return 5;
	}
	const union MHD_DaemonInfo *di = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	char host[INET6_ADDRSTRLEN + 2];
	snprintf(host, sizeof host, "%.*s", (int)(strrchr(o->listen, ':') - o->listen), o->listen);
	fprintf(out, "pwpol web: listening on %s://%s:%u/\n", srv.tls ? "https" : "http", host,
	        di ? (unsigned)di->port : 0u);
	fflush(out);
	int sig = 0;
	while (sigwait(&sigs, &sig) != 0)
		;
	MHD_stop_daemon(d);
	free_pem(cert);
	free_pem(key);
	pthread_sigmask(SIG_UNBLOCK, &sigs, NULL);
	pwpol_wipe(&srv, sizeof srv);
	return 0;
}
