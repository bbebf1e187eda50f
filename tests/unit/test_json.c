/* test_json.c - the streaming JSON reader. */
#include <string.h>

#include "check.h"
#include "json.h"
#include "mem.h"

static int
tokens(const char *text, enum json_token *out, size_t max, struct error *err)
{
	struct json_reader r;
	size_t n = 0;
	int rc = 0;

	json_reader_init(&r, text, strlen(text), 0, "t.json");
	for (;;) {
		int t = json_reader_next(&r, err);

		if (t < 0) {
			rc = -1;
			break;
		}
		if (n < max)
			out[n++] = (enum json_token)t;
		if (t == JSON_EOF)
			break;
	}
	if (rc == 0)
		rc = json_reader_expect_end(&r, err);
	json_reader_release(&r);
	return rc < 0 ? -1 : (int)n;
}

Test(json, reads_every_token_kind)
{
	enum json_token t[32];
	struct error err = ERROR_INIT;
	int n = tokens("{\"a\": [1, -2.5e3, \"x\", true, false, null, {}, []]}", t, 32, &err);

	cr_assert_eq(n, 16, "%s", err.msg);
	cr_assert_eq(t[0], JSON_OBJECT_BEGIN);
	cr_assert_eq(t[1], JSON_KEY);
	cr_assert_eq(t[2], JSON_ARRAY_BEGIN);
	cr_assert_eq(t[3], JSON_NUMBER);
	cr_assert_eq(t[4], JSON_NUMBER);
	cr_assert_eq(t[5], JSON_STRING);
	cr_assert_eq(t[6], JSON_TRUE);
	cr_assert_eq(t[7], JSON_FALSE);
	cr_assert_eq(t[8], JSON_NULL);
	cr_assert_eq(t[9], JSON_OBJECT_BEGIN);
	cr_assert_eq(t[10], JSON_OBJECT_END);
	cr_assert_eq(t[13], JSON_ARRAY_END);
	cr_assert_eq(t[14], JSON_OBJECT_END);
	cr_assert_eq(t[15], JSON_EOF);
	CHECK_NO_LEAKS();
}

Test(json, keeps_numbers_as_written)
{
	const char *text = "[123456789012345678901234567890, 1.000000000000000000001, -0, 1E+2]";
	struct json_reader r;
	struct error err = ERROR_INIT;

	json_reader_init(&r, text, strlen(text), 0, "n.json");
	cr_assert_eq(json_reader_next(&r, &err), JSON_ARRAY_BEGIN);
	cr_assert_eq(json_reader_next(&r, &err), JSON_NUMBER);
	cr_assert_eq(r.str_len, 30);
	cr_assert_eq(memcmp(r.str, "123456789012345678901234567890", 30), 0);
	cr_assert_eq(json_reader_next(&r, &err), JSON_NUMBER);
	cr_assert_eq(memcmp(r.str, "1.000000000000000000001", r.str_len), 0);
	cr_assert_eq(json_reader_next(&r, &err), JSON_NUMBER);
	cr_assert_eq(r.str_len, 2);
	cr_assert_eq(json_reader_next(&r, &err), JSON_NUMBER);
	cr_assert_eq(memcmp(r.str, "1E+2", 4), 0);
	json_reader_release(&r);
	CHECK_NO_LEAKS();
}

Test(json, unescapes_strings_and_surrogate_pairs)
{
	const char *text = "\"a\\\"b\\\\c\\n\\u00e9\\ud83d\\ude00\\/\"";
	struct json_reader r;
	struct error err = ERROR_INIT;

	json_reader_init(&r, text, strlen(text), 0, "s.json");
	cr_assert_eq(json_reader_next(&r, &err), JSON_STRING);
	cr_assert_eq(r.str_len, strlen("a\"b\\c\n\xc3\xa9\xf0\x9f\x98\x80/"));
	cr_assert_eq(memcmp(r.str, "a\"b\\c\n\xc3\xa9\xf0\x9f\x98\x80/", r.str_len), 0);
	json_reader_release(&r);
	CHECK_NO_LEAKS();
}

struct bad_case {
	const char *text;
	enum error_code code;
	unsigned long line, col;
	const char *words;
};

static const struct bad_case bad_cases[] = {
	{ "{\"a\": 1", ERROR_SYNTAX, 1, 8, "end of input" },
	{ "{\"a\" 1}", ERROR_SYNTAX, 1, 6, "expected ':'" },
	{ "[1,]", ERROR_SYNTAX, 1, 4, "expected a JSON value" },
	{ "{\"a\":\n  tru}", ERROR_SYNTAX, 2, 3, "expected a JSON value" },
	{ "\"abc", ERROR_SYNTAX, 1, 1, "unterminated string" },
	{ "[01]", ERROR_SYNTAX, 1, 3, "expected ',' or ']'" },
	{ "[1.]", ERROR_SYNTAX, 1, 2, "malformed number" },
	{ "[\"\\x\"]", ERROR_SYNTAX, 1, 3, "bad escape" },
	{ "[\"a\tb\"]", ERROR_SYNTAX, 1, 4, "control character" },
	{ "[\"\xff\"]", ERROR_ENCODING, 1, 3, "invalid UTF-8" },
	{ "{\"a\":1} x", ERROR_SYNTAX, 1, 9, "after the end" },
	{ "", ERROR_SYNTAX, 1, 1, "end of input" },
};

Test(json, rejects_bad_input_with_a_position)
{
	size_t i;

	for (i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
		enum json_token t[16];
		struct error err = ERROR_INIT;
		const struct bad_case *c = &bad_cases[i];

		cr_assert_eq(tokens(c->text, t, 16, &err), -1, "case %zu accepted", i);
		cr_assert_eq(err.code, c->code, "case %zu: code %d (%s)", i, err.code, err.msg);
		cr_assert_eq(err.line, c->line, "case %zu: line %lu (%s)", i, err.line, err.msg);
		cr_assert_eq(err.col, c->col, "case %zu: col %lu (%s)", i, err.col, err.msg);
		cr_assert(strstr(err.msg, c->words), "case %zu: '%s'", i, err.msg);
		cr_assert_str_eq(err.path, "t.json");
	}
	CHECK_NO_LEAKS();
}

Test(json, refuses_nesting_deeper_than_the_limit_without_recursion)
{
	size_t n = 100000, i;
	char *text = mem_alloc(2 * n + 1);
	enum json_token t[4];
	struct error err = ERROR_INIT;

	for (i = 0; i < n; i++) {
		text[i] = '[';
		text[n + i] = ']';
	}
	text[2 * n] = '\0';
	cr_assert_eq(tokens(text, t, 4, &err), -1);
	cr_assert_eq(err.code, ERROR_LIMIT);
	cr_assert_eq(err.col, JSON_MAX_DEPTH_DEFAULT + 1, "col %lu", err.col);
	cr_assert(strstr(err.msg, "nested deeper"), "%s", err.msg);
	mem_free(text);
	CHECK_NO_LEAKS();
}

Test(json, skip_validates_and_consumes_a_whole_value)
{
	const char *text = "{\"skip\": {\"a\": [1, {\"b\": \"}\"}]}, \"keep\": 7}";
	struct json_reader r;
	struct error err = ERROR_INIT;

	json_reader_init(&r, text, strlen(text), 0, "k.json");
	cr_assert_eq(json_reader_next(&r, &err), JSON_OBJECT_BEGIN);
	cr_assert_eq(json_reader_next(&r, &err), JSON_KEY);
	cr_assert_eq(json_reader_next(&r, &err), JSON_OBJECT_BEGIN);
	cr_assert_eq(json_reader_skip(&r, &err), 0);
	cr_assert_eq(json_reader_next(&r, &err), JSON_KEY);
	cr_assert_eq(memcmp(r.str, "keep", 4), 0);
	cr_assert_eq(json_reader_next(&r, &err), JSON_NUMBER);
	cr_assert_eq(json_reader_next(&r, &err), JSON_OBJECT_END);
	cr_assert_eq(json_reader_next(&r, &err), JSON_EOF);
	json_reader_release(&r);
	CHECK_NO_LEAKS();
}

Test(json, multi_mode_reads_a_sequence_of_documents)
{
	const char *text = "{\"a\":1}\n{\"b\":2}\n  [3]";
	struct json_reader r;
	struct error err = ERROR_INIT;
	int docs = 0, t;

	json_reader_init(&r, text, strlen(text), 0, "m.json");
	r.multi = true;
	while ((t = json_reader_next(&r, &err)) > 0)
		if (r.depth == 1 && (t == JSON_OBJECT_BEGIN || t == JSON_ARRAY_BEGIN))
			docs++;
	cr_assert_eq(t, JSON_EOF, "%s", err.msg);
	cr_assert_eq(docs, 3);
	json_reader_release(&r);
	CHECK_NO_LEAKS();
}

Test(json, quote_escapes_controls_and_bidi)
{
	struct buf b = BUF_INIT;

	json_quote(&b, "a\"\x1b[31m\xe2\x80\xae\n", 11);
	cr_assert_str_eq(b.data, "\"a\\\"\\u001b[31m\\u202e\\n\"");
	buf_release(&b);
	CHECK_NO_LEAKS();
}

/* json_position_from counts on from the positions it has been asked, and
 * starts over for one before them: it agrees with json_position on each
 * offset of a text with lines, multi-byte characters and a CRLF. */
Test(json, position_cursor_agrees_with_a_full_count)
{
	static const char text[] = "{\n  \"a\": \"h\xc3\xa9llo\",\r\n  \"\xe2\x9c\x93\": [1,\n2]\n}\n";
	size_t len = sizeof(text) - 1, order[] = { 0, 3, 3, 9, 14, 20, 2, 21, 30, 28, len, 99 };
	struct json_pos_cursor cur = { 0, 0, 0 };
	size_t i;

	for (i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		unsigned long l1, c1, l2, c2;

		json_position(text, len, order[i], &l1, &c1);
		json_position_from(&cur, text, len, order[i], &l2, &c2);
		cr_expect_eq(l2, l1, "line at offset %zu: %lu, not %lu", order[i], l2, l1);
		cr_expect_eq(c2, c1, "column at offset %zu: %lu, not %lu", order[i], c2, c1);
	}
	/* the last offset is past the end: counted to the end, no further */
	cr_expect_eq(cur.off, len);
}
