/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * config-read.h - what the reader's three files share: the statement
 * values (config-stmt.c), the blocks and lines that hold them
 * (config-read.c) and the figures applied to a policy across dialects
 * (config-apply.c). Private to the three; config.h is the wing's door.
 */
#ifndef PWPOL_CONFIG_READ_H
#define PWPOL_CONFIG_READ_H

#include "config.h"

#define MAX_DEPTH PWPOL__CFG_MAX_DEPTH
#define MAX_WORDS PWPOL__CFG_MAX_WORDS
#define WORD_MAX  PWPOL__CFG_WORD_MAX
#define STR(x)    #x
#define TOSTR(x)  STR(x)

/* Where statements land: ours are checked, the rest passed over. */
enum ctx_kind {
	C_TOP,
	C_SYSTEM,
	C_LOGIN,
	C_PASSWORD,
	C_LOCKOUT,
	C_OTHER,
	C_RETRY,     /* system login retry-options (Junos) */
	C_AUTHORITY, /* authority (SSR): only password-policy is ours */
	C_PWPOLICY,  /* authority password-policy (SSR) */
	C_CLASS      /* system login class NAME */
};

struct stmt {
	char w[MAX_WORDS][WORD_MAX + 1];
	int long_word[MAX_WORDS];
	size_t n; /* words seen, may exceed MAX_WORDS */
	unsigned line;
};

enum { R_TRIES = 0, R_PERIOD = 3 };
extern const char *const pwpol__cfg_block_name[B_COUNT];

#define LOGIN_ALLOWED                                                                              \
	"pwpol reads password, lockout, retry-options and the permissions of a class; "            \
	"announcement, deny-sources, idle-timeout, message, user and the rest of a class are "     \
	"passed over"

void pwpol__cfg_stmt_add(struct stmt *s, const struct pwpol__tok *t);
const char *pwpol__cfg_shown(const struct stmt *s, size_t i, char *buf, size_t n);
int pwpol__cfg_is_junos_login(const char *w);
void pwpol__cfg_touch(struct pwpol__parser *ps, enum pwpol__block b);
const char *pwpol__cfg_near(const char *w, const char *const *known, size_t n);
void pwpol__cfg_pass_over(struct pwpol__parser *ps, const char *prefix, const char *w,
                          int long_word, unsigned line);
void pwpol__cfg_range_text(enum pwpol_opt o, const char *profile, char *buf, size_t n);
int pwpol__cfg_statement(struct pwpol__parser *ps, enum ctx_kind kind, const struct stmt *s,
                         enum pwpol_opt *o, int *negated);
const struct dialect_stmt *pwpol__cfg_dialect_statement(struct pwpol__parser *ps,
                                                        enum ctx_kind kind, const struct stmt *s,
                                                        struct pwpol__slot **slot);
void pwpol__cfg_dialect_leaf(struct pwpol__parser *ps, enum ctx_kind kind, const struct stmt *s);
void pwpol__cfg_leaf(struct pwpol__parser *ps, enum ctx_kind kind, const struct stmt *s);
enum pwpol_status pwpol__cfg_apply(struct pwpol__parser *ps, pwpol_policy **out);

#endif
