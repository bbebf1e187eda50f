/* sshwire.c - RFC 4251 encodings. */
#include "sshwire.h"

#include <string.h>

#include "buf.h"

void
sshwire_init(struct sshwire *r, const void *p, size_t len)
{
	r->p = p;
	r->len = len;
	r->off = 0;
}

size_t
sshwire_left(const struct sshwire *r)
{
	return r->len - r->off;
}

bool
sshwire_done(const struct sshwire *r)
{
	return r->off == r->len;
}

int
sshwire_bytes(struct sshwire *r, const uint8_t **s, size_t n)
{
	if (n > sshwire_left(r))
		return -1;
	*s = r->p + r->off;
	r->off += n;
	return 0;
}

int
sshwire_u8(struct sshwire *r, uint8_t *v)
{
	const uint8_t *s;

	if (sshwire_bytes(r, &s, 1) < 0)
		return -1;
	*v = s[0];
	return 0;
}

int
sshwire_u32(struct sshwire *r, uint32_t *v)
{
	const uint8_t *s;

	if (sshwire_bytes(r, &s, 4) < 0)
		return -1;
	*v = (uint32_t)s[0] << 24 | (uint32_t)s[1] << 16 | (uint32_t)s[2] << 8 | s[3];
	return 0;
}

int
sshwire_string(struct sshwire *r, const uint8_t **s, size_t *len)
{
	size_t save = r->off;
	uint32_t n;

	if (sshwire_u32(r, &n) < 0 || sshwire_bytes(r, s, n) < 0) {
		r->off = save;
		return -1;
	}
	*len = n;
	return 0;
}

int
sshwire_text(struct sshwire *r, const char **s, size_t *len)
{
	const uint8_t *p;
	size_t save = r->off;

	if (sshwire_string(r, &p, len) < 0)
		return -1;
	if (memchr(p, '\0', *len)) {
		r->off = save;
		return -1;
	}
	*s = (const char *)p;
	return 0;
}

int
sshwire_expect(struct sshwire *r, const char *want)
{
	const char *s;
	size_t n, save = r->off;

	if (sshwire_text(r, &s, &n) < 0)
		return -1;
	if (n != strlen(want) || memcmp(s, want, n) != 0) {
		r->off = save;
		return -1;
	}
	return 0;
}

int
sshwire_mpint(struct sshwire *r, const uint8_t **mag, size_t *len)
{
	const uint8_t *p;
	size_t n, save = r->off;

	if (sshwire_string(r, &p, &n) < 0)
		return -1;
	if (n > 0 && (p[0] & 0x80))
		goto bad; /* negative */
	if (n > 0 && p[0] == 0) {
		/* one leading zero, only to clear the sign bit */
		if (n == 1 || !(p[1] & 0x80))
			goto bad;
		p++;
		n--;
	}
	*mag = p;
	*len = n;
	return 0;
bad:
	r->off = save;
	return -1;
}

void
sshwire_put_u8(struct buf *b, uint8_t v)
{
	buf_addch(b, (char)v);
}

void
sshwire_put_u32(struct buf *b, uint32_t v)
{
	char s[4] = { (char)(v >> 24), (char)(v >> 16), (char)(v >> 8), (char)v };

	buf_add(b, s, 4);
}

void
sshwire_put_string(struct buf *b, const void *s, size_t len)
{
	if (len > UINT32_MAX) {
		b->failed = true;
		return;
	}
	sshwire_put_u32(b, (uint32_t)len);
	buf_add(b, s, len);
}

void
sshwire_put_text(struct buf *b, const char *s)
{
	sshwire_put_string(b, s, strlen(s));
}

void
sshwire_put_mpint(struct buf *b, const uint8_t *mag, size_t len)
{
	while (len > 0 && mag[0] == 0) {
		mag++;
		len--;
	}
	if (len > 0 && (mag[0] & 0x80)) {
		sshwire_put_u32(b, (uint32_t)len + 1);
		buf_addch(b, 0);
		buf_add(b, mag, len);
	} else {
		sshwire_put_string(b, mag, len);
	}
}
