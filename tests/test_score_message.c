/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_score_message.c - zxcvbn's estimate in words (pwpol_score_message,
 * what the web shows beside a password's rules): the unit chosen and
 * rounded as zxcvbn's display_time does at 10,000 guesses a second, the
 * singular for one, and a translated template filled the same way.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "pwpol.h"

/* A score whose guesses take `seconds` at 10^4 a second. */
static struct pwpol_score taking(int score, double seconds)
{
	struct pwpol_score sc = PWPOL_SCORE_INIT();
	sc.score = score;
	sc.bits = seconds > 0 ? log2(seconds * 1e4) : 0;
	return sc;
}

static void says(struct pwpol_score sc, const char *want)
{
	char msg[256];
	int n = pwpol_score_message(&sc, msg, sizeof msg);
	assert_string_equal(msg, want);
	assert_int_equal(n, (int)strlen(want));
}

static void units(void **state)
{
	(void)state;
	says(taking(0, 0), "score 0 of 4 (0 bits): guessed in less than a second at 10,000 "
	                   "guesses a second");
	says(taking(1, 0.5), "score 1 of 4 (12 bits): guessed in less than a second at 10,000 "
	                     "guesses a second");
	says(taking(1, 1.2), "score 1 of 4 (14 bits): guessed in about 1 second at 10,000 guesses "
	                     "a second");
	says(taking(2, 90), "score 2 of 4 (20 bits): guessed in about 2 minutes at 10,000 guesses "
	                    "a second");
	says(taking(3, 86400 * 1.2),
	     "score 3 of 4 (30 bits): guessed in about 1 day at 10,000 guesses "
	     "a second");
	says(taking(3, 86400 * 3), "score 3 of 4 (31 bits): guessed in about 3 days at 10,000 "
	                           "guesses a second");
	says(taking(4, 86400.0 * 31 * 12 * 5),
	     "score 4 of 4 (41 bits): guessed in about 5 years at "
	     "10,000 guesses a second");
	struct pwpol_score huge = PWPOL_SCORE_INIT(.score = 4, .bits = 5000);
	says(huge, "score 4 of 4 (5000 bits): resists centuries of guessing at 10,000 guesses a "
	           "second");
}

/* The face's translated template, filled with the same figures. */
static void translated(void **state)
{
	(void)state;
	struct pwpol_score sc = taking(3, 86400 * 3);
	char msg[256];
	pwpol_score_message_from(&sc, "score {score} sur 4 : {count} {jour|jours}", msg,
	                         sizeof msg);
	assert_string_equal(msg, "score 3 sur 4 : 3 jours");
	sc = taking(3, 86400 * 1.2);
	pwpol_score_message_from(&sc, "{count} {jour|jours}", msg, sizeof msg);
	assert_string_equal(msg, "1 jour");
	/* A truncated buffer stays a string; the length is snprintf's. */
	char small[8];
	int n = pwpol_score_message(&sc, small, sizeof small);
	assert_string_equal(small, "score 3");
	assert_true(n > 8);
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(units), cmocka_unit_test(translated)};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
