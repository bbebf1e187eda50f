/* test_yaml.c - YAML streams -> value trees (src/yaml_value.c). */
#include <string.h>

#include "buf.h"
#include "check.h"
#include "mem.h"
#include "source.h"
#include "yaml_value.h"

struct docs {
	struct arena arena;
	struct strtab keys;
	struct value_builder vb;
	struct yaml_value_doc d[16];
	size_t n;
	struct error err;
	struct source *src;
};

static void
docs_init(struct docs *D)
{
	memset(D, 0, sizeof(*D));
	strtab_init(&D->keys, &D->arena);
	D->vb.arena = &D->arena;
	D->vb.keys = &D->keys;
}

static void
docs_release(struct docs *D)
{
	strtab_release(&D->keys);
	arena_release(&D->arena);
	source_free(&D->src);
}

/* Reads every document of text; returns what the reader last returned. */
static int
read_text(struct docs *D, const char *text, size_t len, const struct yaml_value_limits *lim)
{
	struct yaml_value_reader *r = NULL;
	int rc;

	cr_assert_eq(yaml_value_reader_new(&r, text, len, "t.yaml", lim, &D->err), 0);
	for (;;) {
		struct yaml_value_doc doc;

		rc = yaml_value_reader_next(r, &D->vb, &doc, &D->err);
		if (rc <= 0)
			break;
		cr_assert_lt(D->n, 16);
		D->d[D->n++] = doc;
	}
	yaml_value_reader_free(&r);
	cr_assert_null(r);
	return rc;
}

static int
read_file(struct docs *D, const char *path)
{
	struct yaml_value_reader *r = NULL;
	int rc;

	cr_assert_eq(source_read(&D->src, path, &D->err), 0, "%s", D->err.msg);
	cr_assert_eq(yaml_value_reader_new(&r, D->src->text + D->src->start,
					   D->src->len - D->src->start, path, NULL, &D->err),
		     0);
	for (;;) {
		struct yaml_value_doc doc;

		rc = yaml_value_reader_next(r, &D->vb, &doc, &D->err);
		if (rc <= 0)
			break;
		cr_assert_lt(D->n, 16);
		D->d[D->n++] = doc;
	}
	yaml_value_reader_free(&r);
	return rc;
}

static const struct value *
path2(const struct value *v, const char *a, const char *b)
{
	v = value_get(v, a);
	return b ? value_get(v, b) : v;
}

static void
assert_str(const struct value *v, const char *want)
{
	cr_assert_eq(v->kind, VALUE_STRING, "kind %s, want string '%s'", value_kind_name(v->kind),
		     want);
	cr_assert_str_eq(v->u.str, want);
}

static void
assert_num(const struct value *v, const char *want)
{
	cr_assert_eq(v->kind, VALUE_NUMBER, "kind %s, want number %s", value_kind_name(v->kind),
		     want);
	cr_assert_str_eq(v->u.str, want);
}

Test(yaml, resolves_plain_scalars_as_kubernetes_yaml_1_1_does)
{
	static const struct {
		const char *in;
		enum yaml_value_scalar kind;
		const char *num;
	} cases[] = {
		{ "", YAML_VALUE_SCALAR_NULL, NULL },
		{ "~", YAML_VALUE_SCALAR_NULL, NULL },
		{ "Null", YAML_VALUE_SCALAR_NULL, NULL },
		{ "yes", YAML_VALUE_SCALAR_TRUE, NULL },
		{ "ON", YAML_VALUE_SCALAR_TRUE, NULL },
		{ "y", YAML_VALUE_SCALAR_TRUE, NULL },
		{ "Off", YAML_VALUE_SCALAR_FALSE, NULL },
		{ "n", YAML_VALUE_SCALAR_FALSE, NULL },
		{ "0", YAML_VALUE_SCALAR_NUMBER, "0" },
		{ "-12", YAML_VALUE_SCALAR_NUMBER, "-12" },
		{ "+12", YAML_VALUE_SCALAR_NUMBER, "12" },
		{ "0755", YAML_VALUE_SCALAR_NUMBER, "493" },
		{ "0o17", YAML_VALUE_SCALAR_NUMBER, "15" },
		{ "0x1F", YAML_VALUE_SCALAR_NUMBER, "31" },
		{ "-0x10", YAML_VALUE_SCALAR_NUMBER, "-16" },
		{ "0b101", YAML_VALUE_SCALAR_NUMBER, "5" },
		{ "1_000", YAML_VALUE_SCALAR_NUMBER, "1000" },
		{ "08", YAML_VALUE_SCALAR_NUMBER, "8" },
		{ "1.50", YAML_VALUE_SCALAR_NUMBER, "1.50" },
		{ ".5", YAML_VALUE_SCALAR_NUMBER, "0.5" },
		{ "1.", YAML_VALUE_SCALAR_NUMBER, "1" },
		{ "1e3", YAML_VALUE_SCALAR_NUMBER, "1e3" },
		{ "-2.5E-3", YAML_VALUE_SCALAR_NUMBER, "-2.5E-3" },
		{ "123456789012345678901234567890", YAML_VALUE_SCALAR_NUMBER,
		  "123456789012345678901234567890" },
		{ ".inf", YAML_VALUE_SCALAR_STRING, NULL },
		{ ".nan", YAML_VALUE_SCALAR_STRING, NULL },
		{ "0x", YAML_VALUE_SCALAR_STRING, NULL },
		{ "0xFFFFFFFFFFFFFFFFF", YAML_VALUE_SCALAR_STRING, NULL },
		{ "1.2.3", YAML_VALUE_SCALAR_STRING, NULL },
		{ "1:30", YAML_VALUE_SCALAR_STRING, NULL },
		{ "2026-01-01", YAML_VALUE_SCALAR_STRING, NULL },
		{ "-", YAML_VALUE_SCALAR_STRING, NULL },
		{ "+", YAML_VALUE_SCALAR_STRING, NULL },
		{ ".", YAML_VALUE_SCALAR_STRING, NULL },
		{ "1e", YAML_VALUE_SCALAR_STRING, NULL },
		{ "yess", YAML_VALUE_SCALAR_STRING, NULL },
		{ "nginx:1.25", YAML_VALUE_SCALAR_STRING, NULL },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct buf num = BUF_INIT;
		enum yaml_value_scalar k =
			yaml_value_resolve_plain(cases[i].in, strlen(cases[i].in), &num);

		cr_assert_eq(k, cases[i].kind, "'%s': kind %d, want %d", cases[i].in, k,
			     cases[i].kind);
		if (cases[i].num)
			cr_assert_str_eq(num.data, cases[i].num, "'%s'", cases[i].in);
		buf_release(&num);
	}
	CHECK_NO_LEAKS();
}

Test(yaml, types_scalars_by_style_and_tag)
{
	struct docs D;
	const struct value *data;

	docs_init(&D);
	cr_assert_eq(read_file(&D, TESTDATA("manifests/valid/scalars.yaml")), 0, "%s", D.err.msg);
	cr_assert_eq(D.n, 1);
	data = value_get(&D.d[0].value, "data");
	assert_str(value_get(data, "quoted_zero"), "0");
	assert_num(value_get(data, "plain_zero"), "0");
	assert_num(value_get(data, "octal"), "493");
	assert_num(value_get(data, "hex"), "31");
	assert_num(value_get(data, "plus"), "1");
	assert_num(value_get(data, "underscores"), "1000");
	assert_num(value_get(data, "leading_dot"), "0.5");
	assert_num(value_get(data, "keeps_text"), "1.50");
	assert_num(value_get(data, "exponent"), "1e3");
	assert_num(value_get(data, "leading_zero_decimal"), "8");
	assert_num(value_get(data, "version"), "1.32");
	cr_assert_eq(value_get(data, "yes_word")->kind, VALUE_BOOL);
	cr_assert(value_get(data, "yes_word")->u.b);
	cr_assert_eq(value_get(data, "off_word")->kind, VALUE_BOOL);
	cr_assert_not(value_get(data, "off_word")->u.b);
	assert_str(value_get(data, "quoted_yes"), "yes");
	cr_assert_eq(value_get(data, "tilde")->kind, VALUE_NULL);
	cr_assert_eq(value_get(data, "empty")->kind, VALUE_NULL);
	assert_str(value_get(data, "infinity"), ".inf");
	assert_str(value_get(data, "tagged_string"), "42");
	assert_num(value_get(data, "tagged_int"), "42");
	assert_str(value_get(data, "date"), "2026-01-01");
	assert_str(value_get(data, "block"), "first\nsecond\n");
	assert_str(value_get(data, "folded"), "one two\n");
	/* plain keys that are not strings become their JSON text */
	assert_str(value_get(data, "true"), "key-was-yes");
	assert_str(value_get(data, "16"), "key-was-hex");
	cr_assert_eq(value_get(data, "yes")->kind, VALUE_ABSENT);
	docs_release(&D);
	CHECK_NO_LEAKS();
}

Test(yaml, reads_every_document_shape_of_a_stream)
{
	struct docs D;

	docs_init(&D);
	cr_assert_eq(read_file(&D, TESTDATA("manifests/valid/stream.yaml")), 0, "%s", D.err.msg);
	/* comment-only, Namespace, empty, List, ClusterRole, Job */
	cr_assert_eq(D.n, 6);
	cr_assert_eq(D.d[0].value.kind, VALUE_NULL);
	cr_assert_eq(D.d[0].index, 1);
	assert_str(path2(&D.d[1].value, "metadata", "name"), "shop");
	cr_assert_eq(D.d[1].line, 6);
	cr_assert_eq(D.d[1].col, 1);
	cr_assert_eq(D.d[2].value.kind, VALUE_NULL);
	assert_str(value_get(&D.d[3].value, "kind"), "List");
	cr_assert_eq(value_get(&D.d[3].value, "items")->len, 2);
	cr_assert_eq(D.d[3].line, 12);
	assert_str(value_get(&D.d[4].value, "kind"), "ClusterRole");
	assert_str(path2(&D.d[5].value, "metadata", "generateName"), "migrate-");
	cr_assert_eq(D.d[5].index, 6);
	docs_release(&D);
	CHECK_NO_LEAKS();
}

Test(yaml, a_comment_only_text_has_no_documents)
{
	static const char text[] = "# generated by flux bootstrap\n\n# nothing yet\n";
	struct docs D;

	docs_init(&D);
	cr_assert_eq(read_text(&D, text, strlen(text), NULL), 0);
	cr_assert_eq(D.n, 0);
	docs_release(&D);
	CHECK_NO_LEAKS();
}

Test(yaml, resolves_anchors_aliases_and_merge_keys)
{
	struct docs D;
	const struct value *data, *merged;

	docs_init(&D);
	cr_assert_eq(read_file(&D, TESTDATA("manifests/valid/anchors.yaml")), 0, "%s", D.err.msg);
	cr_assert_eq(D.n, 2);
	data = value_get(&D.d[0].value, "data");
	cr_assert(value_equal(value_get(data, "labels"),
			      path2(&D.d[0].value, "metadata", "labels")));
	merged = value_get(data, "merged");
	cr_assert_eq(merged->len, 3);
	assert_str(value_get(merged, "a"), "1");         /* the first merged map wins */
	assert_str(value_get(merged, "b"), "override");  /* written keys win */
	assert_str(value_get(merged, "c"), "3");
	cr_assert_eq(value_get(merged, "<<")->kind, VALUE_ABSENT);
	data = value_get(&D.d[1].value, "data");
	assert_str(value_get(data, "x"), "from-merge");
	assert_str(value_get(data, "z"), "explicit");
	docs_release(&D);
	CHECK_NO_LEAKS();
}

Test(yaml, crlf_line_ends_read_as_lf)
{
	struct docs D, E;

	docs_init(&D);
	docs_init(&E);
	cr_assert_eq(read_file(&D, TESTDATA("manifests/valid/crlf.yaml")), 0, "%s", D.err.msg);
	cr_assert_eq(read_file(&E, TESTDATA("manifests/valid/lf.yaml")), 0, "%s", E.err.msg);
	cr_assert_eq(D.n, 1);
	cr_assert(value_equal(&D.d[0].value, &E.d[0].value));
	assert_str(path2(&D.d[0].value, "data", "script"), "echo one\necho two\n");
	docs_release(&D);
	docs_release(&E);
	CHECK_NO_LEAKS();
}

struct bad_case {
	const char *file;
	enum error_code code;
	unsigned long line, col;
	const char *msg;
};

Test(yaml, bad_input_fails_with_file_line_and_column)
{
	static const struct bad_case cases[] = {
		{ "duplicate-key.yaml", ERROR_SCHEMA, 8, 3, "duplicate key 'a' (first at line 6)" },
		{ "truncated.yaml", ERROR_SYNTAX, 7, 1, "did not find expected ',' or ']'" },
		{ "bad-utf8.yaml", ERROR_ENCODING, 4, 11, "invalid trailing UTF-8 octet" },
		{ "complex-key.yaml", ERROR_SCHEMA, 6, 5, "a mapping key must be a scalar" },
		{ "unknown-alias.yaml", ERROR_SCHEMA, 6, 6, "unknown anchor 'nowhere'" },
		{ "tab-indent.yaml", ERROR_SYNTAX, 6, 1, "found character that cannot start" },
		{ "billion-laughs.yaml", ERROR_LIMIT, 10, 38,
		  "aliases expand to more than 1000000" },
		{ "deep.yaml", ERROR_LIMIT, 4, 518, "nesting deeper than 512 levels" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct docs D;
		char path[256];

		snprintf(path, sizeof(path), "testdata/manifests/invalid/%s", cases[i].file);
		docs_init(&D);
		cr_assert_eq(read_file(&D, path), -1, "%s read", cases[i].file);
		cr_assert_eq(D.err.code, cases[i].code, "%s: code %s: %s", cases[i].file,
			     error_code_name(D.err.code), D.err.msg);
		cr_assert_str_eq(D.err.path, path);
		cr_assert_eq(D.err.line, cases[i].line, "%s: line %lu: %s", cases[i].file,
			     D.err.line, D.err.msg);
		cr_assert_eq(D.err.col, cases[i].col, "%s: col %lu: %s", cases[i].file, D.err.col,
			     D.err.msg);
		cr_assert(strstr(D.err.msg, cases[i].msg), "%s: '%s'", cases[i].file, D.err.msg);
		docs_release(&D);
	}
	CHECK_NO_LEAKS();
}

Test(yaml, alias_expansion_limit_is_configurable)
{
	static const char text[] = "a: &a [1, 2, 3, 4]\nb: [*a, *a, *a]\n";
	struct yaml_value_limits lim = { 0, 11, 0 };
	struct docs D;

	docs_init(&D);
	cr_assert_eq(read_text(&D, text, strlen(text), &lim), -1);
	cr_assert_eq(D.err.code, ERROR_LIMIT);
	cr_assert_eq(D.err.line, 2);
	cr_assert_eq(D.err.col, 13, "col %lu", D.err.col);
	docs_release(&D);
	docs_init(&D);
	lim.max_alias_nodes = 15;
	cr_assert_eq(read_text(&D, text, strlen(text), &lim), 0, "%s", D.err.msg);
	cr_assert_eq(value_get(&D.d[0].value, "b")->len, 3);
	docs_release(&D);
	CHECK_NO_LEAKS();
}

Test(yaml, a_second_merge_key_is_a_duplicate)
{
	static const char text[] = "base: &b {x: 1}\nm:\n  <<: *b\n  <<: *b\n";
	static const char bad_merge[] = "m:\n  <<: [1, 2]\n";
	struct docs D;

	docs_init(&D);
	cr_assert_eq(read_text(&D, text, strlen(text), NULL), -1);
	cr_assert_eq(D.err.line, 4);
	cr_assert(strstr(D.err.msg, "duplicate key '<<'"), "%s", D.err.msg);
	docs_release(&D);
	docs_init(&D);
	cr_assert_eq(read_text(&D, bad_merge, strlen(bad_merge), NULL), -1);
	cr_assert_eq(D.err.code, ERROR_SCHEMA);
	cr_assert(strstr(D.err.msg, "merge needs a mapping"), "%s", D.err.msg);
	docs_release(&D);
	CHECK_NO_LEAKS();
}

Test(yaml, quoted_merge_key_is_an_ordinary_key)
{
	static const char text[] = "m:\n  '<<': literal\n";
	struct docs D;

	docs_init(&D);
	cr_assert_eq(read_text(&D, text, strlen(text), NULL), 0, "%s", D.err.msg);
	assert_str(path2(&D.d[0].value, "m", "<<"), "literal");
	docs_release(&D);
	CHECK_NO_LEAKS();
}

Test(yaml, survives_allocation_failures)
{
	unsigned long n;

	/* every allocation in turn fails: an error, never a crash or a leak */
	for (n = 1; n < 400; n++) {
		struct docs D;
		int rc;

		docs_init(&D);
		cr_assert_eq(source_read(&D.src, TESTDATA("manifests/valid/anchors.yaml"), &D.err),
			     0);
		{
			struct yaml_value_reader *r = NULL;
			struct yaml_value_doc doc;

			mem_fail_after(n);
			rc = yaml_value_reader_new(&r, D.src->text, D.src->len, "a.yaml", NULL,
						   &D.err);
			while (rc == 0 &&
			       (rc = yaml_value_reader_next(r, &D.vb, &doc, &D.err)) == 1)
				rc = 0;
			mem_fail_after(0);
			yaml_value_reader_free(&r);
			if (rc < 0)
				cr_assert_eq(D.err.code, ERROR_NOMEM, "n=%lu: %s", n, D.err.msg);
		}
		docs_release(&D);
		if (!mem_failures())
			break;
	}
	cr_assert_lt(n, 400);
	CHECK_NO_LEAKS();
}

Test(yaml, aliases_are_limited_in_bytes_and_in_depth_too)
{
	struct yaml_value_limits lim = { 8, 0, 100 };
	struct buf text = BUF_INIT;
	struct docs D;

	/* 30 bytes of text repeated 4 times: 120 > 100 (the anchor itself
	 * is not an expansion) */
	docs_init(&D);
	buf_addstr(&text, "a: &s \"012345678901234567890123456789\"\nb: [*s, *s, *s]\nc: *s\n");
	cr_assert_eq(read_text(&D, text.data, text.len, &lim), -1);
	cr_assert_eq(D.err.code, ERROR_LIMIT);
	cr_assert_str_eq(D.err.msg, "aliases expand to more than 100 bytes of text");
	cr_assert_eq(D.err.line, 3);
	cr_assert_eq(D.err.col, 4, "col %lu", D.err.col);
	docs_release(&D);
	/* the same within the limit */
	docs_init(&D);
	lim.max_alias_bytes = 120;
	cr_assert_eq(read_text(&D, text.data, text.len, &lim), 0, "%s", D.err.msg);
	docs_release(&D);
	/* an anchor 3 deep, used 6 deep: 9 levels > 8 */
	docs_init(&D);
	buf_reset(&text);
	buf_addstr(&text, "a: &d [[[x]]]\nb: [[[[[*d]]]]]\n");
	cr_assert_eq(read_text(&D, text.data, text.len, &lim), -1);
	cr_assert_str_eq(D.err.msg, "nesting deeper than 8 levels (through the alias 'd')");
	cr_assert_eq(D.err.line, 2);
	cr_assert_eq(D.err.col, 9, "col %lu", D.err.col);
	docs_release(&D);
	/* one level less is fine: the mapping, 4 sequences and the anchor's 3 */
	docs_init(&D);
	buf_reset(&text);
	buf_addstr(&text, "a: &d [[[x]]]\nb: [[[[*d]]]]\n");
	cr_assert_eq(read_text(&D, text.data, text.len, &lim), 0, "%s", D.err.msg);
	docs_release(&D);
	buf_release(&text);
	CHECK_NO_LEAKS();
}
