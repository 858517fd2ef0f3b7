/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * proto.h - the fleet's wire format, one for both links: the PAM and NSS
 * modules to the node agent (a Unix socket) and the agent to the conductor
 * (mutual TLS). Small on purpose: the modules that include it run inside
 * sshd, su and every process that resolves a name, so it needs no library.
 *
 * A frame is a 4-byte big-endian length (of what follows, at most
 * PP_FRAME_MAX), then the version byte (PP_VERSION), a type byte (a
 * request, or PP_REPLY), then fields: a tag byte, a 4-byte big-endian
 * length and that many bytes. Numbers are 8-byte big-endian fields;
 * strings hold no NUL. A field may repeat (PP_TEXT, PP_ENTRY), in order.
 * A peer that meets another version answers PP_R_BADREQ and closes.
 *
 * Requests and their fields (-> the reply's):
 *   HELLO          -> CACERT (the fleet CA, PEM), VERSION
 *   ENROLL   TOKEN CSR (PEM) NAME -> CERT (PEM), CACERT
 *   AUTH     NAME PASSWORD        -> STATUS, REASON, TEXT*, ENTRY (its passwd line)
 *   ACCOUNT  NAME                 -> STATUS, VERDICT, REASON, EXPIRES, LOCKED
 *   VERIFY   NAME PASSWORD        -> STATUS, TEXT*   (the current one, before a change)
 *   CHANGE   NAME OLD NEW         -> STATUS, TEXT*
 *   PWNAM    NAME / PWUID ID      -> STATUS, ENTRY ("name:x:uid:gid:gecos:home:shell")
 *   PWLIST                        -> STATUS, ENTRY*
 *   GRNAM    NAME / GRGID ID      -> STATUS, ENTRY ("name:x:gid:")
 *   GRLIST                        -> STATUS, ENTRY*
 *   FAILURES NAME COUNT TIME      -> STATUS   (failures an agent counted offline)
 *   STATUS                        -> STATUS, TEXT* (the agent: conductor, cache)
 * A reply to the modules says OFFLINE=1 when the agent answered from its
 * cache. No request carries or returns a password hash.
 */
#ifndef PWPOL_PROTO_H
#define PWPOL_PROTO_H

#include <stddef.h>
#include <stdint.h>

#define PP_VERSION   1
#define PP_FRAME_MAX (1u << 20)

enum pp_type {
	PP_HELLO = 1,
	PP_ENROLL,
	PP_AUTH,
	PP_ACCOUNT,
	PP_VERIFY,
	PP_CHANGE,
	PP_PWNAM,
	PP_PWUID,
	PP_PWLIST,
	PP_GRNAM,
	PP_GRGID,
	PP_GRLIST,
	PP_FAILURES,
	PP_STATUS,
	PP_REPLY = 0x80
};

enum pp_tag {
	PP_T_NAME = 1,
	PP_T_PASSWORD,
	PP_T_OLD,
	PP_T_NEW,
	PP_T_STATUS,
	PP_T_REASON,
	PP_T_TEXT,
	PP_T_ENTRY,
	PP_T_ID,
	PP_T_TOKEN,
	PP_T_CSR,
	PP_T_CERT,
	PP_T_CACERT,
	PP_T_COUNT,
	PP_T_TIME,
	PP_T_VERDICT,
	PP_T_EXPIRES,
	PP_T_LOCKED,
	PP_T_OFFLINE,
	PP_T_VERSION,
	PP_T_CHANGED /* AUTH: when the password accepted was set (the conductor's clock) */
};

/* STATUS values. */
enum pp_status {
	PP_R_OK = 0,
	PP_R_REJECTED,    /* wrong password, unknown name (one answer), or a rule broken */
	PP_R_LOCKED,      /* locked after failures */
	PP_R_CHANGE,      /* right, but the password must be changed first (REASON) */
	PP_R_NOTFOUND,    /* no such account (lookups, account phase) */
	PP_R_UNAVAILABLE, /* the conductor is away and the cache cannot answer */
	PP_R_DENIED,      /* this peer may not ask this */
	PP_R_ERROR,       /* the conductor or its store failed */
	PP_R_BADREQ       /* malformed, or another version */
};

/* VERDICT values (ACCOUNT): pwpol_admission's. */
enum pp_verdict { PP_V_ADMIT = 0, PP_V_AFTER_CHANGE, PP_V_DISABLED, PP_V_LOCKED };

/* A message being built or read. Built: pp_start, pp_put*; the bytes are
 * buf[0..len) ready to send. Read: pp_parse over a received frame. The
 * buffer may hold a password: pp_free wipes it. */
struct pp_msg {
	unsigned char *buf;
	size_t len, cap;
	int failed; /* a put ran out of memory or past PP_FRAME_MAX */
};

void pp_start(struct pp_msg *m, enum pp_type type);
void pp_put(struct pp_msg *m, enum pp_tag tag, const void *v, size_t n);
void pp_put_str(struct pp_msg *m, enum pp_tag tag, const char *s);
void pp_put_num(struct pp_msg *m, enum pp_tag tag, uint64_t v);
void pp_free(struct pp_msg *m);

/* Checks a whole frame (length prefix included): version, every field
 * inside it. 0, or -1 for a malformed frame. */
int pp_check(const struct pp_msg *m);
int pp_type(const struct pp_msg *m);
/* The idx-th field with tag (0 the first): 1 found (*v, *n), 0 not. */
int pp_get(const struct pp_msg *m, enum pp_tag tag, unsigned idx, const unsigned char **v,
           size_t *n);
/* A string field copied with its NUL into out (0 found and fits, -1 not). */
int pp_get_str(const struct pp_msg *m, enum pp_tag tag, unsigned idx, char *out, size_t outlen);
/* A string field as a fresh NUL-terminated copy (wipe and free it). */
char *pp_dup_str(const struct pp_msg *m, enum pp_tag tag);
/* A number field; def when absent or malformed. */
uint64_t pp_get_num(const struct pp_msg *m, enum pp_tag tag, uint64_t def);

/* Who on a machine may ask its agent (pwpold, or the conductor's local
 * socket) a request of `type` over the Unix socket, by the peer's uid:
 * account lookups anyone (the NSS module in every process); a login's
 * proof, the account phase, a change and the status root alone (sshd,
 * login, su, passwd); anything else no one (a node's own requests). */
enum pp_asker { PP_ASK_NONE = 0, PP_ASK_ANYONE, PP_ASK_ROOT };
enum pp_asker pp_local_asker(int type);

/* Frames over a stream: a read or write function of the caller's
 * (a file descriptor, a TLS session), which returns bytes moved or <= 0. */
typedef long (*pp_io_fn)(void *ctx, void *buf, size_t n);
int pp_send(pp_io_fn write_fn, void *ctx, const struct pp_msg *m);
/* Reads one frame into m (pp_free it); 0, or -1 (closed, error, too big,
 * malformed). */
int pp_recv(pp_io_fn read_fn, void *ctx, struct pp_msg *m);

/* File descriptor I/O for pp_send / pp_recv (ctx points to the int). */
long pp_fd_read(void *ctx, void *buf, size_t n);
long pp_fd_write(void *ctx, void *buf, size_t n);

#endif
