/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * buf.c - a growing buffer for the pages and JSON answers, with HTML and
 * JSON escaping, and the reader of url-encoded form bodies.
 */
#include "internal.h"

#include <utf8proc.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void buf_add(struct buf *b, const char *s, size_t n)
{
	if (b->failed)
		return;
	if (b->n + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		while (cap < b->n + n + 1)
			cap *= 2;
		char *p = malloc(cap);
		if (!p) {
			b->failed = 1;
			return;
		}
		if (b->p) {
			memcpy(p, b->p, b->n);
			pwpol_wipe(b->p, b->cap);
			free(b->p);
		}
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->n, s, n);
	b->n += n;
	b->p[b->n] = 0;
}

void buf_str(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void buf_printf(struct buf *b, const char *fmt, ...)
{
	char tmp[1024];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof tmp) {
		b->failed = 1;
		return;
	}
	buf_add(b, tmp, (size_t)n);
}

void buf_html(struct buf *b, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': buf_str(b, "&amp;"); break;
		case '<': buf_str(b, "&lt;"); break;
		case '>': buf_str(b, "&gt;"); break;
		case '"': buf_str(b, "&quot;"); break;
		case '\'': buf_str(b, "&#39;"); break;
		default: buf_add(b, s, 1);
		}
	}
}

void buf_json(struct buf *b, const char *s)
{
	buf_str(b, "\"");
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;
		if (ch == '"' || ch == '\\') {
			buf_add(b, "\\", 1);
			buf_add(b, s, 1);
		} else if (ch < 0x20 || ch == '<' || ch == '>') {
			/* < and > too, so that no answer can be read as markup. */
			buf_printf(b, "\\u%04x", ch);
		} else if (ch >= 0x80) {
			/* UTF-8 as it is; a byte that is not (a form field's %E9) is
			 * U+FFFD: JSON is UTF-8, and a parser refuses the rest. */
			utf8proc_int32_t cp;
			utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s, 4, &cp);
			if (n > 0) {
				buf_add(b, s, (size_t)n);
				s += n - 1;
			} else {
				buf_str(b, "\\ufffd");
			}
		} else {
			buf_add(b, s, 1);
		}
	}
	buf_str(b, "\"");
}

void buf_free(struct buf *b)
{
	if (b->p) {
		pwpol_wipe(b->p, b->cap);
		free(b->p);
	}
	memset(b, 0, sizeof *b);
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decodes one value (between `=` and `&`); -1 if it does not fit. */
static int decode(const char *s, const char *end, char *out, size_t cap, size_t *outlen)
{
	size_t n = 0;
	while (s < end) {
		char ch = *s++;
		if (ch == '+') {
			ch = ' ';
		} else if (ch == '%' && end - s >= 2 && hexval(s[0]) >= 0 && hexval(s[1]) >= 0) {
			ch = (char)(hexval(s[0]) * 16 + hexval(s[1]));
			s += 2;
		}
		if (n + 1 >= cap)
			return -1;
		out[n++] = ch;
	}
	out[n] = 0;
	if (outlen)
		*outlen = n;
	return 0;
}

int form_get(const char *body, size_t len, const char *key, char *out, size_t cap, size_t *outlen)
{
	size_t klen = strlen(key);
	const char *p = body, *end = body + len;
	if (cap)
		out[0] = 0;
	while (p < end) {
		const char *amp = memchr(p, '&', (size_t)(end - p));
		const char *stop = amp ? amp : end;
		const char *eq = memchr(p, '=', (size_t)(stop - p));
		if (eq && (size_t)(eq - p) == klen && memcmp(p, key, klen) == 0)
			return decode(eq + 1, stop, out, cap, outlen);
		p = stop + 1;
	}
	return -1;
}
