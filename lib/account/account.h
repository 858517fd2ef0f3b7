/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * account.h - what the account files share: the helpers every lifecycle
 * decision uses (policy figures, the new hash, reuse, the write half of a
 * change), and the read-verify-recheck transaction they are built on.
 *
 * The files: account-admin.c (init, add, delete, unlock, reset, info),
 * account-login.c (authenticate and the lockout), account-change.c (the
 * user's own change and the proof of the current password),
 * account-common.c (these helpers). store.h keeps; these files decide.
 *
 * Concurrency: expensive hashing runs outside write transactions. A writer
 * reads the record, hashes, then takes the write lock, reads the record
 * again and goes on only if it is still the one it worked from; else the
 * recheck answers PWPOL__RETRY and the caller starts over, at most
 * ACCOUNT_RETRIES times. Failure counts are incremented in the store
 * itself, under that lock, so none is lost.
 */
#ifndef PWPOL_ACCOUNT_H
#define PWPOL_ACCOUNT_H

#include "store.h"

/* permit.c: a Junos permission word: 1 if known, *bits what pwpol acts on
 * (`all` is both; the other words none). */
int pwpol__permission_word(const char *w, unsigned *bits);

#include <crypt.h>

#define DAY             86400L
#define ACCOUNT_RETRIES 5
/* Serialization conflicts met by one write transaction before it gives up,
 * and the doublings of the pause between them (conflict_pause). */
#define CONFLICT_RETRIES         12
#define CONFLICT_PAUSE_DOUBLINGS 6
/* The longest password crypt takes: its limit counts the NUL. */
#define PHRASE_MAX (CRYPT_MAX_PASSPHRASE_SIZE - 1)
/* admin, root and t128: set together by init. */
#define SYSTEM_ACCOUNTS 3
extern const char *const pwpol__system_accounts[SYSTEM_ACCOUNTS];
/* The index of a system account's name in pwpol__system_accounts, or -1. */
int pwpol__system_index(const char *name);
/* "admin", "root, t128", ...: the system accounts of a mask (bit i for
 * pwpol__system_accounts[i]); NULL for 0. */
const char *pwpol__system_names(unsigned mask);
/* One password judged for several system accounts (each[i] for those whose
 * bit is in judged) into `to`: each rule once, naming the accounts that
 * break it (pwpol_finding.account) when not every judged one does. */
void pwpol__report_merge_system(pwpol_report *to, const pwpol_report *each, unsigned judged);

/* 1 while a's lock holds at now; a lock to PWPOL_TIME_MAX always holds. */
int pwpol__locked(const struct pwpol__account *a, time_t now);
/* s->ops->get, with the record's times held to PWPOL_TIME_MAX: a record
 * outside it is a damaged store (ESYSTEM), never arithmetic. */
enum pwpol_status pwpol__get(pwpol_store *s, const char *name, struct pwpol__account *out);

enum pwpol_format pwpol__policy_format(const pwpol_policy *p);
/* A name the store can hold; longer ones cannot exist. */
int pwpol__name_ok(const char *name);
void pwpol__wipe_account(struct pwpol__account *a);
/* When a password's age starts for minimum- and maximum-lifetime: when it
 * was set, or the commit that brought minimum-reuse into force if that is
 * later (Junos), so that committing maximum-lifetime expires no old
 * password at once. */
time_t pwpol__age_start(const pwpol_policy *p, const struct pwpol__account *a);
int pwpol__expired(const pwpol_policy *p, const struct pwpol__account *a, time_t now);
enum pwpol_change_reason pwpol__change_reason(const pwpol_policy *p, const struct pwpol__account *a,
                                              time_t now);
/* account-aging.c: the account's own figure f, or PWPOL_AGING_UNSET. */
long pwpol__aging(const struct pwpol__account *a, enum pwpol_aging_field f);
void pwpol__aging_out(const struct pwpol__account *a, struct pwpol_aging *out);
/* When the password expires: the earlier of the account's own maximum and
 * the policy's; PWPOL__NO_TIMESTAMP when neither sets one. */
time_t pwpol__expires(const pwpol_policy *p, const struct pwpol__account *a);
/* The minimum lifetime in force, in days: the larger of the two. */
long pwpol__min_days(const pwpol_policy *p, const struct pwpol__account *a);
/* 1 (with its figure and the password's age) while the account's own
 * minimum holds a change back, as shadow does. */
int pwpol__own_min_refused(const struct pwpol__account *a, time_t now, long *days, long *age);
/* expires + the account's inactive days (0: none). */
time_t pwpol__inactive_from(const pwpol_policy *p, const struct pwpol__account *a);
/* 1 when the account's expiry date or inactive period has passed. */
int pwpol__account_expired(const pwpol_policy *p, const struct pwpol__account *a, time_t now);
/* Older hashes a change keeps: what minimum-reuse needs. */
size_t pwpol__history_keep(const pwpol_policy *p);
/* Copies every finding of `from` into `to`. */
void pwpol__report_merge(pwpol_report *to, const pwpol_report *from);
int pwpol__report_has_error(const pwpol_report *r);
/* Quality of a new password for `name`, into r (cleared); too-long when
 * crypt could not take it although the policy would. */
enum pwpol_status pwpol__check_quality(const pwpol_policy *p, const char *pw, size_t len,
                                       const char *name, const char *old, size_t oldlen,
                                       pwpol_report *r);
/* A password as its hashes are made, NFKC (NIST SP 800-63B): into out
 * (PHRASE_MAX bytes), *n its length; 1 when that form differs from pw, 0
 * when pw serves as it is (its own form, or no text NFKC applies to, or a
 * form crypt could not take). out is wiped but on 1. */
int pwpol__password_form(const char *pw, size_t len, char *out, size_t *n);
/* pwpol_verify of a password against a stored hash: its NFKC form, and
 * the raw bytes too when they differ (hashes made before NFKC keep
 * working). Both always run: an answer costs one hash, or two when the
 * form differs, whatever the account and whatever the verdict. */
enum pwpol_status pwpol__verify_password(const char *pw, size_t len, const char *hash);
/* pwpol_hash of a password's NFKC form. out holds PWPOL_HASH_MAX. */
enum pwpol_status pwpol__hash_password(enum pwpol_format f, const char *pw, size_t len, char *out);
/* A password given to login: what crypt can take. */
int pwpol__login_input_ok(const char *pw, size_t len);
/* The new hash for a secret: made in the policy's format, or a given hash
 * checked to be one we know. out holds PWPOL_HASH_MAX. */
enum pwpol_status pwpol__make_hash(const pwpol_policy *p, const struct pwpol_secret *sec,
                                   char *out);
/* Adds minimum-reuse (or factory-default) to r when pw is the current
 * password or one of those before it. OK, REJECTED (found) or ESYSTEM. */
enum pwpol_status pwpol__check_reuse(pwpol_store *s, const pwpol_policy *p,
                                     const struct pwpol__account *a, const char *pw, size_t len,
                                     pwpol_report *r);
/* Inside a write transaction: the old hash to the history (trimmed to what
 * minimum-reuse needs) when keep_old, then the new record. */
enum pwpol_status pwpol__store_new_hash(pwpol_store *s, const pwpol_policy *p,
                                        struct pwpol__account *a, const char *hash, unsigned flags,
                                        time_t now, int keep_old);
/* pwpol__finish, and PWPOL__RETRY where the engine refused the
 * transaction for meeting a concurrent one (s->conflict). */
enum pwpol_status pwpol__finish_retry(pwpol_store *s, enum pwpol_status st);
/* The sentence for a record that kept moving under a writer. */
enum pwpol_status pwpol__busy(pwpol_store *s);
/* What a writer does to the rechecked record b under the write lock. */
typedef enum pwpol_status (*pwpol__decide_fn)(pwpol_store *s, struct pwpol__account *b, void *arg);
/* Takes the write lock, reads `was->name` again and, when it is still the
 * record the decision was made on, runs decide on it and commits (rolls
 * back on anything but OK). PWPOL__RETRY when the record moved: the
 * caller decides again. A transaction the engine refused for meeting a
 * concurrent one (s->conflict) runs again here, up to CONFLICT_RETRIES
 * times after a random pause: the record is the same, so the hash the
 * decision rests on need not run again. */
enum pwpol_status pwpol__on_record(pwpol_store *s, const struct pwpol__account *was,
                                   pwpol__decide_fn decide, void *arg);
/* The write half of reset and change: the new hash on the rechecked record;
 * LOCKED instead when check_lock and the account is locked. */
enum pwpol_status pwpol__commit_change(pwpol_store *s, const pwpol_policy *p,
                                       const struct pwpol__account *was, const char *hash,
                                       unsigned flags, time_t now, int check_lock);
/* 1 when failure-interval has passed since a's last counted failure: its
 * count no longer stands (the next failure starts again from 1). */
int pwpol__failures_stale(const pwpol_policy *p, const struct pwpol__account *a, time_t now);
/* A failed proof of the password on `a` (login or a change's current
 * password): counted under the lock; *locked_now is the count
 * that set the lock when it did (0 when not). */
enum pwpol_status pwpol__count_failure(pwpol_store *s, const pwpol_policy *p,
                                       const struct pwpol__account *a, time_t now, int *locked_now);
/* pwpol__count_failure, and into *after (when not NULL) the count it made. */
enum pwpol_status pwpol__count_failure_as(pwpol_store *s, const pwpol_policy *p,
                                          const struct pwpol__account *a, time_t now,
                                          int *locked_now, unsigned *after);
/* A right password's settle of the failure its proof recorded before the
 * verdict (account-login.c): the count cleared and this attempt's own lock
 * (locked_self, set at count `after`) lifted, on the rechecked record;
 * LOCKED when another attempt locked it meanwhile; PWPOL__RETRY when the
 * record moved. */
enum pwpol_status pwpol__take_back(pwpol_store *s, const struct pwpol__account *a, time_t now,
                                   unsigned after, int locked_self);
/* The answer to an attempt the store could not record: ESYSTEM with one
 * sentence whatever the account (the store's own words go to the log). */
enum pwpol_status pwpol__attempt_unrecorded(pwpol_store *s);
/* The audit event of a lock that count (locked_now) failures set; none
 * when count is 0. after names what was counted ("failed logins"). */
void pwpol__audit_lock(const pwpol_policy *p, const char *name, int count, const char *after);
/* The timing of a refusal across hash formats: one dummy verify for every
 * class (format and cost) of the store's hashes but own's (NULL: an
 * unknown name pays every class; in an empty store the policy's dummy).
 * A known account's refusal runs it after its own hash, so that every
 * refusal costs the sum of the store's classes. */
void pwpol__refusal_pad(pwpol_store *s, const pwpol_policy *p, const char *own, const char *pw,
                        size_t len);
/* What a proof of a password that counts against no account costs: the
 * synced write a counted failure makes (store.h, note_refusal), first, as
 * a failure is recorded before its verdict, then a hash as a known
 * account's would (unknown names), so that a wrong password, an unknown
 * name and a locked account answer in the same time. kind: "unknown" or
 * "service", a try the service refused itself (the hash is run here),
 * "locked" or "disabled" (the caller runs it). OK, or
 * ESYSTEM (pwpol__attempt_unrecorded) when the write failed: the attempt
 * must then not be judged. */
enum pwpol_status pwpol__refusal(pwpol_store *s, const pwpol_policy *p, const char *kind,
                                 const char *pw, size_t len);

/* account-aging.c: the commit check's warnings, inside the commit's write
 * transaction, for every account whose own maximum is above the
 * maximum-lifetime of p's standard profile (none for another profile). */
void pwpol__aging_commit_check(pwpol_store *s, const pwpol_policy *p, pwpol_config_errors **errs);

#endif
