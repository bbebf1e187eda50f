/* json.h - a pull (streaming) JSON reader over an in-memory buffer.
 *
 * Why not jansson here: jansson builds a full DOM (5-10x the input in
 * memory, where the design allows 2.5x for a 100 MB plan) and cannot keep
 * numbers as text (it rejects integers beyond 64 bits and rounds reals),
 * while plan values must keep every digit.  This reader validates strictly
 * (RFC 8259 grammar, UTF-8, depth), never recurses, and reports errors
 * with line and column.  jansson is still used where documents are small
 * and a DOM is what we want (review bundles, JSON output).
 */
#ifndef SIGNOFF_JSON_H
#define SIGNOFF_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "error.h"

enum json_token {
	JSON_EOF = 0,
	JSON_OBJECT_BEGIN,
	JSON_OBJECT_END,
	JSON_ARRAY_BEGIN,
	JSON_ARRAY_END,
	JSON_KEY,
	JSON_STRING,
	JSON_NUMBER,
	JSON_TRUE,
	JSON_FALSE,
	JSON_NULL,
};

#define JSON_MAX_DEPTH_DEFAULT 1000

struct json_reader {
	const char *buf;
	size_t len;
	size_t pos;
	const char *path;        /* for error messages */
	unsigned max_depth;
	unsigned depth;
	unsigned char *stack;    /* '{' or '[' per open container */
	size_t stack_cap;
	int state;
	bool multi;              /* accept a sequence of top-level values */
	bool sub;                /* reading one value inside a larger buffer */
	/* the current token */
	enum json_token tok;
	size_t tok_off;          /* offset of its first byte */
	const char *str;         /* KEY/STRING: unescaped; NUMBER: raw text */
	size_t str_len;
	bool str_escaped;        /* str points into scratch, not into buf */
	struct buf scratch;
};

/* Reads the JSON text buf[start..len).  `path` is borrowed for messages. */
void json_reader_init(struct json_reader *r, const char *buf, size_t len, size_t start,
		      const char *path);
void json_reader_release(struct json_reader *r);

/* The next token, or -1 with err set (syntax, encoding, depth). */
int json_reader_next(struct json_reader *r, struct error *err);
/* After a *_BEGIN token: consume up to and including the matching END,
 * validating everything.  After a scalar token: does nothing. */
int json_reader_skip(struct json_reader *r, struct error *err);
/* After the top-level value (JSON_EOF): fails unless only whitespace
 * follows. */
int json_reader_expect_end(struct json_reader *r, struct error *err);

/* Offset just past the current token. */
static inline size_t
json_reader_offset(const struct json_reader *r)
{
	return r->pos;
}

/* 1-based line and column (in code points) of byte offset `off`. */
void json_position(const char *buf, size_t len, size_t off, unsigned long *line,
		   unsigned long *col);

/* A position already counted, so that many positions asked in file order
 * cost one pass over the text, not one each.  Zero-initialise. */
struct json_pos_cursor {
	size_t off;
	unsigned long line, col;
};

/* json_position, counting on from `cur` when `off` is at or after it. */
void json_position_from(struct json_pos_cursor *cur, const char *buf, size_t len, size_t off,
			unsigned long *line, unsigned long *col);
/* Sets err to a message located at byte offset `off` of the reader's buffer. */
int json_reader_fail(struct json_reader *r, struct error *err, enum error_code code, size_t off,
		     const char *fmt, ...) __attribute__((format(printf, 5, 6)));

const char *json_token_name(enum json_token tok);

/* Appends s as a JSON string literal (quotes included), escaping what
 * RFC 8259 requires and every control and bidi character as \uXXXX. */
void json_quote(struct buf *out, const char *s, size_t len);

#endif
