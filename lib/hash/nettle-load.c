/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * nettle-load.c - nettle (SHA-256 and HMAC-SHA256) loaded when first
 * needed: a Junos `$sha2$` hash (hash-sha2.c) or an API token's digest
 * (account/token.c), not at the library's load. A login on any other hash
 * never maps it, so a PAM host on a SQLite store is one object and some
 * 200 kB of resident memory lighter (doc/performance.md, Weight). Loaded
 * by the soname the library was built against (PWPOL_NETTLE_SONAME), as
 * the dynamic linker would have loaded it, and closed by the library's
 * destructor.
 */
#include "hash.h"

#include <dlfcn.h>
#include <pthread.h>
#include <string.h>

#ifndef PWPOL_NETTLE_SONAME
#define PWPOL_NETTLE_SONAME "libnettle.so.8"
#endif

static struct pwpol__nettle fns;
static void *handle;
static pthread_once_t once = PTHREAD_ONCE_INIT;

/* dlsym's object pointer as a function pointer, which POSIX allows. */
#define BIND(field, name) memcpy(&fns.field, &(void *){dlsym(h, name)}, sizeof(void *))

static void load(void)
{
	void *h = dlopen(PWPOL_NETTLE_SONAME, RTLD_NOW | RTLD_LOCAL);
	if (!h)
		return;
	BIND(sha_init, "nettle_sha256_init");
	BIND(sha_update, "nettle_sha256_update");
	BIND(sha_digest, "nettle_sha256_digest");
	BIND(mac_key, "nettle_hmac_sha256_set_key");
	BIND(mac_update, "nettle_hmac_sha256_update");
	BIND(mac_digest, "nettle_hmac_sha256_digest");
	if (!fns.sha_init || !fns.sha_update || !fns.sha_digest || !fns.mac_key ||
	    !fns.mac_update || !fns.mac_digest) {
		dlclose(h);
		memset(&fns, 0, sizeof fns);
		return;
	}
	handle = h;
}

const struct pwpol__nettle *pwpol__nettle(void)
{
	pthread_once(&once, load);
	return handle ? &fns : NULL;
}

__attribute__((destructor)) static void nettle_unload(void)
{
	if (handle)
		dlclose(handle);
	handle = NULL;
}
