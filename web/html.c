/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * html.c - the kit every page is made with: the frame (header, the links
 * the account's class may follow, sign-out), the CSRF field, a redirect,
 * a note, a report's findings as HTML or JSON, the store's error page,
 * and a password field read from the form. pages.c and admin.c both use
 * it and neither calls the other.
 */
#include "internal.h"

#include <libintl.h>

#include <microhttpd.h>
#include <stdio.h>
#include <string.h>

void field(const struct request *rq, const char *key, struct secret_field *f)
{
	if (form_get(rq->body, rq->len, key, f->s, sizeof f->s, &f->len) != 0) {
		pwpol_wipe(f->s, sizeof f->s);
		f->len = 0;
	}
}

/* ---- the frame of every page --------------------------------------------- */

static void words_json(struct buf *b);

void page_begin(struct request *rq, const char *title)
{
	rq->type = "text/html; charset=utf-8";
	struct buf *b = &rq->out;
	buf_printf(b,
	           "<!doctype html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\">"
	           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
	           "<title>",
	           web_lang());
	buf_html(b, title);
	buf_str(b, " - pwpol</title><link rel=\"stylesheet\" href=\"static/app.css\">"
	           "<script src=\"static/app.js\" defer></script>");
	words_json(b);
	buf_str(b, "</head>\n<body><header><span class=\"brand\">pwpol</span>");
	if (rq->session && rq->session->user[0]) {
		/* The links the account's class may follow, as the library says. */
		if (pwpol_store_permits(rq->o->store, PWPOL_PERMISSION_ADMIN, NULL, 0) ==
		    PWPOL_OK) {
			buf_str(b, "<nav><a href=\"accounts\" id=\"nav-accounts\">");
			buf_tr(b, "Accounts");
			buf_str(b, "</a><a href=\"policy\" id=\"nav-policy\">");
			buf_tr(b, "Policy");
			buf_str(b, "</a></nav>");
		}
		buf_str(b, "<form method=\"post\" action=\"logout\" class=\"signout\">"
		           "<span id=\"whoami\">");
		buf_html(b, rq->session->user);
		buf_str(b, "</span><input type=\"hidden\" name=\"csrf\" value=\"");
		buf_str(b, rq->session->csrf);
		buf_str(b, "\"><button type=\"submit\" id=\"signout\">");
		buf_tr(b, "Sign out");
		buf_str(b, "</button></form>");
	}
	buf_str(b, "</header>\n<main>\n<h1>");
	buf_html(b, title);
	buf_str(b, "</h1>\n");
}

void page_end(struct request *rq)
{
	buf_str(&rq->out, "</main></body></html>\n");
}

void csrf_input(struct request *rq)
{
	buf_printf(&rq->out, "<input type=\"hidden\" name=\"csrf\" value=\"%s\">",
	           rq->session->csrf);
}

void redirect(struct request *rq, const char *where)
{
	rq->status = MHD_HTTP_SEE_OTHER;
	/* Under --base-path, the page's address as the browser knows it. */
	snprintf(rq->location_buf, sizeof rq->location_buf, "%s%s",
	         rq->o->base_path ? rq->o->base_path : "", where);
	rq->location = rq->location_buf;
	rq->type = "text/plain; charset=utf-8";
	buf_str(&rq->out, "see ");
	buf_str(&rq->out, where);
	buf_str(&rq->out, "\n");
}

static int requirement_li(enum pwpol_rule rule, const char *text, void *ctx)
{
	struct buf *b = ctx;
	buf_str(b, "<li class=\"unmet\" data-rule=\"");
	buf_str(b, pwpol_rule_name(rule));
	buf_str(b, "\"><span class=\"state sr\">");
	buf_tr(b, "not met: ");
	buf_str(b, "</span>");
	buf_html(b, pwpol_rule_name(rule));
	buf_str(b, ": ");
	buf_html(b, text);
	buf_str(b, "</li>");
	return 0;
}

void requirements_html(struct request *rq, const char *id, int change)
{
	buf_printf(&rq->out, "<ul class=\"requirements\" id=\"%s\" aria-label=\"", id);
	buf_tr(&rq->out, "The rules of the password");
	buf_str(&rq->out, "\">");
	pwpol_policy_requirements(rq->policy, change, requirement_li, &rq->out);
	buf_str(&rq->out, "</ul>\n");
	/* Beside the rules, zxcvbn's estimate of what is typed (app.js fills
	 * it from /api/check): "requirements" gives "strength",
	 * "add-requirements" "add-strength". */
	size_t stem = strlen(id);
	if (stem >= 12 && strcmp(id + stem - 12, "requirements") == 0)
		stem -= 12;
	buf_printf(&rq->out,
	           "<p class=\"strength\" id=\"%.*sstrength\" aria-live=\"polite\"></p>\n",
	           (int)stem, id);
}

int score_json(struct buf *b, const char *pw, size_t len, const char *name, int translated)
{
	struct pwpol_score sc = PWPOL_SCORE_INIT();
	if (pwpol_score(pw, len, name && *name ? name : NULL, &sc) != PWPOL_OK)
		return -1;
	buf_printf(b, ",\"score\":{\"score\":%d,\"bits\":%.1f,\"patterns\":[", sc.score, sc.bits);
	for (size_t i = 0; i < sc.npatterns; i++)
		buf_printf(b, "%s{\"pattern\":\"%s\",\"begin\":%d,\"length\":%d}", i ? "," : "",
		           pwpol_pattern_name(sc.pattern[i].kind), sc.pattern[i].begin,
		           sc.pattern[i].length);
	char msg[256];
	const char *tmpl = pwpol_score_template(&sc);
	pwpol_score_message_from(&sc, translated ? web_tr(tmpl) : tmpl, msg, sizeof msg);
	buf_str(b, "],\"message\":");
	buf_json(b, msg);
	buf_str(b, "}");
	return 0;
}

void mismatch_html(struct request *rq, const char *id)
{
	buf_printf(&rq->out, "<p class=\"mismatch\" id=\"%s\" aria-live=\"polite\"></p>\n", id);
}

void note(struct request *rq, const char *cls, const char *text)
{
	buf_printf(&rq->out, "<p class=\"%s\" id=\"%s\">", cls, cls);
	buf_html(&rq->out, text);
	buf_str(&rq->out, "</p>\n");
}

/* The findings of a refusal, one item each, as the library words them. */
void findings_html(struct request *rq, const pwpol_report *r)
{
	buf_str(&rq->out, "<ul class=\"errors\" id=\"errors\">");
	for (size_t i = 0; i < pwpol_report_count(r); i++) {
		const struct pwpol_finding *f = pwpol_report_get(r, i);
		char msg[256];
		pwpol_finding_message_from(f, web_tr(pwpol_rule_template(f->rule)), msg,
		                           sizeof msg);
		buf_str(&rq->out, "<li><span class=\"rule\">");
		buf_html(&rq->out, pwpol_rule_name(f->rule));
		buf_str(&rq->out, "</span> ");
		if (pwpol_report_account(r, i)) {
			char who[160];
			snprintf(who, sizeof who, web_tr("(for %s) "), pwpol_report_account(r, i));
			buf_html(&rq->out, who);
		}
		buf_html(&rq->out, msg);
		buf_str(&rq->out, "</li>");
	}
	buf_str(&rq->out, "</ul>\n");
}

void findings_json(struct buf *b, const pwpol_report *r)
{
	buf_str(b, "[");
	for (size_t i = 0; i < pwpol_report_count(r); i++) {
		const struct pwpol_finding *f = pwpol_report_get(r, i);
		char msg[256];
		pwpol_finding_message_from(f, web_tr(pwpol_rule_template(f->rule)), msg,
		                           sizeof msg);
		buf_str(b, i ? ",{\"rule\":" : "{\"rule\":");
		buf_json(b, pwpol_rule_name(f->rule));
		buf_str(b, ",\"message\":");
		buf_json(b, msg);
		buf_str(b, "}");
	}
	buf_str(b, "]");
}

void store_error(struct request *rq, enum pwpol_status st)
{
	rq->status = MHD_HTTP_INTERNAL_SERVER_ERROR;
	page_begin(rq, web_tr("Error"));
	const char *why = pwpol_store_error(rq->o->store);
	note(rq, "error", why && *why ? why : pwpol_status_name(st));
	page_end(rq);
}

const char *web_tr(const char *s)
{
	return dgettext("pwpol", s);
}

const char *web_ntr(const char *one, const char *more, unsigned long n)
{
	return dngettext("pwpol", one, more, n);
}

void buf_tr(struct buf *b, const char *msgid)
{
	buf_html(b, web_tr(msgid));
}

const char *web_lang(void)
{
	/* The catalog's header (the translation of "") names its language:
	 * "Language: fr\n". Read once, when start.c binds the text domain,
	 * before the server's threads start: afterwards only read. */
	static char lang[16];
	if (!lang[0]) {
		const char *h = dgettext("pwpol", "");
		const char *l = h && *h ? strstr(h, "\nLanguage: ") : NULL;
		size_t n =
		    l ? strspn(l + 11, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_-")
		      : 0;
		if (n && n < sizeof lang) {
			memcpy(lang, l + 11, n);
			for (size_t i = 0; i < n; i++)
				if (lang[i] == '_')
					lang[i] = '-'; /* pt_BR: BCP 47's pt-BR */
		} else {
			strcpy(lang, "en");
		}
	}
	return lang;
}

/* The words app.js writes itself (a mismatch, the headings of the live
 * list), in the pages' language: a JSON object of msgid to translation
 * that the script reads (a data block: never run, so the CSP allows it). */
static const char *const script_words[] = {
    N_("met: "),
    N_("not met: "),
    N_("The confirmation differs from the password."),
    N_("For every account:"),
    N_("Also:"),
    N_("For %s:"),
    N_("The password meets every rule."),
    N_("The rules could not be checked."),
    N_("No password could be generated."),
    N_("Copied"),
};

static void words_json(struct buf *b)
{
	buf_str(b, "<script type=\"application/json\" id=\"words\">{");
	for (size_t i = 0; i < sizeof script_words / sizeof *script_words; i++) {
		buf_str(b, i ? "," : "");
		buf_json(b, script_words[i]);
		buf_str(b, ":");
		buf_json(b, web_tr(script_words[i]));
	}
	buf_str(b, "}</script>");
}
