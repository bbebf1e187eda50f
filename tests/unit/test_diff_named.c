/* test_diff_named.c - the match_by_name option of src/diff.c: lists of
 * named items (containers, env, ports, Composition resources and steps)
 * are matched by name, not by position. */
#include <string.h>

#include "check.h"
#include "diff.h"
#include "yaml_value.h"

struct pair {
	struct arena arena;
	struct strtab keys;
	struct value_builder vb;
	struct value a, b;
	struct diff *d;
};

static void
parse(struct pair *p, const char *text, struct value *out)
{
	struct yaml_value_reader *r = NULL;
	struct yaml_value_doc doc;
	struct error err = ERROR_INIT;

	cr_assert_eq(yaml_value_reader_new(&r, text, strlen(text), "t", NULL, &err), 0);
	cr_assert_eq(yaml_value_reader_next(r, &p->vb, &doc, &err), 1, "%s", err.msg);
	yaml_value_reader_free(&r);
	*out = doc.value;
}

/* Diffs two YAML texts with or without name matching; the root's "l". */
static const struct diff_node *
diff_lists(struct pair *p, const char *before, const char *after, bool by_name)
{
	struct diff_opts o = { NULL, false, by_name };
	struct error err = ERROR_INIT;

	memset(p, 0, sizeof(*p));
	strtab_init(&p->keys, &p->arena);
	p->vb.arena = &p->arena;
	p->vb.keys = &p->keys;
	parse(p, before, &p->a);
	parse(p, after, &p->b);
	cr_assert_eq(diff_new(&p->d, &p->a, &p->b, &o, &err), 0, "%s", err.msg);
	cr_assert_eq(p->d->root.nchildren, 1);
	return &p->d->root.children[0];
}

static void
pair_release(struct pair *p)
{
	diff_free(&p->d);
	strtab_release(&p->keys);
	arena_release(&p->arena);
}

static const char *
name_of(const struct value *v)
{
	return value_str(value_get(v, "name"));
}

/* "op:name" for each child, e.g. "same:a change:b add:c" */
static void
ops(const struct diff_node *n, char *out, size_t cap)
{
	size_t i, len = 0;

	out[0] = '\0';
	for (i = 0; i < n->nchildren && len < cap; i++) {
		const struct diff_node *c = &n->children[i];
		const char *nm = name_of(c->after->kind != VALUE_ABSENT ? c->after : c->before);

		len += (size_t)snprintf(out + len, cap - len, "%s%s:%s", i ? " " : "",
					diff_op_name(c->op), nm ? nm : "?");
	}
}

Test(diff_named, reordered_items_pair_by_name)
{
	struct pair p;
	char got[256];
	const struct diff_node *l =
		diff_lists(&p, "l: [{name: a, v: 1}, {name: b, v: 2}, {name: c, v: 3}]\n",
			   "l: [{name: c, v: 3}, {name: a, v: 9}, {name: b, v: 2}]\n", true);

	ops(l, got, sizeof(got));
	cr_assert_str_eq(got, "same:c change:a same:b");
	cr_assert_eq(l->nchanged, 1);
	cr_assert_eq(l->op, DIFF_CHANGE); /* the order itself changed */
	cr_assert_eq(l->children[1].index, 1);
	pair_release(&p);
	/* by position, every element would differ */
	l = diff_lists(&p, "l: [{name: a, v: 1}, {name: b, v: 2}, {name: c, v: 3}]\n",
		       "l: [{name: c, v: 3}, {name: a, v: 9}, {name: b, v: 2}]\n", false);
	ops(l, got, sizeof(got));
	cr_assert_str_eq(got, "change:c change:a change:b");
	pair_release(&p);
	CHECK_NO_LEAKS();
}

Test(diff_named, removed_items_show_where_they_stood)
{
	struct pair p;
	char got[256];
	const struct diff_node *l = diff_lists(
		&p, "l: [{name: a}, {name: gone}, {name: b}, {name: tail}]\n",
		"l: [{name: a}, {name: new}, {name: b}]\n", true);

	ops(l, got, sizeof(got));
	cr_assert_str_eq(got, "same:a add:new remove:gone same:b remove:tail");
	cr_assert_eq(l->nchanged, 3);
	cr_assert_eq(l->children[2].index, 1); /* a removal keeps its before index */
	pair_release(&p);
	CHECK_NO_LEAKS();
}

/* The same children, in the same order and with the same ops, as the
 * default matching gives (whatever that is). */
static void
assert_default(const char *before, const char *after)
{
	struct pair p, q;
	const struct diff_node *a = diff_lists(&p, before, after, true);
	const struct diff_node *b = diff_lists(&q, before, after, false);
	size_t i;

	cr_assert_eq(a->nchildren, b->nchildren, "%s -> %s", before, after);
	for (i = 0; i < a->nchildren; i++) {
		cr_assert_eq(a->children[i].op, b->children[i].op, "%s -> %s: %zu", before, after,
			     i);
		cr_assert(value_equal(a->children[i].before, b->children[i].before));
		cr_assert(value_equal(a->children[i].after, b->children[i].after));
	}
	pair_release(&p);
	pair_release(&q);
}

Test(diff_named, lists_without_distinct_names_keep_the_default)
{
	/* volumeMounts may name one volume twice: not a key */
	assert_default("l: [{name: v, path: /a}, {name: v, path: /b}]\n",
		       "l: [{name: v, path: /b}, {name: v, path: /a}]\n");
	/* one element without a name */
	assert_default("l: [{name: a}, {x: 1}]\n", "l: [{x: 1}, {name: a}]\n");
	/* a name that is not a string */
	assert_default("l: [{name: 1}, {name: 2}]\n", "l: [{name: 2}, {name: 3}]\n");
	/* scalars */
	assert_default("l: [a, b]\n", "l: [b, a]\n");
	CHECK_NO_LEAKS();
}

Test(diff_named, pipeline_steps_pair_by_step)
{
	struct pair p;
	const struct diff_node *l = diff_lists(
		&p, "l: [{step: render, fn: kcl}, {step: ready, fn: auto-ready}]\n",
		"l: [{step: patch, fn: pat}, {step: render, fn: kcl2},"
		" {step: ready, fn: auto-ready}]\n",
		true);

	cr_assert_eq(l->nchildren, 3);
	cr_assert_eq(l->children[0].op, DIFF_ADD);
	cr_assert_eq(l->children[1].op, DIFF_CHANGE);
	cr_assert_str_eq(value_str(value_get(l->children[1].before, "fn")), "kcl");
	cr_assert_eq(l->children[2].op, DIFF_SAME);
	pair_release(&p);
	CHECK_NO_LEAKS();
}

Test(diff_named, a_list_that_appears_or_empties)
{
	struct pair p;
	const struct diff_node *l =
		diff_lists(&p, "l: null\n", "l: [{name: a}, {name: b}]\n", true);

	cr_assert_eq(l->op, DIFF_ADD);
	cr_assert_eq(l->nchildren, 2);
	cr_assert_eq(l->children[0].op, DIFF_ADD);
	pair_release(&p);
	l = diff_lists(&p, "l: [{name: a}]\n", "l: []\n", true);
	cr_assert_eq(l->op, DIFF_CHANGE);
	cr_assert_eq(l->nchildren, 1);
	cr_assert_eq(l->children[0].op, DIFF_REMOVE);
	pair_release(&p);
	CHECK_NO_LEAKS();
}
