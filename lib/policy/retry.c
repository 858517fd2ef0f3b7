/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * retry.c - the Junos retry-options backoff: how long a failed login
 * attempt is held before it is answered. The library decides the figure;
 * the faces apply it (pam_pwpol.8: pam_fail_delay).
 */
#include "policy.h"

enum pwpol_status pwpol_fail_delay(const pwpol_policy *p, unsigned failures, unsigned *seconds)
{
	if (!p || !seconds)
		return PWPOL_EINVAL;
	*seconds = 0;
	unsigned long threshold = (unsigned long)pwpol_policy_get(p, PWPOL_OPT_BACKOFF_THRESHOLD);
	unsigned long factor = (unsigned long)pwpol_policy_get(p, PWPOL_OPT_BACKOFF_FACTOR);
	unsigned long tries = (unsigned long)pwpol_policy_get(p, PWPOL_OPT_TRIES_BEFORE_DISCONNECT);
	if (!threshold || !factor)
		return PWPOL_OK;
	/* Junos ends the session at tries-before-disconnect; a caller that
	 * keeps it open waits no longer than the last try would have. */
	unsigned long f = tries && failures > tries ? tries : failures;
	if (f > threshold)
		*seconds = (unsigned)((f - threshold) * factor);
	return PWPOL_OK;
}
