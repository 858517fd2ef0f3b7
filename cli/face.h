/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * face.h - the commands that live in modules of their own (face.c says
 * why): what the program calls to run one, and what each module exports.
 */
#ifndef PWPOL_CLI_FACE_H
#define PWPOL_CLI_FACE_H

#include "cli.h"

/* A module's entries take the program's struct cli: a module of another
 * release would read it wrong, so the ABI is the release's own. */
#define PWPOL_FACE_ABI "pwpol " PWPOL_VERSION " faces 1"

/* Runs `fn` of module face-MODULE.so with the command's arguments: its
 * exit status, or EXIT_SYSTEM after saying which package brings it (what:
 * the command as the user typed it, for the sentence). */
int cli_face_run(struct cli *c, const char *what, const char *module, const char *package,
                 const char *fn, int argc, char **argv);

/* In each module: the ABI it was built for, checked before a call. */
extern const char pwpol_face_abi[];

/* face-web.so (web.c) */
int face_web(struct cli *c, int argc, char **argv);
/* face-conductor.so (fleet-conductor.c) */
int face_conductor(struct cli *c, int argc, char **argv);
int face_node_token(struct cli *c, int argc, char **argv);
int face_node_list(struct cli *c, int argc, char **argv);
int face_node_revoke(struct cli *c, int argc, char **argv);
/* face-enroll.so (fleet-enroll.c) */
int face_node_enroll(struct cli *c, int argc, char **argv);

#endif
