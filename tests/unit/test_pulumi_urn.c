/* test_pulumi_urn.c - URNs, provider references and property paths. */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "mem.h"
#include "pulumi_urn.h"

static void
assert_part(const char *p, size_t len, const char *want)
{
	cr_assert_eq(len, strlen(want), "length %zu, want %zu ('%s')", len, strlen(want), want);
	cr_assert(memcmp(p, want, len) == 0, "want '%s'", want);
}

static bool
parse(const char *s, struct pulumi_urn *u)
{
	return pulumi_urn_parse(s, strlen(s), u);
}

Test(pulumi_urn, splits_stack_project_type_chain_and_name)
{
	struct pulumi_urn u;

	cr_assert(parse("urn:pulumi:prod::shop::my:web:Site$my:web:Cdn$aws:cloudfront/"
			"distribution:Distribution::edge",
			&u));
	assert_part(u.stack, u.stack_len, "prod");
	assert_part(u.project, u.project_len, "shop");
	assert_part(u.qualified_type, u.qualified_type_len,
		    "my:web:Site$my:web:Cdn$aws:cloudfront/distribution:Distribution");
	assert_part(u.type, u.type_len, "aws:cloudfront/distribution:Distribution");
	assert_part(u.name, u.name_len, "edge");
	assert_part(u.address, u.address_len,
		    "my:web:Site$my:web:Cdn$aws:cloudfront/distribution:Distribution::edge");
	cr_assert_eq(u.depth, 2);
	CHECK_NO_LEAKS();
}

Test(pulumi_urn, name_keeps_its_own_separators_and_dollars)
{
	struct pulumi_urn u;

	cr_assert(parse("urn:pulumi:prod::shop::aws:ssm/parameter:Parameter::price$tag::v2", &u));
	assert_part(u.type, u.type_len, "aws:ssm/parameter:Parameter");
	assert_part(u.name, u.name_len, "price$tag::v2");
	cr_assert_eq(u.depth, 0);
	cr_assert(parse("urn:pulumi:prod::shop::aws:s3/bucket:Bucket::", &u));
	assert_part(u.name, u.name_len, "");
	CHECK_NO_LEAKS();
}

Test(pulumi_urn, rejects_what_is_not_a_urn)
{
	static const char *const bad[] = {
		"",
		"urn:pulumi:",
		"urn:pulumi:prod::shop",
		"urn:pulumi:prod::shop::aws:s3/bucket:Bucket",
		"urn:pulumi:prod::shop::::name",
		"urn:pulumi:prod::shop::a$::name",
		"urn:pulumi:prod::shop::$b::name",
		"arn:aws:s3:::bucket",
		"URN:PULUMI:prod::shop::t::n",
	};
	struct pulumi_urn u;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		cr_assert(!parse(bad[i], &u), "accepted '%s'", bad[i]);
	cr_assert(!pulumi_urn_parse(NULL, 0, &u));
	/* a NUL byte inside */
	cr_assert(!pulumi_urn_parse("urn:pulumi:p::s::t::a\0b", 22, &u));
	CHECK_NO_LEAKS();
}

Test(pulumi_urn, knows_the_stack_and_provider_types)
{
	struct pulumi_urn u;

	cr_assert(parse("urn:pulumi:prod::shop::pulumi:pulumi:Stack::shop-prod", &u));
	cr_assert(pulumi_urn_is_stack(&u));
	cr_assert(parse("urn:pulumi:prod::shop::my:c:C$pulumi:pulumi:Stack::x", &u));
	cr_assert(!pulumi_urn_is_stack(&u), "a nested Stack type is not the root");
	cr_assert(pulumi_type_is_provider("pulumi:providers:aws", 20));
	cr_assert(!pulumi_type_is_provider("pulumi:providers:", 17));
	cr_assert(!pulumi_type_is_provider("aws:s3/bucket:Bucket", 20));
	CHECK_NO_LEAKS();
}

Test(pulumi_urn, provider_reference_splits_at_the_last_separator)
{
	const char *ref = "urn:pulumi:prod::shop::pulumi:providers:aws::default_6_63_0::"
			  "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
	const char *id = NULL;
	size_t urn_len = 0, id_len = 0;

	cr_assert(pulumi_provider_ref_split(ref, strlen(ref), &urn_len, &id, &id_len));
	assert_part(ref, urn_len, "urn:pulumi:prod::shop::pulumi:providers:aws::default_6_63_0");
	assert_part(id, id_len, "04da6b54-80e4-46f7-96ec-b56ff0331ba9");
	/* a bare URN has no ID part */
	ref = "urn:pulumi:prod::shop::pulumi:providers:aws::default";
	cr_assert(!pulumi_provider_ref_split(ref, strlen(ref), &urn_len, &id, &id_len));
	cr_assert(!pulumi_provider_ref_split("", 0, &urn_len, &id, &id_len));
	CHECK_NO_LEAKS();
}

/* The path as text: keys quoted, indexes bare, joined by '/'. */
static void
path_text(const struct value *v, char *out, size_t size)
{
	size_t i, n = 0;

	out[0] = '\0';
	for (i = 0; i < v->len; i++) {
		const struct value *s = &v->u.items[i];

		n += (size_t)snprintf(out + n, size - n, "%s%s%.*s%s", i ? "/" : "",
				      s->kind == VALUE_STRING ? "'" : "", (int)s->len, s->u.str,
				      s->kind == VALUE_STRING ? "'" : "");
	}
}

Test(pulumi_urn, parses_property_paths)
{
	static const struct {
		const char *in, *want;
	} cases[] = {
		{ "root", "'root'" },
		{ "foo-bar", "'foo-bar'" },
		{ "a.b[0].c", "'a'/'b'/0/'c'" },
		{ "ingress[1].cidrBlocks[0]", "'ingress'/1/'cidrBlocks'/0" },
		{ "a[\"key.with.dots\"]", "'a'/'key.with.dots'" },
		{ "[\"root key\"].x", "'root key'/'x'" },
		{ "a[\"k \\\"q\\\"\"]", "'a'/'k \"q\"'" },
		{ "a[*].f", "'a'/'*'/'f'" },
		{ "a[\"*\"]", "'a'/'*'" },
		{ "tags.Name", "'tags'/'Name'" },
	};
	struct arena arena = ARENA_INIT;
	struct strtab keys;
	struct value_builder vb = { &arena, &keys };
	size_t i;

	strtab_init(&keys, &arena);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct value v;
		char text[256];

		cr_assert_eq(pulumi_path_parse(cases[i].in, strlen(cases[i].in), &vb, &v), 0,
			     "'%s'", cases[i].in);
		cr_assert_eq(v.kind, VALUE_ARRAY);
		path_text(&v, text, sizeof(text));
		cr_assert_str_eq(text, cases[i].want, "'%s'", cases[i].in);
	}
	strtab_release(&keys);
	arena_release(&arena);
	CHECK_NO_LEAKS();
}

Test(pulumi_urn, rejects_malformed_paths)
{
	static const char *const bad[] = {
		"", "a[", "a[x]", "a[-1]", "a[]", "a[\"open", "a[\"k\"", "a[\"k\"x", ".",
	};
	struct arena arena = ARENA_INIT;
	struct strtab keys;
	struct value_builder vb = { &arena, &keys };
	size_t i;

	strtab_init(&keys, &arena);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct value v = value_absent;

		cr_assert_eq(pulumi_path_parse(bad[i], strlen(bad[i]), &vb, &v), 1, "'%s'", bad[i]);
		cr_assert_eq(v.kind, VALUE_ABSENT, "'%s' touched the output", bad[i]);
	}
	strtab_release(&keys);
	arena_release(&arena);
	CHECK_NO_LEAKS();
}

Test(pulumi_urn, paths_overlap_by_prefix_and_wildcard)
{
	static const struct {
		const char *a, *b;
		bool want;
	} cases[] = {
		{ "settings", "settings.apiKey", true },
		{ "settings.level", "settings.apiKey", false },
		{ "settings.apiKey", "settings", true },
		{ "tokens[0]", "tokens[1]", false },
		{ "tokens[0]", "tokens[0]", true },
		{ "a[*].b", "a[3].b", true },
		{ "a[*].b", "a[3].c", false },
		{ "a[0]", "a[\"0\"]", false },
	};
	struct arena arena = ARENA_INIT;
	struct strtab keys;
	struct value_builder vb = { &arena, &keys };
	size_t i;

	strtab_init(&keys, &arena);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct value a, b;

		cr_assert_eq(pulumi_path_parse(cases[i].a, strlen(cases[i].a), &vb, &a), 0);
		cr_assert_eq(pulumi_path_parse(cases[i].b, strlen(cases[i].b), &vb, &b), 0);
		cr_assert_eq(pulumi_paths_overlap(&a, &b), cases[i].want, "'%s' vs '%s'", cases[i].a,
			     cases[i].b);
	}
	strtab_release(&keys);
	arena_release(&arena);
	CHECK_NO_LEAKS();
}
