/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * blocklist.c - the `blocklist` statement: a password looked up in a list
 * of breached and common passwords, kept in passwdqc's binary filter
 * format (made and updated by pwqfilter(1), e.g. from the Have I Been
 * Pwned NTLM list), through libpasswdqc's own lookup (pwpol.conf(5)).
 *
 * libpasswdqc exposes the filter only through passwdqc_check's `filter=`
 * parameter, so every other rule of passwdqc is turned off here and its
 * one remaining verdict is the filter's. The library hashes a password
 * itself (MD4, or NTLM over CP1252); a filter made from SHA-1 hashes
 * (`pwqfilter --pre-hashed` with no --hash-*) holds hashes it cannot
 * compute, so it can look nothing up there: the commit check refuses one.
 *
 * Trust: a list decides which passwords pass, so it is read only as a
 * store is (pwpol__open_trusted: ours or root's, no one else may write it
 * or a directory above it, no link), and what libpasswdqc reads is the
 * file that was judged, not whatever the name says a moment later.
 * libpasswdqc opens the filter by a name on every lookup (its filter calls
 * are not exported), so the name it is given is /proc/self/fd/N, the
 * descriptor of the file just judged: each lookup opens the list through
 * pwpol__open_trusted again and puts it on slot N (dup3). A list replaced
 * or updated by pwqfilter is so read, and judged, at the next lookup.
 *
 * Speed: parsing passwdqc's parameters cost as much as the lookup itself,
 * so the parsed parameters are kept, one set per file name, with their
 * slot. Threads take turns on the kept parameters (one mutex); a lookup is
 * the directory walk, an open, one read and one close of the file.
 */
#include "rules.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <passwdqc.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utf8proc.h>

/* passwdqc's own rules off: no minimum, a maximum above PWPOL_INPUT_MAX,
 * no word or sequence matching, no old-password similarity. */
static const char *const quiet[] = {"min=0,0,0,0,0", "max=10000", "passphrase=0", "match=0",
                                    "similar=permit"};
#define NQUIET (sizeof quiet / sizeof quiet[0])

/* A string no list holds. passwdqc's reasons are sentences (translated
 * under some locales), so "check failed" is told from "in the list" by
 * asking about this probe too: only a failing lookup refuses it. */
static const char probe[] = "\x01pwpol probe: not a password\x02";

struct lookup {
	passwdqc_params_t qc;
	int ready;
};

static enum pwpol_status lookup_open(struct lookup *l, const char *path)
{
	char filter[PATH_MAX + 8];
	const char *argv[NQUIET + 1];
	char *reason = NULL;
	if (snprintf(filter, sizeof filter, "filter=%s", path) >= (int)sizeof filter)
		return PWPOL_EINVAL;
	memcpy(argv, quiet, sizeof quiet);
	argv[NQUIET] = filter;
	const struct pwpol__qc *q = pwpol__qc();
	if (!q)
		return PWPOL_ESYSTEM;
	q->reset(&l->qc);
	if (q->parse(&l->qc, &reason, (int)NQUIET + 1, argv)) {
		free(reason);
		q->free(&l->qc);
		return PWPOL_ESYSTEM;
	}
	l->ready = 1;
	return PWPOL_OK;
}

static void lookup_close(struct lookup *l)
{
	if (l->ready)
		pwpol__qc()->free(&l->qc); /* ready: it was loaded */
	l->ready = 0;
}

/* The kept parameters of the files last looked up in (a policy names one
 * file; a few allow for a process that holds several policies). */
#define KEPT_MAX 4

static struct kept {
	char *path;
	struct lookup l;
	int slot;           /* 1 + the descriptor /proc/self/fd/N names in l; 0: none */
	unsigned long used; /* for replacing the least recently used */
} kept[KEPT_MAX];
static unsigned long kept_clock;
static pthread_mutex_t kept_lock = PTHREAD_MUTEX_INITIALIZER;

/* The name libpasswdqc is given for the file open on fd. */
static void fd_name(char *out, size_t n, int fd)
{
	snprintf(out, n, "/proc/self/fd/%d", fd);
}

/* The parameters for path, parsed on first use, with the list just opened
 * on trust on their slot; called with kept_lock held. */
static enum pwpol_status kept_lookup(const char *path, struct lookup **out)
{
	char why[PATH_MAX + 200];
	int fd = pwpol__open_trusted(path, O_RDONLY, why, sizeof why);
	if (fd < 0)
		return PWPOL_ESYSTEM;
	struct kept *k = NULL, *oldest = &kept[0];
	for (int i = 0; i < KEPT_MAX && !k; i++) {
		if (kept[i].path && strcmp(kept[i].path, path) == 0)
			k = &kept[i];
		else if (kept[i].used < oldest->used)
			oldest = &kept[i];
	}
	if (!k) {
		k = oldest;
		lookup_close(&k->l);
		free(k->path);
		if (k->slot)
			close(k->slot - 1);
		k->slot = 0;
		k->path = strdup(path);
		if (!k->path) {
			close(fd);
			return PWPOL_ENOMEM;
		}
	}
	if (!k->slot) {
		k->slot = fd + 1;
	} else if (dup3(fd, k->slot - 1, O_CLOEXEC) < 0) {
		close(fd);
		return PWPOL_ESYSTEM;
	} else {
		close(fd);
	}
	if (!k->l.ready) {
		char name[32];
		fd_name(name, sizeof name, k->slot - 1);
		enum pwpol_status st = lookup_open(&k->l, name);
		if (st != PWPOL_OK)
			return st;
	}
	k->used = ++kept_clock;
	*out = &k->l;
	return PWPOL_OK;
}

__attribute__((destructor)) static void kept_free(void)
{
	for (int i = 0; i < KEPT_MAX; i++) {
		lookup_close(&kept[i].l);
		free(kept[i].path);
		kept[i].path = NULL;
		if (kept[i].slot)
			close(kept[i].slot - 1);
		kept[i].slot = 0;
	}
}

/* One string (NUL-terminated): *listed 1 or 0; ESYSTEM if the filter
 * cannot be read or is not one the library can search. */
static enum pwpol_status lookup_one(struct lookup *l, const char *s, int *listed)
{
	*listed = 0;
	const struct pwpol__qc *q = pwpol__qc(); /* l is ready: it was loaded */
	if (!q->check(&l->qc.qc, s, NULL, NULL))
		return PWPOL_OK;
	if (q->check(&l->qc.qc, probe, NULL, NULL))
		return PWPOL_ESYSTEM;
	*listed = 1;
	return PWPOL_OK;
}

/* s case folded (Unicode, utf8proc), or NULL; free with wipe_free. Made in
 * a buffer of ours, not by utf8proc_map, whose realloc could free a block
 * holding the password unwiped; the code points left past the folded
 * text are wiped at once. */
static char *folded(const char *s, size_t len)
{
	const utf8proc_option_t opt = UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD;
	const utf8proc_uint8_t *in = (const utf8proc_uint8_t *)s;
	utf8proc_ssize_t n = utf8proc_decompose(in, (utf8proc_ssize_t)len, NULL, 0, opt);
	if (n < 0)
		return NULL;
	size_t bytes = ((size_t)n + 1) * sizeof(utf8proc_int32_t);
	utf8proc_int32_t *buf = malloc(bytes);
	if (!buf)
		return NULL;
	utf8proc_ssize_t k = utf8proc_decompose(in, (utf8proc_ssize_t)len, buf, n, opt);
	if (k >= 0)
		k = utf8proc_reencode(buf, k, opt);
	if (k < 0) {
		pwpol_wipe(buf, bytes);
		free(buf);
		return NULL;
	}
	pwpol_wipe((char *)buf + k + 1, bytes - (size_t)k - 1);
	return (char *)buf;
}

static void wipe_free(char *s)
{
	if (s) {
		pwpol_wipe(s, strlen(s));
		free(s);
	}
}

/* s with every occurrence of name taken out, in place. Names under three
 * characters are left alone: they would take out ordinary syllables. */
static int drop_name(char *s, const char *name)
{
	size_t m = name ? strlen(name) : 0, n = 0;
	if (m < 3)
		return 0;
	int dropped = 0;
	for (char *r = s; *r;) {
		if (strncmp(r, name, m) == 0) {
			r += m;
			dropped = 1;
		} else {
			s[n++] = *r++;
		}
	}
	if (dropped)
		pwpol_wipe(s + n, strlen(s + n));
	s[n] = '\0';
	return dropped;
}

enum pwpol_status pwpol__blocklist_check(const char *path, const char *pw, size_t len,
                                         const char *username, int *listed)
{
	*listed = 0;
	char *typed = malloc(len + 1);
	if (!typed)
		return PWPOL_ENOMEM;
	memcpy(typed, pw, len);
	typed[len] = '\0';
	char *fold = folded(pw, len), *uname = username ? folded(username, strlen(username)) : NULL;
	struct lookup *l = NULL;
	pthread_mutex_lock(&kept_lock);
	enum pwpol_status st = fold && (uname || !username) ? kept_lookup(path, &l) : PWPOL_ENOMEM;
	if (st == PWPOL_OK)
		st = lookup_one(l, typed, listed);
	if (st == PWPOL_OK && !*listed && strcmp(fold, typed) != 0)
		st = lookup_one(l, fold, listed);
	if (st == PWPOL_OK && !*listed && drop_name(fold, uname) && *fold)
		st = lookup_one(l, fold, listed);
	pthread_mutex_unlock(&kept_lock);
	wipe_free(typed);
	wipe_free(fold);
	free(uname);
	return st;
}

enum pwpol_status pwpol__blocklist_commit_check(const char *path, char *why, size_t whylen)
{
	char refused[PATH_MAX + 200];
	int fd = pwpol__open_trusted(path, O_RDONLY, refused, sizeof refused);
	if (fd < 0) {
		if (errno == EPERM || errno == ELOOP)
			snprintf(why, whylen, "%s", refused);
		else
			snprintf(why, whylen, "%s: cannot be read (%s)", path, strerror(errno));
		return PWPOL_EINVAL;
	}
	char name[32];
	fd_name(name, sizeof name, fd);
	struct lookup l = {0};
	int listed;
	enum pwpol_status st = lookup_open(&l, name);
	if (st == PWPOL_OK)
		st = lookup_one(&l, probe, &listed);
	lookup_close(&l);
	close(fd);
	if (st == PWPOL_ENOMEM)
		return st;
	if (st != PWPOL_OK) {
		snprintf(why, whylen,
		         "%s: not a passwdqc filter that a password can be looked up in "
		         "(make it with pwqfilter --create from passwords, or from MD4 or "
		         "NTLM hashes with --pre-hashed --hash-md4 or --hash-ntlm-cp1252; "
		         "a filter of SHA-1 hashes cannot be searched)",
		         path);
		return PWPOL_EINVAL;
	}
	return PWPOL_OK;
}
