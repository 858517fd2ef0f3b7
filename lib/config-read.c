/*
 * config-read.c - the statements of the configuration text: the Junos
 * curly-brace hierarchy and `set` lines, read into a policy, then the
 * commit check.
 *
 * Only `system login password` and `system login lockout` belong to pwpol;
 * everything else in a router's configuration (other `system` and `login`
 * children, other top-level blocks, other `set` lines) is passed over, so
 * a whole Junos configuration can be given. Inside those two blocks every
 * statement must be known. Every error is collected, then the commit check
 * runs over what was valid; a text with any error gives no policy at all.
 */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH PWPOL__CFG_MAX_DEPTH
#define MAX_WORDS PWPOL__CFG_MAX_WORDS
#define WORD_MAX  PWPOL__CFG_WORD_MAX

/* Where statements land: ours are checked, the rest passed over. */
enum ctx_kind { C_TOP, C_SYSTEM, C_LOGIN, C_PASSWORD, C_LOCKOUT, C_OTHER };

struct stmt {
	char w[MAX_WORDS][WORD_MAX + 1];
	int long_word[MAX_WORDS];
	size_t n; /* words seen, may exceed MAX_WORDS */
	unsigned line;
};

static void stmt_add(struct stmt *s, const struct pwpol__tok *t)
{
	if (s->n < MAX_WORDS) {
		memcpy(s->w[s->n], t->w, sizeof t->w);
		s->long_word[s->n] = t->long_word;
	}
	s->n++;
}

/* The word as shown in a message: cut words say so. */
static const char *shown(const struct stmt *s, size_t i, char *buf, size_t n)
{
	snprintf(buf, n, "%s%s", s->w[i], s->long_word[i] ? "..." : "");
	return buf;
}

static int is_lockout_opt(enum pwpol_opt o)
{
	return o == PWPOL_OPT_MAXIMUM_FAILED_ATTEMPTS || o == PWPOL_OPT_LOCK_TIME;
}

static void record(struct pwpol__parser *ps, enum pwpol_opt o, long v, unsigned line)
{
	const char *name = pwpol_opt_name(o);
	if (ps->val[o].set) {
		if (ps->val[o].v != v)
			pwpol__cfg_complain(
			    ps, line, "%s: set again with a different value (first set at line %u)",
			    name, ps->val[o].line);
		return;
	}
	ps->val[o].set = 1;
	ps->val[o].v = v;
	ps->val[o].line = line;
}

static void range_text(enum pwpol_opt o, char *buf, size_t n)
{
	long min = 0, max = 0;
	pwpol_opt_range(o, &min, &max);
	if (pwpol_opt_optional(o))
		snprintf(buf, n, "%ld..%ld, or 0 or no-%s for none", min, max, pwpol_opt_name(o));
	else
		snprintf(buf, n, "%ld..%ld", min, max);
}

/* A decimal integer, or 0 with *ok = 0. Too many digits is out of range,
 * which the caller reports with the word itself. */
static long parse_number(const char *w, int long_word, int *ok, int *is_num)
{
	const char *d = w[0] == '-' ? w + 1 : w;
	*ok = 0;
	*is_num = *d != '\0' && !long_word;
	for (const char *q = d; *q; q++)
		if (*q < '0' || *q > '9')
			*is_num = 0;
	if (!*is_num || strlen(d) > 9)
		return 0;
	*ok = 1;
	return strtol(w, NULL, 10);
}

static void leaf_value(struct pwpol__parser *ps, const struct stmt *s, enum pwpol_opt o)
{
	const char *name = pwpol_opt_name(o);
	char r[96], b[WORD_MAX + 4];
	if (o == PWPOL_OPT_USERNAME_CHECK) {
		if (s->n != 1)
			pwpol__cfg_complain(
			    ps, s->line,
			    "%s: takes no value (username-check; or no-username-check;)", name);
		else
			record(ps, o, 1, s->line);
		return;
	}
	if (s->n == 1) {
		if (o == PWPOL_OPT_CHANGE_TYPE)
			snprintf(r, sizeof r, "character-sets or set-transitions");
		else if (o == PWPOL_OPT_FORMAT)
			snprintf(r, sizeof r, "sha512, sha256, sha1, yescrypt or bcrypt");
		else
			range_text(o, r, sizeof r);
		pwpol__cfg_complain(ps, s->line, "%s: missing value (%s)", name, r);
		return;
	}
	if (s->n > 2) {
		pwpol__cfg_complain(ps, s->line, "%s: takes one value, found %zu", name, s->n - 1);
		return;
	}
	shown(s, 1, b, sizeof b);
	if (o == PWPOL_OPT_CHANGE_TYPE) {
		enum pwpol_change_type ct;
		if (pwpol_change_type_by_name(s->w[1], &ct) != PWPOL_OK || s->long_word[1])
			pwpol__cfg_complain(
			    ps, s->line,
			    "%s: unknown value '%s' (character-sets or set-transitions)", name, b);
		else
			record(ps, o, ct, s->line);
		return;
	}
	if (o == PWPOL_OPT_FORMAT) {
		enum pwpol_format f;
		if (pwpol_format_by_name(s->w[1], &f) != PWPOL_OK || s->long_word[1])
			pwpol__cfg_complain(
			    ps, s->line,
			    "%s: unknown value '%s' (sha512, sha256, sha1, yescrypt or bcrypt)",
			    name, b);
		else
			record(ps, o, f, s->line);
		return;
	}
	int ok, is_num;
	long v = parse_number(s->w[1], s->long_word[1], &ok, &is_num);
	range_text(o, r, sizeof r);
	long min = 0, max = 0;
	pwpol_opt_range(o, &min, &max);
	if (!is_num)
		pwpol__cfg_complain(ps, s->line, "%s: '%s' is not a number (%s)", name, b, r);
	else if (!ok || ((v < min || v > max) && !(v == 0 && pwpol_opt_optional(o))))
		pwpol__cfg_complain(ps, s->line, "%s: value %s is out of range (%s)", name, b, r);
	else
		record(ps, o, v, s->line);
}

/* One statement under `password` (kind C_PASSWORD) or `lockout`. */
static void leaf(struct pwpol__parser *ps, enum ctx_kind kind, const struct stmt *s)
{
	char b[WORD_MAX + 4];
	const char *where = kind == C_PASSWORD ? "password" : "lockout";
	const char *w = s->w[0];
	enum pwpol_opt o;
	if (s->long_word[0]) {
		pwpol__cfg_complain(ps, s->line, "unknown statement '%s' under %s",
		                    shown(s, 0, b, sizeof b), where);
		return;
	}
	if (kind == C_PASSWORD && strcmp(w, "profile") == 0) {
		pwpol_policy *probe = NULL;
		if (s->n != 2) {
			pwpol__cfg_complain(ps, s->line,
			                    "profile: takes one value (ssr, junos or junos-fips)");
			return;
		}
		if (pwpol_policy_new(&probe, s->w[1]) != PWPOL_OK || s->long_word[1]) {
			pwpol__cfg_complain(
			    ps, s->line, "profile: unknown profile '%s' (ssr, junos or junos-fips)",
			    shown(s, 1, b, sizeof b));
			return;
		}
		pwpol_policy_free(probe);
		if (ps->profile_line && strcmp(ps->profile, s->w[1]) != 0) {
			pwpol__cfg_complain(
			    ps, s->line,
			    "profile: set again with a different value (first set at line %u)",
			    ps->profile_line);
			return;
		}
		if (!ps->profile_line) {
			snprintf(ps->profile, sizeof ps->profile, "%.15s", s->w[1]);
			ps->profile_line = s->line;
		}
		return;
	}
	int negated = strncmp(w, "no-", 3) == 0;
	if (pwpol_opt_by_name(negated ? w + 3 : w, &o) != PWPOL_OK ||
	    is_lockout_opt(o) != (kind == C_LOCKOUT)) {
		pwpol__cfg_complain(
		    ps, s->line, "unknown statement '%s' under %s (see pwpol.conf(5))", w, where);
		return;
	}
	if (!negated) {
		leaf_value(ps, s, o);
		return;
	}
	if (!pwpol_opt_optional(o) && o != PWPOL_OPT_USERNAME_CHECK) {
		pwpol__cfg_complain(ps, s->line,
		                    "unknown statement '%s' under %s (%s cannot be turned off)", w,
		                    where, w + 3);
		return;
	}
	if (s->n != 1) {
		pwpol__cfg_complain(ps, s->line, "%s: takes no value", w);
		return;
	}
	record(ps, o, 0, s->line);
}

static enum ctx_kind child(enum ctx_kind kind, const struct stmt *s)
{
	if (s->n != 1 || s->long_word[0])
		return C_OTHER;
	const char *w = s->w[0];
	if (kind == C_TOP && strcmp(w, "system") == 0)
		return C_SYSTEM;
	if (kind == C_SYSTEM && strcmp(w, "login") == 0)
		return C_LOGIN;
	if (kind == C_LOGIN && strcmp(w, "password") == 0)
		return C_PASSWORD;
	if (kind == C_LOGIN && strcmp(w, "lockout") == 0)
		return C_LOCKOUT;
	return C_OTHER;
}

/* `set system login password minimum-length 9`: the line is the statement. */
static void set_line(struct pwpol__parser *ps)
{
	struct stmt s = {.line = ps->t.line};
	unsigned line = ps->t.line;
	pwpol__cfg_next(ps);
	while (ps->t.kind == T_WORD && ps->t.line == line && !ps->t.first) {
		stmt_add(&s, &ps->t);
		pwpol__cfg_next(ps);
	}
	if (ps->t.kind == T_SEMI && ps->t.line == line)
		pwpol__cfg_next(ps); /* a stray ';' after a set line is forgiven */
	else if (ps->t.kind != T_EOF && ps->t.kind != T_BAD && ps->t.line == line) {
		pwpol__cfg_complain(ps, line, "unexpected '%c' in a set line",
		                    ps->t.kind == T_OPEN ? '{' : '}');
		pwpol__cfg_next(ps);
	}
	if (s.n < 3 || strcmp(s.w[0], "system") != 0 || strcmp(s.w[1], "login") != 0)
		return;
	enum ctx_kind kind = strcmp(s.w[2], "password") == 0  ? C_PASSWORD
	                     : strcmp(s.w[2], "lockout") == 0 ? C_LOCKOUT
	                                                      : C_OTHER;
	if (kind == C_OTHER || s.n == 3)
		return; /* `set system login password` alone makes an empty block */
	struct stmt leafs = {.line = line, .n = s.n - 3};
	for (size_t i = 3; i < s.n && i < MAX_WORDS; i++) {
		memcpy(leafs.w[i - 3], s.w[i], sizeof s.w[i]);
		leafs.long_word[i - 3] = s.long_word[i];
	}
	leaf(ps, kind, &leafs);
}

/* Reads statements until the closing '}' of this block (or the end of the
 * text at the top). The current token is the first of the block. */
static void block(struct pwpol__parser *ps, enum ctx_kind kind, unsigned depth, unsigned open_line)
{
	for (;;) {
		struct pwpol__tok *t = &ps->t;
		if (t->kind == T_BAD)
			return;
		if (t->kind == T_EOF) {
			if (depth)
				pwpol__cfg_complain(ps, open_line,
				                    "missing '}' for the block opened here");
			return;
		}
		if (t->kind == T_CLOSE) {
			if (depth)
				return;
			pwpol__cfg_complain(ps, t->line, "unexpected '}'");
			pwpol__cfg_next(ps);
			continue;
		}
		if (t->kind == T_SEMI) {
			pwpol__cfg_next(ps); /* an empty statement */
			continue;
		}
		if (depth == 0 && t->first && strcmp(t->w, "set") == 0) {
			set_line(ps);
			continue;
		}
		struct stmt s = {.line = t->line};
		int inactive = 0;
		if (strcmp(t->w, "inactive:") == 0 || strcmp(t->w, "protect:") == 0) {
			inactive = t->w[0] == 'i';
			pwpol__cfg_next(ps);
		}
		while (ps->t.kind == T_WORD) {
			stmt_add(&s, &ps->t);
			pwpol__cfg_next(ps);
		}
		if (ps->t.kind == T_BAD)
			return;
		if (s.n == 0) {
			pwpol__cfg_complain(ps, s.line, "a statement needs a name");
			if (ps->t.kind != T_OPEN) {
				if (ps->t.kind == T_SEMI)
					pwpol__cfg_next(ps);
				continue;
			}
			inactive = 1; /* read the nameless block only to keep braces balanced */
		}
		if (ps->t.kind == T_OPEN) {
			enum ctx_kind sub = inactive ? C_OTHER : child(kind, &s);
			if (!inactive && (kind == C_PASSWORD || kind == C_LOCKOUT)) {
				char b[WORD_MAX + 4];
				pwpol__cfg_complain(ps, s.line, "unknown block '%s' under %s",
				                    shown(&s, 0, b, sizeof b),
				                    kind == C_PASSWORD ? "password" : "lockout");
			}
			if (depth + 1 >= MAX_DEPTH) {
				pwpol__cfg_complain(ps, s.line, "nested deeper than %d levels",
				                    MAX_DEPTH);
				ps->t.kind = T_BAD;
				return;
			}
			pwpol__cfg_next(ps);
			block(ps, sub, depth + 1, s.line);
			if (ps->t.kind != T_CLOSE)
				return;
			pwpol__cfg_next(ps);
			continue;
		}
		if (ps->t.kind != T_SEMI) {
			pwpol__cfg_complain(ps, s.line, "missing ';' after '%s'",
			                    s.w[s.n < MAX_WORDS ? s.n - 1 : 0]);
			if (ps->t.kind == T_EOF && depth)
				pwpol__cfg_complain(ps, open_line,
				                    "missing '}' for the block opened here");
			if (ps->t.kind == T_EOF)
				return;
			continue; /* a '}' closes the block as usual */
		}
		pwpol__cfg_next(ps);
		if (!inactive && (kind == C_PASSWORD || kind == C_LOCKOUT))
			leaf(ps, kind, &s);
	}
}

/* ---- public ----------------------------------------------------------- */

/* The parser's last words may be from an `encrypted-password` we passed
 * over: wiped like any secret. */
static void release(struct pwpol__parser *ps)
{
	pwpol_wipe(ps, sizeof *ps);
	free(ps);
}

enum pwpol_status pwpol_config_parse(const char *text, size_t len, const char *name,
                                     pwpol_policy **out, pwpol_config_errors **errs)
{
	if (out)
		*out = NULL;
	if (errs)
		*errs = NULL;
	if (!out || (!text && len))
		return PWPOL_EINVAL;
	struct pwpol__parser *ps = calloc(1, sizeof *ps);
	if (!ps)
		return PWPOL_ENOMEM;
	ps->p = text;
	ps->end = text + len;
	ps->name = name ? name : "(config)";
	ps->line = 1;
	ps->first = 1;
	ps->errs = errs;

	pwpol__cfg_next(ps);
	block(ps, C_TOP, 0, 1);

	pwpol_policy *p = NULL;
	enum pwpol_status st = pwpol_policy_new(&p, ps->profile_line ? ps->profile : NULL);
	if (st != PWPOL_OK)
		goto fail;
	char src[PATH_MAX + 16];
	for (int o = 0; o < PWPOL_OPT_COUNT; o++) {
		if (!ps->val[o].set)
			continue;
		if (pwpol_policy_set(p, (enum pwpol_opt)o, ps->val[o].v) != PWPOL_OK)
			continue; /* cannot happen: recorded values were range-checked */
		snprintf(src, sizeof src, "%s:%u", ps->name, ps->val[o].line);
		pwpol_policy_set_source(p, (enum pwpol_opt)o, src);
		if (!pwpol_policy_source(p, (enum pwpol_opt)o)) {
			st = PWPOL_ENOMEM;
			goto fail;
		}
	}
	if (pwpol_policy_commit_check(p, errs) != PWPOL_OK || ps->nerr) {
		st = PWPOL_EINVAL;
		goto fail;
	}
	if (ps->nomem) {
		st = PWPOL_ENOMEM;
		goto fail;
	}
	release(ps);
	*out = p;
	return PWPOL_OK;
fail:
	if (ps->nomem)
		st = PWPOL_ENOMEM;
	pwpol_policy_free(p);
	release(ps);
	return st;
}
