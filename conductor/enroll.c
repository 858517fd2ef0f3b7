/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * enroll.c - `pwpol node enroll` on a node: a key pair made here (the
 * private key never leaves the node), the conductor checked against the
 * CA fingerprint the operator copied from `pwpol node token` before the
 * token is sent, and the certificate that comes back stored for pwpold.
 */
#include "fleet.h"
#include "net.h"
#include "proto.h"

#include <errno.h>
#include <fcntl.h>
#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <netdb.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

static int fail(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

static int write_secret_file(const char *path, const char *data, size_t n, mode_t mode)
{
	char tmp[4200];
	snprintf(tmp, sizeof tmp, "%s.new", path);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, mode);
	if (fd < 0)
		return -1;
	int ok = write(fd, data, n) == (ssize_t)n && fsync(fd) == 0;
	if (close(fd) != 0 || !ok || rename(tmp, path) != 0) {
		unlink(tmp);
		return -1;
	}
	return 0;
}

/* 1 if the conductor's certificate (first of its chain) is one the CA in
 * ca_pem signed for a TLS server and that CA has the fingerprint. */
static int conductor_ok(gnutls_session_t tls, const char *ca_pem, const char *fingerprint)
{
	gnutls_x509_crt_t ca, peer;
	unsigned n = 0;
	const gnutls_datum_t *chain = gnutls_certificate_get_peers(tls, &n);
	if (!chain || !n || gnutls_x509_crt_init(&ca) < 0)
		return 0;
	int ok = 0;
	gnutls_datum_t d = {(unsigned char *)(uintptr_t)ca_pem, (unsigned)strlen(ca_pem)};
	unsigned char fp[32];
	size_t fpn = sizeof fp;
	char fphex[65];
	if (gnutls_x509_crt_import(ca, &d, GNUTLS_X509_FMT_PEM) >= 0 &&
	    gnutls_x509_crt_get_fingerprint(ca, GNUTLS_DIG_SHA256, fp, &fpn) >= 0 && fpn == 32) {
		for (int i = 0; i < 32; i++)
			sprintf(fphex + 2 * i, "%02x", fp[i]);
		ok = strcasecmp(fphex, fingerprint) == 0;
	}
	if (ok && gnutls_x509_crt_init(&peer) >= 0) {
		unsigned status = 1;
		char oid[128];
		size_t oidn = sizeof oid;
		ok = gnutls_x509_crt_import(peer, &chain[0], GNUTLS_X509_FMT_DER) >= 0 &&
		     gnutls_x509_crt_verify(peer, &ca, 1, 0, &status) >= 0 && status == 0 &&
		     gnutls_x509_crt_get_key_purpose_oid(peer, 0, oid, &oidn, NULL) >= 0 &&
		     strcmp(oid, GNUTLS_KP_TLS_WWW_SERVER) == 0;
		gnutls_x509_crt_deinit(peer);
	} else {
		ok = 0;
	}
	gnutls_x509_crt_deinit(ca);
	return ok;
}

/* The fingerprint as typed: hex, with or without colons. */
static int norm_fingerprint(const char *in, char out[65])
{
	size_t j = 0;
	for (size_t i = 0; in[i]; i++) {
		if (in[i] == ':')
			continue;
		if (j == 64 || !strchr("0123456789abcdefABCDEF", in[i]))
			return -1;
		out[j++] = in[i];
	}
	out[j] = 0;
	return j == 64 ? 0 : -1;
}

int fleet_enroll(const char *conductor, const char *token, const char *fingerprint,
                 const char *name, const char *dir, FILE *out, char *err, size_t errlen)
{
	char fp[65];
	if (norm_fingerprint(fingerprint, fp) != 0)
		return fail(err, errlen,
		            "--ca-fingerprint takes the 64 hex digits `pwpol node token` printed");
	if (!fleet_name_ok(name))
		return fail(err, errlen, "bad node name '%.64s'", name);
	if (mkdir(dir, 0700) != 0 && errno != EEXIST)
		return fail(err, errlen, "%s: %s", dir, strerror(errno));
	int fd = net_dial(conductor, 10);
	if (fd < 0)
		return fail(err, errlen, "cannot reach the conductor at %s", conductor);
	gnutls_certificate_credentials_t cred = NULL;
	gnutls_session_t tls = NULL;
	gnutls_x509_privkey_t key = NULL;
	gnutls_x509_crq_t crq = NULL;
	struct pp_msg req = {0}, rep = {0};
	char *ca = NULL, *cert = NULL;
	gnutls_datum_t csr = {0}, keypem = {0};
	int rc = -1, r;
	if (gnutls_certificate_allocate_credentials(&cred) < 0 ||
	    gnutls_init(&tls, GNUTLS_CLIENT) < 0)
		goto out;
	gnutls_set_default_priority(tls);
	gnutls_credentials_set(tls, GNUTLS_CRD_CERTIFICATE, cred);
	gnutls_transport_set_int(tls, fd);
	gnutls_handshake_set_timeout(tls, 10000);
	do
		r = gnutls_handshake(tls);
	while (r < 0 && !gnutls_error_is_fatal(r));
	if (r < 0) {
		fail(err, errlen, "TLS with the conductor failed: %s", gnutls_strerror(r));
		goto out;
	}
	pp_start(&req, PP_HELLO);
	if (pp_send(net_tls_write, tls, &req) != 0 || pp_recv(net_tls_read, tls, &rep) != 0 ||
	    !(ca = pp_dup_str(&rep, PP_T_CACERT))) {
		fail(err, errlen, "the conductor did not answer");
		goto out;
	}
	pp_free(&req);
	pp_free(&rep);
	/* The token goes only to the conductor the operator named. */
	if (!conductor_ok(tls, ca, fp)) {
		fail(err, errlen,
		     "the server at %s is not the conductor of that CA fingerprint: nothing sent",
		     conductor);
		goto out;
	}
	if (gnutls_x509_privkey_init(&key) < 0 ||
	    gnutls_x509_privkey_generate(key, GNUTLS_PK_ECDSA,
	                                 GNUTLS_CURVE_TO_BITS(GNUTLS_ECC_CURVE_SECP256R1), 0) < 0 ||
	    gnutls_x509_crq_init(&crq) < 0 ||
	    gnutls_x509_crq_set_dn_by_oid(crq, GNUTLS_OID_X520_COMMON_NAME, 0, name, strlen(name)) <
	        0 ||
	    gnutls_x509_crq_set_key(crq, key) < 0 ||
	    gnutls_x509_crq_sign2(crq, key, GNUTLS_DIG_SHA256, 0) < 0 ||
	    gnutls_x509_crq_export2(crq, GNUTLS_X509_FMT_PEM, &csr) < 0 ||
	    gnutls_x509_privkey_export2(key, GNUTLS_X509_FMT_PEM, &keypem) < 0) {
		fail(err, errlen, "cannot make the node's key and certificate request");
		goto out;
	}
	pp_start(&req, PP_ENROLL);
	pp_put_str(&req, PP_T_NAME, name);
	pp_put_str(&req, PP_T_TOKEN, token);
	pp_put(&req, PP_T_CSR, csr.data, csr.size);
	if (pp_send(net_tls_write, tls, &req) != 0 || pp_recv(net_tls_read, tls, &rep) != 0) {
		fail(err, errlen, "the conductor did not answer the enrollment");
		goto out;
	}
	uint64_t st = pp_get_num(&rep, PP_T_STATUS, PP_R_ERROR);
	if (st != PP_R_OK || !(cert = pp_dup_str(&rep, PP_T_CERT))) {
		fail(err, errlen, "the conductor refused the enrollment: %s",
		     st == PP_R_DENIED ? "the token is wrong, used or expired" : "its error");
		goto out;
	}
	char kp[4096], cp[4096], ap[4096];
	snprintf(kp, sizeof kp, "%s/node.key", dir);
	snprintf(cp, sizeof cp, "%s/node.pem", dir);
	snprintf(ap, sizeof ap, "%s/ca.pem", dir);
	if (write_secret_file(kp, (const char *)keypem.data, keypem.size, 0600) != 0 ||
	    write_secret_file(cp, cert, strlen(cert), 0644) != 0 ||
	    write_secret_file(ap, ca, strlen(ca), 0644) != 0) {
		fail(err, errlen, "%s: cannot write the node's files", dir);
		goto out;
	}
	fprintf(out, "enrolled as %s: %s, %s, %s\n", name, kp, cp, ap);
	rc = 0;
out:
	pp_free(&req);
	pp_free(&rep);
	if (keypem.data) {
		gnutls_memset(keypem.data, 0, keypem.size);
		gnutls_free(keypem.data);
	}
	gnutls_free(csr.data);
	if (crq)
		gnutls_x509_crq_deinit(crq);
	if (key)
		gnutls_x509_privkey_deinit(key);
	free(ca);
	free(cert);
	if (tls) {
		gnutls_bye(tls, GNUTLS_SHUT_WR);
		gnutls_deinit(tls);
	}
	if (cred)
		gnutls_certificate_free_credentials(cred);
	close(fd);
	return rc;
}
