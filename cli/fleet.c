/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * fleet.c - `pwpol conductor` and `pwpol node token|enroll|status|list|revoke`:
 * the commands' table, and `node status`, which speaks only the agent's
 * wire format (agent/proto.h). The rest needs GnuTLS and runs from face
 * modules (cli/face.c): fleet-conductor.c, fleet-enroll.c.
 */
#include "cli.h"
#include "face.h"

#include "proto.h"

#include <getopt.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

/* The subcommands that need GnuTLS run from modules (cli/face.c): the
 * conductor's from pwpol-conductor's, enrollment from pwpold's. */
static int node_token(struct cli *c, int argc, char **argv)
{
	return cli_face_run(c, "node token", "conductor", "pwpol-conductor", "face_node_token",
	                    argc, argv);
}

static int node_enroll(struct cli *c, int argc, char **argv)
{
	return cli_face_run(c, "node enroll", "enroll", "pwpold", "face_node_enroll", argc, argv);
}

static int node_list(struct cli *c, int argc, char **argv)
{
	return cli_face_run(c, "node list", "conductor", "pwpol-conductor", "face_node_list", argc,
	                    argv);
}

static int node_revoke(struct cli *c, int argc, char **argv)
{
	return cli_face_run(c, "node revoke", "conductor", "pwpol-conductor", "face_node_revoke",
	                    argc, argv);
}

int cmd_conductor(struct cli *c, int argc, char **argv)
{
	return cli_face_run(c, "conductor", "conductor", "pwpol-conductor", "face_conductor", argc,
	                    argv);
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
