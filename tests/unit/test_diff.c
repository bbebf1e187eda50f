/* test_diff.c - the attribute diff on the project's own plans. */
#include <string.h>

#include "check.h"
#include "diff.h"
#include "load.h"
#include "plan.h"
#include "render.h"

static struct plan *
load(const char *path)
{
	struct load_opts o = { 0 };
	struct plan *plan = NULL;
	struct error err = ERROR_INIT;

	o.path = path;
	cr_assert_eq(load_plan(&plan, &o, &err), 0, "%s", err.msg);
	return plan;
}

static const struct diff_node *
child(const struct diff_node *n, const char *key)
{
	size_t i;

	for (i = 0; i < n->nchildren; i++)
		if (n->children[i].key && strlen(key) == n->children[i].key_len &&
		    memcmp(n->children[i].key, key, n->children[i].key_len) == 0)
			return &n->children[i];
	cr_assert_fail("no child '%s'", key);
	return NULL;
}

static struct diff *
diff_of(const struct plan *p, const char *address, bool decode)
{
	const struct plan_change *c = plan_find_change(p, address, PLAN_SECTION_CHANGE);
	struct diff_opts o = { .decode_json = decode };
	struct diff *d = NULL;
	struct error err = ERROR_INIT;

	cr_assert_not_null(c);
	if (c->replace_paths.kind == VALUE_ARRAY)
		o.replace_paths = &c->replace_paths;
	cr_assert_eq(diff_new(&d, &c->before, &c->after, &o, &err), 0);
	return d;
}

Test(diff, list_of_objects_insertion_is_one_added_element)
{
	struct plan *p = load(TESTDATA("plans/valid/diffs.json"));
	struct diff *d = diff_of(p, "aws_security_group.web", false);
	const struct diff_node *ing = child(&d->root, "ingress");

	cr_assert_eq(d->root.op, DIFF_CHANGE);
	cr_assert_eq(d->root.nchanged, 1);
	cr_assert_eq(child(&d->root, "tags")->op, DIFF_SAME);
	cr_assert_eq(ing->op, DIFF_CHANGE);
	cr_assert_eq(ing->nchildren, 3);
	cr_assert_eq(ing->nchanged, 1);
	cr_assert_eq(ing->children[0].op, DIFF_ADD);
	cr_assert_str_eq(value_str(value_get(ing->children[0].after, "description")), "ssh");
	cr_assert_eq(ing->children[1].op, DIFF_SAME);
	cr_assert_eq(ing->children[2].op, DIFF_SAME);
	diff_free(&d);
	plan_free(&p);
	CHECK_NO_LEAKS();
}

Test(diff, nested_sensitive_and_unknown_values)
{
	struct plan *p = load(TESTDATA("plans/valid/diffs.json"));
	struct diff *d = diff_of(p, "aws_lambda_function.f", false);
	const struct diff_node *env = child(&d->root, "environment"), *vars, *key, *layers;

	cr_assert_eq(env->op, DIFF_CHANGE);
	vars = child(&env->children[0], "variables");
	key = child(vars, "API_KEY");
	cr_assert_eq(key->op, DIFF_CHANGE);
	cr_assert(key->flags & DIFF_SENSITIVE);
	cr_assert_eq(key->before->kind, VALUE_SENSITIVE);
	cr_assert_eq(child(vars, "MODE")->op, DIFF_CHANGE);
	cr_assert_eq(child(&d->root, "source_code_hash")->op, DIFF_CHANGE);
	cr_assert(child(&d->root, "source_code_hash")->flags & DIFF_UNKNOWN_AFTER);
	cr_assert_eq(child(&d->root, "version")->op, DIFF_ADD);
	cr_assert_eq(child(&d->root, "version")->after->kind, VALUE_UNKNOWN);
	/* a list of strings: l2 removed, l3 added, l1 kept */
	layers = child(&d->root, "layers");
	cr_assert_eq(layers->nchildren, 3);
	cr_assert_eq(layers->children[0].op, DIFF_SAME);
	cr_assert_eq(layers->children[1].op, DIFF_REMOVE);
	cr_assert_str_eq(value_str(layers->children[1].before), "l2");
	cr_assert_eq(layers->children[2].op, DIFF_ADD);
	cr_assert_str_eq(value_str(layers->children[2].after), "l3");
	diff_free(&d);
	plan_free(&p);
	CHECK_NO_LEAKS();
}

Test(diff, an_unchanged_secret_is_the_same)
{
	struct plan *p = load(TESTDATA("plans/valid/diffs.json"));
	struct diff *d = diff_of(p, "aws_secretsmanager_secret_version.v", false);
	const struct plan_change *c =
		plan_find_change(p, "aws_secretsmanager_secret_version.v", PLAN_SECTION_CHANGE);

	cr_assert_eq(child(&d->root, "secret_string")->op, DIFF_SAME);
	cr_assert(child(&d->root, "secret_string")->flags & DIFF_SENSITIVE);
	cr_assert_eq(child(&d->root, "version_stages")->op, DIFF_ADD);
	cr_assert_eq(c->flags & PLAN_CHANGE_SENSITIVE_CHANGED, 0);
	diff_free(&d);
	plan_free(&p);
	CHECK_NO_LEAKS();
}

Test(diff, replace_paths_mark_the_forcing_attribute)
{
	struct plan *p = load(TESTDATA("plans/valid/all-actions.json"));
	struct diff *d = diff_of(p, "aws_db_instance.main", false);

	cr_assert(child(&d->root, "engine_version")->flags & DIFF_FORCES_REPLACEMENT);
	cr_assert_eq(child(&d->root, "engine")->flags & DIFF_FORCES_REPLACEMENT, 0);
	cr_assert_eq(child(&d->root, "id")->op, DIFF_CHANGE);
	cr_assert_eq(child(&d->root, "id")->after->kind, VALUE_UNKNOWN);
	diff_free(&d);
	plan_free(&p);
	CHECK_NO_LEAKS();
}

Test(diff, json_in_strings_is_diffed_structurally)
{
	struct plan *p = load(TESTDATA("plans/valid/all-actions.json"));
	struct diff *d = diff_of(p, "aws_iam_policy.deploy", true);
	const struct diff_node *pol = child(&d->root, "policy"), *st, *act;

	cr_assert(pol->flags & DIFF_JSON_DECODED);
	cr_assert_eq(pol->op, DIFF_CHANGE);
	st = child(pol, "Statement");
	act = child(&st->children[0], "Action");
	cr_assert_eq(act->nchildren, 2);
	cr_assert_eq(act->children[0].op, DIFF_SAME);
	cr_assert_eq(act->children[1].op, DIFF_ADD);
	cr_assert_str_eq(value_str(act->children[1].after), "s3:PutObject");
	cr_assert_eq(child(pol, "Version")->op, DIFF_SAME);
	diff_free(&d);
	plan_free(&p);
	CHECK_NO_LEAKS();
}

Test(diff, reordered_json_keys_are_not_a_change)
{
	struct arena a = ARENA_INIT;
	struct value before, after;
	struct diff *d = NULL;
	struct diff_opts o = { .decode_json = true };
	struct error err = ERROR_INIT;

	before.kind = after.kind = VALUE_STRING;
	before.flags = after.flags = 0;
	before.u.str = "{\"a\": 1, \"b\": [1, 2]}";
	before.len = (uint32_t)strlen(before.u.str);
	after.u.str = "{\"b\":[1,2],\"a\":1}";
	after.len = (uint32_t)strlen(after.u.str);
	cr_assert_eq(diff_new(&d, &before, &after, &o, &err), 0);
	cr_assert_eq(d->root.op, DIFF_SAME);
	cr_assert(d->root.flags & DIFF_JSON_DECODED);
	diff_free(&d);
	arena_release(&a);
	CHECK_NO_LEAKS();
}

Test(diff, show_text_marks_every_kind_of_change)
{
	struct plan *p = load(TESTDATA("plans/valid/diffs.json"));
	const struct plan_change *c = plan_find_change(p, "aws_lambda_function.f", PLAN_SECTION_CHANGE);
	struct render_opts ro = { .color = false };
	struct buf out = BUF_INIT;
	struct error err = ERROR_INIT;

	cr_assert_eq(render_text_change(&out, c, &ro, &err), 0);
	cr_assert(strstr(out.data, "  # aws_lambda_function.f will be updated in-place\n"));
	cr_assert(strstr(out.data, "~ API_KEY = (sensitive value)\n"), "%s", out.data);
	cr_assert(strstr(out.data, "~ MODE    = \"a\" -> \"b\"\n"), "%s", out.data);
	cr_assert(strstr(out.data, "- \"l2\",\n"), "%s", out.data);
	cr_assert(strstr(out.data, "+ \"l3\",\n"), "%s", out.data);
	cr_assert(strstr(out.data, "~ source_code_hash = \"abc\" -> (known after apply)\n"), "%s",
		  out.data);
	cr_assert(strstr(out.data, "+ version          = (known after apply)\n"), "%s", out.data);
	cr_assert_null(strstr(out.data, "old-key"));
	cr_assert_null(strstr(out.data, "new-key"));
	buf_release(&out);
	plan_free(&p);
	CHECK_NO_LEAKS();
}
