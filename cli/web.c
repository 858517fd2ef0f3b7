/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * web.c - `pwpol web`: reads the listen address, the names served, the
 * TLS files and the idle timeout, then hands the policy and the store to
 * the web face (web/), which serves until SIGINT or SIGTERM. Started by
 * pwpol-web.socket, it serves the socket systemd passes instead. Built
 * into face-web.so with web/ (cli/face.c), not into the program.
 */
#include "web.h"
#include "cli.h"
#include "face.h"

#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

/* A host name or an address as a Host header names it ([ADDR6] in
 * brackets), without a port. */
static int name_ok(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 253)
		return 0;
	if (s[0] == '[')
		return n > 2 && s[n - 1] == ']' &&
		       strspn(s + 1, "0123456789abcdefABCDEF:.") == n - 2;
	return strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-") == n;
}

const char pwpol_face_abi[] = PWPOL_FACE_ABI;

int face_web(struct cli *c, int argc, char **argv)
{
	static const struct option lo[] = {{"listen", required_argument, 0, 'l'},
	                                   {"tls-cert", required_argument, 0, 'c'},
	                                   {"tls-key", required_argument, 0, 'k'},
	                                   {"idle-timeout", required_argument, 0, 'i'},
	                                   {"server-name", required_argument, 0, 's'},
	                                   {"token-file", required_argument, 0, 't'},
	                                   {"trusted-proxy", required_argument, 0, 'p'},
	                                   {"base-path", required_argument, 0, 'b'},
	                                   {0, 0, 0, 0}};
	/* People sign in on the page, each with their own class; one actor
	 * for the whole server would stand for all of them. */
	if (c->as)
		return cli_usage_error(c, "web: --as does not apply: people sign in on the page");
	const char *names[WEB_NAMES_MAX], *proxies[WEB_PROXIES_MAX];
	char base[256] = "";
	struct web_opts o = {.listen = WEB_DEFAULT_LISTEN,
	                     .idle = WEB_DEFAULT_IDLE,
	                     .store = c->store,
	                     .policy = c->policy,
	                     .clock_offset = c->now - time(NULL),
	                     .config = c->config,
	                     .server_names = names,
	                     .json = c->json,
	                     .trusted_proxies = proxies,
	                     .base_path = base};
	int opt, listen_given = 0;
	while ((opt = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		char *end;
		long v;
		switch (opt) {
		case 'l':
			o.listen = optarg;
			listen_given = 1;
			break;
		case 'c': o.cert = optarg; break;
		case 'k': o.key = optarg; break;
		case 't': o.token_file = optarg; break;
		case 'p': {
			unsigned char a[16];
			if (o.n_trusted_proxies == WEB_PROXIES_MAX)
				return cli_usage_error(c, "web: --trusted-proxy at most %d times",
				                       WEB_PROXIES_MAX);
			if (inet_pton(AF_INET, optarg, a) != 1 &&
			    inet_pton(AF_INET6, optarg, a) != 1)
				return cli_usage_error(
				    c, "web: --trusted-proxy takes the proxy's numeric address");
			proxies[o.n_trusted_proxies++] = optarg;
			break;
		}
		case 'b': {
			/* "/pwpol/" or "/pwpol": kept without the trailing slash; "/"
			 * is none. Only plain path characters: it is written into
			 * the Location of redirects. */
			size_t n = strlen(optarg);
			while (n > 1 && optarg[n - 1] == '/')
				n--;
			if (optarg[0] != '/' || n >= sizeof base || strstr(optarg, "//") ||
			    strstr(optarg, "/.") ||
			    strspn(optarg, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			                   "0123456789-._~/") != strlen(optarg))
				return cli_usage_error(
				    c, "web: --base-path takes a path such as /pwpol/ (letters, "
				       "digits, - . _ ~ and /)");
			snprintf(base, sizeof base, "%.*s", n == 1 ? 0 : (int)n, optarg);
			break;
		}
		case 's':
			if (o.n_server_names == WEB_NAMES_MAX)
				return cli_usage_error(c, "web: --server-name at most %d times",
				                       WEB_NAMES_MAX);
			if (!name_ok(optarg))
				return cli_usage_error(
				    c, "web: --server-name takes a host name or address, no port");
			names[o.n_server_names++] = optarg;
			break;
		case 'i':
			errno = 0;
			v = strtol(optarg, &end, 10);
			if (*end || errno || v < 1 || v > 86400)
				return cli_usage_error(
				    c, "web: --idle-timeout takes 1 to 86400 seconds");
			o.idle = (unsigned)v;
			break;
		default: return cli_option_error(c, "web", argv, lo);
		}
	}
	if (optind < argc)
		return cli_usage_error(c, "web: unexpected argument '%.40s'", argv[optind]);
	/* Started by pwpol-web.socket: its socket, not --listen. */
	char passed[INET6_ADDRSTRLEN + 16], why[160];
	int fd = web_passed_socket(passed, sizeof passed, why, sizeof why);
	if (fd == -2)
		return cli_fail(c, EXIT_USAGE, "web: the socket systemd passed: %s", why);
	if (fd > 0) {
		if (listen_given)
			return cli_usage_error(c,
			                       "web: --listen and a socket passed by systemd: the "
			                       "socket unit's ListenStream= says where to listen");
		o.listen = passed;
		o.listen_fd = fd;
	}
	return web_serve(&o, stdout);
}
