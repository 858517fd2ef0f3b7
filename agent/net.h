/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * net.h - the TCP and TLS plumbing the fleet's two ends share: the
 * conductor (its listener, its metrics page, `pwpol node enroll`) and the
 * node agent. Apart from proto.c, which the NSS and PAM modules link and
 * which must stay free of GnuTLS.
 */
#ifndef PWPOL_NET_H
#define PWPOL_NET_H

#include <stddef.h>

/* HOST:PORT, or [ADDR6]:PORT, into host (brackets taken off) and *port
 * (pointing into spec). 0, or -1 for a malformed spec. */
int net_split(const char *spec, char *host, size_t hostlen, const char **port);
/* A socket bound to spec and listening (close-on-exec, SO_REUSEADDR), or -1. */
int net_listen(const char *spec, int backlog);
/* A Unix stream socket at path (a stale socket there replaced), which
 * anyone may connect to (mode 0666): a peer's uid (SO_PEERCRED) decides
 * what it may ask. Listening, close-on-exec; or -1. */
int net_listen_unix(const char *path);
/* A socket connected to spec within timeout seconds (a black-holed peer
 * costs at most that), then blocking with that timeout on each read and
 * write; or -1. */
int net_dial(const char *spec, unsigned timeout);
/* gnutls_record_recv / _send on a session (ctx), again when a signal
 * interrupted it; a timeout (SO_RCVTIMEO) is an error, not a retry. For
 * pp_send and pp_recv. */
long net_tls_read(void *ctx, void *buf, size_t n);
long net_tls_write(void *ctx, void *buf, size_t n);

#endif
