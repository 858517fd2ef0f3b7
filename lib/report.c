/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * report.c - the ground every wing stands on: the report that carries
 * findings, the status names and exit statuses, and wiping. The rule
 * table that names a finding is the rules wing's (rules/rules.c).
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

enum pwpol_status pwpol_report_new(pwpol_report **out)
{
	if (!out)
		return PWPOL_EINVAL;
	*out = calloc(1, sizeof **out);
	return *out ? PWPOL_OK : PWPOL_ENOMEM;
}

void pwpol_report_free(pwpol_report *r)
{
	free(r);
}

void pwpol_report_clear(pwpol_report *r)
{
	if (r)
		r->n = 0;
}

size_t pwpol_report_count(const pwpol_report *r)
{
	return r ? r->n : 0;
}

const struct pwpol_finding *pwpol_report_get(const pwpol_report *r, size_t i)
{
	return r && i < r->n ? &r->f[i] : NULL;
}

const char *pwpol_report_account(const pwpol_report *r, size_t i)
{
	return r && i < r->n ? r->account[i] : NULL;
}

enum pwpol_status pwpol__report_add(pwpol_report *r, enum pwpol_rule rule, enum pwpol_severity sev,
                                    long need, long have)
{
	if (!r)
		return PWPOL_OK;
	if ((unsigned)rule >= PWPOL_RULE_COUNT || r->n >= PWPOL_RULE_COUNT)
		return PWPOL_EINVAL;
	r->account[r->n] = NULL;
	r->f[r->n++] = (struct pwpol_finding){rule, sev, need, have};
	return PWPOL_OK;
}

enum pwpol_status pwpol_report_input_too_long(pwpol_report *r, long have)
{
	pwpol_report_clear(r);
	pwpol__report_add(r, PWPOL_RULE_TOO_LONG, PWPOL_SEVERITY_ERROR, PWPOL_INPUT_MAX, have);
	return PWPOL_EINVAL;
}

int pwpol_exit_status(enum pwpol_status st)
{
	switch (st) {
	case PWPOL_OK:
	case PWPOL_REJECTED:
	case PWPOL_EINVAL:
	case PWPOL_LOCKED:
	case PWPOL_CHANGE_REQUIRED:
	case PWPOL_ESYSTEM: return (int)st;
	case PWPOL_ENOENT:
	case PWPOL_EEXIST: return 2;
	case PWPOL_NOT_PERMITTED: return 6;
	default: return 5;
	}
}

const char *pwpol_status_name(enum pwpol_status st)
{
	switch (st) {
	case PWPOL_OK: return "ok";
	case PWPOL_REJECTED: return "rejected";
	case PWPOL_EINVAL: return "invalid";
	case PWPOL_LOCKED: return "locked";
	case PWPOL_CHANGE_REQUIRED: return "change-required";
	case PWPOL_ESYSTEM: return "system-error";
	case PWPOL_ENOENT: return "no-such-account";
	case PWPOL_EEXIST: return "account-exists";
	case PWPOL_ENOMEM: return "out-of-memory";
	case PWPOL_NOT_PERMITTED: return "not-permitted";
	}
	return "unknown";
}

void pwpol_wipe(void *buf, size_t len)
{
	if (buf && len)
		explicit_bzero(buf, len);
}
