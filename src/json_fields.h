/* json_fields.h - read one JSON object through a table of its fields.
 *
 * The loaders read records the same way again and again: for each key,
 * find what it is, read its value into a variable, pass over keys nobody
 * knows.  A field table says that once per record, over the pull reader
 * (json.h):
 *
 *	const char *urn = NULL, *message = NULL;
 *	bool ephemeral = false;
 *	const struct json_field fields[] = {
 *		JSON_FIELD_STRING("urn", &urn),
 *		JSON_FIELD_STRING("message", &message),
 *		JSON_FIELD_BOOL("ephemeral", &ephemeral),
 *	};
 *
 *	if (json_fields_read(r, fields, JSON_FIELDS_COUNT(fields), &jf) < 0)
 *		return -1;
 *
 * Keys match whole (length and bytes: a key with a NUL in it is no field).
 * Values are read in the order they come, so a repeated key's last value
 * is the one left.  Every value a field does not read (unknown keys, the
 * values a JSON_FIELD_IF_STRING or a function passes over) is skipped
 * whole, validated, so a table can never read into a value it ignores.
 * A wrong type fails with the loaders' message at the value: "'KEY' must
 * be a string, not number".  Nothing here recurses on the input's depth:
 * only a JSON_FIELD_CALL function reading a table of its own nests, as
 * deep as the code, not the input.
 */
#ifndef SIGNOFF_JSON_FIELDS_H
#define SIGNOFF_JSON_FIELDS_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

struct error;
struct json_reader;
struct json_value_opts;
struct strtab;
struct value;

/* What a table reads with.  All borrowed; `strings` and `err` must be
 * set, `ctx` is handed to JSON_FIELD_CALL and JSON_FIELD_ARRAY functions. */
struct json_fields {
	struct strtab *strings;  /* where string values are interned */
	struct error *err;
	void *ctx;
};

/* Reads the value whose first token `r` has just returned, for `key`,
 * into `dest`.  Returns 0 or -1 with the error set.  A value the function
 * does not read to its end is skipped after it returns. */
typedef int (*json_field_fn)(void *ctx, struct json_reader *r, const char *key, void *dest);

enum json_field_kind {
	JSON_FIELD_KIND_STRING,     /* const char *: a string, interned; null gives NULL */
	JSON_FIELD_KIND_IF_STRING,  /* const char *: a string; any other value is passed over */
	JSON_FIELD_KIND_TEXT,       /* const char *: free text (a message), NUL written "\\0" */
	JSON_FIELD_KIND_BOOL,       /* bool: true or false; null leaves it as it is */
	JSON_FIELD_KIND_OFFSET,     /* size_t: the value's byte offset, to read it later */
	JSON_FIELD_KIND_VALUE,      /* struct value: the value tree, built with `opts` */
	JSON_FIELD_KIND_ARRAY,      /* `fn` on each element of an array; null is none */
	JSON_FIELD_KIND_CALL,       /* `fn` reads the value */
};

struct json_field {
	const char *key;
	size_t key_len;
	enum json_field_kind kind;
	void *dest;
	json_field_fn fn;                    /* ARRAY, CALL */
	const struct json_value_opts *opts;  /* VALUE */
};

/* Destinations are type-checked: each kind takes only its own type. */
static inline void *
json_field_string_dest(const char **dest)
{
	return (void *)dest;
}

static inline void *
json_field_bool_dest(bool *dest)
{
	return dest;
}

static inline void *
json_field_offset_dest(size_t *dest)
{
	return dest;
}

static inline void *
json_field_value_dest(struct value *dest)
{
	return dest;
}

#define JSON_FIELD_(key, kind, dest, fn, opts) \
	{ (key), strlen(key), JSON_FIELD_KIND_##kind, (dest), (fn), (opts) }
#define JSON_FIELD_STRING(key, dest) \
	JSON_FIELD_(key, STRING, json_field_string_dest(dest), NULL, NULL)
#define JSON_FIELD_IF_STRING(key, dest) \
	JSON_FIELD_(key, IF_STRING, json_field_string_dest(dest), NULL, NULL)
#define JSON_FIELD_TEXT(key, dest) \
	JSON_FIELD_(key, TEXT, json_field_string_dest(dest), NULL, NULL)
#define JSON_FIELD_BOOL(key, dest) JSON_FIELD_(key, BOOL, json_field_bool_dest(dest), NULL, NULL)
#define JSON_FIELD_OFFSET(key, dest) \
	JSON_FIELD_(key, OFFSET, json_field_offset_dest(dest), NULL, NULL)
#define JSON_FIELD_VALUE(key, dest, opts) \
	JSON_FIELD_(key, VALUE, json_field_value_dest(dest), NULL, opts)
#define JSON_FIELD_ARRAY(key, fn, dest) JSON_FIELD_(key, ARRAY, dest, fn, NULL)
#define JSON_FIELD_CALL(key, fn, dest) JSON_FIELD_(key, CALL, dest, fn, NULL)

#define JSON_FIELDS_COUNT(fields) (sizeof(fields) / sizeof((fields)[0]))

/*
 * json_fields_read - read the object `r` is at (its OBJECT_BEGIN just
 * returned) up to and including its OBJECT_END, each value through its
 * field in `fields` (n of them).  The caller checks that the value is an
 * object (with its own message) before.  Returns 0, or -1 with jf->err
 * set: the reader's syntax errors, a field's wrong type, out of memory.
 * On failure the destinations hold what was read before.
 */
int json_fields_read(struct json_reader *r, const struct json_field *fields, size_t n,
		     const struct json_fields *jf);

/* The kinds on their own, for values read outside a table.  The value is
 * the reader's current token; `key` names it in messages. */

/* A string (interned in jf->strings), or NULL for null; any other value,
 * or a string with a NUL character, fails. */
int json_fields_string(const struct json_fields *jf, struct json_reader *r, const char *key,
		       const char **out);
/* json_fields_string for free text that a program wrote (a diagnostic's
 * message): a NUL character is kept as the two characters "\0", never a
 * reason to refuse the file. */
int json_fields_text(const struct json_fields *jf, struct json_reader *r, const char *key,
		     const char **out);
/* true or false; null leaves *out as it is; any other value fails. */
int json_fields_bool(const struct json_fields *jf, struct json_reader *r, const char *key,
		     bool *out);
/* Calls fn(jf->ctx, r, key, dest) on each element of an array, skipping
 * what it leaves; null is an empty array; any other value fails. */
int json_fields_array(const struct json_fields *jf, struct json_reader *r, const char *key,
		      json_field_fn fn, void *dest);

#endif
