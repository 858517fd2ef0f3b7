/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * pages.c - the pages of `pwpol web` and the JSON call behind their live
 * list of broken rules. Every rule, message and decision is the library's:
 * a page reads the form, makes one library call and shows its answer.
 *
 *   /              association while the system accounts do not exist, for
 *                  a session that showed the token printed at start (/?token=,
 *                  taken by server.c); afterwards the signed-in home, or a
 *                  redirect to /login
 *   /associate     POST: sets admin, root and t128 (pwpol_account_init_with)
 *   /login         sign-in (pwpol_account_authenticate)
 *   /change        the signed-in account's own change (pwpol_account_change)
 *   /logout        POST: ends the session
 *   /api/check     POST: the rules a candidate breaks, as JSON (pwpol_check;
 *                  pwpol_account_check_new once the current password is proved),
 *                  with zxcvbn's estimate of it (pwpol_score) in the library's words
 *   /api/generate  POST: a temporary password the policy takes, as JSON
 *                  (pwpol_generate; the accounts page's Generate button)
 *   /api/verify    POST: the proof of the current password on the change page
 *                  (pwpol_account_verify_current, counted like a login)
 *   /accounts, /policy  the administration pages (admin.c)
 *
 * routes.c's table says which of these answers a request; the frame of a
 * page and its pieces are html.c's.
 *
 * While the signed-in account must change its password (at sign-in, or
 * since: reset by an administrator, expired; pwpol_store_actor_reason),
 * every page but /change, its live list, /login and /logout redirects to
 * /change, which gives the library's reason.
 */
#include "internal.h"

#include <microhttpd.h>
#include <string.h>

/* ---- the state of the system accounts ------------------------------------ */

enum system_state { SYSTEM_UNSET, SYSTEM_SET, SYSTEM_ERROR };

/* Association is offered while none of the three exists or one or more
 * still holds the factory default: the library's answer (pwpol_system_state),
 * which it holds again when it sets them. */
static enum system_state system_state(const struct request *rq)
{
	enum pwpol_system_state state;
	if (pwpol_system_state(rq->o->store, &state) != PWPOL_OK)
		return SYSTEM_ERROR;
	return state == PWPOL_SYSTEM_SET ? SYSTEM_SET : SYSTEM_UNSET;
}

/* ---- association ------------------------------------------------------------ */

static void association_form(struct request *rq, int hash_mode)
{
	struct buf *b = &rq->out;
	/* PASSWORD, PASSWORD HASH and ASSOCIATE are the SSR's own words for
	 * this screen: kept as they are in every language. */
	buf_str(b, "<p>");
	buf_tr(b, "Select PASSWORD or PASSWORD HASH and enter one password for the system "
	          "accounts admin, root and t128.");
	buf_str(b, "</p>\n<p id=\"hash-help\" class=\"help\">");
	buf_tr(b, "PASSWORD sets the three accounts to the password. PASSWORD HASH sets them the "
	          "same way and then shows its pre-salted sha512 hash, to copy into the "
	          "configuration of other machines so that they take the same password without "
	          "it being typed there.");
	buf_str(b, "</p>\n");
	note(rq, "root-note", web_tr(pwpol_root_note()));
	buf_str(b, "<form method=\"post\" action=\"associate\" id=\"associate-form\" "
	           "data-check=\"associate\">\n<fieldset class=\"mode\"><legend>");
	buf_tr(b, "Password type");
	buf_str(b, "</legend>");
	buf_printf(b,
	           "<label><input type=\"radio\" name=\"mode\" value=\"password\" "
	           "id=\"mode-password\"%s> PASSWORD</label>"
	           "<label><input type=\"radio\" name=\"mode\" value=\"hash\" "
	           "id=\"mode-hash\"%s> PASSWORD HASH</label></fieldset>\n",
	           hash_mode ? "" : " checked", hash_mode ? " checked" : "");
	buf_str(b, "<label for=\"password\">");
	buf_tr(b, "Password");
	buf_str(b, "</label><input type=\"password\" id=\"password\" name=\"password\" "
	           "autocomplete=\"new-password\" required aria-describedby=\"requirements\">\n");
	requirements_html(rq, "requirements", 0);
	buf_str(b, "<div id=\"rules\" class=\"rules\" aria-live=\"polite\"></div>\n"
	           "<label for=\"confirm\">");
	buf_tr(b, "Confirm password");
	buf_str(b, "</label><input type=\"password\" id=\"confirm\" name=\"confirm\" "
	           "autocomplete=\"new-password\" required>\n");
	mismatch_html(rq, "confirm-mismatch");
	csrf_input(rq);
	buf_str(b, "\n<button type=\"submit\" id=\"associate\">ASSOCIATE</button>\n</form>\n");
}

/* Association sets root's password: only whoever started `pwpol web`
 * (and read the token it printed) may, not anyone who reaches the page. */
static void token_form(struct request *rq)
{
	struct buf *b = &rq->out;
	buf_str(b, "<p id=\"token-needed\">");
	buf_tr(b, "Association asks for the token that pwpol web printed when it started: open "
	          "the address it printed, or enter the token.");
	buf_str(b, "</p>\n<form method=\"get\" action=\"./\" id=\"token-form\">\n<label "
	           "for=\"token\">");
	buf_tr(b, "Association token");
	buf_str(b, "</label><input id=\"token\" name=\"token\" autocomplete=\"off\" required>\n"
	           "<button type=\"submit\" id=\"use-token\">");
	buf_tr(b, "Continue");
	buf_str(b, "</button>\n</form>\n");
}

static void page_association(struct request *rq)
{
	page_begin(rq, web_tr("Conductor Association"));
	if (rq->session->associate && web_association_open())
		association_form(rq, 0);
	else
		token_form(rq);
	page_end(rq);
}

void page_associate(struct request *rq)
{
	enum system_state state = system_state(rq);
	if (state == SYSTEM_ERROR) {
		store_error(rq, PWPOL_ESYSTEM);
		return;
	}
	if (state != SYSTEM_UNSET) {
		rq->status = MHD_HTTP_CONFLICT;
		page_begin(rq, web_tr("Conductor Association"));
		note(rq, "error",
		     web_tr("The system accounts are set already: sign in to change a password."));
		buf_str(&rq->out, "<p><a href=\"login\">");
		buf_tr(&rq->out, "Sign in");
		buf_str(&rq->out, "</a></p>");
		page_end(rq);
		return;
	}
	if (!rq->session->associate || !web_association_open()) {
		rq->status = MHD_HTTP_FORBIDDEN;
		page_begin(rq, web_tr("Conductor Association"));
		note(rq, "error",
		     web_tr("Not associated: this session has not shown the association token."));
		token_form(rq);
		page_end(rq);
		return;
	}
	char mode[16];
	if (form_get(rq->body, rq->len, "mode", mode, sizeof mode, NULL) != 0)
		mode[0] = 0;
	int hash_mode = strcmp(mode, "hash") == 0;
	struct secret_field pw, confirm;
	field(rq, "password", &pw);
	field(rq, "confirm", &confirm);
	pwpol_report *r = NULL;
	char hash[PWPOL_HASH_MAX] = "";
	enum pwpol_status st = PWPOL_ENOMEM;
	int mismatch = pw.len != confirm.len || memcmp(pw.s, confirm.s, pw.len) != 0;
	if (!mismatch && pwpol_report_new(&r) == PWPOL_OK) {
		struct pwpol_secret sec = PWPOL_SECRET_INIT(.pw = pw.s, .len = pw.len);
		/* Never FORCE: this page sets accounts nobody owns yet. */
		unsigned flags =
		    PWPOL_INIT_OVER_FACTORY_DEFAULT | (hash_mode ? PWPOL_INIT_SHA512 : 0);
		struct pwpol_init_opts io = PWPOL_INIT_OPTS_INIT(.flags = flags, .hash_out = hash,
		                                                 .hash_outlen = sizeof hash);
		st = pwpol_account_init_with(rq->o->store, rq->policy, &sec, &io, rq->now, r);
	}
	pwpol_wipe(&pw, sizeof pw);
	pwpol_wipe(&confirm, sizeof confirm);

	if (st == PWPOL_OK) {
		web_association_token_spend();
		page_begin(rq, web_tr("Associated"));
		const char *also = pwpol_store_notice(rq->o->store);
		note(rq, "ok",
		     *also ? also : web_tr("The password of admin, root and t128 is set."));
		if (hash_mode) {
			buf_str(&rq->out, "<p id=\"hash-use\">");
			buf_tr(&rq->out, "The pre-salted sha512 hash of the password: copy it into "
			                 "the configuration of the other machines, which then take "
			                 "the same password (it never needs typing there).");
			buf_str(&rq->out, "</p>\n<pre id=\"hash\">");
			buf_html(&rq->out, hash);
			buf_str(&rq->out, "</pre>\n<button type=\"button\" id=\"copy-hash\" "
			                  "class=\"quiet\" data-copy=\"hash\">");
			buf_tr(&rq->out, "Copy the hash");
			buf_str(&rq->out, "</button>\n");
		}
		buf_str(&rq->out, "<p><a href=\"login\" id=\"to-login\">");
		buf_tr(&rq->out, "Sign in");
		buf_str(&rq->out, "</a></p>\n");
		page_end(rq);
	} else if (mismatch || st == PWPOL_REJECTED || st == PWPOL_EINVAL) {
		rq->status = MHD_HTTP_UNPROCESSABLE_CONTENT;
		page_begin(rq, web_tr("Conductor Association"));
		note(rq, "error",
		     mismatch ? web_tr("Not associated: the password and its confirmation differ.")
		              : web_tr("Not associated: the password breaks these rules; nothing "
		                       "was set."));
		if (!mismatch)
			findings_html(rq, r);
		association_form(rq, hash_mode);
		page_end(rq);
	} else {
		store_error(rq, st);
	}
	pwpol_wipe(hash, sizeof hash);
	pwpol_report_free(r);
}

/* ---- sign-in ----------------------------------------------------------------- */

/* name: the account typed before a failed sign-in, kept (or ""). */
static void login_form(struct request *rq, const char *name)
{
	struct buf *b = &rq->out;
	buf_str(b, "<form method=\"post\" action=\"login\" id=\"login-form\">\n"
	           "<label for=\"name\">");
	buf_tr(b, "Account");
	buf_str(b, "</label><input id=\"name\" name=\"name\" autocomplete=\"username\" "
	           "required value=\"");
	buf_html(b, name);
	buf_str(b, name[0] ? "\">\n" : "\" autofocus>\n");
	buf_str(b, "<label for=\"password\">");
	buf_tr(b, "Password");
	buf_str(b, "</label><input type=\"password\" id=\"password\" name=\"password\" "
	           "autocomplete=\"current-password\" required>\n");
	csrf_input(rq);
	buf_str(b, "\n<button type=\"submit\" id=\"signin\">");
	buf_tr(b, "Sign in");
	buf_str(b, "</button>\n</form>\n");
}

void page_login_form(struct request *rq)
{
	page_begin(rq, web_tr("Sign in"));
	login_form(rq, "");
	page_end(rq);
}

void page_login(struct request *rq)
{
	char name[64];
	if (form_get(rq->body, rq->len, "name", name, sizeof name, NULL) != 0)
		name[0] = 0;
	struct secret_field pw;
	field(rq, "password", &pw);
	enum pwpol_change_reason why = PWPOL_REASON_NONE;
	enum pwpol_status st = name[0] ? pwpol_account_authenticate(rq->o->store, rq->policy, name,
	                                                            pw.s, pw.len, rq->now, &why)
	                               : PWPOL_REJECTED;
	pwpol_wipe(&pw, sizeof pw);
	if (st == PWPOL_OK || st == PWPOL_CHANGE_REQUIRED) {
		if (!session_sign_in(rq, name)) {
			store_error(rq, PWPOL_ESYSTEM);
			return;
		}
		rq->session->reason = st == PWPOL_CHANGE_REQUIRED ? (int)why : PWPOL_REASON_NONE;
		redirect(rq, st == PWPOL_OK ? "/" : "/change");
		return;
	}
	if (st == PWPOL_ESYSTEM || st == PWPOL_ENOMEM) {
		store_error(rq, st);
		return;
	}
	/* Unknown, wrong and locked: one answer (the library took the same time). */
	rq->status = MHD_HTTP_UNAUTHORIZED;
	page_begin(rq, web_tr("Sign in"));
	note(rq, "error", web_tr("Sign-in failed: the account or the password is wrong."));
	login_form(rq, name);
	page_end(rq);
}

void page_logout(struct request *rq)
{
	session_end(rq);
	redirect(rq, "/login");
}

/* ---- the signed-in pages ------------------------------------------------------ */

static void page_home(struct request *rq)
{
	page_begin(rq, web_tr("Account"));
	/* The name in its own element (tests and screen readers find it). */
	char who[160];
	snprintf(who, sizeof who, web_tr("Signed in as %s."), "\x01");
	char *at = strchr(who, '\x01');
	buf_str(&rq->out, "<p>");
	if (at) {
		*at = '\0';
		buf_html(&rq->out, who);
		buf_str(&rq->out, "<b id=\"account\">");
		buf_html(&rq->out, rq->session->user);
		buf_str(&rq->out, "</b>");
		buf_html(&rq->out, at + 1);
	}
	buf_str(&rq->out, "</p>\n<p><a href=\"change\" id=\"to-change\">");
	buf_tr(&rq->out, "Change password");
	buf_str(&rq->out, "</a></p>\n");
	page_end(rq);
}

static void change_form(struct request *rq)
{
	struct buf *b = &rq->out;
	buf_str(b, "<form method=\"post\" action=\"change\" id=\"change-form\" "
	           "data-check=\"change\">\n<label for=\"old\">");
	buf_tr(b, "Current password");
	buf_str(b, "</label><input type=\"password\" id=\"old\" name=\"old\" "
	           "autocomplete=\"current-password\" required>\n"
	           "<p id=\"old-status\" class=\"status\" aria-live=\"polite\"></p>\n"
	           "<label for=\"password\">");
	buf_tr(b, "New password");
	buf_str(b, "</label><input type=\"password\" id=\"password\" name=\"password\" "
	           "autocomplete=\"new-password\" required aria-describedby=\"requirements\">\n");
	requirements_html(rq, "requirements", 1);
	buf_str(b, "<div id=\"rules\" class=\"rules\" aria-live=\"polite\"></div>\n"
	           "<label for=\"confirm\">");
	buf_tr(b, "Confirm new password");
	buf_str(b, "</label><input type=\"password\" id=\"confirm\" name=\"confirm\" "
	           "autocomplete=\"new-password\" required>\n");
	mismatch_html(rq, "confirm-mismatch");
	csrf_input(rq);
	buf_str(b, "\n<button type=\"submit\" id=\"change\">");
	buf_tr(b, "Change password");
	buf_str(b, "</button>\n</form>\n");
}

void page_change_form(struct request *rq)
{
	page_begin(rq, web_tr("Change password"));
	if (rq->session->reason != PWPOL_REASON_NONE)
		note(rq, "reason",
		     web_tr(pwpol_change_reason_message(
		         (enum pwpol_change_reason)rq->session->reason)));
	change_form(rq);
	page_end(rq);
}

void page_change(struct request *rq)
{
	struct secret_field old, pw, confirm;
	field(rq, "old", &old);
	field(rq, "password", &pw);
	field(rq, "confirm", &confirm);
	int mismatch = pw.len != confirm.len || memcmp(pw.s, confirm.s, pw.len) != 0;
	pwpol_report *r = NULL;
	enum pwpol_status st = PWPOL_ENOMEM;
	if (!mismatch && pwpol_report_new(&r) == PWPOL_OK)
		st = pwpol_account_change(rq->o->store, rq->policy, rq->session->user, old.s,
		                          old.len, pw.s, pw.len, rq->now, r);
	pwpol_wipe(&old, sizeof old);
	pwpol_wipe(&pw, sizeof pw);
	pwpol_wipe(&confirm, sizeof confirm);
	if (st == PWPOL_OK) {
		rq->session->reason = PWPOL_REASON_NONE;
		rq->session->proved = 0;
		page_begin(rq, web_tr("Password changed"));
		note(rq, "ok", web_tr("The password is changed."));
		if (*pwpol_store_notice(rq->o->store))
			note(rq, "notice", pwpol_store_notice(rq->o->store));
		buf_str(&rq->out, "<p><a href=\"./\" id=\"to-home\">");
		buf_tr(&rq->out, "Continue");
		buf_str(&rq->out, "</a></p>\n");
		page_end(rq);
	} else if (mismatch || st == PWPOL_REJECTED || st == PWPOL_EINVAL || st == PWPOL_LOCKED) {
		rq->status = MHD_HTTP_UNPROCESSABLE_CONTENT;
		page_begin(rq, web_tr("Change password"));
		if (mismatch)
			note(rq, "error",
			     web_tr("Not changed: the new password and its confirmation differ."));
		else if (st == PWPOL_LOCKED)
			note(rq, "error",
			     web_tr("Not changed: the account is locked after failed attempts."));
		else if (pwpol_report_count(r) == 0)
			note(rq, "error", web_tr("Not changed: the current password is wrong."));
		else
			note(rq, "error",
			     web_tr("Not changed: the new password breaks these rules."));
		if (r && pwpol_report_count(r))
			findings_html(rq, r);
		change_form(rq);
		page_end(rq);
	} else {
		store_error(rq, st);
	}
	pwpol_report_free(r);
}

/* ---- the live list ------------------------------------------------------------- */

/* mode=associate: the rules broken for each system account; mode=change:
 * for the signed-in account, against the current password once typed;
 * mode=account: the quality rules for the account named in `name` (the
 * temporary password of an add or a reset on the accounts page). */
void page_api_check(struct request *rq)
{
	char mode[16], name[64];
	if (form_get(rq->body, rq->len, "mode", mode, sizeof mode, NULL) != 0)
		mode[0] = 0;
	if (form_get(rq->body, rq->len, "name", name, sizeof name, NULL) != 0)
		name[0] = 0;
	int for_account = strcmp(mode, "account") == 0;
	int for_change = strcmp(mode, "change") == 0;
	rq->type = "application/json";
	if (((for_change || for_account) && !rq->session->user[0]) ||
	    (!for_change && !for_account && strcmp(mode, "associate") != 0)) {
		rq->status = MHD_HTTP_BAD_REQUEST;
		buf_str(&rq->out, "{\"ok\":false,\"error\":\"bad mode or not signed in\"}\n");
		return;
	}
	struct secret_field pw, old;
	field(rq, "password", &pw);
	field(rq, "old", &old);
	pwpol_report *r = NULL;
	if (pwpol_report_new(&r) != PWPOL_OK) {
		rq->out.failed = 1;
	} else {
		/* One account, or the system accounts as the library names them. */
		const char *one = for_account ? name : rq->session->user;
		int ok = 1;
		buf_str(&rq->out, "{\"accounts\":[");
		for (size_t i = 0;; i++) {
			const char *const nm =
			    for_change || for_account ? (i ? NULL : one) : pwpol_system_account(i);
			if (!nm)
				break;
			const char *o = for_change && old.len ? old.s : NULL;
			size_t olen = o ? old.len : 0;
			enum pwpol_status st =
			    for_change && rq->session->proved
			        ? pwpol_account_check_new(rq->o->store, rq->policy, nm, o, olen,
			                                  pw.s, pw.len, rq->now, r)
			        : pwpol_check(rq->policy, pw.s, pw.len, nm[0] ? nm : NULL, o, olen,
			                      r);
			ok &= st == PWPOL_OK;
			buf_str(&rq->out, i ? ",{\"name\":" : "{\"name\":");
			buf_json(&rq->out, nm);
			buf_str(&rq->out, ",\"violations\":");
			findings_json(&rq->out, r);
			/* Beside the rules, how guessable it is (nothing typed, or
			 * no libzxcvbn: no estimate). */
			if (pw.len)
				score_json(&rq->out, pw.s, pw.len, nm, 1);
			buf_str(&rq->out, "}");
		}
		buf_printf(&rq->out, "],\"ok\":%s}\n", ok ? "true" : "false");
	}
	pwpol_report_free(r);
	pwpol_wipe(&pw, sizeof pw);
	pwpol_wipe(&old, sizeof old);
}

/* The proof of the current password, once typed: from then on the live
 * list may say reuse (which would tell the current password to anyone
 * else). Wrong answers count toward the lockout like a login. */
void page_api_verify(struct request *rq)
{
	rq->type = "application/json";
	if (!rq->session->user[0]) {
		rq->status = MHD_HTTP_BAD_REQUEST;
		buf_str(&rq->out, "{\"ok\":false,\"error\":\"not signed in\"}\n");
		return;
	}
	struct secret_field old;
	field(rq, "old", &old);
	pwpol_report *r = NULL;
	enum pwpol_status st = PWPOL_ENOMEM;
	if (pwpol_report_new(&r) == PWPOL_OK)
		st = pwpol_account_verify_current(rq->o->store, rq->policy, rq->session->user,
		                                  old.s, old.len, rq->now, r);
	pwpol_wipe(&old, sizeof old);
	/* Right but too young to change is proved too. */
	rq->session->proved = st == PWPOL_OK || (st == PWPOL_REJECTED && pwpol_report_count(r));
	const char *msg = st == PWPOL_OK        ? web_tr("The current password is right.")
	                  : rq->session->proved ? web_tr("The password cannot be changed yet.")
	                  : st == PWPOL_LOCKED
	                      ? web_tr("The account is locked after failed attempts.")
	                  : st == PWPOL_REJECTED ? web_tr("The current password is wrong.")
	                                         : pwpol_status_name(st);
	buf_printf(&rq->out, "{\"ok\":%s,\"message\":", st == PWPOL_OK ? "true" : "false");
	buf_json(&rq->out, msg);
	buf_str(&rq->out, ",\"violations\":");
	if (r)
		findings_json(&rq->out, r);
	else
		buf_str(&rq->out, "[]");
	buf_str(&rq->out, "}\n");
	pwpol_report_free(r);
}

/* A temporary password for the account named (pwpol_generate: the policy
 * and the username rule decide), for the administrator to give on. */
void page_api_generate(struct request *rq)
{
	char name[64];
	if (form_get(rq->body, rq->len, "name", name, sizeof name, NULL) != 0)
		name[0] = 0;
	rq->type = "application/json";
	if (!rq->session->user[0]) {
		rq->status = MHD_HTTP_BAD_REQUEST;
		buf_str(&rq->out, "{\"ok\":false,\"error\":\"not signed in\"}\n");
		return;
	}
	char pw[PWPOL_INPUT_MAX + 1];
	int bits = 0;
	pwpol_report *r = NULL;
	enum pwpol_status st = pwpol_report_new(&r);
	if (st == PWPOL_OK)
		st = pwpol_generate(rq->policy, name[0] ? name : NULL, 0, pw, sizeof pw, &bits, r);
	if (st == PWPOL_OK) {
		buf_str(&rq->out, "{\"ok\":true,\"password\":");
		buf_json(&rq->out, pw);
		buf_printf(&rq->out, ",\"bits\":%d}\n", bits);
	} else {
		buf_printf(&rq->out, "{\"ok\":false,\"error\":\"%s\"}\n", pwpol_status_name(st));
	}
	pwpol_wipe(pw, sizeof pw);
	pwpol_report_free(r);
}

/* /: association while the system accounts are not set, else the
 * signed-in home or the way to sign in. */
void page_root(struct request *rq)
{
	enum system_state state = system_state(rq);
	if (state == SYSTEM_ERROR)
		store_error(rq, PWPOL_ESYSTEM);
	else if (state == SYSTEM_UNSET)
		page_association(rq);
	else if (!rq->session->user[0])
		redirect(rq, "/login");
	else
		page_home(rq);
}
