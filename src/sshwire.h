/* sshwire.h - the SSH wire encoding (RFC 4251 section 5): uint32, string,
 * mpint, read strictly from a byte range and written into a buf.
 *
 * A reader is a cursor over borrowed bytes; every read checks the bounds
 * and returns -1 when the data is short, so parsers can chain reads and
 * report one "truncated" error.  Strings returned are borrowed views into
 * the reader's bytes.
 */
#ifndef SIGNOFF_SSHWIRE_H
#define SIGNOFF_SSHWIRE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct buf;

struct sshwire {
	const uint8_t *p;
	size_t len;
	size_t off;
};

void sshwire_init(struct sshwire *r, const void *p, size_t len);
int sshwire_u8(struct sshwire *r, uint8_t *v);
int sshwire_u32(struct sshwire *r, uint32_t *v);
/* n raw bytes. */
int sshwire_bytes(struct sshwire *r, const uint8_t **s, size_t n);
/* uint32 length + bytes. */
int sshwire_string(struct sshwire *r, const uint8_t **s, size_t *len);
/* A string that must hold no NUL byte (names, algorithms). */
int sshwire_text(struct sshwire *r, const char **s, size_t *len);
/* A string equal to `want`: -1 if short or different. */
int sshwire_expect(struct sshwire *r, const char *want);
/* A non-negative mpint in its minimal encoding; *mag gets the magnitude
 * without the sign byte (may be 0 bytes long for zero). */
int sshwire_mpint(struct sshwire *r, const uint8_t **mag, size_t *len);
bool sshwire_done(const struct sshwire *r);
size_t sshwire_left(const struct sshwire *r);

void sshwire_put_u8(struct buf *b, uint8_t v);
void sshwire_put_u32(struct buf *b, uint32_t v);
void sshwire_put_string(struct buf *b, const void *s, size_t len);
void sshwire_put_text(struct buf *b, const char *s);
/* An unsigned big-endian magnitude as a minimal mpint (leading zero
 * bytes dropped, a 0x00 added when the top bit is set). */
void sshwire_put_mpint(struct buf *b, const uint8_t *mag, size_t len);

#endif
