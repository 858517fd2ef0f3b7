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

/* audit.c: one security event (syslog priority LOG_NOTICE, LOG_WARNING...)
 * to syslog (facility authpriv) or to the sink. Never a password or hash. */
void pwpol__audit(int prio, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* quality.c: pwpol_check without its printable-ASCII path (the tests
 * hold the two paths to the same verdicts). The report is not cleared. */
enum pwpol_status pwpol__check_general(const pwpol_policy *p, const char *pw, size_t len,
                                       const char *username, const char *old, size_t oldlen,
                                       pwpol_report *r);

/* policy.c: a statement's default in a profile (for `config show --sources`). */
long pwpol__opt_default(enum pwpol_opt opt, const char *profile);

/* text.c: a password (or username) as code points after NFKC, read by
 * extended grapheme clusters (pwpol__text_cluster_end). The buffer
 * lives inside the struct (on the caller's stack), so ASCII input and most
 * other input never allocate; rare NFKC expansions beyond it use the heap.
 * Always release with pwpol__text_wipe, which wipes the code points. */
enum pwpol__class {
	PWPOL__CLASS_UPPER,
	PWPOL__CLASS_LOWER,
	PWPOL__CLASS_NUMERIC,
	PWPOL__CLASS_PUNCTUATION,
	PWPOL__CLASS_OTHER,
	PWPOL__CLASS_COUNT
};

struct pwpol__text {
	int32_t *cp; /* buf, or a heap block when NFKC outgrows buf */
	size_t n;    /* code points in cp */
	int ascii;   /* 1 if the input was printable ASCII (NFKC was the identity) */
	int32_t buf[PWPOL_INPUT_MAX];
};

/* pwpol__text_decode flags. DROP_INVISIBLE: default-ignorable code points
 * are removed instead of refused (for an old password, which was set before
 * they were refused and is only compared). */
#define PWPOL__TEXT_DROP_INVISIBLE 1

/* Validates and normalises s (len bytes): EINVAL with one input finding
 * (empty, too-long, invalid-utf8, control-character, invisible-character)
 * added to r, ENOMEM, or OK with t filled. t needs no setup; wipe it in
 * every case. */
enum pwpol_status pwpol__text_decode(struct pwpol__text *t, const char *s, size_t len, int flags,
                                     pwpol_report *r);
/* The end (one past) of the extended grapheme cluster (UAX #29) that
 * begins at code point i: one user-perceived character. */
size_t pwpol__text_cluster_end(const struct pwpol__text *t, size_t i);
void pwpol__text_wipe(struct pwpol__text *t);
/* The class of one code point after NFKC (see text.c for the reading). */
enum pwpol__class pwpol__char_class(int32_t cp);
/* The text as the username search compares it, one code point at a time
 * to emit (which may stop the walk with a status other than OK): printable
 * ASCII as it is; any other case folded, diacritics and default-ignorables
 * removed, and what is left reduced to its UTS #39 skeleton (ICU: Cyrillic
 * a is a). ENOMEM or ESYSTEM if ICU's checker cannot be opened. */
#define PWPOL__REDUCE_MAX 32
typedef enum pwpol_status pwpol__emit_fn(void *ctx, int32_t cp);
enum pwpol_status pwpol__text_reduce(const struct pwpol__text *t, pwpol__emit_fn *emit, void *ctx);

#endif
