/* graph_pulumi.c - edges of a Pulumi preview.
 *
 * The loader keeps the engine's own dependency facts in change->extra
 * (doc/model.md): propertyDependencies {property: [URN]}, dependencies
 * [URN], parent URN and provider reference "URN::ID".  Each becomes an
 * edge from the resource to the one named:
 *   propertyDependencies  PROPERTY, attr = the input property;
 *   dependencies          DEPENDENCY, unless a property edge says more;
 *   parent                PARENT (a component's children go with it);
 *   provider              PROVIDER (a provider replace touches them all).
 * URNs name nodes through their native id; a URN that is not in the
 * preview (a default provider, an unchanged resource left out of a digest
 * without --show-sames) links nothing.
 */
#include <string.h>

#include "graph_build.h"

static uint32_t
urn_node(const struct graph *g, const char *urn, size_t len)
{
	const uint32_t *v = graph_smap_get(&g->by_native, urn, len);

	if (!v)
		v = graph_smap_get(&g->by_address, urn, len);
	return v ? *v : GRAPH_NONE;
}

static uint32_t
urn_value_node(const struct graph *g, const struct value *v)
{
	return v->kind == VALUE_STRING ? urn_node(g, v->u.str, v->len) : GRAPH_NONE;
}

/* "URN::ID": the URN is what comes before the last "::"; a reference
 * without an ID part is taken whole. */
static uint32_t
provider_node(const struct graph *g, const struct value *ref)
{
	const char *s, *last = NULL, *p;
	uint32_t node;

	if (ref->kind != VALUE_STRING)
		return GRAPH_NONE;
	s = ref->u.str;
	for (p = s; (p = strstr(p, "::")) != NULL; p += 2)
		last = p;
	if (last) {
		node = urn_node(g, s, (size_t)(last - s));
		if (node != GRAPH_NONE)
			return node;
	}
	return urn_node(g, s, ref->len);
}

static int
add_urn_list(struct graph *g, uint32_t from, const struct value *list,
	     enum graph_edge_kind kind, const char *attr, bool skip_linked)
{
	size_t i;

	if (list->kind != VALUE_ARRAY)
		return 0;
	for (i = 0; i < list->len; i++) {
		uint32_t to = urn_value_node(g, &list->u.items[i]);

		if (to == GRAPH_NONE || (skip_linked && graph_has_pair(g, from, to)))
			continue;
		if (graph_add_edge(g, from, to, kind, 0, attr, NULL) < 0)
			return -1;
	}
	return 0;
}

int
graph_pulumi_extract(struct graph *g, struct error *err)
{
	size_t i, j;

	for (i = 0; i < g->n; i++) {
		const struct plan_change *c = plan_change_at(g->plan, i);
		const struct value *extra = &c->extra, *props;
		uint32_t from = (uint32_t)i, to;

		if (g->primary[i] != i || extra->kind != VALUE_OBJECT)
			continue;
		props = value_get(extra, "propertyDependencies");
		if (props->kind == VALUE_OBJECT)
			for (j = 0; j < props->len; j++)
				if (add_urn_list(g, from, &props->u.members[j].value,
						 GRAPH_EDGE_PROPERTY, props->u.members[j].key,
						 false) < 0)
					goto nomem;
		if (add_urn_list(g, from, value_get(extra, "dependencies"), GRAPH_EDGE_DEPENDENCY,
				 "dependencies", true) < 0)
			goto nomem;
		to = urn_value_node(g, value_get(extra, "parent"));
		if (to != GRAPH_NONE &&
		    graph_add_edge(g, from, to, GRAPH_EDGE_PARENT, 0, "parent", NULL) < 0)
			goto nomem;
		to = provider_node(g, value_get(extra, "provider"));
		if (to != GRAPH_NONE &&
		    graph_add_edge(g, from, to, GRAPH_EDGE_PROVIDER, 0, "provider", NULL) < 0)
			goto nomem;
	}
	return 0;
nomem:
	return error_set(err, ERROR_NOMEM, "out of memory");
}
