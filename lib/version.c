/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * version.c - pwpol_version(): the release of the library a program runs
 * with, which a program compiled against an older pwpol.h can tell from
 * its own PWPOL_VERSION.
 */
#include "pwpol.h"

const char *pwpol_version(void)
{
	return PWPOL_VERSION;
}
