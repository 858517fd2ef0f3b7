/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * fleet.h - the conductor and the enrollment of nodes (pwpol(1): `pwpol
 * conductor`, `pwpol node ...`). The conductor is the one process that
 * opens the fleet's store; nodes reach it over mutual TLS with a
 * certificate its own CA signed at enrollment, and ask it only what a login
 * needs (agent/proto.h).
 *
 * The conductor's state directory (default FLEET_STATE_DIR, mode 0700)
 * holds the fleet CA (ca.pem, ca.key), the conductor's own certificate
 * (conductor.pem, conductor.key: a TLS server certificate of that CA),
 * the enrollment tokens, stored as SHA-256 hashes with their expiry
 * (tokens), and the nodes enrolled (nodes: name, certificate serial,
 * enrollment time, active or revoked). A node is accepted only with a
 * certificate whose serial is listed there as active.
 */
#ifndef PWPOL_FLEET_H
#define PWPOL_FLEET_H

#include "pwpol.h"

#include <stdio.h>
#include <time.h>

#define FLEET_STATE_DIR     "/var/lib/pwpol/fleet"
#define FLEET_NODE_DIR      "/etc/pwpol/node"
#define FLEET_TOKEN_MINUTES 60
#define FLEET_UID_MIN       70000
#define FLEET_UID_MAX       79999
#define FLEET_DEFAULT_SHELL "/bin/bash"
#define FLEET_DEFAULT_HOME  "/home"
#define FLEET_CERT_DAYS     825
#define FLEET_NODE_NAME_MAX 64

struct fleet_conductor_opts {
	const char *listen;     /* ADDR:PORT */
	const char *metrics;    /* ADDR:PORT of the Prometheus page, or NULL */
	const char *state;      /* the state directory */
	const char *cert, *key; /* NULL: the state directory's conductor.pem/.key */
	const char *db;         /* the store every connection opens */
	const char *config;     /* policy file (NULL: the library's default) */
	unsigned uid_min, uid_max;
	const char *shell, *home;
	long clock_offset; /* --now: decide as if the clock read now + offset */
	int once;          /* tests: serve until the first connection closes */
};

/* Serves until SIGINT or SIGTERM; an exit status (pwpol(1)). */
int fleet_conductor_serve(const struct fleet_conductor_opts *o, FILE *log);

/* The state directory, with the CA and the conductor's certificate made
 * when missing. 0, or -1 with a sentence in err. */
int fleet_state_init(const char *dir, char *err, size_t errlen);
/* The SHA-256 fingerprint of the fleet CA (hex, 64 characters). */
int fleet_ca_fingerprint(const char *dir, char *out, size_t outlen, char *err, size_t errlen);
/* A new one-time token valid `minutes`, printed once; only its hash is kept. */
int fleet_token_new(const char *dir, unsigned minutes, time_t now, char *out, size_t outlen,
                    char *err, size_t errlen);
/* Uses a token up: 0 if it was valid (it is gone then), -1 if not. */
int fleet_token_take(const char *dir, const char *token, time_t now);
/* Signs a node's certificate request (PEM) for `name`: the certificate
 * (PEM, malloc'd) recorded as active. -1 with a sentence in err. */
int fleet_sign_node(const char *dir, const char *name, const char *csr_pem, time_t now,
                    char **cert_pem, char *err, size_t errlen);
/* 1 if serial (hex) is enrolled and not revoked, as `name`. */
int fleet_node_active(const char *dir, const char *name, const char *serial_hex);
/* Revokes every certificate of `name`: 0, 1 no such node, -1 error. */
int fleet_node_revoke(const char *dir, const char *name, char *err, size_t errlen);
/* Prints the nodes: name, state, serial, enrolled. */
int fleet_node_list(const char *dir, FILE *out, char *err, size_t errlen);
/* A node name: letters, digits, '.', '-', '_', at most 63 bytes. */
int fleet_name_ok(const char *name);

/* The node side of enrollment: a key pair and a request made here, sent
 * to the conductor verified by its CA's fingerprint, and the certificate
 * that comes back written to dir (node.key, node.pem, ca.pem). */
int fleet_enroll(const char *conductor, const char *token, const char *fingerprint,
                 const char *name, const char *dir, FILE *out, char *err, size_t errlen);

/* Reads a whole small file (malloc'd, NUL-terminated), or NULL. */
char *fleet_read_file(const char *path, size_t *len);

#endif
