/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * config-import.c - what today's stack says, in pwpol's words: each
 * setting of pam_pwquality's pwquality.conf (and its pwquality.conf.d/
 * drop-ins), pam_faillock's faillock.conf, pam_pwhistory's pwhistory.conf
 * and shadow's login.defs, mapped to the pwpol statement that enforces it,
 * or named as having none with the reason. The mapping is decided here,
 * once, so that `config import` and `config check --from` agree.
 *
 * Every statement is written for the junos profile (which adds nothing of
 * its own) in Junos' ranges; a figure outside them is named, not bent.
 * Where a tool enforces a default when its file is silent (faillock's
 * deny 3, unlock_time 600, fail_interval 900; pwhistory's remember 10;
 * pwquality's minlen 8), that default is mapped too, marked "default".
 */
#include "internal.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const kind_names[PWPOL_FOREIGN_COUNT] = {"pwquality", "faillock", "pwhistory",
                                                            "login.defs"};

enum pwpol_status pwpol_foreign_kind_by_name(const char *name, enum pwpol_foreign_kind *out)
{
	for (int i = 0; name && i < PWPOL_FOREIGN_COUNT; i++)
		if (strcmp(name, kind_names[i]) == 0) {
			*out = (enum pwpol_foreign_kind)i;
			return PWPOL_OK;
		}
	return PWPOL_EINVAL;
}

const char *pwpol_foreign_kind_name(enum pwpol_foreign_kind k)
{
	return (unsigned)k < PWPOL_FOREIGN_COUNT ? kind_names[k] : "unknown";
}

/* How a key maps. */
enum how {
	H_OPT,       /* value -> opt, in Junos' range; 0 = none where the opt takes none */
	H_CREDIT,    /* pwquality's [udlo]credit: negative -N -> opt N; positive: credit */
	H_MINCLASS,  /* minclass N -> change-type character-sets + minimum-changes N */
	H_BOOL,      /* username-check 1/0 */
	H_FLAG,      /* a word alone, or key=1: no statement, the reason says why */
	H_NONE,      /* no pwpol equivalent: the reason */
	H_LOCK_TIME, /* unlock_time: seconds, 0 or never: until unlocked */
	H_FORMAT,    /* ENCRYPT_METHOD */
	H_MAX_DAYS,  /* PASS_MAX_DAYS: 99999 none */
};

struct map {
	enum pwpol_foreign_kind kind;
	const char *key;
	enum how how;
	enum pwpol_opt opt;
	const char *section; /* "password" or "lockout" */
	const char *reason;  /* H_NONE/H_FLAG: why none; else a note (or NULL) */
};

#define PW "password"
#define LO "lockout"
#define Q  PWPOL_FOREIGN_PWQUALITY
#define F  PWPOL_FOREIGN_FAILLOCK
#define HI PWPOL_FOREIGN_PWHISTORY
#define LD PWPOL_FOREIGN_LOGIN_DEFS
#define NO 0 /* no option */

static const struct map maps[] = {
    {Q, "minlen", H_OPT, PWPOL_OPT_MINIMUM_LENGTH, PW,
     "pwquality lowers the length by its positive credits; pwpol counts characters alone"},
    {Q, "difok", H_OPT, PWPOL_OPT_MINIMUM_CHARACTER_CHANGES, PW, NULL},
    {Q, "dcredit", H_CREDIT, PWPOL_OPT_MINIMUM_NUMERICS, PW, NULL},
    {Q, "ucredit", H_CREDIT, PWPOL_OPT_MINIMUM_UPPER_CASES, PW, NULL},
    {Q, "lcredit", H_CREDIT, PWPOL_OPT_MINIMUM_LOWER_CASES, PW, NULL},
    {Q, "ocredit", H_CREDIT, PWPOL_OPT_MINIMUM_PUNCTUATIONS, PW, NULL},
    {Q, "minclass", H_MINCLASS, PWPOL_OPT_MINIMUM_CHANGES, PW, NULL},
    {Q, "maxrepeat", H_OPT, PWPOL_OPT_MAXIMUM_REPEATS, PW, NULL},
    {Q, "maxclassrepeat", H_OPT, PWPOL_OPT_MAXIMUM_CLASS_REPEATS, PW, NULL},
    {Q, "usercheck", H_BOOL, PWPOL_OPT_USERNAME_CHECK, PW,
     "pwpol's username-check refuses the name in any form (reversed, any case, leet)"},
    {Q, "usersubstr", H_NONE, NO, NULL,
     "pwpol has no substring length for the username: username-check refuses it in any form"},
    {Q, "maxsequence", H_NONE, NO, NULL,
     "pwpol has no rule on monotonic sequences (12345, abcde); maximum-repeats and the "
     "blocklist are the nearest"},
    {Q, "gecoscheck", H_NONE, NO, NULL, "pwpol holds no GECOS field to check against"},
    {Q, "dictcheck", H_NONE, NO, NULL,
     "pwpol does not read cracklib's dictionary: name a blocklist file (blocklist FILE) "
     "instead"},
    {Q, "dictpath", H_NONE, NO, NULL,
     "a cracklib dictionary is not a blocklist file: name one with blocklist FILE"},
    {Q, "badwords", H_NONE, NO, NULL,
     "pwpol takes forbidden words from a blocklist file (blocklist FILE), one a line"},
    {Q, "enforcing", H_FLAG, NO, NULL, "pwpol always refuses a password that breaks a rule"},
    {Q, "retry", H_FLAG, NO, NULL, "a PAM option: retry=N on pam_pwpol's password line"},
    {Q, "enforce_for_root", H_FLAG, NO, NULL,
     "pwpol applies the policy to every account, root included"},
    {Q, "local_users_only", H_FLAG, NO, NULL, "pwpol knows only the accounts of its store"},

    {F, "deny", H_OPT, PWPOL_OPT_MAXIMUM_FAILED_ATTEMPTS, LO, NULL},
    {F, "unlock_time", H_LOCK_TIME, PWPOL_OPT_LOCK_TIME, LO, NULL},
    {F, "fail_interval", H_OPT, PWPOL_OPT_FAILURE_INTERVAL, LO, NULL},
    {F, "even_deny_root", H_BOOL, PWPOL_OPT_ROOT_LOCKOUT, LO, NULL},
    {F, "root_unlock_time", H_NONE, NO, NULL,
     "pwpol has one lock-time for every account, root included"},
    {F, "audit", H_FLAG, NO, NULL, "pwpol always logs failed logins (authpriv)"},
    {F, "silent", H_FLAG, NO, NULL, "pam_pwpol says nothing of the lockout until asked"},
    {F, "no_log_info", H_FLAG, NO, NULL, "pwpol logs every lock and unlock"},
    {F, "local_users_only", H_FLAG, NO, NULL, "pwpol knows only the accounts of its store"},
    {F, "nodelay", H_FLAG, NO, NULL, "a PAM matter: pam_pwpol's delay follows retry-options"},
    {F, "dir", H_NONE, NO, NULL, "pwpol keeps the failures in its store, not in tally files"},
    {F, "admin_group", H_NONE, NO, NULL,
     "pwpol's lockout does not depend on groups; login classes decide who administers"},

    {HI, "remember", H_OPT, PWPOL_OPT_MINIMUM_REUSE, PW, NULL},
    {HI, "retry", H_FLAG, NO, NULL, "a PAM option: retry=N on pam_pwpol's password line"},
    {HI, "enforce_for_root", H_FLAG, NO, NULL,
     "pwpol applies the reuse history to every account, root included"},
    {HI, "debug", H_FLAG, NO, NULL, "a PAM option: debug on pam_pwpol's lines"},
    {HI, "file", H_NONE, NO, NULL,
     "pwpol keeps the history in its store: pwpol import opasswd takes the file's over"},

    {LD, "PASS_MAX_DAYS", H_MAX_DAYS, PWPOL_OPT_MAXIMUM_LIFETIME, PW, NULL},
    {LD, "PASS_MIN_DAYS", H_OPT, PWPOL_OPT_MINIMUM_LIFETIME, PW, NULL},
    {LD, "PASS_WARN_AGE", H_OPT, PWPOL_OPT_WARNING_DAYS, PW, NULL},
    {LD, "PASS_MIN_LEN", H_OPT, PWPOL_OPT_MINIMUM_LENGTH, PW,
     "shadow ignores it where pam_pwquality decides"},
    {LD, "PASS_MAX_LEN", H_NONE, NO, NULL,
     "it bounds DES crypt, which pwpol does not make; maximum-length is a policy of its own"},
    {LD, "ENCRYPT_METHOD", H_FORMAT, PWPOL_OPT_FORMAT, PW, NULL},
    {LD, "SHA_CRYPT_MIN_ROUNDS", H_NONE, NO, NULL,
     "pwpol makes hashes at libxcrypt's default cost"},
    {LD, "SHA_CRYPT_MAX_ROUNDS", H_NONE, NO, NULL,
     "pwpol makes hashes at libxcrypt's default cost"},
    {LD, "YESCRYPT_COST_FACTOR", H_NONE, NO, NULL,
     "pwpol makes hashes at libxcrypt's default cost"},
    {LD, "BCRYPT_MIN_ROUNDS", H_NONE, NO, NULL, "pwpol makes hashes at libxcrypt's default cost"},
    {LD, "BCRYPT_MAX_ROUNDS", H_NONE, NO, NULL, "pwpol makes hashes at libxcrypt's default cost"},
    {LD, "LOGIN_RETRIES", H_NONE, NO, NULL,
     "a login's tries are the PAM service's: retry-options tries-before-disconnect is the "
     "nearest"},
    {LD, "FAIL_DELAY", H_NONE, NO, NULL,
     "pam_pwpol asks for its own delay after a failure (retry-options backoff)"},
    {LD, "LOGIN_TIMEOUT", H_NONE, NO, NULL, "a login's time is the service's"},
};

/* A tool's default when its file is silent, that its module enforces. */
static const struct {
	enum pwpol_foreign_kind kind;
	const char *key, *value;
} defaults[] = {
    {Q, "minlen", "8"},          {F, "deny", "3"},       {F, "unlock_time", "600"},
    {F, "fail_interval", "900"}, {HI, "remember", "10"},
};

static const struct map *find_map(enum pwpol_foreign_kind kind, const char *key)
{
	for (size_t i = 0; i < sizeof maps / sizeof *maps; i++)
		if (maps[i].kind == kind && strcmp(maps[i].key, key) == 0)
			return &maps[i];
	return NULL;
}

static int integer(const char *s, long *out)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || end == s || *end)
		return 0;
	*out = v;
	return 1;
}

/* Fills s->statement (or s->reason) for value under m. */
static void map_value(const struct map *m, const char *value, struct pwpol_foreign_setting *s)
{
	long v = 0, lo = 0, hi = 0;
	const char *name = pwpol_opt_name(m->opt);
	s->section = m->section;
	s->reason = m->reason;
	s->statement[0] = 0;
	if (m->how == H_NONE || m->how == H_FLAG)
		return;
	if (m->how == H_FORMAT) {
		static const struct {
			const char *method, *format;
		} f[] = {{"SHA512", "sha512"},
		         {"SHA256", "sha256"},
		         {"YESCRYPT", "yescrypt"},
		         {"BCRYPT", "bcrypt"}};
		for (size_t i = 0; i < sizeof f / sizeof *f; i++)
			if (strcasecmp(value, f[i].method) == 0) {
				snprintf(s->statement, sizeof s->statement, "format %s",
				         f[i].format);
				return;
			}
		s->reason =
		    "pwpol makes no hash this weak (MD5, DES); format sha512 is its default";
		return;
	}
	if (m->how == H_LOCK_TIME && strcasecmp(value, "never") == 0)
		value = "0";
	if (!integer(value, &v)) {
		s->reason = "not a number";
		return;
	}
	if (m->how == H_CREDIT) {
		if (v < 0) {
			snprintf(s->statement, sizeof s->statement, "%s %ld", name, -v);
		} else if (v > 0) {
			s->reason =
			    "a positive credit lets a character class stand for length; pwpol "
			    "counts length alone (stricter)";
		} else {
			s->reason = "0: no demand on this class";
		}
		return;
	}
	if (m->how == H_BOOL) {
		snprintf(s->statement, sizeof s->statement, "%s%s", v ? "" : "no-", name);
		return;
	}
	if (m->how == H_MAX_DAYS && (v < 0 || v >= PWPOL_AGING_NEVER)) {
		snprintf(s->statement, sizeof s->statement, "no-%s", name);
		return;
	}
	if (m->how == H_MINCLASS && v <= 1) {
		s->reason = v ? "one class: any password has it" : "0: no demand on classes";
		return;
	}
	pwpol_opt_range_in(m->opt, "junos", &lo, &hi);
	if (v == 0 && m->how != H_LOCK_TIME) {
		/* 0 turns the check off where the tools have it (maxrepeat 0,
		 * remember 0, deny 0 and PASS_MIN_DAYS 0 alike). */
		snprintf(s->statement, sizeof s->statement, "no-%s", name);
		return;
	}
	if (v < lo || v > hi) {
		snprintf(s->note, sizeof s->note, "%ld is outside pwpol's %s range %ld..%ld", v,
		         name, lo, hi);
		s->reason = s->note;
		if (m->how == H_MAX_DAYS)
			s->reason =
			    "outside maximum-lifetime's 30..365 days: set it per account with "
			    "pwpol usermod --max-days";
		return;
	}
	if (m->how == H_MINCLASS)
		snprintf(s->statement, sizeof s->statement,
		         "change-type character-sets; minimum-changes %ld", v);
	else
		snprintf(s->statement, sizeof s->statement, "%s %ld", name, v);
}

/* Trims spaces at both ends, in place. */
static char *trim(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	size_t n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		s[--n] = 0;
	return s;
}

struct reader {
	enum pwpol_foreign_kind kind;
	int (*fn)(const struct pwpol_foreign_setting *, void *);
	void *ctx;
	int stop;
	unsigned seen; /* which defaults[] the files set */
};

static void emit(struct reader *r, const char *where, const char *key, const char *value)
{
	struct pwpol_foreign_setting s;
	memset(&s, 0, sizeof s);
	s.where = where;
	s.key = key;
	s.value = value;
	const struct map *m = find_map(r->kind, key);
	for (size_t i = 0; i < sizeof defaults / sizeof *defaults; i++)
		if (defaults[i].kind == r->kind && strcmp(defaults[i].key, key) == 0)
			r->seen |= 1u << i;
	if (!m) {
		s.reason = r->kind == PWPOL_FOREIGN_LOGIN_DEFS
		               ? "not a password rule (accounts, mail, terminals...): nothing for "
		                 "pwpol to enforce"
		               : "a setting pwpol does not know";
	} else if (m->how == H_BOOL && !value[0]) {
		map_value(m, "1", &s); /* a word alone turns it on (even_deny_root) */
	} else if (m->how == H_FLAG || (!value[0] && m->how != H_NONE)) {
		s.reason = m->reason;
		if (value[0] && m->how == H_FLAG && strcmp(value, "0") == 0)
			s.reason = "off";
	} else {
		map_value(m, value, &s);
	}
	if (!r->stop)
		r->stop = r->fn(&s, r->ctx);
}

static enum pwpol_status read_file(struct reader *r, const char *path, char *err, size_t errlen)
{
	/* A FIFO or a device is refused at once, never waited on. */
	int fd = pwpol_input_open(path, err, errlen);
	FILE *f = fd >= 0 ? fdopen(fd, "r") : NULL;
	if (!f) {
		if (fd >= 0) {
			snprintf(err, errlen, "%s: %s", path, strerror(errno));
			close(fd);
		}
		return PWPOL_EINVAL;
	}
	char *line = NULL;
	size_t cap = 0;
	unsigned long no = 0;
	while (!r->stop && getline(&line, &cap, f) >= 0) {
		no++;
		char *hash = strchr(line, '#');
		if (hash)
			*hash = 0;
		char *t = trim(line);
		if (!*t)
			continue;
		char *key = t, *value = "";
		if (r->kind == PWPOL_FOREIGN_LOGIN_DEFS) {
			size_t k = strcspn(t, " \t");
			if (t[k]) {
				t[k] = 0;
				value = trim(t + k + 1);
			}
		} else {
			char *eq = strchr(t, '=');
			if (eq) {
				*eq = 0;
				value = trim(eq + 1);
				key = trim(t);
			}
		}
		char where[4200];
		snprintf(where, sizeof where, "%s:%lu", path, no);
		emit(r, where, key, value);
	}
	free(line);
	fclose(f);
	return PWPOL_OK;
}

static int conf_file(const struct dirent *d)
{
	size_t n = strlen(d->d_name);
	return d->d_name[0] != '.' && n > 5 && strcmp(d->d_name + n - 5, ".conf") == 0;
}

enum pwpol_status pwpol_foreign_read(enum pwpol_foreign_kind kind, const char *path,
                                     int (*fn)(const struct pwpol_foreign_setting *, void *),
                                     void *ctx, char *err, size_t errlen)
{
	if ((unsigned)kind >= PWPOL_FOREIGN_COUNT || !path || !fn || !err || !errlen)
		return PWPOL_EINVAL;
	err[0] = 0;
	struct reader r = {kind, fn, ctx, 0, 0};
	enum pwpol_status st = read_file(&r, path, err, errlen);
	if (st != PWPOL_OK)
		return st;
	if (kind == PWPOL_FOREIGN_PWQUALITY) {
		/* libpwquality reads the .conf files of pwquality.conf.d after it, in
		 * lexical order: a later setting wins. */
		char dir[4096];
		snprintf(dir, sizeof dir, "%s.d", path);
		struct dirent **names = NULL;
		int n = scandir(dir, &names, conf_file, alphasort);
		for (int i = 0; i < n; i++) {
			char file[8192];
			snprintf(file, sizeof file, "%s/%s", dir, names[i]->d_name);
			if (st == PWPOL_OK && !r.stop)
				st = read_file(&r, file, err, errlen);
			free(names[i]);
		}
		free(names);
		if (st != PWPOL_OK)
			return st;
	}
	for (size_t i = 0; !r.stop && i < sizeof defaults / sizeof *defaults; i++)
		if (defaults[i].kind == kind && !(r.seen & 1u << i))
			emit(&r, "default", defaults[i].key, defaults[i].value);
	return PWPOL_OK;
}
