/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * admin.c - the administration pages of `pwpol web`, for accounts whose
 * class holds `admin` (to view) and `admin-control` (to change), and what
 * they share (the refusal of a viewer, an action's outcome):
 *
 *   /accounts  every account with its class and state; add (a temporary
 *              password), reset, unlock, enable/disable, class, delete
 *   /policy    policy.c
 *
 * The store acts as the signed-in account (server.c), so every call here
 * is allowed or refused by the library: a page asks pwpol_store_permits
 * only to decide what to offer, and a forged request gets the library's
 * refusal. Every action is audited by the library with its actor.
 */
#include "internal.h"

#include <errno.h>
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DAY 86400

int admin_permits(const struct request *rq, unsigned perms)
{
	return pwpol_store_permits(rq->o->store, perms, NULL, 0) == PWPOL_OK;
}

/* The 403 page of an account whose class lacks `admin` (or that was
 * disabled since it signed in): the library's sentence, nothing else. An
 * account whose password must be changed first never gets here: it is sent
 * to the change page (routes.c). */
int admin_refuse(struct request *rq, const char *title)
{
	char why[512];
	if (pwpol_store_permits(rq->o->store, PWPOL_PERMISSION_ADMIN, why, sizeof why) == PWPOL_OK)
		return 0;
	rq->status = MHD_HTTP_FORBIDDEN;
	page_begin(rq, title);
	note(rq, "error", why);
	buf_str(&rq->out, "<p><a href=\"./\">");
	buf_tr(&rq->out, "Back");
	buf_str(&rq->out, "</a></p>\n");
	page_end(rq);
	return 1;
}

void admin_utc(char *out, size_t len, time_t t)
{
	struct tm tm;
	if (!gmtime_r(&t, &tm) || !strftime(out, len, "%Y-%m-%d %H:%M UTC", &tm))
		snprintf(out, len, "%lld", (long long)t);
}

void admin_failed(struct request *rq, struct outcome *oc, enum pwpol_status st, const char *what,
                  const char *name, pwpol_report *r)
{
	oc->cls = "error";
	oc->status = st == PWPOL_NOT_PERMITTED                   ? MHD_HTTP_FORBIDDEN
	             : st == PWPOL_ENOENT                        ? MHD_HTTP_NOT_FOUND
	             : st == PWPOL_EEXIST                        ? MHD_HTTP_CONFLICT
	             : st == PWPOL_ESYSTEM || st == PWPOL_ENOMEM ? MHD_HTTP_INTERNAL_SERVER_ERROR
	                                                         : MHD_HTTP_UNPROCESSABLE_CONTENT;
	if (r && pwpol_report_count(r)) {
		snprintf(oc->text, sizeof oc->text, web_tr("%s: it breaks these rules."), what);
		oc->findings = r;
	} else if (st == PWPOL_ENOENT) {
		snprintf(oc->text, sizeof oc->text, web_tr("%s: no account %s."), what, name);
	} else if (st == PWPOL_EEXIST) {
		snprintf(oc->text, sizeof oc->text, web_tr("%s: %s exists already."), what, name);
	} else {
		/* NOT_PERMITTED, EINVAL and ESYSTEM leave their sentence in the store. */
		snprintf(oc->text, sizeof oc->text, "%s: %s", what,
		         pwpol_store_error(rq->o->store));
	}
}

void admin_outcome_html(struct request *rq, const struct outcome *oc)
{
	if (!oc->cls)
		return;
	rq->status = oc->status;
	note(rq, oc->cls, oc->text);
	if (oc->findings)
		findings_html(rq, oc->findings);
}

/* ---- accounts ----------------------------------------------------------- */

struct rows {
	struct request *rq;
	int control;
};

/* ask: a question app.js puts to the person before the form is sent;
 * such a button (Disable, Delete) looks destructive too. */
static void action_button(struct buf *b, const char *action, const char *label, const char *name,
                          const char *ask) /* label: a msgid (N_) */
{
	buf_printf(b, "<button type=\"submit\" name=\"action\" value=\"%s\"%s id=\"%s-", action,
	           ask ? " class=\"danger\"" : "", action);
	buf_html(b, name);
	if (ask) {
		buf_str(b, "\" data-confirm=\"");
		buf_html(b, ask);
	}
	buf_str(b, "\">");
	buf_tr(b, label);
	buf_str(b, "</button>");
}

struct class_choice {
	struct buf *b;
	const char *current;
};

static int class_choice(const char *cls, unsigned perms, void *ctx)
{
	(void)perms;
	struct class_choice *cc = ctx;
	buf_str(cc->b, "<option value=\"");
	buf_html(cc->b, cls);
	buf_str(cc->b, strcmp(cls, cc->current) == 0 ? "\" selected>" : "\">");
	buf_html(cc->b, cls);
	buf_str(cc->b, "</option>");
	return 0;
}

/* Ends the cell before and opens one: </td><td class=CLS data-label=HEADING>TEXT */
static void cell(struct buf *b, const char *cls, const char *heading, const char *text)
{
	buf_printf(b, "</td><td class=\"%s\" data-label=\"", cls);
	buf_tr(b, heading);
	buf_str(b, "\">");
	buf_html(b, text);
}

static int account_row(const struct pwpol_account_info *a, void *ctx)
{
	struct rows *w = ctx;
	struct request *rq = w->rq;
	struct buf *b = &rq->out;
	char locked[40] = "-", expires[40] = "-";
	if (a->locked_until > rq->now)
		admin_utc(locked, sizeof locked, a->locked_until);
	if (a->expired) {
		snprintf(expires, sizeof expires, "%s", web_tr("expired"));
	} else if (a->expires) {
		long long days = (a->expires - rq->now + DAY - 1) / DAY;
		snprintf(expires, sizeof expires,
		         web_ntr("%lld day", "%lld days", (unsigned long)(days > 0 ? days : 0)),
		         days);
	}
	buf_str(b, "<tr id=\"row-");
	buf_html(b, a->name);
	buf_str(b, "\"><td class=\"name\">");
	buf_html(b, a->name);
	/* data-label: the column's heading, shown beside the cell on a narrow
	 * screen (app.css). */
	cell(b, "class", N_("Class"), a->account_class);
	cell(b, "state", N_("State"), pwpol_account_state(a));
	cell(b, "locked", N_("Locked until"), locked);
	char failures[16];
	snprintf(failures, sizeof failures, "%u", a->failures);
	cell(b, "failures", N_("Failures"), failures);
	cell(b, "expires", N_("Expires in"), expires);
	cell(b, "temporary", N_("Temporary"),
	     web_tr(a->flags & PWPOL_ACCOUNT_TEMPORARY ? N_("yes") : N_("no")));
	cell(b, "disabled", N_("Disabled"), web_tr(a->disabled ? N_("yes") : N_("no")));
	buf_str(b, "</td>");
	if (w->control) {
		buf_str(b, "<td class=\"actions\"><form method=\"post\" action=\"accounts\">");
		csrf_input(rq);
		buf_str(b, "<input type=\"hidden\" name=\"name\" value=\"");
		buf_html(b, a->name);
		buf_str(b, "\">");
		/* Unlock only where there is a lock (or failures) to clear. */
		if (a->locked_until > rq->now || a->failures)
			action_button(b, "unlock", N_("Unlock"), a->name, NULL);
		/* Reset from the row: app.js names the account in the reset
		 * form below and takes the person there. */
		buf_str(b, "<button type=\"button\" class=\"quiet\" data-reset=\"");
		buf_html(b, a->name);
		buf_str(b, "\" id=\"reset-row-");
		buf_html(b, a->name);
		buf_str(b, "\">");
		buf_tr(b, "Reset");
		buf_str(b, "</button>");
		char ask[256];
		snprintf(
		    ask, sizeof ask,
		    web_tr("Disable the account %s? Its sign-in is refused until it is enabled "
		           "again."),
		    a->name);
		if (a->disabled)
			action_button(b, "enable", N_("Enable"), a->name, NULL);
		else
			action_button(b, "disable", N_("Disable"), a->name, ask);
		/* Offered on every row, the system accounts' too: the library
		 * refuses their deletion, and no call of it names them. */
		snprintf(ask, sizeof ask, web_tr("Delete the account %s? It cannot be undone."),
		         a->name);
		action_button(b, "delete", N_("Delete"), a->name, ask);
		/* The classes that exist under the policy in force (the
		 * library refuses any other), the account's own chosen. */
		char label[160];
		snprintf(label, sizeof label, web_tr("class of %s"), a->name);
		buf_str(b, "<select name=\"class\" aria-label=\"");
		buf_html(b, label);
		buf_str(b, "\" id=\"newclass-");
		buf_html(b, a->name);
		buf_str(b, "\">");
		struct class_choice cc = {b, a->account_class};
		pwpol_class_each(rq->policy, class_choice, &cc);
		buf_str(b, "</select>");
		action_button(b, "class", N_("Set class"), a->name, NULL);
		buf_str(b, "</form></td>");
	}
	buf_str(b, "</tr>\n");
	return 0;
}

/* The add and reset forms: a name and a temporary password, with the live
 * list of the rules it breaks for that name (app.js, /api/check). */
static void password_form(struct request *rq, const char *id, const char *legend /* msgid */,
                          int with_class)
{
	struct buf *b = &rq->out;
	buf_printf(b,
	           "<form method=\"post\" action=\"accounts\" id=\"%s-form\" "
	           "data-check=\"account\" class=\"admin\"><fieldset><legend>",
	           id);
	buf_tr(b, legend);
	buf_printf(b, "</legend><label for=\"%s-name\">", id);
	buf_tr(b, "Account");
	buf_printf(b, "</label><input id=\"%s-name\" name=\"name\" autocomplete=\"off\" required>",
	           id);
	if (with_class) {
		buf_printf(b, "<label for=\"%s-class\">", id);
		buf_tr(b, "Class");
		buf_printf(b,
		           "</label><input id=\"%s-class\" name=\"class\" list=\"classes\" "
		           "placeholder=\"%s\">",
		           id, PWPOL_CLASS_DEFAULT);
	}
	buf_printf(b, "<label for=\"%s-password\">", id);
	buf_tr(b, "Temporary password");
	buf_printf(b,
	           "</label><input type=\"password\" id=\"%s-password\" name=\"password\" "
	           "autocomplete=\"new-password\" required aria-describedby=\"%s-requirements\">",
	           id, id);
	char rid[32], mid[32];
	snprintf(rid, sizeof rid, "%s-requirements", id);
	snprintf(mid, sizeof mid, "%s-mismatch", id);
	requirements_html(rq, rid, 0);
	buf_printf(b,
	           "<div id=\"%s-rules\" class=\"rules\" aria-live=\"polite\"></div>"
	           "<label for=\"%s-confirm\">",
	           id, id);
	buf_tr(b, "Confirm");
	buf_printf(b,
	           "</label><input type=\"password\" id=\"%s-confirm\" name=\"confirm\" "
	           "autocomplete=\"new-password\" required>"
	           "<button type=\"button\" class=\"generate\" id=\"%s-generate\">",
	           id, id);
	buf_tr(b, "Generate");
	buf_str(b, "</button>");
	mismatch_html(rq, mid);
	csrf_input(rq);
	buf_printf(b, "<button type=\"submit\" name=\"action\" value=\"%s\" id=\"%s\">", id, id);
	buf_tr(b, with_class ? N_("Add account") : N_("Reset password"));
	buf_str(b, "</button></fieldset></form>\n");
}

static int class_option(const char *cls, unsigned perms, void *ctx)
{
	(void)perms;
	struct buf *b = ctx;
	buf_str(b, "<option value=\"");
	buf_html(b, cls);
	buf_str(b, "\">");
	return 0;
}

static void accounts_page(struct request *rq, const struct outcome *oc)
{
	int control = admin_permits(rq, PWPOL_PERMISSION_ADMIN_CONTROL);
	page_begin(rq, web_tr("Accounts"));
	admin_outcome_html(rq, oc);
	struct buf *b = &rq->out;
	static const char *const headings[] = {N_("Account"),      N_("Class"),    N_("State"),
	                                       N_("Locked until"), N_("Failures"), N_("Expires in"),
	                                       N_("Temporary"),    N_("Disabled"), N_("Actions")};
	size_t columns = sizeof headings / sizeof *headings - (control ? 0 : 1);
	buf_str(b, "<table id=\"accounts\"><thead><tr>");
	for (size_t i = 0; i < columns; i++) {
		buf_str(b, "<th>");
		buf_tr(b, headings[i]);
		buf_str(b, "</th>");
	}
	buf_str(b, "</tr></thead><tbody>\n");
	struct rows w = {rq, control};
	enum pwpol_status st =
	    pwpol_account_each(rq->o->store, rq->policy, rq->now, account_row, &w);
	buf_str(b, "</tbody></table>\n");
	if (st != PWPOL_OK) {
		buf_free(b);
		if (st == PWPOL_NOT_PERMITTED) {
			admin_refuse(rq, web_tr("Accounts"));
			return;
		}
		store_error(rq, st);
		return;
	}
	if (control) {
		/* Suggestions: the classes the library knows under the policy in
		 * force (it refuses any other). */
		buf_str(b, "<datalist id=\"classes\">");
		pwpol_class_each(rq->policy, class_option, b);
		buf_str(b, "</datalist>\n");
		password_form(rq, "add", N_("Add an account"), 1);
		password_form(rq, "reset", N_("Reset a password"), 0);
	} else {
		buf_str(b, "<p id=\"view-only\">");
		buf_tr(b, "Your class may view the accounts, not change them.");
		buf_str(b, "</p>\n");
	}
	page_end(rq);
}

static int same_secret(const struct secret_field *a, const struct secret_field *b)
{
	return a->len == b->len && memcmp(a->s, b->s, a->len) == 0;
}

/* add and reset: the one action that carries a password. */
static void password_action(struct request *rq, const char *action, const char *name,
                            const char *cls, struct outcome *oc, pwpol_report *r)
{
	int add = strcmp(action, "add") == 0;
	const char *what = add ? web_tr("Not added") : web_tr("Not reset");
	struct secret_field pw, confirm;
	field(rq, "password", &pw);
	field(rq, "confirm", &confirm);
	enum pwpol_status st;
	unsigned perms;
	if (!same_secret(&pw, &confirm)) {
		oc->status = MHD_HTTP_UNPROCESSABLE_CONTENT;
		oc->cls = "error";
		snprintf(oc->text, sizeof oc->text,
		         web_tr("%s: the password and its confirmation differ."), what);
		goto out;
	}
	struct pwpol_secret sec = PWPOL_SECRET_INIT(.pw = pw.s, .len = pw.len);
	if (!add) {
		st = pwpol_account_reset(rq->o->store, rq->policy, name, &sec, rq->now, r);
	} else if (cls[0] && pwpol_class_permissions(rq->policy, cls, &perms) != PWPOL_OK) {
		/* Asked of the library before the account exists, so that a
		 * class it refuses leaves nothing behind; its sentence says why. */
		st = pwpol_account_set_class(rq->o->store, rq->policy, name, cls, rq->now);
		if (st == PWPOL_OK || st == PWPOL_ENOENT)
			st = PWPOL_EINVAL;
	} else {
		st = pwpol_account_add(rq->o->store, rq->policy, name, &sec, rq->now, r);
		if (st == PWPOL_OK && cls[0])
			st = pwpol_account_set_class(rq->o->store, rq->policy, name, cls, rq->now);
	}
	if (st != PWPOL_OK) {
		admin_failed(rq, oc, st, what, name, r);
		goto out;
	}
	oc->status = MHD_HTTP_OK;
	oc->cls = "ok";
	if (add)
		snprintf(oc->text, sizeof oc->text,
		         web_tr("Account %s added with a temporary password: it must be changed "
		                "at the first sign-in."),
		         name);
	else
		snprintf(oc->text, sizeof oc->text,
		         web_tr("The password of %s is reset to a temporary one: it must be "
		                "changed at the next sign-in."),
		         name);
out:
	pwpol_wipe(&pw, sizeof pw);
	pwpol_wipe(&confirm, sizeof confirm);
}

/* A sentence with one %s (a translated msgid that varies with the action
 * taken): the name put in its place. */
static void name_in(char *out, size_t cap, const char *sentence, const char *name)
{
	const char *at = strstr(sentence, "%s");
	if (!at)
		snprintf(out, cap, "%s", sentence);
	else
		snprintf(out, cap, "%.*s%s%s", (int)(at - sentence), sentence, name, at + 2);
}

static void account_action(struct request *rq, struct outcome *oc, pwpol_report *r)
{
	char action[16], name[64], cls[PWPOL_CLASS_NAME_MAX + 1];
	if (form_get(rq->body, rq->len, "action", action, sizeof action, NULL) != 0)
		action[0] = 0;
	if (form_get(rq->body, rq->len, "name", name, sizeof name, NULL) != 0)
		name[0] = 0;
	if (form_get(rq->body, rq->len, "class", cls, sizeof cls, NULL) != 0)
		cls[0] = 0;
	pwpol_store *s = rq->o->store;
	enum pwpol_status st;
	const char *done, *what;
	if (strcmp(action, "add") == 0 || strcmp(action, "reset") == 0) {
		password_action(rq, action, name, cls, oc, r);
		return;
	} else if (strcmp(action, "unlock") == 0) {
		st = pwpol_account_unlock(s, name, rq->now);
		done = web_tr("Account %s unlocked.");
		what = web_tr("Not unlocked");
	} else if (strcmp(action, "enable") == 0 || strcmp(action, "disable") == 0) {
		int on = action[0] == 'e';
		st = pwpol_account_set_enabled(s, rq->policy, name, on, rq->now);
		done = on ? web_tr("Account %s enabled.")
		          : web_tr("Account %s disabled: its sign-in is refused.");
		what = on ? web_tr("Not enabled") : web_tr("Not disabled");
	} else if (strcmp(action, "class") == 0) {
		st = pwpol_account_set_class(s, rq->policy, name, cls, rq->now);
		done = web_tr("Account %s given its new class.");
		what = web_tr("Class not changed");
	} else if (strcmp(action, "delete") == 0) {
		st = pwpol_account_delete(s, rq->policy, name, rq->now);
		done = web_tr("Account %s deleted.");
		what = web_tr("Not deleted");
	} else {
		oc->status = MHD_HTTP_BAD_REQUEST;
		oc->cls = "error";
		snprintf(oc->text, sizeof oc->text, "%s", web_tr("No such action."));
		return;
	}
	if (st != PWPOL_OK) {
		admin_failed(rq, oc, st, what, name, NULL);
		return;
	}
	oc->status = MHD_HTTP_OK;
	oc->cls = "ok";
	name_in(oc->text, sizeof oc->text, done, name);
}

void accounts_handle(struct request *rq, int post)
{
	if (admin_refuse(rq, web_tr("Accounts")))
		return;
	struct outcome oc = {0};
	pwpol_report *r = NULL;
	if (post) {
		if (pwpol_report_new(&r) != PWPOL_OK) {
			store_error(rq, PWPOL_ENOMEM);
			return;
		}
		account_action(rq, &oc, r);
	}
	accounts_page(rq, &oc);
	pwpol_report_free(r);
}
