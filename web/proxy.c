/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * proxy.c - `pwpol web --trusted-proxy ADDR`: behind a reverse proxy
 * (nginx, Caddy) the connection comes from the proxy, and what the client
 * was is in the headers the proxy adds: Forwarded (RFC 7239), or
 * X-Forwarded-For, -Proto and -Host. They are read only from a connection
 * whose peer is the trusted proxy's address: anyone else could write them,
 * to hide behind another address in the audit log or to have a session
 * cookie sent without Secure. Of a list of hops the last is taken, the one
 * the trusted proxy itself added; what came before it is the client's
 * word. X-Forwarded-For is read first, Forwarded only in its absence: nginx
 * sets the X- headers and passes a Forwarded that the client wrote on
 * untouched (cli-web-proxy.sh plays that client), so a proxy that speaks
 * Forwarded must also drop an X-Forwarded-For it did not write.
 */
#include "internal.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <string.h>
#include <strings.h>

/* The peer's address as text, in out (INET6_ADDRSTRLEN). */
void proxy_peer(const struct sockaddr *sa, char *out, size_t cap)
{
	snprintf(out, cap, "?");
	if (!sa)
		return;
	if (sa->sa_family == AF_INET) {
		inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, out,
		          (socklen_t)cap);
	} else if (sa->sa_family == AF_INET6) {
		const struct in6_addr *a =
		    &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr;
		/* An IPv4 client of a dual-stack socket, as it was written. */
		if (IN6_IS_ADDR_V4MAPPED(a))
			inet_ntop(AF_INET, &a->s6_addr[12], out, (socklen_t)cap);
		else
			inet_ntop(AF_INET6, a, out, (socklen_t)cap);
	}
}

/* Two numeric addresses alike (an IPv6 one in any of its spellings). */
static int same_address(const char *a, const char *b)
{
	unsigned char x[16], y[16];
	if (inet_pton(AF_INET, a, x) == 1 && inet_pton(AF_INET, b, y) == 1)
		return memcmp(x, y, 4) == 0;
	if (inet_pton(AF_INET6, a, x) == 1 && inet_pton(AF_INET6, b, y) == 1)
		return memcmp(x, y, 16) == 0;
	return 0;
}

int proxy_trusted(const struct web_opts *o, const char *peer)
{
	for (size_t i = 0; i < o->n_trusted_proxies; i++)
		if (same_address(o->trusted_proxies[i], peer))
			return 1;
	return 0;
}

/* The last element of a comma-separated list, trimmed, into out; 0, or
 * -1 when it is empty or does not fit. */
static int last_of(const char *list, char *out, size_t cap)
{
	const char *s = strrchr(list, ',');
	s = s ? s + 1 : list;
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (!n || n >= cap)
		return -1;
	memcpy(out, s, n);
	out[n] = 0;
	return 0;
}

/* A client address as a proxy writes it: "192.0.2.1", "2001:db8::1",
 * "[2001:db8::1]:4711" or "192.0.2.1:4711" (Forwarded's for=, unquoted
 * already). Only a numeric address is taken: an obfuscated identifier
 * ("_hidden", "unknown") names no one. */
static int client_address(const char *v, char *out, size_t cap)
{
	char a[INET6_ADDRSTRLEN + 8];
	if (snprintf(a, sizeof a, "%s", v) >= (int)sizeof a)
		return -1;
	char *p = a;
	if (*p == '[') {
		char *close = strchr(p, ']');
		if (!close)
			return -1;
		*close = 0;
		p++;
	} else if (strchr(p, ':') == strrchr(p, ':') && strchr(p, ':')) {
		*strchr(p, ':') = 0; /* IPv4 with a port */
	}
	unsigned char bin[16];
	if (inet_pton(AF_INET, p, bin) != 1 && inet_pton(AF_INET6, p, bin) != 1)
		return -1;
	if (snprintf(out, cap, "%s", p) >= (int)cap)
		return -1;
	return 0;
}

/* A host as Host names it: a name, an address, [ADDR6], a port after. */
static int host_ok(const char *h)
{
	size_t n = strlen(h);
	return n && n < 256 &&
	       strspn(h, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-[]:") ==
	           n;
}

/* The value of `key` in the last element of a Forwarded header (its
 * pairs split by ';'), unquoted. 0, or -1 when absent. */
static int forwarded_get(const char *hdr, const char *key, char *out, size_t cap)
{
	char last[512];
	if (last_of(hdr, last, sizeof last) != 0)
		return -1;
	size_t kl = strlen(key);
	for (char *save = NULL, *pair = strtok_r(last, ";", &save); pair;
	     pair = strtok_r(NULL, ";", &save)) {
		while (*pair == ' ')
			pair++;
		if (strncasecmp(pair, key, kl) != 0 || pair[kl] != '=')
			continue;
		char *v = pair + kl + 1;
		size_t n = strlen(v);
		while (n && v[n - 1] == ' ')
			v[--n] = 0;
		if (n >= 2 && v[0] == '"' && v[n - 1] == '"') {
			v[n - 1] = 0;
			v++;
		}
		if (snprintf(out, cap, "%s", v) >= (int)cap)
			return -1;
		return 0;
	}
	return -1;
}

/* A forwarded host too long to keep whole is not kept at all: a cut name
 * could pass the Host check as a name the server serves. */
static void take_host(struct forwarded *f, const char *v)
{
	size_t n = strlen(v);
	if (host_ok(v) && n < sizeof f->host)
		memcpy(f->host, v, n + 1);
}

void proxy_read(const char *forwarded, const char *xff, const char *xproto, const char *xhost,
                struct forwarded *f)
{
	char v[512];
	memset(f, 0, sizeof *f);
	if (forwarded && !xff) {
		if (forwarded_get(forwarded, "for", v, sizeof v) == 0)
			client_address(v, f->client, sizeof f->client);
		if (forwarded_get(forwarded, "proto", v, sizeof v) == 0)
			f->https = strcasecmp(v, "https") == 0;
		if (forwarded_get(forwarded, "host", v, sizeof v) == 0)
			take_host(f, v);
		return;
	}
	if (xff && last_of(xff, v, sizeof v) == 0)
		client_address(v, f->client, sizeof f->client);
	if (xproto && last_of(xproto, v, sizeof v) == 0)
		f->https = strcasecmp(v, "https") == 0;
	if (xhost && last_of(xhost, v, sizeof v) == 0)
		take_host(f, v);
}

const char *proxy_who(struct MHD_Connection *c, struct request *rq, struct forwarded *fw)
{
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	char peer[64];
	proxy_peer(ci ? ci->client_addr : NULL, peer, sizeof peer);
	snprintf(rq->client, sizeof rq->client, "%s", peer);
	const char *host = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST);
	memset(fw, 0, sizeof *fw);
	if (!proxy_trusted(rq->o, peer))
		return host;
	proxy_read(MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Forwarded"),
	           MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Forwarded-For"),
	           MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Forwarded-Proto"),
	           MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Forwarded-Host"), fw);
	if (fw->client[0]) {
		snprintf(rq->client, sizeof rq->client, "%s", fw->client);
		snprintf(rq->via, sizeof rq->via, "%s", peer);
	}
	rq->tls |= fw->https;
	return fw->host[0] ? fw->host : host;
}

const char *proxy_within_base(const struct web_opts *o, const char *url)
{
	const char *base = o->base_path ? o->base_path : "";
	size_t n = strlen(base);
	if (strncmp(url, base, n) != 0 || (url[n] && url[n] != '/'))
		return NULL;
	return url + n;
}
