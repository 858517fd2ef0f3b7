/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * fleet-conductor.c - `pwpol conductor` and `pwpol node token|list|revoke`,
 * the conductor's side of the fleet: options read here, the work in
 * conductor/ (fleet.h). Built into face-conductor.so (cli/face.c), so that
 * GnuTLS stays off a machine that is no conductor.
 */
#include "cli.h"
#include "face.h"
#include "fleet.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

const char pwpol_face_abi[] = PWPOL_FACE_ABI;

static int parse_uint(const char *s, unsigned long max, unsigned long *out)
{
	char *end;
	errno = 0;
	unsigned long v = strtoul(s, &end, 10);
	if (!*s || *end || errno || v > max || *s == '-')
		return -1;
	*out = v;
	return 0;
}

/* A path for a passwd field: absolute, no ':' or newline. */
static int field_ok(const char *s)
{
	return s[0] == '/' && !strpbrk(s, ":\n") && strlen(s) < 200;
}

int face_conductor(struct cli *c, int argc, char **argv)
{
	static const struct option lo[] = {{"listen", required_argument, 0, 'l'},
	                                   {"socket", required_argument, 0, 'U'},
	                                   {"tls-cert", required_argument, 0, 'c'},
	                                   {"tls-key", required_argument, 0, 'k'},
	                                   {"state", required_argument, 0, 's'},
	                                   {"uid-range", required_argument, 0, 'u'},
	                                   {"shell", required_argument, 0, 'S'},
	                                   {"home", required_argument, 0, 'H'},
	                                   {"metrics", required_argument, 0, 'm'},
	                                   {"store-connections", required_argument, 0, 'n'},
	                                   {0, 0, 0, 0}};
	if (c->as)
		return cli_usage_error(c, "conductor: --as does not apply");
	struct fleet_conductor_opts o = {.state = FLEET_STATE_DIR,
	                                 .db = c->db,
	                                 .config = c->config,
	                                 .uid_min = FLEET_UID_MIN,
	                                 .uid_max = FLEET_UID_MAX,
	                                 .shell = FLEET_DEFAULT_SHELL,
	                                 .home = FLEET_DEFAULT_HOME,
	                                 .clock_offset = (long)(c->now - time(NULL))};
	int opt;
	while ((opt = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		unsigned long a, b;
		char *dash;
		switch (opt) {
		case 'l': o.listen = optarg; break;
		case 'U':
			if (optarg[0] != '/')
				return cli_usage_error(
				    c, "conductor: --socket takes an absolute path");
			o.socket = optarg;
			break;
		case 'm': o.metrics = optarg; break;
		case 'n':
			if (parse_uint(optarg, 1000, &a) || a < 1)
				return cli_usage_error(c,
				                       "conductor: --store-connections takes 1 to "
				                       "1000");
			o.store_connections = (unsigned)a;
			break;
		case 'c': o.cert = optarg; break;
		case 'k': o.key = optarg; break;
		case 's': o.state = optarg; break;
		case 'S':
			if (!field_ok(optarg))
				return cli_usage_error(c,
				                       "conductor: --shell takes an absolute path");
			o.shell = optarg;
			break;
		case 'H':
			if (!field_ok(optarg))
				return cli_usage_error(c,
				                       "conductor: --home takes an absolute path");
			o.home = optarg;
			break;
		case 'u':
			dash = strchr(optarg, '-');
			if (!dash)
				return cli_usage_error(c,
				                       "conductor: --uid-range takes FIRST-LAST");
			*dash = 0;
			if (parse_uint(optarg, 4000000000UL, &a) ||
			    parse_uint(dash + 1, 4000000000UL, &b) || a < 1000 || b < a)
				return cli_usage_error(c,
				                       "conductor: --uid-range takes FIRST-LAST, "
				                       "from 1000 up");
			o.uid_min = (unsigned)a;
			o.uid_max = (unsigned)b;
			break;
		default: return cli_usage_error(c, "conductor: bad option");
		}
	}
	if (optind < argc)
		return cli_usage_error(c, "conductor: unexpected argument '%.40s'", argv[optind]);
	if (!o.listen && !o.socket)
		return cli_usage_error(c,
		                       "conductor: --listen ADDR:PORT or --socket PATH is needed");
	if (!o.cert != !o.key)
		return cli_usage_error(c, "conductor: --tls-cert and --tls-key go together");
	return fleet_conductor_serve(&o, stderr);
}

int face_node_token(struct cli *c, int argc, char **argv)
{
	static const struct option lo[] = {{"state", required_argument, 0, 's'},
	                                   {"expires", required_argument, 0, 'e'},
	                                   {0, 0, 0, 0}};
	const char *state = FLEET_STATE_DIR;
	unsigned long minutes = FLEET_TOKEN_MINUTES;
	int opt;
	while ((opt = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		if (opt == 's')
			state = optarg;
		else if (opt != 'e' || parse_uint(optarg, 10080, &minutes) || !minutes)
			return cli_usage_error(
			    c, "node token: [--state DIR] [--expires MINUTES (1-10080)]");
	}
	if (optind < argc)
		return cli_usage_error(c, "node token: unexpected argument '%.40s'", argv[optind]);
	char err[512] = "", token[64], fp[65];
	if (fleet_init(c->store, state, 0, err, sizeof err) != 0 ||
	    fleet_ca_fingerprint(c->store, fp, sizeof fp, err, sizeof err) != 0 ||
	    fleet_token_new(c->store, (unsigned)minutes, c->now, token, sizeof token, err,
	                    sizeof err) != 0)
		return cli_fail(c, EXIT_SYSTEM, "%s", err);
	printf("token %s\nca-fingerprint %s\nexpires in %lu minutes; on the node:\n"
	       "  pwpol node enroll --conductor HOST:PORT --token %s --ca-fingerprint %s\n",
	       token, fp, minutes, token, fp);
	explicit_bzero(token, sizeof token);
	return EXIT_OK_;
}

/* --state is still read (and has no use here since the fleet's nodes are
 * in the store), so that the scripts of the pwpol before keep working. */
static const char *state_arg(int argc, char **argv, int *rest)
{
	static const struct option lo[] = {{"state", required_argument, 0, 's'}, {0, 0, 0, 0}};
	const char *state = FLEET_STATE_DIR;
	int opt;
	while ((opt = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		if (opt != 's')
			return NULL;
		state = optarg;
	}
	*rest = optind;
	return state;
}

int face_node_list(struct cli *c, int argc, char **argv)
{
	int rest;
	const char *state = state_arg(argc, argv, &rest);
	if (!state || rest < argc)
		return cli_usage_error(c, "node list");
	char err[512];
	if (fleet_node_list(c->store, stdout, err, sizeof err) != 0)
		return cli_fail(c, EXIT_SYSTEM, "%s", err);
	return EXIT_OK_;
}

int face_node_revoke(struct cli *c, int argc, char **argv)
{
	int rest;
	const char *state = state_arg(argc, argv, &rest);
	if (!state || rest != argc - 1)
		return cli_usage_error(c, "node revoke NAME");
	char err[512];
	int r = fleet_node_revoke(c->store, argv[rest], err, sizeof err);
	if (r < 0)
		return cli_fail(c, EXIT_SYSTEM, "%s", err);
	if (r > 0)
		return cli_fail(c, EXIT_USAGE, "node revoke: no node named '%.64s'", argv[rest]);
	printf("revoked %s: its requests are refused from now on\n", argv[rest]);
	return EXIT_OK_;
}
