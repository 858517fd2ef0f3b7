/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * face.c - the commands whose libraries a machine may not want: `pwpol
 * web` (libmicrohttpd and GnuTLS), `pwpol conductor` and `pwpol node
 * token|list|revoke` (GnuTLS), `pwpol node enroll` (GnuTLS). Each lives in
 * a module of PWPOL_FACE_DIR (face-web.so, face-conductor.so,
 * face-enroll.so), loaded when the command runs, so that the command
 * itself links neither library and a package (pwpol-web, pwpol-conductor,
 * pwpold) brings the module and its libraries only where it is used.
 *
 * A module calls back into this program for the three sentences every
 * command prints alike (cli_fail, cli_usage_error, cli_option_error: the
 * program exports them, cli/face.dyn) and names its ABI so that a module
 * of another pwpol is refused instead of called.
 */
#include "face.h"
#include "cli.h"

#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <string.h>
#include <unistd.h>

/* The build tree first when this build runs from it (tests), as the
 * library looks for its backends; then the installed directory. */
static const char *const dirs[] = {
#ifdef PWPOL_FACE_BUILD_DIR
    PWPOL_FACE_BUILD_DIR,
#endif
    PWPOL_FACE_DIR,
};

int cli_face_run(struct cli *c, const char *what, const char *module, const char *package,
                 const char *fn, int argc, char **argv)
{
	char path[PATH_MAX];
	void *h = NULL;
	for (size_t i = 0; i < sizeof dirs / sizeof dirs[0] && !h; i++) {
		snprintf(path, sizeof path, "%s/face-%s.so", dirs[i], module);
		if (access(path, F_OK) != 0)
			continue;
		h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
		if (!h)
			return cli_fail(c, EXIT_SYSTEM, "%s: %s cannot be loaded: %s", what, path,
			                dlerror());
	}
	if (!h)
		return cli_fail(c, EXIT_SYSTEM,
		                "%s: not installed on this machine (no %s/face-%s.so): install "
		                "the package %s",
		                what, PWPOL_FACE_DIR, module, package);
	const char *abi = dlsym(h, "pwpol_face_abi");
	void *f = dlsym(h, fn);
	if (!abi || strcmp(abi, PWPOL_FACE_ABI) != 0 || !f) {
		dlclose(h);
		return cli_fail(c, EXIT_SYSTEM,
		                "%s: %s is not this pwpol's (%s): install the package %s of the "
		                "same version as pwpol",
		                what, path, PWPOL_FACE_ABI, package);
	}
	int (*cmd)(struct cli *, int, char **);
	memcpy(&cmd, &f, sizeof cmd);
	/* Not closed: what the face started (threads, atexit handlers of its
	 * libraries) may outlive the call until the program exits. */
	return cmd(c, argc, argv);
}

int cmd_web(struct cli *c, int argc, char **argv)
{
	return cli_face_run(c, "web", "web", "pwpol-web", "face_web", argc, argv);
}
