/* sshsig.h - OpenSSH signatures (PROTOCOL.sshsig): the blob, the signed
 * data, the armor, and strict parsing.
 *
 * A blob is: "SSHSIG", uint32 version (exactly 1), string publickey,
 * string namespace, string reserved (empty), string hash_algorithm
 * ("sha256" or "sha512"), string signature; nothing after.  The parser
 * is stricter than ssh-keygen 9.2, which accepts version 0 and ignores
 * the (unsigned) reserved field: both are refused here, so a blob that
 * verifies has exactly one encoding up to the signature itself.
 *
 * What is signed is "SSHSIG", string namespace, string "" (reserved),
 * string hash_algorithm, string H(message).  Signing goes through a
 * callback, so the same code serves a key file and ssh-agent; the result
 * is verified against the public key before it is returned, which also
 * catches an agent that answered with the wrong algorithm.
 */
#ifndef SIGNOFF_SSHSIG_H
#define SIGNOFF_SSHSIG_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

struct buf;
struct sshkey;

/* The namespace signoff signs review decisions under. */
#define SSHSIG_NAMESPACE "signoff-review-v1"
#define SSHSIG_MAX_BLOB (16 * 1024)

enum sshsig_hash {
	SSHSIG_SHA256,
	SSHSIG_SHA512,
};

const char *sshsig_hash_name(enum sshsig_hash h);

/* A parsed blob: borrowed views into the bytes given to sshsig_parse. */
struct sshsig {
	const uint8_t *publickey;
	size_t publickey_len;
	const char *ns;             /* not NUL-terminated */
	size_t ns_len;
	enum sshsig_hash hash;
	const uint8_t *signature;   /* string alg, string sig */
	size_t signature_len;
};

/* Strict parse (see above); ERROR_CRYPTO naming the first problem. */
int sshsig_parse(struct sshsig *out, const uint8_t *blob, size_t len, struct error *err);

/* Appends the bytes that get signed for message[0..len). */
int sshsig_signed_data(struct buf *out, const char *ns, enum sshsig_hash hash, const void *msg,
		       size_t len);

/* Produces an SSH signature encoding of data (appended to sig). */
typedef int (*sshsig_sign_fn)(void *ctx, const struct sshkey *key, const uint8_t *data,
			      size_t len, struct buf *sig, struct error *err);

/* Signs msg under ns with the key (public part used in the blob; the
 * callback does the private operation) and appends the blob to out. */
int sshsig_sign(struct buf *out, const struct sshkey *key, sshsig_sign_fn fn, void *ctx,
		const char *ns, enum sshsig_hash hash, const void *msg, size_t len,
		struct error *err);

/* The callback for a key that holds its private half (sshkey_sign). */
int sshsig_sign_with_key(void *ctx, const struct sshkey *key, const uint8_t *data, size_t len,
			 struct buf *sig, struct error *err);

/* Parses strictly, checks the namespace equals ns, and verifies the
 * signature over msg.  On success *signer (if not NULL) gets the
 * signing key (owned by the caller).  ERROR_CRYPTO otherwise. */
int sshsig_verify(const uint8_t *blob, size_t len, const char *ns, const void *msg,
		  size_t msglen, struct sshkey **signer, struct error *err);

/* The armored form, exactly as ssh-keygen writes it: BEGIN line, base64
 * in 70-column lines, END line, final newline. */
void sshsig_armor(struct buf *out, const uint8_t *blob, size_t len);
/* Reads an armored signature: the BEGIN line must come first; any line
 * width is accepted; text after the END line is ignored (as OpenSSH). */
int sshsig_dearmor(struct buf *blob, const char *text, size_t len, struct error *err);

#endif
