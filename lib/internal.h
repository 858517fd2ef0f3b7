/*
 * internal.h - what the library's files share and the faces never see: the
 * layout of the policy and the report, and the helpers between files.
 */
#ifndef PWPOL_INTERNAL_H
#define PWPOL_INTERNAL_H

#include "pwpol.h"

#include <stdint.h>

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

#define PWPOL__NO_TIMESTAMP ((time_t)PWPOL_TIME_MAX)

/* The spellings of one figure: our `system login password`/`lockout`,
 * Junos `system login retry-options`, SSR `authority password-policy`. */
enum pwpol__dialect { PWPOL__DIALECT_OURS, PWPOL__DIALECT_JUNOS, PWPOL__DIALECT_SSR };
/* permit.c: a Junos permission word: 1 if known, *bits what pwpol acts on
 * (`all` is both; the other words none). */
int pwpol__permission_word(const char *w, unsigned *bits);

/* At most one finding per rule, so a report never allocates after _new. */
struct pwpol_report {
	size_t n;
	struct pwpol_finding f[PWPOL_RULE_COUNT];
	const char *account[PWPOL_RULE_COUNT]; /* pwpol_report_account */
};

/* A status the library's files pass among themselves, never to a caller:
 * the record moved while a writer worked on it; start over. */
#define PWPOL__RETRY ((enum pwpol_status)0x100)
/* And: the account is disabled; answered to the caller as a wrong
 * password (REJECTED), after the same work, with nothing counted. */
#define PWPOL__DISABLED ((enum pwpol_status)0x101)

/* errors.c: a growing list of error sentences (pwpol_config_errors);
 * warnings go to the same list, marked, and fail nothing. */
enum pwpol_status pwpol__config_msg(pwpol_config_errors **e, int warning, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
#define pwpol__errors_add(e, ...)   pwpol__config_msg((e), 0, __VA_ARGS__)
#define pwpol__warnings_add(e, ...) pwpol__config_msg((e), 1, __VA_ARGS__)
/* A note is a warning that only a check or a commit tells (the blocks a
 * text passes over), dropped where a policy is merely loaded for use. */
#define pwpol__notes_add(e, ...) pwpol__config_msg((e), 2, __VA_ARGS__)
void pwpol__config_drop_notes(pwpol_config_errors *e);

/* store-trust.c: opens path (flags: O_RDONLY, O_RDWR, O_CREAT...) only
 * when no other user could have written it or a directory above it; the
 * descriptor, or -1 with errno (ENOENT, ELOOP: a link, EPERM: refused) and
 * a sentence in why. Read the descriptor, never the name again. */
int pwpol__open_trusted(const char *path, int flags, char *why, size_t n);

/* store.c: 1 when the process environment may choose a PostgreSQL
 * server, its options and files: not in a setuid or setgid program, nor
 * after pwpol_set_hosted (a PAM module). */
int pwpol__env_trusted(void);

/* audit.c: one security event (syslog priority LOG_NOTICE, LOG_WARNING...)
 * to syslog (facility authpriv) or to the sink. Never a password or hash. */
void pwpol__audit(int prio, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* quality.c: pwpol_check without its printable-ASCII path (the tests
 * hold the two paths to the same verdicts). The report is not cleared. */
enum pwpol_status pwpol__check_general(const pwpol_policy *p, const char *pw, size_t len,
                                       const char *username, const char *old, size_t oldlen,
                                       pwpol_report *r);

/* blocklist.c: the `blocklist` statement over libpasswdqc's filter
 * lookup. check: *listed = 1 if the password (as typed, case folded, or
 * with the username taken out) is in the file; ESYSTEM if the file cannot
 * be read, ENOMEM. commit_check: OK, or EINVAL with a sentence in why. */
enum pwpol_status pwpol__blocklist_check(const char *path, const char *pw, size_t len,
                                         const char *username, int *listed);
enum pwpol_status pwpol__blocklist_commit_check(const char *path, char *why, size_t whylen);
/* config-write.c: one statement as the hierarchy spells it, without
 * indentation ("minimum-length 12;", "no-username-check;"). */
void pwpol__config_statement(const pwpol_policy *p, enum pwpol_opt o, char *buf, size_t n);
/* config-write.c: the blocks `config show` writes, in order, each in its
 * dialect; the statements a block may hold, in the order written; and
 * where p's statement o goes (PWPOL__W_NONE: nowhere, e.g. a retry-options
 * statement when retry-options is not configured), spelled into buf. */
enum pwpol__where {
	PWPOL__W_PASSWORD,
	PWPOL__W_LOCKOUT,
	PWPOL__W_RETRY,
	PWPOL__W_AUTHORITY,
	PWPOL__W_NONE
};
const char *pwpol__config_header(enum pwpol__where w); /* "[edit system login password]" */
size_t pwpol__config_block_opts(enum pwpol__where w, enum pwpol_opt list[PWPOL_OPT_COUNT]);
enum pwpol__where pwpol__config_where(const pwpol_policy *p, enum pwpol_opt o, char *buf, size_t n);

/* config-store.c: the store's active configuration as a policy (first
 * settling an overdue commit confirmed); ENOENT if it has none. `used`
 * gets "commit N". */
enum pwpol_status pwpol__policy_from_store(pwpol_store *s, time_t now, pwpol_policy **out,
                                           pwpol_config_errors **errs, char *used, size_t usedlen);

/* compliance.c: 1 if name is a standard's profile; the commit check of a
 * policy of such a profile: an error for each requirement it does not
 * meet (EINVAL), naming the requirement. */
int pwpol__is_standard(const char *name);
/* policy.c: 1 if a profile is a standard's (its figures held at commit),
 * for the files below the compliance table (account-aging.c). */
int pwpol__profile_is_standard(const char *name);
enum pwpol_status pwpol__compliance_commit_check(const pwpol_policy *p, pwpol_config_errors **errs);

/* policy.c: a statement's default in a profile (for `config show --sources`). */
long pwpol__opt_default(enum pwpol_opt opt, const char *profile);

/* format.c: the one table of hash formats, one row per format. Adding a
 * format is one row there and, for one libxcrypt lacks, one file giving
 * its gensalt and crypt (as hash-sha2.c gives $sha2$). */
struct pwpol__format {
	enum pwpol_format id;
	const char *name;      /* the `format` statement's value */
	const char *prefix[3]; /* recognised by any; prefix[0] is the one made ("" for DES) */
	int strength;          /* needs-rehash replaces a hash only by a stronger one */
	int made;              /* a policy may choose it */
	unsigned long count;   /* the cost made for rounds 0 (0: libxcrypt's default) */
	const char *dummy;     /* a hash of a throwaway password at that cost */
	/* Recognises the whole hash after its prefix. */
	int (*valid)(const char *rest);
	/* The work a hash or setting asks for, in `unit`; 0 if unreadable.
	 * NULL: the format has one fixed cost. */
	uint64_t (*work)(const char *rest);
	uint64_t max_work; /* import bound: about a second to verify */
	const char *unit;
	/* How many '$'-separated fields at the end hold the salt and the
	 * digest (for a dummy like a stored hash); 0: use `dummy`. */
	int salt_fields;
	/* For a format libxcrypt lacks (NULL: crypt_gensalt_rn, crypt_rn).
	 * gensalt: 1 or 0 (refused); crypt: 1, 0 (refused) or -1 (no memory). */
	int (*gensalt)(unsigned long count, char *out, size_t outlen);
	int (*crypt)(const char *phrase, const char *setting, char *out, size_t outlen);
};

/* The row of a format, NULL for UNKNOWN. */
const struct pwpol__format *pwpol__format_get(enum pwpol_format f);
/* The row whose prefix a hash (or setting) starts with, NULL if none; *rest
 * is what follows the prefix. Nothing past the prefix is checked. */
const struct pwpol__format *pwpol__format_find(const char *hash, const char **rest);
/* 1 if a hash of that row asks for more work than its import bound (or
 * its cost cannot be read); *work gets the work read. */
int pwpol__format_too_costly(const struct pwpol__format *row, const char *rest, uint64_t *work);
/* A hash to verify when the user is unknown, so that the answer costs what
 * a known user's would: the format's dummy at the cost pwpol makes. The
 * sha512 one for a format pwpol does not make. */
const char *pwpol__format_dummy(enum pwpol_format f);
/* A dummy at the same format and cost as a stored hash: the hash with its
 * salt and digest blanked, so verifying it runs the same work and matches
 * no password. EINVAL for a hash pwpol_hash_identify does not know. */
enum pwpol_status pwpol__format_dummy_like(const char *hash, char *out, size_t outlen);

/* hash.c: pw hashed with a given setting (a fixed salt and cost), for
 * known-answer tests; out as for pwpol_hash. */
enum pwpol_status pwpol__hash_setting(const char *pw, size_t len, const char *setting, char *out,
                                      size_t outlen);

/* hash-sha2.c: $sha2$, the table's hooks. */
int pwpol__sha2_gensalt(unsigned long count, char *out, size_t outlen);
int pwpol__sha2_crypt(const char *phrase, const char *setting, char *out, size_t outlen);

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
/* The NFKC form of s as UTF-8 into out (cap bytes), *outlen its length:
 * OK; EEXIST when s is its own NFKC form (nothing written); EINVAL when s
 * is no text pwpol_check takes (invalid, control or invisible characters)
 * or its form is longer than cap; ENOMEM. out is wiped but on OK. */
enum pwpol_status pwpol__text_nfkc(const char *s, size_t len, char *out, size_t cap,
                                   size_t *outlen);
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
