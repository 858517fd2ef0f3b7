/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * policy.c - the policy page of `pwpol web` (/policy), for accounts whose
 * class holds `admin` (to view) and `admin-control` (to change): the
 * active configuration and its history; check, compare, commit (or commit
 * confirmed N, then Confirm) and rollback of an edited text. As on the
 * accounts page (admin.c), the store acts as the signed-in account, so
 * the library allows or refuses each call and audits it.
 */
#include "internal.h"

#include <errno.h>
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
		admin_utc(when, sizeof when, ci->time);
		const char *over = pwpol_policy_overridden(rq->policy);
		int n = snprintf(from, fromlen,
		                 web_tr("The store's active configuration: commit %lu, by %s, %s"),
		                 ci->number, ci->author, when);
		size_t k = n > 0 ? (size_t)n : 0;
		if (k < fromlen)
			k += (size_t)snprintf(from + k, fromlen - k, "%s%s.",
			                      ci->comment[0] ? ": " : "", ci->comment);
		if (over && k < fromlen)
			snprintf(from + k, fromlen - k,
			         web_tr(" The file %s is overridden: not read."), over);
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
		         web_tr("The store holds no committed configuration: the file %s is in "
		                "force."),
		         rq->policy_from);
		return PWPOL_OK;
	}
	snprintf(from, fromlen,
	         web_tr("The store holds no committed configuration and no file is read: the "
	                "built-in %s profile is in force."),
	         pwpol_policy_profile(rq->policy));
	return pwpol_config_write(rq->policy, text);
}

static int history_row(const struct pwpol_commit_info *c, void *ctx)
{
	struct buf *b = ctx;
	char when[40];
	admin_utc(when, sizeof when, c->time);
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
	buf_str(b, "<ul class=\"errors\" id=\"config-errors\" aria-label=\"");
	buf_tr(b, "Errors of the check");
	buf_str(b, "\">");
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
			admin_refuse(rq, web_tr("Policy"));
		else
			store_error(rq, st);
		return;
	}
	struct buf *b = &rq->out;
	int control = admin_permits(rq, PWPOL_PERMISSION_ADMIN_CONTROL);
	page_begin(rq, web_tr("Policy"));
	admin_outcome_html(rq, &pr->oc);
	/* Without the editor, a check's errors stand above the page. */
	if (pr->errs && !control)
		errors_html(b, pr->errs);
	if (pr->diff) {
		buf_str(b, "<pre id=\"diff\" class=\"config\">");
		buf_html(b, pr->diff[0] ? pr->diff : "(no difference)\n");
		buf_str(b, "</pre>\n");
	}
	buf_str(b, "<h2>");
	buf_tr(b, "Active configuration");
	buf_str(b, "</h2>\n<p id=\"active-from\">");
	buf_html(b, from);
	buf_str(b, "</p>\n");
	if (ci.confirm_by) {
		/* Junos `commit confirmed`: the library restores the one before
		 * at the first request after the deadline unless confirmed. */
		char when[40];
		admin_utc(when, sizeof when, ci.confirm_by);
		char awaits[512];
		snprintf(awaits, sizeof awaits,
		         web_tr("Commit %lu awaits confirmation: unless it is confirmed by %s, the "
		                "configuration before it is restored."),
		         ci.number, when);
		buf_str(b, "<p class=\"reason\" id=\"awaiting\">");
		buf_html(b, awaits);
		buf_str(b, "</p>\n");
		if (control) {
			buf_str(b, "<form method=\"post\" action=\"policy\" id=\"confirm-form\" "
			           "class=\"admin\">");
			csrf_input(rq);
			buf_str(b, "<button type=\"submit\" name=\"action\" value=\"confirm\" "
			           "id=\"confirm-commit\">");
			buf_tr(b, "Confirm");
			buf_str(b, "</button></form>\n");
		}
	}
	buf_str(b, "<pre id=\"active\" class=\"config\">");
	buf_html(b, active);
	buf_str(b, "</pre>\n");
	if (control) {
		buf_str(b, "<h2>");
		buf_tr(b, "Edit");
		buf_str(b, "</h2>\n<form method=\"post\" action=\"policy\" "
		           "id=\"policy-form\" class=\"admin\"><div id=\"editor\" "
		           "class=\"editor\"><textarea id=\"text\" name=\"text\" "
		           "rows=\"8\" spellcheck=\"false\" aria-label=\"");
		buf_tr(b, "configuration");
		buf_str(b, "\">");
		buf_html(b, pr->text ? pr->text : active);
		buf_str(b, "</textarea>");
		if (pr->errs)
			errors_html(b, pr->errs);
		buf_str(b, "</div><label for=\"comment\">");
		buf_tr(b, "Comment");
		buf_str(b, "</label><input id=\"comment\" name=\"comment\" maxlength=\"255\" "
		           "autocomplete=\"off\">");
		csrf_input(rq);
		buf_str(b, "<div class=\"buttons\"><button type=\"submit\" name=\"action\" "
		           "value=\"check\" id=\"check\">");
		buf_tr(b, "Check");
		buf_str(b, "</button><button type=\"submit\" name=\"action\" value=\"compare\" "
		           "id=\"compare\">");
		buf_tr(b, "Compare");
		buf_str(b, "</button><button type=\"submit\" name=\"action\" value=\"commit\" "
		           "id=\"commit\">");
		buf_tr(b, "Commit");
		buf_str(b, "</button><label for=\"minutes\">");
		buf_tr(b, "commit confirmed, minutes");
		buf_str(b, "</label><input type=\"number\" id=\"minutes\" name=\"minutes\" "
		           "min=\"1\" placeholder=\"-\"></div></form>\n");
	}
	free(active);
	buf_str(b, "<h2>");
	buf_tr(b, "History");
	buf_str(b, "</h2>\n<table id=\"history\"><thead><tr>");
	static const char *const headings[] = {N_("Rollback"), N_("Commit"), N_("Time"),
	                                       N_("Author"), N_("Comment")};
	for (size_t i = 0; i < sizeof headings / sizeof *headings; i++) {
		buf_str(b, "<th>");
		buf_tr(b, headings[i]);
		buf_str(b, "</th>");
	}
	buf_str(b, "</tr></thead><tbody>\n");
	st = pwpol_config_history(rq->o->store, rq->now, history_row, b);
	buf_str(b, "</tbody></table>\n");
	if (st != PWPOL_OK) {
		buf_free(b);
		store_error(rq, st);
		return;
	}
	if (control) {
		buf_str(b, "<form method=\"post\" action=\"policy\" id=\"rollback-form\" "
		           "class=\"admin\"><label for=\"rollback-n\">");
		buf_tr(b, "Roll back to");
		buf_str(b, "</label><input type=\"number\" id=\"rollback-n\" name=\"n\" "
		           "min=\"0\" required><label for=\"rollback-comment\">");
		buf_tr(b, "Comment");
		buf_str(b, "</label><input id=\"rollback-comment\" name=\"comment\" "
		           "maxlength=\"255\" autocomplete=\"off\" placeholder=\"rollback N\">");
		csrf_input(rq);
		buf_str(b, "<button type=\"submit\" name=\"action\" value=\"rollback\" "
		           "id=\"rollback\">");
		buf_tr(b, "Roll back");
		buf_str(b, "</button></form>\n");
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
			         web_tr("Commit %lu confirmed: it stays in force."), ci.number);
		else if (st == PWPOL_ENOENT)
			snprintf(oc->text, sizeof oc->text, "%s",
			         web_tr("Not confirmed: no commit awaits confirmation."));
		else
			admin_failed(rq, oc, st, web_tr("Not confirmed"), "", NULL);
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
			snprintf(oc->text, sizeof oc->text, "%s",
			         web_tr("Not committed: give the minutes of commit confirmed as a "
			                "number."));
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
			snprintf(
			    oc->text, sizeof oc->text,
			    web_tr("Rolled back to rollback %lu: it is in force as commit %lu."), n,
			    ci.number);
		else if (st == PWPOL_ENOENT)
			snprintf(oc->text, sizeof oc->text,
			         web_tr("Not rolled back: the store keeps no rollback %s."), num);
		else if (st == PWPOL_EINVAL && !pr->errs)
			snprintf(oc->text, sizeof oc->text, "%s",
			         web_tr("Not rolled back: give a number."));
		else
			admin_failed(rq, oc, st, web_tr("Not rolled back"), "", NULL);
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
		         web_tr("No configuration text, or one longer than %d KiB."),
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
		         st == PWPOL_OK ? web_tr("The configuration passes the commit check.")
		                        : web_tr("The configuration fails the commit check:"));
	} else if (strcmp(action, "compare") == 0) {
		char *active = NULL, from[512];
		struct pwpol_commit_info now_ci = PWPOL_COMMIT_INFO_INIT();
		st = active_text(rq, &active, from, sizeof from, &now_ci);
		if (st == PWPOL_OK)
			st = pwpol_config_compare(active, strlen(active), "active", text, len,
			                          "edit", &pr->diff, &pr->errs);
		free(active);
		snprintf(oc->text, sizeof oc->text, "%s",
		         st == PWPOL_OK ? web_tr("The edit against the active configuration:")
		                        : web_tr("Not compared:"));
	} else if (strcmp(action, "commit") == 0) {
		st = pwpol_config_commit(rq->o->store, text, len, &co, rq->now, &pr->errs, &ci);
		if (st == PWPOL_OK && ci.confirm_by) {
			char when[40];
			admin_utc(when, sizeof when, ci.confirm_by);
			snprintf(oc->text, sizeof oc->text,
			         web_tr("Committed as commit %lu, to be confirmed by %s."),
			         ci.number, when);
		} else if (st == PWPOL_OK) {
			snprintf(oc->text, sizeof oc->text, web_tr("Committed as commit %lu."),
			         ci.number);
		}
		if (st == PWPOL_OK) {
			free(pr->text);
			pr->text = NULL; /* the form shows the active text again */
		} else if (st == PWPOL_EINVAL && pr->errs) {
			snprintf(oc->text, sizeof oc->text, "%s",
			         co.confirm_minutes
			             ? web_tr("Not committed:")
			             : web_tr("Not committed: the configuration fails the commit "
			                      "check:"));
		} else {
			admin_failed(rq, oc, st, web_tr("Not committed"), "", NULL);
		}
	} else {
		st = PWPOL_EINVAL;
		snprintf(oc->text, sizeof oc->text, "%s", web_tr("No such action."));
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
	if (admin_refuse(rq, web_tr("Policy")))
		return;
	struct policy_result pr = {0};
	if (post)
		policy_action(rq, &pr);
	policy_page(rq, &pr);
	pwpol_config_errors_free(pr.errs);
	free(pr.diff);
	free(pr.text);
}
