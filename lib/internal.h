/*
 * internal.h - what the library's files share and the faces never see: the
 * layout of the policy and the report, and the helpers between files.
 */
#ifndef PWPOL_INTERNAL_H
#define PWPOL_INTERNAL_H

#include "pwpol.h"

#include <stdint.h>

struct pwpol_policy {
	char profile[16];
	long v[PWPOL_OPT_COUNT];
	char *source[PWPOL_OPT_COUNT]; /* "FILE:LINE" or NULL for the profile default */
};

/* At most one finding per rule, so a report never allocates after _new. */
struct pwpol_report {
	size_t n;
	struct pwpol_finding f[PWPOL_RULE_COUNT];
};

/* errors.c: a growing list of error sentences (pwpol_config_errors). */
enum pwpol_status pwpol__errors_add(pwpol_config_errors **e, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* policy.c: a statement's default in a profile (for `config show --sources`). */
long pwpol__opt_default(enum pwpol_opt opt, const char *profile);

#endif
