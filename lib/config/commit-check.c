/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * commit-check.c - the commit check a policy must pass before it is used:
 * its figures (policy.c), the blocklist file it names (blocklist.c) and,
 * for a standard's profile, every requirement of the standard
 * (compliance.c). Here, above all three, so that the policy wing below
 * calls none of them.
 */
#include "config.h"

#include <stdio.h>

enum pwpol_status pwpol_policy_commit_check(const pwpol_policy *p, pwpol_config_errors **errs)
{
	if (!p)
		return PWPOL_EINVAL;
	int bad = pwpol__policy_check_figures(p, errs);
	const char *list = p->str[PWPOL_OPT_BLOCKLIST];
	char why[512], w[300] = "";
	if (list && pwpol__blocklist_commit_check(list, why, sizeof why) != PWPOL_OK) {
		bad = 1;
		if (p->source[PWPOL_OPT_BLOCKLIST])
			snprintf(w, sizeof w, "%s: ", p->source[PWPOL_OPT_BLOCKLIST]);
		pwpol__errors_add(errs, "%sblocklist: %s", w, why);
	}
	if (pwpol__compliance_commit_check(p, errs) != PWPOL_OK)
		bad = 1;
	return bad ? PWPOL_EINVAL : PWPOL_OK;
}
