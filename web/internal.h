/*
 * internal.h - what the files of web/ share: a growing buffer for pages
 * and JSON, the form reader, the sessions, and the request handed to a
 * page.
 */
#ifndef PWPOL_WEB_INTERNAL_H
#define PWPOL_WEB_INTERNAL_H

#include "web.h"

#include <stddef.h>

/* ---- buf.c: text being built ---------------------------------------- */

struct buf {
	char *p;
	size_t n, cap;
	int failed; /* out of memory: the answer becomes a 500 */
};

void buf_add(struct buf *b, const char *s, size_t n);
void buf_str(struct buf *b, const char *s);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Text as HTML (element content and quoted attribute values alike). */
void buf_html(struct buf *b, const char *s);
/* A JSON string, quotes included. */
void buf_json(struct buf *b, const char *s);
/* Wipes and frees (a page may hold nothing secret, but a body may). */
void buf_free(struct buf *b);

/* The value of `key` in an application/x-www-form-urlencoded body,
 * decoded into out (NUL-terminated, *outlen without it). 0, or -1 when the
 * key is missing or the value does not fit. */
int form_get(const char *body, size_t len, const char *key, char *out, size_t cap, size_t *outlen);

/* ---- server.c: sessions and answers --------------------------------- */

#define WEB_ID_HEX 64 /* 256 random bits as hex */

struct session {
	char id[WEB_ID_HEX + 1];
	char csrf[WEB_ID_HEX + 1];
	char user[64]; /* "" while nobody has signed in */
	int reason;    /* enum pwpol_change_reason: a change is due first */
	time_t last;   /* the last request, for the idle timeout */
	int proved;    /* the current password was proved in this session */
	int used;
};

struct request {
	const struct web_opts *o;
	const char *method; /* "GET" or "POST" */
	const char *url;
	const char *body;
	size_t len;
	struct session *session; /* NULL: none (a POST is then refused) */
	int tls;
	time_t now;
	/* the answer */
	int status;
	const char *type;     /* Content-Type */
	const char *location; /* a redirect */
	int set_cookie;       /* the session's cookie is (re)sent */
	struct buf out;
};

/* A fresh session for the request (its old one, if any, ended): used at
 * sign-in so that an id known before is worth nothing after. NULL when
 * random bytes cannot be had. */
struct session *session_renew(struct request *rq);
void session_end(struct request *rq);

/* ---- pages.c --------------------------------------------------------- */

/* Answers a request whose method, CSRF token and size were checked. */
void pages_handle(struct request *rq);

/* ---- the embedded assets (made by web/embed.cmake) ------------------- */

struct web_asset {
	const char *name;
	const unsigned char *data;
	size_t len;
};
extern const struct web_asset web_assets[];

#endif
