/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * import.c - `pwpol import SOURCE`: the table of the sources accounts are
 * taken over from; each lives in its own file (shadow.c: shadow and
 * opasswd; junos.c: a Junos configuration).
 */
#include "cli.h"

#include <stdio.h>

static const struct cli_command subcommands[] = {
    {"shadow", import_shadow,
     "import shadow [--file PATH] [--dry-run] [NAME...]\nTakes over Unix accounts from "
     "shadow(5) (default /etc/shadow) with every field: each hash as it is, the last change, "
     "the aging fields and expiry; a `!`-locked hash comes in disabled. --dry-run says what "
     "would happen to each account. The file is only read; the store is made if there is "
     "none.",
     NEEDS_POLICY | NEEDS_STORE | CREATES_STORE},
    {"opasswd", import_opasswd,
     "import opasswd [--file PATH] [--dry-run] [NAME...]\nTakes pam_pwhistory's earlier "
     "hashes (default /etc/security/opasswd) into each account's history, oldest first, "
     "kept to minimum-reuse.",
     NEEDS_POLICY | NEEDS_STORE},
    {"junos", import_junos,
     "import junos FILE [--dry-run] [NAME...]\nTakes over a Junos configuration's users "
     "(system login user, either syntax; root-authentication as root) with their classes and "
     "hashes; a hash weaker than the policy's format is rehashed at the next login. Its login "
     "policy: pwpol config import junos FILE.",
     NEEDS_POLICY | NEEDS_STORE | CREATES_STORE},
};

int cmd_import(struct cli *c, int argc, char **argv)
{
	return cli_run_sub(c, "import", subcommands, sizeof subcommands / sizeof *subcommands, argc,
	                   argv);
}
