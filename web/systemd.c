/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * systemd.c - `pwpol web` under systemd: the listening socket that
 * pwpol-web.socket passes (sd_listen_fds(3)), and the state told to the
 * service manager (sd_notify(3): ready, reloading, stopping). libsystemd is
 * linked into the command alone, never into the library or the PAM module;
 * built without it, no socket is taken and nothing is told.
 */
#include "web.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#ifdef PWPOL_HAVE_SYSTEMD
#include <systemd/sd-daemon.h>
#endif

int web_passed_socket(char *listen, size_t len, char *why, size_t whylen)
{
#ifdef PWPOL_HAVE_SYSTEMD
	/* unset_environment: the variables are for this process alone. */
	int n = sd_listen_fds(1);
	if (n == 0)
		return -1;
	if (n < 0) {
		snprintf(why, whylen, "%s", strerror(-n));
		return -2;
	}
	int fd = SD_LISTEN_FDS_START;
	if (n != 1 || sd_is_socket(fd, AF_UNSPEC, SOCK_STREAM, 1) <= 0) {
		snprintf(why, whylen,
		         "systemd passed %d descriptors; one listening TCP socket is "
		         "taken (ListenStream= once)",
		         n);
		return -2;
	}
	/* The address as --listen would give it, for the same checks (TLS off
	 * loopback, --server-name on a wildcard) and the Host that is served. */
	struct sockaddr_storage ss;
	socklen_t sl = sizeof ss;
	char host[INET6_ADDRSTRLEN];
	if (getsockname(fd, (struct sockaddr *)&ss, &sl) != 0) {
		snprintf(why, whylen, "%s", strerror(errno));
		return -2;
	}
	if (ss.ss_family == AF_INET) {
		const struct sockaddr_in *a = (const struct sockaddr_in *)(const void *)&ss;
		inet_ntop(AF_INET, &a->sin_addr, host, sizeof host);
		snprintf(listen, len, "%s:%u", host, (unsigned)ntohs(a->sin_port));
	} else if (ss.ss_family == AF_INET6) {
		const struct sockaddr_in6 *a = (const struct sockaddr_in6 *)(const void *)&ss;
		inet_ntop(AF_INET6, &a->sin6_addr, host, sizeof host);
		snprintf(listen, len, "[%s]:%u", host, (unsigned)ntohs(a->sin6_port));
	} else {
		snprintf(why, whylen, "the passed socket is not TCP over IPv4 or IPv6");
		return -2;
	}
	return fd;
#else
	(void)listen;
	(void)len;
	(void)why;
	(void)whylen;
	return -1;
#endif
}

void web_notify(const char *state)
{
#ifdef PWPOL_HAVE_SYSTEMD
	sd_notify(0, state);
#else
	(void)state;
#endif
}
