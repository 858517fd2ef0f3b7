/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * fuzz_check.c - libFuzzer target for pwpol_check: the policy, the username
 * and the old password all come from the input, so every rule and every
 * input error is reached. Asserts the report agrees with the status.
 *
 * Input: byte 0 picks the profile and change-type, byte 1 a few statement
 * values, byte 2 the username length, byte 3 the old password length; then
 * the username, the old password, and the candidate (the rest).
 */
#include "pwpol.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char *const profiles[] = {"ssr", "junos", "junos-fips"};

static pwpol_policy *make_policy(uint8_t b0, uint8_t b1)
{
	pwpol_policy *p = NULL;
	if (pwpol_policy_new(&p, profiles[b0 % 3]) != PWPOL_OK)
		abort();
	pwpol_policy_set(p, PWPOL_OPT_CHANGE_TYPE, (b0 >> 2) & 1);
	if (b0 & 8)
		pwpol_policy_set(p, PWPOL_OPT_MINIMUM_CHANGES, 1 + (b1 & 3));
	if (b0 & 16) {
		pwpol_policy_set(p, PWPOL_OPT_MAXIMUM_REPEATS, 1 + ((b1 >> 2) & 3));
		pwpol_policy_set(p, PWPOL_OPT_MAXIMUM_CLASS_REPEATS, 1 + (b1 & 3));
	}
	if (b0 & 32)
		pwpol_policy_set(p, PWPOL_OPT_MAXIMUM_LENGTH, 20 + (b1 >> 4));
	if (b0 & 64)
		pwpol_policy_set(p, PWPOL_OPT_USERNAME_CHECK, 1);
	if (b0 & 128)
		pwpol_policy_set(p, PWPOL_OPT_MINIMUM_CHARACTER_CHANGES, 4 + (b1 & 7));
	return p;
}

static void check_report(enum pwpol_status st, const pwpol_report *r)
{
	size_t n = pwpol_report_count(r), errors = 0;
	char msg[256];
	for (size_t i = 0; i < n; i++) {
		const struct pwpol_finding *f = pwpol_report_get(r, i);
		if (!f || (unsigned)f->rule >= PWPOL_RULE_COUNT || !pwpol_rule_name(f->rule))
			abort();
		if (pwpol_finding_message(f, msg, sizeof msg) < 0)
			abort();
		if (f->severity == PWPOL_SEVERITY_ERROR)
			errors++;
	}
	if (st == PWPOL_OK && errors)
		abort();
	if (st == PWPOL_REJECTED && !errors)
		abort();
	if (st == PWPOL_EINVAL && errors != 1)
		abort(); /* one input finding, as pwpol.h promises */
	if (st != PWPOL_OK && st != PWPOL_REJECTED && st != PWPOL_EINVAL && st != PWPOL_ENOMEM)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 4)
		return 0;
	size_t ulen = data[2], olen = data[3];
	const uint8_t *rest = data + 4;
	size_t left = size - 4;
	if (ulen > left)
		ulen = left;
	left -= ulen;
	if (olen > left)
		olen = left;
	left -= olen;

	char user[256];
	memcpy(user, rest, ulen);
	user[ulen] = 0;
	/* Exact-size copies so ASan sees any read past the end. */
	char *old = malloc(olen ? olen : 1);
	char *pw = malloc(left ? left : 1);
	if (!old || !pw)
		abort();
	memcpy(old, rest + ulen, olen);
	memcpy(pw, rest + ulen + olen, left);

	pwpol_policy *p = make_policy(data[0], data[1]);
	pwpol_report *r = NULL;
	if (pwpol_report_new(&r) != PWPOL_OK)
		abort();
	enum pwpol_status st =
	    pwpol_check(p, pw, left, ulen ? user : NULL, (data[0] & 64) ? old : NULL, olen, r);
	check_report(st, r);
	/* The same report reused must give the same answer (no stale state). */
	if (pwpol_check(p, pw, left, ulen ? user : NULL, (data[0] & 64) ? old : NULL, olen, r) !=
	    st)
		abort();
	pwpol_report_free(r);
	pwpol_policy_free(p);
	free(old);
	free(pw);
	return 0;
}
