/*
 * pwpol.c - the `pwpol` command's entry: the global options, the table of
 * commands, and the dispatcher that does their shared work once (the
 * command's --help, the policy, the store, a failed write to stdout made
 * an error). The commands live in the files of their groups (cli.h says
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
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <syslog.h>
#include <unistd.h>

static const struct cli_command commands[] = {
    {"check", cmd_check,
     "check [--user NAME] < candidates\nChecks every line of standard input "
     "against the policy; prints one verdict a line.",
     NEEDS_POLICY | MAY_STORE},
    {"hash", cmd_hash,
     "hash [--format sha512|sha256|sha1|sha2|yescrypt|bcrypt] [--rounds N] [--user NAME] "
     "[--no-check]\nPrints a hash of each password read (one a line) that the policy takes "
     "(--user: the username rule too; --no-check: skip the policy on purpose).",
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
     "useradd NAME [--class CLASS] [--unix] [--import-hash FILE|-]\nAdds an account with a "
     "temporary password (stdin or prompt), or a ready hash read from FILE or stdin; --unix "
     "(root only) also runs useradd(8) for the Unix account, its password locked.",
     NEEDS_POLICY | NEEDS_STORE},
    {"userdel", cmd_userdel,
     "userdel [--unix] NAME\nDeletes an account and its password history; --unix (root only) "
     "then runs userdel(8) for the Unix account (its home is kept).",
     NEEDS_POLICY | NEEDS_STORE},
    {"passwd", cmd_passwd,
     "passwd NAME            (stdin: old password, new password)\n"
     "       pwpol passwd --reset NAME [--import-hash FILE|-]  (stdin: new)\n"
     "       pwpol passwd --expire NAME\nThe user's own "
     "change, an administrator's reset (temporary), or the password expired at once.",
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
     "config check|show|commit|confirm|history|rollback|compare\nThe policy: a file's commit "
     "check, the effective policy, the configuration committed into the store.",
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
     "[--tls-cert FILE --tls-key FILE] [--idle-timeout SECONDS]\n"
     "Serves the association, sign-in and password-change pages (default "
     "127.0.0.1:8443; any other than a loopback address needs TLS; association asks for "
     "the token printed at start).",
     NEEDS_POLICY | NEEDS_STORE | CREATES_STORE},
    {"store", cmd_store,
     "store copy FROM TO [--merge] | store check\nCopies accounts between two stores; checks "
     "the store.",
     SUBCOMMANDS},
};

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

static void print_help(void)
{
	fputs(usage_text, stdout);
	for (size_t i = 0; i < sizeof commands / sizeof *commands; i++) {
		const char *u = commands[i].usage;
		printf("  %.*s\n", (int)strcspn(u, "\n"), u);
	}
	fputs(usage_tail, stdout);
}

void cli_print_usage(FILE *f, const struct cli_command *cmd)
{
	fprintf(f, "Usage: pwpol %s\n", cmd->usage);
	/* Every command on a store may act --as an account: whose password
	 * comes first on standard input, which a script must know. */
	if (cmd->flags & (NEEDS_STORE | MAY_STORE))
		fputs("With --as NAME, NAME's password is the first line of standard input (or "
		      "prompted),\nbefore the lines the command itself reads.\n",
		      f);
}

const struct cli_command *cli_find(const struct cli_command *t, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(t[i].name, name) == 0)
			return &t[i];
	return NULL;
}

/* 1 if the arguments ask for help (before any "--"). */
static int wants_help(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			return 0;
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
			return 1;
	}
	return 0;
}

/* The policy in force: the store's committed configuration when a store
 * is open and has one, else the file, else the built-in profile. */
static int load_policy(struct cli *c)
{
	if (c->policy)
		return 0;
	pwpol_config_errors *e = NULL;
	enum pwpol_status st = pwpol_policy_load_from(c->store, c->config, c->now, &c->policy, &e,
	                                              c->policy_from, sizeof c->policy_from);
	if (st == PWPOL_OK) {
		print_config_errors(e); /* its warnings */
		pwpol_config_errors_free(e);
		return 0;
	}
	int had_errors = pwpol_config_errors_count(e) > 0;
	if (had_errors)
		config_failed(c, e);
	pwpol_config_errors_free(e);
	if (st == PWPOL_ENOMEM)
		return cli_fail(c, EXIT_SYSTEM, "out of memory");
	if (st == PWPOL_ESYSTEM && strcmp(c->policy_from, "the store") == 0)
		return cli_fail(c, EXIT_SYSTEM, "%s", pwpol_store_error(c->store));
	/* Unreadable or wrong: a configuration error. */
	if (had_errors)
		return EXIT_USAGE;
	return cli_fail(c, EXIT_USAGE, "%s: cannot load the configuration",
	                c->policy_from[0] ? c->policy_from : "built-in profile");
}

static int open_store(struct cli *c, int create)
{
	if (c->store)
		return 0;
	if (create && !pwpol_store_is_uri(c->db)) {
		/* The store's directory is made private if we make it. */
		char dir[PATH_MAX];
		snprintf(dir, sizeof dir, "%s", c->db);
		char *slash = strrchr(dir, '/');
		if (slash && slash != dir) {
			*slash = 0;
			if (mkdir(dir, 0700) != 0 && errno != EEXIST)
				return cli_fail(c, EXIT_SYSTEM,
				                "%s: cannot create the directory: %s", dir,
				                strerror(errno));
		}
	}
	char msg[512] = "";
	enum pwpol_status st = pwpol_store_open(&c->store, c->db, create, msg, sizeof msg);
	if (st != PWPOL_OK) /* whatever the cause, the store is not usable */
		return cli_fail(c, EXIT_SYSTEM, "%s", msg[0] ? msg : pwpol_status_name(st));
	c->store_created = pwpol_store_created(c->store);
	return 0;
}

/* A store this run made for a command that then failed is removed again,
 * with its journal files: a failed `init` leaves nothing behind. The
 * library keeps it when another pwpol made something of it meanwhile. */
static void drop_created_store(struct cli *c)
{
	pwpol_store_discard(c->store);
	c->store = NULL;
}

static int prove_failed(struct cli *c, pwpol_store *s, enum pwpol_status st)
{
	if (s == c->store)
		return store_failed(c, st, c->as);
	if (st == PWPOL_ENOENT)
		return cli_fail(c, pwpol_exit_status(st), "%s: no such account", c->as);
	return cli_fail(c, pwpol_exit_status(st), "%s", pwpol_store_error(s));
}

/* NAME's password (sec) proved on store s exactly as `pwpol login` proves
 * it (failures counted, the same answers) under pol, then s acts with
 * NAME's class. The library decides every permission from there. */
static int prove_on(struct cli *c, pwpol_store *s, const pwpol_policy *pol,
                    const struct secret *sec)
{
	enum pwpol_change_reason why = PWPOL_REASON_NONE;
	enum pwpol_status st =
	    pwpol_account_authenticate(s, pol, c->as, sec->s, sec->len, c->now, &why);
	if (st == PWPOL_ESYSTEM || st == PWPOL_ENOMEM)
		return prove_failed(c, s, st);
	if (st == PWPOL_LOCKED)
		return cli_fail(c, EXIT_LOCKED,
		                "--as %s: locked: too many failed logins; try again "
		                "later",
		                c->as);
	if (st == PWPOL_EINVAL)
		return cli_fail(c, EXIT_USAGE, "--as %s: unusable password input", c->as);
	if (st != PWPOL_OK && st != PWPOL_CHANGE_REQUIRED)
		return cli_fail(c, EXIT_REJECTED, "--as %s: wrong username or password", c->as);
	/* A password that must change leaves the actor nothing but that
	 * change: the library says so at the first call it refuses. */
	st = pwpol_store_act_as(s, pol, c->as, c->now);
	if (st != PWPOL_OK)
		return prove_failed(c, s, st);
	return 0;
}

static int read_as_secret(struct cli *c, struct secret *sec)
{
	char prompt[96];
	snprintf(prompt, sizeof prompt, "Password for %.63s: ", c->as);
	return read_secret(c, prompt, 0, sec);
}

/* --as NAME on the store of --db, opened by the dispatcher. */
static int act_as(struct cli *c)
{
	struct secret sec;
	int rc = read_as_secret(c, &sec);
	if (!rc)
		rc = prove_on(c, c->store, c->policy, &sec);
	pwpol_wipe(&sec, sizeof sec);
	if (!rc)
		c->acting = 1;
	return rc;
}

int cli_act_as_on(struct cli *c, pwpol_store *const *stores, size_t n)
{
	if (!c->as)
		return 0;
	struct secret sec;
	int rc = read_as_secret(c, &sec);
	for (size_t i = 0; !rc && i < n; i++) {
		if (!stores[i])
			continue;
		/* Each store's own policy: its committed configuration, else
		 * the file's. */
		pwpol_policy *pol = NULL;
		pwpol_config_errors *e = NULL;
		char from[320];
		enum pwpol_status st = pwpol_policy_load_from(stores[i], c->config, c->now, &pol,
		                                              &e, from, sizeof from);
		if (st != PWPOL_OK) {
			if (pwpol_config_errors_count(e))
				config_failed(c, e);
			rc = cli_fail(c, st == PWPOL_ESYSTEM ? EXIT_SYSTEM : EXIT_USAGE,
			              "--as %s: cannot load the policy of a store", c->as);
		} else {
			rc = prove_on(c, stores[i], pol, &sec);
		}
		pwpol_config_errors_free(e);
		pwpol_policy_free(pol);
	}
	pwpol_wipe(&sec, sizeof sec);
	return rc;
}

int cli_run(struct cli *c, const struct cli_command *cmd, int argc, char **argv)
{
	if (!(cmd->flags & SUBCOMMANDS) || argc == 2) {
		if (wants_help(argc, argv)) {
			cli_print_usage(stdout, cmd);
			return 0;
		}
	}
	/* The store first: its committed configuration is the policy of its
	 * accounts. No read writes: an overdue commit confirmed is read as
	 * rolled back, and recorded by the next config commit, confirm or
	 * rollback (pwpol_config_settle). */
	int rc = 0;
	int store =
	    (cmd->flags & NEEDS_STORE) ||
	    ((cmd->flags & MAY_STORE) && (pwpol_store_is_uri(c->db) || access(c->db, F_OK) == 0));
	if (store)
		rc = open_store(c, (cmd->flags & CREATES_STORE) != 0);
	if (rc == 0 && ((cmd->flags & NEEDS_POLICY) || (c->as && c->store)))
		rc = load_policy(c);
	if (rc == 0 && c->as && c->store && !c->acting)
		rc = act_as(c);
	if (rc) {
		if (c->store_created)
			drop_created_store(c);
		return rc;
	}
	optind = 0; /* glibc: start the command's getopt afresh */
	rc = cmd->fn(c, argc, argv);
	if (((rc != 0 && rc != EXIT_CHANGE) || c->dry_run) && c->store_created)
		drop_created_store(c);
	return rc;
}

int cli_run_sub(struct cli *c, const char *cmd, const struct cli_command *t, size_t n, int argc,
                char **argv)
{
	const struct cli_command *sub = argc >= 2 ? cli_find(t, n, argv[1]) : NULL;
	if (!sub) {
		char names[128] = "";
		for (size_t i = 0; i < n; i++)
			snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s",
			         i ? ", " : "", t[i].name);
		return cli_usage_error(c, "%s: %s (%s)", cmd,
		                       argc >= 2 ? "unknown subcommand" : "give a subcommand",
		                       names);
	}
	return cli_run(c, sub, argc - 1, argv + 1);
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

/* A database password in a URI on the command line is refused, not
 * scrubbed from argv: every user reads /proc/PID/cmdline from the exec
 * until a scrub, and the shell's history keeps it for good. The passfile
 * or a service file holds it instead. 1 (with the sentence) if refused. */
int cli_uri_password(struct cli *c, const char *what, const char *uri)
{
	if (!pwpol_store_uri_has_password(uri))
		return 0;
	cli_usage_error(c,
	                "%s: refused: the URI holds a database password, which every user "
	                "could read in ps(1); name a passfile (passfile=FILE, or ~/.pgpass) or "
	                "a service (service=NAME) instead, see pwpol(1)",
	                what);
	return 1;
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
	static const struct option lo[] = {
	    {"db", required_argument, 0, 'd'}, {"config", required_argument, 0, 'c'},
	    {"json", no_argument, 0, 'j'},     {"now", required_argument, 0, 'n'},
	    {"as", required_argument, 0, 'a'}, {"help", no_argument, 0, 'h'},
	    {"version", no_argument, 0, 'V'},  {0, 0, 0, 0}};
	int o;
	while ((o = getopt_long(argc, argv, "+hV", lo, NULL)) != -1) {
		switch (o) {
		case 'd': c->db = optarg, c->db_argv = 1; break;
		case 'c': c->config = optarg; break;
		case 'j': c->json = 1; break;
		case 'a': c->as = optarg; break;
		case 'n':
			if (set_now(c, optarg))
				return EXIT_USAGE;
			break;
		case 'h': print_help(); return 0;
		case 'V': printf("pwpol %s\n", PWPOL_VERSION); return 0;
		default: return cli_usage_error(c, "unknown option");
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
	const struct cli_command *cmd =
	    cli_find(commands, sizeof commands / sizeof *commands, sub_argv[0]);
	if (!cmd)
		return cli_usage_error(c, "unknown command '%s'", sub_argv[0]);
	if (pwpol_report_new(&c->report) != PWPOL_OK)
		return cli_fail(c, EXIT_SYSTEM, "out of memory");
	return cli_run(c, cmd, sub_argc, sub_argv);
}

int main(int argc, char **argv)
{
	guard_memory();
	struct cli c = {0};
	c.db = getenv("PWPOL_DB");
	c.config = getenv("PWPOL_CONFIG");
	if (c.db && !*c.db)
		c.db = NULL;
	if (c.config && !*c.config)
		c.config = NULL;
	c.now = time(NULL);
	openlog("pwpol", LOG_PID, LOG_AUTHPRIV);
	int rc = run(&c, argc, argv);
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
