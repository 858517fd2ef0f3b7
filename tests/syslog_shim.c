/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * syslog_shim.c - an LD_PRELOAD stand-in for syslog(3), for tests only: every
 * message the `pwpol` command would send to syslog is appended, one a line,
 * to the file named by $PWPOL_SYSLOG_FILE, so a test can read exactly what
 * the system log would hold without touching the machine's own log.
 */
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <syslog.h>
#include <unistd.h>

static void put(int pri, const char *fmt, va_list ap)
{
	const char *path = getenv("PWPOL_SYSLOG_FILE");
	if (!path)
		return;
	int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0)
		return;
	char line[2048];
	int n = snprintf(line, sizeof line, "<%d> ", pri);
	int m = vsnprintf(line + n, sizeof line - (size_t)n - 1, fmt, ap);
	size_t len = (size_t)n + (m < 0 ? 0 : (size_t)m);
	if (len > sizeof line - 2)
		len = sizeof line - 2;
	line[len++] = '\n';
	if (write(fd, line, len) < 0)
		len = 0;
	close(fd);
}

void openlog(const char *ident, int option, int facility)
{
	(void)ident;
	(void)option;
	(void)facility;
}

void closelog(void)
{
}

void vsyslog(int pri, const char *fmt, va_list ap)
{
	put(pri, fmt, ap);
}

void syslog(int pri, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	put(pri, fmt, ap);
	va_end(ap);
}

/* The fortified entry points glibc uses under _FORTIFY_SOURCE. */
void __vsyslog_chk(int pri, int flag, const char *fmt, va_list ap);
void __syslog_chk(int pri, int flag, const char *fmt, ...);

void __vsyslog_chk(int pri, int flag, const char *fmt, va_list ap)
{
	(void)flag;
	put(pri, fmt, ap);
}

void __syslog_chk(int pri, int flag, const char *fmt, ...)
{
	va_list ap;
	(void)flag;
	va_start(ap, fmt);
	put(pri, fmt, ap);
	va_end(ap);
}
