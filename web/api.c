/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * api.c - the JSON API of `pwpol web` under /api/v1/, for scripts (curl,
 * Ansible's uri): everything the accounts and policy pages do, and the
 * check of a candidate, as web/assets/openapi.json describes it.
 *
 * Who calls: an API token (pwpol token add NAME) sent as
 * `Authorization: Bearer pwpol_...`; no cookie, no session, so no CSRF
 * token either (a browser never sends a Bearer header of its own accord).
 * The library finds the token's account (pwpol_token_account, in constant
 * time) and the store then acts as it (pwpol_store_act_as): every call
 * below is allowed or refused by the library exactly as for the pages.
 *
 * Answers: {"ok":true,"status":"ok",...}, or an error as the CLI's
 * --json words it: {"ok":false,"status":NAME,"error":SENTENCE} with
 * pwpol_status_name's NAME, and "violations"/"warnings" for a refused
 * password, "errors" for a configuration that fails its check.
 */
#include "internal.h"

#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define API "/api/v1"

/* ---- answers ------------------------------------------------------------ */

static int http_status(enum pwpol_status st)
{
	switch (st) {
	case PWPOL_OK: return MHD_HTTP_OK;
	case PWPOL_NOT_PERMITTED:
	case PWPOL_CHANGE_REQUIRED: return MHD_HTTP_FORBIDDEN;
	case PWPOL_ENOENT: return MHD_HTTP_NOT_FOUND;
	case PWPOL_EEXIST: return MHD_HTTP_CONFLICT;
	case PWPOL_LOCKED: return MHD_HTTP_LOCKED;
	case PWPOL_ESYSTEM:
	case PWPOL_ENOMEM: return MHD_HTTP_INTERNAL_SERVER_ERROR;
	default: return MHD_HTTP_UNPROCESSABLE_CONTENT;
	}
}

static void begin_ok(struct request *rq, int status)
{
	rq->status = status;
	rq->type = "application/json";
	buf_str(&rq->out, "{\"ok\":true,\"status\":\"ok\"");
}

static void end(struct request *rq)
{
	buf_str(&rq->out, "}\n");
}

/* An error, left open so that a caller may add findings or errors. */
static void begin_error(struct request *rq, int http, const char *status, const char *msg)
{
	buf_free(&rq->out);
	rq->status = http;
	rq->type = "application/json";
	buf_str(&rq->out, "{\"ok\":false,\"status\":");
	buf_json(&rq->out, status);
	buf_str(&rq->out, ",\"error\":");
	buf_json(&rq->out, msg);
}

static void error(struct request *rq, int http, const char *status, const char *msg)
{
	begin_error(rq, http, status, msg);
	end(rq);
}

/* A library call's refusal, in the words the CLI uses for it. */
static void failed(struct request *rq, enum pwpol_status st, const char *name)
{
	char msg[600];
	if (st == PWPOL_ENOENT && name)
		snprintf(msg, sizeof msg, "%s: no such account", name);
	else if (st == PWPOL_EEXIST && name)
		snprintf(msg, sizeof msg, "%s: account already exists", name);
	else if (*pwpol_store_error(rq->o->store))
		snprintf(msg, sizeof msg, "%s", pwpol_store_error(rq->o->store));
	else
		snprintf(msg, sizeof msg, "%s", pwpol_status_name(st));
	error(rq, http_status(st), pwpol_status_name(st), msg);
}

static void figure(struct buf *b, long v)
{
	if (v < 0)
		buf_str(b, "null");
	else
		buf_printf(b, "%ld", v);
}

/* "violations" and "warnings" as `pwpol check --json` prints them. */
static void findings(struct buf *b, const pwpol_report *r)
{
	for (int warn = 0; warn < 2; warn++) {
		buf_str(b, warn ? ",\"warnings\":[" : ",\"violations\":[");
		size_t k = 0;
		for (size_t i = 0; r && i < pwpol_report_count(r); i++) {
			const struct pwpol_finding *x = pwpol_report_get(r, i);
			if (x->severity != (warn ? PWPOL_SEVERITY_WARNING : PWPOL_SEVERITY_ERROR))
				continue;
			char msg[256];
			pwpol_finding_message(x, msg, sizeof msg);
			buf_str(b, k++ ? ",{\"rule\":" : "{\"rule\":");
			buf_json(b, pwpol_rule_name(x->rule));
			if (!warn && pwpol_report_account(r, i)) {
				buf_str(b, ",\"account\":");
				buf_json(b, pwpol_report_account(r, i));
			}
			if (!warn) {
				buf_str(b, ",\"need\":");
				figure(b, x->need);
				buf_str(b, ",\"have\":");
				figure(b, x->have);
			}
			buf_str(b, ",\"message\":");
			buf_json(b, msg);
			buf_str(b, "}");
		}
		buf_str(b, "]");
	}
}

static void config_errors(struct buf *b, const pwpol_config_errors *e)
{
	for (int warn = 0; warn < 2; warn++) {
		buf_str(b, warn ? ",\"warnings\":[" : ",\"errors\":[");
		size_t k = 0;
		for (size_t i = 0; e && i < pwpol_config_errors_count(e); i++) {
			if (pwpol_config_errors_is_warning(e, i) != warn)
				continue;
			buf_str(b, k++ ? "," : "");
			buf_json(b, pwpol_config_errors_get(e, i));
		}
		buf_str(b, "]");
	}
}

static void time_or_null(struct buf *b, const char *key, time_t t)
{
	buf_printf(b, ",\"%s\":", key);
	if (t)
		buf_printf(b, "%lld", (long long)t);
	else
		buf_str(b, "null");
}

static void account_json(struct buf *b, const struct pwpol_account_info *a, time_t now)
{
	buf_str(b, "{\"name\":");
	buf_json(b, a->name);
	buf_str(b, ",\"class\":");
	buf_json(b, a->account_class);
	buf_str(b, ",\"state\":");
	buf_json(b, pwpol_account_state(a));
	buf_printf(b, ",\"disabled\":%s,\"temporary\":%s,\"locked\":%s,\"failures\":%u",
	           a->disabled ? "true" : "false",
	           a->flags & PWPOL_ACCOUNT_TEMPORARY ? "true" : "false",
	           a->locked_until > now ? "true" : "false", a->failures);
	time_or_null(b, "locked_until", a->locked_until > now ? a->locked_until : 0);
	time_or_null(b, "changed", a->changed);
	time_or_null(b, "expires", a->expires);
	buf_printf(b, ",\"expired\":%s}", a->expired ? "true" : "false");
}

static void commit_json(struct buf *b, const struct pwpol_commit_info *c)
{
	buf_printf(b, "{\"rollback\":%u,\"number\":%lu,\"time\":%lld,\"author\":", c->rollback,
	           c->number, (long long)c->time);
	buf_json(b, c->author);
	buf_str(b, ",\"comment\":");
	buf_json(b, c->comment);
	time_or_null(b, "confirm_by", c->confirm_by);
	buf_str(b, "}");
}

/* ---- fields ------------------------------------------------------------- */

/* A string field. 0; else the 400/413 answer is given and -1. */
static int text_field(struct request *rq, const char *key, char *out, size_t cap, size_t *len,
                      int required)
{
	int str = 0;
	int rc = json_get(rq, key, out, cap, len, &str);
	if (rc == 0 && !str) {
		pwpol_wipe(out, cap);
		rc = -4;
	}
	if (rc == -1 && !required) {
		out[0] = 0;
		if (len)
			*len = 0;
		return 0;
	}
	if (rc == 0)
		return 0;
	char msg[160];
	if (rc == -3)
		snprintf(msg, sizeof msg, "the body is not a JSON object of strings and numbers");
	else if (rc == -1)
		snprintf(msg, sizeof msg, "\"%s\" is missing", key);
	else if (rc == -2)
		snprintf(msg, sizeof msg, "\"%s\" is too long", key);
	else
		snprintf(msg, sizeof msg, "\"%s\" must be a string", key);
	error(rq, MHD_HTTP_BAD_REQUEST, "invalid", msg);
	return -1;
}

/* A whole number field, or *v = dflt when absent. 0, or -1 answered. */
static int number_field(struct request *rq, const char *key, long max, long *v, long dflt)
{
	char t[32];
	int rc = json_get(rq, key, t, sizeof t, NULL, NULL);
	if (rc == -1) {
		*v = dflt;
		return 0;
	}
	char *e = NULL;
	long n = rc == 0 ? strtol(t, &e, 10) : -1;
	if (rc == 0 && !*e && n >= 0 && n <= max) {
		*v = n;
		return 0;
	}
	char msg[160];
	snprintf(msg, sizeof msg,
	         rc == -3 ? "the body is not a JSON object of strings and numbers"
	                  : "\"%s\" must be a whole number from 0 to %ld",
	         key, max);
	error(rq, MHD_HTTP_BAD_REQUEST, "invalid", msg);
	return -1;
}

static int flag_field(struct request *rq, const char *key, int *v)
{
	char t[32];
	int str = 0;
	int rc = json_get(rq, key, t, sizeof t, NULL, &str);
	*v = rc == 0 && !str && strcmp(t, "true") == 0;
	if (rc == -1 || (rc == 0 && !str && (strcmp(t, "true") == 0 || strcmp(t, "false") == 0)))
		return 0;
	char msg[160];
	snprintf(msg, sizeof msg, "\"%s\" must be true or false", key);
	error(rq, MHD_HTTP_BAD_REQUEST, "invalid", msg);
	return -1;
}

static int permits(struct request *rq, unsigned perms)
{
	char why[512];
	if (pwpol_store_permits(rq->o->store, perms, why, sizeof why) == PWPOL_OK)
		return 1;
	error(rq, MHD_HTTP_FORBIDDEN, pwpol_status_name(PWPOL_NOT_PERMITTED), why);
	return 0;
}

/* ---- accounts ----------------------------------------------------------- */

struct list {
	struct request *rq;
	size_t n;
};

static int list_one(const struct pwpol_account_info *a, void *ctx)
{
	struct list *l = ctx;
	buf_str(&l->rq->out, l->n++ ? "," : "");
	account_json(&l->rq->out, a, l->rq->now);
	return 0;
}

static void accounts_list(struct request *rq)
{
	if (!permits(rq, PWPOL_PERMISSION_ADMIN))
		return;
	begin_ok(rq, MHD_HTTP_OK);
	buf_str(&rq->out, ",\"accounts\":[");
	struct list l = {rq, 0};
	enum pwpol_status st = pwpol_account_each(rq->o->store, rq->policy, rq->now, list_one, &l);
	if (st != PWPOL_OK) {
		failed(rq, st, NULL);
		return;
	}
	buf_str(&rq->out, "]");
	end(rq);
}

/* The account as it stands after an action, status `http`. */
static void account_answer(struct request *rq, const char *name, int http)
{
	struct pwpol_account_info a = PWPOL_ACCOUNT_INFO_INIT();
	enum pwpol_status st = pwpol_account_info(rq->o->store, rq->policy, name, rq->now, &a);
	if (st != PWPOL_OK) {
		failed(rq, st, name);
		return;
	}
	begin_ok(rq, http);
	buf_str(&rq->out, ",\"account\":");
	account_json(&rq->out, &a, rq->now);
	end(rq);
}

/* add (name in the body) and reset: the calls that carry a password. */
static void password_call(struct request *rq, const char *name)
{
	int add = name == NULL;
	char nm[64], cls[PWPOL_CLASS_NAME_MAX + 1];
	struct secret_field pw;
	if (add && text_field(rq, "name", nm, sizeof nm, NULL, 1) != 0)
		return;
	if (add)
		name = nm;
	if (text_field(rq, "class", cls, sizeof cls, NULL, 0) != 0 ||
	    text_field(rq, "password", pw.s, sizeof pw.s, &pw.len, 1) != 0)
		return;
	pwpol_report *r = NULL;
	enum pwpol_status st = pwpol_report_new(&r);
	struct pwpol_secret sec = PWPOL_SECRET_INIT(.pw = pw.s, .len = pw.len);
	unsigned perms;
	if (st != PWPOL_OK) {
	} else if (!add) {
		st = pwpol_account_reset(rq->o->store, rq->policy, name, &sec, rq->now, r);
	} else if (cls[0] && pwpol_class_permissions(rq->policy, cls, &perms) != PWPOL_OK) {
		/* As the page does: the library's refusal of the class before
		 * the account exists, so that nothing is left behind. */
		st = pwpol_account_set_class(rq->o->store, rq->policy, name, cls, rq->now);
		if (st == PWPOL_OK || st == PWPOL_ENOENT)
			st = PWPOL_EINVAL;
	} else {
		st = pwpol_account_add(rq->o->store, rq->policy, name, &sec, rq->now, r);
		if (st == PWPOL_OK && cls[0])
			st = pwpol_account_set_class(rq->o->store, rq->policy, name, cls, rq->now);
	}
	pwpol_wipe(&pw, sizeof pw);
	if (st == PWPOL_OK) {
		account_answer(rq, name, add ? MHD_HTTP_CREATED : MHD_HTTP_OK);
	} else if (r && pwpol_report_count(r) && st != PWPOL_NOT_PERMITTED) {
		begin_error(rq, http_status(st), pwpol_status_name(st),
		            add ? "not added: the password breaks these rules"
		                : "not reset: the password breaks these rules");
		findings(&rq->out, r);
		end(rq);
	} else {
		failed(rq, st, name);
	}
	pwpol_report_free(r);
}

static void account_call(struct request *rq, const char *name, const char *action)
{
	pwpol_store *s = rq->o->store;
	enum pwpol_status st;
	int post = strcmp(rq->method, "POST") == 0;
	if (!action && strcmp(rq->method, "GET") == 0) {
		if (permits(rq, PWPOL_PERMISSION_ADMIN))
			account_answer(rq, name, MHD_HTTP_OK);
		return;
	}
	if (!action && strcmp(rq->method, "DELETE") == 0) {
		st = pwpol_account_delete(s, rq->policy, name, rq->now);
		if (st != PWPOL_OK) {
			failed(rq, st, name);
			return;
		}
		begin_ok(rq, MHD_HTTP_OK);
		buf_str(&rq->out, ",\"deleted\":");
		buf_json(&rq->out, name);
		end(rq);
		return;
	}
	if (!action || !post) {
		error(rq, MHD_HTTP_METHOD_NOT_ALLOWED, "invalid", "method not allowed");
		return;
	}
	if (strcmp(action, "reset") == 0) {
		password_call(rq, name);
		return;
	}
	if (strcmp(action, "unlock") == 0) {
		st = pwpol_account_unlock(s, name, rq->now);
	} else if (strcmp(action, "enable") == 0 || strcmp(action, "disable") == 0) {
		st = pwpol_account_set_enabled(s, rq->policy, name, action[0] == 'e', rq->now);
	} else if (strcmp(action, "class") == 0) {
		char cls[PWPOL_CLASS_NAME_MAX + 1];
		if (text_field(rq, "class", cls, sizeof cls, NULL, 1) != 0)
			return;
		st = pwpol_account_set_class(s, rq->policy, name, cls, rq->now);
	} else {
		error(rq, MHD_HTTP_NOT_FOUND, "invalid", "no such call");
		return;
	}
	if (st != PWPOL_OK)
		failed(rq, st, name);
	else
		account_answer(rq, name, MHD_HTTP_OK);
}

/* ---- policy --------------------------------------------------------------- */

/* The configuration in force and where it is read from, as the policy
 * page shows it. */
static void policy_show(struct request *rq)
{
	if (!permits(rq, PWPOL_PERMISSION_ADMIN))
		return;
	struct pwpol_commit_info ci = PWPOL_COMMIT_INFO_INIT();
	char *text = NULL;
	enum pwpol_status st = pwpol_config_committed(rq->o->store, 0, rq->now, &text, &ci);
	int committed = st == PWPOL_OK && text && *text;
	if (st == PWPOL_OK && !committed)
		st = PWPOL_ENOENT;
	const char *from = "store";
	if (st == PWPOL_ENOENT) {
		free(text);
		text = NULL;
		if (rq->policy_from[0] == '/') {
			from = "file";
			FILE *f = fopen(rq->policy_from, "re");
			text = f ? calloc(1, WEB_CONFIG_MAX + 1) : NULL;
			st = text && fread(text, 1, WEB_CONFIG_MAX, f) > 0 ? PWPOL_OK
			                                                   : PWPOL_ESYSTEM;
			if (f)
				fclose(f);
		} else {
			from = "built-in";
			st = pwpol_config_write(rq->policy, &text);
		}
	}
	if (st != PWPOL_OK) {
		free(text);
		failed(rq, st, NULL);
		return;
	}
	begin_ok(rq, MHD_HTTP_OK);
	buf_str(&rq->out, ",\"from\":");
	buf_json(&rq->out, from);
	buf_str(&rq->out, ",\"file\":");
	if (strcmp(from, "file") == 0)
		buf_json(&rq->out, rq->policy_from);
	else
		buf_str(&rq->out, "null");
	buf_str(&rq->out, ",\"commit\":");
	if (committed)
		commit_json(&rq->out, &ci);
	else
		buf_str(&rq->out, "null");
	buf_str(&rq->out, ",\"text\":");
	buf_json(&rq->out, text);
	end(rq);
	free(text);
}

static int history_one(const struct pwpol_commit_info *c, void *ctx)
{
	struct list *l = ctx;
	buf_str(&l->rq->out, l->n++ ? "," : "");
	commit_json(&l->rq->out, c);
	return 0;
}

static void policy_history(struct request *rq)
{
	if (!permits(rq, PWPOL_PERMISSION_ADMIN))
		return;
	begin_ok(rq, MHD_HTTP_OK);
	buf_str(&rq->out, ",\"commits\":[");
	struct list l = {rq, 0};
	enum pwpol_status st = pwpol_config_history(rq->o->store, rq->now, history_one, &l);
	if (st != PWPOL_OK) {
		failed(rq, st, NULL);
		return;
	}
	buf_str(&rq->out, "]");
	end(rq);
}

static void config_failed(struct request *rq, enum pwpol_status st, const pwpol_config_errors *e,
                          const char *what)
{
	if (st != PWPOL_EINVAL || !e) {
		failed(rq, st, NULL);
		return;
	}
	char msg[600] = "";
	for (size_t i = 0; i < pwpol_config_errors_count(e) && !msg[0]; i++)
		if (!pwpol_config_errors_is_warning(e, i))
			snprintf(msg, sizeof msg, "%s: %s", what, pwpol_config_errors_get(e, i));
	begin_error(rq, MHD_HTTP_UNPROCESSABLE_CONTENT, pwpol_status_name(st), msg[0] ? msg : what);
	config_errors(&rq->out, e);
	end(rq);
}

/* check, compare, commit and rollback: the calls that carry a text or
 * make a commit. */
static void policy_call(struct request *rq, const char *action)
{
	pwpol_store *s = rq->o->store;
	if (strcmp(rq->method, "POST") != 0) {
		error(rq, MHD_HTTP_METHOD_NOT_ALLOWED, "invalid", "method not allowed");
		return;
	}
	/* admin-control includes viewing (permit.c); a viewer may check and
	 * compare as on the page, the library refuses it the rest. */
	if (!permits(rq, PWPOL_PERMISSION_ADMIN))
		return;
	char comment[1024];
	long minutes = 0, n = 0;
	int merge = 0;
	if (text_field(rq, "comment", comment, sizeof comment, NULL, 0) != 0 ||
	    number_field(rq, "confirm_minutes", PWPOL_CONFIRM_MINUTES_MAX, &minutes, 0) != 0 ||
	    flag_field(rq, "merge", &merge) != 0)
		return;
	struct pwpol_commit_opts co =
	    PWPOL_COMMIT_OPTS_INIT(.flags = merge ? PWPOL_COMMIT_MERGE : 0, .name = "edit",
	                           .author = pwpol_store_actor(s),
	                           .comment = comment[0] ? comment : NULL,
	                           .confirm_minutes = minutes);
	struct pwpol_commit_info ci = PWPOL_COMMIT_INFO_INIT();
	pwpol_config_errors *errs = NULL;
	enum pwpol_status st;
	if (strcmp(action, "confirm") == 0) {
		st = pwpol_config_confirm(s, rq->now, &ci);
		if (st == PWPOL_ENOENT)
			error(rq, MHD_HTTP_CONFLICT, pwpol_status_name(st),
			      "no commit awaits confirmation");
		else if (st != PWPOL_OK)
			failed(rq, st, NULL);
		goto commit;
	}
	if (strcmp(action, "rollback") == 0) {
		if (json_get(rq, "n", comment, 0, NULL, NULL) == -1) {
			error(rq, MHD_HTTP_BAD_REQUEST, "invalid", "\"n\" is missing");
			return;
		}
		if (number_field(rq, "n", 1000, &n, 0) != 0)
			return;
		co.name = NULL;
		st = pwpol_config_rollback(s, (unsigned)n, &co, rq->now, &errs, &ci);
		if (st == PWPOL_ENOENT)
			error(rq, MHD_HTTP_NOT_FOUND, pwpol_status_name(st),
			      "the store keeps no such rollback");
		else if (st != PWPOL_OK)
			config_failed(rq, st, errs, "not rolled back");
		goto commit;
	}
	char *text = malloc(WEB_CONFIG_MAX + 1);
	size_t len = 0;
	if (!text) {
		failed(rq, PWPOL_ENOMEM, NULL);
		return;
	}
	if (text_field(rq, "text", text, WEB_CONFIG_MAX + 1, &len, 1) != 0) {
		free(text);
		return;
	}
	if (strcmp(action, "check") == 0) {
		pwpol_policy *p = NULL;
		st = pwpol_config_parse(text, len, "edit", &p, &errs);
		pwpol_policy_free(p);
		if (st == PWPOL_OK || st == PWPOL_EINVAL) {
			rq->status = MHD_HTTP_OK;
			rq->type = "application/json";
			buf_printf(&rq->out, "{\"ok\":%s,\"status\":\"%s\"",
			           st == PWPOL_OK ? "true" : "false", pwpol_status_name(st));
			config_errors(&rq->out, errs);
			end(rq);
		} else {
			failed(rq, st, NULL);
		}
	} else if (strcmp(action, "compare") == 0) {
		char *active = NULL, *diff = NULL;
		st = pwpol_config_committed(s, 0, rq->now, &active, &ci);
		if (st == PWPOL_ENOENT || (st == PWPOL_OK && !*active)) {
			free(active);
			active = NULL;
			st = pwpol_config_write(rq->policy, &active);
		}
		if (st == PWPOL_OK)
			st = pwpol_config_compare(active, strlen(active), "active", text, len,
			                          "edit", &diff, &errs);
		if (st == PWPOL_OK) {
			begin_ok(rq, MHD_HTTP_OK);
			buf_str(&rq->out, ",\"diff\":");
			buf_json(&rq->out, diff);
			end(rq);
		} else {
			config_failed(rq, st, errs, "not compared");
		}
		free(active);
		free(diff);
	} else if (strcmp(action, "commit") == 0) {
		st = pwpol_config_commit(s, text, len, &co, rq->now, &errs, &ci);
		if (st != PWPOL_OK)
			config_failed(rq, st, errs, "not committed");
	} else {
		st = PWPOL_EINVAL;
		error(rq, MHD_HTTP_NOT_FOUND, "invalid", "no such call");
	}
	free(text);
	if (strcmp(action, "commit") != 0)
		goto out;
commit:
	if (st == PWPOL_OK) {
		begin_ok(rq, MHD_HTTP_OK);
		buf_str(&rq->out, ",\"commit\":");
		commit_json(&rq->out, &ci);
		end(rq);
	}
out:
	pwpol_config_errors_free(errs);
}

/* ---- a candidate ------------------------------------------------------------ */

/* The rules a password breaks under the policy in force, for `name` when
 * given: pwpol check as a call. Needs no permission (association's live
 * list asks the same of anyone). */
static void check_call(struct request *rq)
{
	if (strcmp(rq->method, "POST") != 0) {
		error(rq, MHD_HTTP_METHOD_NOT_ALLOWED, "invalid", "method not allowed");
		return;
	}
	char name[64];
	struct secret_field pw;
	int score = 0;
	if (text_field(rq, "name", name, sizeof name, NULL, 0) != 0 ||
	    flag_field(rq, "score", &score) != 0 ||
	    text_field(rq, "password", pw.s, sizeof pw.s, &pw.len, 1) != 0)
		return;
	struct pwpol_score probe = PWPOL_SCORE_INIT();
	if (score && pwpol_score("", 0, NULL, &probe) == PWPOL_ESYSTEM) {
		pwpol_wipe(&pw, sizeof pw);
		error(rq, MHD_HTTP_INTERNAL_SERVER_ERROR, pwpol_status_name(PWPOL_ESYSTEM),
		      "score: libzxcvbn cannot be loaded (Debian: libzxcvbn0)");
		return;
	}
	pwpol_report *r = NULL;
	enum pwpol_status st = pwpol_report_new(&r);
	if (st == PWPOL_OK)
		st = pwpol_check(rq->policy, pw.s, pw.len, name[0] ? name : NULL, NULL, 0, r);
	if (st == PWPOL_OK || st == PWPOL_REJECTED) {
		rq->status = MHD_HTTP_OK;
		rq->type = "application/json";
		buf_printf(&rq->out, "{\"ok\":%s,\"status\":\"%s\"",
		           st == PWPOL_OK ? "true" : "false", pwpol_status_name(st));
		findings(&rq->out, r);
		if (score) /* as `pwpol check --score --json`, in English */
			score_json(&rq->out, pw.s, pw.len, name, 0);
		end(rq);
	} else {
		failed(rq, st, NULL);
	}
	pwpol_wipe(&pw, sizeof pw);
	pwpol_report_free(r);
}

/* ---- who calls, and the routes ---------------------------------------------- */

int api_url(const char *url)
{
	return strncmp(url, API "/", sizeof API) == 0 || strcmp(url, API) == 0;
}

/* Which account the Bearer token acts as, the store then acting as it.
 * 0, or -1 with the 401 answered. */
static int authenticate(struct request *rq, const char *authorization)
{
	const char *t = NULL;
	if (authorization && strncasecmp(authorization, "Bearer ", 7) == 0) {
		t = authorization + 7;
		while (*t == ' ')
			t++;
	}
	char account[64];
	enum pwpol_status st =
	    t ? pwpol_token_account(rq->o->store, t, strlen(t), account, sizeof account)
	      : PWPOL_ENOENT;
	if (st == PWPOL_OK)
		st = pwpol_store_act_as(rq->o->store, rq->policy, account, rq->now);
	if (st == PWPOL_OK) {
		snprintf(rq->api_actor, sizeof rq->api_actor, "%s", account);
		return 0;
	}
	if (st == PWPOL_ENOENT) {
		rq->challenge = 1;
		error(rq, MHD_HTTP_UNAUTHORIZED, pwpol_status_name(PWPOL_NOT_PERMITTED),
		      t ? "not an API token of this store, or one revoked"
		        : "give an API token: Authorization: Bearer pwpol_... (pwpol token add "
		          "NAME)");
	} else {
		failed(rq, st, NULL);
	}
	return -1;
}

void api_handle(struct request *rq, const char *authorization)
{
	char path[256];
	if (authenticate(rq, authorization) != 0)
		return;
	/* A path cut short could name another call: a longer one is none. */
	if (snprintf(path, sizeof path, "%s", rq->url + strlen(API)) >= (int)sizeof path) {
		error(rq, MHD_HTTP_NOT_FOUND, "invalid", "no such call");
		return;
	}
	/* A password that must be changed first: the library holds the
	 * account to nothing until it is (pwpol_store_act_as), and says so. */
	char *seg[4] = {0};
	size_t n = 0;
	for (char *save = NULL, *p = strtok_r(path, "/", &save); p && n < 4;
	     p = strtok_r(NULL, "/", &save))
		seg[n++] = p;
	int get = strcmp(rq->method, "GET") == 0 || strcmp(rq->method, "HEAD") == 0;
	int post = strcmp(rq->method, "POST") == 0;
	if (n >= 1 && strcmp(seg[0], "accounts") == 0 && n <= 3) {
		if (n == 1 && get)
			accounts_list(rq);
		else if (n == 1 && post)
			password_call(rq, NULL);
		else if (n == 1)
			error(rq, MHD_HTTP_METHOD_NOT_ALLOWED, "invalid", "method not allowed");
		else
			account_call(rq, seg[1], n == 3 ? seg[2] : NULL);
	} else if (n == 1 && strcmp(seg[0], "policy") == 0) {
		if (get)
			policy_show(rq);
		else
			error(rq, MHD_HTTP_METHOD_NOT_ALLOWED, "invalid", "method not allowed");
	} else if (n == 2 && strcmp(seg[0], "policy") == 0 && strcmp(seg[1], "history") == 0) {
		if (get)
			policy_history(rq);
		else
			error(rq, MHD_HTTP_METHOD_NOT_ALLOWED, "invalid", "method not allowed");
	} else if (n == 2 && strcmp(seg[0], "policy") == 0) {
		policy_call(rq, seg[1]);
	} else if (n == 1 && strcmp(seg[0], "check") == 0) {
		check_call(rq);
	} else if (n == 1 && strcmp(seg[0], "whoami") == 0 && get) {
		begin_ok(rq, MHD_HTTP_OK);
		buf_str(&rq->out, ",\"account\":");
		buf_json(&rq->out, rq->api_actor);
		end(rq);
	} else {
		error(rq, MHD_HTTP_NOT_FOUND, "invalid", "no such call");
	}
}
