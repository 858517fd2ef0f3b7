/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_permit.c - who may do what, through the library: the layout 3 -> 4 (-> 5)
 * migration (every account kept, the system accounts super-users), the
 * classes of a configuration, each permission of each class on a store
 * handle acting as an account, an actor whose password must change first,
 * disabled accounts refused as a wrong password, and the audit events that
 * say who acted on whom.
 *
 * With PWPOL_TEST_PG set to a PostgreSQL URI (tests/pg-server.sh run), the
 * same tests run against that database.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <libpq-fe.h>
#include <sqlite3.h>

#include "pwpol.h"

#define T0  1700000000L
#define DAY 86400L
#define PW  "Kx7#mWq2vL"
#define NEW "Qz4%pLw8Nr!t"

struct fixture {
	char dir[64], path[512];
	pwpol_store *s;
	pwpol_policy *p;
	pwpol_report *r;
};

static const char *pg_uri(void)
{
	const char *pg = getenv("PWPOL_TEST_PG");
	return pg && pg[0] ? pg : NULL;
}

static void pg_exec(const char *uri, const char *sql)
{
	PGconn *c = PQconnectdb(uri);
	assert_int_equal(PQstatus(c), CONNECTION_OK);
	PGresult *r = PQexec(c, sql);
	if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK)
		fail_msg("%s: %s", sql, PQerrorMessage(c));
	PQclear(r);
	PQfinish(c);
}

static const char classes_conf[] = "system { login {\n"
                                   "  class auditor { permissions [ admin view ]; }\n"
                                   "  class keeper { permissions [ admin admin-control ]; }\n"
                                   "  class everything { permissions all; }\n"
                                   "  class viewer { permissions [ view configure clear ]; }\n"
                                   "  password { maximum-lifetime 60; minimum-reuse 1; }\n"
                                   "} }\n";

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	assert_non_null(f);
	snprintf(f->dir, sizeof f->dir, "/tmp/pwpol-permit-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->path, sizeof f->path, "%s/a.db", f->dir);
	if (pg_uri()) {
		snprintf(f->path, sizeof f->path, "%s", pg_uri());
		pg_exec(pg_uri(), "DROP TABLE IF EXISTS accounts, history, refusals, "
		                  "config_commits, api_tokens, fleet_ids, fleet_state, pwpol_meta");
	}
	pwpol_config_errors *e = NULL;
	assert_int_equal(
	    pwpol_config_parse(classes_conf, strlen(classes_conf), "classes", &f->p, &e), PWPOL_OK);
	pwpol_config_errors_free(e);
	assert_int_equal(pwpol_report_new(&f->r), PWPOL_OK);
	*state = f;
	return 0;
}

static int open_store(void **state)
{
	setup(state);
	struct fixture *f = *state;
	char err[256];
	assert_int_equal(pwpol_store_open(&f->s, f->path, 1, err, sizeof err), PWPOL_OK);
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	pwpol_store_close(f->s);
	pwpol_policy_free(f->p);
	pwpol_report_free(f->r);
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
	assert_int_equal(system(cmd), 0);
	free(f);
	return 0;
}

static struct pwpol_account_info info(struct fixture *f, const char *name)
{
	struct pwpol_account_info i;
	assert_int_equal(pwpol_account_info(f->s, f->p, name, T0, &i), PWPOL_OK);
	return i;
}

/* ---- layout 3 -> 4 ------------------------------------------------------- */

/* The tables of layout 3, as the pwpol before classes made them. */
static const char v3_tables[] =
    "CREATE TABLE accounts (name TEXT PRIMARY KEY NOT NULL, hash TEXT NOT NULL, "
    "changed INTEGER NOT NULL, flags INTEGER NOT NULL DEFAULT 0, failures INTEGER NOT NULL "
    "DEFAULT 0, locked_until INTEGER NOT NULL DEFAULT 0);"
    "CREATE TABLE history (account TEXT NOT NULL, seq INTEGER NOT NULL, hash TEXT NOT NULL, "
    "PRIMARY KEY (account, seq));"
    "CREATE TABLE refusals (kind TEXT PRIMARY KEY NOT NULL, n INTEGER NOT NULL DEFAULT 0);"
    "CREATE TABLE config_commits (seq BIGINT PRIMARY KEY NOT NULL, time BIGINT NOT NULL, "
    "author TEXT NOT NULL, comment TEXT NOT NULL DEFAULT '', text TEXT NOT NULL, "
    "confirm_by BIGINT NOT NULL DEFAULT 0, reuse_since BIGINT NOT NULL DEFAULT 0);";

static void test_migrate_v3(void **state)
{
	struct fixture *f = *state;
	char hash[PWPOL_HASH_MAX], sql[4096];
	assert_int_equal(pwpol_hash(PWPOL_FORMAT_SHA512, 1000, PW, strlen(PW), hash, sizeof hash),
	                 PWPOL_OK);
	snprintf(sql, sizeof sql,
	         "%s INSERT INTO accounts VALUES ('admin', '%s', %ld, 0, 0, 0), "
	         "('root', '%s', %ld, 0, 0, 0), ('t128', '%s', %ld, 0, 0, 0), "
	         "('alice', '%s', %ld, 1, 2, 0);"
	         "INSERT INTO history VALUES ('alice', 1, '%s');",
	         v3_tables, hash, T0, hash, T0, hash, T0, hash, T0, hash);
	if (pg_uri()) {
		pg_exec(f->path, sql);
		pg_exec(f->path, "CREATE TABLE pwpol_meta (id INTEGER PRIMARY KEY CHECK (id = 1), "
		                 "version INTEGER NOT NULL); INSERT INTO pwpol_meta VALUES (1, 3)");
	} else {
		sqlite3 *db;
		assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
		assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
		assert_int_equal(sqlite3_exec(db,
		                              "PRAGMA application_id = 1886875756; "
		                              "PRAGMA user_version = 3",
		                              NULL, NULL, NULL),
		                 SQLITE_OK);
		sqlite3_close(db);
		assert_int_equal(chmod(f->path, 0600), 0);
	}
	char err[256];
	if (pg_uri()) {
		/* A fleet's store is upgraded by `pwpol store upgrade` alone. */
		assert_int_equal(pwpol_store_open(&f->s, f->path, 0, err, sizeof err),
		                 PWPOL_ESYSTEM);
		assert_non_null(strstr(err, "layout version 3, older than this pwpol can use (9): "
		                            "`pwpol store upgrade` brings it up"));
		int from = 0, to = 0, known = 0;
		if (pwpol_store_upgrade(f->path, &from, &to, &known, err, sizeof err) != PWPOL_OK)
			fail_msg("%s", err);
		assert_int_equal(from, 3);
		assert_int_equal(to, 10);
		assert_int_equal(known, 10);
	}
	if (pwpol_store_open(&f->s, f->path, 0, err, sizeof err) != PWPOL_OK)
		fail_msg("%s", err);
	int version = 0;
	size_t n = 0;
	assert_int_equal(pwpol_store_check(f->s, &version, &n), PWPOL_OK);
	assert_int_equal(version, 10); /* 3 -> 4 -> ... -> 9 -> 10 */
	assert_int_equal(n, 4);
	const char *su[] = {"admin", "root", "t128"};
	for (size_t i = 0; i < 3; i++) {
		struct pwpol_account_info a = info(f, su[i]);
		assert_string_equal(a.account_class, "super-user");
		assert_int_equal(a.disabled, 0);
	}
	struct pwpol_account_info a = info(f, "alice");
	assert_string_equal(a.account_class, "unauthorized");
	assert_int_equal(a.flags, PWPOL_ACCOUNT_TEMPORARY);
	assert_int_equal(a.failures, 2);
	assert_int_equal(a.history, 1);
	enum pwpol_change_reason why;
	assert_int_equal(pwpol_account_authenticate(f->s, f->p, "root", PW, strlen(PW), T0, &why),
	                 PWPOL_OK);
}

/* ---- classes ------------------------------------------------------------- */

static void test_class_permissions(void **state)
{
	struct fixture *f = *state;
	const unsigned BOTH = PWPOL_PERMISSION_ADMIN | PWPOL_PERMISSION_ADMIN_CONTROL;
	const struct {
		const char *cls;
		enum pwpol_status st;
		unsigned perms;
	} want[] = {
	    {"super-user", PWPOL_OK, BOTH},
	    {"operator", PWPOL_OK, 0},
	    {"read-only", PWPOL_OK, 0},
	    {"unauthorized", PWPOL_OK, 0},
	    {"admin", PWPOL_OK, BOTH},
	    {"user", PWPOL_OK, 0},
	    {"auditor", PWPOL_OK, PWPOL_PERMISSION_ADMIN},
	    {"keeper", PWPOL_OK, BOTH},
	    {"everything", PWPOL_OK, BOTH},
	    {"viewer", PWPOL_OK, 0},
	    {"ghost", PWPOL_ENOENT, 0},
	};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		unsigned perms = 99;
		assert_int_equal(pwpol_class_permissions(f->p, want[i].cls, &perms), want[i].st);
		if (perms != want[i].perms)
			fail_msg("class %s: permissions %u, want %u", want[i].cls, perms,
			         want[i].perms);
	}
	/* A predefined name cannot be defined again; unknown words are errors. */
	const char *bad[] = {"system { login { class super-user { permissions admin; } } }",
	                     "set system login class operator permissions admin",
	                     "system { login { class x { permissions [ admin bogus ]; } } }"};
	for (size_t i = 0; i < 3; i++) {
		pwpol_policy *p = NULL;
		pwpol_config_errors *e = NULL;
		assert_int_equal(pwpol_config_parse(bad[i], strlen(bad[i]), "bad", &p, &e),
		                 PWPOL_EINVAL);
		assert_non_null(
		    strstr(pwpol_config_errors_get(e, 0),
		           i < 2 ? "a predefined class" : "unknown permission 'bogus'"));
		pwpol_config_errors_free(e);
	}
	/* Written back and read again, the classes are the same. */
	char *text = NULL;
	assert_int_equal(pwpol_config_write(f->p, &text), PWPOL_OK);
	assert_non_null(strstr(text, "class auditor {\n            permissions [ admin view ];"));
	pwpol_policy *again = NULL;
	assert_int_equal(pwpol_config_parse(text, strlen(text), "again", &again, NULL), PWPOL_OK);
	unsigned perms;
	assert_int_equal(pwpol_class_permissions(again, "keeper", &perms), PWPOL_OK);
	assert_int_equal(perms, BOTH);
	pwpol_policy_free(again);
	free(text);
}

/* ---- permissions of each class ------------------------------------------- */

/* admin, root, t128 (super-user) and one account per class, each with a
 * password of its own that need not be changed. */
static void populate(struct fixture *f)
{
	struct pwpol_secret s = {.pw = PW, .len = strlen(PW)};
	assert_int_equal(pwpol_account_init(f->s, f->p, &s, 0, T0, f->r), PWPOL_OK);
	const char *cls[] = {"operator", "read-only",  "unauthorized", "auditor",
	                     "keeper",   "everything", "viewer",       "user"};
	for (size_t i = 0; i < sizeof cls / sizeof cls[0]; i++) {
		char name[32];
		snprintf(name, sizeof name, "u-%s", cls[i]);
		struct pwpol_secret t = {.pw = "Temp#Pass123", .len = 12};
		assert_int_equal(pwpol_account_add(f->s, f->p, name, &t, T0, f->r), PWPOL_OK);
		assert_int_equal(pwpol_account_change(f->s, f->p, name, "Temp#Pass123", 12, NEW,
		                                      strlen(NEW), T0, f->r),
		                 PWPOL_OK);
		assert_int_equal(pwpol_account_set_class(f->s, f->p, name, cls[i], T0), PWPOL_OK);
		assert_string_equal(info(f, name).account_class, cls[i]);
	}
	struct pwpol_secret t = {.pw = "Temp#Pass123", .len = 12};
	assert_int_equal(pwpol_account_add(f->s, f->p, "bob", &t, T0, f->r), PWPOL_OK);
}

static int cb_count(const struct pwpol_account_info *a, void *ctx)
{
	(void)a;
	++*(int *)ctx;
	return 0;
}

static int cb_commit(const struct pwpol_commit_info *c, void *ctx)
{
	(void)c;
	++*(int *)ctx;
	return 0;
}

/* What one actor may do: every administrative call, each answered OK or
 * NOT_PERMITTED as its class says. */
static void try_as(struct fixture *f, const char *actor, int admin, int control)
{
	enum pwpol_status see = admin ? PWPOL_OK : PWPOL_NOT_PERMITTED;
	enum pwpol_status change = control ? PWPOL_OK : PWPOL_NOT_PERMITTED;
	assert_int_equal(pwpol_store_act_as(f->s, f->p, actor, T0), PWPOL_OK);
	assert_string_equal(pwpol_store_actor(f->s), actor ? actor : "root");
	struct pwpol_account_info a;
	int n = 0;
	assert_int_equal(pwpol_account_info(f->s, f->p, "bob", T0, &a), see);
	if (see != PWPOL_OK) {
		assert_non_null(strstr(pwpol_store_error(f->s), "not permitted"));
		assert_non_null(strstr(pwpol_store_error(f->s), "admin permission"));
	}
	assert_int_equal(pwpol_account_each(f->s, f->p, T0, cb_count, &n), see);
	assert_int_equal(pwpol_config_history(f->s, T0, cb_commit, &n), see);
	char *text = NULL;
	enum pwpol_status st = pwpol_config_committed(f->s, 0, T0, &text, NULL);
	if (admin) /* none in the first round, one after */
		assert_true(st == PWPOL_OK || st == PWPOL_ENOENT);
	else
		assert_int_equal(st, PWPOL_NOT_PERMITTED);
	free(text);
	if (actor) /* its own account needs nothing */
		assert_int_equal(pwpol_account_info(f->s, f->p, actor, T0, &a), PWPOL_OK);
	assert_int_equal(pwpol_account_unlock(f->s, "bob", T0), change);
	if (change != PWPOL_OK)
		assert_non_null(strstr(pwpol_store_error(f->s), "admin-control permission"));
	assert_int_equal(pwpol_account_set_enabled(f->s, f->p, "bob", 1, T0), change);
	assert_int_equal(pwpol_account_set_class(f->s, f->p, "bob", "unauthorized", T0), change);
	static int round;
	char fresh[32];
	snprintf(fresh, sizeof fresh, "Fresh#Pass%03d", round++); /* not bob's last one */
	struct pwpol_secret t = {.pw = fresh, .len = strlen(fresh)};
	assert_int_equal(pwpol_account_reset(f->s, f->p, "bob", &t, T0, f->r), change);
	assert_int_equal(pwpol_account_add(f->s, f->p, "carol", &t, T0, f->r), change);
	assert_int_equal(pwpol_account_delete(f->s, f->p, "carol", T0), change);
	assert_int_equal(
	    pwpol_account_import(f->s, f->p, "dave", "$6$abcdefgh$" /* bad */, T0, T0, f->r),
	    control ? PWPOL_EINVAL : PWPOL_NOT_PERMITTED);
	struct pwpol_init_opts o = {.flags = PWPOL_INIT_FORCE, .old = "wrong", .oldlen = 5};
	struct pwpol_secret s = {.pw = NEW, .len = strlen(NEW)};
	assert_int_equal(pwpol_account_init_with(f->s, f->p, &s, &o, T0, f->r),
	                 control ? PWPOL_REJECTED : PWPOL_NOT_PERMITTED);
	struct pwpol_commit_opts co = {.author = "t"};
	const char *conf = "system { login { password { minimum-length 12; } } }";
	assert_int_equal(pwpol_config_commit(f->s, conf, strlen(conf), &co, T0, NULL, NULL),
	                 change);
	assert_int_equal(pwpol_config_confirm(f->s, T0, NULL),
	                 control ? PWPOL_ENOENT : PWPOL_NOT_PERMITTED);
	assert_int_equal(pwpol_config_rollback(f->s, 0, &co, T0, NULL, NULL),
	                 control ? PWPOL_OK : PWPOL_NOT_PERMITTED);
	if (control) {
		/* The commit is in the actor's name, not the face's. */
		struct pwpol_commit_info ci;
		assert_int_equal(pwpol_store_act_as(f->s, f->p, NULL, T0), PWPOL_OK);
		assert_int_equal(pwpol_config_committed(f->s, 0, T0, &text, &ci), PWPOL_OK);
		assert_string_equal(ci.author, actor ? actor : "t");
		free(text);
		assert_int_equal(pwpol_store_act_as(f->s, f->p, actor, T0), PWPOL_OK);
	}
	/* An account's own password: always. */
	if (actor && strncmp(actor, "u-", 2) == 0) {
		assert_int_equal(pwpol_account_change(f->s, f->p, actor, NEW, strlen(NEW),
		                                      "Other#Pass789", 13, T0 + 2 * DAY, f->r),
		                 PWPOL_OK);
	}
	assert_int_equal(pwpol_store_act_as(f->s, f->p, NULL, T0), PWPOL_OK);
}

static void test_each_class(void **state)
{
	struct fixture *f = *state;
	populate(f);
	const struct {
		const char *actor;
		int admin, control;
	} who[] = {
	    {NULL, 1, 1},
	    {"admin", 1, 1},
	    {"root", 1, 1},
	    {"t128", 1, 1},
	    {"u-operator", 0, 0},
	    {"u-read-only", 0, 0},
	    {"u-unauthorized", 0, 0},
	    {"u-auditor", 1, 0},
	    {"u-keeper", 1, 1},
	    {"u-everything", 1, 1},
	    {"u-viewer", 0, 0},
	    {"u-user", 0, 0},
	};
	for (size_t i = 0; i < sizeof who / sizeof who[0]; i++) {
		struct pwpol_config_errors *none = NULL;
		(void)none;
		try_as(f, who[i].actor, who[i].admin, who[i].control);
		/* Each round starts from the same store: the commits undone
		 * do not matter, bob and carol are as they were. */
	}
	/* An unknown actor permits nothing, and says so at once. */
	assert_int_equal(pwpol_store_act_as(f->s, f->p, "nobody", T0), PWPOL_ENOENT);
	assert_int_equal(pwpol_account_unlock(f->s, "bob", T0), PWPOL_NOT_PERMITTED);
	assert_string_equal(pwpol_store_actor(f->s), "nobody");
}

/* A class the configuration in force does not define holds nothing. */
static void test_unknown_class(void **state)
{
	struct fixture *f = *state;
	populate(f);
	pwpol_policy *plain = NULL;
	assert_int_equal(pwpol_policy_new(&plain, "ssr"), PWPOL_OK);
	assert_int_equal(pwpol_store_act_as(f->s, plain, "u-keeper", T0), PWPOL_OK);
	assert_int_equal(pwpol_account_unlock(f->s, "bob", T0), PWPOL_NOT_PERMITTED);
	assert_non_null(strstr(pwpol_store_error(f->s), "of class keeper, which the configuration "
	                                                "in force does not define"));
	assert_int_equal(pwpol_store_act_as(f->s, f->p, NULL, T0), PWPOL_OK);
	assert_int_equal(pwpol_account_set_class(f->s, plain, "bob", "keeper", T0), PWPOL_EINVAL);
	assert_non_null(strstr(pwpol_store_error(f->s), "no such class"));
	pwpol_policy_free(plain);
}

/* An actor whose password has expired (or is temporary) may change it and
 * nothing else; after the change it acts with its class again. */
static void test_expired_actor(void **state)
{
	struct fixture *f = *state;
	populate(f);
	long later = T0 + 61 * DAY; /* maximum-lifetime 60 */
	char why[256];
	assert_int_equal(pwpol_store_act_as(f->s, f->p, "u-keeper", later), PWPOL_OK);
	assert_int_equal(pwpol_store_permits(f->s, PWPOL_PERMISSION_ADMIN, why, sizeof why),
	                 PWPOL_NOT_PERMITTED);
	assert_string_equal(why, "not permitted: u-keeper: the password is expired; it must be "
	                         "changed first (pwpol passwd u-keeper), and nothing else is "
	                         "permitted until then");
	/* A face asks why, to send the person to the change with its words. */
	enum pwpol_change_reason reason = PWPOL_REASON_NONE;
	assert_int_equal(pwpol_store_actor_reason(f->s, &reason), PWPOL_OK);
	assert_int_equal(reason, PWPOL_REASON_EXPIRED);
	assert_int_equal(pwpol_store_actor_reason(f->s, NULL), PWPOL_EINVAL);
	assert_int_equal(pwpol_account_unlock(f->s, "bob", later), PWPOL_NOT_PERMITTED);
	struct pwpol_account_info a;
	assert_int_equal(pwpol_account_info(f->s, f->p, "u-keeper", later, &a),
	                 PWPOL_NOT_PERMITTED);
	assert_int_equal(pwpol_account_change(f->s, f->p, "u-keeper", NEW, strlen(NEW),
	                                      "Other#Pass789", 13, later, f->r),
	                 PWPOL_OK);
	assert_int_equal(pwpol_store_act_as(f->s, f->p, "u-keeper", later), PWPOL_OK);
	assert_int_equal(pwpol_store_actor_reason(f->s, &reason), PWPOL_OK);
	assert_int_equal(reason, PWPOL_REASON_NONE);
	assert_int_equal(pwpol_account_unlock(f->s, "bob", later), PWPOL_OK);
	/* bob's password is temporary: he holds nothing, whatever his class. */
	assert_int_equal(pwpol_store_act_as(f->s, f->p, NULL, T0), PWPOL_OK);
	reason = PWPOL_REASON_EXPIRED;
	assert_int_equal(pwpol_store_actor_reason(f->s, &reason), PWPOL_OK);
	assert_int_equal(reason, PWPOL_REASON_NONE); /* root of this machine */
	assert_int_equal(pwpol_account_set_class(f->s, f->p, "bob", "super-user", T0), PWPOL_OK);
	assert_int_equal(pwpol_store_act_as(f->s, f->p, "bob", T0), PWPOL_OK);
	assert_int_equal(pwpol_store_permits(f->s, PWPOL_PERMISSION_ADMIN, why, sizeof why),
	                 PWPOL_NOT_PERMITTED);
	assert_non_null(strstr(why, "the password is temporary"));
	assert_int_equal(pwpol_store_actor_reason(f->s, &reason), PWPOL_OK);
	assert_int_equal(reason, PWPOL_REASON_TEMPORARY);
	/* A disabled actor holds nothing, and no change would help it. */
	assert_int_equal(pwpol_store_act_as(f->s, f->p, NULL, T0), PWPOL_OK);
	assert_int_equal(pwpol_account_set_enabled(f->s, f->p, "u-keeper", 0, later), PWPOL_OK);
	assert_int_equal(pwpol_store_act_as(f->s, f->p, "u-keeper", later), PWPOL_OK);
	assert_int_equal(pwpol_store_permits(f->s, PWPOL_PERMISSION_ADMIN, NULL, 0),
	                 PWPOL_NOT_PERMITTED);
	assert_int_equal(pwpol_store_actor_reason(f->s, &reason), PWPOL_OK);
	assert_int_equal(reason, PWPOL_REASON_NONE);
}

/* The classes a face may offer: the predefined ones, then the
 * configuration's, each with its permissions. */
struct seen {
	int n;
	char names[48][PWPOL_CLASS_NAME_MAX];
	unsigned perms[48];
};

static int collect(const char *cls, unsigned perms, void *ctx)
{
	struct seen *w = ctx;
	snprintf(w->names[w->n], sizeof w->names[0], "%s", cls);
	w->perms[w->n++] = perms;
	return w->n == 48;
}

static int stop_at_two(const char *cls, unsigned perms, void *ctx)
{
	(void)cls;
	(void)perms;
	return ++*(int *)ctx == 2;
}

static void test_class_each(void **state)
{
	struct fixture *f = *state;
	struct seen w = {0};
	assert_int_equal(pwpol_class_each(f->p, collect, &w), PWPOL_OK);
	const char *want[] = {"super-user", "operator", "read-only", "unauthorized", "admin",
	                      "user",       "auditor",  "keeper",    "everything",   "viewer"};
	assert_int_equal(w.n, 10);
	for (int i = 0; i < 10; i++)
		assert_string_equal(w.names[i], want[i]);
	assert_int_equal(w.perms[0], PWPOL_PERMISSION_ADMIN | PWPOL_PERMISSION_ADMIN_CONTROL);
	assert_int_equal(w.perms[1], 0);
	assert_int_equal(w.perms[6], PWPOL_PERMISSION_ADMIN);
	for (int i = 0; i < w.n; i++) {
		unsigned perms;
		assert_int_equal(pwpol_class_permissions(f->p, w.names[i], &perms), PWPOL_OK);
		assert_int_equal(perms, w.perms[i]);
	}
	struct seen none = {0};
	assert_int_equal(pwpol_class_each(NULL, collect, &none), PWPOL_OK);
	assert_int_equal(none.n, 6);
	int calls = 0;
	assert_int_equal(pwpol_class_each(f->p, stop_at_two, &calls), PWPOL_OK);
	assert_int_equal(calls, 2);
	assert_int_equal(pwpol_class_each(f->p, NULL, NULL), PWPOL_EINVAL);
}

/* ---- disabled accounts and the audit -------------------------------------- */

#define MAX_EVENTS 64
static struct {
	int n;
	char msg[MAX_EVENTS][256];
} events;

static void sink(int prio, const char *msg, void *ctx)
{
	(void)prio;
	(void)ctx;
	if (events.n < MAX_EVENTS)
		snprintf(events.msg[events.n++], sizeof events.msg[0], "%s", msg);
}

static int logged(const char *what)
{
	for (int i = 0; i < events.n; i++)
		if (strstr(events.msg[i], what))
			return 1;
	return 0;
}

static void test_disabled_and_audit(void **state)
{
	struct fixture *f = *state;
	populate(f);
	memset(&events, 0, sizeof events);
	pwpol_audit_set_sink(sink, NULL);
	enum pwpol_change_reason why;
	assert_int_equal(pwpol_store_act_as(f->s, f->p, "u-keeper", T0), PWPOL_OK);
	assert_int_equal(pwpol_account_set_enabled(f->s, f->p, "u-operator", 0, T0), PWPOL_OK);
	assert_true(logged("account u-operator disabled by u-keeper"));
	struct pwpol_account_info a = info(f, "u-operator");
	assert_int_equal(a.disabled, 1);
	assert_string_equal(pwpol_account_state(&a), "disabled");
	/* Refused as a wrong password, right or wrong, and nothing counted. */
	for (int i = 0; i < 8; i++)
		assert_int_equal(pwpol_account_authenticate(f->s, f->p, "u-operator",
		                                            i % 2 ? NEW : "wrong", i % 2 ? 12 : 5,
		                                            T0, &why),
		                 PWPOL_REJECTED);
	assert_int_equal(info(f, "u-operator").failures, 0);
	assert_true(logged("login refused for u-operator: account disabled"));
	assert_int_equal(pwpol_account_change(f->s, f->p, "u-operator", NEW, strlen(NEW),
	                                      "Other#Pass789", 13, T0 + 2 * DAY, f->r),
	                 PWPOL_REJECTED);
	assert_int_equal(pwpol_report_count(f->r), 0);
	assert_int_equal(pwpol_account_set_enabled(f->s, f->p, "u-operator", 1, T0), PWPOL_OK);
	assert_true(logged("account u-operator enabled by u-keeper"));
	assert_int_equal(
	    pwpol_account_authenticate(f->s, f->p, "u-operator", NEW, strlen(NEW), T0, &why),
	    PWPOL_OK);
	assert_int_equal(pwpol_account_set_class(f->s, f->p, "u-operator", "auditor", T0),
	                 PWPOL_OK);
	assert_true(logged("account u-operator given class auditor by u-keeper"));
	/* Lock, unlock by an administrator (root), lock again, automatic unlock. */
	assert_int_equal(pwpol_store_act_as(f->s, f->p, NULL, T0), PWPOL_OK);
	long fails = pwpol_policy_get(f->p, PWPOL_OPT_MAXIMUM_FAILED_ATTEMPTS);
	for (long i = 0; i < fails; i++)
		pwpol_account_authenticate(f->s, f->p, "u-viewer", "wrong", 5, T0, &why);
	assert_true(logged("account u-viewer locked for"));
	assert_int_equal(pwpol_account_unlock(f->s, "u-viewer", T0), PWPOL_OK);
	assert_true(logged("account u-viewer unlocked by an administrator (root)"));
	for (long i = 0; i < fails; i++)
		pwpol_account_authenticate(f->s, f->p, "u-viewer", "wrong", 5, T0, &why);
	long after = T0 + pwpol_policy_get(f->p, PWPOL_OPT_LOCK_TIME);
	assert_false(logged("u-viewer unlocked automatically"));
	assert_int_equal(
	    pwpol_account_authenticate(f->s, f->p, "u-viewer", NEW, strlen(NEW), after, &why),
	    PWPOL_OK);
	assert_true(logged("account u-viewer unlocked automatically"));
	pwpol_audit_set_sink(NULL, NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_migrate_v3, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_class_permissions, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_each_class, open_store, teardown),
	    cmocka_unit_test_setup_teardown(test_unknown_class, open_store, teardown),
	    cmocka_unit_test_setup_teardown(test_expired_actor, open_store, teardown),
	    cmocka_unit_test_setup_teardown(test_class_each, open_store, teardown),
	    cmocka_unit_test_setup_teardown(test_disabled_and_audit, open_store, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
