/* mem.h - allocation for the core, with a fault-injection hook.
 *
 * The core (src/) never aborts on OOM: these return NULL and callers
 * report ERROR_NOMEM.  Tests call mem_fail_after(n) to make the n-th
 * allocation from now fail (sqlite's fault loop).
 */
#ifndef SIGNOFF_MEM_H
#define SIGNOFF_MEM_H

#include <stddef.h>
#include <stdint.h>

void *mem_alloc(size_t size);
void *mem_calloc(size_t n, size_t size);
void *mem_realloc(void *p, size_t size);
/* Grows an array of `*cap` elements of `size` bytes to hold at least
 * `need`; returns 0, or -1 with the array unchanged. */
int mem_grow_array(void **array, size_t *cap, size_t need, size_t size);
void mem_free(void *p);
char *mem_strdup(const char *s);
char *mem_strndup(const char *s, size_t n);
/* Overwrites memory in a way the compiler keeps (for secrets). */
void mem_wipe(void *p, size_t n);

/* Test hook: the n-th allocation from now fails (n >= 1); 0 turns it off. */
void mem_fail_after(unsigned long n);
/* Number of allocations that failed on purpose since the last call. */
unsigned long mem_failures(void);

/* Bump allocator: many small objects freed together (the plan model). */
struct arena_chunk;
struct arena {
	struct arena_chunk *head;
	size_t used;     /* bytes used in head */
	size_t total;    /* bytes allocated from the system */
};

#define ARENA_INIT { NULL, 0, 0 }

void *arena_alloc(struct arena *a, size_t size);          /* 8-aligned, zeroed */
char *arena_strndup(struct arena *a, const char *s, size_t n);
void arena_release(struct arena *a);
/* Wipes every chunk before releasing. */
void arena_wipe(struct arena *a);

/* Interned strings living in an arena: equal strings share one pointer.
 * Strings may contain NUL bytes; the stored copy is NUL-terminated. */
struct strtab {
	struct arena *arena;
	const char **slots;
	uint32_t *lens;
	size_t cap;
	size_t count;
};

void strtab_init(struct strtab *t, struct arena *arena);
void strtab_release(struct strtab *t);
const char *strtab_intern(struct strtab *t, const char *s, size_t len);

uint64_t mem_hash(const void *p, size_t n);

#endif
