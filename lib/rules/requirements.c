/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * requirements.c - the rules a new password must meet under a policy, in
 * the library's words, for a face to list before anything is typed (and
 * mark each met as the person types): the same sentences as the
 * findings of pwpol_check, without the figure of a candidate.
 */
#include "rules.h"

#include <stdio.h>
#include <string.h>

/* The message of rule `rule` needing `need`, without what a candidate
 * had: "(it has N)" dropped, "; it differs by N)" closed after the
 * words before it. */
static void words(enum pwpol_rule rule, long need, char *out, size_t cap)
{
	struct pwpol_finding f = {rule, PWPOL_SEVERITY_ERROR, need, 0};
	pwpol_finding_message(&f, out, cap);
	char *cut = strstr(out, "; it ");
	if (cut) {
		snprintf(cut, cap - (size_t)(cut - out), ")");
		return;
	}
	cut = strstr(out, " (it ");
	if (cut)
		*cut = 0;
}

enum pwpol_status
pwpol_policy_requirements(const pwpol_policy *p, int change,
                          int (*fn)(enum pwpol_rule rule, const char *text, void *ctx), void *ctx)
{
	if (!p || !fn)
		return PWPOL_EINVAL;
	static const struct {
		enum pwpol_opt opt;
		enum pwpol_rule rule;
	} figures[] = {
	    {PWPOL_OPT_MINIMUM_LENGTH, PWPOL_RULE_MINIMUM_LENGTH},
	    {PWPOL_OPT_MAXIMUM_LENGTH, PWPOL_RULE_MAXIMUM_LENGTH},
	    {PWPOL_OPT_MINIMUM_UPPER_CASES, PWPOL_RULE_MINIMUM_UPPER_CASES},
	    {PWPOL_OPT_MINIMUM_LOWER_CASES, PWPOL_RULE_MINIMUM_LOWER_CASES},
	    {PWPOL_OPT_MINIMUM_NUMERICS, PWPOL_RULE_MINIMUM_NUMERICS},
	    {PWPOL_OPT_MINIMUM_PUNCTUATIONS, PWPOL_RULE_MINIMUM_PUNCTUATIONS},
	    {PWPOL_OPT_MINIMUM_CHANGES, PWPOL_RULE_MINIMUM_CHANGES},
	    {PWPOL_OPT_MAXIMUM_REPEATS, PWPOL_RULE_MAXIMUM_REPEATS},
	    {PWPOL_OPT_MAXIMUM_CLASS_REPEATS, PWPOL_RULE_MAXIMUM_CLASS_REPEATS},
	    {PWPOL_OPT_USERNAME_CHECK, PWPOL_RULE_USERNAME_CHECK},
	    {PWPOL_OPT_MINIMUM_CHARACTER_CHANGES, PWPOL_RULE_MINIMUM_CHARACTER_CHANGES},
	};
	char text[256];
	for (size_t i = 0; i < sizeof figures / sizeof *figures; i++) {
		long need = pwpol_policy_get(p, figures[i].opt);
		if (need <= 0)
			continue;
		/* Only a change has an old password to differ from. */
		if (figures[i].rule == PWPOL_RULE_MINIMUM_CHARACTER_CHANGES && !change)
			continue;
		words(figures[i].rule, need, text, sizeof text);
		if (fn(figures[i].rule, text, ctx))
			return PWPOL_OK;
	}
	const char *list = pwpol_policy_get_string(p, PWPOL_OPT_BLOCKLIST);
	if (list && *list) {
		words(PWPOL_RULE_BLOCKLIST, 0, text, sizeof text);
		fn(PWPOL_RULE_BLOCKLIST, text, ctx);
	}
	return PWPOL_OK;
}
