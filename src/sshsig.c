/* sshsig.c - SSHSIG blobs. */
#include "sshsig.h"

#include <openssl/evp.h>
#include <string.h>

#include "base64.h"
#include "buf.h"
#include "sshkey.h"
#include "sshwire.h"

#define MAGIC "SSHSIG"
#define MAGIC_LEN 6
#define ARMOR_BEGIN "-----BEGIN SSH SIGNATURE-----"
#define ARMOR_END "-----END SSH SIGNATURE-----"
#define ARMOR_WIDTH 70

const char *
sshsig_hash_name(enum sshsig_hash h)
{
	return h == SSHSIG_SHA256 ? "sha256" : "sha512";
}

static int
bad(struct error *err, const char *what)
{
	return error_set(err, ERROR_CRYPTO, "SSHSIG: %s", what);
}

int
sshsig_parse(struct sshsig *out, const uint8_t *blob, size_t len, struct error *err)
{
	struct sshwire r;
	const uint8_t *magic, *reserved;
	const char *hash;
	size_t rlen, hlen;
	uint32_t version;

	memset(out, 0, sizeof(*out));
	if (len > SSHSIG_MAX_BLOB)
		return bad(err, "blob is too large");
	sshwire_init(&r, blob, len);
	if (sshwire_bytes(&r, &magic, MAGIC_LEN) < 0 || memcmp(magic, MAGIC, MAGIC_LEN) != 0)
		return bad(err, "missing the SSHSIG magic");
	if (sshwire_u32(&r, &version) < 0)
		return bad(err, "truncated");
	if (version != 1)
		return error_set(err, ERROR_CRYPTO, "SSHSIG: version %lu, only version 1 is accepted",
				 (unsigned long)version);
	if (sshwire_string(&r, &out->publickey, &out->publickey_len) < 0 ||
	    sshwire_text(&r, &out->ns, &out->ns_len) < 0 ||
	    sshwire_string(&r, &reserved, &rlen) < 0 || sshwire_text(&r, &hash, &hlen) < 0 ||
	    sshwire_string(&r, &out->signature, &out->signature_len) < 0)
		return bad(err, "truncated");
	if (!sshwire_done(&r))
		return bad(err, "trailing bytes after the signature");
	if (out->ns_len == 0)
		return bad(err, "empty namespace");
	if (rlen != 0)
		return bad(err, "the reserved field is not empty");
	if (hlen == 6 && memcmp(hash, "sha512", 6) == 0)
		out->hash = SSHSIG_SHA512;
	else if (hlen == 6 && memcmp(hash, "sha256", 6) == 0)
		out->hash = SSHSIG_SHA256;
	else
		return bad(err, "hash algorithm is neither sha256 nor sha512");
	return 0;
}

int
sshsig_signed_data(struct buf *out, const char *ns, enum sshsig_hash hash, const void *msg,
		   size_t len)
{
	unsigned char h[EVP_MAX_MD_SIZE];
	unsigned int hl = 0;

	if (EVP_Digest(msg, len, h, &hl, hash == SSHSIG_SHA256 ? EVP_sha256() : EVP_sha512(),
		       NULL) != 1)
		return -1;
	buf_add(out, MAGIC, MAGIC_LEN);
	sshwire_put_text(out, ns);
	sshwire_put_string(out, "", 0);
	sshwire_put_text(out, sshsig_hash_name(hash));
	sshwire_put_string(out, h, hl);
	return buf_failed(out) ? -1 : 0;
}

int
sshsig_sign_with_key(void *ctx, const struct sshkey *key, const uint8_t *data, size_t len,
		     struct buf *sig, struct error *err)
{
	(void)ctx;
	return sshkey_sign(key, data, len, sig, err);
}

int
sshsig_sign(struct buf *out, const struct sshkey *key, sshsig_sign_fn fn, void *ctx,
	    const char *ns, enum sshsig_hash hash, const void *msg, size_t len, struct error *err)
{
	struct buf sd = BUF_INIT, sig = BUF_INIT;
	const uint8_t *blob;
	size_t blen;
	int rc = -1;

	if (!ns[0])
		return error_set(err, ERROR_USAGE, "SSHSIG namespace must not be empty");
	if (sshsig_signed_data(&sd, ns, hash, msg, len) < 0) {
		error_set(err, ERROR_NOMEM, "out of memory");
		goto out;
	}
	if (fn(ctx, key, (const uint8_t *)sd.data, sd.len, &sig, err) < 0)
		goto out;
	if (buf_failed(&sig)) {
		error_set(err, ERROR_NOMEM, "out of memory");
		goto out;
	}
	/* Never hand out a signature that does not verify (a broken or
	 * downgrading agent, a fault): check it as a verifier would. */
	if (sshkey_verify(key, (const uint8_t *)sig.data, sig.len, sd.data, sd.len, err) < 0) {
		error_prefix(err, "the new signature does not check out");
		goto out;
	}
	blob = sshkey_blob(key, &blen);
	buf_add(out, MAGIC, MAGIC_LEN);
	sshwire_put_u32(out, 1);
	sshwire_put_string(out, blob, blen);
	sshwire_put_text(out, ns);
	sshwire_put_string(out, "", 0);
	sshwire_put_text(out, sshsig_hash_name(hash));
	sshwire_put_string(out, sig.data, sig.len);
	if (buf_failed(out)) {
		error_set(err, ERROR_NOMEM, "out of memory");
		goto out;
	}
	rc = 0;
out:
	buf_release(&sd);
	buf_release(&sig);
	return rc;
}

int
sshsig_verify(const uint8_t *blob, size_t len, const char *ns, const void *msg, size_t msglen,
	      struct sshkey **signer, struct error *err)
{
	struct sshsig s;
	struct sshkey *key = NULL;
	struct buf sd = BUF_INIT;
	int rc = -1;

	if (signer)
		*signer = NULL;
	if (sshsig_parse(&s, blob, len, err) < 0)
		return -1;
	if (s.ns_len != strlen(ns) || memcmp(s.ns, ns, s.ns_len) != 0) {
		struct buf got = BUF_INIT;

		buf_add(&got, s.ns, s.ns_len > 64 ? 64 : s.ns_len);
		error_set(err, ERROR_CRYPTO, "SSHSIG: signed under namespace '%s', not '%s'",
			  buf_failed(&got) ? "?" : got.data, ns);
		buf_release(&got);
		return -1;
	}
	if (sshkey_from_blob(&key, s.publickey, s.publickey_len, err) < 0) {
		error_prefix(err, "SSHSIG");
		return -1;
	}
	if (sshsig_signed_data(&sd, ns, s.hash, msg, msglen) < 0) {
		error_set(err, ERROR_NOMEM, "out of memory");
		goto out;
	}
	if (sshkey_verify(key, s.signature, s.signature_len, sd.data, sd.len, err) < 0) {
		error_prefix(err, "SSHSIG by %s key %s", sshkey_short_name(key),
			     sshkey_fingerprint(key));
		goto out;
	}
	if (signer) {
		*signer = key;
		key = NULL;
	}
	rc = 0;
out:
	sshkey_free(&key);
	buf_release(&sd);
	return rc;
}

void
sshsig_armor(struct buf *out, const uint8_t *blob, size_t len)
{
	struct buf b64 = BUF_INIT;
	size_t i;

	base64_encode(&b64, blob, len);
	buf_addstr(out, ARMOR_BEGIN "\n");
	for (i = 0; i < b64.len; i += ARMOR_WIDTH) {
		size_t n = b64.len - i < ARMOR_WIDTH ? b64.len - i : ARMOR_WIDTH;

		buf_add(out, b64.data + i, n);
		buf_addch(out, '\n');
	}
	buf_addstr(out, ARMOR_END "\n");
	if (buf_failed(&b64))
		out->failed = true;
	buf_release(&b64);
}

int
sshsig_dearmor(struct buf *blob, const char *text, size_t len, struct error *err)
{
	size_t bl = strlen(ARMOR_BEGIN), i;
	const char *body, *end = NULL;

	if (len < bl || memcmp(text, ARMOR_BEGIN, bl) != 0)
		return error_set(err, ERROR_SYNTAX,
				 "not an armored SSH signature (no '" ARMOR_BEGIN "' at the start)");
	body = text + bl;
	for (i = 0; body + i < text + len; i++) {
		size_t left = (size_t)(text + len - (body + i));

		if (body[i] == '\n' && left > strlen(ARMOR_END) &&
		    memcmp(body + i + 1, ARMOR_END, strlen(ARMOR_END)) == 0) {
			end = body + i;
			break;
		}
	}
	if (!end)
		return error_set(err, ERROR_SYNTAX, "armored SSH signature has no '" ARMOR_END
						    "' line (truncated?)");
	if (base64_decode(blob, body, (size_t)(end - body), BASE64_SKIP_SPACE) < 0)
		return error_set(err, ERROR_SYNTAX, "armored SSH signature is not valid base64");
	return 0;
}
