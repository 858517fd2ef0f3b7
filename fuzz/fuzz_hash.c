/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * fuzz_hash.c - libFuzzer target for hash identification and verification:
 * the input is taken as a stored hash and a fixed password is verified
 * against it. Identification must be total and consistent; verification
 * must end in OK, REJECTED or EINVAL.
 *
 * The library refuses to compute a hash whose cost would take more than
 * about a second (pwpol_hash_import_check), but a second an execution is
 * still too slow to fuzz. So verification runs only on settings known to
 * be cheap: no `$` prefix (DES or garbage), `$1$`, `$5$`/`$6$` with rounds
 * <= 10000, `$sha1$` and `$sha2$` with iterations <= 10000, `$2?$` with
 * cost <= 6, `_` (BSDi DES) with count <= 10000. The import check, which
 * only reads, runs on every input.
 */
#include "pwpol.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define ROUNDS_CAP 10000UL

static const char pw[] = "fuzz-Passw0rd!";

/* Decimal digits at s up to a stop character; ULONG_MAX if none or huge. */
static unsigned long num(const char *s, char stop)
{
	unsigned long v = 0;
	const char *p = s;
	for (; *p >= '0' && *p <= '9'; p++) {
		if (v > ROUNDS_CAP)
			return (unsigned long)-1;
		v = v * 10 + (unsigned long)(*p - '0');
	}
	return p == s || *p != stop ? (unsigned long)-1 : v;
}

static int b64(char c)
{
	static const char set[] =
	    "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
	const char *at = c ? strchr(set, c) : NULL;
	return at ? (int)(at - set) : -1;
}

static int cheap_to_verify(const char *h)
{
	if (h[0] != '$' && h[0] != '_')
		return 1;
	if (h[0] == '_') {
		unsigned long count = 0;
		if (strnlen(h, 5) < 5)
			return 1; /* too short to be a setting: refused before any work */
		for (int i = 4; i >= 1; i--) {
			int d = b64(h[i]);
			if (d < 0)
				return 1; /* malformed: refused before any work */
			count = count << 6 | (unsigned long)d;
		}
		return count <= ROUNDS_CAP;
	}
	if (strncmp(h, "$1$", 3) == 0)
		return 1;
	if (strncmp(h, "$5$", 3) == 0 || strncmp(h, "$6$", 3) == 0) {
		if (strncmp(h + 3, "rounds=", 7) != 0)
			return 1; /* default 5000 */
		return num(h + 10, '$') <= ROUNDS_CAP;
	}
	if (strncmp(h, "$sha1$", 6) == 0 || strncmp(h, "$sha2$", 6) == 0)
		return num(h + 6, '$') <= ROUNDS_CAP;
	if (h[1] == '2' && h[2] && h[3] == '$')
		return h[4] == '0' && h[5] >= '0' && h[5] <= '6';
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > PWPOL_HASH_MAX * 2)
		return 0;
	char *h = malloc(size + 1);
	if (!h)
		abort();
	memcpy(h, data, size);
	h[size] = 0;

	enum pwpol_format f = PWPOL_FORMAT_SHA512;
	enum pwpol_status st = pwpol_hash_identify(h, &f);
	if (st == PWPOL_OK && (unsigned)f >= PWPOL_FORMAT_UNKNOWN)
		abort();
	if (st != PWPOL_OK && (st != PWPOL_EINVAL || f != PWPOL_FORMAT_UNKNOWN))
		abort();
	if (!pwpol_format_name(f))
		abort();

	/* The import check agrees with identification and says why. */
	char why[200];
	enum pwpol_status imp = pwpol_hash_import_check(h, why, sizeof why);
	if (imp != PWPOL_OK && (imp != PWPOL_EINVAL || !why[0]))
		abort();
	if (imp == PWPOL_OK && st != PWPOL_OK)
		abort();

	pwpol_policy *p = NULL;
	if (pwpol_policy_new(&p, NULL) != PWPOL_OK)
		abort();
	int r = pwpol_hash_needs_rehash(p, h);
	if (r != 0 && r != 1)
		abort();
	pwpol_policy_free(p);

	if (cheap_to_verify(h)) {
		st = pwpol_verify(pw, sizeof pw - 1, h);
		if (st != PWPOL_OK && st != PWPOL_REJECTED && st != PWPOL_EINVAL &&
		    st != PWPOL_ENOMEM)
			abort();
	}
	free(h);
	return 0;
}
