/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * store.h - the door of the store wing (store/): the account store as
 * the account wing sees it: one record per account, a history of earlier
 * hashes, and transactions, behind a table of operations so that a
 * backend (store-sqlite.c, store-pg.c) can be added without touching the
 * decisions in account/.
 *
 * Every operation returns OK, ENOENT (no such account, where it says so),
 * ESYSTEM or ENOMEM; on ESYSTEM the backend leaves a sentence in
 * s->err (pwpol_store_error), and sets s->conflict when the failure was
 * the engine refusing a transaction that met a concurrent one (PostgreSQL
 * SQLSTATE 40001 or 40P01): run again from the start, it may succeed. Names are at most 63 bytes
 * (the caller checks); hashes fit PWPOL_HASH_MAX.
 */
#ifndef PWPOL_STORE_H
#define PWPOL_STORE_H

#include "rules.h"

/* One account, as kept. Holds a hash: wipe it when done. */
struct pwpol__account {
	char name[64];
	char hash[PWPOL_HASH_MAX];             /* crypt(3) hash of the current password */
	time_t changed;                        /* when the password was set */
	unsigned flags;                        /* enum pwpol_account_flag */
	unsigned failures;                     /* consecutive failed logins */
	time_t locked_until;                   /* 0, or when the lock ends */
	char class_name[PWPOL_CLASS_NAME_MAX]; /* its login class (permit.c) */
	unsigned disabled;                     /* 1: SSR `enabled false`, refused at login */
	time_t last_failure;                   /* when the last counted failure was; 0 = none */
	/* Layout 9 (account-aging.c): the account's own aging, figure i
	 * (enum pwpol_aging_field) held where aging_set has bit i, so that a
	 * record cleared with memset holds none; and when it was imported. */
	long aging[PWPOL_AGING_COUNT];
	unsigned aging_set;
	time_t adopted; /* 0 = made here */
};

/* One committed configuration (config-store.c), as kept. The newest is
 * the active one; `text` is the configuration as committed (malloc'd by
 * config_get/config_list: the caller frees it). */
struct pwpol__commit {
	unsigned long seq;  /* 1, 2, ...: larger is newer */
	time_t time;        /* when it was committed */
	char author[64];    /* who committed it */
	char comment[256];  /* -m COMMENT, or "" */
	time_t confirm_by;  /* commit confirmed: its deadline; 0 = none or confirmed */
	time_t reuse_since; /* when minimum-reuse came into force; 0 = not in force */
	char *text;
};

/* Commits a store keeps at least (the older ones are dropped). */
#define PWPOL__COMMITS_KEEP 50

/* Most older hashes a store keeps per account (minimum-reuse 20 needs 19). */
#define PWPOL__HISTORY_MAX 20

struct pwpol__store_ops {
	const char *name;
	/* Fills s->impl; on failure leaves s->err and frees what it made. */
	enum pwpol_status (*open)(pwpol_store *s, const char *path, int create);
	void (*close)(pwpol_store *s);
	/* write=1 takes the write lock at once (SQLite: BEGIN IMMEDIATE), so
	 * that what is read inside is still true at commit. */
	enum pwpol_status (*begin)(pwpol_store *s, int write);
	enum pwpol_status (*commit)(pwpol_store *s);
	void (*rollback)(pwpol_store *s);
	/* Outside a transaction: on 1, the commits that follow need not wait
	 * for the disk (they survive the process killed, not a power cut;
	 * SQLite in WAL: synchronous=NORMAL); on 0, every commit is synced
	 * again. For writes whose loss at a power cut leaves the store on the
	 * strict side (account-login.c, settle). NULL: always synced. */
	void (*lazy)(pwpol_store *s, int on);

	enum pwpol_status (*get)(pwpol_store *s, const char *name, struct pwpol__account *out);
	/* Inserts or replaces the whole record. EEXIST when get() found no
	 * such account in this write transaction and another writer has made
	 * it since (a backend with row locks cannot lock a missing row). */
	enum pwpol_status (*put)(pwpol_store *s, const struct pwpol__account *a);
	/* The account and its history; ENOENT if there was none. */
	enum pwpol_status (*del)(pwpol_store *s, const char *name);
	/* Every account in name order; stops when fn returns non-zero. */
	enum pwpol_status (*list)(pwpol_store *s, int (*fn)(const struct pwpol__account *, void *),
	                          void *ctx);
	/* failures = failures + 1 in the store itself; *failures gets the new
	 * count. ENOENT if there is no such account. */
	enum pwpol_status (*add_failure)(pwpol_store *s, const char *name, unsigned *failures);

	/* Counts, in one write transaction of its own, a refused proof of a
	 * password that counts against no account: a name that is none
	 * ("unknown"), or an account already locked ("locked"). It costs what
	 * counting a failure costs (a synced write), so that the time of an
	 * answer does not tell whether an account exists or is locked. */
	enum pwpol_status (*note_refusal)(pwpol_store *s, const char *kind);

	/* History: earlier hashes, newest first. */
	enum pwpol_status (*history_push)(pwpol_store *s, const char *name, const char *hash);
	/* Up to max hashes into out[], newest first; *n gets how many. */
	enum pwpol_status (*history_get)(pwpol_store *s, const char *name,
	                                 char (*out)[PWPOL_HASH_MAX], size_t max, size_t *n);
	/* Keeps the newest `keep` hashes, drops the rest. */
	enum pwpol_status (*history_trim)(pwpol_store *s, const char *name, size_t keep);
	enum pwpol_status (*history_count)(pwpol_store *s, const char *name, unsigned *n);

	/* Configuration commits (config-store.c). config_lock, inside a write
	 * transaction, holds every other writer of commits off until it ends
	 * (SQLite's write lock already does). config_add gives c->seq the next
	 * number, stores c and drops all but the newest PWPOL__COMMITS_KEEP. */
	enum pwpol_status (*config_lock)(pwpol_store *s);
	enum pwpol_status (*config_add)(pwpol_store *s, struct pwpol__commit *c);
	/* The commit `back` places before the newest (0: the active one), text
	 * included; ENOENT if there is none. */
	enum pwpol_status (*config_get)(pwpol_store *s, unsigned back, struct pwpol__commit *out);
	/* Every commit kept, newest first, without its text (NULL); stops
	 * when fn returns non-zero. */
	enum pwpol_status (*config_list)(pwpol_store *s,
	                                 int (*fn)(const struct pwpol__commit *, void *),
	                                 void *ctx);
	/* Sets the confirm deadline of commit seq (0: confirmed). */
	enum pwpol_status (*config_set_deadline)(pwpol_store *s, unsigned long seq, time_t by);

	/* The engine's own consistency check (SQLite integrity_check), the
	 * layout version into *version, and no history without its account.
	 * ESYSTEM with the first problem in s->err. */
	enum pwpol_status (*check)(pwpol_store *s, int *version);

	/* API tokens (account/token.c): one per account, its SHA-256 as hex.
	 * token_add: EEXIST when the account has one; token_del: ENOENT when
	 * it has none; token_list: every one in account order, stopping when
	 * fn returns non-zero. del() above removes an account's token too. */
	enum pwpol_status (*token_add)(pwpol_store *s, const char *account, const char *hash,
	                               time_t created);
	enum pwpol_status (*token_del)(pwpol_store *s, const char *account);
	enum pwpol_status (*token_list)(pwpol_store *s,
	                                int (*fn)(const char *account, const char *hash,
	                                          time_t created, void *ctx),
	                                void *ctx);

	/* Fleet uids (account-fleet.c): the uid given to name (ENOENT: none); inside
	 * a write transaction, a new one for name, the one after every uid of
	 * lo..hi given so far (ESYSTEM when none is left); the name of a uid. */
	enum pwpol_status (*fleet_id_get)(pwpol_store *s, const char *name, unsigned *id);
	enum pwpol_status (*fleet_id_new)(pwpol_store *s, const char *name, unsigned lo,
	                                  unsigned hi, time_t now, unsigned *id);
	enum pwpol_status (*fleet_id_name)(pwpol_store *s, unsigned id, char *name, size_t len);
	/* Every uid given, in uid order (store copy), until fn returns non-zero;
	 * and one given elsewhere, kept as it was (EEXIST: the name or the uid
	 * is taken). */
	enum pwpol_status (*fleet_id_each)(pwpol_store *s,
	                                   int (*fn)(const char *name, unsigned id, time_t given,
	                                             void *ctx),
	                                   void *ctx);
	enum pwpol_status (*fleet_id_put)(pwpol_store *s, const char *name, unsigned id,
	                                  time_t given);
	/* The fleet's shared state (layout 10, account-fleet.c): rows of key,
	 * value and expiry (0: none) that every conductor of one store reads.
	 * get: ENOENT for no row or an expired one (*value malloc'd); put:
	 * EEXIST when the key is there and replace is 0; take: deletes a
	 * live row (ENOENT: none) and every expired one; each: the rows whose
	 * key starts with prefix, in key order, until fn returns non-zero. */
	enum pwpol_status (*fleet_get)(pwpol_store *s, const char *key, time_t now, char **value);
	enum pwpol_status (*fleet_put)(pwpol_store *s, const char *key, const char *value,
	                               time_t expires, int replace);
	enum pwpol_status (*fleet_take)(pwpol_store *s, const char *key, time_t now);
	enum pwpol_status (*fleet_each)(pwpol_store *s, const char *prefix,
	                                int (*fn)(const char *key, const char *value,
	                                          time_t expires, void *ctx),
	                                void *ctx);

	/* pwpol_store_discard: removes the store this handle made when no
	 * other process holds it to make it and it holds nothing; closes s.
	 * NULL: the backend never removes one. */
	enum pwpol_status (*discard)(pwpol_store *s);
};

struct pwpol_store {
	const struct pwpol__store_ops *ops;
	void *impl;
	void *backend;  /* the backend module ops came from (backend.c), or NULL */
	int backend_fd; /* its descriptor, open while it is loaded (backend.c) */
	char err[512];
	int conflict;     /* the last ESYSTEM was a transaction conflict: retry */
	int created;      /* this open made the store (pwpol_store_created) */
	char notice[256]; /* pwpol_store_notice */
	/* Who acts (permit.c): acting 0 is root of this machine; else the
	 * actor's permissions as pwpol_store_act_as found them, and the
	 * sentence for what it lacks when its password must change first. */
	int acting;
	char actor[64];
	unsigned perms;
	char actor_class[PWPOL_CLASS_NAME_MAX];
	int class_known; /* the policy knows actor_class */
	char must_change[160];
	int must_reason; /* enum pwpol_change_reason of must_change, NONE if none */
	/* The store's layout when opened and after (pwpol_store_upgrade), and
	 * the one this pwpol's backend knows. */
	int layout_was, layout_now, layout_known;
};

/* The open mode of pwpol_store_upgrade (beside create 0 and 1): the
 * layout brought up to this pwpol's, on either backend. */
#define PWPOL__OPEN_UPGRADE 2

/* The oldest layout a pwpol must know to use a store at `layout` (the
 * "compatible" version, kept in the store beside the layout): the layout
 * itself, unless the steps that made it are additive (the layouts a step
 * of expand-then-contract made: a new table, a column with a default,
 * nothing a pwpol of the layout before would write wrong), then the last
 * layout below them whose step was not. Whether a step is additive is a
 * property of the layout, not of the backend, so both backends read this
 * one list; a step left out raises the compatible version, which is
 * always safe. Not 6: a pwpol of layout 5 deletes an account without its
 * API token, which a later account of the same name would then inherit. */
static inline int pwpol__layout_compatible(int layout)
{
	static const int additive[] = {7, 8, 10};
	const size_t n = sizeof additive / sizeof additive[0];
	for (int v = layout; v > 0; v--) {
		size_t i = 0;
		while (i < n && additive[i] != v)
			i++;
		if (i == n)
			return v;
	}
	return 0;
}

/* permit.c: OK when the handle's actor holds perms, else
 * PWPOL_NOT_PERMITTED with the sentence in s->err. `self`: the account the
 * call is about, when acting on oneself needs no permission (NULL: none). */
enum pwpol_status pwpol__permit(pwpol_store *s, unsigned perms, const char *self);
/* permit.c: who acted, for the logs: the acting account, else the
 * process's real user, "NAME (uid N)" (and the login uid when it differs),
 * never "root" for a command another user ran. Per thread; valid until
 * the next call. */
const char *pwpol__actor_logged(const pwpol_store *s);
/* " by " and pwpol__actor_logged, for an event's sentence; "" when not
 * acting for a client a face named (its origin names it). */
const char *pwpol__by_actor(const pwpol_store *s);
/* The class an account made by init, add or import starts with: the
 * system accounts are super-users, every other one unauthorized. */
const char *pwpol__initial_class(const char *name);

extern const struct pwpol__store_ops pwpol__store_sqlite;
/* Defined in the PostgreSQL backend module (store-postgresql.so), not the
 * library: pg-backend.c hands it to backend.c. */
extern const struct pwpol__store_ops pwpol__store_pg;

/* backend.c: what the library lends a backend module, so that the trust in
 * force (pwpol_set_hosted, the trusted opener) is the loading library's,
 * never a second copy's; version and sizes refuse a module of another
 * build. */
#define PWPOL__BACKEND_VERSION PWPOL_VERSION
struct pwpol__backend_host {
	const char *version;
	size_t store_size, ops_size;
	int (*env_trusted)(void);
	int (*open_trusted)(const char *path, int flags, char *why, size_t n);
};
/* s->ops and s->backend from the module store-NAME.so (PWPOL_BACKEND_DIR),
 * or ESYSTEM with the sentence in s->err. */
enum pwpol_status pwpol__backend_load(pwpol_store *s, const char *name);
/* Unloads s->backend, after s->ops->close. */
void pwpol__backend_unload(pwpol_store *s);
/* pwpol_store_uri_has_password, answered by the postgresql module (libpq's
 * parser); -1 when the module cannot be loaded. */
int pwpol__backend_uri_has_password(const char *uri);

/* store-trust.c: a store file used only when no other user could have
 * written it. check_file: path opened through pwpol__open_trusted (made
 * 0600 first if create and absent), ours and private, which *fdp then
 * holds. same_file: path still names the file open on fd. */
enum pwpol_status pwpol__store_check_file(pwpol_store *s, const char *path, int create, int *fdp);
int pwpol__store_same_file(int fd, const char *path);
/* check_companions: the store's -wal, -shm and -journal, if there, are the
 * store owner's and private (else ESYSTEM, the store refused); in a
 * directory others may write, those missing are made so first. */
enum pwpol_status pwpol__store_check_companions(pwpol_store *s, const char *path);

/* Sets s->err (printf-style) and returns st. */
enum pwpol_status pwpol__store_fail(pwpol_store *s, enum pwpol_status st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* store-tx.c: the end of a transaction, shared by the account and config
 * wings: commits on OK, rolls back on anything else; returns st or the
 * commit's. */
enum pwpol_status pwpol__finish(pwpol_store *s, enum pwpol_status st);

#endif
