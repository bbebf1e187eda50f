/* sshkey.c - OpenSSH keys over libcrypto's EVP interface.
 *
 * Nothing here implements a primitive: Ed25519, ECDSA P-256 and RSA
 * PKCS#1 v1.5 all go through EVP_DigestSign/EVP_DigestVerify.  This file
 * only translates between SSH wire encodings (RFC 4253, 5656, 8332,
 * 8709, PROTOCOL.key) and what OpenSSL takes.
 */
#include "sshkey.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base64.h"
#include "buf.h"
#include "digest.h"
#include "fileio.h"
#include "mem.h"
#include "sshwire.h"

struct sshkey {
	enum sshkey_type type;
	EVP_PKEY *pkey;
	bool has_private;
	uint8_t *blob;
	size_t blob_len;
	char *comment;
	char fingerprint[SSHKEY_FINGERPRINT_MAX];
};

static const struct {
	const char *type, *alg, *short_name;
} key_types[] = {
#define X(name, type, alg, short_name) { type, alg, short_name },
	SSHKEY_TYPES(X)
#undef X
};

#define P256_POINT_LEN 65
#define ED25519_LEN 32
#define MAX_KEY_FILE (64 * 1024)

static int
crypto_error(struct error *err, const char *what)
{
	ERR_clear_error();
	return error_set(err, ERROR_CRYPTO, "%s", what);
}

static int
type_from_name(const char *s, size_t n)
{
	int i;

	for (i = 0; i < SSHKEY_TYPE_COUNT; i++)
		if (strlen(key_types[i].type) == n && memcmp(key_types[i].type, s, n) == 0)
			return i;
	return -1;
}

void
sshkey_free(struct sshkey **key)
{
	if (!*key)
		return;
	EVP_PKEY_free((*key)->pkey);
	mem_free((*key)->blob);
	mem_free((*key)->comment);
	mem_free(*key);
	*key = NULL;
}

enum sshkey_type
sshkey_type(const struct sshkey *key)
{
	return key->type;
}

const char *
sshkey_type_name(const struct sshkey *key)
{
	return key_types[key->type].type;
}

const char *
sshkey_short_name(const struct sshkey *key)
{
	return key_types[key->type].short_name;
}

const char *
sshkey_sig_alg(const struct sshkey *key)
{
	return key_types[key->type].alg;
}

unsigned
sshkey_bits(const struct sshkey *key)
{
	int b = EVP_PKEY_get_bits(key->pkey);

	return b > 0 ? (unsigned)b : 0;
}

const uint8_t *
sshkey_blob(const struct sshkey *key, size_t *len)
{
	*len = key->blob_len;
	return key->blob;
}

const char *
sshkey_fingerprint(const struct sshkey *key)
{
	return key->fingerprint;
}

const char *
sshkey_comment(const struct sshkey *key)
{
	return key->comment ? key->comment : "";
}

int
sshkey_set_comment(struct sshkey *key, const char *comment, size_t len)
{
	char *c = mem_strndup(comment, len);

	if (!c)
		return -1;
	mem_free(key->comment);
	key->comment = c;
	return 0;
}

bool
sshkey_has_private(const struct sshkey *key)
{
	return key->has_private;
}

bool
sshkey_equal(const struct sshkey *a, const struct sshkey *b)
{
	return a->blob_len == b->blob_len && memcmp(a->blob, b->blob, a->blob_len) == 0;
}

/* ---- building EVP keys ---- */

static EVP_PKEY *
pkey_from_params(const char *alg, OSSL_PARAM_BLD *bld, int selection)
{
	OSSL_PARAM *params = OSSL_PARAM_BLD_to_param(bld);
	EVP_PKEY_CTX *ctx = NULL;
	EVP_PKEY *pkey = NULL;

	if (!params)
		return NULL;
	ctx = EVP_PKEY_CTX_new_from_name(NULL, alg, NULL);
	if (!ctx || EVP_PKEY_fromdata_init(ctx) != 1 ||
	    EVP_PKEY_fromdata(ctx, &pkey, selection, params) != 1)
		pkey = NULL;
	EVP_PKEY_CTX_free(ctx);
	OSSL_PARAM_free(params);
	return pkey;
}

static EVP_PKEY *
ecdsa_pkey(const uint8_t *q, size_t qlen, const uint8_t *d, size_t dlen)
{
	OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
	BIGNUM *priv = NULL;
	EVP_PKEY *pkey = NULL;

	if (!bld)
		return NULL;
	if (!OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0) ||
	    !OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, q, qlen))
		goto out;
	if (d) {
		priv = BN_secure_new();
		if (!priv || !BN_bin2bn(d, (int)dlen, priv) ||
		    !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_PRIV_KEY, priv))
			goto out;
	}
	pkey = pkey_from_params("EC", bld, d ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY);
out:
	BN_clear_free(priv);
	OSSL_PARAM_BLD_free(bld);
	return pkey;
}

/* RSA from magnitudes: n, e always; d, iqmp, p, q for a private key. */
struct rsa_parts {
	const uint8_t *n, *e, *d, *iqmp, *p, *q;
	size_t nlen, elen, dlen, iqmplen, plen, qlen;
};

static EVP_PKEY *
rsa_pkey(const struct rsa_parts *r)
{
	OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
	BIGNUM *n = BN_bin2bn(r->n, (int)r->nlen, NULL), *e = BN_bin2bn(r->e, (int)r->elen, NULL);
	BIGNUM *d = NULL, *p = NULL, *q = NULL, *iqmp = NULL, *dp = NULL, *dq = NULL, *t = NULL;
	BN_CTX *bnctx = NULL;
	EVP_PKEY *pkey = NULL;

	if (!bld || !n || !e || !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, n) ||
	    !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, e))
		goto out;
	if (r->d) {
		/* OpenSSL wants the CRT exponents, which the file leaves out. */
		d = BN_secure_new();
		p = BN_secure_new();
		q = BN_secure_new();
		iqmp = BN_secure_new();
		dp = BN_secure_new();
		dq = BN_secure_new();
		t = BN_secure_new();
		bnctx = BN_CTX_secure_new();
		if (!d || !p || !q || !iqmp || !dp || !dq || !t || !bnctx ||
		    !BN_bin2bn(r->d, (int)r->dlen, d) || !BN_bin2bn(r->p, (int)r->plen, p) ||
		    !BN_bin2bn(r->q, (int)r->qlen, q) ||
		    !BN_bin2bn(r->iqmp, (int)r->iqmplen, iqmp) || !BN_sub(t, p, BN_value_one()) ||
		    !BN_mod(dp, d, t, bnctx) || !BN_sub(t, q, BN_value_one()) ||
		    !BN_mod(dq, d, t, bnctx) ||
		    !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_D, d) ||
		    !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_FACTOR1, p) ||
		    !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_FACTOR2, q) ||
		    !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_EXPONENT1, dp) ||
		    !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_EXPONENT2, dq) ||
		    !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_COEFFICIENT1, iqmp))
			goto out;
	}
	pkey = pkey_from_params("RSA", bld, r->d ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY);
out:
	BN_free(n);
	BN_free(e);
	BN_clear_free(d);
	BN_clear_free(p);
	BN_clear_free(q);
	BN_clear_free(iqmp);
	BN_clear_free(dp);
	BN_clear_free(dq);
	BN_clear_free(t);
	BN_CTX_free(bnctx);
	OSSL_PARAM_BLD_free(bld);
	return pkey;
}

/* Fills blob and fingerprint of a fresh key from its wire blob. */
static int
key_set_blob(struct sshkey *k, const uint8_t *blob, size_t len)
{
	uint8_t h[DIGEST_SHA256_LEN];
	struct buf b64 = BUF_INIT;

	k->blob = mem_alloc(len ? len : 1);
	if (!k->blob)
		return -1;
	memcpy(k->blob, blob, len);
	k->blob_len = len;
	if (digest_sha256(blob, len, h) < 0)
		return -1;
	base64_encode(&b64, h, sizeof(h));
	if (buf_failed(&b64))
		return -1;
	while (b64.len && b64.data[b64.len - 1] == '=')
		b64.len--;
	memcpy(k->fingerprint, "SHA256:", 7);
	memcpy(k->fingerprint + 7, b64.data, b64.len);
	k->fingerprint[7 + b64.len] = '\0';
	buf_release(&b64);
	return 0;
}

/* Reads the type-specific public part after the type string. */
static int
read_public_parts(struct sshwire *r, int type, EVP_PKEY **pkey, struct rsa_parts *rsa,
		  const uint8_t **pub, size_t *publen)
{
	switch (type) {
	case SSHKEY_ED25519:
		if (sshwire_string(r, pub, publen) < 0 || *publen != ED25519_LEN)
			return -1;
		if (pkey)
			*pkey = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, NULL, *pub, *publen);
		return 0;
	case SSHKEY_ECDSA_P256:
		if (sshwire_expect(r, "nistp256") < 0 || sshwire_string(r, pub, publen) < 0 ||
		    *publen != P256_POINT_LEN || (*pub)[0] != 0x04)
			return -1;
		if (pkey)
			*pkey = ecdsa_pkey(*pub, *publen, NULL, 0);
		return 0;
	case SSHKEY_RSA:
		/* public blob order is e, n; the private section's is n, e */
		if (pkey) {
			if (sshwire_mpint(r, &rsa->e, &rsa->elen) < 0 ||
			    sshwire_mpint(r, &rsa->n, &rsa->nlen) < 0)
				return -1;
		} else {
			if (sshwire_mpint(r, &rsa->n, &rsa->nlen) < 0 ||
			    sshwire_mpint(r, &rsa->e, &rsa->elen) < 0)
				return -1;
		}
		if (rsa->nlen == 0 || rsa->elen == 0 || rsa->nlen > 2048 || rsa->elen > 8)
			return -1;
		if (pkey)
			*pkey = rsa_pkey(rsa);
		return 0;
	}
	return -1;
}

int
sshkey_from_blob(struct sshkey **out, const uint8_t *blob, size_t len, struct error *err)
{
	struct sshwire r;
	struct sshkey *k;
	struct rsa_parts rsa;
	const uint8_t *pub;
	const char *name;
	size_t n, publen;
	int type;

	*out = NULL;
	memset(&rsa, 0, sizeof(rsa));
	sshwire_init(&r, blob, len);
	if (sshwire_text(&r, &name, &n) < 0)
		return error_set(err, ERROR_CRYPTO, "public key blob is truncated");
	type = type_from_name(name, n);
	if (type < 0) {
		struct buf t = BUF_INIT;
		int rc;

		buf_add(&t, name, n > 64 ? 64 : n);
		rc = error_set(err, ERROR_CRYPTO,
			       "key type '%s' is not supported (ssh-ed25519, "
			       "ecdsa-sha2-nistp256 or ssh-rsa)",
			       buf_failed(&t) ? "?" : t.data);
		buf_release(&t);
		return rc;
	}
	k = mem_calloc(1, sizeof(*k));
	if (!k)
		return error_set(err, ERROR_NOMEM, "out of memory");
	k->type = (enum sshkey_type)type;
	if (read_public_parts(&r, type, &k->pkey, &rsa, &pub, &publen) < 0 || !sshwire_done(&r)) {
		sshkey_free(&k);
		return error_set(err, ERROR_CRYPTO, "malformed %s public key", key_types[type].type);
	}
	if (!k->pkey) {
		sshkey_free(&k);
		return crypto_error(err, type == SSHKEY_ECDSA_P256
						 ? "ECDSA public key is not a point on P-256"
						 : "invalid public key");
	}
	if (key_set_blob(k, blob, len) < 0) {
		sshkey_free(&k);
		return error_set(err, ERROR_NOMEM, "out of memory");
	}
	*out = k;
	return 0;
}

static bool
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

int
sshkey_parse_public(struct sshkey **out, const char *line, size_t len, struct error *err)
{
	const char *p = line, *end = line + len, *type, *b64;
	struct buf blob = BUF_INIT;
	size_t tlen, blen;
	int rc;

	*out = NULL;
	while (p < end && is_blank(*p))
		p++;
	type = p;
	while (p < end && !is_blank(*p))
		p++;
	tlen = (size_t)(p - type);
	while (p < end && is_blank(*p))
		p++;
	b64 = p;
	while (p < end && !is_blank(*p) && *p != '\n' && *p != '\r')
		p++;
	blen = (size_t)(p - b64);
	if (tlen == 0 || blen == 0)
		return error_set(err, ERROR_SYNTAX, "expected 'TYPE BASE64 [COMMENT]' public key");
	if (base64_decode(&blob, b64, blen, 0) < 0) {
		buf_release(&blob);
		return error_set(err, ERROR_SYNTAX, "public key is not valid base64");
	}
	rc = sshkey_from_blob(out, (const uint8_t *)blob.data, blob.len, err);
	buf_release(&blob);
	if (rc < 0)
		return -1;
	if (strlen(sshkey_type_name(*out)) != tlen ||
	    memcmp(sshkey_type_name(*out), type, tlen) != 0) {
		sshkey_free(out);
		return error_set(err, ERROR_CRYPTO, "key type word does not match the key blob");
	}
	while (p < end && is_blank(*p))
		p++;
	if (p < end) {
		const char *c = p;

		while (p < end && *p != '\n' && *p != '\r')
			p++;
		while (p > c && is_blank(p[-1]))
			p--;
		if (sshkey_set_comment(*out, c, (size_t)(p - c)) < 0) {
			sshkey_free(out);
			return error_set(err, ERROR_NOMEM, "out of memory");
		}
	}
	return 0;
}

int
sshkey_load_public(struct sshkey **out, const char *path, struct error *err)
{
	struct buf text = BUF_INIT;
	const char *p, *end;
	int rc = -1;

	*out = NULL;
	if (fileio_read(path, MAX_KEY_FILE, &text, err) < 0)
		return -1;
	p = text.data;
	end = text.data + text.len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p)), *q = p;
		size_t n = (size_t)((nl ? nl : end) - p);

		while (q < p + n && is_blank(*q))
			q++;
		if (q < p + n && *q != '#' && *q != '\r') {
			rc = sshkey_parse_public(out, p, n, err);
			if (rc < 0)
				error_locate(err, path, 0, 0);
			goto out;
		}
		p += n + 1;
	}
	error_set_at(err, ERROR_SYNTAX, path, 0, 0, "no public key in the file");
out:
	buf_release(&text);
	return rc;
}

/* ---- private keys (PROTOCOL.key) ---- */

#define KEY_MAGIC "openssh-key-v1"
#define KEY_BEGIN "-----BEGIN OPENSSH PRIVATE KEY-----"
#define KEY_END "-----END OPENSSH PRIVATE KEY-----"

/* Finds the armored base64 and decodes it into blob. */
static int
dearmor_private(const char *text, size_t len, const char *path, struct buf *blob,
		struct error *err)
{
	const char *p = text, *end = text + len, *b, *e;

	while (p < end && (is_blank(*p) || *p == '\n' || *p == '\r'))
		p++;
	if ((size_t)(end - p) < strlen(KEY_BEGIN) || memcmp(p, KEY_BEGIN, strlen(KEY_BEGIN)) != 0) {
		if ((size_t)(end - p) >= 11 && memcmp(p, "-----BEGIN ", 11) == 0)
			return error_set_at(err, ERROR_FORMAT, path, 1, 1,
					    "PEM private keys are not supported; rewrite it in the "
					    "OpenSSH format (ssh-keygen -p -f FILE) or add it to "
					    "ssh-agent");
		if ((size_t)(end - p) >= 4 &&
		    (memcmp(p, "ssh-", 4) == 0 || memcmp(p, "ecds", 4) == 0))
			return error_set_at(err, ERROR_FORMAT, path, 1, 1,
					    "this is a public key; a private key or ssh-agent is "
					    "needed to sign");
		return error_set_at(err, ERROR_FORMAT, path, 1, 1,
				    "not an OpenSSH private key (no '" KEY_BEGIN "' line)");
	}
	b = p + strlen(KEY_BEGIN);
	for (e = b; e < end; e++)
		if ((size_t)(end - e) >= strlen(KEY_END) && memcmp(e, KEY_END, strlen(KEY_END)) == 0)
			break;
	if (e >= end)
		return error_set_at(err, ERROR_SYNTAX, path, 0, 0,
				    "private key has no '" KEY_END "' line (truncated?)");
	if (base64_decode(blob, b, (size_t)(e - b), BASE64_SKIP_SPACE) < 0)
		return error_set_at(err, ERROR_SYNTAX, path, 0, 0,
				    "private key body is not valid base64");
	return 0;
}

/* Reads the outer structure; pub and priv point into the blob. */
static int
parse_key_container(const struct buf *blob, const char *path, const uint8_t **pub,
		    size_t *publen, const uint8_t **priv, size_t *privlen, bool *encrypted,
		    struct error *err)
{
	struct sshwire r;
	const uint8_t *magic, *kdfopts;
	const char *cipher, *kdf;
	size_t clen, klen, olen;
	uint32_t nkeys;

	sshwire_init(&r, blob->data, blob->len);
	if (sshwire_bytes(&r, &magic, sizeof(KEY_MAGIC)) < 0 ||
	    memcmp(magic, KEY_MAGIC, sizeof(KEY_MAGIC)) != 0)
		return error_set_at(err, ERROR_FORMAT, path, 0, 0,
				    "not an openssh-key-v1 private key");
	if (sshwire_text(&r, &cipher, &clen) < 0 || sshwire_text(&r, &kdf, &klen) < 0 ||
	    sshwire_string(&r, &kdfopts, &olen) < 0 || sshwire_u32(&r, &nkeys) < 0)
		return error_set_at(err, ERROR_SYNTAX, path, 0, 0, "private key file is truncated");
	if (nkeys != 1)
		return error_set_at(err, ERROR_FORMAT, path, 0, 0,
				    "private key file holds %u keys; only one is supported",
				    (unsigned)nkeys);
	if (sshwire_string(&r, pub, publen) < 0 || sshwire_string(&r, priv, privlen) < 0 ||
	    !sshwire_done(&r))
		return error_set_at(err, ERROR_SYNTAX, path, 0, 0,
				    "private key file is truncated or has trailing data");
	*encrypted = !(clen == 4 && memcmp(cipher, "none", 4) == 0 && klen == 4 &&
		       memcmp(kdf, "none", 4) == 0 && olen == 0);
	return 0;
}

int
sshkey_parse_private_public(struct sshkey **out, const char *text, size_t len, const char *path,
			    struct error *err)
{
	struct buf blob = BUF_INIT;
	const uint8_t *pub, *priv;
	size_t publen, privlen;
	bool encrypted;
	int rc = -1;

	*out = NULL;
	if (dearmor_private(text, len, path, &blob, err) < 0 ||
	    parse_key_container(&blob, path, &pub, &publen, &priv, &privlen, &encrypted, err) < 0)
		goto out;
	rc = sshkey_from_blob(out, pub, publen, err);
	if (rc < 0)
		error_locate(err, path, 0, 0);
out:
	buf_wipe(&blob);
	return rc;
}

static int
priv_error(struct error *err, const char *path, const char *what)
{
	return error_set_at(err, ERROR_SYNTAX, path, 0, 0, "private key: %s", what);
}

/* The private section: checkints, one key, comment, padding 1, 2, 3... */
static int
parse_private_section(struct sshkey *k, const uint8_t *priv, size_t len, const char *path,
		      struct error *err)
{
	struct sshwire r;
	struct rsa_parts rsa;
	const uint8_t *pub, *secret, *comment;
	size_t publen, slen, clen, i;
	uint32_t c1, c2;
	const char *name;
	size_t nlen;
	int type;

	memset(&rsa, 0, sizeof(rsa));
	if (len % 8 != 0)
		return priv_error(err, path, "private section is not padded to 8 bytes");
	sshwire_init(&r, priv, len);
	if (sshwire_u32(&r, &c1) < 0 || sshwire_u32(&r, &c2) < 0 || c1 != c2)
		return priv_error(err, path, "check words differ (corrupt, or wrong passphrase)");
	if (sshwire_text(&r, &name, &nlen) < 0)
		return priv_error(err, path, "truncated");
	type = type_from_name(name, nlen);
	if (type < 0 || (enum sshkey_type)type != k->type)
		return priv_error(err, path, "key type differs from the public key");
	switch (type) {
	case SSHKEY_ED25519:
		if (read_public_parts(&r, type, NULL, &rsa, &pub, &publen) < 0 ||
		    sshwire_string(&r, &secret, &slen) < 0 || slen != 64 ||
		    memcmp(secret + 32, pub, 32) != 0)
			return priv_error(err, path, "malformed ed25519 key");
		k->pkey = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, NULL, secret, 32);
		break;
	case SSHKEY_ECDSA_P256:
		if (read_public_parts(&r, type, NULL, &rsa, &pub, &publen) < 0 ||
		    sshwire_mpint(&r, &secret, &slen) < 0 || slen == 0 || slen > 32)
			return priv_error(err, path, "malformed ecdsa key");
		k->pkey = ecdsa_pkey(pub, publen, secret, slen);
		break;
	case SSHKEY_RSA:
		if (read_public_parts(&r, type, NULL, &rsa, &pub, &publen) < 0 ||
		    sshwire_mpint(&r, &rsa.d, &rsa.dlen) < 0 ||
		    sshwire_mpint(&r, &rsa.iqmp, &rsa.iqmplen) < 0 ||
		    sshwire_mpint(&r, &rsa.p, &rsa.plen) < 0 ||
		    sshwire_mpint(&r, &rsa.q, &rsa.qlen) < 0 || !rsa.dlen || !rsa.plen || !rsa.qlen)
			return priv_error(err, path, "malformed rsa key");
		k->pkey = rsa_pkey(&rsa);
		break;
	}
	if (sshwire_string(&r, &comment, &clen) < 0)
		return priv_error(err, path, "truncated");
	for (i = 1; !sshwire_done(&r); i++) {
		uint8_t pad;

		if (sshwire_u8(&r, &pad) < 0 || pad != (uint8_t)i)
			return priv_error(err, path, "bad padding");
	}
	if (!k->pkey)
		return crypto_error(err, "private key rejected by libcrypto");
	if (sshkey_set_comment(k, (const char *)comment, clen) < 0)
		return error_set(err, ERROR_NOMEM, "out of memory");
	return 0;
}

/* The private half must belong to the public key the file names. */
static int
check_pair(struct sshkey *k, EVP_PKEY *pub, const char *path, struct error *err)
{
	EVP_PKEY_CTX *ctx = NULL;
	int ok;

	if (k->type == SSHKEY_ED25519) {
		ok = EVP_PKEY_eq(k->pkey, pub) == 1;
	} else {
		ctx = EVP_PKEY_CTX_new_from_pkey(NULL, k->pkey, NULL);
		ok = ctx && EVP_PKEY_pairwise_check(ctx) == 1 && EVP_PKEY_eq(k->pkey, pub) == 1;
		EVP_PKEY_CTX_free(ctx);
	}
	if (!ok) {
		ERR_clear_error();
		return error_set_at(err, ERROR_CRYPTO, path, 0, 0,
				    "private key does not match its public key");
	}
	return 0;
}

int
sshkey_parse_private(struct sshkey **out, const char *text, size_t len, const char *path,
		     struct error *err)
{
	struct buf blob = BUF_INIT;
	struct sshkey *pubkey = NULL, *k = NULL;
	const uint8_t *pub, *priv;
	size_t publen, privlen;
	bool encrypted;
	int rc = -1;

	*out = NULL;
	if (dearmor_private(text, len, path, &blob, err) < 0 ||
	    parse_key_container(&blob, path, &pub, &publen, &priv, &privlen, &encrypted, err) < 0)
		goto out;
	if (encrypted) {
		error_set_at(err, ERROR_FORMAT, path, 0, 0,
			     "the private key is encrypted; add it to ssh-agent (ssh-add) and "
			     "sign through the agent");
		goto out;
	}
	if (sshkey_from_blob(&pubkey, pub, publen, err) < 0) {
		error_locate(err, path, 0, 0);
		goto out;
	}
	k = mem_calloc(1, sizeof(*k));
	if (!k) {
		error_set(err, ERROR_NOMEM, "out of memory");
		goto out;
	}
	k->type = pubkey->type;
	if (parse_private_section(k, priv, privlen, path, err) < 0 ||
	    check_pair(k, pubkey->pkey, path, err) < 0)
		goto out;
	if (key_set_blob(k, pub, publen) < 0) {
		error_set(err, ERROR_NOMEM, "out of memory");
		goto out;
	}
	k->has_private = true;
	*out = k;
	k = NULL;
	rc = 0;
out:
	sshkey_free(&k);
	sshkey_free(&pubkey);
	buf_wipe(&blob);
	return rc;
}

int
sshkey_load_private(struct sshkey **out, const char *path, struct error *err)
{
	struct buf text = BUF_INIT;
	struct stat st;
	int fd, rc;

	*out = NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return error_set_at(err, errno == ENOENT ? ERROR_NOTFOUND : ERROR_IO, path, 0, 0,
				    "cannot open: %s", strerror(errno));
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 077)) {
		close(fd);
		return error_set_at(err, ERROR_IO, path, 0, 0,
				    "private key is readable by others (mode %04o); "
				    "chmod 600 it",
				    (unsigned)(st.st_mode & 07777));
	}
	rc = fileio_read_fd(fd, path, MAX_KEY_FILE, &text, err);
	close(fd);
	if (rc == 0)
		rc = sshkey_parse_private(out, text.data, text.len, path, err);
	buf_wipe(&text);
	return rc;
}

/* ---- signatures ---- */

static int
digest_sign(EVP_PKEY *pkey, const EVP_MD *md, const void *data, size_t len, struct buf *out)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	size_t n = 0;
	int rc = -1;

	if (!ctx || EVP_DigestSignInit(ctx, NULL, md, NULL, pkey) != 1 ||
	    EVP_DigestSign(ctx, NULL, &n, data, len) != 1 || buf_grow(out, n) < 0 ||
	    EVP_DigestSign(ctx, (unsigned char *)out->data + out->len, &n, data, len) != 1)
		goto out;
	out->len += n;
	out->data[out->len] = '\0';
	rc = 0;
out:
	EVP_MD_CTX_free(ctx);
	return rc;
}

int
sshkey_sign(const struct sshkey *key, const void *data, size_t len, struct buf *sig,
	    struct error *err)
{
	struct buf raw = BUF_INIT, inner = BUF_INIT;
	ECDSA_SIG *es = NULL;
	int rc = -1;

	if (!key->has_private)
		return error_set(err, ERROR_CRYPTO, "no private key to sign with");
	switch (key->type) {
	case SSHKEY_ED25519:
		if (digest_sign(key->pkey, NULL, data, len, &raw) < 0)
			goto crypto;
		sshwire_put_text(sig, "ssh-ed25519");
		sshwire_put_string(sig, raw.data, raw.len);
		break;
	case SSHKEY_ECDSA_P256: {
		const unsigned char *p;
		const BIGNUM *r, *s;
		uint8_t rb[32], sb[32];
		int rn, sn;

		if (digest_sign(key->pkey, EVP_sha256(), data, len, &raw) < 0)
			goto crypto;
		p = (const unsigned char *)raw.data;
		es = d2i_ECDSA_SIG(NULL, &p, (long)raw.len);
		if (!es)
			goto crypto;
		ECDSA_SIG_get0(es, &r, &s);
		rn = BN_bn2binpad(r, rb, sizeof(rb));
		sn = BN_bn2binpad(s, sb, sizeof(sb));
		if (rn < 0 || sn < 0)
			goto crypto;
		sshwire_put_mpint(&inner, rb, sizeof(rb));
		sshwire_put_mpint(&inner, sb, sizeof(sb));
		sshwire_put_text(sig, "ecdsa-sha2-nistp256");
		sshwire_put_string(sig, inner.data, inner.len);
		break;
	}
	case SSHKEY_RSA:
		if (sshkey_bits(key) < SSHKEY_RSA_MIN_BITS) {
			error_set(err, ERROR_CRYPTO, "RSA key has %u bits; at least %d are needed",
				  sshkey_bits(key), SSHKEY_RSA_MIN_BITS);
			goto out;
		}
		if (digest_sign(key->pkey, EVP_sha512(), data, len, &raw) < 0)
			goto crypto;
		sshwire_put_text(sig, "rsa-sha2-512");
		sshwire_put_string(sig, raw.data, raw.len);
		break;
	case SSHKEY_TYPE_COUNT:
		goto crypto;
	}
	if (buf_failed(sig) || buf_failed(&inner)) {
		error_set(err, ERROR_NOMEM, "out of memory");
		goto out;
	}
	rc = 0;
	goto out;
crypto:
	crypto_error(err, "signing failed in libcrypto");
out:
	ECDSA_SIG_free(es);
	buf_release(&raw);
	buf_release(&inner);
	return rc;
}

static int
digest_verify(EVP_PKEY *pkey, const EVP_MD *md, const uint8_t *sig, size_t siglen,
	      const void *data, size_t len)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	int ok = 0;

	if (ctx && EVP_DigestVerifyInit(ctx, NULL, md, NULL, pkey) == 1)
		ok = EVP_DigestVerify(ctx, sig, siglen, data, len) == 1;
	EVP_MD_CTX_free(ctx);
	if (!ok)
		ERR_clear_error();
	return ok ? 0 : -1;
}

/* mpint r, mpint s -> DER for EVP. */
static int
ecdsa_der(const uint8_t *in, size_t len, struct buf *der)
{
	struct sshwire r;
	const uint8_t *rm, *sm;
	size_t rl, sl;
	ECDSA_SIG *es = NULL;
	BIGNUM *rb = NULL, *sb = NULL;
	unsigned char *p = NULL;
	int n, rc = -1;

	sshwire_init(&r, in, len);
	if (sshwire_mpint(&r, &rm, &rl) < 0 || sshwire_mpint(&r, &sm, &sl) < 0 ||
	    !sshwire_done(&r) || rl > 32 || sl > 32)
		return -1;
	es = ECDSA_SIG_new();
	rb = BN_bin2bn(rm, (int)rl, NULL);
	sb = BN_bin2bn(sm, (int)sl, NULL);
	if (!es || !rb || !sb || ECDSA_SIG_set0(es, rb, sb) != 1)
		goto out;
	rb = sb = NULL; /* owned by es now */
	n = i2d_ECDSA_SIG(es, &p);
	if (n <= 0)
		goto out;
	buf_add(der, p, (size_t)n);
	rc = buf_failed(der) ? -1 : 0;
out:
	OPENSSL_free(p);
	BN_free(rb);
	BN_free(sb);
	ECDSA_SIG_free(es);
	return rc;
}

int
sshkey_verify(const struct sshkey *key, const uint8_t *sig, size_t siglen, const void *data,
	      size_t len, struct error *err)
{
	struct sshwire r;
	const char *alg;
	const uint8_t *raw;
	size_t alen, rlen;
	struct buf tmp = BUF_INIT;
	int rc = -1;

	sshwire_init(&r, sig, siglen);
	if (sshwire_text(&r, &alg, &alen) < 0 || sshwire_string(&r, &raw, &rlen) < 0 ||
	    !sshwire_done(&r))
		return error_set(err, ERROR_CRYPTO, "malformed signature encoding");
	switch (key->type) {
	case SSHKEY_ED25519:
		if (alen != 11 || memcmp(alg, "ssh-ed25519", 11) != 0)
			goto badalg;
		if (rlen != 64)
			goto bad;
		rc = digest_verify(key->pkey, NULL, raw, rlen, data, len);
		break;
	case SSHKEY_ECDSA_P256:
		if (alen != 19 || memcmp(alg, "ecdsa-sha2-nistp256", 19) != 0)
			goto badalg;
		if (ecdsa_der(raw, rlen, &tmp) < 0)
			goto bad;
		rc = digest_verify(key->pkey, EVP_sha256(), (const uint8_t *)tmp.data, tmp.len,
				   data, len);
		break;
	case SSHKEY_RSA: {
		const EVP_MD *md;
		size_t modlen = (size_t)EVP_PKEY_get_size(key->pkey);

		if (alen == 12 && memcmp(alg, "rsa-sha2-512", 12) == 0)
			md = EVP_sha512();
		else if (alen == 12 && memcmp(alg, "rsa-sha2-256", 12) == 0)
			md = EVP_sha256();
		else
			goto badalg;
		if (sshkey_bits(key) < SSHKEY_RSA_MIN_BITS) {
			buf_release(&tmp);
			return error_set(err, ERROR_CRYPTO,
					 "RSA key has %u bits; at least %d are needed",
					 sshkey_bits(key), SSHKEY_RSA_MIN_BITS);
		}
		if (rlen == 0 || rlen > modlen)
			goto bad;
		/* as OpenSSH: a short signature is left-padded with zeros */
		buf_addchn(&tmp, 0, modlen - rlen);
		buf_add(&tmp, raw, rlen);
		if (buf_failed(&tmp))
			goto bad;
		rc = digest_verify(key->pkey, md, (const uint8_t *)tmp.data, tmp.len, data, len);
		break;
	}
	case SSHKEY_TYPE_COUNT:
		break;
	}
	buf_release(&tmp);
	if (rc < 0)
		return error_set(err, ERROR_CRYPTO, "signature does not verify");
	return 0;
badalg:
	buf_release(&tmp);
	{
		struct buf a = BUF_INIT;

		buf_add(&a, alg, alen > 40 ? 40 : alen);
		error_set(err, ERROR_CRYPTO, "signature algorithm '%s' is not accepted for a %s key",
			  buf_failed(&a) ? "?" : a.data, sshkey_type_name(key));
		buf_release(&a);
	}
	return -1;
bad:
	buf_release(&tmp);
	return error_set(err, ERROR_CRYPTO, "malformed %s signature", sshkey_type_name(key));
}

void
sshkey_format_public(const struct sshkey *key, struct buf *out, bool with_comment)
{
	buf_addstr(out, sshkey_type_name(key));
	buf_addch(out, ' ');
	base64_encode(out, key->blob, key->blob_len);
	if (with_comment && key->comment && key->comment[0]) {
		buf_addch(out, ' ');
		buf_addstr(out, key->comment);
	}
}
