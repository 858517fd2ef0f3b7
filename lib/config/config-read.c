/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * config-read.c - the statements of the configuration text: the Junos
 * curly-brace hierarchy and `set`, `delete`, `deactivate` and `activate`
 * lines, read one after the other as Junos reads them (each statement's
 * value is config-stmt.c's), applied to a policy (config-apply.c), then
 * the commit check.
 *
 * `system login password` and `system login lockout` belong to pwpol, and
 * so do the other vendors' spellings of the same figures: Junos `system
 * login retry-options` and SSR `authority password-policy` (one figure set
 * in two of them is an error naming both lines), and the permissions of
 * `system login class`. Under `system login`, the Junos statements pwpol
 * does not act on (user, the rest of a class, ...) are passed over by name
 * and any other word is an error; everything else outside these blocks is
 * passed over, so a whole Junos or SSR configuration can be given. Every
 * error is collected, then the
 * commit check runs over what was valid; a text with any error gives no
 * policy at all. A later value replacing an earlier one is a warning.
 */
#include "config-read.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- login classes ------------------------------------------------------ */

/* Opens (or finds again) class `name` for its statements: the index, or
 * -1 with the error told (a predefined name, too long, too many). */
static int open_class(struct pwpol__parser *ps, const char *name, int long_word, unsigned line)
{
	if (long_word || strlen(name) >= PWPOL_CLASS_NAME_MAX) {
		pwpol__cfg_complain(ps, line, "class %.40s...: a class name has at most %d bytes",
		                    name, PWPOL_CLASS_NAME_MAX - 1);
		return -1;
	}
	if (pwpol_class_is_predefined(name)) {
		pwpol__cfg_complain(
		    ps, line,
		    "class %s: a predefined class (super-user, operator, read-only, "
		    "unauthorized; SSR admin, user) cannot be defined again",
		    name);
		return -1;
	}
	pwpol__cfg_touch(ps, B_LOGIN);
	ps->read_any = 1;
	for (size_t i = 0; i < ps->ncls; i++)
		if (strcmp(ps->cls[i].name, name) == 0)
			return (int)i;
	if (ps->ncls == PWPOL__CLASSES_MAX) {
		pwpol__cfg_complain(ps, line, "class %s: more than %d classes", name,
		                    PWPOL__CLASSES_MAX);
		return -1;
	}
	struct pwpol__class_def *c = &ps->cls[ps->ncls];
	memset(c, 0, sizeof *c);
	snprintf(c->name, sizeof c->name, "%s", name);
	return (int)ps->ncls++;
}

/* `permissions WORD;` or `permissions [ WORD ... ];` in class k (words
 * from s->w[from]); the words add to what the class holds, as in Junos. */
static void class_permissions(struct pwpol__parser *ps, int k, const struct stmt *s, size_t from,
                              size_t kept)
{
	struct pwpol__class_def *c = &ps->cls[k];
	if (s->n > kept) {
		pwpol__cfg_complain(ps, s->line,
		                    "permissions: more words than pwpol reads in one statement; "
		                    "give the others in another permissions statement");
		return;
	}
	for (size_t i = from; i < s->n; i++) {
		char w[PWPOL__CFG_WORD_MAX + 1];
		snprintf(w, sizeof w, "%s", s->w[i]);
		if (strcmp(w, "[") == 0 || strcmp(w, "]") == 0)
			continue;
		unsigned bits;
		if (s->long_word[i] || !pwpol__permission_word(w, &bits)) {
			pwpol__cfg_complain(ps, s->line,
			                    "permissions: unknown permission '%.40s' (a Junos "
			                    "permission flag: admin, admin-control, all, clear, "
			                    "configure, view, ...; see pwpol.conf(5))",
			                    w);
			continue;
		}
		c->perms |= bits;
		size_t have = strlen(c->words);
		if (have + strlen(w) + 2 < sizeof c->words)
			snprintf(c->words + have, sizeof c->words - have, "%s%s", have ? " " : "",
			         w);
	}
}

/* One statement inside `class NAME { ... }`: permissions are ours, the
 * other Junos class statements (idle-timeout, allow-commands, ...) are
 * passed over. */
static void class_leaf(struct pwpol__parser *ps, const struct stmt *s)
{
	if (ps->cur_class < 0 || s->long_word[0] || strcmp(s->w[0], "permissions") != 0)
		return;
	if (s->n < 2) {
		pwpol__cfg_complain(ps, s->line,
		                    "permissions: missing value (admin, "
		                    "admin-control, all, ...)");
		return;
	}
	class_permissions(ps, ps->cur_class, s, 1, PWPOL__CFG_MAX_WORDS);
}

static enum ctx_kind child(enum ctx_kind kind, const struct stmt *s)
{
	if (kind == C_LOGIN && s->n == 2 && !s->long_word[0] && strcmp(s->w[0], "class") == 0)
		return C_CLASS;
	if (s->n != 1 || s->long_word[0])
		return C_OTHER;
	const char *w = s->w[0];
	if (kind == C_LOGIN && strcmp(w, "retry-options") == 0)
		return C_RETRY;
	if (kind == C_TOP && strcmp(w, "authority") == 0)
		return C_AUTHORITY;
	if (kind == C_AUTHORITY && strcmp(w, "password-policy") == 0)
		return C_PWPOLICY;
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

/* A statement directly under `system login` other than ours: a Junos one
 * is passed over, anything else is a misspelling, told. */
static void login_other(struct pwpol__parser *ps, const struct stmt *s, int is_block)
{
	char b[WORD_MAX + 4];
	if (!s->long_word[0] && pwpol__cfg_is_junos_login(s->w[0])) {
		if (strcmp(s->w[0], "class") != 0)
			pwpol__cfg_pass_over(ps, "system login", s->w[0], 0, s->line);
		return;
	}
	if (!s->long_word[0] &&
	    (strcmp(s->w[0], "password") == 0 || strcmp(s->w[0], "lockout") == 0 ||
	     strcmp(s->w[0], "retry-options") == 0)) {
		pwpol__cfg_complain(ps, s->line,
		                    "%s: a block of statements, without a name or value", s->w[0]);
		return;
	}
	static const char *const login_words[] = {"password", "lockout",      "retry-options",
	                                          "class",    "announcement", "user",
	                                          "message",  "deny-sources", "idle-timeout"};
	const char *k = s->long_word[0] ? NULL
	                                : pwpol__cfg_near(s->w[0], login_words,
	                                                  sizeof login_words / sizeof *login_words);
	char mean[64] = "";
	if (k)
		snprintf(mean, sizeof mean, "did you mean '%s'? ", k);
	pwpol__cfg_complain(ps, s->line, "unknown %s '%s' under login (%s" LOGIN_ALLOWED ")",
	                    is_block ? "block" : "statement", pwpol__cfg_shown(s, 0, b, sizeof b),
	                    mean);
}

enum verb { V_SET, V_DELETE, V_DEACTIVATE, V_ACTIVATE };
static const char *const verb_name[] = {"set", "delete", "deactivate", "activate"};

/* `set|delete system login class NAME [permissions WORD...]`; the words
 * from `class` on are in s (s->w[0] is "class"). */
static void class_line(struct pwpol__parser *ps, enum verb v, const struct stmt *s)
{
	if (s->n < 2) {
		if (v == V_SET)
			pwpol__cfg_complain(ps, s->line, "class: needs a name");
		return;
	}
	if (v == V_DEACTIVATE || v == V_ACTIVATE)
		return; /* a router's way to keep a class aside: pwpol keeps it as it is */
	int k = open_class(ps, s->w[1], s->long_word[1], s->line);
	if (k < 0)
		return;
	if (v == V_DELETE) {
		/* The whole class, or all its permissions: the last one listed. */
		if (s->n == 2) {
			memmove(&ps->cls[k], &ps->cls[k + 1],
			        (ps->ncls - (size_t)k - 1) * sizeof ps->cls[0]);
			ps->ncls--;
		} else if (strcmp(s->w[2], "permissions") == 0) {
			ps->cls[k].perms = 0;
			ps->cls[k].words[0] = 0;
		}
		return;
	}
	if (s->n >= 3 && strcmp(s->w[2], "permissions") == 0) {
		if (s->n == 3)
			pwpol__cfg_complain(ps, s->line,
			                    "permissions: missing value (admin, "
			                    "admin-control, all, ...)");
		else
			class_permissions(ps, k, s, 3, PWPOL__CFG_MAX_WORDS - 2);
	}
}

static void clear_opts(struct pwpol__parser *ps, int lockout_too, int password_too)
{
	for (int o = 0; o < PWPOL_OPT_COUNT; o++)
		if (pwpol__cfg_is_lockout_opt((enum pwpol_opt)o) ? lockout_too : password_too)
			memset(&ps->val[o], 0, sizeof ps->val[o]);
	if (password_too)
		memset(&ps->profile, 0, sizeof ps->profile);
}

/* `delete`, `deactivate` or `activate` of a whole block (B_COUNT: the
 * whole configuration, `delete` alone). A deleted block takes everything
 * under it, its inactive mark included. */
static void block_verb(struct pwpol__parser *ps, enum verb v, int b, unsigned line)
{
	ps->read_any = 1;
	if (b != B_COUNT && !ps->block[b].exists) {
		pwpol__cfg_warn(ps, line, "%s: not in the configuration; nothing to %s",
		                pwpol__cfg_block_name[b], verb_name[v]);
		return;
	}
	if (v != V_DELETE) {
		ps->block[b].inactive = v == V_DEACTIVATE;
		return;
	}
	if (b != B_AUTHORITY && b != B_PWPOLICY && b != B_PASSWORD && b != B_LOCKOUT)
		memset(ps->retry, 0, sizeof ps->retry); /* under system login */
	if (b == B_COUNT || b == B_AUTHORITY || b == B_PWPOLICY)
		memset(ps->ssr, 0, sizeof ps->ssr);
	if (b >= B_RETRY && b < B_COUNT) {
		for (int i = b; i < B_COUNT && (i == b || b == B_AUTHORITY); i++)
			ps->block[i].exists = ps->block[i].inactive = 0;
		return;
	}
	if (b == B_PASSWORD || b == B_LOCKOUT) {
		clear_opts(ps, b == B_LOCKOUT, b == B_PASSWORD);
		ps->block[b].exists = ps->block[b].inactive = 0;
		return;
	}
	clear_opts(ps, 1, 1);
	ps->ncls = 0; /* the classes go with system login */
	for (int i = b == B_COUNT ? 0 : b; i < (b == B_COUNT ? B_COUNT : B_AUTHORITY); i++)
		ps->block[i].exists = ps->block[i].inactive = 0;
}

/* `delete`, `deactivate` or `activate` of one statement's slot: a value
 * after the statement (s->w[0]) is allowed and changes nothing. */
static void slot_verb(struct pwpol__parser *ps, enum verb v, const struct stmt *s, const char *name,
                      struct pwpol__slot *sl)
{
	ps->read_any = 1;
	if (s->n > 2) {
		pwpol__cfg_complain(ps, s->line, "%s: %s takes the statement and at most its value",
		                    s->w[0], verb_name[v]);
		return;
	}
	if (!sl->set) {
		pwpol__cfg_warn(ps, s->line, "%s: not in the configuration; nothing to %s", name,
		                verb_name[v]);
		return;
	}
	if (v == V_DELETE)
		memset(sl, 0, sizeof *sl);
	else
		sl->inactive = v == V_DEACTIVATE;
}

/* slot_verb() for a statement under retry-options or password-policy. */
static void dialect_leaf_verb(struct pwpol__parser *ps, enum verb v, enum ctx_kind kind,
                              const struct stmt *s)
{
	struct pwpol__slot *sl;
	const struct dialect_stmt *d = pwpol__cfg_dialect_statement(ps, kind, s, &sl);
	if (d)
		slot_verb(ps, v, s, d->name, sl);
}

/* `delete`, `deactivate` or `activate` of one statement under password or
 * lockout; a value after the name is allowed and changes nothing. */
static void leaf_verb(struct pwpol__parser *ps, enum verb v, enum ctx_kind kind,
                      const struct stmt *s)
{
	enum pwpol_opt o;
	int negated;
	if (kind == C_RETRY || kind == C_PWPOLICY) {
		dialect_leaf_verb(ps, v, kind, s);
		return;
	}
	if (!pwpol__cfg_statement(ps, kind, s, &o, &negated))
		return;
	slot_verb(ps, v, s, o == PWPOL_OPT_COUNT ? "profile" : pwpol_opt_name(o),
	          o == PWPOL_OPT_COUNT ? &ps->profile : &ps->val[o]);
}

/* `set authority password-policy deny 4` and the other verbs: only
 * password-policy is ours; the rest of an SSR authority is passed over. */
static void authority_line(struct pwpol__parser *ps, enum verb v, const struct stmt *s)
{
	if (s->n == 1) {
		if (v != V_SET)
			block_verb(ps, v, B_AUTHORITY, s->line);
		return;
	}
	if (s->long_word[1] || strcmp(s->w[1], "password-policy") != 0) {
		if (v == V_SET)
			pwpol__cfg_pass_over(ps, "authority", s->w[1], s->long_word[1], s->line);
		return;
	}
	if (s->n == 2) {
		if (v == V_SET)
			pwpol__cfg_touch(ps, B_PWPOLICY);
		else
			block_verb(ps, v, B_PWPOLICY, s->line);
		return;
	}
	struct stmt leafs = {.line = s->line, .n = s->n - 2};
	for (size_t i = 2; i < s->n && i < MAX_WORDS; i++) {
		memcpy(leafs.w[i - 2], s->w[i], sizeof s->w[i]);
		leafs.long_word[i - 2] = s->long_word[i];
	}
	if (v == V_SET)
		pwpol__cfg_dialect_leaf(ps, C_PWPOLICY, &leafs);
	else
		dialect_leaf_verb(ps, v, C_PWPOLICY, &leafs);
}

/* `set system login password minimum-length 9`, `delete ...`,
 * `deactivate ...`, `activate ...`: the line is the statement, read as
 * Junos reads them, one after the other. */
static void verb_line(struct pwpol__parser *ps, enum verb v)
{
	struct stmt s = {.line = ps->t.line};
	unsigned line = ps->t.line;
	pwpol__cfg_next(ps);
	while (ps->t.kind == T_WORD && ps->t.line == line && !ps->t.first) {
		pwpol__cfg_stmt_add(&s, &ps->t);
		pwpol__cfg_next(ps);
	}
	if (ps->t.kind == T_SEMI && ps->t.line == line)
		pwpol__cfg_next(ps); /* a stray ';' after a set line is forgiven */
	else if (ps->t.kind != T_EOF && ps->t.kind != T_BAD && ps->t.line == line) {
		pwpol__cfg_complain(ps, line, "unexpected '%c' in %s %s line",
		                    ps->t.kind == T_OPEN ? '{' : '}', v == V_ACTIVATE ? "an" : "a",
		                    verb_name[v]);
		pwpol__cfg_next(ps);
	}
	if (ps->edit_other)
		return; /* under an [edit ...] level that is not ours */
	if (ps->nedit) {
		/* Relative to the [edit ...] level, as Junos reads a set there. */
		struct stmt rel = {.line = line, .n = ps->nedit + s.n};
		for (size_t i = 0; i < ps->nedit; i++)
			memcpy(rel.w[i], ps->edit[i], sizeof rel.w[i]);
		for (size_t i = 0; i < s.n && ps->nedit + i < MAX_WORDS; i++) {
			memcpy(rel.w[ps->nedit + i], s.w[i], sizeof s.w[i]);
			rel.long_word[ps->nedit + i] = s.long_word[i];
		}
		s = rel;
	}
	if (s.n == 0) {
		if (v == V_DELETE)
			block_verb(ps, v, B_COUNT, line);
		return;
	}
	if (!s.long_word[0] && strcmp(s.w[0], "authority") == 0) {
		authority_line(ps, v, &s);
		return;
	}
	if (s.long_word[0] || strcmp(s.w[0], "system") != 0) {
		if (v == V_SET)
			pwpol__cfg_pass_over(ps, "", s.w[0], s.long_word[0], line);
		return; /* not ours */
	}
	if (v == V_SET)
		pwpol__cfg_touch(ps, B_SYSTEM);
	if (s.n == 1) {
		if (v != V_SET)
			block_verb(ps, v, B_SYSTEM, line);
		return;
	}
	if (s.long_word[1] || strcmp(s.w[1], "login") != 0) {
		if (v == V_SET)
			pwpol__cfg_pass_over(ps, "system", s.w[1], s.long_word[1], line);
		return;
	}
	if (v == V_SET)
		pwpol__cfg_touch(ps, B_LOGIN);
	if (s.n == 2) {
		if (v != V_SET)
			block_verb(ps, v, B_LOGIN, line);
		return;
	}
	enum ctx_kind kind = s.long_word[2]                         ? C_OTHER
	                     : strcmp(s.w[2], "password") == 0      ? C_PASSWORD
	                     : strcmp(s.w[2], "lockout") == 0       ? C_LOCKOUT
	                     : strcmp(s.w[2], "retry-options") == 0 ? C_RETRY
	                                                            : C_OTHER;
	struct stmt leafs = {.line = line, .n = s.n - 2};
	for (size_t i = 2; i < s.n && i < MAX_WORDS; i++) {
		memcpy(leafs.w[i - 2], s.w[i], sizeof s.w[i]);
		leafs.long_word[i - 2] = s.long_word[i];
	}
	if (kind == C_OTHER && !leafs.long_word[0] && strcmp(leafs.w[0], "class") == 0) {
		class_line(ps, v, &leafs);
		return;
	}
	if (kind == C_OTHER) {
		login_other(ps, &leafs, 0);
		return;
	}
	enum pwpol__block b = kind == C_PASSWORD ? B_PASSWORD
	                      : kind == C_RETRY  ? B_RETRY
	                                         : B_LOCKOUT;
	if (s.n == 3) {
		if (v == V_SET)
			pwpol__cfg_touch(
			    ps, b); /* `set system login password` alone makes an empty block */
		else
			block_verb(ps, v, b, line);
		return;
	}
	leafs.n = s.n - 3;
	for (size_t i = 3; i < s.n && i < MAX_WORDS; i++) {
		memcpy(leafs.w[i - 3], s.w[i], sizeof s.w[i]);
		leafs.long_word[i - 3] = s.long_word[i];
	}
	if (v == V_SET)
		pwpol__cfg_leaf(ps, kind, &leafs);
	else
		leaf_verb(ps, v, kind, &leafs);
}

static int line_verb(const struct pwpol__tok *t, enum verb *v)
{
	for (int i = 0; i < 4; i++) {
		if (strcmp(t->w, verb_name[i]) == 0) {
			*v = (enum verb)i;
			return 1;
		}
	}
	return 0;
}

/* The block a level of ours opens (B_COUNT: none). */
static void enter(struct pwpol__parser *ps, enum ctx_kind sub)
{
	if (sub == C_OTHER || sub == C_TOP || sub == C_CLASS)
		return;
	pwpol__cfg_touch(ps, sub == C_SYSTEM      ? B_SYSTEM
	                     : sub == C_LOGIN     ? B_LOGIN
	                     : sub == C_PASSWORD  ? B_PASSWORD
	                     : sub == C_RETRY     ? B_RETRY
	                     : sub == C_AUTHORITY ? B_AUTHORITY
	                     : sub == C_PWPOLICY  ? B_PWPOLICY
	                                          : B_LOCKOUT);
}

/* The level whose other words are passed over by name, for pwpol__cfg_pass_over(). */
static const char *pass_level(enum ctx_kind kind)
{
	return kind == C_TOP         ? ""
	       : kind == C_SYSTEM    ? "system"
	       : kind == C_AUTHORITY ? "authority"
	                             : NULL;
}

/* `[edit system login password]`, as `show | compare` and a Junos prompt
 * print it: the statements after it, braces and set lines alike, are read
 * at that level, as Junos reads them after `edit system login password`;
 * `[edit]` goes back to the top. *kind gets the level. */
static void edit_header(struct pwpol__parser *ps, enum ctx_kind *kind)
{
	unsigned line = ps->t.line;
	struct stmt s = {.line = line};
	do {
		pwpol__cfg_stmt_add(&s, &ps->t);
		pwpol__cfg_next(ps);
	} while (ps->t.kind == T_WORD && ps->t.line == line && !ps->t.first);
	size_t n = s.n < MAX_WORDS ? s.n : MAX_WORDS, first = 0;
	char *last = s.w[n - 1];
	size_t ll = strlen(last);
	int closed = ll && last[ll - 1] == ']' && !s.long_word[n - 1];
	if (closed)
		last[ll - 1] = 0;
	memmove(s.w[0], s.w[0] + 1, strlen(s.w[0])); /* the '[' */
	if (!s.w[0][0])
		first = 1;
	if (n && !s.w[n - 1][0])
		n--;
	*kind = C_TOP;
	ps->nedit = 0;
	ps->edit_other = 0;
	ps->cur_class = -1;
	if (!closed || s.n > MAX_WORDS || first >= n || strcmp(s.w[first], "edit") != 0) {
		pwpol__cfg_complain(ps, line,
		                    "a line opening with '[' is read as a Junos level header, "
		                    "[edit system login password]; this one is not");
		*kind = C_OTHER;
		ps->edit_other = 1;
		return;
	}
	for (size_t i = first + 1; i < n; i++) {
		enum ctx_kind k = *kind;
		if (k == C_OTHER) {
			ps->edit_other = 1;
			continue;
		}
		if (k == C_PASSWORD || k == C_LOCKOUT || k == C_RETRY || k == C_PWPOLICY ||
		    k == C_CLASS) {
			pwpol__cfg_complain(ps, line, "[edit ...]: '%s' is not a level under %s",
			                    s.w[i],
			                    k == C_CLASS      ? "a class"
			                    : k == C_PASSWORD ? "password"
			                    : k == C_LOCKOUT  ? "lockout"
			                    : k == C_RETRY    ? "retry-options"
			                                      : "password-policy");
			*kind = C_OTHER;
			ps->edit_other = 1;
			return;
		}
		struct stmt one = {.line = line, .n = 1};
		memcpy(one.w[0], s.w[i], sizeof one.w[0]);
		one.long_word[0] = s.long_word[i];
		if (k == C_LOGIN && strcmp(s.w[i], "class") == 0 && i + 1 < n) {
			memcpy(one.w[1], s.w[i + 1], sizeof one.w[1]);
			one.long_word[1] = s.long_word[i + 1];
			one.n = 2;
		}
		enum ctx_kind sub = child(k, &one);
		if (sub == C_CLASS) {
			ps->cur_class = open_class(ps, one.w[1], one.long_word[1], line);
			if (ps->cur_class < 0)
				sub = C_OTHER;
		} else if (sub != C_OTHER) {
			enter(ps, sub);
		} else if (pass_level(k)) {
			pwpol__cfg_pass_over(ps, pass_level(k), one.w[0], one.long_word[0], line);
		} else if (k == C_LOGIN) {
			login_other(ps, &one, 1);
		}
		for (size_t j = 0; j < one.n; j++) {
			if (ps->nedit < PWPOL__CFG_EDIT_MAX)
				memcpy(ps->edit[ps->nedit++], one.w[j], sizeof ps->edit[0]);
			else
				ps->edit_other = 1;
		}
		i += one.n - 1;
		*kind = sub;
	}
	if (*kind == C_OTHER)
		ps->edit_other = 1;
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
		enum verb v;
		if (depth == 0 && t->first && t->kind == T_WORD && t->w[0] == '[') {
			edit_header(ps, &kind);
			continue;
		}
		if (depth == 0 && t->first && line_verb(t, &v)) {
			verb_line(ps, v);
			continue;
		}
		struct stmt s = {.line = t->line};
		int inactive = 0;
		if (strcmp(t->w, "inactive:") == 0 || strcmp(t->w, "protect:") == 0) {
			inactive = t->w[0] == 'i';
			pwpol__cfg_next(ps);
		}
		while (ps->t.kind == T_WORD) {
			pwpol__cfg_stmt_add(&s, &ps->t);
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
			if (sub == C_CLASS) {
				ps->cur_class = open_class(ps, s.w[1], s.long_word[1], s.line);
				if (ps->cur_class < 0)
					sub = C_OTHER;
			} else if (sub != C_OTHER) {
				enter(ps, sub);
			} else if (!inactive && pass_level(kind)) {
				pwpol__cfg_pass_over(ps, pass_level(kind), s.w[0], s.long_word[0],
				                     s.line);
			}
			if (!inactive && kind == C_LOGIN && sub == C_OTHER &&
			    child(kind, &s) != C_CLASS)
				login_other(ps, &s, 1);
			if (!inactive && (kind == C_PASSWORD || kind == C_LOCKOUT ||
			                  kind == C_RETRY || kind == C_PWPOLICY)) {
				char b[WORD_MAX + 4];
				pwpol__cfg_complain(ps, s.line, "unknown block '%s' under %s",
				                    pwpol__cfg_shown(&s, 0, b, sizeof b),
				                    kind == C_PASSWORD  ? "password"
				                    : kind == C_LOCKOUT ? "lockout"
				                    : kind == C_RETRY   ? "retry-options"
				                                        : "password-policy");
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
		if (!inactive && (kind == C_PASSWORD || kind == C_LOCKOUT || kind == C_RETRY ||
		                  kind == C_PWPOLICY))
			pwpol__cfg_leaf(ps, kind, &s);
		else if (!inactive && kind == C_LOGIN && child(kind, &s) == C_OTHER)
			login_other(ps, &s, 0);
		else if (!inactive && kind == C_CLASS)
			class_leaf(ps, &s);
		else if (!inactive && pass_level(kind))
			pwpol__cfg_pass_over(ps, pass_level(kind), s.w[0], s.long_word[0], s.line);
	}
}

static void release(struct pwpol__parser *ps)
{
	pwpol__wipe_object(ps);
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
	/* A UTF-8 byte-order mark, as some editors write one: not a word. */
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		ps->p += 3;
	ps->name = name ? name : "(config)";
	ps->line = 1;
	ps->first = 1;
	ps->errs = errs;
	ps->cur_class = -1;

	pwpol__cfg_next(ps);
	block(ps, C_TOP, 0, 1);
	if (!ps->read_any && !ps->nerr) {
		ps->nerr++;
		pwpol__errors_add(errs,
		                  "%s: no statement pwpol reads (system login password, lockout, "
		                  "retry-options or class permissions; authority password-policy): "
		                  "refused, so that a slip never leaves the built-in profile in "
		                  "force; for a profile's defaults, write `system { login { "
		                  "password { profile ssr; } } }`",
		                  ps->name);
	}
	if (ps->npassed && !ps->nerr) {
		char list[PWPOL__CFG_PASSED_MAX * 66 + 40] = "";
		size_t k = 0;
		for (size_t i = 0; i < ps->npassed; i++)
			k += (size_t)snprintf(list + k, sizeof list - k, "%s%s", i ? ", " : "",
			                      ps->passed[i]);
		if (ps->passed_more)
			snprintf(list + k, sizeof list - k, " and %zu more", ps->passed_more);
		if (pwpol__notes_add(errs, "%s: passed over, not read by pwpol: %s", ps->name,
		                     list) != PWPOL_OK)
			ps->nomem = 1;
	}

	pwpol_policy *p = NULL;
	enum pwpol_status st = pwpol__cfg_apply(ps, &p);
	if (st != PWPOL_OK)
		goto fail;
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
