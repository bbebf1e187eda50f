/* digest.h - SHA-256 and keyed digests (OpenSSL libcrypto, EVP only). */
#ifndef SIGNOFF_DIGEST_H
#define SIGNOFF_DIGEST_H

#include <stddef.h>
#include <stdint.h>

#define DIGEST_SHA256_LEN 32
#define DIGEST_SHA256_HEX (DIGEST_SHA256_LEN * 2 + 1)

struct digest_sha256;   /* incremental hashing */

int digest_sha256(const void *data, size_t len, uint8_t out[DIGEST_SHA256_LEN]);
int digest_sha256_new(struct digest_sha256 **out);
int digest_sha256_update(struct digest_sha256 *d, const void *data, size_t len);
int digest_sha256_final(struct digest_sha256 *d, uint8_t out[DIGEST_SHA256_LEN]);
void digest_sha256_free(struct digest_sha256 **d);

/* HMAC-SHA256 under a random key made once per process, truncated to 16
 * bytes: comparable within one run, meaningless outside it.  Used to tell
 * whether a sensitive value changed without keeping it. */
int digest_session_mac(const void *data, size_t len, uint8_t out[16]);

void digest_hex(const uint8_t *bytes, size_t n, char *out /* 2n+1 */);

#endif
