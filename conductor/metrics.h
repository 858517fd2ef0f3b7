/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * metrics.h - the conductor's counters, served in the Prometheus text
 * format on --metrics ADDR:PORT (plain HTTP: bind it to loopback or a
 * management network). Counters only, no names of accounts.
 */
#ifndef PWPOL_METRICS_H
#define PWPOL_METRICS_H

#include "proto.h"

/* One request answered: its type, its STATUS, how long it took. */
void metrics_request(int type, unsigned status, double seconds);
/* A node connected (+1) or gone (-1). */
void metrics_node(int delta);
/* A connection or request refused (no node certificate, revoked). */
void metrics_refused(void);
/* Serves GET /metrics on spec in a thread of its own; -1 if it cannot listen. */
int metrics_start(const char *spec);

#endif
