/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * reason.c - why a password must be changed, as a person is told it: the
 * reasons' names and sentences. Apart from account-common.c because it
 * needs nothing but the enum: pam_pwpol.so, which links no library of
 * pwpol's (pam/face.h), compiles this file too, so that a login through
 * the node agent says the same words as one on a store.
 */
#include "pwpol.h"

#define N_(s) s

const char *pwpol_change_reason_name(enum pwpol_change_reason why)
{
	switch (why) {
	case PWPOL_REASON_EXPIRED: return "expired";
	case PWPOL_REASON_TEMPORARY: return "temporary";
	case PWPOL_REASON_FACTORY_DEFAULT: return "factory-default";
	default: return "none";
	}
}

const char *pwpol_change_reason_message(enum pwpol_change_reason why)
{
	switch (why) {
	case PWPOL_REASON_TEMPORARY: return N_("You must change your temporary password now.");
	case PWPOL_REASON_FACTORY_DEFAULT:
		return N_("You must change the factory-default password now.");
	case PWPOL_REASON_EXPIRED: return N_("Your password has expired; you must change it now.");
	default: return N_("You must change your password now.");
	}
}
