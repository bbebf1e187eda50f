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

/* ---- cost: linear in the two trees ---- */

#include <time.h>

#include "buf.h"
#include "json_value.h"

struct parsed {
	struct arena arena;
	struct strtab keys;
	struct value before, after, rp;
};

static void
parse_into(struct parsed *p, struct value *out, const struct buf *json)
{
	struct value_builder vb = { &p->arena, &p->keys };
	struct error err = ERROR_INIT;

	cr_assert_not(buf_failed(json));
	cr_assert_eq(json_parse_value(json->data, json->len, "t.json", &vb, out, &err), 0, "%s",
		     err.msg);
}

static double
time_diff(struct parsed *p, struct diff **d)
{
	struct diff_opts o = { .replace_paths = p->rp.kind == VALUE_ARRAY ? &p->rp : NULL };
	struct error err = ERROR_INIT;
	struct timespec t0, t1;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t0);
	cr_assert_eq(diff_new(d, &p->before, &p->after, &o, &err), 0, "%s", err.msg);
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t1);
	return (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
}

/* n keys changed, each named by its own replace path. */
static double
time_replace_paths(size_t n)
{
	struct parsed p;
	struct buf b = BUF_INIT, a = BUF_INIT, r = BUF_INIT;
	struct diff *d = NULL;
	size_t i, forced = 0;
	double secs;

	memset(&p, 0, sizeof(p));
	strtab_init(&p.keys, &p.arena);
	for (i = 0; i < n; i++) {
		buf_addf(&b, "%s\"k%zu\":\"a\"", i ? "," : "{", i);
		buf_addf(&a, "%s\"k%zu\":\"b\"", i ? "," : "{", i);
		buf_addf(&r, "%s[\"k%zu\"]", i ? "," : "[", i);
	}
	buf_addch(&b, '}');
	buf_addch(&a, '}');
	buf_addch(&r, ']');
	parse_into(&p, &p.before, &b);
	parse_into(&p, &p.after, &a);
	parse_into(&p, &p.rp, &r);
	secs = time_diff(&p, &d);
	cr_assert_eq(d->root.nchanged, n);
	for (i = 0; i < d->root.nchildren; i++)
		forced += (d->root.children[i].flags & DIFF_FORCES_REPLACEMENT) != 0;
	cr_assert_eq(forced, n, "every changed key forces replacement");
	diff_free(&d);
	buf_release(&b);
	buf_release(&a);
	buf_release(&r);
	strtab_release(&p.keys);
	arena_release(&p.arena);
	return secs;
}

Test(diff, replace_paths_cost_linear_time_and_memory)
{
	double small = time_replace_paths(5000), large = time_replace_paths(20000);

	/* each member scanned every path and copied them all: 20k paths took
	 * 29 s and 6 GB; indexed once per object, 4x the paths is ~4x */
	cr_assert_lt(large, 8 * small + 0.05, "5000: %.3f s, 20000: %.3f s", small, large);
	CHECK_NO_LEAKS();
}

/* {"a":{"a":...{k0..kn, last}}} nested `depth` deep, the last key changed. */
static double
time_deep(size_t depth, size_t n)
{
	struct parsed p;
	struct buf b = BUF_INIT, a = BUF_INIT;
	struct diff *d = NULL;
	const struct diff_node *x;
	size_t i;
	double secs;

	memset(&p, 0, sizeof(p));
	strtab_init(&p.keys, &p.arena);
	for (i = 0; i < depth; i++) {
		buf_addstr(&b, "{\"a\":");
		buf_addstr(&a, "{\"a\":");
	}
	for (i = 0; i < n; i++) {
		buf_addf(&b, "%s\"k%07zu\":[1,\"x\"]", i ? "," : "{", i);
		buf_addf(&a, "%s\"k%07zu\":[1,\"x\"]", i ? "," : "{", i);
	}
	buf_addstr(&b, ",\"z\":1}");
	buf_addstr(&a, ",\"z\":2}");
	buf_addchn(&b, '}', depth);
	buf_addchn(&a, '}', depth);
	parse_into(&p, &p.before, &b);
	parse_into(&p, &p.after, &a);
	secs = time_diff(&p, &d);
	for (x = &d->root, i = 0; i < depth; i++) {
		cr_assert_eq(x->op, DIFF_CHANGE, "level %zu", i);
		cr_assert_eq(x->nchanged, 1);
		x = &x->children[0];
	}
	cr_assert_eq(x->nchanged, 1);
	cr_assert_eq(x->children[n].op, DIFF_CHANGE, "z");
	cr_assert_eq(x->children[0].op, DIFF_SAME, "k0");
	diff_free(&d);
	buf_release(&b);
	buf_release(&a);
	strtab_release(&p.keys);
	arena_release(&p.arena);
	return secs;
}

Test(diff, nesting_costs_the_depth_plus_the_size_not_their_product)
{
	double shallow = time_deep(200, 50000), deep = time_deep(800, 50000);

	/* every level compared and scanned its whole subtree: 800 levels
	 * over 50k keys cost four times 200 levels; from the children, the
	 * same */
	cr_assert_lt(deep, 2 * shallow + 0.05, "200 levels: %.3f s, 800 levels: %.3f s", shallow,
		     deep);
	CHECK_NO_LEAKS();
}

Test(diff, one_insertion_in_a_long_list_is_one_added_element)
{
	struct parsed p;
	struct buf b = BUF_INIT, a = BUF_INIT;
	struct diff *d = NULL;
	size_t i;

	memset(&p, 0, sizeof(p));
	strtab_init(&p.keys, &p.arena);
	for (i = 0; i < 6000; i++) {
		buf_addf(&b, "%s\"v%zu\"", i ? "," : "[", i);
		buf_addf(&a, "%s\"v%zu\"", i ? "," : "[", i);
		if (i == 2999 || i == 4499)
			buf_addf(&a, ",\"new%zu\"", i);
	}
	buf_addch(&b, ']');
	buf_addch(&a, ']');
	parse_into(&p, &p.before, &b);
	parse_into(&p, &p.after, &a);
	time_diff(&p, &d);
	cr_assert_eq(d->root.op, DIFF_CHANGE);
	cr_assert_eq(d->root.nchildren, 6002);
	cr_assert_eq(d->root.nchanged, 2, "two insertions, nothing else moves");
	cr_assert_eq(d->root.children[3000].op, DIFF_ADD);
	cr_assert_eq(d->root.children[3000].index, 3000);
	cr_assert_eq(d->root.children[4501].op, DIFF_ADD);
	diff_free(&d);
	buf_release(&b);
	buf_release(&a);
	strtab_release(&p.keys);
	arena_release(&p.arena);
	CHECK_NO_LEAKS();
}

/* A plan updating one multi-line string: `n` lines, those at the indexes
 * in `changed` (ended by -1) replaced; the change rendered as text. */
static double
render_heredoc(size_t n, const long *changed, bool all, struct buf *text)
{
	struct buf json = BUF_INIT;
	struct source *src = NULL;
	struct plan *p = NULL;
	struct error err = ERROR_INIT;
	struct render_opts ro = { .full = false };
	struct timespec t0, t1;
	size_t i, start;
	unsigned skipped;
	const long *c;

	buf_addstr(&json, "{\"format_version\":\"1.2\",\"resource_changes\":[{\"address\":\"a.b\","
			  "\"mode\":\"managed\",\"type\":\"a\",\"name\":\"b\",\"change\":{\"actions\":"
			  "[\"update\"],\"before\":{\"s\":\"");
	for (i = 0; i < n; i++)
		buf_addf(&json, "line %zu\\n", i);
	buf_addstr(&json, "\"},\"after\":{\"s\":\"");
	for (i = 0; i < n; i++) {
		bool ch = all;

		for (c = changed; !ch && *c >= 0; c++)
			ch = (size_t)*c == i;
		buf_addf(&json, ch ? "LINE %zu\\n" : "line %zu\\n", i);
	}
	buf_addstr(&json, "\"},\"after_unknown\":{},\"before_sensitive\":{},"
			  "\"after_sensitive\":{}}}]}");
	cr_assert_eq(source_from_memory(&src, "h.json", json.data, json.len, &err), 0);
	cr_assert_eq(load_detect(src, &start, &skipped), LOAD_FORMAT_TERRAFORM);
	cr_assert_eq(plan_tf_load(&p, src, start, skipped, &err), 0, "%s", err.msg);
	ro.source_kind = PLAN_SOURCE_TERRAFORM;
	/* CPU time of this thread: other work on the machine does not count */
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t0);
	cr_assert_eq(render_text_change(text, plan_change_at(p, 0), &ro, &err), 0, "%s", err.msg);
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t1);
	plan_free(&p);
	buf_release(&json);
	return (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
}

static size_t
count_lines_with(const struct buf *text, const char *what)
{
	size_t n = 0;
	const char *s = text->data;

	while ((s = strstr(s, what))) {
		n++;
		s += strlen(what);
	}
	return n;
}

Test(diff, a_long_multi_line_string_shows_only_its_changed_lines)
{
	static const long changed[] = { 7, 12000, 19999, -1 };
	struct buf text = BUF_INIT;

	render_heredoc(20000, changed, false, &text);
	cr_assert_eq(count_lines_with(&text, "          - line "), 3, "%.400s", text.data);
	cr_assert_eq(count_lines_with(&text, "          + LINE "), 3);
	cr_assert(strstr(text.data, "          - line 12000\n          + LINE 12000\n"),
		  "removal before addition");
	buf_release(&text);
	CHECK_NO_LEAKS();
}

Test(diff, a_multi_line_string_replaced_whole_is_all_removed_then_all_added)
{
	static const long none[] = { -1 };
	struct buf text = BUF_INIT;
	const char *last_removal, *first_addition;

	render_heredoc(1999, none, true, &text);
	cr_assert_eq(count_lines_with(&text, "          - line "), 1999);
	cr_assert_eq(count_lines_with(&text, "          + LINE "), 1999);
	last_removal = strstr(text.data, "          - line 1998\n");
	first_addition = strstr(text.data, "          + LINE 0\n");
	cr_assert(last_removal && first_addition && last_removal < first_addition);
	buf_release(&text);
	CHECK_NO_LEAKS();
}

/* A plan creating one resource whose "v" is the given JSON text. */
static double
render_created(const struct buf *v, struct buf *text)
{
	struct buf json = BUF_INIT;
	struct source *src = NULL;
	struct plan *p = NULL;
	struct error err = ERROR_INIT;
	struct render_opts ro = { .full = false };
	struct timespec t0, t1;
	size_t start;
	unsigned skipped;

	buf_addstr(&json, "{\"format_version\":\"1.2\",\"resource_changes\":[{\"address\":\"a.b\","
			  "\"mode\":\"managed\",\"type\":\"a\",\"name\":\"b\",\"change\":{\"actions\":"
			  "[\"create\"],\"before\":null,\"after\":");
	buf_add(&json, v->data, v->len);
	buf_addstr(&json, ",\"after_unknown\":{},\"before_sensitive\":false,"
			  "\"after_sensitive\":{}}}]}");
	cr_assert_eq(source_from_memory(&src, "c.json", json.data, json.len, &err), 0);
	cr_assert_eq(load_detect(src, &start, &skipped), LOAD_FORMAT_TERRAFORM);
	cr_assert_eq(plan_tf_load(&p, src, start, skipped, &err), 0, "%s", err.msg);
	ro.source_kind = PLAN_SOURCE_TERRAFORM;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t0);
	cr_assert_eq(render_text_change(text, plan_change_at(p, 0), &ro, &err), 0, "%s", err.msg);
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t1);
	plan_free(&p);
	buf_release(&json);
	return (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
}

static size_t
longest_line(const struct buf *text)
{
	size_t best = 0, cur = 0, i;

	for (i = 0; i < text->len; i++) {
		cur = text->data[i] == '\n' ? 0 : cur + 1;
		if (cur > best)
			best = cur;
	}
	return best;
}

Test(diff, a_very_long_key_is_not_aligned_with_the_others)
{
	struct buf v = BUF_INIT, text = BUF_INIT;
	size_t i;

	buf_addstr(&v, "{");
	for (i = 0; i < 2000; i++)
		buf_addf(&v, "\"k%zu\":1,", i);
	buf_addstr(&v, "\"");
	buf_addchn(&v, 'x', 5000);
	buf_addstr(&v, "\":2,\"");
	buf_addchn(&v, 'w', 48);
	buf_addstr(&v, "\":3}");
	render_created(&v, &text);
	/* the short keys align with the 48-column one, not with the 5000 */
	buf_reset(&v);
	buf_addstr(&v, "\n      + k0");
	buf_addchn(&v, ' ', 46);
	buf_addstr(&v, " = 1\n");
	cr_assert(strstr(text.data, v.data), "%.300s", text.data);
	cr_assert(strstr(text.data, "xxxx = 2\n"));
	cr_assert_lt(text.len, 2000 * 80 + 6000, "%zu bytes for 2001 short lines", text.len);
	buf_release(&v);
	buf_release(&text);
	CHECK_NO_LEAKS();
}

/* ["s", ["s", ... [k0 .. kn] ...]] nested `depth` deep, created */
static double
time_nested_create(size_t depth, size_t n, struct buf *text)
{
	struct buf v = BUF_INIT;
	size_t i;
	double secs;

	for (i = 0; i < depth; i++)
		buf_addstr(&v, "[\"s\",");
	for (i = 0; i < n; i++)
		buf_addf(&v, "%s\"k%zu\"", i ? "," : "[", i);
	buf_addch(&v, ']');
	buf_addchn(&v, ']', depth);
	secs = render_created(&v, text);
	buf_release(&v);
	return secs;
}

Test(diff, deep_creates_render_in_time_and_width_bounded_by_the_input)
{
	struct buf a = BUF_INIT, b = BUF_INIT;
	double shallow = time_nested_create(150, 20000, &a), deep = time_nested_create(600, 20000, &b);

	/* each nested level diffed (and hashed) its subtree again, and was
	 * indented further: 900 levels over 20k strings took 87 s for 155 MB */
	cr_assert_leq(longest_line(&b), 160 + 12, "indentation stops at 160 columns");
	cr_assert_lt(b.len, 2 * a.len, "%zu bytes, then %zu", a.len, b.len);
	/* a complexity guard, not a speed target (make bench has those): the
	 * quadratic render took seconds here, the linear one milliseconds */
	cr_assert_lt(deep, 3 * shallow + 0.2, "150 levels: %.3f s, 600 levels: %.3f s", shallow,
		     deep);
	buf_release(&a);
	buf_release(&b);
	CHECK_NO_LEAKS();
}

/* What an update shows though unchanged: id, name and tags at the top;
 * the name of an object in a list; nothing else. */
Test(diff, identifying_children_are_the_top_keys_and_a_list_elements_name)
{
	struct parsed p;
	struct buf b = BUF_INIT, a = BUF_INIT;
	struct diff *d = NULL;
	struct diff_opts o = { NULL, false, false };
	struct error err = ERROR_INIT;
	const struct diff_node *env, *el, *cfg;

	memset(&p, 0, sizeof(p));
	strtab_init(&p.keys, &p.arena);
	buf_addstr(&b, "{\"id\": \"i\", \"name\": \"n\", \"tags\": {}, \"size\": 1, \"env\": "
		       "[{\"name\": \"LOG\", \"value\": \"info\"}], \"cfg\": {\"name\": \"c\", "
		       "\"v\": 1}}");
	buf_addstr(&a, "{\"id\": \"i\", \"name\": \"n\", \"tags\": {}, \"size\": 2, \"env\": "
		       "[{\"name\": \"LOG\", \"value\": \"debug\"}], \"cfg\": {\"name\": \"c\", "
		       "\"v\": 2}}");
	parse_into(&p, &p.before, &b);
	parse_into(&p, &p.after, &a);
	cr_assert_eq(diff_new(&d, &p.before, &p.after, &o, &err), 0, "%s", err.msg);
	cr_assert(diff_child_identifies(&d->root, child(&d->root, "id"), 0));
	cr_assert(diff_child_identifies(&d->root, child(&d->root, "name"), 0));
	cr_assert(diff_child_identifies(&d->root, child(&d->root, "tags"), 0));
	cr_assert_not(diff_child_identifies(&d->root, child(&d->root, "size"), 0));
	env = child(&d->root, "env");
	el = &env->children[0];
	cr_assert(diff_child_identifies(el, child(el, "name"), 2));
	cr_assert_not(diff_child_identifies(el, child(el, "value"), 2));
	/* in a nested object that is not a list element, a name is just a name */
	cfg = child(&d->root, "cfg");
	cr_assert_not(diff_child_identifies(cfg, child(cfg, "name"), 1));
	diff_free(&d);
	buf_release(&b);
	buf_release(&a);
	strtab_release(&p.keys);
	arena_release(&p.arena);
	CHECK_NO_LEAKS();
}
