/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_reliability.c - no secret leaks out of the library: not into the
 * audit events (every account operation, through pwpol_audit_set_sink), not
 * into the store's file, and not into heap blocks the library frees.
 *
 * The last is seen by linking this executable with -Wl,--wrap=free (see
 * tests/CMakeLists.txt): every free() called from the library's objects
 * goes through __wrap_free, which scans the block for the test passwords,
 * in UTF-8 and as UTF-32 code points (the library's decoded form), before
 * handing it to the real free(). Blocks freed inside other libraries
 * (SQLite, libxcrypt, utf8proc) are theirs, not the library's, and are not
 * seen.
 */
#include <malloc.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include <cmocka.h>

#include "pwpol.h"

#define P1    "Qx7#Mauve!Kite42"
#define P2    "Vw3%Ochre?Lamp88"
#define P3    "Jp5&Umber+Nest61"
#define WRONG "Hz2*Sepia=Fog905"
#define T0    1700000000
#define DAY   86400

static const char *const secrets[] = {P1, P2, P3, WRONG};
#define NSECRETS (sizeof secrets / sizeof secrets[0])

/* ---- the free() scanner ------------------------------------------------ */

void __real_free(void *p);
void __wrap_free(void *p);

/* volatile: the compiler takes free() for a builtin that touches no global. */
static volatile int scanning;
static volatile unsigned long blocks_scanned, leaks_found;
static char leak_where[256];

/* An ASCII secret as the library holds it after decoding: int32 code points. */
static size_t utf32(const char *s, int32_t *out)
{
	size_t n = 0;
	for (; s[n]; n++)
		out[n] = (unsigned char)s[n];
	return n * sizeof *out;
}

static int holds_secret(const void *p, size_t size, const char **which)
{
	int32_t wide[64];
	for (size_t i = 0; i < NSECRETS; i++) {
		size_t wn = utf32(secrets[i], wide);
		if (memmem(p, size, secrets[i], strlen(secrets[i])) || memmem(p, size, wide, wn)) {
			*which = secrets[i];
			return 1;
		}
	}
	return 0;
}

void __wrap_free(void *p)
{
	const char *which;
	if (p && scanning) {
		size_t size = malloc_usable_size(p);
		blocks_scanned++;
		if (holds_secret(p, size, &which)) {
			leaks_found++;
			snprintf(leak_where, sizeof leak_where,
			         "a block of %zu bytes freed with \"%s\" in it", size, which);
		}
	}
	__real_free(p);
}

static void scan_begin(void)
{
	blocks_scanned = leaks_found = 0;
	leak_where[0] = 0;
	scanning = 1;
}

static void scan_end(const char *what)
{
	scanning = 0;
	if (leaks_found)
		fail_msg("%s: %lu freed block(s) still held a password: %s", what, leaks_found,
		         leak_where);
}

/* ---- the audit sink ---------------------------------------------------- */

static char events[64][512];
static size_t nevents;

static void sink(int priority, const char *message, void *ctx)
{
	(void)priority;
	(void)ctx;
	if (nevents < 64)
		snprintf(events[nevents++], sizeof events[0], "%s", message);
}

static void assert_events_clean(void)
{
	for (size_t i = 0; i < nevents; i++) {
		for (size_t k = 0; k < NSECRETS; k++)
			if (strstr(events[i], secrets[k]))
				fail_msg("audit event holds a password: %s", events[i]);
		if (strstr(events[i], "$6$") || strstr(events[i], "$5$"))
			fail_msg("audit event holds a hash: %s", events[i]);
	}
}

static int any_event(const char *word)
{
	for (size_t i = 0; i < nevents; i++)
		if (strcasestr(events[i], word))
			return 1;
	return 0;
}

/* ---- fixtures ---------------------------------------------------------- */

static char dir[64], db[96];

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/pwpol-rel.XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(db, sizeof db, "%s/accounts.db", dir);
	nevents = 0;
	pwpol_audit_set_sink(sink, NULL);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[160];
	pwpol_audit_set_sink(NULL, NULL);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static pwpol_policy *ssr(void)
{
	pwpol_policy *p = NULL;
	assert_int_equal(pwpol_policy_new(&p, "ssr"), PWPOL_OK);
	return p;
}

/* Reads a whole file; NULL if it does not exist. */
static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *buf = NULL;
	size_t cap = 0;
	*len = 0;
	for (;;) {
		if (*len == cap) {
			cap = cap ? cap * 2 : 65536;
			buf = realloc(buf, cap);
			assert_non_null(buf);
		}
		size_t got = fread(buf + *len, 1, cap - *len, f);
		if (!got)
			break;
		*len += got;
	}
	fclose(f);
	return buf;
}

static void assert_file_clean(const char *path)
{
	size_t len;
	const char *which;
	char *buf = slurp(path, &len);
	if (!buf)
		return;
	int bad = holds_secret(buf, len, &which);
	free(buf);
	if (bad)
		fail_msg("%s holds the password \"%s\" in plain text", path, which);
}

/* ---- tests ------------------------------------------------------------- */

static void check_leaves_no_secret(void **state)
{
	(void)state;
	pwpol_policy *p = ssr();
	pwpol_report *r = NULL;
	assert_int_equal(pwpol_report_new(&r), PWPOL_OK);
	/* 1350 x U+FDFA expands to 24300 code points under NFKC: the decoder's
	 * heap path, which must be wiped too. */
	static char big[4096];
	size_t n = 0;
	for (int i = 0; i < 1350; i++, n += 3)
		memcpy(big + n, "\xef\xb7\xba", 3);
	memcpy(big + n, P1, strlen(P1));
	n += strlen(P1);

	scan_begin();
	assert_int_equal(pwpol_check(p, P1, strlen(P1), "alice", P2, strlen(P2), r), PWPOL_OK);
	assert_int_equal(pwpol_check(p, WRONG, 5, "alice", P2, strlen(P2), r), PWPOL_REJECTED);
	pwpol_check(p, big, n, "alice", P1, strlen(P1), r);
	pwpol_check(p, P3 "\x01", strlen(P3) + 1, NULL, NULL, 0, r);
	scan_end("pwpol_check");
	pwpol_wipe(big, sizeof big);
	pwpol_report_free(r);
	pwpol_policy_free(p);
}

static void hash_and_verify_leave_no_secret(void **state)
{
	(void)state;
	static const enum pwpol_format fmts[] = {PWPOL_FORMAT_SHA512, PWPOL_FORMAT_SHA256,
	                                         PWPOL_FORMAT_SHA1, PWPOL_FORMAT_YESCRYPT,
	                                         PWPOL_FORMAT_BCRYPT};
	for (size_t i = 0; i < sizeof fmts / sizeof fmts[0]; i++) {
		char h[PWPOL_HASH_MAX];
		scan_begin();
		assert_int_equal(pwpol_hash(fmts[i], 0, P1, strlen(P1), h, sizeof h), PWPOL_OK);
		assert_int_equal(pwpol_verify(P1, strlen(P1), h), PWPOL_OK);
		assert_int_equal(pwpol_verify(WRONG, strlen(WRONG), h), PWPOL_REJECTED);
		scan_end(pwpol_format_name(fmts[i]));
		assert_null(strstr(h, P1));
	}
}

static int count_accounts(const struct pwpol_account_info *a, void *ctx)
{
	(void)a;
	(*(int *)ctx)++;
	return 0;
}

/* Every account operation once, with the audit sink on and free() watched. */
static void account_life_leaves_no_secret(void **state)
{
	(void)state;
	pwpol_policy *p = ssr();
	pwpol_report *r = NULL;
	pwpol_store *s = NULL;
	enum pwpol_change_reason why;
	struct pwpol_account_info info = PWPOL_ACCOUNT_INFO_INIT();
	struct pwpol_secret s1 = PWPOL_SECRET_INIT(.pw = P1, .len = strlen(P1)),
	                    s3 = PWPOL_SECRET_INIT(.pw = P3, .len = strlen(P3));
	assert_int_equal(pwpol_report_new(&r), PWPOL_OK);

	scan_begin();
	assert_int_equal(pwpol_store_open(&s, db, 1, NULL, 0), PWPOL_OK);
	assert_int_equal(pwpol_account_init(s, p, &s1, 0, T0, r), PWPOL_OK);
	assert_int_equal(pwpol_account_add(s, p, "alice", &s1, T0, r), PWPOL_OK);
	assert_int_equal(pwpol_account_authenticate(s, p, "admin", P1, strlen(P1), T0, &why),
	                 PWPOL_OK);
	/* Six failures: the lockout event. */
	for (int i = 0; i < 6; i++)
		pwpol_account_authenticate(s, p, "admin", WRONG, strlen(WRONG), T0, &why);
	assert_int_equal(pwpol_account_authenticate(s, p, "admin", P1, strlen(P1), T0, &why),
	                 PWPOL_LOCKED);
	assert_int_equal(pwpol_account_unlock(s, "admin", T0), PWPOL_OK);
	assert_int_equal(pwpol_account_authenticate(s, p, "nobody", P1, strlen(P1), T0, &why),
	                 PWPOL_REJECTED);
	assert_int_equal(
	    pwpol_account_change(s, p, "admin", P1, strlen(P1), P2, strlen(P2), T0 + 2 * DAY, r),
	    PWPOL_OK);
	assert_int_equal(pwpol_account_change(s, p, "admin", WRONG, strlen(WRONG), P3, strlen(P3),
	                                      T0 + 4 * DAY, r),
	                 PWPOL_REJECTED);
	/* Refused by a rule: the report, not the event, carries the why. */
	assert_int_equal(
	    pwpol_account_change(s, p, "admin", P2, strlen(P2), P2, strlen(P2), T0 + 4 * DAY, r),
	    PWPOL_REJECTED);
	assert_int_equal(pwpol_account_reset(s, p, "alice", &s3, T0 + DAY, r), PWPOL_OK);
	assert_int_equal(pwpol_account_authenticate(s, p, "alice", P3, strlen(P3), T0 + DAY, &why),
	                 PWPOL_CHANGE_REQUIRED);
	assert_int_equal(pwpol_account_info(s, p, "admin", T0 + 4 * DAY, &info), PWPOL_OK);
	int n = 0;
	assert_int_equal(pwpol_account_each(s, p, T0 + 4 * DAY, count_accounts, &n), PWPOL_OK);
	assert_int_equal(n, 4);
	assert_int_equal(pwpol_account_delete(s, p, "alice", T0 + 4 * DAY), PWPOL_OK);
	pwpol_store_close(s);
	scan_end("account operations");

	/* The sink saw the security events, and none holds a secret. */
	assert_true(nevents >= 5);
	assert_true(any_event("admin"));
	assert_events_clean();

	char path[128];
	assert_file_clean(db);
	snprintf(path, sizeof path, "%s-wal", db);
	assert_file_clean(path);
	snprintf(path, sizeof path, "%s-journal", db);
	assert_file_clean(path);
	pwpol_report_free(r);
	pwpol_policy_free(p);
}

/* The scanner itself: a block freed with a password in it is caught. */
static void scanner_catches_an_unwiped_block(void **state)
{
	(void)state;
	char *leak = malloc(64);
	assert_non_null(leak);
	snprintf(leak, 64, "xx%sxx", P2);
	/* Keeps the compiler from dropping the block as dead. */
	__asm__ volatile("" : : "r"(leak) : "memory");
	scan_begin();
	free(leak);
	scanning = 0;
	assert_int_equal(leaks_found, 1);
	assert_true(blocks_scanned >= 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(scanner_catches_an_unwiped_block),
	    cmocka_unit_test(check_leaves_no_secret),
	    cmocka_unit_test(hash_and_verify_leave_no_secret),
	    cmocka_unit_test_setup_teardown(account_life_leaves_no_secret, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
