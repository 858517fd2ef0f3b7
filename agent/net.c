/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * net.c - addresses, listening and dialling sockets, and TLS records for
 * the conductor and the node agent (net.h): written once, so that the
 * timeout a node's dial keeps and the reading of an IPv6 address are the
 * same at both ends.
 */
#include "net.h"

#include <errno.h>
#include <fcntl.h>
#include <gnutls/gnutls.h>
#include <netdb.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

int net_split(const char *spec, char *host, size_t hostlen, const char **port)
{
	const char *colon = strrchr(spec, ':');
	if (!colon || colon == spec || !colon[1] || (size_t)(colon - spec) >= hostlen)
		return -1;
	memcpy(host, spec, (size_t)(colon - spec));
	host[colon - spec] = 0;
	size_t n = strlen(host);
	if (host[0] == '[' && n >= 2 && host[n - 1] == ']') {
		memmove(host, host + 1, n - 2);
		host[n - 2] = 0;
	}
	*port = colon + 1;
	return 0;
}

static struct addrinfo *resolve(const char *spec, int passive)
{
	char host[256];
	const char *port;
	if (net_split(spec, host, sizeof host, &port) != 0)
		return NULL;
	struct addrinfo hints = {.ai_socktype = SOCK_STREAM,
	                         .ai_flags = AI_NUMERICSERV | (passive ? AI_PASSIVE : 0)};
	struct addrinfo *ai = NULL;
	if (getaddrinfo(host, port, &hints, &ai) != 0)
		return NULL;
	return ai;
}

int net_listen(const char *spec, int backlog)
{
	struct addrinfo *ai = resolve(spec, 1);
	if (!ai)
		return -1;
	int fd = socket(ai->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	int one = 1;
	if (fd >= 0)
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (fd >= 0 && (bind(fd, ai->ai_addr, ai->ai_addrlen) != 0 || listen(fd, backlog) != 0)) {
		int e = errno;
		close(fd);
		errno = e;
		fd = -1;
	}
	freeaddrinfo(ai);
	return fd;
}

int net_dial(const char *spec, unsigned timeout)
{
	struct addrinfo *ai = resolve(spec, 0);
	if (!ai)
		return -1;
	int fd = socket(ai->ai_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd >= 0 && connect(fd, ai->ai_addr, ai->ai_addrlen) != 0) {
		struct pollfd p = {.fd = fd, .events = POLLOUT};
		int err = 0;
		socklen_t el = sizeof err;
		if (errno != EINPROGRESS || poll(&p, 1, (int)timeout * 1000) != 1 ||
		    getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &el) != 0 || err != 0) {
			close(fd);
			fd = -1;
		}
	}
	freeaddrinfo(ai);
	if (fd < 0)
		return -1;
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	struct timeval tv = {.tv_sec = timeout};
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
	return fd;
}

long net_tls_read(void *ctx, void *buf, size_t n)
{
	ssize_t r;
	do
		r = gnutls_record_recv(ctx, buf, n);
	while (r == GNUTLS_E_INTERRUPTED);
	return r;
}

long net_tls_write(void *ctx, void *buf, size_t n)
{
	ssize_t r;
	do
		r = gnutls_record_send(ctx, buf, n);
	while (r == GNUTLS_E_INTERRUPTED);
	return r;
}

int net_listen_unix(const char *path)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	if (strlen(path) >= sizeof sa.sun_path)
		return -1;
	strcpy(sa.sun_path, path);
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	struct stat st;
	if (lstat(path, &st) == 0 && S_ISSOCK(st.st_mode))
		unlink(path);
	mode_t old = umask(0);
	/* Anyone may connect (NSS); what a peer may ask is decided by its uid. */
	int rc = bind(fd, (struct sockaddr *)&sa, sizeof sa);
	umask(old);
	if (rc != 0 || chmod(path, 0666) != 0 || listen(fd, 128) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}
