/* jsonw.h - streaming, pretty-printing JSON writer into a buf.
 *
 * Used for headless JSON output of large plans: values keep their
 * numbers as source text (jansson would round them), and nothing is
 * held in memory beyond the output buffer, which the caller flushes.
 */
#ifndef SIGNOFF_JSONW_H
#define SIGNOFF_JSONW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "buf.h"

#define JSONW_MAX_DEPTH 64

struct jsonw {
	struct buf out;
	int depth;
	bool first[JSONW_MAX_DEPTH];
	bool after_key;
	bool pretty;
};

void jsonw_init(struct jsonw *w, bool pretty);
void jsonw_release(struct jsonw *w);
void jsonw_begin_object(struct jsonw *w);
void jsonw_end_object(struct jsonw *w);
void jsonw_begin_array(struct jsonw *w);
void jsonw_end_array(struct jsonw *w);
void jsonw_key(struct jsonw *w, const char *key);
void jsonw_keyn(struct jsonw *w, const char *key, size_t len);
void jsonw_string(struct jsonw *w, const char *s);          /* NULL writes null */
void jsonw_stringn(struct jsonw *w, const char *s, size_t len);
void jsonw_bool(struct jsonw *w, bool b);
void jsonw_null(struct jsonw *w);
void jsonw_uint(struct jsonw *w, unsigned long long n);
void jsonw_int(struct jsonw *w, long long n);
/* Already valid JSON text (e.g. a number as written). */
void jsonw_raw(struct jsonw *w, const char *json, size_t len);
/* Shortcuts: key + value. */
void jsonw_kv_string(struct jsonw *w, const char *key, const char *s);
void jsonw_kv_bool(struct jsonw *w, const char *key, bool b);
void jsonw_kv_uint(struct jsonw *w, const char *key, unsigned long long n);
/* Writes the buffered text to f and empties the buffer; -1 on error. */
int jsonw_flush(struct jsonw *w, FILE *f);

#endif
