/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * agent.h - pam_pwpol's questions to the node agent (agent=PATH, agent.c),
 * in the wire format of agent/proto.h. Private to the module.
 */
#ifndef PWPOL_PAM_AGENT_H
#define PWPOL_PAM_AGENT_H

#include "face.h"
#include "proto.h"

/* The agent's answer: STATUS and the fields a face needs. */
struct agent_answer {
	unsigned status; /* enum pp_status */
	unsigned reason;
	unsigned verdict;
	long long expires;
	int offline;
	struct pp_msg msg; /* for its TEXT lines */
};

/* One question; -1 when the agent does not answer (logged). */
int pa_ask(pam_handle_t *pamh, const struct opts *o, enum pp_type type, const char *user,
           const char *a, const char *b, struct agent_answer *ans);
void pa_free(struct agent_answer *ans);
/* The agent's TEXT lines, each one message ("W:" a warning); how many. */
int pa_say_texts(pam_handle_t *pamh, int flags, const struct agent_answer *ans);
enum pwpol_change_reason pa_reason(unsigned r);
/* Auth: a PAM code, and why a right password must be changed. */
int pa_authenticate(pam_handle_t *pamh, const struct opts *o, const char *user, const char *pw,
                    enum pwpol_change_reason *why);
/* The account phase (recalled: why auth said a change is due). */
int pa_account(pam_handle_t *pamh, int flags, const struct opts *o, const char *user,
               enum pwpol_change_reason recalled);
/* ignore_unknown: 1 if the agent knows `user`, 0 if it does not (the
 * next module's, nothing asked or counted), -1 when it cannot say. */
int pa_known(pam_handle_t *pamh, const struct opts *o, const char *user);
/* The account's state before a change: a PAM code and *why. */
int pa_state(pam_handle_t *pamh, const struct opts *o, const char *user,
             enum pwpol_change_reason *why);
/* The current password's proof before a new one is asked for. */
int pa_verify_old(pam_handle_t *pamh, int flags, const struct opts *o, const char *user,
                  const char *old);
/* One new password: PAM_SUCCESS, -1 (refused by the policy, told: another
 * may do) or a PAM code. */
int pa_change(pam_handle_t *pamh, int flags, const struct opts *o, const char *user,
              const char *old, const char *pw);
/* A user's own change (chauthtok's UPDATE): a PAM code. */
int pa_update(pam_handle_t *pamh, int flags, const struct opts *o, const char *user,
              enum pwpol_change_reason recalled);

#endif
