/* buf.h - growable byte buffer with git strbuf invariants.
 *
 * `data` is never NULL and always NUL-terminated.  Allocation failure is
 * sticky: once an append fails, `failed` is set, later appends do nothing,
 * and the caller checks buf_failed() once at the end (sqlite's
 * mallocFailed idea), so that rendering code is not a thicket of checks.
 */
#ifndef SIGNOFF_BUF_H
#define SIGNOFF_BUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

extern char buf_empty[];

struct buf {
	char *data;
	size_t len;
	size_t cap;     /* 0 while data == buf_empty */
	bool failed;
};

#define BUF_INIT { buf_empty, 0, 0, false }

void buf_init(struct buf *b);
void buf_release(struct buf *b);
/* Makes room for `extra` more bytes; -1 (and failed) on OOM. */
int buf_grow(struct buf *b, size_t extra);
void buf_add(struct buf *b, const void *data, size_t len);
void buf_addstr(struct buf *b, const char *s);
void buf_addch(struct buf *b, char c);
void buf_addchn(struct buf *b, char c, size_t n);
void buf_addf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vaddf(struct buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
void buf_reset(struct buf *b);
void buf_truncate(struct buf *b, size_t len);
/* Zeroes the contents before releasing (for buffers that held secrets). */
void buf_wipe(struct buf *b);
static inline bool
buf_failed(const struct buf *b)
{
	return b->failed;
}
/* Takes the memory (caller frees with mem_free); the buf is reset.
 * Returns NULL if the buffer had failed. */
char *buf_detach(struct buf *b, size_t *len);

#endif
