/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * hash.c - password hashes: make one in a policy's format, verify a
 * password against a stored one, say which format a stored hash is,
 * whether it is weak enough to be replaced at the next login, and whether
 * a ready one may be imported. Every format is a row of format.c's table,
 * and format.c says which row a stored hash is (pwpol_hash_identify).
 *
 * No algorithm lives here: crypt_gensalt_rn() makes the setting (with its
 * own entropy) and crypt_rn() does the work, or the row's own pair for a
 * format libxcrypt lacks. What this file adds is the handling of secrets
 * around them: the password is copied once into a NUL-terminated buffer,
 * crypt's scratch area is on the heap and wiped, the final comparison
 * runs in constant time, and no hash over its format's import bound is
 * ever computed (a stored $6$rounds=999999999$ would hold a login for
 * minutes).
 */
#include "hash.h"

#include <crypt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int pwpol_hash_needs_rehash(const pwpol_policy *p, const char *hash)
{
	const struct pwpol__format *want, *have;
	enum pwpol_format f;
	if (!p)
		return 0;
	want = pwpol__format_get((enum pwpol_format)pwpol_policy_get(p, PWPOL_OPT_FORMAT));
	if (!want || !want->made)
		return 0;
	/* A format crypt accepted but we cannot name is replaced: the policy's
	 * format is the one the site chose and knows. */
	if (pwpol_hash_identify(hash, &f) != PWPOL_OK)
		return 1;
	have = pwpol__format_get(f);
	return have->strength < want->strength;
}

enum pwpol_status pwpol_hash_import_check(const char *hash, char *why, size_t whylen)
{
	char buf[160];
	enum pwpol_format f;
	uint64_t work;
	const char *rest;
	if (!hash || !hash[0])
		snprintf(buf, sizeof buf, "no hash given");
	else if (strlen(hash) >= PWPOL_HASH_MAX)
		snprintf(buf, sizeof buf, "a hash is at most %d characters", PWPOL_HASH_MAX - 1);
	else if (pwpol_hash_identify(hash, &f) != PWPOL_OK)
		snprintf(
		    buf, sizeof buf,
		    "not a hash in a format pwpol knows (sha512, sha256, sha1, sha2, yescrypt, "
		    "bcrypt, md5 or des)");
	else {
		const struct pwpol__format *row = pwpol__format_find(hash, &rest);
		if (!pwpol__format_too_costly(row, rest, &work))
			return PWPOL_OK;
		snprintf(buf, sizeof buf,
		         "a %s hash with %s %llu takes too long to verify (at most %llu, about a "
		         "second)",
		         row->name, row->unit, (unsigned long long)work,
		         (unsigned long long)row->max_work);
	}
	if (why && whylen)
		snprintf(why, whylen, "%s", buf);
	return PWPOL_EINVAL;
}

/* The password as crypt wants it: NUL-terminated, no NUL inside, shorter
 * than CRYPT_MAX_PASSPHRASE_SIZE (which counts the NUL: 511 bytes). */
static int phrase(char *buf, const char *pw, size_t len)
{
	if (!pw || len >= CRYPT_MAX_PASSPHRASE_SIZE || memchr(pw, 0, len))
		return 0;
	memcpy(buf, pw, len);
	buf[len] = 0;
	return 1;
}

/* The row's crypt into out; everything that saw the password is wiped.
 * Returns 1, 0 if the setting was refused, -1 without memory. */
static int run_crypt(const struct pwpol__format *row, const char *ph, const char *setting,
                     char *out, size_t outlen)
{
	if (row->crypt)
		return row->crypt(ph, setting, out, outlen);
	struct crypt_data *cd = calloc(1, sizeof *cd);
	if (!cd)
		return -1;
	const char *r = crypt_rn(ph, setting, cd, (int)sizeof *cd);
	int ok = r && r[0] != '*' && strlen(r) < outlen;
	if (ok)
		strcpy(out, r);
	pwpol_wipe(cd, sizeof *cd);
	free(cd);
	return ok;
}

/* The row a setting or stored hash is computed by, if it may be: NULL for
 * a format not in the table or a cost over its bound. */
static const struct pwpol__format *computable(const char *setting)
{
	const char *rest;
	uint64_t work;
	const struct pwpol__format *row = pwpol__format_find(setting, &rest);
	return row && !pwpol__format_too_costly(row, rest, &work) ? row : NULL;
}

enum pwpol_status pwpol_hash(enum pwpol_format f, unsigned long rounds, const char *pw, size_t len,
                             char *out, size_t outlen)
{
	char setting[CRYPT_GENSALT_OUTPUT_SIZE];
	if (!out || outlen == 0)
		return PWPOL_EINVAL;
	out[0] = 0;
	const struct pwpol__format *row = pwpol__format_get(f);
	if (outlen < PWPOL_HASH_MAX || !row || !row->made || len == 0)
		return PWPOL_EINVAL;
	unsigned long count = rounds ? rounds : row->count;
	/* NULL rbytes: crypt_gensalt draws the salt from the system's entropy. */
	int made = row->gensalt ? row->gensalt(count, setting, sizeof setting)
	                        : crypt_gensalt_rn(row->prefix[0], count, NULL, 0, setting,
	                                           sizeof setting) != NULL;
	if (!made)
		return PWPOL_EINVAL;
	/* A count below the format's least (sha512's 1000 rounds) is raised
	 * by crypt_gensalt without a word: refused here, so that what is
	 * asked is what is made or nothing. */
	const char *rest;
	if (rounds && row->work && pwpol__format_find(setting, &rest) == row &&
	    (strcmp(row->unit, "rounds") == 0 || strcmp(row->unit, "iterations") == 0) &&
	    row->work(rest) > rounds)
		return PWPOL_EINVAL;
	/* What pwpol makes, it would import and verify. */
	if (computable(setting) != row)
		return PWPOL_EINVAL;
	if (!pw || len >= CRYPT_MAX_PASSPHRASE_SIZE || memchr(pw, 0, len))
		return PWPOL_EINVAL;
	/* The setting is ours: a refusal now is the library's, not the input's. */
	enum pwpol_status st = pwpol__hash_setting(pw, len, setting, out, outlen);
	return st == PWPOL_EINVAL ? PWPOL_ESYSTEM : st;
}

enum pwpol_status pwpol__hash_setting(const char *pw, size_t len, const char *setting, char *out,
                                      size_t outlen)
{
	char ph[CRYPT_MAX_PASSPHRASE_SIZE];
	const struct pwpol__format *row = computable(setting);
	if (!out || outlen == 0)
		return PWPOL_EINVAL;
	out[0] = 0;
	if (!row || !phrase(ph, pw, len))
		return PWPOL_EINVAL;
	int ok = run_crypt(row, ph, setting, out, outlen);
	pwpol_wipe(ph, sizeof ph);
	if (ok < 0)
		return PWPOL_ENOMEM;
	return ok ? PWPOL_OK : PWPOL_EINVAL;
}

/* Equal strings in time that depends only on their lengths (public). */
static int same(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	unsigned char d = la != lb;
	for (size_t i = 0; i < la && i < lb; i++)
		d |= (unsigned char)(a[i] ^ b[i]);
	return d == 0;
}

enum pwpol_status pwpol_verify(const char *pw, size_t len, const char *hash)
{
	char ph[CRYPT_MAX_PASSPHRASE_SIZE];
	char got[CRYPT_OUTPUT_SIZE];
	/* No password matches an empty or a locked ("*", "!") field, as in
	 * shadow(5); crypt would read "!" as a DES salt. */
	if (!hash || !hash[0] || hash[0] == '*' || hash[0] == '!')
		return PWPOL_REJECTED;
	if (strlen(hash) >= CRYPT_OUTPUT_SIZE)
		return PWPOL_EINVAL;
	/* Not in the table, or over its bound: never computed. */
	const struct pwpol__format *row = computable(hash);
	if (!row)
		return PWPOL_EINVAL;
	/* A password crypt cannot take was never hashed, so it cannot match. */
	if (!phrase(ph, pw, len))
		return PWPOL_REJECTED;
	int ok = run_crypt(row, ph, hash, got, sizeof got);
	pwpol_wipe(ph, sizeof ph);
	if (ok < 0)
		return PWPOL_ENOMEM;
	if (!ok)
		return PWPOL_EINVAL;
	int eq = same(got, hash);
	pwpol_wipe(got, sizeof got);
	return eq ? PWPOL_OK : PWPOL_REJECTED;
}
