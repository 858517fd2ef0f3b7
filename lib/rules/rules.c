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
	 * picks a noun's form by the figure just before it. Marked N_() for
	 * gettext's "pwpol" domain: the faces a person reads (pam_pwpol, the
	 * web) translate it (pwpol_rule_template, pwpol_finding_message_from);
	 * the command and the JSON keep the English. */
	const char *message;
};

static const struct rule_def rules[PWPOL_RULE_COUNT] = {
    [PWPOL_RULE_MINIMUM_LENGTH] = {"minimum-length",
                                   N_("must be at least {need} "
                                      "{character|characters} long (it has {have})")},
    [PWPOL_RULE_MAXIMUM_LENGTH] = {"maximum-length",
                                   N_("must be at most {need} "
                                      "{character|characters} long (it has {have})")},
    [PWPOL_RULE_MINIMUM_UPPER_CASES] = {"minimum-upper-cases",
                                        N_("must contain at least {need} upper-case "
                                           "{letter|letters} (it has {have})")},
    [PWPOL_RULE_MINIMUM_LOWER_CASES] = {"minimum-lower-cases",
                                        N_("must contain at least {need} lower-case "
                                           "{letter|letters} (it has {have})")},
    [PWPOL_RULE_MINIMUM_NUMERICS] =
        {"minimum-numerics", N_("must contain at least {need} {digit|digits} (it has {have})")},
    [PWPOL_RULE_MINIMUM_PUNCTUATIONS] = {"minimum-punctuations",
                                         N_("must contain at least {need} punctuation "
                                            "{character|characters} (it has {have})")},
    [PWPOL_RULE_MINIMUM_CHANGES] = {"minimum-changes",
                                    N_("must have at least {need} character {set|sets} or "
                                       "{change|changes} between them (it has {have})")},
    [PWPOL_RULE_MAXIMUM_REPEATS] = {"maximum-repeats",
                                    N_("must not repeat a character more than {need} {time|times} "
                                       "in a row (it repeats one {have} {time|times})")},
    [PWPOL_RULE_MAXIMUM_CLASS_REPEATS] =
        {"maximum-class-repeats", N_("must not have more than {need} {character|characters} "
                                     "of one class (upper-case, lower-case, digit, "
                                     "punctuation, other) in a row (it has {have})")},
    [PWPOL_RULE_USERNAME_CHECK] = {"username-check",
                                   N_("must not contain the username in any form")},
    [PWPOL_RULE_MINIMUM_CHARACTER_CHANGES] =
        {"minimum-character-changes", N_("must differ from the old password by at least "
                                         "{need} {change|changes} (characters put in, taken "
                                         "out or replaced; it differs by {have})")},
    [PWPOL_RULE_BLOCKLIST] = {"blocklist",
                              N_("is known from password breaches or lists of common passwords, "
                                 "so attackers try it first")},
    [PWPOL_RULE_MINIMUM_SCORE] = {"minimum-score",
                                  N_("is too easy to guess: zxcvbn scores it {have} of 4, "
                                     "at least {need} is asked")},
    [PWPOL_RULE_MINIMUM_REUSE] = {"minimum-reuse",
                                  N_("must not be any of the last {need} {password|passwords}")},
    [PWPOL_RULE_MINIMUM_LIFETIME] = {"minimum-lifetime",
                                     N_("cannot be changed before it is {need} {day|days} old (it "
                                        "is {have} {day|days} old)")},
    [PWPOL_RULE_FACTORY_DEFAULT] = {"factory-default",
                                    N_("must not be the factory default password")},
    [PWPOL_RULE_INVALID_UTF8] = {"invalid-utf8", N_("is not valid UTF-8 (at byte {have})")},
    [PWPOL_RULE_CONTROL_CHARACTER] = {"control-character",
                                      N_("must not contain NUL or control characters (at byte "
                                         "{have})")},
    [PWPOL_RULE_TOO_LONG] = {"too-long", N_("is longer than {need} bytes (it has {have})")},
    [PWPOL_RULE_EMPTY] = {"empty", N_("must not be empty")},
    [PWPOL_RULE_INVISIBLE_CHARACTER] = {"invisible-character",
                                        N_("must not contain invisible characters such as a "
                                           "zero-width space (at byte {have})")},
    [PWPOL_RULE_USERNAME_LENGTH] = {"username-length", N_("must be 1 to {need} "
                                                          "{character|characters} long (it has "
                                                          "{have})")},
    [PWPOL_RULE_USERNAME_CHARACTERS] = {"username-characters",
                                        N_("may contain only letters, digits, '_', '-' and '.' "
                                           "(bad character at position {have})")},
    [PWPOL_RULE_USERNAME_LEADING_DASH] = {"username-leading-dash", N_("must not begin with '-'")},
    [PWPOL_RULE_USERNAME_DOLLAR] = {"username-dollar",
                                    N_("may have '$' only as its last character")},
    [PWPOL_RULE_USERNAME_DOTS] = {"username-dots",
                                  N_("may not be '.' or '..' (names of directories)")},
    [PWPOL_RULE_USERNAME_CASE] = {"username-case",
                                  N_("differs from an existing account only by upper and lower "
                                     "case")},
    [PWPOL_RULE_USERNAME_ALL_DIGITS] = {"username-all-digits",
                                        N_("is all digits, which is not recommended")},
    [PWPOL_RULE_USERNAME_LEADING_DOT] = {"username-leading-dot",
                                         N_("begins with '.', which is not recommended")},
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

const char *pwpol_rule_template(enum pwpol_rule rule)
{
	return (unsigned)rule < PWPOL_RULE_COUNT ? rules[rule].message : NULL;
}

int pwpol_finding_message(const struct pwpol_finding *f, char *buf, size_t len)
{
	if (!f || (unsigned)f->rule >= PWPOL_RULE_COUNT)
		return snprintf(buf, len, "unknown rule");
	return pwpol_finding_message_from(f, rules[f->rule].message, buf, len);
}

int pwpol__fill(const char *template, const char *const names[], const long values[], size_t n,
                char *buf, size_t len)
{
	size_t out = 0;
	long last = 0;
	for (const char *m = template; *m;) {
		const char *close = *m == '{' ? strchr(m, '}') : NULL;
		if (!close) {
			size_t k = strcspn(m + 1, "{") + 1;
			put(buf, len, &out, m, k);
			m += k;
			continue;
		}
		size_t inside = (size_t)(close - m - 1);
		const char *bar = memchr(m, '|', (size_t)(close - m));
		if (bar) { /* {one|more} */
			if (last == 1)
				put(buf, len, &out, m + 1, (size_t)(bar - m - 1));
			else
				put(buf, len, &out, bar + 1, (size_t)(close - bar - 1));
		} else {
			size_t i = 0;
			while (i < n &&
			       (strlen(names[i]) != inside || memcmp(names[i], m + 1, inside)))
				i++;
			if (i < n) {
				char num[24];
				last = values[i];
				put(buf, len, &out, num,
				    (size_t)snprintf(num, sizeof num, "%ld", last));
			} else { /* not ours: kept as written, for the translator to see */
				put(buf, len, &out, m, inside + 2);
			}
		}
		m = close + 1;
	}
	if (len)
		buf[out < len ? out : len - 1] = '\0';
	return (int)out;
}

int pwpol_finding_message_from(const struct pwpol_finding *f, const char *template, char *buf,
                               size_t len)
{
	if (!f || !template)
		return snprintf(buf, len, "unknown rule");
	static const char *const names[] = {"need", "have"};
	const long values[] = {f->need, f->have};
	return pwpol__fill(template, names, values, 2, buf, len);
}
