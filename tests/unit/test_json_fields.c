/* test_json_fields.c - reading one JSON object through a field table
 * (testdata/json_fields). */
#include <string.h>

#include "buf.h"
#include "check.h"
#include "fileio.h"
#include "json.h"
#include "json_fields.h"
#include "json_value.h"
#include "mem.h"
#include "value.h"

struct fixture {
	struct arena arena;
	struct strtab strings;
	struct value_builder vb;
	struct json_value_opts opts;
	struct json_fields jf;
	struct error err;
	struct buf text;
	struct json_reader r;
};

struct seen {
	struct buf ports;      /* the number elements of "ports", comma-separated */
	size_t elements;
	const char *email;
	struct json_fields *jf;
};

static void
fixture_open(struct fixture *f, const char *text, size_t len, struct seen *seen)
{
	memset(f, 0, sizeof(*f));
	f->err = (struct error)ERROR_INIT;
	strtab_init(&f->strings, &f->arena);
	f->vb.arena = &f->arena;
	f->vb.keys = &f->strings;
	f->opts.vb = &f->vb;
	f->jf.strings = &f->strings;
	f->jf.err = &f->err;
	f->jf.ctx = seen;
	buf_init(&f->text);
	buf_add(&f->text, text, len);
	cr_assert_not(buf_failed(&f->text));
	json_reader_init(&f->r, f->text.data, f->text.len, 0, "t.json");
	cr_assert_eq(json_reader_next(&f->r, &f->err), JSON_OBJECT_BEGIN, "%s", f->err.msg);
	if (seen) {
		memset(seen, 0, sizeof(*seen));
		buf_init(&seen->ports);
		seen->jf = &f->jf;
	}
}

static void
fixture_open_file(struct fixture *f, const char *path, struct seen *seen)
{
	struct buf b = BUF_INIT;
	struct error err = ERROR_INIT;

	cr_assert_eq(fileio_read(path, 1 << 20, &b, &err), 0, "%s", err.msg);
	fixture_open(f, b.data, b.len, seen);
	buf_release(&b);
}

static void
fixture_close(struct fixture *f, struct seen *seen)
{
	json_reader_release(&f->r);
	buf_release(&f->text);
	strtab_release(&f->strings);
	arena_release(&f->arena);
	if (seen)
		buf_release(&seen->ports);
}

/* ARRAY: numbers are noted, anything else is left (and so skipped). */
static int
on_port(void *ctx, struct json_reader *r, const char *key, void *dest)
{
	struct seen *s = ctx;

	cr_assert_str_eq(key, "ports");
	cr_assert_eq(dest, s);
	s->elements++;
	if (r->tok == JSON_NUMBER) {
		buf_addf(&s->ports, "%s%.*s", s->ports.len ? "," : "", (int)r->str_len, r->str);
		if (buf_failed(&s->ports))
			return error_set(s->jf->err, ERROR_NOMEM, "out of memory");
	}
	return 0;
}

/* CALL: a nested record read through a table of its own. */
static int
on_owner(void *ctx, struct json_reader *r, const char *key, void *dest)
{
	struct seen *s = ctx;
	const struct json_field fields[] = {
		JSON_FIELD_STRING("email", &s->email),
	};

	cr_assert_str_eq(key, "owner");
	cr_assert_null(dest);
	if (r->tok != JSON_OBJECT_BEGIN)
		return 0;
	return json_fields_read(r, fields, JSON_FIELDS_COUNT(fields), s->jf);
}

Test(json_fields, reads_each_kind_into_its_destination)
{
	struct fixture f;
	struct seen seen;
	const char *name = NULL, *region = NULL, *zone = "none", *comment = NULL;
	bool public = true, protect = true;
	size_t inputs = 0;
	struct value labels = value_absent;
	const struct json_field fields[] = {
		JSON_FIELD_STRING("name", &name),
		JSON_FIELD_IF_STRING("region", &region),
		JSON_FIELD_IF_STRING("zone", &zone),
		JSON_FIELD_BOOL("public", &public),
		JSON_FIELD_BOOL("protect", &protect),
		JSON_FIELD_OFFSET("inputs", &inputs),
		JSON_FIELD_VALUE("labels", &labels, &f.opts),
		JSON_FIELD_ARRAY("ports", on_port, &seen),
		JSON_FIELD_CALL("owner", on_owner, NULL),
		JSON_FIELD_STRING("comment", &comment),
	};

	fixture_open_file(&f, TESTDATA("json_fields/record.json"), &seen);
	cr_assert_eq(json_fields_read(&f.r, fields, JSON_FIELDS_COUNT(fields), &f.jf), 0, "%s",
		     f.err.msg);
	/* the object is read to its end, and nothing follows */
	cr_assert_eq(f.r.tok, JSON_OBJECT_END);
	cr_assert_eq(json_reader_next(&f.r, &f.err), JSON_EOF);
	/* a repeated key: the last value; never a nested object's "name" */
	cr_assert_str_eq(name, "web-2");
	cr_assert_eq(name, strtab_intern(&f.strings, "web-2", 5), "interned");
	cr_assert_str_eq(region, "eu-west-1");
	cr_assert_str_eq(zone, "none", "a number is no string: passed over");
	cr_assert_eq(public, false);
	cr_assert_eq(protect, true, "null leaves a bool as it is");
	cr_assert_eq(strncmp(f.text.data + inputs, "{\"acl\": \"private\"", 17), 0, "offset %zu",
		     inputs);
	cr_assert_eq(labels.kind, VALUE_OBJECT);
	cr_assert_eq(labels.len, 2);
	cr_assert_str_eq(value_str(value_get(&labels, "team")), "core");
	cr_assert_str_eq(value_str(value_get(&labels, "tier")), "1");
	cr_assert_str_eq(seen.ports.data, "443,8443,80");
	cr_assert_eq(seen.elements, 4);
	cr_assert_str_eq(seen.email, "ops@example.com");
	cr_assert_str_eq(comment, "caf\xc3\xa9 \xe2\x80\x94 ok");
	fixture_close(&f, &seen);
	CHECK_NO_LEAKS();
}

Test(json_fields, an_empty_table_skips_every_value)
{
	struct fixture f;

	fixture_open_file(&f, TESTDATA("json_fields/record.json"), NULL);
	cr_assert_eq(json_fields_read(&f.r, NULL, 0, &f.jf), 0, "%s", f.err.msg);
	cr_assert_eq(f.r.tok, JSON_OBJECT_END);
	cr_assert_eq(json_reader_next(&f.r, &f.err), JSON_EOF);
	fixture_close(&f, NULL);

	fixture_open(&f, "{}", 2, NULL);
	cr_assert_eq(json_fields_read(&f.r, NULL, 0, &f.jf), 0, "%s", f.err.msg);
	cr_assert_eq(f.r.tok, JSON_OBJECT_END);
	fixture_close(&f, NULL);
	CHECK_NO_LEAKS();
}

Test(json_fields, keys_match_whole)
{
	static const char text[] = "{\"name\\u0000x\": \"nul\", \"nam\": \"short\", \"names\": "
				   "\"long\", \"\": \"empty\", \"Name\": \"case\"}";
	struct fixture f;
	const char *name = "unset";
	const struct json_field fields[] = {
		JSON_FIELD_STRING("name", &name),
	};

	fixture_open(&f, text, sizeof(text) - 1, NULL);
	cr_assert_eq(json_fields_read(&f.r, fields, 1, &f.jf), 0, "%s", f.err.msg);
	cr_assert_str_eq(name, "unset");
	fixture_close(&f, NULL);
	CHECK_NO_LEAKS();
}

Test(json_fields, null_clears_a_string_and_leaves_a_bool)
{
	static const char text[] = "{\"s\": \"x\", \"b\": true, \"s\": null, \"b\": null, "
				   "\"i\": \"kept\", \"i\": null, \"i\": 4}";
	struct fixture f;
	const char *s = NULL, *i = NULL;
	bool b = false;
	const struct json_field fields[] = {
		JSON_FIELD_STRING("s", &s),
		JSON_FIELD_BOOL("b", &b),
		JSON_FIELD_IF_STRING("i", &i),
	};

	fixture_open(&f, text, sizeof(text) - 1, NULL);
	cr_assert_eq(json_fields_read(&f.r, fields, JSON_FIELDS_COUNT(fields), &f.jf), 0);
	cr_assert_null(s);
	cr_assert_eq(b, true);
	cr_assert_str_eq(i, "kept");
	fixture_close(&f, NULL);
	CHECK_NO_LEAKS();
}

/* TEXT: a message keeps its NUL characters visible as "\0" where a
 * STRING refuses them; without one it is a plain string. */
Test(json_fields, text_keeps_a_nul_as_backslash_zero)
{
	static const char text[] = "{\"message\": \"a\\u0000b\\u0000\", \"plain\": \"\\u00e9\", "
				   "\"none\": null}";
	struct fixture f;
	const char *message = NULL, *plain = NULL, *none = "unset";
	const struct json_field fields[] = {
		JSON_FIELD_TEXT("message", &message),
		JSON_FIELD_TEXT("plain", &plain),
		JSON_FIELD_TEXT("none", &none),
	};

	fixture_open(&f, text, sizeof(text) - 1, NULL);
	cr_assert_eq(json_fields_read(&f.r, fields, JSON_FIELDS_COUNT(fields), &f.jf), 0, "%s",
		     f.err.msg);
	cr_assert_str_eq(message, "a\\0b\\0");
	cr_assert_str_eq(plain, "\xc3\xa9");
	cr_assert_null(none);
	fixture_close(&f, NULL);
	CHECK_NO_LEAKS();
}

Test(json_fields, a_wrong_type_fails_at_the_value_naming_the_key)
{
	static const struct {
		const char *text, *msg;
		unsigned long line, col;
		enum error_code code;
	} cases[] = {
		{ "{\"name\": 7}", "'name' must be a string, not number", 1, 10, ERROR_SCHEMA },
		{ "{\n  \"zone\": 1,\n  \"public\": \"yes\"\n}",
		  "'public' must be true or false, not string", 3, 13, ERROR_SCHEMA },
		{ "{\"ports\": {\"a\": 1}}", "'ports' must be an array, not object", 1, 11,
		  ERROR_SCHEMA },
		{ "{\"name\": \"a\\u0000b\"}", "'name' contains a NUL character", 1, 10,
		  ERROR_SCHEMA },
		{ "{\"owner\": {\"email\": [\"x\"]}}", "'email' must be a string, not array", 1, 21,
		  ERROR_SCHEMA },
		{ "{\"public\": false, \"name\": {}}", "'name' must be a string, not object", 1, 27,
		  ERROR_SCHEMA },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct fixture f;
		struct seen seen;
		const char *name = NULL;
		bool public = false;
		const struct json_field fields[] = {
			JSON_FIELD_STRING("name", &name),
			JSON_FIELD_BOOL("public", &public),
			JSON_FIELD_ARRAY("ports", on_port, &seen),
			JSON_FIELD_CALL("owner", on_owner, NULL),
		};

		fixture_open(&f, cases[i].text, strlen(cases[i].text), &seen);
		cr_assert_eq(json_fields_read(&f.r, fields, JSON_FIELDS_COUNT(fields), &f.jf), -1,
			     "%s", cases[i].text);
		cr_assert_str_eq(f.err.msg, cases[i].msg, "%s", cases[i].text);
		cr_assert_str_eq(f.err.path, "t.json");
		cr_assert_eq(f.err.line, cases[i].line, "%s: line %lu", cases[i].text, f.err.line);
		cr_assert_eq(f.err.col, cases[i].col, "%s: col %lu", cases[i].text, f.err.col);
		cr_assert_eq(f.err.code, cases[i].code, "%s", cases[i].text);
		fixture_close(&f, &seen);
	}
	CHECK_NO_LEAKS();
}

Test(json_fields, skipped_values_are_still_validated)
{
	static const struct {
		const char *text, *msg;
		unsigned long line, col;
		enum error_code code;
	} cases[] = {
		{ "{\"future\": [1, 2,]}", "unexpected ']', expected a JSON value", 1, 18,
		  ERROR_SYNTAX },
		{ "{\"zone\": {\"a\": tru}}", "unexpected 't', expected a JSON value", 1, 16,
		  ERROR_SYNTAX },
		{ "{\"name\": \"x\"",
		  "unexpected end of input (truncated JSON?), expected ',' or '}'", 1, 13,
		  ERROR_SYNTAX },
		{ "{\"future\": \"\xff\"}", "invalid UTF-8 byte 0xff in a string", 1, 13,
		  ERROR_ENCODING },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct fixture f;
		const char *name = NULL, *zone = NULL;
		const struct json_field fields[] = {
			JSON_FIELD_STRING("name", &name),
			JSON_FIELD_IF_STRING("zone", &zone),
		};

		fixture_open(&f, cases[i].text, strlen(cases[i].text), NULL);
		cr_assert_eq(json_fields_read(&f.r, fields, JSON_FIELDS_COUNT(fields), &f.jf), -1,
			     "%s", cases[i].text);
		cr_assert_str_eq(f.err.msg, cases[i].msg, "%s", cases[i].text);
		cr_assert_eq(f.err.line, cases[i].line, "%s: line %lu", cases[i].text, f.err.line);
		cr_assert_eq(f.err.col, cases[i].col, "%s: col %lu", cases[i].text, f.err.col);
		cr_assert_eq(f.err.code, cases[i].code, "%s", cases[i].text);
		fixture_close(&f, NULL);
	}
	CHECK_NO_LEAKS();
}

/* An unknown key's value nested as deep as the reader allows is skipped
 * without recursion; one level more is the reader's limit error. */
Test(json_fields, deep_unknown_values_are_skipped_up_to_the_reader_limit)
{
	int levels[2] = { JSON_MAX_DEPTH_DEFAULT - 1, JSON_MAX_DEPTH_DEFAULT };
	int k, i;

	for (k = 0; k < 2; k++) {
		struct buf b = BUF_INIT;
		struct fixture f;
		const char *name = NULL;
		const struct json_field fields[] = {
			JSON_FIELD_STRING("name", &name),
		};

		buf_addstr(&b, "{\"deep\": ");
		for (i = 0; i < levels[k]; i++)
			buf_addch(&b, '[');
		for (i = 0; i < levels[k]; i++)
			buf_addch(&b, ']');
		buf_addstr(&b, ", \"name\": \"after\"}");
		cr_assert_not(buf_failed(&b));
		fixture_open(&f, b.data, b.len, NULL);
		if (k == 0) {
			cr_assert_eq(json_fields_read(&f.r, fields, 1, &f.jf), 0, "%s", f.err.msg);
			cr_assert_str_eq(name, "after");
		} else {
			cr_assert_eq(json_fields_read(&f.r, fields, 1, &f.jf), -1);
			cr_assert_eq(f.err.code, ERROR_LIMIT);
			cr_assert_str_eq(f.err.msg, "JSON nested deeper than 1000 levels");
			cr_assert_eq(f.err.col, 10 + JSON_MAX_DEPTH_DEFAULT - 1);
			cr_assert_null(name);
		}
		fixture_close(&f, NULL);
		buf_release(&b);
	}
	CHECK_NO_LEAKS();
}

/* sqlite's loop: fail the n-th allocation until a read succeeds. */
Test(json_fields, out_of_memory_fails_cleanly_at_every_allocation)
{
	unsigned long n;

	for (n = 1; n < 1000; n++) {
		struct fixture f;
		struct seen seen;
		const char *name = NULL, *region = NULL;
		struct value labels = value_absent;
		const struct json_field fields[] = {
			JSON_FIELD_STRING("name", &name),
			JSON_FIELD_IF_STRING("region", &region),
			JSON_FIELD_VALUE("labels", &labels, &f.opts),
			JSON_FIELD_ARRAY("ports", on_port, &seen),
			JSON_FIELD_CALL("owner", on_owner, NULL),
		};
		int rc;

		fixture_open_file(&f, TESTDATA("json_fields/record.json"), &seen);
		mem_fail_after(n);
		rc = json_fields_read(&f.r, fields, JSON_FIELDS_COUNT(fields), &f.jf);
		mem_fail_after(0);
		if (rc == 0) {
			cr_assert_eq(mem_failures(), 0, "allocation %lu failed unnoticed", n);
			cr_assert_str_eq(name, "web-2");
			cr_assert_str_eq(seen.email, "ops@example.com");
			fixture_close(&f, &seen);
			break;
		}
		cr_assert_eq(f.err.code, ERROR_NOMEM, "allocation %lu: %s", n, f.err.msg);
		fixture_close(&f, &seen);
	}
	cr_assert_gt(n, 1, "some allocation was made");
	cr_assert_lt(n, 1000);
	CHECK_NO_LEAKS();
}
