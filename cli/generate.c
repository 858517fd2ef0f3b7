/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * generate.c - `pwpol generate`: passwords or passphrases that the policy
 * in force takes, made by the library (pwpol_generate), one a line, with
 * their entropy.
 */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

/* More than anyone sets by hand; a bound on what one run prints. */
#define COUNT_MAX 1000000

/* stdout's buffer, ours so that the passwords printed through it are
 * wiped when the command ends. */
static char outbuf[1 << 16];

static int generate_one(struct cli *c, const char *user, int passphrase)
{
	static int said; /* the entropy, once a run */
	char pw[PWPOL_INPUT_MAX + 1];
	int bits = 0;
	enum pwpol_status st =
	    pwpol_generate(c->policy, user, passphrase, pw, sizeof pw, &bits, c->report);
	if (st == PWPOL_REJECTED) {
		char why[512] = "";
		FILE *m = fmemopen(why, sizeof why, "w");
		if (m) {
			print_findings_text(m, c->report, PWPOL_SEVERITY_ERROR);
			fclose(m);
		}
		return cli_fail(c, EXIT_USAGE,
		                "generate: the policy refuses every %s the generator can draw "
		                "(%s)",
		                passphrase ? "passphrase" : "password", why);
	}
	if (st != PWPOL_OK)
		return cli_fail(c, pwpol_exit_status(st), "generate: %s",
		                st == PWPOL_ESYSTEM ? "no random bytes, or the blocklist cannot "
		                                      "be read"
		                                    : pwpol_status_name(st));
	if (c->json) {
		fputs("{\"ok\":true,\"password\":", stdout);
		json_str(stdout, pw);
		printf(",\"bits\":%d,\"kind\":\"%s\"}\n", bits,
		       passphrase ? "passphrase" : "password");
	} else {
		puts(pw);
		if (!said && !c->quiet) {
			fprintf(stderr,
			        "pwpol: %d bits of entropy each (%s, from the kernel's random "
			        "source)\n",
			        bits, passphrase ? "words of libpasswdqc's list" : "characters");
			said = 1;
		}
	}
	pwpol_wipe(pw, sizeof pw);
	return 0;
}

int cmd_generate(struct cli *c, int argc, char **argv)
{
	static const struct option lo[] = {{"user", required_argument, 0, 'u'},
	                                   {"count", required_argument, 0, 'n'},
	                                   {"passphrase", no_argument, 0, 'p'},
	                                   {0, 0, 0, 0}};
	const char *user = NULL;
	long count = 1;
	int passphrase = 0, o;
	while ((o = getopt_long(argc, argv, "+u:n:p", lo, NULL)) != -1) {
		char *end;
		switch (o) {
		case 'u': user = optarg; break;
		case 'p': passphrase = 1; break;
		case 'n':
			errno = 0;
			count = strtol(optarg, &end, 10);
			if (errno || *end || !*optarg || count < 1 || count > COUNT_MAX)
				return cli_usage_error(c, "generate: --count needs a number 1..%d",
				                       COUNT_MAX);
			break;
		default: return cli_option_error(c, "generate", argv, lo);
		}
	}
	if (optind != argc)
		return cli_usage_error(c, "generate: unexpected argument '%s'", argv[optind]);
	if (user && bad_user(c, "generate", user))
		return EXIT_USAGE;
	setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);
	int rc = 0;
	for (long i = 0; i < count && rc == 0; i++)
		rc = generate_one(c, user, passphrase);
	fflush(stdout);
	pwpol_wipe(outbuf, sizeof outbuf);
	return rc;
}
