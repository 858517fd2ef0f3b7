/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * permit.c - who may do what: the Junos login classes and their
 * permission words, the predefined classes, and the acting account of a
 * store handle, asked by every administrative call.
 *
 * Decisions:
 * - pwpol acts on two permissions, `admin` (view accounts and the login
 *   configuration) and `admin-control` (change them); `all` holds both.
 *   Every other Junos permission word is accepted and holds neither, so a
 *   router's class definitions read as they are.
 * - `admin-control` includes viewing: Junos says it "can view user
 *   accounts and configure them", so a class with only admin-control
 *   may show, history and compare as well as change.
 * - `config show` needs `admin`, as history and compare do: the face asks
 *   pwpol_store_permits(PWPOL_PERMISSION_ADMIN) before it shows.
 * - As in Junos, among the predefined classes only super-user holds them;
 *   SSR's roles are names for two of them (admin = super-user, user =
 *   operator).
 * - A handle acts as root of this machine until pwpol_store_act_as names
 *   an account: root of the machine could edit the store file anyway, so
 *   refusing it would protect nothing.
 * - An actor whose password must be changed holds nothing until it is
 *   changed (Junos: no commit before), and is told why; a face asks the
 *   reason (pwpol_store_actor_reason) to send it to its change page.
 */
#include "account.h"

#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define BOTH (PWPOL_PERMISSION_ADMIN | PWPOL_PERMISSION_ADMIN_CONTROL)

/* The Junos permission flags (`system login class NAME permissions`). */
static const char *const junos_words[] = {"access",
                                          "access-control",
                                          "admin",
                                          "admin-control",
                                          "all",
                                          "clear",
                                          "configure",
                                          "control",
                                          "field",
                                          "firewall",
                                          "firewall-control",
                                          "floppy",
                                          "flow-tap",
                                          "flow-tap-control",
                                          "flow-tap-operation",
                                          "idp-profiler-operation",
                                          "interface",
                                          "interface-control",
                                          "maintenance",
                                          "network",
                                          "pgcp-session-mirroring",
                                          "pgcp-session-mirroring-control",
                                          "reset",
                                          "rollback",
                                          "routing",
                                          "routing-control",
                                          "secret",
                                          "secret-control",
                                          "security",
                                          "security-control",
                                          "shell",
                                          "snmp",
                                          "snmp-control",
                                          "storage",
                                          "storage-control",
                                          "system",
                                          "system-control",
                                          "trace",
                                          "trace-control",
                                          "unified-edge",
                                          "unified-edge-control",
                                          "view",
                                          "view-configuration"};

int pwpol__permission_word(const char *w, unsigned *bits)
{
	*bits = 0;
	for (size_t i = 0; i < sizeof junos_words / sizeof junos_words[0]; i++) {
		if (strcmp(w, junos_words[i]) != 0)
			continue;
		if (strcmp(w, "all") == 0)
			*bits = BOTH;
		else if (strcmp(w, "admin") == 0)
			*bits = PWPOL_PERMISSION_ADMIN;
		else if (strcmp(w, "admin-control") == 0)
			*bits = BOTH; /* "can view user accounts and configure them" */
		return 1;
	}
	return 0;
}

static const struct {
	const char *name;
	unsigned perms;
} predefined[] = {
    {"super-user", BOTH}, {"operator", 0}, {"read-only", 0},
    {"unauthorized", 0},  {"admin", BOTH}, /* SSR's role: super-user */
    {"user", 0},                           /* SSR's role: operator */
};

int pwpol_class_is_predefined(const char *cls)
{
	for (size_t i = 0; cls && i < sizeof predefined / sizeof predefined[0]; i++)
		if (strcmp(cls, predefined[i].name) == 0)
			return 1;
	return 0;
}

enum pwpol_status pwpol_class_permissions(const pwpol_policy *p, const char *cls, unsigned *perms)
{
	if (!perms)
		return PWPOL_EINVAL;
	*perms = 0;
	if (!cls)
		return PWPOL_EINVAL;
	for (size_t i = 0; i < sizeof predefined / sizeof predefined[0]; i++)
		if (strcmp(cls, predefined[i].name) == 0) {
			*perms = predefined[i].perms;
			return PWPOL_OK;
		}
	for (size_t i = 0; p && i < p->nclasses; i++)
		if (strcmp(cls, p->classes[i].name) == 0) {
			*perms = p->classes[i].perms;
			return PWPOL_OK;
		}
	return PWPOL_ENOENT;
}

enum pwpol_status pwpol_class_each(const pwpol_policy *p,
                                   int (*fn)(const char *cls, unsigned perms, void *ctx), void *ctx)
{
	if (!fn)
		return PWPOL_EINVAL;
	for (size_t i = 0; i < sizeof predefined / sizeof predefined[0]; i++)
		if (fn(predefined[i].name, predefined[i].perms, ctx))
			return PWPOL_OK;
	for (size_t i = 0; p && i < p->nclasses; i++)
		if (fn(p->classes[i].name, p->classes[i].perms, ctx))
			return PWPOL_OK;
	return PWPOL_OK;
}

const char *pwpol__initial_class(const char *name)
{
	for (size_t i = 0; i < SYSTEM_ACCOUNTS; i++)
		if (strcmp(name, pwpol__system_accounts[i]) == 0)
			return "super-user";
	return PWPOL_CLASS_DEFAULT;
}

enum pwpol_status pwpol_store_act_as(pwpol_store *s, const pwpol_policy *p, const char *actor,
                                     time_t now)
{
	if (!s)
		return PWPOL_EINVAL;
	s->acting = 0;
	s->actor[0] = 0;
	s->perms = 0;
	s->actor_class[0] = 0;
	s->class_known = 0;
	s->must_change[0] = 0;
	s->must_reason = PWPOL_REASON_NONE;
	if (!actor)
		return PWPOL_OK;
	/* From here on the handle acts as someone: a failure leaves it
	 * permitting nothing, never acting as root. */
	s->acting = 1;
	snprintf(s->actor, sizeof s->actor, "%s", actor);
	if (!p || !pwpol__time_ok(now))
		return PWPOL_EINVAL;
	if (!pwpol__name_ok(actor))
		return PWPOL_ENOENT;
	struct pwpol__account a;
	enum pwpol_status st = pwpol__get(s, actor, &a);
	if (st != PWPOL_OK)
		return st;
	enum pwpol_change_reason why = pwpol__change_reason(p, &a, now);
	if (a.disabled)
		snprintf(s->must_change, sizeof s->must_change, "account %s is disabled", actor);
	else if (why != PWPOL_REASON_NONE)
		s->must_reason = why;
	if (s->must_reason != PWPOL_REASON_NONE)
		snprintf(s->must_change, sizeof s->must_change,
		         "%s: the password is %s; it must be changed first (pwpol passwd %s), "
		         "and nothing else is permitted until then",
		         actor,
		         why == PWPOL_REASON_EXPIRED     ? "expired"
		         : why == PWPOL_REASON_TEMPORARY ? "temporary"
		                                         : "the factory default",
		         actor);
	snprintf(s->actor_class, sizeof s->actor_class, "%s", a.class_name);
	s->class_known = pwpol_class_permissions(p, a.class_name, &s->perms) == PWPOL_OK;
	if (s->must_change[0])
		s->perms = 0;
	pwpol__wipe_account(&a);
	return PWPOL_OK;
}

enum pwpol_status pwpol_store_actor_reason(const pwpol_store *s, enum pwpol_change_reason *why)
{
	if (why)
		*why = PWPOL_REASON_NONE;
	if (!s || !why)
		return PWPOL_EINVAL;
	if (s->acting)
		*why = (enum pwpol_change_reason)s->must_reason;
	return PWPOL_OK;
}

const char *pwpol_store_actor(const pwpol_store *s)
{
	return s && s->acting ? s->actor : "root";
}

/* A uid's login name, or "?" (none in the user database). */
static void user_name(uid_t uid, char *out, size_t n)
{
	struct passwd pw, *r = NULL;
	char buf[1024];
	if (getpwuid_r(uid, &pw, buf, sizeof buf, &r) == 0 && r && r->pw_name)
		snprintf(out, n, "%s", r->pw_name);
	else
		snprintf(out, n, "?");
}

const char *pwpol__by_actor(const pwpol_store *s)
{
	static _Thread_local char by[200];
	/* Not acting, for a client a face named (the web's association page):
	 * that client is who acted, and the origin the event carries names
	 * it; the server's own uid would name the wrong one. */
	if (!(s && s->acting) && pwpol__audit_has_origin())
		return "";
	snprintf(by, sizeof by, " by %s", pwpol__actor_logged(s));
	return by;
}

const char *pwpol__actor_logged(const pwpol_store *s)
{
	static _Thread_local char who[192];
	if (s && s->acting)
		return s->actor;
	/* The process's real user, as the kernel has it (never the
	 * environment's LOGNAME or SUDO_USER, which the caller writes), and
	 * who logged in when that differs (the audit login uid: sudo and su
	 * keep it). */
	char name[64], login[64];
	uid_t uid = getuid();
	user_name(uid, name, sizeof name);
	int n = snprintf(who, sizeof who, "%s (uid %u", name, (unsigned)uid);
	unsigned long auid = 0;
	FILE *f = fopen("/proc/self/loginuid", "re");
	int known = f && fscanf(f, "%lu", &auid) == 1 && auid != 4294967295UL;
	if (f)
		fclose(f);
	if (known && auid != uid && n > 0 && (size_t)n < sizeof who) {
		user_name((uid_t)auid, login, sizeof login);
		n += snprintf(who + n, sizeof who - (size_t)n, ", login uid %lu %s", auid, login);
	}
	if (n > 0 && (size_t)n < sizeof who - 1)
		snprintf(who + n, sizeof who - (size_t)n, ")");
	return who;
}

static const char *perm_name(unsigned missing)
{
	return missing & PWPOL_PERMISSION_ADMIN_CONTROL ? "admin-control" : "admin";
}

enum pwpol_status pwpol_store_permits(const pwpol_store *s, unsigned perms, char *why,
                                      size_t whylen)
{
	if (why && whylen)
		why[0] = 0;
	if (!s)
		return PWPOL_EINVAL;
	if (!s->acting || (!s->must_change[0] && (s->perms & perms) == perms))
		return PWPOL_OK;
	if (why && whylen) {
		if (s->must_change[0])
			snprintf(why, whylen, "not permitted: %s", s->must_change);
		else if (!s->class_known)
			snprintf(why, whylen,
			         "not permitted: %s is of class %s, which the configuration in "
			         "force does not define: it holds no permission",
			         s->actor, s->actor_class[0] ? s->actor_class : "(none)");
		else
			snprintf(why, whylen,
			         "not permitted: %s is of class %s, which lacks the %s permission",
			         s->actor, s->actor_class, perm_name(perms & ~s->perms));
	}
	return PWPOL_NOT_PERMITTED;
}

enum pwpol_status pwpol__permit(pwpol_store *s, unsigned perms, const char *self)
{
	if (!s->acting)
		return PWPOL_OK;
	if (self && strcmp(self, s->actor) == 0 && perms == PWPOL_PERMISSION_ADMIN &&
	    !s->must_change[0])
		return PWPOL_OK;
	char why[sizeof s->err];
	if (pwpol_store_permits(s, perms, why, sizeof why) == PWPOL_OK)
		return PWPOL_OK;
	return pwpol__store_fail(s, PWPOL_NOT_PERMITTED, "%s", why);
}
