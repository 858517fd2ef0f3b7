/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * bench_nodes.c - many fleet nodes simulated in one process, one thread a
 * node: each keeps a TLS connection to the conductor (as pwpold does) and
 * asks its logins there, or, the alternative the issue names, opens the
 * PostgreSQL store itself for each login (pam_pwpol db=: open,
 * authenticate, close). All start at once; each makes LOGINS logins, the
 * FAILEVERY-th of them with a wrong password on a failure account of its
 * own turn (f0..f{ACCOUNTS-1}), the others right on s0..s{ACCOUNTS-1}.
 *
 * Usage:
 *   bench_nodes agent HOST:PORT CERT KEY CA NODES LOGINS FAILEVERY ACCOUNTS PASSWORD
 *   bench_nodes direct URI NODES LOGINS FAILEVERY ACCOUNTS PASSWORD
 *
 * Prints one RESULT line: logins/s over the whole run, the median and p99
 * latency of a login (ms), the failures sent, and the answers that were
 * neither the verdict expected nor a store error (errors counted apart).
 */
#include "net.h"
#include "proto.h"
#include "pwpol.h"

#include <gnutls/gnutls.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char *hostport, *certf, *keyf, *caf, *uri, *password;
static unsigned nodes, logins, failevery, accounts;
static gnutls_certificate_credentials_t cred;
static pwpol_policy *policy;
static double *lat; /* nodes * logins, ms */
static atomic_uint failures_sent, errors, wrong;
static pthread_barrier_t start;

static double now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static gnutls_session_t connect_node(void)
{
	int fd = net_dial(hostport, 30);
	if (fd < 0)
		return NULL;
	gnutls_session_t s;
	gnutls_init(&s, GNUTLS_CLIENT);
	gnutls_set_default_priority(s);
	gnutls_credentials_set(s, GNUTLS_CRD_CERTIFICATE, cred);
	gnutls_transport_set_int(s, fd);
	int r;
	do
		r = gnutls_handshake(s);
	while (r < 0 && !gnutls_error_is_fatal(r));
	if (r < 0) {
		gnutls_deinit(s);
		close(fd);
		return NULL;
	}
	return s;
}

/* One login: 1 accepted, 0 refused, -1 an error. */
static int login_agent(gnutls_session_t s, const char *name, const char *pw)
{
	struct pp_msg req, rep;
	pp_start(&req, PP_AUTH);
	pp_put_str(&req, PP_T_NAME, name);
	pp_put_str(&req, PP_T_PASSWORD, pw);
	int rc = -1;
	if (pp_send(net_tls_write, s, &req) == 0 && pp_recv(net_tls_read, s, &rep) == 0) {
		uint64_t st = pp_get_num(&rep, PP_T_STATUS, PP_R_ERROR);
		rc = st == PP_R_OK || st == PP_R_CHANGE ? 1 : st == PP_R_REJECTED ? 0 : -1;
		pp_free(&rep);
	}
	pp_free(&req);
	return rc;
}

static int login_direct(const char *name, const char *pw)
{
	pwpol_store *st;
	char err[256];
	if (pwpol_store_open(&st, uri, 0, err, sizeof err) != PWPOL_OK)
		return -1;
	enum pwpol_change_reason why;
	enum pwpol_status r =
	    pwpol_account_authenticate(st, policy, name, pw, strlen(pw), time(NULL), &why);
	pwpol_store_close(st);
	return r == PWPOL_OK || r == PWPOL_CHANGE_REQUIRED ? 1 : r == PWPOL_REJECTED ? 0 : -1;
}

static void *node(void *arg)
{
	unsigned id = (unsigned)(uintptr_t)arg;
	gnutls_session_t s = NULL;
	if (hostport && !(s = connect_node()))
		atomic_fetch_add(&errors, logins);
	pthread_barrier_wait(&start);
	for (unsigned i = 0; s || !hostport ? i < logins : 0; i++) {
		int fail = failevery && (id * logins + i) % failevery == 0;
		char name[32];
		snprintf(name, sizeof name, "%c%u", fail ? 'f' : 's', (id + i) % accounts);
		double t0 = now_ms();
		int r = s ? login_agent(s, name, fail ? "Wrong#Guess-42" : password)
		          : login_direct(name, fail ? "Wrong#Guess-42" : password);
		lat[(size_t)id * logins + i] = now_ms() - t0;
		if (fail)
			atomic_fetch_add(&failures_sent, 1);
		if (r < 0)
			atomic_fetch_add(&errors, 1);
		else if (r != !fail)
			atomic_fetch_add(&wrong, 1);
	}
	if (s) {
		gnutls_bye(s, GNUTLS_SHUT_RDWR);
		close(gnutls_transport_get_int(s));
		gnutls_deinit(s);
	}
	return NULL;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	int k;
	if (argc == 11 && !strcmp(argv[1], "agent")) {
		hostport = argv[2], certf = argv[3], keyf = argv[4], caf = argv[5];
		k = 6;
	} else if (argc == 8 && !strcmp(argv[1], "direct")) {
		uri = argv[2];
		k = 3;
	} else {
		fprintf(stderr, "usage: bench_nodes agent HOST:PORT CERT KEY CA NODES LOGINS "
		                "FAILEVERY ACCOUNTS PASSWORD\n"
		                "       bench_nodes direct URI NODES LOGINS FAILEVERY ACCOUNTS "
		                "PASSWORD\n");
		return 2;
	}
	nodes = (unsigned)atoi(argv[k]), logins = (unsigned)atoi(argv[k + 1]);
	failevery = (unsigned)atoi(argv[k + 2]), accounts = (unsigned)atoi(argv[k + 3]);
	password = argv[k + 4];
	if (!nodes || !logins || !accounts)
		return 2;
	if (hostport) {
		gnutls_certificate_allocate_credentials(&cred);
		if (gnutls_certificate_set_x509_key_file(cred, certf, keyf, GNUTLS_X509_FMT_PEM) <
		        0 ||
		    gnutls_certificate_set_x509_trust_file(cred, caf, GNUTLS_X509_FMT_PEM) < 0) {
			fprintf(stderr, "bench_nodes: cannot load the node's TLS files\n");
			return 1;
		}
	} else if (pwpol_policy_new(&policy, "ssr") != PWPOL_OK ||
	           pwpol_policy_set(policy, PWPOL_OPT_MAXIMUM_FAILED_ATTEMPTS, 100) != PWPOL_OK) {
		return 1;
	}
	lat = calloc((size_t)nodes * logins, sizeof *lat);
	pthread_t *th = calloc(nodes, sizeof *th);
	pthread_barrier_init(&start, NULL, nodes + 1);
	pthread_attr_t at;
	pthread_attr_init(&at);
	pthread_attr_setstacksize(&at, 256 * 1024);
	for (unsigned i = 0; i < nodes; i++)
		if (pthread_create(&th[i], &at, node, (void *)(uintptr_t)i) != 0) {
			fprintf(stderr, "bench_nodes: cannot start node %u\n", i);
			return 1;
		}
	pthread_barrier_wait(&start);
	double t0 = now_ms();
	for (unsigned i = 0; i < nodes; i++)
		pthread_join(th[i], NULL);
	double wall = now_ms() - t0;
	size_t n = (size_t)nodes * logins;
	qsort(lat, n, sizeof *lat, cmp);
	/* Answered: accepted or refused, a store error not counted. */
	printf("RESULT mode=%s nodes=%u logins=%zu seconds=%.2f logins_per_s=%.0f "
	       "answered_per_s=%.0f p50_ms=%.1f p99_ms=%.1f failures_sent=%u errors=%u "
	       "wrong_verdicts=%u\n",
	       hostport ? "agent" : "direct", nodes, n, wall / 1e3, (double)n / (wall / 1e3),
	       (double)(n - atomic_load(&errors)) / (wall / 1e3), lat[n / 2], lat[n * 99 / 100],
	       atomic_load(&failures_sent), atomic_load(&errors), atomic_load(&wrong));
	free(lat);
	free(th);
	return 0;
}
