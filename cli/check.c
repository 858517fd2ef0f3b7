/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * check.c - the commands that need no store: `check` (every line of
 * standard input against the policy, streamed), `hash` (a hash of each
 * password read) and `username-check` (the syntax of names).
 */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/*
 * A stream of candidates meets the same few verdicts again and again (a
 * verdict is its status and its findings: rules and figures, never a part
 * of a password). Each is formatted once, by print_verdict's own code, into
 * a small cache, and written with one call: formatting was most of the
 * command's time beside the check.
 */
#define VERDICT_SLOTS    256
#define VERDICT_FINDINGS 4

struct verdict_line {
	enum pwpol_status st;
	size_t n; /* findings; VERDICT_FINDINGS + 1 for an empty slot */
	struct pwpol_finding f[VERDICT_FINDINGS];
	size_t len;
	char text[480];
};

static int same_verdict(const struct verdict_line *e, enum pwpol_status st, const pwpol_report *r,
                        size_t n)
{
	if (e->st != st || e->n != n)
		return 0;
	for (size_t i = 0; i < n; i++) {
		const struct pwpol_finding *x = pwpol_report_get(r, i);
		if (x->rule != e->f[i].rule || x->severity != e->f[i].severity ||
		    x->need != e->f[i].need || x->have != e->f[i].have)
			return 0;
	}
	return 1;
}

/* The verdict's line, from the cache or made now. */
static void write_verdict(struct cli *c, struct verdict_line *cache, enum pwpol_status st)
{
	size_t n = pwpol_report_count(c->report);
	if (n > VERDICT_FINDINGS) {
		print_verdict(c, st);
		return;
	}
	size_t h = (size_t)st * 31;
	for (size_t i = 0; i < n; i++) {
		const struct pwpol_finding *x = pwpol_report_get(c->report, i);
		h = h * 131 + (size_t)x->rule * 17 + (size_t)x->need * 7 + (size_t)x->have;
	}
	struct verdict_line *e = &cache[h % VERDICT_SLOTS];
	if (!same_verdict(e, st, c->report, n)) {
		FILE *m = fmemopen(e->text, sizeof e->text, "w");
		e->n = VERDICT_FINDINGS + 1;
		if (!m) {
			print_verdict(c, st);
			return;
		}
		fprint_verdict(m, c, st);
		long len = ftell(m);
		fclose(m);
		if (len <= 0 || (size_t)len >= sizeof e->text - 1) {
			print_verdict(c, st); /* too long to keep */
			return;
		}
		e->st = st;
		e->n = n;
		for (size_t i = 0; i < n; i++)
			e->f[i] = *pwpol_report_get(c->report, i);
		e->len = (size_t)len;
	}
	fwrite(e->text, 1, e->len, stdout);
}

/* --user NAME: a name pwpol_username_check takes, else a usage error
 * with its reasons (a typo would check against the wrong name). */
int bad_user(struct cli *c, const char *cmd, const char *user)
{
	if (pwpol_username_check(user, c->report) == PWPOL_OK)
		return 0;
	char why[512] = "";
	FILE *m = fmemopen(why, sizeof why, "w");
	if (m) {
		print_findings_text(m, c->report, PWPOL_SEVERITY_ERROR);
		fclose(m);
	}
	cli_usage_error(c, "%s: --user: not a valid username (%s)", cmd, why);
	return 1;
}

/* The verdict with zxcvbn's estimate (--score): on the verdict's line, or
 * in its JSON object as "score". The patterns say where, never what. */
static void print_scored(struct cli *c, enum pwpol_status st, const struct pwpol_score *sc)
{
	char v[4096];
	FILE *m = fmemopen(v, sizeof v, "w");
	long n = -1;
	if (m) {
		fprint_verdict(m, c, st);
		n = ftell(m);
		fclose(m);
	}
	if (n < 2 || n >= (long)sizeof v - 1) {
		print_verdict(c, st); /* too long to extend: the verdict alone */
		return;
	}
	v[n - (c->json ? 2 : 1)] = '\0'; /* the line's end, and the object's */
	if (c->json) {
		printf("%s,\"score\":{\"score\":%d,\"bits\":%.1f,\"patterns\":[", v, sc->score,
		       sc->bits);
		for (size_t i = 0; i < sc->npatterns; i++)
			printf("%s{\"pattern\":\"%s\",\"begin\":%d,\"length\":%d}", i ? "," : "",
			       pwpol_pattern_name(sc->pattern[i].kind), sc->pattern[i].begin,
			       sc->pattern[i].length);
		puts("]}}");
		return;
	}
	printf("%s; score %d of 4 (%.0f bits", v, sc->score, sc->bits);
	for (size_t i = 0; i < sc->npatterns; i++)
		printf("%s%s at %d-%d",
		       i ? ", " : "; guessable: ", pwpol_pattern_name(sc->pattern[i].kind),
		       sc->pattern[i].begin + 1, sc->pattern[i].begin + sc->pattern[i].length);
	puts(")");
}

int cmd_check(struct cli *c, int argc, char **argv)
{
	static const struct option lo[] = {
	    {"user", required_argument, 0, 'u'}, {"score", no_argument, 0, 's'}, {0, 0, 0, 0}};
	const char *user = NULL;
	int o, score = 0;
	while ((o = getopt_long(argc, argv, "+u:", lo, NULL)) != -1) {
		if (o == 'u')
			user = optarg;
		else if (o == 's')
			score = 1;
		else
			return cli_option_error(c, "check", argv, lo);
	}
	if (optind != argc)
		return cli_usage_error(c, "check: unexpected argument '%s'", argv[optind]);
	if (user && bad_user(c, "check", user))
		return EXIT_USAGE;
	struct pwpol_score sc = PWPOL_SCORE_INIT();
	if (score && pwpol_score("", 0, NULL, &sc) == PWPOL_ESYSTEM)
		return cli_fail(c, EXIT_SYSTEM,
		                "check --score: libzxcvbn cannot be loaded (Debian: libzxcvbn0)");
	/* Typed by hand: not shown on the screen, and each answered at once. */
	int typed = isatty(STDIN_FILENO);
	if (typed) {
		fputs("pwpol: type candidates, one a line (not shown; end with Ctrl-D)\n", stderr);
		tty_echo_off();
	} else {
		static char outbuf[1 << 16];
		setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);
	}
	struct reader *r = reader_new(STDIN_FILENO);
	struct verdict_line *cache = calloc(VERDICT_SLOTS, sizeof *cache);
	if (!r || !cache) {
		reader_free(r);
		free(cache);
		return cli_fail(c, EXIT_SYSTEM, "out of memory");
	}
	for (size_t i = 0; i < VERDICT_SLOTS; i++)
		cache[i].n = VERDICT_FINDINGS + 1;
	int worst = 0;
	char *line;
	size_t len;
	enum line_status ls;
	while ((ls = reader_line(r, &line, &len)) != LINE_EOF) {
		if (ls == LINE_ERROR) {
			cli_fail(c, EXIT_SYSTEM, "reading standard input: %s", strerror(errno));
			worst = EXIT_SYSTEM;
			break;
		}
		enum pwpol_status st;
		if (ls == LINE_TOO_LONG) {
			st = pwpol_report_input_too_long(c->report, (long)reader_capacity());
		} else {
			st = pwpol_check(c->policy, line, len, user, NULL, 0, c->report);
			if (score && st != PWPOL_EINVAL &&
			    pwpol_score(line, len, user, &sc) == PWPOL_OK) {
				pwpol_wipe(line, len);
				int code = pwpol_exit_status(st);
				worst = code > worst ? code : worst;
				print_scored(c, st, &sc);
				if (typed)
					fflush(stdout);
				continue;
			}
			pwpol_wipe(line, len);
		}
		int code = pwpol_exit_status(st);
		if (code > worst)
			worst = code;
		write_verdict(c, cache, st);
		if (typed)
			fflush(stdout);
	}
	if (typed)
		tty_echo_on();
	reader_free(r);
	free(cache);
	return worst;
}

/* What `hash` is told about the passwords it hashes. */
struct hash_opts {
	enum pwpol_format fmt;
	unsigned long rounds;
	const char *user; /* --user: the username rule applies */
	int check;        /* 0 with --no-check */
};

static int print_hash(struct cli *c, const struct hash_opts *h, const struct secret *s)
{
	/* A hash is what a machine will take as a password: the policy first,
	 * unless told on purpose not to. A refusal is said as `check` says it. */
	if (h->check) {
		enum pwpol_status st =
		    pwpol_check(c->policy, s->s, s->len, h->user, NULL, 0, c->report);
		if (st != PWPOL_OK) {
			print_verdict(c, st);
			return pwpol_exit_status(st);
		}
	}
	char out[PWPOL_HASH_MAX];
	enum pwpol_status st = pwpol_hash(h->fmt, h->rounds, s->s, s->len, out, sizeof out);
	if (st == PWPOL_EINVAL && h->rounds)
		return cli_fail(c, EXIT_USAGE,
		                "hash: --rounds %lu is out of range for %s (below its least, or "
		                "more than about a second's work)",
		                h->rounds, pwpol_format_name(h->fmt));
	if (st != PWPOL_OK)
		return cli_fail(c, pwpol_exit_status(st), "cannot make a %s hash",
		                pwpol_format_name(h->fmt));
	if (c->json) {
		printf("{\"ok\":true,\"format\":\"%s\",\"hash\":", pwpol_format_name(h->fmt));
		json_str(stdout, out);
		puts("}");
	} else {
		puts(out);
	}
	return 0;
}

int cmd_hash(struct cli *c, int argc, char **argv)
{
	static const struct option lo[] = {{"format", required_argument, 0, 'f'},
	                                   {"rounds", required_argument, 0, 'r'},
	                                   {"user", required_argument, 0, 'u'},
	                                   {"no-check", no_argument, 0, 'n'},
	                                   {0, 0, 0, 0}};
	struct hash_opts h = {(enum pwpol_format)pwpol_policy_get(c->policy, PWPOL_OPT_FORMAT), 0,
	                      NULL, 1};
	int o;
	while ((o = getopt_long(argc, argv, "f:r:u:", lo, NULL)) != -1) {
		char *end;
		switch (o) {
		case 'f':
			if (pwpol_format_by_name(optarg, &h.fmt) != PWPOL_OK)
				return cli_usage_error(c,
				                       "hash: unknown format '%s' (sha512, sha256, "
				                       "sha1, sha2, yescrypt, bcrypt)",
				                       optarg);
			break;
		case 'r':
			errno = 0;
			h.rounds = strtoul(optarg, &end, 10);
			if (errno || *end || !*optarg || optarg[0] == '-')
				return cli_usage_error(c, "hash: --rounds needs a number");
			break;
		case 'u': h.user = optarg; break;
		case 'n': h.check = 0; break;
		default: return cli_option_error(c, "hash", argv, lo);
		}
	}
	if (optind != argc)
		return cli_usage_error(c, "hash: unexpected argument '%s'", argv[optind]);
	if (h.user && bad_user(c, "hash", h.user))
		return EXIT_USAGE;
	struct secret s;
	if (isatty(STDIN_FILENO)) {
		int rc = read_secret(c, "Password: ", 1, &s);
		if (rc == 0)
			rc = print_hash(c, &h, &s);
		pwpol_wipe(&s, sizeof s);
		return rc;
	}
	/* On a pipe, every line is a password. */
	struct reader *r = reader_new(STDIN_FILENO);
	if (!r)
		return cli_fail(c, EXIT_SYSTEM, "out of memory");
	char *line;
	size_t len;
	enum line_status ls;
	int rc = 0, worst = 0;
	while (rc < EXIT_USAGE && (ls = reader_line(r, &line, &len)) != LINE_EOF) {
		if (ls != LINE_OK || len > PWPOL_INPUT_MAX) {
			rc = cli_fail(c, EXIT_USAGE, "password longer than %d bytes",
			              PWPOL_INPUT_MAX);
			break;
		}
		memcpy(s.s, line, len);
		pwpol_wipe(line, len);
		s.s[len] = 0;
		s.len = len;
		/* A refused line is said and the next one hashed; worst status wins. */
		rc = print_hash(c, &h, &s);
		worst = rc > worst ? rc : worst;
	}
	pwpol_wipe(&s, sizeof s);
	reader_free(r);
	return rc > worst ? rc : worst;
}

int cmd_username_check(struct cli *c, int argc, char **argv)
{
	int first = 1;
	if (argc >= 2 && strcmp(argv[1], "--") == 0)
		first = 2;
	if (argc <= first)
		return cli_usage_error(c, "username-check: give at least one NAME");
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
		if (has_severity(c->report, PWPOL_SEVERITY_WARNING)) {
			fputs(" (warning: ", stdout);
			print_findings_text(stdout, c->report, PWPOL_SEVERITY_WARNING);
			fputc(')', stdout);
		}
		fputc('\n', stdout);
	}
	return worst;
}
