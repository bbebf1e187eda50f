/* dsse.h - DSSE envelopes (secure-systems-lab/dsse v1.0.0) signed as
 * OpenSSH signatures.
 *
 * What is signed is the pre-authentication encoding
 *   PAE(type, body) = "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body
 * with LEN as ASCII decimal, so the signature covers the exact payload
 * bytes and its type; nothing is canonicalised.  The signature is an
 * SSHSIG blob (sshsig.h) over the PAE, base64 on one line in `sig`; to
 * check it by hand, put the armor lines around `sig` and run
 * `ssh-keygen -Y verify` on the PAE bytes.
 *
 * An envelope owns its bytes (payload, signature blob, strings).
 */
#ifndef SIGNOFF_DSSE_H
#define SIGNOFF_DSSE_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "sshsig.h"

struct buf;
struct sshkey;

#define DSSE_PAYLOAD_TYPE "application/vnd.in-toto+json"

struct dsse_envelope {
	char *payload_type;
	uint8_t *payload;
	size_t payload_len;
	char *keyid;            /* a hint only (never trusted); may be NULL */
	uint8_t *sig;           /* the SSHSIG blob */
	size_t sig_len;
};

/* Appends PAE(type, body) to out. */
void dsse_pae(struct buf *out, const char *type, const void *body, size_t len);

/* Fills env (which the caller has zeroed) by signing payload as
 * DSSE_PAYLOAD_TYPE under ns with key through fn/ctx (sshsig.h); keyid
 * is the key's SHA256 fingerprint. */
int dsse_sign(struct dsse_envelope *env, const void *payload, size_t len,
	      const struct sshkey *key, sshsig_sign_fn fn, void *ctx, const char *ns,
	      struct error *err);

/* Verifies env's signature over PAE(env->payload_type, payload) under ns;
 * *signer gets the key (owned).  ERROR_CRYPTO on any failure. */
int dsse_verify(const struct dsse_envelope *env, const char *ns, struct sshkey **signer,
		struct error *err);

void dsse_envelope_release(struct dsse_envelope *env);

#endif
