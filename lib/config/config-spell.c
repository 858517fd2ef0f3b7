/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * config-spell.c - the one table of the other vendors' spellings of our
 * figures: Junos `system login retry-options` and SSR `authority
 * password-policy`, each word with the statement it sets, its default and
 * its unit. The reader (config-stmt.c, config-apply.c) reads through it
 * and the writer (config-write.c) spells through it, so a word added here
 * is read and written alike.
 */
#include "config.h"

#include <stddef.h>

const struct dialect_stmt pwpol__cfg_retry_stmts[PWPOL__RETRY_COUNT] = {
    {"tries-before-disconnect", PWPOL_OPT_TRIES_BEFORE_DISCONNECT, 10, 1},
    {"backoff-threshold", PWPOL_OPT_BACKOFF_THRESHOLD, 2, 1},
    {"backoff-factor", PWPOL_OPT_BACKOFF_FACTOR, 5, 1},
    {"lockout-period", PWPOL_OPT_LOCK_TIME, 0, 60},
    {"minimum-time", PWPOL_OPT_MINIMUM_TIME, 20, 1},
    {"maximum-time", PWPOL_OPT_MAXIMUM_TIME, 120, 1},
};

const struct dialect_stmt pwpol__cfg_ssr_stmts[PWPOL__SSR_COUNT] = {
    {"deny", PWPOL_OPT_MAXIMUM_FAILED_ATTEMPTS, 6, 1},
    {"unlock-time", PWPOL_OPT_LOCK_TIME, 1800, 1},
    {"lifetime", PWPOL_OPT_MAXIMUM_LIFETIME, 60, 1},
    {"minimum-length", PWPOL_OPT_MINIMUM_LENGTH, 9, 1},
};

const struct dialect_stmt *pwpol__cfg_spelling(enum pwpol__dialect d, enum pwpol_opt o)
{
	const struct dialect_stmt *t = d == PWPOL__DIALECT_JUNOS ? pwpol__cfg_retry_stmts
	                               : d == PWPOL__DIALECT_SSR ? pwpol__cfg_ssr_stmts
	                                                         : NULL;
	size_t n = d == PWPOL__DIALECT_JUNOS ? PWPOL__RETRY_COUNT : PWPOL__SSR_COUNT;
	for (size_t i = 0; t && i < n; i++)
		if (t[i].opt == o)
			return &t[i];
	return NULL;
}

int pwpol__cfg_is_lockout_opt(enum pwpol_opt o)
{
	return o == PWPOL_OPT_MAXIMUM_FAILED_ATTEMPTS || o == PWPOL_OPT_LOCK_TIME ||
	       o == PWPOL_OPT_FAILURE_INTERVAL || o == PWPOL_OPT_ROOT_LOCKOUT ||
	       o == PWPOL_OPT_ROOT_LOCK_TIME;
}

int pwpol__cfg_is_retry_opt(enum pwpol_opt o)
{
	return o >= PWPOL_OPT_TRIES_BEFORE_DISCONNECT && o <= PWPOL_OPT_MAXIMUM_TIME;
}
