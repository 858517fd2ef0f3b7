/* pam_pwpol.c - placeholder */
#include <security/pam_modules.h>
