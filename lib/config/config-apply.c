/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * config-apply.c - what was read, applied to a policy: each figure from
 * the statement in force, one figure set in two dialects an error naming
 * both lines, and a dialect's defaults where its block is there and
 * nothing sets the figure.
 */
#include "config-read.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Who sets a figure: a dialect, its statement and the line. */
struct claim {
	enum pwpol__dialect d;
	const char *block, *name;
	unsigned line;
	long v;
};

static int in_force(const struct pwpol__slot *sl, int active)
{
	return active && sl->set && !sl->inactive;
}

/* The claims on figure o: ours, SSR's, Junos's. Junos locks only with a
 * lockout-period, after tries-before-disconnect failures (its default
 * when not written: the claim is then lockout-period's line). */
static size_t claims(const struct pwpol__parser *ps, enum pwpol_opt o, const int *active,
                     struct claim *c)
{
	size_t n = 0;
	const struct pwpol__slot *sl = &ps->val[o];
	if (in_force(sl, active[pwpol__cfg_is_lockout_opt(o)]))
		c[n++] = (struct claim){PWPOL__DIALECT_OURS,
		                        pwpol__cfg_is_lockout_opt(o) ? "system login lockout"
		                                                     : "system login password",
		                        pwpol_opt_name(o), sl->line, sl->v};
	for (size_t i = 0; i < PWPOL__SSR_COUNT; i++)
		if (pwpol__cfg_ssr_stmts[i].opt == o && in_force(&ps->ssr[i], active[3]))
			c[n++] = (struct claim){PWPOL__DIALECT_SSR, "authority password-policy",
			                        pwpol__cfg_ssr_stmts[i].name, ps->ssr[i].line,
			                        ps->ssr[i].v};
	const struct pwpol__slot *period = &ps->retry[R_PERIOD], *tries = &ps->retry[R_TRIES];
	if (!in_force(period, active[2]))
		return n;
	if (o == PWPOL_OPT_LOCK_TIME)
		c[n++] = (struct claim){PWPOL__DIALECT_JUNOS, "system login retry-options",
		                        "lockout-period", period->line, period->v * 60};
	if (o == PWPOL_OPT_MAXIMUM_FAILED_ATTEMPTS) {
		int t = in_force(tries, active[2]);
		c[n++] = (struct claim){PWPOL__DIALECT_JUNOS, "system login retry-options",
		                        t ? "tries-before-disconnect" : "lockout-period",
		                        t ? tries->line : period->line,
		                        t ? tries->v : pwpol__cfg_retry_stmts[R_TRIES].def};
	}
	return n;
}

/* Sets o from a dialect's statement (line 0: its default), or tells why
 * the profile refuses the value. */
static enum pwpol_status put_figure(struct pwpol__parser *ps, pwpol_policy *p, enum pwpol_opt o,
                                    long v, enum pwpol__dialect d, unsigned line, const char *block)
{
	char src[PATH_MAX + 64];
	if (pwpol_policy_set(p, o, v) != PWPOL_OK) {
		char r[128];
		pwpol__cfg_range_text(o, pwpol_policy_profile(p), r, sizeof r);
		pwpol__cfg_complain(ps, line, "%s: value %ld is out of range (%s)",
		                    pwpol_opt_name(o), v, r);
		return PWPOL_OK;
	}
	p->dialect[o] = (unsigned char)d;
	if (line)
		snprintf(src, sizeof src, "%s:%u", ps->name, line);
	else
		snprintf(src, sizeof src, "%s: %s default", ps->name, block);
	pwpol_policy_set_source(p, o, src);
	return pwpol_policy_source(p, o) ? PWPOL_OK : PWPOL_ENOMEM;
}

/* The other vendors' statements, after ours: a figure set in two dialects
 * is an error naming both lines; a dialect's block brings its defaults
 * for what no statement sets. */
static enum pwpol_status dialects_apply(struct pwpol__parser *ps, pwpol_policy *p, int common)
{
	int retry = common && ps->block[B_RETRY].exists && !ps->block[B_RETRY].inactive;
	int ssr = ps->block[B_PWPOLICY].exists && !ps->block[B_AUTHORITY].inactive &&
	          !ps->block[B_PWPOLICY].inactive;
	int active[4] = {common && !ps->block[B_PASSWORD].inactive,
	                 common && !ps->block[B_LOCKOUT].inactive, retry, ssr};
	static const enum pwpol_opt figures[] = {
	    PWPOL_OPT_MINIMUM_LENGTH, PWPOL_OPT_MAXIMUM_LIFETIME, PWPOL_OPT_MAXIMUM_FAILED_ATTEMPTS,
	    PWPOL_OPT_LOCK_TIME};
	enum pwpol_status st = PWPOL_OK;
	for (size_t i = 0; i < sizeof figures / sizeof figures[0] && st == PWPOL_OK; i++) {
		enum pwpol_opt o = figures[i];
		struct claim c[3];
		size_t n = claims(ps, o, active, c);
		if (n > 1) {
			const struct claim *a = c[0].line <= c[1].line ? &c[0] : &c[1];
			const struct claim *b = a == &c[0] ? &c[1] : &c[0];
			pwpol__cfg_complain(ps, b->line,
			                    "%s: set in two dialects, by %s %s (line %u) and by %s "
			                    "%s (line %u); keep one",
			                    pwpol_opt_name(o), a->block, a->name, a->line, b->block,
			                    b->name, b->line);
			continue;
		}
		if (n == 1 && c[0].d != PWPOL__DIALECT_OURS)
			st = put_figure(ps, p, o, c[0].v, c[0].d, c[0].line, c[0].block);
		for (size_t k = 0; n == 0 && ssr && k < PWPOL__SSR_COUNT && st == PWPOL_OK; k++)
			if (pwpol__cfg_ssr_stmts[k].opt == o)
				st = put_figure(ps, p, o, pwpol__cfg_ssr_stmts[k].def,
				                PWPOL__DIALECT_SSR, 0, "password-policy");
	}
	for (size_t i = 0; retry && i < PWPOL__RETRY_COUNT && st == PWPOL_OK; i++) {
		const struct dialect_stmt *d = &pwpol__cfg_retry_stmts[i];
		if (d->opt == PWPOL_OPT_LOCK_TIME)
			continue; /* a figure, above */
		const struct pwpol__slot *sl = &ps->retry[i];
		int set = in_force(sl, 1);
		st = put_figure(ps, p, d->opt, set ? sl->v : d->def, PWPOL__DIALECT_JUNOS,
		                set ? sl->line : 0, "retry-options");
	}
	return st;
}

/* What the text leaves in force, onto its profile's defaults: statements
 * set, not deleted, and neither they nor a block above them inactive. The
 * profile's narrower ranges are held here, where the profile is known. */
enum pwpol_status pwpol__cfg_apply(struct pwpol__parser *ps, pwpol_policy **out)
{
	int common = !ps->block[B_SYSTEM].inactive && !ps->block[B_LOGIN].inactive;
	int active[2] = {common && !ps->block[B_PASSWORD].inactive,
	                 common && !ps->block[B_LOCKOUT].inactive};
	const char *profile =
	    ps->profile.set && !ps->profile.inactive && active[0] ? ps->profile_name : NULL;
	enum pwpol_status st = pwpol_policy_new(out, profile);
	if (st != PWPOL_OK)
		return st;
	pwpol_policy *p = *out;
	/* The classes, unless `system login` itself is inactive. */
	for (size_t i = 0; common && i < ps->ncls; i++)
		p->classes[p->nclasses++] = ps->cls[i];
	char src[PATH_MAX + 16];
	for (int i = 0; i < PWPOL_OPT_COUNT; i++) {
		enum pwpol_opt o = (enum pwpol_opt)i;
		const struct pwpol__slot *sl = &ps->val[o];
		if (!sl->set || sl->inactive || !active[pwpol__cfg_is_lockout_opt(o)])
			continue;
		if (o == PWPOL_OPT_BLOCKLIST) {
			if (pwpol_policy_set_string(p, o, sl->v ? ps->blocklist : NULL) != PWPOL_OK)
				return PWPOL_ENOMEM;
		} else if (pwpol_policy_set(p, o, sl->v) != PWPOL_OK) {
			char r[128];
			pwpol__cfg_range_text(o, pwpol_policy_profile(p), r, sizeof r);
			pwpol__cfg_complain(ps, sl->line, "%s: value %ld is out of range (%s)",
			                    pwpol_opt_name(o), sl->v, r);
			continue;
		}
		snprintf(src, sizeof src, "%s:%u", ps->name, sl->line);
		pwpol_policy_set_source(p, o, src);
		if (!pwpol_policy_source(p, o))
			return PWPOL_ENOMEM;
	}
	return dialects_apply(ps, p, common);
}

/* The parser's last words may be from an `encrypted-password` we passed
 * over: wiped like any secret. */
