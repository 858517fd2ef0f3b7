/*
 * store-trust.c - a store file is used only when no other user could have
 * written it: made private, every directory above it checked, the file
 * opened without following a link and judged on its descriptor. SQLite's
 * store (store-sqlite.c) opens its file through these.
 */
#include "store.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Makes the file, private, if asked and it is not there: created 0600 here
 * so that SQLite never makes it with the process umask. */
enum pwpol_status pwpol__store_make_file(pwpol_store *s, const char *path)
{
	int fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd >= 0) {
		close(fd);
		return PWPOL_OK;
	}
	if (errno == EEXIST)
		return PWPOL_OK;
	return pwpol__store_fail(s, PWPOL_ESYSTEM, "%s: cannot create the store: %s", path,
	                         strerror(errno));
}

/*
 * A store decides who may log in as root, so it is used only when no other
 * user could have written it: the file owned by us and private, and its
 * directory and every one above it, up to /, owned by root or us and
 * writable by no one else (a sticky directory such as /tmp is fine: no one
 * else may rename or remove what is ours in it). Every level counts, a
 * root-owned one too: whoever may write a directory may rename what is in
 * it, and so put a directory or a store of their own in its place.
 */
enum pwpol_status pwpol__store_check_dirs(pwpol_store *s, const char *path)
{
	char dir[PATH_MAX];
	const char *slash = strrchr(path, '/');
	if (!slash)
		snprintf(dir, sizeof dir, ".");
	else if (slash == path)
		snprintf(dir, sizeof dir, "/");
	else
		snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);
	char real[PATH_MAX];
	if (!realpath(dir, real))
		return pwpol__store_fail(s, PWPOL_ESYSTEM, "%s: cannot open the store: %s: %s",
		                         path, dir, strerror(errno));
	uid_t me = geteuid();
	for (;;) {
		struct stat sb;
		if (stat(real, &sb) != 0)
			return pwpol__store_fail(s, PWPOL_ESYSTEM, "%s: cannot check %s: %s", path,
			                         real, strerror(errno));
		if (sb.st_uid != 0 && sb.st_uid != me)
			return pwpol__store_fail(s, PWPOL_ESYSTEM,
			                         "%s: refused: the directory %s belongs to another "
			                         "user (uid %u), who could replace the store",
			                         path, real, (unsigned)sb.st_uid);
		if ((sb.st_mode & (S_IWGRP | S_IWOTH)) && !(sb.st_mode & S_ISVTX))
			return pwpol__store_fail(
			    s, PWPOL_ESYSTEM,
			    "%s: refused: other users may write the directory %s "
			    "(mode %04o) and could replace the store",
			    path, real, (unsigned)(sb.st_mode & 07777));
		if (strcmp(real, "/") == 0)
			return PWPOL_OK;
		char *up = strrchr(real, '/');
		if (up == real)
			up[1] = 0;
		else
			*up = 0;
	}
}

/* Opens the file itself without following a link and judges the opened
 * descriptor, not the name; setup() then makes sure SQLite opened the same
 * file. The descriptor stays open while the store is. */
enum pwpol_status pwpol__store_check_file(pwpol_store *s, const char *path, int create, int *fdp)
{
	enum pwpol_status st = PWPOL_OK;
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		if (errno == ENOENT && !create)
			return pwpol__store_fail(
			    s, PWPOL_ESYSTEM, "%s: no such store (`pwpol init` creates it)", path);
		if (errno == ELOOP)
			return pwpol__store_fail(
			    s, PWPOL_ESYSTEM,
			    "%s: refused: the store is a symbolic link; name the "
			    "file itself",
			    path);
		return pwpol__store_fail(s, PWPOL_ESYSTEM, "%s: cannot open the store: %s", path,
		                         strerror(errno));
	}
	struct stat sb;
	if (fstat(fd, &sb) != 0)
		st = pwpol__store_fail(s, PWPOL_ESYSTEM, "%s: cannot open the store: %s", path,
		                       strerror(errno));
	else if (!S_ISREG(sb.st_mode))
		st = pwpol__store_fail(s, PWPOL_ESYSTEM,
		                       "%s: not a pwpol store (not a regular file)", path);
	else if (sb.st_uid != geteuid())
		st = pwpol__store_fail(s, PWPOL_ESYSTEM,
		                       "%s: refused: the store belongs to uid %u, not to this user "
		                       "(uid %u)",
		                       path, (unsigned)sb.st_uid, (unsigned)geteuid());
	else if (sb.st_mode & 077)
		st = pwpol__store_fail(s, PWPOL_EINVAL,
		                       "%s: refused: group or others may access the store "
		                       "(mode %04o); make it private with chmod 600",
		                       path, (unsigned)(sb.st_mode & 07777));
	if (st != PWPOL_OK) {
		close(fd);
		return st;
	}
	*fdp = fd;
	return PWPOL_OK;
}

/* 1 if `path` names the file open on fd (same device and inode). */
int pwpol__store_same_file(int fd, const char *path)
{
	struct stat a, b;
	return fstat(fd, &a) == 0 && lstat(path, &b) == 0 && a.st_dev == b.st_dev &&
	       a.st_ino == b.st_ino;
}
