/*
 * policy-load.c - which policy applies: the one decision the CLI, the PAM
 * module and the web face share, so that they can never disagree about
 * the rules a password is held to.
 */
#include "internal.h"

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
