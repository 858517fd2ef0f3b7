/* store-sqlite.c - placeholder: being written. */
#include "internal.h"
