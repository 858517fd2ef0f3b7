/*
 * web.c - `pwpol web`: reads the listen address, the TLS files and the
 * idle timeout, then hands the policy and the store to the web face
 * (web/), which serves until SIGINT or SIGTERM.
 */
#include "web.h"
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>

int cmd_web(struct cli *c, int argc, char **argv)
{
	static const struct option lo[] = {{"listen", required_argument, 0, 'l'},
	                                   {"tls-cert", required_argument, 0, 'c'},
	                                   {"tls-key", required_argument, 0, 'k'},
	                                   {"idle-timeout", required_argument, 0, 'i'},
	                                   {0, 0, 0, 0}};
	/* People sign in on the page, each with their own class; one actor
	 * for the whole server would stand for all of them. */
	if (c->as)
		return cli_usage_error(c, "web: --as does not apply: people sign in on the page");
	struct web_opts o = {WEB_DEFAULT_LISTEN,  NULL,     NULL,
	                     WEB_DEFAULT_IDLE,    c->store, c->policy,
	                     c->now - time(NULL), c->config};
	int opt;
	while ((opt = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		char *end;
		long v;
		switch (opt) {
		case 'l': o.listen = optarg; break;
		case 'c': o.cert = optarg; break;
		case 'k': o.key = optarg; break;
		case 'i':
			errno = 0;
			v = strtol(optarg, &end, 10);
			if (*end || errno || v < 1 || v > 86400)
				return cli_usage_error(
				    c, "web: --idle-timeout takes 1 to 86400 seconds");
			o.idle = (unsigned)v;
			break;
		default: return cli_usage_error(c, "web: bad option");
		}
	}
	if (optind < argc)
		return cli_usage_error(c, "web: unexpected argument '%.40s'", argv[optind]);
	return web_serve(&o, stdout);
}
