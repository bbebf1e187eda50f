/* deps.h - the dependencies a plan states directly, for the blast-radius
 * pane and the replace explainer, until the graph of the blast-radius
 * issue lands (its graph replaces this file behind the same calls).
 *
 * Sources, Terraform only:
 *   - prior state: each resource's depends_on (absolute addresses);
 *   - configuration: references in each resource's expressions,
 *     count/for_each and depends_on, resolved inside its module; var.X
 *     is followed to the module call's argument in the parent, and
 *     module.M.OUT to the output's own references in the child.  local.X
 *     is a dead end (locals are not in the JSON).
 * Configuration addresses have no instance keys, so a reference reaches
 * every instance (aws_eip.nat reaches nat[0] and nat[1]).
 *
 * An edge says "A depends on B, via WHAT" (an attribute such as
 * "vpc_id", or "depends_on").  No curses here.
 */
#ifndef SIGNOFF_UI_DEPS_H
#define SIGNOFF_UI_DEPS_H

#include <stddef.h>
#include <stdint.h>

#include "mem.h"
#include "plan.h"

struct ui_dep_edge {
	uint32_t from;        /* the dependent: a node (resource) or a change */
	uint32_t to;          /* what it depends on */
	const char *via;      /* raw text; escape before drawing */
	uint32_t seq;         /* insertion order (configuration before state) */
};

/* A map from static address to the changes at it (deps.c). */
struct ui_deps_smap {
	const char **keys;
	uint32_t *heads;
	size_t cap, count;
	struct ui_deps_node *nodes;
	size_t nnodes, cnodes;
};

struct ui_deps_node {
	uint32_t value;
	uint32_t next;
};

/* Edges join endpoints: nodes (a resource of the configuration, standing
 * for all its instances) and single changes.  Instances are expanded
 * only when asked, so a reference between two resources with 500
 * instances each is one edge, not 250,000. */
struct ui_deps {
	struct arena arena;
	struct ui_deps_smap addrs;    /* static address -> changes; slot = node */
	struct ui_dep_edge *edges;
	size_t nedges, cedges;
	size_t nchanges, nkeys;
	uint32_t *node_of;            /* change -> its node, or UINT32_MAX */
	uint32_t *out_start;          /* CSR over edges (sorted by from) */
	uint32_t *in_start;           /* CSR over in_edges (edge indexes by to) */
	uint32_t *in_edges;
	uint32_t *seen, stamp;        /* per-query deduplication */
};

struct ui_dep_hit {
	uint32_t change;
	const char *via;
};

struct ui_dep_hits {
	struct ui_dep_hit *items;
	size_t n, cap;
};

/* Builds the index for a plan (borrowed; must outlive it). */
void ui_deps_build(struct ui_deps *d, const struct plan *plan);
void ui_deps_release(struct ui_deps *d);

/* Appends what a change depends on, or its dependents, to hits: each
 * change once, in plan order, never the change itself.  Returns how many
 * were appended.  (Not const: queries use scratch marks in d.) */
size_t ui_deps_of(struct ui_deps *d, size_t change, struct ui_dep_hits *hits);
size_t ui_deps_dependents(struct ui_deps *d, size_t change, struct ui_dep_hits *hits);
void ui_dep_hits_release(struct ui_dep_hits *hits);
size_t ui_deps_edge_count(const struct ui_deps *d);

/* "module.a[\"k\"].aws_x.y[0]" -> "module.a.aws_x.y", appended to out. */
void ui_deps_static_address(struct buf *out, const char *address);

#endif
