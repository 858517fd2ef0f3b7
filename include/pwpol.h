/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * pwpol.h - the one public header of libpwpol.
 *
 * Password and username policy for local accounts: the Junos `password`
 * login statement and the Juniper SSR rules, one policy object, one account
 * store, one set of decisions. Every call returns an enum pwpol_status and
 * gives its results through out-parameters. Handles are opaque, made by
 * _new/_open and released by _free/_close; releasing NULL is harmless.
 *
 * The library never prints, never exits and never reads the clock: every
 * decision takes `now` as an argument. Passwords are passed as (pointer,
 * length) and are never kept past the call that needed them.
 */
#ifndef PWPOL_H
#define PWPOL_H

#include <stddef.h>
#include <time.h>

#ifdef __cplusplus
extern "C" {
#endif

#define PWPOL_VERSION "0.1.0"

/* The version of the library running, which may be newer than the
 * PWPOL_VERSION a program was compiled with. */
const char *pwpol_version(void);

/* Structs the caller allocates (pwpol_secret, pwpol_init_opts,
 * pwpol_commit_opts, pwpol_account_info, pwpol_commit_info, pwpol_score,
 * pwpol_import, pwpol_import_result) begin with `size_t size`: sizeof
 * the struct as the caller's pwpol.h knows it, set by the struct's
 * initializer macro (PWPOL_SECRET_INIT(...) and so on). A later release
 * adds members at the end only, past the older sizeof (never into its
 * tail padding), each meaning its default at 0, so that one
 * libpwpol.so.0 serves programs built against an older and a newer
 * pwpol.h. The library reads and writes no byte past `size`:
 *  - in a struct it reads (a secret, options) a member past `size` counts
 *    as 0, its default. A `size` larger than the library knows (a newer
 *    caller) is taken when every byte past what it knows is 0, and is
 *    EINVAL otherwise: what this library cannot do is refused, never
 *    ignored;
 *  - in a struct it fills (an account, a commit, a score) it fills what
 *    lies within both `size` and its own layout, and sets `size` to that:
 *    PWPOL_HAS(ptr, member) says whether a member was filled (after the
 *    call of an older library it may not be). The structs a callback is
 *    handed are the library's own, `size` as it filled them: read a member
 *    newer than the oldest libpwpol0 a program supports only if PWPOL_HAS.
 * A `size` that holds no member (0: the macro forgotten) is EINVAL.
 * Why a size and not an opaque handle (pwpol.3, "Growing structs"): a
 * secret is a view of the caller's password for one call, and a handle
 * would copy the password into the library's heap and add an allocation
 * that can fail to every login; options default to 0, so an older
 * caller's missing members read as defaults; the records are read member
 * by member for every account of a store in a callback, where a handle
 * would cost an allocation or an accessor call per member. The state
 * without a fixed shape (policy, report, store, errors) is in handles.
 * The structs only the library allocates and the caller only reads
 * (pwpol_finding, pwpol_requirement, pwpol_token_info, pwpol_export,
 * pwpol_foreign_setting, pwpol_junos_user) also grow at their end alone,
 * an older program reading the part it knows; the release that grows one
 * moves the functions handing it out (pwpol_report_get,
 * pwpol_compliance_check, pwpol_token_each, pwpol_account_export,
 * pwpol_foreign_read, pwpol_junos_read) to its own version node, the
 * old version kept as an alias, so that a program reading the new member
 * does not start on an older library (lib/libpwpol.map). */
/* After a function that fills such a struct: GCC can warn
 * (-Wmaybe-uninitialized) of one handed over uninitialized, its size never
 * set (not everywhere: seldom inside a loop). */
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ >= 11
#define PWPOL_SIZED_OUT(n) __attribute__((access(read_write, n)))
#else
#define PWPOL_SIZED_OUT(n)
#endif
#define PWPOL_HAS(ptr, member)                                                                     \
	((size_t)((const char *)&(ptr)->member - (const char *)(ptr)) + sizeof((ptr)->member) <=   \
	 (ptr)->size)

/* Status codes. The first six equal the exit statuses of the `pwpol`
 * command, so a face can return them as they are (see pwpol_exit_status). */
enum pwpol_status {
	PWPOL_OK = 0,              /* success */
	PWPOL_REJECTED = 1,        /* refused by the policy, or a wrong password */
	PWPOL_EINVAL = 2,          /* bad argument, input or configuration */
	PWPOL_LOCKED = 3,          /* account locked after failed logins */
	PWPOL_CHANGE_REQUIRED = 4, /* success, but the password must be changed first */
	PWPOL_ESYSTEM = 5,         /* store or system error */
	PWPOL_ENOENT = 6,          /* no such account (administrative calls only) */
	PWPOL_EEXIST = 7,          /* account already exists */
	PWPOL_ENOMEM = 8,          /* out of memory */
	PWPOL_NOT_PERMITTED = 9    /* the acting account's class lacks the permission */
};

/* The command's exit status for a status: ENOENT/EEXIST are input errors (2),
 * ENOMEM a system error (5), NOT_PERMITTED 6. */
int pwpol_exit_status(enum pwpol_status st);
const char *pwpol_status_name(enum pwpol_status st);

/* ------------------------------------------------------------------ */
/* Policy                                                              */
/* ------------------------------------------------------------------ */

typedef struct pwpol_policy pwpol_policy;

/* Every statement of the policy. Integer statements use 0 for "not set"
 * where the statement is optional (e.g. maximum-length in junos). */
enum pwpol_opt {
	PWPOL_OPT_MINIMUM_LENGTH,        /* 6..20 (ssr: 9..20) */
	PWPOL_OPT_MAXIMUM_LENGTH,        /* 20..128, 0 = none */
	PWPOL_OPT_MINIMUM_UPPER_CASES,   /* 1..128, 0 = none */
	PWPOL_OPT_MINIMUM_LOWER_CASES,   /* 1..128, 0 = none */
	PWPOL_OPT_MINIMUM_NUMERICS,      /* 1..128, 0 = none */
	PWPOL_OPT_MINIMUM_PUNCTUATIONS,  /* 1..128, 0 = none */
	PWPOL_OPT_CHANGE_TYPE,           /* enum pwpol_change_type */
	PWPOL_OPT_MINIMUM_CHANGES,       /* 1..128, 0 = none */
	PWPOL_OPT_MAXIMUM_REPEATS,       /* 1..128, 0 = off */
	PWPOL_OPT_MAXIMUM_CLASS_REPEATS, /* 1..128, 0 = off (characters of one class in a row) */
	PWPOL_OPT_USERNAME_CHECK,        /* 0 or 1 */
	PWPOL_OPT_MINIMUM_CHARACTER_CHANGES, /* 4..15, 0 = none */
	PWPOL_OPT_MINIMUM_REUSE,             /* 1..20, 0 = none */
	PWPOL_OPT_MINIMUM_LIFETIME,          /* days 1..30, 0 = none */
	PWPOL_OPT_MAXIMUM_LIFETIME,          /* days 30..365, 0 = none */
	PWPOL_OPT_WARNING_DAYS,              /* days 1..30 a login warns of expiry, 0 = none */
	PWPOL_OPT_MAXIMUM_FAILED_ATTEMPTS,   /* lockout: 1..100, 0 = no lockout */
	PWPOL_OPT_LOCK_TIME,                 /* lockout: seconds 1..2592000, 0 = until unlocked */
	PWPOL_OPT_FORMAT,                    /* enum pwpol_format (hash for new passwords) */
	PWPOL_OPT_BLOCKLIST,                 /* a file (pwpol_policy_get_string): 1 set, 0 none */
	/* Junos `system login retry-options` (pwpol.conf(5)); 0 = retry-options
	 * not configured. Its lockout-period is LOCK_TIME in seconds. */
	PWPOL_OPT_TRIES_BEFORE_DISCONNECT, /* 1..10: caps the backoff; locks with lockout-period */
	PWPOL_OPT_BACKOFF_THRESHOLD,       /* 1..3 failed attempts before the delay */
	PWPOL_OPT_BACKOFF_FACTOR,          /* seconds 5..10 the delay grows by */
	PWPOL_OPT_MINIMUM_TIME,            /* seconds 20..60: accepted, no effect here */
	PWPOL_OPT_MAXIMUM_TIME,            /* seconds 20..300: accepted, no effect here */
	PWPOL_OPT_FAILURE_INTERVAL,        /* lockout: seconds 1..86400, 0 = failures never age */
	/* Whether failed logins lock the account root (pam_faillock's
	 * even_deny_root), and for how long (its root_unlock_time). */
	PWPOL_OPT_ROOT_LOCKOUT,   /* lockout: 0 or 1 (0: root's failures never lock it) */
	PWPOL_OPT_ROOT_LOCK_TIME, /* lockout: seconds 1..2592000, 0 = lock-time's */
	PWPOL_OPT_MINIMUM_SCORE,  /* zxcvbn's score 1..4 (pwpol_score), 0 = none */
	PWPOL_OPT_COUNT
};

enum pwpol_change_type {
	PWPOL_CHANGE_TYPE_CHARACTER_SETS = 0,
	PWPOL_CHANGE_TYPE_SET_TRANSITIONS = 1
};

enum pwpol_format {
	PWPOL_FORMAT_SHA512 = 0, /* $6$ */
	PWPOL_FORMAT_SHA256,     /* $5$ */
	PWPOL_FORMAT_SHA1,       /* $sha1$ (Junos) */
	PWPOL_FORMAT_SHA2,       /* $sha2$ (Junos; see pwpol.conf(5)) */
	PWPOL_FORMAT_YESCRYPT,   /* $y$ */
	PWPOL_FORMAT_BCRYPT,     /* $2b$: the last format a policy may choose */
	PWPOL_FORMAT_MD5,        /* $1$: recognised, never made */
	PWPOL_FORMAT_DES,        /* traditional DES: recognised, never made */
	PWPOL_FORMAT_UNKNOWN
};

/* Built-in profiles: "ssr" (the default), "junos", "junos-fips", and the
 * standards' profiles "nist-800-63b", "stig-rhel9", "stig-srx-ndm" (what
 * the standard requires is held at commit: pwpol_compliance_check).
 * profile NULL means "ssr". EINVAL for an unknown name. */
enum pwpol_status pwpol_policy_new(pwpol_policy **out, const char *profile);
void pwpol_policy_free(pwpol_policy *p);
enum pwpol_status pwpol_policy_copy(pwpol_policy **out, const pwpol_policy *p);
/* Resets every statement to the profile's default. */
enum pwpol_status pwpol_policy_reset(pwpol_policy *p, const char *profile);
const char *pwpol_policy_profile(const pwpol_policy *p);

long pwpol_policy_get(const pwpol_policy *p, enum pwpol_opt opt);
/* Range-checked; EINVAL leaves the policy unchanged. A statement whose
 * value is a string (pwpol_opt_is_string) takes only 0 here, which
 * removes it; its value is set by pwpol_policy_set_string. */
enum pwpol_status pwpol_policy_set(pwpol_policy *p, enum pwpol_opt opt, long value);

/* The statements whose value is a string: `blocklist`, an absolute path
 * to a passwdqc binary filter made by pwqfilter(1). get: NULL when not
 * set. set: a copy is kept, NULL removes it; EINVAL for any other
 * statement, or a path that is not absolute. Whether the file serves is
 * the commit check's question (pwpol_policy_commit_check). */
int pwpol_opt_is_string(enum pwpol_opt opt);
const char *pwpol_policy_get_string(const pwpol_policy *p, enum pwpol_opt opt);
enum pwpol_status pwpol_policy_set_string(pwpol_policy *p, enum pwpol_opt opt, const char *value);

/* The minimum length in force: the larger of minimum-length and the sum of
 * the class minimums (the Junos "reset"). */
long pwpol_policy_effective_minimum_length(const pwpol_policy *p);

/* Whether a login warns that its password expires (warning-days): 1, with
 * *days the whole days left (rounded up), when `expires` (0: never) is
 * at most warning-days after now and not yet past; else 0. */
int pwpol_expiry_warning(const pwpol_policy *p, time_t expires, time_t now, long *days);

/* Statement metadata, for configuration readers and writers. */
const char *pwpol_opt_name(enum pwpol_opt opt); /* "minimum-length", ... */
/* Finds an option by its statement name; EINVAL if none. */
enum pwpol_status pwpol_opt_by_name(const char *name, enum pwpol_opt *out);
/* The allowed range of an integer option (min..max; 0 is also allowed
 * where the option is optional, see pwpol_opt_optional). */
void pwpol_opt_range(enum pwpol_opt opt, long *min, long *max);
/* The range in a profile, which may be narrower (ssr: minimum-length 9..20).
 * pwpol_policy_set and the commit check hold a policy to its profile's
 * range. EINVAL for an unknown option or profile (NULL means "ssr"). */
enum pwpol_status pwpol_opt_range_in(enum pwpol_opt opt, const char *profile, long *min, long *max);
int pwpol_opt_optional(enum pwpol_opt opt);

const char *pwpol_format_name(enum pwpol_format f); /* "sha512", ... */
enum pwpol_status pwpol_format_by_name(const char *name, enum pwpol_format *out);
const char *pwpol_change_type_name(enum pwpol_change_type t);
enum pwpol_status pwpol_change_type_by_name(const char *name, enum pwpol_change_type *out);

/* The Junos backoff: the delay, in seconds, before a caller answers the
 * `failures`-th consecutive failed attempt of one login session (PAM
 * handle, connection). 0 until backoff-threshold failures; then it grows
 * by backoff-factor seconds with each further failure, up to
 * tries-before-disconnect failures (Junos disconnects there). 0 when
 * retry-options is not configured. The session, not the account, is
 * counted so that the delay is the same for a known, an unknown and a
 * locked account. */
enum pwpol_status pwpol_fail_delay(const pwpol_policy *p, unsigned failures, unsigned *seconds);

/* ------------------------------------------------------------------ */
/* Reports: the findings of a check                                    */
/* ------------------------------------------------------------------ */

/* Every rule has one name (its configuration statement) and one message,
 * defined once in lib/rules/rules.c and used by every face. */
enum pwpol_rule {
	/* password quality */
	PWPOL_RULE_MINIMUM_LENGTH,
	PWPOL_RULE_MAXIMUM_LENGTH,
	PWPOL_RULE_MINIMUM_UPPER_CASES,
	PWPOL_RULE_MINIMUM_LOWER_CASES,
	PWPOL_RULE_MINIMUM_NUMERICS,
	PWPOL_RULE_MINIMUM_PUNCTUATIONS,
	PWPOL_RULE_MINIMUM_CHANGES, /* character-sets or set-transitions */
	PWPOL_RULE_MAXIMUM_REPEATS,
	PWPOL_RULE_MAXIMUM_CLASS_REPEATS, /* characters of one class in a row */
	PWPOL_RULE_USERNAME_CHECK,
	PWPOL_RULE_MINIMUM_CHARACTER_CHANGES,
	PWPOL_RULE_BLOCKLIST,     /* listed in the blocklist file: breached or common */
	PWPOL_RULE_MINIMUM_SCORE, /* zxcvbn's score below minimum-score */
	/* password life */
	PWPOL_RULE_MINIMUM_REUSE,
	PWPOL_RULE_MINIMUM_LIFETIME,
	PWPOL_RULE_FACTORY_DEFAULT, /* the new password equals the factory default */
	/* input errors (status EINVAL) */
	PWPOL_RULE_INVALID_UTF8,
	PWPOL_RULE_CONTROL_CHARACTER, /* NUL and other control characters */
	PWPOL_RULE_TOO_LONG,          /* input above PWPOL_INPUT_MAX bytes */
	PWPOL_RULE_EMPTY,
	PWPOL_RULE_INVISIBLE_CHARACTER, /* default-ignorable code point outside an emoji */
	/* usernames */
	PWPOL_RULE_USERNAME_LENGTH,
	PWPOL_RULE_USERNAME_CHARACTERS,
	PWPOL_RULE_USERNAME_LEADING_DASH,
	PWPOL_RULE_USERNAME_DOLLAR,      /* `$` anywhere but at the end */
	PWPOL_RULE_USERNAME_DOTS,        /* "." or "..": names of directories */
	PWPOL_RULE_USERNAME_CASE,        /* differs from an account only by case */
	PWPOL_RULE_USERNAME_ALL_DIGITS,  /* warning */
	PWPOL_RULE_USERNAME_LEADING_DOT, /* warning */
	PWPOL_RULE_COUNT
};

enum pwpol_severity { PWPOL_SEVERITY_ERROR = 0, PWPOL_SEVERITY_WARNING = 1 };

/* One finding: the rule, the figure required and the figure found (both -1
 * where no figure applies; for input errors `have` is the byte offset). */
struct pwpol_finding {
	enum pwpol_rule rule;
	enum pwpol_severity severity;
	long need;
	long have;
};

typedef struct pwpol_report pwpol_report;

/* A report is reusable: each check clears it first, so one report can serve
 * millions of checks without allocating. */
enum pwpol_status pwpol_report_new(pwpol_report **out);
void pwpol_report_free(pwpol_report *r);
void pwpol_report_clear(pwpol_report *r);
size_t pwpol_report_count(const pwpol_report *r);
const struct pwpol_finding *pwpol_report_get(const pwpol_report *r, size_t i);
/* Where one call judges one password for several accounts (init, or a
 * change that sets the system accounts still on the factory default): the
 * accounts whose rule finding i is ("root", "root, t128") when not every
 * one of them breaks it; NULL otherwise. */
const char *pwpol_report_account(const pwpol_report *r, size_t i);
/* A face that could not read an input whole (a line longer than
 * PWPOL_INPUT_MAX bytes, of which it holds `have`): r cleared and given
 * the finding pwpol_check would give such an input. Returns EINVAL. */
enum pwpol_status pwpol_report_input_too_long(pwpol_report *r, long have);

const char *pwpol_rule_name(enum pwpol_rule rule); /* "minimum-length", ... */
/* A sentence for a person, with the figures, e.g. "must be at least 9
 * characters long (it has 5)". Returns the length snprintf would. */
int pwpol_finding_message(const struct pwpol_finding *f, char *buf, size_t len);
/* The English template of a rule's sentence ({need}, {have}, {one|more}),
 * the msgid of its translation in gettext's "pwpol" domain; and the
 * sentence made from a template, the translated one (dgettext("pwpol",
 * pwpol_rule_template(f->rule))), as a face that speaks the user's language
 * makes it (pam_pwpol, the web). */
const char *pwpol_rule_template(enum pwpol_rule rule);
int pwpol_finding_message_from(const struct pwpol_finding *f, const char *template, char *buf,
                               size_t len);

/* ------------------------------------------------------------------ */
/* Checks                                                              */
/* ------------------------------------------------------------------ */

/* Longest input accepted, in bytes, for passwords and usernames alike. */
#define PWPOL_INPUT_MAX 4096

/* Checks a candidate password against every quality rule and fills `r` with
 * every violation. `username` (may be NULL) enables username-check; `old`
 * (may be NULL) enables minimum-character-changes. Lengths are in bytes of
 * UTF-8; counting is in code points after NFKC. With a `blocklist`, the
 * password is also looked up there (as typed, case folded, and with the
 * username taken out).
 * Returns OK, REJECTED (violations in r), EINVAL (one input finding in r),
 * ESYSTEM (the blocklist file cannot be read: no verdict). */
enum pwpol_status pwpol_check(const pwpol_policy *p, const char *pw, size_t len,
                              const char *username, const char *old, size_t oldlen,
                              pwpol_report *r);

/* Username syntax. OK (perhaps with warnings in r) or REJECTED (errors in r). */
enum pwpol_status pwpol_username_check(const char *name, pwpol_report *r);
/* The rules a new password must meet under p (`change`: a change of one's
 * own, which adds minimum-character-changes), each with its sentence as
 * pwpol_check words a finding of it, without a candidate's figure ("must
 * be at least 9 characters long"): for a face that lists them before
 * anything is typed. fn returning non-zero stops. */
enum pwpol_status
pwpol_policy_requirements(const pwpol_policy *p, int change,
                          int (*fn)(enum pwpol_rule rule, const char *text, void *ctx), void *ctx);

/* ------------------------------------------------------------------ */
/* Hashes (libxcrypt underneath)                                       */
/* ------------------------------------------------------------------ */

#define PWPOL_HASH_MAX 512

/* Makes a hash with a fresh random salt. rounds 0 = the format's default
 * (sha1 and sha2: 24680 less a random amount of up to a quarter, as Junos
 * makes them; bcrypt cost 12; the others libxcrypt's default); for bcrypt
 * and yescrypt it is the cost. EINVAL for a cost over the import bound
 * (pwpol_hash_import_check). out must hold PWPOL_HASH_MAX. */
enum pwpol_status pwpol_hash(enum pwpol_format f, unsigned long rounds, const char *pw, size_t len,
                             char *out, size_t outlen);
/* OK if pw matches the stored hash, REJECTED if not, EINVAL if the hash is
 * malformed, in no format of pwpol_hash_identify's, or costs more than the
 * import bound (answered at once, never computed). The comparison runs in
 * constant time. */
enum pwpol_status pwpol_verify(const char *pw, size_t len, const char *hash);
/* Whether a ready hash may be imported: OK, or EINVAL with a sentence in
 * why (may be NULL) when it is no hash pwpol knows or its cost would take
 * more than about a second to verify ($6$rounds=999999999$, $2b$31$). */
enum pwpol_status pwpol_hash_import_check(const char *hash, char *why, size_t whylen);
/* Says which format a hash is; EINVAL (and UNKNOWN) for anything else. */
enum pwpol_status pwpol_hash_identify(const char *hash, enum pwpol_format *out);
/* 1 if the hash is in a format weaker than the policy's `format`. */
int pwpol_hash_needs_rehash(const pwpol_policy *p, const char *hash);

/* Wipes a secret in a way the compiler cannot drop. */
void pwpol_wipe(void *buf, size_t len);

/* ------------------------------------------------------------------ */
/* Configuration (Junos-style text)                                    */
/* ------------------------------------------------------------------ */

typedef struct pwpol_config_errors pwpol_config_errors;

/* Reads a policy from configuration text (curly-brace hierarchy, or `set`,
 * `delete`, `deactivate` and `activate` lines as Junos reads them, or both)
 * and runs the commit check. `name` names the text in messages (a file
 * name). On any error nothing is applied: *out is NULL, the status is
 * EINVAL and *errs (if errs is not NULL) lists every error as
 * "FILE:LINE: statement: message". Warnings (a statement set again, the
 * later value applying; a delete of a statement not there) go to the same
 * list, marked (pwpol_config_errors_is_warning), and fail nothing: a text
 * with warnings alone gives OK, a policy and a non-NULL *errs to print. */
enum pwpol_status pwpol_config_parse(const char *text, size_t len, const char *name,
                                     pwpol_policy **out, pwpol_config_errors **errs);
/* The same for a file; ESYSTEM if it cannot be read. The file is trusted
 * only when it is ours: EINVAL, with a sentence, for anything but a regular
 * file (a FIFO or a device answers at once, it is never read), a file owned
 * by a user other than root and the effective user, or one that its group
 * or others may write. */
enum pwpol_status pwpol_config_load(const char *path, pwpol_policy **out,
                                    pwpol_config_errors **errs);
/* The text of a policy file, read as pwpol_config_load reads it (trusted
 * first, then whole, through the descriptor judged): *text, NUL-terminated
 * (the caller wipes and frees it), and *len. ESYSTEM if it cannot be read,
 * EINVAL with a sentence in *errs if it is not trusted. For a face that
 * shows the configuration in force. */
enum pwpol_status pwpol_config_text(const char *path, char **text, size_t *len,
                                    pwpol_config_errors **errs);
size_t pwpol_config_errors_count(const pwpol_config_errors *e);
const char *pwpol_config_errors_get(const pwpol_config_errors *e, size_t i);
/* 1 if entry i is a warning, 0 if it is an error (or out of range). */
int pwpol_config_errors_is_warning(const pwpol_config_errors *e, size_t i);
void pwpol_config_errors_free(pwpol_config_errors *e);

/* Where the policy and the store are found unless a face is told otherwise. */
#define PWPOL_DEFAULT_CONFIG "/etc/pwpol.conf"
#define PWPOL_DEFAULT_DB     "/var/lib/pwpol/accounts.db"

/* The policy in force, as every face finds it: the file at `path`, else
 * PWPOL_DEFAULT_CONFIG when it exists, else the built-in ssr profile.
 * *used gets the file read, or NULL for the built-in profile. Errors as
 * pwpol_config_load; a named file that does not exist is an error. */
enum pwpol_status pwpol_policy_load(const char *path, pwpol_policy **out,
                                    pwpol_config_errors **errs, const char **used);

/* Where a statement's value came from: NULL for the profile default, else
 * "FILE:LINE". Kept by the policy that pwpol_config_parse made. */
const char *pwpol_policy_source(const pwpol_policy *p, enum pwpol_opt opt);
void pwpol_policy_set_source(pwpol_policy *p, enum pwpol_opt opt, const char *source);

/* Writes the policy in the hierarchy form, every statement spelled out, so
 * that reading the text back gives the same policy. Caller frees *out. */
enum pwpol_status pwpol_config_write(const pwpol_policy *p, char **out);
/* The same as `set` lines (Junos `show | display set`), which read back to
 * the same policy. Caller frees *out. */
enum pwpol_status pwpol_config_write_set(const pwpol_policy *p, char **out);

/* The commit check alone: every value in range and the combinations
 * possible. Errors (without file and line) go to *errs. */
enum pwpol_status pwpol_policy_commit_check(const pwpol_policy *p, pwpol_config_errors **errs);

/* ------------------------------------------------------------------ */
/* Account store and lifecycle                                         */
/* ------------------------------------------------------------------ */

typedef struct pwpol_store pwpol_store;

/* Opens the store named `path`: a SQLite file, or a PostgreSQL database
 * named by a libpq URI (postgresql://... or postgres://..., handed to libpq
 * as it is, so PGHOST, service files, .pgpass and sslmode work; connect
 * timeout 5 s unless the URI, a service or PGCONNECT_TIMEOUT sets one;
 * in a host, pwpol_set_hosted, the environment is not read at all).
 * create=1 makes the store (a file with mode 0600, or the tables) when
 * there is none. A file that group or others may read is refused (EINVAL)
 * with a message. On failure, `err` (if not NULL) gets a sentence. */
enum pwpol_status pwpol_store_open(pwpol_store **out, const char *path, int create, char *err,
                                   size_t errlen);
void pwpol_store_close(pwpol_store *s);
/* 1 if opening s made the store (create=1 and no file was there); a
 * store another process made at the same time is not this handle's. */
int pwpol_store_created(const pwpol_store *s);
/* Undoes a store this handle made, for a command that then failed: the
 * file and its -wal, -shm and -journal are removed when no other process
 * holds it open to make it too and it holds no account and no commit, and
 * s is closed in every case (OK: removed; EEXIST: kept, someone else's
 * too or not made here). */
enum pwpol_status pwpol_store_discard(pwpol_store *s);
/* Opens a file a face reads for the library (import shadow --file,
 * --import-hash FILE, a configuration's text) for reading: a FIFO, a
 * device or a directory is refused at once (never waited on). The
 * descriptor, or -1 with errno and a sentence in err (if not NULL). */
int pwpol_input_open(const char *path, char *err, size_t errlen);
/* Says that this process acts for a user it does not trust: a PAM module
 * inside su, sudo, passwd or sshd. From then on nothing of the process
 * environment (PG* variables, HOME and its files) chooses a PostgreSQL
 * store's server, options or files: the URI, the system's service file and
 * the files they name do (pam_pwpol(8)). A setuid or setgid program is
 * treated so without the call. It cannot be undone. */
void pwpol_set_hosted(void);
/* The last error's sentence, for the face to print. */
const char *pwpol_store_error(const pwpol_store *s);
/* 1 if `name` is a PostgreSQL URI (postgresql:// or postgres://), not a path. */
int pwpol_store_is_uri(const char *name);
/* 1 if `name` is a PostgreSQL URI that holds a database password
 * (user:PASSWORD@ or ?password=): a face refuses one from its argument
 * list, where every user could read it. */
int pwpol_store_uri_has_password(const char *name);
/* "sqlite" or "postgresql". */
const char *pwpol_store_kind(const pwpol_store *s);
/* Copies every account of `from`, with its password history (in its order)
 * and its failure count and lock, into `to`, in one transaction on `to`;
 * and the committed configurations, oldest first, when `to` holds none;
 * the fleet uids as they were given (a name or uid `to` gave keeps its
 * own); and a fleet's state (pwpol_fleet_state_*) when `to` has no fleet CA.
 * A `to` that holds accounts is refused (EEXIST) unless merge=1: then each
 * account of `from` replaces the one of its name in `to`, history included,
 * and the other accounts of `to` stay. *copied (if not NULL) gets the
 * number of accounts copied. On ESYSTEM the sentence is in the failing
 * store's pwpol_store_error. */
enum pwpol_status pwpol_store_copy(pwpol_store *from, pwpol_store *to, int merge, size_t *copied);
/* Brings the store named `path` up to this pwpol's layout (`pwpol store
 * upgrade`). A PostgreSQL store, shared by a fleet, is never upgraded when
 * opened: nodes on the older package use it until every step of it is
 * one they know (a store keeps its layout and the oldest layout a pwpol
 * must know to use it); a SQLite file is brought up to date by any open.
 * *from and *to (if not NULL) get the layout before and after (equal when
 * there was nothing to do, and larger than *known, this pwpol's layout,
 * when the store is newer but usable). On failure `err` (if not NULL) gets
 * a sentence: a store this pwpol cannot use, or that is not there. */
enum pwpol_status pwpol_store_upgrade(const char *path, int *from, int *to, int *known, char *err,
                                      size_t errlen);
/* Checks a store: the engine's own check (SQLite integrity_check), the
 * layout version, no history without its account, and every hash one
 * pwpol knows. ESYSTEM with the first problem in pwpol_store_error. The
 * out-parameters (if not NULL) get the layout version and the accounts. */
enum pwpol_status pwpol_store_check(pwpol_store *s, int *version, size_t *accounts);

enum pwpol_account_flag {
	PWPOL_ACCOUNT_TEMPORARY = 1,       /* set by an administrator: change at next login */
	PWPOL_ACCOUNT_FACTORY_DEFAULT = 2, /* the factory default: change at next login */
	PWPOL_ACCOUNT_MUST_CHANGE = 4,     /* expired by an administrator (passwd -e) */
};

/* Login classes (Junos `system login class`). A class name holds at most
 * PWPOL_CLASS_NAME_MAX - 1 bytes; a new account is PWPOL_CLASS_DEFAULT. */
#define PWPOL_CLASS_NAME_MAX 32
#define PWPOL_CLASS_DEFAULT  "unauthorized"

/* An account's own aging figures, as shadow(5) fields 4-8 hold them. */
enum pwpol_aging_field {
	PWPOL_AGING_MIN_DAYS = 0,  /* chage -m: days before its user may change it again */
	PWPOL_AGING_MAX_DAYS,      /* chage -M: days a password lasts (>= 10000: never) */
	PWPOL_AGING_WARN_DAYS,     /* chage -W: days of warning before it expires */
	PWPOL_AGING_INACTIVE_DAYS, /* chage -I: days after expiry before logins are refused */
	PWPOL_AGING_EXPIRE_DATE,   /* chage -E: the day (since 1970-01-01, UTC) it expires */
	PWPOL_AGING_COUNT
};
#define PWPOL_AGING_UNSET    (-1L)
#define PWPOL_AGING_DAYS_MAX 99999L /* the largest figure shadow writes */
#define PWPOL_AGING_NEVER    10000L /* a maximum this large or larger never expires */
/* Held inside other structs, so it never grows: shadow(5)'s five aging
 * fields, PWPOL_AGING_COUNT fixed at 5 for libpwpol.so.0. */
struct pwpol_aging {
	long v[PWPOL_AGING_COUNT]; /* PWPOL_AGING_UNSET: the account has none of its own */
};

struct pwpol_account_info {
	size_t size; /* PWPOL_ACCOUNT_INFO_INIT(); see PWPOL_HAS */
	char name[64];
	char account_class[PWPOL_CLASS_NAME_MAX]; /* its login class, as stored */
	int disabled;                             /* 1: refused at login (SSR enabled false) */
	unsigned flags;                           /* enum pwpol_account_flag */
	time_t changed;                           /* when the password was set */
	time_t expires;                           /* changed + maximum-lifetime, 0 if none */
	int expired;                              /* 1 if now >= expires */
	unsigned failures;                        /* consecutive failed logins */
	time_t locked_until;                      /* 0 if not locked, else the time the lock ends
	                                           * (PWPOL_LOCKED_UNTIL_UNLOCKED: until `unlock`) */
	enum pwpol_format format;
	unsigned history; /* older hashes kept */
	int reason;       /* enum pwpol_change_reason: why a login must change it */
	/* Per-account aging (pwpol_account_set_aging); `expires` above is the
	 * earlier of the account's own maximum and the policy's. */
	struct pwpol_aging aging;
	long min_days;        /* in force: the larger of the account's and minimum-lifetime */
	long warn_days;       /* in force: the account's, else the policy's warning-days */
	time_t inactive_from; /* expires + inactive days: logins refused from then; 0 none */
	int account_expired;  /* 1: its expiry date or inactive period has passed: refused */
	time_t adopted;       /* when it was imported from another system; 0: made here */
};
#define PWPOL_ACCOUNT_INFO_INIT(...)                                                               \
	{                                                                                          \
		.size = sizeof(struct pwpol_account_info), __VA_ARGS__                             \
	}

/* Why authentication asks for a change (with PWPOL_CHANGE_REQUIRED). */
enum pwpol_change_reason {
	PWPOL_REASON_NONE = 0,
	PWPOL_REASON_EXPIRED,
	PWPOL_REASON_TEMPORARY,
	PWPOL_REASON_FACTORY_DEFAULT
};

/* "expired", "temporary", "factory-default" ("none" for NONE): the one
 * spelling of a reason, for every face. */
const char *pwpol_change_reason_name(enum pwpol_change_reason why);
/* A sentence for the person who must change the password. */
const char *pwpol_change_reason_message(enum pwpol_change_reason why);

/* The secret handed to account calls: a password (pw,len) or, where
 * allowed, a ready hash stored as it is (policy not checked). Made by
 * PWPOL_SECRET_INIT(.pw = pw, .len = len) or PWPOL_SECRET_INIT(.hash = h). */
struct pwpol_secret {
	size_t size;
	const char *pw;
	size_t len;
	const char *hash; /* used when pw is NULL */
};
#define PWPOL_SECRET_INIT(...)                                                                     \
	{                                                                                          \
		.size = sizeof(struct pwpol_secret), __VA_ARGS__                                   \
	}

/* Every time pwpol reasons about (`now`, and every time a store holds) lies
 * in 0 .. PWPOL_TIME_MAX (the end of 9999, UTC), so that no sum of a time
 * and a lifetime or lock can overflow. Account calls answer EINVAL for a
 * `now` outside it, and ESYSTEM for a store record outside it. */
#define PWPOL_TIME_MAX 253402300799LL
/* locked_until of a lock taken under lock-time 0 (pam_faillock's
 * unlock_time=0): it ends only with pwpol_account_unlock. */
#define PWPOL_LOCKED_UNTIL_UNLOCKED ((time_t)PWPOL_TIME_MAX)

/* Sets `admin`, `root` and `t128` together to one password, the owner's
 * own (not temporary). factory_default=1 flags them as the factory default
 * instead, which must be changed at first login. When any of them exists
 * already the answer is EEXIST and nothing changes: re-setting them is
 * pwpol_account_init_with and PWPOL_INIT_FORCE. Violations go to r. */
enum pwpol_status pwpol_account_init(pwpol_store *s, const pwpol_policy *p,
                                     const struct pwpol_secret *sec, int factory_default,
                                     time_t now, pwpol_report *r);

enum pwpol_init_flag {
	PWPOL_INIT_FACTORY_DEFAULT = 1, /* the factory default: change at first login */
	/* Re-set accounts that exist, as a change of theirs: `old` must be the
	 * current password of admin (a wrong one counts toward its lockout), a
	 * locked account refuses, and minimum-character-changes and the reuse
	 * history of each account apply. */
	PWPOL_INIT_FORCE = 2,
	/* SSR's PASSWORD HASH: the password (checked as always) becomes one
	 * pre-salted sha512 hash, set for the three and given back in
	 * hash_out, so that other machines can be given the same hash. */
	PWPOL_INIT_SHA512 = 4,
	/* The association screen of a machine as shipped: the system
	 * accounts that still hold the factory default (and those that do not
	 * exist) are set without their current password, while one or more
	 * holds it (else EEXIST); the others are left as they are. Each one's
	 * reuse history applies, so the factory default itself is refused. */
	PWPOL_INIT_OVER_FACTORY_DEFAULT = 8
};

struct pwpol_init_opts {
	size_t size;     /* PWPOL_INIT_OPTS_INIT(.flags = ...) */
	unsigned flags;  /* enum pwpol_init_flag */
	const char *old; /* with FORCE: the current password */
	size_t oldlen;
	char *hash_out; /* with SHA512: PWPOL_HASH_MAX bytes */
	size_t hash_outlen;
};
#define PWPOL_INIT_OPTS_INIT(...)                                                                  \
	{                                                                                          \
		.size = sizeof(struct pwpol_init_opts), __VA_ARGS__                                \
	}

enum pwpol_status pwpol_account_init_with(pwpol_store *s, const pwpol_policy *p,
                                          const struct pwpol_secret *sec,
                                          const struct pwpol_init_opts *o, time_t now,
                                          pwpol_report *r);
/* The quality rules of a password for the three system accounts at once
 * (pwpol_check for each name), as init judges it before any store is
 * read: each rule once, naming the accounts (pwpol_report_account) when
 * not all three break it. OK, REJECTED, EINVAL (one input finding). */
enum pwpol_status pwpol_system_check(const pwpol_policy *p, const char *pw, size_t len,
                                     pwpol_report *r);
/* The SSR's advice on root, for every face that sets the system accounts
 * (init, the initializer, the association screen): one sentence. */
const char *pwpol_root_note(void);
/* The system accounts association sets, in the order it shows them: the
 * name of the i-th ("admin", "root", "t128"), NULL past the last. */
const char *pwpol_system_account(size_t i);
/* The system accounts (admin, root, t128) as association sees them. */
enum pwpol_system_state {
	PWPOL_SYSTEM_UNSET = 0, /* none of them exists */
	PWPOL_SYSTEM_FACTORY,   /* one or more still hold the factory default */
	PWPOL_SYSTEM_SET        /* they exist and none holds the factory default */
};
/* Whether association (init with PWPOL_INIT_OVER_FACTORY_DEFAULT) is
 * offered: while the state is UNSET or FACTORY. Needs no permission: a
 * factory default is published, and whoever knows it could sign in. */
enum pwpol_status pwpol_system_state(pwpol_store *s, enum pwpol_system_state *out);
/* Creates an account with a temporary password (EEXIST if it exists). */
enum pwpol_status pwpol_account_add(pwpol_store *s, const pwpol_policy *p, const char *name,
                                    const struct pwpol_secret *sec, time_t now, pwpol_report *r);
/* Deletes an account (not a system account: EINVAL). REJECTED, with the
 * sentence in pwpol_store_error, for the last enabled account whose class
 * holds admin-control under p: no one could administer the accounts after
 * it. The same holds for pwpol_account_set_enabled and _set_class. */
enum pwpol_status pwpol_account_delete(pwpol_store *s, const pwpol_policy *p, const char *name,
                                       time_t now);
/* Administrator reset: temporary, not held back by minimum-lifetime. */
enum pwpol_status pwpol_account_reset(pwpol_store *s, const pwpol_policy *p, const char *name,
                                      const struct pwpol_secret *sec, time_t now, pwpol_report *r);
/* The user's own change: old verified first, then every rule. REJECTED
 * with the violations in r, or with none if the old password was wrong: a
 * wrong old password counts toward the lockout like a failed login. LOCKED
 * if the account is locked. The change of a system account that holds the
 * factory default sets, in the same transaction, every other system
 * account still on it (each one's rules apply; pwpol_store_notice names
 * them), so that no system account keeps the published password. */
enum pwpol_status pwpol_account_change(pwpol_store *s, const pwpol_policy *p, const char *name,
                                       const char *old, size_t oldlen, const char *pw, size_t len,
                                       time_t now, pwpol_report *r);
/* A login: OK, REJECTED (wrong password or unknown user: the same answer,
 * in the same time), LOCKED, or CHANGE_REQUIRED with *reason. */
enum pwpol_status pwpol_account_authenticate(pwpol_store *s, const pwpol_policy *p,
                                             const char *name, const char *pw, size_t len,
                                             time_t now, enum pwpol_change_reason *reason);
/* The proof of the current password before a change asks for the new one:
 * OK, REJECTED with an empty report (wrong or unknown user: counted toward
 * the lockout like a failed login), REJECTED with minimum-lifetime in r
 * (right, but the password is too young to change), or LOCKED. */
enum pwpol_status pwpol_account_verify_current(pwpol_store *s, const pwpol_policy *p,
                                               const char *name, const char *old, size_t oldlen,
                                               time_t now, pwpol_report *r);
/* A change judged without making it, for a live list as the new password
 * is typed: every rule it breaks for `name` (quality against the name and,
 * when given, `old`; minimum-lifetime; the reuse history). OK, REJECTED
 * (findings in r), EINVAL (one input finding), ENOENT. Nothing is proved,
 * counted or written: since its reuse answer tells whether pw is the
 * current password, a face calls it only for an account whose current
 * password pwpol_account_verify_current accepted in the same session. */
enum pwpol_status pwpol_account_check_new(pwpol_store *s, const pwpol_policy *p, const char *name,
                                          const char *old, size_t oldlen, const char *pw,
                                          size_t len, time_t now, pwpol_report *r);
enum pwpol_status pwpol_account_unlock(pwpol_store *s, const char *name, time_t now);
enum pwpol_status pwpol_account_info(pwpol_store *s, const pwpol_policy *p, const char *name,
                                     time_t now, struct pwpol_account_info *out) PWPOL_SIZED_OUT(5);
/* "disabled", "locked", a change reason's name, or "ok": the state shown
 * to a person, from the members within a->size ("unknown" for a size
 * that holds none). */
const char *pwpol_account_state(const struct pwpol_account_info *a);
/* The account phase of a login (PAM account management): may `name` enter
 * now, whoever proved who it is (this library, a public key, another
 * module)? Refused when disabled, expired (its expiry date or inactive
 * period passed) or locked, in that order (a disabled account is refused
 * whatever its lock); through a change first when its password must be
 * changed (info->reason). */
enum pwpol_admission {
	PWPOL_ADMIT = 0,          /* may enter */
	PWPOL_ADMIT_AFTER_CHANGE, /* may enter once the password is changed (info->reason) */
	PWPOL_REFUSE_DISABLED,    /* switched off (SSR enabled false, pwpol disable) */
	PWPOL_REFUSE_LOCKED,      /* locked after failed logins (info->locked_until) */
	PWPOL_REFUSE_EXPIRED /* past its expiry date or inactive period (info->account_expired) */
};
/* OK with *verdict and *info (pwpol_account_info's), ENOENT, ESYSTEM. */
enum pwpol_status pwpol_account_admission(pwpol_store *s, const pwpol_policy *p, const char *name,
                                          time_t now, struct pwpol_account_info *info,
                                          enum pwpol_admission *verdict) PWPOL_SIZED_OUT(5);
/* Takes over an account from another system (shadow(5)): the hash as it
 * is (upgraded at the next login when weaker than the policy's format),
 * `changed` as the time the password was set, not temporary. The name must
 * pass pwpol_username_check (findings in r); EEXIST if it exists; EINVAL
 * for a hash pwpol does not know, or that costs too much to verify. */
enum pwpol_status pwpol_account_import(pwpol_store *s, const pwpol_policy *p, const char *name,
                                       const char *hash, time_t changed, time_t now,
                                       pwpol_report *r);
/* Calls fn for every account, in name order; stops early if fn returns
 * non-zero. */
enum pwpol_status pwpol_account_each(pwpol_store *s, const pwpol_policy *p, time_t now,
                                     int (*fn)(const struct pwpol_account_info *, void *),
                                     void *ctx);

/* ------------------------------------------------------------------ */
/* The committed configuration: the policy of a store's accounts       */
/* ------------------------------------------------------------------ */

/* A store keeps the configurations committed into it (at least the last
 * 50), numbered as Junos numbers them: rollback 0 is the active one, 1 the
 * one before, and so on. The active one is the policy of every account of
 * that store (pwpol_policy_load_from). Every call here reads the commits
 * as they stand at `now`: a `commit confirmed` past its deadline and not
 * confirmed is not in force, the one before it is (from the deadline on).
 * No reader writes; commit, confirm and rollback record that restore
 * first (pwpol_config_settle), stamped at the deadline. */

/* One commit, as `config history` shows it. */
struct pwpol_commit_info {
	size_t size;          /* PWPOL_COMMIT_INFO_INIT(); see PWPOL_HAS */
	unsigned rollback;    /* 0 the active one, 1 the one before, ... */
	unsigned long number; /* the store's own number for it, never reused */
	time_t time;          /* when it was committed */
	char author[64];      /* who committed it */
	char comment[256];    /* "" if none */
	time_t confirm_by;    /* commit confirmed, not confirmed yet: the deadline; else 0 */
};
#define PWPOL_COMMIT_INFO_INIT(...)                                                                \
	{                                                                                          \
		.size = sizeof(struct pwpol_commit_info), __VA_ARGS__                              \
	}

enum pwpol_commit_flag {
	/* Junos `load merge`: the text (set/delete lines or a partial
	 * hierarchy) is read after the active configuration, and what results
	 * is stored written out whole (pwpol_config_write). Without it the
	 * text replaces the active one as it is (`load override`). */
	PWPOL_COMMIT_MERGE = 1
};

/* Longest `commit confirmed` wait, in minutes (Junos: 1..65535). */
#define PWPOL_CONFIRM_MINUTES_MAX 65535
/* `commit confirmed` without minutes (Junos: 10). */
#define PWPOL_CONFIRM_MINUTES_DEFAULT 10

struct pwpol_commit_opts {
	size_t size;          /* PWPOL_COMMIT_OPTS_INIT(.author = ...) */
	unsigned flags;       /* enum pwpol_commit_flag */
	const char *name;     /* names the text in messages (a file name) */
	const char *author;   /* who commits (at most 63 bytes) */
	const char *comment;  /* NULL or one line of at most 255 bytes */
	long confirm_minutes; /* 0, or commit confirmed: 1..PWPOL_CONFIRM_MINUTES_MAX */
};
#define PWPOL_COMMIT_OPTS_INIT(...)                                                                \
	{                                                                                          \
		.size = sizeof(struct pwpol_commit_opts), __VA_ARGS__                              \
	}

/* Runs the commit check on the text (pwpol_config_parse, and maximum-
 * lifetime only with minimum-reuse configured) and, when it passes, stores
 * it as the active configuration. Errors as pwpol_config_parse (EINVAL,
 * *errs). With confirm_minutes, unless pwpol_config_confirm or another
 * commit follows before now + minutes, the configuration before it is in
 * force again from then on (EINVAL when there is none).
 * *out (may be NULL) gets the new commit. */
enum pwpol_status pwpol_config_commit(pwpol_store *s, const char *text, size_t len,
                                      const struct pwpol_commit_opts *o, time_t now,
                                      pwpol_config_errors **errs, struct pwpol_commit_info *out)
    PWPOL_SIZED_OUT(7);
/* Confirms the active commit confirmed: ENOENT if none awaits it. */
enum pwpol_status pwpol_config_confirm(pwpol_store *s, time_t now, struct pwpol_commit_info *out)
    PWPOL_SIZED_OUT(3);
/* Makes rollback n the active configuration again, as a new commit
 * (o->flags and o->confirm_minutes as for a commit; the text is n's).
 * ENOENT if the store keeps no commit n. */
enum pwpol_status pwpol_config_rollback(pwpol_store *s, unsigned n,
                                        const struct pwpol_commit_opts *o, time_t now,
                                        pwpol_config_errors **errs, struct pwpol_commit_info *out)
    PWPOL_SIZED_OUT(6);
/* Calls fn for every commit kept, the active one first. */
enum pwpol_status pwpol_config_history(pwpol_store *s, time_t now,
                                       int (*fn)(const struct pwpol_commit_info *, void *),
                                       void *ctx);
/* Rollback n's text (caller frees *text) and, if info is not NULL, its
 * commit. ENOENT if the store keeps no commit n. Rollback n one past the
 * first commit (while commit 1 is kept) is what was in force before it:
 * an empty text, which means the file or the built-in profile
 * (pwpol_policy_load); a rollback to it commits that empty text. */
enum pwpol_status pwpol_config_committed(pwpol_store *s, unsigned n, time_t now, char **text,
                                         struct pwpol_commit_info *info) PWPOL_SIZED_OUT(5);
/* The difference between two configurations as Junos `show | compare`
 * prints it: for each statement whose value in force differs, a
 * "[edit system login password]" (or lockout) header, "-    " and the
 * statement in `from`, "+    " and the one in `to`. "" when they agree.
 * Either text failing its commit check is EINVAL with *errs. */
enum pwpol_status pwpol_config_compare(const char *from, size_t fromlen, const char *from_name,
                                       const char *to, size_t tolen, const char *to_name,
                                       char **out, pwpol_config_errors **errs);
/* Records the restore of an active commit confirmed whose deadline is
 * past (a new commit stamped at the deadline, logged through the audit).
 * *restored (may be NULL) gets 1 if it did. Commit, confirm and rollback
 * do this first by themselves; readers never do (they read the restore
 * as in force without writing it). */
enum pwpol_status pwpol_config_settle(pwpol_store *s, time_t now, int *restored);

/* The policy in force for a store's accounts: the store's active
 * configuration when it has one (then a file named by `path`, or
 * PWPOL_DEFAULT_CONFIG when it exists, is not used, and a warning in *errs
 * says so), else as pwpol_policy_load. s may be NULL (no store). `used`
 * gets what was read: the file's path, "commit N" for the store's, "" for
 * the built-in profile, or "the store" when reading the store failed
 * (ESYSTEM: the sentence in pwpol_store_error). */
enum pwpol_status pwpol_policy_load_from(pwpol_store *s, const char *path, time_t now,
                                         pwpol_policy **out, pwpol_config_errors **errs, char *used,
                                         size_t usedlen);
/* The file that a store's committed configuration overrides (it would
 * have applied, and is not read), or NULL: set by pwpol_policy_load_from,
 * so that every face can name it. */
const char *pwpol_policy_overridden(const pwpol_policy *p);

/* ------------------------------------------------------------------ */
/* Who may do what: classes and permissions                            */
/* ------------------------------------------------------------------ */

/* The two permissions pwpol acts on (Junos permission flags). */
enum pwpol_permission {
	PWPOL_PERMISSION_ADMIN = 1,        /* `admin`: view accounts and the configuration */
	PWPOL_PERMISSION_ADMIN_CONTROL = 2 /* `admin-control`: change them */
};

/* The permissions (enum pwpol_permission bits) of a class: a predefined
 * one (super-user: both; operator, read-only, unauthorized: none; SSR's
 * roles `admin` = super-user and `user` = operator) or one the policy's
 * configuration defines (`system login class NAME { permissions [...]; }`).
 * ENOENT, *perms 0, for a class the policy does not know: no permission. */
enum pwpol_status pwpol_class_permissions(const pwpol_policy *p, const char *cls, unsigned *perms);
/* 1 if the name is a predefined class (which a configuration cannot
 * define again). */
int pwpol_class_is_predefined(const char *cls);
/* Calls fn for every class an account may be given under p: the
 * predefined ones first, then those p's configuration defines (p may be
 * NULL: the predefined ones), with their permissions; stops early if fn
 * returns non-zero. For a face offering the choice. */
enum pwpol_status pwpol_class_each(const pwpol_policy *p,
                                   int (*fn)(const char *cls, unsigned perms, void *ctx),
                                   void *ctx);

/* Who acts through a store handle. A handle acts as root of this machine
 * (a super-user) until this is called; actor NULL goes back to that. With
 * an account name, the face has authenticated it (a login, a signed-in
 * session) and every administrative call on s from now on asks its class,
 * in p, for the permission it needs, and answers PWPOL_NOT_PERMITTED (the
 * sentence in pwpol_store_error) without it:
 *   admin:         pwpol_account_info of another account, pwpol_account_each,
 *                  pwpol_config_history, pwpol_config_committed,
 *                  pwpol_store_check;
 *   admin-control: pwpol_account_add, _delete, _reset, _unlock, _import,
 *                  _set_enabled, _set_class, init over existing accounts,
 *                  pwpol_config_commit, _rollback, _confirm, pwpol_store_copy
 *                  (on the source, and on the target of a merge).
 * An account's own password change (pwpol_account_change) and its own
 * pwpol_account_info need nothing. An actor whose password must be changed
 * (expired, temporary, factory default at `now`) may do nothing else: it
 * holds no permission until then (Junos: no commit before the change).
 * What the actor holds is decided here, once, from its record at `now`:
 * call it again for each request of a long-lived face. ENOENT for an
 * unknown actor (the handle then permits nothing); ESYSTEM. */
enum pwpol_status pwpol_store_act_as(pwpol_store *s, const pwpol_policy *p, const char *actor,
                                     time_t now);
/* Why the actor must change its password before anything else, as
 * pwpol_store_act_as found it (pwpol_change_reason_message words it for
 * the person): PWPOL_REASON_NONE when it need not, when the handle acts as
 * root, and for a disabled actor (which holds nothing either). */
enum pwpol_status pwpol_store_actor_reason(const pwpol_store *s, enum pwpol_change_reason *why);
/* What the last pwpol_account_change or _init_with on s did besides what
 * was asked, for the face to say to the person ("" when nothing): a
 * change of a system account that held the factory default names the
 * other system accounts set with it. */
const char *pwpol_store_notice(const pwpol_store *s);
/* "root" when the handle acts as root of this machine, else the actor. */
const char *pwpol_store_actor(const pwpol_store *s);
/* Whether the actor holds every permission in perms: OK, or
 * PWPOL_NOT_PERMITTED with the sentence in why (may be NULL). For a face
 * deciding what to offer; the calls above ask by themselves. */
enum pwpol_status pwpol_store_permits(const pwpol_store *s, unsigned perms, char *why,
                                      size_t whylen);

/* SSR's `enabled` flag: a disabled account's login is refused as a wrong
 * password is (same answer, same time, no failure counted). Needs
 * admin-control. ENOENT for an unknown account; REJECTED (the sentence in
 * pwpol_store_error) for the last enabled account whose class holds
 * admin-control under p. */
enum pwpol_status pwpol_account_set_enabled(pwpol_store *s, const pwpol_policy *p, const char *name,
                                            int enabled, time_t now);
/* Gives an account a class. EINVAL for a name longer than
 * PWPOL_CLASS_NAME_MAX - 1 bytes or not a class p knows (an unknown one
 * would hold no permission: a typo, not a choice). Needs admin-control.
 * REJECTED (the sentence in pwpol_store_error) when it would take
 * admin-control from the last enabled account that holds it. */
enum pwpol_status pwpol_account_set_class(pwpol_store *s, const pwpol_policy *p, const char *name,
                                          const char *cls, time_t now);

/* ------------------------------------------------------------------ */
/* Per-account aging (shadow(5), chage(1)) and moving in               */
/* ------------------------------------------------------------------ */

/* "min-days", "max-days", "warn-days", "inactive", "expire-date". */
const char *pwpol_aging_field_name(enum pwpol_aging_field f);
/* Sets one figure (PWPOL_AGING_UNSET removes it). How an account's figure
 * meets the policy's: the stricter wins (the larger minimum, the earlier
 * expiry); under a standard's profile a maximum above the standard's
 * maximum-lifetime is REJECTED (the sentence in pwpol_store_error), as is
 * one that never expires. EINVAL for a figure outside -1..99999. Needs
 * admin-control. */
enum pwpol_status pwpol_account_set_aging(pwpol_store *s, const pwpol_policy *p, const char *name,
                                          enum pwpol_aging_field f, long value, time_t now);
/* Calls fn for every account whose own maximum (max-days, below 10000)
 * is above the maximum-lifetime a standard's profile holds ("stig-rhel9":
 * 60), so that an auditor sees it (`config check --against`); the commit
 * of a standard's profile warns of the same. The policy's figure applies
 * to them all the same (the stricter wins). EINVAL for a name that is no
 * standard; none for a standard without a maximum. Needs admin. */
enum pwpol_status pwpol_aging_against(pwpol_store *s, const char *standard,
                                      int (*fn)(const char *name, long max_days, long standard_max,
                                                void *ctx),
                                      void *ctx);
/* Whether a login warns that one account's password expires: 1, with
 * *days the whole days left (rounded up), when a->expires (0: never) is at
 * most a->warn_days ahead of now and not yet past; else 0. */
int pwpol_account_expiry_warning(const struct pwpol_account_info *a, time_t now, long *days);
/* passwd -e: the password must be changed at the next login. */
enum pwpol_status pwpol_account_expire(pwpol_store *s, const pwpol_policy *p, const char *name,
                                       time_t now);

/* One account brought from another system (shadow(5), a Junos
 * configuration). */
struct pwpol_import {
	size_t size; /* PWPOL_IMPORT_INIT(...): the same in every element of in[] */
	const char *name;
	const char *hash;          /* crypt(3) hash, kept as it is */
	time_t changed;            /* when the password was set */
	unsigned flags;            /* enum pwpol_account_flag (MUST_CHANGE: shadow's day 0) */
	int disabled;              /* locked there (`!` before the hash): disabled here */
	const char *account_class; /* NULL: as pwpol_account_add gives */
	struct pwpol_aging aging;  /* PWPOL_AGING_UNSET where the source had none */
};
#define PWPOL_IMPORT_INIT(...)                                                                     \
	{                                                                                          \
		.size = sizeof(struct pwpol_import), __VA_ARGS__                                   \
	}
/* What became of one pwpol_import. */
struct pwpol_import_result {
	size_t size;          /* res[0]'s (PWPOL_IMPORT_RESULT_INIT()) is every element's */
	enum pwpol_status st; /* OK imported, EEXIST already there, REJECTED not a username
	                       * pwpol takes (findings in r), EINVAL a hash pwpol cannot use */
	int expired;          /* arrived expired: its password must change at the first login */
	int account_expired;  /* arrived past its expiry date or inactive period: refused */
	int rehash;           /* a format weaker than the policy's: rehashed at its next login */
};
#define PWPOL_IMPORT_RESULT_INIT(...)                                                              \
	{                                                                                          \
		.size = sizeof(struct pwpol_import_result), __VA_ARGS__                            \
	}
/* Imports n accounts in one write transaction: either every one that can
 * be imported is, or (a store error, or dry_run=1) none. The policy's
 * maximum-lifetime counts from the import (adopted), as a commit's does,
 * so that taking accounts over expires none at once; the account's own
 * maximum counts from its last change, as it did there. res[i] says what
 * became of in[i]; r (may be NULL) gets the last username findings. Needs
 * admin-control. The arrays are of the caller's structs (pwpol.h, before
 * the status codes): in[0].size is the size of each element of in[],
 * every one's the same (else EINVAL, nothing done), and res[0].size the
 * size of each element of res[], every one filled as far as it. */
enum pwpol_status pwpol_account_import_many(pwpol_store *s, const pwpol_policy *p,
                                            const struct pwpol_import *in, size_t n, int dry_run,
                                            time_t now, struct pwpol_import_result *res,
                                            pwpol_report *r);
/* An account's earlier hashes from another system (pam_pwhistory's
 * opasswd), oldest first, added to its history before what it holds and
 * trimmed to what minimum-reuse keeps. ENOENT if no such account, EINVAL
 * for a hash pwpol cannot use (nothing added). Needs admin-control. */
enum pwpol_status pwpol_account_history_import(pwpol_store *s, const pwpol_policy *p,
                                               const char *name, const char *const *hashes,
                                               size_t n, time_t now);
/* One account as it leaves for another system (export). Holds hashes. */
struct pwpol_export {
	const char *name;
	const char *hash;
	time_t changed;
	unsigned flags;
	int disabled;
	const char *account_class;
	struct pwpol_aging aging;
	const char *const *history; /* earlier hashes, oldest first */
	size_t history_n;
};
/* Calls fn for every account in name order, hashes and history included;
 * stops early if fn returns non-zero. Needs admin-control. */
enum pwpol_status pwpol_account_export(pwpol_store *s,
                                       int (*fn)(const struct pwpol_export *, void *), void *ctx);

/* The files of today's stack that `config import` reads. */
enum pwpol_foreign_kind {
	PWPOL_FOREIGN_PWQUALITY = 0, /* pam_pwquality's pwquality.conf (and .conf.d/ drop-ins) */
	PWPOL_FOREIGN_FAILLOCK,      /* pam_faillock's faillock.conf */
	PWPOL_FOREIGN_PWHISTORY,     /* pam_pwhistory's pwhistory.conf */
	PWPOL_FOREIGN_LOGIN_DEFS,    /* shadow's login.defs */
	PWPOL_FOREIGN_COUNT
};
/* "pwquality", "faillock", "pwhistory", "login.defs". */
enum pwpol_status pwpol_foreign_kind_by_name(const char *name, enum pwpol_foreign_kind *out);
const char *pwpol_foreign_kind_name(enum pwpol_foreign_kind k);
/* One setting of such a file and the pwpol statement that enforces it. */
struct pwpol_foreign_setting {
	const char *where;   /* "FILE:LINE", or "default": the tool's own when the file is silent */
	const char *key;     /* as written: "minlen", "PASS_MAX_DAYS" */
	const char *value;   /* "" for a word alone */
	const char *section; /* "password" or "lockout" of system login, with statement */
	char statement[96];  /* "minimum-length 15", "no-maximum-lifetime"; "" for none */
	const char *reason;  /* with none: why; else a note, or NULL */
	char note[160];      /* room for a reason made for this value */
};
/* Calls fn for every setting of the file at path, in order (then the
 * pwquality.conf.d/ drop-ins, then the tool's defaults the files left
 * unset); stops early if fn returns non-zero. The statements are for
 * the junos profile, which adds no rule of its own. EINVAL with a
 * sentence in err when the file cannot be read. */
enum pwpol_status pwpol_foreign_read(enum pwpol_foreign_kind kind, const char *path,
                                     int (*fn)(const struct pwpol_foreign_setting *, void *),
                                     void *ctx, char *err, size_t errlen);

/* One user of a Junos configuration (`system login user NAME`). */
struct pwpol_junos_user {
	const char *name;
	const char *account_class; /* `class`, or "" */
	const char *full_name;     /* `full-name`, or "" */
	long uid;                  /* `uid`, or -1 */
	const char *hash;          /* `authentication encrypted-password`, or "" */
	unsigned line;             /* where the configuration names it first */
};
/* Reads a Junos configuration (the hierarchy, `set` lines, or both, with
 * the lexer of pwpol_config_parse): fn gets every user that is neither
 * deleted nor inactive, in the order first named; *policy (when policy is
 * not NULL; caller frees) gets its `system login password`,
 * `retry-options` and class permissions as `set` lines, which
 * pwpol_config_parse reads. EINVAL with the errors in *errs for a text
 * the lexer refuses. */
enum pwpol_status pwpol_junos_read(const char *text, size_t len, const char *name,
                                   int (*fn)(const struct pwpol_junos_user *, void *), void *ctx,
                                   char **policy, pwpol_config_errors **errs);

/* ------------------------------------------------------------------ */
/* Compliance: a policy against a standard                             */
/* ------------------------------------------------------------------ */

/* One requirement of a standard and where a policy stands against it. */
struct pwpol_requirement {
	const char *id;      /* the standard's: "RHEL-09-611090", "SP 800-63B-4 3.1.1.2" */
	const char *text;    /* what it asks, for a person */
	enum pwpol_opt opt;  /* the statement that meets it */
	char statement[320]; /* that statement as the policy holds it: "minimum-length 15" */
	const char *source;  /* where its value came from ("FILE:LINE"); NULL: the profile */
	int met;             /* 1 if the policy meets it */
};

/* Calls fn for every requirement of a standard, named as its profile
 * ("nist-800-63b", "stig-rhel9", "stig-srx-ndm"), in the standard's order,
 * with where p stands; stops early if fn returns non-zero. *unmet (may be
 * NULL) gets how many p does not meet. EINVAL for a name that is no
 * standard. A policy of that profile meets every one (its commit check). */
enum pwpol_status pwpol_compliance_check(const pwpol_policy *p, const char *standard,
                                         int (*fn)(const struct pwpol_requirement *, void *),
                                         void *ctx, unsigned *unmet);

/* ------------------------------------------------------------------ */
/* A fleet: what the conductor asks of the store (pwpol(1) conductor)  */
/* ------------------------------------------------------------------ */

/* The fleet-wide uid (and gid: each account has a group of its own) of
 * account `name`: given at the first ask from lo..hi, the one after every
 * uid given so far, and never given to another name again (a name keeps
 * its uid, even deleted and made again). ENOENT for a name that is no
 * account and was given none; ESYSTEM (the sentence in pwpol_store_error)
 * when the range is used up. */
enum pwpol_status pwpol_fleet_id(pwpol_store *s, const char *name, unsigned lo, unsigned hi,
                                 time_t now, unsigned *id);
/* The name that was given uid `id` (ENOENT: none). */
enum pwpol_status pwpol_fleet_id_name(pwpol_store *s, unsigned id, char *name, size_t len);
/* The fleet's shared state, so that several conductors over one store
 * serve one fleet (layout 10; a conductor's, never a node's): rows of a
 * key (at most 200 bytes) and a value, with an expiry (0: none). get: the
 * value of a live row (malloc'd, *value), ENOENT for none; put: EEXIST
 * when the key is there and replace is 0 (the first of two writers wins);
 * take: deletes a live row at once (of two takers one gets OK, the other
 * ENOENT), and every expired row; each: the live and expired rows whose
 * key starts with prefix, in key order, until fn returns non-zero. */
enum pwpol_status pwpol_fleet_state_get(pwpol_store *s, const char *key, time_t now, char **value);
enum pwpol_status pwpol_fleet_state_put(pwpol_store *s, const char *key, const char *value,
                                        time_t expires, int replace);
enum pwpol_status pwpol_fleet_state_take(pwpol_store *s, const char *key, time_t now);
enum pwpol_status pwpol_fleet_state_each(pwpol_store *s, const char *prefix,
                                         int (*fn)(const char *key, const char *value,
                                                   time_t expires, void *ctx),
                                         void *ctx);
/* Failed logins a node counted while the conductor was away, counted now
 * one by one as failed logins at `now` (the lock at maximum-failed-
 * attempts, failure-interval, the audit); none for a disabled or locked
 * account, as a login would count none. ENOENT for an unknown name. */
enum pwpol_status pwpol_account_note_failures(pwpol_store *s, const pwpol_policy *p,
                                              const char *name, unsigned n, time_t now);

/* ------------------------------------------------------------------ */
/* Audit                                                               */
/* ------------------------------------------------------------------ */

/* Security events go to syslog (facility authpriv) unless a sink is set;
 * a sink receives every event instead (tests, embedding programs). Events
 * never hold a password or a hash. */
typedef void (*pwpol_audit_sink)(int priority, const char *message, void *ctx);
void pwpol_audit_set_sink(pwpol_audit_sink fn, void *ctx);
/* Where the calls of this thread come from, e.g. "service=sshd rhost=h
 * tty=ssh", added to each event until set again (NULL: nothing). A face
 * sets it so that one happening is one event with its origin. */
void pwpol_audit_set_origin(const char *origin);

/* ------------------------------------------------------------------ */
/* Generation                                                          */
/* ------------------------------------------------------------------ */

/* A new password that p takes for username (NULL: no username rule),
 * blocklist included, drawn from the kernel's random source: 16 characters
 * of 76 (letters, digits, !#%+,-./=?@^_~) or the effective minimum length
 * if longer, the class minimums met; with passphrase, words of libpasswdqc's
 * word list (passwdqc_random, 64 bits). Into out (outlen bytes, at least
 * PWPOL_INPUT_MAX + 1 for a passphrase), NUL-terminated; *bits: the
 * entropy of the draw in bits. OK; REJECTED if no draw met p (the last
 * one's findings in r: a policy that asks what the generator cannot draw);
 * ESYSTEM if no random bytes could be had or the blocklist cannot be read.
 * The caller wipes out (pwpol_wipe). */
enum pwpol_status pwpol_generate(const pwpol_policy *p, const char *username, int passphrase,
                                 char *out, size_t outlen, int *bits, pwpol_report *r);

/* ------------------------------------------------------------------ */
/* Strength estimate (zxcvbn)                                          */
/* ------------------------------------------------------------------ */

/* What made a password guessable, as zxcvbn finds it. */
enum pwpol_pattern {
	PWPOL_PATTERN_DICTIONARY,      /* a word of its dictionaries (also names, passwords) */
	PWPOL_PATTERN_DICTIONARY_LEET, /* one with substitutions: p@ssw0rd */
	PWPOL_PATTERN_USERNAME,
	PWPOL_PATTERN_REPEAT,   /* aaa, abcabc */
	PWPOL_PATTERN_SEQUENCE, /* abc, 6543 */
	PWPOL_PATTERN_KEYBOARD, /* qwerty, zxcvbn: a walk on the keyboard */
	PWPOL_PATTERN_DATE,
	PWPOL_PATTERN_YEAR,
	PWPOL_PATTERN_COUNT
};
const char *pwpol_pattern_name(enum pwpol_pattern k); /* "keyboard walk", ... */

#define PWPOL_SCORE_PATTERNS 8
struct pwpol_score {
	size_t size; /* PWPOL_SCORE_INIT() */
	int score;   /* zxcvbn's 0 (too guessable) .. 4 (very unguessable) */
	double bits; /* log2 of the guesses zxcvbn estimates */
	size_t npatterns;
	struct {
		enum pwpol_pattern kind;
		int begin, length; /* where, in characters from 0 (never the text itself) */
	} pattern[PWPOL_SCORE_PATTERNS];
};
#define PWPOL_SCORE_INIT(...)                                                                      \
	{                                                                                          \
		.size = sizeof(struct pwpol_score), __VA_ARGS__                                    \
	}

/* zxcvbn's estimate of pw (libzxcvbn, opened at the first call: see
 * lib/rules/score.c), username among the words it knows. OK; EINVAL for input
 * over PWPOL_INPUT_MAX or holding NUL; ESYSTEM if libzxcvbn.so.0 is not
 * installed. */
enum pwpol_status pwpol_score(const char *pw, size_t len, const char *username,
                              struct pwpol_score *out) PWPOL_SIZED_OUT(4);
/* The estimate as a person reads it beside a password's rules: the score,
 * the bits and how long its guesses would take an attacker holding the
 * hash, at zxcvbn's 10,000 guesses a second ("score 3 of 4 (32 bits):
 * guessed in about 5 days at 10,000 guesses a second"). As for a rule's
 * sentence: the English template ({score}, {bits}, {count}, {one|more}),
 * the msgid of its translation in gettext's "pwpol" domain, and the
 * sentence made from it (or from its translation). Return the length
 * snprintf would. */
const char *pwpol_score_template(const struct pwpol_score *sc);
int pwpol_score_message_from(const struct pwpol_score *sc, const char *template, char *buf,
                             size_t len);
int pwpol_score_message(const struct pwpol_score *sc, char *buf, size_t len);

/* ------------------------------------------------------------------ */
/* API tokens: a script acting as an account                          */
/* ------------------------------------------------------------------ */

/* A token as pwpol_token_add writes it: "pwpol_" and 64 hex digits. */
#define PWPOL_TOKEN_LEN      70
#define PWPOL_TOKEN_HASH_HEX 64
struct pwpol_token_info {
	char account[64]; /* the account it acts as */
	time_t created;
};
/* Makes the token of `account` (one per account: EEXIST while it has one)
 * into token (cap > PWPOL_TOKEN_LEN), shown to the caller once: the store
 * keeps its SHA-256 alone. Needs admin-control (an account's own too).
 * ENOENT for no such account. Deleting the account revokes it. */
enum pwpol_status pwpol_token_add(pwpol_store *s, const char *account, time_t now, char *token,
                                  size_t cap);
/* ENOENT when the account has none. Needs what pwpol_token_add needs. */
enum pwpol_status pwpol_token_revoke(pwpol_store *s, const char *account, time_t now);
/* Every account that has a token, in name order. Needs admin. */
enum pwpol_status pwpol_token_each(pwpol_store *s,
                                   int (*fn)(const struct pwpol_token_info *, void *), void *ctx);
/* The account a presented token acts as (then pwpol_store_act_as it), in
 * a time that does not depend on how near a guess came; ENOENT for a token
 * that is none. Needs no permission: it is how a face learns who acts. */
enum pwpol_status pwpol_token_account(pwpol_store *s, const char *token, size_t len, char *account,
                                      size_t cap);

#ifdef __cplusplus
}
#endif
#endif
