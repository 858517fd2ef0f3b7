/*
 * config.c - `pwpol config SUBCOMMAND`: the commit check of a policy file
 * and the effective policy. A table of subcommands in the shape of the
 * main one, so `config commit`, `history` and the rest land here as rows.
 */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int config_check(struct cli *c, int argc, char **argv)
{
	if (argc > 2)
		return cli_usage_error(c, "usage: pwpol config check [FILE]");
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
	if (c->json)
		puts("{\"ok\":true}");
	else
		printf("%s: configuration check succeeds\n", path);
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
	else if (o == PWPOL_OPT_USERNAME_CHECK)
		snprintf(val, n, "%s", v ? "on" : "off");
	else if (v == 0 && pwpol_opt_optional(o))
		snprintf(val, n, "none");
	else
		snprintf(val, n, "%ld", v);
}

static int show_sources(struct cli *c)
{
	const pwpol_policy *p = c->policy;
	printf("# profile %s; effective minimum length %ld\n", pwpol_policy_profile(p),
	       pwpol_policy_effective_minimum_length(p));
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
	if (argc > 2 || (argc == 2 && !sources))
		return cli_usage_error(c, "usage: pwpol config show [--sources]");
	if (sources)
		return show_sources(c);
	if (c->json) {
		/* One object: the profile, then each statement with its value and
		 * where it came from (null: the profile's default). */
		const pwpol_policy *p = c->policy;
		printf("{\"ok\":true,\"profile\":\"%s\",\"effective_minimum_length\":%ld,"
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
	if (pwpol_config_write(c->policy, &text) != PWPOL_OK)
		return cli_fail(c, EXIT_SYSTEM, "out of memory");
	fputs(text, stdout);
	free(text);
	return 0;
}

static const struct cli_command subcommands[] = {
    {"check", config_check, "config check [FILE]\nRuns the commit check of a policy file.", 0},
    {"show", config_show,
     "config show [--sources]\nThe effective policy; with --sources, where each value came "
     "from.",
     NEEDS_POLICY},
};

int cmd_config(struct cli *c, int argc, char **argv)
{
	return cli_run_sub(c, "config", subcommands, sizeof subcommands / sizeof *subcommands, argc,
	                   argv);
}
