/* search.h - regular-expression search over a plan's changes (PCRE2).
 *
 * A pattern is a PCRE2 regular expression in UTF mode.  Smart case: a
 * pattern without an upper-case letter matches without regard to case.
 * Matching has a match limit and a depth limit, so a hostile pattern or
 * subject cannot hang the UI; hitting a limit counts as no match.
 *
 * A change matches when its address, its type, or any attribute key or
 * value (before or after; strings, numbers and booleans) matches; an
 * output when its name or its value does.
 * Sensitive values hold no text in the model and never match.  PCRE2
 * stays inside search.c.
 */
#ifndef SIGNOFF_SEARCH_H
#define SIGNOFF_SEARCH_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "plan.h"

struct search;

/* Compiles the pattern; errors say where in the pattern ("col N"). */
int search_new(struct search **out, const char *pattern, struct error *err);
void search_free(struct search **s);
const char *search_pattern(const struct search *s);

/* First match in text[0..len): true and [*start, *end) byte offsets. */
bool search_match(struct search *s, const char *text, size_t len, size_t *start, size_t *end);

enum search_where {
	SEARCH_IN_NONE,
	SEARCH_IN_ADDRESS,
	SEARCH_IN_TYPE,
	SEARCH_IN_KEY,      /* an attribute name */
	SEARCH_IN_VALUE,    /* an attribute value */
	SEARCH_IN_NAME,     /* an output's name */
};

#define SEARCH_PATH_MAX 160

struct search_hit {
	enum search_where where;
	char path[SEARCH_PATH_MAX]; /* attribute path for KEY and VALUE ("ingress[0].cidr_blocks[0]") */
};

/* Whether the change matches; fills *hit (which may be NULL). */
bool search_change(struct search *s, const struct plan_change *c, struct search_hit *hit);
/* Whether a root output matches (name, then value before or after);
 * fills *hit (which may be NULL).  A sensitive value never matches. */
bool search_output(struct search *s, const struct plan_output *o, struct search_hit *hit);

#endif
