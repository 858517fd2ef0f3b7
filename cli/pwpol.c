/* pwpol.c - placeholder */
#include "pwpol.h"
int main(void)
{
	return 0;
}
