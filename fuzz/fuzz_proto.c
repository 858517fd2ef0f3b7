/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * fuzz_proto.c - libFuzzer target for the agent's wire format
 * (agent/proto.c): any bytes as a stream that pp_recv reads a frame from,
 * as pwpold and the conductor's local socket read what any local user
 * sends, and the PAM and NSS modules read an agent's answer. A frame that
 * passes pp_check must give back every field through the accessors
 * without reading outside it, and the same frame built again from its
 * fields must be byte for byte the one read.
 */
#include "proto.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct stream {
	const uint8_t *p;
	size_t left;
};

/* Gives the stream in pieces of at most 7 bytes, as a socket may. */
static long stream_read(void *ctx, void *buf, size_t n)
{
	struct stream *s = ctx;
	if (n > s->left)
		n = s->left;
	if (n > 7)
		n = 7;
	memcpy(buf, s->p, n);
	s->p += n;
	s->left -= n;
	return (long)n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct stream s = {data, size};
	struct pp_msg m;
	if (pp_recv(stream_read, &s, &m) != 0)
		return 0;
	if (pp_check(&m) != 0)
		abort(); /* pp_recv hands back checked frames only */
	/* The frame built again, field by field in its order (the format of
	 * proto.h: a 4-byte length, version, type, then tag, 4-byte length,
	 * value), must be the frame read. */
	struct pp_msg again;
	pp_start(&again, (enum pp_type)pp_type(&m));
	size_t at = 6;
	while (at + 5 <= m.len) {
		size_t n = (size_t)m.buf[at + 1] << 24 | (size_t)m.buf[at + 2] << 16 |
		           (size_t)m.buf[at + 3] << 8 | m.buf[at + 4];
		if (n > m.len - at - 5)
			abort(); /* pp_check let a field run past the frame */
		pp_put(&again, (enum pp_tag)m.buf[at], m.buf + at + 5, n);
		at += 5 + n;
	}
	if (at != m.len || again.failed || again.len != m.len || memcmp(again.buf, m.buf, m.len))
		abort();
	for (int tag = 0; tag < 256; tag++) {
		const unsigned char *v;
		size_t n;
		for (unsigned i = 0; pp_get(&m, (enum pp_tag)tag, i, &v, &n); i++) {
			if (v < m.buf || v + n > m.buf + m.len)
				abort();
			char out[64];
			(void)pp_get_str(&m, (enum pp_tag)tag, i, out, sizeof out);
		}
		char *d = pp_dup_str(&m, (enum pp_tag)tag);
		free(d);
		(void)pp_get_num(&m, (enum pp_tag)tag, 0);
	}
	pp_free(&again);
	pp_free(&m);
	return 0;
}
