/* error.h - errors as values with a location.
 *
 * Functions that can fail return 0 on success and -1 on failure, and fill
 * an optional `struct error *` (which may be NULL).  The message buffer is
 * fixed-size so that reporting can never itself fail on OOM.
 */
#ifndef SIGNOFF_ERROR_H
#define SIGNOFF_ERROR_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#define ERROR_CODES(X)                                            \
	X(NONE, "no error")                                       \
	X(NOMEM, "out of memory")                                 \
	X(IO, "input/output error")                               \
	X(USAGE, "usage error")                                   \
	X(SYNTAX, "syntax error")                                 \
	X(ENCODING, "encoding error")                             \
	X(SCHEMA, "unexpected structure")                         \
	X(FORMAT, "unsupported format")                           \
	X(LIMIT, "limit exceeded")                                \
	X(NOTFOUND, "not found")                                  \
	X(RULE, "bad rule")                                       \
	X(CRYPTO, "signature error")                              \
	X(INTERNAL, "internal error")

enum error_code {
#define X(name, text) ERROR_##name,
	ERROR_CODES(X)
#undef X
	ERROR_CODE_COUNT
};

struct error {
	enum error_code code;
	unsigned long line;   /* 1-based, 0 when unknown */
	unsigned long col;    /* 1-based, 0 when unknown */
	char path[256];       /* file the error is about, "" when none */
	char msg[512];
};

#define ERROR_INIT { ERROR_NONE, 0, 0, "", "" }

/* Sets code and message (printf-style); keeps any location already set.
 * Returns -1 so that call sites read `return error_set(err, ...)`. */
int error_set(struct error *err, enum error_code code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int error_setv(struct error *err, enum error_code code, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));

/* Sets code, message and location. */
int error_set_at(struct error *err, enum error_code code, const char *path,
		 unsigned long line, unsigned long col, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

/* Sets only the location (path may be NULL to keep it). */
void error_locate(struct error *err, const char *path, unsigned long line, unsigned long col);

/* Puts "prefix: " in front of the current message. */
void error_prefix(struct error *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Resets to ERROR_INIT. */
void error_release(struct error *err);

const char *error_code_name(enum error_code code);

/* Writes "signoff: PATH:LINE:COL: message\n" to `out`, with every control
 * character in path and message escaped.  Always one line. */
void error_print(const struct error *err, FILE *out);

/* Exit status for an error: 2 for bad input and usage, 1 for internal. */
int error_exit_status(const struct error *err);

#endif
