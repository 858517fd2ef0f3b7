/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * sync_shim.c - an LD_PRELOAD watcher of a login's disk syncs and hashes,
 * for tests only (tests/cli-login-sync.sh). Every fsync/fdatasync of a
 * store's write-ahead log (a file whose name ends in "-wal") is appended
 * to $SYNC_SHIM_LOG as "sync 1" when a hash (crypt_rn) ran in another
 * thread while it did, else "sync 0"; "dir" for any other sync.
 *
 * So that the answer does not hang on the scheduler: a log sync waits (at
 * most 2 s) for a hash to be running beside it, and a hash waits (at most
 * 2 s) for a log sync to have begun in the process. Where the hash runs
 * beside the write, each finds the other at once; where it runs after it,
 * the sync waits its 2 s in vain and logs "sync 0".
 *
 * SYNC_SHIM_FAIL=1: a log sync fails (EIO) without syncing, as a failing
 * disk's would: the commit that needed it fails.
 * SYNC_SHIM_NO_THREAD=1: pthread_create fails (EAGAIN), as under a limit
 * on processes: the library must then hash after the write, as before.
 */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* hashing: hashes running; synced: a log sync has begun; syncing: log
 * syncs running; beside: a hash ran while a log sync did. */
static atomic_int hashing, synced, syncing, beside;

static void note(const char *what)
{
	const char *path = getenv("SYNC_SHIM_LOG");
	if (!path)
		return;
	int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0)
		return;
	if (write(fd, what, strlen(what)) < 0)
		fd = fd + 0;
	close(fd);
}

static void pause_ms(int ms)
{
	struct timespec d = {0, ms * 1000000L};
	nanosleep(&d, NULL);
}

static int is_log(int fd)
{
	char link[64], name[4096];
	snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
	ssize_t n = readlink(link, name, sizeof name - 1);
	if (n < 4)
		return 0;
	name[n] = 0;
	return strcmp(name + n - 4, "-wal") == 0;
}

static int watch(int fd)
{
	if (!is_log(fd)) {
		note("dir\n");
		return 0;
	}
	atomic_store(&synced, 1);
	atomic_fetch_add(&syncing, 1);
	atomic_store(&beside, 0);
	for (int i = 0; i < 400 && !atomic_load(&hashing) && !atomic_load(&beside); i++)
		pause_ms(5);
	int busy = atomic_load(&hashing) || atomic_load(&beside);
	atomic_fetch_sub(&syncing, 1);
	char line[32];
	snprintf(line, sizeof line, "sync %d\n", busy);
	note(line);
	if (getenv("SYNC_SHIM_FAIL") && strcmp(getenv("SYNC_SHIM_FAIL"), "1") == 0) {
		errno = EIO;
		return -1;
	}
	return 0;
}

int fdatasync(int fd)
{
	static int (*real)(int);
	if (!real)
		*(void **)&real = dlsym(RTLD_NEXT, "fdatasync");
	return watch(fd) < 0 ? -1 : real(fd);
}

int fsync(int fd)
{
	static int (*real)(int);
	if (!real)
		*(void **)&real = dlsym(RTLD_NEXT, "fsync");
	return watch(fd) < 0 ? -1 : real(fd);
}

char *crypt_rn(const char *phrase, const char *setting, void *data, int size)
{
	static char *(*real)(const char *, const char *, void *, int);
	if (!real)
		*(void **)&real = dlsym(RTLD_NEXT, "crypt_rn");
	atomic_fetch_add(&hashing, 1);
	for (int i = 0; i < 400 && atomic_load(&synced) == 0; i++)
		pause_ms(5);
	if (atomic_load(&syncing))
		atomic_store(&beside, 1);
	char *r = real(phrase, setting, data, size);
	if (atomic_load(&syncing))
		atomic_store(&beside, 1);
	atomic_fetch_sub(&hashing, 1);
	return r;
}

int pthread_create(pthread_t *t, const pthread_attr_t *a, void *(*fn)(void *), void *arg)
{
	static int (*real)(pthread_t *, const pthread_attr_t *, void *(*)(void *), void *);
	if (!real)
		*(void **)&real = dlsym(RTLD_NEXT, "pthread_create");
	const char *no = getenv("SYNC_SHIM_NO_THREAD");
	if (no && strcmp(no, "1") == 0)
		return EAGAIN;
	return real(t, a, fn, arg);
}
