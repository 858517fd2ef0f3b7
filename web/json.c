/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * json.c - the body of a JSON API call (api.c): one flat object of
 * strings, numbers, true, false and null, read without a library. A string
 * is decoded (escapes, \uXXXX and surrogate pairs into UTF-8) straight into
 * the caller's buffer, so that a password is copied once and wiped by its
 * owner; a NUL in a string, a nested value or trailing bytes refuse the
 * whole body.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

struct jp {
	const char *p, *end;
};

static void ws(struct jp *j)
{
	while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' || *j->p == '\r' || *j->p == '\n'))
		j->p++;
}

static int hex4(struct jp *j, unsigned *v)
{
	*v = 0;
	for (int i = 0; i < 4; i++, j->p++) {
		if (j->p >= j->end)
			return -1;
		char c = *j->p;
		unsigned d = c >= '0' && c <= '9'   ? (unsigned)(c - '0')
		             : c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10)
		             : c >= 'A' && c <= 'F' ? (unsigned)(c - 'A' + 10)
		                                    : 16u;
		if (d > 15)
			return -1;
		*v = *v * 16 + d;
	}
	return 0;
}

/* A string at j->p, decoded into out when out is not NULL. 0; -1 when it
 * is not a string JSON allows (or holds a NUL, which no field may); -2
 * when it does not fit cap (with its NUL). */
static int jstring(struct jp *j, char *out, size_t cap, size_t *outlen)
{
	if (j->p >= j->end || *j->p != '"')
		return -1;
	j->p++;
	size_t n = 0;
	int too_long = 0;
	while (j->p < j->end && *j->p != '"') {
		unsigned char c = (unsigned char)*j->p++;
		char u[4];
		size_t un = 1;
		u[0] = (char)c;
		if (c < 0x20)
			return -1;
		if (c == '\\') {
			if (j->p >= j->end)
				return -1;
			char e = *j->p++;
			unsigned cp;
			switch (e) {
			case '"':
			case '\\':
			case '/': u[0] = e; break;
			case 'b': u[0] = '\b'; break;
			case 'f': u[0] = '\f'; break;
			case 'n': u[0] = '\n'; break;
			case 'r': u[0] = '\r'; break;
			case 't': u[0] = '\t'; break;
			case 'u':
				if (hex4(j, &cp) != 0 || cp == 0 || (cp >= 0xdc00 && cp < 0xe000))
					return -1;
				if (cp >= 0xd800 && cp < 0xdc00) {
					unsigned lo;
					if (j->end - j->p < 2 || j->p[0] != '\\' || j->p[1] != 'u')
						return -1;
					j->p += 2;
					if (hex4(j, &lo) != 0 || lo < 0xdc00 || lo >= 0xe000)
						return -1;
					cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
				}
				if (cp < 0x80) {
					u[0] = (char)cp;
				} else if (cp < 0x800) {
					u[0] = (char)(0xc0 | cp >> 6);
					u[1] = (char)(0x80 | (cp & 0x3f));
					un = 2;
				} else if (cp < 0x10000) {
					u[0] = (char)(0xe0 | cp >> 12);
					u[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
					u[2] = (char)(0x80 | (cp & 0x3f));
					un = 3;
				} else {
					u[0] = (char)(0xf0 | cp >> 18);
					u[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
					u[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
					u[3] = (char)(0x80 | (cp & 0x3f));
					un = 4;
				}
				break;
			default: return -1;
			}
		}
		if (out && !too_long) {
			if (n + un >= cap)
				too_long = 1;
			else
				memcpy(out + n, u, un);
		}
		n += un;
		pwpol_wipe(u, sizeof u);
	}
	if (j->p >= j->end)
		return -1;
	j->p++;
	if (out && too_long) {
		pwpol_wipe(out, cap);
		return -2;
	}
	if (out)
		out[n] = 0;
	if (outlen)
		*outlen = n;
	return 0;
}

/* A number, true, false or null: its text (at most cap-1 bytes). */
static int jliteral(struct jp *j, char *out, size_t cap)
{
	const char *s = j->p;
	while (j->p < j->end && strchr("+-.0123456789eEtruefalsn", *j->p) && *j->p)
		j->p++;
	size_t n = (size_t)(j->p - s);
	if (n == 0 || n >= 32)
		return -1;
	char t[32];
	memcpy(t, s, n);
	t[n] = 0;
	if (strcmp(t, "true") != 0 && strcmp(t, "false") != 0 && strcmp(t, "null") != 0) {
		char *e;
		strtod(t, &e);
		if (*e || !strchr("-0123456789", t[0]))
			return -1;
	}
	if (out) {
		if (n >= cap)
			return -2;
		memcpy(out, t, n + 1);
	}
	return 0;
}

/* The value of `key` in the body, a flat JSON object: a string decoded
 * (*is_string 1), or a literal's text. 0; -1 when the key is not there;
 * -2 when the value does not fit; -3 when the body is not such an object
 * (an empty body is an empty object). */
int json_get(const struct request *rq, const char *key, char *out, size_t cap, size_t *outlen,
             int *is_string)
{
	struct jp j = {rq->body, rq->body + rq->len};
	ws(&j);
	if (j.p == j.end)
		return -1;
	if (*j.p != '{')
		return -3;
	j.p++;
	ws(&j);
	int found = -1;
	if (j.p < j.end && *j.p == '}') {
		j.p++;
	} else {
		for (;;) {
			char k[64];
			int rc = jstring(&j, k, sizeof k, NULL);
			if (rc == -1)
				return -3;
			int match = rc == 0 && found == -1 && strcmp(k, key) == 0;
			ws(&j);
			if (j.p >= j.end || *j.p != ':')
				return -3;
			j.p++;
			ws(&j);
			int str = j.p < j.end && *j.p == '"';
			rc = str ? jstring(&j, match ? out : NULL, cap, match ? outlen : NULL)
			         : jliteral(&j, match ? out : NULL, cap);
			if (rc == -1)
				return -3;
			if (match) {
				found = rc;
				if (is_string)
					*is_string = str;
			}
			ws(&j);
			if (j.p < j.end && *j.p == ',') {
				j.p++;
				ws(&j);
				continue;
			}
			if (j.p < j.end && *j.p == '}') {
				j.p++;
				break;
			}
			return -3;
		}
	}
	ws(&j);
	if (j.p != j.end) {
		if (found == 0)
			pwpol_wipe(out, cap);
		return -3;
	}
	return found;
}
