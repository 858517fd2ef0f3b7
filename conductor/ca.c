/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ca.c - the fleet's state, kept in the store (fleet_state, layout 10) so
 * that every conductor over it serves the same fleet: the fleet CA that
 * signs every node's certificate and each conductor's own (its key sealed
 * with the fleet key, a file only the conductors hold), the one-time
 * enrollment tokens (kept as hashes, with their expiry), and the nodes
 * with their serials, which a node's certificate is checked against at
 * each request. A conductor's state directory keeps only what is its own:
 * the fleet key (the same file on every conductor) and its TLS identity.
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

/* ---- the fleet key: what seals the CA's key in the store ----------------- */

#define FLEET_KEY_LEN 32
#define NONCE_LEN     12
#define TAG_LEN       16

static int unhex(const char *in, size_t n, unsigned char *out)
{
	for (size_t i = 0; i < n; i++) {
		unsigned v;
		if (sscanf(in + 2 * i, "%2x", &v) != 1 || !strchr("0123456789abcdef", in[2 * i]) ||
		    !strchr("0123456789abcdef", in[2 * i + 1]))
			return -1;
		out[i] = (unsigned char)v;
	}
	return 0;
}

/* dir/fleet.key (64 hex digits), made when missing and make is set: 0, 1
 * when there is none (make 0), -1 when it cannot be read or made. */
static int fleet_key(const char *dir, int make, unsigned char key[FLEET_KEY_LEN])
{
	char p[4096];
	path_of(p, sizeof p, dir, "fleet.key");
	size_t n = 0;
	char *text = fleet_read_file(p, &n);
	if (!text && errno == ENOENT && make) {
		char h[2 * FLEET_KEY_LEN + 2];
		if (gnutls_rnd(GNUTLS_RND_KEY, key, FLEET_KEY_LEN) < 0)
			return -1;
		hex(key, FLEET_KEY_LEN, h);
		strcat(h, "\n");
		int rc = write_file(p, h, strlen(h));
		explicit_bzero(h, sizeof h);
		return rc;
	}
	if (!text)
		return errno == ENOENT ? 1 : -1;
	int rc = n >= 2 * FLEET_KEY_LEN && unhex(text, FLEET_KEY_LEN, key) == 0 ? 0 : -1;
	explicit_bzero(text, n);
	free(text);
	return rc;
}

/* AES-256-GCM of data under the fleet key, bound to the CA certificate
 * (its PEM as the associated data): hex of nonce, sealed text and tag. */
static char *seal(const unsigned char key[FLEET_KEY_LEN], const void *data, size_t n,
                  const char *ca_pem)
{
	gnutls_datum_t k = {(unsigned char *)(uintptr_t)key, FLEET_KEY_LEN};
	gnutls_aead_cipher_hd_t h;
	if (gnutls_aead_cipher_init(&h, GNUTLS_CIPHER_AES_256_GCM, &k) < 0)
		return NULL;
	size_t outn = NONCE_LEN + n + TAG_LEN, ctn = n + TAG_LEN;
	unsigned char *out = malloc(outn);
	char *text = malloc(2 * outn + 1);
	int ok = out && text && gnutls_rnd(GNUTLS_RND_NONCE, out, NONCE_LEN) >= 0 &&
	         gnutls_aead_cipher_encrypt(h, out, NONCE_LEN, ca_pem, strlen(ca_pem), TAG_LEN,
	                                    data, n, out + NONCE_LEN, &ctn) >= 0;
	gnutls_aead_cipher_deinit(h);
	if (ok)
		hex(out, NONCE_LEN + ctn, text);
	free(out);
	if (!ok) {
		free(text);
		return NULL;
	}
	return text;
}

/* The data seal() sealed (malloc'd, *n its length), or NULL: another
 * fleet key, or a sealed text or certificate changed. */
static unsigned char *unseal(const unsigned char key[FLEET_KEY_LEN], const char *text,
                             const char *ca_pem, size_t *n)
{
	size_t len = strlen(text) / 2;
	if (len < NONCE_LEN + TAG_LEN || strlen(text) % 2)
		return NULL;
	unsigned char *in = malloc(len), *out = malloc(len);
	gnutls_datum_t k = {(unsigned char *)(uintptr_t)key, FLEET_KEY_LEN};
	gnutls_aead_cipher_hd_t h = NULL;
	size_t outn = len;
	int ok = in && out && unhex(text, len, in) == 0 &&
	         gnutls_aead_cipher_init(&h, GNUTLS_CIPHER_AES_256_GCM, &k) >= 0 &&
	         gnutls_aead_cipher_decrypt(h, in, NONCE_LEN, ca_pem, strlen(ca_pem), TAG_LEN,
	                                    in + NONCE_LEN, len - NONCE_LEN, out, &outn) >= 0;
	if (h)
		gnutls_aead_cipher_deinit(h);
	free(in);
	if (!ok) {
		if (out)
			explicit_bzero(out, len);
		free(out);
		return NULL;
	}
	*n = outn;
	return out;
}

/* ---- the CA, in the store -------------------------------------------------- */

/* The row "ca": the sealed key, a newline, the certificate (PEM). */
static int ca_row(pwpol_store *s, char **sealed, char **pem)
{
	char *v = NULL;
	if (pwpol_fleet_state_get(s, "ca", 0, &v) != PWPOL_OK)
		return -1;
	char *nl = strchr(v, '\n');
	if (!nl) {
		free(v);
		return -1;
	}
	*nl = 0;
	*pem = strdup(nl + 1);
	*sealed = v;
	if (!*pem) {
		free(v);
		return -1;
	}
	return 0;
}

static int crt_of_pem(const char *pem, gnutls_x509_crt_t *crt)
{
	gnutls_datum_t d = {(unsigned char *)(uintptr_t)pem, (unsigned)strlen(pem)};
	if (gnutls_x509_crt_init(crt) < 0)
		return -1;
	if (gnutls_x509_crt_import(*crt, &d, GNUTLS_X509_FMT_PEM) < 0) {
		gnutls_x509_crt_deinit(*crt);
		return -1;
	}
	return 0;
}

char *fleet_ca_pem(pwpol_store *s)
{
	char *sealed = NULL, *pem = NULL;
	if (ca_row(s, &sealed, &pem) != 0)
		return NULL;
	free(sealed);
	return pem;
}

/* A new CA: its row written unless another conductor's came first (then
 * that one stands). */
static int make_ca(pwpol_store *s, const unsigned char key[FLEET_KEY_LEN], time_t now)
{
	gnutls_x509_privkey_t k;
	gnutls_x509_crt_t crt;
	if (new_key(&k) != 0)
		return -1;
	int rc = -1;
	char *pem = NULL;
	gnutls_datum_t kd = {0};
	if (gnutls_x509_crt_init(&crt) >= 0) {
		if (crt_common(crt, "pwpol fleet CA", now, 3650, NULL) == 0 &&
		    gnutls_x509_crt_set_key(crt, k) >= 0 &&
		    gnutls_x509_crt_set_basic_constraints(crt, 1, 0) >= 0 &&
		    gnutls_x509_crt_set_key_usage(crt, GNUTLS_KEY_KEY_CERT_SIGN) >= 0 &&
		    gnutls_x509_crt_sign2(crt, crt, k, GNUTLS_DIG_SHA256, 0) >= 0 &&
		    export_crt(crt, NULL, &pem) == 0 &&
		    gnutls_x509_privkey_export2(k, GNUTLS_X509_FMT_PEM, &kd) >= 0) {
			char *sealed = seal(key, kd.data, kd.size, pem);
			size_t n = sealed ? strlen(sealed) + strlen(pem) + 2 : 0;
			char *row = sealed ? malloc(n) : NULL;
			if (row) {
				snprintf(row, n, "%s\n%s", sealed, pem);
				enum pwpol_status st = pwpol_fleet_state_put(s, "ca", row, 0, 0);
				rc = st == PWPOL_OK || st == PWPOL_EEXIST ? 0 : -1;
			}
			free(row);
			free(sealed);
		}
		gnutls_x509_crt_deinit(crt);
	}
	if (kd.data) {
		gnutls_memset(kd.data, 0, kd.size);
		gnutls_free(kd.data);
	}
	free(pem);
	gnutls_x509_privkey_deinit(k);
	return rc;
}

/* The CA and its key, unsealed with this conductor's fleet key. */
static int ca_load(pwpol_store *s, const char *dir, gnutls_x509_crt_t *ca,
                   gnutls_x509_privkey_t *cakey, char *err, size_t errlen)
{
	char *sealed = NULL, *pem = NULL;
	unsigned char key[FLEET_KEY_LEN];
	if (ca_row(s, &sealed, &pem) != 0)
		return fail(err, errlen, "the store holds no fleet CA: %s",
		            pwpol_store_error(s)[0] ? pwpol_store_error(s) : "start the conductor");
	int kr = fleet_key(dir, 0, key);
	size_t n = 0;
	unsigned char *kp = kr == 0 ? unseal(key, sealed, pem, &n) : NULL;
	explicit_bzero(key, sizeof key);
	free(sealed);
	int rc = -1;
	if (kr != 0)
		fail(err, errlen,
		     "%s/fleet.key: %s: copy the fleet key of the conductor that made the fleet "
		     "CA here (mode 0600)",
		     dir, kr > 0 ? "missing" : "unreadable");
	else if (!kp)
		fail(err, errlen,
		     "%s/fleet.key does not open the fleet CA's key in the store: it is another "
		     "fleet's; copy the fleet key of the conductor that made this one",
		     dir);
	else if (crt_of_pem(pem, ca) != 0)
		fail(err, errlen, "the fleet CA in the store is not a certificate");
	else if (gnutls_x509_privkey_init(cakey) < 0 ||
	         gnutls_x509_privkey_import(*cakey, &(gnutls_datum_t){kp, (unsigned)n},
	                                    GNUTLS_X509_FMT_PEM) < 0) {
		gnutls_x509_crt_deinit(*ca);
		fail(err, errlen, "the fleet CA's key does not read");
	} else {
		rc = 0;
	}
	if (kp) {
		explicit_bzero(kp, n);
		free(kp);
	}
	free(pem);
	return rc;
}

/* Signs crt (its key and subject set) as the CA, for a TLS server or client. */
static int ca_sign(pwpol_store *s, const char *dir, gnutls_x509_crt_t crt, const char *purpose,
                   char *err, size_t errlen)
{
	gnutls_x509_crt_t ca;
	gnutls_x509_privkey_t cakey;
	if (ca_load(s, dir, &ca, &cakey, err, errlen) != 0)
		return -1;
	int rc = gnutls_x509_crt_set_basic_constraints(crt, 0, -1) >= 0 &&
	                 gnutls_x509_crt_set_key_usage(crt, GNUTLS_KEY_DIGITAL_SIGNATURE) >= 0 &&
	                 gnutls_x509_crt_set_key_purpose_oid(crt, purpose, 1) >= 0 &&
	                 gnutls_x509_crt_sign2(crt, ca, cakey, GNUTLS_DIG_SHA256, 0) >= 0
	             ? 0
	             : fail(err, errlen, "cannot sign with the fleet CA");
	gnutls_x509_crt_deinit(ca);
	gnutls_x509_privkey_deinit(cakey);
	return rc;
}

/* 1 if dir/conductor.pem is one the CA of ca_pem signed. */
static int conductor_cert_ok(const char *dir, const char *ca_pem)
{
	char p[4096];
	path_of(p, sizeof p, dir, "conductor.pem");
	gnutls_x509_crt_t crt, ca;
	if (load_crt(p, &crt) != 0)
		return 0;
	unsigned status = 1;
	int ok = 0;
	if (crt_of_pem(ca_pem, &ca) == 0) {
		ok = gnutls_x509_crt_verify(crt, &ca, 1, 0, &status) >= 0 && status == 0;
		gnutls_x509_crt_deinit(ca);
	}
	gnutls_x509_crt_deinit(crt);
	return ok;
}

/* This conductor's own TLS identity, a server certificate of the fleet CA. */
static int make_conductor_cert(pwpol_store *s, const char *dir, time_t now, char *err,
                               size_t errlen)
{
	char kp[4096], cp[4096], host[256] = "conductor";
	path_of(kp, sizeof kp, dir, "conductor.key");
	path_of(cp, sizeof cp, dir, "conductor.pem");
	gethostname(host, sizeof host - 1);
	gnutls_x509_privkey_t key;
	gnutls_x509_crt_t crt;
	if (new_key(&key) != 0)
		return fail(err, errlen, "cannot make the conductor's key");
	int rc = -1;
	if (gnutls_x509_crt_init(&crt) >= 0) {
		if (crt_common(crt, host, now, FLEET_CERT_DAYS, NULL) == 0 &&
		    gnutls_x509_crt_set_key(crt, key) >= 0 &&
		    ca_sign(s, dir, crt, GNUTLS_KP_TLS_WWW_SERVER, err, errlen) == 0)
			rc = export_key(key, kp) == 0 && export_crt(crt, cp, NULL) == 0
			         ? 0
			         : fail(err, errlen, "%s: cannot write the conductor's certificate",
			                dir);
		gnutls_x509_crt_deinit(crt);
	}
	gnutls_x509_privkey_deinit(key);
	return rc;
}

/* A state directory of the pwpol before the fleet's state was shared
 * (ca.pem, ca.key, nodes): its CA and nodes brought into the store, so
 * that the nodes it enrolled go on being served. */
static int import_old(pwpol_store *s, const char *dir, const unsigned char key[FLEET_KEY_LEN])
{
	char p[4096];
	path_of(p, sizeof p, dir, "ca.pem");
	char *pem = fleet_read_file(p, NULL);
	path_of(p, sizeof p, dir, "ca.key");
	size_t kn = 0;
	char *kt = pem ? fleet_read_file(p, &kn) : NULL;
	if (!pem || !kt) {
		free(pem);
		free(kt);
		return 1;
	}
	char *sealed = seal(key, kt, kn, pem);
	explicit_bzero(kt, kn);
	free(kt);
	size_t n = sealed ? strlen(sealed) + strlen(pem) + 2 : 0;
	char *row = sealed ? malloc(n) : NULL;
	int rc = -1;
	if (row) {
		snprintf(row, n, "%s\n%s", sealed, pem);
		enum pwpol_status st = pwpol_fleet_state_put(s, "ca", row, 0, 0);
		rc = st == PWPOL_OK ? 0 : st == PWPOL_EEXIST ? 1 : -1;
	}
	free(row);
	free(sealed);
	free(pem);
	path_of(p, sizeof p, dir, "nodes");
	char *text = rc == 0 ? fleet_read_file(p, NULL) : NULL;
	for (char *save = NULL, *line = text ? strtok_r(text, "\n", &save) : NULL; line;
	     line = strtok_r(NULL, "\n", &save)) {
		char nm[FLEET_NODE_NAME_MAX], se[40], state[16], k[160], v[64];
		long long when;
		if (sscanf(line, "%63s %39s %lld %15s", nm, se, &when, state) != 4)
			continue;
		snprintf(k, sizeof k, "node:%s:%s", nm, se);
		snprintf(v, sizeof v, "%s %lld", state, when);
		pwpol_fleet_state_put(s, k, v, 0, 1);
	}
	free(text);
	return rc;
}

int fleet_init(pwpol_store *s, const char *dir, int conductor, char *err, size_t errlen)
{
	char *pem = fleet_ca_pem(s);
	if (pem && !conductor) {
		free(pem);
		return 0;
	}
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
	if (lk < 0) {
		free(pem);
		return fail(err, errlen, "%s: cannot lock the state directory", dir);
	}
	int rc = 0;
	time_t now = time(NULL);
	if (!pem) {
		/* The first conductor of a fleet makes its CA and the fleet key. */
		unsigned char key[FLEET_KEY_LEN];
		if (fleet_key(dir, 1, key) != 0)
			rc = fail(err, errlen, "%s/fleet.key: cannot read or make it", dir);
		else if (import_old(s, dir, key) < 0 || make_ca(s, key, now) != 0)
			rc = fail(err, errlen, "cannot keep the fleet CA in the store: %s",
			          pwpol_store_error(s));
		explicit_bzero(key, sizeof key);
		if (rc == 0 && !(pem = fleet_ca_pem(s)))
			rc = fail(err, errlen, "cannot read the fleet CA from the store: %s",
			          pwpol_store_error(s));
	}
	if (rc == 0 && conductor && !conductor_cert_ok(dir, pem))
		rc = make_conductor_cert(s, dir, now, err, errlen);
	free(pem);
	unlock_dir(lk);
	return rc;
}

int fleet_ca_fingerprint(pwpol_store *s, char *out, size_t outlen, char *err, size_t errlen)
{
	char *pem = fleet_ca_pem(s);
	gnutls_x509_crt_t ca;
	if (!pem || crt_of_pem(pem, &ca) != 0) {
		free(pem);
		return fail(err, errlen, "cannot read the fleet CA from the store");
	}
	free(pem);
	unsigned char fp[32];
	size_t n = sizeof fp;
	int rc = gnutls_x509_crt_get_fingerprint(ca, GNUTLS_DIG_SHA256, fp, &n);
	gnutls_x509_crt_deinit(ca);
	if (rc < 0 || n != 32 || outlen < 65)
		return fail(err, errlen, "cannot compute the CA's fingerprint");
	hex(fp, 32, out);
	return 0;
}

static void token_key(const char *token, char out[80])
{
	unsigned char h[32];
	char hx[65];
	gnutls_hash_fast(GNUTLS_DIG_SHA256, token, strlen(token), h);
	hex(h, 32, hx);
	snprintf(out, 80, "token:%s", hx);
}

int fleet_token_new(pwpol_store *s, unsigned minutes, time_t now, char *out, size_t outlen,
                    char *err, size_t errlen)
{
	unsigned char r[20];
	if (outlen < 41 || gnutls_rnd(GNUTLS_RND_KEY, r, sizeof r) < 0)
		return fail(err, errlen, "cannot make a token");
	hex(r, sizeof r, out);
	explicit_bzero(r, sizeof r);
	char k[80];
	token_key(out, k);
	if (pwpol_fleet_state_put(s, k, "enrollment token", now + (time_t)minutes * 60, 0) !=
	    PWPOL_OK) {
		explicit_bzero(out, outlen);
		return fail(err, errlen, "cannot keep the token in the store: %s",
		            pwpol_store_error(s));
	}
	return 0;
}

int fleet_token_take(pwpol_store *s, const char *token, time_t now)
{
	char k[80];
	token_key(token, k);
	return pwpol_fleet_state_take(s, k, now) == PWPOL_OK ? 0 : -1;
}

int fleet_name_ok(const char *name)
{
	size_t n = strlen(name);
	return n > 0 && n < FLEET_NODE_NAME_MAX && name[0] != '-' && name[0] != '.' &&
	       strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_") ==
	           n;
}

int fleet_sign_node(pwpol_store *s, const char *dir, const char *name, const char *csr_pem,
                    time_t now, char **cert_pem, char *err, size_t errlen)
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
			    ca_sign(s, dir, crt, GNUTLS_KP_TLS_WWW_CLIENT, err, errlen) == 0 &&
			    export_crt(crt, NULL, cert_pem) == 0)
				rc = 0;
			gnutls_x509_crt_deinit(crt);
		}
		gnutls_pubkey_deinit(pub);
	}
	gnutls_x509_crq_deinit(crq);
	if (rc != 0)
		return err[0] ? -1
		              : fail(err, errlen, "cannot sign the node's certificate request");
	/* Recorded as active before it is handed out. */
	char k[160], v[64];
	snprintf(k, sizeof k, "node:%s:%s", name, serial);
	snprintf(v, sizeof v, "active %lld", (long long)now);
	if (pwpol_fleet_state_put(s, k, v, 0, 1) != PWPOL_OK) {
		free(*cert_pem);
		*cert_pem = NULL;
		return fail(err, errlen, "cannot record the node in the store: %s",
		            pwpol_store_error(s));
	}
	return 0;
}

int fleet_node_active(pwpol_store *s, const char *name, const char *serial_hex)
{
	char k[160], *v = NULL;
	snprintf(k, sizeof k, "node:%s:%s", name, serial_hex);
	enum pwpol_status st = pwpol_fleet_state_get(s, k, 0, &v);
	int ok = st == PWPOL_OK ? !strncmp(v, "active ", 7) : st == PWPOL_ENOENT ? 0 : -1;
	free(v);
	return ok;
}

struct node_ctx {
	FILE *out;
	char keys[16][160];
	long long when[16];
	int n;
};

/* The keys of one node, gathered before any is written (no write while
 * the store is read). */
static int revoke_one(const char *key, const char *value, time_t expires, void *ctx)
{
	(void)expires;
	struct node_ctx *r = ctx;
	if (r->n == (int)(sizeof r->keys / sizeof r->keys[0]))
		return 1;
	r->when[r->n] = 0;
	sscanf(value, "%*s %lld", &r->when[r->n]);
	snprintf(r->keys[r->n++], sizeof r->keys[0], "%s", key);
	return 0;
}

int fleet_node_revoke(pwpol_store *s, const char *name, char *err, size_t errlen)
{
	char prefix[FLEET_NODE_NAME_MAX + 8];
	if (!fleet_name_ok(name))
		return 1;
	snprintf(prefix, sizeof prefix, "node:%s:", name);
	/* A node enrolled again has several serials: each pass revokes up to
	 * 16, until none is left active. */
	int found = 0;
	for (;;) {
		struct node_ctx r = {0};
		if (pwpol_fleet_state_each(s, prefix, revoke_one, &r) != PWPOL_OK)
			return fail(err, errlen, "cannot read the nodes: %s", pwpol_store_error(s));
		found |= r.n > 0;
		int changed = 0;
		for (int i = 0; i < r.n; i++) {
			char v[64], *old = NULL;
			if (pwpol_fleet_state_get(s, r.keys[i], 0, &old) == PWPOL_OK &&
			    !strncmp(old, "active ", 7)) {
				snprintf(v, sizeof v, "revoked %lld", r.when[i]);
				if (pwpol_fleet_state_put(s, r.keys[i], v, 0, 1) != PWPOL_OK) {
					free(old);
					return fail(err, errlen, "cannot revoke the node: %s",
					            pwpol_store_error(s));
				}
				changed = 1;
			}
			free(old);
		}
		if (!changed || r.n < 16)
			break;
	}
	return found ? 0 : 1;
}

static int list_one(const char *key, const char *value, time_t expires, void *ctx)
{
	(void)expires;
	struct node_ctx *l = ctx;
	char nm[FLEET_NODE_NAME_MAX], se[40], state[16], when_s[32] = "?";
	long long when;
	if (sscanf(key, "node:%63[^:]:%39s", nm, se) != 2 ||
	    sscanf(value, "%15s %lld", state, &when) != 2)
		return 0;
	time_t t = (time_t)when;
	struct tm tm;
	if (gmtime_r(&t, &tm))
		strftime(when_s, sizeof when_s, "%Y-%m-%dT%H:%M:%SZ", &tm);
	fprintf(l->out, "%-20s %-8s %s %s\n", nm, state, when_s, se);
	return 0;
}

int fleet_node_list(pwpol_store *s, FILE *out, char *err, size_t errlen)
{
	struct node_ctx l = {.out = out};
	if (pwpol_fleet_state_each(s, "node:", list_one, &l) != PWPOL_OK)
		return fail(err, errlen, "cannot read the nodes: %s", pwpol_store_error(s));
	return 0;
}
