/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * fleet-enroll.c - `pwpol node enroll`, on a node: options read here, the
 * work in conductor/enroll.c. Built into face-enroll.so (cli/face.c),
 * which the pwpold package brings with the agent.
 */
#include "cli.h"
#include "face.h"
#include "fleet.h"

#include <getopt.h>
#include <unistd.h>

const char pwpol_face_abi[] = PWPOL_FACE_ABI;

int face_node_enroll(struct cli *c, int argc, char **argv)
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
