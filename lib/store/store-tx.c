/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * store-tx.c - the end of a transaction, over the backend's operations:
 * committed when the work succeeded, rolled back otherwise. In the store
 * wing, so that the account and config wings both call down to it and
 * neither borrows it from the other.
 */
#include "store.h"

enum pwpol_status pwpol__finish(pwpol_store *s, enum pwpol_status st)
{
	if (st == PWPOL_OK)
		return s->ops->commit(s);
	s->ops->rollback(s);
	return st;
}
