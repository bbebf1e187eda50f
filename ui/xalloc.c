/* xalloc.c - dying allocators and die() for the front end. */
#include "xalloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "mem.h"

static void (*die_hook)(void *ctx);
static void *die_ctx;

void
die_set_hook(void (*hook)(void *ctx), void *ctx)
{
	die_hook = hook;
	die_ctx = ctx;
}

_Noreturn void
die(const char *fmt, ...)
{
	va_list ap;

	if (die_hook) {
		void (*hook)(void *) = die_hook;

		die_hook = NULL;
		hook(die_ctx);
	}
	fputs("signoff: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

void *
xmalloc(size_t size)
{
	void *p = mem_alloc(size ? size : 1);

	if (!p)
		die("out of memory");
	return p;
}

void *
xcalloc(size_t n, size_t size)
{
	void *p = mem_calloc(n ? n : 1, size ? size : 1);

	if (!p)
		die("out of memory");
	return p;
}

void *
xrealloc(void *p, size_t size)
{
	p = mem_realloc(p, size ? size : 1);
	if (!p)
		die("out of memory");
	return p;
}

char *
xstrdup(const char *s)
{
	char *p = mem_strdup(s);

	if (!p)
		die("out of memory");
	return p;
}

void
xgrow_array(void **array, size_t *cap, size_t need, size_t size)
{
	if (mem_grow_array(array, cap, need, size) < 0)
		die("out of memory");
}

void
xbuf_check(const struct buf *b)
{
	if (buf_failed(b))
		die("out of memory");
}
