/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * backend.c - the store backends that live apart from the library: the
 * PostgreSQL one (libpq, and through it OpenSSL, Kerberos, LDAP...) is a
 * module in PWPOL_BACKEND_DIR, loaded only when a store names
 * postgresql://, so that a host on a SQLite store (login, sshd, su with
 * pam_pwpol) maps none of it, and a package can leave it out.
 *
 * The module decides who may log in, so it is trusted as the store is:
 * opened through pwpol__open_trusted (root's or ours, no directory above it
 * writable by another user, no link) and dlopen'ed from that descriptor,
 * never by name again. It is closed with the store that loaded it, and the
 * descriptor only then: the dynamic loader knows an object by the name it
 * was opened by, /proc/self/fd/N, and would hand it back to the next
 * dlopen of that name, whatever file N is by then, were N free for reuse.
 */
#include "internal.h"
#include "store.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const struct pwpol__backend_host host = {
    .version = PWPOL__BACKEND_VERSION,
    .store_size = sizeof(struct pwpol_store),
    .ops_size = sizeof(struct pwpol__store_ops),
    .env_trusted = pwpol__env_trusted,
    .open_trusted = pwpol__open_trusted,
};

/* Where the modules are looked for: the build tree first when this build
 * was made to run from it (PWPOL_BACKEND_BUILD_DIR, tests), then the
 * installed directory. */
static const char *const dirs[] = {
#ifdef PWPOL_BACKEND_BUILD_DIR
    PWPOL_BACKEND_BUILD_DIR,
#endif
    PWPOL_BACKEND_DIR,
};

/* The module store-NAME.so, trusted and loaded, or NULL with why; *fdp is
 * its descriptor, to be closed after dlclose. */
static void *load(const char *name, char *why, size_t n, int *fdp)
{
	*fdp = -1;
	char path[PATH_MAX];
	int fd = -1, err = ENOENT;
	why[0] = 0;
	for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
		snprintf(path, sizeof path, "%s/store-%s.so", dirs[i], name);
		fd = pwpol__open_trusted(path, O_RDONLY | O_CLOEXEC, why, n);
		err = errno;
		if (fd >= 0 || err != ENOENT)
			break;
	}
	if (fd < 0) {
		if (err == ENOENT)
			snprintf(why, n, "%s: no such file (is its package installed?)", path);
		else if (!why[0])
			snprintf(why, n, "%s: %s", path, strerror(err));
		return NULL;
	}
	char proc[64];
	snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
	void *h = dlopen(proc, RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		snprintf(why, n, "%s: %s", path, dlerror());
		close(fd);
	} else {
		*fdp = fd;
	}
	return h;
}

/* A symbol of the module as a function pointer (POSIX allows the cast). */
static void *sym(void *h, const char *name)
{
	return dlsym(h, name);
}

enum pwpol_status pwpol__backend_load(pwpol_store *s, const char *name)
{
	char why[PATH_MAX + 256];
	int fd;
	void *h = load(name, why, sizeof why, &fd);
	if (!h)
		return pwpol__store_fail(s, PWPOL_ESYSTEM,
		                         "the %s store backend cannot be loaded: %s", name, why);
	const struct pwpol__store_ops *(*entry)(const struct pwpol__backend_host *);
	void *e = sym(h, "pwpol__backend_entry");
	memcpy(&entry, &e, sizeof entry);
	const struct pwpol__store_ops *ops = e ? entry(&host) : NULL;
	if (!ops) {
		dlclose(h);
		close(fd);
		return pwpol__store_fail(s, PWPOL_ESYSTEM,
		                         "the %s store backend is not this pwpol's (%s)", name,
		                         PWPOL__BACKEND_VERSION);
	}
	s->ops = ops;
	s->backend = h;
	s->backend_fd = fd;
	return PWPOL_OK;
}

void pwpol__backend_unload(pwpol_store *s)
{
	if (s->backend) {
		dlclose(s->backend);
		close(s->backend_fd);
	}
	s->backend = NULL;
}

int pwpol__backend_uri_has_password(const char *uri)
{
	char why[PATH_MAX + 256];
	int fd;
	void *h = load("postgresql", why, sizeof why, &fd);
	if (!h)
		return -1;
	int (*fn)(const char *);
	void *f = sym(h, "pwpol__backend_uri_has_password");
	memcpy(&fn, &f, sizeof fn);
	int has = f ? fn(uri) : -1;
	dlclose(h);
	close(fd);
	return has;
}
