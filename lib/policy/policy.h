/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * policy.h - the door of the policy wing (policy/): the layout of a
 * policy, its statements' ranges and profile defaults, the figures' half
 * of the commit check, and the backoff figure (retry.c, public).
 */
#ifndef PWPOL_POLICY_H
#define PWPOL_POLICY_H

#include "internal.h"

/* A class the configuration defines (permit.c, config-read.c). */
#define PWPOL__CLASSES_MAX 32
struct pwpol__class_def {
	char name[PWPOL_CLASS_NAME_MAX];
	unsigned perms;  /* enum pwpol_permission */
	char words[256]; /* its permission words as written, for config show */
};

struct pwpol_policy {
	char profile[16];
	long v[PWPOL_OPT_COUNT];
	char *source[PWPOL_OPT_COUNT]; /* "FILE:LINE" or NULL for the profile default */
	char *str[PWPOL_OPT_COUNT];    /* the value of a string statement, or NULL */
	/* Which vendor's statement set it (enum pwpol__dialect), so that the
	 * configuration is written back as it was read. */
	unsigned char dialect[PWPOL_OPT_COUNT];
	/* A store's policy (the Junos timestamp rule, config-store.c): a
	 * password set before reuse_from (the commit that brought
	 * minimum-reuse into force) ages from reuse_since (the first commit
	 * after it; PWPOL__NO_TIMESTAMP while none has followed); one set after
	 * ages from its setting. reuse_from 0: every password ages from its
	 * setting. */
	time_t reuse_from, reuse_since;
	/* The file a store's committed configuration overrides (not read),
	 * or NULL (pwpol_policy_load_from). */
	char *overridden;
	/* The classes its configuration defines (`system login class`). */
	size_t nclasses;
	struct pwpol__class_def classes[PWPOL__CLASSES_MAX];
};

/* The character sets the policy's statements count (minimum-upper-cases
 * ..., change-type character-sets): the policy's own words, which text.c
 * sorts each code point into (pwpol__char_class). */
enum pwpol__class {
	PWPOL__CLASS_UPPER,
	PWPOL__CLASS_LOWER,
	PWPOL__CLASS_NUMERIC,
	PWPOL__CLASS_PUNCTUATION,
	PWPOL__CLASS_OTHER,
	PWPOL__CLASS_COUNT
};

#define PWPOL__NO_TIMESTAMP ((time_t)PWPOL_TIME_MAX)

/* The spellings of one figure: our `system login password`/`lockout`,
 * Junos `system login retry-options`, SSR `authority password-policy`. */
enum pwpol__dialect { PWPOL__DIALECT_OURS, PWPOL__DIALECT_JUNOS, PWPOL__DIALECT_SSR };

/* policy.c: the figures' half of the commit check (ranges, statements
 * that need each other, a policy no password can meet): 1 and an error
 * for each fault, or 0. */
int pwpol__policy_check_figures(const pwpol_policy *p, pwpol_config_errors **errs);

/* policy.c: a statement's default in a profile (for `config show --sources`). */
long pwpol__opt_default(enum pwpol_opt opt, const char *profile);

/* policy.c: 1 if a profile is a standard's (its figures held at commit),
 * for the wings below the compliance table (account-aging.c). */
int pwpol__profile_is_standard(const char *name);

#endif
