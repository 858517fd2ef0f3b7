/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * store-sqlite.c - the embedded account store: one SQLite file, private to
 * its owner (mode 0600), in WAL mode with synchronous=FULL.
 *
 * Why these settings:
 * - WAL lets logins read while another process writes, and a writer never
 *   blocks readers; busy_timeout (10 s) makes concurrent writers wait their
 *   turn instead of failing, so N processes counting failures all count.
 * - synchronous=FULL syncs the WAL at every commit. NORMAL would survive a
 *   killed process but could lose the last commits at a power cut: a lost
 *   lockout count or a password change that comes undone is not acceptable
 *   for a login store. Every login writes (its attempt is recorded before
 *   the verdict, account-login.c); the WAL is kept between commands, so that
 *   cost is one synced write (the file holds the store only with its -wal).
 *   The one exception is asked for by the account wing (ops->lazy): the
 *   settle of a right password, whose loss at a power cut leaves the
 *   attempt counted, is committed at NORMAL.
 * - Every statement is prepared once per open store, when first run, and
 *   reused: a login is one indexed lookup (PRIMARY KEY) plus the hash.
 *
 * The file is recognised by PRAGMA application_id; its layout version is
 * pwpol_meta.layout (PRAGMA user_version before layout 7), brought up to
 * date by the upgrade steps of migrate() when opened; PRAGMA user_version
 * holds the oldest layout a pwpol must know to use the file. Nothing is
 * written to a file before it is known to be ours (or new and empty).
 *
 * This file holds the statements, opening and the check; the
 * operations, discard and the table of them are store-sqlite-ops.c's.
 */
#include "store-sqlite.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#define APPLICATION_ID  0x7077706c /* "pwpl" */
#define BUSY_TIMEOUT_MS 10000
#define WAL_RETRY_MS    10

/* The schema, version 1: the one place the layout is declared. SQLite keeps
 * this text, comments included, in sqlite_master, so `sqlite3 FILE .schema`
 * shows it too. */
static const char schema_v1[] =
    "CREATE TABLE accounts (\n"
    "  name TEXT PRIMARY KEY NOT NULL,      -- login name (pwpol_username_check)\n"
    "  hash TEXT NOT NULL,                  -- crypt(3) hash of the current password\n"
    "  changed INTEGER NOT NULL,            -- epoch seconds when the password was set\n"
    "  flags INTEGER NOT NULL DEFAULT 0,    -- 1 temporary, 2 factory default: change at login\n"
    "  failures INTEGER NOT NULL DEFAULT 0, -- consecutive failed logins since the last success\n"
    "  locked_until INTEGER NOT NULL DEFAULT 0 -- epoch seconds the lock ends; 0 = not locked\n"
    ") WITHOUT ROWID;\n"
    "CREATE TABLE history (\n"
    "  account TEXT NOT NULL,               -- accounts.name\n"
    "  seq INTEGER NOT NULL,                -- generation: larger is newer\n"
    "  hash TEXT NOT NULL,                  -- crypt(3) hash of an earlier password\n"
    "  PRIMARY KEY (account, seq)\n"
    ") WITHOUT ROWID;\n";

/* Version 2: refusals that count against no account (store.h,
 * note_refusal), so that they cost what a counted failure does. */
static const char schema_v2[] =
    "CREATE TABLE refusals (\n"
    "  kind TEXT PRIMARY KEY NOT NULL,      -- unknown: no such account; locked: already locked\n"
    "  n INTEGER NOT NULL DEFAULT 0         -- how many since the store was made\n"
    ") WITHOUT ROWID;\n";

/* Version 3: the committed configurations (config-store.c); the newest
 * is the policy of the store's accounts. */
static const char schema_v3[] =
    "CREATE TABLE config_commits (\n"
    "  seq INTEGER PRIMARY KEY NOT NULL,    -- 1, 2, ...: larger is newer; the newest is active\n"
    "  time INTEGER NOT NULL,               -- epoch seconds of the commit\n"
    "  author TEXT NOT NULL,                -- who committed it\n"
    "  comment TEXT NOT NULL DEFAULT '',    -- its -m COMMENT\n"
    "  text TEXT NOT NULL,                  -- the configuration as committed\n"
    "  confirm_by INTEGER NOT NULL DEFAULT 0, -- commit confirmed: deadline; 0 = none/confirmed\n"
    "  reuse_since INTEGER NOT NULL DEFAULT 0 -- when minimum-reuse came into force; 0 = not\n"
    ");\n";

/* Version 4: each account's login class (Junos) and SSR's enabled flag.
 * An account already there keeps no permission (`unauthorized`) unless it
 * is one of the system accounts: admin and root are the machine's
 * super-users, and so is t128, SSR's service account: it holds sudo on an
 * SSR machine, so anything less would be a fence it steps over with sudo. */
static const char schema_v4[] =
    "ALTER TABLE accounts ADD COLUMN class TEXT NOT NULL DEFAULT 'unauthorized';\n"
    "ALTER TABLE accounts ADD COLUMN enabled INTEGER NOT NULL DEFAULT 1;\n"
    "UPDATE accounts SET class = 'super-user' WHERE name IN ('admin', 'root', 't128');\n";
/* Version 5: accounts.last_failure, epoch seconds of the last counted
 * failed login (0 = none), so that failures older than failure-interval
 * stop counting (account-common.c). No SQL comment here: SQLite splices an
 * added column's text into the CREATE TABLE it keeps, where a trailing
 * `--` comment would swallow the closing parenthesis. */
static const char schema_v5[] =
    "ALTER TABLE accounts ADD COLUMN last_failure INTEGER NOT NULL DEFAULT 0";
/* Version 9: each account's own aging as shadow(5) fields 4-8 hold it
 * (account-aging.c): min_days, max_days, warn_days, inactive_days and
 * expire_date (days since 1970-01-01), NULL where the account has none;
 * and adopted, epoch seconds it was imported from another system (0 =
 * made here). flags gains 4: expired by an administrator (passwd -e).
 * No SQL comments, as in version 5. */
static const char schema_v9[] =
    "ALTER TABLE accounts ADD COLUMN min_days INTEGER;\n"
    "ALTER TABLE accounts ADD COLUMN max_days INTEGER;\n"
    "ALTER TABLE accounts ADD COLUMN warn_days INTEGER;\n"
    "ALTER TABLE accounts ADD COLUMN inactive_days INTEGER;\n"
    "ALTER TABLE accounts ADD COLUMN expire_date INTEGER;\n"
    "ALTER TABLE accounts ADD COLUMN adopted INTEGER NOT NULL DEFAULT 0";

/* Layout 9's columns, in enum pwpol_aging_field's order, then adopted. */
#define AGING_COLUMNS "min_days, max_days, warn_days, inactive_days, expire_date, adopted"

/* Version 6: the API tokens of `pwpol web` (account/token.c), one per
 * account, kept as the SHA-256 of the token: the token itself is shown
 * once. */
static const char schema_v6[] =
    "CREATE TABLE api_tokens (\n"
    "  account TEXT PRIMARY KEY NOT NULL,   -- accounts.name: whom the token acts as\n"
    "  hash TEXT NOT NULL,                  -- hex SHA-256 of the token\n"
    "  created INTEGER NOT NULL             -- epoch seconds when it was made\n"
    ") WITHOUT ROWID;\n";

/* Version 7: the layout, kept apart from the compatible version that
 * PRAGMA user_version holds from now on (migrate). Additive: a pwpol of
 * layout 6 uses a store at 7 as it used one at 6. */
static const char schema_v7[] = "CREATE TABLE pwpol_meta (\n"
                                "  id INTEGER PRIMARY KEY CHECK (id = 1),\n"
                                "  layout INTEGER NOT NULL              -- the layout; "
                                "user_version: the oldest a reader must know\n"
                                ");\n"
                                "INSERT INTO pwpol_meta (id, layout) VALUES (1, 7);\n";

static const char *const sql[S_COUNT] = {
    [S_BEGIN_READ] = "BEGIN DEFERRED",
    [S_BEGIN_WRITE] = "BEGIN IMMEDIATE",
    [S_COMMIT] = "COMMIT",
    [S_ROLLBACK] = "ROLLBACK",
    [S_GET] = "SELECT name, hash, changed, flags, failures, locked_until, class, enabled, "
              "last_failure, " AGING_COLUMNS " FROM accounts WHERE name = ?1",
    [S_PUT] = "INSERT INTO accounts (name, hash, changed, flags, failures, locked_until, "
              "class, enabled, last_failure, " AGING_COLUMNS ") VALUES (?1, ?2, ?3, ?4, ?5, "
              "?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15) "
              "ON CONFLICT (name) "
              "DO UPDATE SET hash = excluded.hash, changed = excluded.changed, "
              "flags = excluded.flags, failures = excluded.failures, "
              "locked_until = excluded.locked_until, class = excluded.class, "
              "enabled = excluded.enabled, last_failure = excluded.last_failure, "
              "min_days = excluded.min_days, max_days = excluded.max_days, "
              "warn_days = excluded.warn_days, inactive_days = excluded.inactive_days, "
              "expire_date = excluded.expire_date, adopted = excluded.adopted",
    [S_DEL] = "DELETE FROM accounts WHERE name = ?1",
    [S_DEL_HISTORY] = "DELETE FROM history WHERE account = ?1",
    [S_LIST] = "SELECT name, hash, changed, flags, failures, locked_until, class, enabled, "
               "last_failure, " AGING_COLUMNS " FROM accounts ORDER BY name",
    [S_ADD_FAILURE] = "UPDATE accounts SET failures = failures + 1 WHERE name = ?1 "
                      "RETURNING failures",
    [S_HIST_PUSH] = "INSERT INTO history (account, seq, hash) VALUES (?1, "
                    "(SELECT coalesce(max(seq), 0) + 1 FROM history WHERE account = ?1), ?2)",
    [S_HIST_GET] = "SELECT hash FROM history WHERE account = ?1 ORDER BY seq DESC LIMIT ?2",
    [S_HIST_TRIM] = "DELETE FROM history WHERE account = ?1 AND seq NOT IN "
                    "(SELECT seq FROM history WHERE account = ?1 ORDER BY seq DESC LIMIT ?2)",
    [S_HIST_COUNT] = "SELECT count(*) FROM history WHERE account = ?1",
    [S_NOTE_REFUSAL] = "INSERT INTO refusals (kind, n) VALUES (?1, 1) "
                       "ON CONFLICT (kind) DO UPDATE SET n = n + 1",
    [S_CFG_ADD] = "INSERT INTO config_commits (seq, time, author, comment, text, confirm_by, "
                  "reuse_since) VALUES ((SELECT coalesce(max(seq), 0) + 1 FROM config_commits), "
                  "?1, ?2, ?3, ?4, ?5, ?6) RETURNING seq",
    [S_CFG_TRIM] = "DELETE FROM config_commits WHERE seq <= "
                   "(SELECT max(seq) FROM config_commits) - ?1",
    [S_CFG_GET] = "SELECT seq, time, author, comment, confirm_by, reuse_since, text "
                  "FROM config_commits ORDER BY seq DESC LIMIT 1 OFFSET ?1",
    [S_CFG_LIST] = "SELECT seq, time, author, comment, confirm_by, reuse_since "
                   "FROM config_commits ORDER BY seq DESC",
    [S_CFG_DEADLINE] = "UPDATE config_commits SET confirm_by = ?2 WHERE seq = ?1",
    [S_TOKEN_ADD] = "INSERT INTO api_tokens (account, hash, created) VALUES (?1, ?2, ?3) "
                    "ON CONFLICT (account) DO NOTHING",
    [S_TOKEN_DEL] = "DELETE FROM api_tokens WHERE account = ?1",
    [S_TOKEN_LIST] = "SELECT account, hash, created FROM api_tokens ORDER BY account",
};

struct lite *pwpol__lite(pwpol_store *s)
{
	return s->impl;
}

enum pwpol_status pwpol__lite_db_fail(pwpol_store *s, const char *what)
{
	struct lite *l = pwpol__lite(s);
	int code = sqlite3_extended_errcode(l->db);
	const char *hint = "";
	if ((code & 0xff) == SQLITE_BUSY)
		hint = " (another process held it for too long)";
	else if ((code & 0xff) == SQLITE_READONLY || (code & 0xff) == SQLITE_CANTOPEN)
		hint = " (the store or its directory cannot be written)";
	else if ((code & 0xff) == SQLITE_CORRUPT || (code & 0xff) == SQLITE_NOTADB)
		hint = " (the store is damaged)";
	return pwpol__store_fail(s, PWPOL_ESYSTEM, "%s: %s: %s%s", l->path, what,
	                         sqlite3_errmsg(l->db), hint);
}

/* Steps a statement that returns no row, and resets it. */
enum pwpol_status pwpol__lite_run(pwpol_store *s, enum stmt k, const char *what)
{
	sqlite3_stmt *q = pwpol__lite_st(s, k);
	if (!q)
		return PWPOL_ESYSTEM;
	int rc = sqlite3_step(q);
	enum pwpol_status st =
	    rc == SQLITE_DONE || rc == SQLITE_ROW ? PWPOL_OK : pwpol__lite_db_fail(s, what);
	sqlite3_reset(q);
	pwpol__lite_unbind(q);
	return st;
}

void pwpol__lite_bind_text(sqlite3_stmt *q, int i, const char *t)
{
	sqlite3_bind_text(q, i, t, -1, SQLITE_STATIC);
}

/* Reads a row of S_GET or S_LIST into a. */
void pwpol__lite_read_row(sqlite3_stmt *q, struct pwpol__account *a)
{
	const unsigned char *name = sqlite3_column_text(q, 0);
	const unsigned char *hash = sqlite3_column_text(q, 1);
	memset(a, 0, sizeof *a);
	snprintf(a->name, sizeof a->name, "%s", name ? (const char *)name : "");
	snprintf(a->hash, sizeof a->hash, "%s", hash ? (const char *)hash : "");
	a->changed = (time_t)sqlite3_column_int64(q, 2);
	a->flags = (unsigned)sqlite3_column_int64(q, 3);
	a->failures = (unsigned)sqlite3_column_int64(q, 4);
	a->locked_until = (time_t)sqlite3_column_int64(q, 5);
	const unsigned char *cls = sqlite3_column_text(q, 6);
	snprintf(a->class_name, sizeof a->class_name, "%s", cls ? (const char *)cls : "");
	a->disabled = sqlite3_column_int64(q, 7) == 0;
	a->last_failure = (time_t)sqlite3_column_int64(q, 8);
	for (int i = 0; i < PWPOL_AGING_COUNT; i++)
		if (sqlite3_column_type(q, PWPOL__LITE_AGING_FIRST + i) != SQLITE_NULL) {
			a->aging[i] = (long)sqlite3_column_int64(q, PWPOL__LITE_AGING_FIRST + i);
			a->aging_set |= 1u << i;
		}
	a->adopted = (time_t)sqlite3_column_int64(q, PWPOL__LITE_AGING_FIRST + PWPOL_AGING_COUNT);
}

/* ---- opening ---------------------------------------------------------- */

/* An integer from a one-row query (PRAGMA), or -1 on error. */
static long long pragma_int(sqlite3 *db, const char *q)
{
	sqlite3_stmt *st;
	long long v = -1;
	if (sqlite3_prepare_v2(db, q, -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* The sentence for a file that could not be read: not SQLite at all, or
 * SQLite we could not read (permissions, a read-only directory). */
static enum pwpol_status unreadable(pwpol_store *s)
{
	sqlite3 *db = pwpol__lite(s)->db;
	int code = sqlite3_errcode(db);
	if (code == SQLITE_NOTADB || code == SQLITE_CORRUPT)
		return pwpol__store_fail(s, PWPOL_ESYSTEM, "%s: not a pwpol store: %s",
		                         pwpol__lite(s)->path, sqlite3_errmsg(db));
	return pwpol__lite_db_fail(s, "cannot read the store");
}

static enum pwpol_status exec(pwpol_store *s, const char *q, const char *what)
{
	if (sqlite3_exec(pwpol__lite(s)->db, q, NULL, NULL, NULL) != SQLITE_OK)
		return pwpol__lite_db_fail(s, what);
	return PWPOL_OK;
}

/* Version 8: fleet uids (account-fleet.c): each account's uid and gid on every
 * node of a fleet, given once by the conductor and never to another name;
 * a row outlives its account, so that its uid is not given again.
 * Additive: a pwpol of layout 7 never reads it. */
static const char schema_v8[] = "CREATE TABLE fleet_ids (\n"
                                "  name TEXT PRIMARY KEY,      -- the account it was given to\n"
                                "  id INTEGER NOT NULL UNIQUE, -- its uid and gid\n"
                                "  given INTEGER NOT NULL      -- epoch seconds it was given\n"
                                ")";

/* Version 10: the fleet's shared state (account-fleet.c), so that several
 * conductors serve one fleet: the fleet CA (its certificate, and its key
 * sealed with a key only the conductors hold), the enrollment tokens (as
 * hashes, with their expiry) and the nodes enrolled or revoked. Additive:
 * a pwpol of layout 9 never reads it. */
static const char schema_v10[] = "CREATE TABLE fleet_state (\n"
                                 "  key TEXT PRIMARY KEY,          -- ca, token:H, node:N:S\n"
                                 "  value TEXT NOT NULL,           -- what the key holds\n"
                                 "  expires INTEGER NOT NULL DEFAULT 0 -- when it lapses; 0 never\n"
                                 ")";

/* The upgrade steps: step[v] takes a store from layout version v to v+1.
 * A new layout adds a step here (ALTER TABLE ..., or a new table and an
 * INSERT ... SELECT) and never edits an old one: a store of any older
 * version walks every step from its own. */
static const char *const step[] = {
    schema_v1,  /* 0 -> 1: an empty file becomes a store */
    schema_v2,  /* 1 -> 2: refusals */
    schema_v3,  /* 2 -> 3: configuration commits */
    schema_v4,  /* 3 -> 4: class and enabled */
    schema_v5,  /* 4 -> 5: accounts.last_failure */
    schema_v6,  /* 5 -> 6: API tokens */
    schema_v7,  /* 6 -> 7: pwpol_meta.layout (additive) */
    schema_v8,  /* 7 -> 8: fleet uids (additive) */
    schema_v9,  /* 8 -> 9: per-account aging, adopted (not additive: a reader that
                 * knows no account expiry would let an expired account in) */
    schema_v10, /* 9 -> 10: the fleet's shared state (additive) */
};
#define SCHEMA_VERSION ((int)(sizeof step / sizeof step[0]))
/* The compatible version of this pwpol's layout (store.h lists the
 * additive steps, for both backends). */
#define COMPATIBLE pwpol__layout_compatible(SCHEMA_VERSION)

/* The store's layout: pwpol_meta's, or (a store before layout 7, with no
 * such table) user_version's; never below the compatible version. */
static long long stored_layout(sqlite3 *db, long long ver)
{
	long long layout = pragma_int(db, "SELECT layout FROM pwpol_meta WHERE id = 1");
	return layout < ver ? ver : layout;
}

static enum pwpol_status too_new(pwpol_store *s, long long layout, long long compat)
{
	return pwpol__store_fail(s, PWPOL_ESYSTEM,
	                         "%s: the store has layout version %lld, newer than this pwpol "
	                         "knows (%d), and needs a pwpol that knows layout %lld at least: "
	                         "install the newer pwpol here",
	                         pwpol__lite(s)->path, layout, SCHEMA_VERSION, compat);
}

/* Brings the store up to SCHEMA_VERSION, all steps in one transaction
 * (BEGIN IMMEDIATE, the version read again under the lock, so two `pwpol
 * init` at once make it once and a failed step leaves the old layout). */
static enum pwpol_status migrate(pwpol_store *s)
{
	sqlite3 *db = pwpol__lite(s)->db;
	enum pwpol_status st = exec(s, "BEGIN IMMEDIATE", "cannot lock the store to upgrade it");
	if (st != PWPOL_OK)
		return st;
	long long ver = pragma_int(db, "PRAGMA user_version");
	long long app = pragma_int(db, "PRAGMA application_id");
	long long tables = pragma_int(db, "SELECT count(*) FROM sqlite_master");
	int fresh = app == 0 && ver == 0 && tables == 0;
	long long layout = fresh ? 0 : stored_layout(db, ver);
	s->layout_was = s->layout_now = (int)layout;
	if (app == APPLICATION_ID && ver >= 0 && ver <= SCHEMA_VERSION && layout >= SCHEMA_VERSION)
		return exec(s, "COMMIT", "cannot upgrade the store");
	if (app == APPLICATION_ID && ver > SCHEMA_VERSION) {
		exec(s, "ROLLBACK", "rollback");
		return too_new(s, layout, ver);
	}
	if (!fresh && (app != APPLICATION_ID || ver < 0 || layout < ver)) {
		exec(s, "ROLLBACK", "rollback");
		return pwpol__store_fail(s, PWPOL_ESYSTEM, "%s: not a pwpol store",
		                         pwpol__lite(s)->path);
	}
	for (long long v = layout; v < SCHEMA_VERSION && st == PWPOL_OK; v++)
		st = exec(s, step[v], "cannot upgrade the store");
	/* user_version holds the compatible version: the number every pwpol
	 * compares with its own layout first (those before layout 7 read it as
	 * the layout), so an additive step leaves older ones working. */
	char pragmas[160];
	snprintf(pragmas, sizeof pragmas,
	         "PRAGMA application_id = %d; PRAGMA user_version = %d; "
	         "UPDATE pwpol_meta SET layout = %d WHERE id = 1;",
	         APPLICATION_ID, COMPATIBLE, SCHEMA_VERSION);
	if (st == PWPOL_OK)
		st = exec(s, pragmas, "cannot upgrade the store");
	if (st != PWPOL_OK) {
		exec(s, "ROLLBACK", "rollback");
		return st;
	}
	st = exec(s, "COMMIT", "cannot upgrade the store");
	if (st == PWPOL_OK)
		s->layout_now = SCHEMA_VERSION;
	return st;
}

/* Ours, new, or neither; nothing is written before the answer. */
static enum pwpol_status recognise(pwpol_store *s, int create)
{
	sqlite3 *db = pwpol__lite(s)->db;
	const char *path = pwpol__lite(s)->path;
	long long app = pragma_int(db, "PRAGMA application_id");
	if (app < 0)
		return unreadable(s);
	long long ver = pragma_int(db, "PRAGMA user_version");
	s->layout_known = SCHEMA_VERSION;
	if (app == APPLICATION_ID) {
		/* ver is the compatible version (migrate); the layout may be
		 * newer. One machine runs one package, its CLI and module alike:
		 * an older layout is brought up to date here, with no explicit
		 * step (`pwpol store upgrade` is the fleet's, store-pg-open.c). */
		long long layout = stored_layout(db, ver);
		s->layout_was = s->layout_now = (int)layout;
		if (ver > SCHEMA_VERSION)
			return too_new(s, layout, ver);
		if (ver >= 0 && layout >= SCHEMA_VERSION)
			return PWPOL_OK;
		return migrate(s);
	}
	/* Another maker may be making it now: these reads are no one snapshot,
	 * so migrate() decides again under the write lock. */
	if (create && app == 0)
		return migrate(s);
	long long tables = pragma_int(db, "SELECT count(*) FROM sqlite_master");
	if (tables < 0)
		return unreadable(s);
	if (app != 0 || ver != 0 || tables != 0)
		return pwpol__store_fail(s, PWPOL_ESYSTEM, "%s: not a pwpol store", path);
	if (!create)
		return pwpol__store_fail(s, PWPOL_ESYSTEM,
		                         "%s: not a pwpol store (an empty file; `pwpol init` "
		                         "makes a store)",
		                         path);
	return migrate(s);
}

/* Touches each table's root page, so that a file whose pages were lost is
 * refused at open rather than at the first login. O(1), not a full check. */
static enum pwpol_status probe(pwpol_store *s)
{
	sqlite3 *db = pwpol__lite(s)->db;
	static const char *const q[] = {"SELECT 1 FROM accounts LIMIT 1",
	                                "SELECT 1 FROM history LIMIT 1"};
	for (size_t i = 0; i < sizeof q / sizeof q[0]; i++) {
		sqlite3_stmt *st;
		int rc = sqlite3_prepare_v2(db, q[i], -1, &st, NULL);
		if (rc == SQLITE_OK) {
			rc = sqlite3_step(st);
			sqlite3_finalize(st);
		}
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return unreadable(s);
	}
	return PWPOL_OK;
}

void pwpol__lite_close(pwpol_store *s)
{
	struct lite *l = pwpol__lite(s);
	if (!l)
		return;
	for (int i = 0; i < S_COUNT; i++)
		sqlite3_finalize(l->st[i]);
	sqlite3_close(l->db);
	if (l->fd >= 0)
		close(l->fd);
	free(l);
	s->impl = NULL;
}

sqlite3_stmt *pwpol__lite_st(pwpol_store *s, enum stmt k)
{
	struct lite *l = pwpol__lite(s);
	if (!l->st[k] && sqlite3_prepare_v3(l->db, sql[k], -1, SQLITE_PREPARE_PERSISTENT, &l->st[k],
	                                    NULL) != SQLITE_OK) {
		pwpol__store_fail(s, PWPOL_ESYSTEM, "%s: not a pwpol store: %s", l->path,
		                  sqlite3_errmsg(l->db));
		l->st[k] = NULL;
	}
	return l->st[k];
}

void pwpol__lite_unbind(sqlite3_stmt *q)
{
	if (q)
		sqlite3_clear_bindings(q);
}

/* Statements are prepared when first run (a login runs 6 of the 23:
 * parsing the rest was most of what opening the store cost); the one
 * every use needs is prepared here, so that a file whose layout is not
 * ours is refused at open. */
static enum pwpol_status prepare_first(pwpol_store *s)
{
	return pwpol__lite_st(s, S_GET) ? PWPOL_OK : PWPOL_ESYSTEM;
}

/* The journal mode is set without SQLite's busy handler in some states
 * (another opener making the file, or folding its log back): a busy
 * answer is tried again, within the busy timeout, as a write would be. */
static enum pwpol_status wal_mode(pwpol_store *s)
{
	sqlite3 *db = pwpol__lite(s)->db;
	for (int waited = 0;; waited += WAL_RETRY_MS) {
		long long wal = -1;
		sqlite3_stmt *q;
		if (sqlite3_prepare_v2(db, "PRAGMA journal_mode = WAL", -1, &q, NULL) ==
		    SQLITE_OK) {
			if (sqlite3_step(q) == SQLITE_ROW)
				wal = strcmp((const char *)sqlite3_column_text(q, 0), "wal") == 0;
			sqlite3_finalize(q);
		}
		if (wal == 1)
			return PWPOL_OK;
		if ((sqlite3_errcode(db) & 0xff) != SQLITE_BUSY || waited >= BUSY_TIMEOUT_MS)
			return pwpol__lite_db_fail(s, "cannot use the store (write-ahead log)");
		sqlite3_sleep(WAL_RETRY_MS);
	}
}

static enum pwpol_status setup(pwpol_store *s, const char *path, int create)
{
	struct lite *l = pwpol__lite(s);
	enum pwpol_status st;
	/* Nothing is made where it could be replaced (trust.c). */
	if ((st = pwpol__store_check_file(s, path, create, &l->fd)) != PWPOL_OK)
		return st;
	/* Every opener that may make the store holds it shared: the maker of
	 * a new one removes it again (discard) only when it can hold it alone.
	 * One removed before this hold was taken is no longer the path's: the
	 * caller opens again. */
	if (create) {
		while (flock(l->fd, LOCK_SH) != 0 && errno == EINTR)
			;
		if (!pwpol__store_same_file(l->fd, path)) {
			l->removed = 1;
			return pwpol__store_fail(s, PWPOL_ESYSTEM,
			                         "%s: removed while it was opened", path);
		}
	}
	if ((st = pwpol__store_check_companions(s, path)) != PWPOL_OK)
		return st;
	int rc = sqlite3_open_v2(path, &l->db,
	                         SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX |
	                             SQLITE_OPEN_EXRESCODE | SQLITE_OPEN_NOFOLLOW,
	                         NULL);
	if (rc != SQLITE_OK)
		return pwpol__store_fail(s, PWPOL_ESYSTEM, "%s: cannot open the store: %s", path,
		                         l->db ? sqlite3_errmsg(l->db) : sqlite3_errstr(rc));
	if (!pwpol__store_same_file(l->fd, path))
		return pwpol__store_fail(s, PWPOL_ESYSTEM,
		                         "%s: refused: the store was replaced while it was opened",
		                         path);
	sqlite3_busy_timeout(l->db, BUSY_TIMEOUT_MS);
	/* A new, empty file of ours is made in WAL mode from its first page:
	 * SQLite would otherwise make the layout through a -journal of that
	 * name, which it opens without O_EXCL after deleting the empty one
	 * check_companions made, and in a shared directory another user could
	 * put theirs there in between. */
	struct stat sb;
	int empty = create && fstat(l->fd, &sb) == 0 && sb.st_size == 0;
	if (empty && (st = wal_mode(s)) != PWPOL_OK)
		return st;
	if ((st = recognise(s, create)) != PWPOL_OK)
		return st;
	/* The layout is folded into the file at once, as a store made through
	 * a journal had it there (a copy of the file alone is a store). */
	if (empty)
		sqlite3_wal_checkpoint_v2(l->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
	/* Only now is the file known to be ours: its settings may be written. */
	if ((st = wal_mode(s)) != PWPOL_OK)
		return st;
	/* secure_delete: a dropped history hash is overwritten, not left in a
	 * free page. */
	if ((st = exec(s, "PRAGMA synchronous = FULL; PRAGMA secure_delete = ON",
	               "cannot set up the store")) != PWPOL_OK)
		return st;
	/* The log is kept between commands (no checkpoint at close): else every
	 * command that writes makes the log anew (its header and its directory
	 * entry synced) and folds it back at close (the log and the file synced
	 * again), five syncs for a change that needs one. A commit is durable
	 * once its frames are synced, whether or not they were folded back; the
	 * next open replays them. Folding back every 64 pages keeps that replay
	 * short. */
	if (sqlite3_db_config(l->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL) != SQLITE_OK ||
	    sqlite3_wal_autocheckpoint(l->db, 64) != SQLITE_OK)
		return pwpol__lite_db_fail(s, "cannot set up the store (write-ahead log)");
	if ((st = probe(s)) != PWPOL_OK)
		return st;
	return prepare_first(s);
}

/* The store's file and its companions, by name (discard, a failed make):
 * those of ours; one another user put there stays for the owner to see. */
void pwpol__lite_remove_files(struct lite *l)
{
	static const char *const suffix[] = {"-wal", "-shm", "-journal", ""};
	for (size_t i = 0; i < sizeof suffix / sizeof suffix[0]; i++) {
		char name[PATH_MAX + 16];
		struct stat sb;
		snprintf(name, sizeof name, "%s%s", l->path, suffix[i]);
		if (lstat(name, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_uid == geteuid())
			unlink(name);
	}
}

/* Attempts at opening a store that a failed maker removed meanwhile. */
#define OPEN_ATTEMPTS 4

enum pwpol_status pwpol__lite_open(pwpol_store *s, const char *path, int create)
{
	enum pwpol_status st = PWPOL_ESYSTEM;
	for (int i = 0, again = 1; i < OPEN_ATTEMPTS && again; i++) {
		struct lite *l = calloc(1, sizeof *l);
		if (!l)
			return pwpol__store_fail(s, PWPOL_ENOMEM, "%s: out of memory", path);
		snprintf(l->path, sizeof l->path, "%s", path);
		l->fd = -1;
		s->impl = l;
		st = setup(s, path, create);
		again = st != PWPOL_OK && l->removed;
		/* A file this open made and could not make a store of goes
		 * again, unless another maker holds it too. */
		if (st != PWPOL_OK && s->created && flock(l->fd, LOCK_EX | LOCK_NB) == 0 &&
		    pwpol__store_same_file(l->fd, path))
			pwpol__lite_remove_files(l);
		if (st != PWPOL_OK)
			pwpol__lite_close(s);
	}
	return st;
}

/* ---- check ------------------------------------------------------------- */

/* SQLite's full check of the file (every page, index and constraint), the
 * layout version, and no history left without its account. */
enum pwpol_status pwpol__lite_check(pwpol_store *s, int *version)
{
	sqlite3 *db = pwpol__lite(s)->db;
	*version = (int)stored_layout(db, pragma_int(db, "PRAGMA user_version"));
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &q, NULL) != SQLITE_OK)
		return pwpol__lite_db_fail(s, "cannot check the store");
	enum pwpol_status st = PWPOL_OK;
	int rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		const char *first = (const char *)sqlite3_column_text(q, 0);
		if (!first || strcmp(first, "ok") != 0)
			st = pwpol__store_fail(s, PWPOL_ESYSTEM, "%s: the store is damaged: %s",
			                       pwpol__lite(s)->path, first ? first : "no answer");
	} else {
		st = pwpol__lite_db_fail(s, "cannot check the store");
	}
	sqlite3_finalize(q);
	if (st != PWPOL_OK)
		return st;
	long long orphans = pragma_int(db, "SELECT count(*) FROM history WHERE account NOT IN "
	                                   "(SELECT name FROM accounts)");
	if (orphans < 0)
		return pwpol__lite_db_fail(s, "cannot check the store");
	if (orphans > 0)
		return pwpol__store_fail(s, PWPOL_ESYSTEM,
		                         "%s: %lld history rows belong to no account",
		                         pwpol__lite(s)->path, orphans);
	return PWPOL_OK;
}
