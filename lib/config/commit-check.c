/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * commit-check.c - the commit check a policy must pass before it is used:
 * its figures (policy.c), the blocklist file it names (blocklist.c), that
 * libzxcvbn is there for minimum-score (score.c) and,
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
	/* minimum-score needs libzxcvbn (score.c): a machine without it would
	 * give no verdict at the first check; said at commit instead. */
	if (p->v[PWPOL_OPT_MINIMUM_SCORE] && !pwpol__score_available()) {
		bad = 1;
		w[0] = '\0';
		if (p->source[PWPOL_OPT_MINIMUM_SCORE])
			snprintf(w, sizeof w, "%s: ", p->source[PWPOL_OPT_MINIMUM_SCORE]);
		pwpol__errors_add(
		    errs,
		    "%sminimum-score: libzxcvbn (Debian: libzxcvbn0) cannot be loaded, "
		    "so no score can be had",
		    w);
	}
	if (pwpol__compliance_commit_check(p, errs) != PWPOL_OK)
		bad = 1;
	return bad ? PWPOL_EINVAL : PWPOL_OK;
}
