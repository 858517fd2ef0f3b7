/*
 * store-trust.c - a file the library acts on trust (a store, the policy,
 * a blocklist, the system's PostgreSQL service file) is used only when no
 * other user could have written it: every directory above it checked, the
 * file opened without following a link and judged on its descriptor, and
 * that descriptor is what is read. pwpol__open_trusted is the one check;
 * SQLite's store (store-sqlite.c) adds its own demands (ours, private).
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

static const char *kind_of(mode_t m)
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
		snprintf(why, n, "%s: %s, not a regular file; refused", path, kind_of(sb->st_mode));
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
		                       path, suffix, kind_of(sb.st_mode));
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
			         kind_of(sb.st_mode));
		close(fd);
		errno = EINVAL;
		return -1;
	}
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	return fd;
}
