/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * nss_pwpol.c - libnss_pwpol.so.2: the fleet's accounts as passwd and
 * group entries (nss_pwpol(5)). Every answer comes from the node agent
 * (pwpold) over its Unix socket; this module runs inside every process
 * that resolves a name, so it links libc alone, keeps no state but an
 * enumeration, and answers UNAVAIL at once when no agent listens.
 */
#include "proto.h"

#include <errno.h>
#include <grp.h>
#include <nss.h>
#include <pthread.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#ifndef PWPOLD_SOCKET
#define PWPOLD_SOCKET "/run/pwpold/socket"
#endif
/* An agent that takes longer than this to answer is treated as absent. */
#define ASK_TIMEOUT_SEC 10

/* One request to the agent and its reply; -1 when no agent answers. */
static int ask(const struct pp_msg *req, struct pp_msg *rep)
{
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	strncpy(sa.sun_path, PWPOLD_SOCKET, sizeof sa.sun_path - 1);
	struct timeval tv = {.tv_sec = ASK_TIMEOUT_SEC};
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
	int rc = -1;
	if (connect(fd, (struct sockaddr *)&sa, sizeof sa) == 0 &&
	    pp_send(pp_fd_write, &fd, req) == 0 && pp_recv(pp_fd_read, &fd, rep) == 0)
		rc = pp_type(rep) == PP_REPLY ? 0 : (pp_free(rep), -1);
	close(fd);
	return rc;
}

/* Splits a copy of line in buf into n ':'-separated fields. */
static int split(const char *line, char *buf, size_t buflen, char **f, int n)
{
	size_t len = strlen(line);
	if (len + 1 > buflen)
		return -1;
	memcpy(buf, line, len + 1);
	int i = 0;
	char *p = buf;
	f[i++] = p;
	while (i < n && (p = strchr(p, ':'))) {
		*p++ = 0;
		f[i++] = p;
	}
	return i == n && !strchr(f[n - 1], ':') ? 0 : -2;
}

static enum nss_status fill_pw(const char *line, struct passwd *pw, char *buf, size_t buflen,
                               int *errnop)
{
	char *f[7];
	int r = split(line, buf, buflen, f, 7);
	if (r == -1) {
		*errnop = ERANGE;
		return NSS_STATUS_TRYAGAIN;
	}
	if (r != 0) {
		*errnop = ENOENT;
		return NSS_STATUS_NOTFOUND;
	}
	pw->pw_name = f[0];
	pw->pw_passwd = f[1];
	pw->pw_uid = (uid_t)strtoul(f[2], NULL, 10);
	pw->pw_gid = (gid_t)strtoul(f[3], NULL, 10);
	pw->pw_gecos = f[4];
	pw->pw_dir = f[5];
	pw->pw_shell = f[6];
	return NSS_STATUS_SUCCESS;
}

static enum nss_status fill_gr(const char *line, struct group *gr, char *buf, size_t buflen,
                               int *errnop)
{
	/* The member list (empty: each account's group is its own) comes
	 * first, aligned, then the fields. */
	size_t align = (sizeof(char *) - ((uintptr_t)buf % sizeof(char *))) % sizeof(char *);
	if (buflen < align + sizeof(char *)) {
		*errnop = ERANGE;
		return NSS_STATUS_TRYAGAIN;
	}
	char **mem = (char **)(void *)(buf + align);
	mem[0] = NULL;
	buf += align + sizeof(char *);
	buflen -= align + sizeof(char *);
	char *f[4];
	int r = split(line, buf, buflen, f, 4);
	if (r == -1) {
		*errnop = ERANGE;
		return NSS_STATUS_TRYAGAIN;
	}
	if (r != 0) {
		*errnop = ENOENT;
		return NSS_STATUS_NOTFOUND;
	}
	gr->gr_name = f[0];
	gr->gr_passwd = f[1];
	gr->gr_gid = (gid_t)strtoul(f[2], NULL, 10);
	gr->gr_mem = mem;
	return NSS_STATUS_SUCCESS;
}

/* Asks for one entry; *line (malloc'd) on SUCCESS. */
static enum nss_status one(enum pp_type type, const char *name, uint64_t id, char **line,
                           int *errnop)
{
	struct pp_msg req, rep;
	pp_start(&req, type);
	if (name)
		pp_put_str(&req, PP_T_NAME, name);
	else
		pp_put_num(&req, PP_T_ID, id);
	int rc = ask(&req, &rep);
	pp_free(&req);
	if (rc != 0) {
		*errnop = EAGAIN;
		return NSS_STATUS_UNAVAIL;
	}
	enum nss_status st = NSS_STATUS_NOTFOUND;
	uint64_t s = pp_get_num(&rep, PP_T_STATUS, PP_R_ERROR);
	if (s == PP_R_OK && (*line = pp_dup_str(&rep, PP_T_ENTRY)))
		st = NSS_STATUS_SUCCESS;
	else if (s == PP_R_UNAVAILABLE || s == PP_R_ERROR)
		st = NSS_STATUS_UNAVAIL;
	pp_free(&rep);
	*errnop = st == NSS_STATUS_SUCCESS ? 0 : st == NSS_STATUS_NOTFOUND ? ENOENT : EAGAIN;
	return st;
}

enum nss_status _nss_pwpol_getpwnam_r(const char *name, struct passwd *pw, char *buf, size_t buflen,
                                      int *errnop)
{
	char *line = NULL;
	enum nss_status st = one(PP_PWNAM, name, 0, &line, errnop);
	if (st == NSS_STATUS_SUCCESS)
		st = fill_pw(line, pw, buf, buflen, errnop);
	free(line);
	return st;
}

enum nss_status _nss_pwpol_getpwuid_r(uid_t uid, struct passwd *pw, char *buf, size_t buflen,
                                      int *errnop)
{
	char *line = NULL;
	enum nss_status st = one(PP_PWUID, NULL, uid, &line, errnop);
	if (st == NSS_STATUS_SUCCESS)
		st = fill_pw(line, pw, buf, buflen, errnop);
	free(line);
	return st;
}

enum nss_status _nss_pwpol_getgrnam_r(const char *name, struct group *gr, char *buf, size_t buflen,
                                      int *errnop)
{
	char *line = NULL;
	enum nss_status st = one(PP_GRNAM, name, 0, &line, errnop);
	if (st == NSS_STATUS_SUCCESS)
		st = fill_gr(line, gr, buf, buflen, errnop);
	free(line);
	return st;
}

enum nss_status _nss_pwpol_getgrgid_r(gid_t gid, struct group *gr, char *buf, size_t buflen,
                                      int *errnop)
{
	char *line = NULL;
	enum nss_status st = one(PP_GRGID, NULL, gid, &line, errnop);
	if (st == NSS_STATUS_SUCCESS)
		st = fill_gr(line, gr, buf, buflen, errnop);
	free(line);
	return st;
}

/* Enumeration: the whole list is fetched once by set*ent (or the first
 * get*ent) and walked; glibc calls these under its own lock, this one
 * guards against a program calling them from two threads. */
struct walk {
	pthread_mutex_t lock;
	struct pp_msg list;
	int loaded;
	unsigned next;
};
static struct walk pw_walk = {.lock = PTHREAD_MUTEX_INITIALIZER};
static struct walk gr_walk = {.lock = PTHREAD_MUTEX_INITIALIZER};

static enum nss_status walk_load(struct walk *w, enum pp_type type)
{
	if (w->loaded)
		pp_free(&w->list);
	w->loaded = 0;
	w->next = 0;
	struct pp_msg req;
	pp_start(&req, type);
	int rc = ask(&req, &w->list);
	pp_free(&req);
	if (rc != 0)
		return NSS_STATUS_UNAVAIL;
	if (pp_get_num(&w->list, PP_T_STATUS, PP_R_ERROR) != PP_R_OK) {
		pp_free(&w->list);
		return NSS_STATUS_UNAVAIL;
	}
	w->loaded = 1;
	return NSS_STATUS_SUCCESS;
}

static void walk_end(struct walk *w)
{
	pthread_mutex_lock(&w->lock);
	if (w->loaded)
		pp_free(&w->list);
	w->loaded = 0;
	w->next = 0;
	pthread_mutex_unlock(&w->lock);
}

/* The next line of the walk into *line (malloc'd). */
static enum nss_status walk_next(struct walk *w, enum pp_type type, char **line, int *errnop)
{
	pthread_mutex_lock(&w->lock);
	enum nss_status st = NSS_STATUS_SUCCESS;
	if (!w->loaded)
		st = walk_load(w, type);
	const unsigned char *v;
	size_t n;
	if (st == NSS_STATUS_SUCCESS) {
		if (!pp_get(&w->list, PP_T_ENTRY, w->next, &v, &n)) {
			st = NSS_STATUS_NOTFOUND;
		} else if (!(*line = strndup((const char *)v, n))) {
			st = NSS_STATUS_TRYAGAIN;
		}
	}
	pthread_mutex_unlock(&w->lock);
	*errnop = st == NSS_STATUS_SUCCESS ? 0 : st == NSS_STATUS_NOTFOUND ? ENOENT : EAGAIN;
	return st;
}

static void walk_advance(struct walk *w)
{
	pthread_mutex_lock(&w->lock);
	w->next++;
	pthread_mutex_unlock(&w->lock);
}

enum nss_status _nss_pwpol_setpwent(int stayopen)
{
	(void)stayopen;
	walk_end(&pw_walk);
	return NSS_STATUS_SUCCESS;
}

enum nss_status _nss_pwpol_endpwent(void)
{
	walk_end(&pw_walk);
	return NSS_STATUS_SUCCESS;
}

enum nss_status _nss_pwpol_getpwent_r(struct passwd *pw, char *buf, size_t buflen, int *errnop)
{
	char *line = NULL;
	enum nss_status st = walk_next(&pw_walk, PP_PWLIST, &line, errnop);
	if (st == NSS_STATUS_SUCCESS)
		st = fill_pw(line, pw, buf, buflen, errnop);
	/* A buffer too small is asked again, larger, for the same entry. */
	if (st == NSS_STATUS_SUCCESS || (st == NSS_STATUS_NOTFOUND && line))
		walk_advance(&pw_walk);
	free(line);
	return st;
}

enum nss_status _nss_pwpol_setgrent(int stayopen)
{
	(void)stayopen;
	walk_end(&gr_walk);
	return NSS_STATUS_SUCCESS;
}

enum nss_status _nss_pwpol_endgrent(void)
{
	walk_end(&gr_walk);
	return NSS_STATUS_SUCCESS;
}

enum nss_status _nss_pwpol_getgrent_r(struct group *gr, char *buf, size_t buflen, int *errnop)
{
	char *line = NULL;
	enum nss_status st = walk_next(&gr_walk, PP_GRLIST, &line, errnop);
	if (st == NSS_STATUS_SUCCESS)
		st = fill_gr(line, gr, buf, buflen, errnop);
	if (st == NSS_STATUS_SUCCESS || (st == NSS_STATUS_NOTFOUND && line))
		walk_advance(&gr_walk);
	free(line);
	return st;
}
