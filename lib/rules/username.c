/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * username.c - the syntax of a username (pwpol(1), USERNAMES): ASCII
 * letters, digits, `_`, `-` and `.`; at most one `$`, as the last
 * character; not `-` first; not "." or ".." (a home directory named so
 * would be the directory itself or its parent); 1 to 32 characters.
 * All-digit names and names
 * beginning with `.` are legal but confusing (a uid? a hidden file?), so
 * they pass with a warning. Every error is reported at once.
 */
#include "rules.h"

#include <string.h>

#define USERNAME_MAX 32

static int name_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '-' || c == '.';
}

/* Length in characters: UTF-8 continuation bytes do not start one, so a
 * name in another script is measured the way its owner counts it. */
static long char_count(const char *s, size_t len)
{
	long n = 0;
	for (size_t i = 0; i < len; i++)
		n += ((unsigned char)s[i] & 0xc0) != 0x80;
	return n;
}

static void add(pwpol_report *r, size_t *errors, enum pwpol_rule rule, long need, long have)
{
	pwpol__report_add(r, rule, PWPOL_SEVERITY_ERROR, need, have);
	(*errors)++;
}

static void warn(pwpol_report *r, enum pwpol_rule rule)
{
	pwpol__report_add(r, rule, PWPOL_SEVERITY_WARNING, -1, -1);
}

enum pwpol_status pwpol_username_check(const char *name, pwpol_report *r)
{
	pwpol_report_clear(r);
	size_t len = name ? strnlen(name, PWPOL_INPUT_MAX + 1) : 0;
	long chars = char_count(name, len);
	size_t errors = 0;
	if (chars < 1 || chars > USERNAME_MAX)
		add(r, &errors, PWPOL_RULE_USERNAME_LENGTH, USERNAME_MAX, chars);
	if (len == 0)
		return PWPOL_REJECTED;

	/* The `$` that ends a name is not part of its body. */
	int dollar_end = len > 1 && name[len - 1] == '$';
	size_t body = dollar_end ? len - 1 : len;
	int digits_only = 1;
	long bad_at = 0;
	int bad_dollar = 0;
	for (size_t i = 0; i < body; i++) {
		unsigned char c = (unsigned char)name[i];
		if (c < '0' || c > '9')
			digits_only = 0;
		if (c == '$' && len > 1) /* a lone `$` has no name before it */
			bad_dollar = 1;
		else if (!name_char(c) && !bad_at)
			bad_at = char_count(name, i) + 1;
	}
	if (bad_at)
		add(r, &errors, PWPOL_RULE_USERNAME_CHARACTERS, -1, bad_at);
	if (name[0] == '-')
		add(r, &errors, PWPOL_RULE_USERNAME_LEADING_DASH, -1, -1);
	if (bad_dollar)
		add(r, &errors, PWPOL_RULE_USERNAME_DOLLAR, -1, -1);
	if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
		add(r, &errors, PWPOL_RULE_USERNAME_DOTS, -1, -1);
	if (digits_only)
		warn(r, PWPOL_RULE_USERNAME_ALL_DIGITS);
	if (name[0] == '.' && !(strcmp(name, ".") == 0 || strcmp(name, "..") == 0))
		warn(r, PWPOL_RULE_USERNAME_LEADING_DOT);
	return errors ? PWPOL_REJECTED : PWPOL_OK;
}
