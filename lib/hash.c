/*
 * hash.c - password hashes over libxcrypt: make one in a policy's format,
 * verify a password against a stored one, say which format a stored hash
 * is, and whether it is weak enough to be replaced at the next login.
 *
 * No algorithm lives here: crypt_gensalt_rn() makes the setting (with its
 * own entropy) and crypt_rn() does the work. What this file adds is the
 * handling of secrets around them: the password is copied once into a
 * NUL-terminated buffer, crypt's scratch area is on the heap and wiped,
 * and the final comparison runs in constant time.
 */
#include "internal.h"

#include <crypt.h>
#include <stdlib.h>
#include <string.h>

/* The setting prefix of every format pwpol makes. */
static const char *const make_prefix[] = {
    [PWPOL_FORMAT_SHA512] = "$6$",   [PWPOL_FORMAT_SHA256] = "$5$",  [PWPOL_FORMAT_SHA1] = "$sha1$",
    [PWPOL_FORMAT_YESCRYPT] = "$y$", [PWPOL_FORMAT_BCRYPT] = "$2b$",
};

/* Strength rank for needs_rehash: a hash is replaced only by a stronger
 * one, never by a weaker or an equal one. bcrypt and yescrypt share the top
 * rank: neither is a clear upgrade of the other, so a site may mix them. */
static const int strength[] = {
    [PWPOL_FORMAT_DES] = 0,      [PWPOL_FORMAT_MD5] = 1,    [PWPOL_FORMAT_SHA1] = 2,
    [PWPOL_FORMAT_SHA256] = 3,   [PWPOL_FORMAT_SHA512] = 4, [PWPOL_FORMAT_BCRYPT] = 5,
    [PWPOL_FORMAT_YESCRYPT] = 5,
};

/* The alphabet of crypt's base-64 ("./0-9A-Za-z"). */
static int b64(char c)
{
	return c == '.' || c == '/' || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
	       (c >= 'a' && c <= 'z');
}

/* n (or, with n == 0, any number >= 1 up to max) base-64 characters up to
 * the next '$' or the end; returns the end, or NULL. */
static const char *b64_field(const char *s, size_t min, size_t max)
{
	size_t n = 0;
	while (s[n] && s[n] != '$') {
		if (!b64(s[n]))
			return NULL;
		n++;
	}
	return n >= min && n <= max ? s + n : NULL;
}

static int digits(const char *s, size_t *n)
{
	*n = 0;
	while (s[*n] >= '0' && s[*n] <= '9')
		(*n)++;
	return *n > 0 && *n <= 10;
}

/* $5$ and $6$: [rounds=N$]SALT$HASH, salt up to 16, hash of hashlen. */
static int sha_crypt_ok(const char *s, size_t hashlen)
{
	size_t n;
	if (strncmp(s, "rounds=", 7) == 0) {
		if (!digits(s + 7, &n) || s[7 + n] != '$')
			return 0;
		s += 7 + n + 1;
	}
	const char *e = b64_field(s, 0, 16);
	if (!e || *e != '$')
		return 0;
	e = b64_field(e + 1, hashlen, hashlen);
	return e && !*e;
}

/* $sha1$ROUNDS$SALT$HASH (NetBSD's HMAC-SHA1 crypt). */
static int sha1_crypt_ok(const char *s)
{
	size_t n;
	if (!digits(s, &n) || s[n] != '$')
		return 0;
	const char *e = b64_field(s + n + 1, 1, 64);
	if (!e || *e != '$')
		return 0;
	e = b64_field(e + 1, 28, 28);
	return e && !*e;
}

/* $y$PARAMS$SALT$HASH: yescrypt's fields are base-64 too. */
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

/* $2?$NN$ then 22 salt and 31 hash characters. */
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

static int md5_crypt_ok(const char *s)
{
	const char *e = b64_field(s, 0, 8);
	if (!e || *e != '$')
		return 0;
	e = b64_field(e + 1, 22, 22);
	return e && !*e;
}

enum pwpol_status pwpol_hash_identify(const char *h, enum pwpol_format *out)
{
	enum pwpol_format f = PWPOL_FORMAT_UNKNOWN;
	if (!h)
		;
	else if (strncmp(h, "$6$", 3) == 0 && sha_crypt_ok(h + 3, 86))
		f = PWPOL_FORMAT_SHA512;
	else if (strncmp(h, "$5$", 3) == 0 && sha_crypt_ok(h + 3, 43))
		f = PWPOL_FORMAT_SHA256;
	else if (strncmp(h, "$sha1$", 6) == 0 && sha1_crypt_ok(h + 6))
		f = PWPOL_FORMAT_SHA1;
	else if (strncmp(h, "$y$", 3) == 0 && yescrypt_ok(h + 3))
		f = PWPOL_FORMAT_YESCRYPT;
	else if ((strncmp(h, "$2b$", 4) == 0 || strncmp(h, "$2a$", 4) == 0 ||
	          strncmp(h, "$2y$", 4) == 0) &&
	         bcrypt_ok(h + 4))
		f = PWPOL_FORMAT_BCRYPT;
	else if (strncmp(h, "$1$", 3) == 0 && md5_crypt_ok(h + 3))
		f = PWPOL_FORMAT_MD5;
	else if (strlen(h) == 13 && b64_field(h, 13, 13))
		f = PWPOL_FORMAT_DES;
	if (out)
		*out = f;
	return f == PWPOL_FORMAT_UNKNOWN ? PWPOL_EINVAL : PWPOL_OK;
}

int pwpol_hash_needs_rehash(const pwpol_policy *p, const char *hash)
{
	enum pwpol_format want = (enum pwpol_format)pwpol_policy_get(p, PWPOL_OPT_FORMAT);
	enum pwpol_format have;
	if (!p || want > PWPOL_FORMAT_BCRYPT)
		return 0;
	/* A format crypt accepted but we cannot name is replaced: the policy's
	 * format is the one the site chose and knows. */
	if (pwpol_hash_identify(hash, &have) != PWPOL_OK)
		return 1;
	return strength[have] < strength[want];
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

/* crypt_rn into a heap scratch area, result copied to out; everything that
 * saw the password is wiped. Returns 0 if crypt refused the setting. */
static int run_crypt(const char *ph, const char *setting, char *out, size_t outlen)
{
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

enum pwpol_status pwpol_hash(enum pwpol_format f, unsigned long rounds, const char *pw, size_t len,
                             char *out, size_t outlen)
{
	char ph[CRYPT_MAX_PASSPHRASE_SIZE];
	char setting[CRYPT_GENSALT_OUTPUT_SIZE];
	if (!out || outlen == 0)
		return PWPOL_EINVAL;
	out[0] = 0;
	if (outlen < PWPOL_HASH_MAX)
		return PWPOL_EINVAL;
	if ((unsigned)f > PWPOL_FORMAT_BCRYPT || len == 0)
		return PWPOL_EINVAL;
	/* NULL rbytes: crypt_gensalt draws the salt from the system's entropy. */
	if (!crypt_gensalt_rn(make_prefix[f], rounds, NULL, 0, setting, sizeof setting))
		return PWPOL_EINVAL;
	if (!phrase(ph, pw, len))
		return PWPOL_EINVAL;
	int ok = run_crypt(ph, setting, out, outlen);
	pwpol_wipe(ph, sizeof ph);
	if (ok < 0)
		return PWPOL_ENOMEM;
	return ok ? PWPOL_OK : PWPOL_ESYSTEM;
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
	/* A password crypt cannot take was never hashed, so it cannot match. */
	if (!phrase(ph, pw, len))
		return PWPOL_REJECTED;
	int ok = run_crypt(ph, hash, got, sizeof got);
	pwpol_wipe(ph, sizeof ph);
	if (ok < 0)
		return PWPOL_ENOMEM;
	if (!ok)
		return PWPOL_EINVAL;
	int eq = same(got, hash);
	pwpol_wipe(got, sizeof got);
	return eq ? PWPOL_OK : PWPOL_REJECTED;
}
