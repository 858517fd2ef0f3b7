/*
 * config.c - the configuration text: reads the Junos curly-brace hierarchy
 * and `set` lines into a policy, and writes a policy back as a hierarchy
 * that reads into the same policy.
 *
 * Only `system login password` and `system login lockout` belong to pwpol;
 * everything else in a router's configuration (other `system` and `login`
 * children, other top-level blocks, other `set` lines) is passed over, so
 * a whole Junos configuration can be given. Inside those two blocks every
 * statement must be known. Every error is collected, then the commit check
 * runs over what was valid; a text with any error gives no policy at all.
 */
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_DEPTH  32            /* nesting beyond this is refused, not recursed */
#define MAX_WORDS  8             /* words kept per statement; more are counted */
#define WORD_MAX   64            /* longer words cannot be anything of ours */
#define MAX_ERRORS 50            /* a garbage file says so once, not a million times */
#define MAX_FILE   (1024 * 1024) /* a policy is a few hundred bytes */

enum tok_kind { T_WORD, T_OPEN, T_CLOSE, T_SEMI, T_EOF, T_BAD };

struct tok {
	enum tok_kind kind;
	unsigned line;
	int first; /* first token on its line */
	char w[WORD_MAX + 1];
	int long_word; /* w holds only the first WORD_MAX bytes */
};

/* Where statements land: ours are checked, the rest passed over. */
enum ctx_kind { C_TOP, C_SYSTEM, C_LOGIN, C_PASSWORD, C_LOCKOUT, C_OTHER };

struct parser {
	const char *p, *end, *name;
	unsigned line;
	int first;
	struct tok t; /* the current token */
	pwpol_config_errors **errs;
	size_t nerr;
	int nomem;
	/* What the text sets; applied only if nothing failed. */
	struct {
		int set;
		long v;
		unsigned line;
	} val[PWPOL_OPT_COUNT];
	char profile[16];
	unsigned profile_line;
};

static void complain(struct parser *ps, unsigned line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void complain(struct parser *ps, unsigned line, const char *fmt, ...)
{
	char msg[256];
	va_list ap;
	if (ps->nerr++ >= MAX_ERRORS)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	const char *tail = ps->nerr == MAX_ERRORS ? " (too many errors; the rest not shown)" : "";
	if (pwpol__errors_add(ps->errs, "%s:%u: %s%s", ps->name, line, msg, tail) != PWPOL_OK)
		ps->nomem = 1;
}

/* ---- lexer ------------------------------------------------------------ */

static int is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

static int is_control(unsigned char c)
{
	return (c < 0x20 && !is_space(c)) || c == 0x7f;
}

/* Skips blanks and comments; 0 if the text is bad (an error is recorded). */
static int skip(struct parser *ps)
{
	while (ps->p < ps->end) {
		unsigned char c = (unsigned char)*ps->p;
		if (c == '\n') {
			ps->line++;
			ps->first = 1;
			ps->p++;
		} else if (is_space(c)) {
			ps->p++;
		} else if (c == '#') {
			while (ps->p < ps->end && *ps->p != '\n')
				ps->p++;
		} else if (c == '/' && ps->p + 1 < ps->end && ps->p[1] == '*') {
			unsigned open = ps->line;
			ps->p += 2;
			for (;;) {
				if (ps->p + 1 >= ps->end) {
					complain(ps, open, "unterminated comment '/*'");
					ps->p = ps->end;
					return 0;
				}
				if (ps->p[0] == '*' && ps->p[1] == '/')
					break;
				if (*ps->p == '\n')
					ps->line++;
				ps->p++;
			}
			ps->p += 2;
		} else {
			return 1;
		}
	}
	return 1;
}

static void push(struct tok *t, size_t *n, char c)
{
	if (*n < WORD_MAX)
		t->w[(*n)++] = c;
	else
		t->long_word = 1;
}

static void next(struct parser *ps)
{
	struct tok *t = &ps->t;
	t->long_word = 0;
	t->w[0] = '\0';
	if (!skip(ps)) {
		t->kind = T_BAD;
		return;
	}
	t->line = ps->line;
	t->first = ps->first;
	ps->first = 0;
	if (ps->p >= ps->end) {
		t->kind = T_EOF;
		return;
	}
	unsigned char c = (unsigned char)*ps->p;
	if (is_control(c)) {
		complain(ps, ps->line, "control character 0x%02x in the text", c);
		t->kind = T_BAD;
		return;
	}
	if (c == '{' || c == '}' || c == ';') {
		ps->p++;
		t->kind = c == '{' ? T_OPEN : c == '}' ? T_CLOSE : T_SEMI;
		return;
	}
	size_t n = 0;
	t->kind = T_WORD;
	if (c == '"') {
		unsigned open = ps->line;
		ps->p++;
		for (;;) {
			if (ps->p >= ps->end) {
				complain(ps, open, "unterminated string '\"'");
				t->kind = T_BAD;
				return;
			}
			c = (unsigned char)*ps->p++;
			if (c == '"')
				break;
			if (c == '\\' && ps->p < ps->end)
				c = (unsigned char)*ps->p++;
			if (c == '\n')
				ps->line++;
			if (is_control(c)) {
				complain(ps, ps->line, "control character 0x%02x in the text", c);
				t->kind = T_BAD;
				return;
			}
			push(t, &n, (char)c);
		}
	} else {
		while (ps->p < ps->end) {
			c = (unsigned char)*ps->p;
			if (is_space(c) || is_control(c) || c == '{' || c == '}' || c == ';' ||
			    c == '"')
				break;
			push(t, &n, (char)c);
			ps->p++;
		}
	}
	t->w[n] = '\0';
}

/* ---- statements ------------------------------------------------------- */

struct stmt {
	char w[MAX_WORDS][WORD_MAX + 1];
	int long_word[MAX_WORDS];
	size_t n; /* words seen, may exceed MAX_WORDS */
	unsigned line;
};

static void stmt_add(struct stmt *s, const struct tok *t)
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

static void record(struct parser *ps, enum pwpol_opt o, long v, unsigned line)
{
	const char *name = pwpol_opt_name(o);
	if (ps->val[o].set) {
		if (ps->val[o].v != v)
			complain(ps, line,
			         "%s: set again with a different value (first set at line %u)",
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

static void leaf_value(struct parser *ps, const struct stmt *s, enum pwpol_opt o)
{
	const char *name = pwpol_opt_name(o);
	char r[96], b[WORD_MAX + 4];
	if (o == PWPOL_OPT_USERNAME_CHECK) {
		if (s->n != 1)
			complain(ps, s->line,
			         "%s: takes no value (username-check; or no-username-check;)",
			         name);
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
		complain(ps, s->line, "%s: missing value (%s)", name, r);
		return;
	}
	if (s->n > 2) {
		complain(ps, s->line, "%s: takes one value, found %zu", name, s->n - 1);
		return;
	}
	shown(s, 1, b, sizeof b);
	if (o == PWPOL_OPT_CHANGE_TYPE) {
		enum pwpol_change_type ct;
		if (pwpol_change_type_by_name(s->w[1], &ct) != PWPOL_OK || s->long_word[1])
			complain(ps, s->line,
			         "%s: unknown value '%s' (character-sets or set-transitions)", name,
			         b);
		else
			record(ps, o, ct, s->line);
		return;
	}
	if (o == PWPOL_OPT_FORMAT) {
		enum pwpol_format f;
		if (pwpol_format_by_name(s->w[1], &f) != PWPOL_OK || s->long_word[1])
			complain(
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
		complain(ps, s->line, "%s: '%s' is not a number (%s)", name, b, r);
	else if (!ok || ((v < min || v > max) && !(v == 0 && pwpol_opt_optional(o))))
		complain(ps, s->line, "%s: value %s is out of range (%s)", name, b, r);
	else
		record(ps, o, v, s->line);
}

/* One statement under `password` (kind C_PASSWORD) or `lockout`. */
static void leaf(struct parser *ps, enum ctx_kind kind, const struct stmt *s)
{
	char b[WORD_MAX + 4];
	const char *where = kind == C_PASSWORD ? "password" : "lockout";
	const char *w = s->w[0];
	enum pwpol_opt o;
	if (s->long_word[0]) {
		complain(ps, s->line, "unknown statement '%s' under %s", shown(s, 0, b, sizeof b),
		         where);
		return;
	}
	if (kind == C_PASSWORD && strcmp(w, "profile") == 0) {
		pwpol_policy *probe = NULL;
		if (s->n != 2) {
			complain(ps, s->line,
			         "profile: takes one value (ssr, junos or junos-fips)");
			return;
		}
		if (pwpol_policy_new(&probe, s->w[1]) != PWPOL_OK || s->long_word[1]) {
			complain(ps, s->line,
			         "profile: unknown profile '%s' (ssr, junos or junos-fips)",
			         shown(s, 1, b, sizeof b));
			return;
		}
		pwpol_policy_free(probe);
		if (ps->profile_line && strcmp(ps->profile, s->w[1]) != 0) {
			complain(ps, s->line,
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
		complain(ps, s->line, "unknown statement '%s' under %s (see pwpol.conf(5))", w,
		         where);
		return;
	}
	if (!negated) {
		leaf_value(ps, s, o);
		return;
	}
	if (!pwpol_opt_optional(o) && o != PWPOL_OPT_USERNAME_CHECK) {
		complain(ps, s->line, "unknown statement '%s' under %s (%s cannot be turned off)",
		         w, where, w + 3);
		return;
	}
	if (s->n != 1) {
		complain(ps, s->line, "%s: takes no value", w);
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
static void set_line(struct parser *ps)
{
	struct stmt s = {.line = ps->t.line};
	unsigned line = ps->t.line;
	next(ps);
	while (ps->t.kind == T_WORD && ps->t.line == line && !ps->t.first) {
		stmt_add(&s, &ps->t);
		next(ps);
	}
	if (ps->t.kind == T_SEMI && ps->t.line == line)
		next(ps); /* a stray ';' after a set line is forgiven */
	else if (ps->t.kind != T_EOF && ps->t.kind != T_BAD && ps->t.line == line) {
		complain(ps, line, "unexpected '%c' in a set line",
		         ps->t.kind == T_OPEN ? '{' : '}');
		next(ps);
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
static void block(struct parser *ps, enum ctx_kind kind, unsigned depth, unsigned open_line)
{
	for (;;) {
		struct tok *t = &ps->t;
		if (t->kind == T_BAD)
			return;
		if (t->kind == T_EOF) {
			if (depth)
				complain(ps, open_line, "missing '}' for the block opened here");
			return;
		}
		if (t->kind == T_CLOSE) {
			if (depth)
				return;
			complain(ps, t->line, "unexpected '}'");
			next(ps);
			continue;
		}
		if (t->kind == T_SEMI) {
			next(ps); /* an empty statement */
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
			next(ps);
		}
		while (ps->t.kind == T_WORD) {
			stmt_add(&s, &ps->t);
			next(ps);
		}
		if (ps->t.kind == T_BAD)
			return;
		if (s.n == 0) {
			complain(ps, s.line, "a statement needs a name");
			if (ps->t.kind != T_OPEN) {
				if (ps->t.kind == T_SEMI)
					next(ps);
				continue;
			}
			inactive = 1; /* read the nameless block only to keep braces balanced */
		}
		if (ps->t.kind == T_OPEN) {
			enum ctx_kind sub = inactive ? C_OTHER : child(kind, &s);
			if (!inactive && (kind == C_PASSWORD || kind == C_LOCKOUT)) {
				char b[WORD_MAX + 4];
				complain(ps, s.line, "unknown block '%s' under %s",
				         shown(&s, 0, b, sizeof b),
				         kind == C_PASSWORD ? "password" : "lockout");
			}
			if (depth + 1 >= MAX_DEPTH) {
				complain(ps, s.line, "nested deeper than %d levels", MAX_DEPTH);
				ps->t.kind = T_BAD;
				return;
			}
			next(ps);
			block(ps, sub, depth + 1, s.line);
			if (ps->t.kind != T_CLOSE)
				return;
			next(ps);
			continue;
		}
		if (ps->t.kind != T_SEMI) {
			complain(ps, s.line, "missing ';' after '%s'",
			         s.w[s.n < MAX_WORDS ? s.n - 1 : 0]);
			if (ps->t.kind == T_EOF && depth)
				complain(ps, open_line, "missing '}' for the block opened here");
			if (ps->t.kind == T_EOF)
				return;
			continue; /* a '}' closes the block as usual */
		}
		next(ps);
		if (!inactive && (kind == C_PASSWORD || kind == C_LOCKOUT))
			leaf(ps, kind, &s);
	}
}

/* ---- public ----------------------------------------------------------- */

/* The parser's last words may be from an `encrypted-password` we passed
 * over: wiped like any secret. */
static void release(struct parser *ps)
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
	struct parser *ps = calloc(1, sizeof *ps);
	if (!ps)
		return PWPOL_ENOMEM;
	ps->p = text;
	ps->end = text + len;
	ps->name = name ? name : "(config)";
	ps->line = 1;
	ps->first = 1;
	ps->errs = errs;

	next(ps);
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

enum pwpol_status pwpol_config_load(const char *path, pwpol_policy **out,
                                    pwpol_config_errors **errs)
{
	if (out)
		*out = NULL;
	if (errs)
		*errs = NULL;
	if (!path || !out)
		return PWPOL_EINVAL;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		pwpol__errors_add(errs, "%s: cannot read: %s", path, strerror(errno));
		return PWPOL_ESYSTEM;
	}
	struct stat sb;
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) || sb.st_size > MAX_FILE) {
		pwpol__errors_add(errs, "%s: not a regular file of at most %d bytes", path,
		                  MAX_FILE);
		close(fd);
		return PWPOL_EINVAL;
	}
	/* Anyone who can write the policy can weaken every login it guards. */
	if (sb.st_mode & S_IWOTH) {
		pwpol__errors_add(errs, "%s: writable by others; refused (chmod o-w %s)", path,
		                  path);
		close(fd);
		return PWPOL_EINVAL;
	}
	char *buf = malloc((size_t)sb.st_size + 1);
	if (!buf) {
		close(fd);
		return PWPOL_ENOMEM;
	}
	size_t n = 0;
	while (n < (size_t)sb.st_size) {
		ssize_t r = read(fd, buf + n, (size_t)sb.st_size - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			pwpol__errors_add(errs, "%s: cannot read: %s", path, strerror(errno));
			pwpol_wipe(buf, n);
			free(buf);
			close(fd);
			return PWPOL_ESYSTEM;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	enum pwpol_status st = pwpol_config_parse(buf, n, path, out, errs);
	pwpol_wipe(buf, n); /* a router's file may hold account hashes */
	free(buf);
	return st;
}

/* ---- writer ----------------------------------------------------------- */

struct sbuf {
	char *s;
	size_t n, cap;
	int nomem;
};

static void put(struct sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void put(struct sbuf *b, const char *fmt, ...)
{
	char line[256];
	va_list ap;
	va_start(ap, fmt);
	int k = vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	if (b->nomem || k < 0)
		return;
	if (b->n + (size_t)k + 1 > b->cap) {
		size_t cap = (b->cap + (size_t)k + 1) * 2;
		char *s = realloc(b->s, cap);
		if (!s) {
			b->nomem = 1;
			return;
		}
		b->s = s;
		b->cap = cap;
	}
	memcpy(b->s + b->n, line, (size_t)k + 1);
	b->n += (size_t)k;
}

static void put_opt(struct sbuf *b, const pwpol_policy *p, enum pwpol_opt o)
{
	const char *name = pwpol_opt_name(o);
	long v = pwpol_policy_get(p, o);
	const char *ind = "            ";
	if (o == PWPOL_OPT_USERNAME_CHECK)
		put(b, "%s%s%s;\n", ind, v ? "" : "no-", name);
	else if (o == PWPOL_OPT_CHANGE_TYPE)
		put(b, "%s%s %s;\n", ind, name, pwpol_change_type_name((enum pwpol_change_type)v));
	else if (o == PWPOL_OPT_FORMAT)
		put(b, "%s%s %s;\n", ind, name, pwpol_format_name((enum pwpol_format)v));
	else if (v == 0 && pwpol_opt_optional(o))
		put(b, "%sno-%s;\n", ind, name);
	else
		put(b, "%s%s %ld;\n", ind, name, v);
}

enum pwpol_status pwpol_config_write(const pwpol_policy *p, char **out)
{
	if (!p || !out)
		return PWPOL_EINVAL;
	*out = NULL;
	struct sbuf b = {0};
	put(&b, "/* pwpol policy: profile %s, effective minimum length %ld */\n",
	    pwpol_policy_profile(p), pwpol_policy_effective_minimum_length(p));
	put(&b, "system {\n    login {\n        password {\n");
	put(&b, "            profile %s;\n", pwpol_policy_profile(p));
	for (int o = 0; o < PWPOL_OPT_COUNT; o++)
		if (!is_lockout_opt((enum pwpol_opt)o))
			put_opt(&b, p, (enum pwpol_opt)o);
	put(&b, "        }\n        lockout {\n");
	put_opt(&b, p, PWPOL_OPT_MAXIMUM_FAILED_ATTEMPTS);
	put_opt(&b, p, PWPOL_OPT_LOCK_TIME);
	put(&b, "        }\n    }\n}\n");
	if (b.nomem) {
		free(b.s);
		return PWPOL_ENOMEM;
	}
	*out = b.s;
	return PWPOL_OK;
}
