/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * config-store.c - the configuration committed into a store, with the
 * Junos life around it: commit (override or merge), history, rollback as
 * a new commit, compare, and commit confirmed, which comes undone by
 * itself at the first use of the store after its deadline (no daemon: the
 * library never reads the clock, so "after" is the `now` of that use).
 *
 * The newest commit kept is the active one; rollback n is the n-th before
 * it. A commit also records when minimum-reuse came into force (the
 * earliest of the unbroken run of commits that configure it), which the
 * account decisions take as the earliest start of a password's age.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#define AUTO_AUTHOR "pwpol"

static void commit_free(struct pwpol__commit *c)
{
	free(c->text);
	c->text = NULL;
}

static void info_of(const struct pwpol__commit *c, unsigned back, struct pwpol_commit_info *out)
{
	if (!out)
		return;
	memset(out, 0, sizeof *out);
	out->rollback = back;
	out->number = c->seq;
	out->time = c->time;
	snprintf(out->author, sizeof out->author, "%s", c->author);
	snprintf(out->comment, sizeof out->comment, "%s", c->comment);
	out->confirm_by = c->confirm_by;
}

/* The name a commit's text goes by in messages and sources. */
static void commit_name(const struct pwpol__commit *c, char *buf, size_t n)
{
	snprintf(buf, n, "commit %lu", c->seq);
}

/* The text of a merge read after the active one as one text: messages
 * about the merged lines keep the merge text's own line numbers; the
 * active text's "set again" warnings are what a merge means, not news. */
static void renumber(const pwpol_config_errors *in, const char *name, unsigned offset,
                     pwpol_config_errors **out)
{
	size_t nl = strlen(name);
	for (size_t i = 0; i < pwpol_config_errors_count(in); i++) {
		const char *m = pwpol_config_errors_get(in, i);
		int warn = pwpol_config_errors_is_warning(in, i);
		char *end = NULL;
		unsigned long line = 0;
		if (strncmp(m, name, nl) == 0 && m[nl] == ':')
			line = strtoul(m + nl + 1, &end, 10);
		if (end && *end == ':') {
			if (line <= offset || (warn && strstr(end, "set again")))
				continue; /* about the active text, already committed */
			if (warn)
				pwpol__warnings_add(out, "%s:%lu%s", name, line - offset, end);
			else
				pwpol__errors_add(out, "%s:%lu%s", name, line - offset, end);
		} else if (warn) {
			pwpol__warnings_add(out, "%s", m);
		} else {
			pwpol__errors_add(out, "%s", m);
		}
	}
}

static unsigned count_lines(const char *t)
{
	unsigned n = 0;
	for (; *t; t++)
		n += *t == '\n';
	return n;
}

/* What a merge leaves: the active text and the new one read as one, the
 * result written out whole. *text gets it (malloc'd). */
static enum pwpol_status merge(const char *active, const char *text, size_t len, const char *name,
                               pwpol_policy **p, char **out, pwpol_config_errors **errs)
{
	size_t al = strlen(active);
	char *both = malloc(al + 1 + len + 1);
	if (!both)
		return PWPOL_ENOMEM;
	memcpy(both, active, al);
	both[al] = '\n';
	memcpy(both + al + 1, text, len);
	both[al + 1 + len] = 0;
	pwpol_config_errors *raw = NULL;
	enum pwpol_status st = pwpol_config_parse(both, al + 1 + len, name, p, &raw);
	renumber(raw, name, count_lines(active) + 1, errs);
	pwpol_config_errors_free(raw);
	free(both);
	if (st == PWPOL_OK && (st = pwpol_config_write(*p, out)) != PWPOL_OK) {
		pwpol_policy_free(*p);
		*p = NULL;
	}
	return st;
}

/* One line of text, fit for the history: no control characters. */
static int one_line_ok(const char *s, size_t max)
{
	size_t n = strlen(s);
	if (n > max)
		return 0;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return 0;
	return 1;
}

static enum pwpol_status check_opts(const struct pwpol_commit_opts *o, pwpol_config_errors **errs)
{
	if (!o || !o->author || !o->author[0] || !one_line_ok(o->author, 63))
		return pwpol__errors_add(errs, "author: one line of 1 to 63 bytes"), PWPOL_EINVAL;
	if (o->comment && !one_line_ok(o->comment, 255))
		return pwpol__errors_add(errs, "comment: one line of at most 255 bytes"),
		       PWPOL_EINVAL;
	if (o->confirm_minutes < 0 || o->confirm_minutes > PWPOL_CONFIRM_MINUTES_MAX)
		return pwpol__errors_add(errs, "confirmed: %ld minutes is out of range (1..%d)",
		                         o->confirm_minutes, PWPOL_CONFIRM_MINUTES_MAX),
		       PWPOL_EINVAL;
	return PWPOL_OK;
}

/* Inside the write transaction: stores `text` (policy p) as the new
 * active commit over `prev` (seq 0: there is none). */
static enum pwpol_status add_commit(pwpol_store *s, const struct pwpol__commit *prev,
                                    const pwpol_policy *p, char *text, const char *author,
                                    const char *comment, time_t confirm_by, time_t now,
                                    struct pwpol__commit *c)
{
	memset(c, 0, sizeof *c);
	c->time = now;
	snprintf(c->author, sizeof c->author, "%s", author);
	snprintf(c->comment, sizeof c->comment, "%s", comment ? comment : "");
	c->confirm_by = confirm_by;
	c->text = text;
	if (p && pwpol_policy_get(p, PWPOL_OPT_MINIMUM_REUSE) > 0)
		c->reuse_since = prev->seq && prev->reuse_since ? prev->reuse_since : now;
	enum pwpol_status st = s->ops->config_add(s, c);
	c->text = NULL;
	return st;
}

/* Reads the active commit under the commit lock: OK, or ENOENT with an
 * empty *c (seq 0), or the store's error. */
static enum pwpol_status locked_active(pwpol_store *s, struct pwpol__commit *c)
{
	memset(c, 0, sizeof *c);
	enum pwpol_status st = s->ops->config_lock(s);
	if (st == PWPOL_OK)
		st = s->ops->config_get(s, 0, c);
	if (st == PWPOL_ENOENT)
		memset(c, 0, sizeof *c);
	return st;
}

/* Parses a commit's text into a policy; the store's own commit failing is
 * a damaged store, said with the commit's name. */
static enum pwpol_status commit_policy(const struct pwpol__commit *c, pwpol_policy **p,
                                       pwpol_config_errors **errs)
{
	char name[48];
	commit_name(c, name, sizeof name);
	return pwpol_config_parse(c->text, strlen(c->text), name, p, errs);
}

/* ---- the commits as they stand at a time ------------------------------ */

/* A commit confirmed whose deadline has passed unconfirmed is not in
 * force: the one before it is, from the deadline on, as if restored then.
 * Every reader (a login, history, show, compare) computes this, so no
 * reader ever writes; the restore is written, stamped at the deadline, by
 * the next process that writes the configuration anyway (commit, confirm,
 * rollback: pwpol_config_settle). */
static int overdue(const struct pwpol__commit *top, time_t now)
{
	return top->confirm_by && now >= top->confirm_by;
}

/* The restore of an overdue `top` over `prev` (the commit before it), as
 * pwpol_config_settle writes it: *c takes prev's text. */
static void restore_of(struct pwpol__commit *top, struct pwpol__commit *prev,
                       struct pwpol__commit *c)
{
	memset(c, 0, sizeof *c);
	c->seq = top->seq + 1;
	c->time = top->confirm_by;
	snprintf(c->author, sizeof c->author, "%s", AUTO_AUTHOR);
	snprintf(c->comment, sizeof c->comment, "commit %lu not confirmed: rollback to commit %lu",
	         top->seq, prev->seq);
	/* As add_commit reckons it: prev's text brings minimum-reuse exactly
	 * when prev's own reckoning was not 0. */
	if (prev->reuse_since)
		c->reuse_since = top->reuse_since ? top->reuse_since : c->time;
	c->text = prev->text;
	prev->text = NULL;
}

/* Rollback `back` below the stored commit at index k - 1 when k runs past
 * what is kept: what was in force before the very first commit (the file
 * or the built-in profile), an empty text, while commit 1 is still kept;
 * else ENOENT. */
static enum pwpol_status before_first(pwpol_store *s, unsigned k, unsigned back,
                                      struct pwpol__commit *c)
{
	struct pwpol__commit last;
	if (k == 0 || s->ops->config_get(s, k - 1, &last) != PWPOL_OK)
		return PWPOL_ENOENT;
	unsigned long seq = last.seq;
	commit_free(&last);
	if (seq != 1)
		return PWPOL_ENOENT;
	memset(c, 0, sizeof *c);
	snprintf(c->comment, sizeof c->comment,
	         "before the first commit: the file or the built-in profile");
	(void)back;
	c->text = strdup("");
	return c->text ? PWPOL_OK : PWPOL_ENOMEM;
}

/* Rollback n as it stands at `now` (text included): the stored commits,
 * or, when the newest is overdue, its restore first. */
static enum pwpol_status view_get(pwpol_store *s, unsigned n, time_t now, struct pwpol__commit *c)
{
	struct pwpol__commit top, prev;
	memset(c, 0, sizeof *c);
	enum pwpol_status st = s->ops->config_get(s, 0, &top);
	if (st != PWPOL_OK)
		return st;
	if (!overdue(&top, now)) {
		if (n == 0) {
			*c = top;
			return PWPOL_OK;
		}
		commit_free(&top);
		st = s->ops->config_get(s, n, c);
		return st == PWPOL_ENOENT ? before_first(s, n, n, c) : st;
	}
	st = s->ops->config_get(s, 1, &prev);
	if (st == PWPOL_ENOENT) {
		/* Nothing before it is kept: it stays (pwpol_config_settle). */
		top.confirm_by = 0;
		if (n == 0) {
			*c = top;
			return PWPOL_OK;
		}
		commit_free(&top);
		st = s->ops->config_get(s, n, c);
		return st == PWPOL_ENOENT ? before_first(s, n, n, c) : st;
	}
	if (st != PWPOL_OK) {
		commit_free(&top);
		return st;
	}
	if (n == 0) {
		restore_of(&top, &prev, c);
	} else if (n == 1) {
		top.confirm_by = 0; /* history now: no deadline */
		*c = top;
		top.text = NULL;
	} else {
		st = s->ops->config_get(s, n - 1, c);
		if (st == PWPOL_ENOENT)
			st = before_first(s, n - 1, n, c);
	}
	commit_free(&top);
	commit_free(&prev);
	return st;
}

enum pwpol_status pwpol_config_settle(pwpol_store *s, time_t now, int *restored)
{
	if (restored)
		*restored = 0;
	if (!s || !pwpol__time_ok(now))
		return PWPOL_EINVAL;
	/* The cheap look first: nearly every use finds nothing due. */
	struct pwpol__commit cur = {0}, prev = {0}, c;
	enum pwpol_status st = s->ops->config_get(s, 0, &cur);
	int due = st == PWPOL_OK && overdue(&cur, now);
	commit_free(&cur);
	if (st == PWPOL_ENOENT || (st == PWPOL_OK && !due))
		return PWPOL_OK;
	if (st != PWPOL_OK)
		return st;
	if ((st = s->ops->begin(s, 1)) != PWPOL_OK)
		return st;
	st = locked_active(s, &cur);
	if (st != PWPOL_OK || !overdue(&cur, now)) {
		commit_free(&cur); /* another process settled it meanwhile */
		return pwpol__finish(s, st == PWPOL_ENOENT ? PWPOL_OK : st);
	}
	st = s->ops->config_get(s, 1, &prev);
	if (st == PWPOL_ENOENT) {
		/* Nothing before it is kept: it stays, and the log says so. */
		st = pwpol__finish(s, s->ops->config_set_deadline(s, cur.seq, 0));
		if (st == PWPOL_OK)
			pwpol__audit(LOG_WARNING,
			             "configuration: commit %lu was not confirmed in time, but no "
			             "configuration before it is kept: it stays active",
			             cur.seq);
		commit_free(&cur);
		return st;
	}
	/* The commit rolled back keeps no deadline: it is history now. The
	 * restore is stamped at the deadline, when it took effect, whatever
	 * the time of the writer that records it. */
	if (st == PWPOL_OK)
		st = s->ops->config_set_deadline(s, cur.seq, 0);
	if (st == PWPOL_OK) {
		restore_of(&cur, &prev, &c);
		st = s->ops->config_add(s, &c);
		commit_free(&c);
	}
	st = pwpol__finish(s, st);
	if (st == PWPOL_OK) {
		pwpol__audit(LOG_WARNING,
		             "configuration: commit %lu was not confirmed in time: commit %lu (the "
		             "configuration of commit %lu) is active again",
		             cur.seq, cur.seq + 1, prev.seq);
		if (restored)
			*restored = 1;
	}
	commit_free(&cur);
	commit_free(&prev);
	return st;
}

/* A commit of `text` (already checked into p when not merging). */
static enum pwpol_status commit_text(pwpol_store *s, const char *text, size_t len,
                                     const struct pwpol_commit_opts *o, time_t now,
                                     pwpol_config_errors **errs, struct pwpol_commit_info *out,
                                     int before_first)
{
	const char *name = o->name ? o->name : "(config)";
	struct pwpol__commit prev, c = {0};
	pwpol_policy *p = NULL;
	char *stored = NULL;
	enum pwpol_status st = s->ops->begin(s, 1);
	if (st != PWPOL_OK)
		return st;
	st = locked_active(s, &prev);
	if (st == PWPOL_ENOENT)
		st = PWPOL_OK;
	if (st != PWPOL_OK)
		goto done;
	if (before_first) {
		/* A rollback to before the first commit: no text, so that the
		 * file or the built-in profile applies again (view_get). */
		if (!(stored = strdup("")))
			st = PWPOL_ENOMEM;
	} else if ((o->flags & PWPOL_COMMIT_MERGE) && prev.seq) {
		st = merge(prev.text, text, len, name, &p, &stored, errs);
	} else {
		st = pwpol_config_parse(text, len, name, &p, errs);
		if (st == PWPOL_OK && !(stored = strndup(text, len)))
			st = PWPOL_ENOMEM;
	}
	if (st == PWPOL_OK && p)
		pwpol__aging_commit_check(s, p, errs);
	if (st == PWPOL_OK && o->confirm_minutes && !prev.seq) {
		pwpol__errors_add(errs,
		                  "confirmed: the store has no configuration to come back to; "
		                  "commit without --confirmed first");
		st = PWPOL_EINVAL;
	}
	/* Another commit confirms a commit confirmed (Junos). */
	if (st == PWPOL_OK && prev.confirm_by)
		st = s->ops->config_set_deadline(s, prev.seq, 0);
	if (st == PWPOL_OK)
		/* An account acting commits in its own name, whatever the face said. */
		st = add_commit(s, &prev, p, stored, s->acting ? s->actor : o->author, o->comment,
		                o->confirm_minutes ? now + o->confirm_minutes * 60 : 0, now, &c);
done:
	st = pwpol__finish(s, st);
	if (st == PWPOL_OK) {
		info_of(&c, 0, out);
		pwpol__audit(LOG_NOTICE, "configuration: commit %lu by %s%s", c.seq, c.author,
		             c.confirm_by ? " (confirmed: rolls back unless confirmed in time)"
		                          : "");
	}
	pwpol_policy_free(p);
	free(stored);
	commit_free(&prev);
	return st;
}

static enum pwpol_status committed(pwpol_store *s, unsigned n, time_t now, char **text,
                                   struct pwpol_commit_info *info);

enum pwpol_status pwpol_config_commit(pwpol_store *s, const char *text, size_t len,
                                      const struct pwpol_commit_opts *o, time_t now,
                                      pwpol_config_errors **errs, struct pwpol_commit_info *out)
{
	if (errs)
		*errs = NULL;
	if (!s || (!text && len) || !pwpol__time_ok(now))
		return PWPOL_EINVAL;
	if (pwpol__permit(s, PWPOL_PERMISSION_ADMIN_CONTROL, NULL) != PWPOL_OK)
		return PWPOL_NOT_PERMITTED;
	enum pwpol_status st = check_opts(o, errs);
	if (st == PWPOL_OK)
		st = pwpol_config_settle(s, now, NULL);
	if (st != PWPOL_OK)
		return st;
	if (memchr(text ? text : "", 0, len))
		return pwpol__errors_add(errs, "%s: holds a NUL byte",
		                         o->name ? o->name : "(config)"),
		       PWPOL_EINVAL;
	return commit_text(s, text ? text : "", len, o, now, errs, out, 0);
}

enum pwpol_status pwpol_config_rollback(pwpol_store *s, unsigned n,
                                        const struct pwpol_commit_opts *o, time_t now,
                                        pwpol_config_errors **errs, struct pwpol_commit_info *out)
{
	if (errs)
		*errs = NULL;
	if (!s || !o)
		return PWPOL_EINVAL;
	if (pwpol__permit(s, PWPOL_PERMISSION_ADMIN_CONTROL, NULL) != PWPOL_OK)
		return PWPOL_NOT_PERMITTED;
	/* A writer records an overdue restore first, so that rollback n is
	 * the same commit in the store as in the view the caller saw. */
	enum pwpol_status st = pwpol_config_settle(s, now, NULL);
	if (st != PWPOL_OK)
		return st;
	char *text = NULL;
	st = committed(s, n, now, &text, NULL);
	if (st != PWPOL_OK)
		return st;
	struct pwpol_commit_opts ro = *o;
	char name[32];
	snprintf(name, sizeof name, "rollback %u", n);
	ro.name = name;
	/* The same record from every face: "rollback N" unless told. */
	if (!ro.comment || !ro.comment[0])
		ro.comment = name;
	ro.flags &= ~(unsigned)PWPOL_COMMIT_MERGE;
	st = check_opts(&ro, errs);
	if (st == PWPOL_OK)
		st = commit_text(s, text, strlen(text), &ro, now, errs, out, !text[0]);
	free(text);
	return st;
}

enum pwpol_status pwpol_config_confirm(pwpol_store *s, time_t now, struct pwpol_commit_info *out)
{
	if (!s)
		return PWPOL_EINVAL;
	if (pwpol__permit(s, PWPOL_PERMISSION_ADMIN_CONTROL, NULL) != PWPOL_OK)
		return PWPOL_NOT_PERMITTED;
	enum pwpol_status st = pwpol_config_settle(s, now, NULL);
	if (st != PWPOL_OK)
		return st;
	if ((st = s->ops->begin(s, 1)) != PWPOL_OK)
		return st;
	struct pwpol__commit c;
	st = locked_active(s, &c);
	if (st == PWPOL_OK && !c.confirm_by)
		st = PWPOL_ENOENT;
	if (st == PWPOL_OK)
		st = s->ops->config_set_deadline(s, c.seq, 0);
	st = pwpol__finish(s, st);
	if (st == PWPOL_OK) {
		c.confirm_by = 0;
		info_of(&c, 0, out);
		pwpol__audit(LOG_NOTICE, "configuration: commit %lu confirmed", c.seq);
	}
	commit_free(&c);
	return st;
}

struct walk {
	unsigned back;
	int (*fn)(const struct pwpol_commit_info *, void *);
	void *ctx;
	unsigned long overdue_seq; /* shown without its passed deadline */
};

static int each_commit(const struct pwpol__commit *c, void *ctx)
{
	struct walk *w = ctx;
	struct pwpol_commit_info info;
	info_of(c, w->back++, &info);
	if (c->seq == w->overdue_seq)
		info.confirm_by = 0;
	return w->fn(&info, w->ctx);
}

enum pwpol_status pwpol_config_history(pwpol_store *s, time_t now,
                                       int (*fn)(const struct pwpol_commit_info *, void *),
                                       void *ctx)
{
	if (!s || !fn)
		return PWPOL_EINVAL;
	if (pwpol__permit(s, PWPOL_PERMISSION_ADMIN, NULL) != PWPOL_OK)
		return PWPOL_NOT_PERMITTED;
	if (!pwpol__time_ok(now))
		return PWPOL_EINVAL;
	/* As the commits stand at `now`, written or not (view_get). */
	struct pwpol__commit top, first;
	enum pwpol_status st = s->ops->config_get(s, 0, &top);
	if (st == PWPOL_ENOENT)
		return PWPOL_OK;
	if (st != PWPOL_OK)
		return st;
	int due = overdue(&top, now);
	struct walk w = {0, fn, ctx, due ? top.seq : 0};
	commit_free(&top);
	if (due) {
		if ((st = view_get(s, 0, now, &first)) != PWPOL_OK)
			return st;
		free(first.text);
		first.text = NULL;
		/* Kept alone, it stays: then it is the first and only line. */
		if (first.seq != w.overdue_seq) {
			struct pwpol_commit_info info;
			info_of(&first, w.back++, &info);
			if (fn(&info, ctx))
				return PWPOL_OK;
		}
	}
	return s->ops->config_list(s, each_commit, &w);
}

enum pwpol_status pwpol_config_committed(pwpol_store *s, unsigned n, time_t now, char **text,
                                         struct pwpol_commit_info *info)
{
	if (!s || !text)
		return PWPOL_EINVAL;
	if (pwpol__permit(s, PWPOL_PERMISSION_ADMIN, NULL) != PWPOL_OK)
		return PWPOL_NOT_PERMITTED;
	return committed(s, n, now, text, info);
}

/* pwpol_config_committed without the permission: a rollback needs
 * admin-control, not admin, to read the text it restores. */
static enum pwpol_status committed(pwpol_store *s, unsigned n, time_t now, char **text,
                                   struct pwpol_commit_info *info)
{
	if (!text)
		return PWPOL_EINVAL;
	*text = NULL;
	if (!pwpol__time_ok(now))
		return PWPOL_EINVAL;
	struct pwpol__commit c;
	enum pwpol_status st = view_get(s, n, now, &c);
	if (st != PWPOL_OK)
		return st;
	info_of(&c, n, info);
	*text = c.text;
	return PWPOL_OK;
}

/* ---- compare ------------------------------------------------------------ */

struct sbuf {
	char *s;
	size_t n, cap;
};

static int append(struct sbuf *b, const char *a, const char *t)
{
	size_t k = strlen(a) + strlen(t) + 1;
	if (b->n + k + 1 > b->cap) {
		size_t cap = (b->cap + k + 1) * 2;
		char *s = realloc(b->s, cap);
		if (!s)
			return -1;
		b->s = s;
		b->cap = cap;
	}
	b->n += (size_t)sprintf(b->s + b->n, "%s%s\n", a, t);
	return 0;
}

/* One block's differences, under the block's own `[edit ...]` header: the
 * profile (password only), then each statement in the order `config show`
 * writes them. A statement is spelled as each side's dialect spells it,
 * so one that moved between dialects leaves one block and enters another. */
static int diff_block(struct sbuf *b, const pwpol_policy *a, const pwpol_policy *z,
                      enum pwpol__where w)
{
	int header = 0;
	char x[128], y[128];
	const char *head = pwpol__config_header(w);
	if (w == PWPOL__W_PASSWORD &&
	    strcmp(pwpol_policy_profile(a), pwpol_policy_profile(z)) != 0) {
		snprintf(x, sizeof x, "profile %s;", pwpol_policy_profile(a));
		snprintf(y, sizeof y, "profile %s;", pwpol_policy_profile(z));
		if (append(b, head, "") || append(b, "-    ", x) || append(b, "+    ", y))
			return -1;
		header = 1;
	}
	enum pwpol_opt list[PWPOL_OPT_COUNT];
	size_t n = pwpol__config_block_opts(w, list);
	for (size_t i = 0; i < n; i++) {
		enum pwpol_opt o = list[i];
		enum pwpol__where wa = pwpol__config_where(a, o, x, sizeof x);
		enum pwpol__where wz = pwpol__config_where(z, o, y, sizeof y);
		if ((wa != w && wz != w) || (wa == wz && strcmp(x, y) == 0))
			continue;
		if ((!header && append(b, head, "")) || (wa == w && append(b, "-    ", x)) ||
		    (wz == w && append(b, "+    ", y)))
			return -1;
		header = 1;
	}
	return 0;
}

enum pwpol_status pwpol_config_compare(const char *from, size_t fromlen, const char *from_name,
                                       const char *to, size_t tolen, const char *to_name,
                                       char **out, pwpol_config_errors **errs)
{
	if (errs)
		*errs = NULL;
	if (!out)
		return PWPOL_EINVAL;
	*out = NULL;
	pwpol_policy *a = NULL, *z = NULL;
	enum pwpol_status st = pwpol_config_parse(from, fromlen, from_name, &a, errs);
	if (st == PWPOL_OK) {
		pwpol_config_errors *more = NULL;
		st = pwpol_config_parse(to, tolen, to_name, &z, &more);
		for (size_t i = 0; i < pwpol_config_errors_count(more); i++) {
			if (pwpol_config_errors_is_warning(more, i))
				pwpol__warnings_add(errs, "%s", pwpol_config_errors_get(more, i));
			else
				pwpol__errors_add(errs, "%s", pwpol_config_errors_get(more, i));
		}
		pwpol_config_errors_free(more);
	}
	struct sbuf b = {0};
	if (st == PWPOL_OK &&
	    (append(&b, "", "") || diff_block(&b, a, z, PWPOL__W_PASSWORD) ||
	     diff_block(&b, a, z, PWPOL__W_LOCKOUT) || diff_block(&b, a, z, PWPOL__W_RETRY) ||
	     diff_block(&b, a, z, PWPOL__W_AUTHORITY)))
		st = PWPOL_ENOMEM;
	pwpol_policy_free(a);
	pwpol_policy_free(z);
	if (st != PWPOL_OK) {
		free(b.s);
		return st;
	}
	/* The first append only made the buffer: drop its newline. */
	memmove(b.s, b.s + 1, b.n);
	*out = b.s;
	return PWPOL_OK;
}

/* ---- the policy in force ------------------------------------------------ */

/* The timestamp rule (Junos): a password set before the commit that
 * brought minimum-reuse into force (T0, the commit's reuse_since) ages
 * from the first commit FOLLOWING that one (T1); one set after ages from
 * its own setting. *since gets T1, or PWPOL__NO_TIMESTAMP while no commit
 * has followed; found in the run of commits that share T0, newest first.
 * Past the commits kept, the oldest kept of the run stands for T1. */
struct run {
	time_t from, oldest, second;
	int stop;
};

static void run_step(struct run *r, const struct pwpol__commit *c)
{
	if (r->stop || c->reuse_since != r->from) {
		r->stop = 1;
		return;
	}
	r->second = r->oldest;
	r->oldest = c->time;
}

static int run_each(const struct pwpol__commit *c, void *ctx)
{
	struct run *r = ctx;
	run_step(r, c);
	return r->stop;
}

static enum pwpol_status reuse_times(pwpol_store *s, const struct pwpol__commit *active, time_t now,
                                     pwpol_policy *p)
{
	p->reuse_from = active->reuse_since;
	p->reuse_since = 0;
	if (!active->reuse_since)
		return PWPOL_OK;
	struct run r = {active->reuse_since, 0, 0, 0};
	struct pwpol__commit top;
	enum pwpol_status st = s->ops->config_get(s, 0, &top);
	if (st != PWPOL_OK)
		return st;
	int due = overdue(&top, now) && active->seq != top.seq;
	commit_free(&top);
	if (due)
		run_step(&r, active); /* the restore, not written yet */
	if ((st = s->ops->config_list(s, run_each, &r)) != PWPOL_OK)
		return st;
	p->reuse_since = r.second ? r.second : PWPOL__NO_TIMESTAMP;
	return PWPOL_OK;
}

enum pwpol_status pwpol__policy_from_store(pwpol_store *s, time_t now, pwpol_policy **out,
                                           pwpol_config_errors **errs, char *used, size_t usedlen)
{
	/* One read at every login, and never a write: an overdue commit
	 * confirmed is read as rolled back (view_get). */
	if (!pwpol__time_ok(now))
		return PWPOL_EINVAL;
	struct pwpol__commit c;
	enum pwpol_status st = view_get(s, 0, now, &c);
	if (st != PWPOL_OK)
		return st;
	/* A rollback to before the first commit: the file or the profile. */
	if (!c.text[0]) {
		commit_free(&c);
		return PWPOL_ENOENT;
	}
	st = commit_policy(&c, out, errs);
	if (st == PWPOL_OK && (st = reuse_times(s, &c, now, *out)) != PWPOL_OK) {
		pwpol_policy_free(*out);
		*out = NULL;
	}
	if (used && usedlen)
		commit_name(&c, used, usedlen);
	commit_free(&c);
	return st;
}
