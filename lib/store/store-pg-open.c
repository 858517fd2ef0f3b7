/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * store-pg-open.c - opening the PostgreSQL store: the connection (libpq's
 * URI as given, a connect timeout, notices silenced), the schema and its
 * versions, made or upgraded in one transaction, and `store check`'s
 * reading of the version. store-pg.c says why the store is written this
 * way.
 */
#include "store-pg.h"

#include <errno.h>
#include <fcntl.h>
#include <libpq-fe.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <unistd.h>

#define CONNECT_TIMEOUT "5"
/* The system's service file, the one a host reads (libpq's SYSCONFDIR,
 * from pg_config --sysconfdir at build time). */
#ifndef PWPOL_PG_SERVICE_FILE
#define PWPOL_PG_SERVICE_FILE "/etc/postgresql-common/pg_service.conf"
#endif
#define SERVICE_FILE_MAX (64 * 1024)
/* LOCK_TIMEOUT_MS, STATEMENT_TIMEOUT_MS: store-pg.h. */
#define STR(x)  #x
#define XSTR(x) STR(x)
static const char session_limits[] = "SET lock_timeout = " XSTR(
    LOCK_TIMEOUT_MS) "; "
                     "SET statement_timeout = " XSTR(STATEMENT_TIMEOUT_MS);
/* A name no file can have (/dev/null is no directory): in a host it stands
 * where libpq would look for a file in a home directory. */
#define NO_FILE "/dev/null/none"
/* Attempts at making a new store when another node makes it at the same time. */
#define CREATE_ATTEMPTS 3

/* The layout's versions, one row. `version` is the oldest layout a pwpol
 * must know to use the store (the compatible version): every pwpol reads
 * it first, and those before layout 7 compare it with their own layout, so
 * that a store one additive step ahead leaves them working. `layout`
 * (from layout 7; before, `version` was the layout) is the number of
 * step[] applied. */
static const char meta_table[] =
    "CREATE TABLE pwpol_meta (id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL)";

/* The schema, version 1: the same tables and columns as the SQLite store
 * (store-sqlite.c), the one place this backend declares them. */
static const char schema_v1[] =
    "CREATE TABLE accounts (\n"
    "  name TEXT PRIMARY KEY,               -- login name (pwpol_username_check)\n"
    "  hash TEXT NOT NULL,                  -- crypt(3) hash of the current password\n"
    "  changed BIGINT NOT NULL,             -- epoch seconds when the password was set\n"
    "  flags INTEGER NOT NULL DEFAULT 0,    -- 1 temporary, 2 factory default: change at login\n"
    "  failures INTEGER NOT NULL DEFAULT 0, -- consecutive failed logins since the last success\n"
    "  locked_until BIGINT NOT NULL DEFAULT 0 -- epoch seconds the lock ends; 0 = not locked\n"
    ");\n"
    "CREATE TABLE history (\n"
    "  account TEXT NOT NULL,               -- accounts.name\n"
    "  seq BIGINT NOT NULL,                 -- generation: larger is newer\n"
    "  hash TEXT NOT NULL,                  -- crypt(3) hash of an earlier password\n"
    "  PRIMARY KEY (account, seq)\n"
    ")";

/* Version 2: refusals that count against no account (store.h,
 * note_refusal), as in store-sqlite.c. */
static const char schema_v2[] =
    "CREATE TABLE refusals (\n"
    "  kind TEXT PRIMARY KEY,               -- unknown: no such account; locked: already locked\n"
    "  n BIGINT NOT NULL DEFAULT 0          -- how many since the store was made\n"
    ")";

/* Version 3: the committed configurations (config-store.c), as in
 * store-sqlite.c. */
static const char schema_v3[] =
    "CREATE TABLE config_commits (\n"
    "  seq BIGINT PRIMARY KEY,              -- 1, 2, ...: larger is newer; the newest is active\n"
    "  time BIGINT NOT NULL,                -- epoch seconds of the commit\n"
    "  author TEXT NOT NULL,                -- who committed it\n"
    "  comment TEXT NOT NULL DEFAULT '',    -- its -m COMMENT\n"
    "  text TEXT NOT NULL,                  -- the configuration as committed\n"
    "  confirm_by BIGINT NOT NULL DEFAULT 0, -- commit confirmed: deadline; 0 = none/confirmed\n"
    "  reuse_since BIGINT NOT NULL DEFAULT 0 -- when minimum-reuse came into force; 0 = not\n"
    ")";

/* Version 4: class and enabled, as in store-sqlite.c (which says why
 * t128 is a super-user). */
static const char schema_v4[] =
    "ALTER TABLE accounts ADD COLUMN class TEXT NOT NULL DEFAULT 'unauthorized';\n"
    "ALTER TABLE accounts ADD COLUMN enabled INTEGER NOT NULL DEFAULT 1;\n"
    "UPDATE accounts SET class = 'super-user' WHERE name IN ('admin', 'root', 't128')";

/* Version 5: the time of the last counted failure, as in store-sqlite.c. */
static const char schema_v5[] =
    "ALTER TABLE accounts ADD COLUMN last_failure BIGINT NOT NULL DEFAULT 0";

/* Version 6: the API tokens, as in store-sqlite.c. */
static const char schema_v6[] =
    "CREATE TABLE api_tokens (\n"
    "  account TEXT PRIMARY KEY,            -- accounts.name: whom the token acts as\n"
    "  hash TEXT NOT NULL,                  -- hex SHA-256 of the token\n"
    "  created BIGINT NOT NULL              -- epoch seconds when it was made\n"
    ")";

/* Version 7: the layout beside the compatible version (meta_table).
 * Additive: a pwpol of layout 6 reads `version` (6) and goes on. */
static const char schema_v7[] = "ALTER TABLE pwpol_meta ADD COLUMN layout INTEGER";

/* Version 8: fleet uids, as in store-sqlite.c. */
static const char schema_v8[] =
    "CREATE TABLE fleet_ids (\n"
    "  name TEXT PRIMARY KEY,               -- the account it was given to\n"
    "  id BIGINT NOT NULL UNIQUE,           -- its uid and gid\n"
    "  given BIGINT NOT NULL                -- epoch seconds it was given\n"
    ")";

/* Version 9: per-account aging and adopted, as in store-sqlite.c (not
 * additive: a reader that knows no account expiry would let one in). */
static const char schema_v9[] = "ALTER TABLE accounts ADD COLUMN min_days BIGINT;\n"
                                "ALTER TABLE accounts ADD COLUMN max_days BIGINT;\n"
                                "ALTER TABLE accounts ADD COLUMN warn_days BIGINT;\n"
                                "ALTER TABLE accounts ADD COLUMN inactive_days BIGINT;\n"
                                "ALTER TABLE accounts ADD COLUMN expire_date BIGINT;\n"
                                "ALTER TABLE accounts ADD COLUMN adopted BIGINT NOT NULL DEFAULT 0";

/* Version 10: the fleet's shared state, as in store-sqlite.c. */
static const char schema_v10[] =
    "CREATE TABLE fleet_state (\n"
    "  key TEXT PRIMARY KEY,                -- ca, token:SHA256, node:NAME:SERIAL\n"
    "  value TEXT NOT NULL,                 -- the CA's key sealed, a node's state\n"
    "  expires BIGINT NOT NULL DEFAULT 0    -- epoch seconds it lapses; 0 = never\n"
    ")";

/* The upgrade steps: step[v] takes a store from version v to v+1. A new
 * layout adds a step and never edits an old one. A fleet runs mixed
 * versions during a rolling upgrade, so a step should be additive (expand
 * now, contract a release later) and say so in
 * store.h (pwpol__layout_compatible). */
static const char *const step[] = {
    schema_v1,  /* 0 -> 1: an empty database becomes a store */
    schema_v2,  /* 1 -> 2: refusals */
    schema_v3,  /* 2 -> 3: configuration commits */
    schema_v4,  /* 3 -> 4: class and enabled */
    schema_v5,  /* 4 -> 5: accounts.last_failure */
    schema_v6,  /* 5 -> 6: API tokens */
    schema_v7,  /* 6 -> 7: pwpol_meta.layout (additive) */
    schema_v8,  /* 7 -> 8: fleet uids (additive) */
    schema_v9,  /* 8 -> 9: per-account aging, adopted */
    schema_v10, /* 9 -> 10: the fleet's shared state (additive) */
};
#define SCHEMA_VERSION ((int)(sizeof step / sizeof step[0]))
/* The compatible version of this pwpol's layout (store.h lists the
 * additive steps, for both backends). */
#define COMPATIBLE pwpol__layout_compatible(SCHEMA_VERSION)
/* The oldest layout this pwpol's statements run on. Opening never
 * upgrades a PostgreSQL store (nodes on the older package still use it):
 * a store from this one up is used as it is, an older one is refused
 * until `pwpol store upgrade`. A step whose tables this pwpol's code needs
 * raises it to its own layout. */
#define USABLE_FROM 9 /* the accounts' own aging is read and written (layout 9) */

/* ---- opening ---------------------------------------------------------- */

/* 1 if the connection options name `key` (URI, service or environment). */
static int uri_sets(const char *uri, const char *key, int *bad, char *why, size_t n)
{
	char *msg = NULL;
	PQconninfoOption *o = PQconninfoParse(uri, &msg);
	if (!o) {
		/* libpq may quote the whole URI, password and all: never repeat it. */
		char *at = msg && uri[0] ? strstr(msg, uri) : NULL;
		char scrubbed[512];
		if (at)
			snprintf(scrubbed, sizeof scrubbed, "%.*s(the URI)%s", (int)(at - msg), msg,
			         at + strlen(uri));
		pwpol__pg_one_line(why, n, at ? scrubbed : msg ? msg : "out of memory");
		PQfreemem(msg);
		*bad = 1;
		return 0;
	}
	int set = 0;
	for (PQconninfoOption *p = o; p->keyword; p++)
		if (!strcmp(p->keyword, key) && p->val && p->val[0])
			set = 1;
	PQconninfoFree(o);
	return set;
}

/* A one-value query as an integer, or -1. */
long long pwpol__pg_query_int(pwpol_store *s, const char *sql, const char *what,
                              enum pwpol_status *st)
{
	PGresult *r = pwpol__pg_exec(s, sql, 0, NULL, PGRES_TUPLES_OK, what, st);
	long long v = -1;
	if (r && PQntuples(r) == 1)
		v = pwpol__pg_int_at(r, 0, 0);
	PQclear(r);
	return v;
}

static long long table_exists(pwpol_store *s, const char *name, enum pwpol_status *st)
{
	const char *p[] = {name};
	PGresult *r = pwpol__pg_exec(s,
	                             "SELECT count(*) FROM information_schema.tables "
	                             "WHERE table_schema = current_schema() AND table_name = $1",
	                             1, p, PGRES_TUPLES_OK, "cannot read the store", st);
	long long v = r && PQntuples(r) == 1 ? pwpol__pg_int_at(r, 0, 0) : -1;
	PQclear(r);
	return v;
}

/* The layout and (*compat) the compatible version in a row of pwpol_meta
 * (SELECT *: a store before layout 7 has no column `layout`, and its
 * `version` is both); -1 when the row holds none. */
static int meta_row(const PGresult *r, int *compat)
{
	int v = PQfnumber(r, "version"), l = PQfnumber(r, "layout");
	if (PQntuples(r) != 1 || v < 0 || PQgetisnull(r, 0, v))
		return -1;
	*compat = (int)pwpol__pg_int_at(r, 0, v);
	int layout = l < 0 || PQgetisnull(r, 0, l) ? *compat : (int)pwpol__pg_int_at(r, 0, l);
	return layout > *compat ? layout : *compat;
}

/* The stored layout version, and (*compat) the oldest layout a pwpol must
 * know to use it; 0 when the database holds no store at all. The version
 * row is read first: at every open of a store that is there it is the only
 * query (a new backend's catalog is cold, and the information_schema views
 * cost milliseconds). */
static int stored_version(pwpol_store *s, int *compat, enum pwpol_status *st)
{
	PGresult *r = PQexec(pwpol__pg(s)->c, "SELECT * FROM pwpol_meta WHERE id = 1");
	const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
	long long v = -1;
	*st = PWPOL_OK;
	*compat = 0;
	if (r && PQresultStatus(r) == PGRES_TUPLES_OK)
		v = meta_row(r, compat);
	else if (!state || strcmp(state, "42P01") != 0) /* 42P01: no such table */
		*st = pwpol__pg_fail(s, r, "cannot read the store's layout version");
	PQclear(r);
	if (*st != PWPOL_OK)
		return -1;
	if (v >= 1 && *compat >= 1)
		return (int)v;
	long long meta = table_exists(s, "pwpol_meta", st);
	if (*st != PWPOL_OK)
		return -1;
	if (meta == 0) {
		long long a = table_exists(s, "accounts", st);
		long long h = *st == PWPOL_OK ? table_exists(s, "history", st) : 0;
		if (*st != PWPOL_OK)
			return -1;
		if (a || h) {
			*st = pwpol__store_fail(s, PWPOL_ESYSTEM,
			                        "%s: not a pwpol store (tables accounts or history "
			                        "without pwpol_meta)",
			                        pwpol__pg(s)->label);
			return -1;
		}
		return 0;
	}
	*st = pwpol__store_fail(s, PWPOL_ESYSTEM,
	                        "%s: not a pwpol store (pwpol_meta holds no version)",
	                        pwpol__pg(s)->label);
	return -1;
}

/* Walks the steps from `from` to SCHEMA_VERSION in one transaction. The
 * version row (or, for a new store, the meta table) is taken first, so two
 * nodes upgrading at once do it once: the second waits, then finds the
 * work done or fails on the table the first made and looks again. */
static enum pwpol_status migrate(pwpol_store *s, int from)
{
	enum pwpol_status st = pwpol__pg_run(s, "BEGIN", 0, NULL, "cannot upgrade the store");
	if (st != PWPOL_OK)
		return st;
	int ver = from;
	if (from == 0) {
		st = pwpol__pg_run(s, meta_table, 0, NULL, "cannot make the store");
		if (st == PWPOL_OK)
			st = pwpol__pg_run(s, "INSERT INTO pwpol_meta (id, version) VALUES (1, 0)",
			                   0, NULL, "cannot make the store");
	} else {
		int compat;
		PGresult *r =
		    pwpol__pg_exec(s, "SELECT * FROM pwpol_meta WHERE id = 1 FOR UPDATE", 0, NULL,
		                   PGRES_TUPLES_OK, "cannot lock the store to upgrade it", &st);
		ver = r ? meta_row(r, &compat) : -1;
		PQclear(r);
		if (st == PWPOL_OK && ver < 1)
			st = pwpol__store_fail(
			    s, PWPOL_ESYSTEM, "%s: not a pwpol store (pwpol_meta holds no version)",
			    pwpol__pg(s)->label);
	}
	for (int v = ver; st == PWPOL_OK && v < SCHEMA_VERSION; v++)
		st = pwpol__pg_run(s, step[v], 0, NULL, "cannot upgrade the store");
	char set[96];
	snprintf(set, sizeof set, "UPDATE pwpol_meta SET version = %d, layout = %d WHERE id = 1",
	         COMPATIBLE, SCHEMA_VERSION);
	if (st == PWPOL_OK && ver < SCHEMA_VERSION)
		st = pwpol__pg_run(s, set, 0, NULL, "cannot upgrade the store");
	if (st == PWPOL_OK) {
		PGresult *r = pwpol__pg_exec(s, "COMMIT", 0, NULL, PGRES_COMMAND_OK,
		                             "cannot upgrade the store", &st);
		if (r && strcmp(PQcmdStatus(r), "COMMIT") != 0)
			st = pwpol__store_fail(s, PWPOL_ESYSTEM, "%s: cannot upgrade the store",
			                       pwpol__pg(s)->label);
		PQclear(r);
		return st;
	}
	char keep[sizeof s->err];
	memcpy(keep, s->err, sizeof keep);
	PQclear(PQexec(pwpol__pg(s)->c, "ROLLBACK"));
	memcpy(s->err, keep, sizeof keep);
	return st;
}

static enum pwpol_status recognise(pwpol_store *s, int create)
{
	enum pwpol_status st = PWPOL_OK;
	for (int attempt = 0; attempt < CREATE_ATTEMPTS; attempt++) {
		int compat;
		int ver = stored_version(s, &compat, &st);
		if (st != PWPOL_OK)
			return st;
		s->layout_was = s->layout_now = ver;
		s->layout_known = SCHEMA_VERSION;
		if (compat > SCHEMA_VERSION)
			return pwpol__store_fail(
			    s, PWPOL_ESYSTEM,
			    "%s: the store has layout version %d, newer than "
			    "this pwpol knows (%d), and needs a pwpol that knows "
			    "layout %d at least: install the newer pwpol here",
			    pwpol__pg(s)->label, ver, SCHEMA_VERSION, compat);
		if (ver >= SCHEMA_VERSION)
			return PWPOL_OK;
		if (ver == 0 && create != 1)
			return pwpol__store_fail(
			    s, PWPOL_ESYSTEM,
			    "%s: no pwpol store in this database (`pwpol init` "
			    "makes one)",
			    pwpol__pg(s)->label);
		/* Nodes still on the older package use this store: only `pwpol
		 * store upgrade` changes its layout, never a login or a command. */
		if (ver > 0 && create != PWPOL__OPEN_UPGRADE) {
			if (ver >= USABLE_FROM)
				return PWPOL_OK;
			return pwpol__store_fail(s, PWPOL_ESYSTEM,
			                         "%s: the store has layout version %d, older than "
			                         "this pwpol can use (%d): `pwpol store upgrade` "
			                         "brings it up",
			                         pwpol__pg(s)->label, ver, USABLE_FROM);
		}
		st = migrate(s, ver);
		if (st == PWPOL_OK)
			s->layout_now = SCHEMA_VERSION;
		if (st == PWPOL_OK || PQstatus(pwpol__pg(s)->c) == CONNECTION_BAD)
			return st;
		/* Another node may have made it meanwhile: look again. */
	}
	return st;
}

static void ignore_notice(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

/* The connect timeout libpq settled on (from the URI, a service, the
 * environment or ours), in seconds; 0 is none. libpq reads 1 as 2. */
static int timeout_of(PGconn *c)
{
	int t = 0;
	PQconninfoOption *o = PQconninfo(c);
	for (PQconninfoOption *p = o; p && p->keyword; p++)
		if (!strcmp(p->keyword, "connect_timeout") && p->val && p->val[0])
			t = atoi(p->val);
	PQconninfoFree(o);
	return t == 1 ? 2 : t < 0 ? 0 : t;
}

static long long ms_since(const struct timespec *a)
{
	struct timespec b;
	clock_gettime(CLOCK_MONOTONIC, &b);
	return (long long)(b.tv_sec - a->tv_sec) * 1000 + (b.tv_nsec - a->tv_nsec) / 1000000;
}

/* PQconnectdbParams's loop, run here so that the notice processor is in
 * place before the server can say anything (a server shutting down sends
 * a WARNING during the handshake, which libpq would print). *late is set
 * when the timeout ran out first. */
static PGconn *connect_loop(const char *const *keys, const char *const *vals, int expand, int *late)
{
	*late = 0;
	PGconn *c = PQconnectStartParams(keys, vals, expand);
	if (!c || PQstatus(c) == CONNECTION_BAD)
		return c;
	PQsetNoticeProcessor(c, ignore_notice, NULL);
	int timeout = timeout_of(c);
	struct timespec start;
	clock_gettime(CLOCK_MONOTONIC, &start);
	PostgresPollingStatusType ps = PGRES_POLLING_WRITING;
	while (ps != PGRES_POLLING_OK && ps != PGRES_POLLING_FAILED) {
		struct pollfd pfd = {PQsocket(c), ps == PGRES_POLLING_READING ? POLLIN : POLLOUT,
		                     0};
		long long left = timeout ? timeout * 1000LL - ms_since(&start) : -1;
		if (timeout && left <= 0) {
			*late = 1;
			return c;
		}
		int r = poll(&pfd, 1, (int)left);
		if (r < 0 && errno == EINTR)
			continue;
		if (r == 0) {
			*late = 1;
			return c;
		}
		ps = PQconnectPoll(c);
	}
	return c;
}

extern char **environ;

/*
 * In a host the connection is made with an empty environment. Giving every
 * keyword is not enough: libpq reads PGSERVICE, PGSERVICEFILE and
 * PGSYSCONFDIR whatever the keywords say (a service named there fills the
 * keywords left out, or fails the connection), sends PGTZ, PGDATESTYLE and
 * PGGEQO to the server, and binds its messages to PGLOCALEDIR at its first
 * message (a catalogue of the caller's whose strings are printf formats).
 * No call of libpq turns these off, so none of them is there to read: the
 * process's environment is put back before returning, and libpq's message
 * catalogue is bound inside (PQconninfoParse of a string without "=" makes
 * a message), once for the process. Another thread of the host that reads
 * its environment meanwhile sees none; a PAM conversation is one thread.
 */
static PGconn *connect_quietly(const char *const *keys, const char *const *vals, int hosted,
                               int *late)
{
	if (!hosted)
		return connect_loop(keys, vals, 1, late);
	static char *none[] = {NULL};
	char **caller = environ;
	environ = none;
	char *msg = NULL;
	PQconninfoFree(PQconninfoParse("pwpol", &msg));
	PQfreemem(msg);
	PGconn *c = connect_loop(keys, vals, 0, late);
	environ = caller;
	return c;
}

/* ---- a host's connection settings --------------------------------------- */

/* Keywords whose default is a file in a home directory (~/.pgpass,
 * ~/.postgresql/...): in a host, only a file the URI or the service names. */
static const char *const home_files[] = {"passfile",    "sslcert", "sslkey",
                                         "sslrootcert", "sslcrl",  "sslcrldir"};

/* What a host's connection is made of. o: every keyword libpq knows, with
 * the URI's values; svc[i]: the service's value of o[i] (pointing into
 * text), or NULL; key/val: what libpq is given. */
struct hosted {
	PQconninfoOption *o;
	char *text;
	size_t len;
	const char **svc;
	const char **key, **val;
};

static void hosted_free(struct hosted *h)
{
	PQconninfoFree(h->o);
	if (h->text)
		pwpol_wipe(h->text, h->len); /* a service may hold a password */
	free(h->text);
	free(h->svc);
	free(h->key);
	free(h->val);
}

static int keyword_at(const PQconninfoOption *o, const char *key)
{
	for (int i = 0; o[i].keyword; i++)
		if (!strcmp(o[i].keyword, key))
			return i;
	return -1;
}

/* The value the URI or the service gives key, or NULL. */
static const char *given(const struct hosted *h, const char *key)
{
	int i = keyword_at(h->o, key);
	if (i < 0)
		return NULL;
	return h->o[i].val && h->o[i].val[0] ? h->o[i].val : h->svc[i];
}

/* Reads the whole system service file, opened on trust. */
static enum pwpol_status read_service_file(pwpol_store *s, struct hosted *h)
{
	char why[PATH_MAX + 160];
	int fd = pwpol__open_trusted(PWPOL_PG_SERVICE_FILE, O_RDONLY, why, sizeof why);
	if (fd < 0)
		return pwpol__store_fail(s, PWPOL_ESYSTEM, "cannot read the service file: %s", why);
	h->text = malloc(SERVICE_FILE_MAX + 1);
	if (!h->text) {
		close(fd);
		return pwpol__store_fail(s, PWPOL_ENOMEM, "out of memory");
	}
	for (;;) {
		ssize_t r = read(fd, h->text + h->len, SERVICE_FILE_MAX + 1 - h->len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			close(fd);
			return pwpol__store_fail(s, PWPOL_ESYSTEM, "%s: %s", PWPOL_PG_SERVICE_FILE,
			                         strerror(errno));
		}
		if (r == 0)
			break;
		h->len += (size_t)r;
		if (h->len > SERVICE_FILE_MAX) {
			close(fd);
			return pwpol__store_fail(s, PWPOL_ESYSTEM, "%s: larger than %d bytes",
			                         PWPOL_PG_SERVICE_FILE, SERVICE_FILE_MAX);
		}
	}
	close(fd);
	h->text[h->len] = 0;
	return PWPOL_OK;
}

/* The [name] section of the system's service file, read as libpq reads a
 * service file (key=value lines, '#' comments, the first value of a key
 * kept), into h->svc. */
static enum pwpol_status read_service(pwpol_store *s, struct hosted *h, const char *name)
{
	enum pwpol_status st = read_service_file(s, h);
	if (st != PWPOL_OK)
		return st;
	int in = 0, found = 0, lineno = 0;
	size_t nlen = strlen(name);
	for (char *line = h->text, *next; line; line = next) {
		lineno++;
		next = strchr(line, '\n');
		if (next)
			*next++ = 0;
		size_t len = strlen(line);
		while (len &&
		       (line[len - 1] == ' ' || line[len - 1] == '\t' || line[len - 1] == '\r'))
			line[--len] = 0;
		while (*line == ' ' || *line == '\t')
			line++;
		if (!*line || *line == '#')
			continue;
		if (*line == '[') {
			if (found)
				break;
			in = found = !strncmp(line + 1, name, nlen) && line[nlen + 1] == ']';
			continue;
		}
		if (!in)
			continue;
		char *eq = strchr(line, '=');
		int i = -1;
		if (eq) {
			*eq = 0;
			i = keyword_at(h->o, line);
		}
		if (i < 0 || !strcmp(line, "service"))
			return pwpol__store_fail(s, PWPOL_EINVAL,
			                         "%s, line %d: not a connection keyword a host "
			                         "reads (\"%s\")",
			                         PWPOL_PG_SERVICE_FILE, lineno, line);
		if (!h->svc[i])
			h->svc[i] = eq + 1;
	}
	if (!found)
		return pwpol__store_fail(s, PWPOL_EINVAL, "service \"%s\" is not defined in %s",
		                         name, PWPOL_PG_SERVICE_FILE);
	return PWPOL_OK;
}

/*
 * A host's keywords: the URI's, then the system service file's, and for
 * the rest the library's own: no home file (NO_FILE), our connect
 * timeout, no GSSAPI encryption (the caller's Kerberos credential cache
 * would be used), and libpq's compiled defaults for everything else. The
 * environment is not read (connect_quietly).
 */
static enum pwpol_status hosted_settings(pwpol_store *s, const char *uri, struct hosted *h)
{
	char *msg = NULL;
	h->o = PQconninfoParse(uri, &msg);
	PQfreemem(msg); /* uri_sets told why already */
	if (!h->o)
		return pwpol__store_fail(s, PWPOL_EINVAL, "not a valid PostgreSQL connection URI");
	int n = 0;
	while (h->o[n].keyword)
		n++;
	h->svc = calloc((size_t)n, sizeof *h->svc);
	h->key = calloc((size_t)n + 1, sizeof *h->key);
	h->val = calloc((size_t)n + 1, sizeof *h->val);
	if (!h->svc || !h->key || !h->val)
		return pwpol__store_fail(s, PWPOL_ENOMEM, "out of memory");
	int at = keyword_at(h->o, "service");
	if (at >= 0 && h->o[at].val && h->o[at].val[0]) {
		enum pwpol_status st = read_service(s, h, h->o[at].val);
		if (st != PWPOL_OK)
			return st;
	}
	const char *mode = given(h, "sslmode");
	if (mode && !strncmp(mode, "verify", 6) && !given(h, "sslrootcert"))
		return pwpol__store_fail(s, PWPOL_EINVAL,
		                         "sslmode=%s needs sslrootcert= in the URI or the service: "
		                         "in a host (PAM) no home directory is read",
		                         mode);
	int k = 0;
	for (int i = 0; i < n; i++) {
		const char *key = h->o[i].keyword, *v = given(h, key);
		if (!strcmp(key, "service"))
			continue;
		for (size_t j = 0; !v && j < sizeof home_files / sizeof home_files[0]; j++)
			if (!strcmp(key, home_files[j]))
				v = NO_FILE;
		if (!v && !strcmp(key, "connect_timeout"))
			v = CONNECT_TIMEOUT;
		if (!v && !strcmp(key, "fallback_application_name"))
			v = "pwpol";
		if (!v && !strcmp(key, "gssencmode"))
			v = "disable";
		if (v)
			h->key[k] = key, h->val[k++] = v;
	}
	return PWPOL_OK;
}

void pwpol__pg_close(pwpol_store *s)
{
	struct pg *g = pwpol__pg(s);
	if (!g)
		return;
	PQfinish(g->c);
	free(g);
	s->impl = NULL;
}

enum pwpol_status pwpol__pg_open(pwpol_store *s, const char *uri, int create)
{
	struct pg *g = calloc(1, sizeof *g);
	if (!g)
		return pwpol__store_fail(s, PWPOL_ENOMEM, "out of memory");
	s->impl = g;
	snprintf(g->label, sizeof g->label, "the PostgreSQL store");
	char why[256];
	int bad = 0;
	int own_timeout =
	    uri_sets(uri, "connect_timeout", &bad, why, sizeof why) ||
	    uri_sets(uri, "service", &bad, why, sizeof why) ||
	    (pwpol__env_trusted() && (getenv("PGCONNECT_TIMEOUT") || getenv("PGSERVICE")));
	if (bad) {
		pwpol__pg_close(s);
		return pwpol__store_fail(s, PWPOL_EINVAL,
		                         "not a valid PostgreSQL connection URI: %s", why);
	}
	/* Later entries win: the URI (dbname, expanded) overrides our defaults. */
	const char *keys[4], *vals[4];
	int n = 0;
	keys[n] = "fallback_application_name", vals[n++] = "pwpol";
	if (!own_timeout)
		keys[n] = "connect_timeout", vals[n++] = CONNECT_TIMEOUT;
	keys[n] = "dbname", vals[n++] = uri;
	keys[n] = NULL, vals[n] = NULL;
	struct hosted h = {0};
	int hosted = !pwpol__env_trusted();
	if (hosted) {
		enum pwpol_status st = hosted_settings(s, uri, &h);
		if (st != PWPOL_OK) {
			hosted_free(&h);
			pwpol__pg_close(s);
			return st;
		}
	}
	int late;
	g->c = hosted ? connect_quietly(h.key, h.val, 1, &late)
	              : connect_quietly(keys, vals, 0, &late);
	hosted_free(&h);
	if (!g->c) {
		pwpol__pg_close(s);
		return pwpol__store_fail(s, PWPOL_ENOMEM, "out of memory");
	}
	pwpol__pg_make_label(g);
	if (late || PQstatus(g->c) != CONNECTION_OK) {
		if (late)
			snprintf(why, sizeof why, "no answer within %d s (connect_timeout)",
			         timeout_of(g->c));
		else
			pwpol__pg_one_line(why, sizeof why, PQerrorMessage(g->c));
		pwpol__store_fail(s, PWPOL_ESYSTEM, "%s: cannot connect to the store: %s", g->label,
		                  why);
		pwpol__pg_close(s);
		return PWPOL_ESYSTEM;
	}
	/* The library's own limits, set after the connection so that neither
	 * the URI's options nor the environment's undo them. */
	enum pwpol_status st =
	    pwpol__pg_run(s, session_limits, 0, NULL, "cannot set up the connection");
	if (st == PWPOL_OK)
		st = recognise(s, create);
	if (st != PWPOL_OK)
		pwpol__pg_close(s);
	return st;
}

/* ---- check ------------------------------------------------------------- */

/* The server keeps its own pages consistent (there is no integrity_check
 * to run from a client): what is checked is pwpol's part. */
/* What logins, the lockout and a user's own change need of the role the
 * store is opened as (README, "A fleet", grants exactly these): the role
 * and, when it lacks any, the list of what it lacks. */
static const char sql_rights[] =
    "SELECT current_user, string_agg(what, ', ' ORDER BY n) FROM (VALUES "
    "(1, 'SELECT ON pwpol_meta', has_table_privilege('pwpol_meta', 'SELECT')), "
    "(2, 'SELECT ON config_commits', has_table_privilege('config_commits', 'SELECT')), "
    "(3, 'SELECT ON accounts', has_table_privilege('accounts', 'SELECT')), "
    "(4, 'UPDATE (hash) ON accounts', has_column_privilege('accounts', 'hash', 'UPDATE')), "
    "(5, 'UPDATE (changed) ON accounts', has_column_privilege('accounts', 'changed', 'UPDATE')), "
    "(6, 'UPDATE (flags) ON accounts', has_column_privilege('accounts', 'flags', 'UPDATE')), "
    "(7, 'UPDATE (failures) ON accounts', "
    "has_column_privilege('accounts', 'failures', 'UPDATE')), "
    "(8, 'UPDATE (locked_until) ON accounts', "
    "has_column_privilege('accounts', 'locked_until', 'UPDATE')), "
    "(9, 'UPDATE (last_failure) ON accounts', "
    "has_column_privilege('accounts', 'last_failure', 'UPDATE')), "
    "(10, 'SELECT ON history', has_table_privilege('history', 'SELECT')), "
    "(11, 'INSERT ON history', has_table_privilege('history', 'INSERT')), "
    "(12, 'DELETE ON history', has_table_privilege('history', 'DELETE')), "
    "(13, 'SELECT ON refusals', has_table_privilege('refusals', 'SELECT')), "
    "(14, 'INSERT ON refusals', has_table_privilege('refusals', 'INSERT')), "
    "(15, 'UPDATE ON refusals', has_table_privilege('refusals', 'UPDATE'))"
    ") AS t(n, what, ok) WHERE NOT ok";

/* A role that lacks a right a login needs can log nobody in: said here,
 * named, rather than by the first login's store error. */
static enum pwpol_status check_rights(pwpol_store *s)
{
	enum pwpol_status st;
	PGresult *r = pwpol__pg_exec(s, sql_rights, 0, NULL, PGRES_TUPLES_OK,
	                             "cannot read the role's rights", &st);
	if (!r)
		return st;
	if (PQntuples(r) == 1 && !PQgetisnull(r, 0, 1))
		st = pwpol__store_fail(s, PWPOL_ESYSTEM,
		                       "%s: the role %s lacks what logins need: %s (README, \"A "
		                       "fleet\", grants them)",
		                       pwpol__pg(s)->label, PQgetvalue(r, 0, 0),
		                       PQgetvalue(r, 0, 1));
	PQclear(r);
	return st;
}

enum pwpol_status pwpol__pg_check(pwpol_store *s, int *version)
{
	enum pwpol_status st;
	int compat;
	*version = stored_version(s, &compat, &st);
	if (st != PWPOL_OK)
		return st;
	long long orphans = pwpol__pg_query_int(s,
	                                        "SELECT count(*) FROM history WHERE account NOT IN "
	                                        "(SELECT name FROM accounts)",
	                                        "cannot read the password history", &st);
	if (st == PWPOL_OK && orphans > 0)
		st = pwpol__store_fail(s, PWPOL_ESYSTEM,
		                       "%s: %lld history rows belong to no account",
		                       pwpol__pg(s)->label, orphans);
	if (st == PWPOL_OK)
		st = check_rights(s);
	return st;
}
