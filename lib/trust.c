/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * trust.c - what the process may trust, in the ground below every wing: a
 * file the library acts on trust (a store, the policy, a blocklist, the
 * system's PostgreSQL service file) is used only when no other user could
 * have written it: every directory above it checked, the file opened
 * without following a link and judged on its descriptor, and that
 * descriptor is what is read (pwpol__open_trusted, the one check); a file
 * a face reads for the library is a regular file (pwpol_input_open); and
 * the environment is the caller's own only outside a setuid program or a
 * PAM host (pwpol__env_trusted).
 */
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/stat.h>
#include <unistd.h>

/* Set by pwpol_set_hosted: the process acts for a user it does not trust. */
static volatile int hosted;

void pwpol_set_hosted(void)
{
	hosted = 1;
}

int pwpol__hosted(void)
{
	return hosted;
}

/* A setuid or setgid program's environment is its caller's: AT_SECURE
 * (which the kernel sets for those, and for file capabilities), or real
 * and effective ids that differ, as in a program that switched them. */
int pwpol__env_trusted(void)
{
	return !hosted && !getauxval(AT_SECURE) && getuid() == geteuid() && getgid() == getegid();
}

/* One directory of the chain: owned by root or us, writable by no one else
 * unless sticky (then no one else may rename or remove what is ours in
 * it). 0, with the reason told, if not. */
static int dir_trusted(const char *path, const char *dir, const struct stat *sb, char *why,
                       size_t n)
{
	if (sb->st_uid != 0 && sb->st_uid != geteuid()) {
		snprintf(why, n,
		         "%s: the directory %s belongs to another user (uid %u), who could "
		         "replace the file; refused",
		         path, dir, (unsigned)sb->st_uid);
		return 0;
	}
	if ((sb->st_mode & (S_IWGRP | S_IWOTH)) && !(sb->st_mode & S_ISVTX)) {
		snprintf(why, n,
		         "%s: other users may write the directory %s (mode %04o) and could "
		         "replace the file; refused",
		         path, dir, (unsigned)(sb->st_mode & 07777));
		return 0;
	}
	return 1;
}

const char *pwpol__file_kind(mode_t m)
{
	return S_ISDIR(m)    ? "a directory"
	       : S_ISFIFO(m) ? "a FIFO"
	       : S_ISCHR(m)  ? "a character device"
	       : S_ISBLK(m)  ? "a block device"
	       : S_ISSOCK(m) ? "a socket"
	                     : "not a regular file";
}

/* The file itself: regular, owned by root or us, writable by no one else. */
static int file_trusted(const char *path, const struct stat *sb, char *why, size_t n)
{
	if (!S_ISREG(sb->st_mode))
		snprintf(why, n, "%s: %s, not a regular file; refused", path,
		         pwpol__file_kind(sb->st_mode));
	else if (sb->st_uid != 0 && sb->st_uid != geteuid())
		snprintf(why, n,
		         "%s: owned by uid %u, neither root nor this user; refused (chown root %s)",
		         path, (unsigned)sb->st_uid, path);
	else if (sb->st_mode & (S_IWGRP | S_IWOTH))
		snprintf(why, n, "%s: writable by %s; refused (chmod go-w %s)", path,
		         (sb->st_mode & S_IWGRP) && (sb->st_mode & S_IWOTH) ? "its group and others"
		         : (sb->st_mode & S_IWGRP)                          ? "its group"
		                                                            : "others",
		         path);
	else
		return 1;
	return 0;
}

/*
 * The directory of path and every one above it are walked from / one
 * descriptor a level (openat, O_NOFOLLOW), each judged by fstat before the
 * next is opened in it, so that a level renamed or replaced by a link after
 * it was judged is not the one walked into; the file is then opened in the
 * last of them without following a link and without blocking (a FIFO or a
 * device answers now), and judged on its descriptor: a regular file owned
 * by root or us that no one else may write. A directory named through a
 * link is walked as the link resolves (realpath); every level of what it
 * resolves to is judged. Returns the descriptor, or -1 with errno (ENOENT:
 * no such file; ELOOP: the file is a link; EPERM: refused) and the reason
 * in why.
 */
int pwpol__open_trusted(const char *path, int flags, char *why, size_t n)
{
	char dir[PATH_MAX], real[PATH_MAX];
	const char *slash = strrchr(path, '/'), *base = slash ? slash + 1 : path;
	if (!slash)
		snprintf(dir, sizeof dir, ".");
	else if (slash == path)
		snprintf(dir, sizeof dir, "/");
	else
		snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);
	if (!base[0] || !strcmp(base, ".") || !strcmp(base, "..")) {
		snprintf(why, n, "%s: not a file name", path);
		errno = EINVAL;
		return -1;
	}
	if (!realpath(dir, real)) {
		int e = errno;
		snprintf(why, n, "%s: %s: %s", path, dir, strerror(e));
		errno = e;
		return -1;
	}
	int at = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
	char *p = real;
	for (;;) {
		struct stat sb;
		if (at < 0 || fstat(at, &sb) != 0) {
			int e = errno;
			snprintf(why, n, "%s: cannot check %s: %s", path, real, strerror(e));
			if (at >= 0)
				close(at);
			errno = e;
			return -1;
		}
		char shown[PATH_MAX];
		snprintf(shown, sizeof shown, "%.*s", p == real ? 1 : (int)(p - real), real);
		if (!dir_trusted(path, shown, &sb, why, n)) {
			close(at);
			errno = EPERM;
			return -1;
		}
		while (*p == '/')
			p++;
		if (!*p)
			break;
		char *end = strchr(p, '/');
		char name[NAME_MAX + 1];
		size_t len = end ? (size_t)(end - p) : strlen(p);
		snprintf(name, sizeof name, "%.*s", (int)len, p);
		int next = openat(at, name, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		close(at);
		if (next < 0) {
			snprintf(why, n, "%s: %.*s changed while it was checked; refused", path,
			         (int)(p + len - real), real);
			errno = EPERM;
			return -1;
		}
		at = next;
		p += len;
	}
	int fd = openat(at, base, flags | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY, 0600);
	int e = errno;
	close(at);
	if (fd < 0) {
		if (e == ELOOP)
			snprintf(why, n, "%s: a symbolic link; refused (name the file itself)",
			         path);
		else
			snprintf(why, n, "%s: %s", path, strerror(e));
		errno = e;
		return -1;
	}
	struct stat sb;
	if (fstat(fd, &sb) != 0)
		snprintf(why, n, "%s: %s", path, strerror(errno));
	if (fstat(fd, &sb) != 0 || !file_trusted(path, &sb, why, n)) {
		close(fd);
		errno = EPERM;
		return -1;
	}
	return fd;
}

/* A file a face reads for the library (a shadow file, a hash, a
 * configuration's text): opened without blocking, so that a FIFO or a
 * device answers now rather than when a writer comes, and refused unless
 * it is a regular file; then blocking again for the reader. */
int pwpol_input_open(const char *path, char *err, size_t errlen)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	struct stat sb;
	if (fd < 0 || fstat(fd, &sb) != 0) {
		int e = errno;
		if (err && errlen)
			snprintf(err, errlen, "%s: %s", path, strerror(e));
		if (fd >= 0)
			close(fd);
		errno = e;
		return -1;
	}
	if (!S_ISREG(sb.st_mode)) {
		if (err && errlen)
			snprintf(err, errlen, "%s: %s, not a regular file; refused", path,
			         pwpol__file_kind(sb.st_mode));
		close(fd);
		errno = EINVAL;
		return -1;
	}
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	return fd;
}
