/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * abi.c - the structs a caller allocates, read and written through their
 * leading `size` so that they can grow without a new soname: a program
 * built against an older pwpol.h hands a smaller struct, one built against
 * a newer pwpol.h a larger one, and neither is read or written past its
 * end (pwpol.h, before the status codes; pwpol.3, "Growing structs").
 */
#include "internal.h"

#include <stddef.h>

/* A size that holds `size` and nothing else has no member to pass: the
 * initializer macro was not used (0), or the struct was garbage. */
static int size_ok(size_t size)
{
	return size > sizeof(size_t);
}

int pwpol__struct_ok(const void *p)
{
	size_t size;
	if (!p)
		return 0;
	memcpy(&size, p, sizeof size);
	return size_ok(size);
}

enum pwpol_status pwpol__struct_in(void *dst, size_t ours, const void *src)
{
	if (!src)
		return PWPOL_EINVAL;
	size_t theirs;
	memcpy(&theirs, src, sizeof theirs);
	if (!size_ok(theirs))
		return PWPOL_EINVAL;
	/* A member this library does not know, set: the caller asks for
	 * something it cannot do, and doing the rest would be a lie. */
	for (size_t i = ours; i < theirs; i++)
		if (((const unsigned char *)src)[i] != 0)
			return PWPOL_EINVAL;
	size_t n = theirs < ours ? theirs : ours;
	memset(dst, 0, ours);
	memcpy(dst, src, n);
	memcpy(dst, &ours, sizeof ours);
	return PWPOL_OK;
}

enum pwpol_status pwpol__struct_put(void *dst, size_t theirs, const void *src, size_t ours)
{
	if (!size_ok(theirs))
		return PWPOL_EINVAL;
	size_t n = theirs < ours ? theirs : ours;
	memcpy((char *)dst + sizeof n, (const char *)src + sizeof n, n - sizeof n);
	memcpy(dst, &n, sizeof n);
	return PWPOL_OK;
}

enum pwpol_status pwpol__struct_out(void *dst, const void *src, size_t ours)
{
	size_t theirs;
	memcpy(&theirs, dst, sizeof theirs);
	return pwpol__struct_put(dst, theirs, src, ours);
}
