/* value.c - attribute values of the plan model. */
#include "value.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "json.h"

const struct value value_absent = { VALUE_ABSENT, 0, 0, 0, { NULL } };
const struct value value_null = { VALUE_NULL, 0, 0, 0, { NULL } };
const struct value value_unknown = { VALUE_UNKNOWN, 0, 0, 0, { NULL } };

const char *
value_kind_name(enum value_kind kind)
{
	switch (kind) {
	case VALUE_ABSENT:
		return "absent";
	case VALUE_NULL:
		return "null";
	case VALUE_BOOL:
		return "bool";
	case VALUE_NUMBER:
		return "number";
	case VALUE_STRING:
		return "string";
	case VALUE_ARRAY:
		return "list";
	case VALUE_OBJECT:
		return "object";
	case VALUE_UNKNOWN:
		return "unknown";
	case VALUE_SENSITIVE:
		return "sensitive";
	}
	return "?";
}

static int
key_cmp(const char *a, size_t alen, const char *b, size_t blen)
{
	size_t n = alen < blen ? alen : blen;
	int c = memcmp(a, b, n);

	if (c)
		return c;
	return alen < blen ? -1 : alen > blen;
}

long
value_find_member(const struct value *obj, const char *key, size_t key_len)
{
	size_t lo = 0, hi;

	if (!obj || obj->kind != VALUE_OBJECT)
		return -1;
	hi = obj->len;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct value_member *m = &obj->u.members[mid];
		int c = key_cmp(m->key, m->key_len, key, key_len);

		if (c == 0)
			return (long)mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

const struct value *
value_getn(const struct value *obj, const char *key, size_t key_len)
{
	long i = value_find_member(obj, key, key_len);

	return i < 0 ? &value_absent : &obj->u.members[i].value;
}

const struct value *
value_get(const struct value *obj, const char *key)
{
	return value_getn(obj, key, strlen(key));
}

const struct value *
value_at(const struct value *arr, size_t i)
{
	if (!arr || arr->kind != VALUE_ARRAY || i >= arr->len)
		return &value_absent;
	return &arr->u.items[i];
}

const char *
value_str(const struct value *v)
{
	return (v && v->kind == VALUE_STRING) ? v->u.str : NULL;
}

bool
value_bool(const struct value *v, bool dflt)
{
	return (v && v->kind == VALUE_BOOL) ? v->u.b : dflt;
}

bool
value_equal(const struct value *a, const struct value *b)
{
	size_t i;

	if (a->kind != b->kind)
		return false;
	switch (a->kind) {
	case VALUE_ABSENT:
	case VALUE_NULL:
		return true;
	case VALUE_BOOL:
		return a->u.b == b->u.b;
	case VALUE_NUMBER:
	case VALUE_STRING:
		return a->len == b->len && memcmp(a->u.str, b->u.str, a->len) == 0;
	case VALUE_ARRAY:
		if (a->len != b->len)
			return false;
		for (i = 0; i < a->len; i++)
			if (!value_equal(&a->u.items[i], &b->u.items[i]))
				return false;
		return true;
	case VALUE_OBJECT:
		if (a->len != b->len)
			return false;
		for (i = 0; i < a->len; i++) {
			const struct value_member *x = &a->u.members[i], *y = &b->u.members[i];

			if (x->key != y->key &&
			    (x->key_len != y->key_len || memcmp(x->key, y->key, x->key_len)))
				return false;
			if (!value_equal(&x->value, &y->value))
				return false;
		}
		return true;
	case VALUE_UNKNOWN:
		return false;
	case VALUE_SENSITIVE:
		return (a->u.secret->flags & VALUE_SECRET_HAS_MAC) &&
		       (b->u.secret->flags & VALUE_SECRET_HAS_MAC) &&
		       memcmp(a->u.secret->mac, b->u.secret->mac, sizeof(a->u.secret->mac)) == 0;
	}
	return false;
}

static bool
contains_kind(const struct value *v, enum value_kind k)
{
	size_t i;

	if (v->kind == k)
		return true;
	if (k == VALUE_SENSITIVE && v->kind == VALUE_UNKNOWN && (v->flags & VALUE_F_SENSITIVE))
		return true;
	if (v->kind == VALUE_ARRAY) {
		for (i = 0; i < v->len; i++)
			if (contains_kind(&v->u.items[i], k))
				return true;
	} else if (v->kind == VALUE_OBJECT) {
		for (i = 0; i < v->len; i++)
			if (contains_kind(&v->u.members[i].value, k))
				return true;
	}
	return false;
}

bool
value_contains_unknown(const struct value *v)
{
	return contains_kind(v, VALUE_UNKNOWN);
}

bool
value_contains_sensitive(const struct value *v)
{
	return contains_kind(v, VALUE_SENSITIVE);
}

/* ---- building ---- */

const char *
value_intern_key(struct value_builder *vb, const char *s, size_t len)
{
	return strtab_intern(vb->keys, s, len);
}

static int
member_cmp(const void *a, const void *b)
{
	const struct value_member *x = a, *y = b;

	return key_cmp(x->key, x->key_len, y->key, y->key_len);
}

static const struct value_member *sort_base;

static int
index_cmp(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	int c = member_cmp(&sort_base[x], &sort_base[y]);

	if (c)
		return c;
	return x < y ? -1 : x > y;
}

/* Duplicates: keep the last occurrence of each key (what Go's
 * encoding/json, and so Terraform and Pulumi tooling, do). */
static int
dedupe(struct value_member *copy, const struct value_member *members, size_t n, size_t *kept,
       size_t *first_dup)
{
	size_t *idx = mem_alloc(n * sizeof(*idx)), i, k = 0;

	if (!idx)
		return -1;
	for (i = 0; i < n; i++)
		idx[i] = i;
	sort_base = members;
	qsort(idx, n, sizeof(*idx), index_cmp);
	*first_dup = (size_t)-1;
	for (i = 0; i < n; i++) {
		if (i + 1 < n && member_cmp(&members[idx[i]], &members[idx[i + 1]]) == 0) {
			if (idx[i + 1] < *first_dup)
				*first_dup = idx[i + 1];
			continue; /* a later one follows */
		}
		copy[k++] = members[idx[i]];
	}
	mem_free(idx);
	*kept = k;
	return 0;
}

int
value_make_object(struct value_builder *vb, struct value_member *members, size_t n,
		  struct value *out, size_t *dup)
{
	struct value_member *copy;
	size_t i;
	int rc = 0;

	if (n > UINT32_MAX)
		return -1;
	copy = n ? arena_alloc(vb->arena, n * sizeof(*copy)) : NULL;
	if (n && !copy)
		return -1;
	if (n)
		memcpy(copy, members, n * sizeof(*copy));
	if (n > 1) {
		bool sorted = true;

		for (i = 1; i < n; i++)
			if (member_cmp(&copy[i - 1], &copy[i]) >= 0) {
				sorted = false;
				break;
			}
		if (!sorted) {
			qsort(copy, n, sizeof(*copy), member_cmp);
			for (i = 1; i < n; i++)
				if (member_cmp(&copy[i - 1], &copy[i]) == 0)
					break;
			if (i < n) {
				size_t kept, first;

				if (dedupe(copy, members, n, &kept, &first) < 0)
					return -1;
				n = kept;
				if (dup)
					*dup = first;
				rc = 1;
			}
		}
	}
	out->kind = VALUE_OBJECT;
	out->flags = 0;
	out->len = (uint32_t)n;
	out->u.members = copy;
	return rc;
}

int
value_make_array(struct value_builder *vb, const struct value *items, size_t n, struct value *out)
{
	struct value *copy = NULL;

	if (n > UINT32_MAX)
		return -1;
	if (n) {
		copy = arena_alloc(vb->arena, n * sizeof(*copy));
		if (!copy)
			return -1;
		memcpy(copy, items, n * sizeof(*copy));
	}
	out->kind = VALUE_ARRAY;
	out->flags = 0;
	out->len = (uint32_t)n;
	out->u.items = copy;
	return 0;
}

int
value_make_string(struct value_builder *vb, const char *s, size_t len, struct value *out)
{
	char *copy;

	if (len > UINT32_MAX)
		return -1;
	copy = arena_strndup(vb->arena, s, len);
	if (!copy)
		return -1;
	out->kind = VALUE_STRING;
	out->flags = 0;
	out->len = (uint32_t)len;
	out->u.str = copy;
	return 0;
}

/* ---- canonical JSON ---- */

static void
to_json(struct buf *out, const struct value *v, bool markers)
{
	size_t i;

	switch (v->kind) {
	case VALUE_ABSENT:
	case VALUE_NULL:
		buf_addstr(out, "null");
		return;
	case VALUE_BOOL:
		buf_addstr(out, v->u.b ? "true" : "false");
		return;
	case VALUE_NUMBER:
		buf_add(out, v->u.str, v->len);
		return;
	case VALUE_STRING:
		json_quote(out, v->u.str, v->len);
		return;
	case VALUE_ARRAY:
		buf_addch(out, '[');
		for (i = 0; i < v->len; i++) {
			if (i)
				buf_addch(out, ',');
			to_json(out, &v->u.items[i], markers);
		}
		buf_addch(out, ']');
		return;
	case VALUE_OBJECT:
		buf_addch(out, '{');
		for (i = 0; i < v->len; i++) {
			if (i)
				buf_addch(out, ',');
			json_quote(out, v->u.members[i].key, v->u.members[i].key_len);
			buf_addch(out, ':');
			to_json(out, &v->u.members[i].value, markers);
		}
		buf_addch(out, '}');
		return;
	case VALUE_UNKNOWN:
		buf_addstr(out, markers ? "\"(known after apply)\"" : "null");
		return;
	case VALUE_SENSITIVE:
		buf_addstr(out, markers ? "\"(sensitive value)\"" : "null");
		return;
	}
}

void
value_to_json(struct buf *out, const struct value *v, bool markers)
{
	to_json(out, v, markers);
}
