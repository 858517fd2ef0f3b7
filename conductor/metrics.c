/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * metrics.c - the conductor's counters and their page: requests by type
 * and answer, logins by verdict with a latency histogram, nodes
 * connected, refusals. Atomic counters, written by the connection
 * threads and read by one small HTTP thread.
 */
#include "metrics.h"
#include "net.h"

#include <netdb.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#define TYPES    (PP_STATUS + 1)
#define STATUSES (PP_R_BADREQ + 1)

static const double bounds[] = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};
#define BUCKETS (sizeof bounds / sizeof *bounds)

static atomic_ulong requests[TYPES][STATUSES];
static atomic_ulong auth_bucket[BUCKETS];
static atomic_ulong auth_count;
static atomic_ulong auth_micros;
static atomic_long nodes;
static atomic_ulong refused;

static const char *const type_names[TYPES] = {"?",      "hello",  "enroll", "auth",     "account",
                                              "verify", "change", "pwnam",  "pwuid",    "pwlist",
                                              "grnam",  "grgid",  "grlist", "failures", "status"};
static const char *const status_names[STATUSES] = {
    "ok", "rejected", "locked", "change", "notfound", "unavailable", "denied", "error", "badreq"};

void metrics_request(int type, unsigned status, double seconds)
{
	if (type <= 0 || type >= TYPES || status >= STATUSES)
		return;
	atomic_fetch_add(&requests[type][status], 1);
	if (type != PP_AUTH)
		return;
	atomic_fetch_add(&auth_count, 1);
	atomic_fetch_add(&auth_micros, (unsigned long)(seconds * 1e6));
	for (size_t i = 0; i < BUCKETS; i++)
		if (seconds <= bounds[i])
			atomic_fetch_add(&auth_bucket[i], 1);
}

void metrics_node(int delta)
{
	atomic_fetch_add(&nodes, delta);
}

void metrics_refused(void)
{
	atomic_fetch_add(&refused, 1);
}

static size_t page(char *out, size_t n)
{
	size_t len = 0;
#define ADD(...)                                                                                   \
	do {                                                                                       \
		int w = snprintf(out + len, len < n ? n - len : 0, __VA_ARGS__);                   \
		if (w > 0)                                                                         \
			len += (size_t)w;                                                          \
	} while (0)
	ADD("# HELP pwpol_conductor_requests_total Requests of nodes, by type and answer.\n"
	    "# TYPE pwpol_conductor_requests_total counter\n");
	for (int t = 1; t < TYPES; t++)
		for (int s = 0; s < STATUSES; s++) {
			unsigned long v = atomic_load(&requests[t][s]);
			if (v)
				ADD("pwpol_conductor_requests_total{type=\"%s\",answer=\"%s\"} "
				    "%lu\n",
				    type_names[t], status_names[s], v);
		}
	ADD("# HELP pwpol_conductor_login_seconds Time to answer a login (auth).\n"
	    "# TYPE pwpol_conductor_login_seconds histogram\n");
	for (size_t i = 0; i < BUCKETS; i++)
		ADD("pwpol_conductor_login_seconds_bucket{le=\"%g\"} %lu\n", bounds[i],
		    atomic_load(&auth_bucket[i]));
	ADD("pwpol_conductor_login_seconds_bucket{le=\"+Inf\"} %lu\n", atomic_load(&auth_count));
	ADD("pwpol_conductor_login_seconds_sum %.6f\n", (double)atomic_load(&auth_micros) / 1e6);
	ADD("pwpol_conductor_login_seconds_count %lu\n", atomic_load(&auth_count));
	ADD("# HELP pwpol_conductor_nodes_connected Node connections open now.\n"
	    "# TYPE pwpol_conductor_nodes_connected gauge\n"
	    "pwpol_conductor_nodes_connected %ld\n",
	    atomic_load(&nodes));
	ADD("# HELP pwpol_conductor_refused_total Connections or requests refused (no node "
	    "certificate, revoked).\n"
	    "# TYPE pwpol_conductor_refused_total counter\n"
	    "pwpol_conductor_refused_total %lu\n",
	    atomic_load(&refused));
#undef ADD
	return len < n ? len : n - 1;
}

static void *serve(void *arg)
{
	int lfd = (int)(intptr_t)arg;
	static char body[64 * 1024];
	for (;;) {
		int fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
		if (fd < 0)
			continue;
		struct timeval tv = {.tv_sec = 2};
		setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
		setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
		char req[1024];
		ssize_t r = recv(fd, req, sizeof req - 1, 0);
		req[r > 0 ? r : 0] = 0;
		char head[160];
		size_t blen = 0;
		int ok = !strncmp(req, "GET /metrics ", 13) || !strncmp(req, "GET /metrics?", 13);
		if (ok)
			blen = page(body, sizeof body);
		int hl = snprintf(head, sizeof head,
		                  "HTTP/1.0 %s\r\nContent-Type: text/plain; version=0.0.4\r\n"
		                  "Content-Length: %zu\r\nConnection: close\r\n\r\n",
		                  ok ? "200 OK" : "404 Not Found", blen);
		if (send(fd, head, (size_t)hl, MSG_NOSIGNAL) == hl && blen)
			send(fd, body, blen, MSG_NOSIGNAL);
		/* The rest of the request read before the close: unread bytes
		 * would turn it into a reset that loses the page. */
		shutdown(fd, SHUT_WR);
		while (recv(fd, req, sizeof req, 0) > 0)
			;
		close(fd);
	}
	return NULL;
}

int metrics_start(const char *spec)
{
	int fd = net_listen(spec, 16);
	pthread_t th;
	if (fd < 0 || pthread_create(&th, NULL, serve, (void *)(intptr_t)fd) != 0)
		return -1;
	pthread_detach(th);
	return 0;
}
