/*
 * config-file.c - the policy file: opened, checked and read whole, then
 * handed to the reader (config-read.c).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_FILE (1024 * 1024) /* a policy is a few hundred bytes */

enum pwpol_status pwpol_config_load(const char *path, pwpol_policy **out,
                                    pwpol_config_errors **errs)
{
	if (out)
		*out = NULL;
	if (errs)
		*errs = NULL;
	if (!path || !out)
		return PWPOL_EINVAL;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		pwpol__errors_add(errs, "%s: cannot read: %s", path, strerror(errno));
		return PWPOL_ESYSTEM;
	}
	struct stat sb;
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) || sb.st_size > MAX_FILE) {
		pwpol__errors_add(errs, "%s: not a regular file of at most %d bytes", path,
		                  MAX_FILE);
		close(fd);
		return PWPOL_EINVAL;
	}
	/* Anyone who can write the policy can weaken every login it guards. */
	if (sb.st_mode & S_IWOTH) {
		pwpol__errors_add(errs, "%s: writable by others; refused (chmod o-w %s)", path,
		                  path);
		close(fd);
		return PWPOL_EINVAL;
	}
	char *buf = malloc((size_t)sb.st_size + 1);
	if (!buf) {
		close(fd);
		return PWPOL_ENOMEM;
	}
	size_t n = 0;
	while (n < (size_t)sb.st_size) {
		ssize_t r = read(fd, buf + n, (size_t)sb.st_size - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			pwpol__errors_add(errs, "%s: cannot read: %s", path, strerror(errno));
			pwpol_wipe(buf, n);
			free(buf);
			close(fd);
			return PWPOL_ESYSTEM;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	enum pwpol_status st = pwpol_config_parse(buf, n, path, out, errs);
	pwpol_wipe(buf, n); /* a router's file may hold account hashes */
	free(buf);
	return st;
}
