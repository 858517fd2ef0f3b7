/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * web.h - `pwpol web`: the pages of the web face (association, sign-in,
 * password change) served over libmicrohttpd. What the command line
 * (cli/web.c) hands over and the one call that serves until a signal.
 */
#ifndef PWPOL_WEB_H
#define PWPOL_WEB_H

#include "pwpol.h"

#include <stdio.h>
#include <time.h>

#define WEB_DEFAULT_LISTEN "127.0.0.1:8443"
#define WEB_DEFAULT_IDLE   900 /* seconds a session lives without a request */
#define WEB_NAMES_MAX      8   /* --server-name given at most this often */
#define WEB_PROXIES_MAX    4   /* --trusted-proxy given at most this often */

struct web_opts {
	const char *listen; /* ADDR:PORT or [ADDR6]:PORT; numeric addresses only */
	const char *cert;   /* PEM files for TLS, both or neither */
	const char *key;
	unsigned idle; /* session idle timeout, seconds */
	pwpol_store *store;
	const pwpol_policy *policy;
	time_t clock_offset; /* added to time(NULL): the CLI's --now */
	/* --config, or NULL: read again at each request with the store's
	 * active configuration (pwpol_policy_load_from), so that a commit on
	 * the policy page is in force at the next request; `policy` serves
	 * when that reading fails. */
	const char *config;
	/* --server-name: the names (or addresses) browsers reach the server
	 * by; a request naming another Host is refused (421). The --listen
	 * address, and for loopback localhost, 127.0.0.1 and [::1], are
	 * served without being named. */
	const char *const *server_names;
	size_t n_server_names;
	/* --token-file: the association token written there (0600) instead
	 * of printed. */
	const char *token_file;
	int json; /* --json: the start and its refusals as JSON objects on out */
	/* --trusted-proxy: the addresses of reverse proxies whose Forwarded
	 * or X-Forwarded-* headers say who the client is and whether it came
	 * over TLS (proxy.c); from any other peer they are ignored. */
	const char *const *trusted_proxies;
	size_t n_trusted_proxies;
	/* --base-path: the sub-path the proxy serves the pages under, e.g.
	 * "/pwpol" (no trailing slash; "" for none). */
	const char *base_path;
	/* A listening socket to serve on, passed by systemd (descriptor 3
	 * and up), 0 for none; `listen` then names its address. */
	int listen_fd;
};

/* The listening socket systemd passed (LISTEN_FDS), with its address as
 * --listen spells it in `listen`; -1 when none was passed, -2 with the
 * reason in `why` when what was passed is not one TCP socket. */
int web_passed_socket(char *listen, size_t len, char *why, size_t whylen);
/* Tells systemd (NOTIFY_SOCKET) the service's state: "READY=1",
 * "RELOADING=1", "STOPPING=1"; nothing when not run by systemd. */
void web_notify(const char *state);

/* Serves until SIGINT or SIGTERM; SIGHUP reads the TLS certificate and
 * key again and serves them from then on (an unreadable pair is reported
 * and the running one kept). Prints two lines on `out`: the address
 * listened on (the real port when 0 was asked), then the address with the
 * association token, which association asks for (or, with token_file,
 * where the token was written). Returns an exit
 * status (pwpol(1)); a sentence on stderr says why on failure. */
int web_serve(const struct web_opts *o, FILE *out);

#endif
