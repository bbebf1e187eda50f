/* error.c - errors as values with a location. */
#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "str.h"

static const char *const code_names[] = {
#define X(name, text) text,
	ERROR_CODES(X)
#undef X
};

const char *
error_code_name(enum error_code code)
{
	if ((unsigned)code >= ERROR_CODE_COUNT)
		return "unknown error";
	return code_names[code];
}

int
error_setv(struct error *err, enum error_code code, const char *fmt, va_list ap)
{
	if (!err)
		return -1;
	err->code = code;
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	return -1;
}

int
error_set(struct error *err, enum error_code code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	error_setv(err, code, fmt, ap);
	va_end(ap);
	return -1;
}

void
error_locate(struct error *err, const char *path, unsigned long line, unsigned long col)
{
	if (!err)
		return;
	if (path) {
		size_t n = strlen(path);

		if (n >= sizeof(err->path))
			n = sizeof(err->path) - 1;
		memcpy(err->path, path, n);
		err->path[n] = '\0';
	}
	err->line = line;
	err->col = col;
}

int
error_set_at(struct error *err, enum error_code code, const char *path,
	     unsigned long line, unsigned long col, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return -1;
	error_locate(err, path, line, col);
	va_start(ap, fmt);
	error_setv(err, code, fmt, ap);
	va_end(ap);
	return -1;
}

void
error_prefix(struct error *err, const char *fmt, ...)
{
	char head[256], old[sizeof(err->msg)];
	va_list ap;

	if (!err)
		return;
	va_start(ap, fmt);
	vsnprintf(head, sizeof(head), fmt, ap);
	va_end(ap);
	memcpy(old, err->msg, sizeof(old));
	{
		/* truncation is fine: messages are one line for people */
		size_t h = strlen(head), o = strlen(old);

		if (h > sizeof(err->msg) - 3)
			h = sizeof(err->msg) - 3;
		memcpy(err->msg, head, h);
		memcpy(err->msg + h, ": ", 2);
		if (o > sizeof(err->msg) - 3 - h)
			o = sizeof(err->msg) - 3 - h;
		memcpy(err->msg + h + 2, old, o);
		err->msg[h + 2 + o] = '\0';
	}
}

void
error_release(struct error *err)
{
	if (!err)
		return;
	err->code = ERROR_NONE;
	err->line = err->col = 0;
	err->path[0] = '\0';
	err->msg[0] = '\0';
}

int
error_exit_status(const struct error *err)
{
	if (!err)
		return 1;
	switch (err->code) {
	case ERROR_NOMEM:
	case ERROR_INTERNAL:
		return 1;
	default:
		return 2;
	}
}

void
error_print(const struct error *err, FILE *out)
{
	struct buf line = BUF_INIT;

	buf_addstr(&line, "signoff: ");
	if (err->path[0]) {
		str_escape(&line, err->path, strlen(err->path), STR_ESCAPE_CONTROLS);
		/* FILE:LINE:COL always, as warnings print it: a line known
		 * without its column (jansson at a line's first byte, a line
		 * too long or with a NUL) is at its start */
		if (err->line)
			buf_addf(&line, ":%lu:%lu", err->line, err->col ? err->col : 1);
		buf_addstr(&line, ": ");
	}
	str_escape(&line, err->msg[0] ? err->msg : error_code_name(err->code),
		   strlen(err->msg[0] ? err->msg : error_code_name(err->code)),
		   STR_ESCAPE_CONTROLS);
	if (buf_failed(&line)) {
		/* Out of memory while reporting: fall back to a fixed text. */
		fputs("signoff: out of memory while reporting an error\n", out);
	} else {
		buf_addch(&line, '\n');
		fwrite(line.data, 1, line.len, out);
	}
	buf_release(&line);
}
