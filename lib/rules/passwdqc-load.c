/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * passwdqc-load.c - libpasswdqc loaded when first needed: a blocklist
 * lookup (blocklist.c) or a passphrase (generate.c), not at the library's
 * load. A login never asks either, so a PAM host on a SQLite store is one
 * object lighter (doc/performance.md, Weight). Loaded by the soname the
 * build found (PWPOL_PASSWDQC_SONAME), as the dynamic linker would have
 * loaded it, and closed by the library's destructor.
 */
#include "rules.h"

#include <dlfcn.h>
#include <pthread.h>
#include <string.h>

#ifndef PWPOL_PASSWDQC_SONAME
#define PWPOL_PASSWDQC_SONAME "libpasswdqc.so.1"
#endif

static struct pwpol__qc fns;
static void *handle;
static pthread_once_t once = PTHREAD_ONCE_INIT;

/* dlsym's object pointer as a function pointer, which POSIX allows. */
#define BIND(field, name) memcpy(&fns.field, &(void *){dlsym(h, name)}, sizeof(void *))

static void load(void)
{
	void *h = dlopen(PWPOL_PASSWDQC_SONAME, RTLD_NOW | RTLD_LOCAL);
	if (!h)
		return;
	BIND(check, "passwdqc_check");
	BIND(random, "passwdqc_random");
	BIND(parse, "passwdqc_params_parse");
	BIND(reset, "passwdqc_params_reset");
	BIND(free, "passwdqc_params_free");
	if (!fns.check || !fns.random || !fns.parse || !fns.reset || !fns.free) {
		dlclose(h);
		memset(&fns, 0, sizeof fns);
		return;
	}
	handle = h;
}

const struct pwpol__qc *pwpol__qc(void)
{
	pthread_once(&once, load);
	return handle ? &fns : NULL;
}

/* After blocklist.c's own destructor (which frees the parameters it kept
 * through these functions): a destructor with a low priority number runs
 * after those without one. */
__attribute__((destructor(110))) static void qc_unload(void)
{
	if (handle)
		dlclose(handle);
	handle = NULL;
}
