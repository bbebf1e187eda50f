/* str.c - UTF-8, width and escaping. */
#include "str.h"

#include <string.h>
#include <wchar.h>

#include "buf.h"

int
str_utf8_decode(const char *s, size_t len, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	uint32_t c;
	int n, i;

	if (len == 0)
		return -1;
	if (u[0] < 0x80) {
		*cp = u[0];
		return 1;
	}
	if (u[0] >= 0xC2 && u[0] <= 0xDF) {
		n = 2;
		c = u[0] & 0x1F;
	} else if (u[0] >= 0xE0 && u[0] <= 0xEF) {
		n = 3;
		c = u[0] & 0x0F;
	} else if (u[0] >= 0xF0 && u[0] <= 0xF4) {
		n = 4;
		c = u[0] & 0x07;
	} else {
		return -1;
	}
	if (len < (size_t)n)
		return -1;
	for (i = 1; i < n; i++) {
		if ((u[i] & 0xC0) != 0x80)
			return -1;
		c = (c << 6) | (u[i] & 0x3F);
	}
	if ((n == 3 && c < 0x800) || (n == 4 && (c < 0x10000 || c > 0x10FFFF)))
		return -1;
	if (c >= 0xD800 && c <= 0xDFFF)
		return -1;
	*cp = c;
	return n;
}

int
str_utf8_encode(uint32_t cp, char out[4])
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

bool
str_utf8_valid(const char *s, size_t len, size_t *bad_offset)
{
	size_t i = 0;
	uint32_t cp;

	while (i < len) {
		int n;

		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		n = str_utf8_decode(s + i, len - i, &cp);
		if (n < 0) {
			if (bad_offset)
				*bad_offset = i;
			return false;
		}
		i += (size_t)n;
	}
	return true;
}

bool
str_cp_is_control(uint32_t cp)
{
	if (cp < 0x20 || cp == 0x7F)
		return true;
	if (cp >= 0x80 && cp <= 0x9F)
		return true;
	switch (cp) {
	case 0x00AD: /* soft hyphen */
	case 0x061C: /* Arabic letter mark */
	case 0x180E:
	case 0x2028: /* line separator */
	case 0x2029: /* paragraph separator */
	case 0xFEFF: /* BOM / zero-width no-break space */
		return true;
	}
	if (cp >= 0x200B && cp <= 0x200F) /* zero-width, LRM, RLM */
		return true;
	if (cp >= 0x202A && cp <= 0x202E) /* bidi embeddings and overrides */
		return true;
	if (cp >= 0x2060 && cp <= 0x206F) /* invisible operators, bidi isolates */
		return true;
	if (cp >= 0xFFF9 && cp <= 0xFFFB) /* interlinear annotations */
		return true;
	if (cp >= 0xE0000 && cp <= 0xE007F) /* tag characters */
		return true;
	return false;
}

static void
escape_byte(struct buf *out, unsigned char c)
{
	static const char hex[] = "0123456789abcdef";
	char e[4] = { '\\', 'x', hex[c >> 4], hex[c & 15] };

	switch (c) {
	case '\n':
		buf_add(out, "\\n", 2);
		return;
	case '\t':
		buf_add(out, "\\t", 2);
		return;
	case '\r':
		buf_add(out, "\\r", 2);
		return;
	}
	buf_add(out, e, 4);
}

void
str_escape(struct buf *out, const char *s, size_t len, unsigned flags)
{
	size_t i = 0, run = 0;

	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		uint32_t cp;
		int n;

		if (c >= 0x20 && c < 0x7F) {
			i++;
			continue;
		}
		if (c == '\n' && (flags & STR_ESCAPE_NEWLINES_KEEP)) {
			i++;
			continue;
		}
		if (c >= 0x80) {
			n = str_utf8_decode(s + i, len - i, &cp);
			if (n > 0 && !str_cp_is_control(cp) && !(flags & STR_ESCAPE_ASCII)) {
				i += (size_t)n;
				continue;
			}
		} else {
			n = 1;
			cp = c;
		}
		/* flush the clean run, then the escape */
		buf_add(out, s + run, i - run);
		if (n < 0) {
			escape_byte(out, c);
			i++;
		} else if (cp < 0x80) {
			escape_byte(out, (unsigned char)cp);
			i++;
		} else {
			buf_addf(out, "\\u{%x}", (unsigned)cp);
			i += (size_t)n;
		}
		run = i;
	}
	buf_add(out, s + run, len - run);
}

int
str_cp_width(uint32_t cp)
{
	int w;

	if (cp < 0x20 || cp == 0x7F)
		return 1;
	if (cp < 0x7F)
		return 1;
	w = wcwidth((wchar_t)cp);
	if (w < 0)
		return 1;
	return w;
}

size_t
str_fit(const char *s, size_t len, size_t max_cols, size_t *cols)
{
	size_t i = 0, w = 0;

	while (i < len) {
		uint32_t cp;
		int n = str_utf8_decode(s + i, len - i, &cp);
		int cw;

		if (n < 0) {
			n = 1;
			cw = 1;
		} else {
			cw = str_cp_width(cp);
		}
		if (w + (size_t)cw > max_cols)
			break;
		w += (size_t)cw;
		i += (size_t)n;
	}
	/* Keep combining marks that follow the last base character. */
	while (i < len) {
		uint32_t cp;
		int n = str_utf8_decode(s + i, len - i, &cp);

		if (n < 0 || str_cp_width(cp) != 0)
			break;
		i += (size_t)n;
	}
	if (cols)
		*cols = w;
	return i;
}

size_t
str_width(const char *s, size_t len)
{
	size_t cols;

	str_fit(s, len, (size_t)-1, &cols);
	return cols;
}

size_t
str_wrap(const char *s, size_t len, size_t max_cols, size_t *next)
{
	size_t fit = str_fit(s, len, max_cols, NULL), end, n;

	if (fit >= len) {
		end = n = len;
	} else {
		/* the last space at or before the cut */
		end = fit;
		while (end > 0 && s[end] != ' ')
			end--;
		if (end == 0 && s[0] != ' ') {
			uint32_t cp;
			int one = str_utf8_decode(s, len, &cp);

			/* one word wider than the line: cut it */
			end = fit ? fit : (size_t)(one > 0 ? one : 1);
		}
		n = end;
	}
	while (end > 0 && s[end - 1] == ' ')
		end--;
	while (n < len && s[n] == ' ')
		n++;
	if (next)
		*next = n;
	return end;
}

size_t
str_append_fitted(struct buf *out, const char *s, size_t len, size_t max_cols,
		  const char *ellipsis)
{
	size_t cols, n;

	if (max_cols == 0)
		return 0;
	n = str_fit(s, len, max_cols, &cols);
	if (n == len) {
		buf_add(out, s, len);
		return cols;
	}
	n = str_fit(s, len, max_cols - 1, &cols);
	buf_add(out, s, n);
	buf_addstr(out, ellipsis);
	return cols + 1;
}

bool
str_glob_match(const char *p, const char *s)
{
	const char *star = NULL, *back = NULL;

	while (*s) {
		if (*p == '*') {
			star = ++p;
			back = s;
		} else if (*p == '?' || *p == *s) {
			p++;
			s++;
		} else if (star) {
			p = star;
			s = ++back;
		} else {
			return false;
		}
	}
	while (*p == '*')
		p++;
	return *p == '\0';
}

bool
str_is_identifier(const char *s, size_t n)
{
	size_t i;

	if (!n || !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z') || s[0] == '_'))
		return false;
	for (i = 1; i < n; i++) {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '_' || c == '-'))
			return false;
	}
	return true;
}

bool
str_has_prefix(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

bool
str_has_suffix(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a >= b && memcmp(s + a - b, suffix, b) == 0;
}

bool
str_eq_nocase(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		unsigned char x = (unsigned char)*a, y = (unsigned char)*b;

		if (x >= 'A' && x <= 'Z')
			x = (unsigned char)(x + 32);
		if (y >= 'A' && y <= 'Z')
			y = (unsigned char)(y + 32);
		if (x != y)
			return false;
	}
	return *a == *b;
}
