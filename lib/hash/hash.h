/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * hash.h - the door of the hash wing (hash/): the one table of formats
 * (format.c, which also recognises a stored hash), making and verifying
 * over libxcrypt (hash.c), and Junos's $sha2$ (hash-sha2.c).
 */
#ifndef PWPOL_HASH_H
#define PWPOL_HASH_H

#include "policy.h"

/* format.c: the one table of hash formats, one row per format. Adding a
 * format is one row there and, for one libxcrypt lacks, one file giving
 * its gensalt and crypt (as hash-sha2.c gives $sha2$). */
struct pwpol__format {
	enum pwpol_format id;
	const char *name;      /* the `format` statement's value */
	const char *prefix[3]; /* recognised by any; prefix[0] is the one made ("" for DES) */
	int strength;          /* needs-rehash replaces a hash only by a stronger one */
	int made;              /* a policy may choose it */
	unsigned long count;   /* the cost made for rounds 0 (0: libxcrypt's default) */
	const char *dummy;     /* a hash of a throwaway password at that cost */
	/* Recognises the whole hash after its prefix. */
	int (*valid)(const char *rest);
	/* The work a hash or setting asks for, in `unit`; 0 if unreadable.
	 * NULL: the format has one fixed cost. */
	uint64_t (*work)(const char *rest);
	uint64_t max_work; /* import bound: about a second to verify */
	const char *unit;
	/* How many '$'-separated fields at the end hold the salt and the
	 * digest (for a dummy like a stored hash); 0: use `dummy`. */
	int salt_fields;
	/* For a format libxcrypt lacks (NULL: crypt_gensalt_rn, crypt_rn).
	 * gensalt: 1 or 0 (refused); crypt: 1, 0 (refused) or -1 (no memory). */
	int (*gensalt)(unsigned long count, char *out, size_t outlen);
	int (*crypt)(const char *phrase, const char *setting, char *out, size_t outlen);
};

/* The row of a format, NULL for UNKNOWN. */
const struct pwpol__format *pwpol__format_get(enum pwpol_format f);
/* The row whose prefix a hash (or setting) starts with, NULL if none; *rest
 * is what follows the prefix. Nothing past the prefix is checked. */
const struct pwpol__format *pwpol__format_find(const char *hash, const char **rest);
/* 1 if a hash of that row asks for more work than its import bound (or
 * its cost cannot be read); *work gets the work read. */
int pwpol__format_too_costly(const struct pwpol__format *row, const char *rest, uint64_t *work);
/* A hash to verify when the user is unknown, so that the answer costs what
 * a known user's would: the format's dummy at the cost pwpol makes. The
 * sha512 one for a format pwpol does not make. */
const char *pwpol__format_dummy(enum pwpol_format f);
/* A dummy at the same format and cost as a stored hash: the hash with its
 * salt and digest blanked, so verifying it runs the same work and matches
 * no password. EINVAL for a hash pwpol_hash_identify does not know. */
enum pwpol_status pwpol__format_dummy_like(const char *hash, char *out, size_t outlen);

/* hash.c: pw hashed with a given setting (a fixed salt and cost), for
 * known-answer tests; out as for pwpol_hash. */
enum pwpol_status pwpol__hash_setting(const char *pw, size_t len, const char *setting, char *out,
                                      size_t outlen);

/* hash-sha2.c: $sha2$, the table's hooks. */
/* nettle-load.c: nettle's SHA-256 and HMAC-SHA256, loaded on first use;
 * NULL when it cannot be (the caller fails closed). */
struct sha256_ctx;
struct hmac_sha256_ctx;
struct pwpol__nettle {
	void (*sha_init)(struct sha256_ctx *);
	void (*sha_update)(struct sha256_ctx *, size_t, const uint8_t *);
	void (*sha_digest)(struct sha256_ctx *, size_t, uint8_t *);
	void (*mac_key)(struct hmac_sha256_ctx *, size_t, const uint8_t *);
	void (*mac_update)(struct hmac_sha256_ctx *, size_t, const uint8_t *);
	void (*mac_digest)(struct hmac_sha256_ctx *, size_t, uint8_t *);
};
const struct pwpol__nettle *pwpol__nettle(void);
int pwpol__sha2_gensalt(unsigned long count, char *out, size_t outlen);
int pwpol__sha2_crypt(const char *phrase, const char *setting, char *out, size_t outlen);

#endif
