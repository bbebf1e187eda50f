/* buf.c - growable byte buffer. */
#include "buf.h"

#include <stdio.h>
#include <string.h>

#include "mem.h"

char buf_empty[1];

void
buf_init(struct buf *b)
{
	b->data = buf_empty;
	b->len = 0;
	b->cap = 0;
	b->failed = false;
}

void
buf_release(struct buf *b)
{
	if (b->cap)
		mem_free(b->data);
	buf_init(b);
}

void
buf_wipe(struct buf *b)
{
	if (b->cap)
		mem_wipe(b->data, b->cap);
	buf_release(b);
}

int
buf_grow(struct buf *b, size_t extra)
{
	size_t need, cap;
	char *p;

	if (b->failed)
		return -1;
	if (extra > (size_t)-1 / 2 - b->len - 1)
		goto fail;
	need = b->len + extra + 1;
	if (need <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap = cap / 2 * 3 + 16;
	p = b->cap ? mem_realloc(b->data, cap) : mem_alloc(cap);
	if (!p)
		goto fail;
	if (!b->cap)
		p[0] = '\0';
	b->data = p;
	b->cap = cap;
	return 0;
fail:
	b->failed = true;
	return -1;
}

void
buf_add(struct buf *b, const void *data, size_t len)
{
	if (len == 0 || buf_grow(b, len) < 0)
		return;
	memcpy(b->data + b->len, data, len);
	b->len += len;
	b->data[b->len] = '\0';
}

void
buf_addstr(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void
buf_addch(struct buf *b, char c)
{
	buf_add(b, &c, 1);
}

void
buf_addchn(struct buf *b, char c, size_t n)
{
	if (n == 0 || buf_grow(b, n) < 0)
		return;
	memset(b->data + b->len, c, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void
buf_vaddf(struct buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	if (b->failed)
		return;
	va_copy(cp, ap);
	n = vsnprintf(b->data + b->len, b->cap ? b->cap - b->len : 0, fmt, cp);
	va_end(cp);
	if (n < 0) {
		b->failed = true;
		return;
	}
	if (b->cap && (size_t)n < b->cap - b->len) {
		b->len += (size_t)n;
		return;
	}
	if (buf_grow(b, (size_t)n) < 0)
		return;
	vsnprintf(b->data + b->len, b->cap - b->len, fmt, ap);
	b->len += (size_t)n;
}

void
buf_addf(struct buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(b, fmt, ap);
	va_end(ap);
}

void
buf_reset(struct buf *b)
{
	buf_truncate(b, 0);
}

void
buf_truncate(struct buf *b, size_t len)
{
	if (len >= b->len)
		return;
	b->len = len;
	if (b->cap)
		b->data[len] = '\0';
}

char *
buf_detach(struct buf *b, size_t *len)
{
	char *p;

	if (b->failed) {
		buf_release(b);
		if (len)
			*len = 0;
		return NULL;
	}
	if (!b->cap) {
		p = mem_alloc(1);
		if (!p)
			return NULL;
		p[0] = '\0';
	} else {
		p = b->data;
	}
	if (len)
		*len = b->len;
	buf_init(b);
	return p;
}
