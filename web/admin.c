/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * admin.c - the administration pages of `pwpol web`, for accounts whose
 * class holds `admin` (to view) and `admin-control` (to change):
 *
 *   /accounts  every account with its class and state; add (a temporary
 *              password), reset, unlock, enable/disable, class, delete
 *   /policy    the active configuration and its history; check, compare,
 *              commit (or commit confirmed N, then Confirm) and rollback
 *              of an edited text
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

static int permits(const struct request *rq, unsigned perms)
{
	return pwpol_store_permits(rq->o->store, perms, NULL, 0) == PWPOL_OK;
}

/* The 403 page of an account whose class lacks `admin` (or that was
 * disabled since it signed in): the library's sentence, nothing else. An
 * account whose password must be changed first never gets here: it is sent
 * to the change page (routes.c). */
static int refuse_viewer(struct request *rq, const char *title)
{
	char why[512];
	if (pwpol_store_permits(rq->o->store, PWPOL_PERMISSION_ADMIN, why, sizeof why) == PWPOL_OK)
		return 0;
	rq->status = MHD_HTTP_FORBIDDEN;
	page_begin(rq, title);
	note(rq, "error", why);
	buf_str(&rq->out, "<p><a href=\"./\">Back</a></p>\n");
	page_end(rq);
	return 1;
}

static void utc(char *out, size_t len, time_t t)
{
	struct tm tm;
	if (!gmtime_r(&t, &tm) || !strftime(out, len, "%Y-%m-%d %H:%M UTC", &tm))
		snprintf(out, len, "%lld", (long long)t);
}

/* What became of an action: its HTTP status and the message shown above
 * the page, in the library's words where it has them. */
struct outcome {
	int status;
	const char *cls; /* "ok" or "error" */
	char text[768];
	pwpol_report *findings; /* a refused password's rules, or NULL */
};

static void failed(struct request *rq, struct outcome *oc, enum pwpol_status st, const char *what,
                   const char *name, pwpol_report *r)
{
	oc->cls = "error";
	oc->status = st == PWPOL_NOT_PERMITTED                   ? MHD_HTTP_FORBIDDEN
	             : st == PWPOL_ENOENT                        ? MHD_HTTP_NOT_FOUND
	             : st == PWPOL_EEXIST                        ? MHD_HTTP_CONFLICT
	             : st == PWPOL_ESYSTEM || st == PWPOL_ENOMEM ? MHD_HTTP_INTERNAL_SERVER_ERROR
	                                                         : MHD_HTTP_UNPROCESSABLE_CONTENT;
	if (r && pwpol_report_count(r)) {
		snprintf(oc->text, sizeof oc->text, "%s: it breaks these rules.", what);
		oc->findings = r;
	} else if (st == PWPOL_ENOENT) {
		snprintf(oc->text, sizeof oc->text, "%s: no account %s.", what, name);
	} else if (st == PWPOL_EEXIST) {
		snprintf(oc->text, sizeof oc->text, "%s: %s exists already.", what, name);
	} else {
		/* NOT_PERMITTED, EINVAL and ESYSTEM leave their sentence in the store. */
		snprintf(oc->text, sizeof oc->text, "%s: %s", what,
		         pwpol_store_error(rq->o->store));
	}
}

static void outcome_html(struct request *rq, const struct outcome *oc)
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
                          const char *ask)
{
	buf_printf(b, "<button type=\"submit\" name=\"action\" value=\"%s\"%s id=\"%s-", action,
	           ask ? " class=\"danger\"" : "", action);
	buf_html(b, name);
	if (ask) {
		buf_str(b, "\" data-confirm=\"");
		buf_html(b, ask);
	}
	buf_printf(b, "\">%s</button>", label);
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

static int account_row(const struct pwpol_account_info *a, void *ctx)
{
	struct rows *w = ctx;
	struct request *rq = w->rq;
	struct buf *b = &rq->out;
	char locked[40] = "-", expires[40] = "-";
	if (a->locked_until > rq->now)
		utc(locked, sizeof locked, a->locked_until);
	if (a->expired)
		snprintf(expires, sizeof expires, "expired");
	else if (a->expires)
		snprintf(expires, sizeof expires, "%lld days",
		         (long long)((a->expires - rq->now + DAY - 1) / DAY));
	buf_str(b, "<tr id=\"row-");
	buf_html(b, a->name);
	buf_str(b, "\"><td class=\"name\">");
	buf_html(b, a->name);
	buf_str(b, "</td><td class=\"class\" data-label=\"Class\">");
	buf_html(b, a->account_class);
	buf_str(b, "</td><td class=\"state\" data-label=\"State\">");
	buf_html(b, pwpol_account_state(a));
	buf_printf(b,
	           "</td><td class=\"locked\" data-label=\"Locked until\">%s</td><td "
	           "class=\"failures\" data-label=\"Failures\">%u</td>"
	           "<td class=\"expires\" data-label=\"Expires in\">%s</td><td "
	           "class=\"temporary\" data-label=\"Temporary\">%s</td>"
	           "<td class=\"disabled\" data-label=\"Disabled\">%s</td>",
	           locked, a->failures, expires, a->flags & PWPOL_ACCOUNT_TEMPORARY ? "yes" : "no",
	           a->disabled ? "yes" : "no");
	if (w->control) {
		buf_str(b, "<td class=\"actions\"><form method=\"post\" action=\"accounts\">");
		csrf_input(rq);
		buf_str(b, "<input type=\"hidden\" name=\"name\" value=\"");
		buf_html(b, a->name);
		buf_str(b, "\">");
		/* Unlock only where there is a lock (or failures) to clear. */
		if (a->locked_until > rq->now || a->failures)
			action_button(b, "unlock", "Unlock", a->name, NULL);
		/* Reset from the row: app.js names the account in the reset
		 * form below and takes the person there. */
		buf_str(b, "<button type=\"button\" class=\"quiet\" data-reset=\"");
		buf_html(b, a->name);
		buf_str(b, "\" id=\"reset-row-");
		buf_html(b, a->name);
		buf_str(b, "\">Reset</button>");
		char ask[160];
		snprintf(ask, sizeof ask,
		         "Disable the account %s? Its sign-in is refused until it is enabled "
		         "again.",
		         a->name);
		if (a->disabled)
			action_button(b, "enable", "Enable", a->name, NULL);
		else
			action_button(b, "disable", "Disable", a->name, ask);
		/* Offered on every row, the system accounts' too: the library
		 * refuses their deletion, and no call of it names them. */
		snprintf(ask, sizeof ask, "Delete the account %s? It cannot be undone.", a->name);
		action_button(b, "delete", "Delete", a->name, ask);
		/* The classes that exist under the policy in force (the
		 * library refuses any other), the account's own chosen. */
		buf_str(b, "<select name=\"class\" aria-label=\"class of ");
		buf_html(b, a->name);
		buf_str(b, "\" id=\"newclass-");
		buf_html(b, a->name);
		buf_str(b, "\">");
		struct class_choice cc = {b, a->account_class};
		pwpol_class_each(rq->policy, class_choice, &cc);
		buf_str(b, "</select>");
		action_button(b, "class", "Set class", a->name, NULL);
		buf_str(b, "</form></td>");
	}
	buf_str(b, "</tr>\n");
	return 0;
}

/* The add and reset forms: a name and a temporary password, with the live
 * list of the rules it breaks for that name (app.js, /api/check). */
static void password_form(struct request *rq, const char *id, const char *legend, int with_class)
{
	struct buf *b = &rq->out;
	buf_printf(b,
	           "<form method=\"post\" action=\"accounts\" id=\"%s-form\" "
	           "data-check=\"account\" class=\"admin\"><fieldset><legend>%s</legend>"
	           "<label for=\"%s-name\">Account</label><input id=\"%s-name\" name=\"name\" "
	           "autocomplete=\"off\" required>",
	           id, legend, id, id);
	if (with_class)
		buf_printf(b,
		           "<label for=\"%s-class\">Class</label><input id=\"%s-class\" "
		           "name=\"class\" list=\"classes\" placeholder=\"%s\">",
		           id, id, PWPOL_CLASS_DEFAULT);
	buf_printf(b,
	           "<label for=\"%s-password\">Temporary password</label><input "
	           "type=\"password\" id=\"%s-password\" name=\"password\" "
	           "autocomplete=\"new-password\" required aria-describedby=\"%s-requirements\">",
	           id, id, id);
	char rid[32], mid[32];
	snprintf(rid, sizeof rid, "%s-requirements", id);
	snprintf(mid, sizeof mid, "%s-mismatch", id);
	requirements_html(rq, rid, 0);
	buf_printf(b,
	           "<div id=\"%s-rules\" class=\"rules\" aria-live=\"polite\"></div>"
	           "<label for=\"%s-confirm\">Confirm</label><input type=\"password\" "
	           "id=\"%s-confirm\" name=\"confirm\" autocomplete=\"new-password\" required>"
	           "<button type=\"button\" class=\"generate\" id=\"%s-generate\">Generate"
	           "</button>",
	           id, id, id, id);
	mismatch_html(rq, mid);
	csrf_input(rq);
	buf_printf(b,
	           "<button type=\"submit\" name=\"action\" value=\"%s\" id=\"%s\">%s</button>"
	           "</fieldset></form>\n",
	           id, id, with_class ? "Add account" : "Reset password");
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
	int control = permits(rq, PWPOL_PERMISSION_ADMIN_CONTROL);
	page_begin(rq, "Accounts");
	outcome_html(rq, oc);
	struct buf *b = &rq->out;
	buf_str(b, "<table id=\"accounts\"><thead><tr><th>Account</th><th>Class</th>"
	           "<th>State</th><th>Locked until</th><th>Failures</th><th>Expires in</th>"
	           "<th>Temporary</th><th>Disabled</th>");
	if (control)
		buf_str(b, "<th>Actions</th>");
	buf_str(b, "</tr></thead><tbody>\n");
	struct rows w = {rq, control};
	enum pwpol_status st =
	    pwpol_account_each(rq->o->store, rq->policy, rq->now, account_row, &w);
	buf_str(b, "</tbody></table>\n");
	if (st != PWPOL_OK) {
		buf_free(b);
		if (st == PWPOL_NOT_PERMITTED) {
			refuse_viewer(rq, "Accounts");
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
		password_form(rq, "add", "Add an account", 1);
		password_form(rq, "reset", "Reset a password", 0);
	} else {
		buf_str(b, "<p id=\"view-only\">Your class may view the accounts, not change "
		           "them.</p>\n");
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
	const char *what = add ? "Not added" : "Not reset";
	struct secret_field pw, confirm;
	field(rq, "password", &pw);
	field(rq, "confirm", &confirm);
	enum pwpol_status st;
	unsigned perms;
	if (!same_secret(&pw, &confirm)) {
		oc->status = MHD_HTTP_UNPROCESSABLE_CONTENT;
		oc->cls = "error";
		snprintf(oc->text, sizeof oc->text, "%s: the password and its confirmation differ.",
		         what);
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
		failed(rq, oc, st, what, name, r);
		goto out;
	}
	oc->status = MHD_HTTP_OK;
	oc->cls = "ok";
	if (add)
		snprintf(oc->text, sizeof oc->text,
		         "Account %s added with a temporary password: it must be changed at the "
		         "first sign-in.",
		         name);
	else
		snprintf(oc->text, sizeof oc->text,
		         "The password of %s is reset to a temporary one: it must be changed at "
		         "the next sign-in.",
		         name);
out:
	pwpol_wipe(&pw, sizeof pw);
	pwpol_wipe(&confirm, sizeof confirm);
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
		done = "unlocked.";
		what = "Not unlocked";
	} else if (strcmp(action, "enable") == 0 || strcmp(action, "disable") == 0) {
		int on = action[0] == 'e';
		st = pwpol_account_set_enabled(s, rq->policy, name, on, rq->now);
		done = on ? "enabled." : "disabled: its sign-in is refused.";
		what = on ? "Not enabled" : "Not disabled";
	} else if (strcmp(action, "class") == 0) {
		st = pwpol_account_set_class(s, rq->policy, name, cls, rq->now);
		done = "given its new class.";
		what = "Class not changed";
	} else if (strcmp(action, "delete") == 0) {
		st = pwpol_account_delete(s, rq->policy, name, rq->now);
		done = "deleted.";
		what = "Not deleted";
	} else {
		oc->status = MHD_HTTP_BAD_REQUEST;
		oc->cls = "error";
		snprintf(oc->text, sizeof oc->text, "No such action.");
		return;
	}
	if (st != PWPOL_OK) {
		failed(rq, oc, st, what, name, NULL);
		return;
	}
	oc->status = MHD_HTTP_OK;
	oc->cls = "ok";
	snprintf(oc->text, sizeof oc->text, "Account %s %s", name, done);
}

void accounts_handle(struct request *rq, int post)
{
	if (refuse_viewer(rq, "Accounts"))
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

/* ---- policy --------------------------------------------------------------- */

/* The configuration in force and a sentence saying where it comes from:
 * the store's active commit (its details in *ci), else the file read,
 * else the built-in profile written out (*ci all 0). Caller frees *text. */
static enum pwpol_status active_text(struct request *rq, char **text, char *from, size_t fromlen,
                                     struct pwpol_commit_info *ci)
{
	*ci = (struct pwpol_commit_info)PWPOL_COMMIT_INFO_INIT();
	enum pwpol_status st = pwpol_config_committed(rq->o->store, 0, rq->now, text, ci);
	if (st == PWPOL_OK && !**text) { /* rolled back to before the first commit */
		free(*text);
		*text = NULL;
		st = PWPOL_ENOENT;
	}
	if (st == PWPOL_OK) {
		char when[40];
		utc(when, sizeof when, ci->time);
		const char *over = pwpol_policy_overridden(rq->policy);
		snprintf(from, fromlen,
		         "The store's active configuration: commit %lu, by %s, %s%s%s.%s%s%s",
		         ci->number, ci->author, when, ci->comment[0] ? ": " : "", ci->comment,
		         over ? " The file " : "", over ? over : "",
		         over ? " is overridden: not read." : "");
		return st;
	}
	*ci = (struct pwpol_commit_info)PWPOL_COMMIT_INFO_INIT();
	if (st != PWPOL_ENOENT)
		return st;
	if (rq->policy_from[0] == '/') {
		/* The file in force, read as the library read it for the policy:
		 * trusted first, never reopened around its checks. */
		size_t len;
		if (pwpol_config_text(rq->policy_from, text, &len, NULL) != PWPOL_OK)
			return PWPOL_ESYSTEM;
		snprintf(from, fromlen,
		         "The store holds no committed configuration: the file %s is in force.",
		         rq->policy_from);
		return PWPOL_OK;
	}
	snprintf(from, fromlen,
	         "The store holds no committed configuration and no file is read: the "
	         "built-in %s profile is in force.",
	         pwpol_policy_profile(rq->policy));
	return pwpol_config_write(rq->policy, text);
}

static int history_row(const struct pwpol_commit_info *c, void *ctx)
{
	struct buf *b = ctx;
	char when[40];
	utc(when, sizeof when, c->time);
	buf_printf(b, "<tr><td class=\"rollback\">%u</td><td class=\"number\">%lu</td><td>%s</td>",
	           c->rollback, c->number, when);
	buf_str(b, "<td class=\"author\">");
	buf_html(b, c->author);
	buf_str(b, "</td><td class=\"comment\">");
	buf_html(b, c->comment);
	buf_str(b, "</td></tr>\n");
	return 0;
}

/* Each error at its line ("edit:3: ..."), for the list beside the editor
 * (app.js takes the person to that line). */
static void errors_html(struct buf *b, const pwpol_config_errors *e)
{
	buf_str(b, "<ul class=\"errors\" id=\"config-errors\" aria-label=\"Errors of the "
	           "check\">");
	for (size_t i = 0; i < pwpol_config_errors_count(e); i++) {
		const char *t = pwpol_config_errors_get(e, i);
		unsigned long line = 0;
		if (strncmp(t, "edit:", 5) == 0)
			line = strtoul(t + 5, NULL, 10);
		buf_str(b, pwpol_config_errors_is_warning(e, i) ? "<li class=\"warning\"" : "<li");
		if (line)
			buf_printf(b, " data-line=\"%lu\"", line);
		buf_str(b, ">");
		buf_html(b, pwpol_config_errors_get(e, i));
		buf_str(b, "</li>");
	}
	buf_str(b, "</ul>\n");
}

/* What a policy action gives back for the page. */
struct policy_result {
	struct outcome oc;
	pwpol_config_errors *errs;
	char *diff; /* compare's output */
	char *text; /* the edited text, shown again in the textarea */
};

static void policy_page(struct request *rq, struct policy_result *pr)
{
	char *active = NULL, from[512] = "";
	struct pwpol_commit_info ci = PWPOL_COMMIT_INFO_INIT();
	enum pwpol_status st = active_text(rq, &active, from, sizeof from, &ci);
	if (st != PWPOL_OK) {
		free(active);
		if (st == PWPOL_NOT_PERMITTED)
			refuse_viewer(rq, "Policy");
		else
			store_error(rq, st);
		return;
	}
	struct buf *b = &rq->out;
	int control = permits(rq, PWPOL_PERMISSION_ADMIN_CONTROL);
	page_begin(rq, "Policy");
	outcome_html(rq, &pr->oc);
	/* Without the editor, a check's errors stand above the page. */
	if (pr->errs && !control)
		errors_html(b, pr->errs);
	if (pr->diff) {
		buf_str(b, "<pre id=\"diff\" class=\"config\">");
		buf_html(b, pr->diff[0] ? pr->diff : "(no difference)\n");
		buf_str(b, "</pre>\n");
	}
	buf_str(b, "<h2>Active configuration</h2>\n<p id=\"active-from\">");
	buf_html(b, from);
	buf_str(b, "</p>\n");
	if (ci.confirm_by) {
		/* Junos `commit confirmed`: the library restores the one before
		 * at the first request after the deadline unless confirmed. */
		char when[40];
		utc(when, sizeof when, ci.confirm_by);
		buf_printf(b,
		           "<p class=\"reason\" id=\"awaiting\">Commit %lu awaits confirmation: "
		           "unless it is confirmed by %s, the configuration before it is "
		           "restored.</p>\n",
		           ci.number, when);
		if (control) {
			buf_str(b, "<form method=\"post\" action=\"policy\" id=\"confirm-form\" "
			           "class=\"admin\">");
			csrf_input(rq);
			buf_str(b, "<button type=\"submit\" name=\"action\" value=\"confirm\" "
			           "id=\"confirm-commit\">Confirm</button></form>\n");
		}
	}
	buf_str(b, "<pre id=\"active\" class=\"config\">");
	buf_html(b, active);
	buf_str(b, "</pre>\n");
	if (control) {
		buf_str(b, "<h2>Edit</h2>\n<form method=\"post\" action=\"policy\" "
		           "id=\"policy-form\" class=\"admin\"><div id=\"editor\" "
		           "class=\"editor\"><textarea id=\"text\" name=\"text\" "
		           "rows=\"8\" spellcheck=\"false\" aria-label=\"configuration\">");
		buf_html(b, pr->text ? pr->text : active);
		buf_str(b, "</textarea>");
		if (pr->errs)
			errors_html(b, pr->errs);
		buf_str(b, "</div><label for=\"comment\">Comment</label><input id=\"comment\" "
		           "name=\"comment\" maxlength=\"255\" autocomplete=\"off\">");
		csrf_input(rq);
		buf_str(b, "<div class=\"buttons\"><button type=\"submit\" name=\"action\" "
		           "value=\"check\" id=\"check\">Check</button><button type=\"submit\" "
		           "name=\"action\" value=\"compare\" id=\"compare\">Compare</button>"
		           "<button type=\"submit\" name=\"action\" value=\"commit\" "
		           "id=\"commit\">Commit</button><label for=\"minutes\">commit "
		           "confirmed, minutes</label><input type=\"number\" id=\"minutes\" "
		           "name=\"minutes\" min=\"1\" placeholder=\"-\"></div></form>\n");
	}
	free(active);
	buf_str(b, "<h2>History</h2>\n<table id=\"history\"><thead><tr><th>Rollback</th>"
	           "<th>Commit</th><th>Time</th><th>Author</th><th>Comment</th></tr></thead>"
	           "<tbody>\n");
	st = pwpol_config_history(rq->o->store, rq->now, history_row, b);
	buf_str(b, "</tbody></table>\n");
	if (st != PWPOL_OK) {
		buf_free(b);
		store_error(rq, st);
		return;
	}
	if (control) {
		buf_str(b, "<form method=\"post\" action=\"policy\" id=\"rollback-form\" "
		           "class=\"admin\"><label for=\"rollback-n\">Roll back to</label>"
		           "<input type=\"number\" id=\"rollback-n\" name=\"n\" min=\"0\" "
		           "required><label for=\"rollback-comment\">Comment</label><input "
		           "id=\"rollback-comment\" name=\"comment\" maxlength=\"255\" "
		           "autocomplete=\"off\" placeholder=\"rollback N\">");
		csrf_input(rq);
		buf_str(b, "<button type=\"submit\" name=\"action\" value=\"rollback\" "
		           "id=\"rollback\">Roll back</button></form>\n");
	}
	page_end(rq);
}

/* A textarea's lines come as CRLF (HTML forms): the text as a file holds it. */
static size_t lf_only(char *t)
{
	size_t n = 0;
	for (char *p = t; *p; p++)
		if (!(p[0] == '\r' && p[1] == '\n'))
			t[n++] = *p;
	t[n] = 0;
	return n;
}

static void policy_action(struct request *rq, struct policy_result *pr)
{
	struct outcome *oc = &pr->oc;
	char action[16], comment[1024]; /* the library holds it to 255 bytes */
	if (form_get(rq->body, rq->len, "action", action, sizeof action, NULL) != 0)
		action[0] = 0;
	if (form_get(rq->body, rq->len, "comment", comment, sizeof comment, NULL) != 0)
		comment[0] = 0;
	struct pwpol_commit_opts co =
	    PWPOL_COMMIT_OPTS_INIT(.name = "edit", .author = rq->session->user,
	                           .comment = comment[0] ? comment : NULL);
	struct pwpol_commit_info ci = PWPOL_COMMIT_INFO_INIT();
	enum pwpol_status st;
	oc->status = MHD_HTTP_OK;
	oc->cls = "ok";
	if (strcmp(action, "confirm") == 0) {
		st = pwpol_config_confirm(rq->o->store, rq->now, &ci);
		if (st == PWPOL_OK)
			snprintf(oc->text, sizeof oc->text,
			         "Commit %lu confirmed: it stays in force.", ci.number);
		else if (st == PWPOL_ENOENT)
			snprintf(oc->text, sizeof oc->text,
			         "Not confirmed: no commit awaits confirmation.");
		else
			failed(rq, oc, st, "Not confirmed", "", NULL);
		if (st != PWPOL_OK) {
			oc->cls = "error";
			oc->status = st == PWPOL_NOT_PERMITTED ? MHD_HTTP_FORBIDDEN
			             : st == PWPOL_ENOENT      ? MHD_HTTP_CONFLICT
			                                       : MHD_HTTP_INTERNAL_SERVER_ERROR;
		}
		return;
	}
	/* commit confirmed N: a whole number here, its range the library's. */
	char minutes[16], *mend;
	if (form_get(rq->body, rq->len, "minutes", minutes, sizeof minutes, NULL) != 0)
		minutes[0] = 0;
	if (minutes[0]) {
		errno = 0;
		co.confirm_minutes = strtol(minutes, &mend, 10);
		if (*mend || errno) {
			oc->status = MHD_HTTP_UNPROCESSABLE_CONTENT;
			oc->cls = "error";
			snprintf(
			    oc->text, sizeof oc->text,
			    "Not committed: give the minutes of commit confirmed as a number.");
			return;
		}
	}
	if (strcmp(action, "rollback") == 0) {
		char num[16], *end;
		if (form_get(rq->body, rq->len, "n", num, sizeof num, NULL) != 0)
			num[0] = 0;
		unsigned long n = strtoul(num, &end, 10);
		co.name = NULL;
		st = num[0] && !*end && n <= 1000
		         ? pwpol_config_rollback(rq->o->store, (unsigned)n, &co, rq->now, &pr->errs,
		                                 &ci)
		         : PWPOL_EINVAL;
		if (st == PWPOL_OK)
			snprintf(oc->text, sizeof oc->text,
			         "Rolled back to rollback %lu: it is in force as commit %lu.", n,
			         ci.number);
		else if (st == PWPOL_ENOENT)
			snprintf(oc->text, sizeof oc->text,
			         "Not rolled back: the store keeps no rollback %s.", num);
		else if (st == PWPOL_EINVAL && !pr->errs)
			snprintf(oc->text, sizeof oc->text, "Not rolled back: give a number.");
		else
			failed(rq, oc, st, "Not rolled back", "", NULL);
		if (st != PWPOL_OK) {
			oc->cls = "error";
			oc->status = st == PWPOL_NOT_PERMITTED ? MHD_HTTP_FORBIDDEN
			                                       : MHD_HTTP_UNPROCESSABLE_CONTENT;
		}
		return;
	}
	char *text = malloc(WEB_CONFIG_MAX + 2);
	if (!text || form_get(rq->body, rq->len, "text", text, WEB_CONFIG_MAX + 1, NULL) != 0) {
		free(text);
		oc->status = MHD_HTTP_CONTENT_TOO_LARGE;
		oc->cls = "error";
		snprintf(oc->text, sizeof oc->text,
		         "No configuration text, or one longer than %d KiB.",
		         WEB_CONFIG_MAX / 1024);
		return;
	}
	size_t len = lf_only(text);
	pr->text = text;
	if (strcmp(action, "check") == 0) {
		pwpol_policy *p = NULL;
		st = pwpol_config_parse(text, len, "edit", &p, &pr->errs);
		pwpol_policy_free(p);
		snprintf(oc->text, sizeof oc->text, "%s",
		         st == PWPOL_OK ? "The configuration passes the commit check."
		                        : "The configuration fails the commit check:");
	} else if (strcmp(action, "compare") == 0) {
		char *active = NULL, from[512];
		struct pwpol_commit_info now_ci = PWPOL_COMMIT_INFO_INIT();
		st = active_text(rq, &active, from, sizeof from, &now_ci);
		if (st == PWPOL_OK)
			st = pwpol_config_compare(active, strlen(active), "active", text, len,
			                          "edit", &pr->diff, &pr->errs);
		free(active);
		snprintf(oc->text, sizeof oc->text, "%s",
		         st == PWPOL_OK ? "The edit against the active configuration:"
		                        : "Not compared:");
	} else if (strcmp(action, "commit") == 0) {
		st = pwpol_config_commit(rq->o->store, text, len, &co, rq->now, &pr->errs, &ci);
		if (st == PWPOL_OK && ci.confirm_by) {
			char when[40];
			utc(when, sizeof when, ci.confirm_by);
			snprintf(oc->text, sizeof oc->text,
			         "Committed as commit %lu, to be confirmed by %s.", ci.number,
			         when);
		} else if (st == PWPOL_OK) {
			snprintf(oc->text, sizeof oc->text, "Committed as commit %lu.", ci.number);
		}
		if (st == PWPOL_OK) {
			free(pr->text);
			pr->text = NULL; /* the form shows the active text again */
		} else if (st == PWPOL_EINVAL && pr->errs) {
			snprintf(oc->text, sizeof oc->text, "%s",
			         co.confirm_minutes
			             ? "Not committed:"
			             : "Not committed: the configuration fails the commit check:");
		} else {
			failed(rq, oc, st, "Not committed", "", NULL);
		}
	} else {
		st = PWPOL_EINVAL;
		snprintf(oc->text, sizeof oc->text, "No such action.");
	}
	if (st != PWPOL_OK) {
		oc->cls = "error";
		oc->status = st == PWPOL_NOT_PERMITTED ? MHD_HTTP_FORBIDDEN
		             : st == PWPOL_ESYSTEM || st == PWPOL_ENOMEM
		                 ? MHD_HTTP_INTERNAL_SERVER_ERROR
		             : strcmp(action, "check") == 0 ? MHD_HTTP_OK
		                                            : MHD_HTTP_UNPROCESSABLE_CONTENT;
	}
}

void policy_handle(struct request *rq, int post)
{
	if (refuse_viewer(rq, "Policy"))
		return;
	struct policy_result pr = {0};
	if (post)
		policy_action(rq, &pr);
	policy_page(rq, &pr);
	pwpol_config_errors_free(pr.errs);
	free(pr.diff);
	free(pr.text);
}
