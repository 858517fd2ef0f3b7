/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * pwpol.c - the `pwpol` command's entry: the global options and the table
 * of commands, handed to the dispatcher (run.c) that does their shared
 * work once (the command's --help, the policy, the store, a failed write
 * to stdout made an error). The commands live in the files of their groups (cli.h says
 * how to add one); no rule lives in the command at all: pwpol(1) is the
 * contract.
 */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <syslog.h>
#include <unistd.h>

static const struct cli_command commands[] = {
    {"check", cmd_check,
     "check [--user NAME] [--score] < candidates\nChecks every line of standard input "
     "against the policy; prints one verdict a line (--score: with zxcvbn's estimate).",
     NEEDS_POLICY | MAY_STORE},
    {"hash", cmd_hash,
     "hash [--format sha512|sha256|sha1|sha2|yescrypt|bcrypt] [--rounds N] [--user NAME] "
     "[--no-check]\nPrints a hash of each password read (one a line) that the policy takes "
     "(--user: the username rule too; --no-check: skip the policy on purpose).",
     NEEDS_POLICY | MAY_STORE},
    {"generate", cmd_generate,
     "generate [--user NAME] [--count N] [--passphrase]\nPrints N new passwords (or "
     "passphrases) that the policy takes, from the kernel's random source, with their "
     "entropy.",
     NEEDS_POLICY | MAY_STORE},
    {"username-check", cmd_username_check,
     "username-check [--] NAME...\nChecks each NAME's "
     "syntax.",
     0},
    {"init", cmd_init,
     "init [--force] [--password-hash | --import-hash FILE|-] [--factory-default]\nSets admin, "
     "root and t128 to one password (stdin or prompt); --force re-sets them (stdin: the "
     "current password of admin first); --password-hash sets and prints one sha512 hash of it.",
     NEEDS_POLICY | NEEDS_STORE | CREATES_STORE},
    {"useradd", cmd_useradd,
     "useradd NAME [--class CLASS] [--unix] [--import-hash FILE|-]\n"
     "       pwpol useradd --batch [--class CLASS]  (stdin: NAME:PASSWORD lines)\nAdds an "
     "account with a temporary password (stdin or prompt), or a ready hash read from FILE or "
     "stdin; --unix (root only) also runs useradd(8) for the Unix account, its password "
     "locked; --batch adds one account a line, as chpasswd(8) reads them, each answered.",
     NEEDS_POLICY | NEEDS_STORE},
    {"userdel", cmd_userdel,
     "userdel [--unix] NAME\nDeletes an account and its password history; --unix (root only) "
     "then runs userdel(8) for the Unix account (its home is kept).",
     NEEDS_POLICY | NEEDS_STORE},
    {"passwd", cmd_passwd,
     "passwd NAME            (stdin: old password, new password)\n"
     "       pwpol passwd --reset NAME [--import-hash FILE|-]  (stdin: new)\n"
     "       pwpol passwd --expire NAME\n"
     "       pwpol passwd --batch  (stdin: NAME:PASSWORD lines)\nThe user's own "
     "change, an administrator's reset (temporary), or the password expired at once; "
     "--batch resets one account a line, as chpasswd(8) reads them, each answered.",
     NEEDS_POLICY | NEEDS_STORE},
    {"login", cmd_login, "login NAME   (stdin: password)\nAuthenticates, counting failed logins.",
     NEEDS_POLICY | NEEDS_STORE},
    {"unlock", cmd_unlock, "unlock NAME\nClears failed logins and the lock.", NEEDS_STORE},
    {"enable", cmd_enable, "enable NAME\nLets a disabled account log in again.",
     NEEDS_POLICY | NEEDS_STORE},
    {"disable", cmd_disable,
     "disable NAME\nRefuses the account's logins (as a wrong password) until enabled.",
     NEEDS_POLICY | NEEDS_STORE},
    {"usermod", cmd_usermod,
     "usermod [--class CLASS] [--min-days N] [--max-days N] [--warn-days N] [--inactive N] "
     "[--expire-date YYYY-MM-DD|N|-1] NAME\nGives an account a login class, or its own "
     "aging as chage(1) sets it (-1: none of its own).",
     NEEDS_POLICY | NEEDS_STORE},
    {"show", cmd_show, "show [NAME]\nAccount state (never a hash).", NEEDS_POLICY | NEEDS_STORE},
    {"config", cmd_config,
     "config check|import|show|commit|confirm|history|rollback|compare\nThe policy: a file's "
     "commit check, today's files read into it, the effective policy, the configuration "
     "committed into the store.",
     SUBCOMMANDS},
    {"import", cmd_import,
     "import shadow|opasswd [--file PATH] [--dry-run] [NAME...] | import junos FILE "
     "[--dry-run] [NAME...]\nTakes over Unix accounts from shadow(5), their earlier hashes "
     "from pam_pwhistory's opasswd, or a Junos configuration's users.",
     SUBCOMMANDS},
    {"export", cmd_export,
     "export shadow | export opasswd [--passwd FILE]\nWrites the accounts back as shadow(5) "
     "and opasswd lines, for leaving pwpol as easily as coming in.",
     SUBCOMMANDS},
    {"web", cmd_web,
     "web [--listen ADDR:PORT] [--server-name NAME]... [--token-file FILE] "
     "[--tls-cert FILE --tls-key FILE] [--idle-timeout SECONDS] [--trusted-proxy ADDR]... "
     "[--base-path PATH]\n"
     "Serves the association, sign-in, password-change, accounts and policy pages and the "
     "JSON API under /api/v1/ (default 127.0.0.1:8443; any other than a loopback address "
     "needs TLS; association asks for the token printed at start; behind a reverse proxy, "
     "--trusted-proxy believes its X-Forwarded-* headers and --base-path serves under PATH).",
     NEEDS_POLICY | NEEDS_STORE | CREATES_STORE},
    {"conductor", cmd_conductor,
     "conductor --listen ADDR:PORT|--socket PATH [--tls-cert FILE --tls-key FILE] "
     "[--state DIR] [--uid-range FIRST-LAST] [--home DIR] [--shell PATH] "
     "[--metrics ADDR:PORT] [--store-connections N]\nServes the fleet's node agents "
     "(pwpold) over mutual TLS, and with --socket this machine's PAM and NSS modules "
     "over a Unix socket: the one process that opens the store.",
     0},
    {"node", cmd_node,
     "node token|enroll|status|list|revoke\nEnrolls a node with the conductor, says how its "
     "agent stands, lists and revokes nodes.",
     SUBCOMMANDS},
    {"token", cmd_token,
     "token add|list|revoke NAME\nThe API tokens of `pwpol web`'s JSON API: one per account, "
     "acting as it with its class, shown once.",
     SUBCOMMANDS},
    {"store", cmd_store,
     "store copy FROM TO [--merge] | store check | store upgrade\nCopies accounts between two "
     "stores; checks the store; brings its layout up to this pwpol's.",
     SUBCOMMANDS},
    {"help", cmd_help,
     "help [COMMAND [SUBCOMMAND]]\nThe commands, or one command's usage (as COMMAND --help).", 0},
};
#define NCOMMANDS (sizeof commands / sizeof *commands)

static const char usage_text[] =
    "Usage: pwpol [OPTIONS] COMMAND [ARGS]\n"
    "Password and username policy for local accounts.\n"
    "\n"
    "Options (also after the command):\n"
    "  --db PATH|URI    account store: a SQLite file or a postgresql:// URI\n"
    "                   (default $PWPOL_DB, else " PWPOL_DEFAULT_DB ")\n"
    "  --config PATH    policy file (default $PWPOL_CONFIG, else " PWPOL_DEFAULT_CONFIG ",\n"
    "                   else the built-in ssr profile)\n"
    "  --json           one JSON object a result line\n"
    "  -q, --quiet      print nothing on standard output when the command succeeds\n"
    "  --now EPOCH      decide as if the time were EPOCH (seconds since 1970)\n"
    "  --as NAME        act as account NAME, with its class (its password first:\n"
    "                   the first line of standard input, before the command's\n"
    "                   own lines, or prompted)\n"
    "  -h, --help       show this help;  -V, --version  show the version\n"
    "\n"
    "Commands (passwords are read from standard input, one a line, or prompted for):\n";

static const char usage_tail[] =
    "\n'pwpol COMMAND --help' shows a command's usage.\n"
    "Exit status: 0 success; 1 rejected by the policy or wrong password; 2 usage,\n"
    "configuration or input error; 3 account locked; 4 success that requires a\n"
    "password change first; 5 store or system error; 6 not permitted (the acting\n"
    "account's class lacks the permission, or its password must be changed first).\n"
    "See pwpol(1), pwpol.conf(5), pam_pwpol(8).\n";

static void print_help(const struct cli *c)
{
	if (c && c->json) {
		fputs("{\"ok\":true,\"commands\":[", stdout);
		for (size_t i = 0; i < NCOMMANDS; i++) {
			fputs(i ? "," : "", stdout);
			cli_usage_json(&commands[i], 0);
		}
		puts("]}");
		return;
	}
	fputs(usage_text, stdout);
	for (size_t i = 0; i < NCOMMANDS; i++) {
		const char *u = commands[i].usage;
		printf("  %.*s\n", (int)strcspn(u, "\n"), u);
	}
	fputs(usage_tail, stdout);
}

/* `pwpol help [COMMAND [SUBCOMMAND]]`: what --help answers, as git's
 * `help` does. */
int cmd_help(struct cli *c, int argc, char **argv)
{
	if (argc == 1) {
		print_help(c);
		return 0;
	}
	const struct cli_command *cmd = cli_find(commands, NCOMMANDS, argv[1]);
	if (!cmd)
		return cli_usage_error(c, "help: unknown command '%s'", argv[1]);
	if (argc > 3 || (argc == 3 && !(cmd->flags & SUBCOMMANDS)))
		return cli_usage(c);
	char help[] = "--help";
	char *args[] = {argv[1], argc == 3 ? argv[2] : help, argc == 3 ? help : NULL, NULL};
	return cli_run(c, cmd, argc, args);
}

/* --now and every time pwpol reasons about: 1970 to the end of 9999, so no
 * sum of a time and a lifetime can overflow. */
#define NOW_MAX 253402300799LL

static int set_now(struct cli *c, const char *arg)
{
	char *end;
	errno = 0;
	long long v = strtoll(arg, &end, 10);
	if (errno || *end || !*arg || v < 0 || v > NOW_MAX)
		return cli_usage_error(c,
		                       "--now needs seconds since 1970 up to %lld (9999-12-31), "
		                       "e.g. --now 1700000000",
		                       NOW_MAX);
	c->now = (time_t)v;
	return 0;
}

/* The global options are also taken after the command (`pwpol check
 * --json`), as people type them; they are removed from the command's argv. */
static int take_globals(struct cli *c, int *argc, char **argv)
{
	static const char *const with_arg[] = {"--db", "--config", "--now", "--as"};
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
		if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
			c->quiet = 1;
			continue;
		}
		for (int j = 0; j < 4 && k < 0; j++) {
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
				return cli_usage_error(c, "%s needs a value", with_arg[k]);
			val = argv[++i];
		}
		if (k == 0)
			c->db = val, c->db_argv = 1;
		else if (k == 1)
			c->config = val;
		else if (k == 3)
			c->as = val;
		else if (set_now(c, val))
			return EXIT_USAGE;
	}
	argv[out] = NULL;
	*argc = out;
	return 0;
}

/* Passwords pass through this process: no core dump may hold them, and no
 * other process of the same user may read its memory (PR_SET_DUMPABLE 0
 * also closes /proc/PID/mem and ptrace to the same uid). */
static void guard_memory(void)
{
	struct rlimit none = {0, 0};
	setrlimit(RLIMIT_CORE, &none);
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
}

static int run(struct cli *c, int argc, char **argv)
{
	static const struct option lo[] = {{"quiet", no_argument, 0, 'q'},
	                                   {"db", required_argument, 0, 'd'},
	                                   {"config", required_argument, 0, 'c'},
	                                   {"json", no_argument, 0, 'j'},
	                                   {"now", required_argument, 0, 'n'},
	                                   {"as", required_argument, 0, 'a'},
	                                   {"help", no_argument, 0, 'h'},
	                                   {"version", no_argument, 0, 'V'},
	                                   {0, 0, 0, 0}};
	int o;
	while ((o = getopt_long(argc, argv, "+hVq", lo, NULL)) != -1) {
		switch (o) {
		case 'q': c->quiet = 1; break;
		case 'd': c->db = optarg, c->db_argv = 1; break;
		case 'c': c->config = optarg; break;
		case 'j': c->json = 1; break;
		case 'a': c->as = optarg; break;
		case 'n':
			if (set_now(c, optarg))
				return EXIT_USAGE;
			break;
		case 'h': print_help(c); return 0;
		case 'V': printf("pwpol %s\n", PWPOL_VERSION); return 0;
		default: return cli_option_error(c, NULL, argv, lo);
		}
	}
	if (optind >= argc)
		return cli_usage_error(c, "no command given");
	int sub_argc = argc - optind;
	char **sub_argv = argv + optind;
	if (take_globals(c, &sub_argc, sub_argv))
		return EXIT_USAGE;
	if (!c->db)
		c->db = PWPOL_DEFAULT_DB;
	if (c->db_argv && cli_uri_password(c, "--db", c->db))
		return EXIT_USAGE;
	const struct cli_command *cmd = cli_find(commands, NCOMMANDS, sub_argv[0]);
	if (!cmd)
		return cli_usage_error(c, "unknown command '%s'", sub_argv[0]);
	if (pwpol_report_new(&c->report) != PWPOL_OK)
		return cli_fail(c, EXIT_SYSTEM, "out of memory");
	return cli_run(c, cmd, sub_argc, sub_argv);
}

/* -q: standard output is held in an anonymous file (memfd) while the
 * command runs, and written out only if it fails (status not 0): a
 * success prints nothing, a failure everything it would have. The held
 * text is overwritten before it is let go (`generate` or `hash` put
 * secrets there). */
static int quiet_run(struct cli *c, int argc, char **argv)
{
	int quiet = 0;
	for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
		quiet |= strcmp(argv[i], "-q") == 0 || strcmp(argv[i], "--quiet") == 0;
	if (!quiet)
		return run(c, argc, argv);
	fflush(stdout);
	int real = dup(STDOUT_FILENO), held = memfd_create("pwpol-quiet", MFD_CLOEXEC);
	if (real < 0 || held < 0 || dup2(held, STDOUT_FILENO) < 0) {
		if (real >= 0)
			close(real);
		if (held >= 0)
			close(held);
		return run(c, argc, argv);
	}
	int rc = run(c, argc, argv);
	fflush(stdout);
	dup2(real, STDOUT_FILENO);
	close(real);
	off_t len = lseek(held, 0, SEEK_END);
	char buf[4096];
	for (off_t at = 0; rc != 0 && at < len;) {
		ssize_t n = pread(held, buf, sizeof buf, at);
		if (n <= 0 || write(STDOUT_FILENO, buf, (size_t)n) != n)
			break;
		at += n;
	}
	memset(buf, 0, sizeof buf);
	for (off_t at = 0; at < len; at += (off_t)sizeof buf)
		if (pwrite(held, buf, sizeof buf, at) < 0)
			break;
	pwpol_wipe(buf, sizeof buf);
	close(held);
	return rc;
}

int main(int argc, char **argv)
{
	guard_memory();
	opterr = 0; /* an option refused is named once, by cli_option_error */
	struct cli c = {0};
	c.db = getenv("PWPOL_DB");
	c.config = getenv("PWPOL_CONFIG");
	if (c.db && !*c.db)
		c.db = NULL;
	if (c.config && !*c.config)
		c.config = NULL;
	c.now = time(NULL);
	openlog("pwpol", LOG_PID, LOG_AUTHPRIV);
	int rc = quiet_run(&c, argc, argv);
	secret_done();
	pwpol_store_close(c.store);
	pwpol_policy_free(c.policy);
	pwpol_report_free(c.report);
	closelog();
	/* Output lost to a full disk or a closed pipe is a failure, not a success. */
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "pwpol: cannot write the output: %s\n", strerror(errno));
		if (rc == 0)
			rc = EXIT_SYSTEM;
	}
	return rc;
}
