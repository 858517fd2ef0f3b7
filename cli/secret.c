/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * secret.c - the one place `pwpol` reads passwords: lines of standard
 * input through a reader with its own buffer (no copy in stdio, wiped at
 * the end), or the terminal without echo. The terminal's settings come
 * back when a prompt is interrupted (Ctrl-C), so a shell is never left
 * without echo. Errors are returned, never exit(): the caller still holds
 * other secrets to wipe. And the one refusal of a password where it must
 * not be given: in a database URI on the command line (cli_uri_password).
 */
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

struct reader {
	int fd;
	size_t start, end;
	int eof;
	char buf[1 << 16];
};

size_t reader_capacity(void)
{
	return sizeof((struct reader *)0)->buf;
}

/* Gives the next line (without its newline, and without a CR before it)
 * as a pointer into the buffer. A line longer than the buffer is skipped
 * to its end and reported as too long, so input size never grows memory. */
enum line_status reader_line(struct reader *r, char **line, size_t *len)
{
	int too_long = 0;
	for (;;) {
		char *nl = memchr(r->buf + r->start, '\n', r->end - r->start);
		if (nl || (r->eof && r->end > r->start)) {
			char *s = r->buf + r->start;
			size_t n = nl ? (size_t)(nl - s) : r->end - r->start;
			r->start += n + (nl ? 1 : 0);
			if (too_long)
				return LINE_TOO_LONG;
			if (n && s[n - 1] == '\r')
				n--;
			*line = s;
			*len = n;
			return LINE_OK;
		}
		if (r->eof)
			return too_long ? LINE_TOO_LONG : LINE_EOF;
		if (r->start > 0) {
			memmove(r->buf, r->buf + r->start, r->end - r->start);
			r->end -= r->start;
			r->start = 0;
		}
		if (r->end == sizeof r->buf) {
			/* The line does not fit: drop what we have, keep reading to its end. */
			pwpol_wipe(r->buf, r->end);
			r->end = 0;
			too_long = 1;
		}
		ssize_t got = read(r->fd, r->buf + r->end, sizeof r->buf - r->end);
		if (got < 0) {
			if (errno == EINTR)
				continue;
			return LINE_ERROR;
		}
		if (got == 0)
			r->eof = 1;
		r->end += (size_t)got;
	}
}

struct reader *reader_new(int fd)
{
	struct reader *r = calloc(1, sizeof *r);
	if (r)
		r->fd = fd;
	return r;
}

void reader_free(struct reader *r)
{
	if (!r)
		return;
	pwpol_wipe(r->buf, sizeof r->buf);
	free(r);
}

static struct reader *stdin_reader;

struct reader *stdin_lines(void)
{
	if (!stdin_reader)
		stdin_reader = reader_new(STDIN_FILENO);
	return stdin_reader;
}

void secret_done(void)
{
	reader_free(stdin_reader);
	stdin_reader = NULL;
}

/* The terminal's settings while echo is off, for the signal handler. */
static int tty_fd = -1;
static struct termios tty_saved;

static void restore_tty(int sig)
{
	if (tty_fd >= 0)
		tcsetattr(tty_fd, TCSAFLUSH, &tty_saved);
	signal(sig, SIG_DFL);
	raise(sig);
}

/* The signals that could end the command while echo is off: each brings
 * the terminal back first (restore_tty), then does what it would have. */
static const int held[] = {SIGINT, SIGTERM, SIGQUIT, SIGHUP};
static struct sigaction held_before[sizeof held / sizeof *held];

/* Echo off on fd, its settings kept for echo_back and for a signal. */
static int echo_off(int fd)
{
	if (tcgetattr(fd, &tty_saved) != 0)
		return -1;
	struct termios noecho = tty_saved;
	noecho.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
	noecho.c_lflag |= ICANON;
	struct sigaction sa = {.sa_handler = restore_tty};
	sigemptyset(&sa.sa_mask);
	tty_fd = fd;
	for (size_t i = 0; i < sizeof held / sizeof *held; i++)
		sigaction(held[i], &sa, &held_before[i]);
	return tcsetattr(fd, TCSAFLUSH, &noecho);
}

/* The terminal and the signals as they were before echo_off. */
static void echo_back(void)
{
	if (tty_fd < 0)
		return;
	tcsetattr(tty_fd, TCSAFLUSH, &tty_saved);
	tty_fd = -1;
	for (size_t i = 0; i < sizeof held / sizeof *held; i++)
		sigaction(held[i], &held_before[i], NULL);
}

int tty_echo_off(void)
{
	return echo_off(STDIN_FILENO);
}

void tty_echo_on(void)
{
	if (tty_fd == STDIN_FILENO)
		echo_back();
}

/* What a prompt on the terminal gave. */
enum tty_status { TTY_OK = 0, TTY_FAILED, TTY_TOO_LONG };

/* Prompts on the terminal without echo. */
static enum tty_status tty_read(const char *prompt, struct secret *out)
{
	int fd = open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return TTY_FAILED;
	enum tty_status rc = TTY_FAILED;
	struct reader *r = NULL;
	if (write(fd, prompt, strlen(prompt)) >= 0 && echo_off(fd) == 0 &&
	    (r = reader_new(fd)) != NULL) {
		char *line;
		size_t len;
		enum line_status ls = reader_line(r, &line, &len);
		if (ls == LINE_OK && len <= PWPOL_INPUT_MAX) {
			memcpy(out->s, line, len);
			out->s[len] = 0;
			out->len = len;
			rc = TTY_OK;
		} else if (ls == LINE_OK || ls == LINE_TOO_LONG) {
			rc = TTY_TOO_LONG;
		}
	}
	reader_free(r);
	echo_back();
	if (write(fd, "\n", 1) < 0 && rc == TTY_OK)
		rc = TTY_FAILED;
	close(fd);
	return rc;
}

int read_new_secret_judged(struct cli *c, const char *prompt, const char *again_prompt,
                           int (*judge)(struct cli *c, const struct secret *s), struct secret *out)
{
	if (!isatty(STDIN_FILENO))
		return read_secret(c, prompt, 0, out);
	/* On a terminal: judged, then asked twice; again after a refusal or
	 * a mismatch (three tries in all). */
	int refused = 0;
	for (int attempt = 0; attempt < 3; attempt++) {
		struct secret again;
		memset(&again, 0, sizeof again);
		int rc = tty_read(prompt, out);
		int taken = rc == TTY_OK && (!judge || judge(c, out));
		if (rc == TTY_OK && taken)
			rc = tty_read(again_prompt, &again);
		int same = rc == TTY_OK && taken && again.len == out->len &&
		           memcmp(again.s, out->s, out->len) == 0;
		pwpol_wipe(&again, sizeof again);
		if (same)
			return 0;
		pwpol_wipe(out, sizeof *out);
		if (rc == TTY_TOO_LONG)
			return cli_usage_error(c, "password longer than %d bytes", PWPOL_INPUT_MAX);
		if (rc != TTY_OK)
			return cli_usage_error(c, "cannot read a password from the terminal");
		refused |= !taken;
		fputs(taken ? "The passwords do not match; try again.\n"
		            : "Try another password.\n",
		      stderr);
	}
	if (refused)
		return cli_fail(c, EXIT_REJECTED, "no password the policy takes in three tries");
	return cli_usage_error(c, "the passwords did not match three times");
}

int read_new_secret(struct cli *c, const char *prompt, const char *again_prompt, struct secret *out)
{
	return read_new_secret_judged(c, prompt, again_prompt, NULL, out);
}

int read_line_from(struct cli *c, const char *path, struct secret *out)
{
	out->len = 0;
	out->s[0] = 0;
	if (strcmp(path, "-") == 0)
		return read_secret(c, "hash", 0, out);
	char why[512];
	int fd = pwpol_input_open(path, why, sizeof why);
	if (fd < 0)
		return cli_fail(c, EXIT_USAGE, "%s", why);
	struct reader *r = reader_new(fd);
	char *line;
	size_t len;
	enum line_status ls = r ? reader_line(r, &line, &len) : LINE_ERROR;
	int rc = 0;
	if (ls == LINE_OK && len <= PWPOL_INPUT_MAX) {
		memcpy(out->s, line, len);
		out->s[len] = 0;
		out->len = len;
	} else {
		rc = cli_fail(c, EXIT_USAGE, "%s: expected one line", path);
	}
	reader_free(r);
	close(fd);
	return rc;
}

int read_secret(struct cli *c, const char *prompt, int confirm, struct secret *out)
{
	out->len = 0;
	out->s[0] = 0;
	if (isatty(STDIN_FILENO)) {
		enum tty_status rc = tty_read(prompt, out);
		if (rc == TTY_TOO_LONG)
			return cli_usage_error(c, "password longer than %d bytes", PWPOL_INPUT_MAX);
		if (rc != TTY_OK)
			return cli_usage_error(c, "cannot read a password from the terminal");
		if (confirm) {
			struct secret again;
			rc = tty_read("Retype new password: ", &again);
			int same = rc == TTY_OK && again.len == out->len &&
			           memcmp(again.s, out->s, out->len) == 0;
			pwpol_wipe(&again, sizeof again);
			if (!same) {
				pwpol_wipe(out, sizeof *out);
				return cli_usage_error(c, "the passwords do not match");
			}
		}
		return 0;
	}
	if (!stdin_reader && !(stdin_reader = reader_new(STDIN_FILENO)))
		return cli_fail(c, EXIT_SYSTEM, "out of memory");
	char *line;
	size_t len;
	enum line_status ls = reader_line(stdin_reader, &line, &len);
	if (ls == LINE_EOF || ls == LINE_ERROR)
		return cli_usage_error(c, "expected a password on standard input (%s)", prompt);
	if (ls == LINE_TOO_LONG || len > PWPOL_INPUT_MAX)
		return cli_usage_error(c, "password longer than %d bytes", PWPOL_INPUT_MAX);
	memcpy(out->s, line, len);
	pwpol_wipe(line, len);
	out->s[len] = 0;
	out->len = len;
	return 0;
}

/* A database password in a URI on the command line is refused, not
 * scrubbed from argv: every user reads /proc/PID/cmdline from the exec
 * until a scrub, and the shell's history keeps it for good. The passfile
 * or a service file holds it instead. 1 (with the sentence) if refused. */
int cli_uri_password(struct cli *c, const char *what, const char *uri)
{
	if (!pwpol_store_uri_has_password(uri))
		return 0;
	cli_usage_error(c,
	                "%s: refused: the URI holds a database password, which every user "
	                "could read in ps(1); name a passfile (passfile=FILE, or ~/.pgpass) or "
	                "a service (service=NAME) instead, see pwpol(1)",
	                what);
	return 1;
}
