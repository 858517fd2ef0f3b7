/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * config.h - the door of the config wing (config/), the top of the
 * library: the writer's spellings (config-write.c), the standards
 * (compliance.c), the store's commits (config-store.c), and what the
 * reader's files share: the token, the parser state, the lexer
 * (config-lex.c) and the error sink. The reader of statements is
 * config-stmt.c, config-read.c and config-apply.c (config-read.h), the
 * file opener config-file.c, the commit check commit-check.c, which
 * policy applies policy-load.c; the faces see only include/pwpol.h.
 */
#ifndef PWPOL_CONFIG_H
#define PWPOL_CONFIG_H

#include "account.h"

/* config-write.c: one statement as the hierarchy spells it, without
 * indentation ("minimum-length 12;", "no-username-check;"). */
void pwpol__config_statement(const pwpol_policy *p, enum pwpol_opt o, char *buf, size_t n);
/* config-write.c: the blocks `config show` writes, in order, each in its
 * dialect; the statements a block may hold, in the order written; and
 * where p's statement o goes (PWPOL__W_NONE: nowhere, e.g. a retry-options
 * statement when retry-options is not configured), spelled into buf. */
enum pwpol__where {
	PWPOL__W_PASSWORD,
	PWPOL__W_LOCKOUT,
	PWPOL__W_RETRY,
	PWPOL__W_AUTHORITY,
	PWPOL__W_NONE
};
const char *pwpol__config_header(enum pwpol__where w); /* "[edit system login password]" */
size_t pwpol__config_block_opts(enum pwpol__where w, enum pwpol_opt list[PWPOL_OPT_COUNT]);
enum pwpol__where pwpol__config_where(const pwpol_policy *p, enum pwpol_opt o, char *buf, size_t n);

/* config-store.c: the store's active configuration as a policy (first
 * settling an overdue commit confirmed); ENOENT if it has none. `used`
 * gets "commit N". */
enum pwpol_status pwpol__policy_from_store(pwpol_store *s, time_t now, pwpol_policy **out,
                                           pwpol_config_errors **errs, char *used, size_t usedlen);

/* compliance.c: 1 if name is a standard's profile; the commit check of a
 * policy of such a profile: an error for each requirement it does not
 * meet (EINVAL), naming the requirement. */
int pwpol__is_standard(const char *name);
enum pwpol_status pwpol__compliance_commit_check(const pwpol_policy *p, pwpol_config_errors **errs);

#define PWPOL__CFG_MAX_DEPTH 32 /* nesting beyond this is refused, not recursed */
#define PWPOL__CFG_MAX_WORDS                                                                       \
	12 /* words kept per statement (a class's permissions); more are counted */
#define PWPOL__CFG_WORD_MAX   255 /* longer words cannot be anything of ours (a path: blocklist) */
#define PWPOL__CFG_MAX_ERRORS 50  /* a garbage file says so once, not a million times */
#define PWPOL__CFG_PASSED_MAX 16  /* passed-over blocks named; more are counted */
#define PWPOL__CFG_EDIT_MAX   4   /* words of an [edit ...] header pwpol can follow */

enum pwpol__tok_kind { T_WORD, T_OPEN, T_CLOSE, T_SEMI, T_EOF, T_BAD };

struct pwpol__tok {
	enum pwpol__tok_kind kind;
	unsigned line;
	int first; /* first token on its line */
	char w[PWPOL__CFG_WORD_MAX + 1];
	int long_word; /* w holds only the first WORD_MAX bytes */
};

/* One statement of ours as the text leaves it: set or not, its value, the
 * line that set it, and whether it was made inactive (`deactivate`). */
struct pwpol__slot {
	int set, inactive;
	long v;
	unsigned line;
};

/* The blocks a statement of ours sits in; each may be deactivated whole.
 * B_RETRY is Junos `system login retry-options`; B_AUTHORITY and
 * B_PWPOLICY are SSR `authority password-policy`, outside `system`. */
enum pwpol__block {
	B_SYSTEM,
	B_LOGIN,
	B_PASSWORD,
	B_LOCKOUT,
	B_RETRY,
	B_AUTHORITY,
	B_PWPOLICY,
	B_COUNT
};

/* The statements of the other vendors' blocks (config-stmt.c's tables). */
#define PWPOL__RETRY_COUNT 6 /* Junos retry-options */
#define PWPOL__SSR_COUNT   4 /* SSR password-policy */

struct pwpol__parser {
	const char *p, *end, *name;
	unsigned line;
	int first;
	struct pwpol__tok t; /* the current token */
	pwpol_config_errors **errs;
	size_t nmsg; /* errors and warnings told, up to MAX_ERRORS */
	size_t nerr; /* errors: any one fails the text */
	int nomem;
	/* What the text sets; applied only if nothing failed. */
	struct pwpol__slot val[PWPOL_OPT_COUNT];
	struct pwpol__slot profile;              /* v unused: the name is profile_name */
	char blocklist[PWPOL__CFG_WORD_MAX + 1]; /* the path of val[PWPOL_OPT_BLOCKLIST] */
	char profile_name[16];
	struct pwpol__slot
	    retry[PWPOL__RETRY_COUNT]; /* in config-stmt.c's pwpol__cfg_retry_stmts order */
	struct pwpol__slot ssr[PWPOL__SSR_COUNT]; /* in ssr_stmts order */
	struct {
		int exists, inactive;
	} block[B_COUNT];
	/* `system login class NAME { permissions [...]; }` (config-read.c). */
	struct pwpol__class_def cls[PWPOL__CLASSES_MAX];
	size_t ncls;
	int cur_class; /* the class whose block is being read, -1 none */
	/* Whether any statement pwpol reads was met (config-read.c): a text
	 * with none is refused, so a typo never leaves the defaults in force. */
	int read_any;
	/* The blocks of a whole router configuration passed over, named for
	 * check and commit ("interfaces", "system services"); more counted. */
	char passed[PWPOL__CFG_PASSED_MAX][64];
	size_t npassed, passed_more;
	/* `[edit system login password]`: the level the statements after it
	 * are read at, as Junos reads them after `edit`. */
	char edit[PWPOL__CFG_EDIT_MAX][PWPOL__CFG_WORD_MAX + 1];
	size_t nedit;
	int edit_other; /* the level is deeper than any of ours: passed over */
};

/* config-lex.c: one error "NAME:LINE: message", up to MAX_ERRORS, and
 * the same for a warning, which fails nothing. */
void pwpol__cfg_complain(struct pwpol__parser *ps, unsigned line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void pwpol__cfg_warn(struct pwpol__parser *ps, unsigned line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* config-lex.c: reads the next token into ps->t (T_BAD after a lexical
 * error, which is recorded). Comments and blanks are skipped. */
void pwpol__cfg_next(struct pwpol__parser *ps);

/* config-spell.c: the one table of the other vendors' spellings, read by
 * the reader and written by the writer (as Redis's config.c serves both
 * reading and rewriting a setting from one table). Each row: the
 * statement's name, the policy statement it sets, its default when its
 * block is there and nothing sets the figure, and its unit (Junos
 * lockout-period is in minutes; lock-time in seconds). The ranges are the
 * policy statement's (policy.c), in the SSR profile for SSR; the Junos and
 * SSR figures are in pwpol.conf(5). */
struct dialect_stmt {
	const char *name;
	enum pwpol_opt opt;
	long def; /* 0: none */
	long unit;
};
extern const struct dialect_stmt pwpol__cfg_retry_stmts[PWPOL__RETRY_COUNT];
extern const struct dialect_stmt pwpol__cfg_ssr_stmts[PWPOL__SSR_COUNT];
/* The row that spells o in dialect d (Junos: retry-options; SSR:
 * authority password-policy), NULL if d has no word for it. */
const struct dialect_stmt *pwpol__cfg_spelling(enum pwpol__dialect d, enum pwpol_opt o);
/* Which of our blocks a statement is written in: lockout (1) or
 * password (0); and whether it is a Junos retry-options figure. */
int pwpol__cfg_is_lockout_opt(enum pwpol_opt o);
int pwpol__cfg_is_retry_opt(enum pwpol_opt o);

#endif
