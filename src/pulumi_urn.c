/* pulumi_urn.c - Pulumi URNs, provider references and property paths. */
#include "pulumi_urn.h"

#include <string.h>

#include "buf.h"
#include "mem.h"

/* Offset of the next "::" at or after `from`, or len. */
static size_t
find_sep(const char *s, size_t len, size_t from)
{
	size_t i;

	for (i = from; i + 1 < len; i++)
		if (s[i] == ':' && s[i + 1] == ':')
			return i;
	return len;
}

bool
pulumi_urn_parse(const char *s, size_t len, struct pulumi_urn *u)
{
	static const size_t plen = sizeof(PULUMI_URN_PREFIX) - 1;
	size_t a, b, c, i, last = 0, depth = 0;
	struct pulumi_urn r;

	if (!s || len < plen || memcmp(s, PULUMI_URN_PREFIX, plen) != 0 || memchr(s, '\0', len))
		return false;
	a = find_sep(s, len, plen);
	if (a == len)
		return false;
	b = find_sep(s, len, a + 2);
	if (b == len)
		return false;
	c = find_sep(s, len, b + 2);
	if (c == len)
		return false;
	memset(&r, 0, sizeof(r));
	r.stack = s + plen;
	r.stack_len = a - plen;
	r.project = s + a + 2;
	r.project_len = b - (a + 2);
	r.qualified_type = s + b + 2;
	r.qualified_type_len = c - (b + 2);
	r.name = s + c + 2;
	r.name_len = len - (c + 2);
	r.address = r.qualified_type;
	r.address_len = len - (b + 2);
	if (!r.qualified_type_len)
		return false;
	for (i = 0; i <= r.qualified_type_len; i++) {
		if (i == r.qualified_type_len || r.qualified_type[i] == '$') {
			if (i == last)
				return false; /* empty segment */
			if (i < r.qualified_type_len) {
				depth++;
				last = i + 1;
			}
		}
	}
	r.type = r.qualified_type + last;
	r.type_len = r.qualified_type_len - last;
	r.depth = depth;
	*u = r;
	return true;
}

bool
pulumi_urn_is_stack(const struct pulumi_urn *u)
{
	static const size_t n = sizeof(PULUMI_STACK_TYPE) - 1;

	return u->depth == 0 && u->type_len == n && memcmp(u->type, PULUMI_STACK_TYPE, n) == 0;
}

bool
pulumi_type_is_provider(const char *type, size_t len)
{
	static const size_t n = sizeof(PULUMI_PROVIDER_TYPE_PREFIX) - 1;

	return len > n && memcmp(type, PULUMI_PROVIDER_TYPE_PREFIX, n) == 0;
}

bool
pulumi_provider_ref_split(const char *s, size_t len, size_t *urn_len, const char **id,
			  size_t *id_len)
{
	struct pulumi_urn u;
	size_t i;

	/* the last "::" must come after the URN's own three separators */
	for (i = len; i >= 2; i--) {
		if (s[i - 2] == ':' && s[i - 1] == ':') {
			if (!pulumi_urn_parse(s, i - 2, &u))
				return false;
			*urn_len = i - 2;
			*id = s + i;
			*id_len = len - i;
			return true;
		}
	}
	return false;
}

static int
push_step(struct value **steps, size_t *n, size_t *cap, const struct value *v)
{
	void *p = *steps;

	if (mem_grow_array(&p, cap, *n + 1, sizeof(**steps)) < 0)
		return -1;
	*steps = p;
	(*steps)[(*n)++] = *v;
	return 0;
}

/* Pulumi's own grammar, read as loosely as ParsePropertyPath does: dots
 * separate, a bare name runs to the next '.' or '[', "[N]" is an index,
 * "[*]" a wildcard, and ["..."] a quoted key with \" escapes. */
int
pulumi_path_parse(const char *s, size_t len, struct value_builder *vb, struct value *out)
{
	struct value *steps = NULL;
	size_t n = 0, cap = 0, i = 0;
	struct buf key = BUF_INIT;
	int rc = 1;

	if (!len || memchr(s, '\0', len))
		return 1;
	while (i < len) {
		struct value v;

		if (s[i] == '.') {
			i++;
			continue;
		}
		if (s[i] == '[') {
			if (i + 1 < len && s[i + 1] == '"') {
				size_t j = i + 2;
				bool closed = false;

				buf_reset(&key);
				while (j < len) {
					if (s[j] == '"') {
						closed = true;
						j++;
						break;
					}
					if (s[j] == '\\' && j + 1 < len && s[j + 1] == '"') {
						buf_addch(&key, '"');
						j += 2;
						continue;
					}
					buf_addch(&key, s[j]);
					j++;
				}
				if (!closed || j >= len || s[j] != ']')
					goto out;
				if (buf_failed(&key) || value_make_string(vb, key.data, key.len, &v) < 0)
					goto nomem;
				i = j + 1;
			} else {
				const char *rb = memchr(s + i, ']', len - i);
				size_t seg, k;

				if (!rb)
					goto out;
				seg = (size_t)(rb - (s + i + 1));
				if (seg == 1 && s[i + 1] == '*') {
					if (value_make_string(vb, "*", 1, &v) < 0)
						goto nomem;
				} else {
					if (!seg || seg > 18)
						goto out;
					for (k = 0; k < seg; k++)
						if (s[i + 1 + k] < '0' || s[i + 1 + k] > '9')
							goto out;
					if (value_make_string(vb, s + i + 1, seg, &v) < 0)
						goto nomem;
					v.kind = VALUE_NUMBER;
				}
				i += seg + 2;
			}
		} else {
			size_t j = i;

			while (j < len && s[j] != '.' && s[j] != '[')
				j++;
			if (value_make_string(vb, s + i, j - i, &v) < 0)
				goto nomem;
			i = j;
		}
		if (push_step(&steps, &n, &cap, &v) < 0)
			goto nomem;
	}
	if (!n)
		goto out;
	rc = value_make_array(vb, steps, n, out) < 0 ? -1 : 0;
	goto out;
nomem:
	rc = -1;
out:
	buf_release(&key);
	mem_free(steps);
	return rc;
}

static bool
step_matches(const struct value *a, const struct value *b)
{
	if ((a->kind == VALUE_STRING && a->len == 1 && a->u.str[0] == '*') ||
	    (b->kind == VALUE_STRING && b->len == 1 && b->u.str[0] == '*'))
		return true;
	if (a->kind != b->kind || a->len != b->len)
		return false;
	return memcmp(a->u.str, b->u.str, a->len) == 0;
}

bool
pulumi_paths_overlap(const struct value *a, const struct value *b)
{
	size_t i, n;

	if (a->kind != VALUE_ARRAY || b->kind != VALUE_ARRAY)
		return false;
	n = a->len < b->len ? a->len : b->len;
	for (i = 0; i < n; i++)
		if (!step_matches(&a->u.items[i], &b->u.items[i]))
			return false;
	return true;
}
