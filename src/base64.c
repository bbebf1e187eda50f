/* base64.c - base64 on top of libcrypto. */
#include "base64.h"

#include <openssl/evp.h>
#include <stdbool.h>
#include <stdint.h>

#include "buf.h"

void
base64_encode(struct buf *out, const void *data, size_t len)
{
	size_t n = 4 * ((len + 2) / 3);

	if (len > ((size_t)1 << 30) || buf_grow(out, n + 1) < 0) {
		out->failed = true;
		return;
	}
	EVP_EncodeBlock((unsigned char *)out->data + out->len, data, (int)len);
	out->len += n;
	out->data[out->len] = '\0';
}

static bool
is_std(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '+' || c == '/';
}

static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/*
 * The text is first normalised into `clean` (standard alphabet, padded
 * to a multiple of four), because EVP_DecodeBlock knows only that form
 * and is lax about what surrounds it.  It returns three bytes per
 * quantum, padding included, so the pad count is subtracted after.
 */
int
base64_decode(struct buf *out, const char *s, size_t len, unsigned flags)
{
	struct buf clean = BUF_INIT;
	size_t i, pad = 0, start = out->len;
	bool saw_std = false, saw_url = false;
	int n;

	if (len > ((size_t)1 << 30))
		return -1;
	buf_grow(&clean, len + 4);
	for (i = 0; i < len; i++) {
		char c = s[i];

		if ((flags & BASE64_SKIP_SPACE) && is_space(c))
			continue;
		if (c == '=') {
			pad++;
			continue;
		}
		if (pad)
			goto bad; /* data after padding */
		if (c == '+' || c == '/') {
			saw_std = true;
		} else if (c == '-' || c == '_') {
			if (!(flags & BASE64_URLSAFE))
				goto bad;
			saw_url = true;
			c = c == '-' ? '+' : '/';
		} else if (!is_std(c)) {
			goto bad;
		}
		buf_addch(&clean, c);
	}
	if (saw_std && saw_url)
		goto bad;
	if (pad > 2)
		goto bad;
	if (clean.len % 4 == 1)
		goto bad;
	if (pad) {
		if ((clean.len + pad) % 4 != 0)
			goto bad;
	} else if (clean.len % 4 != 0) {
		if (!(flags & BASE64_UNPADDED))
			goto bad;
	}
	pad = (4 - clean.len % 4) % 4;
	buf_addchn(&clean, '=', pad);
	if (buf_failed(&clean) || buf_grow(out, clean.len / 4 * 3 + 1) < 0) {
		buf_release(&clean);
		out->failed = true;
		return -1;
	}
	if (clean.len == 0) {
		buf_release(&clean);
		return 0;
	}
	n = EVP_DecodeBlock((unsigned char *)out->data + start, (const unsigned char *)clean.data,
			   (int)clean.len);
	buf_release(&clean);
	if (n < 0 || (size_t)n < pad) {
		out->data[start] = '\0';
		return -1;
	}
	out->len = start + (size_t)n - pad;
	out->data[out->len] = '\0';
	return 0;
bad:
	buf_release(&clean);
	return -1;
}
