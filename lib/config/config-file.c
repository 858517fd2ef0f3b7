/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * config-file.c - the policy file: opened once, without blocking or
 * following a link, trusted only as a store is (pwpol__open_trusted: a
 * regular file owned by root or the effective user, writable by no one
 * else, in directories no one else could have replaced it in), read whole
 * through that descriptor, then handed to the reader (config-read.c).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_FILE (1024 * 1024) /* a policy is a few hundred bytes */

enum pwpol_status pwpol_config_text(const char *path, char **text, size_t *len,
                                    pwpol_config_errors **errs)
{
	if (text)
		*text = NULL;
	if (len)
		*len = 0;
	if (!path || !text || !len)
		return PWPOL_EINVAL;
	/* The policy weakens or hardens every login it guards: it is read only
	 * when no other user could have written it or a directory above it,
	 * through the descriptor that was judged (trust.c), so nothing
	 * can be swapped in between the check and the read; a FIFO or a device
	 * answers at once, refused. */
	char why[PATH_MAX + 200];
	int fd = pwpol__open_trusted(path, O_RDONLY, why, sizeof why);
	if (fd < 0) {
		int e = errno;
		if (e == EPERM || e == ELOOP)
			pwpol__errors_add(errs, "%s", why);
		else
			pwpol__errors_add(errs, "%s: cannot read: %s", path, strerror(e));
		return e == EPERM || e == ELOOP ? PWPOL_EINVAL : PWPOL_ESYSTEM;
	}
	struct stat sb;
	if (fstat(fd, &sb) != 0) {
		pwpol__errors_add(errs, "%s: cannot read: %s", path, strerror(errno));
		close(fd);
		return PWPOL_ESYSTEM;
	}
	if (sb.st_size > MAX_FILE) {
		pwpol__errors_add(errs, "%s: larger than %d bytes; refused", path, MAX_FILE);
		close(fd);
		return PWPOL_EINVAL;
	}
	char *buf = malloc((size_t)sb.st_size + 1);
	if (!buf) {
		close(fd);
		return PWPOL_ENOMEM;
	}
	size_t n = 0;
	while (n < (size_t)sb.st_size) {
		ssize_t r = read(fd, buf + n, (size_t)sb.st_size - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			pwpol__errors_add(errs, "%s: cannot read: %s", path, strerror(errno));
			pwpol_wipe(buf, n);
			free(buf);
			close(fd);
			return PWPOL_ESYSTEM;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	buf[n] = '\0';
	*text = buf;
	*len = n;
	return PWPOL_OK;
}

enum pwpol_status pwpol_config_load(const char *path, pwpol_policy **out,
                                    pwpol_config_errors **errs)
{
	if (out)
		*out = NULL;
	if (errs)
		*errs = NULL;
	if (!path || !out)
		return PWPOL_EINVAL;
	char *buf;
	size_t n;
	enum pwpol_status st = pwpol_config_text(path, &buf, &n, errs);
	if (st != PWPOL_OK)
		return st;
	st = pwpol_config_parse(buf, n, path, out, errs);
	pwpol_wipe(buf, n); /* a router's file may hold account hashes */
	free(buf);
	return st;
}
