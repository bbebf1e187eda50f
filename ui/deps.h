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
	uint32_t from;        /* the dependent */
	uint32_t to;          /* what it depends on */
	const char *via;      /* raw text; escape before drawing */
	uint32_t seq;         /* insertion order (configuration before state) */
};

struct ui_deps {
	struct arena arena;
	struct ui_dep_edge *edges;
	size_t nedges, cedges;
	size_t nchanges;
	uint32_t *out_start;  /* CSR over edges sorted by from */
	uint32_t *in_start;   /* CSR over in_edges (edge indexes sorted by to) */
	uint32_t *in_edges;
};

/* Builds the index for a plan (borrowed; must outlive it). */
void ui_deps_build(struct ui_deps *d, const struct plan *plan);
void ui_deps_release(struct ui_deps *d);

/* What a change depends on: edges with .from == change. */
size_t ui_deps_of(const struct ui_deps *d, size_t change, const struct ui_dep_edge **out);
/* Its dependents: *count edges with .to == change, read with
 * ui_deps_dependent_at(d, change, i). */
size_t ui_deps_dependents_count(const struct ui_deps *d, size_t change);
const struct ui_dep_edge *ui_deps_dependent_at(const struct ui_deps *d, size_t change, size_t i);

/* "module.a[\"k\"].aws_x.y[0]" -> "module.a.aws_x.y", appended to out. */
void ui_deps_static_address(struct buf *out, const char *address);

#endif
