/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * audit_shim.c - an LD_PRELOAD stand-in for libaudit's account records, for
 * tests only (tests/cli-actor.sh): audit_open, audit_log_acct_message and
 * audit_close as the library finds them in the process (lib/audit.c looks
 * in the process before it opens libaudit.so.1); every record is appended,
 * one a line, to $AUDIT_SHIM_LOG as "type=T op=OP acct=NAME res=R", so a
 * test reads what the kernel's audit log would hold without a kernel
 * audit, an auditd, or a record sent to the machine's own log.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int audit_open(void)
{
	return open("/dev/null", O_WRONLY | O_CLOEXEC);
}

void audit_close(int fd)
{
	if (fd >= 0)
		close(fd);
}

int audit_log_acct_message(int fd, int type, const char *pgname, const char *op, const char *name,
                           unsigned int id, const char *host, const char *addr, const char *tty,
                           int result)
{
	(void)fd;
	(void)pgname;
	(void)id;
	(void)host;
	(void)addr;
	(void)tty;
	const char *path = getenv("AUDIT_SHIM_LOG");
	if (!path)
		return 0;
	FILE *f = fopen(path, "a");
	if (!f)
		return 0;
	fprintf(f, "type=%d op=%s acct=%s res=%d\n", type, op ? op : "?", name ? name : "?",
	        result);
	fclose(f);
	return 1;
}
