/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * routes.c - which page answers a request: one table of paths and
 * methods, and the two rules that stand before it. The live list's calls
 * (/api/...) answer first, even while a change is due; otherwise, while
 * the signed-in account must change its password, every path but those
 * open while a change is due leads to /change; a page for the signed-in
 * leads the others to /login.
 */
#include "internal.h"

#include <microhttpd.h>
#include <string.h>

enum method { ANY, POST, NOT_POST };

enum {
	FIRST = 1,          /* answered before the change-first rule (the live list) */
	OPEN_WHILE_DUE = 2, /* the path stays open while a change is due */
	SIGNED_IN = 4,      /* a session that has signed in, else to /login */
};

struct route {
	const char *path;
	enum method method;
	unsigned flags;
	void (*page)(struct request *rq);
	void (*handle)(struct request *rq, int post); /* admin.c's pages: both methods */
};

static const struct route routes[] = {
    {"/api/check", POST, FIRST, page_api_check, NULL},
    {"/api/verify", POST, FIRST, page_api_verify, NULL},
    {"/api/generate", POST, SIGNED_IN, page_api_generate, NULL},
    {"/", POST, 0, page_associate, NULL},
    {"/", NOT_POST, 0, page_root, NULL},
    {"/associate", POST, 0, page_associate, NULL},
    {"/associate", NOT_POST, 0, page_root, NULL},
    {"/login", POST, OPEN_WHILE_DUE, page_login, NULL},
    {"/login", NOT_POST, OPEN_WHILE_DUE, page_login_form, NULL},
    {"/logout", POST, OPEN_WHILE_DUE, page_logout, NULL},
    {"/logout", NOT_POST, OPEN_WHILE_DUE, NULL, NULL}, /* not found, but never redirected */
    {"/change", POST, OPEN_WHILE_DUE | SIGNED_IN, page_change, NULL},
    {"/change", NOT_POST, OPEN_WHILE_DUE | SIGNED_IN, page_change_form, NULL},
    {"/accounts", ANY, SIGNED_IN, NULL, accounts_handle},
    {"/policy", ANY, SIGNED_IN, NULL, policy_handle},
};

static const struct route *find(const char *url, int post)
{
	for (size_t i = 0; i < sizeof routes / sizeof *routes; i++) {
		const struct route *r = &routes[i];
		if (strcmp(r->path, url) == 0 &&
		    (r->method == ANY || (r->method == POST) == (post != 0)))
			return r;
	}
	return NULL;
}

static void not_found(struct request *rq)
{
	rq->status = MHD_HTTP_NOT_FOUND;
	page_begin(rq, web_tr("Not found"));
	buf_str(&rq->out, "<p><a href=\"./\">");
	buf_tr(&rq->out, "Start");
	buf_str(&rq->out, "</a></p>\n");
	page_end(rq);
}

void route(struct request *rq)
{
	int post = strcmp(rq->method, "POST") == 0;
	const struct session *s = rq->session;
	const struct route *r = find(rq->url, post);
	if (r && (r->flags & FIRST)) {
		r->page(rq);
		return;
	}
	/* A password that must be changed first (since sign-in or during the
	 * session): the change page says why. */
	if (s->user[0] && s->reason != PWPOL_REASON_NONE && !(r && (r->flags & OPEN_WHILE_DUE))) {
		redirect(rq, "/change");
		return;
	}
	if (!r || (!r->page && !r->handle)) {
		not_found(rq);
		return;
	}
	if ((r->flags & SIGNED_IN) && !s->user[0]) {
		redirect(rq, "/login");
		return;
	}
	if (r->page)
		r->page(rq);
	else
		r->handle(rq, post);
}
