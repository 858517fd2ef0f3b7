/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * internal.h - the ground of the library, below every wing and seen by
 * all of them (the faces never see it): the report, the private statuses,
 * wiping, the list of configuration errors, and the audit. Each wing has a
 * door of its own that includes the door below it (HACKING.md, "The
 * wings"): policy.h, hash.h, text.h, rules.h, store.h, account.h, config.h.
 */
#ifndef PWPOL_INTERNAL_H
#define PWPOL_INTERNAL_H

#include "pwpol.h"

/* A sentence a person reads, for xgettext (domain "pwpol", po/): kept in
 * English here, translated by the faces that show it. */
#define N_(s) s

#include <stdint.h>
#include <string.h>
#include <sys/types.h>

/* At most one finding per rule, so a report never allocates after _new. */
struct pwpol_report {
	size_t n;
	struct pwpol_finding f[PWPOL_RULE_COUNT];
	const char *account[PWPOL_RULE_COUNT]; /* pwpol_report_account */
};

/* report.c: appends a finding (the library's files only; faces read). */
enum pwpol_status pwpol__report_add(pwpol_report *r, enum pwpol_rule rule, enum pwpol_severity sev,
                                    long need, long have);

/* The statuses the library's files pass among themselves, never to a
 * caller: one enum, so that no two share a value, all above any public
 * status. Each is handed on as an enum pwpol_status (PWPOL__RETRY ...). */
enum pwpol__status {
	/* The record moved while a writer worked on it; start over. */
	PWPOL__S_RETRY = 0x100,
	/* The account is disabled; answered to the caller as a wrong password
	 * (REJECTED), after the same work, with nothing counted. */
	PWPOL__S_DISABLED,
	/* The lean pass cannot say; the general path does, from the start
	 * (rules/quality.h). */
	PWPOL__S_NOT_LEAN,
	/* Input for the general path: not printable ASCII, or an input error
	 * (rules/quality-ascii.c). */
	PWPOL__S_GENERAL,
};
#define PWPOL__RETRY    ((enum pwpol_status)PWPOL__S_RETRY)
#define PWPOL__DISABLED ((enum pwpol_status)PWPOL__S_DISABLED)
#define PWPOL__NOT_LEAN ((enum pwpol_status)PWPOL__S_NOT_LEAN)
#define PWPOL__GENERAL  ((enum pwpol_status)PWPOL__S_GENERAL)

/* Wiping with the size got right (as Linux-PAM's pam_inline.h does it):
 * an array by its own size, which fails to compile when handed a pointer
 * (whose sizeof is 8, the classic slip); an object through a pointer to
 * it; a NUL-terminated string by its length. pwpol_wipe (report.c) is
 * what they call. */
#define PWPOL__MUST_BE_ARRAY(a)                                                                    \
	(sizeof(char[1 - 2 * __builtin_types_compatible_p(__typeof__(a), __typeof__(&(a)[0]))]) - 1)
#define pwpol__wipe_array(a)  pwpol_wipe((a), sizeof(a) + PWPOL__MUST_BE_ARRAY(a))
#define pwpol__wipe_object(p) pwpol_wipe((p), sizeof *(p))
#define pwpol__wipe_string(s)                                                                      \
	do {                                                                                       \
		char *pwpol__s_ = (s);                                                             \
		if (pwpol__s_)                                                                     \
			pwpol_wipe(pwpol__s_, strlen(pwpol__s_));                                  \
	} while (0)

/* A time every decision takes (`now`, a stored time): 1970 to the end
 * of 9999 (PWPOL_TIME_MAX), so that no sum of a time and a lifetime
 * overflows. */
static inline int pwpol__time_ok(time_t now)
{
	return now >= 0 && (long long)now <= PWPOL_TIME_MAX;
}

/* abi.c: the structs a caller allocates, which begin with `size_t size`
 * (pwpol.h, before the status codes). pwpol__struct_in reads the caller's
 * src into dst, the library's layout of ours bytes: the caller's size
 * bytes, 0 past them. EINVAL for a size that holds no member, or a larger
 * one with a byte past ours that is not 0. dst->size is then ours. */
enum pwpol_status pwpol__struct_in(void *dst, size_t ours, const void *src);
/* pwpol__struct_out writes src (the library's layout, ours bytes, its
 * size member unread) into the caller's dst: no byte past the smaller of
 * dst's size and ours, and dst's size set to what was written. EINVAL,
 * nothing written, for a size that holds no member. */
enum pwpol_status pwpol__struct_out(void *dst, const void *src, size_t ours);
/* The same into an element of the caller's array, whose size (theirs) is
 * its first element's: the element itself may not hold one yet. */
enum pwpol_status pwpol__struct_put(void *dst, size_t theirs, const void *src, size_t ours);
/* 1 if p is not NULL and its size holds a member (an out-parameter,
 * checked before any work is done for it). */
int pwpol__struct_ok(const void *p);
#define PWPOL__IN(dst, src)  pwpol__struct_in((dst), sizeof *(dst), (src))
#define PWPOL__OUT(dst, src) pwpol__struct_out((dst), (src), sizeof *(src))

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

/* trust.c: opens path (flags: O_RDONLY, O_RDWR, O_CREAT...) only
 * when no other user could have written it or a directory above it; the
 * descriptor, or -1 with errno (ENOENT, ELOOP: a link, EPERM: refused) and
 * a sentence in why. Read the descriptor, never the name again. */
int pwpol__open_trusted(const char *path, int flags, char *why, size_t n);

/* trust.c: what a file that is not a regular one is, for a sentence
 * ("a directory", "a FIFO", ...). */
const char *pwpol__file_kind(mode_t m);

/* trust.c: 1 when the process environment may choose a PostgreSQL
 * server, its options and files: not in a setuid or setgid program, nor
 * after pwpol_set_hosted (a PAM module). */
int pwpol__env_trusted(void);
/* trust.c: 1 after pwpol_set_hosted (inside a PAM host). */
int pwpol__hosted(void);

/* audit.c: one security event (syslog priority LOG_NOTICE, LOG_WARNING...)
 * to syslog (facility authpriv) or to the sink. Never a password or hash. */
void pwpol__audit(int prio, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The Linux audit record of an account's administration, as shadow's
 * useradd sends it (libaudit's audit_log_acct_message: type, op such as
 * "add-user", the account, success or failure), where the kernel has audit
 * and the process may write to it; nothing otherwise (audit.c). The types
 * are the kernel's (libaudit.h). */
#define PWPOL__AUDIT_USER_MGMT           1102
#define PWPOL__AUDIT_USER_CHAUTHTOK      1108
#define PWPOL__AUDIT_ADD_USER            1114
#define PWPOL__AUDIT_DEL_USER            1115
#define PWPOL__AUDIT_ACCT_LOCK           1135
#define PWPOL__AUDIT_ACCT_UNLOCK         1136
#define PWPOL__AUDIT_ROLE_ASSIGN         2301
#define PWPOL__AUDIT_ANOM_LOGIN_FAILURES 2100
#define PWPOL__AUDIT_RESP_ACCT_LOCK      2207
void pwpol__audit_acct(int type, const char *op, const char *name, int ok);
/* audit.c: 1 while this thread's calls come from a client a face named
 * (pwpol_audit_set_origin: the web, a PAM service). */
int pwpol__audit_has_origin(void);

#endif
