/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * start.c - what `pwpol web` says at its start: where it listens and how to
 * associate, or why it refuses to start, as text or, under --json, as one
 * JSON object a line (every string through buf_json: valid UTF-8), as
 * every command of pwpol(1) answers.
 */
#include "internal.h"

#include <libintl.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>

/* Under --json, where the server listens and how to associate, as one
 * object: {"ok":true,"listening":URL,"association":URL,"token_file":F}. */
void web_announce_json(FILE *out, const char *scheme, const char *listen_host, const char *host,
                       unsigned port, const char *base, const char *token_file, const char *token)
{
	struct buf b = {0};
	char url[600];
	snprintf(url, sizeof url, "%s://%s:%u%s/", scheme, listen_host, port, base);
	buf_str(&b, "{\"ok\":true,\"listening\":");
	buf_json(&b, url);
	if (token_file)
		snprintf(url, sizeof url, "%s://%s:%u%s/", scheme, host, port, base);
	else
		snprintf(url, sizeof url, "%s://%s:%u%s/?token=%s", scheme, host, port, base,
		         token);
	buf_str(&b, ",\"association\":");
	buf_json(&b, url);
	if (token_file) {
		buf_str(&b, ",\"token_file\":");
		buf_json(&b, token_file);
	}
	buf_str(&b, "}\n");
	if (!b.failed)
		fwrite(b.p, 1, b.n, out);
	buf_free(&b);
}

/* A refusal of the server's start: its sentence on stderr, and under
 * --json an object on out too, as every command answers (pwpol(1)). */
void web_refuse(const struct web_opts *o, FILE *out, int status, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	fprintf(stderr, "pwpol: web: %s\n", msg);
	if (!o->json)
		return;
	struct buf b = {0};
	buf_printf(&b, "{\"ok\":false,\"status\":\"%s\",\"error\":",
	           status == 2 ? "usage" : pwpol_status_name(PWPOL_ESYSTEM));
	char line[600];
	snprintf(line, sizeof line, "web: %s", msg);
	buf_json(&b, line);
	buf_str(&b, "}\n");
	if (!b.failed)
		fwrite(b.p, 1, b.n, out);
	buf_free(&b);
	fflush(out);
}

/* The library's sentences on the pages in the language of LC_MESSAGES
 * (LANGUAGE): only that category, so that numbers and the JSON the
 * server writes stay as they are; the pages are UTF-8 whatever the
 * locale's own charset. */
void web_text_bind(void)
{
	setlocale(LC_MESSAGES, "");
	bindtextdomain("pwpol", PWPOL_LOCALEDIR);
	bind_textdomain_codeset("pwpol", "UTF-8");
	(void)web_lang(); /* read here, before any thread serves a page */
}

/* Where the server listens and how to associate: two lines of text, or
 * one JSON object under --json. As Jupyter does: whoever started the
 * server (and reads what it printed) may associate; anyone else who
 * reaches the page may not. */
void web_announce(FILE *out, const struct web_opts *o, const char *scheme, const char *listen_host,
                  const char *host, unsigned port, const char *token)
{
	const char *base = o->base_path ? o->base_path : "";
	if (o->json) {
		web_announce_json(out, scheme, listen_host, host, port, base, o->token_file, token);
		return;
	}
	fprintf(out, "pwpol web: listening on %s://%s:%u%s/\n", scheme, listen_host, port, base);
	if (o->token_file)
		fprintf(out,
		        "pwpol web: association (while it is offered): %s://%s:%u%s/ with the "
		        "token in %s\n",
		        scheme, host, port, base, o->token_file);
	else
		fprintf(out,
		        "pwpol web: association (while it is offered): %s://%s:%u%s/?token=%s\n",
		        scheme, host, port, base, token);
}
