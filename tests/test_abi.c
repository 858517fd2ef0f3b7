/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_abi.c - the structs a caller allocates grow without a new soname
 * (pwpol.h, before the status codes): a program built against an older,
 * smaller struct keeps working and the library reads and writes no byte
 * past its size (each struct ends where a PROT_NONE page begins, so a
 * byte too far is a crash in any build); one built against a newer,
 * larger struct is refused when it sets a member this library does not
 * know, and served when that member is 0; a struct whose size holds no
 * member (the initializer forgotten) is refused with nothing written; an
 * import's arrays are stepped by the caller's sizes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cmocka.h>

#include "pwpol.h"

#define T0  1700000000L
#define PW  "Kx7#mWq2vL"
#define NEW "Zr5!nTq8Wb"
#define TMP "Temp#Pass123"

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
	snprintf(f->dir, sizeof f->dir, "/tmp/pwpol-abi-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->path, sizeof f->path, "%s/a.db", f->dir);
	char err[256];
	assert_int_equal(pwpol_store_open(&f->s, f->path, 1, err, sizeof err), PWPOL_OK);
	assert_int_equal(pwpol_policy_new(&f->p, "ssr"), PWPOL_OK);
	assert_int_equal(pwpol_report_new(&f->r), PWPOL_OK);
	struct pwpol_secret sec = PWPOL_SECRET_INIT(.pw = PW, .len = strlen(PW));
	assert_int_equal(pwpol_account_init(f->s, f->p, &sec, 0, T0, f->r), PWPOL_OK);
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

/* n bytes (a multiple of 8) that end where a PROT_NONE page begins,
 * filled with `fill`: the struct of an older caller, as small as its
 * size says and not a byte more. */
static void *guarded(size_t n, int fill)
{
	size_t pg = (size_t)sysconf(_SC_PAGESIZE);
	assert_true(n % 8 == 0 && n <= pg);
	char *m = mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	assert_true(m != MAP_FAILED);
	assert_int_equal(mprotect(m + pg, pg, PROT_NONE), 0);
	memset(m + pg - n, fill, n);
	return m + pg - n;
}

static void unguard(void *p)
{
	size_t pg = (size_t)sysconf(_SC_PAGESIZE);
	munmap((void *)((uintptr_t)p & ~(uintptr_t)(pg - 1)), 2 * pg);
}

/* An older caller's secret: without `hash` (24 bytes). */
static struct pwpol_secret *old_secret(const char *pw)
{
	size_t n = offsetof(struct pwpol_secret, hash);
	struct pwpol_secret *s = guarded(n, 0);
	s->size = n;
	s->pw = pw;
	s->len = strlen(pw);
	return s;
}

static void test_older_secret_and_options(void **state)
{
	struct fixture *f = *state;
	struct pwpol_secret *tmp = old_secret(TMP);
	assert_int_equal(pwpol_account_add(f->s, f->p, "alice", tmp, T0, f->r), PWPOL_OK);
	struct pwpol_secret *other = old_secret(NEW);
	assert_int_equal(pwpol_account_reset(f->s, f->p, "alice", other, T0 + 1, f->r), PWPOL_OK);
	assert_int_equal(
	    pwpol_account_authenticate(f->s, f->p, "alice", NEW, strlen(NEW), T0 + 2, NULL),
	    PWPOL_CHANGE_REQUIRED);
	unguard(other);
	/* Options without hash_out and hash_outlen: a forced init. */
	size_t n = offsetof(struct pwpol_init_opts, hash_out);
	struct pwpol_init_opts *o = guarded(n, 0);
	o->size = n;
	o->flags = PWPOL_INIT_FORCE;
	o->old = PW;
	o->oldlen = strlen(PW);
	struct pwpol_secret *sec = old_secret(NEW);
	assert_int_equal(pwpol_account_init_with(f->s, f->p, sec, o, T0 + 2, f->r), PWPOL_OK);
	assert_int_equal(
	    pwpol_account_authenticate(f->s, f->p, "root", NEW, strlen(NEW), T0 + 3, NULL),
	    PWPOL_OK);
	/* The older caller's struct is as it gave it. */
	assert_int_equal(o->size, n);
	assert_int_equal(sec->size, offsetof(struct pwpol_secret, hash));
	unguard(o);
	unguard(sec);
	unguard(tmp);
}

static void test_older_records(void **state)
{
	struct fixture *f = *state;
	struct pwpol_secret tmp = PWPOL_SECRET_INIT(.pw = TMP, .len = strlen(TMP));
	assert_int_equal(pwpol_account_add(f->s, f->p, "alice", &tmp, T0, f->r), PWPOL_OK);
	/* An account record without format, history and reason. */
	size_t n = offsetof(struct pwpol_account_info, format);
	struct pwpol_account_info *a = guarded(n, 0x55);
	a->size = n;
	assert_int_equal(pwpol_account_info(f->s, f->p, "alice", T0, a), PWPOL_OK);
	assert_int_equal(a->size, n);
	assert_string_equal(a->name, "alice");
	assert_int_equal(a->flags, PWPOL_ACCOUNT_TEMPORARY);
	assert_int_equal(a->changed, T0);
	assert_true(PWPOL_HAS(a, locked_until));
	assert_false(PWPOL_HAS(a, reason));
	/* Its state from what it holds: no reason member, no reason. */
	assert_string_equal(pwpol_account_state(a), "ok");
	enum pwpol_admission v;
	memset(a, 0x55, n);
	a->size = n;
	assert_int_equal(pwpol_account_admission(f->s, f->p, "alice", T0, a, &v), PWPOL_OK);
	assert_int_equal(v, PWPOL_ADMIT_AFTER_CHANGE); /* decided on the whole record */
	assert_string_equal(a->name, "alice");
	unguard(a);

	/* A commit record without confirm_by, options without
	 * confirm_minutes. */
	size_t ni = offsetof(struct pwpol_commit_info, confirm_by);
	size_t no = offsetof(struct pwpol_commit_opts, confirm_minutes);
	struct pwpol_commit_info *ci = guarded(ni, 0x55);
	struct pwpol_commit_opts *co = guarded(no, 0);
	ci->size = ni;
	co->size = no;
	co->name = "t.conf";
	co->author = "ops";
	co->comment = "first";
	const char *text = "system { login { password { minimum-length 12; } } }";
	pwpol_config_errors *e = NULL;
	assert_int_equal(pwpol_config_commit(f->s, text, strlen(text), co, T0, &e, ci), PWPOL_OK);
	pwpol_config_errors_free(e);
	assert_int_equal(ci->size, ni);
	assert_int_equal(ci->rollback, 0);
	assert_int_equal(ci->number, 1);
	assert_int_equal(ci->time, T0);
	assert_string_equal(ci->author, "ops");
	assert_string_equal(ci->comment, "first");
	char *back = NULL;
	memset(ci, 0x55, ni);
	ci->size = ni;
	assert_int_equal(pwpol_config_committed(f->s, 0, T0, &back, ci), PWPOL_OK);
	assert_string_equal(back, text);
	assert_string_equal(ci->comment, "first");
	free(back);
	memset(ci, 0x55, ni);
	ci->size = ni;
	assert_int_equal(pwpol_config_rollback(f->s, 1, co, T0 + 1, &e, ci), PWPOL_OK);
	pwpol_config_errors_free(e);
	assert_int_equal(ci->number, 2);
	assert_string_equal(ci->comment, "first");
	unguard(ci);
	unguard(co);

	/* A score without its patterns. */
	size_t ns = offsetof(struct pwpol_score, npatterns);
	struct pwpol_score *sc = guarded(ns, 0x55);
	sc->size = ns;
	enum pwpol_status st = pwpol_score("password1", 9, NULL, sc);
	assert_true(st == PWPOL_OK || st == PWPOL_ESYSTEM); /* without libzxcvbn */
	assert_int_equal(sc->size, ns);
	if (st == PWPOL_OK)
		assert_true(sc->score <= 1); /* a common password */
	unguard(sc);
}

/* A newer caller's struct: this library's, and a member after it. */
struct newer_secret {
	struct pwpol_secret s;
	uint64_t future;
};
struct newer_init {
	struct pwpol_init_opts o;
	uint64_t future;
};
struct newer_commit {
	struct pwpol_commit_opts o;
	uint64_t future;
};
struct newer_info {
	struct pwpol_account_info a;
	uint64_t future;
};

static void test_newer_inputs(void **state)
{
	struct fixture *f = *state;
	struct newer_secret ns = {PWPOL_SECRET_INIT(.pw = TMP, .len = strlen(TMP)), 1};
	ns.s.size = sizeof ns;
	/* A member this library does not know, set: refused, nothing made. */
	assert_int_equal(pwpol_account_add(f->s, f->p, "alice", &ns.s, T0, f->r), PWPOL_EINVAL);
	struct pwpol_account_info a = PWPOL_ACCOUNT_INFO_INIT();
	assert_int_equal(pwpol_account_info(f->s, f->p, "alice", T0, &a), PWPOL_ENOENT);
	/* Left at 0: its default, served. */
	ns.future = 0;
	assert_int_equal(pwpol_account_add(f->s, f->p, "alice", &ns.s, T0, f->r), PWPOL_OK);

	struct pwpol_secret sec = PWPOL_SECRET_INIT(.pw = NEW, .len = strlen(NEW));
	struct newer_init ni = {
	    PWPOL_INIT_OPTS_INIT(.flags = PWPOL_INIT_FORCE, .old = PW, .oldlen = strlen(PW)), 8};
	ni.o.size = sizeof ni;
	assert_int_equal(pwpol_account_init_with(f->s, f->p, &sec, &ni.o, T0, f->r), PWPOL_EINVAL);
	assert_int_equal(pwpol_account_authenticate(f->s, f->p, "admin", PW, strlen(PW), T0, NULL),
	                 PWPOL_OK);
	ni.future = 0;
	assert_int_equal(pwpol_account_init_with(f->s, f->p, &sec, &ni.o, T0, f->r), PWPOL_OK);

	struct newer_commit nc = {PWPOL_COMMIT_OPTS_INIT(.author = "ops"), 1};
	nc.o.size = sizeof nc;
	const char *text = "system { login { password { minimum-length 12; } } }";
	pwpol_config_errors *e = NULL;
	assert_int_equal(pwpol_config_commit(f->s, text, strlen(text), &nc.o, T0, &e, NULL),
	                 PWPOL_EINVAL);
	assert_int_equal(pwpol_config_errors_count(e), 1);
	assert_non_null(strstr(pwpol_config_errors_get(e, 0), "newer pwpol.h"));
	pwpol_config_errors_free(e);
	char *none = NULL;
	assert_int_equal(pwpol_config_committed(f->s, 0, T0, &none, NULL), PWPOL_ENOENT);
	nc.future = 0;
	assert_int_equal(pwpol_config_commit(f->s, text, strlen(text), &nc.o, T0, &e, NULL),
	                 PWPOL_OK);
	pwpol_config_errors_free(e);
}

static void test_newer_records(void **state)
{
	struct fixture *f = *state;
	struct newer_info ni;
	memset(&ni, 0xaa, sizeof ni);
	ni.a.size = sizeof ni;
	assert_int_equal(pwpol_account_info(f->s, f->p, "admin", T0, &ni.a), PWPOL_OK);
	/* Filled as far as this library knows, and says so; the member it
	 * does not know is left as the caller had it. */
	assert_int_equal(ni.a.size, sizeof(struct pwpol_account_info));
	assert_true(PWPOL_HAS(&ni.a, reason));
	assert_string_equal(ni.a.name, "admin");
	assert_int_equal(ni.future, 0xaaaaaaaaaaaaaaaaull);
}

static int each_size(const struct pwpol_account_info *a, void *ctx)
{
	assert_int_equal(a->size, sizeof *a);
	(*(int *)ctx)++;
	return 0;
}

static int history_size(const struct pwpol_commit_info *c, void *ctx)
{
	assert_int_equal(c->size, sizeof *c);
	(*(int *)ctx)++;
	return 0;
}

static void test_callbacks_get_the_library_size(void **state)
{
	struct fixture *f = *state;
	int n = 0;
	assert_int_equal(pwpol_account_each(f->s, f->p, T0, each_size, &n), PWPOL_OK);
	assert_int_equal(n, 3);
	struct pwpol_commit_opts co = PWPOL_COMMIT_OPTS_INIT(.author = "ops");
	const char *text = "system { login { password { minimum-length 12; } } }";
	assert_int_equal(pwpol_config_commit(f->s, text, strlen(text), &co, T0, NULL, NULL),
	                 PWPOL_OK);
	n = 0;
	assert_int_equal(pwpol_config_history(f->s, T0, history_size, &n), PWPOL_OK);
	assert_int_equal(n, 1);
}

/* An import as a newer caller builds it (each element larger than this
 * library's), with results as an older one gives room for them (each
 * without account_expired and rehash): every element found at the
 * caller's stride, and written no further than the caller's size. */
struct newer_import {
	struct pwpol_import in;
	uint64_t future;
};

static struct newer_import newer_import(const char *name, const char *hash)
{
	struct newer_import n = {PWPOL_IMPORT_INIT(.name = name, .hash = hash, .changed = T0), 0};
	n.in.size = sizeof n;
	for (int i = 0; i < PWPOL_AGING_COUNT; i++)
		n.in.aging.v[i] = PWPOL_AGING_UNSET;
	return n;
}

static void test_import_arrays(void **state)
{
	struct fixture *f = *state;
	char h[PWPOL_HASH_MAX];
	assert_int_equal(pwpol_hash(PWPOL_FORMAT_SHA512, 0, TMP, strlen(TMP), h, sizeof h),
	                 PWPOL_OK);
	struct newer_import in[3] = {newer_import("alice", h), newer_import("bob", h),
	                             newer_import("alice", h)};
	size_t rs = offsetof(struct pwpol_import_result, account_expired);
	char *res = guarded(3 * rs, 0x55);
	((struct pwpol_import_result *)res)->size = rs;
	assert_int_equal(pwpol_account_import_many(f->s, f->p, &in[0].in, 3, 0, T0,
	                                           (struct pwpol_import_result *)res, f->r),
	                 PWPOL_OK);
	for (size_t i = 0; i < 3; i++) {
		const struct pwpol_import_result *r = (const void *)(res + i * rs);
		assert_int_equal(r->size, rs);
		assert_int_equal(r->st, i == 2 ? PWPOL_EEXIST : PWPOL_OK);
		assert_false(r->expired);
	}
	assert_int_equal(pwpol_account_authenticate(f->s, f->p, "bob", TMP, strlen(TMP), T0, NULL),
	                 PWPOL_OK);
	/* Elements of two sizes, or one setting what this library does not
	 * know: refused whole, nothing imported. */
	in[0] = newer_import("carol", h);
	in[1] = newer_import("dave", h);
	in[1].in.size = sizeof(struct pwpol_import);
	((struct pwpol_import_result *)res)->size = rs;
	assert_int_equal(pwpol_account_import_many(f->s, f->p, &in[0].in, 2, 0, T0,
	                                           (struct pwpol_import_result *)res, f->r),
	                 PWPOL_EINVAL);
	in[1] = newer_import("dave", h);
	in[1].future = 1;
	assert_int_equal(pwpol_account_import_many(f->s, f->p, &in[0].in, 2, 0, T0,
	                                           (struct pwpol_import_result *)res, f->r),
	                 PWPOL_EINVAL);
	struct pwpol_account_info a = PWPOL_ACCOUNT_INFO_INIT();
	assert_int_equal(pwpol_account_info(f->s, f->p, "carol", T0, &a), PWPOL_ENOENT);
	unguard(res);
}

static void test_size_forgotten(void **state)
{
	struct fixture *f = *state;
	/* The old way of writing them, without the initializer: size 0. */
	struct pwpol_secret sec = {.pw = TMP, .len = strlen(TMP)};
	assert_int_equal(pwpol_account_add(f->s, f->p, "alice", &sec, T0, f->r), PWPOL_EINVAL);
	struct pwpol_init_opts o = {.flags = 0};
	sec.size = sizeof sec;
	assert_int_equal(pwpol_account_init_with(f->s, f->p, &sec, &o, T0, f->r), PWPOL_EINVAL);
	struct pwpol_commit_opts co = {.author = "ops"};
	assert_int_equal(pwpol_config_commit(f->s, "", 0, &co, T0, NULL, NULL), PWPOL_EINVAL);
	/* Nothing written into a record whose size holds no member. */
	struct pwpol_account_info *a = guarded(sizeof *a, 0x55);
	a->size = sizeof(size_t);
	assert_int_equal(pwpol_account_info(f->s, f->p, "admin", T0, a), PWPOL_EINVAL);
	enum pwpol_admission v;
	assert_int_equal(pwpol_account_admission(f->s, f->p, "admin", T0, a, &v), PWPOL_EINVAL);
	assert_int_equal(a->size, sizeof(size_t));
	assert_int_equal((unsigned char)a->name[0], 0x55);
	assert_string_equal(pwpol_account_state(a), "unknown");
	unguard(a);
	struct pwpol_commit_info ci = {.rollback = 7};
	co.size = sizeof co;
	assert_int_equal(pwpol_config_commit(f->s, "", 0, &co, T0, NULL, &ci), PWPOL_EINVAL);
	assert_int_equal(ci.rollback, 7);
	char *none = NULL;
	assert_int_equal(pwpol_config_committed(f->s, 0, T0, &none, NULL), PWPOL_ENOENT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_older_secret_and_options, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_older_records, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_newer_inputs, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_newer_records, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_callbacks_get_the_library_size, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_import_arrays, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_size_forgotten, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
