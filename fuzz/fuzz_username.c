/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * fuzz_username.c - libFuzzer target for pwpol_username_check: any bytes as
 * a username. The status must agree with the findings: OK has warnings at
 * most, REJECTED has at least one error.
 */
#include "pwpol.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *name = malloc(size + 1);
	if (!name)
		abort();
	memcpy(name, data, size);
	name[size] = 0;
	pwpol_report *r = NULL;
	if (pwpol_report_new(&r) != PWPOL_OK)
		abort();
	enum pwpol_status st = pwpol_username_check(name, r);
	size_t errors = 0;
	char msg[256];
	for (size_t i = 0; i < pwpol_report_count(r); i++) {
		const struct pwpol_finding *f = pwpol_report_get(r, i);
		if (!f || (unsigned)f->rule >= PWPOL_RULE_COUNT)
			abort();
		if (pwpol_finding_message(f, msg, sizeof msg) < 0)
			abort();
		errors += f->severity == PWPOL_SEVERITY_ERROR;
	}
	if (st == PWPOL_OK ? errors != 0 : st == PWPOL_REJECTED ? errors == 0 : st != PWPOL_EINVAL)
		abort();
	pwpol_report_free(r);
	free(name);
	return 0;
}
