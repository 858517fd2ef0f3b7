/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cli.h - what the files of the `pwpol` command share: the context a
 * command runs in, the command table's row, printing (out.c) and the one
 * reader of passwords (secret.c).
 *
 * Adding a command: write `int cmd_NAME(struct cli *c, int argc, char
 * **argv)` in the file of its group (check.c, user.c, show.c, config.c, or
 * a new one: CMake takes every C file of cli/), declare it below, and add a row
 * to commands[] in pwpol.c with its usage and flags. The dispatcher (run.c) then
 * answers `pwpol NAME --help` from the row, loads the policy and opens the
 * store as the flags say, and makes a failed write to stdout an error. A
 * command returns its exit status; it never calls exit(), so that every
 * secret it holds is wiped on the way out. Subcommands (config) keep a
 * table of their own in the same shape.
 */
#ifndef PWPOL_CLI_H
#define PWPOL_CLI_H

#include "pwpol.h"

#include <stddef.h>
#include <stdio.h>
#include <time.h>

/* Exit statuses (pwpol(1)); the library's statuses map onto them through
 * pwpol_exit_status. */
enum {
	EXIT_OK_ = 0,
	EXIT_REJECTED = 1,
	EXIT_USAGE = 2,
	EXIT_LOCKED = 3,
	EXIT_CHANGE = 4,
	EXIT_SYSTEM = 5,
	EXIT_NOT_PERMITTED = 6
};

struct cli {
	const char *db;     /* --db, $PWPOL_DB, or PWPOL_DEFAULT_DB */
	int db_argv;        /* --db was given on the command line (visible in ps) */
	const char *config; /* --config, $PWPOL_CONFIG, or NULL (the library's default) */
	int json;
	time_t now;
	pwpol_policy *policy;  /* loaded for NEEDS_POLICY */
	char policy_from[320]; /* what it was read from: a file, "commit N", "" built-in */
	pwpol_report *report;
	pwpol_store *store; /* opened for NEEDS_STORE */
	int store_created;  /* this run made the store file (CREATES_STORE) */
	const char *as;     /* --as NAME: act as that account once it is authenticated */
	int acting;         /* --as done: the store acts as c->as */
	int dry_run;        /* the command wrote nothing on purpose: a store it made goes */
	int quiet;          /* -q: nothing on standard output when the command succeeds */
	/* The row of the command running (cli_run): its usage is the one
	 * that usage errors print, so that they agree with --help. */
	const struct cli_command *cmd;
};

/* --as NAME on stores a command opens itself (store copy, store check):
 * NAME's password read once and proved on each (NULL ones skipped), each
 * then acting as NAME. 0 without --as; else 0 or the exit status. */
int cli_act_as_on(struct cli *c, pwpol_store *const *stores, size_t n);

enum cli_flags {
	NEEDS_POLICY = 1,  /* the policy in force is loaded before the command runs */
	NEEDS_STORE = 2,   /* the store is opened before the command runs */
	CREATES_STORE = 4, /* ... and made if missing; removed again if the command fails */
	SUBCOMMANDS = 8,   /* the command answers --help itself, per subcommand */
	MAY_STORE = 16     /* the store is opened when there is one (a file there, or a URI) */
};

struct cli_command {
	const char *name;
	int (*fn)(struct cli *c, int argc, char **argv);
	const char *usage; /* "NAME ARGS\nOne line on what it does." */
	unsigned flags;
};

/* The dispatcher's shared work, also used by subcommand tables: the row's
 * --help, then the policy and the store as its flags say, then the call. */
int cli_run(struct cli *c, const struct cli_command *cmd, int argc, char **argv);
/* A command's subcommand (argv[1]) from its own table of n rows, run as
 * cli_run runs a command; an unknown one is a usage error naming them. */
int cli_run_sub(struct cli *c, const char *cmd, const struct cli_command *t, size_t n, int argc,
                char **argv);
/* The row of `name` in a table of n rows, or NULL. */
const struct cli_command *cli_find(const struct cli_command *t, size_t n, const char *name);
/* Prints "Usage: pwpol ..." of a row. */
void cli_print_usage(FILE *f, const struct cli_command *cmd);
/* The same as one JSON object: {"command","usage","text"} (whole: and
 * "ok":true, a line of its own; else a member of a list). */
void cli_usage_json(const struct cli_command *cmd, int whole);

/* shadow.c: moving Unix accounts in and out (import.c's table). */
int import_shadow(struct cli *c, int argc, char **argv);
int import_opasswd(struct cli *c, int argc, char **argv);
int cmd_export(struct cli *c, int argc, char **argv);
/* What became of one account brought in, and the count of them all (text
 * or JSON), for every importer. skip: why it was not offered (NULL: r). */
struct import_tally {
	size_t imported, exists, skipped, expired;
};
void import_print(struct cli *c, int dry, const char *name, const char *skip, int disabled,
                  const struct pwpol_import_result *r, struct import_tally *t);
void import_print_tally(struct cli *c, int dry, const struct import_tally *t);
/* junos.c: `import junos` and `config import junos`. */
int import_junos(struct cli *c, int argc, char **argv);
int config_import_junos(struct cli *c, const char *path);

/* config-import.c: `config import`, and the policy `config check --from
 * KIND=FILE,...` judges (*out, each figure's source its file and line);
 * 0 or an exit status. */
int config_import(struct cli *c, int argc, char **argv);
int config_from_stack(struct cli *c, const char *spec, pwpol_policy **out);

/* account.c: `passwd --expire NAME` (passwd -e). */
int cmd_passwd_expire(struct cli *c, const char *name);

/* ---- out.c: printing ---------------------------------------------------- */

/* An error sentence: "pwpol: ..." on stderr, and with --json also a
 * {"ok":false,"status":...,"error":...} line on stdout, so a script never
 * parses stderr. Returns the exit status given. */
int cli_fail(struct cli *c, int status, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* The running command's usage from its row, as --help prints it, as a
 * usage error (exit 2): "usage: pwpol passwd NAME ...; pwpol passwd
 * --reset ...", one line. */
int cli_usage(struct cli *c);
/* A usage error (exit 2) followed, on the same line, by the running
 * command's usage (or a pointer to --help). */
int cli_usage_error(struct cli *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The option getopt_long refused (its '?'), named: unknown, or without its
 * value. cmd: the command's name (NULL: a global option); lo: its long
 * options. */
struct option;
int cli_option_error(struct cli *c, const char *cmd, char **argv, const struct option *lo);
/* Where a command writes a text it makes (`config import`): stdout, or
 * with --json a buffer (NULL: out of memory) that cli_text_close prints
 * as one {"ok":true,KEY:TEXT} object when rc is 0; it returns rc or an
 * exit status. */
FILE *cli_text_open(struct cli *c, char **buf, size_t *len);
int cli_text_close(struct cli *c, FILE *f, char **buf, int rc, const char *key);
/* secret.c: 1 (the sentence given) if uri, from the command line, holds a
 * database password. */
int cli_uri_password(struct cli *c, const char *what, const char *uri);
void json_str(FILE *f, const char *s);
void print_findings_json(FILE *f, const pwpol_report *r);
/* 1 if the report holds a finding of that severity. */
int has_severity(const pwpol_report *r, enum pwpol_severity sev);
/* "rule: message; rule: message" for a person. */
void print_findings_text(FILE *f, const pwpol_report *r, enum pwpol_severity sev);
/* A password's verdict as `check` prints it, one line: ok, rejected: or
 * invalid: with every finding, or its JSON object (c->report). */
void print_verdict(struct cli *c, enum pwpol_status st);
/* print_verdict to f (check.c keeps the lines it makes). */
void fprint_verdict(FILE *f, struct cli *c, enum pwpol_status st);
/* 1 (said, as a usage error) if --user NAME is not a valid username. */
int bad_user(struct cli *c, const char *cmd, const char *user);
/* The answer of an account command, text or JSON, on stdout. */
int report_result(struct cli *c, enum pwpol_status st, const char *what);
/* A store (or unknown/existing account) error as a sentence; the exit status. */
int store_failed(struct cli *c, enum pwpol_status st, const char *name);
void print_config_errors(const pwpol_config_errors *e);
/* A configuration refused: its errors on stderr, and with --json as an
 * object on stdout too. Returns 2. */
int config_failed(struct cli *c, const pwpol_config_errors *e);
/* UTC "2026-11-24T10:00:00Z", or "-" for 0. */
void fmt_time(time_t t, char *buf, size_t n);

/* ---- secret.c: the one reader of passwords ------------------------------- */

struct secret {
	char s[PWPOL_INPUT_MAX + 1];
	size_t len;
};

/* A line reader over a descriptor with its own buffer (wiped at the end),
 * so that no password sits in stdio's buffers. */
struct reader;
enum line_status { LINE_OK, LINE_EOF, LINE_TOO_LONG, LINE_ERROR };
struct reader *reader_new(int fd);
void reader_free(struct reader *r);
enum line_status reader_line(struct reader *r, char **line, size_t *len);
/* The longest line a reader holds. */
size_t reader_capacity(void);

/* One secret: a line of standard input, or a prompt on the terminal
 * (twice when confirm). 0, or an exit status after saying why (nothing
 * left in *out then). */
int read_secret(struct cli *c, const char *prompt, int confirm, struct secret *out);
/* A new password: a line of standard input, or on a terminal the prompt
 * and again_prompt, asked again after a mismatch (three tries). */
int read_new_secret(struct cli *c, const char *prompt, const char *again_prompt,
                    struct secret *out);
/* The same, and on a terminal each password typed is first judged by
 * `judge` (1: taken; 0: refused, its reasons said by judge) before the
 * confirmation is asked: a refused one is asked again, within the same
 * three tries. Standard input is read as read_new_secret reads it. */
int read_new_secret_judged(struct cli *c, const char *prompt, const char *again_prompt,
                           int (*judge)(struct cli *c, const struct secret *s), struct secret *out);
/* The first line of a file, or of standard input for "-" (a hash to
 * import: never from the argument list, where `ps` would show it). */
int read_line_from(struct cli *c, const char *path, struct secret *out);
/* Standard input, a terminal, without echo until tty_echo_on (and on a
 * signal): for `check` typed by hand. */
int tty_echo_off(void);
void tty_echo_on(void);
/* The reader of standard input that read_secret uses (so that lines after
 * an --as password are not lost), or NULL without memory. */
struct reader *stdin_lines(void);
/* Releases the standard-input reader (at exit). */
void secret_done(void);

/* ---- the commands ------------------------------------------------------- */

int cmd_check(struct cli *c, int argc, char **argv);
int cmd_enable(struct cli *c, int argc, char **argv);
int cmd_disable(struct cli *c, int argc, char **argv);
int cmd_usermod(struct cli *c, int argc, char **argv);
int cmd_hash(struct cli *c, int argc, char **argv);
int cmd_username_check(struct cli *c, int argc, char **argv);
int cmd_init(struct cli *c, int argc, char **argv);
int cmd_useradd(struct cli *c, int argc, char **argv);
int cmd_userdel(struct cli *c, int argc, char **argv);
int cmd_passwd(struct cli *c, int argc, char **argv);
int cmd_login(struct cli *c, int argc, char **argv);
int cmd_unlock(struct cli *c, int argc, char **argv);
int cmd_token(struct cli *c, int argc, char **argv);
int cmd_show(struct cli *c, int argc, char **argv);
int cmd_config(struct cli *c, int argc, char **argv);
int cmd_store(struct cli *c, int argc, char **argv);
int cmd_import(struct cli *c, int argc, char **argv);
int cmd_web(struct cli *c, int argc, char **argv);       /* web.c, over web/ */
int cmd_conductor(struct cli *c, int argc, char **argv); /* fleet.c, over conductor/ */
int cmd_node(struct cli *c, int argc, char **argv);      /* fleet.c */
int cmd_generate(struct cli *c, int argc, char **argv);
int cmd_help(struct cli *c, int argc, char **argv); /* pwpol.c, beside the table */
/* batch.c: useradd --batch, passwd --batch (NAME:PASSWORD lines); cls: the
 * class of every account added (NULL: the default). */
int batch_accounts(struct cli *c, int add, const char *cls);

#endif
