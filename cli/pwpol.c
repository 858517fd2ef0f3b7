/*
 * pwpol.c - the `pwpol` command: parses arguments, reads passwords from
 * standard input (or the terminal, without echo), calls libpwpol and prints
 * the answer. No rule lives here; see DESIGN.md for the contract.
 */
#include "pwpol.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <syslog.h>
#include <termios.h>
#include <unistd.h>

#define DEFAULT_DB     "/var/lib/pwpol/accounts.db"
#define DEFAULT_CONFIG "/etc/pwpol.conf"

static const char usage_text[] =
    "Usage: pwpol [OPTIONS] COMMAND [ARGS]\n"
    "Password and username policy for local accounts.\n"
    "\n"
    "Options:\n"
    "  --db PATH|URI    account store: a SQLite file or a postgresql:// URI\n"
    "                   (default $PWPOL_DB, else " DEFAULT_DB ")\n"
    "  --config PATH    policy file (default $PWPOL_CONFIG, else " DEFAULT_CONFIG ",\n"
    "                   else the built-in ssr profile)\n"
    "  --json           one JSON object a result line\n"
    "  --now EPOCH      decide as if the time were EPOCH (seconds since 1970)\n"
    "  -h, --help       show this help;  -V, --version  show the version\n"
    "\n"
    "Commands (passwords are read from standard input, one a line, or prompted for):\n"
    "  check [--user NAME]             check every stdin line against the policy\n"
    "  hash [--format F] [--rounds N]  print a hash of each stdin line\n"
    "  username-check NAME...          check usernames\n"
    "  init [--password-hash H] [--factory-default]\n"
    "                                  set admin, root and t128 to one password\n"
    "  useradd NAME [--password-hash H]  add an account with a temporary password\n"
    "  userdel NAME                    delete an account\n"
    "  passwd NAME                     change a password (stdin: old, new)\n"
    "  passwd --reset NAME [--password-hash H]  administrator reset (temporary)\n"
    "  login NAME                      authenticate (stdin: password)\n"
    "  unlock NAME                     clear failed logins and the lock\n"
    "  show [NAME]                     account state (never a hash)\n"
    "  config check [FILE]             commit check of a policy file\n"
    "  config show [--sources]         the effective policy\n"
    "  store copy FROM TO [--merge]    copy every account between two stores\n"
    "  store check                     check the store (--db)\n"
    "\n"
    "Exit status: 0 success; 1 rejected by the policy or wrong password; 2 usage,\n"
    "configuration or input error; 3 account locked; 4 success that requires a\n"
    "password change first; 5 store or system error.\n"
    "See pwpol(1), pwpol.conf(5), pam_pwpol(8).\n";

struct ctx {
	const char *db;
	const char *config;
	int json;
	time_t now;
	pwpol_policy *policy;
	pwpol_report *report;
	pwpol_store *store;
};

static void die_usage(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void die_usage(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("pwpol: ", stderr);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\nTry 'pwpol --help'.\n", stderr);
	exit(2);
}

static void err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void err(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("pwpol: ", stderr);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* ---- output ---------------------------------------------------------- */

static void json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(f, "\\%c", *p);
		else if (*p < 0x20 || *p == 0x7f)
			fprintf(f, "\\u%04x", *p);
		else
			fputc(*p, f);
	}
	fputc('"', f);
}

static void json_figure(FILE *f, long v)
{
	if (v < 0)
		fputs("null", f);
	else
		fprintf(f, "%ld", v);
}

static void print_findings_json(FILE *f, const pwpol_report *r)
{
	char msg[256];
	fputs("\"violations\":[", f);
	for (size_t i = 0, k = 0; i < pwpol_report_count(r); i++) {
		const struct pwpol_finding *x = pwpol_report_get(r, i);
		if (x->severity != PWPOL_SEVERITY_ERROR)
			continue;
		pwpol_finding_message(x, msg, sizeof msg);
		/* -1 means no figure applies (the username rule): null, not a number. */
		fprintf(f, "%s{\"rule\":\"%s\",\"need\":", k++ ? "," : "",
		        pwpol_rule_name(x->rule));
		json_figure(f, x->need);
		fputs(",\"have\":", f);
		json_figure(f, x->have);
		fputs(",\"message\":", f);
		json_str(f, msg);
		fputc('}', f);
	}
	fputs("],\"warnings\":[", f);
	for (size_t i = 0, k = 0; i < pwpol_report_count(r); i++) {
		const struct pwpol_finding *x = pwpol_report_get(r, i);
		if (x->severity != PWPOL_SEVERITY_WARNING)
			continue;
		pwpol_finding_message(x, msg, sizeof msg);
		fprintf(f, "%s{\"rule\":\"%s\",\"message\":", k++ ? "," : "",
		        pwpol_rule_name(x->rule));
		json_str(f, msg);
		fputc('}', f);
	}
	fputc(']', f);
}

/* "rule: message; rule: message" for a person. */
static void print_findings_text(FILE *f, const pwpol_report *r, enum pwpol_severity sev)
{
	char msg[256];
	for (size_t i = 0, k = 0; i < pwpol_report_count(r); i++) {
		const struct pwpol_finding *x = pwpol_report_get(r, i);
		if (x->severity != sev)
			continue;
		pwpol_finding_message(x, msg, sizeof msg);
		fprintf(f, "%s%s: %s", k++ ? "; " : "", pwpol_rule_name(x->rule), msg);
	}
}

/* The answer of an account command, text or JSON, on stdout; findings of a
 * refusal go with it so a person sees every rule at once. */
static int report_result(struct ctx *c, enum pwpol_status st, const char *what)
{
	if (c->json) {
		printf("{\"ok\":%s,\"status\":\"%s\",", st == PWPOL_OK ? "true" : "false",
		       pwpol_status_name(st));
		print_findings_json(stdout, c->report);
		fputs("}\n", stdout);
	} else if (st == PWPOL_OK) {
		printf("%s\n", what);
	} else if (pwpol_report_count(c->report)) {
		fputs("rejected: ", stdout);
		print_findings_text(stdout, c->report, PWPOL_SEVERITY_ERROR);
		fputc('\n', stdout);
	}
	return pwpol_exit_status(st);
}

/* ---- reading secrets ------------------------------------------------- */

/* A line reader over a file descriptor with its own buffer, so that no
 * password sits in stdio's buffers, and the buffer is wiped at the end. */
struct reader {
	int fd;
	size_t start, end;
	int eof;
	char buf[1 << 16];
};

enum line_status { LINE_OK, LINE_EOF, LINE_TOO_LONG, LINE_ERROR };

/* Gives the next line (without its newline, and without a CR before it)
 * as a pointer into the buffer. A line longer than the buffer is skipped
 * to its end and reported as too long, so input size never grows memory. */
static enum line_status reader_line(struct reader *r, char **line, size_t *len)
{
	int too_long = 0;
	for (;;) {
		char *nl = memchr(r->buf + r->start, '\n', r->end - r->start);
		if (nl || (r->eof && r->end > r->start)) {
			char *s = r->buf + r->start;
			size_t n = nl ? (size_t)(nl - s) : r->end - r->start;
			r->start += n + (nl ? 1 : 0);
			if (too_long)
				return LINE_TOO_LONG;
			if (n && s[n - 1] == '\r')
				n--;
			*line = s;
			*len = n;
			return LINE_OK;
		}
		if (r->eof)
			return too_long ? LINE_TOO_LONG : LINE_EOF;
		if (r->start > 0) {
			memmove(r->buf, r->buf + r->start, r->end - r->start);
			r->end -= r->start;
			r->start = 0;
		}
		if (r->end == sizeof r->buf) {
			/* The line does not fit: drop what we have, keep reading to its end. */
			pwpol_wipe(r->buf, r->end);
			r->end = 0;
			too_long = 1;
		}
		ssize_t got = read(r->fd, r->buf + r->end, sizeof r->buf - r->end);
		if (got < 0) {
			if (errno == EINTR)
				continue;
			return LINE_ERROR;
		}
		if (got == 0)
			r->eof = 1;
		r->end += (size_t)got;
	}
}

static struct reader *reader_new(int fd)
{
	struct reader *r = calloc(1, sizeof *r);
	if (!r) {
		err("out of memory");
		exit(5);
	}
	r->fd = fd;
	return r;
}

static void reader_free(struct reader *r)
{
	if (!r)
		return;
	pwpol_wipe(r->buf, sizeof r->buf);
	free(r);
}

struct secret {
	char s[PWPOL_INPUT_MAX + 1];
	size_t len;
};

static struct reader *stdin_reader;

/* Prompts on the terminal without echo. */
static int tty_read(const char *prompt, struct secret *out)
{
	int fd = open("/dev/tty", O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return -1;
	struct termios old, noecho;
	if (tcgetattr(fd, &old) != 0) {
		close(fd);
		return -1;
	}
	noecho = old;
	noecho.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
	noecho.c_lflag |= ICANON;
	if (write(fd, prompt, strlen(prompt)) < 0 || tcsetattr(fd, TCSAFLUSH, &noecho) != 0) {
		close(fd);
		return -1;
	}
	struct reader *r = reader_new(fd);
	char *line;
	size_t len;
	enum line_status ls = reader_line(r, &line, &len);
	int rc = -1;
	if (ls == LINE_OK && len <= PWPOL_INPUT_MAX) {
		memcpy(out->s, line, len);
		out->s[len] = 0;
		out->len = len;
		rc = 0;
	} else if (ls == LINE_OK || ls == LINE_TOO_LONG) {
		rc = -2;
	}
	reader_free(r);
	tcsetattr(fd, TCSAFLUSH, &old);
	if (write(fd, "\n", 1) < 0)
		rc = -1;
	close(fd);
	return rc;
}

/* Reads one secret: a stdin line, or a prompt on the terminal (twice for a
 * new password). Exits 2 on missing, oversized or mismatched input. */
static void read_secret(const char *prompt, int confirm, struct secret *out)
{
	if (isatty(STDIN_FILENO)) {
		int rc = tty_read(prompt, out);
		if (rc == -2)
			die_usage("password longer than %d bytes", PWPOL_INPUT_MAX);
		if (rc != 0)
			die_usage("cannot read a password from the terminal");
		if (confirm) {
			struct secret again;
			rc = tty_read("Retype new password: ", &again);
			int same = rc == 0 && again.len == out->len &&
			           memcmp(again.s, out->s, out->len) == 0;
			pwpol_wipe(&again, sizeof again);
			if (!same) {
				pwpol_wipe(out, sizeof *out);
				die_usage("the passwords do not match");
			}
		}
		return;
	}
	if (!stdin_reader)
		stdin_reader = reader_new(STDIN_FILENO);
	char *line;
	size_t len;
	enum line_status ls = reader_line(stdin_reader, &line, &len);
	if (ls == LINE_EOF || ls == LINE_ERROR)
		die_usage("expected a password on standard input (%s)", prompt);
	if (ls == LINE_TOO_LONG || len > PWPOL_INPUT_MAX)
		die_usage("password longer than %d bytes", PWPOL_INPUT_MAX);
	memcpy(out->s, line, len);
	pwpol_wipe(line, len);
	out->s[len] = 0;
	out->len = len;
}

/* ---- policy and store ------------------------------------------------ */

static void print_config_errors(pwpol_config_errors *e)
{
	for (size_t i = 0; i < pwpol_config_errors_count(e); i++)
		fprintf(stderr, "pwpol: %s\n", pwpol_config_errors_get(e, i));
}

/* Loads the policy in force: --config, $PWPOL_CONFIG, /etc/pwpol.conf if
 * present, else the built-in ssr profile. A named file must exist. */
static void load_policy(struct ctx *c)
{
	const char *path = c->config;
	if (!path && access(DEFAULT_CONFIG, F_OK) == 0)
		path = DEFAULT_CONFIG;
	if (!path) {
		if (pwpol_policy_new(&c->policy, NULL) != PWPOL_OK) {
			err("out of memory");
			exit(5);
		}
		return;
	}
	pwpol_config_errors *e = NULL;
	enum pwpol_status st = pwpol_config_load(path, &c->policy, &e);
	if (st != PWPOL_OK) {
		print_config_errors(e);
		if (!pwpol_config_errors_count(e))
			err("%s: cannot load the configuration", path);
		pwpol_config_errors_free(e);
		exit(st == PWPOL_ENOMEM ? 5 : 2); /* unreadable or wrong: a configuration error */
	}
	pwpol_config_errors_free(e);
}

static void open_store(struct ctx *c, int create)
{
	char msg[512] = "";
	if (create && !pwpol_store_is_uri(c->db)) {
		/* The store's directory is made private if we make it. */
		char dir[PATH_MAX];
		snprintf(dir, sizeof dir, "%s", c->db);
		char *slash = strrchr(dir, '/');
		if (slash && slash != dir) {
			*slash = 0;
			if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
				err("%s: cannot create the directory: %s", dir, strerror(errno));
				exit(5);
			}
		}
	}
	enum pwpol_status st = pwpol_store_open(&c->store, c->db, create, msg, sizeof msg);
	if (st != PWPOL_OK) {
		err("%s", msg[0] ? msg : pwpol_status_name(st));
		exit(5); /* whatever the cause, the store is not usable */
	}
}

/* A store error's sentence goes to stderr; the status is the exit code. */
static int store_failed(struct ctx *c, enum pwpol_status st, const char *name)
{
	if (st == PWPOL_ESYSTEM || st == PWPOL_ENOMEM)
		err("%s", c->store ? pwpol_store_error(c->store) : pwpol_status_name(st));
	else if (st == PWPOL_ENOENT)
		err("%s: no such account", name);
	else if (st == PWPOL_EEXIST)
		err("%s: account already exists", name);
	return pwpol_exit_status(st);
}

/* ---- commands -------------------------------------------------------- */

static int cmd_check(struct ctx *c, int argc, char **argv)
{
	static const struct option lo[] = {
	    {"user", required_argument, 0, 'u'}, {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
	const char *user = NULL;
	int o;
	while ((o = getopt_long(argc, argv, "+u:h", lo, NULL)) != -1) {
		if (o == 'u')
			user = optarg;
		else if (o == 'h') {
			puts("Usage: pwpol check [--user NAME] < candidates\n"
			     "Checks every line of standard input; prints one verdict a line.");
			return 0;
		} else
			die_usage("check: bad option");
	}
	if (optind != argc)
		die_usage("check: unexpected argument '%s'", argv[optind]);
	if (isatty(STDIN_FILENO))
		fputs("pwpol: reading candidates from the terminal (end with Ctrl-D)\n", stderr);

	static char outbuf[1 << 16];
	setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);
	struct reader *r = reader_new(STDIN_FILENO);
	int worst = 0;
	char *line;
	size_t len;
	enum line_status ls;
	while ((ls = reader_line(r, &line, &len)) != LINE_EOF) {
		if (ls == LINE_ERROR) {
			err("reading standard input: %s", strerror(errno));
			worst = 5;
			break;
		}
		enum pwpol_status st;
		if (ls == LINE_TOO_LONG) {
			pwpol_report_clear(c->report);
			pwpol_report_add(c->report, PWPOL_RULE_TOO_LONG, PWPOL_SEVERITY_ERROR,
			                 PWPOL_INPUT_MAX, (long)sizeof r->buf);
			st = PWPOL_EINVAL;
		} else {
			st = pwpol_check(c->policy, line, len, user, NULL, 0, c->report);
			pwpol_wipe(line, len);
		}
		int code = pwpol_exit_status(st);
		if (code > worst)
			worst = code;
		if (c->json) {
			fputs(st == PWPOL_OK ? "{\"ok\":true," : "{\"ok\":false,", stdout);
			printf("\"status\":\"%s\",", pwpol_status_name(st));
			print_findings_json(stdout, c->report);
			fputs("}\n", stdout);
		} else if (st == PWPOL_OK) {
			fputs("ok\n", stdout);
		} else {
			fputs(st == PWPOL_EINVAL ? "invalid: " : "rejected: ", stdout);
			print_findings_text(stdout, c->report, PWPOL_SEVERITY_ERROR);
			fputc('\n', stdout);
		}
	}
	reader_free(r);
	if (fflush(stdout) != 0)
		return 5;
	return worst;
}

static int print_hash(struct ctx *c, enum pwpol_format fmt, unsigned long rounds,
                      const struct secret *s)
{
	char out[PWPOL_HASH_MAX];
	enum pwpol_status st = pwpol_hash(fmt, rounds, s->s, s->len, out, sizeof out);
	if (st != PWPOL_OK) {
		err("cannot make a %s hash%s", pwpol_format_name(fmt),
		    st == PWPOL_EINVAL ? " (rounds out of range?)" : "");
		return pwpol_exit_status(st);
	}
	if (c->json) {
		printf("{\"ok\":true,\"format\":\"%s\",\"hash\":", pwpol_format_name(fmt));
		json_str(stdout, out);
		puts("}");
	} else {
		puts(out);
	}
	return 0;
}

static int cmd_hash(struct ctx *c, int argc, char **argv)
{
	static const struct option lo[] = {{"format", required_argument, 0, 'f'},
	                                   {"rounds", required_argument, 0, 'r'},
	                                   {"help", no_argument, 0, 'h'},
	                                   {0, 0, 0, 0}};
	enum pwpol_format fmt = (enum pwpol_format)pwpol_policy_get(c->policy, PWPOL_OPT_FORMAT);
	unsigned long rounds = 0;
	int o;
	while ((o = getopt_long(argc, argv, "+f:r:h", lo, NULL)) != -1) {
		char *end;
		switch (o) {
		case 'f':
			if (pwpol_format_by_name(optarg, &fmt) != PWPOL_OK)
				die_usage("hash: unknown format '%s' (sha512, sha256, sha1, "
				          "yescrypt, bcrypt)",
				          optarg);
			break;
		case 'r':
			errno = 0;
			rounds = strtoul(optarg, &end, 10);
			if (errno || *end || !*optarg || optarg[0] == '-')
				die_usage("hash: --rounds needs a number");
			break;
		case 'h':
			puts("Usage: pwpol hash [--format sha512|sha256|sha1|yescrypt|bcrypt] "
			     "[--rounds N]\nPrints a hash of each password read (one a line).");
			return 0;
		default: die_usage("hash: bad option");
		}
	}
	if (optind != argc)
		die_usage("hash: unexpected argument '%s'", argv[optind]);
	if (isatty(STDIN_FILENO)) {
		struct secret s;
		read_secret("Password: ", 1, &s);
		int rc = print_hash(c, fmt, rounds, &s);
		pwpol_wipe(&s, sizeof s);
		return rc;
	}
	/* On a pipe, every line is a password. */
	struct reader *r = reader_new(STDIN_FILENO);
	struct secret s;
	char *line;
	size_t len;
	enum line_status ls;
	int rc = 0;
	while (rc == 0 && (ls = reader_line(r, &line, &len)) != LINE_EOF) {
		if (ls != LINE_OK || len > PWPOL_INPUT_MAX) {
			err("password longer than %d bytes", PWPOL_INPUT_MAX);
			rc = 2;
			break;
		}
		memcpy(s.s, line, len);
		pwpol_wipe(line, len);
		s.s[len] = 0;
		s.len = len;
		rc = print_hash(c, fmt, rounds, &s);
	}
	pwpol_wipe(&s, sizeof s);
	reader_free(r);
	return rc;
}

static int cmd_username_check(struct ctx *c, int argc, char **argv)
{
	int first = 1;
	if (argc >= 2 && strcmp(argv[1], "--help") == 0) {
		puts("Usage: pwpol username-check [--] NAME...\nChecks each NAME's syntax.");
		return 0;
	}
	if (argc >= 2 && strcmp(argv[1], "--") == 0)
		first = 2;
	if (argc <= first)
		die_usage("username-check: give at least one NAME");
	int worst = 0;
	for (int i = first; i < argc; i++) {
		enum pwpol_status st = pwpol_username_check(argv[i], c->report);
		int code = pwpol_exit_status(st);
		if (code > worst)
			worst = code;
		if (c->json) {
			fputs("{\"name\":", stdout);
			json_str(stdout, argv[i]);
			printf(",\"ok\":%s,", st == PWPOL_OK ? "true" : "false");
			print_findings_json(stdout, c->report);
			fputs("}\n", stdout);
			continue;
		}
		/* Names may hold anything; show them escaped like JSON strings. */
		json_str(stdout, argv[i]);
		if (st == PWPOL_OK) {
			fputs(": ok", stdout);
		} else {
			fputs(": rejected: ", stdout);
			print_findings_text(stdout, c->report, PWPOL_SEVERITY_ERROR);
		}
		for (size_t k = 0; k < pwpol_report_count(c->report); k++) {
			if (pwpol_report_get(c->report, k)->severity == PWPOL_SEVERITY_WARNING) {
				fputs(" (warning: ", stdout);
				print_findings_text(stdout, c->report, PWPOL_SEVERITY_WARNING);
				fputc(')', stdout);
				break;
			}
		}
		fputc('\n', stdout);
	}
	return worst;
}

/* Options shared by init, useradd and passwd --reset. */
struct set_opts {
	const char *hash;
	int factory_default;
	int reset;
};

static int parse_set_opts(int argc, char **argv, struct set_opts *so, const char *usage)
{
	static const struct option lo[] = {{"password-hash", required_argument, 0, 'H'},
	                                   {"factory-default", no_argument, 0, 'F'},
	                                   {"reset", no_argument, 0, 'R'},
	                                   {"help", no_argument, 0, 'h'},
	                                   {0, 0, 0, 0}};
	int o;
	while ((o = getopt_long(argc, argv, "+h", lo, NULL)) != -1) {
		if (o == 'H')
			so->hash = optarg;
		else if (o == 'F')
			so->factory_default = 1;
		else if (o == 'R')
			so->reset = 1;
		else if (o == 'h') {
			puts(usage);
			exit(0);
		} else
			die_usage("%s", usage);
	}
	return optind;
}

/* Fills a pwpol_secret from --password-hash or a password read. */
static void get_new_secret(const struct set_opts *so, struct secret *s, struct pwpol_secret *ps)
{
	memset(ps, 0, sizeof *ps);
	if (so->hash) {
		ps->hash = so->hash;
		return;
	}
	read_secret("New password: ", 1, s);
	ps->pw = s->s;
	ps->len = s->len;
}

static int cmd_init(struct ctx *c, int argc, char **argv)
{
	struct set_opts so = {0};
	const char *usage = "Usage: pwpol init [--password-hash HASH] [--factory-default]\n"
	                    "Sets admin, root and t128 to one password (stdin or prompt).";
	int i = parse_set_opts(argc, argv, &so, usage);
	if (so.reset || i != argc)
		die_usage("%s", usage);
	open_store(c, 1);
	struct secret s;
	struct pwpol_secret ps;
	get_new_secret(&so, &s, &ps);
	enum pwpol_status st =
	    pwpol_account_init(c->store, c->policy, &ps, so.factory_default, c->now, c->report);
	pwpol_wipe(&s, sizeof s);
	if (st != PWPOL_OK && st != PWPOL_REJECTED && st != PWPOL_EINVAL)
		return store_failed(c, st, "init");
	if (st == PWPOL_EINVAL && !pwpol_report_count(c->report))
		err("not a usable password hash");
	return report_result(c, st, "initialized: admin, root, t128");
}

static int cmd_useradd(struct ctx *c, int argc, char **argv)
{
	struct set_opts so = {0};
	const char *usage = "Usage: pwpol useradd NAME [--password-hash HASH]\n"
	                    "Adds an account with a temporary password (stdin or prompt).";
	int i = parse_set_opts(argc, argv, &so, usage);
	if (so.reset || so.factory_default || i != argc - 1)
		die_usage("%s", usage);
	const char *name = argv[i];
	open_store(c, 0);
	struct secret s;
	struct pwpol_secret ps;
	get_new_secret(&so, &s, &ps);
	enum pwpol_status st = pwpol_account_add(c->store, c->policy, name, &ps, c->now, c->report);
	pwpol_wipe(&s, sizeof s);
	if (st == PWPOL_ESYSTEM || st == PWPOL_ENOMEM || st == PWPOL_EEXIST)
		return store_failed(c, st, name);
	if (st == PWPOL_EINVAL && !pwpol_report_count(c->report))
		err("not a usable password hash");
	char what[128];
	snprintf(what, sizeof what, "added %s (temporary password: change at first login)", name);
	return report_result(c, st, what);
}

static int cmd_passwd(struct ctx *c, int argc, char **argv)
{
	struct set_opts so = {0};
	const char *usage =
	    "Usage: pwpol passwd NAME            (stdin: old password, new password)\n"
	    "       pwpol passwd --reset NAME [--password-hash HASH]  (stdin: new)";
	int i = parse_set_opts(argc, argv, &so, usage);
	if (so.factory_default || i != argc - 1 || (so.hash && !so.reset))
		die_usage("%s", usage);
	const char *name = argv[i];
	open_store(c, 0);
	enum pwpol_status st;
	struct secret old, s;
	memset(&old, 0, sizeof old);
	memset(&s, 0, sizeof s);
	if (so.reset) {
		struct pwpol_secret ps;
		get_new_secret(&so, &s, &ps);
		st = pwpol_account_reset(c->store, c->policy, name, &ps, c->now, c->report);
	} else {
		read_secret("Current password: ", 0, &old);
		read_secret("New password: ", 1, &s);
		st = pwpol_account_change(c->store, c->policy, name, old.s, old.len, s.s, s.len,
		                          c->now, c->report);
	}
	pwpol_wipe(&old, sizeof old);
	pwpol_wipe(&s, sizeof s);
	if (st == PWPOL_ESYSTEM || st == PWPOL_ENOMEM || st == PWPOL_ENOENT)
		return store_failed(c, st, name);
	if (st == PWPOL_LOCKED && !c->json)
		printf("locked: %s cannot change its password while locked\n", name);
	else if (st == PWPOL_REJECTED && !pwpol_report_count(c->report) && !c->json)
		puts("rejected: wrong username or password");
	else if (st == PWPOL_EINVAL && !pwpol_report_count(c->report))
		err("not a usable password hash");
	return report_result(c, st,
	                     so.reset ? "password reset (temporary: change at next login)"
	                              : "password changed");
}

static int cmd_login(struct ctx *c, int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "--help") == 0) {
		puts("Usage: pwpol login NAME   (stdin: password)");
		return 0;
	}
	if (argc != 2)
		die_usage("usage: pwpol login NAME");
	const char *name = argv[1];
	open_store(c, 0);
	struct secret s;
	read_secret("Password: ", 0, &s);
	enum pwpol_change_reason why = PWPOL_REASON_NONE;
	enum pwpol_status st =
	    pwpol_account_authenticate(c->store, c->policy, name, s.s, s.len, c->now, &why);
	pwpol_wipe(&s, sizeof s);
	static const char *const reasons[] = {"", "expired", "temporary", "factory-default"};
	const char *reason = (unsigned)why < 4 ? reasons[why] : "";
	if (st == PWPOL_ESYSTEM || st == PWPOL_ENOMEM)
		return store_failed(c, st, name);
	if (c->json) {
		printf("{\"ok\":%s,\"status\":\"%s\"",
		       st == PWPOL_OK || st == PWPOL_CHANGE_REQUIRED ? "true" : "false",
		       pwpol_status_name(st));
		if (st == PWPOL_CHANGE_REQUIRED)
			printf(",\"reason\":\"%s\"", reason);
		puts("}");
	} else {
		switch (st) {
		case PWPOL_OK: puts("ok"); break;
		case PWPOL_CHANGE_REQUIRED:
			printf("ok: password change required (%s)\n", reason);
			break;
		case PWPOL_LOCKED: puts("locked: too many failed logins; try again later"); break;
		case PWPOL_EINVAL: puts("invalid: unusable password input"); break;
		default: puts("rejected: wrong username or password"); break;
		}
	}
	return pwpol_exit_status(st);
}

static int cmd_simple(struct ctx *c, int argc, char **argv)
{
	if (argc != 2 || argv[1][0] == '-')
		die_usage("usage: pwpol %s NAME", argv[0]);
	const char *name = argv[1];
	open_store(c, 0);
	int del = strcmp(argv[0], "userdel") == 0;
	enum pwpol_status st = del ? pwpol_account_delete(c->store, name, c->now)
	                           : pwpol_account_unlock(c->store, name, c->now);
	if (st != PWPOL_OK)
		return store_failed(c, st, name);
	if (c->json)
		puts("{\"ok\":true}");
	else
		printf("%s %s\n", del ? "deleted" : "unlocked", name);
	return 0;
}

static void fmt_time(time_t t, char *buf, size_t n)
{
	struct tm tm;
	if (!t || !gmtime_r(&t, &tm) || !strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm))
		snprintf(buf, n, "-");
}

/* "3d 4h" style for a person. */
static void fmt_span(long secs, char *buf, size_t n)
{
	if (secs <= 0)
		snprintf(buf, n, "now");
	else if (secs >= 86400)
		snprintf(buf, n, "%ldd %ldh", secs / 86400, secs % 86400 / 3600);
	else if (secs >= 3600)
		snprintf(buf, n, "%ldh %ldm", secs / 3600, secs % 3600 / 60);
	else
		snprintf(buf, n, "%ldm %lds", secs / 60, secs % 60);
}

static const char *state_of(const struct pwpol_account_info *a, time_t now)
{
	if (a->locked_until > now)
		return "locked";
	if (a->flags & PWPOL_ACCOUNT_FACTORY_DEFAULT)
		return "factory-default";
	if (a->flags & PWPOL_ACCOUNT_TEMPORARY)
		return "temporary";
	if (a->expired)
		return "expired";
	return "ok";
}

struct show_ctx {
	struct ctx *c;
	int n;
};

static int show_one(const struct pwpol_account_info *a, void *arg)
{
	struct show_ctx *sc = arg;
	time_t now = sc->c->now;
	char changed[32], locked[32], expires[64];
	fmt_time(a->changed, changed, sizeof changed);
	fmt_time(a->locked_until > now ? a->locked_until : 0, locked, sizeof locked);
	if (!a->expires)
		snprintf(expires, sizeof expires, "never");
	else if (a->expired)
		snprintf(expires, sizeof expires, "expired");
	else
		fmt_span((long)(a->expires - now), expires, sizeof expires);
	if (sc->c->json) {
		fputs("{\"name\":", stdout);
		json_str(stdout, a->name);
		printf(",\"state\":\"%s\",\"changed\":%lld,\"expires\":%lld,\"expired\":%s,"
		       "\"failures\":%u,\"locked_until\":%lld,\"temporary\":%s,"
		       "\"factory_default\":%s,\"format\":\"%s\",\"history\":%u}\n",
		       state_of(a, now), (long long)a->changed, (long long)a->expires,
		       a->expired ? "true" : "false", a->failures,
		       (long long)(a->locked_until > now ? a->locked_until : 0),
		       a->flags & PWPOL_ACCOUNT_TEMPORARY ? "true" : "false",
		       a->flags & PWPOL_ACCOUNT_FACTORY_DEFAULT ? "true" : "false",
		       pwpol_format_name(a->format), a->history);
	} else {
		if (sc->n == 0)
			printf("%-20s %-15s %-20s %-10s %-8s %s\n", "NAME", "STATE", "CHANGED",
			       "EXPIRES IN", "FAILURES", "LOCKED UNTIL");
		printf("%-20s %-15s %-20s %-10s %-8u %s\n", a->name, state_of(a, now), changed,
		       expires, a->failures, locked);
	}
	sc->n++;
	return 0;
}

static int cmd_show(struct ctx *c, int argc, char **argv)
{
	if (argc > 2 || (argc == 2 && argv[1][0] == '-'))
		die_usage("usage: pwpol show [NAME]");
	open_store(c, 0);
	struct show_ctx sc = {c, 0};
	enum pwpol_status st;
	if (argc == 2) {
		struct pwpol_account_info a;
		st = pwpol_account_info(c->store, c->policy, argv[1], c->now, &a);
		if (st == PWPOL_OK)
			show_one(&a, &sc);
	} else {
		st = pwpol_account_each(c->store, c->policy, c->now, show_one, &sc);
	}
	if (st != PWPOL_OK)
		return store_failed(c, st, argc == 2 ? argv[1] : "show");
	return 0;
}

static int cmd_config(struct ctx *c, int argc, char **argv)
{
	if (argc < 2)
		die_usage("usage: pwpol config check [FILE] | config show [--sources]");
	if (strcmp(argv[1], "check") == 0) {
		if (argc > 3)
			die_usage("usage: pwpol config check [FILE]");
		const char *path = argc == 3 ? argv[2] : c->config;
		if (!path)
			path = DEFAULT_CONFIG;
		pwpol_policy *p = NULL;
		pwpol_config_errors *e = NULL;
		enum pwpol_status st = pwpol_config_load(path, &p, &e);
		print_config_errors(e);
		if (st != PWPOL_OK && !pwpol_config_errors_count(e))
			err("%s: cannot read the configuration", path);
		pwpol_config_errors_free(e);
		pwpol_policy_free(p);
		if (st != PWPOL_OK)
			return 2;
		if (c->json)
			puts("{\"ok\":true}");
		else
			printf("%s: configuration check succeeds\n", path);
		return 0;
	}
	if (strcmp(argv[1], "show") == 0) {
		int sources = argc == 3 && strcmp(argv[2], "--sources") == 0;
		if (argc > 3 || (argc == 3 && !sources))
			die_usage("usage: pwpol config show [--sources]");
		load_policy(c);
		if (!sources) {
			char *text = NULL;
			if (pwpol_config_write(c->policy, &text) != PWPOL_OK) {
				err("out of memory");
				return 5;
			}
			fputs(text, stdout);
			free(text);
			return 0;
		}
		printf("# profile %s; effective minimum length %ld\n",
		       pwpol_policy_profile(c->policy),
		       pwpol_policy_effective_minimum_length(c->policy));
		for (int o = 0; o < PWPOL_OPT_COUNT; o++) {
			long v = pwpol_policy_get(c->policy, (enum pwpol_opt)o);
			const char *src = pwpol_policy_source(c->policy, (enum pwpol_opt)o);
			char val[32];
			if (o == PWPOL_OPT_FORMAT)
				snprintf(val, sizeof val, "%s",
				         pwpol_format_name((enum pwpol_format)v));
			else if (o == PWPOL_OPT_CHANGE_TYPE)
				snprintf(val, sizeof val, "%s",
				         pwpol_change_type_name((enum pwpol_change_type)v));
			else if (o == PWPOL_OPT_USERNAME_CHECK)
				snprintf(val, sizeof val, "%s", v ? "on" : "off");
			else if (v == 0 && pwpol_opt_optional((enum pwpol_opt)o))
				snprintf(val, sizeof val, "none");
			else
				snprintf(val, sizeof val, "%ld", v);
			if (c->json) {
				printf("{\"statement\":\"%s\",\"value\":\"%s\",\"source\":",
				       pwpol_opt_name((enum pwpol_opt)o), val);
				if (src)
					json_str(stdout, src);
				else
					printf("\"profile %s\"", pwpol_policy_profile(c->policy));
				puts("}");
			} else if (src) {
				printf("%-26s %-16s %s\n", pwpol_opt_name((enum pwpol_opt)o), val,
				       src);
			} else {
				printf("%-26s %-16s profile %s\n",
				       pwpol_opt_name((enum pwpol_opt)o), val,
				       pwpol_policy_profile(c->policy));
			}
		}
		return 0;
	}
	die_usage("config: unknown subcommand '%s' (check, show)", argv[1]);
}

/* ---- main ------------------------------------------------------------ */

int cmd_store(struct ctx *c, int argc, char **argv); /* cli/store.c */

struct command {
	const char *name;
	int (*fn)(struct ctx *, int, char **);
	int needs_policy;
};

static const struct command commands[] = {
    {"check", cmd_check, 1},
    {"hash", cmd_hash, 1},
    {"username-check", cmd_username_check, 0},
    {"init", cmd_init, 1},
    {"useradd", cmd_useradd, 1},
    {"userdel", cmd_simple, 0},
    {"passwd", cmd_passwd, 1},
    {"login", cmd_login, 1},
    {"unlock", cmd_simple, 0},
    {"show", cmd_show, 1},
    {"config", cmd_config, 0},
    {"store", cmd_store, 0},
};

static void set_now(struct ctx *c, const char *arg)
{
	char *end;
	errno = 0;
	long long v = strtoll(arg, &end, 10);
	if (errno || *end || !*arg || v < 0)
		die_usage("--now needs seconds since 1970, e.g. --now 1700000000");
	c->now = (time_t)v;
}

/* The global options are also taken after the command (`pwpol check
 * --json`), as people type them; they are removed from the command's argv. */
static void take_globals(struct ctx *c, int *argc, char **argv)
{
	static const char *const with_arg[] = {"--db", "--config", "--now"};
	int out = 1;
	for (int i = 1; i < *argc; i++) {
		const char *a = argv[i], *val = NULL;
		int k = -1;
		if (strcmp(a, "--") == 0) {
			while (i < *argc)
				argv[out++] = argv[i++];
			break;
		}
		if (strcmp(a, "--json") == 0) {
			c->json = 1;
			continue;
		}
		for (int j = 0; j < 3 && k < 0; j++) {
			size_t n = strlen(with_arg[j]);
			if (strncmp(a, with_arg[j], n) == 0 && (a[n] == '\0' || a[n] == '=')) {
				k = j;
				val = a[n] == '=' ? a + n + 1 : NULL;
			}
		}
		if (k < 0) {
			argv[out++] = argv[i];
			continue;
		}
		if (!val) {
			if (i + 1 >= *argc)
				die_usage("%s needs a value", with_arg[k]);
			val = argv[++i];
		}
		if (k == 0)
			c->db = val;
		else if (k == 1)
			c->config = val;
		else
			set_now(c, val);
	}
	argv[out] = NULL;
	*argc = out;
}

int main(int argc, char **argv)
{
	static const struct option lo[] = {{"db", required_argument, 0, 'd'},
	                                   {"config", required_argument, 0, 'c'},
	                                   {"json", no_argument, 0, 'j'},
	                                   {"now", required_argument, 0, 'n'},
	                                   {"help", no_argument, 0, 'h'},
	                                   {"version", no_argument, 0, 'V'},
	                                   {0, 0, 0, 0}};
	struct ctx c = {0};
	c.db = getenv("PWPOL_DB");
	c.config = getenv("PWPOL_CONFIG");
	if (c.db && !*c.db)
		c.db = NULL;
	if (c.config && !*c.config)
		c.config = NULL;
	c.now = time(NULL);
	int o;
	while ((o = getopt_long(argc, argv, "+hV", lo, NULL)) != -1) {
		switch (o) {
		case 'd': c.db = optarg; break;
		case 'c': c.config = optarg; break;
		case 'j': c.json = 1; break;
		case 'n': set_now(&c, optarg); break;
		case 'h': fputs(usage_text, stdout); return 0;
		case 'V': printf("pwpol %s\n", PWPOL_VERSION); return 0;
		default: die_usage("unknown option");
		}
	}
	if (optind >= argc)
		die_usage("no command given");
	int sub_argc = argc - optind;
	char **sub_argv = argv + optind;
	take_globals(&c, &sub_argc, sub_argv);
	if (!c.db)
		c.db = DEFAULT_DB;
	const struct command *cmd = NULL;
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (strcmp(argv[optind], commands[i].name) == 0)
			cmd = &commands[i];
	if (!cmd)
		die_usage("unknown command '%s'", argv[optind]);

	openlog("pwpol", LOG_PID, LOG_AUTHPRIV);
	if (pwpol_report_new(&c.report) != PWPOL_OK) {
		err("out of memory");
		return 5;
	}
	if (cmd->needs_policy)
		load_policy(&c);
	/* Subcommands parse their own options from their own argv. */
	optind = 0; /* glibc: start the next getopt afresh */
	int rc = cmd->fn(&c, sub_argc, sub_argv);
	reader_free(stdin_reader);
	pwpol_store_close(c.store);
	pwpol_policy_free(c.policy);
	pwpol_report_free(c.report);
	closelog();
	return rc;
}
