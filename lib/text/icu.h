/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * icu.h - the few ICU calls the text rules make (UTS #39 skeletons, the
 * NFKC quick check and boundaries), through ICU loaded on the first call
 * that needs it (icu.c): a login with an ASCII name and password maps none
 * of ICU, its data or libstdc++ into its host.
 */
#ifndef PWPOL_ICU_H
#define PWPOL_ICU_H

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/uspoof.h>

/* Each as its ICU namesake. Where ICU cannot be loaded: the property is 0
 * (UNORM_NO: the caller normalises), an open or instance call fails with
 * U_MISSING_RESOURCE_ERROR. */
int32_t pwpol__icu_int_property(UChar32 c, UProperty which);
const UNormalizer2 *pwpol__icu_nfkc(UErrorCode *e);
UBool pwpol__icu_boundary_before(const UNormalizer2 *n, UChar32 c);
USpoofChecker *pwpol__icu_spoof_open(UErrorCode *e);
void pwpol__icu_spoof_close(USpoofChecker *sc);
int32_t pwpol__icu_skeleton(const USpoofChecker *sc, uint32_t type, const UChar *id, int32_t len,
                            UChar *dest, int32_t cap, UErrorCode *e);
/* Unloads ICU (after the last checker is closed): the library's last
 * destructor, so a host that unloads the library keeps none of it. */
void pwpol__icu_unload(void);

#endif
