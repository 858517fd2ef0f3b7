/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * wipe_array.c - compiled, never run, by the `wipe-array` test: with
 * WIPE_POINTER defined, pwpol__wipe_array is handed a pointer, which must
 * not compile (sizeof a pointer is the classic slip); without it, an
 * array and an object, which must.
 */
#include "internal.h"

void wipe_examples(char *p);

void wipe_examples(char *p)
{
	char buf[64];
	struct {
		char s[16];
		int n;
	} obj;
	memset(buf, 1, sizeof buf);
	memset(&obj, 1, sizeof obj);
	pwpol__wipe_array(buf);
	pwpol__wipe_object(&obj);
	pwpol__wipe_string(p);
#ifdef WIPE_POINTER
	pwpol__wipe_array(p);
#endif
}
