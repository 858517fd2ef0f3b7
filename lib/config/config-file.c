/*
 * config-file.c - the policy file: opened without blocking, trusted only
 * when it is ours (a regular file, owned by root or the effective user,
 * writable by no one else), read whole, then handed to the reader
 * (config-read.c).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_FILE (1024 * 1024) /* a policy is a few hundred bytes */

static const char *kind(mode_t m)
{
	return S_ISDIR(m)    ? "a directory"
	       : S_ISFIFO(m) ? "a FIFO"
	       : S_ISCHR(m)  ? "a character device"
	       : S_ISBLK(m)  ? "a block device"
	       : S_ISSOCK(m) ? "a socket"
	                     : "not a file";
}

/* The policy is trusted only when it is ours: a regular file of a sane
 * size, owned by root or the effective user, that no group or other user
 * can write. Anyone who can write the policy can weaken every login it
 * guards. 0, with the reason told, if not. */
static int trusted(const char *path, const struct stat *sb, pwpol_config_errors **errs)
{
	if (!S_ISREG(sb->st_mode)) {
		pwpol__errors_add(errs, "%s: %s, not a regular file; refused", path,
		                  kind(sb->st_mode));
		return 0;
	}
	if (sb->st_size > MAX_FILE) {
		pwpol__errors_add(errs, "%s: larger than %d bytes; refused", path, MAX_FILE);
		return 0;
	}
	if (sb->st_uid != 0 && sb->st_uid != geteuid()) {
		pwpol__errors_add(errs,
		                  "%s: owned by uid %lu, neither root nor this user; refused "
		                  "(chown root %s)",
		                  path, (unsigned long)sb->st_uid, path);
		return 0;
	}
	mode_t w = sb->st_mode & (S_IWGRP | S_IWOTH);
	if (w) {
		pwpol__errors_add(errs, "%s: writable by %s; refused (chmod go-w %s)", path,
		                  w == S_IWGRP   ? "its group"
		                  : w == S_IWOTH ? "others"
		                                 : "its group and others",
		                  path);
		return 0;
	}
	return 1;
}

enum pwpol_status pwpol_config_text(const char *path, char **text, size_t *len,
                                    pwpol_config_errors **errs)
{
	if (text)
		*text = NULL;
	if (len)
		*len = 0;
	if (!path || !text || !len)
		return PWPOL_EINVAL;
	/* O_NONBLOCK: a FIFO or a device must answer now, not when a writer
	 * comes; whatever was opened is then judged by its descriptor, so
	 * nothing can be swapped in between the check and the read. */
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		pwpol__errors_add(errs, "%s: cannot read: %s", path, strerror(errno));
		return PWPOL_ESYSTEM;
	}
	struct stat sb;
	if (fstat(fd, &sb) != 0) {
		pwpol__errors_add(errs, "%s: cannot read: %s", path, strerror(errno));
		close(fd);
		return PWPOL_ESYSTEM;
	}
	if (!trusted(path, &sb, errs)) {
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
