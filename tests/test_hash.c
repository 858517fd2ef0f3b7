/*
 * test_hash.c - hashes over libxcrypt: every format made and verified,
 * published test vectors from other implementations (Drepper's SHA-crypt
 * specification, Openwall's bcrypt, the classic DES and MD5 ones),
 * identification, needs-rehash, and malformed or locked hashes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "pwpol.h"

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
	    {PWPOL_FORMAT_SHA512, "$6$"},  {PWPOL_FORMAT_SHA256, "$5$"},
	    {PWPOL_FORMAT_SHA1, "$sha1$"}, {PWPOL_FORMAT_YESCRYPT, "$y$"},
	    {PWPOL_FORMAT_BCRYPT, "$2b$"},
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
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
