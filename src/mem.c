/* mem.c - allocation with fault injection, arenas, interned strings. */
#include "mem.h"

#include <stdlib.h>
#include <string.h>

static unsigned long fail_countdown;
static unsigned long fail_count;

void
mem_fail_after(unsigned long n)
{
	fail_countdown = n;
	fail_count = 0;
}

unsigned long
mem_failures(void)
{
	unsigned long n = fail_count;

	fail_count = 0;
	return n;
}

static int
should_fail(void)
{
	if (fail_countdown == 0)
		return 0;
	if (--fail_countdown == 0) {
		fail_count++;
		fail_countdown = 1; /* keep failing until reset: OOM persists */
		return 1;
	}
	return 0;
}

void *
mem_alloc(size_t size)
{
	if (should_fail())
		return NULL;
	return malloc(size ? size : 1);
}

void *
mem_calloc(size_t n, size_t size)
{
	if (should_fail())
		return NULL;
	return calloc(n ? n : 1, size ? size : 1);
}

void *
mem_realloc(void *p, size_t size)
{
	if (should_fail())
		return NULL;
	return realloc(p, size ? size : 1);
}

int
mem_grow_array(void **array, size_t *cap, size_t need, size_t size)
{
	size_t n;
	void *p;

	if (need <= *cap)
		return 0;
	n = *cap ? *cap : 8;
	while (n < need) {
		if (n > ((size_t)-1 / 2) / size)
			return -1;
		n *= 2;
	}
	p = mem_realloc(*array, n * size);
	if (!p)
		return -1;
	*array = p;
	*cap = n;
	return 0;
}

void
mem_free(void *p)
{
	free(p);
}

char *
mem_strndup(const char *s, size_t n)
{
	char *p = mem_alloc(n + 1);

	if (!p)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
mem_strdup(const char *s)
{
	return mem_strndup(s, strlen(s));
}

void
mem_wipe(void *p, size_t n)
{
	/* glibc's: as fast as memset, and never optimised away */
	explicit_bzero(p, n);
}

/* ---- arena ---- */

struct arena_chunk {
	struct arena_chunk *next;
	size_t size;
	max_align_t align_[];
};

#define ARENA_CHUNK 65536

void *
arena_alloc(struct arena *a, size_t size)
{
	struct arena_chunk *c;
	char *p;

	size = (size + 7) & ~(size_t)7;
	if (!size)
		size = 8;
	if (!a->head || a->head->size - a->used < size) {
		/* chunks grow from 1 KiB to 64 KiB, so that small arenas (a
		 * secret read into scratch memory) stay small and cheap to wipe */
		size_t grow = a->total < ARENA_CHUNK ? (a->total ? a->total * 2 : 1024) : ARENA_CHUNK;
		size_t csize = size > ARENA_CHUNK / 4 ? size : (grow > size ? grow : size);

		c = mem_alloc(sizeof(*c) + csize);
		if (!c)
			return NULL;
		c->size = csize;
		a->total += csize;
		if (a->head && size > ARENA_CHUNK / 4) {
			/* Big object: keep filling the current chunk afterwards. */
			c->next = a->head->next;
			a->head->next = c;
			p = (char *)c->align_;
			memset(p, 0, size);
			return p;
		}
		c->next = a->head;
		a->head = c;
		a->used = 0;
	}
	p = (char *)a->head->align_ + a->used;
	a->used += size;
	memset(p, 0, size);
	return p;
}

char *
arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);

	if (!p)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

static void
arena_free_chunks(struct arena *a, int wipe)
{
	struct arena_chunk *c = a->head, *next;

	while (c) {
		next = c->next;
		if (wipe)
			mem_wipe(c->align_, c->size);
		mem_free(c);
		c = next;
	}
	a->head = NULL;
	a->used = 0;
	a->total = 0;
}

void
arena_release(struct arena *a)
{
	arena_free_chunks(a, 0);
}

void
arena_wipe(struct arena *a)
{
	arena_free_chunks(a, 1);
}

/* ---- interned strings ---- */

uint64_t
mem_hash(const void *p, size_t n)
{
	/* FNV-1a, 64-bit. */
	const unsigned char *s = p;
	uint64_t h = 1469598103934665603ULL;

	while (n--) {
		h ^= *s++;
		h *= 1099511628211ULL;
	}
	return h;
}

void
strtab_init(struct strtab *t, struct arena *arena)
{
	memset(t, 0, sizeof(*t));
	t->arena = arena;
}

void
strtab_release(struct strtab *t)
{
	mem_free(t->slots);
	mem_free(t->lens);
	t->slots = NULL;
	t->lens = NULL;
	t->cap = t->count = 0;
}

static int
strtab_rehash(struct strtab *t)
{
	size_t ncap = t->cap ? t->cap * 2 : 256, i;
	const char **slots = mem_calloc(ncap, sizeof(*slots));
	uint32_t *lens = mem_calloc(ncap, sizeof(*lens));

	if (!slots || !lens) {
		mem_free(slots);
		mem_free(lens);
		return -1;
	}
	for (i = 0; i < t->cap; i++) {
		size_t j;

		if (!t->slots[i])
			continue;
		j = mem_hash(t->slots[i], t->lens[i]) & (ncap - 1);
		while (slots[j])
			j = (j + 1) & (ncap - 1);
		slots[j] = t->slots[i];
		lens[j] = t->lens[i];
	}
	mem_free(t->slots);
	mem_free(t->lens);
	t->slots = slots;
	t->lens = lens;
	t->cap = ncap;
	return 0;
}

const char *
strtab_intern(struct strtab *t, const char *s, size_t len)
{
	size_t i;
	char *copy;

	if (len > UINT32_MAX)
		return NULL;
	if ((t->count + 1) * 2 > t->cap && strtab_rehash(t) < 0)
		return NULL;
	i = mem_hash(s, len) & (t->cap - 1);
	while (t->slots[i]) {
		if (t->lens[i] == len && memcmp(t->slots[i], s, len) == 0)
			return t->slots[i];
		i = (i + 1) & (t->cap - 1);
	}
	copy = arena_strndup(t->arena, s, len);
	if (!copy)
		return NULL;
	t->slots[i] = copy;
	t->lens[i] = (uint32_t)len;
	t->count++;
	return copy;
}
