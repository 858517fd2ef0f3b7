/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * server.c - the HTTP side of `pwpol web` over libmicrohttpd: the listen
 * address (loopback unless TLS) and the names served (a foreign Host is
 * refused: DNS rebinding), TLS 1.2+ with forward-secret AEAD suites and a
 * key file trusted as sshd trusts a host key, connection limits and
 * timeouts against idle floods, the request body with its size limit, the
 * association token printed at start, the CSRF check on every POST, the
 * security headers of every answer, and who acts: the policy in force
 * read again and the store acting as the signed-in account
 * (pwpol_store_act_as), with the change it must make first
 * (pwpol_store_actor_reason), before each request's pages run. Sessions
 * and the association token are in session.c; which page answers a
 * request is routes.c's table.
 */
#include "internal.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#define WEB_BODY_MAX 8192 /* the largest form or JSON call taken */
/* The policy page's forms carry a configuration text of up to
 * WEB_CONFIG_MAX bytes, each of which may take three once url-encoded. */
#define WEB_POLICY_BODY_MAX (3 * WEB_CONFIG_MAX + 4096)
/* Under load (slowloris: connections opened and left silent, or fed a
 * byte at a time): libmicrohttpd's epoll loop holds thousands of idle
 * connections for the price of a descriptor each, a silent one is closed
 * after WEB_CONN_TIMEOUT seconds, and one address holds at most
 * WEB_CONNECTIONS_PER_IP (a browser opens six to a host; an office
 * behind one NAT address a few dozen). The total is bounded by the
 * descriptors the process may open (raised to WEB_CONNECTIONS + a
 * margin when the hard limit allows). */
#define WEB_CONNECTIONS        4096
#define WEB_CONNECTIONS_PER_IP 64
#define WEB_CONN_TIMEOUT       15 /* seconds a silent connection is kept */
#define WEB_FD_MARGIN          64 /* descriptors kept for the store, the log, TLS files */
/* Threads reading and writing connections; the requests themselves run
 * one at a time (`lock`): the store handle and the sessions are shared. */
#define WEB_THREADS 4
#define WEB_PEM_MAX (64 * 1024)
/* TLS 1.2 and 1.3 only, forward-secret key exchange (ECDHE; TLS 1.3's
 * are all ephemeral) and AEAD ciphers only. */
#define WEB_TLS_PRIORITIES                                                                         \
	"SECURE128:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2:-CIPHER-ALL:+AES-256-GCM:+AES-128-GCM:"     \
	"+CHACHA20-POLY1305:-MAC-ALL:+AEAD:-KX-ALL:+ECDHE-ECDSA:+ECDHE-RSA:%SERVER_PRECEDENCE"
#define COOKIE "pwpol_session"
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
	int loopback;
	char listen_host[INET6_ADDRSTRLEN + 2]; /* as --listen gave it, [] kept */
	pthread_mutex_t lock;                   /* one request at a time */
};

static struct server srv;

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
	if (rq->challenge)
		MHD_add_response_header(r, "WWW-Authenticate", "Bearer realm=\"pwpol\"");
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
	if (rq->url && api_url(rq->url)) { /* a script reads JSON, refusals too */
		char t[160];
		snprintf(t, sizeof t, "%.*s", (int)strcspn(text, "\n"), text);
		rq->type = "application/json";
		buf_str(&rq->out, "{\"ok\":false,\"status\":\"invalid\",\"error\":");
		buf_json(&rq->out, t);
		text = "}\n";
	}
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
	if (dot && strcmp(dot, ".json") == 0)
		return "application/json";
	return "application/octet-stream";
}

static enum MHD_Result serve_asset(struct MHD_Connection *c, struct request *rq)
{
	/* The API's description, where its clients look for it. */
	const char *name = strcmp(rq->url, "/api/openapi.json") == 0 ? "openapi.json"
	                                                             : rq->url + strlen("/static/");
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

/* ---- who may ask ---------------------------------------------------------- */

/* The Host a request names is one this server serves: the --listen
 * address itself, a --server-name, or for a loopback address "localhost",
 * 127.0.0.1 and [::1]; a port after it is not compared (the connection
 * came to ours). A page of another site that rebinds its name to this
 * address (DNS rebinding) still sends its own name, and is refused. */
static int host_allowed(const char *h)
{
	if (!h)
		return 0;
	size_t n;
	if (h[0] == '[') {
		const char *close = strchr(h, ']');
		if (!close)
			return 0;
		n = (size_t)(close - h) + 1;
	} else {
		n = strcspn(h, ":");
	}
	const char *port = h + n;
	if (*port == ':') {
		size_t digits = strspn(port + 1, "0123456789");
		if (digits == 0 || digits > 5 || port[1 + digits])
			return 0;
	} else if (*port) {
		return 0;
	}
	if (n == 0)
		return 0;
	const char *loop[] = {"localhost", "127.0.0.1", "[::1]"};
	for (size_t i = 0; srv.loopback && i < sizeof loop / sizeof *loop; i++)
		if (strlen(loop[i]) == n && strncasecmp(h, loop[i], n) == 0)
			return 1;
	if (strlen(srv.listen_host) == n && strncasecmp(h, srv.listen_host, n) == 0)
		return 1;
	for (size_t i = 0; i < srv.o->n_server_names; i++)
		if (strlen(srv.o->server_names[i]) == n &&
		    strncasecmp(h, srv.o->server_names[i], n) == 0)
			return 1;
	return 0;
}

/* ---- one request -------------------------------------------------------- */

static time_t now_(void)
{
	return time(NULL) + srv.o->clock_offset;
}

/* The client the audit names: behind a trusted proxy, the one it
 * forwarded for (and the proxy as via=). */
static void set_origin(const struct request *rq)
{
	char origin[192];
	snprintf(origin, sizeof origin, "service=pwpol-web rhost=%s%s%s", rq->client,
	         rq->via[0] ? " via=" : "", rq->via);
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

/* A call of the JSON API, under the lock: no session and no CSRF token
 * (a Bearer token, which no browser sends by itself), the policy in force,
 * then api.c finds who acts. */
static enum MHD_Result api_request(struct MHD_Connection *c, struct request *rq)
{
	rq->now = now_();
	set_origin(rq);
	pwpol_policy *fresh = NULL;
	act(rq, &fresh);
	api_handle(rq, MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Authorization"));
	pwpol_store_act_as(srv.o->store, NULL, NULL, rq->now);
	enum MHD_Result ret = answer(c, rq);
	pwpol_policy_free(fresh);
	return ret;
}

/* One request, under the lock: its session, its CSRF check, who acts, the
 * page. */
static enum MHD_Result request(struct MHD_Connection *c, struct request *rq, int post)
{
	rq->now = now_();
	set_origin(rq);
	rq->session = session_find(
	    MHD_lookup_connection_value(c, MHD_COOKIE_KIND, rq->tls ? COOKIE_TLS : COOKIE),
	    rq->now);
	if (post) {
		/* Every call that changes anything carries the session's token,
		 * in the form or (for the script's calls) a header. */
		char token[WEB_ID_HEX + 2];
		const char *h = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-CSRF-Token");
		if (h)
			snprintf(token, sizeof token, "%s", h);
		else if (form_get(rq->body, rq->len, "csrf", token, sizeof token, NULL) != 0)
			token[0] = 0;
		if (!rq->session || !web_same_id(rq->session->csrf, token))
			return plain(c, rq, MHD_HTTP_FORBIDDEN,
			             "refused: the form is stale or came from another site; "
			             "reload the page\n");
	} else if (!rq->session) {
		rq->session = session_new(rq->now);
		rq->set_cookie = 1;
		if (!rq->session)
			return plain(c, rq, MHD_HTTP_SERVICE_UNAVAILABLE, "no random bytes\n");
	}
	session_touch(rq->session, rq->now);
	/* The association token of the address `pwpol web` printed: this
	 * session may associate; the address bar loses it. */
	const char *t =
	    post ? NULL : MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "token");
	if (t) {
		if (!web_association_token_ok(t))
			return plain(c, rq, MHD_HTTP_FORBIDDEN,
			             "refused: not the association token printed by pwpol web, or "
			             "association is over\n");
		rq->session->associate = 1;
		redirect(rq, "/");
		return answer(c, rq);
	}
	pwpol_policy *fresh = NULL;
	act(rq, &fresh);
	route(rq);
	enum MHD_Result ret = answer(c, rq);
	pwpol_policy_free(fresh);
	return ret;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *full_url,
                              const char *method, const char *version, const char *upload,
                              size_t *upload_size, void **con_cls)
{
	(void)cls;
	(void)version;
	struct conn *cn = *con_cls;
	const char *url = proxy_within_base(srv.o, full_url);
	if (!url)
		url = "/-"; /* answered 404 below, its body read and dropped */
	int post = strcmp(method, MHD_HTTP_METHOD_POST) == 0;
	if (!cn) {
		cn = calloc(1, sizeof *cn);
		if (!cn)
			return MHD_NO;
		cn->max = strcmp(url, "/policy") == 0 || strncmp(url, "/api/v1/policy/", 15) == 0
		              ? WEB_POLICY_BODY_MAX
		              : WEB_BODY_MAX;
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
	rq.status = MHD_HTTP_OK;

	/* Who asks (proxy.c): the peer, or behind a trusted proxy the
	 * client it forwarded for, and the host it asked for. */
	struct forwarded fw;
	const char *host = proxy_who(c, &rq, &fw);

	/* Before anything else: a name this server does not serve gets
	 * nothing, no session, no cookie, no page. */
	if (!host_allowed(host))
		return plain(c, &rq, MHD_HTTP_MISDIRECTED_REQUEST,
		             "misdirected request: this server does not serve that host name\n");
	if (!proxy_within_base(srv.o, full_url) || strcmp(url, "/-") == 0)
		return plain(c, &rq, MHD_HTTP_NOT_FOUND, "not found\n");
	if (!url[0]) {
		char to[320];
		snprintf(to, sizeof to, "%s/", srv.o->base_path);
		rq.location = to;
		return plain(c, &rq, MHD_HTTP_MOVED_PERMANENTLY, "moved\n");
	}
	int api = api_url(url);
	if (!post && strcmp(method, MHD_HTTP_METHOD_GET) != 0 &&
	    strcmp(method, MHD_HTTP_METHOD_HEAD) != 0 &&
	    !(api && strcmp(method, MHD_HTTP_METHOD_DELETE) == 0))
		return plain(c, &rq, MHD_HTTP_METHOD_NOT_ALLOWED, "method not allowed\n");
	if (cn->too_large)
		return plain(c, &rq, MHD_HTTP_CONTENT_TOO_LARGE, "request too large\n");
	if ((strncmp(url, "/static/", 8) == 0 || strcmp(url, "/api/openapi.json") == 0) && !post)
		return serve_asset(c, &rq);
	if (api) {
		pthread_mutex_lock(&srv.lock);
		enum MHD_Result ret = api_request(c, &rq);
		pwpol_audit_set_origin(NULL);
		pthread_mutex_unlock(&srv.lock);
		return ret;
	}

	pthread_mutex_lock(&srv.lock);
	enum MHD_Result ret = request(c, &rq, post);
	pwpol_audit_set_origin(NULL);
	pthread_mutex_unlock(&srv.lock);
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

/* A PEM file into memory (the key is wiped by the caller), or NULL with
 * the reason in `why`. Opened without blocking (a FIFO named here would
 * hang the start) and judged on the descriptor: a regular file; for the
 * key, as sshd judges a host key, owned by this user or root and neither
 * readable nor writable by group or others. */
static char *read_pem(const char *path, int key, char *why, size_t whylen)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		snprintf(why, whylen, "%s", strerror(errno));
		return NULL;
	}
	struct stat st;
	char *p = NULL;
	if (fstat(fd, &st) != 0)
		snprintf(why, whylen, "%s", strerror(errno));
	else if (!S_ISREG(st.st_mode))
		snprintf(why, whylen, "not a regular file");
	else if (key && st.st_uid != geteuid() && st.st_uid != 0)
		snprintf(why, whylen, "owned by uid %u, neither this user nor root",
		         (unsigned)st.st_uid);
	else if (key && (st.st_mode & 077))
		snprintf(why, whylen,
		         "its mode %04o lets group or others at the private key (chmod 600 it)",
		         (unsigned)(st.st_mode & 07777));
	else if (st.st_size >= WEB_PEM_MAX)
		snprintf(why, whylen, "larger than %d bytes", WEB_PEM_MAX);
	else if (!(p = calloc(1, (size_t)st.st_size + 1)))
		snprintf(why, whylen, "out of memory");
	if (p) {
		size_t got = 0;
		while (got < (size_t)st.st_size) {
			ssize_t n = read(fd, p + got, (size_t)st.st_size - got);
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0)
				break;
			got += (size_t)n;
		}
		if (got != (size_t)st.st_size) {
			snprintf(why, whylen, "short read");
			pwpol_wipe(p, (size_t)st.st_size);
			free(p);
			p = NULL;
		}
	}
	close(fd);
	return p;
}

/* The association token into `path`, for whoever may read it alone (a
 * service's standard output may go to a journal that others read): made
 * 0600 if new; an existing one must be a regular file of this user with
 * one link, and is rewritten; a symbolic link is not followed. 0, or -1
 * with the reason in `why`. */
static int write_token(const char *path, char *why, size_t whylen)
{
	int fd =
	    open(path, O_WRONLY | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY, 0600);
	if (fd < 0) {
		snprintf(why, whylen, "%s", strerror(errno));
		return -1;
	}
	struct stat st;
	int rc = -1;
	if (fstat(fd, &st) != 0)
		snprintf(why, whylen, "%s", strerror(errno));
	else if (!S_ISREG(st.st_mode))
		snprintf(why, whylen, "not a regular file");
	else if (st.st_uid != geteuid())
		snprintf(why, whylen, "owned by uid %u, not by this user", (unsigned)st.st_uid);
	else if (st.st_nlink != 1)
		snprintf(why, whylen, "has %lu links", (unsigned long)st.st_nlink);
	else if (fchmod(fd, 0600) != 0 || ftruncate(fd, 0) != 0)
		snprintf(why, whylen, "%s", strerror(errno));
	else if (dprintf(fd, "%s\n", web_association_token()) != WEB_ID_HEX + 1 || fsync(fd) != 0)
		snprintf(why, whylen, "cannot write it");
	else
		rc = 0;
	close(fd);
	return rc;
}

static void free_pem(char *p)
{
	if (p) {
		pwpol_wipe(p, strlen(p));
		free(p);
	}
}

/* Room for WEB_CONNECTIONS descriptors when the hard limit allows;
 * the connection limit that the descriptors leave. */
static unsigned connection_limit(void)
{
	struct rlimit rl;
	rlim_t want = WEB_CONNECTIONS + WEB_FD_MARGIN;
	if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
		return 256;
	if (rl.rlim_cur < want) {
		rl.rlim_cur =
		    rl.rlim_max == RLIM_INFINITY || rl.rlim_max >= want ? want : rl.rlim_max;
		if (setrlimit(RLIMIT_NOFILE, &rl) != 0)
			getrlimit(RLIMIT_NOFILE, &rl);
	}
	if (rl.rlim_cur >= want)
		return WEB_CONNECTIONS;
	return rl.rlim_cur > 2 * WEB_FD_MARGIN ? (unsigned)(rl.rlim_cur - WEB_FD_MARGIN)
	                                       : WEB_FD_MARGIN;
}

static int wildcard(const struct sockaddr_storage *ss)
{
	if (ss->ss_family == AF_INET6)
		return IN6_IS_ADDR_UNSPECIFIED(
		    &((const struct sockaddr_in6 *)(const void *)ss)->sin6_addr);
	return ((const struct sockaddr_in *)(const void *)ss)->sin_addr.s_addr == htonl(INADDR_ANY);
}

/* The daemon on the address `ss`, or on the listening socket `fd` (> 0:
 * passed by systemd, or a copy of the one a reload replaces). The PEM
 * texts must outlive it (libmicrohttpd keeps them). */
static struct MHD_Daemon *start_daemon(unsigned flags, const struct sockaddr_storage *ss, int fd,
                                       char *cert, char *key)
{
	struct MHD_OptionItem opts[] = {
	    {fd > 0 ? MHD_OPTION_LISTEN_SOCKET : MHD_OPTION_SOCK_ADDR, fd > 0 ? fd : 0,
	     fd > 0 ? NULL : (void *)ss},
	    {cert ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END, 0, cert},
	    {cert ? MHD_OPTION_HTTPS_MEM_KEY : MHD_OPTION_END, 0, key},
	    {cert ? MHD_OPTION_HTTPS_PRIORITIES : MHD_OPTION_END, 0, (void *)WEB_TLS_PRIORITIES},
	    {MHD_OPTION_END, 0, NULL}};
	return MHD_start_daemon(
	    flags, 0, NULL, NULL, handle, NULL, MHD_OPTION_THREAD_POOL_SIZE, (unsigned)WEB_THREADS,
	    MHD_OPTION_CONNECTION_LIMIT, connection_limit(), MHD_OPTION_PER_IP_CONNECTION_LIMIT,
	    (unsigned)WEB_CONNECTIONS_PER_IP, MHD_OPTION_CONNECTION_TIMEOUT,
	    (unsigned)WEB_CONN_TIMEOUT, MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(32 * 1024),
	    MHD_OPTION_NOTIFY_COMPLETED, completed, NULL, MHD_OPTION_ARRAY, opts, MHD_OPTION_END);
}

/* SIGHUP: the certificate and key read again and served by a new daemon on
 * the same socket, the old one then stopped (sessions are the server's,
 * not a daemon's, and stay). Whatever fails keeps the running daemon. */
static struct MHD_Daemon *reload(struct MHD_Daemon *d, unsigned flags, const struct web_opts *o,
                                 char **cert, char **key)
{
	if (!o->cert)
		return d; /* nothing read from a file */
	char why[160];
	const char *bad = o->cert;
	char *c = read_pem(o->cert, 0, why, sizeof why), *k = NULL;
	if (c) {
		bad = o->key;
		k = read_pem(o->key, 1, why, sizeof why);
	}
	const union MHD_DaemonInfo *li = MHD_get_daemon_info(d, MHD_DAEMON_INFO_LISTEN_FD);
	int fd = c && k && li ? fcntl(li->listen_fd, F_DUPFD_CLOEXEC, 3) : -1;
	struct MHD_Daemon *n = fd > 0 ? start_daemon(flags, NULL, fd, c, k) : NULL;
	if (!n) {
		if (fd > 0)
			close(fd);
		if (c && k)
			fprintf(stderr,
			        "pwpol: web: reload: %s and %s: not a certificate and its key; "
			        "still serving the previous ones\n",
			        o->cert, o->key);
		else
			fprintf(stderr,
			        "pwpol: web: reload: %s %s: %s; still serving the previous ones\n",
			        bad == o->cert ? "--tls-cert" : "--tls-key", bad, why);
		free_pem(c);
		free_pem(k);
		return d;
	}
	MHD_socket old = MHD_quiesce_daemon(d);
	if (old != MHD_INVALID_SOCKET)
		close(old);
	MHD_stop_daemon(d);
	free_pem(*cert);
	free_pem(*key);
	*cert = c;
	*key = k;
	fprintf(stderr, "pwpol: web: reloaded %s and %s\n", o->cert, o->key);
	return n;
}

int web_serve(const struct web_opts *o, FILE *out)
{
	web_text_bind();
	struct sockaddr_storage ss;
	int loopback = 0;
	if (parse_listen(o->listen, &ss, &loopback) != 0) {
		web_refuse(o, out, 2,
		           "--listen %s: give a numeric ADDR:PORT, e.g. 127.0.0.1:8443 or "
		           "[::1]:8443",
		           o->listen);
		return 2;
	}
	if (!o->cert != !o->key) {
		web_refuse(o, out, 2, "--tls-cert and --tls-key go together");
		return 2;
	}
	if (!loopback && !o->cert) {
		web_refuse(o, out, 2,
		           "refusing to listen on %s without TLS: passwords would cross "
		           "the network in clear (give --tls-cert and --tls-key, or a loopback "
		           "address)",
		           o->listen);
		return 2;
	}
	if (wildcard(&ss) && o->n_server_names == 0) {
		web_refuse(o, out, 2,
		           "listening on %s takes --server-name NAME: the name (or "
		           "address) browsers reach this machine by, the only one its pages answer",
		           o->listen);
		return 2;
	}
	char *cert = NULL, *key = NULL;
	if (o->cert) {
		char why[160];
		const char *bad = o->cert;
		cert = read_pem(o->cert, 0, why, sizeof why);
		if (cert) {
			bad = o->key;
			key = read_pem(o->key, 1, why, sizeof why);
		}
		if (!cert || !key) {
			web_refuse(o, out, 2, "%s %s: %s",
			           bad == o->cert ? "--tls-cert" : "--tls-key", bad, why);
			free_pem(cert);
			free_pem(key);
			return 2;
		}
	}
	memset(&srv, 0, sizeof srv);
	srv.o = o;
	srv.tls = cert != NULL;
	srv.loopback = loopback;
	snprintf(srv.listen_host, sizeof srv.listen_host, "%.*s",
	         (int)(strrchr(o->listen, ':') - o->listen), o->listen);
	pthread_mutex_init(&srv.lock, NULL);
	sessions_init(o->idle);
	if (web_association_token_new() != 0) {
		web_refuse(o, out, 5, "no random bytes for the association token");
		free_pem(cert);
		free_pem(key);
		return 5;
	}
	char why[160];
	if (o->token_file && write_token(o->token_file, why, sizeof why) != 0) {
		web_refuse(o, out, 2, "--token-file %s: %s", o->token_file, why);
		free_pem(cert);
		free_pem(key);
		web_association_token_spend();
		pwpol_wipe(&srv, sizeof srv);
		return 2;
	}

	/* The daemon's thread inherits this mask, so the signals come here. */
	sigset_t sigs;
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);

	/* ITC: a reload stops the old daemon from accepting (quiesce). */
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO | MHD_USE_ITC;
	if (ss.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	if (cert)
		flags |= MHD_USE_TLS;
	struct MHD_Daemon *d = start_daemon(flags, &ss, o->listen_fd, cert, key);
	if (!d) {
		free_pem(cert);
		free_pem(key);
		web_refuse(o, out, 5, "cannot listen on %s", o->listen);
		pthread_sigmask(SIG_UNBLOCK, &sigs, NULL);
		pthread_mutex_destroy(&srv.lock);
		pwpol_wipe(&srv, sizeof srv);
		return 5;
	}
	const union MHD_DaemonInfo *di = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	const char *host = o->n_server_names ? o->server_names[0] : srv.listen_host;
	unsigned port = di ? (unsigned)di->port : 0u;
	web_announce(out, o, srv.tls ? "https" : "http", srv.listen_host, host, port,
	             web_association_token());
	fflush(out);
	web_notify("READY=1");
	for (;;) {
		int sig = 0;
		if (sigwait(&sigs, &sig) != 0)
			continue;
		if (sig != SIGHUP)
			break;
		web_notify("RELOADING=1");
		d = reload(d, flags, o, &cert, &key);
		web_notify("READY=1");
	}
	web_notify("STOPPING=1");
	MHD_stop_daemon(d);
	free_pem(cert);
	free_pem(key);
	pthread_sigmask(SIG_UNBLOCK, &sigs, NULL);
	sessions_wipe();
	pthread_mutex_destroy(&srv.lock);
	pwpol_wipe(&srv, sizeof srv);
	return 0;
}
