/* tree.h - the resource tree: changes grouped by module, Pulumi component
 * or namespace, with folding and filters.  No curses here.
 *
 * Groups come from change->group.  Terraform module paths nest
 * ("module.a.module.b" is inside "module.a"); a Pulumi group nests inside
 * the group of the component that owns it; namespaces are flat.  Two
 * synthetic groups close the root: drift that matches no change
 * ("changed outside Terraform") and deferred changes.  Context entries
 * (data sources read at plan time, providers) are not in the tree.
 *
 * Changed root outputs close the tree in their own group.
 *
 * Order: in a group its own changes come first (in plan order, which is
 * Terraform's address order), then its subgroups sorted by name.  The
 * flattened row list holds only what is visible (filters, folds), so the
 * UI draws only visible rows; it is rebuilt when a fold or filter
 * changes, in O(changes).
 */
#ifndef SIGNOFF_UI_TREE_H
#define SIGNOFF_UI_TREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mem.h"
#include "plan.h"

enum ui_row_kind {
	UI_ROW_GROUP,
	UI_ROW_CHANGE,
	UI_ROW_OUTPUT,       /* a root output that changes (index: plan_output_at) */
};

struct ui_row {
	uint8_t kind;        /* enum ui_row_kind */
	uint8_t reserved_;
	uint16_t depth;
	uint32_t index;      /* group index or change index */
};

enum ui_group_kind {
	UI_GROUP_PLAIN,
	UI_GROUP_DRIFT,
	UI_GROUP_DEFERRED,
	UI_GROUP_OUTPUTS,
};

struct ui_group {
	const char *key;         /* the plan's group string ("" for the root) */
	const char *label;       /* what the row shows (raw; escape before drawing) */
	enum ui_group_kind kind;
	int32_t parent;          /* -1 for the root */
	uint16_t depth;          /* of its row: 0 for top-level groups */
	bool folded;
	uint32_t *changes;
	size_t nchanges, cchanges;
	uint32_t *groups;
	size_t ngroups, cgroups;
	/* over changes that pass the filter, this group and below */
	size_t shown;
	size_t reviewed;
	size_t by_action[PLAN_ACTION_COUNT];
	int max_severity;        /* -1 none */
	uint32_t first_order;    /* tree order of its first change (where it would be) */
};

struct ui_filter {
	unsigned actions;        /* 1 << plan_action; 0 = every action but no-op */
	char *types;             /* comma-separated globs, or NULL */
	char *module;            /* a module/component/namespace name or glob, or NULL */
	int min_severity;        /* -1 = any */
	bool unreviewed_only;
};

struct ui_tree {
	const struct plan *plan;
	struct arena arena;      /* labels */
	struct ui_group *groups; /* groups[0] is the root */
	size_t ngroups, cgroups;
	uint32_t *gmap;          /* open addressing: key -> group index + 1 */
	size_t gmap_cap;

	/* per change, indexed like the plan */
	size_t nchanges;
	int32_t *group_of;       /* -1: not in the tree */
	int32_t *drift_of;       /* the drift entry for the same address, or -1 */
	uint32_t *order_of;      /* position in tree order */
	int32_t *row_of;         /* visible row, or -1 */
	uint8_t *pass;           /* passes every filter (module too), at the last rebuild */
	uint8_t *reviewed;
	int8_t *severity;        /* highest finding severity, -1 none */

	uint32_t *order;         /* changes in tree order (folds ignored) */
	size_t norder;

	struct ui_row *rows;
	size_t nrows, crows;

	size_t outputs_changed;  /* the outputs group lists these */
	int32_t outputs_group;   /* -1 when no output changes */

	struct ui_filter filter;
	size_t shown;            /* changes passing the filter */
	size_t reviewable, reviewed_count;
};

/* Builds the tree of a plan (borrowed; must outlive the tree).  Big
 * plans start with every group folded, small ones unfolded. */
void ui_tree_init(struct ui_tree *t, const struct plan *plan);
void ui_tree_release(struct ui_tree *t);

/* Recomputes counts and visible rows after a filter change. */
void ui_tree_rebuild(struct ui_tree *t);
/* Recomputes only the visible rows, after a fold (counts stay). */
void ui_tree_rebuild_rows(struct ui_tree *t);

/* Whether a change in the tree passes the filter. */
bool ui_tree_passes(const struct ui_tree *t, size_t change);
/* True for changes counted in review progress (everything in the tree
 * but plain no-ops). */
bool ui_tree_is_reviewable(const struct ui_tree *t, size_t change);

/* Whether the outputs group is in the tree: outputs change, and no filter
 * narrows the tree to some resources. */
bool ui_tree_outputs_shown(const struct ui_tree *t);

/* Where a row sits in tree order, to step from it (]c, n, N): a change
 * row at its change's position and an output row at its output's (both
 * *exact); a group row just before the first change it holds (not exact:
 * that change is the next one).  Outputs close the tree: output o is at
 * ui_tree_output_position(). */
size_t ui_tree_row_position(const struct ui_tree *t, size_t row, bool *exact);
size_t ui_tree_output_position(const struct ui_tree *t, size_t output);

/* The label of a change row: its address relative to its group. */
const char *ui_tree_change_label(const struct ui_tree *t, size_t change, size_t *len);

void ui_tree_set_folded(struct ui_tree *t, size_t group, bool folded);
void ui_tree_fold_all(struct ui_tree *t, bool folded);
/* Unfolds every group above the change (call ui_tree_rebuild after). */
void ui_tree_unfold_to(struct ui_tree *t, size_t change);

/* Sets the mark without touching counts (call ui_tree_rebuild after). */
void ui_tree_set_reviewed(struct ui_tree *t, size_t change, bool on);
/* Sets the mark and updates the counts in place (O(group depth)). */
void ui_tree_mark(struct ui_tree *t, size_t change, bool on);

/* Filters; each returns -1 with err set on a bad argument. */
void ui_tree_filter_clear(struct ui_tree *t);
void ui_tree_filter_describe(const struct ui_tree *t, struct buf *out);

#endif
