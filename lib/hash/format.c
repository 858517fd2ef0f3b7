/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * format.c - the one table of hash formats (after libxcrypt's
 * hash_algorithms[]): per format its name, prefixes, strength order,
 * whether pwpol makes it and at what cost, a dummy hash for timing, how it
 * is recognised and how much work a stored one asks for. hash.c makes,
 * verifies and identifies through it; the policy's format names and the
 * accounts' dummy hashes come from it.
 *
 * To add a format: a value in enum pwpol_format (include/pwpol.h), one row
 * below, and, for a format libxcrypt lacks, one file with its gensalt and
 * crypt (hash-sha2.c). tests/test_hash.c wants a known-answer vector for
 * every row.
 *
 * The import bounds (max_work) were measured on the development machine
 * (x86-64, libxcrypt 4.4.33, nettle 3.8.1; CPU seconds, median of three):
 * each is a round figure that verifies in about a second or less. A stored
 * hash over its bound is never computed. See pwpol.conf(5).
 */
#include "hash.h"

#include <stdio.h>
#include <string.h>

/* ---- recognising: the whole hash after its prefix ------------------- */

/* The alphabet of crypt's base-64 ("./0-9A-Za-z"): its value or -1. */
static int b64val(char c)
{
	if (c == '.' || c == '/')
		return c - '.';
	if (c >= '0' && c <= '9')
		return c - '0' + 2;
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 12;
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 38;
	return -1;
}

/* min to max base-64 characters up to the next '$' or the end; returns
 * the end, or NULL. */
static const char *b64_field(const char *s, size_t min, size_t max)
{
	size_t n = 0;
	while (s[n] && s[n] != '$') {
		if (b64val(s[n]) < 0)
			return NULL;
		n++;
	}
	return n >= min && n <= max ? s + n : NULL;
}

/* A decimal number of 1 to 10 digits without a leading zero, then stop;
 * returns what follows stop, or NULL. *v gets the number. */
static const char *decimal(const char *s, char stop, uint64_t *v)
{
	size_t n = 0;
	*v = 0;
	if (s[0] == '0')
		return NULL;
	for (; s[n] >= '0' && s[n] <= '9'; n++) {
		if (n == 10)
			return NULL;
		*v = *v * 10 + (uint64_t)(s[n] - '0');
	}
	return n > 0 && s[n] == stop ? s + n + 1 : NULL;
}

/* $5$ and $6$: [rounds=N$]SALT$HASH, salt up to 16, hash of hashlen. */
static int sha_crypt_ok(const char *s, size_t hashlen)
{
	uint64_t n;
	if (strncmp(s, "rounds=", 7) == 0 && !(s = decimal(s + 7, '$', &n)))
		return 0;
	const char *e = b64_field(s, 0, 16);
	if (!e || *e != '$')
		return 0;
	e = b64_field(e + 1, hashlen, hashlen);
	return e && !*e;
}

static int sha512_ok(const char *s)
{
	return sha_crypt_ok(s, 86);
}

static int sha256_ok(const char *s)
{
	return sha_crypt_ok(s, 43);
}

/* ITERATIONS$SALT$HASH, as NetBSD's sha1crypt writes them ($sha1$ with a
 * 28-character hash, $sha2$ with a 44-character one). */
static int hmac_crypt_ok(const char *s, size_t hashlen)
{
	uint64_t n;
	if (!(s = decimal(s, '$', &n)))
		return 0;
	const char *e = b64_field(s, 1, 64);
	if (!e || *e != '$')
		return 0;
	e = b64_field(e + 1, hashlen, hashlen);
	return e && !*e;
}

static int sha1_ok(const char *s)
{
	return hmac_crypt_ok(s, 28);
}

static int sha2_ok(const char *s)
{
	return hmac_crypt_ok(s, 44);
}

/* PARAMS$SALT$HASH: yescrypt's fields are base-64 too. */
static int yescrypt_ok(const char *s)
{
	const char *e = b64_field(s, 1, 64);
	if (!e || *e != '$')
		return 0;
	e = b64_field(e + 1, 1, 86);
	if (!e || *e != '$')
		return 0;
	e = b64_field(e + 1, 43, 43);
	return e && !*e;
}

/* NN$ then 22 salt and 31 hash characters, cost 4 to 31. */
static int bcrypt_ok(const char *s)
{
	if (!(s[0] >= '0' && s[0] <= '3' && s[1] >= '0' && s[1] <= '9' && s[2] == '$'))
		return 0;
	int cost = (s[0] - '0') * 10 + (s[1] - '0');
	if (cost < 4 || cost > 31)
		return 0;
	const char *e = b64_field(s + 3, 53, 53);
	return e && !*e;
}

static int md5_ok(const char *s)
{
	const char *e = b64_field(s, 0, 8);
	if (!e || *e != '$')
		return 0;
	e = b64_field(e + 1, 22, 22);
	return e && !*e;
}

static int des_ok(const char *s)
{
	return strlen(s) == 13 && b64_field(s, 13, 13);
}

/* ---- work: what a stored hash (or a setting) asks for ---------------- */

/* Rounds of $5$ and $6$: 5000 unless given; crypt raises fewer than 1000. */
static uint64_t sha_crypt_work(const char *s)
{
	uint64_t n = 5000;
	if (strncmp(s, "rounds=", 7) == 0 && !decimal(s + 7, '$', &n))
		return 0;
	return n < 1000 ? 1000 : n;
}

/* Iterations of $sha1$ and $sha2$. */
static uint64_t iterations(const char *s)
{
	uint64_t n;
	return decimal(s, '$', &n) ? n : 0;
}

/* bcrypt's cost: the base-2 logarithm of its rounds. */
static uint64_t bcrypt_work(const char *s)
{
	if (!(s[0] >= '0' && s[0] <= '9' && s[1] >= '0' && s[1] <= '9' && s[2] == '$'))
		return 0;
	return (uint64_t)((s[0] - '0') * 10 + (s[1] - '0'));
}

#define HUGE_WORK UINT64_MAX

static uint64_t mul(uint64_t a, uint64_t b)
{
	return b && a > HUGE_WORK / b ? HUGE_WORK : a * b;
}

/* One of yescrypt's variable-length numbers: the first character says how
 * many follow (the parameter encoding of libxcrypt's yescrypt); NULL if
 * malformed. */
static const char *yescrypt_number(const char *s, uint64_t min, uint64_t *v)
{
	int c = b64val(*s++);
	if (c < 0)
		return NULL;
	uint64_t start = 0, end = 47, chars = 1, bits = 0;
	*v = min;
	while ((uint64_t)c > end) {
		*v += (end + 1 - start) << bits;
		start = end + 1;
		end = start + (62 - end) / 2;
		chars++;
		bits += 6;
	}
	*v += ((uint64_t)c - start) << bits;
	while (--chars) {
		if ((c = b64val(*s++)) < 0)
			return NULL;
		bits -= 6;
		*v += (uint64_t)c << bits;
	}
	return s;
}

/* yescrypt: N * r, times (t + 1) and 2^g, and times p for the scrypt-like
 * flavours (the default read-write flavour shares N among its p lanes:
 * measured, p = 11 costs what p = 1 does). An over-estimate by design. */
static uint64_t yescrypt_work(const char *s)
{
	uint64_t flavor, nlog2, r, have = 0, p = 1, t = 0, g = 0;
	if (!(s = yescrypt_number(s, 0, &flavor)) || !(s = yescrypt_number(s, 1, &nlog2)) ||
	    !(s = yescrypt_number(s, 1, &r)))
		return 0;
	if (*s != '$') {
		if (!(s = yescrypt_number(s, 1, &have)) ||
		    ((have & 1) && !(s = yescrypt_number(s, 2, &p))) ||
		    ((have & 2) && !(s = yescrypt_number(s, 1, &t))) ||
		    ((have & 4) && !(s = yescrypt_number(s, 1, &g))))
			return 0;
		if (have & 8)
			return HUGE_WORK; /* a ROM: crypt cannot have one */
	}
	if (*s != '$')
		return 0;
	if (nlog2 > 40 || g > 40)
		return HUGE_WORK;
	uint64_t w = mul((uint64_t)1 << nlog2, r);
	w = mul(w, t + 1);
	w = mul(w, (uint64_t)1 << g);
	return flavor < 2 ? mul(w, p) : w;
}

/* ---- the table -------------------------------------------------------- */

/* Dummies are hashes of a throwaway password at the cost pwpol makes; for
 * sha1 and sha2, whose made cost varies from 18510 to 24680, the middle. */
static const struct pwpol__format formats[] = {
    {
        .id = PWPOL_FORMAT_SHA512,
        .name = "sha512",
        .prefix = {"$6$"},
        .strength = 5,
        .made = 1,
        .dummy = "$6$gWT0vpn9awfFyptI$nWvH397kAY6y5swRttV.oi9GMzUgybwrEB6SA6dIifK1mhRpdG2NPx."
                 "HVOINaL4AkD7loe8QNPNZyFSz/.bzb.",
        .valid = sha512_ok,
        .work = sha_crypt_work,
        .max_work = 4000000, /* 1.0 s */
        .unit = "rounds",
        .salt_fields = 2,
    },
    {
        .id = PWPOL_FORMAT_SHA256,
        .name = "sha256",
        .prefix = {"$5$"},
        .strength = 4,
        .made = 1,
        .dummy = "$5$o2n6/adUJpuS4tkP$3LaMmrWi7wcDTHIMbWHntaavPtxQjUdyuVa1hspTFr4",
        .valid = sha256_ok,
        .work = sha_crypt_work,
        .max_work = 3000000, /* 0.95 s */
        .unit = "rounds",
        .salt_fields = 2,
    },
    {
        .id = PWPOL_FORMAT_SHA1,
        .name = "sha1",
        .prefix = {"$sha1$"},
        .strength = 2,
        .made = 1,
        .count = 24680, /* libxcrypt takes a random amount of up to a quarter off */
        .dummy = "$sha1$21595$Kq8vR2mXw4Tz$JIDDe8yH0xHvgNJa48S6j9OPwM0X",
        .valid = sha1_ok,
        .work = iterations,
        .max_work = 1500000, /* 1.0 s */
        .unit = "iterations",
        .salt_fields = 2,
    },
    {
        .id = PWPOL_FORMAT_SHA2,
        .name = "sha2",
        .prefix = {"$sha2$"},
        .strength = 3,
        .made = 1,
        .count = 24680,
        .dummy = "$sha2$21595$Vb3nQ9sL$vKyAkfYOeatUDTsNi6/OdZrwA3TvK3BgrU2p4cSungwh",
        .valid = sha2_ok,
        .work = iterations,
        .max_work = 8000000, /* 0.9 s */
        .unit = "iterations",
        .salt_fields = 2,
        .gensalt = pwpol__sha2_gensalt,
        .crypt = pwpol__sha2_crypt,
    },
    {
        .id = PWPOL_FORMAT_YESCRYPT,
        .name = "yescrypt",
        .prefix = {"$y$"},
        .strength = 6,
        .made = 1,
        .dummy = "$y$j9T$iGNywf9RMJaAUfefLk5NN/$pNqktxgBr7c4BgTloYIaHyZ.zrdyXOlTF32d3uA1VnA",
        .valid = yescrypt_ok,
        .work = yescrypt_work,
        .max_work = (uint64_t)1 << 22, /* libxcrypt's cost 10: 0.6 s and 512 MiB */
        .unit = "N*r*(t+1)",
        .salt_fields = 2,
    },
    {
        .id = PWPOL_FORMAT_BCRYPT,
        .name = "bcrypt",
        .prefix = {"$2b$", "$2a$", "$2y$"},
        .strength = 6,
        .made = 1,
        .count = 12,
        .dummy = "$2b$12$Lh4KcW9pZt2VxQm7RbN3jeHOVNCX00lpPZNSV/Ay7P8l1gJKYB.RC",
        .valid = bcrypt_ok,
        .work = bcrypt_work,
        .max_work = 14, /* 0.8 s; 15 takes 1.6 s */
        .unit = "cost",
        .salt_fields = 1,
    },
    {
        .id = PWPOL_FORMAT_MD5,
        .name = "md5",
        .prefix = {"$1$"},
        .strength = 1,
        .dummy = "$1$Gt5mRx2p$OJOr6EJrbU1zENn7ap1XY.",
        .valid = md5_ok,
    },
    {
        .id = PWPOL_FORMAT_DES,
        .name = "des",
        .prefix = {""},
        .strength = 0,
        .dummy = "QzJs00GrTLH4E",
        .valid = des_ok,
    },
};

#define FORMAT_COUNT (sizeof formats / sizeof formats[0])

const struct pwpol__format *pwpol__format_get(enum pwpol_format f)
{
	for (size_t i = 0; i < FORMAT_COUNT; i++)
		if (formats[i].id == f)
			return &formats[i];
	return NULL;
}

const struct pwpol__format *pwpol__format_find(const char *h, const char **rest)
{
	const struct pwpol__format *bare = NULL;
	for (size_t i = 0; h && i < FORMAT_COUNT; i++) {
		for (size_t k = 0; k < 3 && formats[i].prefix[k]; k++) {
			const char *p = formats[i].prefix[k];
			if (!p[0])
				bare = &formats[i];
			else if (strncmp(h, p, strlen(p)) == 0) {
				*rest = h + strlen(p);
				return &formats[i];
			}
		}
	}
	/* A hash without a prefix (DES) starts with its salt; '_' (BSDi's
	 * extended DES, with its own iteration count) is not one of ours. */
	if (bare && h && b64val(h[0]) >= 0) {
		*rest = h;
		return bare;
	}
	return NULL;
}

int pwpol__format_too_costly(const struct pwpol__format *row, const char *rest, uint64_t *work)
{
	*work = 0;
	if (!row->work)
		return 0;
	*work = row->work(rest);
	return *work == 0 || *work > row->max_work;
}

const char *pwpol__format_dummy(enum pwpol_format f)
{
	const struct pwpol__format *row = pwpol__format_get(f);
	return row && row->made ? row->dummy : formats[0].dummy;
}

enum pwpol_status pwpol__format_dummy_like(const char *hash, char *out, size_t outlen)
{
	enum pwpol_format f;
	if (!out || outlen == 0 || pwpol_hash_identify(hash, &f) != PWPOL_OK)
		return PWPOL_EINVAL;
	const struct pwpol__format *row = pwpol__format_get(f);
	const char *src = row->salt_fields ? hash : row->dummy;
	size_t n = strlen(src);
	if (n >= outlen)
		return PWPOL_EINVAL;
	memcpy(out, src, n + 1);
	/* Blank the last salt_fields fields: same format, cost and lengths,
	 * so the same work, and a digest no password gives. */
	size_t at = n;
	for (int k = 0; k < row->salt_fields; k++) {
		while (at > 0 && out[at - 1] != '$')
			at--;
		if (k + 1 < row->salt_fields && at > 0)
			at--;
	}
	for (; at < n; at++)
		if (out[at] != '$')
			out[at] = '.';
	return PWPOL_OK;
}

/* ---- names ------------------------------------------------------------ */

const char *pwpol_format_name(enum pwpol_format f)
{
	const struct pwpol__format *row = pwpol__format_get(f);
	return row ? row->name : "unknown";
}

enum pwpol_status pwpol_format_by_name(const char *name, enum pwpol_format *out)
{
	/* Only formats that can be made are names a policy may choose. */
	for (size_t i = 0; name && out && i < FORMAT_COUNT; i++) {
		if (formats[i].made && strcmp(name, formats[i].name) == 0) {
			*out = formats[i].id;
			return PWPOL_OK;
		}
	}
	return PWPOL_EINVAL;
}

/* Beside the table, as libxcrypt recognises a hash next to hashes.conf:
 * a new row is recognised without touching hash.c. */
enum pwpol_status pwpol_hash_identify(const char *h, enum pwpol_format *out)
{
	const char *rest;
	const struct pwpol__format *row = pwpol__format_find(h, &rest);
	enum pwpol_format f = row && row->valid(rest) ? row->id : PWPOL_FORMAT_UNKNOWN;
	if (out)
		*out = f;
	return f == PWPOL_FORMAT_UNKNOWN ? PWPOL_EINVAL : PWPOL_OK;
}
