/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * proto.c - frames and fields of the fleet's wire format (proto.h). Linked
 * into the PAM and NSS modules, the agent and the conductor; it uses libc
 * alone and wipes every buffer it frees (a frame may hold a password).
 */
#include "proto.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static void put_be(unsigned char *p, uint64_t v, int bytes)
{
	for (int i = bytes - 1; i >= 0; i--) {
		p[i] = (unsigned char)(v & 0xff);
		v >>= 8;
	}
}

static uint64_t get_be(const unsigned char *p, int bytes)
{
	uint64_t v = 0;
	for (int i = 0; i < bytes; i++)
		v = (v << 8) | p[i];
	return v;
}

static int grow(struct pp_msg *m, size_t more)
{
	if (m->failed)
		return -1;
	if (m->len + more > PP_FRAME_MAX + 4) {
		m->failed = 1;
		return -1;
	}
	if (m->len + more <= m->cap)
		return 0;
	size_t cap = m->cap ? m->cap : 256;
	while (cap < m->len + more)
		cap *= 2;
	/* No realloc: the old block may hold a password and is wiped first. */
	unsigned char *nb = malloc(cap);
	if (!nb) {
		m->failed = 1;
		return -1;
	}
	if (m->buf) {
		memcpy(nb, m->buf, m->len);
		explicit_bzero(m->buf, m->cap);
		free(m->buf);
	}
	m->buf = nb;
	m->cap = cap;
	return 0;
}

static void set_length(struct pp_msg *m)
{
	if (m->buf && m->len >= 4)
		put_be(m->buf, m->len - 4, 4);
}

void pp_start(struct pp_msg *m, enum pp_type type)
{
	memset(m, 0, sizeof *m);
	if (grow(m, 6) == 0) {
		m->buf[4] = PP_VERSION;
		m->buf[5] = (unsigned char)type;
		m->len = 6;
		set_length(m);
	}
}

void pp_put(struct pp_msg *m, enum pp_tag tag, const void *v, size_t n)
{
	if (n > PP_FRAME_MAX || grow(m, 5 + n) != 0)
		return;
	m->buf[m->len] = (unsigned char)tag;
	put_be(m->buf + m->len + 1, n, 4);
	if (n)
		memcpy(m->buf + m->len + 5, v, n);
	m->len += 5 + n;
	set_length(m);
}

void pp_put_str(struct pp_msg *m, enum pp_tag tag, const char *s)
{
	pp_put(m, tag, s ? s : "", s ? strlen(s) : 0);
}

void pp_put_num(struct pp_msg *m, enum pp_tag tag, uint64_t v)
{
	unsigned char b[8];
	put_be(b, v, 8);
	pp_put(m, tag, b, sizeof b);
}

void pp_free(struct pp_msg *m)
{
	if (m->buf) {
		explicit_bzero(m->buf, m->cap);
		free(m->buf);
	}
	memset(m, 0, sizeof *m);
}

int pp_check(const struct pp_msg *m)
{
	if (m->failed || !m->buf || m->len < 6 || get_be(m->buf, 4) != m->len - 4 ||
	    m->buf[4] != PP_VERSION)
		return -1;
	size_t i = 6;
	while (i < m->len) {
		if (m->len - i < 5)
			return -1;
		uint64_t n = get_be(m->buf + i + 1, 4);
		if (n > m->len - i - 5)
			return -1;
		i += 5 + n;
	}
	return 0;
}

int pp_type(const struct pp_msg *m)
{
	return m->buf && m->len >= 6 ? m->buf[5] : -1;
}

enum pp_asker pp_local_asker(int type)
{
	switch (type) {
	case PP_PWNAM:
	case PP_PWUID:
	case PP_PWLIST:
	case PP_GRNAM:
	case PP_GRGID:
	case PP_GRLIST: return PP_ASK_ANYONE;
	case PP_AUTH:
	case PP_ACCOUNT:
	case PP_VERIFY:
	case PP_CHANGE:
	case PP_STATUS: return PP_ASK_ROOT;
	default: return PP_ASK_NONE;
	}
}

int pp_get(const struct pp_msg *m, enum pp_tag tag, unsigned idx, const unsigned char **v,
           size_t *n)
{
	size_t i = 6;
	while (m->buf && i + 5 <= m->len) {
		size_t len = get_be(m->buf + i + 1, 4);
		if (len > m->len - i - 5)
			return 0;
		if (m->buf[i] == tag && idx-- == 0) {
			*v = m->buf + i + 5;
			*n = len;
			return 1;
		}
		i += 5 + len;
	}
	return 0;
}

int pp_get_str(const struct pp_msg *m, enum pp_tag tag, unsigned idx, char *out, size_t outlen)
{
	const unsigned char *v;
	size_t n;
	if (!pp_get(m, tag, idx, &v, &n) || n >= outlen || memchr(v, 0, n))
		return -1;
	memcpy(out, v, n);
	out[n] = 0;
	return 0;
}

char *pp_dup_str(const struct pp_msg *m, enum pp_tag tag)
{
	const unsigned char *v;
	size_t n;
	if (!pp_get(m, tag, 0, &v, &n) || memchr(v, 0, n))
		return NULL;
	char *s = malloc(n + 1);
	if (!s)
		return NULL;
	memcpy(s, v, n);
	s[n] = 0;
	return s;
}

uint64_t pp_get_num(const struct pp_msg *m, enum pp_tag tag, uint64_t def)
{
	const unsigned char *v;
	size_t n;
	if (!pp_get(m, tag, 0, &v, &n) || n != 8)
		return def;
	return get_be(v, 8);
}

static int move_all(pp_io_fn fn, void *ctx, unsigned char *p, size_t n)
{
	while (n) {
		long r = fn(ctx, p, n);
		if (r <= 0)
			return -1;
		p += r;
		n -= (size_t)r;
	}
	return 0;
}

int pp_send(pp_io_fn write_fn, void *ctx, const struct pp_msg *m)
{
	if (m->failed || !m->buf)
		return -1;
	return move_all(write_fn, ctx, m->buf, m->len);
}

int pp_recv(pp_io_fn read_fn, void *ctx, struct pp_msg *m)
{
	unsigned char hdr[4];
	memset(m, 0, sizeof *m);
	if (move_all(read_fn, ctx, hdr, 4) != 0)
		return -1;
	uint64_t n = get_be(hdr, 4);
	if (n < 2 || n > PP_FRAME_MAX || grow(m, 4 + n) != 0)
		return -1;
	memcpy(m->buf, hdr, 4);
	m->len = 4 + n;
	if (move_all(read_fn, ctx, m->buf + 4, n) != 0 || pp_check(m) != 0) {
		pp_free(m);
		return -1;
	}
	return 0;
}

long pp_fd_read(void *ctx, void *buf, size_t n)
{
	for (;;) {
		ssize_t r = read(*(int *)ctx, buf, n);
		if (r < 0 && errno == EINTR)
			continue;
		return r;
	}
}

long pp_fd_write(void *ctx, void *buf, size_t n)
{
	for (;;) {
		ssize_t r = send(*(int *)ctx, buf, n, MSG_NOSIGNAL);
		if (r < 0 && errno == EINTR)
			continue;
		return r;
	}
}
