/* json_fields.c - read one JSON object through a table of its fields. */
#include "json_fields.h"

#include <assert.h>
#include <string.h>

#include "error.h"
#include "json.h"
#include "json_value.h"
#include "mem.h"

int
json_fields_string(const struct json_fields *jf, struct json_reader *r, const char *key,
		   const char **out)
{
	if (r->tok == JSON_NULL) {
		*out = NULL;
		return 0;
	}
	if (r->tok != JSON_STRING)
		return json_reader_fail(r, jf->err, ERROR_SCHEMA, r->tok_off,
					"'%s' must be a string, not %s", key,
					json_token_name(r->tok));
	if (memchr(r->str, '\0', r->str_len))
		return json_reader_fail(r, jf->err, ERROR_SCHEMA, r->tok_off,
					"'%s' contains a NUL character", key);
	*out = strtab_intern(jf->strings, r->str, r->str_len);
	if (!*out)
		return error_set(jf->err, ERROR_NOMEM, "out of memory");
	return 0;
}

int
json_fields_text(const struct json_fields *jf, struct json_reader *r, const char *key,
		 const char **out)
{
	struct buf b = BUF_INIT;
	size_t i;

	if (r->tok != JSON_STRING || !memchr(r->str, '\0', r->str_len))
		return json_fields_string(jf, r, key, out);
	for (i = 0; i < r->str_len; i++) {
		if (r->str[i])
			buf_addch(&b, r->str[i]);
		else
			buf_addstr(&b, "\\0");
	}
	*out = buf_failed(&b) ? NULL : strtab_intern(jf->strings, b.data, b.len);
	buf_release(&b);
	if (!*out)
		return error_set(jf->err, ERROR_NOMEM, "out of memory");
	return 0;
}

int
json_fields_bool(const struct json_fields *jf, struct json_reader *r, const char *key, bool *out)
{
	if (r->tok == JSON_NULL)
		return 0;
	if (r->tok != JSON_TRUE && r->tok != JSON_FALSE)
		return json_reader_fail(r, jf->err, ERROR_SCHEMA, r->tok_off,
					"'%s' must be true or false, not %s", key,
					json_token_name(r->tok));
	*out = r->tok == JSON_TRUE;
	return 0;
}

int
json_fields_array(const struct json_fields *jf, struct json_reader *r, const char *key,
		  json_field_fn fn, void *dest)
{
	if (r->tok == JSON_NULL)
		return 0;
	if (r->tok != JSON_ARRAY_BEGIN)
		return json_reader_fail(r, jf->err, ERROR_SCHEMA, r->tok_off,
					"'%s' must be an array, not %s", key,
					json_token_name(r->tok));
	for (;;) {
		if (json_reader_next(r, jf->err) < 0)
			return -1;
		if (r->tok == JSON_ARRAY_END)
			return 0;
		if (fn(jf->ctx, r, key, dest) < 0 || json_reader_skip(r, jf->err) < 0)
			return -1;
	}
}

static const struct json_field *
find_field(const struct json_field *fields, size_t n, const char *key, size_t len)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (fields[i].key_len == len && memcmp(fields[i].key, key, len) == 0)
			return &fields[i];
	return NULL;
}

static int
read_field(struct json_reader *r, const struct json_field *f, const struct json_fields *jf)
{
	switch (f->kind) {
	case JSON_FIELD_KIND_STRING:
		return json_fields_string(jf, r, f->key, f->dest);
	case JSON_FIELD_KIND_IF_STRING:
		return r->tok == JSON_STRING ? json_fields_string(jf, r, f->key, f->dest) : 0;
	case JSON_FIELD_KIND_TEXT:
		return json_fields_text(jf, r, f->key, f->dest);
	case JSON_FIELD_KIND_BOOL:
		return json_fields_bool(jf, r, f->key, f->dest);
	case JSON_FIELD_KIND_OFFSET:
		*(size_t *)f->dest = r->tok_off;
		return 0;
	case JSON_FIELD_KIND_VALUE:
		return json_read_value(r, f->opts, f->dest, jf->err);
	case JSON_FIELD_KIND_ARRAY:
		return json_fields_array(jf, r, f->key, f->fn, f->dest);
	case JSON_FIELD_KIND_CALL:
		return f->fn(jf->ctx, r, f->key, f->dest);
	}
	return error_set(jf->err, ERROR_INTERNAL, "field '%s' of an unknown kind", f->key);
}

int
json_fields_read(struct json_reader *r, const struct json_field *fields, size_t n,
		 const struct json_fields *jf)
{
	unsigned depth = r->depth; /* each value ends back at this depth */

	(void)depth;
	assert(r->tok == JSON_OBJECT_BEGIN);
	for (;;) {
		const struct json_field *f;

		if (json_reader_next(r, jf->err) < 0)
			return -1;
		if (r->tok == JSON_OBJECT_END)
			return 0;
		/* the key's text is gone once the value is read: match it first */
		f = find_field(fields, n, r->str, r->str_len);
		if (json_reader_next(r, jf->err) < 0)
			return -1;
		if (f && read_field(r, f, jf) < 0)
			return -1;
		if (json_reader_skip(r, jf->err) < 0)
			return -1;
		assert(r->depth == depth);
	}
}
