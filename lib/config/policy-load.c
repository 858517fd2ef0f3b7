/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * policy-load.c - which policy applies: the one decision the CLI, the PAM
 * module and the web face share, so that they can never disagree about
 * the rules a password is held to. A store's committed configuration
 * comes first (every machine on one store runs one policy), then a file,
 * then the built-in profile.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum pwpol_status pwpol_policy_load(const char *path, pwpol_policy **out,
                                    pwpol_config_errors **errs, const char **used)
{
	if (used)
		*used = NULL;
	if (errs)
		*errs = NULL;
	if (!out)
		return PWPOL_EINVAL;
	*out = NULL;
	/* The default file is optional; a file someone named is not. */
	if (!path && access(PWPOL_DEFAULT_CONFIG, F_OK) == 0)
		path = PWPOL_DEFAULT_CONFIG;
	if (!path)
		return pwpol_policy_new(out, NULL);
	if (used)
		*used = path;
	return pwpol_config_load(path, out, errs);
}

enum pwpol_status pwpol_policy_load_from(pwpol_store *s, const char *path, time_t now,
                                         pwpol_policy **out, pwpol_config_errors **errs, char *used,
                                         size_t usedlen)
{
	if (used && usedlen)
		used[0] = 0;
	if (errs)
		*errs = NULL;
	if (!out)
		return PWPOL_EINVAL;
	*out = NULL;
	if (s) {
		char commit[48];
		enum pwpol_status st =
		    pwpol__policy_from_store(s, now, out, errs, commit, sizeof commit);
		if (st != PWPOL_ENOENT) {
			if (used && usedlen)
				snprintf(used, usedlen, "%s",
				         st == PWPOL_OK ? commit : "the store");
			/* A file that would have applied is not read: say so. */
			if (!path && access(PWPOL_DEFAULT_CONFIG, F_OK) == 0)
				path = PWPOL_DEFAULT_CONFIG;
			if (errs)
				pwpol__config_drop_notes(*errs);
			if (st == PWPOL_OK && path) {
				pwpol__warnings_add(
				    errs,
				    "%s: not used: the store's committed configuration "
				    "(%s) applies",
				    path, commit);
				if (!((*out)->overridden = strdup(path))) {
					pwpol_policy_free(*out);
					*out = NULL;
					return PWPOL_ENOMEM;
				}
			}
			return st;
		}
	}
	const char *file = NULL;
	enum pwpol_status st = pwpol_policy_load(path, out, errs, &file);
	/* What a check and a commit tell, not every use. */
	if (errs)
		pwpol__config_drop_notes(*errs);
	if (used && usedlen)
		snprintf(used, usedlen, "%s", file ? file : "");
	return st;
}
