/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * user.c - the account commands: init (admin, root and t128 together),
 * useradd (with --unix, shadow's useradd too), userdel, passwd (the user's
 * change and an administrator's reset), login, unlock. Each reads what it
 * needs, calls one library decision and prints its answer; every secret is
 * wiped before return.
 */
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <pwd.h>
#include <shadow.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* shadow's useradd(8) and userdel(8), by their full paths: never looked
 * up through PATH. */
#define UNIX_USERADD "/usr/sbin/useradd"
#define UNIX_USERDEL "/usr/sbin/userdel"

/* Options shared by init, useradd and passwd --reset. */
struct set_opts {
	const char *import; /* --import-hash FILE|-: a ready hash */
	int sha512;         /* init --password-hash: SSR's PASSWORD HASH */
	int factory_default;
	int force;
	int reset;
	const char *cls; /* useradd --class CLASS */
	int unix_too;    /* useradd --unix */
	int batch;       /* useradd, passwd --batch: NAME:PASSWORD lines */
};

/* The index of the first argument after the options (they may stand
 * before or after the name), or -1 after a usage error was said. */
static int parse_set_opts(struct cli *c, int argc, char **argv, struct set_opts *so)
{
	static const struct option lo[] = {{"import-hash", required_argument, 0, 'I'},
	                                   {"password-hash", no_argument, 0, 'P'},
	                                   {"factory-default", no_argument, 0, 'F'},
	                                   {"force", no_argument, 0, 'f'},
	                                   {"reset", no_argument, 0, 'R'},
	                                   {"class", required_argument, 0, 'C'},
	                                   {"unix", no_argument, 0, 'U'},
	                                   {"batch", no_argument, 0, 'B'},
	                                   {0, 0, 0, 0}};
	int o;
	while ((o = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		switch (o) {
		case 'I': so->import = optarg; break;
		case 'P': so->sha512 = 1; break;
		case 'F': so->factory_default = 1; break;
		case 'f': so->force = 1; break;
		case 'R': so->reset = 1; break;
		case 'C': so->cls = optarg; break;
		case 'U': so->unix_too = 1; break;
		case 'B': so->batch = 1; break;
		default: cli_option_error(c, argv[0], argv, lo); return -1;
		}
	}
	return optind;
}

/* An argument where none belongs; a hash there is refused with the way. */
static int unexpected(struct cli *c, const char *cmd, const char *arg)
{
	return cli_usage_error(c,
	                       "%s: unexpected argument '%.40s' (a ready hash is read with "
	                       "--import-hash FILE|-, never from the command line)",
	                       cmd, arg);
}

/* Fills a pwpol_secret from --import-hash or a password read; 0 or an
 * exit status. */
static int get_new_secret(struct cli *c, const struct set_opts *so, const char *prompt,
                          const char *again, int (*judge)(struct cli *, const struct secret *),
                          struct secret *s, struct pwpol_secret *ps)
{
	memset(ps, 0, sizeof *ps);
	int rc;
	if (so->import) {
		rc = read_line_from(c, so->import, s);
		ps->hash = s->s;
		return rc;
	}
	rc = read_new_secret_judged(c, prompt, again, judge, s);
	ps->pw = s->s;
	ps->len = s->len;
	return rc;
}

/* The initializer's judgment of a password typed, before it is confirmed:
 * the library's rules for the three names, the reasons on the terminal. */
static int judge_system(struct cli *c, const struct secret *s)
{
	enum pwpol_status st = pwpol_system_check(c->policy, s->s, s->len, c->report);
	if (st == PWPOL_OK)
		return 1;
	fputs(st == PWPOL_EINVAL ? "invalid: " : "rejected: ", stderr);
	print_findings_text(stderr, c->report, PWPOL_SEVERITY_ERROR);
	fputc('\n', stderr);
	return 0;
}

int cmd_init(struct cli *c, int argc, char **argv)
{
	struct set_opts so = {0};
	int i = parse_set_opts(c, argc, argv, &so);
	if (i < 0)
		return EXIT_USAGE;
	if (i != argc)
		return unexpected(c, "init", argv[i]);
	if (so.reset || so.cls || so.unix_too || (so.sha512 && so.import))
		return cli_usage_error(c, "init: --password-hash makes a hash of the password "
		                          "entered; --import-hash sets a ready one: not both");
	struct secret old, s;
	memset(&old, 0, sizeof old);
	struct pwpol_secret ps;
	char made[PWPOL_HASH_MAX] = "";
	struct pwpol_init_opts o = {.flags = (so.factory_default ? PWPOL_INIT_FACTORY_DEFAULT : 0) |
	                                     (so.force ? PWPOL_INIT_FORCE : 0) |
	                                     (so.sha512 ? PWPOL_INIT_SHA512 : 0),
	                            .hash_out = made,
	                            .hash_outlen = sizeof made};
	int rc = 0;
	if (so.force) {
		rc = read_secret(c, "Current password of admin: ", 0, &old);
		o.old = old.s;
		o.oldlen = old.len;
	}
	if (rc == 0 && !so.import && isatty(STDIN_FILENO))
		fprintf(stderr, "%s\n", pwpol_root_note());
	if (rc == 0)
		rc = get_new_secret(c, &so,
		                    "Enter a password for the 'admin', 't128' and 'root' users: ",
		                    "Confirm: ", judge_system, &s, &ps);
	enum pwpol_status st = PWPOL_OK;
	if (rc == 0)
		st = pwpol_account_init_with(c->store, c->policy, &ps, &o, c->now, c->report);
	pwpol_wipe(&old, sizeof old);
	pwpol_wipe(&s, sizeof s);
	if (rc)
		return rc;
	if (st == PWPOL_EEXIST)
		return cli_fail(
		    c, EXIT_USAGE,
		    "the system accounts exist already; `pwpol init --force` re-sets "
		    "them (standard input: the current password of admin, then the new)");
	if (st == PWPOL_LOCKED)
		return cli_fail(c, EXIT_LOCKED, "a system account is locked: unlock it first");
	if (st == PWPOL_REJECTED && !pwpol_report_count(c->report))
		return cli_fail(c, EXIT_REJECTED, "the current password of admin is wrong");
	if (st != PWPOL_OK && st != PWPOL_REJECTED && st != PWPOL_EINVAL)
		return store_failed(c, st, "init");
	if (st == PWPOL_EINVAL && !pwpol_report_count(c->report))
		return cli_fail(c, EXIT_USAGE,
		                "not a usable password hash (unknown, malformed, or too costly to "
		                "verify)");
	if (st == PWPOL_OK && so.sha512 && !c->json)
		printf("sha512 hash (give it to other machines with --import-hash):\n%s\n", made);
	if (st == PWPOL_OK && c->json) {
		fputs("{\"ok\":true,\"status\":\"ok\",", stdout);
		print_findings_json(stdout, c->report);
		if (so.sha512) {
			fputs(",\"hash\":", stdout);
			json_str(stdout, made);
		}
		fputs(",\"note\":", stdout);
		json_str(stdout, pwpol_root_note());
		fputs("}\n", stdout);
		return 0;
	}
	int code = report_result(c, st, "initialized: admin, root, t128");
	if (st == PWPOL_OK)
		printf("note: %s\n", pwpol_root_note());
	return code;
}

/* Runs one of shadow's tools (useradd, userdel) for NAME with a fixed
 * argument list (pwpol(1), useradd --unix): by its full path, never a
 * shell, a clean environment, standard input from /dev/null (the passwords
 * read are not its business) and its standard output on our standard
 * error (standard output stays one answer); no descriptor of ours reaches
 * it. argv[name_at] is where the name goes. Returns the tool's exit
 * status, 128 + a signal's number, or -1 when it could not be run (errno
 * set). */
static int run_shadow_tool(const char *path, const char *const *args, size_t name_at,
                           const char *name)
{
	char nm[256]; /* a username is at most 32 bytes (pwpol(1), USERNAMES) */
	char *argv[8];
	size_t n = 0;
	if (snprintf(nm, sizeof nm, "%s", name) >= (int)sizeof nm) {
		errno = ENAMETOOLONG;
		return -1;
	}
	for (; args[n] && n < sizeof argv / sizeof *argv - 1; n++)
		argv[n] = n == name_at ? nm : (char *)args[n];
	argv[n] = NULL;
	char *const envp[] = {"PATH=/usr/sbin:/usr/bin:/sbin:/bin", "LC_ALL=C", NULL};
	int null = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (null < 0)
		return -1;
	fflush(stdout);
	fflush(stderr);
	pid_t pid = fork();
	if (pid == 0) {
		/* Only async-signal-safe calls between fork and exec. */
		if (dup2(null, 0) < 0 || dup2(2, 1) < 0)
			_exit(127);
		if (close_range(3, ~0U, 0) != 0) /* a kernel before 5.9 */
			for (int fd = 3; fd < 1024; fd++)
				close(fd);
		execve(path, argv, envp);
		_exit(127);
	}
	int saved = errno;
	close(null);
	if (pid < 0) {
		errno = saved;
		return -1;
	}
	int ws;
	while (waitpid(pid, &ws, 0) < 0)
		if (errno != EINTR)
			return -1;
	if (WIFEXITED(ws))
		return WEXITSTATUS(ws);
	return 128 + (WIFSIGNALED(ws) ? WTERMSIG(ws) : 0);
}

/* How a shadow tool's run went wrong, for a sentence. */
static void tool_failure(int rc, char *why, size_t n)
{
	if (rc < 0)
		snprintf(why, n, "could not be run (%s)", strerror(errno));
	else if (rc == 127)
		snprintf(why, n, "could not be run (exit status 127)");
	else if (rc > 128)
		snprintf(why, n, "was killed by signal %d", rc - 128);
	else
		snprintf(why, n, "failed with exit status %d (its message above)", rc);
}

/* --unix: root, and shadow's tool there. 0 or an exit status. */
static int unix_allowed(struct cli *c, const char *cmd, const char *tool)
{
	if (geteuid() != 0)
		return cli_fail(c, EXIT_NOT_PERMITTED, "%s --unix: only root may %s a Unix account",
		                cmd, strcmp(cmd, "useradd") == 0 ? "create" : "delete");
	if (access(tool, X_OK) != 0)
		return cli_fail(c, EXIT_SYSTEM, "%s --unix: no %s (Debian's passwd package)", cmd,
		                tool);
	return 0;
}

/* An all-digit name is read as a uid by chown, find, ps, ls -l and the
 * like: `useradd --unix 0` made a user `0` whom `chown 0 f` never meant. */
static int all_digits(const char *name)
{
	if (!*name)
		return 0;
	for (; *name; name++)
		if (*name < '0' || *name > '9')
			return 0;
	return 1;
}

/* UID_MIN or UID_MAX of /etc/login.defs, else useradd's default. */
static unsigned long login_defs(const char *key, unsigned long dflt)
{
	FILE *f = fopen("/etc/login.defs", "re");
	if (!f)
		return dflt;
	char line[256];
	unsigned long v = dflt;
	size_t n = strlen(key);
	while (fgets(line, sizeof line, f)) {
		if (strncmp(line, key, n) != 0 || (line[n] != ' ' && line[n] != '\t'))
			continue;
		char *end;
		errno = 0;
		unsigned long x = strtoul(line + n, &end, 10);
		if (!errno && end != line + n)
			v = x;
	}
	fclose(f);
	return v;
}

/* Whether the Unix account pw is one `useradd --unix` makes: a regular
 * user's uid (UID_MIN..UID_MAX of login.defs, where useradd puts people;
 * below are the system's accounts, above nobody and the like) and its
 * password field exactly `!` (useradd --unix locks it so; one with a Unix
 * password of its own, or taken over by `import shadow`, was not made by
 * pwpol). Else NULL, or why not. */
static const char *not_made_by_pwpol(const struct passwd *pw, char *why, size_t n)
{
	unsigned long lo = login_defs("UID_MIN", 1000), hi = login_defs("UID_MAX", 60000);
	if (pw->pw_uid < lo || pw->pw_uid > hi) {
		snprintf(why, n, "uid %lu is outside UID_MIN..UID_MAX (%lu..%lu): a system account",
		         (unsigned long)pw->pw_uid, lo, hi);
		return why;
	}
	struct spwd *sp = getspnam(pw->pw_name);
	if (!sp || !sp->sp_pwdp || strcmp(sp->sp_pwdp, "!") != 0) {
		snprintf(why, n,
		         "it has a Unix password field of its own, not the `!` of useradd --unix");
		return why;
	}
	return NULL;
}

/* What --unix needs before anything is made: root, shadow's useradd, and
 * no Unix account of that name (an existing one is taken over by `import
 * shadow`, never given a second password). 0 or an exit status. */
static int unix_precheck(struct cli *c, const char *name)
{
	int rc = unix_allowed(c, "useradd", UNIX_USERADD);
	if (rc)
		return rc;
	if (all_digits(name))
		return cli_fail(
		    c, EXIT_USAGE,
		    "useradd --unix: %s is all digits, which chown, find, ps and the like "
		    "read as a uid: choose a name with a letter",
		    name);
	errno = 0;
	if (getpwnam(name))
		return cli_fail(c, EXIT_USAGE,
		                "useradd --unix: the Unix account %s exists already; `pwpol import "
		                "shadow %s` takes it over, `pwpol useradd %s` (without --unix) "
		                "adds the pwpol account alone",
		                name, name, name);
	return 0;
}

/* The pwpol account is made (and committed) first, then the Unix one; if
 * useradd fails the pwpol account is deleted again, so nothing is left
 * half made. 0 or an exit status. */
static int add_unix(struct cli *c, const char *name)
{
	/* The password field locked: only pam_pwpol authenticates it. */
	static const char *const args[] = {"useradd", "--create-home", "--password", "!",
	                                   "--",      "NAME",          NULL};
	int rc = run_shadow_tool(UNIX_USERADD, args, 5, name);
	if (rc == 0)
		return 0;
	char why[96];
	tool_failure(rc, why, sizeof why);
	enum pwpol_status st = pwpol_account_delete(c->store, c->policy, name, c->now);
	if (st != PWPOL_OK)
		return cli_fail(c, EXIT_SYSTEM,
		                "useradd --unix: " UNIX_USERADD " %s; the pwpol account %s could "
		                "not be removed again (%s): `pwpol userdel %s` removes it",
		                why, name, pwpol_store_error(c->store), name);
	return cli_fail(c, EXIT_SYSTEM,
	                "useradd --unix: " UNIX_USERADD " %s; the pwpol account %s was removed "
	                "again",
	                why, name);
}

int cmd_useradd(struct cli *c, int argc, char **argv)
{
	struct set_opts so = {0};
	int i = parse_set_opts(c, argc, argv, &so);
	if (i < 0)
		return EXIT_USAGE;
	if (so.batch && i == argc && !so.reset && !so.factory_default && !so.force && !so.sha512 &&
	    !so.import && !so.unix_too)
		return batch_accounts(c, 1, so.cls);
	if (i < argc - 1)
		return unexpected(c, "useradd", argv[i + 1]);
	if (so.reset || so.factory_default || so.force || so.sha512 || so.batch || i != argc - 1)
		return cli_usage(c);
	const char *name = argv[i];
	unsigned perms;
	if (so.cls && pwpol_class_permissions(c->policy, so.cls, &perms) != PWPOL_OK)
		return cli_usage_error(c,
		                       "--class %.40s: no such class (super-user, operator, "
		                       "read-only, unauthorized, or one the configuration defines)",
		                       so.cls);
	int rc = so.unix_too ? unix_precheck(c, name) : 0;
	if (rc)
		return rc;
	struct secret s;
	struct pwpol_secret ps;
	rc = get_new_secret(c, &so, "New password: ", "Retype new password: ", NULL, &s, &ps);
	if (rc) {
		pwpol_wipe(&s, sizeof s);
		return rc;
	}
	enum pwpol_status st = pwpol_account_add(c->store, c->policy, name, &ps, c->now, c->report);
	pwpol_wipe(&s, sizeof s);
	if (st == PWPOL_OK && so.cls)
		st = pwpol_account_set_class(c->store, c->policy, name, so.cls, c->now);
	if (st == PWPOL_ESYSTEM || st == PWPOL_ENOMEM || st == PWPOL_EEXIST)
		return store_failed(c, st, name);
	if (st == PWPOL_EINVAL && !pwpol_report_count(c->report))
		return cli_fail(c, EXIT_USAGE,
		                "not a usable password hash (unknown, malformed, or too costly to "
		                "verify)");
	if (st == PWPOL_OK && so.unix_too && (rc = add_unix(c, name)) != 0)
		return rc;
	char what[160];
	snprintf(what, sizeof what, "added %s%s (temporary password: change at first login)", name,
	         so.unix_too ? " and its Unix account" : "");
	return report_result(c, st, what);
}

int cmd_passwd(struct cli *c, int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "--expire") == 0 && argv[2][0] != '-')
		return cmd_passwd_expire(c, argv[2]);
	struct set_opts so = {0};
	int i = parse_set_opts(c, argc, argv, &so);
	if (i < 0)
		return EXIT_USAGE;
	if (so.batch && i == argc && !so.factory_default && !so.force && !so.sha512 && !so.cls &&
	    !so.unix_too && !so.import)
		return batch_accounts(c, 0, NULL);
	if (i < argc - 1)
		return unexpected(c, "passwd", argv[i + 1]);
	if (so.factory_default || so.force || so.sha512 || so.cls || so.unix_too || so.batch ||
	    i != argc - 1 || (so.import && !so.reset))
		return cli_usage(c);
	const char *name = argv[i];
	enum pwpol_status st;
	struct secret old, s;
	memset(&old, 0, sizeof old);
	memset(&s, 0, sizeof s);
	int rc = 0;
	if (so.reset) {
		struct pwpol_secret ps;
		rc = get_new_secret(c, &so, "New password: ", "Retype new password: ", NULL, &s,
		                    &ps);
		if (rc == 0)
			st = pwpol_account_reset(c->store, c->policy, name, &ps, c->now, c->report);
	} else {
		rc = read_secret(c, "Current password: ", 0, &old);
		/* The current password proved (and minimum-lifetime told) before
		 * a new one is asked for. */
		if (rc == 0)
			st = pwpol_account_verify_current(c->store, c->policy, name, old.s, old.len,
			                                  c->now, c->report);
		if (rc == 0 && st == PWPOL_OK)
			rc = read_new_secret(c, "New password: ", "Retype new password: ", &s);
		if (rc == 0 && st == PWPOL_OK)
			st = pwpol_account_change(c->store, c->policy, name, old.s, old.len, s.s,
			                          s.len, c->now, c->report);
	}
	pwpol_wipe(&old, sizeof old);
	pwpol_wipe(&s, sizeof s);
	if (rc)
		return rc;
	if (st == PWPOL_ESYSTEM || st == PWPOL_ENOMEM || st == PWPOL_ENOENT)
		return store_failed(c, st, name);
	if (st == PWPOL_LOCKED && !c->json)
		printf("locked: %s cannot change its password while locked\n", name);
	else if (st == PWPOL_REJECTED && !pwpol_report_count(c->report) && !c->json)
		puts("rejected: wrong username or password");
	else if (st == PWPOL_EINVAL && !pwpol_report_count(c->report))
		return cli_fail(c, EXIT_USAGE,
		                "not a usable password hash (unknown, malformed, or too costly to "
		                "verify)");
	char what[320];
	snprintf(what, sizeof what, "%s%s%s",
	         so.reset ? "password reset (temporary: change at next login)" : "password changed",
	         *pwpol_store_notice(c->store) ? "; " : "", pwpol_store_notice(c->store));
	return report_result(c, st, what);
}

int cmd_login(struct cli *c, int argc, char **argv)
{
	if (argc != 2 || argv[1][0] == '-')
		return cli_usage(c);
	const char *name = argv[1];
	struct secret s;
	int rc = read_secret(c, "Password: ", 0, &s);
	if (rc) {
		pwpol_wipe(&s, sizeof s);
		return rc;
	}
	enum pwpol_change_reason why = PWPOL_REASON_NONE;
	enum pwpol_status st =
	    pwpol_account_authenticate(c->store, c->policy, name, s.s, s.len, c->now, &why);
	pwpol_wipe(&s, sizeof s);
	const char *reason = pwpol_change_reason_name(why);
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

/* userdel and unlock: one name, one call, one line. */
static int one_name(struct cli *c, int argc, char **argv,
                    enum pwpol_status (*fn)(struct cli *, const char *), const char *done)
{
	if (argc != 2 || argv[1][0] == '-')
		return cli_usage(c);
	const char *name = argv[1];
	enum pwpol_status st = fn(c, name);
	if (st != PWPOL_OK)
		return store_failed(c, st, name);
	if (c->json)
		puts("{\"ok\":true}");
	else
		printf("%s %s\n", done, name);
	return 0;
}

static enum pwpol_status delete_one(struct cli *c, const char *name)
{
	return pwpol_account_delete(c->store, c->policy, name, c->now);
}

static enum pwpol_status unlock_one(struct cli *c, const char *name)
{
	return pwpol_account_unlock(c->store, name, c->now);
}

/* userdel [--unix] NAME. With --unix the pwpol account is deleted first
 * (the library decides who may, and refuses admin, root and t128), then
 * shadow's userdel runs; a Unix account left by a failed userdel can no
 * longer log in through pam_pwpol. Its home directory is kept. */
int cmd_userdel(struct cli *c, int argc, char **argv)
{
	/* --unix before or after the name, as other options may stand. */
	int at = argc != 3                        ? 0
	         : strcmp(argv[1], "--unix") == 0 ? 2
	         : strcmp(argv[2], "--unix") == 0 ? 1
	                                          : 0;
	if (at && argv[at][0] != '-') {
		const char *name = argv[at];
		int rc = unix_allowed(c, "userdel", UNIX_USERDEL);
		if (rc)
			return rc;
		/* Only a Unix account pwpol made goes, decided before anything is
		 * deleted: `pwpol useradd sshd` must not lend the system's sshd
		 * to userdel. */
		errno = 0;
		const struct passwd *pw = getpwnam(name);
		char whynot[160];
		if (pw && not_made_by_pwpol(pw, whynot, sizeof whynot))
			return cli_fail(
			    c, EXIT_USAGE,
			    "userdel --unix: the Unix account %s was not made by pwpol "
			    "(%s); nothing deleted: `pwpol userdel %s` deletes the pwpol "
			    "account alone",
			    name, whynot, name);
		enum pwpol_status st = pwpol_account_delete(c->store, c->policy, name, c->now);
		if (st != PWPOL_OK)
			return store_failed(c, st, name);
		errno = 0;
		int had_unix = getpwnam(name) != NULL;
		static const char *const args[] = {"userdel", "--", "NAME", NULL};
		rc = had_unix ? run_shadow_tool(UNIX_USERDEL, args, 2, name) : 0;
		if (rc) {
			char why[96];
			tool_failure(rc, why, sizeof why);
			return cli_fail(
			    c, EXIT_SYSTEM,
			    "userdel --unix: the pwpol account %s was deleted, but " UNIX_USERDEL
			    " %s: the Unix account %s remains (pam_pwpol no longer lets it "
			    "log in)",
			    name, why, name);
		}
		if (c->json)
			puts("{\"ok\":true}");
		else
			printf("deleted %s%s\n", name,
			       had_unix ? " and its Unix account (its home directory is kept)"
			                : " (there was no Unix account of that name)");
		return 0;
	}
	for (int k = 1; k < argc; k++)
		if (strcmp(argv[k], "--unix") == 0)
			return cli_usage(c);
	return one_name(c, argc, argv, delete_one, "deleted");
}

int cmd_unlock(struct cli *c, int argc, char **argv)
{
	return one_name(c, argc, argv, unlock_one, "unlocked");
}
