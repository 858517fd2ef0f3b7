/* SPDX-License-Identifier: BSD-3-Clause */
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

/* A sentence of the library's (a rule's template, a change reason) in
 * the server's language: gettext's "pwpol" domain, as pam_pwpol speaks
 * (server.c binds it at the start, from LC_MESSAGES / LANGUAGE). */
const char *web_tr(const char *s) __attribute__((format_arg(1)));
/* The same with a count: one or more (dngettext). */
const char *web_ntr(const char *one, const char *more, unsigned long n)
    __attribute__((format_arg(1))) __attribute__((format_arg(2)));
/* A word of the pages themselves (a label, a heading, a button) in the
 * server's language, as HTML: buf_html(b, web_tr(msgid)). The msgids are
 * found by scripts/update-po (keywords web_tr, buf_tr:2, N_) and kept in
 * po/; tests/po-complete.sh holds fr.po to every one. */
void buf_tr(struct buf *b, const char *msgid);
/* A string marked for xgettext, translated where it is shown. */
#define N_(s) s
/* The language of the pages (the translation's "Language:", else "en"),
 * for <html lang>. */
const char *web_lang(void);

/* start.c: the start of the server under --json, as one object on out
 * ({"ok":true,"listening":URL,"association":URL[,"token_file":F]}), and a
 * refusal to start: its sentence on stderr and, under --json, an object
 * on out (status 2 "usage", else "system-error"). */
void web_announce_json(FILE *out, const char *scheme, const char *listen_host, const char *host,
                       unsigned port, const char *base, const char *token_file, const char *token);
/* The start's two lines (or its JSON object) on out. */
void web_announce(FILE *out, const struct web_opts *o, const char *scheme, const char *listen_host,
                  const char *host, unsigned port, const char *token);
/* The library's sentences in the language of LC_MESSAGES (web_tr). */
void web_text_bind(void);
void web_refuse(const struct web_opts *o, FILE *out, int status, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

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

/* ---- session.c: sessions --------------------------------------------- */

#define WEB_ID_HEX     64          /* 256 random bits as hex */
#define WEB_CONFIG_MAX (64 * 1024) /* the longest configuration text taken */
/* The pools of session.c (why two: see there). A browser needs one
 * session; an account a few (browsers, tabs signed in apart). */
#define WEB_SESSIONS_ANON        1024
#define WEB_SESSIONS_SIGNED      256
#define WEB_SESSIONS_PER_ACCOUNT 8

struct session {
	char id[WEB_ID_HEX + 1];
	char csrf[WEB_ID_HEX + 1];
	char user[64];              /* "" while nobody has signed in */
	int reason;                 /* enum pwpol_change_reason: a change is due first */
	time_t last;                /* the last request, for the idle timeout */
	unsigned long long used_at; /* the last request, in order of all */
	int proved;                 /* the current password was proved in this session */
	int associate;              /* the association token was shown in this session */
	int used;
};

struct request {
	const struct web_opts *o;
	const char *method; /* "GET" or "POST" */
	const char *url;
	const char *body;
	size_t len;
	struct session *session; /* NULL: none (a POST is then refused) */
	/* The policy in force for this request and what it was read from
	 * (pwpol_policy_load_from: a file, "commit N", "" built-in). */
	const pwpol_policy *policy;
	char policy_from[320];
	int tls;         /* over TLS: ours, or ended by a trusted proxy */
	char client[64]; /* the client's address, as the audit names it */
	char via[64];    /* the trusted proxy it came through, or "" */
	time_t now;
	/* the answer */
	int status;
	const char *type;     /* Content-Type */
	const char *location; /* a redirect */
	char location_buf[320];
	int set_cookie;     /* the session's cookie is (re)sent */
	int challenge;      /* a 401 of the API: WWW-Authenticate: Bearer */
	char api_actor[64]; /* the account an API token acts as */
	struct buf out;
};

/* 256 random bits as 64 hex digits (and a NUL). 0, or -1 without them. */
int web_random_hex(char *out);
/* Two ids of WEB_ID_HEX digits alike, in a time that does not depend on
 * where they differ. */
int web_same_id(const char *a, const char *b);

void sessions_init(unsigned idle);
void sessions_wipe(void);
/* The live session of a cookie's id, or NULL (an expired one is ended). */
struct session *session_find(const char *id, time_t now);
/* A request of the session, now. */
void session_touch(struct session *s, time_t now);
/* A fresh anonymous session; NULL when random bytes cannot be had. */
struct session *session_new(time_t now);
/* A fresh session signed in as `user`, the request's old one ended, so
 * that an id known before sign-in is worth nothing after. NULL when random
 * bytes cannot be had. */
struct session *session_sign_in(struct request *rq, const char *user);
/* Sign-out: the session ended, an anonymous one in its place. */
void session_end(struct request *rq);

/* The token that association asks for, printed at start: made (0, or -1
 * without random bytes), read, and 1 when `t` is it. */
int web_association_token_new(void);
const char *web_association_token(void);
int web_association_token_ok(const char *t);
/* The token is not spent yet. */
int web_association_open(void);
/* Association succeeded: the token is spent. */
void web_association_token_spend(void);

/* ---- routes.c: which page answers ------------------------------------ */

/* Answers a request whose method, CSRF token and size were checked. */
void route(struct request *rq);

/* ---- html.c: the kit every page is made with -------------------------- */

/* A form field that holds a password, wiped after the request. */
struct secret_field {
	char s[PWPOL_INPUT_MAX + 1];
	size_t len;
};
void field(const struct request *rq, const char *key, struct secret_field *f);

void page_begin(struct request *rq, const char *title);
void page_end(struct request *rq);
void csrf_input(struct request *rq);
void redirect(struct request *rq, const char *where);
/* <p class=CLS id=CLS>TEXT</p> */
void note(struct request *rq, const char *cls, const char *text);
/* The rules a new password must meet under the policy in force, listed
 * before anything is typed (<ul class=requirements id=ID>; app.js marks
 * each met as the person types); change: the user's own change. */
void requirements_html(struct request *rq, const char *id, int change);
/* zxcvbn's estimate of a candidate, appended to a JSON object as
 * ,"score":{"score","bits","patterns","message"} (`pwpol check --score
 * --json`'s, with the library's sentence, translated when `translated`).
 * 0 when written; -1 when libzxcvbn is missing or the input is refused
 * (nothing written). */
int score_json(struct buf *b, const char *pw, size_t len, const char *name, int translated);
/* The line under a confirmation field where app.js says it differs. */
void mismatch_html(struct request *rq, const char *id);
/* The findings of a report as the library words them (<ul id=errors>). */
void findings_html(struct request *rq, const pwpol_report *r);
/* The same as a JSON array. */
void findings_json(struct buf *b, const pwpol_report *r);
/* A 500 page with the store's sentence. */
void store_error(struct request *rq, enum pwpol_status st);

/* ---- pages.c: the pages before admin (routes.c names them) ------------ */

void page_root(struct request *rq);
void page_associate(struct request *rq);
void page_login_form(struct request *rq);
void page_login(struct request *rq);
void page_logout(struct request *rq);
void page_change_form(struct request *rq);
void page_change(struct request *rq);
void page_api_check(struct request *rq);
void page_api_verify(struct request *rq);
/* A temporary password the policy takes (pwpol_generate), as JSON. */
void page_api_generate(struct request *rq);

/* ---- admin.c, policy.c: the accounts and policy pages (need `admin`) -- */

void accounts_handle(struct request *rq, int post);
void policy_handle(struct request *rq, int post);

/* What became of an action: its HTTP status and the message shown above
 * the page, in the library's words where it has them. */
struct outcome {
	int status;
	const char *cls; /* "ok" or "error" */
	char text[768];
	pwpol_report *findings; /* a refused password's rules, or NULL */
};

/* What the two pages share (admin.c): whether the signed-in account's
 * class holds perms (only to decide what to offer; the library decides
 * each call); the 403 page of one without `admin` (1 when given); a time
 * as "YYYY-MM-DD HH:MM UTC"; a refusal as the outcome, `what` its first
 * words ("Not added"); and the outcome above a page. */
int admin_permits(const struct request *rq, unsigned perms);
int admin_refuse(struct request *rq, const char *title);
void admin_utc(char *out, size_t len, time_t t);
void admin_failed(struct request *rq, struct outcome *oc, enum pwpol_status st, const char *what,
                  const char *name, pwpol_report *r);
void admin_outcome_html(struct request *rq, const struct outcome *oc);

/* ---- proxy.c: behind a reverse proxy ---------------------------------- */

/* What a trusted proxy says of the client. */
struct forwarded {
	char client[64]; /* its address, or "" */
	int https;       /* it came over TLS, the proxy ended it */
	char host[256];  /* the Host it asked for, or "" */
};
struct sockaddr;
/* The peer's address as text (an IPv4 one mapped into IPv6 as IPv4). */
void proxy_peer(const struct sockaddr *sa, char *out, size_t cap);
/* 1 when `peer` is one of o's --trusted-proxy addresses. */
int proxy_trusted(const struct web_opts *o, const char *peer);
/* The path within --base-path: "/pwpol/accounts" is "/accounts", and
 * "/pwpol" is "" (redirected to "/pwpol/"); NULL for a path outside it. */
const char *proxy_within_base(const struct web_opts *o, const char *url);
struct MHD_Connection;
/* Who asks: rq->client (and rq->via), rq->tls raised when a trusted
 * proxy ended TLS; returns the host to check (the forwarded one, kept in
 * *fw, or the Host header). rq->o must be set. */
const char *proxy_who(struct MHD_Connection *c, struct request *rq, struct forwarded *fw);
/* The headers of a trusted proxy's request (each NULL when absent):
 * the X-Forwarded-* ones, or Forwarded when there is no X-Forwarded-For. */
void proxy_read(const char *forwarded, const char *xff, const char *xproto, const char *xhost,
                struct forwarded *f);

/* ---- api.c: the JSON API under /api/v1/, for scripts ---------------- */

/* json.c: the value of `key` in the body, a flat JSON object: a string
 * decoded (*is_string 1), or a literal's text. 0; -1 when the key is not
 * there; -2 when the value does not fit; -3 when the body is not such an
 * object (an empty body is an empty object). */
int json_get(const struct request *rq, const char *key, char *out, size_t cap, size_t *outlen,
             int *is_string);

/* 1 for a URL of the API. */
int api_url(const char *url);
/* Answers an API call: the Bearer token of `authorization` (the header,
 * or NULL) finds the account the store acts as, then the call runs. The
 * policy in force is read already; no session, no CSRF token. */
void api_handle(struct request *rq, const char *authorization);

/* ---- the embedded assets (made by web/embed.cmake) ------------------- */

struct web_asset {
	const char *name;
	const unsigned char *data;
	size_t len;
};
extern const struct web_asset web_assets[];

#endif
