/* sshkey.h - OpenSSH keys: public key blobs and lines, unencrypted
 * "openssh-key-v1" private key files, SHA256 fingerprints, and raw SSH
 * signatures, all through OpenSSL's libcrypto (EVP).
 *
 * Three key types: ssh-ed25519, ecdsa-sha2-nistp256 and ssh-rsa (signing
 * with rsa-sha2-512; verifying rsa-sha2-512 or rsa-sha2-256, never
 * ssh-rsa/SHA-1; RSA keys under 2048 bits are refused when signing or
 * verifying).  A key always has its public blob in canonical wire form,
 * so two keys are the same key exactly when their blobs are equal.
 *
 * Signatures here are the SSH signature encoding (RFC 4253 6.6):
 * string algorithm, string signature-bytes.
 */
#ifndef SIGNOFF_SSHKEY_H
#define SIGNOFF_SSHKEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

struct buf;

/* X(name, key type, signature algorithm when signing, short name) */
#define SSHKEY_TYPES(X)                                                            \
	X(ED25519, "ssh-ed25519", "ssh-ed25519", "ED25519")                        \
	X(ECDSA_P256, "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp256", "ECDSA")       \
	X(RSA, "ssh-rsa", "rsa-sha2-512", "RSA")

enum sshkey_type {
#define X(name, type, alg, short_name) SSHKEY_##name,
	SSHKEY_TYPES(X)
#undef X
	SSHKEY_TYPE_COUNT
};

#define SSHKEY_RSA_MIN_BITS 2048
#define SSHKEY_FINGERPRINT_MAX 51  /* "SHA256:" + 43 + NUL */

struct sshkey;

/* Parses a public key blob (wire form).  Unknown or unsupported types,
 * bad encodings, points not on the curve and trailing bytes fail with
 * ERROR_CRYPTO. */
int sshkey_from_blob(struct sshkey **out, const uint8_t *blob, size_t len, struct error *err);

/* Parses "TYPE BASE64 [COMMENT]" (one line, as in a .pub file or an
 * allowed_signers entry after the principals and options).  The type
 * word must agree with the blob. */
int sshkey_parse_public(struct sshkey **out, const char *line, size_t len, struct error *err);

/* Reads a .pub file (first non-comment line). */
int sshkey_load_public(struct sshkey **out, const char *path, struct error *err);

/* Reads an unencrypted OpenSSH private key file ("-----BEGIN OPENSSH
 * PRIVATE KEY-----").  Refuses files readable by group or others (as
 * ssh does), encrypted keys (load those into ssh-agent instead) and
 * PEM/PKCS#8 files.  Every copy of the secret is wiped after use. */
int sshkey_load_private(struct sshkey **out, const char *path, struct error *err);
/* The same from text in memory; `path` only names it in errors. */
int sshkey_parse_private(struct sshkey **out, const char *text, size_t len, const char *path,
			 struct error *err);
/* The public half of a private key file, without decoding the private
 * section (for finding the key in ssh-agent).  Encrypted files work. */
int sshkey_parse_private_public(struct sshkey **out, const char *text, size_t len,
				const char *path, struct error *err);

void sshkey_free(struct sshkey **key);

enum sshkey_type sshkey_type(const struct sshkey *key);
const char *sshkey_type_name(const struct sshkey *key);    /* "ssh-ed25519" */
const char *sshkey_short_name(const struct sshkey *key);   /* "ED25519" */
const char *sshkey_sig_alg(const struct sshkey *key);      /* what signing produces */
unsigned sshkey_bits(const struct sshkey *key);
const uint8_t *sshkey_blob(const struct sshkey *key, size_t *len);
/* "SHA256:" + unpadded base64 of sha256(blob), as ssh-keygen -l prints. */
const char *sshkey_fingerprint(const struct sshkey *key);
/* The comment from the file or the agent; "" when none (untrusted text). */
const char *sshkey_comment(const struct sshkey *key);
int sshkey_set_comment(struct sshkey *key, const char *comment, size_t len);
bool sshkey_has_private(const struct sshkey *key);
bool sshkey_equal(const struct sshkey *a, const struct sshkey *b);

/* Signs data with the private key; appends the SSH signature encoding
 * to sig.  Ed25519 is PureEdDSA, ECDSA uses SHA-256, RSA rsa-sha2-512. */
int sshkey_sign(const struct sshkey *key, const void *data, size_t len, struct buf *sig,
		struct error *err);

/* Verifies an SSH signature encoding over data: the algorithm must suit
 * the key (see above), the encoding must be exact (no trailing bytes),
 * and the signature must be valid.  ERROR_CRYPTO otherwise. */
int sshkey_verify(const struct sshkey *key, const uint8_t *sig, size_t siglen, const void *data,
		  size_t len, struct error *err);

/* Writes "TYPE BASE64[ COMMENT]" (the .pub / allowed_signers form). */
void sshkey_format_public(const struct sshkey *key, struct buf *out, bool with_comment);

#endif
