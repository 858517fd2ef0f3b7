/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * fuzz_config.c - libFuzzer target for the configuration reader: any text
 * must end in a policy or a clean error list, and a policy read must
 * survive the round trip write -> read unchanged (the promise of
 * `pwpol config show`).
 */
#include "pwpol.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void same_policy(const pwpol_policy *a, const pwpol_policy *b)
{
	if (strcmp(pwpol_policy_profile(a), pwpol_policy_profile(b)) != 0)
		abort();
	for (int o = 0; o < PWPOL_OPT_COUNT; o++)
		if (pwpol_policy_get(a, (enum pwpol_opt)o) !=
		    pwpol_policy_get(b, (enum pwpol_opt)o))
			abort();
}

static void check_errors(enum pwpol_status st, const pwpol_policy *p, const pwpol_config_errors *e)
{
	if (st == PWPOL_OK) {
		if (!p)
			abort();
		for (size_t i = 0; i < pwpol_config_errors_count(e); i++)
			if (!pwpol_config_errors_is_warning(e, i))
				abort(); /* what is accepted carries warnings at most */
		return;
	}
	if (p || (st != PWPOL_EINVAL && st != PWPOL_ENOMEM))
		abort();
	size_t errors = 0;
	for (size_t i = 0; i < pwpol_config_errors_count(e); i++)
		errors += !pwpol_config_errors_is_warning(e, i);
	if (st == PWPOL_EINVAL && errors == 0)
		abort(); /* a refusal always says why */
	for (size_t i = 0; i < pwpol_config_errors_count(e); i++)
		if (!pwpol_config_errors_get(e, i))
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	pwpol_policy *p = NULL;
	pwpol_config_errors *e = NULL;
	enum pwpol_status st = pwpol_config_parse((const char *)data, size, "fuzz.conf", &p, &e);
	check_errors(st, p, e);
	pwpol_config_errors_free(e);
	if (st != PWPOL_OK)
		return 0;

	char *text = NULL;
	if (pwpol_config_write(p, &text) != PWPOL_OK || !text)
		abort();
	pwpol_policy *q = NULL;
	pwpol_config_errors *e2 = NULL;
	if (pwpol_config_parse(text, strlen(text), "shown.conf", &q, &e2) != PWPOL_OK)
		abort(); /* what `config show` prints must read back */
	same_policy(p, q);
	char *again = NULL;
	if (pwpol_config_write(q, &again) != PWPOL_OK || strcmp(text, again) != 0)
		abort(); /* and show is a fixed point */
	free(again);
	free(text);
	pwpol_config_errors_free(e2);
	pwpol_policy_free(q);
	pwpol_policy_free(p);
	return 0;
}
