/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * hash-sha2.c - Junos's `$sha2$` hash, the one format in the table that
 * libxcrypt lacks: its setting maker and its crypt, over nettle's
 * HMAC-SHA256.
 *
 * Junos documents the format only as "HMAC Secure Hash Algorithm". The
 * construction here is inferred from the shape of public samples, which
 * fits NetBSD's sha1crypt (crypt(3) `$sha1$`) with HMAC-SHA256 in place
 * of HMAC-SHA1; it is not confirmed against a hash made by Junos (see
 * pwpol.conf(5)):
 *
 *   h = HMAC-SHA256(key = password, msg = salt "$sha2$" decimal(iterations))
 *   then iterations - 1 times: h = HMAC-SHA256(key = password, msg = h)
 *   "$sha2$" iterations "$" salt "$" encoded(h)
 *
 * encoded(h) is sha1crypt's: each 3 bytes big-endian into 4 characters of
 * crypt's base-64 (least significant 6 bits first), the last group being
 * h[30], h[31] and h[0]: 44 characters.
 */
#include "hash.h"

#include <nettle/hmac.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>

#define PREFIX         "$sha2$"
#define PREFIX_LEN     6
#define SALT_CHARS     8  /* what Junos makes: 48 bits */
#define SALT_MAX       64 /* sha1crypt's limit */
#define DIGEST_BYTES   SHA256_DIGEST_SIZE
#define DIGEST_CHARS   44
#define ITERATIONS_MAX 4294967295UL /* sha1crypt's unsigned int */

static const char crypt64[] = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/* n characters of crypt's base-64, least significant 6 bits first. */
static char *to64(char *s, uint32_t v, int n)
{
	while (n-- > 0) {
		*s++ = crypt64[v & 0x3f];
		v >>= 6;
	}
	return s;
}

/* "$sha2$ITER$SALT" with anything after a further '$' (a whole hash is
 * its own setting). ITER is decimal without a leading zero, 1 or more;
 * SALT is 1 to 64 characters other than '$'. Returns 1 if it reads. */
static int parse(const char *setting, unsigned long *iter, const char **salt, size_t *saltlen)
{
	if (strncmp(setting, PREFIX, PREFIX_LEN) != 0)
		return 0;
	const char *s = setting + PREFIX_LEN;
	unsigned long v = 0;
	size_t n = 0;
	if (s[0] == '0')
		return 0;
	for (; s[n] >= '0' && s[n] <= '9'; n++) {
		v = v * 10 + (unsigned long)(s[n] - '0');
		if (v > ITERATIONS_MAX)
			return 0;
	}
	if (n == 0 || s[n] != '$')
		return 0;
	s += n + 1;
	size_t k = strcspn(s, "$");
	if (k == 0 || k > SALT_MAX)
		return 0;
	*iter = v;
	*salt = s;
	*saltlen = k;
	return 1;
}

int pwpol__sha2_crypt(const char *phrase, const char *setting, char *out, size_t outlen)
{
	unsigned long iter;
	const char *salt;
	size_t saltlen;
	if (!parse(setting, &iter, &salt, &saltlen))
		return 0;
	/* The longest result: prefix, 10 digits, '$', salt, '$', digest. */
	if (outlen < PREFIX_LEN + 10 + 1 + saltlen + 1 + DIGEST_CHARS + 1)
		return 0;

	char msg[SALT_MAX + PREFIX_LEN + 10 + 1];
	int msglen = snprintf(msg, sizeof msg, "%.*s" PREFIX "%lu", (int)saltlen, salt, iter);
	const struct pwpol__nettle *n = pwpol__nettle();
	if (!n)
		return 0; /* no hash made: the caller refuses */
	struct hmac_sha256_ctx ctx;
	uint8_t h[DIGEST_BYTES];
	n->mac_key(&ctx, strlen(phrase), (const uint8_t *)phrase);
	n->mac_update(&ctx, (size_t)msglen, (const uint8_t *)msg);
	n->mac_digest(&ctx, sizeof h, h);
	/* nettle resets the context to the key after each digest. */
	for (unsigned long i = 1; i < iter; i++) {
		n->mac_update(&ctx, sizeof h, h);
		n->mac_digest(&ctx, sizeof h, h);
	}
	pwpol__wipe_object(&ctx);

	char *p = out + snprintf(out, outlen, PREFIX "%lu$%.*s$", iter, (int)saltlen, salt);
	size_t i = 0;
	for (; i + 3 < DIGEST_BYTES; i += 3)
		p = to64(p, (uint32_t)h[i] << 16 | (uint32_t)h[i + 1] << 8 | h[i + 2], 4);
	p = to64(p, (uint32_t)h[i] << 16 | (uint32_t)h[i + 1] << 8 | h[0], 4);
	*p = 0;
	pwpol__wipe_array(h);
	return 1;
}

/* As Junos makes them: count (24680) less a random amount of up to a
 * quarter of it, and 8 salt characters from the system's entropy. */
int pwpol__sha2_gensalt(unsigned long count, char *out, size_t outlen)
{
	unsigned char r[4 + 6];
	if (count == 0 || count > ITERATIONS_MAX)
		return 0;
	if (getrandom(r, sizeof r, 0) != (ssize_t)sizeof r)
		return 0;
	uint32_t pick = (uint32_t)r[0] << 24 | (uint32_t)r[1] << 16 | (uint32_t)r[2] << 8 | r[3];
	unsigned long iter = count - pick % (count / 4 + 1);
	char salt[SALT_CHARS + 1];
	to64(to64(salt, (uint32_t)r[4] << 16 | (uint32_t)r[5] << 8 | r[6], 4),
	     (uint32_t)r[7] << 16 | (uint32_t)r[8] << 8 | r[9], 4);
	salt[SALT_CHARS] = 0;
	int n = snprintf(out, outlen, PREFIX "%lu$%s", iter, salt);
	return n > 0 && (size_t)n < outlen;
}
