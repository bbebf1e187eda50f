/* xalloc.h - allocation that dies on failure, for ui/ only (style 5.4.7).
 *
 * The core returns ERROR_NOMEM; the interactive front end has nothing
 * better to do than restore the terminal and exit, which die() does
 * through the hook the app registers.
 */
#ifndef SIGNOFF_UI_XALLOC_H
#define SIGNOFF_UI_XALLOC_H

#include <stddef.h>

struct buf;

void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t size);
char *xstrdup(const char *s);
/* Grows *array (of *cap elements of `size` bytes) to hold `need`. */
void xgrow_array(void **array, size_t *cap, size_t need, size_t size);
/* XGROW(ptr, cap, need) for a typed pointer. */
#define XGROW(arr, cap, need)                                          \
	do {                                                           \
		void *xgrow_p_ = (arr);                                \
		xgrow_array(&xgrow_p_, (cap), (need), sizeof(*(arr))); \
		(arr) = xgrow_p_;                                      \
	} while (0)
/* Dies if the buffer failed to grow. */
void xbuf_check(const struct buf *b);

/* Restores the terminal (if a hook is set), prints "signoff: MSG", exits 1. */
_Noreturn void die(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void die_set_hook(void (*hook)(void *ctx), void *ctx);

#endif
