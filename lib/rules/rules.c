/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * rules.c - the one table of rules: each rule's name and the sentence a
 * person reads, used alike by the CLI, the PAM module and the JSON output.
 * The report that carries findings is the ground's (report.c).
 */
#include "rules.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct rule_def {
	const char *name;
	/* The sentence: {need} and {have} stand for the figures, and {one|more}
	 * picks a noun's form by the figure just before it. */
	const char *message;
};

static const struct rule_def rules[PWPOL_RULE_COUNT] = {
    [PWPOL_RULE_MINIMUM_LENGTH] = {"minimum-length", "must be at least {need} "
                                                     "{character|characters} long (it has {have})"},
    [PWPOL_RULE_MAXIMUM_LENGTH] = {"maximum-length", "must be at most {need} "
                                                     "{character|characters} long (it has {have})"},
    [PWPOL_RULE_MINIMUM_UPPER_CASES] = {"minimum-upper-cases",
                                        "must contain at least {need} upper-case "
                                        "{letter|letters} (it has {have})"},
    [PWPOL_RULE_MINIMUM_LOWER_CASES] = {"minimum-lower-cases",
                                        "must contain at least {need} lower-case "
                                        "{letter|letters} (it has {have})"},
    [PWPOL_RULE_MINIMUM_NUMERICS] = {"minimum-numerics",
                                     "must contain at least {need} {digit|digits} (it has {have})"},
    [PWPOL_RULE_MINIMUM_PUNCTUATIONS] = {"minimum-punctuations",
                                         "must contain at least {need} punctuation "
                                         "{character|characters} (it has {have})"},
    [PWPOL_RULE_MINIMUM_CHANGES] = {"minimum-changes",
                                    "must have at least {need} character {set|sets} or "
                                    "{change|changes} between them (it has {have})"},
    [PWPOL_RULE_MAXIMUM_REPEATS] = {"maximum-repeats",
                                    "must not repeat a character more than {need} {time|times} "
                                    "in a row (it repeats one {have} {time|times})"},
    [PWPOL_RULE_MAXIMUM_CLASS_REPEATS] = {"maximum-class-repeats",
                                          "must not have more than {need} {character|characters} "
                                          "of one class (upper-case, lower-case, digit, "
                                          "punctuation, other) in a row (it has {have})"},
    [PWPOL_RULE_USERNAME_CHECK] = {"username-check", "must not contain the username in any form"},
    [PWPOL_RULE_MINIMUM_CHARACTER_CHANGES] = {"minimum-character-changes",
                                              "must differ from the old password by at least "
                                              "{need} {change|changes} (characters put in, taken "
                                              "out or replaced; it differs by {have})"},
    [PWPOL_RULE_BLOCKLIST] = {"blocklist",
                              "is known from password breaches or lists of common passwords, "
                              "so attackers try it first"},
    [PWPOL_RULE_MINIMUM_REUSE] = {"minimum-reuse",
                                  "must not be any of the last {need} {password|passwords}"},
    [PWPOL_RULE_MINIMUM_LIFETIME] = {"minimum-lifetime",
                                     "cannot be changed before it is {need} {day|days} old (it "
                                     "is {have} {day|days} old)"},
    [PWPOL_RULE_FACTORY_DEFAULT] = {"factory-default", "must not be the factory default password"},
    [PWPOL_RULE_INVALID_UTF8] = {"invalid-utf8", "is not valid UTF-8 (at byte {have})"},
    [PWPOL_RULE_CONTROL_CHARACTER] = {"control-character",
                                      "must not contain NUL or control characters (at byte "
                                      "{have})"},
    [PWPOL_RULE_TOO_LONG] = {"too-long", "is longer than {need} bytes (it has {have})"},
    [PWPOL_RULE_EMPTY] = {"empty", "must not be empty"},
    [PWPOL_RULE_INVISIBLE_CHARACTER] = {"invisible-character",
                                        "must not contain invisible characters such as a "
                                        "zero-width space (at byte {have})"},
    [PWPOL_RULE_USERNAME_LENGTH] = {"username-length", "must be 1 to {need} "
                                                       "{character|characters} long (it has "
                                                       "{have})"},
    [PWPOL_RULE_USERNAME_CHARACTERS] = {"username-characters",
                                        "may contain only letters, digits, '_', '-' and '.' "
                                        "(bad character at position {have})"},
    [PWPOL_RULE_USERNAME_LEADING_DASH] = {"username-leading-dash", "must not begin with '-'"},
    [PWPOL_RULE_USERNAME_DOLLAR] = {"username-dollar", "may have '$' only as its last character"},
    [PWPOL_RULE_USERNAME_DOTS] = {"username-dots", "may not be '.' or '..' (names of directories)"},
    [PWPOL_RULE_USERNAME_CASE] = {"username-case",
                                  "differs from an existing account only by upper and lower "
                                  "case"},
    [PWPOL_RULE_USERNAME_ALL_DIGITS] = {"username-all-digits",
                                        "is all digits, which is not recommended"},
    [PWPOL_RULE_USERNAME_LEADING_DOT] = {"username-leading-dot",
                                         "begins with '.', which is not recommended"},
};

const char *pwpol_rule_name(enum pwpol_rule rule)
{
	return (unsigned)rule < PWPOL_RULE_COUNT ? rules[rule].name : "unknown";
}

/* Appends to buf as snprintf would: counts what did not fit. */
static void put(char *buf, size_t len, size_t *n, const char *s, size_t k)
{
	if (*n < len) {
		size_t room = len - *n - 1;
		memcpy(buf + *n, s, k < room ? k : room);
	}
	*n += k;
}

int pwpol_finding_message(const struct pwpol_finding *f, char *buf, size_t len)
{
	if (!f || (unsigned)f->rule >= PWPOL_RULE_COUNT)
		return snprintf(buf, len, "unknown rule");
	size_t n = 0;
	long last = 0;
	for (const char *m = rules[f->rule].message; *m;) {
		const char *close = *m == '{' ? strchr(m, '}') : NULL;
		if (!close) {
			size_t k = strcspn(m + 1, "{") + 1;
			put(buf, len, &n, m, k);
			m += k;
			continue;
		}
		const char *bar = memchr(m, '|', (size_t)(close - m));
		if (bar) { /* {one|more} */
			if (last == 1)
				put(buf, len, &n, m + 1, (size_t)(bar - m - 1));
			else
				put(buf, len, &n, bar + 1, (size_t)(close - bar - 1));
		} else {
			char num[24];
			last = strncmp(m, "{need}", 6) == 0 ? f->need : f->have;
			put(buf, len, &n, num, (size_t)snprintf(num, sizeof num, "%ld", last));
		}
		m = close + 1;
	}
	if (len)
		buf[n < len ? n : len - 1] = '\0';
	return (int)n;
}
