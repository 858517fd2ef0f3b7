/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * store-trust.c - what a store file must be beyond what every trusted file
 * must be (pwpol__open_trusted, the ground's trust.c): SQLite's store
 * (store-sqlite.c) ours and private, still the file SQLite opened, and its
 * -wal, -shm and -journal the store owner's.
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

/*
 * A store decides who may log in as root, so it is used only when no other
 * user could have written it: opened through pwpol__open_trusted (every
 * directory up to /, no link, judged on the descriptor), made there 0600
 * if asked and absent (never with the process umask, never where it could
 * be replaced), and then ours, not merely root's, and private. The
 * descriptor stays open while the store is; setup() makes sure SQLite
 * opened the same file.
 */
enum pwpol_status pwpol__store_check_file(pwpol_store *s, const char *path, int create, int *fdp)
{
	char why[PATH_MAX + 200];
	/* O_EXCL: this open made the file, or it was there (s->created). */
	int fd =
	    create ? pwpol__open_trusted(path, O_RDWR | O_CREAT | O_EXCL, why, sizeof why) : -1;
	s->created = fd >= 0;
	if (fd < 0 && (!create || errno == EEXIST))
		fd = pwpol__open_trusted(path, O_RDONLY, why, sizeof why);
	if (fd < 0 && errno == ENOENT && !create)
		return pwpol__store_fail(s, PWPOL_ESYSTEM,
		                         "%s: no such store (`pwpol init` creates it)", path);
	if (fd < 0 && errno == ELOOP)
		return pwpol__store_fail(s, PWPOL_ESYSTEM,
		                         "%s: refused: the store is a symbolic link; name the "
		                         "file itself",
		                         path);
	if (fd < 0 && errno == EISDIR)
		return pwpol__store_fail(s, PWPOL_ESYSTEM,
		                         "%s: not a pwpol store (not a regular file)", path);
	struct stat sb;
	if (fd < 0 && errno == EPERM && lstat(path, &sb) == 0 && S_ISREG(sb.st_mode) &&
	    sb.st_uid != geteuid())
		snprintf(why, sizeof why,
		         "%s: refused: the store belongs to uid %u, not to this user (uid %u)",
		         path, (unsigned)sb.st_uid, (unsigned)geteuid());
	if (fd < 0 && errno == EPERM)
		return pwpol__store_fail(s, PWPOL_ESYSTEM, "%s", why);
	if (fd < 0)
		return pwpol__store_fail(s, PWPOL_ESYSTEM, "cannot open the store: %s", why);
	enum pwpol_status st = PWPOL_OK;
	if (fstat(fd, &sb) != 0)
		st = pwpol__store_fail(s, PWPOL_ESYSTEM, "%s: cannot open the store: %s", path,
		                       strerror(errno));
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

/* The files SQLite keeps beside a store, by the name of the store. */
static const char *const companions[] = {"-wal", "-shm", "-journal"};

/* One companion, opened (or, in a shared directory, made) in the store's
 * directory without following a link and judged on its descriptor. */
static enum pwpol_status check_companion(pwpol_store *s, int dir, const char *path,
                                         const char *base, const char *suffix, int make)
{
	char name[NAME_MAX + 1];
	if (snprintf(name, sizeof name, "%s%s", base, suffix) >= (int)sizeof name)
		return pwpol__store_fail(s, PWPOL_ESYSTEM, "%s: the name is too long", path);
	int fd = openat(
	    dir, name,
	    O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY | (make ? O_CREAT : 0), 0600);
	if (fd < 0 && errno == ENOENT && !make)
		return PWPOL_OK;
	/* The kernel may answer EACCES for another user's file or link in a
	 * sticky directory (protected_regular, protected_symlinks): tell what
	 * is there. */
	struct stat ls;
	if (fd < 0 && errno == EACCES && fstatat(dir, name, &ls, AT_SYMLINK_NOFOLLOW) == 0)
		errno = S_ISLNK(ls.st_mode) ? ELOOP : EACCES;
	if (fd < 0 && errno == ELOOP)
		return pwpol__store_fail(s, PWPOL_ESYSTEM,
		                         "%s%s: refused: a symbolic link beside the store; remove "
		                         "it once you know where it came from",
		                         path, suffix);
	if (fd < 0 && errno == EACCES && fstatat(dir, name, &ls, AT_SYMLINK_NOFOLLOW) == 0)
		return pwpol__store_fail(
		    s, PWPOL_ESYSTEM,
		    "%s%s: refused: a companion file of the store, owned by uid "
		    "%u, not by the store's owner (uid %u): another user may "
		    "have put it there; remove it once you know where it came "
		    "from",
		    path, suffix, (unsigned)ls.st_uid, (unsigned)geteuid());
	if (fd < 0)
		return pwpol__store_fail(s, PWPOL_ESYSTEM,
		                         "%s%s: refused: a companion file of the store that cannot "
		                         "be opened: %s",
		                         path, suffix, strerror(errno));
	struct stat sb;
	enum pwpol_status st = PWPOL_OK;
	if (fstat(fd, &sb) != 0)
		st = pwpol__store_fail(s, PWPOL_ESYSTEM, "%s%s: %s", path, suffix, strerror(errno));
	else if (!S_ISREG(sb.st_mode))
		st = pwpol__store_fail(s, PWPOL_ESYSTEM,
		                       "%s%s: refused: a companion file of the store that is %s",
		                       path, suffix, pwpol__file_kind(sb.st_mode));
	else if (sb.st_uid != geteuid())
		st = pwpol__store_fail(
		    s, PWPOL_ESYSTEM,
		    "%s%s: refused: a companion file of the store, owned by uid "
		    "%u, not by the store's owner (uid %u): another user may have "
		    "put it there; remove it once you know where it came from",
		    path, suffix, (unsigned)sb.st_uid, (unsigned)geteuid());
	else if (sb.st_mode & 077)
		st = pwpol__store_fail(s, PWPOL_ESYSTEM,
		                       "%s%s: refused: group or others may access a companion file "
		                       "of the store (mode %04o); make it private with chmod 600",
		                       path, suffix, (unsigned)(sb.st_mode & 07777));
	close(fd);
	return st;
}

/*
 * SQLite opens the store's -wal, -shm and -journal by name and trusts what
 * it finds: a log it replays, an index it maps, a journal it plays back. So
 * each is trusted only as the store is (a regular file, the store owner's,
 * private), or the store is refused. Where others may make files (a sticky
 * directory), each one missing is made here, ours and private, before
 * SQLite looks: no one else can then put theirs under that name, nor
 * remove ours. (SQLite keeps -wal and -shm between opens; an empty -journal
 * is never replayed.)
 */
enum pwpol_status pwpol__store_check_companions(pwpol_store *s, const char *path)
{
	char dir[PATH_MAX];
	const char *slash = strrchr(path, '/'), *base = slash ? slash + 1 : path;
	if (!slash)
		snprintf(dir, sizeof dir, ".");
	else if (slash == path)
		snprintf(dir, sizeof dir, "/");
	else
		snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);
	int fd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	struct stat sb;
	if (fd < 0 || fstat(fd, &sb) != 0) {
		enum pwpol_status st = pwpol__store_fail(
		    s, PWPOL_ESYSTEM, "%s: cannot check %s: %s", path, dir, strerror(errno));
		if (fd >= 0)
			close(fd);
		return st;
	}
	int shared = (sb.st_mode & (S_IWGRP | S_IWOTH)) != 0;
	enum pwpol_status st = PWPOL_OK;
	for (size_t i = 0; st == PWPOL_OK && i < sizeof companions / sizeof companions[0]; i++)
		st = check_companion(s, fd, path, base, companions[i], shared);
	close(fd);
	return st;
}
