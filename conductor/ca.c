/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ca.c - the conductor's state directory: the fleet CA that signs every
 * node's certificate and the conductor's own, the one-time enrollment
 * tokens (kept as hashes), and the list of nodes with their serials,
 * which is what a node's certificate is checked against at each request.
 * Every read-modify-write holds the directory's lock file.
 */
#include "fleet.h"

#include <errno.h>
#include <fcntl.h>
#include <gnutls/abstract.h>
#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

static int fail(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int fail(char *err, size_t errlen, const char *fmt, ...)
{
	if (err && errlen) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return -1;
}

char *fleet_read_file(const char *path, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return NULL;
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > (1 << 20)) {
		close(fd);
		return NULL;
	}
	char *buf = malloc((size_t)st.st_size + 1);
	size_t got = 0;
	while (buf && got < (size_t)st.st_size) {
		ssize_t r = read(fd, buf + got, (size_t)st.st_size - got);
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	close(fd);
	if (!buf)
		return NULL;
	buf[got] = 0;
	if (len)
		*len = got;
	return buf;
}

/* Writes path atomically (a temporary file renamed over it), mode 0600. */
static int write_file(const char *path, const void *data, size_t len)
{
	char tmp[4096];
	snprintf(tmp, sizeof tmp, "%s.new", path);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0)
		return -1;
	const char *p = data;
	size_t left = len;
	while (left) {
		ssize_t w = write(fd, p, left);
		if (w <= 0) {
			close(fd);
			unlink(tmp);
			return -1;
		}
		p += w;
		left -= (size_t)w;
	}
	if (fsync(fd) != 0 || close(fd) != 0 || rename(tmp, path) != 0) {
		unlink(tmp);
		return -1;
	}
	return 0;
}

static void path_of(char *out, size_t n, const char *dir, const char *name)
{
	snprintf(out, n, "%s/%s", dir, name);
}

static int lock_dir(const char *dir)
{
	char p[4096];
	path_of(p, sizeof p, dir, "lock");
	int fd = open(p, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd >= 0 && flock(fd, LOCK_EX) != 0) {
		close(fd);
		fd = -1;
	}
	return fd;
}

static void unlock_dir(int fd)
{
	if (fd >= 0)
		close(fd);
}

static void hex(const unsigned char *b, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", b[i]);
	out[2 * n] = 0;
}

static int export_key(gnutls_x509_privkey_t key, const char *path)
{
	gnutls_datum_t d = {0};
	if (gnutls_x509_privkey_export2(key, GNUTLS_X509_FMT_PEM, &d) < 0)
		return -1;
	int rc = write_file(path, d.data, d.size);
	gnutls_memset(d.data, 0, d.size);
	gnutls_free(d.data);
	return rc;
}

static int export_crt(gnutls_x509_crt_t crt, const char *path, char **pem)
{
	gnutls_datum_t d = {0};
	if (gnutls_x509_crt_export2(crt, GNUTLS_X509_FMT_PEM, &d) < 0)
		return -1;
	int rc = path ? write_file(path, d.data, d.size) : 0;
	if (pem && rc == 0) {
		*pem = strndup((const char *)d.data, d.size);
		rc = *pem ? 0 : -1;
	}
	gnutls_free(d.data);
	return rc;
}

static int load_crt(const char *path, gnutls_x509_crt_t *crt)
{
	size_t n;
	char *pem = fleet_read_file(path, &n);
	if (!pem)
		return -1;
	gnutls_datum_t d = {(unsigned char *)pem, (unsigned)n};
	int rc = gnutls_x509_crt_init(crt) < 0 ? -1 : 0;
	if (rc == 0 && gnutls_x509_crt_import(*crt, &d, GNUTLS_X509_FMT_PEM) < 0) {
		gnutls_x509_crt_deinit(*crt);
		rc = -1;
	}
	free(pem);
	return rc;
}

static int load_key(const char *path, gnutls_x509_privkey_t *key)
{
	size_t n;
	char *pem = fleet_read_file(path, &n);
	if (!pem)
		return -1;
	gnutls_datum_t d = {(unsigned char *)pem, (unsigned)n};
	int rc = gnutls_x509_privkey_init(key) < 0 ? -1 : 0;
	if (rc == 0 && gnutls_x509_privkey_import(*key, &d, GNUTLS_X509_FMT_PEM) < 0) {
		gnutls_x509_privkey_deinit(*key);
		rc = -1;
	}
	explicit_bzero(pem, n);
	free(pem);
	return rc;
}

static int new_key(gnutls_x509_privkey_t *key)
{
	if (gnutls_x509_privkey_init(key) < 0)
		return -1;
	if (gnutls_x509_privkey_generate(*key, GNUTLS_PK_ECDSA,
	                                 GNUTLS_CURVE_TO_BITS(GNUTLS_ECC_CURVE_SECP256R1), 0) < 0) {
		gnutls_x509_privkey_deinit(*key);
		return -1;
	}
	return 0;
}

/* The parts every certificate here shares: a random serial (its hex into
 * serial_hex), a validity from now, the subject. */
static int crt_common(gnutls_x509_crt_t crt, const char *cn, time_t now, unsigned days,
                      char *serial_hex)
{
	unsigned char serial[16];
	if (gnutls_rnd(GNUTLS_RND_NONCE, serial, sizeof serial) < 0)
		return -1;
	serial[0] &= 0x7f; /* a positive INTEGER */
	if (serial_hex)
		hex(serial, sizeof serial, serial_hex);
	const char *err = NULL;
	char dn[160];
	snprintf(dn, sizeof dn, "CN=%s", cn);
	if (gnutls_x509_crt_set_version(crt, 3) < 0 ||
	    gnutls_x509_crt_set_serial(crt, serial, sizeof serial) < 0 ||
	    gnutls_x509_crt_set_activation_time(crt, now - 300) < 0 ||
	    gnutls_x509_crt_set_expiration_time(crt, now + (time_t)days * 86400) < 0 ||
	    gnutls_x509_crt_set_dn(crt, dn, &err) < 0)
		return -1;
	return 0;
}

static int make_ca(const char *dir, time_t now)
{
	char kp[4096], cp[4096];
	path_of(kp, sizeof kp, dir, "ca.key");
	path_of(cp, sizeof cp, dir, "ca.pem");
	gnutls_x509_privkey_t key;
	gnutls_x509_crt_t crt;
	if (new_key(&key) != 0)
		return -1;
	int rc = -1;
	if (gnutls_x509_crt_init(&crt) >= 0) {
		if (crt_common(crt, "pwpol fleet CA", now, 3650, NULL) == 0 &&
		    gnutls_x509_crt_set_key(crt, key) >= 0 &&
		    gnutls_x509_crt_set_basic_constraints(crt, 1, 0) >= 0 &&
		    gnutls_x509_crt_set_key_usage(crt, GNUTLS_KEY_KEY_CERT_SIGN) >= 0 &&
		    gnutls_x509_crt_sign2(crt, crt, key, GNUTLS_DIG_SHA256, 0) >= 0 &&
		    export_key(key, kp) == 0 && export_crt(crt, cp, NULL) == 0)
			rc = 0;
		gnutls_x509_crt_deinit(crt);
	}
	gnutls_x509_privkey_deinit(key);
	return rc;
}

/* Signs crt (its key and subject set) as the CA, for a TLS server or client. */
static int ca_sign(const char *dir, gnutls_x509_crt_t crt, const char *purpose)
{
	char kp[4096], cp[4096];
	path_of(kp, sizeof kp, dir, "ca.key");
	path_of(cp, sizeof cp, dir, "ca.pem");
	gnutls_x509_crt_t ca;
	gnutls_x509_privkey_t cakey;
	if (load_crt(cp, &ca) != 0)
		return -1;
	if (load_key(kp, &cakey) != 0) {
		gnutls_x509_crt_deinit(ca);
		return -1;
	}
	int rc = gnutls_x509_crt_set_basic_constraints(crt, 0, -1) >= 0 &&
	                 gnutls_x509_crt_set_key_usage(crt, GNUTLS_KEY_DIGITAL_SIGNATURE) >= 0 &&
	                 gnutls_x509_crt_set_key_purpose_oid(crt, purpose, 1) >= 0 &&
	                 gnutls_x509_crt_sign2(crt, ca, cakey, GNUTLS_DIG_SHA256, 0) >= 0
	             ? 0
	             : -1;
	gnutls_x509_crt_deinit(ca);
	gnutls_x509_privkey_deinit(cakey);
	return rc;
}

static int make_conductor_cert(const char *dir, time_t now)
{
	char kp[4096], cp[4096], host[256] = "conductor";
	path_of(kp, sizeof kp, dir, "conductor.key");
	path_of(cp, sizeof cp, dir, "conductor.pem");
	gethostname(host, sizeof host - 1);
	gnutls_x509_privkey_t key;
	gnutls_x509_crt_t crt;
	if (new_key(&key) != 0)
		return -1;
	int rc = -1;
	if (gnutls_x509_crt_init(&crt) >= 0) {
		if (crt_common(crt, host, now, FLEET_CERT_DAYS, NULL) == 0 &&
		    gnutls_x509_crt_set_key(crt, key) >= 0 &&
		    ca_sign(dir, crt, GNUTLS_KP_TLS_WWW_SERVER) == 0 && export_key(key, kp) == 0 &&
		    export_crt(crt, cp, NULL) == 0)
			rc = 0;
		gnutls_x509_crt_deinit(crt);
	}
	gnutls_x509_privkey_deinit(key);
	return rc;
}

int fleet_state_init(const char *dir, char *err, size_t errlen)
{
	if (mkdir(dir, 0700) != 0 && errno != EEXIST)
		return fail(err, errlen, "%s: cannot make the state directory: %s", dir,
		            strerror(errno));
	struct stat st;
	if (lstat(dir, &st) != 0 || !S_ISDIR(st.st_mode) || st.st_uid != geteuid() ||
	    (st.st_mode & 077))
		return fail(err, errlen,
		            "%s: the state directory must be a directory of this user, mode 0700",
		            dir);
	int lk = lock_dir(dir);
	if (lk < 0)
		return fail(err, errlen, "%s: cannot lock the state directory", dir);
	char p[4096];
	int rc = 0;
	time_t now = time(NULL);
	path_of(p, sizeof p, dir, "ca.pem");
	if (access(p, F_OK) != 0 && make_ca(dir, now) != 0)
		rc = fail(err, errlen, "%s: cannot make the fleet CA", dir);
	path_of(p, sizeof p, dir, "conductor.pem");
	if (rc == 0 && access(p, F_OK) != 0 && make_conductor_cert(dir, now) != 0)
		rc = fail(err, errlen, "%s: cannot make the conductor's certificate", dir);
	unlock_dir(lk);
	return rc;
}

int fleet_ca_fingerprint(const char *dir, char *out, size_t outlen, char *err, size_t errlen)
{
	char p[4096];
	path_of(p, sizeof p, dir, "ca.pem");
	gnutls_x509_crt_t ca;
	if (load_crt(p, &ca) != 0)
		return fail(err, errlen, "%s: cannot read the fleet CA", p);
	unsigned char fp[32];
	size_t n = sizeof fp;
	int rc = gnutls_x509_crt_get_fingerprint(ca, GNUTLS_DIG_SHA256, fp, &n);
	gnutls_x509_crt_deinit(ca);
	if (rc < 0 || n != 32 || outlen < 65)
		return fail(err, errlen, "cannot compute the CA's fingerprint");
	hex(fp, 32, out);
	return 0;
}

static void token_hash(const char *token, char out[65])
{
	unsigned char h[32];
	gnutls_hash_fast(GNUTLS_DIG_SHA256, token, strlen(token), h);
	hex(h, 32, out);
}

int fleet_token_new(const char *dir, unsigned minutes, time_t now, char *out, size_t outlen,
                    char *err, size_t errlen)
{
	unsigned char r[20];
	if (outlen < 41 || gnutls_rnd(GNUTLS_RND_KEY, r, sizeof r) < 0)
		return fail(err, errlen, "cannot make a token");
	hex(r, sizeof r, out);
	explicit_bzero(r, sizeof r);
	char h[65], p[4096];
	token_hash(out, h);
	int lk = lock_dir(dir);
	if (lk < 0)
		return fail(err, errlen, "%s: cannot lock the state directory", dir);
	path_of(p, sizeof p, dir, "tokens");
	size_t n = 0;
	char *old = fleet_read_file(p, &n);
	/* Expired tokens are dropped as a new one is written. */
	size_t cap = n + 128;
	char *text = calloc(1, cap);
	int rc = text ? 0 : -1;
	for (char *line = old ? strtok(old, "\n") : NULL; rc == 0 && line;
	     line = strtok(NULL, "\n")) {
		char th[65];
		long long exp;
		if (sscanf(line, "%64s %lld", th, &exp) == 2 && exp > now)
			strcat(strcat(text, line), "\n");
	}
	if (rc == 0) {
		size_t l = strlen(text);
		snprintf(text + l, cap - l, "%s %lld\n", h,
		         (long long)now + (long long)minutes * 60);
		rc = write_file(p, text, strlen(text));
	}
	free(old);
	free(text);
	unlock_dir(lk);
	return rc == 0 ? 0 : fail(err, errlen, "%s: cannot write the token", p);
}

int fleet_token_take(const char *dir, const char *token, time_t now)
{
	char h[65], p[4096];
	token_hash(token, h);
	int lk = lock_dir(dir);
	if (lk < 0)
		return -1;
	path_of(p, sizeof p, dir, "tokens");
	size_t n = 0;
	char *old = fleet_read_file(p, &n);
	char *text = calloc(1, n + 1);
	int found = 0;
	for (char *line = old && text ? strtok(old, "\n") : NULL; line; line = strtok(NULL, "\n")) {
		char th[65];
		long long exp;
		if (sscanf(line, "%64s %lld", th, &exp) != 2 || exp <= now)
			continue;
		if (strcmp(th, h) == 0) {
			found = 1;
			continue;
		}
		strcat(strcat(text, line), "\n");
	}
	int rc = found && write_file(p, text, strlen(text)) == 0 ? 0 : -1;
	free(old);
	free(text);
	unlock_dir(lk);
	return rc;
}

int fleet_name_ok(const char *name)
{
	size_t n = strlen(name);
	return n > 0 && n < FLEET_NODE_NAME_MAX && name[0] != '-' && name[0] != '.' &&
	       strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_") ==
	           n;
}

int fleet_sign_node(const char *dir, const char *name, const char *csr_pem, time_t now,
                    char **cert_pem, char *err, size_t errlen)
{
	*cert_pem = NULL;
	if (!fleet_name_ok(name))
		return fail(err, errlen, "bad node name");
	gnutls_x509_crq_t crq;
	gnutls_pubkey_t pub;
	gnutls_x509_crt_t crt;
	gnutls_datum_t d = {(unsigned char *)(uintptr_t)csr_pem, (unsigned)strlen(csr_pem)};
	if (gnutls_x509_crq_init(&crq) < 0)
		return fail(err, errlen, "out of memory");
	int rc = -1;
	char serial[40];
	if (gnutls_x509_crq_import(crq, &d, GNUTLS_X509_FMT_PEM) >= 0 &&
	    gnutls_x509_crq_verify(crq, 0) >= 0 && gnutls_pubkey_init(&pub) >= 0) {
		if (gnutls_pubkey_import_x509_crq(pub, crq, 0) >= 0 &&
		    gnutls_x509_crt_init(&crt) >= 0) {
			if (crt_common(crt, name, now, FLEET_CERT_DAYS, serial) == 0 &&
			    gnutls_x509_crt_set_pubkey(crt, pub) >= 0 &&
			    ca_sign(dir, crt, GNUTLS_KP_TLS_WWW_CLIENT) == 0 &&
			    export_crt(crt, NULL, cert_pem) == 0)
				rc = 0;
			gnutls_x509_crt_deinit(crt);
		}
		gnutls_pubkey_deinit(pub);
	}
	gnutls_x509_crq_deinit(crq);
	if (rc != 0)
		return fail(err, errlen, "cannot sign the node's certificate request");
	/* Recorded as active before it is handed out. */
	char p[4096];
	path_of(p, sizeof p, dir, "nodes");
	int lk = lock_dir(dir);
	size_t n = 0;
	char *old = fleet_read_file(p, &n);
	size_t cap = n + 256;
	char *text = malloc(cap);
	if (lk >= 0 && text) {
		snprintf(text, cap, "%s%s %s %lld active\n", old ? old : "", name, serial,
		         (long long)now);
		rc = write_file(p, text, strlen(text));
	} else {
		rc = -1;
	}
	free(old);
	free(text);
	unlock_dir(lk);
	if (rc != 0) {
		free(*cert_pem);
		*cert_pem = NULL;
		return fail(err, errlen, "%s: cannot record the node", p);
	}
	return 0;
}

int fleet_node_active(const char *dir, const char *name, const char *serial_hex)
{
	char p[4096];
	path_of(p, sizeof p, dir, "nodes");
	char *text = fleet_read_file(p, NULL);
	int ok = 0;
	for (char *save = NULL, *line = text ? strtok_r(text, "\n", &save) : NULL; line;
	     line = strtok_r(NULL, "\n", &save)) {
		char nm[FLEET_NODE_NAME_MAX], se[40], state[16];
		long long when;
		if (sscanf(line, "%63s %39s %lld %15s", nm, se, &when, state) == 4 &&
		    !strcmp(nm, name) && !strcmp(se, serial_hex))
			ok = !strcmp(state, "active");
	}
	free(text);
	return ok;
}

int fleet_node_revoke(const char *dir, const char *name, char *err, size_t errlen)
{
	char p[4096];
	path_of(p, sizeof p, dir, "nodes");
	int lk = lock_dir(dir);
	if (lk < 0)
		return fail(err, errlen, "%s: cannot lock the state directory", dir);
	size_t n = 0;
	char *old = fleet_read_file(p, &n);
	char *text = calloc(1, n + 64);
	int found = 0, rc = 0;
	for (char *line = old && text ? strtok(old, "\n") : NULL; line; line = strtok(NULL, "\n")) {
		char nm[FLEET_NODE_NAME_MAX], se[40], state[16];
		long long when;
		if (sscanf(line, "%63s %39s %lld %15s", nm, se, &when, state) == 4 &&
		    !strcmp(nm, name)) {
			found = 1;
			sprintf(text + strlen(text), "%s %s %lld revoked\n", nm, se, when);
		} else {
			strcat(strcat(text, line), "\n");
		}
	}
	if (found && write_file(p, text, strlen(text)) != 0)
		rc = fail(err, errlen, "%s: cannot write the nodes", p);
	free(old);
	free(text);
	unlock_dir(lk);
	return rc != 0 ? rc : found ? 0 : 1;
}

int fleet_node_list(const char *dir, FILE *out, char *err, size_t errlen)
{
	char p[4096];
	path_of(p, sizeof p, dir, "nodes");
	char *text = fleet_read_file(p, NULL);
	if (!text && errno != ENOENT)
		return fail(err, errlen, "%s: cannot read the nodes", p);
	for (char *line = text ? strtok(text, "\n") : NULL; line; line = strtok(NULL, "\n")) {
		char nm[FLEET_NODE_NAME_MAX], se[40], state[16], when_s[32] = "?";
		long long when;
		if (sscanf(line, "%63s %39s %lld %15s", nm, se, &when, state) != 4)
			continue;
		time_t t = (time_t)when;
		struct tm tm;
		if (gmtime_r(&t, &tm))
			strftime(when_s, sizeof when_s, "%Y-%m-%dT%H:%M:%SZ", &tm);
		fprintf(out, "%-20s %-8s %s %s\n", nm, state, when_s, se);
	}
	free(text);
	return 0;
}
