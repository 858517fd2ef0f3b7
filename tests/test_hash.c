/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_hash.c - hashes: every format made and verified, published test
 * vectors from other implementations (Drepper's SHA-crypt specification,
 * Openwall's bcrypt, yescrypt's reference tests, the classic DES and MD5
 * ones, the $sha2$ vectors of the issue that specified it), a known answer
 * for every row of the format table, the costs pwpol makes, the import
 * bounds at their edges, dummy hashes for timing, identification,
 * needs-rehash, and malformed or locked hashes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "hash.h"

#define PW "Kx7#mWq2vL"

struct vector {
	const char *pw, *hash;
	enum pwpol_format format;
};

/* Every vector was also checked with Python's crypt module. */
static const struct vector vectors[] = {
    /* Drepper, "Unix crypt using SHA-256 and SHA-512", test vectors. */
    {"Hello world!", "$5$saltstring$5B8vYYiY.CVt1RlTTf8KbXBH3hsxY/GNooZaBBGWEc5",
     PWPOL_FORMAT_SHA256},
    {"Hello world!", "$5$rounds=10000$saltstringsaltst$3xv.VbSHBb41AL9AvLeujZkZRBAwqFMz2.opqey6IcA",
     PWPOL_FORMAT_SHA256},
    {"Hello world!",
     "$6$saltstring$svn8UoSVapNtMuq1ukKS4tPQd8iKwSMHWjl/O817G3uBnIFNjnQJuesI68u4OTLiBFdcbYEdFCoEOfa"
     "S35inz1",
     PWPOL_FORMAT_SHA512},
    {"password",
     "$6$saltsalt$qFmFH.bQmmtXzyBY0s9v7Oicd2z4XSIecDzlB5KiA2/jctKu9YterLp8wwnSq.qc.eoxqOmSuNp2xS0kt"
     "L3nh/",
     PWPOL_FORMAT_SHA512},
    /* Openwall crypt_blowfish wrapper.c. */
    {"U*U", "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW", PWPOL_FORMAT_BCRYPT},
    {"U*U", "$2b$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW", PWPOL_FORMAT_BCRYPT},
    {"password", "$1$saltsalt$qjXMvbEw8oaL.CzflDtaK/", PWPOL_FORMAT_MD5},
    {"password", "abJnggxhB/yWI", PWPOL_FORMAT_DES},
    {"password", "$sha1$1000$saltsalt$cUXhu9mXyyvmxuPGkHN4CdqQqyfS", PWPOL_FORMAT_SHA1},
};

static void vectors_verify(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof vectors / sizeof vectors[0]; i++) {
		const struct vector *v = &vectors[i];
		enum pwpol_format f;
		assert_int_equal(pwpol_verify(v->pw, strlen(v->pw), v->hash), PWPOL_OK);
		assert_int_equal(pwpol_verify("Hello world?", 12, v->hash), PWPOL_REJECTED);
		assert_int_equal(pwpol_hash_identify(v->hash, &f), PWPOL_OK);
		assert_int_equal(f, v->format);
	}
}

/* A password compared by its length too: a prefix or an extension fails. */
static void near_misses_refused(void **state)
{
	(void)state;
	const char *h = vectors[0].hash;
	assert_int_equal(pwpol_verify("Hello world", 11, h), PWPOL_REJECTED);
	assert_int_equal(pwpol_verify("Hello world!!", 13, h), PWPOL_REJECTED);
	assert_int_equal(pwpol_verify("hello world!", 12, h), PWPOL_REJECTED);
	/* The length is the caller's: bytes past it are not part of it. */
	assert_int_equal(pwpol_verify("Hello world!xyz", 12, h), PWPOL_OK);
	/* A NUL inside can never have been hashed. */
	assert_int_equal(pwpol_verify("Hello world!\0", 13, h), PWPOL_REJECTED);
}

static void round_trip_every_format(void **state)
{
	(void)state;
	static const struct {
		enum pwpol_format f;
		const char *prefix;
	} fmts[] = {
	    {PWPOL_FORMAT_SHA512, "$6$"},   {PWPOL_FORMAT_SHA256, "$5$"},
	    {PWPOL_FORMAT_SHA1, "$sha1$"},  {PWPOL_FORMAT_SHA2, "$sha2$"},
	    {PWPOL_FORMAT_YESCRYPT, "$y$"}, {PWPOL_FORMAT_BCRYPT, "$2b$"},
	};
	for (size_t i = 0; i < sizeof fmts / sizeof fmts[0]; i++) {
		char h1[PWPOL_HASH_MAX], h2[PWPOL_HASH_MAX];
		enum pwpol_format f;
		assert_int_equal(pwpol_hash(fmts[i].f, 0, PW, strlen(PW), h1, sizeof h1), PWPOL_OK);
		assert_int_equal(pwpol_hash(fmts[i].f, 0, PW, strlen(PW), h2, sizeof h2), PWPOL_OK);
		assert_memory_equal(h1, fmts[i].prefix, strlen(fmts[i].prefix));
		assert_string_not_equal(h1, h2); /* a fresh salt each time */
		assert_int_equal(pwpol_hash_identify(h1, &f), PWPOL_OK);
		assert_int_equal(f, fmts[i].f);
		assert_int_equal(pwpol_verify(PW, strlen(PW), h1), PWPOL_OK);
		assert_int_equal(pwpol_verify(PW, strlen(PW) - 1, h1), PWPOL_REJECTED);
		assert_int_equal(pwpol_verify("Kx7#mWq2vl", 10, h1), PWPOL_REJECTED);
		assert_null(strstr(h1, PW));
	}
}

static void rounds_are_used(void **state)
{
	(void)state;
	char h[PWPOL_HASH_MAX];
	assert_int_equal(pwpol_hash(PWPOL_FORMAT_SHA256, 10000, PW, strlen(PW), h, sizeof h),
	                 PWPOL_OK);
	assert_memory_equal(h, "$5$rounds=10000$", 16);
	assert_int_equal(pwpol_verify(PW, strlen(PW), h), PWPOL_OK);
	assert_int_equal(pwpol_hash(PWPOL_FORMAT_BCRYPT, 4, PW, strlen(PW), h, sizeof h), PWPOL_OK);
	assert_memory_equal(h, "$2b$04$", 7);
}

static void hash_refuses_bad_input(void **state)
{
	(void)state;
	char h[PWPOL_HASH_MAX];
	static char big[512];
	memset(big, 'a', sizeof big);
	assert_int_equal(pwpol_hash(PWPOL_FORMAT_MD5, 0, PW, strlen(PW), h, sizeof h),
	                 PWPOL_EINVAL);
	assert_int_equal(pwpol_hash(PWPOL_FORMAT_DES, 0, PW, strlen(PW), h, sizeof h),
	                 PWPOL_EINVAL);
	assert_int_equal(pwpol_hash(PWPOL_FORMAT_SHA512, 0, "", 0, h, sizeof h), PWPOL_EINVAL);
	assert_int_equal(pwpol_hash(PWPOL_FORMAT_SHA512, 0, "a\0b", 3, h, sizeof h), PWPOL_EINVAL);
	/* crypt takes at most 511 bytes: one more is refused, 511 is fine. */
	assert_int_equal(pwpol_hash(PWPOL_FORMAT_SHA256, 0, big, 512, h, sizeof h), PWPOL_EINVAL);
	assert_int_equal(pwpol_hash(PWPOL_FORMAT_SHA256, 0, big, 511, h, sizeof h), PWPOL_OK);
	assert_int_equal(pwpol_verify(big, 511, h), PWPOL_OK);
	assert_int_equal(pwpol_verify(big, 512, h), PWPOL_REJECTED);
	assert_int_equal(pwpol_verify(big, 510, h), PWPOL_REJECTED);
	/* An output buffer too small for the hash. */
	assert_int_equal(pwpol_hash(PWPOL_FORMAT_SHA512, 0, PW, strlen(PW), h, 20), PWPOL_EINVAL);
	assert_int_equal(pwpol_hash(PWPOL_FORMAT_SHA512, 0, PW, strlen(PW), h, 0), PWPOL_EINVAL);
}

static void locked_and_empty_hashes_never_match(void **state)
{
	(void)state;
	assert_int_equal(pwpol_verify("", 0, ""), PWPOL_REJECTED);
	assert_int_equal(pwpol_verify(PW, strlen(PW), ""), PWPOL_REJECTED);
	assert_int_equal(pwpol_verify(PW, strlen(PW), NULL), PWPOL_REJECTED);
	assert_int_equal(pwpol_verify("", 0, "*"), PWPOL_REJECTED);
	assert_int_equal(pwpol_verify("", 0, "!"), PWPOL_REJECTED);
	assert_int_equal(pwpol_verify("password", 8, "!abJnggxhB/yWI"), PWPOL_REJECTED);
	assert_int_equal(pwpol_verify("password", 8, "*abJnggxhB/yWI"), PWPOL_REJECTED);
}

static void malformed_hashes(void **state)
{
	(void)state;
	static const char *const bad[] = {
	    "$6$",
	    "$6$saltsalt$short",
	    "$6$saltsalt$qFmFH.bQmmtXzyBY0s9v7Oicd2z4XSIecDzlB5KiA2/"
	    "jctKu9YterLp8wwnSq.qc.eoxqOmSuNp2xS0"
	    "ktL3nh/x",
	    "$5$salt$5B8vYYiY.CVt1RlTTf8KbXBH3hsxY/GNooZaBBGWEc!",
	    "$2b$99$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW",
	    "$2b$05$CCCC",
	    "$2x$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW",
	    "$1$toolongsalt$qjXMvbEw8oaL.CzflDtaK/",
	    "$y$j9T$",
	    "$sha1$x$salt$cUXhu9mXyyvmxuPGkHN4CdqQqyfS",
	    "$sha2$0$salt$C8DwbvtRZgCo/O2lgc6PrR4k51AkWLkjihuAAUFbkbzv",
	    "$sha2$01$salt$C8DwbvtRZgCo/O2lgc6PrR4k51AkWLkjihuAAUFbkbzv",
	    "$sha2$1$salt$C8DwbvtRZgCo/O2lgc6PrR4k51AkWLkjihuAAUFbkbz",
	    "$sha2$1$$C8DwbvtRZgCo/O2lgc6PrR4k51AkWLkjihuAAUFbkbzv",
	    "$sha2$1$salt$cUXhu9mXyyvmxuPGkHN4CdqQqyfS",
	    "$7$whatever",
	    "abJnggxhB/yW",
	    "abJnggxhB/yW!",
	    "plain text",
	    "",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		enum pwpol_format f = PWPOL_FORMAT_SHA512;
		assert_int_equal(pwpol_hash_identify(bad[i], &f), PWPOL_EINVAL);
		assert_int_equal(f, PWPOL_FORMAT_UNKNOWN);
	}
	assert_int_equal(pwpol_hash_identify(NULL, NULL), PWPOL_EINVAL);
	/* Settings crypt refuses are malformed hashes to verify. */
	assert_int_equal(pwpol_verify(PW, strlen(PW), "$6$rounds=x$abc"), PWPOL_EINVAL);
	assert_int_equal(pwpol_verify(PW, strlen(PW), "$5$a:b$"), PWPOL_EINVAL);
	/* "$6$" is a valid setting (empty salt) that no password hashes to. */
	assert_int_equal(pwpol_verify(PW, strlen(PW), "$6$"), PWPOL_REJECTED);
	assert_int_equal(pwpol_verify(PW, strlen(PW),
	                              "$2b$99$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQ"
	                              "Yb4YMJKvyOeW"),
	                 PWPOL_EINVAL);
	assert_int_equal(pwpol_verify(PW, strlen(PW), "$zz$nonsense"), PWPOL_EINVAL);
	assert_int_equal(pwpol_verify(PW, strlen(PW), "a"), PWPOL_EINVAL);
}

static void needs_rehash_only_upwards(void **state)
{
	(void)state;
	pwpol_policy *p = NULL;
	assert_int_equal(pwpol_policy_new(&p, "ssr"), PWPOL_OK); /* format sha512 */
	const char *des = "abJnggxhB/yWI", *md5 = vectors[6].hash, *sha1 = vectors[8].hash;
	const char *sha256 = vectors[0].hash, *sha512 = vectors[2].hash, *bcrypt = vectors[5].hash;
	const char *yescrypt =
	    "$y$j9T$iGNywf9RMJaAUfefLk5NN/$pNqktxgBr7c4BgTloYIaHyZ.zrdyXOlTF32d3uA1VnA";
	assert_int_equal(pwpol_hash_needs_rehash(p, des), 1);
	assert_int_equal(pwpol_hash_needs_rehash(p, md5), 1);
	assert_int_equal(pwpol_hash_needs_rehash(p, sha1), 1);
	assert_int_equal(pwpol_hash_needs_rehash(p, sha256), 1);
	assert_int_equal(pwpol_hash_needs_rehash(p, sha512), 0);
	assert_int_equal(pwpol_hash_needs_rehash(p, bcrypt), 0);
	assert_int_equal(pwpol_hash_needs_rehash(p, yescrypt), 0);
	/* Policy sha1: a stronger hash is never downgraded. */
	assert_int_equal(pwpol_policy_set(p, PWPOL_OPT_FORMAT, PWPOL_FORMAT_SHA1), PWPOL_OK);
	assert_int_equal(pwpol_hash_needs_rehash(p, md5), 1);
	assert_int_equal(pwpol_hash_needs_rehash(p, sha1), 0);
	assert_int_equal(pwpol_hash_needs_rehash(p, sha512), 0);
	/* yescrypt and bcrypt share the top rank. */
	assert_int_equal(pwpol_policy_set(p, PWPOL_OPT_FORMAT, PWPOL_FORMAT_YESCRYPT), PWPOL_OK);
	assert_int_equal(pwpol_hash_needs_rehash(p, sha512), 1);
	assert_int_equal(pwpol_hash_needs_rehash(p, bcrypt), 0);
	assert_int_equal(pwpol_hash_needs_rehash(p, yescrypt), 0);
	pwpol_policy_free(p);
}

/* ---- the format table ------------------------------------------------- */

struct known {
	enum pwpol_format format;
	const char *pw, *setting, *hash;
};

/* One known answer (at least) for every row of the table, made from a fixed
 * setting through the row's own crypt. */
static const struct known known[] = {
    {PWPOL_FORMAT_SHA512, "Hello world!", "$6$saltstring",
     "$6$saltstring$svn8UoSVapNtMuq1ukKS4tPQd8iKwSMHWjl/O817G3uBnIFNjnQJuesI68u4OTLiBFdcbYEdFCoEOfa"
     "S35inz1"},
    {PWPOL_FORMAT_SHA256, "Hello world!", "$5$rounds=10000$saltstringsaltstring",
     "$5$rounds=10000$saltstringsaltst$3xv.VbSHBb41AL9AvLeujZkZRBAwqFMz2.opqey6IcA"},
    {PWPOL_FORMAT_SHA1, "password", "$sha1$1000$saltsalt$",
     "$sha1$1000$saltsalt$cUXhu9mXyyvmxuPGkHN4CdqQqyfS"},
    /* The issue's vectors (sha1crypt's construction over HMAC-SHA256). */
    {PWPOL_FORMAT_SHA2, "password", "$sha2$24680$abcdefgh",
     "$sha2$24680$abcdefgh$lG03vgaRT3sPaWCMC5ye6Ry4XOmSDWthCdkQWi/9I6pA"},
    {PWPOL_FORMAT_SHA2, "test", "$sha2$1$salt$",
     "$sha2$1$salt$C8DwbvtRZgCo/O2lgc6PrR4k51AkWLkjihuAAUFbkbzv"},
    /* yescrypt's reference TESTS-OK (N = 2^16, r = 8, p = 11). */
    {PWPOL_FORMAT_YESCRYPT, "pleaseletmein", "$y$jD5.7$LdJMENpBABJJ3hIHjB1Bi.",
     "$y$jD5.7$LdJMENpBABJJ3hIHjB1Bi.$HboGM6qPrsK.StKYGt6KErmUYtioHreJd98oIugoNB6"},
    {PWPOL_FORMAT_BCRYPT, "U*U", "$2b$05$CCCCCCCCCCCCCCCCCCCCC.",
     "$2b$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW"},
    {PWPOL_FORMAT_MD5, "password", "$1$saltsalt$", "$1$saltsalt$qjXMvbEw8oaL.CzflDtaK/"},
    {PWPOL_FORMAT_DES, "password", "ab", "abJnggxhB/yWI"},
};

static void every_row_known_answer(void **state)
{
	(void)state;
	int seen[PWPOL_FORMAT_UNKNOWN] = {0};
	for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
		const struct known *k = &known[i];
		char h[PWPOL_HASH_MAX];
		enum pwpol_format f;
		assert_int_equal(pwpol__hash_setting(k->pw, strlen(k->pw), k->setting, h, sizeof h),
		                 PWPOL_OK);
		assert_string_equal(h, k->hash);
		assert_int_equal(pwpol_verify(k->pw, strlen(k->pw), k->hash), PWPOL_OK);
		assert_int_equal(pwpol_verify(k->pw, strlen(k->pw) - 1, k->hash), PWPOL_REJECTED);
		assert_int_equal(pwpol_hash_identify(k->hash, &f), PWPOL_OK);
		assert_int_equal(f, k->format);
		assert_int_equal(pwpol_hash_import_check(k->hash, NULL, 0), PWPOL_OK);
		seen[k->format]++;
	}
	for (int f = 0; f < PWPOL_FORMAT_UNKNOWN; f++) {
		const struct pwpol__format *row = pwpol__format_get((enum pwpol_format)f);
		assert_non_null(row);
		assert_int_equal(row->id, f);
		assert_string_equal(pwpol_format_name((enum pwpol_format)f), row->name);
		if (!seen[f])
			fail_msg("no known answer for the %s row", row->name);
	}
	assert_null(pwpol__format_get(PWPOL_FORMAT_UNKNOWN));
	assert_string_equal(pwpol_format_name(PWPOL_FORMAT_UNKNOWN), "unknown");
}

/* A policy may choose exactly the formats pwpol makes, by name. */
static void format_names_and_choices(void **state)
{
	(void)state;
	pwpol_policy *p = NULL;
	assert_int_equal(pwpol_policy_new(&p, "junos"), PWPOL_OK);
	for (int f = 0; f < PWPOL_FORMAT_UNKNOWN; f++) {
		const struct pwpol__format *row = pwpol__format_get((enum pwpol_format)f);
		enum pwpol_format g = PWPOL_FORMAT_UNKNOWN;
		int by_name = pwpol_format_by_name(row->name, &g) == PWPOL_OK;
		int settable = pwpol_policy_set(p, PWPOL_OPT_FORMAT, f) == PWPOL_OK;
		assert_int_equal(by_name, row->made);
		assert_int_equal(settable, row->made);
		if (by_name)
			assert_int_equal(g, f);
	}
	enum pwpol_format g;
	assert_int_equal(pwpol_format_by_name("sha2", &g), PWPOL_OK);
	assert_int_equal(g, PWPOL_FORMAT_SHA2);
	assert_int_equal(pwpol_format_by_name("md5", &g), PWPOL_EINVAL);
	assert_int_equal(pwpol_format_by_name("SHA2", &g), PWPOL_EINVAL);
	assert_int_equal(pwpol_format_by_name(NULL, &g), PWPOL_EINVAL);
	pwpol_policy_free(p);
}

/* The number between the format's prefix and the next '$'. */
static unsigned long iterations_of(const char *h, size_t prefix)
{
	return strtoul(h + prefix, NULL, 10);
}

/* sha1 and sha2 as Junos makes them: 24680 less up to a quarter, varying;
 * bcrypt at cost 12; yescrypt at libxcrypt's recommended cost; sha512 and
 * sha256 at crypt's default 5000 rounds. */
static void costs_made_by_default(void **state)
{
	(void)state;
	static const struct {
		enum pwpol_format f;
		const char *prefix;
	} junos[] = {{PWPOL_FORMAT_SHA1, "$sha1$"}, {PWPOL_FORMAT_SHA2, "$sha2$"}};
	for (size_t j = 0; j < 2; j++) {
		unsigned long lo = 99999, hi = 0;
		for (int i = 0; i < 12; i++) {
			char h[PWPOL_HASH_MAX];
			assert_int_equal(pwpol_hash(junos[j].f, 0, PW, strlen(PW), h, sizeof h),
			                 PWPOL_OK);
			assert_memory_equal(h, junos[j].prefix, 6);
			unsigned long n = iterations_of(h, 6);
			lo = n < lo ? n : lo;
			hi = n > hi ? n : hi;
			assert_in_range(n, 18510, 24680);
			assert_int_equal(pwpol_verify(PW, strlen(PW), h), PWPOL_OK);
		}
		assert_true(lo < hi); /* drawn afresh each time */
	}
	/* $sha2$ salts: 8 characters, as in Junos's hashes. */
	char h[PWPOL_HASH_MAX];
	assert_int_equal(pwpol_hash(PWPOL_FORMAT_SHA2, 0, PW, strlen(PW), h, sizeof h), PWPOL_OK);
	assert_int_equal(strlen(h), 6 + 5 + 1 + 8 + 1 + 44);
	assert_int_equal(pwpol_hash(PWPOL_FORMAT_BCRYPT, 0, PW, strlen(PW), h, sizeof h), PWPOL_OK);
	assert_memory_equal(h, "$2b$12$", 7);
	assert_int_equal(pwpol_hash(PWPOL_FORMAT_YESCRYPT, 0, PW, strlen(PW), h, sizeof h),
	                 PWPOL_OK);
	assert_memory_equal(h, "$y$j9T$", 7);
	assert_int_equal(pwpol_hash(PWPOL_FORMAT_SHA512, 0, PW, strlen(PW), h, sizeof h), PWPOL_OK);
	assert_null(strstr(h, "rounds="));
	/* A cost given is used: sha2 takes up to a quarter off it too. */
	assert_int_equal(pwpol_hash(PWPOL_FORMAT_SHA2, 1000, PW, strlen(PW), h, sizeof h),
	                 PWPOL_OK);
	assert_in_range(iterations_of(h, 6), 750, 1000);
	assert_int_equal(pwpol_verify(PW, strlen(PW), h), PWPOL_OK);
}

/* A stored-hash string of a format: prefix, then fill characters. */
static const char *fake(char *buf, size_t size, const char *head, size_t fill)
{
	size_t n = strlen(head);
	assert_true(n + fill < size);
	memcpy(buf, head, n);
	memset(buf + n, 'A', fill);
	buf[n + fill] = 0;
	return buf;
}

struct edge {
	const char *ok, *over; /* the setting part at the bound and one past it */
	size_t fill;           /* digest (and salt, for bcrypt) characters */
	const char *why;       /* what the refusal names */
};

/* Import bounds, each at about a second on the machine they were measured
 * on (pwpol.conf(5)): the last cost accepted and the first refused. The
 * check reads the cost; nothing is hashed. */
static void import_bounds_at_their_edges(void **state)
{
	(void)state;
	static const struct edge edges[] = {
	    {"$6$rounds=4000000$saltsalt$", "$6$rounds=4000001$saltsalt$", 86,
	     "a sha512 hash with rounds 4000001 takes too long to verify (at most 4000000, about "
	     "a second)"},
	    {"$5$rounds=3000000$saltsalt$", "$5$rounds=3000001$saltsalt$", 43,
	     "a sha256 hash with rounds 3000001 takes too long to verify (at most 3000000, about "
	     "a second)"},
	    {"$sha1$1500000$saltsalt$", "$sha1$1500001$saltsalt$", 28, "sha1 hash with iterations"},
	    {"$sha2$8000000$saltsalt$", "$sha2$8000001$saltsalt$", 44, "sha2 hash with iterations"},
	    {"$2b$14$", "$2b$15$", 53, "a bcrypt hash with cost 15 takes too long"},
	    /* N*r: jET is N = 2^17, r = 32 (libxcrypt's cost 10); jFT twice that. */
	    {"$y$jET$saltsaltsalt$", "$y$jFT$saltsaltsalt$", 43,
	     "a yescrypt hash with N*r*(t+1) 8388608 takes too long to verify (at most 4194304, "
	     "about a second)"},
	    /* t = 3 counts four times: 2^20 * 4 accepted, 2^21 * 4 refused. */
	    {"$y$jCT/0$saltsaltsalt$", "$y$jDT/0$saltsaltsalt$", 43, "N*r*(t+1) 8388608"},
	};
	for (size_t i = 0; i < sizeof edges / sizeof edges[0]; i++) {
		char h[PWPOL_HASH_MAX], why[200] = "";
		fake(h, sizeof h, edges[i].ok, edges[i].fill);
		assert_int_equal(pwpol_hash_identify(h, NULL), PWPOL_OK);
		assert_int_equal(pwpol_hash_import_check(h, why, sizeof why), PWPOL_OK);
		fake(h, sizeof h, edges[i].over, edges[i].fill);
		assert_int_equal(pwpol_hash_identify(h, NULL), PWPOL_OK);
		assert_int_equal(pwpol_hash_import_check(h, why, sizeof why), PWPOL_EINVAL);
		if (!strstr(why, edges[i].why))
			fail_msg("%s: '%s'", h, why);
		/* Stored, it is refused at once, never computed. */
		assert_int_equal(pwpol_verify(PW, strlen(PW), h), PWPOL_EINVAL);
	}
}

static void import_refuses_huge_costs_and_strangers(void **state)
{
	(void)state;
	char h[PWPOL_HASH_MAX], why[200];
	static const char *const huge[] = {
	    "$6$rounds=999999999$saltsalt$",
	    "$5$rounds=999999999$saltsalt$",
	    "$2b$31$",
	    "$2y$20$",
	    "$sha1$4294967295$saltsalt$",
	    "$sha2$999999999$saltsalt$",
	    "$y$jVT$saltsaltsalt$",   /* N = 2^34 */
	    "$y$j9T.Z$saltsaltsalt$", /* p = 39 in the read-write flavour: cheap */
	};
	static const size_t fill[] = {86, 43, 53, 53, 28, 44, 43, 43};
	for (size_t i = 0; i < sizeof huge / sizeof huge[0]; i++) {
		fake(h, sizeof h, huge[i], fill[i]);
		enum pwpol_status want = i == 7 ? PWPOL_OK : PWPOL_EINVAL;
		assert_int_equal(pwpol_hash_identify(h, NULL), PWPOL_OK);
		assert_int_equal(pwpol_hash_import_check(h, why, sizeof why), want);
		if (want != PWPOL_OK)
			assert_int_equal(pwpol_verify(PW, strlen(PW), h), PWPOL_EINVAL);
	}
	assert_int_equal(pwpol_hash_import_check("$7$CU..../....saltsalt$abc", why, sizeof why),
	                 PWPOL_EINVAL);
	assert_string_equal(why, "not a hash in a format pwpol knows (sha512, sha256, sha1, sha2, "
	                         "yescrypt, bcrypt, md5 or des)");
	assert_int_equal(pwpol_hash_import_check("", why, sizeof why), PWPOL_EINVAL);
	assert_string_equal(why, "no hash given");
	assert_int_equal(pwpol_hash_import_check(NULL, NULL, 0), PWPOL_EINVAL);
	static char big[PWPOL_HASH_MAX + 1];
	memset(big, 'a', PWPOL_HASH_MAX);
	assert_int_equal(pwpol_hash_import_check(big, why, sizeof why), PWPOL_EINVAL);
	assert_string_equal(why, "a hash is at most 511 characters");
	/* A short buffer gets the start of the sentence, NUL-terminated. */
	assert_int_equal(pwpol_hash_import_check("", why, 3), PWPOL_EINVAL);
	assert_string_equal(why, "no");
	/* Formats crypt knows and the table does not are never computed:
	 * BSDi DES with 2^24 - 1 rounds, scrypt. */
	assert_int_equal(pwpol_verify(PW, strlen(PW), "_zzzzsaltsaltsaltsa"), PWPOL_EINVAL);
	assert_int_equal(pwpol_verify(PW, strlen(PW), "$7$CU..../....saltsalt$abc"), PWPOL_EINVAL);
	/* pwpol makes nothing it would refuse. */
	assert_int_equal(pwpol_hash(PWPOL_FORMAT_BCRYPT, 15, PW, strlen(PW), h, sizeof h),
	                 PWPOL_EINVAL);
	assert_int_equal(pwpol_hash(PWPOL_FORMAT_SHA512, 4000001, PW, strlen(PW), h, sizeof h),
	                 PWPOL_EINVAL);
}

/* The dummy of every format pwpol makes is of that format, at the cost it
 * makes, and matches no password; one for a format it does not make is
 * the sha512 one. */
static void dummies_at_the_made_cost(void **state)
{
	(void)state;
	for (int f = 0; f < PWPOL_FORMAT_UNKNOWN; f++) {
		const struct pwpol__format *row = pwpol__format_get((enum pwpol_format)f);
		const char *d = pwpol__format_dummy((enum pwpol_format)f);
		enum pwpol_format g;
		assert_int_equal(pwpol_hash_identify(d, &g), PWPOL_OK);
		assert_int_equal(g, row->made ? (enum pwpol_format)f : PWPOL_FORMAT_SHA512);
		assert_int_equal(pwpol_verify(PW, strlen(PW), d), PWPOL_REJECTED);
		if (!row->made)
			assert_int_equal(pwpol_verify(PW, strlen(PW), row->dummy), PWPOL_REJECTED);
	}
	assert_memory_equal(pwpol__format_dummy(PWPOL_FORMAT_BCRYPT), "$2b$12$", 7);
	assert_memory_equal(pwpol__format_dummy(PWPOL_FORMAT_YESCRYPT), "$y$j9T$", 7);
	assert_in_range(iterations_of(pwpol__format_dummy(PWPOL_FORMAT_SHA1), 6), 18510, 24680);
	assert_in_range(iterations_of(pwpol__format_dummy(PWPOL_FORMAT_SHA2), 6), 18510, 24680);
	assert_null(strstr(pwpol__format_dummy(PWPOL_FORMAT_SHA512), "rounds="));
}

/* This thread's CPU time: the work a verification does, which other
 * processes on a loaded machine do not stretch as they stretch wall time. */
static double seconds(void)
{
	struct timespec t;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* The fastest of 5 verifications, in seconds. */
static double verify_time(const char *pw, const char *h)
{
	double best = 1e9;
	for (int i = 0; i < 5; i++) {
		double t = seconds();
		pwpol_verify(pw, strlen(pw), h);
		t = seconds() - t;
		best = t < best ? t : best;
	}
	return best;
}

/* A dummy like a stored hash: same format and cost (the same setting up to
 * the salt), no password matches it, and it costs what the hash costs. */
static void dummy_like_a_stored_hash(void **state)
{
	(void)state;
	static const struct {
		const char *hash;
		size_t kept; /* the characters kept: the setting before the salt */
	} like[] = {
	    {"$5$rounds=10000$saltstringsaltst$3xv.VbSHBb41AL9AvLeujZkZRBAwqFMz2.opqey6IcA", 16},
	    {"$6$saltstring$svn8UoSVapNtMuq1ukKS4tPQd8iKwSMHWjl/"
	     "O817G3uBnIFNjnQJuesI68u4OTLiBFdcbYEdF"
	     "CoEOfaS35inz1",
	     3},
	    {"$sha1$1000$saltsalt$cUXhu9mXyyvmxuPGkHN4CdqQqyfS", 11},
	    {"$sha2$1$salt$C8DwbvtRZgCo/O2lgc6PrR4k51AkWLkjihuAAUFbkbzv", 8},
	    {"$2b$04$CCCCCCCCCCCCCCCCCCCCC.Cg0ly9t/KVBCBYYDfOmZKwry9JuXClC", 7},
	    {"$y$j75$LdJMENpBABJJ3hIHjB1Bi.$hFXC.xJ078oJ/nZ7vmP/rbPY1ft2oVHTpEzTGHXRFK/", 7},
	};
	for (size_t i = 0; i < sizeof like / sizeof like[0]; i++) {
		const char *h = like[i].hash;
		char d[PWPOL_HASH_MAX];
		enum pwpol_format fh, fd;
		assert_int_equal(pwpol__format_dummy_like(h, d, sizeof d), PWPOL_OK);
		assert_int_equal(strlen(d), strlen(h));
		assert_memory_equal(d, h, like[i].kept);
		assert_int_not_equal(d[like[i].kept], h[like[i].kept]); /* a salt of its own */
		assert_int_equal(pwpol_hash_identify(h, &fh), PWPOL_OK);
		assert_int_equal(pwpol_hash_identify(d, &fd), PWPOL_OK);
		assert_int_equal(fd, fh);
		assert_int_equal(pwpol_verify(PW, strlen(PW), d), PWPOL_REJECTED);
	}
	/* The real password of a vector does not open its dummy. */
	char d[PWPOL_HASH_MAX];
	assert_int_equal(pwpol__format_dummy_like(known[0].hash, d, sizeof d), PWPOL_OK);
	assert_int_equal(pwpol_verify(known[0].pw, strlen(known[0].pw), d), PWPOL_REJECTED);
	/* Fixed-cost formats get their row's dummy. */
	assert_int_equal(pwpol__format_dummy_like("abJnggxhB/yWI", d, sizeof d), PWPOL_OK);
	assert_string_equal(d, pwpol__format_get(PWPOL_FORMAT_DES)->dummy);
	assert_int_equal(
	    pwpol__format_dummy_like("$1$saltsalt$qjXMvbEw8oaL.CzflDtaK/", d, sizeof d), PWPOL_OK);
	assert_string_equal(d, pwpol__format_get(PWPOL_FORMAT_MD5)->dummy);
	assert_int_equal(pwpol__format_dummy_like("plain text", d, sizeof d), PWPOL_EINVAL);
	assert_int_equal(pwpol__format_dummy_like(known[0].hash, d, 20), PWPOL_EINVAL);
	/* Same work: a sha512 hash at 100000 rounds (about 25 ms) and its
	 * dummy, against the default-cost dummy 20 times cheaper. */
	char h[PWPOL_HASH_MAX];
	assert_int_equal(pwpol_hash(PWPOL_FORMAT_SHA512, 100000, PW, strlen(PW), h, sizeof h),
	                 PWPOL_OK);
	assert_int_equal(pwpol__format_dummy_like(h, d, sizeof d), PWPOL_OK);
	double th = verify_time("Wrong#Pass1", h), td = verify_time("Wrong#Pass1", d);
	if (td * 2 < th || td > th * 2)
		fail_msg("hash %.6f s, its dummy %.6f s", th, td);
}

/* Strength order: des < md5 < sha1 < sha2 < sha256 < sha512 < yescrypt =
 * bcrypt. $sha2$ sits below the crypt formats: its construction is
 * inferred, theirs published. */
static void needs_rehash_order(void **state)
{
	(void)state;
	static const enum pwpol_format order[] = {
	    PWPOL_FORMAT_DES,    PWPOL_FORMAT_MD5,    PWPOL_FORMAT_SHA1,     PWPOL_FORMAT_SHA2,
	    PWPOL_FORMAT_SHA256, PWPOL_FORMAT_SHA512, PWPOL_FORMAT_YESCRYPT, PWPOL_FORMAT_BCRYPT,
	};
	const char *hash_of[PWPOL_FORMAT_UNKNOWN] = {0};
	for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
		hash_of[known[i].format] = known[i].hash;
	pwpol_policy *p = NULL;
	assert_int_equal(pwpol_policy_new(&p, "ssr"), PWPOL_OK);
	size_t n = sizeof order / sizeof order[0];
	for (size_t w = 0; w < n; w++) {
		if (pwpol_policy_set(p, PWPOL_OPT_FORMAT, order[w]) != PWPOL_OK)
			continue; /* md5 and des are never chosen */
		for (size_t h = 0; h < n; h++) {
			/* yescrypt and bcrypt share the top rank. */
			int weaker = h < w && !(h == n - 2 && w == n - 1);
			if (pwpol_hash_needs_rehash(p, hash_of[order[h]]) != weaker)
				fail_msg("policy %s, stored %s: needs-rehash %d",
				         pwpol_format_name(order[w]), pwpol_format_name(order[h]),
				         !weaker);
		}
	}
	pwpol_policy_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(vectors_verify),
	    cmocka_unit_test(near_misses_refused),
	    cmocka_unit_test(round_trip_every_format),
	    cmocka_unit_test(rounds_are_used),
	    cmocka_unit_test(hash_refuses_bad_input),
	    cmocka_unit_test(locked_and_empty_hashes_never_match),
	    cmocka_unit_test(malformed_hashes),
	    cmocka_unit_test(needs_rehash_only_upwards),
	    cmocka_unit_test(every_row_known_answer),
	    cmocka_unit_test(format_names_and_choices),
	    cmocka_unit_test(costs_made_by_default),
	    cmocka_unit_test(import_bounds_at_their_edges),
	    cmocka_unit_test(import_refuses_huge_costs_and_strangers),
	    cmocka_unit_test(dummies_at_the_made_cost),
	    cmocka_unit_test(dummy_like_a_stored_hash),
	    cmocka_unit_test(needs_rehash_order),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
