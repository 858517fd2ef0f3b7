/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_blocklist.c - the `blocklist` statement: passwords looked up in
 * passwdqc filters that pwqfilter(1) makes (from passwords, as NTLM
 * hashes, and from SHA-1 hashes, which libpasswdqc cannot search), the
 * forms looked up (as typed, case folded, username taken out), and the
 * commit check of the file (missing, wrong format, writable by others).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "pwpol.h"
#include "rules.h"

static char dir[64];
static char list[128], ntlm[128], sha1[128], text[128], missing[128];

/* pwqfilter reads one entry a line on stdin. */
static void make(const char *path, const char *opts, const char *lines)
{
	char cmd[512];
	snprintf(cmd, sizeof cmd, "printf '%s' | pwqfilter %s --create=100 -o %s 2>/dev/null",
	         lines, opts, path);
	assert_int_equal(system(cmd), 0);
}

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/pwpol-blocklist.XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(list, sizeof list, "%s/list.pwq", dir);
	snprintf(ntlm, sizeof ntlm, "%s/ntlm.pwq", dir);
	snprintf(sha1, sizeof sha1, "%s/sha1.pwq", dir);
	snprintf(text, sizeof text, "%s/list.txt", dir);
	snprintf(missing, sizeof missing, "%s/missing.pwq", dir);
	make(list, "", "password\\nletmein\\nqwerty123\\nstrasse\\n");
	make(ntlm, "--hash-ntlm-cp1252", "password\\nletmein\\n");
	/* SHA-1 of "password" and "letmein", as the HIBP SHA-1 list gives them. */
	make(sha1, "--pre-hashed",
	     "5BAA61E4C9B93F3F0682250B6CF8331B7EE68FD8\\nB7A875FC1EA228B9061041B7CEC4BD3C52AB3CE3\\"
	     "n");
	FILE *f = fopen(text, "w");
	if (!f)
		return -1;
	fputs("password\nletmein\n", f);
	fclose(f);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* A junos policy (no composition rule, no username-check) with a list. */
static pwpol_policy *with_list(const char *path)
{
	pwpol_policy *p = NULL;
	assert_int_equal(pwpol_policy_new(&p, "junos"), PWPOL_OK);
	assert_int_equal(pwpol_policy_set_string(p, PWPOL_OPT_BLOCKLIST, path), PWPOL_OK);
	assert_int_equal(pwpol_policy_get(p, PWPOL_OPT_BLOCKLIST), 1);
	assert_string_equal(pwpol_policy_get_string(p, PWPOL_OPT_BLOCKLIST), path);
	return p;
}

static enum pwpol_status check(const pwpol_policy *p, const char *pw, const char *user,
                               pwpol_report *r)
{
	return pwpol_check(p, pw, strlen(pw), user, NULL, 0, r);
}

/* The verdict is the blocklist alone, with its sentence. */
static void listed(const pwpol_policy *p, const char *pw, const char *user)
{
	pwpol_report *r = NULL;
	assert_int_equal(pwpol_report_new(&r), PWPOL_OK);
	if (check(p, pw, user, r) != PWPOL_REJECTED)
		fail_msg("'%s' (user %s) not found in the list", pw, user ? user : "-");
	assert_int_equal(pwpol_report_count(r), 1);
	const struct pwpol_finding *f = pwpol_report_get(r, 0);
	assert_int_equal(f->rule, PWPOL_RULE_BLOCKLIST);
	assert_string_equal(pwpol_rule_name(f->rule), "blocklist");
	char msg[200];
	pwpol_finding_message(f, msg, sizeof msg);
	assert_string_equal(msg, "is known from password breaches or lists of common passwords, "
	                         "so attackers try it first");
	pwpol_report_free(r);
}

static void unlisted(const pwpol_policy *p, const char *pw, const char *user)
{
	pwpol_report *r = NULL;
	assert_int_equal(pwpol_report_new(&r), PWPOL_OK);
	if (check(p, pw, user, r) != PWPOL_OK)
		fail_msg("'%s' (user %s) refused", pw, user ? user : "-");
	assert_int_equal(pwpol_report_count(r), 0);
	pwpol_report_free(r);
}

static void test_listed_and_unlisted(void **state)
{
	(void)state;
	pwpol_policy *p = with_list(list);
	assert_int_equal(pwpol_policy_commit_check(p, NULL), PWPOL_OK);
	listed(p, "password", NULL);
	listed(p, "qwerty123", NULL);
	unlisted(p, "passwor", NULL);
	unlisted(p, "password1", NULL);
	unlisted(p, "correct horse battery", NULL);
	/* Without the statement the same password passes. */
	assert_int_equal(pwpol_policy_set(p, PWPOL_OPT_BLOCKLIST, 0), PWPOL_OK);
	assert_null(pwpol_policy_get_string(p, PWPOL_OPT_BLOCKLIST));
	unlisted(p, "password", NULL);
	pwpol_policy_free(p);
}

static void test_folded_and_username_removed(void **state)
{
	(void)state;
	pwpol_policy *p = with_list(list);
	listed(p, "PASSWORD", NULL);
	listed(p, "LetMeIn", NULL);
	/* Unicode case folding (the general path): ß folds to ss. */
	listed(p, "Straße", NULL);
	listed(p, "alicepassword", "alice");
	listed(p, "letmeinALICE", "alice");
	listed(p, "Bob.letmein", "bob."); /* the name as given, dots and all */
	unlisted(p, "alicepassword", NULL);
	unlisted(p, "alicepassword", "carol");
	/* Names under three characters are not taken out. */
	unlisted(p, "alpassword", "al");
	pwpol_policy_free(p);
}

static void test_ntlm_filter(void **state)
{
	(void)state;
	pwpol_policy *p = with_list(ntlm);
	assert_int_equal(pwpol_policy_commit_check(p, NULL), PWPOL_OK);
	listed(p, "letmein", NULL);
	unlisted(p, "letmeout", NULL);
	pwpol_policy_free(p);
}

/* Every rule is still reported with the blocklist (ssr: all at once). */
static void test_every_rule_reported(void **state)
{
	(void)state;
	pwpol_policy *p = NULL;
	pwpol_report *r = NULL;
	assert_int_equal(pwpol_policy_new(&p, "ssr"), PWPOL_OK);
	assert_int_equal(pwpol_policy_set_string(p, PWPOL_OPT_BLOCKLIST, list), PWPOL_OK);
	assert_int_equal(pwpol_report_new(&r), PWPOL_OK);
	assert_int_equal(check(p, "password", NULL, r), PWPOL_REJECTED);
	size_t n = pwpol_report_count(r);
	assert_true(n > 1);
	assert_int_equal(pwpol_report_get(r, n - 1)->rule, PWPOL_RULE_BLOCKLIST);
	pwpol_report_free(r);
	pwpol_policy_free(p);
}

static void commit_fails(const char *path, const char *want)
{
	pwpol_policy *p = with_list(path);
	pwpol_config_errors *e = NULL;
	assert_int_equal(pwpol_policy_commit_check(p, &e), PWPOL_EINVAL);
	assert_int_equal(pwpol_config_errors_count(e), 1);
	assert_string_equal(pwpol_config_errors_get(e, 0), want);
	pwpol_config_errors_free(e);
	/* Used anyway, the check has no verdict to give. */
	pwpol_report *r = NULL;
	assert_int_equal(pwpol_report_new(&r), PWPOL_OK);
	assert_int_equal(check(p, "password", NULL, r), PWPOL_ESYSTEM);
	pwpol_report_free(r);
	pwpol_policy_free(p);
}

#define NOT_A_FILTER                                                                               \
	": not a passwdqc filter that a password can be looked up in (make it with pwqfilter "     \
	"--create from passwords, or from MD4 or NTLM hashes with --pre-hashed --hash-md4 or "     \
	"--hash-ntlm-cp1252; a filter of SHA-1 hashes cannot be searched)"

static void test_commit_check(void **state)
{
	(void)state;
	char want[512];
	snprintf(want, sizeof want, "blocklist: %s: cannot be read (No such file or directory)",
	         missing);
	commit_fails(missing, want);
	snprintf(want, sizeof want, "blocklist: %s" NOT_A_FILTER, sha1);
	commit_fails(sha1, want);
	snprintf(want, sizeof want, "blocklist: %s" NOT_A_FILTER, text);
	commit_fails(text, want);
	snprintf(want, sizeof want,
	         "blocklist: %s: writable by its group and others; refused (chmod go-w %s)", list,
	         list);
	assert_int_equal(chmod(list, 0666), 0);
	pwpol_policy *p = with_list(list);
	pwpol_config_errors *e = NULL;
	assert_int_equal(pwpol_policy_commit_check(p, &e), PWPOL_EINVAL);
	assert_string_equal(pwpol_config_errors_get(e, 0), want);
	pwpol_config_errors_free(e);
	assert_int_equal(chmod(list, 0644), 0);
	assert_int_equal(pwpol_policy_commit_check(p, NULL), PWPOL_OK);
	pwpol_policy_free(p);
	/* Only an absolute path is a statement's value. */
	assert_int_equal(pwpol_policy_new(&p, "junos"), PWPOL_OK);
	assert_int_equal(pwpol_policy_set_string(p, PWPOL_OPT_BLOCKLIST, "list.pwq"), PWPOL_EINVAL);
	assert_int_equal(pwpol_policy_set_string(p, PWPOL_OPT_MINIMUM_LENGTH, list), PWPOL_EINVAL);
	assert_int_equal(pwpol_policy_set(p, PWPOL_OPT_BLOCKLIST, 1), PWPOL_EINVAL);
	pwpol_policy_free(p);
}

/* The statement in both syntaxes, its line kept, written back the same. */
static void test_configuration(void **state)
{
	(void)state;
	char conf[512];
	snprintf(conf, sizeof conf,
	         "set system login password profile junos\n"
	         "set system login password blocklist %s\n",
	         list);
	pwpol_policy *p = NULL;
	pwpol_config_errors *e = NULL;
	assert_int_equal(pwpol_config_parse(conf, strlen(conf), "t.conf", &p, &e), PWPOL_OK);
	assert_null(e);
	assert_string_equal(pwpol_policy_get_string(p, PWPOL_OPT_BLOCKLIST), list);
	assert_string_equal(pwpol_policy_source(p, PWPOL_OPT_BLOCKLIST), "t.conf:2");
	char *written = NULL;
	assert_int_equal(pwpol_config_write(p, &written), PWPOL_OK);
	char line[256];
	snprintf(line, sizeof line, "            blocklist %s;\n", list);
	assert_non_null(strstr(written, line));
	pwpol_policy *q = NULL;
	assert_int_equal(pwpol_config_parse(written, strlen(written), "w", &q, NULL), PWPOL_OK);
	assert_string_equal(pwpol_policy_get_string(q, PWPOL_OPT_BLOCKLIST), list);
	free(written);
	pwpol_policy_free(q);
	/* A copy keeps the path. */
	assert_int_equal(pwpol_policy_copy(&q, p), PWPOL_OK);
	assert_string_equal(pwpol_policy_get_string(q, PWPOL_OPT_BLOCKLIST), list);
	pwpol_policy_free(q);
	pwpol_policy_free(p);

	/* A path with a space, quoted, round-trips. */
	pwpol_policy *s = NULL;
	assert_int_equal(pwpol_policy_new(&s, "junos"), PWPOL_OK);
	assert_int_equal(pwpol_policy_set_string(s, PWPOL_OPT_BLOCKLIST, "/a dir/l\"st"), PWPOL_OK);
	assert_int_equal(pwpol_config_write(s, &written), PWPOL_OK);
	assert_non_null(strstr(written, "blocklist \"/a dir/l\\\"st\";"));
	free(written);
	pwpol_policy_free(s);

	/* Errors: relative path, missing file (the commit check), no value. */
	const char *bad = "set system login password blocklist list.pwq\n"
	                  "set system login password blocklist\n";
	assert_int_equal(pwpol_config_parse(bad, strlen(bad), "t.conf", &p, &e), PWPOL_EINVAL);
	assert_int_equal(pwpol_config_errors_count(e), 2);
	assert_string_equal(pwpol_config_errors_get(e, 0),
	                    "t.conf:1: blocklist: 'list.pwq' is not an absolute path");
	assert_string_equal(pwpol_config_errors_get(e, 1),
	                    "t.conf:2: blocklist: takes one value, the file (a passwdqc filter "
	                    "made by pwqfilter)");
	pwpol_config_errors_free(e);
	snprintf(conf, sizeof conf, "system { login { password { blocklist %s; } } }\n", missing);
	assert_int_equal(pwpol_config_parse(conf, strlen(conf), "t.conf", &p, &e), PWPOL_EINVAL);
	char want[512];
	snprintf(want, sizeof want,
	         "t.conf:1: blocklist: %s: cannot be read (No such file or "
	         "directory)",
	         missing);
	assert_string_equal(pwpol_config_errors_get(e, 0), want);
	pwpol_config_errors_free(e);
}

/* The parsed filter is kept between lookups; a file replaced (as pwqfilter
 * writes a new one and it is renamed into place), removed or put back is
 * read anew at the next lookup. */
static void test_replaced_file(void **state)
{
	(void)state;
	char path[160], next[160];
	snprintf(path, sizeof path, "%s/swap.pwq", dir);
	snprintf(next, sizeof next, "%s/swap.new", dir);
	make(path, "", "alpha1234\\n");
	pwpol_policy *p = with_list(path), *other = with_list(list);
	listed(p, "alpha1234", NULL);
	unlisted(p, "bravo5678", NULL);
	listed(other, "letmein", NULL); /* a second file kept beside the first */
	make(next, "", "bravo5678\\n");
	assert_int_equal(rename(next, path), 0);
	listed(p, "bravo5678", NULL);
	unlisted(p, "alpha1234", NULL);
	listed(other, "letmein", NULL);
	assert_int_equal(remove(path), 0);
	pwpol_report *r = NULL;
	assert_int_equal(pwpol_report_new(&r), PWPOL_OK);
	assert_int_equal(check(p, "bravo5678", NULL, r), PWPOL_ESYSTEM);
	make(path, "", "alpha1234\\n");
	listed(p, "alpha1234", NULL);
	pwpol_report_free(r);
	pwpol_policy_free(other);
	pwpol_policy_free(p);
}

/* The list is judged at every lookup, not once at the commit check: one
 * replaced after the policy was loaded by a file others may write, or by a
 * link to a list of fewer words, is not read (the lookup fails, ESYSTEM),
 * and the password is not let through on what it says. */
static void test_judged_at_each_lookup(void **state)
{
	(void)state;
	char path[160], weak[160], msg[512];
	snprintf(path, sizeof path, "%s/judged.pwq", dir);
	snprintf(weak, sizeof weak, "%s/weak.pwq", dir);
	make(path, "", "alpha1234\\n");
	make(weak, "", "nothing\\n");
	pwpol_policy *p = with_list(path);
	assert_int_equal(pwpol__blocklist_commit_check(path, msg, sizeof msg), PWPOL_OK);
	listed(p, "alpha1234", NULL);
	pwpol_report *r = NULL;
	assert_int_equal(pwpol_report_new(&r), PWPOL_OK);
	assert_int_equal(chmod(path, 0666), 0);
	assert_int_equal(check(p, "alpha1234", NULL, r), PWPOL_ESYSTEM);
	assert_int_equal(chmod(path, 0644), 0);
	listed(p, "alpha1234", NULL);
	assert_int_equal(remove(path), 0);
	assert_int_equal(symlink(weak, path), 0);
	assert_int_equal(check(p, "alpha1234", NULL, r), PWPOL_ESYSTEM);
	assert_int_equal(remove(path), 0);
	pwpol_report_free(r);
	pwpol_policy_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_listed_and_unlisted),
	    cmocka_unit_test(test_replaced_file),
	    cmocka_unit_test(test_judged_at_each_lookup),
	    cmocka_unit_test(test_folded_and_username_removed),
	    cmocka_unit_test(test_ntlm_filter),
	    cmocka_unit_test(test_every_rule_reported),
	    cmocka_unit_test(test_commit_check),
	    cmocka_unit_test(test_configuration),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
