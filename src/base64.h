/* base64.h - base64 through OpenSSL's EVP_EncodeBlock/EVP_DecodeBlock.
 *
 * The decoder is strict about the alphabet and padding it was told to
 * accept (DSSE requires standard and URL-safe, padded or not; armored
 * SSH files need whitespace skipped) and never accepts a mix of the two
 * alphabets.  Both functions append to a buf; check buf_failed() for OOM.
 */
#ifndef SIGNOFF_BASE64_H
#define SIGNOFF_BASE64_H

#include <stddef.h>

struct buf;

enum base64_flags {
	BASE64_URLSAFE = 1 << 0,      /* also accept the '-' '_' alphabet */
	BASE64_UNPADDED = 1 << 1,     /* padding '=' may be left out */
	BASE64_SKIP_SPACE = 1 << 2,   /* ignore spaces, tabs, CR and LF anywhere */
};

/* Appends the standard, padded encoding of data[0..len) to out. */
void base64_encode(struct buf *out, const void *data, size_t len);

/* Decodes s[0..len) and appends the bytes to out.  Returns 0, or -1 for
 * text that is not base64 under `flags` (out is then left as it was) or
 * on OOM (buf_failed(out)). */
int base64_decode(struct buf *out, const char *s, size_t len, unsigned flags);

#endif
