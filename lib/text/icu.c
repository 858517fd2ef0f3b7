/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * icu.c - ICU loaded when first needed (a non-ASCII name or password whose
 * rules need the UTS #39 skeleton or NFKC's tables), not at the library's
 * load: ICU with its data and libstdc++ is most of what the library would
 * otherwise add to every PAM host. Loaded by its soname, as the dynamic
 * linker would have loaded it; the version is the one the library was
 * built against (the entry points carry it).
 */
#include "icu.h"

#include <dlfcn.h>
#include <pthread.h>
#include <string.h>
#include <unicode/uclean.h>

#define STR2(x)       #x
#define STR(x)        STR2(x)
#define ICU_SONAME    "libicui18n.so." STR(U_ICU_VERSION_MAJOR_NUM)
#define ICU_UC_SONAME "libicuuc.so." STR(U_ICU_VERSION_MAJOR_NUM)

static struct {
	void *h;
	int ours; /* ICU was in no use in the process before: ours to clean up */
	void (*cleanup)(void);
	int32_t (*int_property)(UChar32, UProperty);
	const UNormalizer2 *(*nfkc)(UErrorCode *);
	UBool (*boundary_before)(const UNormalizer2 *, UChar32);
	USpoofChecker *(*spoof_open)(UErrorCode *);
	void (*spoof_close)(USpoofChecker *);
	int32_t (*skeleton)(const USpoofChecker *, uint32_t, const UChar *, int32_t, UChar *,
	                    int32_t, UErrorCode *);
} icu;
static pthread_once_t once = PTHREAD_ONCE_INIT;

/* dlsym's object pointer as a function pointer, which POSIX allows. */
#define BIND(field, name) memcpy(&icu.field, &(void *){dlsym(h, STR(name))}, sizeof(void *))

static void load(void)
{
	/* The host may use ICU itself: then its caches are the host's, never
	 * freed here. */
	int ours = 1;
	static const char *const sonames[] = {ICU_SONAME, ICU_UC_SONAME};
	for (size_t i = 0; i < sizeof sonames / sizeof *sonames; i++) {
		void *there = dlopen(sonames[i], RTLD_NOW | RTLD_NOLOAD);
		if (there) {
			ours = 0;
			dlclose(there);
		}
	}
	void *h = dlopen(ICU_SONAME, RTLD_NOW | RTLD_LOCAL);
	if (!h)
		return;
	icu.ours = ours;
	BIND(cleanup, u_cleanup);
	BIND(int_property, u_getIntPropertyValue);
	BIND(nfkc, unorm2_getNFKCInstance);
	BIND(boundary_before, unorm2_hasBoundaryBefore);
	BIND(spoof_open, uspoof_open);
	BIND(spoof_close, uspoof_close);
	BIND(skeleton, uspoof_getSkeleton);
	if (!icu.cleanup || !icu.int_property || !icu.nfkc || !icu.boundary_before ||
	    !icu.spoof_open || !icu.spoof_close || !icu.skeleton) {
		dlclose(h);
		memset(&icu, 0, sizeof icu);
		return;
	}
	icu.h = h;
}

static int ready(void)
{
	pthread_once(&once, load);
	return icu.h != NULL;
}

int32_t pwpol__icu_int_property(UChar32 c, UProperty which)
{
	return ready() ? icu.int_property(c, which) : 0;
}

const UNormalizer2 *pwpol__icu_nfkc(UErrorCode *e)
{
	if (ready())
		return icu.nfkc(e);
	*e = U_MISSING_RESOURCE_ERROR;
	return NULL;
}

UBool pwpol__icu_boundary_before(const UNormalizer2 *n, UChar32 c)
{
	return icu.boundary_before(n, c); /* n came from pwpol__icu_nfkc */
}

USpoofChecker *pwpol__icu_spoof_open(UErrorCode *e)
{
	if (ready())
		return icu.spoof_open(e);
	*e = U_MISSING_RESOURCE_ERROR;
	return NULL;
}

void pwpol__icu_spoof_close(USpoofChecker *sc)
{
	if (sc && icu.h)
		icu.spoof_close(sc);
}

int32_t pwpol__icu_skeleton(const USpoofChecker *sc, uint32_t type, const UChar *id, int32_t len,
                            UChar *dest, int32_t cap, UErrorCode *e)
{
	return icu.skeleton(sc, type, id, len, dest, cap, e); /* sc came from spoof_open */
}

/* Last of the library's destructors (101: before all others in order, so
 * run after them), once the spoof checker is closed (reduce.c). */
__attribute__((destructor(101))) void pwpol__icu_unload(void)
{
	if (!icu.h)
		return;
	/* ICU's own caches (the NFKC instance, the confusables data) would
	 * be left behind, unreachable, by the unload: freed first. */
	if (!icu.ours)
		return; /* the host's ICU: left as it is, caches and all */
	icu.cleanup();
	dlclose(icu.h);
	memset(&icu, 0, sizeof icu);
}
