/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * fleet.h - the conductor and the enrollment of nodes (pwpol(1): `pwpol
 * conductor`, `pwpol node ...`). The conductor is the one process that
 * opens the fleet's store; nodes reach it over mutual TLS with a
 * certificate its own CA signed at enrollment, and ask it only what a login
 * needs (agent/proto.h).
 *
 * The fleet's state lives in the store (pwpol_fleet_state_*, layout 10),
 * so that several conductors over one PostgreSQL serve one fleet and a
 * node may use any of them: the fleet CA ("ca": its certificate, and its
 * key sealed with AES-256-GCM under the fleet key), the enrollment tokens
 * ("token:SHA256", with their expiry) and the nodes ("node:NAME:SERIAL",
 * active or revoked). A node is accepted only with a certificate whose
 * serial is listed there as active. Each conductor's state directory
 * (default FLEET_STATE_DIR, mode 0700) keeps what is its own: the fleet
 * key (fleet.key: the first conductor makes it; every other one is given
 * a copy, as it is given the database's credentials), and its TLS server
 * certificate of the fleet CA (conductor.pem, conductor.key). No node
 * reads the store, and the store alone never yields the CA's key.
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
/* The store's connections a conductor holds at most, shared by its nodes. */
#define FLEET_STORE_CONNECTIONS 16

struct fleet_conductor_opts {
	const char *listen;     /* ADDR:PORT of the nodes' TLS, or NULL */
	const char *socket;     /* this machine's modules' Unix socket, or NULL */
	const char *metrics;    /* ADDR:PORT of the Prometheus page, or NULL */
	const char *state;      /* the state directory (fleet key, own certificate) */
	const char *cert, *key; /* NULL: the state directory's conductor.pem/.key */
	const char *db;         /* the store every connection opens */
	const char *config;     /* policy file (NULL: the library's default) */
	unsigned uid_min, uid_max;
	unsigned store_connections; /* 0: FLEET_STORE_CONNECTIONS */
	const char *shell, *home;
	long clock_offset; /* --now: decide as if the clock read now + offset */
	int once;          /* tests: serve until the first connection closes */
};

/* Serves until SIGINT or SIGTERM; an exit status (pwpol(1)). */
int fleet_conductor_serve(const struct fleet_conductor_opts *o, FILE *log);

/* The fleet CA in the store, made (with dir/fleet.key) when there is
 * none; for a conductor (conductor 1) also its own certificate in dir,
 * made when missing or of another CA. 0, or -1 with a sentence in err. */
int fleet_init(pwpol_store *s, const char *dir, int conductor, char *err, size_t errlen);
/* The fleet CA's certificate (PEM, malloc'd), or NULL. */
char *fleet_ca_pem(pwpol_store *s);
/* The SHA-256 fingerprint of the fleet CA (hex, 64 characters). */
int fleet_ca_fingerprint(pwpol_store *s, char *out, size_t outlen, char *err, size_t errlen);
/* A new one-time token valid `minutes`, printed once; only its hash is kept. */
int fleet_token_new(pwpol_store *s, unsigned minutes, time_t now, char *out, size_t outlen,
                    char *err, size_t errlen);
/* Uses a token up: 0 if it was valid (it is gone then), -1 if not. */
int fleet_token_take(pwpol_store *s, const char *token, time_t now);
/* Signs a node's certificate request (PEM) for `name` with the CA's key
 * (unsealed with dir/fleet.key): the certificate (PEM, malloc'd) recorded
 * as active. -1 with a sentence in err (which starts empty). */
int fleet_sign_node(pwpol_store *s, const char *dir, const char *name, const char *csr_pem,
                    time_t now, char **cert_pem, char *err, size_t errlen);
/* 1 if serial (hex) is enrolled and not revoked, as `name`; 0 if not;
 * -1 when the store does not answer (which is no revocation). */
int fleet_node_active(pwpol_store *s, const char *name, const char *serial_hex);
/* Revokes every certificate of `name`: 0, 1 no such node, -1 error. */
int fleet_node_revoke(pwpol_store *s, const char *name, char *err, size_t errlen);
/* Prints the nodes: name, state, serial, enrolled. */
int fleet_node_list(pwpol_store *s, FILE *out, char *err, size_t errlen);
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
