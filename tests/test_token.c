/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_token.c - the API tokens through the library: one per account,
 * shown once and kept as its SHA-256 only, found again by the token alone,
 * refused when changed in one digit, revoked, gone with the account (an
 * account made again under the name does not inherit it), and made or
 * revoked only with admin-control (an account's own too); and the rules a
 * policy lists before anything is typed (pwpol_policy_requirements).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "pwpol.h"

#define T0 1700000000L
#define PW "Kx7#mWq2vL"

struct fixture {
	char dir[64], path[512];
	pwpol_store *s;
	pwpol_policy *p;
	pwpol_report *r;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	assert_non_null(f);
	snprintf(f->dir, sizeof f->dir, "/tmp/pwpol-token-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->path, sizeof f->path, "%s/a.db", f->dir);
	char err[256];
	assert_int_equal(pwpol_store_open(&f->s, f->path, 1, err, sizeof err), PWPOL_OK);
	assert_int_equal(pwpol_policy_new(&f->p, "ssr"), PWPOL_OK);
	assert_int_equal(pwpol_report_new(&f->r), PWPOL_OK);
	struct pwpol_secret sec = PWPOL_SECRET_INIT(.pw = PW, .len = strlen(PW));
	assert_int_equal(pwpol_account_init(f->s, f->p, &sec, 0, T0, f->r), PWPOL_OK);
	struct pwpol_secret tmp = PWPOL_SECRET_INIT(.pw = "Temp#Pass123", .len = 12);
	assert_int_equal(pwpol_account_add(f->s, f->p, "oper", &tmp, T0, f->r), PWPOL_OK);
	assert_int_equal(pwpol_account_set_class(f->s, f->p, "oper", "operator", T0), PWPOL_OK);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	pwpol_store_close(f->s);
	pwpol_policy_free(f->p);
	pwpol_report_free(f->r);
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf %s", f->dir);
	assert_int_equal(system(cmd), 0);
	free(f);
	return 0;
}

/* The rows of api_tokens as the file holds them: "account|hash". */
static void stored(struct fixture *f, char *out, size_t cap)
{
	sqlite3 *db;
	sqlite3_stmt *q;
	out[0] = 0;
	assert_int_equal(sqlite3_open_v2(f->path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(
	    sqlite3_prepare_v2(db, "SELECT account || '|' || hash FROM api_tokens", -1, &q, NULL),
	    SQLITE_OK);
	while (sqlite3_step(q) == SQLITE_ROW) {
		size_t n = strlen(out);
		snprintf(out + n, cap - n, "%s;", (const char *)sqlite3_column_text(q, 0));
	}
	sqlite3_finalize(q);
	sqlite3_close(db);
}

static void test_token_life(void **state)
{
	struct fixture *f = *state;
	char token[PWPOL_TOKEN_LEN + 1], again[PWPOL_TOKEN_LEN + 1], who[64], rows[512];
	assert_int_equal(pwpol_token_add(f->s, "admin", T0, token, sizeof token), PWPOL_OK);
	assert_int_equal(strlen(token), PWPOL_TOKEN_LEN);
	assert_int_equal(strncmp(token, "pwpol_", 6), 0);
	/* Kept hashed: the token itself is nowhere in the store. */
	stored(f, rows, sizeof rows);
	assert_non_null(strstr(rows, "admin|"));
	assert_null(strstr(rows, token + 6));
	assert_int_equal(pwpol_token_account(f->s, token, strlen(token), who, sizeof who),
	                 PWPOL_OK);
	assert_string_equal(who, "admin");
	/* One per account; a changed digit, a shorter token: none. */
	assert_int_equal(pwpol_token_add(f->s, "admin", T0, again, sizeof again), PWPOL_EEXIST);
	char wrong[PWPOL_TOKEN_LEN + 1];
	memcpy(wrong, token, sizeof wrong);
	wrong[PWPOL_TOKEN_LEN - 1] = wrong[PWPOL_TOKEN_LEN - 1] == '0' ? '1' : '0';
	assert_int_equal(pwpol_token_account(f->s, wrong, strlen(wrong), who, sizeof who),
	                 PWPOL_ENOENT);
	assert_string_equal(who, "");
	assert_int_equal(pwpol_token_account(f->s, token, strlen(token) - 1, who, sizeof who),
	                 PWPOL_ENOENT);
	/* Revoked: worth nothing. */
	assert_int_equal(pwpol_token_revoke(f->s, "admin", T0), PWPOL_OK);
	assert_int_equal(pwpol_token_account(f->s, token, strlen(token), who, sizeof who),
	                 PWPOL_ENOENT);
	assert_int_equal(pwpol_token_revoke(f->s, "admin", T0), PWPOL_ENOENT);
	assert_int_equal(pwpol_token_add(f->s, "nobody", T0, token, sizeof token), PWPOL_ENOENT);
}

static void test_token_gone_with_account(void **state)
{
	struct fixture *f = *state;
	char token[PWPOL_TOKEN_LEN + 1], who[64];
	assert_int_equal(pwpol_token_add(f->s, "oper", T0, token, sizeof token), PWPOL_OK);
	assert_int_equal(pwpol_account_delete(f->s, f->p, "oper", T0), PWPOL_OK);
	struct pwpol_secret tmp = PWPOL_SECRET_INIT(.pw = "Temp#Pass123", .len = 12);
	assert_int_equal(pwpol_account_add(f->s, f->p, "oper", &tmp, T0, f->r), PWPOL_OK);
	assert_int_equal(pwpol_token_account(f->s, token, strlen(token), who, sizeof who),
	                 PWPOL_ENOENT);
}

static void test_token_permission(void **state)
{
	struct fixture *f = *state;
	char token[PWPOL_TOKEN_LEN + 1];
	/* oper must change its temporary password first: it holds nothing. */
	assert_int_equal(pwpol_account_change(f->s, f->p, "oper", "Temp#Pass123", 12, "Nw8$kLp2Qz",
	                                      10, T0, f->r),
	                 PWPOL_OK);
	assert_int_equal(pwpol_store_act_as(f->s, f->p, "oper", T0), PWPOL_OK);
	assert_int_equal(pwpol_token_add(f->s, "admin", T0, token, sizeof token),
	                 PWPOL_NOT_PERMITTED);
	assert_int_equal(pwpol_token_revoke(f->s, "admin", T0), PWPOL_NOT_PERMITTED);
	/* Not even its own: a token is made by an administrator. */
	assert_int_equal(pwpol_token_add(f->s, "oper", T0, token, sizeof token),
	                 PWPOL_NOT_PERMITTED);
	assert_int_equal(pwpol_store_act_as(f->s, f->p, "admin", T0), PWPOL_OK);
	assert_int_equal(pwpol_token_add(f->s, "oper", T0, token, sizeof token), PWPOL_OK);
	assert_int_equal(pwpol_token_revoke(f->s, "oper", T0), PWPOL_OK);
}

struct listed {
	char text[1024];
};

static int one(enum pwpol_rule rule, const char *text, void *ctx)
{
	struct listed *l = ctx;
	size_t n = strlen(l->text);
	snprintf(l->text + n, sizeof l->text - n, "%s: %s\n", pwpol_rule_name(rule), text);
	return 0;
}

static void test_requirements(void **state)
{
	struct fixture *f = *state;
	struct listed l = {""};
	assert_int_equal(pwpol_policy_requirements(f->p, 0, one, &l), PWPOL_OK);
	assert_non_null(strstr(l.text, "minimum-length: must be at least 9 characters long\n"));
	assert_non_null(strstr(l.text, "username-check: must not contain the username"));
	assert_null(strstr(l.text, "(it has"));
	assert_null(strstr(l.text, "minimum-character-changes")); /* a change's only */
	struct listed c = {""};
	assert_int_equal(pwpol_policy_requirements(f->p, 1, one, &c), PWPOL_OK);
	assert_non_null(strstr(c.text, "minimum-character-changes: must differ from the old "
	                               "password by at least"));
	assert_null(strstr(c.text, "it differs by"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_token_life, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_token_gone_with_account, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_token_permission, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_requirements, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
