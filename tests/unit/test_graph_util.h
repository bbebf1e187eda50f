/* test_graph_util.h - helpers shared by the graph tests.
 *
 * - tg_load(): a plan through the real loaders (Terraform fixtures);
 * - tg_pulumi(), tg_manifests(): a plan built with plan_build.h from a
 *   fixture file, filling the model exactly as doc/model.md says the
 *   Pulumi and manifest loaders do (until those loaders are merged);
 * - tg_edges(): every edge as one line, "FROM -> TO kind attr" plus
 *   " via VIA", " (on target)", " (weak)", in the graph's order, so that
 *   a test compares the exact edge list with one string.
 */
#ifndef SIGNOFF_TEST_GRAPH_UTIL_H
#define SIGNOFF_TEST_GRAPH_UTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "graph.h"
#include "json_value.h"
#include "load.h"
#include "plan_build.h"
#include "source.h"

static inline struct plan *
tg_load(const char *path)
{
	struct load_opts o;
	struct plan *plan = NULL;
	struct error err = ERROR_INIT;

	memset(&o, 0, sizeof(o));
	o.path = path;
	cr_assert_eq(load_plan(&plan, &o, &err), 0, "%s: %s", path, err.msg);
	return plan;
}

static inline struct graph *
tg_graph(const struct plan *plan)
{
	struct graph *g = NULL;
	struct error err = ERROR_INIT;

	cr_assert_eq(graph_build(&g, plan, &err), 0, "%s", err.msg);
	return g;
}

/* A fixture file parsed into the plan's arena. */
static inline struct value
tg_fixture(struct plan *plan, const char *path)
{
	struct source *src = NULL;
	struct error err = ERROR_INIT;
	struct value v;

	cr_assert_eq(source_read(&src, path, &err), 0, "%s: %s", path, err.msg);
	cr_assert_eq(json_parse_value(src->text, src->len, path, &plan->vb, &v, &err), 0,
		     "%s: %s", path, err.msg);
	source_free(&src);
	cr_assert_eq(v.kind, VALUE_ARRAY, "%s: want an array", path);
	return v;
}

static inline enum plan_action
tg_action(const struct value *entry)
{
	const char *a = value_str(value_get(entry, "action"));
	int r = a ? plan_action_parse(a) : PLAN_ACTION_NOOP;

	cr_assert_geq(r, 0, "bad action '%s'", a);
	return (enum plan_action)r;
}

static inline const char *
tg_str(struct plan *plan, const char *s, size_t len)
{
	const char *r = plan_intern(plan, s, len);

	cr_assert_not_null(r);
	return r;
}

static inline const char *
tg_strz(struct plan *plan, const char *s)
{
	return tg_str(plan, s, strlen(s));
}

/* Pulumi, as the preview loader fills the model: address = the URN after
 * "project::", native_id = the URN, type = the last $-segment of the type
 * chain, name = after the third "::", group = the parent's address, mode
 * component when custom is false, extra = {urn, old_urn, parent,
 * dependencies, propertyDependencies, deletedWith, provider, custom}.
 * Fixture entries: {action, urn, custom?, parent?, dependencies?,
 * propertyDependencies?, deletedWith?, old_urn?, provider?, inputs?}. */
static inline struct plan *
tg_pulumi(const char *path)
{
	struct plan *plan = NULL;
	struct error err = ERROR_INIT;
	struct value list;
	size_t i;

	cr_assert_eq(plan_new(&plan, PLAN_SOURCE_PULUMI, NULL, &err), 0);
	list = tg_fixture(plan, path);
	for (i = 0; i < list.len; i++) {
		const struct value *e = &list.u.items[i];
		const char *urn = value_str(value_get(e, "urn")), *p, *q, *t, *parent;
		struct plan_change *c = plan_add_change(plan);
		static const char *const extra_keys[] = { "custom", "deletedWith", "dependencies",
							  "old_urn", "parent", "propertyDependencies",
							  "provider", "urn" };
		struct value_member ms[8];
		size_t k, nm = 0;

		cr_assert_not_null(c);
		cr_assert_not_null(urn);
		/* urn:pulumi:STACK::PROJECT::TYPES::NAME */
		p = strstr(urn, "::");
		cr_assert_not_null(p);
		p = strstr(p + 2, "::");
		cr_assert_not_null(p);
		p += 2;
		q = strstr(p, "::");
		cr_assert_not_null(q);
		c->address = tg_strz(plan, p);
		c->native_id = tg_strz(plan, urn);
		c->name = tg_strz(plan, q + 2);
		for (t = q; t > p && t[-1] != '$'; t--)
			;
		c->type = tg_str(plan, t, (size_t)(q - t));
		c->action = tg_action(e);
		c->section = PLAN_SECTION_CHANGE;
		c->mode = value_bool(value_get(e, "custom"), true) ? PLAN_MODE_MANAGED
								   : PLAN_MODE_COMPONENT;
		parent = value_str(value_get(e, "parent"));
		c->group = "";
		if (parent) {
			size_t j;

			for (j = 0; j < i; j++)
				if (strcmp(plan_change_at(plan, j)->native_id, parent) == 0)
					c->group = plan_change_at(plan, j)->address;
		}
		c->provider = value_str(value_get(e, "provider")) ? value_str(value_get(e, "provider"))
								  : "";
		if (c->action == PLAN_ACTION_DELETE)
			c->before = *value_get(e, "inputs");
		else
			c->after = *value_get(e, "inputs");
		for (k = 0; k < 8; k++) {
			const struct value *v = value_get(e, extra_keys[k]);

			if (v->kind == VALUE_ABSENT)
				continue;
			ms[nm].key = value_intern_key(&plan->vb, extra_keys[k], strlen(extra_keys[k]));
			ms[nm].key_len = (uint32_t)strlen(extra_keys[k]);
			ms[nm++].value = *v;
		}
		cr_assert_geq(value_make_object(&plan->vb, ms, nm, &c->extra, NULL), 0);
	}
	cr_assert_eq(plan_finish(plan, &err), 0);
	return plan;
}

/* Manifests, as the manifest loader fills the model: type = GROUP/Kind
 * or Kind, group = metadata.namespace ("" when cluster-scoped: the
 * fixtures name the namespace of every namespaced object), address =
 * TYPE/NS/NAME or TYPE/NAME, native_id = group|kind|ns|name, provider =
 * the API group, the whole object in after (before for a delete), extra
 * = {apiVersion, path}.  Fixture entries: {action, object}. */
static inline struct plan *
tg_manifests(const char *path)
{
	struct plan *plan = NULL;
	struct error err = ERROR_INIT;
	struct value list;
	size_t i;

	cr_assert_eq(plan_new(&plan, PLAN_SOURCE_MANIFESTS, NULL, &err), 0);
	list = tg_fixture(plan, path);
	for (i = 0; i < list.len; i++) {
		const struct value *e = &list.u.items[i], *obj = value_get(e, "object");
		const char *api = value_str(value_get(obj, "apiVersion"));
		const char *kind = value_str(value_get(obj, "kind"));
		const char *name = value_str(value_get(value_get(obj, "metadata"), "name"));
		const char *ns = value_str(value_get(value_get(obj, "metadata"), "namespace"));
		const char *slash;
		struct plan_change *c = plan_add_change(plan);
		struct value_member ms[2];
		struct buf group = BUF_INIT;

		cr_assert(c && api && kind && name, "%s: entry %zu is incomplete", path, i);
		slash = strrchr(api, '/');
		if (slash)
			buf_add(&group, api, (size_t)(slash - api));
		c->type = group.len ? plan_internf(plan, "%s/%s", group.data, kind)
				    : tg_strz(plan, kind);
		c->name = tg_strz(plan, name);
		c->group = ns ? tg_strz(plan, ns) : "";
		c->address = ns ? plan_internf(plan, "%s/%s/%s", c->type, ns, name)
				: plan_internf(plan, "%s/%s", c->type, name);
		c->native_id = plan_internf(plan, "%s|%s|%s|%s", group.data, kind, ns ? ns : "", name);
		c->provider = tg_strz(plan, group.data);
		buf_release(&group);
		c->action = tg_action(e);
		c->section = c->action == PLAN_ACTION_NOOP ? PLAN_SECTION_CONTEXT : PLAN_SECTION_CHANGE;
		c->mode = PLAN_MODE_MANAGED;
		if (c->action == PLAN_ACTION_DELETE)
			c->before = *obj;
		else
			c->after = *obj;
		ms[0].key = value_intern_key(&plan->vb, "apiVersion", 10);
		ms[0].key_len = 10;
		cr_assert_geq(value_make_string(&plan->vb, api, strlen(api), &ms[0].value), 0);
		ms[1].key = value_intern_key(&plan->vb, "path", 4);
		ms[1].key_len = 4;
		cr_assert_geq(value_make_string(&plan->vb, path, strlen(path), &ms[1].value), 0);
		cr_assert_geq(value_make_object(&plan->vb, ms, 2, &c->extra, NULL), 0);
	}
	cr_assert_eq(plan_finish(plan, &err), 0);
	return plan;
}

static inline void
tg_edge_line(struct buf *b, const struct graph *g, const struct graph_edge *e)
{
	const struct plan *plan = graph_plan(g);

	buf_addf(b, "%s -> %s %s %s", plan_change_at(plan, e->from)->address,
		 plan_change_at(plan, e->to)->address,
		 graph_edge_kind_key((enum graph_edge_kind)e->kind), e->attr);
	if (e->via)
		buf_addf(b, " via %s", e->via);
	if (e->flags & GRAPH_EDGE_ATTR_ON_TARGET)
		buf_addstr(b, " (on target)");
	if (e->flags & GRAPH_EDGE_WEAK)
		buf_addstr(b, " (weak)");
	buf_addch(b, '\n');
}

static int
tg_line_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* All edges as lines sorted by text (caller frees). */
static inline char *
tg_edges(const struct graph *g)
{
	size_t n = graph_edge_count(g), i;
	char **lines = calloc(n ? n : 1, sizeof(*lines));
	struct buf b = BUF_INIT;
	char *out;

	cr_assert_not_null(lines);
	for (i = 0; i < n; i++) {
		struct buf l = BUF_INIT;

		tg_edge_line(&l, g, graph_edge_at(g, i));
		lines[i] = buf_detach(&l, NULL);
		cr_assert_not_null(lines[i]);
	}
	qsort(lines, n, sizeof(*lines), tg_line_cmp);
	for (i = 0; i < n; i++) {
		buf_addstr(&b, lines[i]);
		mem_free(lines[i]);
	}
	free(lines);
	out = buf_detach(&b, NULL);
	cr_assert_not_null(out);
	return out;
}

/* Edges out of one address, sorted (caller frees). */
static inline char *
tg_edges_from(const struct graph *g, const char *address)
{
	long node = graph_find_node(g, address);
	struct buf b = BUF_INIT;
	size_t i;
	char *out;

	cr_assert_geq(node, 0, "no node '%s'", address);
	for (i = 0; i < graph_out_degree(g, (size_t)node); i++)
		tg_edge_line(&b, g, graph_out_edge(g, (size_t)node, i));
	out = buf_detach(&b, NULL);
	cr_assert_not_null(out);
	return out;
}

/* Lines joined (each ends in a newline); a NULL ends the list. */
static inline char *
tg_join(const char *const *lines)
{
	struct buf b = BUF_INIT;
	char *out;

	for (; *lines; lines++) {
		buf_addstr(&b, *lines);
		buf_addch(&b, '\n');
	}
	out = buf_detach(&b, NULL);
	cr_assert_not_null(out);
	return out;
}

#define TG_ASSERT_LINES(got, lines)                                                \
	do {                                                                       \
		char *want_ = tg_join(lines);                                      \
		TG_ASSERT_TEXT((got), want_);                                      \
		mem_free(want_);                                                   \
	} while (0)

#define TG_ASSERT_TEXT(got, want)                                                  \
	do {                                                                       \
		char *got_ = (got);                                                \
		cr_assert_str_eq(got_, (want), "got:\n%s\nwant:\n%s", got_, (want)); \
		mem_free(got_);                                                    \
	} while (0)

#endif
