/* graph_pulumi.c - edges of a Pulumi preview.
 *
 * The loader keeps the engine's own dependency facts in change->extra
 * (doc/model.md): propertyDependencies {property: [URN]}, dependencies
 * [URN], parent URN and provider reference "URN::ID".  Each becomes an
 * edge from the resource to the one named:
 *   propertyDependencies  PROPERTY, attr = the input property;
 *   deletedWith           DEPENDENCY, attr "deletedWith" (it goes with it);
 *   dependencies          DEPENDENCY, unless an edge above says more;
 *   parent                PARENT (a component's children go with it);
 *   provider              PROVIDER (a provider replace touches them all).
 * URNs name nodes through their native id, or through the old URN of a
 * renamed resource (extra.old_urn); a URN that is not in the preview (a default provider, an unchanged resource left out of a digest
 * without --show-sames) links nothing.
 */
#include <string.h>

#include "graph_build.h"

struct pulumi {
	struct graph *g;
	struct graph_smap old_urns;   /* old URN of a renamed resource -> node */
};

static uint32_t
urn_node(const struct pulumi *p, const char *urn, size_t len)
{
	const uint32_t *v = graph_smap_get(&p->g->by_native, urn, len);

	if (!v)
		v = graph_smap_get(&p->old_urns, urn, len);
	if (!v)
		v = graph_smap_get(&p->g->by_address, urn, len);
	return v ? *v : GRAPH_NONE;
}

static uint32_t
urn_value_node(const struct pulumi *p, const struct value *v)
{
	return v->kind == VALUE_STRING ? urn_node(p, v->u.str, v->len) : GRAPH_NONE;
}

/* "URN::ID": the URN is what comes before the last "::"; a reference
 * without an ID part is taken whole. */
static uint32_t
provider_node(const struct pulumi *p, const struct value *ref)
{
	const char *s, *last = NULL, *q;
	uint32_t node;

	if (ref->kind != VALUE_STRING)
		return GRAPH_NONE;
	s = ref->u.str;
	for (q = s; (q = strstr(q, "::")) != NULL; q += 2)
		last = q;
	if (last) {
		node = urn_node(p, s, (size_t)(last - s));
		if (node != GRAPH_NONE)
			return node;
	}
	return urn_node(p, s, ref->len);
}

/* Links from -> each URN of a list (or a single URN string). */
static int
add_urns(struct pulumi *p, uint32_t from, const struct value *list, enum graph_edge_kind kind,
	 const char *attr, bool skip_linked)
{
	size_t i, n = list->kind == VALUE_ARRAY ? list->len : list->kind == VALUE_STRING;

	for (i = 0; i < n; i++) {
		uint32_t to = urn_value_node(p, list->kind == VALUE_ARRAY ? &list->u.items[i] : list);

		if (to == GRAPH_NONE || (skip_linked && graph_has_pair(p->g, from, to)))
			continue;
		if (graph_add_edge(p->g, from, to, kind, 0, attr, NULL) < 0)
			return -1;
	}
	return 0;
}

int
graph_pulumi_extract(struct graph *g, struct error *err)
{
	struct pulumi p;
	size_t i, j;
	int rc = -1;

	memset(&p, 0, sizeof(p));
	p.g = g;
	for (i = 0; i < g->n; i++) {
		const struct value *old = value_get(&plan_change_at(g->plan, i)->extra, "old_urn");

		if (g->primary[i] == i && old->kind == VALUE_STRING &&
		    !graph_smap_slot(&p.old_urns, old->u.str, old->len, (uint32_t)i, NULL))
			goto out;
	}
	for (i = 0; i < g->n; i++) {
		const struct plan_change *c = plan_change_at(g->plan, i);
		const struct value *extra = &c->extra, *props, *prov;
		uint32_t from = (uint32_t)i, to;

		if (g->primary[i] != i || extra->kind != VALUE_OBJECT)
			continue;
		props = value_get(extra, "propertyDependencies");
		if (props->kind == VALUE_OBJECT)
			for (j = 0; j < props->len; j++)
				if (add_urns(&p, from, &props->u.members[j].value, GRAPH_EDGE_PROPERTY,
					     props->u.members[j].key, false) < 0)
					goto out;
		if (add_urns(&p, from, value_get(extra, "deletedWith"), GRAPH_EDGE_DEPENDENCY,
			     "deletedWith", true) < 0 ||
		    add_urns(&p, from, value_get(extra, "dependencies"), GRAPH_EDGE_DEPENDENCY,
			     "dependencies", true) < 0)
			goto out;
		to = urn_value_node(&p, value_get(extra, "parent"));
		if (to != GRAPH_NONE &&
		    graph_add_edge(g, from, to, GRAPH_EDGE_PARENT, 0, "parent", NULL) < 0)
			goto out;
		prov = value_get(extra, "provider");
		to = provider_node(&p, prov->kind == VALUE_STRING ? prov : &value_absent);
		if (to != GRAPH_NONE &&
		    graph_add_edge(g, from, to, GRAPH_EDGE_PROVIDER, 0, "provider", NULL) < 0)
			goto out;
	}
	rc = 0;
out:
	graph_smap_release(&p.old_urns);
	return rc < 0 ? error_set(err, ERROR_NOMEM, "out of memory") : 0;
}
