/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * config.c - `pwpol config SUBCOMMAND`: the commit check of a policy file,
 * the effective policy, and the configuration committed into the store
 * (commit, confirm, history, rollback, compare). A table of subcommands in
 * the shape of the main one.
 */
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The most configuration text read from a file or standard input. */
#define CONFIG_TEXT_MAX (1024 * 1024)

static void policy_from(const struct cli *c, char *buf, size_t n);
static void policy_from_over(const struct cli *c, char *buf, size_t n, int name_over);

/* `config check --against STANDARD`: one requirement a line (text) or
 * one object with them all (--json). */
struct against {
	struct cli *c;
	int n;
};

static int print_requirement(const struct pwpol_requirement *r, void *arg)
{
	struct against *a = arg;
	char from[300];
	if (r->source)
		snprintf(from, sizeof from, "%s", r->source);
	else
		snprintf(from, sizeof from, "profile %s", pwpol_policy_profile(a->c->policy));
	if (a->c->json) {
		fputs(a->n ? ",{\"id\":" : "{\"id\":", stdout);
		json_str(stdout, r->id);
		fputs(",\"requirement\":", stdout);
		json_str(stdout, r->text);
		fputs(",\"statement\":", stdout);
		json_str(stdout, r->statement);
		fputs(",\"source\":", stdout);
		json_str(stdout, from);
		printf(",\"met\":%s}", r->met ? "true" : "false");
	} else {
		printf("%-8s %-30s %-32s %s (%s)\n", r->met ? "met" : "NOT MET", r->id,
		       r->statement, r->text, from);
	}
	a->n++;
	return 0;
}

/* An account whose own maximum is above the standard's: said, not
 * counted (the stricter figure applies). */
struct looser {
	struct cli *c;
	int n;
};

static int print_looser(const char *name, long own, long max, void *arg)
{
	struct looser *lo = arg;
	if (lo->c->json) {
		fputs(lo->n ? ",{\"name\":" : "{\"name\":", stdout);
		json_str(stdout, name);
		printf(",\"max_days\":%ld,\"standard\":%ld}", own, max);
	} else {
		printf("account  %-30s max-days %ld of its own, above the standard's %ld: the "
		       "policy's figure applies (the stricter wins)\n",
		       name, own, max);
	}
	lo->n++;
	return 0;
}

/* The policy in force (or FILE's) against a standard: exit 0 when it meets
 * every requirement, 1 otherwise. */
static int config_against(struct cli *c, int argc, char **argv)
{
	const char *standard = argv[2];
	pwpol_policy *file = NULL;
	char from[512];
	if (argc == 5) {
		/* --from KIND=FILE,...: today's stack judged directly. */
		int rc = config_from_stack(c, argv[4], &file);
		if (rc) {
			pwpol_policy_free(file);
			return rc;
		}
		snprintf(from, sizeof from, "the stack %.480s", argv[4]);
		c->policy = file;
	} else if (argc == 4) {
		pwpol_config_errors *e = NULL;
		const char *used = argv[3];
		enum pwpol_status st = pwpol_policy_load(argv[3], &file, &e, &used);
		int rc = 0;
		if (st != PWPOL_OK)
			rc = pwpol_config_errors_count(e)
			         ? config_failed(c, e)
			         : cli_fail(c, EXIT_USAGE, "%s: cannot read the configuration",
			                    argv[3]);
		else
			print_config_errors(e);
		pwpol_config_errors_free(e);
		if (rc)
			return rc;
		snprintf(from, sizeof from, "file %s", argv[3]);
		c->policy = file;
	} else {
		policy_from(c, from, sizeof from);
	}
	struct against a = {c, 0};
	unsigned unmet = 0;
	if (pwpol_compliance_check(c->policy, standard, NULL, NULL, &unmet) != PWPOL_OK) {
		c->policy = file ? NULL : c->policy;
		pwpol_policy_free(file);
		return cli_usage_error(c,
		                       "config check: unknown standard '%s' (nist-800-63b, "
		                       "stig-rhel9 or stig-srx-ndm)",
		                       standard);
	}
	if (c->json) {
		/* The verdict first, then the list. */
		printf("{\"ok\":%s,\"standard\":", unmet ? "false" : "true");
		json_str(stdout, standard);
		fputs(",\"from\":", stdout);
		json_str(stdout, from);
		fputs(",\"requirements\":[", stdout);
	} else {
		printf("# %s against %s\n", from, standard);
	}
	pwpol_compliance_check(c->policy, standard, print_requirement, &a, &unmet);
	if (c->json)
		printf("],\"unmet\":%u", unmet);
	/* The accounts' own figures beside the policy's, when a store is
	 * named (--db or $PWPOL_DB with a store there). */
	struct looser lo = {c, 0};
	if (c->json && c->store)
		fputs(",\"accounts_above\":[", stdout);
	if (c->store)
		pwpol_aging_against(c->store, standard, print_looser, &lo);
	if (c->json)
		puts(c->store ? "]}" : "}");
	else if (unmet)
		printf("%s: %u of %d requirements not met\n", standard, unmet, a.n);
	else
		printf("%s: all %d requirements met\n", standard, a.n);
	if (file) {
		c->policy = NULL;
		pwpol_policy_free(file);
	}
	return unmet ? EXIT_REJECTED : 0;
}

/* Without FILE, --against checks the configuration in force, loaded as
 * `config show` loads it (the store's committed one first). */
static const struct cli_command against_in_force = {
    "check", config_against, "config check --against STANDARD [FILE | --from KIND=FILE,...]",
    NEEDS_POLICY | MAY_STORE};

static int config_check(struct cli *c, int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "--against") == 0) {
		if (argc < 3 || argc > 5 || (argc == 5 && strcmp(argv[3], "--from") != 0))
			return cli_usage(c);
		if (argc >= 4)
			return config_against(c, argc, argv);
		return cli_run(c, &against_in_force, argc, argv);
	}
	if (argc > 2)
		return cli_usage(c);
	if (argc == 2 && argv[1][0] == '-' && argv[1][1])
		return cli_usage_error(c, "config check: unknown option '%s'", argv[1]);
	/* With no file named, what applies: the default file if there is one,
	 * else the built-in profile (which always passes). */
	const char *path = argc == 2 ? argv[1] : c->config;
	pwpol_policy *p = NULL;
	pwpol_config_errors *e = NULL;
	enum pwpol_status st = pwpol_policy_load(path, &p, &e, &path);
	char builtin[64];
	if (!path && p) {
		snprintf(builtin, sizeof builtin, "built-in profile %s", pwpol_policy_profile(p));
		path = builtin;
	}
	int rc = 0;
	if (st != PWPOL_OK)
		rc = pwpol_config_errors_count(e)
		         ? config_failed(c, e)
		         : cli_fail(c, EXIT_USAGE, "%s: cannot read the configuration",
		                    path ? path : "policy");
	else
		print_config_errors(e); /* warnings */
	pwpol_config_errors_free(e);
	pwpol_policy_free(p);
	if (rc)
		return rc;
	/* A file the store's committed configuration overrides passes and is
	 * still not in force: said, as show says it (the library decides). */
	char over[64] = "";
	if (c->store && path && path != builtin) {
		pwpol_policy *in_force = NULL;
		char used[64];
		if (pwpol_policy_load_from(c->store, path, c->now, &in_force, NULL, used,
		                           sizeof used) == PWPOL_OK &&
		    pwpol_policy_overridden(in_force))
			snprintf(over, sizeof over, "%s", used);
		pwpol_policy_free(in_force);
	}
	if (c->json) {
		fputs("{\"ok\":true,\"overridden_by\":", stdout);
		if (over[0])
			json_str(stdout, over);
		else
			fputs("null", stdout);
		puts("}");
	} else {
		printf("%s: configuration check succeeds\n", path);
		if (over[0])
			printf("%s: overridden: not in force, the store's committed configuration "
			       "(%s of %s) applies\n",
			       path, over, c->db);
	}
	return 0;
}

/* A statement's value as the configuration spells it. */
static void value_text(const pwpol_policy *p, enum pwpol_opt o, char *val, size_t n)
{
	long v = pwpol_policy_get(p, o);
	if (pwpol_opt_is_string(o) && pwpol_policy_get_string(p, o))
		snprintf(val, n, "%s", pwpol_policy_get_string(p, o));
	else if (o == PWPOL_OPT_FORMAT)
		snprintf(val, n, "%s", pwpol_format_name((enum pwpol_format)v));
	else if (o == PWPOL_OPT_CHANGE_TYPE)
		snprintf(val, n, "%s", pwpol_change_type_name((enum pwpol_change_type)v));
	else if (o == PWPOL_OPT_USERNAME_CHECK || o == PWPOL_OPT_ROOT_LOCKOUT)
		snprintf(val, n, "%s", v ? "on" : "off");
	else if (v == 0 && pwpol_opt_optional(o))
		snprintf(val, n, "none");
	else
		snprintf(val, n, "%ld", v);
}

/* What `config show` shows: the store's commit, a file, or the profile. */
static void policy_from(const struct cli *c, char *buf, size_t n)
{
	policy_from_over(c, buf, n, 0);
}

/* The same, naming the file the store's commit overrides (config show). */
static void policy_from_over(const struct cli *c, char *buf, size_t n, int name_over)
{
	const char *over = name_over ? pwpol_policy_overridden(c->policy) : NULL;
	if (strncmp(c->policy_from, "commit ", 7) == 0 && over)
		snprintf(buf, n, "%s of the store %s; the file %s is overridden, not read",
		         c->policy_from, c->db, over);
	else if (strncmp(c->policy_from, "commit ", 7) == 0)
		snprintf(buf, n, "%s of the store %s", c->policy_from, c->db);
	else if (c->policy_from[0])
		snprintf(buf, n, "file %s", c->policy_from);
	else
		snprintf(buf, n, "built-in profile %s", pwpol_policy_profile(c->policy));
}

static int show_sources(struct cli *c)
{
	const pwpol_policy *p = c->policy;
	char from[512];
	policy_from_over(c, from, sizeof from, 1);
	if (c->json) {
		/* JSON from the first line: the header as an object of its own. */
		fputs("{\"ok\":true,\"from\":", stdout);
		json_str(stdout, from);
		printf(",\"profile\":\"%s\",\"effective_minimum_length\":%ld}\n",
		       pwpol_policy_profile(p), pwpol_policy_effective_minimum_length(p));
	} else {
		printf("# from %s\n", from);
		printf("# profile %s; effective minimum length %ld\n", pwpol_policy_profile(p),
		       pwpol_policy_effective_minimum_length(p));
	}
	for (int i = 0; i < PWPOL_OPT_COUNT; i++) {
		enum pwpol_opt o = (enum pwpol_opt)i;
		const char *src = pwpol_policy_source(p, o);
		char val[300];
		value_text(p, o, val, sizeof val);
		if (c->json) {
			printf("{\"statement\":\"%s\",\"value\":", pwpol_opt_name(o));
			json_str(stdout, val);
			fputs(",\"source\":", stdout);
			if (src)
				json_str(stdout, src);
			else
				printf("\"profile %s\"", pwpol_policy_profile(p));
			puts("}");
		} else if (src) {
			printf("%-26s %-16s %s\n", pwpol_opt_name(o), val, src);
		} else {
			printf("%-26s %-16s profile %s\n", pwpol_opt_name(o), val,
			       pwpol_policy_profile(p));
		}
	}
	return 0;
}

static int config_show(struct cli *c, int argc, char **argv)
{
	int sources = argc == 2 && strcmp(argv[1], "--sources") == 0;
	int set = argc == 2 && strcmp(argv[1], "--set") == 0;
	if (argc > 2 || (argc == 2 && !sources && !set))
		return cli_usage(c);
	/* Viewing the configuration needs admin, as history and compare do
	 * (the library decides: permit.c). */
	char why[512];
	if (c->store &&
	    pwpol_store_permits(c->store, PWPOL_PERMISSION_ADMIN, why, sizeof why) != PWPOL_OK)
		return cli_fail(c, EXIT_NOT_PERMITTED, "%s", why);
	if (sources)
		return show_sources(c);
	if (c->json) {
		/* One object: the profile, then each statement with its value and
		 * where it came from (null: the profile's default). */
		const pwpol_policy *p = c->policy;
		char from[512];
		policy_from_over(c, from, sizeof from, 1);
		fputs("{\"ok\":true,\"from\":", stdout);
		json_str(stdout, from);
		printf(",\"profile\":\"%s\",\"effective_minimum_length\":%ld,"
		       "\"statements\":{",
		       pwpol_policy_profile(p), pwpol_policy_effective_minimum_length(p));
		for (int i = 0; i < PWPOL_OPT_COUNT; i++) {
			enum pwpol_opt o = (enum pwpol_opt)i;
			char val[300];
			value_text(p, o, val, sizeof val);
			printf("%s\"%s\":{\"value\":", i ? "," : "", pwpol_opt_name(o));
			json_str(stdout, val);
			fputs(",\"source\":", stdout);
			if (pwpol_policy_source(p, o))
				json_str(stdout, pwpol_policy_source(p, o));
			else
				fputs("null", stdout);
			fputc('}', stdout);
		}
		puts("}}");
		return 0;
	}
	char *text = NULL;
	if ((set ? pwpol_config_write_set(c->policy, &text)
	         : pwpol_config_write(c->policy, &text)) != PWPOL_OK)
		return cli_fail(c, EXIT_SYSTEM, "out of memory");
	char from[512];
	policy_from_over(c, from, sizeof from, 1);
	printf("# from %s\n", from);
	fputs(text, stdout);
	free(text);
	return 0;
}

/* ---- the configuration in the store ---------------------------------- */

/* The whole text of FILE, or of standard input for "-". */
static int read_text(struct cli *c, const char *path, char **out, size_t *len)
{
	char why[512];
	int fd = strcmp(path, "-") == 0 ? STDIN_FILENO : pwpol_input_open(path, why, sizeof why);
	if (fd < 0)
		return cli_fail(c, EXIT_USAGE, "%s", why);
	char *buf = malloc(CONFIG_TEXT_MAX + 1);
	size_t n = 0;
	ssize_t k = 0;
	while (buf && n <= CONFIG_TEXT_MAX &&
	       (k = read(fd, buf + n, CONFIG_TEXT_MAX + 1 - n)) != 0) {
		if (k < 0 && errno == EAGAIN) {
			/* Standard input left non-blocking by its giver: wait. */
			fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
			continue;
		}
		if (k < 0 && errno != EINTR)
			break;
		if (k > 0)
			n += (size_t)k;
	}
	int err = errno;
	if (fd != STDIN_FILENO)
		close(fd);
	if (!buf)
		return cli_fail(c, EXIT_SYSTEM, "out of memory");
	if (k < 0) {
		free(buf);
		return cli_fail(c, EXIT_USAGE, "%s: %s", path, strerror(err));
	}
	if (n > CONFIG_TEXT_MAX) {
		free(buf);
		return cli_fail(c, EXIT_USAGE, "%s: longer than %d bytes", path, CONFIG_TEXT_MAX);
	}
	buf[n] = 0;
	*out = buf;
	*len = n;
	return 0;
}

/* Who commits: the real user's login name. */
static const char *author(void)
{
	struct passwd *pw = getpwuid(getuid());
	return pw && pw->pw_name ? pw->pw_name : "unknown";
}

/* [-m COMMENT] [--merge] [--confirmed [MINUTES]] among argv[1..]; *file
 * gets the one other argument (if want_file). */
static int commit_args(struct cli *c, int argc, char **argv, struct pwpol_commit_opts *o,
                       const char **arg, int merge_ok)
{
	*arg = NULL;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "-m") == 0 && i + 1 < argc) {
			o->comment = argv[++i];
		} else if (strcmp(a, "--merge") == 0 && merge_ok) {
			o->flags |= PWPOL_COMMIT_MERGE;
		} else if (strcmp(a, "--confirmed") == 0 &&
		           (i + 1 == argc || strspn(argv[i + 1], "0123456789") == 0)) {
			o->confirm_minutes = PWPOL_CONFIRM_MINUTES_DEFAULT; /* Junos: 10 */
		} else if (strcmp(a, "--confirmed") == 0) {
			char *end;
			errno = 0;
			long m = strtol(argv[++i], &end, 10);
			if (errno || *end || m < 1 || m > PWPOL_CONFIRM_MINUTES_MAX)
				return cli_usage_error(c, "--confirmed takes minutes, 1 to %d",
				                       PWPOL_CONFIRM_MINUTES_MAX);
			o->confirm_minutes = m;
		} else if (!*arg && (a[0] != '-' || strcmp(a, "-") == 0)) {
			*arg = a;
		} else {
			return cli_usage(c);
		}
	}
	if (!*arg)
		return cli_usage(c);
	return 0;
}

/* The answer of a commit or a rollback. */
static int committed(struct cli *c, enum pwpol_status st, pwpol_config_errors *e,
                     const struct pwpol_commit_info *info, const char *what)
{
	if (st == PWPOL_EINVAL && pwpol_config_errors_count(e))
		return config_failed(c, e);
	print_config_errors(e); /* warnings */
	if (st == PWPOL_ENOENT)
		return cli_fail(c, EXIT_USAGE, "%s: the store keeps no such commit", what);
	if (st != PWPOL_OK)
		return store_failed(c, st, NULL);
	char by[32];
	fmt_time(info->confirm_by, by, sizeof by);
	if (c->json) {
		printf("{\"ok\":true,\"commit\":%lu,\"confirm_by\":", info->number);
		if (info->confirm_by)
			json_str(stdout, by);
		else
			fputs("null", stdout);
		puts("}");
		return 0;
	}
	if (info->confirm_by)
		printf("commit confirmed will be rolled back at %s unless confirmed\n", by);
	printf("commit %lu complete\n", info->number);
	return 0;
}

static int config_commit(struct cli *c, int argc, char **argv)
{
	struct pwpol_commit_opts o = {.author = author()};
	const char *file;
	int rc = commit_args(c, argc, argv, &o, &file, 1);
	if (rc)
		return rc;
	char *text;
	size_t len;
	if ((rc = read_text(c, file, &text, &len)) != 0)
		return rc;
	o.name = strcmp(file, "-") == 0 ? "(stdin)" : file;
	pwpol_config_errors *e = NULL;
	struct pwpol_commit_info info;
	enum pwpol_status st = pwpol_config_commit(c->store, text, len, &o, c->now, &e, &info);
	free(text);
	rc = committed(c, st, e, &info, file);
	pwpol_config_errors_free(e);
	return rc;
}

static int config_rollback(struct cli *c, int argc, char **argv)
{
	struct pwpol_commit_opts o = {.author = author()};
	const char *arg;
	int rc = commit_args(c, argc, argv, &o, &arg, 0);
	if (rc)
		return rc;
	char *end;
	errno = 0;
	unsigned long n = strtoul(arg, &end, 10);
	if (errno || *end || !*arg || arg[0] == '-' || n > 1000)
		return cli_usage(c);
	pwpol_config_errors *e = NULL;
	struct pwpol_commit_info info;
	enum pwpol_status st = pwpol_config_rollback(c->store, (unsigned)n, &o, c->now, &e, &info);
	char what[32];
	snprintf(what, sizeof what, "rollback %lu", n);
	rc = committed(c, st, e, &info, what);
	pwpol_config_errors_free(e);
	return rc;
}

static int config_confirm(struct cli *c, int argc, char **argv)
{
	(void)argv;
	if (argc != 1)
		return cli_usage(c);
	struct pwpol_commit_info info;
	enum pwpol_status st = pwpol_config_confirm(c->store, c->now, &info);
	if (st == PWPOL_ENOENT)
		return cli_fail(c, EXIT_USAGE, "no commit confirmed awaits confirmation");
	if (st != PWPOL_OK)
		return store_failed(c, st, NULL);
	if (c->json)
		printf("{\"ok\":true,\"commit\":%lu}\n", info.number);
	else
		printf("commit %lu confirmed\n", info.number);
	return 0;
}

struct history {
	const struct cli *c;
	unsigned n; /* commits printed */
};

static int print_commit(const struct pwpol_commit_info *i, void *ctx)
{
	struct history *h = ctx;
	const struct cli *c = h->c;
	h->n++;
	char when[32], by[32];
	fmt_time(i->time, when, sizeof when);
	fmt_time(i->confirm_by, by, sizeof by);
	if (c->json) {
		printf("{\"rollback\":%u,\"commit\":%lu,\"time\":\"%s\",\"author\":", i->rollback,
		       i->number, when);
		json_str(stdout, i->author);
		fputs(",\"comment\":", stdout);
		json_str(stdout, i->comment);
		fputs(",\"confirm_by\":", stdout);
		if (i->confirm_by)
			json_str(stdout, by);
		else
			fputs("null", stdout);
		puts("}");
		return 0;
	}
	printf("%-3u %s by %s (commit %lu)%s%s%s\n", i->rollback, when, i->author, i->number,
	       i->confirm_by ? ", confirm by " : "", i->confirm_by ? by : "",
	       i->comment[0] ? ":" : "");
	if (i->comment[0])
		printf("    %s\n", i->comment);
	return 0;
}

static int config_history(struct cli *c, int argc, char **argv)
{
	(void)argv;
	if (argc != 1)
		return cli_usage(c);
	struct history h = {c, 0};
	enum pwpol_status st = pwpol_config_history(c->store, c->now, print_commit, &h);
	if (st != PWPOL_OK)
		return store_failed(c, st, NULL);
	/* No commit yet: an answer all the same, which a script can parse. */
	if (!h.n && c->json)
		puts("{\"ok\":true,\"commits\":[]}");
	return 0;
}

/* An empty committed text is what was in force before the first commit
 * (pwpol_config_committed): the file or the built-in profile, written out
 * as the library loads it. */
static int before_first(struct cli *c, char **text)
{
	if (**text)
		return 0;
	pwpol_policy *p = NULL;
	pwpol_config_errors *e = NULL;
	enum pwpol_status st = pwpol_policy_load(c->config, &p, &e, NULL);
	int rc = 0;
	if (st != PWPOL_OK)
		rc = pwpol_config_errors_count(e) ? config_failed(c, e)
		                                  : cli_fail(c, EXIT_SYSTEM, "out of memory");
	pwpol_config_errors_free(e);
	free(*text);
	*text = NULL;
	if (!rc && pwpol_config_write(p, text) != PWPOL_OK)
		rc = cli_fail(c, EXIT_SYSTEM, "out of memory");
	pwpol_policy_free(p);
	return rc;
}

static int config_compare(struct cli *c, int argc, char **argv)
{
	if (argc > 2)
		return cli_usage(c);
	if (argc == 2 && argv[1][0] == '-' && argv[1][1])
		return cli_usage_error(c, "config compare: unknown option '%s'", argv[1]);
	const char *arg = argc == 2 ? argv[1] : "1";
	int rollback = arg[0] && strspn(arg, "0123456789") == strlen(arg);
	char *active = NULL, *other = NULL;
	size_t olen = 0;
	enum pwpol_status st = pwpol_config_committed(c->store, 0, c->now, &active, NULL);
	if (st == PWPOL_ENOENT)
		return cli_fail(c, EXIT_USAGE, "the store holds no committed configuration");
	if (st != PWPOL_OK)
		return store_failed(c, st, NULL);
	int rc = before_first(c, &active);
	char name[32];
	if (rc) {
		;
	} else if (rollback) {
		snprintf(name, sizeof name, "rollback %s", arg);
		st = pwpol_config_committed(c->store, (unsigned)strtoul(arg, NULL, 10), c->now,
		                            &other, NULL);
		if (st == PWPOL_ENOENT)
			rc = cli_fail(c, EXIT_USAGE, "%s: the store keeps no such commit", name);
		else if (st != PWPOL_OK)
			rc = store_failed(c, st, NULL);
		if (other && !rc)
			rc = before_first(c, &other);
		if (other)
			olen = strlen(other);
	} else {
		rc = read_text(c, arg, &other, &olen);
	}
	char *diff = NULL;
	pwpol_config_errors *e = NULL;
	if (!rc) {
		/* rollback N: what changed since it; a file: what committing it
		 * would change (Junos `show | compare` after `load override`). */
		if (rollback)
			st = pwpol_config_compare(other, olen, name, active, strlen(active),
			                          "rollback 0", &diff, &e);
		else
			st = pwpol_config_compare(active, strlen(active), "rollback 0", other, olen,
			                          strcmp(arg, "-") ? arg : "(stdin)", &diff, &e);
		if (st == PWPOL_EINVAL)
			rc = config_failed(c, e);
		else if (st != PWPOL_OK)
			rc = cli_fail(c, EXIT_SYSTEM, "out of memory");
	}
	if (!rc && c->json) {
		fputs("{\"ok\":true,\"diff\":", stdout);
		json_str(stdout, diff);
		puts("}");
	} else if (!rc) {
		fputs(diff, stdout);
	}
	pwpol_config_errors_free(e);
	free(diff);
	free(active);
	free(other);
	return rc;
}

static const struct cli_command subcommands[] = {
    {"check", config_check,
     "config check [FILE] | --against STANDARD [FILE | --from KIND=FILE,...]\nRuns the "
     "commit check of a policy file; with --against (nist-800-63b, stig-rhel9, "
     "stig-srx-ndm), every requirement of the standard and whether the configuration in "
     "force (or FILE, or today's stack read as config import reads it) meets it.",
     MAY_STORE},
    {"import", config_import,
     "config import pwquality|faillock|pwhistory|login.defs FILE [KIND FILE]... | junos "
     "FILE\nPrints the pwpol configuration that enforces what today's files say "
     "(pwquality.conf with its .conf.d drop-ins, faillock.conf, pwhistory.conf, login.defs): "
     "every setting mapped, or named with why pwpol has no equivalent; or a Junos "
     "configuration's login policy as set lines.",
     0},
    {"show", config_show,
     "config show [--sources | --set]\nThe effective policy (the store's committed "
     "configuration, a file or the built-in profile: it says which); with --sources, where "
     "each value came from; with --set, as set lines (Junos `| display set`).",
     NEEDS_POLICY | MAY_STORE},
    {"commit", config_commit,
     "config commit FILE|- [-m COMMENT] [--merge] [--confirmed [MINUTES]]\nRuns the commit "
     "check and makes the text the store's active configuration (--merge: over the active "
     "one; --confirmed: rolled back unless `config confirm` follows in time, 10 minutes "
     "unless told).",
     NEEDS_STORE | CREATES_STORE},
    {"confirm", config_confirm, "config confirm\nConfirms a commit confirmed.", NEEDS_STORE},
    {"history", config_history,
     "config history\nThe commits kept, rollback 0 (the active one) first.", NEEDS_STORE},
    {"rollback", config_rollback,
     "config rollback N [-m COMMENT] [--confirmed [MINUTES]]\nMakes rollback N active again, as "
     "a new commit.",
     NEEDS_STORE},
    {"compare", config_compare,
     "config compare [N|FILE|-]\nWhat changed from rollback N (default 1) to the active "
     "configuration, or what committing FILE would change, as Junos `show | compare`.",
     NEEDS_STORE},
};

int cmd_config(struct cli *c, int argc, char **argv)
{
	return cli_run_sub(c, "config", subcommands, sizeof subcommands / sizeof *subcommands, argc,
	                   argv);
}
