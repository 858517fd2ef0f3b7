/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * direct.h - the door between the two halves of the PAM module.
 * pam_pwpol.so (libc and libpam) loads pam-direct.so (direct.c, linked to
 * libpwpol and through it SQLite) only for a call that opens a store
 * itself, no agent= given, and keeps it for the PAM handle's life: a host
 * whose logins go through pwpold(8) maps none of it.
 *
 * Both halves come from one build: the entry answers only a caller of the
 * same version and layout. What a call keeps in the handle (pam_set_data:
 * the reason a change is due, the failures of the transaction) is the
 * loader's, so that no cleanup of Linux-PAM's points into pam-direct.so
 * after it is closed.
 */
#ifndef PWPOL_PAM_DIRECT_H
#define PWPOL_PAM_DIRECT_H

#include "face.h"

/* The layout of this door: change it with struct opts or the calls. */
#define PP_DIRECT_ABI "pam-direct 1 " PWPOL_VERSION

struct pp_direct {
	const char *abi; /* PP_DIRECT_ABI */
	/* Auth with the password got: a PAM code; *why set on success;
	 * *failures (the transaction's, NULL when none could be kept)
	 * counted for the Junos backoff. */
	int (*authenticate)(pam_handle_t *pamh, const struct opts *o, const char *user,
	                    const char *pw, enum pwpol_change_reason *why, unsigned *failures);
	/* The account phase; `recalled`: why auth said a change is due. */
	int (*acct_mgmt)(pam_handle_t *pamh, int flags, const struct opts *o, const char *user,
	                 enum pwpol_change_reason recalled);
	/* One chauthtok call (PRELIM or UPDATE in flags). */
	int (*chauthtok)(pam_handle_t *pamh, int flags, const struct opts *o, const char *user,
	                 enum pwpol_change_reason recalled);
};

/* pam-direct.so's one export. */
const struct pp_direct *pwpol__pam_direct_entry(const char *abi);

#endif
