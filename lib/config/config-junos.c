/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * config-junos.c - a Junos configuration's accounts and login policy, for
 * moving a router's users in: each `system login user NAME { uid; class;
 * full-name; authentication { encrypted-password "..."; } }`, in the
 * hierarchy or as `set` lines, and its `system login password`,
 * `retry-options` and class permissions as `set` lines pwpol reads. The
 * text is read with the configuration lexer (config-lex.c): the same
 * words, strings and comments as `config check` takes.
 *
 * Every statement is flattened to its full path (the hierarchy's blocks
 * and the statement's own words, or a `set` line's words), so that both
 * syntaxes meet in one place. `inactive:` blocks and `deactivate` lines
 * make what they hold inactive, and an inactive user is not taken;
 * `delete` of a user drops it.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PATH_MAX_WORDS 48
#define USERS_MAX      4096

struct user {
	char name[64];
	char cls[PWPOL_CLASS_NAME_MAX];
	char full[128];
	char hash[PWPOL_HASH_MAX];
	long uid;
	unsigned line;
	int inactive, deleted;
};

struct junos {
	struct user *u;
	size_t n;
	FILE *policy; /* set lines, or NULL */
	int nomem;
};

static struct user *user_of(struct junos *j, const char *name, unsigned line)
{
	for (size_t i = 0; i < j->n; i++)
		if (strcmp(j->u[i].name, name) == 0)
			return &j->u[i];
	if (j->n == USERS_MAX || strlen(name) >= sizeof j->u->name)
		return NULL;
	struct user *u = &j->u[j->n++];
	memset(u, 0, sizeof *u);
	snprintf(u->name, sizeof u->name, "%s", name);
	u->uid = -1;
	u->line = line;
	return u;
}

/* A word as a `set` line must hold it: quoted when it holds a blank or a
 * character the lexer would split at. */
static void put_word(FILE *f, const char *w)
{
	if (w[0] && !strpbrk(w, " \t\"{};#")) {
		fputs(w, f);
		return;
	}
	fputc('"', f);
	for (; *w; w++) {
		if (*w == '"' || *w == '\\')
			fputc('\\', f);
		fputc(*w, f);
	}
	fputc('"', f);
}

static int is(const char *const *w, size_t n, size_t i, const char *s)
{
	return i < n && strcmp(w[i], s) == 0;
}

/* One statement with its whole path. verb: "set", "delete", "deactivate". */
static void statement(struct junos *j, const char *verb, const char *const *w, size_t n,
                      unsigned line, int inactive)
{
	/* root's password is kept apart from the users' on Junos. */
	if (is(w, n, 0, "system") && is(w, n, 1, "root-authentication") &&
	    is(w, n, 2, "encrypted-password") && n >= 4 && strcmp(verb, "set") == 0 && !inactive) {
		struct user *u = user_of(j, "root", line);
		if (u) {
			snprintf(u->hash, sizeof u->hash, "%s", w[3]);
			snprintf(u->cls, sizeof u->cls, "super-user");
		}
		return;
	}
	if (!is(w, n, 0, "system") || !is(w, n, 1, "login"))
		return;
	if (is(w, n, 2, "user") && n >= 4) {
		struct user *u = user_of(j, w[3], line);
		if (!u)
			return;
		if (strcmp(verb, "delete") == 0 && n == 4) {
			u->deleted = 1;
			return;
		}
		if (strcmp(verb, "deactivate") == 0 && n == 4) {
			u->inactive = 1;
			return;
		}
		u->deleted = 0;
		u->inactive |= inactive;
		if (strcmp(verb, "set") != 0 || n < 6)
			return;
		if (is(w, n, 4, "uid"))
			u->uid = strtol(w[5], NULL, 10);
		else if (is(w, n, 4, "class"))
			snprintf(u->cls, sizeof u->cls, "%s", w[5]);
		else if (is(w, n, 4, "full-name"))
			snprintf(u->full, sizeof u->full, "%s", w[5]);
		else if (is(w, n, 4, "authentication") && is(w, n, 5, "encrypted-password") &&
		         n >= 7)
			snprintf(u->hash, sizeof u->hash, "%s", w[6]);
		return;
	}
	/* The login policy: password, retry-options and the classes'
	 * permissions, which give the users' classes their meaning. */
	int ours = is(w, n, 2, "password") || is(w, n, 2, "retry-options") ||
	           (is(w, n, 2, "class") && is(w, n, 4, "permissions"));
	if (!ours || !j->policy || inactive || strcmp(verb, "set") != 0)
		return;
	fputs("set", j->policy);
	for (size_t i = 0; i < n; i++) {
		fputc(' ', j->policy);
		put_word(j->policy, w[i]);
	}
	fputc('\n', j->policy);
}

/* The walk: the hierarchy's open blocks in path[0..depth) (each block's
 * words), a `set` line's words, and the current statement's words. */
struct walk {
	char words[PATH_MAX_WORDS][PWPOL__CFG_WORD_MAX + 1];
	size_t n;                                 /* words in use */
	size_t frame[PWPOL__CFG_MAX_DEPTH];       /* n at each open '{' */
	int frame_inactive[PWPOL__CFG_MAX_DEPTH]; /* the block was inactive: */
	size_t depth;
	int inactive_next; /* `inactive:` read: the next statement or block */
};

static void emit(struct junos *j, struct walk *w, const char *verb, unsigned line, int inactive)
{
	const char *v[PATH_MAX_WORDS];
	for (size_t i = 0; i < w->n; i++)
		v[i] = w->words[i];
	statement(j, verb, v, w->n, line, inactive);
}

static int block_inactive(const struct walk *w)
{
	return w->depth && w->frame_inactive[w->depth - 1];
}

static void add_word(struct walk *w, const char *s)
{
	if (w->n < PATH_MAX_WORDS)
		snprintf(w->words[w->n++], sizeof w->words[0], "%s", s);
}

enum pwpol_status pwpol_junos_read(const char *text, size_t len, const char *name,
                                   int (*fn)(const struct pwpol_junos_user *, void *), void *ctx,
                                   char **policy, pwpol_config_errors **errs)
{
	if (policy)
		*policy = NULL;
	if (errs)
		*errs = NULL;
	if (!text || !fn)
		return PWPOL_EINVAL;
	struct pwpol__parser *ps = calloc(1, sizeof *ps);
	struct walk *w = calloc(1, sizeof *w);
	struct junos j = {calloc(USERS_MAX, sizeof(struct user)), 0, NULL, 0};
	size_t plen = 0;
	enum pwpol_status st = PWPOL_OK;
	if (!ps || !w || !j.u)
		st = PWPOL_ENOMEM;
	if (st == PWPOL_OK && policy && !(j.policy = open_memstream(policy, &plen)))
		st = PWPOL_ENOMEM;
	if (st == PWPOL_OK) {
		ps->p = text;
		ps->end = text + len;
		ps->name = name ? name : "-";
		ps->line = 1;
		ps->first = 1;
		ps->errs = errs;
		ps->cur_class = -1;
		const char *verb = NULL; /* a set/delete/deactivate line being read */
		unsigned verb_line = 0;
		for (pwpol__cfg_next(ps); ps->t.kind != T_EOF && ps->t.kind != T_BAD;
		     pwpol__cfg_next(ps)) {
			struct pwpol__tok *t = &ps->t;
			if (verb && t->first) {
				emit(&j, w, verb, verb_line, 0);
				w->n = 0;
				verb = NULL;
			}
			if (t->kind == T_WORD && t->first && w->depth == 0 && w->n == 0 &&
			    (strcmp(t->w, "set") == 0 || strcmp(t->w, "delete") == 0 ||
			     strcmp(t->w, "deactivate") == 0)) {
				verb = strcmp(t->w, "set") == 0      ? "set"
				       : strcmp(t->w, "delete") == 0 ? "delete"
				                                     : "deactivate";
				verb_line = t->line;
				continue;
			}
			if (verb) {
				if (t->kind == T_WORD)
					add_word(w, t->w);
				continue;
			}
			switch (t->kind) {
			case T_WORD:
				if (strcmp(t->w, "inactive:") == 0)
					w->inactive_next = 1;
				else if (strcmp(t->w, "protect:") != 0 &&
				         strcmp(t->w, "replace:") != 0)
					add_word(w, t->w);
				break;
			case T_OPEN:
				if (w->depth == PWPOL__CFG_MAX_DEPTH) {
					pwpol__cfg_complain(ps, t->line, "nesting too deep");
					st = PWPOL_EINVAL;
					break;
				}
				w->frame_inactive[w->depth] = block_inactive(w) || w->inactive_next;
				w->frame[w->depth++] = w->n;
				w->inactive_next = 0;
				break;
			case T_SEMI:
				emit(&j, w, "set", t->line, block_inactive(w) || w->inactive_next);
				w->inactive_next = 0;
				w->n = w->depth ? w->frame[w->depth - 1] : 0;
				break;
			case T_CLOSE:
				if (!w->depth) {
					pwpol__cfg_complain(ps, t->line, "'}' without its '{'");
					st = PWPOL_EINVAL;
					break;
				}
				w->depth--;
				w->n = w->depth ? w->frame[w->depth - 1] : 0;
				break;
			default: break;
			}
			if (st != PWPOL_OK)
				break;
		}
		if (st == PWPOL_OK && verb)
			emit(&j, w, verb, verb_line, 0);
		if (st == PWPOL_OK && (ps->t.kind == T_BAD || ps->nerr))
			st = PWPOL_EINVAL;
		if (st == PWPOL_OK && w->depth) {
			pwpol__cfg_complain(ps, ps->line, "'{' left open at the end");
			st = PWPOL_EINVAL;
		}
		if (ps->nomem)
			st = PWPOL_ENOMEM;
	}
	if (j.policy)
		fclose(j.policy);
	for (size_t i = 0; st == PWPOL_OK && i < j.n; i++) {
		const struct user *u = &j.u[i];
		if (u->deleted || u->inactive)
			continue;
		struct pwpol_junos_user out = {u->name, u->cls, u->full, u->uid, u->hash, u->line};
		if (fn(&out, ctx))
			break;
	}
	if (j.u)
		pwpol_wipe(j.u, USERS_MAX * sizeof(struct user));
	free(j.u);
	free(w);
	free(ps);
	if (st != PWPOL_OK && policy) {
		free(*policy);
		*policy = NULL;
	}
	return st;
}
