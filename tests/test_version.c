/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_version.c - pwpol_version(): the release of the library that runs,
 * the header's PWPOL_VERSION when both come from one build, three numbers.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "pwpol.h"

static void version_is_the_headers(void **state)
{
	(void)state;
	assert_non_null(pwpol_version());
	assert_string_equal(pwpol_version(), PWPOL_VERSION);
	unsigned a, b, c;
	char end;
	assert_int_equal(sscanf(pwpol_version(), "%u.%u.%u%c", &a, &b, &c, &end), 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(version_is_the_headers)};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
