/* json_locate.c - positions of JSON Pointers in a text (see the header). */
#include "json_locate.h"

#include <string.h>

#include "error.h"
#include "json.h"

/* Does the key (unescaped JSON text) equal the pointer segment
 * seg[0..n), where "~1" stands for '/' and "~0" for '~'? */
static bool
segment_matches(const char *key, size_t key_len, const char *seg, size_t n)
{
	size_t i = 0, k = 0;

	while (i < n) {
		char c = seg[i++];

		if (c == '~' && i < n && (seg[i] == '0' || seg[i] == '1'))
			c = seg[i++] == '0' ? '~' : '/';
		if (k >= key_len || key[k++] != c)
			return false;
	}
	return k == key_len;
}

/* A segment naming an array index: digits only, no leading zero. */
static bool
segment_index(const char *seg, size_t n, size_t *out)
{
	size_t i, v = 0;

	if (n == 0 || n > 9 || (n > 1 && seg[0] == '0'))
		return false;
	for (i = 0; i < n; i++) {
		if (seg[i] < '0' || seg[i] > '9')
			return false;
		v = v * 10 + (size_t)(seg[i] - '0');
	}
	*out = v;
	return true;
}

/* Moves the reader onto the value of the member or element named by
 * seg (the reader is on the container's BEGIN token); *key_off gets the
 * offset of the member's key.  False when there is none. */
static bool
step(struct json_reader *r, const char *seg, size_t n, size_t *key_off, struct error *err)
{
	size_t want = 0, i;

	if (r->tok == JSON_OBJECT_BEGIN) {
		for (;;) {
			bool match;

			if (json_reader_next(r, err) < 0 || r->tok != JSON_KEY)
				return false;
			*key_off = r->tok_off;
			match = segment_matches(r->str, r->str_len, seg, n);
			if (json_reader_next(r, err) < 0)
				return false;
			if (match)
				return true;
			if (json_reader_skip(r, err) < 0)
				return false;
		}
	}
	if (r->tok != JSON_ARRAY_BEGIN || !segment_index(seg, n, &want))
		return false;
	for (i = 0;; i++) {
		if (json_reader_next(r, err) < 0 || r->tok == JSON_ARRAY_END)
			return false;
		if (i == want) {
			*key_off = r->tok_off;
			return true;
		}
		if (json_reader_skip(r, err) < 0)
			return false;
	}
}

/* Walks the reader to the value at `pointer`; *at gets the offset of the
 * deepest value found, *key_off that of its key. */
static bool
walk(struct json_reader *r, const char *pointer, size_t *at, size_t *key_off, struct error *err)
{
	const char *p = pointer;

	*at = *key_off = 0;
	if (json_reader_next(r, err) < 0 || r->tok == JSON_EOF)
		return false;
	*at = r->tok_off;
	for (;;) {
		const char *seg, *end;

		if (*p != '/')
			return *p == '\0';
		seg = p + 1;
		end = strchr(seg, '/');
		if (!end)
			end = seg + strlen(seg);
		if (!step(r, seg, (size_t)(end - seg), key_off, err))
			return false;
		*at = r->tok_off;
		p = end;
	}
}

bool
json_locate(const char *text, size_t len, const char *pointer, bool key, unsigned long *line,
	    unsigned long *col)
{
	struct json_reader r;
	struct error err = ERROR_INIT;
	size_t at, key_off;
	bool found;

	json_reader_init(&r, text, len, 0, NULL);
	found = walk(&r, pointer, &at, &key_off, &err);
	if (found && key && *pointer)
		at = key_off;
	json_position(text, len, at, line, col);
	json_reader_release(&r);
	return found;
}

size_t
json_locate_elements(const char *text, size_t len, const char *pointer, size_t n,
		     unsigned long *lines, unsigned long *cols)
{
	struct json_reader r;
	struct error err = ERROR_INIT;
	size_t at, key_off, i = 0, done = 0;
	unsigned long line = 1, col = 1;

	json_reader_init(&r, text, len, 0, NULL);
	if (walk(&r, pointer, &at, &key_off, &err) && r.tok == JSON_ARRAY_BEGIN) {
		for (; i < n; i++) {
			if (json_reader_next(&r, &err) < 0 || r.tok == JSON_ARRAY_END)
				break;
			/* offsets only grow: count lines and columns onwards */
			for (; done < r.tok_off; done++) {
				unsigned char ch = (unsigned char)text[done];

				if (ch == '\n') {
					line++;
					col = 1;
				} else if ((ch & 0xC0) != 0x80) {
					col++;
				}
			}
			lines[i] = line;
			cols[i] = col;
			if (json_reader_skip(&r, &err) < 0) {
				i++;
				break;
			}
		}
	}
	json_reader_release(&r);
	memset(lines + i, 0, (n - i) * sizeof(*lines));
	memset(cols + i, 0, (n - i) * sizeof(*cols));
	return i;
}
