/* digest.c - SHA-256 and the per-session keyed digest. */
#include "digest.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <string.h>

#include "mem.h"

struct digest_sha256 {
	EVP_MD_CTX *ctx;
};

int
digest_sha256(const void *data, size_t len, uint8_t out[DIGEST_SHA256_LEN])
{
	unsigned int n = 0;

	if (EVP_Digest(data, len, out, &n, EVP_sha256(), NULL) != 1 || n != DIGEST_SHA256_LEN)
		return -1;
	return 0;
}

int
digest_sha256_new(struct digest_sha256 **out)
{
	struct digest_sha256 *d = mem_alloc(sizeof(*d));

	*out = NULL;
	if (!d)
		return -1;
	d->ctx = EVP_MD_CTX_new();
	if (!d->ctx || EVP_DigestInit_ex(d->ctx, EVP_sha256(), NULL) != 1) {
		EVP_MD_CTX_free(d->ctx);
		mem_free(d);
		return -1;
	}
	*out = d;
	return 0;
}

int
digest_sha256_update(struct digest_sha256 *d, const void *data, size_t len)
{
	return EVP_DigestUpdate(d->ctx, data, len) == 1 ? 0 : -1;
}

int
digest_sha256_final(struct digest_sha256 *d, uint8_t out[DIGEST_SHA256_LEN])
{
	unsigned int n = 0;

	if (EVP_DigestFinal_ex(d->ctx, out, &n) != 1 || n != DIGEST_SHA256_LEN)
		return -1;
	return 0;
}

void
digest_sha256_free(struct digest_sha256 **d)
{
	if (!*d)
		return;
	EVP_MD_CTX_free((*d)->ctx);
	mem_free(*d);
	*d = NULL;
}

static uint8_t session_key[32];
static int session_key_ready;

int
digest_session_mac(const void *data, size_t len, uint8_t out[16])
{
	uint8_t full[EVP_MAX_MD_SIZE];
	unsigned int n = 0;

	if (!session_key_ready) {
		if (RAND_bytes(session_key, sizeof(session_key)) != 1)
			return -1;
		session_key_ready = 1;
	}
	if (!HMAC(EVP_sha256(), session_key, sizeof(session_key), data, len, full, &n) || n < 16)
		return -1;
	memcpy(out, full, 16);
	mem_wipe(full, sizeof(full));
	return 0;
}

void
digest_hex(const uint8_t *bytes, size_t n, char *out)
{
	static const char hex[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = hex[bytes[i] >> 4];
		out[2 * i + 1] = hex[bytes[i] & 15];
	}
	out[2 * n] = '\0';
}
