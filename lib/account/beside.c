/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * beside.c - verifying a password against a stored hash (its NFKC form
 * first, then as typed: pwpol__verify_password), here or on a thread of
 * its own while the calling thread records the attempt in the store
 * (account.h, pwpol__beside_start).
 *
 * Why: an attempt is recorded before its verdict (account-login.c), and
 * that record is a synced write, several milliseconds on a virtual disk,
 * while the hash takes about one. Run one after the other a login cost the
 * sum; side by side it costs the longer of the two. What is recorded
 * before the verdict is unchanged: the verdict is only read (joined) once
 * the record has returned, and the answer is only made from it when the
 * record stands, so no answer, and no difference in what the process does
 * next, can come out before the attempt is counted. A verdict computed
 * beside a record that failed is dropped unread, as if never computed.
 *
 * The thread runs on a stack this file maps (a guard page below it) and
 * wipes before unmapping, so nothing of the password outlives the call in
 * a stack the C library would keep for its next thread. Every signal is
 * blocked in it: the host's handlers run on the host's threads. Where no
 * thread can be made (a limit on processes, no memory), the hash runs at
 * the join, after the record, as it did before.
 */
#include "account.h"

#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
/* Under valgrind the dead thread's stack is no-access: its wipe is told to
 * memcheck first (a no-op outside valgrind; none without its header). */
#if __has_include(<valgrind/memcheck.h>)
#include <valgrind/memcheck.h>
#else
#define VALGRIND_MAKE_MEM_UNDEFINED(a, n) ((void)(a), (void)(n))
#endif

int pwpol__password_form(const char *pw, size_t len, char *out, size_t *n)
{
	return pwpol__text_nfkc(pw, len, out, PHRASE_MAX, n) == PWPOL_OK;
}

enum pwpol_status pwpol__verify_password(const char *pw, size_t len, const char *hash)
{
	char form[PHRASE_MAX];
	size_t n;
	if (!pwpol__password_form(pw, len, form, &n))
		return pwpol_verify(pw, len, hash);
	enum pwpol_status a = pwpol_verify(form, n, hash);
	pwpol_wipe(form, sizeof form);
	enum pwpol_status b = pwpol_verify(pw, len, hash);
	return a == PWPOL_OK ? a : b;
}

/* ICU's normaliser and libxcrypt's hashes use a few kB of stack; the C
 * library keeps the thread's TLS at the top of it too. */
#define BESIDE_STACK (256u * 1024u)

static void *run(void *arg)
{
	struct pwpol__beside *b = arg;
	b->verdict = pwpol__verify_password(b->pw, b->len, b->hash);
	return NULL;
}

void pwpol__beside_start(struct pwpol__beside *b, const char *pw, size_t len, const char *hash)
{
	memset(b, 0, sizeof *b);
	b->pw = pw;
	b->len = len;
	b->hash = hash;
	if (!pw || !hash)
		return;
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	b->map_len = BESIDE_STACK + page;
	b->map = mmap(NULL, b->map_len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (b->map == MAP_FAILED) {
		b->map = NULL;
		return;
	}
	pthread_attr_t at;
	sigset_t all, was;
	int made = 0;
	if (mprotect(b->map, page, PROT_NONE) == 0 && pthread_attr_init(&at) == 0) {
		if (pthread_attr_setstack(&at, (char *)b->map + page, BESIDE_STACK) == 0) {
			sigfillset(&all);
			pthread_sigmask(SIG_SETMASK, &all, &was);
			made = pthread_create(&b->thread, &at, run, b) == 0;
			pthread_sigmask(SIG_SETMASK, &was, NULL);
		}
		pthread_attr_destroy(&at);
	}
	if (!made) {
		munmap(b->map, b->map_len);
		b->map = NULL;
		return;
	}
	b->running = 1;
}

enum pwpol_status pwpol__beside_end(struct pwpol__beside *b)
{
	if (!b->pw || !b->hash)
		return PWPOL_REJECTED;
	if (!b->running)
		return pwpol__verify_password(b->pw, b->len, b->hash);
	pthread_join(b->thread, NULL);
	b->running = 0;
	/* Only the pages the thread touched hold anything: wiping the others
	 * would fault them in for nothing. */
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	unsigned char in[BESIDE_STACK / 4096 + 1];
	size_t pages = (b->map_len - page) / page;
	char *stack = (char *)b->map + page;
	int known = pages <= sizeof in && mincore(stack, pages * page, in) == 0;
	for (size_t i = 0; i < pages; i++)
		if (!known || (in[i] & 1)) {
			VALGRIND_MAKE_MEM_UNDEFINED(stack + i * page, page);
			explicit_bzero(stack + i * page, page);
		}
	munmap(b->map, b->map_len);
	b->map = NULL;
	return b->verdict;
}
