/* json.c - strict pull JSON reader (see json.h for why not jansson). */
#include "json.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "mem.h"
#include "str.h"

enum {
	S_VALUE,          /* a value must come */
	S_VALUE_OR_END,   /* just after '[' */
	S_KEY_OR_END,     /* just after '{' */
	S_KEY,            /* after ',' in an object */
	S_AFTER,          /* after a value */
	S_DONE,           /* top-level value finished */
};

void
json_reader_init(struct json_reader *r, const char *buf, size_t len, size_t start,
		 const char *path)
{
	memset(r, 0, sizeof(*r));
	r->buf = buf;
	r->len = len;
	r->pos = start;
	r->path = path;
	r->max_depth = JSON_MAX_DEPTH_DEFAULT;
	r->state = S_VALUE;
	buf_init(&r->scratch);
}

void
json_reader_release(struct json_reader *r)
{
	mem_free(r->stack);
	r->stack = NULL;
	r->stack_cap = 0;
	buf_wipe(&r->scratch);
}

/* Counts lines and columns over buf[from, to), starting at (*line, *col). */
static void
count_position(const char *buf, size_t from, size_t to, unsigned long *line, unsigned long *col)
{
	unsigned long l = *line, c = *col;
	size_t i;

	for (i = from; i < to; i++) {
		unsigned char ch = (unsigned char)buf[i];

		if (ch == '\n') {
			l++;
			c = 1;
		} else if ((ch & 0xC0) != 0x80) {
			c++;
		}
	}
	*line = l;
	*col = c;
}

void
json_position(const char *buf, size_t len, size_t off, unsigned long *line, unsigned long *col)
{
	*line = 1;
	*col = 1;
	count_position(buf, 0, off > len ? len : off, line, col);
}

void
json_position_from(struct json_pos_cursor *cur, const char *buf, size_t len, size_t off,
		   unsigned long *line, unsigned long *col)
{
	if (off > len)
		off = len;
	if (cur->line == 0 || off < cur->off) {
		cur->off = 0;
		cur->line = 1;
		cur->col = 1;
	}
	count_position(buf, cur->off, off, &cur->line, &cur->col);
	cur->off = off;
	*line = cur->line;
	*col = cur->col;
}

int
json_reader_fail(struct json_reader *r, struct error *err, enum error_code code, size_t off,
		 const char *fmt, ...)
{
	unsigned long line, col;
	va_list ap;

	if (!err)
		return -1;
	json_position(r->buf, r->len, off, &line, &col);
	error_locate(err, r->path ? r->path : "", line, col);
	va_start(ap, fmt);
	error_setv(err, code, fmt, ap);
	va_end(ap);
	return -1;
}

const char *
json_token_name(enum json_token tok)
{
	switch (tok) {
	case JSON_EOF:
		return "end of input";
	case JSON_OBJECT_BEGIN:
		return "object";
	case JSON_OBJECT_END:
		return "'}'";
	case JSON_ARRAY_BEGIN:
		return "array";
	case JSON_ARRAY_END:
		return "']'";
	case JSON_KEY:
		return "key";
	case JSON_STRING:
		return "string";
	case JSON_NUMBER:
		return "number";
	case JSON_TRUE:
	case JSON_FALSE:
		return "boolean";
	case JSON_NULL:
		return "null";
	}
	return "token";
}

static void
skip_ws(struct json_reader *r)
{
	const char *b = r->buf;
	size_t p = r->pos, n = r->len;

	while (p < n && (b[p] == ' ' || b[p] == '\n' || b[p] == '\r' || b[p] == '\t'))
		p++;
	r->pos = p;
}

static int
describe_char(char *out, size_t size, const char *b, size_t n, size_t p)
{
	unsigned char c;

	if (p >= n)
		return snprintf(out, size, "end of input");
	c = (unsigned char)b[p];
	if (c >= 0x21 && c < 0x7F)
		return snprintf(out, size, "'%c'", c);
	return snprintf(out, size, "byte 0x%02x", c);
}

static int
unexpected(struct json_reader *r, struct error *err, const char *wanted)
{
	char what[32];

	describe_char(what, sizeof(what), r->buf, r->len, r->pos);
	if (r->pos >= r->len)
		return json_reader_fail(r, err, ERROR_SYNTAX, r->pos,
					"unexpected end of input (truncated JSON?), expected %s",
					wanted);
	return json_reader_fail(r, err, ERROR_SYNTAX, r->pos, "unexpected %s, expected %s", what,
				wanted);
}

static int
push(struct json_reader *r, struct error *err, unsigned char kind)
{
	if (r->depth >= r->max_depth)
		return json_reader_fail(r, err, ERROR_LIMIT, r->pos,
					"JSON nested deeper than %u levels", r->max_depth);
	if (r->depth >= r->stack_cap) {
		void *p = r->stack;

		if (mem_grow_array(&p, &r->stack_cap, (size_t)r->depth + 1, 1) < 0)
			return error_set(err, ERROR_NOMEM, "out of memory");
		r->stack = p;
	}
	r->stack[r->depth++] = kind;
	return 0;
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int
read_u16(const char *p, size_t avail, uint32_t *out)
{
	uint32_t v = 0;
	int i;

	if (avail < 4)
		return -1;
	for (i = 0; i < 4; i++) {
		int h = hexval(p[i]);

		if (h < 0)
			return -1;
		v = v << 4 | (uint32_t)h;
	}
	*out = v;
	return 0;
}

/* Reads a string starting at the opening quote at r->pos. */
static int
read_string(struct json_reader *r, struct error *err)
{
	const char *b = r->buf;
	size_t n = r->len, p = r->pos + 1, start = p;
	bool escaped = false;

	for (;;) {
		unsigned char c;

		if (p >= n)
			return json_reader_fail(r, err, ERROR_SYNTAX, r->pos,
						"unterminated string (truncated JSON?)");
		c = (unsigned char)b[p];
		if (c == '"')
			break;
		if (c == '\\') {
			escaped = true;
			p += 2;
			continue;
		}
		if (c < 0x20)
			return json_reader_fail(r, err, ERROR_SYNTAX, p,
						"control character 0x%02x inside a string", c);
		if (c >= 0x80) {
			uint32_t cp;
			int k = str_utf8_decode(b + p, n - p, &cp);

			if (k < 0)
				return json_reader_fail(r, err, ERROR_ENCODING, p,
							"invalid UTF-8 byte 0x%02x in a string", c);
			p += (size_t)k;
			continue;
		}
		p++;
	}
	if (p > n)
		return json_reader_fail(r, err, ERROR_SYNTAX, r->pos,
					"unterminated string (truncated JSON?)");
	if (!escaped) {
		r->str = b + start;
		r->str_len = p - start;
		r->str_escaped = false;
		r->pos = p + 1;
		return 0;
	}
	/* Second pass: unescape into scratch. */
	buf_reset(&r->scratch);
	{
		size_t q = start;

		while (q < p) {
			size_t run = q;

			while (q < p && b[q] != '\\')
				q++;
			buf_add(&r->scratch, b + run, q - run);
			if (q >= p)
				break;
			q++; /* backslash */
			switch (b[q]) {
			case '"':
			case '\\':
			case '/':
				buf_addch(&r->scratch, b[q]);
				q++;
				break;
			case 'b':
				buf_addch(&r->scratch, '\b');
				q++;
				break;
			case 'f':
				buf_addch(&r->scratch, '\f');
				q++;
				break;
			case 'n':
				buf_addch(&r->scratch, '\n');
				q++;
				break;
			case 'r':
				buf_addch(&r->scratch, '\r');
				q++;
				break;
			case 't':
				buf_addch(&r->scratch, '\t');
				q++;
				break;
			case 'u': {
				uint32_t cp, lo;
				char enc[4];

				if (read_u16(b + q + 1, p - q - 1, &cp) < 0)
					return json_reader_fail(r, err, ERROR_SYNTAX, q - 1,
								"bad \\u escape in a string");
				q += 5;
				if (cp >= 0xD800 && cp <= 0xDBFF && q + 6 <= p && b[q] == '\\' &&
				    b[q + 1] == 'u' && read_u16(b + q + 2, p - q - 2, &lo) == 0 &&
				    lo >= 0xDC00 && lo <= 0xDFFF) {
					cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
					q += 6;
				} else if (cp >= 0xD800 && cp <= 0xDFFF) {
					cp = 0xFFFD; /* lone surrogate */
				}
				buf_add(&r->scratch, enc, (size_t)str_utf8_encode(cp, enc));
				break;
			}
			default:
				return json_reader_fail(r, err, ERROR_SYNTAX, q - 1,
							"bad escape '\\%c' in a string",
							(b[q] >= 0x21 && b[q] < 0x7F) ? b[q] : '?');
			}
		}
	}
	if (buf_failed(&r->scratch))
		return error_set(err, ERROR_NOMEM, "out of memory");
	r->str = r->scratch.data;
	r->str_len = r->scratch.len;
	r->str_escaped = true;
	r->pos = p + 1;
	return 0;
}

static int
read_number(struct json_reader *r, struct error *err)
{
	const char *b = r->buf;
	size_t n = r->len, p = r->pos;

	if (p < n && b[p] == '-')
		p++;
	if (p < n && b[p] == '0') {
		p++;
	} else if (p < n && b[p] >= '1' && b[p] <= '9') {
		while (p < n && b[p] >= '0' && b[p] <= '9')
			p++;
	} else {
		return json_reader_fail(r, err, ERROR_SYNTAX, r->pos, "malformed number");
	}
	if (p < n && b[p] == '.') {
		p++;
		if (p >= n || b[p] < '0' || b[p] > '9')
			return json_reader_fail(r, err, ERROR_SYNTAX, r->pos, "malformed number");
		while (p < n && b[p] >= '0' && b[p] <= '9')
			p++;
	}
	if (p < n && (b[p] == 'e' || b[p] == 'E')) {
		p++;
		if (p < n && (b[p] == '+' || b[p] == '-'))
			p++;
		if (p >= n || b[p] < '0' || b[p] > '9')
			return json_reader_fail(r, err, ERROR_SYNTAX, r->pos, "malformed number");
		while (p < n && b[p] >= '0' && b[p] <= '9')
			p++;
	}
	r->str = b + r->pos;
	r->str_len = p - r->pos;
	r->str_escaped = false;
	r->pos = p;
	return 0;
}

static int
read_literal(struct json_reader *r, struct error *err, const char *word)
{
	size_t k = strlen(word);

	if (r->len - r->pos < k || memcmp(r->buf + r->pos, word, k) != 0)
		return unexpected(r, err, "a JSON value");
	r->pos += k;
	return 0;
}

/* Reads one value token in state S_VALUE. */
static int
read_value(struct json_reader *r, struct error *err)
{
	char c;

	skip_ws(r);
	r->tok_off = r->pos;
	if (r->pos >= r->len)
		return unexpected(r, err, "a JSON value");
	c = r->buf[r->pos];
	switch (c) {
	case '{':
		if (push(r, err, '{') < 0)
			return -1;
		r->pos++;
		r->state = S_KEY_OR_END;
		return r->tok = JSON_OBJECT_BEGIN;
	case '[':
		if (push(r, err, '[') < 0)
			return -1;
		r->pos++;
		r->state = S_VALUE_OR_END;
		return r->tok = JSON_ARRAY_BEGIN;
	case '"':
		if (read_string(r, err) < 0)
			return -1;
		r->state = S_AFTER;
		return r->tok = JSON_STRING;
	case 't':
		if (read_literal(r, err, "true") < 0)
			return -1;
		r->state = S_AFTER;
		return r->tok = JSON_TRUE;
	case 'f':
		if (read_literal(r, err, "false") < 0)
			return -1;
		r->state = S_AFTER;
		return r->tok = JSON_FALSE;
	case 'n':
		if (read_literal(r, err, "null") < 0)
			return -1;
		r->state = S_AFTER;
		return r->tok = JSON_NULL;
	default:
		if (c == '-' || (c >= '0' && c <= '9')) {
			if (read_number(r, err) < 0)
				return -1;
			r->state = S_AFTER;
			return r->tok = JSON_NUMBER;
		}
		return unexpected(r, err, "a JSON value");
	}
}

static int
read_key(struct json_reader *r, struct error *err)
{
	skip_ws(r);
	r->tok_off = r->pos;
	if (r->pos >= r->len || r->buf[r->pos] != '"')
		return unexpected(r, err, "a quoted object key");
	if (read_string(r, err) < 0)
		return -1;
	skip_ws(r);
	if (r->pos >= r->len || r->buf[r->pos] != ':')
		return unexpected(r, err, "':' after an object key");
	r->pos++;
	r->state = S_VALUE;
	return r->tok = JSON_KEY;
}

static int
close_container(struct json_reader *r, char c)
{
	r->tok_off = r->pos;
	r->pos++;
	r->depth--;
	r->state = r->depth ? S_AFTER : S_DONE;
	return r->tok = (c == '}') ? JSON_OBJECT_END : JSON_ARRAY_END;
}

int
json_reader_next(struct json_reader *r, struct error *err)
{
	switch (r->state) {
	case S_VALUE:
		return read_value(r, err);
	case S_VALUE_OR_END:
		skip_ws(r);
		if (r->pos < r->len && r->buf[r->pos] == ']')
			return close_container(r, ']');
		return read_value(r, err);
	case S_KEY_OR_END:
		skip_ws(r);
		if (r->pos < r->len && r->buf[r->pos] == '}')
			return close_container(r, '}');
		return read_key(r, err);
	case S_KEY:
		return read_key(r, err);
	case S_AFTER: {
		unsigned char top;

		if (r->depth == 0) {
			r->state = S_DONE;
			return json_reader_next(r, err);
		}
		top = r->stack[r->depth - 1];
		skip_ws(r);
		if (r->pos >= r->len)
			return unexpected(r, err, top == '{' ? "',' or '}'" : "',' or ']'");
		if (r->buf[r->pos] == ',') {
			r->pos++;
			if (top == '{')
				return read_key(r, err);
			return read_value(r, err);
		}
		if ((top == '{' && r->buf[r->pos] == '}') || (top == '[' && r->buf[r->pos] == ']'))
			return close_container(r, r->buf[r->pos]);
		return unexpected(r, err, top == '{' ? "',' or '}'" : "',' or ']'");
	}
	case S_DONE:
	default:
		if (r->multi) {
			skip_ws(r);
			if (r->pos < r->len) {
				r->state = S_VALUE;
				return read_value(r, err);
			}
		}
		r->tok_off = r->pos;
		return r->tok = JSON_EOF;
	}
}

int
json_reader_skip(struct json_reader *r, struct error *err)
{
	unsigned target;

	if (r->tok != JSON_OBJECT_BEGIN && r->tok != JSON_ARRAY_BEGIN)
		return 0;
	target = r->depth - 1;
	while (r->depth > target) {
		if (json_reader_next(r, err) < 0)
			return -1;
	}
	return 0;
}

int
json_reader_expect_end(struct json_reader *r, struct error *err)
{
	skip_ws(r);
	if (r->pos < r->len)
		return json_reader_fail(r, err, ERROR_SYNTAX, r->pos,
					"unexpected data after the end of the JSON document");
	return 0;
}

void
json_quote(struct buf *out, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	size_t i = 0, run = 0;

	buf_addch(out, '"');
	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		uint32_t cp;
		int n = 1;

		if (c >= 0x20 && c != '"' && c != '\\' && c < 0x7F) {
			i++;
			continue;
		}
		if (c >= 0x80) {
			n = str_utf8_decode(s + i, len - i, &cp);
			if (n > 0 && !str_cp_is_control(cp)) {
				i += (size_t)n;
				continue;
			}
		}
		buf_add(out, s + run, i - run);
		if (c == '"' || c == '\\') {
			buf_addch(out, '\\');
			buf_addch(out, (char)c);
		} else if (c == '\n') {
			buf_add(out, "\\n", 2);
		} else if (c == '\t') {
			buf_add(out, "\\t", 2);
		} else if (c == '\r') {
			buf_add(out, "\\r", 2);
		} else if (n < 0) {
			/* invalid UTF-8: U+FFFD keeps the output valid JSON */
			buf_add(out, "\\ufffd", 6);
			n = 1;
		} else if (c < 0x80) {
			char e[6] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 15] };

			buf_add(out, e, 6);
		} else if (cp < 0x10000) {
			buf_addf(out, "\\u%04x", (unsigned)cp);
		} else {
			uint32_t v = cp - 0x10000;

			buf_addf(out, "\\u%04x\\u%04x", (unsigned)(0xD800 + (v >> 10)),
				 (unsigned)(0xDC00 + (v & 0x3FF)));
		}
		i += (size_t)(n > 0 ? n : 1);
		run = i;
	}
	buf_add(out, s + run, len - run);
	buf_addch(out, '"');
}
