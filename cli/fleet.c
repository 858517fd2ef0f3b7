/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * fleet.c - `pwpol conductor` and `pwpol node token|enroll|status|list|revoke`:
 * options read here, the work in conductor/ (fleet.h).
 */
#include "fleet.h"
#include "cli.h"

#include "proto.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

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

int cmd_conductor(struct cli *c, int argc, char **argv)
{
	static const struct option lo[] = {{"listen", required_argument, 0, 'l'},
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
	if (!o.listen)
		return cli_usage_error(c, "conductor: --listen ADDR:PORT is needed");
	if (!o.cert != !o.key)
		return cli_usage_error(c, "conductor: --tls-cert and --tls-key go together");
	return fleet_conductor_serve(&o, stderr);
}

static int node_token(struct cli *c, int argc, char **argv)
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

static int node_enroll(struct cli *c, int argc, char **argv)
{
	static const struct option lo[] = {{"conductor", required_argument, 0, 'c'},
	                                   {"token", required_argument, 0, 't'},
	                                   {"ca-fingerprint", required_argument, 0, 'f'},
	                                   {"name", required_argument, 0, 'n'},
	                                   {"dir", required_argument, 0, 'd'},
	                                   {0, 0, 0, 0}};
	const char *conductor = NULL, *token = NULL, *fp = NULL, *dir = FLEET_NODE_DIR;
	char host[FLEET_NODE_NAME_MAX] = "";
	const char *name = NULL;
	int opt;
	while ((opt = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		switch (opt) {
		case 'c': conductor = optarg; break;
		case 't': token = optarg; break;
		case 'f': fp = optarg; break;
		case 'n': name = optarg; break;
		case 'd': dir = optarg; break;
		default: return cli_usage_error(c, "node enroll: bad option");
		}
	}
	if (optind < argc || !conductor || !token || !fp)
		return cli_usage_error(c, "node enroll: --conductor HOST:PORT --token T "
		                          "--ca-fingerprint SHA256 [--name NAME] [--dir DIR]");
	if (!name) {
		gethostname(host, sizeof host - 1);
		name = host;
	}
	char err[512];
	if (fleet_enroll(conductor, token, fp, name, dir, stdout, err, sizeof err) != 0)
		return cli_fail(c, EXIT_SYSTEM, "node enroll: %s", err);
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

static int node_list(struct cli *c, int argc, char **argv)
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

static int node_revoke(struct cli *c, int argc, char **argv)
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

/* What the node's agent says of itself: the conductor reachable or not
 * and since when, the accounts it may log in offline, the failures it
 * counted offline and has not reported yet. */
static int node_status(struct cli *c, int argc, char **argv)
{
	static const struct option lo[] = {{"socket", required_argument, 0, 's'}, {0, 0, 0, 0}};
	const char *path = "/run/pwpold/socket";
	int opt;
	while ((opt = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		if (opt != 's')
			return cli_usage_error(c, "node status: [--socket PATH]");
		path = optarg;
	}
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	if (optind < argc || strlen(path) >= sizeof sa.sun_path)
		return cli_usage_error(c, "node status: [--socket PATH]");
	strcpy(sa.sun_path, path);
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	struct pp_msg req, rep = {0};
	pp_start(&req, PP_STATUS);
	int ok = fd >= 0 && connect(fd, (struct sockaddr *)&sa, sizeof sa) == 0 &&
	         pp_send(pp_fd_write, &fd, &req) == 0 && pp_recv(pp_fd_read, &fd, &rep) == 0;
	if (fd >= 0)
		close(fd);
	pp_free(&req);
	if (!ok)
		return cli_fail(c, EXIT_SYSTEM, "node status: no agent answers at %s", path);
	uint64_t st = pp_get_num(&rep, PP_T_STATUS, PP_R_ERROR);
	char line[512];
	for (unsigned i = 0; pp_get_str(&rep, PP_T_TEXT, i, line, sizeof line) == 0; i++)
		printf("%s\n", line);
	pp_free(&rep);
	if (st == PP_R_DENIED)
		return cli_fail(c, EXIT_NOT_PERMITTED, "node status: the agent answers root only");
	return st == PP_R_OK ? EXIT_OK_ : EXIT_SYSTEM;
}

static const struct cli_command node_cmds[] = {
    {"token", node_token,
     "node token [--state DIR] [--expires MINUTES]\nOn a conductor: prints a one-time "
     "enrollment token and the fleet CA's fingerprint.",
     NEEDS_STORE},
    {"enroll", node_enroll,
     "node enroll --conductor HOST:PORT --token T --ca-fingerprint SHA256 [--name NAME] "
     "[--dir DIR]\nOn a node: makes its key, has the conductor sign its certificate.",
     0},
    {"status", node_status,
     "node status [--socket PATH]\nOn a node: whether its agent reaches the conductor, the "
     "accounts it may log in offline, the offline failures not yet reported.",
     0},
    {"list", node_list, "node list\nOn a conductor: the nodes enrolled (in the store of --db).",
     NEEDS_STORE},
    {"revoke", node_revoke,
     "node revoke NAME\nOn a conductor: refuses the node's requests, to every conductor, from now "
     "on.",
     NEEDS_STORE},
};

int cmd_node(struct cli *c, int argc, char **argv)
{
	/* The fleet's CA, tokens and nodes are the conductors' (the fleet key,
	 * a node's key, root's files), not an account's: no class stands for them. */
	if (c->as)
		return cli_usage_error(c, "node: --as does not apply: its files are root's");
	return cli_run_sub(c, "node", node_cmds, sizeof node_cmds / sizeof *node_cmds, argc, argv);
}
